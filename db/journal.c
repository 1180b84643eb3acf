/* The event journal: append with a hash chain, signed checkpoints, verification,
 * listing.  Written by the controller alone (single writer). */
#include "db/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "controller/json.h"
#include "controller/timeutil.h"
#include "db/db_private.h"

struct gh_journal {
	struct gh_db *db;
	int64_t head_seq;
	uint8_t head[GH_HASH_LEN];
};

/* What a checkpoint signs: a domain tag, then the head's seq (big-endian) and hash. */
static const char checkpoint_tag[] = "gatehouse-checkpoint-v1";

static void
checkpoint_message(int64_t seq, const uint8_t hash[GH_HASH_LEN], uint8_t *msg, size_t *len)
{
	size_t n = sizeof checkpoint_tag;	/* with its NUL */
	memcpy(msg, checkpoint_tag, n);
	for (int i = 7; i >= 0; i--)
		msg[n++] = (uint8_t)((uint64_t)seq >> (i * 8));
	memcpy(msg + n, hash, GH_HASH_LEN);
	*len = n + GH_HASH_LEN;
}

const char *
gh_journal_errmsg(const struct gh_journal *j)
{
	return j->db->err;
}

static int
load_head(struct gh_journal *j)
{
	static const char sql_last[] = "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1";
	static const char sql_anchor[] = "SELECT seq, hash FROM anchor WHERE id = 1";
	for (int pass = 0; pass < 2; pass++) {
		sqlite3_stmt *st = db_stmt(j->db, pass == 0 ? sql_last : sql_anchor);
		if (st == NULL)
			return GH_EFAIL;
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 1) == GH_HASH_LEN) {
			j->head_seq = sqlite3_column_int64(st, 0);
			memcpy(j->head, sqlite3_column_blob(st, 1), GH_HASH_LEN);
			sqlite3_reset(st);
			return GH_OK;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_sqlfail(j->db, "journal head");
	}
	return db_fail(j->db, GH_EFAIL, "the journal has no anchor row; it is damaged");
}

int
gh_journal_open(struct gh_journal **out, const char *path, int flags, char *err,
    size_t errlen)
{
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return GH_EFAIL;
	}
	struct gh_journal *j = calloc(1, sizeof *j);
	if (j == NULL)
		fatalx("out of memory");
	if (db_open_schema(&j->db, path, (flags & GH_JOURNAL_READONLY) ? GH_DB_READONLY : 0,
	    &gh_journal_schema, err, errlen) != GH_OK) {
		free(j);
		return GH_EFAIL;
	}
	if (load_head(j) != GH_OK) {
		snprintf(err, errlen, "%s: %s", path, j->db->err);
		gh_journal_close(j);
		return GH_EFAIL;
	}
	*out = j;
	return GH_OK;
}

void
gh_journal_close(struct gh_journal *j)
{
	if (j == NULL)
		return;
	gh_db_close(j->db);
	free(j);
}

int
gh_journal_head(struct gh_journal *j, int64_t *seq, uint8_t hash[GH_HASH_LEN])
{
	*seq = j->head_seq;
	memcpy(hash, j->head, GH_HASH_LEN);
	return GH_OK;
}

static int append_events(struct gh_journal *j, const struct gh_event *ev,
    int n, const char *cursor, int64_t value, int64_t *first);

static void
kv(struct gh_json *js, const char *k, const char *v)
{
	if (v != NULL)
		gh_json_kstr(js, k, v);
}

/* A string as gh_json_quote writes it, into w (room for 6 bytes per byte and 2). */
static char *
canon_quote(char *w, const char *s)
{
	static const char hexd[] = "0123456789abcdef";
	*w++ = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		switch (c) {
		case '"': *w++ = '\\'; *w++ = '"'; break;
		case '\\': *w++ = '\\'; *w++ = '\\'; break;
		case '\n': *w++ = '\\'; *w++ = 'n'; break;
		case '\r': *w++ = '\\'; *w++ = 'r'; break;
		case '\t': *w++ = '\\'; *w++ = 't'; break;
		default:
			if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&') {
				memcpy(w, "\\u00", 4);
				w[4] = hexd[c >> 4];
				w[5] = hexd[c & 15];
				w += 6;
			} else {
				*w++ = (char)c;
			}
		}
	}
	*w++ = '"';
	return w;
}

/* One "key":"value" member (value NULL: none), with its comma. */
static char *
canon_kv(char *w, int *first, const char *k, const char *v)
{
	if (v == NULL)
		return w;
	if (!*first)
		*w++ = ',';
	*first = 0;
	w = canon_quote(w, k);
	*w++ = ':';
	return canon_quote(w, v);
}

static size_t
canon_room(const char *s)
{
	return s ? 6 * strlen(s) + 24 : 0;
}

