/* The site model: zones, readers, doors, schedules, holidays, profiles. */
#include "db/db_private.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/timeutil.h"
#include "controller/util.h"

static const char sql_zone_id[] = "SELECT id FROM zone WHERE name = ?1";
static const char sql_reader_id[] = "SELECT id FROM reader WHERE name = ?1";
static const char sql_door_id[] = "SELECT id FROM door WHERE name = ?1";
static const char sql_schedule_id[] = "SELECT id FROM schedule WHERE name = ?1";
static const char sql_profile_id[] = "SELECT id FROM profile WHERE name = ?1";

static const char sql_zone_snap[] =
    "SELECT json_object('name', name, 'level', level, 'delivery', delivery, "
    "'sign', sign, 'passback', passback, 'max_occupancy', max_occupancy) "
    "FROM zone WHERE name = ?1";

static int
check_name(struct gh_db *db, const char *what, const char *name)
{
	const char *why;
	if (name == NULL || gh_name_valid(name, &why) != 0)
		return db_fail(db, GH_EINPUT, "%s name %s", what, name ? why : "missing");
	return GH_OK;
}

static int
check_text(struct gh_db *db, const char *what, const char *text)
{
	const char *why;
	if (text != NULL && gh_text_valid(text, &why) != 0)
		return db_fail(db, GH_EINPUT, "%s %s", what, why);
	return GH_OK;
}

/* Look up a referenced object by name; GH_EINPUT naming it when absent. */
static int
need_id(struct gh_db *db, const char *sql, const char *what, const char *name, int64_t *id)
{
	*id = db_id(db, sql, name);
	if (*id < 0)
		return GH_EFAIL;
	if (*id == 0)
		return db_fail(db, GH_EINPUT, "unknown %s '%s'", what, name);
	return GH_OK;
}

/* R-NO-PUBLIC-SENSITIVE and R-DELIVERY hold for every door, checked after each change
 * of zones or doors inside its transaction, so no order of changes can get round
 * them. */
