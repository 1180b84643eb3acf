/* The decision engine (R-PROFILES, R-VALIDITY, R-ESCORT, R-SUPERVISION, R-INDIVIDUAL,
 * R-TRACE): a pure function of data, request, state and clock.  The same data,
 * request, state and clock give the same answer; the only I/O is prepared-statement
 * reads through db/.  Checks run in the vocabulary's order of reason codes, so the
 * first that fails is the reason. */
#ifndef GH_POLICY_H
#define GH_POLICY_H

#include <stdint.h>
#include <time.h>

#include "controller/util.h"
#include "db/db.h"

struct policy_data {
	struct gh_db *db;		/* the configuration database */
};

struct access_request {
	const char *door;		/* door name; may be NULL when reader is given */
	const char *reader;		/* reader name; NULL: the door's "in" side */
	const char *credential;		/* as read; normalised here */
	int credential_auth_failed;	/* a secure credential failed to authenticate */
	const char *escort_credential;	/* presented at the reader within the window */
};

enum site_mode { SITE_NORMAL, SITE_LOCKDOWN, SITE_EVACUATION };

/* What lives in the controller, passed in (never hidden in the engine). */
struct site_state {
	enum site_mode mode;
	int journal_failed;	/* the journal cannot record */
	int reader_refusals;	/* counted refusals at the reader within the window */
	int reader_locked_out;	/* the reader is in its lockout period */
	int inside;		/* the person is inside the zone entered (passback) */
	int occupancy;		/* people inside the zone entered */
	int escort_visitors;	/* visitors the escort already admits in this passage */
};

#define DECISION_SOFT_PASSBACK 0x1
#define DECISION_ESCORTED 0x2
#define DECISION_BRUTE_FORCE 0x4	/* this refusal reaches brute-force-count */
#define DECISION_COUNTS 0x8		/* this refusal counts towards brute force */

struct decision {
	int granted;
	char reason[32];
	unsigned flags;
	char badge[GH_CRED_MAX], badge_kind[8];
	char person[GH_NAME_MAX_BYTES], kind[12];
	char escort[GH_NAME_MAX_BYTES];	/* "" when none */
	char door[GH_NAME_MAX_BYTES], reader[GH_NAME_MAX_BYTES], zone[GH_NAME_MAX_BYTES];
	char zone_level[12];
	time_t at;
	char time_local[32], time_utc[32];
};

/* GH_OK with *d filled (granted or refused), GH_EINPUT for a request that names no
 * known door or reader (d->reason says which), GH_EFAIL on a database failure. */
int policy_decide(const struct policy_data *pd, const struct access_request *req,
    const struct site_state *st, time_t now, struct decision *d);

#endif
