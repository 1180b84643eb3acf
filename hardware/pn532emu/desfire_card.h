/* The virtual DESFire card's state, shared by the command code (desfire.c) and the
 * text store (desfire_store.c).  Nothing outside hardware/pn532emu/desfire*.c should
 * include this: the emulator uses desfire.h. */
#ifndef GH_DESFIRE_CARD_H
#define GH_DESFIRE_CARD_H

#include <stddef.h>
#include <stdint.h>

#include "hardware/pn532emu/desfire.h"
#include "hardware/pn532emu/desfire_crypto.h"

/* A 4 KiB EV1, as GetVersion reports (storage size byte 0x18).  Files are charged in
 * 32-byte blocks, as on the real card. */
#define DF_MEMORY 4096
#define DF_ALLOC_UNIT 32
#define DF_MAX_APPS 28		/* libfreefare's GetApplicationIDs buffer holds 28 */
#define DF_MAX_FILES 32
#define DF_MAX_KEYS 14
#define DF_KEY_BYTES 24
/* The longest chained exchange: a whole file plus CRC, padding and MAC. */
#define DF_CHAIN_MAX (8 + DF_MEMORY + 64)

/* The key family of an application (all its keys) or of the PICC master key.  DF_DES
 * covers single DES and 2K3DES: both are 16 bytes, DES having equal halves. */
enum df_key_type {
	DF_DES = 0,
	DF_3K3DES = 1,
	DF_AES = 2,
};

struct df_key {
	uint8_t data[DF_KEY_BYTES];	/* 16 bytes used, 24 for 3K3DES; the rest zero */
	uint8_t aes_version;		/* DES family: the version is in the parity bits */
};

struct df_file {
	int present;
	uint8_t comm;			/* 0 plain, 1 MACed, 3 enciphered (2 is plain) */
	uint16_t access;		/* read | write | read-write | change, a nibble each */
	uint32_t size;
	uint8_t *data;
};

struct df_app {
	uint32_t aid;			/* 0 for the PICC level */
	uint8_t settings;		/* key settings */
	uint8_t nkeys;			/* 0..14; the PICC has one */
	uint8_t key_type;		/* enum df_key_type */
	uint8_t iso;			/* created with ISO file identifiers */
	struct df_key keys[DF_MAX_KEYS];
	struct df_file files[DF_MAX_FILES];
};

enum df_scheme {
	DF_SCHEME_NONE,
	DF_SCHEME_LEGACY,		/* Authenticate 0x0A: no MACs on plain traffic */
	DF_SCHEME_NEW,			/* 0x1A / 0xAA: CMAC with a running IV */
};

enum df_pending {
	DF_PENDING_NONE,
	DF_PENDING_AUTH,		/* waiting for the host's RndA || RndB' */
	DF_PENDING_REPLY,		/* more reply frames to send on 0xAF */
	DF_PENDING_WRITE,		/* more command frames to receive */
};

struct desfire_card {
	uint8_t uid[DESFIRE_UID_LEN];
	struct df_app picc;
	struct df_app *apps[DF_MAX_APPS];
	size_t napps;

	/* Volatile state: forgotten by desfire_reset. */
	struct df_app *sel;
	enum df_scheme scheme;
	int auth_key;			/* key number of the session, -1 for none */
	struct df_cipher session;
	uint8_t iv[DF_BLOCK_MAX];

	enum df_pending pending;
	/* Authentication in progress. */
	uint8_t auth_ins;
	uint8_t auth_key_no;
	size_t rnd_len;
	uint8_t rnd_b[16];
	uint8_t auth_iv[DF_BLOCK_MAX];
	struct df_cipher auth_cipher;
	/* Reply being sent in frames. */
	uint8_t out[DF_CHAIN_MAX + DF_BLOCK_MAX];
	size_t out_len, out_pos;
	int out_version;		/* GetVersion's 7 + 7 + rest framing */
	/* Command being received in frames (WriteData). */
	uint8_t in[DF_CHAIN_MAX];
	size_t in_len, in_need;
	int in_mode;
};

/* Memory in use by files (32-byte blocks). */
size_t df_memory_used(const struct desfire_card *c);
void df_app_clear(struct df_app *a);

#endif
