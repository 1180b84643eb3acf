/* A JSON writer: every string goes through gh_json_quote. */
#include "controller/json.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void
gh_json_quote(struct gh_buf *b, const char *s)
{
	gh_buf_add(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* A run of bytes that need no escape goes out in one piece. */
		const unsigned char *run = p;
		while (*p >= 0x20 && *p != 0x7f && *p != '"' && *p != '\\' && *p != '<' &&
		    *p != '>' && *p != '&')
			p++;
		if (p > run)
			gh_buf_add(b, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		switch (*p) {
		case '"': gh_buf_add(b, "\\\"", 2); break;
		case '\\': gh_buf_add(b, "\\\\", 2); break;
		case '\n': gh_buf_add(b, "\\n", 2); break;
		case '\r': gh_buf_add(b, "\\r", 2); break;
		case '\t': gh_buf_add(b, "\\t", 2); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				gh_buf_printf(b, "\\u%04x", *p);
			} else if (*p == '<' || *p == '>' || *p == '&') {
				/* Safe to embed in HTML <script> and attributes. */
				gh_buf_printf(b, "\\u%04x", *p);
			} else {
				gh_buf_add(b, (const char *)p, 1);
			}
		}
	}
	gh_buf_add(b, "\"", 1);
}

void
gh_json_init(struct gh_json *j, struct gh_buf *b)
{
	memset(j, 0, sizeof *j);
	j->b = b;
}

/* Separator before a value (or a key) at the current level. */
static void
sep(struct gh_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->count[j->depth]++ > 0)
		gh_buf_add(j->b, ",", 1);
}

static void
open_(struct gh_json *j, const char *c)
{
	sep(j);
	gh_buf_puts(j->b, c);
	if (j->depth < GH_JSON_DEPTH - 1)
		j->depth++;
	j->count[j->depth] = 0;
}

static void
close_(struct gh_json *j, const char *c)
{
	gh_buf_puts(j->b, c);
	if (j->depth > 0)
		j->depth--;
}

void gh_json_obj(struct gh_json *j) { open_(j, "{"); }
void gh_json_obj_end(struct gh_json *j) { close_(j, "}"); }
void gh_json_arr(struct gh_json *j) { open_(j, "["); }
void gh_json_arr_end(struct gh_json *j) { close_(j, "]"); }

void
gh_json_key(struct gh_json *j, const char *key)
{
	sep(j);
	gh_json_quote(j->b, key);
	gh_buf_add(j->b, ":", 1);
	j->after_key = 1;
}

void
gh_json_str(struct gh_json *j, const char *s)
{
	sep(j);
	if (s == NULL)
		gh_buf_puts(j->b, "null");
	else
		gh_json_quote(j->b, s);
}

void
gh_json_int(struct gh_json *j, int64_t v)
{
	sep(j);
	gh_buf_printf(j->b, "%" PRId64, v);
}

void
gh_json_bool(struct gh_json *j, int v)
{
	sep(j);
	gh_buf_puts(j->b, v ? "true" : "false");
}

void
gh_json_null(struct gh_json *j)
{
	sep(j);
	gh_buf_puts(j->b, "null");
}

void
gh_json_raw(struct gh_json *j, const char *json)
{
	sep(j);
	gh_buf_puts(j->b, json);
}

void gh_json_kstr(struct gh_json *j, const char *k, const char *v) { gh_json_key(j, k); gh_json_str(j, v); }
void gh_json_kint(struct gh_json *j, const char *k, int64_t v) { gh_json_key(j, k); gh_json_int(j, v); }
void gh_json_kbool(struct gh_json *j, const char *k, int v) { gh_json_key(j, k); gh_json_bool(j, v); }
