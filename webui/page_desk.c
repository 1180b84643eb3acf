/* The guard desk: find a person; register a person or a visitor with their identity
 * (R-VISITOR-ID); enroll a badge by tapping it on the desk's enrollment reader (a
 * blank DESFire card is personalised by the controller; a UID card is recorded and
 * shown as cloneable); report a badge lost or suspended; name a visitor's escort for
 * the day (R-ESCORT: at the door both badges are still needed); and see who is on
 * site and who is inside each restricted zone now (the controller's presence). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "controller/timeutil.h"
#include "controller/util.h"
#include "webui/ctl.h"
#include "webui/escape.h"
#include "webui/form.h"
#include "webui/pageutil.h"
#include "webui/roles.h"
#include "webui/static.h"
#include "webui/validate.h"
#include "webui/web.h"

static const struct web_msg msgs[] = {
	{ "Find a person", "Trouver une personne", "البحث عن شخص" },
	{ "Register a person or a visitor", "Enregistrer une personne ou un visiteur",
	  "تسجيل شخص أو زائر" },
	{ "Full name", "Nom complet", "الاسم الكامل" },
	{ "Identity document type", "Type de pièce d'identité", "نوع وثيقة الهوية" },
	{ "Identity document number", "Numéro de pièce d'identité", "رقم وثيقة الهوية" },
	{ "Host", "Hôte", "المضيف" },
	{ "Expected from", "Attendu du", "متوقع من" },
	{ "Expected until", "Attendu jusqu'au", "متوقع حتى" },
	{ "(visitors: identity document and host are required)",
	  "(visiteurs : pièce d'identité et hôte obligatoires)",
	  "(الزوار: وثيقة الهوية والمضيف إلزاميان)" },
	{ "Register", "Enregistrer", "تسجيل" },
	{ "national identity card", "carte nationale d'identité", "البطاقة الوطنية للتعريف" },
	{ "passport", "passeport", "جواز السفر" },
	{ "residence card", "carte de séjour", "بطاقة الإقامة" },
	{ "driving licence", "permis de conduire", "رخصة السياقة" },
	{ "— choose —", "— choisir —", "— اختر —" },
	{ "Registered.", "Enregistré.", "تم التسجيل." },
	{ "A visitor needs an identity document and a host.",
	  "Un visiteur doit avoir une pièce d'identité et un hôte.",
	  "يحتاج الزائر إلى وثيقة هوية ومضيف." },
	{ "Enroll a badge", "Enrôler un badge", "تسجيل شارة" },
	{ "Enrollment reader", "Lecteur d'enrôlement", "قارئ التسجيل" },
	{ "Badge type", "Type de badge", "نوع الشارة" },
	{ "Secure card (DESFire, personalised here)", "Carte sécurisée (DESFire, "
	  "personnalisée ici)", "بطاقة آمنة (DESFire، تُخصَّص هنا)" },
	{ "UID badge (cloneable)", "Badge UID (clonable)", "شارة UID (قابلة للاستنساخ)" },
	{ "Tap the badge", "Présenter le badge", "مرّر الشارة" },
	{ "Place the card on the enrollment reader now. Waiting %d seconds…",
	  "Posez la carte sur le lecteur d'enrôlement maintenant. Attente de %d secondes…",
	  "ضع البطاقة على قارئ التسجيل الآن. الانتظار %d ثانية…" },
	{ "No enrollment reader is configured.", "Aucun lecteur d'enrôlement n'est configuré.",
	  "لا يوجد قارئ تسجيل مُعدّ." },
	{ "The secure badge is personalised and enrolled.",
	  "Le badge sécurisé est personnalisé et enrôlé.",
	  "تم تخصيص الشارة الآمنة وتسجيلها." },
	{ "The UID badge is enrolled. It can be cloned: prefer a secure card.",
	  "Le badge UID est enrôlé. Il peut être cloné : préférez une carte sécurisée.",
	  "تم تسجيل شارة UID. يمكن استنساخها: يُفضَّل استعمال بطاقة آمنة." },
	{ "No card was presented in time.", "Aucune carte n'a été présentée à temps.",
	  "لم تُقدَّم أي بطاقة في الوقت المحدد." },
	{ "The card was refused: it is not a blank DESFire card. Choose the UID badge type to "
	  "record it, or use a secure card.",
	  "La carte est refusée : ce n'est pas une carte DESFire vierge. Choisissez le type "
	  "badge UID pour l'enregistrer, ou utilisez une carte sécurisée.",
	  "رُفضت البطاقة: ليست بطاقة DESFire فارغة. اختر نوع شارة UID لتسجيلها، أو استعمل "
	  "بطاقة آمنة." },
	{ "This card is a secure badge already: it is not enrolled again.",
	  "Cette carte est déjà un badge sécurisé : elle n'est pas enrôlée à nouveau.",
	  "هذه البطاقة شارة آمنة مسبقًا: لا تُسجَّل مرة أخرى." },
	{ "The badge could not be recorded.", "Le badge n'a pas pu être enregistré.",
	  "تعذّر تسجيل الشارة." },
	{ "Unknown person.", "Personne inconnue.", "شخص غير معروف." },
	{ "Report a badge lost or suspended", "Déclarer un badge perdu ou suspendu",
	  "الإبلاغ عن شارة مفقودة أو موقوفة" },
	{ "Badge", "Badge", "الشارة" },
	{ "lost", "perdu", "مفقودة" },
	{ "suspended", "suspendu", "موقوفة" },
	{ "Report it", "Déclarer", "إبلاغ" },
	{ "The badge's status is changed.", "Le statut du badge est changé.",
	  "تم تغيير حالة الشارة." },
	{ "Escort for the day", "Accompagnateur du jour", "مرافق اليوم" },
	{ "Visitor", "Visiteur", "الزائر" },
	{ "Escort", "Accompagnateur", "المرافق" },
	{ "Pair", "Associer", "ربط" },
	{ "The escort is named for today.", "L'accompagnateur est désigné pour aujourd'hui.",
	  "تم تعيين المرافق لهذا اليوم." },
	{ "At restricted doors the visitor's badge and the escort's are both presented.",
	  "Aux portes des zones réglementées, le badge du visiteur et celui de "
	  "l'accompagnateur sont présentés tous les deux.",
	  "عند أبواب المناطق المقيدة تُقدَّم شارة الزائر وشارة المرافق معًا." },
	{ "Today's escorts", "Accompagnateurs du jour", "مرافقو اليوم" },
	{ "No escort named today.", "Aucun accompagnateur désigné aujourd'hui.",
	  "لم يُعيَّن أي مرافق اليوم." },
	{ "On site now", "Sur site maintenant", "في الموقع الآن" },
	{ "Inside restricted zones now", "Dans les zones réglementées maintenant",
	  "داخل المناطق المقيدة الآن" },
	{ "Zone", "Zone", "المنطقة" },
	{ "Level", "Niveau", "المستوى" },
	{ "public", "publique", "عامة" },
	{ "private", "privée", "خاصة" },
	{ "sensitive", "sensible", "حساسة" },
	{ "Nobody is recorded on site.", "Personne n'est enregistré sur site.",
	  "لا أحد مسجل في الموقع." },
	{ "The controller does not answer: presence is unknown.",
	  "Le contrôleur ne répond pas : la présence est inconnue.",
	  "المتحكم لا يجيب: الحضور غير معروف." },
	{ "Refresh", "Actualiser", "تحديث" },
	{ "Results", "Résultats", "النتائج" },
};
WEB_CATALOGUE(msgs)

#define ENROLL_TIMEOUT_S 30

static const char *
person_name(struct gh_table *people, const char *ref)
{
	for (int i = 0; i < people->nrows; i++) {
		const char *r = gh_table_value(people, i, "ref");
		if (r && strcmp(r, ref) == 0)
			return gh_table_value(people, i, "name");
	}
	return ref;
}

static void
presence_section(struct web_req *q, struct gh_buf *b, struct gh_table *people)
{
	char *status = malloc(256 * 1024);
	struct gh_table pr;
	gh_table_init(&pr);
	int n = status && web_ctl(W.control, "status", status, 256 * 1024, 2000) == 0 &&
	    gh_status_presence(q->db, status, &pr) == GH_OK ? pr.nrows : -1;
	struct gh_table zones;
	gh_table_init(&zones);
	gh_zone_list(q->db, &zones);
	gh_buf_puts(b, "<section class=\"card\" id=\"presence\"><h2>");
	web_html(b, T("On site now"));
	gh_buf_puts(b, "</h2>");
	if (n < 0) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, T("The controller does not answer: presence is unknown."));
		gh_buf_puts(b, "</p>");
	} else if (n == 0) {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("Nobody is recorded on site."));
		gh_buf_puts(b, "</p>");
	} else {
		/* Restricted zones first (sensitive, then private), then public ones. */
		static const char *const order[] = { "sensitive", "private", "public" };
		gh_buf_puts(b, "<table id=\"on-site\"><thead><tr><th>");
		web_html(b, T("Zone"));
		gh_buf_puts(b, "</th><th>");
		web_html(b, T("Level"));
		gh_buf_puts(b, "</th><th>");
		web_html(b, T("Person"));
		gh_buf_puts(b, "</th><th>");
		web_html(b, T("Escort"));
		gh_buf_puts(b, "</th></tr></thead><tbody>");
		for (int o = 0; o < 3; o++)
			for (int z = 0; z < zones.nrows; z++) {
				const char *zn = gh_table_value(&zones, z, "name");
				const char *lv = gh_table_value(&zones, z, "level");
				if (!zn || !lv || strcmp(lv, order[o]) != 0)
					continue;
				for (int i = 0; i < n; i++) {
					const char *who = web_cell(&pr, i, "person");
					const char *esc = web_cell(&pr, i, "escort");
					if (strcmp(web_cell(&pr, i, "zone"), zn) != 0)
						continue;
					gh_buf_printf(b, "<tr class=\"%s\" data-zone=\"", lv);
					web_attr(b, zn);
					gh_buf_puts(b, "\" data-person=\"");
					web_attr(b, who);
					gh_buf_puts(b, "\"><td>");
					web_html(b, zn);
					gh_buf_printf(b, "</td><td><span class=\"tag %s\">", lv);
					web_html(b, T(lv));
					gh_buf_puts(b, "</span></td><td><a href=\"/person?ref=");
					web_url(b, who);
					gh_buf_puts(b, "\">");
					web_html(b, person_name(people, who));
					gh_buf_puts(b, "</a></td><td>");
					if (esc[0])
						web_html(b, person_name(people, esc));
					gh_buf_puts(b, "</td></tr>");
				}
			}
		gh_buf_puts(b, "</tbody></table>");
	}
	gh_buf_puts(b, "<p><a class=\"button secondary\" href=\"/desk\">");
	web_html(b, T("Refresh"));
	gh_buf_puts(b, "</a></p></section>");
	gh_table_free(&zones);
	gh_table_free(&pr);
	free(status);
}

