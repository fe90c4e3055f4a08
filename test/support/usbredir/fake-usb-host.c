/* A fake USB host for tests: the "usb-host" side of a usbredir connection (libusbredirparser),
 * presenting one made-up device, answering its descriptors and logging what the peer (QEMU's
 * usb-redir device, i.e. the guest) asks for, one line per event on stdout. It stands in for a
 * real device where this machine has no USB at all; nothing here touches the host's USB.
 *
 *   fake-usb-host --connect HOST:PORT --vid 0781 --pid 5581 [--class N] [--iface C:S:P]...
 *                 [--manufacturer S] [--product S] [--serial S] [--speed full|high]
 *
 * Lines: "connected", "hello VERSION", "filter RULES", "filter-reject", "control GET_DESCRIPTOR type=T
 * index=I length=L", "control request=R requesttype=T value=V index=I length=L",
 * "set_configuration N", "get_configuration", "set_alt_setting I A", "reset", "bulk ep=E
 * length=L", "disconnected". Exits 0 when the peer hangs up, 2 on bad arguments. */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <usbredirfilter.h>
#include <usbredirparser.h>

#define MAX_IFACES 8

static struct {
	uint16_t vid, pid;
	uint8_t cls, sub, proto;
	int n_ifaces;
	uint8_t iface[MAX_IFACES][3];
	const char *strings[4]; /* 1 manufacturer, 2 product, 3 serial */
	uint8_t speed;
	uint8_t configuration;
} dev = { .speed = usb_redir_speed_full, .strings = { NULL, "thinshell", "Fake device", NULL } };

static int fd = -1;
static int peer_gone;
static struct usbredirparser *parser;

static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void log_cb(void *priv, int level, const char *msg)
{
	(void)priv;
	if (level <= usbredirparser_warning)
		fprintf(stderr, "usbredirparser: %s\n", msg);
}

static int read_cb(void *priv, uint8_t *data, int count)
{
	(void)priv;
	ssize_t n = recv(fd, data, (size_t)count, MSG_DONTWAIT);
	if (n > 0)
		return (int)n;
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return 0;
	peer_gone = 1;
	return -1;
}

static int write_cb(void *priv, uint8_t *data, int count)
{
	(void)priv;
	ssize_t n = send(fd, data, (size_t)count, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n >= 0)
		return (int)n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return 0;
	peer_gone = 1;
	return -1;
}

/* Endpoints: a storage interface has bulk IN and OUT, any other one interrupt IN. */
static int is_storage(int i)
{
	return dev.iface[i][0] == 0x08;
}

static size_t config_descriptor(uint8_t *out)
{
	size_t n = 9;
	uint8_t ep_in = 0x81, ep_out = 0x01;
	for (int i = 0; i < dev.n_ifaces; i++) {
		int eps = is_storage(i) ? 2 : 1;
		uint8_t *d = out + n;
		d[0] = 9, d[1] = 4, d[2] = (uint8_t)i, d[3] = 0, d[4] = (uint8_t)eps;
		d[5] = dev.iface[i][0], d[6] = dev.iface[i][1], d[7] = dev.iface[i][2], d[8] = 0;
		n += 9;
		for (int e = 0; e < eps; e++) {
			d = out + n;
			int in = e == 0;
			d[0] = 7, d[1] = 5, d[2] = in ? ep_in++ : ep_out++;
			d[3] = is_storage(i) ? 2 : 3;
			d[4] = is_storage(i) ? 64 : 8, d[5] = 0, d[6] = is_storage(i) ? 0 : 10;
			n += 7;
		}
	}
	out[0] = 9, out[1] = 2, out[2] = (uint8_t)(n & 0xff), out[3] = (uint8_t)(n >> 8);
	out[4] = (uint8_t)dev.n_ifaces, out[5] = 1, out[6] = 0, out[7] = 0x80, out[8] = 50;
	return n;
}

