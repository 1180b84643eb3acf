/* Door I/O through gatehouse-door-sim (hardware/DOOR-SIM.md): one UNIX socket.
 *
 * The connection says `driver` and then receives `input LINE 0|1 [MS]` for each input
 * change, MS being the simulator's monotonic clock (the same clock as ours on one
 * machine), among the answers to its own requests, which come back in order.  Setup
 * requests (door, get) wait for their answer; `set` does not (its answer is counted
 * and skipped when it comes). */
#include "hardware/doorio/doorio_private.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "controller/loop.h"
#include "controller/util.h"

#define SIM_REPLY_MS 2000	/* a setup request's answer */
#define SIM_CLOCK_SKEW_MS 5000	/* a stamped input older than this: stamped now */

struct sim {
	int fd;
	int pending;		/* answers to `set` not yet read */
	char buf[4096];
	size_t len;
};

static void
handle_input(struct doorio *io, char *s)
{
	char name[DOORIO_SPEC_MAX];
	int v, n;
	long long ms;
	int64_t now = gh_mono_ms(), t = now;
	n = sscanf(s, "input %99s %d %lld", name, &v, &ms);
	if (n < 2 || (v != 0 && v != 1))
		return;
	if (n == 3 && ms <= now && ms >= now - SIM_CLOCK_SKEW_MS)
		t = ms;
	doorio_raw(io, doorio_find(io, name), v, t);
}

/* Take the complete lines in the buffer.  An answer (not an `input`) is copied to
 * reply when one is awaited (returns 1), or skipped as the answer to a `set`. */
static int
take_lines(struct doorio *io, struct sim *s, char *reply, size_t rlen)
{
	char *nl;
	int got = 0;
	while (!got && (nl = memchr(s->buf, '\n', s->len)) != NULL) {
		*nl = '\0';
		if (strncmp(s->buf, "input ", 6) == 0) {
			handle_input(io, s->buf);
		} else if (s->pending > 0) {
			s->pending--;
			if (strncmp(s->buf, "error", 5) == 0)
				log_warnx("door simulator: %.200s", s->buf);
		} else if (reply) {
			gh_strlcpy(reply, s->buf, rlen);
			got = 1;
		}
		size_t used = (size_t)(nl - s->buf) + 1;
		memmove(s->buf, nl + 1, s->len - used);
		s->len -= used;
	}
	if (s->len == sizeof s->buf - 1)
		s->len = 0;	/* an endless line: dropped */
	return got;
}

/* Read what is there, waiting up to wait_ms when it is > 0.  The bytes read (0: none
 * yet), or -1 when the simulator is gone. */
static int
fill(struct doorio *io, struct sim *s, int wait_ms)
{
	struct pollfd p = { .fd = s->fd, .events = POLLIN };
	if (wait_ms > 0 && poll(&p, 1, wait_ms) <= 0) {
		doorio_fail(io, "the door simulator did not answer");
		return -1;
	}
	ssize_t n = recv(s->fd, s->buf + s->len, sizeof s->buf - 1 - s->len, MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
		doorio_fail(io, "the door simulator's connection is lost");
		return -1;
	}
	if (n < 0)
		return 0;
	s->len += (size_t)n;
	return (int)n;
}

