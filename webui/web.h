/* Internals of gatehouse-web shared by its files: the request being served, the
 * response being built, the site's paths. */
#ifndef GH_WEB_H
#define GH_WEB_H

#include <stddef.h>
#include <stdint.h>

#include "controller/util.h"
#include "db/db.h"
#include "webui/i18n.h"
#include "webui/session.h"

#define WEB_BODY_MAX (64 * 1024)	/* request bodies past this: 413 */

struct web_config {
	const char *db_path;
	const char *control;		/* the controller's control socket */
	const char *site_name;
	int login_failures_max;		/* per account before a lockout (5) */
	int64_t lockout_us;		/* the first lockout (15 min), doubling */
	int ip_failures_max;		/* per client address per window (20 / 10 min) */
	int render;			/* --render: a page for the evidence bundle */
};
extern struct web_config W;

struct MHD_Connection;

struct web_req {
	struct MHD_Connection *conn;
	const char *method;		/* GET, POST, ... */
	const char *path;
	const char *body;		/* NUL-terminated, "" when none */
	size_t bodylen;
	char ip[64];
	int64_t now;			/* UTC microseconds */
	int have_session;
	int bearer;			/* an API token, not a browser session: no CSRF */
	struct web_session s;		/* when have_session */
	struct gh_db *db;		/* this thread's connection to the configuration */
	int lang;			/* WEB_FR, WEB_AR, WEB_EN (webui/i18n.h) */
	const struct web_form *query;	/* the URL's query arguments (never NULL) */
};

struct web_resp {
	int status;
	const char *type;		/* Content-Type */
	struct gh_buf body;
	char cookie[256];		/* a Set-Cookie value, or "" */
	char location[512];		/* a redirect, or "" */
	struct MHD_Response *stream;	/* a live stream (events) instead of body */
	int document;			/* a generated document shown as is (a monthly
					 * report): its inline styles allowed, no script
					 * at all, sandboxed */
};

/* Live events (events.c): a Server-Sent Events response fed by the controller's
 * subscribe stream; NULL with *status when none can be opened. */
struct MHD_Response *web_events_response(struct MHD_Connection *conn, int *status);
void web_events_start(void);
void web_events_stop(void);

/* A read-only document page (/documents/...) as an auditor sees it, for the evidence
 * bundle (gatehouse-web --render): the stylesheet inline, no navigation.  0, or -1
 * with the reason in out. */
int web_render(const char *path, int lang, struct gh_buf *out);

/* Route a request (pages.c); fills resp. */
void web_route(struct web_req *q, struct web_resp *r);

/* Response helpers (http.c). */
void web_resp_text(struct web_resp *r, int status, const char *type, const char *text);
void web_redirect(struct web_resp *r, const char *to);
void web_set_session_cookie(struct web_resp *r, const char *sid);
void web_clear_session_cookie(struct web_resp *r);
/* A request header, or NULL. */
const char *web_header(struct web_req *q, const char *name);

/* Pages (webui/page_*.c) register themselves: method, exact path, the action the
 * operator's roles must allow (R-LEAST-PRIVILEGE), the handler, and the declared
 * fields of the query (GET) or the form (POST; they include WEB_F_CSRF: every POST
 * carries the session's CSRF token, checked before the handler runs). */
struct web_form;
struct web_field;
struct web_page {
	const char *method;
	const char *path;
	int action;			/* enum web_action */
	void (*fn)(struct web_req *q, struct web_resp *r, const struct web_form *f);
	const struct web_field *fields;
	size_t nfields;
};
struct web_pages {
	const struct web_page *p;
	size_t n;
	struct web_pages *next;
};
void web_pages_add(struct web_pages *p);
#define WEB_PAGES(arr)                                                                 \
	static struct web_pages arr##_pages = { arr, sizeof arr / sizeof arr[0], NULL }; \
	__attribute__((constructor)) static void arr##_register(void)                    \
	{                                                                               \
		web_pages_add(&arr##_pages);                                                \
	}
#define WEB_F_CSRF { "csrf", WF_TOKEN, 1, 0, 100, NULL }
#define WEB_FIELDS(arr) arr, sizeof arr / sizeof arr[0]

/* The page frame (layout.c): head, header with the site, the navigation the roles
 * allow, the language switch, the operator and logout; a review-overdue banner on
 * officer pages (R-REVIEW); then the flash message of ?done= or ?error= when it is a
 * catalogue text.  title is already translated. */
void web_page_open(struct web_req *q, struct web_resp *r, const char *title);
void web_page_close(struct web_req *q, struct web_resp *r);
/* A whole page saying what went wrong, with an HTTP status. */
void web_page_error(struct web_req *q, struct web_resp *r, int status, const char *text);
/* The same with a detail shown as is (a validator's message, a database error). */
void web_page_error_detail(struct web_req *q, struct web_resp *r, int status,
    const char *text, const char *detail);
/* After a POST: back to a local page with a message (a catalogue text, English). */
void web_redirect_done(struct web_resp *r, const char *path, const char *done_en);
void web_redirect_error(struct web_resp *r, const char *path, const char *error_en);
/* The CSRF hidden input of a form. */
void web_csrf_input(struct web_req *q, struct gh_buf *b);
/* Does the session's operator have the action?  (For showing or hiding controls; the
 * router checks the page's own action.) */
int web_can(const struct web_req *q, int action);
/* "web:NAME" as the actor of database changes. */
void web_actor(struct web_req *q);
/* An operator event in the journal through the controller (login, sign-off, ...). */
void web_record(const char *kind, const char *operator_, struct web_req *q,
    const char *k1, const char *v1);
/* A table of people (gh_person_list's columns), names linking to their pages
 * (page_people.c). */
void web_people_rows(struct web_req *q, struct gh_buf *b, const struct gh_table *t);
/* An operator's request to the controller, "CMD WORD OPERATOR TEXT" (unlock DOOR,
 * mode MODE, ack ID), the operator being the session's: 0 when it answered ok, 1 when
 * it refused or did not answer, -1 when a word cannot be said on the socket; its
 * answer (or why) in ans. */
int web_operator_request(struct web_req *q, const char *cmd, const char *word,
    const char *text, char *ans, size_t len);
/* A word for the control socket's grammar (quoted when it has spaces; -1 when it
 * cannot be said safely). */
int web_ctl_word(char *out, size_t len, const char *w);

#endif
