/* The journal (R-TRACE, R-TAMPER, R-EXPORT): hash chain, signed checkpoints, append
 * only, and `gatehouse verify` catching an edited row and a chain rebuilt with another
 * key. */
#include "tests/testutil.h"

#include <gnutls/crypto.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "controller/auditcopy.h"
#include "controller/timeutil.h"
#include "db/journal.h"

static struct gh_run r;
static const int64_t T0 = 1795000000LL * 1000000;	/* 2026-11-18 */

static const char *
new_site(void)
{
	static int n;
	const char *d = gh_tmppath("journal-site-%d", n++);
	mkdir(d, 0700);
	CU_ASSERT_EQUAL_FATAL(gh_cli(&r, d, NULL, "init", NULL), 0);
	return d;
}

static struct gh_journal *
open_site_journal(const char *site)
{
	char path[600], err[600];
	struct gh_journal *j = NULL;
	snprintf(path, sizeof path, "%s/journal.db", site);
	CU_ASSERT_EQUAL(gh_journal_open(&j, path, 0, err, sizeof err), GH_OK);
	return j;
}

static void
site_key(const char *site, uint8_t sk[GH_SIGN_SK_LEN])
{
	char path[600], err[600];
	snprintf(path, sizeof path, "%s/keys/journal-signing.key", site);
	CU_ASSERT_EQUAL_FATAL(gh_signkey_load_secret(path, sk, err, sizeof err), GH_OK);
}

static void
append_sample(struct gh_journal *j, int64_t t)
{
	struct gh_event ev[3] = {
		{ .ts_us = t, .kind = "access", .door = "Salle serveurs", .zone = "Salle serveurs",
		  .reader = "r-serveurs-in", .credential = "04A1B2C3", .person = "E-1001",
		  .decision = "granted", .reason = "granted" },
		{ .ts_us = t + 1500000, .kind = "access", .door = "Salle serveurs",
		  .zone = "Salle serveurs", .reader = "r-serveurs-in", .credential = "0471A2B3C4D5E6",
		  .person = "V-3001", .escort = "E-1001", .decision = "granted",
		  .reason = "granted", .details = "{\"flags\":\"escorted\",\"a\":1}" },
		{ .ts_us = t + 2000000, .kind = "access", .door = "Accès bureaux", .zone = "Bureaux",
		  .reader = "r-bureaux-in", .credential = "DEADBEEF", .decision = "refused",
		  .reason = "unknown-badge" },
	};
	int64_t first = 0;
	CU_ASSERT_EQUAL(gh_journal_append(j, ev, 3, &first), GH_OK);
	CU_ASSERT(first > 0);
}

static void
test_canonical_form_and_chain(void)
{
	/* The vocabulary's canonical JSON, checked byte for byte, and the chain hash
	 * recomputed with another library (GnuTLS) than the one that wrote it. */
	struct gh_event ev = { .ts_us = T0 + 42, .kind = "access", .door = "D1",
		.zone = "Z\"1", .credential = "04A1B2C3", .person = "E-1", .decision = "granted",
		.reason = "granted", .details = "{\"a\":true,\"b\":\"x\"}" };
	struct gh_buf b;
	gh_buf_init(&b);
	gh_event_canonical(7, &ev, &b);
	CU_ASSERT_STRING_EQUAL(b.s,
	    "{\"credential\":\"04A1B2C3\",\"decision\":\"granted\",\"details\":{\"a\":true,"
	    "\"b\":\"x\"},\"door\":\"D1\",\"kind\":\"access\",\"person\":\"E-1\","
	    "\"reason\":\"granted\",\"seq\":7,\"time\":\"2026-11-18T11:06:40.000042Z\","
	    "\"zone\":\"Z\\\"1\"}");
	gh_buf_free(&b);

	const char *site = new_site();
	struct gh_journal *j = open_site_journal(site);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	struct gh_event one = { .ts_us = T0, .kind = "door-opened", .door = "D1" };
	CU_ASSERT_EQUAL(gh_journal_append(j, &one, 1, NULL), GH_OK);
	int64_t seq;
	uint8_t head[32], want[32], zero[32] = { 0 };
	gh_journal_head(j, &seq, head);
	CU_ASSERT_EQUAL(seq, 1);
	gh_buf_init(&b);
	gh_event_canonical(1, &one, &b);
	CU_ASSERT_STRING_EQUAL(b.s, "{\"door\":\"D1\",\"kind\":\"door-opened\",\"seq\":1,"
	    "\"time\":\"2026-11-18T11:06:40.000000Z\"}");
	gnutls_hash_hd_t h;
	gnutls_hash_init(&h, GNUTLS_DIG_SHA256);
	gnutls_hash(h, zero, 32);
	gnutls_hash(h, b.s, b.len);
	gnutls_hash_deinit(h, want);
	CU_ASSERT_EQUAL(memcmp(head, want, 32), 0);
	gh_buf_free(&b);
	gh_journal_close(j);
}

