/* The officer's site editor: zones (level, delivery flag, entrance sign), readers,
 * doors between zones, schedules drawn as a weekly grid, holidays, profiles and their
 * (zone, schedule) rules, and a picture of the site (an SVG graph of zones and doors
 * drawn on the server).  Plain forms, no script.  Every change goes through db/ with
 * the operator as actor (web:NAME in the audit trail, R-RIGHTS-AUDIT); the rules are
 * the database's (R-NO-PUBLIC-SENSITIVE, R-DELIVERY): a refused change shows the page
 * again with the rule and the database's message, and the form as it was sent. */
#include <math.h>
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
	{ "Site editor", "Éditeur du site", "محرر الموقع" },
	{ "Zones, readers, doors, schedules, holidays and profiles of the site. Every "
	  "change is recorded in the audit trail under your name.",
	  "Zones, lecteurs, portes, horaires, jours fériés et profils du site. Chaque "
	  "modification est inscrite à votre nom dans la piste d'audit.",
	  "مناطق الموقع وقارئاته وأبوابه وجداوله الزمنية وعطله وملفات الصلاحيات. يُسجَّل "
	  "كل تغيير باسمك في سجل التدقيق." },
	{ "Picture of the site", "Plan du site", "مخطط الموقع" },
	{ "Zones", "Zones", "المناطق" },
	{ "Zone", "Zone", "المنطقة" },
	{ "Schedules", "Horaires", "الجداول الزمنية" },
	{ "Schedule", "Horaire", "الجدول الزمني" },
	{ "Holidays", "Jours fériés", "العطل" },
	{ "Profiles", "Profils", "ملفات الصلاحيات" },
	{ "public", "publique", "عامة" },
	{ "private", "privée", "خاصة" },
	{ "sensitive", "sensible", "حساسة" },
	{ "Level", "Niveau", "المستوى" },
	{ "Delivery area", "Zone de livraison", "منطقة التسليم" },
	{ "Entrance sign text", "Texte du panneau d'entrée", "نص لافتة المدخل" },
	{ "Passback", "Anti-retour", "منع العودة" },
	{ "off", "désactivé", "معطل" },
	{ "soft", "souple", "مرن" },
	{ "hard", "strict", "صارم" },
	{ "Maximum occupancy (0: no limit)", "Occupation maximale (0 : sans limite)",
	  "الحد الأقصى للإشغال (0: بلا حد)" },
	{ "Maximum occupancy", "Occupation maximale", "الحد الأقصى للإشغال" },
	{ "no limit", "sans limite", "بلا حد" },
	{ "yes", "oui", "نعم" },
	{ "no", "non", "لا" },
	{ "Edit", "Modifier", "تعديل" },
	{ "Add a zone", "Ajouter une zone", "إضافة منطقة" },
	{ "Edit the zone %s", "Modifier la zone %s", "تعديل المنطقة %s" },
	{ "Add", "Ajouter", "إضافة" },
	{ "Save", "Enregistrer", "حفظ" },
	{ "Cancel", "Annuler", "إلغاء" },
	{ "No zone yet.", "Aucune zone pour l'instant.", "لا توجد مناطق بعد." },
	{ "No door yet.", "Aucune porte pour l'instant.", "لا توجد أبواب بعد." },
	{ "No reader yet.", "Aucun lecteur pour l'instant.", "لا توجد قارئات بعد." },
	{ "No schedule yet.", "Aucun horaire pour l'instant.", "لا توجد جداول زمنية بعد." },
	{ "No holiday yet.", "Aucun jour férié pour l'instant.", "لا توجد عطل بعد." },
	{ "No profile yet.", "Aucun profil pour l'instant.", "لا توجد ملفات صلاحيات بعد." },
	{ "Reader", "Lecteur", "القارئ" },
	{ "Identifier", "Identifiant", "المعرّف" },
	{ "Connection string (libnfc)", "Chaîne de connexion (libnfc)",
	  "سلسلة الاتصال (libnfc)" },
	{ "Enrollment reader (guard desk, serves no door)",
	  "Lecteur d'enrôlement (accueil, ne sert aucune porte)",
	  "قارئ التسجيل (مكتب الحراسة، لا يخدم أي باب)" },
	{ "Enrollment", "Enrôlement", "التسجيل" },
	{ "Add a reader", "Ajouter un lecteur", "إضافة قارئ" },
	{ "Side", "Côté", "الجهة" },
	{ "in", "entrée", "دخول" },
	{ "out", "sortie", "خروج" },
	{ "From zone", "De la zone", "من المنطقة" },
	{ "To zone (entered through the door)", "Vers la zone (où l'on entre)",
	  "إلى المنطقة (التي يُدخل إليها)" },
	{ "From (zone)", "De", "من" },
	{ "To (zone)", "Vers", "إلى" },
	{ "Entry reader", "Lecteur d'entrée", "قارئ الدخول" },
	{ "Exit reader", "Lecteur de sortie", "قارئ الخروج" },
	{ "Release time (s)", "Durée d'ouverture (s)", "مدة فتح القفل (ث)" },
	{ "Held-open alarm after (s)", "Alarme porte maintenue ouverte après (s)",
	  "إنذار الباب المفتوح بعد (ث)" },
	{ "Fail-safe lock (released when power or the fire alarm cuts it)",
	  "Verrou à rupture (libéré par coupure de courant ou alarme incendie)",
	  "قفل آمن عند العطل (يُفتح عند انقطاع التيار أو إنذار الحريق)" },
	{ "Fire-alarm input (CHIP:LINE)", "Entrée alarme incendie (CHIP:LIGNE)",
	  "مدخل إنذار الحريق (CHIP:LINE)" },
	{ "Compensating measure", "Mesure compensatoire", "الإجراء التعويضي" },
	{ "Readers of the door", "Lecteurs de la porte", "قارئات الباب" },
	{ "Release", "Ouverture", "فتح القفل" },
	{ "Held open", "Maintenue ouverte", "مفتوح لمدة طويلة" },
	{ "Lock", "Verrou", "القفل" },
	{ "fail-safe", "à rupture", "آمن عند العطل" },
	{ "fail-secure", "à émission", "مؤمَّن عند العطل" },
	{ "Fire input", "Entrée incendie", "مدخل الحريق" },
	{ "%d s", "%d s", "%d ث" },
	{ "Add a door", "Ajouter une porte", "إضافة باب" },
	{ "Edit the door %s", "Modifier la porte %s", "تعديل الباب %s" },
	{ "The door is saved.", "La porte est enregistrée.", "تم حفظ الباب." },
	{ "Rules of the doors", "Règles des portes", "قواعد الأبواب" },
	{ "No door may lead directly between a public and a sensitive zone.",
	  "Aucune porte ne peut mener directement d'une zone publique à une zone sensible.",
	  "لا يجوز لأي باب أن يصل مباشرة بين منطقة عامة ومنطقة حساسة." },
	{ "Delivery areas are public zones; a door between a delivery area and a "
	  "restricted zone needs a recorded compensating measure.",
	  "Les zones de livraison sont publiques ; une porte entre une zone de livraison "
	  "et une zone restreinte exige une mesure compensatoire enregistrée.",
	  "مناطق التسليم مناطق عامة؛ والباب بين منطقة تسليم ومنطقة مقيدة يتطلب تسجيل "
	  "إجراء تعويضي." },
	{ "The change was refused.", "La modification a été refusée.", "رُفض التغيير." },
	{ "The database could not save the change.",
	  "La base de données n'a pas pu enregistrer la modification.",
	  "تعذّر على قاعدة البيانات حفظ التغيير." },
	{ "Rule", "Règle", "القاعدة" },
	{ "Windows", "Plages", "الفترات" },
	{ "One window per line, e.g. mon-fri 08:00-18:00",
	  "Une plage par ligne, par ex. mon-fri 08:00-18:00",
	  "فترة واحدة في كل سطر، مثلًا mon-fri 08:00-18:00" },
	{ "Closed on holidays", "Fermé les jours fériés", "مغلق أيام العطل" },
	{ "open on holidays", "ouvert les jours fériés", "مفتوح أيام العطل" },
	{ "Add a schedule", "Ajouter un horaire", "إضافة جدول زمني" },
	{ "Window '%s': %s", "Plage « %s » : %s", "الفترة '%s': %s" },
	{ "At most 64 windows.", "64 plages au plus.", "64 فترة على الأكثر." },
	{ "Give at least one window.", "Donnez au moins une plage.",
	  "أدخل فترة واحدة على الأقل." },
	{ "Open all of this hour", "Ouvert toute l'heure", "مفتوح طوال هذه الساعة" },
	{ "Open part of this hour", "Ouvert une partie de l'heure",
	  "مفتوح جزءًا من هذه الساعة" },
	{ "Weekly grid of %s", "Grille hebdomadaire de %s", "الشبكة الأسبوعية لـ %s" },
	{ "Date", "Date", "التاريخ" },
	{ "Add a holiday", "Ajouter un jour férié", "إضافة عطلة" },
	{ "Add a profile", "Ajouter un profil", "إضافة ملف صلاحيات" },
	{ "Add a rule to a profile", "Ajouter une règle à un profil",
	  "إضافة قاعدة إلى ملف صلاحيات" },
	{ "No rule: this profile opens nothing yet.",
	  "Aucune règle : ce profil n'ouvre encore rien.",
	  "لا توجد قواعد: هذا الملف لا يفتح شيئًا بعد." },
	{ "A profile is a set of (restricted zone, schedule) pairs; public zones admit "
	  "every valid badge.",
	  "Un profil est un ensemble de couples (zone restreinte, horaire) ; les zones "
	  "publiques admettent tout badge valide.",
	  "ملف الصلاحيات مجموعة أزواج (منطقة مقيدة، جدول زمني)؛ والمناطق العامة تقبل كل "
	  "شارة صالحة." },
	{ "The zone is saved.", "La zone est enregistrée.", "تم حفظ المنطقة." },
	{ "The reader is added.", "Le lecteur est ajouté.", "تمت إضافة القارئ." },
	{ "The door is added.", "La porte est ajoutée.", "تمت إضافة الباب." },
	{ "The schedule is added.", "L'horaire est ajouté.", "تمت إضافة الجدول الزمني." },
	{ "The holiday is added.", "Le jour férié est ajouté.", "تمت إضافة العطلة." },
	{ "The profile is added.", "Le profil est ajouté.", "تمت إضافة ملف الصلاحيات." },
	{ "The rule is added.", "La règle est ajoutée.", "تمت إضافة القاعدة." },
	{ "Zones by level, doors as arrows into the zone they enter.",
	  "Zones par niveau, portes en flèches vers la zone où l'on entre.",
	  "المناطق حسب المستوى، والأبواب أسهم نحو المنطقة التي يُدخل إليها." },
	{ "delivery", "livraison", "تسليم" },
};
WEB_CATALOGUE(msgs)

