/* The decision engine, a row per reason and rule (R-PROFILES, R-VALIDITY, R-ESCORT,
 * R-SUPERVISION, R-INDIVIDUAL, R-TRACE, R-DETECT, R-EMERGENCY). */
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "controller/policy.h"
#include "controller/timeutil.h"

static struct gh_run r;
static const char *site;
static struct gh_db *db;

/* In the suite's set-up: no assertion is possible there, so fail the suite. */
#define CLI(...) do {                                                              \
		if (gh_cli(&r, site, NULL, __VA_ARGS__, NULL) != 0) {              \
			fprintf(stderr, "set-up failed: %s", r.err);               \
			return 1;                                                  \
		}                                                                  \
	} while (0)

static int
setup(void)
{
	site = gh_tmppath("policy-site");
	mkdir(site, 0700);
	CLI("init", "--timezone", "Europe/Paris");
	CLI("zone", "add", "Rue", "--level", "public");
	CLI("zone", "add", "Hall", "--level", "public");
	CLI("zone", "add", "Bureaux", "--level", "private", "--passback", "soft");
	CLI("zone", "add", "Ops", "--level", "private", "--passback", "hard",
	    "--max-occupancy", "2");
	CLI("zone", "add", "Serveurs", "--level", "sensitive");
	CLI("reader", "add", "r-hall", "--connstring", "pn532_uart:/dev/null");
	CLI("reader", "add", "rb-in", "--connstring", "pn532_uart:/dev/null");
	CLI("reader", "add", "rb-out", "--connstring", "pn532_uart:/dev/null");
	CLI("door", "add", "Entree", "--from", "Rue", "--to", "Hall", "--reader", "r-hall");
	CLI("door", "add", "Porte bureaux", "--from", "Hall", "--to", "Bureaux", "--reader",
	    "rb-in:in", "--reader", "rb-out:out");
	CLI("door", "add", "Porte ops", "--from", "Bureaux", "--to", "Ops");
	CLI("door", "add", "Porte serveurs", "--from", "Ops", "--to", "Serveurs");
	CLI("schedule", "add", "Jour", "--window", "mon-fri 08:00-18:00", "--holidays-closed");
	CLI("schedule", "add", "Nuit", "--window", "fri 22:00-06:00");
	CLI("holiday", "add", "2026-12-25", "--name", "Noël");
	CLI("profile", "add", "P");
	CLI("profile", "rule", "P", "--zone", "Bureaux", "--schedule", "Jour");
	CLI("profile", "rule", "P", "--zone", "Ops", "--schedule", "Jour");
	CLI("profile", "rule", "P", "--zone", "Ops", "--schedule", "Nuit");
	CLI("profile", "rule", "P", "--zone", "Serveurs", "--schedule", "Jour");
	CLI("profile", "add", "Q");
	CLI("profile", "rule", "Q", "--zone", "Bureaux", "--schedule", "Jour");
	struct { const char *ref, *kind, *flags[3], *badge, *profile; } people[] = {
		{ "S1", "staff", { "--can-escort", "--vetted", NULL }, "04000001", "P" },
		{ "S2", "staff", { "--can-escort", NULL, NULL }, "04000002", "P" },
		{ "S3", "staff", { NULL, NULL, NULL }, "04000003", "P" },
		{ "S4", "staff", { "--can-escort", "--vetted", NULL }, "04000004", "Q" },
		{ "S5", "staff", { "--lockdown-ok", NULL, NULL }, "04000005", "P" },
		{ "V1", "visitor", { NULL, NULL, NULL }, "04000010", NULL },
		{ "V2", "visitor", { NULL, NULL, NULL }, "04000011", NULL },
		{ "C1", "contractor", { NULL, NULL, NULL }, "04000020", NULL },
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		const char *a[] = { people[i].flags[0], people[i].flags[1] };
		if (a[0] && a[1]) {
			CLI("person", "add", people[i].ref, "--name", people[i].ref, "--kind",
			    people[i].kind, a[0], a[1]);
		} else if (a[0]) {
			CLI("person", "add", people[i].ref, "--name", people[i].ref, "--kind",
			    people[i].kind, a[0]);
		} else {
			CLI("person", "add", people[i].ref, "--name", people[i].ref, "--kind",
			    people[i].kind);
		}
		CLI("badge", "enroll", people[i].badge, "--person", people[i].ref);
		if (people[i].profile)
			CLI("person", "grant", people[i].ref, people[i].profile);
	}
	/* Badges in every state, and people out of their validity. */
	CLI("badge", "enroll", "04000101", "--person", "S3");
	CLI("badge", "set", "04000101", "--status", "suspended");
	CLI("badge", "enroll", "04000102", "--person", "S3");
	CLI("badge", "set", "04000102", "--status", "lost");
	CLI("badge", "enroll", "04000103", "--person", "S3");
	CLI("badge", "set", "04000103", "--status", "revoked");
	CLI("badge", "enroll", "04000104", "--person", "S3", "--valid-until", "2026-11-23");
	CLI("badge", "enroll", "04000105", "--person", "S3", "--valid-from", "2026-11-25");
	CLI("badge", "enroll", "04000106", "--person", "S3", "--valid-until", "2026-11-24");
	CLI("person", "add", "X1", "--name", "Parti", "--kind", "staff", "--valid-until",
	    "2026-11-23");
	CLI("badge", "enroll", "04000201", "--person", "X1");
	CLI("person", "add", "S6", "--name", "Ancien droit", "--kind", "staff");
	CLI("badge", "enroll", "04000006", "--person", "S6");
	CLI("person", "grant", "S6", "P", "--until", "2026-06-30");
	char path[600], err[600];
	snprintf(path, sizeof path, "%s/config.db", site);
	if (gh_db_open(&db, path, 0, err, sizeof err) != GH_OK)
		return 1;
	gh_db_set_actor(db, "test");
	/* A DESFire badge for S1 (secure credentials arrive with their own issue). */
	struct gh_badge_spec d = { .credential = "D1001", .kind = "desfire",
		.card_uid = "04AABBCCDDEEFF", .person = "S1", .key_version = 1 };
	struct gh_badge_spec d2 = { .credential = "D1010", .kind = "desfire",
		.card_uid = "04AABBCCDDEE00", .person = "V1", .key_version = 1 };
	if (gh_badge_enroll(db, &d) != GH_OK || gh_badge_enroll(db, &d2) != GH_OK)
		return 1;
	return 0;
}

