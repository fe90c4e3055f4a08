/* The session's state machine as the host sees it: every change is queued for ts_session_wait,
 * so a waiter never misses CONNECTED between CONNECTING and LOGGED_ON, and terminal states are
 * final. Called from the session thread and from FreeRDP's channel threads (first paint). */
#include <stdarg.h>
#include <stdio.h>

#include "session.h"

static bool terminal(ts_state st)
{
	return st == TS_STATE_DISCONNECTED || st == TS_STATE_FAILED;
}

static void set_locked(ts_session *s, ts_state next)
{
	if (s->state == next || terminal(s->state))
		return;
	/* LOGGED_ON only follows CONNECTED: a late first frame must not undo an ending. */
	if (next == TS_STATE_LOGGED_ON && s->state != TS_STATE_CONNECTED)
		return;
	s->state = next;
	if (s->q_len == TS_QUEUE_LEN) { /* only a reconnect storm gets here: keep the newest */
		s->q_head = (s->q_head + 1) % TS_QUEUE_LEN;
		s->q_len--;
	}
	s->queue[(s->q_head + s->q_len++) % TS_QUEUE_LEN] = next;
	pthread_cond_broadcast(&s->changed);
}

void ts_state_set(ts_session *s, ts_state next)
{
	pthread_mutex_lock(&s->lock);
	set_locked(s, next);
	pthread_mutex_unlock(&s->lock);
}

void ts_state_fail(ts_session *s, uint32_t code, int kind, const char *fmt, ...)
{
	pthread_mutex_lock(&s->lock);
	if (!terminal(s->state)) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(s->err_text, sizeof(s->err_text), fmt, ap);
		va_end(ap);
		s->last_error = code;
		s->error_kind = kind;
		set_locked(s, TS_STATE_FAILED);
	}
	pthread_mutex_unlock(&s->lock);
}

void ts_state_error_text(ts_session *s, const char *fmt, ...)
{
	pthread_mutex_lock(&s->lock);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err_text, sizeof(s->err_text), fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&s->lock);
}

bool ts_stop_requested(ts_session *s)
{
	pthread_mutex_lock(&s->lock);
	bool stop = s->stop_requested;
	pthread_mutex_unlock(&s->lock);
	return stop;
}

void ts_state_end(ts_session *s, int reason, uint32_t code, int kind, const char *text)
{
	pthread_mutex_lock(&s->lock);
	if (!terminal(s->state)) {
		s->end_reason = reason;
		s->last_error = code;
		s->error_kind = kind;
		if (text)
			snprintf(s->err_text, sizeof(s->err_text), "%s", text);
		set_locked(s, TS_STATE_DISCONNECTED);
	}
	pthread_mutex_unlock(&s->lock);
}