void
gh_event_canonical(int64_t seq, const struct gh_event *ev, struct gh_buf *out)
{
	/* Keys in byte order; absent fields omitted.  Every row's hash is over this text,
	 * so it is written straight into one buffer (the same bytes as the gh_json path
	 * below, which takes the rows too long for it). */
	char fast[4096], t[40];
	size_t room = 160 + canon_room(ev->credential) + canon_room(ev->decision) +
	    (ev->details ? strlen(ev->details) + 16 : 0) + canon_room(ev->door) +
	    canon_room(ev->escort) + canon_room(ev->kind) + canon_room(ev->operator_) +
	    canon_room(ev->person) + canon_room(ev->reader) + canon_room(ev->reason) +
	    canon_room(ev->zone);
	gh_buf_reset(out);
	if (room <= sizeof fast && seq >= 0) {
		char *w = fast, digits[24];
		int first = 1, nd = 0;
		*w++ = '{';
		w = canon_kv(w, &first, "credential", ev->credential);
		w = canon_kv(w, &first, "decision", ev->decision);
		if (ev->details != NULL) {
			if (!first)
				*w++ = ',';
			first = 0;
			memcpy(w, "\"details\":", 10);
			w += 10;
			size_t n = strlen(ev->details);
			memcpy(w, ev->details, n);
			w += n;
		}
		w = canon_kv(w, &first, "door", ev->door);
		w = canon_kv(w, &first, "escort", ev->escort);
		w = canon_kv(w, &first, "kind", ev->kind);
		w = canon_kv(w, &first, "operator", ev->operator_);
		w = canon_kv(w, &first, "person", ev->person);
		w = canon_kv(w, &first, "reader", ev->reader);
		w = canon_kv(w, &first, "reason", ev->reason);
		if (!first)
			*w++ = ',';
		first = 0;
		memcpy(w, "\"seq\":", 6);
		w += 6;
		int64_t v = seq;
		do {
			digits[nd++] = (char)('0' + v % 10);
			v /= 10;
		} while (v > 0);
		while (nd > 0)
			*w++ = digits[--nd];
		w = canon_kv(w, &first, "time", gh_utc_format_us(ev->ts_us, t, sizeof t));
		w = canon_kv(w, &first, "zone", ev->zone);
		*w++ = '}';
		gh_buf_add(out, fast, (size_t)(w - fast));
		return;
	}
	struct gh_json js;
	gh_json_init(&js, out);
	gh_json_obj(&js);
	kv(&js, "credential", ev->credential);
	kv(&js, "decision", ev->decision);
	if (ev->details != NULL) {
		gh_json_key(&js, "details");
		gh_json_raw(&js, ev->details);
	}
	kv(&js, "door", ev->door);
	kv(&js, "escort", ev->escort);
	kv(&js, "kind", ev->kind);
	kv(&js, "operator", ev->operator_);
	kv(&js, "person", ev->person);
	kv(&js, "reader", ev->reader);
	kv(&js, "reason", ev->reason);
	gh_json_kint(&js, "seq", seq);
	gh_json_kstr(&js, "time", gh_utc_format_us(ev->ts_us, t, sizeof t));
	kv(&js, "zone", ev->zone);
	gh_json_obj_end(&js);
}

static void
chain_hash(const uint8_t prev[GH_HASH_LEN], const struct gh_buf *canon,
    uint8_t out[GH_HASH_LEN])
{
	/* Nettle's SHA-256 (the same digest as libsodium's) uses the CPU's SHA
	 * instructions where there are: four times faster here, which is most of what
	 * verifying a month of rows costs. */
	struct sha256_ctx st;
	sha256_init(&st);
	sha256_update(&st, GH_HASH_LEN, prev);
	sha256_update(&st, canon->len, (const uint8_t *)canon->s);
	sha256_digest(&st, GH_HASH_LEN, out);
}

/* Details in canonical form: a flat JSON object with its keys sorted. */
static int
canonical_details(struct gh_journal *j, const char *in, char **out)
{
	static const char sql_check[] =
	    "SELECT json_type(?1) = 'object' AND NOT EXISTS (SELECT 1 FROM json_each(?1) "
	    "WHERE type IN ('object', 'array'))";
	static const char sql_sort[] =
	    "SELECT coalesce(json_group_object(key, CASE type WHEN 'true' THEN json('true') "
	    "WHEN 'false' THEN json('false') WHEN 'null' THEN json('null') ELSE value END), "
	    "'{}') FROM (SELECT key, value, type FROM json_each(?1) ORDER BY key)";
	*out = NULL;
	if (in == NULL)
		return GH_OK;
	if (!gh_utf8_valid(in, strlen(in)) || strlen(in) > 65536)
		return db_fail(j->db, GH_EINPUT, "event details must be UTF-8 JSON, 64 KiB at most");
	sqlite3_stmt *st = db_stmt(j->db, sql_check);
	if (st == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, in);
	int ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
	sqlite3_reset(st);
	if (!ok)
		return db_fail(j->db, GH_EINPUT, "event details must be a flat JSON object");
	if ((st = db_stmt(j->db, sql_sort)) == NULL)
		return GH_EFAIL;
	db_bind_text(st, 1, in);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return *out ? GH_OK : db_sqlfail(j->db, "event details");
}

static int
check_event(struct gh_journal *j, const struct gh_event *ev)
{
	const char *const fields[] = { ev->kind, ev->door, ev->zone, ev->reader,
		ev->credential, ev->person, ev->escort, ev->reason, ev->operator_ };
	if (ev->kind == NULL)
		return db_fail(j->db, GH_EINPUT, "event without a kind");
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *why;
		if (fields[i] && gh_text_valid(fields[i], &why) != 0)
			return db_fail(j->db, GH_EINPUT, "event field %s", why);
	}
	if (ev->decision && strcmp(ev->decision, "granted") && strcmp(ev->decision, "refused"))
		return db_fail(j->db, GH_EINPUT, "event decision must be granted or refused");
	if (ev->ts_us <= 0)
		return db_fail(j->db, GH_EINPUT, "event time before 1970");
	return GH_OK;
}

int
gh_journal_append(struct gh_journal *j, const struct gh_event *ev, int n, int64_t *first)
{
	return append_events(j, ev, n, NULL, 0, first);
}

int
gh_journal_append_cursor(struct gh_journal *j, const struct gh_event *ev, int n,
    const char *cursor, int64_t value)
{
	return append_events(j, ev, n, cursor, value, NULL);
}

int
gh_journal_cursor(struct gh_journal *j, const char *cursor, int64_t *value)
{
	static const char sql[] = "SELECT value FROM cursor WHERE name = ?1";
	int64_t v = db_id(j->db, sql, cursor);
	if (v < 0)
		return GH_EFAIL;
	*value = v;
	return GH_OK;
}