static int
teardown(void)
{
	gh_db_close(db);
	gh_tz_set("UTC");
	return 0;
}

struct row {
	const char *at, *door, *reader, *badge, *escort;
	struct site_state st;
	const char *want;	/* reason */
	const char *zone;	/* when granted, the zone entered */
};

static void
run_rows(const struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct row *w = &rows[i];
		time_t t;
		const char *why;
		CU_ASSERT_EQUAL_FATAL(gh_time_parse(w->at, &t, &why), 0);
		struct policy_data pd = { db };
		struct access_request req = { .door = w->door, .reader = w->reader,
			.credential = w->badge, .escort_credential = w->escort };
		struct decision d;
		CU_ASSERT_EQUAL(policy_decide(&pd, &req, &w->st, t, &d), GH_OK);
		if (strcmp(d.reason, w->want) != 0 ||
		    (w->zone && strcmp(d.zone, w->zone) != 0))
			fprintf(stderr, "\n  row %zu (%s %s %s): got %s (zone %s), want %s\n",
			    i, w->at, w->door ? w->door : w->reader, w->badge, d.reason, d.zone,
			    w->want);
		CU_ASSERT_STRING_EQUAL(d.reason, w->want);
		CU_ASSERT_EQUAL(d.granted, strcmp(w->want, "granted") == 0);
		if (w->zone)
			CU_ASSERT_STRING_EQUAL(d.zone, w->zone);
	}
}

#define NOW "2026-11-24 10:00"	/* a Tuesday */
#define N { 0 }

