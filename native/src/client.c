/* FreeRDP's side of the session: the client entry points, the connect sequence callbacks
 * (pre_connect loads channels, post_connect starts the GDI and the window) and the update
 * callbacks that drive LOGGED_ON and painting. Modelled on FreeRDP's client/Sample. */
#include <string.h>

#include <freerdp/client/cmdline.h>
#include <freerdp/gdi/gdi.h>
#include <freerdp/locale/keyboard.h>
#include <freerdp/session.h>
#include <winpr/wlog.h>

#include "apply.h"
#include "cert.h"
#include "channels.h"
#include "loop.h"
#include "pointer.h"
#include "session.h"
#include "window.h"

#define TAG "thinshell.client"

static BOOL begin_paint(rdpContext *context)
{
	HGDI_WND hwnd = context->gdi->primary->hdc->hwnd;
	hwnd->invalid->null = TRUE;
	hwnd->ninvalid = 0;
	return TRUE;
}

/* A frame is done (the session thread, or the rdpgfx channel's thread): hand its invalid
 * rectangles to the window. The first frame also means the desktop is up: LOGGED_ON. */
static BOOL end_paint(rdpContext *context)
{
	ts_client *tc = (ts_client *)context;
	HGDI_WND hwnd = context->gdi->primary->hdc->hwnd;
	if (hwnd->invalid->null)
		return TRUE;
	for (INT32 i = 0; i < hwnd->ninvalid; i++) {
		const HGDI_RGN r = &hwnd->cinvalid[i];
		ts_window_invalidate(tc, r->x, r->y, r->w, r->h);
	}
	hwnd->invalid->null = TRUE;
	hwnd->ninvalid = 0;
	if (!tc->was_logged_on) {
		tc->was_logged_on = true;
		ts_state_set(tc->s, TS_STATE_LOGGED_ON);
	}
	return TRUE;
}

/* The session thread or the rdpgfx one (a reset with a new size). Under the update lock, like
 * every other change of the GDI's buffer: the session thread may be showing it right now. A new
 * size gives the GDI a buffer of its own; the next paint moves it back into the window surface
 * if the window has that size too. */
static BOOL desktop_resize(rdpContext *context)
{
	rdpSettings *st = context->settings;
	EnterCriticalSection(&context->update->mux);
	const BOOL ok = gdi_resize(context->gdi, st->DesktopWidth, st->DesktopHeight);
	LeaveCriticalSection(&context->update->mux);
	if (!ok)
		return FALSE;
	ts_client *tc = (ts_client *)context;
	if (tc->win)
		ts_window_layout(tc);
	return TRUE;
}

/* The server's logon notice: the user is on the desktop even before anything is painted. */
static BOOL save_session_info(rdpContext *context, UINT32 type, void *data)
{
	(void)data;
	ts_client *tc = (ts_client *)context;
	if (type == INFO_TYPE_LOGON || type == INFO_TYPE_LOGON_LONG || type == INFO_TYPE_LOGON_PLAIN_NOTIFY) {
		tc->was_logged_on = true;
		ts_state_set(tc->s, TS_STATE_LOGGED_ON);
	}
	return TRUE;
}

static int logon_error_info(freerdp *instance, UINT32 data, UINT32 type)
{
	ts_client *tc = (ts_client *)instance->context;
	ts_state_error_text(tc->s, "logon: %s (%s)", freerdp_get_logon_error_info_data(data),
	                    freerdp_get_logon_error_info_type(type));
	return 1;
}

/* Never prompt: the credentials are the ones the host gave, or none. */
static BOOL authenticate(freerdp *instance, char **username, char **password, char **domain)
{
	(void)instance, (void)username, (void)password, (void)domain;
	return TRUE;
}

/* A gateway's consent or service message would need a user's answer; we have no UI for it, so
 * it is logged and accepted (the admin chose the gateway). */
