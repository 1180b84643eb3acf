/* What the web UI's pages read: the rights report shared with `person rights`
 * (R-RIGHTS-REPORT), the audit snapshots compared key by key and list by list
 * (R-RIGHTS-AUDIT), the journal filtered and paged (R-EXPORT), and a month's report
 * made again at the same bound saying the same (R-REVIEW). */
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "controller/review.h"
#include "controller/rights.h"
#include "controller/timeutil.h"
#include "db/journal.h"
#include "webui/form.h"
#include "webui/validate.h"

static struct gh_run r;

#define CLI(...) CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, __VA_ARGS__, NULL), 0)

static const char *
new_site(void)
{
	static int n;
	const char *d = gh_tmppath("web-read-%d", n++);
	mkdir(d, 0700);
	CU_ASSERT_EQUAL_FATAL(gh_cli(&r, d, NULL, "init", NULL), 0);
	return d;
}

static struct gh_db *
open_db(const char *site)
{
	char path[600], err[600];
	struct gh_db *db = NULL;
	snprintf(path, sizeof path, "%s/config.db", site);
	CU_ASSERT_EQUAL_FATAL(gh_db_open(&db, path, 0, err, sizeof err), GH_OK);
	return db;
}

static const struct gh_right *
right(const struct gh_rights *rs, const char *zone, const char *condition)
{
	for (int i = 0; i < rs->n; i++)
		if (strcmp(rs->r[i].zone, zone) == 0 && strcmp(rs->r[i].condition, condition) == 0)
			return &rs->r[i];
	return NULL;
}

static void
test_rights_report(void)
{
	const char *site = new_site();
	CLI("zone", "add", "Hall", "--level", "public");
	CLI("zone", "add", "Bureaux", "--level", "private");
	CLI("zone", "add", "Serveurs", "--level", "sensitive");
	CLI("schedule", "add", "Jour", "--window", "mon-fri 08:00-18:00", "--holidays-closed");
	CLI("profile", "add", "Tech");
	CLI("profile", "rule", "Tech", "--zone", "Serveurs", "--schedule", "Jour");
	CLI("person", "add", "E1", "--name", "Employé", "--kind", "staff");
	CLI("person", "add", "C1", "--name", "Prestataire", "--kind", "contractor");
	CLI("person", "grant", "E1", "Tech", "--until", "2026-12-31");
	struct gh_db *db = open_db(site);
	gh_db_set_actor(db, "test");
	struct gh_rights rs;
	CU_ASSERT_EQUAL_FATAL(gh_rights_get(db, "E1", &rs), GH_OK);
	CU_ASSERT(rs.active);
	CU_ASSERT_EQUAL(rs.n, 2);
	CU_ASSERT_PTR_NOT_NULL(right(&rs, "Hall", "any-valid-badge"));
	const struct gh_right *g = right(&rs, "Serveurs", "schedule");
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_STRING_EQUAL(g->profile, "Tech");
	CU_ASSERT_EQUAL(g->nwindows, 1);
	CU_ASSERT_STRING_EQUAL(g->windows[0], "mon-fri 08:00-18:00");
	CU_ASSERT(g->holidays_closed);
	CU_ASSERT_PTR_NULL(g->valid_from);
	CU_ASSERT_STRING_EQUAL(g->valid_until, "2026-12-31");
	CU_ASSERT_PTR_NULL(right(&rs, "Bureaux", "schedule"));
	gh_rights_free(&rs);
	/* A contractor enters restricted zones only with vetted staff (R-SUPERVISION). */
	CU_ASSERT_EQUAL_FATAL(gh_rights_get(db, "C1", &rs), GH_OK);
	CU_ASSERT_PTR_NOT_NULL(right(&rs, "Bureaux", "escorted-by-vetted-staff"));
	CU_ASSERT_PTR_NOT_NULL(right(&rs, "Serveurs", "escorted-by-vetted-staff"));
	gh_rights_free(&rs);
	/* Deprovisioned: no right at all; an unknown person is bad input. */
	CU_ASSERT_EQUAL(gh_person_remove(db, "E1"), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_rights_get(db, "E1", &rs), GH_OK);
	CU_ASSERT(!rs.active);
	CU_ASSERT_EQUAL(rs.n, 0);
	gh_rights_free(&rs);
	CU_ASSERT_EQUAL(gh_rights_get(db, "nobody", &rs), GH_EINPUT);
	gh_rights_free(&rs);
	gh_db_close(db);
}

