/* Alarms and brute-force counting (R-DETECT). */
#include "tests/testutil.h"

#include "controller/alarm.h"
#include "controller/bruteforce.h"

static void
test_alarm_table(void)
{
	static struct gh_alarms t;
	gh_alarms_init(&t);
	CU_ASSERT(gh_alarm_code_known("door-forced"));
	CU_ASSERT(gh_alarm_code_known("forwarding-failed"));
	CU_ASSERT(!gh_alarm_code_known("door-open"));
	CU_ASSERT_EQUAL(gh_alarm_add(&t, 10, 1, "door-forced", "door", "D1"), 0);
	CU_ASSERT_EQUAL(gh_alarm_add(&t, 12, 2, "door-held-open", "door", "D2"), 0);
	CU_ASSERT_PTR_NOT_NULL(gh_alarm_find(&t, "door-forced", "D1"));
	CU_ASSERT_PTR_NULL(gh_alarm_find(&t, "door-forced", "D2"));
	CU_ASSERT_EQUAL(gh_alarm_ack(&t, 11), -1);
	CU_ASSERT_EQUAL(gh_alarm_ack(&t, 10), 0);
	CU_ASSERT_EQUAL(gh_alarm_ack(&t, 10), -1);	/* once */
	CU_ASSERT_PTR_NULL(gh_alarm_find(&t, "door-forced", "D1"));
	CU_ASSERT_EQUAL(t.n, 1);
	CU_ASSERT_EQUAL(t.a[0].id, 12);
	for (int i = 0; i < GH_ALARM_MAX - 1; i++)
		CU_ASSERT_EQUAL(gh_alarm_add(&t, 100 + i, 3, "tamper", "reader", "r"), 0);
	CU_ASSERT_EQUAL(gh_alarm_add(&t, 9999, 3, "tamper", "reader", "r"), -1);
}

static void
test_brute_force_threshold_and_window(void)
{
	struct gh_bf b = { 0 };
	struct gh_bf_cfg c = { .count = 5, .window_s = 60, .lockout_s = 30 };
	CU_ASSERT(gh_bf_counts("unknown-badge"));
	CU_ASSERT(gh_bf_counts("badge-expired"));
	CU_ASSERT(!gh_bf_counts("outside-schedule"));	/* a real user, not an attack */
	CU_ASSERT(!gh_bf_counts("no-access"));
	/* Four refusals, then the oldest leaves the window: no lockout. */
	for (int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(gh_bf_record(&b, &c, i * 1000), 0);
	CU_ASSERT_EQUAL(gh_bf_refusals(&b, &c, 59999), 4);
	CU_ASSERT_EQUAL(gh_bf_refusals(&b, &c, 60000), 3);
	CU_ASSERT_EQUAL(gh_bf_record(&b, &c, 60000), 0);
	/* The fifth within the window locks the reader out for lockout-s. */
	CU_ASSERT_EQUAL(gh_bf_refusals(&b, &c, 60999), 4);	/* 1000 2000 3000 60000 */
	CU_ASSERT_EQUAL(gh_bf_record(&b, &c, 60999), 1);
	CU_ASSERT(gh_bf_locked(&b, 60999));
	CU_ASSERT(gh_bf_locked(&b, 90998));
	CU_ASSERT(!gh_bf_locked(&b, 90999));
	/* During the lockout, more refusals do not raise it again. */
	for (int i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(gh_bf_record(&b, &c, 62000 + i), 0);
}

GH_SUITE("alarm", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_alarm_table);
	GH_TEST(s, test_brute_force_threshold_and_window);
}
