/* Forwarding the journal to the central log server; see forward.h. */
#include "controller/forward.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <limits.h>
#include <linux/sockios.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "controller/loop.h"
#include "controller/timeutil.h"
#include "db/journal.h"

#define BATCH 200
#define BACKOFF_MAX_MS 10000
#define RELP_WINDOW 32

int
gh_forward_config(const char *target, const char *ca, const char *name,
    const char *transport, const char *journal, struct gh_fwd_cfg *cfg, const char **why)
{
	memset(cfg, 0, sizeof *cfg);
	if (target == NULL || target[0] == '\0')
		return 1;
	const char *colon = strrchr(target, ':');
	long port;
	if (colon == NULL || colon == target || (size_t)(colon - target) >= sizeof cfg->host ||
	    gh_parse_long(colon + 1, 1, 65535, &port) != 0) {
		*why = "syslog-target must be HOST:PORT";
		return -1;
	}
	memcpy(cfg->host, target, (size_t)(colon - target));
	size_t hl = strlen(cfg->host);
	if (hl > 2 && cfg->host[0] == '[' && cfg->host[hl - 1] == ']') {	/* [IPv6]:port */
		memmove(cfg->host, cfg->host + 1, hl - 2);
		cfg->host[hl - 2] = '\0';
	}
	snprintf(cfg->port, sizeof cfg->port, "%ld", port);
	if (ca == NULL || ca[0] == '\0' || strlen(ca) >= sizeof cfg->ca) {
		*why = "syslog-ca (the CA file that signed the server's certificate) is needed";
		return -1;
	}
	snprintf(cfg->ca, sizeof cfg->ca, "%s", ca);
	snprintf(cfg->name, sizeof cfg->name, "%s", name && name[0] ? name : cfg->host);
	cfg->relp = transport == NULL || transport[0] == '\0' || strcmp(transport, "relp") == 0;
	if (!cfg->relp && strcmp(transport, "tls") != 0) {
		*why = "syslog-transport must be relp or tls";
		return -1;
	}
	snprintf(cfg->journal, sizeof cfg->journal, "%s", journal);
	if (gethostname(cfg->hostname, sizeof cfg->hostname - 1) != 0 || !cfg->hostname[0])
		snprintf(cfg->hostname, sizeof cfg->hostname, "gatehouse");
	return 0;
}

int
gh_forward_client_cert(struct gh_fwd_cfg *cfg, const char *cert, const char *key,
    const char **why)
{
	int c = cert && cert[0], k = key && key[0];
	if (c != k) {
		*why = "syslog-cert and syslog-key go together";
		return -1;
	}
	if (c && (strlen(cert) >= sizeof cfg->cert || strlen(key) >= sizeof cfg->key)) {
		*why = "path too long";
		return -1;
	}
	snprintf(cfg->cert, sizeof cfg->cert, "%s", c ? cert : "");
	snprintf(cfg->key, sizeof cfg->key, "%s", k ? key : "");
	return 0;
}

static int
severity(const struct gh_event *ev)
{
	if (strcmp(ev->kind, "alarm-raised") == 0)
		return 4;
	if (strcmp(ev->kind, "access") == 0 && ev->decision &&
	    strcmp(ev->decision, "refused") == 0)
		return 5;
	return 6;
}

void
gh_forward_format(struct gh_buf *out, int64_t seq, const struct gh_event *ev,
    const char *canonical, const uint8_t hash[32], const char *hostname)
{
	char t[40], h[65];
	for (int i = 0; i < 32; i++)
		snprintf(h + 2 * i, 3, "%02x", hash[i]);
	/* HOSTNAME and MSGID are printable US-ASCII without spaces (RFC 5424 6.2). */
	char host[256], kind[33];
	size_t k = 0;
	for (const char *p = hostname; *p && k + 1 < sizeof host; p++)
		host[k++] = (*p > 32 && *p < 127) ? *p : '_';
	host[k] = '\0';
	k = 0;
	for (const char *p = ev->kind; *p && k + 1 < sizeof kind; p++)
		kind[k++] = (*p > 32 && *p < 127) ? *p : '_';
	kind[k] = '\0';
	/* Values in the structured data need ", \ and ] escaped; seq and a hex hash have
	 * none. */
	gh_buf_printf(out, "<%d>1 %s %s gatehouse - %s [" FORWARD_SD_ID " seq=\"%lld\" "
	    "hash=\"%s\"] %s", 10 * 8 + severity(ev), gh_utc_format_us(ev->ts_us, t, sizeof t),
	    host[0] ? host : "-", kind[0] ? kind : "-", (long long)seq, h, canonical);
}

