/* The site's documents, written by the system from its own configuration and printed
 * on A4 (the frame's header hides in print):
 * - /documents/signs: a warning sign for every entrance into a restricted zone, one per
 *   page, with the zone's name, level, limits (its doors), conditions of access (who,
 *   when, escorts, badges) and the zone's own sign text (R-SIGN);
 * - /documents/matrix: the access matrix, zones x profiles with the hours of each
 *   (R-PROFILES, 3.7.2), on landscape A4;
 * - /documents/emergency: the emergency access protocol kept in the system, the modes
 *   explained with the doors they release and the fire inputs, and the people admitted
 *   in a lockdown; everyone reads it, officers edit it (audited) (R-EMERGENCY).
 * Each states the site's name and when it was generated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/schedule.h"
#include "controller/util.h"
#include "webui/escape.h"
#include "webui/form.h"
#include "webui/roles.h"
#include "webui/static.h"
#include "webui/validate.h"
#include "webui/web.h"

static const struct web_msg msgs[] = {
	{ "Documents of the site", "Documents du site", "وثائق الموقع" },
	{ "Written by the system from the site's configuration, ready to print on A4.",
	  "Rédigés par le système à partir de la configuration du site, prêts à imprimer "
	  "en A4.",
	  "يحررها النظام انطلاقًا من إعدادات الموقع، جاهزة للطباعة على ورق A4." },
	{ "Warning signs", "Panneaux d'avertissement", "لافتات التحذير" },
	{ "One sign for every entrance into a restricted zone, one per page.",
	  "Un panneau pour chaque entrée de zone restreinte, un par page.",
	  "لافتة لكل مدخل إلى منطقة مقيدة، لافتة في كل صفحة." },
	{ "Access matrix", "Matrice des accès", "مصفوفة الولوج" },
	{ "The hours of every zone for every profile.",
	  "Les horaires de chaque zone pour chaque profil.",
	  "ساعات كل منطقة لكل ملف صلاحيات." },
	{ "Emergency access protocol", "Protocole d'accès en situation d'urgence",
	  "بروتوكول الولوج في حالات الطوارئ" },
	{ "Evacuation and lockdown: what the doors do, who may enter.",
	  "Évacuation et confinement : ce que font les portes, qui peut entrer.",
	  "الإخلاء والإغلاق: ما تفعله الأبواب ومن يحق له الدخول." },
	{ "Print", "Imprimer", "طباعة" },
	{ "Generated on %s", "Généré le %s", "أُنشئ في %s" },
	{ "RESTRICTED ACCESS", "ACCÈS RÉGLEMENTÉ", "ولوج مقيد" },
	{ "SENSITIVE ZONE — RESTRICTED ACCESS", "ZONE SENSIBLE — ACCÈS RÉGLEMENTÉ",
	  "منطقة حساسة — ولوج مقيد" },
	{ "Private zone", "Zone privée", "منطقة خاصة" },
	{ "Sensitive zone", "Zone sensible", "منطقة حساسة" },
	{ "Entrance: door %s, from %s", "Entrée : porte %s, depuis %s",
	  "المدخل: الباب %s، من %s" },
	{ "Limits of the zone", "Limites de la zone", "حدود المنطقة" },
	{ "The zone is entered and left only through these doors:",
	  "On n'entre et ne sort de la zone que par ces portes :",
	  "لا يُدخل إلى المنطقة ولا يُخرج منها إلا عبر هذه الأبواب:" },
	{ "%s (to %s)", "%s (vers %s)", "%s (نحو %s)" },
	{ "Conditions of access", "Conditions d'accès", "شروط الولوج" },
	{ "Entry with your own badge only, for the people whose profile grants this zone, at "
	  "these hours:",
	  "Entrée avec son propre badge uniquement, pour les personnes dont le profil donne "
	  "accès à cette zone, aux horaires suivants :",
	  "الدخول بالشارة الشخصية فقط، للأشخاص الذين يخوّلهم ملف صلاحياتهم هذه المنطقة، في "
	  "الأوقات التالية:" },
	{ "No profile grants this zone: nobody enters it with a badge.",
	  "Aucun profil ne donne accès à cette zone : personne n'y entre avec un badge.",
	  "لا يخوّل أي ملف صلاحيات هذه المنطقة: لا أحد يدخلها بشارة." },
	{ "Visitors and contractors enter only with an escort allowed in this zone, who "
	  "badges at the same reader within %ld seconds.",
	  "Visiteurs et prestataires n'entrent qu'accompagnés d'une personne autorisée dans "
	  "cette zone, qui badge au même lecteur dans les %ld secondes.",
	  "لا يدخل الزوار والمتعاقدون إلا برفقة شخص مخوَّل في هذه المنطقة يمرر شارته على "
	  "القارئ نفسه خلال %ld ثانية." },
	{ "Contractors working here are escorted by vetted staff.",
	  "Les prestataires qui interviennent ici sont accompagnés par du personnel habilité.",
	  "يرافق المتعاقدين العاملين هنا موظفون مؤهلون." },
	{ "Secure badges only: a badge identified by its serial number alone is refused.",
	  "Badges sécurisés uniquement : un badge identifié par son seul numéro de série est "
	  "refusé.",
	  "الشارات الآمنة فقط: تُرفض الشارة التي تُعرَّف برقمها التسلسلي وحده." },
	{ "Each person badges for themselves; a badge cannot enter twice without leaving "
	  "(anti-passback).",
	  "Chacun badge pour soi ; un badge ne peut pas entrer deux fois sans être sorti "
	  "(anti-retour).",
	  "يمرر كل شخص شارته بنفسه؛ ولا يمكن لشارة أن تدخل مرتين دون خروج (منع العودة)." },
	{ "At most %ld people inside at once.", "Au plus %ld personnes présentes à la fois.",
	  "%ld شخصًا على الأكثر في الداخل في آن واحد." },
	{ "Every entry and every refusal is recorded with the person's name.",
	  "Chaque entrée et chaque refus sont enregistrés au nom de la personne.",
	  "يُسجَّل كل دخول وكل رفض باسم الشخص." },
	{ "In an evacuation nobody enters; in a lockdown only the designated people.",
	  "En évacuation personne n'entre ; en confinement seules les personnes désignées.",
	  "عند الإخلاء لا يدخل أحد؛ وعند الإغلاق يدخل الأشخاص المعيَّنون فقط." },
	{ "closed on holidays", "fermé les jours fériés", "مغلق أيام العطل" },
	{ "No restricted zone has an entrance yet: there is no sign to print.",
	  "Aucune zone restreinte n'a encore d'entrée : aucun panneau à imprimer.",
	  "لا يوجد بعد مدخل لأي منطقة مقيدة: لا توجد لافتة للطباعة." },
	{ "%d signs", "%d panneaux", "%d لافتة" },
	{ "Public zones admit every valid badge; restricted zones only the profiles below, "
	  "at the hours shown. Visitors and contractors enter restricted zones with an "
	  "escort allowed there.",
	  "Les zones publiques admettent tout badge valide ; les zones restreintes seulement "
	  "les profils ci-dessous, aux horaires indiqués. Visiteurs et prestataires entrent "
	  "en zone restreinte accompagnés d'une personne autorisée.",
	  "تقبل المناطق العامة كل شارة صالحة؛ والمناطق المقيدة الملفات أدناه فقط في الأوقات "
	  "المبيَّنة. يدخل الزوار والمتعاقدون المناطق المقيدة برفقة شخص مخوَّل فيها." },
	{ "every valid badge", "tout badge valide", "كل شارة صالحة" },
	{ "Schedules and holidays", "Horaires et jours fériés", "الجداول الزمنية والعطل" },
	{ "Holidays: %s", "Jours fériés : %s", "العطل: %s" },
	{ "No profile yet: nobody enters a restricted zone with a badge.",
	  "Aucun profil pour l'instant : personne n'entre en zone restreinte avec un badge.",
	  "لا توجد ملفات صلاحيات بعد: لا أحد يدخل منطقة مقيدة بشارة." },
	{ "The site's protocol", "Le protocole du site", "بروتوكول الموقع" },
	{ "No protocol has been recorded yet.", "Aucun protocole n'a encore été enregistré.",
	  "لم يُسجَّل أي بروتوكول بعد." },
	{ "Last changed on %s by %s", "Dernière modification le %s par %s",
	  "آخر تعديل في %s بواسطة %s" },
	{ "Edit the protocol", "Modifier le protocole", "تعديل البروتوكول" },
	{ "The change is recorded in the audit trail under your name.",
	  "La modification est inscrite à votre nom dans la piste d'audit.",
	  "يُسجَّل التعديل باسمك في سجل التدقيق." },
	{ "The protocol is saved.", "Le protocole est enregistré.", "تم حفظ البروتوكول." },
	{ "The protocol could not be saved.", "Le protocole n'a pas pu être enregistré.",
	  "تعذّر حفظ البروتوكول." },
	{ "Emergency modes", "Modes d'urgence", "أوضاع الطوارئ" },
	{ "Evacuation", "Évacuation", "الإخلاء" },
	{ "Fail-safe doors are released so that everyone can leave; fail-secure doors stay "
	  "locked and open from inside by their handle. Nobody enters a restricted zone. A "
	  "fire input that comes on starts an evacuation by itself; it ends when an officer "
	  "returns the site to normal, and the doors then lock again.",
	  "Les portes à rupture sont libérées pour que chacun puisse sortir ; les portes à "
	  "émission restent verrouillées et s'ouvrent de l'intérieur par leur poignée. "
	  "Personne n'entre en zone restreinte. Une entrée incendie qui s'active déclenche "
	  "d'elle-même l'évacuation ; elle prend fin quand un responsable remet le site en "
	  "mode normal, et les portes se verrouillent alors.",
	  "تُفتح الأبواب الآمنة عند العطل ليتمكن الجميع من الخروج؛ وتبقى الأبواب المؤمَّنة "
	  "عند العطل مقفلة وتُفتح من الداخل بمقبضها. لا يدخل أحد منطقة مقيدة. ويبدأ الإخلاء "
	  "تلقائيًا عند تفعيل مدخل الحريق، وينتهي حين يعيد مسؤول الأمن الموقع إلى الوضع "
	  "العادي، فتُقفل الأبواب من جديد." },
	{ "Lockdown", "Confinement", "الإغلاق" },
	{ "Doors stay locked; only the people designated for a lockdown are admitted "
	  "(the others are refused with the reason lockdown). Exit buttons still work.",
	  "Les portes restent verrouillées ; seules les personnes désignées pour le "
	  "confinement sont admises (les autres sont refusées avec le motif lockdown). Les "
	  "boutons de sortie fonctionnent toujours.",
	  "تبقى الأبواب مقفلة؛ ولا يُقبل إلا الأشخاص المعيَّنون للإغلاق (ويُرفض الآخرون بسبب "
	  "lockdown). وتبقى أزرار الخروج تعمل." },
	{ "An officer enters and leaves a mode on the Live page, with a reason; every change "
	  "of mode is recorded in the journal with the officer's name.",
	  "Un responsable entre dans un mode et en sort depuis la page En direct, avec un "
	  "motif ; chaque changement de mode est enregistré au journal à son nom.",
	  "يدخل مسؤول الأمن وضعًا ويخرج منه من صفحة مباشر مع ذكر السبب؛ ويُسجَّل كل تغيير "
	  "للوضع في السجل باسمه." },
	{ "Doors in an evacuation", "Les portes en évacuation", "الأبواب عند الإخلاء" },
	{ "stays locked", "reste verrouillée", "تبقى مقفلة" },
	{ "In an evacuation", "En évacuation", "عند الإخلاء" },
	{ "People admitted in a lockdown", "Personnes admises en confinement",
	  "الأشخاص المقبولون عند الإغلاق" },
	{ "Nobody is designated: in a lockdown no badge opens a restricted door.",
	  "Personne n'est désigné : en confinement aucun badge n'ouvre une porte restreinte.",
	  "لم يُعيَّن أحد: عند الإغلاق لا تفتح أي شارة بابًا مقيدًا." },
	{ "Fire inputs", "Entrées incendie", "مداخل الحريق" },
	{ "No door has a fire input.", "Aucune porte n'a d'entrée incendie.",
	  "لا يوجد باب له مدخل حريق." },
	{ "%s: doors %s", "%s : portes %s", "%s: الأبواب %s" },
	{ "Protocol", "Protocole", "البروتوكول" },
};
WEB_CATALOGUE(msgs)

static int
level_rank(const char *level)
{
	return level == NULL ? 0 : strcmp(level, "sensitive") == 0 ? 2 :
	    strcmp(level, "private") == 0 ? 1 : 0;
}

/* The head of every document: the site, the title, the date of generation, a print
 * button (docs.js) that the printed page does not show. */
