/* The frame of every page: header, navigation by role, language switch, flash
 * messages, the review-overdue banner on officer pages.  See web.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/json.h"
#include "db/report.h"
#include "webui/ctl.h"
#include "webui/escape.h"
#include "webui/form.h"
#include "webui/roles.h"
#include "webui/static.h"
#include "webui/web.h"

static const struct web_msg msgs[] = {
	{ "Guard desk", "Accueil", "مكتب الحراسة" },
	{ "Live", "En direct", "مباشر" },
	{ "People", "Personnes", "الأشخاص" },
	{ "Site", "Site", "الموقع" },
	{ "Events", "Événements", "الأحداث" },
	{ "Audit trail", "Piste d'audit", "سجل التدقيق" },
	{ "Documents", "Documents", "الوثائق" },
	{ "Reviews", "Revues", "المراجعات" },
	{ "Log out", "Se déconnecter", "تسجيل الخروج" },
	{ "Language", "Langue", "اللغة" },
	{ "Main navigation", "Navigation principale", "التنقل الرئيسي" },
	{ "The monthly review of %s is overdue: sign it off.",
	  "La revue mensuelle de %s est en retard : signez-la.",
	  "المراجعة الشهرية لـ %s متأخرة: وقّعها." },
	{ "Open the review", "Ouvrir la revue", "فتح المراجعة" },
	{ "guard", "agent d'accueil", "حارس" },
	{ "officer", "responsable sécurité", "مسؤول الأمن" },
	{ "admin", "administrateur", "مدير النظام" },
	{ "auditor", "auditeur", "مدقق" },
	{ "Back", "Retour", "رجوع" },
	{ "Error", "Erreur", "خطأ" },
	{ "Page not found.", "Page introuvable.", "الصفحة غير موجودة." },
	{ "Your roles do not allow this page.",
	  "Vos rôles ne donnent pas accès à cette page.",
	  "أدواركم لا تسمح بهذه الصفحة." },
	{ "The form has expired or was not sent by this site: reload the page and try again.",
	  "Le formulaire a expiré ou ne vient pas de ce site : rechargez la page et "
	  "recommencez.",
	  "انتهت صلاحية الاستمارة أو لم تُرسل من هذا الموقع: أعد تحميل الصفحة وحاول مجددًا." },
	{ "The form is incomplete or invalid.", "Le formulaire est incomplet ou invalide.",
	  "الاستمارة ناقصة أو غير صالحة." },
	{ "Saved.", "Enregistré.", "تم الحفظ." },
};
WEB_CATALOGUE(msgs)

/* The base stylesheet: logical properties only (start/end, inline/block), so that the
 * Arabic pages mirror by dir="rtl" alone; print rules for A4 documents. */
