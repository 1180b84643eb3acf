/* gatehouse-web's routes: login (password, TOTP, lockout), logout, the dashboard,
 * the page router, the JSON API.  Every check happens here, on the server, for every request (R-AUTH,
 * R-LEAST-PRIVILEGE); every user datum goes out through webui/escape.h. */
#include <microhttpd.h>
#include <pthread.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/json.h"
#include "controller/timeutil.h"
#include "webui/ctl.h"
#include "webui/i18n.h"
#include "webui/escape.h"
#include "webui/form.h"
#include "webui/password.h"
#include "webui/roles.h"
#include "webui/static.h"
#include "webui/totp.h"
#include "webui/validate.h"
#include "webui/web.h"

#define HTML "text/html; charset=utf-8"
#define JSON "application/json"
#define TEXT "text/plain; charset=utf-8"

/* Per-address login failures (password spraying across accounts). */
#define IP_SLOTS 1024
#define IP_WINDOW_US (10LL * 60 * 1000000)
static struct { char ip[64]; int n; int64_t since; } ipfail[IP_SLOTS];
static pthread_mutex_t ip_lock = PTHREAD_MUTEX_INITIALIZER;

static int
ip_blocked(const char *ip, int64_t now, int add)
{
	int blocked = 0;
	pthread_mutex_lock(&ip_lock);
	unsigned h = 5381;
	for (const char *p = ip; *p; p++)
		h = h * 33 + (unsigned char)*p;
	int i = (int)(h % IP_SLOTS);
	if (strcmp(ipfail[i].ip, ip) != 0 || now - ipfail[i].since > IP_WINDOW_US) {
		gh_strlcpy(ipfail[i].ip, ip, sizeof ipfail[i].ip);
		ipfail[i].n = 0;
		ipfail[i].since = now;
	}
	ipfail[i].n += add;
	blocked = ipfail[i].n >= W.ip_failures_max;
	pthread_mutex_unlock(&ip_lock);
	return blocked;
}

#define record web_record

static const struct web_msg msgs[] = {
	{ "Log in", "Connexion", "تسجيل الدخول" },
	{ "Name", "Nom", "الاسم" },
	{ "Password", "Mot de passe", "كلمة المرور" },
	{ "One-time code (officers, administrators)",
	  "Code à usage unique (officier, administrateur)",
	  "الرمز لمرة واحدة (مسؤولو الأمن، المديرون)" },
	{ "First login", "Première connexion", "أول تسجيل دخول" },
	{ "Add this account to your authenticator app (QR code or key below), then log in "
	  "with the code it shows.",
	  "Ajoutez ce compte à votre application d'authentification (code QR ou clé "
	  "ci-dessous), puis connectez-vous avec le code qu'elle affiche.",
	  "أضف هذا الحساب إلى تطبيق المصادقة (رمز QR أو المفتاح أدناه)، ثم سجّل الدخول "
	  "بالرمز الذي يعرضه." },
	{ "Key:", "Clé :", "المفتاح:" },
	{ "Wrong name, password or code, or a locked account.",
	  "Nom, mot de passe ou code incorrect, ou compte verrouillé.",
	  "الاسم أو كلمة المرور أو الرمز غير صحيح، أو الحساب مقفل." },
	{ "The login page has expired: try again.",
	  "La page de connexion a expiré : recommencez.",
	  "انتهت صلاحية صفحة الدخول: أعد المحاولة." },
	{ "Too many failures from this address: try again later.",
	  "Trop d'échecs depuis cette adresse : réessayez plus tard.",
	  "محاولات فاشلة كثيرة من هذا العنوان: أعد المحاولة لاحقًا." },
};
WEB_CATALOGUE(msgs)

/* ---- pages ---- */

/* The login form's CSRF protection holds no state on the server (a flood of login
 * pages must not fill the session table): a random nonce in a cookie, and in the form
 * HMAC(server key, nonce || expiry) with the expiry, checked together at POST. */
#define LOGIN_COOKIE "__Host-gatehouse-login"
#define LOGIN_TTL_US (10LL * 60 * 1000000)
static unsigned char login_key[crypto_auth_hmacsha256_KEYBYTES];
static pthread_once_t login_once = PTHREAD_ONCE_INIT;

