/* bench-report-fill: the site and journal of the report benchmark (bench/report.sh).
 *
 *   bench-report-fill CONFIG.db JOURNAL.db PEOPLE ROWS FIRST-MONTH MONTHS
 *
 * Into databases made by `gatehouse init`: a public hall, 15 private and 5 sensitive
 * zones, a door and reader into each, 10 profiles (two private zones each, the first
 * five a sensitive one too), PEOPLE staff (every tenth a contractor) with one UID
 * badge and one profile each; then ROWS journal rows over MONTHS months from
 * FIRST-MONTH (YYYY-MM, site time zone), written through the journal's API in large
 * transactions, chained and hashed as the controller does, with a signed checkpoint
 * for every minute that has rows (as the controller makes them).
 *
 * The rows: working days carry 20 times the traffic of weekend days; 97% of a day's
 * rows fall between 07:00 and 20:00. 90% are access decisions (95% granted, into the
 * person's own zones; the rest refused for a handful of reasons, some for unknown
 * badges), 10% door-opened / door-closed; about one alarm in 40,000 rows (60 a month),
 * most acknowledged, and a few momentary unlocks. A fixed seed: the same figures every
 * run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "controller/schedule.h"
#include "controller/timeutil.h"
#include "db/bench_fixture.h"
#include "db/db.h"
#include "db/journal.h"

#define NPRIV 15
#define NSENS 5
#define NPROF 10
#define TX_ROWS 200000		/* rows per transaction */

static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void
die(const char *what, struct gh_db *db)
{
	fprintf(stderr, "bench-report-fill: %s: %s\n", what, db ? gh_db_errmsg(db) : "");
	exit(1);
}

static char zname[NPRIV + NSENS][8], dname[NPRIV + NSENS][24], rname[NPRIV + NSENS][24];

/* Zones of profile k: private k % 15 and (k + 7) % 15, sensitive k for k < 5. */
static int
prof_zones(int k, int z[3])
{
	int n = 0;
	z[n++] = k % NPRIV;
	z[n++] = (k + 7) % NPRIV;
	if (k < NSENS)
		z[n++] = NPRIV + k;
	return n;
}

static void
make_site(struct gh_db *db, int people)
{
	char buf[96];
	if (gh_db_begin(db) != GH_OK)
		die("begin", db);
	struct gh_zone_spec hall = { .name = "Hall", .level = "public", .delivery = 0,
		.max_occupancy = 0 };
	if (gh_zone_add(db, &hall) != GH_OK)
		die("zone", db);
	for (int i = 0; i < NPRIV + NSENS; i++) {
		int sens = i >= NPRIV;
		snprintf(zname[i], sizeof zname[i], sens ? "S%02d" : "P%02d", sens ? i - NPRIV : i);
		snprintf(dname[i], sizeof dname[i], "door-%s", zname[i]);
		snprintf(rname[i], sizeof rname[i], "r-%s", zname[i]);
		struct gh_zone_spec z = { .name = zname[i], .level = sens ? "sensitive" : "private",
			.delivery = 0, .max_occupancy = 0 };
		snprintf(buf, sizeof buf, "pn532_uart:/dev/null-%s", zname[i]);
		if (gh_zone_add(db, &z) != GH_OK || gh_reader_add(db, rname[i], buf, 0) != GH_OK)
			die("zone", db);
		/* A sensitive zone is entered from a private one (never from the hall). */
		struct gh_door_spec d = { .name = dname[i],
			.from = sens ? zname[i - NPRIV] : "Hall", .to = zname[i], .nreaders = 1,
			.reader = { rname[i] }, .side = { "in" }, .release_s = -1, .held_s = -1,
			.fail_safe = -1 };
		if (gh_door_add(db, &d) != GH_OK)
			die("door", db);
	}
	struct gh_window w;
	const char *why;
	if (gh_window_parse("daily 00:00-24:00", &w, &why) != 0 ||
	    gh_schedule_add(db, "Always", &w, 1, 0) != GH_OK)
		die("schedule", db);
	for (int k = 0; k < NPROF; k++) {
		int z[3], n = prof_zones(k, z);
		snprintf(buf, sizeof buf, "prof-%d", k);
		if (gh_profile_add(db, buf) != GH_OK)
			die("profile", db);
		for (int i = 0; i < n; i++)
			if (gh_profile_rule(db, buf, zname[z[i]], "Always") != GH_OK)
				die("rule", db);
	}
	for (int p = 0; p < people; p++) {
		char ref[16], name[32], cred[16], prof[16];
		snprintf(ref, sizeof ref, "p%05d", p);
		snprintf(name, sizeof name, "Person %d", p);
		snprintf(cred, sizeof cred, "%08X", 0x20000000 + p);
		snprintf(prof, sizeof prof, "prof-%d", p % NPROF);
		struct gh_person_spec ps = { .ref = ref, .name = name,
			.kind = p % 10 == 9 ? "contractor" : "staff",
			.org = p % 10 == 9 ? "Prestataire" : "Site", .vetted = 1, .can_escort = p % 10 != 9,
			.lockdown_ok = 0 };
		struct gh_badge_spec bs = { .credential = cred, .kind = "uid", .person = ref };
		if (gh_person_add(db, &ps) != GH_OK || gh_badge_enroll(db, &bs) != GH_OK ||
		    gh_person_grant(db, ref, prof, NULL, NULL) != GH_OK)
			die("person", db);
	}
	if (gh_db_commit(db) != GH_OK)
		die("commit", db);
}

