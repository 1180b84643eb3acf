/* Site time (R-PROFILES: schedules are in the site's wall-clock time, in a zone
 * from the system's tz database). */
#include "tests/testutil.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "controller/timeutil.h"

/* Other suites in the same runner must not inherit a zone set here. */
static int
restore_utc(void)
{
	return gh_tz_set("UTC") == 0 ? 0 : -1;
}

GH_SUITE("timeutil", NULL, restore_utc)

static const char *
utc_text(time_t t)
{
	static char buf[4][32];
	static int i;

	i = (i + 1) % 4;
	return gh_utc_format_us((int64_t)t * 1000000, buf[i], sizeof(buf[i]));
}

/* ---- zones ---- */

static void
test_tz_known(void)
{
	static const struct {
		const char *name;
		int known;
	} cases[] = {
		{ "UTC", 1 },
		{ "Etc/UTC", 1 },
		{ "Europe/Paris", 1 },
		{ "Africa/Casablanca", 1 },
		{ "America/Argentina/Buenos_Aires", 1 },
		{ "Etc/GMT+5", 1 },
		{ "Etc/GMT-14", 1 },
		{ "Europe/Nowhere", 0 },
		{ "Europe", 0 },			/* a directory */
		{ "Europe/", 0 },
		{ "", 0 },
		{ "/usr/share/zoneinfo/Europe/Paris", 0 },	/* absolute */
		{ "../zoneinfo/Europe/Paris", 0 },
		{ "Europe/../Europe/Paris", 0 },
		{ "zone.tab", 0 },			/* '.' not allowed, not TZif */
		{ "Europe/Paris ", 0 },
		{ "Europe/Paris\n", 0 },
		{ "europe/paris", 0 },			/* case-sensitive file names */
		{ "Europe/Paris;rm", 0 },
		/* 65 characters */
		{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = gh_tz_known(cases[i].name) ? 1 : 0;

		if (got != cases[i].known)
			fprintf(stderr, "\n  gh_tz_known(\"%s\") = %d\n", cases[i].name, got);
		CU_ASSERT_EQUAL(got, cases[i].known);
	}
	CU_ASSERT_FALSE(gh_tz_known(NULL));
}

/* $TZDIR is honoured, and a file is a zone only if it is a TZif file. */
static void
test_tz_known_tzdir(void)
{
	const char *old = getenv("TZDIR");
	char *saved = old != NULL ? strdup(old) : NULL;

	char dir[1024];

	snprintf(dir, sizeof(dir), "%s", gh_tmppath("timeutil-zoneinfo"));
	CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0700), 0);
	gh_write_file(gh_tmppath("timeutil-zoneinfo/Fake"), "TZif2 not a zone, but the magic is right");
	gh_write_file(gh_tmppath("timeutil-zoneinfo/Bogus"), "hello, world\n");
	gh_write_file(gh_tmppath("timeutil-zoneinfo/Short"), "TZ");
	CU_ASSERT_EQUAL_FATAL(setenv("TZDIR", dir, 1), 0);
	CU_ASSERT_TRUE(gh_tz_known("Fake"));
	CU_ASSERT_FALSE(gh_tz_known("Bogus"));
	CU_ASSERT_FALSE(gh_tz_known("Short"));
	CU_ASSERT_FALSE(gh_tz_known("Europe/Paris"));	/* not under this TZDIR */
	CU_ASSERT_TRUE(gh_tz_known("UTC"));		/* always */
	if (saved != NULL)
		setenv("TZDIR", saved, 1);
	else
		unsetenv("TZDIR");
	free(saved);
	CU_ASSERT_TRUE(gh_tz_known("Europe/Paris"));
}

static void
test_tz_set(void)
{
	struct gh_local l;

	CU_ASSERT_EQUAL_FATAL(gh_tz_set("UTC"), 0);
	CU_ASSERT_STRING_EQUAL(gh_tz_name(), "UTC");
	CU_ASSERT_EQUAL(gh_tz_set("Europe/Nowhere"), -1);
	CU_ASSERT_EQUAL(gh_tz_set("../../etc/passwd"), -1);
	CU_ASSERT_STRING_EQUAL(gh_tz_name(), "UTC");	/* unchanged by a refusal */

	CU_ASSERT_EQUAL_FATAL(gh_tz_set("Europe/Paris"), 0);
	CU_ASSERT_STRING_EQUAL(gh_tz_name(), "Europe/Paris");
	gh_local_of(1782043200, &l);		/* 2026-06-21 12:00Z */
	CU_ASSERT_EQUAL(l.utcoff, 7200);
	CU_ASSERT_EQUAL(l.sec_of_day, 14 * 3600);

	CU_ASSERT_EQUAL_FATAL(gh_tz_set("UTC"), 0);
	gh_local_of(1782043200, &l);
	CU_ASSERT_EQUAL(l.utcoff, 0);
	CU_ASSERT_EQUAL(l.sec_of_day, 12 * 3600);
}

