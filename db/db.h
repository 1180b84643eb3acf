/* The configuration database: typed functions over prepared statements.  All SQL of
 * Gatehouse lives under db/.
 *
 * Every function returns GH_OK, GH_EINPUT (bad input or a rule refused it: nothing
 * changed) or GH_EFAIL (I/O or database failure: nothing changed); the message is
 * then in gh_db_errmsg().  Functions that change access rights write their audit
 * record in the same transaction (R-RIGHTS-AUDIT). */
#ifndef GH_DB_H
#define GH_DB_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "controller/schedule.h"

enum { GH_OK = 0, GH_EINPUT = 2, GH_EFAIL = 3 };

struct gh_db;

#define GH_DB_READONLY 0x1

/* Open an existing configuration database (migrating an older schema unless
 * read-only; refusing a newer one). */
int gh_db_open(struct gh_db **out, const char *path, int flags, char *err, size_t errlen);
void gh_db_close(struct gh_db *db);
const char *gh_db_errmsg(const struct gh_db *db);
/* Who changes things: "cli:NAME" or "web:NAME"; recorded in the audit trail. */
void gh_db_set_actor(struct gh_db *db, const char *actor);
/* The underlying handle, for the other db/ files only. */

/* Create both database files (mode 0660) with the current schemas and default
 * settings.  Refuses when either exists. */
int gh_db_init(const char *config_path, const char *journal_path, const char *site,
    const char *timezone, const char *actor, char *err, size_t errlen);
/* Open/check the journal's schema version (refusing a newer one). */
int gh_journal_check(const char *path, char *err, size_t errlen);
int gh_schema_version_config(void);
int gh_schema_version_journal(void);

/* Group several changes in one all-or-nothing transaction. */
int gh_db_begin(struct gh_db *db);
int gh_db_commit(struct gh_db *db);
void gh_db_rollback(struct gh_db *db);

/* A result table for listings: text cells, typed for JSON. */
enum gh_cell_type { GH_CELL_NULL, GH_CELL_INT, GH_CELL_TEXT, GH_CELL_BOOL };
#define GH_TABLE_MAX_COLS 24
struct gh_table {
	int ncols, nrows, cap;
	char *col[GH_TABLE_MAX_COLS];
	enum gh_cell_type *types;	/* nrows * ncols */
	char **cells;			/* nrows * ncols; NULL for null */
};
void gh_table_init(struct gh_table *t);
void gh_table_free(struct gh_table *t);
const char *gh_table_cell(const struct gh_table *t, int row, int col);
/* The cell of a row in the column of that name (NULL: no such row, column, or a null). */
const char *gh_table_value(const struct gh_table *t, int row, const char *col);
int gh_table_col(const struct gh_table *t, const char *name);

/* Settings: every key of the vocabulary, bounds enforced. */
struct gh_setting_def {
	const char *key;
	const char *def;	/* NULL: unset by default */
	const char *bounds;	/* for messages and docs */
	int (*valid)(const struct gh_setting_def *, const char *value, const char **why);
	long min, max;
};
const struct gh_setting_def *gh_setting_find(const char *key);
const struct gh_setting_def *gh_setting_defs(size_t *n);
int gh_setting_get(struct gh_db *db, const char *key, char *buf, size_t len);
int gh_setting_long(struct gh_db *db, const char *key, long *out);
int gh_setting_set(struct gh_db *db, const char *key, const char *value);
int gh_setting_list(struct gh_db *db, struct gh_table *t);

/* Zones (R-ZONES, R-SIGN, R-NO-PUBLIC-SENSITIVE, R-DELIVERY). */
struct gh_zone_spec {
	const char *name;
	const char *level;	/* NULL: unchanged */
	int delivery;		/* -1: unchanged */
	const char *sign;
	const char *passback;
	long max_occupancy;	/* -1: unchanged, 0: no limit */
};
int gh_zone_add(struct gh_db *db, const struct gh_zone_spec *z);
int gh_zone_set(struct gh_db *db, const struct gh_zone_spec *z);
int gh_zone_list(struct gh_db *db, struct gh_table *t);

int gh_reader_add(struct gh_db *db, const char *id, const char *connstring, int enrollment);
int gh_reader_list(struct gh_db *db, struct gh_table *t);

#define GH_DOOR_MAX_READERS 8
struct gh_door_spec {
	const char *name;
	const char *from, *to;	/* zone names; NULL: unchanged */
	int nreaders;
	const char *reader[GH_DOOR_MAX_READERS];
	const char *side[GH_DOOR_MAX_READERS];	/* "in" or "out" */
	long release_s, held_s;	/* -1: unchanged / default */
	int fail_safe;		/* -1: unchanged / default */
	const char *relay, *contact, *rex;	/* NULL: unchanged; "": none */
	const char *fire, *tamper;		/* NULL: unchanged; "": none */
	const char *measure;	/* compensating measure; NULL unchanged, "" none */
};
int gh_door_add(struct gh_db *db, const struct gh_door_spec *d);
int gh_door_set(struct gh_db *db, const struct gh_door_spec *d);
int gh_door_list(struct gh_db *db, struct gh_table *t);

