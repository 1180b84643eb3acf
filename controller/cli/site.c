/* gatehouse init, set, get, zone, reader, door, schedule, holiday, profile. */
#include "controller/cli/cli.h"
#include "webui/tlsgen.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "controller/schedule.h"
#include "controller/util.h"

int
cli_is_sub(int argc, char **argv, const char *name)
{
	return argc >= 2 && strcmp(argv[1], name) == 0;
}

int
cli_list(struct cli *c, int argc, char **argv, const char *cmd,
    int (*fn)(struct gh_db *, struct gh_table *))
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum cli_format fmt = FMT_TEXT;
	int ch, rc;
	while ((ch = cli_getopt(argc, argv, opts, cmd)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (cli_parse_format(optarg, &fmt) != 0)
			return cli_usage("%s: format must be text, csv or json", cmd);
	}
	if (optind < argc)
		return cli_usage("%s: unexpected argument '%s'", cmd, argv[optind]);
	if ((rc = cli_open(c, 1)) != EXIT_OK)
		return rc;
	struct gh_table t;
	gh_table_init(&t);
	rc = cli_result(c, fn(c->db, &t));
	if (rc == EXIT_OK)
		cli_print_table(&t, fmt);
	gh_table_free(&t);
	return rc;
}

int
cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "timezone", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *site = "Gatehouse", *tz = "UTC";
	int ch;
	while ((ch = cli_getopt(argc, argv, opts, "init")) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 's')
			site = optarg;
		else
			tz = optarg;
	}
	if (optind < argc)
		return cli_usage("init: unexpected argument '%s'", argv[optind]);
	char err[600];
	int rc = gh_db_init(c->db_path, c->journal_path, site, tz, c->actor, err,
	    sizeof err);
	if (rc != GH_OK) {
		fprintf(stderr, "gatehouse: %s\n", err);
		return rc == GH_EINPUT ? EXIT_USAGE : EXIT_FAIL;
	}
	if ((rc = cli_create_signing_key(c)) != EXIT_OK) {
		unlink(c->db_path);
		unlink(c->journal_path);
		return rc;
	}
	/* The web service's demo certificate, beside the configuration database. */
	char wdir[1100], cert[1200], key[1200];
	const char *slash = strrchr(c->db_path, '/');
	snprintf(wdir, sizeof wdir, "%.*sweb", slash ? (int)(slash - c->db_path + 1) : 0,
	    c->db_path);
	snprintf(cert, sizeof cert, "%s/cert.pem", wdir);
	snprintf(key, sizeof key, "%s/key.pem", wdir);
	if ((mkdir(wdir, 0750) != 0 && errno != EEXIST) ||
	    gh_tls_selfsigned(cert, key, site, err, sizeof err) != 0)
		fprintf(stderr, "gatehouse: the web service's self-signed certificate: %s\n",
		    errno && !err[0] ? strerror(errno) : err);
	printf("initialised site '%s' (time zone %s): %s, %s\n", site, tz, c->db_path,
	    c->journal_path);
	return EXIT_OK;
}

int
cmd_set(struct cli *c, int argc, char **argv)
{
	if (argc != 3)
		return cli_usage("set: usage: gatehouse set KEY VALUE");
	if (gh_setting_find(argv[1]) == NULL)
		return cli_usage("set: unknown setting '%s' (see gatehouse get)", argv[1]);
	int rc = cli_open(c, 0);
	return rc ? rc : cli_result(c, gh_setting_set(c->db, argv[1], argv[2]));
}

