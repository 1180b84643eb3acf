/* A self-signed certificate for the demo's web service (`gatehouse init`).  Real sites
 * configure their own certificate and key by path (gatehouse-web --cert/--key). */
#ifndef GH_TLSGEN_H
#define GH_TLSGEN_H

#include <stddef.h>

/* ECDSA P-256 key and a certificate for localhost and 127.0.0.1, valid 825 days.
 * The key file is created 0640 (readable by the web service's group), the
 * certificate 0644; neither is overwritten.  0, or -1 with err. */
int gh_tls_selfsigned(const char *cert_path, const char *key_path, const char *cn,
    char *err, size_t errlen);

#endif
