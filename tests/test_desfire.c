/* The virtual DESFire EV1 card, driven by a small host written here on nettle that
 * does what libfreefare 0.4.0 does: the same authentications, CMACs, CRCs and frames.
 * Every test is something a person personalising or reading a badge would check. */
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/aes.h>
#include <nettle/cbc.h>
#include <nettle/cmac.h>
#include <nettle/des.h>

#include "hardware/pn532emu/desfire.h"
#include "hardware/pn532emu/desfire_crypto.h"

GH_SUITE("desfire", NULL, NULL)

#define FRAME_MAX 59		/* data bytes libfreefare accepts in one reply frame */

static const uint8_t test_uid[7] = { 0x04, 0x5A, 0x11, 0x22, 0x33, 0x44, 0x80 };
static const uint8_t zero_key[24];
static const uint8_t app_key[16] = "GatehouseAppKey1";
static const uint8_t reader_key[16] = "GatehouseReader2";

enum host_session { HOST_NONE, HOST_DES, HOST_AES };

/* The host side: the card, the session it believes in, and every frame's size. */
struct host {
	struct desfire_card *card;
	enum host_session session;
	struct des_ctx des;		/* legacy session key */
	struct aes128_ctx aes_enc, aes_dec;
	uint8_t iv[16];
	uint8_t k1[16], k2[16];		/* CMAC subkeys */
	size_t frames;
	size_t longest_frame;		/* data bytes */
};

static void
host_init(struct host *h, struct desfire_card *card)
{
	memset(h, 0, sizeof(*h));
	h->card = card;
}

/* One native frame; returns the reply length (status first). */
static size_t
xfer(struct host *h, const uint8_t *cmd, size_t len, uint8_t *reply)
{
	size_t n = desfire_command(h->card, cmd, len, reply, DESFIRE_REPLY_MAX);

	CU_ASSERT(n >= 1 && n <= DESFIRE_REPLY_MAX);
	h->frames++;
	if (n > 0 && n - 1 > h->longest_frame)
		h->longest_frame = n - 1;
	return n;
}

/* A command with its reply frames gathered (0xAF continuations); returns the final
 * status and the data of all frames. */
static uint8_t
exchange(struct host *h, const uint8_t *cmd, size_t len, uint8_t *data, size_t *dlen)
{
	uint8_t reply[DESFIRE_REPLY_MAX], more = 0xAF;
	size_t n = xfer(h, cmd, len, reply), total = 0;

	for (;;) {
		CU_ASSERT_FATAL(n >= 1);
		CU_ASSERT(n - 1 <= FRAME_MAX);
		if (data != NULL) {
			memcpy(data + total, reply + 1, n - 1);
			total += n - 1;
		}
		if (reply[0] != 0xAF)
			break;
		n = xfer(h, &more, 1, reply);
	}
	if (dlen != NULL)
		*dlen = total;
	return reply[0];
}

static void
rol1(uint8_t *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[(i + 1) % n];
}

static void
put_le24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
}

/*
 * AES session: authentication, CMAC with a running IV, CRC32 and enciphering.
 */

static void
subkey_shift(uint8_t *dst, const uint8_t *src)
{
	uint8_t carry = src[0] & 0x80;

	for (int i = 0; i < 16; i++)
		dst[i] = (uint8_t)(src[i] << 1 | (i < 15 ? src[i + 1] >> 7 : 0));
	if (carry)
		dst[15] ^= 0x87;
}

static void
host_aes_session(struct host *h, const uint8_t key[16])
{
	uint8_t l[16] = { 0 };

	aes128_set_encrypt_key(&h->aes_enc, key);
	aes128_set_decrypt_key(&h->aes_dec, key);
	aes128_encrypt(&h->aes_enc, 16, l, l);
	subkey_shift(h->k1, l);
	subkey_shift(h->k2, h->k1);
	memset(h->iv, 0, sizeof(h->iv));
	h->session = HOST_AES;
}

/* libfreefare's cmac(): pad, XOR a subkey into the last block, CBC from the IV. */
static void
host_cmac(struct host *h, const uint8_t *msg, size_t len, uint8_t mac[16])
{
	uint8_t buf[DESFIRE_REPLY_MAX * 16];
	size_t padded = (len == 0 || len % 16) ? (len / 16 + 1) * 16 : len;
	const uint8_t *k = padded == len ? h->k1 : h->k2;

	CU_ASSERT_FATAL(padded <= sizeof(buf));
	memset(buf, 0, padded);
	memcpy(buf, msg, len);
	if (padded != len)
		buf[len] = 0x80;
	for (int i = 0; i < 16; i++)
		buf[padded - 16 + i] ^= k[i];
	cbc_encrypt(&h->aes_enc, (nettle_cipher_func *)aes128_encrypt, 16, h->iv, padded, buf,
	    buf);
	memcpy(mac, h->iv, 16);
}

static uint8_t
aes_authenticate(struct host *h, uint8_t cmd_ins, uint8_t key_no, const uint8_t key[16])
{
	struct aes128_ctx enc, dec;
	uint8_t cmd[33] = { cmd_ins, key_no }, reply[DESFIRE_REPLY_MAX], iv[16] = { 0 };
	uint8_t rnd_b[16], rnd_a[16], token[32], check[16];
	size_t n;

	h->session = HOST_NONE;
	aes128_set_encrypt_key(&enc, key);
	aes128_set_decrypt_key(&dec, key);
	n = xfer(h, cmd, 2, reply);
	if (reply[0] != 0xAF)
		return reply[0];
	CU_ASSERT_EQUAL_FATAL(n, 17);
	cbc_decrypt(&dec, (nettle_cipher_func *)aes128_decrypt, 16, iv, 16, rnd_b, reply + 1);
	for (int i = 0; i < 16; i++)
		rnd_a[i] = (uint8_t)(0xA0 + 3 * i);
	memcpy(token, rnd_a, 16);
	rol1(token + 16, rnd_b, 16);
	cmd[0] = 0xAF;
	cbc_encrypt(&enc, (nettle_cipher_func *)aes128_encrypt, 16, iv, 32, cmd + 1, token);
	n = xfer(h, cmd, 33, reply);
	if (reply[0] != 0x00)
		return reply[0];
	CU_ASSERT_EQUAL_FATAL(n, 17);
	cbc_decrypt(&dec, (nettle_cipher_func *)aes128_decrypt, 16, iv, 16, check, reply + 1);
	rol1(token, rnd_a, 16);
	CU_ASSERT(memcmp(check, token, 16) == 0);
	{
		uint8_t sk[16];

		memcpy(sk, rnd_a, 4);
		memcpy(sk + 4, rnd_b, 4);
		memcpy(sk + 8, rnd_a + 12, 4);
		memcpy(sk + 12, rnd_b + 12, 4);
		host_aes_session(h, sk);
	}
	return 0x00;
}

