/* Certificate callbacks. FreeRDP calls them on the session thread during the TLS handshake.
 *  - system: FreeRDP checks the chain (with the intermediates the server sent) and the name; it
 *    only calls us when that failed, and we always say no.
 *  - pin: ExternalCertificateManagement sends every certificate to VerifyX509Certificate as PEM;
 *    we hash the DER ourselves and accept only a listed fingerprint, whatever the CA says.
 *  - ignore: the same callback, accepting anything. Not IgnoreCertificate: that path leaves no
 *    trace, and FreeRDP's accepted-certificate record tells failed() the handshake got through.
 */
#include "cert.h"

#include <stdlib.h>
#include <string.h>

#include <freerdp/crypto/crypto.h>
#include <winpr/crypto.h>
#include <winpr/wlog.h>

#include "session.h"

#define TAG "thinshell.cert"

static void rejected(freerdp *instance, const char *why)
{
	ts_client *tc = (ts_client *)instance->context;
	tc->cert_rejected = true;
	ts_state_error_text(tc->s, "certificate rejected: %s", why);
	WLog_WARN(TAG, "certificate rejected: %s", why);
}

static DWORD verify_ex(freerdp *instance, const char *host, UINT16 port, const char *cn, const char *subject,
                       const char *issuer, const char *fingerprint, DWORD flags)
{
	(void)host, (void)port, (void)cn, (void)subject, (void)issuer, (void)fingerprint;
	rejected(instance, (flags & VERIFY_CERT_FLAG_MISMATCH) ? "not trusted (its name does not match the host)"
	                                                      : "not trusted (no authority in the system store vouches for it)");
	return 0;
}

static DWORD verify_changed_ex(freerdp *instance, const char *host, UINT16 port, const char *cn,
                               const char *subject, const char *issuer, const char *fingerprint,
                               const char *old_subject, const char *old_issuer, const char *old_fingerprint, DWORD flags)
{
	(void)host, (void)port, (void)cn, (void)subject, (void)issuer, (void)fingerprint;
	(void)old_subject, (void)old_issuer, (void)old_fingerprint, (void)flags;
	rejected(instance, "it differs from the one stored for this host");
	return 0;
}

int ts_cert_pem_sha256(const char *pem, size_t len, uint8_t out[32])
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----", end[] = "-----END CERTIFICATE-----";
	const char *b = memmem(pem, len, begin, sizeof(begin) - 1);
	if (!b)
		return -1;
	b += sizeof(begin) - 1;
	const char *e = memmem(b, len - (size_t)(b - pem), end, sizeof(end) - 1);
	if (!e)
		return -1;
	char *b64 = malloc((size_t)(e - b) + 1);
	if (!b64)
		return -1;
	size_t n = 0;
	for (const char *p = b; p < e; p++)
		if (*p != '\n' && *p != '\r' && *p != ' ' && *p != '\t')
			b64[n++] = *p;
	b64[n] = '\0';
	BYTE *der = NULL;
	int der_len = 0;
	crypto_base64_decode(b64, (int)n, &der, &der_len);
	free(b64);
	int rc = (der && der_len > 0 && winpr_Digest(WINPR_MD_SHA256, der, (size_t)der_len, out, 32)) ? 0 : -1;
	free(der);
	return rc;
}

static int verify_x509(freerdp *instance, const BYTE *data, size_t length, const char *host, UINT16 port, DWORD flags)
{
	(void)host, (void)port, (void)flags;
	ts_client *tc = (ts_client *)instance->context;
	const ts_config *c = &tc->s->cfg;
	if (c->cert_mode == TS_CERT_IGNORE)
		return 1;
	uint8_t digest[32];
	if (ts_cert_pem_sha256((const char *)data, length, digest)) {
		rejected(instance, "the server's certificate could not be read");
		return 0;
	}
	for (int i = 0; i < c->n_pins; i++)
		if (memcmp(digest, c->pins[i], 32) == 0)
			return 1;
	char hex[32 * 3];
	for (int i = 0; i < 32; i++)
		snprintf(hex + i * 3, 4, i < 31 ? "%02X:" : "%02X", digest[i]);
	WLog_WARN(TAG, "sha256 %s is not pinned", hex);
	rejected(instance, "its SHA-256 fingerprint is not one of the pinned ones");
	return 0;
}

void ts_cert_install(freerdp *instance, const ts_config *c)
{
	instance->VerifyCertificateEx = verify_ex;
	instance->VerifyChangedCertificateEx = verify_changed_ex;
	/* FreeRDP prefers VerifyX509Certificate over the Ex callbacks when it is set: not for system. */
	instance->VerifyX509Certificate = c->cert_mode != TS_CERT_SYSTEM ? verify_x509 : NULL;
}
