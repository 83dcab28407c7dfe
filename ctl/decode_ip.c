// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding the network layer: ARP (RFC 826), IPv4 (RFC 791 section 3.1)
 * with its options, IPv6 (RFC 8200) with its extension headers.
 */
#include <arpa/inet.h>
#include <string.h>

#include "decode.h"

#define RFC791 "RFC 791 3.1"
#define RFC8200 "RFC 8200 3"

/* An address field: dotted/colon form for the usual lengths, else hex. */
static void addr_field(struct dlayer *l, const char *name, const uint8_t *d,
		       size_t off, size_t len)
{
	char buf[INET6_ADDRSTRLEN];

	if (len == 4 || len == 16) {
		inet_ntop(len == 4 ? AF_INET : AF_INET6, d + off, buf, sizeof(buf));
		df_str(l, name, off, (unsigned int)len * 8, buf, NULL);
	} else if (len == 6) {
		snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x",
			 d[off], d[off + 1], d[off + 2], d[off + 3], d[off + 4],
			 d[off + 5]);
		df_str(l, name, off, 48, buf, NULL);
	} else {
		df_bytes(l, name, d, off, len, NULL);
	}
}

size_t decode_arp(struct dframe *f, size_t off)
{
	const uint8_t *d = f->data;
	struct dlayer *l;
	struct dfield *fld;
	size_t hlen, plen, p;

	if (off + 8 > f->len) {
		dl_add(f, "arp", "ARP packet", "RFC 826", off, 8);
		return f->len;
	}
	hlen = d[off + 4];
	plen = d[off + 5];
	l = dl_add(f, "arp", "ARP packet", "RFC 826", off, 8 + 2 * (hlen + plen));
	fld = df_num(l, "htype", off, 0, 16, get_be(d + off, 2), NULL);
	if (name_of(arp_hrd_names, (uint32_t)fld->num))
		df_note(fld, "%s", name_of(arp_hrd_names, (uint32_t)fld->num));
	fld = df_hex(l, "ptype", off + 2, 16, get_be(d + off + 2, 2), NULL);
	if (name_of(ether_type_names, (uint32_t)fld->num))
		df_note(fld, "%s", name_of(ether_type_names, (uint32_t)fld->num));
	df_num(l, "hlen", off + 4, 0, 8, hlen, NULL);
	df_num(l, "plen", off + 5, 0, 8, plen, NULL);
	fld = df_num(l, "op", off + 6, 0, 16, get_be(d + off + 6, 2), NULL);
	if (name_of(arp_op_names, (uint32_t)fld->num))
		df_note(fld, "%s", name_of(arp_op_names, (uint32_t)fld->num));
	if (l->truncated)
		return f->len;
	p = off + 8;
	addr_field(l, "sha", d, p, hlen);
	addr_field(l, "spa", d, p + hlen, plen);
	addr_field(l, "tha", d, p + hlen + plen, hlen);
	addr_field(l, "tpa", d, p + 2 * hlen + plen, plen);
	return off + l->length;
}

/* RFC 791 3.1 and the IANA registry: the option types worth a name. */
static const struct name_value ipv4_option_names[] = {
	{ "eol", 0 }, { "nop", 1 }, { "security", 130 }, { "lsrr", 131 },
	{ "ssrr", 137 }, { "rr", 7 }, { "sid", 136 }, { "timestamp", 68 },
	{ "router-alert", 148 },
	{ NULL, 0 },
};

static void decode_ipv4_options(struct dlayer *l, const uint8_t *d,
				size_t off, size_t end)
{
	while (off < end) {
		uint8_t type = d[off];
		size_t len = 1;
		struct dfield *fld;

		if (type == 0) {
			/* End of Option List: what follows is padding. */
			fld = df_bytes(l, "option", d, off, end - off, NULL);
			df_note(fld, "eol, then %zu bytes of padding", end - off - 1);
			return;
		}
		if (type != 1)
			len = off + 1 < end && d[off + 1] >= 2 ? d[off + 1] : end - off;
		if (off + len > end)
			len = end - off;
		fld = df_bytes(l, "option", d, off, len, NULL);
		df_note(fld, "%s (type %u), %zu bytes",
			name_of(ipv4_option_names, type) ?: "unknown", type, len);
		off += len;
	}
}