/* ---- forms ---- */

static void
option(struct gh_buf *b, const char *value, const char *label)
{
	gh_buf_puts(b, "<option value=\"");
	web_attr(b, value);
	gh_buf_puts(b, "\">");
	web_html(b, label);
	gh_buf_puts(b, "</option>");
}

static void
label_open(struct web_req *q, struct gh_buf *b, const char *text)
{
	gh_buf_puts(b, "<label>");
	web_html(b, T(text));
	gh_buf_puts(b, " ");
}

/* People as <option>s: those of a kind (NULL: all), or staff who may escort. */
static void
people_options(struct gh_buf *b, struct gh_table *people, const char *kind, int escorts)
{
	for (int i = 0; i < people->nrows; i++) {
		const char *ref = gh_table_value(people, i, "ref");
		const char *name = gh_table_value(people, i, "name");
		const char *k = gh_table_value(people, i, "kind");
		const char *st = gh_table_value(people, i, "status");
		const char *esc = gh_table_value(people, i, "can_escort");
		if (!ref || !k || (st && strcmp(st, "active") != 0))
			continue;
		if (kind && strstr(kind, k) == NULL)
			continue;
		if (escorts && (strcmp(k, "staff") != 0 || !esc || strcmp(esc, "1") != 0))
			continue;
		char label[300];
		snprintf(label, sizeof label, "%s (%s)", name ? name : ref, ref);
		option(b, ref, label);
	}
}