static int
append_events(struct gh_journal *j, const struct gh_event *ev, int n,
    const char *cursor, int64_t value, int64_t *first)
{
	static const char sql_cursor[] =
	    "INSERT INTO cursor(name, value) VALUES (?1, ?2) "
	    "ON CONFLICT(name) DO UPDATE SET value = excluded.value";
	static const char sql[] =
	    "INSERT INTO event(seq, ts_us, kind, door, zone, reader, credential, person, "
	    "escort, decision, reason, operator, details, hash) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
	int rc;
	for (int i = 0; i < n; i++)
		if ((rc = check_event(j, &ev[i])) != GH_OK)
			return rc;
	if ((rc = db_tx_begin(j->db)) != GH_OK)
		return rc;
	/* Under the write lock, the head as the database has it: another writer (the
	 * purge from the command line) may have moved the anchor. */
	if ((rc = load_head(j)) != GH_OK)
		return db_tx_end(j->db, rc);
	int64_t seq = j->head_seq;
	uint8_t head[GH_HASH_LEN];
	memcpy(head, j->head, sizeof head);
	struct gh_buf canon;
	gh_buf_init(&canon);
	for (int i = 0; rc == GH_OK && i < n; i++) {
		char *details;
		if ((rc = canonical_details(j, ev[i].details, &details)) != GH_OK)
			break;
		struct gh_event e = ev[i];
		e.details = details;
		seq++;
		gh_event_canonical(seq, &e, &canon);
		chain_hash(head, &canon, head);
		sqlite3_stmt *st = db_stmt(j->db, sql);
		if (st == NULL) {
			free(details);
			rc = GH_EFAIL;
			break;
		}
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_bind_int64(st, 2, e.ts_us);
		db_bind_text(st, 3, e.kind);
		db_bind_text(st, 4, e.door);
		db_bind_text(st, 5, e.zone);
		db_bind_text(st, 6, e.reader);
		db_bind_text(st, 7, e.credential);
		db_bind_text(st, 8, e.person);
		db_bind_text(st, 9, e.escort);
		db_bind_text(st, 10, e.decision);
		db_bind_text(st, 11, e.reason);
		db_bind_text(st, 12, e.operator_);
		db_bind_text(st, 13, e.details);
		sqlite3_bind_blob(st, 14, head, GH_HASH_LEN, SQLITE_TRANSIENT);
		rc = db_exec_stmt(j->db, st, "journal append");
		free(details);
	}
	gh_buf_free(&canon);
	if (rc == GH_OK && cursor != NULL) {
		sqlite3_stmt *st = db_stmt(j->db, sql_cursor);
		if (st == NULL) {
			rc = GH_EFAIL;
		} else {
			db_bind_text(st, 1, cursor);
			sqlite3_bind_int64(st, 2, value);
			rc = db_exec_stmt(j->db, st, "journal cursor");
		}
	}
	rc = db_tx_end(j->db, rc);
	if (rc != GH_OK) {
		/* Nothing was written: the head stays where the database has it. */
		char saved[sizeof j->db->err];
		memcpy(saved, j->db->err, sizeof saved);
		load_head(j);
		memcpy(j->db->err, saved, sizeof saved);
		return rc;
	}
	if (first)
		*first = j->head_seq + 1;
	j->head_seq = seq;
	memcpy(j->head, head, sizeof head);
	return GH_OK;
}

static void
hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
unhex(const char *s, uint8_t *out, size_t n)
{
	size_t len;
	if (s == NULL || strlen(s) != 2 * n)
		return -1;
	return sodium_hex2bin(out, n, s, 2 * n, NULL, &len, NULL) == 0 && len == n ? 0 : -1;
}

