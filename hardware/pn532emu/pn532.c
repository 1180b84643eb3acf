/* The PN532 host protocol; see pn532.h and ../shared/notes/PN532.md. */
#include "hardware/pn532emu/pn532.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TFI_HOST 0xD4
#define TFI_CHIP 0xD5
#define IN_MAX 1024		/* bytes held while a frame arrives */
#define EXT_LEN_MAX 265		/* the PN532's frame buffer */
#define INTERBYTE_MS 100	/* a frame cut off this long is dropped */
#define REPLY_CHUNK 252		/* InDataExchange data per frame before chaining */
#define APDU_MAX 1024		/* chained commands and replies to a card */

/* Status byte codes (PN532 user manual, table "Error code list"). */
#define ST_OK 0x00
#define ST_TIMEOUT 0x01		/* the target did not answer */
#define ST_MIFARE_AUTH 0x14
#define ST_BAD_CONTEXT 0x27
#define ST_RELEASED 0x29
#define ST_MI 0x40		/* more information: the reply continues */

enum pending_kind { PEND_NONE, PEND_LIST, PEND_AUTOPOLL };

struct pn532 {
	uint8_t in[IN_MAX];
	size_t inlen;
	int64_t last_rx_ms;

	uint8_t regs[0x10000];
	uint8_t params;			/* SetParameters flags */
	uint8_t mxrty_passive;		/* RFConfiguration item 5, third byte */
	int field_on, asleep;

	struct emu_card *card;		/* in the field, or NULL */
	int selected;			/* the card is the activated target 1 */

	/* A command waiting for a card: InListPassiveTarget with endless retries or
	 * InAutoPoll. */
	enum pending_kind pending;
	uint8_t pend_cmd[64];
	size_t pend_len;
	int64_t pend_deadline;

	/* InDataExchange chaining, both ways. */
	uint8_t chain_in[APDU_MAX];
	size_t chain_inlen;
	uint8_t chain_out[APDU_MAX];
	size_t chain_outlen, chain_outpos;

	uint8_t last[300];		/* the last reply frame, for a NACK */
	size_t lastlen;

	struct pn532_stats st;
};

static const uint8_t ACK[] = { 0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00 };
static const uint8_t ERRFRAME[] = { 0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00 };

static void
out_add(struct emu_out *o, const uint8_t *b, size_t n)
{
	if (o == NULL || n > sizeof o->b - o->n)
		return;	/* cannot happen with the frame sizes here; never overflow */
	memcpy(o->b + o->n, b, n);
	o->n += n;
}

/* A reply frame: D5, code, data. */
static void
reply(struct pn532 *p, struct emu_out *o, uint8_t code, const uint8_t *data, size_t n)
{
	uint8_t f[300];
	size_t k = 0, len = n + 2;
	if (len > EXT_LEN_MAX)
		return;
	f[k++] = 0x00;
	f[k++] = 0x00;
	f[k++] = 0xFF;
	if (len <= 255) {
		f[k++] = (uint8_t)len;
		f[k++] = (uint8_t)(0x100 - len);
	} else {
		f[k++] = 0xFF;
		f[k++] = 0xFF;
		f[k++] = (uint8_t)(len >> 8);
		f[k++] = (uint8_t)len;
		f[k++] = (uint8_t)(0x100 - ((len >> 8) + (len & 0xFF)));
	}
	uint8_t sum = TFI_CHIP + code;
	f[k++] = TFI_CHIP;
	f[k++] = code;
	for (size_t i = 0; i < n; i++) {
		f[k++] = data[i];
		sum += data[i];
	}
	f[k++] = (uint8_t)(0x100 - sum);
	f[k++] = 0x00;
	memcpy(p->last, f, k);
	p->lastlen = k;
	out_add(o, f, k);
}

static void
error_frame(struct pn532 *p, struct emu_out *o)
{
	p->st.errors_out++;
	memcpy(p->last, ERRFRAME, sizeof ERRFRAME);
	p->lastlen = sizeof ERRFRAME;
	out_add(o, ERRFRAME, sizeof ERRFRAME);
}

