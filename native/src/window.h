/* The session window (SDL2: one code path for X11 and Wayland) and its painting. All of it runs
 * on the session thread except ts_window_invalidate, which FreeRDP calls from whichever thread
 * finished a frame (the session thread, or the rdpgfx channel's). */
#ifndef TS_WINDOW_H
#define TS_WINDOW_H

#include <SDL.h>
#include <freerdp/codec/region.h>

#include "session.h"

struct ts_window {
	SDL_Window *sdl;
	Uint32 ev_type;          /* our SDL user event: code TS_EV_* */
	SDL_Rect bounds;         /* where the window goes (the chosen monitors' bounding box) */
	bool fullscreen_desktop; /* one monitor, SDL's borderless full screen */
	Uint32 id;               /* SDL's window id, for the surface watch */
	bool surface_stale;      /* SDL will free the window surface on the next SDL_GetWindowSurface */
	void *fb_pixels;         /* the window surface pixels the GDI draws into (framebuffer.c), or NULL */
	SDL_Surface *src;        /* copy mode: wraps FreeRDP's GDI primary buffer, no copy */
	void *src_buf;
	int src_w, src_h, src_stride;
	SDL_Rect dst;            /* the desktop's place in the window (scaled when sizes differ) */
	pthread_mutex_t dirty_lock;
	REGION16 dirty; /* invalid area since the last paint, desktop coordinates */
	bool paint_posted, full;
};

enum { TS_EV_RDP = 1, TS_EV_PAINT = 2, TS_EV_CLIP = 3 };

/* pre_connect: SDL video up, the desktop size and monitor layout from the screen. */
int ts_window_prepare(ts_client *tc, char *err);
/* post_connect: create and show the window. */
int ts_window_open(ts_client *tc, char *err);
void ts_window_close(ts_client *tc);
/* Any thread: this desktop area changed; the session thread will paint it. */
void ts_window_invalidate(ts_client *tc, int x, int y, int w, int h);
/* Session thread: copy the invalid area to the window and show it. */
void ts_window_paint(ts_client *tc);
/* Session thread: the window or desktop size changed. */
void ts_window_layout(ts_client *tc);
/* framebuffer.c: the GDI draws into the window surface when sizes and pixel layout match.
 * ts_fb_surface and ts_fb_release: session thread, with FreeRDP's update lock held. */
void ts_fb_watch(ts_window *win, bool on);
BOOL ts_fb_gdi_init(ts_client *tc);
SDL_Surface *ts_fb_surface(ts_client *tc);
bool ts_fb_direct(const ts_client *tc);
void ts_fb_release(ts_client *tc);
/* Window coordinates to desktop coordinates (clamped). */
void ts_window_to_desktop(ts_client *tc, int wx, int wy, UINT16 *dx, UINT16 *dy);

#endif