static void send_info(void)
{
	struct usb_redir_interface_info_header ii = { 0 };
	struct usb_redir_ep_info_header ep;
	memset(&ep, 0, sizeof(ep));
	memset(ep.type, usb_redir_type_invalid, sizeof(ep.type));
	ep.type[0] = ep.type[16] = usb_redir_type_control;
	ep.max_packet_size[0] = ep.max_packet_size[16] = 64;
	uint8_t ep_in = 1, ep_out = 1;
	ii.interface_count = (uint32_t)dev.n_ifaces;
	for (int i = 0; i < dev.n_ifaces; i++) {
		ii.interface[i] = (uint8_t)i;
		ii.interface_class[i] = dev.iface[i][0];
		ii.interface_subclass[i] = dev.iface[i][1];
		ii.interface_protocol[i] = dev.iface[i][2];
		int slots[2] = { 16 + ep_in++, is_storage(i) ? ep_out++ : -1 };
		for (int s = 0; s < 2; s++) {
			if (slots[s] < 0)
				continue;
			ep.type[slots[s]] = is_storage(i) ? usb_redir_type_bulk : usb_redir_type_interrupt;
			ep.interface[slots[s]] = (uint8_t)i;
			ep.interval[slots[s]] = is_storage(i) ? 0 : 10;
			ep.max_packet_size[slots[s]] = is_storage(i) ? 64 : 8;
		}
	}
	usbredirparser_send_interface_info(parser, &ii);
	usbredirparser_send_ep_info(parser, &ep);
	struct usb_redir_device_connect_header dc = {
		.speed = dev.speed, .device_class = dev.cls, .device_subclass = dev.sub, .device_protocol = dev.proto,
		.vendor_id = dev.vid, .product_id = dev.pid, .device_version_bcd = 0x0100,
	};
	usbredirparser_send_device_connect(parser, &dc);
}

static void hello_cb(void *priv, struct usb_redir_hello_header *h)
{
	(void)priv;
	say("hello %.64s", h->version);
	send_info();
}

static void filter_cb(void *priv, struct usbredirfilter_rule *rules, int count)
{
	(void)priv;
	char *s = usbredirfilter_rules_to_string(rules, count, ",", "|");
	say("filter %s", s ? s : "?");
	usbredirfilter_free(s);
	usbredirfilter_free(rules);
}

static void filter_reject_cb(void *priv)
{
	(void)priv;
	say("filter-reject");
}

static size_t string_descriptor(int index, uint8_t *out)
{
	if (index == 0) {
		out[0] = 4, out[1] = 3, out[2] = 0x09, out[3] = 0x04;
		return 4;
	}
	const char *s = index < 4 ? dev.strings[index] : NULL;
	if (!s)
		return 0;
	size_t n = 2;
	for (; *s && n < 254; s++) {
		out[n++] = (uint8_t)*s;
		out[n++] = 0;
	}
	out[0] = (uint8_t)n, out[1] = 3;
	return n;
}

static void control_cb(void *priv, uint64_t id, struct usb_redir_control_packet_header *h, uint8_t *data, int len)
{
	(void)priv;
	uint8_t out[512];
	size_t n = 0;
	int stall = 0;
	if (h->request == 6 && h->requesttype == 0x80) {
		int type = h->value >> 8, index = h->value & 0xff;
		say("control GET_DESCRIPTOR type=%d index=%d length=%u", type, index, h->length);
		if (type == 1) {
			uint8_t d[18] = { 18, 1, 0x00, 0x02, dev.cls, dev.sub, dev.proto, 64,
				              (uint8_t)(dev.vid & 0xff), (uint8_t)(dev.vid >> 8), (uint8_t)(dev.pid & 0xff),
				              (uint8_t)(dev.pid >> 8), 0x00, 0x01, 1, 2, (uint8_t)(dev.strings[3] ? 3 : 0), 1 };
			memcpy(out, d, sizeof(d));
			n = sizeof(d);
		} else if (type == 2)
			n = config_descriptor(out);
		else if (type == 3)
			stall = (n = string_descriptor(index, out)) == 0;
		else
			stall = 1;
	} else if (h->request == 0 && (h->requesttype & 0x80)) {
		say("control GET_STATUS");
		out[0] = out[1] = 0;
		n = 2;
	} else {
		say("control request=%d requesttype=0x%02x value=%u index=%u length=%u", h->request, h->requesttype, h->value, h->index, h->length);
		stall = (h->requesttype & 0x80) != 0; /* OUT requests (SET_IDLE, ...) succeed */
	}
	if (data)
		usbredirparser_free_packet_data(parser, data);
	(void)len;
	struct usb_redir_control_packet_header r = *h;
	if (stall) {
		r.status = usb_redir_stall;
		r.length = 0;
		usbredirparser_send_control_packet(parser, id, &r, NULL, 0);
		return;
	}
	r.status = usb_redir_success;
	if (h->endpoint & 0x80) {
		if (n > h->length)
			n = h->length;
		r.length = (uint16_t)n;
		usbredirparser_send_control_packet(parser, id, &r, out, (int)n);
	} else
		usbredirparser_send_control_packet(parser, id, &r, NULL, 0);
}

