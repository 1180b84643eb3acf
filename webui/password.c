/* Operator passwords; see password.h. */
#include "webui/password.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/util.h"

#define OPSLIMIT 2
#define MEMLIMIT (19U * 1024 * 1024)

/* Common passwords and the patterns behind most of them.  Checked case-insensitively,
 * also with trailing digits and punctuation removed, so "Motdepasse2024!" is the
 * same as "motdepasse". */
static const char *const common[] = {
	"password", "passw0rd", "motdepasse", "motdepass", "azerty", "azertyuiop", "qwerty",
	"qwertyuiop", "qwertz", "123456", "1234567890", "123456789", "12345678", "000000",
	"111111", "abc123", "letmein", "welcome", "bienvenue", "admin", "administrator",
	"administrateur", "root", "toor", "changeme", "secret", "iloveyou", "jetaime",
	"monkey", "dragon", "football", "soleil", "marseille", "casablanca", "maroc",
	"morocco", "france", "paris", "gatehouse", "security", "securite", "sécurité",
	"password123", "motdepasse123", "azerty123", "qwerty123", "admin123", "bonjour",
	"salut", "test", "testtest", "guest", "invite", "master", "sunshine", "princess",
	"trustno1", "starwars", "superman", "batman", "whatever", "nothing", "default",
	"access", "acces", "accesscontrol", "badge", "porte", "door", "controller",
	"controleur", "officer", "guard", "gardien", "auditor", "auditeur", "summer",
	"winter", "autumn", "spring", "ete", "hiver", "printemps", "automne",
	"aaaaaaaaaaaa", "abcdefghijkl", "abcdefghijklmnop", "1q2w3e4r5t6y", "1qaz2wsx3edc",
	"qazwsxedcrfv", "zaq12wsxcde3", "passwordpassword", "azertyazerty", "qwertyqwerty",
};

/* Lower-case copy with trailing digits, spaces and punctuation removed. */
static void
core(const char *pw, char *out, size_t len)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)pw; *p && n + 1 < len; p++)
		out[n++] = (char)(*p < 0x80 ? tolower(*p) : *p);
	out[n] = '\0';
	while (n > 0 && (isdigit((unsigned char)out[n - 1]) || ispunct((unsigned char)out[n - 1]) ||
	    out[n - 1] == ' '))
		out[--n] = '\0';
}

int
web_password_common(const char *pw)
{
	char c[WEB_PW_MAX_BYTES + 1], whole[WEB_PW_MAX_BYTES + 1];
	core(pw, c, sizeof c);
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)pw; *p && n + 1 < sizeof whole; p++)
		whole[n++] = (char)(*p < 0x80 ? tolower(*p) : *p);
	whole[n] = '\0';
	int hit = 0;
	for (size_t i = 0; i < sizeof common / sizeof common[0] && !hit; i++) {
		if (strcmp(c, common[i]) == 0 || strcmp(whole, common[i]) == 0)
			hit = 1;
		/* The same word twice or more ("azertyazerty1"). */
		size_t k = strlen(common[i]), m = strlen(c);
		if (!hit && k > 0 && m >= 2 * k && m % k == 0) {
			int rep = 1;
			for (size_t j = 0; j < m && rep; j += k)
				rep = strncmp(c + j, common[i], k) == 0;
			hit = rep;
		}
	}
	/* Nothing but digits, or a keyboard walk of digits. */
	int digits = c[0] == '\0';
	for (const char *p = pw; *p && digits; p++)
		digits = isdigit((unsigned char)*p);
	sodium_memzero(c, sizeof c);
	sodium_memzero(whole, sizeof whole);
	return hit || digits;
}

int
web_password_acceptable(const char *pw, const char *name, const char **why)
{
	size_t bytes = strlen(pw);
	if (bytes > WEB_PW_MAX_BYTES || !gh_utf8_valid(pw, bytes)) {
		*why = "must be valid UTF-8 of at most 1024 bytes";
		return -1;
	}
	if (gh_utf8_len(pw) < WEB_PW_MIN_CHARS) {
		*why = "must have at least 12 characters";
		return -1;
	}
	int same = 1;
	for (size_t i = 1; i < bytes && same; i++)
		same = pw[i] == pw[0];
	if (same) {
		*why = "is one character repeated";
		return -1;
	}
	if (name != NULL && strcasecmp(pw, name) == 0) {
		*why = "is the account's name";
		return -1;
	}
	if (web_password_common(pw)) {
		*why = "is too common (it is on the list of passwords tried first)";
		return -1;
	}
	return 0;
}

int
web_password_hash(const char *pw, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str_alg(out, pw, strlen(pw), OPSLIMIT, MEMLIMIT,
	    crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

int
web_password_verify(const char *hash, const char *pw)
{
	if (hash == NULL || strncmp(hash, "$argon2id$", 10) != 0)
		return -1;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0 ? 0 : -1;
}