static const char *
diff_value(const struct gh_table *t, const char *key, const char *col)
{
	for (int i = 0; i < t->nrows; i++)
		if (strcmp(gh_table_value(t, i, "key"), key) == 0)
			return gh_table_value(t, i, col);
	return "absent";
}

static void
test_json_diff(void)
{
	const char *site = new_site();
	struct gh_db *db = open_db(site);
	struct gh_table t;
	gh_table_init(&t);
	CU_ASSERT_EQUAL_FATAL(gh_json_diff(db,
	    "{\"a\":1,\"b\":\"x\",\"gone\":true,\"l\":[{\"p\":\"T\",\"u\":null}]}",
	    "{\"a\":1,\"b\":\"y\",\"c\":null,\"l\":[{\"p\":\"T\",\"u\":null},{\"p\":\"N\"}]}",
	    &t), GH_OK);
	CU_ASSERT_EQUAL(t.nrows, 5);
	CU_ASSERT_STRING_EQUAL(diff_value(&t, "a", "changed"), "0");
	CU_ASSERT_STRING_EQUAL(diff_value(&t, "b", "changed"), "1");
	CU_ASSERT_STRING_EQUAL(diff_value(&t, "b", "before"), "x");
	CU_ASSERT_STRING_EQUAL(diff_value(&t, "b", "after"), "y");
	CU_ASSERT_STRING_EQUAL(diff_value(&t, "c", "changed"), "1");
	CU_ASSERT_STRING_EQUAL(diff_value(&t, "gone", "changed"), "1");
	CU_ASSERT_STRING_EQUAL(diff_value(&t, "l", "changed"), "1");
	gh_table_free(&t);
	/* No snapshot before (a creation): every key is new. */
	gh_table_init(&t);
	CU_ASSERT_EQUAL(gh_json_diff(db, NULL, "{\"k\":\"v\"}", &t), GH_OK);
	CU_ASSERT_EQUAL(t.nrows, 1);
	CU_ASSERT_STRING_EQUAL(diff_value(&t, "k", "changed"), "1");
	gh_table_free(&t);
	/* Lists element by element: one grant added, one removed, one kept. */
	gh_table_init(&t);
	CU_ASSERT_EQUAL_FATAL(gh_json_array_diff(db, "[{\"p\":\"A\"},{\"p\":\"B\"}]",
	    "[{\"p\":\"B\"},{\"p\":\"C\"}]", &t), GH_OK);
	CU_ASSERT_EQUAL_FATAL(t.nrows, 2);
	CU_ASSERT_STRING_EQUAL(gh_table_value(&t, 0, "change"), "removed");
	CU_ASSERT_STRING_EQUAL(gh_table_value(&t, 0, "value"), "{\"p\":\"A\"}");
	CU_ASSERT_STRING_EQUAL(gh_table_value(&t, 1, "change"), "added");
	CU_ASSERT_STRING_EQUAL(gh_table_value(&t, 1, "value"), "{\"p\":\"C\"}");
	gh_table_free(&t);
	gh_table_init(&t);
	CU_ASSERT_EQUAL(gh_json_array_diff(db, "not json", "{\"x\":1}", &t), GH_OK);
	CU_ASSERT_EQUAL(t.nrows, 0);
	gh_table_free(&t);
	gh_table_init(&t);
	CU_ASSERT_EQUAL(gh_json_members(db, "{\"p\":\"T\",\"u\":null}", &t), GH_OK);
	CU_ASSERT_EQUAL(t.nrows, 2);
	CU_ASSERT_PTR_NULL(gh_table_value(&t, 1, "value"));
	gh_table_free(&t);
	/* A snapshot that is not JSON is an error the page shows as text. */
	gh_table_init(&t);
	CU_ASSERT_NOT_EQUAL(gh_json_diff(db, "{broken", "{}", &t), GH_OK);
	gh_table_free(&t);
	gh_db_close(db);
}

