/* Text clipboard over cliprdr. The channel's callbacks run on its own thread: they never touch
 * SDL, they post TS_EV_CLIP to the session thread, which owns the local clipboard. What we put
 * there from the server is remembered, so its change event is not offered straight back. */
#include "clip.h"

#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <winpr/user.h>

#include "window.h"

struct ts_clip {
	CliprdrClientContext *cc;
	pthread_mutex_t lock; /* local, from_server, ready */
	char *local;          /* the local clipboard's text, offered to the server */
	char *from_server;    /* the text we last set locally from the server */
	bool ready;           /* the server's Monitor Ready came */
};

static UINT send_format_list(ts_clip *c)
{
	CLIPRDR_FORMAT text = { CF_UNICODETEXT, NULL };
	CLIPRDR_FORMAT_LIST list = { 0 };
	list.msgType = CB_FORMAT_LIST;
	pthread_mutex_lock(&c->lock);
	list.numFormats = (c->local && *c->local) ? 1 : 0;
	pthread_mutex_unlock(&c->lock);
	list.formats = &text;
	return c->cc->ClientFormatList(c->cc, &list);
}

static UINT monitor_ready(CliprdrClientContext *cc, const CLIPRDR_MONITOR_READY *m)
{
	(void)m;
	ts_clip *c = ((ts_client *)cc->custom)->clip;
	CLIPRDR_GENERAL_CAPABILITY_SET general = { CB_CAPSTYPE_GENERAL, CB_CAPSTYPE_GENERAL_LEN, CB_CAPS_VERSION_2,
		                                       CB_USE_LONG_FORMAT_NAMES };
	CLIPRDR_CAPABILITIES caps = { 0 };
	caps.cCapabilitiesSets = 1;
	caps.capabilitySets = (CLIPRDR_CAPABILITY_SET *)&general;
	UINT rc = cc->ClientCapabilities(cc, &caps);
	pthread_mutex_lock(&c->lock);
	c->ready = true;
	pthread_mutex_unlock(&c->lock);
	return rc == CHANNEL_RC_OK ? send_format_list(c) : rc;
}

static UINT server_caps(CliprdrClientContext *cc, const CLIPRDR_CAPABILITIES *caps)
{
	(void)cc, (void)caps;
	return CHANNEL_RC_OK;
}

/* The server's clipboard changed: acknowledge, and fetch its text if there is a window. */
static UINT server_format_list(CliprdrClientContext *cc, const CLIPRDR_FORMAT_LIST *list)
{
	CLIPRDR_FORMAT_LIST_RESPONSE ok = { 0 };
	ok.msgType = CB_FORMAT_LIST_RESPONSE;
	ok.msgFlags = CB_RESPONSE_OK;
	UINT rc = cc->ClientFormatListResponse(cc, &ok);
	bool text = false;
	for (UINT32 i = 0; i < list->numFormats; i++)
		text = text || list->formats[i].formatId == CF_UNICODETEXT;
	if (rc != CHANNEL_RC_OK || !text || !((ts_client *)cc->custom)->win)
		return rc;
	CLIPRDR_FORMAT_DATA_REQUEST req = { 0 };
	req.msgType = CB_FORMAT_DATA_REQUEST;
	req.requestedFormatId = CF_UNICODETEXT;
	return cc->ClientFormatDataRequest(cc, &req);
}

static UINT server_data(CliprdrClientContext *cc, const CLIPRDR_FORMAT_DATA_RESPONSE *r)
{
	ts_client *tc = cc->custom;
	char *text = (r->msgFlags & CB_RESPONSE_OK) ? ts_clip_from_wire(r->requestedFormatData, r->dataLen) : NULL;
	if (!text || !tc->win) {
		free(text);
		return CHANNEL_RC_OK;
	}
	SDL_Event ev = { 0 };
	ev.type = tc->win->ev_type;
	ev.user.code = TS_EV_CLIP;
	ev.user.data1 = text;
	if (SDL_PushEvent(&ev) < 0)
		free(text);
	return CHANNEL_RC_OK;
}

/* The server pastes: hand over the local text. */
static UINT server_data_request(CliprdrClientContext *cc, const CLIPRDR_FORMAT_DATA_REQUEST *req)
{
	ts_clip *c = ((ts_client *)cc->custom)->clip;
	CLIPRDR_FORMAT_DATA_RESPONSE r = { 0 };
	r.msgType = CB_FORMAT_DATA_RESPONSE;
	r.msgFlags = CB_RESPONSE_FAIL;
	BYTE *wire = NULL;
	pthread_mutex_lock(&c->lock);
	if (req->requestedFormatId == CF_UNICODETEXT && c->local)
		wire = ts_clip_to_wire(c->local, &r.dataLen);
	pthread_mutex_unlock(&c->lock);
	if (wire) {
		r.msgFlags = CB_RESPONSE_OK;
		r.requestedFormatData = wire;
	}
	UINT rc = cc->ClientFormatDataResponse(cc, &r);
	free(wire);
	return rc;
}

void ts_clip_attach(ts_client *tc, CliprdrClientContext *cc)
{
	ts_clip *c = calloc(1, sizeof(*c));
	if (!c)
		return;
	c->cc = cc;
	pthread_mutex_init(&c->lock, NULL);
	if (tc->win && SDL_HasClipboardText()) { /* the session thread: SDL may be asked */
		char *t = SDL_GetClipboardText();
		c->local = t ? strdup(t) : NULL;
		SDL_free(t);
	}
	tc->clip = c;
	cc->custom = tc;
	cc->MonitorReady = monitor_ready;
	cc->ServerCapabilities = server_caps;
	cc->ServerFormatList = server_format_list;
	cc->ServerFormatDataResponse = server_data;
	cc->ServerFormatDataRequest = server_data_request;
}

void ts_clip_detach(ts_client *tc)
{
	ts_clip *c = tc->clip;
	if (!c)
		return;
	tc->clip = NULL;
	free(c->local);
	free(c->from_server);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void ts_clip_local_changed(ts_client *tc)
{
	ts_clip *c = tc->clip;
	if (!c)
		return;
	char *t = SDL_GetClipboardText();
	pthread_mutex_lock(&c->lock);
	const bool echo = t && c->from_server && strcmp(t, c->from_server) == 0;
	if (!echo) {
		free(c->local);
		c->local = (t && *t) ? strdup(t) : NULL;
	}
	const bool send = !echo && c->ready;
	pthread_mutex_unlock(&c->lock);
	SDL_free(t);
	if (send)
		send_format_list(c);
}

void ts_clip_set_local(ts_client *tc, char *utf8)
{
	ts_clip *c = tc->clip;
	if (!c) {
		free(utf8);
		return;
	}
	pthread_mutex_lock(&c->lock);
	free(c->from_server);
	c->from_server = utf8;
	free(c->local); /* the clipboard now holds the server's text: nothing local to offer */
	c->local = NULL;
	pthread_mutex_unlock(&c->lock);
	SDL_SetClipboardText(utf8);
}
