/* Web sessions (R-AUTH): random ids, idle and absolute limits, logout on the server,
 * CSRF tokens, a new id at login. */
#include "tests/testutil.h"

#include <string.h>

#include "webui/session.h"

#define MIN (60LL * 1000000)

static void
test_sessions_expire_when_idle_or_too_old(void)
{
	struct web_session s, g;
	int64_t t = 1000 * MIN;
	CU_ASSERT_EQUAL_FATAL(web_session_new("amina", "guard", t, &s), 0);
	CU_ASSERT_EQUAL(strlen(s.id), WEB_SID_LEN);
	CU_ASSERT_EQUAL(web_session_get(s.id, t + 29 * MIN, &g), 0);
	CU_ASSERT_STRING_EQUAL(g.operator_, "amina");
	/* Idle 30 minutes after the last use: gone. */
	CU_ASSERT_EQUAL(web_session_get(s.id, t + 29 * MIN + 30 * MIN, &g), -1);
	CU_ASSERT_EQUAL(web_session_get(s.id, t + 29 * MIN + 1, &g), -1);	/* ended */
	/* Used every 20 minutes, it still ends after 12 hours. */
	CU_ASSERT_EQUAL_FATAL(web_session_new("karim", "officer", t, &s), 0);
	int64_t u = t;
	for (; u < t + 12 * 60 * MIN - 20 * MIN; u += 20 * MIN)
		CU_ASSERT_EQUAL(web_session_get(s.id, u, &g), 0);
	CU_ASSERT_EQUAL(web_session_get(s.id, t + 12 * 60 * MIN, &g), -1);
}

static void
test_logout_ends_the_session_on_the_server(void)
{
	struct web_session s, s2, g;
	int64_t t = 5000 * MIN;
	CU_ASSERT_EQUAL_FATAL(web_session_new("amina", "guard", t, &s), 0);
	CU_ASSERT_EQUAL_FATAL(web_session_new("amina", "guard", t, &s2), 0);
	CU_ASSERT_STRING_NOT_EQUAL(s.id, s2.id);
	CU_ASSERT_STRING_NOT_EQUAL(s.csrf, s2.csrf);
	web_session_end(s.id);
	CU_ASSERT_EQUAL(web_session_get(s.id, t, &g), -1);
	CU_ASSERT_EQUAL(web_session_get(s2.id, t, &g), 0);
	web_session_end_operator("amina");
	CU_ASSERT_EQUAL(web_session_get(s2.id, t, &g), -1);
	/* Made-up or truncated ids find nothing. */
	CU_ASSERT_EQUAL(web_session_get("", t, &g), -1);
	CU_ASSERT_EQUAL(web_session_get("0000", t, &g), -1);
	CU_ASSERT_EQUAL(web_session_get(NULL, t, &g), -1);
}

static void
test_csrf_token_must_match(void)
{
	struct web_session s, other;
	int64_t t = 9000 * MIN;
	CU_ASSERT_EQUAL_FATAL(web_session_new("amina", "guard", t, &s), 0);
	CU_ASSERT_EQUAL_FATAL(web_session_new("omar", "guard", t, &other), 0);
	CU_ASSERT(web_csrf_ok(&s, s.csrf));
	CU_ASSERT(!web_csrf_ok(&s, other.csrf));
	CU_ASSERT(!web_csrf_ok(&s, ""));
	CU_ASSERT(!web_csrf_ok(&s, NULL));
	char cut[WEB_SID_LEN];
	memcpy(cut, s.csrf, WEB_SID_LEN - 1);
	cut[WEB_SID_LEN - 1] = '\0';
	CU_ASSERT(!web_csrf_ok(&s, cut));
}

GH_SUITE("web_session", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_sessions_expire_when_idle_or_too_old);
	GH_TEST(s, test_logout_ends_the_session_on_the_server);
	GH_TEST(s, test_csrf_token_must_match);
}