static const char base_css[] =
    ":root{--ink:#17202a;--muted:#5b6670;--line:#d9dee3;--bg:#f4f5f7;--card:#fff;"
    "--brand:#143d59;--accent:#1f6f8b;--ok:#1e7b34;--warn:#a15c00;--bad:#b42318;"
    "--public:#d8efe0;--private:#fdf0c8;--sensitive:#f9d4d2}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:system-ui,'Segoe UI','DejaVu Sans',sans-serif;margin:0;color:var(--ink);"
    "background:var(--bg);line-height:1.45}\n"
    "[dir=rtl] body{font-family:'DejaVu Sans','Noto Naskh Arabic',system-ui,sans-serif}\n"
    "header.top{display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:center;"
    "padding:.55em 1.2em;background:var(--brand);color:#fff}\n"
    "header.top a{color:#fff;text-decoration:none}\n"
    ".brand{font-weight:700;letter-spacing:.02em;font-size:1.1em}\n"
    ".site{opacity:.8}\n"
    "header nav{display:flex;flex-wrap:wrap;gap:.2em}\n"
    "header nav a{padding:.3em .7em;border-radius:.3em}\n"
    "header nav a:hover{background:rgba(255,255,255,.12)}\n"
    "header nav a[aria-current]{background:rgba(255,255,255,.22);font-weight:600}\n"
    ".langs{margin-inline-start:auto;display:flex;gap:.2em}\n"
    ".langs form{display:flex;gap:.2em;margin:0}\n"
    ".langs button,.langs a{background:transparent;color:#fff;border:1px solid "
    "rgba(255,255,255,.35);border-radius:.3em;padding:.15em .5em;font-size:.85em;"
    "cursor:pointer}\n"
    ".langs [aria-pressed=true],.langs [aria-current]{background:#fff;color:var(--brand)}\n"
    "form.logout{display:flex;gap:.6em;align-items:center;margin:0}\n"
    "form.logout button{background:transparent;color:#fff;border:1px solid "
    "rgba(255,255,255,.35);border-radius:.3em;padding:.2em .6em;cursor:pointer}\n"
    ".who{font-size:.9em;opacity:.9}\n"
    "main{padding:1.2em;max-width:78em;margin:0 auto}\n"
    "h1{font-size:1.5em;margin:.2em 0 .6em}\n"
    "h2{font-size:1.15em;margin:1.2em 0 .5em}\n"
    ".card>h2:first-child,.card>h3:first-child,form>h3:first-child{margin-top:0}\n"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:.5em;"
    "padding:1em 1.2em;margin-block-end:1em;box-shadow:0 1px 2px rgba(0,0,0,.04)}\n"
    ".card.narrow{max-width:28em;margin-inline:auto}\n"
    ".grid{display:grid;gap:1em;grid-template-columns:repeat(auto-fit,minmax(22em,1fr))}\n"
    "table{border-collapse:collapse;width:100%;background:var(--card)}\n"
    "th,td{border-bottom:1px solid var(--line);padding:.35em .55em;text-align:start;"
    "vertical-align:top}\n"
    "th{font-weight:600;color:var(--muted);font-size:.9em;background:#fafbfc}\n"
    "form.stack{display:grid;gap:.6em;max-width:34em}\n"
    "form.inline{display:flex;flex-wrap:wrap;gap:.5em;align-items:end}\n"
    "form.login{display:grid;gap:.7em}\n"
    "label{display:grid;gap:.2em;font-size:.92em;color:var(--muted)}\n"
    "input,select,textarea{font:inherit;padding:.35em .5em;border:1px solid #b8c0c8;"
    "border-radius:.3em;background:#fff;color:var(--ink)}\n"
    "textarea{min-height:8em}\n"
    "button,.button{font:inherit;padding:.35em .9em;border-radius:.3em;border:1px solid "
    "var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;"
    "display:inline-block}\n"
    "button.secondary,.button.secondary{background:#fff;color:var(--accent)}\n"
    "button.danger{background:var(--bad);border-color:var(--bad)}\n"
    ".flash{padding:.6em .9em;border-radius:.4em;margin:0 0 1em}\n"
    ".flash.done{background:#e3f4e8;color:var(--ok);border:1px solid #b5dfc1}\n"
    ".flash.error,.error{color:var(--bad)}\n"
    ".flash.error{background:#fdecea;border:1px solid #f3b9b3}\n"
    ".banner{margin:0;padding:.55em 1.2em;font-weight:600}\n"
    ".banner.overdue{background:#fff4d6;color:#6b3d00;border-bottom:1px solid #f0d38a}\n"
    ".muted{color:var(--muted)}\n"
    ".tag{display:inline-block;padding:.05em .45em;border-radius:.3em;font-size:.82em;"
    "border:1px solid var(--line);background:#f7f8f9}\n"
    ".tag.public{background:var(--public)}.tag.private{background:var(--private)}"
    ".tag.sensitive{background:var(--sensitive)}\n"
    ".tag.cloneable{background:#fdecea;color:var(--bad);border-color:#f3b9b3}\n"
    ".tag.ok{background:#e3f4e8;color:var(--ok)}\n"
    ".alarm{background:#fdecea}\n"
    ".detail code{white-space:pre-wrap}\n"
    "@media print{header.top,.banner,.noprint,form.logout{display:none}"
    "body{background:#fff}main{padding:0;max-width:none}"
    ".card{border:none;box-shadow:none;padding:0}"
    ".page{page-break-after:always;break-after:page}}\n"
    "@page{size:A4;margin:15mm}\n";
WEB_CSS(base, base_css)

void
web_csrf_input(struct web_req *q, struct gh_buf *b)
{
	gh_buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	web_attr(b, q->s.csrf);
	gh_buf_puts(b, "\">");
}

int
web_can(const struct web_req *q, int action)
{
	unsigned rs;
	return q->have_session && q->s.operator_[0] &&
	    web_roles_parse(q->s.roles, &rs, NULL) == 0 && web_allowed(rs, action);
}

void
web_actor(struct web_req *q)
{
	char actor[300];
	snprintf(actor, sizeof actor, "web:%s", q->s.operator_);
	gh_db_set_actor(q->db, actor);
}

static void
redirect_msg(struct web_resp *r, const char *path, const char *key, const char *msg)
{
	struct gh_buf b;
	gh_buf_init(&b);
	gh_buf_puts(&b, path);
	gh_buf_puts(&b, strchr(path, '?') ? "&" : "?");
	gh_buf_puts(&b, key);
	gh_buf_puts(&b, "=");
	web_url(&b, msg);
	web_redirect(r, b.s);
	gh_buf_free(&b);
}

