/* The ABI's session lifecycle: connect, wait, disconnect, errors, free. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <freerdp/error.h>

#include "apply.h"
#include "session.h"

int ts_session_connect(ts_session *s)
{
	if (!s)
		return -1;
	pthread_mutex_lock(&s->lock);
	if (s->started) {
		snprintf(s->err_text, sizeof(s->err_text), "connect: the session was already started");
		pthread_mutex_unlock(&s->lock);
		return -1;
	}
	s->started = true;
	s->err_text[0] = '\0';
	pthread_mutex_unlock(&s->lock);

	/* From here the config and passwords are read-only: no lock needed to read them. */
	RDP_CLIENT_ENTRY_POINTS ep;
	ts_client_entry_points(&ep);
	rdpContext *ctx = freerdp_client_context_new(&ep);
	char err[TS_ERR_LEN] = "";
	if (!ctx)
		snprintf(err, sizeof(err), "cannot create the FreeRDP context");
	else {
		((ts_client *)ctx)->s = s;
		pthread_mutex_lock(&s->lock);
		s->context = ctx;
		pthread_mutex_unlock(&s->lock);
		if (ts_apply(ctx->settings, &s->cfg, s->password, s->gw_password, err) == 0 && freerdp_client_start(ctx) != 0)
			snprintf(err, sizeof(err), "cannot start the session thread");
	}
	if (!err[0])
		return 0;
	ts_state_fail(s, 0, TS_ERROR_SETTINGS, "%s", err);
	return -1;
}

ts_state ts_session_wait(ts_session *s, int timeout_ms)
{
	if (!s)
		return TS_STATE_FAILED;
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	if (timeout_ms > 0) {
		until.tv_sec += timeout_ms / 1000;
		until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
	}
	pthread_mutex_lock(&s->lock);
	for (;;) {
		if (s->q_len > 0) {
			ts_state next = s->queue[s->q_head];
			s->q_head = (s->q_head + 1) % TS_QUEUE_LEN;
			s->q_len--;
			pthread_mutex_unlock(&s->lock);
			return next;
		}
		/* Nothing more will ever come after an end: don't make the caller sit out its timeout. */
		if (timeout_ms == 0 || s->state == TS_STATE_DISCONNECTED || s->state == TS_STATE_FAILED)
			break;
		if (timeout_ms < 0)
			pthread_cond_wait(&s->changed, &s->lock);
		else if (pthread_cond_timedwait(&s->changed, &s->lock, &until) == ETIMEDOUT)
			break;
	}
	ts_state now = s->state;
	pthread_mutex_unlock(&s->lock);
	return now;
}

ts_state ts_session_state(ts_session *s)
{
	if (!s)
		return TS_STATE_FAILED;
	pthread_mutex_lock(&s->lock);
	ts_state now = s->state;
	pthread_mutex_unlock(&s->lock);
	return now;
}

int ts_session_disconnect(ts_session *s)
{
	if (!s)
		return -1;
	pthread_mutex_lock(&s->lock);
	s->stop_requested = true;
	rdpContext *ctx = s->context;
	/* Still connecting and nothing on screen: it ends now. FreeRDP 2 may not notice the abort
	 * until the server answers (see ts_session_free), and the host must not wait for that. */
	const bool now = s->state == TS_STATE_CONNECTING && !s->window_up;
	const bool running = s->state != TS_STATE_IDLE && s->state != TS_STATE_DISCONNECTED && s->state != TS_STATE_FAILED;
	pthread_mutex_unlock(&s->lock);
	if (now)
		ts_state_end(s, TS_END_USER, FREERDP_ERROR_CONNECT_CANCELLED, TS_ERROR_CANCELLED, "cancelled");
	SetEvent(s->stop_event);
	if (ctx && (running || now))
		freerdp_abort_connect(ctx->instance); /* only sets FreeRDP's abort event: thread-safe */
	return 0;
}

uint32_t ts_session_last_error(ts_session *s)
{
	if (!s)
		return 0;
	pthread_mutex_lock(&s->lock);
	uint32_t e = s->last_error;
	pthread_mutex_unlock(&s->lock);
	return e;
}

const char *ts_session_last_error_text(ts_session *s)
{
	if (!s)
		return "no session";
	pthread_mutex_lock(&s->lock);
	memcpy(s->err_out, s->err_text, sizeof(s->err_out));
	pthread_mutex_unlock(&s->lock);
	return s->err_out;
}

int ts_session_error_kind(ts_session *s)
{
	if (!s)
		return TS_ERROR_OTHER;
	pthread_mutex_lock(&s->lock);
	int k = s->error_kind;
	pthread_mutex_unlock(&s->lock);
	return k;
}

int ts_session_end_reason(ts_session *s)
{
	if (!s)
		return -1;
	pthread_mutex_lock(&s->lock);
	int r = s->end_reason;
	pthread_mutex_unlock(&s->lock);
	return r;
}

static void wipe_setting(rdpSettings *st, size_t id)
{
	char *p = (char *)freerdp_settings_get_string(st, id);
	if (p)
		explicit_bzero(p, strlen(p));
}

void ts_session_release(ts_session *s)
{
	if (s->context) {
		/* FreeRDP keeps its own copies of the passwords in the settings: wipe those too. */
		wipe_setting(s->context->settings, FreeRDP_Password);
		wipe_setting(s->context->settings, FreeRDP_GatewayPassword);
		freerdp_client_context_free(s->context);
	}
	if (s->password) {
		explicit_bzero(s->password, s->password_len + 1);
		munlock(s->password, s->password_len + 1);
		free(s->password);
	}
	if (s->gw_password) {
		explicit_bzero(s->gw_password, s->gw_password_len + 1);
		munlock(s->gw_password, s->gw_password_len + 1);
		free(s->gw_password);
	}
	ts_config_clear(&s->cfg);
	CloseHandle(s->stop_event);
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* FreeRDP 2 ignores the abort while it waits for a silent server in the connect sequence
 * (transport_read_layer retries forever). Rather than hang the caller, free waits a bounded
 * time and then leaves the session to its thread, which releases it when FreeRDP returns. */
#define TS_JOIN_MS 2000

void ts_session_free(ts_session *s)
{
	if (!s)
		return;
	ts_session_disconnect(s);
	if (s->has_thread) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until); /* pthread_timedjoin_np takes CLOCK_REALTIME */
		until.tv_sec += TS_JOIN_MS / 1000;
		if (pthread_timedjoin_np(s->thread, NULL, &until) != 0) {
			pthread_mutex_lock(&s->lock);
			const bool done = s->finished;
			s->orphaned = !done;
			pthread_mutex_unlock(&s->lock);
			if (!done) {
				pthread_detach(s->thread);
				return;
			}
			pthread_join(s->thread, NULL);
		}
	}
	ts_session_release(s);
}
