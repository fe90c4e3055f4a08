/* Clipboard (cliprdr): plain text both ways between the session and the local clipboard. */
#ifndef TS_CLIP_H
#define TS_CLIP_H

#include "session.h"

/* Channel events (ChannelConnected runs on the session thread for static channels). */
void ts_clip_attach(ts_client *tc, CliprdrClientContext *cliprdr);
void ts_clip_detach(ts_client *tc);
/* Session thread: SDL says the local clipboard changed. */
void ts_clip_local_changed(ts_client *tc);
/* Session thread: text the server's clipboard holds (TS_EV_CLIP); takes ownership. */
void ts_clip_set_local(ts_client *tc, char *utf8);

/* clip_text.c: CF_UNICODETEXT (UTF-16LE, CRLF, NUL-terminated) <-> UTF-8 with LF. */
char *ts_clip_from_wire(const BYTE *data, UINT32 len);
BYTE *ts_clip_to_wire(const char *utf8, UINT32 *len);

#endif