static void
login_key_init(void)
{
	randombytes_buf(login_key, sizeof login_key);
}

static void
login_token(const char *nonce, int64_t expiry, char out[16 + 1 + 64 + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES], msg[64];
	int n = snprintf((char *)msg, sizeof msg, "%s:%016llx", nonce, (unsigned long long)expiry);
	pthread_once(&login_once, login_key_init);
	crypto_auth_hmacsha256(mac, msg, (unsigned long long)n, login_key);
	snprintf(out, 18, "%016llx:", (unsigned long long)expiry);
	sodium_bin2hex(out + 17, 65, mac, sizeof mac);
}

static int
login_token_ok(struct web_req *q, const char *token)
{
	const char *nonce = MHD_lookup_connection_value(q->conn, MHD_COOKIE_KIND, LOGIN_COOKIE);
	char want[16 + 1 + 64 + 1];
	if (nonce == NULL || strlen(nonce) != 32 || token == NULL || strlen(token) != 81)
		return 0;
	unsigned long long expiry = strtoull(token, NULL, 16);
	if ((int64_t)expiry < q->now)
		return 0;
	login_token(nonce, (int64_t)expiry, want);
	return sodium_memcmp(want, token, 81) == 0;
}

static void
login_form(struct web_req *q, struct web_resp *r, const char *error)
{
	unsigned char raw[16];
	char nonce[33], token[16 + 1 + 64 + 1];
	/* The browser's nonce is kept when it has one, so that two login pages (tabs,
	 * or a page and its favicon's redirect) do not invalidate each other. */
	const char *have = MHD_lookup_connection_value(q->conn, MHD_COOKIE_KIND, LOGIN_COOKIE);
	if (have != NULL && strlen(have) == 32 && strspn(have, "0123456789abcdef") == 32) {
		memcpy(nonce, have, 33);
	} else {
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(nonce, sizeof nonce, raw, sizeof raw);
	}
	login_token(nonce, q->now + LOGIN_TTL_US, token);
	snprintf(r->cookie, sizeof r->cookie,
	    LOGIN_COOKIE "=%s; Path=/; Secure; HttpOnly; SameSite=Strict", nonce);
	web_page_open(q, r, T("Log in"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<section class=\"card narrow\"><h1>");
	web_html(b, T("Log in"));
	gh_buf_puts(b, "</h1>");
	if (error) {
		gh_buf_puts(b, "<p class=\"error\" role=\"alert\">");
		web_html(b, T(error));
		gh_buf_puts(b, "</p>");
	}
	gh_buf_puts(b, "<form method=\"post\" action=\"/login\" class=\"login\">"
	    "<input type=\"hidden\" name=\"csrf\" value=\"");
	web_attr(b, token);
	gh_buf_printf(b, "\"><input type=\"hidden\" name=\"lang\" value=\"%s\"><label>",
	    web_lang_code(q->lang));
	web_html(b, T("Name"));
	gh_buf_puts(b, " <input name=\"name\" autocomplete=\"username\" required "
	    "maxlength=\"64\"></label><label>");
	web_html(b, T("Password"));
	gh_buf_puts(b, " <input type=\"password\" name=\"password\" "
	    "autocomplete=\"current-password\" required maxlength=\"1024\"></label><label>");
	web_html(b, T("One-time code (officers, administrators)"));
	gh_buf_puts(b, " <input name=\"code\" inputmode=\"numeric\" "
	    "autocomplete=\"one-time-code\" maxlength=\"6\"></label><button>");
	web_html(b, T("Log in"));
	gh_buf_puts(b, "</button></form></section>");
	web_page_close(q, r);
}

/* The otpauth URI as an inline SVG QR code (no script, no external image). */
static void
qr_svg(struct gh_buf *b, const char *text)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (q == NULL)
		return;
	int w = q->width, m = 4;
	gh_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "width=\"240\" height=\"240\" role=\"img\" aria-label=\"QR code\">"
	    "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	    w + 2 * m, w + 2 * m);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (q->data[y * w + x] & 1)
				gh_buf_printf(b, "M%d %dh1v1h-1z", x + m, y + m);
	gh_buf_puts(b, "\"/></svg>");
	QRcode_free(q);
}

