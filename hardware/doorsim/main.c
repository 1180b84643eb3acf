/* gatehouse-door-sim: simulated door I/O lines for tests and the demo.
 *
 * One UNIX socket, one line per request (docs in hardware/DOOR-SIM.md):
 *   driver                      this connection is the controller's driver: it
 *                               receives "input LINE 0|1" for every input change
 *   door NAME RELAY fail-safe|fail-secure   declare a door's relay and polarity
 *   set LINE 0|1                drive an output (the driver)
 *   input LINE 0|1              change an input (a test: door contact, exit button)
 *   get LINE                    -> ok 0|1
 *   lock NAME                   -> ok locked|released (from the relay and polarity)
 * Answers: ok ... | error TEXT.  Bad requests never stop it. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
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

static struct { char name[100]; int value; } lines[MAX_LINES];
static int nlines;
static struct { char name[GH_NAME_MAX_BYTES]; char relay[100]; int fail_safe; } doors[MAX_DOORS];
static int ndoors;
static struct gh_ctl_conn *driver;
static struct gh_ctl *ctl;

static int *
line(const char *name, int create)
{
	for (int i = 0; i < nlines; i++)
		if (strcmp(lines[i].name, name) == 0)
			return &lines[i].value;
	if (!create || nlines == MAX_LINES || strlen(name) >= sizeof lines[0].name)
		return NULL;
	gh_strlcpy(lines[nlines].name, name, sizeof lines[0].name);
	lines[nlines].value = 0;
	return &lines[nlines++].value;
}

static int
bit(const char *s)
{
	return strcmp(s, "0") == 0 ? 0 : strcmp(s, "1") == 0 ? 1 : -1;
}

static void
on_request(struct gh_ctl_conn *c, const struct gh_ctl_req *q, void *arg)
{
	(void)arg;
	const char *cmd = q->argv[0];
	int *v;
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
		int i;
		for (i = 0; i < ndoors; i++)
			if (strcmp(doors[i].name, q->argv[1]) == 0)
				break;
		if (i == MAX_DOORS || line(q->argv[2], 1) == NULL) {
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
		if ((v = line(q->argv[1], 1)) == NULL) {
			gh_ctl_reply(c, "error too many lines");
			return;
		}
		int changed = *v != bit(q->argv[2]);
		*v = bit(q->argv[2]);
		if (strcmp(cmd, "input") == 0 && changed && driver)
			gh_ctl_reply(driver, "input %s %d", q->argv[1], *v);
		gh_ctl_reply(c, "ok");
	} else if (strcmp(cmd, "get") == 0 && q->argc == 2) {
		if ((v = line(q->argv[1], 0)) == NULL)
			gh_ctl_reply(c, "error unknown line '%s'", q->argv[1]);
		else
			gh_ctl_reply(c, "ok %d", *v);
	} else if (strcmp(cmd, "lock") == 0 && q->argc == 2) {
		for (int i = 0; i < ndoors; i++)
			if (strcmp(doors[i].name, q->argv[1]) == 0) {
				int energised = *line(doors[i].relay, 1);
				/* A maglock (fail-safe) holds while energised; a strike
				 * (fail-secure) opens while energised. */
				int locked = doors[i].fail_safe ? energised : !energised;
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
	const char *path = NULL;
	int ch;
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' }, { NULL, 0, NULL, 0 } };
	gh_log_init("gatehouse-door-sim");
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (ch == 's')
			path = optarg;
	if (path == NULL) {
		fprintf(stderr, "usage: gatehouse-door-sim --socket PATH\n");
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	struct gh_loop *l = gh_loop_new();
	if ((ctl = gh_ctl_listen(l, path, (gid_t)-1, on_request, on_gone, NULL)) == NULL)
		return 3;
	return gh_loop_run(l) == 0 ? 0 : 3;
}
