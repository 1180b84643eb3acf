/* People, grants, visits, badges, rights and the audit listing. */
#include "db/db_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/timeutil.h"
#include "controller/json.h"
#include "controller/util.h"

static const char sql_person_id[] = "SELECT id FROM person WHERE ref = ?1";
static const char sql_profile_id[] = "SELECT id FROM profile WHERE name = ?1";

static const char sql_person_snap[] =
    /* A visitor's identity stays out of the audit trail, which outlives it
     * (R-VISITOR-ID: erased after visitor-retention-days). */
    "SELECT json_object('ref', ref, "
    "'name', CASE kind WHEN 'visitor' THEN NULL ELSE name END, 'kind', kind, "
    "'org', CASE kind WHEN 'visitor' THEN NULL ELSE org END, "
    "'vetted', vetted, 'can_escort', can_escort, 'lockdown_ok', lockdown_ok, "
    "'valid_from', valid_from, 'valid_until', valid_until, 'status', status, "
    "'grants', (SELECT json_group_array(json_object('profile', pr.name, "
    "  'from', g.valid_from, 'until', g.valid_until)) FROM person_grant g "
    "  JOIN profile pr ON pr.id = g.profile WHERE g.person = person.id), "
    "'badges', (SELECT json_group_array(json_object('credential', b.credential, "
    "  'status', b.status)) FROM badge b WHERE b.person = person.id)) "
    "FROM person WHERE ref = ?1";

static int
audited(struct gh_db *db, const char *action, const char *ref, char *before, int rc)
{
	if (rc == GH_OK) {
		char *after = db_snapshot(db, sql_person_snap, ref);
		char object[320];
		snprintf(object, sizeof object, "person:%s", ref);
		rc = db_audit(db, action, object, before, after);
		free(after);
	}
	free(before);
	return db_tx_end(db, rc);
}

static int
check_person(struct gh_db *db, const struct gh_person_spec *p, int adding)
{
	const char *why;
	if (p->ref == NULL || gh_name_valid(p->ref, &why) != 0)
		return db_fail(db, GH_EINPUT, "person reference %s", p->ref ? why : "missing");
	if (adding && p->name == NULL)
		return db_fail(db, GH_EINPUT, "person '%s': --name is required", p->ref);
	if (adding && p->kind == NULL)
		return db_fail(db, GH_EINPUT, "person '%s': --kind is required", p->ref);
	if (p->name && gh_name_valid(p->name, &why) != 0)
		return db_fail(db, GH_EINPUT, "person '%s': name %s", p->ref, why);
	if (p->org && p->org[0] && gh_name_valid(p->org, &why) != 0)
		return db_fail(db, GH_EINPUT, "person '%s': organisation %s", p->ref, why);
	if (p->kind && strcmp(p->kind, "staff") && strcmp(p->kind, "contractor") &&
	    strcmp(p->kind, "visitor"))
		return db_fail(db, GH_EINPUT, "person '%s': kind '%s' must be staff, "
		    "contractor or visitor", p->ref, p->kind);
	int rc;
	if ((rc = db_check_date(db, "--valid-from", p->valid_from, 1)) ||
	    (rc = db_check_date(db, "--valid-until", p->valid_until, 1)))
		return rc;
	return GH_OK;
}

/* An escort must be staff (R-ESCORT); a visitor cannot be flagged to escort. */
static int
check_person_row(struct gh_db *db, const char *ref)
{
	static const char sql[] =
	    "SELECT kind, can_escort, valid_from, valid_until FROM person WHERE ref = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, ref);
	int rc = GH_OK;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		const char *from = (const char *)sqlite3_column_text(st, 2);
		const char *until = (const char *)sqlite3_column_text(st, 3);
		if (sqlite3_column_int(st, 1) && strcmp(kind, "staff") != 0)
			rc = db_fail(db, GH_EINPUT, "person '%s': only staff can escort "
			    "(R-ESCORT), not a %s", ref, kind);
		else if (from && until && strcmp(from, until) > 0)
			rc = db_fail(db, GH_EINPUT, "person '%s': valid from %s is after valid "
			    "until %s", ref, from, until);
	}
	sqlite3_reset(st);
	return rc;
}

