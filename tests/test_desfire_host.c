/* Secure badges, the reader's side (reader/desfire.c) against the virtual DESFire EV1
 * card (hardware/pn532emu/desfire.c), without libnfc in between: AN10922, personalise,
 * read, a clone, another site's card, a tampered MAC, a replayed authentication, key
 * rotation. */
#include "tests/testutil.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/sitekeys.h"
#include "hardware/pn532emu/desfire.h"
#include "reader/desfire.h"

/* The card behind an ISO 7816 wrapper, as the PN532 emulator presents it; it can flip
 * a byte of a chosen reply, record replies, or replay recorded ones. */
struct link {
	struct desfire_card *card;
	int tamper_ins;			/* flip a byte of this command's reply */
	int record, replay, nrec, pos;
	uint8_t rec[32][128];
	long reclen[32];
	int last_ins;
	int count;			/* exchanges so far */
	int cut_at;			/* the card processes this exchange, then loses power */
	int endless;			/* answer this command (and its AFs) with AF for ever */
	int endless_data;		/* data bytes in each of those frames */
	int in_endless;
	unsigned ms_per_xfer;		/* the fake clock's step per exchange */
};

static uint64_t fake_now;

static uint64_t
fake_clock(void)
{
	return fake_now;
}

static long
xfer(void *ctx, const uint8_t *tx, size_t txlen, uint8_t *rx, size_t rxcap)
{
	struct link *l = ctx;
	l->count++;
	fake_now += l->ms_per_xfer;
	if (l->endless && txlen >= 2 && (tx[1] == l->endless || (tx[1] == 0xAF && l->in_endless))) {
		size_t k = (size_t)l->endless_data;
		if (k + 2 > rxcap)
			return -1;
		l->in_endless = 1;
		memset(rx, 0x5A, k);
		rx[k] = 0x91;
		rx[k + 1] = 0xAF;
		return (long)k + 2;
	}
	l->in_endless = 0;
	if (l->replay) {
		if (l->pos >= l->nrec)
			return -1;
		memcpy(rx, l->rec[l->pos], (size_t)l->reclen[l->pos]);
		return l->reclen[l->pos++];
	}
	uint8_t cmd[300], rep[DESFIRE_REPLY_MAX];
	if (txlen < 5 || tx[0] != 0x90)
		return -1;
	size_t lc = txlen > 5 ? tx[4] : 0;
	cmd[0] = tx[1];
	memcpy(cmd + 1, tx + 5, lc);
	l->last_ins = tx[1] == 0xAF ? l->last_ins : tx[1];
	size_t m = desfire_command(l->card, cmd, 1 + lc, rep, sizeof rep);
	if (m == 0 || m + 1 > rxcap)
		return -1;
	memcpy(rx, rep + 1, m - 1);
	rx[m - 1] = 0x91;
	rx[m] = rep[0];
	if (l->tamper_ins == l->last_ins && m > 22)
		rx[20] ^= 0x01;		/* in the badge id, past the magic and site id */
	if (l->record && l->nrec < 32) {
		memcpy(l->rec[l->nrec], rx, m + 1);
		l->reclen[l->nrec++] = (long)m + 1;
	}
	if (l->cut_at && l->count >= l->cut_at) {
		desfire_reset(l->card);	/* the field is gone: the reply never arrives */
		return -1;
	}
	return (long)m + 1;
}

static const uint8_t UID[7] = { 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };

static void
site(struct gh_sitekeys *k, uint8_t seed)
{
	memset(k, 0, sizeof *k);
	memset(k->site_id, seed, sizeof k->site_id);
	k->n = 1;
	k->k[0].version = 1;
	for (int i = 0; i < 16; i++)
		k->k[0].key[i] = (uint8_t)(seed * 7 + i);
}

/* Not inlined: GCC then takes the pointers into the text for pointers to a local. */
__attribute__((noinline)) static char *
card_state(struct desfire_card *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	desfire_save(c, f);
	fclose(f);
	return buf;
}

