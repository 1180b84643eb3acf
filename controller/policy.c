/* The decision engine; see policy.h. */
#include "controller/policy.h"

#include <stdio.h>
#include <string.h>

#include "controller/schedule.h"
#include "controller/timeutil.h"
#include "db/policy.h"

static int
refuse(struct decision *d, const char *reason)
{
	d->granted = 0;
	gh_strlcpy(d->reason, reason, sizeof d->reason);
	return GH_OK;
}

/* Dates are inclusive site-local days; "" is an open bound. */
static int
date_in(const char *today, const char *from, const char *until)
{
	return (from[0] == '\0' || strcmp(today, from) >= 0) &&
	    (until[0] == '\0' || strcmp(today, until) <= 0);
}

struct holiday_ctx {
	struct gh_db *db;
	int closed;
};

static int
holiday_closes(void *arg, gh_day day)
{
	struct holiday_ctx *h = arg;
	char d[11];
	if (!h->closed)
		return 0;
	gh_date_format(day, d, sizeof d);
	return gh_pol_holiday(h->db, d) == 1;
}

/* Does the person hold, today and now, a rule for the zone whose schedule admits the
 * local time?  *rules says whether any valid grant has a rule for the zone. */
static int
admitted(struct gh_db *db, int64_t person, int64_t zone, const struct gh_local *loc,
    const char *today, int *rules, int *rc)
{
	struct gh_pol_rule r[GH_POL_MAX_RULES];
	int n;
	*rules = 0;
	if ((*rc = gh_pol_rules(db, person, zone, r, GH_POL_MAX_RULES, &n)) != GH_OK)
		return 0;
	for (int i = 0; i < n; i++) {
		if (!date_in(today, r[i].grant_from, r[i].grant_until))
			continue;
		*rules = 1;
		struct gh_window w[GH_POL_MAX_WINDOWS];
		int nw;
		if ((*rc = gh_pol_windows(db, r[i].schedule, w, GH_POL_MAX_WINDOWS, &nw)) != GH_OK)
			return 0;
		struct holiday_ctx h = { db, r[i].holidays_closed };
		for (int k = 0; k < nw; k++)
			if (gh_window_admits(&w[k], loc, holiday_closes, &h))
				return 1;
	}
	return 0;
}

static const char *
badge_state_reason(const struct gh_pol_badge *b, const char *today)
{
	if (strcmp(b->status, "suspended") == 0)
		return "badge-suspended";
	if (strcmp(b->status, "lost") == 0)
		return "badge-lost";
	if (strcmp(b->status, "revoked") == 0)
		return "badge-revoked";
	if (b->valid_until[0] && strcmp(today, b->valid_until) > 0)
		return "badge-expired";
	if (b->valid_from[0] && strcmp(today, b->valid_from) < 0)
		return "badge-not-yet-valid";
	return NULL;
}

static int
person_active(const struct gh_pol_person *p, const char *today)
{
	return strcmp(p->status, "active") == 0 &&
	    date_in(today, p->valid_from, p->valid_until);
}

/* The escort (R-ESCORT, R-SUPERVISION): NULL when fit, else the reason. */
static const char *
escort_check(struct gh_db *db, const char *cred, const struct gh_pol_person *visitor,
    int64_t zone, const struct gh_local *loc, const char *today, int max_visitors,
    const struct site_state *st, struct decision *d, int *rc)
{
	char norm[GH_CRED_MAX];
	enum gh_cred_kind ck;
	struct gh_pol_badge b;
	struct gh_pol_person e;
	if (gh_credential_normalize(cred, norm, &ck) != 0 ||
	    (*rc = gh_pol_badge(db, norm, &b)) != GH_OK) {
		if (*rc == GH_EFAIL)
			return NULL;
		*rc = GH_OK;
		return "escort-not-authorised";
	}
	if ((*rc = gh_pol_person(db, b.person, &e)) != GH_OK) {
		if (*rc == GH_EFAIL)
			return NULL;
		*rc = GH_OK;
		return "escort-not-authorised";
	}
	gh_strlcpy(d->escort, e.ref, sizeof d->escort);
	int rules;
	if (badge_state_reason(&b, today) != NULL || !person_active(&e, today) ||
	    strcmp(e.kind, "staff") != 0 || !e.can_escort ||
	    !admitted(db, e.id, zone, loc, today, &rules, rc))
		return *rc == GH_OK ? "escort-not-authorised" : NULL;
	if (strcmp(visitor->kind, "contractor") == 0 && !e.vetted)
		return "escort-not-vetted";
	if (st->escort_visitors >= max_visitors)
		return "escort-busy";
	return NULL;
}

