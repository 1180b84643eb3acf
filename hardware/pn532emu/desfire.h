/* A virtual MIFARE DESFire EV1 card for the PN532 emulator.
 *
 * The card is a pure state machine: the emulator hands it one native DESFire command
 * (INS followed by its parameters, already unwrapped from the ISO 7816 `90 INS 00 00 Lc
 * ... 00` form libfreefare sends) and gets back the native reply: one status byte
 * (0x00 OK, 0xAF more frames, 0xAE authentication error, 0x9D permission denied, 0xA0
 * application not found, ...) followed by the reply data.  The emulator re-wraps it as
 * `data 91 status` for the host.
 *
 * What libfreefare 0.4.0 checks is in ../shared/notes/PN532.md section 9. */
#ifndef GH_DESFIRE_H
#define GH_DESFIRE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DESFIRE_UID_LEN 7
#define DESFIRE_REPLY_MAX 512	/* the longest native reply the card builds */

struct desfire_card;

/* A factory-fresh card: PICC master key = DES key of zeros (key settings 0x0F),
 * no applications.  NULL on allocation failure. */
struct desfire_card *desfire_new(const uint8_t uid[DESFIRE_UID_LEN]);
void desfire_free(struct desfire_card *c);

/* The card's UID (7 bytes). */
const uint8_t *desfire_uid(const struct desfire_card *c);

/* One native command in, one native reply out: returns the reply length (at least 1:
 * the status byte first), at most cap.  Never fails on malformed input: a too short or
 * unknown command gets the status a real card gives (0x7E length error, 0x1C illegal
 * command code). */
size_t desfire_command(struct desfire_card *c, const uint8_t *cmd, size_t len,
    uint8_t *reply, size_t cap);

/* The card left the field (or was deselected / released): the authentication and the
 * selected application are forgotten, as on a real card. */
void desfire_reset(struct desfire_card *c);

/* Save and reload the card's persistent state (UID, keys, key settings, applications,
 * files and their contents) as text, so that a personalised card can be taken away and
 * presented again.  desfire_load returns NULL on malformed input (never crashes). */
int desfire_save(const struct desfire_card *c, FILE *f);
struct desfire_card *desfire_load(FILE *f);

#endif
