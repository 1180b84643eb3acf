/* Operator passwords (R-AUTH): argon2id (libsodium, t=2, m=19 MiB or more), at least 12
 * characters, refused when common (a list shipped with the project), equal to the
 * account's name or one character repeated. */
#ifndef GH_WEB_PASSWORD_H
#define GH_WEB_PASSWORD_H

#include <sodium.h>

#define WEB_PW_MIN_CHARS 12
#define WEB_PW_MAX_BYTES 1024

/* 0, or -1 with *why. */
int web_password_acceptable(const char *pw, const char *name, const char **why);
/* The argon2id string into out.  0 or -1. */
int web_password_hash(const char *pw, char out[crypto_pwhash_STRBYTES]);
/* 0 when pw matches the stored hash. */
int web_password_verify(const char *hash, const char *pw);
/* Is pw in the common-password list (case-insensitive)? */
int web_password_common(const char *pw);

#endif