void
gh_forward_cursor_path(const char *journal, char *out, size_t len)
{
	snprintf(out, len, "%s.forwarded", journal);
}

int64_t
gh_forward_cursor_read(const char *path)
{
	char buf[32];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	long v;
	return gh_parse_long(buf, 0, LONG_MAX, &v) == 0 ? v : 0;
}

int
gh_forward_cursor_write(const char *path, int64_t seq)
{
	char tmp[PATH_MAX], buf[32];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	int n = snprintf(buf, sizeof buf, "%lld\n", (long long)seq);
	int ok = write(fd, buf, (size_t)n) == n && fsync(fd) == 0;
	if (close(fd) != 0 || !ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* ---- the thread ---- */

struct gh_forward {
	struct gh_fwd_cfg cfg;
	char cursor_path[1100];
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop, woken;
	struct gh_fwd_status st;
	/* the connection */
	gnutls_certificate_credentials_t cred;
	gnutls_session_t tls;
	int fd;
	/* RELP: messages sent and not yet acknowledged, by transaction number. */
	long txnr;
	struct { long txnr; int64_t seq; } flight[RELP_WINDOW];
	int nflight;
	char in[4096];
	size_t inlen;
	int64_t deadline;	/* set: the next answer's deadline (RELP's open) */
};

static void
set_state(struct gh_forward *f, int up, int64_t cursor, const char *err)
{
	pthread_mutex_lock(&f->lock);
	if (up) {
		f->st.up = 1;
		f->st.down_since_ms = 0;
		f->st.error[0] = '\0';
	} else {
		if (f->st.up || f->st.down_since_ms == 0)
			f->st.down_since_ms = gh_mono_ms();
		f->st.up = 0;
		if (err)
			gh_strlcpy(f->st.error, err, sizeof f->st.error);
	}
	if (cursor >= 0)
		f->st.cursor = cursor;
	pthread_mutex_unlock(&f->lock);
}

static void
disconnect(struct gh_forward *f)
{
	f->nflight = 0;
	f->inlen = 0;
	if (f->tls) {
		gnutls_bye(f->tls, GNUTLS_SHUT_WR);
		gnutls_deinit(f->tls);
		f->tls = NULL;
	}
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

/* Wait until fd is ready for reading (write 0) or writing (1), at most until
 * deadline (monotonic ms).  0, or -1 with err (timeout or a poll error). */
static int
wait_fd(int fd, int write, int64_t deadline, const char *what, char *err, size_t len)
{
	for (;;) {
		int64_t left = deadline - gh_mono_ms();
		if (left <= 0) {
			snprintf(err, len, "%s: timed out", what);
			return -1;
		}
		struct pollfd p = { .fd = fd, .events = write ? POLLOUT : POLLIN };
		int r = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR) {
			snprintf(err, len, "%s: %s", what, strerror(errno));
			return -1;
		}
	}
}

/* A non-blocking connection to one of the target's addresses, each tried for at
 * most GH_FWD_CONNECT_MS. */
static int
tcp_connect(const struct gh_fwd_cfg *c, char *err, size_t len)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *a;
	int r = getaddrinfo(c->host, c->port, &hints, &res);
	if (r != 0) {
		snprintf(err, len, "%s: %s", c->host, gai_strerror(r));
		return -1;
	}
	int fd = -1;
	snprintf(err, len, "%s:%s: no address", c->host, c->port);
	for (a = res; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    a->ai_protocol);
		if (fd < 0) {
			snprintf(err, len, "socket: %s", strerror(errno));
			continue;
		}
		int e = 0;
		if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
			e = errno;
			if (e == EINPROGRESS) {
				char what[300];
				snprintf(what, sizeof what, "connecting to %s:%s", c->host, c->port);
				socklen_t el = sizeof e;
				if (wait_fd(fd, 1, gh_mono_ms() + GH_FWD_CONNECT_MS, what, err,
				    len) != 0) {
					close(fd);
					fd = -1;
					continue;
				}
				if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) != 0)
					e = errno;
			}
		}
		if (e != 0) {
			snprintf(err, len, "%s:%s: %s", c->host, c->port, strerror(e));
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd;
}

