/* Opening, migrating and transacting on the databases; the statement cache; the
 * audit trail; listings as tables. */
#include "db/db_private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "controller/timeutil.h"
#include "controller/util.h"

int
db_fail(struct gh_db *db, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->err, sizeof db->err, fmt, ap);
	va_end(ap);
	return rc;
}

int
db_sqlfail(struct gh_db *db, const char *what)
{
	return db_fail(db, GH_EFAIL, "%s: %s", what, sqlite3_errmsg(db->h));
}

const char *
gh_db_errmsg(const struct gh_db *db)
{
	return db->err;
}

void
gh_db_set_actor(struct gh_db *db, const char *actor)
{
	gh_strlcpy(db->actor, actor, sizeof db->actor);
}

static size_t
cache_slot(const char *sql)
{
	uintptr_t p = (uintptr_t)sql;
	return (size_t)((p >> 3) * 2654435761u) % GH_STMT_CACHE;
}

sqlite3_stmt *
db_stmt(struct gh_db *db, const char *sql)
{
	size_t i = cache_slot(sql);
	for (size_t n = 0; n < GH_STMT_CACHE; n++, i = (i + 1) % GH_STMT_CACHE) {
		if (db->cache[i].sql == sql) {
			sqlite3_reset(db->cache[i].st);
			sqlite3_clear_bindings(db->cache[i].st);
			return db->cache[i].st;
		}
		if (db->cache[i].sql == NULL) {
			sqlite3_stmt *st;
			if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			    NULL) != SQLITE_OK) {
				db_sqlfail(db, "prepare");
				return NULL;
			}
			db->cache[i].sql = sql;
			db->cache[i].st = st;
			return st;
		}
	}
	db_fail(db, GH_EFAIL, "statement cache full");
	return NULL;
}

void
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int
db_exec_stmt(struct gh_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(st);
		return GH_OK;
	}
	int ext = sqlite3_extended_errcode(db->h);
	if ((ext & 0xff) == SQLITE_CONSTRAINT) {
		rc = db_fail(db, GH_EINPUT, "%s: %s", what, sqlite3_errmsg(db->h));
	} else {
		rc = db_sqlfail(db, what);
	}
	sqlite3_reset(st);
	return rc;
}

int64_t
db_id(struct gh_db *db, const char *sql, const char *name)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	int64_t id = 0;
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE) {
		db_sqlfail(db, "lookup");
		id = -1;
	}
	sqlite3_reset(st);
	return id;
}

static int
exec_sql(struct gh_db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = db_fail(db, GH_EFAIL, "%s: %s", sql, msg ? msg : "failed");
		sqlite3_free(msg);
		return rc;
	}
	return GH_OK;
}

int
db_tx_begin(struct gh_db *db)
{
	char sql[64];
	if (db->tx_depth == 0) {
		/* IMMEDIATE: take the write lock now, so a busy database is waited for
		 * here (busy_timeout) and never fails half-way. */
		if (exec_sql(db, "BEGIN IMMEDIATE") != GH_OK)
			return GH_EFAIL;
	} else {
		snprintf(sql, sizeof sql, "SAVEPOINT sp%d", db->tx_depth);
		if (exec_sql(db, sql) != GH_OK)
			return GH_EFAIL;
	}
	db->tx_depth++;
	return GH_OK;
}

int
db_tx_end(struct gh_db *db, int rc)
{
	char sql[96];
	if (db->tx_depth <= 0)
		return rc;
	db->tx_depth--;
	char saved[sizeof db->err];
	memcpy(saved, db->err, sizeof saved);
	if (db->tx_depth == 0) {
		if (rc == GH_OK) {
			if (exec_sql(db, "COMMIT") != GH_OK) {
				rc = GH_EFAIL;
				memcpy(saved, db->err, sizeof saved);
				exec_sql(db, "ROLLBACK");
			}
		} else {
			exec_sql(db, "ROLLBACK");
		}
	} else if (rc == GH_OK) {
		snprintf(sql, sizeof sql, "RELEASE sp%d", db->tx_depth);
		if (exec_sql(db, sql) != GH_OK) {
			rc = GH_EFAIL;
			memcpy(saved, db->err, sizeof saved);
		}
	} else {
		snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", db->tx_depth,
		    db->tx_depth);
		exec_sql(db, sql);
	}
	memcpy(db->err, saved, sizeof saved);
	return rc;
}

