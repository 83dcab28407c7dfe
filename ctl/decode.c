// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding a frame: the walk from the first header to the payload, the
 * Ethernet and VLAN headers, and the helpers that record fields.
 *
 * Which headers a frame holds comes from what we asked the kernel to build
 * (a description's layers and the offsets the kernel returns), not from
 * guessing at the bytes: a student's IPv4 header with version 5 is still
 * shown as the IPv4 header it was built as.  Only raw packets are
 * recognised by their EtherType or version nibble.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

#define DECODE_MAX_LAYERS 24	/* eth, 2 tags, ip, 8 ext, l4, quote, ... */

uint32_t get_be(const uint8_t *p, size_t bytes)
{
	uint32_t v = 0;

	while (bytes--)
		v = v << 8 | *p++;
	return v;
}

struct dlayer *dl_add(struct dframe *f, const char *name, const char *title,
		      const char *rfc, size_t offset, size_t length)
{
	struct dlayer *l;

	if (!f->layers) {
		f->layers = calloc(DECODE_MAX_LAYERS, sizeof(*f->layers));
		if (!f->layers)
			sys_error("out of memory");
	}
	/* The last slot is reused rather than overflowing: never needed. */
	l = &f->layers[f->n_layers < DECODE_MAX_LAYERS ? f->n_layers++ :
		       DECODE_MAX_LAYERS - 1];
	memset(l, 0, sizeof(*l));
	l->name = name;
	l->title = title;
	l->rfc = rfc;
	l->offset = (unsigned int)offset;
	l->length = (unsigned int)length;
	if (offset + length > f->len) {
		l->truncated = true;
		l->length = offset < f->len ? (unsigned int)(f->len - offset) : 0;
	}
	return l;
}

static struct dfield *df_add(struct dlayer *l, const char *name, size_t offset,
			     unsigned int bit_offset, unsigned int bits,
			     const char *rfc)
{
	struct dfield *f;

	f = realloc(l->fields, (size_t)(l->n_fields + 1) * sizeof(*f));
	if (!f)
		sys_error("out of memory");
	l->fields = f;
	f += l->n_fields++;
	memset(f, 0, sizeof(*f));
	f->name = name;
	f->offset = (unsigned int)offset;
	f->bit_offset = bit_offset;
	f->bits = bits;
	f->rfc = rfc ? rfc : l->rfc;
	return f;
}

struct dfield *df_num(struct dlayer *l, const char *name, size_t offset,
		      unsigned int bit_offset, unsigned int bits, uint64_t value,
		      const char *rfc)
{
	struct dfield *f = df_add(l, name, offset, bit_offset, bits, rfc);

	f->format = DF_DEC;
	f->num = value;
	return f;
}

struct dfield *df_hex(struct dlayer *l, const char *name, size_t offset,
		      unsigned int bits, uint64_t value, const char *rfc)
{
	struct dfield *f = df_num(l, name, offset, 0, bits, value, rfc);

	f->format = DF_HEX;
	f->hex_digits = (int)(bits + 3) / 4;
	return f;
}

struct dfield *df_str(struct dlayer *l, const char *name, size_t offset,
		      unsigned int bits, const char *value, const char *rfc)
{
	struct dfield *f = df_add(l, name, offset, 0, bits, rfc);

	f->format = DF_STR;
	f->str = strdup(value);
	if (!f->str)
		sys_error("out of memory");
	return f;
}

/* Bytes as a hex string: options, extension header data, payload. */
struct dfield *df_bytes(struct dlayer *l, const char *name,
			const uint8_t *data, size_t offset, size_t len,
			const char *rfc)
{
	struct dfield *f = df_add(l, name, offset, 0, (unsigned int)(len * 8), rfc);

	f->format = DF_STR;
	f->str = hex_encode(data + offset, len);
	return f;
}

void df_note(struct dfield *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->note, sizeof(f->note), fmt, ap);
	va_end(ap);
}

static void mac_string(const uint8_t *p, char *buf)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x",
		p[0], p[1], p[2], p[3], p[4], p[5]);
}

static bool is_vlan_tpid(uint32_t type)
{
	return type == 0x8100 || type == 0x88a8 || type == 0x9100;
}

/* Ethernet II with up to two tags; returns the offset after it. */
static size_t decode_eth(struct dframe *f, uint32_t *ethertype)
{
	const uint8_t *d = f->data;
	size_t off = 12;
	struct dlayer *eth;
	struct dfield *fld;
	char mac[18];
	int tags = 0;

	eth = dl_add(f, "ethernet", "Ethernet II header", "IEEE 802.3", 0, 14);
	if (f->len < 14)
		return f->len;
	mac_string(d, mac);
	df_str(eth, "dst", 0, 48, mac, NULL);
	mac_string(d + 6, mac);
	df_str(eth, "src", 6, 48, mac, NULL);

	while (tags < 2 && off + 4 <= f->len && is_vlan_tpid(get_be(d + off, 2))) {
		struct dlayer *tag = dl_add(f, "vlan", "VLAN tag", "IEEE 802.1Q",
					    off, 4);
		uint32_t tci = get_be(d + off + 2, 2);

		fld = df_hex(tag, "tpid", off, 16, get_be(d + off, 2), NULL);
		df_note(fld, "%s", get_be(d + off, 2) == 0x88a8 ? "802.1ad" : "802.1Q");
		df_num(tag, "pcp", off + 2, 0, 3, tci >> 13, NULL);
		df_num(tag, "dei", off + 2, 3, 1, tci >> 12 & 1, NULL);
		df_num(tag, "vid", off + 2, 4, 12, tci & 0xfff, NULL);
		eth->length += 4;
		off += 4;
		tags++;
	}
	if (off + 2 > f->len) {
		eth->truncated = true;
		return f->len;
	}
	*ethertype = get_be(d + off, 2);
	fld = df_hex(eth, "proto", off, 16, *ethertype, NULL);
	if (name_of(ether_type_names, *ethertype))
		df_note(fld, "%s", name_of(ether_type_names, *ethertype));
	else if (*ethertype <= 1500)
		df_note(fld, "an 802.3 length, not an EtherType");
	return off + 2;
}

