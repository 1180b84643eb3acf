/* One thread per badge reader; see reader.h. */
#include "reader/reader.h"

#include <errno.h>
#include <nfc/nfc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "controller/loop.h"
#include "controller/timeutil.h"

#define PRESENCE_PERIOD_MS 100	/* checking that a card has left */
#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 30000

struct gh_reader {
	int index;
	char name[GH_NAME_MAX_BYTES];
	char connstring[NFC_BUFSIZE_CONNSTRING];
	int fd;
	gh_reader_secure_fn secure;
	void *secure_arg;
	pthread_t thread;
	atomic_int stop;
	pthread_mutex_t lock;	/* guards dev for gh_reader_stop's abort, and the job */
	nfc_device *dev;
	gh_reader_secure_fn job_fn;	/* pending job, or NULL */
	void *job_arg;
	int job_id;
	int job_running;
};

static void
sleep_ms(struct gh_reader *r, int ms)
{
	/* In slices, so that stopping is quick. */
	while (ms > 0 && !atomic_load(&r->stop)) {
		int s = ms < 50 ? ms : 50;
		struct timespec ts = { 0, (long)s * 1000000 };
		nanosleep(&ts, NULL);
		ms -= s;
	}
}

static void
post(struct gh_reader *r, struct gh_reader_ev *ev)
{
	ev->reader = r->index;
	ev->ts_us = gh_now_us();
	ev->mono_ms = gh_mono_ms();
	ssize_t n;
	do
		n = write(r->fd, ev, sizeof *ev);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof *ev)
		log_warnx("reader %s: event lost: %s", r->name, strerror(errno));
}

static void
hexuid(const uint8_t *uid, size_t n, char *out, size_t len)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 2 < len; i++, k += 2)
		snprintf(out + k, len - k, "%02X", uid[i]);
	out[k] = '\0';
}

/* Wait for a card until stopped or the device fails.  InAutoPoll with endless polls:
 * the chip answers the moment a card enters the field (no polling period to wait
 * out), and gh_reader_stop aborts the wait with nfc_abort_command.  Returns when the
 * device must be reopened (or the reader stops). */
static void
poll_device(struct gh_reader *r, nfc_device *dev)
{
	const nfc_modulation mod = { .nmt = NMT_ISO14443A, .nbr = NBR_106 };
	while (!atomic_load(&r->stop)) {
		nfc_target nt;
		int n = nfc_initiator_poll_target(dev, &mod, 1, 0xFF, 1, &nt);
		if (atomic_load(&r->stop))
			return;
		if (n == NFC_ETIMEOUT || n == 0)
			continue;
		if (n < 0)
			return;	/* the device failed, not merely "no card": reopen it */
		const nfc_iso14443a_info *a = &nt.nti.nai;
		struct gh_reader_ev ev = { .type = GH_RD_CARD };
		size_t uidlen = a->szUidLen < 10 ? a->szUidLen : 10;
		hexuid(a->abtUid, uidlen, ev.uid, sizeof ev.uid);
		pthread_mutex_lock(&r->lock);
		gh_reader_secure_fn job = r->job_fn;
		void *job_arg = r->job_arg;
		ev.job = r->job_id;
		r->job_fn = NULL;
		r->job_running = job != NULL;
		pthread_mutex_unlock(&r->lock);
		if (job != NULL) {
			ev.type = GH_RD_JOB;
			job(dev, a->abtUid, uidlen, &ev, job_arg);
			pthread_mutex_lock(&r->lock);
			r->job_running = 0;
			pthread_mutex_unlock(&r->lock);
			post(r, &ev);
		} else if (uidlen == 4 || uidlen == 7 || uidlen == 10) {
			snprintf(ev.kind, sizeof ev.kind, "uid");
			snprintf(ev.credential, sizeof ev.credential, "%s", ev.uid);
			if (r->secure)
				r->secure(dev, a->abtUid, uidlen, &ev, r->secure_arg);
			post(r, &ev);
		} else {
			log_warnx("reader %s: ignoring a card with a %zu-byte UID", r->name, uidlen);
		}
		/* Reported once: wait for it to leave before reading again. */
		while (!atomic_load(&r->stop)) {
			sleep_ms(r, PRESENCE_PERIOD_MS);
			int p = nfc_initiator_target_is_present(dev, NULL);
			if (p == NFC_SUCCESS)
				continue;
			if (p == NFC_EIO || p == NFC_ENOTSUCHDEV)
				return;	/* the device, not the card, went away */
			break;
		}
		nfc_initiator_deselect_target(dev);
	}
}