/* A GnuTLS call that would block: wait for the direction it needs, until deadline. */
static int
tls_wait(struct gh_forward *f, int64_t deadline, const char *what, char *err, size_t len)
{
	return wait_fd(f->fd, gnutls_record_get_direction(f->tls), deadline, what, err, len);
}

static int
connect_tls(struct gh_forward *f, char *err, size_t len)
{
	int r;
	if ((f->fd = tcp_connect(&f->cfg, err, len)) < 0)
		return -1;
	if ((r = gnutls_init(&f->tls, GNUTLS_CLIENT | GNUTLS_NONBLOCK)) < 0 ||
	    (r = gnutls_set_default_priority(f->tls)) < 0 ||
	    (r = gnutls_credentials_set(f->tls, GNUTLS_CRD_CERTIFICATE, f->cred)) < 0 ||
	    (r = gnutls_server_name_set(f->tls, GNUTLS_NAME_DNS, f->cfg.name,
	    strlen(f->cfg.name))) < 0) {
		snprintf(err, len, "TLS: %s", gnutls_strerror(r));
		return -1;
	}
	/* The certificate must chain to the CA and name the server. */
	gnutls_session_set_verify_cert(f->tls, f->cfg.name, 0);
	gnutls_transport_set_int(f->tls, f->fd);
	int64_t deadline = gh_mono_ms() + GH_FWD_HANDSHAKE_MS;
	for (;;) {
		r = gnutls_handshake(f->tls);
		if (r >= 0)
			break;
		if (gnutls_error_is_fatal(r)) {
			snprintf(err, len, "TLS handshake with %s: %s", f->cfg.name,
			    gnutls_strerror(r));
			return -1;
		}
		if ((r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) &&
		    tls_wait(f, deadline, "TLS handshake", err, len) != 0)
			return -1;
	}
	f->deadline = deadline;	/* RELP's open answer is part of setting up */
	return 0;
}