static void
test_an10922_vector(void)
{
	static const uint8_t k[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
		0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF };
	static const uint8_t m[] = { 0x04, 0x78, 0x2E, 0x21, 0x80, 0x1D, 0x80, 0x30, 0x42,
		0xF5, 0x4E, 0x58, 0x50, 0x20, 0x41, 0x62, 0x75 };
	static const uint8_t want[16] = { 0xA8, 0xDD, 0x63, 0xA3, 0xB8, 0x9D, 0x54, 0xB3,
		0x7C, 0xA8, 0x02, 0x47, 0x3F, 0xDA, 0x91, 0x75 };
	uint8_t out[16];
	CU_ASSERT_EQUAL_FATAL(gh_an10922_aes128(k, m, sizeof m, out), 0);
	CU_ASSERT(memcmp(out, want, 16) == 0);
	/* Different cards get different keys from one master. */
	struct gh_sitekeys s;
	site(&s, 1);
	uint8_t a[16], b[16], uid2[7] = { 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x67 };
	gh_desfire_card_key(s.k[0].key, s.site_id, GH_DF_KEY_READ, UID, 7, a);
	gh_desfire_card_key(s.k[0].key, s.site_id, GH_DF_KEY_READ, uid2, 7, b);
	CU_ASSERT(memcmp(a, b, 16) != 0);
	gh_desfire_card_key(s.k[0].key, s.site_id, GH_DF_KEY_ADMIN, UID, 7, b);
	CU_ASSERT(memcmp(a, b, 16) != 0);
}

static void
test_personalise_then_read(void)
{
	struct gh_sitekeys ours, theirs;
	site(&ours, 1);
	site(&theirs, 2);
	struct link l = { .card = desfire_new(UID) };
	uint64_t id = 0;
	char why[200] = "";
	/* A factory card is not ours yet. */
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_NOT_OURS);
	CU_ASSERT_EQUAL_FATAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &ours,
	    123456789012345ULL, 1, why, sizeof why), 0);
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_OK);
	CU_ASSERT_EQUAL(id, 123456789012345ULL);
	/* Another site's keys (a clone maker without our key) fail. */
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &theirs, &id), GH_DF_AUTH_FAILED);
	/* The same card presented twice reads twice (fresh challenges each time). */
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_OK);
	/* Personalising it again (or with another site) is refused, the card untouched. */
	char *before = card_state(l.card);
	CU_ASSERT_EQUAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &theirs, 1, 1, why,
	    sizeof why), -1);
	CU_ASSERT(gh_contains(why, "do not open"));
	CU_ASSERT_EQUAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &ours, 1, 1, why,
	    sizeof why), -1);
	CU_ASSERT(gh_contains(why, "already badge D123456789012345"));
	char *after = card_state(l.card);
	CU_ASSERT_STRING_EQUAL(before, after);
	free(before);
	free(after);
	desfire_free(l.card);
}

static void
test_clone_with_the_same_uid_fails(void)
{
	struct gh_sitekeys ours, attacker;
	site(&ours, 1);
	/* The attacker knows the site id (it is on every badge, readable after auth by
	 * nobody but us, but assume the worst) and the UID; not the key. */
	site(&attacker, 1);
	attacker.k[0].key[0] ^= 0x55;
	struct link l = { .card = desfire_new(UID) };
	char why[200];
	uint64_t id;
	CU_ASSERT_EQUAL_FATAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &attacker, 42, 1,
	    why, sizeof why), 0);
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_AUTH_FAILED);
	desfire_free(l.card);
}

static void
test_tampered_mac_and_replay_are_refused(void)
{
	struct gh_sitekeys ours;
	site(&ours, 1);
	struct link l = { .card = desfire_new(UID) };
	char why[200];
	uint64_t id;
	CU_ASSERT_EQUAL_FATAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &ours, 7, 1, why,
	    sizeof why), 0);
	/* One flipped bit in the file's reply: its CMAC does not match. */
	l.tamper_ins = 0xBD;
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_AUTH_FAILED);
	l.tamper_ins = 0;
	/* A recorded exchange of a good read, replayed: the reader's challenge is fresh,
	 * so the card's recorded answer no longer fits. */
	l.record = 1;
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_OK);
	l.record = 0;
	l.replay = 1;
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_AUTH_FAILED);
	desfire_free(l.card);
}