static int
person_update(struct gh_db *db, const struct gh_person_spec *p)
{
	static const char sql[] =
	    "UPDATE person SET name = coalesce(?2, name), kind = coalesce(?3, kind), "
	    "org = coalesce(?4, org), "
	    "vetted = CASE WHEN ?5 < 0 THEN vetted ELSE ?5 END, "
	    "can_escort = CASE WHEN ?6 < 0 THEN can_escort ELSE ?6 END, "
	    "lockdown_ok = CASE WHEN ?7 < 0 THEN lockdown_ok ELSE ?7 END, "
	    "valid_from = CASE WHEN ?8 IS NULL THEN valid_from ELSE nullif(?8, '') END, "
	    "valid_until = CASE WHEN ?9 IS NULL THEN valid_until ELSE nullif(?9, '') END "
	    "WHERE ref = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, p->ref);
	db_bind_text(st, 2, p->name);
	db_bind_text(st, 3, p->kind);
	db_bind_text(st, 4, p->org);
	sqlite3_bind_int(st, 5, p->vetted);
	sqlite3_bind_int(st, 6, p->can_escort);
	sqlite3_bind_int(st, 7, p->lockdown_ok);
	db_bind_text(st, 8, p->valid_from);
	db_bind_text(st, 9, p->valid_until);
	int rc = db_exec_stmt(db, st, "person");
	return rc ? rc : check_person_row(db, p->ref);
}

static int
person_insert(struct gh_db *db, const struct gh_person_spec *p)
{
	static const char sql[] =
	    "INSERT INTO person(ref, name, kind, org, vetted, can_escort, lockdown_ok, "
	    "valid_from, valid_until) VALUES (?1, ?2, ?3, coalesce(?4, ''), "
	    "max(?5, 0), max(?6, 0), max(?7, 0), nullif(?8, ''), nullif(?9, ''))";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, p->ref);
	db_bind_text(st, 2, p->name);
	db_bind_text(st, 3, p->kind);
	db_bind_text(st, 4, p->org);
	sqlite3_bind_int(st, 5, p->vetted);
	sqlite3_bind_int(st, 6, p->can_escort);
	sqlite3_bind_int(st, 7, p->lockdown_ok);
	db_bind_text(st, 8, p->valid_from);
	db_bind_text(st, 9, p->valid_until);
	int rc = db_exec_stmt(db, st, "person");
	return rc ? rc : check_person_row(db, p->ref);
}

int
gh_person_exists(struct gh_db *db, const char *ref)
{
	return db_id(db, sql_person_id, ref) > 0;
}

int
gh_person_add(struct gh_db *db, const struct gh_person_spec *p)
{
	int rc;
	if ((rc = check_person(db, p, 1)))
		return rc;
	int64_t id = db_id(db, sql_person_id, p->ref);
	if (id != 0)
		return id < 0 ? GH_EFAIL : db_fail(db, GH_EINPUT, "person '%s' already exists",
		    p->ref);
	if ((rc = db_tx_begin(db)))
		return rc;
	return audited(db, "person.add", p->ref, NULL, person_insert(db, p));
}

int
gh_person_set(struct gh_db *db, const struct gh_person_spec *p)
{
	int rc;
	if ((rc = check_person(db, p, 0)))
		return rc;
	int64_t id = db_id(db, sql_person_id, p->ref);
	if (id <= 0)
		return id < 0 ? GH_EFAIL : db_fail(db, GH_EINPUT, "unknown person '%s'", p->ref);
	if ((rc = db_tx_begin(db)))
		return rc;
	char *before = db_snapshot(db, sql_person_snap, p->ref);
	return audited(db, "person.set", p->ref, before, person_update(db, p));
}

int
gh_person_upsert(struct gh_db *db, const struct gh_person_spec *p, int *created)
{
	int64_t id = db_id(db, sql_person_id, p->ref);
	if (id < 0)
		return GH_EFAIL;
	*created = id == 0;
	return id == 0 ? gh_person_add(db, p) : gh_person_set(db, p);
}

int
gh_person_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT ref, name, kind, org, vetted AS \"vetted?\", can_escort AS \"can_escort?\", "
	    "lockdown_ok AS \"lockdown_ok?\", valid_from, valid_until, status, "
	    "(SELECT count(*) FROM badge b WHERE b.person = p.id AND b.status = 'active') "
	    "AS badges FROM person p ORDER BY ref";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_table(db, st, t) : GH_EFAIL;
}

int
gh_person_get(struct gh_db *db, const char *ref, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT ref, name, kind, org, vetted AS \"vetted?\", can_escort AS \"can_escort?\", "
	    "lockdown_ok AS \"lockdown_ok?\", valid_from, valid_until, status "
	    "FROM person WHERE ref = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, ref);
	int rc = db_table(db, st, t);
	if (rc == GH_OK && t->nrows == 0)
		return db_fail(db, GH_EINPUT, "unknown person '%s'", ref);
	return rc;
}

