/* The session thread. freerdp_connect blocks here; then the session runs here until it ends.
 * No polling: with a window, SDL_WaitEvent sleeps until an input event or a wake-up from the
 * waiter thread, which sleeps on FreeRDP's handles; without one, we sleep on those directly.
 * The host's disconnect sets stop_event (and FreeRDP's abort event), which wakes either. */
#include "loop.h"

#include <stdio.h>

#include <freerdp/error.h>
#include <winpr/wlog.h>

#include "clip.h"
#include "errors.h"
#include "input.h"
#include "session.h"
#include "waiter.h"
#include "window.h"

#define TAG "thinshell.loop"
/* MS-RDPBCGR 2.2.1.1.1 requestedProtocols: CredSSP (NLA); FreeRDP keeps these in nego.h. */
#define TS_PROTOCOL_HYBRID 0x2u
#define TS_PROTOCOL_HYBRID_EX 0x8u

/* client_auto_reconnect_ex calls this between attempts: keep the window alive, stop if asked. */
static BOOL between_attempts(freerdp *instance)
{
	ts_client *tc = (ts_client *)instance->context;
	SDL_Event ev;
	while (tc->win && SDL_PollEvent(&ev))
		if (ev.type == SDL_QUIT || (ev.type == SDL_WINDOWEVENT && ev.window.event == SDL_WINDOWEVENT_CLOSE))
			return FALSE; /* the window closed: give up */
	return !ts_stop_requested(tc->s);
}

/* FreeRDP has something for us: process it. False when the session is over. */
bool ts_loop_rdp_ready(ts_client *tc)
{
	freerdp *instance = tc->common.context.instance;
	rdpContext *ctx = &tc->common.context;
	if (ts_stop_requested(tc->s) || freerdp_shall_disconnect(instance))
		return false;
	/* FreeRDP ends the session on any channel's error; a microphone that cannot open (no
	 * sound device) must not take the desktop with it. The channel stays broken, the rest runs. */
	if (WaitForSingleObject(getChannelErrorEventHandle(ctx), 0) == WAIT_OBJECT_0) {
		WLog_WARN(TAG, "channel error 0x%08X (%s): the session goes on without it", getChannelError(ctx),
		          getChannelErrorDescription(ctx));
		clearChannelError(ctx);
	}
	if (freerdp_check_event_handles(ctx))
		return true;
	if (!tc->s->cfg.auto_reconnect || freerdp_error_info(instance) != 0)
		return false;
	ts_state_set(tc->s, TS_STATE_CONNECTING);
	tc->was_logged_on = false;
	if (!client_auto_reconnect_ex(instance, between_attempts))
		return false;
	ts_state_set(tc->s, TS_STATE_CONNECTED);
	/* As after the first connect: the sequence may have read past its end already. */
	return freerdp_check_event_handles(&tc->common.context) != FALSE;
}

static void run_headless(ts_client *tc)
{
	if (!ts_loop_rdp_ready(tc)) /* first without waiting: see waiter.c */
		return;
	for (;;) {
		HANDLE h[MAXIMUM_WAIT_OBJECTS];
		DWORD n = freerdp_get_event_handles(&tc->common.context, h, MAXIMUM_WAIT_OBJECTS - 1);
		h[n++] = tc->s->stop_event;
		if (WaitForMultipleObjects(n, h, FALSE, INFINITE) == WAIT_FAILED || !ts_loop_rdp_ready(tc))
			return;
	}
}

static void run_windowed(ts_client *tc)
{
	ts_waiter *w = ts_waiter_start(tc);
	if (!w) {
		WLog_ERR(TAG, "cannot start the waiter thread");
		return;
	}
	for (bool running = true; running;) {
		SDL_Event ev;
		if (!SDL_WaitEvent(&ev)) {
			WLog_ERR(TAG, "SDL_WaitEvent: %s", SDL_GetError());
			break;
		}
		do {
			if (ev.type == tc->win->ev_type && ev.user.code == TS_EV_RDP) {
				running = ts_loop_rdp_ready(tc);
				ts_waiter_ack(w);
			} else if (ev.type == tc->win->ev_type && ev.user.code == TS_EV_PAINT)
				ts_window_paint(tc);
			else if (ev.type == tc->win->ev_type && ev.user.code == TS_EV_CLIP)
				ts_clip_set_local(tc, ev.user.data1);
			else if (!ts_input_event(tc, &ev)) {
				pthread_mutex_lock(&tc->s->lock); /* the window was closed: the user ends it */
				tc->s->stop_requested = true;
				pthread_mutex_unlock(&tc->s->lock);
				running = false;
			}
		} while (running && SDL_PollEvent(&ev));
	}
	ts_waiter_stop(w);
}

