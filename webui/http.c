/* gatehouse-web's HTTP side: libmicrohttpd over TLS, request bodies bounded here
 * (libmicrohttpd 0.9.75 has no option for it), the security headers on every response,
 * the session cookie, one configuration-database connection per server thread. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sodium.h>

#include "controller/timeutil.h"
#include "webui/escape.h"
#include "webui/form.h"
#include "webui/static.h"
#include "webui/web.h"

#define COOKIE "__Host-gatehouse"

struct web_config W;

/* One request's state across libmicrohttpd's calls. */
struct ctx {
	char *body;
	size_t len;
	int too_large;
};

static __thread struct gh_db *thread_db;

static struct gh_db *
db_for_thread(void)
{
	if (thread_db == NULL) {
		char err[600];
		if (gh_db_open(&thread_db, W.db_path, 0, err, sizeof err) != GH_OK) {
			log_warnx("%s", err);
			thread_db = NULL;
		}
	}
	return thread_db;
}

void
web_resp_text(struct web_resp *r, int status, const char *type, const char *text)
{
	r->status = status;
	r->type = type;
	gh_buf_reset(&r->body);
	gh_buf_puts(&r->body, text);
}

void
web_redirect(struct web_resp *r, const char *to)
{
	r->status = 303;
	r->type = "text/plain; charset=utf-8";
	gh_strlcpy(r->location, to, sizeof r->location);
	gh_buf_reset(&r->body);
	gh_buf_puts(&r->body, "See other\n");
}

void
web_set_session_cookie(struct web_resp *r, const char *sid)
{
	/* __Host-: Secure, Path=/, no Domain.  No Max-Age: it ends with the browser;
	 * the server ends it after 30 min idle or 12 h. */
	snprintf(r->cookie, sizeof r->cookie,
	    COOKIE "=%s; Path=/; Secure; HttpOnly; SameSite=Strict", sid);
}

void
web_clear_session_cookie(struct web_resp *r)
{
	snprintf(r->cookie, sizeof r->cookie,
	    COOKIE "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
}

const char *
web_header(struct web_req *q, const char *name)
{
	return MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, name);
}

/* An API token (machine clients): its operator and roles for this request only. */
static void
web_bearer(struct web_req *q, const char *token)
{
	unsigned char d[32];
	char hexd[65];
	size_t n = strlen(token);
	q->have_session = 0;
	if (n < 10 || n > 100)
		return;
	crypto_hash_sha256(d, (const unsigned char *)token, n);
	sodium_bin2hex(hexd, sizeof hexd, d, sizeof d);
	memset(&q->s, 0, sizeof q->s);
	if (gh_token_lookup(q->db, hexd, q->s.operator_, sizeof q->s.operator_, q->s.roles,
	    sizeof q->s.roles) == GH_OK) {
		q->have_session = 1;
		q->bearer = 1;
	}
}

static void
client_ip(struct MHD_Connection *c, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, len, "?");
	if (ci == NULL || ci->client_addr == NULL)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    out, (socklen_t)len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    out, (socklen_t)len);
}

static enum MHD_Result
send_resp(struct MHD_Connection *c, struct web_resp *r)
{
	struct MHD_Response *m = r->stream ? r->stream :
	    MHD_create_response_from_buffer(r->body.len, r->body.s ? r->body.s : (char *)"",
	    MHD_RESPMEM_MUST_COPY);
	if (m == NULL)
		return MHD_NO;
	MHD_add_response_header(m, "Content-Type", r->type ? r->type :
	    "text/plain; charset=utf-8");
	/* On every response (R-AUTH hardening): no inline script or style, no framing,
	 * HTTPS only, no sniffing, no referrer, nothing cached. */
	MHD_add_response_header(m, "Content-Security-Policy", r->document ?
	    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
	    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox" :
	    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(m, "Strict-Transport-Security",
	    "max-age=31536000; includeSubDomains");
	MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(m, "X-Frame-Options", "DENY");
	MHD_add_response_header(m, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(m, "Cache-Control", "no-store");
	MHD_add_response_header(m, "Cross-Origin-Opener-Policy", "same-origin");
	if (r->cookie[0])
		MHD_add_response_header(m, "Set-Cookie", r->cookie);
	if (r->location[0])
		MHD_add_response_header(m, "Location", r->location);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, m);
	MHD_destroy_response(m);
	return ret;
}

/* The URL's query arguments, as MHD decoded them, through the same bounded parser as
 * forms (re-encoded first): NUL bytes, invalid UTF-8, too many fields are refused. */
static enum MHD_Result
query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct gh_buf *b = cls;
	if (b->len > 0)
		gh_buf_puts(b, "&");
	web_url(b, key);
	gh_buf_puts(b, "=");
	web_url(b, value ? value : "");
	return b->len > WEB_FORM_BYTES ? MHD_NO : MHD_YES;
}

static int
query_parse(struct MHD_Connection *c, struct web_form *f)
{
	struct gh_buf b;
	char err[120];
	gh_buf_init(&b);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &b);
	int rc = web_form_parse(b.s ? b.s : "", b.len, f, err, sizeof err);
	gh_buf_free(&b);
	return rc;
}

/* The page language: the operator's, else ?lang= (before login), else the site's. */
static int
request_lang(struct web_req *q)
{
	int l = -1;
	if (q->have_session && q->s.lang[0])
		l = web_lang_parse(q->s.lang);
	if (l < 0)
		l = web_lang_parse(web_form_get(q->query, "lang"));
	if (l < 0 && q->db != NULL) {
		char v[8];
		if (gh_setting_get(q->db, "language", v, sizeof v) == GH_OK)
			l = web_lang_parse(v);
	}
	return l < 0 ? WEB_FR : l;
}