static void
desk(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *text = web_form_get(f, "q");
	web_page_open(q, r, T("Guard desk"));
	struct gh_buf *b = &r->body;
	struct gh_table people;
	gh_table_init(&people);
	gh_person_list(q->db, &people);
	gh_buf_puts(b, "<h1>");
	web_html(b, T("Guard desk"));
	gh_buf_puts(b, "</h1><div class=\"desk\"><div class=\"col\">");

	/* Search. */
	gh_buf_puts(b, "<section class=\"card\"><h2>");
	web_html(b, T("Find a person"));
	gh_buf_puts(b, "</h2><form method=\"get\" action=\"/desk\" class=\"inline\" "
	    "role=\"search\" id=\"search-form\">");
	label_open(q, b, "Name, reference or organisation");
	gh_buf_puts(b, "<input type=\"search\" name=\"q\" maxlength=\"64\" autofocus value=\"");
	web_attr(b, text ? text : "");
	gh_buf_puts(b, "\"></label><button>");
	web_html(b, T("Search"));
	gh_buf_puts(b, "</button></form>");
	if (text && text[0]) {
		struct gh_table t;
		gh_table_init(&t);
		gh_buf_puts(b, "<div id=\"results\">");
		if (gh_person_search(q->db, text, 50, &t) == GH_OK && t.nrows > 0)
			web_people_rows(q, b, &t);
		else {
			gh_buf_puts(b, "<p class=\"muted\">");
			web_html(b, T("No one matches."));
			gh_buf_puts(b, "</p>");
		}
		gh_buf_puts(b, "</div>");
		gh_table_free(&t);
	}
	gh_buf_puts(b, "</section>");

	/* Register. */
	gh_buf_puts(b, "<section class=\"card\"><h2>");
	web_html(b, T("Register a person or a visitor"));
	gh_buf_puts(b, "</h2><form method=\"post\" action=\"/desk/register\" class=\"stack\" "
	    "id=\"register-form\">");
	web_csrf_input(q, b);
	label_open(q, b, "Reference");
	gh_buf_puts(b, "<input name=\"ref\" required maxlength=\"64\" "
	    "pattern=\"[A-Za-z0-9._\\-]+\"></label>");
	label_open(q, b, "Full name");
	gh_buf_puts(b, "<input name=\"name\" required maxlength=\"200\"></label>");
	label_open(q, b, "Kind");
	gh_buf_puts(b, "<select name=\"kind\" required>");
	option(b, "visitor", T("visitor"));
	option(b, "contractor", T("contractor"));
	option(b, "staff", T("staff"));
	gh_buf_puts(b, "</select></label>");
	label_open(q, b, "Organisation");
	gh_buf_puts(b, "<input name=\"org\" maxlength=\"200\"></label><p class=\"muted\">");
	web_html(b, T("(visitors: identity document and host are required)"));
	gh_buf_puts(b, "</p>");
	label_open(q, b, "Identity document type");
	gh_buf_puts(b, "<select name=\"doc_type\">");
	option(b, "", T("— choose —"));
	static const char *const docs[] = { "national identity card", "passport",
		"residence card", "driving licence" };
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		option(b, docs[i], T(docs[i]));
	gh_buf_puts(b, "</select></label>");
	label_open(q, b, "Identity document number");
	gh_buf_puts(b, "<input name=\"doc_number\" maxlength=\"64\"></label>");
	label_open(q, b, "Host");
	gh_buf_puts(b, "<select name=\"host\">");
	option(b, "", T("— choose —"));
	people_options(b, &people, "staff", 0);
	gh_buf_puts(b, "</select></label><div class=\"two\">");
	label_open(q, b, "Expected from");
	gh_buf_puts(b, "<input type=\"date\" name=\"from\"></label>");
	label_open(q, b, "Expected until");
	gh_buf_puts(b, "<input type=\"date\" name=\"until\"></label></div><button>");
	web_html(b, T("Register"));
	gh_buf_puts(b, "</button></form></section>");
	gh_buf_puts(b, "</div><div class=\"col\">");

	/* Enroll. */
	struct gh_table readers;
	gh_table_init(&readers);
	gh_reader_list(q->db, &readers);
	gh_buf_puts(b, "<section class=\"card\"><h2>");
	web_html(b, T("Enroll a badge"));
	gh_buf_printf(b, "</h2><form method=\"post\" action=\"/desk/enroll\" class=\"stack\" "
	    "id=\"enroll-form\" data-timeout=\"%d\" data-prompt=\"", ENROLL_TIMEOUT_S);
	{
		struct gh_buf pt;
		gh_buf_init(&pt);
		web_tf(&pt, q->lang, "Place the card on the enrollment reader now. Waiting %d "
		    "seconds…", ENROLL_TIMEOUT_S);
		web_attr(b, pt.s);
		gh_buf_free(&pt);
	}
	gh_buf_puts(b, "\">");
	web_csrf_input(q, b);
	label_open(q, b, "Person");
	gh_buf_puts(b, "<select name=\"person\" required>");
	option(b, "", T("— choose —"));
	people_options(b, &people, NULL, 0);
	gh_buf_puts(b, "</select></label>");
	label_open(q, b, "Enrollment reader");
	gh_buf_puts(b, "<select name=\"reader\" required>");
	int nenroll = 0;
	for (int i = 0; i < readers.nrows; i++) {
		const char *id = gh_table_value(&readers, i, "id");
		const char *en = gh_table_value(&readers, i, "enrollment");
		int dup = i > 0 && id && gh_table_value(&readers, i - 1, "id") &&
		    strcmp(id, gh_table_value(&readers, i - 1, "id")) == 0;
		if (id && en && strcmp(en, "1") == 0 && !dup) {
			option(b, id, id);
			nenroll++;
		}
	}
	gh_buf_puts(b, "</select></label>");
	if (nenroll == 0) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, T("No enrollment reader is configured."));
		gh_buf_puts(b, "</p>");
	}
	gh_buf_puts(b, "<fieldset><legend>");
	web_html(b, T("Badge type"));
	gh_buf_puts(b, "</legend><label class=\"radio\"><span><input type=\"radio\" "
	    "name=\"type\" value=\"desfire\" checked> ");
	web_html(b, T("Secure card (DESFire, personalised here)"));
	gh_buf_puts(b, "</span></label><label class=\"radio\"><span><input type=\"radio\" "
	    "name=\"type\" value=\"uid\"> ");
	web_html(b, T("UID badge (cloneable)"));
	gh_buf_puts(b, " <span class=\"tag cloneable\">UID</span></span></label></fieldset>"
	    "<p id=\"enroll-prompt\" class=\"prompt\" hidden></p><button>");
	web_html(b, T("Tap the badge"));
	gh_buf_puts(b, "</button></form></section>");
	gh_table_free(&readers);

	/* Lost or suspended. */
	gh_buf_puts(b, "<section class=\"card\"><h2>");
	web_html(b, T("Report a badge lost or suspended"));
	gh_buf_puts(b, "</h2><form method=\"post\" action=\"/desk/badge\" class=\"inline\" "
	    "id=\"badge-status-form\">");
	web_csrf_input(q, b);
	label_open(q, b, "Badge");
	gh_buf_puts(b, "<input name=\"credential\" required maxlength=\"40\"></label>");
	label_open(q, b, "Status");
	gh_buf_puts(b, "<select name=\"status\">");
	option(b, "lost", T("lost"));
	option(b, "suspended", T("suspended"));
	gh_buf_puts(b, "</select></label><button>");
	web_html(b, T("Report it"));
	gh_buf_puts(b, "</button></form></section>");

	/* Escort for the day. */
	char today[16];
	struct gh_local now;
	gh_local_of(time(NULL), &now);
	gh_date_format(now.day, today, sizeof today);
	gh_buf_puts(b, "<section class=\"card\"><h2>");
	web_html(b, T("Escort for the day"));
	gh_buf_puts(b, "</h2><p class=\"muted\">");
	web_html(b, T("At restricted doors the visitor's badge and the escort's are both "
	    "presented."));
	gh_buf_puts(b, "</p><form method=\"post\" action=\"/desk/escort\" class=\"inline\" "
	    "id=\"escort-form\">");
	web_csrf_input(q, b);
	label_open(q, b, "Visitor");
	gh_buf_puts(b, "<select name=\"visitor\" required>");
	option(b, "", T("— choose —"));
	people_options(b, &people, "visitor contractor", 0);
	gh_buf_puts(b, "</select></label>");
	label_open(q, b, "Escort");
	gh_buf_puts(b, "<select name=\"escort\" required>");
	option(b, "", T("— choose —"));
	people_options(b, &people, NULL, 1);
	gh_buf_puts(b, "</select></label><button>");
	web_html(b, T("Pair"));
	gh_buf_puts(b, "</button></form><h3>");
	web_html(b, T("Today's escorts"));
	gh_buf_puts(b, "</h3>");
	struct gh_table pairs;
	gh_table_init(&pairs);
	if (gh_escort_day_list(q->db, today, &pairs) == GH_OK && pairs.nrows > 0) {
		gh_buf_puts(b, "<table id=\"escorts\"><thead><tr><th>");
		web_html(b, T("Visitor"));
		gh_buf_puts(b, "</th><th>");
		web_html(b, T("Organisation"));
		gh_buf_puts(b, "</th><th>");
		web_html(b, T("Escort"));
		gh_buf_puts(b, "</th></tr></thead><tbody>");
		for (int i = 0; i < pairs.nrows; i++) {
			const char *v = gh_table_value(&pairs, i, "visitor_name");
			const char *o = gh_table_value(&pairs, i, "org");
			const char *e = gh_table_value(&pairs, i, "escort_name");
			gh_buf_puts(b, "<tr><td>");
			web_html(b, v ? v : "");
			gh_buf_puts(b, "</td><td>");
			web_html(b, o ? o : "");
			gh_buf_puts(b, "</td><td>");
			web_html(b, e ? e : "");
			gh_buf_puts(b, "</td></tr>");
		}
		gh_buf_puts(b, "</tbody></table>");
	} else {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No escort named today."));
		gh_buf_puts(b, "</p>");
	}
	gh_table_free(&pairs);
	gh_buf_puts(b, "</section></div></div>");

	presence_section(q, b, &people);
	gh_table_free(&people);
	gh_buf_puts(b, "<script src=\"/static/desk.js\"></script>");
	web_page_close(q, r);
}