struct writer {
	struct gh_journal *j;
	struct gh_db *h;
	uint8_t sk[GH_SIGN_SK_LEN];
	struct gh_event ev[1024];
	char text[1024][160];
	int n;
	long long rows, in_tx;
	int64_t minute;		/* the minute of the last row, for checkpoints */
	int64_t last_ts;
};

static void
flush(struct writer *w)
{
	if (w->n > 0 && gh_journal_append(w->j, w->ev, w->n, NULL) != GH_OK)
		die("append", w->h);
	w->rows += w->n;
	w->in_tx += w->n;
	w->n = 0;
	if (w->in_tx >= TX_ROWS) {
		if (gh_db_commit(w->h) != GH_OK || gh_db_begin(w->h) != GH_OK)
			die("commit", w->h);
		w->in_tx = 0;
	}
}

/* A checkpoint as the controller makes it, once a minute while rows come. */
static void
tick(struct writer *w, int64_t ts)
{
	if (w->minute != 0 && ts / 60000000 != w->minute) {
		flush(w);
		if (gh_journal_checkpoint(w->j, w->sk, w->minute * 60000000 + 59999999) != GH_OK)
			die("checkpoint", w->h);
		w->rows++;
		w->in_tx++;
	}
	w->minute = ts / 60000000;
}

static struct gh_event *
next(struct writer *w, int64_t ts)
{
	tick(w, ts);
	if (w->n == (int)(sizeof w->ev / sizeof w->ev[0]))
		flush(w);
	struct gh_event *e = &w->ev[w->n];
	memset(e, 0, sizeof *e);
	e->ts_us = ts;
	w->last_ts = ts;
	return e;
}

