/* Fuzz target for the PN532 emulator's frame parser and command handling: any bytes
 * from the host, cut anywhere, with cards coming and going, must never crash it, never
 * write past its output buffer and never answer a damaged frame.
 *
 * Built two ways: with clang's libFuzzer (`make fuzz`, and long runs in
 * `make test-long`), and with a small replay driver (replay.c) that `make test` runs
 * over the corpus in tests/fuzz/corpus/pn532 and a few thousand seeded random
 * inputs. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hardware/pn532emu/pn532.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct emu_out out;
	struct emu_card classic, desfire;
	static const uint8_t uid4[] = { 0x11, 0x22, 0x33, 0x44 };
	static const uint8_t uid7[] = { 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
	emu_card_init(&classic, "c", EMU_CARD_CLASSIC, uid4, 4);
	emu_card_init(&desfire, "d", EMU_CARD_DESFIRE, uid7, 7);
	desfire.df = desfire_new(uid7);
	struct pn532 *p = pn532_new();
	if (p == NULL || desfire.df == NULL) {
		desfire_free(desfire.df);
		pn532_free(p);
		return 0;
	}
	int64_t now = 0;
	size_t i = 0;
	/* The input is a list of chunks: one control byte, then up to 63 line bytes.
	 * Control: bits 0-1 the card in the field, bit 2 a tick, bits 3-7 time passing. */
	while (i < size) {
		uint8_t ctl = data[i++];
		size_t n = (size_t)(ctl & 0x3F) + 1;
		if (n > size - i)
			n = size - i;
		out.n = 0;
		switch (ctl & 3) {
		case 0: pn532_set_card(p, NULL, now, &out); break;
		case 1: pn532_set_card(p, &classic, now, &out); break;
		case 2: pn532_set_card(p, &desfire, now, &out); break;
		default: break;
		}
		now += (ctl >> 3) * 7;
		if (ctl & 4)
			pn532_tick(p, now, &out);
		pn532_feed(p, data + i, n, now, &out);
		if (out.n > sizeof out.b)
			__builtin_trap();
		i += n;
	}
	pn532_free(p);
	desfire_free(desfire.df);
	return 0;
}