/* POST /desk/register: a person, and for a visitor the visit with identity and host,
 * in one transaction (both or neither). */
static void
reg(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *kind = web_form_get(f, "kind"), *host = web_form_get(f, "host");
	const char *dt = web_form_get(f, "doc_type"), *dn = web_form_get(f, "doc_number");
	const char *from = web_form_get(f, "from"), *until = web_form_get(f, "until");
	int visitor = strcmp(kind, "visitor") == 0;
	if (visitor && (!host || !host[0] || !dt || !dt[0] || !dn || !dn[0])) {
		web_redirect_error(r, "/desk", "A visitor needs an identity document and a host.");
		return;
	}
	struct gh_person_spec p = { .ref = web_form_get(f, "ref"),
		.name = web_form_get(f, "name"), .kind = kind, .org = web_form_get(f, "org"),
		.vetted = -1, .can_escort = -1, .lockdown_ok = -1,
		.valid_from = visitor ? (from ? from : "") : NULL,
		.valid_until = visitor ? (until ? until : "") : NULL };
	if (p.org && !p.org[0])
		p.org = NULL;
	web_actor(q);
	int rc = gh_db_begin(q->db);
	if (rc == GH_OK)
		rc = gh_person_add(q->db, &p);
	if (rc == GH_OK && visitor) {
		struct gh_visit_spec v = { .visitor = p.ref, .host = host, .from = from,
			.until = until, .id_doc_type = dt, .id_doc_number = dn };
		rc = gh_visit_add(q->db, &v);
	}
	if (rc == GH_OK)
		rc = gh_db_commit(q->db);
	else
		gh_db_rollback(q->db);
	if (rc != GH_OK) {
		web_page_error_detail(q, r, 400, "The form is incomplete or invalid.",
		    gh_db_errmsg(q->db));
		return;
	}
	struct gh_buf to;
	gh_buf_init(&to);
	gh_buf_puts(&to, "/desk?q=");
	web_url(&to, p.ref);
	web_redirect_done(r, to.s, "Registered.");
	gh_buf_free(&to);
}