/* ---- dates ---- */

static void
test_date_parse(void)
{
	static const struct {
		const char *s;
		int ok;
		gh_day day;
		int weekday;	/* 0 = Monday */
	} cases[] = {
		{ "1970-01-01", 1, 0, 3 },
		{ "1970-01-05", 1, 4, 0 },
		{ "2000-02-29", 1, 11016, 1 },		/* 400-year leap */
		{ "2024-02-29", 1, 19782, 3 },
		{ "2026-03-27", 1, 20539, 4 },
		{ "2026-03-29", 1, 20541, 6 },
		{ "2026-10-25", 1, 20751, 6 },
		{ "2026-12-31", 1, 20818, 3 },
		{ "9999-12-31", 1, 2932896, 4 },
		{ "2026-02-29", 0, 0, 0 },		/* 2026 is not leap */
		{ "2100-02-29", 0, 0, 0 },		/* century, not leap */
		{ "2026-02-30", 0, 0, 0 },
		{ "2026-04-31", 0, 0, 0 },
		{ "2026-13-01", 0, 0, 0 },
		{ "2026-00-10", 0, 0, 0 },
		{ "2026-01-00", 0, 0, 0 },
		{ "1969-12-31", 0, 0, 0 },
		{ "2026-1-01", 0, 0, 0 },
		{ "2026-01-1", 0, 0, 0 },
		{ "26-01-01", 0, 0, 0 },
		{ "2026/01/01", 0, 0, 0 },
		{ "2026-01-01 ", 0, 0, 0 },
		{ " 2026-01-01", 0, 0, 0 },
		{ "2026-01-01x", 0, 0, 0 },
		{ "+026-01-01", 0, 0, 0 },
		{ "2026-01-+1", 0, 0, 0 },
		{ "", 0, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gh_day d = -12345;
		int rc = gh_date_parse(cases[i].s, &d);

		if ((rc == 0) != cases[i].ok || (rc == 0 && d != cases[i].day))
			fprintf(stderr, "\n  gh_date_parse(\"%s\") = %d, %d\n",
			    cases[i].s, rc, (int)d);
		CU_ASSERT_EQUAL(rc == 0, cases[i].ok);
		if (!cases[i].ok) {
			CU_ASSERT_EQUAL(d, -12345);	/* untouched */
			continue;
		}
		CU_ASSERT_EQUAL(d, cases[i].day);
		CU_ASSERT_EQUAL(gh_date_weekday(d), cases[i].weekday);
	}
	CU_ASSERT_EQUAL(gh_date_parse(NULL, &(gh_day){ 0 }), -1);
}

/* Every date from 1970 to 9999 formats as gmtime does, parses back, and has
 * gmtime's weekday: the arithmetic is checked against an independent one. */
static void
test_date_round_trip(void)
{
	gh_day last;
	int bad = 0;

	CU_ASSERT_EQUAL_FATAL(gh_date_parse("9999-12-31", &last), 0);
	for (gh_day d = 0; d <= last && bad < 5; d++) {
		char buf[16], ref[16];
		time_t t = (time_t)d * 86400;
		struct tm tm;
		gh_day back;

		gmtime_r(&t, &tm);
		strftime(ref, sizeof(ref), "%Y-%m-%d", &tm);
		gh_date_format(d, buf, sizeof(buf));
		if (strcmp(buf, ref) != 0 || gh_date_parse(buf, &back) != 0 ||
		    back != d || gh_date_weekday(d) != (tm.tm_wday + 6) % 7) {
			fprintf(stderr, "\n  day %d: \"%s\" vs \"%s\"\n", (int)d, buf, ref);
			bad++;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void
test_date_format_bounded(void)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	gh_date_format(20541, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "2026-03");		/* truncated, terminated */
	CU_ASSERT_EQUAL(gh_date_weekday(-1), 2);	/* 1969-12-31, a Wednesday */
}

/* ---- TIME ---- */

struct time_case {
	const char *zone;
	const char *in;
	const char *utc;	/* expected instant, NULL when refused */
	const char *why;	/* substring of the refusal */
};

static void
run_time_cases(const struct time_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		time_t t = 123;
		const char *why = NULL;
		int rc;

		CU_ASSERT_EQUAL_FATAL(gh_tz_set(cases[i].zone), 0);
		rc = gh_time_parse(cases[i].in, &t, &why);
		if (cases[i].utc != NULL) {
			if (rc != 0 || strcmp(utc_text(t), cases[i].utc) != 0)
				fprintf(stderr, "\n  %s \"%s\": rc %d, %s, why %s\n",
				    cases[i].zone, cases[i].in, rc,
				    rc == 0 ? utc_text(t) : "-",
				    why ? why : "-");
			CU_ASSERT_EQUAL(rc, 0);
			CU_ASSERT_STRING_EQUAL(utc_text(t), cases[i].utc);
		} else {
			if (rc != -1)
				fprintf(stderr, "\n  %s \"%s\": accepted as %s\n",
				    cases[i].zone, cases[i].in, utc_text(t));
			CU_ASSERT_EQUAL(rc, -1);
			CU_ASSERT_EQUAL(t, 123);	/* untouched */
			CU_ASSERT_PTR_NOT_NULL_FATAL(why);
			if (cases[i].why != NULL && strstr(why, cases[i].why) == NULL)
				fprintf(stderr, "\n  %s \"%s\": why \"%s\"\n",
				    cases[i].zone, cases[i].in, why);
			if (cases[i].why != NULL)
				CU_ASSERT_PTR_NOT_NULL(strstr(why, cases[i].why));
		}
	}
}

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))
#define GAP "does not exist"