static const char *const levels[] = { "public", "private", "sensitive" };

static int
level_index(const char *level)
{
	for (int i = 0; i < 3; i++)
		if (level && strcmp(level, levels[i]) == 0)
			return i;
	return 0;
}

/* What the page shows besides the site: a refused change, with the form as it was
 * sent so that nothing typed is lost. */
struct view {
	const char *form;		/* the id of the form that was refused, or NULL */
	const struct web_form *sent;
	const char *error_en;		/* a catalogue text */
	const char *detail;		/* the database's or the parser's message */
};

static const char *
sent(const struct view *v, const char *form, const char *name, const char *def)
{
	if (v->form && v->sent && strcmp(v->form, form) == 0) {
		const char *s = web_form_get(v->sent, name);
		return s ? s : (strcmp(name, "delivery") == 0 || strcmp(name, "fail-safe") == 0 ||
		    strcmp(name, "enrollment") == 0 || strcmp(name, "holidays-closed") == 0 ?
		    "" : def);
	}
	return def;
}

static void
th(struct web_req *q, struct gh_buf *b, const char *en)
{
	gh_buf_puts(b, "<th>");
	web_html(b, T(en));
	gh_buf_puts(b, "</th>");
}

static void
td(struct gh_buf *b, const char *s)
{
	gh_buf_puts(b, "<td>");
	web_html(b, s);
	gh_buf_puts(b, "</td>");
}

/* <label>TEXT <input name=... value=...></label>; extra is trusted markup. */
static void
input(struct web_req *q, struct gh_buf *b, const char *label_en, const char *name,
    const char *value, const char *extra)
{
	gh_buf_puts(b, "<label>");
	web_html(b, T(label_en));
	gh_buf_printf(b, " <input name=\"%s\" value=\"", name);
	web_attr(b, value);
	gh_buf_printf(b, "\" %s></label>", extra ? extra : "");
}

static void
checkbox(struct web_req *q, struct gh_buf *b, const char *label_en, const char *name,
    int checked)
{
	gh_buf_printf(b, "<label class=\"check\"><span><input type=\"checkbox\" name=\"%s\" "
	    "value=\"yes\"%s> ", name, checked ? " checked" : "");
	web_html(b, T(label_en));
	gh_buf_puts(b, "</span></label>");
}

/* The distinct values of a column (pointers into the table; listings with one row
 * per rule repeat names), as a malloc'd array; *n their number. */
static const char **
col_values(const struct gh_table *t, const char *col, int *n)
{
	const char **v = calloc((size_t)t->nrows + 1, sizeof *v);
	*n = 0;
	if (v == NULL)
		return NULL;
	for (int i = 0; i < t->nrows; i++) {
		const char *s = gh_table_value(t, i, col);
		int seen = 0;
		for (int k = 0; s && k < *n && !seen; k++)
			seen = strcmp(v[k], s) == 0;
		if (s && !seen)
			v[(*n)++] = s;
	}
	return v;
}

/* <select name=...> of some values; blank_en: a first empty option (else required). */
static void
select_of(struct web_req *q, struct gh_buf *b, const char *label_en, const char *name,
    const char *const *vals, int n, const char *chosen, const char *blank_en)
{
	gh_buf_puts(b, "<label>");
	web_html(b, T(label_en));
	gh_buf_printf(b, " <select name=\"%s\"%s>", name, blank_en ? "" : " required");
	if (blank_en) {
		gh_buf_puts(b, "<option value=\"\">");
		web_html(b, T(blank_en));
		gh_buf_puts(b, "</option>");
	}
	for (int i = 0; vals && i < n; i++) {
		gh_buf_puts(b, "<option value=\"");
		web_attr(b, vals[i]);
		gh_buf_printf(b, "\"%s>", chosen && strcmp(chosen, vals[i]) == 0 ? " selected" : "");
		web_html(b, vals[i]);
		gh_buf_puts(b, "</option>");
	}
	gh_buf_puts(b, "</select></label>");
}

static void
select_col(struct web_req *q, struct gh_buf *b, const char *label_en, const char *name,
    const struct gh_table *t, const char *col, const char *chosen, const char *blank_en)
{
	int n;
	const char **v = col_values(t, col, &n);
	select_of(q, b, label_en, name, v, n, chosen, blank_en);
	free(v);
}

static void
level_select(struct web_req *q, struct gh_buf *b, const char *chosen)
{
	gh_buf_puts(b, "<label>");
	web_html(b, T("Level"));
	gh_buf_puts(b, " <select name=\"level\" required>");
	for (int i = 0; i < 3; i++) {
		gh_buf_printf(b, "<option value=\"%s\"%s>", levels[i],
		    chosen && strcmp(chosen, levels[i]) == 0 ? " selected" : "");
		web_html(b, T(levels[i]));
		gh_buf_puts(b, "</option>");
	}
	gh_buf_puts(b, "</select></label>");
}

static void
passback_select(struct web_req *q, struct gh_buf *b, const char *chosen)
{
	static const char *const p[] = { "off", "soft", "hard" };
	gh_buf_puts(b, "<label>");
	web_html(b, T("Passback"));
	gh_buf_puts(b, " <select name=\"passback\">");
	for (int i = 0; i < 3; i++) {
		gh_buf_printf(b, "<option value=\"%s\"%s>", p[i],
		    chosen && strcmp(chosen, p[i]) == 0 ? " selected" : "");
		web_html(b, T(p[i]));
		gh_buf_puts(b, "</option>");
	}
	gh_buf_puts(b, "</select></label>");
}

static void
level_tag(struct web_req *q, struct gh_buf *b, const char *level)
{
	const char *l = levels[level_index(level)];
	gh_buf_printf(b, "<span class=\"tag %s\">", l);
	web_html(b, T(l));
	gh_buf_puts(b, "</span>");
}

/* A name cut to at most max characters (UTF-8), with an ellipsis. */
static void
short_name(struct gh_buf *b, const char *s, int max)
{
	int chars = 0;
	const char *p = s;
	for (; *p; p++)
		if (((unsigned char)*p & 0xc0) != 0x80 && ++chars > max)
			break;
	if (*p == '\0') {
		web_html(b, s);
		return;
	}
	char *cut = strndup(s, (size_t)(p - s));
	if (cut == NULL)
		return;
	web_html(b, cut);
	gh_buf_puts(b, "…");
	free(cut);
}

/* ---- the picture: zones in three columns by level (public, private, sensitive;
 * mirrored for right-to-left pages), ordered by name; doors as arrows from the zone
 * they leave to the zone they enter.  Between columns an arrow goes straight, bent
 * apart when several join the same zones; within a column it goes straight to the
 * next zone, or round the outside of the column to a farther one.  Labels sit beside
 * the line, never on it. ---- */

#define NODE_W 190.0
#define NODE_H 54.0
#define COL_GAP 300.0
#define ROW_GAP 96.0
#define SIDE 200.0		/* room beside the outer columns for arrows round them */
#define TOP 64.0

struct node {
	const char *name;
	int level, delivery, col, row;
	double x, y;		/* centre */
};

/* Where the segment from the centre of a node towards (tx, ty) leaves its box. */
static void
box_exit(const struct node *n, double tx, double ty, double *ox, double *oy)
{
	double dx = tx - n->x, dy = ty - n->y;
	double sx = fabs(dx) > 1e-9 ? (NODE_W / 2 + 3) / fabs(dx) : 1e9;
	double sy = fabs(dy) > 1e-9 ? (NODE_H / 2 + 3) / fabs(dy) : 1e9;
	double s = sx < sy ? sx : sy;
	if (s > 1)
		s = 1;
	*ox = n->x + dx * s;
	*oy = n->y + dy * s;
}

static int
node_find(const struct node *nodes, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(nodes[i].name, name) == 0)
			return i;
	return -1;
}

static double
col_x(int col)
{
	return SIDE + NODE_W / 2 + col * COL_GAP;
}

