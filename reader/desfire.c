/* Secure badges; see desfire.h and DESFIRE.md. */
#include "reader/desfire.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define ST_OK 0x00
#define ST_MORE 0xAF
#define ST_AUTH 0xAE
#define ST_NO_APP 0xA0
#define REPLY_MAX 512
#define FRAMES_MAX 16		/* AF continuations gathered for one command, at most */

/* ---- the clock of the deadlines ---- */

static uint64_t
monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static gh_df_clock df_clock = monotonic_ms;

void
gh_desfire_set_clock(gh_df_clock fn)
{
	df_clock = fn != NULL ? fn : monotonic_ms;
}

/* ---- AES-128 and CMAC (GnuTLS) ---- */

/* CBC over len bytes (a multiple of 16) with iv, which becomes the last ciphertext
 * block (as DESFire chains it).  0 or -1. */
static int
aes_cbc(const uint8_t key[16], uint8_t iv[16], uint8_t *data, size_t len, int encrypt)
{
	gnutls_cipher_hd_t h;
	gnutls_datum_t k = { (unsigned char *)key, 16 }, v = { iv, 16 };
	uint8_t last[16];
	if (len == 0 || len % 16 != 0)
		return -1;
	if (!encrypt)
		memcpy(last, data + len - 16, 16);
	if (gnutls_cipher_init(&h, GNUTLS_CIPHER_AES_128_CBC, &k, &v) < 0)
		return -1;
	int r = encrypt ? gnutls_cipher_encrypt(h, data, len) : gnutls_cipher_decrypt(h, data,
	    len);
	gnutls_cipher_deinit(h);
	if (r < 0)
		return -1;
	memcpy(iv, encrypt ? data + len - 16 : last, 16);
	return 0;
}

static void
shift_subkey(const uint8_t in[16], uint8_t out[16])
{
	int carry = in[0] >> 7;
	for (int i = 0; i < 15; i++)
		out[i] = (uint8_t)(in[i] << 1 | in[i + 1] >> 7);
	out[15] = (uint8_t)(in[15] << 1);
	if (carry)
		out[15] ^= 0x87;
}

/* CMAC subkeys of a key. */
static int
cmac_subkeys(const uint8_t key[16], uint8_t k1[16], uint8_t k2[16])
{
	uint8_t l[16] = { 0 }, iv[16] = { 0 };
	if (aes_cbc(key, iv, l, 16, 1) != 0)
		return -1;
	shift_subkey(l, k1);
	shift_subkey(k1, k2);
	sodium_memzero(l, sizeof l);
	return 0;
}

/* AES-CMAC of msg chained from iv (DESFire's running IV); iv becomes the MAC. */
static int
cmac(const uint8_t key[16], uint8_t iv[16], const uint8_t *msg, size_t len, uint8_t mac[16])
{
	uint8_t k1[16], k2[16], buf[REPLY_MAX + 32];
	if (len > REPLY_MAX || cmac_subkeys(key, k1, k2) != 0)
		return -1;
	size_t full = len == 0 ? 0 : (len - 1) / 16 * 16, n = full + 16;
	memcpy(buf, msg, len);
	memset(buf + len, 0, n - len);
	if (len - full == 16) {
		for (int i = 0; i < 16; i++)
			buf[full + i] ^= k1[i];
	} else {
		buf[len] = 0x80;
		for (int i = 0; i < 16; i++)
			buf[full + i] ^= k2[i];
	}
	int rc = aes_cbc(key, iv, buf, n, 1);
	memcpy(mac, iv, 16);
	sodium_memzero(k1, sizeof k1);
	sodium_memzero(k2, sizeof k2);
	sodium_memzero(buf, sizeof buf);
	return rc;
}

