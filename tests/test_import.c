/* gatehouse import people: RFC 4180, UTF-8, all or nothing, every bad row named by its
 * physical line (VOCABULARY.md). */
#include "tests/testutil.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static struct gh_run r;

static const char *
new_site(void)
{
	static int n;
	const char *d = gh_tmppath("import-site-%d", n++);
	mkdir(d, 0700);
	CU_ASSERT_EQUAL_FATAL(gh_cli(&r, d, NULL, "init", "--timezone", "Africa/Casablanca",
	    NULL), 0);
	return d;
}

static const char *
fixture(const char *name)
{
	static char path[1024];
	snprintf(path, sizeof path, "%s/tests/fixtures/%s", GH_SOURCE_DIR, name);
	return path;
}

static void
test_import_good(void)
{
	const char *site = new_site();
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "import", "people", fixture("people-good.csv"),
	    NULL), 0);
	CU_ASSERT(gh_contains(r.out, "imported 5 people"));
	gh_cli(&r, site, NULL, "person", "list", "--format", "json", NULL);
	CU_ASSERT(gh_contains(r.out, "\"name\":\"El Idrissi, Amina\""));
	CU_ASSERT(gh_contains(r.out, "\"name\":\"Jean \\\"Jeannot\\\" Dupont\""));
	CU_ASSERT(gh_contains(r.out, "\"org\":\"Société Générale\""));
	CU_ASSERT(gh_contains(r.out, "\"name\":\"يوسف بنعلي\""));
	CU_ASSERT(gh_contains(r.out, "\"valid_until\":\"2026-12-31\""));
	CU_ASSERT(gh_contains(r.out, "\"name\":\"Élodie Brûlé\""));
	gh_cli(&r, site, NULL, "badge", "list", "--format", "csv", NULL);
	CU_ASSERT(gh_contains(r.out, "04A1B2C3,uid,04A1B2C3,E-100"));
	CU_ASSERT(gh_contains(r.out, "0411223344556F,uid,0411223344556F,E-101"));
	/* Importing the same file again updates, adds nothing twice. */
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "import", "people", fixture("people-good.csv"),
	    NULL), 0);
	gh_cli(&r, site, NULL, "badge", "list", "--format", "csv", NULL);
	const char *first = strstr(r.out, "04A1B2C3,");
	CU_ASSERT_PTR_NOT_NULL_FATAL(first);
	CU_ASSERT(strstr(first + 1, "04A1B2C3,uid") == NULL);
}

static void
test_import_multiline_record_line_numbers(void)
{
	/* A record spanning lines is named by its first line; later lines keep their
	 * physical numbers.  (A name may not hold a newline: those rows are bad too.) */
	const char *site = new_site();
	const char *path = gh_tmppath("multi.csv");
	gh_write_file(path,
	    "ref,name,kind\n"
	    "A1,\"Two\nlines\",staff\n"
	    "A2,\"Three\n\nlines\",staff\n"
	    "A3,Bad,alien\n");
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "import", "people", path, NULL), 2);
	char want[1100];
	static const int bad[] = { 2, 4, 7 }, never[] = { 3, 5, 6 };
	for (int i = 0; i < 3; i++) {
		snprintf(want, sizeof want, "%s:%d: ", path, bad[i]);
		CU_ASSERT(gh_contains(r.err, want));
	}
	for (int i = 0; i < 3; i++) {
		snprintf(want, sizeof want, "%s:%d: ", path, never[i]);
		CU_ASSERT(!gh_contains(r.err, want));
	}
	CU_ASSERT(gh_contains(r.err, "control characters"));
}

static void
test_import_bad_rows_all_or_nothing(void)
{
	const char *site = new_site();
	int rc = gh_cli(&r, site, NULL, "import", "people", fixture("people-bad.csv"), NULL);
	CU_ASSERT_EQUAL(rc, 2);
	/* Every bad row, by physical line; the good ones are not blamed. */
	static const int bad[] = { 3, 4, 5, 6, 7, 8, 9, 10, 12, 13 };
	static const int good[] = { 2, 11 };
	char want[1100];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(want, sizeof want, "people-bad.csv:%d: ", bad[i]);
		CU_ASSERT(gh_contains(r.err, want));
		if (!gh_contains(r.err, want))
			fprintf(stderr, "missing %s in:\n%s\n", want, r.err);
	}
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		snprintf(want, sizeof want, "people-bad.csv:%d: ", good[i]);
		CU_ASSERT(!gh_contains(r.err, want));
	}
	CU_ASSERT(gh_contains(r.err, "nothing imported"));
	/* Nothing changed: no people, no badges, no audit records of people. */
	gh_cli(&r, site, NULL, "person", "list", "--format", "csv", NULL);
	CU_ASSERT_STRING_EQUAL(r.out,
	    "ref,name,kind,org,vetted,can_escort,lockdown_ok,valid_from,valid_until,status,"
	    "badges\r\n");
	gh_cli(&r, site, NULL, "audit", NULL);
	CU_ASSERT(!gh_contains(r.out, "person.add"));
}

static void
test_import_bad_files(void)
{
	const char *site = new_site();
	const char *path = gh_tmppath("noheader.csv");
	gh_write_file(path, "E-1,Name,staff\n");
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "import", "people", path, NULL), 2);
	CU_ASSERT(gh_contains(r.err, ":1: "));
	gh_write_file(path, "");
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "import", "people", path, NULL), 2);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "import", "people",
	    gh_tmppath("missing.csv"), NULL), 2);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "import", "staff", path, NULL), 2);
}

GH_SUITE("import", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_import_good);
	GH_TEST(s, test_import_multiline_record_line_numbers);
	GH_TEST(s, test_import_bad_rows_all_or_nothing);
	GH_TEST(s, test_import_bad_files);
}