int
gh_person_grant(struct gh_db *db, const char *ref, const char *profile, const char *from,
    const char *until)
{
	static const char sql[] =
	    "INSERT INTO person_grant(person, profile, valid_from, valid_until) "
	    "VALUES (?1, ?2, nullif(?3, ''), nullif(?4, '')) "
	    "ON CONFLICT(person, profile) DO UPDATE SET valid_from = excluded.valid_from, "
	    "valid_until = excluded.valid_until";
	static const char sql_status[] = "SELECT status = 'active' FROM person WHERE ref = ?1";
	int rc;
	if ((rc = db_check_date(db, "--from", from, 1)) ||
	    (rc = db_check_date(db, "--until", until, 1)))
		return rc;
	if (from && until && from[0] && until[0] && strcmp(from, until) > 0)
		return db_fail(db, GH_EINPUT, "grant from %s is after until %s", from, until);
	int64_t pid = db_id(db, sql_person_id, ref), prid = db_id(db, sql_profile_id, profile);
	if (pid < 0 || prid < 0)
		return GH_EFAIL;
	if (pid == 0)
		return db_fail(db, GH_EINPUT, "unknown person '%s'", ref);
	if (prid == 0)
		return db_fail(db, GH_EINPUT, "unknown profile '%s'", profile);
	if (db_id(db, sql_status, ref) != 1)
		return db_fail(db, GH_EINPUT, "person '%s' has been removed (deprovisioned)", ref);
	if ((rc = db_tx_begin(db)))
		return rc;
	char *before = db_snapshot(db, sql_person_snap, ref);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return audited(db, "person.grant", ref, before, GH_EFAIL);
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_int64(st, 2, prid);
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, until);
	return audited(db, "person.grant", ref, before, db_exec_stmt(db, st, "grant"));
}

int
gh_person_ungrant(struct gh_db *db, const char *ref, const char *profile)
{
	static const char sql[] =
	    "DELETE FROM person_grant WHERE person = ?1 AND profile = ?2";
	int64_t pid = db_id(db, sql_person_id, ref), prid = db_id(db, sql_profile_id, profile);
	int rc;
	if (pid < 0 || prid < 0)
		return GH_EFAIL;
	if (pid == 0)
		return db_fail(db, GH_EINPUT, "unknown person '%s'", ref);
	if (prid == 0)
		return db_fail(db, GH_EINPUT, "unknown profile '%s'", profile);
	if ((rc = db_tx_begin(db)))
		return rc;
	char *before = db_snapshot(db, sql_person_snap, ref);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return audited(db, "person.ungrant", ref, before, GH_EFAIL);
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_int64(st, 2, prid);
	rc = db_exec_stmt(db, st, "ungrant");
	if (rc == GH_OK && sqlite3_changes(db->h) == 0)
		rc = db_fail(db, GH_EINPUT, "person '%s' has no grant of profile '%s'", ref,
		    profile);
	return audited(db, "person.ungrant", ref, before, rc);
}

int
gh_person_remove(struct gh_db *db, const char *ref)
{
	static const char sql_badges[] =
	    "UPDATE badge SET status = 'revoked' WHERE person = ?1 AND status <> 'revoked'";
	static const char sql_grants[] = "DELETE FROM person_grant WHERE person = ?1";
	static const char sql_person[] =
	    "UPDATE person SET status = 'inactive', can_escort = 0, lockdown_ok = 0 "
	    "WHERE id = ?1";
	int64_t pid = db_id(db, sql_person_id, ref);
	int rc;
	if (pid <= 0)
		return pid < 0 ? GH_EFAIL : db_fail(db, GH_EINPUT, "unknown person '%s'", ref);
	if ((rc = db_tx_begin(db)))
		return rc;
	char *before = db_snapshot(db, sql_person_snap, ref);
	const char *const steps[] = { sql_badges, sql_grants, sql_person };
	for (int i = 0; rc == GH_OK && i < 3; i++) {
		sqlite3_stmt *st = db_stmt(db, steps[i]);
		if (st == NULL) {
			rc = GH_EFAIL;
			break;
		}
		sqlite3_bind_int64(st, 1, pid);
		rc = db_exec_stmt(db, st, "remove");
	}
	return audited(db, "person.remove", ref, before, rc);
}

