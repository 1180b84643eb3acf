/* The site's DESFire master keys; see sitekeys.h. */
#include "controller/sitekeys.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_MAX 8192

void
gh_sitekeys_path(const char *journal_path, char *out, size_t len)
{
	const char *slash = strrchr(journal_path, '/');
	if (slash == NULL)
		snprintf(out, len, "keys/desfire.keys");
	else
		snprintf(out, len, "%.*s/keys/desfire.keys", (int)(slash - journal_path),
		    journal_path);
}

static void
hex(const uint8_t *b, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, b, n);
}

static int
unhex(const char *s, uint8_t *out, size_t n)
{
	size_t got;
	if (strlen(s) != 2 * n)
		return -1;
	if (sodium_hex2bin(out, n, s, 2 * n, NULL, &got, NULL) != 0 || got != n)
		return -1;
	return 0;
}

/* Write text to a new file (O_EXCL), 0600, synced. */
static int
write_file(const char *path, const char *text, int excl, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
	    (excl ? O_EXCL : O_TRUNC), 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, errno == EEXIST ?
		    "exists already (a site's keys are never overwritten)" : strerror(errno));
		return -1;
	}
	size_t len = strlen(text), off = 0;
	int ok = fchmod(fd, 0600) == 0;
	while (ok && off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		off += w > 0 ? (size_t)w : 0;
	}
	ok = ok && fsync(fd) == 0;
	if (close(fd) != 0)
		ok = 0;
	if (!ok) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

static void
render(const struct gh_sitekeys *s, char *out, size_t len)
{
	char h[2 * GH_SITEKEY_LEN + 1];
	size_t k = 0;
	hex(s->site_id, GH_SITEKEY_LEN, h);
	k += (size_t)snprintf(out + k, len - k, "gatehouse-site-keys 1\nsite-id %s\n", h);
	for (int i = 0; i < s->n && k < len; i++) {
		hex(s->k[i].key, GH_SITEKEY_LEN, h);
		k += (size_t)snprintf(out + k, len - k, "key %d %s\n", s->k[i].version, h);
	}
	sodium_memzero(h, sizeof h);
}

int
gh_sitekeys_create(const char *path, char *err, size_t errlen)
{
	struct gh_sitekeys s;
	char text[FILE_MAX];
	memset(&s, 0, sizeof s);
	randombytes_buf(s.site_id, sizeof s.site_id);
	s.n = 1;
	s.k[0].version = 1;
	randombytes_buf(s.k[0].key, GH_SITEKEY_LEN);
	render(&s, text, sizeof text);
	int rc = write_file(path, text, 1, err, errlen);
	sodium_memzero(text, sizeof text);
	gh_sitekeys_wipe(&s);
	return rc;
}

int
gh_sitekeys_load(const char *path, struct gh_sitekeys *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || (st.st_mode & 0077) != 0) {
		snprintf(err, errlen, "%s: readable by others (must be 0600)", path);
		close(fd);
		return -1;
	}
	char text[FILE_MAX + 1];
	ssize_t n = read(fd, text, FILE_MAX + 1);
	close(fd);
	if (n < 0 || n > FILE_MAX) {
		snprintf(err, errlen, "%s: %s", path, n < 0 ? strerror(errno) : "too long");
		return -1;
	}
	text[n] = '\0';
	int line = 0, have_id = 0, rc = -1;
	char *save = NULL;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		line++;
		char b[80];
		int v;
		if (line == 1) {
			if (strcmp(l, "gatehouse-site-keys 1") != 0) {
				snprintf(err, errlen, "%s:1: not a Gatehouse site key file", path);
				goto out;
			}
		} else if (sscanf(l, "site-id %79s", b) == 1 && !have_id) {
			if (unhex(b, s->site_id, GH_SITEKEY_LEN) != 0) {
				snprintf(err, errlen, "%s:%d: bad site id", path, line);
				goto out;
			}
			have_id = 1;
		} else if (sscanf(l, "key %d %79s", &v, b) == 2) {
			if (v < 1 || v > 255 || s->n == GH_SITEKEY_VERSIONS_MAX ||
			    (s->n > 0 && v <= s->k[s->n - 1].version) ||
			    unhex(b, s->k[s->n].key, GH_SITEKEY_LEN) != 0) {
				snprintf(err, errlen, "%s:%d: bad key line (versions 1..255, "
				    "increasing, 32 hex digits)", path, line);
				goto out;
			}
			s->k[s->n++].version = v;
		} else {
			snprintf(err, errlen, "%s:%d: unexpected line", path, line);
			goto out;
		}
		sodium_memzero(b, sizeof b);
	}
	if (!have_id || s->n == 0) {
		snprintf(err, errlen, "%s: no site id or no key", path);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(text, sizeof text);
	if (rc != 0)
		gh_sitekeys_wipe(s);
	return rc;
}

int
gh_sitekeys_rotate(const char *path, int *version, char *err, size_t errlen)
{
	struct gh_sitekeys s;
	if (gh_sitekeys_load(path, &s, err, errlen) != 0)
		return -1;
	int v = s.k[s.n - 1].version + 1;
	if (v > 255 || s.n == GH_SITEKEY_VERSIONS_MAX) {
		snprintf(err, errlen, "%s: no key version left (255 at most)", path);
		gh_sitekeys_wipe(&s);
		return -1;
	}
	s.k[s.n].version = v;
	randombytes_buf(s.k[s.n].key, GH_SITEKEY_LEN);
	s.n++;
	char text[FILE_MAX], tmp[PATH_MAX];
	render(&s, text, sizeof text);
	gh_sitekeys_wipe(&s);
	snprintf(tmp, sizeof tmp, "%s.new", path);
	unlink(tmp);
	int rc = write_file(tmp, text, 1, err, errlen);
	sodium_memzero(text, sizeof text);
	if (rc == 0 && rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		rc = -1;
	}
	if (rc == 0)
		*version = v;
	return rc;
}

const uint8_t *
gh_sitekeys_get(const struct gh_sitekeys *s, int version)
{
	for (int i = 0; i < s->n; i++)
		if (s->k[i].version == version)
			return s->k[i].key;
	return NULL;
}

void
gh_sitekeys_wipe(struct gh_sitekeys *s)
{
	sodium_memzero(s, sizeof *s);
}