static int
check_door_rules(struct gh_db *db)
{
	static const char sql_ps[] =
	    "SELECT d.name, f.name, f.level, t.name, t.level FROM door d "
	    "JOIN zone f ON f.id = d.from_zone JOIN zone t ON t.id = d.to_zone "
	    "WHERE (f.level = 'public' AND t.level = 'sensitive') "
	    "   OR (f.level = 'sensitive' AND t.level = 'public') LIMIT 1";
	static const char sql_delivery[] =
	    "SELECT d.name, f.name, t.name FROM door d "
	    "JOIN zone f ON f.id = d.from_zone JOIN zone t ON t.id = d.to_zone "
	    "WHERE ((f.delivery = 1 AND t.level <> 'public') "
	    "    OR (t.delivery = 1 AND f.level <> 'public')) "
	    "  AND coalesce(d.compensating_measure, '') = '' LIMIT 1";
	static const char sql_delivery_level[] =
	    "SELECT name, level FROM zone WHERE delivery = 1 AND level <> 'public' LIMIT 1";
	sqlite3_stmt *st = db_stmt(db, sql_ps);
	int rc = GH_OK;
	if (st == NULL)
		return GH_EFAIL;
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = db_fail(db, GH_EINPUT,
		    "R-NO-PUBLIC-SENSITIVE: door '%s' would join %s zone '%s' and %s zone "
		    "'%s'; no door may lead directly between a public and a sensitive zone",
		    sqlite3_column_text(st, 0), sqlite3_column_text(st, 2),
		    sqlite3_column_text(st, 1), sqlite3_column_text(st, 4),
		    sqlite3_column_text(st, 3));
	sqlite3_reset(st);
	if (rc != GH_OK)
		return rc;
	if ((st = db_stmt(db, sql_delivery_level)) == NULL)
		return GH_EFAIL;
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = db_fail(db, GH_EINPUT,
		    "R-DELIVERY: zone '%s' is a delivery zone and must be public, not %s",
		    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	if (rc != GH_OK)
		return rc;
	if ((st = db_stmt(db, sql_delivery)) == NULL)
		return GH_EFAIL;
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = db_fail(db, GH_EINPUT,
		    "R-DELIVERY: door '%s' joins delivery zone and restricted zone ('%s', "
		    "'%s'); record a compensating measure (--compensating-measure TEXT)",
		    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
		    sqlite3_column_text(st, 2));
	sqlite3_reset(st);
	return rc;
}

/* Run `body` (which changes rows) and then the rules, with the audit record of
 * `object` snapshotted by `snap` before and after, in one transaction. */
struct change {
	const char *action;
	const char *kind;	/* object prefix, "zone" */
	const char *key;	/* name of the object */
	const char *snap;	/* snapshot SQL */
	int rules;		/* check door rules afterwards */
};

static int
change_begin(struct gh_db *db, const struct change *c, char **before)
{
	int rc = db_tx_begin(db);
	*before = rc == GH_OK ? db_snapshot(db, c->snap, c->key) : NULL;
	return rc;
}

static int
change_end(struct gh_db *db, const struct change *c, char *before, int rc)
{
	if (rc == GH_OK && c->rules)
		rc = check_door_rules(db);
	if (rc == GH_OK) {
		char *after = db_snapshot(db, c->snap, c->key);
		char object[320];
		snprintf(object, sizeof object, "%s:%s", c->kind, c->key);
		rc = db_audit(db, c->action, object, before, after);
		free(after);
	}
	free(before);
	return db_tx_end(db, rc);
}

static int
check_level(struct gh_db *db, const char *level)
{
	if (level && strcmp(level, "public") && strcmp(level, "private") &&
	    strcmp(level, "sensitive"))
		return db_fail(db, GH_EINPUT, "zone level '%s' must be public, private or "
		    "sensitive", level);
	return GH_OK;
}

static int
check_passback(struct gh_db *db, const char *p)
{
	if (p && strcmp(p, "off") && strcmp(p, "soft") && strcmp(p, "hard"))
		return db_fail(db, GH_EINPUT, "passback '%s' must be off, soft or hard", p);
	return GH_OK;
}

int
gh_zone_add(struct gh_db *db, const struct gh_zone_spec *z)
{
	static const char sql[] =
	    "INSERT INTO zone(name, level, delivery, sign, passback, max_occupancy) "
	    "VALUES (?1, ?2, ?3, coalesce(?4, ''), coalesce(?5, 'off'), ?6)";
	int rc;
	if ((rc = check_name(db, "zone", z->name)) || (rc = check_level(db, z->level)) ||
	    (rc = check_passback(db, z->passback)) || (rc = check_text(db, "sign", z->sign)))
		return rc;
	if (z->level == NULL)
		return db_fail(db, GH_EINPUT, "zone '%s': --level is required", z->name);
	if (z->max_occupancy > 1000000)
		return db_fail(db, GH_EINPUT, "maximum occupancy must be 0..1000000");
	int64_t id = db_id(db, sql_zone_id, z->name);
	if (id != 0)
		return id < 0 ? GH_EFAIL : db_fail(db, GH_EINPUT, "zone '%s' already exists",
		    z->name);
	struct change c = { "zone.add", "zone", z->name, sql_zone_snap, 1 };
	char *before;
	if ((rc = change_begin(db, &c, &before)) != GH_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return change_end(db, &c, before, GH_EFAIL);
	db_bind_text(st, 1, z->name);
	db_bind_text(st, 2, z->level);
	sqlite3_bind_int(st, 3, z->delivery > 0);
	db_bind_text(st, 4, z->sign);
	db_bind_text(st, 5, z->passback);
	if (z->max_occupancy > 0)
		sqlite3_bind_int64(st, 6, z->max_occupancy);
	if (z->delivery > 0 && strcmp(z->level, "public") != 0)
		rc = db_fail(db, GH_EINPUT, "R-DELIVERY: zone '%s' is a delivery zone and "
		    "must be public, not %s", z->name, z->level);
	else
		rc = db_exec_stmt(db, st, "zone");
	return change_end(db, &c, before, rc);
}

int
gh_zone_set(struct gh_db *db, const struct gh_zone_spec *z)
{
	static const char sql[] =
	    "UPDATE zone SET level = coalesce(?2, level), "
	    "delivery = CASE WHEN ?3 < 0 THEN delivery ELSE ?3 END, "
	    "sign = coalesce(?4, sign), passback = coalesce(?5, passback), "
	    "max_occupancy = CASE WHEN ?6 < 0 THEN max_occupancy WHEN ?6 = 0 THEN NULL "
	    "ELSE ?6 END WHERE name = ?1";
	int rc;
	int64_t id;
	if ((rc = check_level(db, z->level)) || (rc = check_passback(db, z->passback)) ||
	    (rc = check_text(db, "sign", z->sign)) ||
	    (rc = need_id(db, sql_zone_id, "zone", z->name, &id)))
		return rc;
	if (z->max_occupancy > 1000000)
		return db_fail(db, GH_EINPUT, "maximum occupancy must be 0..1000000");
	struct change c = { "zone.set", "zone", z->name, sql_zone_snap, 1 };
	char *before;
	if ((rc = change_begin(db, &c, &before)) != GH_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return change_end(db, &c, before, GH_EFAIL);
	db_bind_text(st, 1, z->name);
	db_bind_text(st, 2, z->level);
	sqlite3_bind_int(st, 3, z->delivery);
	db_bind_text(st, 4, z->sign);
	db_bind_text(st, 5, z->passback);
	sqlite3_bind_int64(st, 6, z->max_occupancy);
	rc = db_exec_stmt(db, st, "zone");
	return change_end(db, &c, before, rc);
}

int
gh_zone_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT name, level, delivery AS \"delivery?\", passback, max_occupancy, sign "
	    "FROM zone ORDER BY CASE level WHEN 'public' THEN 0 WHEN 'private' THEN 1 "
	    "ELSE 2 END, name";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_table(db, st, t) : GH_EFAIL;
}

/* Readers ------------------------------------------------------------------------ */

static const char sql_reader_snap[] =
    "SELECT json_object('id', name, 'connstring', connstring, 'enrollment', enrollment) "
    "FROM reader WHERE name = ?1";

int
gh_reader_add(struct gh_db *db, const char *id, const char *connstring, int enrollment)
{
	static const char sql[] =
	    "INSERT INTO reader(name, connstring, enrollment) VALUES (?1, ?2, ?3)";
	int rc;
	if ((rc = check_name(db, "reader", id)))
		return rc;
	/* A libnfc connection string: driver:port[:speed], printable ASCII only. */
	size_t n = connstring ? strlen(connstring) : 0;
	if (n == 0 || n > 1023 || strchr(connstring, ':') == NULL)
		return db_fail(db, GH_EINPUT, "reader '%s': connection string must look like "
		    "DRIVER:PORT (e.g. pn532_uart:/dev/ttyUSB0)", id);
	for (size_t i = 0; i < n; i++)
		if (connstring[i] <= ' ' || connstring[i] > '~')
			return db_fail(db, GH_EINPUT, "reader '%s': connection string holds a "
			    "space or a non-printable character", id);
	int64_t rid = db_id(db, sql_reader_id, id);
	if (rid != 0)
		return rid < 0 ? GH_EFAIL : db_fail(db, GH_EINPUT, "reader '%s' already exists",
		    id);
	struct change c = { "reader.add", "reader", id, sql_reader_snap, 0 };
	char *before;
	if ((rc = change_begin(db, &c, &before)) != GH_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return change_end(db, &c, before, GH_EFAIL);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, connstring);
	sqlite3_bind_int(st, 3, enrollment != 0);
	rc = db_exec_stmt(db, st, "reader");
	return change_end(db, &c, before, rc);
}

int
gh_reader_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT r.name AS id, r.connstring, r.enrollment AS \"enrollment?\", "
	    "d.name AS door, dr.side FROM reader r "
	    "LEFT JOIN door_reader dr ON dr.reader = r.id LEFT JOIN door d ON d.id = dr.door "
	    "ORDER BY r.name";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_table(db, st, t) : GH_EFAIL;
}

/* Doors -------------------------------------------------------------------------- */

static const char sql_door_snap[] =
    "SELECT json_object('name', d.name, 'from', f.name, 'to', t.name, "
    "'release_s', d.release_s, 'held_s', d.held_s, 'fail_safe', d.fail_safe, "
    "'relay', d.relay_line, 'contact', d.contact_line, 'rex', d.rex_line, "
    "'fire', d.fire_line, 'tamper', d.tamper_line, "
    "'compensating_measure', d.compensating_measure, 'readers', "
    "(SELECT json_group_array(r.name || ':' || dr.side) FROM door_reader dr "
    " JOIN reader r ON r.id = dr.reader WHERE dr.door = d.id)) "
    "FROM door d JOIN zone f ON f.id = d.from_zone JOIN zone t ON t.id = d.to_zone "
    "WHERE d.name = ?1";

static int
check_line(struct gh_db *db, const char *what, const char *line)
{
	/* CHIP:LINE, where LINE is an offset or a line name: gpiochip0:17, sim:D1.relay.
	 * "" removes the line. */
	if (line == NULL || line[0] == '\0')
		return GH_OK;
	const char *colon = strchr(line, ':');
	int ok = colon && colon != line && colon - line <= 32 && colon[1] != '\0' &&
	    strlen(colon + 1) <= 64;
	for (const char *p = line; ok && *p; p++)
		if (p != colon && !isalnum((unsigned char)*p) && *p != '_' && *p != '-' &&
		    *p != '.')
			ok = 0;
	if (!ok)
		return db_fail(db, GH_EINPUT, "%s line '%s' must be CHIP:LINE (e.g. "
		    "gpiochip0:17 or sim:D1.relay)", what, line);
	return GH_OK;
}

static int
attach_readers(struct gh_db *db, int64_t door, const struct gh_door_spec *d)
{
	static const char sql[] =
	    "INSERT INTO door_reader(reader, door, side) VALUES (?1, ?2, ?3)";
	static const char sql_enroll[] = "SELECT enrollment FROM reader WHERE name = ?1";
	static const char sql_used[] =
	    "SELECT d.name FROM door_reader dr JOIN door d ON d.id = dr.door "
	    "JOIN reader r ON r.id = dr.reader WHERE r.name = ?1";
	for (int i = 0; i < d->nreaders; i++) {
		int64_t rid;
		int rc;
		const char *side = d->side[i] ? d->side[i] : "in";
		if (strcmp(side, "in") && strcmp(side, "out"))
			return db_fail(db, GH_EINPUT, "reader side '%s' must be in or out", side);
		if ((rc = need_id(db, sql_reader_id, "reader", d->reader[i], &rid)))
			return rc;
		if (db_id(db, sql_enroll, d->reader[i]) == 1)
			return db_fail(db, GH_EINPUT, "reader '%s' is an enrollment reader and "
			    "cannot serve a door", d->reader[i]);
		sqlite3_stmt *st = db_stmt(db, sql_used);
		if (st == NULL)
			return GH_EFAIL;
		db_bind_text(st, 1, d->reader[i]);
		if (sqlite3_step(st) == SQLITE_ROW) {
			rc = db_fail(db, GH_EINPUT, "reader '%s' already serves door '%s'",
			    d->reader[i], sqlite3_column_text(st, 0));
			sqlite3_reset(st);
			return rc;
		}
		sqlite3_reset(st);
		if ((st = db_stmt(db, sql)) == NULL)
			return GH_EFAIL;
		sqlite3_bind_int64(st, 1, rid);
		sqlite3_bind_int64(st, 2, door);
		db_bind_text(st, 3, side);
		if ((rc = db_exec_stmt(db, st, "door reader")))
			return rc;
	}
	return GH_OK;
}

static int
check_door_spec(struct gh_db *db, const struct gh_door_spec *d)
{
	int rc;
	if ((rc = check_line(db, "relay", d->relay)) ||
	    (rc = check_line(db, "contact", d->contact)) ||
	    (rc = check_line(db, "exit button", d->rex)) ||
	    (rc = check_line(db, "fire", d->fire)) ||
	    (rc = check_line(db, "tamper", d->tamper)) ||
	    (rc = check_text(db, "compensating measure", d->measure)))
		return rc;
	if (d->release_s != -1 && (d->release_s < 1 || d->release_s > 120))
		return db_fail(db, GH_EINPUT, "--release-s must be 1..120 seconds");
	if (d->held_s != -1 && (d->held_s < 5 || d->held_s > 3600))
		return db_fail(db, GH_EINPUT, "--held-s must be 5..3600 seconds");
	return GH_OK;
}

int
gh_door_add(struct gh_db *db, const struct gh_door_spec *d)
{
	static const char sql[] =
	    "INSERT INTO door(name, from_zone, to_zone, release_s, held_s, fail_safe, "
	    "relay_line, contact_line, rex_line, compensating_measure, fire_line, "
	    "tamper_line) VALUES "
	    "(?1, ?2, ?3, coalesce(?4, 5), coalesce(?5, 30), ?6, nullif(?7, ''), "
	    "nullif(?8, ''), nullif(?9, ''), nullif(?10, ''), nullif(?11, ''), "
	    "nullif(?12, ''))";
	int rc;
	int64_t from, to;
	if ((rc = check_name(db, "door", d->name)) || (rc = check_door_spec(db, d)))
		return rc;
	if (d->from == NULL || d->to == NULL)
		return db_fail(db, GH_EINPUT, "door '%s': --from and --to are required", d->name);
	if ((rc = need_id(db, sql_zone_id, "zone", d->from, &from)) ||
	    (rc = need_id(db, sql_zone_id, "zone", d->to, &to)))
		return rc;
	if (from == to)
		return db_fail(db, GH_EINPUT, "door '%s' must join two different zones", d->name);
	int64_t id = db_id(db, sql_door_id, d->name);
	if (id != 0)
		return id < 0 ? GH_EFAIL : db_fail(db, GH_EINPUT, "door '%s' already exists",
		    d->name);
	struct change c = { "door.add", "door", d->name, sql_door_snap, 1 };
	char *before;
	if ((rc = change_begin(db, &c, &before)) != GH_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return change_end(db, &c, before, GH_EFAIL);
	db_bind_text(st, 1, d->name);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	if (d->release_s >= 0)
		sqlite3_bind_int64(st, 4, d->release_s);
	if (d->held_s >= 0)
		sqlite3_bind_int64(st, 5, d->held_s);
	sqlite3_bind_int(st, 6, d->fail_safe > 0);
	db_bind_text(st, 7, d->relay);
	db_bind_text(st, 8, d->contact);
	db_bind_text(st, 9, d->rex);
	db_bind_text(st, 10, d->measure);
	db_bind_text(st, 11, d->fire);
	db_bind_text(st, 12, d->tamper);
	rc = db_exec_stmt(db, st, "door");
	if (rc == GH_OK)
		rc = attach_readers(db, sqlite3_last_insert_rowid(db->h), d);
	return change_end(db, &c, before, rc);
}

int
gh_door_set(struct gh_db *db, const struct gh_door_spec *d)
{
	static const char sql[] =
	    "UPDATE door SET from_zone = coalesce(?2, from_zone), "
	    "to_zone = coalesce(?3, to_zone), release_s = coalesce(?4, release_s), "
	    "held_s = coalesce(?5, held_s), "
	    "fail_safe = CASE WHEN ?6 < 0 THEN fail_safe ELSE ?6 END, "
	    "relay_line = CASE WHEN ?7 IS NULL THEN relay_line ELSE nullif(?7, '') END, "
	    "contact_line = CASE WHEN ?8 IS NULL THEN contact_line ELSE nullif(?8, '') END, "
	    "rex_line = CASE WHEN ?9 IS NULL THEN rex_line ELSE nullif(?9, '') END, "
	    "fire_line = CASE WHEN ?11 IS NULL THEN fire_line ELSE nullif(?11, '') END, "
	    "tamper_line = CASE WHEN ?12 IS NULL THEN tamper_line ELSE nullif(?12, '') END, "
	    "compensating_measure = CASE WHEN ?10 IS NULL THEN compensating_measure "
	    "ELSE nullif(?10, '') END WHERE id = ?1";
	int rc;
	int64_t id, from = 0, to = 0;
	if ((rc = check_door_spec(db, d)) ||
	    (rc = need_id(db, sql_door_id, "door", d->name, &id)))
		return rc;
	if ((d->from && (rc = need_id(db, sql_zone_id, "zone", d->from, &from))) ||
	    (d->to && (rc = need_id(db, sql_zone_id, "zone", d->to, &to))))
		return rc;
	struct change c = { "door.set", "door", d->name, sql_door_snap, 1 };
	char *before;
	if ((rc = change_begin(db, &c, &before)) != GH_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return change_end(db, &c, before, GH_EFAIL);
	sqlite3_bind_int64(st, 1, id);
	if (from)
		sqlite3_bind_int64(st, 2, from);
	if (to)
		sqlite3_bind_int64(st, 3, to);
	if (d->release_s >= 0)
		sqlite3_bind_int64(st, 4, d->release_s);
	if (d->held_s >= 0)
		sqlite3_bind_int64(st, 5, d->held_s);
	sqlite3_bind_int(st, 6, d->fail_safe);
	db_bind_text(st, 7, d->relay);
	db_bind_text(st, 8, d->contact);
	db_bind_text(st, 9, d->rex);
	db_bind_text(st, 10, d->measure);
	db_bind_text(st, 11, d->fire);
	db_bind_text(st, 12, d->tamper);
	rc = db_exec_stmt(db, st, "door");
	if (rc == GH_OK)
		rc = attach_readers(db, id, d);
	return change_end(db, &c, before, rc);
}

int
gh_door_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT d.name, f.name AS \"from\", t.name AS \"to\", "
	    "(SELECT group_concat(r.name || ':' || dr.side, ' ') FROM door_reader dr "
	    " JOIN reader r ON r.id = dr.reader WHERE dr.door = d.id) AS readers, "
	    "d.release_s, d.held_s, "
	    "CASE d.fail_safe WHEN 1 THEN 'fail-safe' ELSE 'fail-secure' END AS failure, "
	    "d.relay_line AS relay, d.contact_line AS contact, d.rex_line AS rex, "
	    "d.fire_line AS fire, d.tamper_line AS tamper, d.compensating_measure "
	    "FROM door d JOIN zone f ON f.id = d.from_zone JOIN zone t ON t.id = d.to_zone "
	    "ORDER BY d.name";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_table(db, st, t) : GH_EFAIL;
}

/* Schedules, holidays, profiles ---------------------------------------------------- */

static const char sql_schedule_snap[] =
    "SELECT json_object('name', s.name, 'holidays_closed', s.holidays_closed, "
    "'windows', (SELECT json_group_array(json_array(w.days, w.start_min, w.end_min)) "
    " FROM schedule_window w WHERE w.schedule = s.id)) FROM schedule s WHERE s.name = ?1";

int
gh_schedule_add(struct gh_db *db, const char *name, const struct gh_window *w, int n,
    int holidays_closed)
{
	static const char sql[] = "INSERT INTO schedule(name, holidays_closed) VALUES (?1, ?2)";
	static const char sql_w[] =
	    "INSERT INTO schedule_window(schedule, seq, days, start_min, end_min) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)";
	int rc;
	if ((rc = check_name(db, "schedule", name)))
		return rc;
	if (n < 1 || n > 64)
		return db_fail(db, GH_EINPUT, "schedule '%s' needs 1 to 64 windows", name);
	int64_t id = db_id(db, sql_schedule_id, name);
	if (id != 0)
		return id < 0 ? GH_EFAIL : db_fail(db, GH_EINPUT,
		    "schedule '%s' already exists", name);
	struct change c = { "schedule.add", "schedule", name, sql_schedule_snap, 0 };
	char *before;
	if ((rc = change_begin(db, &c, &before)) != GH_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return change_end(db, &c, before, GH_EFAIL);
	db_bind_text(st, 1, name);
	sqlite3_bind_int(st, 2, holidays_closed != 0);
	rc = db_exec_stmt(db, st, "schedule");
	id = sqlite3_last_insert_rowid(db->h);
	for (int i = 0; rc == GH_OK && i < n; i++) {
		if ((st = db_stmt(db, sql_w)) == NULL) {
			rc = GH_EFAIL;
			break;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i);
		sqlite3_bind_int(st, 3, (int)w[i].days);
		sqlite3_bind_int(st, 4, w[i].start_min);
		sqlite3_bind_int(st, 5, w[i].end_min);
		rc = db_exec_stmt(db, st, "schedule window");
	}
	return change_end(db, &c, before, rc);
}

int
gh_schedule_windows(struct gh_db *db, const char *schedule, struct gh_window *w, int max,
    int *n)
{
	static const char sql[] =
	    "SELECT w.days, w.start_min, w.end_min FROM schedule_window w "
	    "JOIN schedule s ON s.id = w.schedule WHERE s.name = ?1 ORDER BY w.seq";
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, schedule);
	return db_windows(db, st, w, max, n);
}

int
gh_schedule_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT name, holidays_closed AS \"holidays_closed?\" FROM schedule ORDER BY name";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_table(db, st, t) : GH_EFAIL;
}

static const char sql_holiday_snap[] =
    "SELECT json_object('day', day, 'name', name) FROM holiday WHERE day = ?1";

int
gh_holiday_add(struct gh_db *db, const char *day, const char *name)
{
	static const char sql[] = "INSERT INTO holiday(day, name) VALUES (?1, coalesce(?2, ''))";
	static const char sql_exists[] = "SELECT 1 FROM holiday WHERE day = ?1";
	int rc;
	gh_day d;
	char canon[11];
	if (gh_date_parse(day, &d) != 0)
		return db_fail(db, GH_EINPUT, "holiday: bad date '%s' (expected YYYY-MM-DD)", day);
	gh_date_format(d, canon, sizeof canon);
	if (name && (rc = check_text(db, "holiday name", name)))
		return rc;
	int64_t e = db_id(db, sql_exists, canon);
	if (e != 0)
		return e < 0 ? GH_EFAIL : db_fail(db, GH_EINPUT, "holiday %s already exists",
		    canon);
	struct change c = { "holiday.add", "holiday", canon, sql_holiday_snap, 0 };
	char *before;
	if ((rc = change_begin(db, &c, &before)) != GH_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return change_end(db, &c, before, GH_EFAIL);
	db_bind_text(st, 1, canon);
	db_bind_text(st, 2, name);
	rc = db_exec_stmt(db, st, "holiday");
	return change_end(db, &c, before, rc);
}

int
gh_holiday_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] = "SELECT day, name FROM holiday ORDER BY day";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_table(db, st, t) : GH_EFAIL;
}