static void set_config_cb(void *priv, uint64_t id, struct usb_redir_set_configuration_header *h)
{
	(void)priv;
	say("set_configuration %d", h->configuration);
	dev.configuration = h->configuration;
	struct usb_redir_configuration_status_header s = { usb_redir_success, dev.configuration };
	usbredirparser_send_configuration_status(parser, id, &s);
}

static void get_config_cb(void *priv, uint64_t id)
{
	(void)priv;
	say("get_configuration");
	struct usb_redir_configuration_status_header s = { usb_redir_success, dev.configuration };
	usbredirparser_send_configuration_status(parser, id, &s);
}

static void set_alt_cb(void *priv, uint64_t id, struct usb_redir_set_alt_setting_header *h)
{
	(void)priv;
	say("set_alt_setting %d %d", h->interface, h->alt);
	struct usb_redir_alt_setting_status_header s = { usb_redir_success, h->interface, h->alt };
	usbredirparser_send_alt_setting_status(parser, id, &s);
}

static void get_alt_cb(void *priv, uint64_t id, struct usb_redir_get_alt_setting_header *h)
{
	(void)priv;
	struct usb_redir_alt_setting_status_header s = { usb_redir_success, h->interface, 0 };
	usbredirparser_send_alt_setting_status(parser, id, &s);
}

static void reset_cb(void *priv)
{
	(void)priv;
	say("reset");
}

/* No data behind the made-up endpoints: every transfer stalls, which a guest handles. */
static void bulk_cb(void *priv, uint64_t id, struct usb_redir_bulk_packet_header *h, uint8_t *data, int len)
{
	(void)priv;
	(void)len;
	say("bulk ep=0x%02x length=%u", h->endpoint, h->length);
	if (data)
		usbredirparser_free_packet_data(parser, data);
	struct usb_redir_bulk_packet_header r = *h;
	r.status = usb_redir_stall;
	r.length = r.length_high = 0;
	usbredirparser_send_bulk_packet(parser, id, &r, NULL, 0);
}

static void start_int_cb(void *priv, uint64_t id, struct usb_redir_start_interrupt_receiving_header *h)
{
	(void)priv;
	struct usb_redir_interrupt_receiving_status_header s = { usb_redir_stall, h->endpoint };
	usbredirparser_send_interrupt_receiving_status(parser, id, &s);
}

static void stop_int_cb(void *priv, uint64_t id, struct usb_redir_stop_interrupt_receiving_header *h)
{
	(void)priv;
	struct usb_redir_interrupt_receiving_status_header s = { usb_redir_success, h->endpoint };
	usbredirparser_send_interrupt_receiving_status(parser, id, &s);
}