int
cmd_get(struct cli *c, int argc, char **argv)
{
	if (argc > 2)
		return cli_usage("get: usage: gatehouse get [KEY]");
	if (argc == 2 && gh_setting_find(argv[1]) == NULL)
		return cli_usage("get: unknown setting '%s'", argv[1]);
	int rc = cli_open(c, 1);
	if (rc)
		return rc;
	if (argc == 2) {
		char v[1100];
		rc = cli_result(c, gh_setting_get(c->db, argv[1], v, sizeof v));
		if (rc == EXIT_OK)
			printf("%s\n", v);
		return rc;
	}
	struct gh_table t;
	gh_table_init(&t);
	rc = cli_result(c, gh_setting_list(c->db, &t));
	if (rc == EXIT_OK)
		cli_print_table(&t, FMT_TEXT);
	gh_table_free(&t);
	return rc;
}

static int
long_arg(const char *cmd, const char *opt, const char *s, long min, long max, long *out)
{
	if (gh_parse_long(s, min, max, out) != 0)
		return cli_usage("%s: %s '%s' must be a whole number %ld..%ld", cmd, opt, s,
		    min, max);
	return EXIT_OK;
}

/* zone ----------------------------------------------------------------------------- */

static int
zone_edit(struct cli *c, int argc, char **argv, int adding)
{
	static const struct option opts[] = {
		{ "level", required_argument, NULL, 'l' },
		{ "delivery", no_argument, NULL, 'd' },
		{ "no-delivery", no_argument, NULL, 'D' },
		{ "sign", required_argument, NULL, 's' },
		{ "passback", required_argument, NULL, 'p' },
		{ "max-occupancy", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = adding ? "zone add" : "zone set";
	struct gh_zone_spec z = { .delivery = -1, .max_occupancy = -1 };
	int ch, rc;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, cmd)) != -1) {
		switch (ch) {
		case 'l': z.level = optarg; break;
		case 'd': z.delivery = 1; break;
		case 'D': z.delivery = 0; break;
		case 's': z.sign = optarg; break;
		case 'p': z.passback = optarg; break;
		case 'm':
			if ((rc = long_arg(cmd, "--max-occupancy", optarg, 0, 1000000,
			    &z.max_occupancy)))
				return rc;
			break;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage("%s: expected one zone NAME", cmd);
	z.name = argv[optind];
	if ((rc = cli_open(c, 0)))
		return rc;
	return cli_result(c, adding ? gh_zone_add(c->db, &z) : gh_zone_set(c->db, &z));
}

int
cmd_zone(struct cli *c, int argc, char **argv)
{
	if (cli_is_sub(argc, argv, "add"))
		return zone_edit(c, argc, argv, 1);
	if (cli_is_sub(argc, argv, "set"))
		return zone_edit(c, argc, argv, 0);
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "zone list", gh_zone_list);
	return cli_usage("zone: unknown subcommand '%s' (add, set, list)", argv[1]);
}

/* reader --------------------------------------------------------------------------- */

int
cmd_reader(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "connstring", required_argument, NULL, 'c' },
		{ "enrollment", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "reader list", gh_reader_list);
	if (!cli_is_sub(argc, argv, "add"))
		return cli_usage("reader: unknown subcommand '%s' (add, list)", argv[1]);
	const char *conn = NULL;
	int enrollment = 0, ch, rc;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, "reader add")) != -1) {
		if (ch == 'c')
			conn = optarg;
		else if (ch == 'e')
			enrollment = 1;
		else
			return EXIT_USAGE;
	}
	if (argc - optind != 1)
		return cli_usage("reader add: expected one reader ID");
	if (conn == NULL)
		return cli_usage("reader add: --connstring is required");
	if ((rc = cli_open(c, 0)))
		return rc;
	return cli_result(c, gh_reader_add(c->db, argv[optind], conn, enrollment));
}

/* door ----------------------------------------------------------------------------- */

