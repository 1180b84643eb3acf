/* Copying the audit trail into the journal; see auditcopy.h. */
#include "controller/auditcopy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "controller/json.h"
#include "controller/timeutil.h"
#include "db/runtime.h"

/* "2026-11-24T22:21:59.230587Z" -> microseconds. */
static int64_t
parse_utc_us(const char *s)
{
	struct tm tm = { 0 };
	int us = 0;
	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%6dZ", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &us) != 7)
		return gh_now_us();
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000000 + us;
}

int
gh_audit_copy(struct gh_db *cfg, struct gh_journal *j, int max)
{
	int64_t after;
	if (gh_journal_cursor(j, GH_AUDIT_CURSOR, &after) != GH_OK) {
		log_warnx("journal: %s", gh_journal_errmsg(j));
		return -1;
	}
	struct gh_table t;
	gh_table_init(&t);
	if (gh_audit_after(cfg, after, max, &t) != GH_OK) {
		log_warnx("audit trail: %s", gh_db_errmsg(cfg));
		gh_table_free(&t);
		return -1;
	}
	if (t.nrows == 0) {
		gh_table_free(&t);
		return 0;
	}
	struct gh_event *ev = calloc((size_t)t.nrows, sizeof *ev);
	struct gh_buf *details = calloc((size_t)t.nrows, sizeof *details);
	if (ev == NULL || details == NULL)
		fatalx("out of memory");
	int64_t last = after;
	for (int r = 0; r < t.nrows; r++) {
		/* before/after are JSON objects: carried as strings, so details stay flat
		 * and the hashed text is exactly the audit row's. */
		struct gh_json js;
		gh_buf_init(&details[r]);
		gh_json_init(&js, &details[r]);
		gh_json_obj(&js);
		gh_json_kstr(&js, "action", gh_table_cell(&t, r, 3));
		gh_json_kstr(&js, "after", gh_table_cell(&t, r, 6));
		gh_json_kint(&js, "audit_id", strtoll(gh_table_cell(&t, r, 0), NULL, 10));
		gh_json_kstr(&js, "before", gh_table_cell(&t, r, 5));
		gh_json_kstr(&js, "object", gh_table_cell(&t, r, 4));
		gh_json_obj_end(&js);
		ev[r] = (struct gh_event){
			.ts_us = parse_utc_us(gh_table_cell(&t, r, 1)),
			.kind = "rights-change",
			.operator_ = gh_table_cell(&t, r, 2),
			.details = details[r].s,
		};
		last = strtoll(gh_table_cell(&t, r, 0), NULL, 10);
	}
	int n = t.nrows;
	int rc = gh_journal_append_cursor(j, ev, n, GH_AUDIT_CURSOR, last);
	if (rc != GH_OK)
		log_warnx("journal: copying the audit trail: %s", gh_journal_errmsg(j));
	for (int r = 0; r < n; r++)
		gh_buf_free(&details[r]);
	free(details);
	free(ev);
	gh_table_free(&t);
	return rc == GH_OK ? n : -1;
}
