/* RFC 4180 CSV reader and writer (import names bad rows by physical line:
 * "FILE:LINE: TEXT", the header is line 1, a multi-line record is named by its
 * first line). */
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/csv.h"

GH_SUITE("csv", NULL, NULL)

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))
#define MAXOUT 16

/* Read everything and describe each result: "LINE[NFIELDS] f1|f2|..." for a
 * record (CR and LF in fields shown as \r and \n), "LINE! WHY" for an error. */
static int
read_all(const char *buf, size_t len, char out[MAXOUT][256], int *end_line)
{
	struct gh_csv c;
	struct gh_csv_record rec;
	const char *why;
	int n = 0, rc;

	gh_csv_init(&c, buf, len);
	while (n < MAXOUT && (rc = gh_csv_next(&c, &rec, &why)) != 0) {
		char *o = out[n], *e = out[n] + 255;

		if (rc == -1) {
			snprintf(o, 256, "%d! %s", rec.line, why);
			n++;
			continue;
		}
		o += snprintf(o, 256, "%d[%d] ", rec.line, rec.nfields);
		for (int i = 0; i < rec.nfields; i++) {
			if (i > 0 && o < e)
				*o++ = '|';
			for (const char *p = rec.field[i]; *p != '\0' && o + 2 < e; p++) {
				if (*p == '\n' || *p == '\r') {
					*o++ = '\\';
					*o++ = *p == '\n' ? 'n' : 'r';
				} else
					*o++ = *p;
			}
		}
		*o = '\0';
		n++;
	}
	if (end_line != NULL)
		*end_line = c.line;
	gh_csv_free(&c);
	return n;
}

struct read_case {
	const char *name;
	const char *in;
	const char *want[MAXOUT];	/* NULL-terminated */
};

static void
run_read_cases(const struct read_case *cases, size_t ncases)
{
	for (size_t i = 0; i < ncases; i++) {
		char out[MAXOUT][256];
		int n = read_all(cases[i].in, strlen(cases[i].in), out, NULL), nwant = 0;

		while (cases[i].want[nwant] != NULL)
			nwant++;
		for (int k = 0; k < n || k < nwant; k++) {
			const char *got = k < n ? out[k] : "(end)";
			const char *want = k < nwant ? cases[i].want[k] : "(end)";

			if (strcmp(got, want) != 0)
				fprintf(stderr, "\n  %s #%d: got \"%s\", want \"%s\"\n",
				    cases[i].name, k, got, want);
			CU_ASSERT_STRING_EQUAL(got, want);
		}
	}
}

static void
test_read_basic(void)
{
	static const struct read_case cases[] = {
		{ "crlf", "ref,name\r\nP1,Alice\r\n", { "1[2] ref|name", "2[2] P1|Alice" } },
		{ "lf, no final newline", "a,b\nc,d", { "1[2] a|b", "2[2] c|d" } },
		{ "bom", "\xef\xbb\xbfref,name\r\nP1,A\r\n", { "1[2] ref|name", "2[2] P1|A" } },
		{ "bom only at the start", "a\n\xef\xbb\xbf" "b\n",
		    { "1[1] a", "2[1] \xef\xbb\xbf" "b" } },
		{ "empty lines skipped, still counted", "a\n\nb\r\n\r\n\nc\n",
		    { "1[1] a", "3[1] b", "6[1] c" } },
		{ "leading empty lines", "\n\r\nh\n", { "3[1] h" } },
		{ "empty fields", "a,,c\n,\n\"\"\na,\n",
		    { "1[3] a||c", "2[2] |", "3[1] ", "4[2] a|" } },
		{ "spaces are data", " a , b \n", { "1[2]  a | b " } },
		{ "lone CR is data", "a\rb,c\n", { "1[2] a\\rb|c" } },
		{ "quoted at EOF", "\"x\"", { "1[1] x" } },
		{ "empty input", "", { NULL } },
		{ "only newlines", "\n\r\n\n", { NULL } },
		{ "only a bom", "\xef\xbb\xbf", { NULL } },
	};

	run_read_cases(cases, NCASES(cases));
}

