/* The monthly review's queries (R-REVIEW); see db/report.c.  Times are UTC
 * microseconds, periods [since, until). */
#ifndef GH_REPORT_H
#define GH_REPORT_H

#include <stdint.h>

#include "db/db.h"

struct gh_journal;
/* Reports read rows up to this seq only (0: all), so one made again later for the same
 * bound says the same. */
void gh_report_bound(int64_t seq);
/* The first and last seq of the rows of a period (0 and -1 when none). */
int gh_report_seq_span(struct gh_journal *j, int64_t since, int64_t until, int64_t *first,
    int64_t *last);
/* Every access decision of a period, in seq order, handed to fn (one pass, nothing
 * kept): first and last from gh_report_seq_span. */
struct gh_access_row {
	int64_t ts_us;
	const char *zone, *person, *escort, *credential, *decision, *reason;
};
typedef void (*gh_access_fn)(void *ctx, const struct gh_access_row *r);
int gh_report_each_access(struct gh_journal *j, int64_t since, int64_t until, int64_t first,
    int64_t last, gh_access_fn fn, void *ctx);
/* id, raised_us, code, source, acked_by, acked_us, comment */
int gh_report_alarms(struct gh_journal *j, int64_t since, int64_t until, struct gh_table *t);
/* seq, ts_us, kind (mode-changed, door-released), door, operator, reason, why */
int gh_report_operations(struct gh_journal *j, int64_t since, int64_t until,
    struct gh_table *t);
/* seq, ts_us, operator, action, object (rights changes) */
int gh_report_rights(struct gh_journal *j, int64_t since, int64_t until, struct gh_table *t);
/* person, zone, last_us: each person's last grant per zone in [since, until) */
int gh_report_last_entries(struct gh_journal *j, int64_t since, int64_t until,
    struct gh_table *t);
/* The oldest row still in the journal (0 when empty). */
int gh_report_span(struct gh_journal *j, int64_t *first_seq, int64_t *first_us);
/* The last purged row: its seq (0: nothing purged) and time (0 when not recorded: a
 * purge by a version before journal schema 3). */
int gh_report_purged(struct gh_journal *j, int64_t *seq, int64_t *ts_us);
/* person, name, kind, org, zone, level: who holds access to restricted zones on a day
 * (YYYY-MM-DD: the person and the grant valid that day; NULL: any day) */
int gh_report_zone_holders(struct gh_db *db, const char *day, struct gh_table *t);
/* ref, name, kind, org, badges ("CRED:kind ...") */
int gh_report_people(struct gh_db *db, struct gh_table *t);

/* Signed monthly reviews (R-REVIEW): never changed or deleted; audited. */
struct gh_review {
	const char *month, *officer, *findings;
	const char *html_path, *html_sha256, *json_path, *json_sha256;
};
int gh_review_add(struct gh_db *db, const struct gh_review *r);
/* month, officer, signed_at, findings, html_path, html_sha256, json_path, json_sha256
 * (no row when the month is not signed). */
int gh_review_get(struct gh_db *db, const char *month, struct gh_table *t);
int gh_review_list(struct gh_db *db, struct gh_table *t);

#endif
