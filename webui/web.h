/* Internals of gatehouse-web shared by its files: the request being served, the
 * response being built, the site's paths. */
#ifndef GH_WEB_H
#define GH_WEB_H

#include <stddef.h>
#include <stdint.h>

#include "controller/util.h"
#include "db/db.h"
#include "webui/session.h"

#define WEB_BODY_MAX (64 * 1024)	/* request bodies past this: 413 */

struct web_config {
	const char *db_path;
	const char *control;		/* the controller's control socket */
	const char *site_name;
	int login_failures_max;		/* per account before a lockout (5) */
	int64_t lockout_us;		/* the first lockout (15 min), doubling */
	int ip_failures_max;		/* per client address per window (20 / 10 min) */
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
};

struct web_resp {
	int status;
	const char *type;		/* Content-Type */
	struct gh_buf body;
	char cookie[256];		/* a Set-Cookie value, or "" */
	char location[512];		/* a redirect, or "" */
	struct MHD_Response *stream;	/* a live stream (events) instead of body */
};

/* Live events (events.c): a Server-Sent Events response fed by the controller's
 * subscribe stream; NULL with *status when none can be opened. */
struct MHD_Response *web_events_response(struct MHD_Connection *conn, int *status);
void web_events_start(void);
void web_events_stop(void);

/* Route a request (pages.c); fills resp. */
void web_route(struct web_req *q, struct web_resp *r);

/* Response helpers (http.c). */
void web_resp_text(struct web_resp *r, int status, const char *type, const char *text);
void web_redirect(struct web_resp *r, const char *to);
void web_set_session_cookie(struct web_resp *r, const char *sid);
void web_clear_session_cookie(struct web_resp *r);
/* A request header, or NULL. */
const char *web_header(struct web_req *q, const char *name);

#endif
