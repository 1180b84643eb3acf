/* See webui/pageutil.h. */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "controller/timeutil.h"
#include "db/journal.h"
#include "webui/escape.h"
#include "webui/pageutil.h"
#include "webui/static.h"
#include "webui/web.h"

static const struct web_msg msgs[] = {
	{ "%s to %s", "du %s au %s", "من %s إلى %s" },
	{ "from %s", "à partir du %s", "ابتداءً من %s" },
	{ "until %s", "jusqu'au %s", "حتى %s" },
	{ "always", "toujours", "دائمًا" },
	{ "Page %d", "Page %d", "الصفحة %d" },
	{ "Newer", "Plus récents", "الأحدث" },
	{ "Older", "Plus anciens", "الأقدم" },
};
WEB_CATALOGUE(msgs)

/* A warning tag (an inactive person, evidence altered, a month not signed). */
static const char pageutil_css[] =
    ".tag.bad{background:#fdecea;color:var(--bad);border-color:#f3b9b3}\n";
WEB_CSS(pageutil, pageutil_css)

const char *web_journal_path;

int
web_journal_open(struct gh_journal **j, char *err, size_t errlen)
{
	if (web_journal_path == NULL || !*web_journal_path) {
		snprintf(err, errlen, "no journal is configured (--journal)");
		return GH_EFAIL;
	}
	return gh_journal_open(j, web_journal_path, GH_JOURNAL_READONLY, err, errlen);
}

const char *
web_cell(const struct gh_table *t, int row, const char *col)
{
	const char *s = gh_table_value(t, row, col);
	return s ? s : "";
}

void
web_pager(struct web_req *q, struct gh_buf *b, const char *id, const char *path,
    const struct gh_buf *qs, int page, int more)
{
	gh_buf_printf(b, "<nav class=\"pager\" id=\"%s\">", id);
	if (page > 1) {
		gh_buf_printf(b, "<a rel=\"prev\" href=\"%s?", path);
		web_attr(b, qs->s ? qs->s : "");
		gh_buf_printf(b, "%spage=%d\">", qs->len ? "&amp;" : "", page - 1);
		web_html(b, T("Newer"));
		gh_buf_puts(b, "</a> ");
	}
	gh_buf_puts(b, "<span>");
	web_tf(b, q->lang, "Page %d", page);
	gh_buf_puts(b, "</span>");
	if (more) {
		gh_buf_printf(b, " <a rel=\"next\" href=\"%s?", path);
		web_attr(b, qs->s ? qs->s : "");
		gh_buf_printf(b, "%spage=%d\">", qs->len ? "&amp;" : "", page + 1);
		web_html(b, T("Older"));
		gh_buf_puts(b, "</a>");
	}
	gh_buf_puts(b, "</nav>");
}

void
web_table_export(struct web_resp *r, const struct gh_table *t, const char *const *cols,
    int ncols, int reversed, int json, const char *name)
{
	int n = cols ? ncols : t->ncols;
	struct gh_buf *b = &r->body;
	gh_buf_reset(b);
	if (json)
		gh_buf_puts(b, "[");
	for (int c = 0; !json && c < n; c++) {
		if (c)
			gh_buf_puts(b, ",");
		web_csv(b, cols ? cols[c] : t->col[c]);
	}
	if (!json)
		gh_buf_puts(b, "\r\n");
	for (int k = 0; k < t->nrows; k++) {
		int i = reversed ? t->nrows - 1 - k : k;
		if (json)
			gh_buf_puts(b, k ? ",\n{" : "\n{");
		for (int c = 0; c < n; c++) {
			int col = cols ? gh_table_col(t, cols[c]) : c;
			const char *cell = col >= 0 ? gh_table_cell(t, i, col) : NULL;
			if (c)
				gh_buf_puts(b, ",");
			if (!json) {
				web_csv(b, cell ? cell : "");
				continue;
			}
			web_json_str(b, cols ? cols[c] : t->col[c]);
			gh_buf_puts(b, ":");
			if (cell == NULL)
				gh_buf_puts(b, "null");
			else if (col >= 0 && t->types[i * t->ncols + col] == GH_CELL_INT)
				gh_buf_puts(b, cell);
			else
				web_json_str(b, cell);
		}
		gh_buf_puts(b, json ? "}" : "\r\n");
	}
	if (json)
		gh_buf_puts(b, "\n]\n");
	char file[64];
	snprintf(file, sizeof file, "%s.%s", name, json ? "json" : "csv");
	web_download(r, json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
	    file);
}

void
web_download(struct web_resp *r, const char *type, const char *filename)
{
	struct MHD_Response *m = MHD_create_response_from_buffer(r->body.len,
	    r->body.s ? r->body.s : (char *)"", MHD_RESPMEM_MUST_COPY);
	r->status = 200;
	r->type = type;
	if (m == NULL) {
		r->status = 500;
		return;
	}
	char cd[200];
	snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", filename);
	MHD_add_response_header(m, "Content-Disposition", cd);
	r->stream = m;
}

int64_t
web_day_start_us(const char *day, int next)
{
	gh_day d;
	char s[11];
	int64_t us;
	if (day == NULL || strlen(day) != 10 || gh_date_parse(day, &d) != 0)
		return -1;
	gh_date_format(next ? d + 1 : d, s, sizeof s);
	return gh_day_start_us(s, &us) == 0 ? us : -1;
}

void
web_utc(struct gh_buf *b, int lang, const char *utc)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (utc == NULL || strptime(utc, "%Y-%m-%dT%H:%M:%S", &tm) == NULL) {
		web_html(b, utc ? utc : "");
		return;
	}
	web_date_utc_text(b, lang, utc, 1);
}

void
web_day(struct gh_buf *b, int lang, const char *day)
{
	time_t t;
	const char *why;
	char local[32];
	gh_day d;
	if (day == NULL || strlen(day) != 10 || gh_date_parse(day, &d) != 0) {
		web_html(b, day ? day : "");
		return;
	}
	snprintf(local, sizeof local, "%s 12:00", day);
	if (gh_time_parse(local, &t, &why) != 0) {
		web_html(b, day);
		return;
	}
	web_date(b, lang, (int64_t)t * 1000000, 0);
}

void
web_validity(struct web_req *q, struct gh_buf *b, const char *from, const char *until)
{
	struct gh_buf f, u;
	gh_buf_init(&f);
	gh_buf_init(&u);
	int hf = from && *from, hu = until && *until;
	if (hf)
		web_day(&f, q->lang, from);
	if (hu)
		web_day(&u, q->lang, until);
	if (hf && hu)
		web_tf(b, q->lang, "%s to %s", f.s, u.s);
	else if (hf)
		web_tf(b, q->lang, "from %s", f.s);
	else if (hu)
		web_tf(b, q->lang, "until %s", u.s);
	else
		web_html(b, T("always"));
	gh_buf_free(&f);
	gh_buf_free(&u);
}
