/* R-CLOCK: clock jumps are told apart from time passing; synchronisation is readable. */
#include "tests/testutil.h"

#include "controller/clock.h"

static void
test_clock_jump(void)
{
	struct gh_clock_sample a = { .real_us = 1000000000, .mono_us = 5000 };
	struct gh_clock_sample b = { .real_us = 1000000000 + 60000000, .mono_us = 5000 + 60000000 };
	CU_ASSERT_EQUAL(gh_clock_jump(&a, &b, 2000000), 0);	/* a minute passed */
	b.real_us += 3600LL * 1000000;				/* set an hour forward */
	CU_ASSERT_EQUAL(gh_clock_jump(&a, &b, 2000000), 3600LL * 1000000);
	b.real_us = a.real_us - 7200LL * 1000000;		/* set two hours back */
	CU_ASSERT_EQUAL(gh_clock_jump(&a, &b, 2000000), -(7200LL * 1000000 + 60000000));
	b.real_us = a.real_us + 60000000 + 1500000;		/* NTP slew within tolerance */
	CU_ASSERT_EQUAL(gh_clock_jump(&a, &b, 2000000), 0);
	struct gh_clock_sample s1, s2;
	gh_clock_sample(&s1);
	gh_clock_sample(&s2);
	CU_ASSERT_EQUAL(gh_clock_jump(&s1, &s2, 2000000), 0);
}

static void
test_clock_synced_answers(void)
{
	int64_t err = -1;
	int s = gh_clock_synced(&err);
	CU_ASSERT(s == 0 || s == 1);	/* this machine may or may not run NTP */
	CU_ASSERT(err >= 0);
}

GH_SUITE("clock", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_clock_jump);
	GH_TEST(s, test_clock_synced_answers);
}
