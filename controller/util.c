/* Small helpers every Gatehouse program uses. */
#include "controller/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

static const char *progname = "gatehouse";

void
gh_log_init(const char *name)
{
	progname = name;
}

static void
vlog(const char *fmt, va_list ap, const char *suffix)
{
	char msg[2048];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (suffix)
		fprintf(stderr, "%s: %s: %s\n", progname, msg, suffix);
	else
		fprintf(stderr, "%s: %s\n", progname, msg);
}

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	va_start(ap, fmt);
	vlog(fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(fmt, ap, NULL);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(fmt, ap, NULL);
	va_end(ap);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(fmt, ap, NULL);
	va_end(ap);
	exit(3);
}

size_t
gh_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);
	if (size > 0) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

/* Decode one code point; returns its length or -1 when malformed. */
static int
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return -1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	int len;
	uint32_t c, min;
	if ((s[0] & 0xe0) == 0xc0) { len = 2; c = s[0] & 0x1f; min = 0x80; }
	else if ((s[0] & 0xf0) == 0xe0) { len = 3; c = s[0] & 0x0f; min = 0x800; }
	else if ((s[0] & 0xf8) == 0xf0) { len = 4; c = s[0] & 0x07; min = 0x10000; }
	else return -1;
	if ((size_t)len > n)
		return -1;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return len;
}

int
gh_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	while (n > 0) {
		uint32_t cp;
		int l = utf8_decode(p, n, &cp);
		if (l < 0)
			return 0;
		p += l;
		n -= l;
	}
	return 1;
}

size_t
gh_utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
gh_utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	int w = 0;
	while (n > 0) {
		uint32_t cp;
		int l = utf8_decode(p, n, &cp);
		if (l < 0) {
			l = 1;
			cp = '?';
		}
		int cw = wcwidth((wchar_t)cp);
		w += cw < 0 ? 1 : cw;
		p += l;
		n -= l;
	}
	return w;
}

static int
has_controls(const char *s, int allow_newline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	while (n > 0) {
		uint32_t cp;
		int l = utf8_decode(p, n, &cp);
		if (l < 0)
			return 1;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    cp == 0x2028 || cp == 0x2029) {
			if (!(allow_newline && (cp == '\n' || cp == '\t')))
				return 1;
		}
		p += l;
		n -= l;
	}
	return 0;
}

int
gh_name_valid(const char *s, const char **why)
{
	if (!gh_utf8_valid(s, strlen(s))) {
		*why = "is not valid UTF-8";
		return -1;
	}
	size_t n = gh_utf8_len(s);
	if (n == 0) {
		*why = "is empty";
		return -1;
	}
	if (n > GH_NAME_MAX_CHARS) {
		*why = "is longer than 64 characters";
		return -1;
	}
	if (has_controls(s, 0)) {
		*why = "contains control characters";
		return -1;
	}
	return 0;
}

int
gh_text_valid(const char *s, const char **why)
{
	size_t n = strlen(s);
	if (!gh_utf8_valid(s, n)) {
		*why = "is not valid UTF-8";
		return -1;
	}
	if (n >= GH_TEXT_MAX_BYTES) {
		*why = "is too long (2047 bytes at most)";
		return -1;
	}
	if (has_controls(s, 1)) {
		*why = "contains control characters";
		return -1;
	}
	return 0;
}

int
gh_parse_long(const char *s, long min, long max, long *out)
{
	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return -1;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
gh_credential_normalize(const char *in, char out[GH_CRED_MAX], enum gh_cred_kind *kind)
{
	size_t n = 0;
	if ((in[0] == 'D' || in[0] == 'd') && in[1] != '\0') {
		const char *p = in + 1;
		int all_digits = 1;
		for (const char *q = p; *q; q++)
			if (!isdigit((unsigned char)*q))
				all_digits = 0;
		if (all_digits) {
			size_t len = strlen(p);
			if (len > 18)
				return -1;
			out[0] = 'D';
			memcpy(out + 1, p, len + 1);
			*kind = GH_CRED_DESFIRE;
			return 0;
		}
	}
	for (const char *p = in; *p; p++) {
		if (*p == ':' || *p == ' ')
			continue;
		if (!isxdigit((unsigned char)*p) || n >= 20)
			return -1;
		out[n++] = (char)toupper((unsigned char)*p);
	}
	if (n != 8 && n != 14 && n != 20)
		return -1;
	out[n] = '\0';
	*kind = GH_CRED_UID;
	return 0;
}

void
gh_buf_init(struct gh_buf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

void
gh_buf_free(struct gh_buf *b)
{
	free(b->s);
	gh_buf_init(b);
}

void
gh_buf_reset(struct gh_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

static void
buf_reserve(struct gh_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (s == NULL)
		fatalx("out of memory");
	b->s = s;
	b->cap = cap;
}

void
gh_buf_add(struct gh_buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
gh_buf_puts(struct gh_buf *b, const char *s)
{
	gh_buf_add(b, s, strlen(s));
}

void
gh_buf_printf(struct gh_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

int
gh_read_file(const char *path, size_t max, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct gh_buf b;
	gh_buf_init(&b);
	gh_buf_add(&b, "", 0);
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			gh_buf_free(&b);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > max) {
			close(fd);
			gh_buf_free(&b);
			errno = EFBIG;
			return -1;
		}
		gh_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*out = b.s;
	*len = b.len;
	return 0;
}

int
gh_drop_privileges(const char *user)
{
	struct passwd *pw = getpwnam(user);
	if (pw == NULL) {
		log_warnx("no such user %s", user);
		return -1;
	}
	if (setgroups(0, NULL) != 0 || initgroups(user, pw->pw_gid) != 0 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) != 0 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0) {
		log_warn("dropping privileges to %s", user);
		return -1;
	}
	return 0;
}
