/* The monthly report (R-REVIEW) over a fixture month with known events, and the
 * month's verification in it (R-TAMPER).
 *
 * The generator builds a site through the db/ API (time zone Europe/Paris, public,
 * private and sensitive zones, doors, staff, a contractor, visitors, UID and DESFire
 * badges, profiles, a schedule, a holiday) and a journal for October 2026 through the
 * journal's API (gh_journal_append with explicit times, checkpoints signed with the
 * site's key as the controller signs them), then gh_report_monthly is asserted row by
 * row: every number the JSON report carries is known in advance. */
#include "tests/testutil.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "controller/review.h"
#include "controller/timeutil.h"
#include "db/db.h"
#include "db/journal.h"
#include "db/report.h"

/* The fixture: the site's files and the seqs the report names. */
struct fx {
	char dir[600], config[700], journal[700];
	struct gh_db *db;
	struct gh_journal *j;
	uint8_t sk[GH_SIGN_SK_LEN];
	int64_t alarm_forced, alarm_brute, alarm_held, alarm_cloned, alarm_late;
	int64_t cp_before, cp_after;	/* the checkpoints around October */
	int64_t tamper_seq;		/* an October access row */
};

/* A site-local time (Europe/Paris) or one with an offset, in microseconds. */
static int64_t
at(const char *s)
{
	time_t t;
	const char *why;
	CU_ASSERT_EQUAL_FATAL(gh_time_parse(s, &t, &why), 0);
	return (int64_t)t * 1000000;
}

static int64_t
add(struct fx *f, struct gh_event ev)
{
	int64_t seq = 0;
	CU_ASSERT_EQUAL_FATAL(gh_journal_append(f->j, &ev, 1, &seq), GH_OK);
	return seq;
}

/* An access decision as the controller journals it. */
static int64_t
acc(struct fx *f, const char *when, const char *door, const char *zone, const char *reader,
    const char *cred, const char *person, const char *escort, const char *reason)
{
	struct gh_event ev = { .ts_us = at(when), .kind = "access", .door = door, .zone = zone,
		.reader = reader, .credential = cred, .person = person, .escort = escort,
		.decision = strcmp(reason, "granted") == 0 ? "granted" : "refused",
		.reason = reason };
	return add(f, ev);
}

/* A checkpoint signing the head, as the controller writes it every minute. */
static int64_t
checkpoint(struct fx *f, const char *when)
{
	int64_t seq;
	uint8_t h[GH_HASH_LEN];
	CU_ASSERT_EQUAL_FATAL(gh_journal_checkpoint(f->j, f->sk, at(when)), GH_OK);
	gh_journal_head(f->j, &seq, h);
	return seq;
}

static int64_t
alarm(struct fx *f, const char *when, const char *code, const char *kind, const char *source)
{
	char details[300];
	snprintf(details, sizeof details, "{\"alarm\":\"%s\",\"source\":\"%s\","
	    "\"source_kind\":\"%s\"}", code, source, kind);
	struct gh_event ev = { .ts_us = at(when), .kind = "alarm-raised", .reason = code,
		.details = details };
	return add(f, ev);
}

static void
ack(struct fx *f, const char *when, int64_t id, const char *code, const char *op,
    const char *comment, long delay_s)
{
	char details[300];
	snprintf(details, sizeof details, "{\"alarm\":\"%s\",\"alarm_id\":%lld,"
	    "\"comment\":\"%s\",\"delay_s\":%ld}", code, (long long)id, comment, delay_s);
	struct gh_event ev = { .ts_us = at(when), .kind = "alarm-acked", .operator_ = op,
		.reason = code, .details = details };
	add(f, ev);
}

