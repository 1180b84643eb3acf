/* The controller's doors: state machines, door I/O drivers, debounced inputs; see
 * doors.h, hardware/doorio/doorio.h and hardware/WIRING.md.
 *
 * Each CHIP named by the site's lines has one driver (sim: the simulator's socket,
 * others libgpiod).  A door is online while every driver its lines use works; when
 * one fails, its doors go offline with their locks commanded locked and a
 * door-io-offline alarm (IEC 60839-11-1: losing the I/O never releases a door).  Every
 * loss is journalled (`door-io-offline`, with the chip and why) and the driver is
 * reopened with back-off (1 s doubling to 30 s); when it is back (`door-io-online`)
 * its doors are declared again and relocked, or unlocked if a fire or an evacuation
 * is still on. */
#include "controller/daemon/doors.h"

#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/json.h"
#include "controller/util.h"
#include "hardware/doorio/doorio.h"

#define MAX_DRIVERS 16
#define EDGES 32
#define RETRY_MIN_MS 1000
#define RETRY_MAX_MS 30000

enum role { ROLE_RELAY, ROLE_CONTACT, ROLE_REX, ROLE_FIRE, ROLE_TAMPER, NROLES };
static const char *const role_name[NROLES] = { "relay", "contact", "exit button", "fire",
	"tamper" };

/* Input wiring (hardware/WIRING.md): every input switches to ground against a pull-up.
 * A door contact, a fire-alarm relay and a tamper loop are closed at rest and read 1
 * when they open (a cut wire reads as open door, fire, tamper); an exit button is
 * open at rest and reads 0 when pressed (a cut wire never releases the door). */
static const int role_flags[NROLES] = { 0, DOORIO_PULL_UP,
	DOORIO_PULL_UP | DOORIO_ACTIVE_LOW, DOORIO_PULL_UP, DOORIO_PULL_UP };

struct driver {
	char chip[DOORIO_CHIP_MAX];
	struct doorio *io;	/* NULL when it could not open, or failed */
	char why[300];		/* why it is NULL */
	int fd;			/* its descriptor in the loop, -1 when not */
	int64_t timer;		/* its debounce deadline */
	int64_t retry;		/* its reopening, when lost */
	int retry_ms;		/* the back-off before the next reopening */
};

static struct {
	struct gh_loop *loop;
	const struct gh_rt_site *site;
	struct doors_hooks h;
	struct door_sm *sm;
	int64_t *timer;
	struct driver drv[MAX_DRIVERS];
	int ndrv;
	int debounce_ms;
	const char *sim_path;
} D;

static const char *
door_line(const struct gh_rt_door *d, enum role r)
{
	switch (r) {
	case ROLE_RELAY: return d->relay;
	case ROLE_CONTACT: return d->contact;
	case ROLE_REX: return d->rex;
	case ROLE_FIRE: return d->fire;
	case ROLE_TAMPER: return d->tamper;
	default: return "";
	}
}

/* The driver of a chip (added when create), or NULL. */
static struct driver *
driver_chip(const char *chip, int create)
{
	for (int i = 0; i < D.ndrv; i++)
		if (strcmp(D.drv[i].chip, chip) == 0)
			return &D.drv[i];
	if (!create || D.ndrv == MAX_DRIVERS)
		return NULL;
	struct driver *v = &D.drv[D.ndrv++];
	memset(v, 0, sizeof *v);
	gh_strlcpy(v->chip, chip, sizeof v->chip);
	v->fd = -1;
	return v;
}

/* The driver of spec's chip, or NULL. */
static struct driver *
driver_for(const char *spec, int create)
{
	char chip[DOORIO_CHIP_MAX], line[DOORIO_LINE_MAX], err[200];
	long offset;
	if (doorio_parse(spec, chip, line, &offset, err, sizeof err) != 0)
		return NULL;
	return driver_chip(chip, create);
}

