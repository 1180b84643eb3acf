/* What the controller loads from the configuration database to run the site: doors
 * with their zones and I/O lines, readers with their door and side; the audit trail
 * as a cursor; SQLite's data_version to notice changes. */
#ifndef GH_RUNTIME_H
#define GH_RUNTIME_H

#include <stdint.h>

#include "controller/util.h"
#include "db/db.h"

struct gh_rt_door {
	int64_t id;
	char name[GH_NAME_MAX_BYTES];
	char from_zone[GH_NAME_MAX_BYTES], to_zone[GH_NAME_MAX_BYTES];
	char from_level[12], to_level[12];
	int release_s, held_s, fail_safe;
	char relay[100], contact[100], rex[100];	/* "" when not wired */
	char fire[100], tamper[100];			/* "" when not wired */
};

struct gh_rt_reader {
	char name[GH_NAME_MAX_BYTES];
	char connstring[1024];
	int enrollment;
	int door;		/* index into doors, -1 for none */
	int side_out;		/* 1: reads people entering the door's from-zone */
};

struct gh_rt_site {
	struct gh_rt_door *doors;
	int ndoors;
	struct gh_rt_reader *readers;
	int nreaders;
};

int gh_site_load(struct gh_db *db, struct gh_rt_site *s);
void gh_site_free(struct gh_rt_site *s);
/* PRAGMA data_version: changes when another connection commits. */
int gh_db_data_version(struct gh_db *db, int64_t *v);
/* Audit rows with id > after_id, oldest first, at most limit (id, ts, actor, action,
 * object, before, after). */
int gh_audit_after(struct gh_db *db, int64_t after_id, int limit, struct gh_table *t);

#endif
