/* One person: who they are (kind, organisation, validity, status, flags), their
 * visits with the identity document (R-VISITOR-ID), their badges (UID badges flagged
 * cloneable, DESFire ones secure), their grants, and the rights report: every zone
 * they can enter and when (R-RIGHTS-REPORT, from gh_rights_get as `gatehouse person
 * rights` shows it).  Guards and officers report a badge lost or suspended; officers
 * grant and ungrant profiles and deprovision the person in one confirmed action
 * (R-VALIDITY, R-LEAST-PRIVILEGE: guards get 403 there).  Every change is audited as
 * web:OPERATOR (R-RIGHTS-AUDIT). */
#include <stdio.h>
#include <string.h>

#include "controller/rights.h"
#include "controller/timeutil.h"
#include "webui/escape.h"
#include "webui/form.h"
#include "webui/pageutil.h"
#include "webui/roles.h"
#include "webui/static.h"
#include "webui/validate.h"
#include "webui/web.h"

static const struct web_msg msgs[] = {
	{ "Unknown person.", "Personne inconnue.", "شخص غير معروف." },
	{ "Details", "Détails", "التفاصيل" },
	{ "Validity", "Validité", "الصلاحية" },
	{ "Flags", "Indicateurs", "الخصائص" },
	{ "vetted", "habilité", "موثوق" },
	{ "may escort", "peut accompagner", "يمكنه المرافقة" },
	{ "admitted in lockdown", "admis en confinement", "مسموح له أثناء الإغلاق" },
	{ "none", "aucun", "لا يوجد" },
	{ "Visits", "Visites", "الزيارات" },
	{ "No visit recorded.", "Aucune visite enregistrée.", "لا توجد زيارة مسجلة." },
	{ "Host", "Hôte", "المضيف" },
	{ "Identity document", "Pièce d'identité", "وثيقة الهوية" },
	{ "Recorded", "Enregistrée", "سُجلت" },
	{ "No badge.", "Aucun badge.", "لا توجد شارة." },
	{ "Badge", "Badge", "الشارة" },
	{ "Security", "Sécurité", "الأمان" },
	{ "cloneable", "clonable", "قابلة للاستنساخ" },
	{ "secure", "sécurisé", "آمنة" },
	{ "suspended", "suspendu", "موقوفة" },
	{ "lost", "perdu", "مفقودة" },
	{ "revoked", "révoqué", "ملغاة" },
	{ "Report", "Signaler", "إبلاغ" },
	{ "Reactivate", "Réactiver", "إعادة التفعيل" },
	{ "Grants", "Attributions", "الصلاحيات الممنوحة" },
	{ "No grant.", "Aucune attribution.", "لا توجد صلاحيات ممنوحة." },
	{ "Profile", "Profil", "ملف الصلاحيات" },
	{ "Ungrant", "Retirer", "سحب" },
	{ "Grant a profile", "Attribuer un profil", "منح ملف" },
	{ "From", "Du", "من" },
	{ "Until", "Au", "إلى" },
	{ "Grant", "Attribuer", "منح" },
	{ "Where and when this person may enter",
	  "Où et quand cette personne peut entrer",
	  "أين ومتى يمكن لهذا الشخص الدخول" },
	{ "Times are in the site time zone (%s).",
	  "Les heures sont dans le fuseau horaire du site (%s).",
	  "الأوقات بالمنطقة الزمنية للموقع (%s)." },
	{ "No access: this person has been removed (deprovisioned).",
	  "Aucun accès : cette personne a été retirée (déprovisionnée).",
	  "لا دخول: أُزيل هذا الشخص (أُلغيت صلاحياته)." },
	{ "No zone.", "Aucune zone.", "لا توجد منطقة." },
	{ "Zone", "Zone", "المنطقة" },
	{ "When", "Quand", "متى" },
	{ "Through", "Par", "عبر" },
	{ "public", "publique", "عامة" },
	{ "private", "privée", "خاصة" },
	{ "sensitive", "sensible", "حساسة" },
	{ "any time", "à toute heure", "في أي وقت" },
	{ "any valid badge", "tout badge valide", "أي شارة صالحة" },
	{ "when the escort may enter", "quand l'accompagnateur peut entrer",
	  "عندما يُسمح للمرافق بالدخول" },
	{ "escort by staff (R-ESCORT)", "accompagné par le personnel (R-ESCORT)",
	  "بمرافقة موظف (R-ESCORT)" },
	{ "escort by vetted staff (R-SUPERVISION)",
	  "accompagné par du personnel habilité (R-SUPERVISION)",
	  "بمرافقة موظف موثوق (R-SUPERVISION)" },
	{ "closed on holidays", "fermé les jours fériés", "مغلق أيام العطل" },
	{ "profile %s, schedule %s", "profil %s, horaire %s", "الملف %s، الجدول %s" },
	{ "Deprovision", "Déprovisionner", "إلغاء الصلاحيات" },
	{ "All badges revoked, all grants ended, the person made inactive, at once.",
	  "Tous les badges révoqués, toutes les attributions terminées, la personne "
	  "désactivée, en une fois.",
	  "إلغاء كل الشارات وإنهاء كل الصلاحيات وتعطيل الشخص دفعة واحدة." },
	{ "I confirm the deprovisioning of this person.",
	  "Je confirme le déprovisionnement de cette personne.",
	  "أؤكد إلغاء صلاحيات هذا الشخص." },
	{ "The badge is updated.", "Le badge est mis à jour.", "تم تحديث الشارة." },
	{ "The badge does not belong to this person.",
	  "Le badge n'appartient pas à cette personne.",
	  "الشارة لا تخص هذا الشخص." },
	{ "The profile is granted.", "Le profil est attribué.", "تم منح الملف." },
	{ "The profile is withdrawn.", "Le profil est retiré.", "تم سحب الملف." },
	{ "The person is deprovisioned.", "La personne est déprovisionnée.",
	  "تم إلغاء صلاحيات الشخص." },
	{ "Confirm the deprovisioning.", "Confirmez le déprovisionnement.",
	  "أكّد إلغاء الصلاحيات." },
	{ "The change was refused.", "La modification a été refusée.", "رُفض التغيير." },
	{ "Events of this person", "Événements de cette personne", "أحداث هذا الشخص" },
};
WEB_CATALOGUE(msgs)