/* First login of an account whose one-time codes were never used: the password was
 * right, so the authenticator app is set up here (the QR code of the secret), then the
 * login is made again with a code. */
static void
first_login(struct web_req *q, struct web_resp *r, const struct gh_operator *o)
{
	struct gh_buf uri;
	gh_buf_init(&uri);
	web_totp_uri(&uri, o->name, o->totp_secret);
	web_page_open(q, r, T("First login"));
	struct gh_buf *b = &r->body;
	gh_buf_puts(b, "<section class=\"card narrow\"><h1>");
	web_html(b, T("First login"));
	gh_buf_puts(b, "</h1><p>");
	web_html(b, T("Add this account to your authenticator app (QR code or key below), "
	    "then log in with the code it shows."));
	gh_buf_puts(b, "</p>");
	qr_svg(b, uri.s);
	gh_buf_puts(b, "<p>");
	web_html(b, T("Key:"));
	gh_buf_puts(b, " <code>");
	web_html(b, o->totp_secret);
	gh_buf_puts(b, "</code></p><p><a href=\"/login\">");
	web_html(b, T("Log in"));
	gh_buf_puts(b, "</a></p></section>");
	web_page_close(q, r);
	gh_buf_free(&uri);
}

static int
needs_totp(const char *roles)
{
	unsigned rs;
	if (web_roles_parse(roles, &rs, NULL) != 0)
		return 1;
	return (rs & (WEB_ROLE_OFFICER | WEB_ROLE_ADMIN)) != 0;
}

static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_init(void)
{
	char pw[33];
	web_totp_new_secret(pw);	/* a random password nobody knows */
	if (web_password_hash(pw, dummy) != 0)
		dummy[0] = '\0';
}

/* POST /login.  The same answer for an unknown name, a wrong password, a wrong code
 * and a locked account, so that none of them can be told apart from outside. */
static void
login(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	static const char *const refused = "Wrong name, password or code, or a locked "
	    "account.";
	const char *name = web_form_get(f, "name"), *pw = web_form_get(f, "password");
	const char *code = web_form_get(f, "code");
	if (!login_token_ok(q, web_form_get(f, "csrf"))) {
		login_form(q, r, "The login page has expired: try again.");
		r->status = 403;
		return;
	}
	if (q->have_session)
		web_session_end(q->s.id);	/* a session from before is not reused */
	if (ip_blocked(q->ip, q->now, 0)) {
		record("login-refused", "web", q, "why", "too many failures from this address");
		login_form(q, r, "Too many failures from this address: try again later.");
		r->status = 429;
		return;
	}
	struct gh_operator o;
	int known = name && pw && gh_operator_get(q->db, name, &o) == GH_OK && !o.disabled;
	/* An unknown name costs the same argon2id work as a known one. */
	pthread_once(&dummy_once, dummy_init);
	int pw_ok = web_password_verify(known ? o.password_hash : dummy, pw ? pw : "") == 0;
	int locked = known && o.locked_until > q->now;
	int64_t step = 0;
	int code_ok = 1;
	/* Officers and admins always give a code; others when their account has TOTP. */
	if (known && pw_ok && !locked && (needs_totp(o.roles) || o.totp_secret[0])) {
		code_ok = o.totp_secret[0] && code && web_totp_verify(o.totp_secret, code,
		    q->now / 1000000, o.totp_step, &step) == 0;
	}
	if (known && pw_ok && !locked && !code_ok && o.totp_secret[0] && o.totp_step == 0 &&
	    (code == NULL || code[0] == '\0')) {
		/* Never used a code: show the secret to set the app up (not a failure). */
		record("totp-setup", o.name, q, NULL, NULL);
		first_login(q, r, &o);
		sodium_memzero(&o, sizeof o);
		return;
	}
	if (!known || !pw_ok || locked || !code_ok) {
		ip_blocked(q->ip, q->now, 1);
		if (known && !locked) {
			int failures = o.failures + 1, lockouts = o.lockouts;
			int64_t until = 0;
			if (failures >= W.login_failures_max) {
				/* 15 minutes, doubling with each lockout in a row. */
				until = q->now + (W.lockout_us << (lockouts < 10 ? lockouts : 10));
				lockouts++;
				failures = 0;
			}
			gh_operator_login_state(q->db, o.id, failures, until, lockouts, 0);
			if (until) {
				web_session_end_operator(o.name);
				record("lockout", o.name, q, "until", "");
			}
		}
		record("login-failed", known ? o.name : "web", q, "why", !known ?
		    "unknown or disabled account" : locked ? "locked" : !pw_ok ? "password" :
		    "one-time code");
		login_form(q, r, refused);
		r->status = 401;
		sodium_memzero(&o, sizeof o);
		return;
	}
	gh_operator_login_state(q->db, o.id, 0, 0, 0, step);
	struct web_session s;
	if (web_session_new(o.name, o.roles, q->now, &s) != 0) {
		web_resp_text(r, 503, TEXT, "Too many sessions\n");
		return;
	}
	if (o.lang[0])
		web_session_set_lang(s.id, o.lang);
	record("login", o.name, q, NULL, NULL);
	sodium_memzero(&o, sizeof o);
	web_set_session_cookie(r, s.id);
	web_redirect(r, "/");
}