void
web_redirect_done(struct web_resp *r, const char *path, const char *done_en)
{
	redirect_msg(r, path, "done", done_en);
}

void
web_redirect_error(struct web_resp *r, const char *path, const char *error_en)
{
	redirect_msg(r, path, "error", error_en);
}

/* The month named by an active review-overdue alarm that is still unsigned, or 0. */
static int
overdue_month(struct web_req *q, char *month, size_t len)
{
	char *buf = malloc(64 * 1024);
	int found = buf != NULL && web_ctl(W.control, "status", buf, 64 * 1024, 1000) == 0 &&
	    gh_status_overdue_review(q->db, buf, month, len) == 1;
	free(buf);
	return found;
}

static const struct {
	const char *path, *label;
	int action;
} nav[] = {
	{ "/desk", "Guard desk", WEB_ACT_PERSON_WRITE },
	{ "/live", "Live", WEB_ACT_READ },
	{ "/people", "People", WEB_ACT_READ },
	{ "/site", "Site", WEB_ACT_SITE_WRITE },
	{ "/events", "Events", WEB_ACT_EVENTS_READ },
	{ "/audit", "Audit trail", WEB_ACT_AUDIT_READ },
	{ "/documents", "Documents", WEB_ACT_READ },
	{ "/reviews", "Reviews", WEB_ACT_EXPORT },
};

static void
roles_text(struct web_req *q, struct gh_buf *b)
{
	char roles[64];
	gh_strlcpy(roles, q->s.roles, sizeof roles);
	char *save = NULL;
	int first = 1;
	for (char *w = strtok_r(roles, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!first)
			gh_buf_puts(b, ", ");
		web_html(b, T(w));
		first = 0;
	}
}

void
web_page_open(struct web_req *q, struct web_resp *r, const char *title)
{
	r->status = 200;
	r->type = "text/html; charset=utf-8";
	struct gh_buf *b = &r->body;
	gh_buf_reset(b);
	gh_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"><link rel=\"stylesheet\" href=\"/static/gatehouse.css\">"
	    "<title>", web_lang_code(q->lang), web_lang_rtl(q->lang) ? "rtl" : "ltr");
	web_html(b, title);
	gh_buf_puts(b, " — Gatehouse</title></head><body><header class=\"top\">"
	    "<a class=\"brand\" href=\"/\">Gatehouse</a> <span class=\"site\">");
	web_html(b, W.site_name ? W.site_name : "");
	gh_buf_puts(b, "</span>");
	if (W.render) {
		/* A document for the evidence bundle: no navigation, no switch. */
		gh_buf_puts(b, "</header><main>");
		return;
	}
	int in = q->have_session && q->s.operator_[0];
	if (in) {
		gh_buf_puts(b, "<nav aria-label=\"");
		web_attr(b, T("Main navigation"));
		gh_buf_puts(b, "\">");
		for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
			if (!web_can(q, nav[i].action))
				continue;
			int here = strncmp(q->path, nav[i].path, strlen(nav[i].path)) == 0;
			gh_buf_printf(b, "<a href=\"%s\"%s>", nav[i].path,
			    here ? " aria-current=\"page\"" : "");
			web_html(b, T(nav[i].label));
			gh_buf_puts(b, "</a>");
		}
		gh_buf_puts(b, "</nav>");
	}
	/* The language switch: a form for operators (their choice is kept), links
	 * before login. */
	gh_buf_puts(b, "<div class=\"langs\">");
	if (in) {
		gh_buf_puts(b, "<form method=\"post\" action=\"/lang\">");
		web_csrf_input(q, b);
		gh_buf_puts(b, "<input type=\"hidden\" name=\"back\" value=\"");
		web_attr(b, q->path);
		gh_buf_puts(b, "\">");
	}
	for (int l = 0; l < WEB_LANGS; l++) {
		if (in) {
			gh_buf_printf(b, "<button name=\"lang\" value=\"%s\" lang=\"%s\"%s>",
			    web_lang_code(l), web_lang_code(l),
			    l == q->lang ? " aria-pressed=\"true\"" : "");
		} else {
			gh_buf_printf(b, "<a href=\"?lang=%s\" lang=\"%s\"%s>", web_lang_code(l),
			    web_lang_code(l), l == q->lang ? " aria-current=\"true\"" : "");
		}
		web_html(b, web_lang_name(l));
		gh_buf_puts(b, in ? "</button>" : "</a>");
	}
	gh_buf_puts(b, in ? "</form></div>" : "</div>");
	if (in) {
		gh_buf_puts(b, "<form method=\"post\" action=\"/logout\" class=\"logout\">");
		web_csrf_input(q, b);
		gh_buf_puts(b, "<span class=\"who\">");
		web_html(b, q->s.operator_);
		gh_buf_puts(b, " · ");
		roles_text(q, b);
		gh_buf_puts(b, "</span> <button>");
		web_html(b, T("Log out"));
		gh_buf_puts(b, "</button></form>");
	}
	gh_buf_puts(b, "</header>");
	char month[16];
	if (in && web_can(q, WEB_ACT_REVIEW_SIGN) && overdue_month(q, month, sizeof month)) {
		gh_buf_puts(b, "<p class=\"banner overdue\" role=\"alert\">");
		web_tf(b, q->lang, "The monthly review of %s is overdue: sign it off.", month);
		gh_buf_puts(b, " <a href=\"/reviews/month?month=");
		web_url(b, month);
		gh_buf_puts(b, "\">");
		web_html(b, T("Open the review"));
		gh_buf_puts(b, "</a></p>");
	}
	gh_buf_puts(b, "<main>");
	const char *done = web_form_get(q->query, "done");
	const char *error = web_form_get(q->query, "error");
	if (done && web_t_known(done)) {
		gh_buf_puts(b, "<p class=\"flash done\" role=\"status\">");
		web_html(b, T(done));
		gh_buf_puts(b, "</p>");
	}
	if (error && web_t_known(error)) {
		gh_buf_puts(b, "<p class=\"flash error\" role=\"alert\">");
		web_html(b, T(error));
		gh_buf_puts(b, "</p>");
	}
}