/* A plain command in an AES session: MAC it into the IV, verify and strip the reply's
 * CMAC (first 8 bytes of CMAC(data || 00)).  Error replies carry no MAC. */
static uint8_t
aes_command(struct host *h, const uint8_t *cmd, size_t len, uint8_t *data, size_t *dlen)
{
	uint8_t buf[8192], mac[16], got[8], st;
	size_t n;

	host_cmac(h, cmd, len, mac);
	st = exchange(h, cmd, len, buf, &n);
	if (st != 0x00) {
		h->session = HOST_NONE;
		return st;
	}
	CU_ASSERT_FATAL(n >= 8 && n < sizeof(buf));
	memcpy(got, buf + n - 8, 8);
	buf[n - 8] = 0x00;
	host_cmac(h, buf, n - 7, mac);
	CU_ASSERT(memcmp(got, mac, 8) == 0);
	if (data != NULL)
		memcpy(data, buf, n - 8);
	if (dlen != NULL)
		*dlen = n - 8;
	return st;
}

static void
put_crc32(uint8_t *p, uint32_t crc)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(crc >> (8 * i));
}

/* A ChangeKey in an AES session (libfreefare's mifare_desfire_change_key): the new
 * AES key, XORed with the old one unless it is the session's key, its version, a
 * CRC32 over INS, key number and all that, for another key a CRC32 of the new key;
 * zeros to 16 and CBC with the running IV. */
static uint8_t
aes_change_key(struct host *h, uint8_t key_no, int same, const uint8_t new_key[16],
    uint8_t version, const uint8_t old_key[16])
{
	uint8_t cmd[2 + 32] = { 0xC4, key_no }, body[32] = { 0 }, reply[DESFIRE_REPLY_MAX];
	uint8_t mac[16], st;
	size_t n;

	memcpy(cmd + 2, new_key, 16);
	if (!same)
		for (int i = 0; i < 16; i++)
			cmd[2 + i] ^= old_key[i];
	cmd[18] = version;
	put_crc32(cmd + 19, df_crc32(cmd, 19));
	if (!same)
		put_crc32(cmd + 23, df_crc32(new_key, 16));
	memcpy(body, cmd + 2, same ? 21 : 25);
	cbc_encrypt(&h->aes_enc, (nettle_cipher_func *)aes128_encrypt, 16, h->iv, 32, cmd + 2,
	    body);
	n = xfer(h, cmd, sizeof(cmd), reply);
	st = reply[0];
	if (st != 0x00 || same) {
		/* Changing the session's key ends the session: a bare status. */
		CU_ASSERT_EQUAL(n, 1);
		h->session = HOST_NONE;
		return st;
	}
	CU_ASSERT_EQUAL_FATAL(n, 9);
	host_cmac(h, (const uint8_t[]){ 0x00 }, 1, mac);
	CU_ASSERT(memcmp(reply + 1, mac, 8) == 0);
	return st;
}

/*
 * Legacy session (Authenticate 0x0A): DES, "send mode" deciphering, CRC16.
 */