static void
test_audit_range(void)
{
	const char *site = new_site();
	CLI("zone", "add", "Hall", "--level", "public");
	CLI("zone", "add", "Cour", "--level", "public");
	struct gh_db *db = open_db(site);
	struct gh_table all, t;
	gh_table_init(&all);
	CU_ASSERT_EQUAL_FATAL(gh_audit_range(db, NULL, NULL, 0, 0, &all), GH_OK);
	CU_ASSERT_FATAL(all.nrows >= 3);
	/* Newest first. */
	CU_ASSERT_STRING_EQUAL(gh_table_value(&all, 0, "object"), "zone:Cour");
	CU_ASSERT_STRING_EQUAL(gh_table_value(&all, 1, "object"), "zone:Hall");
	/* A page of one after skipping one. */
	gh_table_init(&t);
	CU_ASSERT_EQUAL(gh_audit_range(db, NULL, NULL, 1, 1, &t), GH_OK);
	CU_ASSERT_EQUAL(t.nrows, 1);
	CU_ASSERT_STRING_EQUAL(gh_table_value(&t, 0, "object"), "zone:Hall");
	gh_table_free(&t);
	/* Time bounds: from the newest row's time on, only rows at or after it; before
	 * the epoch, nothing. */
	gh_table_init(&t);
	CU_ASSERT_EQUAL(gh_audit_range(db, gh_table_value(&all, 0, "ts"), NULL, 0, 0, &t), GH_OK);
	CU_ASSERT(t.nrows >= 1 && t.nrows < all.nrows);
	gh_table_free(&t);
	gh_table_init(&t);
	CU_ASSERT_EQUAL(gh_audit_range(db, NULL, "1970-01-02T00:00:00Z", 0, 0, &t), GH_OK);
	CU_ASSERT_EQUAL(t.nrows, 0);
	gh_table_free(&t);
	gh_table_free(&all);
	gh_db_close(db);
}

static void
test_journal_query(void)
{
	const char *site = new_site();
	char path[600], err[600];
	struct gh_journal *j;
	snprintf(path, sizeof path, "%s/journal.db", site);
	CU_ASSERT_EQUAL_FATAL(gh_journal_open(&j, path, 0, err, sizeof err), GH_OK);
	const int64_t t0 = 1795000000LL * 1000000;
	struct gh_event ev[4] = {
		{ .ts_us = t0, .kind = "access", .door = "D1", .zone = "Serveurs",
		  .credential = "04A1B2C3", .person = "E1", .decision = "granted",
		  .reason = "granted" },
		{ .ts_us = t0 + 1000000, .kind = "access", .door = "D1", .zone = "Serveurs",
		  .credential = "04A1B2C4", .person = "E2", .decision = "refused",
		  .reason = "no-access" },
		{ .ts_us = t0 + 2000000, .kind = "access", .door = "D2", .zone = "Bureaux",
		  .credential = "04A1B2C5", .person = "V1", .escort = "E1",
		  .decision = "granted", .reason = "granted" },
		{ .ts_us = t0 + 86400000000LL, .kind = "door-opened", .door = "D1" },
	};
	int64_t seq;
	CU_ASSERT_EQUAL_FATAL(gh_journal_append(j, ev, 4, &seq), GH_OK);
	gh_journal_close(j);
	CU_ASSERT_EQUAL_FATAL(gh_journal_open(&j, path, GH_JOURNAL_READONLY, err, sizeof err),
	    GH_OK);
	struct gh_table t;
	/* A person as presenter or escort, newest first. */
	struct gh_event_query q = { .person = "E1" };
	gh_table_init(&t);
	CU_ASSERT_EQUAL(gh_journal_query(j, &q, &t), GH_OK);
	CU_ASSERT_EQUAL_FATAL(t.nrows, 2);
	CU_ASSERT_STRING_EQUAL(gh_table_value(&t, 0, "person"), "V1");
	CU_ASSERT_STRING_EQUAL(gh_table_value(&t, 1, "person"), "E1");
	gh_table_free(&t);
	/* Zone and decision together. */
	q = (struct gh_event_query){ .zone = "Serveurs", .decision = "refused" };
	gh_table_init(&t);
	CU_ASSERT_EQUAL(gh_journal_query(j, &q, &t), GH_OK);
	CU_ASSERT_EQUAL_FATAL(t.nrows, 1);
	CU_ASSERT_STRING_EQUAL(gh_table_value(&t, 0, "reason"), "no-access");
	gh_table_free(&t);
	/* A time range [since, until), oldest first, a page of one after one. */
	q = (struct gh_event_query){ .since_us = t0, .until_us = t0 + 3000000,
		.oldest_first = 1, .offset = 1, .limit = 1 };
	gh_table_init(&t);
	CU_ASSERT_EQUAL(gh_journal_query(j, &q, &t), GH_OK);
	CU_ASSERT_EQUAL_FATAL(t.nrows, 1);
	CU_ASSERT_STRING_EQUAL(gh_table_value(&t, 0, "person"), "E2");
	gh_table_free(&t);
	q = (struct gh_event_query){ .door = "D1", .since_us = t0 + 3000000 };
	gh_table_init(&t);
	CU_ASSERT_EQUAL(gh_journal_query(j, &q, &t), GH_OK);
	CU_ASSERT_EQUAL_FATAL(t.nrows, 1);
	CU_ASSERT_STRING_EQUAL(gh_table_value(&t, 0, "kind"), "door-opened");
	gh_table_free(&t);
	gh_journal_close(j);
}

