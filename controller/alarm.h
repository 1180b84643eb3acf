/* Active alarms (R-DETECT): raised by the loop, each active until an operator
 * acknowledges it with their name and a comment.  An alarm's id is the journal seq of
 * its `alarm-raised` event, so ids are unique and survive restarts. */
#ifndef GH_ALARM_H
#define GH_ALARM_H

#include <stddef.h>
#include <stdint.h>

#define GH_ALARM_MAX 1024

struct gh_alarm {
	int64_t id;
	int64_t start_us;	/* UTC */
	char code[32];		/* door-forced, ... (VOCABULARY.md) */
	char source_kind[8];	/* door, reader, zone, site */
	char source[260];
};

struct gh_alarms {
	struct gh_alarm a[GH_ALARM_MAX];
	int n;
};

void gh_alarms_init(struct gh_alarms *t);
/* The active alarm with this code and source, if any (no duplicate is raised while
 * one is active). */
const struct gh_alarm *gh_alarm_find(const struct gh_alarms *t, const char *code,
    const char *source);
/* Record an alarm raised with this id; -1 when the table is full (the oldest is never
 * dropped: the caller keeps the journal row and logs). */
int gh_alarm_add(struct gh_alarms *t, int64_t id, int64_t start_us, const char *code,
    const char *source_kind, const char *source);
const struct gh_alarm *gh_alarm_get(const struct gh_alarms *t, int64_t id);
/* Remove an acknowledged alarm; -1 when no such active alarm. */
int gh_alarm_ack(struct gh_alarms *t, int64_t id);
/* Is `code` one of the vocabulary's alarm codes? */
int gh_alarm_code_known(const char *code);

#endif
