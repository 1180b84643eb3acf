/* The event journal (R-TRACE, R-TAMPER): an append-only SQLite database with a
 * SHA-256 hash chain and Ed25519-signed checkpoints.
 *
 * Canonical form of a row, for hashing (VOCABULARY.md): a JSON object with keys sorted,
 * no spaces, UTF-8, time as UTC "YYYY-MM-DDTHH:MM:SS.ffffffZ", absent fields omitted;
 * hash = SHA-256(previous hash || canonical JSON).  The first row chains from the
 * anchor (32 zero bytes, or the last purged row's hash). */
#ifndef GH_JOURNAL_H
#define GH_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "controller/util.h"
#include "db/db.h"

#define GH_HASH_LEN 32
#define GH_SIGN_PK_LEN 32
#define GH_SIGN_SK_LEN 64

struct gh_journal;

/* One event.  NULL fields are absent.  `details` is a JSON object whose values are
 * strings, numbers, booleans or null; it is stored with its keys sorted. */
struct gh_event {
	int64_t ts_us;		/* UTC, microseconds */
	const char *kind;	/* access, door-opened, ..., checkpoint (VOCABULARY.md) */
	const char *door, *zone, *reader, *credential, *person, *escort;
	const char *decision;	/* "granted", "refused" or NULL */
	const char *reason, *operator_;
	const char *details;
};

#define GH_JOURNAL_READONLY 0x1
int gh_journal_open(struct gh_journal **out, const char *path, int flags, char *err,
    size_t errlen);
void gh_journal_close(struct gh_journal *j);
const char *gh_journal_errmsg(const struct gh_journal *j);

/* Append n events in one transaction (group commit): durable on return (WAL,
 * synchronous=FULL).  *first_seq gets the first event's seq.  GH_OK, GH_EINPUT (a
 * bad event: nothing written), GH_EFAIL (I/O: nothing written). */
int gh_journal_append(struct gh_journal *j, const struct gh_event *ev, int n,
    int64_t *first_seq);
/* The same, moving a named cursor to `value` in the same transaction (0 and NULL:
 * no cursor). */
int gh_journal_append_cursor(struct gh_journal *j, const struct gh_event *ev, int n,
    const char *cursor, int64_t value);
/* A cursor's value (0 when never set). */
int gh_journal_cursor(struct gh_journal *j, const char *cursor, int64_t *value);
/* The seq and hash of the newest row (seq 0 and the anchor when empty). */
int gh_journal_head(struct gh_journal *j, int64_t *seq, uint8_t hash[GH_HASH_LEN]);
/* Append a checkpoint row signing the current head with the secret key. */
int gh_journal_checkpoint(struct gh_journal *j, const uint8_t sk[GH_SIGN_SK_LEN],
    int64_t ts_us);

/* Verification (R-TAMPER): the chain from the anchor, every checkpoint's signature
 * under `pk`, and an unsigned tail of at most GH_JOURNAL_MAX_UNSIGNED_S seconds of
 * event time (the controller signs every minute and at shutdown). */
#define GH_JOURNAL_MAX_UNSIGNED_S 180
struct gh_verify {
	int ok;
	int64_t events, checkpoints;
	int64_t unsigned_tail;	/* rows after the last checkpoint */
	int64_t bad_seq;	/* first failing row, 0 if none */
	char why[256];
};
int gh_journal_verify(struct gh_journal *j, const uint8_t pk[GH_SIGN_PK_LEN],
    struct gh_verify *v);
/* The same for the rows of one period [since_us, until_us) up to max_seq (0: all):
 * the chain from the last checkpoint at or before the period's first row (whose
 * signature vouches for the stored hash of the row before it; the anchor when there
 * is none) to the first checkpoint at or after its last row (else the journal's end,
 * with the unsigned-tail rule).  The two end checkpoints' signatures are verified; the
 * checkpoints between are checked against the chain, which ties them to the closing
 * signature.  For reports of a month; `gatehouse verify` checks everything. */
int gh_journal_verify_period(struct gh_journal *j, const uint8_t pk[GH_SIGN_PK_LEN],
    int64_t since_us, int64_t until_us, int64_t max_seq, struct gh_verify *v);

/* Listing (R-EXPORT): events between two UTC instants (0 = open), optionally one
 * door and one person. */
struct gh_event_filter {
	int64_t since_us, until_us;
	const char *door, *person;
	int64_t after_seq;	/* rows after this seq only (0: all) */
	int64_t upto_seq;	/* rows up to this seq only (0: all) */
	int limit;		/* at most this many rows (0: all); with after_seq, pages */
};
int gh_journal_list(struct gh_journal *j, const struct gh_event_filter *f,
    struct gh_table *t);

/* Retention (R-RETENTION): delete the oldest rows past their retention, after
 * exporting them to DIR/journal-YYYY-MM.jsonl (one {"hash","row"} object per line,
 * the month of the row's UTC time) with a sha256sum-style DIR/journal-YYYY-MM.jsonl.sha256.
 * Access events (access, door-opened, door-closed, exit-button) are kept
 * retention_days, every other event audit_retention_days.  Only a prefix of the chain
 * is deleted (the last deleted hash becomes the anchor), so an old row waiting behind
 * a younger one is kept longer, never shorter.  A `purge` event records the anchor. */
struct gh_purge_opts {
	int64_t now_us;
	int retention_days, audit_retention_days;
	const char *export_dir;
	int dry_run;
};
struct gh_purge_result {
	int64_t rows;		/* deleted (or that would be) */
	int64_t first_seq, last_seq;
	int nfiles;
	char files[16][64];	/* export file names written */
};
int gh_journal_purge(struct gh_journal *j, const struct gh_purge_opts *o,
    struct gh_purge_result *r);
int gh_event_is_access(const char *kind);

/* Rows after seq `after`, oldest first, at most limit: fn gets each with its canonical
 * JSON and hash (and stops the walk by returning non-zero).  The number of rows
 * handed over, -2 when fn stopped it, -1 on failure. */
int gh_journal_each_after(struct gh_journal *j, int64_t after, int limit,
    int (*fn)(void *arg, int64_t seq, const struct gh_event *ev, const char *canonical,
    const uint8_t hash[GH_HASH_LEN]), void *arg);

/* SQLite's structural check of the file: GH_OK, or GH_EFAIL with what is damaged. */
int gh_journal_integrity(struct gh_journal *j, char *err, size_t errlen);

/* The canonical JSON of a row (also used by forwarding). */
void gh_event_canonical(int64_t seq, const struct gh_event *ev, struct gh_buf *out);

/* Signing keys: an Ed25519 pair in two files, the secret one mode 0600, in a
 * directory "keys" (mode 0700) beside the journal. */
void gh_signkey_paths(const char *journal_path, char *keys_dir, char *sk_path,
    char *pk_path, size_t len);
int gh_signkey_create(const char *sk_path, const char *pk_path, char *err, size_t errlen);
int gh_signkey_load_secret(const char *path, uint8_t sk[GH_SIGN_SK_LEN], char *err,
    size_t errlen);
/* A public key file holds 64 hex digits (and an optional newline). */
int gh_signkey_load_public(const char *path, uint8_t pk[GH_SIGN_PK_LEN], char *err,
    size_t errlen);

#endif