int
doors_open(struct gh_db *cfg, const struct gh_rt_site *site, const char *sim_path)
{
	long ms;
	memset(&D, 0, sizeof D);
	D.site = site;
	D.sim_path = sim_path;
	D.debounce_ms = gh_setting_long(cfg, "input-debounce-ms", &ms) == GH_OK ? (int)ms : 50;
	struct doorio_opts o = { .sim_path = sim_path, .debounce_ms = D.debounce_ms,
		.consumer = "gatehouse" };
	if (sim_path)
		driver_chip("sim", 1);	/* reached at start even with no sim: line */
	for (int i = 0; i < site->ndoors; i++)
		for (int r = 0; r < NROLES; r++) {
			const char *spec = door_line(&site->doors[i], r);
			if (spec[0] && driver_for(spec, 1) == NULL)
				log_warnx("door %s: %s line %s: no driver (more than %d chips, or "
				    "not CHIP:LINE)", site->doors[i].name, role_name[r], spec,
				    MAX_DRIVERS);
		}
	for (int i = 0; i < D.ndrv; i++) {
		struct driver *v = &D.drv[i];
		v->io = doorio_open(v->chip, &o, v->why, sizeof v->why);
		if (v->io == NULL) {
			if (sim_path && strcmp(v->chip, "sim") == 0) {
				log_warnx("%s", v->why);
				return -1;
			}
			log_warnx("door I/O %s: %s", v->chip, v->why);
		}
	}
	return 0;
}

static void on_driver_io(struct gh_loop *l, int fd, short revents, void *arg);
static void on_driver_timer(struct gh_loop *l, void *arg);
static void on_driver_retry(struct gh_loop *l, void *arg);
static int door_declare(int i, int in[NROLES], char *why, size_t len);
static void driver_poll(struct driver *v);

/* A driver lost or back, in the journal (R-TRACE). */
static void
driver_event(const struct driver *v, const char *kind, const char *why)
{
	struct gh_buf b;
	struct gh_json j;
	gh_buf_init(&b);
	gh_json_init(&j, &b);
	gh_json_obj(&j);
	gh_json_kstr(&j, "chip", v->chip);
	if (why)
		gh_json_kstr(&j, "why", why);
	gh_json_obj_end(&j);
	struct gh_event ev = { .kind = kind, .details = b.s };
	D.h.journal(&ev);
	gh_buf_free(&b);
}

/* Does door i use driver v? */
static int
door_uses(int i, const struct driver *v)
{
	for (int r = 0; r < NROLES; r++) {
		const char *spec = door_line(&D.site->doors[i], r);
		if (spec[0] && driver_for(spec, 0) == v)
			return 1;
	}
	return 0;
}

/* Driver v has failed: its doors go offline (their locks commanded locked). */
static void
driver_fail(struct driver *v, const char *why)
{
	if (v->io == NULL)
		return;
	gh_strlcpy(v->why, why, sizeof v->why);
	log_warnx("door I/O %s lost: %s", v->chip, v->why);
	if (v->fd >= 0)
		gh_loop_fd_del(D.loop, v->fd);
	if (v->timer)
		gh_loop_cancel(D.loop, v->timer);
	v->fd = -1;
	v->timer = 0;
	doorio_close(v->io);
	v->io = NULL;
	driver_event(v, "door-io-offline", v->why);
	for (int i = 0; i < D.site->ndoors; i++)
		if (door_uses(i, v)) {
			struct door_out o;
			door_step(&D.sm[i], DOOR_IN_DRIVER_FAIL, gh_mono_ms(), &o);
			door_apply(i, &o, NULL, NULL);
		}
	v->retry_ms = RETRY_MIN_MS;
	if (v->retry)
		gh_loop_cancel(D.loop, v->retry);
	v->retry = gh_loop_at(D.loop, gh_mono_ms() + v->retry_ms, on_driver_retry, v);
}

/* Reopen lost driver v; its doors come back locked (or as a fire or evacuation wants
 * them), declared again: a restarted simulator or a replugged board knows nothing. */
