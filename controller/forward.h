/* Forwarding the journal to the central log server (R-CENTRAL).
 *
 * A thread with its own read-only connection to the journal sends every row, in seq
 * order, as an RFC 5424 message: RELP over TLS (spoken here; each message acknowledged
 * by the server) or RFC 5425 syslog over TLS (octet-counted frames, a row delivered
 * once the server's TCP has acknowledged its bytes), GnuTLS for both, the server's
 * certificate checked against a CA file and a name.  The journal is the queue: the
 * thread's cursor (the last seq the server has) lives in a file beside the journal and
 * survives restarts and outages.  Every message carries the row's seq and hash in its
 * structured data, so the receiver can tell a duplicate from a gap.
 *
 *   <PRI>1 TIME HOST gatehouse - KIND [gatehouse@32473 seq="N" hash="HEX"] JSON
 *
 * PRI: facility authpriv (10); severity warning for alarms raised, notice for refused
 * accesses, info for the rest.  32473 is RFC 5612's example enterprise number: a site
 * with its own replaces it (FORWARD_SD_ID).  The message is the row's canonical JSON
 * (UTF-8, no BOM), from which the receiver can recompute the hash chain. */
#ifndef GH_FORWARD_H
#define GH_FORWARD_H

#include <stddef.h>
#include <stdint.h>

#include "controller/util.h"

#define FORWARD_SD_ID "gatehouse@32473"

struct gh_fwd_cfg {
	char host[256], port[8];	/* syslog-target host:port */
	char ca[1024];			/* syslog-ca: the CA file */
	char name[256];			/* syslog-name: the server's name in its certificate */
	char cert[1024], key[1024];	/* syslog-cert/-key: our own, "" for none */
	int relp;			/* syslog-transport relp (else tls) */
	char journal[1024];		/* the journal's path */
	char hostname[256];		/* HOSTNAME in the messages */
};

/* Parse the settings into cfg.  0; -1 with *why for a bad value; 1 when no target is
 * set (nothing to forward). */
int gh_forward_config(const char *target, const char *ca, const char *name,
    const char *transport, const char *journal, struct gh_fwd_cfg *cfg, const char **why);
/* The client certificate and key (both or neither).  0, or -1 with *why. */
int gh_forward_client_cert(struct gh_fwd_cfg *cfg, const char *cert, const char *key,
    const char **why);

/* One journal row as an RFC 5424 message, appended to out. */
struct gh_event;
void gh_forward_format(struct gh_buf *out, int64_t seq, const struct gh_event *ev,
    const char *canonical, const uint8_t hash[32], const char *hostname);

/* The cursor file beside a journal: the last seq the server acknowledged. */
void gh_forward_cursor_path(const char *journal, char *out, size_t len);
int64_t gh_forward_cursor_read(const char *path);
int gh_forward_cursor_write(const char *path, int64_t seq);

/* One RELP frame at the start of buf[0, len): "TXNR SP COMMAND SP DATALEN [SP DATA]
 * LF", TXNR and DATALEN 1 to 9 digits, COMMAND 1 to 32 lower-case letters, DATALEN at
 * most GH_RELP_DATA_MAX.  No byte at or past len is read (buf needs no terminator).
 * Returns the frame's length when it is whole (fr filled in: data points into buf;
 * code is the 3-digit status a "rsp" frame's data starts with, else -1), 0 when more
 * bytes are needed, -1 when it is malformed (the connection is then dropped). */
#define GH_RELP_DATA_MAX 4000
struct gh_relp_frame {
	long txnr;
	char command[33];
	size_t datalen;
	const char *data;
	int code;
};
long gh_relp_parse(const char *buf, size_t len, struct gh_relp_frame *fr);

/* Time limits of the connection, in milliseconds: the TCP connection, the TLS
 * handshake (and RELP's open), and any one send or wait for an answer. */
#define GH_FWD_CONNECT_MS 5000
#define GH_FWD_HANDSHAKE_MS 10000
#define GH_FWD_IO_MS 10000

struct gh_forward;
struct gh_fwd_status {
	int up;			/* connected and caught up or sending */
	int64_t cursor;		/* last seq the server has */
	int64_t down_since_ms;	/* monotonic; 0 while up */
	char error[200];
};
struct gh_forward *gh_forward_start(const struct gh_fwd_cfg *cfg);
/* New rows are in the journal. */
void gh_forward_wake(struct gh_forward *f);
void gh_forward_status(struct gh_forward *f, struct gh_fwd_status *s);
void gh_forward_stop(struct gh_forward *f);

#endif
