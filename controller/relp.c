/* The RELP answer parser; see forward.h.  Pure: no I/O, no allocation, so the fuzz
 * target (tests/fuzz/parsers.c) links it alone. */
#include <string.h>

#include "controller/forward.h"

/* Digits at p[*i, len): 1 to 9 of them, then the byte `stop`.  1 parsed (*i past
 * stop), 0 more bytes needed, -1 malformed. */
static int
relp_number(const char *p, size_t len, size_t *i, char stop, long *v)
{
	size_t k = 0;
	*v = 0;
	for (; *i < len; (*i)++, k++) {
		char ch = p[*i];
		if (ch == stop && k > 0) {
			(*i)++;
			return 1;
		}
		if (ch < '0' || ch > '9' || k == 9)
			return -1;
		*v = *v * 10 + (ch - '0');
	}
	return 0;
}

long
gh_relp_parse(const char *buf, size_t len, struct gh_relp_frame *fr)
{
	size_t i = 0, k = 0;
	long dlen;
	int r;
	memset(fr, 0, sizeof *fr);
	fr->code = -1;
	if ((r = relp_number(buf, len, &i, ' ', &fr->txnr)) != 1)
		return r;
	for (;; i++, k++) {
		if (i == len)
			return 0;
		char ch = buf[i];
		if (ch == ' ' && k > 0)
			break;
		if (ch < 'a' || ch > 'z' || k == sizeof fr->command - 1)
			return -1;
		fr->command[k] = ch;
	}
	i++;
	/* DATALEN ends at the trailer (no data) or at the space before the data. */
	size_t at = i;
	if ((r = relp_number(buf, len, &i, '\n', &dlen)) == 1) {
		if (dlen != 0)
			return -1;
		return (long)i;
	}
	i = at;
	if ((r = relp_number(buf, len, &i, ' ', &dlen)) != 1)
		return r;
	if (dlen < 1 || dlen > GH_RELP_DATA_MAX)
		return -1;
	fr->datalen = (size_t)dlen;
	fr->data = buf + i;
	if (len - i < (size_t)dlen + 1)
		return 0;
	if (buf[i + (size_t)dlen] != '\n')
		return -1;
	if (dlen >= 3 && fr->data[0] >= '1' && fr->data[0] <= '5' && fr->data[1] >= '0' &&
	    fr->data[1] <= '9' && fr->data[2] >= '0' && fr->data[2] <= '9' &&
	    (dlen == 3 || fr->data[3] == ' ' || fr->data[3] == '\n'))
		fr->code = (fr->data[0] - '0') * 100 + (fr->data[1] - '0') * 10 +
		    (fr->data[2] - '0');
	return (long)(i + (size_t)dlen + 1);
}