int
web_render(const char *path, int lang, struct gh_buf *out)
{
	static const char *const pages[] = { "/documents/signs", "/documents/matrix",
		"/documents/emergency" };
	size_t k;
	for (k = 0; k < sizeof pages / sizeof pages[0]; k++)
		if (strcmp(pages[k], path) == 0)
			break;
	if (k == sizeof pages / sizeof pages[0]) {
		gh_buf_printf(out, "%s is not a document", path);
		return -1;
	}
	static struct web_form none;
	struct web_req q = { .method = "GET", .path = path, .body = "", .now = gh_now_us(),
		.lang = lang, .query = &none, .have_session = 1 };
	gh_strlcpy(q.ip, "render", sizeof q.ip);
	gh_strlcpy(q.s.operator_, "evidence", sizeof q.s.operator_);
	gh_strlcpy(q.s.roles, "auditor", sizeof q.s.roles);
	if ((q.db = db_for_thread()) == NULL) {
		gh_buf_puts(out, "the configuration database cannot be opened");
		return -1;
	}
	W.render = 1;
	struct web_resp r = { .status = 500 };
	gh_buf_init(&r.body);
	web_route(&q, &r);
	int rc = r.status == 200 && r.body.s != NULL ? 0 : -1;
	if (rc == 0) {
		/* The stylesheet inline: the file stands alone. */
		static const char link[] = "<link rel=\"stylesheet\" href=\"/static/gatehouse.css\">";
		const char *type, *css = web_static("gatehouse.css", &type);
		char *at = strstr(r.body.s, link);
		if (at != NULL && css != NULL) {
			gh_buf_add(out, r.body.s, (size_t)(at - r.body.s));
			gh_buf_puts(out, "<style>");
			gh_buf_puts(out, css);
			gh_buf_puts(out, "</style>");
			gh_buf_puts(out, at + sizeof link - 1);
		} else {
			gh_buf_puts(out, r.body.s);
		}
	} else {
		gh_buf_printf(out, "%s answered %d", path, r.status);
	}
	gh_buf_free(&r.body);
	return rc;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct ctx *x = *con_cls;
	if (x == NULL) {
		if ((x = calloc(1, sizeof *x)) == NULL)
			return MHD_NO;
		*con_cls = x;
		/* Refuse a declared oversized body before reading it. */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && strtoull(cl, NULL, 10) > WEB_BODY_MAX)
			x->too_large = 1;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!x->too_large && x->len + *upload_size <= WEB_BODY_MAX) {
			char *nb = realloc(x->body, x->len + *upload_size + 1);
			if (nb == NULL)
				return MHD_NO;
			x->body = nb;
			memcpy(x->body + x->len, upload, *upload_size);
			x->len += *upload_size;
			x->body[x->len] = '\0';
		} else {
			x->too_large = 1;	/* read and dropped */
		}
		*upload_size = 0;
		return MHD_YES;
	}
	struct web_resp r = { .status = 500 };
	gh_buf_init(&r.body);
	if (x->too_large) {
		web_resp_text(&r, 413, "text/plain; charset=utf-8", "Request body too large\n");
	} else {
		struct web_req q = { .conn = c, .method = method, .path = url,
			.body = x->body ? x->body : "", .bodylen = x->len, .now = gh_now_us() };
		client_ip(c, q.ip, sizeof q.ip);
		q.db = db_for_thread();
		const char *sid = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE);
		q.have_session = sid != NULL && web_session_get(sid, q.now, &q.s) == 0;
		const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_AUTHORIZATION);
		if (auth != NULL && strncmp(auth, "Bearer ", 7) == 0 && q.db != NULL &&
		    strncmp(url, "/api/v1/", 8) == 0)
			web_bearer(&q, auth + 7);
		/* Every change is audited under this request's operator: never a name left
		 * on the thread's connection by an earlier request. */
		if (q.db != NULL) {
			char actor[300];
			snprintf(actor, sizeof actor, "web:%s", q.have_session &&
			    q.s.operator_[0] ? q.s.operator_ : "anonymous");
			gh_db_set_actor(q.db, actor);
		}
		struct web_form *query = malloc(sizeof *query);
		if (query != NULL && query_parse(c, query) != 0)
			query->n = -1;
		q.query = query;
		if (query != NULL && query->n >= 0)
			q.lang = request_lang(&q);
		if (q.db == NULL)
			web_resp_text(&r, 503, "text/plain; charset=utf-8",
			    "The configuration database is not available\n");
		else if (query == NULL)
			web_resp_text(&r, 503, "text/plain; charset=utf-8", "Out of memory\n");
		else if (query->n < 0)
			web_resp_text(&r, 400, "text/plain; charset=utf-8", "Malformed query\n");
		else
			web_route(&q, &r);
		free(query);
	}
	enum MHD_Result ret = send_resp(c, &r);
	gh_buf_free(&r.body);
	return ret;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct ctx *x = *con_cls;
	if (x != NULL) {
		free(x->body);
		free(x);
	}
	*con_cls = NULL;
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_warnx("http: %s", line);
}

struct MHD_Daemon *
web_start(const struct sockaddr *addr, const char *cert, const char *key, int threads,
    int timeout_s, int per_ip, int max_conns)
{
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_TLS | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME,
	    0, NULL, NULL, handler, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, addr,
	    MHD_OPTION_HTTPS_MEM_CERT, cert,
	    MHD_OPTION_HTTPS_MEM_KEY, key,
	    MHD_OPTION_HTTPS_PRIORITIES, "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2",
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)timeout_s,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)per_ip,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)max_conns,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_END);
}
