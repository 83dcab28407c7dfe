// SPDX-License-Identifier: GPL-2.0
/*
 * One line per frame, as tcpdump prints it by default:
 *
 *   IP 10.0.0.1.1234 > 10.0.0.2.80: Flags [S], seq 1, win 64240, length 0
 *   IP6 fd00::1.53 > fd00::2.9: UDP, length 4
 *   IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 64
 *   ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28
 *   vlan 100, p 0, IP ...
 *
 * The frame is taken apart by decode_frame(), the decoder of `build`, and
 * the line is made from its fields; what it cannot see (a frame cut short
 * by the snap length) is "[|tcp]", as tcpdump says.  Lengths come from the
 * headers, so a truncated capture still shows the real ones; only what has
 * no length field of its own (ARP, an unknown EtherType) is measured from
 * len, the frame's length on the wire.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

struct line {
	char *buf;
	size_t size, len;
};

static void put(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len + 1 >= l->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, l->size - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n;
	if (l->len >= l->size)
		l->len = l->size - 1;
}

static const struct dfield *fld(const struct dlayer *l, const char *name)
{
	int i;

	for (i = 0; l && i < l->n_fields; i++)
		if (!strcmp(l->fields[i].name, name))
			return &l->fields[i];
	return NULL;
}

static uint64_t num(const struct dlayer *l, const char *name)
{
	const struct dfield *f = fld(l, name);

	return f ? f->num : 0;
}

static const char *str(const struct dlayer *l, const char *name)
{
	const struct dfield *f = fld(l, name);

	return f && f->str ? f->str : "?";
}

static bool is(const struct dlayer *l, const char *name)
{
	return l && !strcmp(l->name, name);
}

/* A name from our tables, "echo-request", said as tcpdump does: "echo request". */
static void put_name(struct line *l, const char *name)
{
	for (; *name && l->len + 1 < l->size; name++)
		l->buf[l->len++] = *name == '-' ? ' ' : *name;
	l->buf[l->len] = '\0';
}

/* "S.", "P.", "F.": tcpdump's letters, in its order; "." is ACK. */
static void put_tcp_flags(struct line *l, unsigned int flags)
{
	static const char letters[] = "FSRP.UEW";
	int i;

	if (!flags) {
		put(l, "none");
		return;
	}
	for (i = 0; i < 8; i++)
		if (flags & (1u << i))
			put(l, "%c", letters[i]);
}

/* The options the decoder found (the fields after urg_ptr), in tcpdump's words. */
static void put_tcp_options(struct line *l, const struct dlayer *tcp)
{
	int i, first = -1;

	for (i = 0; i < tcp->n_fields; i++)
		if (!strcmp(tcp->fields[i].name, "urg_ptr")) {
			first = i + 1;
			break;
		}
	if (first < 0 || first >= tcp->n_fields)
		return;
	put(l, ", options [");
	for (i = first; i < tcp->n_fields; i++) {
		const struct dfield *f = &tcp->fields[i];
		const char *n = f->name;

		if (i > first)
			put(l, ",");
		if (!strcmp(n, "mss"))
			put(l, "mss %llu", (unsigned long long)f->num);
		else if (!strcmp(n, "wscale"))
			put(l, "wscale %llu", (unsigned long long)f->num);
		else if (!strcmp(n, "sack_perm"))
			put(l, "sackOK");
		else if (!strcmp(n, "ts_val") && i + 1 < tcp->n_fields)
			put(l, "TS val %llu ecr %llu", (unsigned long long)f->num,
			    (unsigned long long)tcp->fields[++i].num);
		else if (!strcmp(n, "nop") || !strcmp(n, "eol") || !strcmp(n, "sack"))
			put(l, "%s", n);
		else	/* "option": its bytes in hex, the kind first */
			put(l, "unknown-%lu", f->str && strlen(f->str) >= 2 ?
			    strtoul((const char[3]){ f->str[0], f->str[1], 0 }, NULL, 16) :
			    0UL);
	}
	put(l, "]");
}