/* POST /desk/enroll: the controller waits for the card at the enrollment reader (the
 * page shows the prompt meanwhile); a DESFire card is personalised, a UID card read. */
static void
enroll(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *person = web_form_get(f, "person"), *type = web_form_get(f, "type");
	char rd[300], line[600], ans[600];
	if (gh_person_exists(q->db, person) != 1) {
		web_redirect_error(r, "/desk", "Unknown person.");
		return;
	}
	if (web_ctl_word(rd, sizeof rd, web_form_get(f, "reader")) != 0) {
		web_redirect_error(r, "/desk", "The form is incomplete or invalid.");
		return;
	}
	int secure = type == NULL || strcmp(type, "uid") != 0;
	snprintf(line, sizeof line, "%s %s %d", secure ? "personalise" : "enroll-wait", rd,
	    ENROLL_TIMEOUT_S);
	if (web_ctl(W.control, line, ans, sizeof ans, (ENROLL_TIMEOUT_S + 10) * 1000) != 0) {
		web_redirect_error(r, "/desk", "The controller refused or did not answer.");
		return;
	}
	if (strcmp(ans, "timeout") == 0) {
		web_redirect_error(r, "/desk", "No card was presented in time.");
		return;
	}
	if (strncmp(ans, "error ", 6) == 0) {
		log_info("web: enrollment at %s refused: %s", rd, ans + 6);
		web_redirect_error(r, "/desk", secure ? "The card was refused: it is not a blank "
		    "DESFire card. Choose the UID badge type to record it, or use a secure "
		    "card." : "The controller refused or did not answer.");
		return;
	}
	char kind[16], cred[64], uid[32];
	if (sscanf(ans, "credential %15s %63s %31s", kind, cred, uid) != 3) {
		web_redirect_error(r, "/desk", "The controller refused or did not answer.");
		return;
	}
	if (!secure && strcmp(kind, "uid") != 0) {
		web_redirect_error(r, "/desk", "This card is a secure badge already: it is not "
		    "enrolled again.");
		return;
	}
	struct gh_badge_spec bs = { .credential = cred, .kind = secure ? "desfire" : "uid",
		.card_uid = secure ? uid : NULL, .person = person };
	web_actor(q);
	if (gh_badge_enroll(q->db, &bs) != GH_OK) {
		log_warnx("web: badge %s (card %s) for %s not recorded: %s", cred, uid, person,
		    gh_db_errmsg(q->db));
		web_page_error_detail(q, r, 409, "The badge could not be recorded.",
		    gh_db_errmsg(q->db));
		return;
	}
	struct gh_buf to;
	gh_buf_init(&to);
	gh_buf_puts(&to, "/desk?q=");
	web_url(&to, person);
	web_redirect_done(r, to.s, secure ? "The secure badge is personalised and enrolled." :
	    "The UID badge is enrolled. It can be cloned: prefer a secure card.");
	gh_buf_free(&to);
}

