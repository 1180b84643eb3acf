/* The control socket: its grammar, and a server that bad clients cannot block. */
#include "tests/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "controller/control.h"

static void
test_parse_words_quotes_rest(void)
{
	struct gh_ctl_req q;
	const char *why;
	CU_ASSERT_EQUAL(gh_ctl_parse("unlock \"Entrée principale\" amina livraison urgente",
	    &q, &why), 0);
	CU_ASSERT_EQUAL(q.argc, 5);
	CU_ASSERT_STRING_EQUAL(q.argv[0], "unlock");
	CU_ASSERT_STRING_EQUAL(q.argv[1], "Entrée principale");
	CU_ASSERT_STRING_EQUAL(q.argv[2], "amina");
	CU_ASSERT_STRING_EQUAL(q.rest[3], "livraison urgente");
	CU_ASSERT_EQUAL(gh_ctl_parse("record login amina {\"ip\": \"10.0.0.1\", \"ok\": true}",
	    &q, &why), 0);
	CU_ASSERT_STRING_EQUAL(q.rest[3], "{\"ip\": \"10.0.0.1\", \"ok\": true}");
	CU_ASSERT_EQUAL(gh_ctl_parse("ack 12 \"Jean \\\"JJ\\\" D.\" fausse alerte", &q, &why), 0);
	CU_ASSERT_STRING_EQUAL(q.argv[2], "Jean \"JJ\" D.");
	/* A word that does not parse ends the words; the first one must parse. */
	CU_ASSERT_EQUAL(gh_ctl_parse("unlock \"open", &q, &why), 0);
	CU_ASSERT_EQUAL(q.argc, 1);
	CU_ASSERT_STRING_EQUAL(q.rest[1], "\"open");
	CU_ASSERT_EQUAL(gh_ctl_parse("\"unlock", &q, &why), -1);
	CU_ASSERT_EQUAL(gh_ctl_parse("\"a\"b c", &q, &why), -1);
	CU_ASSERT_EQUAL(gh_ctl_parse("   ", &q, &why), -1);
	CU_ASSERT_EQUAL(gh_ctl_parse("status\x01", &q, &why), -1);
	CU_ASSERT_EQUAL(gh_ctl_parse("st\xff\xfe", &q, &why), -1);
	char big[GH_CTL_LINE_MAX + 10];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CU_ASSERT_EQUAL(gh_ctl_parse(big, &q, &why), -1);
	/* Many words: the first 16 are words, the rest stays as free text. */
	CU_ASSERT_EQUAL(gh_ctl_parse("a b c d e f g h i j k l m n o p q r s", &q, &why), 0);
	CU_ASSERT_EQUAL(q.argc, GH_CTL_MAX_WORDS);
}

/* A server answering "echo WORDS" with the words and "wait" by holding. */
static int gone_calls;
static struct gh_ctl_conn *held;

static void
on_request(struct gh_ctl_conn *c, const struct gh_ctl_req *req, void *arg)
{
	(void)arg;
	if (strcmp(req->argv[0], "echo") == 0 && req->argc > 1)
		gh_ctl_reply(c, "ok %s", req->rest[1]);
	else if (strcmp(req->argv[0], "wait") == 0) {
		gh_ctl_hold(c);
		held = c;
	} else if (strcmp(req->argv[0], "subscribe") == 0) {
		gh_ctl_subscribe(c);
		gh_ctl_reply(c, "ok");
	} else
		gh_ctl_reply(c, "error unknown request '%s'", req->argv[0]);
}

static void
on_gone(struct gh_ctl_conn *c, void *arg)
{
	(void)arg;
	if (c == held)
		held = NULL;
	gone_calls++;
}