static const char *ipv4_flags_text(unsigned int flags, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s",
		 flags & SOCKCTL_IPV4_FLAG_RF ? "RF (evil) " : "",
		 flags & SOCKCTL_IPV4_FLAG_DF ? "DF " : "",
		 flags & SOCKCTL_IPV4_FLAG_MF ? "MF " : "",
		 flags ? "" : "none");
	if (flags)
		buf[strlen(buf) - 1] = '\0';
	return buf;
}

bool decode_ipv4(struct dframe *f, size_t off, struct ip_info *ip)
{
	const uint8_t *d = f->data;
	unsigned int ihl, tot_len, frag;
	struct dlayer *l;
	struct dfield *fld;
	size_t hlen;
	char buf[64];

	ip->end = f->len;
	ip->l4_offset = f->len;
	if (off + 20 > f->len) {
		dl_add(f, "ipv4", "IPv4 header", RFC791, off, 20);
		return false;
	}
	ihl = d[off] & 0xf;
	hlen = ihl >= 5 ? ihl * 4u : 20;
	l = dl_add(f, "ipv4", "IPv4 header", RFC791, off, hlen);
	df_num(l, "version", off, 0, 4, d[off] >> 4, NULL);
	df_note(df_num(l, "ihl", off, 4, 4, ihl, NULL), "%u bytes", ihl * 4);
	df_note(df_hex(l, "tos", off + 1, 8, d[off + 1], NULL), "dscp %u, ecn %u",
		d[off + 1] >> 2, d[off + 1] & 3);
	fld = df_num(l, "dscp", off + 1, 0, 6, d[off + 1] >> 2, "RFC 2474 3");
	if (name_of(dscp_names, fld->num))
		df_note(fld, "%s", name_of(dscp_names, (uint32_t)fld->num));
	fld = df_num(l, "ecn", off + 1, 6, 2, d[off + 1] & 3, "RFC 3168 5");
	df_note(fld, "%s", name_of(ecn_names, (uint32_t)fld->num));
	tot_len = get_be(d + off + 2, 2);
	df_num(l, "tot_len", off + 2, 0, 16, tot_len, NULL);
	df_note(df_num(l, "id", off + 4, 0, 16, get_be(d + off + 4, 2), NULL),
		"0x%04x", get_be(d + off + 4, 2));
	df_note(df_num(l, "flags", off + 6, 0, 3, d[off + 6] >> 5, NULL), "%s",
		ipv4_flags_text(d[off + 6] >> 5, buf, sizeof(buf)));
	frag = get_be(d + off + 6, 2) & 0x1fff;
	df_note(df_num(l, "frag_off", off + 6, 3, 13, frag, NULL),
		"%u bytes", frag * 8);
	df_num(l, "ttl", off + 8, 0, 8, d[off + 8], NULL);
	fld = df_num(l, "protocol", off + 9, 0, 8, d[off + 9], NULL);
	if (name_of(ip_proto_names, d[off + 9]))
		df_note(fld, "%s", name_of(ip_proto_names, d[off + 9]));
	fld = df_hex(l, "checksum", off + 10, 16, get_be(d + off + 10, 2),
		     RFC791 ", RFC 1071");
	if (ihl >= 5 && off + ihl * 4u <= f->len)
		csum_check(fld, 0, d + off, ihl * 4u, 10, false);
	else
		fld->csum = CSUM_UNCHECKED;
	addr_field(l, "saddr", d, off + 12, 4);
	addr_field(l, "daddr", d, off + 16, 4);
	if (hlen > 20 && off + hlen <= f->len)
		decode_ipv4_options(l, d, off + 20, off + hlen);

	ip->version = 4;
	ip->saddr = d + off + 12;
	ip->daddr = d + off + 16;
	ip->protocol = d[off + 9];
	ip->l4_offset = off + hlen;
	if (tot_len >= hlen && off + tot_len <= f->len)
		ip->end = off + tot_len;
	ip->fragment = frag || (d[off + 6] & 0x20);
	ip->later_fragment = frag != 0;
	return true;
}

static bool is_ipv6_ext(uint8_t nh)
{
	return nh == 0 || nh == 43 || nh == 44 || nh == 60;
}