int gh_db_begin(struct gh_db *db) { return db_tx_begin(db); }
int gh_db_commit(struct gh_db *db) { return db_tx_end(db, GH_OK); }
void gh_db_rollback(struct gh_db *db) { db_tx_end(db, GH_EINPUT); }

char *
db_snapshot(struct gh_db *db, const char *sql, const char *key)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return NULL;
	db_bind_text(st, 1, key);
	char *out = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return out;
}

int
db_check_date(struct gh_db *db, const char *what, const char *date, int allow_empty)
{
	gh_day d;
	if (date == NULL || (allow_empty && date[0] == '\0'))
		return GH_OK;
	if (gh_date_parse(date, &d) != 0)
		return db_fail(db, GH_EINPUT, "%s: bad date '%s' (expected YYYY-MM-DD)", what,
		    date);
	return GH_OK;
}

int
db_audit(struct gh_db *db, const char *action, const char *object, const char *before,
    const char *after)
{
	static const char sql[] =
	    "INSERT INTO audit(ts, actor, action, object, before, after) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	if (db->actor[0] == '\0')
		return db_fail(db, GH_EFAIL, "no actor set for the audit trail");
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	char ts[32];
	gh_utc_format_us(gh_now_us(), ts, sizeof ts);
	db_bind_text(st, 1, ts);
	db_bind_text(st, 2, db->actor);
	db_bind_text(st, 3, action);
	db_bind_text(st, 4, object);
	db_bind_text(st, 5, before);
	db_bind_text(st, 6, after);
	return db_exec_stmt(db, st, "audit");
}

/* Tables ---------------------------------------------------------------------- */

void
gh_table_init(struct gh_table *t)
{
	memset(t, 0, sizeof *t);
}

void
gh_table_free(struct gh_table *t)
{
	for (int i = 0; i < t->ncols; i++)
		free(t->col[i]);
	for (int i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->types);
	gh_table_init(t);
}

const char *
gh_table_cell(const struct gh_table *t, int row, int col)
{
	if (row < 0 || row >= t->nrows || col < 0 || col >= t->ncols)
		return NULL;
	return t->cells[row * t->ncols + col];
}

const char *
gh_table_value(const struct gh_table *t, int row, const char *col)
{
	return gh_table_cell(t, row, gh_table_col(t, col));
}

int
gh_table_col(const struct gh_table *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (strcmp(t->col[i], name) == 0)
			return i;
	return -1;
}

int
db_table_by(struct gh_db *db, const char *sql, const char *key, struct gh_table *t)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, key);
	return db_table(db, st, t);
}

int
db_table(struct gh_db *db, sqlite3_stmt *st, struct gh_table *t)
{
	gh_table_free(t);
	int ncols = sqlite3_column_count(st);
	if (ncols > GH_TABLE_MAX_COLS)
		ncols = GH_TABLE_MAX_COLS;
	int isbool[GH_TABLE_MAX_COLS];
	t->ncols = ncols;
	for (int i = 0; i < ncols; i++) {
		const char *n = sqlite3_column_name(st, i);
		size_t len = strlen(n);
		isbool[i] = len > 1 && n[len - 1] == '?';
		t->col[i] = strndup(n, isbool[i] ? len - 1 : len);
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->nrows == t->cap) {
			int cap = t->cap ? t->cap * 2 : 16;
			char **c = realloc(t->cells, sizeof *c * cap * ncols);
			enum gh_cell_type *ty = realloc(t->types, sizeof *ty * cap * ncols);
			if (c == NULL || ty == NULL)
				fatalx("out of memory");
			t->cells = c;
			t->types = ty;
			t->cap = cap;
		}
		for (int i = 0; i < ncols; i++) {
			int k = t->nrows * ncols + i;
			int ct = sqlite3_column_type(st, i);
			if (ct == SQLITE_NULL) {
				t->cells[k] = NULL;
				t->types[k] = GH_CELL_NULL;
				continue;
			}
			t->cells[k] = strdup((const char *)sqlite3_column_text(st, i));
			t->types[k] = isbool[i] ? GH_CELL_BOOL :
			    ct == SQLITE_INTEGER ? GH_CELL_INT : GH_CELL_TEXT;
		}
		t->nrows++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, "list");
	return GH_OK;
}