int
gh_person_rights(struct gh_db *db, const char *ref, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT z.name AS zone, z.level, s.name AS schedule, "
	    "s.holidays_closed AS \"holidays_closed?\", pr.name AS profile, "
	    "g.valid_from, g.valid_until FROM person p "
	    "JOIN person_grant g ON g.person = p.id JOIN profile pr ON pr.id = g.profile "
	    "JOIN profile_rule r ON r.profile = g.profile JOIN zone z ON z.id = r.zone "
	    "JOIN schedule s ON s.id = r.schedule WHERE p.ref = ?1 "
	    "ORDER BY CASE z.level WHEN 'private' THEN 1 ELSE 2 END, z.name, s.name";
	return db_table_by(db, sql, ref, t);
}

int
gh_public_zones(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT name AS zone, level FROM zone WHERE level = 'public' ORDER BY name";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_table(db, st, t) : GH_EFAIL;
}

int
gh_restricted_zones(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT name AS zone, level FROM zone WHERE level <> 'public' "
	    "ORDER BY CASE level WHEN 'private' THEN 1 ELSE 2 END, name";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_table(db, st, t) : GH_EFAIL;
}

/* Visits (R-VISITOR-ID) ------------------------------------------------------------ */

int
gh_visit_add(struct gh_db *db, const struct gh_visit_spec *v)
{
	static const char sql[] =
	    "INSERT INTO visit(visitor, host, valid_from, valid_until, id_doc_type, "
	    "id_doc_number, created_at) VALUES (?1, ?2, nullif(?3, ''), nullif(?4, ''), "
	    "?5, ?6, ?7)";
	static const char sql_kind[] = "SELECT kind = 'visitor' FROM person WHERE ref = ?1";
	static const char sql_host[] =
	    "SELECT kind = 'staff' AND status = 'active' FROM person WHERE ref = ?1";
	const char *why;
	int rc;
	int64_t vid = db_id(db, sql_person_id, v->visitor), hid = db_id(db, sql_person_id,
	    v->host);
	if (vid < 0 || hid < 0)
		return GH_EFAIL;
	if (vid == 0)
		return db_fail(db, GH_EINPUT, "unknown person '%s'", v->visitor);
	if (hid == 0)
		return db_fail(db, GH_EINPUT, "unknown host '%s'", v->host);
	if (db_id(db, sql_kind, v->visitor) != 1)
		return db_fail(db, GH_EINPUT, "person '%s' is not a visitor", v->visitor);
	if (db_id(db, sql_host, v->host) != 1)
		return db_fail(db, GH_EINPUT, "host '%s' must be active staff", v->host);
	if ((rc = db_check_date(db, "--from", v->from, 1)) ||
	    (rc = db_check_date(db, "--until", v->until, 1)))
		return rc;
	if ((v->id_doc_type && gh_name_valid(v->id_doc_type, &why) != 0) ||
	    (v->id_doc_number && gh_name_valid(v->id_doc_number, &why) != 0))
		return db_fail(db, GH_EINPUT, "identity document %s (expected TYPE:NUMBER)", why);
	if ((rc = db_tx_begin(db)))
		return rc;
	char *before = db_snapshot(db, sql_person_snap, v->visitor);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return audited(db, "visit.add", v->visitor, before, GH_EFAIL);
	char now[32];
	gh_utc_format_us(gh_now_us(), now, sizeof now);
	sqlite3_bind_int64(st, 1, vid);
	sqlite3_bind_int64(st, 2, hid);
	db_bind_text(st, 3, v->from);
	db_bind_text(st, 4, v->until);
	db_bind_text(st, 5, v->id_doc_type);
	db_bind_text(st, 6, v->id_doc_number);
	db_bind_text(st, 7, now);
	rc = db_exec_stmt(db, st, "visit");
	if (rc != GH_OK)
		return audited(db, "visit.add", v->visitor, before, rc);
	/* The audit trail names the visit, never the identity document number
	 * (personal data is erased after its own retention; the trail is kept longer). */
	free(before);
	char object[320], after[640];
	snprintf(object, sizeof object, "visit:%s", v->visitor);
	struct gh_buf b;
	gh_buf_init(&b);
	gh_buf_puts(&b, "{\"host\":");
	gh_json_quote(&b, v->host);
	gh_buf_puts(&b, ",\"from\":");
	gh_json_quote(&b, v->from ? v->from : "");
	gh_buf_puts(&b, ",\"until\":");
	gh_json_quote(&b, v->until ? v->until : "");
	gh_buf_puts(&b, "}");
	gh_strlcpy(after, b.s, sizeof after);
	gh_buf_free(&b);
	rc = db_audit(db, "visit.add", object, NULL, after);
	return db_tx_end(db, rc);
}

