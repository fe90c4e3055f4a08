/* FreeRDP's errors to the ABI's categories (ts_error_kind, TS_END_*). */
#ifndef TS_ERRORS_H
#define TS_ERRORS_H

#include <stdbool.h>
#include <stdint.h>

/* Why a connect failed: FreeRDP's last error, plus what the library knows itself. */
int ts_error_kind_of(uint32_t last_error, bool cert_rejected, bool via_gateway);
/* Why a session that was up ended: the server's error info (ERRINFO_*) and the last error. */
int ts_end_reason_of(uint32_t error_info, uint32_t last_error);

#endif