int
gh_journal_checkpoint(struct gh_journal *j, const uint8_t sk[GH_SIGN_SK_LEN], int64_t ts_us)
{
	uint8_t msg[sizeof checkpoint_tag + 8 + GH_HASH_LEN], sig[crypto_sign_BYTES];
	uint8_t pk[GH_SIGN_PK_LEN];
	size_t len;
	char hhex[2 * GH_HASH_LEN + 1], shex[2 * crypto_sign_BYTES + 1];
	char khex[2 * GH_SIGN_PK_LEN + 1], details[512];
	checkpoint_message(j->head_seq, j->head, msg, &len);
	crypto_sign_detached(sig, NULL, msg, len, sk);
	crypto_sign_ed25519_sk_to_pk(pk, sk);
	hex(j->head, GH_HASH_LEN, hhex);
	hex(sig, sizeof sig, shex);
	hex(pk, sizeof pk, khex);
	snprintf(details, sizeof details,
	    "{\"head_hash\":\"%s\",\"head_seq\":%lld,\"key\":\"%s\",\"sig\":\"%s\"}", hhex,
	    (long long)j->head_seq, khex, shex);
	struct gh_event ev = { .ts_us = ts_us, .kind = "checkpoint", .details = details };
	return gh_journal_append(j, &ev, 1, NULL);
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static void row_event(sqlite3_stmt *st, struct gh_event *e);

/* Check one checkpoint row against the row before it (and its signature when pk is
 * not NULL). */
static int
verify_checkpoint(sqlite3_stmt *st, int64_t prev_seq, const uint8_t prev[GH_HASH_LEN],
    const uint8_t pk[GH_SIGN_PK_LEN], char *why, size_t whylen)
{
	/* details: {"head_hash":..., "head_seq":..., "key":..., "sig":...} in key order. */
	const char *d = col_text(st, 12);
	char hh[2 * GH_HASH_LEN + 1], sg[2 * crypto_sign_BYTES + 1];
	char key[2 * GH_SIGN_PK_LEN + 1];
	long long hs;
	uint8_t hash[GH_HASH_LEN], sig[crypto_sign_BYTES], msg[128];
	size_t len;
	if (d == NULL || sscanf(d, "{\"head_hash\":\"%64[0-9a-f]\",\"head_seq\":%lld,"
	    "\"key\":\"%64[0-9a-f]\",\"sig\":\"%128[0-9a-f]\"}", hh, &hs, key, sg) != 4 ||
	    unhex(hh, hash, sizeof hash) != 0 || unhex(sg, sig, sizeof sig) != 0) {
		snprintf(why, whylen, "checkpoint is malformed");
		return -1;
	}
	if (hs != prev_seq || memcmp(hash, prev, GH_HASH_LEN) != 0) {
		snprintf(why, whylen, "checkpoint does not sign the row before it");
		return -1;
	}
	checkpoint_message(hs, hash, msg, &len);
	if (pk != NULL && crypto_sign_verify_detached(sig, msg, len, pk) != 0) {
		snprintf(why, whylen, "checkpoint signature does not verify with the public key");
		return -1;
	}
	return 0;
}

/* The next row of the chain after prev_seq and its hash prev: in sequence, matching
 * its hash, and for a checkpoint its signature (checked with pk, not when pk is NULL).
 * Counted in v (events, checkpoints, the unsigned tail); prev_seq and prev advance.
 * 0, or -1 with v->why and v->bad_seq. */
static int
chain_step(sqlite3_stmt *st, int64_t seq, const struct gh_event *e, const uint8_t *pk,
    int64_t *prev_seq, uint8_t prev[GH_HASH_LEN], struct gh_buf *canon, struct gh_verify *v)
{
	if (seq != *prev_seq + 1) {
		snprintf(v->why, sizeof v->why, "row %lld follows row %lld: rows are missing",
		    (long long)seq, (long long)*prev_seq);
		v->bad_seq = seq;
		return -1;
	}
	uint8_t h[GH_HASH_LEN];
	gh_event_canonical(seq, e, canon);
	chain_hash(prev, canon, h);
	if (sqlite3_column_bytes(st, 13) != GH_HASH_LEN ||
	    memcmp(h, sqlite3_column_blob(st, 13), GH_HASH_LEN) != 0) {
		snprintf(v->why, sizeof v->why, "row %lld does not match its hash: it was "
		    "altered, or a row before it was", (long long)seq);
		v->bad_seq = seq;
		return -1;
	}
	if (e->kind && strcmp(e->kind, "checkpoint") == 0) {
		char cw[160];
		if (verify_checkpoint(st, *prev_seq, prev, pk, cw, sizeof cw) != 0) {
			snprintf(v->why, sizeof v->why, "row %lld: %s", (long long)seq, cw);
			v->bad_seq = seq;
			return -1;
		}
		v->checkpoints++;
		v->unsigned_tail = 0;
	} else {
		v->events++;
		v->unsigned_tail++;
	}
	*prev_seq = seq;
	memcpy(prev, h, GH_HASH_LEN);
	return 0;
}

int
gh_journal_verify(struct gh_journal *j, const uint8_t pk[GH_SIGN_PK_LEN], struct gh_verify *v)
{
	static const char sql[] =
	    "SELECT seq, ts_us, kind, door, zone, reader, credential, person, escort, "
	    "decision, reason, operator, details, hash FROM event ORDER BY seq";
	static const char sql_anchor[] = "SELECT seq, hash FROM anchor WHERE id = 1";
	memset(v, 0, sizeof *v);
	int64_t prev_seq;
	uint8_t prev[GH_HASH_LEN];
	sqlite3_stmt *st = db_stmt(j->db, sql_anchor);
	if (st == NULL)
		return GH_EFAIL;
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_bytes(st, 1) != GH_HASH_LEN) {
		sqlite3_reset(st);
		snprintf(v->why, sizeof v->why, "the anchor row is missing or damaged");
		return GH_OK;
	}
	prev_seq = sqlite3_column_int64(st, 0);
	memcpy(prev, sqlite3_column_blob(st, 1), GH_HASH_LEN);
	sqlite3_reset(st);
	int64_t anchor_seq = prev_seq, purge_anchor_seq = 0;
	char anchor_hex[2 * GH_HASH_LEN + 1], purge_anchor_hex[2 * GH_HASH_LEN + 1] = "";
	hex(prev, GH_HASH_LEN, anchor_hex);
	/* One read transaction: a consistent snapshot while the controller appends. */
	if (sqlite3_exec(j->db->h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_sqlfail(j->db, "verify");
	if ((st = db_stmt(j->db, sql)) == NULL) {
		sqlite3_exec(j->db->h, "COMMIT", NULL, NULL, NULL);
		return GH_EFAIL;
	}
	struct gh_buf canon;
	gh_buf_init(&canon);
	int64_t first_ts = 0, last_ts = 0, last_cp_ts = 0;
	int rc, failed = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		struct gh_event e;
		row_event(st, &e);
		if (chain_step(st, seq, &e, pk, &prev_seq, prev, &canon, v) != 0) {
			failed = 1;
			break;
		}
		if (e.kind && strcmp(e.kind, "checkpoint") == 0) {
			last_cp_ts = e.ts_us;
		} else {
			long long as;
			char ah[2 * GH_HASH_LEN + 1];
			if (e.kind && strcmp(e.kind, "purge") == 0 && e.details &&
			    sscanf(e.details, "{\"anchor_hash\":\"%64[0-9a-f]\",\"anchor_seq\":%lld",
			    ah, &as) == 2) {
				purge_anchor_seq = as;
				memcpy(purge_anchor_hex, ah, sizeof ah);
			}
			if (first_ts == 0)
				first_ts = e.ts_us;
			last_ts = e.ts_us;
		}
	}
	sqlite3_reset(st);
	sqlite3_exec(j->db->h, "COMMIT", NULL, NULL, NULL);
	gh_buf_free(&canon);
	if (!failed && rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_sqlfail(j->db, "verify");
	if (!failed && anchor_seq > 0 && (purge_anchor_seq != anchor_seq ||
	    strcmp(purge_anchor_hex, anchor_hex) != 0)) {
		/* Rows before the anchor may only go by a purge, which records it. */
		snprintf(v->why, sizeof v->why, "the journal starts after row %lld but no purge "
		    "event records that anchor", (long long)anchor_seq);
		failed = 1;
	}
	if (!failed && v->unsigned_tail > 0) {
		/* Signed every minute: a long unsigned tail means checkpoints were removed
		 * and the chain rebuilt after them. */
		int64_t from = last_cp_ts ? last_cp_ts : first_ts;
		if (last_ts - from > (int64_t)GH_JOURNAL_MAX_UNSIGNED_S * 1000000) {
			snprintf(v->why, sizeof v->why, "%lld rows after the last checkpoint span "
			    "more than %d s: checkpoints are missing", (long long)v->unsigned_tail,
			    GH_JOURNAL_MAX_UNSIGNED_S);
			failed = 1;
		}
	}
	v->ok = !failed;
	return GH_OK;
}

/* One seq from a one-column query with up to two bound integers; 0 when none. */
static int64_t
seq_of(struct gh_journal *j, const char *sql, int64_t a, int64_t b, int *err)
{
	sqlite3_stmt *st = db_stmt(j->db, sql);
	if (st == NULL) {
		*err = 1;
		return 0;
	}
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	int rc = sqlite3_step(st);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		*err = 1;
	sqlite3_reset(st);
	return v;
}

int
gh_journal_verify_period(struct gh_journal *j, const uint8_t pk[GH_SIGN_PK_LEN],
    int64_t since_us, int64_t until_us, int64_t max_seq, struct gh_verify *v)
{
	static const char sql_span[] =
	    "SELECT min(seq) FROM event WHERE ts_us >= ?1 AND ts_us < ?2 AND seq <= ?3";
	static const char sql_span_max[] =
	    "SELECT max(seq) FROM event WHERE ts_us >= ?1 AND ts_us < ?2 AND seq <= ?3";
	static const char sql_cp_before[] =
	    "SELECT seq FROM event WHERE seq <= ?1 AND kind = 'checkpoint' "
	    "ORDER BY seq DESC LIMIT 1";
	static const char sql_cp_after[] =
	    "SELECT seq FROM event WHERE seq >= ?1 AND seq <= ?2 AND kind = 'checkpoint' "
	    "ORDER BY seq LIMIT 1";
	static const char sql_hash[] = "SELECT hash FROM event WHERE seq = ?1";
	static const char sql_anchor[] = "SELECT seq, hash FROM anchor WHERE id = 1";
	static const char sql_rows[] =
	    "SELECT seq, ts_us, kind, door, zone, reader, credential, person, escort, "
	    "decision, reason, operator, details, hash FROM event WHERE seq >= ?1 AND seq <= ?2 "
	    "ORDER BY seq";
	memset(v, 0, sizeof *v);
	if (max_seq <= 0)
		max_seq = INT64_MAX;
	if (sqlite3_exec(j->db->h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_sqlfail(j->db, "verify");
	int err = 0, failed = 0, rc = SQLITE_DONE;
	sqlite3_stmt *st = db_stmt(j->db, sql_span);
	int64_t first = 0, last = 0;
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, since_us);
		sqlite3_bind_int64(st, 2, until_us);
		sqlite3_bind_int64(st, 3, max_seq);
		first = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
	} else
		err = 1;
	if ((st = db_stmt(j->db, sql_span_max)) != NULL) {
		sqlite3_bind_int64(st, 1, since_us);
		sqlite3_bind_int64(st, 2, until_us);
		sqlite3_bind_int64(st, 3, max_seq);
		last = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
	} else
		err = 1;
	/* From the last checkpoint at or before the period's first row (its signature
	 * vouches for the hash of the row before it), else from the anchor; to the
	 * first checkpoint at or after its last row, else the bound. */
	int64_t c0 = first ? seq_of(j, sql_cp_before, first, 0, &err) : 0;
	int64_t c1 = last ? seq_of(j, sql_cp_after, last, max_seq, &err) : 0;
	int64_t prev_seq = 0, end = c1 ? c1 : max_seq;
	uint8_t prev[GH_HASH_LEN] = { 0 };
	if (!err && first == 0) {
		sqlite3_exec(j->db->h, "COMMIT", NULL, NULL, NULL);
		v->ok = 1;	/* no row in the period */
		return GH_OK;
	}
	if (!err && (st = db_stmt(j->db, sql_anchor)) != NULL) {
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 1) == GH_HASH_LEN) {
			prev_seq = sqlite3_column_int64(st, 0);
			memcpy(prev, sqlite3_column_blob(st, 1), GH_HASH_LEN);
		} else {
			snprintf(v->why, sizeof v->why, "the anchor row is missing or damaged");
			failed = 1;
		}
		sqlite3_reset(st);
	} else
		err = 1;
	if (!err && !failed && c0 > prev_seq + 1) {
		if ((st = db_stmt(j->db, sql_hash)) == NULL) {
			err = 1;
		} else {
			sqlite3_bind_int64(st, 1, c0 - 1);
			if (sqlite3_step(st) == SQLITE_ROW &&
			    sqlite3_column_bytes(st, 0) == GH_HASH_LEN) {
				prev_seq = c0 - 1;
				memcpy(prev, sqlite3_column_blob(st, 0), GH_HASH_LEN);
			} else {
				snprintf(v->why, sizeof v->why, "row %lld is missing",
				    (long long)(c0 - 1));
				v->bad_seq = c0 - 1;
				failed = 1;
			}
			sqlite3_reset(st);
		}
	}
	struct gh_buf canon;
	gh_buf_init(&canon);
	int64_t last_ts = 0, last_cp_ts = 0, from_ts = 0;
	if (!err && !failed && (st = db_stmt(j->db, sql_rows)) == NULL)
		err = 1;
	if (!err && !failed) {
		sqlite3_bind_int64(st, 1, prev_seq + 1);
		sqlite3_bind_int64(st, 2, end);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t seq = sqlite3_column_int64(st, 0);
			struct gh_event e;
			row_event(st, &e);
			/* The chain ties every row to the closing checkpoint, so the
			 * signatures that matter are the two ends'. */
			int ends = seq == c0 || seq == c1;
			if (chain_step(st, seq, &e, ends ? pk : NULL, &prev_seq, prev, &canon,
			    v) != 0) {
				failed = 1;
				break;
			}
			if (e.kind && strcmp(e.kind, "checkpoint") == 0) {
				last_cp_ts = e.ts_us;
			} else {
				if (from_ts == 0)
					from_ts = e.ts_us;
				last_ts = e.ts_us;
			}
		}
		sqlite3_reset(st);
	}
	sqlite3_exec(j->db->h, "COMMIT", NULL, NULL, NULL);
	gh_buf_free(&canon);
	if (err || (!failed && rc != SQLITE_DONE && rc != SQLITE_ROW))
		return db_sqlfail(j->db, "verify");
	if (!failed && prev_seq < last) {
		snprintf(v->why, sizeof v->why, "rows up to %lld expected, the journal ends at "
		    "%lld", (long long)last, (long long)prev_seq);
		failed = 1;
	}
	if (!failed && c1 == 0 && v->unsigned_tail > 0) {
		int64_t from = last_cp_ts ? last_cp_ts : from_ts;
		if (last_ts - from > (int64_t)GH_JOURNAL_MAX_UNSIGNED_S * 1000000) {
			snprintf(v->why, sizeof v->why, "%lld rows after the last checkpoint span "
			    "more than %d s: checkpoints are missing", (long long)v->unsigned_tail,
			    GH_JOURNAL_MAX_UNSIGNED_S);
			failed = 1;
		}
	}
	v->ok = !failed;
	return GH_OK;
}

