/* gatehouse: the command line of the Gatehouse access controller. */
#include "controller/cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "controller/csv.h"
#include "controller/json.h"
#include "controller/util.h"

static const struct {
	const char *word;
	int (*fn)(struct cli *, int, char **);
	const char *usage;
} commands[] = {
	{ "init", cmd_init, "init [--site NAME] [--timezone ZONE]" },
	{ "set", cmd_set, "set KEY VALUE" },
	{ "get", cmd_get, "get [KEY]" },
	{ "zone", cmd_zone,
	  "zone add NAME --level public|private|sensitive [--delivery] [--sign TEXT]\n"
	  "       [--passback off|soft|hard] [--max-occupancy N]\n"
	  "zone set NAME [--level L] [--sign TEXT] [--passback P] [--max-occupancy N]\n"
	  "       [--delivery|--no-delivery]\n"
	  "zone list [--format text|csv|json]" },
	{ "reader", cmd_reader,
	  "reader add ID --connstring LIBNFC-CONNSTRING [--enrollment]\n"
	  "reader list [--format text|csv|json]" },
	{ "door", cmd_door,
	  "door add NAME --from ZONE --to ZONE [--reader ID[:in|:out]]... [--release-s N]\n"
	  "       [--held-s N] [--fail-safe] [--compensating-measure TEXT] [lines as below]\n"
	  "door set NAME [--relay LINE] [--contact LINE] [--rex LINE] [--release-s N]\n"
	  "       [--held-s N] [--fail-safe|--fail-secure] [--from ZONE] [--to ZONE]\n"
	  "       [--reader ID[:in|:out]]... [--compensating-measure TEXT]\n"
	  "       [--fire LINE] [--tamper LINE]\n"
	  "door list [--format text|csv|json]" },
	{ "schedule", cmd_schedule,
	  "schedule add NAME --window 'DAYS HH:MM-HH:MM' [--window ...]... [--holidays-closed]\n"
	  "schedule list [--format text|csv|json]" },
	{ "holiday", cmd_holiday,
	  "holiday add YYYY-MM-DD [--name TEXT]\n"
	  "holiday list [--format text|csv|json]" },
	{ "profile", cmd_profile,
	  "profile add NAME\n"
	  "profile rule PROFILE --zone ZONE --schedule SCHEDULE\n"
	  "profile list [--format text|csv|json]" },
	{ "person", cmd_person,
	  "person add REF --name NAME --kind staff|contractor|visitor [--org ORG] [--vetted]\n"
	  "       [--can-escort] [--lockdown-ok] [--valid-from DATE] [--valid-until DATE]\n"
	  "person set REF [same options] [--no-vetted] [--no-can-escort] [--no-lockdown-ok]\n"
	  "person list [--format text|csv|json]\n"
	  "person grant REF PROFILE [--from DATE] [--until DATE]\n"
	  "person ungrant REF PROFILE\n"
	  "person remove REF                         deprovision: badges revoked, grants ended\n"
	  "person rights REF [--format text|json]    where and when the person may enter" },
	{ "visit", cmd_visit,
	  "visit add VISITOR-REF --host REF [--from DATE] [--until DATE] [--id-doc TYPE:NUMBER]\n"
	  "visit list [--format text|csv|json]" },
	{ "badge", cmd_badge,
	  "badge enroll CREDENTIAL --person REF [--valid-from DATE] [--valid-until DATE]\n"
	  "badge enroll --kind desfire --person REF --reader ID [--valid-from DATE]\n"
	  "       [--valid-until DATE] [--control PATH] [--timeout-s N]\n"
	  "badge set CREDENTIAL --status active|suspended|lost|revoked\n"
	  "badge list [--format text|csv|json]" },
	{ "import", cmd_import,
	  "import people FILE.csv                    header: ref,name,kind,org,badge,valid_until" },
	{ "audit", cmd_audit, "audit [--since DATE] [--format text|csv|json]" },
	{ "decide", cmd_decide,
	  "decide --door DOOR --badge CREDENTIAL [--escort CREDENTIAL] [--reader ID]\n"
	  "       [--at TIME] [--mode normal|lockdown|evacuation] [--inside] [--occupancy N]\n"
	  "       [--refusals N] [--json]" },
	{ "events", cmd_events,
	  "events [--since DATE] [--until DATE] [--door D] [--person REF] "
	  "[--format text|csv|json]" },
	{ "verify", cmd_verify, "verify [--public-key FILE]" },
	{ "key", cmd_key, "key show-public | key rotate" },
	{ "purge", cmd_purge, "purge [--dry-run]" },
	{ "report", cmd_report,
	  "report monthly --month YYYY-MM [--format html|csv|json] [--out FILE]" },
	{ "compliance", cmd_compliance, "compliance --from YYYY-MM --to YYYY-MM --out DIR" },
	{ "review", cmd_review,
	  "review sign --month YYYY-MM --officer NAME --findings TEXT [--control PATH]\n"
	  "review check --month YYYY-MM\n"
	  "review list [--format text|csv|json]" },
	{ "operator", cmd_operator,
	  "operator add NAME --role ROLE [--role ROLE]... --password-stdin [--totp]\n"
	  "operator set NAME [--role ROLE]... [--password-stdin] [--new-totp] "
	  "[--disable|--enable]\n"
	  "operator unlock NAME\n"
	  "operator token add NAME TOKEN-NAME --role ROLE [--role ROLE]...\n"
	  "operator token revoke NAME TOKEN-NAME | operator token list\n"
	  "operator list [--format text|csv|json]" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
print_usage(FILE *f)
{
	fprintf(f,
	    "usage: gatehouse [--db FILE] [--journal FILE] COMMAND ...\n"
	    "  defaults: $GATEHOUSE_DB, $GATEHOUSE_JOURNAL, then "
	    "/var/lib/gatehouse/{config,journal}.db\n"
	    "  exit status: 0 success, 2 bad usage or input (nothing changed), "
	    "3 other failure\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const char *u = commands[i].usage;
		fputs("  ", f);
		for (; *u; u++) {
			fputc(*u, f);
			if (*u == '\n')
				fputs("  ", f);
		}
		fputc('\n', f);
	}
	fprintf(f, "\n'gatehouse COMMAND --help' shows one command.\n");
}

int
cli_help(const char *command)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].word, command) == 0) {
			printf("usage: gatehouse %s\n", commands[i].usage);
			return EXIT_OK;
		}
	print_usage(stdout);
	return EXIT_OK;
}

