/* Door I/O drivers, the common part: line names, relay polarity, debounce, the queue
 * of edges; see doorio.h.  The backends are sim.c and gpiod.c. */
#include "hardware/doorio/doorio_private.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/loop.h"
#include "controller/util.h"

int
doorio_parse(const char *spec, char chip[DOORIO_CHIP_MAX], char line[DOORIO_LINE_MAX],
    long *offset, char *err, size_t errlen)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	size_t clen = colon ? (size_t)(colon - spec) : 0;
	int ok = colon && clen > 0 && clen < DOORIO_CHIP_MAX && colon[1] != '\0' &&
	    strlen(colon + 1) < DOORIO_LINE_MAX;
	for (const char *p = spec; ok && *p; p++)
		if (p != colon && !isalnum((unsigned char)*p) && *p != '_' && *p != '-' &&
		    *p != '.')
			ok = 0;
	if (!ok) {
		snprintf(err, errlen, "line '%.*s' must be CHIP:LINE (e.g. gpiochip0:17, "
		    "gpiochip0:DOOR1_RELAY or sim:D1.relay)", 120, spec ? spec : "");
		return -1;
	}
	memcpy(chip, spec, clen);
	chip[clen] = '\0';
	gh_strlcpy(line, colon + 1, DOORIO_LINE_MAX);
	/* A decimal number is an offset; anything else is a line name. */
	*offset = -1;
	const char *p = line;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '\0') {
		if (gh_parse_long(line, 0, 65535, offset) != 0) {
			snprintf(err, errlen, "line '%s': offset %s is out of range 0..65535",
			    spec, line);
			return -1;
		}
	}
	return 0;
}

int
doorio_energise(int fail_safe, int release)
{
	/* A maglock (fail-safe) holds while energised: energised to lock.  A strike
	 * (fail-secure) opens while energised: energised to release. */
	return fail_safe ? !release : release != 0;
}

