/* application/x-www-form-urlencoded bodies and query strings, parsed into a bounded
 * set of (name, value) pairs: percent-decoding, `+` as space; invalid escapes, NUL
 * bytes, invalid UTF-8, too many fields or too long ones are refused with a reason. */
#ifndef GH_WEB_FORM_H
#define GH_WEB_FORM_H

#include <stddef.h>

#define WEB_FORM_FIELDS 64
#define WEB_FORM_BYTES (64 * 1024)

struct web_form {
	int n;
	const char *name[WEB_FORM_FIELDS];
	const char *value[WEB_FORM_FIELDS];
	char store[WEB_FORM_BYTES + WEB_FORM_FIELDS * 2];
};

/* 0, or -1 with err. */
int web_form_parse(const char *s, size_t len, struct web_form *f, char *err, size_t errlen);
/* The first value of a name, or NULL. */
const char *web_form_get(const struct web_form *f, const char *name);

#endif