static const char *
v(const struct gh_table *t, int r, const char *col)
{
	const char *s = gh_table_value(t, r, col);
	return s ? s : "";
}

static void
th(struct web_req *q, struct gh_buf *b, const char *const *cols, int n)
{
	gh_buf_puts(b, "<thead><tr>");
	for (int i = 0; i < n; i++) {
		gh_buf_puts(b, "<th>");
		web_html(b, T(cols[i]));
		gh_buf_puts(b, "</th>");
	}
	gh_buf_puts(b, "</tr></thead>");
}

static void
hidden(struct gh_buf *b, const char *name, const char *value)
{
	gh_buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	web_attr(b, value);
	gh_buf_puts(b, "\">");
}

static void
details(struct web_req *q, struct gh_buf *b, const struct gh_table *who)
{
	gh_buf_puts(b, "<section class=\"card\"><h2>");
	web_html(b, T("Details"));
	gh_buf_puts(b, "</h2><table class=\"kv\" id=\"person-details\"><tbody><tr><th>");
	web_html(b, T("Reference"));
	gh_buf_puts(b, "</th><td>");
	web_html(b, v(who, 0, "ref"));
	gh_buf_puts(b, "</td></tr><tr><th>");
	web_html(b, T("Kind"));
	gh_buf_puts(b, "</th><td>");
	web_html(b, T(v(who, 0, "kind")));
	gh_buf_puts(b, "</td></tr><tr><th>");
	web_html(b, T("Organisation"));
	gh_buf_puts(b, "</th><td>");
	web_html(b, v(who, 0, "org"));
	gh_buf_puts(b, "</td></tr><tr><th>");
	web_html(b, T("Validity"));
	gh_buf_puts(b, "</th><td>");
	web_validity(q, b, gh_table_value(who, 0, "valid_from"),
	    gh_table_value(who, 0, "valid_until"));
	gh_buf_puts(b, "</td></tr><tr><th>");
	web_html(b, T("Status"));
	gh_buf_printf(b, "</th><td><span class=\"tag %s\" id=\"person-status\">",
	    strcmp(v(who, 0, "status"), "active") == 0 ? "ok" : "bad");
	web_html(b, T(v(who, 0, "status")));
	gh_buf_puts(b, "</span></td></tr><tr><th>");
	web_html(b, T("Flags"));
	gh_buf_puts(b, "</th><td>");
	static const char *const flags[][2] = { { "vetted", "vetted" },
		{ "can_escort", "may escort" }, { "lockdown_ok", "admitted in lockdown" } };
	int any = 0;
	for (int i = 0; i < 3; i++) {
		const char *f = gh_table_value(who, 0, flags[i][0]);
		if (f == NULL || strcmp(f, "0") == 0 || strcmp(f, "false") == 0)
			continue;
		gh_buf_puts(b, "<span class=\"tag\">");
		web_html(b, T(flags[i][1]));
		gh_buf_puts(b, "</span> ");
		any = 1;
	}
	if (!any)
		web_html(b, T("none"));
	gh_buf_puts(b, "</td></tr></tbody></table><p><a href=\"/events?person=");
	web_url(b, v(who, 0, "ref"));
	gh_buf_puts(b, "\">");
	web_html(b, T("Events of this person"));
	gh_buf_puts(b, "</a></p></section>");
}