typedef struct {
	bool fail;
	int reason, kind;
	uint32_t code;
	char text[TS_ERR_LEN * 2];
} outcome;

/* Read before freerdp_disconnect, which resets FreeRDP's error state. */
static void failed(ts_session *s, ts_client *tc, outcome *o)
{
	rdpContext *ctx = &tc->common.context;
	o->code = freerdp_get_last_error(ctx);
	if (ts_stop_requested(s)) {
		*o = (outcome){ .reason = TS_END_USER, .code = o->code, .kind = TS_ERROR_CANCELLED };
		snprintf(o->text, sizeof(o->text), "cancelled");
		return;
	}
	o->fail = true;
	const rdpSettings *st = ctx->settings;
	o->kind = ts_error_kind_of(o->code, tc->cert_rejected, st->GatewayEnabled);
	/* A server that checks NLA credentials itself (FreeRDP's, xrdp) just drops a wrong password.
	 * A drop after a verified TLS handshake (FreeRDP kept the certificate) in NLA is that. */
	const bool tls_done = freerdp_settings_get_uint32(st, FreeRDP_AcceptedCertLength) > 0;
	const bool nla = (freerdp_settings_get_uint32(st, FreeRDP_SelectedProtocol) & (TS_PROTOCOL_HYBRID | TS_PROTOCOL_HYBRID_EX)) != 0;
	if (o->kind == TS_ERROR_UNREACHABLE && tls_done && nla) {
		o->kind = TS_ERROR_AUTH_FAILED;
		snprintf(o->text, sizeof(o->text), "the server closed the connection during authentication (wrong user name or password?)");
		return;
	}
	pthread_mutex_lock(&s->lock);
	snprintf(o->text, sizeof(o->text), "%s", s->err_text); /* ours is more precise when set */
	pthread_mutex_unlock(&s->lock);
	if (!o->text[0])
		snprintf(o->text, sizeof(o->text), "%s: %s", freerdp_get_last_error_name(o->code),
		         freerdp_get_last_error_string(o->code));
}

static void ended(ts_session *s, ts_client *tc, outcome *o)
{
	rdpContext *ctx = &tc->common.context;
	const uint32_t info = freerdp_error_info(ctx->instance);
	o->code = freerdp_get_last_error(ctx);
	const bool user = ts_stop_requested(s);
	o->reason = user ? TS_END_USER : ts_end_reason_of(info, o->code);
	snprintf(o->text, sizeof(o->text), "%s",
	         user ? "disconnected by the user"
	         : info ? freerdp_get_error_info_string(info)
	         : o->code ? freerdp_get_last_error_string(o->code)
	                   : "the server closed the session");
}

void *ts_session_main(void *arg)
{
	ts_session *s = arg;
	ts_client *tc = (ts_client *)s->context;
	freerdp *instance = s->context->instance;
	ts_state_set(s, TS_STATE_CONNECTING);
	const BOOL ok = freerdp_connect(instance) && tc->connection_result == 0;
	if (ok) {
		ts_state_set(s, TS_STATE_CONNECTED);
		if (tc->win)
			run_windowed(tc);
		else
			run_headless(tc);
	}
	outcome o = { 0 };
	if (ok)
		ended(s, tc, &o);
	else
		failed(s, tc, &o);
	freerdp_disconnect(instance);
	ts_window_close(tc);
	/* Only now: when the host hears the session ended, its window is already gone. */
	if (o.fail)
		ts_state_fail(s, o.code, o.kind, "%s", o.text);
	else
		ts_state_end(s, o.reason, o.code, o.kind, o.text);
	pthread_mutex_lock(&s->lock);
	s->finished = true;
	const bool orphaned = s->orphaned;
	pthread_mutex_unlock(&s->lock);
	if (orphaned) /* ts_session_free gave up waiting for us */
		ts_session_release(s);
	return NULL;
}