static void
test_verify_ok_and_group_commit(void)
{
	const char *site = new_site();
	uint8_t sk[GH_SIGN_SK_LEN];
	site_key(site, sk);
	struct gh_journal *j = open_site_journal(site);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	append_sample(j, T0);
	CU_ASSERT_EQUAL(gh_journal_checkpoint(j, sk, T0 + 3000000), GH_OK);
	/* 100 events in one transaction: consecutive seqs. */
	struct gh_event many[100];
	for (int i = 0; i < 100; i++)
		many[i] = (struct gh_event){ .ts_us = T0 + 4000000 + i, .kind = "door-closed",
			.door = "D1" };
	int64_t first;
	CU_ASSERT_EQUAL(gh_journal_append(j, many, 100, &first), GH_OK);
	CU_ASSERT_EQUAL(first, 5);
	CU_ASSERT_EQUAL(gh_journal_checkpoint(j, sk, T0 + 5000000), GH_OK);
	gh_journal_close(j);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "verify", NULL), 0);
	CU_ASSERT_STRING_EQUAL(r.out, "ok 103 events, 2 checkpoints\n");
	/* With the public key an auditor kept. */
	char pub[600];
	snprintf(pub, sizeof pub, "%s/keys/journal-signing.pub", site);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "verify", "--public-key", pub, NULL), 0);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "key", "show-public", NULL), 0);
	CU_ASSERT_EQUAL(strlen(r.out), 65);
	sodium_memzero(sk, sizeof sk);
}

static void
test_bad_events_write_nothing(void)
{
	const char *site = new_site();
	struct gh_journal *j = open_site_journal(site);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	struct gh_event ev[2] = {
		{ .ts_us = T0, .kind = "access", .decision = "granted" },
		{ .ts_us = T0, .kind = "access", .decision = "maybe" },
	};
	CU_ASSERT_EQUAL(gh_journal_append(j, ev, 2, NULL), GH_EINPUT);
	ev[1].decision = "refused";
	ev[1].details = "[1,2]";
	CU_ASSERT_EQUAL(gh_journal_append(j, ev, 2, NULL), GH_EINPUT);
	ev[1].details = "{\"nested\":{\"x\":1}}";
	CU_ASSERT_EQUAL(gh_journal_append(j, ev, 2, NULL), GH_EINPUT);
	ev[1].details = NULL;
	ev[1].kind = NULL;
	CU_ASSERT_EQUAL(gh_journal_append(j, ev, 2, NULL), GH_EINPUT);
	int64_t seq;
	uint8_t head[32];
	gh_journal_head(j, &seq, head);
	CU_ASSERT_EQUAL(seq, 0);
	gh_journal_close(j);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "events", "--format", "csv", NULL), 0);
	CU_ASSERT_STRING_EQUAL(r.out, "seq,time,kind,door,zone,reader,credential,person,escort,"
	    "decision,reason,operator,details\r\n");
}

static int
sql(const char *site, const char *text)
{
	char path[600];
	sqlite3 *h;
	snprintf(path, sizeof path, "%s/journal.db", site);
	if (sqlite3_open(path, &h) != SQLITE_OK)
		return -1;
	int rc = sqlite3_exec(h, text, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

static void
test_append_only_triggers(void)
{
	const char *site = new_site();
	struct gh_journal *j = open_site_journal(site);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	append_sample(j, T0);
	gh_journal_close(j);
	CU_ASSERT_NOT_EQUAL(sql(site, "UPDATE event SET reason = 'granted' WHERE seq = 3"),
	    SQLITE_OK);
	CU_ASSERT_NOT_EQUAL(sql(site, "DELETE FROM event WHERE seq = 3"), SQLITE_OK);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "events", "--format", "json", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "\"reason\":\"unknown-badge\""));
}

