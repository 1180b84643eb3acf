/* Brute force at a reader (R-DETECT): refusals for unknown, failed, revoked, lost,
 * suspended or expired badges within brute-force-window-s; at brute-force-count the
 * reader is locked out for lockout-s. */
#ifndef GH_BRUTEFORCE_H
#define GH_BRUTEFORCE_H

#include <stdint.h>

#define GH_BF_MAX 128	/* remembered refusals per reader (brute-force-count <= 100) */

struct gh_bf {
	int64_t at[GH_BF_MAX];	/* monotonic ms, oldest first */
	int n;
	int64_t locked_until;	/* monotonic ms; 0 when not locked out */
};

struct gh_bf_cfg {
	int count, window_s, lockout_s;
};

/* Does this reason count towards brute force? */
int gh_bf_counts(const char *reason);
/* Refusals within the window at now. */
int gh_bf_refusals(struct gh_bf *b, const struct gh_bf_cfg *c, int64_t now_ms);
int gh_bf_locked(const struct gh_bf *b, int64_t now_ms);
/* Record a counting refusal; returns 1 when it reaches the threshold (the reader is
 * then locked out and the caller raises `brute-force`), else 0. */
int gh_bf_record(struct gh_bf *b, const struct gh_bf_cfg *c, int64_t now_ms);

#endif
