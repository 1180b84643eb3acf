/* gatehouse-web: the web UI and JSON API over TLS (libmicrohttpd, GnuTLS).
 *
 *   gatehouse-web [--db FILE] [--journal FILE] [--control PATH] [--listen ADDR:PORT]
 *                 [--cert FILE] [--key FILE] [--user USER] [--threads N] [--timeout-s N]
 *                 [--per-ip N] [--max-connections N]
 *
 * HTTPS only: there is no plain HTTP port.  It reads and writes the configuration
 * database (every write with its audit record, R-RIGHTS-AUDIT) and asks the controller
 * for everything else through the control socket; it reads the journal (events,
 * reviews) but cannot write it nor read the controller's keys.  Started as root, it reads its certificate and key, binds,
 * then drops to --user (gatehouse-web). */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <getopt.h>
#include <locale.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "controller/timeutil.h"
#include "controller/util.h"
#include "webui/pageutil.h"
#include "webui/web.h"

struct MHD_Daemon *web_start(const struct sockaddr *addr, const char *cert,
    const char *key, int threads, int timeout_s, int per_ip, int max_conns);

static void
usage(void)
{
	fprintf(stderr, "usage: gatehouse-web [--db FILE] [--journal FILE] [--control PATH] "
	    "[--listen ADDR:PORT] [--cert FILE] [--key FILE] [--user USER] [--threads N] "
	    "[--timeout-s N] [--per-ip N] [--max-connections N]\n"
	    "       gatehouse-web --check-messages | --list-messages\n"
	    "       gatehouse-web [--db FILE] --render /documents/signs|matrix|emergency "
	    "[--lang fr|ar|en]\n");
	exit(2);
}

static int
parse_listen(const char *s, struct sockaddr_storage *ss)
{
	char host[128];
	const char *colon = strrchr(s, ':');
	long port;
	if (colon == NULL || (size_t)(colon - s) >= sizeof host ||
	    gh_parse_long(colon + 1, 1, 65535, &port) != 0)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		host[strlen(host) - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		return inet_pton(AF_INET6, host + 1, &a6->sin6_addr) == 1 ? 0 : -1;
	}
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &a4->sin_addr) == 1 ? 0 : -1;
}