/* ---- the API ---- */

/* {"error": TEXT} with an HTTP status. */
static void
json_error(struct web_resp *r, int status, const char *text)
{
	struct gh_buf b;
	struct gh_json j;
	gh_buf_init(&b);
	gh_json_init(&j, &b);
	gh_json_obj(&j);
	gh_json_kstr(&j, "error", text);
	gh_json_obj_end(&j);
	gh_buf_puts(&b, "\n");
	web_resp_text(r, status, JSON, b.s);
	gh_buf_free(&b);
}

static int
allowed(struct web_req *q, struct web_resp *r, enum web_action a)
{
	if (!q->have_session || !q->s.operator_[0]) {
		web_resp_text(r, 401, JSON, "{\"error\":\"not logged in\"}\n");
		return 0;
	}
	if (!web_can(q, a)) {
		web_resp_text(r, 403, JSON, "{\"error\":\"your roles do not allow this\"}\n");
		return 0;
	}
	return 1;
}

static int
csrf(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	if (q->bearer)
		return 1;	/* an API token is no ambient credential: no CSRF to fear */
	const char *t = web_header(q, "X-CSRF-Token");
	if (t == NULL && f != NULL)
		t = web_form_get(f, "csrf");
	if (!web_csrf_ok(&q->s, t)) {
		web_resp_text(r, 403, JSON, "{\"error\":\"missing or wrong CSRF token\"}\n");
		return 0;
	}
	return 1;
}

static void
table_json(struct web_resp *r, const struct gh_table *t)
{
	struct gh_json j;
	r->status = 200;
	r->type = JSON;
	gh_buf_reset(&r->body);
	gh_json_init(&j, &r->body);
	gh_json_arr(&j);
	for (int i = 0; i < t->nrows; i++) {
		gh_json_obj(&j);
		for (int k = 0; k < t->ncols; k++) {
			const char *v = gh_table_cell(t, i, k);
			gh_json_key(&j, t->col[k]);
			if (v == NULL)
				gh_json_null(&j);
			else
				gh_json_str(&j, v);
		}
		gh_json_obj_end(&j);
	}
	gh_json_arr_end(&j);
	gh_buf_puts(&r->body, "\n");
}

static void
api_status(struct web_req *q, struct web_resp *r)
{
	char ans[64 * 1024];
	if (!allowed(q, r, WEB_ACT_READ))
		return;
	if (web_ctl(W.control, "status", ans, sizeof ans, 3000) != 0 || ans[0] != '{') {
		json_error(r, 502, ans);
		return;
	}
	web_resp_text(r, 200, JSON, ans);
}