static void
test_edited_row_caught(void)
{
	/* R-TAMPER: an attacker drops the triggers and turns a refusal into a grant. */
	const char *site = new_site();
	uint8_t sk[GH_SIGN_SK_LEN];
	site_key(site, sk);
	struct gh_journal *j = open_site_journal(site);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	append_sample(j, T0);
	CU_ASSERT_EQUAL(gh_journal_checkpoint(j, sk, T0 + 3000000), GH_OK);
	gh_journal_close(j);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "verify", NULL), 0);
	CU_ASSERT_EQUAL(sql(site, "DROP TRIGGER event_no_update; "
	    "UPDATE event SET decision = 'granted', reason = 'granted' WHERE seq = 3"),
	    SQLITE_OK);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "verify", NULL), 1);
	CU_ASSERT(gh_contains(r.out, "row 3 does not match its hash"));
	/* Deleting a row in the middle is caught too. */
	const char *site2 = new_site();
	j = open_site_journal(site2);
	append_sample(j, T0);
	gh_journal_close(j);
	CU_ASSERT_EQUAL(sql(site2, "DROP TRIGGER event_no_delete; DELETE FROM event WHERE seq = 2"),
	    SQLITE_OK);
	CU_ASSERT_EQUAL(gh_cli(&r, site2, NULL, "verify", NULL), 1);
	CU_ASSERT(gh_contains(r.out, "rows are missing"));
	sodium_memzero(sk, sizeof sk);
}

static void
test_rebuilt_chain_with_forged_key_caught(void)
{
	/* R-TAMPER: the whole chain rewritten, hashes and checkpoints recomputed with a key
	 * the attacker made: the site's public key does not verify it. */
	const char *site = new_site();
	const char *forger = new_site();	/* a site whose key is not ours */
	uint8_t fsk[GH_SIGN_SK_LEN];
	site_key(forger, fsk);
	struct gh_journal *j = open_site_journal(forger);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	append_sample(j, T0);
	CU_ASSERT_EQUAL(gh_journal_checkpoint(j, fsk, T0 + 3000000), GH_OK);
	gh_journal_close(j);
	char from[600], to[600], cmd[1400];
	snprintf(from, sizeof from, "%s/journal.db", forger);
	snprintf(to, sizeof to, "%s/journal.db", site);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
	CU_ASSERT_EQUAL(system(cmd), 0);
	CU_ASSERT_EQUAL(gh_cli(&r, forger, NULL, "verify", NULL), 0);	/* its own key */
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "verify", NULL), 1);
	CU_ASSERT(gh_contains(r.out, "signature does not verify"));
	/* Rebuilt without any checkpoint: a long unsigned stretch is refused. */
	const char *site3 = new_site();
	j = open_site_journal(site3);
	append_sample(j, T0);
	append_sample(j, T0 + 600000000LL);	/* ten minutes later, still unsigned */
	gh_journal_close(j);
	CU_ASSERT_EQUAL(gh_cli(&r, site3, NULL, "verify", NULL), 1);
	CU_ASSERT(gh_contains(r.out, "checkpoints are missing"));
	sodium_memzero(fsk, sizeof fsk);
}