static int
sim_send(struct doorio *io, struct sim *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
sim_send(struct doorio *io, struct sim *s, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof buf - 1)
		return -1;	/* cannot happen with bounded names; never sent cut */
	buf[n++] = '\n';
	if (send(s->fd, buf, (size_t)n, MSG_NOSIGNAL) != n) {
		doorio_fail(io, "writing to the door simulator: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* A setup request: send it and wait for its answer. 0 with the answer, or -1. */
static int
call(struct doorio *io, char *reply, size_t rlen, const char *req)
{
	struct sim *s = io->be_state;
	if (sim_send(io, s, "%s", req) != 0)
		return -1;
	int64_t until = gh_mono_ms() + SIM_REPLY_MS;
	while (!take_lines(io, s, reply, rlen)) {
		int64_t left = until - gh_mono_ms();
		if (left <= 0 || fill(io, s, (int)left) < 0) {
			if (!io->failed)
				doorio_fail(io, "the door simulator did not answer");
			return -1;
		}
	}
	return 0;
}

static int
sim_open(struct doorio *io, const struct doorio_opts *o, char *err, size_t len)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *path = o ? o->sim_path : NULL;
	if (path == NULL || path[0] == '\0') {
		snprintf(err, len, "sim: lines need the door simulator (--door-sim PATH)");
		return -1;
	}
	if (strlen(path) >= sizeof sun.sun_path) {
		snprintf(err, len, "door simulator socket path is too long");
		return -1;
	}
	strcpy(sun.sun_path, path);
	struct sim *s = calloc(1, sizeof *s);
	if (s == NULL) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->fd < 0 || connect(s->fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		snprintf(err, len, "cannot reach the door simulator at %s: %s", path,
		    strerror(errno));
		if (s->fd >= 0)
			close(s->fd);
		free(s);
		return -1;
	}
	io->be_state = s;
	char reply[256];
	if (call(io, reply, sizeof reply, "driver") != 0 || strcmp(reply, "ok") != 0) {
		snprintf(err, len, "door simulator at %s: %s", path,
		    io->failed ? io->error : reply);
		close(s->fd);
		free(s);
		return -1;
	}
	return 0;
}

static void
sim_close(struct doorio *io)
{
	struct sim *s = io->be_state;
	if (s) {
		close(s->fd);
		free(s);
	}
}

/* A door name as one word of the simulator's grammar: in double quotes, with \" and
 * \\ escaped. */
static void
quote(char *dst, size_t len, const char *src)
{
	size_t n = 0;
	dst[n++] = '"';
	for (; *src && n + 3 < len; src++) {
		if (*src == '"' || *src == '\\')
			dst[n++] = '\\';
		dst[n++] = *src;
	}
	dst[n++] = '"';
	dst[n] = '\0';
}

static int
sim_output(struct doorio *io, struct doorio_line *l, const char *door, char *err,
    size_t len)
{
	char q[GH_NAME_MAX_BYTES * 2 + 3], req[1024], reply[256];
	quote(q, sizeof q, door);
	snprintf(req, sizeof req, "door %s %s %s", q, l->spec,
	    l->fail_safe ? "fail-safe" : "fail-secure");
	if (call(io, reply, sizeof reply, req) != 0 || strcmp(reply, "ok") != 0)
		goto fail;
	snprintf(req, sizeof req, "set %s %d", l->spec, l->level);
	if (call(io, reply, sizeof reply, req) != 0 || strcmp(reply, "ok") != 0)
		goto fail;
	return 0;
fail:
	snprintf(err, len, "door simulator, relay %s: %s", l->spec,
	    io->failed ? io->error : reply);
	return -1;
}

static int
sim_set(struct doorio *io, struct doorio_line *l, int level)
{
	struct sim *s = io->be_state;
	if (sim_send(io, s, "set %s %d", l->spec, level) != 0)
		return -1;
	s->pending++;
	return 0;
}

static int
sim_input(struct doorio *io, struct doorio_line *l, int *value, char *err, size_t len)
{
	char req[256], reply[256];
	snprintf(req, sizeof req, "get %s", l->spec);
	if (call(io, reply, sizeof reply, req) != 0) {
		snprintf(err, len, "door simulator, input %s: %s", l->spec, io->error);
		return -1;
	}
	/* A line nobody has touched yet is unknown to the simulator: it reads 0. */
	*value = strcmp(reply, "ok 1") == 0;
	return 0;
}

static int
sim_fd(const struct doorio *io)
{
	const struct sim *s = io->be_state;
	return s->fd;
}

static int
sim_read(struct doorio *io)
{
	struct sim *s = io->be_state;
	int n;
	while ((n = fill(io, s, 0)) > 0)
		take_lines(io, s, NULL, 0);
	return n < 0 ? -1 : 0;
}

const struct doorio_backend doorio_sim_backend = {
	"sim", sim_open, sim_close, sim_output, sim_set, sim_input, sim_fd, sim_read,
};
