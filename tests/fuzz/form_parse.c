/* Fuzz target for the web service's form and query parser (webui/form.c): any body
 * is parsed or refused, never over-read; every value handed back is NUL-terminated
 * UTF-8 without NUL bytes, and escaping it for HTML leaves no markup character. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "controller/util.h"
#include "webui/escape.h"
#include "webui/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct web_form f;
	char err[128];
	if (web_form_parse((const char *)data, size, &f, err, sizeof err) != 0)
		return 0;
	if (f.n < 0 || f.n > WEB_FORM_FIELDS)
		__builtin_trap();
	for (int i = 0; i < f.n; i++) {
		if (!gh_utf8_valid(f.name[i], strlen(f.name[i])) ||
		    !gh_utf8_valid(f.value[i], strlen(f.value[i])))
			__builtin_trap();
		struct gh_buf b;
		gh_buf_init(&b);
		web_html(&b, f.value[i]);
		if (b.s && strpbrk(b.s, "<>\"'"))
			__builtin_trap();
		gh_buf_free(&b);
	}
	return 0;
}