static int
decide(const struct policy_data *pd, const struct access_request *req,
    const struct site_state *st, time_t now, struct decision *d)
{
	struct gh_db *db = pd->db;
	memset(d, 0, sizeof *d);
	d->at = now;
	gh_local_format(now, d->time_local, sizeof d->time_local);
	gh_utc_format_us((int64_t)now * 1000000, d->time_utc, sizeof d->time_utc);
	struct gh_local loc;
	char today[11];
	gh_local_of(now, &loc);
	gh_date_format(loc.day, today, sizeof today);

	long max_visitors, bf_count;
	char secure[8];
	int rc;
	if ((rc = gh_setting_long(db, "escort-max-visitors", &max_visitors)) ||
	    (rc = gh_setting_long(db, "brute-force-count", &bf_count)) ||
	    (rc = gh_setting_get(db, "sensitive-requires-secure", secure, sizeof secure)))
		return rc;

	/* Where: the reader's door and side, or the door's "in" side. */
	struct gh_pol_door door;
	int side_out = 0;
	const char *door_name = req->door;
	char reader_door[GH_NAME_MAX_BYTES];
	if (req->reader) {
		int64_t did;
		gh_strlcpy(d->reader, req->reader, sizeof d->reader);
		rc = gh_pol_reader(db, req->reader, &did, reader_door, sizeof reader_door,
		    &side_out);
		if (rc != GH_OK) {
			snprintf(d->reason, sizeof d->reason, "unknown-reader");
			return rc;
		}
		if (door_name && strcmp(door_name, reader_door) != 0) {
			snprintf(d->reason, sizeof d->reason, "reader-not-on-door");
			return GH_EINPUT;
		}
		door_name = reader_door;
	}
	if (door_name == NULL || (rc = gh_pol_door(db, door_name, &door)) != GH_OK) {
		snprintf(d->reason, sizeof d->reason, "unknown-door");
		return door_name == NULL ? GH_EINPUT : rc;
	}
	const struct gh_pol_zone *zone = side_out ? &door.from : &door.to;
	gh_strlcpy(d->door, door.name, sizeof d->door);
	gh_strlcpy(d->zone, zone->name, sizeof d->zone);
	gh_strlcpy(d->zone_level, zone->level, sizeof d->zone_level);
	int restricted = strcmp(zone->level, "public") != 0;

	/* 1. the credential */
	char cred[GH_CRED_MAX];
	enum gh_cred_kind ck;
	gh_strlcpy(d->badge, req->credential ? req->credential : "", sizeof d->badge);
	if (req->credential_auth_failed) {
		d->flags |= DECISION_COUNTS;
		refuse(d, "credential-auth-failed");
		goto counted;
	}
	struct gh_pol_badge b;
	if (req->credential == NULL || gh_credential_normalize(req->credential, cred, &ck) != 0 ||
	    (rc = gh_pol_badge(db, cred, &b)) == GH_EINPUT) {
		d->flags |= DECISION_COUNTS;
		refuse(d, "unknown-badge");
		goto counted;
	}
	if (rc != GH_OK)
		return rc;
	gh_strlcpy(d->badge, b.credential, sizeof d->badge);
	gh_strlcpy(d->badge_kind, b.kind, sizeof d->badge_kind);
	struct gh_pol_person p;
	if ((rc = gh_pol_person(db, b.person, &p)) != GH_OK)
		return rc == GH_EINPUT ? GH_EFAIL : rc;
	gh_strlcpy(d->person, p.ref, sizeof d->person);	/* R-INDIVIDUAL */
	gh_strlcpy(d->kind, p.kind, sizeof d->kind);

	/* 2. the badge's state and validity (R-VALIDITY) */
	const char *why = badge_state_reason(&b, today);
	if (why) {
		if (strcmp(why, "badge-not-yet-valid") != 0)
			d->flags |= DECISION_COUNTS;
		refuse(d, why);
		goto counted;
	}
	/* 3. the person */
	if (!person_active(&p, today))
		return refuse(d, "person-inactive");
	/* 4. brute force (R-DETECT): security staff can still pass */
	if ((st->reader_locked_out || st->reader_refusals >= bf_count) && !p.lockdown_ok)
		return refuse(d, "reader-locked-out");
	/* 5. modes (R-EMERGENCY) and the journal */
	if (st->mode == SITE_EVACUATION && restricted)
		return refuse(d, "evacuation");
	if (st->mode == SITE_LOCKDOWN && !p.lockdown_ok)
		return refuse(d, "lockdown");
	if (st->journal_failed && restricted)
		return refuse(d, "journal-failure");
	/* 6. public zones: any valid badge */
	if (!restricted) {
		d->granted = 1;
		gh_strlcpy(d->reason, "granted", sizeof d->reason);
		return GH_OK;
	}
	int staff = strcmp(p.kind, "staff") == 0;
	const char *escort = staff ? NULL : req->escort_credential;
	/* 7. a copyable credential into a sensitive zone */
	if (strcmp(zone->level, "sensitive") == 0 && strcmp(secure, "on") == 0) {
		int insecure = strcmp(b.kind, "uid") == 0;
		struct gh_pol_badge eb;
		char en[GH_CRED_MAX];
		if (!insecure && escort && gh_credential_normalize(escort, en, &ck) == 0 &&
		    gh_pol_badge(db, en, &eb) == GH_OK && strcmp(eb.kind, "uid") == 0)
			insecure = 1;
		if (insecure)
			return refuse(d, "insecure-credential");
	}
	/* 8. profiles for staff (R-PROFILES); escorts for the others (R-ESCORT) */
	if (staff) {
		int rules;
		if (!admitted(db, p.id, zone->id, &loc, today, &rules, &rc))
			return rc != GH_OK ? rc :
			    refuse(d, rules ? "outside-schedule" : "no-access");
	} else {
		if (escort == NULL)
			return refuse(d, "escort-required");
		why = escort_check(db, escort, &p, zone->id, &loc, today, (int)max_visitors, st,
		    d, &rc);
		if (rc != GH_OK)
			return rc;
		if (why)
			return refuse(d, why);
		d->flags |= DECISION_ESCORTED;
	}
	/* 9. passback and occupancy */
	if (st->inside && strcmp(zone->passback, "hard") == 0)
		return refuse(d, "passback");
	if (st->inside && strcmp(zone->passback, "soft") == 0)
		d->flags |= DECISION_SOFT_PASSBACK;
	if (zone->max_occupancy > 0 && st->occupancy >= zone->max_occupancy)
		return refuse(d, "zone-full");
	/* 10. */
	d->granted = 1;
	gh_strlcpy(d->reason, "granted", sizeof d->reason);
	return GH_OK;
counted:
	if (st->reader_refusals + 1 >= bf_count && !st->reader_locked_out)
		d->flags |= DECISION_BRUTE_FORCE;
	return GH_OK;
}