static void
fill(struct writer *w, int people, long long rows, int y, int m, int months)
{
	char d1[32];
	time_t since;
	const char *why;
	snprintf(d1, sizeof d1, "%04d-%02d-01 00:00", y, m);
	if (gh_time_parse(d1, &since, &why) != 0)
		die(why, NULL);
	int ey = y + (m - 1 + months) / 12, em = (m - 1 + months) % 12 + 1;
	snprintf(d1, sizeof d1, "%04d-%02d-01 00:00", ey, em);
	time_t until;
	if (gh_time_parse(d1, &until, &why) != 0)
		die(why, NULL);
	/* Weights: a working day 20, a weekend day 1. */
	int days = (int)((until - since + 7200) / 86400);
	double total_w = 0;
	int *wd = calloc((size_t)days, sizeof *wd);
	for (int d = 0; d < days; d++) {
		struct gh_local l;
		gh_local_of(since + (time_t)d * 86400 + 43200, &l);
		wd[d] = l.weekday >= 5 ? 1 : 20;
		total_w += wd[d];
	}
	static const char *const refusals[] = { "no-access", "outside-schedule", "unknown-badge",
		"badge-expired", "passback" };
	static const char *const alarms[] = { "door-held-open", "door-forced", "brute-force",
		"reader-offline", "cloned-credential" };
	long long made = 0;
	int64_t pending_alarm[64];
	int npending = 0;
	for (int d = 0; d < days; d++) {
		long long today = (long long)((double)rows * wd[d] / total_w);
		if (d == days - 1)
			today = rows - made;
		/* Local midnight of day d (gh_time_parse follows the site's DST). */
		struct gh_local l;
		gh_local_of(since + (time_t)d * 86400 + 43200, &l);
		char ds[16], t0[32];
		gh_date_format(l.day, ds, sizeof ds);
		/* Hours: 97% between 07:00 and 20:00, the rest over the 11 night hours. */
		for (int h = 0; h < 24; h++) {
			int day_h = h >= 7 && h < 20;
			long long nh = (long long)(today * (day_h ? 0.97 / 13 : 0.03 / 11));
			if (nh == 0)
				continue;
			snprintf(t0, sizeof t0, "%s %02d:00", ds, h);
			time_t hs;
			if (gh_time_parse(t0, &hs, &why) != 0)
				continue;	/* the hour skipped by a DST change */
			int64_t base = (int64_t)hs * 1000000, step = 3600000000LL / nh;
			for (long long i = 0; i < nh; i++) {
				int64_t ts = base + i * step + rnd((unsigned)step);
				int r = (int)rnd(1000);
				struct gh_event *e = next(w, ts);
				char *tx = w->text[w->n];
				int p = (int)rnd((unsigned)people), z3[3], nz = prof_zones(p % NPROF, z3);
				int z = z3[rnd((unsigned)nz)];
				if (r < 900) {
					e->kind = "access";
					e->reader = rname[z];
					int granted = r < 855;
					if (!granted)	/* a zone not theirs, or any */
						z = (int)rnd(NPRIV + NSENS);
					e->door = dname[z];
					e->zone = zname[z];
					const char *why_r = granted ? "granted" : refusals[rnd(5)];
					if (strcmp(why_r, "unknown-badge") == 0) {
						snprintf(tx, 160, "%08X", 0x70000000 + rnd(1 << 20));
						e->credential = tx;
					} else {
						snprintf(tx, 160, "%08X", 0x20000000 + p);
						e->credential = tx;
						snprintf(tx + 16, 144, "p%05d", p);
						e->person = tx + 16;
					}
					e->decision = granted ? "granted" : "refused";
					e->reason = why_r;
				} else if (r < 999) {
					e->kind = r < 950 ? "door-opened" : "door-closed";
					e->door = dname[z];
				} else if (r == 999 && rnd(40) == 0 && npending < 64) {
					/* about one alarm in 40,000 rows: ~60 a day */
					const char *a = alarms[rnd(5)];
					e->kind = "alarm-raised";
					e->reason = a;
					snprintf(tx, 160, "{\"alarm\":\"%s\",\"source\":\"%s\","
					    "\"source_kind\":\"door\"}", a, dname[z]);
					e->details = tx;
					/* Its seq, for the acknowledgement: the journal's head
					 * and the rows before it in this batch. */
					int64_t seq;
					uint8_t hh[GH_HASH_LEN];
					gh_journal_head(w->j, &seq, hh);
					pending_alarm[npending++] = seq + w->n + 1;
				} else if (r == 999 && npending > 0 && rnd(2) == 0) {
					int64_t id = pending_alarm[--npending];
					e->kind = "alarm-acked";
					e->operator_ = "garde";
					e->reason = "door-held-open";
					snprintf(tx, 160, "{\"alarm\":\"door-held-open\",\"alarm_id\":%lld,"
					    "\"comment\":\"vu\",\"delay_s\":120}", (long long)id);
					e->details = tx;
				} else if (r == 999 && rnd(20) == 0) {
					e->kind = "door-released";
					e->door = dname[z];
					e->operator_ = "garde";
					e->reason = "livraison";
				} else {
					e->kind = "door-closed";
					e->door = dname[z];
				}
				w->n++;
				made++;
			}
		}
		/* Rounding: the day's remainder in its last working hour. */
		while (made < (d + 1 == days ? rows : made)) {
			struct gh_event *e = next(w, w->last_ts + 1);
			e->kind = "door-closed";
			e->door = dname[0];
			w->n++;
			made++;
		}
	}
	flush(w);
	tick(w, w->last_ts + 60000000);	/* the last minute's checkpoint */
	free(wd);
}

int
main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: bench-report-fill CONFIG.db JOURNAL.db PEOPLE ROWS "
		    "FIRST-MONTH MONTHS\n");
		return 2;
	}
	int people = atoi(argv[3]), months = atoi(argv[6]), y, m;
	long long rows = atoll(argv[4]);
	if (sscanf(argv[5], "%d-%d", &y, &m) != 2 || people < 1 || rows < 1 || months < 1)
		return 2;
	char err[600];
	struct gh_db *db;
	if (gh_db_open(&db, argv[1], 0, err, sizeof err) != GH_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	char tz[64] = "UTC";
	gh_setting_get(db, "timezone", tz, sizeof tz);
	gh_tz_set(tz);
	gh_db_set_actor(db, "cli:bench");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	make_site(db, people);
	gh_db_close(db);
	static struct writer w;
	if (gh_journal_open(&w.j, argv[2], 0, err, sizeof err) != GH_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	char dir[1024], skp[1024], pkp[1024];
	gh_signkey_paths(argv[2], dir, skp, pkp, sizeof dir);
	if (gh_signkey_load_secret(skp, w.sk, err, sizeof err) != GH_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	w.h = gh_bench_journal_db(w.j);
	if (gh_db_begin(w.h) != GH_OK)
		die("begin", w.h);
	fill(&w, people, rows, y, m, months);
	if (gh_db_commit(w.h) != GH_OK)
		die("commit", w.h);
	gh_journal_close(w.j);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("filled: %d people, %lld rows (checkpoints included) in %.1f s (%.0f rows/s)\n",
	    people, w.rows, s, (double)w.rows / s);
	return 0;
}
