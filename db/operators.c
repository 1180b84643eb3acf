/* Operator accounts of the web service (R-AUTH): nominative, roles, an argon2id hash
 * and a TOTP secret; lockout state; API tokens.  Secrets never reach the audit trail:
 * its snapshots hold the name, roles and state only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/util.h"
#include "db/db_private.h"

static const char sql_snap[] =
    "SELECT json_object('name', name, 'roles', roles, 'disabled', disabled, "
    "'locked_until', locked_until, 'totp', totp_secret IS NOT NULL) "
    "FROM operator WHERE name = ?1";

static int
audited(struct gh_db *db, const char *action, const char *name, char *before)
{
	char *after = db_snapshot(db, sql_snap, name);
	char object[300];
	snprintf(object, sizeof object, "operator:%s", name);
	int rc = db_audit(db, action, object, before, after);
	free(after);
	return rc;
}

int
gh_operator_add(struct gh_db *db, const char *name, const char *roles,
    const char *password_hash, const char *totp_secret)
{
	static const char sql[] =
	    "INSERT INTO operator(name, roles, password_hash, totp_secret, created_at) "
	    "VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
	const char *why;
	if (gh_name_valid(name, &why) != 0)
		return db_fail(db, GH_EINPUT, "operator name %s", why);
	int rc = db_tx_begin(db);
	if (rc != GH_OK)
		return rc;
	if (db_id(db, "SELECT id FROM operator WHERE name = ?1", name) > 0) {
		rc = db_fail(db, GH_EINPUT, "operator '%s' exists", name);
		return db_tx_end(db, rc);
	}
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return db_tx_end(db, GH_EFAIL);
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, roles);
	db_bind_text(st, 3, password_hash);
	db_bind_text(st, 4, totp_secret);
	rc = db_exec_stmt(db, st, "operator");
	if (rc == GH_OK)
		rc = audited(db, "operator.add", name, NULL);
	return db_tx_end(db, rc);
}

int
gh_operator_get(struct gh_db *db, const char *name, struct gh_operator *o)
{
	static const char sql[] =
	    "SELECT id, name, roles, coalesce(password_hash, ''), coalesce(totp_secret, ''), "
	    "failures, locked_until, lockouts, totp_step, disabled, coalesce(lang, '') "
	    "FROM operator WHERE name = ?1";
	memset(o, 0, sizeof *o);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, name);
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		return db_fail(db, GH_EINPUT, "no operator '%s'", name);
	if (r != SQLITE_ROW)
		return db_sqlfail(db, "operator");
	o->id = sqlite3_column_int64(st, 0);
	snprintf(o->name, sizeof o->name, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(o->roles, sizeof o->roles, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(o->password_hash, sizeof o->password_hash, "%s",
	    (const char *)sqlite3_column_text(st, 3));
	snprintf(o->totp_secret, sizeof o->totp_secret, "%s",
	    (const char *)sqlite3_column_text(st, 4));
	o->failures = sqlite3_column_int(st, 5);
	o->locked_until = sqlite3_column_int64(st, 6);
	o->lockouts = sqlite3_column_int(st, 7);
	o->totp_step = sqlite3_column_int64(st, 8);
	o->disabled = sqlite3_column_int(st, 9);
	snprintf(o->lang, sizeof o->lang, "%s", (const char *)sqlite3_column_text(st, 10));
	sqlite3_reset(st);
	return GH_OK;
}

int
gh_operator_login_state(struct gh_db *db, int64_t id, int failures, int64_t locked_until,
    int lockouts, int64_t totp_step)
{
	static const char sql[] =
	    "UPDATE operator SET failures = ?2, locked_until = ?3, lockouts = ?4, "
	    "totp_step = max(totp_step, ?5) WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, failures);
	sqlite3_bind_int64(st, 3, locked_until);
	sqlite3_bind_int(st, 4, lockouts);
	sqlite3_bind_int64(st, 5, totp_step);
	return db_exec_stmt(db, st, "operator");
}

int
gh_operator_unlock(struct gh_db *db, const char *name)
{
	static const char sql[] =
	    "UPDATE operator SET failures = 0, locked_until = 0, lockouts = 0 WHERE name = ?1";
	int rc = db_tx_begin(db);
	if (rc != GH_OK)
		return rc;
	char *before = db_snapshot(db, sql_snap, name);
	if (before == NULL) {
		rc = db_fail(db, GH_EINPUT, "no operator '%s'", name);
		return db_tx_end(db, rc);
	}
	sqlite3_stmt *st = db_stmt(db, sql);
	rc = st ? (db_bind_text(st, 1, name), db_exec_stmt(db, st, "operator")) : GH_EFAIL;
	if (rc == GH_OK)
		rc = audited(db, "operator.unlock", name, before);
	free(before);
	return db_tx_end(db, rc);
}

int
gh_operator_set(struct gh_db *db, const char *name, const char *roles,
    const char *password_hash, const char *totp_secret, int disabled)
{
	static const char sql[] =
	    "UPDATE operator SET roles = coalesce(?2, roles), "
	    "password_hash = coalesce(?3, password_hash), "
	    "totp_secret = CASE WHEN ?4 IS NULL THEN totp_secret ELSE ?4 END, "
	    "totp_step = CASE WHEN ?4 IS NULL THEN totp_step ELSE 0 END, "
	    "disabled = CASE WHEN ?5 < 0 THEN disabled ELSE ?5 END WHERE name = ?1";
	int rc = db_tx_begin(db);
	if (rc != GH_OK)
		return rc;
	char *before = db_snapshot(db, sql_snap, name);
	if (before == NULL) {
		rc = db_fail(db, GH_EINPUT, "no operator '%s'", name);
		return db_tx_end(db, rc);
	}
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL) {
		free(before);
		return db_tx_end(db, GH_EFAIL);
	}
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, roles);
	db_bind_text(st, 3, password_hash);
	db_bind_text(st, 4, totp_secret);
	sqlite3_bind_int(st, 5, disabled);
	rc = db_exec_stmt(db, st, "operator");
	if (rc == GH_OK)
		rc = audited(db, password_hash ? "operator.password" : "operator.set", name,
		    before);
	free(before);
	return db_tx_end(db, rc);
}

int
gh_operator_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT name, roles, (totp_secret IS NOT NULL) AS \"totp?\", "
	    "(disabled != 0) AS \"disabled?\", "
	    "CASE WHEN locked_until > CAST(strftime('%s','now') AS INTEGER) * 1000000 "
	    "THEN strftime('%Y-%m-%dT%H:%M:%SZ', locked_until / 1000000, 'unixepoch') "
	    "ELSE '' END AS locked_until, created_at FROM operator ORDER BY name";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	return db_table(db, st, t);
}

/* API tokens for machine clients: stored as the SHA-256 of the token (the token itself
 * is random, 256 bits: no stretching needed), scoped to roles, revocable. */
