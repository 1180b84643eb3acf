/* R-RIGHTS-AUDIT: audit-trail rows written to the configuration database (by the
 * command line or the web UI) are copied into the journal in order, as `rights-change`
 * events, so rights changes are chained, signed and forwarded like access events. */
#ifndef GH_AUDITCOPY_H
#define GH_AUDITCOPY_H

#include "db/db.h"
#include "db/journal.h"

#define GH_AUDIT_CURSOR "audit"

/* Copy up to `max` new audit rows; returns how many (>= 0), or -1 on failure (logged;
 * nothing is lost: the cursor moves in the same transaction as the rows). */
int gh_audit_copy(struct gh_db *cfg, struct gh_journal *j, int max);

#endif
