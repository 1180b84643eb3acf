/* Command-line round trips through the real `gatehouse` binary: the foundation's
 * rules as a user meets them (exit status, one clear line, nothing changed). */
#include "tests/testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct gh_run r;

/* A fresh initialised site directory. */
static const char *
new_site(const char *tz)
{
	static int n;
	static char dir[8][512];
	char *d = dir[n % 8];
	snprintf(d, sizeof dir[0], "%s", gh_tmppath("cli-site-%d", n));
	n++;
	mkdir(d, 0700);
	CU_ASSERT_EQUAL_FATAL(gh_cli(&r, d, NULL, "init", "--site", "Test", "--timezone",
	    tz ? tz : "Europe/Paris", NULL), 0);
	return d;
}

#define OK(...) CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, __VA_ARGS__, NULL), 0)
#define BAD(...) CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, __VA_ARGS__, NULL), 2)

/* Number of lines of the audit trail (CSV, header excluded). */
static int
audit_rows(const char *site)
{
	gh_cli(&r, site, NULL, "audit", "--format", "csv", NULL);
	int n = 0;
	for (const char *p = r.out; *p; p++)
		if (*p == '\n')
			n++;
	return n - 1;
}

static void
base_site(const char *site)
{
	OK("zone", "add", "Street", "--level", "public");
	OK("zone", "add", "Lobby", "--level", "public");
	OK("zone", "add", "Offices", "--level", "private");
	OK("zone", "add", "Server room", "--level", "sensitive", "--sign",
	    "Zone sensible — accès réservé");
	OK("reader", "add", "r1", "--connstring", "pn532_uart:/dev/ttyUSB0");
	OK("door", "add", "Lobby-Offices", "--from", "Lobby", "--to", "Offices", "--reader",
	    "r1:in");
	OK("door", "add", "Offices-Server", "--from", "Offices", "--to", "Server room");
}

static void
test_init_files_and_modes(void)
{
	/* R-LEAST-PRIVILEGE: the databases are for their owner and group only. */
	const char *site = new_site(NULL);
	struct stat st;
	char path[600];
	snprintf(path, sizeof path, "%s/config.db", site);
	CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0660);
	snprintf(path, sizeof path, "%s/journal.db", site);
	CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0660);
	/* A second init refuses and leaves the site as it was. */
	BAD("init");
	CU_ASSERT(gh_contains(r.err, "already exists"));
	OK("get", "timezone");
	CU_ASSERT_STRING_EQUAL(r.out, "Europe/Paris\n");
	/* An unknown time zone at init changes nothing. */
	const char *d2 = gh_tmppath("cli-badtz");
	mkdir(d2, 0700);
	CU_ASSERT_EQUAL(gh_cli(&r, d2, NULL, "init", "--timezone", "Mars/Olympus", NULL), 2);
	snprintf(path, sizeof path, "%s/config.db", d2);
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
}

static void
set_user_version(const char *path, int v)
{
	sqlite3 *h;
	char sql[64];
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &h), SQLITE_OK);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
	CU_ASSERT_EQUAL(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static int
user_version(const char *path)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void
test_newer_database_refused(void)
{
	const char *site = new_site(NULL);
	char path[600];
	snprintf(path, sizeof path, "%s/config.db", site);
	set_user_version(path, 99);
	char *before, *after;
	size_t lb, la;
	CU_ASSERT_EQUAL(gh_read_file_test(path, &before, &lb), 0);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "zone", "add", "X", "--level", "public",
	    NULL), 3);
	CU_ASSERT(gh_contains(r.err, "newer than this program"));
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "zone", "list", NULL), 3);
	CU_ASSERT_EQUAL(gh_read_file_test(path, &after, &la), 0);
	CU_ASSERT_EQUAL(lb, la);
	CU_ASSERT(lb == la && memcmp(before, after, lb) == 0);
	CU_ASSERT_EQUAL(user_version(path), 99);
	free(before);
	free(after);
}

