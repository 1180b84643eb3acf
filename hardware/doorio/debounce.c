/* Software debounce of one input line; see debounce.h. */
#include "hardware/doorio/debounce.h"

void
debounce_init(struct debounce *d, int ms, int value, int64_t now_ms)
{
	if (ms < DEBOUNCE_MIN_MS)
		ms = DEBOUNCE_MIN_MS;
	if (ms > DEBOUNCE_MAX_MS)
		ms = DEBOUNCE_MAX_MS;
	d->ms = ms;
	d->stable = d->raw = value != 0;
	d->raw_since = now_ms;
}

int
debounce_raw(struct debounce *d, int value, int64_t t_ms, int *due_value,
    int64_t *due_since_ms)
{
	value = value != 0;
	if (value == d->raw)
		return 0;
	if (t_ms < d->raw_since)
		t_ms = d->raw_since;
	/* The change this edge ends had lasted long enough: it happened. */
	int due = debounce_poll(d, t_ms, due_value, due_since_ms);
	d->raw = value;
	d->raw_since = t_ms;
	return due;
}

int64_t
debounce_deadline(const struct debounce *d)
{
	return d->raw == d->stable ? INT64_MAX : d->raw_since + d->ms;
}

int
debounce_poll(struct debounce *d, int64_t now_ms, int *value, int64_t *since_ms)
{
	if (d->raw == d->stable || now_ms < d->raw_since + d->ms)
		return 0;
	d->stable = d->raw;
	*value = d->stable;
	*since_ms = d->raw_since;
	return 1;
}