static void
test_read_quoted(void)
{
	static const struct read_case cases[] = {
		{ "quoted comma", "P1,\"Dupont, Jean\",staff\n",
		    { "1[3] P1|Dupont, Jean|staff" } },
		{ "doubled quotes", "P1,\"The \"\"Boss\"\"\",\"\"\"\"\n",
		    { "1[3] P1|The \"Boss\"|\"" } },
		{ "doubled quote closing at EOF", "\"a\"\"\"", { "1[1] a\"" } },
		{ "quoted empty then comma", "\"\",x\n", { "1[2] |x" } },
		/* a record spanning lines is named by its first; the next one by its own */
		{ "embedded LF", "h1,h2\nP1,\"line one\nline two\"\nP2,x\n",
		    { "1[2] h1|h2", "2[2] P1|line one\\nline two", "4[2] P2|x" } },
		{ "embedded CRLF", "h\r\nP1,\"a\r\nb\r\nc\"\r\nP2,x\r\n",
		    { "1[1] h", "2[2] P1|a\\r\\nb\\r\\nc", "5[2] P2|x" } },
		{ "embedded newlines in two fields",
		    "h\n\"a\nb\",\"c\n\nd\"\n\nP3,y\n",
		    { "1[1] h", "2[2] a\\nb|c\\n\\nd", "7[2] P3|y" } },
		{ "quoted comma and newline",
		    "h\nP1,\"Rue de la Paix, 12\nParis\",\"x,y\"\nP2,z\n",
		    { "1[1] h", "2[3] P1|Rue de la Paix, 12\\nParis|x,y", "4[2] P2|z" } },
	};

	run_read_cases(cases, NCASES(cases));
}

/* Names are UTF-8: Arabic and accented Latin pass untouched. */
static void
test_read_utf8(void)
{
	static const struct read_case cases[] = {
		{ "arabic", "P1,محمد بن علي,staff\n", { "1[3] P1|محمد بن علي|staff" } },
		{ "accented", "P2,Zoë Lefèvre,visitor\r\n", { "1[3] P2|Zoë Lefèvre|visitor" } },
		{ "quoted with comma", "P3,\"Güneş, Çağla\",staff\n",
		    { "1[3] P3|Güneş, Çağla|staff" } },
		{ "four-byte", "P4,\xf0\x9f\x94\x91\n", { "1[2] P4|\xf0\x9f\x94\x91" } },
		{ "U+10FFFF", "\xf4\x8f\xbf\xbf\n", { "1[1] \xf4\x8f\xbf\xbf" } },
		/* invalid: the record is an error, the next one is read */
		{ "latin-1", "h\nP1,Caf\xe9\nP2,ok\n",
		    { "1[1] h", "2! invalid UTF-8", "3[2] P2|ok" } },
		{ "latin-1 before a comma", "Caf\xe9,x\n", { "1! invalid UTF-8" } },
		{ "overlong slash", "a\xc0\xaf\n", { "1! invalid UTF-8" } },
		{ "overlong 3-byte", "\xe0\x80\xaf\n", { "1! invalid UTF-8" } },
		{ "surrogate", "\xed\xa0\x80\n", { "1! invalid UTF-8" } },
		{ "above U+10FFFF", "\xf4\x90\x80\x80\n", { "1! invalid UTF-8" } },
		{ "lone continuation", "\x80\n", { "1! invalid UTF-8" } },
		{ "truncated at end of field", "\xe2\x82,x\n", { "1! invalid UTF-8" } },
		{ "truncated at EOF", "ok\n\xe2\x82", { "1[1] ok", "2! invalid UTF-8" } },
		{ "invalid inside quotes spanning lines",
		    "\"a\n\xff\",b\nc\n", { "1! invalid UTF-8", "3[1] c" } },
	};

	run_read_cases(cases, NCASES(cases));
}

/* Malformed records: reported at their first line; reading resumes. */
static void
test_read_errors(void)
{
	static const struct read_case cases[] = {
		{ "unterminated quote at EOF", "h\nP1,\"never closed\nP2,x\n",
		    { "1[1] h", "2! unterminated quote" } },
		{ "unterminated quote, last byte", "h\n\"", { "1[1] h", "2! unterminated quote" } },
		{ "stray quote", "h\nP1,ab\"c\nP2,x\n",
		    { "1[1] h", "2! quote inside an unquoted field", "3[2] P2|x" } },
		{ "quote ending an unquoted field", "a\"\nb\n",
		    { "1! quote inside an unquoted field", "2[1] b" } },
		{ "text after closing quote", "h\nP1,\"ab\"c\nP2,x\n",
		    { "1[1] h", "2! text after a closing quote", "3[2] P2|x" } },
		{ "space after closing quote", "\"ab\" ,x\r\ny\r\n",
		    { "1! text after a closing quote", "2[1] y" } },
		{ "text after closing quote, second line of the record",
		    "h\nP1,\"a\nb\"x,y\nP2,z\n",
		    { "1[1] h", "2! text after a closing quote", "4[2] P2|z" } },
		{ "errors in a row", "a\"\nb\"\n\"c\"d\ne\n",
		    { "1! quote inside an unquoted field",
		      "2! quote inside an unquoted field",
		      "3! text after a closing quote", "4[1] e" } },
	};

	run_read_cases(cases, NCASES(cases));
}

