/* The ciphers, chaining modes, MACs and CRCs of the virtual DESFire card.
 *
 * DESFire uses the DES family (DES, 2K3DES, 3K3DES: all run here as 3DES EDE with the
 * key expanded to three halves) and AES-128.  Every mode below keeps the caller's IV
 * running across calls, because the card chains the IV from one command to the next
 * within an ISO / AES session. */
#ifndef GH_DESFIRE_CRYPTO_H
#define GH_DESFIRE_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/aes.h>
#include <nettle/des.h>

#define DF_BLOCK_MAX 16

struct df_cipher {
	size_t block;			/* 8 (DES family) or 16 (AES) */
	int aes;
	struct des3_ctx des3;
	struct aes128_ctx aes_enc;
	struct aes128_ctx aes_dec;
	uint8_t cmac_k1[DF_BLOCK_MAX];	/* CMAC subkeys (NIST SP 800-38B) */
	uint8_t cmac_k2[DF_BLOCK_MAX];
};

/* K1 K2 K3, 8 bytes each: DES is K K K, 2K3DES is K1 K2 K1.  Weak keys (the factory
 * key of zeros) are accepted, and the low bit of each byte is ignored, as on the card. */
void df_cipher_des3(struct df_cipher *c, const uint8_t key[24]);
void df_cipher_aes(struct df_cipher *c, const uint8_t key[16]);

void df_encrypt_block(const struct df_cipher *c, uint8_t *block);
void df_decrypt_block(const struct df_cipher *c, uint8_t *block);

/* CBC in place over len bytes (a multiple of the block size); iv (c->block bytes) ends
 * as the last ciphertext block. */
void df_cbc_encrypt(const struct df_cipher *c, uint8_t *iv, uint8_t *data, size_t len);
void df_cbc_decrypt(const struct df_cipher *c, uint8_t *iv, uint8_t *data, size_t len);

/* Legacy (DESFire native) sessions: the host "deciphers" what it sends (c_i =
 * D(p_i ^ c_(i-1)), IV 0), so the card recovers p_i = E(c_i) ^ c_(i-1). */
void df_legacy_recover(const struct df_cipher *c, uint8_t *data, size_t len);

/* CMAC of msg starting from *iv instead of zero (DESFire's running IV); the whole last
 * block is left in iv and copied to mac (c->block bytes). */
void df_cmac(const struct df_cipher *c, uint8_t *iv, const uint8_t *msg, size_t len,
    uint8_t *mac);

/* CRC_A of ISO 14443-3 (legacy sessions) and DESFire's CRC32 (preset 0xFFFFFFFF, no
 * final inversion).  Both are sent least significant byte first. */
uint16_t df_crc16(const uint8_t *data, size_t len);
uint32_t df_crc32(const uint8_t *data, size_t len);
/* The same CRC32 over pieces: start from 0xFFFFFFFF. */
uint32_t df_crc32_update(uint32_t crc, const uint8_t *data, size_t len);

#endif
