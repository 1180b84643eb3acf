/* The web service's side of the controller's control socket: door actions, modes,
 * alarm acknowledgements, enrollment and operator events all go through it (the web
 * service never writes the journal).  One connection per request. */
#ifndef GH_WEB_CTL_H
#define GH_WEB_CTL_H

#include <stddef.h>

/* Send one request line (no newline in it) and read the one-line answer into out
 * (without its newline), waiting at most timeout_ms.  0, or -1 with out naming the
 * failure ("the controller is not running", ...). */
int web_ctl(const char *path, const char *request, char *out, size_t outlen,
    int timeout_ms);

#endif
