/* The monthly review (R-REVIEW) for officers and auditors: the signed reviews with
 * their evidence's SHA-256 and whether it is intact; a month's report as `gatehouse
 * report monthly` makes it (the same generator, controller/review.c), to view or
 * download in HTML, CSV or JSON; and the officer's sign-off with findings and actions,
 * as `gatehouse review sign` does it (evidence stored read-only, the sign-off
 * journalled through the controller, then recorded and audited as web:OFFICER).  A
 * signed month shows its stored files, never a report made again; the check of
 * `gatehouse review check` says whether one made now would differ.  Auditors read and
 * download; guards have no access (R-LEAST-PRIVILEGE). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "controller/review.h"
#include "controller/timeutil.h"
#include "db/report.h"
#include "webui/escape.h"
#include "webui/form.h"
#include "webui/pageutil.h"
#include "webui/roles.h"
#include "webui/static.h"
#include "webui/validate.h"
#include "webui/web.h"

/* The findings and the actions are kept as one text of at most GH_TEXT_MAX_BYTES:
 * bytes for the fields, characters (two bytes each in Arabic) for the text areas. */
#define FINDINGS_MAX 1400
#define ACTIONS_MAX 600

static const struct web_msg msgs[] = {
	{ "Monthly reviews", "Revues mensuelles", "المراجعات الشهرية" },
	{ "Monthly review of %s", "Revue mensuelle de %s", "المراجعة الشهرية لـ %s" },
	{ "Open a month", "Ouvrir un mois", "فتح شهر" },
	{ "Month", "Mois", "الشهر" },
	{ "Open", "Ouvrir", "فتح" },
	{ "Signed reviews", "Revues signées", "المراجعات الموقعة" },
	{ "No review is signed yet.", "Aucune revue n'est encore signée.",
	  "لم تُوقَّع أي مراجعة بعد." },
	{ "Signed by", "Signée par", "وقّعها" },
	{ "Signed at", "Signée le", "تاريخ التوقيع" },
	{ "Evidence", "Preuves", "الأدلة" },
	{ "intact", "intactes", "سليمة" },
	{ "ALTERED OR MISSING", "ALTÉRÉES OU MANQUANTES", "معدّلة أو مفقودة" },
	{ "Signed", "Signée", "موقعة" },
	{ "Not signed", "Non signée", "غير موقعة" },
	{ "This month is signed: the evidence below is the stored file, never a report made "
	  "again.",
	  "Ce mois est signé : les preuves ci-dessous sont les fichiers conservés, jamais un "
	  "rapport refait.",
	  "هذا الشهر موقّع: الأدلة أدناه هي الملفات المحفوظة، وليست تقريرًا أُعيد إنشاؤه." },
	{ "A report made now matches the signed one.",
	  "Un rapport refait maintenant est identique au rapport signé.",
	  "التقرير المُنشأ الآن مطابق للتقرير الموقّع." },
	{ "A report made now DIFFERS from the signed one (a purge or a change of the data).",
	  "Un rapport refait maintenant DIFFÈRE du rapport signé (une purge ou une "
	  "modification des données).",
	  "التقرير المُنشأ الآن يختلف عن التقرير الموقّع (حذف أو تغيير في البيانات)." },
	{ "Findings and actions", "Constats et actions", "الملاحظات والإجراءات" },
	{ "The stored report (HTML)", "Le rapport conservé (HTML)", "التقرير المحفوظ (HTML)" },
	{ "The stored data (JSON)", "Les données conservées (JSON)",
	  "البيانات المحفوظة (JSON)" },
	{ "CSV at the signed journal head", "CSV à la tête de journal signée",
	  "CSV عند رأس السجل الموقّع" },
	{ "Download", "Télécharger", "تنزيل" },
	{ "View", "Afficher", "عرض" },
	{ "The report made now", "Le rapport établi maintenant", "التقرير المُنشأ الآن" },
	{ "Journal verification", "Vérification du journal", "التحقق من السجل" },
	{ "verified", "vérifié", "تم التحقق" },
	{ "NOT VERIFIED: the month cannot be signed.",
	  "NON VÉRIFIÉ : le mois ne peut pas être signé.",
	  "لم يتم التحقق: لا يمكن توقيع الشهر." },
	{ "Sign off", "Signer", "التوقيع" },
	{ "Findings", "Constats", "الملاحظات" },
	{ "Actions", "Actions", "الإجراءات" },
	{ "I have reviewed this report and sign it off with my name.",
	  "J'ai revu ce rapport et je le signe à mon nom.",
	  "راجعت هذا التقرير وأوقّعه باسمي." },
	{ "The review is signed.", "La revue est signée.", "تم توقيع المراجعة." },
	{ "Confirm the sign-off and write the findings.",
	  "Confirmez la signature et écrivez les constats.",
	  "أكّد التوقيع واكتب الملاحظات." },
	{ "The review could not be signed.", "La revue n'a pas pu être signée.",
	  "تعذّر توقيع المراجعة." },
	{ "The report could not be made.", "Le rapport n'a pas pu être établi.",
	  "تعذّر إنشاء التقرير." },
	{ "A month is written YYYY-MM.", "Un mois s'écrit AAAA-MM.",
	  "يُكتب الشهر بالشكل YYYY-MM." },
	{ "The stored evidence is altered or missing.",
	  "Les preuves conservées sont altérées ou manquantes.",
	  "الأدلة المحفوظة معدّلة أو مفقودة." },
	{ "The signed month's data has changed since: no CSV matches the signed report.",
	  "Les données du mois signé ont changé depuis : aucun CSV ne correspond au rapport "
	  "signé.",
	  "تغيّرت بيانات الشهر الموقّع منذ ذلك الحين: لا يوجد CSV مطابق للتقرير الموقّع." },
	{ "Recent months", "Mois récents", "الأشهر الأخيرة" },
	{ "SHA-256", "SHA-256", "بصمة SHA-256" },
	{ "CSV", "CSV", "ملف CSV" },
	{ "JSON", "JSON", "ملف JSON" },
};
WEB_CATALOGUE(msgs)

