/* gatehouse-pn532-emu: a PN532 badge reader on a pseudo-terminal, for tests and the
 * demo.  Unmodified libnfc (pn532_uart driver) opens the terminal as it would a real
 * reader's serial line; virtual cards are placed and removed through a control socket.
 * Documented in hardware/PN532-EMU.md. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "controller/control.h"
#include "controller/loop.h"
#include "controller/util.h"
#include "hardware/pn532emu/pn532.h"

#define MAX_CARDS 64
#define CARD_FILE_MAX (256 * 1024)

static struct gh_loop *L;
static struct pn532 *P;
static int master = -1, slave = -1;
static struct emu_card *cards[MAX_CARDS];
static struct emu_card *in_field;
static int64_t tick_timer = -1;
static int trace;

static void schedule_tick(void);

static void
host_write(const struct emu_out *o)
{
	if (o->n == 0)
		return;
	if (trace) {
		fprintf(stderr, "emu >");
		for (size_t i = 0; i < o->n; i++)
			fprintf(stderr, " %02X", o->b[i]);
		fprintf(stderr, "\n");
	}
	size_t off = 0;
	while (off < o->n) {
		ssize_t w = write(master, o->b + off, o->n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			struct pollfd pf = { .fd = master, .events = POLLOUT };
			poll(&pf, 1, 100);
			continue;
		}
		if (w <= 0)
			return;	/* the line is gone: the next client starts afresh */
		off += (size_t)w;
	}
	schedule_tick();
}

static void
on_tick(struct gh_loop *l, void *arg)
{
	(void)l;
	(void)arg;
	tick_timer = -1;
	static struct emu_out o;
	o.n = 0;
	pn532_tick(P, gh_mono_ms(), &o);
	host_write(&o);
	schedule_tick();
}

static void
schedule_tick(void)
{
	int64_t dl = pn532_deadline(P);
	if (tick_timer >= 0) {
		gh_loop_cancel(L, tick_timer);
		tick_timer = -1;
	}
	if (dl != INT64_MAX)
		tick_timer = gh_loop_at(L, dl, on_tick, NULL);
}

static void
on_master(struct gh_loop *l, int fd, short revents, void *arg)
{
	(void)l;
	(void)arg;
	(void)revents;
	uint8_t buf[512];
	ssize_t n = read(fd, buf, sizeof buf);
	if (n <= 0)
		return;
	if (trace) {
		fprintf(stderr, "emu <");
		for (ssize_t i = 0; i < n; i++)
			fprintf(stderr, " %02X", buf[i]);
		fprintf(stderr, "\n");
	}
	static struct emu_out o;
	o.n = 0;
	pn532_feed(P, buf, (size_t)n, gh_mono_ms(), &o);
	host_write(&o);
}

/* ---- cards ---- */

static struct emu_card *
card_find(const char *name, int *slot)
{
	for (int i = 0; i < MAX_CARDS; i++) {
		if (cards[i] && strcmp(cards[i]->name, name) == 0) {
			if (slot)
				*slot = i;
			return cards[i];
		}
	}
	return NULL;
}

static int
free_slot(void)
{
	for (int i = 0; i < MAX_CARDS; i++)
		if (cards[i] == NULL)
			return i;
	return -1;
}

static int
parse_hex(const char *s, uint8_t *out, size_t max, size_t *n)
{
	size_t k = 0;
	for (; *s; s++) {
		if (*s == ':' || *s == ' ')
			continue;
		int v;
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			return -1;
		if (k / 2 >= max)
			return -1;
		if (k % 2 == 0)
			out[k / 2] = (uint8_t)(v << 4);
		else
			out[k / 2] |= (uint8_t)v;
		k++;
	}
	if (k % 2 != 0)
		return -1;
	*n = k / 2;
	return 0;
}

static void
hex(const uint8_t *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02X", b[i]);
	out[2 * n] = '\0';
}

static void
card_free(struct emu_card *c)
{
	if (c == NULL)
		return;
	desfire_free(c->df);
	free(c);
}

static const char *
card_new(const char *name, const char *type, const char *uidhex, struct emu_card **out)
{
	uint8_t uid[EMU_UID_MAX];
	size_t n;
	const char *why;
	if (gh_name_valid(name, &why) != 0 || strlen(name) >= EMU_CARD_NAME_MAX)
		return "bad card name";
	if (parse_hex(uidhex, uid, sizeof uid, &n) != 0 || (n != 4 && n != 7))
		return "the UID must be 4 or 7 bytes of hex";
	enum emu_card_type t;
	if (strcmp(type, "classic") == 0)
		t = EMU_CARD_CLASSIC;
	else if (strcmp(type, "desfire") == 0)
		t = EMU_CARD_DESFIRE;
	else
		return "the card type must be classic or desfire";
	if (t == EMU_CARD_DESFIRE && n != DESFIRE_UID_LEN)
		return "a DESFire card has a 7-byte UID";
	struct emu_card *c = calloc(1, sizeof *c);
	if (c == NULL)
		return "out of memory";
	emu_card_init(c, name, t, uid, n);
	if (t == EMU_CARD_DESFIRE && (c->df = desfire_new(uid)) == NULL) {
		free(c);
		return "out of memory";
	}
	*out = c;
	return NULL;
}