static int hex16(const char *s, uint16_t *out)
{
	char *end = NULL;
	unsigned long v = strtoul(s, &end, 16);
	if (!*s || *end || v > 0xffff)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

static int connect_to(const char *hostport)
{
	char host[256];
	const char *colon = strrchr(hostport, ':');
	if (!colon || (size_t)(colon - hostport) >= sizeof(host))
		return -1;
	memcpy(host, hostport, (size_t)(colon - hostport));
	host[colon - hostport] = '\0';
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res = NULL;
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
		return -1;
	int s = socket(res->ai_family, res->ai_socktype, 0);
	if (s >= 0 && connect(s, res->ai_addr, res->ai_addrlen) != 0) {
		close(s);
		s = -1;
	}
	freeaddrinfo(res);
	return s;
}

static int usage(const char *why)
{
	fprintf(stderr, "fake-usb-host: %s\n", why);
	return 2;
}

int main(int argc, char **argv)
{
	const char *target = NULL;
	int have_vid = 0, have_pid = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			return usage("every option takes a value");
		i++;
		unsigned c, s, p;
		if (!strcmp(a, "--connect"))
			target = v;
		else if (!strcmp(a, "--vid") && hex16(v, &dev.vid) == 0)
			have_vid = 1;
		else if (!strcmp(a, "--pid") && hex16(v, &dev.pid) == 0)
			have_pid = 1;
		else if (!strcmp(a, "--class") && sscanf(v, "%u:%u:%u", &c, &s, &p) == 3 && c < 256 && s < 256 && p < 256)
			dev.cls = (uint8_t)c, dev.sub = (uint8_t)s, dev.proto = (uint8_t)p;
		else if (!strcmp(a, "--iface") && dev.n_ifaces < MAX_IFACES && sscanf(v, "%u:%u:%u", &c, &s, &p) == 3 && c < 256 && s < 256 && p < 256) {
			dev.iface[dev.n_ifaces][0] = (uint8_t)c, dev.iface[dev.n_ifaces][1] = (uint8_t)s;
			dev.iface[dev.n_ifaces++][2] = (uint8_t)p;
		} else if (!strcmp(a, "--manufacturer"))
			dev.strings[1] = v;
		else if (!strcmp(a, "--product"))
			dev.strings[2] = v;
		else if (!strcmp(a, "--serial"))
			dev.strings[3] = v;
		else if (!strcmp(a, "--speed") && (!strcmp(v, "full") || !strcmp(v, "high")))
			dev.speed = !strcmp(v, "high") ? usb_redir_speed_high : usb_redir_speed_full;
		else
			return usage("bad option or value");
	}
	if (!target || !have_vid || !have_pid)
		return usage("--connect, --vid and --pid are required");
	if (dev.n_ifaces == 0)
		return usage("at least one --iface");
	fd = connect_to(target);
	if (fd < 0)
		return usage("cannot connect");
	say("connected");

	parser = usbredirparser_create();
	parser->log_func = log_cb;
	parser->read_func = read_cb;
	parser->write_func = write_cb;
	parser->hello_func = hello_cb;
	parser->filter_filter_func = filter_cb;
	parser->filter_reject_func = filter_reject_cb;
	parser->control_packet_func = control_cb;
	parser->set_configuration_func = set_config_cb;
	parser->get_configuration_func = get_config_cb;
	parser->set_alt_setting_func = set_alt_cb;
	parser->get_alt_setting_func = get_alt_cb;
	parser->reset_func = reset_cb;
	parser->bulk_packet_func = bulk_cb;
	parser->start_interrupt_receiving_func = start_int_cb;
	parser->stop_interrupt_receiving_func = stop_int_cb;
	uint32_t caps[USB_REDIR_CAPS_SIZE] = { 0 };
	usbredirparser_caps_set_cap(caps, usb_redir_cap_connect_device_version);
	usbredirparser_caps_set_cap(caps, usb_redir_cap_filter);
	usbredirparser_caps_set_cap(caps, usb_redir_cap_device_disconnect_ack);
	usbredirparser_caps_set_cap(caps, usb_redir_cap_ep_info_max_packet_size);
	usbredirparser_caps_set_cap(caps, usb_redir_cap_64bits_ids);
	usbredirparser_caps_set_cap(caps, usb_redir_cap_32bits_bulk_length);
	usbredirparser_init(parser, "thinshell fake-usb-host", caps, USB_REDIR_CAPS_SIZE, usbredirparser_fl_usb_host);

	while (!peer_gone) {
		struct pollfd p = { fd, POLLIN | (usbredirparser_has_data_to_write(parser) ? POLLOUT : 0), 0 };
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			break;
		if (p.revents & (POLLIN | POLLHUP | POLLERR))
			if (usbredirparser_do_read(parser) == usbredirparser_read_io_error)
				break;
		if (usbredirparser_has_data_to_write(parser))
			usbredirparser_do_write(parser);
	}
	say("disconnected");
	usbredirparser_destroy(parser);
	close(fd);
	return 0;
}
