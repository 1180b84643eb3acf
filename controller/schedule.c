/* Weekly time windows (R-PROFILES).  Windows are in wall-clock time of the site
 * zone: "08:00-18:00" means what the clocks on the wall say, including on the
 * days the clocks change. */
#include "controller/schedule.h"

#include <stdio.h>
#include <string.h>

static const char *const day_names[7] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

/* The weekday named by the n bytes at s, or -1.  Names are lower case, as the
 * vocabulary has them: "Mon" and "monday" are refused rather than guessed. */
static int
day_at(const char *s, size_t n)
{
	if (n != 3)
		return -1;
	for (int i = 0; i < 7; i++)
		if (memcmp(s, day_names[i], 3) == 0)
			return i;
	return -1;
}

/* DAYS (the first n bytes of s) into a bitmask. */
static int
parse_days(const char *s, size_t n, unsigned *days, const char **why)
{
	const char *item = s, *end = s + n;

	if (n == 5 && memcmp(s, "daily", 5) == 0) {
		*days = GH_DAY_ALL;
		return 0;
	}
	*days = 0;
	for (;;) {
		const char *comma = memchr(item, ',', (size_t)(end - item));
		const char *iend = comma != NULL ? comma : end;
		const char *dash = memchr(item, '-', (size_t)(iend - item));
		int a, b;

		if (iend == item) {
			*why = "empty day name";
			return -1;
		}
		if (dash != NULL) {
			a = day_at(item, (size_t)(dash - item));
			b = day_at(dash + 1, (size_t)(iend - dash - 1));
		} else
			a = b = day_at(item, (size_t)(iend - item));
		if (a == -1 || b == -1) {
			*why = "unknown day (mon..sun, mon-fri, mon,wed,fri or daily)";
			return -1;
		}
		/* A week has no wrap-around in this notation: "fri-mon" is far more
		 * likely a mistake than a wish for fri,sat,sun,mon. */
		if (a > b) {
			*why = "reversed day range (write mon-fri, or fri,sat,sun,mon)";
			return -1;
		}
		for (int d = a; d <= b; d++)
			*days |= 1u << d;
		if (comma == NULL)
			return 0;
		item = comma + 1;
	}
}

/* "HH:MM" of exactly 5 characters; minutes of the day 0..1440. */
static int
parse_hhmm(const char *s, int *min)
{
	int h, m;

	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] != ':' ||
	    s[3] < '0' || s[3] > '9' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	*min = h * 60 + m;
	return 0;
}

int
gh_window_parse(const char *text, struct gh_window *w, const char **why)
{
	const char *sp, *t;
	const char *dummy;
	struct gh_window nw;

	if (why == NULL)
		why = &dummy;
	if (text == NULL || *text == '\0') {
		*why = "empty window (DAYS HH:MM-HH:MM)";
		return -1;
	}
	if ((sp = strchr(text, ' ')) == NULL) {
		*why = "expected DAYS HH:MM-HH:MM";
		return -1;
	}
	if (parse_days(text, (size_t)(sp - text), &nw.days, why) == -1)
		return -1;
	for (t = sp; *t == ' '; t++)
		;
	if (strlen(t) != 11 || t[5] != '-' || parse_hhmm(t, &nw.start_min) == -1 ||
	    parse_hhmm(t + 6, &nw.end_min) == -1) {
		*why = "bad times (HH:MM-HH:MM, 00:00 to 24:00)";
		return -1;
	}
	if (nw.start_min == 1440) {
		*why = "24:00 ends a day; it cannot start a window";
		return -1;
	}
	if (nw.start_min == nw.end_min) {
		*why = "empty window (start equals end)";
		return -1;
	}
	/* "22:00-00:00" ends at the midnight after its start: the same as 24:00,
	 * which is how it is kept (end_min is 1..1440). */
	if (nw.end_min == 0)
		nw.end_min = 1440;
	*w = nw;
	return 0;
}

char *
gh_window_format(const struct gh_window *w, char *buf, size_t len)
{
	char days[64];
	size_t n = 0;

	days[0] = '\0';
	if ((w->days & GH_DAY_ALL) == GH_DAY_ALL)
		snprintf(days, sizeof(days), "daily");
	else {
		/* Runs of three or more days as ranges, shorter runs as lists. */
		for (int d = 0; d < 7; d++) {
			int e = d;

			if (!(w->days & (1u << d)))
				continue;
			while (e + 1 < 7 && (w->days & (1u << (e + 1))))
				e++;
			if (e - d >= 2)
				n += snprintf(days + n, sizeof(days) - n, "%s%s-%s",
				    n ? "," : "", day_names[d], day_names[e]);
			else
				for (int i = d; i <= e; i++)
					n += snprintf(days + n, sizeof(days) - n,
					    "%s%s", n ? "," : "", day_names[i]);
			d = e;
		}
	}
	snprintf(buf, len, "%s %02d:%02d-%02d:%02d", days, w->start_min / 60,
	    w->start_min % 60, w->end_min / 60, w->end_min % 60);
	return buf;
}

/* Is the occurrence that starts on `day` (weekday wd) open? */
static int
opens_on(const struct gh_window *w, gh_day day, int wd, gh_holiday_fn closed,
    void *ctx)
{
	if (!(w->days & (1u << wd)))
		return 0;
	return closed == NULL || !closed(ctx, day);
}

int
gh_window_admits(const struct gh_window *w, const struct gh_local *at,
    gh_holiday_fn closed, void *ctx)
{
	int s = at->sec_of_day, start = w->start_min * 60, end = w->end_min * 60;

	if (w->start_min < w->end_min)
		return s >= start && s < end &&
		    opens_on(w, at->day, at->weekday, closed, ctx);
	/* Past midnight: the evening part belongs to today's occurrence, the
	 * morning part to yesterday's, and each answers to its own start day's
	 * holiday. */
	if (s >= start)
		return opens_on(w, at->day, at->weekday, closed, ctx);
	if (s < end)
		return opens_on(w, at->day - 1, (at->weekday + 6) % 7, closed, ctx);
	return 0;
}