static void
site_config(struct fx *f)
{
	struct gh_db *db = f->db;
	gh_db_set_actor(db, "cli:fixture");
	static const struct { const char *name, *level; } zones[] = {
		{ "Rue", "public" }, { "Hall", "public" }, { "Bureaux", "private" },
		{ "Serveurs", "sensitive" }, { "Archives", "sensitive" },
	};
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		struct gh_zone_spec z = { .name = zones[i].name, .level = zones[i].level,
			.delivery = 0, .max_occupancy = 0 };
		CU_ASSERT_EQUAL_FATAL(gh_zone_add(db, &z), GH_OK);
	}
	static const struct { const char *door, *from, *to, *reader; } doors[] = {
		{ "Entree", "Rue", "Hall", "r-entree-in" },
		{ "Porte bureaux", "Hall", "Bureaux", "r-bureaux-in" },
		{ "Porte serveurs", "Bureaux", "Serveurs", "r-serveurs-in" },
		{ "Porte archives", "Bureaux", "Archives", "r-archives-in" },
	};
	for (size_t i = 0; i < sizeof doors / sizeof doors[0]; i++) {
		CU_ASSERT_EQUAL_FATAL(gh_reader_add(db, doors[i].reader, "pn532_uart:/dev/ttyUSB0",
		    0), GH_OK);
		struct gh_door_spec d = { .name = doors[i].door, .from = doors[i].from,
			.to = doors[i].to, .nreaders = 1, .reader = { doors[i].reader },
			.side = { "in" }, .release_s = -1, .held_s = -1, .fail_safe = -1 };
		CU_ASSERT_EQUAL_FATAL(gh_door_add(db, &d), GH_OK);
	}
	struct gh_window w;
	const char *why;
	CU_ASSERT_EQUAL_FATAL(gh_window_parse("mon-fri 07:00-19:00", &w, &why), 0);
	CU_ASSERT_EQUAL_FATAL(gh_schedule_add(db, "bureau", &w, 1, 1), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_holiday_add(db, "2026-10-12", "Fete du site"), GH_OK);
	static const struct { const char *profile, *zone; } rules[] = {
		{ "serveurs", "Serveurs" }, { "serveurs", "Bureaux" },
		{ "archives", "Archives" }, { "bureaux", "Bureaux" },
	};
	CU_ASSERT_EQUAL_FATAL(gh_profile_add(db, "serveurs"), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_profile_add(db, "archives"), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_profile_add(db, "bureaux"), GH_OK);
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		CU_ASSERT_EQUAL_FATAL(gh_profile_rule(db, rules[i].profile, rules[i].zone,
		    "bureau"), GH_OK);
	static const struct gh_person_spec people[] = {
		{ .ref = "E-1001", .name = "Alice Martin", .kind = "staff", .org = "Gatehouse SA",
		  .vetted = 1, .can_escort = 1, .lockdown_ok = 0 },
		{ .ref = "E-1002", .name = "Bruno Petit", .kind = "staff", .org = "Gatehouse SA",
		  .vetted = 0, .can_escort = 1, .lockdown_ok = 0 },
		{ .ref = "E-1003", .name = "Chloe Durand", .kind = "staff", .org = "Gatehouse SA",
		  .vetted = 0, .can_escort = 0, .lockdown_ok = 0 },
		{ .ref = "C-2001", .name = "Marc Leroy", .kind = "contractor",
		  .org = "Clim Services", .vetted = 0, .can_escort = 0, .lockdown_ok = 0 },
		{ .ref = "V-3001", .name = "Sara Haddad", .kind = "visitor", .org = "Audit Conseil",
		  .vetted = 0, .can_escort = 0, .lockdown_ok = 0 },
		{ .ref = "V-3002", .name = "Omar Benali", .kind = "visitor", .org = "Audit Conseil",
		  .vetted = 0, .can_escort = 0, .lockdown_ok = 0 },
		{ .ref = "E-1004", .name = "Denis Moreau", .kind = "staff", .org = "Gatehouse SA",
		  .vetted = 0, .can_escort = 0, .lockdown_ok = 0 },
		{ .ref = "E-1005", .name = "Emma Roux", .kind = "staff", .org = "Gatehouse SA",
		  .vetted = 0, .can_escort = 0, .lockdown_ok = 0 },
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
		CU_ASSERT_EQUAL_FATAL(gh_person_add(db, &people[i]), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_person_grant(db, "E-1001", "serveurs", NULL, NULL), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_person_grant(db, "E-1001", "archives", NULL, NULL), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_person_grant(db, "E-1002", "bureaux", NULL, NULL), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_person_grant(db, "E-1002", "archives", NULL, NULL), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_person_grant(db, "E-1003", "archives", NULL, NULL), GH_OK);
	/* Archives access that ended before October, and one that begins after it: neither
	 * holds access at the month's end. */
	CU_ASSERT_EQUAL_FATAL(gh_person_grant(db, "E-1004", "archives", NULL, "2026-09-30"),
	    GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_person_grant(db, "E-1005", "archives", "2026-11-15", NULL),
	    GH_OK);
	static const struct gh_badge_spec badges[] = {
		{ .credential = "D1001", .kind = "desfire", .card_uid = "04A1B2C3D4E5F6",
		  .person = "E-1001", .key_version = 1 },
		{ .credential = "04AABBCC", .kind = "uid", .person = "E-1002" },
		{ .credential = "D1003", .kind = "desfire", .card_uid = "04C1C2C3C4C5C6",
		  .person = "E-1003", .key_version = 1 },
		{ .credential = "D2001", .kind = "desfire", .card_uid = "04D1D2D3D4D5D6",
		  .person = "C-2001", .key_version = 1 },
		{ .credential = "0471A2B3C4D5E6", .kind = "uid", .person = "V-3001" },
		{ .credential = "04DDEEFF", .kind = "uid", .person = "V-3002" },
	};
	for (size_t i = 0; i < sizeof badges / sizeof badges[0]; i++)
		CU_ASSERT_EQUAL_FATAL(gh_badge_enroll(db, &badges[i]), GH_OK);
}

/* The journal: August and September (the look-back of unused access), October with
 * the known events, a row of 1 November local time (out of the month though still
 * October in UTC), checkpoints signed all along. */