static void
on_driver_retry(struct gh_loop *l, void *arg)
{
	struct driver *v = arg;
	struct doorio_opts o = { .sim_path = D.sim_path, .debounce_ms = D.debounce_ms,
		.consumer = "gatehouse" };
	char why[sizeof v->why];
	v->retry = 0;
	v->io = doorio_open(v->chip, &o, why, sizeof why);
	int fd = v->io ? doorio_fd(v->io) : -1;
	if (v->io && (fd < 0 || gh_loop_fd(l, fd, POLLIN, on_driver_io, v) != 0)) {
		doorio_close(v->io);
		v->io = NULL;
	}
	if (v->io == NULL) {
		v->retry_ms = v->retry_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : v->retry_ms * 2;
		v->retry = gh_loop_at(l, gh_mono_ms() + v->retry_ms, on_driver_retry, v);
		return;
	}
	v->fd = fd;
	log_info("door I/O %s back", v->chip);
	driver_event(v, "door-io-online", NULL);
	for (int i = 0; i < D.site->ndoors && v->io; i++) {
		int in[NROLES];
		char dwhy[512];
		struct door_out out;
		if (!door_uses(i, v))
			continue;
		if (door_declare(i, in, dwhy, sizeof dwhy) != 0) {
			/* Another of its drivers is still lost, or this one failed again
			 * (then driver_fail has run): the door stays offline. */
			log_warnx("door %s still offline: %s", D.site->doors[i].name, dwhy);
			continue;
		}
		door_step(&D.sm[i], DOOR_IN_DRIVER_OK, gh_mono_ms(), &out);
		door_apply(i, &out, NULL, NULL);
	}
	if (v->io)
		driver_poll(v);
}

static void
on_door_timer(struct gh_loop *l, void *arg)
{
	(void)l;
	int i = (int)(intptr_t)arg;
	struct door_out o;
	D.timer[i] = 0;
	door_step(&D.sm[i], DOOR_IN_TICK, gh_mono_ms(), &o);
	door_apply(i, &o, NULL, NULL);
}

void
door_apply(int i, const struct door_out *o, const char *operator_, const char *reason)
{
	const struct gh_rt_door *d = &D.site->doors[i];
	for (int k = 0; k < o->nevents; k++) {
		struct gh_event ev = { .kind = o->event[k], .door = d->name,
			.operator_ = operator_, .reason = reason };
		D.h.journal(&ev);
	}
	if (o->alarm)
		D.h.raise_alarm(o->alarm, "door", d->name);
	if (o->lock != DOOR_LOCK_NONE && d->relay[0]) {
		struct driver *v = driver_for(d->relay, 0);
		/* doorio knows the polarity: a fail-safe maglock is energised to lock, a
		 * fail-secure strike to release. */
		if (v && v->io && doorio_lock(v->io, d->relay, o->lock == DOOR_LOCK_RELEASE) != 0)
			driver_fail(v, doorio_error(v->io)[0] ? doorio_error(v->io) :
			    "the relay could not be driven");
	}
	if (D.timer[i])
		gh_loop_cancel(D.loop, D.timer[i]);
	D.timer[i] = 0;
	int64_t at = door_next_deadline(&D.sm[i]);
	if (at != INT64_MAX)
		D.timer[i] = gh_loop_at(D.loop, at, on_door_timer, (void *)(intptr_t)i);
}

void
door_grant(int i)
{
	struct door_out o;
	door_step(&D.sm[i], DOOR_IN_GRANT, gh_mono_ms(), &o);
	door_apply(i, &o, NULL, NULL);
}

int
door_find(const char *name)
{
	for (int i = 0; i < D.site->ndoors; i++)
		if (strcmp(D.site->doors[i].name, name) == 0)
			return i;
	return -1;
}

/* R-EMERGENCY: a fire input changed.  Each door on it journals the change (kind
 * fire-input, reason on or off, the line in the details) before it moves. */
