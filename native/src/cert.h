/* The certificate policy: FreeRDP's verification (system), pinned SHA-256 fingerprints (pin) or
 * none (ignore). Never prompts. */
#ifndef TS_CERT_H
#define TS_CERT_H

#include <freerdp/freerdp.h>

#include "config.h"

/* Hooks the callbacks on the instance for the configured mode. */
void ts_cert_install(freerdp *instance, const ts_config *c);
/* SHA-256 of the DER inside a PEM certificate; 0 on success. Exposed for the tests. */
int ts_cert_pem_sha256(const char *pem, size_t len, uint8_t out[32]);

#endif