static void *
reader_main(void *arg)
{
	struct gh_reader *r = arg;
	nfc_context *ctx = NULL;
	int backoff = BACKOFF_MIN_MS, online = -1;
	nfc_init(&ctx);
	if (ctx == NULL) {
		log_warnx("reader %s: libnfc failed to initialise", r->name);
		return NULL;
	}
	while (!atomic_load(&r->stop)) {
		nfc_device *dev = nfc_open(ctx, r->connstring);
		if (dev == NULL || nfc_initiator_init(dev) < 0) {
			if (online != 0) {
				struct gh_reader_ev ev = { .type = GH_RD_OFFLINE };
				snprintf(ev.why, sizeof ev.why, "%s", dev ? nfc_strerror(dev) :
				    "cannot open the device");
				post(r, &ev);
				online = 0;
			}
			if (dev)
				nfc_close(dev);
			sleep_ms(r, backoff);
			backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
			continue;
		}
		/* Selecting a known card (secure reading) fails at once if it has left,
		 * rather than waiting for it forever. */
		nfc_device_set_property_bool(dev, NP_INFINITE_SELECT, false);
		pthread_mutex_lock(&r->lock);
		r->dev = dev;
		pthread_mutex_unlock(&r->lock);
		backoff = BACKOFF_MIN_MS;
		if (online != 1) {
			struct gh_reader_ev ev = { .type = GH_RD_ONLINE };
			post(r, &ev);
			online = 1;
		}
		poll_device(r, dev);
		if (!atomic_load(&r->stop)) {
			struct gh_reader_ev ev = { .type = GH_RD_OFFLINE };
			snprintf(ev.why, sizeof ev.why, "%s", nfc_strerror(dev));
			post(r, &ev);
			online = 0;
		}
		pthread_mutex_lock(&r->lock);
		r->dev = NULL;
		pthread_mutex_unlock(&r->lock);
		nfc_close(dev);
	}
	nfc_exit(ctx);
	return NULL;
}

struct gh_reader *
gh_reader_start(int index, const char *name, const char *connstring, int fd,
    gh_reader_secure_fn secure, void *secure_arg)
{
	struct gh_reader *r = calloc(1, sizeof *r);
	if (r == NULL)
		return NULL;
	r->index = index;
	r->fd = fd;
	r->secure = secure;
	r->secure_arg = secure_arg;
	gh_strlcpy(r->name, name, sizeof r->name);
	if (gh_strlcpy(r->connstring, connstring, sizeof r->connstring) >=
	    sizeof r->connstring) {
		log_warnx("reader %s: connection string too long", name);
		free(r);
		return NULL;
	}
	atomic_init(&r->stop, 0);
	pthread_mutex_init(&r->lock, NULL);
	if (pthread_create(&r->thread, NULL, reader_main, r) != 0) {
		log_warn("reader %s: thread", name);
		free(r);
		return NULL;
	}
	return r;
}

void
gh_reader_stop(struct gh_reader *r)
{
	if (r == NULL)
		return;
	atomic_store(&r->stop, 1);
	pthread_mutex_lock(&r->lock);
	if (r->dev)
		nfc_abort_command(r->dev);	/* ends a wait for a card at once */
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int
gh_reader_job(struct gh_reader *r, int id, gh_reader_secure_fn fn, void *arg)
{
	int rc = -1;
	pthread_mutex_lock(&r->lock);
	if (r->job_fn == NULL && !r->job_running) {
		r->job_fn = fn;
		r->job_arg = arg;
		r->job_id = id;
		rc = 0;
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}

int
gh_reader_job_cancel(struct gh_reader *r, int id)
{
	int rc = 0;
	pthread_mutex_lock(&r->lock);
	if (r->job_fn != NULL && r->job_id == id) {
		r->job_fn = NULL;
		r->job_arg = NULL;
		rc = 1;
	}
	pthread_mutex_unlock(&r->lock);
	return rc;
}
