/* bench-journal: durable journal writes as the controller makes them.  A producer
 * thread hands access events to the writer through a pipe (as reader threads do); the
 * writer takes every event waiting and appends them in one transaction (group commit,
 * WAL, synchronous=FULL), then notes for each the time from its hand-over to durable.
 *
 *   bench-journal [SECONDS]      (default 5 per load)
 * Loads: the producer as fast as it can (throughput), 5,000 events/s (the goal), and
 * 200 events/s (a busy site: a lone event's latency).  Runs in the current directory,
 * so that fsync reaches a disk. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "db/journal.h"
#include "controller/timeutil.h"

#define BATCH_MAX 256

static int64_t
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct load {
	int fd;
	int rate;		/* events per second, 0: as fast as the pipe takes them */
	int64_t until;
};

static void *
producer(void *arg)
{
	struct load *l = arg;
	int64_t next = now_us();
	while (now_us() < l->until) {
		if (l->rate > 0) {
			next += 1000000 / l->rate;
			int64_t d = next - now_us();
			if (d > 0)
				usleep((useconds_t)d);
		}
		int64_t t = now_us();
		if (write(l->fd, &t, sizeof t) != (ssize_t)sizeof t)
			break;
	}
	close(l->fd);
	return NULL;
}

static int
cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void
run(struct gh_journal *j, int rate, int seconds)
{
	int p[2];
	if (pipe(p) != 0)
		exit(3);
	struct load l = { .fd = p[1], .rate = rate, .until = now_us() + seconds * 1000000LL };
	pthread_t th;
	pthread_create(&th, NULL, producer, &l);
	size_t cap = 1 << 20, n = 0;
	int64_t *lat = malloc(cap * sizeof *lat);
	long commits = 0;
	int64_t t0 = now_us();
	static const char details[] = "{\"flags\":\"\",\"kind\":\"staff\"}";
	for (;;) {
		int64_t at[BATCH_MAX];
		ssize_t got = read(p[0], at, sizeof at);
		if (got <= 0)
			break;
		int k = (int)(got / (ssize_t)sizeof at[0]);
		struct gh_event ev[BATCH_MAX];
		for (int i = 0; i < k; i++)
			ev[i] = (struct gh_event){ .ts_us = gh_now_us(), .kind = "access",
				.door = "Accès bureaux", .zone = "Bureaux", .reader = "r-bureaux-in",
				.credential = "04A1B2C3", .person = "E-1001", .decision = "granted",
				.reason = "granted", .details = details };
		int64_t seq;
		if (gh_journal_append(j, ev, k, &seq) != GH_OK) {
			fprintf(stderr, "append: %s\n", gh_journal_errmsg(j));
			exit(3);
		}
		commits++;
		int64_t done = now_us();
		for (int i = 0; i < k && n < cap; i++)
			lat[n++] = done - at[i];
	}
	double secs = (double)(now_us() - t0) / 1e6;
	pthread_join(th, NULL);
	close(p[0]);
	qsort(lat, n, sizeof *lat, cmp);
	if (n == 0)
		return;
	printf("%-12s %8.0f events/s  %6ld commits (%.1f events each)  hand-over -> durable: "
	    "p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
	    rate == 0 ? "as fast" : rate == 5000 ? "5000/s" : "200/s", (double)n / secs, commits, (double)n / (double)commits,
	    lat[n / 2] / 1000.0, lat[n * 99 / 100] / 1000.0, lat[n - 1] / 1000.0);
	free(lat);
}

int
main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 5;
	if (seconds < 1)
		seconds = 1;
	/* On the disk the build is on (not /tmp, often a tmpfs where fsync is free). */
	char dir[] = "bench-journal-XXXXXX", path[80], cfg[80], err[600];
	if (mkdtemp(dir) == NULL)
		return 3;
	snprintf(path, sizeof path, "%s/journal.db", dir);
	snprintf(cfg, sizeof cfg, "%s/config.db", dir);
	if (gh_db_init(cfg, path, "Bench", "UTC", "bench", err, sizeof err) != GH_OK) {
		fprintf(stderr, "%s\n", err);
		return 3;
	}
	struct gh_journal *j;
	if (gh_journal_open(&j, path, 0, err, sizeof err) != GH_OK) {
		fprintf(stderr, "%s\n", err);
		return 3;
	}
	printf("journal on %s (WAL, synchronous=FULL, one transaction per batch)\n", dir);
	run(j, 0, seconds);
	run(j, 5000, seconds);
	run(j, 200, seconds);
	gh_journal_close(j);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : 3;
}
