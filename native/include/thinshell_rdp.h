/*
 * thinshell_rdp: a small FreeRDP 2 client front end behind a flat C ABI, loaded with koffi by
 * the session worker process. One ts_session is one RDP connection with its own thread.
 *
 * Every function is thread-safe. The library keeps no global state beyond one-time init, never
 * installs signal handlers and never calls exit. Strings are UTF-8.
 */
#ifndef THINSHELL_RDP_H
#define THINSHELL_RDP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TS_API __attribute__((visibility("default")))
#else
#define TS_API
#endif

typedef struct ts_session ts_session;

typedef enum {
	TS_STATE_IDLE = 0,
	TS_STATE_CONNECTING = 1,
	TS_STATE_CONNECTED = 2,
	TS_STATE_LOGGED_ON = 3,
	TS_STATE_DISCONNECTED = 4,
	TS_STATE_FAILED = 5
} ts_state;

/* Addition to the ABI: a category for FAILED sessions, mapped from FreeRDP's last error and what
 * the library itself knows (its certificate policy rejected the server, a setting was bad). */
typedef enum {
	TS_ERROR_NONE = 0,
	TS_ERROR_CANCELLED = 1,        /* ts_session_disconnect during connect */
	TS_ERROR_UNREACHABLE = 2,      /* refused, timed out, network down */
	TS_ERROR_DNS = 3,
	TS_ERROR_AUTH_FAILED = 4,      /* wrong user name or password, logon failure */
	TS_ERROR_PASSWORD_EXPIRED = 5, /* expired or must be changed */
	TS_ERROR_ACCOUNT_LOCKED = 6,
	TS_ERROR_ACCOUNT_DISABLED = 7, /* disabled, expired, restricted, logon type not granted */
	TS_ERROR_CERTIFICATE = 8,      /* the certificate policy rejected the server */
	TS_ERROR_GATEWAY = 9,
	TS_ERROR_SERVER_DENIED = 10,   /* server full, denied, insufficient privileges */
	TS_ERROR_SECURITY = 11,        /* TLS / security negotiation failed */
	TS_ERROR_SETTINGS = 12,        /* a setting could not be applied */
	TS_ERROR_OTHER = 13
} ts_error_kind;

/* Why a session that was logged on ended (ts_session_end_reason); -1 while it has not ended. */
enum {
	TS_END_USER = 0,
	TS_END_SERVER_DISCONNECT = 1,
	TS_END_LOGGED_OFF = 2,
	TS_END_NETWORK_LOST = 3
};

TS_API const char *ts_version(void);
TS_API ts_session *ts_session_new(void);
/* Settings as key/value strings, before connect. Returns 0, or -1 for an unknown key / bad value
 * (ts_session_last_error_text says which). */
TS_API int ts_session_set(ts_session *s, const char *key, const char *value);
/* The password, copied into memory the library wipes on free; never logged. */
TS_API int ts_session_set_password(ts_session *s, const char *password, size_t len);
/* Addition: a separate gateway password (default: the session password). */
TS_API int ts_session_set_gateway_password(ts_session *s, const char *password, size_t len);
/* Starts the session on its own thread; returns at once (0) or -1 (already started, no memory). */
TS_API int ts_session_connect(ts_session *s);
/* Blocks up to timeout_ms (< 0: no limit) for the next state change and returns it. Changes are
 * queued, so a caller sees every state in order (CONNECTING, CONNECTED, LOGGED_ON, ...); with none
 * queued by the deadline it returns the current state. Safe from a koffi async worker thread. */
TS_API ts_state ts_session_wait(ts_session *s, int timeout_ms);
TS_API ts_state ts_session_state(ts_session *s);
/* Asks the session to end (abort connect / disconnect); returns at once; wait for
 * DISCONNECTED/FAILED. */
TS_API int ts_session_disconnect(ts_session *s);
/* FreeRDP's last error (freerdp_get_last_error) and a category for mapping: */
TS_API uint32_t ts_session_last_error(ts_session *s);
/* Owned by the session, valid until the next call. */
TS_API const char *ts_session_last_error_text(ts_session *s);
/* Addition: the category of the failure (ts_error_kind). */
TS_API int ts_session_error_kind(ts_session *s);
/* Why a session ended once logged on: 0 user, 1 server disconnect, 2 logged off by server,
 * 3 network lost (FreeRDP's disconnect reason / ERRINFO mapped); -1 while not ended. */
TS_API int ts_session_end_reason(ts_session *s);
/* Frees everything; disconnects first if needed; wipes the password. */
TS_API void ts_session_free(ts_session *s);

#ifdef __cplusplus
}
#endif

#endif
