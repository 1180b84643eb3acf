/* gatehouse-controller: the site's controller daemon.
 *
 * One event loop owns all state.  Reader threads (readers.c) hand it badges; it decides
 * them (controller/policy.c), journals the decisions and only then moves the doors
 * (door state machines, controller/door.c, driven through the door I/O); it signs the
 * journal every minute and at shutdown, copies the audit trail into it, watches the
 * clock, keeps the alarms, and serves the control socket (VOCABULARY.md). */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <unistd.h>

#include "controller/alarm.h"
#include "controller/auditcopy.h"
#include "controller/clock.h"
#include "controller/control.h"
#include "controller/daemon/doors.h"
#include "controller/door.h"
#include "controller/json.h"
#include "controller/loop.h"
#include "controller/timeutil.h"
#include "db/journal.h"
#include "db/runtime.h"
#include "db/report.h"
#include "controller/daemon/daemon.h"
#include "reader/reader.h"

#define CHECKPOINT_MS 60000
#define CLOCK_CHECK_MS 10000
#define CLOCK_JUMP_TOLERANCE_US 2000000
#define JOURNAL_RETRY_MS 2000

struct controller C;

/* Journal one event and tell the subscribers.  Returns its seq, or -1. */
static void journal_recovered(void);
static void on_journal_retry(struct gh_loop *l, void *arg);

int64_t
journal_batch(struct gh_event *ev, int n)
{
	int64_t seq = -1;
	int64_t now = gh_now_us();
	for (int k = 0; k < n; k++)
		if (ev[k].ts_us == 0)
			ev[k].ts_us = now;
	int rc = gh_journal_append(C.journal, ev, n, &seq);
	if (rc == GH_EINPUT) {
		/* A malformed event (an operator's text): refused, the journal is fine. */
		log_warnx("event refused: %s", gh_journal_errmsg(C.journal));
		return -1;
	}
	if (rc != GH_OK) {
		/* Not recorded: no entry into restricted zones until it is (R-TRACE).  The
		 * alarm lives in memory until the journal can take it. */
		if (!C.journal_failed) {
			log_warnx("journal-failure: %s", gh_journal_errmsg(C.journal));
			gh_alarm_add(&C.alarms, -now, now, "journal-failure", "site", "journal");
			gh_loop_at(C.loop, gh_mono_ms() + JOURNAL_RETRY_MS, on_journal_retry, NULL);
		}
		C.journal_failed = 1;
		return -1;
	}
	gh_forward_wake(C.fwd);
	if (C.journal_failed) {
		C.journal_failed = 0;
		log_info("the journal records again");
		journal_recovered();
	}
	struct gh_buf b;
	gh_buf_init(&b);
	for (int k = 0; k < n; k++) {
		gh_buf_reset(&b);
		gh_event_canonical(seq + k, &ev[k], &b);
		gh_ctl_broadcast(C.ctl, b.s);
	}
	gh_buf_free(&b);
	return seq;
}

int64_t
journal(struct gh_event *ev)
{
	return journal_batch(ev, 1);
}

static void
alarm_raised_event(const char *code, const char *kind, const char *source,
    int64_t start_us, struct gh_buf *b, struct gh_event *ev)
{
	struct gh_json j;
	char t[40];
	details_open(b, &j);
	gh_json_kstr(&j, "alarm", code);
	gh_json_kstr(&j, "source", source);
	gh_json_kstr(&j, "source_kind", kind);
	if (start_us)
		gh_json_kstr(&j, "since", gh_utc_format_us(start_us, t, sizeof t));
	gh_json_obj_end(&j);
	*ev = (struct gh_event){ .kind = "alarm-raised", .reason = code, .details = b->s };
}

/* The journal works again: the alarms raised while it could not record are journalled
 * now (with the time they started), and get their journal ids. */