static void
month_link(struct gh_buf *b, const char *month)
{
	gh_buf_puts(b, "<a href=\"/reviews/month?month=");
	web_url(b, month);
	gh_buf_puts(b, "\">");
	web_html(b, month);
	gh_buf_puts(b, "</a>");
}

static void
reviews(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	(void)f;
	web_page_open(q, r, T("Monthly reviews"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<h1>");
	web_html(b, T("Monthly reviews"));
	gh_buf_puts(b, "</h1><form method=\"get\" action=\"/reviews/month\" class=\"inline card\" "
	    "id=\"month-form\"><label>");
	web_html(b, T("Month"));
	gh_buf_puts(b, " <input type=\"month\" name=\"month\" required pattern=\"[0-9]{4}-[0-9]{2}\" "
	    "placeholder=\"YYYY-MM\"></label><button>");
	web_html(b, T("Open"));
	gh_buf_puts(b, "</button> <span class=\"muted\">");
	web_html(b, T("Recent months"));
	gh_buf_puts(b, ":");
	/* This month and the three before, in the site's calendar. */
	struct gh_local now;
	gh_local_of(time(NULL), &now);
	char day[11];
	gh_date_format(now.day, day, sizeof day);
	int y = atoi(day), m = atoi(day + 5);
	for (int i = 0; i < 4; i++) {
		char month[8];
		snprintf(month, sizeof month, "%04d-%02d", y, m);
		gh_buf_puts(b, " ");
		month_link(b, month);
		if (--m == 0) {
			m = 12;
			y--;
		}
	}
	gh_buf_puts(b, "</span></form><section class=\"card\"><h2>");
	web_html(b, T("Signed reviews"));
	gh_buf_puts(b, "</h2>");
	struct gh_table t;
	gh_table_init(&t);
	if (gh_review_list(q->db, &t) != GH_OK) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, gh_db_errmsg(q->db));
		gh_buf_puts(b, "</p>");
	} else if (t.nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\" id=\"no-reviews\">");
		web_html(b, T("No review is signed yet."));
		gh_buf_puts(b, "</p>");
	} else {
		static const char *const cols[] = { "Month", "Signed by", "Signed at", "Evidence",
			"SHA-256" };
		gh_buf_puts(b, "<table id=\"reviews\"><thead><tr>");
		for (int c = 0; c < 5; c++) {
			gh_buf_puts(b, "<th>");
			web_html(b, T(cols[c]));
			gh_buf_puts(b, "</th>");
		}
		gh_buf_puts(b, "</tr></thead><tbody>");
		for (int i = 0; i < t.nrows; i++) {
			struct gh_review_state st;
			char err[600];
			int ok = gh_review_state(q->db, web_journal_path, web_cell(&t, i, "month"), 0, &st,
			    err, sizeof err) == GH_OK && st.is_signed;
			gh_buf_puts(b, "<tr data-month=\"");
			web_attr(b, web_cell(&t, i, "month"));
			gh_buf_puts(b, "\"><td>");
			month_link(b, web_cell(&t, i, "month"));
			gh_buf_puts(b, "</td><td>");
			web_html(b, web_cell(&t, i, "officer"));
			gh_buf_puts(b, "</td><td>");
			web_utc(b, q->lang, web_cell(&t, i, "signed_at"));
			gh_buf_printf(b, "</td><td><span class=\"tag %s evidence\">",
			    ok && st.intact ? "ok intact" : "bad altered");
			web_html(b, T(ok && st.intact ? "intact" : "ALTERED OR MISSING"));
			gh_buf_puts(b, "</span></td><td class=\"sha\">HTML <code>");
			web_html(b, web_cell(&t, i, "html_sha256"));
			gh_buf_puts(b, "</code><br>JSON <code>");
			web_html(b, web_cell(&t, i, "json_sha256"));
			gh_buf_puts(b, "</code></td></tr>");
		}
		gh_buf_puts(b, "</tbody></table>");
	}
	gh_table_free(&t);
	gh_buf_puts(b, "</section>");
	web_page_close(q, r);
}

