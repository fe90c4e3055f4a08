/* What reaches FreeRDP: ts_apply's settings and channel collections, the certificate hash, the
 * error mappings, and the ABI's behaviour before and around connect. */
#include <stdlib.h>

#include <freerdp/client/cmdline.h>
#include <freerdp/error.h>
#include <freerdp/settings.h>

#include "../include/thinshell_rdp.h"
#include "../src/apply.h"
#include "../src/cert.h"
#include "../src/errors.h"
#include "check.h"

/* A self-signed certificate; its fingerprint as `openssl x509 -fingerprint -sha256` printed it. */
static const char PEM[] =
    "junk before\r\n-----BEGIN CERTIFICATE-----\r\n"
    "MIIBhzCCAS2gAwIBAgIUOGEn3FszTSCI5mz62v30kWKpRtswCgYIKoZIzj0EAwIw\r\n"
    "GTEXMBUGA1UEAwwOdGhpbnNoZWxsLXRlc3QwHhcNMjYxMTIyMDMxMTQ3WhcNMzYx\r\n"
    "MTE5MDMxMTQ3WjAZMRcwFQYDVQQDDA50aGluc2hlbGwtdGVzdDBZMBMGByqGSM49\r\n"
    "AgEGCCqGSM49AwEHA0IABKf1L+1ax1tA3KJ6YmhmaOfst0gAxJEIW5KtMvU1QzNB\r\n"
    "miBernnd9ITc4gyih8zhA7thO9DSEzXaFhfpzrwi02OjUzBRMB0GA1UdDgQWBBTc\r\n"
    "9qG9DGHFCu4TSsk9kmi4z1LD5zAfBgNVHSMEGDAWgBTc9qG9DGHFCu4TSsk9kmi4\r\n"
    "z1LD5zAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIClpmk44Sxj5\r\n"
    "n9MXnBA6z1ultlEwfhhfHQ45FDg+QhUoAiEAuNsMtFdGCtqbuBetS0lVa/yUWjjN\r\n"
    "CK0qln99MUUA3LQ=\r\n-----END CERTIFICATE-----\r\n";
static const char FP[] = "FE:EA:74:FA:11:46:64:CC:AD:81:82:6F:2A:0F:1A:83:D9:08:1A:1F:68:AF:E3:F7:70:1B:B4:7F:21:24:79:5C";

static void cert_hash(void)
{
	ts_config c;
	char err[TS_ERR_LEN];
	uint8_t got[32];
	ts_config_init(&c);
	CHECK(ts_parse_fingerprints(FP, &c, err) == 0);
	CHECK(ts_cert_pem_sha256(PEM, sizeof(PEM) - 1, got) == 0 && memcmp(got, c.pins[0], 32) == 0);
	CHECK(ts_cert_pem_sha256(PEM, 40, got) == -1); /* cut before the end marker */
	CHECK(ts_cert_pem_sha256("no certificate", 14, got) == -1);
}

