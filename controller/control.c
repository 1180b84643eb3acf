/* The control socket server; see control.h. */
#include "controller/control.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "controller/util.h"

int
gh_ctl_parse(const char *line, struct gh_ctl_req *req, const char **why)
{
	size_t len = strlen(line);
	memset(req, 0, sizeof *req);
	if (len > GH_CTL_LINE_MAX) {
		*why = "request longer than 4 KiB";
		return -1;
	}
	if (!gh_utf8_valid(line, len)) {
		*why = "request is not UTF-8";
		return -1;
	}
	memcpy(req->line, line, len + 1);
	char *out = req->words;
	const char *p = req->line;
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (req->argc == GH_CTL_MAX_WORDS) {
			/* The rest is free text that a command may take whole. */
			break;
		}
		/* A word that does not parse ends the words: what follows may be free
		 * text (JSON, a comment) that the command takes from rest[argc]. */
		const char *start = p;
		char *word = out;
		req->rest[req->argc] = p;
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '\0') {
					if (req->argc == 0) {
						*why = "unbalanced quote";
						return -1;
					}
					goto tail;
				}
				if (*p == '"') {
					p++;
					break;
				}
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				*out++ = *p++;
			}
			if (*p != ' ' && *p != '\0') {
				if (req->argc == 0) {
					*why = "text after a closing quote";
					return -1;
				}
				goto tail;
			}
		} else {
			while (*p != ' ' && *p != '\0')
				*out++ = *p++;
		}
		*out++ = '\0';
		req->argv[req->argc++] = word;
		continue;
tail:
		req->rest[req->argc] = start;
		break;
	}
	for (const unsigned char *q = (const unsigned char *)req->line; *q; q++)
		if (*q < 0x20 || *q == 0x7f) {
			*why = "control character in the request";
			return -1;
		}
	if (req->argc == 0) {
		*why = "empty request";
		return -1;
	}
	return 0;
}

struct gh_ctl_conn {
	struct gh_ctl *ctl;
	int fd;
	char in[GH_CTL_LINE_MAX + 2];
	size_t inlen;
	char *out;
	size_t outlen, outcap;
	int held, subscriber, closing, discarding;
	int64_t last_ms;
};

struct gh_ctl {
	struct gh_loop *loop;
	int fd;
	char path[108];
	gh_ctl_fn fn;
	gh_ctl_gone_fn gone;
	void *arg;
	struct gh_ctl_conn *conns[GH_CTL_MAX_CONNS];
	int64_t sweep_timer;
	/* Faults since the last sweep, logged as one line a second at most (a flood of
	 * garbage must not become a flood of log lines). */
	long refused, idle, busy;
};

static void conn_io(struct gh_loop *l, int fd, short revents, void *arg);

static void
conn_close(struct gh_ctl_conn *c)
{
	struct gh_ctl *ctl = c->ctl;
	if (c->held && ctl->gone)
		ctl->gone(c, ctl->arg);
	gh_loop_fd_del(ctl->loop, c->fd);
	close(c->fd);
	for (int i = 0; i < GH_CTL_MAX_CONNS; i++)
		if (ctl->conns[i] == c)
			ctl->conns[i] = NULL;
	free(c->out);
	free(c);
}

static void
conn_watch(struct gh_ctl_conn *c)
{
	short ev = POLLIN;
	if (c->outlen > 0)
		ev |= POLLOUT;
	gh_loop_fd(c->ctl->loop, c->fd, ev, conn_io, c);
}

static void
conn_write(struct gh_ctl_conn *c, const char *s, size_t n)
{
	if (c->closing)
		return;
	if (c->outlen + n > GH_CTL_OUT_MAX) {
		/* A client that does not read is dropped, never waited for. */
		log_warnx("control: dropping a client %zu bytes behind", c->outlen);
		c->closing = 1;
		return;
	}
	if (c->outlen + n > c->outcap) {
		size_t cap = c->outcap ? c->outcap : 4096;
		while (cap < c->outlen + n)
			cap *= 2;
		char *o = realloc(c->out, cap);
		if (o == NULL) {
			c->closing = 1;
			return;
		}
		c->out = o;
		c->outcap = cap;
	}
	memcpy(c->out + c->outlen, s, n);
	c->outlen += n;
	conn_watch(c);
}

