/* The web UI's static files; see static.h.  Scripts build the page with textContent
 * only (never innerHTML), so data from the controller cannot become markup. */
#include "webui/static.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static struct web_static_file *files;

void
web_static_add(struct web_static_file *f)
{
	f->next = files;
	files = f;
}

static char *css_all;
static pthread_once_t css_once = PTHREAD_ONCE_INIT;

static int
css_cmp(const void *a, const void *b)
{
	const struct web_static_file *x = *(struct web_static_file *const *)a;
	const struct web_static_file *y = *(struct web_static_file *const *)b;
	int xb = strcmp(x->name, "base") == 0, yb = strcmp(y->name, "base") == 0;
	return xb != yb ? yb - xb : strcmp(x->name, y->name);
}

/* gatehouse.css: the base part, then the pages' parts by name. */
static void
css_build(void)
{
	size_t n = 1;
	for (struct web_static_file *f = files; f; f = f->next)
		if (f->type == NULL)
			n += strlen(f->text);
	if ((css_all = malloc(n)) == NULL)
		return;
	css_all[0] = '\0';
	struct web_static_file *order[256];
	int k = 0;
	for (struct web_static_file *f = files; f && k < 256; f = f->next)
		if (f->type == NULL)
			order[k++] = f;
	qsort(order, (size_t)k, sizeof order[0], css_cmp);
	for (int i = 0; i < k; i++)
		strcat(css_all, order[i]->text);
}

const char *
web_static(const char *name, const char **type)
{
	if (strcmp(name, "gatehouse.css") == 0) {
		pthread_once(&css_once, css_build);
		*type = "text/css; charset=utf-8";
		return css_all;
	}
	for (struct web_static_file *f = files; f; f = f->next)
		if (f->type != NULL && strcmp(f->name, name) == 0) {
			*type = f->type;
			return f->text;
		}
	return NULL;
}