int gh_schedule_add(struct gh_db *db, const char *name, const struct gh_window *w, int n,
    int holidays_closed);
int gh_schedule_list(struct gh_db *db, struct gh_table *t);
int gh_holiday_add(struct gh_db *db, const char *day, const char *name);
int gh_holiday_list(struct gh_db *db, struct gh_table *t);
int gh_profile_add(struct gh_db *db, const char *name);
int gh_profile_rule(struct gh_db *db, const char *profile, const char *zone,
    const char *schedule);
int gh_profile_list(struct gh_db *db, struct gh_table *t);

/* People (R-INDIVIDUAL, R-VALIDITY). */
struct gh_person_spec {
	const char *ref;
	const char *name, *kind, *org;	/* NULL: unchanged */
	int vetted, can_escort, lockdown_ok;	/* -1: unchanged */
	const char *valid_from, *valid_until;	/* NULL unchanged, "" open */
};
int gh_person_add(struct gh_db *db, const struct gh_person_spec *p);
int gh_person_set(struct gh_db *db, const struct gh_person_spec *p);
/* Insert or update (CSV import). *created says which. */
int gh_person_upsert(struct gh_db *db, const struct gh_person_spec *p, int *created);
int gh_person_list(struct gh_db *db, struct gh_table *t);
int gh_person_exists(struct gh_db *db, const char *ref);
int gh_person_grant(struct gh_db *db, const char *ref, const char *profile,
    const char *from, const char *until);
int gh_person_ungrant(struct gh_db *db, const char *ref, const char *profile);
/* Deprovision (R-VALIDITY, 3.5.2): badges revoked, grants ended, person inactive. */
int gh_person_remove(struct gh_db *db, const char *ref);
/* R-RIGHTS-REPORT: the person's row, then every (zone, schedule) they may use. */
int gh_person_get(struct gh_db *db, const char *ref, struct gh_table *t);
int gh_person_rights(struct gh_db *db, const char *ref, struct gh_table *t);
int gh_public_zones(struct gh_db *db, struct gh_table *t);
int gh_restricted_zones(struct gh_db *db, struct gh_table *t);
/* Windows of a schedule, by name, for reports. */
int gh_schedule_windows(struct gh_db *db, const char *schedule, struct gh_window *w,
    int max, int *n);

/* R-VISITOR-ID */
struct gh_visit_spec {
	const char *visitor, *host;	/* person refs */
	const char *from, *until;
	const char *id_doc_type, *id_doc_number;
};
int gh_visit_add(struct gh_db *db, const struct gh_visit_spec *v);
int gh_visit_list(struct gh_db *db, struct gh_table *t);
/* R-VISITOR-ID, R-RETENTION: erase the identity (name, organisation, document) of
 * visitors whose last visit ended before `cutoff` (YYYY-MM-DD); their badges are
 * revoked.  The table lists them (also in a dry run, which changes nothing). */
int gh_visitor_erase(struct gh_db *db, const char *cutoff, int dry_run, struct gh_table *t);

/* Badges: credential already normalised. */
struct gh_badge_spec {
	const char *credential;
	const char *kind;	/* "uid" or "desfire" */
	const char *card_uid;	/* NULL for uid badges (it is the credential) */
	const char *person;
	const char *valid_from, *valid_until;
	int key_version;	/* desfire; 0 otherwise */
};
int gh_badge_enroll(struct gh_db *db, const struct gh_badge_spec *b);
int gh_badge_set_status(struct gh_db *db, const char *credential, const char *status);
int gh_badge_list(struct gh_db *db, struct gh_table *t);
/* Is this card UID the card of an enrolled DESFire badge?  1, 0, or -1.  A card that
 * shows it without passing the DESFire authentication is a clone. */
int gh_badge_secure_uid(struct gh_db *db, const char *uid);

int gh_audit_list(struct gh_db *db, const char *since_utc, struct gh_table *t);
/* Operator accounts of the web service (R-AUTH).  Times are UTC microseconds. */
struct gh_operator {
	int64_t id;
	char name[257];
	char roles[64];			/* "guard,officer" */
	char password_hash[160];	/* libsodium's argon2id string */
	char totp_secret[64];		/* base32, "" when none */
	int failures;			/* password failures since the last success */
	int64_t locked_until;		/* 0 when not locked */
	int lockouts;			/* lockouts in a row (each doubles the next) */
	int64_t totp_step;		/* the last TOTP time step accepted */
	int disabled;
	char lang[4];			/* fr, ar, en; "" when not chosen */
};
int gh_operator_add(struct gh_db *db, const char *name, const char *roles,
    const char *password_hash, const char *totp_secret);
int gh_operator_get(struct gh_db *db, const char *name, struct gh_operator *o);
/* Lockout bookkeeping after a login attempt (not a rights change: not audited; the
 * attempt itself is journalled by the web service). */
int gh_operator_login_state(struct gh_db *db, int64_t id, int failures,
    int64_t locked_until, int lockouts, int64_t totp_step);