int
gh_an10922_aes128(const uint8_t master[16], const uint8_t *m, size_t mlen, uint8_t out[16])
{
	uint8_t d[32], iv[16] = { 0 };
	if (mlen > 31)
		return -1;
	d[0] = 0x01;
	memcpy(d + 1, m, mlen);
	/* AN10922: the input is padded to 32 bytes, so a short input is always a
	 * "partial last block" (K2), a full 32-byte one takes K1. */
	int rc = 0;
	if (mlen + 1 == 32) {
		rc = cmac(master, iv, d, 32, out);
	} else {
		uint8_t k1[16], k2[16], buf[32] = { 0 };
		memcpy(buf, d, mlen + 1);
		buf[mlen + 1] = 0x80;
		rc = cmac_subkeys(master, k1, k2);
		for (int i = 0; i < 16; i++)
			buf[16 + i] ^= k2[i];
		if (rc == 0)
			rc = aes_cbc(master, iv, buf, 32, 1);
		memcpy(out, iv, 16);
		sodium_memzero(buf, sizeof buf);
		sodium_memzero(k1, sizeof k1);
		sodium_memzero(k2, sizeof k2);
	}
	sodium_memzero(d, sizeof d);
	return rc;
}

void
gh_desfire_card_key(const uint8_t site_key[16], const uint8_t site_id[16], int purpose,
    const uint8_t *uid, size_t uidlen, uint8_t out[16])
{
	/* One master per purpose, so that the read key says nothing of the admin key:
	 * CMAC(site key, label). */
	static const char *const label[] = { "gatehouse desfire admin key",
		"gatehouse desfire read key" };
	uint8_t purpose_key[16], iv[16] = { 0 }, m[31];
	const char *l = label[purpose == GH_DF_KEY_READ];
	cmac(site_key, iv, (const uint8_t *)l, strlen(l), purpose_key);
	/* UID (7 or 4 bytes) || AID (3, little-endian) || site id (first 16 - fits 31) */
	size_t n = 0;
	if (uidlen > 10)
		uidlen = 10;
	memcpy(m + n, uid, uidlen);
	n += uidlen;
	m[n++] = (uint8_t)GH_DF_AID;
	m[n++] = (uint8_t)(GH_DF_AID >> 8);
	m[n++] = (uint8_t)(GH_DF_AID >> 16);
	size_t sid = 31 - n < 16 ? 31 - n : 16;
	memcpy(m + n, site_id, sid);
	n += sid;
	gh_an10922_aes128(purpose_key, m, n, out);
	sodium_memzero(purpose_key, sizeof purpose_key);
}

/* ---- the DESFire session ---- */

struct df {
	gh_df_xfer xfer;
	void *ctx;
	uint64_t deadline;	/* df_clock() past this: every exchange fails */
	int authed;
	uint8_t sk[16], iv[16];
};

enum { F_MAC_CMD = 1, F_MAC_REPLY = 2, F_GATHER = 4 };

static void
df_end(struct df *d)
{
	d->authed = 0;
	sodium_memzero(d->sk, sizeof d->sk);
	sodium_memzero(d->iv, sizeof d->iv);
}

/* One native command, wrapped as ISO 7816 (90 INS 00 00 Lc data 00), with the AF
 * continuations of a long reply gathered.  Returns the status (-1: no answer or a
 * malformed reply, -2: a bad MAC) and the data in rep, its length in rlen, the MAC
 * removed. */