static int
tls_write(struct gh_forward *f, const char *p, size_t n, char *err, size_t len)
{
	size_t off = 0;
	int64_t deadline = gh_mono_ms() + GH_FWD_IO_MS;
	while (off < n) {
		ssize_t w = gnutls_record_send(f->tls, p + off, n - off);
		if (w == GNUTLS_E_AGAIN || w == GNUTLS_E_INTERRUPTED) {
			if (tls_wait(f, deadline, "TLS send", err, len) != 0)
				return -1;
			continue;
		}
		if (w < 0) {
			snprintf(err, len, "TLS send: %s", gnutls_strerror((int)w));
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

/* RFC 5425 has no acknowledgement: the most there is, is the server's TCP having
 * acknowledged every byte sent, which is when the socket's send queue (SIOCOUTQ:
 * bytes not yet acknowledged) is empty and no error (a reset empties it too) came.
 * 0, or -1 with err (timeout, reset). */
static int
tcp_acknowledged(struct gh_forward *f, char *err, size_t len)
{
	int64_t deadline = gh_mono_ms() + GH_FWD_IO_MS;
	unsigned pause_us = 200;
	for (;;) {
		int outq = 0, e = 0;
		socklen_t el = sizeof e;
		if (ioctl(f->fd, SIOCOUTQ, &outq) != 0 ||
		    getsockopt(f->fd, SOL_SOCKET, SO_ERROR, &e, &el) != 0) {
			snprintf(err, len, "send queue: %s", strerror(errno));
			return -1;
		}
		if (e != 0) {
			snprintf(err, len, "TCP: %s", strerror(e));
			return -1;
		}
		if (outq == 0)
			return 0;
		if (gh_mono_ms() >= deadline) {
			snprintf(err, len, "TCP: %d bytes not acknowledged by the server in %d s",
			    outq, GH_FWD_IO_MS / 1000);
			return -1;
		}
		/* No event says "acknowledged": look again shortly, backing off to 20 ms. */
		struct timespec ts = { 0, (long)pause_us * 1000 };
		nanosleep(&ts, NULL);
		if (pause_us < 20000)
			pause_us *= 2;
	}
}

/* RELP (rsyslog's Reliable Event Logging Protocol) over the TLS session, written here
 * rather than through librelp: librelp's client does not say which message the server
 * acknowledged, and the cursor must move over exactly those, so that an outage
 * neither loses a row nor sends one twice.  Frames: "TXNR SP COMMAND SP DATALEN
 * [SP DATA] LF"; every command gets "TXNR rsp LEN 200 OK...". */
static int
relp_send(struct gh_forward *f, const char *cmd, const char *data, size_t n, char *err,
    size_t len)
{
	char head[64];
	f->txnr = f->txnr >= 999999999 ? 1 : f->txnr + 1;
	int hn = snprintf(head, sizeof head, "%ld %s %zu%s", f->txnr, cmd, n, n ? " " : "");
	if (tls_write(f, head, (size_t)hn, err, len) != 0 ||
	    (n && tls_write(f, data, n, err, len) != 0) || tls_write(f, "\n", 1, err, len) != 0)
		return -1;
	return 0;
}

/* Read one response frame: its transaction number and whether it says 200 (1), or
 * something else (0), or is not a response (-1: serverclose or another command). */
static int
relp_response(struct gh_forward *f, long *txnr, int *ok, char *err, size_t len)
{
	int64_t deadline = f->deadline > 0 ? f->deadline : gh_mono_ms() + GH_FWD_IO_MS;
	f->deadline = 0;
	for (;;) {
		struct gh_relp_frame fr;
		long n = gh_relp_parse(f->in, f->inlen, &fr);
		if (n < 0) {
			snprintf(err, len, "RELP: malformed response");
			return -1;
		}
		if (n > 0) {
			*txnr = fr.txnr;
			*ok = strcmp(fr.command, "rsp") != 0 ? -1 : fr.code == 200;
			memmove(f->in, f->in + n, f->inlen - (size_t)n);
			f->inlen -= (size_t)n;
			return 0;
		}
		if (f->inlen == sizeof f->in) {
			snprintf(err, len, "RELP: response too long");
			return -1;
		}
		ssize_t r = gnutls_record_recv(f->tls, f->in + f->inlen, sizeof f->in - f->inlen);
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
			if (tls_wait(f, deadline, "RELP: waiting for the server's answer", err,
			    len) != 0)
				return -1;
			continue;
		}
		if (r <= 0) {
			snprintf(err, len, "RELP: the server closed the connection%s%s",
			    r < 0 ? ": " : "", r < 0 ? gnutls_strerror((int)r) : "");
			return -1;
		}
		f->inlen += (size_t)r;
	}
}

static int
relp_open(struct gh_forward *f, char *err, size_t len)
{
	static const char offers[] = "relp_version=0\nrelp_software=gatehouse\ncommands=syslog";
	long t;
	int ok;
	f->txnr = 0;
	f->nflight = 0;
	f->inlen = 0;
	if (relp_send(f, "open", offers, sizeof offers - 1, err, len) != 0 ||
	    relp_response(f, &t, &ok, err, len) != 0)
		return -1;
	if (ok != 1 || t != 1) {
		snprintf(err, len, "RELP: the server refused the session");
		return -1;
	}
	return 0;
}

/* Wait for acknowledgements until at most `keep` messages are in flight; *acked is the
 * newest seq the server has. */
static int
relp_drain(struct gh_forward *f, int keep, int64_t *acked, char *err, size_t len)
{
	while (f->nflight > keep) {
		long t;
		int ok;
		if (relp_response(f, &t, &ok, err, len) != 0)
			return -1;
		if (ok == -1)
			continue;
		if (t != f->flight[0].txnr || ok != 1) {
			snprintf(err, len, "RELP: message %lld not accepted",
			    (long long)f->flight[0].seq);
			return -1;
		}
		*acked = f->flight[0].seq;
		memmove(f->flight, f->flight + 1, sizeof f->flight[0] * (size_t)--f->nflight);
	}
	return 0;
}

struct batch {
	struct gh_forward *f;
	struct gh_buf msg;
	int64_t acked;		/* the last seq the server surely has */
	int64_t sent;		/* RFC 5425: the last seq written to the session */
	char err[200];
};

static int
send_row(void *arg, int64_t seq, const struct gh_event *ev, const char *canonical,
    const uint8_t hash[32])
{
	struct batch *b = arg;
	struct gh_forward *f = b->f;
	gh_buf_reset(&b->msg);
	gh_forward_format(&b->msg, seq, ev, canonical, hash, f->cfg.hostname);
	if (f->cfg.relp) {
		if (relp_drain(f, RELP_WINDOW - 1, &b->acked, b->err, sizeof b->err) != 0 ||
		    relp_send(f, "syslog", b->msg.s, b->msg.len, b->err, sizeof b->err) != 0)
			return -1;
		f->flight[f->nflight].txnr = f->txnr;
		f->flight[f->nflight++].seq = seq;
		return 0;
	}
	/* RFC 5425: octet counting, no acknowledgement: at least once. */
	char head[24];
	int hn = snprintf(head, sizeof head, "%zu ", b->msg.len);
	if (tls_write(f, head, (size_t)hn, b->err, sizeof b->err) != 0 ||
	    tls_write(f, b->msg.s, b->msg.len, b->err, sizeof b->err) != 0)
		return -1;
	b->sent = seq;	/* delivered once TCP has acknowledged it (tcp_acknowledged) */
	return 0;
}

static void *
forward_main(void *arg)
{
	struct gh_forward *f = arg;
	struct gh_journal *j = NULL;
	char err[600];
	int backoff = 500;
	int64_t cursor = gh_forward_cursor_read(f->cursor_path);
	set_state(f, 0, cursor, "starting");
	struct batch b = { .f = f };
	gh_buf_init(&b.msg);
	for (;;) {
		pthread_mutex_lock(&f->lock);
		if (f->stop) {
			pthread_mutex_unlock(&f->lock);
			break;
		}
		pthread_mutex_unlock(&f->lock);
		if (j == NULL && gh_journal_open(&j, f->cfg.journal, GH_JOURNAL_READONLY, err,
		    sizeof err) != GH_OK) {
			j = NULL;
			set_state(f, 0, -1, err);
			goto wait;
		}
		if (f->fd < 0) {
			if (connect_tls(f, err, sizeof err) != 0 ||
			    (f->cfg.relp && relp_open(f, err, sizeof err) != 0)) {
				disconnect(f);
				set_state(f, 0, -1, err);
				goto wait;
			}
			backoff = 500;
		}
		b.acked = -1;
		b.sent = -1;
		b.err[0] = '\0';
		int n = gh_journal_each_after(j, cursor, BATCH, send_row, &b);
		if (n >= 0 && f->cfg.relp)
			n = relp_drain(f, 0, &b.acked, b.err, sizeof b.err) == 0 ? n : -2;
		/* RFC 5425: what was written before a failure may still have reached the
		 * server; either way only rows whose bytes TCP acknowledged count. */
		if (!f->cfg.relp && b.sent >= 0) {
			char e2[200];
			if (tcp_acknowledged(f, e2, sizeof e2) == 0) {
				if (n != -1 && n != -2)
					b.acked = b.sent;
			} else if (n >= 0) {
				snprintf(b.err, sizeof b.err, "%s", e2);
				n = -2;
			}
		}
		if (b.acked > cursor) {
			cursor = b.acked;
			gh_forward_cursor_write(f->cursor_path, cursor);
		}
		if (n == -2 || n == -1) {
			/* What was sent and not acknowledged goes again. */
			disconnect(f);
			set_state(f, 0, cursor, b.err[0] ? b.err : "journal read failed");
			goto wait;
		}
		set_state(f, 1, cursor, NULL);
		if (n == BATCH)
			continue;	/* more waiting */
		/* Caught up: wait for the next commit. */
		pthread_mutex_lock(&f->lock);
		if (!f->stop && !f->woken) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			pthread_cond_timedwait(&f->cond, &f->lock, &ts);
		}
		f->woken = 0;
		pthread_mutex_unlock(&f->lock);
		continue;
wait:
		pthread_mutex_lock(&f->lock);
		if (!f->stop) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += backoff / 1000;
			ts.tv_nsec += (backoff % 1000) * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&f->cond, &f->lock, &ts);
		}
		pthread_mutex_unlock(&f->lock);
		backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
	}
	disconnect(f);
	gh_buf_free(&b.msg);
	if (j)
		gh_journal_close(j);
	return NULL;
}

