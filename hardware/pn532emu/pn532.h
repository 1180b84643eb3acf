/* The PN532 host protocol, as a pure state machine: bytes from the host in, bytes to
 * the host out, the monotonic time as an input.  The program around it
 * (hardware/pn532emu/main.c) owns the pseudo-terminal, the control socket and the
 * virtual cards; the fuzz target (tests/fuzz/pn532_frames.c) feeds it raw bytes.
 *
 * Behaviour follows the PN532 user manual and what libnfc 1.8's pn532_uart driver
 * expects (../shared/notes/PN532.md):
 *   - every well-formed command frame is answered by an ACK, then its reply frame;
 *   - a frame with a bad length or data checksum, or cut off and followed by garbage,
 *     gets silence (the host times out and retries), as on the chip;
 *   - a well-formed frame with an unknown command or bad parameters gets the ACK and
 *     the application-level error frame 0000FF01FF7F8100;
 *   - an ACK from the host aborts the pending command (no reply); a NACK asks for the
 *     last reply again;
 *   - wake-up bytes (55 55 00 ...) before a frame are skipped. */
#ifndef GH_PN532_H
#define GH_PN532_H

#include <stddef.h>
#include <stdint.h>

#include "hardware/pn532emu/desfire.h"

enum emu_card_type { EMU_CARD_CLASSIC = 1, EMU_CARD_DESFIRE };

#define EMU_UID_MAX 10
#define EMU_CARD_NAME_MAX 64

/* A virtual card.  Classic-like cards answer anticollision and READ (0x30) of their
 * 64 blocks; DESFire cards answer ISO 14443-4 APDUs through the DESFire model. */
struct emu_card {
	char name[EMU_CARD_NAME_MAX];
	enum emu_card_type type;
	uint8_t uid[EMU_UID_MAX];
	size_t uidlen;			/* 4 or 7 */
	uint8_t atqa[2];		/* as printed: 00 04, 00 44, 03 44 */
	uint8_t sak;
	uint8_t blocks[64][16];		/* classic-like memory */
	struct desfire_card *df;	/* DESFire state, NULL for classic */
};

/* Bytes for the host: the frames built by one call. */
#define EMU_OUT_MAX 8192
struct emu_out {
	uint8_t b[EMU_OUT_MAX];
	size_t n;
};

struct pn532;

struct pn532 *pn532_new(void);
void pn532_free(struct pn532 *p);

/* Bytes from the host.  Replies are appended to out. */
void pn532_feed(struct pn532 *p, const uint8_t *buf, size_t n, int64_t now_ms,
    struct emu_out *out);
/* The card in the field changes (NULL: removed).  A pending poll may complete. */
void pn532_set_card(struct pn532 *p, struct emu_card *c, int64_t now_ms,
    struct emu_out *out);
/* Time passed: a pending poll may time out with "no target". */
void pn532_tick(struct pn532 *p, int64_t now_ms, struct emu_out *out);
/* When pn532_tick is next due; INT64_MAX when nothing waits. */
int64_t pn532_deadline(const struct pn532 *p);
/* The host closed the line: forget partial frames and pending commands. */
void pn532_host_gone(struct pn532 *p);

/* Counters, for the control socket's `state`. */
struct pn532_stats {
	unsigned long frames, acks_in, nacks_in, bad_frames, errors_out, commands_unknown;
};
void pn532_stats(const struct pn532 *p, struct pn532_stats *s);

/* Fill a card with the identity of its type: ATQA and SAK from the UID length. */
void emu_card_init(struct emu_card *c, const char *name, enum emu_card_type type,
    const uint8_t *uid, size_t uidlen);

#endif
