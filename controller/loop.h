/* A small poll(2) event loop: file descriptors and timers on the monotonic clock.
 * One loop per daemon owns all state; threads talk to it through pipes. */
#ifndef GH_LOOP_H
#define GH_LOOP_H

#include <stdint.h>

#define GH_LOOP_MAX_FDS 256
#define GH_LOOP_MAX_TIMERS 256

struct gh_loop;
typedef void (*gh_fd_fn)(struct gh_loop *, int fd, short revents, void *arg);
typedef void (*gh_timer_fn)(struct gh_loop *, void *arg);

struct gh_loop *gh_loop_new(void);
void gh_loop_free(struct gh_loop *l);
/* Watch fd for `events` (POLLIN/POLLOUT); replaces an existing watch. 0 or -1. */
int gh_loop_fd(struct gh_loop *l, int fd, short events, gh_fd_fn fn, void *arg);
void gh_loop_fd_del(struct gh_loop *l, int fd);
/* Call fn once at monotonic time at_ms; returns a timer id (> 0) or -1. */
int64_t gh_loop_at(struct gh_loop *l, int64_t at_ms, gh_timer_fn fn, void *arg);
void gh_loop_cancel(struct gh_loop *l, int64_t id);
/* Run until gh_loop_stop; returns 0, or -1 if poll fails for good. */
int gh_loop_run(struct gh_loop *l);
/* One round: wait at most max_wait_ms for something to do, and do it. */
int gh_loop_once(struct gh_loop *l, int max_wait_ms);
void gh_loop_stop(struct gh_loop *l);
int64_t gh_mono_ms(void);

#endif