/* Links to /reviews/report in a format: view (HTML only) and download. */
static void
report_links(struct web_req *q, struct gh_buf *b, const char *month, const char *fmt,
    const char *label, int view)
{
	gh_buf_puts(b, "<li>");
	web_html(b, T(label));
	gh_buf_puts(b, ": ");
	if (view) {
		gh_buf_printf(b, "<a id=\"view-%s\" href=\"/reviews/report?month=", fmt);
		web_url(b, month);
		gh_buf_printf(b, "&amp;format=%s\">", fmt);
		web_html(b, T("View"));
		gh_buf_puts(b, "</a> · ");
	}
	gh_buf_printf(b, "<a id=\"download-%s\" href=\"/reviews/report?month=", fmt);
	web_url(b, month);
	gh_buf_printf(b, "&amp;format=%s&amp;download=1\">", fmt);
	web_html(b, T("Download"));
	gh_buf_puts(b, "</a></li>");
}

static void
signed_month(struct web_req *q, struct gh_buf *b, const char *month,
    const struct gh_review_state *st)
{
	struct gh_table t;
	gh_table_init(&t);
	gh_review_get(q->db, month, &t);
	gh_buf_puts(b, "<section class=\"card\" id=\"signed\"><p><span class=\"tag ok\">");
	web_html(b, T("Signed"));
	gh_buf_puts(b, "</span> ");
	web_html(b, T("This month is signed: the evidence below is the stored file, never a "
	    "report made again."));
	gh_buf_puts(b, "</p><table class=\"kv\"><tbody><tr><th>");
	web_html(b, T("Signed by"));
	gh_buf_puts(b, "</th><td id=\"signed-by\">");
	web_html(b, st->officer);
	gh_buf_puts(b, "</td></tr><tr><th>");
	web_html(b, T("Signed at"));
	gh_buf_puts(b, "</th><td>");
	web_utc(b, q->lang, st->signed_at);
	gh_buf_puts(b, "</td></tr><tr><th>");
	web_html(b, T("Findings and actions"));
	gh_buf_puts(b, "</th><td class=\"findings\" id=\"findings\">");
	web_html(b, t.nrows ? web_cell(&t, 0, "findings") : "");
	gh_buf_puts(b, "</td></tr><tr><th>");
	web_html(b, T("Evidence"));
	gh_buf_printf(b, "</th><td><span class=\"tag %s\" id=\"evidence\">",
	    st->intact ? "ok intact" : "bad altered");
	web_html(b, T(st->intact ? "intact" : "ALTERED OR MISSING"));
	gh_buf_puts(b, "</span>");
	if (st->compared) {
		gh_buf_printf(b, " <span id=\"regeneration\" class=\"%s\">",
		    st->same ? "same" : "differs error");
		web_html(b, T(st->same ? "A report made now matches the signed one." :
		    "A report made now DIFFERS from the signed one (a purge or a change of the "
		    "data)."));
		gh_buf_puts(b, "</span>");
	}
	gh_buf_puts(b, "</td></tr><tr><th>SHA-256</th><td class=\"sha\">HTML <code id=\"sha-html\">");
	web_html(b, st->html_sha256);
	gh_buf_puts(b, "</code><br>JSON <code id=\"sha-json\">");
	web_html(b, st->json_sha256);
	gh_buf_puts(b, "</code></td></tr></tbody></table><ul class=\"downloads\">");
	report_links(q, b, month, "html", "The stored report (HTML)", 1);
	report_links(q, b, month, "json", "The stored data (JSON)", 0);
	if (st->intact && st->same)
		report_links(q, b, month, "csv", "CSV at the signed journal head", 0);
	gh_buf_puts(b, "</ul></section>");
	gh_table_free(&t);
}

