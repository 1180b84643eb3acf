/* The virtual DESFire card's persistent state as text, so that a personalised card can
 * be taken away and presented again.  One record a line, numbers in hex:
 *
 *	desfire 1
 *	uid 04A1B2C3D4E5F6
 *	app 000000 0F 01 des 0		AID, key settings, key count, key family, ISO
 *	key 00 00 00000000...		number, AES version, key bytes (16, 24 for 3K3DES)
 *	app 112233 EF 02 aes 0
 *	key 00 00 ...
 *	key 01 00 ...
 *	file 01 00 EEEE 000064		number, communication mode, access rights, size
 *	data 01 0000 48656C6C6F...	number, offset, up to 64 bytes (zeros left out)
 *	end
 *
 * The PICC level comes first as application 000000 with its one key.  Loading checks
 * every field and bound, and wants the closing "end" so that a truncated file is
 * refused rather than half loaded. */
#include "hardware/pn532emu/desfire_card.h"

#include <stdlib.h>
#include <string.h>

#define STORE_LINE_MAX 256
#define STORE_DATA_CHUNK 64
#define STORE_TOKENS 8

static const char *const type_names[] = { "des", "3k3des", "aes" };

static size_t
stored_key_length(const struct df_app *a)
{
	return a->key_type == DF_3K3DES ? 24 : 16;
}

static int
chunk_is_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static void
put_hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02X", p[i]);
}

static void
save_app(const struct df_app *a, FILE *f)
{
	fprintf(f, "app %06X %02X %02X %s %d\n", (unsigned)a->aid, a->settings, a->nkeys,
	    type_names[a->key_type], a->iso);
	for (unsigned k = 0; k < a->nkeys; k++) {
		fprintf(f, "key %02X %02X ", k, a->keys[k].aes_version);
		put_hex(f, a->keys[k].data, stored_key_length(a));
		fputc('\n', f);
	}
	for (unsigned n = 0; n < DF_MAX_FILES; n++) {
		const struct df_file *file = &a->files[n];

		if (!file->present)
			continue;
		fprintf(f, "file %02X %02X %04X %06X\n", n, file->comm, file->access,
		    (unsigned)file->size);
		for (uint32_t off = 0; off < file->size; off += STORE_DATA_CHUNK) {
			uint32_t len = file->size - off;

			if (len > STORE_DATA_CHUNK)
				len = STORE_DATA_CHUNK;
			if (chunk_is_zero(file->data + off, len))
				continue;
			fprintf(f, "data %02X %04X ", n, (unsigned)off);
			put_hex(f, file->data + off, len);
			fputc('\n', f);
		}
	}
}

int
desfire_save(const struct desfire_card *c, FILE *f)
{
	fprintf(f, "desfire 1\nuid ");
	put_hex(f, c->uid, DESFIRE_UID_LEN);
	fputc('\n', f);
	save_app(&c->picc, f);
	for (size_t i = 0; i < c->napps; i++)
		save_app(c->apps[i], f);
	fprintf(f, "end\n");
	return ferror(f) || fflush(f) != 0 ? -1 : 0;
}

/*
 * Loading.
 */

