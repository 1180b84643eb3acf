/* The web UI's static files, compiled in: no file system access to serve them.
 * Page files register their own scripts (WEB_STATIC_FILE) and their part of the one
 * stylesheet, /static/gatehouse.css (WEB_CSS); the Content-Security-Policy allows
 * scripts and styles from this origin only, so nothing is inline. */
#ifndef GH_WEB_STATIC_H
#define GH_WEB_STATIC_H

#include <stddef.h>

struct web_static_file {
	const char *name, *type, *text;		/* type NULL: a part of gatehouse.css */
	struct web_static_file *next;
};
void web_static_add(struct web_static_file *f);
#define WEB_STATIC_FILE(id, name, type, text)                                          \
	static struct web_static_file id##_static = { name, type, text, NULL };          \
	__attribute__((constructor)) static void id##_register(void)                     \
	{                                                                               \
		web_static_add(&id##_static);                                               \
	}
/* A part of gatehouse.css; the part named base comes first, the others by name. */
#define WEB_CSS(id, text) WEB_STATIC_FILE(id, #id, NULL, text)

/* The file's text and Content-Type, or NULL for an unknown name. */
const char *web_static(const char *name, const char **type);

#endif
