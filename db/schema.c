/* Schemas of the two databases as ordered migrations.  Migration N brings a database
 * from user_version N-1 to N; a database newer than the last one here is refused. */
#include "db/db_private.h"

/* The configuration database: written by the command line and the web service. */
static const char *const config_migrations[] = {
	/* 1: the site model (R-ZONES, R-PROFILES, R-INDIVIDUAL, R-VISITOR-ID,
	 * R-RIGHTS-AUDIT). */
	"CREATE TABLE setting("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"

	"CREATE TABLE zone("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  level TEXT NOT NULL CHECK (level IN ('public','private','sensitive')),"
	"  delivery INTEGER NOT NULL DEFAULT 0 CHECK (delivery IN (0,1)),"
	"  sign TEXT NOT NULL DEFAULT '',"
	"  passback TEXT NOT NULL DEFAULT 'off' CHECK (passback IN ('off','soft','hard')),"
	"  max_occupancy INTEGER CHECK (max_occupancy IS NULL OR max_occupancy > 0),"
	"  CHECK (delivery = 0 OR level = 'public')"
	");"

	"CREATE TABLE reader("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  connstring TEXT NOT NULL,"
	"  enrollment INTEGER NOT NULL DEFAULT 0 CHECK (enrollment IN (0,1))"
	");"

	"CREATE TABLE door("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  from_zone INTEGER NOT NULL REFERENCES zone(id),"
	"  to_zone INTEGER NOT NULL REFERENCES zone(id),"
	"  release_s INTEGER NOT NULL DEFAULT 5 CHECK (release_s BETWEEN 1 AND 120),"
	"  held_s INTEGER NOT NULL DEFAULT 30 CHECK (held_s BETWEEN 5 AND 3600),"
	"  fail_safe INTEGER NOT NULL DEFAULT 0 CHECK (fail_safe IN (0,1)),"
	"  relay_line TEXT,"
	"  contact_line TEXT,"
	"  rex_line TEXT,"
	"  compensating_measure TEXT,"
	"  CHECK (from_zone <> to_zone)"
	");"
	"CREATE INDEX door_from ON door(from_zone);"
	"CREATE INDEX door_to ON door(to_zone);"

	/* A reader serves at most one door, on one side: 'in' enters to_zone. */
	"CREATE TABLE door_reader("
	"  reader INTEGER PRIMARY KEY REFERENCES reader(id),"
	"  door INTEGER NOT NULL REFERENCES door(id) ON DELETE CASCADE,"
	"  side TEXT NOT NULL DEFAULT 'in' CHECK (side IN ('in','out'))"
	");"
	"CREATE INDEX door_reader_door ON door_reader(door);"

	"CREATE TABLE schedule("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  holidays_closed INTEGER NOT NULL DEFAULT 0 CHECK (holidays_closed IN (0,1))"
	");"
	"CREATE TABLE schedule_window("
	"  schedule INTEGER NOT NULL REFERENCES schedule(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 127),"
	"  start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),"
	"  end_min INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440),"
	"  PRIMARY KEY (schedule, seq)"
	") WITHOUT ROWID;"

	"CREATE TABLE holiday("
	"  day TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL DEFAULT ''"
	") WITHOUT ROWID;"

	"CREATE TABLE profile("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE"
	");"
	"CREATE TABLE profile_rule("
	"  profile INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,"
	"  zone INTEGER NOT NULL REFERENCES zone(id),"
	"  schedule INTEGER NOT NULL REFERENCES schedule(id),"
	"  PRIMARY KEY (profile, zone, schedule)"
	") WITHOUT ROWID;"
	"CREATE INDEX profile_rule_zone ON profile_rule(zone, profile);"

	/* Dates are the site's local calendar dates, 'YYYY-MM-DD', inclusive; NULL is
	 * an open bound. */
	"CREATE TABLE person("
	"  id INTEGER PRIMARY KEY,"
	"  ref TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('staff','contractor','visitor')),"
	"  org TEXT NOT NULL DEFAULT '',"
	"  vetted INTEGER NOT NULL DEFAULT 0 CHECK (vetted IN (0,1)),"
	"  can_escort INTEGER NOT NULL DEFAULT 0 CHECK (can_escort IN (0,1)),"
	"  lockdown_ok INTEGER NOT NULL DEFAULT 0 CHECK (lockdown_ok IN (0,1)),"
	"  valid_from TEXT,"
	"  valid_until TEXT,"
	"  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive'))"
	");"

	"CREATE TABLE badge("
	"  id INTEGER PRIMARY KEY,"
	"  credential TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('uid','desfire')),"
	"  card_uid TEXT,"
	"  person INTEGER NOT NULL REFERENCES person(id),"
	"  status TEXT NOT NULL DEFAULT 'active'"
	"    CHECK (status IN ('active','suspended','lost','revoked')),"
	"  valid_from TEXT,"
	"  valid_until TEXT,"
	"  key_version INTEGER,"
	"  enrolled_at TEXT NOT NULL"
	");"
	"CREATE INDEX badge_person ON badge(person);"
	"CREATE INDEX badge_card_uid ON badge(card_uid);"

	"CREATE TABLE person_grant("
	"  person INTEGER NOT NULL REFERENCES person(id),"
	"  profile INTEGER NOT NULL REFERENCES profile(id),"
	"  valid_from TEXT,"
	"  valid_until TEXT,"
	"  PRIMARY KEY (person, profile)"
	") WITHOUT ROWID;"
	"CREATE INDEX person_grant_profile ON person_grant(profile);"

	"CREATE TABLE visit("
	"  id INTEGER PRIMARY KEY,"
	"  visitor INTEGER NOT NULL REFERENCES person(id),"
	"  host INTEGER NOT NULL REFERENCES person(id),"
	"  valid_from TEXT,"
	"  valid_until TEXT,"
	"  id_doc_type TEXT,"
	"  id_doc_number TEXT,"
	"  created_at TEXT NOT NULL"
	");"
	"CREATE INDEX visit_visitor ON visit(visitor);"

	"CREATE TABLE operator("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  roles TEXT NOT NULL,"
	"  password_hash TEXT,"
	"  totp_secret TEXT,"
	"  created_at TEXT NOT NULL"
	");"

	/* R-RIGHTS-AUDIT: append-only; triggers refuse rewriting history. */
	"CREATE TABLE audit("
	"  id INTEGER PRIMARY KEY,"
	"  ts TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  object TEXT NOT NULL,"
	"  before TEXT,"
	"  after TEXT"
	");"
	"CREATE INDEX audit_ts ON audit(ts);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",

	/* 2: a door's fire-alarm input and tamper loop (R-EMERGENCY, R-DETECT).  One fire
	 * input may serve many doors. */
	"ALTER TABLE door ADD COLUMN fire_line TEXT;"
	"ALTER TABLE door ADD COLUMN tamper_line TEXT;",

	/* 3: operator accounts for the web service (R-AUTH): lockout state, the last TOTP
	 * step accepted (each code once), disabled accounts; API tokens for machine
	 * clients, hashed at rest, scoped to roles, revocable. */
	"ALTER TABLE operator ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE operator ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE operator ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE operator ADD COLUMN totp_step INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE operator ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE api_token("
	"  id INTEGER PRIMARY KEY,"
	"  operator INTEGER NOT NULL REFERENCES operator(id),"
	"  name TEXT NOT NULL,"
	"  roles TEXT NOT NULL,"
	"  hash TEXT NOT NULL UNIQUE,"
	"  created_at TEXT NOT NULL,"
	"  revoked_at TEXT,"
	"  UNIQUE(operator, name)"
	");",

	/* 4: signed monthly reviews (R-REVIEW): the evidence files and their hashes. */
	"CREATE TABLE review("
	"  month TEXT PRIMARY KEY,"
	"  officer TEXT NOT NULL,"
	"  signed_at TEXT NOT NULL,"
	"  findings TEXT NOT NULL,"
	"  html_path TEXT NOT NULL,"
	"  html_sha256 TEXT NOT NULL,"
	"  json_path TEXT NOT NULL,"
	"  json_sha256 TEXT NOT NULL"
	");"
	"CREATE TRIGGER review_no_update BEFORE UPDATE ON review"
	"  BEGIN SELECT RAISE(ABORT, 'a signed review is never changed'); END;"
	"CREATE TRIGGER review_no_delete BEFORE DELETE ON review"
	"  BEGIN SELECT RAISE(ABORT, 'a signed review is never deleted'); END;",

	/* 5: the web UI: each operator's language; the site's documents kept in the
	 * system (the emergency access protocol, R-EMERGENCY); a visitor's escort for
	 * the day, named at the guard desk (R-ESCORT: the door still needs both badges). */
	"ALTER TABLE operator ADD COLUMN lang TEXT CHECK (lang IN ('fr','ar','en'));"
	"CREATE TABLE document("
	"  name TEXT PRIMARY KEY,"
	"  body TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  updated_by TEXT NOT NULL"
	");"
	"CREATE TABLE escort_day("
	"  visitor INTEGER NOT NULL REFERENCES person(id),"
	"  day TEXT NOT NULL,"
	"  escort INTEGER NOT NULL REFERENCES person(id),"
	"  PRIMARY KEY (visitor, day)"
	") WITHOUT ROWID;",
};