static void
test_validity_and_states(void)
{
	/* R-VALIDITY, R-INDIVIDUAL: badge states, dates inclusive in the site zone. */
	static const struct row rows[] = {
		{ NOW, "Entree", NULL, "04000001", NULL, N, "granted", "Hall" },
		{ NOW, "Entree", NULL, "04:00:00:01", NULL, N, "granted", "Hall" },
		{ NOW, "Entree", NULL, "0400FFFF", NULL, N, "unknown-badge", NULL },
		{ NOW, "Entree", NULL, "not-hex", NULL, N, "unknown-badge", NULL },
		{ NOW, "Entree", NULL, "04000101", NULL, N, "badge-suspended", NULL },
		{ NOW, "Entree", NULL, "04000102", NULL, N, "badge-lost", NULL },
		{ NOW, "Entree", NULL, "04000103", NULL, N, "badge-revoked", NULL },
		{ NOW, "Entree", NULL, "04000104", NULL, N, "badge-expired", NULL },
		{ NOW, "Entree", NULL, "04000105", NULL, N, "badge-not-yet-valid", NULL },
		{ "2026-11-24 23:59:59", "Entree", NULL, "04000106", NULL, N, "granted", NULL },
		{ "2026-11-25 00:00", "Entree", NULL, "04000106", NULL, N, "badge-expired", NULL },
		/* 23:30 UTC on the 24th is already the 25th in Paris. */
		{ "2026-11-24 23:30Z", "Entree", NULL, "04000106", NULL, N, "badge-expired", NULL },
		{ NOW, "Entree", NULL, "04000201", NULL, N, "person-inactive", NULL },
		{ "2026-11-23 12:00", "Entree", NULL, "04000201", NULL, N, "granted", NULL },
	};
	run_rows(rows, sizeof rows / sizeof rows[0]);
}

static void
test_profiles_and_schedules(void)
{
	/* R-PROFILES: half-open windows, past midnight, holidays, grants' dates. */
	static const struct row rows[] = {
		{ NOW, "Porte bureaux", NULL, "04000001", NULL, N, "granted", "Bureaux" },
		{ "2026-11-24 08:00:00", "Porte bureaux", NULL, "04000001", NULL, N, "granted", NULL },
		{ "2026-11-24 07:59:59", "Porte bureaux", NULL, "04000001", NULL, N,
		  "outside-schedule", NULL },
		{ "2026-11-24 17:59:59", "Porte bureaux", NULL, "04000001", NULL, N, "granted", NULL },
		{ "2026-11-24 18:00:00", "Porte bureaux", NULL, "04000001", NULL, N,
		  "outside-schedule", NULL },
		{ "2026-11-28 10:00", "Porte bureaux", NULL, "04000001", NULL, N,
		  "outside-schedule", NULL },	/* Saturday */
		{ "2026-12-25 10:00", "Porte bureaux", NULL, "04000001", NULL, N,
		  "outside-schedule", NULL },	/* a holiday closes Jour */
		{ "2026-12-24 10:00", "Porte bureaux", NULL, "04000001", NULL, N, "granted", NULL },
		/* Nuit: fri 22:00-06:00 belongs to Friday. */
		{ "2026-11-27 21:59:59", "Porte ops", NULL, "04000001", NULL, N,
		  "outside-schedule", NULL },
		{ "2026-11-27 22:00", "Porte ops", NULL, "04000001", NULL, N, "granted", "Ops" },
		{ "2026-11-28 05:59:59", "Porte ops", NULL, "04000001", NULL, N, "granted", NULL },
		{ "2026-11-28 06:00", "Porte ops", NULL, "04000001", NULL, N,
		  "outside-schedule", NULL },
		{ "2026-11-25 02:00", "Porte ops", NULL, "04000001", NULL, N,
		  "outside-schedule", NULL },	/* Tuesday night: not Friday's */
		/* No rule for the zone at all; a grant that has ended. */
		{ NOW, "Porte ops", NULL, "04000004", NULL, N, "no-access", NULL },
		{ NOW, "Porte ops", NULL, "04000006", NULL, N, "no-access", NULL },
		{ "2026-06-30 10:00", "Porte ops", NULL, "04000006", NULL, N, "granted", NULL },
	};
	run_rows(rows, sizeof rows / sizeof rows[0]);
}