/* An admin's unlock (audited). */
int gh_operator_unlock(struct gh_db *db, const char *name);
/* Change roles, password hash, TOTP secret (NULL: unchanged) or disabled (-1:
 * unchanged); audited without the secrets. */
int gh_operator_set(struct gh_db *db, const char *name, const char *roles,
    const char *password_hash, const char *totp_secret, int disabled);
int gh_operator_list(struct gh_db *db, struct gh_table *t);
/* API tokens: stored by the SHA-256 (hex) of the token; roles a subset of the
 * operator's; audited without the token. */
int gh_token_add(struct gh_db *db, const char *operator_, const char *name,
    const char *roles, const char *hash_hex);
int gh_token_revoke(struct gh_db *db, const char *operator_, const char *name);
/* The live token with this hash: its operator and roles (GH_EINPUT when none). */
int gh_token_lookup(struct gh_db *db, const char *hash_hex, char *operator_, size_t oplen,
    char *roles, size_t rlen);
int gh_token_list(struct gh_db *db, struct gh_table *t);
/* An operator's language (fr, ar, en): a preference, not audited. */
int gh_operator_set_lang(struct gh_db *db, const char *name, const char *lang);

/* The web UI's records (db/web.c). */
/* People whose name, reference or organisation contains the text (case-insensitive
 * for ASCII), at most limit rows, in the columns of gh_person_list. */
int gh_person_search(struct gh_db *db, const char *text, int limit, struct gh_table *t);
/* The site's documents kept in the system (R-EMERGENCY: "emergency-protocol"):
 * body, updated_at, updated_by; no row when never written.  Changes are audited. */
int gh_document_get(struct gh_db *db, const char *name, struct gh_table *t);
int gh_document_set(struct gh_db *db, const char *name, const char *body);
/* A visitor's escort for a day (YYYY-MM-DD, site time), named at the guard desk:
 * the escort must be staff allowed to escort; audited. */
int gh_escort_day_set(struct gh_db *db, const char *visitor, const char *escort,
    const char *day);
/* The day's pairs: visitor, visitor_name, org, escort, escort_name. */
int gh_escort_day_list(struct gh_db *db, const char *day, struct gh_table *t);
/* From the controller's status JSON: who is where (person, zone, escort), GH_EFAIL
 * when it is not JSON; and the month of an active review-overdue alarm not signed
 * since (1 with month, 0 none, -1 not JSON). */
int gh_status_presence(struct gh_db *db, const char *status, struct gh_table *t);
int gh_status_overdue_review(struct gh_db *db, const char *status, char *month, size_t len);

/* An audit row for a security change made outside the tables (a key rotated):
 * action, object, and the state after as JSON (never a secret). */
int gh_audit_event(struct gh_db *db, const char *action, const char *object,
    const char *after_json);

/* The web UI's read-only listings (db/web_read.c). */
/* A person's grants: profile, valid_from, valid_until. */
int gh_person_grants(struct gh_db *db, const char *ref, struct gh_table *t);
/* A person's badges, active first: credential, kind, card_uid, status, valid_from,
 * valid_until, enrolled_at, cloneable? (a UID badge). */
int gh_person_badges(struct gh_db *db, const char *ref, struct gh_table *t);
/* A visitor's visits, newest first (R-VISITOR-ID): id, host, host_name, valid_from,
 * valid_until, id_doc_type, id_doc_number, created_at. */
int gh_person_visits(struct gh_db *db, const char *ref, struct gh_table *t);
/* The audit trail between two UTC times ("YYYY-MM-DDTHH:MM:SS...", NULL open), newest
 * first, skipping offset rows, at most limit (0: all): id, ts, actor, action, object,
 * before, after. */
int gh_audit_range(struct gh_db *db, const char *since_utc, const char *until_utc,
    int offset, int limit, struct gh_table *t);
/* Journal rows matching every filter given (0 / NULL: any), newest first (oldest first
 * when asked), skipping offset rows, at most limit (0: all); the columns of
 * gh_journal_list. */
struct gh_journal;
struct gh_event_query {
	int64_t since_us, until_us;	/* UTC, [since, until) */
	const char *door, *zone, *person, *decision;
	int offset, limit;
	int oldest_first;
};
int gh_journal_query(struct gh_journal *j, const struct gh_event_query *f,
    struct gh_table *t);
/* Two JSON snapshots of an audit record (R-RIGHTS-AUDIT) key by key: key, before,
 * after (NULL when absent or null; nested values as JSON text), changed? (the key is
 * added, removed or its value differs).  NULL snapshots are empty. */
int gh_json_diff(struct gh_db *db, const char *before, const char *after,
    struct gh_table *t);
/* Two JSON arrays (a person's grants or badges before and after) element by element:
 * change ("removed" or "added"), value (the element as JSON text).  Anything but an
 * array counts as empty. */
int gh_json_array_diff(struct gh_db *db, const char *before, const char *after,
    struct gh_table *t);
/* The members of a JSON object in order: key, value (NULL for null).  Anything but an
 * object has none. */
int gh_json_members(struct gh_db *db, const char *object, struct gh_table *t);

#endif
