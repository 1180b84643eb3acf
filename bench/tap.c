/* bench-tap: from a card placed on a reader to its credential reaching the controller's
 * loop.  Runs the PN532 emulator, the real libnfc pn532_uart driver and the
 * controller's reader thread (reader/reader.c), and times N taps: the clock starts when
 * the `place` request leaves for the emulator's control socket and stops when the
 * loop's end of the pipe has the record (so it includes that request's round trip).
 *
 *   bench-tap [--taps N] [--emulator PATH] [--desfire]   (default 1000, build/bin/...)
 *
 * --desfire: a DESFire EV1 badge personalised by the reader first (its AES
 * authentication and MACed read on every tap), instead of a UID card. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "controller/util.h"
#include "reader/desfire.h"
#include "reader/reader.h"
#include <sodium.h>

static int64_t
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int ctlfd = -1;
static FILE *ctlin;

static void
ask(const char *req)
{
	char line[512];
	if (dprintf(ctlfd, "%s\n", req) < 0 || fgets(line, sizeof line, ctlin) == NULL ||
	    strncmp(line, "ok", 2) != 0)
		fatalx("emulator: %s: %s", req, line);
}

static int
cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Wait for one record of the given type; -1 on timeout. */
static int
next_event(int fd, enum gh_reader_ev_type type, int timeout_ms, struct gh_reader_ev *ev)
{
	int64_t end = now_us() + (int64_t)timeout_ms * 1000;
	for (;;) {
		int left = (int)((end - now_us()) / 1000);
		if (left < 0)
			return -1;
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		if (poll(&pf, 1, left) <= 0)
			continue;
		if (read(fd, ev, sizeof *ev) == (ssize_t)sizeof *ev && ev->type == type)
			return 0;
	}
}

int
main(int argc, char **argv)
{
	long taps = 1000;
	const char *emu = GH_BUILD_DIR "/bin/gatehouse-pn532-emu";
	static const struct option opts[] = {
		{ "taps", required_argument, NULL, 'n' },
		{ "emulator", required_argument, NULL, 'e' },
		{ "desfire", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 } };
	int ch, desfire = 0;
	gh_log_init("bench-tap");
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'n' && gh_parse_long(optarg, 1, 1000000, &taps) == 0)
			continue;
		if (ch == 'e') {
			emu = optarg;
			continue;
		}
		if (ch == 'd') {
			desfire = 1;
			continue;
		}
		fprintf(stderr, "usage: bench-tap [--taps N] [--emulator PATH] [--desfire]\n");
		return 2;
	}
	char dir[] = "/tmp/bench-tap.XXXXXX", sock[128], tty[128], conn[160];
	if (mkdtemp(dir) == NULL)
		fatalx("mkdtemp: %s", strerror(errno));
	snprintf(sock, sizeof sock, "%s/emu", dir);
	snprintf(tty, sizeof tty, "%s/tty", dir);
	snprintf(conn, sizeof conn, "pn532_uart:%s", tty);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		execl(emu, emu, "--socket", sock, "--link", tty, (char *)NULL);
		_exit(127);
	}
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	if (strlen(sock) >= sizeof sun.sun_path)
		fatalx("socket path too long");
	memcpy(sun.sun_path, sock, strlen(sock) + 1);
	for (int i = 0; i < 200; i++) {
		ctlfd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(ctlfd, (struct sockaddr *)&sun, sizeof sun) == 0)
			break;
		close(ctlfd);
		ctlfd = -1;
		usleep(20000);
	}
	if (ctlfd < 0)
		fatalx("the emulator did not start (%s)", emu);
	ctlin = fdopen(dup(ctlfd), "r");
	ask(desfire ? "card tap desfire 04112233445566" : "card tap classic 04112233445566");
	if (sodium_init() < 0)
		fatalx("libsodium");
	static struct gh_sitekeys keys;
	randombytes_buf(keys.site_id, sizeof keys.site_id);
	keys.n = 1;
	keys.k[0].version = 1;
	randombytes_buf(keys.k[0].key, 16);

	int p[2];
	if (pipe(p) != 0)
		fatalx("pipe");
	struct gh_reader *r = gh_reader_start(0, "bench", conn, p[1],
	    desfire ? gh_desfire_read : NULL, &keys);
	struct gh_reader_ev ev;
	if (r == NULL || next_event(p[0], GH_RD_ONLINE, 5000, &ev) != 0)
		fatalx("the reader did not come online");
	if (desfire) {
		struct gh_df_job job = { &keys, 4242424242424242ULL };
		gh_reader_job(r, 1, gh_desfire_personalise, &job);
		ask("place tap");
		if (next_event(p[0], GH_RD_JOB, 5000, &ev) != 0 || ev.job_failed)
			fatalx("personalising the badge failed: %s", ev.why);
		ask("remove");
		usleep(300000);
	}

	int64_t *lat = calloc((size_t)taps, sizeof *lat);
	long lost = 0;
	int64_t t_start = now_us();
	for (long k = 0; k < taps; k++) {
		int64_t t0 = now_us();
		ask("place tap");
		if (next_event(p[0], GH_RD_CARD, 2000, &ev) != 0) {
			lost++;
			lat[k] = INT64_MAX;
		} else {
			lat[k] = now_us() - t0;
			if (strcmp(ev.uid, "04112233445566") != 0)
				fatalx("wrong UID %s", ev.uid);
			if (desfire && strcmp(ev.credential, "D4242424242424242") != 0)
				fatalx("the badge was not read securely: %s", ev.credential);
		}
		ask("remove");
		/* The reader checks every 100 ms that a card has left; the next tap waits
		 * until it is polling again. */
		usleep(150000);
	}
	double total_s = (double)(now_us() - t_start) / 1e6;
	gh_reader_stop(r);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	unlink(sock);
	unlink(tty);
	rmdir(dir);
	qsort(lat, (size_t)taps, sizeof *lat, cmp);
	long ok = taps - lost;
	if (ok == 0)
		fatalx("no tap reached the loop");
	printf("%s badge: taps %ld, reached the loop %ld, lost %ld (%.0f s)\n",
	    desfire ? "DESFire (AES authentication, MACed read)" : "UID", taps, ok, lost, total_s);
	printf("place -> loop: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
	    lat[ok / 2] / 1000.0, lat[(ok * 99) / 100 - (ok >= 100 ? 1 : 0)] / 1000.0,
	    lat[ok - 1] / 1000.0);
	free(lat);
	return lost ? 1 : 0;
}