static void
test_readers_and_sides(void)
{
	/* An "out" reader enters the door's from-zone. */
	static const struct row rows[] = {
		{ NOW, NULL, "rb-in", "04000001", NULL, N, "granted", "Bureaux" },
		{ NOW, NULL, "rb-out", "04000001", NULL, N, "granted", "Hall" },
		{ "2026-11-24 20:00", NULL, "rb-out", "04000001", NULL, N, "granted", "Hall" },
		{ "2026-11-24 20:00", NULL, "rb-in", "04000001", NULL, N, "outside-schedule", NULL },
	};
	run_rows(rows, sizeof rows / sizeof rows[0]);
	struct policy_data pd = { db };
	struct access_request req = { .door = "Entree", .reader = "rb-in", .credential = "04000001" };
	struct site_state st = { 0 };
	struct decision d;
	CU_ASSERT_EQUAL(policy_decide(&pd, &req, &st, time(NULL), &d), GH_EINPUT);
	req.reader = "r-nowhere";
	CU_ASSERT_EQUAL(policy_decide(&pd, &req, &st, time(NULL), &d), GH_EINPUT);
	req.reader = NULL;
	req.door = "Porte inconnue";
	CU_ASSERT_EQUAL(policy_decide(&pd, &req, &st, time(NULL), &d), GH_EINPUT);
}

static void
test_escorts_and_supervision(void)
{
	/* R-ESCORT, R-SUPERVISION: the visitor alone is refused; the escort must be able to
	 * escort and be allowed there now; a contractor's escort must be vetted. */
	static const struct row rows[] = {
		{ NOW, "Porte bureaux", NULL, "04000010", NULL, N, "escort-required", NULL },
		{ NOW, "Porte bureaux", NULL, "04000010", "04000001", N, "granted", "Bureaux" },
		/* Either order: the escort's badge first. */
		{ NOW, "Porte bureaux", NULL, "04000001", "04000010", N, "granted", "Bureaux" },
		{ NOW, "Porte ops", NULL, "04000002", "04000020", N, "escort-not-vetted", NULL },
		{ NOW, "Porte bureaux", NULL, "04000010", "04000003", N,
		  "escort-not-authorised", NULL },	/* cannot escort */
		{ NOW, "Porte bureaux", NULL, "04000010", "04000011", N,
		  "escort-not-authorised", NULL },	/* another visitor */
		{ NOW, "Porte ops", NULL, "04000010", "04000004", N,
		  "escort-not-authorised", NULL },	/* escort has no right there */
		{ "2026-11-24 19:00", "Porte bureaux", NULL, "04000010", "04000001", N,
		  "escort-not-authorised", NULL },	/* escort outside schedule */
		{ NOW, "Porte bureaux", NULL, "04000010", "04000101", N,
		  "escort-not-authorised", NULL },	/* escort's badge suspended */
		{ NOW, "Porte bureaux", NULL, "04000010", "0400FFFF", N,
		  "escort-not-authorised", NULL },
		{ NOW, "Porte ops", NULL, "04000020", "04000002", N, "escort-not-vetted", NULL },
		{ NOW, "Porte ops", NULL, "04000020", "04000001", N, "granted", "Ops" },
		{ NOW, "Porte ops", NULL, "04000020", NULL, N, "escort-required", NULL },
		{ NOW, "Porte ops", NULL, "04000020", "04000001", { .escort_visitors = 5 },
		  "escort-busy", NULL },
		{ NOW, "Porte ops", NULL, "04000020", "04000001", { .escort_visitors = 4 },
		  "granted", NULL },
		/* Public zones need no escort. */
		{ NOW, "Entree", NULL, "04000010", NULL, N, "granted", "Hall" },
	};
	run_rows(rows, sizeof rows / sizeof rows[0]);
	/* The decision names both people (R-TRACE) and says it was escorted. */
	struct policy_data pd = { db };
	struct access_request req = { .door = "Porte bureaux", .credential = "04000010",
		.escort_credential = "04000001" };
	struct site_state st = { 0 };
	struct decision d;
	time_t t;
	const char *why;
	gh_time_parse(NOW, &t, &why);
	CU_ASSERT_EQUAL(policy_decide(&pd, &req, &st, t, &d), GH_OK);
	CU_ASSERT_STRING_EQUAL(d.person, "V1");
	CU_ASSERT_STRING_EQUAL(d.escort, "S1");
	CU_ASSERT_STRING_EQUAL(d.kind, "visitor");
	CU_ASSERT(d.flags & DECISION_ESCORTED);
	CU_ASSERT_STRING_EQUAL(d.time_local, "2026-11-24 10:00:00+01:00");
	req.credential = "04000001";
	req.escort_credential = "04000010";
	CU_ASSERT_EQUAL(policy_decide(&pd, &req, &st, t, &d), GH_OK);
	CU_ASSERT_STRING_EQUAL(d.person, "V1");
	CU_ASSERT_STRING_EQUAL(d.escort, "S1");
	CU_ASSERT_STRING_EQUAL(d.time_utc, "2026-11-24T09:00:00.000000Z");
}