/* The report a page shows is the one `report monthly` writes, and made again at the
 * same journal head with the same generation time it is byte for byte the same. */
static void
test_report_same_bound(void)
{
	const char *site = new_site();
	CLI("zone", "add", "Serveurs", "--level", "sensitive");
	gh_tz_set("UTC");	/* the site's (gatehouse init's default) */
	struct gh_db *db = open_db(site);
	char jpath[600], err[600], out[600];
	snprintf(jpath, sizeof jpath, "%s/journal.db", site);
	struct gh_journal *j;
	CU_ASSERT_EQUAL_FATAL(gh_journal_open(&j, jpath, 0, err, sizeof err), GH_OK);
	struct gh_event ev = { .ts_us = 1795000000LL * 1000000, .kind = "access", .door = "D1",
		.zone = "Serveurs", .credential = "04A1B2C3", .person = "E1",
		.decision = "refused", .reason = "no-access" };
	int64_t seq;
	CU_ASSERT_EQUAL_FATAL(gh_journal_append(j, &ev, 1, &seq), GH_OK);
	gh_journal_close(j);
	struct gh_report_req rq = { .month = "2026-11", .format = "json", .journal_path = jpath,
		.generated_utc = "2026-11-30T12:00:00.000000Z" };
	struct gh_buf a, b;
	gh_buf_init(&a);
	gh_buf_init(&b);
	CU_ASSERT_EQUAL_FATAL(gh_report_monthly(db, &rq, &a, err, sizeof err), GH_OK);
	CU_ASSERT(rq.head_seq > 0);
	CU_ASSERT(gh_contains(a.s, "\"month\":\"2026-11\""));
	CU_ASSERT(gh_contains(a.s, "\"refused\":\"1\""));
	rq.bound_seq = rq.head_seq;
	CU_ASSERT_EQUAL_FATAL(gh_report_monthly(db, &rq, &b, err, sizeof err), GH_OK);
	CU_ASSERT_STRING_EQUAL(a.s, b.s);
	/* The command line writes the same bytes. */
	snprintf(out, sizeof out, "%s/r.csv", site);
	CU_ASSERT(gh_cli(&r, site, NULL, "report", "monthly", "--month", "2026-11", "--format",
	    "csv", "--out", out, NULL) <= 1);
	char *file;
	size_t len;
	struct gh_buf c;
	gh_buf_init(&c);
	rq.format = "csv";
	rq.bound_seq = 0;
	CU_ASSERT_EQUAL(gh_report_monthly(db, &rq, &c, err, sizeof err), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_read_file_test(out, &file, &len), 0);
	CU_ASSERT_EQUAL(len, c.len);
	CU_ASSERT(len == c.len && memcmp(file, c.s, len) == 0);
	free(file);
	rq.month = "2026-13";
	CU_ASSERT_EQUAL(gh_report_monthly(db, &rq, &c, err, sizeof err), GH_EINPUT);
	gh_buf_free(&a);
	gh_buf_free(&b);
	gh_buf_free(&c);
	gh_db_close(db);
}

/* A browser sends a text area's line breaks as CR LF: a free text takes them, a lone
 * CR stays a control character. */
static void
test_text_line_breaks(void)
{
	static const struct web_field f[] = { { "findings", WF_TEXT, 1, 0, 100, NULL } };
	static struct web_form form;
	char err[200];
	static const char *const ok = "findings=Acc%C3%A8s+conformes%0D%0ARAS";
	CU_ASSERT_EQUAL_FATAL(web_form_parse(ok, strlen(ok), &form, err, sizeof err), 0);
	CU_ASSERT_EQUAL(web_validate(f, 1, &form, err, sizeof err), 0);
	static const char *const bad = "findings=a%0Db";
	CU_ASSERT_EQUAL_FATAL(web_form_parse(bad, strlen(bad), &form, err, sizeof err), 0);
	CU_ASSERT_EQUAL(web_validate(f, 1, &form, err, sizeof err), -1);
}

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_rights_report);
	GH_TEST(s, test_json_diff);
	GH_TEST(s, test_audit_range);
	GH_TEST(s, test_journal_query);
	GH_TEST(s, test_report_same_bound);
	GH_TEST(s, test_text_line_breaks);
}

GH_SUITE("web_read", NULL, NULL)
