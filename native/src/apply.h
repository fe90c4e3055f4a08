/* ts_config -> FreeRDP settings and channel collections, before freerdp_connect. */
#ifndef TS_APPLY_H
#define TS_APPLY_H

#include <freerdp/settings.h>

#include "config.h"

/* 0, or -1 with err (TS_ERR_LEN) saying which setting FreeRDP refused. Passwords may be NULL. */
int ts_apply(rdpSettings *st, const ts_config *c, const char *password, const char *gw_password, char *err);

#endif
