/* The session's settings as the host gave them (ts_session_set), validated, before FreeRDP sees
 * them. Pure data: no FreeRDP here, so the parser is tested on its own. */
#ifndef TS_CONFIG_H
#define TS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TS_MAX_PINS 8
#define TS_MAX_MONITORS 16
#define TS_MAX_DRIVES 16
#define TS_ERR_LEN 256

enum { TS_SEC_AUTO, TS_SEC_NLA, TS_SEC_TLS, TS_SEC_RDP };
enum { TS_CERT_SYSTEM, TS_CERT_PIN, TS_CERT_IGNORE };
enum { TS_GW_AUTO, TS_GW_ALWAYS, TS_GW_NEVER };
enum { TS_GWCRED_SAME, TS_GWCRED_NONE };
enum { TS_GFX_OFF = 0, TS_GFX_ON = 1, TS_GFX_AUTO = 2 };
enum { TS_NET_AUTO = 0, TS_NET_LAN = 1 };

typedef struct {
	char *name;
	char *path;
} ts_drive;

typedef struct {
	char *host;
	uint32_t port;
	char *username;
	char *domain;
	int security;
	int cert_mode;
	uint8_t pins[TS_MAX_PINS][32];
	int n_pins;
	uint32_t width, height; /* 0: the screen's */
	bool fullscreen;
	bool multimon;
	uint32_t monitors[TS_MAX_MONITORS];
	int n_monitors;
	char *title;
	char *gateway_host;
	uint32_t gateway_port;
	char *gateway_username;
	char *gateway_domain;
	int gateway_usage;
	int gateway_credentials; /* addition: TS_GWCRED_SAME (the session's) or TS_GWCRED_NONE */
	char *remoteapp_program;
	char *remoteapp_name;
	char *remoteapp_cmdline;
	char *load_balance_info; /* addition: an RD Connection Broker's routing cookie (.rdp loadbalanceinfo) */
	bool auto_reconnect;
	uint32_t auto_reconnect_max;
	bool audio_out, audio_in, clipboard, smartcard;
	ts_drive drives[TS_MAX_DRIVES];
	int n_drives;
	/* urbdrc, normalised: "id:V:P#V:P" / "addr:B:D#..." lists, auto, dbg */
	char *usb_ids;
	char *usb_addrs;
	bool usb_auto, usb_dbg;
	uint32_t keyboard_layout; /* 0: detect */
	int gfx;
	int network; /* TS_NET_*: auto = FreeRDP's network auto-detection and heartbeat */
	uint32_t scale;
	int log_level; /* -1: leave FreeRDP's (WLOG_*) */
	bool window;   /* addition: 0 runs without a window (connection tests) */
} ts_config;

void ts_config_init(ts_config *c);
void ts_config_clear(ts_config *c);
/* 0, or -1 with a message in err (TS_ERR_LEN) naming the key and what is wrong. */
int ts_config_set(ts_config *c, const char *key, const char *value, char *err);

/* List parsers (config_lists.c), each 0 or -1 with err set. */
int ts_parse_fingerprints(const char *v, ts_config *c, char *err);
int ts_parse_monitors(const char *v, ts_config *c, char *err);
int ts_parse_drives(const char *v, ts_config *c, char *err);
int ts_parse_usb(const char *v, ts_config *c, char *err);

#endif