static void put_tcp(struct line *l, const struct dlayer *tcp, uint64_t seg_len)
{
	uint64_t hlen = num(tcp, "doff") * 4;
	uint32_t seq = (uint32_t)num(tcp, "seq");
	unsigned int flags = (unsigned int)num(tcp, "flags");
	uint64_t data = seg_len > hlen ? seg_len - hlen : 0;

	put(l, "Flags [");
	put_tcp_flags(l, flags);
	put(l, "], seq %u", seq);
	if (data)
		put(l, ":%u", (uint32_t)(seq + data));
	if (flags & SOCKCTL_TCP_ACK)
		put(l, ", ack %llu", (unsigned long long)num(tcp, "ack_seq"));
	put(l, ", win %llu", (unsigned long long)num(tcp, "window"));
	if (flags & SOCKCTL_TCP_URG)
		put(l, ", urg %llu", (unsigned long long)num(tcp, "urg_ptr"));
	put_tcp_options(l, tcp);
	put(l, ", length %llu", (unsigned long long)data);
}

static bool icmp_echo(bool v6, unsigned int type)
{
	return v6 ? type == 128 || type == 129 : type == 0 || type == 8;
}

static void put_icmp(struct line *l, const struct dlayer *icmp, bool v6,
		     uint64_t msg_len)
{
	unsigned int type = (unsigned int)num(icmp, "type");
	unsigned int code = (unsigned int)num(icmp, "code");
	const char *name = name_of(v6 ? icmp6_type_names : icmp_type_names, type);
	const struct name_value *codes = icmp_code_names(v6, (uint8_t)type);
	const char *code_name = codes ? name_of(codes, code) : NULL;

	put(l, v6 ? "ICMP6, " : "ICMP ");
	if (name)
		put_name(l, name);
	else
		put(l, "type %u", type);
	if (icmp_echo(v6, type)) {
		put(l, ", id %llu, seq %llu", (unsigned long long)num(icmp, "id"),
		    (unsigned long long)num(icmp, "seq"));
	} else if (code_name) {
		put(l, " (");
		put_name(l, code_name);
		put(l, ")");
	} else if (code || !name) {
		put(l, "%scode %u", name ? " " : ", ", code);
	}
	put(l, ", length %llu", (unsigned long long)msg_len);
}

/* The transport part of an IP line, from "S.sport > D.dport: ..." on. */
static void put_transport(struct line *l, const struct dlayer *l4, uint8_t proto,
			  const char *src, const char *dst, uint64_t l4_len)
{
	const char *pname = name_of(ip_proto_names, proto);

	if (is(l4, "tcp") && fld(l4, "flags")) {
		put(l, "%s.%llu > %s.%llu: ", src, (unsigned long long)num(l4, "sport"),
		    dst, (unsigned long long)num(l4, "dport"));
		put_tcp(l, l4, l4_len);
	} else if (is(l4, "udp") && fld(l4, "len")) {
		uint64_t ulen = num(l4, "len");

		put(l, "%s.%llu > %s.%llu: UDP, length %llu", src,
		    (unsigned long long)num(l4, "sport"), dst,
		    (unsigned long long)num(l4, "dport"),
		    (unsigned long long)(ulen >= 8 ? ulen - 8 : 0));
	} else if ((is(l4, "icmp") || is(l4, "icmpv6")) && fld(l4, "type")) {
		put(l, "%s > %s: ", src, dst);
		put_icmp(l, l4, is(l4, "icmpv6"), l4_len);
	} else if (proto == 6 || proto == 17 || proto == 1 || proto == 58) {
		put(l, "%s > %s: [|%s]", src, dst, pname);
	} else {
		put(l, "%s > %s: ", src, dst);
		if (pname)
			put(l, "%s", pname);
		else
			put(l, "ip-proto-%u", proto);
		put(l, ", length %llu", (unsigned long long)l4_len);
	}
}

/* The layer after index i, or NULL. */
static const struct dlayer *after(const struct dframe *f, int i)
{
	return i + 1 < f->n_layers ? &f->layers[i + 1] : NULL;
}

static void put_ipv4(struct line *l, const struct dframe *f, int i)
{
	const struct dlayer *ip = &f->layers[i];
	uint64_t hlen = num(ip, "ihl") * 4, tot_len = num(ip, "tot_len");
	uint64_t frag = num(ip, "frag_off"), flags = num(ip, "flags");
	uint64_t l4_len = tot_len > hlen ? tot_len - hlen : 0;
	uint8_t proto = (uint8_t)num(ip, "protocol");
	const char *src = str(ip, "saddr"), *dst = str(ip, "daddr");

	put(l, "IP ");
	if (!fld(ip, "daddr")) {
		put(l, "[|ip]");
		return;
	}
	if (frag) {
		const char *pname = name_of(ip_proto_names, proto);

		put(l, "%s > %s: ", src, dst);
		if (pname)
			put(l, "%s", pname);
		else
			put(l, "ip-proto-%u", proto);
		put(l, " fragment, id %llu, offset %llu, length %llu",
		    (unsigned long long)num(ip, "id"), (unsigned long long)frag * 8,
		    (unsigned long long)l4_len);
		return;
	}
	put_transport(l, after(f, i), proto, src, dst, l4_len);
	if (flags & SOCKCTL_IPV4_FLAG_MF)
		put(l, ", first fragment, id %llu", (unsigned long long)num(ip, "id"));
}

