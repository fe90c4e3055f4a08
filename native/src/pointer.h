/* The server's mouse pointer shapes as SDL cursors (session thread). */
#ifndef TS_POINTER_H
#define TS_POINTER_H

#include "session.h"

/* post_connect, after gdi_init: FreeRDP's pointer updates go to the window's cursor. */
BOOL ts_pointer_register(rdpContext *context);

#endif
