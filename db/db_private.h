/* Internals shared by the files of db/. */
#ifndef GH_DB_PRIVATE_H
#define GH_DB_PRIVATE_H

#include <sqlite3.h>
#include "db/db.h"

struct gh_schema {
	const char *what;
	const char *const *migrations;
	int count;
};
extern const struct gh_schema gh_config_schema;
extern const struct gh_schema gh_journal_schema;

#define GH_STMT_CACHE 256

struct gh_db {
	sqlite3 *h;
	int readonly;
	int tx_depth;
	char actor[128];
	char err[512];
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[GH_STMT_CACHE];
};

/* Set the error message; returns rc. */
int db_fail(struct gh_db *db, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* GH_EFAIL with SQLite's message. */
int db_sqlfail(struct gh_db *db, const char *what);
/* The prepared statement for a literal SQL string, reset and unbound. */
sqlite3_stmt *db_stmt(struct gh_db *db, const char *sql);
/* Bind helpers: NULL text binds SQL NULL. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Step a statement that returns no row. SQLITE_DONE -> GH_OK, constraint failure ->
 * GH_EINPUT with `what`, anything else GH_EFAIL. */
int db_exec_stmt(struct gh_db *db, sqlite3_stmt *st, const char *what);
/* Look up an id by unique name; 0 when absent, -1 on failure. */
int64_t db_id(struct gh_db *db, const char *sql, const char *name);
/* Transactions: nest as savepoints. */
int db_tx_begin(struct gh_db *db);
int db_tx_end(struct gh_db *db, int rc);
/* One JSON snapshot by a `SELECT json_object(...) ... WHERE x = ?1` statement. */
char *db_snapshot(struct gh_db *db, const char *sql, const char *key);
/* Append an audit record (R-RIGHTS-AUDIT). */
int db_audit(struct gh_db *db, const char *action, const char *object,
    const char *before, const char *after);
/* Fill a table from a statement; columns named "x?" are booleans. */
int db_table(struct gh_db *db, sqlite3_stmt *st, struct gh_table *t);
/* The same for a literal `... WHERE x = ?1` statement and its one key. */
int db_table_by(struct gh_db *db, const char *sql, const char *key, struct gh_table *t);
/* Read (days, start_min, end_min) rows of a bound statement into windows. */
int db_windows(struct gh_db *db, sqlite3_stmt *st, struct gh_window *w, int max, int *n);
/* Validate a date argument ("" allowed when allow_empty). */
int db_check_date(struct gh_db *db, const char *what, const char *date, int allow_empty);

/* Open a database of the given schema (migrating unless read-only). */
int db_open_schema(struct gh_db **out, const char *path, int flags,
    const struct gh_schema *schema, char *err, size_t errlen);
int db_migrate(sqlite3 *h, const struct gh_schema *s, int readonly, char *err, size_t errlen);

struct gh_journal;
/* The journal's connection, for the report queries of db/report.c. */
struct gh_db *gh_journal_handle(struct gh_journal *j);

#endif
