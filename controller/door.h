/* One door's state machine (R-DETECT, R-EMERGENCY; IEC 60839-11-1 behaviour).
 *
 * Pure: it takes an input and the monotonic time, and says what to do (drive the lock,
 * journal events, raise alarms); the caller's loop owns the I/O and the timers.
 *
 *   locked --release--> released --contact opens--> open --held time--> held-open
 *     |                    | release time, still closed      | contact closes
 *     |                    v                                 v
 *     |                  locked <------------------------- locked (relocked at once)
 *     +--contact opens while locked and not released--> forced (door-forced alarm)
 *
 * Fail-safe doors release on the fire input and in evacuation (unlocked-mode);
 * fail-secure doors stay locked then.  A driver failure puts the door offline with its
 * lock commanded locked: nothing but a decision, an exit button, an operator's
 * unlock, the fire input or evacuation ever releases a door. */
#ifndef GH_DOOR_H
#define GH_DOOR_H

#include <stdint.h>

enum door_state {
	DOOR_LOCKED, DOOR_RELEASED, DOOR_OPEN, DOOR_HELD_OPEN, DOOR_FORCED,
	DOOR_UNLOCKED_MODE, DOOR_OFFLINE,
};

enum door_input {
	DOOR_IN_GRANT,		/* a granted badge */
	DOOR_IN_UNLOCK,		/* an operator's momentary unlock */
	DOOR_IN_EXIT_BUTTON,	/* request to exit pressed */
	DOOR_IN_CONTACT_OPEN,
	DOOR_IN_CONTACT_CLOSE,
	DOOR_IN_FIRE_ON,
	DOOR_IN_FIRE_OFF,
	DOOR_IN_EVACUATION_ON,
	DOOR_IN_EVACUATION_OFF,
	DOOR_IN_DRIVER_FAIL,
	DOOR_IN_DRIVER_OK,
	DOOR_IN_TICK,		/* time passed: check the deadlines */
};

enum door_lock_cmd { DOOR_LOCK_NONE, DOOR_LOCK_LOCK, DOOR_LOCK_RELEASE };

struct door_config {
	int release_ms;		/* lock released this long for one passage */
	int held_ms;		/* open longer than this: door-held-open */
	int fail_safe;
};

struct door_sm {
	struct door_config cfg;
	enum door_state state;
	int contact_open;	/* last known contact */
	int fire, evacuation;
	int64_t release_until;	/* while released: relock then if still closed */
	int64_t open_since;	/* while open: for the held-open deadline */
};

#define DOOR_MAX_EVENTS 3
struct door_out {
	enum door_lock_cmd lock;
	int nevents;
	const char *event[DOOR_MAX_EVENTS];	/* journal event kinds */
	const char *alarm;			/* alarm code to raise, or NULL */
	int state_changed;
};

void door_init(struct door_sm *d, const struct door_config *cfg, int contact_open);
void door_step(struct door_sm *d, enum door_input in, int64_t now_ms, struct door_out *out);
/* The next time a TICK is due (INT64_MAX when none). */
int64_t door_next_deadline(const struct door_sm *d);
/* The vocabulary's word for a state. */
const char *door_state_name(enum door_state s);

#endif
