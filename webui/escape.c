/* Output escaping; see escape.h. */
#include "webui/escape.h"

#include <stdio.h>
#include <string.h>

/* The length of the valid UTF-8 sequence at s, or 0. */
static size_t
utf8_seq(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 :
	    (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return gh_utf8_valid((const char *)s, n) ? n : 0;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Walk s by code point; esc(b, byte) handles ASCII, valid multi-byte sequences are
 * copied, invalid bytes replaced.  A run of ASCII bytes that `plain` says esc copies
 * as they are goes out in one piece (reports escape megabytes). */
static void
walk(struct gh_buf *b, const char *s, void (*esc)(struct gh_buf *, unsigned char),
    int (*plain)(unsigned char))
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		const unsigned char *run = p;
		while (*p && *p < 0x80 && plain(*p))
			p++;
		if (p > run)
			gh_buf_add(b, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		size_t n = utf8_seq(p);
		if (n == 0) {
			gh_buf_add(b, REPLACEMENT, 3);
			p++;
		} else if (n == 1) {
			esc(b, *p);
			p++;
		} else {
			gh_buf_add(b, (const char *)p, n);
			p += n;
		}
	}
}

/* The ASCII bytes each escaper below copies unchanged. */
static int
html_plain(unsigned char c)
{
	return (c >= 0x20 || c == '\n' || c == '\t') && c != '&' && c != '<' && c != '>' &&
	    c != '"' && c != '\'';
}

static int
attr_plain(unsigned char c)
{
	return c >= 0x20 && c != 0x7F && c != '`' && c != '=' && html_plain(c);
}

static int
json_plain(unsigned char c)
{
	return c >= 0x20 && c != 0x7F && c != '"' && c != '\\' && c != '<' && c != '>' &&
	    c != '&' && c != '\'';
}

static int
csv_plain(unsigned char c)
{
	return c != '"';
}

static void
html1(struct gh_buf *b, unsigned char c)
{
	switch (c) {
	case '&': gh_buf_puts(b, "&amp;"); break;
	case '<': gh_buf_puts(b, "&lt;"); break;
	case '>': gh_buf_puts(b, "&gt;"); break;
	case '"': gh_buf_puts(b, "&quot;"); break;
	case '\'': gh_buf_puts(b, "&#39;"); break;
	default:
		if (c < 0x20 && c != '\n' && c != '\t')
			gh_buf_printf(b, "&#x%X;", c == 0 ? 0xFFFD : c);
		else
			gh_buf_add(b, (const char *)&c, 1);
	}
}

static void
attr1(struct gh_buf *b, unsigned char c)
{
	if (c == '`' || c == '=' || c < 0x20 || c == 0x7F)
		gh_buf_printf(b, "&#x%X;", c);
	else
		html1(b, c);
}

static void
json1(struct gh_buf *b, unsigned char c)
{
	switch (c) {
	case '"': gh_buf_puts(b, "\\\""); break;
	case '\\': gh_buf_puts(b, "\\\\"); break;
	case '\n': gh_buf_puts(b, "\\n"); break;
	case '\r': gh_buf_puts(b, "\\r"); break;
	case '\t': gh_buf_puts(b, "\\t"); break;
	case '<': case '>': case '&': case '\'':
		gh_buf_printf(b, "\\u%04x", c);
		break;
	default:
		if (c < 0x20 || c == 0x7F)
			gh_buf_printf(b, "\\u%04x", c);
		else
			gh_buf_add(b, (const char *)&c, 1);
	}
}

static void
csv1(struct gh_buf *b, unsigned char c)
{
	if (c == '"')
		gh_buf_puts(b, "\"\"");
	else
		gh_buf_add(b, (const char *)&c, 1);
}

void
web_html(struct gh_buf *b, const char *s)
{
	walk(b, s, html1, html_plain);
}

void
web_attr(struct gh_buf *b, const char *s)
{
	walk(b, s, attr1, attr_plain);
}

void
web_json_str(struct gh_buf *b, const char *s)
{
	gh_buf_puts(b, "\"");
	walk(b, s, json1, json_plain);
	gh_buf_puts(b, "\"");
}

void
web_url(struct gh_buf *b, const char *s)
{
	/* Percent-encoding works on bytes; an invalid byte is encoded as U+FFFD. */
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		size_t n = utf8_seq(p);
		if (n == 0) {
			gh_buf_puts(b, "%EF%BF%BD");
			p++;
			continue;
		}
		for (size_t i = 0; i < n; i++, p++) {
			unsigned char c = *p;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~')
				gh_buf_add(b, (const char *)&c, 1);
			else
				gh_buf_printf(b, "%%%02X", c);
		}
	}
}

void
web_csv(struct gh_buf *b, const char *s)
{
	s = s ? s : "";
	gh_buf_puts(b, "\"");
	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	    s[0] == '\r')
		gh_buf_puts(b, "'");
	walk(b, s, csv1, csv_plain);
	gh_buf_puts(b, "\"");
}