static int
df_cmd(struct df *d, const uint8_t *cmd, size_t len, int flags, uint8_t *rep, size_t cap,
    size_t *rlen)
{
	uint8_t tx[64], rx[REPLY_MAX], mac[16];
	size_t got = 0;
	*rlen = 0;
	if (len == 0 || len > 55)
		return -1;
	if (d->authed && (flags & F_MAC_CMD) && cmac(d->sk, d->iv, cmd, len, mac) != 0)
		return -1;
	int first = 1, status = -1, frames = 0;
	for (;;) {
		size_t n = 0;
		/* A card that answers AF for ever, or slowly, must not hold the reader
		 * thread: a bounded number of frames, a bounded reply, one deadline for
		 * the whole operation. */
		if (++frames > FRAMES_MAX || df_clock() >= d->deadline) {
			df_end(d);
			return -1;
		}
		tx[n++] = 0x90;
		tx[n++] = first ? cmd[0] : ST_MORE;
		tx[n++] = 0;
		tx[n++] = 0;
		if (first && len > 1) {
			tx[n++] = (uint8_t)(len - 1);
			memcpy(tx + n, cmd + 1, len - 1);
			n += len - 1;
		}
		tx[n++] = 0;
		long r = d->xfer(d->ctx, tx, n, rx, sizeof rx);
		if (r < 2 || (size_t)r > sizeof rx || rx[r - 2] != 0x91) {
			df_end(d);
			return -1;
		}
		status = rx[r - 1];
		size_t k = (size_t)r - 2;
		if (k > cap - got || got + k > REPLY_MAX) {
			df_end(d);
			return -1;
		}
		memcpy(rep + got, rx, k);
		got += k;
		first = 0;
		if (status != ST_MORE || !(flags & F_GATHER))
			break;	/* AF is a continuation only where a reply is long */
	}
	if (status != ST_OK && status != ST_MORE) {
		df_end(d);	/* any error ends the card's session */
		return status;
	}
	if (d->authed && (flags & F_MAC_REPLY) && status == ST_OK) {
		/* CMAC over data || status; its first 8 bytes end the reply. */
		uint8_t buf[REPLY_MAX];
		if (got < 8 || got - 8 + 1 > sizeof buf)
			return -2;
		memcpy(buf, rep, got - 8);
		buf[got - 8] = ST_OK;
		if (cmac(d->sk, d->iv, buf, got - 8 + 1, mac) != 0 ||
		    sodium_memcmp(mac, rep + got - 8, 8) != 0) {
			df_end(d);
			return -2;
		}
		got -= 8;
	}
	*rlen = got;
	return status;
}

static void
rol1(const uint8_t in[16], uint8_t out[16])
{
	memcpy(out, in + 1, 15);
	out[15] = in[0];
}

/* AuthenticateAES (0xAA): 0, the card's status (AE: wrong key), or -1. */
static int
df_auth(struct df *d, uint8_t keyno, const uint8_t key[16])
{
	uint8_t c[2] = { 0xAA, keyno }, r[64], rndb[16], rnda[16], tok[33], iv[16] = { 0 };
	uint8_t rot[16];
	size_t n;
	df_end(d);
	int st = df_cmd(d, c, 2, 0, r, sizeof r, &n);
	if (st != ST_MORE)
		return st;
	if (n != 16)
		return -1;
	memcpy(rndb, r, 16);
	if (aes_cbc(key, iv, rndb, 16, 0) != 0)	/* iv: now E(RndB) */
		return -1;
	randombytes_buf(rnda, sizeof rnda);	/* a fresh challenge every time */
	tok[0] = ST_MORE;
	memcpy(tok + 1, rnda, 16);
	rol1(rndb, tok + 17);
	if (aes_cbc(key, iv, tok + 1, 32, 1) != 0)	/* iv: the token's last block */
		return -1;
	st = df_cmd(d, tok, 33, 0, r, sizeof r, &n);
	int rc = -1;
	if (st != ST_OK) {
		rc = st;
	} else if (n == 16 && aes_cbc(key, iv, r, 16, 0) == 0) {
		rol1(rnda, rot);
		if (sodium_memcmp(r, rot, 16) == 0) {
			memcpy(d->sk, rnda, 4);
			memcpy(d->sk + 4, rndb, 4);
			memcpy(d->sk + 8, rnda + 12, 4);
			memcpy(d->sk + 12, rndb + 12, 4);
			memset(d->iv, 0, 16);
			d->authed = 1;
			rc = 0;
		} else {
			rc = ST_AUTH;	/* the card does not hold the key */
		}
	}
	sodium_memzero(rnda, sizeof rnda);
	sodium_memzero(rndb, sizeof rndb);
	sodium_memzero(tok, sizeof tok);
	return rc;
}

static int
df_select(struct df *d, uint32_t aid)
{
	uint8_t c[4] = { 0x5A, (uint8_t)aid, (uint8_t)(aid >> 8), (uint8_t)(aid >> 16) }, r[8];
	size_t n;
	df_end(d);	/* selecting ends a session */
	return df_cmd(d, c, 4, 0, r, sizeof r, &n);
}

static uint32_t
crc32_df(uint32_t crc, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int b = 0; b < 8; b++)
			crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
	}
	return crc;
}