/* Opening and migrations -------------------------------------------------------- */

static int
user_version(sqlite3 *h, int *v)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
db_migrate(sqlite3 *h, const struct gh_schema *s, int readonly, char *err, size_t errlen)
{
	int v;
	if (user_version(h, &v) != 0) {
		snprintf(err, errlen, "cannot read the %s database: %s", s->what,
		    sqlite3_errmsg(h));
		return GH_EFAIL;
	}
	if (v > s->count) {
		/* Never touch a database written by a newer Gatehouse. */
		snprintf(err, errlen,
		    "the %s database has schema version %d, newer than this program's %d; "
		    "refusing to use it (upgrade Gatehouse)", s->what, v, s->count);
		return GH_EFAIL;
	}
	if (v == s->count)
		return GH_OK;
	if (v == 0 && readonly) {
		snprintf(err, errlen, "not a Gatehouse %s database (run gatehouse init)",
		    s->what);
		return GH_EFAIL;
	}
	if (readonly) {
		snprintf(err, errlen, "the %s database has schema version %d; it needs "
		    "migrating to %d by a program that may write it", s->what, v, s->count);
		return GH_EFAIL;
	}
	char *msg = NULL;
	if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	/* Re-read under the write lock: another process may have migrated. */
	if (user_version(h, &v) != 0 || v > s->count)
		goto fail;
	for (; v < s->count; v++) {
		char pragma[64];
		if (sqlite3_exec(h, s->migrations[v], NULL, NULL, &msg) != SQLITE_OK)
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (sqlite3_exec(h, pragma, NULL, NULL, &msg) != SQLITE_OK)
			goto fail;
	}
	if (sqlite3_exec(h, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	return GH_OK;
fail:
	snprintf(err, errlen, "cannot migrate the %s database: %s", s->what,
	    msg ? msg : sqlite3_errmsg(h));
	sqlite3_free(msg);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	return GH_EFAIL;
}

static int
open_handle(sqlite3 **out, const char *path, int flags, int create, char *err,
    size_t errlen)
{
	sqlite3 *h = NULL;
	int of = (flags & GH_DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (create)
		of |= SQLITE_OPEN_CREATE;
	of |= SQLITE_OPEN_NOMUTEX;
	if (!create && access(path, F_OK) != 0) {
		snprintf(err, errlen, "%s: no such database (run gatehouse init)", path);
		return GH_EFAIL;
	}
	if (sqlite3_open_v2(path, &h, of, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, h ? sqlite3_errmsg(h) : "cannot open");
		sqlite3_close(h);
		return GH_EFAIL;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, 10000);
	char *msg = NULL;
	const char *pragmas = (flags & GH_DB_READONLY) ?
	    /* Reads by memory map: no pread and copy per page (decisions). */
	    "PRAGMA foreign_keys = ON; PRAGMA mmap_size = 1073741824;" :
	    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
	if (sqlite3_exec(h, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errmsg(h));
		sqlite3_free(msg);
		sqlite3_close(h);
		return GH_EFAIL;
	}
	*out = h;
	return GH_OK;
}

int
db_open_schema(struct gh_db **out, const char *path, int flags,
    const struct gh_schema *schema, char *err, size_t errlen)
{
	sqlite3 *h;
	if (open_handle(&h, path, flags, 0, err, errlen) != GH_OK)
		return GH_EFAIL;
	if (db_migrate(h, schema, flags & GH_DB_READONLY, err, errlen) != GH_OK) {
		sqlite3_close(h);
		return GH_EFAIL;
	}
	struct gh_db *db = calloc(1, sizeof *db);
	if (db == NULL)
		fatalx("out of memory");
	db->h = h;
	db->readonly = flags & GH_DB_READONLY;
	*out = db;
	return GH_OK;
}

int
gh_db_open(struct gh_db **out, const char *path, int flags, char *err, size_t errlen)
{
	struct gh_db *db;
	if (db_open_schema(&db, path, flags, &gh_config_schema, err, errlen) != GH_OK)
		return GH_EFAIL;
	char tz[128];
	if (gh_setting_get(db, "timezone", tz, sizeof tz) == GH_OK && gh_tz_set(tz) != 0) {
		snprintf(err, errlen, "the site time zone '%s' is not known to this system", tz);
		gh_db_close(db);
		return GH_EFAIL;
	}
	*out = db;
	return GH_OK;
}

void
gh_db_close(struct gh_db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < GH_STMT_CACHE; i++)
		if (db->cache[i].st)
			sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->h);
	free(db);
}

int gh_schema_version_config(void) { return gh_config_schema.count; }
int gh_schema_version_journal(void) { return gh_journal_schema.count; }

int
gh_journal_check(const char *path, char *err, size_t errlen)
{
	sqlite3 *h;
	if (open_handle(&h, path, GH_DB_READONLY, 0, err, errlen) != GH_OK)
		return GH_EFAIL;
	int rc = db_migrate(h, &gh_journal_schema, 1, err, errlen);
	sqlite3_close(h);
	return rc;
}

static int
create_file(const char *path, char *err, size_t errlen)
{
	/* Owner and group only (the web service reads through its group). */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, errno == EEXIST ?
		    "already exists; refusing to initialise over it" : strerror(errno));
		return GH_EFAIL;
	}
	fchmod(fd, 0660);
	close(fd);
	return GH_OK;
}