static void
badge_status(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	web_actor(q);
	if (gh_badge_set_status(q->db, web_form_get(f, "credential"),
	    web_form_get(f, "status")) != GH_OK) {
		web_page_error_detail(q, r, 400, "The form is incomplete or invalid.",
		    gh_db_errmsg(q->db));
		return;
	}
	web_redirect_done(r, "/desk", "The badge's status is changed.");
}

static void
escort(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	char today[16];
	struct gh_local now;
	gh_local_of(time(NULL), &now);
	gh_date_format(now.day, today, sizeof today);
	web_actor(q);
	if (gh_escort_day_set(q->db, web_form_get(f, "visitor"), web_form_get(f, "escort"),
	    today) != GH_OK) {
		web_page_error_detail(q, r, 400, "The form is incomplete or invalid.",
		    gh_db_errmsg(q->db));
		return;
	}
	web_redirect_done(r, "/desk", "The escort is named for today.");
}

static const struct web_field f_desk[] = {
	{ "q", WF_LINE, 0, 0, 64, NULL },
};
static const struct web_field f_register[] = {
	WEB_F_CSRF,
	{ "ref", WF_REF, 1, 0, 0, NULL },
	{ "name", WF_NAME, 1, 0, 0, NULL },
	{ "kind", WF_ENUM, 1, 0, 0, "staff|contractor|visitor" },
	{ "org", WF_LINE, 0, 0, 256, NULL },
	{ "doc_type", WF_LINE, 0, 0, 64, NULL },
	{ "doc_number", WF_LINE, 0, 0, 64, NULL },
	{ "host", WF_LINE, 0, 0, 64, NULL },
	{ "from", WF_LINE, 0, 0, 10, NULL },
	{ "until", WF_LINE, 0, 0, 10, NULL },
};
static const struct web_field f_enroll[] = {
	WEB_F_CSRF,
	{ "person", WF_REF, 1, 0, 0, NULL },
	{ "reader", WF_NAME, 1, 0, 0, NULL },
	{ "type", WF_ENUM, 0, 0, 0, "desfire|uid" },
};
static const struct web_field f_badge[] = {
	WEB_F_CSRF,
	{ "credential", WF_LINE, 1, 0, 40, NULL },
	{ "status", WF_ENUM, 1, 0, 0, "lost|suspended" },
};
static const struct web_field f_escort[] = {
	WEB_F_CSRF,
	{ "visitor", WF_REF, 1, 0, 0, NULL },
	{ "escort", WF_REF, 1, 0, 0, NULL },
};