static BOOL gateway_message(freerdp *instance, UINT32 type, BOOL display, BOOL consent, size_t len, const WCHAR *msg)
{
	(void)instance, (void)display, (void)len, (void)msg;
	WLog_INFO(TAG, "gateway message type %u (consent required: %d) accepted", type, consent);
	return TRUE;
}

static void on_connection_result(void *context, ConnectionResultEventArgs *e)
{
	((ts_client *)context)->connection_result = e->result;
}

static void on_state_change(void *context, ConnectionStateChangeEventArgs *e)
{
	ts_client *tc = context;
	if (e->state > tc->max_state)
		tc->max_state = e->state;
}

static BOOL pre_connect(freerdp *instance)
{
	ts_client *tc = (ts_client *)instance->context;
	rdpSettings *st = instance->settings;
	char err[TS_ERR_LEN] = "";
	if (tc->s->cfg.window && ts_window_prepare(tc, err)) {
		ts_state_error_text(tc->s, "%s", err);
		return FALSE;
	}
	if (tc->s->cfg.keyboard_layout == 0) /* detect from the local keyboard / locale */
		freerdp_settings_set_uint32(st, FreeRDP_KeyboardLayout, freerdp_keyboard_init(0));
	ts_cert_install(instance, &tc->s->cfg);
	if (!freerdp_client_load_addins(instance->context->channels, st)) {
		ts_state_error_text(tc->s, "cannot load the channel add-ins");
		return FALSE;
	}
	return TRUE;
}

static BOOL post_connect(freerdp *instance)
{
	ts_client *tc = (ts_client *)instance->context;
	char err[TS_ERR_LEN] = "";
	if (ts_stop_requested(tc->s)) /* cancelled meanwhile: no window flashing up */
		return FALSE;
	/* The window first: the GDI draws into its surface when the sizes match (framebuffer.c). */
	if (tc->win && ts_window_open(tc, err)) {
		ts_state_error_text(tc->s, "%s", err);
		return FALSE;
	}
	if (!instance->context->gdi && !ts_fb_gdi_init(tc)) {
		ts_state_error_text(tc->s, "cannot start the GDI");
		return FALSE;
	}
	rdpUpdate *u = instance->update;
	u->BeginPaint = begin_paint;
	u->EndPaint = end_paint;
	u->DesktopResize = desktop_resize;
	u->SaveSessionInfo = save_session_info;
	ts_pointer_register(instance->context);
	return TRUE;
}

static void post_disconnect(freerdp *instance)
{
	gdi_free(instance);
}

static BOOL client_new(freerdp *instance, rdpContext *context)
{
	instance->PreConnect = pre_connect;
	instance->PostConnect = post_connect;
	instance->PostDisconnect = post_disconnect;
	instance->Authenticate = authenticate;
	instance->GatewayAuthenticate = authenticate;
	instance->LogonErrorInfo = logon_error_info;
	instance->PresentGatewayMessage = gateway_message;
	((ts_client *)context)->connection_result = 1;
	PubSub_SubscribeConnectionResult(context->pubSub, on_connection_result);
	PubSub_SubscribeConnectionStateChange(context->pubSub, on_state_change);
	PubSub_SubscribeChannelConnected(context->pubSub, ts_channel_connected);
	PubSub_SubscribeChannelDisconnected(context->pubSub, ts_channel_disconnected);
	return TRUE;
}

static int client_start(rdpContext *context)
{
	ts_session *s = ((ts_client *)context)->s;
	if (pthread_create(&s->thread, NULL, ts_session_main, s) != 0)
		return -1;
	s->has_thread = true; /* only ts_session_free reads it, after connect returned */
	return 0;
}

void ts_client_entry_points(RDP_CLIENT_ENTRY_POINTS *ep)
{
	memset(ep, 0, sizeof(*ep));
	ep->Size = sizeof(*ep);
	ep->Version = RDP_CLIENT_INTERFACE_VERSION;
	ep->ContextSize = sizeof(ts_client);
	/* No GlobalInit: a client's global init is where signal handlers usually get installed. */
	ep->ClientNew = client_new;
	ep->ClientStart = client_start;
}