static int
hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Exactly n bytes of hex. */
static int
parse_bytes(const char *s, uint8_t *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* A hex number of 1 to 6 digits, at most max. */
static int
parse_number(const char *s, uint32_t max, uint32_t *out)
{
	size_t len = strlen(s);
	uint32_t v = 0;

	if (len == 0 || len > 6)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int d = hex_digit(s[i]);

		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* Split a line at spaces and tabs; -1 if it has too many fields. */
static int
split(char *line, char *tok[STORE_TOKENS])
{
	char *save = NULL;
	int n = 0;

	for (char *p = strtok_r(line, " \t\r\n", &save); p != NULL;
	    p = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == STORE_TOKENS)
			return -1;
		tok[n++] = p;
	}
	return n;
}

struct loader {
	struct desfire_card *c;
	struct df_app *app;		/* the application being read */
	unsigned keys_read;		/* its keys seen so far, in order */
	int have_uid;
	size_t used;			/* file memory so far */
};

static int
load_app(struct loader *l, char **tok, int n)
{
	struct df_app *a;
	uint32_t aid, settings, nkeys, iso;
	int type = -1;

	if (n != 6 || parse_number(tok[1], 0xFFFFFF, &aid) == -1 ||
	    parse_number(tok[2], 0xFF, &settings) == -1 ||
	    parse_number(tok[3], DF_MAX_KEYS, &nkeys) == -1 ||
	    parse_number(tok[5], 1, &iso) == -1)
		return -1;
	for (int t = 0; t < 3; t++)
		if (strcmp(tok[4], type_names[t]) == 0)
			type = t;
	if (type == -1 || !l->have_uid)
		return -1;
	/* The previous application must have all its keys. */
	if (l->app != NULL && l->keys_read != l->app->nkeys)
		return -1;
	if (l->app == NULL) {
		/* The PICC level: AID 0, one key, no ISO. */
		if (aid != 0 || nkeys != 1 || iso != 0)
			return -1;
		a = &l->c->picc;
	} else {
		if (aid == 0 || l->c->napps >= DF_MAX_APPS)
			return -1;
		for (size_t i = 0; i < l->c->napps; i++)
			if (l->c->apps[i]->aid == aid)
				return -1;
		if ((a = calloc(1, sizeof(*a))) == NULL)
			return -1;
		l->c->apps[l->c->napps++] = a;
	}
	a->aid = aid;
	a->settings = (uint8_t)settings;
	a->nkeys = (uint8_t)nkeys;
	a->key_type = (uint8_t)type;
	a->iso = (uint8_t)iso;
	l->app = a;
	l->keys_read = 0;
	return 0;
}

static int
load_key(struct loader *l, char **tok, int n)
{
	struct df_key *k;
	uint32_t no, version;

	if (n != 4 || l->app == NULL || parse_number(tok[1], DF_MAX_KEYS - 1, &no) == -1 ||
	    parse_number(tok[2], 0xFF, &version) == -1)
		return -1;
	if (no != l->keys_read || no >= l->app->nkeys)
		return -1;
	k = &l->app->keys[no];
	if (parse_bytes(tok[3], k->data, stored_key_length(l->app)) == -1)
		return -1;
	k->aes_version = (uint8_t)version;
	l->keys_read++;
	return 0;
}

static int
load_file(struct loader *l, char **tok, int n)
{
	struct df_file *f;
	uint32_t no, comm, access, size;

	if (n != 5 || l->app == NULL || l->app == &l->c->picc ||
	    l->keys_read != l->app->nkeys ||
	    parse_number(tok[1], DF_MAX_FILES - 1, &no) == -1 ||
	    parse_number(tok[2], 3, &comm) == -1 ||
	    parse_number(tok[3], 0xFFFF, &access) == -1 ||
	    parse_number(tok[4], DF_MEMORY, &size) == -1 || size == 0)
		return -1;
	f = &l->app->files[no];
	if (f->present)
		return -1;
	l->used += (size + DF_ALLOC_UNIT - 1) / DF_ALLOC_UNIT * DF_ALLOC_UNIT;
	if (l->used > DF_MEMORY)
		return -1;
	if ((f->data = calloc(1, size)) == NULL)
		return -1;
	f->present = 1;
	f->comm = (uint8_t)comm;
	f->access = (uint16_t)access;
	f->size = size;
	return 0;
}

static int
load_data(struct loader *l, char **tok, int n)
{
	struct df_file *f;
	uint32_t no, off;
	size_t len;

	if (n != 4 || l->app == NULL || parse_number(tok[1], DF_MAX_FILES - 1, &no) == -1 ||
	    parse_number(tok[2], DF_MEMORY, &off) == -1)
		return -1;
	f = &l->app->files[no];
	len = strlen(tok[3]) / 2;
	if (!f->present || len == 0 || len > STORE_DATA_CHUNK || off > f->size ||
	    len > f->size - off)
		return -1;
	return parse_bytes(tok[3], f->data + off, len);
}

struct desfire_card *
desfire_load(FILE *f)
{
	struct loader l = { 0 };
	char line[STORE_LINE_MAX], *tok[STORE_TOKENS];
	uint8_t uid[DESFIRE_UID_LEN] = { 0 };
	int n, lineno = 0, ended = 0, rc = 0;

	if ((l.c = desfire_new(uid)) == NULL)
		return NULL;
	while (!ended && rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		/* A line that does not fit is not one of ours. */
		if (strchr(line, '\n') == NULL && !feof(f)) {
			rc = -1;
			break;
		}
		if ((n = split(line, tok)) <= 0) {
			rc = -1;
			break;
		}
		if (lineno == 1)
			rc = n == 2 && strcmp(tok[0], "desfire") == 0 &&
			    strcmp(tok[1], "1") == 0 ? 0 : -1;
		else if (strcmp(tok[0], "uid") == 0 && n == 2 && !l.have_uid) {
			rc = parse_bytes(tok[1], uid, DESFIRE_UID_LEN);
			memcpy(l.c->uid, uid, DESFIRE_UID_LEN);
			l.have_uid = 1;
		} else if (strcmp(tok[0], "app") == 0)
			rc = load_app(&l, tok, n);
		else if (strcmp(tok[0], "key") == 0)
			rc = load_key(&l, tok, n);
		else if (strcmp(tok[0], "file") == 0)
			rc = load_file(&l, tok, n);
		else if (strcmp(tok[0], "data") == 0)
			rc = load_data(&l, tok, n);
		else if (strcmp(tok[0], "end") == 0 && n == 1)
			ended = 1;
		else
			rc = -1;
	}
	if (rc == -1 || !ended || l.app == NULL || l.keys_read != l.app->nkeys) {
		desfire_free(l.c);
		return NULL;
	}
	desfire_reset(l.c);
	return l.c;
}
