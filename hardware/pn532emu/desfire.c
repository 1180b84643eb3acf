/* The virtual MIFARE DESFire EV1 card: one native command in, one native reply out.
 *
 * What the host sees must match what libfreefare 0.4.0 computes byte for byte
 * (mifare_cryto_preprocess_data / mifare_cryto_postprocess_data): a wrong CMAC or CRC
 * there is a CRYPTO_ERROR, a reply longer than the host's buffer is an overflow.  The
 * rules followed here:
 *   - ISO / AES sessions: the host MACs every command (INS and parameters, except
 *     authentication, 0xAF continuations and enciphered commands) into a running IV;
 *     the card does the same, and appends the first 8 bytes of CMAC(data || 00) to
 *     every successful reply that carries one.  Enciphered traffic chains the same IV.
 *   - Legacy sessions: the IV is zero for every operation; only MACed or enciphered
 *     file traffic, GetCardUID and the key commands use the session key.
 *   - Any error ends the session, as on the card (and the host could not keep the IV
 *     in step anyway: an error reply carries no MAC).
 *   - Replies are framed at 59 data bytes, continued with status 0xAF. */
#include "hardware/pn532emu/desfire_card.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define ST_OK 0x00
#define ST_NO_CHANGES 0x0C
#define ST_OUT_OF_MEMORY 0x0E
#define ST_ILLEGAL_COMMAND 0x1C
#define ST_INTEGRITY 0x1E
#define ST_NO_SUCH_KEY 0x40
#define ST_LENGTH 0x7E
#define ST_PERMISSION 0x9D
#define ST_PARAMETER 0x9E
#define ST_APP_NOT_FOUND 0xA0
#define ST_AUTHENTICATION 0xAE
#define ST_MORE 0xAF
#define ST_BOUNDARY 0xBE
#define ST_COUNT 0xCE
#define ST_DUPLICATE 0xDE
#define ST_FILE_NOT_FOUND 0xF0

#define FRAME_DATA_MAX 59	/* libfreefare reads at most 59 data bytes per frame */
#define VERSION_FRAME 7

/* Key settings bits (PICC and application). */
#define KS_MASTER_CHANGEABLE 0x01
#define KS_FREE_DIRECTORY 0x02
#define KS_FREE_CREATE 0x04
#define KS_CONFIG_CHANGEABLE 0x08

#define AR_FREE 0xE
#define AR_NEVER 0xF

#define MODE_PLAIN 0
#define MODE_MACED 1
#define MODE_ENCIPHERED 3

/* What a command handler leaves for the framing code. */
struct df_reply {
	size_t len;		/* bytes in c->out */
	int mac;		/* append the CMAC in ISO / AES sessions */
	int end_session;	/* the session ends once the reply is built */
	int version;		/* GetVersion framing */
};

/* The host MACs this command into the IV in ISO / AES sessions. */
#define CMD_MACED 0x01

struct df_command {
	uint8_t ins;
	uint8_t flags;
	uint8_t (*run)(struct desfire_card *, const uint8_t *, size_t, struct df_reply *);
};