static uint8_t
des_authenticate(struct host *h, uint8_t key_no, const uint8_t key[8])
{
	struct des_ctx k;
	uint8_t cmd[17] = { 0x0A, key_no }, reply[DESFIRE_REPLY_MAX];
	uint8_t rnd_a[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, rnd_b[8], t[8];
	size_t n;

	h->session = HOST_NONE;
	des_set_key(&k, key);
	n = xfer(h, cmd, 2, reply);
	if (reply[0] != 0xAF)
		return reply[0];
	CU_ASSERT_EQUAL_FATAL(n, 9);
	des_decrypt(&k, 8, rnd_b, reply + 1);
	/* c1 = D(RndA), c2 = D(rol(RndB) ^ c1) */
	des_decrypt(&k, 8, cmd + 1, rnd_a);
	rol1(t, rnd_b, 8);
	for (int i = 0; i < 8; i++)
		t[i] ^= cmd[1 + i];
	des_decrypt(&k, 8, cmd + 9, t);
	cmd[0] = 0xAF;
	n = xfer(h, cmd, 17, reply);
	if (reply[0] != 0x00)
		return reply[0];
	CU_ASSERT_EQUAL_FATAL(n, 9);
	des_decrypt(&k, 8, t, reply + 1);
	rol1(cmd, rnd_a, 8);
	CU_ASSERT(memcmp(t, cmd, 8) == 0);
	memcpy(t, rnd_a, 4);
	memcpy(t + 4, rnd_b, 4);
	des_set_key(&h->des, t);
	h->session = HOST_DES;
	return 0x00;
}

/* "Send mode": each block XORed with the previous result, then DES-deciphered. */
static void
des_send_mode(struct host *h, uint8_t *data, size_t len)
{
	uint8_t prev[8] = { 0 };

	for (size_t off = 0; off < len; off += 8) {
		for (int i = 0; i < 8; i++)
			data[off + i] ^= prev[i];
		des_decrypt(&h->des, 8, data + off, data + off);
		memcpy(prev, data + off, 8);
	}
}

/*
 * Building blocks of the scenarios.
 */

static struct desfire_card *
fresh_card(void)
{
	struct desfire_card *c = desfire_new(test_uid);

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	return c;
}

static uint8_t
plain(struct host *h, const uint8_t *cmd, size_t len)
{
	return exchange(h, cmd, len, NULL, NULL);
}

static uint8_t
select_app(struct host *h, uint32_t aid)
{
	uint8_t cmd[4] = { 0x5A };

	put_le24(cmd + 1, aid);
	h->session = HOST_NONE;
	return plain(h, cmd, 4);
}

/* A factory card with one AES application (two keys, key settings 0x09: master key
 * changes keys, configuration changeable, no free listing or creation), selected and
 * authenticated with its master key. */
static void
aes_application(struct host *h, uint32_t aid)
{
	uint8_t cmd[6] = { 0xCA };

	put_le24(cmd + 1, aid);
	cmd[4] = 0x09;
	cmd[5] = 0x82;
	CU_ASSERT_EQUAL_FATAL(plain(h, cmd, 6), 0x00);
	CU_ASSERT_EQUAL_FATAL(select_app(h, aid), 0x00);
	CU_ASSERT_EQUAL_FATAL(aes_authenticate(h, 0xAA, 0, zero_key), 0x00);
}

static uint8_t
create_file(struct host *h, uint8_t no, uint8_t comm, uint16_t access, uint32_t size)
{
	uint8_t cmd[8] = { 0xCD, no, comm, (uint8_t)access, (uint8_t)(access >> 8) };

	put_le24(cmd + 5, size);
	return h->session == HOST_AES ? aes_command(h, cmd, 8, NULL, NULL) : plain(h, cmd, 8);
}

/* WriteData, plain or (maced) with the command's CMAC appended: the host sends at
 * most 55 bytes a frame (libfreefare's MAX_CAPDU_SIZE), the card asks for more with
 * 0xAF. */
static uint8_t
write_data(struct host *h, uint8_t no, uint32_t off, const uint8_t *data, size_t len,
    int maced)
{
	uint8_t cmd[8 + 4096 + 8], frame[56], reply[DESFIRE_REPLY_MAX], mac[16];
	size_t total = 8 + len, sent = 0, n;

	cmd[0] = 0x3D;
	cmd[1] = no;
	put_le24(cmd + 2, off);
	put_le24(cmd + 5, (uint32_t)len);
	memcpy(cmd + 8, data, len);
	if (h->session == HOST_AES)
		host_cmac(h, cmd, total, mac);
	if (maced) {
		memcpy(cmd + total, mac, 8);
		total += 8;
	}
	sent = total < 55 ? total : 55;
	n = xfer(h, cmd, sent, reply);
	while (reply[0] == 0xAF && sent < total) {
		size_t chunk = total - sent < 54 ? total - sent : 54;

		frame[0] = 0xAF;
		memcpy(frame + 1, cmd + sent, chunk);
		n = xfer(h, frame, 1 + chunk, reply);
		sent += chunk;
	}
	if (reply[0] == 0x00 && h->session == HOST_AES) {
		CU_ASSERT_EQUAL_FATAL(n, 9);
		host_cmac(h, (const uint8_t[]){ 0x00 }, 1, mac);
		CU_ASSERT(memcmp(reply + 1, mac, 8) == 0);
	}
	return reply[0];
}

static uint8_t
read_file(struct host *h, uint8_t no, uint32_t off, uint32_t len, uint8_t *data,
    size_t *dlen)
{
	uint8_t cmd[8] = { 0xBD, no };

	put_le24(cmd + 2, off);
	put_le24(cmd + 5, len);
	if (h->session == HOST_AES)
		return aes_command(h, cmd, 8, data, dlen);
	return exchange(h, cmd, 8, data, dlen);
}

/*
 * The tests.
 */

static void
test_card_reports_version_in_three_frames(void)
{
	struct host h;
	uint8_t cmd = 0x60, more = 0xAF, reply[DESFIRE_REPLY_MAX];
	static const uint8_t hw[] = { 0x00, 0x04, 0x01, 0x01, 0x01, 0x00, 0x18, 0x05 };
	static const uint8_t sw[] = { 0xAF, 0x04, 0x01, 0x01, 0x01, 0x04, 0x18, 0x05 };

	host_init(&h, fresh_card());
	CU_ASSERT_EQUAL(xfer(&h, &cmd, 1, reply), 8);
	CU_ASSERT_EQUAL(reply[0], 0xAF);
	CU_ASSERT(memcmp(reply + 1, hw + 1, 7) == 0);
	CU_ASSERT_EQUAL(xfer(&h, &more, 1, reply), 8);
	CU_ASSERT(memcmp(reply, sw, 8) == 0);
	CU_ASSERT_EQUAL(xfer(&h, &more, 1, reply), 15);
	CU_ASSERT_EQUAL(reply[0], 0x00);
	CU_ASSERT(memcmp(reply + 1, test_uid, 7) == 0);
	CU_ASSERT(memcmp(desfire_uid(h.card), test_uid, 7) == 0);
	/* Nothing more to send: a stray continuation is an illegal command. */
	CU_ASSERT_EQUAL(xfer(&h, &more, 1, reply), 1);
	CU_ASSERT_EQUAL(reply[0], 0x1C);
	desfire_free(h.card);
}

static void
test_factory_des_key_authenticates_and_wrong_key_does_not(void)
{
	struct host h;
	static const uint8_t wrong[8] = "ABCDEFGH";
	uint8_t cmd[2] = { 0x45 }, data[64];
	size_t n;

	host_init(&h, fresh_card());
	CU_ASSERT_EQUAL(des_authenticate(&h, 0, wrong), 0xAE);
	CU_ASSERT_EQUAL(des_authenticate(&h, 0, zero_key), 0x00);
	/* Legacy sessions do not MAC plain replies: settings 0F, one DES key. */
	CU_ASSERT_EQUAL(exchange(&h, cmd, 1, data, &n), 0x00);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(data[0], 0x0F);
	CU_ASSERT_EQUAL(data[1], 0x01);
	/* Each challenge is fresh. */
	{
		uint8_t first[DESFIRE_REPLY_MAX], second[DESFIRE_REPLY_MAX];

		CU_ASSERT_EQUAL(xfer(&h, (const uint8_t[]){ 0x0A, 0 }, 2, first), 9);
		CU_ASSERT_EQUAL(xfer(&h, (const uint8_t[]){ 0x0A, 0 }, 2, second), 9);
		CU_ASSERT(memcmp(first, second, 9) != 0);
	}
	/* The PICC has one key; AES authentication of a DES key fails. */
	CU_ASSERT_EQUAL(des_authenticate(&h, 1, zero_key), 0x40);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 0, zero_key), 0xAE);
	desfire_free(h.card);
}

