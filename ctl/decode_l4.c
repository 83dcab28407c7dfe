// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding the transport layer: TCP (RFC 9293) with its options, UDP
 * (RFC 768), ICMP (RFC 792) and ICMPv6 (RFC 4443), checksums included.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "decode.h"

#define RFC9293 "RFC 9293 3.1"

uint32_t l4_layer_of(const struct ip_info *ip)
{
	switch (ip->protocol) {
	case 6:
		return BIT(SOCKCTL_A_TCP);
	case 17:
		return BIT(SOCKCTL_A_UDP);
	case 1:
		return ip->version == 4 ? BIT(SOCKCTL_A_ICMP) : 0;
	case 58:
		return ip->version == 6 ? BIT(SOCKCTL_A_ICMPV6) : 0;
	}
	return 0;
}

/* The pseudo-header's sum for a transport header of len bytes. */
static uint32_t pseudo_sum(const struct ip_info *ip, uint8_t proto, size_t len)
{
	if (ip->version == 4)
		return csum_pseudo_v4(ip->saddr, ip->daddr, proto, (uint32_t)len);
	return csum_pseudo_v6(ip->saddr, ip->daddr, proto, (uint32_t)len);
}

/*
 * Check a transport checksum over [off, off + len), or say why it cannot
 * be: a fragment's checksum covers the whole datagram, not this frame;
 * the notes are short, as they share a column with the value.
 */
static void l4_csum(struct dframe *f, struct dfield *fld, const struct ip_info *ip,
		    uint8_t proto, size_t off, size_t len, size_t field, bool udp)
{
	if (ip->fragment) {
		fld->csum = CSUM_UNCHECKED;
		df_note(fld, "a fragment");
		return;
	}
	if (!ip->saddr || off + len > f->len || len < field + 2) {
		fld->csum = CSUM_UNCHECKED;
		df_note(fld, "frame too short");
		return;
	}
	csum_check(fld, proto == 1 ? 0 : pseudo_sum(ip, proto, len),
		   f->data + off, len, field, udp);
}

static size_t segment_len(const struct dframe *f, const struct ip_info *ip,
			  size_t off)
{
	size_t end = ip->end < f->len ? ip->end : f->len;

	return end > off ? end - off : 0;
}

static void decode_tcp_options(struct dlayer *l, const uint8_t *d, size_t off,
			       size_t end)
{
	while (off < end) {
		uint8_t kind = d[off];
		size_t len = kind <= 1 ? 1 : (off + 1 < end ? d[off + 1] : 1);
		struct dfield *fld;

		if (kind == 0) {
			df_note(df_bytes(l, "eol", d, off, end - off, "RFC 9293 3.2"),
				"end of option list, then padding");
			return;
		}
		if (len < 2 && kind > 1)
			len = end - off;	/* a broken length: the rest */
		if (off + len > end)
			len = end - off;
		if (kind == 1) {
			df_num(l, "nop", off, 0, 8, 1, "RFC 9293 3.2");
		} else if (kind == 2 && len == 4) {
			fld = df_num(l, "mss", off + 2, 0, 16, get_be(d + off + 2, 2),
				     "RFC 9293 3.7.1");
			df_note(fld, "option kind 2 at %zu", off);
		} else if (kind == 3 && len == 3) {
			fld = df_num(l, "wscale", off + 2, 0, 8, d[off + 2], "RFC 7323 2");
			df_note(fld, "option kind 3 at %zu: window << %u", off, d[off + 2]);
		} else if (kind == 4 && len == 2) {
			df_note(df_num(l, "sack_perm", off, 0, 16, 1, "RFC 2018 2"),
				"option kind 4");
		} else if (kind == 8 && len == 10) {
			fld = df_num(l, "ts_val", off + 2, 0, 32, get_be(d + off + 2, 4),
				     "RFC 7323 3");
			df_note(fld, "option kind 8 at %zu", off);
			df_num(l, "ts_ecr", off + 6, 0, 32, get_be(d + off + 6, 4),
			       "RFC 7323 3");
		} else {
			fld = df_bytes(l, kind == 5 ? "sack" : "option", d, off, len,
				       kind == 5 ? "RFC 2018 3" : "RFC 9293 3.2");
			df_note(fld, "kind %u, length %zu", kind, len);
		}
		off += len;
	}
}

