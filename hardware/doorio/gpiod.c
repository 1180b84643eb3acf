/* Door I/O through libgpiod (the Debian 12 libgpiod 1.6 API): one driver per chip.
 *
 * Relays are requested as outputs at their locked level, so requesting them never
 * releases a door.  Inputs are requested with events on both edges and, when asked,
 * the active-low flag and the chip's pull-up (contacts switch to ground, see
 * hardware/WIRING.md).  Each input has its own event descriptor in this API; they are
 * gathered in one epoll descriptor, the one the controller's loop watches.  Event
 * times are the kernel's (CLOCK_MONOTONIC since Linux 5.7); a time that is not ours
 * is replaced by the time of reading. */
#include "hardware/doorio/doorio_private.h"

#include <errno.h>
#include <gpiod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "controller/loop.h"
#include "controller/util.h"

#define GPIOD_CLOCK_SKEW_MS 5000
#define GPIOD_EVENTS 16

struct gpiod_drv {
	struct gpiod_chip *chip;
	int epfd;
};

static int
gp_open(struct doorio *io, const struct doorio_opts *o, char *err, size_t len)
{
	(void)o;
	char path[64];
	struct stat st;
	/* gpiochipN is /dev/gpiochipN; other names are chip labels (pinctrl-bcm2711). */
	snprintf(path, sizeof path, "/dev/%s", io->chip);
	int by_name = strncmp(io->chip, "gpiochip", 8) == 0;
	if (by_name && stat(path, &st) != 0) {
		snprintf(err, len, "GPIO chip %s: %s does not exist (no such GPIO chip on this "
		    "machine; `gpiodetect` lists them)", io->chip, path);
		return -1;
	}
	struct gpiod_drv *g = calloc(1, sizeof *g);
	if (g == NULL) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	errno = 0;
	g->chip = by_name ? gpiod_chip_open(path) : gpiod_chip_open_by_label(io->chip);
	if (g->chip == NULL) {
		int e = errno;
		if (!by_name && (e == ENOENT || e == 0))
			snprintf(err, len, "GPIO chip %s: no chip has that label (`gpiodetect` "
			    "lists them)", io->chip);
		else if (e == EACCES || e == EPERM)
			snprintf(err, len, "GPIO chip %s: permission denied (the controller's "
			    "user needs the gpio group, or opens its chips before dropping "
			    "privileges)", io->chip);
		else
			snprintf(err, len, "GPIO chip %s: %s", io->chip,
			    e ? strerror(e) : "cannot be opened");
		free(g);
		return -1;
	}
	if ((g->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		snprintf(err, len, "GPIO chip %s: epoll: %s", io->chip, strerror(errno));
		gpiod_chip_close(g->chip);
		free(g);
		return -1;
	}
	io->be_state = g;
	return 0;
}

static void
gp_close(struct doorio *io)
{
	struct gpiod_drv *g = io->be_state;
	if (g == NULL)
		return;
	/* Closing the chip releases its lines; outputs keep their last level on most
	 * chips (the Raspberry Pi's among them). */
	close(g->epfd);
	gpiod_chip_close(g->chip);
	free(g);
}

static struct gpiod_line *
find_line(struct doorio *io, struct doorio_line *l, char *err, size_t len)
{
	struct gpiod_drv *g = io->be_state;
	struct gpiod_line *line;
	errno = 0;
	if (l->offset >= 0) {
		if ((unsigned)l->offset >= gpiod_chip_num_lines(g->chip)) {
			snprintf(err, len, "line %s: %s has lines 0..%u only", l->spec, io->chip,
			    gpiod_chip_num_lines(g->chip) - 1);
			return NULL;
		}
		line = gpiod_chip_get_line(g->chip, (unsigned)l->offset);
	} else {
		line = gpiod_chip_find_line(g->chip, l->name);
	}
	if (line == NULL) {
		if (l->offset < 0 && (errno == ENOENT || errno == 0))
			snprintf(err, len, "line %s: %s has no line named %s (`gpioinfo %s` "
			    "lists them)", l->spec, io->chip, l->name, io->chip);
		else
			snprintf(err, len, "line %s: %s", l->spec, strerror(errno));
		return NULL;
	}
	/* Two names for one line (an offset and a name): requested once only. */
	for (int i = 0; i < io->nlines; i++)
		if (io->lines[i].handle == line) {
			snprintf(err, len, "line %s is line %s already", l->spec,
			    io->lines[i].spec);
			return NULL;
		}
	return line;
}

static void
request_error(char *err, size_t len, const struct doorio_line *l, struct gpiod_line *line)
{
	int e = errno;
	if (e == EBUSY)
		snprintf(err, len, "line %s is in use by %s", l->spec,
		    gpiod_line_consumer(line) ? gpiod_line_consumer(line) : "another program");
	else
		snprintf(err, len, "line %s: %s", l->spec, strerror(e));
}

static int
gp_output(struct doorio *io, struct doorio_line *l, const char *door, char *err,
    size_t len)
{
	(void)door;
	struct gpiod_line *line = find_line(io, l, err, len);
	if (line == NULL)
		return -1;
	/* The level is the locked one (doorio_relay): no release while starting. */
	if (gpiod_line_request_output(line, io->consumer, l->level) != 0) {
		request_error(err, len, l, line);
		return -1;
	}
	l->handle = line;
	return 0;
}

static int
gp_set(struct doorio *io, struct doorio_line *l, int level)
{
	if (gpiod_line_set_value(l->handle, level) != 0) {
		doorio_fail(io, "setting %s: %s", l->spec, strerror(errno));
		return -1;
	}
	return 0;
}

static int
gp_input(struct doorio *io, struct doorio_line *l, int *value, char *err, size_t len)
{
	struct gpiod_drv *g = io->be_state;
	struct gpiod_line *line = find_line(io, l, err, len);
	if (line == NULL)
		return -1;
	int flags = 0;
	if (l->flags & DOORIO_ACTIVE_LOW)
		flags |= GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW;
	if (l->flags & DOORIO_PULL_UP)
		flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
	int rc = gpiod_line_request_both_edges_events_flags(line, io->consumer, flags);
	if (rc != 0 && (flags & GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP) && errno != EBUSY) {
		/* A kernel or chip without bias control (before Linux 5.5): the pull-up
		 * must then be a resistor on the board (hardware/WIRING.md). */
		log_warnx("line %s: no pull-up from the chip (%s); an external pull-up "
		    "resistor is needed", l->spec, strerror(errno));
		rc = gpiod_line_request_both_edges_events_flags(line, io->consumer,
		    flags & ~GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP);
	}
	if (rc != 0) {
		request_error(err, len, l, line);
		return -1;
	}
	int v = gpiod_line_get_value(line);
	int fd = gpiod_line_event_get_fd(line);
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = l };
	if (v < 0 || fd < 0 || epoll_ctl(g->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		snprintf(err, len, "line %s: %s", l->spec, strerror(errno));
		gpiod_line_release(line);
		return -1;
	}
	l->handle = line;
	*value = v;
	return 0;
}

static int
gp_fd(const struct doorio *io)
{
	const struct gpiod_drv *g = io->be_state;
	return g->epfd;
}

int64_t
doorio_gpiod_event_ms(const struct timespec *ts, int64_t now_ms)
{
	int64_t t = (int64_t)ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
	/* Kernels before 5.7 stamp with the real-time clock: not comparable. */
	return t <= now_ms && t >= now_ms - GPIOD_CLOCK_SKEW_MS ? t : now_ms;
}

static int
gp_read(struct doorio *io)
{
	struct gpiod_drv *g = io->be_state;
	struct epoll_event ready[32];
	int n = epoll_wait(g->epfd, ready, 32, 0);
	if (n < 0)
		return errno == EINTR ? 0 : (doorio_fail(io, "epoll: %s", strerror(errno)), -1);
	for (int i = 0; i < n; i++) {
		struct doorio_line *l = ready[i].data.ptr;
		struct gpiod_line_event evs[GPIOD_EVENTS];
		if (ready[i].events & (EPOLLERR | EPOLLHUP)) {
			doorio_fail(io, "line %s: the chip is gone", l->spec);
			return -1;
		}
		int k = gpiod_line_event_read_multiple(l->handle, evs, GPIOD_EVENTS);
		if (k < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			doorio_fail(io, "reading line %s: %s", l->spec, strerror(errno));
			return -1;
		}
		int64_t now = gh_mono_ms();
		for (int j = 0; j < k; j++)
			doorio_raw(io, l, evs[j].event_type == GPIOD_LINE_EVENT_RISING_EDGE,
			    doorio_gpiod_event_ms(&evs[j].ts, now));
	}
	return 0;
}

const struct doorio_backend doorio_gpiod_backend = {
	"gpiod", gp_open, gp_close, gp_output, gp_set, gp_input, gp_fd, gp_read,
};
