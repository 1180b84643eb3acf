/* A small poll(2) event loop; see loop.h.  Timers are few (doors, alarms, time-outs),
 * so a linear scan is cheaper than a heap and easy to read. */
#include "controller/loop.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "controller/util.h"

struct watch {
	int fd;
	short events;
	gh_fd_fn fn;
	void *arg;
};

struct timer {
	int64_t id, at;
	gh_timer_fn fn;
	void *arg;
};

struct gh_loop {
	struct watch w[GH_LOOP_MAX_FDS];
	int nw;
	struct timer t[GH_LOOP_MAX_TIMERS];
	int nt;
	int64_t next_id;
	int stop;
};

int64_t
gh_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct gh_loop *
gh_loop_new(void)
{
	struct gh_loop *l = calloc(1, sizeof *l);
	if (l == NULL)
		fatalx("out of memory");
	return l;
}

void
gh_loop_free(struct gh_loop *l)
{
	free(l);
}

int
gh_loop_fd(struct gh_loop *l, int fd, short events, gh_fd_fn fn, void *arg)
{
	for (int i = 0; i < l->nw; i++)
		if (l->w[i].fd == fd) {
			l->w[i] = (struct watch){ fd, events, fn, arg };
			return 0;
		}
	if (l->nw == GH_LOOP_MAX_FDS)
		return -1;
	l->w[l->nw++] = (struct watch){ fd, events, fn, arg };
	return 0;
}

void
gh_loop_fd_del(struct gh_loop *l, int fd)
{
	for (int i = 0; i < l->nw; i++)
		if (l->w[i].fd == fd) {
			/* Mark now, compact after the round: callbacks may delete. */
			l->w[i].fd = -1;
			l->w[i].fn = NULL;
		}
}

int64_t
gh_loop_at(struct gh_loop *l, int64_t at, gh_timer_fn fn, void *arg)
{
	if (l->nt == GH_LOOP_MAX_TIMERS)
		return -1;
	l->t[l->nt] = (struct timer){ ++l->next_id, at, fn, arg };
	l->nt++;
	return l->next_id;
}

void
gh_loop_cancel(struct gh_loop *l, int64_t id)
{
	for (int i = 0; i < l->nt; i++)
		if (l->t[i].id == id) {
			l->t[i] = l->t[--l->nt];
			return;
		}
}

void
gh_loop_stop(struct gh_loop *l)
{
	l->stop = 1;
}

static void
run_timers(struct gh_loop *l)
{
	int64_t now = gh_mono_ms();
	/* A timer callback may add or cancel timers: restart the scan after each. */
	for (int fired = 1; fired;) {
		fired = 0;
		for (int i = 0; i < l->nt; i++) {
			if (l->t[i].at > now)
				continue;
			struct timer t = l->t[i];
			l->t[i] = l->t[--l->nt];
			t.fn(l, t.arg);
			fired = 1;
			break;
		}
	}
}

int
gh_loop_once(struct gh_loop *l, int max_wait_ms)
{
	struct pollfd p[GH_LOOP_MAX_FDS];
	int n = 0;
	for (int i = 0; i < l->nw; i++)
		if (l->w[i].fd >= 0) {
			p[n++] = (struct pollfd){ l->w[i].fd, l->w[i].events, 0 };
		}
	int64_t now = gh_mono_ms(), wait = max_wait_ms;
	for (int i = 0; i < l->nt; i++) {
		int64_t d = l->t[i].at - now;
		if (d < wait)
			wait = d < 0 ? 0 : d;
	}
	int rc = poll(p, n, (int)wait);
	if (rc < 0 && errno != EINTR)
		return -1;
	for (int k = 0; rc > 0 && k < n; k++) {
		if (p[k].revents == 0)
			continue;
		for (int i = 0; i < l->nw; i++)
			if (l->w[i].fd == p[k].fd && l->w[i].fn) {
				l->w[i].fn(l, p[k].fd, p[k].revents, l->w[i].arg);
				break;
			}
	}
	int j = 0;
	for (int i = 0; i < l->nw; i++)
		if (l->w[i].fd >= 0)
			l->w[j++] = l->w[i];
	l->nw = j;
	run_timers(l);
	return 0;
}

int
gh_loop_run(struct gh_loop *l)
{
	l->stop = 0;
	while (!l->stop)
		if (gh_loop_once(l, 1000) != 0) {
			log_warn("poll");
			return -1;
		}
	return 0;
}
