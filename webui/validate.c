/* Declared field validators; see validate.h. */
#include "webui/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/util.h"

static const char *
check(const struct web_field *d, const char *v)
{
	size_t len = strlen(v), max = d->max > 0 ? (size_t)d->max : 2048;
	const char *why;
	long n;
	switch (d->kind) {
	case WF_TEXT:
		/* A textarea: browsers end its lines with CR LF (a lone CR is refused). */
		if (len > max)
			return "too long";
		if (!gh_utf8_valid(v, len))
			return "is not valid UTF-8";
		for (const unsigned char *p = (const unsigned char *)v; *p; p++)
			if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f ||
			    (*p == '\r' && p[1] != '\n') ||
			    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) ||
			    (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)))
				return "contains control characters";
		return NULL;
	case WF_LINE:
		if (len > max)
			return "too long";
		if (d->kind == WF_TEXT && strstr(v, "\r\n") != NULL) {
			/* A browser sends a textarea's line breaks as CR LF: checked as LF. */
			char *lf = strdup(v);
			if (lf == NULL)
				return "out of memory";
			char *o = lf;
			for (const char *p = v; *p; p++)
				if (!(p[0] == '\r' && p[1] == '\n'))
					*o++ = *p;
			*o = '\0';
			int bad = gh_text_valid(lf, &why) != 0;
			free(lf);
			return bad ? why : NULL;
		}
		if (gh_text_valid(v, &why) != 0)
			return why;
		if (strpbrk(v, "\r\n"))
			return "must be one line";
		return NULL;
	case WF_NAME:
		return gh_name_valid(v, &why) == 0 ? NULL : why;
	case WF_REF:
		if (len == 0 || len > 64)
			return "must have 1 to 64 characters";
		for (const char *p = v; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
				return "may hold letters, digits, - _ . only";
		return NULL;
	case WF_INT:
		return gh_parse_long(v, d->min, d->max, &n) == 0 ? NULL : "out of range";
	case WF_ENUM: {
		size_t k = strlen(v);
		for (const char *p = d->values; p && *p;) {
			size_t w = strcspn(p, "|");
			if (w == k && k > 0 && strncmp(p, v, k) == 0)
				return NULL;
			p += w + (p[w] == '|');
		}
		return "is not one of the allowed values";
	}
	case WF_TOKEN:
		if (len == 0 || len > (d->max > 0 ? (size_t)d->max : 128))
			return "bad length";
		for (const char *p = v; *p; p++)
			if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || *p == ':'))
				return "malformed";
		return NULL;
	case WF_SECRET:
		return len <= (d->max > 0 ? (size_t)d->max : 1024) && gh_utf8_valid(v, len) ?
		    NULL : "too long or not UTF-8";
	}
	return "unknown field kind";
}

int
web_validate(const struct web_field *fields, size_t n, const struct web_form *f, char *err,
    size_t errlen)
{
	for (int i = 0; i < f->n; i++) {
		size_t k;
		for (k = 0; k < n; k++)
			if (strcmp(fields[k].name, f->name[i]) == 0)
				break;
		if (k == n) {
			snprintf(err, errlen, "unexpected field '%.40s'", f->name[i]);
			return -1;
		}
		for (int j = 0; j < i; j++)
			if (strcmp(f->name[j], f->name[i]) == 0) {
				snprintf(err, errlen, "field '%.40s' given twice", f->name[i]);
				return -1;
			}
		const char *why = check(&fields[k], f->value[i]);
		if (why != NULL) {
			snprintf(err, errlen, "field '%s': %s", fields[k].name, why);
			return -1;
		}
	}
	for (size_t k = 0; k < n; k++)
		if (fields[k].required && web_form_get(f, fields[k].name) == NULL) {
			snprintf(err, errlen, "field '%s' is required", fields[k].name);
			return -1;
		}
	return 0;
}
