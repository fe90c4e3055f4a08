/* RemoteApp: start the configured program once the server's rail handshake arrives. */
#ifndef TS_RAIL_H
#define TS_RAIL_H

#include "session.h"

void ts_rail_attach(ts_client *tc, void *rail_client_context);

#endif
