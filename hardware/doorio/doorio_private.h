/* Inside the door I/O drivers: the common part (doorio.c: lines, polarity, debounce,
 * the queue of edges) and the backends it calls (sim.c, gpiod.c). */
#ifndef GH_DOORIO_PRIVATE_H
#define GH_DOORIO_PRIVATE_H

#include "hardware/doorio/debounce.h"
#include "hardware/doorio/doorio.h"

#define DOORIO_QUEUE 256	/* debounced edges waiting for doorio_poll */

struct doorio_line {
	char spec[DOORIO_SPEC_MAX];	/* CHIP:LINE as declared */
	char name[DOORIO_LINE_MAX];	/* LINE */
	long offset;			/* -1: LINE is a name */
	int output;
	int fail_safe;			/* outputs: the door's lock */
	int level;			/* outputs: 1 = energised */
	int flags;			/* inputs: DOORIO_ACTIVE_LOW, DOORIO_PULL_UP */
	struct debounce db;		/* inputs */
	void *handle;			/* the backend's */
};

struct doorio;

struct doorio_backend {
	const char *name;
	/* Set io->be_state; 0, or -1 with a message. */
	int (*open)(struct doorio *io, const struct doorio_opts *o, char *err, size_t len);
	void (*close)(struct doorio *io);
	/* Request the output at `level`; 0 or -1 with a message. */
	int (*output)(struct doorio *io, struct doorio_line *l, const char *door, char *err,
	    size_t len);
	int (*set)(struct doorio *io, struct doorio_line *l, int level);
	/* Request the input with edge events; *value its logical value now. */
	int (*input)(struct doorio *io, struct doorio_line *l, int *value, char *err,
	    size_t len);
	int (*fd)(const struct doorio *io);
	/* Read whatever is pending without blocking, handing each change to doorio_raw.
	 * 0, or -1 when the driver has failed (doorio_fail called). */
	int (*read)(struct doorio *io);
};

extern const struct doorio_backend doorio_sim_backend;
extern const struct doorio_backend doorio_gpiod_backend;

struct doorio {
	const struct doorio_backend *be;
	void *be_state;
	char chip[DOORIO_CHIP_MAX];
	char consumer[32];
	int debounce_ms;
	struct doorio_line *lines;
	int nlines;
	struct doorio_edge queue[DOORIO_QUEUE];
	int qhead, qlen;
	int failed;
	char error[256];
};

/* A raw value read on an input line at t_ms (backends call this). */
void doorio_raw(struct doorio *io, struct doorio_line *l, int value, int64_t t_ms);
/* The declared line with that spec, or NULL. */
struct doorio_line *doorio_find(struct doorio *io, const char *spec);
/* The driver has failed for good: say why. */
void doorio_fail(struct doorio *io, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A libgpiod event's time in our monotonic milliseconds (gpiod.c). */
struct timespec;
int64_t doorio_gpiod_event_ms(const struct timespec *ts, int64_t now_ms);

#endif