static void
doc_head(struct web_req *q, struct gh_buf *b, const char *title_en)
{
	gh_buf_puts(b, "<header class=\"doc-head\"><p class=\"doc-site\">");
	web_html(b, W.site_name);
	gh_buf_puts(b, "</p><h1>");
	web_html(b, T(title_en));
	gh_buf_puts(b, "</h1><p class=\"doc-date\">");
	struct gh_buf d;
	gh_buf_init(&d);
	web_date(&d, q->lang, q->now, 1);
	web_tf_html(b, q->lang, "Generated on %s", d.s, NULL);
	gh_buf_free(&d);
	gh_buf_puts(b, "</p><p class=\"noprint\"><button type=\"button\" class=\"print\">");
	web_html(b, T("Print"));
	gh_buf_puts(b, "</button> <a href=\"/documents\">");
	web_html(b, T("Documents"));
	gh_buf_puts(b, "</a></p></header>");
}

static void
doc_close(struct web_req *q, struct web_resp *r)
{
	gh_buf_puts(&r->body, "<script src=\"/static/docs.js\"></script>");
	web_page_close(q, r);
}

/* A schedule's windows in canonical text ("mon-fri 08:00-18:00, sat 09:00-12:00"). */
static void
windows_text(struct web_req *q, struct gh_buf *b, const char *schedule, int holidays_closed)
{
	struct gh_window w[64];
	int n = 0;
	char t[64];
	if (gh_schedule_windows(q->db, schedule, w, 64, &n) != GH_OK)
		n = 0;
	gh_buf_puts(b, "<span class=\"hours\" dir=\"ltr\">");
	for (int i = 0; i < n; i++) {
		if (i)
			gh_buf_puts(b, ", ");
		web_html(b, gh_window_format(&w[i], t, sizeof t));
	}
	gh_buf_puts(b, "</span>");
	if (holidays_closed) {
		gh_buf_puts(b, " <span class=\"muted\">(");
		web_html(b, T("closed on holidays"));
		gh_buf_puts(b, ")</span>");
	}
}

