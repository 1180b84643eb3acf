/* The web service's building blocks (R-AUTH, R-LEAST-PRIVILEGE): escaping in every
 * context, the form parser, TOTP against RFC 6238, base32 against RFC 4648, the
 * password policy, the role matrix and incompatible roles. */
#include "tests/testutil.h"

#include <stdio.h>
#include <string.h>

#include "webui/escape.h"
#include "webui/form.h"
#include "webui/password.h"
#include "webui/roles.h"
#include "webui/totp.h"
#include "webui/validate.h"

static const char *
esc(void (*fn)(struct gh_buf *, const char *), const char *s)
{
	static char out[4][512];
	static int k;
	struct gh_buf b;
	gh_buf_init(&b);
	fn(&b, s);
	char *o = out[k++ % 4];
	snprintf(o, sizeof out[0], "%s", b.s ? b.s : "");
	gh_buf_free(&b);
	return o;
}

static void
test_escaping_by_context(void)
{
	const char *evil = "O'Brien <script>\"&\"</script>";
	CU_ASSERT_STRING_EQUAL(esc(web_html, evil),
	    "O&#39;Brien &lt;script&gt;&quot;&amp;&quot;&lt;/script&gt;");
	CU_ASSERT_STRING_EQUAL(esc(web_attr, "a`b=c\x01"), "a&#x60;b&#x3D;c&#x1;");
	CU_ASSERT_STRING_EQUAL(esc(web_url, "Amina El Idrissi/?&="), "Amina%20El%20Idrissi%2F%3F%26%3D");
	CU_ASSERT_STRING_EQUAL(esc(web_url, "ليلى"), "%D9%84%D9%8A%D9%84%D9%89");
	CU_ASSERT_STRING_EQUAL(esc(web_json_str, "</script>\"\\\n"),
	    "\"\\u003c/script\\u003e\\\"\\\\\\n\"");
	CU_ASSERT_STRING_EQUAL(esc(web_csv, "=SUM(A1)"), "\"'=SUM(A1)\"");
	CU_ASSERT_STRING_EQUAL(esc(web_csv, "\tcmd"), "\"'\tcmd\"");
	CU_ASSERT_STRING_EQUAL(esc(web_csv, "a \"b\""), "\"a \"\"b\"\"\"");
	/* Arabic and French pass as text. */
	CU_ASSERT_STRING_EQUAL(esc(web_html, "ليلى حداد, Amina El Idrissi, é"),
	    "ليلى حداد, Amina El Idrissi, é");
	/* Invalid UTF-8 never passes through. */
	CU_ASSERT_STRING_EQUAL(esc(web_html, "a\xC3\x28z"), "a\xEF\xBF\xBD(z");
	CU_ASSERT_STRING_EQUAL(esc(web_attr, "\xFF"), "\xEF\xBF\xBD");
	CU_ASSERT_STRING_EQUAL(esc(web_url, "\xFF"), "%EF%BF%BD");
	CU_ASSERT_STRING_EQUAL(esc(web_html, NULL), "");
}

