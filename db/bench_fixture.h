/* A large synthetic site for benchmarks (bench/), loaded fast: one transaction,
 * prepared inserts, ANALYZE at the end. */
#ifndef GH_BENCH_FIXTURE_H
#define GH_BENCH_FIXTURE_H

#include "db/db.h"

struct gh_bench_site {
	int people, doors, zones, profiles, schedules, rules_per_profile, grants_per_person;
	unsigned seed;
};

/* Load into an initialised, empty configuration database.  Badge i (0-based) has the
 * credential "%08X" of 0x10000000 + i; door i is named "door-%d". */
int gh_bench_load(struct gh_db *db, const struct gh_bench_site *s);
/* Write pressure for the contention benchmark: `holds` times, hold the write lock
 * about hold_ms while writing a row every millisecond; stops early when *stop. */
int gh_bench_write_pressure(struct gh_db *db, int holds, int hold_ms, volatile int *stop);

/* The journal's database, for wrapping many appends in one transaction
 * (gh_db_begin / gh_db_commit) while filling a benchmark journal. */
struct gh_journal;
struct gh_db *gh_bench_journal_db(struct gh_journal *j);

#endif