static void
test_aes_session_macs_replies_and_enciphers_the_uid(void)
{
	struct host h;
	uint8_t cmd[2] = { 0x45 }, data[64], mac[16], plain_uid[16];
	size_t n;

	host_init(&h, fresh_card());
	aes_application(&h, 0x010203);
	CU_ASSERT_EQUAL(aes_command(&h, cmd, 1, data, &n), 0x00);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(data[0], 0x09);
	CU_ASSERT_EQUAL(data[1], 0x82);	/* two keys, AES */
	/* Several MACed commands in a row keep both IVs in step. */
	cmd[0] = 0x64;
	cmd[1] = 1;
	CU_ASSERT_EQUAL(aes_command(&h, cmd, 2, data, &n), 0x00);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(data[0], 0x00);
	cmd[0] = 0x6E;
	CU_ASSERT_EQUAL(aes_command(&h, cmd, 1, data, &n), 0x00);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(data[0] | data[1] << 8 | data[2] << 16, 4096);

	/* GetCardUID: UID, CRC32(UID || 00), zeros, enciphered with the running IV. */
	cmd[0] = 0x51;
	host_cmac(&h, cmd, 1, mac);
	CU_ASSERT_EQUAL(exchange(&h, cmd, 1, data, &n), 0x00);
	CU_ASSERT_EQUAL_FATAL(n, 16);
	cbc_decrypt(&h.aes_dec, (nettle_cipher_func *)aes128_decrypt, 16, h.iv, 16, plain_uid,
	    data);
	CU_ASSERT(memcmp(plain_uid, test_uid, 7) == 0);
	plain_uid[11] = 0;	/* the status byte goes into the CRC */
	{
		uint8_t crc_in[8];

		memcpy(crc_in, test_uid, 7);
		crc_in[7] = 0x00;
		put_crc32(data, df_crc32(crc_in, 8));
		CU_ASSERT(memcmp(plain_uid + 7, data, 4) == 0);
	}
	/* And the IV still agrees after it. */
	cmd[0] = 0x45;
	CU_ASSERT_EQUAL(aes_command(&h, cmd, 1, data, &n), 0x00);
	desfire_free(h.card);
}

static void
test_changed_aes_key_replaces_the_old_one(void)
{
	struct host h;
	uint8_t cmd[2] = { 0x64, 0 }, data[16];
	size_t n;

	host_init(&h, fresh_card());
	aes_application(&h, 0x0A0B0C);
	/* Another key first (XOR with the old key, two CRC32s), then the master key. */
	CU_ASSERT_EQUAL(aes_change_key(&h, 1, 0, reader_key, 0x21, zero_key), 0x00);
	CU_ASSERT_EQUAL(aes_change_key(&h, 0, 1, app_key, 0x42, NULL), 0x00);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 0, zero_key), 0xAE);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 0, app_key), 0x00);
	CU_ASSERT_EQUAL(aes_command(&h, cmd, 2, data, &n), 0x00);
	CU_ASSERT_EQUAL(data[0], 0x42);
	cmd[1] = 1;
	CU_ASSERT_EQUAL(aes_command(&h, cmd, 2, data, &n), 0x00);
	CU_ASSERT_EQUAL(data[0], 0x21);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 1, reader_key), 0x00);
	/* Key 1 may not change key 1 here: only the master key changes keys. */
	CU_ASSERT_EQUAL(aes_change_key(&h, 1, 1, zero_key, 0, NULL), 0xAE);
	desfire_free(h.card);
}

static void
test_picc_master_key_moves_from_des_to_aes(void)
{
	struct host h;
	uint8_t cmd[2 + 24] = { 0xC4, 0x80 }, reply[DESFIRE_REPLY_MAX];
	uint16_t crc;

	host_init(&h, fresh_card());
	CU_ASSERT_EQUAL_FATAL(des_authenticate(&h, 0, zero_key), 0x00);
	/* Legacy ChangeKey of the session's key: key, version, CRC16 of both, zeros,
	 * "send mode" deciphered; 0x80 in the key number asks for an AES key. */
	memcpy(cmd + 2, app_key, 16);
	cmd[18] = 0x07;
	crc = df_crc16(cmd + 2, 17);
	cmd[19] = (uint8_t)crc;
	cmd[20] = (uint8_t)(crc >> 8);
	des_send_mode(&h, cmd + 2, 24);
	CU_ASSERT_EQUAL(xfer(&h, cmd, sizeof(cmd), reply), 1);
	CU_ASSERT_EQUAL(reply[0], 0x00);
	CU_ASSERT_EQUAL(des_authenticate(&h, 0, zero_key), 0xAE);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 0, app_key), 0x00);
	cmd[0] = 0x64;
	cmd[1] = 0;
	CU_ASSERT_EQUAL(aes_command(&h, cmd, 2, reply, NULL), 0x00);
	CU_ASSERT_EQUAL(reply[0], 0x07);
	desfire_free(h.card);
}

