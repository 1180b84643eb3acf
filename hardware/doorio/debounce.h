/* Software debounce of one input line (IEC 60839-11-1: inputs shorter than the
 * debounce time are ignored, inputs longer than 400 ms are processed).
 *
 * Pure: the caller feeds raw changes with their monotonic time and asks, at any time,
 * whether a change is due.  A change is reported only once the line has kept its new
 * value for the whole debounce time; a pulse shorter than that is never reported, and
 * contact bounce settles into one change. */
#ifndef GH_DEBOUNCE_H
#define GH_DEBOUNCE_H

#include <stdint.h>

#define DEBOUNCE_MIN_MS 10	/* the setting input-debounce-ms: 10..400, default 50 */
#define DEBOUNCE_MAX_MS 400
#define DEBOUNCE_DEFAULT_MS 50

struct debounce {
	int ms;			/* the debounce time */
	int stable;		/* the value last reported */
	int raw;		/* the line's latest raw value */
	int64_t raw_since;	/* when the raw value last changed */
};

/* Start with a known value (read from the line), not reported as a change.  ms outside
 * 10..400 is brought within. */
void debounce_init(struct debounce *d, int ms, int value, int64_t now_ms);
/* A raw value seen on the line at t_ms (an edge, or a sample: an unchanged value is
 * no change).  Edges may be read late, after the deadline of the change before them:
 * when that change had lasted the debounce time by t_ms, it was a real input, and it
 * is returned now (1, *value, *since_ms) so that it is reported before this edge.  A
 * time earlier than the last change counts as that change's time. */
int debounce_raw(struct debounce *d, int value, int64_t t_ms, int *due_value,
    int64_t *due_since_ms);
/* At now_ms: 1 when a change is due (*value the new value, *since_ms when the line
 * took it), and it counts as reported; 0 otherwise. */
int debounce_poll(struct debounce *d, int64_t now_ms, int *value, int64_t *since_ms);
/* When a change becomes due if the line stays as it is; INT64_MAX when none pends. */
int64_t debounce_deadline(const struct debounce *d);

#endif