/* One extension header at off; returns its length, 0 if it does not fit. */
static size_t decode_ipv6_ext(struct dframe *f, size_t off, uint8_t type,
			      struct ip_info *ip)
{
	static const struct { uint8_t type; const char *name, *title, *rfc; } ext[] = {
		{ 0,  "ipv6_hbh",     "Hop-by-Hop Options header", "RFC 8200 4.3" },
		{ 43, "ipv6_routing", "Routing header",            "RFC 8200 4.4" },
		{ 44, "ipv6_frag",    "Fragment header",           "RFC 8200 4.5" },
		{ 60, "ipv6_dstopt",  "Destination Options header", "RFC 8200 4.6" },
	};
	const uint8_t *d = f->data;
	struct dlayer *l;
	struct dfield *fld;
	size_t len, i;

	for (i = 0; ext[i].type != type; i++)
		;
	if (off + 8 > f->len) {
		dl_add(f, ext[i].name, ext[i].title, ext[i].rfc, off, 8);
		return 0;
	}
	len = type == 44 ? 8 : (d[off + 1] + 1u) * 8;
	l = dl_add(f, ext[i].name, ext[i].title, ext[i].rfc, off, len);
	fld = df_num(l, "nexthdr", off, 0, 8, d[off], NULL);
	if (name_of(ip_proto_names, d[off]))
		df_note(fld, "%s", name_of(ip_proto_names, d[off]));
	if (type == 44) {
		unsigned int fo = get_be(d + off + 2, 2);

		df_num(l, "reserved", off + 1, 0, 8, d[off + 1], NULL);
		df_note(df_num(l, "frag_off", off + 2, 0, 13, fo >> 3, NULL),
			"%u bytes", (fo >> 3) * 8);
		df_num(l, "res", off + 3, 5, 2, fo >> 1 & 3, NULL);
		df_num(l, "m", off + 3, 7, 1, fo & 1, NULL);
		df_hex(l, "id", off + 4, 32, get_be(d + off + 4, 4), NULL);
		ip->fragment = true;
		ip->later_fragment = ip->later_fragment || fo >> 3;
	} else {
		df_note(df_num(l, "hdr_ext_len", off + 1, 0, 8, d[off + 1], NULL),
			"%zu bytes in all", len);
		if (!l->truncated)
			df_bytes(l, "data", d, off + 2, len - 2, NULL);
	}
	return l->truncated ? 0 : len;
}

bool decode_ipv6(struct dframe *f, size_t off, struct ip_info *ip)
{
	const uint8_t *d = f->data;
	unsigned int plen, n = 0;
	struct dlayer *l;
	struct dfield *fld;
	uint8_t nh;
	size_t pos, len;

	ip->end = f->len;
	ip->l4_offset = f->len;
	l = dl_add(f, "ipv6", "IPv6 header", RFC8200, off, 40);
	if (l->truncated)
		return false;
	df_num(l, "version", off, 0, 4, d[off] >> 4, NULL);
	df_hex(l, "tclass", off, 8, (get_be(d + off, 2) >> 4) & 0xff, "RFC 8200 7")
		->bit_offset = 4;
	df_hex(l, "flowlabel", off + 1, 20, get_be(d + off + 1, 3) & 0xfffff,
	       "RFC 6437")->bit_offset = 4;
	plen = get_be(d + off + 4, 2);
	df_num(l, "payload_len", off + 4, 0, 16, plen, NULL);
	nh = d[off + 6];
	fld = df_num(l, "nexthdr", off + 6, 0, 8, nh, NULL);
	if (name_of(ip_proto_names, nh))
		df_note(fld, "%s", name_of(ip_proto_names, nh));
	df_num(l, "hoplimit", off + 7, 0, 8, d[off + 7], NULL);
	addr_field(l, "saddr", d, off + 8, 16);
	addr_field(l, "daddr", d, off + 24, 16);

	ip->version = 6;
	ip->saddr = d + off + 8;
	ip->daddr = d + off + 24;
	if (off + 40 + plen <= f->len)
		ip->end = off + 40 + plen;
	for (pos = off + 40; is_ipv6_ext(nh) && n < 8; n++) {
		len = decode_ipv6_ext(f, pos, nh, ip);
		if (!len) {
			pos = f->len;
			break;
		}
		nh = d[pos];
		pos += len;
	}
	ip->protocol = nh;
	ip->l4_offset = pos;
	return true;
}
