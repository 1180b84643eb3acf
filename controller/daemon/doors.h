/* The controller's doors: one state machine per door (controller/door.h), driven
 * through the door I/O drivers (hardware/doorio/doorio.h). */
#ifndef GH_DAEMON_DOORS_H
#define GH_DAEMON_DOORS_H

#include <stdint.h>

#include "controller/door.h"
#include "controller/loop.h"
#include "db/db.h"
#include "db/journal.h"
#include "db/runtime.h"

/* What the doors need from the rest of the controller. */
struct doors_hooks {
	int64_t (*journal)(struct gh_event *ev);	/* seq, or -1 */
	void (*raise_alarm)(const char *code, const char *source_kind, const char *source);
	/* A fire input changed (after its doors were handled); may be NULL. */
	void (*fire)(const char *line, int on);
};

/* Open the drivers the site's lines name, while the controller still has its
 * privileges (GPIO chips), and read input-debounce-ms.  sim_path (--door-sim) may be
 * NULL; when it is given and the simulator cannot be reached, returns -1 and the
 * controller stops, as it always did.  A GPIO chip that cannot be opened is logged
 * with the reason, and its doors start offline. */
int doors_open(struct gh_db *cfg, const struct gh_rt_site *site, const char *sim_path);
/* Declare every door's lines, start each door locked (a door with no line, or whose
 * driver failed, offline), watch the inputs in loop l.  The state machines, one per
 * site->doors[i], stay the doors module's. */
struct door_sm *doors_start(struct gh_loop *l, const struct doors_hooks *h);
/* Journal what door i did, raise its alarm, then move its lock: a release is on disk
 * before the relay moves (R-TRACE). */
void door_apply(int i, const struct door_out *o, const char *operator_, const char *reason);
/* A granted badge at door i: release it (the grant is already on disk). */
void door_grant(int i);
/* The index of the door with that name, or -1. */
int door_find(const char *name);
void doors_stop(void);

#endif