static void
site_journal(struct fx *f)
{
	const char *SRV = "Serveurs", *PS = "Porte serveurs", *RS = "r-serveurs-in";
	const char *BUR = "Bureaux", *PB = "Porte bureaux", *RB = "r-bureaux-in";
	const char *ARC = "Archives", *PA = "Porte archives", *RA = "r-archives-in";
	/* Before the month: Chloe's last Archives entry is older than 60 days, Alice's is
	 * within them. */
	acc(f, "2026-08-20 10:00", PA, ARC, RA, "D1003", "E-1003", NULL, "granted");
	acc(f, "2026-09-15 10:00", PA, ARC, RA, "D1001", "E-1001", NULL, "granted");
	checkpoint(f, "2026-09-15 10:01");
	/* 30 September 23:59 local (21:59Z): not October. */
	acc(f, "2026-09-30 23:59", PS, SRV, RS, "D1001", "E-1001", NULL, "granted");
	/* An alarm of September, acknowledged in October: not the month's. */
	int64_t sep = alarm(f, "2026-09-30 23:59:10", "reader-offline", "reader", RA);
	f->cp_before = checkpoint(f, "2026-09-30 23:59:30");
	ack(f, "2026-10-01 00:05", sep, "reader-offline", "guard2", "lecteur revenu", 350);

	/* 1 October 00:30 local, still 30 September in UTC: October, at night. */
	acc(f, "2026-10-01 00:30", PS, SRV, RS, "D1001", "E-1001", NULL, "granted");
	acc(f, "2026-10-01 09:00", PS, SRV, RS, "D1001", "E-1001", NULL, "granted");
	add(f, (struct gh_event){ .ts_us = at("2026-10-01 09:00:02"), .kind = "door-opened",
	    .door = PS });
	acc(f, "2026-10-01 09:05", PS, SRV, RS, "D2001", "C-2001", "E-1001", "granted");
	acc(f, "2026-10-01 09:10", PS, SRV, RS, "04DDEEFF", "V-3002", NULL, "escort-required");
	acc(f, "2026-10-01 09:15", PB, BUR, RB, "04AABBCC", "E-1002", NULL, "granted");
	checkpoint(f, "2026-10-01 09:16");
	/* Friday: a visitor escorted into the server room and the offices. */
	acc(f, "2026-10-02 14:00", PS, SRV, RS, "0471A2B3C4D5E6", "V-3001", "E-1001", "granted");
	acc(f, "2026-10-02 14:02", PB, BUR, RB, "0471A2B3C4D5E6", "V-3001", "E-1002", "granted");
	/* Saturday. */
	acc(f, "2026-10-03 11:00", PB, BUR, RB, "04AABBCC", "E-1002", NULL, "granted");
	acc(f, "2026-10-05 08:00", PS, SRV, RS, "04AABBCC", "E-1002", NULL, "no-access");
	acc(f, "2026-10-05 08:01", PS, SRV, RS, "04AABBCC", "E-1002", NULL, "no-access");
	acc(f, "2026-10-05 21:00", PA, ARC, RA, "DEADBEEF", NULL, NULL, "unknown-badge");
	f->alarm_brute = alarm(f, "2026-10-05 21:00:30", "brute-force", "reader", RA);
	ack(f, "2026-10-06 08:00:30", f->alarm_brute, "brute-force", "guard1", "badge inconnu",
	    39600);
	f->tamper_seq = acc(f, "2026-10-06 07:30", PB, BUR, RB, "D1003", "E-1003", NULL,
	    "no-access");
	acc(f, "2026-10-07 19:30", PS, SRV, RS, "D1001", "E-1001", NULL, "outside-schedule");
	checkpoint(f, "2026-10-07 19:31");
	f->alarm_forced = alarm(f, "2026-10-08 03:12", "door-forced", "door", PS);
	ack(f, "2026-10-08 03:14:30", f->alarm_forced, "door-forced", "guard1", "ronde envoyee",
	    150);
	/* Rights changed during the month, copied from the audit trail. */
	add(f, (struct gh_event){ .ts_us = at("2026-10-09 15:00"), .kind = "rights-change",
	    .operator_ = "cli:admin", .details = "{\"action\":\"person.grant\",\"after\":"
	    "\"{}\",\"audit_id\":41,\"before\":\"{}\",\"object\":\"E-1002\"}" });
	add(f, (struct gh_event){ .ts_us = at("2026-10-09 15:05"), .kind = "rights-change",
	    .operator_ = "web:officer1", .details = "{\"action\":\"badge.enroll\",\"after\":"
	    "\"{}\",\"audit_id\":42,\"before\":null,\"object\":\"04DDEEFF\"}" });
	/* Monday 12 October, a holiday of the site. */
	acc(f, "2026-10-12 10:00", PS, SRV, RS, "D1001", "E-1001", NULL, "granted");
	acc(f, "2026-10-12 10:30", "Entree", "Hall", "r-entree-in", "04AABBCC", "E-1002", NULL,
	    "granted");
	/* A lockdown exercise and a momentary unlock. */
	add(f, (struct gh_event){ .ts_us = at("2026-10-14 10:00"), .kind = "mode-changed",
	    .operator_ = "guard1", .reason = "lockdown", .details = "{\"from\":\"normal\","
	    "\"reason\":\"exercice de confinement\",\"to\":\"lockdown\"}" });
	add(f, (struct gh_event){ .ts_us = at("2026-10-14 10:20"), .kind = "mode-changed",
	    .operator_ = "guard1", .reason = "normal", .details = "{\"from\":\"lockdown\","
	    "\"reason\":\"fin de l'exercice\",\"to\":\"normal\"}" });
	add(f, (struct gh_event){ .ts_us = at("2026-10-16 12:00"), .kind = "door-released",
	    .door = PS, .operator_ = "guard2", .reason = "livraison baie" });
	acc(f, "2026-10-20 09:00", PS, SRV, RS, "0471A2B3C4D5E6", "V-3001", NULL,
	    "escort-required");
	checkpoint(f, "2026-10-20 09:01");
	/* 25 October: 02:00-03:00 local happens twice (CEST until 01:00Z, then CET). */
	acc(f, "2026-10-25T00:30Z", PS, SRV, RS, "D1001", "E-1001", NULL, "granted");
	f->alarm_held = alarm(f, "2026-10-25T00:50Z", "door-held-open", "door", PB);
	ack(f, "2026-10-25T01:10Z", f->alarm_held, "door-held-open", "guard2", "porte refermee",
	    1200);
	acc(f, "2026-10-25T01:30Z", PS, SRV, RS, "D1001", "E-1001", NULL, "granted");
	acc(f, "2026-10-25T01:40Z", PS, SRV, RS, "D2001", "C-2001", NULL, "escort-required");
	/* Never acknowledged. */
	f->alarm_cloned = alarm(f, "2026-10-30 16:00", "cloned-credential", "reader", RS);
	/* Saturday 31 October 23:30 local: the month's last entry, at night. */
	acc(f, "2026-10-31 23:30", PB, BUR, RB, "04AABBCC", "E-1002", NULL, "granted");
	/* Raised in the month, acknowledged in the next. */
	f->alarm_late = alarm(f, "2026-10-31 23:35", "door-forced", "door", "Entree");
	f->cp_after = checkpoint(f, "2026-10-31 23:36");
	ack(f, "2026-11-01 00:30", f->alarm_late, "door-forced", "guard2", "vent", 3300);
	/* 1 November 00:30 local (31 October in UTC): not October. */
	acc(f, "2026-11-01 00:40", PB, BUR, RB, "04AABBCC", "E-1002", NULL, "granted");
	checkpoint(f, "2026-11-01 00:41");
}

static void
fixture(struct fx *f, const char *name)
{
	char err[600], keys[1024], skp[1024], pkp[1024];
	memset(f, 0, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "%s", gh_tmppath("%s", name));
	CU_ASSERT_EQUAL_FATAL(mkdir(f->dir, 0700), 0);
	snprintf(f->config, sizeof f->config, "%s/config.db", f->dir);
	snprintf(f->journal, sizeof f->journal, "%s/journal.db", f->dir);
	CU_ASSERT_EQUAL_FATAL(gh_db_init(f->config, f->journal, "Site de test", "Europe/Paris",
	    "cli:fixture", err, sizeof err), GH_OK);
	gh_signkey_paths(f->journal, keys, skp, pkp, sizeof keys);
	CU_ASSERT_EQUAL_FATAL(mkdir(keys, 0700), 0);
	CU_ASSERT_EQUAL_FATAL(gh_signkey_create(skp, pkp, err, sizeof err), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_signkey_load_secret(skp, f->sk, err, sizeof err), GH_OK);
	CU_ASSERT_EQUAL_FATAL(gh_db_open(&f->db, f->config, 0, err, sizeof err), GH_OK);
	site_config(f);
	CU_ASSERT_EQUAL_FATAL(gh_journal_open(&f->j, f->journal, 0, err, sizeof err), GH_OK);
	site_journal(f);
}

