/* The web UI's static files; see static.h.  The script builds the page with
 * textContent only (never innerHTML), so data from the controller cannot become
 * markup; the Content-Security-Policy allows scripts from this origin only. */
#include "webui/static.h"

#include <string.h>

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f6f4}\n"
    "header{display:flex;gap:1em;align-items:center;padding:.6em 1em;background:#1d3557;"
    "color:#fff}\n"
    "header .logout{margin-left:auto}\n"
    "main{padding:1em;max-width:70em}\n"
    "table{border-collapse:collapse;width:100%;background:#fff}\n"
    "th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:start}\n"
    ".error{color:#9b1c1c;font-weight:bold}\n"
    ".alarm{background:#fde8e8}\n"
    "form.login{display:grid;gap:.6em;max-width:24em}\n"
    "label{display:grid;gap:.2em}\n"
    "button{padding:.3em .8em}\n";

static const char js[] =
    "'use strict';\n"
    "(function () {\n"
    "  const box = document.getElementById('status');\n"
    "  if (!box) return;\n"
    "  const csrf = box.dataset.csrf;\n"
    "  function el(tag, text, cls) {\n"
    "    const e = document.createElement(tag);\n"
    "    if (text !== undefined) e.textContent = String(text);\n"
    "    if (cls) e.className = cls;\n"
    "    return e;\n"
    "  }\n"
    "  function table(head, rows) {\n"
    "    const t = el('table'), tr = el('tr');\n"
    "    head.forEach(h => tr.appendChild(el('th', h)));\n"
    "    t.appendChild(tr);\n"
    "    rows.forEach(r => { const x = el('tr'); r.forEach(c => x.appendChild(\n"
    "      c instanceof Node ? (() => { const d = el('td'); d.appendChild(c); return d; })()\n"
    "      : el('td', c))); t.appendChild(x); });\n"
    "    return t;\n"
    "  }\n"
    "  function ackForm(a) {\n"
    "    const f = el('form'), i = el('input'), b = el('button', 'Acquitter');\n"
    "    i.name = 'comment'; i.required = true; i.maxLength = 500;\n"
    "    i.placeholder = 'Commentaire';\n"
    "    f.appendChild(i); f.appendChild(b);\n"
    "    f.addEventListener('submit', ev => {\n"
    "      ev.preventDefault();\n"
    "      const body = new URLSearchParams({ id: a.id, comment: i.value });\n"
    "      fetch('/api/v1/alarms/ack', { method: 'POST', body: body,\n"
    "        headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin' })\n"
    "        .then(r => r.json()).then(j => { if (j.error) alert(j.error); load(); });\n"
    "    });\n"
    "    return f;\n"
    "  }\n"
    "  function load() {\n"
    "    fetch('/api/v1/status', { credentials: 'same-origin' })\n"
    "      .then(r => r.json()).then(s => {\n"
    "        box.replaceChildren();\n"
    "        if (s.error) { box.appendChild(el('p', s.error, 'error')); return; }\n"
    "        box.appendChild(el('p', 'Mode : ' + s.mode + (s.journal_ok ? '' :\n"
    "          ' — le journal ne peut pas enregistrer')));\n"
    "        box.appendChild(el('h2', 'Alarmes'));\n"
    "        box.appendChild(table(['Alarme', 'Source', 'Depuis', ''],\n"
    "          s.alarms.map(a => [a.code, a.source, a.start, ackForm(a)])));\n"
    "        box.appendChild(el('h2', 'Portes'));\n"
    "        box.appendChild(table(['Porte', 'État'], s.doors.map(d => [d.name, d.state])));\n"
    "        box.appendChild(el('h2', 'Lecteurs'));\n"
    "        box.appendChild(table(['Lecteur', 'État', 'Affichage'],\n"
    "          s.readers.map(r => [r.id, r.state, r.display || ''])));\n"
    "      }).catch(e => { box.replaceChildren(el('p', String(e), 'error')); });\n"
    "  }\n"
    "  load();\n"
    "  setInterval(load, 5000);\n"
    "})();\n";

const char *
web_static(const char *name, const char **type)
{
	if (strcmp(name, "gatehouse.css") == 0) {
		*type = "text/css; charset=utf-8";
		return css;
	}
	if (strcmp(name, "app.js") == 0) {
		*type = "text/javascript; charset=utf-8";
		return js;
	}
	return NULL;
}