static void
test_form_parser(void)
{
	struct web_form f;
	char err[200];
	const char *s = "name=Amina+El+Idrissi&csrf=ab%2Fcd&&empty=&flag&name=second";
	CU_ASSERT_EQUAL_FATAL(web_form_parse(s, strlen(s), &f, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(web_form_get(&f, "name"), "Amina El Idrissi");	/* first */
	CU_ASSERT_STRING_EQUAL(web_form_get(&f, "csrf"), "ab/cd");
	CU_ASSERT_STRING_EQUAL(web_form_get(&f, "empty"), "");
	CU_ASSERT_STRING_EQUAL(web_form_get(&f, "flag"), "");
	CU_ASSERT_PTR_NULL(web_form_get(&f, "missing"));
	static const char *const bad[] = { "a=%zz", "a=%0", "a=%", "a=%00", "a=%C3%28",
		"%zz=1" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT_EQUAL(web_form_parse(bad[i], strlen(bad[i]), &f, err, sizeof err), -1);
	char many[2000] = "";
	for (int i = 0; i < WEB_FORM_FIELDS + 1; i++)
		strcat(many, "a=1&");
	CU_ASSERT_EQUAL(web_form_parse(many, strlen(many), &f, err, sizeof err), -1);
	CU_ASSERT(gh_contains(err, "too many"));
	CU_ASSERT_EQUAL(web_form_parse("", 0, &f, err, sizeof err), 0);
	CU_ASSERT_EQUAL(f.n, 0);
	/* A NUL byte inside the body ends nothing silently: refused. */
	CU_ASSERT_EQUAL(web_form_parse("a=b\0c", 5, &f, err, sizeof err), -1);
}

static void
test_totp_rfc6238_vectors(void)
{
	/* RFC 6238 appendix B, SHA-1, 8 digits, key "12345678901234567890". */
	static const struct { uint64_t t; uint32_t code; } v[] = {
		{ 59, 94287082 }, { 1111111109, 7081804 }, { 1111111111, 14050471 },
		{ 1234567890, 89005924 }, { 2000000000, 69279037 }, { 20000000000ULL, 65353130 },
	};
	const uint8_t *key = (const uint8_t *)"12345678901234567890";
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		CU_ASSERT_EQUAL(web_totp_code(key, 20, v[i].t / 30, 8), v[i].code);
	/* Verification: the same key in base32, a window of one step, each code once. */
	char b32[64], code[8];
	web_base32_encode(key, 20, b32, sizeof b32);
	CU_ASSERT_STRING_EQUAL(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	int64_t now = 1234567890, step;
	snprintf(code, sizeof code, "%06u", web_totp_code(key, 20, (uint64_t)now / 30, 6));
	CU_ASSERT_EQUAL(web_totp_verify(b32, code, now, 0, &step), 0);
	CU_ASSERT_EQUAL(step, now / 30);
	CU_ASSERT_EQUAL(web_totp_verify(b32, code, now, step, &step), -1);	/* replay */
	CU_ASSERT_EQUAL(web_totp_verify(b32, code, now + 30, 0, &step), 0);	/* -1 step */
	CU_ASSERT_EQUAL(web_totp_verify(b32, code, now + 61, 0, &step), -1);	/* too old */
	CU_ASSERT_EQUAL(web_totp_verify(b32, "12345", now, 0, &step), -1);
	CU_ASSERT_EQUAL(web_totp_verify(b32, "12a456", now, 0, &step), -1);
	CU_ASSERT_EQUAL(web_totp_verify("not base32!", "123456", now, 0, &step), -1);
	/* RFC 4648 base32 vectors (without padding). */
	char o[32];
	uint8_t d[16];
	web_base32_encode((const uint8_t *)"foobar", 6, o, sizeof o);
	CU_ASSERT_STRING_EQUAL(o, "MZXW6YTBOI");
	CU_ASSERT_EQUAL(web_base32_decode("MZXW6YTBOI======", d, sizeof d), 6);
	CU_ASSERT(memcmp(d, "foobar", 6) == 0);
	struct gh_buf b;
	gh_buf_init(&b);
	web_totp_uri(&b, "Amina El Idrissi", "GEZDGNBV");
	CU_ASSERT_STRING_EQUAL(b.s, "otpauth://totp/Gatehouse:Amina%20El%20Idrissi?secret="
	    "GEZDGNBV&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30");
	gh_buf_free(&b);
}

static void
test_password_policy(void)
{
	const char *why;
	CU_ASSERT_EQUAL(web_password_acceptable("short", "a", &why), -1);
	CU_ASSERT(gh_contains(why, "12"));
	CU_ASSERT_EQUAL(web_password_acceptable("Motdepasse2024!", "a", &why), -1);
	CU_ASSERT(gh_contains(why, "common"));
	CU_ASSERT_EQUAL(web_password_acceptable("azertyazerty12", "a", &why), -1);
	CU_ASSERT_EQUAL(web_password_acceptable("123456789012345", "a", &why), -1);
	CU_ASSERT_EQUAL(web_password_acceptable("aaaaaaaaaaaaaaaa", "a", &why), -1);
	CU_ASSERT_EQUAL(web_password_acceptable("amina.elidrissi", "Amina.ElIdrissi", &why), -1);
	CU_ASSERT_EQUAL(web_password_acceptable("ليلى تحب القهوة", "x", &why), 0);
	CU_ASSERT_EQUAL(web_password_acceptable("une phrase de passe", "x", &why), 0);
	char h[crypto_pwhash_STRBYTES];
	CU_ASSERT_EQUAL_FATAL(web_password_hash("une phrase de passe", h), 0);
	CU_ASSERT(strncmp(h, "$argon2id$", 10) == 0);
	CU_ASSERT(gh_contains(h, "m=19456") && gh_contains(h, "t=2"));
	CU_ASSERT_EQUAL(web_password_verify(h, "une phrase de passe"), 0);
	CU_ASSERT_EQUAL(web_password_verify(h, "une phrase de passE"), -1);
	CU_ASSERT_EQUAL(web_password_verify("", "x"), -1);
	CU_ASSERT_EQUAL(web_password_verify("$argon2i$v=19$m=1,t=1,p=1$x$y", "x"), -1);
}

static void
test_role_matrix(void)
{
	unsigned g, o, a, u;
	CU_ASSERT_EQUAL(web_roles_parse("guard", &g, NULL), 0);
	CU_ASSERT_EQUAL(web_roles_parse("officer", &o, NULL), 0);
	CU_ASSERT_EQUAL(web_roles_parse("admin", &a, NULL), 0);
	CU_ASSERT_EQUAL(web_roles_parse("auditor", &u, NULL), 0);
	/* The rules, every role x every action. */
	for (int act = 0; act < WEB_ACT_COUNT; act++) {
		int writes = act != WEB_ACT_READ && act != WEB_ACT_EVENTS_READ &&
		    act != WEB_ACT_EXPORT && act != WEB_ACT_AUDIT_READ;
		/* Auditors read and export, and change nothing. */
		CU_ASSERT_EQUAL(web_allowed(u, act), !writes);
		/* Admins manage operators only: no grants, no journal, no doors. */
		CU_ASSERT_EQUAL(web_allowed(a, act), act == WEB_ACT_OPERATOR_MANAGE ||
		    act == WEB_ACT_READ || act == WEB_ACT_AUDIT_READ);
		/* Officers do everything but manage operators. */
		CU_ASSERT_EQUAL(web_allowed(o, act), act != WEB_ACT_OPERATOR_MANAGE);
	}
	/* Guards: people, visitors, badges, alarms; never grants, site, doors, modes. */
	CU_ASSERT(web_allowed(g, WEB_ACT_PERSON_WRITE) && web_allowed(g, WEB_ACT_BADGE_ENROLL) &&
	    web_allowed(g, WEB_ACT_ALARM_ACK) && web_allowed(g, WEB_ACT_EVENTS_READ));
	CU_ASSERT(!web_allowed(g, WEB_ACT_GRANT_ACCESS) && !web_allowed(g, WEB_ACT_SITE_WRITE) &&
	    !web_allowed(g, WEB_ACT_DOOR_UNLOCK) && !web_allowed(g, WEB_ACT_MODE_CHANGE) &&
	    !web_allowed(g, WEB_ACT_REVIEW_SIGN) && !web_allowed(g, WEB_ACT_OPERATOR_MANAGE) &&
	    !web_allowed(g, WEB_ACT_EXPORT));
	CU_ASSERT(!web_allowed(g | u, WEB_ACT_GRANT_ACCESS));
	CU_ASSERT(!web_allowed(0, WEB_ACT_READ));
	CU_ASSERT(!web_allowed(o, WEB_ACT_COUNT) && !web_allowed(o, (enum web_action)-1));
	/* Parsing. */
	unsigned r;
	const char *why;
	CU_ASSERT_EQUAL(web_roles_parse("guard,auditor", &r, NULL), 0);
	CU_ASSERT_EQUAL(r, g | u);
	static const char *const bad[] = { "", "guard,", "guard,guard", "root", "guard,,officer",
		"Guard" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT_EQUAL(web_roles_parse(bad[i], &r, &why), -1);
	/* Incompatible pairs: the defaults, and a site's own list. */
	CU_ASSERT_EQUAL(web_roles_compatible(a | o, NULL, &why), -1);
	CU_ASSERT_EQUAL(web_roles_compatible(o | u, NULL, &why), -1);
	CU_ASSERT_EQUAL(web_roles_compatible(a | u, NULL, &why), -1);
	CU_ASSERT_EQUAL(web_roles_compatible(g | o, NULL, &why), 0);
	CU_ASSERT_EQUAL(web_roles_compatible(g | u, NULL, &why), 0);
	CU_ASSERT_EQUAL(web_roles_compatible(g | o, "guard+officer", &why), -1);
	CU_ASSERT_EQUAL(web_roles_compatible(a | o, "guard+officer", &why), 0);
	CU_ASSERT_EQUAL(web_roles_compatible(g, "guard+", &why), -1);
	CU_ASSERT(gh_contains(why, "setting"));
}

static void
test_declared_validators(void)
{
	static const struct web_field fields[] = {
		{ "ref", WF_REF, 1, 0, 0, NULL },
		{ "kind", WF_ENUM, 1, 0, 0, "staff|contractor|visitor" },
		{ "name", WF_NAME, 0, 0, 0, NULL },
		{ "id", WF_INT, 0, 1, 100, NULL },
		{ "comment", WF_LINE, 0, 0, 10, NULL },
	};
	struct web_form f;
	char err[200];
	static const struct { const char *body, *why; } cases[] = {
		{ "ref=V-1&kind=visitor&name=%D9%84%D9%8A%D9%84%D9%89", NULL },
		{ "kind=visitor", "field 'ref' is required" },
		{ "ref=V-1&kind=boss", "field 'kind'" },
		{ "ref=V-1&kind=staff&admin=1", "unexpected field 'admin'" },
		{ "ref=V-1&kind=staff&ref=V-2", "given twice" },
		{ "ref=V%201&kind=staff", "field 'ref'" },
		{ "ref=V-1&kind=staff&id=101", "field 'id'" },
		{ "ref=V-1&kind=staff&id=1e2", "field 'id'" },
		{ "ref=V-1&kind=staff&comment=two%0Alines", "one line" },
		{ "ref=V-1&kind=staff&comment=far+too+long+text", "too long" },
		{ "ref=V-1&kind=staff&name=", "field 'name'" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CU_ASSERT_EQUAL_FATAL(web_form_parse(cases[i].body, strlen(cases[i].body), &f, err,
		    sizeof err), 0);
		int rc = web_validate(fields, sizeof fields / sizeof fields[0], &f, err, sizeof err);
		if (cases[i].why == NULL) {
			CU_ASSERT_EQUAL(rc, 0);
		} else {
			CU_ASSERT_EQUAL(rc, -1);
			CU_ASSERT(gh_contains(err, cases[i].why));
			if (!gh_contains(err, cases[i].why))
				fprintf(stderr, "\n%s: %s\n", cases[i].body, err);
		}
	}
}

GH_SUITE("web", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_escaping_by_context);
	GH_TEST(s, test_form_parser);
	GH_TEST(s, test_totp_rfc6238_vectors);
	GH_TEST(s, test_password_policy);
	GH_TEST(s, test_role_matrix);
	GH_TEST(s, test_declared_validators);
}
