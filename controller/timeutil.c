/* Site time: dates, local times and time zones (R-PROFILES).
 *
 * Calendar arithmetic (gh_date_*, UTC formatting) is pure integer arithmetic so
 * that it never depends on TZ.  Everything that needs the zone's rules goes
 * through libc (localtime_r), which reads the system's tz database: no daylight
 * saving rule is written here, because rules change (Morocco changes its offset
 * around Ramadan every year, by decree). */
#include "controller/timeutil.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TZ_NAME_MAX	64
#define SECS_PER_DAY	86400L

/* The zone last set; process-wide like TZ itself. */
static char tz_name[TZ_NAME_MAX + 1] = "UTC";

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && is_leap(y))
		return 29;
	return dim[m - 1];
}

/* Exactly n ASCII digits at s (no sign, no space: strtol would accept both). */
static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* "YYYY-MM-DD" at the start of s; does not look past the 10 characters. */
static int
date_prefix(const char *s, gh_day *out)
{
	int y, m, d;

	if (digits(s, 4, &y) == -1 || s[4] != '-' ||
	    digits(s + 5, 2, &m) == -1 || s[7] != '-' ||
	    digits(s + 8, 2, &d) == -1)
		return -1;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = (gh_day)days_from_civil(y, m, d);
	return 0;
}

int
gh_date_parse(const char *s, gh_day *out)
{
	gh_day d;

	if (s == NULL || strnlen(s, 11) != 10 || date_prefix(s, &d) == -1)
		return -1;
	*out = d;
	return 0;
}

char *
gh_date_format(gh_day d, char *buf, size_t len)
{
	int64_t y;
	int m, dd;

	civil_from_days(d, &y, &m, &dd);
	snprintf(buf, len, "%04lld-%02d-%02d", (long long)y, m, dd);
	return buf;
}

int
gh_date_weekday(gh_day d)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)(((int64_t)d + 3) % 7);

	return w < 0 ? w + 7 : w;
}

/* ---- zones ---- */

static const char *
zoneinfo_dir(void)
{
	const char *dir = getenv("TZDIR");

	return dir != NULL && *dir != '\0' ? dir : "/usr/share/zoneinfo";
}

int
gh_tz_known(const char *name)
{
	char path[PATH_MAX], magic[4];
	struct stat st;
	size_t n;
	int fd, ok;

	if (name == NULL)
		return 0;
	if (strcmp(name, "UTC") == 0)
		return 1;
	n = strnlen(name, TZ_NAME_MAX + 1);
	if (n == 0 || n > TZ_NAME_MAX || name[0] == '/' || strstr(name, "..") != NULL)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];

		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '/' || ch == '_' ||
		    ch == '+' || ch == '-'))
			return 0;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", zoneinfo_dir(), name) >=
	    sizeof(path))
		return 0;
	/* O_NONBLOCK: a FIFO planted under TZDIR must not hang us before fstat. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return 0;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok;
}

int
gh_tz_set(const char *name)
{
	char tz[TZ_NAME_MAX + 2];

	if (!gh_tz_known(name))
		return -1;
	/* "UTC0" is POSIX for UTC and needs no file: "UTC" is known even on a
	 * system without tzdata.  Other zones by ":Name", which glibc looks up
	 * under $TZDIR or its zoneinfo directory, as gh_tz_known did. */
	if (strcmp(name, "UTC") == 0)
		snprintf(tz, sizeof(tz), "UTC0");
	else
		snprintf(tz, sizeof(tz), ":%s", name);
	if (setenv("TZ", tz, 1) == -1)
		return -1;
	tzset();
	snprintf(tz_name, sizeof(tz_name), "%s", name);
	return 0;
}

const char *
gh_tz_name(void)
{
	return tz_name;
}

/* ---- instants ---- */

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void
gh_local_of(time_t t, struct gh_local *out)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL) {
		/* Out of libc's range: report UTC rather than garbage. */
		int64_t day = floor_div(t, SECS_PER_DAY);

		out->day = (gh_day)day;
		out->sec_of_day = (int)(t - day * SECS_PER_DAY);
		out->utcoff = 0;
	} else {
		out->day = (gh_day)days_from_civil(tm.tm_year + 1900LL,
		    tm.tm_mon + 1, tm.tm_mday);
		/* A leap second (tm_sec 60, "right/" zones) stays within the day. */
		out->sec_of_day = tm.tm_hour * 3600 + tm.tm_min * 60 +
		    (tm.tm_sec > 59 ? 59 : tm.tm_sec);
		out->utcoff = tm.tm_gmtoff;
	}
	out->weekday = gh_date_weekday(out->day);
}

static void
set_why(const char **why, const char *text)
{
	if (why != NULL)
		*why = text;
}

/* Wall-clock fields of a parsed TIME, as seconds since the epoch if they were
 * UTC (what timegm would return, without asking libc). */
static int64_t
wall_seconds(gh_day day, int sod)
{
	return (int64_t)day * SECS_PER_DAY + sod;
}

/* Does localtime_r(t) show exactly the wall clock `wall`? */
static int
shows(time_t t, int64_t wall)
{
	struct tm tm;
	int64_t w;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	w = days_from_civil(tm.tm_year + 1900LL, tm.tm_mon + 1, tm.tm_mday) *
	    SECS_PER_DAY + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return w == wall;
}