/* R-VISITOR-ID: who the visitor is and whom they see. */
static void
visits(struct web_req *q, struct gh_buf *b, const char *ref)
{
	struct gh_table t;
	gh_table_init(&t);
	gh_buf_puts(b, "<section class=\"card\"><h2>");
	web_html(b, T("Visits"));
	gh_buf_puts(b, "</h2>");
	if (gh_person_visits(q->db, ref, &t) != GH_OK) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, gh_db_errmsg(q->db));
		gh_buf_puts(b, "</p>");
	} else if (t.nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No visit recorded."));
		gh_buf_puts(b, "</p>");
	} else {
		static const char *const cols[] = { "Host", "Validity", "Identity document",
			"Recorded" };
		gh_buf_puts(b, "<table id=\"visits\">");
		th(q, b, cols, 4);
		gh_buf_puts(b, "<tbody>");
		for (int i = 0; i < t.nrows; i++) {
			gh_buf_puts(b, "<tr><td><a href=\"/person?ref=");
			web_url(b, v(&t, i, "host"));
			gh_buf_puts(b, "\">");
			web_html(b, v(&t, i, "host_name"));
			gh_buf_puts(b, "</a> (");
			web_html(b, v(&t, i, "host"));
			gh_buf_puts(b, ")</td><td>");
			web_validity(q, b, gh_table_value(&t, i, "valid_from"),
			    gh_table_value(&t, i, "valid_until"));
			gh_buf_puts(b, "</td><td class=\"iddoc\">");
			web_html(b, v(&t, i, "id_doc_type"));
			if (*v(&t, i, "id_doc_number"))
				gh_buf_puts(b, " ");
			web_html(b, v(&t, i, "id_doc_number"));
			gh_buf_puts(b, "</td><td>");
			web_utc(b, q->lang, v(&t, i, "created_at"));
			gh_buf_puts(b, "</td></tr>");
		}
		gh_buf_puts(b, "</tbody></table>");
	}
	gh_buf_puts(b, "</section>");
	gh_table_free(&t);
}

