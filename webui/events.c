/* Live events for the web UI (Server-Sent Events): one connection to the controller's
 * `subscribe` stream, fanned out to every browser watching.  A stream with nothing to
 * send is suspended (it holds no server thread); each new event and a heartbeat every
 * 15 s resume it, so a browser that vanished is noticed at the next write and freed.
 * A browser too slow to keep up (64 KiB behind) is cut off; it reconnects. */
#include <errno.h>
#include <microhttpd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "webui/web.h"

#define STREAMS_MAX 64
#define STREAM_BUF (64 * 1024)
#define HEARTBEAT_S 15

struct stream {
	struct MHD_Connection *conn;
	char buf[STREAM_BUF];
	size_t len;
	int suspended, cut, used;
};

static struct stream streams[STREAMS_MAX];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t hub;
static volatile int hub_stop;

/* Queue text for every stream and wake the suspended ones.  Called with lock held. */
static void
broadcast(const char *text, size_t n)
{
	for (int i = 0; i < STREAMS_MAX; i++) {
		struct stream *s = &streams[i];
		if (!s->used || s->cut)
			continue;
		if (s->len + n > sizeof s->buf) {
			s->cut = 1;	/* too far behind: ended at its next read */
		} else {
			memcpy(s->buf + s->len, text, n);
			s->len += n;
		}
		if (s->suspended) {
			s->suspended = 0;
			MHD_resume_connection(s->conn);
		}
	}
}

static ssize_t
reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct stream *s = cls;
	ssize_t n;
	pthread_mutex_lock(&lock);
	if (s->cut) {
		n = MHD_CONTENT_READER_END_OF_STREAM;
	} else if (s->len > 0) {
		n = (ssize_t)(s->len < max ? s->len : max);
		memcpy(buf, s->buf, (size_t)n);
		memmove(s->buf, s->buf + n, s->len - (size_t)n);
		s->len -= (size_t)n;
	} else {
		/* Nothing to send: hold no thread until the hub has something. */
		s->suspended = 1;
		MHD_suspend_connection(s->conn);
		n = 0;
	}
	pthread_mutex_unlock(&lock);
	return n;
}

static void
release(void *cls)
{
	struct stream *s = cls;
	pthread_mutex_lock(&lock);
	memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&lock);
}

struct MHD_Response *
web_events_response(struct MHD_Connection *conn, int *status)
{
	pthread_mutex_lock(&lock);
	struct stream *s = NULL;
	for (int i = 0; i < STREAMS_MAX && s == NULL; i++)
		if (!streams[i].used)
			s = &streams[i];
	if (s == NULL) {
		pthread_mutex_unlock(&lock);
		*status = 503;
		return NULL;
	}
	memset(s, 0, sizeof *s);
	s->used = 1;
	s->conn = conn;
	/* A stream is quiet between events: the server's idle time-out (meant for
	 * requests) would cut it when an event wakes it after a quiet spell.  Its own:
	 * three heartbeats. */
	MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT,
	    (unsigned int)(3 * HEARTBEAT_S));
	/* The first bytes: tell the browser how soon to come back after a cut. */
	s->len = (size_t)snprintf(s->buf, sizeof s->buf, "retry: 3000\n\n");
	pthread_mutex_unlock(&lock);
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
	    reader, s, release);
	if (r == NULL) {
		release(s);
		*status = 500;
		return NULL;
	}
	*status = 200;
	return r;
}

static int
subscribe(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	if (strlen(W.control) >= sizeof sun.sun_path)
		return -1;
	strcpy(sun.sun_path, W.control);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0 ||
	    send(fd, "subscribe\n", 10, MSG_NOSIGNAL) != 10) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void *
hub_main(void *arg)
{
	(void)arg;
	char line[8192], out[8300];
	size_t len = 0;
	int fd = -1, wait_ms = 100;
	time_t beat = time(NULL);
	while (!hub_stop) {
		if (fd < 0 && (fd = subscribe()) < 0) {
			/* The controller is not there (yet): again soon, then every second. */
			poll(NULL, 0, wait_ms);
			wait_ms = wait_ms < 1000 ? wait_ms * 2 : 1000;
		} else if (fd >= 0) {
			if (wait_ms) {
				log_info("live events: subscribed to the controller");
				wait_ms = 0;
			}
			struct pollfd pf = { .fd = fd, .events = POLLIN };
			if (poll(&pf, 1, 1000) > 0) {
				ssize_t r = read(fd, line + len, sizeof line - 1 - len);
				if (r <= 0) {
					log_warnx("live events: the controller's stream ended; "
					    "subscribing again");
					close(fd);
					fd = -1;
					len = 0;
					wait_ms = 100;
					continue;
				}
				len += (size_t)r;
				char *nl;
				while ((nl = memchr(line, '\n', len)) != NULL) {
					*nl = '\0';
					/* Journal rows only (JSON objects); not the "ok". */
					if (line[0] == '{') {
						int n = snprintf(out, sizeof out, "data: %s\n\n", line);
						if (n > 0 && (size_t)n < sizeof out) {
							pthread_mutex_lock(&lock);
							broadcast(out, (size_t)n);
							pthread_mutex_unlock(&lock);
						}
					}
					size_t used = (size_t)(nl - line) + 1;
					memmove(line, nl + 1, len - used);
					len -= used;
				}
				if (len == sizeof line - 1)
					len = 0;	/* an endless line: dropped */
			}
		}
		if (time(NULL) - beat >= HEARTBEAT_S) {
			beat = time(NULL);
			pthread_mutex_lock(&lock);
			broadcast(": heartbeat\n\n", 13);
			pthread_mutex_unlock(&lock);
		}
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

void
web_events_start(void)
{
	pthread_create(&hub, NULL, hub_main, NULL);
}

/* Before the daemon stops: every suspended stream resumed and cut (libmicrohttpd
 * must not be stopped with suspended connections). */
void
web_events_stop(void)
{
	hub_stop = 1;
	pthread_join(hub, NULL);
	pthread_mutex_lock(&lock);
	for (int i = 0; i < STREAMS_MAX; i++)
		if (streams[i].used) {
			streams[i].cut = 1;
			if (streams[i].suspended) {
				streams[i].suspended = 0;
				MHD_resume_connection(streams[i].conn);
			}
		}
	pthread_mutex_unlock(&lock);
}