static void
test_migration_from_empty(void)
{
	/* An empty SQLite file (version 0) is migrated in order to the current schema on
	 * first write; a read-only command does not touch it. */
	const char *site = gh_tmppath("cli-migrate");
	char path[600];
	mkdir(site, 0700);
	snprintf(path, sizeof path, "%s/config.db", site);
	set_user_version(path, 0);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "zone", "list", NULL), 3);
	CU_ASSERT_EQUAL(user_version(path), 0);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "zone", "add", "Hall", "--level", "public",
	    NULL), 0);
	CU_ASSERT(user_version(path) >= 1);
	CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, "zone", "list", NULL), 0);
	CU_ASSERT(gh_contains(r.out, "Hall"));
}

static void
test_settings_bounds(void)
{
	/* Every key of the vocabulary with its bounds; out of bounds changes nothing. */
	static const struct { const char *key, *lo_bad, *lo, *hi, *hi_bad; } k[] = {
		{ "escort-window-s", "2", "3", "60", "61" },
		{ "escort-max-visitors", "0", "1", "20", "21" },
		{ "brute-force-count", "1", "2", "100", "101" },
		{ "brute-force-window-s", "9", "10", "3600", "3601" },
		{ "lockout-s", "4", "5", "3600", "3601" },
		{ "retention-days", "91", "92", "3650", "3651" },	/* R-RETENTION */
		{ "audit-retention-days", "364", "365", "3650", "3651" },
		{ "visitor-retention-days", "91", "92", "3650", "3651" },
		{ "review-due-day", "0", "1", "28", "29" },
		{ "input-debounce-ms", "9", "10", "400", "401" },
	};
	const char *site = new_site(NULL);
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
		int before = audit_rows(site);
		BAD("set", k[i].key, k[i].lo_bad);
		BAD("set", k[i].key, k[i].hi_bad);
		BAD("set", k[i].key, "ten");
		CU_ASSERT_EQUAL(audit_rows(site), before);
		OK("set", k[i].key, k[i].lo);
		OK("get", k[i].key);
		CU_ASSERT_NSTRING_EQUAL(r.out, k[i].lo, strlen(k[i].lo));
		OK("set", k[i].key, k[i].hi);
		OK("get", k[i].key);
		CU_ASSERT_NSTRING_EQUAL(r.out, k[i].hi, strlen(k[i].hi));
	}
	BAD("set", "sensitive-requires-secure", "maybe");
	OK("set", "sensitive-requires-secure", "off");
	BAD("set", "timezone", "Europe/Atlantis");
	BAD("set", "timezone", "../../etc/passwd");
	OK("set", "timezone", "Africa/Casablanca");
	BAD("set", "presence-reset", "24:00");
	OK("set", "presence-reset", "03:30");
	BAD("set", "syslog-target", "logs.example:99999");
	OK("set", "syslog-target", "logs.example:2514");
	BAD("set", "syslog-transport", "udp");
	OK("set", "syslog-transport", "tls");
	BAD("set", "no-such-key", "1");
	OK("get");
	CU_ASSERT(gh_contains(r.out, "Africa/Casablanca"));
	CU_ASSERT(gh_contains(r.out, "logs.example:2514"));
}

static void
test_no_public_sensitive(void)
{
	/* R-NO-PUBLIC-SENSITIVE: refused at creation and when a level changes. */
	const char *site = new_site(NULL);
	base_site(site);
	int before = audit_rows(site);
	BAD("door", "add", "Street-Server", "--from", "Street", "--to", "Server room");
	CU_ASSERT(gh_contains(r.err, "R-NO-PUBLIC-SENSITIVE"));
	CU_ASSERT(gh_contains(r.err, "Street-Server"));
	CU_ASSERT(gh_contains(r.err, "Server room"));
	BAD("door", "add", "Server-Street", "--from", "Server room", "--to", "Street");
	/* Offices joins Lobby (public) and Server room (sensitive): neither may flip. */
	BAD("zone", "set", "Offices", "--level", "sensitive");
	CU_ASSERT(gh_contains(r.err, "Lobby-Offices"));
	BAD("zone", "set", "Offices", "--level", "public");
	CU_ASSERT(gh_contains(r.err, "Offices-Server"));
	CU_ASSERT_EQUAL(audit_rows(site), before);
	OK("zone", "list", "--format", "json");
	CU_ASSERT(gh_contains(r.out, "\"name\":\"Offices\",\"level\":\"private\""));
}

