/* TOTP (RFC 6238; R-AUTH): HMAC-SHA-1 through GnuTLS, 30 s steps, 6 digits, a window
 * of one step either side, and each code accepted once: the caller keeps the last
 * step accepted and passes it back. */
#ifndef GH_WEB_TOTP_H
#define GH_WEB_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "controller/util.h"

#define WEB_TOTP_SECRET_BYTES 20
#define WEB_TOTP_B32_LEN 32		/* 20 bytes in base32, no padding */

/* A new random secret, base32 (NUL-terminated). */
void web_totp_new_secret(char out[WEB_TOTP_B32_LEN + 1]);
/* RFC 4648 base32 without padding.  Decode: the byte count, or -1. */
void web_base32_encode(const uint8_t *in, size_t n, char *out, size_t outlen);
long web_base32_decode(const char *in, uint8_t *out, size_t outlen);
/* The code of a time step (digits 6..8). */
uint32_t web_totp_code(const uint8_t *key, size_t keylen, uint64_t step, int digits);
/* Check a 6-digit code at now (seconds): 0 and *step when it matches a step within
 * one of now's and after last_step; -1 otherwise (wrong, malformed, or replayed). */
int web_totp_verify(const char *secret_b32, const char *code, int64_t now_s,
    int64_t last_step, int64_t *step);
/* otpauth://totp/Gatehouse:NAME?secret=...&issuer=Gatehouse&... */
void web_totp_uri(struct gh_buf *b, const char *name, const char *secret_b32);

#endif
