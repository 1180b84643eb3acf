/* gatehouse report monthly, review sign|check|list (R-REVIEW): the report and the
 * sign-off are the library's (controller/review.c), shared with the web UI; here the
 * command line around them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/cli/cli.h"
#include "controller/review.h"
#include "controller/timeutil.h"
#include "db/report.h"

/* The site's time zone for the report's times. */
static void
site_tz(struct cli *c)
{
	char tz[64];
	if (gh_setting_get(c->db, "timezone", tz, sizeof tz) == GH_OK)
		gh_tz_set(tz);
}

/* Write the month's report in fmt to out (NULL: standard output).  EXIT_OK, or
 * EXIT_REFUSED when the journal does not verify (the report says so). */
static int
report_generate(struct cli *c, const char *month, const char *fmt, const char *out)
{
	int y, m, rc;
	if (!gh_month_valid(month, &y, &m))
		return cli_usage("report monthly: --month YYYY-MM is required");
	if ((rc = cli_open(c, 1)) != EXIT_OK)
		return rc;
	site_tz(c);
	struct gh_report_req rq = { .month = month, .format = fmt,
		.journal_path = c->journal_path };
	struct gh_buf b;
	char err[700];
	gh_buf_init(&b);
	rc = gh_report_monthly(c->db, &rq, &b, err, sizeof err);
	if (rc != GH_OK) {
		gh_buf_free(&b);
		if (rc == GH_EINPUT)
			return cli_usage("report monthly: %s", err);
		fprintf(stderr, "gatehouse: %s\n", err);
		return EXIT_FAIL;
	}
	FILE *f = out ? fopen(out, "w") : stdout;
	if (f == NULL) {
		gh_buf_free(&b);
		fprintf(stderr, "gatehouse: %s: cannot write\n", out);
		return EXIT_FAIL;
	}
	if (b.len)
		fwrite(b.s, 1, b.len, f);
	rc = (out && fclose(f) != 0) ? EXIT_FAIL : EXIT_OK;
	gh_buf_free(&b);
	return rq.verified ? rc : (rc == EXIT_OK ? EXIT_REFUSED : rc);
}

int
cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *month = NULL, *fmt = "html", *out = NULL;
	int ch;
	if (!cli_is_sub(argc, argv, "monthly"))
		return cli_usage("report: usage: gatehouse report monthly --month YYYY-MM "
		    "[--format html|csv|json] [--out FILE]");
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, "report monthly")) != -1) {
		switch (ch) {
		case 'm': month = optarg; break;
		case 'f': fmt = optarg; break;
		case 'o': out = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (strcmp(fmt, "html") && strcmp(fmt, "csv") && strcmp(fmt, "json"))
		return cli_usage("report monthly: --format html, csv or json");
	return report_generate(c, month, fmt, out);
}

/* gatehouse review sign --month M --officer NAME --findings TEXT: the report is
 * generated and stored as evidence (HTML and JSON), the sign-off journalled through
 * the controller with the files' SHA-256, then recorded (audited). */
static int
review_sign(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "officer", required_argument, NULL, 'o' },
		{ "findings", required_argument, NULL, 'f' },
		{ "control", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *month = NULL, *officer = NULL, *findings = NULL;
	const char *control = getenv("GATEHOUSE_CONTROL");
	int ch, y, m, rc;
	while ((ch = cli_getopt(argc, argv, opts, "review sign")) != -1) {
		switch (ch) {
		case 'm': month = optarg; break;
		case 'o': officer = optarg; break;
		case 'f': findings = optarg; break;
		case 'c': control = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	const char *why;
	if (!gh_month_valid(month, &y, &m) || officer == NULL || findings == NULL)
		return cli_usage("review sign: usage: gatehouse review sign --month YYYY-MM "
		    "--officer NAME --findings TEXT");
	if (gh_text_valid(findings, &why) != 0)
		return cli_usage("review sign: findings %s", why);
	if ((rc = cli_open(c, 0)) != EXIT_OK)
		return rc;
	site_tz(c);
	struct gh_signoff *s = calloc(1, sizeof *s);
	if (s == NULL)
		return EXIT_FAIL;
	*s = (struct gh_signoff){ .db_path = c->db_path, .journal_path = c->journal_path,
		.control = control, .month = month, .officer = officer, .findings = findings };
	char err[800];
	rc = gh_review_sign(c->db, s, err, sizeof err);
	if (rc == GH_OK)
		printf("review of %s signed by %s (journal %s); evidence %s (sha256 %s), %s "
		    "(sha256 %s)\n", month, officer, s->journal, s->html, s->html_sha256, s->json,
		    s->json_sha256);
	else if (strstr(err, "does not verify") != NULL)
		fprintf(stderr, "gatehouse: the report could not be made, or the journal does not "
		    "verify: nothing signed\n");
	else if (rc == GH_EINPUT)
		fprintf(stderr, "gatehouse: review sign: %s\n", err);
	else
		fprintf(stderr, "gatehouse: %s\n", err);
	free(s);
	if (rc == GH_OK)
		return EXIT_OK;
	if (strstr(err, "does not verify") != NULL)
		return EXIT_REFUSED;
	return rc == GH_EINPUT ? EXIT_USAGE : EXIT_FAIL;
}

/* gatehouse review check --month M: the stored evidence is intact, and a report made
 * now says the same (or the difference is reported: a purge, a change of the data). */
static int
review_check(struct cli *c, const char *month)
{
	int y, m, rc;
	if (!gh_month_valid(month, &y, &m))
		return cli_usage("review check: --month YYYY-MM");
	if ((rc = cli_open(c, 1)) != EXIT_OK)
		return rc;
	site_tz(c);
	struct gh_review_state *st = malloc(sizeof *st);
	char err[700];
	if (st == NULL)
		return EXIT_FAIL;
	if (gh_review_state(c->db, c->journal_path, month, 1, st, err, sizeof err) != GH_OK) {
		fprintf(stderr, "gatehouse: %s\n", err);
		free(st);
		return EXIT_FAIL;
	}
	if (!st->is_signed) {
		printf("%s: not signed\n", month);
		free(st);
		return EXIT_REFUSED;
	}
	printf("%s: signed by %s at %s; evidence %s\n", month, st->officer, st->signed_at,
	    st->intact ? "intact" : "ALTERED OR MISSING");
	if (st->intact)
		printf("%s: a report made now %s the signed one\n", month, st->same ? "matches" :
		    "DIFFERS from");
	rc = st->intact && st->same ? EXIT_OK : EXIT_REFUSED;
	free(st);
	return rc;
}

int
cmd_review(struct cli *c, int argc, char **argv)
{
	if (cli_is_sub(argc, argv, "sign"))
		return review_sign(c, argc - 1, argv + 1);
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "review list", gh_review_list);
	if (cli_is_sub(argc, argv, "check")) {
		if (argc != 4 || strcmp(argv[2], "--month") != 0)
			return cli_usage("review check: usage: gatehouse review check --month YYYY-MM");
		return review_check(c, argv[3]);
	}
	return cli_usage("review: unknown subcommand (sign, check, list)");
}
