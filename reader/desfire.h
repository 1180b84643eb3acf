/* Secure badges: MIFARE DESFire EV1 with AES-128 keys diversified per card (NXP
 * AN10922), read and personalised by the reader thread.  Layout in reader/DESFIRE.md.
 *
 * The DESFire commands are implemented here over a plain transceive function rather
 * than through libfreefare, which abort()s on some malformed replies ("No room for
 * CMAC!"), has no exchange time-out and is not thread-safe: a hostile card must never
 * stop the controller.  Every reply length and MAC is checked before use.  AES and
 * the CMAC come from GnuTLS; random challenges from libsodium. */
#ifndef GH_DESFIRE_READER_H
#define GH_DESFIRE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "controller/sitekeys.h"

#define GH_DF_AID 0x474801u		/* the Gatehouse application ("GH", 01) */
#define GH_DF_FILE 1			/* its data file */
#define GH_DF_FILE_SIZE 32
#define GH_DF_KEY_ADMIN 0		/* application master key */
#define GH_DF_KEY_READ 1		/* reads the file */

/* NXP AN10922 AES-128 diversification: CMAC(master, 0x01 || m) with the input padded
 * to 32 bytes (0x80 then zeros, subkey K2) when shorter.  m at most 31 bytes. */
int gh_an10922_aes128(const uint8_t master[16], const uint8_t *m, size_t mlen,
    uint8_t out[16]);
/* A card's key: AN10922 of the purpose's master (derived from the site key) over
 * UID || AID || site id. */
void gh_desfire_card_key(const uint8_t site_key[16], const uint8_t site_id[16], int purpose,
    const uint8_t *uid, size_t uidlen, uint8_t out[16]);

/* The link to a card: send tx, receive the reply into rx; the reply's length, or -1
 * (no answer within the time-out, the card left). */
typedef long (*gh_df_xfer)(void *ctx, const uint8_t *tx, size_t txlen, uint8_t *rx,
    size_t rxcap);

/* A hostile or broken card must not hold the reader thread: a command gathers at most
 * 16 continuation frames (AF) and REPLY_MAX bytes, and each operation has one overall
 * deadline on the monotonic clock, after which every exchange fails (and libnfc's
 * own wait is cut to what is left). */
#define GH_DF_READ_MS 1500
#define GH_DF_PERSONALISE_MS 5000
/* The clock of the deadlines, in milliseconds; NULL restores CLOCK_MONOTONIC.  For
 * tests. */
typedef uint64_t (*gh_df_clock)(void);
void gh_desfire_set_clock(gh_df_clock fn);

/* The outcome of reading a card. */
enum gh_df_read {
	GH_DF_OK,		/* a Gatehouse badge of this site: *badge_id */
	GH_DF_NOT_OURS,		/* not DESFire, or no Gatehouse application */
	GH_DF_AUTH_FAILED,	/* the application is there but the card failed the
				 * authentication or the MAC: a clone or a forgery */
	GH_DF_NO_CARD,		/* the card left or did not answer */
};
enum gh_df_read gh_desfire_read_card(gh_df_xfer xfer, void *ctx, const uint8_t *uid,
    size_t uidlen, const struct gh_sitekeys *keys, uint64_t *badge_id);

/* Personalise a factory-fresh DESFire EV1 card: the Gatehouse application with the
 * card's diversified keys (the newest site key version), its file with site id, badge
 * id and issue counter.  The master key is changed first and the file's magic written
 * last, so a card that lost power half-way never reads as a badge; presented again,
 * such a card (our application alone, opened by the factory key or one of the site's
 * admin keys) has the application deleted and is personalised afresh.  A complete
 * badge of this site, a card that is not DESFire EV1, or one holding other
 * applications is refused and left untouched.  0, or -1 with why. */
int gh_desfire_personalise_card(gh_df_xfer xfer, void *ctx, const uint8_t *uid,
    size_t uidlen, const struct gh_sitekeys *keys, uint64_t badge_id, uint32_t issue,
    char *why, size_t whylen);

/* The reader thread's entry points (reader.h's gh_reader_secure_fn): on the open
 * libnfc device with the card just found.  gh_desfire_read: arg is the site's
 * struct gh_sitekeys.  gh_desfire_personalise: arg is a struct gh_df_job. */
struct nfc_device;
struct gh_reader_ev;
void gh_desfire_read(struct nfc_device *dev, const uint8_t *uid, size_t uidlen,
    struct gh_reader_ev *ev, void *arg);
struct gh_df_job {
	const struct gh_sitekeys *keys;
	uint64_t badge_id;
};
void gh_desfire_personalise(struct nfc_device *dev, const uint8_t *uid, size_t uidlen,
    struct gh_reader_ev *ev, void *arg);

#endif
