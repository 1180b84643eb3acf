/* The monthly review (R-REVIEW): the month's access to restricted zones, its alarms,
 * rights changes, unused access, cloneable badges in use, modes and unlocks, and the
 * journal's verification, in the site time zone; as JSON, CSV or printable HTML, all
 * from the same sections; and its sign-off and check.  See controller/review.h. */
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "controller/json.h"
#include "controller/review.h"
#include "controller/timeutil.h"
#include "db/journal.h"
#include "db/report.h"
#include "webui/ctl.h"
#include "webui/escape.h"

#define MAXCOLS 10

/* The "generated" time and the journal's head written into a report; set to make a
 * stored one again. */
static __thread char generated[40];
static __thread int64_t bound_seq;
#define UNUSED_DAYS 60

struct section {
	const char *name, *title;
	int ncols;
	const char *cols[MAXCOLS];
	int nrows, cap;
	char **cells;		/* nrows * ncols */
};

static void
sec_init(struct section *s, const char *name, const char *title, const char *cols)
{
	memset(s, 0, sizeof *s);
	s->name = name;
	s->title = title;
	char *c = strdup(cols);
	for (char *p = strtok(c, ","); p && s->ncols < MAXCOLS; p = strtok(NULL, ","))
		s->cols[s->ncols++] = p;
}

static void
sec_free(struct section *s)
{
	for (int i = 0; i < s->nrows * s->ncols; i++)
		free(s->cells[i]);
	free(s->cells);
	if (s->ncols > 0)
		free((char *)s->cols[0]);	/* the strdup'd list the names point into */
}

static void
sec_row(struct section *s, ...)
{
	va_list ap;
	if (s->nrows == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->cells = realloc(s->cells, sizeof *s->cells * (size_t)s->cap * (size_t)s->ncols);
		if (s->cells == NULL)
			fatalx("out of memory");
	}
	va_start(ap, s);
	for (int k = 0; k < s->ncols; k++) {
		const char *v = va_arg(ap, const char *);
		s->cells[s->nrows * s->ncols + k] = strdup(v ? v : "");
	}
	va_end(ap);
	s->nrows++;
}

static const char *
cell(const struct section *s, int r, int c)
{
	return s->cells[r * s->ncols + c];
}

static char *
local_us(int64_t us, char *buf, size_t len)
{
	return gh_local_format((time_t)(us / 1000000), buf, len);
}

/* Strings to indexes, hashed (FNV-1a, open addressing): the one pass looks up a
 * person, a badge and a zone for each of millions of rows. */
struct strmap {
	size_t cap;		/* a power of two, at least twice the keys */
	const char **key;
	int *val;
};

static uint32_t
str_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
strmap_init(struct strmap *m, int n)
{
	m->cap = 16;
	while (m->cap < 2 * (size_t)n)
		m->cap *= 2;
	m->key = calloc(m->cap, sizeof *m->key);
	m->val = calloc(m->cap, sizeof *m->val);
	if (m->key == NULL || m->val == NULL)
		fatalx("out of memory");
}

/* The first value put under a key stays. */
static void
strmap_put(struct strmap *m, const char *k, int v)
{
	size_t i = str_hash(k) & (m->cap - 1);
	while (m->key[i] != NULL) {
		if (strcmp(m->key[i], k) == 0)
			return;
		i = (i + 1) & (m->cap - 1);
	}
	m->key[i] = k;
	m->val[i] = v;
}

static int
strmap_get(const struct strmap *m, const char *k)
{
	if (k == NULL || m->key == NULL)
		return -1;
	size_t i = str_hash(k) & (m->cap - 1);
	while (m->key[i] != NULL) {
		if (strcmp(m->key[i], k) == 0)
			return m->val[i];
		i = (i + 1) & (m->cap - 1);
	}
	return -1;
}

static void
strmap_free(struct strmap *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof *m);
}

/* People by reference (column 0): the report looks a person up for every row it
 * lists. */
static __thread struct {
	const struct gh_table *t;
	struct strmap map;
} pix;

static int
person_row(const struct gh_table *people, const char *ref)
{
	if (ref == NULL || people->nrows == 0)
		return -1;
	if (pix.t != people) {
		strmap_free(&pix.map);
		pix.t = people;
		strmap_init(&pix.map, people->nrows);
		for (int i = 0; i < people->nrows; i++)
			if (gh_table_cell(people, i, 0) != NULL)
				strmap_put(&pix.map, gh_table_cell(people, i, 0), i);
	}
	return strmap_get(&pix.map, ref);
}

/* name, kind, org of a person */
static const char *
person_field(const struct gh_table *people, const char *ref, const char *col)
{
	int r = person_row(people, ref);
	const char *v = r >= 0 ? gh_table_value(people, r, col) : NULL;
	return v ? v : "";
}

static const char *
zone_level(const struct gh_table *zones, const char *zone)
{
	for (int i = 0; zone && i < zones->nrows; i++)
		if (strcmp(gh_table_value(zones, i, "name"), zone) == 0)
			return gh_table_value(zones, i, "level");
	return "";
}

static int
is_holiday(const struct gh_table *hol, gh_day d)
{
	char buf[12];
	gh_date_format(d, buf, sizeof buf);
	for (int i = 0; i < hol->nrows; i++)
		if (strcmp(gh_table_value(hol, i, "day"), buf) == 0)
			return 1;
	return 0;
}

/* ---- output ---- */

static __thread int64_t bound_now;

/* Each writer builds its text in a buffer handed to the file a megabyte at a time: a
 * month's report is tens of megabytes. */
static void
spill(struct gh_buf *b, FILE *f, int all)
{
	if (b->len > 0 && (all || b->len >= (1u << 20))) {
		fwrite(b->s, 1, b->len, f);
		gh_buf_reset(b);
	}
}

static void
out_json(FILE *f, const char *month, const char *site, struct section *s, int n)
{
	struct gh_buf b;
	struct gh_json j;
	char t[40];
	gh_buf_init(&b);
	gh_json_init(&j, &b);
	gh_json_obj(&j);
	gh_json_kstr(&j, "report", "monthly");
	gh_json_kstr(&j, "month", month);
	gh_json_kstr(&j, "site", site);
	gh_json_kstr(&j, "timezone", gh_tz_name());
	gh_json_kint(&j, "journal_head_seq", bound_now);
	gh_json_kstr(&j, "generated_utc", generated[0] ? generated :
	    gh_utc_format_us(gh_now_us(), t, sizeof t));
	for (int i = 0; i < n; i++) {
		gh_json_key(&j, s[i].name);
		gh_json_arr(&j);
		for (int r = 0; r < s[i].nrows; r++) {
			gh_json_obj(&j);
			for (int c = 0; c < s[i].ncols; c++)
				gh_json_kstr(&j, s[i].cols[c], cell(&s[i], r, c));
			gh_json_obj_end(&j);
			spill(&b, f, 0);
		}
		gh_json_arr_end(&j);
	}
	gh_json_obj_end(&j);
	gh_buf_puts(&b, "\n");
	spill(&b, f, 1);
	gh_buf_free(&b);
}

