/* Clock synchronisation and jumps; see clock.h. */
#include "controller/clock.h"

#include <sys/timex.h>
#include <time.h>

int
gh_clock_synced(int64_t *esterror_us)
{
	struct timex tx = { .modes = 0 };
	int state = ntp_adjtime(&tx);
	if (state < 0)
		return -1;
	if (esterror_us)
		*esterror_us = tx.esterror;
	/* TIME_ERROR, or the kernel's own "unsynchronised" flag. */
	return state != TIME_ERROR && !(tx.status & STA_UNSYNC);
}

void
gh_clock_sample(struct gh_clock_sample *s)
{
	struct timespec r, m;
	clock_gettime(CLOCK_REALTIME, &r);
	clock_gettime(CLOCK_MONOTONIC, &m);
	s->real_us = (int64_t)r.tv_sec * 1000000 + r.tv_nsec / 1000;
	s->mono_us = (int64_t)m.tv_sec * 1000000 + m.tv_nsec / 1000;
}

int64_t
gh_clock_jump(const struct gh_clock_sample *a, const struct gh_clock_sample *b,
    int64_t tolerance_us)
{
	int64_t drift = (b->real_us - a->real_us) - (b->mono_us - a->mono_us);
	return drift > tolerance_us || drift < -tolerance_us ? drift : 0;
}