int
gh_journal_list(struct gh_journal *j, const struct gh_event_filter *f, struct gh_table *t)
{
	static const char sql[] =
	    "SELECT seq, strftime('%Y-%m-%dT%H:%M:%S', ts_us / 1000000, 'unixepoch') || "
	    "printf('.%06dZ', ts_us % 1000000) AS time, kind, door, zone, reader, credential, "
	    "person, escort, decision, reason, operator, details FROM event "
	    "WHERE (?1 = 0 OR ts_us >= ?1) AND (?2 = 0 OR ts_us < ?2) "
	    "AND (?3 IS NULL OR door = ?3) AND (?4 IS NULL OR person = ?4 OR escort = ?4) "
	    "AND seq > ?5 AND seq <= ?7 ORDER BY seq LIMIT ?6";
	sqlite3_stmt *st = db_stmt(j->db, sql);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, f->since_us);
	sqlite3_bind_int64(st, 2, f->until_us);
	db_bind_text(st, 3, f->door);
	db_bind_text(st, 4, f->person);
	sqlite3_bind_int64(st, 5, f->after_seq);
	sqlite3_bind_int64(st, 6, f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(st, 7, f->upto_seq > 0 ? f->upto_seq : INT64_MAX);
	return db_table(j->db, st, t);
}