static void settings(void)
{
	ts_config c;
	char err[TS_ERR_LEN] = "";
	ts_config_init(&c);
	const char *kv[][2] = { { "host", "h.example" }, { "port", "3390" }, { "username", "u" }, { "domain", "D" },
		                    { "security", "nla" }, { "gateway_host", "gw" }, { "gateway_usage", "always" },
		                    { "remoteapp_program", "||app" }, { "audio_out", "1" }, { "clipboard", "0" },
		                    { "drives", "share=/tmp" }, { "smartcard", "1" }, { "usb", "id,dev:1:2;auto" },
		                    { "gfx", "0" }, { "scale", "180" }, { "keyboard_layout", "0x407" },
		                    { "auto_reconnect", "1" }, { "auto_reconnect_max", "3" }, { "monitors", "1,0" },
		                    { "load_balance_info", "tsv://MS Terminal Services Plugin.1.Desk" } };
	for (size_t i = 0; i < sizeof(kv) / sizeof(kv[0]); i++)
		CHECK(ts_config_set(&c, kv[i][0], kv[i][1], err) == 0);
	rdpSettings *st = freerdp_settings_new(0);
	CHECK(ts_apply(st, &c, "pw", NULL, err) == 0);
	CHECK_STR(freerdp_settings_get_string(st, FreeRDP_ServerHostname), "h.example");
	CHECK(freerdp_settings_get_uint32(st, FreeRDP_ServerPort) == 3390);
	CHECK_STR(freerdp_settings_get_string(st, FreeRDP_Password), "pw");
	CHECK(freerdp_settings_get_bool(st, FreeRDP_NlaSecurity) && !freerdp_settings_get_bool(st, FreeRDP_TlsSecurity));
	CHECK(!freerdp_settings_get_bool(st, FreeRDP_RdpSecurity));
	CHECK(freerdp_settings_get_bool(st, FreeRDP_GatewayEnabled) && !freerdp_settings_get_bool(st, FreeRDP_GatewayBypassLocal));
	CHECK(freerdp_settings_get_bool(st, FreeRDP_GatewayUseSameCredentials));
	CHECK(freerdp_settings_get_bool(st, FreeRDP_RemoteApplicationMode));
	CHECK(freerdp_settings_get_bool(st, FreeRDP_AudioPlayback) && !freerdp_settings_get_bool(st, FreeRDP_AudioCapture));
	CHECK(!freerdp_settings_get_bool(st, FreeRDP_RedirectClipboard)); /* FreeRDP's default is on */
	CHECK(freerdp_settings_get_bool(st, FreeRDP_RedirectSmartCards) && freerdp_settings_get_bool(st, FreeRDP_DeviceRedirection));
	CHECK(freerdp_device_collection_find(st, "share") != NULL);
	ADDIN_ARGV *usb = freerdp_dynamic_channel_collection_find(st, "urbdrc");
	CHECK(usb && usb->argc == 3);
	if (usb && usb->argc == 3) {
		CHECK_STR(usb->argv[1], "id:1:2");
		CHECK_STR(usb->argv[2], "auto");
	}
	CHECK(!freerdp_settings_get_bool(st, FreeRDP_SupportGraphicsPipeline));
	CHECK(freerdp_settings_get_uint32(st, FreeRDP_DesktopScaleFactor) == 180);
	CHECK(freerdp_settings_get_uint32(st, FreeRDP_KeyboardLayout) == 0x407);
	CHECK(freerdp_settings_get_bool(st, FreeRDP_AutoReconnectionEnabled));
	CHECK(freerdp_settings_get_uint32(st, FreeRDP_AutoReconnectMaxRetries) == 3);
	CHECK(freerdp_settings_get_uint32(st, FreeRDP_NumMonitorIds) == 2 && st->MonitorIds[0] == 1);
	CHECK(freerdp_settings_get_bool(st, FreeRDP_ExternalCertificateManagement) == FALSE); /* system */
	CHECK(st->LoadBalanceInfoLength == 40 && memcmp(st->LoadBalanceInfo, "tsv://MS Terminal Services Plugin.1.Desk", 40) == 0);
	freerdp_settings_free(st);

	/* A separate gateway account. */
	CHECK(ts_config_set(&c, "gateway_username", "gwuser", err) == 0);
	st = freerdp_settings_new(0);
	CHECK(ts_apply(st, &c, "pw", "gwpw", err) == 0);
	CHECK(!freerdp_settings_get_bool(st, FreeRDP_GatewayUseSameCredentials));
	CHECK_STR(freerdp_settings_get_string(st, FreeRDP_GatewayUsername), "gwuser");
	CHECK_STR(freerdp_settings_get_string(st, FreeRDP_GatewayPassword), "gwpw");
	freerdp_settings_free(st);

	/* A gateway that wants other credentials: it gets none of the session's. */
	CHECK(ts_config_set(&c, "gateway_credentials", "none", err) == 0);
	st = freerdp_settings_new(0);
	CHECK(ts_apply(st, &c, "pw", NULL, err) == 0);
	CHECK(freerdp_settings_get_bool(st, FreeRDP_GatewayEnabled) && !freerdp_settings_get_bool(st, FreeRDP_GatewayUseSameCredentials));
	CHECK(freerdp_settings_get_string(st, FreeRDP_GatewayPassword) == NULL);
	CHECK(freerdp_settings_get_string(st, FreeRDP_GatewayUsername) == NULL);
	freerdp_settings_free(st);
	CHECK(ts_config_set(&c, "gateway_credentials", "same", err) == 0);
	/* network: auto keeps FreeRDP's auto-detection and heartbeat (which pull in rdpdr); lan
	 * turns both off and says LAN. */
	ts_config n;
	ts_config_init(&n);
	CHECK(ts_config_set(&n, "host", "h", err) == 0);
	st = freerdp_settings_new(0);
	CHECK(ts_apply(st, &n, NULL, NULL, err) == 0);
	CHECK(freerdp_settings_get_bool(st, FreeRDP_NetworkAutoDetect) && freerdp_settings_get_bool(st, FreeRDP_SupportHeartbeatPdu));
	CHECK(!freerdp_settings_get_bool(st, FreeRDP_DeviceRedirection));
	freerdp_settings_free(st);
	CHECK(ts_config_set(&n, "network", "lan", err) == 0);
	st = freerdp_settings_new(0);
	CHECK(ts_apply(st, &n, NULL, NULL, err) == 0);
	CHECK(!freerdp_settings_get_bool(st, FreeRDP_NetworkAutoDetect) && !freerdp_settings_get_bool(st, FreeRDP_SupportHeartbeatPdu));
	CHECK(freerdp_settings_get_uint32(st, FreeRDP_ConnectionType) == CONNECTION_TYPE_LAN);
	freerdp_settings_free(st);
	ts_config_clear(&n);

	/* No host: refused before FreeRDP. */
	ts_config_clear(&c);
	st = freerdp_settings_new(0);
	CHECK(ts_apply(st, &c, NULL, NULL, err) == -1);
	CHECK_HAS(err, "host");
	freerdp_settings_free(st);
}