static void
test_delivery(void)
{
	/* R-DELIVERY: a delivery zone is public; a door from it into a restricted zone
	 * needs a recorded compensating measure. */
	const char *site = new_site(NULL);
	base_site(site);
	BAD("zone", "add", "Dock", "--level", "private", "--delivery");
	CU_ASSERT(gh_contains(r.err, "R-DELIVERY"));
	OK("zone", "add", "Dock", "--level", "public", "--delivery");
	BAD("door", "add", "Dock-Offices", "--from", "Dock", "--to", "Offices");
	CU_ASSERT(gh_contains(r.err, "compensating measure"));
	OK("door", "add", "Dock-Lobby", "--from", "Dock", "--to", "Lobby");
	/* Making the lobby restricted would open the dock into it. */
	BAD("zone", "set", "Lobby", "--level", "private");
	BAD("zone", "set", "Dock", "--level", "private");
	OK("door", "add", "Dock-Offices", "--from", "Dock", "--to", "Offices",
	    "--compensating-measure", "CCTV and a guard at the dock during deliveries");
	OK("door", "list", "--format", "csv");
	CU_ASSERT(gh_contains(r.out, "CCTV and a guard"));
	/* Removing the measure later is refused too. */
	BAD("door", "set", "Dock-Offices", "--compensating-measure", "");
}

static void
test_unknown_and_duplicates(void)
{
	/* R-ZONES: a zone is public, private or sensitive, nothing else; names are
	 * unique. */
	const char *site = new_site(NULL);
	base_site(site);
	int before = audit_rows(site);
	BAD("zone", "add", "Offices", "--level", "private");
	CU_ASSERT(gh_contains(r.err, "already exists"));
	BAD("zone", "add", "Nowhere", "--level", "secret");
	BAD("door", "add", "X", "--from", "Lobby", "--to", "Atlantis");
	CU_ASSERT(gh_contains(r.err, "unknown zone 'Atlantis'"));
	BAD("door", "add", "Lobby-Offices", "--from", "Lobby", "--to", "Offices");
	BAD("door", "add", "Y", "--from", "Lobby", "--to", "Offices", "--reader", "r1");
	CU_ASSERT(gh_contains(r.err, "already serves"));
	BAD("door", "add", "Y", "--from", "Lobby", "--to", "Offices", "--reader", "r9");
	BAD("door", "set", "Lobby-Offices", "--relay", "gpio chip:1");
	BAD("door", "set", "Lobby-Offices", "--release-s", "0");
	BAD("reader", "add", "r1", "--connstring", "pn532_uart:/dev/ttyUSB1");
	BAD("reader", "add", "r2", "--connstring", "bogus");
	BAD("zone", "add", "", "--level", "public");
	BAD("zone", "add", "Bad\tname", "--level", "public");
	BAD("zone", "add", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    "--level", "public");	/* 65 characters */
	BAD("schedule", "add", "S", "--window", "mon-fri 08:00-25:00");
	BAD("schedule", "add", "S");
	BAD("holiday", "add", "2026-02-30");
	BAD("profile", "rule", "Nope", "--zone", "Offices", "--schedule", "S");
	BAD("person", "add", "P1", "--name", "X", "--kind", "robot");
	BAD("person", "add", "P1", "--name", "X", "--kind", "staff", "--valid-until",
	    "2026-13-01");
	BAD("frobnicate");
	BAD("zone", "add", "Z", "--level", "public", "--bogus");
	CU_ASSERT_EQUAL(audit_rows(site), before);
	/* 64 characters, Arabic and accented Latin are names. */
	OK("zone", "add", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    "--level", "public");
	OK("zone", "add", "قاعة الخوادم", "--level", "private");
	OK("zone", "add", "Salle Éole", "--level", "private");
}

