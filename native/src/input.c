/* Keyboard by position (scancodes), mouse, wheel, and the window events that matter to the
 * session: focus (resync lock keys), resize (display control), expose (repaint), close. */
#include "input.h"

#include <freerdp/input.h>
#include <freerdp/scancode.h>

#include "clip.h"
#include "window.h"

static void key(ts_client *tc, const SDL_KeyboardEvent *k)
{
	rdpInput *in = tc->common.context.input;
	if (k->keysym.scancode == SDL_SCANCODE_PAUSE) { /* Pause has no break code in RDP */
		if (k->type == SDL_KEYDOWN && !k->repeat)
			freerdp_input_send_keyboard_pause_event(in);
		return;
	}
	const UINT32 code = ts_scancode_from_sdl(k->keysym.scancode);
	if (code != RDP_SCANCODE_UNKNOWN)
		freerdp_input_send_keyboard_event_ex(in, k->type == SDL_KEYDOWN, code);
}

static void sync_locks(ts_client *tc)
{
	const SDL_Keymod m = SDL_GetModState();
	UINT32 flags = 0;
	if (m & KMOD_NUM)
		flags |= KBD_SYNC_NUM_LOCK;
	if (m & KMOD_CAPS)
		flags |= KBD_SYNC_CAPS_LOCK;
	if (m & KMOD_SCROLL)
		flags |= KBD_SYNC_SCROLL_LOCK;
	freerdp_input_send_focus_in_event(tc->common.context.input, (UINT16)flags);
}

static void button(ts_client *tc, const SDL_MouseButtonEvent *b)
{
	rdpInput *in = tc->common.context.input;
	UINT16 x, y;
	ts_window_to_desktop(tc, b->x, b->y, &x, &y);
	const bool down = b->type == SDL_MOUSEBUTTONDOWN;
	switch (b->button) {
		case SDL_BUTTON_LEFT:
		case SDL_BUTTON_RIGHT:
		case SDL_BUTTON_MIDDLE: {
			const UINT16 which = b->button == SDL_BUTTON_LEFT    ? PTR_FLAGS_BUTTON1
			                     : b->button == SDL_BUTTON_RIGHT ? PTR_FLAGS_BUTTON2
			                                                     : PTR_FLAGS_BUTTON3;
			freerdp_input_send_mouse_event(in, which | (down ? PTR_FLAGS_DOWN : 0), x, y);
			break;
		}
		case SDL_BUTTON_X1:
		case SDL_BUTTON_X2: {
			const UINT16 which = b->button == SDL_BUTTON_X1 ? PTR_XFLAGS_BUTTON1 : PTR_XFLAGS_BUTTON2;
			freerdp_input_send_extended_mouse_event(in, which | (down ? PTR_XFLAGS_DOWN : 0), x, y);
			break;
		}
		default:
			break;
	}
}

/* One wheel notch is 120 units; negative values go as a 9-bit two's complement. */
static void wheel(ts_client *tc, const SDL_MouseWheelEvent *w)
{
	rdpInput *in = tc->common.context.input;
	int mx = 0, my = 0;
	SDL_GetMouseState(&mx, &my);
	UINT16 x, y;
	ts_window_to_desktop(tc, mx, my, &x, &y);
	const int flip = w->direction == SDL_MOUSEWHEEL_FLIPPED ? -1 : 1;
	const int steps[2] = { w->y * flip, w->x * flip };
	for (int axis = 0; axis < 2; axis++) {
		int v = steps[axis] * 120;
		if (v == 0)
			continue;
		v = v > 255 ? 255 : v < -256 ? -256 : v;
		UINT16 flags = axis ? PTR_FLAGS_HWHEEL : PTR_FLAGS_WHEEL;
		if (v < 0)
			flags |= PTR_FLAGS_WHEEL_NEGATIVE | (UINT16)(0x200 + v);
		else
			flags |= (UINT16)v;
		freerdp_input_send_mouse_event(in, flags, x, y);
	}
}

static bool window_event(ts_client *tc, const SDL_WindowEvent *w)
{
	switch (w->event) {
		case SDL_WINDOWEVENT_FOCUS_GAINED:
			sync_locks(tc);
			break;
		case SDL_WINDOWEVENT_SIZE_CHANGED:
			ts_window_layout(tc);
			if (tc->disp && tc->disp->SendMonitorLayout) {
				DISPLAY_CONTROL_MONITOR_LAYOUT m = { 0 };
				m.Flags = DISPLAY_CONTROL_MONITOR_PRIMARY;
				m.Width = (UINT32)w->data1 & ~1u; /* even widths only */
				m.Height = (UINT32)w->data2;
				m.Orientation = ORIENTATION_LANDSCAPE;
				m.DesktopScaleFactor = tc->s->cfg.scale;
				m.DeviceScaleFactor = tc->s->cfg.scale;
				if (m.Width >= 200 && m.Height >= 200)
					tc->disp->SendMonitorLayout(tc->disp, 1, &m);
			}
			break;
		case SDL_WINDOWEVENT_EXPOSED:
			ts_window_layout(tc);
			ts_window_paint(tc);
			break;
		case SDL_WINDOWEVENT_CLOSE:
			return false;
		default:
			break;
	}
	return true;
}

bool ts_input_event(ts_client *tc, const SDL_Event *ev)
{
	UINT16 x, y;
	switch (ev->type) {
		case SDL_QUIT:
			return false;
		case SDL_KEYDOWN:
		case SDL_KEYUP:
			key(tc, &ev->key);
			break;
		case SDL_MOUSEMOTION:
			ts_window_to_desktop(tc, ev->motion.x, ev->motion.y, &x, &y);
			freerdp_input_send_mouse_event(tc->common.context.input, PTR_FLAGS_MOVE, x, y);
			break;
		case SDL_MOUSEBUTTONDOWN:
		case SDL_MOUSEBUTTONUP:
			button(tc, &ev->button);
			break;
		case SDL_MOUSEWHEEL:
			wheel(tc, &ev->wheel);
			break;
		case SDL_WINDOWEVENT:
			return window_event(tc, &ev->window);
		case SDL_CLIPBOARDUPDATE:
			ts_clip_local_changed(tc);
			break;
		default:
			break;
	}
	return true;
}