/* Keys -------------------------------------------------------------------------- */

static int
write_new(const char *path, mode_t mode, const char *data, size_t n, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return GH_EFAIL;
	}
	if (fchmod(fd, mode) != 0 || write(fd, data, n) != (ssize_t)n || fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return GH_EFAIL;
	}
	close(fd);
	return GH_OK;
}

void
gh_signkey_paths(const char *journal_path, char *keys_dir, char *sk_path, char *pk_path,
    size_t len)
{
	const char *slash = strrchr(journal_path, '/');
	int dirlen = slash ? (int)(slash - journal_path) : 1;
	const char *dir = slash ? journal_path : ".";
	if (slash == journal_path)
		dirlen = 1;
	snprintf(keys_dir, len, "%.*s/keys", dirlen, dir);
	snprintf(sk_path, len, "%.*s/keys/journal-signing.key", dirlen, dir);
	snprintf(pk_path, len, "%.*s/keys/journal-signing.pub", dirlen, dir);
}

int
gh_signkey_create(const char *sk_path, const char *pk_path, char *err, size_t errlen)
{
	uint8_t pk[GH_SIGN_PK_LEN], sk[GH_SIGN_SK_LEN];
	char pkhex[2 * GH_SIGN_PK_LEN + 2];
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return GH_EFAIL;
	}
	crypto_sign_keypair(pk, sk);
	int rc = write_new(sk_path, 0600, (const char *)sk, sizeof sk, err, errlen);
	sodium_memzero(sk, sizeof sk);
	if (rc != GH_OK)
		return rc;
	hex(pk, sizeof pk, pkhex);
	strcat(pkhex, "\n");
	if ((rc = write_new(pk_path, 0644, pkhex, strlen(pkhex), err, errlen)) != GH_OK)
		unlink(sk_path);
	return rc;
}

int
gh_signkey_load_secret(const char *path, uint8_t sk[GH_SIGN_SK_LEN], char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return GH_EFAIL;
	}
	if ((st.st_mode & 077) != 0) {
		snprintf(err, errlen, "%s: the signing key must be readable by its owner only "
		    "(mode 0600)", path);
		close(fd);
		return GH_EFAIL;
	}
	ssize_t n = read(fd, sk, GH_SIGN_SK_LEN);
	close(fd);
	if (n != GH_SIGN_SK_LEN) {
		snprintf(err, errlen, "%s: not a signing key", path);
		return GH_EFAIL;
	}
	return GH_OK;
}

int
gh_signkey_load_public(const char *path, uint8_t pk[GH_SIGN_PK_LEN], char *err, size_t errlen)
{
	char buf[2 * GH_SIGN_PK_LEN + 8];
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return GH_EINPUT;
	}
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (unhex(buf, pk, GH_SIGN_PK_LEN) != 0) {
		snprintf(err, errlen, "%s: a public key is 64 hexadecimal digits", path);
		return GH_EINPUT;
	}
	return GH_OK;
}

/* Retention ------------------------------------------------------------------------ */

int
gh_event_is_access(const char *kind)
{
	return kind && (strcmp(kind, "access") == 0 || strcmp(kind, "door-opened") == 0 ||
	    strcmp(kind, "door-closed") == 0 || strcmp(kind, "exit-button") == 0);
}

static const char sql_rows[] =
    "SELECT seq, ts_us, kind, door, zone, reader, credential, person, escort, "
    "decision, reason, operator, details, hash FROM event WHERE seq > ?1 ORDER BY seq";

static void
row_event(sqlite3_stmt *st, struct gh_event *e)
{
	*e = (struct gh_event){
		.ts_us = sqlite3_column_int64(st, 1), .kind = col_text(st, 2),
		.door = col_text(st, 3), .zone = col_text(st, 4), .reader = col_text(st, 5),
		.credential = col_text(st, 6), .person = col_text(st, 7),
		.escort = col_text(st, 8), .decision = col_text(st, 9),
		.reason = col_text(st, 10), .operator_ = col_text(st, 11),
		.details = col_text(st, 12),
	};
}

