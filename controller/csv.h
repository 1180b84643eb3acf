/* RFC 4180 CSV: a reader that names records by their first physical line, and a
 * writer that quotes what needs quoting. */
#ifndef GH_CSV_H
#define GH_CSV_H

#include <stddef.h>
#include <stdio.h>

#define GH_CSV_MAX_FIELDS 32
#define GH_CSV_MAX_RECORD 65536	/* bytes of one record, all fields */

struct gh_csv {
	const char *buf;	/* whole input, NUL-terminated; not owned */
	size_t len, pos;
	int line;		/* physical line of the next record (1-based) */
	char *rec;		/* storage for the current record's fields */
	size_t rec_cap;
};

struct gh_csv_record {
	int line;		/* physical line where the record starts */
	int nfields;
	char *field[GH_CSV_MAX_FIELDS];	/* NUL-terminated, point into the reader */
};

/* Start reading `buf` (len bytes).  A leading UTF-8 BOM is skipped.  CRLF or LF. */
void gh_csv_init(struct gh_csv *c, const char *buf, size_t len);
void gh_csv_free(struct gh_csv *c);
/* Next record: 1 and *rec; 0 at the end; -1 on a malformed record with *why (a
 * quote inside an unquoted field, text after a closing quote, an unterminated quote,
 * too many fields, a record too long, a NUL byte, invalid UTF-8) and rec->line set;
 * after -1 the reader resumes at the next physical line.  Empty lines are skipped. */
int gh_csv_next(struct gh_csv *c, struct gh_csv_record *rec, const char **why);

/* Write one field, quoted when it holds a comma, quote, CR or LF, or starts with
 * = + - @ (spreadsheet formula injection: such a field is written with a leading
 * apostrophe inside quotes). */
void gh_csv_field(FILE *f, const char *s);
/* Write fields separated by commas and ended with CRLF. */
void gh_csv_row(FILE *f, int n, const char *const *fields);

#endif
