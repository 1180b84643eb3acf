/* The site's secret for DESFire badges (secure badge issue): a site identifier and
 * AES-128 master keys by version.  Each badge's key is diversified from a master key
 * and the card's UID (NXP AN10922, reader/desfire.h), so one card's key tells nothing
 * of another's.
 *
 * The file (keys/desfire.keys beside the journal, 0600, readable only by the
 * controller's user) is text:
 *     gatehouse-site-keys 1
 *     site-id <32 hex>
 *     key <version> <32 hex>        (one line per version, newest last)
 * `gatehouse init` creates it from the system's random source; `gatehouse key rotate`
 * appends a new version: new badges get it, existing badges keep working with theirs
 * until re-personalised.  It is never printed or logged. */
#ifndef GH_SITEKEYS_H
#define GH_SITEKEYS_H

#include <stddef.h>
#include <stdint.h>

#define GH_SITEKEY_LEN 16
#define GH_SITEKEY_VERSIONS_MAX 32

struct gh_sitekeys {
	uint8_t site_id[GH_SITEKEY_LEN];
	int n;				/* versions, oldest first */
	struct {
		int version;		/* 1..255 (a DESFire key version byte) */
		uint8_t key[GH_SITEKEY_LEN];
	} k[GH_SITEKEY_VERSIONS_MAX];
};

/* The path of the file beside a journal. */
void gh_sitekeys_path(const char *journal_path, char *out, size_t len);
/* Create a new file (never overwrites: -1 and err when it exists). 0 or -1. */
int gh_sitekeys_create(const char *path, char *err, size_t errlen);
/* Load and check the file. 0, or -1 with err naming the file and the problem. */
int gh_sitekeys_load(const char *path, struct gh_sitekeys *s, char *err, size_t errlen);
/* Append a new key version (written to a new file, then renamed over the old one).
 * 0 and *version, or -1 and err. */
int gh_sitekeys_rotate(const char *path, int *version, char *err, size_t errlen);
/* The key of a version, or NULL; the newest is s->k[s->n - 1]. */
const uint8_t *gh_sitekeys_get(const struct gh_sitekeys *s, int version);
/* Wipe the secrets from memory. */
void gh_sitekeys_wipe(struct gh_sitekeys *s);

#endif
