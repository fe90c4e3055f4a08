/* FreeRDP announces each channel's client interface with ChannelConnected (from the thread
 * that opened it); we hook ours in and out here. The rest (rdpsnd, audin, rdpdr with drives
 * and smart cards, urbdrc) runs inside FreeRDP without us. */
#include "channels.h"

#include <string.h>

#include <freerdp/channels/rdpgfx.h>
#include <freerdp/client/rdpgfx.h>
#include <freerdp/gdi/gfx.h>
#include <freerdp/rail.h>

#include <winpr/wlog.h>

#include "clip.h"
#include "rail.h"
#include "session.h"

#define TAG "thinshell.channels"

void ts_channel_connected(void *context, ChannelConnectedEventArgs *e)
{
	ts_client *tc = context;
	rdpContext *ctx = context;
	WLog_INFO(TAG, "channel %s connected", e->name);
	if (strcmp(e->name, RDPGFX_DVC_CHANNEL_NAME) == 0)
		gdi_graphics_pipeline_init(ctx->gdi, (RdpgfxClientContext *)e->pInterface);
	else if (strcmp(e->name, DISP_DVC_CHANNEL_NAME) == 0)
		tc->disp = (DispClientContext *)e->pInterface;
	else if (strcmp(e->name, CLIPRDR_SVC_CHANNEL_NAME) == 0)
		ts_clip_attach(tc, (CliprdrClientContext *)e->pInterface);
	else if (strcmp(e->name, RAIL_SVC_CHANNEL_NAME) == 0)
		ts_rail_attach(tc, e->pInterface);
}

void ts_channel_disconnected(void *context, ChannelDisconnectedEventArgs *e)
{
	ts_client *tc = context;
	rdpContext *ctx = context;
	if (strcmp(e->name, RDPGFX_DVC_CHANNEL_NAME) == 0) {
		if (ctx->gdi)
			gdi_graphics_pipeline_uninit(ctx->gdi, (RdpgfxClientContext *)e->pInterface);
	} else if (strcmp(e->name, DISP_DVC_CHANNEL_NAME) == 0)
		tc->disp = NULL;
	else if (strcmp(e->name, CLIPRDR_SVC_CHANNEL_NAME) == 0)
		ts_clip_detach(tc);
}