static void
test_secure_credential(void)
{
	/* A UID badge, presenter's or escort's, cannot open a sensitive zone while
	 * sensitive-requires-secure is on. */
	static const struct row rows[] = {
		{ NOW, "Porte serveurs", NULL, "04000001", NULL, N, "insecure-credential", NULL },
		{ NOW, "Porte serveurs", NULL, "D1001", NULL, N, "granted", "Serveurs" },
		{ NOW, "Porte serveurs", NULL, "d1001", NULL, N, "granted", NULL },
		{ NOW, "Porte serveurs", NULL, "04000010", "D1001", N, "insecure-credential", NULL },
		{ NOW, "Porte serveurs", NULL, "D1010", "04000001", N, "insecure-credential", NULL },
		{ NOW, "Porte serveurs", NULL, "D1010", "D1001", N, "granted", NULL },
	};
	run_rows(rows, sizeof rows / sizeof rows[0]);
	struct access_request req = { .door = "Porte serveurs", .credential = "D1001",
		.credential_auth_failed = 1 };
	struct policy_data pd = { db };
	struct site_state st = { 0 };
	struct decision d;
	CU_ASSERT_EQUAL(policy_decide(&pd, &req, &st, time(NULL), &d), GH_OK);
	CU_ASSERT_STRING_EQUAL(d.reason, "credential-auth-failed");
}

