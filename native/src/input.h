/* SDL input events to RDP input (session thread). */
#ifndef TS_INPUT_H
#define TS_INPUT_H

#include <SDL.h>
#include <freerdp/types.h>

#include "session.h"

UINT32 ts_scancode_from_sdl(int sdl_scancode);
/* Handles one SDL event; returns false when the user closed the window. */
bool ts_input_event(ts_client *tc, const SDL_Event *ev);

#endif
