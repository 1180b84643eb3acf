/* gatehouse-door-sim: simulated door I/O lines for tests and the demo.
 *
 * One UNIX socket, one line per request (docs in hardware/DOOR-SIM.md):
 *   driver                      this connection is the controller's driver: it
 *                               receives "input LINE 0|1 MS" for every input change
 *                               (MS: when, on the monotonic clock, in milliseconds)
 *   door NAME RELAY fail-safe|fail-secure   declare a door's relay and polarity
 *   set LINE 0|1                drive an output (the driver)
 *   input LINE 0|1              change an input (a test: door contact, exit button,
 *                               fire-alarm input, tamper loop)
 *   pulse LINE MS               raise an input, drop it MS milliseconds later
 *   get LINE                    -> ok 0|1
 *   lock NAME                   -> ok locked|released (from the relay and polarity)
 * Inputs arrive clean, as a test sets them: debouncing belongs to the controller's
 * driver layer (real contacts bounce), which `pulse` lets tests check to the
 * millisecond.  Answers: ok ... | error TEXT.  Bad requests never stop it. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "controller/control.h"
#include "controller/loop.h"
#include "controller/util.h"

#define MAX_LINES 512
#define MAX_DOORS 128
#define PULSE_MAX_MS 60000

static struct { char name[100]; int value; int64_t pulse; } lines[MAX_LINES];
static int nlines;
static struct { char name[GH_NAME_MAX_BYTES]; char relay[100]; int fail_safe; } doors[MAX_DOORS];
static int ndoors;
static struct gh_ctl_conn *driver;
static struct gh_ctl *ctl;
static FILE *outlog;	/* --log: every output change, "LINE 0|1", as it happens */
static struct gh_loop *loop;

/* The line's index, -1 when unknown (and not created, or no room). */
static int
line(const char *name, int create)
{
	for (int i = 0; i < nlines; i++)
		if (strcmp(lines[i].name, name) == 0)
			return i;
	if (!create || nlines == MAX_LINES || strlen(name) >= sizeof lines[0].name)
		return -1;
	gh_strlcpy(lines[nlines].name, name, sizeof lines[0].name);
	lines[nlines].value = 0;
	lines[nlines].pulse = 0;
	return nlines++;
}

static int
bit(const char *s)
{
	return strcmp(s, "0") == 0 ? 0 : strcmp(s, "1") == 0 ? 1 : -1;
}

/* Change input i, and tell the driver when it changed. */
static void
input_set(int i, int v)
{
	if (lines[i].value == v)
		return;
	lines[i].value = v;
	if (driver)
		gh_ctl_reply(driver, "input %s %d %lld", lines[i].name, v,
		    (long long)gh_mono_ms());
}

static void
on_pulse_end(struct gh_loop *l, void *arg)
{
	(void)l;
	int i = (int)(intptr_t)arg;
	lines[i].pulse = 0;
	input_set(i, 0);
}

