/* One runner for every CUnit suite: suites register themselves (GH_SUITE).
 * Usage: unit-tests [SUITE...]  runs the named suites, or all. */
#include "tests/testutil.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SUITES 128

static struct {
	const char *name;
	gh_suite_add_fn add;
	CU_InitializeFunc init;
	CU_CleanupFunc cleanup;
} suites[MAX_SUITES];
static int nsuites;

void
gh_register_suite(const char *name, gh_suite_add_fn add, CU_InitializeFunc init,
    CU_CleanupFunc cleanup)
{
	if (nsuites == MAX_SUITES) {
		fprintf(stderr, "too many suites\n");
		abort();
	}
	suites[nsuites].name = name;
	suites[nsuites].add = add;
	suites[nsuites].init = init;
	suites[nsuites].cleanup = cleanup;
	nsuites++;
}

static int
wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 3;
	for (int i = 0; i < nsuites; i++) {
		if (!wanted(suites[i].name, argc, argv))
			continue;
		CU_pSuite s = CU_add_suite(suites[i].name, suites[i].init, suites[i].cleanup);
		if (s == NULL)
			return 3;
		suites[i].add(s);
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_suites_failed() +
	    CU_get_number_of_tests_failed();
	unsigned run = CU_get_number_of_tests_run();
	unsigned tfailed = CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	printf("\nunit-tests: %u passed, %u failed\n", run - tfailed, tfailed);
	return failed ? 1 : 0;
}
