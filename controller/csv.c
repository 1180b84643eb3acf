/* RFC 4180 CSV.  The reader works on a whole file in memory so that it can name
 * each record by the physical line it starts on, as import messages do
 * ("FILE:LINE: TEXT"); the writer defuses spreadsheet formulas. */
#include "controller/csv.h"

#include <stdlib.h>
#include <string.h>

void
gh_csv_init(struct gh_csv *c, const char *buf, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->buf = buf;
	c->len = len;
	c->line = 1;
	/* Spreadsheets on Windows write a BOM; it is not part of the first field. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		c->pos = 3;
}

void
gh_csv_free(struct gh_csv *c)
{
	free(c->rec);
	c->rec = NULL;
	c->rec_cap = 0;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k;
	unsigned cp, min;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			k = 1;
			cp = s[i] & 0x1f;
			min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			k = 2;
			cp = s[i] & 0x0f;
			min = 0x800;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			k = 3;
			cp = s[i] & 0x07;
			min = 0x10000;
		} else
			return 0;
		if (n - i <= k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* Is there a line end (LF or CRLF) at p?  A lone CR is data. */
static int
eol_at(const struct gh_csv *c, size_t p)
{
	return c->buf[p] == '\n' ||
	    (c->buf[p] == '\r' && p + 1 < c->len && c->buf[p + 1] == '\n');
}

/* Step over the line end at p, counting the line. */
static size_t
skip_eol(struct gh_csv *c, size_t p)
{
	c->line++;
	return p + (c->buf[p] == '\r' ? 2 : 1);
}

/* The record being read: its bytes are stored only while it is still good,
 * but a record with bad content is read to its end all the same, so that the
 * next one starts where it really starts. */
struct rd {
	struct gh_csv *c;
	size_t o;		/* bytes stored in c->rec */
	size_t data;		/* bytes of field data seen */
	const char *err;	/* first content error */
};

static void
put(struct rd *r, char ch)
{
	if (r->err != NULL)
		return;
	if (ch == '\0') {
		r->err = "NUL byte";
		return;
	}
	if (++r->data > GH_CSV_MAX_RECORD) {
		r->err = "record too long";
		return;
	}
	r->c->rec[r->o++] = ch;
}

int
gh_csv_next(struct gh_csv *c, struct gh_csv_record *rec, const char **why)
{
	const char *b = c->buf, *dummy;
	struct rd r = { c, 0, 0, NULL };
	size_t p = c->pos, need, fstart = 0;
	int nf = 0;

	if (why == NULL)
		why = &dummy;
	rec->nfields = 0;
	while (p < c->len && eol_at(c, p))
		p = skip_eol(c, p);
	c->pos = p;
	rec->line = c->line;
	if (p >= c->len)
		return 0;

	/* Room for the longest record the rest of the input can hold, within
	 * the limit, and a NUL per field. */
	need = c->len - p;
	if (need > GH_CSV_MAX_RECORD)
		need = GH_CSV_MAX_RECORD;
	need += GH_CSV_MAX_FIELDS;
	if (c->rec_cap < need) {
		char *n = realloc(c->rec, need);

		if (n == NULL) {
			*why = "out of memory";
			return -1;
		}
		c->rec = n;
		c->rec_cap = need;
	}

	for (;;) {
		if (nf++ == GH_CSV_MAX_FIELDS && r.err == NULL)
			r.err = "too many fields";
		fstart = r.o;
		if (p < c->len && b[p] == '"') {
			for (p++;; p++) {
				if (p >= c->len) {
					*why = "unterminated quote";
					goto bad_syntax;
				}
				if (b[p] == '"') {
					if (p + 1 < c->len && b[p + 1] == '"') {
						put(&r, '"');
						p++;
						continue;
					}
					p++;
					break;
				}
				if (b[p] == '\n')
					c->line++;
				put(&r, b[p]);
			}
			if (p < c->len && b[p] != ',' && !eol_at(c, p)) {
				*why = "text after a closing quote";
				goto bad_syntax;
			}
		} else {
			for (; p < c->len && b[p] != ',' && !eol_at(c, p); p++) {
				if (b[p] == '"') {
					*why = "quote inside an unquoted field";
					goto bad_syntax;
				}
				put(&r, b[p]);
			}
		}
		if (r.err == NULL) {
			/* Terminated first: a sequence cut short at the end of
			 * the field meets the NUL, never the next field's bytes. */
			c->rec[r.o] = '\0';
			if (!utf8_valid((const unsigned char *)c->rec + fstart,
			    r.o - fstart))
				r.err = "invalid UTF-8";
			else {
				rec->field[rec->nfields++] = c->rec + fstart;
				r.o++;
			}
		}
		if (p < c->len && b[p] == ',') {
			p++;
			continue;
		}
		if (p < c->len)
			p = skip_eol(c, p);
		break;
	}
	c->pos = p;
	if (r.err != NULL) {
		*why = r.err;
		rec->nfields = 0;
		return -1;
	}
	return 1;

bad_syntax:
	/* The record's structure is lost: resume at the next physical line. */
	while (p < c->len && !eol_at(c, p))
		p++;
	if (p < c->len)
		p = skip_eol(c, p);
	c->pos = p;
	rec->nfields = 0;
	return -1;
}

void
gh_csv_field(FILE *f, const char *s)
{
	int formula, quote;

	if (s == NULL)
		s = "";
	/* A cell starting with = + - @ is a formula to a spreadsheet; names and
	 * organisations come from people outside and must stay text. */
	formula = s[0] != '\0' && strchr("=+-@", s[0]) != NULL;
	quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void
gh_csv_row(FILE *f, int n, const char *const *fields)
{
	for (int i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', f);
		gh_csv_field(f, fields[i]);
	}
	fputs("\r\n", f);
}
