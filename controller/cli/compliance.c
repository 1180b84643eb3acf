/* gatehouse compliance --from YYYY-MM --to YYYY-MM --out DIR (R-EXPORT, R-LOG-POLICY):
 * the auditor's evidence bundle.  One index (HTML and JSON) maps each requirement id to
 * its evidence files, all made from the running configuration and the journal; a
 * manifest lists every file with its SHA-256. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "controller/cli/cli.h"
#include "controller/clock.h"
#include "controller/csv.h"
#include "controller/json.h"
#include "controller/review.h"
#include "controller/timeutil.h"
#include "db/journal.h"
#include "db/report.h"
#include "webui/escape.h"

#define MAXFILES 64

static char outdir[1024];
static char files[MAXFILES][96];
static int nfiles;

static void
add_file(const char *name)
{
	if (nfiles < MAXFILES)
		snprintf(files[nfiles++], sizeof files[0], "%s", name);
}

/* Write a table as CSV (the listings' own CSV writer) into DIR/name. */
static int
table_file(const char *name, const struct gh_table *t)
{
	char path[1200];
	snprintf(path, sizeof path, "%s/%s", outdir, name);
	fflush(stdout);
	int saved = dup(1), fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0 || saved < 0) {
		fprintf(stderr, "gatehouse: %s: %s\n", path, strerror(errno));
		return -1;
	}
	dup2(fd, 1);
	close(fd);
	cli_print_table(t, FMT_CSV);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	add_file(name);
	return 0;
}

/* The period's events as DIR/events.csv, read in pages of seq so that a month of
 * millions of rows never sits in memory. */
