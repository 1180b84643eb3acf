/* Badge readers in the controller: their threads hand records to the loop through a
 * pipe; here, on the loop's thread, each presentation is decided, journalled and only
 * then acted on (R-TRACE: a grant is on disk before the lock is released).
 *
 * - Group commit: every record waiting in the pipe when the loop wakes is decided in
 *   order, and their events are appended in one transaction.
 * - Escort pairing (R-ESCORT): a visitor who needs an escort waits at the reader for
 *   escort-window-s ("waiting for escort", not a refusal); a presentation of another
 *   badge at that reader within the window is the escort.  An escort who badged just
 *   before the visitor counts too, so both orders work.
 * - Presence (passback, occupancy): a grant puts the person in the zone entered; the
 *   daily presence-reset and `forgive` clear it.  An escort leaving a zone where a
 *   visitor they brought stays raises `visitor-unescorted`.
 * - Brute force (R-DETECT): counting refusals per reader; at brute-force-count the
 *   reader is locked out for lockout-s and `brute-force` is raised.
 * - Enrollment readers decide nothing: their next badge answers `enroll-wait`. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "controller/bruteforce.h"
#include "controller/sitekeys.h"
#include "controller/daemon/daemon.h"
#include "controller/policy.h"
#include "controller/timeutil.h"
#include "db/db.h"
#include "reader/desfire.h"
#include "reader/reader.h"
#include <sodium.h>

#define BATCH_MAX 64
#define PRESENCE_MAX 4096
#define WAITERS_MAX 16

struct rd {
	struct gh_reader *thr;
	int online;			/* -1 not yet known, 0, 1 */
	struct gh_bf bf;
	/* A visitor waiting for an escort. */
	int waiting;
	char wait_cred[GH_CRED_MAX];
	int64_t wait_until;		/* monotonic ms */
	int64_t wait_timer;
	/* The last badge granted alone here: an escort who went first. */
	char last_cred[GH_CRED_MAX];
	char last_person[GH_NAME_MAX_BYTES];
	int64_t last_until;
	int last_visitors;		/* visitors admitted with that escort since */
	/* A personalisation waiting for a blank card (enrollment readers). */
	struct gh_ctl_conn *job_conn;
	struct gh_df_job job;
	int job_id;
	int64_t job_timer;
};

struct presence {
	char person[GH_NAME_MAX_BYTES];
	char zone[GH_NAME_MAX_BYTES];
	char escort[GH_NAME_MAX_BYTES];	/* a visitor's escort, "" for staff */
};

struct waiter {
	struct gh_ctl_conn *c;
	int reader;
	int64_t timer;
};

static struct {
	struct rd *r;
	int n;
	int pipe[2];
	struct presence p[PRESENCE_MAX];
	int np;
	struct waiter w[WAITERS_MAX];
	long escort_window_s;
	struct gh_bf_cfg bf;
	int reset_min;			/* presence-reset, minutes after midnight */
	struct gh_sitekeys keys;	/* DESFire master keys (keys/desfire.keys) */
	int have_keys;
	int next_job;
	/* Alarms found while deciding, raised after the decisions are on disk so that
	 * the journal reads in the order things happened. */
	struct { const char *code, *kind; char source[GH_NAME_MAX_BYTES]; } deferred[BATCH_MAX];
	int ndeferred;
	int64_t reset_timer;
} R = { .pipe = { -1, -1 } };

/* Settings ----------------------------------------------------------------------- */

static long
setting(const char *key, long dflt)
{
	long v;
	return gh_setting_long(C.cfg, key, &v) == GH_OK ? v : dflt;
}

static void schedule_reset(void);

void
readers_settings(void)
{
	R.escort_window_s = setting("escort-window-s", 10);
	R.bf.count = (int)setting("brute-force-count", 5);
	R.bf.window_s = (int)setting("brute-force-window-s", 60);
	R.bf.lockout_s = (int)setting("lockout-s", 30);
	char buf[16];
	int h, m;
	if (gh_setting_get(C.cfg, "presence-reset", buf, sizeof buf) == GH_OK &&
	    sscanf(buf, "%d:%d", &h, &m) == 2)
		R.reset_min = h * 60 + m;
	else
		R.reset_min = 4 * 60;
	if (R.r != NULL)
		schedule_reset();
}