static void
on_request(struct gh_ctl_conn *c, const struct gh_ctl_req *q, void *arg)
{
	(void)arg;
	const char *cmd = q->argv[0];
	int i;
	if (strcmp(cmd, "driver") == 0 && q->argc == 1) {
		driver = c;
		gh_ctl_hold(c);	/* no idle time-out for the driver */
		gh_ctl_reply(c, "ok");
	} else if (strcmp(cmd, "door") == 0 && q->argc == 4) {
		int fs = strcmp(q->argv[3], "fail-safe") == 0;
		if (!fs && strcmp(q->argv[3], "fail-secure") != 0) {
			gh_ctl_reply(c, "error polarity must be fail-safe or fail-secure");
			return;
		}
		for (i = 0; i < ndoors; i++)
			if (strcmp(doors[i].name, q->argv[1]) == 0)
				break;
		if (i == MAX_DOORS || line(q->argv[2], 1) < 0) {
			gh_ctl_reply(c, "error too many doors or lines");
			return;
		}
		if (i == ndoors)
			ndoors++;
		gh_strlcpy(doors[i].name, q->argv[1], sizeof doors[i].name);
		gh_strlcpy(doors[i].relay, q->argv[2], sizeof doors[i].relay);
		doors[i].fail_safe = fs;
		gh_ctl_reply(c, "ok");
	} else if ((strcmp(cmd, "set") == 0 || strcmp(cmd, "input") == 0) && q->argc == 3 &&
	    bit(q->argv[2]) >= 0) {
		if ((i = line(q->argv[1], 1)) < 0) {
			gh_ctl_reply(c, "error too many lines or name too long");
			return;
		}
		if (lines[i].pulse) {	/* a change during a pulse ends the pulse */
			gh_loop_cancel(loop, lines[i].pulse);
			lines[i].pulse = 0;
		}
		if (strcmp(cmd, "input") == 0) {
			input_set(i, bit(q->argv[2]));
		} else {
			if (outlog && lines[i].value != bit(q->argv[2])) {
				fprintf(outlog, "%s %d\n", q->argv[1], bit(q->argv[2]));
				fflush(outlog);
			}
			lines[i].value = bit(q->argv[2]);
		}
		gh_ctl_reply(c, "ok");
	} else if (strcmp(cmd, "pulse") == 0 && q->argc == 3) {
		long ms;
		if (gh_parse_long(q->argv[2], 1, PULSE_MAX_MS, &ms) != 0) {
			gh_ctl_reply(c, "error pulse length must be 1..%d ms", PULSE_MAX_MS);
			return;
		}
		if ((i = line(q->argv[1], 1)) < 0) {
			gh_ctl_reply(c, "error too many lines or name too long");
			return;
		}
		if (lines[i].value || lines[i].pulse) {
			gh_ctl_reply(c, "error line '%s' is already 1", q->argv[1]);
			return;
		}
		input_set(i, 1);
		lines[i].pulse = gh_loop_at(loop, gh_mono_ms() + ms, on_pulse_end,
		    (void *)(intptr_t)i);
		gh_ctl_reply(c, "ok");
	} else if (strcmp(cmd, "get") == 0 && q->argc == 2) {
		if ((i = line(q->argv[1], 0)) < 0)
			gh_ctl_reply(c, "error unknown line '%s'", q->argv[1]);
		else
			gh_ctl_reply(c, "ok %d", lines[i].value);
	} else if (strcmp(cmd, "lock") == 0 && q->argc == 2) {
		for (int k = 0; k < ndoors; k++)
			if (strcmp(doors[k].name, q->argv[1]) == 0) {
				int r = line(doors[k].relay, 0);
				int energised = r >= 0 && lines[r].value;
				/* A maglock (fail-safe) holds while energised; a strike
				 * (fail-secure) opens while energised. */
				int locked = doors[k].fail_safe ? energised : !energised;
				gh_ctl_reply(c, "ok %s", locked ? "locked" : "released");
				return;
			}
		gh_ctl_reply(c, "error unknown door '%s'", q->argv[1]);
	} else {
		gh_ctl_reply(c, "error unknown request '%s'", cmd);
	}
}

static void
on_gone(struct gh_ctl_conn *c, void *arg)
{
	(void)arg;
	if (c == driver)
		driver = NULL;
}

static void
on_signal(int sig)
{
	(void)sig;
	_exit(0);
}

int
main(int argc, char **argv)
{
	const char *path = NULL, *logp = NULL;
	int ch;
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "log", required_argument, NULL, 'l' }, { NULL, 0, NULL, 0 } };
	gh_log_init("gatehouse-door-sim");
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 's')
			path = optarg;
		else if (ch == 'l')
			logp = optarg;
		else
			path = NULL, optind = argc;
	}
	if (path == NULL) {
		fprintf(stderr, "usage: gatehouse-door-sim --socket PATH [--log FILE]\n");
		return 2;
	}
	if (logp && (outlog = fopen(logp, "a")) == NULL) {
		fprintf(stderr, "gatehouse-door-sim: %s: %s\n", logp, strerror(errno));
		return 3;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	loop = gh_loop_new();
	if ((ctl = gh_ctl_listen(loop, path, (gid_t)-1, on_request, on_gone, NULL)) == NULL)
		return 3;
	return gh_loop_run(loop) == 0 ? 0 : 3;
}