static char *
slurp(const char *path)
{
	char *s;
	size_t n;
	if (gh_read_file(path, 1 << 20, &s, &n) != 0)
		fatalx("%s: %s", path, strerror(errno));
	return s;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "journal", required_argument, NULL, 'j' },
		{ "control", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "cert", required_argument, NULL, 'C' },
		{ "key", required_argument, NULL, 'K' },
		{ "user", required_argument, NULL, 'u' },
		{ "threads", required_argument, NULL, 't' },
		{ "timeout-s", required_argument, NULL, 'T' },
		{ "per-ip", required_argument, NULL, 'p' },
		{ "max-connections", required_argument, NULL, 'm' },
		{ "check-messages", no_argument, NULL, 'M' },
		{ "render", required_argument, NULL, 'R' },
		{ "lang", required_argument, NULL, 'g' },
		{ "list-messages", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbp = getenv("GATEHOUSE_DB"), *control = "/run/gatehouse/control";
	const char *journalp = getenv("GATEHOUSE_JOURNAL");
	const char *listen = "127.0.0.1:8443", *certp = NULL, *keyp = NULL, *user = NULL;
	long threads = 4, timeout_s = 30, per_ip = 32, max_conns = 512;
	const char *render = NULL, *lang = NULL;
	int ch;
	setlocale(LC_CTYPE, "C.UTF-8");
	gh_log_init("gatehouse-web");
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': dbp = optarg; break;
		case 'j': journalp = optarg; break;
		case 'c': control = optarg; break;
		case 'l': listen = optarg; break;
		case 'C': certp = optarg; break;
		case 'K': keyp = optarg; break;
		case 'u': user = optarg; break;
		case 't': if (gh_parse_long(optarg, 1, 64, &threads)) usage(); break;
		case 'T': if (gh_parse_long(optarg, 1, 3600, &timeout_s)) usage(); break;
		case 'p': if (gh_parse_long(optarg, 1, 100000, &per_ip)) usage(); break;
		case 'm': if (gh_parse_long(optarg, 1, 100000, &max_conns)) usage(); break;
		case 'R': render = optarg; break;
		case 'g': lang = optarg; break;
		case 'M': case 'L': {
			/* The message catalogues: their check, or every English text. */
			struct gh_buf b;
			gh_buf_init(&b);
			int bad = 0;
			if (ch == 'M')
				bad = web_catalogue_check(&b);
			else
				web_catalogue_list(&b);
			fputs(b.s ? b.s : "", stdout);
			gh_buf_free(&b);
			return bad ? 1 : 0;
		}
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (dbp == NULL || !*dbp)
		dbp = "/var/lib/gatehouse/config.db";
	if (sodium_init() < 0)
		fatalx("libsodium failed to initialise");
	if (render != NULL) {
		/* A document page for the evidence bundle, on stdout (gatehouse compliance). */
		struct gh_db *rdb;
		char rerr[600], tz[128], site[GH_NAME_MAX_BYTES], deflang[8] = "fr";
		if (gh_db_open(&rdb, dbp, GH_DB_READONLY, rerr, sizeof rerr) != GH_OK)
			fatalx("%s", rerr);
		if (gh_setting_get(rdb, "timezone", tz, sizeof tz) == GH_OK)
			gh_tz_set(tz);
		static char rsite[GH_NAME_MAX_BYTES];
		if (gh_setting_get(rdb, "site-name", site, sizeof site) == GH_OK) {
			gh_strlcpy(rsite, site, sizeof rsite);
			W.site_name = rsite;
		}
		gh_setting_get(rdb, "language", deflang, sizeof deflang);
		gh_db_close(rdb);
		W.db_path = dbp;
		W.control = control;
		int l = web_lang_parse(lang ? lang : deflang);
		if (l < 0)
			fatalx("--lang: fr, ar or en");
		struct gh_buf out;
		gh_buf_init(&out);
		if (web_render(render, l, &out) != 0)
			fatalx("--render: %s", out.s ? out.s : "failed");
		fwrite(out.s, 1, out.len, stdout);
		gh_buf_free(&out);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	/* The demo's certificate sits beside the database (gatehouse init). */
	char dcert[1100], dkey[1100];
	const char *slash = strrchr(dbp, '/');
	snprintf(dcert, sizeof dcert, "%.*sweb/cert.pem", slash ? (int)(slash - dbp + 1) : 0, dbp);
	snprintf(dkey, sizeof dkey, "%.*sweb/key.pem", slash ? (int)(slash - dbp + 1) : 0, dbp);
	char *cert = slurp(certp ? certp : dcert), *key = slurp(keyp ? keyp : dkey);
	/* The journal, read on the pages (events, reviews): beside the database unless
	 * given. */
	static char djournal[1100];
	snprintf(djournal, sizeof djournal, "%.*sjournal.db", slash ? (int)(slash - dbp + 1) : 0,
	    dbp);
	web_journal_path = journalp && *journalp ? journalp : djournal;
	struct sockaddr_storage ss;
	if (parse_listen(listen, &ss) != 0)
		fatalx("--listen: '%s' is not ADDR:PORT", listen);
	W.db_path = dbp;
	W.control = control;
	W.login_failures_max = 5;
	W.lockout_us = 15LL * 60 * 1000000;
	W.ip_failures_max = 20;
	/* The database must open before we serve. */
	struct gh_db *db;
	char err[600];
	if (gh_db_open(&db, dbp, 0, err, sizeof err) != GH_OK)
		fatalx("%s", err);
	static char site[GH_NAME_MAX_BYTES];
	if (gh_setting_get(db, "site-name", site, sizeof site) == GH_OK)
		W.site_name = site;
	/* Times on the pages are in the site time zone. */
	char tz[128];
	if (gh_setting_get(db, "timezone", tz, sizeof tz) == GH_OK && gh_tz_set(tz) != 0)
		log_warnx("timezone '%s' is not known here: times in UTC", tz);
	gh_db_close(db);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct MHD_Daemon *d = web_start((struct sockaddr *)&ss, cert, key, (int)threads,
	    (int)timeout_s, (int)per_ip, (int)max_conns);
	sodium_memzero(key, strlen(key));
	free(key);
	free(cert);
	if (d == NULL)
		fatalx("cannot serve HTTPS on %s", listen);
	if (user != NULL && getuid() == 0 && gh_drop_privileges(user) != 0)
		fatalx("cannot drop privileges to %s: refusing to run as root", user);
	web_events_start();
	log_info("serving https://%s/ (database %s, controller %s)", listen, dbp, control);
	int sig;
	sigwait(&mask, &sig);
	log_info("signal %d: stopping", sig);
	web_events_stop();
	MHD_stop_daemon(d);
	return 0;
}