static void put_ipv6(struct line *l, const struct dframe *f, int i)
{
	const struct dlayer *ip = &f->layers[i], *next;
	uint64_t plen = num(ip, "payload_len"), ext = 0;
	const char *src = str(ip, "saddr"), *dst = str(ip, "daddr");
	uint8_t proto = (uint8_t)num(ip, "nexthdr");

	put(l, "IP6 ");
	if (!fld(ip, "daddr")) {
		put(l, "[|ip6]");
		return;
	}
	for (next = after(f, i); next && !strncmp(next->name, "ipv6_", 5);
	     next = after(f, ++i)) {
		ext += next->length;
		proto = (uint8_t)num(next, "nexthdr");
		if (is(next, "ipv6_frag") && num(next, "frag_off")) {
			put(l, "%s > %s: frag (offset %llu), length %llu", src, dst,
			    (unsigned long long)num(next, "frag_off") * 8,
			    (unsigned long long)(plen > ext ? plen - ext : 0));
			return;
		}
	}
	put_transport(l, next, proto, src, dst, plen > ext ? plen - ext : 0);
}

static void put_arp(struct line *l, const struct dlayer *arp, uint64_t len)
{
	uint64_t op = num(arp, "op");

	put(l, "ARP, ");
	if (!fld(arp, "tpa")) {
		put(l, "[|arp]");
		return;
	}
	if (op == 1)
		put(l, "Request who-has %s tell %s", str(arp, "tpa"), str(arp, "spa"));
	else if (op == 2)
		put(l, "Reply %s is-at %s", str(arp, "spa"), str(arp, "sha"));
	else if (name_of(arp_op_names, (uint32_t)op))
		put_name(l, name_of(arp_op_names, (uint32_t)op));
	else
		put(l, "op %llu", (unsigned long long)op);
	put(l, ", length %llu", (unsigned long long)len);
}

/*
 * The line for an Ethernet frame: caplen bytes of it at data, len on the
 * wire.  Always a NUL-terminated string in buf, cut to size.
 */
void decode_line(char *buf, size_t size, const uint8_t *data, size_t caplen,
		 size_t len)
{
	const struct decode_hints hints = {
		.ethernet = true, .l3_offset = -1, .l4_offset = -1,
		.payload_offset = -1,
	};
	struct line l = { .buf = buf, .size = size };
	const struct dlayer *eth, *next;
	uint64_t proto, link_len;
	struct dframe f;
	int i = 1;

	if (!size)
		return;
	buf[0] = '\0';
	decode_frame(&f, data, caplen, &hints);
	eth = &f.layers[0];
	if (!fld(eth, "proto")) {
		put(&l, "[|ether], length %zu", len);
		goto out;
	}
	for (; i < f.n_layers && is(&f.layers[i], "vlan"); i++)
		put(&l, "vlan %llu, p %llu, ", (unsigned long long)num(&f.layers[i], "vid"),
		    (unsigned long long)num(&f.layers[i], "pcp"));
	proto = num(eth, "proto");
	link_len = len > eth->length ? len - eth->length : 0;
	next = i < f.n_layers ? &f.layers[i] : NULL;
	if (is(next, "arp"))
		put_arp(&l, next, link_len);
	else if (is(next, "ipv4"))
		put_ipv4(&l, &f, i);
	else if (is(next, "ipv6"))
		put_ipv6(&l, &f, i);
	else if (proto <= 1500)
		put(&l, "802.3, length %llu", (unsigned long long)proto);
	else if (name_of(ether_type_names, (uint32_t)proto))
		put(&l, "ethertype %s (0x%04llx), length %llu",
		    name_of(ether_type_names, (uint32_t)proto),
		    (unsigned long long)proto, (unsigned long long)link_len);
	else
		put(&l, "ethertype 0x%04llx, length %llu", (unsigned long long)proto,
		    (unsigned long long)link_len);
out:
	dframe_free(&f);
}