/* The card file: a first line "gatehouse-card classic UID" or
 * "gatehouse-card desfire", then the blocks or the DESFire state. */
static const char *
card_save(const struct emu_card *c, const char *path)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return "path too long";
	FILE *f = fopen(tmp, "w");
	if (f == NULL)
		return strerror(errno);
	char h[2 * EMU_UID_MAX + 1];
	hex(c->uid, c->uidlen, h);
	int ok;
	if (c->type == EMU_CARD_CLASSIC) {
		ok = fprintf(f, "gatehouse-card classic %s\n", h) > 0;
		for (int b = 0; b < 64 && ok; b++) {
			char bh[33];
			hex(c->blocks[b], 16, bh);
			ok = fprintf(f, "%s\n", bh) > 0;
		}
	} else {
		ok = fprintf(f, "gatehouse-card desfire\n") > 0 && desfire_save(c->df, f) == 0;
	}
	ok = ok && fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return "cannot write the card file";
	}
	return NULL;
}

static const char *
card_load(const char *name, const char *path, struct emu_card **out)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return strerror(errno);
	char line[128];
	const char *err = "not a card file";
	struct emu_card *c = NULL;
	if (fgets(line, sizeof line, f) == NULL)
		goto done;
	line[strcspn(line, "\n")] = '\0';
	if (strncmp(line, "gatehouse-card classic ", 23) == 0) {
		if ((err = card_new(name, "classic", line + 23, &c)) != NULL)
			goto done;
		for (int b = 0; b < 64; b++) {
			size_t n;
			if (fgets(line, sizeof line, f) == NULL)
				break;
			line[strcspn(line, "\n")] = '\0';
			if (parse_hex(line, c->blocks[b], 16, &n) != 0 || n != 16) {
				err = "bad block in the card file";
				card_free(c);
				c = NULL;
				goto done;
			}
		}
	} else if (strcmp(line, "gatehouse-card desfire") == 0) {
		struct desfire_card *df = desfire_load(f);
		if (df == NULL) {
			err = "bad DESFire state in the card file";
			goto done;
		}
		c = calloc(1, sizeof *c);
		if (c == NULL) {
			desfire_free(df);
			err = "out of memory";
			goto done;
		}
		emu_card_init(c, name, EMU_CARD_DESFIRE, desfire_uid(df), DESFIRE_UID_LEN);
		c->df = df;
	} else {
		goto done;
	}
	err = NULL;
	*out = c;
done:
	fclose(f);
	return err;
}

static void
place(struct emu_card *c)
{
	static struct emu_out o;
	o.n = 0;
	in_field = c;
	pn532_set_card(P, c, gh_mono_ms(), &o);
	host_write(&o);
}

/* ---- control socket ---- */

