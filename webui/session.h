/* Web sessions (R-AUTH): in memory only (a restart logs everyone out), 256-bit random
 * ids from libsodium, 30 min idle and 12 h absolute limits, a CSRF token per session,
 * a new id at login (no fixation), ended on the server at logout.  Thread-safe. */
#ifndef GH_WEB_SESSION_H
#define GH_WEB_SESSION_H

#include <stdint.h>

#define WEB_SID_LEN 64			/* hex of 32 random bytes */
#define WEB_SESSIONS_MAX 4096
#define WEB_IDLE_US (30LL * 60 * 1000000)
#define WEB_ABSOLUTE_US (12LL * 3600 * 1000000)

struct web_session {
	char id[WEB_SID_LEN + 1];
	char csrf[WEB_SID_LEN + 1];
	char operator_[257];		/* "" before login */
	char roles[64];
	char lang[4];			/* the operator's language, "" for the site's */
	int64_t created, seen;		/* UTC microseconds */
};

/* A new session (pre-login when operator_ is NULL): copies it into *out.  -1 when
 * the table is full of live sessions. */
int web_session_new(const char *operator_, const char *roles, int64_t now,
    struct web_session *out);
/* Look up a live session by id and touch it; expired ones are ended.  0 and *out, or
 * -1. */
int web_session_get(const char *id, int64_t now, struct web_session *out);
/* End a session (logout, or a login replacing it). */
void web_session_end(const char *id);
/* End every session of an operator (password change, lock). */
void web_session_end_operator(const char *operator_);
/* Set the session's language (fr, ar, en). */
void web_session_set_lang(const char *id, const char *lang);
/* Does the token match the session's CSRF token (constant time)? */
int web_csrf_ok(const struct web_session *s, const char *token);
/* Live sessions (for tests and status). */
int web_session_count(int64_t now);

#endif
