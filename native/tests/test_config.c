/* ts_session_set's parser: every key with good values lands in the config, and bad values are
 * rejected with a message that names the key. */
#include <stdlib.h>

#include "../src/config.h"
#include "check.h"

static ts_config c;
static char err[TS_ERR_LEN];

static int set(const char *k, const char *v)
{
	err[0] = '\0';
	return ts_config_set(&c, k, v, err);
}

/* Rejected, with the key (or its subject) in the message. */
static void bad(const char *k, const char *v, const char *says)
{
	if (set(k, v) != -1 || !strstr(err, says)) {
		fprintf(stderr, "expected %s=%s to be rejected saying '%s', got '%s'\n", k, v, says, err);
		failures++;
	}
}

static void strings_and_numbers(void)
{
	CHECK(set("host", "rdp.example.org") == 0 && strcmp(c.host, "rdp.example.org") == 0);
	CHECK(set("port", "3390") == 0 && c.port == 3390);
	CHECK(set("username", "alice") == 0 && set("domain", "CORP") == 0);
	CHECK_STR(c.username, "alice");
	CHECK_STR(c.domain, "CORP");
	CHECK(set("title", "Desk 1") == 0 && strcmp(c.title, "Desk 1") == 0);
	CHECK(set("width", "1920") == 0 && set("height", "1080") == 0 && c.width == 1920 && c.height == 1080);
	CHECK(set("gateway_host", "gw.example.org") == 0 && set("gateway_port", "8443") == 0 && c.gateway_port == 8443);
	CHECK(set("gateway_username", "gwu") == 0 && set("gateway_domain", "GW") == 0);
	CHECK(set("remoteapp_program", "||calc") == 0 && set("remoteapp_name", "Calc") == 0);
	CHECK(set("remoteapp_cmdline", "/x \"a b\"") == 0);
	CHECK_STR(c.remoteapp_cmdline, "/x \"a b\"");
	CHECK(set("load_balance_info", "tsv://MS Terminal Services Plugin.1.Desk") == 0);
	CHECK_STR(c.load_balance_info, "tsv://MS Terminal Services Plugin.1.Desk");
	bad("load_balance_info", "tsv://x\r\nCookie: y", "load_balance_info"); /* no second header line */
	CHECK(set("auto_reconnect_max", "5") == 0 && c.auto_reconnect_max == 5);
	bad("host", "", "host");
	bad("host", "a b", "host");
	bad("host", "evil\n", "host");
	bad("port", "0", "port");
	bad("port", "65536", "port");
	bad("port", "33x", "port");
	bad("port", "-1", "port");
	bad("width", "100", "width");
	bad("height", "99999", "height");
	bad("username", "a\tb", "username");
	bad("auto_reconnect_max", "1001", "auto_reconnect_max");
	bad("nonsense", "1", "unknown key 'nonsense'");
	CHECK(ts_config_set(&c, "host", NULL, err) == -1);
}

static void flags_and_enums(void)
{
	const char *bools[] = { "fullscreen", "multimon", "auto_reconnect", "audio_out", "audio_in",
		                    "clipboard", "smartcard", "window" };
	for (size_t i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
		CHECK(set(bools[i], "1") == 0);
		CHECK(set(bools[i], "0") == 0);
		bad(bools[i], "yes", bools[i]);
		bad(bools[i], "", bools[i]);
	}
	CHECK(set("audio_out", "1") == 0 && c.audio_out);
	CHECK(set("security", "nla") == 0 && c.security == TS_SEC_NLA);
	CHECK(set("security", "rdp") == 0 && c.security == TS_SEC_RDP);
	bad("security", "ssl", "security");
	CHECK(set("cert_mode", "pin") == 0 && c.cert_mode == TS_CERT_PIN);
	bad("cert_mode", "trust", "cert_mode");
	CHECK(set("gateway_usage", "always") == 0 && c.gateway_usage == TS_GW_ALWAYS);
	bad("gateway_usage", "sometimes", "gateway_usage");
	CHECK(c.gateway_credentials == TS_GWCRED_SAME); /* the default */
	CHECK(set("gateway_credentials", "none") == 0 && c.gateway_credentials == TS_GWCRED_NONE);
	bad("gateway_credentials", "other", "gateway_credentials");
	CHECK(set("gfx", "0") == 0 && c.gfx == TS_GFX_OFF);
	CHECK(set("gfx", "auto") == 0 && c.gfx == TS_GFX_AUTO);
	bad("gfx", "2", "gfx");
	CHECK(set("network", "lan") == 0 && c.network == TS_NET_LAN);
	CHECK(set("network", "auto") == 0 && c.network == TS_NET_AUTO);
	bad("network", "wan", "network");
	CHECK(set("scale", "140") == 0 && c.scale == 140);
	bad("scale", "150", "scale");
	CHECK(set("log_level", "error") == 0 && c.log_level == 4);
	bad("log_level", "loud", "log_level");
	CHECK(set("keyboard_layout", "0x00000407") == 0 && c.keyboard_layout == 0x407);
	CHECK(set("keyboard_layout", "40C") == 0 && c.keyboard_layout == 0x40c);
	CHECK(set("keyboard_layout", "auto") == 0 && c.keyboard_layout == 0);
	bad("keyboard_layout", "0x0", "keyboard_layout");
	bad("keyboard_layout", "german", "keyboard_layout");
	bad("keyboard_layout", "0x123456789", "keyboard_layout");
}