static void
api_people(struct web_req *q, struct web_resp *r)
{
	if (!allowed(q, r, WEB_ACT_READ))
		return;
	struct gh_table t;
	gh_table_init(&t);
	if (gh_person_list(q->db, &t) != GH_OK)
		web_resp_text(r, 500, JSON, "{\"error\":\"database\"}\n");
	else
		table_json(r, &t);
	gh_table_free(&t);
}

/* POST /api/v1/people: ref, name, kind, org (a guard registers people and visitors);
 * the audit trail names the operator (web:NAME). */
static void
api_person_add(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	if (!allowed(q, r, WEB_ACT_PERSON_WRITE) || !csrf(q, r, f))
		return;
	struct gh_person_spec p = { .ref = web_form_get(f, "ref"),
		.name = web_form_get(f, "name"), .kind = web_form_get(f, "kind"),
		.org = web_form_get(f, "org"), .vetted = -1, .can_escort = -1,
		.lockdown_ok = -1 };
	if (p.ref == NULL || p.kind == NULL) {
		web_resp_text(r, 400, JSON, "{\"error\":\"ref and kind are needed\"}\n");
		return;
	}
	/* Guards register; granting access stays with officers. */
	char actor[300];
	snprintf(actor, sizeof actor, "web:%s", q->s.operator_);
	gh_db_set_actor(q->db, actor);
	int rc = gh_person_add(q->db, &p);
	struct gh_buf b;
	struct gh_json j;
	gh_buf_init(&b);
	gh_json_init(&j, &b);
	gh_json_obj(&j);
	if (rc == GH_OK)
		gh_json_kbool(&j, "ok", 1);
	else
		gh_json_kstr(&j, "error", gh_db_errmsg(q->db));
	gh_json_obj_end(&j);
	gh_buf_puts(&b, "\n");
	web_resp_text(r, rc == GH_OK ? 201 : rc == GH_EINPUT ? 400 : 500, JSON, b.s);
	gh_buf_free(&b);
}

/* The controller's answer as 200 {"ok": ANSWER} or 409 {"error": TEXT}. */
static void
answer(struct web_resp *r, int ok, const char *ans)
{
	struct gh_buf b;
	struct gh_json j;
	gh_buf_init(&b);
	gh_json_init(&j, &b);
	gh_json_obj(&j);
	gh_json_kstr(&j, ok ? "ok" : "error", ok ? ans : (strncmp(ans, "error ", 6) == 0 ?
	    ans + 6 : ans));
	gh_json_obj_end(&j);
	gh_buf_puts(&b, "\n");
	web_resp_text(r, ok ? 200 : 409, JSON, b.s);
	gh_buf_free(&b);
}

/* Pass a request to the controller and give its answer. */
static void
to_controller(struct web_resp *r, const char *line, int timeout_ms)
{
	char ans[4096];
	int ok = web_ctl(W.control, line, ans, sizeof ans, timeout_ms) == 0 &&
	    strncmp(ans, "error", 5) != 0;
	answer(r, ok, ans);
}

/* POST /api/v1/doors/unlock: door, reason (officers: a momentary release). */
static void
api_unlock(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	if (!allowed(q, r, WEB_ACT_DOOR_UNLOCK) || !csrf(q, r, f))
		return;
	char ans[4096];
	int rc = web_operator_request(q, "unlock", web_form_get(f, "door"),
	    web_form_get(f, "reason"), ans, sizeof ans);
	if (rc < 0)
		web_resp_text(r, 400, JSON, "{\"error\":\"bad door name\"}\n");
	else
		answer(r, rc == 0, ans);
}

/* POST /api/v1/mode: mode, reason (officers: lockdown, evacuation, normal). */
static void
api_mode(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	if (!allowed(q, r, WEB_ACT_MODE_CHANGE) || !csrf(q, r, f))
		return;
	char ans[4096];
	int rc = web_operator_request(q, "mode", web_form_get(f, "mode"),
	    web_form_get(f, "reason"), ans, sizeof ans);
	if (rc < 0)
		web_resp_text(r, 400, JSON, "{\"error\":\"bad operator name\"}\n");
	else
		answer(r, rc == 0, ans);
}

/* POST /api/v1/enroll-wait: reader, timeout (guards: the next badge at an enrollment
 * reader, to enroll it). */