/* The kind of the person holding a credential ("" when unknown). */
static void
holder_kind(struct gh_db *db, const char *cred, char *kind, size_t len)
{
	char norm[GH_CRED_MAX];
	enum gh_cred_kind ck;
	struct gh_pol_badge b;
	struct gh_pol_person p;
	kind[0] = '\0';
	if (cred && gh_credential_normalize(cred, norm, &ck) == 0 &&
	    gh_pol_badge(db, norm, &b) == GH_OK && gh_pol_person(db, b.person, &p) == GH_OK)
		gh_strlcpy(kind, p.kind, len);
}

/* Was the escort's badge presented first (staff, then a visitor or contractor)? */
static int
escort_first(struct gh_db *db, const struct access_request *req)
{
	char first[12], second[12];
	holder_kind(db, req->credential, first, sizeof first);
	holder_kind(db, req->escort_credential, second, sizeof second);
	return strcmp(first, "staff") == 0 && second[0] != '\0' &&
	    strcmp(second, "staff") != 0;
}

int
policy_decide(const struct policy_data *pd, const struct access_request *req,
    const struct site_state *st, time_t now, struct decision *d)
{
	/* Every read of one decision in one read transaction: a consistent snapshot, and
	 * no per-statement locking cost. */
	int rc = gh_pol_begin(pd->db);
	if (rc != GH_OK)
		return rc;
	/* R-ESCORT: the two badges may come in either order; the decision is the
	 * visitor's, with the staff member as escort. */
	struct access_request swapped = *req;
	if (req->escort_credential && escort_first(pd->db, req)) {
		swapped.credential = req->escort_credential;
		swapped.escort_credential = req->credential;
	}
	rc = decide(pd, &swapped, st, now, d);
	gh_pol_end(pd->db);
	return rc;
}