static void
badges(struct web_req *q, struct gh_buf *b, const char *ref, int active)
{
	struct gh_table t;
	gh_table_init(&t);
	int can = active && web_can(q, WEB_ACT_BADGE_ENROLL);
	gh_buf_puts(b, "<section class=\"card\"><h2>");
	web_html(b, T("Badges"));
	gh_buf_puts(b, "</h2>");
	if (gh_person_badges(q->db, ref, &t) != GH_OK) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, gh_db_errmsg(q->db));
		gh_buf_puts(b, "</p>");
	} else if (t.nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No badge."));
		gh_buf_puts(b, "</p>");
	} else {
		static const char *const cols[] = { "Badge", "Security", "Status", "Validity" };
		gh_buf_puts(b, "<table id=\"badges\">");
		th(q, b, cols, 4);
		gh_buf_puts(b, "<tbody>");
		for (int i = 0; i < t.nrows; i++) {
			const char *cred = v(&t, i, "credential"), *st = v(&t, i, "status");
			int uid = strcmp(v(&t, i, "kind"), "uid") == 0;
			gh_buf_puts(b, "<tr data-credential=\"");
			web_attr(b, cred);
			gh_buf_puts(b, "\"><td><code>");
			web_html(b, cred);
			gh_buf_printf(b, "</code></td><td><span class=\"tag %s\">", uid ? "cloneable" :
			    "ok secure");
			web_html(b, T(uid ? "cloneable" : "secure"));
			gh_buf_puts(b, "</span></td><td class=\"badge-status\">");
			web_html(b, T(st));
			gh_buf_puts(b, "</td><td>");
			web_validity(q, b, gh_table_value(&t, i, "valid_from"),
			    gh_table_value(&t, i, "valid_until"));
			gh_buf_puts(b, "</td>");
			if (can && (strcmp(st, "active") == 0 || strcmp(st, "suspended") == 0)) {
				gh_buf_puts(b, "<td><form method=\"post\" action=\"/person/badge\" "
				    "class=\"inline badge-form\">");
				web_csrf_input(q, b);
				hidden(b, "ref", ref);
				hidden(b, "credential", cred);
				gh_buf_puts(b, "<select name=\"status\">");
				if (strcmp(st, "suspended") == 0) {
					gh_buf_puts(b, "<option value=\"active\">");
					web_html(b, T("Reactivate"));
					gh_buf_puts(b, "</option>");
				} else {
					gh_buf_puts(b, "<option value=\"suspended\">");
					web_html(b, T("suspended"));
					gh_buf_puts(b, "</option>");
				}
				gh_buf_puts(b, "<option value=\"lost\">");
				web_html(b, T("lost"));
				gh_buf_puts(b, "</option></select><button class=\"secondary\">");
				web_html(b, T("Report"));
				gh_buf_puts(b, "</button></form></td>");
			} else if (can) {
				gh_buf_puts(b, "<td></td>");
			}
			gh_buf_puts(b, "</tr>");
		}
		gh_buf_puts(b, "</tbody></table>");
	}
	gh_buf_puts(b, "</section>");
	gh_table_free(&t);
}

