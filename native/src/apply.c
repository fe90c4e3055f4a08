/* Writes a validated ts_config into FreeRDP's settings. Everything a session depends on is set
 * explicitly rather than left to FreeRDP's defaults (which enable the clipboard, for one), so
 * that a policy of "off" means off. The channels follow from these flags in pre_connect
 * (freerdp_client_load_addins); drives and USB are added to the collections here. */
#include "apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <freerdp/client/cmdline.h>
#include <freerdp/constants.h>
#include <winpr/wlog.h>

#define B(key, v) ok = ok && freerdp_settings_set_bool(st, key, (v) ? TRUE : FALSE)
#define U(key, v) ok = ok && freerdp_settings_set_uint32(st, key, (v))
#define S(key, v) ok = ok && freerdp_settings_set_string(st, key, (v))

static int security(rdpSettings *st, int sec)
{
	BOOL ok = TRUE;
	B(FreeRDP_NegotiateSecurityLayer, TRUE);
	B(FreeRDP_NlaSecurity, sec == TS_SEC_AUTO || sec == TS_SEC_NLA);
	B(FreeRDP_TlsSecurity, sec == TS_SEC_AUTO || sec == TS_SEC_TLS);
	B(FreeRDP_RdpSecurity, sec == TS_SEC_AUTO || sec == TS_SEC_RDP);
	B(FreeRDP_UseRdpSecurityLayer, sec == TS_SEC_RDP);
	return ok ? 0 : -1;
}

static int gateway(rdpSettings *st, const ts_config *c, const char *password, const char *gw_password)
{
	BOOL ok = TRUE;
	if (!c->gateway_host || c->gateway_usage == TS_GW_NEVER) {
		B(FreeRDP_GatewayEnabled, FALSE);
		U(FreeRDP_GatewayUsageMethod, TSC_PROXY_MODE_NONE_DIRECT);
		return ok ? 0 : -1;
	}
	/* always: every connection through the gateway; auto: bypass it for local addresses. */
	const BOOL always = c->gateway_usage == TS_GW_ALWAYS;
	U(FreeRDP_GatewayUsageMethod, always ? TSC_PROXY_MODE_DIRECT : TSC_PROXY_MODE_DETECT);
	B(FreeRDP_GatewayEnabled, TRUE);
	B(FreeRDP_GatewayBypassLocal, !always);
	B(FreeRDP_GatewayHttpTransport, TRUE);
	B(FreeRDP_GatewayRpcTransport, TRUE);
	S(FreeRDP_GatewayHostname, c->gateway_host);
	U(FreeRDP_GatewayPort, c->gateway_port);
	/* none: the gateway wants other credentials (a smart card, a separate sign-in) than the
	 * session's; it gets none of ours, and FreeRDP's prompt (our authenticate) has no answer. */
	if (c->gateway_credentials == TS_GWCRED_NONE) {
		B(FreeRDP_GatewayUseSameCredentials, FALSE);
		return ok ? 0 : -1;
	}
	const BOOL same = !c->gateway_username && !gw_password;
	B(FreeRDP_GatewayUseSameCredentials, same);
	if (!same) {
		S(FreeRDP_GatewayUsername, c->gateway_username ? c->gateway_username : c->username);
		S(FreeRDP_GatewayDomain, c->gateway_domain ? c->gateway_domain : c->domain);
		S(FreeRDP_GatewayPassword, gw_password ? gw_password : password);
	}
	return ok ? 0 : -1;
}

