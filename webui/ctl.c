/* The control socket client; see ctl.h. */
#include "webui/ctl.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long
ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

int
web_ctl(const char *path, const char *request, char *out, size_t outlen, int timeout_ms)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t plen = strlen(path), rlen = strlen(request);
	if (outlen == 0)
		return -1;
	out[0] = '\0';
	if (plen >= sizeof sun.sun_path || strchr(request, '\n') || rlen > 4000) {
		snprintf(out, outlen, "bad control request");
		return -1;
	}
	memcpy(sun.sun_path, path, plen + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		snprintf(out, outlen, "the controller is not running (%s)", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	char line[4100];
	int n = snprintf(line, sizeof line, "%s\n", request);
	if (send(fd, line, (size_t)n, MSG_NOSIGNAL) != n) {
		snprintf(out, outlen, "the controller closed the connection");
		close(fd);
		return -1;
	}
	size_t got = 0;
	long end = ms_now() + timeout_ms;
	int rc = -1;
	for (;;) {
		long left = end - ms_now();
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		if (left <= 0 || poll(&pf, 1, (int)left) <= 0) {
			snprintf(out, outlen, "the controller did not answer in time");
			break;
		}
		ssize_t r = read(fd, out + got, outlen - 1 - got);
		if (r <= 0) {
			out[got] = '\0';
			if (got == 0)
				snprintf(out, outlen, "the controller closed the connection");
			break;
		}
		got += (size_t)r;
		out[got] = '\0';
		char *nl = strchr(out, '\n');
		if (nl != NULL) {
			*nl = '\0';
			rc = 0;
			break;
		}
		if (got == outlen - 1) {
			rc = 0;	/* longer than the buffer: the caller gets the start */
			break;
		}
	}
	close(fd);
	return rc;
}