int
gh_time_parse(const char *s, time_t *out, const char **why)
{
	gh_day day;
	int hh, mm, ss = 0, oh, om, sign, found = 0;
	int64_t wall, best = 0;
	const char *p;

	if (s == NULL || strnlen(s, 11) < 10 || date_prefix(s, &day) == -1) {
		set_why(why, "not a date (YYYY-MM-DD)");
		return -1;
	}
	p = s + 10;
	if (*p != ' ' && *p != 'T') {
		set_why(why, "expected ' ' or 'T' and a time (HH:MM[:SS])");
		return -1;
	}
	p++;
	if (digits(p, 2, &hh) == -1 || p[2] != ':' || digits(p + 3, 2, &mm) == -1 ||
	    hh > 23 || mm > 59) {
		set_why(why, "not a time (HH:MM[:SS], 00:00 to 23:59)");
		return -1;
	}
	p += 5;
	if (*p == ':') {
		if (digits(p + 1, 2, &ss) == -1 || ss > 59) {
			set_why(why, "bad seconds");
			return -1;
		}
		p += 3;
	}
	wall = wall_seconds(day, hh * 3600 + mm * 60 + ss);

	if (*p == 'Z') {
		p++;
		if (*p != '\0') {
			set_why(why, "trailing text after the time");
			return -1;
		}
		*out = (time_t)wall;
		return 0;
	}
	if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		p++;
		if (digits(p, 2, &oh) == -1) {
			set_why(why, "bad offset (+HH:MM, -HH:MM, +HHMM or Z)");
			return -1;
		}
		p += 2;
		if (*p == ':')
			p++;
		if (digits(p, 2, &om) == -1 || oh > 23 || om > 59) {
			set_why(why, "bad offset (+HH:MM, -HH:MM, +HHMM or Z)");
			return -1;
		}
		p += 2;
		if (*p != '\0') {
			set_why(why, "trailing text after the time");
			return -1;
		}
		*out = (time_t)(wall - sign * (oh * 3600 + om * 60));
		return 0;
	}
	if (*p != '\0') {
		set_why(why, "trailing text after the time");
		return -1;
	}

	/* No offset: any instant showing this wall clock is wall - off for an
	 * offset in force near it.  A zone changes offset at most once in a day, so
	 * the offsets a day before, at and a day after cover both sides of any
	 * change; each candidate is kept only if libc confirms it. */
	for (int k = -1; k <= 1; k++) {
		time_t probe = (time_t)(wall + k * SECS_PER_DAY), cand;
		struct tm tm;

		if (localtime_r(&probe, &tm) == NULL)
			continue;
		cand = (time_t)(wall - tm.tm_gmtoff);
		if (!shows(cand, wall))
			continue;
		if (!found || cand < best)
			best = cand;
		found = 1;
	}
	if (!found) {
		set_why(why, "local time does not exist (clock change)");
		return -1;
	}
	*out = (time_t)best;
	return 0;
}

char *
gh_utc_format_us(int64_t us, char *buf, size_t len)
{
	int64_t secs = floor_div(us, 1000000), day = floor_div(secs, SECS_PER_DAY);
	int64_t sod = secs - day * SECS_PER_DAY, y;
	int m, d;

	civil_from_days(day, &y, &m, &d);
	if (y >= 0 && y <= 9999 && len >= 28) {
		/* Digits placed by hand: every journal row's hash formats one (the
		 * month's verification formats millions); the same text as below. */
		static const char pattern[] = "0000-00-00T00:00:00.000000Z";
		int us6 = (int)(us - secs * 1000000);
		int v[7] = { (int)y, m, d, (int)(sod / 3600), (int)(sod / 60 % 60),
			(int)(sod % 60), us6 };
		static const int at[7] = { 0, 5, 8, 11, 14, 17, 20 }, w[7] = { 4, 2, 2, 2, 2, 2, 6 };
		memcpy(buf, pattern, sizeof pattern);
		for (int i = 0; i < 7; i++)
			for (int k = w[i] - 1, x = v[i]; k >= 0; k--, x /= 10)
				buf[at[i] + k] = (char)('0' + x % 10);
		return buf;
	}
	snprintf(buf, len, "%04lld-%02d-%02dT%02d:%02d:%02d.%06dZ", (long long)y, m,
	    d, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60),
	    (int)(us - secs * 1000000));
	return buf;
}

char *
gh_local_format(time_t t, char *buf, size_t len)
{
	struct tm tm;
	long off;

	if (localtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "(time out of range)");
		return buf;
	}
	off = tm.tm_gmtoff;
	/* Offsets with seconds (local mean time before 1900) lose them: the
	 * format has minutes only. */
	snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, off < 0 ? '-' : '+', labs(off) / 3600, labs(off) / 60 % 60);
	return buf;
}

int64_t
gh_now_us(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return 0;
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int
gh_day_start_us(const char *date, int64_t *us)
{
	gh_day d;
	char local[32];
	time_t t;
	const char *why;
	if (date == NULL || gh_date_parse(date, &d) != 0)
		return -1;
	/* Midnight, or the first hour that exists when a clock change skips it. */
	for (int h = 0; h < 3; h++) {
		snprintf(local, sizeof local, "%s %02d:00", date, h);
		if (gh_time_parse(local, &t, &why) == 0) {
			*us = (int64_t)t * 1000000;
			return 0;
		}
	}
	return -1;
}
