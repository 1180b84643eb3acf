/* Declared field validators: every form or API handler lists its fields once, and
 * web_validate checks a parsed form against the list before the handler sees it.
 * An unknown field, a missing required one, or a value of the wrong shape is refused
 * with a message naming the field. */
#ifndef GH_WEB_VALIDATE_H
#define GH_WEB_VALIDATE_H

#include <stddef.h>

#include "webui/form.h"

enum web_field_kind {
	WF_TEXT,	/* free text of several lines (a textarea: LF or CR LF, tab), UTF-8,
			   no other control characters, at most max bytes */
	WF_LINE,	/* one line of text */
	WF_NAME,	/* a name (gh_name_valid: 1..64 characters) */
	WF_REF,		/* a reference: letters, digits, - _ . (1..64) */
	WF_INT,		/* a decimal integer in [min, max] */
	WF_ENUM,	/* one of the words in `values` ("a|b|c") */
	WF_TOKEN,	/* hex or the login token's hex:hex, at most max bytes */
	WF_SECRET,	/* a password: any UTF-8, at most max bytes, never echoed */
};

struct web_field {
	const char *name;
	enum web_field_kind kind;
	int required;
	long min, max;		/* WF_INT bounds; max bytes for text kinds (0: default) */
	const char *values;	/* WF_ENUM */
};

/* 0 when the form fits the fields; -1 with err ("field 'kind': ...") otherwise. */
int web_validate(const struct web_field *fields, size_t n, const struct web_form *f,
    char *err, size_t errlen);

#endif