/* One door: its path (d), then its label at (lx, ly) anchored at `anchor`. */
static void
door_edge(struct gh_buf *b, const char *name, const char *from, const char *to,
    const char *d, double lx, double ly, const char *anchor)
{
	gh_buf_puts(b, "<g class=\"door\" data-door=\"");
	web_attr(b, name);
	gh_buf_puts(b, "\" data-from=\"");
	web_attr(b, from);
	gh_buf_puts(b, "\" data-to=\"");
	web_attr(b, to);
	gh_buf_printf(b, "\"><path d=\"%s\" marker-end=\"url(#site-arrow)\"/>"
	    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" dominant-baseline=\"middle\">", d, lx,
	    ly, anchor);
	short_name(b, name ? name : "", 24);
	gh_buf_puts(b, "</text><title>");
	web_html(b, name);
	gh_buf_puts(b, " : ");
	web_html(b, from);
	gh_buf_puts(b, " → ");
	web_html(b, to);
	gh_buf_puts(b, "</title></g>");
}

static void
site_graph(struct web_req *q, struct gh_buf *b, const struct gh_table *zones,
    const struct gh_table *doors)
{
	int n = zones->nrows, rows[3] = { 0, 0, 0 }, rtl = web_lang_rtl(q->lang);
	struct node *nodes = calloc(n > 0 ? (size_t)n : 1, sizeof *nodes);
	if (nodes == NULL)
		return;
	for (int i = 0; i < n; i++) {
		const char *d = gh_table_value(zones, i, "delivery");
		nodes[i].name = gh_table_value(zones, i, "name");
		if (nodes[i].name == NULL)
			nodes[i].name = "";
		nodes[i].level = level_index(gh_table_value(zones, i, "level"));
		nodes[i].delivery = d && strcmp(d, "0") != 0;
		nodes[i].col = rtl ? 2 - nodes[i].level : nodes[i].level;
		nodes[i].row = rows[nodes[i].level]++;
		nodes[i].x = col_x(nodes[i].col);
		nodes[i].y = TOP + NODE_H / 2 + nodes[i].row * ROW_GAP;
	}
	int maxrows = rows[0] > rows[1] ? rows[0] : rows[1];
	if (rows[2] > maxrows)
		maxrows = rows[2];
	double width = 2 * SIDE + NODE_W + 2 * COL_GAP;
	double height = TOP + (maxrows > 0 ? maxrows : 1) * ROW_GAP;
	gh_buf_printf(b, "<svg id=\"site-graph\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "direction=\"ltr\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"site-graph-title\" "
	    "data-zones=\"%d\" data-doors=\"%d\"><title id=\"site-graph-title\">", width,
	    height, n, doors->nrows);
	web_html(b, T("Picture of the site"));
	gh_buf_puts(b, "</title><defs><marker id=\"site-arrow\" viewBox=\"0 0 10 10\" "
	    "refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
	    "orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" class=\"arrowhead\"/>"
	    "</marker></defs>");
	for (int l = 0; l < 3; l++) {
		gh_buf_printf(b, "<text class=\"column %s\" x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">", levels[l], col_x(rtl ? 2 - l : l), TOP - 28);
		web_html(b, T(levels[l]));
		gh_buf_puts(b, "</text>");
	}
	if (n == 0) {
		gh_buf_printf(b, "<text class=\"empty\" x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">", width / 2, TOP + NODE_H / 2);
		web_html(b, T("No zone yet."));
		gh_buf_puts(b, "</text>");
	}
	/* Doors first, so that the zones are drawn over the ends of the arrows. */
	for (int i = 0; i < doors->nrows; i++) {
		const char *name = gh_table_value(doors, i, "name");
		const char *from = gh_table_value(doors, i, "from");
		const char *to = gh_table_value(doors, i, "to");
		int fi = node_find(nodes, n, from), ti = node_find(nodes, n, to);
		if (fi < 0 || ti < 0 || fi == ti)
			continue;
		/* The how-manieth door between these two zones (either way). */
		int k = 0;
		for (int j = 0; j < i; j++) {
			int a1 = node_find(nodes, n, gh_table_value(doors, j, "from"));
			int b1 = node_find(nodes, n, gh_table_value(doors, j, "to"));
			if ((a1 == fi && b1 == ti) || (a1 == ti && b1 == fi))
				k++;
		}
		const struct node *p0 = &nodes[fi], *p1 = &nodes[ti];
		/* Alternately either side of the first one: 0, +1, -1, +2, ... */
		double spread = (k + 1) / 2 * (k % 2 ? 1.0 : -1.0);
		char d[160];
		double lx, ly, x0, y0, x1, y1;
		const char *anchor = "middle";
		int skip = abs(p0->row - p1->row);
		if (p0->col != p1->col) {
			/* Across columns: a curve bent by 30 per door already drawn, its
			 * sign taken in a fixed order of the two zones. */
			double mx = (p0->x + p1->x) / 2, my = (p0->y + p1->y) / 2;
			double dx = p1->x - p0->x, dy = p1->y - p0->y, len = sqrt(dx * dx + dy * dy);
			double off = 30.0 * spread * (fi > ti ? -1 : 1);
			double cx = mx - dy / len * off, cy = my + dx / len * off;
			box_exit(p0, cx, cy, &x0, &y0);
			box_exit(p1, cx, cy, &x1, &y1);
			snprintf(d, sizeof d, "M%.1f %.1fQ%.1f %.1f %.1f %.1f", x0, y0, cx, cy, x1, y1);
			lx = 0.25 * x0 + 0.5 * cx + 0.25 * x1;
			ly = 0.25 * y0 + 0.5 * cy + 0.25 * y1;
			if (fabs(dx) >= fabs(dy)) {
				/* Above a flattish line, clear of it over the label's
				 * half width (about 3.4 units a character). */
				int chars = 0;
				for (const char *c = name ? name : ""; *c; c++)
					chars += ((unsigned char)*c & 0xc0) != 0x80;
				ly -= 8 + fabs(dy / dx) * 3.4 * (chars < 24 ? chars : 24);
			} else {
				lx += 7;	/* beside a steep one */
				anchor = "start";
			}
		} else if (skip == 1) {
			/* The next zone down or up the column: straight, side by side. */
			double x = p0->x + 26 * spread, dir = p1->y > p0->y ? 1 : -1;
			y0 = p0->y + dir * (NODE_H / 2 + 3);
			y1 = p1->y - dir * (NODE_H / 2 + 3);
			snprintf(d, sizeof d, "M%.1f %.1fL%.1f %.1f", x, y0, x, y1);
			ly = (y0 + y1) / 2;
			lx = x + (spread < 0 ? -7 : 7);
			anchor = spread < 0 ? "end" : "start";
		} else {
			/* A farther zone of the column: round the outside (left of the
			 * first column, right of the others), wider for each door more. */
			double side = p0->col == 0 ? -1 : 1;
			double bow = 40 + 26 * k + 14 * (skip - 1);
			x0 = p0->x + side * (NODE_W / 2 + 3);
			x1 = p1->x + side * (NODE_W / 2 + 3);
			snprintf(d, sizeof d, "M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f", x0, p0->y,
			    x0 + side * bow, p0->y, x1 + side * bow, p1->y, x1, p1->y);
			lx = x0 + side * (0.75 * bow + 6);
			ly = (p0->y + p1->y) / 2;
			anchor = side < 0 ? "end" : "start";
		}
		door_edge(b, name, from, to, d, lx, ly, anchor);
	}
	for (int i = 0; i < n; i++) {
		const struct node *z = &nodes[i];
		gh_buf_printf(b, "<g class=\"zone %s%s\" data-zone=\"", levels[z->level],
		    z->delivery ? " delivery" : "");
		web_attr(b, z->name);
		gh_buf_printf(b, "\" data-level=\"%s\"><title>", levels[z->level]);
		web_html(b, z->name);
		gh_buf_puts(b, " — ");
		web_html(b, T(levels[z->level]));
		gh_buf_printf(b, "</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" "
		    "height=\"%.0f\" rx=\"8\"/><text class=\"zname\" x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">", z->x - NODE_W / 2, z->y - NODE_H / 2, NODE_W, NODE_H,
		    z->x, z->y - 3);
		short_name(b, z->name, 22);
		gh_buf_printf(b, "</text><text class=\"zlevel\" x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">", z->x, z->y + 16);
		web_html(b, T(levels[z->level]));
		if (z->delivery) {
			gh_buf_puts(b, " · ");
			web_html(b, T("delivery"));
		}
		gh_buf_puts(b, "</text></g>");
	}
	gh_buf_puts(b, "</svg>");
	free(nodes);
}

/* ---- a schedule as a weekly grid: 7 days x 24 hours, a cell filled where a
 * window is open for the whole hour, half-filled where for part of it ---- */

static void
week_grid(struct web_req *q, struct gh_buf *b, const char *name, const struct gh_window *w,
    int n)
{
	unsigned char open[7][1440];
	memset(open, 0, sizeof open);
	for (int i = 0; i < n; i++)
		for (int d = 0; d < 7; d++) {
			if (!(w[i].days & (1u << d)))
				continue;
			if (w[i].end_min > w[i].start_min) {
				memset(&open[d][w[i].start_min], 1,
				    (size_t)(w[i].end_min - w[i].start_min));
			} else {
				/* Past midnight: the rest of the day, then the next morning. */
				memset(&open[d][w[i].start_min], 1, (size_t)(1440 - w[i].start_min));
				memset(&open[(d + 1) % 7][0], 1, (size_t)w[i].end_min);
			}
		}
	gh_buf_puts(b, "<table class=\"week\" data-schedule=\"");
	web_attr(b, name);
	gh_buf_puts(b, "\"><caption>");
	web_tf_html(b, q->lang, "Weekly grid of %s", name, NULL);
	gh_buf_puts(b, "</caption><thead><tr><th></th>");
	for (int hr = 0; hr < 24; hr++)
		gh_buf_printf(b, "<th scope=\"col\">%02d</th>", hr);
	gh_buf_puts(b, "</tr></thead><tbody>");
	for (int d = 0; d < 7; d++) {
		gh_buf_printf(b, "<tr data-day=\"%d\"><th scope=\"row\">", d);
		web_html(b, web_weekday(q->lang, d));
		gh_buf_puts(b, "</th>");
		for (int hr = 0; hr < 24; hr++) {
			int m = 0;
			for (int k = 0; k < 60; k++)
				m += open[d][hr * 60 + k];
			if (m == 60) {
				gh_buf_puts(b, "<td class=\"on\" title=\"");
				web_attr(b, T("Open all of this hour"));
				gh_buf_puts(b, "\"></td>");
			} else if (m > 0) {
				gh_buf_puts(b, "<td class=\"part\" title=\"");
				web_attr(b, T("Open part of this hour"));
				gh_buf_puts(b, "\"></td>");
			} else {
				gh_buf_puts(b, "<td></td>");
			}
		}
		gh_buf_puts(b, "</tr>");
	}
	gh_buf_puts(b, "</tbody></table>");
}

/* ---- the page ---- */

static void
zones_section(struct web_req *q, struct gh_buf *b, const struct gh_table *zones,
    const struct view *v, const char *edit)
{
	gh_buf_puts(b, "<section class=\"card\" id=\"zones\"><h2>");
	web_html(b, T("Zones"));
	gh_buf_puts(b, "</h2>");
	if (zones->nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No zone yet."));
		gh_buf_puts(b, "</p>");
	} else {
		gh_buf_puts(b, "<table id=\"zone-list\"><thead><tr>");
		th(q, b, "Name");
		th(q, b, "Level");
		th(q, b, "Delivery area");
		th(q, b, "Passback");
		th(q, b, "Maximum occupancy");
		th(q, b, "Entrance sign text");
		gh_buf_puts(b, "<th></th></tr></thead><tbody>");
		for (int i = 0; i < zones->nrows; i++) {
			const char *name = gh_table_value(zones, i, "name");
			const char *d = gh_table_value(zones, i, "delivery");
			const char *pb = gh_table_value(zones, i, "passback");
			const char *mo = gh_table_value(zones, i, "max_occupancy");
			gh_buf_puts(b, "<tr data-zone=\"");
			web_attr(b, name);
			gh_buf_puts(b, "\">");
			td(b, name);
			gh_buf_puts(b, "<td>");
			level_tag(q, b, gh_table_value(zones, i, "level"));
			gh_buf_puts(b, "</td>");
			td(b, T(d && strcmp(d, "0") ? "yes" : "no"));
			td(b, T(pb ? pb : "off"));
			td(b, mo ? mo : T("no limit"));
			gh_buf_puts(b, "<td class=\"signtext\">");
			web_html(b, gh_table_value(zones, i, "sign"));
			gh_buf_puts(b, "</td><td><a href=\"/site?zone=");
			web_url(b, name ? name : "");
			gh_buf_puts(b, "#zone-edit-form\">");
			web_html(b, T("Edit"));
			gh_buf_puts(b, "</a></td></tr>");
		}
		gh_buf_puts(b, "</tbody></table>");
	}
	gh_buf_puts(b, "<div class=\"forms\">");
	/* Add a zone. */
	gh_buf_puts(b, "<form method=\"post\" action=\"/site/zone\" id=\"zone-form\" "
	    "class=\"stack\"><h3>");
	web_html(b, T("Add a zone"));
	gh_buf_puts(b, "</h3>");
	web_csrf_input(q, b);
	input(q, b, "Name", "name", sent(v, "zone-form", "name", ""),
	    "required maxlength=\"64\"");
	level_select(q, b, sent(v, "zone-form", "level", "private"));
	checkbox(q, b, "Delivery area", "delivery", sent(v, "zone-form", "delivery", "")[0]);
	passback_select(q, b, sent(v, "zone-form", "passback", "off"));
	input(q, b, "Maximum occupancy (0: no limit)", "max-occupancy",
	    sent(v, "zone-form", "max-occupancy", "0"),
	    "type=\"number\" min=\"0\" max=\"1000000\" required");
	gh_buf_puts(b, "<label>");
	web_html(b, T("Entrance sign text"));
	gh_buf_puts(b, " <textarea name=\"sign\" maxlength=\"2000\" rows=\"3\">");
	web_html(b, sent(v, "zone-form", "sign", ""));
	gh_buf_puts(b, "</textarea></label><button>");
	web_html(b, T("Add"));
	gh_buf_puts(b, "</button></form>");
	/* Edit a zone (?zone=NAME, or the one whose change was refused). */
	if (v->form && strcmp(v->form, "zone-edit-form") == 0)
		edit = web_form_get(v->sent, "name");
	int row = -1;
	for (int i = 0; edit && i < zones->nrows; i++)
		if (gh_table_value(zones, i, "name") &&
		    strcmp(gh_table_value(zones, i, "name"), edit) == 0)
			row = i;
	if (row >= 0) {
		const char *d = gh_table_value(zones, row, "delivery");
		const char *mo = gh_table_value(zones, row, "max_occupancy");
		gh_buf_puts(b, "<form method=\"post\" action=\"/site/zone/set\" "
		    "id=\"zone-edit-form\" class=\"stack edit\"><h3>");
		web_tf_html(b, q->lang, "Edit the zone %s", edit, NULL);
		gh_buf_puts(b, "</h3>");
		web_csrf_input(q, b);
		gh_buf_puts(b, "<input type=\"hidden\" name=\"name\" value=\"");
		web_attr(b, edit);
		gh_buf_puts(b, "\">");
		level_select(q, b, sent(v, "zone-edit-form", "level",
		    gh_table_value(zones, row, "level")));
		checkbox(q, b, "Delivery area", "delivery", sent(v, "zone-edit-form",
		    "delivery", d && strcmp(d, "0") ? "yes" : "")[0]);
		passback_select(q, b, sent(v, "zone-edit-form", "passback",
		    gh_table_value(zones, row, "passback")));
		input(q, b, "Maximum occupancy (0: no limit)", "max-occupancy",
		    sent(v, "zone-edit-form", "max-occupancy", mo ? mo : "0"),
		    "type=\"number\" min=\"0\" max=\"1000000\" required");
		gh_buf_puts(b, "<label>");
		web_html(b, T("Entrance sign text"));
		gh_buf_puts(b, " <textarea name=\"sign\" maxlength=\"2000\" rows=\"3\">");
		web_html(b, sent(v, "zone-edit-form", "sign", gh_table_value(zones, row, "sign")));
		gh_buf_puts(b, "</textarea></label><div class=\"buttons\"><button>");
		web_html(b, T("Save"));
		gh_buf_puts(b, "</button> <a class=\"button secondary\" href=\"/site#zones\">");
		web_html(b, T("Cancel"));
		gh_buf_puts(b, "</a></div></form>");
	}
	gh_buf_puts(b, "</div></section>");
}

static void
readers_section(struct web_req *q, struct gh_buf *b, const struct gh_table *readers,
    const struct view *v)
{
	gh_buf_puts(b, "<section class=\"card\" id=\"readers\"><h2>");
	web_html(b, T("Readers"));
	gh_buf_puts(b, "</h2>");
	if (readers->nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No reader yet."));
		gh_buf_puts(b, "</p>");
	} else {
		gh_buf_puts(b, "<table id=\"reader-list\"><thead><tr>");
		th(q, b, "Identifier");
		th(q, b, "Connection string (libnfc)");
		th(q, b, "Enrollment");
		th(q, b, "Door");
		th(q, b, "Side");
		gh_buf_puts(b, "</tr></thead><tbody>");
		for (int i = 0; i < readers->nrows; i++) {
			const char *e = gh_table_value(readers, i, "enrollment");
			const char *side = gh_table_value(readers, i, "side");
			gh_buf_puts(b, "<tr data-reader=\"");
			web_attr(b, gh_table_value(readers, i, "id"));
			gh_buf_puts(b, "\">");
			td(b, gh_table_value(readers, i, "id"));
			gh_buf_puts(b, "<td><code>");
			web_html(b, gh_table_value(readers, i, "connstring"));
			gh_buf_puts(b, "</code></td>");
			td(b, T(e && strcmp(e, "0") ? "yes" : "no"));
			td(b, gh_table_value(readers, i, "door"));
			td(b, side ? T(side) : "");
			gh_buf_puts(b, "</tr>");
		}
		gh_buf_puts(b, "</tbody></table>");
	}
	gh_buf_puts(b, "<form method=\"post\" action=\"/site/reader\" id=\"reader-form\" "
	    "class=\"inline\"><h3>");
	web_html(b, T("Add a reader"));
	gh_buf_puts(b, "</h3>");
	web_csrf_input(q, b);
	input(q, b, "Identifier", "id", sent(v, "reader-form", "id", ""),
	    "required maxlength=\"64\"");
	input(q, b, "Connection string (libnfc)", "connstring",
	    sent(v, "reader-form", "connstring", ""),
	    "required maxlength=\"1023\" placeholder=\"pn532_uart:/dev/ttyUSB0\" dir=\"ltr\"");
	checkbox(q, b, "Enrollment reader (guard desk, serves no door)", "enrollment",
	    sent(v, "reader-form", "enrollment", "")[0]);
	gh_buf_puts(b, "<button>");
	web_html(b, T("Add"));
	gh_buf_puts(b, "</button></form></section>");
}

static void
doors_section(struct web_req *q, struct gh_buf *b, const struct gh_table *doors,
    const struct gh_table *zones, const struct gh_table *readers, const struct view *v,
    const char *edit)
{
	gh_buf_puts(b, "<section class=\"card\" id=\"doors\"><h2>");
	web_html(b, T("Doors"));
	gh_buf_puts(b, "</h2>");
	if (doors->nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No door yet."));
		gh_buf_puts(b, "</p>");
	} else {
		gh_buf_puts(b, "<table id=\"door-list\"><thead><tr>");
		th(q, b, "Name");
		th(q, b, "From (zone)");
		th(q, b, "To (zone)");
		th(q, b, "Readers of the door");
		th(q, b, "Release");
		th(q, b, "Held open");
		th(q, b, "Lock");
		th(q, b, "Fire input");
		th(q, b, "Compensating measure");
		gh_buf_puts(b, "<th></th></tr></thead><tbody>");
		for (int i = 0; i < doors->nrows; i++) {
			const char *rel = gh_table_value(doors, i, "release_s");
			const char *held = gh_table_value(doors, i, "held_s");
			gh_buf_puts(b, "<tr data-door=\"");
			web_attr(b, gh_table_value(doors, i, "name"));
			gh_buf_puts(b, "\">");
			td(b, gh_table_value(doors, i, "name"));
			td(b, gh_table_value(doors, i, "from"));
			td(b, gh_table_value(doors, i, "to"));
			td(b, gh_table_value(doors, i, "readers"));
			gh_buf_puts(b, "<td>");
			web_tf(b, q->lang, "%d s", rel ? atoi(rel) : 0);
			gh_buf_puts(b, "</td><td>");
			web_tf(b, q->lang, "%d s", held ? atoi(held) : 0);
			gh_buf_puts(b, "</td>");
			td(b, T(gh_table_value(doors, i, "failure") ?
			    gh_table_value(doors, i, "failure") : "fail-secure"));
			td(b, gh_table_value(doors, i, "fire"));
			td(b, gh_table_value(doors, i, "compensating_measure"));
			gh_buf_puts(b, "<td><a href=\"/site?door=");
			web_url(b, gh_table_value(doors, i, "name") ? gh_table_value(doors, i, "name") :
			    "");
			gh_buf_puts(b, "#door-edit-form\">");
			web_html(b, T("Edit"));
			gh_buf_puts(b, "</a></td></tr>");
		}
		gh_buf_puts(b, "</tbody></table>");
	}
	/* Readers that may still serve a door: not enrollment readers, not in use. */
	const char **free_readers = calloc((size_t)readers->nrows + 1, sizeof *free_readers);
	int nfree = 0;
	for (int i = 0; free_readers && i < readers->nrows; i++) {
		const char *e = gh_table_value(readers, i, "enrollment");
		const char *id = gh_table_value(readers, i, "id");
		if (id && !gh_table_value(readers, i, "door") && !(e && strcmp(e, "0")))
			free_readers[nfree++] = id;
	}
	gh_buf_puts(b, "<div class=\"rules\"><h3>");
	web_html(b, T("Rules of the doors"));
	gh_buf_puts(b, "</h3><ul><li><strong>R-NO-PUBLIC-SENSITIVE</strong> ");
	web_html(b, T("No door may lead directly between a public and a sensitive zone."));
	gh_buf_puts(b, "</li><li><strong>R-DELIVERY</strong> ");
	web_html(b, T("Delivery areas are public zones; a door between a delivery area and a "
	    "restricted zone needs a recorded compensating measure."));
	gh_buf_puts(b, "</li></ul></div>");
	gh_buf_puts(b, "<form method=\"post\" action=\"/site/door\" id=\"door-form\" "
	    "class=\"stack\"><h3>");
	web_html(b, T("Add a door"));
	gh_buf_puts(b, "</h3>");
	web_csrf_input(q, b);
	input(q, b, "Name", "name", sent(v, "door-form", "name", ""),
	    "required maxlength=\"64\"");
	select_col(q, b, "From zone", "from", zones, "name", sent(v, "door-form", "from", NULL),
	    NULL);
	select_col(q, b, "To zone (entered through the door)", "to", zones, "name",
	    sent(v, "door-form", "to", NULL), NULL);
	select_of(q, b, "Entry reader", "reader", free_readers, nfree,
	    sent(v, "door-form", "reader", NULL), "none");
	select_of(q, b, "Exit reader", "reader-out", free_readers, nfree,
	    sent(v, "door-form", "reader-out", NULL), "none");
	free(free_readers);
	input(q, b, "Release time (s)", "release-s", sent(v, "door-form", "release-s", "5"),
	    "type=\"number\" min=\"1\" max=\"120\" required");
	input(q, b, "Held-open alarm after (s)", "held-s", sent(v, "door-form", "held-s", "30"),
	    "type=\"number\" min=\"5\" max=\"3600\" required");
	checkbox(q, b, "Fail-safe lock (released when power or the fire alarm cuts it)",
	    "fail-safe", sent(v, "door-form", "fail-safe", "")[0]);
	input(q, b, "Fire-alarm input (CHIP:LINE)", "fire", sent(v, "door-form", "fire", ""),
	    "maxlength=\"100\" dir=\"ltr\" placeholder=\"gpiochip0:22\"");
	input(q, b, "Compensating measure", "compensating-measure",
	    sent(v, "door-form", "compensating-measure", ""), "maxlength=\"2000\"");
	gh_buf_puts(b, "<button>");
	web_html(b, T("Add"));
	gh_buf_puts(b, "</button></form>");
	/* Edit a door (?door=NAME, or the one whose change was refused). */
	if (v->form && strcmp(v->form, "door-edit-form") == 0)
		edit = web_form_get(v->sent, "name");
	int row = -1;
	for (int i = 0; edit && i < doors->nrows; i++)
		if (gh_table_value(doors, i, "name") &&
		    strcmp(gh_table_value(doors, i, "name"), edit) == 0)
			row = i;
	if (row >= 0) {
		const char *fire = gh_table_value(doors, row, "fire");
		const char *cm = gh_table_value(doors, row, "compensating_measure");
		const char *failure = gh_table_value(doors, row, "failure");
		gh_buf_puts(b, "<form method=\"post\" action=\"/site/door/set\" "
		    "id=\"door-edit-form\" class=\"stack edit\"><h3>");
		web_tf_html(b, q->lang, "Edit the door %s", edit, NULL);
		gh_buf_puts(b, "</h3>");
		web_csrf_input(q, b);
		gh_buf_puts(b, "<input type=\"hidden\" name=\"name\" value=\"");
		web_attr(b, edit);
		gh_buf_puts(b, "\">");
		select_col(q, b, "From zone", "from", zones, "name", sent(v, "door-edit-form",
		    "from", gh_table_value(doors, row, "from")), NULL);
		select_col(q, b, "To zone (entered through the door)", "to", zones, "name",
		    sent(v, "door-edit-form", "to", gh_table_value(doors, row, "to")), NULL);
		input(q, b, "Release time (s)", "release-s", sent(v, "door-edit-form", "release-s",
		    gh_table_value(doors, row, "release_s")),
		    "type=\"number\" min=\"1\" max=\"120\" required");
		input(q, b, "Held-open alarm after (s)", "held-s", sent(v, "door-edit-form",
		    "held-s", gh_table_value(doors, row, "held_s")),
		    "type=\"number\" min=\"5\" max=\"3600\" required");
		checkbox(q, b, "Fail-safe lock (released when power or the fire alarm cuts it)",
		    "fail-safe", sent(v, "door-edit-form", "fail-safe", failure &&
		    strcmp(failure, "fail-safe") == 0 ? "yes" : "")[0]);
		input(q, b, "Fire-alarm input (CHIP:LINE)", "fire", sent(v, "door-edit-form", "fire",
		    fire ? fire : ""), "maxlength=\"100\" dir=\"ltr\" placeholder=\"gpiochip0:22\"");
		input(q, b, "Compensating measure", "compensating-measure",
		    sent(v, "door-edit-form", "compensating-measure", cm ? cm : ""),
		    "maxlength=\"2000\"");
		gh_buf_puts(b, "<div class=\"buttons\"><button>");
		web_html(b, T("Save"));
		gh_buf_puts(b, "</button> <a class=\"button secondary\" href=\"/site#doors\">");
		web_html(b, T("Cancel"));
		gh_buf_puts(b, "</a></div></form>");
	}
	gh_buf_puts(b, "</section>");
}

#define MAX_WINDOWS 64

static void
schedules_section(struct web_req *q, struct gh_buf *b, const struct gh_table *schedules,
    const struct view *v)
{
	gh_buf_puts(b, "<section class=\"card\" id=\"schedules\"><h2>");
	web_html(b, T("Schedules"));
	gh_buf_puts(b, "</h2>");
	if (schedules->nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No schedule yet."));
		gh_buf_puts(b, "</p>");
	}
	for (int i = 0; i < schedules->nrows; i++) {
		const char *name = gh_table_value(schedules, i, "name");
		const char *hc = gh_table_value(schedules, i, "holidays_closed");
		struct gh_window w[MAX_WINDOWS];
		int n = 0;
		char text[64];
		if (name == NULL || gh_schedule_windows(q->db, name, w, MAX_WINDOWS, &n) != GH_OK)
			continue;
		gh_buf_puts(b, "<div class=\"schedule\" data-schedule=\"");
		web_attr(b, name);
		gh_buf_puts(b, "\"><h3>");
		web_html(b, name);
		gh_buf_puts(b, "</h3><p class=\"windows\">");
		for (int k = 0; k < n; k++) {
			gh_buf_puts(b, "<code dir=\"ltr\">");
			web_html(b, gh_window_format(&w[k], text, sizeof text));
			gh_buf_puts(b, "</code> ");
		}
		gh_buf_puts(b, "<span class=\"muted\">");
		web_html(b, T(hc && strcmp(hc, "0") ? "Closed on holidays" : "open on holidays"));
		gh_buf_puts(b, "</span></p><div class=\"scroll\">");
		week_grid(q, b, name, w, n);
		gh_buf_puts(b, "</div></div>");
	}
	gh_buf_puts(b, "<form method=\"post\" action=\"/site/schedule\" id=\"schedule-form\" "
	    "class=\"stack\"><h3>");
	web_html(b, T("Add a schedule"));
	gh_buf_puts(b, "</h3>");
	web_csrf_input(q, b);
	input(q, b, "Name", "name", sent(v, "schedule-form", "name", ""),
	    "required maxlength=\"64\"");
	gh_buf_puts(b, "<label>");
	web_html(b, T("Windows"));
	gh_buf_puts(b, " <textarea name=\"window\" rows=\"3\" required dir=\"ltr\" "
	    "placeholder=\"mon-fri 08:00-18:00\">");
	web_html(b, sent(v, "schedule-form", "window", ""));
	gh_buf_puts(b, "</textarea><span class=\"hint\">");
	web_html(b, T("One window per line, e.g. mon-fri 08:00-18:00"));
	gh_buf_puts(b, "</span></label>");
	checkbox(q, b, "Closed on holidays", "holidays-closed",
	    sent(v, "schedule-form", "holidays-closed", "")[0]);
	gh_buf_puts(b, "<button>");
	web_html(b, T("Add"));
	gh_buf_puts(b, "</button></form></section>");
}

static void
holidays_section(struct web_req *q, struct gh_buf *b, const struct view *v)
{
	struct gh_table t;
	gh_table_init(&t);
	gh_buf_puts(b, "<section class=\"card\" id=\"holidays\"><h2>");
	web_html(b, T("Holidays"));
	gh_buf_puts(b, "</h2>");
	if (gh_holiday_list(q->db, &t) == GH_OK && t.nrows > 0) {
		gh_buf_puts(b, "<table id=\"holiday-list\"><thead><tr>");
		th(q, b, "Date");
		th(q, b, "Name");
		gh_buf_puts(b, "</tr></thead><tbody>");
		for (int i = 0; i < t.nrows; i++) {
			gh_buf_puts(b, "<tr><td dir=\"ltr\">");
			web_html(b, gh_table_value(&t, i, "day"));
			gh_buf_puts(b, "</td>");
			td(b, gh_table_value(&t, i, "name"));
			gh_buf_puts(b, "</tr>");
		}
		gh_buf_puts(b, "</tbody></table>");
	} else {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No holiday yet."));
		gh_buf_puts(b, "</p>");
	}
	gh_table_free(&t);
	gh_buf_puts(b, "<form method=\"post\" action=\"/site/holiday\" id=\"holiday-form\" "
	    "class=\"inline\"><h3>");
	web_html(b, T("Add a holiday"));
	gh_buf_puts(b, "</h3>");
	web_csrf_input(q, b);
	input(q, b, "Date", "day", sent(v, "holiday-form", "day", ""), "type=\"date\" required");
	input(q, b, "Name", "name", sent(v, "holiday-form", "name", ""), "maxlength=\"200\"");
	gh_buf_puts(b, "<button>");
	web_html(b, T("Add"));
	gh_buf_puts(b, "</button></form></section>");
}

static void
profiles_section(struct web_req *q, struct gh_buf *b, const struct gh_table *zones,
    const struct gh_table *schedules, const struct view *v)
{
	struct gh_table t, restricted;
	gh_table_init(&t);
	gh_table_init(&restricted);
	gh_buf_puts(b, "<section class=\"card\" id=\"profiles\"><h2>");
	web_html(b, T("Profiles"));
	gh_buf_puts(b, "</h2><p class=\"muted\">");
	web_html(b, T("A profile is a set of (restricted zone, schedule) pairs; public zones admit "
	    "every valid badge."));
	gh_buf_puts(b, "</p>");
	int ok = gh_profile_list(q->db, &t) == GH_OK;
	if (!ok || t.nrows == 0) {
		gh_buf_puts(b, "<p class=\"muted\">");
		web_html(b, T("No profile yet."));
		gh_buf_puts(b, "</p>");
	} else {
		gh_buf_puts(b, "<div class=\"profiles\">");
		for (int i = 0; i < t.nrows; i++) {
			const char *p = gh_table_value(&t, i, "profile");
			if (p == NULL)
				continue;
			int first = i == 0 || strcmp(p, gh_table_value(&t, i - 1, "profile")) != 0;
			int last = i + 1 == t.nrows || strcmp(p,
			    gh_table_value(&t, i + 1, "profile")) != 0;
			if (first) {
				gh_buf_puts(b, "<div class=\"profile\" data-profile=\"");
				web_attr(b, p);
				gh_buf_puts(b, "\"><h3>");
				web_html(b, p);
				gh_buf_puts(b, "</h3><ul>");
			}
			const char *z = gh_table_value(&t, i, "zone");
			if (z == NULL) {
				gh_buf_puts(b, "<li class=\"muted\">");
				web_html(b, T("No rule: this profile opens nothing yet."));
				gh_buf_puts(b, "</li>");
			} else {
				gh_buf_puts(b, "<li class=\"rule\">");
				level_tag(q, b, gh_table_value(&t, i, "level"));
				gh_buf_puts(b, " <strong>");
				web_html(b, z);
				gh_buf_puts(b, "</strong> — ");
				web_html(b, gh_table_value(&t, i, "schedule"));
				gh_buf_puts(b, "</li>");
			}
			if (last)
				gh_buf_puts(b, "</ul></div>");
		}
		gh_buf_puts(b, "</div>");
	}
	/* Rules are for restricted zones only. */
	if (gh_restricted_zones(q->db, &restricted) != GH_OK)
		gh_table_free(&restricted);
	(void)zones;
	gh_buf_puts(b, "<div class=\"forms\"><form method=\"post\" action=\"/site/profile\" "
	    "id=\"profile-form\" class=\"inline\"><h3>");
	web_html(b, T("Add a profile"));
	gh_buf_puts(b, "</h3>");
	web_csrf_input(q, b);
	input(q, b, "Name", "name", sent(v, "profile-form", "name", ""),
	    "required maxlength=\"64\"");
	gh_buf_puts(b, "<button>");
	web_html(b, T("Add"));
	gh_buf_puts(b, "</button></form>");
	gh_buf_puts(b, "<form method=\"post\" action=\"/site/rule\" id=\"rule-form\" "
	    "class=\"inline\"><h3>");
	web_html(b, T("Add a rule to a profile"));
	gh_buf_puts(b, "</h3>");
	web_csrf_input(q, b);
	select_col(q, b, "Profile", "profile", &t, "profile", sent(v, "rule-form", "profile",
	    NULL), NULL);
	select_col(q, b, "Zone", "zone", &restricted, "zone", sent(v, "rule-form", "zone", NULL),
	    NULL);
	select_col(q, b, "Schedule", "schedule", schedules, "name",
	    sent(v, "rule-form", "schedule", NULL), NULL);
	gh_buf_puts(b, "<button>");
	web_html(b, T("Add"));
	gh_buf_puts(b, "</button></form></div></section>");
	gh_table_free(&t);
	gh_table_free(&restricted);
}

/* The rule a refusal names (the database's messages start with its id). */
static void
refusal(struct web_req *q, struct gh_buf *b, const struct view *v)
{
	gh_buf_puts(b, "<div class=\"flash error\" role=\"alert\" id=\"site-error\"><p>");
	web_html(b, T(v->error_en));
	gh_buf_puts(b, "</p>");
	if (v->detail && strstr(v->detail, "R-NO-PUBLIC-SENSITIVE")) {
		gh_buf_puts(b, "<p class=\"rule\" data-rule=\"R-NO-PUBLIC-SENSITIVE\">");
		web_html(b, T("Rule"));
		gh_buf_puts(b, " R-NO-PUBLIC-SENSITIVE : ");
		web_html(b, T("No door may lead directly between a public and a sensitive zone."));
		gh_buf_puts(b, "</p>");
	} else if (v->detail && strstr(v->detail, "R-DELIVERY")) {
		gh_buf_puts(b, "<p class=\"rule\" data-rule=\"R-DELIVERY\">");
		web_html(b, T("Rule"));
		gh_buf_puts(b, " R-DELIVERY : ");
		web_html(b, T("Delivery areas are public zones; a door between a delivery area and a "
		    "restricted zone needs a recorded compensating measure."));
		gh_buf_puts(b, "</p>");
	}
	if (v->detail) {
		gh_buf_puts(b, "<p class=\"detail\" dir=\"auto\"><code>");
		web_html(b, v->detail);
		gh_buf_puts(b, "</code></p>");
	}
	gh_buf_puts(b, "</div>");
}

static void
render(struct web_req *q, struct web_resp *r, const struct view *v, const char *edit_zone,
    const char *edit_door)
{
	struct gh_table zones, doors, readers, schedules;
	gh_table_init(&zones);
	gh_table_init(&doors);
	gh_table_init(&readers);
	gh_table_init(&schedules);
	web_page_open(q, r, T("Site editor"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<div id=\"site-editor\"><h1>");
	web_html(b, T("Site editor"));
	gh_buf_puts(b, "</h1><p class=\"muted\">");
	web_html(b, T("Zones, readers, doors, schedules, holidays and profiles of the site. Every "
	    "change is recorded in the audit trail under your name."));
	gh_buf_puts(b, "</p>");
	if (v->error_en)
		refusal(q, b, v);
	if (gh_zone_list(q->db, &zones) != GH_OK || gh_door_list(q->db, &doors) != GH_OK ||
	    gh_reader_list(q->db, &readers) != GH_OK ||
	    gh_schedule_list(q->db, &schedules) != GH_OK) {
		gh_buf_puts(b, "<p class=\"error\">");
		web_html(b, gh_db_errmsg(q->db));
		gh_buf_puts(b, "</p>");
	} else {
		static const struct { const char *id, *en; } toc[] = {
			{ "picture", "Picture of the site" }, { "zones", "Zones" },
			{ "readers", "Readers" }, { "doors", "Doors" },
			{ "schedules", "Schedules" }, { "holidays", "Holidays" },
			{ "profiles", "Profiles" },
		};
		gh_buf_puts(b, "<nav class=\"toc\">");
		for (size_t i = 0; i < sizeof toc / sizeof toc[0]; i++) {
			gh_buf_printf(b, "<a href=\"#%s\">", toc[i].id);
			web_html(b, T(toc[i].en));
			gh_buf_puts(b, "</a>");
		}
		gh_buf_puts(b, "</nav><section class=\"card\" id=\"picture\"><h2>");
		web_html(b, T("Picture of the site"));
		gh_buf_puts(b, "</h2><p class=\"muted\">");
		web_html(b, T("Zones by level, doors as arrows into the zone they enter."));
		gh_buf_puts(b, "</p><div class=\"graph\">");
		site_graph(q, b, &zones, &doors);
		gh_buf_puts(b, "</div></section>");
		zones_section(q, b, &zones, v, edit_zone);
		doors_section(q, b, &doors, &zones, &readers, v, edit_door);
		readers_section(q, b, &readers, v);
		schedules_section(q, b, &schedules, v);
		holidays_section(q, b, v);
		profiles_section(q, b, &zones, &schedules, v);
	}
	gh_table_free(&zones);
	gh_table_free(&doors);
	gh_table_free(&readers);
	gh_table_free(&schedules);
	gh_buf_puts(b, "</div>");
	web_page_close(q, r);
}

static void
site(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	struct view v = { NULL, NULL, NULL, NULL };
	render(q, r, &v, web_form_get(f, "zone"), web_form_get(f, "door"));
}

/* After a change: back to the page with a message, or the page again with the
 * refusal and the form as sent. */
static void
outcome(struct web_req *q, struct web_resp *r, const struct web_form *f, const char *form,
    int rc, const char *done_en)
{
	if (rc == GH_OK) {
		web_redirect_done(r, "/site", done_en);
		return;
	}
	struct view v = { form, f, rc == GH_EINPUT ? "The change was refused." :
		"The database could not save the change.", gh_db_errmsg(q->db) };
	render(q, r, &v, NULL, NULL);
	r->status = rc == GH_EINPUT ? 422 : 500;
}

/* A textarea's text with its CRLF line ends made LF (the database keeps LF). */
static char *
lf_text(const char *s)
{
	char *out = strdup(s ? s : ""), *w = out;
	if (out == NULL)
		return NULL;
	for (const char *p = out; *p; p++)
		if (!(*p == '\r' && p[1] == '\n'))
			*w++ = *p == '\r' ? '\n' : *p;
	*w = '\0';
	return out;
}

static int
yes(const struct web_form *f, const char *name)
{
	const char *s = web_form_get(f, name);
	return s && strcmp(s, "yes") == 0;
}

static void
zone_change(struct web_req *q, struct web_resp *r, const struct web_form *f, int add)
{
	const char *sign_in = web_form_get(f, "sign"), *mo = web_form_get(f, "max-occupancy");
	char *sign = sign_in ? lf_text(sign_in) : NULL;	/* absent: unchanged */
	struct gh_zone_spec z = { .name = web_form_get(f, "name"),
		.level = web_form_get(f, "level"), .delivery = yes(f, "delivery"),
		.sign = sign, .passback = web_form_get(f, "passback"),
		.max_occupancy = mo ? atol(mo) : (add ? 0 : -1) };
	if (sign_in && sign == NULL) {
		web_page_error(q, r, 500, "The database could not save the change.");
		return;
	}
	web_actor(q);
	int rc = add ? gh_zone_add(q->db, &z) : gh_zone_set(q->db, &z);
	outcome(q, r, f, add ? "zone-form" : "zone-edit-form", rc, "The zone is saved.");
	free(sign);
}

static void
zone_add(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	zone_change(q, r, f, 1);
}

static void
zone_set(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	zone_change(q, r, f, 0);
}

static void
reader_add(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	web_actor(q);
	int rc = gh_reader_add(q->db, web_form_get(f, "id"), web_form_get(f, "connstring"),
	    yes(f, "enrollment"));
	outcome(q, r, f, "reader-form", rc, "The reader is added.");
}

static const char *
nonempty(const struct web_form *f, const char *name)
{
	const char *s = web_form_get(f, name);
	return s && s[0] ? s : NULL;
}

static void
door_add(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *rel = web_form_get(f, "release-s"), *held = web_form_get(f, "held-s");
	struct gh_door_spec d = { .name = web_form_get(f, "name"),
		.from = web_form_get(f, "from"), .to = web_form_get(f, "to"),
		.release_s = rel ? atol(rel) : -1, .held_s = held ? atol(held) : -1,
		.fail_safe = yes(f, "fail-safe"), .fire = nonempty(f, "fire"),
		.measure = nonempty(f, "compensating-measure") };
	if (nonempty(f, "reader")) {
		d.reader[d.nreaders] = nonempty(f, "reader");
		d.side[d.nreaders++] = "in";
	}
	if (nonempty(f, "reader-out")) {
		d.reader[d.nreaders] = nonempty(f, "reader-out");
		d.side[d.nreaders++] = "out";
	}
	web_actor(q);
	int rc = gh_door_add(q->db, &d);
	outcome(q, r, f, "door-form", rc, "The door is added.");
}

static void
door_set(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *rel = web_form_get(f, "release-s"), *held = web_form_get(f, "held-s");
	const char *fire = web_form_get(f, "fire");
	const char *cm = web_form_get(f, "compensating-measure");
	/* An empty line or measure removes it (R-DELIVERY then checks the door again);
	 * an absent one is left as it is. */
	struct gh_door_spec d = { .name = web_form_get(f, "name"),
		.from = web_form_get(f, "from"), .to = web_form_get(f, "to"),
		.release_s = rel ? atol(rel) : -1, .held_s = held ? atol(held) : -1,
		.fail_safe = yes(f, "fail-safe"), .fire = fire, .measure = cm };
	web_actor(q);
	int rc = gh_door_set(q->db, &d);
	outcome(q, r, f, "door-edit-form", rc, "The door is saved.");
}

static void
schedule_add(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	struct gh_window w[MAX_WINDOWS];
	int n = 0;
	char *text = lf_text(web_form_get(f, "window")), *save = NULL;
	if (text == NULL) {
		web_page_error(q, r, 500, "The database could not save the change.");
		return;
	}
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '\t')
			line++;
		size_t len = strlen(line);
		while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		const char *why;
		struct gh_buf msg;
		gh_buf_init(&msg);
		if (n == MAX_WINDOWS)
			gh_buf_puts(&msg, T("At most 64 windows."));
		else if (gh_window_parse(line, &w[n], &why) != 0)
			web_tf(&msg, q->lang, "Window '%s': %s", line, why);
		else
			n++;
		if (msg.len > 0) {
			struct view v = { "schedule-form", f, "The change was refused.", msg.s };
			render(q, r, &v, NULL, NULL);
			r->status = 422;
			gh_buf_free(&msg);
			free(text);
			return;
		}
		gh_buf_free(&msg);
	}
	free(text);
	if (n == 0) {
		struct view v = { "schedule-form", f, "The change was refused.",
			T("Give at least one window.") };
		render(q, r, &v, NULL, NULL);
		r->status = 422;
		return;
	}
	web_actor(q);
	int rc = gh_schedule_add(q->db, web_form_get(f, "name"), w, n,
	    yes(f, "holidays-closed"));
	outcome(q, r, f, "schedule-form", rc, "The schedule is added.");
}

static void
holiday_add(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	web_actor(q);
	int rc = gh_holiday_add(q->db, web_form_get(f, "day"), nonempty(f, "name"));
	outcome(q, r, f, "holiday-form", rc, "The holiday is added.");
}

static void
profile_add(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	web_actor(q);
	int rc = gh_profile_add(q->db, web_form_get(f, "name"));
	outcome(q, r, f, "profile-form", rc, "The profile is added.");
}

static void
rule_add(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	web_actor(q);
	int rc = gh_profile_rule(q->db, web_form_get(f, "profile"), web_form_get(f, "zone"),
	    web_form_get(f, "schedule"));
	outcome(q, r, f, "rule-form", rc, "The rule is added.");
}

static const struct web_field f_site[] = {
	{ "zone", WF_NAME, 0, 0, 0, NULL },
	{ "door", WF_NAME, 0, 0, 0, NULL },
};
static const struct web_field f_zone[] = {
	WEB_F_CSRF,
	{ "name", WF_NAME, 1, 0, 0, NULL },
	{ "level", WF_ENUM, 1, 0, 0, "public|private|sensitive" },
	{ "delivery", WF_ENUM, 0, 0, 0, "yes" },
	{ "passback", WF_ENUM, 0, 0, 0, "off|soft|hard" },
	{ "max-occupancy", WF_INT, 0, 0, 1000000, NULL },
	{ "sign", WF_TEXT, 0, 0, 2000, NULL },
};
static const struct web_field f_reader[] = {
	WEB_F_CSRF,
	{ "id", WF_NAME, 1, 0, 0, NULL },
	{ "connstring", WF_LINE, 1, 0, 1023, NULL },
	{ "enrollment", WF_ENUM, 0, 0, 0, "yes" },
};
static const struct web_field f_door[] = {
	WEB_F_CSRF,
	{ "name", WF_NAME, 1, 0, 0, NULL },
	{ "from", WF_NAME, 1, 0, 0, NULL },
	{ "to", WF_NAME, 1, 0, 0, NULL },
	{ "reader", WF_LINE, 0, 0, 256, NULL },
	{ "reader-out", WF_LINE, 0, 0, 256, NULL },
	{ "release-s", WF_INT, 0, 1, 120, NULL },
	{ "held-s", WF_INT, 0, 5, 3600, NULL },
	{ "fail-safe", WF_ENUM, 0, 0, 0, "yes" },
	{ "fire", WF_LINE, 0, 0, 100, NULL },
	{ "compensating-measure", WF_LINE, 0, 0, 2000, NULL },
};
static const struct web_field f_door_set[] = {
	WEB_F_CSRF,
	{ "name", WF_NAME, 1, 0, 0, NULL },
	{ "from", WF_NAME, 1, 0, 0, NULL },
	{ "to", WF_NAME, 1, 0, 0, NULL },
	{ "release-s", WF_INT, 1, 1, 120, NULL },
	{ "held-s", WF_INT, 1, 5, 3600, NULL },
	{ "fail-safe", WF_ENUM, 0, 0, 0, "yes" },
	{ "fire", WF_LINE, 0, 0, 100, NULL },
	{ "compensating-measure", WF_LINE, 0, 0, 2000, NULL },
};
static const struct web_field f_schedule[] = {
	WEB_F_CSRF,
	{ "name", WF_NAME, 1, 0, 0, NULL },
	{ "window", WF_TEXT, 1, 0, 4000, NULL },
	{ "holidays-closed", WF_ENUM, 0, 0, 0, "yes" },
};
static const struct web_field f_holiday[] = {
	WEB_F_CSRF,
	{ "day", WF_LINE, 1, 0, 10, NULL },
	{ "name", WF_LINE, 0, 0, 200, NULL },
};
static const struct web_field f_profile[] = {
	WEB_F_CSRF,
	{ "name", WF_NAME, 1, 0, 0, NULL },
};
static const struct web_field f_rule[] = {
	WEB_F_CSRF,
	{ "profile", WF_NAME, 1, 0, 0, NULL },
	{ "zone", WF_NAME, 1, 0, 0, NULL },
	{ "schedule", WF_NAME, 1, 0, 0, NULL },
};

/* R-LEAST-PRIVILEGE: the site is the officer's (zones, doors, schedules, profiles). */
static const struct web_page site_pages[] = {
	{ "GET", "/site", WEB_ACT_SITE_WRITE, site, WEB_FIELDS(f_site) },
	{ "POST", "/site/zone", WEB_ACT_SITE_WRITE, zone_add, WEB_FIELDS(f_zone) },
	{ "POST", "/site/zone/set", WEB_ACT_SITE_WRITE, zone_set, WEB_FIELDS(f_zone) },
	{ "POST", "/site/reader", WEB_ACT_SITE_WRITE, reader_add, WEB_FIELDS(f_reader) },
	{ "POST", "/site/door", WEB_ACT_SITE_WRITE, door_add, WEB_FIELDS(f_door) },
	{ "POST", "/site/door/set", WEB_ACT_SITE_WRITE, door_set, WEB_FIELDS(f_door_set) },
	{ "POST", "/site/schedule", WEB_ACT_SITE_WRITE, schedule_add, WEB_FIELDS(f_schedule) },
	{ "POST", "/site/holiday", WEB_ACT_SITE_WRITE, holiday_add, WEB_FIELDS(f_holiday) },
	{ "POST", "/site/profile", WEB_ACT_SITE_WRITE, profile_add, WEB_FIELDS(f_profile) },
	{ "POST", "/site/rule", WEB_ACT_SITE_WRITE, rule_add, WEB_FIELDS(f_rule) },
};
WEB_PAGES(site_pages)

static const char site_css[] =
    "#site-editor nav.toc{display:flex;flex-wrap:wrap;gap:.3em;margin:0 0 1em}\n"
    "#site-editor nav.toc a{padding:.2em .7em;border:1px solid var(--line);border-radius:1em;"
    "background:var(--card);text-decoration:none;color:var(--accent)}\n"
    "#site-editor .forms{display:grid;gap:1em;align-items:start;grid-template-columns:repeat(auto-fit,minmax(20em,1fr));"
    "margin-block-start:1em}\n"
    "#site-editor form h3{margin:0;font-size:1em}\n"
    "#site-editor form.stack,#site-editor form.inline{background:#fafbfc;border:1px solid var(--line);"
    "border-radius:.4em;padding:.8em;margin-block-start:1em}\n"
    "#site-editor .forms form{margin-block-start:0}\n"
    "#site-editor form.inline h3{flex-basis:100%}\n"
    "#site-editor form.edit{border-color:var(--accent)}\n"
    "#site-editor label.check{display:block;color:var(--ink)}\n"
    "#site-editor .hint{font-size:.85em}\n"
    "#site-editor .buttons{display:flex;gap:.5em;align-items:center}\n"
    "#site-editor .signtext{white-space:pre-line;max-width:24em}\n"
    "#site-editor .rules ul{margin:.3em 0;padding-inline-start:1.2em}\n"
    "#site-error .rule{font-weight:600}\n"
    "#site-editor .graph{overflow-x:auto}\n"
    "#site-graph{width:100%;max-width:60em;height:auto;display:block;margin-inline:auto}\n"
    "#site-graph text{font-size:13px;fill:var(--ink)}\n"
    "#site-graph text.column{font-weight:700;fill:var(--muted);text-transform:uppercase;"
    "letter-spacing:.05em}\n"
    "#site-graph text.empty{fill:var(--muted)}\n"
    "#site-graph .zone rect{stroke-width:2}\n"
    "#site-graph .zone.public rect{fill:#d8efe0;stroke:#1e7b34}\n"
    "#site-graph .zone.private rect{fill:#fdf0c8;stroke:#a15c00}\n"
    "#site-graph .zone.sensitive rect{fill:#f9d4d2;stroke:#b42318}\n"
    "#site-graph .zone.delivery rect{stroke-dasharray:6 3}\n"
    "#site-graph .zname{font-weight:600;font-size:14px}\n"
    "#site-graph .zlevel{font-size:11px;fill:var(--muted)}\n"
    "#site-graph .door path{fill:none;stroke:#5b6670;stroke-width:1.6}\n"
    "#site-graph .arrowhead{fill:#5b6670}\n"
    "#site-graph .door text{font-size:12px;stroke:#fff;stroke-width:4px;"
    "paint-order:stroke;stroke-linejoin:round}\n"
    "#site-graph .door:hover path{stroke:var(--accent);stroke-width:2.5}\n"
    "#site-editor .scroll{overflow-x:auto}\n"
    "#site-editor .schedule h3{margin:.8em 0 .2em}\n"
    "#site-editor .schedule .windows code{background:#eef1f4;padding:.05em .4em;border-radius:.3em}\n"
    "#site-editor table.week{width:auto;border-collapse:separate;border-spacing:2px;font-size:.75em}\n"
    "#site-editor table.week caption{text-align:start;color:var(--muted);padding:.2em 0}\n"
    "#site-editor table.week th{background:none;padding:0 .3em;text-align:center;font-weight:500}\n"
    "#site-editor table.week tbody th{text-align:start;white-space:nowrap}\n"
    "#site-editor table.week td{width:1.4em;height:1.3em;padding:0;border:1px solid var(--line);"
    "background:#fff}\n"
    "#site-editor table.week td.on{background:var(--accent);border-color:var(--accent)}\n"
    "#site-editor table.week td.part{background:linear-gradient(90deg,var(--accent) 50%,#cfe4ec 50%);"
    "border-color:var(--accent)}\n"
    "[dir=rtl] #site-editor table.week td.part{background:linear-gradient(270deg,var(--accent) 50%,"
    "#cfe4ec 50%)}\n"
    "#site-editor .profiles{display:grid;gap:.8em;grid-template-columns:repeat(auto-fill,minmax(16em,1fr))}\n"
    "#site-editor .profile{border:1px solid var(--line);border-radius:.4em;padding:.5em .8em}\n"
    "#site-editor .profile h3{margin:0 0 .3em;font-size:1em}\n"
    "#site-editor .profile ul{margin:0;padding-inline-start:1.1em}\n";
WEB_CSS(site, site_css)