static void
test_read_too_many_fields(void)
{
	char buf[512], out[MAXOUT][256];
	size_t n = 0;
	int nout, end;

	/* 32 fields: fine */
	for (int i = 0; i < 32; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%d", i ? "," : "", i);
	n += snprintf(buf + n, sizeof(buf) - n, "\n");
	/* 33 fields, the last one quoted over two lines: an error named by its
	 * first line, and the next record still found on its own line */
	for (int i = 0; i < 32; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%d,", i);
	n += snprintf(buf + n, sizeof(buf) - n, "\"x\ny\"\nP3,z\n");
	nout = read_all(buf, n, out, &end);
	CU_ASSERT_EQUAL_FATAL(nout, 3);
	CU_ASSERT_EQUAL(strncmp(out[0], "1[32] 0|1|2|", 12), 0);
	CU_ASSERT_STRING_EQUAL(out[1], "2! too many fields");
	CU_ASSERT_STRING_EQUAL(out[2], "4[2] P3|z");
	CU_ASSERT_EQUAL(end, 5);
}

static void
test_read_limits(void)
{
	size_t len = GH_CSV_MAX_RECORD + 64;
	char *buf = malloc(len), out[MAXOUT][256];
	int n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	/* exactly the limit in two fields (1 + 65535 bytes): fine */
	buf[0] = 'a';
	buf[1] = ',';
	memset(buf + 2, 'b', GH_CSV_MAX_RECORD - 1);
	memcpy(buf + 1 + GH_CSV_MAX_RECORD, "\nc\n", 3);
	n = read_all(buf, GH_CSV_MAX_RECORD + 4, out, NULL);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(strncmp(out[0], "1[2] a|bbb", 10), 0);
	CU_ASSERT_STRING_EQUAL(out[1], "2[1] c");
	/* one byte more: too long, and the next record is still read */
	memset(buf + 2, 'b', GH_CSV_MAX_RECORD);
	memcpy(buf + 2 + GH_CSV_MAX_RECORD, "\nc\n", 3);
	n = read_all(buf, GH_CSV_MAX_RECORD + 5, out, NULL);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_STRING_EQUAL(out[0], "1! record too long");
	CU_ASSERT_STRING_EQUAL(out[1], "2[1] c");
	free(buf);

	/* a NUL byte inside the given length */
	n = read_all("a\0b,c\nd\n", 8, out, NULL);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_STRING_EQUAL(out[0], "1! NUL byte");
	CU_ASSERT_STRING_EQUAL(out[1], "2[1] d");
	/* the length bounds the input, not the NUL */
	n = read_all("a,b\nc,d\n", 4, out, NULL);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_STRING_EQUAL(out[0], "1[2] a|b");
}

/* The reader's own line counter, and the end of input (0) repeated. */
static void
test_read_state(void)
{
	const char *in = "h\n\"a\nb\",c\n\n";
	struct gh_csv c;
	struct gh_csv_record rec;
	const char *why;

	gh_csv_init(&c, in, strlen(in));
	CU_ASSERT_EQUAL(c.line, 1);
	CU_ASSERT_EQUAL(gh_csv_next(&c, &rec, &why), 1);
	CU_ASSERT_EQUAL(c.line, 2);
	CU_ASSERT_EQUAL(gh_csv_next(&c, &rec, &why), 1);
	CU_ASSERT_EQUAL(rec.line, 2);
	CU_ASSERT_EQUAL(c.line, 4);
	CU_ASSERT_EQUAL(gh_csv_next(&c, &rec, &why), 0);
	CU_ASSERT_EQUAL(gh_csv_next(&c, &rec, &why), 0);
	CU_ASSERT_EQUAL(c.line, 5);
	gh_csv_free(&c);
	gh_csv_free(&c);	/* twice is harmless */
}

/* ---- writer ---- */

static char *
written(void (*fn)(FILE *, const void *), const void *arg)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fn(f, arg);
	fclose(f);
	return s;
}

static void
field_fn(FILE *f, const void *arg)
{
	gh_csv_field(f, arg);
}

static void
test_write_field(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "abc", "abc" },
		{ "", "" },
		{ "Zoë Lefèvre", "Zoë Lefèvre" },
		{ "محمد", "محمد" },
		{ "a b", "a b" },
		{ "a=b", "a=b" },		/* only a leading sign is a formula */
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "\"", "\"\"\"\"" },
		{ "a\nb", "\"a\nb\"" },
		{ "a\r\nb", "\"a\r\nb\"" },
		{ "a\rb", "\"a\rb\"" },
		/* formula injection */
		{ "=SUM(A1:A2)", "\"'=SUM(A1:A2)\"" },
		{ "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
		{ "+33 1 23 45 67 89", "\"'+33 1 23 45 67 89\"" },
		{ "-5", "\"'-5\"" },
		{ "@cmd", "\"'@cmd\"" },
		{ "=", "\"'=\"" },
	};

	for (size_t i = 0; i < NCASES(cases); i++) {
		char *s = written(field_fn, cases[i].in);

		if (strcmp(s, cases[i].out) != 0)
			fprintf(stderr, "\n  \"%s\" -> \"%s\"\n", cases[i].in, s);
		CU_ASSERT_STRING_EQUAL(s, cases[i].out);
		free(s);
	}
	{
		char *s = written(field_fn, NULL);

		CU_ASSERT_STRING_EQUAL(s, "");
		free(s);
	}
}

