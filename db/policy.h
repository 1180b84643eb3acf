/* The reads a decision needs, as prepared statements (all SQL lives in db/). */
#ifndef GH_DB_POLICY_H
#define GH_DB_POLICY_H

#include <stdint.h>

#include "controller/schedule.h"
#include "controller/util.h"
#include "db/db.h"

struct gh_pol_zone {
	int64_t id;
	char name[GH_NAME_MAX_BYTES];
	char level[12];		/* public, private, sensitive */
	char passback[8];	/* off, soft, hard */
	int max_occupancy;	/* 0: none */
};

struct gh_pol_door {
	int64_t id;
	char name[GH_NAME_MAX_BYTES];
	struct gh_pol_zone from, to;
};

struct gh_pol_badge {
	int64_t person;
	char credential[GH_CRED_MAX];
	char kind[8];		/* uid, desfire */
	char status[12];
	char valid_from[11], valid_until[11];	/* "" when open */
};

struct gh_pol_person {
	int64_t id;
	char ref[GH_NAME_MAX_BYTES];
	char kind[12];
	char status[10];
	char valid_from[11], valid_until[11];
	int vetted, can_escort, lockdown_ok;
};

/* One (schedule, grant) a person has for a zone. */
struct gh_pol_rule {
	int64_t schedule;
	int holidays_closed;
	char grant_from[11], grant_until[11];
};
#define GH_POL_MAX_RULES 64
#define GH_POL_MAX_WINDOWS 64

/* Each returns GH_OK (found), GH_EINPUT (not found) or GH_EFAIL. */
int gh_pol_door(struct gh_db *db, const char *name, struct gh_pol_door *d);
/* The reader's door and side (1: out). */
int gh_pol_reader(struct gh_db *db, const char *name, int64_t *door, char *door_name,
    size_t len, int *side_out);
int gh_pol_badge(struct gh_db *db, const char *credential, struct gh_pol_badge *b);
int gh_pol_person(struct gh_db *db, int64_t id, struct gh_pol_person *p);
/* The person's rules for a zone (every grant, valid or not); *n of them. */
int gh_pol_rules(struct gh_db *db, int64_t person, int64_t zone, struct gh_pol_rule *r,
    int max, int *n);
int gh_pol_windows(struct gh_db *db, int64_t schedule, struct gh_window *w, int max, int *n);
/* 1 when the date (YYYY-MM-DD) is a holiday, 0 when not, -1 on failure. */
int gh_pol_holiday(struct gh_db *db, const char *day);
/* Read transactions around one decision (consistent and cheaper). */
int gh_pol_begin(struct gh_db *db);
void gh_pol_end(struct gh_db *db);

#endif
