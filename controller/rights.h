/* R-RIGHTS-REPORT: every zone a person can enter and when, as the command line
 * (`person rights`) and the web UI's person page show it. */
#ifndef GH_RIGHTS_H
#define GH_RIGHTS_H

#include "db/db.h"

#define GH_RIGHT_WINDOWS 64

struct gh_right {
	const char *zone, *level;
	/* any-valid-badge (public zones), schedule (a profile's rule),
	 * escorted (visitors), escorted-by-vetted-staff (contractors, R-SUPERVISION) */
	const char *condition;
	const char *profile, *schedule;		/* condition "schedule" only, else NULL */
	int nwindows;
	char windows[GH_RIGHT_WINDOWS][64];	/* "mon-fri 08:00-18:00" */
	int holidays_closed;
	const char *valid_from, *valid_until;	/* the grant's; NULL: open */
};

struct gh_rights {
	struct gh_table who;		/* gh_person_get's row */
	const char *kind;
	int active;			/* 0: deprovisioned, no rights */
	int n;
	struct gh_right *r;
	struct gh_table rules, pub, restricted;	/* the strings point in here */
};

/* GH_OK, or the db's error (unknown person: GH_EINPUT). */
int gh_rights_get(struct gh_db *db, const char *ref, struct gh_rights *out);
void gh_rights_free(struct gh_rights *rs);

#endif
