/* Small helpers every Gatehouse program uses: logging, bounded strings, UTF-8
 * names, integers, credentials. */
#ifndef GH_UTIL_H
#define GH_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define GH_NAME_MAX_CHARS 64
#define GH_NAME_MAX_BYTES (GH_NAME_MAX_CHARS * 4 + 1)
#define GH_TEXT_MAX_BYTES 2048	/* sign texts, comments, compensating measures */

/* Logging: to stderr, prefixed with the program name; secrets never go here. */
void gh_log_init(const char *progname);
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));	/* + errno */
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Copy with truncation; always NUL-terminates.  Returns strlen(src). */
size_t gh_strlcpy(char *dst, const char *src, size_t size);

/* Is s (n bytes) well-formed UTF-8 (no overlongs, no surrogates)? */
int gh_utf8_valid(const char *s, size_t n);
/* Number of code points of a valid UTF-8 string. */
size_t gh_utf8_len(const char *s);
/* Display width in terminal columns (wide characters count 2, marks 0). */
int gh_utf8_width(const char *s);

/* A name: valid UTF-8, 1 to 64 characters, no control characters. 0 or -1, *why. */
int gh_name_valid(const char *s, const char **why);
/* A free text: valid UTF-8, at most GH_TEXT_MAX_BYTES, no control characters but
 * newline and tab.  0 or -1, *why. */
int gh_text_valid(const char *s, const char **why);

/* Decimal integer in [min, max], the whole string. 0 or -1. */
int gh_parse_long(const char *s, long min, long max, long *out);

/* Credentials (R-INDIVIDUAL): a UID badge is its UID in hex (4, 7 or 10 bytes; case,
 * colons and spaces ignored), stored as upper-case hex without separators; a DESFire
 * badge is "D" followed by 1 to 18 digits. */
enum gh_cred_kind { GH_CRED_UID = 1, GH_CRED_DESFIRE = 2 };
#define GH_CRED_MAX 24	/* "D" + 18 digits, or 20 hex digits, + NUL */
int gh_credential_normalize(const char *in, char out[GH_CRED_MAX], enum gh_cred_kind *kind);

/* Become `user` (its groups, then its gid and uid, all three of each), for daemons
 * started as root once they hold their files and sockets.  0, or -1 logged. */
int gh_drop_privileges(const char *user);

/* A growing string buffer. */
struct gh_buf {
	char *s;
	size_t len, cap;
};
void gh_buf_init(struct gh_buf *b);
void gh_buf_free(struct gh_buf *b);
void gh_buf_reset(struct gh_buf *b);
void gh_buf_add(struct gh_buf *b, const char *s, size_t n);
void gh_buf_puts(struct gh_buf *b, const char *s);
void gh_buf_printf(struct gh_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Read a whole file (at most max bytes) into a NUL-terminated malloc'd buffer.
 * 0 and *out, *len; -1 with errno (EFBIG when larger than max). */
int gh_read_file(const char *path, size_t max, char **out, size_t *len);

#endif
