/* The audit trail (R-RIGHTS-AUDIT): every change of rights, newest first, with its
 * time, who made it (cli:USER or web:OPERATOR), the action, the object, and what
 * changed: the before and after snapshots compared key by key, the changed keys
 * highlighted, all keys on demand.  Filtered by date; exported as CSV and JSON
 * (R-EXPORT) like `gatehouse audit`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/timeutil.h"
#include "webui/escape.h"
#include "webui/form.h"
#include "webui/pageutil.h"
#include "webui/roles.h"
#include "webui/static.h"
#include "webui/validate.h"
#include "webui/web.h"

#define PAGE_ROWS 50

static const struct web_msg msgs[] = {
	{ "Filter", "Filtrer", "تصفية" },
	{ "From", "Du", "من" },
	{ "Until", "Au", "إلى" },
	{ "Time", "Heure", "الوقت" },
	{ "Operator", "Opérateur", "المشغّل" },
	{ "Action", "Action", "الإجراء" },
	{ "Object", "Objet", "العنصر" },
	{ "Change", "Modification", "التغيير" },
	{ "Field", "Champ", "الحقل" },
	{ "Before", "Avant", "قبل" },
	{ "After", "Après", "بعد" },
	{ "All fields", "Tous les champs", "كل الحقول" },
	{ "no change in the snapshot", "aucun changement dans l'instantané",
	  "لا تغيير في اللقطة" },
	{ "No change of rights matches.", "Aucun changement de droits ne correspond.",
	  "لا يوجد تغيير في الصلاحيات مطابق." },
	{ "Dates are written YYYY-MM-DD.", "Les dates s'écrivent AAAA-MM-JJ.",
	  "تُكتب التواريخ بالشكل YYYY-MM-DD." },
	{ "Export CSV", "Exporter en CSV", "تصدير CSV" },
	{ "Export JSON", "Exporter en JSON", "تصدير JSON" },
};
WEB_CATALOGUE(msgs)

struct filter {
	const char *since, *until;		/* as given */
	char since_utc[40], until_utc[40];	/* "" when open */
	int page;
};

static int
filter_parse(const struct web_form *f, struct filter *fl)
{
	memset(fl, 0, sizeof *fl);
	fl->since = web_form_get(f, "since");
	fl->until = web_form_get(f, "until");
	const char *p = web_form_get(f, "page");
	fl->page = p ? atoi(p) : 1;
	int64_t us;
	if (fl->since && *fl->since) {
		if ((us = web_day_start_us(fl->since, 0)) < 0)
			return -1;
		gh_utc_format_us(us, fl->since_utc, sizeof fl->since_utc);
	}
	if (fl->until && *fl->until) {
		if ((us = web_day_start_us(fl->until, 1)) < 0)
			return -1;
		gh_utc_format_us(us, fl->until_utc, sizeof fl->until_utc);
	}
	return 0;
}

static void
filter_query(struct gh_buf *b, const struct filter *fl)
{
	if (fl->since && *fl->since) {
		gh_buf_puts(b, "since=");
		web_url(b, fl->since);
	}
	if (fl->until && *fl->until) {
		gh_buf_puts(b, b->len ? "&until=" : "until=");
		web_url(b, fl->until);
	}
}

/* One element of a list (a grant, a badge): "key: value" pairs, nulls left out. */
static void
element(struct web_req *q, struct gh_buf *b, const char *json)
{
	struct gh_table m;
	gh_table_init(&m);
	if (gh_json_members(q->db, json, &m) != GH_OK || m.nrows == 0) {
		web_html(b, json);
		gh_table_free(&m);
		return;
	}
	int first = 1;
	for (int i = 0; i < m.nrows; i++) {
		const char *v = gh_table_value(&m, i, "value");
		if (v == NULL)
			continue;
		if (!first)
			gh_buf_puts(b, " · ");
		web_html(b, web_cell(&m, i, "key"));
		gh_buf_puts(b, ": ");
		web_html(b, v);
		first = 0;
	}
	gh_table_free(&m);
}

/* A list's elements, one per line: those of `which` ("removed", "added") comparing
 * before with after, each marked; or, with which NULL, all of after's. */
static void
elements(struct web_req *q, struct gh_buf *b, const char *before, const char *after,
    const char *which)
{
	struct gh_table d;
	gh_table_init(&d);
	if (gh_json_array_diff(q->db, which ? before : "[]", after, &d) != GH_OK) {
		web_html(b, which && strcmp(which, "removed") == 0 ? before : after);
		gh_table_free(&d);
		return;
	}
	for (int i = 0; i < d.nrows; i++) {
		if (which && strcmp(web_cell(&d, i, "change"), which) != 0)
			continue;
		if (which)
			gh_buf_printf(b, "<div class=\"%s\">%s ", which,
			    strcmp(which, "added") == 0 ? "+" : "−");
		else
			gh_buf_puts(b, "<div>");
		element(q, b, web_cell(&d, i, "value"));
		gh_buf_puts(b, "</div>");
	}
	gh_table_free(&d);
}