static void
test_badges_individual(void)
{
	/* R-INDIVIDUAL: one credential, one person, whatever its spelling. */
	const char *site = new_site(NULL);
	OK("person", "add", "E1", "--name", "Amina El Idrissi", "--kind", "staff");
	OK("person", "add", "E2", "--name", "Jean Dupont", "--kind", "staff");
	OK("badge", "enroll", "04:a1:b2:c3", "--person", "E1");
	BAD("badge", "enroll", "04A1B2C3", "--person", "E2");
	CU_ASSERT(gh_contains(r.err, "already enrolled"));
	BAD("badge", "enroll", "04 A1 B2 C3", "--person", "E1");
	BAD("badge", "enroll", "04A1B2", "--person", "E2");	/* 3 bytes */
	BAD("badge", "enroll", "zz112233", "--person", "E2");
	BAD("badge", "enroll", "04112233445566", "--person", "NOBODY");
	OK("badge", "enroll", "04112233445566", "--person", "E2", "--valid-until",
	    "2027-01-31");
	OK("badge", "list", "--format", "json");
	CU_ASSERT(gh_contains(r.out, "\"credential\":\"04A1B2C3\""));
	CU_ASSERT(gh_contains(r.out, "\"cloneable\":true"));
	OK("badge", "set", "04a1b2c3", "--status", "lost");
	BAD("badge", "set", "04A1B2C3", "--status", "stolen");
	OK("badge", "set", "04A1B2C3", "--status", "revoked");
	BAD("badge", "set", "04A1B2C3", "--status", "active");	/* revocation is final */
}

static void
test_deprovision(void)
{
	/* R-VALIDITY (3.5.2): removing a person removes all of their access at once. */
	const char *site = new_site(NULL);
	base_site(site);
	OK("schedule", "add", "Office hours", "--window", "mon-fri 08:00-18:00");
	OK("profile", "add", "Staff");
	OK("profile", "rule", "Staff", "--zone", "Offices", "--schedule", "Office hours");
	OK("person", "add", "E1", "--name", "Amina", "--kind", "staff", "--can-escort");
	OK("badge", "enroll", "04A1B2C3", "--person", "E1");
	OK("badge", "enroll", "04112233445566778899", "--person", "E1");	/* 10 bytes */
	OK("person", "grant", "E1", "Staff");
	OK("person", "remove", "E1");
	OK("badge", "list", "--format", "csv");
	CU_ASSERT(gh_contains(r.out, "04A1B2C3,uid,04A1B2C3,E1,Amina,revoked"));
	CU_ASSERT(!gh_contains(r.out, "active"));
	OK("person", "rights", "E1");
	CU_ASSERT(gh_contains(r.out, "no access"));
	OK("person", "list", "--format", "json");
	CU_ASSERT(gh_contains(r.out, "\"status\":\"inactive\""));
	BAD("person", "grant", "E1", "Staff");
	OK("audit", "--format", "csv");
	CU_ASSERT(gh_contains(r.out, "person.remove"));
}

static void
test_rights_report(void)
{
	/* R-RIGHTS-REPORT: every zone a person may enter, and when, in the site zone. */
	const char *site = new_site("Africa/Casablanca");
	base_site(site);
	OK("schedule", "add", "Office hours", "--window", "mon-fri 08:00-18:00", "--window",
	    "sat 09:00-12:00", "--holidays-closed");
	OK("schedule", "add", "Night", "--window", "daily 22:00-06:00");
	OK("profile", "add", "Ops");
	OK("profile", "rule", "Ops", "--zone", "Offices", "--schedule", "Office hours");
	OK("profile", "rule", "Ops", "--zone", "Server room", "--schedule", "Night");
	BAD("profile", "rule", "Ops", "--zone", "Lobby", "--schedule", "Night");
	OK("person", "add", "E7", "--name", "Youssef Benali", "--kind", "staff");
	OK("person", "grant", "E7", "Ops", "--from", "2026-01-01", "--until", "2026-12-31");
	OK("person", "rights", "E7");
	CU_ASSERT(gh_contains(r.out, "Africa/Casablanca"));
	CU_ASSERT(gh_contains(r.out, "Street"));
	CU_ASSERT(gh_contains(r.out, "mon-fri 08:00-18:00"));
	CU_ASSERT(gh_contains(r.out, "closed on holidays"));
	CU_ASSERT(gh_contains(r.out, "daily 22:00-06:00"));
	CU_ASSERT(gh_contains(r.out, "2026-01-01 to 2026-12-31"));
	OK("person", "rights", "E7", "--format", "json");
	CU_ASSERT(gh_contains(r.out, "\"zone\":\"Server room\""));
	CU_ASSERT(gh_contains(r.out, "\"windows\":[\"daily 22:00-06:00\"]"));
	/* A visitor enters restricted zones only escorted (R-ESCORT). */
	OK("person", "add", "V1", "--name", "Visiteur", "--kind", "visitor");
	OK("person", "rights", "V1");
	CU_ASSERT(gh_contains(r.out, "escort by staff"));
	OK("person", "ungrant", "E7", "Ops");
	OK("person", "rights", "E7", "--format", "json");
	CU_ASSERT(!gh_contains(r.out, "Server room"));
	BAD("person", "ungrant", "E7", "Ops");
}