static void
journal_recovered(void)
{
	for (int i = 0; i < C.alarms.n && !C.journal_failed; i++) {
		struct gh_alarm *a = &C.alarms.a[i];
		if (a->id > 0)
			continue;
		struct gh_buf b;
		struct gh_event ev;
		alarm_raised_event(a->code, a->source_kind, a->source, a->start_us, &b, &ev);
		int64_t seq = journal(&ev);
		gh_buf_free(&b);
		if (seq > 0)
			a->id = seq;
	}
}

/* While the journal fails, try it every few seconds with what it owes. */
static void
on_journal_retry(struct gh_loop *l, void *arg)
{
	(void)arg;
	if (!C.journal_failed)
		return;
	for (int i = 0; i < C.alarms.n; i++) {
		struct gh_alarm *a = &C.alarms.a[i];
		if (a->id > 0)
			continue;
		struct gh_buf b;
		struct gh_event ev;
		alarm_raised_event(a->code, a->source_kind, a->source, a->start_us, &b, &ev);
		int64_t seq = journal(&ev);	/* success runs journal_recovered */
		gh_buf_free(&b);
		if (seq > 0)
			a->id = seq;
		break;
	}
	if (C.journal_failed)
		gh_loop_at(l, gh_mono_ms() + JOURNAL_RETRY_MS, on_journal_retry, NULL);
}

void
details_open(struct gh_buf *b, struct gh_json *j)
{
	gh_buf_init(b);
	gh_json_init(j, b);
	gh_json_obj(j);
}

void
raise_alarm(const char *code, const char *source_kind, const char *source)
{
	if (gh_alarm_find(&C.alarms, code, source))
		return;	/* already active: no duplicate until acknowledged */
	struct gh_buf b;
	struct gh_event ev;
	int64_t now = gh_now_us();
	alarm_raised_event(code, source_kind, source, 0, &b, &ev);
	ev.ts_us = now;
	int64_t id = journal(&ev);
	gh_buf_free(&b);
	/* Not journalled: kept with a negative id until the journal takes it. */
	if (gh_alarm_add(&C.alarms, id > 0 ? id : -now, now, code, source_kind, source) != 0)
		log_warnx("alarm table full: %s %s not kept in memory", code, source);
}

static void
checkpoint(void)
{
	int64_t seq;
	uint8_t head[GH_HASH_LEN];
	gh_journal_head(C.journal, &seq, head);
	if (seq == C.signed_seq)
		return;
	if (gh_journal_checkpoint(C.journal, C.sk, gh_now_us()) != GH_OK) {
		log_warnx("checkpoint: %s", gh_journal_errmsg(C.journal));
		C.journal_failed = 1;
		return;
	}
	gh_journal_head(C.journal, &C.signed_seq, head);
}

static void
on_checkpoint(struct gh_loop *l, void *arg)
{
	(void)arg;
	checkpoint();
	gh_loop_at(l, gh_mono_ms() + CHECKPOINT_MS, on_checkpoint, NULL);
}

static void on_fire(const char *line, int on);

static int
rt_door_same(const struct gh_rt_door *a, const struct gh_rt_door *b)
{
	return strcmp(a->name, b->name) == 0 && strcmp(a->from_zone, b->from_zone) == 0 &&
	    strcmp(a->to_zone, b->to_zone) == 0 && strcmp(a->from_level, b->from_level) == 0 &&
	    strcmp(a->to_level, b->to_level) == 0 && a->release_s == b->release_s &&
	    a->held_s == b->held_s && a->fail_safe == b->fail_safe &&
	    strcmp(a->relay, b->relay) == 0 && strcmp(a->contact, b->contact) == 0 &&
	    strcmp(a->rex, b->rex) == 0 && strcmp(a->fire, b->fire) == 0 &&
	    strcmp(a->tamper, b->tamper) == 0;
}

static int
rt_reader_same(const struct gh_rt_reader *a, const struct gh_rt_reader *b)
{
	return strcmp(a->name, b->name) == 0 && strcmp(a->connstring, b->connstring) == 0 &&
	    a->enrollment == b->enrollment && a->door == b->door && a->side_out == b->side_out;
}

