/* Door state machine (R-DETECT, R-EMERGENCY): what a guard expects at the door. */
#include "tests/testutil.h"

#include <string.h>

#include "controller/door.h"

static const struct door_config secure = { .release_ms = 5000, .held_ms = 30000,
	.fail_safe = 0 };
static const struct door_config safe = { .release_ms = 5000, .held_ms = 30000,
	.fail_safe = 1 };

static int
has_event(const struct door_out *o, const char *kind)
{
	for (int i = 0; i < o->nevents; i++)
		if (strcmp(o->event[i], kind) == 0)
			return 1;
	return 0;
}

static void
test_grant_release_relock_on_close(void)
{
	struct door_sm d;
	struct door_out o;
	door_init(&d, &secure, 0);
	door_step(&d, DOOR_IN_GRANT, 1000, &o);
	CU_ASSERT_EQUAL(o.lock, DOOR_LOCK_RELEASE);
	CU_ASSERT_EQUAL(d.state, DOOR_RELEASED);
	CU_ASSERT_EQUAL(door_next_deadline(&d), 6000);
	door_step(&d, DOOR_IN_CONTACT_OPEN, 2000, &o);
	CU_ASSERT_EQUAL(d.state, DOOR_OPEN);
	CU_ASSERT(has_event(&o, "door-opened"));
	CU_ASSERT_PTR_NULL(o.alarm);
	door_step(&d, DOOR_IN_CONTACT_CLOSE, 4000, &o);
	CU_ASSERT_EQUAL(o.lock, DOOR_LOCK_LOCK);	/* relocked at once, not at 6000 */
	CU_ASSERT_EQUAL(d.state, DOOR_LOCKED);
	CU_ASSERT(has_event(&o, "door-closed"));
	/* Opening again without a badge is forced. */
	door_step(&d, DOOR_IN_CONTACT_OPEN, 4500, &o);
	CU_ASSERT_EQUAL(d.state, DOOR_FORCED);
	CU_ASSERT_STRING_EQUAL(o.alarm, "door-forced");
}

static void
test_release_time_relocks_unopened_door(void)
{
	struct door_sm d;
	struct door_out o;
	door_init(&d, &secure, 0);
	door_step(&d, DOOR_IN_GRANT, 0, &o);
	door_step(&d, DOOR_IN_TICK, 4999, &o);
	CU_ASSERT_EQUAL(d.state, DOOR_RELEASED);
	CU_ASSERT_EQUAL(o.lock, DOOR_LOCK_NONE);
	door_step(&d, DOOR_IN_TICK, 5000, &o);
	CU_ASSERT_EQUAL(d.state, DOOR_LOCKED);
	CU_ASSERT_EQUAL(o.lock, DOOR_LOCK_LOCK);
	door_step(&d, DOOR_IN_CONTACT_OPEN, 5001, &o);
	CU_ASSERT_STRING_EQUAL(o.alarm, "door-forced");	/* R-DETECT */
}

static void
test_held_open(void)
{
	/* R-DETECT: open past the held time raises door-held-open once. */
	struct door_sm d;
	struct door_out o;
	door_init(&d, &secure, 0);
	door_step(&d, DOOR_IN_GRANT, 0, &o);
	door_step(&d, DOOR_IN_CONTACT_OPEN, 1000, &o);
	CU_ASSERT_EQUAL(door_next_deadline(&d), 31000);
	door_step(&d, DOOR_IN_TICK, 30999, &o);
	CU_ASSERT_PTR_NULL(o.alarm);
	door_step(&d, DOOR_IN_TICK, 31000, &o);
	CU_ASSERT_EQUAL(d.state, DOOR_HELD_OPEN);
	CU_ASSERT_STRING_EQUAL(o.alarm, "door-held-open");
	door_step(&d, DOOR_IN_TICK, 40000, &o);
	CU_ASSERT_PTR_NULL(o.alarm);
	door_step(&d, DOOR_IN_CONTACT_CLOSE, 41000, &o);
	CU_ASSERT_EQUAL(d.state, DOOR_LOCKED);
	CU_ASSERT_EQUAL(o.lock, DOOR_LOCK_LOCK);
}