static void
defer_alarm(const char *code, const char *kind, const char *source)
{
	if (R.ndeferred == BATCH_MAX) {
		raise_alarm(code, kind, source);
		return;
	}
	R.deferred[R.ndeferred].code = code;
	R.deferred[R.ndeferred].kind = kind;
	gh_strlcpy(R.deferred[R.ndeferred].source, source, sizeof R.deferred[0].source);
	R.ndeferred++;
}

static void
raise_deferred(void)
{
	for (int k = 0; k < R.ndeferred; k++)
		raise_alarm(R.deferred[k].code, R.deferred[k].kind, R.deferred[k].source);
	R.ndeferred = 0;
}

/* Presence ----------------------------------------------------------------------- */

static struct presence *
presence_of(const char *person)
{
	for (int i = 0; i < R.np; i++)
		if (strcmp(R.p[i].person, person) == 0)
			return &R.p[i];
	return NULL;
}

static int
occupancy(const char *zone)
{
	int n = 0;
	for (int i = 0; i < R.np; i++)
		n += strcmp(R.p[i].zone, zone) == 0;
	return n;
}

static void
presence_drop(struct presence *p)
{
	*p = R.p[--R.np];
}

/* The person passed into zone; escort is the visitor's escort ("" for none).  When
 * an escort leaves a zone where a visitor they brought stays: visitor-unescorted. */
static void
presence_enter(const char *person, const char *zone, const char *escort)
{
	struct presence *p = presence_of(person);
	if (p != NULL && strcmp(p->zone, zone) != 0) {
		for (int i = 0; i < R.np; i++)
			if (strcmp(R.p[i].escort, person) == 0 &&
			    strcmp(R.p[i].zone, p->zone) == 0) {
				defer_alarm("visitor-unescorted", "zone", p->zone);
				break;
			}
	}
	if (p == NULL) {
		if (R.np == PRESENCE_MAX) {
			log_warnx("presence table full: %s not tracked", person);
			return;
		}
		p = &R.p[R.np++];
	}
	gh_strlcpy(p->person, person, sizeof p->person);
	gh_strlcpy(p->zone, zone, sizeof p->zone);
	gh_strlcpy(p->escort, escort ? escort : "", sizeof p->escort);
}

void
readers_presence_json(struct gh_json *j)
{
	gh_json_arr(j);
	for (int i = 0; i < R.np; i++) {
		gh_json_obj(j);
		gh_json_kstr(j, "person", R.p[i].person);
		gh_json_kstr(j, "zone", R.p[i].zone);
		if (R.p[i].escort[0])
			gh_json_kstr(j, "escort", R.p[i].escort);
		gh_json_obj_end(j);
	}
	gh_json_arr_end(j);
}

static void
on_reset(struct gh_loop *l, void *arg)
{
	(void)l;
	(void)arg;
	R.reset_timer = 0;
	if (R.np > 0)
		log_info("presence-reset: %d presences cleared", R.np);
	R.np = 0;
	schedule_reset();
}

/* The next presence-reset in the site's time zone. */
static void
schedule_reset(void)
{
	if (R.reset_timer)
		gh_loop_cancel(C.loop, R.reset_timer);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	int nowmin = tm.tm_hour * 60 + tm.tm_min;
	int delta = R.reset_min - nowmin;
	if (delta <= 0)
		delta += 24 * 60;
	int64_t ms = (int64_t)delta * 60000 - (int64_t)tm.tm_sec * 1000;
	if (ms < 1000)
		ms = 1000;
	R.reset_timer = gh_loop_at(C.loop, gh_mono_ms() + ms, on_reset, NULL);
}