static int
init_one(const char *path, const struct gh_schema *s, char *err, size_t errlen)
{
	sqlite3 *h;
	if (open_handle(&h, path, 0, 1, err, errlen) != GH_OK)
		return GH_EFAIL;
	int rc = db_migrate(h, s, 0, err, errlen);
	sqlite3_close(h);
	return rc;
}

int
gh_db_init(const char *config_path, const char *journal_path, const char *site,
    const char *timezone, const char *actor, char *err, size_t errlen)
{
	const char *why;
	if (gh_name_valid(site, &why) != 0) {
		snprintf(err, errlen, "site name %s", why);
		return GH_EINPUT;
	}
	if (!gh_tz_known(timezone)) {
		snprintf(err, errlen, "time zone '%s' is not known to this system", timezone);
		return GH_EINPUT;
	}
	if (access(config_path, F_OK) == 0 || access(journal_path, F_OK) == 0) {
		snprintf(err, errlen, "%s: already exists; refusing to initialise over it",
		    access(config_path, F_OK) == 0 ? config_path : journal_path);
		return GH_EINPUT;
	}
	if (create_file(config_path, err, errlen) != GH_OK)
		return GH_EFAIL;
	if (create_file(journal_path, err, errlen) != GH_OK) {
		unlink(config_path);
		return GH_EFAIL;
	}
	if (init_one(config_path, &gh_config_schema, err, errlen) != GH_OK ||
	    init_one(journal_path, &gh_journal_schema, err, errlen) != GH_OK)
		goto fail;
	struct gh_db *db;
	if (gh_db_open(&db, config_path, 0, err, errlen) != GH_OK)
		goto fail;
	gh_db_set_actor(db, actor);
	int rc = db_tx_begin(db);
	size_t n;
	const struct gh_setting_def *defs = gh_setting_defs(&n);
	for (size_t i = 0; rc == GH_OK && i < n; i++) {
		const char *v = defs[i].def;
		if (strcmp(defs[i].key, "timezone") == 0)
			v = timezone;
		else if (strcmp(defs[i].key, "site-name") == 0)
			v = site;
		if (v != NULL)
			rc = gh_setting_set(db, defs[i].key, v);
	}
	rc = db_tx_end(db, rc);
	if (rc != GH_OK)
		snprintf(err, errlen, "%s", db->err);
	gh_db_close(db);
	if (rc != GH_OK)
		goto fail;
	return GH_OK;
fail:
	unlink(config_path);
	unlink(journal_path);
	return GH_EFAIL;
}

int
db_windows(struct gh_db *db, sqlite3_stmt *st, struct gh_window *w, int max, int *n)
{
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		w[*n].days = (unsigned)sqlite3_column_int(st, 0);
		w[*n].start_min = sqlite3_column_int(st, 1);
		w[*n].end_min = sqlite3_column_int(st, 2);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? GH_OK : db_sqlfail(db, "windows");
}
