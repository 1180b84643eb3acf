/* Form parsing; see form.h. */
#include "webui/form.h"

#include <stdio.h>
#include <string.h>

#include "controller/util.h"

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decode s[0..n) into out; the number of bytes written, or -1. */
static long
decode(const char *s, size_t n, char *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			out[k++] = ' ';
		} else if (c == '%') {
			int h, l;
			if (i + 2 >= n || (h = hexval(s[i + 1])) < 0 || (l = hexval(s[i + 2])) < 0)
				return -1;
			c = (char)(h * 16 + l);
			if (c == '\0')
				return -1;
			out[k++] = c;
			i += 2;
		} else if (c == '\0') {
			return -1;
		} else {
			out[k++] = c;
		}
	}
	out[k] = '\0';
	return (long)k;
}

int
web_form_parse(const char *s, size_t len, struct web_form *f, char *err, size_t errlen)
{
	f->n = 0;
	if (len > WEB_FORM_BYTES) {
		snprintf(err, errlen, "form too long");
		return -1;
	}
	size_t used = 0, i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != '&')
			j++;
		if (j > i) {
			const char *eq = memchr(s + i, '=', j - i);
			size_t nlen = eq ? (size_t)(eq - (s + i)) : j - i;
			size_t vlen = eq ? j - i - nlen - 1 : 0;
			if (f->n == WEB_FORM_FIELDS) {
				snprintf(err, errlen, "too many fields");
				return -1;
			}
			char *name = f->store + used;
			long dn = decode(s + i, nlen, name);
			if (dn < 0) {
				snprintf(err, errlen, "bad escape in a field name");
				return -1;
			}
			used += (size_t)dn + 1;
			char *value = f->store + used;
			long dv = eq ? decode(eq + 1, vlen, value) : (value[0] = '\0', 0);
			if (dv < 0) {
				snprintf(err, errlen, "bad escape in field '%.40s'", name);
				return -1;
			}
			used += (size_t)dv + 1;
			if (!gh_utf8_valid(name, (size_t)dn) || !gh_utf8_valid(value, (size_t)dv)) {
				snprintf(err, errlen, "field '%.40s' is not UTF-8", name);
				return -1;
			}
			f->name[f->n] = name;
			f->value[f->n] = value;
			f->n++;
		}
		i = j + 1;
	}
	return 0;
}

const char *
web_form_get(const struct web_form *f, const char *name)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->name[i], name) == 0)
			return f->value[i];
	return NULL;
}
