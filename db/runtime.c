/* The controller's view of the configuration; see runtime.h. */
#include "db/runtime.h"

#include <stdlib.h>
#include <string.h>

#include "db/db_private.h"

static void
copy_col(sqlite3_stmt *st, int i, char *dst, size_t len)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	gh_strlcpy(dst, v ? (const char *)v : "", len);
}

int
gh_site_load(struct gh_db *db, struct gh_rt_site *s)
{
	static const char sql_doors[] =
	    "SELECT d.id, d.name, f.name, f.level, t.name, t.level, d.release_s, d.held_s, "
	    "d.fail_safe, d.relay_line, d.contact_line, d.rex_line, d.fire_line, "
	    "d.tamper_line FROM door d "
	    "JOIN zone f ON f.id = d.from_zone JOIN zone t ON t.id = d.to_zone ORDER BY d.id";
	static const char sql_readers[] =
	    "SELECT r.name, r.connstring, r.enrollment, dr.door, dr.side FROM reader r "
	    "LEFT JOIN door_reader dr ON dr.reader = r.id ORDER BY r.id";
	memset(s, 0, sizeof *s);
	int rc = GH_OK, cap = 0;
	/* One read transaction: doors and readers from the same snapshot. */
	if (sqlite3_exec(db->h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_sqlfail(db, "load");
	sqlite3_stmt *st = db_stmt(db, sql_doors);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		if (s->ndoors == cap) {
			cap = cap ? cap * 2 : 16;
			struct gh_rt_door *d = realloc(s->doors, sizeof *d * cap);
			if (d == NULL)
				fatalx("out of memory");
			s->doors = d;
		}
		struct gh_rt_door *d = &s->doors[s->ndoors++];
		memset(d, 0, sizeof *d);
		d->id = sqlite3_column_int64(st, 0);
		copy_col(st, 1, d->name, sizeof d->name);
		copy_col(st, 2, d->from_zone, sizeof d->from_zone);
		copy_col(st, 3, d->from_level, sizeof d->from_level);
		copy_col(st, 4, d->to_zone, sizeof d->to_zone);
		copy_col(st, 5, d->to_level, sizeof d->to_level);
		d->release_s = sqlite3_column_int(st, 6);
		d->held_s = sqlite3_column_int(st, 7);
		d->fail_safe = sqlite3_column_int(st, 8);
		copy_col(st, 9, d->relay, sizeof d->relay);
		copy_col(st, 10, d->contact, sizeof d->contact);
		copy_col(st, 11, d->rex, sizeof d->rex);
		copy_col(st, 12, d->fire, sizeof d->fire);
		copy_col(st, 13, d->tamper, sizeof d->tamper);
	}
	if (st == NULL)
		rc = GH_EFAIL;
	else
		sqlite3_reset(st);
	cap = 0;
	st = rc == GH_OK ? db_stmt(db, sql_readers) : NULL;
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		if (s->nreaders == cap) {
			cap = cap ? cap * 2 : 16;
			struct gh_rt_reader *r = realloc(s->readers, sizeof *r * cap);
			if (r == NULL)
				fatalx("out of memory");
			s->readers = r;
		}
		struct gh_rt_reader *r = &s->readers[s->nreaders++];
		memset(r, 0, sizeof *r);
		copy_col(st, 0, r->name, sizeof r->name);
		copy_col(st, 1, r->connstring, sizeof r->connstring);
		r->enrollment = sqlite3_column_int(st, 2);
		r->door = -1;
		if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
			int64_t did = sqlite3_column_int64(st, 3);
			for (int i = 0; i < s->ndoors; i++)
				if (s->doors[i].id == did)
					r->door = i;
		}
		const unsigned char *side = sqlite3_column_text(st, 4);
		r->side_out = side && strcmp((const char *)side, "out") == 0;
	}
	if (st)
		sqlite3_reset(st);
	else
		rc = GH_EFAIL;
	sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	if (rc != GH_OK)
		gh_site_free(s);
	return rc;
}

void
gh_site_free(struct gh_rt_site *s)
{
	free(s->doors);
	free(s->readers);
	memset(s, 0, sizeof *s);
}

int
gh_db_data_version(struct gh_db *db, int64_t *v)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? GH_OK : db_sqlfail(db, "data_version");
}

int
gh_audit_after(struct gh_db *db, int64_t after_id, int limit, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT id, ts, actor, action, object, before, after FROM audit "
	    "WHERE id > ?1 ORDER BY id LIMIT ?2";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, after_id);
	sqlite3_bind_int(st, 2, limit);
	return db_table(db, st, t);
}
