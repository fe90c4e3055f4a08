/* With a window, the session thread sleeps in SDL_WaitEvent; this helper thread sleeps on
 * FreeRDP's handles and wakes it with an SDL event, then waits until that was handled. */
#ifndef TS_WAITER_H
#define TS_WAITER_H

#include "session.h"

typedef struct ts_waiter ts_waiter;

ts_waiter *ts_waiter_start(ts_client *tc);
/* The session thread processed FreeRDP's handles: look at them again. */
void ts_waiter_ack(ts_waiter *w);
void ts_waiter_stop(ts_waiter *w);
bool ts_loop_rdp_ready(ts_client *tc);

#endif
