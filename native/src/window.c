/* Painting: FreeRDP's GDI draws the desktop; EndPaint reports the invalid area
 * (ts_window_invalidate, any thread), and the session thread pushes only those rectangles to the
 * screen. Usually the GDI draws straight into the window surface (framebuffer.c) and there is
 * nothing to copy; when the picture is scaled, the session thread copies the invalid area from
 * the GDI's own buffer into the window surface first. Both hold FreeRDP's update lock, so the
 * screen never gets a half-drawn frame. */
#include "window.h"

#include <freerdp/gdi/gdi.h>

void ts_window_invalidate(ts_client *tc, int x, int y, int w, int h)
{
	ts_window *win = tc->win;
	if (!win || w <= 0 || h <= 0)
		return;
	const RECTANGLE_16 r = { (UINT16)(x < 0 ? 0 : x), (UINT16)(y < 0 ? 0 : y),
		                     (UINT16)(x + w > 0xffff ? 0xffff : x + w), (UINT16)(y + h > 0xffff ? 0xffff : y + h) };
	pthread_mutex_lock(&win->dirty_lock);
	region16_union_rect(&win->dirty, &win->dirty, &r);
	const bool post = !win->paint_posted;
	win->paint_posted = true;
	pthread_mutex_unlock(&win->dirty_lock);
	if (post) {
		SDL_Event ev = { 0 };
		ev.type = win->ev_type;
		ev.user.code = TS_EV_PAINT;
		SDL_PushEvent(&ev);
	}
}

static void fit(ts_window *win, int ww, int wh)
{
	if (win->src_w == ww && win->src_h == wh) {
		win->dst = (SDL_Rect){ 0, 0, ww, wh };
		return;
	}
	/* The server chose another size (the shadow server forces its own): scale to fit, centred. */
	double sx = (double)ww / win->src_w, sy = (double)wh / win->src_h, s = sx < sy ? sx : sy;
	int w = (int)(win->src_w * s + 0.5), h = (int)(win->src_h * s + 0.5);
	win->dst = (SDL_Rect){ (ww - w) / 2, (wh - h) / 2, w, h };
}

void ts_window_layout(ts_client *tc)
{
	ts_window *win = tc->win;
	int ww = 0, wh = 0;
	SDL_GetWindowSize(win->sdl, &ww, &wh);
	if (win->src_w > 0 && ww > 0)
		fit(win, ww, wh);
	pthread_mutex_lock(&win->dirty_lock);
	win->full = true;
	pthread_mutex_unlock(&win->dirty_lock);
}

/* Called with the update lock held: follow a gdi_resize or a change of where the GDI draws (new
 * buffer, size or stride). In copy mode `src` wraps the GDI's buffer; drawing direct needs none. */
static bool track_source(ts_window *win, rdpGdi *gdi, SDL_Surface *out, bool direct)
{
	if (win->src_buf == gdi->primary_buffer && win->src_w == (int)gdi->width && win->src_h == (int)gdi->height &&
	    win->src_stride == (int)gdi->stride && (direct || win->src))
		return false;
	SDL_FreeSurface(win->src);
	win->src = NULL;
	if (!direct) {
		win->src = SDL_CreateRGBSurfaceWithFormatFrom(gdi->primary_buffer, (int)gdi->width, (int)gdi->height, 32,
		                                              (int)gdi->stride, SDL_PIXELFORMAT_RGB888);
		if (win->src)
			SDL_SetSurfaceBlendMode(win->src, SDL_BLENDMODE_NONE);
	}
	win->src_buf = gdi->primary_buffer;
	win->src_w = (int)gdi->width;
	win->src_h = (int)gdi->height;
	win->src_stride = (int)gdi->stride;
	fit(win, out->w, out->h);
	return true;
}

/* Drawing direct: the pixels are in the window surface already; show the invalid rectangles. */
static void show_direct(ts_window *win, REGION16 *todo, bool full)
{
	if (full) {
		SDL_UpdateWindowSurface(win->sdl);
		return;
	}
	UINT32 n = 0;
	const RECTANGLE_16 *rects = region16_rects(todo, &n);
	SDL_Rect *shown = n ? SDL_malloc(sizeof(SDL_Rect) * n) : NULL;
	for (UINT32 i = 0; shown && i < n; i++)
		shown[i] = (SDL_Rect){ rects[i].left, rects[i].top, rects[i].right - rects[i].left, rects[i].bottom - rects[i].top };
	if (shown)
		SDL_UpdateWindowSurfaceRects(win->sdl, shown, (int)n);
	SDL_free(shown);
}