static void
out_csv(FILE *f, struct section *s, int n)
{
	struct gh_buf b;
	gh_buf_init(&b);
	gh_buf_puts(&b, "\"section\",\"row\",\"field\",\"value\"\r\n");
	for (int i = 0; i < n; i++)
		for (int r = 0; r < s[i].nrows; r++)
			for (int c = 0; c < s[i].ncols; c++) {
				web_csv(&b, s[i].name);
				gh_buf_printf(&b, ",%d,", r + 1);
				web_csv(&b, s[i].cols[c]);
				gh_buf_puts(&b, ",");
				web_csv(&b, cell(&s[i], r, c));
				gh_buf_puts(&b, "\r\n");
				spill(&b, f, 0);
			}
	spill(&b, f, 1);
	gh_buf_free(&b);
}

/* Entries per day of the month for one zone, as bars (SVG drawn here). */
static void
chart(struct gh_buf *b, const long count[31], int days)
{
	long max = 1;
	for (int d = 0; d < days; d++)
		if (count[d] > max)
			max = count[d];
	int w = 12, h = 80;
	gh_buf_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "role=\"img\" aria-label=\"entries per day\">", days * w, h + 14, days * w * 2,
	    (h + 14) * 2);
	for (int d = 0; d < days; d++) {
		int bh = (int)(count[d] * h / max);
		gh_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1d3557\">"
		    "<title>%d: %ld</title></rect>", d * w + 1, h - bh, w - 2, bh, d + 1, count[d]);
		if (d % 5 == 0)
			gh_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"8\">%d</text>",
			    d * w + 1, h + 11, d + 1);
	}
	gh_buf_puts(b, "</svg>");
}

/* When people enter a zone: a heat map of the hour of the week (rows Monday..Sunday,
 * columns 00..23), darker for more entries. */
static void
heatmap(struct gh_buf *b, const long n[7][24])
{
	long max = 1;
	for (int d = 0; d < 7; d++)
		for (int h = 0; h < 24; h++)
			if (n[d][h] > max)
				max = n[d][h];
	static const char *const days[7] = { "lun", "mar", "mer", "jeu", "ven", "sam", "dim" };
	gh_buf_puts(b, "<svg class=\"heat\" viewBox=\"0 0 270 92\" width=\"540\" height=\"184\" "
	    "role=\"img\" aria-label=\"entries by hour of the week\">");
	for (int d = 0; d < 7; d++) {
		gh_buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"7\">%s</text>", 17 + d * 10,
		    days[d]);
		for (int h = 0; h < 24; h++) {
			int shade = (int)(255 - n[d][h] * 200 / max);
			gh_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"9\" height=\"9\" "
			    "fill=\"rgb(%d,%d,255)\"><title>%s %02dh: %ld</title></rect>", 24 + h * 10,
			    10 + d * 10, shade, shade, days[d], h, n[d][h]);
		}
	}
	for (int h = 0; h < 24; h += 3)
		gh_buf_printf(b, "<text x=\"%d\" y=\"8\" font-size=\"6\">%02d</text>", 24 + h * 10, h);
	gh_buf_puts(b, "</svg>");
}

/* The month's decisions per zone, decision and reason (as the pass counted them). */
struct dec_count {
	const char *zone;	/* the zone's name (or an owned copy for an unknown zone) */
	int owned;
	char decision[12], reason[40];
	long n;
};

/* Refusals by reason, as horizontal bars, from the zones section. */
static void
refusal_bars(struct gh_buf *b, const struct dec_count *dec, int ndec)
{
	struct { char reason[32]; long n; } r[32];
	int nr = 0;
	long max = 1;
	for (int i = 0; i < ndec; i++) {
		if (strcmp(dec[i].decision, "refused") != 0)
			continue;
		const char *why = dec[i].reason;
		int k;
		for (k = 0; k < nr; k++)
			if (strcmp(r[k].reason, why) == 0)
				break;
		if (k == nr) {
			if (nr == 32)
				continue;
			snprintf(r[nr].reason, sizeof r[0].reason, "%.31s", why);
			r[nr++].n = 0;
		}
		r[k].n += dec[i].n;
		if (r[k].n > max)
			max = r[k].n;
	}
	if (nr == 0)
		return;
	gh_buf_printf(b, "<svg class=\"bars\" viewBox=\"0 0 300 %d\" width=\"600\" "
	    "height=\"%d\" role=\"img\" aria-label=\"refusals by reason\">", nr * 12 + 4,
	    (nr * 12 + 4) * 2);
	for (int k = 0; k < nr; k++) {
		gh_buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"8\">", k * 12 + 10);
		web_html(b, r[k].reason);
		gh_buf_printf(b, "</text><rect x=\"120\" y=\"%d\" width=\"%ld\" height=\"9\" "
		    "fill=\"#9b1c1c\"/><text x=\"%ld\" y=\"%d\" font-size=\"8\">%ld</text>",
		    k * 12 + 2, 1 + r[k].n * 150 / max, 124 + r[k].n * 150 / max, k * 12 + 10, r[k].n);
	}
	gh_buf_puts(b, "</svg>");
}

/* What one pass over the month's grants counted per zone, for the charts. */
struct zone_counts {
	const char *name, *level;
	long per_day[31];
	long per_hour[7][24];
};

static void
out_html(FILE *f, const char *month, const char *site, struct section *s, int n,
    const struct zone_counts *zc, int nz, int days, const struct dec_count *dec, int ndec)
{
	struct gh_buf b;
	gh_buf_init(&b);
	gh_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
	    "<title>Revue mensuelle ");
	web_html(&b, month);
	gh_buf_puts(&b, "</title><style>@page{size:A4;margin:15mm}body{font-family:sans-serif;"
	    "font-size:10pt}section{page-break-before:always}section:first-of-type{"
	    "page-break-before:auto}table{border-collapse:collapse;width:100%}th,td{border:1px "
	    "solid #999;padding:2px 4px;text-align:start}th{background:#eee}</style></head><body>"
	    "<h1>Revue mensuelle des accès — ");
	web_html(&b, site);
	gh_buf_puts(&b, ", ");
	web_html(&b, month);
	gh_buf_puts(&b, "</h1><p>Fuseau horaire : ");
	web_html(&b, gh_tz_name());
	gh_buf_puts(&b, "</p>");
	for (int i = 0; i < n; i++) {
		gh_buf_puts(&b, "<section><h2>");
		web_html(&b, s[i].title);
		gh_buf_puts(&b, "</h2>");
		if (strcmp(s[i].name, "zones") == 0) {
			for (int z = 0; z < nz; z++)
				if (strcmp(zc[z].level, "sensitive") == 0) {
					gh_buf_puts(&b, "<h3>");
					web_html(&b, zc[z].name);
					gh_buf_puts(&b, " : entrées par jour</h3>");
					chart(&b, zc[z].per_day, days);
					gh_buf_puts(&b, "<h3>");
					web_html(&b, zc[z].name);
					gh_buf_puts(&b, " : entrées par heure de la semaine</h3>");
					heatmap(&b, (const long (*)[24])zc[z].per_hour);
				}
			gh_buf_puts(&b, "<h3>Refus par motif</h3>");
			refusal_bars(&b, dec, ndec);
		}
		if (s[i].nrows == 0) {
			gh_buf_puts(&b, "<p>Rien ce mois-ci.</p></section>");
			continue;
		}
		gh_buf_puts(&b, "<table><tr>");
		for (int c = 0; c < s[i].ncols; c++) {
			gh_buf_puts(&b, "<th>");
			web_html(&b, s[i].cols[c]);
			gh_buf_puts(&b, "</th>");
		}
		gh_buf_puts(&b, "</tr>");
		for (int r = 0; r < s[i].nrows; r++) {
			gh_buf_puts(&b, "<tr>");
			for (int c = 0; c < s[i].ncols; c++) {
				gh_buf_puts(&b, "<td>");
				web_html(&b, cell(&s[i], r, c));
				gh_buf_puts(&b, "</td>");
			}
			gh_buf_puts(&b, "</tr>");
			spill(&b, f, 0);
		}
		gh_buf_puts(&b, "</table></section>");
	}
	gh_buf_puts(&b, "</body></html>\n");
	spill(&b, f, 1);
	gh_buf_free(&b);
}