static void error_maps(void)
{
	CHECK(ts_error_kind_of(FREERDP_ERROR_CONNECT_LOGON_FAILURE, false, false) == TS_ERROR_AUTH_FAILED);
	CHECK(ts_error_kind_of(FREERDP_ERROR_CONNECT_WRONG_PASSWORD, false, false) == TS_ERROR_AUTH_FAILED);
	CHECK(ts_error_kind_of(FREERDP_ERROR_CONNECT_PASSWORD_EXPIRED, false, false) == TS_ERROR_PASSWORD_EXPIRED);
	CHECK(ts_error_kind_of(FREERDP_ERROR_CONNECT_ACCOUNT_LOCKED_OUT, false, false) == TS_ERROR_ACCOUNT_LOCKED);
	CHECK(ts_error_kind_of(FREERDP_ERROR_CONNECT_ACCOUNT_EXPIRED, false, false) == TS_ERROR_ACCOUNT_DISABLED);
	CHECK(ts_error_kind_of(FREERDP_ERROR_DNS_NAME_NOT_FOUND, false, false) == TS_ERROR_DNS);
	CHECK(ts_error_kind_of(FREERDP_ERROR_CONNECT_TRANSPORT_FAILED, false, false) == TS_ERROR_UNREACHABLE);
	CHECK(ts_error_kind_of(FREERDP_ERROR_CONNECT_TRANSPORT_FAILED, false, true) == TS_ERROR_GATEWAY);
	CHECK(ts_error_kind_of(FREERDP_ERROR_DNS_NAME_NOT_FOUND, false, true) == TS_ERROR_GATEWAY);
	CHECK(ts_error_kind_of(FREERDP_ERROR_TLS_CONNECT_FAILED, false, true) == TS_ERROR_GATEWAY);
	CHECK(ts_error_kind_of(FREERDP_ERROR_SECURITY_NEGO_CONNECT_FAILED, false, true) == TS_ERROR_GATEWAY);
	CHECK(ts_error_kind_of(FREERDP_ERROR_TLS_CONNECT_FAILED, true, true) == TS_ERROR_CERTIFICATE);
	CHECK(ts_error_kind_of(FREERDP_ERROR_TLS_CONNECT_FAILED, true, false) == TS_ERROR_CERTIFICATE);
	CHECK(ts_error_kind_of(FREERDP_ERROR_SERVER_DENIED_CONNECTION, false, false) == TS_ERROR_SERVER_DENIED);
	CHECK(ts_error_kind_of(0x12345678, false, false) == TS_ERROR_OTHER);
	CHECK(ts_end_reason_of(ERRINFO_RPC_INITIATED_LOGOFF, 0) == TS_END_LOGGED_OFF);
	CHECK(ts_end_reason_of(ERRINFO_LOGOFF_BY_USER, 0) == TS_END_LOGGED_OFF);
	CHECK(ts_end_reason_of(ERRINFO_RPC_INITIATED_DISCONNECT, 0) == TS_END_SERVER_DISCONNECT);
	CHECK(ts_end_reason_of(ERRINFO_DISCONNECTED_BY_OTHER_CONNECTION, 0) == TS_END_SERVER_DISCONNECT);
	CHECK(ts_end_reason_of(0, FREERDP_ERROR_CONNECT_TRANSPORT_FAILED) == TS_END_NETWORK_LOST);
	CHECK(ts_end_reason_of(0, 0) == TS_END_SERVER_DISCONNECT);
}

static void abi(void)
{
	CHECK_HAS(ts_version(), "FreeRDP 2.11");
	ts_session *s = ts_session_new();
	CHECK(ts_session_state(s) == TS_STATE_IDLE && ts_session_wait(s, 0) == TS_STATE_IDLE);
	CHECK(ts_session_end_reason(s) == -1);
	CHECK(ts_session_set(s, "colour", "blue") == -1);
	CHECK_HAS(ts_session_last_error_text(s), "unknown key 'colour'");
	CHECK(ts_session_set(s, "port", "x") == -1);
	CHECK_HAS(ts_session_last_error_text(s), "port");
	CHECK(ts_session_set_password(s, "a\0b", 3) == -1); /* FreeRDP would see only "a" */
	CHECK(ts_session_set_password(s, "secret", 6) == 0);
	/* No host: connect refuses, and the session is FAILED with the reason, at once. */
	CHECK(ts_session_connect(s) == -1);
	CHECK(ts_session_wait(s, 5000) == TS_STATE_FAILED);
	CHECK(ts_session_wait(s, 5000) == TS_STATE_FAILED); /* an end is final and does not block */
	CHECK(ts_session_error_kind(s) == TS_ERROR_SETTINGS);
	CHECK_HAS(ts_session_last_error_text(s), "host");
	CHECK(ts_session_connect(s) == -1 && ts_session_set(s, "port", "1") == -1);
	ts_session_free(s);
	ts_session_free(NULL);
	CHECK(ts_session_state(NULL) == TS_STATE_FAILED && ts_session_set(NULL, "host", "x") == -1);
}

int main(void)
{
	cert_hash();
	settings();
	error_maps();
	abi();
	printf("test_apply: %d failure(s)\n", failures);
	return failures ? 1 : 0;
}
