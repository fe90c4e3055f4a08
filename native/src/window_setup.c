/* Bringing the window up and down: SDL's video subsystem (reference counted, so sessions one
 * after another in a process are fine), the desktop size and monitor layout from the screen
 * before connecting, and a window once FreeRDP knows the final desktop size. */
#include <stdio.h>
#include <stdlib.h>

#include <SDL_syswm.h>
#include <X11/Xutil.h>

#include "window.h"

/* The shell finds session windows by WM_CLASS (hosts/browser/stacking.ts). SDL 2.26 reads it
 * only from the process environment, which a library must not change: set it on the window,
 * through SDL's own X connection (SDL keeps its error handlers), before it is mapped. */
static void set_class(SDL_Window *w)
{
	SDL_SysWMinfo info;
	SDL_VERSION(&info.version);
	if (!SDL_GetWindowWMInfo(w, &info) || info.subsystem != SDL_SYSWM_X11)
		return;
	char name[] = "thinshell-rdp";
	XClassHint hint = { name, name };
	XSetClassHint(info.info.x11.display, info.info.x11.window, &hint);
}

static void pick_monitors(const ts_config *c, int n_displays, int *ids, int *n)
{
	*n = 0;
	for (int i = 0; i < c->n_monitors && *n < TS_MAX_MONITORS; i++)
		if ((int)c->monitors[i] < n_displays)
			ids[(*n)++] = (int)c->monitors[i];
	if (*n == 0)
		ids[(*n)++] = 0;
	if (c->multimon && c->n_monitors == 0)
		for (int i = 1; i < n_displays && *n < TS_MAX_MONITORS; i++)
			ids[(*n)++] = i;
	if (!c->multimon)
		*n = 1;
}

/* Multi-monitor: one RDP monitor per chosen display, coordinates from the bounding box. */
static void set_monitors(rdpSettings *st, const int *ids, int n, SDL_Rect box)
{
	if (n < 2 || !st->MonitorDefArray)
		return;
	UINT32 count = 0;
	for (int i = 0; i < n && count < st->MonitorDefArraySize; i++) {
		SDL_Rect r;
		if (SDL_GetDisplayBounds(ids[i], &r))
			continue;
		rdpMonitor *m = &st->MonitorDefArray[count++];
		m->x = r.x - box.x;
		m->y = r.y - box.y;
		m->width = r.w;
		m->height = r.h;
		m->is_primary = i == 0;
		m->orig_screen = (UINT32)ids[i];
	}
	freerdp_settings_set_uint32(st, FreeRDP_MonitorCount, count);
	freerdp_settings_set_bool(st, FreeRDP_SupportMonitorLayoutPdu, TRUE);
}

int ts_window_prepare(ts_client *tc, char *err)
{
	const ts_config *c = &tc->s->cfg;
	rdpSettings *st = tc->common.context.settings;
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		snprintf(err, TS_ERR_LEN, "no display for the session window: %s", SDL_GetError());
		return -1;
	}
	/* On X11 paint through SDL's own XShm framebuffer: the default texture framebuffer loads a
	 * GL driver (llvmpipe without a GPU: ~1 s and tens of MB). Wayland has only the latter. */
	if (SDL_strcmp(SDL_GetCurrentVideoDriver(), "x11") == 0)
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	ts_window *win = calloc(1, sizeof(*win));
	if (!win || (win->ev_type = SDL_RegisterEvents(1)) == (Uint32)-1) {
		free(win);
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
		snprintf(err, TS_ERR_LEN, "cannot set up the window");
		return -1;
	}
	pthread_mutex_init(&win->dirty_lock, NULL);
	region16_init(&win->dirty);
	tc->win = win;

	int ids[TS_MAX_MONITORS], n = 0;
	pick_monitors(c, SDL_GetNumVideoDisplays(), ids, &n);
	SDL_Rect box = { 0, 0, 0, 0 };
	for (int i = 0; i < n; i++) {
		SDL_Rect r;
		if (SDL_GetDisplayBounds(ids[i], &r) == 0)
			SDL_UnionRect(i ? &box : &r, &r, &box);
	}
	win->fullscreen_desktop = c->fullscreen && n == 1;
	if (c->fullscreen || c->multimon) {
		win->bounds = box;
		if (!c->width && box.w > 0) {
			freerdp_settings_set_uint32(st, FreeRDP_DesktopWidth, (UINT32)box.w);
			freerdp_settings_set_uint32(st, FreeRDP_DesktopHeight, (UINT32)box.h);
		}
		if (c->multimon)
			set_monitors(st, ids, n, box);
	} else {
		win->bounds = (SDL_Rect){ SDL_WINDOWPOS_CENTERED_DISPLAY(ids[0]), SDL_WINDOWPOS_CENTERED_DISPLAY(ids[0]),
			                      (int)freerdp_settings_get_uint32(st, FreeRDP_DesktopWidth),
			                      (int)freerdp_settings_get_uint32(st, FreeRDP_DesktopHeight) };
	}
	return 0;
}

int ts_window_open(ts_client *tc, char *err)
{
	ts_window *win = tc->win;
	if (win->sdl) /* a reconnect runs post-connect steps again: keep the window */
		return 0;
	const ts_config *c = &tc->s->cfg;
	rdpSettings *st = tc->common.context.settings;
	char title[300];
	snprintf(title, sizeof(title), "%s", c->title ? c->title : "thinshell RDP");
	Uint32 flags = SDL_WINDOW_HIDDEN;
	if (win->fullscreen_desktop)
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
	else if (c->fullscreen || c->multimon)
		flags |= SDL_WINDOW_BORDERLESS;
	else
		flags |= SDL_WINDOW_RESIZABLE;
	win->sdl = SDL_CreateWindow(title, win->bounds.x, win->bounds.y, win->bounds.w, win->bounds.h, flags);
	if (!win->sdl) {
		snprintf(err, TS_ERR_LEN, "cannot create the session window: %s", SDL_GetError());
		return -1;
	}
	set_class(win->sdl);
	ts_fb_watch(win, true);
	SDL_ShowWindow(win->sdl);
	pthread_mutex_lock(&tc->s->lock);
	tc->s->window_up = true;
	pthread_mutex_unlock(&tc->s->lock);
	win->src_w = (int)freerdp_settings_get_uint32(st, FreeRDP_DesktopWidth);
	win->src_h = (int)freerdp_settings_get_uint32(st, FreeRDP_DesktopHeight);
	ts_window_layout(tc);
	SDL_RaiseWindow(win->sdl);
	return 0;
}

void ts_window_close(ts_client *tc)
{
	ts_window *win = tc->win;
	if (!win)
		return;
	rdpUpdate *update = tc->common.context.update;
	if (win->sdl && update) {
		EnterCriticalSection(&update->mux);
		ts_fb_release(tc);
		LeaveCriticalSection(&update->mux);
	}
	tc->win = NULL;
	SDL_FreeSurface(win->src);
	if (win->sdl) {
		ts_fb_watch(win, false);
		SDL_DestroyWindow(win->sdl);
	}
	pthread_mutex_lock(&tc->s->lock);
	tc->s->window_up = false;
	pthread_mutex_unlock(&tc->s->lock);
	region16_uninit(&win->dirty);
	pthread_mutex_destroy(&win->dirty_lock);
	free(win);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
}