static int
fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Rewrite FILE.sha256 from the file's contents, atomically. */
static int
write_sha256_file(const char *dir, const char *name)
{
	char path[1024], tmp[1200], side[1100];
	uint8_t digest[GH_HASH_LEN];
	char hexd[2 * GH_HASH_LEN + 1];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *buf;
	size_t len;
	if (gh_read_file(path, (size_t)1 << 31, &buf, &len) != 0)
		return -1;
	crypto_hash_sha256(digest, (const unsigned char *)buf, len);
	free(buf);
	hex(digest, sizeof digest, hexd);
	snprintf(side, sizeof side, "%s.sha256", path);
	snprintf(tmp, sizeof tmp, "%s.tmp", side);
	FILE *f = fopen(tmp, "w");
	if (f == NULL)
		return -1;
	fprintf(f, "%s  %s\n", hexd, name);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		fclose(f);
		return -1;
	}
	fclose(f);
	if (rename(tmp, side) != 0)
		return -1;
	return fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

/* A monthly export file left by an earlier purge, perhaps one cut short (a power cut
 * between the export and the deletion, or in the middle of a line): a torn last line
 * is cut off, and *done is the seq of the last whole line (0 for a new or empty file),
 * so that rows already exported are not written twice when the purge runs again. */
static int
export_resume(const char *path, int64_t *done)
{
	*done = 0;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	/* A row is a few kilobytes at most (names and details are bounded): the last
	 * 256 KiB hold the last whole line. */
	off_t n = st.st_size < (1 << 18) ? st.st_size : (1 << 18), from = st.st_size - n;
	char *buf = malloc((size_t)n + 1);
	if (buf == NULL || pread(fd, buf, (size_t)n, from) != (ssize_t)n) {
		free(buf);
		close(fd);
		return -1;
	}
	buf[n] = '\0';
	off_t end = n;
	while (end > 0 && buf[end - 1] != '\n')
		end--;
	int rc = 0;
	if (end < n) {	/* a torn last line: cut it */
		if (end == 0 && from > 0)
			rc = -1;	/* no whole line in the tail: not an export */
		else if (ftruncate(fd, from + end) != 0 || fsync(fd) != 0)
			rc = -1;
	}
	if (rc == 0 && end > 0) {
		buf[end - 1] = '\0';
		char *line = strrchr(buf, '\n');
		line = line ? line + 1 : buf;
		/* The row's own "seq" is its last: keys are sorted, and the only object
		 * nested before it (details) comes first; strings escape their quotes. */
		char *k = NULL;
		for (char *p = strstr(line, "\"seq\":"); p; p = strstr(p + 1, "\"seq\":"))
			k = p;
		if (k == NULL)
			rc = -1;
		else
			*done = strtoll(k + 6, NULL, 10);
	}
	free(buf);
	close(fd);
	return rc;
}

/* Export rows (from, last] to monthly files; they are on disk when this returns.  Rows
 * an interrupted purge already exported are not written again. */
static int
purge_export(struct gh_journal *j, const struct gh_purge_opts *o, int64_t from,
    int64_t last, struct gh_purge_result *r)
{
	if (mkdir(o->export_dir, 0750) != 0 && errno != EEXIST)
		return db_fail(j->db, GH_EFAIL, "%s: %s", o->export_dir, strerror(errno));
	sqlite3_stmt *st = db_stmt(j->db, sql_rows);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, from);
	struct gh_buf canon, line;
	gh_buf_init(&canon);
	gh_buf_init(&line);
	FILE *f = NULL;
	char month[8] = "", name[64];
	int rc = GH_OK;
	int64_t done = 0;
	while (rc == GH_OK && sqlite3_step(st) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		if (seq > last)
			break;
		struct gh_event e;
		char t[40], hx[2 * GH_HASH_LEN + 1];
		row_event(st, &e);
		gh_utc_format_us(e.ts_us, t, sizeof t);
		if (f == NULL || strncmp(t, month, 7) != 0) {
			if (f && (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0)) {
				f = NULL;
				rc = db_fail(j->db, GH_EFAIL, "export %s: %s", name, strerror(errno));
				break;
			}
			memcpy(month, t, 7);
			month[7] = '\0';
			snprintf(name, sizeof name, "journal-%s.jsonl", month);
			char path[1100];
			snprintf(path, sizeof path, "%s/%s", o->export_dir, name);
			errno = 0;
			if (export_resume(path, &done) != 0) {
				rc = db_fail(j->db, GH_EFAIL, "%s: cannot resume the export: %s",
				    path, errno ? strerror(errno) : "not an export file");
				break;
			}
			if ((f = fopen(path, "a")) == NULL) {
				rc = db_fail(j->db, GH_EFAIL, "%s: %s", path, strerror(errno));
				break;
			}
			if (r->nfiles < 16)
				snprintf(r->files[r->nfiles++], sizeof r->files[0], "%s", name);
		}
		if (seq <= done)
			continue;	/* exported by a purge cut short */
		gh_event_canonical(seq, &e, &canon);
		hex(sqlite3_column_blob(st, 13), GH_HASH_LEN, hx);
		if (fprintf(f, "{\"hash\":\"%s\",\"row\":%s}\n", hx, canon.s) < 0)
			rc = db_fail(j->db, GH_EFAIL, "export %s: %s", name, strerror(errno));
	}
	sqlite3_reset(st);
	if (f && (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0) && rc == GH_OK)
		rc = db_fail(j->db, GH_EFAIL, "export %s: %s", name, strerror(errno));
	for (int i = 0; rc == GH_OK && i < r->nfiles; i++)
		if (write_sha256_file(o->export_dir, r->files[i]) != 0)
			rc = db_fail(j->db, GH_EFAIL, "%s.sha256: %s", r->files[i], strerror(errno));
	gh_buf_free(&canon);
	gh_buf_free(&line);
	return rc;
}