static void
grants(struct web_req *q, struct gh_buf *b, const char *ref, int active)
{
	struct gh_table t;
	gh_table_init(&t);
	int can = active && web_can(q, WEB_ACT_GRANT_ACCESS);
	gh_buf_puts(b, "<section class=\"card\"><h2>");
	web_html(b, T("Grants"));
	gh_buf_puts(b, "</h2>");
	if (gh_person_grants(q->db, ref, &t) != GH_OK) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, gh_db_errmsg(q->db));
		gh_buf_puts(b, "</p>");
	} else if (t.nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\" id=\"no-grant\">");
		web_html(b, T("No grant."));
		gh_buf_puts(b, "</p>");
	} else {
		static const char *const cols[] = { "Profile", "Validity" };
		gh_buf_puts(b, "<table id=\"grants\">");
		th(q, b, cols, 2);
		gh_buf_puts(b, "<tbody>");
		for (int i = 0; i < t.nrows; i++) {
			gh_buf_puts(b, "<tr><td>");
			web_html(b, v(&t, i, "profile"));
			gh_buf_puts(b, "</td><td>");
			web_validity(q, b, gh_table_value(&t, i, "valid_from"),
			    gh_table_value(&t, i, "valid_until"));
			gh_buf_puts(b, "</td>");
			if (can) {
				gh_buf_puts(b, "<td><form method=\"post\" action=\"/person/grant\" "
				    "class=\"inline ungrant-form\">");
				web_csrf_input(q, b);
				hidden(b, "ref", ref);
				hidden(b, "profile", v(&t, i, "profile"));
				gh_buf_puts(b, "<input type=\"hidden\" name=\"op\" value=\"ungrant\">"
				    "<button class=\"secondary\">");
				web_html(b, T("Ungrant"));
				gh_buf_puts(b, "</button></form></td>");
			}
			gh_buf_puts(b, "</tr>");
		}
		gh_buf_puts(b, "</tbody></table>");
	}
	gh_table_free(&t);
	if (can) {
		gh_table_init(&t);
		gh_buf_puts(b, "<form method=\"post\" action=\"/person/grant\" class=\"inline\" "
		    "id=\"grant-form\"><h3>");
		web_html(b, T("Grant a profile"));
		gh_buf_puts(b, "</h3>");
		web_csrf_input(q, b);
		hidden(b, "ref", ref);
		gh_buf_puts(b, "<input type=\"hidden\" name=\"op\" value=\"grant\"><label>");
		web_html(b, T("Profile"));
		gh_buf_puts(b, " <select name=\"profile\" required>");
		/* One option per profile (the listing has a row per rule), with its zones. */
		if (gh_profile_list(q->db, &t) == GH_OK)
			for (int i = 0; i < t.nrows; i++) {
				const char *pn = v(&t, i, "profile");
				if (i == 0 || strcmp(pn, v(&t, i - 1, "profile")) != 0) {
					gh_buf_puts(b, i ? ")</option><option value=\"" :
					    "<option value=\"");
					web_attr(b, pn);
					gh_buf_puts(b, "\">");
					web_html(b, pn);
					gh_buf_puts(b, " (");
				} else {
					gh_buf_puts(b, ", ");
				}
				web_html(b, v(&t, i, "zone"));
				if (i == t.nrows - 1)
					gh_buf_puts(b, ")</option>");
			}
		gh_buf_puts(b, "</select></label><label>");
		web_html(b, T("From"));
		gh_buf_puts(b, " <input type=\"date\" name=\"from\"></label><label>");
		web_html(b, T("Until"));
		gh_buf_puts(b, " <input type=\"date\" name=\"until\"></label><button>");
		web_html(b, T("Grant"));
		gh_buf_puts(b, "</button></form>");
		gh_table_free(&t);
	}
	gh_buf_puts(b, "</section>");
}

/* R-RIGHTS-REPORT */
static void
rights(struct web_req *q, struct gh_buf *b, const struct gh_rights *rs)
{
	gh_buf_puts(b, "<section class=\"card\" id=\"rights\"><h2>");
	web_html(b, T("Where and when this person may enter"));
	gh_buf_puts(b, "</h2><p class=\"muted\">");
	struct gh_buf tz;
	gh_buf_init(&tz);
	web_html(&tz, gh_tz_name());
	web_tf(b, q->lang, "Times are in the site time zone (%s).", tz.s);
	gh_buf_free(&tz);
	gh_buf_puts(b, "</p>");
	if (!rs->active) {
		gh_buf_puts(b, "<p class=\"error\" id=\"no-access\">");
		web_html(b, T("No access: this person has been removed (deprovisioned)."));
		gh_buf_puts(b, "</p></section>");
		return;
	}
	if (rs->n == 0) {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No zone."));
		gh_buf_puts(b, "</p></section>");
		return;
	}
	static const char *const cols[] = { "Zone", "When", "Through", "Validity" };
	gh_buf_puts(b, "<table id=\"rights-table\">");
	th(q, b, cols, 4);
	gh_buf_puts(b, "<tbody>");
	for (int i = 0; i < rs->n; i++) {
		const struct gh_right *g = &rs->r[i];
		gh_buf_puts(b, "<tr data-zone=\"");
		web_attr(b, g->zone);
		gh_buf_puts(b, "\"><td>");
		web_html(b, g->zone);
		gh_buf_puts(b, " <span class=\"tag ");
		web_attr(b, g->level);
		gh_buf_puts(b, "\">");
		web_html(b, T(g->level));
		gh_buf_puts(b, "</span></td><td>");
		if (strcmp(g->condition, "any-valid-badge") == 0) {
			web_html(b, T("any time"));
			gh_buf_puts(b, "</td><td>");
			web_html(b, T("any valid badge"));
			gh_buf_puts(b, "</td><td></td></tr>");
			continue;
		}
		if (g->profile == NULL) {
			web_html(b, T("when the escort may enter"));
			gh_buf_puts(b, "</td><td>");
			web_html(b, T(strcmp(g->condition, "escorted-by-vetted-staff") == 0 ?
			    "escort by vetted staff (R-SUPERVISION)" : "escort by staff (R-ESCORT)"));
			gh_buf_puts(b, "</td><td></td></tr>");
			continue;
		}
		for (int k = 0; k < g->nwindows; k++) {
			if (k)
				gh_buf_puts(b, "<br>");
			gh_buf_puts(b, "<code>");
			web_html(b, g->windows[k]);
			gh_buf_puts(b, "</code>");
		}
		if (g->holidays_closed) {
			gh_buf_puts(b, "<br>");
			web_html(b, T("closed on holidays"));
		}
		gh_buf_puts(b, "</td><td>");
		struct gh_buf p, s;
		gh_buf_init(&p);
		gh_buf_init(&s);
		web_html(&p, g->profile);
		web_html(&s, g->schedule);
		web_tf(b, q->lang, "profile %s, schedule %s", p.s, s.s);
		gh_buf_free(&p);
		gh_buf_free(&s);
		gh_buf_puts(b, "</td><td>");
		web_validity(q, b, g->valid_from, g->valid_until);
		gh_buf_puts(b, "</td></tr>");
	}
	gh_buf_puts(b, "</tbody></table></section>");
}