static void
signoff_form(struct web_req *q, struct gh_buf *b, const char *month)
{
	gh_buf_puts(b, "<section class=\"card officer\"><h2>");
	web_html(b, T("Sign off"));
	gh_buf_puts(b, "</h2><form method=\"post\" action=\"/reviews/sign\" class=\"stack\" "
	    "id=\"signoff-form\">");
	web_csrf_input(q, b);
	gh_buf_puts(b, "<input type=\"hidden\" name=\"month\" value=\"");
	web_attr(b, month);
	gh_buf_puts(b, "\"><label>");
	web_html(b, T("Findings"));
	gh_buf_printf(b, " <textarea name=\"findings\" required maxlength=\"%d\"></textarea>"
	    "</label><label>", FINDINGS_MAX / 2);
	web_html(b, T("Actions"));
	gh_buf_printf(b, " <textarea name=\"actions\" maxlength=\"%d\"></textarea></label>"
	    "<label class=\"confirm\"><span><input type=\"checkbox\" name=\"confirm\" "
	    "value=\"yes\" required> ", ACTIONS_MAX / 2);
	web_html(b, T("I have reviewed this report and sign it off with my name."));
	gh_buf_puts(b, "</span></label><button>");
	web_html(b, T("Sign off"));
	gh_buf_puts(b, "</button></form></section>");
}

static int
month_param(const struct web_form *f, const char **month)
{
	int y, m;
	*month = web_form_get(f, "month");
	return gh_month_valid(*month, &y, &m) ? 0 : -1;
}

