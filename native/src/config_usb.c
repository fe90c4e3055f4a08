/* The `usb` setting: FreeRDP 2 urbdrc options, entries separated by ';'. Each entry is a comma
 * list of `id`/`addr` (how dev: is read), `dev:A:B#A:B`, `id:VID:PID#...`, `addr:BUS:DEV#...`,
 * `auto` and `dbg`. All entries merge into one urbdrc channel (one id: list, one addr: list),
 * because two urbdrc channels would fight over the same listener. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A '#'-separated list of hex pairs "X:Y", each part at most max. */
static int valid_pairs(const char *s, unsigned long max)
{
	if (!*s)
		return 0;
	while (*s) {
		for (int part = 0; part < 2; part++) {
			char *end = NULL;
			unsigned long v = strtoul(s, &end, 16);
			if (end == s || end - s > 4 || v > max || *s == '-' || *s == '+' || *s == ' ')
				return 0;
			if (part == 0 && *end != ':')
				return 0;
			s = part == 0 ? end + 1 : end;
		}
		if (*s == '#')
			s++;
		else if (*s)
			return 0;
	}
	return s[-1] != '#';
}

static int append(char **list, const char *items)
{
	size_t old = *list ? strlen(*list) : 0, add = strlen(items);
	char *next = realloc(*list, old + add + 2);
	if (!next)
		return -1;
	if (old)
		next[old++] = '#';
	memcpy(next + old, items, add + 1);
	*list = next;
	return 0;
}

static int parse_entry(char *entry, char **ids, char **addrs, bool *autoadd, bool *dbg, char *err)
{
	int by_addr = -1; /* -1: not said (dev: means ids) */
	const char *dev = NULL;
	char *save = NULL;
	for (char *tok = strtok_r(entry, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "auto") == 0)
			*autoadd = true;
		else if (strcmp(tok, "dbg") == 0)
			*dbg = true;
		else if (strcmp(tok, "id") == 0 || strcmp(tok, "addr") == 0) {
			int a = tok[0] == 'a';
			if (by_addr >= 0 && by_addr != a) {
				snprintf(err, TS_ERR_LEN, "usb: an entry cannot say both id and addr");
				return -1;
			}
			by_addr = a;
		} else if (strncmp(tok, "dev:", 4) == 0)
			dev = tok + 4;
		else if (strncmp(tok, "id:", 3) == 0 || strncmp(tok, "addr:", 5) == 0) {
			int a = tok[0] == 'a';
			const char *l = tok + (a ? 5 : 3);
			if (!valid_pairs(l, a ? 0xff : 0xffff)) {
				snprintf(err, TS_ERR_LEN, "usb: bad device list '%.60s'", tok);
				return -1;
			}
			if (append(a ? addrs : ids, l))
				goto oom;
		} else {
			snprintf(err, TS_ERR_LEN, "usb: unknown option '%.40s'", tok);
			return -1;
		}
	}
	if (dev) {
		int a = by_addr == 1;
		if (!valid_pairs(dev, a ? 0xff : 0xffff)) {
			snprintf(err, TS_ERR_LEN, "usb: bad device list 'dev:%.60s'", dev);
			return -1;
		}
		if (append(a ? addrs : ids, dev))
			goto oom;
	}
	return 0;
oom:
	snprintf(err, TS_ERR_LEN, "usb: out of memory");
	return -1;
}

int ts_parse_usb(const char *v, ts_config *c, char *err)
{
	char *ids = NULL, *addrs = NULL, *copy = strdup(v), *save = NULL;
	bool autoadd = false, dbg = false;
	int rc = copy ? 0 : -1;
	if (!copy)
		snprintf(err, TS_ERR_LEN, "usb: out of memory");
	for (char *e = copy ? strtok_r(copy, ";", &save) : NULL; e && rc == 0; e = strtok_r(NULL, ";", &save))
		rc = parse_entry(e, &ids, &addrs, &autoadd, &dbg, err);
	free(copy);
	if (rc) {
		free(ids);
		free(addrs);
		return -1;
	}
	free(c->usb_ids);
	free(c->usb_addrs);
	c->usb_ids = ids;
	c->usb_addrs = addrs;
	c->usb_auto = autoadd;
	c->usb_dbg = dbg;
	return 0;
}
