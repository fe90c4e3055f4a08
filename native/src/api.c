/* The flat C ABI (include/thinshell_rdp.h). Everything here is safe from any thread: the
 * session's fields are guarded by its lock, and the FreeRDP context only changes hands
 * between connect (created), the session thread (used) and free (after the join). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <SDL.h>
#include <freerdp/primitives.h>
#include <freerdp/version.h>

#include "apply.h"
#include "session.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char version[96];

/* Process-wide, once: nothing here installs handlers or touches signals. */
static void init_once(void)
{
	/* FreeRDP would benchmark its pixel primitives (~300 ms) on first use: take the CPU ones. */
	primitives_set_hints(PRIMITIVES_ONLY_CPU);
	/* SDL installs SIGINT/SIGTERM handlers by default; the host owns its signals. */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0"); /* the shell's hotkey takes focus */
	SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
	snprintf(version, sizeof(version), "thinshell_rdp 0.1.0 (FreeRDP %s, SDL %d.%d.%d)", freerdp_get_version_string(),
	         SDL_MAJOR_VERSION, SDL_MINOR_VERSION, SDL_PATCHLEVEL);
}

const char *ts_version(void)
{
	pthread_once(&once, init_once);
	return version;
}

ts_session *ts_session_new(void)
{
	pthread_once(&once, init_once);
	ts_session *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&s->changed, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&s->lock, NULL);
	ts_config_init(&s->cfg);
	s->end_reason = -1;
	s->stop_event = CreateEvent(NULL, TRUE, FALSE, NULL);
	if (!s->stop_event) {
		free(s);
		return NULL;
	}
	return s;
}

int ts_session_set(ts_session *s, const char *key, const char *value)
{
	if (!s)
		return -1;
	char err[TS_ERR_LEN] = "";
	pthread_mutex_lock(&s->lock);
	int rc = -1;
	if (s->started)
		snprintf(err, sizeof(err), "%s: settings are fixed once the session started", key ? key : "(null)");
	else
		rc = ts_config_set(&s->cfg, key, value, err);
	if (rc)
		snprintf(s->err_text, sizeof(s->err_text), "%s", err);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static void wipe(char **p, size_t *len)
{
	if (!*p)
		return;
	explicit_bzero(*p, *len + 1);
	munlock(*p, *len + 1);
	free(*p);
	*p = NULL;
	*len = 0;
}

static int keep_secret(ts_session *s, char **slot, size_t *slot_len, const char *pw, size_t len)
{
	if (!s || (!pw && len) || (pw && memchr(pw, '\0', len)))
		return -1; /* FreeRDP takes C strings: an embedded NUL would cut the password */
	char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	if (len)
		memcpy(copy, pw, len);
	copy[len] = '\0';
	mlock(copy, len + 1); /* best effort: keep it out of swap */
	pthread_mutex_lock(&s->lock);
	int rc = -1;
	if (!s->started) {
		wipe(slot, slot_len);
		*slot = copy;
		*slot_len = len;
		copy = NULL;
		rc = 0;
	} else
		snprintf(s->err_text, sizeof(s->err_text), "password: fixed once the session started");
	pthread_mutex_unlock(&s->lock);
	wipe(&copy, &len);
	return rc;
}

int ts_session_set_password(ts_session *s, const char *password, size_t len)
{
	return keep_secret(s, s ? &s->password : NULL, s ? &s->password_len : NULL, password, len);
}

int ts_session_set_gateway_password(ts_session *s, const char *password, size_t len)
{
	return keep_secret(s, s ? &s->gw_password : NULL, s ? &s->gw_password_len : NULL, password, len);
}
