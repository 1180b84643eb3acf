/* The web UI's message catalogues; see i18n.h.  Catalogues register themselves
 * before main (constructors); the index is built once, on first use, and only read
 * afterwards, so lookups need no lock. */
#include "webui/i18n.h"
#include "webui/escape.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct web_catalogue *catalogues;

void
web_catalogue_add(struct web_catalogue *c)
{
	c->next = catalogues;
	catalogues = c;
}

#define INDEX_SIZE 8192		/* a power of two, well above the number of texts */
static const struct web_msg *idx[INDEX_SIZE];
static pthread_once_t idx_once = PTHREAD_ONCE_INIT;

static unsigned
hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
idx_build(void)
{
	for (struct web_catalogue *c = catalogues; c; c = c->next)
		for (size_t i = 0; i < c->n; i++) {
			unsigned h = hash(c->m[i].en) & (INDEX_SIZE - 1);
			while (idx[h] && strcmp(idx[h]->en, c->m[i].en) != 0)
				h = (h + 1) & (INDEX_SIZE - 1);
			if (!idx[h])
				idx[h] = &c->m[i];
		}
}

static const struct web_msg *
lookup(const char *en)
{
	pthread_once(&idx_once, idx_build);
	unsigned h = hash(en) & (INDEX_SIZE - 1);
	while (idx[h]) {
		if (strcmp(idx[h]->en, en) == 0)
			return idx[h];
		h = (h + 1) & (INDEX_SIZE - 1);
	}
	return NULL;
}

const char *
web_t(int lang, const char *en)
{
	const struct web_msg *m = lookup(en);
	if (m == NULL)
		return en;
	return lang == WEB_FR ? m->fr : lang == WEB_AR ? m->ar : m->en;
}

int
web_t_known(const char *en)
{
	return lookup(en) != NULL;
}

/* The translated format filled in (the format comes from a catalogue, checked to have
 * the English text's conversions). */
static void
tformat(char *out, size_t len, int lang, const char *en, va_list ap)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(out, len, web_t(lang, en), ap);
#pragma GCC diagnostic pop
}

void
web_tf(struct gh_buf *b, int lang, const char *en, ...)
{
	char tmp[2048];
	va_list ap;
	va_start(ap, en);
	tformat(tmp, sizeof tmp, lang, en, ap);
	va_end(ap);
	gh_buf_puts(b, tmp);
}

void
web_tf_html(struct gh_buf *b, int lang, const char *en, ...)
{
	char tmp[2048];
	va_list ap;
	va_start(ap, en);
	tformat(tmp, sizeof tmp, lang, en, ap);
	va_end(ap);
	web_html(b, tmp);
}

static const char *const codes[WEB_LANGS] = { "fr", "ar", "en" };
static const char *const names[WEB_LANGS] = { "Français", "العربية", "English" };

int
web_lang_parse(const char *code)
{
	for (int i = 0; code && i < WEB_LANGS; i++)
		if (strcmp(code, codes[i]) == 0)
			return i;
	return -1;
}

const char *
web_lang_code(int lang)
{
	return codes[lang >= 0 && lang < WEB_LANGS ? lang : WEB_EN];
}

const char *
web_lang_name(int lang)
{
	return names[lang >= 0 && lang < WEB_LANGS ? lang : WEB_EN];
}

int
web_lang_rtl(int lang)
{
	return lang == WEB_AR;
}

