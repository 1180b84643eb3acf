/* The monthly review's queries (R-REVIEW): over the journal (events of a period, in UTC
 * microseconds [since, until)) and over the configuration (who holds access to which
 * zone).  Every result is a table for controller/cli/report.c to assemble. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "db/db_private.h"
#include "db/journal.h"
#include "db/report.h"

/* Rows up to this seq only (0: all): a report made again later for the same bound
 * says the same, whatever was journalled since. */
static __thread int64_t max_seq;	/* per thread: the web service reports in several */

void
gh_report_bound(int64_t seq)
{
	max_seq = seq;
}

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
	sqlite3_bind_int64(st, 3, max_seq > 0 ? max_seq : INT64_MAX);
	return db_table(db, st, t);
}

/* The rare kinds' partial index (journal migration 2): a query names this term to use
 * it. */
#define RARE "kind IN ('alarm-raised', 'alarm-acked', 'mode-changed', 'door-released', " \
	"'rights-change')"

int
gh_report_seq_span(struct gh_journal *j, int64_t since, int64_t until, int64_t *first,
    int64_t *last)
{
	static const char sql[] =
	    "SELECT coalesce(min(seq), 0), coalesce(max(seq), -1) FROM event "
	    "WHERE ts_us >= ?1 AND ts_us < ?2 AND seq <= ?3";
	struct gh_db *db = gh_journal_handle(j);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_int64(st, 3, max_seq > 0 ? max_seq : INT64_MAX);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*first = sqlite3_column_int64(st, 0);
		*last = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? GH_OK : db_sqlfail(db, "report span");
}

int
gh_report_each_access(struct gh_journal *j, int64_t since, int64_t until, int64_t first,
    int64_t last, gh_access_fn fn, void *ctx)
{
	/* A month's rows are one stretch of seq: read it in table order (sequential
	 * pages), "+ts_us" keeping the planner off the time index, which would fetch
	 * every row's page at random.  Only access rows carry a decision. */
	static const char sql[] =
	    "SELECT ts_us, zone, person, escort, credential, decision, reason FROM event "
	    "WHERE seq >= ?4 AND seq <= ?5 AND seq <= ?3 AND +ts_us >= ?1 AND +ts_us < ?2 "
	    "AND decision IS NOT NULL ORDER BY seq";
	struct gh_db *db = gh_journal_handle(j);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_int64(st, 3, max_seq > 0 ? max_seq : INT64_MAX);
	sqlite3_bind_int64(st, 4, first);
	sqlite3_bind_int64(st, 5, last);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct gh_access_row r = {
			.ts_us = sqlite3_column_int64(st, 0),
			.zone = (const char *)sqlite3_column_text(st, 1),
			.person = (const char *)sqlite3_column_text(st, 2),
			.escort = (const char *)sqlite3_column_text(st, 3),
			.credential = (const char *)sqlite3_column_text(st, 4),
			.decision = (const char *)sqlite3_column_text(st, 5),
			.reason = (const char *)sqlite3_column_text(st, 6),
		};
		fn(ctx, &r);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GH_OK : db_sqlfail(db, "report access rows");
}

int
gh_report_alarms(struct gh_journal *j, int64_t since, int64_t until, struct gh_table *t)
{
	/* The month's alarms, and the acknowledgements after the first of them, each
	 * read once through the rare kinds' index, joined on the alarm's id. */
	static const char sql[] =
	    "WITH r AS (SELECT seq, ts_us, reason, details FROM event WHERE " RARE
	    " AND kind = 'alarm-raised' AND ts_us >= ?1 AND ts_us < ?2 AND seq <= ?3), "
	    "a AS (SELECT json_extract(details, '$.alarm_id') AS alarm_id, operator, ts_us, "
	    "json_extract(details, '$.comment') AS comment FROM event WHERE " RARE
	    " AND kind = 'alarm-acked' AND ts_us >= ?1 AND seq <= ?3 "
	    "AND seq > (SELECT coalesce(min(seq), 0) FROM r)) "
	    "SELECT r.seq AS id, r.ts_us AS raised_us, r.reason AS code, "
	    "json_extract(r.details, '$.source') AS source, a.operator AS acked_by, "
	    "a.ts_us AS acked_us, a.comment AS comment "
	    "FROM r LEFT JOIN a ON a.alarm_id = r.seq ORDER BY r.seq";
	return range_table(j, sql, since, until, t);
}

int
gh_report_operations(struct gh_journal *j, int64_t since, int64_t until, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT seq, ts_us, kind, door, operator, reason, "
	    "coalesce(json_extract(details, '$.reason'), '') AS why FROM event "
	    "WHERE " RARE " AND kind IN ('mode-changed', 'door-released') AND ts_us >= ?1 "
	    "AND ts_us < ?2 AND seq <= ?3 ORDER BY seq";
	return range_table(j, sql, since, until, t);
}