static uint32_t
le24(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static void
put_le(uint8_t *p, uint32_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int
all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

static size_t
round_up(size_t n, size_t unit)
{
	return (n + unit - 1) / unit * unit;
}

/* Rotate left by one byte (RndA', RndB'). */
static void
rotate_left(uint8_t *dst, const uint8_t *src, size_t len)
{
	memcpy(dst, src + 1, len - 1);
	dst[len - 1] = src[0];
}

static size_t
key_length(enum df_key_type t)
{
	return t == DF_3K3DES ? 24 : 16;
}

/* DESFire keeps the version of a DES-family key in the low bits of its first 8 bytes,
 * most significant first (libfreefare's mifare_desfire_key_get_version). */
static uint8_t
key_version(const struct df_app *a, unsigned no)
{
	uint8_t v = 0;

	if (a->key_type == DF_AES)
		return a->keys[no].aes_version;
	for (int i = 0; i < 8; i++)
		v |= (uint8_t)((a->keys[no].data[i] & 1) << (7 - i));
	return v;
}

/* A 16-byte key whose halves are equal is single DES, which changes how the session
 * key is built.  The comparison is exact, as libfreefare's key types are: its 3DES
 * keys always differ in the parity bits. */
static int
key_is_single_des(const struct df_key *k)
{
	return memcmp(k->data, k->data + 8, 8) == 0;
}

static void
key_cipher(struct df_cipher *ci, enum df_key_type t, const uint8_t *data)
{
	uint8_t k[24];

	switch (t) {
	case DF_AES:
		df_cipher_aes(ci, data);
		return;
	case DF_3K3DES:
		df_cipher_des3(ci, data);
		return;
	case DF_DES:
		memcpy(k, data, 16);
		memcpy(k + 16, data, 8);
		df_cipher_des3(ci, k);
		return;
	}
}

size_t
df_memory_used(const struct desfire_card *c)
{
	size_t used = 0;

	for (size_t i = 0; i < c->napps; i++)
		for (int f = 0; f < DF_MAX_FILES; f++)
			if (c->apps[i]->files[f].present)
				used += round_up(c->apps[i]->files[f].size, DF_ALLOC_UNIT);
	return used;
}

void
df_app_clear(struct df_app *a)
{
	for (int f = 0; f < DF_MAX_FILES; f++) {
		free(a->files[f].data);
		memset(&a->files[f], 0, sizeof(a->files[f]));
	}
}

static struct df_app *
find_app(struct desfire_card *c, uint32_t aid, size_t *index)
{
	for (size_t i = 0; i < c->napps; i++)
		if (c->apps[i]->aid == aid) {
			if (index != NULL)
				*index = i;
			return c->apps[i];
		}
	return NULL;
}

static void
session_end(struct desfire_card *c)
{
	c->scheme = DF_SCHEME_NONE;
	c->auth_key = -1;
	memset(&c->session, 0, sizeof(c->session));
	memset(c->iv, 0, sizeof(c->iv));
}

static int
authenticated_with(const struct desfire_card *c, unsigned key_no)
{
	return c->scheme != DF_SCHEME_NONE && c->auth_key == (int)key_no;
}

/* Management commands need the master key of the selected level unless a key setting
 * frees them. */
static int
master_or(const struct desfire_card *c, uint8_t setting_bit)
{
	return (c->sel->settings & setting_bit) != 0 || authenticated_with(c, 0);
}

struct desfire_card *
desfire_new(const uint8_t uid[DESFIRE_UID_LEN])
{
	struct desfire_card *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	memcpy(c->uid, uid, DESFIRE_UID_LEN);
	c->picc.settings = 0x0F;
	c->picc.nkeys = 1;
	c->picc.key_type = DF_DES;
	desfire_reset(c);
	return c;
}

void
desfire_free(struct desfire_card *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->napps; i++) {
		df_app_clear(c->apps[i]);
		free(c->apps[i]);
	}
	sodium_memzero(c, sizeof(*c));
	free(c);
}

const uint8_t *
desfire_uid(const struct desfire_card *c)
{
	return c->uid;
}

void
desfire_reset(struct desfire_card *c)
{
	session_end(c);
	c->sel = &c->picc;
	c->pending = DF_PENDING_NONE;
	c->out_len = c->out_pos = 0;
	c->in_len = c->in_need = 0;
}

/*
 * Session cryptography.
 */

/* The CRC an enciphered command carries: legacy sessions CRC16 the payload alone,
 * ISO / AES sessions CRC32 the INS, the header and the payload.  Returns its length. */
static size_t
command_crc(const struct desfire_card *c, const uint8_t *header, size_t hlen,
    const uint8_t *payload, size_t n, uint8_t crc[4])
{
	if (c->scheme == DF_SCHEME_LEGACY) {
		put_le(crc, df_crc16(payload, n), 2);
		return 2;
	}
	put_le(crc, df_crc32_update(df_crc32_update(0xFFFFFFFF, header, hlen), payload, n), 4);
	return 4;
}

static size_t
crc_length(const struct desfire_card *c)
{
	return c->scheme == DF_SCHEME_LEGACY ? 2 : 4;
}

/* Decipher the enciphered part of a command (cmd[offset..len)) into body.  Legacy
 * sessions undo the host's "send mode" deciphering with an IV of zero; ISO / AES
 * sessions decipher CBC with the running IV. */
static int
decipher_body(struct desfire_card *c, const uint8_t *cmd, size_t len, size_t offset,
    uint8_t *body, size_t cap)
{
	size_t n;

	if (len < offset)
		return -1;
	n = len - offset;
	if (n == 0 || n % c->session.block != 0 || n > cap)
		return -1;
	memmove(body, cmd + offset, n);	/* WriteData deciphers in place */
	if (c->scheme == DF_SCHEME_LEGACY)
		df_legacy_recover(&c->session, body, n);
	else
		df_cbc_decrypt(&c->session, c->iv, body, n);
	return 0;
}

/* The body of an enciphered command with a payload of n bytes: payload, CRC, zeros. */
static int
check_enciphered(const struct desfire_card *c, const uint8_t *header, size_t hlen,
    const uint8_t *body, size_t body_len, size_t n)
{
	uint8_t crc[4];
	size_t cl = command_crc(c, header, hlen, body, n, crc);

	if (n + cl > body_len || memcmp(body + n, crc, cl) != 0)
		return -1;
	return all_zero(body + n + cl, body_len - n - cl) ? 0 : -1;
}

/* Encipher a reply payload of n bytes in c->out the way libfreefare deciphers it:
 * legacy CRC16 over the payload, ISO / AES CRC32 over payload || status 00; zeros to
 * the block; CBC with IV zero (legacy) or the running IV.  Returns the new length. */
static size_t
encipher_reply(struct desfire_card *c, size_t n)
{
	size_t len;
	uint8_t zero_iv[DF_BLOCK_MAX] = { 0 };
	uint8_t status = ST_OK;

	if (c->scheme == DF_SCHEME_LEGACY) {
		put_le(c->out + n, df_crc16(c->out, n), 2);
		n += 2;
	} else {
		put_le(c->out + n, df_crc32_update(df_crc32(c->out, n), &status, 1), 4);
		n += 4;
	}
	len = round_up(n, c->session.block);
	memset(c->out + n, 0, len - n);
	/* libfreefare looks for a legacy CRC16 from 9 bytes before the end, so a CRC
	 * whose high byte is 0 also "verifies" one byte early, followed by zeros; a
	 * padding that starts with 0x80 (which it accepts) breaks that tie whenever
	 * there are two padding bytes or more. */
	if (c->scheme == DF_SCHEME_LEGACY && len > n)
		c->out[n] = 0x80;
	df_cbc_encrypt(&c->session, c->scheme == DF_SCHEME_LEGACY ? zero_iv : c->iv,
	    c->out, len);
	return len;
}

/* The legacy MAC: first 4 bytes of the last block of a CBC encryption (IV zero) of the
 * data padded with zeros to pad_to bytes. */
static void
legacy_mac(const struct desfire_card *c, const uint8_t *data, size_t n, size_t pad_to,
    uint8_t mac[4])
{
	uint8_t iv[DF_BLOCK_MAX] = { 0 }, block[DF_BLOCK_MAX];
	size_t b = c->session.block;

	for (size_t off = 0; off < pad_to; off += b) {
		memset(block, 0, b);
		if (off < n)
			memcpy(block, data + off, n - off < b ? n - off : b);
		df_cbc_encrypt(&c->session, iv, block, b);
	}
	memcpy(mac, iv, 4);
}

/*
 * Authentication.
 */

static uint8_t
cmd_authenticate(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	struct df_app *a = c->sel;
	uint8_t ins = cmd[0], no, iv[DF_BLOCK_MAX] = { 0 };

	/* Asking to authenticate drops whatever session there was. */
	session_end(c);
	if (len != 2)
		return ST_LENGTH;
	no = cmd[1];
	if (no >= a->nkeys)
		return ST_NO_SUCH_KEY;
	switch (ins) {
	case 0x0A:
		if (a->key_type != DF_DES)
			return ST_AUTHENTICATION;
		break;
	case 0x1A:
		if (a->key_type == DF_AES)
			return ST_AUTHENTICATION;
		break;
	case 0xAA:
		if (a->key_type != DF_AES)
			return ST_AUTHENTICATION;
		break;
	}
	c->auth_ins = ins;
	c->auth_key_no = no;
	c->rnd_len = a->key_type == DF_DES ? 8 : 16;
	key_cipher(&c->auth_cipher, a->key_type, a->keys[no].data);
	randombytes_buf(c->rnd_b, c->rnd_len);
	memcpy(c->out, c->rnd_b, c->rnd_len);
	df_cbc_encrypt(&c->auth_cipher, iv, c->out, c->rnd_len);
	/* ISO / AES: the host enciphers its answer with our last block as IV. */
	memcpy(c->auth_iv, iv, sizeof(iv));
	r->len = c->rnd_len;
	c->pending = DF_PENDING_AUTH;
	return ST_MORE;
}

static void
session_begin(struct desfire_card *c, const uint8_t *a, const uint8_t *b)
{
	const struct df_app *app = c->sel;
	const struct df_key *k = &app->keys[c->auth_key_no];
	uint8_t sk[24];

	switch (app->key_type) {
	case DF_DES:
		memcpy(sk, a, 4);
		memcpy(sk + 4, b, 4);
		if (key_is_single_des(k))
			memcpy(sk + 8, sk, 8);
		else {
			memcpy(sk + 8, a + 4, 4);
			memcpy(sk + 12, b + 4, 4);
		}
		break;
	case DF_3K3DES:
		memcpy(sk, a, 4);
		memcpy(sk + 4, b, 4);
		memcpy(sk + 8, a + 6, 4);
		memcpy(sk + 12, b + 6, 4);
		memcpy(sk + 16, a + 12, 4);
		memcpy(sk + 20, b + 12, 4);
		break;
	case DF_AES:
		memcpy(sk, a, 4);
		memcpy(sk + 4, b, 4);
		memcpy(sk + 8, a + 12, 4);
		memcpy(sk + 12, b + 12, 4);
		break;
	}
	key_cipher(&c->session, app->key_type, sk);
	sodium_memzero(sk, sizeof(sk));
	c->scheme = c->auth_ins == 0x0A ? DF_SCHEME_LEGACY : DF_SCHEME_NEW;
	c->auth_key = c->auth_key_no;
	memset(c->iv, 0, sizeof(c->iv));
}

static uint8_t
auth_finish(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	size_t n = c->rnd_len;
	uint8_t token[32], rot[16], iv[DF_BLOCK_MAX] = { 0 };

	c->pending = DF_PENDING_NONE;
	if (len != 1 + 2 * n)
		return ST_LENGTH;
	memcpy(token, cmd + 1, 2 * n);
	if (c->auth_ins == 0x0A)
		df_legacy_recover(&c->auth_cipher, token, 2 * n);
	else
		df_cbc_decrypt(&c->auth_cipher, c->auth_iv, token, 2 * n);
	rotate_left(rot, c->rnd_b, n);
	if (sodium_memcmp(rot, token + n, n) != 0)
		return ST_AUTHENTICATION;
	rotate_left(c->out, token, n);
	df_cbc_encrypt(&c->auth_cipher, c->auth_ins == 0x0A ? iv : c->auth_iv, c->out, n);
	r->len = n;
	session_begin(c, token, c->rnd_b);
	sodium_memzero(token, sizeof(token));
	return ST_OK;
}

/*
 * PICC and application management.
 */

static uint8_t
cmd_get_version(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	/* Vendor NXP, type DESFire, EV1 (1.0 hardware, 1.4 software), 4 KiB, ISO
	 * 14443-2 and -3; then the UID, a batch number and the production week/year. */
	static const uint8_t hw[7] = { 0x04, 0x01, 0x01, 0x01, 0x00, 0x18, 0x05 };
	static const uint8_t sw[7] = { 0x04, 0x01, 0x01, 0x01, 0x04, 0x18, 0x05 };
	static const uint8_t batch[7] = { 0xBA, 0x5E, 0x0C, 0x44, 0x50, 0x20, 0x24 };

	(void)cmd;
	if (len != 1)
		return ST_LENGTH;
	memcpy(c->out, hw, 7);
	memcpy(c->out + 7, sw, 7);
	memcpy(c->out + 14, c->uid, DESFIRE_UID_LEN);
	memcpy(c->out + 21, batch, 7);
	r->len = 28;
	r->mac = 1;
	r->version = 1;
	return ST_OK;
}

static uint8_t
cmd_get_card_uid(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	(void)cmd;
	if (len != 1)
		return ST_LENGTH;
	if (c->scheme == DF_SCHEME_NONE)
		return ST_AUTHENTICATION;
	memcpy(c->out, c->uid, DESFIRE_UID_LEN);
	r->len = encipher_reply(c, DESFIRE_UID_LEN);
	return ST_OK;
}

static uint8_t
cmd_free_memory(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	(void)cmd;
	if (len != 1)
		return ST_LENGTH;
	put_le(c->out, (uint32_t)(DF_MEMORY - df_memory_used(c)), 3);
	r->len = 3;
	r->mac = 1;
	return ST_OK;
}

static uint8_t
cmd_get_application_ids(struct desfire_card *c, const uint8_t *cmd, size_t len,
    struct df_reply *r)
{
	(void)cmd;
	if (len != 1)
		return ST_LENGTH;
	if (c->sel != &c->picc)
		return ST_PERMISSION;
	if (!master_or(c, KS_FREE_DIRECTORY))
		return ST_AUTHENTICATION;
	for (size_t i = 0; i < c->napps; i++)
		put_le(c->out + 3 * i, c->apps[i]->aid, 3);
	r->len = 3 * c->napps;
	r->mac = 1;
	return ST_OK;
}

static uint8_t
cmd_select_application(struct desfire_card *c, const uint8_t *cmd, size_t len,
    struct df_reply *r)
{
	struct df_app *a;
	uint32_t aid;

	(void)r;
	if (len != 4)
		return ST_LENGTH;
	aid = le24(cmd + 1);
	a = aid == 0 ? &c->picc : find_app(c, aid, NULL);
	if (a == NULL)
		return ST_APP_NOT_FOUND;
	/* Selecting ends the session; libfreefare drops its session key too, so this
	 * reply carries no MAC. */
	session_end(c);
	c->sel = a;
	return ST_OK;
}

static uint8_t
cmd_create_application(struct desfire_card *c, const uint8_t *cmd, size_t len,
    struct df_reply *r)
{
	struct df_app *a;
	uint32_t aid;
	uint8_t nkeys, type;

	/* AID, key settings, key count and type; ISO applications add a file ID and a
	 * DF name of up to 16 bytes. */
	if (len < 6 || len > 24)
		return ST_LENGTH;
	if (c->sel != &c->picc)
		return ST_PERMISSION;
	if (!master_or(c, KS_FREE_CREATE))
		return ST_AUTHENTICATION;
	aid = le24(cmd + 1);
	nkeys = cmd[5] & 0x0F;
	switch (cmd[5] & 0xC0) {
	case 0x00:
		type = DF_DES;
		break;
	case 0x40:
		type = DF_3K3DES;
		break;
	case 0x80:
		type = DF_AES;
		break;
	default:
		return ST_PARAMETER;
	}
	if (aid == 0 || nkeys > DF_MAX_KEYS)
		return ST_PARAMETER;
	if ((cmd[5] & 0x20) == 0 && len != 6)
		return ST_LENGTH;
	if ((cmd[5] & 0x20) != 0 && len < 8)
		return ST_LENGTH;
	if (find_app(c, aid, NULL) != NULL)
		return ST_DUPLICATE;
	if (c->napps >= DF_MAX_APPS)
		return ST_COUNT;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return ST_OUT_OF_MEMORY;
	a->aid = aid;
	a->settings = cmd[4];
	a->nkeys = nkeys;
	a->key_type = type;
	a->iso = (cmd[5] & 0x20) != 0;
	c->apps[c->napps++] = a;
	r->mac = 1;
	return ST_OK;
}

static uint8_t
cmd_delete_application(struct desfire_card *c, const uint8_t *cmd, size_t len,
    struct df_reply *r)
{
	struct df_app *a;
	size_t i;

	if (len != 4)
		return ST_LENGTH;
	if ((a = find_app(c, le24(cmd + 1), &i)) == NULL)
		return ST_APP_NOT_FOUND;
	/* The PICC master key, or the application's own master key. */
	if (!((c->sel == &c->picc || c->sel == a) && authenticated_with(c, 0)))
		return ST_AUTHENTICATION;
	if (c->sel == a) {
		/* libfreefare drops its session too: no MAC on this reply. */
		session_end(c);
		c->sel = &c->picc;
	} else
		r->mac = 1;
	df_app_clear(a);
	free(a);
	memmove(c->apps + i, c->apps + i + 1, (c->napps - i - 1) * sizeof(c->apps[0]));
	c->napps--;
	return ST_OK;
}

static uint8_t
cmd_format_picc(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	(void)cmd;
	if (len != 1)
		return ST_LENGTH;
	if (c->sel != &c->picc)
		return ST_PERMISSION;
	if (!authenticated_with(c, 0))
		return ST_AUTHENTICATION;
	for (size_t i = 0; i < c->napps; i++) {
		df_app_clear(c->apps[i]);
		free(c->apps[i]);
		c->apps[i] = NULL;
	}
	c->napps = 0;
	/* The reply is MACed, then libfreefare forgets the session: so do we. */
	r->mac = 1;
	r->end_session = 1;
	return ST_OK;
}

/*
 * Keys.
 */

static uint8_t
cmd_get_key_settings(struct desfire_card *c, const uint8_t *cmd, size_t len,
    struct df_reply *r)
{
	static const uint8_t type_flag[] = { 0x00, 0x40, 0x80 };

	(void)cmd;
	if (len != 1)
		return ST_LENGTH;
	if (!master_or(c, KS_FREE_DIRECTORY))
		return ST_AUTHENTICATION;
	c->out[0] = c->sel->settings;
	c->out[1] = (uint8_t)(c->sel->nkeys | type_flag[c->sel->key_type]);
	r->len = 2;
	r->mac = 1;
	return ST_OK;
}

static uint8_t
cmd_change_key_settings(struct desfire_card *c, const uint8_t *cmd, size_t len,
    struct df_reply *r)
{
	uint8_t body[32];

	if (!authenticated_with(c, 0))
		return ST_AUTHENTICATION;
	if (!(c->sel->settings & KS_CONFIG_CHANGEABLE))
		return ST_PERMISSION;
	if (decipher_body(c, cmd, len, 1, body, sizeof(body)) == -1)
		return ST_LENGTH;
	if (check_enciphered(c, cmd, 1, body, len - 1, 1) == -1)
		return ST_INTEGRITY;
	c->sel->settings = body[0];
	r->mac = 1;
	return ST_OK;
}

static uint8_t
cmd_get_key_version(struct desfire_card *c, const uint8_t *cmd, size_t len,
    struct df_reply *r)
{
	if (len != 2)
		return ST_LENGTH;
	if (cmd[1] >= c->sel->nkeys)
		return ST_NO_SUCH_KEY;
	c->out[0] = key_version(c->sel, cmd[1]);
	r->len = 1;
	r->mac = 1;
	return ST_OK;
}

/* Who may change key no: the master key needs itself and the "changeable" bit; other
 * keys follow the high nibble of the settings (a key number, 0xE the key itself, 0xF
 * frozen). */
static uint8_t
change_key_allowed(const struct desfire_card *c, unsigned no)
{
	unsigned change_key = c->sel->settings >> 4;

	if (no == 0) {
		if (!authenticated_with(c, 0))
			return ST_AUTHENTICATION;
		return (c->sel->settings & KS_MASTER_CHANGEABLE) ? ST_OK : ST_PERMISSION;
	}
	if (change_key == AR_NEVER)
		return ST_PERMISSION;
	if (!authenticated_with(c, change_key == AR_FREE ? no : change_key))
		return ST_AUTHENTICATION;
	return ST_OK;
}

static uint8_t
cmd_change_key(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	struct df_app *a = c->sel;
	uint8_t body[48], key[DF_KEY_BYTES], crc[4], st;
	unsigned no;
	enum df_key_type type = a->key_type;
	size_t klen, n, cl, body_len;
	int same;

	if (c->scheme == DF_SCHEME_NONE)
		return ST_AUTHENTICATION;
	if (len < 2)
		return ST_LENGTH;
	no = cmd[1] & 0x0F;
	if (a == &c->picc) {
		/* The PICC master key may change family: libfreefare flags the new one
		 * in the key number (0x40 3K3DES, 0x80 AES). */
		type = (cmd[1] & 0x80) ? DF_AES : (cmd[1] & 0x40) ? DF_3K3DES : DF_DES;
	} else if (cmd[1] & 0xF0)
		return ST_PARAMETER;
	if (no >= a->nkeys)
		return ST_NO_SUCH_KEY;
	if ((st = change_key_allowed(c, no)) != ST_OK)
		return st;

	/* New key (XORed with the old one unless it is the session's key), AES version,
	 * CRC of all that, and for another key a CRC of the new key alone. */
	same = c->auth_key == (int)no;
	klen = key_length(type);
	n = klen + (type == DF_AES);
	cl = crc_length(c);
	if (decipher_body(c, cmd, len, 2, body, sizeof(body)) == -1)
		return ST_LENGTH;
	body_len = len - 2;
	if (n + cl + (same ? 0 : cl) > body_len)
		return ST_LENGTH;
	command_crc(c, cmd, 2, body, n, crc);
	if (memcmp(body + n, crc, cl) != 0)
		return ST_INTEGRITY;
	memcpy(key, body, klen);
	if (!same)
		for (size_t i = 0; i < klen; i++)
			key[i] ^= a->keys[no].data[i];
	if (!same) {
		if (c->scheme == DF_SCHEME_LEGACY)
			put_le(crc, df_crc16(key, klen), 2);
		else
			put_le(crc, df_crc32(key, klen), 4);
		if (memcmp(body + n + cl, crc, cl) != 0)
			return ST_INTEGRITY;
	}
	if (!all_zero(body + n + cl * (same ? 1 : 2), body_len - n - cl * (same ? 1 : 2)))
		return ST_INTEGRITY;

	memset(a->keys[no].data, 0, sizeof(a->keys[no].data));
	memcpy(a->keys[no].data, key, klen);
	a->keys[no].aes_version = type == DF_AES ? body[klen] : 0;
	a->key_type = (uint8_t)type;
	sodium_memzero(key, sizeof(key));
	sodium_memzero(body, sizeof(body));
	/* Changing the session's own key ends the session: the reply has no MAC. */
	if (same)
		session_end(c);
	else
		r->mac = 1;
	return ST_OK;
}

/*
 * Files.
 */

static struct df_file *
find_file(struct desfire_card *c, uint8_t no)
{
	if (c->sel == &c->picc || no >= DF_MAX_FILES || !c->sel->files[no].present)
		return NULL;
	return &c->sel->files[no];
}

/* The communication mode of a read or write, or -1 when not permitted.  A session
 * with the read (write) or read-write key uses the file's mode; free access is plain
 * (libfreefare's "madame soleil" guesses the same way). */
static int
access_mode(const struct desfire_card *c, const struct df_file *f, int write)
{
	unsigned key = (f->access >> (write ? 8 : 12)) & 0xF;
	unsigned rw = (f->access >> 4) & 0xF;

	if (c->scheme != DF_SCHEME_NONE && (c->auth_key == (int)key || c->auth_key == (int)rw))
		return f->comm == MODE_MACED || f->comm == MODE_ENCIPHERED ? f->comm : MODE_PLAIN;
	if (key == AR_FREE || rw == AR_FREE)
		return MODE_PLAIN;
	return -1;
}

static uint8_t
cmd_get_file_ids(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	size_t n = 0;

	(void)cmd;
	if (len != 1)
		return ST_LENGTH;
	if (c->sel == &c->picc)
		return ST_PERMISSION;
	if (!master_or(c, KS_FREE_DIRECTORY))
		return ST_AUTHENTICATION;
	for (int f = 0; f < DF_MAX_FILES; f++)
		if (c->sel->files[f].present)
			c->out[n++] = (uint8_t)f;
	r->len = n;
	r->mac = 1;
	return ST_OK;
}

static uint8_t
cmd_get_file_settings(struct desfire_card *c, const uint8_t *cmd, size_t len,
    struct df_reply *r)
{
	struct df_file *f;

	if (len != 2)
		return ST_LENGTH;
	if (c->sel == &c->picc)
		return ST_PERMISSION;
	if ((f = find_file(c, cmd[1])) == NULL)
		return ST_FILE_NOT_FOUND;
	if (!master_or(c, KS_FREE_DIRECTORY))
		return ST_AUTHENTICATION;
	c->out[0] = 0x00;	/* standard data file */
	c->out[1] = f->comm;
	put_le(c->out + 2, f->access, 2);
	put_le(c->out + 4, f->size, 3);
	r->len = 7;
	r->mac = 1;
	return ST_OK;
}

static uint8_t
cmd_create_std_data_file(struct desfire_card *c, const uint8_t *cmd, size_t len,
    struct df_reply *r)
{
	struct df_file *f;
	const uint8_t *p;
	uint8_t no;
	uint32_t size;

	/* File number, [ISO file ID,] communication mode, access rights, size. */
	if (len != (c->sel->iso ? 10u : 8u))
		return ST_LENGTH;
	if (c->sel == &c->picc)
		return ST_PERMISSION;
	if (!master_or(c, KS_FREE_CREATE))
		return ST_AUTHENTICATION;
	no = cmd[1];
	p = cmd + (c->sel->iso ? 4 : 2);
	size = le24(p + 3);
	if (no >= DF_MAX_FILES || p[0] > MODE_ENCIPHERED || size == 0)
		return ST_PARAMETER;
	if (c->sel->files[no].present)
		return ST_DUPLICATE;
	if (size > DF_MEMORY || round_up(size, DF_ALLOC_UNIT) > DF_MEMORY - df_memory_used(c))
		return ST_OUT_OF_MEMORY;
	f = &c->sel->files[no];
	if ((f->data = calloc(1, size)) == NULL)
		return ST_OUT_OF_MEMORY;
	f->present = 1;
	f->comm = p[0];
	f->access = (uint16_t)(p[1] | p[2] << 8);
	f->size = size;
	r->mac = 1;
	return ST_OK;
}

static uint8_t
cmd_delete_file(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	struct df_file *f;

	if (len != 2)
		return ST_LENGTH;
	if (c->sel == &c->picc)
		return ST_PERMISSION;
	if ((f = find_file(c, cmd[1])) == NULL)
		return ST_FILE_NOT_FOUND;
	if (!master_or(c, KS_FREE_CREATE))
		return ST_AUTHENTICATION;
	free(f->data);
	memset(f, 0, sizeof(*f));
	r->mac = 1;
	return ST_OK;
}

static uint8_t
cmd_change_file_settings(struct desfire_card *c, const uint8_t *cmd, size_t len,
    struct df_reply *r)
{
	struct df_file *f;
	uint8_t body[32], mac[DF_BLOCK_MAX];
	const uint8_t *p;
	unsigned change;

	if (len < 2)
		return ST_LENGTH;
	if (c->sel == &c->picc)
		return ST_PERMISSION;
	if ((f = find_file(c, cmd[1])) == NULL)
		return ST_FILE_NOT_FOUND;
	change = f->access & 0xF;
	if (change == AR_FREE) {
		/* Sent plain (and MACed into the IV in ISO / AES sessions). */
		if (c->scheme == DF_SCHEME_NEW)
			df_cmac(&c->session, c->iv, cmd, len, mac);
		if (len != 5)
			return ST_LENGTH;
		p = cmd + 2;
	} else {
		if (change == AR_NEVER)
			return ST_PERMISSION;
		if (!authenticated_with(c, change))
			return ST_AUTHENTICATION;
		if (decipher_body(c, cmd, len, 2, body, sizeof(body)) == -1)
			return ST_LENGTH;
		if (check_enciphered(c, cmd, 2, body, len - 2, 3) == -1)
			return ST_INTEGRITY;
		p = body;
	}
	if (p[0] > MODE_ENCIPHERED)
		return ST_PARAMETER;
	f->comm = p[0];
	f->access = (uint16_t)(p[1] | p[2] << 8);
	r->mac = 1;
	return ST_OK;
}

/* Bytes that follow the 8-byte header of a WriteData of n bytes in a mode. */
static size_t
write_body_length(const struct desfire_card *c, int mode, size_t n)
{
	switch (mode) {
	case MODE_MACED:
		return n + (c->scheme == DF_SCHEME_LEGACY ? 4 : 8);
	case MODE_ENCIPHERED:
		return round_up(n + crc_length(c), c->session.block);
	default:
		return n;
	}
}

/* The whole WriteData has arrived in c->in: check its MAC or CRC and store it. */
static uint8_t
write_complete(struct desfire_card *c, struct df_reply *r)
{
	struct df_file *f = &c->sel->files[c->in[1]];
	uint32_t off = le24(c->in + 2), n = le24(c->in + 5);
	uint8_t mac[DF_BLOCK_MAX], *data = c->in + 8;

	c->pending = DF_PENDING_NONE;
	switch (c->in_mode) {
	case MODE_MACED:
		if (c->scheme == DF_SCHEME_LEGACY) {
			/* libfreefare MACs the data zero-padded to whole blocks. */
			legacy_mac(c, data, n, round_up(n, c->session.block), mac);
			if (sodium_memcmp(mac, data + n, 4) != 0)
				return ST_INTEGRITY;
		} else {
			df_cmac(&c->session, c->iv, c->in, 8 + n, mac);
			if (sodium_memcmp(mac, data + n, 8) != 0)
				return ST_INTEGRITY;
		}
		break;
	case MODE_ENCIPHERED:
		if (decipher_body(c, c->in, c->in_need, 8, data, c->in_need - 8) == -1)
			return ST_LENGTH;
		if (check_enciphered(c, c->in, 8, data, c->in_need - 8, n) == -1)
			return ST_INTEGRITY;
		break;
	default:
		if (c->scheme == DF_SCHEME_NEW)
			df_cmac(&c->session, c->iv, c->in, c->in_need, mac);
		break;
	}
	memcpy(f->data + off, data, n);
	r->mac = 1;
	return ST_OK;
}

static uint8_t
cmd_write_data(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	struct df_file *f;
	uint32_t off, n;
	int mode;

	if (len < 8)
		return ST_LENGTH;
	if (c->sel == &c->picc)
		return ST_PERMISSION;
	if ((f = find_file(c, cmd[1])) == NULL)
		return ST_FILE_NOT_FOUND;
	off = le24(cmd + 2);
	n = le24(cmd + 5);
	if (n == 0)
		return ST_LENGTH;
	if (off > f->size || n > f->size - off)
		return ST_BOUNDARY;
	if ((mode = access_mode(c, f, 1)) == -1)
		return ST_PERMISSION;
	c->in_mode = mode;
	c->in_need = 8 + write_body_length(c, mode, n);
	if (len > c->in_need || c->in_need > sizeof(c->in))
		return ST_LENGTH;
	memcpy(c->in, cmd, len);
	c->in_len = len;
	if (c->in_len < c->in_need) {
		c->pending = DF_PENDING_WRITE;
		return ST_MORE;
	}
	return write_complete(c, r);
}

static uint8_t
write_continue(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	if (len - 1 > c->in_need - c->in_len) {
		c->pending = DF_PENDING_NONE;
		return ST_LENGTH;
	}
	memcpy(c->in + c->in_len, cmd + 1, len - 1);
	c->in_len += len - 1;
	if (c->in_len < c->in_need)
		return ST_MORE;
	return write_complete(c, r);
}

static uint8_t
cmd_read_data(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	struct df_file *f;
	uint32_t off, n;
	int mode;

	if (len != 8)
		return ST_LENGTH;
	if (c->sel == &c->picc)
		return ST_PERMISSION;
	if ((f = find_file(c, cmd[1])) == NULL)
		return ST_FILE_NOT_FOUND;
	off = le24(cmd + 2);
	n = le24(cmd + 5);
	if (off >= f->size || n > f->size - off)
		return ST_BOUNDARY;
	if (n == 0)
		n = f->size - off;	/* up to the end of the file */
	if ((mode = access_mode(c, f, 0)) == -1)
		return ST_PERMISSION;
	memcpy(c->out, f->data + off, n);
	r->len = n;
	if (mode == MODE_ENCIPHERED)
		r->len = encipher_reply(c, n);
	else if (mode == MODE_MACED && c->scheme == DF_SCHEME_LEGACY) {
		/* libfreefare checks the legacy MAC over the data padded as if a CRC16
		 * followed it, so a length of 8k or 8k-1 takes one block more. */
		legacy_mac(c, c->out, n, round_up(n + 2, c->session.block), c->out + n);
		r->len = n + 4;
	} else
		r->mac = 1;	/* plain and MACed: CMAC in ISO / AES sessions */
	return ST_OK;
}

/* CommitTransaction / AbortTransaction: standard data files are written at once, so
 * there is never anything to commit; hosts that always commit still get their OK. */
static uint8_t
cmd_transaction(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	(void)cmd;
	if (len != 1)
		return ST_LENGTH;
	if (c->sel == &c->picc)
		return ST_PERMISSION;
	r->mac = 1;
	return ST_OK;
}

static const struct df_command commands[] = {
	{ 0x0A, 0, cmd_authenticate },
	{ 0x1A, 0, cmd_authenticate },
	{ 0xAA, 0, cmd_authenticate },
	{ 0x3D, 0, cmd_write_data },
	{ 0x45, CMD_MACED, cmd_get_key_settings },
	{ 0x51, CMD_MACED, cmd_get_card_uid },
	{ 0x54, 0, cmd_change_key_settings },
	{ 0x5A, CMD_MACED, cmd_select_application },
	{ 0x5F, 0, cmd_change_file_settings },
	{ 0x60, CMD_MACED, cmd_get_version },
	{ 0x64, CMD_MACED, cmd_get_key_version },
	{ 0x6A, CMD_MACED, cmd_get_application_ids },
	{ 0x6E, CMD_MACED, cmd_free_memory },
	{ 0x6F, CMD_MACED, cmd_get_file_ids },
	{ 0xA7, CMD_MACED, cmd_transaction },
	{ 0xBD, CMD_MACED, cmd_read_data },
	{ 0xC4, 0, cmd_change_key },
	{ 0xC7, CMD_MACED, cmd_transaction },
	{ 0xCA, CMD_MACED, cmd_create_application },
	{ 0xCD, CMD_MACED, cmd_create_std_data_file },
	{ 0xDA, CMD_MACED, cmd_delete_application },
	{ 0xDF, CMD_MACED, cmd_delete_file },
	{ 0xF5, CMD_MACED, cmd_get_file_settings },
	{ 0xFC, CMD_MACED, cmd_format_picc },
};

/* The next frame of c->out: status AF while more follows, 00 on the last. */
static size_t
next_frame(struct desfire_card *c, uint8_t *reply, size_t cap)
{
	size_t room = cap - 1, n;

	if (room > FRAME_DATA_MAX)
		room = FRAME_DATA_MAX;
	if (c->out_version && c->out_pos < 2 * VERSION_FRAME && room > VERSION_FRAME)
		room = VERSION_FRAME;
	n = c->out_len - c->out_pos;
	if (n > room)
		n = room;
	if (n == 0 && c->out_pos < c->out_len) {
		/* The caller's buffer cannot hold even one data byte. */
		c->pending = DF_PENDING_NONE;
		session_end(c);
		reply[0] = ST_LENGTH;
		return 1;
	}
	memcpy(reply + 1, c->out + c->out_pos, n);
	c->out_pos += n;
	if (c->out_pos < c->out_len) {
		c->pending = DF_PENDING_REPLY;
		reply[0] = ST_MORE;
	} else {
		c->pending = DF_PENDING_NONE;
		reply[0] = ST_OK;
	}
	return 1 + n;
}

static uint8_t
continue_pending(struct desfire_card *c, const uint8_t *cmd, size_t len, struct df_reply *r)
{
	switch (c->pending) {
	case DF_PENDING_AUTH:
		return auth_finish(c, cmd, len, r);
	case DF_PENDING_WRITE:
		return write_continue(c, cmd, len, r);
	default:
		/* DF_PENDING_REPLY is served before we get here. */
		c->pending = DF_PENDING_NONE;
		return ST_ILLEGAL_COMMAND;
	}
}

size_t
desfire_command(struct desfire_card *c, const uint8_t *cmd, size_t len, uint8_t *reply,
    size_t cap)
{
	struct df_reply r = { 0 };
	const struct df_command *command = NULL;
	uint8_t status, mac[DF_BLOCK_MAX];
	size_t n;

	if (cap == 0)
		return 0;
	if (cmd == NULL || len == 0) {
		status = ST_LENGTH;
		c->pending = DF_PENDING_NONE;
	} else if (cmd[0] == ST_MORE) {
		if (c->pending == DF_PENDING_REPLY && len == 1)
			return next_frame(c, reply, cap);
		status = continue_pending(c, cmd, len, &r);
	} else {
		/* A new command abandons whatever exchange was under way. */
		c->pending = DF_PENDING_NONE;
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (commands[i].ins == cmd[0])
				command = &commands[i];
		if (command == NULL)
			status = ST_ILLEGAL_COMMAND;
		else {
			if ((command->flags & CMD_MACED) && c->scheme == DF_SCHEME_NEW)
				df_cmac(&c->session, c->iv, cmd, len, mac);
			status = command->run(c, cmd, len, &r);
		}
	}

	if (status != ST_OK && status != ST_MORE) {
		session_end(c);
		c->pending = DF_PENDING_NONE;
		reply[0] = status;
		return 1;
	}
	if (status == ST_MORE) {
		/* Authentication challenge or a request for more command frames. */
		n = r.len < cap - 1 ? r.len : cap - 1;
		reply[0] = ST_MORE;
		memcpy(reply + 1, c->out, n);
		return 1 + n;
	}
	if (r.mac && c->scheme == DF_SCHEME_NEW) {
		/* CMAC over data || status; the first 8 bytes go before the status. */
		c->out[r.len] = ST_OK;
		df_cmac(&c->session, c->iv, c->out, r.len + 1, mac);
		memcpy(c->out + r.len, mac, 8);
		r.len += 8;
	}
	if (r.end_session)
		session_end(c);
	c->out_len = r.len;
	c->out_pos = 0;
	c->out_version = r.version;
	return next_frame(c, reply, cap);
}
