/* Forwarding to the central log (R-CENTRAL): the settings, the RFC 5424 message (seq
 * and hash in the structured data, the canonical JSON as the message), the cursor
 * file that survives restarts. */
#include "tests/testutil.h"

#include <stdlib.h>
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


/* The parser on a copy of exactly n bytes in its own allocation: a read past them is a
 * heap overflow the sanitizers and valgrind see. */
static long
parse_n(const char *text, size_t n, struct gh_relp_frame *fr)
{
	char *b = malloc(n ? n : 1);
	CU_ASSERT_FATAL(b != NULL);
	memcpy(b, text, n);
	long r = gh_relp_parse(b, n, fr);
	if (r > 0 && fr->data != NULL) {
		/* data must lie inside the frame */
		CU_ASSERT(fr->data >= b && fr->data + fr->datalen < b + r);
	}
	free(b);
	return r;
}

static long
parse(const char *text, struct gh_relp_frame *fr)
{
	return parse_n(text, strlen(text), fr);
}

static void
test_relp_answers(void)
{
	struct gh_relp_frame fr;
	static const char ok[] = "7 rsp 6 200 OK\n";
	CU_ASSERT_EQUAL(parse(ok, &fr), (long)strlen(ok));
	CU_ASSERT_EQUAL(fr.txnr, 7);
	CU_ASSERT_STRING_EQUAL(fr.command, "rsp");
	CU_ASSERT_EQUAL(fr.datalen, 6);
	CU_ASSERT_EQUAL(fr.code, 200);
	/* Two frames back to back: the first one's length. */
	CU_ASSERT_EQUAL(parse("1 rsp 6 200 OK\n2 rsp 6 200 OK\n", &fr), 15);
	CU_ASSERT_EQUAL(fr.txnr, 1);
	CU_ASSERT_EQUAL(parse("3 rsp 24 500 error: out of memory\n", &fr), 34);
	CU_ASSERT_EQUAL(fr.code, 500);
	CU_ASSERT_EQUAL(parse("0 serverclose 0\n", &fr), 16);
	CU_ASSERT_STRING_EQUAL(fr.command, "serverclose");
	CU_ASSERT_EQUAL(fr.code, -1);
	/* Data that does not start with a status is no acknowledgement. */
	CU_ASSERT_EQUAL(parse("4 rsp 3 2OO\n", &fr), 12);
	CU_ASSERT_EQUAL(fr.code, -1);
	CU_ASSERT_EQUAL(parse("4 rsp 4 2000\n", &fr), 13);
	CU_ASSERT_EQUAL(fr.code, -1);
	/* The open answer with its offers, LFs inside the data. */
	static const char open[] = "1 rsp 38 200 OK\nrelp_version=0\ncommands=syslog\n\n";
	CU_ASSERT_EQUAL(parse(open, &fr), (long)strlen(open));
	CU_ASSERT_EQUAL(fr.code, 200);
}

/* Every prefix of a good frame asks for more; none is taken for a frame. */
static void
test_relp_truncated(void)
{
	static const char *const frames[] = { "123456789 rsp 6 200 OK\n", "0 serverclose 0\n",
		"1 rsp 38 200 OK\nrelp_version=0\ncommands=syslog\n\n" };
	struct gh_relp_frame fr;
	for (size_t f = 0; f < sizeof frames / sizeof frames[0]; f++) {
		size_t n = strlen(frames[f]);
		for (size_t k = 0; k < n; k++)
			CU_ASSERT_EQUAL(parse_n(frames[f], k, &fr), 0);
		CU_ASSERT_EQUAL(parse_n(frames[f], n, &fr), (long)n);
	}
}

/* Hostile answers: malformed at once, never read past the bytes received. */
static void
test_relp_hostile(void)
{
	static const char *const bad[] = {
		" 1 rsp 6 200 OK\n",		/* leading space */
		"-1 rsp 6 200 OK\n",		/* sign */
		"+1 rsp 6 200 OK\n",
		"1234567890 rsp 6 200 OK\n",	/* TXNR over 9 digits */
		"1  rsp 6 200 OK\n",		/* empty command */
		"1 RSP 6 200 OK\n",		/* not lower-case letters */
		"1 rsp\n6 200 OK\n",
		"1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 0\n",	/* command over 32 */
		"1 rsp -6 200 OK\n",		/* negative length */
		"1 rsp 0x6 200 OK\n",
		"1 rsp 1234567890 x\n",		/* length over 9 digits */
		"1 rsp 4001 200",		/* over GH_RELP_DATA_MAX, before the data */
		"1 rsp 0 \n",			/* no data, yet a space */
		"1 rsp 6 200 OKX",		/* the byte after the data is not LF */
		"1 rsp 6\n200 OK\n",		/* a length with data needs the space */
		"1 rsp  6 200 OK\n",
		"\n",
		"1\n",
	};
	struct gh_relp_frame fr;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long r = parse(bad[i], &fr);
		if (r != -1)
			fprintf(stderr, "accepted: \"%s\" -> %ld\n", bad[i], r);
		CU_ASSERT_EQUAL(r, -1);
	}
	/* Endless digits, letters or data with no end: more is asked for only while a
	 * frame could still be whole within the limits. */
	char big[6000];
	memset(big, '7', sizeof big);
	CU_ASSERT_EQUAL(parse_n(big, sizeof big, &fr), -1);
	memcpy(big, "1 ", 2);
	memset(big + 2, 'a', sizeof big - 2);
	CU_ASSERT_EQUAL(parse_n(big, sizeof big, &fr), -1);
	int h = snprintf(big, sizeof big, "1 rsp %d ", GH_RELP_DATA_MAX);
	memset(big + h, 'x', sizeof big - (size_t)h);
	CU_ASSERT_EQUAL(parse_n(big, (size_t)h + GH_RELP_DATA_MAX, &fr), 0);
	CU_ASSERT_EQUAL(parse_n(big, (size_t)h + GH_RELP_DATA_MAX + 1, &fr), -1);
	big[h + GH_RELP_DATA_MAX] = '\n';
	CU_ASSERT_EQUAL(parse_n(big, (size_t)h + GH_RELP_DATA_MAX + 1, &fr),
	    h + GH_RELP_DATA_MAX + 1);
	/* Random bytes: a frame, a need for more or a refusal; never beyond the input. */
	srand(5425);
	for (int t = 0; t < 20000; t++) {
		char r[40];
		size_t n = (size_t)(rand() % (int)sizeof r);
		for (size_t i = 0; i < n; i++)
			r[i] = "0123456789 rspabc\n-"[rand() % 19];
		long got = parse_n(r, n, &fr);
		CU_ASSERT(got >= -1 && got <= (long)n);
	}
}

GH_SUITE("forward", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_settings);
	GH_TEST(s, test_message_format);
	GH_TEST(s, test_cursor_survives);
	GH_TEST(s, test_relp_answers);
	GH_TEST(s, test_relp_truncated);
	GH_TEST(s, test_relp_hostile);
}