static void
api_enroll_wait(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	if (!allowed(q, r, WEB_ACT_BADGE_ENROLL) || !csrf(q, r, f))
		return;
	char rd[300], line[600];
	const char *t = web_form_get(f, "timeout");
	if (web_ctl_word(rd, sizeof rd, web_form_get(f, "reader")) != 0) {
		web_resp_text(r, 400, JSON, "{\"error\":\"bad reader name\"}\n");
		return;
	}
	long secs = t ? strtol(t, NULL, 10) : 30;
	snprintf(line, sizeof line, "enroll-wait %s %ld", rd, secs);
	to_controller(r, line, (int)(secs + 5) * 1000);
}

/* POST /api/v1/alarms/ack: id, comment (a guard acknowledges with their name). */
static void
api_ack(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	if (!allowed(q, r, WEB_ACT_ALARM_ACK) || !csrf(q, r, f))
		return;
	const char *id = web_form_get(f, "id"), *comment = web_form_get(f, "comment");
	long n;
	const char *why;
	if (id == NULL || gh_parse_long(id, 1, 1L << 62, &n) != 0 || comment == NULL ||
	    !comment[0] || gh_text_valid(comment, &why) != 0 || strchr(comment, '\n')) {
		web_resp_text(r, 400, JSON, "{\"error\":\"an alarm id and a one-line comment "
		    "are needed\"}\n");
		return;
	}
	char ans[512], num[24];
	snprintf(num, sizeof num, "%ld", n);
	int rc = web_operator_request(q, "ack", num, comment, ans, sizeof ans);
	if (rc < 0) {
		web_resp_text(r, 400, JSON, "{\"error\":\"bad operator name\"}\n");
		return;
	}
	if (rc > 0) {
		json_error(r, 409, ans);
		return;
	}
	web_resp_text(r, 200, JSON, "{\"ok\":true}\n");
}

/* The fields of every form and API call, declared once, checked before a handler runs. */
static const struct web_field f_login[] = {
	{ "csrf", WF_TOKEN, 1, 0, 100, NULL },
	{ "name", WF_LINE, 1, 0, 256, NULL },
	{ "password", WF_SECRET, 1, 0, 1024, NULL },
	{ "code", WF_LINE, 0, 0, 16, NULL },
	{ "lang", WF_ENUM, 0, 0, 0, "fr|ar|en" },
};
static const struct web_field f_logout[] = { { "csrf", WF_TOKEN, 0, 0, 100, NULL } };
static const struct web_field f_person[] = {
	{ "csrf", WF_TOKEN, 0, 0, 100, NULL },
	{ "ref", WF_REF, 1, 0, 0, NULL },
	{ "kind", WF_ENUM, 1, 0, 0, "staff|contractor|visitor" },
	{ "name", WF_NAME, 0, 0, 0, NULL },
	{ "org", WF_LINE, 0, 0, 256, NULL },
};
static const struct web_field f_ack[] = {
	{ "csrf", WF_TOKEN, 0, 0, 100, NULL },
	{ "id", WF_INT, 1, 1, 1L << 62, NULL },
	{ "comment", WF_LINE, 1, 0, 500, NULL },
};
static const struct web_field f_unlock[] = {
	{ "csrf", WF_TOKEN, 0, 0, 100, NULL },
	{ "door", WF_NAME, 1, 0, 0, NULL },
	{ "reason", WF_LINE, 1, 0, 500, NULL },
};
static const struct web_field f_mode[] = {
	{ "csrf", WF_TOKEN, 0, 0, 100, NULL },
	{ "mode", WF_ENUM, 1, 0, 0, "normal|lockdown|evacuation" },
	{ "reason", WF_LINE, 1, 0, 500, NULL },
};
static const struct web_field f_enroll[] = {
	{ "csrf", WF_TOKEN, 0, 0, 100, NULL },
	{ "reader", WF_NAME, 1, 0, 0, NULL },
	{ "timeout", WF_INT, 0, 1, 120, NULL },
};
static const struct {
	const char *path;
	const struct web_field *fields;
	size_t n;
} forms[] = {
	{ "/api/v1/doors/unlock", f_unlock, sizeof f_unlock / sizeof f_unlock[0] },
	{ "/api/v1/mode", f_mode, sizeof f_mode / sizeof f_mode[0] },
	{ "/api/v1/enroll-wait", f_enroll, sizeof f_enroll / sizeof f_enroll[0] },
	{ "/login", f_login, sizeof f_login / sizeof f_login[0] },
	{ "/logout", f_logout, sizeof f_logout / sizeof f_logout[0] },
	{ "/api/v1/people", f_person, sizeof f_person / sizeof f_person[0] },
	{ "/api/v1/alarms/ack", f_ack, sizeof f_ack / sizeof f_ack[0] },
};