/* Is the schedule closed on holidays?  From gh_schedule_list's table. */
static int
closed_on_holidays(const struct gh_table *schedules, const char *name)
{
	for (int i = 0; name && i < schedules->nrows; i++) {
		const char *n = gh_table_value(schedules, i, "name");
		const char *hc = gh_table_value(schedules, i, "holidays_closed");
		if (n && strcmp(n, name) == 0)
			return hc && strcmp(hc, "0") != 0;
	}
	return 0;
}

static int
zone_row(const struct gh_table *zones, const char *name)
{
	for (int i = 0; name && i < zones->nrows; i++) {
		const char *n = gh_table_value(zones, i, "name");
		if (n && strcmp(n, name) == 0)
			return i;
	}
	return -1;
}

/* ---- the index ---- */

static void
documents(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	(void)f;
	static const struct { const char *path, *title, *what; } docs[] = {
		{ "/documents/signs", "Warning signs",
		  "One sign for every entrance into a restricted zone, one per page." },
		{ "/documents/matrix", "Access matrix", "The hours of every zone for every profile." },
		{ "/documents/emergency", "Emergency access protocol",
		  "Evacuation and lockdown: what the doors do, who may enter." },
	};
	web_page_open(q, r, T("Documents of the site"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<h1>");
	web_html(b, T("Documents of the site"));
	gh_buf_puts(b, "</h1><p class=\"muted\">");
	web_html(b, T("Written by the system from the site's configuration, ready to print on A4."));
	gh_buf_puts(b, "</p><div class=\"grid docs\">");
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		gh_buf_printf(b, "<a class=\"card doc\" href=\"%s\"><h2>", docs[i].path);
		web_html(b, T(docs[i].title));
		gh_buf_puts(b, "</h2><p>");
		web_html(b, T(docs[i].what));
		gh_buf_puts(b, "</p></a>");
	}
	gh_buf_puts(b, "</div>");
	web_page_close(q, r);
}

/* ---- R-SIGN: the warning signs ---- */

/* One sign: entering zone `z` (row zr) through `door` from `other`. */
static void
sign(struct web_req *q, struct gh_buf *b, const struct gh_table *zones, int zr,
    const char *door, const char *other, const struct gh_table *doors,
    const struct gh_table *rules, const struct gh_table *schedules, int secure_only,
    long escort_s)
{
	const char *z = gh_table_value(zones, zr, "name"), *level = gh_table_value(zones, zr,
	    "level"), *text = gh_table_value(zones, zr, "sign");
	const char *pb = gh_table_value(zones, zr, "passback");
	const char *mo = gh_table_value(zones, zr, "max_occupancy");
	int sensitive = level_rank(level) == 2;
	gh_buf_printf(b, "<section class=\"sign page %s\" data-zone=\"", sensitive ? "sensitive" :
	    "private");
	web_attr(b, z);
	gh_buf_puts(b, "\" data-door=\"");
	web_attr(b, door);
	gh_buf_puts(b, "\"><p class=\"band\">");
	web_html(b, T(sensitive ? "SENSITIVE ZONE — RESTRICTED ACCESS" : "RESTRICTED ACCESS"));
	gh_buf_puts(b, "</p><h2 class=\"zone-name\">");
	web_html(b, z);
	gh_buf_puts(b, "</h2><p class=\"level\">");
	web_html(b, T(sensitive ? "Sensitive zone" : "Private zone"));
	gh_buf_puts(b, "</p><p class=\"entrance\">");
	web_tf_html(b, q->lang, "Entrance: door %s, from %s", door, other);
	gh_buf_puts(b, "</p>");
	if (text && text[0]) {
		gh_buf_puts(b, "<p class=\"text\">");
		web_html(b, text);
		gh_buf_puts(b, "</p>");
	}
	/* Conditions of access. */
	gh_buf_puts(b, "<h3>");
	web_html(b, T("Conditions of access"));
	gh_buf_puts(b, "</h3><ul class=\"conditions\">");
	int granted = 0;
	for (int i = 0; i < rules->nrows; i++) {
		const char *rz = gh_table_value(rules, i, "zone");
		if (rz && strcmp(rz, z) == 0)
			granted++;
	}
	gh_buf_puts(b, "<li>");
	if (granted) {
		web_html(b, T("Entry with your own badge only, for the people whose profile grants this "
		    "zone, at these hours:"));
		gh_buf_puts(b, "<ul class=\"grants\">");
		for (int i = 0; i < rules->nrows; i++) {
			const char *rz = gh_table_value(rules, i, "zone");
			const char *s = gh_table_value(rules, i, "schedule");
			if (!rz || strcmp(rz, z) != 0 || s == NULL)
				continue;
			gh_buf_puts(b, "<li><strong>");
			web_html(b, gh_table_value(rules, i, "profile"));
			gh_buf_puts(b, "</strong> — ");
			windows_text(q, b, s, closed_on_holidays(schedules, s));
			gh_buf_puts(b, "</li>");
		}
		gh_buf_puts(b, "</ul>");
	} else {
		web_html(b, T("No profile grants this zone: nobody enters it with a badge."));
	}
	gh_buf_puts(b, "</li><li>");
	web_tf(b, q->lang, "Visitors and contractors enter only with an escort allowed in "
	    "this zone, who badges at the same reader within %ld seconds.", escort_s);
	gh_buf_puts(b, "</li><li>");
	web_html(b, T("Contractors working here are escorted by vetted staff."));
	gh_buf_puts(b, "</li>");
	if (sensitive && secure_only) {
		gh_buf_puts(b, "<li>");
		web_html(b, T("Secure badges only: a badge identified by its serial number alone is "
		    "refused."));
		gh_buf_puts(b, "</li>");
	}
	if (pb && strcmp(pb, "off") != 0) {
		gh_buf_puts(b, "<li>");
		web_html(b, T("Each person badges for themselves; a badge cannot enter twice without "
		    "leaving (anti-passback)."));
		gh_buf_puts(b, "</li>");
	}
	if (mo && atol(mo) > 0) {
		gh_buf_puts(b, "<li>");
		web_tf(b, q->lang, "At most %ld people inside at once.", atol(mo));
		gh_buf_puts(b, "</li>");
	}
	gh_buf_puts(b, "<li>");
	web_html(b, T("Every entry and every refusal is recorded with the person's name."));
	gh_buf_puts(b, "</li><li>");
	web_html(b, T("In an evacuation nobody enters; in a lockdown only the designated people."));
	gh_buf_puts(b, "</li></ul>");
	/* Limits: the doors of the zone. */
	gh_buf_puts(b, "<h3>");
	web_html(b, T("Limits of the zone"));
	gh_buf_puts(b, "</h3><p>");
	web_html(b, T("The zone is entered and left only through these doors:"));
	gh_buf_puts(b, "</p><ul class=\"limits\">");
	for (int i = 0; i < doors->nrows; i++) {
		const char *n = gh_table_value(doors, i, "name");
		const char *from = gh_table_value(doors, i, "from");
		const char *to = gh_table_value(doors, i, "to");
		if (!from || !to || (strcmp(from, z) != 0 && strcmp(to, z) != 0))
			continue;
		gh_buf_puts(b, "<li>");
		web_tf_html(b, q->lang, "%s (to %s)", n, strcmp(from, z) == 0 ? to : from);
		gh_buf_puts(b, "</li>");
	}
	gh_buf_puts(b, "</ul><footer><span>");
	web_html(b, W.site_name);
	gh_buf_puts(b, "</span> <span>");
	struct gh_buf d;
	gh_buf_init(&d);
	web_date(&d, q->lang, q->now, 0);
	web_tf_html(b, q->lang, "Generated on %s", d.s, NULL);
	gh_buf_free(&d);
	gh_buf_puts(b, "</span></footer></section>");
}

static void
signs(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	(void)f;
	struct gh_table zones, doors, rules, schedules;
	gh_table_init(&zones);
	gh_table_init(&doors);
	gh_table_init(&rules);
	gh_table_init(&schedules);
	char secure[16] = "on";
	long escort_s = 10;
	web_page_open(q, r, T("Warning signs"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<div class=\"document signs\">");
	doc_head(q, b, "Warning signs");
	if (gh_zone_list(q->db, &zones) != GH_OK || gh_door_list(q->db, &doors) != GH_OK ||
	    gh_profile_list(q->db, &rules) != GH_OK ||
	    gh_schedule_list(q->db, &schedules) != GH_OK ||
	    gh_setting_get(q->db, "sensitive-requires-secure", secure, sizeof secure) != GH_OK ||
	    gh_setting_long(q->db, "escort-window-s", &escort_s) != GH_OK) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, gh_db_errmsg(q->db));
		gh_buf_puts(b, "</p>");
	} else {
		/* Every entrance into a restricted zone: through each door, the zone it leads
		 * to; and the zone it comes from too when that one is more restricted than
		 * the other side (a door recorded the other way round). */
		int count = 0;
		struct gh_buf pages;
		gh_buf_init(&pages);
		for (int i = 0; i < doors.nrows; i++) {
			const char *door = gh_table_value(&doors, i, "name");
			const char *from = gh_table_value(&doors, i, "from");
			const char *to = gh_table_value(&doors, i, "to");
			int fr = zone_row(&zones, from), tr = zone_row(&zones, to);
			if (fr < 0 || tr < 0)
				continue;
			int lf = level_rank(gh_table_value(&zones, fr, "level"));
			int lt = level_rank(gh_table_value(&zones, tr, "level"));
			if (lt > 0) {
				sign(q, &pages, &zones, tr, door, from, &doors, &rules, &schedules,
				    strcmp(secure, "on") == 0, escort_s);
				count++;
			}
			if (lf > 0 && lf > lt) {
				sign(q, &pages, &zones, fr, door, to, &doors, &rules, &schedules,
				    strcmp(secure, "on") == 0, escort_s);
				count++;
			}
		}
		gh_buf_puts(b, "<p class=\"muted noprint\">");
		if (count == 0)
			web_html(b, T("No restricted zone has an entrance yet: there is no sign to print."));
		else
			web_tf(b, q->lang, "%d signs", count);
		gh_buf_puts(b, "</p>");
		if (pages.s)
			gh_buf_puts(b, pages.s);
		gh_buf_free(&pages);
	}
	gh_buf_puts(b, "</div>");
	gh_table_free(&zones);
	gh_table_free(&doors);
	gh_table_free(&rules);
	gh_table_free(&schedules);
	doc_close(q, r);
}