static const char sql_token_snap[] =
    "SELECT json_object('operator', o.name, 'token', t.name, 'roles', t.roles, "
    "'revoked_at', t.revoked_at) FROM api_token t JOIN operator o ON o.id = t.operator "
    "WHERE o.name || '/' || t.name = ?1";

int
gh_token_add(struct gh_db *db, const char *operator_, const char *name, const char *roles,
    const char *hash_hex)
{
	static const char sql[] =
	    "INSERT INTO api_token(operator, name, roles, hash, created_at) "
	    "SELECT id, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM operator "
	    "WHERE name = ?1";
	const char *why;
	if (gh_name_valid(name, &why) != 0 || strchr(name, '/'))
		return db_fail(db, GH_EINPUT, "token name %s", why ? why : "has a slash");
	int rc = db_tx_begin(db);
	if (rc != GH_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return db_tx_end(db, GH_EFAIL);
	db_bind_text(st, 1, operator_);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, roles);
	db_bind_text(st, 4, hash_hex);
	rc = db_exec_stmt(db, st, "token (one name per operator)");
	if (rc == GH_OK && sqlite3_changes(db->h) == 0)
		rc = db_fail(db, GH_EINPUT, "no operator '%s'", operator_);
	if (rc == GH_OK) {
		char key[600], object[620];
		snprintf(key, sizeof key, "%s/%s", operator_, name);
		char *after = db_snapshot(db, sql_token_snap, key);
		snprintf(object, sizeof object, "token:%s", key);
		rc = db_audit(db, "token.add", object, NULL, after);
		free(after);
	}
	return db_tx_end(db, rc);
}

int
gh_token_revoke(struct gh_db *db, const char *operator_, const char *name)
{
	static const char sql[] =
	    "UPDATE api_token SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
	    "WHERE revoked_at IS NULL AND name = ?2 AND "
	    "operator = (SELECT id FROM operator WHERE name = ?1)";
	char key[600], object[620];
	snprintf(key, sizeof key, "%s/%s", operator_, name);
	int rc = db_tx_begin(db);
	if (rc != GH_OK)
		return rc;
	char *before = db_snapshot(db, sql_token_snap, key);
	sqlite3_stmt *st = db_stmt(db, sql);
	rc = st ? (db_bind_text(st, 1, operator_), db_bind_text(st, 2, name),
	    db_exec_stmt(db, st, "token")) : GH_EFAIL;
	if (rc == GH_OK && sqlite3_changes(db->h) == 0)
		rc = db_fail(db, GH_EINPUT, "no active token '%s' of '%s'", name, operator_);
	if (rc == GH_OK) {
		char *after = db_snapshot(db, sql_token_snap, key);
		snprintf(object, sizeof object, "token:%s", key);
		rc = db_audit(db, "token.revoke", object, before, after);
		free(after);
	}
	free(before);
	return db_tx_end(db, rc);
}

int
gh_token_lookup(struct gh_db *db, const char *hash_hex, char *operator_, size_t oplen,
    char *roles, size_t rlen)
{
	static const char sql[] =
	    "SELECT o.name, t.roles FROM api_token t JOIN operator o ON o.id = t.operator "
	    "WHERE t.hash = ?1 AND t.revoked_at IS NULL AND o.disabled = 0";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, hash_hex);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		snprintf(operator_, oplen, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(roles, rlen, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return r == SQLITE_ROW ? GH_OK : r == SQLITE_DONE ? GH_EINPUT : db_sqlfail(db, "token");
}

int
gh_token_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT o.name AS operator, t.name AS token, t.roles, t.created_at, "
	    "coalesce(t.revoked_at, '') AS revoked_at FROM api_token t "
	    "JOIN operator o ON o.id = t.operator ORDER BY o.name, t.name";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	return db_table(db, st, t);
}

int
gh_operator_set_lang(struct gh_db *db, const char *name, const char *lang)
{
	static const char sql[] = "UPDATE operator SET lang = ?2 WHERE name = ?1";
	if (lang == NULL || (strcmp(lang, "fr") && strcmp(lang, "ar") && strcmp(lang, "en")))
		return db_fail(db, GH_EINPUT, "language must be fr, ar or en");
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, lang);
	return db_exec_stmt(db, st, "operator");
}