static void
test_events_listing(void)
{
	/* R-EXPORT: text, CSV (formula cells neutralised) and JSON, with filters. */
	const char *site = new_site();
	struct gh_journal *j = open_site_journal(site);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	append_sample(j, T0);
	struct gh_event evil = { .ts_us = T0 + 86400000000LL * 3, .kind = "access",
		.door = "=HYPERLINK(\"x\")", .decision = "refused", .reason = "unknown-badge" };
	CU_ASSERT_EQUAL(gh_journal_append(j, &evil, 1, NULL), GH_OK);
	gh_journal_close(j);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "events", "--person", "E-1001", "--format",
	    "json", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "\"person\":\"V-3001\""));	/* as escort */
	CU_ASSERT(!gh_contains(r.out, "DEADBEEF"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "events", "--door", "Accès bureaux", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "unknown-badge"));
	CU_ASSERT(!gh_contains(r.out, "E-1001"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "events", "--since", "2026-11-20", "--format",
	    "csv", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "\"'=HYPERLINK"));
	CU_ASSERT(!gh_contains(r.out, "E-1001"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "events", "--until", "2026-11-19", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "E-1001"));
	CU_ASSERT(!gh_contains(r.out, "HYPERLINK"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "events", "--since", "19-11-2026", NULL), 2);
}

static int64_t
days_ago(int d)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec - (int64_t)d * 86400) * 1000000;
}

static void
test_purge_keeps_younger_rows(void)
{
	/* R-RETENTION: rows past their retention are exported, then deleted; never a
	 * younger one; the chain still verifies from the new anchor. */
	const char *site = new_site();
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "set", "retention-days", "92", NULL), 0);
	uint8_t sk[GH_SIGN_SK_LEN];
	site_key(site, sk);
	struct gh_journal *j = open_site_journal(site);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	struct gh_event ev[5] = {
		{ .ts_us = days_ago(400), .kind = "access", .door = "D1", .person = "E-1",
		  .decision = "granted", .reason = "granted" },
		{ .ts_us = days_ago(399), .kind = "door-opened", .door = "D1" },
		{ .ts_us = days_ago(300), .kind = "alarm-raised", .door = "D1",
		  .details = "{\"alarm\":\"door-forced\"}" },
		{ .ts_us = days_ago(200), .kind = "access", .door = "D1", .person = "E-2",
		  .decision = "refused", .reason = "no-access" },
		{ .ts_us = days_ago(10), .kind = "access", .door = "D1", .person = "E-3",
		  .decision = "granted", .reason = "granted" },
	};
	CU_ASSERT_EQUAL(gh_journal_append(j, ev, 5, NULL), GH_OK);
	CU_ASSERT_EQUAL(gh_journal_checkpoint(j, sk, days_ago(0)), GH_OK);
	gh_journal_close(j);

	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "purge", "--dry-run", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "would export and delete 2 rows (seq 1 to 2)"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "events", "--format", "csv", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "E-1"));

	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "purge", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "exported and deleted 2 rows (seq 1 to 2)"));
	/* The alarm (security, 365 days) stays, and so does the 200-day access row behind
	 * it: kept longer, never shorter. */
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "events", "--format", "csv", NULL), 0);
	CU_ASSERT(!gh_contains(r.out, "E-1,"));
	CU_ASSERT(gh_contains(r.out, "door-forced"));
	CU_ASSERT(gh_contains(r.out, "E-2"));
	CU_ASSERT(gh_contains(r.out, ",purge,"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "verify", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "ok "));

	/* The export holds the rows with their hashes, and its sha256 file matches. */
	char path[700];
	time_t t = (time_t)(days_ago(400) / 1000000);
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(path, sizeof path, "%s/exports/journal-%04d-%02d.jsonl", site,
	    tm.tm_year + 1900, tm.tm_mon + 1);
	char *data = NULL, *side = NULL;
	size_t len = 0, slen = 0;
	CU_ASSERT_EQUAL_FATAL(gh_read_file_test(path, &data, &len), 0);
	CU_ASSERT(gh_contains(data, "\"person\":\"E-1\""));
	CU_ASSERT(gh_contains(data, "{\"hash\":\""));
	uint8_t digest[32];
	char hx[65];
	crypto_hash_sha256(digest, (const unsigned char *)data, len);
	sodium_bin2hex(hx, sizeof hx, digest, sizeof digest);
	char sidepath[800];
	snprintf(sidepath, sizeof sidepath, "%s.sha256", path);
	CU_ASSERT_EQUAL_FATAL(gh_read_file_test(sidepath, &side, &slen), 0);
	CU_ASSERT_NSTRING_EQUAL(side, hx, 64);
	free(data);
	free(side);

	/* Moving the anchor by hand (to hide a deletion) is caught. */
	CU_ASSERT_EQUAL(sql(site, "UPDATE anchor SET seq = 3"), SQLITE_OK);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "verify", NULL), 1);
	sodium_memzero(sk, sizeof sk);
}

