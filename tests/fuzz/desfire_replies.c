/* Fuzz target for the reader's side of secure badges: whatever a card answers (a
 * hostile card, a broken one, an emulator), reading and personalising never crash,
 * never read past a reply and never accept it without the keys.
 *
 * The input is the sequence of replies: a length byte, then that many bytes, again
 * and again; the host's commands are ignored. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "controller/sitekeys.h"
#include "reader/desfire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct feed {
	const uint8_t *p;
	size_t left;
};

static long
xfer(void *ctx, const uint8_t *tx, size_t txlen, uint8_t *rx, size_t rxcap)
{
	struct feed *f = ctx;
	(void)tx;
	(void)txlen;
	if (f->left == 0)
		return -1;
	size_t n = f->p[0];
	f->p++;
	f->left--;
	if (n > f->left)
		n = f->left;
	if (n > rxcap)
		return -1;
	memcpy(rx, f->p, n);
	f->p += n;
	f->left -= n;
	return (long)n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t uid[7] = { 0x04, 1, 2, 3, 4, 5, 6 };
	struct gh_sitekeys k;
	memset(&k, 0, sizeof k);
	k.n = 1;
	k.k[0].version = 1;
	memset(k.k[0].key, 0x42, 16);
	struct feed f = { data, size };
	uint64_t id;
	if (gh_desfire_read_card(xfer, &f, uid, 7, &k, &id) == GH_DF_OK)
		__builtin_trap();	/* accepted without a card that holds the key */
	f = (struct feed){ data, size };
	char why[128];
	gh_desfire_personalise_card(xfer, &f, uid, 7, &k, 1, 1, why, sizeof why);
	return 0;
}