int
cli_usage(const char *fmt, ...)
{
	va_list ap;
	fputs("gatehouse: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int
cli_getopt(int argc, char **argv, const struct option *opts, const char *cmd)
{
	int idx = 0;
	opterr = 0;
	int ch = getopt_long(argc, argv, ":", opts, &idx);
	if (ch == '?') {
		if (optopt)
			cli_usage("%s: unknown option -%c", cmd, optopt);
		else
			cli_usage("%s: unknown option '%s'", cmd, argv[optind - 1]);
	} else if (ch == ':') {
		cli_usage("%s: option '%s' needs a value", cmd, argv[optind - 1]);
		ch = '?';
	}
	return ch;
}

int
cli_open(struct cli *c, int readonly)
{
	char err[600];
	if (c->db)
		return EXIT_OK;
	if (gh_db_open(&c->db, c->db_path, readonly ? GH_DB_READONLY : 0, err,
	    sizeof err) != GH_OK) {
		fprintf(stderr, "gatehouse: %s\n", err);
		return EXIT_FAIL;
	}
	gh_db_set_actor(c->db, c->actor);
	return EXIT_OK;
}

int
cli_result(struct cli *c, int rc)
{
	if (rc == GH_OK)
		return EXIT_OK;
	fprintf(stderr, "gatehouse: %s\n", gh_db_errmsg(c->db));
	return rc == GH_EINPUT ? EXIT_USAGE : EXIT_FAIL;
}

int
cli_parse_format(const char *s, enum cli_format *f)
{
	if (strcmp(s, "text") == 0)
		*f = FMT_TEXT;
	else if (strcmp(s, "csv") == 0)
		*f = FMT_CSV;
	else if (strcmp(s, "json") == 0)
		*f = FMT_JSON;
	else
		return -1;
	return 0;
}

static const char *
text_cell(const struct gh_table *t, int r, int c)
{
	const char *v = gh_table_cell(t, r, c);
	if (v == NULL)
		return "-";
	if (t->types[r * t->ncols + c] == GH_CELL_BOOL)
		return strcmp(v, "0") ? "yes" : "no";
	return v;
}

static void
print_padded(const char *s, int width, int last)
{
	/* One line per cell: newlines in free texts would break the columns. */
	int w = 0;
	for (const char *p = s; *p; p++)
		if (*p == '\n' || *p == '\t') {
			fputc(' ', stdout);
			w++;
		} else {
			fputc(*p, stdout);
		}
	if (!last)
		printf("%*s", width - gh_utf8_width(s) + 2, "");
	(void)w;
}

void
cli_print_table(const struct gh_table *t, enum cli_format f)
{
	if (f == FMT_JSON) {
		struct gh_buf b;
		struct gh_json j;
		gh_buf_init(&b);
		gh_json_init(&j, &b);
		gh_json_arr(&j);
		for (int r = 0; r < t->nrows; r++) {
			gh_json_obj(&j);
			for (int c = 0; c < t->ncols; c++) {
				const char *v = gh_table_cell(t, r, c);
				gh_json_key(&j, t->col[c]);
				switch (t->types[r * t->ncols + c]) {
				case GH_CELL_NULL: gh_json_null(&j); break;
				case GH_CELL_INT: gh_json_raw(&j, v); break;
				case GH_CELL_BOOL: gh_json_bool(&j, strcmp(v, "0") != 0); break;
				default: gh_json_str(&j, v);
				}
			}
			gh_json_obj_end(&j);
		}
		gh_json_arr_end(&j);
		printf("%s\n", b.s);
		gh_buf_free(&b);
		return;
	}
	if (f == FMT_CSV) {
		gh_csv_row(stdout, t->ncols, (const char *const *)t->col);
		for (int r = 0; r < t->nrows; r++) {
			const char *row[GH_TABLE_MAX_COLS];
			for (int c = 0; c < t->ncols; c++) {
				const char *v = gh_table_cell(t, r, c);
				row[c] = v == NULL ? "" :
				    t->types[r * t->ncols + c] == GH_CELL_BOOL ?
				    (strcmp(v, "0") ? "true" : "false") : v;
			}
			gh_csv_row(stdout, t->ncols, row);
		}
		return;
	}
	int width[GH_TABLE_MAX_COLS];
	for (int c = 0; c < t->ncols; c++) {
		width[c] = gh_utf8_width(t->col[c]);
		for (int r = 0; r < t->nrows; r++) {
			int w = gh_utf8_width(text_cell(t, r, c));
			if (w > width[c])
				width[c] = w;
		}
	}
	for (int c = 0; c < t->ncols; c++) {
		char head[64];
		size_t i;
		for (i = 0; t->col[c][i] && i < sizeof head - 1; i++)
			head[i] = t->col[c][i] == '_' ? ' ' : (char)toupper((unsigned char)t->col[c][i]);
		head[i] = '\0';
		print_padded(head, width[c], c == t->ncols - 1);
	}
	putchar('\n');
	for (int r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++)
			print_padded(text_cell(t, r, c), width[c], c == t->ncols - 1);
		putchar('\n');
	}
}

static void
set_actor(struct cli *c)
{
	/* R-LEAST-PRIVILEGE: the operating-system user, as the kernel knows it; under
	 * sudo, the user who ran sudo. */
	const char *name = NULL;
	struct passwd *pw = getpwuid(getuid());
	if (getuid() == 0 && getenv("SUDO_USER") && getenv("SUDO_USER")[0])
		name = getenv("SUDO_USER");
	else if (pw)
		name = pw->pw_name;
	char fallback[32];
	if (name == NULL) {
		snprintf(fallback, sizeof fallback, "uid%u", (unsigned)getuid());
		name = fallback;
	}
	snprintf(c->actor, sizeof c->actor, "cli:%s", name);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "journal", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli c = { 0 };
	setlocale(LC_CTYPE, "C.UTF-8");
	gh_log_init("gatehouse");
	umask(007);
	c.db_path = getenv("GATEHOUSE_DB");
	c.journal_path = getenv("GATEHOUSE_JOURNAL");
	if (c.db_path == NULL || c.db_path[0] == '\0')
		c.db_path = "/var/lib/gatehouse/config.db";
	if (c.journal_path == NULL || c.journal_path[0] == '\0')
		c.journal_path = "/var/lib/gatehouse/journal.db";
	set_actor(&c);

	int ch;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c.db_path = optarg; break;
		case 'j': c.journal_path = optarg; break;
		case 'h': print_usage(stdout); return EXIT_OK;
		case ':': return cli_usage("option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage("unknown option '%s' (see gatehouse --help)",
		    argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	const char *word = argv[optind];
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].word, word) != 0)
			continue;
		/* The command sees its own word as argv[0]. */
		int sub_argc = argc - optind;
		char **sub_argv = argv + optind;
		for (int k = 1; k < sub_argc; k++)
			if (strcmp(sub_argv[k], "--help") == 0 || strcmp(sub_argv[k], "-h") == 0)
				return cli_help(word);
		optind = 0;	/* full reinitialisation of getopt for the command */
		int rc;
		if (sub_argc == 1 && strcmp(word, "init") && strcmp(word, "get") &&
		    strcmp(word, "audit") &&
		    strcmp(word, "events") && strcmp(word, "verify") &&
		    strcmp(word, "purge")) {
			rc = cli_usage("%s: missing arguments; usage:\n  gatehouse %s", word,
			    commands[i].usage);
		} else {
			rc = commands[i].fn(&c, sub_argc, sub_argv);
		}
		if (c.db)
			gh_db_close(c.db);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "gatehouse: cannot write output: %s\n", strerror(errno));
			return EXIT_FAIL;
		}
		return rc;
	}
	return cli_usage("unknown command '%s' (see gatehouse --help)", word);
}