static void
test_visitor_identity_erased(void)
{
	/* R-VISITOR-ID: identity data goes after visitor-retention-days; the audit trail
	 * never held it. */
	const char *site = new_site();
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "person", "add", "H", "--name", "Hôte", "--kind",
	    "staff", NULL), 0);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "person", "add", "V-OLD", "--name",
	    "Ancien Visiteur", "--kind", "visitor", "--org", "Vieille Société", NULL), 0);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "person", "add", "V-NEW", "--name",
	    "Nouvelle Visiteuse", "--kind", "visitor", NULL), 0);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "badge", "enroll", "04AA0001", "--person",
	    "V-OLD", NULL), 0);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "visit", "add", "V-OLD", "--host", "H", "--from",
	    "2025-01-10", "--until", "2025-01-10", "--id-doc", "CIN:AB123", NULL), 0);
	time_t now = time(NULL);
	char yesterday[16];
	struct tm tm;
	now -= 86400;
	gmtime_r(&now, &tm);
	strftime(yesterday, sizeof yesterday, "%Y-%m-%d", &tm);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "visit", "add", "V-NEW", "--host", "H", "--from",
	    yesterday, "--until", yesterday, "--id-doc", "Passeport:XY999", NULL), 0);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "purge", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "visitors: erased 1"));
	CU_ASSERT(gh_contains(r.out, "V-OLD"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "visit", "list", "--format", "csv", NULL), 0);
	CU_ASSERT(!gh_contains(r.out, "Ancien"));
	CU_ASSERT(gh_contains(r.out, "Nouvelle Visiteuse"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "person", "list", "--format", "csv", NULL), 0);
	CU_ASSERT(!gh_contains(r.out, "Ancien Visiteur"));
	CU_ASSERT(!gh_contains(r.out, "Vieille Société"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "badge", "list", "--format", "csv", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "04AA0001,uid,04AA0001,V-OLD,,revoked"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "audit", "--format", "csv", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "visitor.erase"));
	CU_ASSERT(!gh_contains(r.out, "Ancien"));
	CU_ASSERT(!gh_contains(r.out, "Nouvelle"));
	CU_ASSERT(!gh_contains(r.out, "AB123"));
}

static void
test_audit_trail_copied_in_order(void)
{
	/* R-RIGHTS-AUDIT: changes made with the command line reach the journal as
	 * rights-change events, once each, in order, and verify. */
	const char *site = new_site();
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "zone", "add", "Bureaux", "--level", "private",
	    NULL), 0);
	char path[600], err[600];
	struct gh_db *cfg;
	snprintf(path, sizeof path, "%s/config.db", site);
	CU_ASSERT_EQUAL_FATAL(gh_db_open(&cfg, path, GH_DB_READONLY, err, sizeof err), GH_OK);
	struct gh_journal *j = open_site_journal(site);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	int n = gh_audit_copy(cfg, j, 5);	/* init's settings first, five at a time */
	CU_ASSERT_EQUAL(n, 5);
	while ((n = gh_audit_copy(cfg, j, 5)) > 0)
		;
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "zone", "set", "Bureaux", "--passback", "hard",
	    NULL), 0);
	CU_ASSERT_EQUAL(gh_audit_copy(cfg, j, 100), 1);
	CU_ASSERT_EQUAL(gh_audit_copy(cfg, j, 100), 0);
	uint8_t sk[GH_SIGN_SK_LEN];
	site_key(site, sk);
	CU_ASSERT_EQUAL(gh_journal_checkpoint(j, sk, gh_now_us()), GH_OK);
	gh_journal_close(j);
	gh_db_close(cfg);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "events", "--format", "json", NULL), 0);
	const char *add = strstr(r.out, "zone.add"), *set = strstr(r.out, "zone.set");
	CU_ASSERT(add != NULL && set != NULL && add < set);
	CU_ASSERT(gh_contains(r.out, "\"kind\":\"rights-change\""));
	CU_ASSERT(gh_contains(r.out, "\"operator\":\"cli:"));
	CU_ASSERT(strstr(set + 1, "zone.set") == NULL);	/* once */
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "verify", NULL), 0);
	sodium_memzero(sk, sizeof sk);
}


