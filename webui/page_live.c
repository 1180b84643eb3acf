/* Live alarms and events: the site's mode, active alarms highlighted until
 * acknowledged (with a comment), the door status board, the readers, and a feed of
 * journal events as they are committed (Server-Sent Events, no reload).  Officers
 * also get the momentary unlock of a door and the modes (lockdown, evacuation,
 * normal), each with a reason and an explicit confirmation (R-EMERGENCY).  The
 * actions are plain forms handled here, through the controller; the script only
 * draws what the controller says (textContent, never markup). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/util.h"
#include "webui/ctl.h"
#include "webui/escape.h"
#include "webui/form.h"
#include "webui/roles.h"
#include "webui/static.h"
#include "webui/validate.h"
#include "webui/web.h"

static const struct web_msg msgs[] = {
	{ "Alarms and events", "Alarmes et événements", "الإنذارات والأحداث" },
	{ "Loading the site's state…", "Chargement de l'état du site…",
	  "جارٍ تحميل حالة الموقع…" },
	{ "Mode", "Mode", "الوضع" },
	{ "Mode:", "Mode :", "الوضع:" },
	{ "normal", "normal", "عادي" },
	{ "lockdown", "confinement", "إغلاق" },
	{ "evacuation", "évacuation", "إخلاء" },
	{ "The journal cannot record: only public doors open.",
	  "Le journal ne peut pas enregistrer : seules les portes publiques s'ouvrent.",
	  "السجل لا يستطيع التسجيل: تُفتح الأبواب العامة فقط." },
	{ "Active alarms", "Alarmes actives", "الإنذارات النشطة" },
	{ "No active alarm.", "Aucune alarme active.", "لا توجد إنذارات نشطة." },
	{ "Alarm", "Alarme", "الإنذار" },
	{ "Source", "Source", "المصدر" },
	{ "Since", "Depuis", "منذ" },
	{ "Comment", "Commentaire", "تعليق" },
	{ "Acknowledge", "Acquitter", "إقرار" },
	{ "Doors", "Portes", "الأبواب" },
	{ "Readers", "Lecteurs", "القارئات" },
	{ "Live events", "Événements en direct", "الأحداث المباشرة" },
	{ "Waiting for events…", "En attente d'événements…", "في انتظار الأحداث…" },
	{ "The live feed is interrupted; reconnecting…",
	  "Le flux en direct est interrompu ; reconnexion…",
	  "انقطع البث المباشر؛ جارٍ إعادة الاتصال…" },
	{ "Time", "Heure", "الوقت" },
	{ "Event", "Événement", "الحدث" },
	{ "Door", "Porte", "الباب" },
	{ "Person", "Personne", "الشخص" },
	{ "Decision", "Décision", "القرار" },
	{ "Reason", "Motif", "السبب" },
	{ "Officer actions", "Actions du responsable", "إجراءات مسؤول الأمن" },
	{ "Momentary unlock", "Ouverture momentanée", "فتح مؤقت" },
	{ "Unlock", "Ouvrir", "فتح" },
	{ "Change the site's mode", "Changer le mode du site", "تغيير وضع الموقع" },
	{ "Change mode", "Changer de mode", "تغيير الوضع" },
	{ "I confirm this action, which is journalled with my name.",
	  "Je confirme cette action, journalisée à mon nom.",
	  "أؤكد هذا الإجراء الذي يُسجَّل باسمي." },
	{ "The alarm is acknowledged.", "L'alarme est acquittée.", "تم الإقرار بالإنذار." },
	{ "The door is released.", "La porte est ouverte.", "تم فتح الباب." },
	{ "The mode is changed.", "Le mode est changé.", "تم تغيير الوضع." },
	{ "The controller refused or did not answer.",
	  "Le contrôleur a refusé ou n'a pas répondu.",
	  "رفض المتحكم أو لم يُجب." },
	{ "Confirm the action and give a reason.",
	  "Confirmez l'action et donnez un motif.",
	  "أكّد الإجراء واذكر السبب." },
	{ "granted", "accordé", "مسموح" },
	{ "refused", "refusé", "مرفوض" },
	{ "locked", "verrouillée", "مقفل" },
	{ "released", "déverrouillée", "مفتوح القفل" },
	{ "open", "ouverte", "مفتوح" },
	{ "held-open", "maintenue ouverte", "مفتوح لمدة طويلة" },
	{ "forced", "forcée", "مقتحم" },
	{ "unlocked-mode", "déverrouillée (mode)", "مفتوح (وضع)" },
	{ "offline", "hors ligne", "غير متصل" },
	{ "online", "en ligne", "متصل" },
	{ "starting", "démarrage", "قيد التشغيل" },
	{ "door-forced", "porte forcée", "باب مقتحم" },
	{ "door-held-open", "porte maintenue ouverte", "باب مفتوح لمدة طويلة" },
	{ "brute-force", "force brute", "محاولات متكررة" },
	{ "cloned-credential", "badge cloné", "شارة مستنسخة" },
	{ "reader-offline", "lecteur hors ligne", "قارئ غير متصل" },
	{ "door-io-offline", "E/S de porte hors ligne", "مداخل/مخارج الباب غير متصلة" },
	{ "tamper", "autoprotection", "عبث" },
	{ "visitor-unescorted", "visiteur sans accompagnateur", "زائر بلا مرافق" },
	{ "journal-failure", "échec du journal", "عطل في السجل" },
	{ "clock-unsynced", "horloge non synchronisée", "الساعة غير متزامنة" },
	{ "clock-jump", "saut d'horloge", "قفزة في الساعة" },
	{ "review-overdue", "revue en retard", "مراجعة متأخرة" },
	{ "forwarding-failed", "échec de la transmission", "فشل الإرسال" },
	{ "access", "accès", "دخول" },
	{ "door-opened", "porte ouverte", "فُتح الباب" },
	{ "door-closed", "porte fermée", "أُغلق الباب" },
	{ "exit-button", "bouton de sortie", "زر الخروج" },
	{ "door-released", "ouverture momentanée", "فتح مؤقت للباب" },
	{ "mode-changed", "changement de mode", "تغيير الوضع" },
	{ "alarm-raised", "alarme déclenchée", "إنذار" },
	{ "alarm-acked", "alarme acquittée", "إقرار بإنذار" },
	{ "reader-online", "lecteur en ligne", "قارئ متصل" },
	{ "operator", "opérateur", "مشغّل" },
	{ "rights-change", "changement de droits", "تغيير الصلاحيات" },
	{ "checkpoint", "point de contrôle", "نقطة تحقق" },
	{ "purge", "purge", "حذف" },
	{ "unknown-badge", "badge inconnu", "شارة غير معروفة" },
	{ "credential-auth-failed", "authentification du badge échouée", "فشل التحقق من الشارة" },
	{ "badge-suspended", "badge suspendu", "شارة موقوفة" },
	{ "badge-lost", "badge perdu", "شارة مفقودة" },
	{ "badge-revoked", "badge révoqué", "شارة ملغاة" },
	{ "badge-expired", "badge expiré", "شارة منتهية الصلاحية" },
	{ "badge-not-yet-valid", "badge pas encore valide", "شارة غير صالحة بعد" },
	{ "person-inactive", "personne inactive", "شخص غير نشط" },
	{ "reader-locked-out", "lecteur bloqué", "القارئ محظور مؤقتًا" },
	{ "insecure-credential", "badge non sécurisé", "شارة غير آمنة" },
	{ "no-access", "pas d'accès", "لا صلاحية" },
	{ "outside-schedule", "hors horaire", "خارج أوقات الدخول" },
	{ "escort-required", "accompagnateur requis", "مرافق مطلوب" },
	{ "escort-not-authorised", "accompagnateur non autorisé", "المرافق غير مخوّل" },
	{ "escort-not-vetted", "accompagnateur non habilité", "المرافق غير مُعتمد" },
	{ "escort-busy", "accompagnateur déjà occupé", "المرافق مشغول" },
	{ "passback", "anti-retour", "منع العودة" },
	{ "zone-full", "zone pleine", "المنطقة ممتلئة" },
};
WEB_CATALOGUE(msgs)

/* The texts the script shows, handed over as JSON in a data attribute. */
static const char *const script_texts[] = {
	"Mode", "Mode:", "normal", "lockdown", "evacuation",
	"The journal cannot record: only public doors open.", "Active alarms",
	"No active alarm.", "Alarm", "Source", "Since", "Comment", "Acknowledge", "Doors",
	"Door", "Readers", "Waiting for events…", "The live feed is interrupted; reconnecting…",
	"Time", "Event", "Person", "Decision", "Reason", "granted", "refused", "locked",
	"released", "open", "held-open", "forced", "unlocked-mode", "offline", "online",
	"starting", "door-forced", "door-held-open", "brute-force", "cloned-credential",
	"reader-offline", "door-io-offline", "tamper", "visitor-unescorted",
	"journal-failure", "clock-unsynced", "clock-jump", "review-overdue",
	"forwarding-failed", "access", "door-opened", "door-closed", "exit-button",
	"door-released", "mode-changed", "alarm-raised", "alarm-acked", "reader-online",
	"operator", "rights-change", "checkpoint", "purge",
	"unknown-badge", "credential-auth-failed", "badge-suspended", "badge-lost", "badge-revoked", "badge-expired", "badge-not-yet-valid", "person-inactive", "reader-locked-out", "insecure-credential", "no-access", "outside-schedule", "escort-required", "escort-not-authorised", "escort-not-vetted", "escort-busy", "passback", "zone-full",
};

