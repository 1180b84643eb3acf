/* Door I/O drivers: the one interface the controller uses for lock relays and door
 * inputs, whatever is behind them (hardware/WIRING.md, hardware/DOOR-SIM.md).
 *
 * A line is named CHIP:LINE, as in `door set --relay/--contact/--rex/--fire/--tamper`:
 *   sim:D1.relay            a line of gatehouse-door-sim, over its UNIX socket
 *   gpiochip0:17            offset 17 of /dev/gpiochip0, through libgpiod (1.6 API)
 *   gpiochip0:DOOR1_RELAY   the line of that chip with that name
 * One driver serves one CHIP.  Outputs are the lock relays: a door's relay is declared
 * with the door's lock, and driven by "lock" or "release", never by a raw level; it is
 * set to the locked level the moment it is declared.  Inputs (door contact, exit
 * button, fire-alarm input, tamper loop) are debounced in software: a change is
 * delivered only once the line has kept it for input-debounce-ms (debounce.h), as an
 * edge with the line's name, its value and the monotonic time it changed.
 *
 * Values are logical: 1 = energised (outputs); door open, button pressed, fire alarm
 * on, tamper (inputs).  The controller's poll loop watches doorio_fd() and calls
 * doorio_poll() when it is readable and at doorio_deadline(). */
#ifndef GH_DOORIO_H
#define GH_DOORIO_H

#include <stddef.h>
#include <stdint.h>

#define DOORIO_SPEC_MAX 100	/* "CHIP:LINE" with its NUL, as the database holds it */
#define DOORIO_CHIP_MAX 33	/* CHIP: at most 32 bytes */
#define DOORIO_LINE_MAX 65	/* LINE: at most 64 bytes */
#define DOORIO_MAX_LINES 256	/* per driver */

struct doorio;

struct doorio_opts {
	const char *sim_path;	/* the simulator's socket, for CHIP "sim" */
	int debounce_ms;	/* input-debounce-ms (10..400; 0: the default 50) */
	const char *consumer;	/* shown by gpioinfo; NULL: "gatehouse" */
};

/* Input flags. */
#define DOORIO_ACTIVE_LOW 0x1	/* the line reads 0 when the input is on */
#define DOORIO_PULL_UP 0x2	/* ask for the chip's pull-up (contacts to ground) */

struct doorio_edge {
	char line[DOORIO_SPEC_MAX];	/* as declared */
	int value;
	int64_t mono_ms;		/* when the line took the value */
};

/* Split CHIP:LINE.  0, or -1 with a message naming the spec.  *offset is the line's
 * offset when LINE is a decimal number (0..65535), -1 when it is a name. */
int doorio_parse(const char *spec, char chip[DOORIO_CHIP_MAX], char line[DOORIO_LINE_MAX],
    long *offset, char *err, size_t errlen);

/* The relay level for a lock command: a fail-safe maglock is energised to lock, a
 * fail-secure strike is energised to release.  1 = energised. */
int doorio_energise(int fail_safe, int release);

/* Open the driver for CHIP ("sim" or a gpiochip).  NULL with a message when the
 * simulator cannot be reached, or the chip does not exist or cannot be opened. */
struct doorio *doorio_open(const char *chip, const struct doorio_opts *o, char *err,
    size_t errlen);
void doorio_close(struct doorio *io);
const char *doorio_chip(const struct doorio *io);

/* Declare the door's relay (an output of this driver's chip) and drive it locked.
 * The same relay declared again keeps its state.  0, or -1 with a message. */
int doorio_relay(struct doorio *io, const char *door, const char *spec, int fail_safe,
    char *err, size_t errlen);
/* Lock (release 0) or release (1) a declared relay.  0, or -1 (the driver failed: the
 * controller puts its doors offline). */
int doorio_lock(struct doorio *io, const char *spec, int release);
/* The level last driven on a declared relay (1 = energised), -1 if not declared. */
int doorio_relay_level(const struct doorio *io, const char *spec);

/* Declare an input; *value is its current logical value.  An input shared by doors
 * (a fire-alarm input) is declared once per door: the same line, the same flags.
 * 0, or -1 with a message. */
int doorio_input(struct doorio *io, const char *spec, int flags, int *value, char *err,
    size_t errlen);

/* The descriptor to watch for POLLIN; -1 after a failure. */
int doorio_fd(const struct doorio *io);
/* Read what the driver has and return the debounced edges due at now_ms (at most max,
 * oldest first; the rest wait for the next call).  -1 when the driver has failed for
 * good (simulator gone, chip removed): doorio_error says why. */
int doorio_poll(struct doorio *io, int64_t now_ms, struct doorio_edge *e, int max);
/* When doorio_poll has something to deliver although the descriptor stays quiet:
 * the next debounce deadline, or a queued edge (now); INT64_MAX when none. */
int64_t doorio_deadline(const struct doorio *io);
const char *doorio_error(const struct doorio *io);

#endif
