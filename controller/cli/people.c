/* gatehouse person, visit, badge, import, audit. */
#include "controller/cli/cli.h"
#include "controller/rights.h"
#include "webui/ctl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/csv.h"
#include "controller/json.h"
#include "controller/schedule.h"
#include "controller/timeutil.h"
#include "controller/util.h"


static int
check_date_arg(const char *cmd, const char *opt, const char *s)
{
	gh_day d;
	if (s[0] != '\0' && gh_date_parse(s, &d) != 0)
		return cli_usage("%s: %s '%s' is not a date (YYYY-MM-DD)", cmd, opt, s);
	return EXIT_OK;
}

/* person add / set ------------------------------------------------------------------ */

static int
person_edit(struct cli *c, int argc, char **argv, int adding)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "kind", required_argument, NULL, 'k' },
		{ "org", required_argument, NULL, 'o' },
		{ "vetted", no_argument, NULL, 'v' },
		{ "no-vetted", no_argument, NULL, 'V' },
		{ "can-escort", no_argument, NULL, 'e' },
		{ "no-can-escort", no_argument, NULL, 'E' },
		{ "lockdown-ok", no_argument, NULL, 'l' },
		{ "no-lockdown-ok", no_argument, NULL, 'L' },
		{ "valid-from", required_argument, NULL, 'f' },
		{ "valid-until", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = adding ? "person add" : "person set";
	struct gh_person_spec p = { .vetted = -1, .can_escort = -1, .lockdown_ok = -1 };
	int ch, rc;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, cmd)) != -1) {
		switch (ch) {
		case 'n': p.name = optarg; break;
		case 'k': p.kind = optarg; break;
		case 'o': p.org = optarg; break;
		case 'v': p.vetted = 1; break;
		case 'V': p.vetted = 0; break;
		case 'e': p.can_escort = 1; break;
		case 'E': p.can_escort = 0; break;
		case 'l': p.lockdown_ok = 1; break;
		case 'L': p.lockdown_ok = 0; break;
		case 'f':
			if ((rc = check_date_arg(cmd, "--valid-from", optarg)))
				return rc;
			p.valid_from = optarg;
			break;
		case 'u':
			if ((rc = check_date_arg(cmd, "--valid-until", optarg)))
				return rc;
			p.valid_until = optarg;
			break;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage("%s: expected one person REF", cmd);
	p.ref = argv[optind];
	if ((rc = cli_open(c, 0)))
		return rc;
	return cli_result(c, adding ? gh_person_add(c->db, &p) : gh_person_set(c->db, &p));
}

static int
person_grant(struct cli *c, int argc, char **argv, int grant)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "until", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = grant ? "person grant" : "person ungrant";
	const char *from = NULL, *until = NULL;
	int ch, rc;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, grant ? opts : opts + 2, cmd)) != -1) {
		if (ch == 'f')
			from = optarg;
		else if (ch == 'u')
			until = optarg;
		else
			return EXIT_USAGE;
		if ((rc = check_date_arg(cmd, ch == 'f' ? "--from" : "--until", optarg)))
			return rc;
	}
	if (argc - optind != 2)
		return cli_usage("%s: expected REF PROFILE", cmd);
	if ((rc = cli_open(c, 0)))
		return rc;
	if (grant)
		return cli_result(c, gh_person_grant(c->db, argv[optind], argv[optind + 1], from,
		    until));
	return cli_result(c, gh_person_ungrant(c->db, argv[optind], argv[optind + 1]));
}

static int
one_ref(struct cli *c, int argc, char **argv, const char *cmd, int readonly)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	int ch, rc;
	while ((ch = cli_getopt(argc, argv, none, cmd)) != -1)
		return EXIT_USAGE;
	if (argc - optind != 1)
		return cli_usage("%s: expected one person REF", cmd);
	if ((rc = cli_open(c, readonly)))
		return rc;
	return EXIT_OK;
}

/* person rights (R-RIGHTS-REPORT) --------------------------------------------------- */

