/* Test helpers shared by the CUnit suites. */
#ifndef GH_TESTUTIL_H
#define GH_TESTUTIL_H

#include <CUnit/CUnit.h>
#include <stddef.h>

/* Each suite file registers itself with GH_SUITE(name, init, cleanup) and adds its
 * tests in a function `static void add_tests(CU_pSuite s)`. */
typedef void (*gh_suite_add_fn)(CU_pSuite);
void gh_register_suite(const char *name, gh_suite_add_fn add, CU_InitializeFunc init,
    CU_CleanupFunc cleanup);

#define GH_SUITE(name, init, cleanup)                                       \
	static void add_tests(CU_pSuite);                                   \
	__attribute__((constructor)) static void register_suite_(void)      \
	{                                                                   \
		gh_register_suite(name, add_tests, init, cleanup);          \
	}

#define GH_TEST(suite, fn) CU_add_test((suite), #fn, (fn))

/* A fresh temporary directory for the running test; removed at exit of the runner. */
const char *gh_tmpdir(void);
/* Path inside that directory, formatted into a static rotating buffer. */
const char *gh_tmppath(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Path of a built program (bin/NAME under the build directory). */
const char *gh_bin(const char *name);

/* Result of running a program. */
struct gh_run {
	int status;	/* exit status, or 128+signal */
	char out[65536];
	char err[16384];
};

/* Run argv (argv[0] is looked up with gh_bin when it has no slash), feeding `input`
 * (may be NULL) on standard input. Returns the exit status. */
int gh_runv(struct gh_run *r, const char *input, const char *const argv[]);
/* Convenience: gatehouse with --db/--journal of the given site directory prepended. */
int gh_cli(struct gh_run *r, const char *site_dir, const char *input, ...)
    __attribute__((sentinel));

/* Write a file from a string. */
void gh_write_file(const char *path, const char *content);
/* Read a whole file; 0 or -1. */
int gh_read_file_test(const char *path, char **out, size_t *len);
/* Does haystack contain needle? */
int gh_contains(const char *haystack, const char *needle);

#endif