/* ---- the report ---- */


int
gh_month_valid(const char *month, int *y, int *m)
{
	char tail;
	return month != NULL && strlen(month) == 7 && sscanf(month, "%4d-%2d%c", y, m,
	    &tail) == 2 && *m >= 1 && *m <= 12 && *y >= 1970;
}

/* The month's access decisions, counted and listed in one pass
 * (gh_report_each_access). */
struct cred_count {
	char *credential;
	int person;		/* row in the people table */
	long n;
};

struct ent_cell {
	long n;
	int64_t first, last;
};

/* Who entered where, for a zone or a person the configuration no longer knows. */
struct ent_extra {
	char *zone, *person;
	struct ent_cell c;
};

struct ent_out {
	const char *zone, *person;
	long n;
	int64_t first, last;
};

struct grant_pass {
	struct zone_counts *zc;
	int nz;
	const struct gh_table *people, *hol;
	gh_day first;
	int days;
	char holiday[31];	/* per day of the month */
	struct section *unusual, *escorted;
	struct cred_count *cred;
	int ncred;
	long *granted;		/* per zone */
	struct dec_count *dec;	/* the rest (refusals, unknown zones), then all */
	int ndec, capdec;
	struct ent_cell *cells;	/* zone * people rows */
	struct ent_extra *extra;
	int nextra, capextra;
	struct strmap zmap;	/* zone indexes by name */
	struct strmap cmap;	/* UID badges by credential: index in cred */
	/* A person's usual hours, learnt from the month itself: restricted entries per
	 * person (row) and hour of the day, with the first entry of each hour. */
	struct usual { int total; unsigned short n[24]; int64_t us[24]; short zone[24]; } *usual;
	/* A visitor's escorted entry whose time inside is not known yet: the row in the
	 * escorted section, the zone, the time (per person row; row -1 when none). */
	struct inside { int row, zone; int64_t us; } *inside;
};

/* An entry is outside a person's usual hours when the person entered restricted zones
 * at least USUAL_MIN times in the month and this is their only entry in that hour of
 * the day (and it is not already night, weekend or holiday). */
#define USUAL_MIN 10

static void
count_decision(struct grant_pass *g, int z, const char *zn, const char *decision,
    const char *reason, long n)
{
	const char *zname = z >= 0 ? g->zc[z].name : zn;
	for (int i = 0; i < g->ndec; i++)
		if (strcmp(g->dec[i].zone, zname) == 0 && strcmp(g->dec[i].decision, decision) == 0
		    && strcmp(g->dec[i].reason, reason ? reason : "") == 0) {
			g->dec[i].n += n;
			return;
		}
	if (g->ndec == g->capdec) {
		g->capdec = g->capdec ? 2 * g->capdec : 64;
		g->dec = realloc(g->dec, sizeof *g->dec * (size_t)g->capdec);
		if (g->dec == NULL)
			fatalx("out of memory");
	}
	struct dec_count *d = &g->dec[g->ndec++];
	d->owned = z < 0;
	d->zone = z >= 0 ? zname : strdup(zname);
	snprintf(d->decision, sizeof d->decision, "%s", decision);
	snprintf(d->reason, sizeof d->reason, "%s", reason ? reason : "");
	d->n = n;
}

static void
count_entry(struct grant_pass *g, int z, const char *zn, const char *p, int64_t us)
{
	int pr = person_row(g->people, p);
	struct ent_cell *c = NULL;
	if (z >= 0 && pr >= 0) {
		c = &g->cells[(size_t)z * (size_t)g->people->nrows + (size_t)pr];
	} else {
		for (int i = 0; i < g->nextra && c == NULL; i++)
			if (strcmp(g->extra[i].zone, zn) == 0 && strcmp(g->extra[i].person, p) == 0)
				c = &g->extra[i].c;
		if (c == NULL) {
			if (g->nextra == g->capextra) {
				g->capextra = g->capextra ? 2 * g->capextra : 16;
				g->extra = realloc(g->extra, sizeof *g->extra * (size_t)g->capextra);
				if (g->extra == NULL)
					fatalx("out of memory");
			}
			struct ent_extra *e = &g->extra[g->nextra++];
			e->zone = strdup(zn);
			e->person = strdup(p);
			memset(&e->c, 0, sizeof e->c);
			c = &e->c;
		}
	}
	if (c->n == 0 || us < c->first)
		c->first = us;
	if (c->n == 0 || us > c->last)
		c->last = us;
	c->n++;
}

/* A zone's index by name, -1 if unknown. */
static int
zone_index(struct grant_pass *g, const char *zn)
{
	if (zn == NULL)
		return -1;
	if (g->zmap.key == NULL) {
		strmap_init(&g->zmap, g->nz);
		for (int i = 0; i < g->nz; i++)
			if (g->zc[i].name != NULL)
				strmap_put(&g->zmap, g->zc[i].name, i);
	}
	return strmap_get(&g->zmap, zn);
}

