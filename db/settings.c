/* Site settings: the vocabulary's keys, their defaults and bounds. */
#include "db/db_private.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/timeutil.h"
#include "controller/util.h"

static int
valid_range(const struct gh_setting_def *d, const char *v, const char **why)
{
	long n;
	if (gh_parse_long(v, d->min, d->max, &n) != 0) {
		*why = "is not a whole number within the bounds";
		return -1;
	}
	return 0;
}

static int
valid_onoff(const struct gh_setting_def *d, const char *v, const char **why)
{
	(void)d;
	if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0) {
		*why = "must be on or off";
		return -1;
	}
	return 0;
}

static int
valid_tz(const struct gh_setting_def *d, const char *v, const char **why)
{
	(void)d;
	if (!gh_tz_known(v)) {
		*why = "is not a time zone known to this system";
		return -1;
	}
	return 0;
}

static int
valid_hhmm(const struct gh_setting_def *d, const char *v, const char **why)
{
	(void)d;
	if (strlen(v) != 5 || !isdigit((unsigned char)v[0]) || !isdigit((unsigned char)v[1]) ||
	    v[2] != ':' || !isdigit((unsigned char)v[3]) || !isdigit((unsigned char)v[4]) ||
	    (v[0] - '0') * 10 + (v[1] - '0') > 23 || v[3] > '5') {
		*why = "must be HH:MM (00:00 to 23:59)";
		return -1;
	}
	return 0;
}

static int
valid_hostport(const struct gh_setting_def *d, const char *v, const char **why)
{
	(void)d;
	const char *colon = strrchr(v, ':');
	long port;
	*why = "must be host:port (a name or address, and a port 1..65535)";
	if (colon == NULL || colon == v || colon - v > 253 ||
	    gh_parse_long(colon + 1, 1, 65535, &port) != 0)
		return -1;
	const char *p = v, *end = colon;
	if (*p == '[') {	/* [IPv6]:port */
		if (end[-1] != ']')
			return -1;
		p++;
		end--;
	}
	for (; p < end; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != ':')
			return -1;
	return 0;
}

static int
valid_path(const struct gh_setting_def *d, const char *v, const char **why)
{
	(void)d;
	if (v[0] != '/' || strlen(v) > 1024 || !gh_utf8_valid(v, strlen(v))) {
		*why = "must be an absolute file path";
		return -1;
	}
	/* No control character: C0, DEL, or C1 (U+0080..U+009F, C2 80..C2 9F in UTF-8);
	 * the settings fuzz target found DEL accepted. */
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)) {
			*why = "must be an absolute file path";
			return -1;
		}
	return 0;
}

static int
valid_name(const struct gh_setting_def *d, const char *v, const char **why)
{
	(void)d;
	return gh_name_valid(v, why);
}

static int
valid_transport(const struct gh_setting_def *d, const char *v, const char **why)
{
	(void)d;
	if (strcmp(v, "relp") != 0 && strcmp(v, "tls") != 0) {
		*why = "must be relp or tls";
		return -1;
	}
	return 0;
}

static int
valid_lang(const struct gh_setting_def *d, const char *v, const char **why)
{
	(void)d;
	if (strcmp(v, "fr") != 0 && strcmp(v, "ar") != 0 && strcmp(v, "en") != 0) {
		*why = "must be fr, ar or en";
		return -1;
	}
	return 0;
}

static int
valid_role_pairs(const struct gh_setting_def *d, const char *v, const char **why)
{
	(void)d;
	static const char *const roles[] = { "guard", "officer", "admin", "auditor" };
	const char *p = v;
	while (*p) {
		size_t n = strcspn(p, ","), plus = strcspn(p, "+");
		if (plus >= n || plus == 0 || plus == n - 1) {
			*why = "is not ROLE+ROLE,...";
			return -1;
		}
		for (int side = 0; side < 2; side++) {
			const char *w = side ? p + plus + 1 : p;
			size_t wl = side ? n - plus - 1 : plus;
			int ok = 0;
			for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++)
				ok |= strlen(roles[k]) == wl && strncmp(roles[k], w, wl) == 0;
			if (!ok) {
				*why = "names an unknown role";
				return -1;
			}
		}
		p += n;
		if (*p == ',' && *++p == '\0') {
			*why = "ends with a comma";
			return -1;
		}
	}
	return 0;
}

static const struct gh_setting_def defs[] = {
	{ "site-name", "Gatehouse", "a name", valid_name, 0, 0 },
	{ "timezone", "UTC", "an IANA zone known to the system", valid_tz, 0, 0 },
	{ "escort-window-s", "10", "3..60", valid_range, 3, 60 },
	{ "escort-max-visitors", "5", "1..20", valid_range, 1, 20 },
	{ "brute-force-count", "5", "2..100", valid_range, 2, 100 },
	{ "brute-force-window-s", "60", "10..3600", valid_range, 10, 3600 },
	{ "lockout-s", "30", "5..3600", valid_range, 5, 3600 },
	{ "sensitive-requires-secure", "on", "on, off", valid_onoff, 0, 0 },
	{ "retention-days", "365", "92..3650", valid_range, 92, 3650 },
	{ "audit-retention-days", "365", "365..3650", valid_range, 365, 3650 },
	{ "visitor-retention-days", "92", "92..3650", valid_range, 92, 3650 },
	{ "review-due-day", "10", "1..28", valid_range, 1, 28 },
	{ "presence-reset", "04:00", "HH:MM", valid_hhmm, 0, 0 },
	{ "syslog-target", NULL, "host:port", valid_hostport, 0, 0 },
	{ "syslog-ca", NULL, "an absolute file path", valid_path, 0, 0 },
	{ "syslog-name", NULL, "a name", valid_name, 0, 0 },
	{ "syslog-transport", "relp", "relp, tls", valid_transport, 0, 0 },
	/* Additions: the controller's own certificate and key, for servers that
	 * authenticate their clients (rsyslog's imrelp with TLS does). */
	/* Addition: role pairs one account may not hold (R-LEAST-PRIVILEGE). */
	{ "incompatible-roles", "admin+officer,officer+auditor,admin+auditor",
	  "ROLE+ROLE,... (guard, officer, admin, auditor)", valid_role_pairs, 0, 0 },
	{ "syslog-cert", NULL, "an absolute file path", valid_path, 0, 0 },
	{ "syslog-key", NULL, "an absolute file path", valid_path, 0, 0 },
	{ "input-debounce-ms", "50", "10..400", valid_range, 10, 400 },
	/* Addition: the web UI's language before login and for operators who have not
	 * chosen one (French, Arabic, English). */
	{ "language", "fr", "fr, ar, en", valid_lang, 0, 0 },
};

