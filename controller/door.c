/* One door's state machine; see door.h. */
#include "controller/door.h"

#include <string.h>

const char *
door_state_name(enum door_state s)
{
	static const char *const names[] = { "locked", "released", "open", "held-open",
		"forced", "unlocked-mode", "offline" };
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "offline";
}

void
door_init(struct door_sm *d, const struct door_config *cfg, int contact_open)
{
	memset(d, 0, sizeof *d);
	d->cfg = *cfg;
	d->contact_open = contact_open;
	d->state = DOOR_LOCKED;
}

static void
emit(struct door_out *o, const char *kind)
{
	if (o->nevents < DOOR_MAX_EVENTS)
		o->event[o->nevents++] = kind;
}

static void
set_state(struct door_sm *d, enum door_state s, struct door_out *o)
{
	if (d->state != s) {
		d->state = s;
		o->state_changed = 1;
	}
}

/* The unlocked mode applies to fail-safe doors only: a fail-secure door stays locked
 * in a fire or an evacuation (egress is by its mechanical handle). */
static int
mode_unlocked(const struct door_sm *d)
{
	return d->cfg.fail_safe && (d->fire || d->evacuation);
}

/* Back to the normal locked state after a mode or a failure ends. */
static void
relock(struct door_sm *d, int64_t now, struct door_out *o)
{
	o->lock = DOOR_LOCK_LOCK;
	if (d->contact_open) {
		/* Open when the lock came back: authorised until now, so timed as held. */
		d->open_since = now;
		set_state(d, DOOR_OPEN, o);
	} else {
		set_state(d, DOOR_LOCKED, o);
	}
}

static void
release(struct door_sm *d, int64_t now, struct door_out *o)
{
	switch (d->state) {
	case DOOR_LOCKED:
	case DOOR_RELEASED:
	case DOOR_FORCED:
		d->release_until = now + d->cfg.release_ms;
		o->lock = DOOR_LOCK_RELEASE;
		if (d->contact_open) {
			/* Already open (after a forced opening): authorised from now on. */
			d->open_since = now;
			set_state(d, DOOR_OPEN, o);
		} else {
			set_state(d, DOOR_RELEASED, o);
		}
		break;
	case DOOR_OPEN:
	case DOOR_HELD_OPEN:
		/* Someone else passes while it is open: the held time starts again. */
		d->open_since = now;
		d->release_until = now + d->cfg.release_ms;
		set_state(d, DOOR_OPEN, o);
		break;
	case DOOR_UNLOCKED_MODE:
	case DOOR_OFFLINE:
		break;
	}
}

void
door_step(struct door_sm *d, enum door_input in, int64_t now, struct door_out *o)
{
	memset(o, 0, sizeof *o);
	switch (in) {
	case DOOR_IN_GRANT:
		release(d, now, o);
		break;
	case DOOR_IN_UNLOCK:
		emit(o, "door-released");
		release(d, now, o);
		break;
	case DOOR_IN_EXIT_BUTTON:
		emit(o, "exit-button");
		release(d, now, o);
		break;
	case DOOR_IN_CONTACT_OPEN:
		if (d->contact_open)
			break;
		d->contact_open = 1;
		emit(o, "door-opened");
		if (d->state == DOOR_LOCKED) {
			set_state(d, DOOR_FORCED, o);
			o->alarm = "door-forced";
		} else if (d->state == DOOR_RELEASED) {
			d->open_since = now;
			set_state(d, DOOR_OPEN, o);
		}
		break;
	case DOOR_IN_CONTACT_CLOSE:
		if (!d->contact_open)
			break;
		d->contact_open = 0;
		emit(o, "door-closed");
		if (d->state == DOOR_OPEN || d->state == DOOR_HELD_OPEN ||
		    d->state == DOOR_FORCED) {
			/* Relock as soon as the door closes: one passage per release. */
			o->lock = DOOR_LOCK_LOCK;
			set_state(d, DOOR_LOCKED, o);
		}
		break;
	case DOOR_IN_FIRE_ON:
	case DOOR_IN_EVACUATION_ON:
		if (in == DOOR_IN_FIRE_ON)
			d->fire = 1;
		else
			d->evacuation = 1;
		if (mode_unlocked(d) && d->state != DOOR_OFFLINE) {
			o->lock = DOOR_LOCK_RELEASE;
			set_state(d, DOOR_UNLOCKED_MODE, o);
		}
		break;
	case DOOR_IN_FIRE_OFF:
	case DOOR_IN_EVACUATION_OFF:
		if (in == DOOR_IN_FIRE_OFF)
			d->fire = 0;
		else
			d->evacuation = 0;
		if (d->state == DOOR_UNLOCKED_MODE && !mode_unlocked(d))
			relock(d, now, o);
		break;
	case DOOR_IN_DRIVER_FAIL:
		o->lock = DOOR_LOCK_LOCK;
		o->alarm = d->state == DOOR_OFFLINE ? NULL : "door-io-offline";
		set_state(d, DOOR_OFFLINE, o);
		break;
	case DOOR_IN_DRIVER_OK:
		if (d->state != DOOR_OFFLINE)
			break;
		if (mode_unlocked(d)) {
			o->lock = DOOR_LOCK_RELEASE;
			set_state(d, DOOR_UNLOCKED_MODE, o);
		} else {
			relock(d, now, o);
		}
		break;
	case DOOR_IN_TICK:
		if (d->state == DOOR_RELEASED && now >= d->release_until) {
			o->lock = DOOR_LOCK_LOCK;
			set_state(d, DOOR_LOCKED, o);
		} else if (d->state == DOOR_OPEN && now - d->open_since >= d->cfg.held_ms) {
			set_state(d, DOOR_HELD_OPEN, o);
			o->alarm = "door-held-open";
		}
		break;
	}
}

int64_t
door_next_deadline(const struct door_sm *d)
{
	if (d->state == DOOR_RELEASED)
		return d->release_until;
	if (d->state == DOOR_OPEN)
		return d->open_since + d->cfg.held_ms;
	return INT64_MAX;
}