/* R-PROFILES: Europe/Paris, 2026.  Spring forward at 01:00Z on 29 March (02:00
 * CET becomes 03:00 CEST); fall back at 01:00Z on 25 October (03:00 CEST becomes
 * 02:00 CET, so 02:00..02:59:59 happens twice). */
static void
test_time_paris(void)
{
	static const struct time_case cases[] = {
		{ "Europe/Paris", "2026-01-15 08:00", "2026-01-15T07:00:00.000000Z", NULL },
		{ "Europe/Paris", "2026-07-15 08:00", "2026-07-15T06:00:00.000000Z", NULL },
		/* spring-forward gap */
		{ "Europe/Paris", "2026-03-29 01:59:59", "2026-03-29T00:59:59.000000Z", NULL },
		{ "Europe/Paris", "2026-03-29 02:00", NULL, GAP },
		{ "Europe/Paris", "2026-03-29 02:30", NULL, GAP },
		{ "Europe/Paris", "2026-03-29T02:30:00", NULL, GAP },
		{ "Europe/Paris", "2026-03-29 02:59:59", NULL, GAP },
		{ "Europe/Paris", "2026-03-29 03:00", "2026-03-29T01:00:00.000000Z", NULL },
		/* an offset names an instant even in the gap */
		{ "Europe/Paris", "2026-03-29 02:30+01:00", "2026-03-29T01:30:00.000000Z", NULL },
		/* fall-back overlap: the first occurrence (CEST) unless an offset says */
		{ "Europe/Paris", "2026-10-25 01:59:59", "2026-10-24T23:59:59.000000Z", NULL },
		{ "Europe/Paris", "2026-10-25 02:00", "2026-10-25T00:00:00.000000Z", NULL },
		{ "Europe/Paris", "2026-10-25 02:30", "2026-10-25T00:30:00.000000Z", NULL },
		{ "Europe/Paris", "2026-10-25T02:30:00", "2026-10-25T00:30:00.000000Z", NULL },
		{ "Europe/Paris", "2026-10-25 02:59:59", "2026-10-25T00:59:59.000000Z", NULL },
		{ "Europe/Paris", "2026-10-25 02:30+02:00", "2026-10-25T00:30:00.000000Z", NULL },
		{ "Europe/Paris", "2026-10-25 02:30+01:00", "2026-10-25T01:30:00.000000Z", NULL },
		{ "Europe/Paris", "2026-10-25 02:30+0100", "2026-10-25T01:30:00.000000Z", NULL },
		{ "Europe/Paris", "2026-10-25 03:00", "2026-10-25T02:00:00.000000Z", NULL },
	};

	run_time_cases(cases, NCASES(cases));
}