static void
test_modes_brute_force_passback(void)
{
	/* R-EMERGENCY, R-DETECT, passback and occupancy. */
	static const struct row rows[] = {
		{ NOW, "Porte bureaux", NULL, "04000001", NULL, { .mode = SITE_LOCKDOWN },
		  "lockdown", NULL },
		{ NOW, "Porte bureaux", NULL, "04000005", NULL, { .mode = SITE_LOCKDOWN },
		  "granted", NULL },
		{ NOW, "Entree", NULL, "04000001", NULL, { .mode = SITE_LOCKDOWN }, "lockdown",
		  NULL },
		{ NOW, "Porte bureaux", NULL, "04000005", NULL, { .mode = SITE_EVACUATION },
		  "evacuation", NULL },
		{ NOW, "Entree", NULL, "04000001", NULL, { .mode = SITE_EVACUATION }, "granted",
		  NULL },
		{ NOW, "Porte bureaux", NULL, "04000001", NULL, { .journal_failed = 1 },
		  "journal-failure", NULL },
		{ NOW, "Entree", NULL, "04000001", NULL, { .journal_failed = 1 }, "granted", NULL },
		{ NOW, "Entree", NULL, "04000001", NULL, { .reader_refusals = 5 },
		  "reader-locked-out", NULL },
		{ NOW, "Entree", NULL, "04000001", NULL, { .reader_refusals = 4 }, "granted", NULL },
		{ NOW, "Entree", NULL, "04000001", NULL, { .reader_locked_out = 1 },
		  "reader-locked-out", NULL },
		{ NOW, "Entree", NULL, "04000005", NULL, { .reader_locked_out = 1 }, "granted",
		  NULL },
		/* An unknown badge is still unknown at a locked reader (order). */
		{ NOW, "Entree", NULL, "0400FFFF", NULL, { .reader_locked_out = 1 },
		  "unknown-badge", NULL },
		{ NOW, "Porte ops", NULL, "04000001", NULL, { .inside = 1 }, "passback", NULL },
		{ NOW, "Porte bureaux", NULL, "04000001", NULL, { .inside = 1 }, "granted", NULL },
		{ NOW, "Porte ops", NULL, "04000001", NULL, { .occupancy = 2 }, "zone-full", NULL },
		{ NOW, "Porte ops", NULL, "04000001", NULL, { .occupancy = 1 }, "granted", NULL },
	};
	run_rows(rows, sizeof rows / sizeof rows[0]);
	struct policy_data pd = { db };
	struct decision d;
	time_t t;
	const char *why;
	gh_time_parse(NOW, &t, &why);
	struct access_request soft = { .door = "Porte bureaux", .credential = "04000001" };
	struct site_state inside = { .inside = 1 };
	policy_decide(&pd, &soft, &inside, t, &d);
	CU_ASSERT(d.flags & DECISION_SOFT_PASSBACK);
	/* The engine tells the caller when a refusal reaches brute-force-count. */
	struct access_request bad = { .door = "Entree", .credential = "0400FFFF" };
	struct site_state four = { .reader_refusals = 4 }, three = { .reader_refusals = 3 };
	policy_decide(&pd, &bad, &four, t, &d);
	CU_ASSERT(d.flags & DECISION_BRUTE_FORCE);
	policy_decide(&pd, &bad, &three, t, &d);
	CU_ASSERT(!(d.flags & DECISION_BRUTE_FORCE));
	CU_ASSERT(d.flags & DECISION_COUNTS);
}

static void
test_time_zones(void)
{
	/* R-PROFILES: local time from the tz database.  Paris: DST gap refused as input;
	 * Casablanca: the Ramadan offset change moves what 08:00 means in UTC. */
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Porte bureaux", "--badge",
	    "04000001", "--at", "2026-03-29 02:30", NULL), 2);
	CU_ASSERT(gh_contains(r.err, "does not exist"));
	/* Monday 2026-03-30, after the change to +02: 05:59Z is 07:59 local, 06:00Z is
	 * 08:00 local. */
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Porte bureaux", "--badge",
	    "04000001", "--at", "2026-03-30 05:59:59Z", NULL), 1);
	CU_ASSERT_STRING_EQUAL(r.out, "refused outside-schedule\n");
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Porte bureaux", "--badge",
	    "04000001", "--at", "2026-03-30 06:00Z", NULL), 0);
	CU_ASSERT_STRING_EQUAL(r.out, "granted Bureaux S1\n");
	/* Fall back: 02:30 happens twice; without an offset it is the first (CEST). */
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Entree", "--badge",
	    "04000001", "--at", "2026-10-25 02:30", "--json", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "\"time_utc\":\"2026-10-25T00:30:00.000000Z\""));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Entree", "--badge",
	    "04000001", "--at", "2026-10-25 02:30+01:00", "--json", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "\"time_utc\":\"2026-10-25T01:30:00.000000Z\""));
	gh_tz_set("Africa/Casablanca");
	static const struct row rows[] = {
		/* Ramadan: +00.  07:59:59Z is 07:59:59 local. */
		{ "2026-02-17 07:59:59Z", "Porte bureaux", NULL, "04000001", NULL, N,
		  "outside-schedule", NULL },
		{ "2026-02-17 08:00:00Z", "Porte bureaux", NULL, "04000001", NULL, N, "granted",
		  NULL },
		/* After it: +01.  07:00Z is 08:00 local. */
		{ "2026-03-24 06:59:59Z", "Porte bureaux", NULL, "04000001", NULL, N,
		  "outside-schedule", NULL },
		{ "2026-03-24 07:00:00Z", "Porte bureaux", NULL, "04000001", NULL, N, "granted",
		  NULL },
	};
	run_rows(rows, sizeof rows / sizeof rows[0]);
	gh_tz_set("Europe/Paris");
}