static void
on_access(void *ctx, const struct gh_access_row *r)
{
	struct grant_pass *g = ctx;
	const char *zn = r->zone, *p = r->person, *esc = r->escort, *cred = r->credential;
	int64_t us = r->ts_us;
	int z = zone_index(g, zn);
	int granted = r->decision && strcmp(r->decision, "granted") == 0;
	if (zn != NULL) {
		if (granted && z >= 0)
			g->granted[z]++;
		else
			count_decision(g, z, zn, r->decision, r->reason, 1);
	}
	if (!granted)
		return;
	if (zn != NULL && p != NULL)
		count_entry(g, z, zn, p, us);
	char t1[40];
	struct gh_local l;
	gh_local_of((time_t)(us / 1000000), &l);
	int d = l.day - g->first;
	if (z >= 0) {
		if (d >= 0 && d < g->days && d < 31)
			g->zc[z].per_day[d]++;
		g->zc[z].per_hour[l.weekday][l.sec_of_day / 3600]++;
	}
	if (cred != NULL && g->ncred > 0) {
		int k = strmap_get(&g->cmap, cred);
		if (k >= 0)
			g->cred[k].n++;
	}
	/* Entering another zone is leaving the one before: an escorted visit's time
	 * inside, where readers tell (an exit reader's grant enters the zone outside). */
	int prow = p != NULL && g->inside ? person_row(g->people, p) : -1;
	if (prow >= 0 && g->inside[prow].row >= 0 && g->inside[prow].zone != z) {
		char secs[24];
		snprintf(secs, sizeof secs, "%lld", (long long)((us - g->inside[prow].us) / 1000000));
		char **cell = &g->escorted->cells[g->inside[prow].row * g->escorted->ncols +
		    g->escorted->ncols - 1];
		free(*cell);
		*cell = strdup(secs);
		g->inside[prow].row = -1;
	}
	if (p == NULL || z < 0 || (strcmp(g->zc[z].level, "sensitive") &&
	    strcmp(g->zc[z].level, "private")))
		return;
	int hol = d >= 0 && d < g->days && d < 31 ? g->holiday[d] : is_holiday(g->hol, l.day);
	const char *w = l.sec_of_day < 7 * 3600 || l.sec_of_day >= 20 * 3600 ? "night" :
	    l.weekday >= 5 ? "weekend" : hol ? "holiday" : NULL;
	if (w != NULL)
		sec_row(g->unusual, local_us(us, t1, sizeof t1), zn, p,
		    person_field(g->people, p, "name"), w);
	int pr = g->usual ? prow : -1;
	if (pr >= 0) {
		struct usual *u = &g->usual[pr];
		int h = l.sec_of_day / 3600;
		u->total++;
		if (w == NULL && u->n[h]++ == 0) {
			u->us[h] = us;
			u->zone[h] = (short)z;
		} else if (w != NULL) {
			u->n[h] += 2;	/* an hour already reported is not reported again */
		}
	}
	const char *kind = person_field(g->people, p, "kind");
	if ((esc && *esc) || strcmp(kind, "staff") != 0) {
		sec_row(g->escorted, local_us(us, t1, sizeof t1), zn, p,
		    person_field(g->people, p, "org"), kind, esc ? esc : "", "");
		if (prow >= 0) {
			g->inside[prow].row = g->escorted->nrows - 1;
			g->inside[prow].zone = z;
			g->inside[prow].us = us;
		}
	}
}

static int
dec_cmp(const void *a, const void *b)
{
	const struct dec_count *x = a, *y = b;
	int c = strcmp(x->zone, y->zone);
	if (c == 0)
		c = strcmp(x->decision, y->decision);
	if (c == 0)
		c = x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
	return c ? c : strcmp(x->reason, y->reason);
}

/* The grants counted per zone join the rest; by zone, decision, most frequent first. */
static void
decisions_sort(struct grant_pass *g)
{
	for (int z = 0; z < g->nz; z++)
		if (g->granted[z] > 0)
			count_decision(g, z, g->zc[z].name, "granted", "granted", g->granted[z]);
	if (g->ndec > 0)
		qsort(g->dec, (size_t)g->ndec, sizeof *g->dec, dec_cmp);
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct ent_out *x = a, *y = b;
	int c = strcmp(x->zone, y->zone);
	return c ? c : strcmp(x->person, y->person);
}

static struct ent_out *
entrants_sorted(struct grant_pass *g, const struct gh_table *people, int *n)
{
	size_t cap = (size_t)g->nextra + 16, k = 0;
	struct ent_out *o = malloc(sizeof *o * cap);
	for (int z = 0; o && z < g->nz; z++)
		for (int pr = 0; pr < people->nrows; pr++) {
			struct ent_cell *c = &g->cells[(size_t)z * (size_t)people->nrows + (size_t)pr];
			if (c->n == 0)
				continue;
			if (k == cap && (o = realloc(o, sizeof *o * (cap *= 2))) == NULL)
				break;
			o[k++] = (struct ent_out){ g->zc[z].name, gh_table_cell(people, pr, 0), c->n,
				c->first, c->last };
		}
	for (int i = 0; o && i < g->nextra; i++) {
		if (k == cap && (o = realloc(o, sizeof *o * (cap *= 2))) == NULL)
			break;
		o[k++] = (struct ent_out){ g->extra[i].zone, g->extra[i].person, g->extra[i].c.n,
			g->extra[i].c.first, g->extra[i].c.last };
	}
	if (o == NULL)
		fatalx("out of memory");
	qsort(o, k, sizeof *o, ent_cmp);
	*n = (int)k;
	return o;
}

static void
grant_pass_free(struct grant_pass *g)
{
	for (int i = 0; i < g->ndec; i++)
		if (g->dec[i].owned)
			free((char *)g->dec[i].zone);
	free(g->dec);
	for (int i = 0; i < g->nextra; i++) {
		free(g->extra[i].zone);
		free(g->extra[i].person);
	}
	free(g->extra);
	free(g->cells);
	free(g->granted);
	free(g->usual);
	free(g->inside);
	strmap_free(&g->zmap);
	strmap_free(&g->cmap);
	free(g->zc);
}

/* Last entries by (person, zone), sorted for lookups. */
struct last_ix {
	int n;
	struct last_key { const char *person, *zone; int64_t us; } *k;
};

static int
last_cmp(const void *a, const void *b)
{
	const struct last_key *x = a, *y = b;
	int c = strcmp(x->person, y->person);
	return c ? c : strcmp(x->zone, y->zone);
}

static void
last_ix_init(struct last_ix *ix, const struct gh_table *t)
{
	ix->n = 0;
	ix->k = malloc(sizeof *ix->k * (size_t)(t->nrows ? t->nrows : 1));
	if (ix->k == NULL)
		fatalx("out of memory");
	for (int i = 0; i < t->nrows; i++) {
		const char *p = gh_table_value(t, i, "person"), *z = gh_table_value(t, i, "zone");
		if (p == NULL || z == NULL)
			continue;
		ix->k[ix->n++] = (struct last_key){ p, z, atoll(gh_table_value(t, i, "last_us")) };
	}
	qsort(ix->k, (size_t)ix->n, sizeof *ix->k, last_cmp);
}

static void
last_ix_from_entrants(struct last_ix *ix, const struct ent_out *e, int n)
{
	ix->n = 0;
	ix->k = malloc(sizeof *ix->k * (size_t)(n ? n : 1));
	if (ix->k == NULL)
		fatalx("out of memory");
	for (int i = 0; i < n; i++)
		ix->k[ix->n++] = (struct last_key){ e[i].person, e[i].zone, e[i].last };
	qsort(ix->k, (size_t)ix->n, sizeof *ix->k, last_cmp);
}

/* The last entry's time, 0 for none. */
static int64_t
last_ix_get(const struct last_ix *ix, const char *person, const char *zone)
{
	struct last_key key = { person, zone, 0 };
	if (person == NULL || zone == NULL || ix->n == 0)
		return 0;
	const struct last_key *k = bsearch(&key, ix->k, (size_t)ix->n, sizeof *ix->k, last_cmp);
	return k ? k->us : 0;
}

static void
last_ix_free(struct last_ix *ix)
{
	free(ix->k);
	ix->k = NULL;
	ix->n = 0;
}

/* A period's verification on its own read-only connection, in a thread of its own
 * (review.h). */