static const char sql_profile_snap[] =
    "SELECT json_object('name', p.name, 'rules', (SELECT json_group_array("
    " json_object('zone', z.name, 'schedule', s.name)) FROM profile_rule r "
    " JOIN zone z ON z.id = r.zone JOIN schedule s ON s.id = r.schedule "
    " WHERE r.profile = p.id)) FROM profile p WHERE p.name = ?1";

int
gh_profile_add(struct gh_db *db, const char *name)
{
	static const char sql[] = "INSERT INTO profile(name) VALUES (?1)";
	int rc;
	if ((rc = check_name(db, "profile", name)))
		return rc;
	int64_t id = db_id(db, sql_profile_id, name);
	if (id != 0)
		return id < 0 ? GH_EFAIL : db_fail(db, GH_EINPUT,
		    "profile '%s' already exists", name);
	struct change c = { "profile.add", "profile", name, sql_profile_snap, 0 };
	char *before;
	if ((rc = change_begin(db, &c, &before)) != GH_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return change_end(db, &c, before, GH_EFAIL);
	db_bind_text(st, 1, name);
	rc = db_exec_stmt(db, st, "profile");
	return change_end(db, &c, before, rc);
}

int
gh_profile_rule(struct gh_db *db, const char *profile, const char *zone,
    const char *schedule)
{
	static const char sql[] =
	    "INSERT INTO profile_rule(profile, zone, schedule) VALUES (?1, ?2, ?3)";
	static const char sql_level[] = "SELECT level = 'public' FROM zone WHERE name = ?1";
	int rc;
	int64_t pid, zid, sid;
	if ((rc = need_id(db, sql_profile_id, "profile", profile, &pid)) ||
	    (rc = need_id(db, sql_zone_id, "zone", zone, &zid)) ||
	    (rc = need_id(db, sql_schedule_id, "schedule", schedule, &sid)))
		return rc;
	if (db_id(db, sql_level, zone) == 1)
		return db_fail(db, GH_EINPUT, "zone '%s' is public: any valid badge enters it, "
		    "profiles are for restricted zones", zone);
	struct change c = { "profile.rule", "profile", profile, sql_profile_snap, 0 };
	char *before;
	if ((rc = change_begin(db, &c, &before)) != GH_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		return change_end(db, &c, before, GH_EFAIL);
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_int64(st, 2, zid);
	sqlite3_bind_int64(st, 3, sid);
	rc = db_exec_stmt(db, st, "profile rule");
	if (rc == GH_EINPUT)
		rc = db_fail(db, GH_EINPUT, "profile '%s' already has the rule (%s, %s)",
		    profile, zone, schedule);
	return change_end(db, &c, before, rc);
}

int
gh_profile_list(struct gh_db *db, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT p.name AS profile, z.name AS zone, z.level, s.name AS schedule "
	    "FROM profile p LEFT JOIN profile_rule r ON r.profile = p.id "
	    "LEFT JOIN zone z ON z.id = r.zone LEFT JOIN schedule s ON s.id = r.schedule "
	    "ORDER BY p.name, z.name, s.name";
	sqlite3_stmt *st = db_stmt(db, sql);
	return st ? db_table(db, st, t) : GH_EFAIL;
}
