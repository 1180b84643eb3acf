/* The journal's events (R-TRACE) filtered by date range, door, zone, person and
 * decision, newest first, a page at a time; the filtered rows export as CSV and JSON
 * (R-EXPORT), oldest first like `gatehouse events`, with formula cells neutralised.
 * The journal is opened read-only for each request (--journal). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/journal.h"
#include "webui/escape.h"
#include "webui/form.h"
#include "webui/pageutil.h"
#include "webui/roles.h"
#include "webui/static.h"
#include "webui/validate.h"
#include "webui/web.h"

#define PAGE_ROWS 100

static const struct web_msg msgs[] = {
	{ "Filter", "Filtrer", "تصفية" },
	{ "any", "tous", "الكل" },
	{ "Badge", "Badge", "الشارة" },
	{ "Zone", "Zone", "المنطقة" },
	{ "Operator", "Opérateur", "المشغّل" },
	{ "From", "Du", "من" },
	{ "Until", "Au", "إلى" },
	{ "Dates are written YYYY-MM-DD; a decision is granted or refused.",
	  "Les dates s'écrivent AAAA-MM-JJ ; une décision est accordée ou refusée.",
	  "تُكتب التواريخ بالشكل YYYY-MM-DD؛ والقرار إما مسموح أو مرفوض." },
	{ "The journal cannot be read.", "Le journal ne peut pas être lu.",
	  "لا يمكن قراءة السجل." },
	{ "No event matches.", "Aucun événement ne correspond.", "لا يوجد حدث مطابق." },
	{ "Export CSV", "Exporter en CSV", "تصدير CSV" },
	{ "Export JSON", "Exporter en JSON", "تصدير JSON" },
	{ "Times are in the site time zone.", "Les heures sont dans le fuseau horaire du site.",
	  "الأوقات بالمنطقة الزمنية للموقع." },
};
WEB_CATALOGUE(msgs)

struct filter {
	struct gh_event_query q;
	const char *since, *until;	/* as given, for the links */
	int page;
};

/* The filters of the query string; 0, or -1 when a date is not one or the decision
 * neither granted nor refused. */
static int
filter_parse(const struct web_form *f, struct filter *fl)
{
	memset(fl, 0, sizeof *fl);
	const char *s;
	fl->since = web_form_get(f, "since");
	fl->until = web_form_get(f, "until");
	if (fl->since && *fl->since && (fl->q.since_us = web_day_start_us(fl->since, 0)) < 0)
		return -1;
	if (fl->until && *fl->until && (fl->q.until_us = web_day_start_us(fl->until, 1)) < 0)
		return -1;
	if ((s = web_form_get(f, "door")) && *s)
		fl->q.door = s;
	if ((s = web_form_get(f, "zone")) && *s)
		fl->q.zone = s;
	if ((s = web_form_get(f, "person")) && *s)
		fl->q.person = s;
	if ((s = web_form_get(f, "decision")) && *s) {
		if (strcmp(s, "granted") != 0 && strcmp(s, "refused") != 0)
			return -1;
		fl->q.decision = s;
	}
	fl->page = (s = web_form_get(f, "page")) ? atoi(s) : 1;
	return 0;
}

/* The filters as a query string (without page). */
static void
filter_query(struct gh_buf *b, const struct filter *fl)
{
	const char *k[] = { "since", "until", "door", "zone", "person", "decision" };
	const char *val[] = { fl->since, fl->until, fl->q.door, fl->q.zone, fl->q.person,
		fl->q.decision };
	int first = 1;
	for (int i = 0; i < 6; i++) {
		if (val[i] == NULL || !*val[i])
			continue;
		gh_buf_printf(b, "%s%s=", first ? "" : "&", k[i]);
		web_url(b, val[i]);
		first = 0;
	}
}

static void
select_of(struct web_req *q, struct gh_buf *b, const char *label, const char *name,
    const struct gh_table *t, const char *col, const char *cur)
{
	gh_buf_puts(b, "<label>");
	web_html(b, T(label));
	gh_buf_printf(b, " <select name=\"%s\"><option value=\"\">", name);
	web_html(b, T("any"));
	gh_buf_puts(b, "</option>");
	for (int i = 0; i < t->nrows; i++) {
		const char *n = web_cell(t, i, col);
		gh_buf_puts(b, "<option value=\"");
		web_attr(b, n);
		gh_buf_printf(b, "\"%s>", cur && strcmp(cur, n) == 0 ? " selected" : "");
		web_html(b, n);
		gh_buf_puts(b, "</option>");
	}
	gh_buf_puts(b, "</select></label>");
}