int
gh_report_rights(struct gh_journal *j, int64_t since, int64_t until, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT seq, ts_us, operator, json_extract(details, '$.action') AS action, "
	    "json_extract(details, '$.object') AS object FROM event "
	    "WHERE " RARE " AND kind = 'rights-change' AND ts_us >= ?1 AND ts_us < ?2 "
	    "AND seq <= ?3 ORDER BY seq";
	return range_table(j, sql, since, until, t);
}

/* Only access rows carry a decision, so "decision = 'granted'" stands for kind =
 * 'access' as well, and the index event_ts(ts_us, zone, decision, reason, person)
 * covers this look-back: no table row is read. */
int
gh_report_last_entries(struct gh_journal *j, int64_t since, int64_t until, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT person, zone, max(ts_us) AS last_us FROM event WHERE decision = 'granted' "
	    "AND person IS NOT NULL AND ts_us >= ?1 AND ts_us < ?2 AND seq <= ?3 "
	    "GROUP BY 1, 2";
	return range_table(j, sql, since, until, t);
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

/* A grant or a person valid on a day: validity bounds are dates, `until` included. */
#define VALID_ON(x) "(" x ".valid_from IS NULL OR " x ".valid_from <= ?1) AND (" x \
	".valid_until IS NULL OR " x ".valid_until >= ?1)"

int
gh_report_purged(struct gh_journal *j, int64_t *seq, int64_t *ts_us)
{
	static const char sql[] = "SELECT seq, coalesce(ts_us, 0) FROM anchor WHERE id = 1";
	struct gh_db *db = gh_journal_handle(j);
	sqlite3_stmt *st = db_stmt(db, sql);
	*seq = *ts_us = 0;
	if (st == NULL)
		return GH_EFAIL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		*ts_us = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? GH_OK : db_sqlfail(db, "report purged");
}

int
gh_report_zone_holders(struct gh_db *db, const char *day, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT DISTINCT p.ref AS person, p.name, p.kind, p.org, z.name AS zone, "
	    "z.level FROM person p JOIN person_grant g ON g.person = p.id "
	    "JOIN profile_rule r ON r.profile = g.profile JOIN zone z ON z.id = r.zone "
	    "WHERE p.status = 'active' AND z.level IN ('private', 'sensitive') "
	    "AND (?1 IS NULL OR (" VALID_ON("g") " AND " VALID_ON("p") ")) ORDER BY 5, 1";
	return db_table_by(db, sql, day, t);
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

int
gh_review_add(struct gh_db *db, const struct gh_review *r)
{
	static const char sql[] =
	    "INSERT INTO review(month, officer, signed_at, findings, html_path, html_sha256, "
	    "json_path, json_sha256) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
	    "?3, ?4, ?5, ?6, ?7)";
	static const char snap[] =
	    "SELECT json_object('month', month, 'officer', officer, 'signed_at', signed_at, "
	    "'html_sha256', html_sha256, 'json_sha256', json_sha256) FROM review "
	    "WHERE month = ?1";
	int rc = db_tx_begin(db);
	if (rc != GH_OK)
		return rc;
	if (db_id(db, "SELECT rowid FROM review WHERE month = ?1", r->month) > 0) {
		rc = db_fail(db, GH_EINPUT, "the review of %s is already signed", r->month);
		return db_tx_end(db, rc);
	}
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return db_tx_end(db, GH_EFAIL);
	db_bind_text(st, 1, r->month);
	db_bind_text(st, 2, r->officer);
	db_bind_text(st, 3, r->findings);
	db_bind_text(st, 4, r->html_path);
	db_bind_text(st, 5, r->html_sha256);
	db_bind_text(st, 6, r->json_path);
	db_bind_text(st, 7, r->json_sha256);
	rc = db_exec_stmt(db, st, "review");
	if (rc == GH_OK) {
		char *after = db_snapshot(db, snap, r->month);
		char object[64];
		snprintf(object, sizeof object, "review:%s", r->month);
		rc = db_audit(db, "review.sign", object, NULL, after);
		free(after);
	}
	return db_tx_end(db, rc);
}

int
gh_review_get(struct gh_db *db, const char *month, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT month, officer, signed_at, findings, html_path, html_sha256, json_path, "
	    "json_sha256 FROM review WHERE month = ?1";
	return db_table_by(db, sql, month, t);
}

int
gh_review_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT month, officer, signed_at, html_sha256, json_sha256 FROM review "
	    "ORDER BY month";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	return db_table(db, st, t);
}
