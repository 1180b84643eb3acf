/* The `gatehouse` command line: shared state and helpers of its command files. */
#ifndef GH_CLI_H
#define GH_CLI_H

#include <getopt.h>
#include "db/db.h"

/* Exit statuses (VOCABULARY.md). */
enum { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_FAIL = 3 };

struct cli {
	const char *db_path;
	const char *journal_path;
	struct gh_db *db;
	char actor[96];		/* "cli:NAME" (R-LEAST-PRIVILEGE, R-RIGHTS-AUDIT) */
};

/* Open the configuration database; on failure print why and return EXIT_FAIL. */
int cli_open(struct cli *c, int readonly);
/* Map a db result to an exit status, printing the db's message on failure. */
int cli_result(struct cli *c, int rc);
/* Print a usage error (one line) and return EXIT_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print help for a command word and return EXIT_OK. */
int cli_help(const char *command);

/* getopt_long over a subcommand's argv (argv[0] is the subcommand); returns the option,
 * -1 at the end, or '?' after printing a usage error naming the command. */
int cli_getopt(int argc, char **argv, const struct option *opts, const char *cmd);

/* Output formats for listings. */
enum cli_format { FMT_TEXT, FMT_CSV, FMT_JSON };
int cli_parse_format(const char *s, enum cli_format *f);
void cli_print_table(const struct gh_table *t, enum cli_format f);
/* A table of name/value pairs printed as text ("name: value") or a JSON object. */

/* Commands: argv[0] is the command word itself (e.g. "zone"). */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_set(struct cli *c, int argc, char **argv);
int cmd_get(struct cli *c, int argc, char **argv);
int cmd_zone(struct cli *c, int argc, char **argv);
int cmd_reader(struct cli *c, int argc, char **argv);
int cmd_door(struct cli *c, int argc, char **argv);
int cmd_schedule(struct cli *c, int argc, char **argv);
int cmd_holiday(struct cli *c, int argc, char **argv);
int cmd_profile(struct cli *c, int argc, char **argv);
int cmd_person(struct cli *c, int argc, char **argv);
int cmd_visit(struct cli *c, int argc, char **argv);
int cmd_badge(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_audit(struct cli *c, int argc, char **argv);
int cmd_verify(struct cli *c, int argc, char **argv);
int cmd_key(struct cli *c, int argc, char **argv);
int cmd_events(struct cli *c, int argc, char **argv);
int cmd_purge(struct cli *c, int argc, char **argv);
int cmd_decide(struct cli *c, int argc, char **argv);
int cmd_operator(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_review(struct cli *c, int argc, char **argv);
int cmd_compliance(struct cli *c, int argc, char **argv);
/* Create the journal's signing key pair beside it (init). */
int cli_create_signing_key(struct cli *c);




/* Does argv[1] name the subcommand `name`? */
int cli_is_sub(int argc, char **argv, const char *name);

/* `X list [--format F]`: open read-only, fill with `fn`, print. */
int cli_list(struct cli *c, int argc, char **argv, const char *cmd,
    int (*fn)(struct gh_db *, struct gh_table *));
#endif
