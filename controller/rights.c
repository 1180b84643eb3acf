/* R-RIGHTS-REPORT: a person's rights from their grants, the public zones and, for
 * visitors and contractors, the restricted zones they may enter under escort.  See
 * controller/rights.h. */
#include <stdlib.h>
#include <string.h>

#include "controller/rights.h"
#include "controller/schedule.h"

static const char *
val(const struct gh_table *t, int r, const char *col)
{
	return gh_table_value(t, r, col);
}

static struct gh_right *
add(struct gh_rights *rs, const char *zone, const char *level, const char *condition)
{
	struct gh_right *r = &rs->r[rs->n++];
	memset(r, 0, sizeof *r);
	r->zone = zone;
	r->level = level;
	r->condition = condition;
	return r;
}

int
gh_rights_get(struct gh_db *db, const char *ref, struct gh_rights *rs)
{
	int rc;
	memset(rs, 0, sizeof *rs);
	gh_table_init(&rs->who);
	gh_table_init(&rs->rules);
	gh_table_init(&rs->pub);
	gh_table_init(&rs->restricted);
	if ((rc = gh_person_get(db, ref, &rs->who)) != GH_OK ||
	    (rc = gh_person_rights(db, ref, &rs->rules)) != GH_OK ||
	    (rc = gh_public_zones(db, &rs->pub)) != GH_OK ||
	    (rc = gh_restricted_zones(db, &rs->restricted)) != GH_OK)
		return rc;
	rs->kind = val(&rs->who, 0, "kind");
	rs->active = strcmp(val(&rs->who, 0, "status"), "active") == 0;
	if (!rs->active)
		return GH_OK;
	int escorted = strcmp(rs->kind, "staff") != 0;
	int n = rs->pub.nrows + (escorted ? rs->restricted.nrows : rs->rules.nrows);
	if ((rs->r = calloc((size_t)(n ? n : 1), sizeof *rs->r)) == NULL)
		return GH_EFAIL;
	for (int i = 0; i < rs->pub.nrows; i++)
		add(rs, val(&rs->pub, i, "zone"), "public", "any-valid-badge");
	for (int i = 0; escorted && i < rs->restricted.nrows; i++)
		add(rs, val(&rs->restricted, i, "zone"), val(&rs->restricted, i, "level"),
		    strcmp(rs->kind, "contractor") == 0 ? "escorted-by-vetted-staff" :
		    "escorted");
	for (int i = 0; !escorted && i < rs->rules.nrows; i++) {
		struct gh_right *r = add(rs, val(&rs->rules, i, "zone"),
		    val(&rs->rules, i, "level"), "schedule");
		r->profile = val(&rs->rules, i, "profile");
		r->schedule = val(&rs->rules, i, "schedule");
		const char *hc = val(&rs->rules, i, "holidays_closed");
		r->holidays_closed = hc != NULL && strcmp(hc, "0") != 0;
		r->valid_from = val(&rs->rules, i, "valid_from");
		r->valid_until = val(&rs->rules, i, "valid_until");
		struct gh_window w[GH_RIGHT_WINDOWS];
		int nw = 0;
		gh_schedule_windows(db, r->schedule, w, GH_RIGHT_WINDOWS, &nw);
		for (int k = 0; k < nw; k++)
			gh_window_format(&w[k], r->windows[k], sizeof r->windows[k]);
		r->nwindows = nw;
	}
	return GH_OK;
}

void
gh_rights_free(struct gh_rights *rs)
{
	free(rs->r);
	gh_table_free(&rs->who);
	gh_table_free(&rs->rules);
	gh_table_free(&rs->pub);
	gh_table_free(&rs->restricted);
	memset(rs, 0, sizeof *rs);
}