void
readers_forgive(struct gh_ctl_conn *c, const char *person, const char *op)
{
	if (!valid_operator(c, op))
		return;
	struct presence *p = presence_of(person);
	struct gh_buf b;
	struct gh_json j;
	details_open(&b, &j);
	gh_json_kstr(&j, "zone", p ? p->zone : "");
	gh_json_obj_end(&j);
	struct gh_event ev = { .kind = "operator", .reason = "forgive", .operator_ = op,
		.person = person, .details = b.s };
	int64_t seq = journal(&ev);
	gh_buf_free(&b);
	if (seq < 0) {
		gh_ctl_reply(c, "error the journal cannot record it");
		return;
	}
	if (p != NULL)
		presence_drop(p);
	gh_ctl_reply(c, "ok");
}

/* Enrollment --------------------------------------------------------------------- */

static void
on_enroll_timeout(struct gh_loop *l, void *arg)
{
	(void)l;
	struct waiter *w = arg;
	w->timer = 0;
	gh_ctl_reply(w->c, "timeout");
	gh_ctl_release(w->c);
	w->c = NULL;
}

void
readers_enroll_wait(struct gh_ctl_conn *c, const char *reader, const char *timeout)
{
	long t;
	int i;
	for (i = 0; i < R.n; i++)
		if (strcmp(C.site.readers[i].name, reader) == 0)
			break;
	if (i == R.n) {
		gh_ctl_reply(c, "error unknown reader '%s'", reader);
		return;
	}
	if (!C.site.readers[i].enrollment) {
		gh_ctl_reply(c, "error reader '%s' is not an enrollment reader", reader);
		return;
	}
	if (gh_parse_long(timeout, 1, 600, &t) != 0) {
		gh_ctl_reply(c, "error TIMEOUT-S must be 1 to 600");
		return;
	}
	for (int k = 0; k < WAITERS_MAX; k++) {
		struct waiter *w = &R.w[k];
		if (w->c != NULL)
			continue;
		w->c = c;
		w->reader = i;
		w->timer = gh_loop_at(C.loop, gh_mono_ms() + t * 1000, on_enroll_timeout, w);
		gh_ctl_hold(c);
		return;
	}
	gh_ctl_reply(c, "error too many enrollments waiting");
}

void
readers_conn_gone(struct gh_ctl_conn *c)
{
	for (int i = 0; i < R.n; i++)
		if (R.r[i].job_conn == c) {
			R.r[i].job_conn = NULL;	/* the job may still run; its answer is dropped */
			gh_reader_job_cancel(R.r[i].thr, R.r[i].job_id);
		}
	for (int k = 0; k < WAITERS_MAX; k++) {
		struct waiter *w = &R.w[k];
		if (w->c != c)
			continue;
		if (w->timer)
			gh_loop_cancel(C.loop, w->timer);
		w->c = NULL;
		w->timer = 0;
	}
}

static void
enroll_deliver(int i, const struct gh_reader_ev *ev)
{
	for (int k = 0; k < WAITERS_MAX; k++) {
		struct waiter *w = &R.w[k];
		if (w->c == NULL || w->reader != i)
			continue;
		gh_ctl_reply(w->c, "credential %s %s %s", ev->kind, ev->credential, ev->uid);
		gh_ctl_release(w->c);
		if (w->timer)
			gh_loop_cancel(C.loop, w->timer);
		w->c = NULL;
		w->timer = 0;
		return;	/* one badge, one enrollment */
	}
	log_info("reader %s: badge %s with no enrollment waiting", C.site.readers[i].name,
	    ev->uid);
}

/* Personalisation (secure badges) ------------------------------------------------- */

static void
job_reply(struct rd *x, const char *fmt, const char *a, const char *b)
{
	if (x->job_conn == NULL)
		return;
	if (b != NULL)
		gh_ctl_reply(x->job_conn, fmt, a, b);
	else
		gh_ctl_reply(x->job_conn, fmt, a);
	gh_ctl_release(x->job_conn);
	x->job_conn = NULL;
	if (x->job_timer)
		gh_loop_cancel(C.loop, x->job_timer);
	x->job_timer = 0;
}

static void
on_job_timeout(struct gh_loop *l, void *arg)
{
	(void)l;
	struct rd *x = arg;
	x->job_timer = 0;
	/* Not started: cancelled, "timeout".  Running: its answer comes shortly. */
	if (gh_reader_job_cancel(x->thr, x->job_id) && x->job_conn != NULL) {
		gh_ctl_reply(x->job_conn, "timeout");
		gh_ctl_release(x->job_conn);
		x->job_conn = NULL;
	}
}

