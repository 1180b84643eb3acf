/* Brute-force counting per reader; see bruteforce.h. */
#include "controller/bruteforce.h"

#include <string.h>

int
gh_bf_counts(const char *reason)
{
	static const char *const counted[] = { "unknown-badge", "credential-auth-failed",
		"badge-revoked", "badge-lost", "badge-suspended", "badge-expired" };
	for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++)
		if (strcmp(reason, counted[i]) == 0)
			return 1;
	return 0;
}

static void
expire(struct gh_bf *b, const struct gh_bf_cfg *c, int64_t now)
{
	int k = 0;
	while (k < b->n && now - b->at[k] >= (int64_t)c->window_s * 1000)
		k++;
	if (k > 0) {
		memmove(b->at, b->at + k, sizeof b->at[0] * (size_t)(b->n - k));
		b->n -= k;
	}
}

int
gh_bf_refusals(struct gh_bf *b, const struct gh_bf_cfg *c, int64_t now)
{
	expire(b, c, now);
	return b->n;
}

int
gh_bf_locked(const struct gh_bf *b, int64_t now)
{
	return b->locked_until > now;
}

int
gh_bf_record(struct gh_bf *b, const struct gh_bf_cfg *c, int64_t now)
{
	expire(b, c, now);
	if (b->n == GH_BF_MAX) {
		memmove(b->at, b->at + 1, sizeof b->at[0] * (GH_BF_MAX - 1));
		b->n--;
	}
	b->at[b->n++] = now;
	if (b->n >= c->count && !gh_bf_locked(b, now)) {
		b->locked_until = now + (int64_t)c->lockout_s * 1000;
		/* A new lockout needs a new series of refusals. */
		b->n = 0;
		return 1;
	}
	return 0;
}