static void
release_target(struct pn532 *p)
{
	if (p->selected && p->card && p->card->df)
		desfire_reset(p->card->df);
	p->selected = 0;
	p->chain_inlen = p->chain_outlen = p->chain_outpos = 0;
}

/* ---- target data ---- */

static const uint8_t DESFIRE_ATS[] = { 0x06, 0x75, 0x77, 0x81, 0x02, 0x80 };

static int
iso14443_4(const struct emu_card *c)
{
	return (c->sak & 0x20) != 0;
}

/* Tg ATQA SAK UIDLen UID [ATS] */
static size_t
target_data(const struct pn532 *p, const struct emu_card *c, int with_ats, uint8_t *d)
{
	size_t k = 0;
	d[k++] = 0x01;
	d[k++] = c->atqa[0];
	d[k++] = c->atqa[1];
	d[k++] = c->sak;
	d[k++] = (uint8_t)c->uidlen;
	memcpy(d + k, c->uid, c->uidlen);
	k += c->uidlen;
	if (with_ats && iso14443_4(c) && (p->params & 0x10)) {
		memcpy(d + k, DESFIRE_ATS, sizeof DESFIRE_ATS);
		k += sizeof DESFIRE_ATS;
	}
	return k;
}

/* Does the InListPassiveTarget initiator data name this card?  A 7-byte UID comes as
 * the cascade form 88 U0 U1 U2 U3..U6. */
static int
uid_matches(const struct emu_card *c, const uint8_t *d, size_t n)
{
	if (n == 0)
		return 1;
	if (n == c->uidlen && memcmp(d, c->uid, n) == 0)
		return 1;
	if (n == 8 && d[0] == 0x88 && c->uidlen == 7 &&
	    memcmp(d + 1, c->uid, 3) == 0 && memcmp(d + 4, c->uid + 3, 4) == 0)
		return 1;
	return 0;
}

/* InListPassiveTarget: 1 when answered (or refused), 0 when no card answers yet. */
static int
list_passive(struct pn532 *p, const uint8_t *d, size_t n, int final, struct emu_out *o)
{
	/* d: MaxTg BrTy [InitiatorData] */
	if (n < 2 || d[0] < 1 || d[0] > 2) {
		error_frame(p, o);
		return 1;
	}
	uint8_t none[] = { 0x00 };
	if (d[1] != 0x00) {
		/* FeliCa, type B, Jewel: no such card here. */
		reply(p, o, 0x4B, none, 1);
		return 1;
	}
	struct emu_card *c = p->card;
	if (c != NULL && uid_matches(c, d + 2, n - 2)) {
		uint8_t t[40];
		t[0] = 0x01;
		release_target(p);
		size_t k = target_data(p, c, 1, t + 1);
		p->selected = 1;
		p->field_on = 1;
		reply(p, o, 0x4B, t, k + 1);
		return 1;
	}
	if (!final)
		return 0;
	reply(p, o, 0x4B, none, 1);
	return 1;
}

/* InAutoPoll: 1 when answered, 0 when no card answers yet. */
static int
autopoll(struct pn532 *p, const uint8_t *d, size_t n, int final, struct emu_out *o)
{
	/* d: PollNr Period Type1..TypeN */
	struct emu_card *c = p->card;
	for (size_t i = 2; c != NULL && i < n; i++) {
		uint8_t type = d[i];
		int match = 0, ats = 0;
		if (type == 0x00)
			match = 1;			/* generic 106 kbps type A */
		else if (type == 0x10)
			match = 1;			/* MIFARE: any type A, no RATS */
		else if (type == 0x20)
			match = iso14443_4(c), ats = 1;	/* ISO 14443-4 type A */
		if (!match)
			continue;
		uint8_t t[48];
		t[0] = 0x01;
		t[1] = type;
		release_target(p);
		size_t k = target_data(p, c, ats, t + 3);
		t[2] = (uint8_t)k;
		p->selected = 1;
		p->field_on = 1;
		reply(p, o, 0x61, t, k + 3);
		return 1;
	}
	if (!final)
		return 0;
	uint8_t none[] = { 0x00 };
	reply(p, o, 0x61, none, 1);
	return 1;
}