/* The site's doors or readers changed in the configuration: rebuild what changed,
 * without a restart.  Decisions never pause for it: they read the configuration live;
 * only the doors or readers that changed restart (a door's state machine starts again
 * locked; a reader reopens).  c: the `reload` request to answer, or NULL. */
static void
site_reload(struct gh_ctl_conn *c)
{
	struct gh_rt_site s;
	if (gh_site_load(C.cfg, &s) != GH_OK) {
		log_warnx("reload: %s", gh_db_errmsg(C.cfg));
		if (c)
			gh_ctl_reply(c, "error %s", gh_db_errmsg(C.cfg));
		return;
	}
	int doors = s.ndoors != C.site.ndoors, readers = s.nreaders != C.site.nreaders;
	for (int i = 0; !doors && i < s.ndoors; i++)
		doors = !rt_door_same(&s.doors[i], &C.site.doors[i]);
	for (int i = 0; !readers && i < s.nreaders; i++)
		readers = !rt_reader_same(&s.readers[i], &C.site.readers[i]);
	readers |= doors;	/* readers point at doors by index */
	if (readers)
		readers_stop();
	if (doors)
		doors_stop();
	gh_site_free(&C.site);
	C.site = s;
	if (doors) {
		if (doors_open(C.cfg, &C.site, C.doorsim) != 0)
			log_warnx("reload: the door simulator cannot be reached");
		C.doors = doors_start(C.loop, &(struct doors_hooks){ journal, raise_alarm, on_fire });
	}
	if (readers)
		readers_start();
	if (doors || readers)
		log_info("reload: %d doors, %d readers%s%s", C.site.ndoors, C.site.nreaders,
		    doors ? ", doors restarted" : "", readers ? ", readers restarted" : "");
	if (c)
		gh_ctl_reply(c, "ok %d doors, %d readers%s", C.site.ndoors, C.site.nreaders,
		    doors || readers ? " (changes applied)" : "");
}

static void
on_audit(struct gh_loop *l, void *arg)
{
	(void)arg;
	int64_t v;
	/* Only when another connection wrote the configuration. */
	if (gh_db_data_version(C.cfg, &v) == GH_OK && v != C.data_version) {
		while (gh_audit_copy(C.cfg, C.journal, 500) == 500)
			;
		C.data_version = v;
		readers_settings();
		site_reload(NULL);
	}
	gh_loop_at(l, gh_mono_ms() + 1000, on_audit, NULL);
}

/* Forwarding to the central log (R-CENTRAL): started from the settings; its state is
 * watched here, and an outage of more than a few seconds is the forwarding-failed
 * alarm (rows wait in the journal meanwhile). */
static void
forward_start(void)
{
	char target[300] = "", ca[1024] = "", name[256] = "", transport[16] = "";
	char cert[1024] = "", key[1024] = "";
	gh_setting_get(C.cfg, "syslog-cert", cert, sizeof cert);
	gh_setting_get(C.cfg, "syslog-key", key, sizeof key);
	gh_setting_get(C.cfg, "syslog-target", target, sizeof target);
	gh_setting_get(C.cfg, "syslog-ca", ca, sizeof ca);
	gh_setting_get(C.cfg, "syslog-name", name, sizeof name);
	gh_setting_get(C.cfg, "syslog-transport", transport, sizeof transport);
	struct gh_fwd_cfg cfg;
	const char *why = NULL;
	int r = gh_forward_config(target, ca, name, transport, C.journal_path, &cfg, &why);
	if (r == 1)
		return;
	if (r == 0)
		r = gh_forward_client_cert(&cfg, cert, key, &why);
	gh_strlcpy(C.fwd_target, target, sizeof C.fwd_target);
	if (r != 0 || (C.fwd = gh_forward_start(&cfg)) == NULL) {
		log_warnx("forwarding to %s: %s", target, why ? why : "cannot start");
		raise_alarm("forwarding-failed", "site", target);
	}
}