struct row {
	int n;
	const char *const *fields;
};

static void
row_fn(FILE *f, const void *arg)
{
	const struct row *r = arg;

	gh_csv_row(f, r->n, r->fields);
}

static void
test_write_row(void)
{
	static const char *const a[] = { "ref", "name", "org" };
	static const char *const b[] = { "P1", "Dupont, Jean", "=1+1", "" };
	static const char *const c[] = { "only" };
	struct row ra = { 3, a }, rb = { 4, b }, rc = { 1, c }, rz = { 0, NULL };
	char *s;

	s = written(row_fn, &ra);
	CU_ASSERT_STRING_EQUAL(s, "ref,name,org\r\n");
	free(s);
	s = written(row_fn, &rb);
	CU_ASSERT_STRING_EQUAL(s, "P1,\"Dupont, Jean\",\"'=1+1\",\r\n");
	free(s);
	s = written(row_fn, &rc);
	CU_ASSERT_STRING_EQUAL(s, "only\r\n");
	free(s);
	s = written(row_fn, &rz);
	CU_ASSERT_STRING_EQUAL(s, "\r\n");
	free(s);
}

/* What the writer writes, the reader reads back the same. */
static void
test_write_read_back(void)
{
	static const char *const fields[] = { "P1", "Dupont, Jean", "say \"hi\"",
		"two\r\nlines", "line\nfeed", "محمد بن علي", "", "Zoë" };
	const int n = (int)NCASES(fields);
	struct row r = { n, fields };
	char *s = written(row_fn, &r);
	struct gh_csv c;
	struct gh_csv_record rec;
	const char *why;

	gh_csv_init(&c, s, strlen(s));
	CU_ASSERT_EQUAL_FATAL(gh_csv_next(&c, &rec, &why), 1);
	CU_ASSERT_EQUAL_FATAL(rec.nfields, n);
	for (int i = 0; i < n; i++)
		CU_ASSERT_STRING_EQUAL(rec.field[i], fields[i]);
	CU_ASSERT_EQUAL(gh_csv_next(&c, &rec, &why), 0);
	CU_ASSERT_EQUAL(c.line, 4);	/* two embedded line ends, one final */
	gh_csv_free(&c);
	free(s);
}

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_read_basic);
	GH_TEST(s, test_read_quoted);
	GH_TEST(s, test_read_utf8);
	GH_TEST(s, test_read_errors);
	GH_TEST(s, test_read_too_many_fields);
	GH_TEST(s, test_read_limits);
	GH_TEST(s, test_read_state);
	GH_TEST(s, test_write_field);
	GH_TEST(s, test_write_row);
	GH_TEST(s, test_write_read_back);
}