static int
door_edit(struct cli *c, int argc, char **argv, int adding)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "reader", required_argument, NULL, 'r' },
		{ "release-s", required_argument, NULL, 'R' },
		{ "held-s", required_argument, NULL, 'H' },
		{ "fail-safe", no_argument, NULL, 's' },
		{ "fail-secure", no_argument, NULL, 'S' },
		{ "compensating-measure", required_argument, NULL, 'm' },
		{ "relay", required_argument, NULL, 'y' },
		{ "contact", required_argument, NULL, 'c' },
		{ "rex", required_argument, NULL, 'x' },
		{ "fire", required_argument, NULL, 'F' },
		{ "tamper", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = adding ? "door add" : "door set";
	struct gh_door_spec d = { .release_s = -1, .held_s = -1, .fail_safe = -1 };
	char readers[GH_DOOR_MAX_READERS][GH_NAME_MAX_BYTES];
	int ch, rc;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, cmd)) != -1) {
		switch (ch) {
		case 'f': d.from = optarg; break;
		case 't': d.to = optarg; break;
		case 'r': {
			if (d.nreaders == GH_DOOR_MAX_READERS)
				return cli_usage("%s: at most %d readers per door", cmd,
				    GH_DOOR_MAX_READERS);
			char *r = readers[d.nreaders];
			if (gh_strlcpy(r, optarg, GH_NAME_MAX_BYTES) >= GH_NAME_MAX_BYTES)
				return cli_usage("%s: reader '%s' is too long", cmd, optarg);
			char *colon = strrchr(r, ':');
			d.side[d.nreaders] = "in";
			if (colon && (strcmp(colon, ":in") == 0 || strcmp(colon, ":out") == 0)) {
				*colon = '\0';
				d.side[d.nreaders] = colon[1] == 'i' ? "in" : "out";
			}
			d.reader[d.nreaders++] = r;
			break;
		}
		case 'R':
			if ((rc = long_arg(cmd, "--release-s", optarg, 1, 120, &d.release_s)))
				return rc;
			break;
		case 'H':
			if ((rc = long_arg(cmd, "--held-s", optarg, 5, 3600, &d.held_s)))
				return rc;
			break;
		case 's': d.fail_safe = 1; break;
		case 'S': d.fail_safe = 0; break;
		case 'm': d.measure = optarg; break;
		case 'y': d.relay = optarg; break;
		case 'c': d.contact = optarg; break;
		case 'x': d.rex = optarg; break;
		case 'F': d.fire = optarg; break;
		case 'T': d.tamper = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage("%s: expected one door NAME", cmd);
	d.name = argv[optind];
	if ((rc = cli_open(c, 0)))
		return rc;
	return cli_result(c, adding ? gh_door_add(c->db, &d) : gh_door_set(c->db, &d));
}

int
cmd_door(struct cli *c, int argc, char **argv)
{
	if (cli_is_sub(argc, argv, "add"))
		return door_edit(c, argc, argv, 1);
	if (cli_is_sub(argc, argv, "set"))
		return door_edit(c, argc, argv, 0);
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "door list", gh_door_list);
	return cli_usage("door: unknown subcommand '%s' (add, set, list)", argv[1]);
}

/* schedule, holiday, profile --------------------------------------------------------- */

#define MAX_WINDOWS 64

/* Schedules listed with their windows in canonical text. */
static int
schedule_table(struct gh_db *db, struct gh_table *t)
{
	int rc = gh_schedule_list(db, t);
	if (rc != GH_OK)
		return rc;
	/* Add a "windows" column computed from the stored windows. */
	int wc = t->ncols;
	if (wc >= GH_TABLE_MAX_COLS)
		return GH_OK;
	char **cells = calloc((size_t)(t->nrows ? t->nrows : 1) * (wc + 1), sizeof *cells);
	enum gh_cell_type *types = calloc((size_t)(t->nrows ? t->nrows : 1) * (wc + 1),
	    sizeof *types);
	if (cells == NULL || types == NULL)
		abort();
	for (int r = 0; r < t->nrows; r++) {
		for (int k = 0; k < wc; k++) {
			cells[r * (wc + 1) + k] = t->cells[r * wc + k];
			types[r * (wc + 1) + k] = t->types[r * wc + k];
		}
		struct gh_window w[MAX_WINDOWS];
		int n = 0;
		rc = gh_schedule_windows(db, t->cells[r * wc], w, MAX_WINDOWS, &n);
		struct gh_buf b;
		gh_buf_init(&b);
		gh_buf_add(&b, "", 0);
		for (int i = 0; rc == GH_OK && i < n; i++) {
			char text[64];
			gh_buf_printf(&b, "%s%s", i ? "; " : "",
			    gh_window_format(&w[i], text, sizeof text));
		}
		cells[r * (wc + 1) + wc] = b.s;
		types[r * (wc + 1) + wc] = GH_CELL_TEXT;
	}
	free(t->cells);
	free(t->types);
	t->cells = cells;
	t->types = types;
	t->col[wc] = strdup("windows");
	t->ncols = wc + 1;
	t->cap = t->nrows;
	return rc;
}