void
gh_ctl_reply(struct gh_ctl_conn *c, const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	if (strncmp(buf, "error ", 6) == 0)
		c->ctl->refused++;
	conn_write(c, buf, (size_t)n);
}

void gh_ctl_hold(struct gh_ctl_conn *c) { c->held = 1; }
void gh_ctl_release(struct gh_ctl_conn *c) { c->held = 0; c->last_ms = gh_mono_ms(); }
void gh_ctl_subscribe(struct gh_ctl_conn *c) { c->subscriber = 1; }

void
gh_ctl_broadcast(struct gh_ctl *ctl, const char *line)
{
	size_t n = strlen(line);
	for (int i = 0; i < GH_CTL_MAX_CONNS; i++) {
		struct gh_ctl_conn *c = ctl->conns[i];
		if (c && c->subscriber) {
			conn_write(c, line, n);
			conn_write(c, "\n", 1);
		}
	}
}

int
gh_ctl_nconns(const struct gh_ctl *ctl)
{
	int n = 0;
	for (int i = 0; i < GH_CTL_MAX_CONNS; i++)
		n += ctl->conns[i] != NULL;
	return n;
}

static void
handle_line(struct gh_ctl_conn *c, char *line)
{
	struct gh_ctl_req *req = malloc(sizeof *req);
	const char *why;
	if (req == NULL)
		return;
	if (gh_ctl_parse(line, req, &why) != 0)
		gh_ctl_reply(c, "error %s", why);
	else
		c->ctl->fn(c, req, c->ctl->arg);
	free(req);
}

static void
conn_read(struct gh_ctl_conn *c)
{
	for (;;) {
		ssize_t n = read(c->fd, c->in + c->inlen, sizeof c->in - 1 - c->inlen);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			c->closing = 1;
			c->outlen = 0;
			return;
		}
		c->last_ms = gh_mono_ms();
		c->inlen += (size_t)n;
		char *nl;
		while ((nl = memchr(c->in, '\n', c->inlen)) != NULL) {
			*nl = '\0';
			if (nl > c->in && nl[-1] == '\r')
				nl[-1] = '\0';
			if (c->discarding)
				c->discarding = 0;	/* the end of an oversized line */
			else if (memchr(c->in, '\0', (size_t)(nl - c->in)) != NULL)
				gh_ctl_reply(c, "error NUL byte in the request");
			else
				handle_line(c, c->in);
			size_t used = (size_t)(nl - c->in) + 1;
			memmove(c->in, nl + 1, c->inlen - used);
			c->inlen -= used;
			if (c->closing)
				return;
		}
		if (c->inlen >= GH_CTL_LINE_MAX + 1) {
			/* Too long: answer once, skip to the next newline. */
			if (!c->discarding)
				gh_ctl_reply(c, "error request longer than 4 KiB");
			c->discarding = 1;
			c->inlen = 0;
		}
	}
}

static void
conn_flush(struct gh_ctl_conn *c)
{
	while (c->outlen > 0) {
		ssize_t n = send(c->fd, c->out, c->outlen, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n <= 0) {
			c->closing = 1;
			c->outlen = 0;
			return;
		}
		memmove(c->out, c->out + n, c->outlen - (size_t)n);
		c->outlen -= (size_t)n;
	}
}

static void
conn_io(struct gh_loop *l, int fd, short revents, void *arg)
{
	struct gh_ctl_conn *c = arg;
	(void)l;
	(void)fd;
	if (revents & (POLLIN | POLLHUP | POLLERR))
		conn_read(c);
	if (!c->closing || c->outlen > 0)
		conn_flush(c);
	if (c->closing)
		conn_close(c);
	else
		conn_watch(c);
}