static void
filter_form(struct web_req *q, struct gh_buf *b, const struct filter *fl)
{
	gh_buf_puts(b, "<form method=\"get\" action=\"/events\" class=\"inline card\" "
	    "id=\"events-filter\"><label>");
	web_html(b, T("From"));
	gh_buf_puts(b, " <input type=\"date\" name=\"since\" value=\"");
	web_attr(b, fl->since ? fl->since : "");
	gh_buf_puts(b, "\"></label><label>");
	web_html(b, T("Until"));
	gh_buf_puts(b, " <input type=\"date\" name=\"until\" value=\"");
	web_attr(b, fl->until ? fl->until : "");
	gh_buf_puts(b, "\"></label>");
	struct gh_table t;
	gh_table_init(&t);
	if (gh_door_list(q->db, &t) == GH_OK)
		select_of(q, b, "Door", "door", &t, "name", fl->q.door);
	gh_table_free(&t);
	gh_table_init(&t);
	if (gh_zone_list(q->db, &t) == GH_OK)
		select_of(q, b, "Zone", "zone", &t, "name", fl->q.zone);
	gh_table_free(&t);
	gh_buf_puts(b, "<label>");
	web_html(b, T("Person"));
	gh_buf_puts(b, " <input name=\"person\" maxlength=\"64\" value=\"");
	web_attr(b, fl->q.person ? fl->q.person : "");
	gh_buf_puts(b, "\"></label><label>");
	web_html(b, T("Decision"));
	gh_buf_puts(b, " <select name=\"decision\"><option value=\"\">");
	web_html(b, T("any"));
	gh_buf_puts(b, "</option>");
	static const char *const d[] = { "granted", "refused" };
	for (int i = 0; i < 2; i++) {
		gh_buf_printf(b, "<option value=\"%s\"%s>", d[i],
		    fl->q.decision && strcmp(fl->q.decision, d[i]) == 0 ? " selected" : "");
		web_html(b, T(d[i]));
		gh_buf_puts(b, "</option>");
	}
	gh_buf_puts(b, "</select></label><button>");
	web_html(b, T("Filter"));
	gh_buf_puts(b, "</button></form>");
}

static void
rows(struct web_req *q, struct gh_buf *b, const struct gh_table *t, int n)
{
	static const char *const cols[] = { "Time", "Event", "Door", "Zone", "Person", "Badge",
		"Decision", "Reason", "Operator" };
	gh_buf_puts(b, "<table id=\"events\"><thead><tr>");
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		gh_buf_puts(b, "<th>");
		web_html(b, T(cols[i]));
		gh_buf_puts(b, "</th>");
	}
	gh_buf_puts(b, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const char *dec = web_cell(t, i, "decision"), *person = web_cell(t, i, "person");
		gh_buf_puts(b, "<tr data-seq=\"");
		web_attr(b, web_cell(t, i, "seq"));
		gh_buf_printf(b, "\"%s><td>", strcmp(dec, "refused") == 0 ? " class=\"refused\"" : "");
		web_utc(b, q->lang, web_cell(t, i, "time"));
		gh_buf_puts(b, "</td><td>");
		web_html(b, T(web_cell(t, i, "kind")));
		gh_buf_puts(b, "</td><td>");
		web_html(b, web_cell(t, i, "door"));
		gh_buf_puts(b, "</td><td>");
		web_html(b, web_cell(t, i, "zone"));
		gh_buf_puts(b, "</td><td class=\"person\">");
		if (*person) {
			gh_buf_puts(b, "<a href=\"/person?ref=");
			web_url(b, person);
			gh_buf_puts(b, "\">");
			web_html(b, person);
			gh_buf_puts(b, "</a>");
		}
		if (*web_cell(t, i, "escort")) {
			gh_buf_puts(b, " + ");
			web_html(b, web_cell(t, i, "escort"));
		}
		gh_buf_puts(b, "</td><td><code>");
		web_html(b, web_cell(t, i, "credential"));
		gh_buf_puts(b, "</code></td><td class=\"decision\">");
		web_html(b, *dec ? T(dec) : "");
		/* The reason in the operator's language, its vocabulary code on hover. */
		const char *why = web_cell(t, i, "reason");
		gh_buf_puts(b, "</td><td><span title=\"");
		web_attr(b, why);
		gh_buf_puts(b, "\">");
		web_html(b, strcmp(why, "granted") == 0 ? "" : T(why));
		gh_buf_puts(b, "</span></td><td>");
		web_html(b, web_cell(t, i, "operator"));
		gh_buf_puts(b, "</td></tr>");
	}
	gh_buf_puts(b, "</tbody></table>");
}

