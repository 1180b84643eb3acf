/* Weekly time windows (R-PROFILES). */
#include "tests/testutil.h"

#include <stdio.h>
#include <string.h>

#include "controller/schedule.h"
#include "controller/timeutil.h"

static int
restore_utc(void)
{
	return gh_tz_set("UTC") == 0 ? 0 : -1;
}

GH_SUITE("schedule", NULL, restore_utc)

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))
#define MON 0x01
#define TUE 0x02
#define WED 0x04
#define THU 0x08
#define FRI 0x10
#define SAT 0x20
#define SUN 0x40

/* R-PROFILES: the accepted forms of DAYS and times, and their canonical text. */
static void
test_window_parse(void)
{
	static const struct {
		const char *text;
		unsigned days;
		int start, end;
		const char *canon;
	} cases[] = {
		{ "mon-fri 08:00-18:00", 0x1f, 480, 1080, "mon-fri 08:00-18:00" },
		{ "daily 00:00-24:00", GH_DAY_ALL, 0, 1440, "daily 00:00-24:00" },
		{ "mon,wed,fri 07:30-09:15", MON | WED | FRI, 450, 555,
		    "mon,wed,fri 07:30-09:15" },
		{ "fri 22:00-06:00", FRI, 1320, 360, "fri 22:00-06:00" },
		{ "sat,sun 10:00-12:00", SAT | SUN, 600, 720, "sat,sun 10:00-12:00" },
		{ "mon-wed,fri-sun 08:00-18:00", 0x77, 480, 1080,
		    "mon-wed,fri-sun 08:00-18:00" },
		{ "mon-thu,sat 08:00-18:00", 0x2f, 480, 1080, "mon-thu,sat 08:00-18:00" },
		{ "mon-sun 08:00-09:00", GH_DAY_ALL, 480, 540, "daily 08:00-09:00" },
		{ "mon,tue,wed,thu,fri,sat,sun 08:00-09:00", GH_DAY_ALL, 480, 540,
		    "daily 08:00-09:00" },
		{ "tue-tue 08:00-09:00", TUE, 480, 540, "tue 08:00-09:00" },
		{ "fri,mon 08:00-09:00", MON | FRI, 480, 540, "mon,fri 08:00-09:00" },
		{ "mon,mon,tue 08:00-09:00", MON | TUE, 480, 540, "mon,tue 08:00-09:00" },
		{ "mon-fri  08:00-18:00", 0x1f, 480, 1080, "mon-fri 08:00-18:00" },
		{ "sun 23:59-24:00", SUN, 1439, 1440, "sun 23:59-24:00" },
		{ "wed 00:00-00:01", WED, 0, 1, "wed 00:00-00:01" },
		{ "sun 00:01-00:00", SUN, 1, 1440, "sun 00:01-24:00" },
		/* ends at the following midnight: the same as 24:00 */
		{ "sat 22:00-00:00", SAT, 1320, 1440, "sat 22:00-24:00" },
		{ "thu 23:59-00:00", THU, 1439, 1440, "thu 23:59-24:00" },
	};

	for (size_t i = 0; i < NCASES(cases); i++) {
		struct gh_window w;
		const char *why = NULL;
		char buf[64];
		int rc = gh_window_parse(cases[i].text, &w, &why);

		if (rc != 0)
			fprintf(stderr, "\n  \"%s\" refused: %s\n", cases[i].text, why);
		CU_ASSERT_EQUAL_FATAL(rc, 0);
		CU_ASSERT_EQUAL(w.days, cases[i].days);
		CU_ASSERT_EQUAL(w.start_min, cases[i].start);
		CU_ASSERT_EQUAL(w.end_min, cases[i].end);
		gh_window_format(&w, buf, sizeof(buf));
		if (strcmp(buf, cases[i].canon) != 0)
			fprintf(stderr, "\n  \"%s\" formats as \"%s\"\n", cases[i].text, buf);
		CU_ASSERT_STRING_EQUAL(buf, cases[i].canon);
	}
}

