/* gatehouse verify, key show-public, events: reading the journal. */
#include "controller/cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "controller/timeutil.h"
#include "db/journal.h"
#include "controller/sitekeys.h"

static int
open_journal(struct cli *c, struct gh_journal **j)
{
	char err[600];
	if (gh_journal_open(j, c->journal_path, GH_JOURNAL_READONLY, err, sizeof err) != GH_OK) {
		fprintf(stderr, "gatehouse: %s\n", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int
cli_create_signing_key(struct cli *c)
{
	char dir[1024], sk[1024], pk[1024], err[600];
	gh_signkey_paths(c->journal_path, dir, sk, pk, sizeof dir);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "gatehouse: %s: %s\n", dir, strerror(errno));
		return EXIT_FAIL;
	}
	if (gh_signkey_create(sk, pk, err, sizeof err) != GH_OK) {
		fprintf(stderr, "gatehouse: %s\n", err);
		return EXIT_FAIL;
	}
	/* The DESFire badges' master key, beside the signing key (0600). */
	char kp[1100];
	gh_sitekeys_path(c->journal_path, kp, sizeof kp);
	if (gh_sitekeys_create(kp, err, sizeof err) != 0) {
		fprintf(stderr, "gatehouse: %s\n", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int
cmd_verify(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "public-key", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	char dir[1024], sk[1024], pkpath[1024], err[600];
	const char *keyfile = NULL;
	int ch, rc;
	while ((ch = cli_getopt(argc, argv, opts, "verify")) != -1) {
		if (ch != 'k')
			return EXIT_USAGE;
		keyfile = optarg;
	}
	if (optind < argc)
		return cli_usage("verify: unexpected argument '%s'", argv[optind]);
	gh_signkey_paths(c->journal_path, dir, sk, pkpath, sizeof dir);
	uint8_t pk[GH_SIGN_PK_LEN];
	rc = gh_signkey_load_public(keyfile ? keyfile : pkpath, pk, err, sizeof err);
	if (rc != GH_OK) {
		fprintf(stderr, "gatehouse: %s\n", err);
		return keyfile ? EXIT_USAGE : EXIT_FAIL;
	}
	struct gh_journal *j;
	if ((rc = open_journal(c, &j)))
		return rc;
	struct gh_verify v;
	if (gh_journal_verify(j, pk, &v) != GH_OK) {
		fprintf(stderr, "gatehouse: %s\n", gh_journal_errmsg(j));
		gh_journal_close(j);
		return EXIT_FAIL;
	}
	gh_journal_close(j);
	if (!v.ok) {
		printf("failed: %s\n", v.why);
		return EXIT_REFUSED;
	}
	printf("ok %lld events, %lld checkpoints", (long long)v.events,
	    (long long)v.checkpoints);
	if (v.unsigned_tail)
		printf(" (%lld after the last checkpoint, not yet signed)",
		    (long long)v.unsigned_tail);
	printf("\n");
	return EXIT_OK;
}

int
cmd_key(struct cli *c, int argc, char **argv)
{
	char dir[1024], sk[1024], pkpath[1024], err[600];
	if (argc == 2 && strcmp(argv[1], "rotate") == 0) {
		/* A new DESFire master key version: new badges get it; badges issued
		 * with older versions keep working until re-personalised. */
		char path[1100];
		int v, rc;
		gh_sitekeys_path(c->journal_path, path, sizeof path);
		if ((rc = cli_open(c, 0)) != EXIT_OK)
			return rc;
		if (gh_sitekeys_rotate(path, &v, err, sizeof err) != 0) {
			fprintf(stderr, "gatehouse: %s\n", err);
			return EXIT_FAIL;
		}
		char after[64];
		snprintf(after, sizeof after, "{\"version\":%d}", v);
		if (gh_audit_event(c->db, "key.rotate", "desfire-key", after) != GH_OK)
			fprintf(stderr, "gatehouse: key version %d created, but the audit trail "
			    "could not record it: %s\n", v, gh_db_errmsg(c->db));
		printf("DESFire master key version %d created; new badges get it, issued badges "
		    "keep their version until re-personalised (restart or reload the "
		    "controller)\n", v);
		return EXIT_OK;
	}
	if (argc != 2 || strcmp(argv[1], "show-public") != 0)
		return cli_usage("key: usage: gatehouse key show-public | key rotate");
	gh_signkey_paths(c->journal_path, dir, sk, pkpath, sizeof dir);
	uint8_t pk[GH_SIGN_PK_LEN];
	if (gh_signkey_load_public(pkpath, pk, err, sizeof err) != GH_OK) {
		fprintf(stderr, "gatehouse: %s\n", err);
		return EXIT_FAIL;
	}
	for (int i = 0; i < GH_SIGN_PK_LEN; i++)
		printf("%02x", pk[i]);
	printf("\n");
	return EXIT_OK;
}

int
cmd_events(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "door", required_argument, NULL, 'd' },
		{ "person", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct gh_event_filter f = { 0 };
	const char *since = NULL, *until = NULL;
	enum cli_format fmt = FMT_TEXT;
	int ch, rc;
	while ((ch = cli_getopt(argc, argv, opts, "events")) != -1) {
		switch (ch) {
		case 's': since = optarg; break;
		case 'u': until = optarg; break;
		case 'd': f.door = optarg; break;
		case 'p': f.person = optarg; break;
		case 'f':
			if (cli_parse_format(optarg, &fmt) != 0)
				return cli_usage("events: format must be text, csv or json");
			break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage("events: unexpected argument '%s'", argv[optind]);
	/* Dates are site-local days: the site zone comes from the configuration. */
	if ((since || until) && (rc = cli_open(c, 1)))
		return rc;
	if (since && gh_day_start_us(since, &f.since_us) != 0)
		return cli_usage("events: --since '%s' is not a date (YYYY-MM-DD)", since);
	if (until) {
		/* --until includes that whole day: stop at the next day's start. */
		gh_day d;
		char next[11];
		if (gh_date_parse(until, &d) != 0)
			return cli_usage("events: --until '%s' is not a date (YYYY-MM-DD)", until);
		gh_date_format(d + 1, next, sizeof next);
		if (gh_day_start_us(next, &f.until_us) != 0)
			return cli_usage("events: --until '%s' is out of range", until);
	}
	struct gh_journal *j;
	if ((rc = open_journal(c, &j)))
		return rc;
	struct gh_table t;
	gh_table_init(&t);
	if (gh_journal_list(j, &f, &t) != GH_OK) {
		fprintf(stderr, "gatehouse: %s\n", gh_journal_errmsg(j));
		rc = EXIT_FAIL;
	} else {
		cli_print_table(&t, fmt);
	}
	gh_table_free(&t);
	gh_journal_close(j);
	return rc;
}

int
cmd_purge(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc, dry = 0;
	while ((ch = cli_getopt(argc, argv, opts, "purge")) != -1) {
		if (ch != 'n')
			return EXIT_USAGE;
		dry = 1;
	}
	if (optind < argc)
		return cli_usage("purge: unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open(c, 0)))
		return rc;
	long keep, keep_audit, keep_visitor;
	if ((rc = cli_result(c, gh_setting_long(c->db, "retention-days", &keep))) ||
	    (rc = cli_result(c, gh_setting_long(c->db, "audit-retention-days", &keep_audit))) ||
	    (rc = cli_result(c, gh_setting_long(c->db, "visitor-retention-days",
	    &keep_visitor))))
		return rc;
	char err[600], exports[1100], dir[1024], sk[1024], pk[1024];
	gh_signkey_paths(c->journal_path, dir, sk, pk, sizeof dir);
	snprintf(exports, sizeof exports, "%.*s/exports", (int)(strlen(dir) - 5), dir);
	struct gh_journal *j;
	if (gh_journal_open(&j, c->journal_path, 0, err, sizeof err) != GH_OK) {
		fprintf(stderr, "gatehouse: %s\n", err);
		return EXIT_FAIL;
	}
	struct gh_purge_opts o = { .now_us = gh_now_us(), .retention_days = (int)keep,
		.audit_retention_days = (int)keep_audit, .export_dir = exports, .dry_run = dry };
	struct gh_purge_result r;
	if (gh_journal_purge(j, &o, &r) != GH_OK) {
		fprintf(stderr, "gatehouse: purge: %s\n", gh_journal_errmsg(j));
		gh_journal_close(j);
		return EXIT_FAIL;
	}
	gh_journal_close(j);
	if (r.rows == 0)
		printf("journal: nothing past its retention (access %ld days, security %ld days)\n",
		    keep, keep_audit);
	else if (dry)
		printf("journal: would export and delete %lld rows (seq %lld to %lld)\n",
		    (long long)r.rows, (long long)r.first_seq, (long long)r.last_seq);
	else {
		printf("journal: exported and deleted %lld rows (seq %lld to %lld) to", (long long)r.rows,
		    (long long)r.first_seq, (long long)r.last_seq);
		for (int i = 0; i < r.nfiles; i++)
			printf(" %s/%s", exports, r.files[i]);
		printf("\n");
	}
	/* Visitors' identity data: its own, shorter retention (R-VISITOR-ID). */
	struct gh_local now;
	char cutoff[11];
	gh_local_of(time(NULL), &now);
	gh_date_format(now.day - (gh_day)keep_visitor, cutoff, sizeof cutoff);
	struct gh_table t;
	gh_table_init(&t);
	rc = cli_result(c, gh_visitor_erase(c->db, cutoff, dry, &t));
	if (rc == EXIT_OK) {
		printf("visitors: %s %d (visits ended before %s)", dry ? "would erase" : "erased",
		    t.nrows, cutoff);
		for (int i = 0; i < t.nrows; i++)
			printf("%s%s", i ? ", " : ": ", gh_table_cell(&t, i, 0));
		printf("\n");
	}
	gh_table_free(&t);
	return rc;
}