static void
review_month(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *month;
	if (month_param(f, &month) != 0) {
		web_page_error(q, r, 400, "A month is written YYYY-MM.");
		return;
	}
	struct gh_review_state st;
	char err[700];
	if (gh_review_state(q->db, web_journal_path, month, 1, &st, err, sizeof err) != GH_OK) {
		web_page_error_detail(q, r, 500, "The report could not be made.", err);
		return;
	}
	struct gh_buf title;
	gh_buf_init(&title);
	web_tf(&title, q->lang, "Monthly review of %s", month);	/* month: digits and - */
	web_page_open(q, r, title.s);
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<h1>");
	gh_buf_puts(b, title.s);
	gh_buf_puts(b, "</h1><p><a href=\"/reviews\">");
	web_html(b, T("Monthly reviews"));
	gh_buf_puts(b, "</a></p>");
	gh_buf_free(&title);
	if (st.is_signed) {
		signed_month(q, b, month, &st);
		web_page_close(q, r);
		return;
	}
	/* Not signed: the report as it is made now, and the officer's sign-off. */
	struct gh_report_req rq = { .month = month, .format = "json",
		.journal_path = web_journal_path };
	struct gh_buf json;
	gh_buf_init(&json);
	int rc = gh_report_monthly(q->db, &rq, &json, err, sizeof err);
	gh_buf_free(&json);
	gh_buf_puts(b, "<section class=\"card\" id=\"unsigned\"><p><span class=\"tag bad\">");
	web_html(b, T("Not signed"));
	gh_buf_puts(b, "</span></p>");
	if (rc != GH_OK) {
		gh_buf_puts(b, "<p class=\"flash error\" role=\"alert\" id=\"report-error\">");
		web_html(b, T("The report could not be made."));
		gh_buf_puts(b, " <code>");
		web_html(b, err);
		gh_buf_puts(b, "</code></p></section>");
		web_page_close(q, r);
		return;
	}
	gh_buf_puts(b, "<p>");
	web_html(b, T("Journal verification"));
	gh_buf_printf(b, ": <span id=\"verification\" class=\"tag %s\">", rq.verified ? "ok" :
	    "bad");
	web_html(b, T(rq.verified ? "verified" : "NOT VERIFIED: the month cannot be signed."));
	gh_buf_puts(b, "</span></p><ul class=\"downloads\">");
	report_links(q, b, month, "html", "The report made now", 1);
	report_links(q, b, month, "csv", "CSV", 0);
	report_links(q, b, month, "json", "JSON", 0);
	gh_buf_puts(b, "</ul></section>");
	if (rq.verified && web_can(q, WEB_ACT_REVIEW_SIGN))
		signoff_form(q, b, month);
	web_page_close(q, r);
}

/* /reviews/report?month=M&format=F[&download=1]: a signed month's stored files (its
 * CSV made at the signed journal head, only while that says the same), an unsigned
 * month's report made now. */
static void
report(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *month, *fmt = web_form_get(f, "format");
	int download = web_form_get(f, "download") != NULL;
	if (month_param(f, &month) != 0) {
		web_page_error(q, r, 400, "A month is written YYYY-MM.");
		return;
	}
	static const char *const types[][2] = {
		{ "html", "text/html; charset=utf-8" },
		{ "csv", "text/csv; charset=utf-8" },
		{ "json", "application/json; charset=utf-8" },
	};
	const char *type = NULL;
	for (int i = 0; i < 3; i++)
		if (strcmp(fmt, types[i][0]) == 0)
			type = types[i][1];
	struct gh_review_state st;
	char err[700];
	if (gh_review_state(q->db, web_journal_path, month, strcmp(fmt, "csv") == 0, &st, err,
	    sizeof err) != GH_OK) {
		web_page_error_detail(q, r, 500, "The report could not be made.", err);
		return;
	}
	gh_buf_reset(&r->body);
	if (st.is_signed && strcmp(fmt, "csv") != 0) {
		char *s;
		size_t len;
		if (!st.intact || gh_read_file(strcmp(fmt, "html") == 0 ? st.html : st.json,
		    (size_t)64 << 20, &s, &len) != 0) {
			web_page_error(q, r, 409, "The stored evidence is altered or missing.");
			return;
		}
		gh_buf_add(&r->body, s, len);
		free(s);
	} else {
		struct gh_report_req rq = { .month = month, .format = fmt,
			.journal_path = web_journal_path };
		if (st.is_signed) {
			if (!st.intact || !st.same) {
				web_page_error(q, r, 409, "The signed month's data has changed since: "
				    "no CSV matches the signed report.");
				return;
			}
			rq.generated_utc = st.generated_utc;
			rq.bound_seq = st.head_seq;
		}
		if (gh_report_monthly(q->db, &rq, &r->body, err, sizeof err) != GH_OK) {
			web_page_error_detail(q, r, 500, "The report could not be made.", err);
			return;
		}
	}
	if (download || strcmp(fmt, "html") != 0) {
		char name[64];
		snprintf(name, sizeof name, "review-%s.%s", month, fmt);
		web_download(r, type, name);
		return;
	}
	r->status = 200;
	r->type = type;
	r->document = 1;	/* its own styles, no script, sandboxed */
}

