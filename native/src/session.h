/* The session object behind the ABI, and the FreeRDP context it drives. */
#ifndef TS_SESSION_H
#define TS_SESSION_H

#include <pthread.h>
#include <stdbool.h>

#include <freerdp/client.h>
#include <freerdp/client/disp.h>
#include <freerdp/client/cliprdr.h>
#include <winpr/synch.h>

#include "../include/thinshell_rdp.h"
#include "config.h"

#define TS_QUEUE_LEN 32

typedef struct ts_window ts_window;
typedef struct ts_clip ts_clip;

struct ts_session {
	pthread_mutex_t lock; /* guards everything below up to `context` */
	pthread_cond_t changed;
	ts_config cfg;
	char *password, *gw_password; /* locked, wiped on free */
	size_t password_len, gw_password_len;
	ts_state state;
	ts_state queue[TS_QUEUE_LEN]; /* changes not yet returned by ts_session_wait */
	unsigned q_head, q_len;
	uint32_t last_error;
	int error_kind;
	int end_reason;
	char err_text[TS_ERR_LEN * 2];
	char err_out[TS_ERR_LEN * 2]; /* what ts_session_last_error_text handed out */
	bool started, stop_requested, has_thread;
	bool finished, orphaned; /* see ts_session_free: a thread stuck in FreeRDP frees the session */
	bool window_up;          /* the session window exists (post_connect .. the end) */
	pthread_t thread;
	rdpContext *context; /* set by connect, freed by ts_session_free after the join */
	HANDLE stop_event;   /* set by ts_session_disconnect: wakes the session loop */
};

/* Our rdpContext: FreeRDP allocates it (ContextSize) with the common client part first. */
typedef struct {
	rdpClientContext common;
	ts_session *s;
	ts_window *win;
	ts_clip *clip;
	DispClientContext *disp;
	volatile int connection_result; /* from the ConnectionResult event; 1 until it arrives */
	bool cert_rejected;             /* our certificate policy said no */
	volatile int max_state;         /* the furthest CONNECTION_STATE_* the connect got to */
	bool was_logged_on;
} ts_client;

/* state.c: the state machine and what the host reads. */
void ts_state_set(ts_session *s, ts_state next);
void ts_state_fail(ts_session *s, uint32_t code, int kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void ts_state_error_text(ts_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool ts_stop_requested(ts_session *s);
void ts_state_end(ts_session *s, int reason, uint32_t code, int kind, const char *text);

/* client.c: FreeRDP's entry points for our client. */
void ts_client_entry_points(RDP_CLIENT_ENTRY_POINTS *ep);

/* api_session.c: everything ts_session_free releases, once the session thread is done. */
void ts_session_release(ts_session *s);

#endif