static const char *tcp_flags_text(uint8_t flags, char *buf, size_t size)
{
	const struct name_value *t;
	size_t len = 0;

	buf[0] = '\0';
	for (t = tcp_flag_names; t->name && len + 5 < size; t++) {
		const char *c;

		if (!(flags & t->value))
			continue;
		if (len)
			buf[len++] = ',';
		for (c = t->name; *c; c++)
			buf[len++] = (char)toupper((unsigned char)*c);
		buf[len] = '\0';
	}
	return len ? buf : "none";
}

static size_t decode_tcp(struct dframe *f, const struct ip_info *ip, size_t off)
{
	const uint8_t *d = f->data;
	unsigned int doff;
	struct dlayer *l;
	struct dfield *fld;
	size_t hlen;
	char buf[64];

	l = dl_add(f, "tcp", "TCP header", RFC9293, off, 20);
	if (l->truncated)
		return f->len;
	doff = d[off + 12] >> 4;
	hlen = doff >= 5 ? doff * 4u : 20;
	l->length = (unsigned int)hlen;
	if (off + hlen > f->len) {
		l->truncated = true;
		l->length = (unsigned int)(f->len - off);
	}
	df_num(l, "sport", off, 0, 16, get_be(d + off, 2), NULL);
	df_num(l, "dport", off + 2, 0, 16, get_be(d + off + 2, 2), NULL);
	df_num(l, "seq", off + 4, 0, 32, get_be(d + off + 4, 4), NULL);
	df_num(l, "ack_seq", off + 8, 0, 32, get_be(d + off + 8, 4), NULL);
	df_note(df_num(l, "doff", off + 12, 0, 4, doff, NULL), "%u bytes", doff * 4);
	df_num(l, "reserved", off + 12, 4, 4, d[off + 12] & 0xf, NULL);
	fld = df_hex(l, "flags", off + 13, 8, d[off + 13], RFC9293 ", RFC 3168 6.1");
	df_note(fld, "%s", tcp_flags_text(d[off + 13], buf, sizeof(buf)));
	df_num(l, "window", off + 14, 0, 16, get_be(d + off + 14, 2), NULL);
	fld = df_hex(l, "checksum", off + 16, 16, get_be(d + off + 16, 2),
		     RFC9293 ", RFC 1071");
	l4_csum(f, fld, ip, 6, off, segment_len(f, ip, off), 16, false);
	df_num(l, "urg_ptr", off + 18, 0, 16, get_be(d + off + 18, 2), NULL);
	if (!l->truncated && hlen > 20)
		decode_tcp_options(l, d, off + 20, off + hlen);
	return off + hlen;
}

static size_t decode_udp(struct dframe *f, const struct ip_info *ip, size_t off)
{
	const uint8_t *d = f->data;
	unsigned int len, check;
	struct dlayer *l;
	struct dfield *fld;

	l = dl_add(f, "udp", "UDP header", "RFC 768", off, 8);
	if (l->truncated)
		return f->len;
	len = get_be(d + off + 4, 2);
	check = get_be(d + off + 6, 2);
	df_num(l, "sport", off, 0, 16, get_be(d + off, 2), NULL);
	df_num(l, "dport", off + 2, 0, 16, get_be(d + off + 2, 2), NULL);
	df_num(l, "len", off + 4, 0, 16, len, NULL);
	fld = df_hex(l, "checksum", off + 6, 16, check,
		     ip->version == 6 ? "RFC 768, RFC 8200 8.1" : "RFC 768, RFC 1071");
	if (!check && ip->version == 4) {
		fld->csum = CSUM_UNCHECKED;
		df_note(fld, "0 = no checksum");
		return off + 8;
	}
	/* RFC 768: the pseudo-header carries the UDP length field. */
	if (len < 8 || len > segment_len(f, ip, off)) {
		fld->csum = CSUM_UNCHECKED;
		df_note(fld, "length field wrong");
		return off + 8;
	}
	l4_csum(f, fld, ip, 17, off, len, 6, true);
	return off + 8;
}

