/* The web UI's languages: French, Arabic (right to left) and English.  Every text a
 * page shows comes from a message catalogue: each page file declares its messages as
 * {English, French, Arabic} with WEB_CATALOGUE, and writes T("English text"); a text
 * missing from every catalogue shows in English and is caught by the catalogue test
 * (tests/e2e/web_i18n.sh).  Translations keep the printf conversions of the English
 * text, in the same order.  Dates are written in the operator's language, times in
 * the site time zone (the process's TZ). */
#ifndef GH_WEB_I18N_H
#define GH_WEB_I18N_H

#include <stddef.h>
#include <stdint.h>

#include "controller/util.h"

enum { WEB_FR, WEB_AR, WEB_EN, WEB_LANGS };

struct web_msg {
	const char *en, *fr, *ar;
};

struct web_catalogue {
	const char *file;
	const struct web_msg *m;
	size_t n;
	struct web_catalogue *next;
};

void web_catalogue_add(struct web_catalogue *c);
#define WEB_CATALOGUE(arr)                                                             \
	static struct web_catalogue arr##_catalogue = { __FILE__, arr,                   \
		sizeof arr / sizeof arr[0], NULL };                                        \
	__attribute__((constructor)) static void arr##_register(void)                    \
	{                                                                               \
		web_catalogue_add(&arr##_catalogue);                                        \
	}

/* The text in a language (the English text itself when no catalogue has it). */
const char *web_t(int lang, const char *en);
/* Pages write T("...") with their request q in scope. */
#define T(s) web_t(q->lang, (s))
/* Append a translated printf format with its arguments, as they are: arguments that
 * come from users must be escaped first (or use web_tf_html). */
void web_tf(struct gh_buf *b, int lang, const char *en, ...);
/* The same, the whole sentence escaped as HTML text (for plain-text arguments). */
void web_tf_html(struct gh_buf *b, int lang, const char *en, ...);
/* Is the text in a catalogue? */
int web_t_known(const char *en);

/* "fr", "ar", "en" -> WEB_FR...; -1 otherwise. */
int web_lang_parse(const char *code);
const char *web_lang_code(int lang);
/* The language's own name ("Français", "العربية", "English"). */
const char *web_lang_name(int lang);
int web_lang_rtl(int lang);

/* A date (and time, when with_time) of a UTC instant in the site time zone, in the
 * language: "25 novembre 2026 14:03", "25 نونبر 2026 14:03", "25 November 2026 14:03". */
void web_date(struct gh_buf *b, int lang, int64_t utc_us, int with_time);
/* The same from a journal time "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" (HTML-escaped as is when
 * not one). */
void web_date_utc_text(struct gh_buf *b, int lang, const char *utc, int with_time);
/* A weekday name, 0 = Monday. */
const char *web_weekday(int lang, int wd);

/* Check every catalogue: no empty text, each translation has the English text's
 * conversions, no English text twice, Arabic texts hold Arabic letters.  Writes each
 * problem as a line to out; returns the number of problems. */
int web_catalogue_check(struct gh_buf *out);
/* Every English text of the catalogues, one per line. */
void web_catalogue_list(struct gh_buf *out);

#endif