static void
fire_input(const char *spec, int on, int64_t t)
{
	char details[2 * DOORIO_SPEC_MAX + 16];
	struct gh_buf b;
	gh_buf_init(&b);
	gh_json_quote(&b, spec);
	snprintf(details, sizeof details, "{\"line\":%s}", b.s);
	gh_buf_free(&b);
	int fire_line = 0;
	for (int i = 0; i < D.site->ndoors; i++)
		if (strcmp(D.site->doors[i].fire, spec) == 0) {
			fire_line = 1;
			struct gh_event ev = { .kind = "fire-input", .door = D.site->doors[i].name,
				.reason = on ? "on" : "off", .details = details };
			struct door_out o;
			D.h.journal(&ev);
			door_step(&D.sm[i], on ? DOOR_IN_FIRE_ON : DOOR_IN_FIRE_OFF, t, &o);
			door_apply(i, &o, NULL, NULL);
		}
	if (fire_line && D.h.fire)
		D.h.fire(spec, on);
}

/* One debounced input edge. */
static void
input_edge(const struct doorio_edge *e)
{
	fire_input(e->line, e->value, e->mono_ms);
	for (int i = 0; i < D.site->ndoors; i++) {
		const struct gh_rt_door *d = &D.site->doors[i];
		struct door_out o;
		if (strcmp(d->contact, e->line) == 0) {
			door_step(&D.sm[i], e->value ? DOOR_IN_CONTACT_OPEN : DOOR_IN_CONTACT_CLOSE,
			    e->mono_ms, &o);
			door_apply(i, &o, NULL, NULL);
		}
		if (strcmp(d->rex, e->line) == 0 && e->value) {
			door_step(&D.sm[i], DOOR_IN_EXIT_BUTTON, e->mono_ms, &o);
			door_apply(i, &o, NULL, NULL);
		}
		if (strcmp(d->tamper, e->line) == 0 && e->value)
			D.h.raise_alarm("tamper", "door", d->name);	/* R-DETECT */
	}
}

/* Take driver v's edges, then wait for its next debounce deadline. */
static void
driver_poll(struct driver *v)
{
	struct doorio_edge e[EDGES];
	int n;
	do {
		if (v->io == NULL)
			return;
		n = doorio_poll(v->io, gh_mono_ms(), e, EDGES);
		if (n < 0) {
			driver_fail(v, doorio_error(v->io));
			return;
		}
		for (int k = 0; k < n; k++)
			input_edge(&e[k]);
	} while (n == EDGES);
	if (v->io == NULL)
		return;	/* failed while driving a relay */
	if (v->timer)
		gh_loop_cancel(D.loop, v->timer);
	v->timer = 0;
	int64_t at = doorio_deadline(v->io);
	if (at != INT64_MAX)
		v->timer = gh_loop_at(D.loop, at, on_driver_timer, v);
}

static void
on_driver_io(struct gh_loop *l, int fd, short revents, void *arg)
{
	(void)l;
	(void)fd;
	(void)revents;
	driver_poll(arg);
}

static void
on_driver_timer(struct gh_loop *l, void *arg)
{
	(void)l;
	struct driver *v = arg;
	v->timer = 0;
	driver_poll(v);
}

/* Declare door i's lines; 0, or -1 with why (the door then starts offline). */
static int
door_declare(int i, int in[NROLES], char *why, size_t len)
{
	const struct gh_rt_door *d = &D.site->doors[i];
	char err[300];
	for (int r = 0; r < NROLES; r++) {
		const char *spec = door_line(d, r);
		in[r] = 0;
		if (!spec[0])
			continue;
		struct driver *v = driver_for(spec, 0);
		if (v == NULL || v->io == NULL) {
			snprintf(why, len, "%s line %s: %s", role_name[r], spec,
			    v ? v->why : "no driver");
			return -1;
		}
		int rc = r == ROLE_RELAY ?
		    doorio_relay(v->io, d->name, spec, d->fail_safe, err, sizeof err) :
		    doorio_input(v->io, spec, role_flags[r], &in[r], err, sizeof err);
		if (rc != 0) {
			snprintf(why, len, "%s line: %s", role_name[r], err);
			return -1;
		}
	}
	return 0;
}

