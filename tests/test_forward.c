/* Forwarding to the central log (R-CENTRAL): the settings, the RFC 5424 message (seq
 * and hash in the structured data, the canonical JSON as the message), the cursor
 * file that survives restarts. */
#include "tests/testutil.h"

#include <string.h>

#include "controller/forward.h"
#include "db/journal.h"

static void
test_settings(void)
{
	struct gh_fwd_cfg c;
	const char *why;
	CU_ASSERT_EQUAL(gh_forward_config("", "/ca.pem", NULL, NULL, "/j.db", &c, &why), 1);
	CU_ASSERT_EQUAL(gh_forward_config(NULL, NULL, NULL, NULL, "/j.db", &c, &why), 1);
	CU_ASSERT_EQUAL_FATAL(gh_forward_config("logs.example.org:2514", "/etc/ca.pem", NULL,
	    "relp", "/var/lib/gatehouse/journal.db", &c, &why), 0);
	CU_ASSERT_STRING_EQUAL(c.host, "logs.example.org");
	CU_ASSERT_STRING_EQUAL(c.port, "2514");
	CU_ASSERT_STRING_EQUAL(c.name, "logs.example.org");	/* the host by default */
	CU_ASSERT(c.relp);
	CU_ASSERT_EQUAL(gh_forward_config("[::1]:6514", "/ca", "central", "tls", "/j", &c, &why), 0);
	CU_ASSERT(!c.relp);
	CU_ASSERT_STRING_EQUAL(c.host, "::1");
	CU_ASSERT_STRING_EQUAL(c.name, "central");
	CU_ASSERT_EQUAL(gh_forward_config("nohost", "/ca", NULL, NULL, "/j", &c, &why), -1);
	CU_ASSERT_EQUAL(gh_forward_config("h:99999", "/ca", NULL, NULL, "/j", &c, &why), -1);
	CU_ASSERT_EQUAL(gh_forward_config("h:514", "", NULL, NULL, "/j", &c, &why), -1);
	CU_ASSERT(gh_contains(why, "syslog-ca"));
	CU_ASSERT_EQUAL(gh_forward_config("h:514", "/ca", NULL, "udp", "/j", &c, &why), -1);
	CU_ASSERT_EQUAL(gh_forward_client_cert(&c, "/c.pem", "", &why), -1);
	CU_ASSERT_EQUAL(gh_forward_client_cert(&c, "/c.pem", "/c.key", &why), 0);
}

static void
test_message_format(void)
{
	uint8_t hash[32];
	for (int i = 0; i < 32; i++)
		hash[i] = (uint8_t)i;
	struct gh_event ev = { .ts_us = 1764036000123456LL, .kind = "access",
		.decision = "refused" };
	struct gh_buf b;
	gh_buf_init(&b);
	gh_forward_format(&b, 42, &ev, "{\"kind\":\"access\"}", hash, "poste de garde");
	CU_ASSERT_STRING_EQUAL(b.s, "<85>1 2025-11-25T02:00:00.123456Z poste_de_garde gatehouse - "
	    "access [gatehouse@32473 seq=\"42\" hash=\"000102030405060708090a0b0c0d0e0f1011"
	    "12131415161718191a1b1c1d1e1f\"] {\"kind\":\"access\"}");
	gh_buf_reset(&b);
	ev.kind = "alarm-raised";
	gh_forward_format(&b, 43, &ev, "{}", hash, "h");
	CU_ASSERT(strncmp(b.s, "<84>1 ", 6) == 0);	/* authpriv.warning */
	gh_buf_reset(&b);
	ev.kind = "operator";
	gh_forward_format(&b, 44, &ev, "{}", hash, "h");
	CU_ASSERT(strncmp(b.s, "<86>1 ", 6) == 0);	/* authpriv.info */
	gh_buf_free(&b);
}

static void
test_cursor_survives(void)
{
	char p[600];
	gh_forward_cursor_path(gh_tmppath("journal.db"), p, sizeof p);
	CU_ASSERT(gh_contains(p, "journal.db.forwarded"));
	CU_ASSERT_EQUAL(gh_forward_cursor_read(p), 0);	/* none yet: from the start */
	CU_ASSERT_EQUAL(gh_forward_cursor_write(p, 123456), 0);
	CU_ASSERT_EQUAL(gh_forward_cursor_read(p), 123456);
	gh_write_file(p, "garbage\n");
	CU_ASSERT_EQUAL(gh_forward_cursor_read(p), 0);	/* damaged: send again, not skip */
}

GH_SUITE("forward", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_settings);
	GH_TEST(s, test_message_format);
	GH_TEST(s, test_cursor_survives);
}