static void
on_forward(struct gh_loop *l, void *arg)
{
	(void)arg;
	if (C.fwd != NULL) {
		struct gh_fwd_status st;
		gh_forward_status(C.fwd, &st);
		if (!st.up && st.down_since_ms && gh_mono_ms() - st.down_since_ms >= 3000) {
			if (!gh_alarm_find(&C.alarms, "forwarding-failed", C.fwd_target))
				log_warnx("forwarding to %s: %s", C.fwd_target, st.error);
			raise_alarm("forwarding-failed", "site", C.fwd_target);
		}
	}
	gh_loop_at(l, gh_mono_ms() + 1000, on_forward, NULL);
}

/* R-REVIEW: the previous month's review must be signed by review-due-day (that day
 * included); from the next day until it is, the review-overdue alarm (for a site that
 * existed during that month). */
static void
on_review(struct gh_loop *l, void *arg)
{
	(void)arg;
	long due;
	if (gh_setting_long(C.cfg, "review-due-day", &due) != GH_OK)
		due = 10;
	struct gh_local now;
	gh_local_of(time(NULL), &now);
	char today[12], prev[32], first[48];
	gh_date_format(now.day, today, sizeof today);
	int y = atoi(today), m = atoi(today + 5), d = atoi(today + 8);
	snprintf(prev, sizeof prev, "%04d-%02d", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
	snprintf(first, sizeof first, "%04d-%02d-01 00:00", y, m);
	time_t month_start;
	const char *why;
	int64_t oldest_seq = 0, oldest_us = 0;
	gh_report_span(C.journal, &oldest_seq, &oldest_us);
	struct gh_table t;
	gh_table_init(&t);
	if (d > due && gh_time_parse(first, &month_start, &why) == 0 && oldest_seq > 0 &&
	    oldest_us < (int64_t)month_start * 1000000 &&
	    gh_review_get(C.cfg, prev, &t) == GH_OK && t.nrows == 0)
		raise_alarm("review-overdue", "site", prev);
	gh_table_free(&t);
	gh_loop_at(l, gh_mono_ms() + 3600 * 1000, on_review, NULL);
}

static void
on_clock(struct gh_loop *l, void *arg)
{
	(void)arg;
	struct gh_clock_sample now;
	gh_clock_sample(&now);
	int64_t jump = gh_clock_jump(&C.clock, &now, CLOCK_JUMP_TOLERANCE_US);
	if (jump != 0) {
		char details[96];
		snprintf(details, sizeof details, "{\"jump_us\":%lld}", (long long)jump);
		struct gh_event ev = { .kind = "clock-jump", .details = details };
		journal(&ev);
		raise_alarm("clock-jump", "site", "clock");
	}
	C.clock = now;
	int synced = gh_clock_synced(NULL);
	if (synced == 0 && C.clock_synced != 0)
		raise_alarm("clock-unsynced", "site", "clock");
	C.clock_synced = synced;
	gh_loop_at(l, gh_mono_ms() + CLOCK_CHECK_MS, on_clock, NULL);
}

/* Modes ------------------------------------------------------------------------------ */

/* Enter a mode (R-EMERGENCY), named by who (operator) or what (a fire input) and why.
 * Unless forced (safety: a fire input), a change the journal cannot record is
 * refused: -1. */
static int
mode_change(const char *to, const char *operator_, const char *why, int force)
{
	struct gh_buf b;
	struct gh_json j;
	details_open(&b, &j);
	gh_json_kstr(&j, "from", C.mode);
	gh_json_kstr(&j, "reason", why);
	gh_json_kstr(&j, "to", to);
	gh_json_obj_end(&j);
	struct gh_event ev = { .kind = "mode-changed", .operator_ = operator_,
		.reason = to, .details = b.s };
	int64_t seq = journal(&ev);
	gh_buf_free(&b);
	if (seq < 0 && !force)
		return -1;
	int was_evac = strcmp(C.mode, "evacuation") == 0;
	C.mode = strcmp(to, "normal") == 0 ? "normal" :
	    strcmp(to, "lockdown") == 0 ? "lockdown" : "evacuation";
	int is_evac = strcmp(C.mode, "evacuation") == 0;
	for (int i = 0; was_evac != is_evac && i < C.site.ndoors; i++) {
		/* R-EMERGENCY: fail-safe doors release in evacuation. */
		struct door_out o;
		door_step(&C.doors[i], is_evac ? DOOR_IN_EVACUATION_ON :
		    DOOR_IN_EVACUATION_OFF, gh_mono_ms(), &o);
		door_apply(i, &o, NULL, NULL);
	}
	return 0;
}

/* A fire input became active: the site goes into evacuation (no entry into restricted
 * zones, fail-safe doors released), named by the input.  Its end does not end the
 * evacuation: a guard does, with `mode normal`, once the building is safe. */
static void
on_fire(const char *line, int on)
{
	if (!on || strcmp(C.mode, "evacuation") == 0)
		return;
	char why[160];
	snprintf(why, sizeof why, "fire input %s", line);
	mode_change("evacuation", "fire-input", why, 1);
}

/* Control requests ----------------------------------------------------------------- */

static void
status(struct gh_ctl_conn *c)
{
	struct gh_buf b;
	struct gh_json j;
	char t[40];
	gh_buf_init(&b);
	gh_json_init(&j, &b);
	gh_json_obj(&j);
	gh_json_kstr(&j, "mode", C.mode);
	gh_json_kbool(&j, "journal_ok", !C.journal_failed);
	gh_json_key(&j, "clock");
	gh_json_obj(&j);
	gh_json_kstr(&j, "utc", gh_utc_format_us(gh_now_us(), t, sizeof t));
	gh_json_kstr(&j, "timezone", gh_tz_name());
	gh_json_key(&j, "synced");
	if (C.clock_synced < 0)
		gh_json_null(&j);
	else
		gh_json_bool(&j, C.clock_synced);
	gh_json_obj_end(&j);
	gh_json_key(&j, "doors");
	gh_json_arr(&j);
	for (int i = 0; i < C.site.ndoors; i++) {
		gh_json_obj(&j);
		gh_json_kstr(&j, "name", C.site.doors[i].name);
		gh_json_kstr(&j, "state", door_state_name(C.doors[i].state));
		gh_json_obj_end(&j);
	}
	gh_json_arr_end(&j);
	gh_json_key(&j, "readers");
	gh_json_arr(&j);
	for (int i = 0; i < C.site.nreaders; i++) {
		gh_json_obj(&j);
		gh_json_kstr(&j, "id", C.site.readers[i].name);
		gh_json_kstr(&j, "state", reader_state(i));
		if (reader_display(i)[0])
			gh_json_kstr(&j, "display", reader_display(i));
		gh_json_obj_end(&j);
	}
	gh_json_arr_end(&j);
	if (C.fwd != NULL) {
		struct gh_fwd_status fs;
		gh_forward_status(C.fwd, &fs);
		gh_json_key(&j, "forwarding");
		gh_json_obj(&j);
		gh_json_kstr(&j, "target", C.fwd_target);
		gh_json_kstr(&j, "state", fs.up ? "ok" : "down");
		gh_json_kint(&j, "cursor", fs.cursor);
		if (!fs.up)
			gh_json_kstr(&j, "error", fs.error);
		gh_json_obj_end(&j);
	}
	gh_json_key(&j, "presence");
	readers_presence_json(&j);
	gh_json_key(&j, "alarms");
	gh_json_arr(&j);
	for (int i = 0; i < C.alarms.n; i++) {
		const struct gh_alarm *a = &C.alarms.a[i];
		gh_json_obj(&j);
		gh_json_kint(&j, "id", a->id);
		gh_json_kstr(&j, "code", a->code);
		gh_json_kstr(&j, "source", a->source);
		gh_json_kstr(&j, "source_kind", a->source_kind);
		gh_json_kstr(&j, "start", gh_utc_format_us(a->start_us, t, sizeof t));
		gh_json_obj_end(&j);
	}
	gh_json_arr_end(&j);
	gh_json_obj_end(&j);
	gh_ctl_reply(c, "%s", b.s);
	gh_buf_free(&b);
}

int
valid_operator(struct gh_ctl_conn *c, const char *op)
{
	const char *why;
	if (gh_name_valid(op, &why) != 0) {
		gh_ctl_reply(c, "error operator name %s", why);
		return 0;
	}
	return 1;
}

static void
on_request(struct gh_ctl_conn *c, const struct gh_ctl_req *q, void *arg)
{
	(void)arg;
	const char *cmd = q->argv[0];
	if (strcmp(cmd, "status") == 0 && q->argc == 1) {
		status(c);
	} else if (strcmp(cmd, "mode") == 0) {
		if (q->argc < 4 || !q->rest[3] ||
		    (strcmp(q->argv[1], "normal") && strcmp(q->argv[1], "lockdown") &&
		    strcmp(q->argv[1], "evacuation"))) {
			gh_ctl_reply(c, "error usage: mode normal|lockdown|evacuation OPERATOR "
			    "REASON...");
			return;
		}
		if (!valid_operator(c, q->argv[2]))
			return;
		if (mode_change(q->argv[1], q->argv[2], q->rest[3], 0) != 0) {
			gh_ctl_reply(c, "error the journal cannot record the change");
			return;
		}
		gh_ctl_reply(c, "ok mode %s", C.mode);
	} else if (strcmp(cmd, "ack") == 0) {
		long id;
		if (q->argc < 4 || !q->rest[3] || gh_parse_long(q->argv[1], 1, 1L << 62, &id)) {
			gh_ctl_reply(c, "error usage: ack ALARM-ID OPERATOR COMMENT...");
			return;
		}
		if (!valid_operator(c, q->argv[2]))
			return;
		const struct gh_alarm *a = gh_alarm_get(&C.alarms, id);
		if (a == NULL) {
			gh_ctl_reply(c, "error no active alarm %ld", id);
			return;
		}
		struct gh_buf b;
		struct gh_json j;
		details_open(&b, &j);
		gh_json_kstr(&j, "alarm", a->code);
		gh_json_kint(&j, "alarm_id", id);
		gh_json_kstr(&j, "comment", q->rest[3]);
		gh_json_kint(&j, "delay_s", (gh_now_us() - a->start_us) / 1000000);
		gh_json_obj_end(&j);
		struct gh_event ev = { .kind = "alarm-acked", .operator_ = q->argv[2],
			.reason = a->code, .details = b.s };
		int64_t seq = journal(&ev);
		gh_buf_free(&b);
		if (seq < 0) {
			gh_ctl_reply(c, "error the journal cannot record the acknowledgement");
			return;
		}
		gh_alarm_ack(&C.alarms, id);
		gh_ctl_reply(c, "ok");
	} else if (strcmp(cmd, "record") == 0) {
		if (q->argc < 4 || !q->rest[3]) {
			gh_ctl_reply(c, "error usage: record KIND OPERATOR JSON");
			return;
		}
		if (!valid_operator(c, q->argv[2]))
			return;
		const char *why;
		if (gh_name_valid(q->argv[1], &why) != 0) {
			gh_ctl_reply(c, "error record kind %s", why);
			return;
		}
		/* The record's kind (login, sign-off, ...) is the event's reason. */
		struct gh_event ev = { .ts_us = gh_now_us(), .kind = "operator",
			.operator_ = q->argv[2],
			.reason = q->argv[1], .details = q->rest[3] };
		int64_t seq = journal(&ev);	/* subscribers see it too */
		if (seq < 0) {
			gh_ctl_reply(c, "error %s", gh_journal_errmsg(C.journal));
			return;
		}
		gh_ctl_reply(c, "ok %lld", (long long)seq);
	} else if (strcmp(cmd, "reload") == 0 && q->argc == 1) {
		site_reload(c);
	} else if (strcmp(cmd, "subscribe") == 0 && q->argc == 1) {
		gh_ctl_subscribe(c);
		gh_ctl_reply(c, "ok");
	} else if (strcmp(cmd, "unlock") == 0) {
		if (q->argc < 4 || !q->rest[3]) {
			gh_ctl_reply(c, "error usage: unlock DOOR OPERATOR REASON...");
			return;
		}
		if (!valid_operator(c, q->argv[2]))
			return;
		int i = door_find(q->argv[1]);
		if (i < 0) {
			gh_ctl_reply(c, "error unknown door '%s'", q->argv[1]);
			return;
		}
		if (C.doors[i].state == DOOR_OFFLINE) {
			gh_ctl_reply(c, "error door '%s' is offline", q->argv[1]);
			return;
		}
		struct door_out o;
		door_step(&C.doors[i], DOOR_IN_UNLOCK, gh_mono_ms(), &o);
		door_apply(i, &o, q->argv[2], q->rest[3]);
		gh_ctl_reply(c, "ok");
	} else if (strcmp(cmd, "forgive") == 0) {
		if (q->argc != 3) {
			gh_ctl_reply(c, "error usage: forgive PERSON-REF OPERATOR");
			return;
		}
		readers_forgive(c, q->argv[1], q->argv[2]);
	} else if (strcmp(cmd, "enroll-wait") == 0) {
		if (q->argc != 3) {
			gh_ctl_reply(c, "error usage: enroll-wait READER TIMEOUT-S");
			return;
		}
		readers_enroll_wait(c, q->argv[1], q->argv[2]);
	} else if (strcmp(cmd, "personalise") == 0) {
		if (q->argc != 3) {
			gh_ctl_reply(c, "error usage: personalise READER TIMEOUT-S");
			return;
		}
		readers_personalise(c, q->argv[1], q->argv[2]);
	} else {
		gh_ctl_reply(c, "error unknown request '%s'", cmd);
	}
}

static void
on_gone(struct gh_ctl_conn *c, void *arg)
{
	(void)arg;
	readers_conn_gone(c);
}

static void
on_signal(struct gh_loop *l, int fd, short revents, void *arg)
{
	(void)revents;
	(void)arg;
	struct signalfd_siginfo si;
	if (read(fd, &si, sizeof si) != (ssize_t)sizeof si)
		return;
	if (si.ssi_signo == SIGHUP) {
		site_reload(NULL);	/* as the `reload` request */
		return;
	}
	log_info("signal %u: stopping", si.ssi_signo);
	gh_loop_stop(l);
}

static void
usage(void)
{
	fprintf(stderr, "usage: gatehouse-controller [--db FILE] [--journal FILE] "
	    "[--control PATH] [--control-group GROUP] [--user USER] [--door-sim PATH]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "journal", required_argument, NULL, 'j' },
		{ "control", required_argument, NULL, 'c' },
		{ "user", required_argument, NULL, 'u' },
		{ "control-group", required_argument, NULL, 'g' },
		{ "door-sim", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbp = getenv("GATEHOUSE_DB"), *jp = getenv("GATEHOUSE_JOURNAL");
	const char *control = "/run/gatehouse/control", *user = NULL, *doorsim = NULL;
	const char *cgroup = NULL;
	int ch;
	setlocale(LC_CTYPE, "C.UTF-8");
	gh_log_init("gatehouse-controller");
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': dbp = optarg; break;
		case 'j': jp = optarg; break;
		case 'c': control = optarg; break;
		case 'u': user = optarg; break;
		case 'g': cgroup = optarg; break;
		case 's': doorsim = optarg; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (dbp == NULL || !*dbp)
		dbp = "/var/lib/gatehouse/config.db";
	if (jp == NULL || !*jp)
		jp = "/var/lib/gatehouse/journal.db";
	char err[600], dir[1024], skp[1024], pkp[1024];
	if (sodium_init() < 0)
		fatalx("libsodium failed to initialise");
	/* Everything that needs privileges is opened first. */
	if (gh_db_open(&C.cfg, dbp, GH_DB_READONLY, err, sizeof err) != GH_OK)
		fatalx("%s", err);
	if (gh_journal_open(&C.journal, jp, 0, err, sizeof err) != GH_OK)
		fatalx("%s (the journal is left untouched)", err);
	/* A damaged journal is reported and left as it is: never written to, never
	 * replaced.  Doors stay in their fail state until someone looks. */
	if (gh_journal_integrity(C.journal, err, sizeof err) != GH_OK)
		fatalx("the journal %s is damaged (%s); it is left untouched: restore it from a "
		    "backup or the central log, or keep it as evidence and start a new one", jp,
		    err);
	gh_signkey_paths(jp, dir, skp, pkp, sizeof dir);
	if (gh_signkey_load_secret(skp, C.sk, err, sizeof err) != GH_OK)
		fatalx("%s", err);
	if (gh_site_load(C.cfg, &C.site) != GH_OK)
		fatalx("loading the site: %s", gh_db_errmsg(C.cfg));
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	C.loop = gh_loop_new();
	/* Door I/O drivers (doors.c); a door without working I/O is offline, locked. */
	C.doorsim = doorsim;
	C.journal_path = jp;
	if (doors_open(C.cfg, &C.site, doorsim) != 0)
		fatalx("cannot reach the door simulator at %s", doorsim);
	/* The control socket's group: the only one the web service shares with us. */
	gid_t cgid = (gid_t)-1;
	if (cgroup != NULL) {
		struct group *gr = getgrnam(cgroup);
		if (gr == NULL)
			fatalx("no such group %s", cgroup);
		cgid = gr->gr_gid;
	}
	C.ctl = gh_ctl_listen(C.loop, control, cgid, on_request, on_gone, NULL);
	if (C.ctl == NULL)
		fatalx("cannot serve the control socket %s", control);
	if (user && getuid() == 0 && gh_drop_privileges(user) != 0)
		fatalx("refusing to run as root");
	C.mode = "normal";
	gh_alarms_init(&C.alarms);
	gh_clock_sample(&C.clock);
	C.clock_synced = gh_clock_synced(NULL);
	gh_loop_fd(C.loop, sfd, POLLIN, on_signal, NULL);
	C.doors = doors_start(C.loop, &(struct doors_hooks){ journal, raise_alarm, on_fire });
	readers_start();
	/* Sign what a crash may have left unsigned, then catch up with the audit trail. */
	uint8_t head[GH_HASH_LEN];
	gh_journal_head(C.journal, &C.signed_seq, head);
	C.signed_seq = -1;
	checkpoint();
	C.data_version = -1;
	on_audit(C.loop, NULL);
	gh_loop_at(C.loop, gh_mono_ms() + CHECKPOINT_MS, on_checkpoint, NULL);
	gh_loop_at(C.loop, gh_mono_ms() + CLOCK_CHECK_MS, on_clock, NULL);
	forward_start();
	gh_loop_at(C.loop, gh_mono_ms() + 1000, on_forward, NULL);
	on_review(C.loop, NULL);
	log_info("running: %d doors, %d readers, control socket %s", C.site.ndoors,
	    C.site.nreaders, control);
	int rc = gh_loop_run(C.loop);
	readers_stop();
	checkpoint();	/* at shutdown, so verify sees no unsigned tail */
	gh_forward_wake(C.fwd);
	gh_forward_stop(C.fwd);
	/* The doors leave the loop before it goes (their relays keep their levels). */
	doors_stop();
	gh_ctl_free(C.ctl);
	gh_loop_free(C.loop);
	gh_journal_close(C.journal);
	gh_db_close(C.cfg);
	gh_site_free(&C.site);
	sodium_memzero(C.sk, sizeof C.sk);
	return rc == 0 ? 0 : 3;
}
