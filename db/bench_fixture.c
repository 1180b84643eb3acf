/* The synthetic benchmark site; see bench_fixture.h. */
#include "db/bench_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "db/db_private.h"

static unsigned
rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8) & 0xffffff;
}

static int
run(struct gh_db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		db_fail(db, GH_EFAIL, "%s: %s", sql, msg ? msg : "");
		sqlite3_free(msg);
		return GH_EFAIL;
	}
	return GH_OK;
}

static sqlite3_stmt *
prep(struct gh_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		db_sqlfail(db, "prepare");
	return st;
}

static int
step(struct gh_db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GH_OK : db_sqlfail(db, "bench insert");
}

int
gh_bench_load(struct gh_db *db, const struct gh_bench_site *s)
{
	unsigned seed = s->seed;
	char name[64];
	if (run(db, "PRAGMA synchronous = OFF; BEGIN") != GH_OK)
		return GH_EFAIL;
	sqlite3_stmt *zone = prep(db, "INSERT INTO zone(id, name, level) VALUES (?1, ?2, ?3)");
	sqlite3_stmt *door = prep(db, "INSERT INTO door(id, name, from_zone, to_zone) "
	    "VALUES (?1, ?2, 1, ?3)");
	sqlite3_stmt *sched = prep(db, "INSERT INTO schedule(id, name) VALUES (?1, ?2)");
	sqlite3_stmt *win = prep(db, "INSERT INTO schedule_window(schedule, seq, days, "
	    "start_min, end_min) VALUES (?1, ?2, ?3, ?4, ?5)");
	sqlite3_stmt *prof = prep(db, "INSERT INTO profile(id, name) VALUES (?1, ?2)");
	sqlite3_stmt *rule = prep(db, "INSERT OR IGNORE INTO profile_rule(profile, zone, "
	    "schedule) VALUES (?1, ?2, ?3)");
	sqlite3_stmt *person = prep(db, "INSERT INTO person(id, ref, name, kind) "
	    "VALUES (?1, ?2, ?2, 'staff')");
	sqlite3_stmt *badge = prep(db, "INSERT INTO badge(credential, kind, card_uid, person, "
	    "enrolled_at) VALUES (?1, 'uid', ?1, ?2, '2026-01-01T00:00:00.000000Z')");
	sqlite3_stmt *grant = prep(db, "INSERT OR IGNORE INTO person_grant(person, profile) "
	    "VALUES (?1, ?2)");
	if (!zone || !door || !sched || !win || !prof || !rule || !person || !badge || !grant)
		goto fail;
	/* Zone 1 is public; the others private.  Doors lead from zone 1. */
	for (int i = 1; i <= s->zones + 1; i++) {
		snprintf(name, sizeof name, "zone-%d", i);
		sqlite3_bind_int(zone, 1, i);
		sqlite3_bind_text(zone, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(zone, 3, i == 1 ? "public" : "private", -1, SQLITE_STATIC);
		if (step(db, zone) != GH_OK)
			goto fail;
	}
	for (int i = 0; i < s->doors; i++) {
		snprintf(name, sizeof name, "door-%d", i);
		sqlite3_bind_int(door, 1, i + 1);
		sqlite3_bind_text(door, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(door, 3, 2 + i % s->zones);
		if (step(db, door) != GH_OK)
			goto fail;
	}
	for (int i = 1; i <= s->schedules; i++) {
		snprintf(name, sizeof name, "schedule-%d", i);
		sqlite3_bind_int(sched, 1, i);
		sqlite3_bind_text(sched, 2, name, -1, SQLITE_TRANSIENT);
		if (step(db, sched) != GH_OK)
			goto fail;
		for (int k = 0; k < 2; k++) {
			int start = (int)(rnd(&seed) % 20) * 60;
			sqlite3_bind_int(win, 1, i);
			sqlite3_bind_int(win, 2, k);
			sqlite3_bind_int(win, 3, 1 + (int)(rnd(&seed) % 127));
			sqlite3_bind_int(win, 4, start);
			sqlite3_bind_int(win, 5, start + 60 + (int)(rnd(&seed) % 4) * 60);
			if (step(db, win) != GH_OK)
				goto fail;
		}
	}
	for (int i = 1; i <= s->profiles; i++) {
		snprintf(name, sizeof name, "profile-%d", i);
		sqlite3_bind_int(prof, 1, i);
		sqlite3_bind_text(prof, 2, name, -1, SQLITE_TRANSIENT);
		if (step(db, prof) != GH_OK)
			goto fail;
		for (int k = 0; k < s->rules_per_profile; k++) {
			sqlite3_bind_int(rule, 1, i);
			sqlite3_bind_int(rule, 2, 2 + (int)(rnd(&seed) % (unsigned)s->zones));
			sqlite3_bind_int(rule, 3, 1 + (int)(rnd(&seed) % (unsigned)s->schedules));
			if (step(db, rule) != GH_OK)
				goto fail;
		}
	}
	for (int i = 0; i < s->people; i++) {
		snprintf(name, sizeof name, "P%07d", i);
		sqlite3_bind_int(person, 1, i + 1);
		sqlite3_bind_text(person, 2, name, -1, SQLITE_TRANSIENT);
		if (step(db, person) != GH_OK)
			goto fail;
		snprintf(name, sizeof name, "%08X", 0x10000000u + (unsigned)i);
		sqlite3_bind_text(badge, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(badge, 2, i + 1);
		if (step(db, badge) != GH_OK)
			goto fail;
		for (int k = 0; k < s->grants_per_person; k++) {
			sqlite3_bind_int(grant, 1, i + 1);
			sqlite3_bind_int(grant, 2, 1 + (int)(rnd(&seed) % (unsigned)s->profiles));
			if (step(db, grant) != GH_OK)
				goto fail;
		}
	}
	sqlite3_finalize(zone);
	sqlite3_finalize(door);
	sqlite3_finalize(sched);
	sqlite3_finalize(win);
	sqlite3_finalize(prof);
	sqlite3_finalize(rule);
	sqlite3_finalize(person);
	sqlite3_finalize(badge);
	sqlite3_finalize(grant);
	if (run(db, "COMMIT; ANALYZE; PRAGMA synchronous = FULL") != GH_OK)
		return GH_EFAIL;
	return GH_OK;
fail:
	sqlite3_finalize(zone);
	sqlite3_finalize(door);
	sqlite3_finalize(sched);
	sqlite3_finalize(win);
	sqlite3_finalize(prof);
	sqlite3_finalize(rule);
	sqlite3_finalize(person);
	sqlite3_finalize(badge);
	sqlite3_finalize(grant);
	run(db, "ROLLBACK");
	return GH_EFAIL;
}

int
gh_bench_write_pressure(struct gh_db *db, int holds, int hold_ms, volatile int *stop)
{
	/* As a long web or CLI write would: the write lock held hold_ms at a time, many
	 * small writes inside, so the WAL grows and checkpoints are starved meanwhile. */
	static const char sql[] = "INSERT INTO holiday(day, name) VALUES (?1, 'pressure') "
	    "ON CONFLICT(day) DO UPDATE SET name = excluded.name";
	int n = 0;
	for (int h = 0; h < holds && !*stop; h++) {
		if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return db_sqlfail(db, "begin");
		for (int k = 0; k < hold_ms && !*stop; k++) {
			char day[16];
			snprintf(day, sizeof day, "20%02d-%02d-%02d", 40 + n % 50, 1 + n % 12,
			    1 + n % 28);
			sqlite3_stmt *st = db_stmt(db, sql);
			if (st == NULL)
				break;
			db_bind_text(st, 1, day);
			sqlite3_step(st);
			sqlite3_reset(st);
			n++;
			struct timespec ts = { 0, 1000000 };
			nanosleep(&ts, NULL);
		}
		sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	}
	return GH_OK;
}

struct gh_db *
gh_bench_journal_db(struct gh_journal *j)
{
	return gh_journal_handle(j);
}