/* A month's report verifies its own period only: the chain from the checkpoint before
 * it to the one after it, with those two signatures.  An edit inside the period (or to
 * the row the opening checkpoint vouches for) is caught; an edit in another period is
 * that period's (and the full verification's) finding. */
static void
test_period_verification(void)
{
	const char *site = new_site();
	uint8_t sk[GH_SIGN_SK_LEN], pk[GH_SIGN_PK_LEN], fpk[GH_SIGN_PK_LEN], fsk[GH_SIGN_SK_LEN];
	char jp[600], dir[700], skp[700], pkp[700], err[600];
	site_key(site, sk);
	snprintf(jp, sizeof jp, "%s/journal.db", site);
	gh_signkey_paths(jp, dir, skp, pkp, sizeof dir);
	CU_ASSERT_EQUAL_FATAL(gh_signkey_load_public(pkp, pk, err, sizeof err), GH_OK);
	crypto_sign_keypair(fpk, fsk);
	struct gh_journal *j = open_site_journal(site);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	/* Nine samples 20 minutes apart, each 3 rows and a checkpoint: hour k holds
	 * samples 3k..3k+2, rows 12k+1..12k+12. */
	const int64_t M = 60000000LL;
	for (int k = 0; k < 9; k++) {
		append_sample(j, T0 + k * 20 * M);
		CU_ASSERT_EQUAL(gh_journal_checkpoint(j, sk, T0 + k * 20 * M + 3000000), GH_OK);
	}
	struct gh_verify v;
	int64_t h1 = T0 + 60 * M, h2 = T0 + 120 * M;
	CU_ASSERT_EQUAL_FATAL(gh_journal_verify_period(j, pk, h1, h2, 0, &v), GH_OK);
	CU_ASSERT(v.ok);
	CU_ASSERT_EQUAL(v.events, 9);
	CU_ASSERT_EQUAL(v.checkpoints, 4);	/* the opening one and the hour's three */
	/* Another key does not verify the ends. */
	CU_ASSERT_EQUAL(gh_journal_verify_period(j, fpk, h1, h2, 0, &v), GH_OK);
	CU_ASSERT(!v.ok);
	CU_ASSERT(gh_contains(v.why, "signature does not verify"));
	/* A period with no rows verifies trivially. */
	CU_ASSERT_EQUAL(gh_journal_verify_period(j, pk, T0 - 60 * M, T0 - M, 0, &v), GH_OK);
	CU_ASSERT(v.ok && v.events == 0);
	gh_journal_close(j);
	/* An edit in the first hour: its period and the full verification fail; the
	 * second hour's does not depend on it. */
	CU_ASSERT_EQUAL(sql(site, "DROP TRIGGER event_no_update; "
	    "UPDATE event SET decision = 'granted', reason = 'granted' WHERE seq = 3"), SQLITE_OK);
	j = open_site_journal(site);
	CU_ASSERT_EQUAL(gh_journal_verify_period(j, pk, T0, h1, 0, &v), GH_OK);
	CU_ASSERT(!v.ok);
	CU_ASSERT(gh_contains(v.why, "row 3 does not match its hash"));
	CU_ASSERT_EQUAL(gh_journal_verify_period(j, pk, h1, h2, 0, &v), GH_OK);
	CU_ASSERT(v.ok);
	CU_ASSERT_EQUAL(gh_journal_verify(j, pk, &v), GH_OK);
	CU_ASSERT(!v.ok);
	gh_journal_close(j);
	/* An edit in the second hour is caught there. */
	CU_ASSERT_EQUAL(sql(site, "UPDATE event SET person = 'E-9999' WHERE seq = 17"), SQLITE_OK);
	j = open_site_journal(site);
	CU_ASSERT_EQUAL(gh_journal_verify_period(j, pk, h1, h2, 0, &v), GH_OK);
	CU_ASSERT(!v.ok);
	CU_ASSERT(gh_contains(v.why, "row 17 does not match its hash"));
	/* The third hour, then the stored hash the third hour's opening checkpoint
	 * (row 24) vouches for: row 23, changed with a chain rebuilt after it. */
	CU_ASSERT_EQUAL(gh_journal_verify_period(j, pk, h2, h2 + 60 * M, 0, &v), GH_OK);
	CU_ASSERT(v.ok);
	gh_journal_close(j);
	CU_ASSERT_EQUAL(sql(site, "UPDATE event SET hash = zeroblob(32) WHERE seq = 23"), SQLITE_OK);
	j = open_site_journal(site);
	CU_ASSERT_EQUAL(gh_journal_verify_period(j, pk, h2, h2 + 60 * M, 0, &v), GH_OK);
	CU_ASSERT(!v.ok);
	CU_ASSERT(gh_contains(v.why, "row 24"));
	/* Rows after the last checkpoint, spanning ten minutes: not signed. */
	append_sample(j, T0 + 200 * M);
	append_sample(j, T0 + 210 * M);
	CU_ASSERT_EQUAL(gh_journal_verify_period(j, pk, T0 + 180 * M, T0 + 240 * M, 0, &v),
	    GH_OK);
	CU_ASSERT(!v.ok);
	CU_ASSERT(gh_contains(v.why, "checkpoints are missing"));
	gh_journal_close(j);
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(fsk, sizeof fsk);
}