static void
job_done(const struct gh_reader_ev *ev)
{
	struct rd *x = &R.r[ev->reader];
	if (ev->job != x->job_id)
		return;
	if (ev->job_failed)
		job_reply(x, "error %s", ev->why, NULL);
	else
		job_reply(x, "credential desfire %s %s", ev->credential, ev->uid);
}

void
readers_personalise(struct gh_ctl_conn *c, const char *reader, const char *timeout)
{
	long t;
	int i;
	for (i = 0; i < R.n; i++)
		if (strcmp(C.site.readers[i].name, reader) == 0)
			break;
	if (i == R.n) {
		gh_ctl_reply(c, "error unknown reader '%s'", reader);
		return;
	}
	struct rd *x = &R.r[i];
	if (!C.site.readers[i].enrollment) {
		gh_ctl_reply(c, "error reader '%s' is not an enrollment reader", reader);
		return;
	}
	if (gh_parse_long(timeout, 1, 600, &t) != 0) {
		gh_ctl_reply(c, "error TIMEOUT-S must be 1 to 600");
		return;
	}
	if (!R.have_keys) {
		gh_ctl_reply(c, "error the site's DESFire keys could not be read (see the log)");
		return;
	}
	if (x->thr == NULL || x->online != 1) {
		gh_ctl_reply(c, "error reader '%s' is offline", reader);
		return;
	}
	if (x->job_conn != NULL) {
		gh_ctl_reply(c, "error reader '%s' is already personalising a badge", reader);
		return;
	}
	/* A random badge id of 16 digits; enrollment refuses a duplicate. */
	uint64_t r;
	randombytes_buf(&r, sizeof r);
	x->job.keys = &R.keys;
	x->job.badge_id = 1000000000000000ULL + r % 9000000000000000ULL;
	x->job_id = ++R.next_job;
	if (gh_reader_job(x->thr, x->job_id, gh_desfire_personalise, &x->job) != 0) {
		gh_ctl_reply(c, "error reader '%s' is busy", reader);
		return;
	}
	x->job_conn = c;
	gh_ctl_hold(c);
	x->job_timer = gh_loop_at(C.loop, gh_mono_ms() + t * 1000, on_job_timeout, x);
}

/* Decisions ---------------------------------------------------------------------- */

/* One decided presentation waiting for the group commit. */
struct pending {
	struct gh_event ev;
	struct decision d;
	char details[256];
	int door;		/* to release once on disk, -1 for none */
	int public_zone;
};

static const char *
zone_entered(int i)
{
	const struct gh_rt_reader *r = &C.site.readers[i];
	const struct gh_rt_door *d = &C.site.doors[r->door];
	return r->side_out ? d->from_zone : d->to_zone;
}

static int
decide(int i, const char *cred, int auth_failed, const char *escort, int escort_visitors,
    time_t now, struct decision *d)
{
	const struct gh_rt_reader *r = &C.site.readers[i];
	struct rd *x = &R.r[i];
	int64_t mono = gh_mono_ms();
	struct access_request req = { .reader = r->name, .credential = cred,
		.credential_auth_failed = auth_failed, .escort_credential = escort };
	struct site_state st = {
		.mode = strcmp(C.mode, "lockdown") == 0 ? SITE_LOCKDOWN :
		    strcmp(C.mode, "evacuation") == 0 ? SITE_EVACUATION : SITE_NORMAL,
		.journal_failed = C.journal_failed,
		.reader_refusals = gh_bf_refusals(&x->bf, &R.bf, mono),
		.reader_locked_out = gh_bf_locked(&x->bf, mono),
		.occupancy = occupancy(zone_entered(i)),
		.escort_visitors = escort_visitors,
	};
	struct policy_data pd = { C.cfg };
	int rc = policy_decide(&pd, &req, &st, now, d);
	if (rc != GH_OK)
		return rc;
	/* Passback needs the person, known only now: decide again if they are inside. */
	struct presence *p = d->person[0] ? presence_of(d->person) : NULL;
	if (p != NULL && strcmp(p->zone, d->zone) == 0) {
		st.inside = 1;
		st.occupancy--;		/* they are counted already */
		rc = policy_decide(&pd, &req, &st, now, d);
	}
	return rc;
}

