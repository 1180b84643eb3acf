/* Door I/O drivers (hardware/doorio/): line names, relay polarity, the libgpiod
 * driver's errors on a machine without the chip, and the simulator driver end to end
 * with gatehouse-door-sim (debounce: a 20 ms pulse ignored, a 200 ms press delivered
 * with its times; R-DETECT, R-EMERGENCY).  No GPIO chip or gpio-sim exists on the
 * build machine: requesting real lines is not exercised here (hardware/WIRING.md). */
#include "tests/testutil.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "controller/loop.h"
#include "hardware/doorio/doorio.h"
#include "hardware/doorio/doorio_private.h"

extern char **environ;

static void
test_parse(void)
{
	char chip[DOORIO_CHIP_MAX], line[DOORIO_LINE_MAX], err[256];
	long off;
	CU_ASSERT_EQUAL(doorio_parse("gpiochip0:17", chip, line, &off, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(chip, "gpiochip0");
	CU_ASSERT_STRING_EQUAL(line, "17");
	CU_ASSERT_EQUAL(off, 17);
	CU_ASSERT_EQUAL(doorio_parse("gpiochip0:DOOR1_RELAY", chip, line, &off, err,
	    sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(line, "DOOR1_RELAY");
	CU_ASSERT_EQUAL(off, -1);
	CU_ASSERT_EQUAL(doorio_parse("sim:D1.relay", chip, line, &off, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(chip, "sim");
	CU_ASSERT_STRING_EQUAL(line, "D1.relay");
	CU_ASSERT_EQUAL(doorio_parse("pinctrl-bcm2711:GPIO17", chip, line, &off, err,
	    sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(chip, "pinctrl-bcm2711");
	CU_ASSERT_EQUAL(doorio_parse("gpiochip0:0", chip, line, &off, err, sizeof err), 0);
	CU_ASSERT_EQUAL(off, 0);
	/* Bad names: a clear error naming the line, never a crash. */
	const char *bad[] = { "gpiochip0", ":17", "gpiochip0:", "gpio chip0:17",
		"gpiochip0:17 ", "gpiochip0:99999", "gpiochip0:1;reboot", "",
		"a23456789012345678901234567890123:1",
		"gpiochip0:a2345678901234567890123456789012345678901234567890123456789012345" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		CU_ASSERT_EQUAL(doorio_parse(bad[i], chip, line, &off, err, sizeof err), -1);
		CU_ASSERT(strstr(err, "line '") != NULL);
	}
	CU_ASSERT_EQUAL(doorio_parse(NULL, chip, line, &off, err, sizeof err), -1);
	doorio_parse("gpiochip0:99999", chip, line, &off, err, sizeof err);
	CU_ASSERT(strstr(err, "0..65535") != NULL);
	/* A short error buffer is cut, not overrun. */
	char tiny[8];
	memset(tiny, 'x', sizeof tiny);
	CU_ASSERT_EQUAL(doorio_parse("bad", chip, line, &off, tiny, sizeof tiny), -1);
	CU_ASSERT_EQUAL(tiny[7], '\0');
}

static void
test_polarity(void)
{
	/* A fail-safe maglock is energised to lock; a fail-secure strike energised to
	 * release (VOCABULARY.md, door states). */
	CU_ASSERT_EQUAL(doorio_energise(1, 0), 1);
	CU_ASSERT_EQUAL(doorio_energise(1, 1), 0);
	CU_ASSERT_EQUAL(doorio_energise(0, 0), 0);
	CU_ASSERT_EQUAL(doorio_energise(0, 1), 1);
	CU_ASSERT_EQUAL(doorio_energise(0, 7), 1);
}

static void
test_gpiod_missing_chip(void)
{
	char err[300];
	struct stat st;
	struct doorio_opts o = { 0 };
	if (stat("/dev/gpiochip97", &st) == 0)
		return;	/* a machine with that many chips: nothing to show */
	CU_ASSERT_PTR_NULL(doorio_open("gpiochip97", &o, err, sizeof err));
	CU_ASSERT(strstr(err, "/dev/gpiochip97 does not exist") != NULL);
	/* A label no chip has. */
	CU_ASSERT_PTR_NULL(doorio_open("no-such-label", &o, err, sizeof err));
	CU_ASSERT(strstr(err, "no-such-label") != NULL);
	/* Bad chip names. */
	CU_ASSERT_PTR_NULL(doorio_open("", &o, err, sizeof err));
	CU_ASSERT_PTR_NULL(doorio_open("a23456789012345678901234567890123", &o, err,
	    sizeof err));
	/* The simulator driver without a socket, or an unreachable one. */
	CU_ASSERT_PTR_NULL(doorio_open("sim", &o, err, sizeof err));
	CU_ASSERT(strstr(err, "--door-sim") != NULL);
	o.sim_path = gh_tmppath("no-sim");
	CU_ASSERT_PTR_NULL(doorio_open("sim", &o, err, sizeof err));
	CU_ASSERT(strstr(err, "cannot reach the door simulator") != NULL);
}

static void
test_gpiod_event_times(void)
{
	/* Kernel event times on CLOCK_MONOTONIC are kept; others (real-time clock of
	 * old kernels, the future) become the time of reading. */
	struct timespec ts = { .tv_sec = 100, .tv_nsec = 250000000 };
	CU_ASSERT_EQUAL(doorio_gpiod_event_ms(&ts, 100300), 100250);
	CU_ASSERT_EQUAL(doorio_gpiod_event_ms(&ts, 100000), 100000);
	ts.tv_sec = 1700000000;
	CU_ASSERT_EQUAL(doorio_gpiod_event_ms(&ts, 100300), 100300);
	ts.tv_sec = 1;
	CU_ASSERT_EQUAL(doorio_gpiod_event_ms(&ts, 100300), 100300);
}

/* The simulator, end to end ---------------------------------------------------------- */

static pid_t sim_pid;

static const char *
sim_start(void)
{
	const char *path = gh_tmppath("doorio-sim");
	char *argv[] = { (char *)gh_bin("gatehouse-door-sim"), "--socket", (char *)path, NULL };
	unlink(path);
	if (posix_spawn(&sim_pid, argv[0], NULL, NULL, argv, environ) != 0)
		return NULL;
	struct stat st;
	for (int i = 0; i < 200 && stat(path, &st) != 0; i++)
		usleep(10000);
	return path;
}

static void
sim_stop(void)
{
	if (sim_pid > 0) {
		kill(sim_pid, SIGTERM);
		waitpid(sim_pid, NULL, 0);
	}
	sim_pid = 0;
}

/* One request to the simulator on a connection of its own; the answer in buf. */
static const char *
sim_ask(const char *path, const char *req, char *buf, size_t len)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	buf[0] = '\0';
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		if (fd >= 0)
			close(fd);
		return buf;
	}
	dprintf(fd, "%s\n", req);
	size_t n = 0;
	while (n + 1 < len) {
		ssize_t k = read(fd, buf + n, 1);
		if (k <= 0 || buf[n] == '\n')
			break;
		n++;
	}
	buf[n] = '\0';
	close(fd);
	return buf;
}

/* Run the driver for ms milliseconds; the edges it delivers go to e (at most max). */
static int
run_driver(struct doorio *io, int ms, struct doorio_edge *e, int max)
{
	int n = 0;
	int64_t until = gh_mono_ms() + ms;
	for (int64_t now; (now = gh_mono_ms()) < until;) {
		int64_t at = doorio_deadline(io);
		int wait = (int)(at < until ? at - now : until - now);
		struct pollfd p = { .fd = doorio_fd(io), .events = POLLIN };
		poll(&p, 1, wait < 0 ? 0 : wait);
		int k = doorio_poll(io, gh_mono_ms(), e + n, max - n);
		if (k < 0)
			return -1;
		n += k;
	}
	return n;
}

static void
test_sim_driver(void)
{
	char err[300], buf[256];
	const char *path = sim_start();
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	struct doorio_opts o = { .sim_path = path, .debounce_ms = 50 };
	struct doorio *io = doorio_open("sim", &o, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(io);
	/* Relays start locked: the maglock energised, the strike not.  A door name
	 * with quotes and a backslash reaches the simulator intact. */
	CU_ASSERT_EQUAL(doorio_relay(io, "Entrée \"A\\B\"", "sim:A.relay", 1, err, sizeof err), 0);
	CU_ASSERT_EQUAL(doorio_relay(io, "B", "sim:B.relay", 0, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(sim_ask(path, "get sim:A.relay", buf, sizeof buf), "ok 1");
	CU_ASSERT_STRING_EQUAL(sim_ask(path, "get sim:B.relay", buf, sizeof buf), "ok 0");
	CU_ASSERT_STRING_EQUAL(sim_ask(path, "lock \"Entrée \\\"A\\\\B\\\"\"", buf, sizeof buf),
	    "ok locked");
	CU_ASSERT_STRING_EQUAL(sim_ask(path, "lock B", buf, sizeof buf), "ok locked");
	CU_ASSERT_EQUAL(doorio_lock(io, "sim:A.relay", 1), 0);
	CU_ASSERT_EQUAL(doorio_lock(io, "sim:B.relay", 1), 0);
	CU_ASSERT_EQUAL(doorio_relay_level(io, "sim:A.relay"), 0);
	CU_ASSERT_EQUAL(doorio_relay_level(io, "sim:B.relay"), 1);
	usleep(50000);
	CU_ASSERT_STRING_EQUAL(sim_ask(path, "get sim:A.relay", buf, sizeof buf), "ok 0");
	CU_ASSERT_STRING_EQUAL(sim_ask(path, "lock B", buf, sizeof buf), "ok released");
	/* Conflicting declarations are refused with a reason. */
	int v = -1;
	CU_ASSERT_EQUAL(doorio_input(io, "sim:A.relay", 0, &v, err, sizeof err), -1);
	CU_ASSERT(strstr(err, "relay") != NULL);
	CU_ASSERT_EQUAL(doorio_relay(io, "C", "sim:A.relay", 0, err, sizeof err), -1);
	CU_ASSERT_EQUAL(doorio_relay(io, "C", "gpiochip0:3", 0, err, sizeof err), -1);
	CU_ASSERT(strstr(err, "not on chip sim") != NULL);
	CU_ASSERT_EQUAL(doorio_lock(io, "sim:nothing", 1), -1);
	/* Inputs: current values, shared lines declared again. */
	sim_ask(path, "input sim:FIRE 1", buf, sizeof buf);
	CU_ASSERT_EQUAL(doorio_input(io, "sim:FIRE", DOORIO_PULL_UP, &v, err, sizeof err), 0);
	CU_ASSERT_EQUAL(v, 1);
	CU_ASSERT_EQUAL(doorio_input(io, "sim:FIRE", DOORIO_PULL_UP, &v, err, sizeof err), 0);
	CU_ASSERT_EQUAL(doorio_input(io, "sim:FIRE", 0, &v, err, sizeof err), -1);
	CU_ASSERT_EQUAL(doorio_input(io, "sim:A.rex", DOORIO_ACTIVE_LOW, &v, err, sizeof err), 0);
	CU_ASSERT_EQUAL(v, 0);
	/* Debounce (IEC 60839-11-1): a 20 ms pulse is nothing ... */
	struct doorio_edge e[8];
	CU_ASSERT_STRING_EQUAL(sim_ask(path, "pulse sim:A.rex 20", buf, sizeof buf), "ok");
	CU_ASSERT_EQUAL(run_driver(io, 300, e, 8), 0);
	/* ... a 200 ms press is delivered, pressed then released, with its times. */
	CU_ASSERT_STRING_EQUAL(sim_ask(path, "pulse sim:A.rex 200", buf, sizeof buf), "ok");
	int n = run_driver(io, 800, e, 8);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_STRING_EQUAL(e[0].line, "sim:A.rex");
	CU_ASSERT_EQUAL(e[0].value, 1);
	CU_ASSERT_EQUAL(e[1].value, 0);
	CU_ASSERT(e[1].mono_ms - e[0].mono_ms >= 195 && e[1].mono_ms - e[0].mono_ms <= 500);
	/* An input nobody declared is not delivered. */
	sim_ask(path, "pulse sim:other 200", buf, sizeof buf);
	CU_ASSERT_EQUAL(run_driver(io, 400, e, 8), 0);
	/* The simulator goes away: the driver says so. */
	sim_stop();
	CU_ASSERT_EQUAL(run_driver(io, 200, e, 8), -1);
	CU_ASSERT(strstr(doorio_error(io), "lost") != NULL);
	CU_ASSERT_EQUAL(doorio_fd(io), -1);
	CU_ASSERT_EQUAL(doorio_lock(io, "sim:B.relay", 0), -1);
	doorio_close(io);
}

GH_SUITE("doorio", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_parse);
	GH_TEST(s, test_polarity);
	GH_TEST(s, test_gpiod_missing_chip);
	GH_TEST(s, test_gpiod_event_times);
	GH_TEST(s, test_sim_driver);
}
