/* The monthly review (R-REVIEW): the report of a month and its sign-off, shared by
 * `gatehouse report monthly`, `gatehouse review sign|check` and the web UI's review
 * pages.  Times are written in the process's time zone: the caller sets the site's
 * (gh_tz_set) first. */
#ifndef GH_REVIEW_H
#define GH_REVIEW_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "controller/util.h"
#include "db/db.h"
#include "db/journal.h"

/* "YYYY-MM" -> year and month; 1 when valid. */
int gh_month_valid(const char *month, int *y, int *m);

struct gh_report_req {
	const char *month;		/* YYYY-MM */
	const char *format;		/* html, csv or json */
	const char *journal_path;
	const char *generated_utc;	/* NULL: now; a stored report's, to make it again */
	int64_t bound_seq;		/* read rows up to this seq; 0: the journal's head */
	/* set by gh_report_monthly */
	int64_t head_seq;		/* the bound used */
	int verified;			/* the journal verified (with the public key) */
};
/* The month's report appended to out (the bytes the CLI writes to a file).  GH_OK,
 * GH_EINPUT (a bad month) or GH_EFAIL, with err. */
int gh_report_monthly(struct gh_db *db, struct gh_report_req *rq, struct gh_buf *out,
    char *err, size_t errlen);

/* A period's journal verification (gh_journal_verify_period) in a second thread on its
 * own read-only connection, while the caller reads the period: start, work, finish
 * (then v, ok, and pk when have_pk).  Runs in place if no thread can start. */
struct gh_verify_job {
	const char *path;
	int64_t since, until, head;
	pthread_t thread;
	int started;
	struct gh_verify v;
	int ok, have_pk;
	uint8_t pk[GH_SIGN_PK_LEN];
};
void gh_verify_period_start(struct gh_verify_job *vj, const char *journal, int64_t since,
    int64_t until, int64_t head);
void gh_verify_period_finish(struct gh_verify_job *vj);

/* The directory of the stored evidence: "reviews" beside the configuration. */
void gh_reviews_dir(const char *db_path, char *out, size_t len);
/* The SHA-256 of a file in hex; 0, or -1 when it cannot be read. */
int gh_file_sha256(const char *path, char hex[65]);

/* Sign a month off: the report is made once (HTML and JSON from the same journal
 * head), stored read-only as evidence, the sign-off journalled through the controller
 * with the files' SHA-256 (record review-signoff OFFICER JSON), then recorded in the
 * configuration (audited with the database's actor). */
struct gh_signoff {
	const char *db_path, *journal_path, *control;
	const char *month, *officer, *findings;
	/* results */
	char html[1200], json[1200];
	char html_sha256[65], json_sha256[65];
	char journal[64];		/* the controller's answer after "ok " (the seq) */
};
/* GH_OK; GH_EINPUT (bad month or findings, not an active officer, already signed, the
 * journal does not verify: nothing signed) or GH_EFAIL, with err. */
int gh_review_sign(struct gh_db *db, struct gh_signoff *s, char *err, size_t errlen);

/* A signed month's evidence: intact (both stored files hash as recorded), and, when
 * compare is asked, whether a report made again now with the stored generation time
 * and journal head is the same (a difference is reported: a purge, a change of the
 * data). */
struct gh_review_state {
	int is_signed, intact, compared, same;
	char officer[300], signed_at[40];
	char html[1200], json[1200], html_sha256[65], json_sha256[65];
	char generated_utc[40];		/* the stored report's, when intact */
	int64_t head_seq;		/* the journal head it was made at, when intact */
};
/* GH_OK (is_signed 0 when the month is not signed), or GH_EFAIL with err. */
int gh_review_state(struct gh_db *db, const char *journal_path, const char *month,
    int compare, struct gh_review_state *st, char *err, size_t errlen);

#endif
