/* The PN532 emulator's host protocol: what libnfc sees on the line, and what a real
 * PN532 does with damaged frames (silence for bad checksums, the error frame for
 * unknown commands, abort on ACK, resend on NACK). */
#include "tests/testutil.h"

#include <string.h>

#include "hardware/pn532emu/pn532.h"

static const uint8_t ACK[] = { 0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00 };
static const uint8_t ERRF[] = { 0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00 };

/* A host frame for command bytes d (D4 prepended). */
static size_t
frame(const uint8_t *d, size_t n, uint8_t *f)
{
	size_t k = 0;
	f[k++] = 0x00;
	f[k++] = 0x00;
	f[k++] = 0xFF;
	f[k++] = (uint8_t)(n + 1);
	f[k++] = (uint8_t)(0x100 - (n + 1));
	uint8_t sum = 0xD4;
	f[k++] = 0xD4;
	for (size_t i = 0; i < n; i++) {
		f[k++] = d[i];
		sum += d[i];
	}
	f[k++] = (uint8_t)(0x100 - sum);
	f[k++] = 0x00;
	return k;
}

static struct emu_out out;

static void
send(struct pn532 *p, const uint8_t *d, size_t n)
{
	uint8_t f[300];
	size_t k = frame(d, n, f);
	out.n = 0;
	pn532_feed(p, f, k, 0, &out);
}

/* The reply's payload after D5 and the code, checked for a valid frame; -1 if none. */
static int
reply(const uint8_t **payload, uint8_t code)
{
	if (out.n < sizeof ACK + 9 || memcmp(out.b, ACK, sizeof ACK) != 0)
		return -1;
	const uint8_t *f = out.b + sizeof ACK;
	size_t len = f[3];
	if (f[0] != 0 || f[1] != 0 || f[2] != 0xFF || ((f[3] + f[4]) & 0xFF) != 0)
		return -1;
	if (f[5] != 0xD5 || f[6] != code)
		return -1;
	uint8_t sum = 0;
	for (size_t i = 0; i <= len; i++)
		sum += f[5 + i];
	if (sum != 0 || f[5 + len + 1] != 0x00)
		return -1;
	*payload = f + 7;
	return (int)len - 2;
}

static void
test_open_sequence_as_libnfc_sends_it(void)
{
	struct pn532 *p = pn532_new();
	const uint8_t *r;
	/* Wake-up preamble, then SAMConfiguration in the same read. */
	uint8_t wake[16 + 32] = { 0x55, 0x55 };
	uint8_t sam[] = { 0x14, 0x01 };
	size_t k = frame(sam, sizeof sam, wake + 16);
	out.n = 0;
	pn532_feed(p, wake, 16 + k, 0, &out);
	CU_ASSERT_EQUAL(reply(&r, 0x15), 0);
	uint8_t diag[] = { 0x00, 0x00, 'l', 'i', 'b', 'n', 'f', 'c' };
	send(p, diag, sizeof diag);
	CU_ASSERT_EQUAL(reply(&r, 0x01), 7);
	CU_ASSERT(memcmp(r, diag + 1, 7) == 0);
	uint8_t fw[] = { 0x02 };
	send(p, fw, 1);
	CU_ASSERT_EQUAL(reply(&r, 0x03), 4);
	CU_ASSERT_EQUAL(r[0], 0x32);
	uint8_t rr[] = { 0x06, 0x63, 0x02, 0x63, 0x3C };
	send(p, rr, sizeof rr);
	CU_ASSERT_EQUAL(reply(&r, 0x07), 2);
	CU_ASSERT_EQUAL(r[1] & 0x07, 0);
	uint8_t wr[] = { 0x08, 0x63, 0x02, 0x42 };
	send(p, wr, sizeof wr);
	CU_ASSERT_EQUAL(reply(&r, 0x09), 0);
	send(p, rr, sizeof rr);
	CU_ASSERT_EQUAL(reply(&r, 0x07), 2);
	CU_ASSERT_EQUAL(r[0], 0x42);	/* the register map remembers */
	pn532_free(p);
}