static void
accept_conn(struct gh_loop *l, int fd, short revents, void *arg)
{
	struct gh_ctl *ctl = arg;
	(void)l;
	(void)revents;
	int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd < 0)
		return;
	int slot = -1;
	for (int i = 0; i < GH_CTL_MAX_CONNS; i++)
		if (ctl->conns[i] == NULL) {
			slot = i;
			break;
		}
	if (slot < 0) {
		static const char busy[] = "error too many control connections\n";
		(void)!send(cfd, busy, sizeof busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
		close(cfd);
		ctl->busy++;
		return;
	}
	struct gh_ctl_conn *c = calloc(1, sizeof *c);
	if (c == NULL) {
		close(cfd);
		return;
	}
	c->ctl = ctl;
	c->fd = cfd;
	c->last_ms = gh_mono_ms();
	ctl->conns[slot] = c;
	conn_watch(c);
}

static void
sweep(struct gh_loop *l, void *arg)
{
	struct gh_ctl *ctl = arg;
	int64_t now = gh_mono_ms();
	for (int i = 0; i < GH_CTL_MAX_CONNS; i++) {
		struct gh_ctl_conn *c = ctl->conns[i];
		/* Closed here, not where it was decided: a reply or a broadcast may be
		 * running inside that connection's own callback. */
		if (c && !c->closing && !c->held && !c->subscriber &&
		    now - c->last_ms > (c->inlen > 0 ? GH_CTL_PARTIAL_MS : GH_CTL_IDLE_MS)) {
			ctl->idle++;
			conn_close(c);
		} else if (c && c->closing) {
			conn_close(c);
		}
	}
	if (ctl->refused || ctl->idle || ctl->busy) {
		log_warnx("control: %ld request(s) refused, %ld silent client(s) dropped, %ld "
		    "connection(s) turned away (too many) in the last second", ctl->refused,
		    ctl->idle, ctl->busy);
		ctl->refused = ctl->idle = ctl->busy = 0;
	}
	ctl->sweep_timer = gh_loop_at(l, now + 1000, sweep, ctl);
}

struct gh_ctl *
gh_ctl_listen(struct gh_loop *l, const char *path, gid_t gid, gh_ctl_fn fn,
    gh_ctl_gone_fn gone, void *arg)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sun.sun_path) {
		log_warnx("control socket path too long: %s", path);
		return NULL;
	}
	strcpy(sun.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_warn("control socket");
		return NULL;
	}
	unlink(path);
	/* Created 0660 from the start: no moment where others could connect. */
	mode_t old = umask(0117);
	int rc = bind(fd, (struct sockaddr *)&sun, sizeof sun);
	umask(old);
	if (rc != 0 || listen(fd, 16) != 0) {
		log_warn("control socket %s", path);
		close(fd);
		return NULL;
	}
	if (gid != (gid_t)-1 && chown(path, (uid_t)-1, gid) != 0)
		log_warn("control socket %s: chown", path);
	struct gh_ctl *ctl = calloc(1, sizeof *ctl);
	if (ctl == NULL)
		fatalx("out of memory");
	ctl->loop = l;
	ctl->fd = fd;
	snprintf(ctl->path, sizeof ctl->path, "%s", path);
	ctl->fn = fn;
	ctl->gone = gone;
	ctl->arg = arg;
	gh_loop_fd(l, fd, POLLIN, accept_conn, ctl);
	ctl->sweep_timer = gh_loop_at(l, gh_mono_ms() + 1000, sweep, ctl);
	return ctl;
}

void
gh_ctl_free(struct gh_ctl *ctl)
{
	if (ctl == NULL)
		return;
	for (int i = 0; i < GH_CTL_MAX_CONNS; i++)
		if (ctl->conns[i])
			conn_close(ctl->conns[i]);
	gh_loop_cancel(ctl->loop, ctl->sweep_timer);
	gh_loop_fd_del(ctl->loop, ctl->fd);
	close(ctl->fd);
	unlink(ctl->path);
	free(ctl);
}
