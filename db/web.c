/* The web UI's records: person search, the site's documents, a visitor's escort for
 * the day.  Every change is audited in the same transaction (R-RIGHTS-AUDIT). */
#include "db/db_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/util.h"

int
gh_person_search(struct gh_db *db, const char *text, int limit, struct gh_table *t)
{
	/* instr on lower(): no LIKE, so % and _ in the text are plain characters. */
	static const char sql[] =
	    "SELECT ref, name, kind, org, vetted AS \"vetted?\", can_escort AS \"can_escort?\", "
	    "lockdown_ok AS \"lockdown_ok?\", valid_from, valid_until, status, "
	    "(SELECT count(*) FROM badge b WHERE b.person = p.id AND b.status = 'active') "
	    "AS badges FROM person p WHERE instr(lower(ref), lower(?1)) > 0 "
	    "OR instr(lower(name), lower(?1)) > 0 OR instr(lower(coalesce(org, '')), "
	    "lower(?1)) > 0 ORDER BY name, ref LIMIT ?2";
	const char *why;
	if (text == NULL || gh_text_valid(text, &why) != 0)
		return db_fail(db, GH_EINPUT, "search text %s", text ? why : "missing");
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, text);
	sqlite3_bind_int(st, 2, limit);
	return db_table(db, st, t);
}

static const char sql_doc_snap[] =
    "SELECT json_object('name', name, 'body', body) FROM document WHERE name = ?1";

int
gh_document_get(struct gh_db *db, const char *name, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT body, updated_at, updated_by FROM document WHERE name = ?1";
	return db_table_by(db, sql, name, t);
}

int
gh_document_set(struct gh_db *db, const char *name, const char *body)
{
	static const char sql[] =
	    "INSERT INTO document(name, body, updated_at, updated_by) VALUES (?1, ?2, "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3) ON CONFLICT(name) DO UPDATE SET "
	    "body = excluded.body, updated_at = excluded.updated_at, "
	    "updated_by = excluded.updated_by";
	const char *why;
	if (name == NULL || gh_name_valid(name, &why) != 0)
		return db_fail(db, GH_EINPUT, "document name %s", name ? why : "missing");
	if (body == NULL || strlen(body) > 32 * 1024)
		return db_fail(db, GH_EINPUT, "document '%s': the text is missing or longer "
		    "than 32 KiB", name);
	for (const unsigned char *p = (const unsigned char *)body; *p; p++)
		if (*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t')
			return db_fail(db, GH_EINPUT, "document '%s': control characters",
			    name);
	if (!gh_utf8_valid(body, strlen(body)))
		return db_fail(db, GH_EINPUT, "document '%s': not UTF-8", name);
	int rc = db_tx_begin(db);
	if (rc != GH_OK)
		return rc;
	char *before = db_snapshot(db, sql_doc_snap, name);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL) {
		free(before);
		return db_tx_end(db, GH_EFAIL);
	}
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, body);
	db_bind_text(st, 3, db->actor);
	rc = db_exec_stmt(db, st, "document");
	if (rc == GH_OK) {
		char *after = db_snapshot(db, sql_doc_snap, name);
		char object[128];
		snprintf(object, sizeof object, "document:%s", name);
		rc = db_audit(db, "document.set", object, before, after);
		free(after);
	}
	free(before);
	return db_tx_end(db, rc);
}