static const char *
bound(const char *v, const char *open)
{
	return v && v[0] ? v : open;
}

static const char *
cellv(const struct gh_table *t, int r, const char *col)
{
	return gh_table_cell(t, r, gh_table_col(t, col));
}

static int
person_rights(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum cli_format fmt = FMT_TEXT;
	int ch, rc;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, "person rights")) != -1) {
		if (ch != 'f' || cli_parse_format(optarg, &fmt) != 0 || fmt == FMT_CSV)
			return ch == '?' ? EXIT_USAGE :
			    cli_usage("person rights: format must be text or json");
	}
	if (argc - optind != 1)
		return cli_usage("person rights: expected one person REF");
	const char *ref = argv[optind];
	if ((rc = cli_open(c, 1)))
		return rc;
	struct gh_rights rs;
	if ((rc = cli_result(c, gh_rights_get(c->db, ref, &rs)))) {
		gh_rights_free(&rs);
		return rc;
	}
	const struct gh_table *who = &rs.who;
	const char *tz = gh_tz_name();
	struct gh_buf b;
	gh_buf_init(&b);
	if (fmt == FMT_JSON) {
		struct gh_json j;
		gh_json_init(&j, &b);
		gh_json_obj(&j);
		gh_json_kstr(&j, "ref", ref);
		gh_json_kstr(&j, "name", cellv(who, 0, "name"));
		gh_json_kstr(&j, "kind", rs.kind);
		gh_json_kstr(&j, "status", cellv(who, 0, "status"));
		gh_json_kstr(&j, "valid_from", cellv(who, 0, "valid_from"));
		gh_json_kstr(&j, "valid_until", cellv(who, 0, "valid_until"));
		gh_json_kstr(&j, "timezone", tz);
		gh_json_key(&j, "zones");
		gh_json_arr(&j);
		for (int r = 0; r < rs.n; r++) {
			const struct gh_right *g = &rs.r[r];
			gh_json_obj(&j);
			gh_json_kstr(&j, "zone", g->zone);
			gh_json_kstr(&j, "level", g->level);
			gh_json_kstr(&j, "condition", g->condition);
			if (g->profile != NULL) {
				gh_json_kstr(&j, "profile", g->profile);
				gh_json_kstr(&j, "schedule", g->schedule);
				gh_json_key(&j, "windows");
				gh_json_arr(&j);
				for (int k = 0; k < g->nwindows; k++)
					gh_json_str(&j, g->windows[k]);
				gh_json_arr_end(&j);
				gh_json_kbool(&j, "holidays_closed", g->holidays_closed);
				gh_json_kstr(&j, "from", g->valid_from);
				gh_json_kstr(&j, "until", g->valid_until);
			}
			gh_json_obj_end(&j);
		}
		gh_json_arr_end(&j);
		gh_json_obj_end(&j);
		printf("%s\n", b.s);
		gh_buf_free(&b);
		gh_rights_free(&rs);
		return EXIT_OK;
	}
	printf("%s  %s  (%s%s%s)\n", ref, cellv(who, 0, "name"), rs.kind,
	    cellv(who, 0, "org")[0] ? ", " : "", cellv(who, 0, "org"));
	if (cellv(who, 0, "valid_from") || cellv(who, 0, "valid_until"))
		printf("valid %s to %s; ", bound(cellv(who, 0, "valid_from"), "always"),
		    bound(cellv(who, 0, "valid_until"), "for ever"));
	printf("times in %s\n", tz);
	if (!rs.active) {
		printf("no access: this person has been removed (deprovisioned)\n");
		gh_rights_free(&rs);
		return EXIT_OK;
	}
	struct gh_table out;
	gh_table_init(&out);
	out.ncols = 4;
	out.col[0] = strdup("zone");
	out.col[1] = strdup("level");
	out.col[2] = strdup("when");
	out.col[3] = strdup("through");
	out.cells = calloc((size_t)(rs.n ? rs.n : 1) * 4, sizeof *out.cells);
	out.types = calloc((size_t)(rs.n ? rs.n : 1) * 4, sizeof *out.types);
	if (out.cells == NULL || out.types == NULL)
		abort();
	for (int r = 0; r < rs.n; r++, out.nrows++) {
		const struct gh_right *g = &rs.r[r];
		char **row = out.cells + out.nrows * 4;
		row[0] = strdup(g->zone);
		row[1] = strdup(g->level);
		if (strcmp(g->condition, "any-valid-badge") == 0) {
			row[2] = strdup("any time");
			row[3] = strdup("any valid badge");
			continue;
		}
		if (g->profile == NULL) {
			row[2] = strdup("when the escort may enter");
			row[3] = strdup(strcmp(g->condition, "escorted-by-vetted-staff") == 0 ?
			    "escort by vetted staff (R-SUPERVISION)" : "escort by staff (R-ESCORT)");
			continue;
		}
		gh_buf_reset(&b);
		for (int k = 0; k < g->nwindows; k++)
			gh_buf_printf(&b, "%s%s", k ? "; " : "", g->windows[k]);
		if (g->holidays_closed)
			gh_buf_puts(&b, ", closed on holidays");
		row[2] = strdup(b.s ? b.s : "");
		gh_buf_reset(&b);
		gh_buf_printf(&b, "profile %s, schedule %s", g->profile, g->schedule);
		if (g->valid_from || g->valid_until)
			gh_buf_printf(&b, ", %s to %s", bound(g->valid_from, "always"),
			    bound(g->valid_until, "for ever"));
		row[3] = strdup(b.s);
	}
	for (int k = 0; k < out.nrows * 4; k++)
		out.types[k] = GH_CELL_TEXT;
	cli_print_table(&out, FMT_TEXT);
	gh_table_free(&out);
	gh_buf_free(&b);
	gh_rights_free(&rs);
	return EXIT_OK;
}