static void
test_audit_trail(void)
{
	/* R-RIGHTS-AUDIT, R-LEAST-PRIVILEGE: who, when, what, before and after; from the
	 * command line, the operating-system user as cli:USER. */
	const char *site = new_site(NULL);
	OK("zone", "add", "Offices", "--level", "private");
	OK("zone", "set", "Offices", "--passback", "hard", "--max-occupancy", "40");
	OK("audit", "--format", "json");
	CU_ASSERT(gh_contains(r.out, "\"action\":\"zone.set\""));
	CU_ASSERT(gh_contains(r.out, "\\\"passback\\\":\\\"off\\\""));	/* before */
	CU_ASSERT(gh_contains(r.out, "\\\"passback\\\":\\\"hard\\\""));	/* after */
	CU_ASSERT(gh_contains(r.out, "\"actor\":\"cli:"));
	OK("audit", "--since", "2000-01-01");
	CU_ASSERT(gh_contains(r.out, "zone.add"));
	OK("audit", "--since", "2999-01-01");
	CU_ASSERT(!gh_contains(r.out, "zone.add"));
	BAD("audit", "--since", "yesterday");
}

static void
test_visit(void)
{
	/* R-VISITOR-ID: name, organisation, document type and number, host. */
	const char *site = new_site(NULL);
	OK("person", "add", "H1", "--name", "Hôte", "--kind", "staff");
	OK("person", "add", "V1", "--name", "Leïla Haddad", "--kind", "visitor", "--org",
	    "Société Générale");
	OK("visit", "add", "V1", "--host", "H1", "--from", "2026-11-24", "--until",
	    "2026-11-25", "--id-doc", "CIN:BE123456");
	BAD("visit", "add", "H1", "--host", "H1");	/* not a visitor */
	BAD("visit", "add", "V1", "--host", "V1");	/* host must be staff */
	BAD("visit", "add", "V1", "--host", "H1", "--id-doc", "nocolon");
	OK("visit", "list");
	CU_ASSERT(gh_contains(r.out, "Leïla Haddad"));
	CU_ASSERT(gh_contains(r.out, "CIN"));
	/* The audit trail outlives the visitor's data: it never holds the number. */
	OK("audit", "--format", "csv");
	CU_ASSERT(gh_contains(r.out, "visit.add"));
	CU_ASSERT(!gh_contains(r.out, "BE123456"));
}

static void
test_help_everywhere(void)
{
	static const char *const words[] = { "init", "set", "get", "zone", "reader", "door",
		"schedule", "holiday", "profile", "person", "visit", "badge", "import", "audit" };
	const char *site = gh_tmppath("cli-help");
	mkdir(site, 0700);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		CU_ASSERT_EQUAL(gh_cli(&r, site, NULL, words[i], "--help", NULL), 0);
		CU_ASSERT(gh_contains(r.out, "usage: gatehouse"));
		CU_ASSERT(gh_contains(r.out, words[i]));
	}
	const char *argv[] = { "gatehouse", "--help", NULL };
	CU_ASSERT_EQUAL(gh_runv(&r, NULL, argv), 0);
	CU_ASSERT(gh_contains(r.out, "person rights REF"));
}

GH_SUITE("cli", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_init_files_and_modes);
	GH_TEST(s, test_newer_database_refused);
	GH_TEST(s, test_migration_from_empty);
	GH_TEST(s, test_settings_bounds);
	GH_TEST(s, test_no_public_sensitive);
	GH_TEST(s, test_delivery);
	GH_TEST(s, test_unknown_and_duplicates);
	GH_TEST(s, test_badges_individual);
	GH_TEST(s, test_deprovision);
	GH_TEST(s, test_rights_report);
	GH_TEST(s, test_audit_trail);
	GH_TEST(s, test_visit);
	GH_TEST(s, test_help_everywhere);
}
