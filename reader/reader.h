/* Badge readers through libnfc: one thread per reader, the only one that talks to its
 * device (libnfc does not lock a pty and libfreefare is not thread-safe).  It polls for
 * ISO14443A targets and hands what it sees to the controller's loop as fixed-size
 * records on a pipe (atomic writes: smaller than PIPE_BUF).
 *
 * A card left on the reader is reported once; again after it has left.  A reader that
 * disappears is reported offline and reopened with back-off (1 s doubling to 30 s);
 * online when it returns. */
#ifndef GH_READER_H
#define GH_READER_H

#include <stdint.h>

#include "controller/util.h"

enum gh_reader_ev_type {
	GH_RD_CARD = 1,		/* a card was presented */
	GH_RD_ONLINE,
	GH_RD_OFFLINE,
	GH_RD_JOB,		/* a job (gh_reader_job) ran on a card */
};

struct gh_reader_ev {
	enum gh_reader_ev_type type;
	int reader;		/* the index given at start */
	int64_t ts_us;		/* UTC when seen */
	int64_t mono_ms;	/* monotonic, for latency */
	char kind[8];		/* "uid" (or "desfire" once secure reading is on) */
	char credential[GH_CRED_MAX];
	char uid[24];		/* card UID, upper-case hex */
	int auth_failed;	/* a secure credential failed to authenticate */
	char why[128];		/* offline: libnfc's reason; a failed job: why */
	int job;		/* GH_RD_JOB: the job's id */
	int job_failed;		/* GH_RD_JOB: the job refused or failed the card */
};

/* Secure credential reading (DESFire) plugs in here: called by the reader thread with
 * the open device and the selected target; fills ev->kind/credential or sets
 * auth_failed.  NULL: UID only. */
struct nfc_device;
typedef void (*gh_reader_secure_fn)(struct nfc_device *dev, const uint8_t *uid,
    size_t uidlen, struct gh_reader_ev *ev, void *arg);

struct gh_reader;
/* Start a reader thread; events are written to fd. NULL on failure (logged). */
struct gh_reader *gh_reader_start(int index, const char *name, const char *connstring,
    int fd, gh_reader_secure_fn secure, void *secure_arg);
/* Stop and join the thread (at most about one poll period). */
void gh_reader_stop(struct gh_reader *r);

/* A one-shot job for the reader's thread (only it talks to the device): on the next
 * card presented, instead of reading it, run fn(dev, uid, uidlen, ev, arg); ev (type
 * GH_RD_JOB, ev->job = id, ev->uid filled) then goes to the loop.  Personalising a
 * badge at an enrollment reader is such a job.  One job at a time: -1 when one is
 * pending.  arg must live until the job's record arrives or gh_reader_job_cancel
 * returns 1. */
int gh_reader_job(struct gh_reader *r, int id, gh_reader_secure_fn fn, void *arg);
/* Cancel job id if it has not started: 1 cancelled, 0 it ran or is running. */
int gh_reader_job_cancel(struct gh_reader *r, int id);

#endif