/* Month names as written in Morocco (French and Arabic). */
static const char *const months[WEB_LANGS][12] = {
	{ "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	  "septembre", "octobre", "novembre", "décembre" },
	{ "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر",
	  "أكتوبر", "نونبر", "دجنبر" },
	{ "January", "February", "March", "April", "May", "June", "July", "August",
	  "September", "October", "November", "December" },
};
static const char *const weekdays[WEB_LANGS][7] = {
	{ "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche" },
	{ "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد" },
	{ "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" },
};

const char *
web_weekday(int lang, int wd)
{
	if (lang < 0 || lang >= WEB_LANGS)
		lang = WEB_EN;
	return weekdays[lang][((wd % 7) + 7) % 7];
}

void
web_date(struct gh_buf *b, int lang, int64_t utc_us, int with_time)
{
	if (lang < 0 || lang >= WEB_LANGS)
		lang = WEB_EN;
	time_t t = (time_t)(utc_us / 1000000);
	struct tm tm;
	localtime_r(&t, &tm);
	gh_buf_printf(b, "%d %s %d", tm.tm_mday, months[lang][tm.tm_mon], tm.tm_year + 1900);
	if (with_time)
		gh_buf_printf(b, " %02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void
web_date_utc_text(struct gh_buf *b, int lang, const char *utc, int with_time)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = utc ? strptime(utc, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
	if (end == NULL) {
		web_html(b, utc ? utc : "");	/* not a time: shown as text */
		return;
	}
	web_date(b, lang, (int64_t)timegm(&tm) * 1000000, with_time);
}

/* The conversions of a format ("%s%d" for "a %s b %d"), "%%" left out. */
static void
conversions(const char *s, char *out, size_t len)
{
	size_t n = 0;
	for (; *s && n + 3 < len; s++) {
		if (*s != '%')
			continue;
		s++;
		if (*s == '%')
			continue;
		while (*s && strchr("0123456789.-+ l", *s))
			s++;
		if (!*s)
			break;
		out[n++] = '%';
		out[n++] = *s;
	}
	out[n] = '\0';
}

static int
has_letters(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return 1;
	return 0;
}

static int
has_arabic(const char *s)
{
	/* U+0600..U+06FF are 0xD8 0x80 .. 0xDB 0xBF in UTF-8. */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0xD8 && *p <= 0xDB)
			return 1;
	return 0;
}

int
web_catalogue_check(struct gh_buf *out)
{
	int bad = 0;
	for (struct web_catalogue *c = catalogues; c; c = c->next)
		for (size_t i = 0; i < c->n; i++) {
			const struct web_msg *m = &c->m[i];
			const char *tr[2] = { m->fr, m->ar };
			char ce[64], ct[64];
			if (!m->en || !m->en[0] || !m->fr || !m->fr[0] || !m->ar || !m->ar[0]) {
				gh_buf_printf(out, "%s: an empty text near entry %zu\n", c->file, i);
				bad++;
				continue;
			}
			conversions(m->en, ce, sizeof ce);
			for (int k = 0; k < 2; k++) {
				conversions(tr[k], ct, sizeof ct);
				if (strcmp(ce, ct) != 0) {
					gh_buf_printf(out, "%s: \"%s\": the %s text's conversions "
					    "differ\n", c->file, m->en, k ? "Arabic" : "French");
					bad++;
				}
			}
			if (has_letters(m->en) && !has_arabic(m->ar)) {
				gh_buf_printf(out, "%s: \"%s\": the Arabic text has no Arabic "
				    "letters\n", c->file, m->en);
				bad++;
			}
			for (struct web_catalogue *d = catalogues; d; d = d->next)
				for (size_t k = 0; k < d->n; k++)
					if ((d != c || k != i) && strcmp(d->m[k].en, m->en) == 0 &&
					    (d == c || strcmp(d->m[k].fr, m->fr) != 0 ||
					    strcmp(d->m[k].ar, m->ar) != 0)) {
						gh_buf_printf(out, "%s and %s: \"%s\" twice, "
						    "translated differently\n", c->file, d->file,
						    m->en);
						bad++;
					}
		}
	return bad;
}

void
web_catalogue_list(struct gh_buf *out)
{
	for (struct web_catalogue *c = catalogues; c; c = c->next)
		for (size_t i = 0; i < c->n; i++)
			gh_buf_printf(out, "%s\n", c->m[i].en);
}