static int
is_list(const char *v)
{
	return v != NULL && v[0] == '[';
}

static void
diff_rows(struct web_req *q, struct gh_buf *b, const struct gh_table *d, int changed_only)
{
	for (int i = 0; i < d->nrows; i++) {
		int changed = strcmp(web_cell(d, i, "changed"), "0") != 0;
		const char *before = gh_table_value(d, i, "before");
		const char *after = gh_table_value(d, i, "after");
		if (changed_only && !changed)
			continue;
		gh_buf_printf(b, "<tr%s><th>", changed ? " class=\"changed\"" : "");
		web_html(b, web_cell(d, i, "key"));
		gh_buf_puts(b, "</th><td class=\"before\">");
		/* Lists (grants, badges): what left and what came, element by element. */
		if (changed_only && (is_list(before) || is_list(after)))
			elements(q, b, before, after, "removed");
		else if (is_list(before))
			elements(q, b, NULL, before, NULL);
		else
			web_html(b, before ? before : "");
		gh_buf_puts(b, "</td><td class=\"after\">");
		if (changed_only && (is_list(before) || is_list(after)))
			elements(q, b, before, after, "added");
		else if (is_list(after))
			elements(q, b, NULL, after, NULL);
		else
			web_html(b, after ? after : "");
		gh_buf_puts(b, "</td></tr>");
	}
}

/* Before and after, readably: the changed keys, then every key on demand.  A snapshot
 * that is not JSON shows as it is. */
static void
change(struct web_req *q, struct gh_buf *b, const char *before, const char *after)
{
	struct gh_table d;
	gh_table_init(&d);
	if (gh_json_diff(q->db, before, after, &d) != GH_OK) {
		gh_buf_puts(b, "<code>");
		web_html(b, before ? before : "");
		gh_buf_puts(b, "</code> → <code>");
		web_html(b, after ? after : "");
		gh_buf_puts(b, "</code>");
		gh_table_free(&d);
		return;
	}
	int nchanged = 0;
	for (int i = 0; i < d.nrows; i++)
		nchanged += strcmp(web_cell(&d, i, "changed"), "0") != 0;
	if (nchanged == 0) {
		gh_buf_puts(b, "<span class=\"muted\">");
		web_html(b, T("no change in the snapshot"));
		gh_buf_puts(b, "</span>");
	} else {
		gh_buf_puts(b, "<table class=\"diff\"><thead><tr><th>");
		web_html(b, T("Field"));
		gh_buf_puts(b, "</th><th>");
		web_html(b, T("Before"));
		gh_buf_puts(b, "</th><th>");
		web_html(b, T("After"));
		gh_buf_puts(b, "</th></tr></thead><tbody>");
		diff_rows(q, b, &d, 1);
		gh_buf_puts(b, "</tbody></table>");
	}
	if (d.nrows > nchanged) {
		gh_buf_puts(b, "<details><summary>");
		web_html(b, T("All fields"));
		gh_buf_puts(b, "</summary><table class=\"diff\"><tbody>");
		diff_rows(q, b, &d, 0);
		gh_buf_puts(b, "</tbody></table></details>");
	}
	gh_table_free(&d);
}