int
cmd_person(struct cli *c, int argc, char **argv)
{
	int rc;
	if (cli_is_sub(argc, argv, "add"))
		return person_edit(c, argc, argv, 1);
	if (cli_is_sub(argc, argv, "set"))
		return person_edit(c, argc, argv, 0);
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "person list", gh_person_list);
	if (cli_is_sub(argc, argv, "grant"))
		return person_grant(c, argc, argv, 1);
	if (cli_is_sub(argc, argv, "ungrant"))
		return person_grant(c, argc, argv, 0);
	if (cli_is_sub(argc, argv, "rights"))
		return person_rights(c, argc, argv);
	if (cli_is_sub(argc, argv, "remove")) {
		if ((rc = one_ref(c, argc - 1, argv + 1, "person remove", 0)))
			return rc;
		return cli_result(c, gh_person_remove(c->db, argv[optind + 1]));
	}
	return cli_usage("person: unknown subcommand '%s' (add, set, list, grant, ungrant, "
	    "remove, rights)", argv[1]);
}

/* visit ---------------------------------------------------------------------------- */

int
cmd_visit(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "host", required_argument, NULL, 'h' },
		{ "from", required_argument, NULL, 'f' },
		{ "until", required_argument, NULL, 'u' },
		{ "id-doc", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "visit list", gh_visit_list);
	if (!cli_is_sub(argc, argv, "add"))
		return cli_usage("visit: unknown subcommand '%s' (add, list)", argv[1]);
	struct gh_visit_spec v = { 0 };
	char doc[GH_NAME_MAX_BYTES * 2];
	int ch, rc;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, "visit add")) != -1) {
		switch (ch) {
		case 'h': v.host = optarg; break;
		case 'f':
			if ((rc = check_date_arg("visit add", "--from", optarg)))
				return rc;
			v.from = optarg;
			break;
		case 'u':
			if ((rc = check_date_arg("visit add", "--until", optarg)))
				return rc;
			v.until = optarg;
			break;
		case 'i': {
			if (gh_strlcpy(doc, optarg, sizeof doc) >= sizeof doc)
				return cli_usage("visit add: --id-doc is too long");
			char *colon = strchr(doc, ':');
			if (colon == NULL || colon == doc || colon[1] == '\0')
				return cli_usage("visit add: --id-doc must be TYPE:NUMBER");
			*colon = '\0';
			v.id_doc_type = doc;
			v.id_doc_number = colon + 1;
			break;
		}
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage("visit add: expected one VISITOR-REF");
	if (v.host == NULL)
		return cli_usage("visit add: --host is required");
	v.visitor = argv[optind];
	if ((rc = cli_open(c, 0)))
		return rc;
	return cli_result(c, gh_visit_add(c->db, &v));
}

/* badge ---------------------------------------------------------------------------- */

/* DESFire enrollment (secure badges): the controller, which owns the readers,
 * personalises the next blank card presented at the enrollment reader; the badge is
 * then recorded with the id written to the card and the card's UID. */
static int
enroll_desfire(struct cli *c, struct gh_badge_spec *b, const char *reader,
    const char *control, long timeout, int nargs)
{
	int rc;
	if (nargs != 0)
		return cli_usage("badge enroll --kind desfire: no CREDENTIAL (the controller "
		    "writes one to the card)");
	if (reader == NULL || b->person == NULL)
		return cli_usage("badge enroll --kind desfire: --person REF and --reader ID are "
		    "required");
	if ((rc = cli_open(c, 0)))
		return rc;
	if (gh_person_exists(c->db, b->person) != 1)
		return cli_usage("badge enroll: no person '%s'", b->person);
	char req[600], ans[600];
	snprintf(req, sizeof req, "personalise \"%s\" %ld", reader, timeout);
	printf("present a blank DESFire card at reader %s (%ld s) ...\n", reader, timeout);
	fflush(stdout);
	if (web_ctl(control ? control : "/run/gatehouse/control", req, ans, sizeof ans,
	    (int)(timeout + 10) * 1000) != 0) {
		fprintf(stderr, "gatehouse: %s\n", ans);
		return EXIT_FAIL;
	}
	char cred[GH_CRED_MAX + 1], uid[32];
	if (strcmp(ans, "timeout") == 0) {
		fprintf(stderr, "gatehouse: no card was presented at %s in %ld s\n", reader,
		    timeout);
		return EXIT_REFUSED;
	}
	if (strncmp(ans, "error ", 6) == 0) {
		fprintf(stderr, "gatehouse: the card was refused: %s\n", ans + 6);
		return EXIT_REFUSED;
	}
	if (sscanf(ans, "credential desfire %24s %31s", cred, uid) != 2) {
		fprintf(stderr, "gatehouse: unexpected answer from the controller: %s\n", ans);
		return EXIT_FAIL;
	}
	b->credential = cred;
	b->kind = "desfire";
	b->card_uid = uid;
	rc = cli_result(c, gh_badge_enroll(c->db, b));
	if (rc == EXIT_OK)
		printf("enrolled DESFire badge %s (card %s) for %s\n", cred, uid, b->person);
	else
		fprintf(stderr, "gatehouse: the card was personalised as %s (card %s) but not "
		    "recorded\n", cred, uid);
	return rc;
}

int
cmd_badge(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "person", required_argument, NULL, 'p' },
		{ "valid-from", required_argument, NULL, 'f' },
		{ "valid-until", required_argument, NULL, 'u' },
		{ "kind", required_argument, NULL, 'k' },
		{ "reader", required_argument, NULL, 'r' },
		{ "status", required_argument, NULL, 's' },
		{ "control", required_argument, NULL, 'c' },
		{ "timeout-s", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "badge list", gh_badge_list);
	int enroll = cli_is_sub(argc, argv, "enroll");
	if (!enroll && !cli_is_sub(argc, argv, "set"))
		return cli_usage("badge: unknown subcommand '%s' (enroll, set, list)", argv[1]);
	const char *cmd = enroll ? "badge enroll" : "badge set";
	struct gh_badge_spec b = { .kind = "uid" };
	const char *status = NULL, *kind = NULL, *reader = NULL;
	const char *control = getenv("GATEHOUSE_CONTROL");
	long timeout = 60;
	int ch, rc;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, cmd)) != -1) {
		switch (ch) {
		case 'p': b.person = optarg; break;
		case 'f':
		case 'u':
			if ((rc = check_date_arg(cmd, ch == 'f' ? "--valid-from" : "--valid-until",
			    optarg)))
				return rc;
			if (ch == 'f')
				b.valid_from = optarg;
			else
				b.valid_until = optarg;
			break;
		case 'k': kind = optarg; break;
		case 'r': reader = optarg; break;
		case 'c': control = optarg; break;
		case 't':
			if (gh_parse_long(optarg, 1, 600, &timeout) != 0)
				return cli_usage("%s: --timeout-s must be 1 to 600", cmd);
			break;
		case 's': status = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (enroll && kind && strcmp(kind, "desfire") == 0)
		return enroll_desfire(c, &b, reader, control, timeout, argc - optind);
	if (reader != NULL)
		return cli_usage("%s: --reader is for DESFire enrollment (--kind desfire)", cmd);
	if (kind && strcmp(kind, "uid") != 0)
		return cli_usage("%s: --kind %s: UID badges are enrolled from a credential, "
		    "DESFire badges with --kind desfire --reader ID", cmd, kind);
	if (argc - optind != 1)
		return cli_usage("%s: expected one CREDENTIAL", cmd);
	char cred[GH_CRED_MAX];
	enum gh_cred_kind ck;
	if (gh_credential_normalize(argv[optind], cred, &ck) != 0)
		return cli_usage("%s: '%s' is not a credential (UID in hex, 4, 7 or 10 bytes; "
		    "or D followed by digits)", cmd, argv[optind]);
	if (enroll) {
		if (ck != GH_CRED_UID)
			return cli_usage("badge enroll: %s is a DESFire badge id; DESFire badges "
			    "are enrolled with --kind desfire --reader ID", cred);
		if (b.person == NULL)
			return cli_usage("badge enroll: --person is required");
		b.credential = cred;
		if ((rc = cli_open(c, 0)))
			return rc;
		rc = cli_result(c, gh_badge_enroll(c->db, &b));
		if (rc == EXIT_OK)
			printf("enrolled UID badge %s for %s (cloneable: UID badges can be "
			    "copied; sensitive zones need a DESFire badge)\n", cred, b.person);
		return rc;
	}
	if (status == NULL)
		return cli_usage("badge set: --status is required");
	if ((rc = cli_open(c, 0)))
		return rc;
	return cli_result(c, gh_badge_set_status(c->db, cred, status));
}

/* import people (CSV, all or nothing) ------------------------------------------------ */

enum { COL_REF, COL_NAME, COL_KIND, COL_ORG, COL_BADGE, COL_UNTIL, NCOLS };
static const char *const import_cols[NCOLS] = {
	"ref", "name", "kind", "org", "badge", "valid_until",
};

static int
import_row(struct cli *c, const char *file, const struct gh_csv_record *rec,
    const int *colidx)
{
	const char *f[NCOLS];
	for (int k = 0; k < NCOLS; k++) {
		f[k] = colidx[k] >= 0 && colidx[k] < rec->nfields ? rec->field[colidx[k]] : "";
	}
	struct gh_person_spec p = {
		.ref = f[COL_REF], .name = f[COL_NAME], .kind = f[COL_KIND],
		.org = f[COL_ORG], .vetted = -1, .can_escort = -1, .lockdown_ok = -1,
		.valid_until = f[COL_UNTIL],
	};
	if (f[COL_REF][0] == '\0') {
		fprintf(stderr, "%s:%d: empty ref\n", file, rec->line);
		return EXIT_USAGE;
	}
	int created, rc = gh_person_upsert(c->db, &p, &created);
	if (rc != GH_OK) {
		fprintf(stderr, "%s:%d: %s\n", file, rec->line, gh_db_errmsg(c->db));
		return rc == GH_EINPUT ? EXIT_USAGE : EXIT_FAIL;
	}
	if (f[COL_BADGE][0] == '\0')
		return EXIT_OK;
	char cred[GH_CRED_MAX];
	enum gh_cred_kind ck;
	if (gh_credential_normalize(f[COL_BADGE], cred, &ck) != 0 || ck != GH_CRED_UID) {
		fprintf(stderr, "%s:%d: badge '%s' is not a UID in hex (4, 7 or 10 bytes)\n",
		    file, rec->line, f[COL_BADGE]);
		return EXIT_USAGE;
	}
	struct gh_badge_spec b = { .credential = cred, .kind = "uid", .person = p.ref };
	rc = gh_badge_enroll(c->db, &b);
	if (rc == GH_EINPUT && strstr(gh_db_errmsg(c->db), "already enrolled") != NULL) {
		/* The same badge for the same person again is no change. */
		char mine[600];
		snprintf(mine, sizeof mine, "(person '%s')", p.ref);
		if (strstr(gh_db_errmsg(c->db), mine) != NULL)
			return EXIT_OK;
	}
	if (rc != GH_OK) {
		fprintf(stderr, "%s:%d: %s\n", file, rec->line, gh_db_errmsg(c->db));
		return rc == GH_EINPUT ? EXIT_USAGE : EXIT_FAIL;
	}
	return EXIT_OK;
}

int
cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	int ch, rc;
	if (!cli_is_sub(argc, argv, "people"))
		return cli_usage("import: unknown subcommand '%s' (people)", argv[1]);
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, none, "import people")) != -1)
		return EXIT_USAGE;
	if (argc - optind != 1)
		return cli_usage("import people: expected one FILE.csv");
	const char *file = argv[optind];
	char *buf;
	size_t len;
	if (gh_read_file(file, 64u << 20, &buf, &len) != 0) {
		fprintf(stderr, "gatehouse: %s: %s\n", file, errno == EFBIG ?
		    "larger than 64 MiB" : strerror(errno));
		return errno == ENOENT || errno == EFBIG ? EXIT_USAGE : EXIT_FAIL;
	}
	if ((rc = cli_open(c, 0))) {
		free(buf);
		return rc;
	}
	struct gh_csv csv;
	struct gh_csv_record rec;
	const char *why;
	int colidx[NCOLS], errors = 0, rows = 0, fail = 0;
	gh_csv_init(&csv, buf, len);
	int r = gh_csv_next(&csv, &rec, &why);
	if (r <= 0) {
		fprintf(stderr, "%s:%d: %s\n", file, r < 0 ? rec.line : 1,
		    r < 0 ? why : "empty file; expected header ref,name,kind,org,badge,valid_until");
		gh_csv_free(&csv);
		free(buf);
		return EXIT_USAGE;
	}
	for (int k = 0; k < NCOLS; k++)
		colidx[k] = -1;
	for (int i = 0; i < rec.nfields; i++) {
		int k;
		for (k = 0; k < NCOLS; k++)
			if (strcmp(rec.field[i], import_cols[k]) == 0)
				break;
		if (k == NCOLS || colidx[k] >= 0) {
			fprintf(stderr, "%s:%d: %s column '%s' in the header (expected "
			    "ref,name,kind,org,badge,valid_until)\n", file, rec.line,
			    k == NCOLS ? "unknown" : "repeated", rec.field[i]);
			errors++;
			continue;
		}
		colidx[k] = i;
	}
	for (int k = 0; k <= COL_KIND; k++)
		if (colidx[k] < 0) {
			fprintf(stderr, "%s:1: the header lacks column '%s'\n", file,
			    import_cols[k]);
			errors++;
		}
	int header_fields = rec.nfields;
	if (errors) {
		gh_csv_free(&csv);
		free(buf);
		return EXIT_USAGE;
	}
	/* All or nothing: one transaction; every row is still checked (each in its own
	 * savepoint) so that every bad row is reported at once. */
	if ((rc = cli_result(c, gh_db_begin(c->db)))) {
		gh_csv_free(&csv);
		free(buf);
		return rc;
	}
	char **seen = NULL;
	int nseen = 0;
	while ((r = gh_csv_next(&csv, &rec, &why)) != 0) {
		if (r < 0) {
			fprintf(stderr, "%s:%d: %s\n", file, rec.line, why);
			errors++;
			continue;
		}
		rows++;
		if (rec.nfields != header_fields) {
			fprintf(stderr, "%s:%d: %d fields, the header has %d\n", file, rec.line,
			    rec.nfields, header_fields);
			errors++;
			continue;
		}
		const char *ref = rec.field[colidx[COL_REF]];
		int dup = 0;
		for (int i = 0; i < nseen; i++)
			if (strcmp(seen[i], ref) == 0)
				dup = 1;
		if (dup) {
			fprintf(stderr, "%s:%d: person '%s' appears twice in the file\n", file,
			    rec.line, ref);
			errors++;
			continue;
		}
		char **s2 = realloc(seen, sizeof *seen * (nseen + 1));
		if (s2 == NULL)
			abort();
		seen = s2;
		seen[nseen++] = strdup(ref);
		if (gh_db_begin(c->db) != GH_OK) {
			fail = 1;
			break;
		}
		int one = import_row(c, file, &rec, colidx);
		if (one == EXIT_OK) {
			gh_db_commit(c->db);
		} else {
			gh_db_rollback(c->db);
			errors++;
			if (one == EXIT_FAIL)
				fail = 1;
		}
		if (fail)
			break;
	}
	for (int i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	gh_csv_free(&csv);
	free(buf);
	if (errors || fail) {
		gh_db_rollback(c->db);
		fprintf(stderr, "gatehouse: %s: %d bad row%s; nothing imported\n", file, errors,
		    errors == 1 ? "" : "s");
		return fail ? EXIT_FAIL : EXIT_USAGE;
	}
	if ((rc = cli_result(c, gh_db_commit(c->db))))
		return rc;
	printf("imported %d %s from %s\n", rows, rows == 1 ? "person" : "people", file);
	return EXIT_OK;
}