int
gh_visit_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT v.id, p.ref AS visitor, p.name, p.org, h.ref AS host, v.valid_from, "
	    "v.valid_until, v.id_doc_type FROM visit v JOIN person p ON p.id = v.visitor "
	    "JOIN person h ON h.id = v.host ORDER BY v.id";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_table(db, st, t) : GH_EFAIL;
}

/* Badges (R-INDIVIDUAL) ------------------------------------------------------------ */

static const char sql_badge_snap[] =
    "SELECT json_object('credential', b.credential, 'kind', b.kind, 'card_uid', "
    "b.card_uid, 'person', p.ref, 'status', b.status, 'valid_from', b.valid_from, "
    "'valid_until', b.valid_until, 'key_version', b.key_version) FROM badge b "
    "JOIN person p ON p.id = b.person WHERE b.credential = ?1";

static int
badge_audited(struct gh_db *db, const char *action, const char *cred, char *before, int rc)
{
	if (rc == GH_OK) {
		char *after = db_snapshot(db, sql_badge_snap, cred);
		char object[64];
		snprintf(object, sizeof object, "badge:%s", cred);
		rc = db_audit(db, action, object, before, after);
		free(after);
	}
	free(before);
	return db_tx_end(db, rc);
}

int
gh_badge_enroll(struct gh_db *db, const struct gh_badge_spec *b)
{
	static const char sql[] =
	    "INSERT INTO badge(credential, kind, card_uid, person, valid_from, valid_until, "
	    "key_version, enrolled_at) VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), "
	    "nullif(?6, ''), ?7, ?8)";
	static const char sql_owner[] =
	    "SELECT p.ref FROM badge b JOIN person p ON p.id = b.person "
	    "WHERE b.credential = ?1 OR b.card_uid = ?1 OR b.credential = ?2";
	static const char sql_status[] = "SELECT status = 'active' FROM person WHERE ref = ?1";
	int rc;
	if ((rc = db_check_date(db, "--valid-from", b->valid_from, 1)) ||
	    (rc = db_check_date(db, "--valid-until", b->valid_until, 1)))
		return rc;
	int64_t pid = db_id(db, sql_person_id, b->person);
	if (pid <= 0)
		return pid < 0 ? GH_EFAIL : db_fail(db, GH_EINPUT, "unknown person '%s'",
		    b->person);
	if (db_id(db, sql_status, b->person) != 1)
		return db_fail(db, GH_EINPUT, "person '%s' has been removed (deprovisioned)",
		    b->person);
	/* R-INDIVIDUAL: one credential, one person, whatever its spelling. */
	sqlite3_stmt *st = db_stmt(db, sql_owner);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, b->credential);
	db_bind_text(st, 2, b->card_uid ? b->card_uid : b->credential);
	if (sqlite3_step(st) == SQLITE_ROW) {
		rc = db_fail(db, GH_EINPUT, "badge %s is already enrolled (person '%s'); a badge "
		    "belongs to exactly one person", b->credential, sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	if ((rc = db_tx_begin(db)))
		return rc;
	if ((st = db_stmt(db, sql)) == NULL)
		return badge_audited(db, "badge.enroll", b->credential, NULL, GH_EFAIL);
	char now[32];
	gh_utc_format_us(gh_now_us(), now, sizeof now);
	db_bind_text(st, 1, b->credential);
	db_bind_text(st, 2, b->kind);
	db_bind_text(st, 3, b->card_uid ? b->card_uid : b->credential);
	sqlite3_bind_int64(st, 4, pid);
	db_bind_text(st, 5, b->valid_from);
	db_bind_text(st, 6, b->valid_until);
	if (b->key_version > 0)
		sqlite3_bind_int(st, 7, b->key_version);
	db_bind_text(st, 8, now);
	rc = db_exec_stmt(db, st, "badge");
	return badge_audited(db, "badge.enroll", b->credential, NULL, rc);
}

int
gh_badge_set_status(struct gh_db *db, const char *cred, const char *status)
{
	static const char sql[] = "UPDATE badge SET status = ?2 WHERE credential = ?1";
	static const char sql_id[] = "SELECT id FROM badge WHERE credential = ?1";
	static const char sql_cur[] = "SELECT status = 'revoked' FROM badge WHERE credential = ?1";
	int rc;
	if (strcmp(status, "active") && strcmp(status, "suspended") && strcmp(status, "lost") &&
	    strcmp(status, "revoked"))
		return db_fail(db, GH_EINPUT, "badge status '%s' must be active, suspended, "
		    "lost or revoked", status);
	int64_t id = db_id(db, sql_id, cred);
	if (id <= 0)
		return id < 0 ? GH_EFAIL : db_fail(db, GH_EINPUT, "unknown badge %s", cred);
	/* A revoked badge stays revoked: a found badge gets a new enrollment. */
	if (db_id(db, sql_cur, cred) == 1 && strcmp(status, "revoked") != 0)
		return db_fail(db, GH_EINPUT, "badge %s is revoked; revocation is final", cred);
	if ((rc = db_tx_begin(db)))
		return rc;
	char *before = db_snapshot(db, sql_badge_snap, cred);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return badge_audited(db, "badge.set", cred, before, GH_EFAIL);
	db_bind_text(st, 1, cred);
	db_bind_text(st, 2, status);
	return badge_audited(db, "badge.set", cred, before, db_exec_stmt(db, st, "badge"));
}

int
gh_badge_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT b.credential, b.kind, b.card_uid, p.ref AS person, p.name, b.status, "
	    "b.valid_from, b.valid_until, "
	    "(b.kind = 'uid') AS \"cloneable?\" FROM badge b JOIN person p ON p.id = b.person "
	    "ORDER BY p.ref, b.credential";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_table(db, st, t) : GH_EFAIL;
}