static const struct web_page desk_pages[] = {
	{ "GET", "/desk", WEB_ACT_PERSON_WRITE, desk, WEB_FIELDS(f_desk) },
	{ "POST", "/desk/register", WEB_ACT_PERSON_WRITE, reg, WEB_FIELDS(f_register) },
	{ "POST", "/desk/enroll", WEB_ACT_BADGE_ENROLL, enroll, WEB_FIELDS(f_enroll) },
	{ "POST", "/desk/badge", WEB_ACT_BADGE_ENROLL, badge_status, WEB_FIELDS(f_badge) },
	{ "POST", "/desk/escort", WEB_ACT_PERSON_WRITE, escort, WEB_FIELDS(f_escort) },
};
WEB_PAGES(desk_pages)

static const char desk_css[] =
    ".desk{display:grid;gap:1em;grid-template-columns:repeat(auto-fit,minmax(24em,1fr))}\n"
    ".desk .two{display:grid;gap:.6em;grid-template-columns:1fr 1fr}\n"
    "fieldset{border:1px solid var(--line);border-radius:.4em;padding:.4em .8em}\n"
    "label.radio{display:block;color:var(--ink)}\n"
    ".prompt{padding:.8em 1em;border-radius:.4em;background:#e8f1f8;color:var(--brand);"
    "font-weight:600;border:2px dashed var(--accent)}\n"
    "#on-site tr.sensitive td:first-child{font-weight:600}\n";
WEB_CSS(desk, desk_css)

/* While the controller waits for the card, the guard sees the prompt and a count. */
static const char desk_js[] =
    "'use strict';\n"
    "(function () {\n"
    "  const f = document.getElementById('enroll-form');\n"
    "  if (!f) return;\n"
    "  f.addEventListener('submit', () => {\n"
    "    const p = document.getElementById('enroll-prompt');\n"
    "    let left = parseInt(f.dataset.timeout, 10);\n"
    "    const text = f.dataset.prompt;\n"
    "    p.hidden = false;\n"
    "    p.textContent = text;\n"
    "    f.querySelector('button').disabled = true;\n"
    "    const tick = setInterval(() => {\n"
    "      left -= 1;\n"
    "      if (left <= 0) { clearInterval(tick); return; }\n"
    "      p.textContent = text.replace(/\\d+/, String(left));\n"
    "    }, 1000);\n"
    "  });\n"
    "})();\n";
WEB_STATIC_FILE(desk_js, "desk.js", "text/javascript; charset=utf-8", desk_js)
