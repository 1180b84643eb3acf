/* Test helpers: temporary directories and running the real binaries. */
#include "tests/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static char tmpdir[512];

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void
rm_tmpdir(void)
{
	if (tmpdir[0] != '\0' && getenv("GH_KEEP_TMP") == NULL)
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *
gh_tmpdir(void)
{
	if (tmpdir[0] == '\0') {
		const char *base = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/gh-test-XXXXXX", base ? base : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			abort();
		}
		atexit(rm_tmpdir);
	}
	return tmpdir;
}

const char *
gh_tmppath(const char *fmt, ...)
{
	static char bufs[8][1024];
	static int next;
	char *b = bufs[next++ % 8];
	int n = snprintf(b, sizeof bufs[0], "%s/", gh_tmpdir());
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b + n, sizeof bufs[0] - n, fmt, ap);
	va_end(ap);
	return b;
}

const char *
gh_bin(const char *name)
{
	static char bufs[4][1024];
	static int next;
	char *b = bufs[next++ % 4];
	const char *dir = getenv("GH_BUILD_DIR");
	snprintf(b, sizeof bufs[0], "%s/bin/%s", dir ? dir : GH_BUILD_DIR, name);
	return b;
}

static void
append(char *buf, size_t cap, size_t *len, const char *data, size_t n)
{
	if (*len + n >= cap)
		n = cap - 1 - *len;
	memcpy(buf + *len, data, n);
	*len += n;
	buf[*len] = '\0';
}

int
gh_runv(struct gh_run *r, const char *input, const char *const argv[])
{
	int in[2], out[2], err[2];
	memset(r, 0, sizeof *r);
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
		abort();
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	const char *path = strchr(argv[0], '/') ? argv[0] : gh_bin(argv[0]);
	pid_t pid;
	if (posix_spawn(&pid, path, &fa, NULL, (char *const *)argv, environ) != 0) {
		fprintf(stderr, "cannot run %s: %s\n", path, strerror(errno));
		abort();
	}
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]); close(out[1]); close(err[1]);
	size_t inlen = input ? strlen(input) : 0, inoff = 0;
	if (inlen == 0) {
		close(in[1]);
		in[1] = -1;
	}
	size_t olen = 0, elen = 0;
	time_t deadline = time(NULL) + 120;
	int open_fds = 2;
	while (open_fds > 0 || in[1] >= 0) {
		struct pollfd p[3] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 },
			{ in[1], POLLOUT, 0 } };
		if (poll(p, 3, 1000) < 0 && errno != EINTR)
			abort();
		if (time(NULL) > deadline) {
			kill(pid, SIGKILL);
			break;
		}
		char buf[4096];
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP)))
				continue;
			ssize_t n = read(p[i].fd, buf, sizeof buf);
			if (n <= 0) {
				close(p[i].fd);
				if (i == 0) out[0] = -1; else err[0] = -1;
				open_fds--;
			} else if (i == 0) {
				append(r->out, sizeof r->out, &olen, buf, n);
			} else {
				append(r->err, sizeof r->err, &elen, buf, n);
			}
		}
		if (in[1] >= 0 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t n = write(in[1], input + inoff, inlen - inoff);
			if (n > 0)
				inoff += n;
			if (n < 0 || inoff == inlen) {
				close(in[1]);
				in[1] = -1;
			}
		}
	}
	if (out[0] >= 0) close(out[0]);
	if (err[0] >= 0) close(err[0]);
	if (in[1] >= 0) close(in[1]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return r->status;
}

int
gh_cli(struct gh_run *r, const char *site_dir, const char *input, ...)
{
	const char *argv[64];
	char db[1024], journal[1024];
	int n = 0;
	snprintf(db, sizeof db, "%s/config.db", site_dir);
	snprintf(journal, sizeof journal, "%s/journal.db", site_dir);
	argv[n++] = gh_bin("gatehouse");
	argv[n++] = "--db";
	argv[n++] = db;
	argv[n++] = "--journal";
	argv[n++] = journal;
	va_list ap;
	va_start(ap, input);
	const char *a;
	while ((a = va_arg(ap, const char *)) != NULL && n < 63)
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	return gh_runv(r, input, argv);
}

void
gh_write_file(const char *path, const char *content)
{
	FILE *f = fopen(path, "w");
	if (f == NULL || fputs(content, f) < 0 || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

int
gh_contains(const char *haystack, const char *needle)
{
	return strstr(haystack, needle) != NULL;
}

int
gh_read_file_test(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	size_t cap = 65536, n = 0;
	char *b = malloc(cap);
	size_t k;
	while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap)
			b = realloc(b, cap *= 2);
	}
	fclose(f);
	if (b == NULL)
		return -1;
	*out = b;
	*len = n;
	return 0;
}
