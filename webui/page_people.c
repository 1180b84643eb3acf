/* People: everyone registered, or those matching a search by name, reference or
 * organisation; each links to the person's page.  UID badges are flagged cloneable
 * on the person's page; here the count of active badges. */
#include <stdio.h>
#include <string.h>

#include "webui/escape.h"
#include "webui/form.h"
#include "webui/roles.h"
#include "webui/validate.h"
#include "webui/web.h"

static const struct web_msg msgs[] = {
	{ "Search", "Rechercher", "بحث" },
	{ "Name, reference or organisation", "Nom, référence ou organisation",
	  "الاسم أو المرجع أو المؤسسة" },
	{ "Reference", "Référence", "المرجع" },
	{ "Kind", "Type", "النوع" },
	{ "Organisation", "Organisation", "المؤسسة" },
	{ "Badges", "Badges", "الشارات" },
	{ "Status", "Statut", "الحالة" },
	{ "staff", "personnel", "موظف" },
	{ "contractor", "prestataire", "متعاقد" },
	{ "visitor", "visiteur", "زائر" },
	{ "active", "actif", "نشط" },
	{ "inactive", "inactif", "غير نشط" },
	{ "No one matches.", "Personne ne correspond.", "لا أحد يطابق." },
	{ "%d people", "%d personnes", "%d شخصًا" },
};
WEB_CATALOGUE(msgs)

void
web_people_rows(struct web_req *q, struct gh_buf *b, const struct gh_table *t)
{
	gh_buf_puts(b, "<table class=\"people\"><thead><tr><th>");
	web_html(b, T("Reference"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("Name"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("Kind"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("Organisation"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("Badges"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("Status"));
	gh_buf_puts(b, "</th></tr></thead><tbody>");
	for (int i = 0; i < t->nrows; i++) {
		const char *ref = gh_table_value(t, i, "ref"), *name = gh_table_value(t, i, "name");
		const char *kind = gh_table_value(t, i, "kind"), *org = gh_table_value(t, i, "org");
		const char *badges = gh_table_value(t, i, "badges");
		const char *status = gh_table_value(t, i, "status");
		gh_buf_puts(b, "<tr><td>");
		web_html(b, ref ? ref : "");
		gh_buf_puts(b, "</td><td><a href=\"/person?ref=");
		web_url(b, ref ? ref : "");
		gh_buf_puts(b, "\">");
		web_html(b, name ? name : "");
		gh_buf_puts(b, "</a></td><td>");
		web_html(b, kind ? T(kind) : "");
		gh_buf_puts(b, "</td><td>");
		web_html(b, org ? org : "");
		gh_buf_puts(b, "</td><td>");
		web_html(b, badges ? badges : "0");
		gh_buf_puts(b, "</td><td>");
		web_html(b, status ? T(status) : "");
		gh_buf_puts(b, "</td></tr>");
	}
	gh_buf_puts(b, "</tbody></table>");
}

static void
people(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *text = web_form_get(f, "q");
	web_page_open(q, r, T("People"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<h1>");
	web_html(b, T("People"));
	gh_buf_puts(b, "</h1><form method=\"get\" action=\"/people\" class=\"inline card\" "
	    "role=\"search\"><label>");
	web_html(b, T("Name, reference or organisation"));
	gh_buf_puts(b, " <input type=\"search\" name=\"q\" maxlength=\"64\" value=\"");
	web_attr(b, text ? text : "");
	gh_buf_puts(b, "\"></label><button>");
	web_html(b, T("Search"));
	gh_buf_puts(b, "</button></form>");
	struct gh_table t;
	gh_table_init(&t);
	int rc = text && text[0] ? gh_person_search(q->db, text, 500, &t) :
	    gh_person_list(q->db, &t);
	if (rc != GH_OK) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, gh_db_errmsg(q->db));
		gh_buf_puts(b, "</p>");
	} else if (t.nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No one matches."));
		gh_buf_puts(b, "</p>");
	} else {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_tf(b, q->lang, "%d people", t.nrows);
		gh_buf_puts(b, "</p>");
		web_people_rows(q, b, &t);
	}
	gh_table_free(&t);
	web_page_close(q, r);
}

static const struct web_field f_people[] = {
	{ "q", WF_LINE, 0, 0, 64, NULL },
};

static const struct web_page people_pages[] = {
	{ "GET", "/people", WEB_ACT_READ, people, WEB_FIELDS(f_people) },
};
WEB_PAGES(people_pages)