static void
test_hundred_bytes_round_trip_in_frames(void)
{
	struct host h;
	uint8_t text[100], back[200], cmd[8] = { 0xBD, 1, 0, 0, 0, 0, 0, 0 };
	uint8_t reply[DESFIRE_REPLY_MAX], more = 0xAF, mac[16];
	size_t n;

	for (int i = 0; i < 100; i++)
		text[i] = (uint8_t)(i * 7 + 3);
	host_init(&h, fresh_card());
	aes_application(&h, 0x112233);
	/* MACed; free read, write with key 0, read-write and change with key 0. */
	CU_ASSERT_EQUAL(create_file(&h, 1, 0x01, 0xE000, 100), 0x00);
	CU_ASSERT_EQUAL(write_data(&h, 1, 0, text, 100, 1), 0x00);

	/* 100 bytes and an 8-byte CMAC: 59 bytes, then 41 + the CMAC. */
	host_cmac(&h, cmd, 8, mac);
	CU_ASSERT_EQUAL(xfer(&h, cmd, 8, reply), 60);
	CU_ASSERT_EQUAL(reply[0], 0xAF);
	memcpy(back, reply + 1, 59);
	CU_ASSERT_EQUAL(xfer(&h, &more, 1, reply), 50);
	CU_ASSERT_EQUAL(reply[0], 0x00);
	memcpy(back + 59, reply + 1, 49);
	CU_ASSERT(memcmp(back, text, 100) == 0);
	{
		uint8_t got[8];

		memcpy(got, back + 100, 8);
		back[100] = 0x00;
		host_cmac(&h, back, 101, mac);
		CU_ASSERT(memcmp(got, mac, 8) == 0);
	}
	/* Part of the file, and the rest of it with length 0. */
	CU_ASSERT_EQUAL(read_file(&h, 1, 10, 20, back, &n), 0x00);
	CU_ASSERT_EQUAL(n, 20);
	CU_ASSERT(memcmp(back, text + 10, 20) == 0);
	CU_ASSERT_EQUAL(read_file(&h, 1, 30, 0, back, &n), 0x00);
	CU_ASSERT_EQUAL(n, 70);
	CU_ASSERT(memcmp(back, text + 30, 70) == 0);
	CU_ASSERT(h.longest_frame <= FRAME_MAX);

	/* Without authentication: free read works in plain, writing is refused. */
	CU_ASSERT_EQUAL(select_app(&h, 0x112233), 0x00);
	CU_ASSERT_EQUAL(read_file(&h, 1, 0, 0, back, &n), 0x00);
	CU_ASSERT_EQUAL(n, 100);
	CU_ASSERT(memcmp(back, text, 100) == 0);
	CU_ASSERT_EQUAL(write_data(&h, 1, 0, text, 10, 0), 0x9D);
	CU_ASSERT_EQUAL(read_file(&h, 1, 90, 11, back, &n), 0xBE);
	CU_ASSERT_EQUAL(read_file(&h, 7, 0, 0, back, &n), 0xF0);
	desfire_free(h.card);
}

static void
test_access_rights_need_the_right_key(void)
{
	struct host h;
	uint8_t text[32] = "badge 0042 for the east door", back[64];
	size_t n;

	host_init(&h, fresh_card());
	aes_application(&h, 0x445566);
	CU_ASSERT_EQUAL(aes_change_key(&h, 1, 0, reader_key, 1, zero_key), 0x00);
	/* Read with key 1, write with key 0, no read-write key, change with key 0. */
	CU_ASSERT_EQUAL(create_file(&h, 2, 0x00, 0x10F0, 32), 0x00);
	CU_ASSERT_EQUAL(create_file(&h, 2, 0x00, 0x10F0, 32), 0xDE);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 0, zero_key), 0x00);
	CU_ASSERT_EQUAL(write_data(&h, 2, 0, text, sizeof(text), 0), 0x00);
	CU_ASSERT_EQUAL(read_file(&h, 2, 0, 0, back, &n), 0x9D);
	/* The error ended the session on the card. */
	{
		uint8_t cmd = 0x45;

		CU_ASSERT_EQUAL(plain(&h, &cmd, 1), 0xAE);
	}
	CU_ASSERT_EQUAL(select_app(&h, 0x445566), 0x00);
	CU_ASSERT_EQUAL(read_file(&h, 2, 0, 0, back, &n), 0x9D);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 1, reader_key), 0x00);
	CU_ASSERT_EQUAL(read_file(&h, 2, 0, 0, back, &n), 0x00);
	CU_ASSERT_EQUAL(n, 32);
	CU_ASSERT(memcmp(back, text, 32) == 0);
	CU_ASSERT_EQUAL(write_data(&h, 2, 0, text, 4, 0), 0x9D);
	/* Leaving the field forgets the session and the selection. */
	desfire_reset(h.card);
	h.session = HOST_NONE;
	CU_ASSERT_EQUAL(read_file(&h, 2, 0, 0, back, &n), 0x9D);	/* PICC level */
	CU_ASSERT_EQUAL(select_app(&h, 0x445566), 0x00);
	CU_ASSERT_EQUAL(read_file(&h, 2, 0, 0, back, &n), 0x9D);
	desfire_free(h.card);
}

static void
test_enciphered_file_reads_back_with_crc32(void)
{
	struct host h;
	uint8_t secret[40], cmd[8] = { 0xBD, 3, 0, 0, 0, 0, 0, 0 }, data[128], mac[16];
	uint8_t crc_in[41];
	size_t n;

	for (int i = 0; i < 40; i++)
		secret[i] = (uint8_t)(0x5A ^ i);
	host_init(&h, fresh_card());
	aes_application(&h, 0x778899);
	/* Enciphered, read with key 0, free write (so WriteData is plain), no
	 * read-write key (it would make the write enciphered too). */
	CU_ASSERT_EQUAL(create_file(&h, 3, 0x03, 0x0EF0, 40), 0x00);
	CU_ASSERT_EQUAL(write_data(&h, 3, 0, secret, 40, 0), 0x00);
	host_cmac(&h, cmd, 8, mac);
	CU_ASSERT_EQUAL(exchange(&h, cmd, 8, data, &n), 0x00);
	CU_ASSERT_EQUAL_FATAL(n, 48);	/* 40 + CRC32 = 44, zeros to 48 */
	cbc_decrypt(&h.aes_dec, (nettle_cipher_func *)aes128_decrypt, 16, h.iv, 48, data, data);
	CU_ASSERT(memcmp(data, secret, 40) == 0);
	memcpy(crc_in, secret, 40);
	crc_in[40] = 0x00;
	put_crc32(mac, df_crc32(crc_in, 41));
	CU_ASSERT(memcmp(data + 40, mac, 4) == 0);
	CU_ASSERT_EQUAL(data[44] | data[45] | data[46] | data[47], 0);
	desfire_free(h.card);
}

