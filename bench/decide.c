/* bench-decide: decisions per badge presentation on a large site.
 * Usage: bench-decide [PEOPLE [DECISIONS [--contention]]]   (defaults 1000000 1000000)
 * --contention: the same decisions again while another connection holds the write
 * lock (as a long web or CLI write would) and the WAL grows. 
 * Prints p50, p99, p99.9 and max in microseconds, and resident memory. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "controller/policy.h"
#include "controller/timeutil.h"
#include "db/bench_fixture.h"

static int
cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
memory(long *rss, long *hwm)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	*rss = *hwm = 0;
	while (f && fgets(line, sizeof line, f)) {
		sscanf(line, "VmRSS: %ld", rss);
		sscanf(line, "VmHWM: %ld", hwm);
	}
	if (f)
		fclose(f);
}

static int
run(struct gh_db *db, const struct gh_bench_site *site_p, int people, int n, const char *what)
{
	struct gh_bench_site site = *site_p;
	int64_t *lat = malloc(sizeof *lat * (size_t)n);
	struct policy_data pd = { db };
	struct site_state st = { 0 };
	unsigned seed = 7;
	time_t base = 1795500000;	/* a week of times from late November 2026 */
	int granted = 0, failures = 0;
	for (int i = -10000; i < n; i++) {
		char cred[16], door[32];
		seed = seed * 1103515245u + 12345u;
		unsigned r = seed >> 4;
		/* One presentation in ten is a badge the site does not know. */
		unsigned badge = r % 10 == 0 ? 0x0F000000u + r % 1000000 :
		    0x10000000u + r % (unsigned)people;
		snprintf(cred, sizeof cred, "%08X", badge);
		seed = seed * 1103515245u + 12345u;
		snprintf(door, sizeof door, "door-%u", (seed >> 4) % (unsigned)site.doors);
		struct access_request req = { .door = door, .credential = cred };
		struct decision d;
		time_t at = base + (time_t)((seed >> 8) % (7 * 86400));
		int64_t a = now_ns();
		int rc = policy_decide(&pd, &req, &st, at, &d);
		int64_t b = now_ns();
		if (rc != GH_OK)
			failures++;
		if (i >= 0) {	/* the first 10,000 warm the cache */
			lat[i] = b - a;
			granted += d.granted;
		}
	}
	qsort(lat, (size_t)n, sizeof *lat, cmp);
	long rss, hwm;
	memory(&rss, &hwm);
	printf("decisions%s: %d (%d granted, %d failures)\n", what, n, granted, failures);
	printf("latency us: p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f\n", lat[n / 2] / 1e3,
	    lat[(int64_t)n * 99 / 100] / 1e3, lat[(int64_t)n * 999 / 1000] / 1e3,
	    lat[n - 1] / 1e3);
	printf("memory: VmRSS %ld kB, VmHWM %ld kB\n", rss, hwm);
	free(lat);
	return failures;
}

struct pressure {
	const char *path;
	volatile int stop;
	int holds;
};

static void *
pressure_main(void *arg)
{
	struct pressure *p = arg;
	struct gh_db *w;
	char err[600];
	if (gh_db_open(&w, p->path, 0, err, sizeof err) != GH_OK)
		return NULL;
	while (!p->stop) {
		gh_bench_write_pressure(w, 1, 1000, &p->stop);
		p->holds++;
	}
	gh_db_close(w);
	return NULL;
}

int
main(int argc, char **argv)
{
	int people = argc > 1 ? atoi(argv[1]) : 1000000;
	int n = argc > 2 ? atoi(argv[2]) : 1000000;
	struct gh_bench_site site = { .people = people, .doors = 10000, .zones = 2000,
		.profiles = 1000, .schedules = 5000, .rules_per_profile = 22,
		.grants_per_person = 2, .seed = 42 };
	char dir[] = "/tmp/gh-bench-XXXXXX", cfg[64], jnl[64], err[600];
	if (mkdtemp(dir) == NULL)
		return 3;
	snprintf(cfg, sizeof cfg, "%s/config.db", dir);
	snprintf(jnl, sizeof jnl, "%s/journal.db", dir);
	if (gh_db_init(cfg, jnl, "Bench", "Europe/Paris", "bench", err, sizeof err) != GH_OK) {
		fprintf(stderr, "%s\n", err);
		return 3;
	}
	struct gh_db *db;
	if (gh_db_open(&db, cfg, 0, err, sizeof err) != GH_OK) {
		fprintf(stderr, "%s\n", err);
		return 3;
	}
	int64_t t0 = now_ns();
	if (gh_bench_load(db, &site) != GH_OK) {
		fprintf(stderr, "load: %s\n", gh_db_errmsg(db));
		return 3;
	}
	gh_db_close(db);
	printf("site: %d people and badges, %d doors, %d profiles, %d schedules; loaded in "
	    "%.1f s\n", people, site.doors, site.profiles, site.schedules,
	    (now_ns() - t0) / 1e9);
	/* Decide as the controller does: a read-only connection owned by one thread. */
	if (gh_db_open(&db, cfg, GH_DB_READONLY, err, sizeof err) != GH_OK)
		return 3;
	int failures = run(db, &site, people, n, "");
	if (argc > 3 && strcmp(argv[3], "--contention") == 0) {
		struct pressure p = { .path = cfg };
		pthread_t th;
		pthread_create(&th, NULL, pressure_main, &p);
		failures += run(db, &site, people, n, " (under a writer's lock)");
		p.stop = 1;
		pthread_join(th, NULL);
		printf("writer: %d holds of the write lock\n", p.holds);
		/* Once more without: the first run also warmed the caches. */
		failures += run(db, &site, people, n, " (again, no writer)");
	}
	gh_db_close(db);
	unlink(cfg);
	unlink(jnl);
	char keys[80];
	snprintf(keys, sizeof keys, "rm -rf '%s'", dir);
	return system(keys) == 0 && failures == 0 ? 0 : 3;
}