static void
test_decide_cli_writes_nothing(void)
{
	/* gatehouse decide is a dry run: exit 0 granted, 1 refused, 2 bad input; the
	 * databases are byte for byte the same afterwards. */
	char cfg[600], jnl[600];
	snprintf(cfg, sizeof cfg, "%s/config.db", site);
	snprintf(jnl, sizeof jnl, "%s/journal.db", site);
	char *c0, *j0, *c1, *j1;
	size_t lc0, lj0, lc1, lj1;
	CU_ASSERT_EQUAL_FATAL(gh_read_file_test(cfg, &c0, &lc0), 0);
	CU_ASSERT_EQUAL_FATAL(gh_read_file_test(jnl, &j0, &lj0), 0);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Porte bureaux", "--badge",
	    "04000010", "--escort", "04000001", "--at", NOW, "--json", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "\"granted\":true"));
	CU_ASSERT(gh_contains(r.out, "\"person\":\"V1\""));
	CU_ASSERT(gh_contains(r.out, "\"escort\":\"S1\""));
	CU_ASSERT(gh_contains(r.out, "\"flags\":[\"escorted\"]"));
	CU_ASSERT(gh_contains(r.out, "\"kind\":\"visitor\""));
	CU_ASSERT(gh_contains(r.out, "\"reader\":null"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--reader", "rb-out", "--badge",
	    "04000001", "--at", NOW, NULL), 0);
	CU_ASSERT_STRING_EQUAL(r.out, "granted Hall S1\n");
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Porte ops", "--badge",
	    "04000001", "--at", NOW, "--inside", NULL), 1);
	CU_ASSERT_STRING_EQUAL(r.out, "refused passback\n");
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Porte ops", "--badge",
	    "04000001", "--at", NOW, "--occupancy", "2", NULL), 1);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Entree", "--badge",
	    "04000001", "--refusals", "5", NULL), 1);
	CU_ASSERT_STRING_EQUAL(r.out, "refused reader-locked-out\n");
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Porte bureaux", "--badge",
	    "04000001", "--at", NOW, "--mode", "lockdown", NULL), 1);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Porte bureaux", "--badge",
	    "04000001", "--mode", "panic", NULL), 2);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Nulle part", "--badge",
	    "04000001", NULL), 2);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Entree", NULL), 2);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "decide", "--door", "Entree", "--badge",
	    "04000001", "--at", "2026-02-30 10:00", NULL), 2);
	CU_ASSERT_EQUAL_FATAL(gh_read_file_test(cfg, &c1, &lc1), 0);
	CU_ASSERT_EQUAL_FATAL(gh_read_file_test(jnl, &j1, &lj1), 0);
	CU_ASSERT(lc0 == lc1 && memcmp(c0, c1, lc0) == 0);
	CU_ASSERT(lj0 == lj1 && memcmp(j0, j1, lj0) == 0);
	free(c0);
	free(j0);
	free(c1);
	free(j1);
}

GH_SUITE("policy", setup, teardown)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_validity_and_states);
	GH_TEST(s, test_profiles_and_schedules);
	GH_TEST(s, test_readers_and_sides);
	GH_TEST(s, test_escorts_and_supervision);
	GH_TEST(s, test_secure_credential);
	GH_TEST(s, test_modes_brute_force_passback);
	GH_TEST(s, test_time_zones);
	GH_TEST(s, test_decide_cli_writes_nothing);
}