static void
pending_fill(struct pending *q, int i, const struct decision *d, const char *cred)
{
	const struct gh_rt_reader *r = &C.site.readers[i];
	memset(q, 0, sizeof *q);
	q->d = *d;
	char flags[64] = "";
	if (d->flags & DECISION_SOFT_PASSBACK)
		strcat(flags, ",soft-passback");
	if (d->flags & DECISION_ESCORTED)
		strcat(flags, ",escorted");
	if (d->flags & DECISION_BRUTE_FORCE)
		strcat(flags, ",brute-force");
	/* Details: the person's kind, the decision's flags, the card's UID when the
	 * credential is not the UID itself (a DESFire badge id). */
	snprintf(q->details, sizeof q->details, "{\"flags\":\"%s\",\"kind\":\"%s\"}",
	    flags[0] ? flags + 1 : "", d->kind[0] ? d->kind : "unknown");
	q->ev.kind = "access";
	q->ev.door = C.site.doors[r->door].name;
	q->ev.reader = r->name;
	q->ev.zone = q->d.zone[0] ? q->d.zone : NULL;
	q->ev.credential = q->d.badge[0] ? q->d.badge : cred;
	q->ev.person = q->d.person[0] ? q->d.person : NULL;
	q->ev.escort = q->d.escort[0] ? q->d.escort : NULL;
	q->ev.decision = d->granted ? "granted" : "refused";
	q->ev.reason = q->d.reason;
	q->ev.details = q->details;
	q->door = d->granted ? r->door : -1;
	q->public_zone = strcmp(d->zone_level, "public") == 0;
}

/* Book-keeping after a decision: brute force, presence, the escort memory. */
static void
after_decision(int i, const struct decision *d, const char *cred)
{
	struct rd *x = &R.r[i];
	int64_t mono = gh_mono_ms();
	if (!d->granted && (d->flags & DECISION_COUNTS) &&
	    gh_bf_record(&x->bf, &R.bf, mono))
		defer_alarm("brute-force", "reader", C.site.readers[i].name);
	if (!d->granted)
		return;
	presence_enter(d->person, d->zone, d->escort[0] ? d->escort : NULL);
	if (d->escort[0]) {
		x->last_visitors++;
		return;
	}
	if (strcmp(d->kind, "staff") == 0) {
		gh_strlcpy(x->last_cred, cred, sizeof x->last_cred);
		gh_strlcpy(x->last_person, d->person, sizeof x->last_person);
		x->last_until = mono + R.escort_window_s * 1000;
		x->last_visitors = 0;
	}
}

static void commit(struct pending *q, int n);

/* The escort never came: the visitor's refusal is journalled now. */
static void
on_wait_timeout(struct gh_loop *l, void *arg)
{
	(void)l;
	int i = (int)(intptr_t)arg;
	struct rd *x = &R.r[i];
	x->wait_timer = 0;
	if (!x->waiting)
		return;
	x->waiting = 0;
	struct decision d;
	if (decide(i, x->wait_cred, 0, NULL, 0, time(NULL), &d) != GH_OK)
		return;
	struct pending q;
	pending_fill(&q, i, &d, x->wait_cred);
	after_decision(i, &d, x->wait_cred);
	commit(&q, 1);
}

/* Decide one presentation; 1 when q was filled, 0 when nothing is journalled yet (a
 * visitor waits for an escort, an enrollment badge, a reader with no door). */