/* Registered pages (webui/page_*.c). */
static struct web_pages *pages;

void
web_pages_add(struct web_pages *p)
{
	p->next = pages;
	pages = p;
}

/* POST /lang: lang, back.  The operator's choice is kept with the account. */
static const struct web_field f_lang[] = {
	WEB_F_CSRF,
	{ "lang", WF_ENUM, 1, 0, 0, "fr|ar|en" },
	{ "back", WF_LINE, 0, 0, 512, NULL },
};

static void
set_lang(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	const char *lang = web_form_get(f, "lang"), *back = web_form_get(f, "back");
	if (gh_operator_set_lang(q->db, q->s.operator_, lang) != GH_OK) {
		web_page_error(q, r, 500, "The form is incomplete or invalid.");
		return;
	}
	web_session_set_lang(q->s.id, lang);
	/* Only a path of this site: never an open redirect. */
	if (back == NULL || back[0] != '/' || back[1] == '/' || back[1] == '\\' ||
	    strpbrk(back, "\r\n") != NULL)
		back = "/";
	web_redirect(r, back);
}

static void
home(struct web_req *q, struct web_resp *r, const struct web_form *f)
{
	(void)f;
	web_redirect(r, web_can(q, WEB_ACT_PERSON_WRITE) ? "/desk" : "/live");
}

static const struct web_page core_pages[] = {
	{ "GET", "/", WEB_ACT_READ, home, NULL, 0 },
	{ "POST", "/lang", WEB_ACT_READ, set_lang, WEB_FIELDS(f_lang) },
};
WEB_PAGES(core_pages)

/* A browser page: the operator's roles, the declared fields, the CSRF token of a POST,
 * then the handler. */
static void
page(struct web_req *q, struct web_resp *r, const struct web_form *f, int get, int post)
{
	const struct web_page *pg = NULL;
	int path_known = 0;
	for (struct web_pages *ps = pages; ps && !pg; ps = ps->next)
		for (size_t i = 0; i < ps->n; i++)
			if (strcmp(ps->p[i].path, q->path) == 0) {
				path_known = 1;
				if (strcmp(ps->p[i].method, q->method) == 0) {
					pg = &ps->p[i];
					break;
				}
			}
	if (pg == NULL) {
		if (path_known)
			web_resp_text(r, 405, TEXT, "Method not allowed\n");
		else
			web_page_error(q, r, 404, "Page not found.");
		return;
	}
	if (!web_can(q, pg->action)) {
		web_page_error(q, r, 403, "Your roles do not allow this page.");
		return;
	}
	char err[200];
	const struct web_form *in = post ? f : q->query;
	if (post && !web_csrf_ok(&q->s, web_form_get(f, "csrf"))) {
		web_page_error(q, r, 403, "The form has expired or was not sent by this site: "
		    "reload the page and try again.");
		return;
	}
	/* A page's query may also carry the flash message of a redirect. */
	struct web_field fields[WEB_FORM_FIELDS];
	size_t n = 0;
	for (size_t i = 0; i < pg->nfields && n < WEB_FORM_FIELDS - 2; i++)
		fields[n++] = pg->fields[i];
	if (get) {
		fields[n++] = (struct web_field){ "done", WF_LINE, 0, 0, 300, NULL };
		fields[n++] = (struct web_field){ "error", WF_LINE, 0, 0, 300, NULL };
	}
	if (web_validate(fields, n, in, err, sizeof err) != 0) {
		web_page_error_detail(q, r, 400, "The form is incomplete or invalid.", err);
		return;
	}
	pg->fn(q, r, in);
}

