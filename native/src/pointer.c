/* Remote pointer shapes: FreeRDP decodes each one (colour or monochrome, with its AND mask) to
 * 32-bit BGRA, which SDL turns into a cursor. Pointer updates arrive on the session thread,
 * the thread that owns the window. Without a window (connection tests) they are ignored. */
#include "pointer.h"

#include <stdlib.h>

#include <SDL.h>
#include <freerdp/codec/color.h>
#include <freerdp/gdi/gdi.h>
#include <freerdp/graphics.h>

#include <winpr/wlog.h>

#include "window.h"

#define TAG "thinshell.pointer"

typedef struct {
	rdpPointer pointer; /* first: FreeRDP allocates `size` bytes and fills this part */
	SDL_Cursor *cursor;
} ts_pointer;

static BOOL pointer_new(rdpContext *context, rdpPointer *p)
{
	ts_client *tc = (ts_client *)context;
	ts_pointer *tp = (ts_pointer *)p;
	if (!tc->win || p->width == 0 || p->height == 0 || p->width > 384 || p->height > 384)
		return TRUE;
	const UINT32 stride = p->width * 4;
	BYTE *pixels = calloc(p->height, stride);
	if (!pixels)
		return FALSE;
	SDL_Surface *s = NULL;
	if (freerdp_image_copy_from_pointer_data(pixels, PIXEL_FORMAT_BGRA32, stride, 0, 0, p->width, p->height,
	                                         p->xorMaskData, p->lengthXorMask, p->andMaskData,
	                                         p->lengthAndMask, p->xorBpp, &context->gdi->palette))
		s = SDL_CreateRGBSurfaceWithFormatFrom(pixels, (int)p->width, (int)p->height, 32, (int)stride,
		                                       SDL_PIXELFORMAT_ARGB8888); /* BGRA in memory */
	if (s) {
		tp->cursor = SDL_CreateColorCursor(s, (int)p->xPos, (int)p->yPos);
		WLog_DBG(TAG, "pointer %ux%u hotspot %u,%u: %s", p->width, p->height, p->xPos, p->yPos,
		         tp->cursor ? "ok" : SDL_GetError());
		SDL_FreeSurface(s);
	}
	free(pixels);
	return TRUE; /* a shape we cannot show is not worth ending the session for */
}

static void pointer_free(rdpContext *context, rdpPointer *p)
{
	ts_pointer *tp = (ts_pointer *)p;
	/* After the window closed, SDL's video quit already freed every cursor. */
	if (tp->cursor && ((ts_client *)context)->win)
		SDL_FreeCursor(tp->cursor);
	tp->cursor = NULL;
}

static BOOL pointer_set(rdpContext *context, const rdpPointer *p)
{
	const ts_pointer *tp = (const ts_pointer *)p;
	if (((ts_client *)context)->win && tp->cursor) {
		SDL_SetCursor(tp->cursor);
		SDL_ShowCursor(SDL_ENABLE);
	}
	return TRUE;
}

static BOOL pointer_set_null(rdpContext *context)
{
	if (((ts_client *)context)->win)
		SDL_ShowCursor(SDL_DISABLE);
	return TRUE;
}

static BOOL pointer_set_default(rdpContext *context)
{
	if (((ts_client *)context)->win) {
		SDL_SetCursor(SDL_GetDefaultCursor());
		SDL_ShowCursor(SDL_ENABLE);
	}
	return TRUE;
}

/* The server moves the pointer (rare: some apps warp it). Desktop to window coordinates. */
static BOOL pointer_set_position(rdpContext *context, UINT32 x, UINT32 y)
{
	ts_client *tc = (ts_client *)context;
	ts_window *win = tc->win;
	if (!win || !win->sdl || win->src_w <= 0 || win->src_h <= 0)
		return TRUE;
	const int wx = win->dst.x + (int)((double)x * win->dst.w / win->src_w);
	const int wy = win->dst.y + (int)((double)y * win->dst.h / win->src_h);
	if (SDL_GetMouseFocus() == win->sdl) /* never pull the pointer into a window it is not in */
		SDL_WarpMouseInWindow(win->sdl, wx, wy);
	return TRUE;
}

BOOL ts_pointer_register(rdpContext *context)
{
	rdpPointer p = { 0 };
	p.size = sizeof(ts_pointer);
	p.New = pointer_new;
	p.Free = pointer_free;
	p.Set = pointer_set;
	p.SetNull = pointer_set_null;
	p.SetDefault = pointer_set_default;
	p.SetPosition = pointer_set_position;
	graphics_register_pointer(context->graphics, &p);
	return TRUE;
}