static void
le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* ChangeKey (0xC4) in an AES session: keyno to newkey (version), old is its current
 * value (ignored when it is the session's own key). */
static int
df_change_key(struct df *d, uint8_t keyno, int same, const uint8_t newkey[16],
    const uint8_t old[16], uint8_t version)
{
	uint8_t c[2 + 32], body[32] = { 0 }, r[32];
	size_t n;
	c[0] = 0xC4;
	c[1] = keyno;
	for (int i = 0; i < 16; i++)
		body[i] = same ? newkey[i] : (uint8_t)(newkey[i] ^ old[i]);
	body[16] = version;
	le32(body + 17, crc32_df(crc32_df(0xFFFFFFFF, c, 2), body, 17));
	if (!same)
		le32(body + 21, crc32_df(0xFFFFFFFF, newkey, 16));
	if (aes_cbc(d->sk, d->iv, body, 32, 1) != 0)
		return -1;
	memcpy(c + 2, body, 32);
	sodium_memzero(body, sizeof body);
	int st = df_cmd(d, c, sizeof c, same ? 0 : F_MAC_REPLY, r, sizeof r, &n);
	sodium_memzero(c, sizeof c);
	if (same)
		df_end(d);	/* changing the session's own key ends the session */
	return st;
}

/* ---- the badge ---- */

static const uint8_t MAGIC[4] = { 'G', 'H', 'B', 1 };

/* Read the badge on an open session (d's deadline set). */
static enum gh_df_read
read_badge(struct df *d, const uint8_t *uid, size_t uidlen, const struct gh_sitekeys *keys,
    uint64_t *badge_id)
{
	uint8_t r[REPLY_MAX], key[16];
	size_t n;
	int st = df_select(d, GH_DF_AID);
	if (st == -1)
		return GH_DF_NO_CARD;
	if (st != ST_OK)
		return GH_DF_NOT_OURS;	/* A0: no Gatehouse application */
	/* The key version tells which site key issued the card (0, the factory's: a
	 * personalisation that never finished). */
	uint8_t gkv[2] = { 0x64, GH_DF_KEY_READ };
	st = df_cmd(d, gkv, 2, 0, r, sizeof r, &n);
	if (st == -1)
		return GH_DF_NO_CARD;
	if (st != ST_OK || n < 1)
		return GH_DF_AUTH_FAILED;
	const uint8_t *site_key = gh_sitekeys_get(keys, r[0]);
	if (site_key == NULL)
		return GH_DF_AUTH_FAILED;	/* no such version here: not our card */
	gh_desfire_card_key(site_key, keys->site_id, GH_DF_KEY_READ, uid, uidlen, key);
	st = df_auth(d, GH_DF_KEY_READ, key);
	sodium_memzero(key, sizeof key);
	if (st == -1)
		return GH_DF_NO_CARD;
	if (st != 0)
		return GH_DF_AUTH_FAILED;
	uint8_t rd[8] = { 0xBD, GH_DF_FILE, 0, 0, 0, GH_DF_FILE_SIZE, 0, 0 };
	st = df_cmd(d, rd, 8, F_MAC_CMD | F_MAC_REPLY | F_GATHER, r, sizeof r, &n);
	if (st == -1)
		return GH_DF_NO_CARD;
	/* The magic is written last: a file without it is a personalisation that
	 * stopped half-way, never a badge. */
	if (st != ST_OK || n != GH_DF_FILE_SIZE || memcmp(r, MAGIC, 4) != 0 ||
	    sodium_memcmp(r + 4, keys->site_id, 16) != 0)
		return GH_DF_AUTH_FAILED;
	uint64_t id = 0;
	for (int i = 7; i >= 0; i--)
		id = id << 8 | r[20 + i];
	*badge_id = id;
	df_end(d);
	return GH_DF_OK;
}

enum gh_df_read
gh_desfire_read_card(gh_df_xfer xfer, void *ctx, const uint8_t *uid, size_t uidlen,
    const struct gh_sitekeys *keys, uint64_t *badge_id)
{
	struct df d = { .xfer = xfer, .ctx = ctx, .deadline = df_clock() + GH_DF_READ_MS };
	enum gh_df_read rc = read_badge(&d, uid, uidlen, keys, badge_id);
	df_end(&d);
	return rc;
}

/* WriteData (0x3D) of len bytes at off in file 1, MACed, in the open session. */
static int
df_write(struct df *d, size_t off, const uint8_t *data, size_t len)
{
	uint8_t wd[8 + GH_DF_FILE_SIZE + 8] = { 0x3D, GH_DF_FILE, (uint8_t)off, 0, 0,
		(uint8_t)len, 0, 0 }, mac[16], r[32];
	size_t n;
	if (off + len > GH_DF_FILE_SIZE)
		return -1;
	memcpy(wd + 8, data, len);
	if (cmac(d->sk, d->iv, wd, 8 + len, mac) != 0)
		return -1;
	memcpy(wd + 8 + len, mac, 8);
	return df_cmd(d, wd, 8 + len + 8, F_MAC_REPLY, r, sizeof r, &n);
}

/* A card holding our application alone, presented for personalising: a badge of this
 * site is refused (1, why set); an application whose master key is the factory's or
 * one of this site's (a personalisation that stopped half-way) is deleted (0); any
 * other is refused untouched (1).  -1: the card left. */
static int
clear_unfinished(struct df *d, const uint8_t *uid, size_t uidlen,
    const struct gh_sitekeys *keys, char *why, size_t whylen)
{
	uint64_t id;
	switch (read_badge(d, uid, uidlen, keys, &id)) {
	case GH_DF_OK:
		snprintf(why, whylen, "the card is already badge D%llu of this site: left "
		    "untouched", (unsigned long long)id);
		return 1;
	case GH_DF_NO_CARD:
		snprintf(why, whylen, "the card left");
		return -1;
	default:
		break;
	}
	static const uint8_t zero[16];
	uint8_t k[16];
	int opened = 0;
	for (int i = -1; i < keys->n && !opened; i++) {
		if (i < 0)
			memcpy(k, zero, 16);
		else
			gh_desfire_card_key(keys->k[i].key, keys->site_id, GH_DF_KEY_ADMIN, uid,
			    uidlen, k);
		int st = df_select(d, GH_DF_AID);
		if (st == ST_OK)
			st = df_auth(d, GH_DF_KEY_ADMIN, k);
		if (st == -1) {
			sodium_memzero(k, sizeof k);
			snprintf(why, whylen, "the card left");
			return -1;
		}
		opened = st == 0;
	}
	sodium_memzero(k, sizeof k);
	if (!opened) {
		snprintf(why, whylen, "the card holds a Gatehouse application this site's keys "
		    "do not open: left untouched");
		return 1;
	}
	/* DeleteApplication with the application's own master key. */
	uint8_t da[4] = { 0xDA, (uint8_t)GH_DF_AID, (uint8_t)(GH_DF_AID >> 8),
		(uint8_t)(GH_DF_AID >> 16) }, r[32];
	size_t n;
	int st = df_cmd(d, da, 4, 0, r, sizeof r, &n);
	df_end(d);
	if (st != ST_OK) {
		snprintf(why, whylen, st == -1 ? "the card left" :
		    "cannot delete the unfinished application");
		return -1;
	}
	return 0;
}

int
gh_desfire_personalise_card(gh_df_xfer xfer, void *ctx, const uint8_t *uid, size_t uidlen,
    const struct gh_sitekeys *keys, uint64_t badge_id, uint32_t issue, char *why,
    size_t whylen)
{
	struct df d = { .xfer = xfer, .ctx = ctx,
		.deadline = df_clock() + GH_DF_PERSONALISE_MS };
	uint8_t r[REPLY_MAX], zero[16] = { 0 }, kadmin[16], kread[16];
	size_t n;
	int st, rc = -1;
	const char *w = NULL;
	if (keys->n < 1) {
		snprintf(why, whylen, "no site key");
		return -1;
	}
	const uint8_t *site_key = keys->k[keys->n - 1].key;
	uint8_t version = (uint8_t)keys->k[keys->n - 1].version;
	/* A DESFire EV1 (hardware major version 1), at the PICC level, with no
	 * application: anything else is refused untouched. */
	uint8_t gv[1] = { 0x60 };
	if (df_select(&d, 0) != ST_OK ||
	    df_cmd(&d, gv, 1, F_GATHER, r, sizeof r, &n) != ST_OK || n < 28 ||
	    r[0] != 0x04 || r[1] != 0x01 || r[3] != 0x01) {
		snprintf(why, whylen, "not a DESFire EV1 card");
		return -1;
	}
	uint8_t ga[1] = { 0x6A };
	st = df_cmd(&d, ga, 1, 0, r, sizeof r, &n);
	if (st != ST_OK) {
		snprintf(why, whylen, "the card does not list its applications (status %02X): "
		    "not a factory-fresh card", st & 0xFF);
		return -1;
	}
	if (n == 3 && (uint32_t)(r[0] | r[1] << 8 | r[2] << 16) == GH_DF_AID) {
		/* Ours alone: a badge, or a personalisation that stopped half-way. */
		if (clear_unfinished(&d, uid, uidlen, keys, why, whylen) != 0)
			return -1;
		if (df_select(&d, 0) != ST_OK) {
			snprintf(why, whylen, "the card left");
			return -1;
		}
	} else if (n != 0) {
		snprintf(why, whylen, "the card already holds %zu application(s): personalised "
		    "elsewhere, left untouched", n / 3);
		return -1;
	}
	gh_desfire_card_key(site_key, keys->site_id, GH_DF_KEY_ADMIN, uid, uidlen, kadmin);
	gh_desfire_card_key(site_key, keys->site_id, GH_DF_KEY_READ, uid, uidlen, kread);
	/* The steps are ordered so that a card that loses power between any two of them
	 * is never a badge and can be personalised again (clear_unfinished): the master
	 * key is ours before anything else is written, the magic is written last.
	 *
	 * The application: 2 AES keys; settings 0x09: the master key may change, the
	 * configuration may change, no free directory, no free create/delete, keys
	 * changed with the master key. */
	uint8_t ca[6] = { 0xCA, (uint8_t)GH_DF_AID, (uint8_t)(GH_DF_AID >> 8),
		(uint8_t)(GH_DF_AID >> 16), 0x09, 0x80 | 2 };
	if ((st = df_cmd(&d, ca, 6, 0, r, sizeof r, &n)) != ST_OK) {
		w = st == 0x9D || st == ST_AUTH ? "the card's master key forbids creating "
		    "applications: not a factory-fresh card" : "CreateApplication failed";
		goto out;
	}
	if (df_select(&d, GH_DF_AID) != ST_OK || df_auth(&d, GH_DF_KEY_ADMIN, zero) != 0) {
		w = "cannot authenticate to the new application";
		goto out;
	}
	/* First, the application's master key: from here only this site can change the
	 * application. */
	if (df_change_key(&d, GH_DF_KEY_ADMIN, 1, kadmin, NULL, version) != ST_OK) {
		w = "ChangeKey (master key) failed";
		goto out;
	}
	if (df_auth(&d, GH_DF_KEY_ADMIN, kadmin) != 0) {
		w = "cannot authenticate with the new master key";
		goto out;
	}
	if (df_change_key(&d, GH_DF_KEY_READ, 0, kread, zero, version) != ST_OK) {
		w = "ChangeKey (read key) failed";
		goto out;
	}
	/* File 1: MACed; read with key 1, write and change with key 0. */
	uint8_t cf[8] = { 0xCD, GH_DF_FILE, 0x01, 0x00, 0x10, GH_DF_FILE_SIZE, 0, 0 };
	/* access rights, little-endian: (read << 12) | (write << 8) | (rw << 4) | change */
	uint16_t ar = (uint16_t)(GH_DF_KEY_READ << 12 | GH_DF_KEY_ADMIN << 8 | 0xF << 4 |
	    GH_DF_KEY_ADMIN);
	cf[3] = (uint8_t)ar;
	cf[4] = (uint8_t)(ar >> 8);
	if (df_cmd(&d, cf, 8, F_MAC_CMD | F_MAC_REPLY, r, sizeof r, &n) != ST_OK) {
		w = "CreateStdDataFile failed";
		goto out;
	}
	/* The file: site id, badge id, issue counter; then the magic, alone, last. */
	uint8_t data[GH_DF_FILE_SIZE];
	memcpy(data, MAGIC, 4);
	memcpy(data + 4, keys->site_id, 16);
	for (int i = 0; i < 8; i++)
		data[20 + i] = (uint8_t)(badge_id >> (8 * i));
	le32(data + 28, issue);
	if (df_write(&d, 4, data + 4, GH_DF_FILE_SIZE - 4) != ST_OK ||
	    df_write(&d, 0, data, 4) != ST_OK) {
		w = "WriteData failed";
		goto out;
	}
	rc = 0;
out:
	if (w != NULL)
		snprintf(why, whylen, "%s", w);
	sodium_memzero(kadmin, sizeof kadmin);
	sodium_memzero(kread, sizeof kread);
	df_end(&d);
	return rc;
}

/* ---- through libnfc, in the reader thread ---- */

#include <nfc/nfc.h>

#include "reader/reader.h"

#define EXCHANGE_MS 500		/* a card silent this long has left */

/* The libnfc side of the link: each exchange waits at most EXCHANGE_MS, and never
 * past the operation's deadline. */
struct nfc_link {
	nfc_device *dev;
	uint64_t deadline;
};

static long
nfc_xfer(void *ctx, const uint8_t *tx, size_t txlen, uint8_t *rx, size_t rxcap)
{
	struct nfc_link *l = ctx;
	uint64_t now = df_clock();
	if (now >= l->deadline)
		return -1;
	int wait = l->deadline - now < EXCHANGE_MS ? (int)(l->deadline - now) : EXCHANGE_MS;
	int r = nfc_initiator_transceive_bytes(l->dev, tx, txlen, rx, rxcap, wait);
	return r < 0 ? -1 : r;
}

/* Select the card again with ISO 14443-4 activation (RATS): 1 when it is there and
 * speaks ISO 14443-4 (SAK bit 0x20), else 0. */
static int
activate(nfc_device *dev, const uint8_t *uid, size_t uidlen)
{
	const nfc_modulation mod = { .nmt = NMT_ISO14443A, .nbr = NBR_106 };
	nfc_target nt;
	if (nfc_initiator_select_passive_target(dev, mod, uid, uidlen, &nt) <= 0)
		return 0;
	return (nt.nti.nai.btSak & 0x20) != 0;
}

void
gh_desfire_read(struct nfc_device *dev, const uint8_t *uid, size_t uidlen,
    struct gh_reader_ev *ev, void *arg)
{
	const struct gh_sitekeys *keys = arg;
	uint64_t id;
	if (keys == NULL || !activate(dev, uid, uidlen))
		return;	/* not ISO 14443-4: the UID stays the credential */
	struct nfc_link l = { dev, df_clock() + GH_DF_READ_MS };
	switch (gh_desfire_read_card(nfc_xfer, &l, uid, uidlen, keys, &id)) {
	case GH_DF_OK:
		snprintf(ev->kind, sizeof ev->kind, "desfire");
		snprintf(ev->credential, sizeof ev->credential, "D%llu", (unsigned long long)id);
		break;
	case GH_DF_AUTH_FAILED:
		ev->auth_failed = 1;	/* a Gatehouse application that fails: a clone */
		break;
	default:
		break;
	}
}

void
gh_desfire_personalise(struct nfc_device *dev, const uint8_t *uid, size_t uidlen,
    struct gh_reader_ev *ev, void *arg)
{
	const struct gh_df_job *job = arg;
	snprintf(ev->kind, sizeof ev->kind, "desfire");
	if (!activate(dev, uid, uidlen)) {
		ev->job_failed = 1;
		snprintf(ev->why, sizeof ev->why, "not a DESFire card (no ISO 14443-4)");
		return;
	}
	struct nfc_link l = { dev, df_clock() + GH_DF_PERSONALISE_MS };
	if (gh_desfire_personalise_card(nfc_xfer, &l, uid, uidlen, job->keys, job->badge_id,
	    1, ev->why, sizeof ev->why) != 0) {
		ev->job_failed = 1;
		return;
	}
	snprintf(ev->credential, sizeof ev->credential, "D%llu",
	    (unsigned long long)job->badge_id);
}