static void
pending_retry(struct pn532 *p, int final, struct emu_out *o)
{
	int done = 0;
	if (p->pending == PEND_LIST)
		done = list_passive(p, p->pend_cmd, p->pend_len, final, o);
	else if (p->pending == PEND_AUTOPOLL)
		done = autopoll(p, p->pend_cmd, p->pend_len, final, o);
	if (done)
		p->pending = PEND_NONE;
}

static void
pend(struct pn532 *p, enum pending_kind k, const uint8_t *d, size_t n, int64_t deadline)
{
	p->pending = k;
	p->pend_len = n < sizeof p->pend_cmd ? n : sizeof p->pend_cmd;
	memcpy(p->pend_cmd, d, p->pend_len);
	p->pend_deadline = deadline;
}

/* ---- talking to the card ---- */

/* One exchange with the activated card; returns the PN532 status byte and fills r. */
static uint8_t
card_exchange(struct pn532 *p, const uint8_t *d, size_t n, uint8_t *r, size_t *rn, size_t cap)
{
	struct emu_card *c = p->card;
	*rn = 0;
	if (c == NULL)
		return ST_TIMEOUT;	/* the card left: no answer */
	if (!p->selected)
		return ST_BAD_CONTEXT;
	if (n == 0)
		return ST_BAD_CONTEXT;
	if (c->type == EMU_CARD_CLASSIC) {
		if (d[0] == 0x30 && n == 2) {		/* READ: 16 bytes from block */
			if (cap < 16)
				return ST_BAD_CONTEXT;
			memcpy(r, c->blocks[d[1] & 63], 16);
			*rn = 16;
			return ST_OK;
		}
		if (d[0] == 0xA0 && n == 18) {		/* WRITE */
			if ((d[1] & 63) != 0)
				memcpy(c->blocks[d[1] & 63], d + 2, 16);
			return ST_OK;
		}
		if ((d[0] == 0x60 || d[0] == 0x61) && n >= 8) {	/* AUTH A/B */
			static const uint8_t transport[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
			return memcmp(d + 2, transport, 6) == 0 ? ST_OK : ST_MIFARE_AUTH;
		}
		return ST_TIMEOUT;
	}
	/* DESFire: ISO 7816 wrapped (90 INS 00 00 [Lc data] [Le]) or native. */
	uint8_t cmd[APDU_MAX], rep[DESFIRE_REPLY_MAX];
	size_t cn;
	int wrapped = 0;
	if (d[0] == 0x90) {
		wrapped = 1;
		if (n < 5 || d[2] != 0 || d[3] != 0) {
			if (cap < 2)
				return ST_BAD_CONTEXT;
			r[0] = 0x67;	/* wrong length / parameters */
			r[1] = 0x00;
			*rn = 2;
			return ST_OK;
		}
		size_t lc = n > 5 ? d[4] : 0;
		if (n > 5 && n != 5 + lc && n != 6 + lc) {
			r[0] = 0x67;
			r[1] = 0x00;
			*rn = 2;
			return ST_OK;
		}
		cmd[0] = d[1];
		memcpy(cmd + 1, d + 5, lc);
		cn = 1 + lc;
	} else if (d[0] == 0x00 || (d[0] & 0xF0) == 0x80) {
		/* Other ISO 7816 classes: instruction not supported. */
		r[0] = 0x6D;
		r[1] = 0x00;
		*rn = 2;
		return ST_OK;
	} else {
		if (n > sizeof cmd)
			n = sizeof cmd;
		memcpy(cmd, d, n);
		cn = n;
	}
	size_t m = desfire_command(c->df, cmd, cn, rep, sizeof rep);
	if (m == 0 || m + 1 > cap)
		return ST_TIMEOUT;
	if (wrapped) {
		memcpy(r, rep + 1, m - 1);
		r[m - 1] = 0x91;
		r[m] = rep[0];
		*rn = m + 1;
	} else {
		memcpy(r, rep, m);
		*rn = m;
	}
	return ST_OK;
}

/* Send the next part of a long card reply (InDataExchange chaining). */
static void
send_chunk(struct pn532 *p, struct emu_out *o)
{
	uint8_t t[REPLY_CHUNK + 1];
	size_t left = p->chain_outlen - p->chain_outpos;
	size_t k = left > REPLY_CHUNK ? REPLY_CHUNK : left;
	t[0] = left > REPLY_CHUNK ? ST_MI : ST_OK;
	memcpy(t + 1, p->chain_out + p->chain_outpos, k);
	p->chain_outpos += k;
	if (p->chain_outpos >= p->chain_outlen)
		p->chain_outlen = p->chain_outpos = 0;
	reply(p, o, 0x41, t, k + 1);
}

static void
data_exchange(struct pn532 *p, const uint8_t *d, size_t n, struct emu_out *o)
{
	/* d: Tg DataOut */
	if (n < 1 || (d[0] & 0x3F) != 1) {
		uint8_t st = ST_BAD_CONTEXT;	/* only target 1 exists */
		reply(p, o, 0x41, &st, 1);
		return;
	}
	if (n == 1 && p->chain_outlen > 0) {
		send_chunk(p, o);	/* the host asks for the rest */
		return;
	}
	p->chain_outlen = p->chain_outpos = 0;
	if (p->chain_inlen + (n - 1) > sizeof p->chain_in) {
		p->chain_inlen = 0;
		uint8_t st = ST_BAD_CONTEXT;
		reply(p, o, 0x41, &st, 1);
		return;
	}
	memcpy(p->chain_in + p->chain_inlen, d + 1, n - 1);
	p->chain_inlen += n - 1;
	if (d[0] & ST_MI) {
		/* The host's command continues in the next frame. */
		uint8_t st = ST_OK;
		reply(p, o, 0x41, &st, 1);
		return;
	}
	size_t rn = 0;
	uint8_t st = card_exchange(p, p->chain_in, p->chain_inlen, p->chain_out, &rn,
	    sizeof p->chain_out);
	p->chain_inlen = 0;
	if (st != ST_OK) {
		reply(p, o, 0x41, &st, 1);
		return;
	}
	p->chain_outlen = rn;
	p->chain_outpos = 0;
	send_chunk(p, o);
}

static void
communicate_thru(struct pn532 *p, const uint8_t *d, size_t n, struct emu_out *o)
{
	struct emu_card *c = p->card;
	uint8_t t[20];
	if (c != NULL && p->selected && n == 1 && (d[0] == 0xB2 || d[0] == 0xB3) &&
	    iso14443_4(c)) {
		/* R(NAK) presence check: the card answers R(ACK) of its block number. */
		t[0] = ST_OK;
		t[1] = (uint8_t)(0xA2 | (d[0] & 1));
		reply(p, o, 0x43, t, 2);
		return;
	}
	if (c != NULL && p->selected && c->type == EMU_CARD_CLASSIC && n == 2 && d[0] == 0x30) {
		t[0] = ST_OK;
		memcpy(t + 1, c->blocks[d[1] & 63], 16);
		reply(p, o, 0x43, t, 17);
		return;
	}
	t[0] = ST_TIMEOUT;
	reply(p, o, 0x43, t, 1);
}

/* ---- commands ---- */

static void
command(struct pn532 *p, const uint8_t *f, size_t n, int64_t now_ms, struct emu_out *o)
{
	uint8_t code = f[0];
	const uint8_t *d = f + 1;
	size_t dn = n - 1;
	uint8_t t[64];

	/* A new command ends whatever waited (libnfc aborts first anyway). */
	p->pending = PEND_NONE;
	p->asleep = 0;
	out_add(o, ACK, sizeof ACK);
	p->st.frames++;

	switch (code) {
	case 0x00:	/* Diagnose NumTst [InParam] */
		if (dn < 1) {
			error_frame(p, o);
			return;
		}
		switch (d[0]) {
		case 0x00:	/* communication line: echo */
			reply(p, o, 0x01, d, dn);
			return;
		case 0x01: case 0x02: case 0x07:	/* ROM, RAM, antenna */
			t[0] = 0x00;
			reply(p, o, 0x01, t, 1);
			return;
		case 0x06:	/* attention request: is the target there? */
			t[0] = (p->card && p->selected) ? 0x00 : 0x01;
			reply(p, o, 0x01, t, 1);
			return;
		}
		error_frame(p, o);
		return;
	case 0x02:	/* GetFirmwareVersion: PN532 v1.6, ISO 14443A/B and 18092 */
		t[0] = 0x32;
		t[1] = 0x01;
		t[2] = 0x06;
		t[3] = 0x07;
		reply(p, o, 0x03, t, 4);
		return;
	case 0x04: {	/* GetGeneralStatus */
		size_t k = 0;
		t[k++] = 0x00;
		t[k++] = (uint8_t)p->field_on;
		t[k++] = (uint8_t)(p->selected ? 1 : 0);
		if (p->selected) {
			t[k++] = 0x01;
			t[k++] = 0x00;
			t[k++] = 0x00;
			t[k++] = 0x00;
		}
		t[k++] = 0x00;
		reply(p, o, 0x05, t, k);
		return;
	}
	case 0x06: {	/* ReadRegister ADR_H ADR_L ... */
		if (dn < 2 || dn % 2 != 0 || dn / 2 > sizeof t) {
			error_frame(p, o);
			return;
		}
		for (size_t i = 0; i < dn / 2; i++)
			t[i] = p->regs[(d[2 * i] << 8) | d[2 * i + 1]];
		reply(p, o, 0x07, t, dn / 2);
		return;
	}
	case 0x08:	/* WriteRegister (ADR_H ADR_L VAL)... */
		if (dn < 3 || dn % 3 != 0) {
			error_frame(p, o);
			return;
		}
		for (size_t i = 0; i < dn / 3; i++)
			p->regs[(d[3 * i] << 8) | d[3 * i + 1]] = d[3 * i + 2];
		reply(p, o, 0x09, NULL, 0);
		return;
	case 0x0C:	/* ReadGPIO */
		t[0] = 0xFF;
		t[1] = 0x07;
		t[2] = 0x00;
		reply(p, o, 0x0D, t, 3);
		return;
	case 0x0E:	/* WriteGPIO */
	case 0x10:	/* SetSerialBaudRate: the line has no speed here */
		if (dn < 1) {
			error_frame(p, o);
			return;
		}
		reply(p, o, code + 1, NULL, 0);
		return;
	case 0x12:	/* SetParameters Flags */
		if (dn != 1) {
			error_frame(p, o);
			return;
		}
		p->params = d[0];
		reply(p, o, 0x13, NULL, 0);
		return;
	case 0x14:	/* SAMConfiguration Mode [Timeout [IRQ]] */
		if (dn < 1 || dn > 3 || d[0] < 1 || d[0] > 4) {
			error_frame(p, o);
			return;
		}
		reply(p, o, 0x15, NULL, 0);
		return;
	case 0x16:	/* PowerDown WakeUpEnable [GenerateIRQ] */
		if (dn < 1 || dn > 2) {
			error_frame(p, o);
			return;
		}
		release_target(p);
		t[0] = 0x00;
		reply(p, o, 0x17, t, 1);
		p->asleep = 1;
		return;
	case 0x32:	/* RFConfiguration CfgItem ConfigurationData */
		if (dn < 2) {
			error_frame(p, o);
			return;
		}
		if (d[0] == 0x01) {
			p->field_on = d[1] & 1;
			if (!p->field_on)
				release_target(p);	/* the card loses power */
		} else if (d[0] == 0x05) {
			if (dn != 4) {
				error_frame(p, o);
				return;
			}
			p->mxrty_passive = d[3];
		}
		reply(p, o, 0x33, NULL, 0);
		return;
	case 0x40:	/* InDataExchange */
		data_exchange(p, d, dn, o);
		return;
	case 0x42:	/* InCommunicateThru */
		communicate_thru(p, d, dn, o);
		return;
	case 0x44:	/* InDeselect Tg */
	case 0x52:	/* InRelease Tg */
		if (dn != 1) {
			error_frame(p, o);
			return;
		}
		release_target(p);
		t[0] = ST_OK;
		reply(p, o, code + 1, t, 1);
		return;
	case 0x4E:	/* InSelect Tg */
		if (dn != 1) {
			error_frame(p, o);
			return;
		}
		t[0] = p->card ? ST_OK : ST_RELEASED;
		if (p->card)
			p->selected = 1;
		reply(p, o, 0x4F, t, 1);
		return;
	case 0x4A:	/* InListPassiveTarget */
		if (!list_passive(p, d, dn, p->mxrty_passive != 0xFF, o))
			pend(p, PEND_LIST, d, dn, INT64_MAX);
		return;
	case 0x60: {	/* InAutoPoll PollNr Period Types... */
		if (dn < 3 || dn > 17 || d[1] < 1 || d[1] > 15 || d[0] == 0) {
			error_frame(p, o);
			return;
		}
		if (!autopoll(p, d, dn, 0, o)) {
			/* Each poll of each type lasts Period x 150 ms; 0xFF polls forever. */
			int64_t dl = d[0] == 0xFF ? INT64_MAX :
			    now_ms + (int64_t)d[0] * d[1] * 150 * (int64_t)(dn - 2);
			pend(p, PEND_AUTOPOLL, d, dn, dl);
		}
		return;
	}
	}
	/* Target mode, DEP, FeliCa and the rest: not a reader's business here. */
	p->st.commands_unknown++;
	error_frame(p, o);
}

/* ---- frames ---- */

static void
consume(struct pn532 *p, size_t k)
{
	if (k >= p->inlen) {
		p->inlen = 0;
		return;
	}
	memmove(p->in, p->in + k, p->inlen - k);
	p->inlen -= k;
}

static void
parse(struct pn532 *p, int64_t now_ms, struct emu_out *o)
{
	for (;;) {
		/* Find the start code 00 FF; everything before it is preamble or noise. */
		size_t s = 0;
		while (s + 1 < p->inlen && !(p->in[s] == 0x00 && p->in[s + 1] == 0xFF))
			s++;
		if (s + 1 >= p->inlen) {
			/* Keep a trailing 00: it may start the next start code. */
			if (p->inlen > 0 && p->in[p->inlen - 1] == 0x00)
				consume(p, p->inlen - 1);
			else
				p->inlen = 0;
			return;
		}
		consume(p, s);
		if (p->inlen < 4)
			return;
		uint8_t a = p->in[2], b = p->in[3];
		if (a == 0x00 && b == 0xFF) {		/* ACK: the host aborts */
			p->st.acks_in++;
			p->pending = PEND_NONE;
			p->chain_outlen = p->chain_outpos = 0;
			consume(p, 4);
			continue;
		}
		if (a == 0xFF && b == 0x00) {		/* NACK: send the last reply again */
			p->st.nacks_in++;
			out_add(o, p->last, p->lastlen);
			consume(p, 4);
			continue;
		}
		size_t len, hdr;
		if (a == 0xFF && b == 0xFF) {		/* extended frame */
			if (p->inlen < 7)
				return;
			len = ((size_t)p->in[4] << 8) | p->in[5];
			if (((p->in[4] + p->in[5] + p->in[6]) & 0xFF) != 0 || len < 2 ||
			    len > EXT_LEN_MAX) {
				p->st.bad_frames++;
				consume(p, 2);
				continue;
			}
			hdr = 7;
		} else {
			len = a;
			if (((a + b) & 0xFF) != 0 || len < 2) {
				p->st.bad_frames++;
				consume(p, 2);
				continue;
			}
			hdr = 4;
		}
		if (p->inlen < hdr + len + 1)
			return;		/* wait for the rest */
		const uint8_t *f = p->in + hdr;
		uint8_t sum = 0;
		for (size_t i = 0; i <= len; i++)
			sum += f[i];
		if (sum != 0 || f[0] != TFI_HOST) {
			/* Bad data checksum or not for us: silence, then resynchronise. */
			p->st.bad_frames++;
			consume(p, 2);
			continue;
		}
		uint8_t frame[EXT_LEN_MAX];
		memcpy(frame, f + 1, len - 1);
		consume(p, hdr + len + 1);
		command(p, frame, len - 1, now_ms, o);
	}
}

void
pn532_feed(struct pn532 *p, const uint8_t *buf, size_t n, int64_t now_ms, struct emu_out *o)
{
	if (p->inlen > 0 && now_ms - p->last_rx_ms > INTERBYTE_MS)
		p->inlen = 0;	/* a frame cut off: the chip's receiver gave up on it */
	p->last_rx_ms = now_ms;
	while (n > 0) {
		size_t k = sizeof p->in - p->inlen;
		if (k > n)
			k = n;
		memcpy(p->in + p->inlen, buf, k);
		p->inlen += k;
		buf += k;
		n -= k;
		parse(p, now_ms, o);
		if (p->inlen == sizeof p->in) {
			/* Full of something that never became a frame. */
			p->st.bad_frames++;
			p->inlen = 0;
		}
	}
}

void
pn532_set_card(struct pn532 *p, struct emu_card *c, int64_t now_ms, struct emu_out *o)
{
	(void)now_ms;
	if (c != p->card) {
		release_target(p);
		p->card = c;
	}
	if (c != NULL && p->pending != PEND_NONE)
		pending_retry(p, 0, o);
}

void
pn532_tick(struct pn532 *p, int64_t now_ms, struct emu_out *o)
{
	if (p->pending != PEND_NONE && now_ms >= p->pend_deadline)
		pending_retry(p, 1, o);
}

int64_t
pn532_deadline(const struct pn532 *p)
{
	return p->pending != PEND_NONE ? p->pend_deadline : INT64_MAX;
}

void
pn532_host_gone(struct pn532 *p)
{
	p->inlen = 0;
	p->pending = PEND_NONE;
	p->lastlen = 0;
	release_target(p);
}

void
pn532_stats(const struct pn532 *p, struct pn532_stats *s)
{
	*s = p->st;
}

struct pn532 *
pn532_new(void)
{
	struct pn532 *p = calloc(1, sizeof *p);
	if (p == NULL)
		return NULL;
	p->mxrty_passive = 0xFF;
	p->field_on = 0;
	/* A few CIU registers with their reset values (PN532 user manual, 8.6). */
	p->regs[0x6302] = 0x80;		/* CIU_TxMode */
	p->regs[0x6303] = 0x80;		/* CIU_RxMode */
	p->regs[0x6305] = 0x10;		/* CIU_TxAuto */
	p->regs[0x630D] = 0x00;
	p->regs[0x6338] = 0x00;
	p->regs[0x633C] = 0x10;		/* CIU_Control: low 3 bits = bits in last byte */
	p->regs[0x633D] = 0x00;
	return p;
}

void
pn532_free(struct pn532 *p)
{
	free(p);
}

void
emu_card_init(struct emu_card *c, const char *name, enum emu_card_type type,
    const uint8_t *uid, size_t uidlen)
{
	memset(c, 0, sizeof *c);
	size_t k = strlen(name);
	if (k >= sizeof c->name)
		k = sizeof c->name - 1;
	memcpy(c->name, name, k);
	c->type = type;
	c->uidlen = uidlen > EMU_UID_MAX ? EMU_UID_MAX : uidlen;
	memcpy(c->uid, uid, c->uidlen);
	if (type == EMU_CARD_DESFIRE) {
		c->atqa[0] = 0x03;
		c->atqa[1] = 0x44;
		c->sak = 0x20;
	} else {
		c->atqa[0] = 0x00;
		c->atqa[1] = c->uidlen == 4 ? 0x04 : 0x44;
		c->sak = 0x08;
		/* Block 0: the manufacturer block starts with the UID. */
		memcpy(c->blocks[0], c->uid, c->uidlen);
	}
}