static void
test_list_passive_target_reports_the_card(void)
{
	struct pn532 *p = pn532_new();
	const uint8_t *r;
	struct emu_card c;
	static const uint8_t uid[] = { 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
	emu_card_init(&c, "c", EMU_CARD_CLASSIC, uid, 7);
	uint8_t retries[] = { 0x32, 0x05, 0x00, 0x01, 0x02 };
	send(p, retries, sizeof retries);
	uint8_t list[] = { 0x4A, 0x01, 0x00 };
	send(p, list, sizeof list);
	CU_ASSERT_EQUAL(reply(&r, 0x4B), 1);
	CU_ASSERT_EQUAL(r[0], 0);	/* no card yet */
	out.n = 0;
	pn532_set_card(p, &c, 0, &out);
	CU_ASSERT_EQUAL(out.n, 0);	/* nothing was waiting */
	send(p, list, sizeof list);
	static const uint8_t want[] = { 0x01, 0x01, 0x00, 0x44, 0x08, 0x07,
		0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
	CU_ASSERT_EQUAL(reply(&r, 0x4B), (int)sizeof want);
	CU_ASSERT(memcmp(r, want, sizeof want) == 0);
	/* Selecting by UID in the cascade form libfreefare uses. */
	uint8_t sel[] = { 0x4A, 0x01, 0x00, 0x88, 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
	send(p, sel, sizeof sel);
	CU_ASSERT_EQUAL(reply(&r, 0x4B), (int)sizeof want);
	sel[10] = 0x67;
	send(p, sel, sizeof sel);
	CU_ASSERT_EQUAL(reply(&r, 0x4B), 1);
	pn532_free(p);
}

static void
test_autopoll_waits_for_a_card_and_ack_aborts(void)
{
	struct pn532 *p = pn532_new();
	struct emu_card c;
	static const uint8_t uid[] = { 0x11, 0x22, 0x33, 0x44 };
	emu_card_init(&c, "c", EMU_CARD_CLASSIC, uid, 4);
	uint8_t poll[] = { 0x60, 0x14, 0x02, 0x20, 0x10, 0x03, 0x11, 0x12, 0x04 };
	send(p, poll, sizeof poll);
	CU_ASSERT_EQUAL(out.n, sizeof ACK);	/* ACK only: the reply waits */
	CU_ASSERT(pn532_deadline(p) < INT64_MAX);
	out.n = 0;
	pn532_set_card(p, &c, 10, &out);
	static const uint8_t want[] = { 0x01, 0x10, 0x09, 0x01, 0x00, 0x04, 0x08, 0x04,
		0x11, 0x22, 0x33, 0x44 };
	/* The reply frame alone (its ACK went before). */
	CU_ASSERT(out.n == 7 + sizeof want + 2);
	CU_ASSERT(memcmp(out.b + 7, want, sizeof want) == 0);
	/* Polling again with the card gone, then the host aborts with an ACK. */
	out.n = 0;
	pn532_set_card(p, NULL, 20, &out);
	send(p, poll, sizeof poll);
	CU_ASSERT_EQUAL(out.n, sizeof ACK);
	out.n = 0;
	pn532_feed(p, ACK, sizeof ACK, 30, &out);
	CU_ASSERT_EQUAL(out.n, 0);
	CU_ASSERT_EQUAL(pn532_deadline(p), INT64_MAX);
	out.n = 0;
	pn532_set_card(p, &c, 40, &out);
	CU_ASSERT_EQUAL(out.n, 0);	/* aborted: nothing late on the line */
	/* With no card, the poll ends by itself with "no target" after its polls. */
	pn532_set_card(p, NULL, 50, &out);
	send(p, poll, sizeof poll);
	int64_t dl = pn532_deadline(p);
	CU_ASSERT(dl > 0 && dl < INT64_MAX);
	out.n = 0;
	pn532_tick(p, dl, &out);
	CU_ASSERT(out.n == 10 && out.b[5] == 0xD5 && out.b[6] == 0x61 && out.b[7] == 0x00);
	pn532_free(p);
}

static void
test_damaged_frames_get_silence(void)
{
	struct pn532 *p = pn532_new();
	uint8_t fw[] = { 0x02 }, f[32];
	size_t k = frame(fw, 1, f);
	/* Bad data checksum. */
	f[k - 2] ^= 0x01;
	out.n = 0;
	pn532_feed(p, f, k, 0, &out);
	CU_ASSERT_EQUAL(out.n, 0);
	/* Bad length checksum. */
	k = frame(fw, 1, f);
	f[4] ^= 0x10;
	out.n = 0;
	pn532_feed(p, f, k, 10, &out);
	CU_ASSERT_EQUAL(out.n, 0);
	/* Garbage, then a good frame: answered. */
	uint8_t g[64] = { 0x12, 0xFF, 0x00, 0x00, 0x7E };
	k = frame(fw, 1, g + 5);
	out.n = 0;
	pn532_feed(p, g, 5 + k, 20, &out);
	const uint8_t *r;
	CU_ASSERT_EQUAL(reply(&r, 0x03), 4);
	/* A frame cut off, then (later) a whole one: the whole one is answered. */
	k = frame(fw, 1, f);
	out.n = 0;
	pn532_feed(p, f, 5, 100, &out);
	pn532_feed(p, f, k, 400, &out);
	CU_ASSERT_EQUAL(reply(&r, 0x03), 4);
	/* A length past the chip's buffer in an extended frame. */
	uint8_t ext[] = { 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x10, 0x00, 0xF0, 0xD4 };
	out.n = 0;
	pn532_feed(p, ext, sizeof ext, 1000, &out);
	CU_ASSERT_EQUAL(out.n, 0);
	pn532_free(p);
}

static void
test_unknown_command_gets_the_error_frame_and_nack_resends(void)
{
	struct pn532 *p = pn532_new();
	uint8_t tg[] = { 0x8C, 0x00 };	/* TgInitAsTarget: not a reader's job here */
	send(p, tg, sizeof tg);
	CU_ASSERT(out.n == sizeof ACK + sizeof ERRF);
	CU_ASSERT(memcmp(out.b + sizeof ACK, ERRF, sizeof ERRF) == 0);
	uint8_t fw[] = { 0x02 };
	send(p, fw, 1);
	uint8_t first[64];
	size_t n = out.n - sizeof ACK;
	memcpy(first, out.b + sizeof ACK, n);
	static const uint8_t NACK[] = { 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00 };
	out.n = 0;
	pn532_feed(p, NACK, sizeof NACK, 0, &out);
	CU_ASSERT_EQUAL(out.n, n);
	CU_ASSERT(memcmp(out.b, first, n) == 0);
	pn532_free(p);
}

static void
test_extended_frame_is_accepted(void)
{
	struct pn532 *p = pn532_new();
	/* GetFirmwareVersion in an extended frame. */
	uint8_t f[] = { 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x02, 0xFE, 0xD4, 0x02, 0x2A, 0x00 };
	out.n = 0;
	pn532_feed(p, f, sizeof f, 0, &out);
	const uint8_t *r;
	CU_ASSERT_EQUAL(reply(&r, 0x03), 4);
	pn532_free(p);
}

static void
test_presence_check_follows_the_card(void)
{
	struct pn532 *p = pn532_new();
	const uint8_t *r;
	struct emu_card c;
	static const uint8_t uid[] = { 0x04, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 };
	emu_card_init(&c, "d", EMU_CARD_DESFIRE, uid, 7);
	out.n = 0;
	pn532_set_card(p, &c, 0, &out);
	uint8_t params[] = { 0x12, 0x14 };
	send(p, params, sizeof params);
	uint8_t list[] = { 0x4A, 0x01, 0x00 };
	send(p, list, sizeof list);
	int n = reply(&r, 0x4B);
	CU_ASSERT_EQUAL(n, 1 + 1 + 2 + 1 + 1 + 7 + 6);	/* with the ATS */
	CU_ASSERT_EQUAL(r[4], 0x20);
	uint8_t ping[] = { 0x42, 0xB2 };
	send(p, ping, sizeof ping);
	CU_ASSERT_EQUAL(reply(&r, 0x43), 2);
	CU_ASSERT_EQUAL(r[0], 0x00);
	out.n = 0;
	pn532_set_card(p, NULL, 0, &out);
	send(p, ping, sizeof ping);
	CU_ASSERT_EQUAL(reply(&r, 0x43), 1);
	CU_ASSERT_NOT_EQUAL(r[0], 0x00);
	pn532_free(p);
}

GH_SUITE("pn532", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_open_sequence_as_libnfc_sends_it);
	GH_TEST(s, test_list_passive_target_reports_the_card);
	GH_TEST(s, test_autopoll_waits_for_a_card_and_ack_aborts);
	GH_TEST(s, test_damaged_frames_get_silence);
	GH_TEST(s, test_unknown_command_gets_the_error_frame_and_nack_resends);
	GH_TEST(s, test_extended_frame_is_accepted);
	GH_TEST(s, test_presence_check_follows_the_card);
}
