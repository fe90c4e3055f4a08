/* The mapping tables. FreeRDP 2 packs an error as class << 16 | code: class 1 is the server's
 * error info (ERRINFO_*), class 2 the client's connect errors (ERRCONNECT_*). */
#include "errors.h"

#include <freerdp/error.h>

#include "../include/thinshell_rdp.h"

int ts_error_kind_of(uint32_t last_error, bool cert_rejected, bool via_gateway)
{
	if (cert_rejected)
		return TS_ERROR_CERTIFICATE;
	const uint32_t cls = last_error >> 16, code = last_error & 0xffff;
	if (cls == FREERDP_ERROR_ERRINFO_CLASS) {
		switch (code) {
			case ERRINFO_SERVER_DENIED_CONNECTION:
			case ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES:
			case ERRINFO_OUT_OF_MEMORY:
			case ERRINFO_SERVER_FRESH_CREDENTIALS_REQUIRED:
			case ERRINFO_LICENSE_NO_LICENSE_SERVER:
			case ERRINFO_LICENSE_NO_LICENSE:
				return TS_ERROR_SERVER_DENIED;
			default:
				return TS_ERROR_OTHER;
		}
	}
	if (cls != FREERDP_ERROR_CONNECT_CLASS)
		return TS_ERROR_OTHER;
	switch (code) {
		case ERRCONNECT_DNS_ERROR:
		case ERRCONNECT_DNS_NAME_NOT_FOUND:
			/* Through a gateway only the gateway's name is resolved here (it resolves the desktop's). */
			return via_gateway ? TS_ERROR_GATEWAY : TS_ERROR_DNS;
		case ERRCONNECT_CONNECT_FAILED:
		case ERRCONNECT_CONNECT_TRANSPORT_FAILED:
		case ERRCONNECT_KDC_UNREACHABLE:
			/* With a gateway in the path the first hop is the gateway. */
			return via_gateway ? TS_ERROR_GATEWAY : TS_ERROR_UNREACHABLE;
		case ERRCONNECT_AUTHENTICATION_FAILED:
		case ERRCONNECT_LOGON_FAILURE:
		case ERRCONNECT_WRONG_PASSWORD:
		case ERRCONNECT_NO_OR_MISSING_CREDENTIALS:
		case ERRCONNECT_ACCESS_DENIED:
			return TS_ERROR_AUTH_FAILED;
		case ERRCONNECT_PASSWORD_EXPIRED:
		case ERRCONNECT_PASSWORD_CERTAINLY_EXPIRED:
		case ERRCONNECT_PASSWORD_MUST_CHANGE:
			return TS_ERROR_PASSWORD_EXPIRED;
		case ERRCONNECT_ACCOUNT_LOCKED_OUT:
			return TS_ERROR_ACCOUNT_LOCKED;
		case ERRCONNECT_ACCOUNT_DISABLED:
		case ERRCONNECT_ACCOUNT_EXPIRED:
		case ERRCONNECT_ACCOUNT_RESTRICTION:
		case ERRCONNECT_LOGON_TYPE_NOT_GRANTED:
		case ERRCONNECT_CLIENT_REVOKED:
			return TS_ERROR_ACCOUNT_DISABLED;
		case ERRCONNECT_INSUFFICIENT_PRIVILEGES:
			return TS_ERROR_SERVER_DENIED;
		case ERRCONNECT_TLS_CONNECT_FAILED:
		case ERRCONNECT_SECURITY_NEGO_CONNECT_FAILED:
		case ERRCONNECT_MCS_CONNECT_INITIAL_ERROR:
			return via_gateway ? TS_ERROR_GATEWAY : TS_ERROR_SECURITY;
		case ERRCONNECT_CONNECT_CANCELLED:
			return TS_ERROR_CANCELLED;
		default:
			return TS_ERROR_OTHER;
	}
}

int ts_end_reason_of(uint32_t error_info, uint32_t last_error)
{
	switch (error_info) {
		case ERRINFO_RPC_INITIATED_LOGOFF:
		case ERRINFO_LOGOFF_BY_USER:
			return TS_END_LOGGED_OFF;
		case ERRINFO_RPC_INITIATED_DISCONNECT_BY_USER: /* "Disconnect" chosen inside the session */
			return TS_END_USER;
		case ERRINFO_SUCCESS:
			/* No reason from the server: a clean close (server disconnect) unless the
			 * transport broke, which is the network (or the server) going away. */
			return last_error == FREERDP_ERROR_CONNECT_TRANSPORT_FAILED || last_error == FREERDP_ERROR_CONNECT_FAILED
			           ? TS_END_NETWORK_LOST
			           : TS_END_SERVER_DISCONNECT;
		default:
			return TS_END_SERVER_DISCONNECT;
	}
}