static bool icmp_is_echo(bool v6, uint8_t type)
{
	if (v6)
		return type == 128 || type == 129;
	return type == 0 || type == 8 || (type >= 13 && type <= 18);
}

static size_t decode_icmp(struct dframe *f, const struct ip_info *ip,
			  size_t off, bool v6)
{
	const uint8_t *d = f->data;
	const struct name_value *codes;
	struct dlayer *l;
	struct dfield *fld;
	uint8_t type;
	uint32_t rest;
	char addr[INET_ADDRSTRLEN];
	const char *rfc = v6 ? "RFC 4443 2.1" : "RFC 792";

	l = dl_add(f, v6 ? "icmpv6" : "icmp", v6 ? "ICMPv6 header" : "ICMP header",
		   rfc, off, 8);
	if (l->truncated)
		return f->len;
	type = d[off];
	fld = df_num(l, "type", off, 0, 8, type, NULL);
	if (name_of(v6 ? icmp6_type_names : icmp_type_names, type))
		df_note(fld, "%s", name_of(v6 ? icmp6_type_names : icmp_type_names, type));
	fld = df_num(l, "code", off + 1, 0, 8, d[off + 1], NULL);
	codes = icmp_code_names(v6, type);
	if (codes && name_of(codes, d[off + 1]))
		df_note(fld, "%s", name_of(codes, d[off + 1]));
	fld = df_hex(l, "checksum", off + 2, 16, get_be(d + off + 2, 2),
		     v6 ? "RFC 4443 2.3" : "RFC 792, RFC 1071");
	l4_csum(f, fld, ip, v6 ? 58 : 1, off, segment_len(f, ip, off), 2, false);
	if (icmp_is_echo(v6, type)) {
		df_num(l, "id", off + 4, 0, 16, get_be(d + off + 4, 2), NULL);
		df_num(l, "seq", off + 6, 0, 16, get_be(d + off + 6, 2), NULL);
		return off + 8;
	}
	rest = get_be(d + off + 4, 4);
	fld = df_hex(l, "rest", off + 4, 32, rest, NULL);
	if (!v6 && type == 5)
		df_note(fld, "gateway %s", inet_ntop(AF_INET, d + off + 4, addr,
						     sizeof(addr)));
	else if ((!v6 && type == 3 && d[off + 1] == 4) || (v6 && type == 2))
		df_note(fld, "next-hop MTU %u", v6 ? rest : rest & 0xffff);
	else if (!v6 && type == 12)
		df_note(fld, "pointer %u", rest >> 24);
	else if (v6 && type == 4)
		df_note(fld, "pointer %u", rest);
	return off + 8;
}

/* The transport header of kind layer (BIT(SOCKCTL_A_TCP)...) at ip->l4_offset. */
size_t decode_l4(struct dframe *f, uint32_t layer, const struct ip_info *ip)
{
	size_t off = ip->l4_offset;

	if (off >= f->len)
		return off;
	switch (layer) {
	case BIT(SOCKCTL_A_TCP):
		return decode_tcp(f, ip, off);
	case BIT(SOCKCTL_A_UDP):
		return decode_udp(f, ip, off);
	case BIT(SOCKCTL_A_ICMP):
		return decode_icmp(f, ip, off, false);
	case BIT(SOCKCTL_A_ICMPV6):
		return decode_icmp(f, ip, off, true);
	}
	return off;
}