int
gh_escort_day_set(struct gh_db *db, const char *visitor, const char *escort,
    const char *day)
{
	static const char sql_visitor[] =
	    "SELECT id FROM person WHERE ref = ?1 AND kind IN ('visitor', 'contractor')";
	static const char sql_escort[] =
	    "SELECT id FROM person WHERE ref = ?1 AND kind = 'staff' AND can_escort "
	    "AND status = 'active'";
	static const char sql[] =
	    "INSERT INTO escort_day(visitor, day, escort) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT(visitor, day) DO UPDATE SET escort = excluded.escort";
	static const char sql_snap[] =
	    "SELECT json_object('visitor', v.ref, 'day', e.day, 'escort', s.ref) "
	    "FROM escort_day e JOIN person v ON v.id = e.visitor "
	    "JOIN person s ON s.id = e.escort WHERE v.ref = ?1 AND e.day = ?2";
	int rc = db_check_date(db, "day", day, 0);
	if (rc != GH_OK)
		return rc;
	int64_t vid = db_id(db, sql_visitor, visitor), eid = db_id(db, sql_escort, escort);
	if (vid < 0 || eid < 0)
		return GH_EFAIL;
	if (vid == 0)
		return db_fail(db, GH_EINPUT, "'%s' is not a visitor or contractor", visitor);
	if (eid == 0)
		return db_fail(db, GH_EINPUT, "'%s' is not active staff allowed to escort",
		    escort);
	if ((rc = db_tx_begin(db)) != GH_OK)
		return rc;
	char key[300];
	snprintf(key, sizeof key, "%s", visitor);
	sqlite3_stmt *snap = db_stmt(db, sql_snap), *st = db_stmt(db, sql);
	if (snap == NULL || st == NULL)
		return db_tx_end(db, GH_EFAIL);
	char *before = NULL, *after = NULL;
	for (int pass = 0; pass < 2; pass++) {
		db_bind_text(snap, 1, visitor);
		db_bind_text(snap, 2, day);
		if (sqlite3_step(snap) == SQLITE_ROW) {
			char *s = strdup((const char *)sqlite3_column_text(snap, 0));
			if (pass == 0)
				before = s;
			else
				after = s;
		}
		sqlite3_reset(snap);
		if (pass == 0) {
			sqlite3_bind_int64(st, 1, vid);
			db_bind_text(st, 2, day);
			sqlite3_bind_int64(st, 3, eid);
			if ((rc = db_exec_stmt(db, st, "escort")) != GH_OK)
				break;
		}
	}
	if (rc == GH_OK) {
		char object[320];
		snprintf(object, sizeof object, "person:%s", visitor);
		rc = db_audit(db, "escort.day", object, before, after);
	}
	free(before);
	free(after);
	return db_tx_end(db, rc);
}

int
gh_escort_day_list(struct gh_db *db, const char *day, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT v.ref AS visitor, v.name AS visitor_name, v.org AS org, "
	    "s.ref AS escort, s.name AS escort_name FROM escort_day e "
	    "JOIN person v ON v.id = e.visitor JOIN person s ON s.id = e.escort "
	    "WHERE e.day = ?1 ORDER BY v.name";
	return db_table_by(db, sql, day, t);
}

/* The controller's status object (control socket `status`), read with SQLite's JSON
 * functions. */
int
gh_status_presence(struct gh_db *db, const char *status, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT json_extract(value, '$.person') AS person, "
	    "json_extract(value, '$.zone') AS zone, json_extract(value, '$.escort') AS escort "
	    "FROM json_each(?1, '$.presence')";
	return db_table_by(db, sql, status, t);
}

int
gh_status_overdue_review(struct gh_db *db, const char *status, char *month, size_t len)
{
	static const char sql[] =
	    "SELECT json_extract(value, '$.source') AS month FROM json_each(?1, '$.alarms') "
	    "WHERE json_extract(value, '$.code') = 'review-overdue' "
	    "AND json_extract(value, '$.source') NOT IN (SELECT month FROM review) LIMIT 1";
	struct gh_table t;
	gh_table_init(&t);
	int rc = db_table_by(db, sql, status, &t);
	int found = rc == GH_OK && t.nrows > 0 && gh_table_cell(&t, 0, 0) != NULL;
	if (found)
		snprintf(month, len, "%s", gh_table_cell(&t, 0, 0));
	gh_table_free(&t);
	return rc == GH_OK ? found : -1;
}
