/* Where FreeRDP's GDI draws. When the desktop has exactly the window's size and the window
 * surface has the GDI's pixel layout (BGRX, SDL's RGB888/ARGB8888), the GDI draws straight into
 * the window surface's pixels (SDL's XShm image on X11): one full-screen buffer instead of two,
 * and nothing to copy per frame. Otherwise (the server chose another size, so the picture is
 * scaled; another pixel format) the GDI keeps a buffer of its own and window.c copies from it.
 *
 * The window surface belongs to SDL: it marks it stale when the window's size changes and frees
 * it in the next SDL_GetWindowSurface. An event watch hears the size change the moment SDL sends
 * it (on the session thread, inside SDL's event pump), so the GDI is moved off the old pixels,
 * picture and all, before anything asks SDL for the new surface. */
#include "window.h"

#include <string.h>

#include <freerdp/gdi/gdi.h>
#include <winpr/crt.h>
#include <winpr/wlog.h>

#define TAG "thinshell.framebuffer"

static void not_ours(void *pixels)
{
	(void)pixels; /* SDL frees its window surface itself */
}

static int watch(void *data, SDL_Event *ev)
{
	ts_window *win = data;
	if (ev->type == SDL_WINDOWEVENT && ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED &&
	    ev->window.windowID == win->id)
		win->surface_stale = true;
	return 0;
}

void ts_fb_watch(ts_window *win, bool on)
{
	if (on) {
		win->id = SDL_GetWindowID(win->sdl);
		SDL_AddEventWatch(watch, win);
	} else
		SDL_DelEventWatch(watch, win);
}

static bool fits(const SDL_Surface *out, const rdpGdi *gdi)
{
	const SDL_PixelFormat *f = out->format;
	return out->pixels && !SDL_MUSTLOCK(out) && out->w == (int)gdi->width && out->h == (int)gdi->height &&
	       f->BytesPerPixel == 4 && f->Rmask == 0xff0000 && f->Gmask == 0xff00 && f->Bmask == 0xff &&
	       gdi->dstFormat == PIXEL_FORMAT_BGRX32;
}

static void copy_rows(BYTE *dst, size_t dst_pitch, const BYTE *src, size_t src_pitch, UINT32 w, UINT32 h)
{
	for (UINT32 y = 0; y < h; y++)
		memcpy(dst + y * dst_pitch, src + y * src_pitch, (size_t)w * 4);
}

bool ts_fb_direct(const ts_client *tc)
{
	const rdpGdi *gdi = tc->common.context.gdi;
	return gdi && tc->win && tc->win->fb_pixels && gdi->primary_buffer == tc->win->fb_pixels;
}

/* The GDI gets a buffer of its own again, with the picture it has now. */
static bool to_own(ts_client *tc)
{
	rdpGdi *gdi = tc->common.context.gdi;
	const UINT32 stride = gdi->width * 4;
	BYTE *own = _aligned_malloc((size_t)stride * gdi->height, 16);
	if (!own)
		return false;
	copy_rows(own, stride, gdi->primary_buffer, gdi->stride, gdi->width, gdi->height);
	tc->win->fb_pixels = NULL;
	if (!gdi_resize_ex(gdi, gdi->width, gdi->height, stride, gdi->dstFormat, own, _aligned_free)) {
		WLog_ERR(TAG, "cannot give the GDI its own buffer");
		return false;
	}
	WLog_INFO(TAG, "the window surface changes: the GDI draws into its own %ux%u buffer", gdi->width, gdi->height);
	return true;
}

/* The GDI draws into `out` from now on, starting from the picture it has now. */
static void to_surface(ts_client *tc, SDL_Surface *out)
{
	rdpGdi *gdi = tc->common.context.gdi;
	copy_rows(out->pixels, (size_t)out->pitch, gdi->primary_buffer, gdi->stride, gdi->width, gdi->height);
	if (gdi_resize_ex(gdi, gdi->width, gdi->height, (UINT32)out->pitch, gdi->dstFormat, out->pixels, not_ours)) {
		tc->win->fb_pixels = out->pixels;
		WLog_INFO(TAG, "the GDI draws into the %dx%d window surface", out->w, out->h);
	} else
		WLog_ERR(TAG, "cannot let the GDI draw into the window");
}

SDL_Surface *ts_fb_surface(ts_client *tc)
{
	ts_window *win = tc->win;
	rdpGdi *gdi = tc->common.context.gdi;
	if (win->surface_stale && ts_fb_direct(tc) && !to_own(tc))
		return NULL;
	win->surface_stale = false;
	SDL_Surface *out = SDL_GetWindowSurface(win->sdl);
	if (!ts_fb_direct(tc))
		win->fb_pixels = NULL; /* the GDI was resized onto a buffer of its own */
	if (out && gdi && gdi->primary_buffer && !ts_fb_direct(tc) && fits(out, gdi))
		to_surface(tc, out);
	return out;
}

BOOL ts_fb_gdi_init(ts_client *tc)
{
	freerdp *instance = tc->common.context.instance;
	SDL_Surface *out = tc->win ? SDL_GetWindowSurface(tc->win->sdl) : NULL;
	const rdpSettings *st = instance->settings;
	const rdpGdi want = { .width = st->DesktopWidth, .height = st->DesktopHeight, .dstFormat = PIXEL_FORMAT_BGRX32 };
	if (out && fits(out, &want)) {
		tc->win->surface_stale = false;
		if (gdi_init_ex(instance, PIXEL_FORMAT_BGRX32, (UINT32)out->pitch, out->pixels, not_ours)) {
			tc->win->fb_pixels = out->pixels;
			WLog_INFO(TAG, "the GDI draws into the %dx%d window surface", out->w, out->h);
			return TRUE;
		}
		return FALSE;
	}
	if (out)
		WLog_INFO(TAG, "the GDI draws into its own %ux%u buffer, copied to the %dx%d window", want.width, want.height, out->w, out->h);
	return gdi_init(instance, PIXEL_FORMAT_BGRX32);
}

void ts_fb_release(ts_client *tc)
{
	if (ts_fb_direct(tc))
		(void)to_own(tc); /* the GDI outlives the window: keep it off SDL's pixels */
	tc->win->fb_pixels = NULL;
}