struct doorio *
doorio_open(const char *chip, const struct doorio_opts *o, char *err, size_t errlen)
{
	struct doorio *io;
	if (chip == NULL || chip[0] == '\0' || strlen(chip) >= DOORIO_CHIP_MAX) {
		snprintf(err, errlen, "door I/O chip name must be 1 to %d bytes",
		    DOORIO_CHIP_MAX - 1);
		return NULL;
	}
	if ((io = calloc(1, sizeof *io)) == NULL ||
	    (io->lines = calloc(DOORIO_MAX_LINES, sizeof *io->lines)) == NULL) {
		free(io);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	gh_strlcpy(io->chip, chip, sizeof io->chip);
	gh_strlcpy(io->consumer, o && o->consumer ? o->consumer : "gatehouse",
	    sizeof io->consumer);
	io->debounce_ms = o && o->debounce_ms ? o->debounce_ms : DEBOUNCE_DEFAULT_MS;
	io->be = strcmp(chip, "sim") == 0 ? &doorio_sim_backend : &doorio_gpiod_backend;
	if (io->be->open(io, o, err, errlen) != 0) {
		free(io->lines);
		free(io);
		return NULL;
	}
	return io;
}

void
doorio_close(struct doorio *io)
{
	if (io == NULL)
		return;
	io->be->close(io);
	free(io->lines);
	free(io);
}

const char *
doorio_chip(const struct doorio *io)
{
	return io->chip;
}

const char *
doorio_error(const struct doorio *io)
{
	return io->error;
}

void
doorio_fail(struct doorio *io, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(io->error, sizeof io->error, fmt, ap);
	va_end(ap);
	io->failed = 1;
}

struct doorio_line *
doorio_find(struct doorio *io, const char *spec)
{
	for (int i = 0; i < io->nlines; i++)
		if (strcmp(io->lines[i].spec, spec) == 0)
			return &io->lines[i];
	return NULL;
}

/* The line for spec: the declared one, or a new one (not yet counted) after checks. */
static struct doorio_line *
line_new(struct doorio *io, const char *spec, char *err, size_t errlen)
{
	char chip[DOORIO_CHIP_MAX];
	struct doorio_line *l;
	if (io->failed) {
		snprintf(err, errlen, "door I/O %s: %s", io->chip, io->error);
		return NULL;
	}
	if (io->nlines == DOORIO_MAX_LINES) {
		snprintf(err, errlen, "door I/O %s: more than %d lines", io->chip,
		    DOORIO_MAX_LINES);
		return NULL;
	}
	l = &io->lines[io->nlines];
	memset(l, 0, sizeof *l);
	if (doorio_parse(spec, chip, l->name, &l->offset, err, errlen) != 0)
		return NULL;
	if (strcmp(chip, io->chip) != 0) {
		snprintf(err, errlen, "line '%s' is not on chip %s", spec, io->chip);
		return NULL;
	}
	gh_strlcpy(l->spec, spec, sizeof l->spec);
	return l;
}

int
doorio_relay(struct doorio *io, const char *door, const char *spec, int fail_safe,
    char *err, size_t errlen)
{
	struct doorio_line *l = doorio_find(io, spec);
	if (l) {
		if (!l->output) {
			snprintf(err, errlen, "line '%s' is an input, not a relay", spec);
			return -1;
		}
		if (l->fail_safe != (fail_safe != 0)) {
			snprintf(err, errlen, "relay '%s' serves doors with different locks "
			    "(fail-safe and fail-secure)", spec);
			return -1;
		}
		return 0;
	}
	if ((l = line_new(io, spec, err, errlen)) == NULL)
		return -1;
	l->output = 1;
	l->fail_safe = fail_safe != 0;
	l->level = doorio_energise(l->fail_safe, 0);	/* locked from the start */
	if (io->be->output(io, l, door, err, errlen) != 0)
		return -1;
	io->nlines++;
	return 0;
}

int
doorio_lock(struct doorio *io, const char *spec, int release)
{
	struct doorio_line *l = doorio_find(io, spec);
	if (l == NULL || !l->output || io->failed)
		return -1;
	l->level = doorio_energise(l->fail_safe, release);
	return io->be->set(io, l, l->level);
}

int
doorio_relay_level(const struct doorio *io, const char *spec)
{
	struct doorio_line *l = doorio_find((struct doorio *)io, spec);
	return l && l->output ? l->level : -1;
}

int
doorio_input(struct doorio *io, const char *spec, int flags, int *value, char *err,
    size_t errlen)
{
	struct doorio_line *l = doorio_find(io, spec);
	if (l) {
		if (l->output) {
			snprintf(err, errlen, "line '%s' is a relay, not an input", spec);
			return -1;
		}
		if (l->flags != flags) {
			snprintf(err, errlen, "input '%s' is declared twice with different "
			    "wiring", spec);
			return -1;
		}
		*value = l->db.stable;
		return 0;
	}
	if ((l = line_new(io, spec, err, errlen)) == NULL)
		return -1;
	l->flags = flags;
	int v = 0;
	if (io->be->input(io, l, &v, err, errlen) != 0)
		return -1;
	debounce_init(&l->db, io->debounce_ms, v, gh_mono_ms());
	io->nlines++;
	*value = l->db.stable;
	return 0;
}

static void
enqueue(struct doorio *io, const struct doorio_line *l, int value, int64_t t)
{
	if (io->qlen == DOORIO_QUEUE) {
		/* Never in practice (the loop drains it every round): the oldest goes. */
		log_warnx("door I/O %s: edge queue full, an edge of %s is lost", io->chip,
		    io->queue[io->qhead].line);
		io->qhead = (io->qhead + 1) % DOORIO_QUEUE;
		io->qlen--;
	}
	struct doorio_edge *e = &io->queue[(io->qhead + io->qlen++) % DOORIO_QUEUE];
	gh_strlcpy(e->line, l->spec, sizeof e->line);
	e->value = value;
	e->mono_ms = t;
}

void
doorio_raw(struct doorio *io, struct doorio_line *l, int value, int64_t t_ms)
{
	int v;
	int64_t since;
	if (l == NULL || l->output)
		return;		/* a line nobody declared as an input */
	if (debounce_raw(&l->db, value, t_ms, &v, &since))
		enqueue(io, l, v, since);
}

int
doorio_fd(const struct doorio *io)
{
	return io->failed ? -1 : io->be->fd(io);
}

int
doorio_poll(struct doorio *io, int64_t now_ms, struct doorio_edge *e, int max)
{
	/* Read first: an edge waiting in the descriptor may end a pulse whose deadline
	 * has come, and then the pulse was too short. */
	if (!io->failed && io->be->read(io) != 0)
		io->failed = 1;
	for (int i = 0; i < io->nlines; i++) {
		struct doorio_line *l = &io->lines[i];
		int v;
		int64_t since;
		if (!l->output && debounce_poll(&l->db, now_ms, &v, &since))
			enqueue(io, l, v, since);
	}
	int n = 0;
	while (n < max && io->qlen > 0) {
		e[n++] = io->queue[io->qhead];
		io->qhead = (io->qhead + 1) % DOORIO_QUEUE;
		io->qlen--;
	}
	if (n == 0 && io->failed)
		return -1;
	return n;
}

int64_t
doorio_deadline(const struct doorio *io)
{
	if (io->qlen > 0)
		return 0;
	int64_t at = INT64_MAX;
	for (int i = 0; i < io->nlines; i++)
		if (!io->lines[i].output) {
			int64_t d = debounce_deadline(&io->lines[i].db);
			if (d < at)
				at = d;
		}
	return at;
}