static void
events(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	struct filter fl;
	if (filter_parse(f, &fl) != 0) {
		web_page_error(q, r, 400,
		    "Dates are written YYYY-MM-DD; a decision is granted or refused.");
		return;
	}
	web_page_open(q, r, T("Events"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<h1>");
	web_html(b, T("Events"));
	gh_buf_puts(b, "</h1>");
	filter_form(q, b, &fl);
	struct gh_buf qs;
	gh_buf_init(&qs);
	filter_query(&qs, &fl);
	if (web_can(q, WEB_ACT_EXPORT)) {
		gh_buf_puts(b, "<p class=\"noprint\"><a class=\"button secondary\" id=\"export-csv\" "
		    "href=\"/events.csv?");
		web_attr(b, qs.s ? qs.s : "");
		gh_buf_puts(b, "\">");
		web_html(b, T("Export CSV"));
		gh_buf_puts(b, "</a> <a class=\"button secondary\" id=\"export-json\" "
		    "href=\"/events.json?");
		web_attr(b, qs.s ? qs.s : "");
		gh_buf_puts(b, "\">");
		web_html(b, T("Export JSON"));
		gh_buf_puts(b, "</a></p>");
	}
	struct gh_journal *j;
	char err[600];
	if (web_journal_open(&j, err, sizeof err) != GH_OK) {
		gh_buf_puts(b, "<p class=\"flash error\" role=\"alert\" id=\"journal-error\">");
		web_html(b, T("The journal cannot be read."));
		gh_buf_puts(b, " <code>");
		web_html(b, err);
		gh_buf_puts(b, "</code></p>");
		gh_buf_free(&qs);
		web_page_close(q, r);
		r->status = 503;
		return;
	}
	fl.q.offset = (fl.page - 1) * PAGE_ROWS;
	fl.q.limit = PAGE_ROWS + 1;
	struct gh_table t;
	gh_table_init(&t);
	if (gh_journal_query(j, &fl.q, &t) != GH_OK) {
		gh_buf_puts(b, "<p class=\"flash error\" role=\"alert\" id=\"journal-error\">");
		web_html(b, T("The journal cannot be read."));
		gh_buf_puts(b, " <code>");
		web_html(b, gh_journal_errmsg(j));
		gh_buf_puts(b, "</code></p>");
	} else if (t.nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\" id=\"no-events\">");
		web_html(b, T("No event matches."));
		gh_buf_puts(b, "</p>");
	} else {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("Times are in the site time zone."));
		gh_buf_puts(b, "</p>");
		rows(q, b, &t, t.nrows > PAGE_ROWS ? PAGE_ROWS : t.nrows);
		web_pager(q, b, "pager", "/events", &qs, fl.page, t.nrows > PAGE_ROWS);
	}
	gh_table_free(&t);
	gh_journal_close(j);
	gh_buf_free(&qs);
	web_page_close(q, r);
}

/* R-EXPORT: every row the filters select, oldest first, every column of the
 * journal listing. */
static void
export(struct web_req *q, struct web_resp *r, const struct web_form *f, int json)
{
	(void)q;
	struct filter fl;
	if (filter_parse(f, &fl) != 0) {
		web_resp_text(r, 400, "text/plain; charset=utf-8",
		    "Dates are written YYYY-MM-DD; a decision is granted or refused.\n");
		return;
	}
	struct gh_journal *j;
	char err[600];
	if (web_journal_open(&j, err, sizeof err) != GH_OK) {
		char msg[700];
		snprintf(msg, sizeof msg, "The journal cannot be read: %s\n", err);
		web_resp_text(r, 503, "text/plain; charset=utf-8", msg);
		return;
	}
	fl.q.oldest_first = 1;
	struct gh_table t;
	gh_table_init(&t);
	if (gh_journal_query(j, &fl.q, &t) != GH_OK) {
		char msg[700];
		snprintf(msg, sizeof msg, "The journal cannot be read: %s\n", gh_journal_errmsg(j));
		web_resp_text(r, 503, "text/plain; charset=utf-8", msg);
		gh_journal_close(j);
		return;
	}
	gh_journal_close(j);
	web_table_export(r, &t, NULL, 0, 0, json, "events");
	gh_table_free(&t);
}

static void
events_csv(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	export(q, r, f, 0);
}

static void
events_json(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	export(q, r, f, 1);
}

static const struct web_field f_events[] = {
	{ "since", WF_LINE, 0, 0, 10, NULL },
	{ "until", WF_LINE, 0, 0, 10, NULL },
	{ "door", WF_LINE, 0, 0, 256, NULL },
	{ "zone", WF_LINE, 0, 0, 256, NULL },
	{ "person", WF_LINE, 0, 0, 256, NULL },
	{ "decision", WF_LINE, 0, 0, 16, NULL },
	{ "page", WF_INT, 0, 1, 1000000, NULL },
};

static const struct web_page events_pages[] = {
	{ "GET", "/events", WEB_ACT_EVENTS_READ, events, WEB_FIELDS(f_events) },
	{ "GET", "/events.csv", WEB_ACT_EXPORT, events_csv, WEB_FIELDS(f_events) },
	{ "GET", "/events.json", WEB_ACT_EXPORT, events_json, WEB_FIELDS(f_events) },
};
WEB_PAGES(events_pages)

static const char events_css[] =
    "#events tr.refused td.decision{color:var(--bad);font-weight:600}\n"
    "#events td{font-size:.92em}\n"
    ".pager{display:flex;gap:1em;justify-content:center;margin:1em 0}\n";
WEB_CSS(events, events_css)
