/* The list-valued settings: certificate pins, monitor ids, drives and USB redirection. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	return (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10 : -1;
}

/* One SHA-256 fingerprint: 32 bytes as hex, either "AA:BB:..." or 64 digits in a row. */
static int parse_pin(const char *s, size_t n, uint8_t out[32])
{
	const int colons = (n == 95);
	if (n != 95 && n != 64)
		return -1;
	for (size_t i = 0; i < 32; i++) {
		const char *p = s + i * (colons ? 3 : 2);
		int hi = hexval((unsigned char)p[0]), lo = hexval((unsigned char)p[1]);
		if (hi < 0 || lo < 0 || (colons && i < 31 && p[2] != ':'))
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int ts_parse_fingerprints(const char *v, ts_config *c, char *err)
{
	uint8_t pins[TS_MAX_PINS][32];
	int n = 0;
	const char *p = v;
	while (*p) {
		size_t len = strcspn(p, ",");
		if (n == TS_MAX_PINS || parse_pin(p, len, pins[n])) {
			snprintf(err, TS_ERR_LEN, n == TS_MAX_PINS ? "cert_fingerprints: more than %d" : "cert_fingerprints: entry %d is not a SHA-256 fingerprint (32 hex bytes, colons optional)", n == TS_MAX_PINS ? TS_MAX_PINS : n + 1);
			return -1;
		}
		n++;
		p += len;
		if (*p == ',')
			p++;
	}
	memcpy(c->pins, pins, sizeof(pins));
	c->n_pins = n;
	return 0;
}

int ts_parse_monitors(const char *v, ts_config *c, char *err)
{
	uint32_t ids[TS_MAX_MONITORS];
	int n = 0;
	const char *p = v;
	while (*p) {
		char *end = NULL;
		unsigned long id = isdigit((unsigned char)*p) ? strtoul(p, &end, 10) : 0;
		if (!end || (*end && *end != ',') || id >= TS_MAX_MONITORS || n == TS_MAX_MONITORS) {
			snprintf(err, TS_ERR_LEN, "monitors: expected a comma list of monitor numbers 0-%d, got '%.40s'", TS_MAX_MONITORS - 1, v);
			return -1;
		}
		ids[n++] = (uint32_t)id;
		p = *end ? end + 1 : end;
	}
	memcpy(c->monitors, ids, sizeof(ids));
	c->n_monitors = n;
	return 0;
}

static void free_drives(ts_drive *d, int n)
{
	for (int i = 0; i < n; i++) {
		free(d[i].name);
		free(d[i].path);
	}
}

/* name=path,name=path: a share name the server shows, and an absolute local directory. */
int ts_parse_drives(const char *v, ts_config *c, char *err)
{
	ts_drive d[TS_MAX_DRIVES];
	int n = 0;
	char *copy = strdup(v), *save = NULL;
	if (!copy) {
		snprintf(err, TS_ERR_LEN, "drives: out of memory");
		return -1;
	}
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		const char *bad = NULL;
		if (n == TS_MAX_DRIVES)
			bad = "too many drives";
		else if (!eq || eq == tok || eq - tok > 32)
			bad = "expected name=path";
		else if (eq[1] != '/')
			bad = "the path must be absolute";
		for (char *q = tok; !bad && q < eq; q++)
			if (!isalnum((unsigned char)*q) && *q != '_' && *q != '-')
				bad = "a drive name has only letters, digits, _ and -";
		for (char *q = eq ? eq : tok; !bad && *q; q++)
			if ((unsigned char)*q < 0x20)
				bad = "control character in path";
		if (bad) {
			snprintf(err, TS_ERR_LEN, "drives: entry %d: %s", n + 1, bad);
			free_drives(d, n);
			free(copy);
			return -1;
		}
		*eq = '\0';
		d[n].name = strdup(tok);
		d[n].path = strdup(eq + 1);
		n++;
		if (!d[n - 1].name || !d[n - 1].path) {
			snprintf(err, TS_ERR_LEN, "drives: out of memory");
			free_drives(d, n);
			free(copy);
			return -1;
		}
	}
	free(copy);
	free_drives(c->drives, c->n_drives);
	memcpy(c->drives, d, sizeof(ts_drive) * (size_t)n);
	c->n_drives = n;
	return 0;
}