int
gh_journal_purge(struct gh_journal *j, const struct gh_purge_opts *o, struct gh_purge_result *r)
{
	static const char sql_anchor[] = "SELECT seq FROM anchor WHERE id = 1";
	static const char sql_gate[] = "UPDATE purge_gate SET open = ?1 WHERE id = 1";
	static const char sql_delete[] = "DELETE FROM event WHERE seq <= ?1";
	static const char sql_set_anchor[] =
	    "UPDATE anchor SET seq = seq_, hash = hash_, ts_us = ts_ FROM "
	    "(SELECT seq AS seq_, hash AS hash_, ts_us AS ts_ FROM event WHERE seq = ?1) "
	    "WHERE id = 1";
	memset(r, 0, sizeof *r);
	int64_t access_cut = o->now_us - (int64_t)o->retention_days * 86400 * 1000000;
	int64_t audit_cut = o->now_us - (int64_t)o->audit_retention_days * 86400 * 1000000;
	int64_t anchor = db_id(j->db, sql_anchor, NULL);
	if (anchor < 0)
		return GH_EFAIL;
	/* Plan: the longest prefix of rows all past their retention. */
	sqlite3_stmt *st = db_stmt(j->db, sql_rows);
	if (st == NULL)
		return GH_EFAIL;
	sqlite3_bind_int64(st, 1, anchor);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t ts = sqlite3_column_int64(st, 1);
		const char *kind = col_text(st, 2);
		if (ts >= (gh_event_is_access(kind) ? access_cut : audit_cut))
			break;
		if (r->rows++ == 0)
			r->first_seq = sqlite3_column_int64(st, 0);
		r->last_seq = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (r->rows == 0 || o->dry_run)
		return GH_OK;
	/* Exported and on disk before anything is deleted. */
	int rc = purge_export(j, o, anchor, r->last_seq, r);
	if (rc != GH_OK)
		return rc;
	if ((rc = db_tx_begin(j->db)) != GH_OK)
		return rc;
	if (db_id(j->db, sql_anchor, NULL) != anchor) {
		rc = db_fail(j->db, GH_EFAIL, "another purge ran meanwhile; run it again");
		return db_tx_end(j->db, rc);
	}
	const char *const steps[] = { sql_gate, sql_set_anchor, sql_delete, sql_gate };
	for (int i = 0; rc == GH_OK && i < 4; i++) {
		if ((st = db_stmt(j->db, steps[i])) == NULL) {
			rc = GH_EFAIL;
			break;
		}
		sqlite3_bind_int64(st, 1, i == 0 ? 1 : i == 3 ? 0 : r->last_seq);
		rc = db_exec_stmt(j->db, st, "purge");
	}
	if (rc == GH_OK) {
		uint8_t ah[GH_HASH_LEN];
		int64_t aseq;
		char hx[2 * GH_HASH_LEN + 1], details[400];
		if ((rc = load_head(j)) == GH_OK) {
			/* The anchor is what load_head falls back on when no row is left;
			 * read it back explicitly. */
			static const char sql_a[] = "SELECT seq, hash FROM anchor WHERE id = 1";
			sqlite3_stmt *a = db_stmt(j->db, sql_a);
			if (a && sqlite3_step(a) == SQLITE_ROW) {
				aseq = sqlite3_column_int64(a, 0);
				memcpy(ah, sqlite3_column_blob(a, 1), GH_HASH_LEN);
				sqlite3_reset(a);
				hex(ah, sizeof ah, hx);
				snprintf(details, sizeof details, "{\"anchor_hash\":\"%s\","
				    "\"anchor_seq\":%lld,\"first_seq\":%lld,\"rows\":%lld}", hx,
				    (long long)aseq, (long long)r->first_seq, (long long)r->rows);
				struct gh_event ev = { .ts_us = o->now_us, .kind = "purge",
					.details = details };
				rc = gh_journal_append(j, &ev, 1, NULL);
			} else {
				if (a)
					sqlite3_reset(a);
				rc = db_sqlfail(j->db, "purge anchor");
			}
		}
	}
	rc = db_tx_end(j->db, rc);
	load_head(j);
	return rc;
}

int
gh_journal_each_after(struct gh_journal *j, int64_t after, int limit,
    int (*fn)(void *arg, int64_t seq, const struct gh_event *ev, const char *canonical,
    const uint8_t hash[GH_HASH_LEN]), void *arg)
{
	sqlite3_stmt *st = db_stmt(j->db, sql_rows);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, after);
	int n = 0, rc;
	struct gh_buf b;
	gh_buf_init(&b);
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct gh_event ev;
		row_event(st, &ev);
		int64_t seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 13) != GH_HASH_LEN)
			break;
		gh_buf_reset(&b);
		gh_event_canonical(seq, &ev, &b);
		if (fn(arg, seq, &ev, b.s, sqlite3_column_blob(st, 13)) != 0) {
			n = -2;
			break;
		}
		n++;
	}
	sqlite3_reset(st);
	gh_buf_free(&b);
	return n;
}

struct gh_db *
gh_journal_handle(struct gh_journal *j)
{
	return j->db;
}

int
gh_journal_integrity(struct gh_journal *j, char *err, size_t errlen)
{
	/* SQLite's structural check of every page (indexes against tables excepted): a
	 * damaged file is reported, never written to nor replaced. */
	sqlite3_stmt *st = db_stmt(j->db, "PRAGMA quick_check(5)");
	if (st == NULL) {
		snprintf(err, errlen, "%s", j->db->err);
		return GH_EFAIL;
	}
	int rc = GH_OK;
	size_t k = 0;
	err[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		if (m && strcmp(m, "ok") != 0) {
			rc = GH_EFAIL;
			k += (size_t)snprintf(err + k, k < errlen ? errlen - k : 0, "%s%s",
			    k ? "; " : "", m);
			if (k >= errlen)
				break;
		}
	}
	if (sqlite3_errcode(j->db->h) == SQLITE_CORRUPT || sqlite3_errcode(j->db->h) ==
	    SQLITE_NOTADB) {
		rc = GH_EFAIL;
		if (!err[0])
			snprintf(err, errlen, "%s", sqlite3_errmsg(j->db->h));
	}
	sqlite3_reset(st);
	for (char *p = err; *p; p++)
		if (*p == '\n')
			*p = ' ';	/* one line in the log */
	return rc;
}