/* R-PROFILES: what is refused, and that a refusal leaves the window alone. */
static void
test_window_refused(void)
{
	static const struct {
		const char *text;
		const char *why;	/* substring */
	} cases[] = {
		{ "fri-mon 08:00-18:00", "reversed" },
		{ "sun-mon 08:00-18:00", "reversed" },
		{ "monday 08:00-18:00", "unknown day" },
		{ "Mon 08:00-18:00", "unknown day" },
		{ "MON-FRI 08:00-18:00", "unknown day" },
		{ "Daily 08:00-18:00", "unknown day" },
		{ "weekdays 08:00-18:00", "unknown day" },
		{ "daily,mon 08:00-18:00", "unknown day" },
		{ "mon-tue-wed 08:00-18:00", "unknown day" },
		{ "mon- 08:00-18:00", "unknown day" },
		{ "-fri 08:00-18:00", "unknown day" },
		{ "mon,,fri 08:00-18:00", "empty day" },
		{ "mon, 08:00-18:00", "empty day" },
		{ ",mon 08:00-18:00", "empty day" },
		{ " mon 08:00-18:00", "empty day" },
		{ "mon 25:00-26:00", "bad times" },
		{ "mon 08:00-25:00", "bad times" },
		{ "mon 08:00-24:01", "bad times" },
		{ "mon 08:60-09:00", "bad times" },
		{ "mon 8:00-18:00", "bad times" },
		{ "mon 08:00-18:0", "bad times" },
		{ "mon 08:00", "bad times" },
		{ "mon 08:00-", "bad times" },
		{ "mon 08:00-18:00 ", "bad times" },
		{ "mon 08:00-18:00x", "bad times" },
		{ "mon 08.00-18.00", "bad times" },
		{ "mon 08:00 - 18:00", "bad times" },
		{ "mon 08:00-18:00-19:00", "bad times" },
		{ "mon 08:00-08:00", "start equals end" },
		{ "mon 00:00-00:00", "start equals end" },
		{ "mon 24:00-02:00", "24:00" },
		{ "mon 24:00-24:00", "24:00" },
		{ "", "empty" },
		{ "mon", "DAYS HH:MM-HH:MM" },
		{ "08:00-18:00", "DAYS HH:MM-HH:MM" },
		{ "mon\t08:00-18:00", "DAYS HH:MM-HH:MM" },
	};

	for (size_t i = 0; i < NCASES(cases); i++) {
		struct gh_window w = { 0x55, 11, 22 };
		const char *why = NULL;
		int rc = gh_window_parse(cases[i].text, &w, &why);

		if (rc != -1 || why == NULL || strstr(why, cases[i].why) == NULL)
			fprintf(stderr, "\n  \"%s\": rc %d, why \"%s\"\n", cases[i].text,
			    rc, why ? why : "(null)");
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(why);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, cases[i].why));
		CU_ASSERT(w.days == 0x55 && w.start_min == 11 && w.end_min == 22);
	}
	CU_ASSERT_EQUAL(gh_window_parse(NULL, &(struct gh_window){ 0 }, NULL), -1);
	CU_ASSERT_EQUAL(gh_window_parse("fri-mon 08:00-18:00",
	    &(struct gh_window){ 0 }, NULL), -1);
}

