/* The site's DESFire master keys (secure badges): created by init from the random
 * source, 0600, never printed; rotation adds a version and keeps the old ones; a
 * damaged file is refused with its line, never half-loaded. */
#include "tests/testutil.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "controller/sitekeys.h"

static struct gh_run r;

static void
test_init_creates_a_private_random_key(void)
{
	const char *d = gh_tmppath("keys-site");
	mkdir(d, 0700);
	CU_ASSERT_EQUAL_FATAL(gh_cli(&r, d, NULL, "init", "--site", "K", NULL), 0);
	char path[600], err[300];
	snprintf(path, sizeof path, "%s/keys/desfire.keys", d);
	struct stat st;
	CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
	struct gh_sitekeys k, k2;
	CU_ASSERT_EQUAL_FATAL(gh_sitekeys_load(path, &k, err, sizeof err), 0);
	CU_ASSERT_EQUAL(k.n, 1);
	CU_ASSERT_EQUAL(k.k[0].version, 1);
	static const uint8_t zero[GH_SITEKEY_LEN];
	CU_ASSERT(memcmp(k.k[0].key, zero, GH_SITEKEY_LEN) != 0);
	/* Another site gets other keys. */
	const char *d2 = gh_tmppath("keys-site2");
	mkdir(d2, 0700);
	CU_ASSERT_EQUAL_FATAL(gh_cli(&r, d2, NULL, "init", "--site", "K2", NULL), 0);
	char path2[600];
	snprintf(path2, sizeof path2, "%s/keys/desfire.keys", d2);
	CU_ASSERT_EQUAL_FATAL(gh_sitekeys_load(path2, &k2, err, sizeof err), 0);
	CU_ASSERT(memcmp(k.k[0].key, k2.k[0].key, GH_SITEKEY_LEN) != 0);
	CU_ASSERT(memcmp(k.site_id, k2.site_id, GH_SITEKEY_LEN) != 0);

	/* Rotation: a new version, the old one kept, the key never printed. */
	CU_ASSERT_EQUAL(gh_cli(&r, d, NULL, "key", "rotate", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "version 2"));
	struct gh_sitekeys k3;
	CU_ASSERT_EQUAL_FATAL(gh_sitekeys_load(path, &k3, err, sizeof err), 0);
	CU_ASSERT_EQUAL(k3.n, 2);
	CU_ASSERT(memcmp(gh_sitekeys_get(&k3, 1), k.k[0].key, GH_SITEKEY_LEN) == 0);
	CU_ASSERT_PTR_NOT_NULL(gh_sitekeys_get(&k3, 2));
	CU_ASSERT_PTR_NULL(gh_sitekeys_get(&k3, 3));
	char h[2 * GH_SITEKEY_LEN + 1];
	for (int v = 1; v <= 2; v++) {
		const uint8_t *key = gh_sitekeys_get(&k3, v);
		for (int i = 0; i < GH_SITEKEY_LEN; i++)
			sprintf(h + 2 * i, "%02x", key[i]);
		CU_ASSERT(!gh_contains(r.out, h) && !gh_contains(r.err, h));
	}
	CU_ASSERT_EQUAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
	/* The rotation is in the audit trail, without the key. */
	CU_ASSERT_EQUAL(gh_cli(&r, d, NULL, "audit", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "key.rotate"));
	CU_ASSERT(!gh_contains(r.out, h));
	/* init never overwrites a site's keys. */
	char err2[300];
	CU_ASSERT_EQUAL(gh_sitekeys_create(path, err2, sizeof err2), -1);
	CU_ASSERT(gh_contains(err2, "exists"));
	gh_sitekeys_wipe(&k);
	gh_sitekeys_wipe(&k2);
	gh_sitekeys_wipe(&k3);
}

static void
test_damaged_or_exposed_files_are_refused(void)
{
	char err[300];
	struct gh_sitekeys k;
	static const struct { const char *text, *why; } bad[] = {
		{ "hello\n", ":1: not a Gatehouse" },
		{ "gatehouse-site-keys 1\nsite-id 00\nkey 1 00112233445566778899aabbccddeeff\n",
		  ":2: bad site id" },
		{ "gatehouse-site-keys 1\nsite-id 00112233445566778899aabbccddeeff\n",
		  "no site id or no key" },
		{ "gatehouse-site-keys 1\nsite-id 00112233445566778899aabbccddeeff\n"
		  "key 2 00112233445566778899aabbccddeeff\nkey 1 00112233445566778899aabbccddeeff\n",
		  ":4: bad key line" },
		{ "gatehouse-site-keys 1\nsite-id 00112233445566778899aabbccddeeff\n"
		  "key 1 0011223344556677889\n", ":3: bad key line" },
		{ "gatehouse-site-keys 1\nsite-id 00112233445566778899aabbccddeeff\nextra\n",
		  ":3: unexpected line" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *p = gh_tmppath("bad-keys-%zu", i);
		gh_write_file(p, bad[i].text);
		chmod(p, 0600);
		CU_ASSERT_EQUAL(gh_sitekeys_load(p, &k, err, sizeof err), -1);
		CU_ASSERT(gh_contains(err, bad[i].why));
		if (!gh_contains(err, bad[i].why))
			fprintf(stderr, "\n%s: got %s\n", bad[i].why, err);
	}
	const char *p = gh_tmppath("exposed-keys");
	gh_write_file(p, "gatehouse-site-keys 1\nsite-id 00112233445566778899aabbccddeeff\n"
	    "key 1 00112233445566778899aabbccddeeff\n");
	chmod(p, 0644);
	CU_ASSERT_EQUAL(gh_sitekeys_load(p, &k, err, sizeof err), -1);
	CU_ASSERT(gh_contains(err, "0600"));
	chmod(p, 0600);
	CU_ASSERT_EQUAL(gh_sitekeys_load(p, &k, err, sizeof err), 0);
	CU_ASSERT_EQUAL(k.k[0].key[15], 0xff);
}

GH_SUITE("sitekeys", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_init_creates_a_private_random_key);
	GH_TEST(s, test_damaged_or_exposed_files_are_refused);
}