/* The event journal: written by the controller alone. */
static const char *const journal_migrations[] = {
	/* 1: events with a SHA-256 hash chain (R-TRACE, R-TAMPER).  The row's canonical
	 * JSON is rebuilt from these columns (db/journal.c), so there is one truth. */
	"CREATE TABLE event("
	"  seq INTEGER PRIMARY KEY,"
	"  ts_us INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  door TEXT, zone TEXT, reader TEXT, credential TEXT, person TEXT, escort TEXT,"
	"  decision TEXT CHECK (decision IS NULL OR decision IN ('granted','refused')),"
	"  reason TEXT, operator TEXT,"
	"  details TEXT,"
	"  hash BLOB NOT NULL CHECK (length(hash) = 32)"
	");"
	"CREATE INDEX event_ts ON event(ts_us, zone, decision, reason, person);"
	/* The hash the first remaining row chains from: zeros, or the last purged row's. */
	"CREATE TABLE anchor("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  seq INTEGER NOT NULL,"
	"  hash BLOB NOT NULL CHECK (length(hash) = 32)"
	");"
	"INSERT INTO anchor(id, seq, hash) VALUES (1, 0, zeroblob(32));"
	/* Append-only: rows are never updated, and deleted only by the purge, which opens
	 * the gate inside its own transaction. */
	"CREATE TABLE purge_gate("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  open INTEGER NOT NULL DEFAULT 0"
	");"
	"INSERT INTO purge_gate(id, open) VALUES (1, 0);"
	/* Positions of readers of other databases (the audit trail copied in order). */
	"CREATE TABLE cursor("
	"  name TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TRIGGER event_no_update BEFORE UPDATE ON event"
	"  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;"
	"CREATE TRIGGER event_no_delete BEFORE DELETE ON event"
	"  WHEN (SELECT open FROM purge_gate WHERE id = 1) = 0"
	"  BEGIN SELECT RAISE(ABORT, 'the journal is append-only; only the purge deletes');"
	"  END;",
	/* 2: the rare kinds the monthly report looks for among millions of access rows
	 * (db/report.c); a partial index, so appending an access row costs nothing more.
	 * A query uses it only when it repeats this WHERE term (SQLite's rule). */
	"CREATE INDEX event_rare ON event(kind, ts_us) WHERE kind IN ('alarm-raised', "
	"'alarm-acked', 'mode-changed', 'door-released', 'rights-change');",
	/* 3: the time of the last purged row beside its hash, so the monthly report can
	 * say whether a purge reached into a month (NULL: purged before this column, or
	 * never purged). */
	"ALTER TABLE anchor ADD COLUMN ts_us INTEGER;",
};

const struct gh_schema gh_config_schema = {
	"configuration", config_migrations,
	sizeof config_migrations / sizeof config_migrations[0],
};
const struct gh_schema gh_journal_schema = {
	"journal", journal_migrations,
	sizeof journal_migrations / sizeof journal_migrations[0],
};