static void
test_key_rotation_keeps_old_badges(void)
{
	struct gh_sitekeys k;
	site(&k, 3);
	struct link old = { .card = desfire_new(UID) };
	uint8_t uid2[7] = { 0x04, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44 };
	struct link fresh = { .card = desfire_new(uid2) };
	char why[200];
	uint64_t id;
	CU_ASSERT_EQUAL_FATAL(gh_desfire_personalise_card(xfer, &old, UID, 7, &k, 1, 1, why,
	    sizeof why), 0);
	/* Rotate: version 2 for new badges; version 1 still reads. */
	k.k[1].version = 2;
	memset(k.k[1].key, 0x5A, 16);
	k.n = 2;
	CU_ASSERT_EQUAL_FATAL(gh_desfire_personalise_card(xfer, &fresh, uid2, 7, &k, 2, 1, why,
	    sizeof why), 0);
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &old, UID, 7, &k, &id), GH_DF_OK);
	CU_ASSERT_EQUAL(id, 1);
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &fresh, uid2, 7, &k, &id), GH_DF_OK);
	CU_ASSERT_EQUAL(id, 2);
	/* Without version 1 the old badge no longer reads. */
	k.k[0] = k.k[1];
	k.n = 1;
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &old, UID, 7, &k, &id), GH_DF_AUTH_FAILED);
	desfire_free(old.card);
	desfire_free(fresh.card);
}


/* A card that answers AF (more frames) for ever, with or without data: reading and
 * personalising give up after a bounded number of frames. */
static void
test_endless_more_frames(void)
{
	struct gh_sitekeys ours;
	site(&ours, 1);
	char why[200];
	uint64_t id;
	for (int data = 0; data <= 59; data += 59) {
		struct link l = { .card = desfire_new(UID) };
		CU_ASSERT_EQUAL_FATAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &ours, 9, 1,
		    why, sizeof why), 0);
		/* ReadData answered with AF frames for ever. */
		l.endless = 0xBD;
		l.endless_data = data;
		l.count = 0;
		CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_NO_CARD);
		/* select, key version, two authentication frames, then the read: at most
		 * 16 frames of it. */
		CU_ASSERT(l.count <= 4 + 16);
		CU_ASSERT(l.count > 4);
		desfire_free(l.card);
		/* GetVersion answered the same way while personalising. */
		struct link p = { .card = desfire_new(UID), .endless = 0x60, .endless_data = data };
		CU_ASSERT_EQUAL(gh_desfire_personalise_card(xfer, &p, UID, 7, &ours, 9, 1, why,
		    sizeof why), -1);
		CU_ASSERT(p.count <= 1 + 16);
		CU_ASSERT(gh_contains(why, "not a DESFire EV1"));
		desfire_free(p.card);
	}
}

/* A card that answers every exchange correctly but slowly: the operation's deadline
 * ends it, counted on a fake clock (the test does not depend on real time). */
static void
test_slow_card_meets_the_deadline(void)
{
	struct gh_sitekeys ours;
	site(&ours, 1);
	char why[200];
	uint64_t id;
	gh_desfire_set_clock(fake_clock);
	struct link l = { .card = desfire_new(UID) };
	CU_ASSERT_EQUAL_FATAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &ours, 5, 1, why,
	    sizeof why), 0);
	/* A read is five exchanges: at 100 ms each it is well inside the deadline. */
	l.ms_per_xfer = 100;
	l.count = 0;
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_OK);
	CU_ASSERT_EQUAL(l.count, 5);
	/* At 400 ms each, the deadline (1.5 s) passes after the fourth. */
	l.ms_per_xfer = 400;
	l.count = 0;
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_NO_CARD);
	CU_ASSERT_EQUAL(l.count, (GH_DF_READ_MS + 399) / 400);
	/* Personalising: the same, against its own deadline. */
	struct link p = { .card = desfire_new(UID), .ms_per_xfer = 1000 };
	CU_ASSERT_EQUAL(gh_desfire_personalise_card(xfer, &p, UID, 7, &ours, 5, 1, why,
	    sizeof why), -1);
	CU_ASSERT(p.count <= GH_DF_PERSONALISE_MS / 1000);
	gh_desfire_set_clock(NULL);
	desfire_free(l.card);
	desfire_free(p.card);
}

/* Power lost after each step of personalising (the card did the step, its answer
 * never came back): the card never reads as a badge unless every step was done, and
 * presented again it is personalised afresh.  Only a card that finished (the last
 * answer lost) reads as a badge; it is then refused by name, untouched. */
