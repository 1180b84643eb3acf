/* Fuzz target for settings values (`gatehouse set KEY VALUE`, the web UI's settings
 * form): every key of the vocabulary through gh_setting_set, the function both go
 * through.  The first byte of the input picks the key, the rest (up to a NUL) is the
 * value.  A value is either refused with nothing changed, or stored as given and
 * within what the readers of that setting rely on: a number within its bounds, on/off,
 * relp/tls, HH:MM, a time zone the system knows, text without control characters.
 * A database failure (GH_EFAIL) is a finding too: a value must never reach SQLite
 * in a form it cannot store. */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "controller/timeutil.h"
#include "controller/util.h"
#include "db/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct gh_db *db;

static void
open_db(void)
{
	char dir[] = "/tmp/gh-fuzz-settings-XXXXXX", cfg[64], jnl[64], err[256];
	/* A tmpfs when there is one: each accepted value is a committed transaction. */
	static char shm[] = "/dev/shm/gh-fuzz-settings-XXXXXX";
	char *d = mkdtemp(shm);
	if (d == NULL && (d = mkdtemp(dir)) == NULL)
		abort();
	snprintf(cfg, sizeof cfg, "%s/config.db", d);
	snprintf(jnl, sizeof jnl, "%s/journal.db", d);
	if (gh_db_init(cfg, jnl, "Fuzz", "UTC", "fuzz", err, sizeof err) != GH_OK ||
	    gh_db_open(&db, cfg, 0, err, sizeof err) != GH_OK) {
		fprintf(stderr, "settings fuzz: %s\n", err);
		abort();
	}
	gh_db_set_actor(db, "cli:fuzz");
	/* The files go when the process ends; the open handle keeps them usable. */
	unlink(cfg);
	unlink(jnl);
	char wal[80];
	snprintf(wal, sizeof wal, "%s-wal", cfg);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", cfg);
	unlink(wal);
	rmdir(d);
}

static int
hhmm(const char *v)
{
	return strlen(v) == 5 && isdigit((unsigned char)v[0]) && isdigit((unsigned char)v[1]) &&
	    v[2] == ':' && isdigit((unsigned char)v[3]) && isdigit((unsigned char)v[4]) &&
	    (v[0] - '0') * 10 + (v[1] - '0') <= 23 && v[3] <= '5';
}

/* What a stored value of d must look like. */
static int
sound(const struct gh_setting_def *d, const char *v)
{
	const char *b = d->bounds;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return 0;
	if (!gh_utf8_valid(v, strlen(v)))
		return 0;
	if (d->min != 0 || d->max != 0) {
		long n;
		return gh_parse_long(v, d->min, d->max, &n) == 0;
	}
	if (strcmp(b, "on, off") == 0)
		return strcmp(v, "on") == 0 || strcmp(v, "off") == 0;
	if (strcmp(b, "relp, tls") == 0)
		return strcmp(v, "relp") == 0 || strcmp(v, "tls") == 0;
	if (strcmp(b, "HH:MM") == 0)
		return hhmm(v);
	if (strcmp(d->key, "timezone") == 0)
		return gh_tz_known(v);
	if (strcmp(b, "an absolute file path") == 0)
		return v[0] == '/';
	if (strcmp(b, "host:port") == 0) {
		const char *c = strrchr(v, ':');
		long port;
		return c != NULL && c != v && gh_parse_long(c + 1, 1, 65535, &port) == 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 4096)
		return 0;
	if (db == NULL)
		open_db();
	size_t n;
	const struct gh_setting_def *defs = gh_setting_defs(&n);
	const struct gh_setting_def *d = &defs[data[0] % n];
	char *value = strndup((const char *)data + 1, size - 1);
	char before[4200], after[4200];
	if (value == NULL)
		return 0;
	if (gh_setting_get(db, d->key, before, sizeof before) != GH_OK)
		__builtin_trap();
	int rc = gh_setting_set(db, d->key, value);
	if (gh_setting_get(db, d->key, after, sizeof after) != GH_OK)
		__builtin_trap();
	if (rc == GH_OK) {
		/* Stored as given (an empty value unsets a key that has no default). */
		if (strcmp(after, value[0] ? value : "") != 0)
			__builtin_trap();
		if (value[0] && !sound(d, value))
			__builtin_trap();
		if (value[0] == '\0' && d->def != NULL)
			__builtin_trap();
		if ((d->min != 0 || d->max != 0)) {
			long v;
			if (gh_setting_long(db, d->key, &v) != GH_OK || v < d->min || v > d->max)
				__builtin_trap();
		}
	} else if (rc == GH_EINPUT) {
		if (strcmp(before, after) != 0)	/* refused: nothing changed */
			__builtin_trap();
		if (gh_db_errmsg(db)[0] == '\0')
			__builtin_trap();
	} else {
		__builtin_trap();
	}
	/* The time zone goes back to UTC so that the next inputs start from the same
	 * place as a fresh site. */
	if (rc == GH_OK && strcmp(d->key, "timezone") == 0 && gh_setting_set(db, "timezone",
	    "UTC") != GH_OK)
		__builtin_trap();
	free(value);
	return 0;
}