static int redirection(rdpSettings *st, const ts_config *c, char *err)
{
	BOOL ok = TRUE;
	B(FreeRDP_AudioPlayback, c->audio_out);
	B(FreeRDP_AudioCapture, c->audio_in);
	B(FreeRDP_RedirectClipboard, c->clipboard);
	B(FreeRDP_RedirectSmartCards, c->smartcard);
	B(FreeRDP_RedirectDrives, FALSE); /* only the drives named below, never "all mounts" */
	B(FreeRDP_RedirectHomeDrive, FALSE);
	B(FreeRDP_RedirectPrinters, FALSE);
	B(FreeRDP_DeviceRedirection, c->smartcard || c->n_drives > 0);
	if (!ok) {
		snprintf(err, TS_ERR_LEN, "FreeRDP refused a redirection setting");
		return -1;
	}
	for (int i = 0; i < c->n_drives; i++) {
		char *params[] = { "drive", c->drives[i].name, c->drives[i].path };
		if (!freerdp_client_add_device_channel(st, 3, params)) {
			snprintf(err, TS_ERR_LEN, "drives: FreeRDP refused drive '%s'", c->drives[i].name);
			return -1;
		}
	}
	if (c->usb_ids || c->usb_addrs || c->usb_auto) {
		char ids[1040], addrs[1040];
		char *params[5] = { "urbdrc" };
		size_t n = 1;
		if (c->usb_ids && snprintf(ids, sizeof(ids), "id:%s", c->usb_ids) < (int)sizeof(ids))
			params[n++] = ids;
		if (c->usb_addrs && snprintf(addrs, sizeof(addrs), "addr:%s", c->usb_addrs) < (int)sizeof(addrs))
			params[n++] = addrs;
		if (c->usb_auto)
			params[n++] = "auto";
		if (c->usb_dbg)
			params[n++] = "dbg";
		if (!freerdp_client_add_dynamic_channel(st, n, params)) {
			snprintf(err, TS_ERR_LEN, "usb: FreeRDP refused the urbdrc channel");
			return -1;
		}
	}
	return 0;
}

static int display(rdpSettings *st, const ts_config *c)
{
	BOOL ok = TRUE;
	U(FreeRDP_DesktopWidth, c->width ? c->width : 1024);
	U(FreeRDP_DesktopHeight, c->height ? c->height : 768);
	U(FreeRDP_ColorDepth, 32);
	B(FreeRDP_Fullscreen, c->fullscreen);
	B(FreeRDP_UseMultimon, c->multimon);
	if (c->n_monitors > 0 && st->MonitorIds) { /* FreeRDP allocates 16, like TS_MAX_MONITORS */
		memcpy(st->MonitorIds, c->monitors, sizeof(uint32_t) * (size_t)c->n_monitors);
		U(FreeRDP_NumMonitorIds, (uint32_t)c->n_monitors);
	}
	U(FreeRDP_DesktopScaleFactor, c->scale);
	U(FreeRDP_DeviceScaleFactor, c->scale);
	/* RDPGFX with H.264 (AVC420/444) where the server offers it: what keeps video and busy
	 * screens from freezing (user-voices.md #11). FreeRDP falls back when either side lacks it. */
	B(FreeRDP_SupportGraphicsPipeline, c->gfx != TS_GFX_OFF);
	B(FreeRDP_GfxH264, c->gfx != TS_GFX_OFF);
	B(FreeRDP_GfxAVC444, c->gfx != TS_GFX_OFF);
	/* The display control channel follows the window's size; a headless test has none. */
	B(FreeRDP_SupportDisplayControl, c->window);
	B(FreeRDP_DynamicResolutionUpdate, c->window);
	/* FreeRDP 2 loads the device redirection channel (rdpdr, with a fake rdpsnd) whenever network
	 * auto-detection or the heartbeat is on, devices or not: two channels, their threads and two
	 * more channel joins in the connect sequence. `lan` says what the network is instead (what
	 * xfreerdp's /network:lan does) and leaves both off, so with nothing to redirect neither
	 * channel is loaded. `auto` keeps FreeRDP's defaults (the server measures the link). */
	B(FreeRDP_NetworkAutoDetect, c->network == TS_NET_AUTO);
	B(FreeRDP_SupportHeartbeatPdu, c->network == TS_NET_AUTO);
	if (c->network == TS_NET_LAN)
		U(FreeRDP_ConnectionType, CONNECTION_TYPE_LAN);
	B(FreeRDP_SoftwareGdi, TRUE);
	if (c->title)
		S(FreeRDP_WindowTitle, c->title);
	U(FreeRDP_KeyboardLayout, c->keyboard_layout);
	return ok ? 0 : -1;
}