static void
deprovision(struct web_req *q, struct gh_buf *b, const char *ref)
{
	gh_buf_puts(b, "<section class=\"card officer\"><h2>");
	web_html(b, T("Deprovision"));
	gh_buf_puts(b, "</h2><form method=\"post\" action=\"/person/remove\" class=\"stack\" "
	    "id=\"deprovision-form\"><p>");
	web_html(b, T("All badges revoked, all grants ended, the person made inactive, at once."));
	gh_buf_puts(b, "</p>");
	web_csrf_input(q, b);
	hidden(b, "ref", ref);
	gh_buf_puts(b, "<label class=\"confirm\"><span><input type=\"checkbox\" name=\"confirm\" "
	    "value=\"yes\" required> ");
	web_html(b, T("I confirm the deprovisioning of this person."));
	gh_buf_puts(b, "</span></label><button class=\"danger\">");
	web_html(b, T("Deprovision"));
	gh_buf_puts(b, "</button></form></section>");
}

static void
person(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *ref = web_form_get(f, "ref");
	struct gh_rights rs;
	int rc = gh_rights_get(q->db, ref, &rs);
	if (rc != GH_OK) {
		if (rc == GH_EINPUT)
			web_page_error(q, r, 404, "Unknown person.");
		else
			web_page_error_detail(q, r, 500, "Error", gh_db_errmsg(q->db));
		gh_rights_free(&rs);
		return;
	}
	web_page_open(q, r, v(&rs.who, 0, "name"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<h1 id=\"person-name\" dir=\"auto\">");
	web_html(b, v(&rs.who, 0, "name"));
	gh_buf_puts(b, "</h1>");
	details(q, b, &rs.who);
	if (strcmp(rs.kind, "visitor") == 0)
		visits(q, b, ref);
	badges(q, b, ref, rs.active);
	grants(q, b, ref, rs.active);
	rights(q, b, &rs);
	if (rs.active && web_can(q, WEB_ACT_GRANT_ACCESS))
		deprovision(q, b, ref);
	web_page_close(q, r);
	gh_rights_free(&rs);
}

/* Back to the person's page with a message. */
static void
back(struct web_resp *r, const char *ref, int ok, const char *msg)
{
	struct gh_buf p;
	gh_buf_init(&p);
	gh_buf_puts(&p, "/person?ref=");
	web_url(&p, ref);
	if (ok)
		web_redirect_done(r, p.s, msg);
	else
		web_redirect_error(r, p.s, msg);
	gh_buf_free(&p);
}

/* A rule's refusal (bad dates, an unknown profile...) names what, as the database
 * says it. */
static void
refused(struct web_req *q, struct web_resp *r, int rc)
{
	web_page_error_detail(q, r, rc == GH_EINPUT ? 400 : 500, "The change was refused.",
	    gh_db_errmsg(q->db));
}

static void
badge_post(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *ref = web_form_get(f, "ref"), *cred = web_form_get(f, "credential");
	struct gh_table t;
	gh_table_init(&t);
	int mine = 0;
	if (gh_person_badges(q->db, ref, &t) == GH_OK)
		for (int i = 0; i < t.nrows; i++)
			mine |= strcmp(v(&t, i, "credential"), cred) == 0;
	gh_table_free(&t);
	if (!mine) {
		back(r, ref, 0, "The badge does not belong to this person.");
		return;
	}
	web_actor(q);
	int rc = gh_badge_set_status(q->db, cred, web_form_get(f, "status"));
	if (rc != GH_OK) {
		refused(q, r, rc);
		return;
	}
	back(r, ref, 1, "The badge is updated.");
}

static void
grant_post(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *ref = web_form_get(f, "ref"), *profile = web_form_get(f, "profile");
	int grant = strcmp(web_form_get(f, "op"), "grant") == 0;
	web_actor(q);
	int rc = grant ? gh_person_grant(q->db, ref, profile, web_form_get(f, "from"),
	    web_form_get(f, "until")) : gh_person_ungrant(q->db, ref, profile);
	if (rc != GH_OK) {
		refused(q, r, rc);
		return;
	}
	back(r, ref, 1, grant ? "The profile is granted." : "The profile is withdrawn.");
}

static void
remove_post(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *ref = web_form_get(f, "ref"), *c = web_form_get(f, "confirm");
	if (c == NULL || strcmp(c, "yes") != 0) {
		back(r, ref, 0, "Confirm the deprovisioning.");
		return;
	}
	web_actor(q);
	int rc = gh_person_remove(q->db, ref);
	if (rc != GH_OK) {
		refused(q, r, rc);
		return;
	}
	back(r, ref, 1, "The person is deprovisioned.");
}

static const struct web_field f_person[] = {
	{ "ref", WF_NAME, 1, 0, 0, NULL },
};
static const struct web_field f_badge[] = {
	WEB_F_CSRF,
	{ "ref", WF_NAME, 1, 0, 0, NULL },
	{ "credential", WF_NAME, 1, 0, 0, NULL },
	{ "status", WF_ENUM, 1, 0, 0, "lost|suspended|active" },
};
static const struct web_field f_grant[] = {
	WEB_F_CSRF,
	{ "ref", WF_NAME, 1, 0, 0, NULL },
	{ "profile", WF_NAME, 1, 0, 0, NULL },
	{ "op", WF_ENUM, 1, 0, 0, "grant|ungrant" },
	{ "from", WF_LINE, 0, 0, 10, NULL },
	{ "until", WF_LINE, 0, 0, 10, NULL },
};
static const struct web_field f_remove[] = {
	WEB_F_CSRF,
	{ "ref", WF_NAME, 1, 0, 0, NULL },
	{ "confirm", WF_ENUM, 0, 0, 0, "yes" },
};

static const struct web_page person_pages[] = {
	{ "GET", "/person", WEB_ACT_READ, person, WEB_FIELDS(f_person) },
	{ "POST", "/person/badge", WEB_ACT_BADGE_ENROLL, badge_post, WEB_FIELDS(f_badge) },
	{ "POST", "/person/grant", WEB_ACT_GRANT_ACCESS, grant_post, WEB_FIELDS(f_grant) },
	{ "POST", "/person/remove", WEB_ACT_GRANT_ACCESS, remove_post, WEB_FIELDS(f_remove) },
};
WEB_PAGES(person_pages)

static const char person_css[] =
    "table.kv th{width:12em}\n"
    "#rights-table code{font-size:.9em}\n"
    "form.badge-form,form.ungrant-form{margin:0}\n"
    "#grant-form{margin-block-start:1em}\n"
    "#grant-form h3{flex-basis:100%;margin:0;font-size:1em}\n";
WEB_CSS(person, person_css)