/* ---- R-PROFILES: the access matrix ---- */

static void
matrix(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	(void)f;
	struct gh_table zones, rules, schedules, holidays;
	gh_table_init(&zones);
	gh_table_init(&rules);
	gh_table_init(&schedules);
	gh_table_init(&holidays);
	web_page_open(q, r, T("Access matrix"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<div class=\"document matrix\">");
	doc_head(q, b, "Access matrix");
	if (gh_zone_list(q->db, &zones) != GH_OK || gh_profile_list(q->db, &rules) != GH_OK ||
	    gh_schedule_list(q->db, &schedules) != GH_OK ||
	    gh_holiday_list(q->db, &holidays) != GH_OK) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, gh_db_errmsg(q->db));
		gh_buf_puts(b, "</p></div>");
		goto out;
	}
	gh_buf_puts(b, "<p>");
	web_html(b, T("Public zones admit every valid badge; restricted zones only the profiles "
	    "below, at the hours shown. Visitors and contractors enter restricted zones with "
	    "an escort allowed there."));
	gh_buf_puts(b, "</p>");
	/* The profiles, in the listing's order (by name), once each. */
	int np = 0;
	const char **profiles = calloc((size_t)rules.nrows + 1, sizeof *profiles);
	for (int i = 0; profiles && i < rules.nrows; i++) {
		const char *p = gh_table_value(&rules, i, "profile");
		if (p && (np == 0 || strcmp(profiles[np - 1], p) != 0))
			profiles[np++] = p;
	}
	if (np == 0) {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No profile yet: nobody enters a restricted zone with a badge."));
		gh_buf_puts(b, "</p>");
	}
	gh_buf_puts(b, "<table class=\"access-matrix\"><thead><tr><th scope=\"col\">");
	web_html(b, T("Zone"));
	gh_buf_puts(b, "</th>");
	for (int p = 0; p < np; p++) {
		gh_buf_puts(b, "<th scope=\"col\">");
		web_html(b, profiles[p]);
		gh_buf_puts(b, "</th>");
	}
	gh_buf_puts(b, "</tr></thead><tbody>");
	for (int z = 0; z < zones.nrows; z++) {
		const char *zn = gh_table_value(&zones, z, "name");
		const char *level = gh_table_value(&zones, z, "level");
		int rank = level_rank(level);
		static const char *const lv[] = { "public", "private", "sensitive" };
		gh_buf_printf(b, "<tr class=\"%s\"><th scope=\"row\">", lv[rank]);
		web_html(b, zn);
		gh_buf_printf(b, " <span class=\"tag %s\">", lv[rank]);
		web_html(b, T(lv[rank]));
		gh_buf_puts(b, "</span></th>");
		if (rank == 0) {
			gh_buf_printf(b, "<td colspan=\"%d\" class=\"public\">", np > 0 ? np : 1);
			web_html(b, T("every valid badge"));
			gh_buf_puts(b, "</td></tr>");
			continue;
		}
		for (int p = 0; p < np; p++) {
			gh_buf_puts(b, "<td data-zone=\"");
			web_attr(b, zn);
			gh_buf_puts(b, "\" data-profile=\"");
			web_attr(b, profiles[p]);
			gh_buf_puts(b, "\">");
			int any = 0;
			for (int i = 0; i < rules.nrows; i++) {
				const char *rp = gh_table_value(&rules, i, "profile");
				const char *rz = gh_table_value(&rules, i, "zone");
				const char *s = gh_table_value(&rules, i, "schedule");
				if (!rp || !rz || !s || strcmp(rp, profiles[p]) || strcmp(rz, zn))
					continue;
				gh_buf_puts(b, any ? "<br>" : "");
				gh_buf_puts(b, "<strong>");
				web_html(b, s);
				gh_buf_puts(b, "</strong> ");
				windows_text(q, b, s, closed_on_holidays(&schedules, s));
				any = 1;
			}
			if (!any)
				gh_buf_puts(b, "<span class=\"muted\">—</span>");
			gh_buf_puts(b, "</td>");
		}
		if (np == 0)
			gh_buf_puts(b, "<td></td>");
		gh_buf_puts(b, "</tr>");
	}
	gh_buf_puts(b, "</tbody></table>");
	free(profiles);
	/* The schedules in full, and the holidays they close on. */
	gh_buf_puts(b, "<h2>");
	web_html(b, T("Schedules and holidays"));
	gh_buf_puts(b, "</h2><ul class=\"schedules\">");
	for (int i = 0; i < schedules.nrows; i++) {
		const char *s = gh_table_value(&schedules, i, "name");
		gh_buf_puts(b, "<li><strong>");
		web_html(b, s);
		gh_buf_puts(b, "</strong> ");
		windows_text(q, b, s, closed_on_holidays(&schedules, s));
		gh_buf_puts(b, "</li>");
	}
	gh_buf_puts(b, "</ul>");
	if (holidays.nrows > 0) {
		struct gh_buf list;
		gh_buf_init(&list);
		for (int i = 0; i < holidays.nrows; i++) {
			const char *n = gh_table_value(&holidays, i, "name");
			if (i)
				gh_buf_puts(&list, ", ");
			gh_buf_puts(&list, gh_table_value(&holidays, i, "day"));
			if (n && n[0]) {
				gh_buf_puts(&list, " (");
				gh_buf_puts(&list, n);
				gh_buf_puts(&list, ")");
			}
		}
		struct gh_buf line;
		gh_buf_init(&line);
		web_tf(&line, q->lang, "Holidays: %s", list.s ? list.s : "");
		gh_buf_puts(b, "<p>");
		web_html(b, line.s);
		gh_buf_puts(b, "</p>");
		gh_buf_free(&line);
		gh_buf_free(&list);
	}
	gh_buf_puts(b, "</div>");
