/* ts_session_set's key/value parser: one table row per key, each value checked before it is
 * kept, so a bad value fails here with its key named rather than deep inside FreeRDP. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum { T_STR, T_HOST, T_BOOL, T_UINT, T_ENUM, T_FUNC } kind;

typedef struct {
	const char *key;
	kind type;
	size_t off;
	uint32_t min, max;                 /* T_UINT */
	const char *const *names;          /* T_ENUM: index = value */
	int (*parse)(const char *, ts_config *, char *);
} row;

static const char *const SECURITY[] = { "auto", "nla", "tls", "rdp", NULL };
static const char *const CERT[] = { "system", "pin", "ignore", NULL };
static const char *const GW_USAGE[] = { "auto", "always", "never", NULL };
static const char *const GW_CRED[] = { "same", "none", NULL };
static const char *const GFX[] = { "0", "1", "auto", NULL };
static const char *const NETWORK[] = { "auto", "lan", NULL };
/* WLog levels, in WLOG_TRACE..WLOG_OFF order. */
static const char *const LOG_LEVEL[] = { "trace", "debug", "info", "warn", "error", "fatal", "off", NULL };

static int parse_keyboard(const char *v, ts_config *c, char *err);
static int parse_scale(const char *v, ts_config *c, char *err);

#define F(field) offsetof(ts_config, field)
static const row ROWS[] = {
	{ "host", T_HOST, F(host), 0, 0, NULL, NULL },
	{ "port", T_UINT, F(port), 1, 65535, NULL, NULL },
	{ "username", T_STR, F(username), 0, 0, NULL, NULL },
	{ "domain", T_STR, F(domain), 0, 0, NULL, NULL },
	{ "security", T_ENUM, F(security), 0, 0, SECURITY, NULL },
	{ "cert_mode", T_ENUM, F(cert_mode), 0, 0, CERT, NULL },
	{ "cert_fingerprints", T_FUNC, 0, 0, 0, NULL, ts_parse_fingerprints },
	{ "width", T_UINT, F(width), 200, 8192, NULL, NULL },
	{ "height", T_UINT, F(height), 200, 8192, NULL, NULL },
	{ "fullscreen", T_BOOL, F(fullscreen), 0, 0, NULL, NULL },
	{ "multimon", T_BOOL, F(multimon), 0, 0, NULL, NULL },
	{ "monitors", T_FUNC, 0, 0, 0, NULL, ts_parse_monitors },
	{ "title", T_STR, F(title), 0, 0, NULL, NULL },
	{ "gateway_host", T_HOST, F(gateway_host), 0, 0, NULL, NULL },
	{ "gateway_port", T_UINT, F(gateway_port), 1, 65535, NULL, NULL },
	{ "gateway_username", T_STR, F(gateway_username), 0, 0, NULL, NULL },
	{ "gateway_domain", T_STR, F(gateway_domain), 0, 0, NULL, NULL },
	{ "gateway_usage", T_ENUM, F(gateway_usage), 0, 0, GW_USAGE, NULL },
	{ "gateway_credentials", T_ENUM, F(gateway_credentials), 0, 0, GW_CRED, NULL },
	{ "remoteapp_program", T_STR, F(remoteapp_program), 0, 0, NULL, NULL },
	{ "remoteapp_name", T_STR, F(remoteapp_name), 0, 0, NULL, NULL },
	{ "remoteapp_cmdline", T_STR, F(remoteapp_cmdline), 0, 0, NULL, NULL },
	{ "load_balance_info", T_STR, F(load_balance_info), 0, 0, NULL, NULL },
	{ "auto_reconnect", T_BOOL, F(auto_reconnect), 0, 0, NULL, NULL },
	{ "auto_reconnect_max", T_UINT, F(auto_reconnect_max), 0, 1000, NULL, NULL },
	{ "audio_out", T_BOOL, F(audio_out), 0, 0, NULL, NULL },
	{ "audio_in", T_BOOL, F(audio_in), 0, 0, NULL, NULL },
	{ "clipboard", T_BOOL, F(clipboard), 0, 0, NULL, NULL },
	{ "drives", T_FUNC, 0, 0, 0, NULL, ts_parse_drives },
	{ "smartcard", T_BOOL, F(smartcard), 0, 0, NULL, NULL },
	{ "usb", T_FUNC, 0, 0, 0, NULL, ts_parse_usb },
	{ "keyboard_layout", T_FUNC, 0, 0, 0, NULL, parse_keyboard },
	{ "gfx", T_ENUM, F(gfx), 0, 0, GFX, NULL },
	{ "network", T_ENUM, F(network), 0, 0, NETWORK, NULL },
	{ "scale", T_FUNC, 0, 0, 0, NULL, parse_scale },
	{ "log_level", T_ENUM, F(log_level), 0, 0, LOG_LEVEL, NULL },
	{ "window", T_BOOL, F(window), 0, 0, NULL, NULL },
};
#define N_ROWS (sizeof(ROWS) / sizeof(ROWS[0]))

