/* TOTP; see totp.h. */
#include "webui/totp.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <sodium.h>
#include <string.h>

#include "webui/escape.h"

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void
web_base32_encode(const uint8_t *in, size_t n, char *out, size_t outlen)
{
	size_t k = 0;
	unsigned buf = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5 && k + 1 < outlen) {
			out[k++] = B32[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0 && k + 1 < outlen)
		out[k++] = B32[(buf << (5 - bits)) & 31];
	out[k] = '\0';
}

long
web_base32_decode(const char *in, uint8_t *out, size_t outlen)
{
	unsigned buf = 0;
	int bits = 0;
	size_t k = 0;
	for (const char *p = in; *p; p++) {
		if (*p == '=' || *p == ' ')
			continue;
		const char *q = strchr(B32, *p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		if (q == NULL || *p == '\0')
			return -1;
		buf = (buf << 5) | (unsigned)(q - B32);
		bits += 5;
		if (bits >= 8) {
			if (k == outlen)
				return -1;
			out[k++] = (uint8_t)(buf >> (bits - 8));
			bits -= 8;
		}
	}
	return (long)k;
}

void
web_totp_new_secret(char out[WEB_TOTP_B32_LEN + 1])
{
	uint8_t k[WEB_TOTP_SECRET_BYTES];
	randombytes_buf(k, sizeof k);
	web_base32_encode(k, sizeof k, out, WEB_TOTP_B32_LEN + 1);
	sodium_memzero(k, sizeof k);
}

uint32_t
web_totp_code(const uint8_t *key, size_t keylen, uint64_t step, int digits)
{
	uint8_t msg[8], mac[20];
	for (int i = 7; i >= 0; i--, step >>= 8)
		msg[i] = (uint8_t)step;
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA1, key, keylen, msg, sizeof msg, mac) != 0)
		return UINT32_MAX;
	int off = mac[19] & 0x0F;
	uint32_t bin = ((uint32_t)(mac[off] & 0x7F) << 24) | ((uint32_t)mac[off + 1] << 16) |
	    ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
	uint32_t mod = 1;
	for (int i = 0; i < digits; i++)
		mod *= 10;
	sodium_memzero(mac, sizeof mac);
	return bin % mod;
}

int
web_totp_verify(const char *secret_b32, const char *code, int64_t now_s, int64_t last_step,
    int64_t *step)
{
	if (code == NULL || strlen(code) != 6 || now_s < 0)
		return -1;
	uint32_t want = 0;
	for (int i = 0; i < 6; i++) {
		if (code[i] < '0' || code[i] > '9')
			return -1;
		want = want * 10 + (uint32_t)(code[i] - '0');
	}
	uint8_t key[64];
	long n = web_base32_decode(secret_b32, key, sizeof key);
	if (n <= 0)
		return -1;
	int64_t now = now_s / 30;
	int rc = -1;
	for (int64_t s = now - 1; s <= now + 1; s++) {
		if (s <= last_step || s < 0)
			continue;	/* each code once */
		if (web_totp_code(key, (size_t)n, (uint64_t)s, 6) == want) {
			*step = s;
			rc = 0;
			break;
		}
	}
	sodium_memzero(key, sizeof key);
	return rc;
}

void
web_totp_uri(struct gh_buf *b, const char *name, const char *secret_b32)
{
	gh_buf_puts(b, "otpauth://totp/Gatehouse:");
	web_url(b, name);
	gh_buf_printf(b, "?secret=%s&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30",
	    secret_b32);
}
