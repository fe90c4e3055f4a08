/* Channel add-ins that need our side once connected: rdpgfx (GDI surfaces), disp (resize),
 * cliprdr (clipboard), rail (RemoteApp start). */
#ifndef TS_CHANNELS_H
#define TS_CHANNELS_H

#include <freerdp/event.h>

void ts_channel_connected(void *context, ChannelConnectedEventArgs *e);
void ts_channel_disconnected(void *context, ChannelDisconnectedEventArgs *e);

#endif