/* Every set of days formats to text that parses back to the same window. */
static void
test_window_round_trip(void)
{
	static const int times[][2] = { { 0, 1440 }, { 480, 1080 }, { 1320, 360 },
	    { 1439, 1 }, { 0, 1 } };
	int bad = 0;

	for (unsigned days = 1; days <= GH_DAY_ALL; days++) {
		for (size_t k = 0; k < NCASES(times); k++) {
			struct gh_window w = { days, times[k][0], times[k][1] }, back;
			char buf[64];
			const char *why;

			gh_window_format(&w, buf, sizeof(buf));
			if (gh_window_parse(buf, &back, &why) != 0 ||
			    back.days != w.days || back.start_min != w.start_min ||
			    back.end_min != w.end_min) {
				fprintf(stderr, "\n  0x%02x: \"%s\"\n", days, buf);
				bad++;
			}
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void
test_window_format_bounded(void)
{
	struct gh_window w = { 0x15, 450, 555 };
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	gh_window_format(&w, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "mon,wed");
}

/* ---- admits ---- */

/* A local time from "YYYY-MM-DD HH:MM:SS" without any zone. */
static struct gh_local
local_at(const char *s)
{
	struct gh_local l = { 0 };
	char date[11];
	int h, m, sec;

	snprintf(date, sizeof(date), "%.10s", s);
	CU_ASSERT_EQUAL_FATAL(gh_date_parse(date, &l.day), 0);
	CU_ASSERT_EQUAL_FATAL(sscanf(s + 11, "%d:%d:%d", &h, &m, &sec), 3);
	l.weekday = gh_date_weekday(l.day);
	l.sec_of_day = h * 3600 + m * 60 + sec;
	return l;
}

static int
closed_on(void *ctx, gh_day day)
{
	return day == *(const gh_day *)ctx;
}

/* Dates: 2026-03-23 Mon, 26 Thu, 27 Fri, 28 Sat, 29 Sun, 30 Mon. */
static void
test_window_admits(void)
{
	static const struct {
		const char *window;
		const char *at;
		const char *holiday;	/* closing holiday, or NULL */
		int admits;
	} cases[] = {
		/* R-PROFILES: half-open at the boundary seconds */
		{ "mon-fri 08:00-18:00", "2026-03-27 07:59:59", NULL, 0 },
		{ "mon-fri 08:00-18:00", "2026-03-27 08:00:00", NULL, 1 },
		{ "mon-fri 08:00-18:00", "2026-03-27 12:00:00", NULL, 1 },
		{ "mon-fri 08:00-18:00", "2026-03-27 17:59:59", NULL, 1 },
		{ "mon-fri 08:00-18:00", "2026-03-27 18:00:00", NULL, 0 },
		{ "mon-fri 08:00-18:00", "2026-03-27 23:59:59", NULL, 0 },
		{ "mon-fri 08:00-18:00", "2026-03-23 08:00:00", NULL, 1 },
		{ "mon-fri 08:00-18:00", "2026-03-28 12:00:00", NULL, 0 },
		{ "mon-fri 08:00-18:00", "2026-03-29 12:00:00", NULL, 0 },
		{ "mon-fri 08:00-18:00", "2026-03-27 12:00:00", "2026-03-27", 0 },
		{ "mon-fri 08:00-18:00", "2026-03-27 12:00:00", "2026-03-26", 1 },
		/* lists and ranges */
		{ "mon,wed,fri 08:00-18:00", "2026-03-23 09:00:00", NULL, 1 },
		{ "mon,wed,fri 08:00-18:00", "2026-03-24 09:00:00", NULL, 0 },
		{ "mon,wed,fri 08:00-18:00", "2026-03-25 09:00:00", NULL, 1 },
		{ "mon,wed,fri 08:00-18:00", "2026-03-26 09:00:00", NULL, 0 },
		{ "mon-tue,sat-sun 08:00-18:00", "2026-03-24 09:00:00", NULL, 1 },
		{ "mon-tue,sat-sun 08:00-18:00", "2026-03-25 09:00:00", NULL, 0 },
		{ "mon-tue,sat-sun 08:00-18:00", "2026-03-29 09:00:00", NULL, 1 },
		/* 24:00 ends the day and goes no further */
		{ "daily 00:00-24:00", "2026-03-27 00:00:00", NULL, 1 },
		{ "daily 00:00-24:00", "2026-03-27 23:59:59", NULL, 1 },
		{ "daily 00:00-24:00", "2026-03-27 23:59:59", "2026-03-27", 0 },
		{ "daily 00:00-24:00", "2026-03-28 00:00:00", "2026-03-27", 1 },
		{ "sun 20:00-24:00", "2026-03-29 19:59:59", NULL, 0 },
		{ "sun 20:00-24:00", "2026-03-29 23:59:59", NULL, 1 },
		{ "sun 20:00-24:00", "2026-03-30 00:00:00", NULL, 0 },
		{ "sat 22:00-00:00", "2026-03-28 23:59:59", NULL, 1 },
		{ "sat 22:00-00:00", "2026-03-29 00:00:00", NULL, 0 },
		/* past midnight: the window belongs to the day it starts */
		{ "fri 22:00-06:00", "2026-03-27 21:59:00", NULL, 0 },
		{ "fri 22:00-06:00", "2026-03-27 21:59:59", NULL, 0 },
		{ "fri 22:00-06:00", "2026-03-27 22:00:00", NULL, 1 },
		{ "fri 22:00-06:00", "2026-03-27 23:59:59", NULL, 1 },
		{ "fri 22:00-06:00", "2026-03-28 00:00:00", NULL, 1 },
		{ "fri 22:00-06:00", "2026-03-28 05:59:59", NULL, 1 },
		{ "fri 22:00-06:00", "2026-03-28 06:00:00", NULL, 0 },
		{ "fri 22:00-06:00", "2026-03-28 22:00:00", NULL, 0 },	/* sat starts none */
		{ "fri 22:00-06:00", "2026-03-27 05:00:00", NULL, 0 },	/* thu's */
		{ "fri 22:00-06:00", "2026-03-29 05:00:00", NULL, 0 },
		{ "fri 22:00-06:00", "2026-03-27 12:00:00", NULL, 0 },
		/* the start day's holiday closes it, the next day's does not */
		{ "fri 22:00-06:00", "2026-03-28 05:59:59", "2026-03-27", 0 },
		{ "fri 22:00-06:00", "2026-03-27 23:00:00", "2026-03-27", 0 },
		{ "fri 22:00-06:00", "2026-03-28 05:59:59", "2026-03-28", 1 },
		{ "fri 22:00-06:00", "2026-03-27 23:00:00", "2026-03-28", 1 },
		/* across the end of the week: Sunday night into Monday */
		{ "sun 22:00-06:00", "2026-03-30 05:00:00", NULL, 1 },
		{ "sun 22:00-06:00", "2026-03-30 05:00:00", "2026-03-29", 0 },
		{ "sun 22:00-06:00", "2026-03-23 05:00:00", NULL, 1 },
		{ "sun 22:00-06:00", "2026-03-29 05:00:00", NULL, 0 },
		{ "mon-fri 22:00-06:00", "2026-03-23 03:00:00", NULL, 0 },	/* sun's */
		{ "mon-fri 22:00-06:00", "2026-03-28 03:00:00", NULL, 1 },	/* fri's */
		{ "mon-fri 22:00-06:00", "2026-03-24 03:00:00", NULL, 1 },	/* mon's */
	};

	for (size_t i = 0; i < NCASES(cases); i++) {
		struct gh_window w;
		struct gh_local at = local_at(cases[i].at);
		gh_day hol = -1;
		int got;

		CU_ASSERT_EQUAL_FATAL(gh_window_parse(cases[i].window, &w, NULL), 0);
		if (cases[i].holiday != NULL) {
			CU_ASSERT_EQUAL_FATAL(gh_date_parse(cases[i].holiday, &hol), 0);
			got = gh_window_admits(&w, &at, closed_on, &hol);
		} else
			got = gh_window_admits(&w, &at, NULL, NULL);
		if ((got != 0) != cases[i].admits)
			fprintf(stderr, "\n  \"%s\" at %s (holiday %s): %d\n",
			    cases[i].window, cases[i].at,
			    cases[i].holiday ? cases[i].holiday : "none", got);
		CU_ASSERT_EQUAL(got != 0, cases[i].admits);
	}
}

struct asked {
	int n;
	gh_day day[4];
};

static int
record_day(void *ctx, gh_day day)
{
	struct asked *a = ctx;

	if (a->n < 4)
		a->day[a->n] = day;
	a->n++;
	return 0;
}

/* The holiday callback is asked about the day the occurrence started. */
static void
test_window_holiday_day_asked(void)
{
	struct gh_window w;
	struct gh_local at = local_at("2026-03-28 05:00:00");
	struct asked a = { 0 };
	gh_day fri;

	CU_ASSERT_EQUAL_FATAL(gh_window_parse("fri 22:00-06:00", &w, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(gh_date_parse("2026-03-27", &fri), 0);
	CU_ASSERT_TRUE(gh_window_admits(&w, &at, record_day, &a));
	CU_ASSERT_EQUAL(a.n, 1);
	CU_ASSERT_EQUAL(a.day[0], fri);
}

/* R-PROFILES: windows are wall-clock time in the site zone, also on the day the
 * clocks change (Europe/Paris, 29 March 2026: 02:00 becomes 03:00). */
static void
test_window_site_time(void)
{
	static const struct {
		const char *time;
		int admits;
	} cases[] = {
		{ "2026-03-29 07:59:59", 0 },	/* 05:59:59Z */
		{ "2026-03-29 08:00", 1 },	/* 06:00Z, not 07:00Z */
		{ "2026-03-29 17:59:59", 1 },
		{ "2026-03-29 18:00", 0 },
		{ "2026-03-29 06:30Z", 1 },	/* 08:30 CEST */
		{ "2026-03-29 07:30+01:00", 1 },	/* 06:30Z, 08:30 CEST */
		{ "2026-03-28 07:30Z", 1 },	/* 08:30 CET */
		{ "2026-03-28 06:30Z", 0 },	/* 07:30 CET */
	};
	struct gh_window w;

	CU_ASSERT_EQUAL_FATAL(gh_tz_set("Europe/Paris"), 0);
	CU_ASSERT_EQUAL_FATAL(gh_window_parse("daily 08:00-18:00", &w, NULL), 0);
	for (size_t i = 0; i < NCASES(cases); i++) {
		struct gh_local l;
		const char *why;
		time_t t;

		CU_ASSERT_EQUAL_FATAL(gh_time_parse(cases[i].time, &t, &why), 0);
		gh_local_of(t, &l);
		if ((gh_window_admits(&w, &l, NULL, NULL) != 0) != cases[i].admits)
			fprintf(stderr, "\n  %s: not %d\n", cases[i].time, cases[i].admits);
		CU_ASSERT_EQUAL(gh_window_admits(&w, &l, NULL, NULL) != 0,
		    cases[i].admits);
	}
}

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_window_parse);
	GH_TEST(s, test_window_refused);
	GH_TEST(s, test_window_round_trip);
	GH_TEST(s, test_window_format_bounded);
	GH_TEST(s, test_window_admits);
	GH_TEST(s, test_window_holiday_day_asked);
	GH_TEST(s, test_window_site_time);
}