static void
test_applications_are_listed_and_deleted(void)
{
	struct host h;
	uint8_t cmd[6] = { 0xCA, 0, 0, 0, 0x0F, 0x01 }, data[128];
	size_t n;

	host_init(&h, fresh_card());
	CU_ASSERT_EQUAL(des_authenticate(&h, 0, zero_key), 0x00);
	for (uint32_t aid = 1; aid <= 28; aid++) {
		put_le24(cmd + 1, aid);
		CU_ASSERT_EQUAL(plain(&h, cmd, 6), 0x00);
	}
	put_le24(cmd + 1, 29);
	CU_ASSERT_EQUAL(plain(&h, cmd, 6), 0xCE);
	cmd[0] = 0x6A;
	CU_ASSERT_EQUAL(exchange(&h, cmd, 1, data, &n), 0x00);
	CU_ASSERT_EQUAL(n, 84);
	CU_ASSERT_EQUAL(data[81], 28);
	/* Deleting needs the master key; the failed create above ended the session. */
	cmd[0] = 0xDA;
	put_le24(cmd + 1, 5);
	CU_ASSERT_EQUAL(plain(&h, cmd, 4), 0xAE);
	CU_ASSERT_EQUAL(des_authenticate(&h, 0, zero_key), 0x00);
	CU_ASSERT_EQUAL(plain(&h, cmd, 4), 0x00);
	CU_ASSERT_EQUAL(plain(&h, cmd, 4), 0xA0);
	CU_ASSERT_EQUAL(select_app(&h, 5), 0xA0);
	CU_ASSERT_EQUAL(select_app(&h, 6), 0x00);
	cmd[0] = 0x6A;
	CU_ASSERT_EQUAL(exchange(&h, cmd, 1, data, &n), 0x9D);	/* not at PICC level */
	CU_ASSERT_EQUAL(select_app(&h, 0), 0x00);
	CU_ASSERT_EQUAL(exchange(&h, cmd, 1, data, &n), 0x00);
	CU_ASSERT_EQUAL(n, 81);
	/* FormatPICC wipes them all. */
	CU_ASSERT_EQUAL(des_authenticate(&h, 0, zero_key), 0x00);
	cmd[0] = 0xFC;
	CU_ASSERT_EQUAL(plain(&h, cmd, 1), 0x00);
	cmd[0] = 0x6A;
	CU_ASSERT_EQUAL(exchange(&h, cmd, 1, data, &n), 0x00);
	CU_ASSERT_EQUAL(n, 0);
	desfire_free(h.card);
}

static void
test_storage_runs_out(void)
{
	struct host h;
	size_t n = 0;

	host_init(&h, fresh_card());
	aes_application(&h, 0x0F0F0F);
	/* 4 KiB in 32-byte blocks: 1000 bytes take 1024. */
	for (uint8_t no = 0; no < 4; no++)
		CU_ASSERT_EQUAL(create_file(&h, no, 0, 0xEEEE, 1000), 0x00);
	CU_ASSERT_EQUAL(create_file(&h, 4, 0, 0xEEEE, 1), 0x0E);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 0, zero_key), 0x00);
	CU_ASSERT_EQUAL(create_file(&h, 32, 0, 0xEEEE, 1), 0x9E);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 0, zero_key), 0x00);
	{
		uint8_t cmd = 0x6F, ids[40];

		CU_ASSERT_EQUAL(aes_command(&h, &cmd, 1, ids, &n), 0x00);
		CU_ASSERT_EQUAL(n, 4);
	}
	desfire_free(h.card);
}

static void
test_malformed_commands_get_a_status_never_a_crash(void)
{
	struct host h;
	uint8_t reply[DESFIRE_REPLY_MAX], cmd[300];
	static const struct {
		uint8_t cmd[8];
		size_t len;
		uint8_t status;
	} cases[] = {
		{ { 0x00 }, 1, 0x1C },			/* unknown INS */
		{ { 0xFF, 1, 2, 3 }, 4, 0x1C },
		{ { 0x60, 0 }, 2, 0x7E },		/* GetVersion takes nothing */
		{ { 0x5A, 1, 2 }, 3, 0x7E },		/* short AID */
		{ { 0x0A }, 1, 0x7E },			/* no key number */
		{ { 0xAA, 0, 0 }, 3, 0x7E },
		{ { 0xBD, 1, 0, 0 }, 4, 0x7E },
		{ { 0x3D, 1 }, 2, 0x7E },
		{ { 0xCA, 1, 0, 0, 0x0F }, 5, 0x7E },
		{ { 0xC4, 0 }, 2, 0xAE },		/* ChangeKey without a session */
		{ { 0xAF }, 1, 0x1C },			/* nothing to continue */
		{ { 0xAF, 1, 2, 3 }, 4, 0x1C },
	};
	uint32_t x = 12345;

	host_init(&h, fresh_card());
	CU_ASSERT_EQUAL(desfire_command(h.card, NULL, 0, reply, sizeof(reply)), 1);
	CU_ASSERT_EQUAL(reply[0], 0x7E);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(xfer(&h, cases[i].cmd, cases[i].len, reply), 1);
		CU_ASSERT_EQUAL(reply[0], cases[i].status);
	}
	/* An authentication broken off half way, then a bad answer to it. */
	CU_ASSERT_EQUAL(xfer(&h, (const uint8_t[]){ 0x0A, 0 }, 2, reply), 9);
	CU_ASSERT_EQUAL(xfer(&h, (const uint8_t[]){ 0xAF, 1, 2 }, 3, reply), 1);
	CU_ASSERT_EQUAL(reply[0], 0x7E);
	/* A tiny reply buffer still gets the status. */
	CU_ASSERT_EQUAL(desfire_command(h.card, (const uint8_t[]){ 0x60 }, 1, reply, 1), 1);
	CU_ASSERT_EQUAL(desfire_command(h.card, (const uint8_t[]){ 0x60 }, 1, reply, 0), 0);

	/* Random traffic, in and out of sessions: every reply is bounded. */
	aes_application(&h, 0x123456);
	create_file(&h, 1, 3, 0x0000, 64);
	for (int round = 0; round < 20000; round++) {
		size_t len;

		x = x * 1103515245 + 12345;
		len = (x >> 16) % sizeof(cmd);
		for (size_t i = 0; i < len; i++) {
			x = x * 1103515245 + 12345;
			cmd[i] = (uint8_t)(x >> 16);
		}
		if (len > 0 && round % 3 == 0) {
			static const uint8_t known[] = { 0x0A, 0x1A, 0xAA, 0x3D, 0x45, 0x51,
				0x54, 0x5A, 0x5F, 0x60, 0x64, 0x6A, 0x6E, 0x6F, 0xBD, 0xC4, 0xCA,
				0xCD, 0xDA, 0xDF, 0xF5, 0xFC, 0xAF };

			cmd[0] = known[(x >> 8) % sizeof(known)];
			len = len % 40;
		}
		CU_ASSERT_FATAL(desfire_command(h.card, cmd, len, reply, sizeof(reply)) >= 1);
		if (round % 500 == 0) {
			select_app(&h, 0x123456);
			aes_authenticate(&h, 0xAA, 0, zero_key);
		}
	}
	desfire_free(h.card);
}

