/* Software debounce of door inputs (R-DETECT, R-EMERGENCY; IEC 60839-11-1: inputs
 * shorter than input-debounce-ms are ignored, inputs over 400 ms are processed).
 * A fake clock: times are given, nothing sleeps. */
#include "tests/testutil.h"

#include <stdint.h>

#include "hardware/doorio/debounce.h"

/* Feed an edge; returns what it made due (-1 for nothing). */
static int
edge(struct debounce *d, int v, int64_t t, int64_t *since)
{
	int due;
	return debounce_raw(d, v, t, &due, since) ? due : -1;
}

static int
poll_at(struct debounce *d, int64_t t, int64_t *since)
{
	int v;
	return debounce_poll(d, t, &v, since) ? v : -1;
}

static void
test_short_pulse_ignored(void)
{
	/* A 20 ms exit-button pulse against the default 50 ms: never reported. */
	struct debounce d;
	int64_t since;
	debounce_init(&d, DEBOUNCE_DEFAULT_MS, 0, 1000);
	CU_ASSERT_EQUAL(debounce_deadline(&d), INT64_MAX);
	CU_ASSERT_EQUAL(edge(&d, 1, 2000, &since), -1);
	CU_ASSERT_EQUAL(debounce_deadline(&d), 2050);
	CU_ASSERT_EQUAL(poll_at(&d, 2019, &since), -1);
	CU_ASSERT_EQUAL(edge(&d, 0, 2020, &since), -1);
	CU_ASSERT_EQUAL(debounce_deadline(&d), INT64_MAX);
	for (int64_t t = 2020; t < 3000; t += 10)
		CU_ASSERT_EQUAL(poll_at(&d, t, &since), -1);
}

static void
test_long_press_processed(void)
{
	/* A 500 ms press: reported once, when it has lasted 50 ms, with its start time;
	 * the release likewise. */
	struct debounce d;
	int64_t since = 0;
	debounce_init(&d, 50, 0, 0);
	edge(&d, 1, 1000, &since);
	CU_ASSERT_EQUAL(poll_at(&d, 1049, &since), -1);
	CU_ASSERT_EQUAL(poll_at(&d, 1050, &since), 1);
	CU_ASSERT_EQUAL(since, 1000);
	CU_ASSERT_EQUAL(poll_at(&d, 1060, &since), -1);	/* once */
	CU_ASSERT_EQUAL(debounce_deadline(&d), INT64_MAX);
	edge(&d, 0, 1500, &since);
	CU_ASSERT_EQUAL(debounce_deadline(&d), 1550);
	CU_ASSERT_EQUAL(poll_at(&d, 1551, &since), 0);
	CU_ASSERT_EQUAL(since, 1500);
}

static void
test_bounce_settles_into_one_change(void)
{
	/* A contact that bounces for 8 ms when it closes: one change, timed from the
	 * last bounce. */
	struct debounce d;
	int64_t since = 0;
	int reports = 0;
	debounce_init(&d, 50, 0, 0);
	for (int64_t t = 100; t <= 108; t += 2) {
		CU_ASSERT_EQUAL(edge(&d, (int)(t / 2) % 2 == 0, t, &since), -1);
		CU_ASSERT_EQUAL(poll_at(&d, t + 1, &since), -1);
	}
	/* The last edge (t=108) set the line to 1. */
	CU_ASSERT_EQUAL(debounce_deadline(&d), 158);
	for (int64_t t = 109; t < 400; t++)
		if (poll_at(&d, t, &since) == 1)
			reports++;
	CU_ASSERT_EQUAL(reports, 1);
	CU_ASSERT_EQUAL(since, 108);
}

static void
test_late_reading_keeps_a_real_press(void)
{
	/* Both edges of a 450 ms press read together after it ended (the loop was
	 * busy): the press still happened, so the second edge hands it back. */
	struct debounce d;
	int64_t since = 0;
	debounce_init(&d, 50, 0, 0);
	CU_ASSERT_EQUAL(edge(&d, 1, 1000, &since), -1);
	CU_ASSERT_EQUAL(edge(&d, 0, 1450, &since), 1);
	CU_ASSERT_EQUAL(since, 1000);
	CU_ASSERT_EQUAL(poll_at(&d, 1600, &since), 0);	/* and then its release */
	CU_ASSERT_EQUAL(since, 1450);
	/* A 20 ms pulse read late is still nothing. */
	CU_ASSERT_EQUAL(edge(&d, 1, 2000, &since), -1);
	CU_ASSERT_EQUAL(edge(&d, 0, 2020, &since), -1);
	CU_ASSERT_EQUAL(poll_at(&d, 5000, &since), -1);
}

static void
test_bounds_and_odd_input(void)
{
	struct debounce d;
	int64_t since = 0;
	/* input-debounce-ms is 10..400; IEC 60839-11-1 wants a 400 ms input processed. */
	debounce_init(&d, 5000, 0, 0);
	CU_ASSERT_EQUAL(d.ms, DEBOUNCE_MAX_MS);
	edge(&d, 1, 100, &since);
	CU_ASSERT_EQUAL(poll_at(&d, 500, &since), 1);
	debounce_init(&d, 0, 0, 0);
	CU_ASSERT_EQUAL(d.ms, DEBOUNCE_MIN_MS);
	/* Any non-zero value is 1; a repeated value is no edge. */
	debounce_init(&d, 50, 1, 0);
	CU_ASSERT_EQUAL(edge(&d, 7, 10, &since), -1);
	CU_ASSERT_EQUAL(debounce_deadline(&d), INT64_MAX);
	/* A time going backwards does not lengthen the stable time. */
	edge(&d, 0, 1000, &since);
	edge(&d, 1, 900, &since);
	edge(&d, 0, 950, &since);
	CU_ASSERT_EQUAL(debounce_deadline(&d), 1050);
	CU_ASSERT_EQUAL(poll_at(&d, 1049, &since), -1);
	CU_ASSERT_EQUAL(poll_at(&d, 1050, &since), 0);
}

GH_SUITE("debounce", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_short_pulse_ignored);
	GH_TEST(s, test_long_press_processed);
	GH_TEST(s, test_bounce_settles_into_one_change);
	GH_TEST(s, test_late_reading_keeps_a_real_press);
	GH_TEST(s, test_bounds_and_odd_input);
}