void
web_page_close(struct web_req *q, struct web_resp *r)
{
	(void)q;
	gh_buf_puts(&r->body, "</main><script src=\"/static/app.js\"></script></body></html>\n");
}

void
web_page_error(struct web_req *q, struct web_resp *r, int status, const char *text)
{
	web_page_error_detail(q, r, status, text, NULL);
}

void
web_page_error_detail(struct web_req *q, struct web_resp *r, int status, const char *text,
    const char *detail)
{
	web_page_open(q, r, T("Error"));
	gh_buf_puts(&r->body, "<h1>");
	web_html(&r->body, T("Error"));
	gh_buf_puts(&r->body, "</h1><p class=\"error\" role=\"alert\">");
	web_html(&r->body, T(text));
	gh_buf_puts(&r->body, "</p>");
	if (detail != NULL) {
		gh_buf_puts(&r->body, "<p class=\"detail\"><code>");
		web_html(&r->body, detail);
		gh_buf_puts(&r->body, "</code></p>");
	}
	gh_buf_puts(&r->body, "<p><a href=\"/\">");
	web_html(&r->body, T("Back"));
	gh_buf_puts(&r->body, "</a></p>");
	web_page_close(q, r);
	r->status = status;
}

void
web_record(const char *kind, const char *operator_, struct web_req *q, const char *k1,
    const char *v1)
{
	struct gh_buf b, line;
	struct gh_json j;
	gh_buf_init(&b);
	gh_json_init(&j, &b);
	gh_json_obj(&j);
	gh_json_kstr(&j, "ip", q->ip);
	if (k1 != NULL)
		gh_json_kstr(&j, k1, v1);
	gh_json_obj_end(&j);
	gh_buf_init(&line);
	char op[300];
	if (web_ctl_word(op, sizeof op, operator_) != 0)
		gh_strlcpy(op, "web", sizeof op);
	gh_buf_printf(&line, "record %s %s %s", kind, op, b.s);
	char ans[256];
	if (web_ctl(W.control, line.s, ans, sizeof ans, 3000) != 0 || strncmp(ans, "ok", 2) != 0)
		log_warnx("journal %s for %s: %s", kind, operator_, ans);
	gh_buf_free(&b);
	gh_buf_free(&line);
}

int
web_operator_request(struct web_req *q, const char *cmd, const char *word, const char *text,
    char *ans, size_t len)
{
	char w[300], op[300], line[4096];
	if (web_ctl_word(w, sizeof w, word) != 0 ||
	    web_ctl_word(op, sizeof op, q->s.operator_) != 0) {
		snprintf(ans, len, "a name the control socket cannot carry");
		return -1;
	}
	snprintf(line, sizeof line, "%s %s %s %s", cmd, w, op, text);
	if (web_ctl(W.control, line, ans, len, 3000) != 0 || strncmp(ans, "ok", 2) != 0)
		return 1;
	return 0;
}

int
web_ctl_word(char *out, size_t len, const char *w)
{
	if (w == NULL || !*w || strpbrk(w, "\"\r\n\t") != NULL)
		return -1;
	return snprintf(out, len, strchr(w, ' ') ? "\"%s\"" : "%s", w) < (int)len ? 0 : -1;
}