void ts_window_paint(ts_client *tc)
{
	ts_window *win = tc->win;
	rdpContext *ctx = &tc->common.context;
	REGION16 todo;
	region16_init(&todo);
	pthread_mutex_lock(&win->dirty_lock);
	region16_copy(&todo, &win->dirty);
	region16_clear(&win->dirty);
	bool full = win->full;
	win->full = false;
	win->paint_posted = false;
	pthread_mutex_unlock(&win->dirty_lock);

	EnterCriticalSection(&ctx->update->mux);
	SDL_Surface *out = ts_fb_surface(tc);
	rdpGdi *gdi = ctx->gdi;
	if (!out || !gdi || !gdi->primary_buffer) {
		LeaveCriticalSection(&ctx->update->mux);
		region16_uninit(&todo);
		return;
	}
	const bool direct = ts_fb_direct(tc);
	full = track_source(win, gdi, out, direct) || full;
	const bool scaled = win->dst.w != win->src_w || win->dst.h != win->src_h;
	if (direct) {
		show_direct(win, &todo, full); /* under the lock: the X server reads these very pixels */
		LeaveCriticalSection(&ctx->update->mux);
	} else if (!win->src) {
		LeaveCriticalSection(&ctx->update->mux);
	} else if (full || scaled) {
		SDL_Rect src_r = { 0, 0, win->src_w, win->src_h }, dst_r = win->dst;
		if (!full) { /* scaled: just the invalid area's bounding box */
			const RECTANGLE_16 *e = region16_extents(&todo);
			src_r = (SDL_Rect){ e->left, e->top, e->right - e->left, e->bottom - e->top };
			const double s = (double)win->dst.w / win->src_w;
			dst_r = (SDL_Rect){ win->dst.x + (int)(src_r.x * s), win->dst.y + (int)(src_r.y * s),
				                (int)(src_r.w * s) + 2, (int)(src_r.h * s) + 2 };
		} else if (scaled)
			SDL_FillRect(out, NULL, 0);
		if (src_r.w > 0 && src_r.h > 0)
			SDL_BlitScaled(win->src, &src_r, out, &dst_r);
		LeaveCriticalSection(&ctx->update->mux);
		if (full)
			SDL_UpdateWindowSurface(win->sdl);
		else if (src_r.w > 0 && src_r.h > 0)
			SDL_UpdateWindowSurfaceRects(win->sdl, &dst_r, 1);
	} else {
		UINT32 n = 0;
		const RECTANGLE_16 *rects = region16_rects(&todo, &n);
		SDL_Rect *shown = n ? SDL_malloc(sizeof(SDL_Rect) * n) : NULL;
		UINT32 k = 0;
		for (UINT32 i = 0; shown && i < n; i++) {
			SDL_Rect r = { rects[i].left, rects[i].top, rects[i].right - rects[i].left, rects[i].bottom - rects[i].top };
			SDL_Rect d = { r.x + win->dst.x, r.y + win->dst.y, r.w, r.h };
			if (SDL_BlitSurface(win->src, &r, out, &d) == 0 && d.w > 0 && d.h > 0)
				shown[k++] = d;
		}
		LeaveCriticalSection(&ctx->update->mux);
		if (k)
			SDL_UpdateWindowSurfaceRects(win->sdl, shown, (int)k);
		SDL_free(shown);
	}
	region16_uninit(&todo);
}

void ts_window_to_desktop(ts_client *tc, int wx, int wy, UINT16 *dx, UINT16 *dy)
{
	ts_window *win = tc->win;
	int x = wx - win->dst.x, y = wy - win->dst.y;
	if (win->dst.w > 0 && win->dst.w != win->src_w) {
		x = (int)((double)x * win->src_w / win->dst.w);
		y = (int)((double)y * win->src_h / win->dst.h);
	}
	*dx = (UINT16)(x < 0 ? 0 : x >= win->src_w ? win->src_w - 1 : x);
	*dy = (UINT16)(y < 0 ? 0 : y >= win->src_h ? win->src_h - 1 : y);
}