/* R-PROFILES: Africa/Casablanca is at +01 and goes to +00 for Ramadan.  From
 * `zdump -v Africa/Casablanca`, 2026:
 *   2026-02-15 02:00:00Z  +01 -> +00  (03:00 local becomes 02:00: 02:xx twice)
 *   2026-03-22 02:00:00Z  +00 -> +01  (02:00 local becomes 03:00: 02:xx never)
 * (tzdata marks the +00 period isdst=1, "negative DST": anything that trusted
 * tm_isdst would get this zone wrong.)  These dates are Moroccan government
 * decisions that tzdata predicts; a tzdata update may move them. */
static void
test_time_casablanca(void)
{
	static const struct time_case cases[] = {
		{ "Africa/Casablanca", "2026-02-01 12:00", "2026-02-01T11:00:00.000000Z", NULL },
		/* 15 February: overlap 02:00..02:59:59 */
		{ "Africa/Casablanca", "2026-02-15 01:59:59", "2026-02-15T00:59:59.000000Z", NULL },
		{ "Africa/Casablanca", "2026-02-15 02:00", "2026-02-15T01:00:00.000000Z", NULL },
		{ "Africa/Casablanca", "2026-02-15 02:30", "2026-02-15T01:30:00.000000Z", NULL },
		{ "Africa/Casablanca", "2026-02-15 02:59:59", "2026-02-15T01:59:59.000000Z", NULL },
		{ "Africa/Casablanca", "2026-02-15 02:30+01:00", "2026-02-15T01:30:00.000000Z", NULL },
		{ "Africa/Casablanca", "2026-02-15 02:30+00:00", "2026-02-15T02:30:00.000000Z", NULL },
		{ "Africa/Casablanca", "2026-02-15 03:00", "2026-02-15T03:00:00.000000Z", NULL },
		/* Ramadan: +00 */
		{ "Africa/Casablanca", "2026-03-01 12:00", "2026-03-01T12:00:00.000000Z", NULL },
		/* 22 March: gap 02:00..02:59:59 */
		{ "Africa/Casablanca", "2026-03-22 01:59:59", "2026-03-22T01:59:59.000000Z", NULL },
		{ "Africa/Casablanca", "2026-03-22 02:00", NULL, GAP },
		{ "Africa/Casablanca", "2026-03-22 02:30", NULL, GAP },
		{ "Africa/Casablanca", "2026-03-22 02:59:59", NULL, GAP },
		{ "Africa/Casablanca", "2026-03-22 03:00", "2026-03-22T02:00:00.000000Z", NULL },
		{ "Africa/Casablanca", "2026-04-01 12:00", "2026-04-01T11:00:00.000000Z", NULL },
	};

	run_time_cases(cases, NCASES(cases));
}

/* Both sides of each Casablanca transition, seen from the instant. */
static void
test_local_of_casablanca(void)
{
	static const struct {
		time_t t;
		const char *date;
		int sod;
		long off;
		const char *text;
	} cases[] = {
		{ 1771120799, "2026-02-15", 2 * 3600 + 3599, 3600, "2026-02-15 02:59:59+01:00" },
		{ 1771120800, "2026-02-15", 2 * 3600, 0, "2026-02-15 02:00:00+00:00" },
		{ 1774144799, "2026-03-22", 1 * 3600 + 3599, 0, "2026-03-22 01:59:59+00:00" },
		{ 1774144800, "2026-03-22", 3 * 3600, 3600, "2026-03-22 03:00:00+01:00" },
	};

	CU_ASSERT_EQUAL_FATAL(gh_tz_set("Africa/Casablanca"), 0);
	for (size_t i = 0; i < NCASES(cases); i++) {
		struct gh_local l;
		gh_day d;
		char buf[32];

		gh_local_of(cases[i].t, &l);
		CU_ASSERT_EQUAL_FATAL(gh_date_parse(cases[i].date, &d), 0);
		CU_ASSERT_EQUAL(l.day, d);
		CU_ASSERT_EQUAL(l.weekday, 6);		/* both are Sundays */
		CU_ASSERT_EQUAL(l.sec_of_day, cases[i].sod);
		CU_ASSERT_EQUAL(l.utcoff, cases[i].off);
		CU_ASSERT_STRING_EQUAL(gh_local_format(cases[i].t, buf, sizeof(buf)),
		    cases[i].text);
	}
}