const struct gh_setting_def *
gh_setting_defs(size_t *n)
{
	*n = sizeof defs / sizeof defs[0];
	return defs;
}

const struct gh_setting_def *
gh_setting_find(const char *key)
{
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if (strcmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

int
gh_setting_get(struct gh_db *db, const char *key, char *buf, size_t len)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = ?1";
	const struct gh_setting_def *d = gh_setting_find(key);
	if (d == NULL)
		return db_fail(db, GH_EINPUT, "unknown setting '%s'", key);
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		gh_strlcpy(buf, (const char *)sqlite3_column_text(st, 0), len);
	} else if (rc == SQLITE_DONE) {
		gh_strlcpy(buf, d->def ? d->def : "", len);
	} else {
		sqlite3_reset(st);
		return db_sqlfail(db, "setting");
	}
	sqlite3_reset(st);
	return GH_OK;
}

int
gh_setting_long(struct gh_db *db, const char *key, long *out)
{
	char v[64];
	int rc = gh_setting_get(db, key, v, sizeof v);
	if (rc != GH_OK)
		return rc;
	if (gh_parse_long(v, -1000000000L, 1000000000L, out) != 0)
		return db_fail(db, GH_EFAIL, "setting %s holds '%s', not a number", key, v);
	return GH_OK;
}

int
gh_setting_set(struct gh_db *db, const char *key, const char *value)
{
	static const char sql_set[] =
	    "INSERT INTO setting(key, value) VALUES (?1, ?2) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	static const char sql_unset[] = "DELETE FROM setting WHERE key = ?1";
	static const char sql_snap[] =
	    "SELECT json_object('key', key, 'value', value) FROM setting WHERE key = ?1";
	const struct gh_setting_def *d = gh_setting_find(key);
	const char *why;
	if (d == NULL)
		return db_fail(db, GH_EINPUT, "unknown setting '%s'", key);
	int unset = value[0] == '\0';
	if (unset && d->def != NULL)
		return db_fail(db, GH_EINPUT, "setting %s cannot be unset", key);
	if (!unset && d->valid(d, value, &why) != 0)
		return db_fail(db, GH_EINPUT, "setting %s: '%s' %s (%s)", key, value, why,
		    d->bounds);
	int rc = db_tx_begin(db);
	if (rc != GH_OK)
		return rc;
	char *before = db_snapshot(db, sql_snap, key);
	sqlite3_stmt *st = db_stmt(db, unset ? sql_unset : sql_set);
	if (st == NULL) {
		rc = GH_EFAIL;
	} else {
		db_bind_text(st, 1, key);
		if (!unset)
			db_bind_text(st, 2, value);
		rc = db_exec_stmt(db, st, "setting");
	}
	if (rc == GH_OK) {
		char *after = db_snapshot(db, sql_snap, key);
		char object[96];
		snprintf(object, sizeof object, "setting:%s", key);
		rc = db_audit(db, "setting.set", object, before, after);
		free(after);
	}
	free(before);
	if (rc == GH_OK && strcmp(key, "timezone") == 0)
		gh_tz_set(value);
	return db_tx_end(db, rc);
}

int
gh_setting_list(struct gh_db *db, struct gh_table *t)
{
	/* Every known key, with its stored value or its default. */
	gh_table_free(t);
	size_t n = sizeof defs / sizeof defs[0];
	t->ncols = 3;
	t->col[0] = strdup("key");
	t->col[1] = strdup("value");
	t->col[2] = strdup("bounds");
	t->cells = calloc(n * 3, sizeof *t->cells);
	t->types = calloc(n * 3, sizeof *t->types);
	if (t->cells == NULL || t->types == NULL)
		return db_fail(db, GH_EFAIL, "out of memory");
	t->cap = (int)n;
	for (size_t i = 0; i < n; i++) {
		char v[1100];
		int rc = gh_setting_get(db, defs[i].key, v, sizeof v);
		if (rc != GH_OK)
			return rc;
		t->cells[i * 3] = strdup(defs[i].key);
		t->cells[i * 3 + 1] = v[0] ? strdup(v) : NULL;
		t->cells[i * 3 + 2] = strdup(defs[i].bounds);
		t->types[i * 3] = GH_CELL_TEXT;
		t->types[i * 3 + 1] = v[0] ? GH_CELL_TEXT : GH_CELL_NULL;
		t->types[i * 3 + 2] = GH_CELL_TEXT;
		t->nrows++;
	}
	return GH_OK;
}

int
gh_audit_event(struct gh_db *db, const char *action, const char *object,
    const char *after_json)
{
	int rc = db_tx_begin(db);
	if (rc != GH_OK)
		return rc;
	rc = db_audit(db, action, object, NULL, after_json);
	return db_tx_end(db, rc);
}
