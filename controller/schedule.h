/* Weekly time windows (R-PROFILES).
 * Text form: "DAYS HH:MM-HH:MM"; DAYS is mon..sun, a range mon-fri, a list
 * mon,wed,fri (items of a list may be ranges), or daily.  Half-open: 08:00-18:00
 * admits 08:00:00 and refuses 18:00:00.  24:00 ends a day.  A window that ends
 * before it starts (22:00-06:00) belongs to the day on which it starts. */
#ifndef GH_SCHEDULE_H
#define GH_SCHEDULE_H

#include <stddef.h>
#include "controller/timeutil.h"

#define GH_DAY_MON 0x01
#define GH_DAY_ALL 0x7f	/* bit n = weekday n, 0 = Monday */

struct gh_window {
	unsigned days;	/* bitmask of start days */
	int start_min;	/* 0 .. 1439 */
	int end_min;	/* 1 .. 1440; end < start means past midnight */
};

/* Parse one window.  0, or -1 with *why a short static explanation.
 * Refused: empty or unknown day names, reversed ranges (fri-mon), bad times,
 * 24:00 as a start, start == end. */
int gh_window_parse(const char *text, struct gh_window *w, const char **why);
/* Canonical text ("mon-fri 08:00-18:00", "daily 00:00-24:00", "mon,wed,fri ...")
 * into buf; returns buf. */
char *gh_window_format(const struct gh_window *w, char *buf, size_t len);

/* Does the window admit local time `at`?  `start_day_holiday` says whether the day on
 * which the candidate occurrence started is a holiday that closes the window: it is
 * called with that day and returns non-zero to close (NULL: no holidays). */
typedef int (*gh_holiday_fn)(void *ctx, gh_day day);
int gh_window_admits(const struct gh_window *w, const struct gh_local *at,
    gh_holiday_fn closed, void *ctx);

#endif