static void
test_local_of_paris(void)
{
	struct gh_local l;
	char buf[32];

	CU_ASSERT_EQUAL_FATAL(gh_tz_set("Europe/Paris"), 0);
	/* 2026-03-28 23:30Z is already Sunday 00:30 in Paris */
	gh_local_of(1774740600, &l);
	CU_ASSERT_EQUAL(l.day, 20541);
	CU_ASSERT_EQUAL(l.weekday, 6);
	CU_ASSERT_EQUAL(l.sec_of_day, 1800);
	CU_ASSERT_EQUAL(l.utcoff, 3600);
	/* the two 02:30 of 25 October */
	CU_ASSERT_STRING_EQUAL(gh_local_format(1792888200, buf, sizeof(buf)),
	    "2026-10-25 02:30:00+02:00");
	CU_ASSERT_STRING_EQUAL(gh_local_format(1792891800, buf, sizeof(buf)),
	    "2026-10-25 02:30:00+01:00");
	CU_ASSERT_EQUAL_FATAL(gh_tz_set("America/New_York"), 0);
	CU_ASSERT_STRING_EQUAL(gh_local_format(1792891800, buf, sizeof(buf)),
	    "2026-10-24 21:30:00-04:00");
	gh_local_of(1792891800, &l);
	CU_ASSERT_EQUAL(l.utcoff, -4 * 3600);
	CU_ASSERT_EQUAL(l.weekday, 5);
}

/* Explicit offsets and Z do not depend on the site zone. */
static void
test_time_offsets(void)
{
	static const struct time_case cases[] = {
		{ "UTC", "2026-06-01 12:00", "2026-06-01T12:00:00.000000Z", NULL },
		{ "UTC", "2026-06-01T12:00:00Z", "2026-06-01T12:00:00.000000Z", NULL },
		{ "Europe/Paris", "2026-06-01T12:00:00Z", "2026-06-01T12:00:00.000000Z", NULL },
		{ "Europe/Paris", "2026-06-01 12:00Z", "2026-06-01T12:00:00.000000Z", NULL },
		{ "Europe/Paris", "2026-06-01 12:00+05:30", "2026-06-01T06:30:00.000000Z", NULL },
		{ "Europe/Paris", "2026-06-01 12:00+0530", "2026-06-01T06:30:00.000000Z", NULL },
		{ "Europe/Paris", "2026-06-01 12:00-04:00", "2026-06-01T16:00:00.000000Z", NULL },
		{ "Europe/Paris", "2026-06-01 23:30-0100", "2026-06-02T00:30:00.000000Z", NULL },
		{ "Europe/Paris", "2026-06-01 00:15:07+00:00", "2026-06-01T00:15:07.000000Z", NULL },
		{ "Africa/Casablanca", "2026-03-22 02:30Z", "2026-03-22T02:30:00.000000Z", NULL },
		{ "UTC", "1970-01-01 00:00Z", "1970-01-01T00:00:00.000000Z", NULL },
		{ "UTC", "2024-02-29 23:59:59", "2024-02-29T23:59:59.000000Z", NULL },
	};

	run_time_cases(cases, NCASES(cases));
}