/* The canonical JSON every hash is over: keys in byte order, absent fields omitted,
 * strings escaped as gh_json_quote does; a short row (written straight into one
 * buffer) and a long one (through the gh_json writer) give the same form. */
static void
test_canonical_form(void)
{
	struct gh_buf b;
	gh_buf_init(&b);
	struct gh_event ev = { .ts_us = 1764036000123456LL, .kind = "access",
		.credential = "A\"B\\C", .door = "<x>&'y", .person = "\xc3\xa9\t\x01\x7f",
		.details = "{\"a\":1}" };
	gh_event_canonical(42, &ev, &b);
	CU_ASSERT_STRING_EQUAL(b.s, "{\"credential\":\"A\\\"B\\\\C\",\"details\":{\"a\":1},"
	    "\"door\":\"\\u003cx\\u003e\\u0026'y\",\"kind\":\"access\",\"person\":\"\xc3\xa9\\t"
	    "\\u0001\\u007f\",\"seq\":42,\"time\":\"2025-11-25T02:00:00.123456Z\"}");
	/* A long person: the other path, the same shape. */
	char longp[1001], want[1400];
	memset(longp, 'p', 1000);
	longp[1000] = '\0';
	struct gh_event big = { .ts_us = 0, .kind = "operator", .person = longp,
		.reason = "r\n" };
	gh_event_canonical(7, &big, &b);
	snprintf(want, sizeof want, "{\"kind\":\"operator\",\"person\":\"%s\",\"reason\":"
	    "\"r\\n\",\"seq\":7,\"time\":\"1970-01-01T00:00:00.000000Z\"}", longp);
	CU_ASSERT_STRING_EQUAL(b.s, want);
	longp[10] = '\0';
	gh_event_canonical(7, &big, &b);
	snprintf(want, sizeof want, "{\"kind\":\"operator\",\"person\":\"%s\",\"reason\":"
	    "\"r\\n\",\"seq\":7,\"time\":\"1970-01-01T00:00:00.000000Z\"}", longp);
	CU_ASSERT_STRING_EQUAL(b.s, want);
	gh_buf_free(&b);
}

GH_SUITE("journal", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_canonical_form_and_chain);
	GH_TEST(s, test_verify_ok_and_group_commit);
	GH_TEST(s, test_bad_events_write_nothing);
	GH_TEST(s, test_append_only_triggers);
	GH_TEST(s, test_edited_row_caught);
	GH_TEST(s, test_rebuilt_chain_with_forged_key_caught);
	GH_TEST(s, test_events_listing);
	GH_TEST(s, test_purge_keeps_younger_rows);
	GH_TEST(s, test_visitor_identity_erased);
	GH_TEST(s, test_audit_trail_copied_in_order);
	GH_TEST(s, test_period_verification);
	GH_TEST(s, test_canonical_form);
}