/* A card personalised (application, AES key, a file with a credential), saved,
 * loaded back: the new key still authenticates and the data is still there. */
static void
test_personalised_card_survives_save_and_load(void)
{
	struct host h;
	uint8_t credential[20] = "gatehouse:0000042:01", back[64];
	char *text = NULL;
	size_t text_len = 0, n;
	FILE *f;
	struct desfire_card *loaded;

	host_init(&h, fresh_card());
	aes_application(&h, 0x47484F);
	CU_ASSERT_EQUAL(create_file(&h, 0, 0x03, 0x1000, 20), 0x00);
	CU_ASSERT_EQUAL(aes_change_key(&h, 1, 0, reader_key, 3, zero_key), 0x00);
	CU_ASSERT_EQUAL(aes_change_key(&h, 0, 1, app_key, 5, NULL), 0x00);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 0, app_key), 0x00);
	{
		/* Write with key 0 in the file's enciphered mode: CRC32, zeros, CBC. */
		uint8_t cmd[8 + 32] = { 0x3D, 0, 0, 0, 0, 20, 0, 0 }, body[32] = { 0 }, st;

		memcpy(cmd + 8, credential, 20);
		put_crc32(cmd + 28, df_crc32(cmd, 28));
		memcpy(body, cmd + 8, 24);
		cbc_encrypt(&h.aes_enc, (nettle_cipher_func *)aes128_encrypt, 16, h.iv, 32,
		    cmd + 8, body);
		st = exchange(&h, cmd, sizeof(cmd), back, &n);
		CU_ASSERT_EQUAL(st, 0x00);
		CU_ASSERT_EQUAL(n, 8);
	}
	CU_ASSERT_EQUAL_FATAL((f = open_memstream(&text, &text_len)) != NULL, 1);
	CU_ASSERT_EQUAL(desfire_save(h.card, f), 0);
	fclose(f);
	desfire_free(h.card);

	f = fmemopen(text, text_len, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	loaded = desfire_load(f);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(loaded);
	CU_ASSERT(memcmp(desfire_uid(loaded), test_uid, 7) == 0);
	host_init(&h, loaded);
	CU_ASSERT_EQUAL(select_app(&h, 0x47484F), 0x00);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 0, zero_key), 0xAE);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 0, app_key), 0x00);
	CU_ASSERT_EQUAL(aes_authenticate(&h, 0xAA, 1, reader_key), 0x00);
	{
		uint8_t cmd[8] = { 0xBD, 0, 0, 0, 0, 0, 0, 0 }, mac[16];

		host_cmac(&h, cmd, 8, mac);
		CU_ASSERT_EQUAL(exchange(&h, cmd, 8, back, &n), 0x00);
		CU_ASSERT_EQUAL_FATAL(n, 32);
		cbc_decrypt(&h.aes_dec, (nettle_cipher_func *)aes128_decrypt, 16, h.iv, 32, back,
		    back);
		CU_ASSERT(memcmp(back, credential, 20) == 0);
	}
	/* Saving the loaded card gives the same text. */
	{
		char *again = NULL;
		size_t again_len = 0;

		f = open_memstream(&again, &again_len);
		CU_ASSERT_EQUAL(desfire_save(loaded, f), 0);
		fclose(f);
		CU_ASSERT_EQUAL(again_len, text_len);
		CU_ASSERT(again_len == text_len && memcmp(again, text, text_len) == 0);
		free(again);
	}
	desfire_free(loaded);
	free(text);
}

static struct desfire_card *
load_text(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct desfire_card *c;

	if (f == NULL)
		return NULL;
	c = desfire_load(f);
	fclose(f);
	return c;
}

#define GOOD_HEAD "desfire 1\nuid 04112233445566\napp 000000 0F 01 des 0\n" \
	"key 00 00 00000000000000000000000000000000\n"