/* Text a student typed ("payload text hello") deserves to be shown as such. */
static bool printable(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t') ||
		    p[i] >= 0x7f)
			return false;
	return len > 0;
}

/* The bytes from offset to end (clipped to the frame) as the payload. */
size_t decode_payload(struct dframe *f, size_t offset, size_t end)
{
	struct dlayer *l;
	struct dfield *fld;

	if (end > f->len)
		end = f->len;
	if (offset >= end)
		return offset;
	l = dl_add(f, "payload", "Payload", "", offset, end - offset);
	fld = df_bytes(l, "data", f->data, offset, end - offset, NULL);
	if (printable(f->data + offset, end - offset))
		df_note(fld, "%zu bytes: \"%.*s%s\"", end - offset,
			end - offset > 40 ? 40 : (int)(end - offset),
			(const char *)f->data + offset, end - offset > 40 ? "..." : "");
	else
		df_note(fld, "%zu bytes", end - offset);
	return end;
}

/* Which network layer: from the description, else from the bytes (raw). */
static uint32_t network_layer(const struct dframe *f, const struct decode_hints *h,
			      size_t l3, uint32_t ethertype)
{
	uint32_t given = h->layers & (uint32_t)(BIT(SOCKCTL_A_ARP) |
			 BIT(SOCKCTL_A_IPV4) | BIT(SOCKCTL_A_IPV6));

	if (given || (h->layers & ~(uint32_t)BIT(SOCKCTL_A_RAW)))
		return given;
	if (h->ethernet) {
		switch (ethertype) {
		case 0x0806:
			return BIT(SOCKCTL_A_ARP);
		case 0x0800:
			return BIT(SOCKCTL_A_IPV4);
		case 0x86dd:
			return BIT(SOCKCTL_A_IPV6);
		}
		return 0;
	}
	if (l3 < f->len && f->data[l3] >> 4 == 4)
		return BIT(SOCKCTL_A_IPV4);
	if (l3 < f->len && f->data[l3] >> 4 == 6)
		return BIT(SOCKCTL_A_IPV6);
	return 0;
}

void decode_frame(struct dframe *f, const uint8_t *data, size_t len,
		  const struct decode_hints *h)
{
	uint32_t ethertype = 0, l3_layer, l4_layer;
	struct ip_info ip = { 0 };
	size_t off = 0, l3, end = len;

	memset(f, 0, sizeof(*f));
	f->data = data;
	f->len = len;
	if (h->ethernet)
		off = decode_eth(f, &ethertype);
	l3 = h->l3_offset >= 0 ? (size_t)h->l3_offset : off;
	l3_layer = network_layer(f, h, l3, ethertype);

	if (l3_layer == BIT(SOCKCTL_A_ARP)) {
		off = decode_arp(f, l3);
	} else if (l3_layer == BIT(SOCKCTL_A_IPV4) || l3_layer == BIT(SOCKCTL_A_IPV6)) {
		if (l3_layer == BIT(SOCKCTL_A_IPV4))
			decode_ipv4(f, l3, &ip);
		else
			decode_ipv6(f, l3, &ip);
		end = ip.end;
		if (h->l4_offset >= 0)
			ip.l4_offset = (size_t)h->l4_offset;
		l4_layer = h->layers & (uint32_t)(BIT(SOCKCTL_A_TCP) | BIT(SOCKCTL_A_UDP) |
				       BIT(SOCKCTL_A_ICMP) | BIT(SOCKCTL_A_ICMPV6));
		if (!h->layers || h->layers == BIT(SOCKCTL_A_RAW))
			l4_layer = l4_layer_of(&ip);
		off = ip.l4_offset;
		/* Only over a whole IP header: its addresses go in the checksums. */
		if (l4_layer && ip.version && !ip.later_fragment)
			off = decode_l4(f, l4_layer, &ip);
		/* An ICMP error quotes a datagram between its header and payload. */
		if ((l4_layer & (BIT(SOCKCTL_A_ICMP) | BIT(SOCKCTL_A_ICMPV6))) &&
		    h->payload_offset > (int)off && (size_t)h->payload_offset <= end) {
			struct dlayer *q = dl_add(f, "quote", "Quoted datagram",
						  "RFC 792", off,
						  (size_t)h->payload_offset - off);

			df_bytes(q, "data", data, off, (size_t)h->payload_offset - off, NULL);
			off = (size_t)h->payload_offset;
		}
	}
	off = decode_payload(f, off, end);
	if (end < len && off <= end) {
		struct dlayer *t = dl_add(f, "trailer", "After the datagram",
					  "", end, len - end);

		df_note(df_bytes(t, "data", data, end, len - end, NULL),
			"%zu bytes past the IP length (Ethernet padding?)", len - end);
	}
}

void dframe_free(struct dframe *f)
{
	int i, j;

	for (i = 0; i < f->n_layers; i++) {
		for (j = 0; j < f->layers[i].n_fields; j++)
			free(f->layers[i].fields[j].str);
		free(f->layers[i].fields);
	}
	free(f->layers);
	memset(f, 0, sizeof(*f));
}