out:
	gh_table_free(&zones);
	gh_table_free(&rules);
	gh_table_free(&schedules);
	gh_table_free(&holidays);
	doc_close(q, r);
}

/* ---- R-EMERGENCY: the protocol ---- */

static void
emergency(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	(void)f;
	struct gh_table doc, doors, people;
	gh_table_init(&doc);
	gh_table_init(&doors);
	gh_table_init(&people);
	web_page_open(q, r, T("Emergency access protocol"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<div class=\"document emergency\">");
	doc_head(q, b, "Emergency access protocol");
	if (gh_document_get(q->db, "emergency-protocol", &doc) != GH_OK ||
	    gh_door_list(q->db, &doors) != GH_OK || gh_person_list(q->db, &people) != GH_OK) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, gh_db_errmsg(q->db));
		gh_buf_puts(b, "</p></div>");
		goto out;
	}
	const char *body = doc.nrows ? gh_table_value(&doc, 0, "body") : NULL;
	gh_buf_puts(b, "<section class=\"protocol-part\"><h2>");
	web_html(b, T("The site's protocol"));
	gh_buf_puts(b, "</h2>");
	if (body && body[0]) {
		gh_buf_puts(b, "<div class=\"protocol\" id=\"protocol\">");
		web_html(b, body);
		gh_buf_puts(b, "</div><p class=\"muted\">");
		struct gh_buf when;
		gh_buf_init(&when);
		web_date_utc_text(&when, q->lang, gh_table_value(&doc, 0, "updated_at"), 1);
		web_tf_html(b, q->lang, "Last changed on %s by %s", when.s,
		    gh_table_value(&doc, 0, "updated_by"));
		gh_buf_free(&when);
		gh_buf_puts(b, "</p>");
	} else {
		gh_buf_puts(b, "<p class=\"muted\" id=\"protocol\">");
		web_html(b, T("No protocol has been recorded yet."));
		gh_buf_puts(b, "</p>");
	}
	gh_buf_puts(b, "</section>");
	/* The modes. */
	gh_buf_puts(b, "<section><h2>");
	web_html(b, T("Emergency modes"));
	gh_buf_puts(b, "</h2><dl class=\"modes\"><dt>");
	web_html(b, T("Evacuation"));
	gh_buf_puts(b, "</dt><dd>");
	web_html(b, T("Fail-safe doors are released so that everyone can leave; fail-secure doors "
	    "stay locked and open from inside by their handle. Nobody enters a restricted "
	    "zone. A fire input that comes on starts an evacuation by itself; it ends when an "
	    "officer returns the site to normal, and the doors then lock again."));
	gh_buf_puts(b, "</dd><dt>");
	web_html(b, T("Lockdown"));
	gh_buf_puts(b, "</dt><dd>");
	web_html(b, T("Doors stay locked; only the people designated for a lockdown are admitted "
	    "(the others are refused with the reason lockdown). Exit buttons still work."));
	gh_buf_puts(b, "</dd></dl><p>");
	web_html(b, T("An officer enters and leaves a mode on the Live page, with a reason; every "
	    "change of mode is recorded in the journal with the officer's name."));
	gh_buf_puts(b, "</p></section>");
	/* The doors in an evacuation, with their fire inputs. */
	gh_buf_puts(b, "<section><h2>");
	web_html(b, T("Doors in an evacuation"));
	gh_buf_puts(b, "</h2><table id=\"emergency-doors\"><thead><tr><th>");
	web_html(b, T("Door"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("From (zone)"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("To (zone)"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("Lock"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("In an evacuation"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("Fire input"));
	gh_buf_puts(b, "</th></tr></thead><tbody>");
	for (int i = 0; i < doors.nrows; i++) {
		const char *failure = gh_table_value(&doors, i, "failure");
		int safe = failure && strcmp(failure, "fail-safe") == 0;
		gh_buf_printf(b, "<tr class=\"%s\" data-door=\"", safe ? "fail-safe" : "fail-secure");
		web_attr(b, gh_table_value(&doors, i, "name"));
		gh_buf_puts(b, "\"><td>");
		web_html(b, gh_table_value(&doors, i, "name"));
		gh_buf_puts(b, "</td><td>");
		web_html(b, gh_table_value(&doors, i, "from"));
		gh_buf_puts(b, "</td><td>");
		web_html(b, gh_table_value(&doors, i, "to"));
		gh_buf_puts(b, "</td><td>");
		web_html(b, T(safe ? "fail-safe" : "fail-secure"));
		gh_buf_puts(b, "</td><td>");
		web_html(b, T(safe ? "released" : "stays locked"));
		gh_buf_puts(b, "</td><td dir=\"ltr\">");
		web_html(b, gh_table_value(&doors, i, "fire"));
		gh_buf_puts(b, "</td></tr>");
	}
	gh_buf_puts(b, "</tbody></table>");
	/* The fire inputs, each with the doors it serves. */
	gh_buf_puts(b, "<h3>");
	web_html(b, T("Fire inputs"));
	gh_buf_puts(b, "</h3><ul class=\"fire-inputs\">");
	int inputs = 0;
	for (int i = 0; i < doors.nrows; i++) {
		const char *fire = gh_table_value(&doors, i, "fire");
		int seen = 0;
		for (int j = 0; fire && j < i && !seen; j++) {
			const char *o = gh_table_value(&doors, j, "fire");
			seen = o && strcmp(o, fire) == 0;
		}
		if (!fire || !fire[0] || seen)
			continue;
		struct gh_buf list, line;
		gh_buf_init(&list);
		gh_buf_init(&line);
		for (int j = i; j < doors.nrows; j++) {
			const char *o = gh_table_value(&doors, j, "fire");
			if (!o || strcmp(o, fire) != 0)
				continue;
			if (list.len)
				gh_buf_puts(&list, ", ");
			gh_buf_puts(&list, gh_table_value(&doors, j, "name"));
		}
		web_tf(&line, q->lang, "%s: doors %s", fire, list.s ? list.s : "");
		gh_buf_puts(b, "<li>");
		web_html(b, line.s);
		gh_buf_puts(b, "</li>");
		gh_buf_free(&list);
		gh_buf_free(&line);
		inputs++;
	}
	if (inputs == 0) {
		gh_buf_puts(b, "<li class=\"muted\">");
		web_html(b, T("No door has a fire input."));
		gh_buf_puts(b, "</li>");
	}
	gh_buf_puts(b, "</ul></section>");
	/* Who a lockdown admits. */
	gh_buf_puts(b, "<section><h2>");
	web_html(b, T("People admitted in a lockdown"));
	gh_buf_puts(b, "</h2><ul class=\"lockdown-ok\">");
	int designated = 0;
	for (int i = 0; i < people.nrows; i++) {
		const char *ok = gh_table_value(&people, i, "lockdown_ok");
		const char *status = gh_table_value(&people, i, "status");
		if (!ok || strcmp(ok, "0") == 0 || (status && strcmp(status, "active") != 0))
			continue;
		gh_buf_puts(b, "<li>");
		web_html(b, gh_table_value(&people, i, "name"));
		gh_buf_puts(b, " <span class=\"muted\">");
		web_html(b, gh_table_value(&people, i, "ref"));
		gh_buf_puts(b, "</span></li>");
		designated++;
	}
	if (designated == 0) {
		gh_buf_puts(b, "<li class=\"muted\">");
		web_html(b, T("Nobody is designated: in a lockdown no badge opens a restricted door."));
		gh_buf_puts(b, "</li>");
	}
	gh_buf_puts(b, "</ul></section>");
	if (web_can(q, WEB_ACT_SITE_WRITE)) {
		gh_buf_puts(b, "<section class=\"noprint card\"><h2>");
		web_html(b, T("Edit the protocol"));
		gh_buf_puts(b, "</h2><form method=\"post\" action=\"/documents/emergency\" "
		    "id=\"emergency-form\" class=\"stack wide\">");
		web_csrf_input(q, b);
		gh_buf_puts(b, "<label>");
		web_html(b, T("Protocol"));
		gh_buf_puts(b, " <textarea name=\"text\" rows=\"14\" maxlength=\"32000\">");
		web_html(b, body);
		gh_buf_puts(b, "</textarea></label><p class=\"muted\">");
		web_html(b, T("The change is recorded in the audit trail under your name."));
		gh_buf_puts(b, "</p><button>");
		web_html(b, T("Save"));
		gh_buf_puts(b, "</button></form></section>");
	}
	gh_buf_puts(b, "</div>");
out:
	gh_table_free(&doc);
	gh_table_free(&doors);
	gh_table_free(&people);
	doc_close(q, r);
}

static void
emergency_save(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	/* A textarea's lines end in CR LF; the protocol keeps LF. */
	char *text = strdup(web_form_get(f, "text")), *w = text;
	if (text == NULL) {
		web_redirect_error(r, "/documents/emergency", "The protocol could not be saved.");
		return;
	}
	for (const char *p = text; *p; p++)
		if (!(*p == '\r' && p[1] == '\n'))
			*w++ = *p == '\r' ? '\n' : *p;
	*w = '\0';
	web_actor(q);
	int rc = gh_document_set(q->db, "emergency-protocol", text);
	free(text);
	if (rc != GH_OK) {
		web_page_error_detail(q, r, rc == GH_EINPUT ? 422 : 500,
		    "The protocol could not be saved.", gh_db_errmsg(q->db));
		return;
	}
	web_redirect_done(r, "/documents/emergency", "The protocol is saved.");
}

static const struct web_field f_emergency[] = {
	WEB_F_CSRF,
	{ "text", WF_TEXT, 1, 0, 32000, NULL },
};

/* Reading the documents is for every role; writing the protocol is the officer's
 * (R-LEAST-PRIVILEGE). */
static const struct web_page docs_pages[] = {
	{ "GET", "/documents", WEB_ACT_READ, documents, NULL, 0 },
	{ "GET", "/documents/signs", WEB_ACT_READ, signs, NULL, 0 },
	{ "GET", "/documents/matrix", WEB_ACT_READ, matrix, NULL, 0 },
	{ "GET", "/documents/emergency", WEB_ACT_READ, emergency, NULL, 0 },
	{ "POST", "/documents/emergency", WEB_ACT_SITE_WRITE, emergency_save,
	  WEB_FIELDS(f_emergency) },
};
WEB_PAGES(docs_pages)

static const char docs_css[] =
    ".docs a.doc{display:block;color:var(--ink);text-decoration:none}\n"
    ".docs a.doc:hover{border-color:var(--accent)}\n"
    ".docs a.doc h2{margin-top:0;color:var(--accent)}\n"
    ".document{background:var(--card);border:1px solid var(--line);border-radius:.5em;"
    "padding:1.2em 1.6em}\n"
    ".doc-head{border-bottom:2px solid var(--brand);margin-block-end:1em}\n"
    ".doc-head h1{margin:.1em 0}\n"
    ".doc-site{font-weight:700;color:var(--brand);margin:0}\n"
    ".doc-date{color:var(--muted);margin:.2em 0 .6em}\n"
    ".protocol{white-space:pre-line;font-size:1.05em;border-inline-start:.3em solid "
    "var(--bad);padding:.4em 1em;background:#fffaf9}\n"
    ".modes dt{font-weight:700;margin-block-start:.6em}\n"
    ".modes dd{margin-inline-start:1.2em}\n"
    "#emergency-doors tr.fail-safe td:nth-child(5){color:var(--ok);font-weight:600}\n"
    "form.wide{max-width:none}\n"
    "form.wide textarea{min-height:16em}\n"
    ".access-matrix th[scope=row]{white-space:nowrap}\n"
    ".access-matrix .hours{display:block}\n"
    ".access-matrix td.public{color:var(--muted);font-style:italic}\n"
    ".access-matrix td,.access-matrix th{border:1px solid var(--line)}\n"
    ".hours{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.92em}\n"
    ".sign{border:3px solid var(--warn);border-radius:.6em;padding:0 1.4em 1em;"
    "margin-block-end:1.5em;font-size:1.15em;background:#fff}\n"
    ".sign.sensitive{border-color:var(--bad)}\n"
    ".sign .band{margin:0 -.934em .4em;border-radius:.2em .2em 0 0;padding:.5em;text-align:center;font-weight:800;"
    "letter-spacing:.06em;font-size:1.5em;background:var(--warn);color:#fff}\n"
    ".sign.sensitive .band{background:var(--bad)}\n"
    ".sign .zone-name{font-size:2.6em;text-align:center;margin:.2em 0 .1em;line-height:1.15}\n"
    ".sign .level{text-align:center;font-size:1.3em;font-weight:700;margin:0}\n"
    ".sign .entrance{text-align:center;color:var(--muted);margin:.3em 0 .8em}\n"
    ".sign .text{white-space:pre-line;font-size:1.35em;font-weight:700;text-align:center;"
    "border-block:2px solid var(--line);padding:.5em 0}\n"
    ".sign h3{font-size:1.1em;margin:.8em 0 .3em}\n"
    ".sign ul{margin:.2em 0;padding-inline-start:1.3em}\n"
    ".sign ul.limits{display:flex;flex-wrap:wrap;gap:0 1.6em;list-style:none;padding:0}\n"
    ".sign footer{display:flex;justify-content:space-between;gap:1em;color:var(--muted);"
    "font-size:.8em;margin-block-start:1em;border-top:1px solid var(--line);padding-top:.4em}\n"
    "@media print{.document{border:none;padding:0}"
    ".sign{border-width:3mm;min-height:240mm;margin:0;font-size:11.5pt;line-height:1.35}"
    ".sign{break-inside:avoid;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    ".sign .band{font-size:20pt}"
    ".sign .zone-name{font-size:38pt}"
    ".sign .text{font-size:16pt}"
    ".sign:last-child{break-after:auto;page-break-after:auto}"
    ".sign .band{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    ".signs .doc-head{display:none}"
    ".access-matrix{font-size:9pt}"
    ".document.matrix{page:wide}"
    ".protocol{background:none}}\n"
    "@page wide{size:A4 landscape}\n";
WEB_CSS(docs, docs_css)

static const char docs_js[] =
    "'use strict';\n"
    "document.querySelectorAll('button.print').forEach(b =>\n"
    "  b.addEventListener('click', () => window.print()));\n";
WEB_STATIC_FILE(docs_js, "docs.js", "text/javascript; charset=utf-8", docs_js)
