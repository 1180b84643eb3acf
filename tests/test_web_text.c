/* A textarea's field (WF_TEXT), as the site editor's sign texts and schedule windows
 * and the emergency protocol (R-SIGN, R-EMERGENCY) send it: several lines ending in
 * CR LF or LF, tabs, any UTF-8 text; never another control character, invalid UTF-8 or
 * more than the declared bytes. */
#include "tests/testutil.h"

#include <stdio.h>
#include <string.h>

#include "webui/form.h"
#include "webui/validate.h"

static void
test_textarea_field(void)
{
	static const struct web_field fields[] = {
		{ "text", WF_TEXT, 1, 0, 40, NULL },
	};
	static const struct { const char *body, *why; } cases[] = {
		{ "text=1.+%C3%89vacuer%0D%0A2.+Appeler%0D%0A", NULL },
		{ "text=mon-fri+08%3A00-18%3A00%0Asat+09%3A00-12%3A00", NULL },
		{ "text=%D9%85%D9%86%D8%B7%D9%82%D8%A9%09tab", NULL },
		{ "text=", NULL },
		{ "text=bell%07", "control characters" },
		{ "text=escape%1B%5B31m", "control characters" },
		{ "text=del%7F", "control characters" },
		{ "text=c1%C2%85next-line", "control characters" },
		{ "text=line%E2%80%A8separator", "control characters" },
		{ "text=bad%C3", "UTF-8" },
		{ "text=far+too+long+for+forty+bytes+of+text+here", "too long" },
		{ "", "field 'text' is required" },
		{ "text=x&other=1", "unexpected field 'other'" },
	};
	struct web_form f;
	char err[200];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		err[0] = '\0';
		int parsed = web_form_parse(cases[i].body, strlen(cases[i].body), &f, err,
		    sizeof err);
		if (parsed != 0) {
			/* The form parser itself refuses invalid UTF-8. */
			CU_ASSERT_PTR_NOT_NULL(cases[i].why);
			continue;
		}
		int rc = web_validate(fields, 1, &f, err, sizeof err);
		if (cases[i].why == NULL) {
			CU_ASSERT_EQUAL(rc, 0);
			if (rc != 0)
				fprintf(stderr, "\n%s: %s\n", cases[i].body, err);
		} else {
			CU_ASSERT_EQUAL(rc, -1);
			CU_ASSERT(strstr(err, cases[i].why) != NULL);
			if (strstr(err, cases[i].why) == NULL)
				fprintf(stderr, "\n%s: %s\n", cases[i].body, err);
		}
	}
}

GH_SUITE("web-text", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_textarea_field);
}