static void
texts_attr(struct web_req *q, struct gh_buf *b)
{
	struct gh_buf j;
	gh_buf_init(&j);
	gh_buf_puts(&j, "{");
	for (size_t i = 0; i < sizeof script_texts / sizeof script_texts[0]; i++) {
		if (i)
			gh_buf_puts(&j, ",");
		web_json_str(&j, script_texts[i]);
		gh_buf_puts(&j, ":");
		web_json_str(&j, T(script_texts[i]));
	}
	gh_buf_puts(&j, "}");
	web_attr(b, j.s);
	gh_buf_free(&j);
}

static void
live(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	(void)f;
	web_page_open(q, r, T("Alarms and events"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<h1>");
	web_html(b, T("Alarms and events"));
	gh_buf_puts(b, "</h1><div id=\"live\" data-csrf=\"");
	web_attr(b, q->s.csrf);
	gh_buf_printf(b, "\" data-ack=\"%d\" data-lang=\"%s\" data-texts=\"",
	    web_can(q, WEB_ACT_ALARM_ACK), web_lang_code(q->lang));
	texts_attr(q, b);
	gh_buf_puts(b, "\"><p id=\"mode\" class=\"card\">");
	web_html(b, T("Loading the site's state…"));
	gh_buf_puts(b, "</p><section class=\"card\"><h2>");
	web_html(b, T("Active alarms"));
	gh_buf_puts(b, "</h2><div id=\"alarms\"></div></section><div class=\"grid\">"
	    "<section class=\"card\"><h2>");
	web_html(b, T("Doors"));
	gh_buf_puts(b, "</h2><div id=\"doors\" class=\"board\"></div></section>"
	    "<section class=\"card\"><h2>");
	web_html(b, T("Readers"));
	gh_buf_puts(b, "</h2><div id=\"readers\" class=\"board\"></div></section></div>");
	if (web_can(q, WEB_ACT_DOOR_UNLOCK) || web_can(q, WEB_ACT_MODE_CHANGE)) {
		gh_buf_puts(b, "<section class=\"card officer\"><h2>");
		web_html(b, T("Officer actions"));
		gh_buf_puts(b, "</h2><div class=\"grid\">");
		if (web_can(q, WEB_ACT_DOOR_UNLOCK)) {
			gh_buf_puts(b, "<form method=\"post\" action=\"/live/unlock\" "
			    "class=\"stack\" id=\"unlock-form\"><h3>");
			web_html(b, T("Momentary unlock"));
			gh_buf_puts(b, "</h3>");
			web_csrf_input(q, b);
			gh_buf_puts(b, "<label>");
			web_html(b, T("Door"));
			gh_buf_puts(b, " <select name=\"door\" required>");
			struct gh_table t;
			gh_table_init(&t);
			if (gh_door_list(q->db, &t) == GH_OK)
				for (int i = 0; i < t.nrows; i++) {
					const char *n = gh_table_value(&t, i, "name");
					gh_buf_puts(b, "<option value=\"");
					web_attr(b, n ? n : "");
					gh_buf_puts(b, "\">");
					web_html(b, n ? n : "");
					gh_buf_puts(b, "</option>");
				}
			gh_table_free(&t);
			gh_buf_puts(b, "</select></label><label>");
			web_html(b, T("Reason"));
			gh_buf_puts(b, " <input name=\"reason\" required maxlength=\"500\"></label>"
			    "<label class=\"confirm\"><span><input type=\"checkbox\" "
			    "name=\"confirm\" value=\"yes\" required> ");
			web_html(b, T("I confirm this action, which is journalled with my name."));
			gh_buf_puts(b, "</span></label><button class=\"danger\">");
			web_html(b, T("Unlock"));
			gh_buf_puts(b, "</button></form>");
		}
		if (web_can(q, WEB_ACT_MODE_CHANGE)) {
			gh_buf_puts(b, "<form method=\"post\" action=\"/live/mode\" "
			    "class=\"stack\" id=\"mode-form\"><h3>");
			web_html(b, T("Change the site's mode"));
			gh_buf_puts(b, "</h3>");
			web_csrf_input(q, b);
			gh_buf_puts(b, "<label>");
			web_html(b, T("Mode"));
			gh_buf_puts(b, " <select name=\"mode\" required>");
			static const char *const modes[] = { "normal", "lockdown", "evacuation" };
			for (int i = 0; i < 3; i++) {
				gh_buf_printf(b, "<option value=\"%s\">", modes[i]);
				web_html(b, T(modes[i]));
				gh_buf_puts(b, "</option>");
			}
			gh_buf_puts(b, "</select></label><label>");
			web_html(b, T("Reason"));
			gh_buf_puts(b, " <input name=\"reason\" required maxlength=\"500\"></label>"
			    "<label class=\"confirm\"><span><input type=\"checkbox\" "
			    "name=\"confirm\" value=\"yes\" required> ");
			web_html(b, T("I confirm this action, which is journalled with my name."));
			gh_buf_puts(b, "</span></label><button class=\"danger\">");
			web_html(b, T("Change mode"));
			gh_buf_puts(b, "</button></form>");
		}
		gh_buf_puts(b, "</div></section>");
	}
	gh_buf_puts(b, "<section class=\"card\"><h2>");
	web_html(b, T("Live events"));
	gh_buf_puts(b, "</h2><p id=\"feed-state\" class=\"muted\"></p>"
	    "<table id=\"feed\"><thead><tr><th>");
	web_html(b, T("Time"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("Event"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("Door"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("Person"));
	gh_buf_puts(b, "</th><th>");
	web_html(b, T("Decision"));
	gh_buf_puts(b, "</th></tr></thead><tbody></tbody></table></section></div>"
	    "<script src=\"/static/live.js\"></script>");
	web_page_close(q, r);
}

/* An operator's request from a form; back to /live with the outcome. */
static void
to_controller(struct web_req *q, struct web_resp *r, const char *cmd, const char *word,
    const char *text, const char *done)
{
	char ans[512];
	int rc = web_operator_request(q, cmd, word, text, ans, sizeof ans);
	if (rc < 0) {
		web_redirect_error(r, "/live", "The form is incomplete or invalid.");
	} else if (rc > 0) {
		log_warnx("web: %s: %s", q->s.operator_, ans);
		web_redirect_error(r, "/live", "The controller refused or did not answer.");
	} else {
		web_redirect_done(r, "/live", done);
	}
}

static int
confirmed(struct web_resp *r, const struct web_form *f)
{
	const char *c = web_form_get(f, "confirm"), *why = web_form_get(f, "reason");
	if (c == NULL || strcmp(c, "yes") != 0 || why == NULL || !why[0]) {
		web_redirect_error(r, "/live", "Confirm the action and give a reason.");
		return 0;
	}
	return 1;
}

static void
unlock(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	if (confirmed(r, f))
		to_controller(q, r, "unlock", web_form_get(f, "door"), web_form_get(f, "reason"),
		    "The door is released.");
}

static void
mode(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	if (confirmed(r, f))
		to_controller(q, r, "mode", web_form_get(f, "mode"), web_form_get(f, "reason"),
		    "The mode is changed.");
}

static void
ack(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	to_controller(q, r, "ack", web_form_get(f, "id"), web_form_get(f, "comment"),
	    "The alarm is acknowledged.");
}

static const struct web_field f_unlock[] = {
	WEB_F_CSRF,
	{ "door", WF_NAME, 1, 0, 0, NULL },
	{ "reason", WF_LINE, 1, 0, 500, NULL },
	{ "confirm", WF_ENUM, 0, 0, 0, "yes" },
};
static const struct web_field f_mode[] = {
	WEB_F_CSRF,
	{ "mode", WF_ENUM, 1, 0, 0, "normal|lockdown|evacuation" },
	{ "reason", WF_LINE, 1, 0, 500, NULL },
	{ "confirm", WF_ENUM, 0, 0, 0, "yes" },
};
static const struct web_field f_ack[] = {
	WEB_F_CSRF,
	{ "id", WF_INT, 1, 1, 1L << 62, NULL },
	{ "comment", WF_LINE, 1, 0, 500, NULL },
};

static const struct web_page live_pages[] = {
	{ "GET", "/live", WEB_ACT_READ, live, NULL, 0 },
	{ "POST", "/live/unlock", WEB_ACT_DOOR_UNLOCK, unlock, WEB_FIELDS(f_unlock) },
	{ "POST", "/live/mode", WEB_ACT_MODE_CHANGE, mode, WEB_FIELDS(f_mode) },
	{ "POST", "/live/ack", WEB_ACT_ALARM_ACK, ack, WEB_FIELDS(f_ack) },
};
WEB_PAGES(live_pages)

static const char live_css[] =
    ".board{display:grid;gap:.5em;grid-template-columns:repeat(auto-fill,minmax(11em,1fr))}\n"
    ".board .tile{border:1px solid var(--line);border-radius:.4em;padding:.45em .6em;"
    "background:#fafbfc}\n"
    ".tile strong{display:block}\n"
    ".tile.locked,.tile.online{border-inline-start:.35em solid var(--ok)}\n"
    ".tile.released,.tile.open,.tile.unlocked-mode,.tile.starting{border-inline-start:.35em "
    "solid var(--warn)}\n"
    ".tile.forced,.tile.held-open,.tile.offline{border-inline-start:.35em solid var(--bad);"
    "background:#fdecea}\n"
    "#alarms tr.alarm td{background:#fdecea}\n"
    "#alarms form{display:flex;gap:.4em}\n"
    "#mode.lockdown,#mode.evacuation{background:#fdecea;color:var(--bad);font-weight:600}\n"
    "#feed tr.refused td{color:var(--bad)}\n"
    "#feed tr.new td{animation:flash 1.5s ease-out}\n"
    "@keyframes flash{from{background:#fff4d6}to{background:transparent}}\n"
    "label.confirm{display:block;color:var(--ink)}\n";
WEB_CSS(live, live_css)

static const char live_js[] =
    "'use strict';\n"
    "(function () {\n"
    "  const root = document.getElementById('live');\n"
    "  if (!root) return;\n"
    "  const T = JSON.parse(root.dataset.texts);\n"
    "  const t = s => (T[s] !== undefined ? T[s] : s);\n"
    "  const csrf = root.dataset.csrf, canAck = root.dataset.ack === '1';\n"
    "  const fmt = new Intl.DateTimeFormat(root.dataset.lang === 'ar' ? 'ar-MA' :\n"
    "    root.dataset.lang, { dateStyle: 'medium', timeStyle: 'medium' });\n"
    "  const when = s => { const d = new Date(s); return isNaN(d) ? s : fmt.format(d); };\n"
    "  function el(tag, text, cls) {\n"
    "    const e = document.createElement(tag);\n"
    "    if (text !== undefined && text !== null) e.textContent = String(text);\n"
    "    if (cls) e.className = cls;\n"
    "    return e;\n"
    "  }\n"
    "  function ackForm(a) {\n"
    "    const f = el('form'), i = el('input'), b = el('button', t('Acknowledge'));\n"
    "    f.method = 'post'; f.action = '/live/ack';\n"
    "    for (const [k, v] of [['csrf', csrf], ['id', a.id]]) {\n"
    "      const h = el('input'); h.type = 'hidden'; h.name = k; h.value = v;\n"
    "      f.appendChild(h);\n"
    "    }\n"
    "    i.name = 'comment'; i.required = true; i.maxLength = 500;\n"
    "    i.placeholder = t('Comment');\n"
    "    f.appendChild(i); f.appendChild(b);\n"
    "    return f;\n"
    "  }\n"
    "  function status() {\n"
    "    fetch('/api/v1/status', { credentials: 'same-origin' })\n"
    "      .then(r => r.json()).then(s => {\n"
    "        const m = document.getElementById('mode');\n"
    "        if (s.error) { m.textContent = s.error; m.className = 'card error'; return; }\n"
    "        m.textContent = t('Mode:') + ' ' + t(s.mode) +\n"
    "          (s.journal_ok ? '' : ' — ' + t('The journal cannot record: only public doors open.'));\n"
    "        m.className = 'card ' + s.mode;\n"
    "        const al = document.getElementById('alarms');\n"
    "        al.replaceChildren();\n"
    "        if (!s.alarms.length) al.appendChild(el('p', t('No active alarm.'), 'muted'));\n"
    "        else {\n"
    "          const tb = el('table'), h = el('tr');\n"
    "          [t('Alarm'), t('Source'), t('Since'), ''].forEach(x => h.appendChild(el('th', x)));\n"
    "          tb.appendChild(h);\n"
    "          s.alarms.forEach(a => {\n"
    "            const tr = el('tr', null, 'alarm'); tr.dataset.code = a.code;\n"
    "            tr.appendChild(el('td', t(a.code)));\n"
    "            tr.appendChild(el('td', a.source));\n"
    "            tr.appendChild(el('td', when(a.start)));\n"
    "            const td = el('td'); if (canAck) td.appendChild(ackForm(a));\n"
    "            tr.appendChild(td); tb.appendChild(tr);\n"
    "          });\n"
    "          al.appendChild(tb);\n"
    "        }\n"
    "        const board = (id, list, name) => {\n"
    "          const d = document.getElementById(id); d.replaceChildren();\n"
    "          list.forEach(x => { const tile = el('div', null, 'tile ' + x.state);\n"
    "            tile.dataset.name = x[name]; tile.dataset.state = x.state;\n"
    "            tile.appendChild(el('strong', x[name]));\n"
    "            tile.appendChild(el('span', t(x.state)));\n"
    "            if (x.display) tile.appendChild(el('div', x.display, 'muted'));\n"
    "            d.appendChild(tile); });\n"
    "        };\n"
    "        board('doors', s.doors, 'name');\n"
    "        board('readers', s.readers, 'id');\n"
    "      }).catch(e => { document.getElementById('mode').textContent = String(e); });\n"
    "  }\n"
    "  const names = {};\n"
    "  fetch('/api/v1/people', { credentials: 'same-origin' }).then(r => r.json())\n"
    "    .then(l => { if (Array.isArray(l)) l.forEach(p => { names[p.ref] = p.name; }); })\n"
    "    .catch(() => {});\n"
    "  const who = ref => (names[ref] ? names[ref] + ' (' + ref + ')' : ref);\n"
    "  const feed = document.querySelector('#feed tbody');\n"
    "  const state = document.getElementById('feed-state');\n"
    "  state.textContent = t('Waiting for events…');\n"
    "  function row(ev) {\n"
    "    if (ev.kind === 'checkpoint') return;\n"
    "    const tr = el('tr', null, 'new ' + (ev.decision || ''));\n"
    "    tr.dataset.kind = ev.kind; tr.dataset.seq = ev.seq;\n"
    "    if (ev.person) tr.dataset.person = ev.person;\n"
    "    if (ev.decision) tr.dataset.decision = ev.decision;\n"
    "    tr.appendChild(el('td', when(ev.time)));\n"
    "    tr.appendChild(el('td', t(ev.kind)));\n"
    "    tr.appendChild(el('td', ev.door || ev.reader || ev.zone || ''));\n"
    "    tr.appendChild(el('td', ev.person ? who(ev.person) + (ev.escort ? ' + ' +\n"
    "      who(ev.escort) : '') : (ev.operator || '')));\n"
    "    tr.appendChild(el('td', ev.decision ? t(ev.decision) + (ev.reason &&\n"
    "      ev.reason !== 'granted' ? ' (' + t(ev.reason) + ')' : '') : t(ev.reason || '')));\n"
    "    feed.insertBefore(tr, feed.firstChild);\n"
    "    while (feed.children.length > 200) feed.removeChild(feed.lastChild);\n"
    "    state.textContent = '';\n"
    "    if (/^alarm|^mode|^door|^reader/.test(ev.kind)) status();\n"
    "  }\n"
    "  if (window.EventSource) {\n"
    "    const es = new EventSource('/api/v1/events');\n"
    "    es.onmessage = m => { try { row(JSON.parse(m.data)); } catch (e) {} };\n"
    "    es.onerror = () => { state.textContent = t('The live feed is interrupted; reconnecting…'); };\n"
    "  }\n"
    "  status();\n"
    "  setInterval(status, 5000);\n"
    "})();\n";
WEB_STATIC_FILE(live_js, "live.js", "text/javascript; charset=utf-8", live_js)