/* FreeRDP 2 has no setter for this pointer setting: it owns (and frees) the copy we hand it,
 * and sends it as the X.224 routing token, ending it with CR LF if it does not already. */
static int load_balance_info(rdpSettings *st, const ts_config *c)
{
	free(st->LoadBalanceInfo);
	st->LoadBalanceInfo = NULL;
	st->LoadBalanceInfoLength = 0;
	if (!c->load_balance_info || !c->load_balance_info[0])
		return 0;
	size_t n = strlen(c->load_balance_info);
	st->LoadBalanceInfo = (BYTE *)malloc(n);
	if (!st->LoadBalanceInfo)
		return -1;
	memcpy(st->LoadBalanceInfo, c->load_balance_info, n);
	st->LoadBalanceInfoLength = (UINT32)n;
	return 0;
}

static int remoteapp(rdpSettings *st, const ts_config *c)
{
	BOOL ok = TRUE;
	B(FreeRDP_RemoteApplicationMode, c->remoteapp_program != NULL);
	if (c->remoteapp_program) {
		S(FreeRDP_RemoteApplicationProgram, c->remoteapp_program);
		if (c->remoteapp_name)
			S(FreeRDP_RemoteApplicationName, c->remoteapp_name);
		if (c->remoteapp_cmdline)
			S(FreeRDP_RemoteApplicationCmdLine, c->remoteapp_cmdline);
	}
	return ok ? 0 : -1;
}

int ts_apply(rdpSettings *st, const ts_config *c, const char *password, const char *gw_password, char *err)
{
	BOOL ok = TRUE;
	if (!c->host) {
		snprintf(err, TS_ERR_LEN, "host: not set");
		return -1;
	}
	S(FreeRDP_ServerHostname, c->host);
	U(FreeRDP_ServerPort, c->port);
	if (c->username)
		S(FreeRDP_Username, c->username);
	if (c->domain)
		S(FreeRDP_Domain, c->domain);
	if (password) {
		S(FreeRDP_Password, password);
		B(FreeRDP_AutoLogonEnabled, TRUE);
	}
	U(FreeRDP_OsMajorType, OSMAJORTYPE_UNIX);
	U(FreeRDP_OsMinorType, OSMINORTYPE_NATIVE_XSERVER);
	/* Certificates: never prompt. pin, ignore: every certificate goes to our callback (cert.c). */
	B(FreeRDP_IgnoreCertificate, FALSE);
	B(FreeRDP_ExternalCertificateManagement, c->cert_mode != TS_CERT_SYSTEM);
	B(FreeRDP_AutoDenyCertificate, FALSE); /* our callbacks deny, and say why */
	B(FreeRDP_AutoReconnectionEnabled, c->auto_reconnect);
	U(FreeRDP_AutoReconnectMaxRetries, c->auto_reconnect_max);
	if (!ok) {
		snprintf(err, TS_ERR_LEN, "FreeRDP refused a connection setting");
		return -1;
	}
	const char *what = security(st, c->security) ? "security"
	                   : gateway(st, c, password, gw_password) ? "gateway"
	                   : display(st, c) ? "display"
	                   : remoteapp(st, c) ? "remoteapp"
	                   : load_balance_info(st, c) ? "load-balance" : NULL;
	if (what) {
		snprintf(err, TS_ERR_LEN, "FreeRDP refused the %s settings", what);
		return -1;
	}
	if (c->log_level >= 0)
		WLog_SetLogLevel(WLog_GetRoot(), (DWORD)c->log_level); /* process-wide: WLog has one root */
	return redirection(st, c, err);
}