static void
test_power_lost_between_steps(void)
{
	struct gh_sitekeys ours;
	site(&ours, 1);
	char why[200];
	uint64_t id;
	struct link full = { .card = desfire_new(UID) };
	CU_ASSERT_EQUAL_FATAL(gh_desfire_personalise_card(xfer, &full, UID, 7, &ours, 11, 1,
	    why, sizeof why), 0);
	int steps = full.count;
	desfire_free(full.card);
	CU_ASSERT(steps > 10);
	for (int cut = 1; cut <= steps; cut++) {
		struct link l = { .card = desfire_new(UID), .cut_at = cut };
		CU_ASSERT_EQUAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &ours, 11, 1, why,
		    sizeof why), -1);
		l.cut_at = 0;
		enum gh_df_read got = gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id);
		if (cut < steps) {
			CU_ASSERT_NOT_EQUAL(got, GH_DF_OK);
			/* A new attempt (another badge id) finishes the card. */
			CU_ASSERT_EQUAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &ours, 22, 1,
			    why, sizeof why), 0);
			CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_OK);
			CU_ASSERT_EQUAL(id, 22);
		} else {
			CU_ASSERT_EQUAL(got, GH_DF_OK);
			CU_ASSERT_EQUAL(id, 11);
			CU_ASSERT_EQUAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &ours, 22, 1,
			    why, sizeof why), -1);
			CU_ASSERT(gh_contains(why, "already badge D11 "));
		}
		desfire_free(l.card);
	}
	/* An interrupted card of an older site key version is recovered after a rotation. */
	struct link l = { .card = desfire_new(UID), .cut_at = 8 };
	CU_ASSERT_EQUAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &ours, 11, 1, why,
	    sizeof why), -1);
	l.cut_at = 0;
	ours.k[1].version = 2;
	memset(ours.k[1].key, 0x77, 16);
	ours.n = 2;
	CU_ASSERT_EQUAL(gh_desfire_personalise_card(xfer, &l, UID, 7, &ours, 33, 1, why,
	    sizeof why), 0);
	CU_ASSERT_EQUAL(gh_desfire_read_card(xfer, &l, UID, 7, &ours, &id), GH_DF_OK);
	CU_ASSERT_EQUAL(id, 33);
	desfire_free(l.card);
}

/* The application master key is the first thing personalising changes: no step leaves
 * the factory key open on a card that holds our file. */
static void
test_master_key_changed_first(void)
{
	struct gh_sitekeys ours;
	site(&ours, 1);
	char why[200];
	struct link full = { .card = desfire_new(UID) };
	CU_ASSERT_EQUAL_FATAL(gh_desfire_personalise_card(xfer, &full, UID, 7, &ours, 11, 1,
	    why, sizeof why), 0);
	int steps = full.count;
	desfire_free(full.card);
	for (int cut = 1; cut <= steps; cut++) {
		struct link l = { .card = desfire_new(UID), .cut_at = cut };
		gh_desfire_personalise_card(xfer, &l, UID, 7, &ours, 11, 1, why, sizeof why);
		char *state = card_state(l.card);
		/* The emulator saves "key NN VERSION HEX" lines under "app AID"; once the
		 * read key or the file is there, key 0 is no longer the factory's zeros. */
		char *app = strstr(state, "app 474801");
		if (app != NULL) {
			char *k0 = strstr(app, "\nkey 00 "), *k1 = strstr(app, "\nkey 01 ");
			CU_ASSERT_FATAL(k0 != NULL && k1 != NULL);
			int zero_master = strncmp(k0 + 12, "00000000000000000000000000000000",
			    32) == 0;
			int read_key_set = strncmp(k1 + 9, "00", 2) != 0;
			int has_file = strstr(app, "\nfile ") != NULL;
			CU_ASSERT(!((has_file || read_key_set) && zero_master));
			if (cut > 3)
				CU_ASSERT(!zero_master);
		}
		free(state);
		desfire_free(l.card);
	}
}

GH_SUITE("desfire_host", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_an10922_vector);
	GH_TEST(s, test_personalise_then_read);
	GH_TEST(s, test_clone_with_the_same_uid_fails);
	GH_TEST(s, test_tampered_mac_and_replay_are_refused);
	GH_TEST(s, test_key_rotation_keeps_old_badges);
	GH_TEST(s, test_endless_more_frames);
	GH_TEST(s, test_slow_card_meets_the_deadline);
	GH_TEST(s, test_power_lost_between_steps);
	GH_TEST(s, test_master_key_changed_first);
}