static void
fixture_close(struct fx *f)
{
	if (f->j)
		gh_journal_close(f->j);
	if (f->db)
		gh_db_close(f->db);
	f->j = NULL;
	f->db = NULL;
	sodium_memzero(f->sk, sizeof f->sk);
}

/* A value of the JSON report, through SQLite's JSON functions: an array or object as
 * minified JSON, a string as itself; "" for none.  Static rotating buffers. */
static const char *
jget(const char *json, const char *path)
{
	static char bufs[4][8192];
	static int k;
	char *out = bufs[k++ % 4];
	sqlite3 *h;
	sqlite3_stmt *st;
	out[0] = '\0';
	if (sqlite3_open(":memory:", &h) != SQLITE_OK)
		return out;
	if (sqlite3_prepare_v2(h, "SELECT json_extract(?1, ?2)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
			snprintf(out, sizeof bufs[0], "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return out;
}

/* Every field of every row of the JSON report as the CSV writes it ("section",row,
 * "field","value"): the number of fields, and how many the CSV lacks. */
static int
csv_lacks(const char *json, const char *csv, int *fields)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int missing = 0;
	*fields = 0;
	if (sqlite3_open(":memory:", &h) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(h, "SELECT s.key, r.key + 1, f.key, f.value FROM json_each(?1) s, "
	    "json_each(s.value) r, json_each(r.value) f WHERE s.type = 'array'", -1, &st,
	    NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return -1;
	}
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char line[1024];
		snprintf(line, sizeof line, "\"%s\",%d,\"%s\",\"%s\"\r\n",
		    (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1),
		    (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3));
		(*fields)++;
		if (!gh_contains(csv, line)) {
			fprintf(stderr, "not in the CSV: %s", line);
			missing++;
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return missing;
}

static int
report(struct fx *f, const char *fmt, const char *generated, int64_t bound,
    struct gh_report_req *rq, struct gh_buf *out)
{
	char err[700];
	memset(rq, 0, sizeof *rq);
	rq->month = "2026-10";
	rq->format = fmt;
	rq->journal_path = f->journal;
	rq->generated_utc = generated;
	rq->bound_seq = bound;
	gh_buf_init(out);
	int rc = gh_report_monthly(f->db, rq, out, err, sizeof err);
	if (rc != GH_OK)
		fprintf(stderr, "report: %s\n", err);
	return rc;
}

static void
test_fixture_month(void)
{
	/* R-REVIEW: every section of the month's report, every number in it. */
	char saved_tz[64];
	snprintf(saved_tz, sizeof saved_tz, "%s", gh_tz_name());
	CU_ASSERT_EQUAL_FATAL(gh_tz_set("Europe/Paris"), 0);
	struct fx f;
	fixture(&f, "report-month");
	/* The fixture is a journal the controller could have written: it verifies. */
	{
		char keys[1024], skp[1024], pkp[1024], err[600];
		uint8_t pk[GH_SIGN_PK_LEN];
		struct gh_verify v;
		gh_signkey_paths(f.journal, keys, skp, pkp, sizeof keys);
		CU_ASSERT_EQUAL_FATAL(gh_signkey_load_public(pkp, pk, err, sizeof err), GH_OK);
		CU_ASSERT_EQUAL(gh_journal_verify(f.j, pk, &v), GH_OK);
		CU_ASSERT(v.ok);
	}
	struct gh_report_req rq;
	struct gh_buf js, csv, html;
	CU_ASSERT_EQUAL_FATAL(report(&f, "json", NULL, 0, &rq, &js), GH_OK);
	const char *J = js.s;
	int64_t head;
	uint8_t hh[GH_HASH_LEN];
	gh_journal_head(f.j, &head, hh);
	CU_ASSERT_EQUAL(rq.head_seq, head);
	CU_ASSERT_EQUAL(rq.verified, 1);
	CU_ASSERT_STRING_EQUAL(jget(J, "$.report"), "monthly");
	CU_ASSERT_STRING_EQUAL(jget(J, "$.month"), "2026-10");
	CU_ASSERT_STRING_EQUAL(jget(J, "$.site"), "Site de test");
	CU_ASSERT_STRING_EQUAL(jget(J, "$.timezone"), "Europe/Paris");
	char n[32];
	snprintf(n, sizeof n, "%lld", (long long)head);
	CU_ASSERT_STRING_EQUAL(jget(J, "$.journal_head_seq"), n);

	/* Restricted zones, sensitive first: grants, refusals, refusals by reason (most
	 * frequent first).  Public zones (Hall) are not listed; the rows of 30 September
	 * and 1 November local time are not counted. */
	CU_ASSERT_STRING_EQUAL(jget(J, "$.zones"),
	    "[{\"zone\":\"Archives\",\"level\":\"sensitive\",\"granted\":\"0\",\"refused\":\"1\","
	    "\"refusals\":\"unknown-badge: 1\"},"
	    "{\"zone\":\"Serveurs\",\"level\":\"sensitive\",\"granted\":\"7\",\"refused\":\"6\","
	    "\"refusals\":\"escort-required: 3; no-access: 2; outside-schedule: 1\"},"
	    "{\"zone\":\"Bureaux\",\"level\":\"private\",\"granted\":\"4\",\"refused\":\"1\","
	    "\"refusals\":\"no-access: 1\"}]");
	/* Who entered, by zone then person: the first and last entries in local time, the
	 * two 02:30 of 25 October told apart by their offsets. */
	CU_ASSERT_STRING_EQUAL(jget(J, "$.entrants"),
	    "[{\"zone\":\"Bureaux\",\"person\":\"E-1002\",\"name\":\"Bruno Petit\","
	    "\"org\":\"Gatehouse SA\",\"kind\":\"staff\",\"entries\":\"3\","
	    "\"first\":\"2026-10-01 09:15:00+02:00\",\"last\":\"2026-10-31 23:30:00+01:00\"},"
	    "{\"zone\":\"Bureaux\",\"person\":\"V-3001\",\"name\":\"Sara Haddad\","
	    "\"org\":\"Audit Conseil\",\"kind\":\"visitor\",\"entries\":\"1\","
	    "\"first\":\"2026-10-02 14:02:00+02:00\",\"last\":\"2026-10-02 14:02:00+02:00\"},"
	    "{\"zone\":\"Serveurs\",\"person\":\"C-2001\",\"name\":\"Marc Leroy\","
	    "\"org\":\"Clim Services\",\"kind\":\"contractor\",\"entries\":\"1\","
	    "\"first\":\"2026-10-01 09:05:00+02:00\",\"last\":\"2026-10-01 09:05:00+02:00\"},"
	    "{\"zone\":\"Serveurs\",\"person\":\"E-1001\",\"name\":\"Alice Martin\","
	    "\"org\":\"Gatehouse SA\",\"kind\":\"staff\",\"entries\":\"5\","
	    "\"first\":\"2026-10-01 00:30:00+02:00\",\"last\":\"2026-10-25 02:30:00+01:00\"},"
	    "{\"zone\":\"Serveurs\",\"person\":\"V-3001\",\"name\":\"Sara Haddad\","
	    "\"org\":\"Audit Conseil\",\"kind\":\"visitor\",\"entries\":\"1\","
	    "\"first\":\"2026-10-02 14:00:00+02:00\",\"last\":\"2026-10-02 14:00:00+02:00\"}]");
	/* Unusual times: night before weekend before holiday; both 02:30 of 25 October. */
	CU_ASSERT_STRING_EQUAL(jget(J, "$.unusual"),
	    "[{\"time\":\"2026-10-01 00:30:00+02:00\",\"zone\":\"Serveurs\",\"person\":\"E-1001\","
	    "\"name\":\"Alice Martin\",\"why\":\"night\"},"
	    "{\"time\":\"2026-10-03 11:00:00+02:00\",\"zone\":\"Bureaux\",\"person\":\"E-1002\","
	    "\"name\":\"Bruno Petit\",\"why\":\"weekend\"},"
	    "{\"time\":\"2026-10-12 10:00:00+02:00\",\"zone\":\"Serveurs\",\"person\":\"E-1001\","
	    "\"name\":\"Alice Martin\",\"why\":\"holiday\"},"
	    "{\"time\":\"2026-10-25 02:30:00+02:00\",\"zone\":\"Serveurs\",\"person\":\"E-1001\","
	    "\"name\":\"Alice Martin\",\"why\":\"night\"},"
	    "{\"time\":\"2026-10-25 02:30:00+01:00\",\"zone\":\"Serveurs\",\"person\":\"E-1001\","
	    "\"name\":\"Alice Martin\",\"why\":\"night\"},"
	    "{\"time\":\"2026-10-31 23:30:00+01:00\",\"zone\":\"Bureaux\",\"person\":\"E-1002\","
	    "\"name\":\"Bruno Petit\",\"why\":\"night\"}]");
	/* Escorted visits and third parties (R-ESCORT, R-SUPERVISION), with the time
	 * inside where a later entry tells it: Sara left the server room for the offices
	 * two minutes later; the contractor's and Sara's last visits have no later
	 * entry. */
	CU_ASSERT_STRING_EQUAL(jget(J, "$.escorted"),
	    "[{\"time\":\"2026-10-01 09:05:00+02:00\",\"zone\":\"Serveurs\",\"visitor\":\"C-2001\","
	    "\"org\":\"Clim Services\",\"kind\":\"contractor\",\"escort\":\"E-1001\","
	    "\"inside_s\":\"\"},"
	    "{\"time\":\"2026-10-02 14:00:00+02:00\",\"zone\":\"Serveurs\",\"visitor\":\"V-3001\","
	    "\"org\":\"Audit Conseil\",\"kind\":\"visitor\",\"escort\":\"E-1001\","
	    "\"inside_s\":\"120\"},"
	    "{\"time\":\"2026-10-02 14:02:00+02:00\",\"zone\":\"Bureaux\",\"visitor\":\"V-3001\","
	    "\"org\":\"Audit Conseil\",\"kind\":\"visitor\",\"escort\":\"E-1002\","
	    "\"inside_s\":\"\"}]");
	/* Alarms of the month by id (their journal seq), the last acknowledged in
	 * November, September's not listed though acknowledged in October: the delay is UTC seconds, so the one
	 * acknowledged across the change of 25 October took 1200 s although its local
	 * acknowledgement reads earlier than its raising. */
	char want[2048];
	snprintf(want, sizeof want,
	    "[{\"id\":\"%lld\",\"code\":\"brute-force\",\"source\":\"r-archives-in\","
	    "\"raised\":\"2026-10-05 21:00:30+02:00\",\"acked_by\":\"guard1\","
	    "\"acked\":\"2026-10-06 08:00:30+02:00\",\"delay_s\":\"39600\","
	    "\"comment\":\"badge inconnu\"},"
	    "{\"id\":\"%lld\",\"code\":\"door-forced\",\"source\":\"Porte serveurs\","
	    "\"raised\":\"2026-10-08 03:12:00+02:00\",\"acked_by\":\"guard1\","
	    "\"acked\":\"2026-10-08 03:14:30+02:00\",\"delay_s\":\"150\","
	    "\"comment\":\"ronde envoyee\"},"
	    "{\"id\":\"%lld\",\"code\":\"door-held-open\",\"source\":\"Porte bureaux\","
	    "\"raised\":\"2026-10-25 02:50:00+02:00\",\"acked_by\":\"guard2\","
	    "\"acked\":\"2026-10-25 02:10:00+01:00\",\"delay_s\":\"1200\","
	    "\"comment\":\"porte refermee\"},"
	    "{\"id\":\"%lld\",\"code\":\"cloned-credential\",\"source\":\"r-serveurs-in\","
	    "\"raised\":\"2026-10-30 16:00:00+01:00\",\"acked_by\":\"NOT ACKNOWLEDGED\","
	    "\"acked\":\"\",\"delay_s\":\"\",\"comment\":\"\"},"
	    "{\"id\":\"%lld\",\"code\":\"door-forced\",\"source\":\"Entree\","
	    "\"raised\":\"2026-10-31 23:35:00+01:00\",\"acked_by\":\"guard2\","
	    "\"acked\":\"2026-11-01 00:30:00+01:00\",\"delay_s\":\"3300\","
	    "\"comment\":\"vent\"}]",
	    (long long)f.alarm_brute, (long long)f.alarm_forced, (long long)f.alarm_held,
	    (long long)f.alarm_cloned, (long long)f.alarm_late);
	CU_ASSERT_STRING_EQUAL(jget(J, "$.alarms"), want);
	/* Rights changes from the audit trail: who did what to what. */
	CU_ASSERT_STRING_EQUAL(jget(J, "$.rights_changes"),
	    "[{\"time\":\"2026-10-09 15:00:00+02:00\",\"operator\":\"cli:admin\","
	    "\"action\":\"person.grant\",\"object\":\"E-1002\"},"
	    "{\"time\":\"2026-10-09 15:05:00+02:00\",\"operator\":\"web:officer1\","
	    "\"action\":\"badge.enroll\",\"object\":\"04DDEEFF\"}]");
	/* Sensitive access unused for 60 days: Bruno never entered the archives, Chloe
	 * last in August; Alice entered them in September (within the 60 days) and is not
	 * listed, nor are Denis and Emma, whose grants did not cover the month's end. */
	CU_ASSERT_STRING_EQUAL(jget(J, "$.unused_access"),
	    "[{\"person\":\"E-1002\",\"name\":\"Bruno Petit\",\"zone\":\"Archives\","
	    "\"last_entry\":\"never\"},"
	    "{\"person\":\"E-1003\",\"name\":\"Chloe Durand\",\"zone\":\"Archives\","
	    "\"last_entry\":\"2026-08-20 10:00:00+02:00\"}]");
	/* UID badges in use (grants, public zones included); the one only refused is not. */
	CU_ASSERT_STRING_EQUAL(jget(J, "$.cloneable_in_use"),
	    "[{\"credential\":\"04AABBCC\",\"person\":\"E-1002\",\"entries\":\"4\"},"
	    "{\"credential\":\"0471A2B3C4D5E6\",\"person\":\"V-3001\",\"entries\":\"2\"}]");
	/* Modes (the mode, its reason) and the momentary unlock (its reason). */
	CU_ASSERT_STRING_EQUAL(jget(J, "$.operations"),
	    "[{\"time\":\"2026-10-14 10:00:00+02:00\",\"kind\":\"mode-changed\",\"door\":\"\","
	    "\"operator\":\"guard1\",\"mode\":\"lockdown\","
	    "\"reason\":\"exercice de confinement\"},"
	    "{\"time\":\"2026-10-14 10:20:00+02:00\",\"kind\":\"mode-changed\",\"door\":\"\","
	    "\"operator\":\"guard1\",\"mode\":\"normal\",\"reason\":\"fin de l'exercice\"},"
	    "{\"time\":\"2026-10-16 12:00:00+02:00\",\"kind\":\"door-released\","
	    "\"door\":\"Porte serveurs\",\"operator\":\"guard2\",\"mode\":\"\","
	    "\"reason\":\"livraison baie\"}]");
	/* The journal (R-TAMPER): the month's rows from the signed checkpoint before it to
	 * the one after it, nothing purged. */
	snprintf(want, sizeof want,
	    "[{\"item\":\"verification\",\"value\":\"ok\"},"
	    "{\"item\":\"rows verified (the month, between two signed checkpoints)\","
	    "\"value\":\"%lld\"},"
	    "{\"item\":\"journal head (seq) when made\",\"value\":\"%lld\"},"
	    "{\"item\":\"oldest row kept (seq)\",\"value\":\"1\"},"
	    "{\"item\":\"oldest row kept (time)\",\"value\":\"2026-08-20 10:00:00+02:00\"},"
	    "{\"item\":\"part of the month purged\",\"value\":\"no\"}]",
	    (long long)(f.cp_after - f.cp_before + 1), (long long)head);
	CU_ASSERT_STRING_EQUAL(jget(J, "$.journal"), want);

	/* CSV and HTML carry the same numbers. */
	CU_ASSERT_EQUAL_FATAL(report(&f, "csv", NULL, 0, &rq, &csv), GH_OK);
	CU_ASSERT_EQUAL(rq.verified, 1);
	CU_ASSERT_EQUAL_FATAL(report(&f, "html", NULL, 0, &rq, &html), GH_OK);
	CU_ASSERT_EQUAL(rq.verified, 1);
	static const char *const csv_has[] = {
		"\"zones\",2,\"granted\",\"7\"\r\n",
		"\"zones\",2,\"refused\",\"6\"\r\n",
		"\"zones\",2,\"refusals\",\"escort-required: 3; no-access: 2; outside-schedule: 1\"\r\n",
		"\"zones\",3,\"granted\",\"4\"\r\n",
		"\"entrants\",4,\"entries\",\"5\"\r\n",
		"\"entrants\",4,\"last\",\"2026-10-25 02:30:00+01:00\"\r\n",
		"\"unusual\",4,\"time\",\"2026-10-25 02:30:00+02:00\"\r\n",
		"\"unusual\",5,\"time\",\"2026-10-25 02:30:00+01:00\"\r\n",
		"\"unusual\",3,\"why\",\"holiday\"\r\n",
		"\"escorted\",1,\"escort\",\"E-1001\"\r\n",
		"\"alarms\",1,\"delay_s\",\"39600\"\r\n",
		"\"alarms\",3,\"delay_s\",\"1200\"\r\n",
		"\"alarms\",4,\"acked_by\",\"NOT ACKNOWLEDGED\"\r\n",
		"\"rights_changes\",2,\"object\",\"04DDEEFF\"\r\n",
		"\"unused_access\",1,\"last_entry\",\"never\"\r\n",
		"\"cloneable_in_use\",1,\"entries\",\"4\"\r\n",
		"\"cloneable_in_use\",2,\"entries\",\"2\"\r\n",
		"\"operations\",3,\"reason\",\"livraison baie\"\r\n",
		"\"journal\",1,\"value\",\"ok\"\r\n",
	};
	for (size_t i = 0; i < sizeof csv_has / sizeof csv_has[0]; i++)
		if (!gh_contains(csv.s, csv_has[i]))
			CU_FAIL(csv_has[i]);
	static const char *const html_has[] = {
		"<td>Serveurs</td><td>sensitive</td><td>7</td><td>6</td>"
		"<td>escort-required: 3; no-access: 2; outside-schedule: 1</td>",
		"<td>Archives</td><td>sensitive</td><td>0</td><td>1</td><td>unknown-badge: 1</td>",
		"<td>Bureaux</td><td>private</td><td>4</td><td>1</td><td>no-access: 1</td>",
		"<td>5</td><td>2026-10-01 00:30:00+02:00</td><td>2026-10-25 02:30:00+01:00</td>",
		"<td>2026-10-25 02:30:00+02:00</td><td>Serveurs</td><td>E-1001</td>",
		"<td>guard1</td><td>2026-10-06 08:00:30+02:00</td><td>39600</td>",
		"<td>2026-10-25 02:10:00+01:00</td><td>1200</td>",
		"<td>NOT ACKNOWLEDGED</td>",
		"<td>04AABBCC</td><td>E-1002</td><td>4</td>",
		"<td>0471A2B3C4D5E6</td><td>V-3001</td><td>2</td>",
		"<td>E-1003</td><td>Chloe Durand</td><td>Archives</td>"
		"<td>2026-08-20 10:00:00+02:00</td>",
		"<td>verification</td><td>ok</td>",
	};
	for (size_t i = 0; i < sizeof html_has / sizeof html_has[0]; i++)
		if (!gh_contains(html.s, html_has[i]))
			CU_FAIL(html_has[i]);
	/* Every field of every JSON row is in the CSV (198 of them: rows times columns of
	 * the sections above). */
	int fields = 0;
	CU_ASSERT_EQUAL(csv_lacks(J, csv.s, &fields), 0);
	CU_ASSERT_EQUAL(fields, 198);
	/* The charts of the sensitive zones: Serveurs had 3 entries on 1 October and 2 on
	 * the 25th, both in the hour 02 of that Sunday (the hour that happened twice). */
	CU_ASSERT(gh_contains(html.s, "<title>1: 3</title>"));
	CU_ASSERT(gh_contains(html.s, "<title>25: 2</title>"));
	CU_ASSERT(gh_contains(html.s, "<title>dim 02h: 2</title>"));
	/* No more rows than the JSON has. */
	CU_ASSERT(gh_contains(csv.s, "\"entrants\",5,\"person\",\"V-3001\"\r\n"));
	CU_ASSERT(!gh_contains(csv.s, "\"entrants\",6,"));
	CU_ASSERT(!gh_contains(csv.s, "\"unusual\",7,"));

	/* Made again for the same bound and generation time: the same bytes, even after
	 * a late October row is journalled (a clock put right, an import). */
	char generated[40];
	snprintf(generated, sizeof generated, "%s", jget(J, "$.generated_utc"));
	CU_ASSERT_EQUAL(strlen(generated), 27);
	int64_t bound = rq.head_seq;
	acc(&f, "2026-10-20 10:00", "Porte serveurs", "Serveurs", "r-serveurs-in", "D1001",
	    "E-1001", NULL, "granted");
	checkpoint(&f, "2026-11-01 00:40");
	struct gh_buf again, later;
	CU_ASSERT_EQUAL_FATAL(report(&f, "json", generated, bound, &rq, &again), GH_OK);
	CU_ASSERT_EQUAL(rq.head_seq, bound);
	CU_ASSERT_EQUAL(rq.verified, 1);
	CU_ASSERT_EQUAL(again.len, js.len);
	CU_ASSERT_STRING_EQUAL(again.s, js.s);
	/* Without the bound the late row counts. */
	CU_ASSERT_EQUAL_FATAL(report(&f, "json", generated, 0, &rq, &later), GH_OK);
	CU_ASSERT_EQUAL(rq.head_seq, bound + 2);
	CU_ASSERT(strcmp(later.s, js.s) != 0);
	CU_ASSERT(gh_contains(jget(later.s, "$.zones[1]"), "\"granted\":\"8\""));
	gh_buf_free(&again);
	gh_buf_free(&later);
	gh_buf_free(&js);
	gh_buf_free(&csv);
	gh_buf_free(&html);
	fixture_close(&f);
	gh_tz_set(saved_tz);
}

static int
journal_sql(const char *path, const char *text)
{
	sqlite3 *h;
	if (sqlite3_open(path, &h) != SQLITE_OK)
		return -1;
	int rc = sqlite3_exec(h, text, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

static void
test_tampered_row(void)
{
	/* R-TAMPER: one row of the month rewritten (the append-only trigger dropped
	 * first): the report says the month does not verify. */
	char saved_tz[64];
	snprintf(saved_tz, sizeof saved_tz, "%s", gh_tz_name());
	CU_ASSERT_EQUAL_FATAL(gh_tz_set("Europe/Paris"), 0);
	struct fx f;
	fixture(&f, "report-tamper");
	gh_journal_close(f.j);
	f.j = NULL;
	struct gh_report_req rq;
	struct gh_buf before, after, csv;
	CU_ASSERT_EQUAL_FATAL(report(&f, "json", NULL, 0, &rq, &before), GH_OK);
	CU_ASSERT_EQUAL(rq.verified, 1);
	CU_ASSERT_STRING_EQUAL(jget(before.s, "$.journal[0].value"), "ok");
	char text[300];
	snprintf(text, sizeof text, "DROP TRIGGER event_no_update; UPDATE event SET "
	    "reason = 'outside-schedule' WHERE seq = %lld", (long long)f.tamper_seq);
	CU_ASSERT_EQUAL_FATAL(journal_sql(f.journal, text), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(report(&f, "json", NULL, 0, &rq, &after), GH_OK);
	CU_ASSERT_EQUAL(rq.verified, 0);
	const char *v = jget(after.s, "$.journal[0].value");
	CU_ASSERT_STRING_NOT_EQUAL(v, "ok");
	snprintf(text, sizeof text, "row %lld does not match its hash", (long long)f.tamper_seq);
	CU_ASSERT(gh_contains(v, text));
	/* The altered reason shows as the journal now holds it; the report does not
	 * hide it, it says the month cannot be trusted. */
	CU_ASSERT_STRING_EQUAL(jget(after.s, "$.zones[2].refusals"), "outside-schedule: 1");
	CU_ASSERT_EQUAL_FATAL(report(&f, "csv", NULL, 0, &rq, &csv), GH_OK);
	CU_ASSERT_EQUAL(rq.verified, 0);
	CU_ASSERT(gh_contains(csv.s, "\"journal\",1,\"value\",\"row "));
	gh_buf_free(&before);
	gh_buf_free(&after);
	gh_buf_free(&csv);
	fixture_close(&f);
	gh_tz_set(saved_tz);
}

static void
test_purged_month(void)
{
	/* R-REVIEW: "part of the month purged" says whether a purge (R-RETENTION) took
	 * rows of the month, not merely rows before it; the month still verifies from the
	 * purge's anchor (R-TAMPER). */
	char saved_tz[64];
	snprintf(saved_tz, sizeof saved_tz, "%s", gh_tz_name());
	CU_ASSERT_EQUAL_FATAL(gh_tz_set("Europe/Paris"), 0);
	struct fx f;
	fixture(&f, "report-purge");
	const char *out = gh_tmppath("report-purge-export");
	CU_ASSERT_EQUAL_FATAL(mkdir(out, 0700), 0);
	/* 92 days before 31 December 22:00Z is 30 September 22:00Z, the month's start:
	 * every row of September goes, none of October. */
	struct gh_purge_opts o = { .now_us = at("2026-12-31T22:00Z"), .retention_days = 92,
		.audit_retention_days = 92, .export_dir = out };
	struct gh_purge_result pr;
	CU_ASSERT_EQUAL_FATAL(gh_journal_purge(f.j, &o, &pr), GH_OK);
	CU_ASSERT_EQUAL(pr.first_seq, 1);
	CU_ASSERT_EQUAL(pr.last_seq, f.cp_before);
	struct gh_report_req rq;
	struct gh_buf b;
	CU_ASSERT_EQUAL_FATAL(report(&f, "json", NULL, 0, &rq, &b), GH_OK);
	CU_ASSERT_EQUAL(rq.verified, 1);
	CU_ASSERT_STRING_EQUAL(jget(b.s, "$.journal[0].value"), "ok");
	char n[32];
	snprintf(n, sizeof n, "%lld", (long long)(f.cp_before + 1));
	CU_ASSERT_STRING_EQUAL(jget(b.s, "$.journal[3].value"), n);
	CU_ASSERT_STRING_EQUAL(jget(b.s, "$.journal[4].value"), "2026-10-01 00:05:00+02:00");
	CU_ASSERT_STRING_EQUAL(jget(b.s, "$.journal[5].item"), "part of the month purged");
	CU_ASSERT_STRING_EQUAL(jget(b.s, "$.journal[5].value"), "no");
	CU_ASSERT_STRING_EQUAL(jget(b.s, "$.zones[1].granted"), "7");
	gh_buf_free(&b);
	/* Two hours later the cut is 1 October 02:00 local: the night entry of 1 October
	 * is gone, and the report says so. */
	o.now_us = at("2027-01-01T00:00Z");
	CU_ASSERT_EQUAL_FATAL(gh_journal_purge(f.j, &o, &pr), GH_OK);
	CU_ASSERT_EQUAL(pr.rows, 2);
	CU_ASSERT_EQUAL_FATAL(report(&f, "json", NULL, 0, &rq, &b), GH_OK);
	CU_ASSERT_EQUAL(rq.verified, 1);
	CU_ASSERT_STRING_EQUAL(jget(b.s, "$.journal[5].value"), "yes");
	CU_ASSERT_STRING_EQUAL(jget(b.s, "$.zones[1].granted"), "6");
	gh_buf_free(&b);
	fixture_close(&f);
	gh_tz_set(saved_tz);
}

static void
test_usual_hours(void)
{
	/* R-REVIEW: "entries at unusual times (outside the person's usual hours ...)".
	 * Usual hours are learnt from the month: a person with at least 10 restricted
	 * entries whose only entry in an hour of the day is flagged; night, weekend and
	 * holiday entries are flagged as such, not again; fewer entries, no verdict. */
	char saved_tz[64];
	snprintf(saved_tz, sizeof saved_tz, "%s", gh_tz_name());
	CU_ASSERT_EQUAL_FATAL(gh_tz_set("Europe/Paris"), 0);
	struct fx f;
	fixture(&f, "report-usual");
	const char *BUR = "Bureaux", *PB = "Porte bureaux", *RB = "r-bureaux-in";
	const char *ARC = "Archives", *PA = "Porte archives", *RA = "r-archives-in";
	/* Bruno: every weekday morning at nine, once at 15:20 (and the fixture's weekend
	 * and night entries). */
	static const char *const mornings[] = { "2026-10-05 09:05", "2026-10-06 09:10",
		"2026-10-07 09:02", "2026-10-08 09:30", "2026-10-09 09:12", "2026-10-13 09:01",
		"2026-10-14 09:07", "2026-10-15 09:20", "2026-10-16 09:40", "2026-10-19 09:03",
		"2026-10-20 09:08", "2026-10-21 09:11" };
	for (size_t i = 0; i < sizeof mornings / sizeof mornings[0]; i++)
		acc(&f, mornings[i], PB, BUR, RB, "04AABBCC", "E-1002", NULL, "granted");
	acc(&f, "2026-10-14 15:20", PB, BUR, RB, "04AABBCC", "E-1002", NULL, "granted");
	/* Chloe: eight mornings at ten and once at four: too few entries to judge. */
	for (int d = 5; d < 13; d++) {
		char when[32];
		snprintf(when, sizeof when, "2026-10-%02d 10:15", d == 10 || d == 11 ? d + 10 : d);
		acc(&f, when, PA, ARC, RA, "D1003", "E-1003", NULL, "granted");
	}
	acc(&f, "2026-10-22 16:00", PA, ARC, RA, "D1003", "E-1003", NULL, "granted");
	checkpoint(&f, "2026-11-01 10:00");
	struct gh_report_req rq;
	struct gh_buf b;
	CU_ASSERT_EQUAL_FATAL(report(&f, "json", NULL, 0, &rq, &b), GH_OK);
	const char *u = jget(b.s, "$.unusual");
	CU_ASSERT_PTR_NOT_NULL(strstr(u, "{\"time\":\"2026-10-14 15:20:00+02:00\",\"zone\":"
	    "\"Bureaux\",\"person\":\"E-1002\",\"name\":\"Bruno Petit\",\"why\":"
	    "\"outside the person's usual hours\"}"));
	/* Only that one: not Chloe's, not Bruno's weekend or night hours again. */
	int n = 0;
	for (const char *p = u; (p = strstr(p, "usual hours")) != NULL; p++)
		n++;
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_PTR_NULL(strstr(u, "2026-10-22 16:00"));
	gh_buf_free(&b);
	fixture_close(&f);
	gh_tz_set(saved_tz);
}

GH_SUITE("report", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_fixture_month);
	GH_TEST(s, test_tampered_row);
	GH_TEST(s, test_purged_month);
	GH_TEST(s, test_usual_hours);
}