struct gh_forward *
gh_forward_start(const struct gh_fwd_cfg *cfg)
{
	struct gh_forward *f = calloc(1, sizeof *f);
	if (f == NULL)
		return NULL;
	f->cfg = *cfg;
	f->fd = -1;
	gh_forward_cursor_path(cfg->journal, f->cursor_path, sizeof f->cursor_path);
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->cond, NULL);
	int r;
	if ((r = gnutls_certificate_allocate_credentials(&f->cred)) < 0 ||
	    (r = gnutls_certificate_set_x509_trust_file(f->cred, cfg->ca,
	    GNUTLS_X509_FMT_PEM)) <= 0) {
		log_warnx("forwarding: CA file %s: %s", cfg->ca, r < 0 ? gnutls_strerror(r) :
		    "no certificate in it");
		if (f->cred)
			gnutls_certificate_free_credentials(f->cred);
		free(f);
		return NULL;
	}
	if (cfg->cert[0] && (r = gnutls_certificate_set_x509_key_file(f->cred, cfg->cert,
	    cfg->key, GNUTLS_X509_FMT_PEM)) < 0) {
		log_warnx("forwarding: client certificate %s: %s", cfg->cert, gnutls_strerror(r));
		gnutls_certificate_free_credentials(f->cred);
		free(f);
		return NULL;
	}
	if (pthread_create(&f->thread, NULL, forward_main, f) != 0) {
		gnutls_certificate_free_credentials(f->cred);
		free(f);
		return NULL;
	}
	return f;
}

void
gh_forward_wake(struct gh_forward *f)
{
	if (f == NULL)
		return;
	pthread_mutex_lock(&f->lock);
	f->woken = 1;
	pthread_cond_signal(&f->cond);
	pthread_mutex_unlock(&f->lock);
}

void
gh_forward_status(struct gh_forward *f, struct gh_fwd_status *s)
{
	pthread_mutex_lock(&f->lock);
	*s = f->st;
	pthread_mutex_unlock(&f->lock);
}

void
gh_forward_stop(struct gh_forward *f)
{
	if (f == NULL)
		return;
	pthread_mutex_lock(&f->lock);
	f->stop = 1;
	pthread_cond_signal(&f->cond);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	gnutls_certificate_free_credentials(f->cred);
	pthread_mutex_destroy(&f->lock);
	pthread_cond_destroy(&f->cond);
	free(f);
}