static void *
verify_main(void *arg)
{
	struct gh_verify_job *vj = arg;
	char dir[1024], skp[1024], pkp[1024], err[600];
	uint8_t pk[GH_SIGN_PK_LEN];
	struct gh_journal *j;
	memset(&vj->v, 0, sizeof vj->v);
	vj->ok = 0;
	gh_signkey_paths(vj->path, dir, skp, pkp, sizeof dir);
	if (gh_signkey_load_public(pkp, pk, err, sizeof err) != GH_OK) {
		snprintf(vj->v.why, sizeof vj->v.why, "%.200s", err);
		return NULL;
	}
	memcpy(vj->pk, pk, sizeof pk);
	vj->have_pk = 1;
	if (gh_journal_open(&j, vj->path, GH_JOURNAL_READONLY, err, sizeof err) != GH_OK) {
		snprintf(vj->v.why, sizeof vj->v.why, "%.200s", err);
		return NULL;
	}
	vj->ok = gh_journal_verify_period(j, pk, vj->since, vj->until, vj->head, &vj->v) ==
	    GH_OK && vj->v.ok;
	gh_journal_close(j);
	return NULL;
}

void
gh_verify_period_start(struct gh_verify_job *vj, const char *journal, int64_t since, int64_t until,
    int64_t head)
{
	memset(vj, 0, sizeof *vj);
	vj->path = journal;
	vj->since = since;
	vj->until = until;
	vj->head = head;
	vj->started = pthread_create(&vj->thread, NULL, verify_main, vj) == 0;
}

void
gh_verify_period_finish(struct gh_verify_job *vj)
{
	if (vj->started)
		pthread_join(vj->thread, NULL);
	else
		verify_main(vj);
	vj->started = 0;
}