/* audit ---------------------------------------------------------------------------- */

int
cmd_audit(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum cli_format fmt = FMT_TEXT;
	const char *since = NULL;
	int ch, rc;
	while ((ch = cli_getopt(argc, argv, opts, "audit")) != -1) {
		if (ch == 's')
			since = optarg;
		else if (ch == 'f' && cli_parse_format(optarg, &fmt) == 0)
			continue;
		else
			return ch == '?' ? EXIT_USAGE :
			    cli_usage("audit: format must be text, csv or json");
	}
	if (optind < argc)
		return cli_usage("audit: unexpected argument '%s'", argv[optind]);
	char since_utc[32];
	if (since) {
		gh_day d;
		if (gh_date_parse(since, &d) != 0)
			return cli_usage("audit: --since '%s' is not a date (YYYY-MM-DD)", since);
	}
	if ((rc = cli_open(c, 1)))
		return rc;
	if (since) {
		/* The site's local midnight of that day, as the UTC text the trail holds. */
		int64_t us;
		if (gh_day_start_us(since, &us) != 0)
			return cli_usage("audit: --since %s: the day has no start in the site "
			    "time zone", since);
		gh_utc_format_us(us, since_utc, sizeof since_utc);
	}
	struct gh_table t;
	gh_table_init(&t);
	rc = cli_result(c, gh_audit_list(c->db, since ? since_utc : NULL, &t));
	if (rc == EXIT_OK)
		cli_print_table(&t, fmt);
	gh_table_free(&t);
	return rc;
}
