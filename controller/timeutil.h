/* Site time: dates, local times and time zones from the system's tz database.
 * The site time zone is process-wide (TZ), set once with gh_tz_set(). */
#ifndef GH_TIMEUTIL_H
#define GH_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Is NAME an IANA zone known to the system (a TZif file under the zoneinfo
 * directory, no "..", not absolute)?  "UTC" is always known. */
int gh_tz_known(const char *name);
/* Make NAME the process's time zone. 0, or -1 when unknown. */
int gh_tz_set(const char *name);
/* The zone last set ("UTC" before any call). */
const char *gh_tz_name(void);

/* A calendar date as days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t gh_day;

/* Parse "YYYY-MM-DD" strictly (real calendar date, years 1970..9999).
 * 0 and *out, or -1. */
int gh_date_parse(const char *s, gh_day *out);
/* Format as "YYYY-MM-DD" into buf (at least 11 bytes). Returns buf. */
char *gh_date_format(gh_day d, char *buf, size_t len);
/* Day of week of a date: 0 = Monday .. 6 = Sunday. */
int gh_date_weekday(gh_day d);

/* Local broken-down time of an instant in the site zone. */
struct gh_local {
	gh_day day;	/* local calendar date */
	int weekday;	/* 0 = Monday .. 6 = Sunday */
	int sec_of_day;	/* 0 .. 86399 (wall clock) */
	long utcoff;	/* seconds east of UTC in force */
};
void gh_local_of(time_t t, struct gh_local *out);

/* Parse TIME: "YYYY-MM-DD HH:MM[:SS]" or with 'T', in the site zone, optionally
 * followed by an offset "+HH:MM", "-HH:MM", "+HHMM" or "Z".  Without an offset, a
 * local time in a spring-forward gap is bad input (-1, *why = "does not exist ...");
 * an ambiguous one (fall-back) is its first occurrence.  0 and *out, or -1 and *why
 * set to a short static explanation. */
int gh_time_parse(const char *s, time_t *out, const char **why);

/* "YYYY-MM-DDTHH:MM:SS.ffffffZ" from microseconds since the epoch (buf >= 28). */
char *gh_utc_format_us(int64_t us, char *buf, size_t len);
/* "YYYY-MM-DD HH:MM:SS+HH:MM" local time of t in the site zone (buf >= 26). */
char *gh_local_format(time_t t, char *buf, size_t len);
/* The UTC instant (microseconds) a site-local date "YYYY-MM-DD" begins: its midnight,
 * or the first hour that exists when a clock change skips it.  0, or -1 when not a
 * date. */
int gh_day_start_us(const char *date, int64_t *us);
/* Current time in microseconds since the epoch (CLOCK_REALTIME). */
int64_t gh_now_us(void);

#endif