int
gh_report_monthly(struct gh_db *db, struct gh_report_req *rq, struct gh_buf *out, char *err,
    size_t errlen)
{
	int y, m;
	const char *month = rq->month, *fmt = rq->format ? rq->format : "html";
	rq->verified = 0;
	rq->head_seq = 0;
	if (!gh_month_valid(month, &y, &m)) {
		snprintf(err, errlen, "the month must be YYYY-MM");
		return GH_EINPUT;
	}
	/* The site's time zone is the process's (set by the caller). */
	char site[300] = "";
	gh_setting_get(db, "site-name", site, sizeof site);
	snprintf(generated, sizeof generated, "%s", rq->generated_utc ? rq->generated_utc : "");
	bound_seq = rq->bound_seq;
	/* The month in the site's zone. */
	time_t since, until;
	const char *why;
	char d1[32], d2[32];
	snprintf(d1, sizeof d1, "%04d-%02d-01 00:00", y, m);
	snprintf(d2, sizeof d2, "%04d-%02d-01 00:00", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	if (gh_time_parse(d1, &since, &why) != 0 || gh_time_parse(d2, &until, &why) != 0) {
		snprintf(err, errlen, "%s", why);
		return GH_EINPUT;
	}
	int64_t s_us = (int64_t)since * 1000000, u_us = (int64_t)until * 1000000;
	gh_day first;
	snprintf(d1, sizeof d1, "%04d-%02d-01", y, m);
	gh_date_parse(d1, &first);
	snprintf(d2, sizeof d2, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	gh_day next;
	gh_date_parse(d2, &next);
	int days = next - first;
	/* Who holds access at the month's end (a grant ended before it, or begun after it,
	 * is no access to remove). */
	char last_day[12];
	gh_date_format(next - 1, last_day, sizeof last_day);

	struct gh_journal *j;
	if (gh_journal_open(&j, rq->journal_path, GH_JOURNAL_READONLY, err, errlen) != GH_OK)
		return GH_EFAIL;
	int64_t head = bound_seq;
	if (head == 0) {
		uint8_t hh[GH_HASH_LEN];
		gh_journal_head(j, &head, hh);
	}
	gh_report_bound(head);
	bound_now = head;
	rq->head_seq = head;
	struct gh_table zones, people, hol, alarms, ops, rights, last, older, holders;
	struct gh_table *all[] = { &zones, &people, &hol, &alarms, &ops, &rights, &last,
		&older, &holders };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		gh_table_init(all[i]);
	/* Who could have been in a sensitive zone in the last 60 days: the scan covers
	 * those days only; the older past is read for the holders it did not find. */
	int64_t unused_from = u_us - (int64_t)UNUSED_DAYS * 86400 * 1000000;
	int64_t span_first = 0, span_last = -1;
	if (gh_zone_list(db, &zones) != GH_OK || gh_report_people(db, &people) != GH_OK ||
	    gh_holiday_list(db, &hol) != GH_OK || gh_report_zone_holders(db, last_day, &holders) ||
	    gh_report_alarms(j, s_us, u_us, &alarms) || gh_report_operations(j, s_us, u_us, &ops) ||
	    gh_report_rights(j, s_us, u_us, &rights) ||
	    gh_report_seq_span(j, s_us, u_us, &span_first, &span_last)) {
		snprintf(err, errlen, "reading the month: %s", gh_db_errmsg(db));
		for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
			gh_table_free(all[i]);
		gh_journal_close(j);
		return GH_EFAIL;
	}
	enum { S_ZONES, S_ENTRANTS, S_UNUSUAL, S_ESCORTED, S_ALARMS, S_RIGHTS, S_UNUSED,
		S_CLONEABLE, S_OPS, S_JOURNAL, NSEC };
	struct section s[NSEC];
	sec_init(&s[S_ZONES], "zones", "Zones restreintes : entrées accordées et refusées",
	    "zone,level,granted,refused,refusals");
	sec_init(&s[S_ENTRANTS], "entrants", "Qui est entré",
	    "zone,person,name,org,kind,entries,first,last");
	sec_init(&s[S_UNUSUAL], "unusual", "Entrées à des heures inhabituelles (nuit 20h-7h, "
	    "week-end, jours fériés, hors des heures habituelles de la personne)",
	    "time,zone,person,name,why");
	sec_init(&s[S_ESCORTED], "escorted", "Visites accompagnées et tiers (R-ESCORT, "
	    "R-SUPERVISION)", "time,zone,visitor,org,kind,escort,inside_s");
	sec_init(&s[S_ALARMS], "alarms", "Alarmes et acquittements",
	    "id,code,source,raised,acked_by,acked,delay_s,comment");
	sec_init(&s[S_RIGHTS], "rights_changes", "Changements de droits (piste d'audit)",
	    "time,operator,action,object");
	sec_init(&s[S_UNUSED], "unused_access", "Accès sensibles inutilisés depuis 60 jours "
	    "(candidats au retrait)", "person,name,zone,last_entry");
	sec_init(&s[S_CLONEABLE], "cloneable_in_use", "Badges UID (clonables) utilisés",
	    "credential,person,entries");
	sec_init(&s[S_OPS], "operations", "Modes et ouvertures à distance",
	    "time,kind,door,operator,mode,reason");
	sec_init(&s[S_JOURNAL], "journal", "Vérification du journal", "item,value");

	char t1[40], t2[40], n1[24], n2[24], n3[24];
	/* The month's rows, chained from the signed checkpoint before it to the one
	 * after it (`gatehouse verify` checks the whole journal), are verified on a
	 * connection of their own in a second thread while this one reads the month. */
	struct gh_verify_job vj;
	gh_verify_period_start(&vj, rq->journal_path, s_us, u_us, head);
	/* Every access decision of the month, in one pass: the counts per zone and reason,
	 * who entered, unusual times, escorted visits, cloneable badges, the charts. */
	struct grant_pass g = { .people = &people, .first = first, .days = days,
		.unusual = &s[S_UNUSUAL], .escorted = &s[S_ESCORTED] };
	g.nz = zones.nrows;
	g.zc = calloc((size_t)(g.nz ? g.nz : 1), sizeof *g.zc);
	g.cells = calloc((size_t)(g.nz ? g.nz : 1) * (size_t)(people.nrows ? people.nrows : 1),
	    sizeof *g.cells);
	g.granted = calloc((size_t)(g.nz ? g.nz : 1), sizeof *g.granted);
	g.usual = calloc((size_t)(people.nrows ? people.nrows : 1), sizeof *g.usual);
	g.inside = calloc((size_t)(people.nrows ? people.nrows : 1), sizeof *g.inside);
	if (g.zc == NULL || g.cells == NULL || g.granted == NULL || g.usual == NULL ||
	    g.inside == NULL)
		fatalx("out of memory");
	for (int i = 0; i < people.nrows; i++)
		g.inside[i].row = -1;
	for (int z = 0; z < g.nz; z++) {
		g.zc[z].name = gh_table_value(&zones, z, "name");
		g.zc[z].level = gh_table_value(&zones, z, "level");
	}
	for (int d = 0; d < days && d < 31; d++)
		g.holiday[d] = (char)is_holiday(&hol, first + d);
	g.hol = &hol;
	person_row(&people, "");	/* the people index, built once */
	/* UID badges, in the people's order, with a sorted index to count them by. */
	for (int pi = 0; pi < people.nrows; pi++) {
		const char *badges = gh_table_value(&people, pi, "badges");
		if (badges == NULL)
			continue;
		char *copy = strdup(badges), *save = NULL;
		for (char *bk = strtok_r(copy, " ", &save); bk; bk = strtok_r(NULL, " ", &save)) {
			char *colon = strchr(bk, ':');
			if (colon == NULL || strcmp(colon + 1, "uid") != 0)
				continue;
			*colon = '\0';
			if (g.ncred % 256 == 0) {
				g.cred = realloc(g.cred, sizeof *g.cred * (size_t)(g.ncred + 256));
				if (g.cred == NULL)
					fatalx("out of memory");
			}
			g.cred[g.ncred].credential = strdup(bk);
			g.cred[g.ncred].person = pi;
			g.cred[g.ncred++].n = 0;
		}
		free(copy);
	}
	strmap_init(&g.cmap, g.ncred);
	for (int i = 0; i < g.ncred; i++)
		strmap_put(&g.cmap, g.cred[i].credential, i);
	if (span_last >= span_first &&
	    gh_report_each_access(j, s_us, u_us, span_first, span_last, on_access, &g) != GH_OK) {
		snprintf(err, errlen, "reading the month: %s", gh_db_errmsg(db));
		gh_verify_period_finish(&vj);
		gh_journal_close(j);
		return GH_EFAIL;	/* (the month's tables are freed by the process) */
	}
	decisions_sort(&g);
	/* Then the entries outside each person's usual hours, by person. */
	for (int pr = 0; pr < people.nrows; pr++) {
		const struct usual *u = &g.usual[pr];
		if (u->total < USUAL_MIN)
			continue;
		for (int h = 0; h < 24; h++)
			if (u->n[h] == 1)
				sec_row(&s[S_UNUSUAL], local_us(u->us[h], t1, sizeof t1),
				    g.zc[u->zone[h]].name, gh_table_cell(&people, pr, 0),
				    gh_table_value(&people, pr, "name"),
				    "outside the person's usual hours");
	}
	/* Zones: sensitive first, then private. */
	for (int pass = 0; pass < 2; pass++)
		for (int z = 0; z < zones.nrows; z++) {
			const char *zn = gh_table_value(&zones, z, "name"), *lv = gh_table_value(&zones, z, "level");
			if (strcmp(lv, pass ? "private" : "sensitive") != 0)
				continue;
			long granted = 0, refused = 0;
			struct gh_buf why_b;
			gh_buf_init(&why_b);
			gh_buf_puts(&why_b, "");
			for (int i = 0; i < g.ndec; i++) {
				if (strcmp(g.dec[i].zone, zn) != 0)
					continue;
				long k = g.dec[i].n;
				if (strcmp(g.dec[i].decision, "granted") == 0) {
					granted += k;
				} else {
					refused += k;
					gh_buf_printf(&why_b, "%s%s: %ld", why_b.len ? "; " : "",
					    g.dec[i].reason, k);
				}
			}
			snprintf(n1, sizeof n1, "%ld", granted);
			snprintf(n2, sizeof n2, "%ld", refused);
			sec_row(&s[S_ZONES], zn, lv, n1, n2, why_b.s);
			gh_buf_free(&why_b);
		}
	/* Who entered each restricted zone: by zone, then person. */
	int nent = 0;
	struct ent_out *eo = entrants_sorted(&g, &people, &nent);
	for (int i = 0; i < nent; i++) {
		if (strcmp(zone_level(&zones, eo[i].zone), "public") == 0)
			continue;
		snprintf(n1, sizeof n1, "%ld", eo[i].n);
		sec_row(&s[S_ENTRANTS], eo[i].zone, eo[i].person,
		    person_field(&people, eo[i].person, "name"),
		    person_field(&people, eo[i].person, "org"),
		    person_field(&people, eo[i].person, "kind"), n1,
		    local_us(eo[i].first, t1, sizeof t1), local_us(eo[i].last, t2, sizeof t2));
	}
	for (int i = 0; i < g.ncred; i++) {
		if (g.cred[i].n > 0) {
			snprintf(n1, sizeof n1, "%ld", g.cred[i].n);
			sec_row(&s[S_CLONEABLE], g.cred[i].credential,
			    gh_table_cell(&people, g.cred[i].person, 0), n1);
		}
		free(g.cred[i].credential);
	}
	free(g.cred);
	/* Unused sensitive access: holders with no entry there in the 60 days to the
	 * month's end; their last entry before, if any, from the older past. */
	struct last_ix month_ix, recent = { 0 }, past = { 0 };
	last_ix_from_entrants(&month_ix, eo, nent);
	int need = 0;
	for (int h = 0; h < holders.nrows && !need; h++)
		need = strcmp(gh_table_value(&holders, h, "level"), "sensitive") == 0 &&
		    last_ix_get(&month_ix, gh_table_value(&holders, h, "person"),
		    gh_table_value(&holders, h, "zone")) == 0;
	/* Only when a holder did not enter this month: the days before it in the 60, then
	 * the older past for those still not found. */
	if (need && gh_report_last_entries(j, unused_from, s_us, &last) != GH_OK)
		need = -1;
	last_ix_init(&recent, &last);
	int need_past = 0;
	for (int h = 0; need > 0 && h < holders.nrows && !need_past; h++) {
		const char *p = gh_table_value(&holders, h, "person"), *zn = gh_table_value(&holders, h, "zone");
		need_past = strcmp(gh_table_value(&holders, h, "level"), "sensitive") == 0 &&
		    last_ix_get(&month_ix, p, zn) == 0 && last_ix_get(&recent, p, zn) == 0;
	}
	if (need < 0 || (need_past && gh_report_last_entries(j, 0, unused_from, &older) != GH_OK)) {
		snprintf(err, errlen, "reading the journal: %s", gh_db_errmsg(db));
		gh_verify_period_finish(&vj);
		gh_journal_close(j);
		return GH_EFAIL;
	}
	last_ix_init(&past, &older);
	for (int h = 0; h < holders.nrows; h++) {
		if (strcmp(gh_table_value(&holders, h, "level"), "sensitive") != 0)
			continue;
		const char *p = gh_table_value(&holders, h, "person"), *zn = gh_table_value(&holders, h, "zone");
		if (last_ix_get(&month_ix, p, zn) != 0 || last_ix_get(&recent, p, zn) != 0)
			continue;
		int64_t last_us = last_ix_get(&past, p, zn);
		sec_row(&s[S_UNUSED], p, gh_table_value(&holders, h, "name"), zn,
		    last_us ? local_us(last_us, t1, sizeof t1) : "never");
	}
	last_ix_free(&month_ix);
	last_ix_free(&recent);
	last_ix_free(&past);
	free(eo);
	for (int i = 0; i < alarms.nrows; i++) {
		int64_t r_us = atoll(gh_table_value(&alarms, i, "raised_us"));
		const char *a = gh_table_value(&alarms, i, "acked_us");
		int64_t a_us = a ? atoll(a) : 0;
		snprintf(n1, sizeof n1, "%lld", a ? (long long)((a_us - r_us) / 1000000) : -1LL);
		sec_row(&s[S_ALARMS], gh_table_value(&alarms, i, "id"), gh_table_value(&alarms, i, "code"),
		    gh_table_value(&alarms, i, "source"), local_us(r_us, t1, sizeof t1),
		    a ? gh_table_value(&alarms, i, "acked_by") : "NOT ACKNOWLEDGED",
		    a ? local_us(a_us, t2, sizeof t2) : "", a ? n1 : "",
		    gh_table_value(&alarms, i, "comment"));
	}
	for (int i = 0; i < rights.nrows; i++)
		sec_row(&s[S_RIGHTS], local_us(atoll(gh_table_value(&rights, i, "ts_us")), t1, sizeof t1),
		    gh_table_value(&rights, i, "operator"), gh_table_value(&rights, i, "action"),
		    gh_table_value(&rights, i, "object"));
	for (int i = 0; i < ops.nrows; i++) {
		/* A mode change's reason code is the mode, its text in the details; a
		 * momentary unlock's text is its reason. */
		int mode = strcmp(gh_table_value(&ops, i, "kind"), "mode-changed") == 0;
		sec_row(&s[S_OPS], local_us(atoll(gh_table_value(&ops, i, "ts_us")), t1, sizeof t1),
		    gh_table_value(&ops, i, "kind"), gh_table_value(&ops, i, "door"), gh_table_value(&ops, i, "operator"),
		    mode ? gh_table_value(&ops, i, "reason") : "",
		    mode ? gh_table_value(&ops, i, "why") : gh_table_value(&ops, i, "reason"));
	}
	/* The journal: verified (by the thread started above), and whether part of the
	 * month is purged. */
	gh_verify_period_finish(&vj);
	struct gh_verify v = vj.v;
	int vok = vj.ok;
	int64_t oldest_seq = 0, oldest_us = 0, purged_seq = 0, purged_us = 0;
	gh_report_span(j, &oldest_seq, &oldest_us);
	gh_report_purged(j, &purged_seq, &purged_us);
	/* Purged into the month when the last purged row is of the month or later; a
	 * purge that did not record that time (older versions) is judged by the oldest
	 * row kept. */
	int purged = purged_seq > 0 && (purged_us ? purged_us >= s_us : oldest_us > s_us);
	snprintf(n1, sizeof n1, "%lld", (long long)head);
	snprintf(n3, sizeof n3, "%lld", (long long)oldest_seq);
	sec_row(&s[S_JOURNAL], "verification", vok ? "ok" : v.why[0] ? v.why : "failed");
	snprintf(n2, sizeof n2, "%lld", (long long)(v.events + v.checkpoints));
	sec_row(&s[S_JOURNAL], "rows verified (the month, between two signed checkpoints)", n2);
	sec_row(&s[S_JOURNAL], "journal head (seq) when made", n1);
	sec_row(&s[S_JOURNAL], "oldest row kept (seq)", n3);
	sec_row(&s[S_JOURNAL], "oldest row kept (time)",
	    oldest_us ? local_us(oldest_us, t1, sizeof t1) : "");
	sec_row(&s[S_JOURNAL], "part of the month purged", purged ? "yes" : "no");
	gh_journal_close(j);

	/* The writers stream to a FILE; here one in memory, appended to out. */
	char *mem = NULL;
	size_t memlen = 0;
	FILE *f = open_memstream(&mem, &memlen);
	if (f == NULL)
		fatalx("out of memory");
	if (strcmp(fmt, "json") == 0)
		out_json(f, month, site, s, NSEC);
	else if (strcmp(fmt, "csv") == 0)
		out_csv(f, s, NSEC);
	else
		out_html(f, month, site, s, NSEC, g.zc, g.nz, days, g.dec, g.ndec);
	int rc = fclose(f) == 0 ? GH_OK : GH_EFAIL;
	if (rc == GH_OK)
		gh_buf_add(out, mem, memlen);
	else
		snprintf(err, errlen, "out of memory writing the report");
	free(mem);
	grant_pass_free(&g);
	strmap_free(&pix.map);	/* the people index dies with its table */
	pix.t = NULL;
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		gh_table_free(all[i]);
	for (int i = 0; i < NSEC; i++)
		sec_free(&s[i]);
	rq->verified = vok;
	return rc;
}


/* ---- sign-off ---- */

int
gh_file_sha256(const char *path, char hexd[65])
{
	char *buf;
	size_t len;
	unsigned char d[32];
	if (gh_read_file(path, (size_t)1 << 30, &buf, &len) != 0)
		return -1;
	crypto_hash_sha256(d, (const unsigned char *)buf, len);
	free(buf);
	sodium_bin2hex(hexd, 65, d, sizeof d);
	return 0;
}

void
gh_reviews_dir(const char *db_path, char *out, size_t len)
{
	const char *slash = strrchr(db_path, '/');
	snprintf(out, len, "%.*sreviews", slash ? (int)(slash - db_path + 1) : 0, db_path);
}

static int
write_file(const char *path, const struct gh_buf *b)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return -1;
	size_t n = b->len ? fwrite(b->s, 1, b->len, f) : 0;
	return fclose(f) != 0 || n != b->len ? -1 : 0;
}

int
gh_review_sign(struct gh_db *db, struct gh_signoff *s, char *err, size_t errlen)
{
	int y, m;
	const char *why;
	if (!gh_month_valid(s->month, &y, &m) || s->officer == NULL || s->findings == NULL) {
		snprintf(err, errlen, "a month (YYYY-MM), an officer and findings are required");
		return GH_EINPUT;
	}
	if (strpbrk(s->officer, "\"\r\n\t") != NULL) {
		snprintf(err, errlen, "the officer's name cannot be said on the control socket");
		return GH_EINPUT;
	}
	if (gh_text_valid(s->findings, &why) != 0) {
		snprintf(err, errlen, "findings %s", why);
		return GH_EINPUT;
	}
	/* The officer is an operator holding the officer role (R-LEAST-PRIVILEGE). */
	struct gh_operator o;
	int officer = gh_operator_get(db, s->officer, &o) == GH_OK &&
	    strstr(o.roles, "officer") != NULL && !o.disabled;
	sodium_memzero(&o, sizeof o);
	if (!officer) {
		snprintf(err, errlen, "'%s' is not an active officer", s->officer);
		return GH_EINPUT;
	}
	struct gh_table t;
	gh_table_init(&t);
	int done = gh_review_get(db, s->month, &t) == GH_OK && t.nrows > 0;
	gh_table_free(&t);
	if (done) {
		snprintf(err, errlen, "the review of %s is already signed", s->month);
		return GH_EINPUT;
	}
	char dir[1100];
	gh_reviews_dir(s->db_path, dir, sizeof dir);
	if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return GH_EFAIL;
	}
	snprintf(s->html, sizeof s->html, "%s/review-%s.html", dir, s->month);
	snprintf(s->json, sizeof s->json, "%s/review-%s.json", dir, s->month);
	/* One generation time and one journal head for both files. */
	char generated[40];
	gh_utc_format_us(gh_now_us(), generated, sizeof generated);
	struct gh_report_req rq = { .month = s->month, .format = "json",
		.journal_path = s->journal_path, .generated_utc = generated };
	struct gh_buf html, json;
	gh_buf_init(&html);
	gh_buf_init(&json);
	int rc = gh_report_monthly(db, &rq, &json, err, errlen);
	if (rc == GH_OK && rq.verified) {
		rq.format = "html";
		rq.bound_seq = rq.head_seq;
		rc = gh_report_monthly(db, &rq, &html, err, errlen);
	}
	if (rc == GH_OK && !rq.verified) {
		snprintf(err, errlen, "the journal does not verify: nothing signed");
		rc = GH_EINPUT;
	}
	if (rc == GH_OK && (write_file(s->html, &html) != 0 || write_file(s->json, &json) != 0)) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		rc = GH_EFAIL;
	}
	gh_buf_free(&html);
	gh_buf_free(&json);
	if (rc != GH_OK)
		return rc;
	chmod(s->html, 0440);
	chmod(s->json, 0440);
	if (gh_file_sha256(s->html, s->html_sha256) != 0 ||
	    gh_file_sha256(s->json, s->json_sha256) != 0) {
		snprintf(err, errlen, "reading back the evidence failed");
		return GH_EFAIL;
	}
	/* The sign-off in the journal first: a review signed is one the auditor sees. */
	struct gh_buf b, line;
	struct gh_json j;
	gh_buf_init(&b);
	gh_json_init(&j, &b);
	gh_json_obj(&j);
	gh_json_kstr(&j, "findings", s->findings);
	gh_json_kstr(&j, "html_sha256", s->html_sha256);
	gh_json_kstr(&j, "json_sha256", s->json_sha256);
	gh_json_kstr(&j, "month", s->month);
	gh_json_obj_end(&j);
	gh_buf_init(&line);
	gh_buf_printf(&line, "record review-signoff \"%s\" %s", s->officer, b.s);
	char ans[600];
	rc = web_ctl(s->control ? s->control : "/run/gatehouse/control", line.s, ans, sizeof ans,
	    5000);
	gh_buf_free(&b);
	gh_buf_free(&line);
	if (rc != 0 || strncmp(ans, "ok", 2) != 0) {
		snprintf(err, errlen, "the controller did not journal the sign-off (%s): nothing "
		    "signed", ans);
		return GH_EFAIL;
	}
	gh_strlcpy(s->journal, ans[2] ? ans + 3 : "", sizeof s->journal);
	struct gh_review r = { s->month, s->officer, s->findings, s->html, s->html_sha256,
		s->json, s->json_sha256 };
	if ((rc = gh_review_add(db, &r)) != GH_OK)
		snprintf(err, errlen, "%s", gh_db_errmsg(db));
	return rc;
}