int
gh_audit_list(struct gh_db *db, const char *since_utc, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT ts, actor, action, object, before, after FROM audit "
	    "WHERE ?1 IS NULL OR ts >= ?1 ORDER BY id";
	return db_table_by(db, sql, since_utc, t);
}

int
gh_visitor_erase(struct gh_db *db, const char *cutoff, int dry_run, struct gh_table *t)
{
	/* Visitors whose last visit (or, without visits, whose validity) ended before the
	 * cutoff date, not yet erased. */
	static const char sql_list[] =
	    "SELECT p.ref FROM person p WHERE p.kind = 'visitor' AND p.name <> '' "
	    "AND coalesce((SELECT max(coalesce(v.valid_until, substr(v.created_at, 1, 10))) "
	    "  FROM visit v WHERE v.visitor = p.id), p.valid_until, '9999-12-31') < ?1 "
	    "ORDER BY p.ref";
	static const char sql_visits[] =
	    "UPDATE visit SET id_doc_type = NULL, id_doc_number = NULL "
	    "WHERE visitor = (SELECT id FROM person WHERE ref = ?1)";
	static const char sql_person[] =
	    "UPDATE person SET name = '', org = '', status = 'inactive' WHERE ref = ?1";
	static const char sql_badges[] =
	    "UPDATE badge SET status = 'revoked' WHERE status <> 'revoked' "
	    "AND person = (SELECT id FROM person WHERE ref = ?1)";
	sqlite3_stmt *st = db_stmt(db, sql_list);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, cutoff);
	int rc = db_table(db, st, t);
	if (rc != GH_OK || dry_run || t->nrows == 0)
		return rc;
	if ((rc = db_tx_begin(db)) != GH_OK)
		return rc;
	for (int r = 0; rc == GH_OK && r < t->nrows; r++) {
		const char *ref = gh_table_cell(t, r, 0);
		char *before = db_snapshot(db, sql_person_snap, ref);
		const char *const steps[] = { sql_visits, sql_person, sql_badges };
		for (int i = 0; rc == GH_OK && i < 3; i++) {
			if ((st = db_stmt(db, steps[i])) == NULL) {
				rc = GH_EFAIL;
				break;
			}
			db_bind_text(st, 1, ref);
			rc = db_exec_stmt(db, st, "visitor erase");
		}
		if (rc == GH_OK) {
			char *after = db_snapshot(db, sql_person_snap, ref);
			char object[320];
			snprintf(object, sizeof object, "person:%s", ref);
			rc = db_audit(db, "visitor.erase", object, before, after);
			free(after);
		}
		free(before);
	}
	return db_tx_end(db, rc);
}

int
gh_badge_secure_uid(struct gh_db *db, const char *uid)
{
	static const char sql[] =
	    "SELECT 1 FROM badge WHERE kind = 'desfire' AND card_uid = ?1 LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, uid);
	int r = sqlite3_step(st);
	sqlite3_reset(st);
	return r == SQLITE_ROW ? 1 : r == SQLITE_DONE ? 0 : -1;
}
