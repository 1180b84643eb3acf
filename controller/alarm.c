/* Active alarms; see alarm.h. */
#include "controller/alarm.h"

#include <string.h>

#include "controller/util.h"

static const char *const codes[] = {
	"door-forced", "door-held-open", "brute-force", "cloned-credential",
	"reader-offline", "door-io-offline", "tamper", "visitor-unescorted",
	"journal-failure", "clock-unsynced", "clock-jump", "review-overdue",
	"forwarding-failed",
};

int
gh_alarm_code_known(const char *code)
{
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(codes[i], code) == 0)
			return 1;
	return 0;
}

void
gh_alarms_init(struct gh_alarms *t)
{
	t->n = 0;
}

const struct gh_alarm *
gh_alarm_find(const struct gh_alarms *t, const char *code, const char *source)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->a[i].code, code) == 0 && strcmp(t->a[i].source, source) == 0)
			return &t->a[i];
	return NULL;
}

int
gh_alarm_add(struct gh_alarms *t, int64_t id, int64_t start_us, const char *code,
    const char *source_kind, const char *source)
{
	if (t->n == GH_ALARM_MAX)
		return -1;
	struct gh_alarm *a = &t->a[t->n++];
	a->id = id;
	a->start_us = start_us;
	gh_strlcpy(a->code, code, sizeof a->code);
	gh_strlcpy(a->source_kind, source_kind, sizeof a->source_kind);
	gh_strlcpy(a->source, source, sizeof a->source);
	return 0;
}

const struct gh_alarm *
gh_alarm_get(const struct gh_alarms *t, int64_t id)
{
	for (int i = 0; i < t->n; i++)
		if (t->a[i].id == id)
			return &t->a[i];
	return NULL;
}

int
gh_alarm_ack(struct gh_alarms *t, int64_t id)
{
	for (int i = 0; i < t->n; i++)
		if (t->a[i].id == id) {
			/* Keep the order of the rest: the status lists oldest first. */
			memmove(&t->a[i], &t->a[i + 1], sizeof t->a[0] * (size_t)(t->n - i - 1));
			t->n--;
			return 0;
		}
	return -1;
}