static void lists(void)
{
	const char *fp = "FE:EA:74:FA:11:46:64:CC:AD:81:82:6F:2A:0F:1A:83:D9:08:1A:1F:68:AF:E3:F7:70:1B:B4:7F:21:24:79:5C";
	char two[300];
	snprintf(two, sizeof(two), "%s,%s", fp, "feea74fa114664ccad81826f2a0f1a83d9081a1f68afe3f7701bb47f2124795d");
	CHECK(set("cert_fingerprints", two) == 0 && c.n_pins == 2);
	CHECK(c.pins[0][0] == 0xfe && c.pins[0][31] == 0x5c && c.pins[1][31] == 0x5d);
	bad("cert_fingerprints", "FE:EA", "cert_fingerprints");
	bad("cert_fingerprints", "zz:EA:74:FA:11:46:64:CC:AD:81:82:6F:2A:0F:1A:83:D9:08:1A:1F:68:AF:E3:F7:70:1B:B4:7F:21:24:79:5C", "entry 1");
	CHECK(c.n_pins == 2); /* a rejected list leaves the old one */
	CHECK(set("monitors", "0,2,1") == 0 && c.n_monitors == 3 && c.monitors[1] == 2);
	bad("monitors", "16", "monitors");
	bad("monitors", "1,,2", "monitors");
	bad("monitors", "a", "monitors");
	CHECK(set("drives", "home=/home/u,data_2=/srv/data") == 0 && c.n_drives == 2);
	CHECK_STR(c.drives[1].name, "data_2");
	CHECK_STR(c.drives[1].path, "/srv/data");
	bad("drives", "x=relative/path", "absolute");
	bad("drives", "=/x", "name=path");
	bad("drives", "a b=/x", "letters");
	bad("drives", "nopath", "name=path");
	CHECK(c.n_drives == 2);
	CHECK(set("usb", "id,dev:054c:0268;auto") == 0);
	CHECK_STR(c.usb_ids, "054c:0268");
	CHECK(c.usb_auto && !c.usb_addrs);
	CHECK(set("usb", "id:1234:5678#abcd:ef01,addr:1:2;addr,dev:03:04;dev:1:1;dbg") == 0);
	CHECK_STR(c.usb_ids, "1234:5678#abcd:ef01#1:1");
	CHECK_STR(c.usb_addrs, "1:2#03:04");
	CHECK(!c.usb_auto && c.usb_dbg);
	bad("usb", "id,addr,dev:1:2", "both id and addr");
	bad("usb", "dev:zz:1", "bad device list");
	bad("usb", "id:12345:1", "bad device list");
	bad("usb", "addr:100:1", "bad device list");
	bad("usb", "id:1:2#", "bad device list");
	bad("usb", "everything", "unknown option");
	CHECK(set("usb", "") == 0 && !c.usb_ids && !c.usb_addrs);
	/* What src-main/usb/plan-rdp.ts writes: one entry, addresses in hex, optionally auto. */
	CHECK(set("usb", "addr,dev:01:0a#02:1b#ff:7f,auto") == 0);
	CHECK_STR(c.usb_addrs, "01:0a#02:1b#ff:7f");
	CHECK(c.usb_auto && !c.usb_ids && !c.usb_dbg);
	CHECK(set("usb", "auto") == 0 && c.usb_auto && !c.usb_addrs && !c.usb_ids);
}

int main(void)
{
	ts_config_init(&c);
	CHECK(c.port == 3389 && c.fullscreen && c.window && c.gfx == TS_GFX_AUTO && c.log_level == -1 && c.network == TS_NET_AUTO);
	CHECK(!c.clipboard && !c.audio_out && !c.smartcard && c.n_drives == 0);
	strings_and_numbers();
	flags_and_enums();
	lists();
	ts_config_clear(&c);
	CHECK(c.host == NULL && c.n_drives == 0 && c.port == 3389);
	printf("test_config: %d failure(s)\n", failures);
	return failures ? 1 : 0;
}