static void
test_load_refuses_damaged_card_files(void)
{
	static const char *const bad[] = {
		"",
		"garbage\n",
		"\x01\x02\x03\xff\xfe",
		"desfire 2\n",
		GOOD_HEAD,					/* no "end": truncated */
		"desfire 1\napp 000000 0F 01 des 0\nend\n",	/* no UID */
		"desfire 1\nuid 0411223344556\n" "end\n",
		"desfire 1\nuid 04112233445566\nend\n",		/* no PICC level */
		GOOD_HEAD "app 000000 0F 01 des 0\nend\n",	/* PICC twice */
		GOOD_HEAD "app 112233 0F 0F aes 0\nend\n",	/* 15 keys */
		GOOD_HEAD "app 112233 0F 01 aes 0\nend\n",	/* key missing */
		GOOD_HEAD "app 112233 0F 01 rot13 0\nkey 00 00 00\nend\n",
		GOOD_HEAD "app 112233 0F 01 aes 0\nkey 00 00 0000\nend\n",
		GOOD_HEAD "app 112233 0F 01 aes 0\nkey 00 00 0000000000000000000000000000000G\nend\n",
		GOOD_HEAD "app 112233 0F 00 aes 0\nfile 20 00 EEEE 000010\nend\n",
		GOOD_HEAD "app 112233 0F 00 aes 0\nfile 01 04 EEEE 000010\nend\n",
		GOOD_HEAD "app 112233 0F 00 aes 0\nfile 01 00 EEEE 100000\nend\n",
		GOOD_HEAD "app 112233 0F 00 aes 0\nfile 01 00 EEEE 000800\nfile 02 00 EEEE 000801\nend\n",
		GOOD_HEAD "app 112233 0F 00 aes 0\nfile 01 00 EEEE 000004\ndata 01 0000 0102030405\nend\n",
		GOOD_HEAD "app 112233 0F 00 aes 0\nfile 01 00 EEEE 000004\ndata 01 0004 01\nend\n",
		GOOD_HEAD "app 112233 0F 00 aes 0\nfile 01 00 EEEE 000004\ndata 02 0000 01\nend\n",
		GOOD_HEAD "app 112233 0F 00 aes 0\napp 112233 0F 00 aes 0\nend\n",
		GOOD_HEAD "file 01 00 EEEE 000004\nend\n",		/* files at PICC level */
		GOOD_HEAD "app 112233 0F 00 aes 0 extra words here\nend\n",
		GOOD_HEAD "app -1 0F 00 aes 0\nend\n",
		GOOD_HEAD "app 1122334455 0F 00 aes 0\nend\n",
	};
	char longline[1024];
	struct desfire_card *c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = load_text(bad[i]);
		if (c != NULL)
			fprintf(stderr, "desfire_load accepted case %zu\n", i);
		CU_ASSERT_PTR_NULL(c);
		desfire_free(c);
	}
	memset(longline, 'A', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	memcpy(longline, GOOD_HEAD, strlen(GOOD_HEAD));
	CU_ASSERT_PTR_NULL(load_text(longline));

	/* The smallest good file loads. */
	c = load_text(GOOD_HEAD "end\n");
	CU_ASSERT_PTR_NOT_NULL(c);
	desfire_free(c);
}

/* The card's CMAC with a zero IV is plain AES-CMAC: RFC 4493's examples, and nettle's
 * own CMAC on a longer message. */
static void
test_card_cmac_is_standard_aes_cmac(void)
{
	static const uint8_t key[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
		0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
	static const uint8_t msg[16] = { 0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
		0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a };
	static const uint8_t mac_empty[16] = { 0xbb, 0x1d, 0x69, 0x29, 0xe9, 0x59, 0x37,
		0x28, 0x7f, 0xa3, 0x7d, 0x12, 0x9b, 0x75, 0x67, 0x46 };
	static const uint8_t mac_16[16] = { 0x07, 0x0a, 0x16, 0xb4, 0x6b, 0x4d, 0x41, 0x44,
		0xf7, 0x9b, 0xdd, 0x9d, 0xd0, 0x4a, 0x28, 0x7c };
	struct df_cipher c;
	struct cmac_aes128_ctx ref;
	uint8_t iv[16] = { 0 }, mac[16], want[16], text[77];

	df_cipher_aes(&c, key);
	df_cmac(&c, iv, NULL, 0, mac);
	CU_ASSERT(memcmp(mac, mac_empty, 16) == 0);
	memset(iv, 0, 16);
	df_cmac(&c, iv, msg, 16, mac);
	CU_ASSERT(memcmp(mac, mac_16, 16) == 0);
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (uint8_t)i;
	cmac_aes128_set_key(&ref, key);
	cmac_aes128_update(&ref, sizeof(text), text);
	cmac_aes128_digest(&ref, 16, want);
	memset(iv, 0, 16);
	df_cmac(&c, iv, text, sizeof(text), mac);
	CU_ASSERT(memcmp(mac, want, 16) == 0);
	/* CRC32 as libfreefare computes it: the standard CRC32 without the final
	 * inversion ("123456789" -> ~0xCBF43926). */
	CU_ASSERT_EQUAL(df_crc32((const uint8_t *)"123456789", 9), ~0xCBF43926u);
	/* CRC_A of ISO 14443-3 (legacy sessions): 00 00 -> A0 1E. */
	CU_ASSERT_EQUAL(df_crc16((const uint8_t[]){ 0x00, 0x00 }, 2), 0x1EA0);
}

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_card_reports_version_in_three_frames);
	GH_TEST(s, test_factory_des_key_authenticates_and_wrong_key_does_not);
	GH_TEST(s, test_aes_session_macs_replies_and_enciphers_the_uid);
	GH_TEST(s, test_changed_aes_key_replaces_the_old_one);
	GH_TEST(s, test_picc_master_key_moves_from_des_to_aes);
	GH_TEST(s, test_hundred_bytes_round_trip_in_frames);
	GH_TEST(s, test_access_rights_need_the_right_key);
	GH_TEST(s, test_enciphered_file_reads_back_with_crc32);
	GH_TEST(s, test_applications_are_listed_and_deleted);
	GH_TEST(s, test_storage_runs_out);
	GH_TEST(s, test_malformed_commands_get_a_status_never_a_crash);
	GH_TEST(s, test_personalised_card_survives_save_and_load);
	GH_TEST(s, test_load_refuses_damaged_card_files);
	GH_TEST(s, test_card_cmac_is_standard_aes_cmac);
}