static int
events_file(struct gh_journal *j, struct gh_event_filter *flt)
{
	char path[1200];
	int64_t first = 0, last = -1;
	gh_report_bound(0);
	if (gh_report_seq_span(j, flt->since_us, flt->until_us, &first, &last) != GH_OK)
		return -1;
	snprintf(path, sizeof path, "%s/%s", outdir, "events.csv");
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f == NULL) {
		fprintf(stderr, "gatehouse: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	add_file("events.csv");
	/* No row in the period: one empty page (for the header), read at once. */
	flt->after_seq = last < first ? INT64_MAX - 1 : first > 0 ? first - 1 : 0;
	flt->upto_seq = last >= first && last > 0 ? last : 0;
	flt->limit = 20000;
	int header = 1, rc = 0;
	for (;;) {
		struct gh_table t;
		gh_table_init(&t);
		if (gh_journal_list(j, flt, &t) != GH_OK) {
			rc = -1;
			break;
		}
		if (header) {
			gh_csv_row(f, t.ncols, (const char *const *)t.col);
			header = 0;
		}
		for (int r = 0; r < t.nrows; r++) {
			const char *row[GH_TABLE_MAX_COLS];
			for (int c = 0; c < t.ncols; c++) {
				const char *v = gh_table_cell(&t, r, c);
				row[c] = v ? v : "";
			}
			gh_csv_row(f, t.ncols, row);
		}
		int n = t.nrows;
		if (n > 0)
			flt->after_seq = atoll(gh_table_cell(&t, n - 1, 0));
		gh_table_free(&t);
		if (n < flt->limit)
			break;
	}
	flt->after_seq = 0;
	flt->upto_seq = 0;
	flt->limit = 0;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static FILE *
text_file(const char *name)
{
	char path[1200];
	snprintf(path, sizeof path, "%s/%s", outdir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0)
		return NULL;
	add_file(name);
	return fdopen(fd, "w");
}

/* A document page of the web UI (signs, access matrix, emergency protocol), rendered
 * by gatehouse-web --render, the program beside this one, into DIR/name: the same
 * pages the officer prints.  0, or -1 (the reason on stderr). */
static int
render_doc(struct cli *c, const char *page, const char *name)
{
	char self[1024], web[1100], path[1200];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return -1;
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	snprintf(web, sizeof web, "%.*s/gatehouse-web", slash ? (int)(slash - self) : 1,
	    slash ? self : ".");
	snprintf(path, sizeof path, "%s/%s", outdir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0) {
		fprintf(stderr, "gatehouse: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd, 1);
		execl(web, "gatehouse-web", "--db", c->db_path, "--render", page, (char *)NULL);
		fprintf(stderr, "gatehouse: %s: %s\n", web, strerror(errno));
		_exit(127);
	}
	close(fd);
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "gatehouse: %s could not be rendered by %s\n", page, web);
		unlink(path);
		return -1;
	}
	add_file(name);
	return 0;
}

static const char *
level_of(const struct gh_table *zones, const char *zone)
{
	for (int i = 0; zone && i < zones->nrows; i++)
		if (strcmp(gh_table_value(zones, i, "name"), zone) == 0)
			return gh_table_value(zones, i, "level");
	return "?";
}

/* The logging policy as 3.8.6 lists it, from the running configuration. */
static void
logging_policy(FILE *f, struct gh_db *db, const char *site)
{
	char ret[16] = "", aret[16] = "", vret[16] = "", target[300] = "", transport[16] = "";
	char tz[64] = "";
	gh_setting_get(db, "retention-days", ret, sizeof ret);
	gh_setting_get(db, "audit-retention-days", aret, sizeof aret);
	gh_setting_get(db, "visitor-retention-days", vret, sizeof vret);
	gh_setting_get(db, "syslog-target", target, sizeof target);
	gh_setting_get(db, "syslog-transport", transport, sizeof transport);
	gh_setting_get(db, "timezone", tz, sizeof tz);
	struct gh_buf b;
	gh_buf_init(&b);
	gh_buf_puts(&b, "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
	    "<title>Logging policy</title></head><body><h1>Logging policy — ");
	web_html(&b, site);
	gh_buf_puts(&b, "</h1><table border=\"1\"><tr><th>item</th><th>policy</th></tr>"
	    "<tr><td>Sources</td><td>The controller (badge readers, doors, modes, alarms, "
	    "operator events received on its control socket), the configuration (every change "
	    "of rights, copied from the audit trail), the web service (logins, failures, "
	    "lockouts, logouts, through the controller).</td></tr>"
	    "<tr><td>Events per source</td><td>access, door-opened, door-closed, exit-button, "
	    "door-released, mode-changed, alarm-raised, alarm-acked, reader-online, "
	    "reader-offline, door-io-offline, door-io-online, fire-input, operator (login, login-failed, lockout, logout, "
	    "review-signoff, ...), rights-change, checkpoint, clock-jump, purge.</td></tr>"
	    "<tr><td>Purpose</td><td>Trace every access to restricted zones and its cause, "
	    "detect intrusion and misuse, prove rights management, support the monthly review "
	    "(R-TRACE, R-DETECT, R-RIGHTS-AUDIT, R-REVIEW).</td></tr>"
	    "<tr><td>Collection and time base</td><td>Written by the controller alone, durable "
	    "before the door moves; times in UTC (microseconds) in the journal, in the site "
	    "time zone (");
	web_html(&b, tz);
	gh_buf_puts(&b, ") in reports; clock synchronisation checked (clock-unsynced alarm), "
	    "jumps journalled (clock-jump).</td></tr><tr><td>Local retention</td><td>Access "
	    "events ");
	web_html(&b, ret);
	gh_buf_puts(&b, " days; security and rights events ");
	web_html(&b, aret);
	gh_buf_puts(&b, " days; visitors' identity data ");
	web_html(&b, vret);
	gh_buf_puts(&b, " days; older rows exported (JSON lines with SHA-256) before deletion."
	    "</td></tr><tr><td>Central retention</td><td>Every row forwarded as it commits to ");
	web_html(&b, target[0] ? target : "(no central server configured)");
	gh_buf_puts(&b, " over ");
	web_html(&b, transport[0] ? transport : "relp");
	gh_buf_puts(&b, " with TLS; retention there is the central server's policy.</td></tr>"
	    "<tr><td>Protection</td><td>Append-only table (triggers), SHA-256 hash chain, "
	    "Ed25519-signed checkpoints every minute with a key only the controller's user "
	    "reads; verification with `gatehouse verify` and the public key; files 0660, keys "
	    "0600.</td></tr><tr><td>Location</td><td>The journal database on the controller "
	    "(a separate SQLite file, WAL, synchronous=FULL), and the central log server."
	    "</td></tr></table></body></html>\n");
	fputs(b.s, f);
	gh_buf_free(&b);
}

int
cmd_compliance(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *to = NULL, *out = NULL;
	int ch, rc;
	while ((ch = cli_getopt(argc, argv, opts, "compliance")) != -1) {
		switch (ch) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'o': out = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	int y1, m1, y2, m2;
	char x;
	if (from == NULL || to == NULL || out == NULL || strlen(from) != 7 || strlen(to) != 7 ||
	    sscanf(from, "%4d-%2d%c", &y1, &m1, &x) != 2 || sscanf(to, "%4d-%2d%c", &y2, &m2,
	    &x) != 2 || m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12 || y1 * 12 + m1 > y2 * 12 + m2)
		return cli_usage("compliance: usage: gatehouse compliance --from YYYY-MM --to "
		    "YYYY-MM --out DIR (from no later than to)");
	if (mkdir(out, 0750) != 0) {
		fprintf(stderr, "gatehouse: %s: %s (the bundle goes into a new directory)\n", out,
		    strerror(errno));
		return EXIT_FAIL;
	}
	snprintf(outdir, sizeof outdir, "%s", out);
	if ((rc = cli_open(c, 1)) != EXIT_OK)
		return rc;
	char site[300] = "", tz[64] = "UTC";
	gh_setting_get(c->db, "site-name", site, sizeof site);
	gh_setting_get(c->db, "timezone", tz, sizeof tz);
	gh_tz_set(tz);
	char d1[32], d2[32];
	time_t since, until;
	const char *why;
	snprintf(d1, sizeof d1, "%04d-%02d-01 00:00", y1, m1);
	snprintf(d2, sizeof d2, "%04d-%02d-01 00:00", m2 == 12 ? y2 + 1 : y2, m2 == 12 ? 1 : m2 + 1);
	if (gh_time_parse(d1, &since, &why) != 0 || gh_time_parse(d2, &until, &why) != 0)
		return cli_usage("compliance: %s", why);

	/* The configuration as it runs. */
	struct gh_table t[12];
	for (int i = 0; i < 12; i++)
		gh_table_init(&t[i]);
	char utc[40];
	gh_utc_format_us((int64_t)since * 1000000, utc, sizeof utc);
	utc[19] = 'Z';
	utc[20] = '\0';
	if (gh_zone_list(c->db, &t[0]) || gh_door_list(c->db, &t[1]) ||
	    gh_reader_list(c->db, &t[2]) || gh_schedule_list(c->db, &t[3]) ||
	    gh_holiday_list(c->db, &t[4]) || gh_profile_list(c->db, &t[5]) ||
	    gh_person_list(c->db, &t[6]) || gh_badge_list(c->db, &t[7]) ||
	    gh_visit_list(c->db, &t[8]) || gh_operator_list(c->db, &t[9]) ||
	    gh_setting_list(c->db, &t[10]) || gh_audit_list(c->db, utc, &t[11])) {
		fprintf(stderr, "gatehouse: %s\n", gh_db_errmsg(c->db));
		return EXIT_FAIL;
	}
	static const char *const names[12] = { "zones.csv", "doors.csv", "readers.csv",
		"schedules.csv", "holidays.csv", "profiles.csv", "people.csv", "badges.csv",
		"visits.csv", "operators.csv", "settings.csv", "rights-changes.csv" };
	for (int i = 0; i < 12; i++)
		if (table_file(names[i], &t[i]) != 0)
			return EXIT_FAIL;
	/* R-NO-PUBLIC-SENSITIVE: every door with the levels it joins. */
	FILE *f = text_file("door-levels.csv");
	int bad = 0;
	if (f == NULL)
		return EXIT_FAIL;
	fprintf(f, "door,from,from_level,to,to_level,public_sensitive\r\n");
	for (int i = 0; i < t[1].nrows; i++) {
		const char *a = gh_table_value(&t[1], i, "from"), *b = gh_table_value(&t[1], i, "to");
		const char *la = level_of(&t[0], a), *lb = level_of(&t[0], b);
		int ps = (!strcmp(la, "public") && !strcmp(lb, "sensitive")) ||
		    (!strcmp(la, "sensitive") && !strcmp(lb, "public"));
		bad += ps;
		struct gh_buf row;
		gh_buf_init(&row);
		web_csv(&row, gh_table_value(&t[1], i, "name"));
		gh_buf_puts(&row, ",");
		web_csv(&row, a);
		gh_buf_printf(&row, ",%s,", la);
		web_csv(&row, b);
		gh_buf_printf(&row, ",%s,%s\r\n", lb, ps ? "YES" : "no");
		fputs(row.s, f);
		gh_buf_free(&row);
	}
	fclose(f);

	/* The journal: events of the period, verification, the oldest row kept. */
	struct gh_journal *j;
	char err[600];
	if (gh_journal_open(&j, c->journal_path, GH_JOURNAL_READONLY, err, sizeof err) != GH_OK) {
		fprintf(stderr, "gatehouse: %s\n", err);
		return EXIT_FAIL;
	}
	struct gh_table ev;
	gh_table_init(&ev);
	struct gh_event_filter flt = { .since_us = (int64_t)since * 1000000,
		.until_us = (int64_t)until * 1000000 };
	/* The period's rows, chained between the signed checkpoints around them
	 * (`gatehouse verify` checks the whole journal), verified in a second thread
	 * while this one writes the events. */
	struct gh_verify_job vj;
	gh_verify_period_start(&vj, c->journal_path, flt.since_us, flt.until_us, 0);
	int ev_rc = events_file(j, &flt);
	gh_verify_period_finish(&vj);
	if (ev_rc != 0)
		return EXIT_FAIL;
	uint8_t pk[GH_SIGN_PK_LEN] = { 0 };
	struct gh_verify v = vj.v;
	int vok = vj.ok;
	if (vj.have_pk)
		memcpy(pk, vj.pk, sizeof pk);
	int64_t oseq = 0, ous = 0;
	gh_report_span(j, &oseq, &ous);
	gh_journal_close(j);
	char pkhex[2 * GH_SIGN_PK_LEN + 1] = "";
	if (vok)
		sodium_bin2hex(pkhex, sizeof pkhex, pk, sizeof pk);
	if ((f = text_file("journal.json")) == NULL)
		return EXIT_FAIL;
	char tb[40];
	fprintf(f, "{\"verified\":%s,\"scope\":\"the period's rows, chained between the "
	    "signed checkpoints around them\",\"events\":%lld,\"checkpoints\":%lld,\"why\":",
	    vok ? "true" : "false", (long long)v.events, (long long)v.checkpoints);
	struct gh_buf q;
	gh_buf_init(&q);
	gh_json_quote(&q, v.why);
	fprintf(f, "%s,\"public_key\":\"%s\",\"oldest_seq\":%lld,\"oldest_utc\":\"%s\"}\n", q.s,
	    pkhex, (long long)oseq, ous ? gh_utc_format_us(ous, tb, sizeof tb) : "");
	gh_buf_free(&q);
	fclose(f);

	/* Central log and clock. */
	char target[300] = "", transport[16] = "", cursorp[1100];
	gh_setting_get(c->db, "syslog-target", target, sizeof target);
	gh_setting_get(c->db, "syslog-transport", transport, sizeof transport);
	snprintf(cursorp, sizeof cursorp, "%s.forwarded", c->journal_path);
	long fwd = 0;
	FILE *cf = fopen(cursorp, "r");
	if (cf != NULL) {
		if (fscanf(cf, "%ld", &fwd) != 1)
			fwd = 0;
		fclose(cf);
	}
	int64_t esterr = 0;
	int synced = gh_clock_synced(&esterr);
	if ((f = text_file("central-log-and-clock.json")) == NULL)
		return EXIT_FAIL;
	gh_buf_init(&q);
	gh_json_quote(&q, target);
	fprintf(f, "{\"syslog_target\":%s,\"transport\":\"%s\",\"forwarded_up_to_seq\":%ld,"
	    "\"journal_time_base\":\"UTC\",\"report_time_zone\":\"%s\",\"clock_synchronised\":%s,"
	    "\"clock_estimated_error_us\":%lld}\n", q.s, transport[0] ? transport : "relp", fwd,
	    tz, synced < 0 ? "null" : synced ? "true" : "false", (long long)esterr);
	gh_buf_free(&q);
	fclose(f);

	/* The logging policy; the signed reviews of the period. */
	if ((f = text_file("logging-policy.html")) == NULL)
		return EXIT_FAIL;
	logging_policy(f, c->db, site);
	fclose(f);
	struct gh_table rv;
	gh_table_init(&rv);
	gh_review_list(c->db, &rv);
	int nrev = 0;
	char months[64][8];
	for (int i = 0; i < rv.nrows && nrev < 64; i++) {
		const char *mo = gh_table_cell(&rv, i, 0);
		int yy, mm;
		if (sscanf(mo, "%4d-%2d", &yy, &mm) != 2 || yy * 12 + mm < y1 * 12 + m1 ||
		    yy * 12 + mm > y2 * 12 + m2)
			continue;
		struct gh_table r1;
		gh_table_init(&r1);
		if (gh_review_get(c->db, mo, &r1) == GH_OK && r1.nrows == 1)
			for (int k = 4; k <= 6; k += 2) {
				char *buf, dst[1200], name[96];
				size_t len;
				const char *src = gh_table_cell(&r1, 0, k), *base = strrchr(src, '/');
				snprintf(name, sizeof name, "%s", base ? base + 1 : src);
				snprintf(dst, sizeof dst, "%s/%s", outdir, name);
				if (gh_read_file(src, (size_t)1 << 30, &buf, &len) == 0) {
					FILE *o = fopen(dst, "wx");
					if (o != NULL) {
						fwrite(buf, 1, len, o);
						fclose(o);
						add_file(name);
					}
					free(buf);
				}
			}
		gh_table_free(&r1);
		snprintf(months[nrev++], sizeof months[0], "%s", mo);
	}
	gh_table_free(&rv);

	/* The printable documents, as the web UI shows them (R-SIGN, R-PROFILES,
	 * R-EMERGENCY). */
	int docs = render_doc(c, "/documents/signs", "signs.html") == 0;
	docs &= render_doc(c, "/documents/matrix", "access-matrix.html") == 0;
	docs &= render_doc(c, "/documents/emergency", "emergency-protocol.html") == 0;
	struct gh_table protocol;
	gh_table_init(&protocol);
	int have_protocol = gh_document_get(c->db, "emergency-protocol", &protocol) == GH_OK &&
	    protocol.nrows > 0;
	gh_table_free(&protocol);
	if (!docs)
		fprintf(stderr, "gatehouse: the bundle lacks some printable documents (above)\n");

	/* The index: each requirement and its evidence. */
	static const struct { const char *id, *files, *note; } req[] = {
		{ "R-ZONES", "zones.csv", "every zone with its level" },
		{ "R-NO-PUBLIC-SENSITIVE", "door-levels.csv doors.csv", NULL },
		{ "R-DELIVERY", "zones.csv doors.csv", "delivery zones and their doors' "
		  "compensating measures" },
		{ "R-SIGN", "signs.html zones.csv", "a warning sign per restricted-zone "
		  "entrance" },
		{ "R-INDIVIDUAL", "badges.csv people.csv", "one credential per badge, per person" },
		{ "R-PROFILES", "access-matrix.html profiles.csv schedules.csv holidays.csv",
		  "the access matrix: zones x profiles with hours" },
		{ "R-VALIDITY", "people.csv badges.csv", "validity dates and statuses" },
		{ "R-LEAST-PRIVILEGE", "operators.csv settings.csv", "roles per operator; "
		  "incompatible-roles" },
		{ "R-RIGHTS-REPORT", "people.csv profiles.csv", "`gatehouse person rights REF`" },
		{ "R-ESCORT", "events.csv", "escort column of access events" },
		{ "R-VISITOR-ID", "visits.csv", NULL },
		{ "R-SUPERVISION", "events.csv people.csv", "contractors and their escorts" },
		{ "R-TRACE", "events.csv journal.json", NULL },
		{ "R-RETENTION", "settings.csv journal.json", "retention settings; oldest row kept" },
		{ "R-REVIEW", "review-*.html review-*.json", "signed monthly reviews" },
		{ "R-TAMPER", "journal.json", "chain and signatures verified; public key" },
		{ "R-EXPORT", "events.csv", "also `gatehouse events --format json`" },
		{ "R-CENTRAL", "central-log-and-clock.json", NULL },
		{ "R-CLOCK", "central-log-and-clock.json", NULL },
		{ "R-LOG-POLICY", "logging-policy.html", NULL },
		{ "R-RIGHTS-AUDIT", "rights-changes.csv", "who changed what, before and after" },
		{ "R-DETECT", "events.csv", "alarm-raised and alarm-acked events" },
		{ "R-EMERGENCY", "emergency-protocol.html events.csv", NULL },
		{ "R-AUTH", "operators.csv", "roles, TOTP, lockouts" },
	};
	FILE *ij = text_file("index.json"), *ih = text_file("index.html");
	if (ij == NULL || ih == NULL)
		return EXIT_FAIL;
	struct gh_buf h;
	gh_buf_init(&h);
	gh_buf_puts(&h, "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
	    "<title>Evidence</title></head><body><h1>Evidence bundle — ");
	web_html(&h, site);
	gh_buf_printf(&h, ", %s to %s</h1><table border=\"1\"><tr><th>requirement</th>"
	    "<th>evidence</th><th>note</th></tr>", from, to);
	gh_buf_init(&q);
	struct gh_json js;
	gh_json_init(&js, &q);
	gh_json_obj(&js);
	gh_json_kstr(&js, "site", site);
	gh_json_kstr(&js, "from", from);
	gh_json_kstr(&js, "to", to);
	gh_json_kbool(&js, "journal_verified", vok);
	gh_json_kint(&js, "public_sensitive_doors", bad);
	gh_json_kint(&js, "signed_reviews", nrev);
	gh_json_key(&js, "requirements");
	gh_json_obj(&js);
	for (size_t i = 0; i < sizeof req / sizeof req[0]; i++) {
		char note[200];
		snprintf(note, sizeof note, "%s", req[i].note ? req[i].note : "");
		if (strcmp(req[i].id, "R-NO-PUBLIC-SENSITIVE") == 0)
			snprintf(note, sizeof note, "%d door(s) between a public and a sensitive zone",
			    bad);
		if (strcmp(req[i].id, "R-REVIEW") == 0)
			snprintf(note, sizeof note, "%d signed review(s) in the period", nrev);
		if (strcmp(req[i].id, "R-EMERGENCY") == 0)
			snprintf(note, sizeof note, have_protocol ? "the site's emergency access "
			    "protocol as kept in the system; mode-changed events" :
			    "NO emergency access protocol has been written (web UI, Documents); "
			    "the modes as configured; mode-changed events");
		gh_json_key(&js, req[i].id);
		gh_json_obj(&js);
		gh_json_kstr(&js, "evidence", req[i].files);
		gh_json_kstr(&js, "note", note);
		gh_json_obj_end(&js);
		gh_buf_puts(&h, "<tr><td>");
		web_html(&h, req[i].id);
		gh_buf_puts(&h, "</td><td>");
		web_html(&h, req[i].files);
		gh_buf_puts(&h, "</td><td>");
		web_html(&h, note);
		gh_buf_puts(&h, "</td></tr>");
	}
	gh_json_obj_end(&js);
	gh_json_obj_end(&js);
	gh_buf_puts(&h, "</table><p>Every file is listed with its SHA-256 in MANIFEST.sha256."
	    "</p></body></html>\n");
	fprintf(ij, "%s\n", q.s);
	fputs(h.s, ih);
	fclose(ij);
	fclose(ih);
	gh_buf_free(&q);
	gh_buf_free(&h);

	/* The manifest, sha256sum's format. */
	if ((f = text_file("MANIFEST.sha256")) == NULL)
		return EXIT_FAIL;
	nfiles--;	/* the manifest does not list itself */
	for (int i = 0; i < nfiles; i++) {
		char path[1200], *buf, hx[65];
		size_t len;
		unsigned char d[32];
		snprintf(path, sizeof path, "%s/%s", outdir, files[i]);
		if (gh_read_file(path, (size_t)1 << 30, &buf, &len) != 0)
			continue;
		crypto_hash_sha256(d, (const unsigned char *)buf, len);
		free(buf);
		sodium_bin2hex(hx, sizeof hx, d, sizeof d);
		fprintf(f, "%s  %s\n", hx, files[i]);
	}
	fclose(f);
	for (int i = 0; i < 12; i++)
		gh_table_free(&t[i]);
	gh_table_free(&ev);
	printf("evidence bundle for %s to %s in %s: %d files, journal %s, %d public-sensitive "
	    "door(s), %d signed review(s)\n", from, to, out, nfiles + 1,
	    vok ? "verified" : "NOT VERIFIED", bad, nrev);
	return vok && bad == 0 ? EXIT_OK : EXIT_REFUSED;
}