void
web_route(struct web_req *q, struct web_resp *r)
{
	int get = strcmp(q->method, "GET") == 0, post = strcmp(q->method, "POST") == 0;
	const char *p = q->path;
	struct web_form f;
	char err[200];
	if (strncmp(p, "/static/", 8) == 0 && get) {
		const char *type, *body = web_static(p + 8, &type);
		if (body == NULL)
			web_resp_text(r, 404, TEXT, "Not found\n");
		else
			web_resp_text(r, 200, type, body);
		return;
	}
	if (post && web_form_parse(q->body, q->bodylen, &f, err, sizeof err) != 0) {
		web_resp_text(r, 400, TEXT, "Malformed form\n");
		return;
	}
	if (!post)
		memset(&f, 0, sizeof f);
	if (post) {
		size_t k;
		for (k = 0; k < sizeof forms / sizeof forms[0]; k++)
			if (strcmp(forms[k].path, p) == 0)
				break;
		if (k < sizeof forms / sizeof forms[0] &&
		    web_validate(forms[k].fields, forms[k].n, &f, err, sizeof err) != 0) {
			if (strcmp(p, "/login") == 0) {
				login_form(q, r, "The form is incomplete or invalid.");
				r->status = 400;
				return;
			}
			json_error(r, 400, err);
			return;
		}
	}
	if (post && strcmp(p, "/login") == 0 && web_lang_parse(web_form_get(&f, "lang")) >= 0)
		q->lang = web_lang_parse(web_form_get(&f, "lang"));
	if (strcmp(p, "/login") == 0) {
		if (get)
			login_form(q, r, NULL);
		else if (post)
			login(q, r, &f);
		else
			web_resp_text(r, 405, TEXT, "Method not allowed\n");
		return;
	}
	if (strcmp(p, "/logout") == 0 && post) {
		if (q->have_session && web_csrf_ok(&q->s, web_form_get(&f, "csrf"))) {
			if (q->s.operator_[0])
				record("logout", q->s.operator_, q, NULL, NULL);
			web_session_end(q->s.id);
		}
		web_clear_session_cookie(r);
		web_redirect(r, "/login");
		return;
	}
	if (strcmp(p, "/favicon.ico") == 0) {
		web_resp_text(r, 404, TEXT, "Not found\n");
		return;
	}
	int api = strncmp(p, "/api/v1/", 8) == 0;
	if (!api && (!q->have_session || !q->s.operator_[0])) {
		web_redirect(r, "/login");
		return;
	}
	if (!api) {
		page(q, r, &f, get, post);
		return;
	}
	if (0)
		;
	else if (strcmp(p, "/api/v1/status") == 0 && get)
		api_status(q, r);
	else if (strcmp(p, "/api/v1/people") == 0 && get)
		api_people(q, r);
	else if (strcmp(p, "/api/v1/people") == 0 && post)
		api_person_add(q, r, &f);
	else if (strcmp(p, "/api/v1/doors/unlock") == 0 && post)
		api_unlock(q, r, &f);
	else if (strcmp(p, "/api/v1/mode") == 0 && post)
		api_mode(q, r, &f);
	else if (strcmp(p, "/api/v1/enroll-wait") == 0 && post)
		api_enroll_wait(q, r, &f);
	else if (strcmp(p, "/api/v1/events") == 0 && get) {
		/* Live events (Server-Sent Events) for those who may read the journal. */
		if (!allowed(q, r, WEB_ACT_EVENTS_READ))
			return;
		int status;
		r->stream = web_events_response(q->conn, &status);
		r->status = status;
		r->type = "text/event-stream";
		if (r->stream == NULL)
			web_resp_text(r, status, JSON, "{\"error\":\"too many live streams\"}\n");
	} else if (strcmp(p, "/api/v1/alarms/ack") == 0 && post)
		api_ack(q, r, &f);
	else
		web_resp_text(r, 404, api ? JSON : TEXT, api ? "{\"error\":\"not found\"}\n" :
		    "Not found\n");
}