struct door_sm *
doors_start(struct gh_loop *l, const struct doors_hooks *h)
{
	const struct gh_rt_site *site = D.site;
	D.loop = l;
	D.h = *h;
	D.sm = calloc((size_t)site->ndoors + 1, sizeof *D.sm);
	D.timer = calloc((size_t)site->ndoors + 1, sizeof *D.timer);
	if (D.sm == NULL || D.timer == NULL)
		fatalx("out of memory");
	int *fire_on = calloc((size_t)site->ndoors + 1, sizeof *fire_on);
	if (fire_on == NULL)
		fatalx("out of memory");
	for (int i = 0; i < site->ndoors; i++) {
		const struct gh_rt_door *d = &site->doors[i];
		struct door_config cfg = { .release_ms = d->release_s * 1000,
			.held_ms = d->held_s * 1000, .fail_safe = d->fail_safe };
		int in[NROLES], wired = 0;
		char why[512];
		struct door_out o;
		for (int r = 0; r < NROLES; r++)
			wired |= door_line(d, r)[0] != '\0';
		door_init(&D.sm[i], &cfg, 0);
		if (!wired) {
			/* Nothing to drive: offline, and no alarm (not a failure). */
			door_step(&D.sm[i], DOOR_IN_DRIVER_FAIL, gh_mono_ms(), &o);
			continue;
		}
		if (door_declare(i, in, why, sizeof why) != 0) {
			log_warnx("door %s offline: %s", d->name, why);
			door_step(&D.sm[i], DOOR_IN_DRIVER_FAIL, gh_mono_ms(), &o);
			door_apply(i, &o, NULL, NULL);
			continue;
		}
		door_init(&D.sm[i], &cfg, in[ROLE_CONTACT]);
		o = (struct door_out){ .lock = DOOR_LOCK_LOCK };	/* start locked */
		door_apply(i, &o, NULL, NULL);
		fire_on[i] = in[ROLE_FIRE];
		if (in[ROLE_TAMPER])
			D.h.raise_alarm("tamper", "door", d->name);
	}
	/* A fire input already on: journalled once per line, its doors released. */
	for (int i = 0; i < site->ndoors; i++) {
		if (!fire_on[i])
			continue;
		char spec[sizeof site->doors[i].fire];
		gh_strlcpy(spec, site->doors[i].fire, sizeof spec);
		for (int k = i; k < site->ndoors; k++)
			if (strcmp(site->doors[k].fire, spec) == 0)
				fire_on[k] = 0;
		fire_input(spec, 1, gh_mono_ms());
	}
	free(fire_on);
	for (int k = 0; k < D.ndrv; k++) {
		struct driver *v = &D.drv[k];
		if (v->io == NULL)
			continue;
		int fd = doorio_fd(v->io);
		if (fd < 0 || gh_loop_fd(l, fd, POLLIN, on_driver_io, v) != 0)
			driver_fail(v, fd < 0 ? doorio_error(v->io) : "too many descriptors");
		else
			v->fd = fd;
	}
	log_info("doors: %d, drivers: %d, input-debounce-ms %d", site->ndoors, D.ndrv,
	    D.debounce_ms);
	return D.sm;
}

void
doors_stop(void)
{
	/* The relays keep their levels: the doors stay as they are (locked, or
	 * released in a fire) until the controller is back. */
	for (int k = 0; k < D.ndrv; k++) {
		struct driver *v = &D.drv[k];
		if (D.loop && v->fd >= 0)
			gh_loop_fd_del(D.loop, v->fd);
		if (D.loop && v->timer)
			gh_loop_cancel(D.loop, v->timer);
		if (D.loop && v->retry)
			gh_loop_cancel(D.loop, v->retry);
		doorio_close(v->io);
	}
	for (int i = 0; D.loop && D.site && D.timer && i < D.site->ndoors; i++)
		if (D.timer[i])
			gh_loop_cancel(D.loop, D.timer[i]);
	free(D.sm);
	free(D.timer);
	memset(&D, 0, sizeof D);
}
