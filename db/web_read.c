/* The web UI's read-only listings: a person's grants, badges and visits, the journal
 * and the audit trail filtered and paged.  See db/db.h. */
#include <stdio.h>
#include <string.h>

#include "db/db_private.h"
#include "db/journal.h"

int
gh_person_grants(struct gh_db *db, const char *ref, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT pr.name AS profile, g.valid_from, g.valid_until FROM person_grant g "
	    "JOIN person p ON p.id = g.person JOIN profile pr ON pr.id = g.profile "
	    "WHERE p.ref = ?1 ORDER BY pr.name";
	return db_table_by(db, sql, ref, t);
}

int
gh_person_badges(struct gh_db *db, const char *ref, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT b.credential, b.kind, b.card_uid, b.status, b.valid_from, b.valid_until, "
	    "b.enrolled_at, (b.kind = 'uid') AS \"cloneable?\" FROM badge b "
	    "JOIN person p ON p.id = b.person WHERE p.ref = ?1 "
	    "ORDER BY b.status <> 'active', b.credential";
	return db_table_by(db, sql, ref, t);
}

int
gh_person_visits(struct gh_db *db, const char *ref, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT v.id, h.ref AS host, h.name AS host_name, v.valid_from, v.valid_until, "
	    "v.id_doc_type, v.id_doc_number, v.created_at FROM visit v "
	    "JOIN person p ON p.id = v.visitor JOIN person h ON h.id = v.host "
	    "WHERE p.ref = ?1 ORDER BY v.id DESC";
	return db_table_by(db, sql, ref, t);
}

int
gh_audit_range(struct gh_db *db, const char *since_utc, const char *until_utc, int offset,
    int limit, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT id, ts, actor, action, object, before, after FROM audit "
	    "WHERE (?1 IS NULL OR ts >= ?1) AND (?2 IS NULL OR ts < ?2) "
	    "ORDER BY id DESC LIMIT ?4 OFFSET ?3";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, since_utc);
	db_bind_text(st, 2, until_utc);
	sqlite3_bind_int(st, 3, offset < 0 ? 0 : offset);
	sqlite3_bind_int(st, 4, limit <= 0 ? -1 : limit);
	return db_table(db, st, t);
}

/* The journal's rows and their filters; gh_journal_list is the same with a door and a
 * person only, oldest first. */
#define EVENT_QUERY                                                                   \
	"SELECT seq, strftime('%Y-%m-%dT%H:%M:%S', ts_us / 1000000, 'unixepoch') || "   \
	"printf('.%06dZ', ts_us % 1000000) AS time, kind, door, zone, reader, credential, " \
	"person, escort, decision, reason, operator, details FROM event "               \
	"WHERE (?1 = 0 OR ts_us >= ?1) AND (?2 = 0 OR ts_us < ?2) "                     \
	"AND (?3 IS NULL OR door = ?3) AND (?4 IS NULL OR zone = ?4) "                  \
	"AND (?5 IS NULL OR person = ?5 OR escort = ?5) AND (?6 IS NULL OR decision = ?6) "

int
gh_journal_query(struct gh_journal *j, const struct gh_event_query *f, struct gh_table *t)
{
	static const char sql[] = EVENT_QUERY "ORDER BY seq DESC LIMIT ?8 OFFSET ?7";
	static const char sql_asc[] = EVENT_QUERY "ORDER BY seq LIMIT ?8 OFFSET ?7";
	struct gh_db *db = gh_journal_handle(j);
	sqlite3_stmt *st = db_stmt(db, f->oldest_first ? sql_asc : sql);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, f->since_us);
	sqlite3_bind_int64(st, 2, f->until_us);
	db_bind_text(st, 3, f->door);
	db_bind_text(st, 4, f->zone);
	db_bind_text(st, 5, f->person);
	db_bind_text(st, 6, f->decision);
	sqlite3_bind_int(st, 7, f->offset < 0 ? 0 : f->offset);
	sqlite3_bind_int(st, 8, f->limit <= 0 ? -1 : f->limit);
	return db_table(db, st, t);
}

int
gh_json_diff(struct gh_db *db, const char *before, const char *after, struct gh_table *t)
{
	static const char sql[] =
	    "WITH b AS (SELECT key, value FROM json_each(coalesce(?1, '{}'))), "
	    "a AS (SELECT key, value FROM json_each(coalesce(?2, '{}'))) "
	    "SELECT k.key, b.value AS before, a.value AS after, "
	    "(b.key IS NULL OR a.key IS NULL OR b.value IS NOT a.value) AS \"changed?\" "
	    "FROM (SELECT key FROM b UNION SELECT key FROM a) k "
	    "LEFT JOIN b ON b.key = k.key LEFT JOIN a ON a.key = k.key ORDER BY k.key";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, before);
	db_bind_text(st, 2, after);
	return db_table(db, st, t);
}

int
gh_json_array_diff(struct gh_db *db, const char *before, const char *after,
    struct gh_table *t)
{
	static const char sql[] =
	    "WITH b AS (SELECT value FROM json_each(coalesce(CASE WHEN json_valid(?1) THEN "
	    "CASE WHEN json_type(?1) = 'array' THEN ?1 END END, '[]'))), "
	    "a AS (SELECT value FROM json_each(coalesce(CASE WHEN json_valid(?2) THEN "
	    "CASE WHEN json_type(?2) = 'array' THEN ?2 END END, '[]'))) "
	    "SELECT 'removed' AS change, value FROM (SELECT value FROM b EXCEPT "
	    "SELECT value FROM a) UNION ALL "
	    "SELECT 'added', value FROM (SELECT value FROM a EXCEPT SELECT value FROM b)";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, before);
	db_bind_text(st, 2, after);
	return db_table(db, st, t);
}

int
gh_json_members(struct gh_db *db, const char *object, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT key, value FROM json_each(coalesce(CASE WHEN json_valid(?1) THEN "
	    "CASE WHEN json_type(?1) = 'object' THEN ?1 END END, '{}')) ORDER BY id";
	return db_table_by(db, sql, object, t);
}