static void
on_request(struct gh_ctl_conn *cn, const struct gh_ctl_req *q, void *arg)
{
	(void)arg;
	const char *cmd = q->argv[0], *err;
	struct emu_card *c = NULL;
	int slot;
	if (strcmp(cmd, "card") == 0 && q->argc == 4) {
		if (card_find(q->argv[1], NULL)) {
			gh_ctl_reply(cn, "error a card named '%s' exists", q->argv[1]);
		} else if ((slot = free_slot()) < 0) {
			gh_ctl_reply(cn, "error too many cards");
		} else if ((err = card_new(q->argv[1], q->argv[2], q->argv[3], &c)) != NULL) {
			gh_ctl_reply(cn, "error %s", err);
		} else {
			cards[slot] = c;
			gh_ctl_reply(cn, "ok");
		}
	} else if (strcmp(cmd, "load") == 0 && q->argc == 3) {
		if (card_find(q->argv[1], NULL)) {
			gh_ctl_reply(cn, "error a card named '%s' exists", q->argv[1]);
		} else if ((slot = free_slot()) < 0) {
			gh_ctl_reply(cn, "error too many cards");
		} else if ((err = card_load(q->argv[1], q->argv[2], &c)) != NULL) {
			gh_ctl_reply(cn, "error %s: %s", q->argv[2], err);
		} else {
			cards[slot] = c;
			gh_ctl_reply(cn, "ok");
		}
	} else if (strcmp(cmd, "save") == 0 && q->argc == 3) {
		if ((c = card_find(q->argv[1], NULL)) == NULL)
			gh_ctl_reply(cn, "error no card named '%s'", q->argv[1]);
		else if ((err = card_save(c, q->argv[2])) != NULL)
			gh_ctl_reply(cn, "error %s: %s", q->argv[2], err);
		else
			gh_ctl_reply(cn, "ok");
	} else if (strcmp(cmd, "forget") == 0 && q->argc == 2) {
		if ((c = card_find(q->argv[1], &slot)) == NULL) {
			gh_ctl_reply(cn, "error no card named '%s'", q->argv[1]);
			return;
		}
		if (c == in_field)
			place(NULL);
		card_free(c);
		cards[slot] = NULL;
		gh_ctl_reply(cn, "ok");
	} else if (strcmp(cmd, "place") == 0 && q->argc == 2) {
		if ((c = card_find(q->argv[1], NULL)) == NULL)
			gh_ctl_reply(cn, "error no card named '%s'", q->argv[1]);
		else if (in_field && in_field != c)
			gh_ctl_reply(cn, "error card '%s' is on the reader", in_field->name);
		else {
			if (in_field != c)
				place(c);
			gh_ctl_reply(cn, "ok");
		}
	} else if (strcmp(cmd, "remove") == 0 && q->argc == 1) {
		if (in_field)
			place(NULL);
		gh_ctl_reply(cn, "ok");
	} else if (strcmp(cmd, "cards") == 0 && q->argc == 1) {
		struct gh_buf b;
		gh_buf_init(&b);
		gh_buf_puts(&b, "ok");
		for (int i = 0; i < MAX_CARDS; i++) {
			if (cards[i] == NULL)
				continue;
			char h[2 * EMU_UID_MAX + 1];
			hex(cards[i]->uid, cards[i]->uidlen, h);
			gh_buf_printf(&b, " %s:%s:%s", cards[i]->name,
			    cards[i]->type == EMU_CARD_DESFIRE ? "desfire" : "classic", h);
		}
		gh_ctl_reply(cn, "%s", b.s);
		gh_buf_free(&b);
	} else if (strcmp(cmd, "state") == 0 && q->argc == 1) {
		struct pn532_stats s;
		pn532_stats(P, &s);
		gh_ctl_reply(cn, "ok field %s frames %lu bad-frames %lu error-frames %lu "
		    "aborts %lu", in_field ? in_field->name : "-", s.frames, s.bad_frames,
		    s.errors_out, s.acks_in);
	} else {
		gh_ctl_reply(cn, "error unknown request '%s' (card, load, save, forget, place, "
		    "remove, cards, state)", cmd);
	}
}

/* ---- the terminal ---- */

static void
open_pty(const char *link)
{
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0)
		fatalx("cannot open a pseudo-terminal: %s", strerror(errno));
	const char *name = ptsname(master);
	if (name == NULL)
		fatalx("ptsname: %s", strerror(errno));
	/* Raw: no echo, no line editing, no CR/NL translation. */
	struct termios t;
	if (tcgetattr(master, &t) != 0)
		fatalx("tcgetattr: %s", strerror(errno));
	cfmakeraw(&t);
	if (tcsetattr(master, TCSANOW, &t) != 0)
		fatalx("tcsetattr: %s", strerror(errno));
	/* Hold the slave open: without any open slave, reads on the master fail with EIO
	 * and poll reports it readable forever. */
	slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		fatalx("%s: %s", name, strerror(errno));
	int fl = fcntl(master, F_GETFL);
	fcntl(master, F_SETFL, fl | O_NONBLOCK);
	if (link != NULL) {
		char tmp[PATH_MAX];
		if (snprintf(tmp, sizeof tmp, "%s.%ld", link, (long)getpid()) >= (int)sizeof tmp)
			fatalx("link path too long");
		unlink(tmp);
		if (symlink(name, tmp) != 0 || rename(tmp, link) != 0)
			fatalx("%s: %s", link, strerror(errno));
	}
	printf("%s\n", name);
	fflush(stdout);
}

static void
on_signal(int sig)
{
	(void)sig;
	_exit(0);
}

static void
usage(void)
{
	fprintf(stderr, "usage: gatehouse-pn532-emu --socket PATH [--link PATH] [--trace]\n"
	    "  A PN532 reader on a pseudo-terminal; prints its /dev/pts path.\n"
	    "  --link PATH   a symlink to the terminal, replaced atomically\n"
	    "  --socket PATH the control socket (hardware/PN532-EMU.md)\n"
	    "  --trace       every byte on the line, to stderr\n");
}

int
main(int argc, char **argv)
{
	const char *path = NULL, *link = NULL;
	int ch;
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "link", required_argument, NULL, 'l' },
		{ "trace", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 } };
	gh_log_init("gatehouse-pn532-emu");
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's': path = optarg; break;
		case 'l': link = optarg; break;
		case 't': trace = 1; break;
		case 'h': usage(); return 0;
		default: usage(); return 2;
		}
	}
	if (path == NULL || optind != argc) {
		usage();
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if ((P = pn532_new()) == NULL || (L = gh_loop_new()) == NULL)
		fatalx("out of memory");
	open_pty(link);
	if (gh_loop_fd(L, master, POLLIN, on_master, NULL) != 0)
		fatalx("cannot watch the terminal");
	if (gh_ctl_listen(L, path, (gid_t)-1, on_request, NULL, NULL) == NULL)
		return 3;
	return gh_loop_run(L) == 0 ? 0 : 3;
}