static int
presentation(const struct gh_reader_ev *ev, struct pending *q)
{
	int i = ev->reader;
	const struct gh_rt_reader *r = &C.site.readers[i];
	struct rd *x = &R.r[i];
	int64_t mono = gh_mono_ms();
	time_t now = (time_t)(ev->ts_us / 1000000);
	struct decision d;
	if (r->enrollment) {
		enroll_deliver(i, ev);
		return 0;
	}
	if (r->door < 0) {
		log_warnx("reader %s: badge %s, but the reader is at no door", r->name, ev->uid);
		return 0;
	}
	const char *cred = ev->credential;
	/* A card that shows a secure badge's UID without passing its authentication is a
	 * clone (or an emulator): refused, and the alarm raised. */
	int auth_failed = ev->auth_failed;
	if (!auth_failed && strcmp(ev->kind, "uid") == 0 && gh_badge_secure_uid(C.cfg, ev->uid) == 1)
		auth_failed = 1;
	if (auth_failed) {
		defer_alarm("cloned-credential", "reader", r->name);
		if (decide(i, cred, 1, NULL, 0, now, &d) != GH_OK)
			return 0;
		pending_fill(q, i, &d, cred);
		after_decision(i, &d, cred);
		return 1;
	}
	/* A visitor waits here: this badge, another one, is the escort. */
	if (x->waiting && mono <= x->wait_until && strcmp(x->wait_cred, cred) != 0) {
		x->waiting = 0;
		if (x->wait_timer)
			gh_loop_cancel(C.loop, x->wait_timer);
		x->wait_timer = 0;
		if (decide(i, x->wait_cred, 0, cred, 0, now, &d) != GH_OK)
			return 0;
		pending_fill(q, i, &d, x->wait_cred);
		after_decision(i, &d, x->wait_cred);
		return 1;
	}
	if (decide(i, cred, 0, NULL, 0, now, &d) != GH_OK) {
		log_warnx("reader %s: no decision: %s", r->name, gh_db_errmsg(C.cfg));
		return 0;
	}
	if (!d.granted && strcmp(d.reason, "escort-required") == 0) {
		/* An escort who badged just before? */
		if (mono <= x->last_until && strcmp(x->last_cred, cred) != 0) {
			struct decision d2;
			if (decide(i, cred, 0, x->last_cred, x->last_visitors, now, &d2) == GH_OK) {
				pending_fill(q, i, &d2, cred);
				after_decision(i, &d2, cred);
				return 1;
			}
		}
		/* Waiting for escort: decided when the escort comes or the window ends. */
		if (x->waiting && strcmp(x->wait_cred, cred) != 0) {
			/* Another visitor already waited here: theirs is refused now. */
			on_wait_timeout(C.loop, (void *)(intptr_t)i);
		}
		x->waiting = 1;
		gh_strlcpy(x->wait_cred, cred, sizeof x->wait_cred);
		x->wait_until = mono + R.escort_window_s * 1000;
		if (x->wait_timer)
			gh_loop_cancel(C.loop, x->wait_timer);
		x->wait_timer = gh_loop_at(C.loop, x->wait_until, on_wait_timeout,
		    (void *)(intptr_t)i);
		log_info("reader %s: waiting for escort", r->name);
		return 0;
	}
	pending_fill(q, i, &d, cred);
	after_decision(i, &d, cred);
	return 1;
}

/* Journal the decided presentations in one transaction, then release the doors of
 * the grants.  If the journal cannot record them, only public-zone doors open. */
static void
commit(struct pending *q, int n)
{
	if (n == 0) {
		raise_deferred();
		return;
	}
	struct gh_event ev[BATCH_MAX];
	for (int k = 0; k < n; k++) {
		ev[k] = q[k].ev;
		ev[k].ts_us = 0;
	}
	int64_t seq = journal_batch(ev, n);	/* a failure raises journal-failure */
	for (int k = 0; k < n; k++)
		if (q[k].door >= 0 && (seq >= 0 || q[k].public_zone))
			door_grant(q[k].door);
	raise_deferred();
}

/* Reader state ------------------------------------------------------------------- */

static void
reader_online(int i, int online, const char *why)
{
	struct rd *x = &R.r[i];
	const char *name = C.site.readers[i].name;
	if (x->online == online)
		return;
	int was = x->online;
	x->online = online;
	if (online && was == -1)
		return;	/* came up at start: nothing to tell */
	struct gh_buf b;
	struct gh_json j;
	details_open(&b, &j);
	if (!online)
		gh_json_kstr(&j, "why", why);
	gh_json_obj_end(&j);
	struct gh_event ev = { .kind = online ? "reader-online" : "reader-offline",
		.reader = name, .details = b.s };
	journal(&ev);
	gh_buf_free(&b);
	if (!online)
		raise_alarm("reader-offline", "reader", name);
}

