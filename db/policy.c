/* Reads for the decision engine; see policy.h. */
#include "db/policy.h"

#include <string.h>

#include "db/db_private.h"

static void
col(sqlite3_stmt *st, int i, char *dst, size_t len)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	gh_strlcpy(dst, v ? (const char *)v : "", len);
}

/* Step a one-row lookup: GH_OK with the row, GH_EINPUT when none. */
static int
one_row(struct gh_db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return GH_OK;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? GH_EINPUT : db_sqlfail(db, "decision");
}

int
gh_pol_begin(struct gh_db *db)
{
	static const char sql[] = "BEGIN";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_exec_stmt(db, st, "begin") : GH_EFAIL;
}

void
gh_pol_end(struct gh_db *db)
{
	static const char sql[] = "COMMIT";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st)
		db_exec_stmt(db, st, "commit");
}

static void
zone_cols(sqlite3_stmt *st, int i, struct gh_pol_zone *z)
{
	z->id = sqlite3_column_int64(st, i);
	col(st, i + 1, z->name, sizeof z->name);
	col(st, i + 2, z->level, sizeof z->level);
	col(st, i + 3, z->passback, sizeof z->passback);
	z->max_occupancy = sqlite3_column_int(st, i + 4);
}

int
gh_pol_door(struct gh_db *db, const char *name, struct gh_pol_door *d)
{
	static const char sql[] =
	    "SELECT d.id, d.name, f.id, f.name, f.level, f.passback, f.max_occupancy, "
	    "t.id, t.name, t.level, t.passback, t.max_occupancy FROM door d "
	    "JOIN zone f ON f.id = d.from_zone JOIN zone t ON t.id = d.to_zone "
	    "WHERE d.name = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, name);
	int rc = one_row(db, st);
	if (rc != GH_OK)
		return rc;
	d->id = sqlite3_column_int64(st, 0);
	col(st, 1, d->name, sizeof d->name);
	zone_cols(st, 2, &d->from);
	zone_cols(st, 7, &d->to);
	sqlite3_reset(st);
	return GH_OK;
}

int
gh_pol_reader(struct gh_db *db, const char *name, int64_t *door, char *door_name,
    size_t len, int *side_out)
{
	static const char sql[] =
	    "SELECT dr.door, d.name, dr.side FROM reader r JOIN door_reader dr "
	    "ON dr.reader = r.id JOIN door d ON d.id = dr.door WHERE r.name = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, name);
	int rc = one_row(db, st);
	if (rc != GH_OK)
		return rc;
	*door = sqlite3_column_int64(st, 0);
	col(st, 1, door_name, len);
	*side_out = strcmp((const char *)sqlite3_column_text(st, 2), "out") == 0;
	sqlite3_reset(st);
	return GH_OK;
}

int
gh_pol_badge(struct gh_db *db, const char *credential, struct gh_pol_badge *b)
{
	static const char sql[] =
	    "SELECT person, credential, kind, status, valid_from, valid_until FROM badge "
	    "WHERE credential = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, credential);
	int rc = one_row(db, st);
	if (rc != GH_OK)
		return rc;
	b->person = sqlite3_column_int64(st, 0);
	col(st, 1, b->credential, sizeof b->credential);
	col(st, 2, b->kind, sizeof b->kind);
	col(st, 3, b->status, sizeof b->status);
	col(st, 4, b->valid_from, sizeof b->valid_from);
	col(st, 5, b->valid_until, sizeof b->valid_until);
	sqlite3_reset(st);
	return GH_OK;
}

int
gh_pol_person(struct gh_db *db, int64_t id, struct gh_pol_person *p)
{
	static const char sql[] =
	    "SELECT id, ref, kind, status, valid_from, valid_until, vetted, can_escort, "
	    "lockdown_ok FROM person WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, id);
	int rc = one_row(db, st);
	if (rc != GH_OK)
		return rc;
	p->id = sqlite3_column_int64(st, 0);
	col(st, 1, p->ref, sizeof p->ref);
	col(st, 2, p->kind, sizeof p->kind);
	col(st, 3, p->status, sizeof p->status);
	col(st, 4, p->valid_from, sizeof p->valid_from);
	col(st, 5, p->valid_until, sizeof p->valid_until);
	p->vetted = sqlite3_column_int(st, 6);
	p->can_escort = sqlite3_column_int(st, 7);
	p->lockdown_ok = sqlite3_column_int(st, 8);
	sqlite3_reset(st);
	return GH_OK;
}

int
gh_pol_rules(struct gh_db *db, int64_t person, int64_t zone, struct gh_pol_rule *r, int max,
    int *n)
{
	static const char sql[] =
	    "SELECT r.schedule, s.holidays_closed, g.valid_from, g.valid_until "
	    "FROM person_grant g JOIN profile_rule r ON r.profile = g.profile AND r.zone = ?2 "
	    "JOIN schedule s ON s.id = r.schedule WHERE g.person = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_int64(st, 2, zone);
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		struct gh_pol_rule *x = &r[(*n)++];
		x->schedule = sqlite3_column_int64(st, 0);
		x->holidays_closed = sqlite3_column_int(st, 1);
		col(st, 2, x->grant_from, sizeof x->grant_from);
		col(st, 3, x->grant_until, sizeof x->grant_until);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? GH_OK : db_sqlfail(db, "rules");
}

int
gh_pol_windows(struct gh_db *db, int64_t schedule, struct gh_window *w, int max, int *n)
{
	static const char sql[] =
	    "SELECT days, start_min, end_min FROM schedule_window WHERE schedule = ?1";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, schedule);
	return db_windows(db, st, w, max, n);
}

int
gh_pol_holiday(struct gh_db *db, const char *day)
{
	static const char sql[] = "SELECT 1 FROM holiday WHERE day = ?1";
	int64_t v = db_id(db, sql, day);
	return v < 0 ? -1 : v > 0;
}