static void
test_time_bad(void)
{
	static const struct time_case cases[] = {
		{ "Europe/Paris", "2026-02-30 10:00", NULL, "date" },
		{ "Europe/Paris", "2026-02-29 10:00", NULL, "date" },
		{ "Europe/Paris", "2026-13-01 10:00", NULL, "date" },
		{ "Europe/Paris", "2026-01-01 24:00", NULL, "time" },
		{ "Europe/Paris", "2026-01-01 24:00:00", NULL, "time" },
		{ "Europe/Paris", "2026-01-01 10:60", NULL, "time" },
		{ "Europe/Paris", "2026-01-01 10:00:60", NULL, "seconds" },
		{ "Europe/Paris", "2026-01-01 9:00", NULL, "time" },
		{ "Europe/Paris", "2026-01-01 10", NULL, "time" },
		{ "Europe/Paris", "2026-01-01 10:", NULL, "time" },
		{ "Europe/Paris", "2026-01-01 10:00:", NULL, "seconds" },
		{ "Europe/Paris", "2026-01-01 10:00:5", NULL, "seconds" },
		{ "Europe/Paris", "2026-01-01", NULL, NULL },
		{ "Europe/Paris", "2026-01-01 ", NULL, "time" },
		{ "Europe/Paris", "2026-01-01  10:00", NULL, "time" },
		{ "Europe/Paris", "2026-01-01_10:00", NULL, NULL },
		{ "Europe/Paris", "2026-01-01t10:00", NULL, NULL },
		{ "Europe/Paris", "10:00", NULL, "date" },
		{ "Europe/Paris", "", NULL, "date" },
		{ "Europe/Paris", "1969-12-31 23:00Z", NULL, "date" },
		/* trailing garbage */
		{ "Europe/Paris", "2026-01-01 10:00x", NULL, "trailing" },
		{ "Europe/Paris", "2026-01-01 10:00 ", NULL, "trailing" },
		{ "Europe/Paris", "2026-01-01 10:00:00 ", NULL, "trailing" },
		{ "Europe/Paris", "2026-01-01 10:00Z ", NULL, "trailing" },
		{ "Europe/Paris", "2026-01-01 10:00ZZ", NULL, "trailing" },
		{ "Europe/Paris", "2026-01-01 10:00:00.5", NULL, "trailing" },
		{ "Europe/Paris", "2026-01-01 10:00+01:00x", NULL, "trailing" },
		{ "Europe/Paris", "2026-01-01 10:00z", NULL, "trailing" },
		/* bad offsets */
		{ "Europe/Paris", "2026-01-01 10:00+01", NULL, "offset" },
		{ "Europe/Paris", "2026-01-01 10:00+1:00", NULL, "offset" },
		{ "Europe/Paris", "2026-01-01 10:00+01:0", NULL, "offset" },
		{ "Europe/Paris", "2026-01-01 10:00+24:00", NULL, "offset" },
		{ "Europe/Paris", "2026-01-01 10:00+01:60", NULL, "offset" },
		{ "Europe/Paris", "2026-01-01 10:00+", NULL, "offset" },
	};

	run_time_cases(cases, NCASES(cases));
	CU_ASSERT_EQUAL(gh_time_parse(NULL, &(time_t){ 0 }, &(const char *){ NULL }), -1);
	/* why may be NULL */
	CU_ASSERT_EQUAL(gh_time_parse("2026-02-30 10:00", &(time_t){ 0 }, NULL), -1);
}

static void
test_utc_format_us(void)
{
	static const struct {
		int64_t us;
		const char *text;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00.000000Z" },
		{ 1, "1970-01-01T00:00:00.000001Z" },
		{ -1, "1969-12-31T23:59:59.999999Z" },
		{ 1774745999123456LL, "2026-03-29T00:59:59.123456Z" },
		{ 951868799999999LL, "2000-02-29T23:59:59.999999Z" },
		{ 253402300799999999LL, "9999-12-31T23:59:59.999999Z" },
	};
	char buf[28];

	for (size_t i = 0; i < NCASES(cases); i++)
		CU_ASSERT_STRING_EQUAL(gh_utc_format_us(cases[i].us, buf, sizeof(buf)),
		    cases[i].text);
}

static void
test_now_us(void)
{
	int64_t a = gh_now_us(), b = gh_now_us();

	CU_ASSERT(a > 1767225600LL * 1000000);	/* after 2026-01-01 */
	CU_ASSERT(b >= a);
	CU_ASSERT(llabs(a / 1000000 - (int64_t)time(NULL)) <= 2);
}

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_tz_known);
	GH_TEST(s, test_tz_known_tzdir);
	GH_TEST(s, test_tz_set);
	GH_TEST(s, test_date_parse);
	GH_TEST(s, test_date_round_trip);
	GH_TEST(s, test_date_format_bounded);
	GH_TEST(s, test_time_paris);
	GH_TEST(s, test_time_casablanca);
	GH_TEST(s, test_local_of_casablanca);
	GH_TEST(s, test_local_of_paris);
	GH_TEST(s, test_time_offsets);
	GH_TEST(s, test_time_bad);
	GH_TEST(s, test_utc_format_us);
	GH_TEST(s, test_now_us);
}