static int
connect_to(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

static void
pump(struct gh_loop *l, int rounds)
{
	for (int i = 0; i < rounds; i++)
		gh_loop_once(l, 5);
}

static size_t
drain(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t k;
	while (n < cap - 1 && (k = read(fd, buf + n, cap - 1 - n)) > 0)
		n += (size_t)k;
	buf[n] = '\0';
	return n;
}

static void
test_server_survives_bad_clients(void)
{
	struct gh_loop *l = gh_loop_new();
	const char *path = gh_tmppath("ctl.sock");
	struct gh_ctl *ctl = gh_ctl_listen(l, path, (gid_t)-1, on_request, on_gone, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctl);
	struct stat st;
	CU_ASSERT_EQUAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0660);

	int a = connect_to(path);
	CU_ASSERT_FATAL(a >= 0);
	pump(l, 3);
	/* Garbage, an oversized line, a NUL, then a good request: all answered, in order. */
	char big[6000];
	memset(big, 'x', sizeof big);
	big[sizeof big - 1] = '\n';
	CU_ASSERT(write(a, "\x01\x02garbage\n", 10) == 10);
	CU_ASSERT(write(a, big, sizeof big) == (ssize_t)sizeof big);
	CU_ASSERT(write(a, "ab\0cd\n", 6) == 6);
	CU_ASSERT(write(a, "echo bonjour à tous\n", strlen("echo bonjour à tous\n")) > 0);
	pump(l, 10);
	char buf[4096];
	drain(a, buf, sizeof buf);
	CU_ASSERT(gh_contains(buf, "error control character"));
	CU_ASSERT(gh_contains(buf, "error request longer than 4 KiB"));
	CU_ASSERT(gh_contains(buf, "error NUL byte"));
	CU_ASSERT(gh_contains(buf, "ok bonjour à tous\n"));

	/* A client that sends half a line and stalls blocks nobody. */
	int slow = connect_to(path);
	CU_ASSERT(write(slow, "echo hal", 8) == 8);
	int b = connect_to(path);
	pump(l, 3);
	CU_ASSERT(write(b, "echo second\n", 12) == 12);
	pump(l, 5);
	drain(b, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "ok second\n");

	/* More clients than slots: the extra one is told and closed. */
	int many[GH_CTL_MAX_CONNS + 1];
	for (int i = 0; i < GH_CTL_MAX_CONNS + 1; i++) {
		many[i] = connect_to(path);
		pump(l, 1);
	}
	pump(l, 3);
	drain(many[GH_CTL_MAX_CONNS], buf, sizeof buf);
	CU_ASSERT(gh_contains(buf, "too many"));
	for (int i = 0; i < GH_CTL_MAX_CONNS + 1; i++)
		if (many[i] >= 0)
			close(many[i]);
	pump(l, 10);

	/* A held request whose client leaves is reported gone. */
	int w = connect_to(path);
	pump(l, 2);
	CU_ASSERT(write(w, "wait\n", 5) == 5);
	pump(l, 5);
	CU_ASSERT_PTR_NOT_NULL(held);
	close(w);
	pump(l, 5);
	CU_ASSERT_PTR_NULL(held);
	CU_ASSERT(gone_calls >= 1);

	/* Subscribers get broadcasts; a subscriber that never reads is dropped. */
	int sub = connect_to(path), deaf = connect_to(path);
	pump(l, 2);
	CU_ASSERT(write(sub, "subscribe\n", 10) == 10);
	CU_ASSERT(write(deaf, "subscribe\n", 10) == 10);
	int rcv = 4096;
	setsockopt(deaf, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
	pump(l, 5);
	drain(sub, buf, sizeof buf);
	char line[1024];
	memset(line, 'e', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	int before = gh_ctl_nconns(ctl);
	for (int i = 0; i < 2000; i++) {
		gh_ctl_broadcast(ctl, line);
		pump(l, 1);
		drain(sub, buf, sizeof buf);
	}
	int64_t until = gh_mono_ms() + 1500;	/* the sweep runs every second */
	while (gh_mono_ms() < until)
		gh_loop_once(l, 50);
	CU_ASSERT(gh_ctl_nconns(ctl) < before);	/* the deaf one is gone */
	CU_ASSERT(write(sub, "echo still here\n", 16) == 16);
	pump(l, 5);
	drain(sub, buf, sizeof buf);
	CU_ASSERT(gh_contains(buf, "ok still here"));
	close(sub);
	close(deaf);
	close(a);
	close(b);
	close(slow);
	gh_ctl_free(ctl);
	gh_loop_free(l);
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
}

GH_SUITE("control", NULL, NULL)

static void
add_tests(CU_pSuite s)
{
	GH_TEST(s, test_parse_words_quotes_rest);
	GH_TEST(s, test_server_survives_bad_clients);
}
