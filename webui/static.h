/* The web UI's static files, compiled in: no file system access to serve them. */
#ifndef GH_WEB_STATIC_H
#define GH_WEB_STATIC_H

/* The file's text and Content-Type, or NULL for an unknown name. */
const char *web_static(const char *name, const char **type);

#endif
