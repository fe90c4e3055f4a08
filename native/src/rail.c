/* RemoteApp over the rail channel. The server's handshake asks the client to describe itself
 * and name the program; we answer with the client status, a minimal set of system parameters
 * and the execute order. The app's windows arrive as ordinary desktop updates, which the full
 * screen window shows in place: there are no separate local windows per remote window (that
 * would need the window orders; a kiosk shows one app full screen anyway). */
#include "rail.h"

#include <freerdp/client/rail.h>
#include <freerdp/rail.h>
#include <winpr/wlog.h>

#define TAG "thinshell.rail"

static UINT start_program(RailClientContext *rail)
{
	ts_client *tc = rail->custom;
	rdpSettings *st = tc->common.context.settings;
	RAIL_CLIENT_STATUS_ORDER status = { 0 };
	status.flags = TS_RAIL_CLIENTSTATUS_ALLOWLOCALMOVESIZE;
	if (st->AutoReconnectionEnabled)
		status.flags |= TS_RAIL_CLIENTSTATUS_AUTORECONNECT;
	UINT rc = rail->ClientInformation(rail, &status);
	if (rc != CHANNEL_RC_OK)
		return rc;

	RAIL_SYSPARAM_ORDER sys = { 0 };
	sys.params = SPI_MASK_SET_HIGH_CONTRAST | SPI_MASK_SET_MOUSE_BUTTON_SWAP | SPI_MASK_SET_KEYBOARD_PREF |
	             SPI_MASK_SET_DRAG_FULL_WINDOWS | SPI_MASK_SET_KEYBOARD_CUES | SPI_MASK_SET_WORK_AREA;
	sys.highContrast.flags = 0x7E; /* available, not on */
	sys.workArea.right = (UINT16)st->DesktopWidth;
	sys.workArea.bottom = (UINT16)st->DesktopHeight;
	rc = rail->ClientSystemParam(rail, &sys);
	if (rc != CHANNEL_RC_OK)
		return rc;

	RAIL_EXEC_ORDER exec = { 0 };
	exec.RemoteApplicationProgram = st->RemoteApplicationProgram;
	exec.RemoteApplicationWorkingDir = st->ShellWorkingDirectory;
	exec.RemoteApplicationArguments = st->RemoteApplicationCmdLine;
	WLog_INFO(TAG, "starting the remote application");
	return rail->ClientExecute(rail, &exec);
}

static UINT on_handshake(RailClientContext *rail, const RAIL_HANDSHAKE_ORDER *h)
{
	(void)h;
	return start_program(rail);
}

static UINT on_handshake_ex(RailClientContext *rail, const RAIL_HANDSHAKE_EX_ORDER *h)
{
	(void)h;
	return start_program(rail);
}

void ts_rail_attach(ts_client *tc, void *iface)
{
	RailClientContext *rail = iface;
	rail->custom = tc;
	rail->ServerHandshake = on_handshake;
	rail->ServerHandshakeEx = on_handshake_ex;
}
