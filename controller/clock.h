/* R-CLOCK: the time base.  The journal is UTC; synchronisation is read from the kernel
 * (ntp_adjtime, which works without systemd); a jump of the wall clock against the
 * monotonic clock is an event. */
#ifndef GH_CLOCK_H
#define GH_CLOCK_H

#include <stdint.h>

struct gh_clock_sample {
	int64_t real_us, mono_us;
};

/* 1 synchronised, 0 not, -1 unknown (the call failed); *esterror_us when known. */
int gh_clock_synced(int64_t *esterror_us);
void gh_clock_sample(struct gh_clock_sample *s);
/* How far the wall clock moved against the monotonic clock between two samples,
 * in microseconds (0 when within the tolerance). */
int64_t gh_clock_jump(const struct gh_clock_sample *before, const struct gh_clock_sample *after,
    int64_t tolerance_us);

#endif
