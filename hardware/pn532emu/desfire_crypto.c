/* Ciphers, chaining, CMAC and CRCs for the virtual DESFire card (see desfire_crypto.h).
 * nettle gives the block ciphers; the modes are written out because DESFire's IV runs
 * from one command to the next. */
#include "hardware/pn532emu/desfire_crypto.h"

#include <string.h>

static void
xor_block(uint8_t *dst, const uint8_t *src, size_t len)
{
	for (size_t i = 0; i < len; i++)
		dst[i] ^= src[i];
}

/* Left shift by one bit of a whole block, as CMAC subkey generation needs. */
static void
shift_left(uint8_t *dst, const uint8_t *src, size_t len)
{
	for (size_t i = 0; i < len; i++)
		dst[i] = (uint8_t)(src[i] << 1 | (i + 1 < len ? src[i + 1] >> 7 : 0));
}

static void
cmac_subkeys(struct df_cipher *c)
{
	/* The reduction constant depends on the block size: x^64 (0x1B) or x^128 (0x87). */
	uint8_t rb = c->block == 8 ? 0x1B : 0x87;
	size_t last = c->block == 8 ? 7 : 15;
	uint8_t l[DF_BLOCK_MAX] = { 0 };

	df_encrypt_block(c, l);
	shift_left(c->cmac_k1, l, last + 1);
	if (l[0] & 0x80)
		c->cmac_k1[last] ^= rb;
	shift_left(c->cmac_k2, c->cmac_k1, last + 1);
	if (c->cmac_k1[0] & 0x80)
		c->cmac_k2[last] ^= rb;
}

void
df_cipher_des3(struct df_cipher *c, const uint8_t key[24])
{
	memset(c, 0, sizeof(*c));
	c->block = 8;
	/* The return value only reports weak keys; the schedule is set regardless, and a
	 * factory card's key is the weak all-zero key. */
	(void)des3_set_key(&c->des3, key);
	cmac_subkeys(c);
}

void
df_cipher_aes(struct df_cipher *c, const uint8_t key[16])
{
	memset(c, 0, sizeof(*c));
	c->block = 16;
	c->aes = 1;
	aes128_set_encrypt_key(&c->aes_enc, key);
	aes128_set_decrypt_key(&c->aes_dec, key);
	cmac_subkeys(c);
}

void
df_encrypt_block(const struct df_cipher *c, uint8_t *block)
{
	if (c->aes)
		aes128_encrypt(&c->aes_enc, 16, block, block);
	else
		des3_encrypt(&c->des3, 8, block, block);
}

void
df_decrypt_block(const struct df_cipher *c, uint8_t *block)
{
	if (c->aes)
		aes128_decrypt(&c->aes_dec, 16, block, block);
	else
		des3_decrypt(&c->des3, 8, block, block);
}

void
df_cbc_encrypt(const struct df_cipher *c, uint8_t *iv, uint8_t *data, size_t len)
{
	for (size_t off = 0; off + c->block <= len; off += c->block) {
		xor_block(data + off, iv, c->block);
		df_encrypt_block(c, data + off);
		memcpy(iv, data + off, c->block);
	}
}

void
df_cbc_decrypt(const struct df_cipher *c, uint8_t *iv, uint8_t *data, size_t len)
{
	uint8_t next[DF_BLOCK_MAX];

	for (size_t off = 0; off + c->block <= len; off += c->block) {
		memcpy(next, data + off, c->block);
		df_decrypt_block(c, data + off);
		xor_block(data + off, iv, c->block);
		memcpy(iv, next, c->block);
	}
}

void
df_legacy_recover(const struct df_cipher *c, uint8_t *data, size_t len)
{
	uint8_t prev[DF_BLOCK_MAX] = { 0 }, cur[DF_BLOCK_MAX];

	for (size_t off = 0; off + c->block <= len; off += c->block) {
		memcpy(cur, data + off, c->block);
		df_encrypt_block(c, data + off);
		xor_block(data + off, prev, c->block);
		memcpy(prev, cur, c->block);
	}
}

void
df_cmac(const struct df_cipher *c, uint8_t *iv, const uint8_t *msg, size_t len,
    uint8_t *mac)
{
	size_t b = c->block, full;
	uint8_t last[DF_BLOCK_MAX];

	/* All blocks but the last are chained as they are; the last one is completed
	 * (0x80 then zeros, subkey 2) or taken whole (subkey 1). */
	full = len == 0 ? 0 : (len - 1) / b * b;
	for (size_t off = 0; off < full; off += b) {
		xor_block(iv, msg + off, b);
		df_encrypt_block(c, iv);
	}
	memset(last, 0, sizeof(last));
	if (len > full)
		memcpy(last, msg + full, len - full);
	if (len - full == b)
		xor_block(last, c->cmac_k1, b);
	else {
		last[len - full] = 0x80;
		xor_block(last, c->cmac_k2, b);
	}
	xor_block(iv, last, b);
	df_encrypt_block(c, iv);
	memcpy(mac, iv, b);
}

uint16_t
df_crc16(const uint8_t *data, size_t len)
{
	uint16_t crc = 0x6363;	/* CRC_A preset, reflected polynomial 0x8408 */

	for (size_t i = 0; i < len; i++) {
		crc ^= data[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0x8408) : (uint16_t)(crc >> 1);
	}
	return crc;
}

uint32_t
df_crc32_update(uint32_t crc, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		crc ^= data[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
	}
	return crc;
}

uint32_t
df_crc32(const uint8_t *data, size_t len)
{
	return df_crc32_update(0xFFFFFFFF, data, len);
}