static void
audit(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	struct filter fl;
	if (filter_parse(f, &fl) != 0) {
		web_page_error(q, r, 400, "Dates are written YYYY-MM-DD.");
		return;
	}
	web_page_open(q, r, T("Audit trail"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<h1>");
	web_html(b, T("Audit trail"));
	gh_buf_puts(b, "</h1><form method=\"get\" action=\"/audit\" class=\"inline card\" "
	    "id=\"audit-filter\"><label>");
	web_html(b, T("From"));
	gh_buf_puts(b, " <input type=\"date\" name=\"since\" value=\"");
	web_attr(b, fl.since ? fl.since : "");
	gh_buf_puts(b, "\"></label><label>");
	web_html(b, T("Until"));
	gh_buf_puts(b, " <input type=\"date\" name=\"until\" value=\"");
	web_attr(b, fl.until ? fl.until : "");
	gh_buf_puts(b, "\"></label><button>");
	web_html(b, T("Filter"));
	gh_buf_puts(b, "</button></form>");
	struct gh_buf qs;
	gh_buf_init(&qs);
	filter_query(&qs, &fl);
	if (web_can(q, WEB_ACT_EXPORT)) {
		gh_buf_puts(b, "<p class=\"noprint\"><a class=\"button secondary\" "
		    "id=\"audit-export-csv\" href=\"/audit.csv?");
		web_attr(b, qs.s ? qs.s : "");
		gh_buf_puts(b, "\">");
		web_html(b, T("Export CSV"));
		gh_buf_puts(b, "</a> <a class=\"button secondary\" id=\"audit-export-json\" "
		    "href=\"/audit.json?");
		web_attr(b, qs.s ? qs.s : "");
		gh_buf_puts(b, "\">");
		web_html(b, T("Export JSON"));
		gh_buf_puts(b, "</a></p>");
	}
	struct gh_table t;
	gh_table_init(&t);
	if (gh_audit_range(q->db, fl.since_utc[0] ? fl.since_utc : NULL,
	    fl.until_utc[0] ? fl.until_utc : NULL, (fl.page - 1) * PAGE_ROWS, PAGE_ROWS + 1,
	    &t) != GH_OK) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, gh_db_errmsg(q->db));
		gh_buf_puts(b, "</p>");
	} else if (t.nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\" id=\"no-audit\">");
		web_html(b, T("No change of rights matches."));
		gh_buf_puts(b, "</p>");
	} else {
		static const char *const cols[] = { "Time", "Operator", "Action", "Object",
			"Change" };
		gh_buf_puts(b, "<table id=\"audit\"><thead><tr>");
		for (int c = 0; c < 5; c++) {
			gh_buf_puts(b, "<th>");
			web_html(b, T(cols[c]));
			gh_buf_puts(b, "</th>");
		}
		gh_buf_puts(b, "</tr></thead><tbody>");
		int n = t.nrows > PAGE_ROWS ? PAGE_ROWS : t.nrows;
		for (int i = 0; i < n; i++) {
			gh_buf_puts(b, "<tr data-id=\"");
			web_attr(b, web_cell(&t, i, "id"));
			gh_buf_puts(b, "\"><td>");
			web_utc(b, q->lang, web_cell(&t, i, "ts"));
			gh_buf_puts(b, "</td><td class=\"actor\">");
			web_html(b, web_cell(&t, i, "actor"));
			gh_buf_puts(b, "</td><td class=\"action\"><code>");
			web_html(b, web_cell(&t, i, "action"));
			gh_buf_puts(b, "</code></td><td class=\"object\">");
			web_html(b, web_cell(&t, i, "object"));
			gh_buf_puts(b, "</td><td>");
			change(q, b, gh_table_value(&t, i, "before"), gh_table_value(&t, i, "after"));
			gh_buf_puts(b, "</td></tr>");
		}
		web_pager(q, b, "audit-pager", "/audit", &qs, fl.page, t.nrows > PAGE_ROWS);
	}
	gh_table_free(&t);
	gh_buf_free(&qs);
	web_page_close(q, r);
}

/* R-EXPORT: the filtered trail, oldest first, the columns of `gatehouse audit`. */
static void
export(struct web_req *q, struct web_resp *r, const struct web_form *f, int json)
{
	struct filter fl;
	if (filter_parse(f, &fl) != 0) {
		web_resp_text(r, 400, "text/plain; charset=utf-8", "Dates are written YYYY-MM-DD.\n");
		return;
	}
	struct gh_table t;
	gh_table_init(&t);
	if (gh_audit_range(q->db, fl.since_utc[0] ? fl.since_utc : NULL,
	    fl.until_utc[0] ? fl.until_utc : NULL, 0, 0, &t) != GH_OK) {
		web_resp_text(r, 500, "text/plain; charset=utf-8", gh_db_errmsg(q->db));
		gh_table_free(&t);
		return;
	}
	static const char *const cols[] = { "ts", "actor", "action", "object", "before", "after" };
	/* The listing is newest first: the export goes oldest first. */
	web_table_export(r, &t, cols, 6, 1, json, "audit");
	gh_table_free(&t);
}

static void
audit_csv(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	export(q, r, f, 0);
}

static void
audit_json(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	export(q, r, f, 1);
}

static const struct web_field f_audit[] = {
	{ "since", WF_LINE, 0, 0, 10, NULL },
	{ "until", WF_LINE, 0, 0, 10, NULL },
	{ "page", WF_INT, 0, 1, 1000000, NULL },
};

static const struct web_page audit_pages[] = {
	{ "GET", "/audit", WEB_ACT_AUDIT_READ, audit, WEB_FIELDS(f_audit) },
	{ "GET", "/audit.csv", WEB_ACT_EXPORT, audit_csv, WEB_FIELDS(f_audit) },
	{ "GET", "/audit.json", WEB_ACT_EXPORT, audit_json, WEB_FIELDS(f_audit) },
};
WEB_PAGES(audit_pages)

static const char audit_css[] =
    "table.diff{font-size:.88em;background:transparent}\n"
    "table.diff th{width:9em}\n"
    "table.diff td{word-break:break-all}\n"
    "table.diff tr.changed th,table.diff tr.changed td{background:#fff4d6}\n"
    "table.diff tr.changed td.after{font-weight:600}\n"
    "table.diff div.added{color:var(--ok)}\n"
    "table.diff div.removed{color:var(--bad);text-decoration:line-through}\n"
    "#audit td.actor{white-space:nowrap}\n";
WEB_CSS(audit, audit_css)