static void
test_exit_button(void)
{
	struct door_sm d;
	struct door_out o;
	door_init(&d, &secure, 0);
	door_step(&d, DOOR_IN_EXIT_BUTTON, 0, &o);
	CU_ASSERT(has_event(&o, "exit-button"));
	CU_ASSERT_EQUAL(o.lock, DOOR_LOCK_RELEASE);
	door_step(&d, DOOR_IN_CONTACT_OPEN, 500, &o);
	CU_ASSERT_PTR_NULL(o.alarm);	/* not forced */
	door_step(&d, DOOR_IN_UNLOCK, 600, &o);
	CU_ASSERT(has_event(&o, "door-released"));
}

static void
test_fire_and_evacuation(void)
{
	/* R-EMERGENCY: fail-safe doors release on fire and in evacuation; fail-secure
	 * doors stay locked. */
	struct door_sm fs, sec;
	struct door_out o;
	door_init(&fs, &safe, 0);
	door_init(&sec, &secure, 0);
	door_step(&fs, DOOR_IN_FIRE_ON, 0, &o);
	CU_ASSERT_EQUAL(o.lock, DOOR_LOCK_RELEASE);
	CU_ASSERT_STRING_EQUAL(door_state_name(fs.state), "unlocked-mode");
	door_step(&sec, DOOR_IN_FIRE_ON, 0, &o);
	CU_ASSERT_EQUAL(o.lock, DOOR_LOCK_NONE);
	CU_ASSERT_EQUAL(sec.state, DOOR_LOCKED);
	/* Opening the unlocked door is no alarm; fire off while open: authorised, timed. */
	door_step(&fs, DOOR_IN_CONTACT_OPEN, 100, &o);
	CU_ASSERT_PTR_NULL(o.alarm);
	door_step(&fs, DOOR_IN_EVACUATION_ON, 200, &o);
	door_step(&fs, DOOR_IN_FIRE_OFF, 300, &o);
	CU_ASSERT_EQUAL(fs.state, DOOR_UNLOCKED_MODE);	/* evacuation still on */
	door_step(&fs, DOOR_IN_EVACUATION_OFF, 400, &o);
	CU_ASSERT_EQUAL(o.lock, DOOR_LOCK_LOCK);
	CU_ASSERT_EQUAL(fs.state, DOOR_OPEN);
	door_step(&fs, DOOR_IN_CONTACT_CLOSE, 500, &o);
	CU_ASSERT_EQUAL(fs.state, DOOR_LOCKED);
}

static void
test_driver_failure_never_releases(void)
{
	/* IEC 60839-11-1: losing the I/O never releases a door by command. */
	struct door_sm d;
	struct door_out o;
	door_init(&d, &secure, 0);
	door_step(&d, DOOR_IN_DRIVER_FAIL, 0, &o);
	CU_ASSERT_EQUAL(o.lock, DOOR_LOCK_LOCK);
	CU_ASSERT_STRING_EQUAL(o.alarm, "door-io-offline");
	CU_ASSERT_STRING_EQUAL(door_state_name(d.state), "offline");
	door_step(&d, DOOR_IN_GRANT, 10, &o);
	CU_ASSERT_NOT_EQUAL(o.lock, DOOR_LOCK_RELEASE);
	door_step(&d, DOOR_IN_DRIVER_OK, 20, &o);
	CU_ASSERT_EQUAL(d.state, DOOR_LOCKED);
}

GH_SUITE("door", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_grant_release_relock_on_close);
	GH_TEST(s, test_release_time_relocks_unopened_door);
	GH_TEST(s, test_held_open);
	GH_TEST(s, test_exit_button);
	GH_TEST(s, test_fire_and_evacuation);
	GH_TEST(s, test_driver_failure_never_releases);
}
