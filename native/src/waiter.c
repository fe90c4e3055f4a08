/* The waiter thread only waits: all of FreeRDP's processing stays on the session thread, so
 * FreeRDP's callbacks and SDL calls happen on one thread. The ack keeps it from spinning on
 * handles that stay signalled until the session thread has read them. */
#include "waiter.h"

#include <stdlib.h>

#include <SDL.h>

#include "window.h"

struct ts_waiter {
	ts_client *tc;
	pthread_t thread;
	HANDLE ack, quit; /* manual-reset both: WinPR 2 has no auto-reset events */
};

static bool quitting(ts_waiter *w)
{
	return WaitForSingleObject(w->quit, 0) == WAIT_OBJECT_0;
}

static void *waiter_main(void *arg)
{
	ts_waiter *w = arg;
	rdpContext *ctx = &w->tc->common.context;
	/* The first round goes without waiting: freerdp_connect may have read past the end of the
	 * connection sequence, and that data will not make the socket readable again. */
	for (bool first = true; !quitting(w); first = false) {
		HANDLE h[MAXIMUM_WAIT_OBJECTS];
		DWORD n = freerdp_get_event_handles(ctx, h, MAXIMUM_WAIT_OBJECTS - 2);
		h[n++] = w->tc->s->stop_event;
		h[n++] = w->quit;
		if (!first && (WaitForMultipleObjects(n, h, FALSE, INFINITE) == WAIT_FAILED || quitting(w)))
			break;
		SDL_Event ev = { 0 };
		ev.type = w->tc->win->ev_type;
		ev.user.code = TS_EV_RDP;
		if (SDL_PushEvent(&ev) < 0)
			break;
		HANDLE again[2] = { w->ack, w->quit };
		WaitForMultipleObjects(2, again, FALSE, INFINITE);
		ResetEvent(w->ack);
	}
	return NULL;
}

ts_waiter *ts_waiter_start(ts_client *tc)
{
	ts_waiter *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->tc = tc;
	w->ack = CreateEvent(NULL, TRUE, FALSE, NULL);
	w->quit = CreateEvent(NULL, TRUE, FALSE, NULL);
	if (w->ack && w->quit && pthread_create(&w->thread, NULL, waiter_main, w) == 0)
		return w;
	if (w->ack)
		CloseHandle(w->ack);
	if (w->quit)
		CloseHandle(w->quit);
	free(w);
	return NULL;
}

void ts_waiter_ack(ts_waiter *w)
{
	SetEvent(w->ack);
}

void ts_waiter_stop(ts_waiter *w)
{
	SetEvent(w->quit);
	pthread_join(w->thread, NULL);
	CloseHandle(w->ack);
	CloseHandle(w->quit);
	free(w);
}