int
gh_review_state(struct gh_db *db, const char *journal_path, const char *month,
    int compare, struct gh_review_state *st, char *err, size_t errlen)
{
	memset(st, 0, sizeof *st);
	struct gh_table t;
	gh_table_init(&t);
	if (gh_review_get(db, month, &t) != GH_OK) {
		snprintf(err, errlen, "%s", gh_db_errmsg(db));
		gh_table_free(&t);
		return GH_EFAIL;
	}
	if (t.nrows == 0) {
		gh_table_free(&t);
		return GH_OK;
	}
	st->is_signed = 1;
	gh_strlcpy(st->officer, gh_table_value(&t, 0, "officer"), sizeof st->officer);
	gh_strlcpy(st->signed_at, gh_table_value(&t, 0, "signed_at"), sizeof st->signed_at);
	gh_strlcpy(st->html, gh_table_value(&t, 0, "html_path"), sizeof st->html);
	gh_strlcpy(st->json, gh_table_value(&t, 0, "json_path"), sizeof st->json);
	gh_strlcpy(st->html_sha256, gh_table_value(&t, 0, "html_sha256"),
	    sizeof st->html_sha256);
	gh_strlcpy(st->json_sha256, gh_table_value(&t, 0, "json_sha256"),
	    sizeof st->json_sha256);
	gh_table_free(&t);
	char hh[65], hj[65];
	st->intact = gh_file_sha256(st->html, hh) == 0 && strcmp(hh, st->html_sha256) == 0 &&
	    gh_file_sha256(st->json, hj) == 0 && strcmp(hj, st->json_sha256) == 0;
	if (!st->intact)
		return GH_OK;
	char *stored;
	size_t len;
	if (gh_read_file(st->json, (size_t)1 << 30, &stored, &len) != 0)
		return GH_OK;
	const char *g = strstr(stored, "\"generated_utc\":\"");
	const char *h = strstr(stored, "\"journal_head_seq\":");
	if (g != NULL)
		snprintf(st->generated_utc, sizeof st->generated_utc, "%.27s", g + 17);
	st->head_seq = h ? atoll(h + 19) : 0;
	free(stored);
	if (!compare)
		return GH_OK;
	/* Made again with the stored generation time and journal head: any other
	 * difference is real. */
	struct gh_report_req rq = { .month = month, .format = "json",
		.journal_path = journal_path, .generated_utc = st->generated_utc,
		.bound_seq = st->head_seq };
	struct gh_buf now;
	gh_buf_init(&now);
	char rerr[600];
	st->compared = 1;
	if (gh_report_monthly(db, &rq, &now, rerr, sizeof rerr) == GH_OK) {
		unsigned char d[32];
		char hn[65];
		crypto_hash_sha256(d, (const unsigned char *)(now.s ? now.s : ""), now.len);
		sodium_bin2hex(hn, sizeof hn, d, sizeof d);
		st->same = strcmp(hn, st->json_sha256) == 0;
	}
	gh_buf_free(&now);
	return GH_OK;
}
