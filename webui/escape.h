/* Output escaping by context (R-AUTH hardening): the one way every page and API writes
 * user data.  Each function appends to b; a NULL string is written as "".  Invalid
 * UTF-8 never passes through: each bad byte becomes U+FFFD. */
#ifndef GH_WEB_ESCAPE_H
#define GH_WEB_ESCAPE_H

#include "controller/util.h"

/* HTML text: & < > " ' escaped. */
void web_html(struct gh_buf *b, const char *s);
/* A quoted HTML attribute value: also ` = and control characters as &#xNN;. */
void web_attr(struct gh_buf *b, const char *s);
/* A URL component: everything but RFC 3986's unreserved characters percent-encoded. */
void web_url(struct gh_buf *b, const char *s);
/* A JSON string literal with its quotes; < > & also escaped (\u003c ...), so that it
 * can sit inside HTML. */
void web_json_str(struct gh_buf *b, const char *s);
/* An RFC 4180 CSV cell; a cell starting with = + - @ TAB or CR gets a leading
 * apostrophe (formula injection). */
void web_csv(struct gh_buf *b, const char *s);

#endif
