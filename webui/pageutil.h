/* What the person, events, audit and review pages share: the journal opened
 * read-only, downloads (Content-Disposition: attachment), site-local days, validity
 * ranges.  The web service reads the journal, never writes it: operator events go
 * through the controller (web_record). */
#ifndef GH_WEB_PAGEUTIL_H
#define GH_WEB_PAGEUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "controller/util.h"

struct web_req;
struct web_resp;
struct gh_journal;

/* The journal's path (--journal; default: journal.db beside the configuration). */
extern const char *web_journal_path;
/* The journal, read-only, for this request (closed by the caller with
 * gh_journal_close); GH_OK, or an error with err. */
int web_journal_open(struct gh_journal **j, char *err, size_t errlen);

/* A table as a file to save (R-EXPORT): CSV (RFC 4180, formula cells neutralised) or
 * a JSON array of objects (integer cells as numbers, NULL as null); the columns named
 * in cols (NULL: all of them), the rows in the table's order or reversed; the file is
 * NAME.csv or NAME.json. */
struct gh_table;
void web_table_export(struct web_resp *r, const struct gh_table *t, const char *const *cols,
    int ncols, int reversed, int json, const char *name);
/* A table's cell by column name, "" for NULL or no such column. */
const char *web_cell(const struct gh_table *t, int row, const char *col);
/* The pager of a listing (events, audit trail): a "newer" link when page > 1, the
 * page number, an "older" link when more; path and the filter's query string qs
 * (URL-encoded) make the links. */
void web_pager(struct web_req *q, struct gh_buf *b, const char *id, const char *path,
    const struct gh_buf *qs, int page, int more);
/* The response as a file to save: Content-Type and the file name given. */
void web_download(struct web_resp *r, const char *type, const char *filename);

/* A UTC time from the databases ("YYYY-MM-DDTHH:MM:SS...") with its time in the site
 * zone and the operator's language; anything else escaped as text. */
void web_utc(struct gh_buf *b, int lang, const char *utc);
/* A site-local date "YYYY-MM-DD" in the operator's language (as is when not one). */
void web_day(struct gh_buf *b, int lang, const char *day);
/* "DATE to DATE", "from DATE", "until DATE" or "always" for a validity range. */
void web_validity(struct web_req *q, struct gh_buf *b, const char *from, const char *until);
/* A site-local day "YYYY-MM-DD" as the UTC microseconds of its first instant, or of
 * the next day's first instant when next; -1 when not a date. */
int64_t web_day_start_us(const char *day, int next);

#endif
