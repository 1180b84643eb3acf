/* What the parts of gatehouse-controller share: the one loop's state and the helpers
 * that journal, raise alarms and move doors.  Everything here runs on the loop's
 * thread; reader threads only write records to a pipe. */
#ifndef GH_DAEMON_H
#define GH_DAEMON_H

#include <stdint.h>

#include "controller/alarm.h"
#include "controller/clock.h"
#include "controller/control.h"
#include "controller/daemon/doors.h"
#include "controller/door.h"
#include "controller/forward.h"
#include "controller/json.h"
#include "controller/loop.h"
#include "db/journal.h"
#include "db/runtime.h"

struct controller {
	struct gh_loop *loop;
	struct gh_db *cfg;
	struct gh_journal *journal;
	struct gh_ctl *ctl;
	uint8_t sk[GH_SIGN_SK_LEN];
	struct gh_rt_site site;
	struct gh_alarms alarms;
	const char *mode;
	char mode_by[GH_NAME_MAX_BYTES];
	int64_t signed_seq;		/* head seq at the last checkpoint */
	int journal_failed;
	int clock_synced;
	struct gh_clock_sample clock;
	int64_t data_version;
	struct door_sm *doors;		/* one per C.site.doors[i] (doors.c) */
	const char *doorsim;		/* --door-sim, or NULL */
	const char *journal_path;
	struct gh_forward *fwd;		/* the central log's forwarder, NULL when none */
	char fwd_target[300];
};

extern struct controller C;
/* Journal events in one transaction (group commit) and tell the subscribers.  Returns
 * the first seq, or -1 (then C.journal_failed is set unless an event was malformed). */
int64_t journal_batch(struct gh_event *ev, int n);
int64_t journal(struct gh_event *ev);
/* Start an event's details object: gh_json_obj_end, use b->s, then gh_buf_free. */
void details_open(struct gh_buf *b, struct gh_json *j);
void raise_alarm(const char *code, const char *source_kind, const char *source);
int valid_operator(struct gh_ctl_conn *c, const char *op);

/* Readers (readers.c): threads started from C.site.readers, their records handled on
 * the loop: decisions, escort pairing, presence, brute force, enrollment. */
void readers_start(void);
void readers_stop(void);
/* "online", "offline" or "starting". */
const char *reader_state(int i);
/* What the reader shows besides its decisions: "waiting for escort", "locked out",
 * or "". */
const char *reader_display(int i);
/* The settings the readers use, re-read when the configuration changes. */
void readers_settings(void);
/* Control requests: forgive PERSON OPERATOR, enroll-wait READER TIMEOUT-S,
 * personalise READER TIMEOUT-S. */
void readers_personalise(struct gh_ctl_conn *c, const char *reader, const char *timeout);
void readers_forgive(struct gh_ctl_conn *c, const char *person, const char *op);
void readers_enroll_wait(struct gh_ctl_conn *c, const char *reader, const char *timeout);
void readers_conn_gone(struct gh_ctl_conn *c);
/* Who is where (the last zone each person entered since the presence-reset), as a
 * JSON array of {person, zone[, escort]} for `status`. */
void readers_presence_json(struct gh_json *j);

#endif