static void
lf_text(struct gh_buf *b, const char *s)
{
	for (const char *p = s; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			gh_buf_add(b, p, 1);
}

static void
sign(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *month, *findings = web_form_get(f, "findings");
	const char *actions = web_form_get(f, "actions"), *c = web_form_get(f, "confirm");
	if (month_param(f, &month) != 0) {
		web_page_error(q, r, 400, "A month is written YYYY-MM.");
		return;
	}
	struct gh_buf back;
	gh_buf_init(&back);
	gh_buf_puts(&back, "/reviews/month?month=");
	web_url(&back, month);
	if (c == NULL || strcmp(c, "yes") != 0 || findings == NULL || !findings[0]) {
		web_redirect_error(r, back.s, "Confirm the sign-off and write the findings.");
		gh_buf_free(&back);
		return;
	}
	/* The evidence keeps the findings and the actions in one text, line breaks as
	 * LF (a browser sends CR LF). */
	struct gh_buf text;
	gh_buf_init(&text);
	lf_text(&text, findings);
	if (actions != NULL && actions[0]) {
		gh_buf_puts(&text, "\n\nActions:\n");
		lf_text(&text, actions);
	}
	struct gh_signoff *s = calloc(1, sizeof *s);
	char err[800];
	int rc = GH_EFAIL;
	if (s != NULL) {
		*s = (struct gh_signoff){ .db_path = W.db_path, .journal_path = web_journal_path,
			.control = W.control, .month = month, .officer = q->s.operator_,
			.findings = text.s };
		web_actor(q);
		rc = gh_review_sign(q->db, s, err, sizeof err);
		free(s);
	} else {
		snprintf(err, sizeof err, "out of memory");
	}
	gh_buf_free(&text);
	if (rc != GH_OK) {
		log_warnx("web: review sign %s by %s: %s", month, q->s.operator_, err);
		web_page_error_detail(q, r, rc == GH_EINPUT ? 409 : 500,
		    "The review could not be signed.", err);
	} else {
		web_redirect_done(r, back.s, "The review is signed.");
	}
	gh_buf_free(&back);
}

static const struct web_field f_month[] = {
	{ "month", WF_LINE, 1, 0, 7, NULL },
};
static const struct web_field f_report[] = {
	{ "month", WF_LINE, 1, 0, 7, NULL },
	{ "format", WF_ENUM, 1, 0, 0, "html|csv|json" },
	{ "download", WF_ENUM, 0, 0, 0, "1" },
};
static const struct web_field f_sign[] = {
	WEB_F_CSRF,
	{ "month", WF_LINE, 1, 0, 7, NULL },
	{ "findings", WF_TEXT, 1, 0, FINDINGS_MAX, NULL },
	{ "actions", WF_TEXT, 0, 0, ACTIONS_MAX, NULL },
	{ "confirm", WF_ENUM, 0, 0, 0, "yes" },
};

static const struct web_page review_pages[] = {
	{ "GET", "/reviews", WEB_ACT_EXPORT, reviews, NULL, 0 },
	{ "GET", "/reviews/month", WEB_ACT_EXPORT, review_month, WEB_FIELDS(f_month) },
	{ "GET", "/reviews/report", WEB_ACT_EXPORT, report, WEB_FIELDS(f_report) },
	{ "POST", "/reviews/sign", WEB_ACT_REVIEW_SIGN, sign, WEB_FIELDS(f_sign) },
};
WEB_PAGES(review_pages)

static const char review_css[] =
    "#reviews td.sha code,#signed td.sha code{font-size:.8em;word-break:break-all}\n"
    "td.findings{white-space:pre-wrap}\n"
    "ul.downloads{padding-inline-start:1.2em}\n"
    "#regeneration.differs{font-weight:600}\n";
WEB_CSS(review, review_css)