const char *
reader_display(int i)
{
	if (i < 0 || i >= R.n)
		return "";
	if (R.r[i].waiting && gh_mono_ms() <= R.r[i].wait_until)
		return "waiting for escort";
	if (gh_bf_locked(&R.r[i].bf, gh_mono_ms()))
		return "locked out";
	return "";
}

const char *
reader_state(int i)
{
	if (i < 0 || i >= R.n || R.r[i].thr == NULL)
		return "offline";
	return R.r[i].online == 1 ? "online" : R.r[i].online == 0 ? "offline" : "starting";
}

static void
on_pipe(struct gh_loop *l, int fd, short revents, void *arg)
{
	(void)l;
	(void)revents;
	(void)arg;
	static struct gh_reader_ev evs[BATCH_MAX];
	static struct pending q[BATCH_MAX];
	ssize_t got = read(fd, evs, sizeof evs);
	if (got <= 0)
		return;
	int n = (int)(got / (ssize_t)sizeof evs[0]), nq = 0;
	for (int k = 0; k < n; k++) {
		const struct gh_reader_ev *ev = &evs[k];
		if (ev->reader < 0 || ev->reader >= R.n)
			continue;
		if (ev->type == GH_RD_ONLINE) {
			reader_online(ev->reader, 1, NULL);
		} else if (ev->type == GH_RD_OFFLINE) {
			commit(q, nq);	/* keep the journal in the order things happened */
			nq = 0;
			reader_online(ev->reader, 0, ev->why);
		} else if (ev->type == GH_RD_CARD) {
			if (presentation(ev, &q[nq]))
				nq++;
		} else if (ev->type == GH_RD_JOB) {
			job_done(ev);
		}
	}
	commit(q, nq);
}

void
readers_start(void)
{
	R.n = C.site.nreaders;
	R.r = calloc((size_t)R.n + 1, sizeof *R.r);
	if (R.r == NULL)
		fatalx("out of memory");
	readers_settings();
	if (pipe2(R.pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		fatalx("pipe: %s", strerror(errno));
	/* Reader threads block on a full pipe rather than lose a badge. */
	int fl = fcntl(R.pipe[1], F_GETFL);
	fcntl(R.pipe[1], F_SETFL, fl & ~O_NONBLOCK);
	gh_loop_fd(C.loop, R.pipe[0], POLLIN, on_pipe, NULL);
	char kp[1100], err[600];
	gh_sitekeys_path(C.journal_path ? C.journal_path : "journal.db", kp, sizeof kp);
	R.have_keys = gh_sitekeys_load(kp, &R.keys, err, sizeof err) == 0;
	if (!R.have_keys)
		log_warnx("secure badges cannot be read: %s", err);
	for (int i = 0; i < R.n; i++) {
		const struct gh_rt_reader *r = &C.site.readers[i];
		R.r[i].online = -1;
		if (r->connstring[0] == '\0')
			continue;
		R.r[i].thr = gh_reader_start(i, r->name, r->connstring, R.pipe[1],
		    R.have_keys ? gh_desfire_read : NULL, &R.keys);
	}
}

void
readers_stop(void)
{
	for (int i = 0; i < R.n; i++) {
		gh_reader_stop(R.r[i].thr);
		if (R.r[i].job_conn != NULL) {
			gh_ctl_reply(R.r[i].job_conn, "error the readers restarted");
			gh_ctl_release(R.r[i].job_conn);
		}
		if (R.r[i].job_timer)
			gh_loop_cancel(C.loop, R.r[i].job_timer);
	}
	gh_sitekeys_wipe(&R.keys);
	R.have_keys = 0;
	free(R.r);
	R.r = NULL;
	R.n = 0;
	if (R.pipe[0] >= 0) {
		gh_loop_fd_del(C.loop, R.pipe[0]);
		close(R.pipe[0]);
		close(R.pipe[1]);
	}
	R.pipe[0] = R.pipe[1] = -1;
}