void ts_config_init(ts_config *c)
{
	memset(c, 0, sizeof(*c));
	c->port = 3389;
	c->gateway_port = 443;
	c->fullscreen = true;
	c->auto_reconnect_max = 20;
	c->gfx = TS_GFX_AUTO;
	c->scale = 100;
	c->log_level = -1;
	c->window = true;
}

void ts_config_clear(ts_config *c)
{
	for (size_t i = 0; i < N_ROWS; i++)
		if (ROWS[i].type == T_STR || ROWS[i].type == T_HOST)
			free(*(char **)((char *)c + ROWS[i].off));
	for (int i = 0; i < c->n_drives; i++) {
		free(c->drives[i].name);
		free(c->drives[i].path);
	}
	free(c->usb_ids);
	free(c->usb_addrs);
	ts_config_init(c);
}

/* Text that goes into FreeRDP's settings and from there onto the wire: no control characters. */
static int check_text(const char *key, const char *v, int host, char *err)
{
	size_t n = strlen(v);
	if (n > (host ? 253u : 1024u)) {
		snprintf(err, TS_ERR_LEN, "%s: value too long (%zu bytes)", key, n);
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || (host && (*p == ' ' || *p == '/' || *p == '\\'))) {
			snprintf(err, TS_ERR_LEN, "%s: invalid character 0x%02x", key, *p);
			return -1;
		}
	}
	if (host && n == 0) {
		snprintf(err, TS_ERR_LEN, "%s: must not be empty", key);
		return -1;
	}
	return 0;
}

static int parse_uint(const char *key, const char *v, uint32_t min, uint32_t max, uint32_t *out, char *err)
{
	char *end = NULL;
	unsigned long n = (*v >= '0' && *v <= '9') ? strtoul(v, &end, 10) : 0;
	if (!end || *end || n < min || n > max) {
		snprintf(err, TS_ERR_LEN, "%s: expected an integer from %u to %u, got '%.40s'", key, min, max, v);
		return -1;
	}
	*out = (uint32_t)n;
	return 0;
}

static int parse_keyboard(const char *v, ts_config *c, char *err)
{
	if (strcmp(v, "auto") == 0) {
		c->keyboard_layout = 0;
		return 0;
	}
	const char *hex = (strncasecmp(v, "0x", 2) == 0) ? v + 2 : v;
	char *end = NULL;
	unsigned long klid = (*hex && strlen(hex) <= 8) ? strtoul(hex, &end, 16) : 0;
	if (!end || *end || klid == 0) {
		snprintf(err, TS_ERR_LEN, "keyboard_layout: expected a hex KLID (e.g. 0x00000409) or 'auto', got '%.40s'", v);
		return -1;
	}
	c->keyboard_layout = (uint32_t)klid;
	return 0;
}

static int parse_scale(const char *v, ts_config *c, char *err)
{
	if (strcmp(v, "100") && strcmp(v, "140") && strcmp(v, "180")) {
		snprintf(err, TS_ERR_LEN, "scale: expected 100, 140 or 180, got '%.40s'", v);
		return -1;
	}
	c->scale = (uint32_t)atoi(v);
	return 0;
}

int ts_config_set(ts_config *c, const char *key, const char *value, char *err)
{
	if (!key || !value) {
		snprintf(err, TS_ERR_LEN, "key and value must not be NULL");
		return -1;
	}
	const row *r = NULL;
	for (size_t i = 0; i < N_ROWS && !r; i++)
		if (strcmp(ROWS[i].key, key) == 0)
			r = &ROWS[i];
	if (!r) {
		snprintf(err, TS_ERR_LEN, "unknown key '%.60s'", key);
		return -1;
	}
	void *field = (char *)c + r->off;
	switch (r->type) {
		case T_STR:
		case T_HOST: {
			if (check_text(key, value, r->type == T_HOST, err))
				return -1;
			char *copy = strdup(value);
			if (!copy) {
				snprintf(err, TS_ERR_LEN, "%s: out of memory", key);
				return -1;
			}
			free(*(char **)field);
			*(char **)field = copy;
			return 0;
		}
		case T_BOOL:
			if (strcmp(value, "0") && strcmp(value, "1")) {
				snprintf(err, TS_ERR_LEN, "%s: expected 0 or 1, got '%.40s'", key, value);
				return -1;
			}
			*(bool *)field = value[0] == '1';
			return 0;
		case T_UINT:
			return parse_uint(key, value, r->min, r->max, (uint32_t *)field, err);
		case T_ENUM:
			for (int i = 0; r->names[i]; i++) {
				if (strcmp(r->names[i], value) == 0) {
					*(int *)field = i;
					return 0;
				}
			}
			snprintf(err, TS_ERR_LEN, "%s: unknown value '%.40s'", key, value);
			return -1;
		case T_FUNC:
			return r->parse(value, c, err);
	}
	return -1;
}