int
cmd_schedule(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "window", required_argument, NULL, 'w' },
		{ "holidays-closed", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "schedule list", schedule_table);
	if (!cli_is_sub(argc, argv, "add"))
		return cli_usage("schedule: unknown subcommand '%s' (add, list)", argv[1]);
	struct gh_window w[MAX_WINDOWS];
	int n = 0, closed = 0, ch, rc;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, "schedule add")) != -1) {
		const char *why;
		if (ch == 'H') {
			closed = 1;
		} else if (ch == 'w') {
			if (n == MAX_WINDOWS)
				return cli_usage("schedule add: at most %d windows", MAX_WINDOWS);
			if (gh_window_parse(optarg, &w[n], &why) != 0)
				return cli_usage("schedule add: window '%s': %s", optarg, why);
			n++;
		} else {
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage("schedule add: expected one schedule NAME");
	if (n == 0)
		return cli_usage("schedule add: at least one --window is required");
	if ((rc = cli_open(c, 0)))
		return rc;
	return cli_result(c, gh_schedule_add(c->db, argv[optind], w, n, closed));
}

int
cmd_holiday(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "holiday list", gh_holiday_list);
	if (!cli_is_sub(argc, argv, "add"))
		return cli_usage("holiday: unknown subcommand '%s' (add, list)", argv[1]);
	const char *name = NULL;
	int ch, rc;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, "holiday add")) != -1) {
		if (ch != 'n')
			return EXIT_USAGE;
		name = optarg;
	}
	if (argc - optind != 1)
		return cli_usage("holiday add: expected one date YYYY-MM-DD");
	if ((rc = cli_open(c, 0)))
		return rc;
	return cli_result(c, gh_holiday_add(c->db, argv[optind], name));
}

int
cmd_profile(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "zone", required_argument, NULL, 'z' },
		{ "schedule", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc;
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "profile list", gh_profile_list);
	if (cli_is_sub(argc, argv, "add")) {
		argc--, argv++;
		while ((ch = cli_getopt(argc, argv, opts + 2, "profile add")) != -1)
			return EXIT_USAGE;
		if (argc - optind != 1)
			return cli_usage("profile add: expected one profile NAME");
		if ((rc = cli_open(c, 0)))
			return rc;
		return cli_result(c, gh_profile_add(c->db, argv[optind]));
	}
	if (!cli_is_sub(argc, argv, "rule"))
		return cli_usage("profile: unknown subcommand '%s' (add, rule, list)", argv[1]);
	const char *zone = NULL, *schedule = NULL;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, "profile rule")) != -1) {
		if (ch == 'z')
			zone = optarg;
		else if (ch == 's')
			schedule = optarg;
		else
			return EXIT_USAGE;
	}
	if (argc - optind != 1)
		return cli_usage("profile rule: expected one PROFILE");
	if (zone == NULL || schedule == NULL)
		return cli_usage("profile rule: --zone and --schedule are required");
	if ((rc = cli_open(c, 0)))
		return rc;
	return cli_result(c, gh_profile_rule(c->db, argv[optind], zone, schedule));
}
