/* The monthly review's queries (R-REVIEW): over the journal (events of a period, in UTC
 * microseconds [since, until)) and over the configuration (who holds access to which
 * zone).  Every result is a table for controller/cli/report.c to assemble. */
#include <stdio.h>
#include <string.h>

#include "db/db_private.h"
#include "db/journal.h"
#include "db/report.h"

static int
range_table(struct gh_journal *j, const char *sql, int64_t since, int64_t until,
    struct gh_table *t)
{
	struct gh_db *db = gh_journal_handle(j);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	return db_table(db, st, t);
}

int
gh_report_decisions(struct gh_journal *j, int64_t since, int64_t until, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT zone, decision, reason, count(*) AS n FROM event WHERE kind = 'access' "
	    "AND ts_us >= ?1 AND ts_us < ?2 AND zone IS NOT NULL GROUP BY 1, 2, 3 "
	    "ORDER BY 1, 2, 4 DESC";
	return range_table(j, sql, since, until, t);
}

int
gh_report_entries(struct gh_journal *j, int64_t since, int64_t until, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT seq, ts_us, zone, door, reader, person, escort, credential FROM event "
	    "WHERE kind = 'access' AND decision = 'granted' AND ts_us >= ?1 AND ts_us < ?2 "
	    "ORDER BY seq";
	return range_table(j, sql, since, until, t);
}

int
gh_report_alarms(struct gh_journal *j, int64_t since, int64_t until, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT r.seq AS id, r.ts_us AS raised_us, r.reason AS code, "
	    "json_extract(r.details, '$.source') AS source, a.operator AS acked_by, "
	    "a.ts_us AS acked_us, json_extract(a.details, '$.comment') AS comment "
	    "FROM event r LEFT JOIN event a ON a.kind = 'alarm-acked' AND "
	    "json_extract(a.details, '$.alarm_id') = r.seq "
	    "WHERE r.kind = 'alarm-raised' AND r.ts_us >= ?1 AND r.ts_us < ?2 ORDER BY r.seq";
	return range_table(j, sql, since, until, t);
}

int
gh_report_operations(struct gh_journal *j, int64_t since, int64_t until, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT seq, ts_us, kind, door, operator, reason, "
	    "coalesce(json_extract(details, '$.reason'), '') AS why FROM event "
	    "WHERE kind IN ('mode-changed', 'door-released') AND ts_us >= ?1 AND ts_us < ?2 "
	    "ORDER BY seq";
	return range_table(j, sql, since, until, t);
}

int
gh_report_rights(struct gh_journal *j, int64_t since, int64_t until, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT seq, ts_us, operator, json_extract(details, '$.action') AS action, "
	    "json_extract(details, '$.object') AS object FROM event "
	    "WHERE kind = 'rights-change' AND ts_us >= ?1 AND ts_us < ?2 ORDER BY seq";
	return range_table(j, sql, since, until, t);
}

int
gh_report_last_entries(struct gh_journal *j, int64_t until, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT person, zone, max(ts_us) AS last_us FROM event WHERE kind = 'access' "
	    "AND decision = 'granted' AND person IS NOT NULL AND ts_us >= ?1 AND ts_us < ?2 "
	    "GROUP BY 1, 2";
	return range_table(j, sql, 0, until, t);
}

int
gh_report_span(struct gh_journal *j, int64_t *first_seq, int64_t *first_us)
{
	static const char sql[] = "SELECT coalesce(min(seq), 0), coalesce(min(ts_us), 0) FROM event";
	struct gh_db *db = gh_journal_handle(j);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL || sqlite3_step(st) != SQLITE_ROW)
		return GH_EFAIL;
	*first_seq = sqlite3_column_int64(st, 0);
	*first_us = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return GH_OK;
}

int
gh_report_zone_holders(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT DISTINCT p.ref AS person, p.name, p.kind, p.org, z.name AS zone, "
	    "z.level FROM person p JOIN person_grant g ON g.person = p.id "
	    "JOIN profile_rule r ON r.profile = g.profile JOIN zone z ON z.id = r.zone "
	    "WHERE p.status = 'active' AND z.level IN ('private', 'sensitive') ORDER BY 5, 1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	return db_table(db, st, t);
}

int
gh_report_people(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT p.ref, p.name, p.kind, p.org, "
	    "(SELECT group_concat(b.credential || ':' || b.kind, ' ') FROM badge b "
	    "WHERE b.person = p.id) AS badges FROM person p ORDER BY p.ref";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	return db_table(db, st, t);
}
