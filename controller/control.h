/* The control socket (VOCABULARY.md): a local UNIX socket, one request per line
 * (UTF-8, at most 4 KiB), answered with `ok ...`, `error TEXT` or JSON.
 *
 * Words are separated by spaces; a word with spaces is written in double quotes, with
 * \" and \\ inside (`unlock "Entrée principale" amina delivery`).  Free text at the end
 * of a request (REASON..., COMMENT..., JSON) is taken as written from where it starts.
 *
 * Malformed, oversized or slow requests get an error or are dropped and never block the
 * loop: every connection is non-blocking with bounded buffers and an idle time-out. */
#ifndef GH_CONTROL_H
#define GH_CONTROL_H

#include <stddef.h>
#include <sys/types.h>

#include "controller/loop.h"

#define GH_CTL_LINE_MAX 4096
#define GH_CTL_MAX_WORDS 16
#define GH_CTL_MAX_CONNS 64
#define GH_CTL_OUT_MAX (256 * 1024)	/* a subscriber this far behind is dropped */
#define GH_CTL_IDLE_MS 30000		/* a silent client (not subscribed or waiting) */
#define GH_CTL_PARTIAL_MS 5000		/* one that sent part of a line and stopped: a
					 * slow client must not hold a slot for long */

/* One parsed request. */
struct gh_ctl_req {
	int argc;
	char *argv[GH_CTL_MAX_WORDS];
	const char *rest[GH_CTL_MAX_WORDS];	/* the raw line from word i on */
	char words[GH_CTL_LINE_MAX + 1];
	char line[GH_CTL_LINE_MAX + 1];
};

/* Split a line into words.  0, or -1 with *why (unbalanced quote, too many words,
 * invalid UTF-8, control characters). */
int gh_ctl_parse(const char *line, struct gh_ctl_req *req, const char **why);

struct gh_ctl;
struct gh_ctl_conn;
/* Called for each request; answer with gh_ctl_reply now, or hold the connection and
 * answer later (enroll-wait). */
typedef void (*gh_ctl_fn)(struct gh_ctl_conn *c, const struct gh_ctl_req *req, void *arg);
/* Called when a held connection goes away before its answer. */
typedef void (*gh_ctl_gone_fn)(struct gh_ctl_conn *c, void *arg);

/* Listen on path (mode 0660; group gid unless -1). NULL on failure (logged). */
struct gh_ctl *gh_ctl_listen(struct gh_loop *l, const char *path, gid_t gid, gh_ctl_fn fn,
    gh_ctl_gone_fn gone, void *arg);
void gh_ctl_free(struct gh_ctl *ctl);
/* Append one line (a newline is added) to the connection's output. */
void gh_ctl_reply(struct gh_ctl_conn *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Keep the connection waiting for a later reply (no idle time-out meanwhile). */
void gh_ctl_hold(struct gh_ctl_conn *c);
void gh_ctl_release(struct gh_ctl_conn *c);
/* Make the connection a subscriber: it receives every broadcast line. */
void gh_ctl_subscribe(struct gh_ctl_conn *c);
void gh_ctl_broadcast(struct gh_ctl *ctl, const char *line);
int gh_ctl_nconns(const struct gh_ctl *ctl);

#endif
