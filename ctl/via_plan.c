// SPDX-License-Identifier: GPL-2.0
/*
 * send --via socket, first step: read the attributes desc_parse() wrote and
 * decide which socket can send that packet, with which options, and what
 * the kernel will fill in instead of the description.
 *
 * The rule: the least privileged socket that can say every field the
 * description sets.  TCP or UDP whose fields bind() and socket options can
 * say goes through SOCK_STREAM or SOCK_DGRAM; any field only a hand-made
 * header can carry (a checksum, an ID, MF, options, ICMP, no transport at
 * all...) makes it SOCK_RAW with the header included; an Ethernet or ARP
 * header, or "via l2", makes it AF_PACKET.  Nothing here touches the
 * network but is_local(), so the host unit tests can run it.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <string.h>

#include "via_socket.h"

#define DEFAULT_TCP_DPORT	80	/* the uapi's defaults, for connect() */
#define DEFAULT_UDP_DPORT	53

void via_names_add(struct via_names *l, const char *name)
{
	if (l->n < VIA_MAX_NAMES)
		l->v[l->n++] = name;
}

const char *via_kind_name(enum via_kind kind)
{
	switch (kind) {
	case VIA_STREAM:
		return "SOCK_STREAM";
	case VIA_DGRAM:
		return "SOCK_DGRAM";
	case VIA_RAW:
		return "SOCK_RAW";
	case VIA_PACKET:
		break;
	}
	return "AF_PACKET";
}

const char *via_call(const struct via_plan *p)
{
	bool v6 = p->family == AF_INET6;

	switch (p->kind) {
	case VIA_STREAM:
		return v6 ? "socket(AF_INET6, SOCK_STREAM, 0)" :
			    "socket(AF_INET, SOCK_STREAM, 0)";
	case VIA_DGRAM:
		return v6 ? "socket(AF_INET6, SOCK_DGRAM, 0)" :
			    "socket(AF_INET, SOCK_DGRAM, 0)";
	case VIA_RAW:
		return v6 ? "socket(AF_INET6, SOCK_RAW, IPPROTO_RAW)" :
			    "socket(AF_INET, SOCK_RAW, IPPROTO_RAW)";
	case VIA_PACKET:
		break;
	}
	return "socket(AF_PACKET, SOCK_RAW, 0)";
}

/* The first reason to need a raw socket is the one we report. */
static void raw_because(struct via_plan *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void raw_because(struct via_plan *p, const char *fmt, ...)
{
	va_list ap;

	if (p->reason[0])
		return;
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof(p->reason), fmt, ap);
	va_end(ap);
}

static int plan_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int plan_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* The user's words behind a top-level attribute, for messages. */
static const char *words_of(struct nl_msg *msg, const struct desc_result *res,
			    struct nlattr *a, char *buf, size_t size)
{
	unsigned int off = (unsigned int)((char *)a - (char *)nlmsg_hdr(msg));
	const char *w = desc_origin_words(res, off, buf, size);

	return w ? w : "?";
}

/* What only the module can do: refuse it by name rather than ignore it. */
static int refuse_module_only(struct nl_msg *msg, const struct desc_result *res,
			      struct nlattr **tb, char *err, size_t errlen)
{
	char words[128];

	if (res->inject == SOCKCTL_INJECT_RX)
		return plan_error(err, errlen,
				  "rx: no socket can hand a packet to a device's receive path; that takes the module (drop --via socket)");
	if (tb[SOCKCTL_A_VARY])
		return plan_error(err, errlen,
				  "\"%s\": a socket sends the same bytes each time; changing fields per packet is the module's job (drop --via socket)",
				  words_of(msg, res, tb[SOCKCTL_A_VARY], words, sizeof(words)));
	if (tb[SOCKCTL_A_BACKGROUND])
		return plan_error(err, errlen,
				  "background: a socket's packets are sent by this process, which cannot outlive itself (drop --via socket)");
	return 0;
}

static void plan_pacing(struct via_plan *p, struct nlattr **tb)
{
	p->count = tb[SOCKCTL_A_COUNT] ? nla_get_u32(tb[SOCKCTL_A_COUNT]) : 1;
	if (tb[SOCKCTL_A_BURST])
		p->burst = nla_get_u32(tb[SOCKCTL_A_BURST]);
	if (tb[SOCKCTL_A_INTERVAL_NS])
		p->interval_ns = nla_get_u64(tb[SOCKCTL_A_INTERVAL_NS]);
	if (tb[SOCKCTL_A_RATE_PPS])
		p->rate_pps = nla_get_u32(tb[SOCKCTL_A_RATE_PPS]);
	if (tb[SOCKCTL_A_RATE_BPS])
		p->rate_bps = nla_get_u64(tb[SOCKCTL_A_RATE_BPS]);
}

struct attr_name {
	int attr;
	const char *name;
};

/* Fields of a header that no socket option or bind() can set. */
static const struct attr_name ipv4_header_only[] = {
	{ SOCKCTL_A_IPV4_VERSION, "ipv4.version" },
	{ SOCKCTL_A_IPV4_IHL, "ipv4.ihl" },
	{ SOCKCTL_A_IPV4_TOT_LEN, "ipv4.tot_len" },
	{ SOCKCTL_A_IPV4_ID, "ipv4.id" },
	{ SOCKCTL_A_IPV4_FRAG_OFF, "ipv4.frag_off" },
	{ SOCKCTL_A_IPV4_CHECKSUM, "ipv4.checksum" },
	/* IP_OPTIONS exists, but the kernel checks and rewrites them. */
	{ SOCKCTL_A_IPV4_OPTIONS, "ipv4.options" },
	{ 0, NULL },
};

static const struct attr_name ipv6_header_only[] = {
	{ SOCKCTL_A_IPV6_VERSION, "ipv6.version" },
	/* The flow label manager could; we keep to what every user may do. */
	{ SOCKCTL_A_IPV6_FLOWLABEL, "ipv6.flowlabel" },
	{ SOCKCTL_A_IPV6_PAYLOAD_LEN, "ipv6.payload_len" },
	{ SOCKCTL_A_IPV6_EXTHDR, "ipv6.exthdr" },
	{ 0, NULL },
};

static const struct attr_name tcp_header_only[] = {
	{ SOCKCTL_A_TCP_SEQ, "tcp.seq" },
	{ SOCKCTL_A_TCP_ACK_SEQ, "tcp.ack_seq" },
	{ SOCKCTL_A_TCP_DOFF, "tcp.doff" },
	{ SOCKCTL_A_TCP_RESERVED, "tcp.reserved" },
	{ SOCKCTL_A_TCP_FLAGS, "tcp.flags" },
	{ SOCKCTL_A_TCP_WINDOW, "tcp.window" },
	{ SOCKCTL_A_TCP_CHECKSUM, "tcp.checksum" },
	{ SOCKCTL_A_TCP_URG_PTR, "tcp.urg_ptr" },
	{ SOCKCTL_A_TCP_OPTIONS, "tcp.options" },
	{ SOCKCTL_A_TCP_MSS, "tcp.mss" },
	{ SOCKCTL_A_TCP_WSCALE, "tcp.wscale" },
	{ SOCKCTL_A_TCP_SACK_PERM, "tcp.sack_perm" },
	{ SOCKCTL_A_TCP_TS_VAL, "tcp.ts_val" },
	{ SOCKCTL_A_TCP_TS_ECR, "tcp.ts_ecr" },
	{ 0, NULL },
};

static void header_only(struct via_plan *p, struct nlattr **tb,
			const struct attr_name *names, const char *why)
{
	for (; names->name; names++)
		if (tb[names->attr])
			raw_because(p, "%s is set (%s)", names->name, why);
}

/* A source address the description sets: bind() to it if it is ours. */
static void plan_saddr(struct via_plan *p, const void *addr, size_t len,
		       bool (*is_local)(int family, const void *addr))
{
	static const uint8_t zero[16];
	char text[INET6_ADDRSTRLEN];
	const char *field = p->family == AF_INET ? "ipv4.saddr" : "ipv6.saddr";

	inet_ntop(p->family, addr, text, sizeof(text));
	if (!memcmp(addr, zero, len))
		raw_because(p, "%s is %s, which bind() takes as \"any\"", field, text);
	else if (!is_local(p->family, addr))
		raw_because(p, "%s %s is not an address of this host (bind() refuses it)",
			    field, text);
	if (p->family == AF_INET)
		memcpy(&p->src.v4.sin_addr, addr, 4);
	else
		memcpy(&p->src.v6.sin6_addr, addr, 16);
	p->bind_addr = true;
}

static void plan_ipv4(struct via_plan *p, struct nlattr *nest, bool stream,
		      uint8_t proto, bool (*is_local)(int, const void *),
		      bool *has_dst)
{
	struct nlattr *tb[SOCKCTL_A_IPV4_MAX + 1];

	nla_parse_nested(tb, SOCKCTL_A_IPV4_MAX, nest, NULL);
	header_only(p, tb, ipv4_header_only, "a socket's kernel writes it");
	if (tb[SOCKCTL_A_IPV4_TOS])
		p->tos = nla_get_u8(tb[SOCKCTL_A_IPV4_TOS]);
	if (tb[SOCKCTL_A_IPV4_DSCP] || tb[SOCKCTL_A_IPV4_ECN])
		p->tos = (tb[SOCKCTL_A_IPV4_DSCP] ?
			  nla_get_u8(tb[SOCKCTL_A_IPV4_DSCP]) << 2 : 0) |
			 (tb[SOCKCTL_A_IPV4_ECN] ?
			  nla_get_u8(tb[SOCKCTL_A_IPV4_ECN]) : 0);
	/* Linux keeps a TCP socket's ECN bits for itself (RFC 3168). */
	if (stream && p->tos > 0 && (p->tos & 3))
		raw_because(p, "ipv4.ecn is set (TCP owns its ECN bits)");
	if (tb[SOCKCTL_A_IPV4_FLAGS]) {
		uint8_t f = nla_get_u8(tb[SOCKCTL_A_IPV4_FLAGS]);

		if (f & SOCKCTL_IPV4_FLAG_MF)
			raw_because(p, "ipv4.flags has MF (only the kernel fragments a socket's datagrams)");
		if (f & SOCKCTL_IPV4_FLAG_RF)
			raw_because(p, "ipv4.flags has the reserved (evil) bit");
		p->pmtudisc = f & SOCKCTL_IPV4_FLAG_DF ? IP_PMTUDISC_DO :
							 IP_PMTUDISC_DONT;
	}
	if (tb[SOCKCTL_A_IPV4_TTL]) {
		p->ttl = nla_get_u8(tb[SOCKCTL_A_IPV4_TTL]);
		if (!p->ttl)
			raw_because(p, "ipv4.ttl is 0 (IP_TTL takes 1 to 255)");
	}
	if (tb[SOCKCTL_A_IPV4_PROTOCOL] &&
	    nla_get_u8(tb[SOCKCTL_A_IPV4_PROTOCOL]) != proto)
		raw_because(p, "ipv4.protocol is set to %u", nla_get_u8(tb[SOCKCTL_A_IPV4_PROTOCOL]));
	if (tb[SOCKCTL_A_IPV4_SADDR])
		plan_saddr(p, nla_data(tb[SOCKCTL_A_IPV4_SADDR]), 4, is_local);
	if (tb[SOCKCTL_A_IPV4_DADDR]) {
		memcpy(&p->dst.v4.sin_addr, nla_data(tb[SOCKCTL_A_IPV4_DADDR]), 4);
		*has_dst = true;
	}
}

static void plan_ipv6(struct via_plan *p, struct nlattr *nest, bool stream,
		      uint8_t proto, bool (*is_local)(int, const void *),
		      bool *has_dst)
{
	struct nlattr *tb[SOCKCTL_A_IPV6_MAX + 1];

	nla_parse_nested(tb, SOCKCTL_A_IPV6_MAX, nest, NULL);
	header_only(p, tb, ipv6_header_only, "a socket's kernel writes it");
	if (tb[SOCKCTL_A_IPV6_TCLASS]) {
		p->tos = nla_get_u8(tb[SOCKCTL_A_IPV6_TCLASS]);
		if (stream && (p->tos & 3))
			raw_because(p, "ipv6.tclass has ECN bits (TCP owns them)");
	}
	if (tb[SOCKCTL_A_IPV6_HOPLIMIT])
		p->ttl = nla_get_u8(tb[SOCKCTL_A_IPV6_HOPLIMIT]);
	if (tb[SOCKCTL_A_IPV6_NEXTHDR] &&
	    nla_get_u8(tb[SOCKCTL_A_IPV6_NEXTHDR]) != proto)
		raw_because(p, "ipv6.nexthdr is set to %u", nla_get_u8(tb[SOCKCTL_A_IPV6_NEXTHDR]));
	if (tb[SOCKCTL_A_IPV6_SADDR])
		plan_saddr(p, nla_data(tb[SOCKCTL_A_IPV6_SADDR]), 16, is_local);
	if (tb[SOCKCTL_A_IPV6_DADDR]) {
		memcpy(&p->dst.v6.sin6_addr, nla_data(tb[SOCKCTL_A_IPV6_DADDR]), 16);
		*has_dst = true;
	}
}

/* Ports: a destination is needed (the uapi's default), a source is optional. */
static void plan_ports(struct via_plan *p, struct nlattr *sport,
		       struct nlattr *dport, const char *l4, uint16_t def)
{
	uint16_t dp = dport ? nla_get_u16(dport) : def, sp = 0;

	if (!dp)
		raw_because(p, "%s.dport is 0 (connect() and sendto() refuse port 0)", l4);
	if (sport) {
		sp = nla_get_u16(sport);
		if (!sp)
			raw_because(p, "%s.sport is 0 (bind() takes port 0 as \"any\")", l4);
		p->bind_port = true;
	}
	if (p->family == AF_INET) {
		p->dst.v4.sin_port = htons(dp);
		p->src.v4.sin_port = htons(sp);
	} else {
		p->dst.v6.sin6_port = htons(dp);
		p->src.v6.sin6_port = htons(sp);
	}
}

static void plan_tcp(struct via_plan *p, struct nlattr *nest)
{
	struct nlattr *tb[SOCKCTL_A_TCP_MAX + 1];

	nla_parse_nested(tb, SOCKCTL_A_TCP_MAX, nest, NULL);
	header_only(p, tb, tcp_header_only, "the kernel's TCP chooses it");
	plan_ports(p, tb[SOCKCTL_A_TCP_SPORT], tb[SOCKCTL_A_TCP_DPORT], "tcp",
		   DEFAULT_TCP_DPORT);
}

static void plan_udp(struct via_plan *p, struct nlattr *nest)
{
	struct nlattr *tb[SOCKCTL_A_UDP_MAX + 1];

	nla_parse_nested(tb, SOCKCTL_A_UDP_MAX, nest, NULL);
	if (tb[SOCKCTL_A_UDP_LEN])
		raw_because(p, "udp.len is set (a socket's kernel writes it)");
	if (tb[SOCKCTL_A_UDP_CHECKSUM]) {
		/* 0 is "no checksum", which a socket may ask for (RFC 768, 6935). */
		if (nla_get_u16(tb[SOCKCTL_A_UDP_CHECKSUM]))
			raw_because(p, "udp.checksum is set (a socket's kernel computes it)");
		else
			p->no_check = true;
	}
	plan_ports(p, tb[SOCKCTL_A_UDP_SPORT], tb[SOCKCTL_A_UDP_DPORT], "udp",
		   DEFAULT_UDP_DPORT);
}

/* What the kernel fills in and what the socket cannot say, by socket. */
static void plan_lists(struct via_plan *p, bool tcp)
{
	struct via_names *f = &p->filled, *c = &p->cannot;

	if (p->kind == VIA_PACKET)
		return;		/* the frame leaves as built */
	if (p->kind == VIA_RAW) {
		/* raw_send_hdrinc(): via_plan_raw_bytes() adds the rest. */
		if (p->family == AF_INET) {
			via_names_add(f, "ipv4.tot_len");
			via_names_add(f, "ipv4.checksum");
			via_names_add(c, "ipv4.tot_len");
			via_names_add(c, "ipv4.checksum");
		}
		return;
	}
	if (p->family == AF_INET) {
		via_names_add(f, "ipv4.tot_len");
		via_names_add(f, "ipv4.id");
		via_names_add(f, "ipv4.checksum");
		if (p->pmtudisc < 0)
			via_names_add(f, "ipv4.flags");
		if (p->ttl < 0)
			via_names_add(f, "ipv4.ttl");
		if (!p->bind_addr)
			via_names_add(f, "ipv4.saddr");
		via_names_add(c, "ipv4.tot_len");
		via_names_add(c, "ipv4.id");
		via_names_add(c, "ipv4.checksum");
		via_names_add(c, "ipv4.flags.mf");
		via_names_add(c, "ipv4.flags.rf");
		via_names_add(c, "ipv4.frag_off");
	} else {
		via_names_add(f, "ipv6.payload_len");
		via_names_add(f, "ipv6.flowlabel");
		if (p->ttl < 0)
			via_names_add(f, "ipv6.hoplimit");
		if (!p->bind_addr)
			via_names_add(f, "ipv6.saddr");
		via_names_add(c, "ipv6.payload_len");
		via_names_add(c, "ipv6.nexthdr");
	}
	if (tcp) {
		if (!p->bind_port)
			via_names_add(f, "tcp.sport");
		via_names_add(f, "tcp.seq");
		via_names_add(f, "tcp.ack_seq");
		via_names_add(f, "tcp.doff");
		via_names_add(f, "tcp.flags");
		via_names_add(f, "tcp.window");
		via_names_add(f, "tcp.checksum");
		via_names_add(f, "tcp.options");
		via_names_add(c, "tcp.seq");
		via_names_add(c, "tcp.ack_seq");
		via_names_add(c, "tcp.flags");
		via_names_add(c, "tcp.window");
		via_names_add(c, "tcp.checksum");
		via_names_add(c, "tcp.options");
		via_names_add(c, "tcp.urg_ptr");
	} else {
		if (!p->bind_port)
			via_names_add(f, "udp.sport");
		via_names_add(f, "udp.len");
		if (!p->no_check)
			via_names_add(f, "udp.checksum");
		via_names_add(c, "udp.len");
		via_names_add(c, "udp.checksum");
	}
}

static int plan_packet_dev(struct via_plan *p, char *err, size_t errlen)
{
	if (!p->ifname && !p->ifindex)
		return plan_error(err, errlen,
				  "a packet socket sends a frame on a device: give dev NAME");
	return 0;
}

/* "raw ENC DATA": a frame with a device (l2), else an IP datagram (l3). */
static int plan_raw_given(struct via_plan *p, struct nlattr *raw,
			  const struct desc_result *res, char *err, size_t errlen)
{
	p->raw = nla_data(raw);
	p->raw_len = (size_t)nla_len(raw);
	if (res->inject == SOCKCTL_INJECT_L2 ||
	    (!res->inject && (res->ifname || res->ifindex))) {
		p->kind = VIA_PACKET;
		p->family = AF_PACKET;
		snprintf(p->reason, sizeof(p->reason),
			 "raw bytes for l2 are a whole frame");
		return plan_packet_dev(p, err, errlen);
	}
	p->kind = VIA_RAW;
	switch (p->raw_len ? p->raw[0] >> 4 : 0) {
	case 4:
		p->family = AF_INET;
		break;
	case 6:
		p->family = AF_INET6;
		break;
	default:
		return plan_error(err, errlen,
				  "raw: version nibble %u: not an IPv4 or IPv6 datagram, which is what a raw IP socket sends (give dev NAME to send it as a frame)",
				  p->raw_len ? p->raw[0] >> 4 : 0);
	}
	snprintf(p->reason, sizeof(p->reason), "the description is raw bytes");
	plan_lists(p, false);
	return 0;
}

/*
 * Decide how msg (a request desc_parse() wrote) goes out through a socket.
 * Returns 0, or -1 with err saying why no socket can send it.
 */
int via_plan_make(struct nl_msg *msg, const struct desc_result *res,
		  bool (*is_local)(int family, const void *addr),
		  struct via_plan *p, char *err, size_t errlen)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[SOCKCTL_A_MAX + 1];
	bool tcp, has_dst = false;
	uint8_t proto;

	memset(p, 0, sizeof(*p));
	p->ttl = p->tos = p->pmtudisc = -1;
	if (nla_parse(tb, SOCKCTL_A_MAX, genlmsg_attrdata(gh, 0),
		      genlmsg_attrlen(gh, 0), NULL))
		return plan_error(err, errlen, "the request does not parse");
	if (refuse_module_only(msg, res, tb, err, errlen))
		return -1;
	plan_pacing(p, tb);
	p->ifname = res->ifname;
	p->ifindex = res->ifindex;

	if (tb[SOCKCTL_A_RAW])
		return plan_raw_given(p, tb[SOCKCTL_A_RAW], res, err, errlen);
	if (tb[SOCKCTL_A_ETH] || tb[SOCKCTL_A_ARP] ||
	    res->inject == SOCKCTL_INJECT_L2) {
		p->kind = VIA_PACKET;
		p->family = AF_PACKET;
		p->build_inject = SOCKCTL_INJECT_L2;
		snprintf(p->reason, sizeof(p->reason), "%s",
			 tb[SOCKCTL_A_ETH] ? "eth is given: only a packet socket sends a link-layer header" :
			 tb[SOCKCTL_A_ARP] ? "arp is given: ARP has no socket but a packet socket" :
			 "via l2 is given: the frame goes to the device as built");
		return plan_packet_dev(p, err, errlen);
	}
	if (!tb[SOCKCTL_A_IPV4] && !tb[SOCKCTL_A_IPV6])
		return plan_error(err, errlen,
				  "describe ip or ip6 (a socket needs a destination), or eth to send a whole frame");
	p->family = tb[SOCKCTL_A_IPV4] ? AF_INET : AF_INET6;
	tcp = tb[SOCKCTL_A_TCP] != NULL;
	proto = tcp ? IPPROTO_TCP : IPPROTO_UDP;
	if (tb[SOCKCTL_A_ICMP] || tb[SOCKCTL_A_ICMPV6])
		raw_because(p, "%s is given (a socket sends no ICMP header you describe)",
			    tb[SOCKCTL_A_ICMP] ? "icmp" : "icmp6");
	else if (!tcp && !tb[SOCKCTL_A_UDP])
		raw_because(p, "there is no tcp or udp layer");
	if (tb[SOCKCTL_A_FRAG_SIZE])
		raw_because(p, "frag is given (a socket's kernel fragments only what exceeds the MTU)");

	if (p->family == AF_INET)
		plan_ipv4(p, tb[SOCKCTL_A_IPV4], tcp, proto, is_local, &has_dst);
	else
		plan_ipv6(p, tb[SOCKCTL_A_IPV6], tcp, proto, is_local, &has_dst);
	if (tcp)
		plan_tcp(p, tb[SOCKCTL_A_TCP]);
	else if (tb[SOCKCTL_A_UDP])
		plan_udp(p, tb[SOCKCTL_A_UDP]);

	if (p->reason[0]) {
		/* The module builds the datagram; the socket sends it as is. */
		p->kind = VIA_RAW;
		p->build_inject = SOCKCTL_INJECT_L3;
		p->bind_addr = p->bind_port = false;
		p->ttl = p->tos = p->pmtudisc = -1;
		p->no_check = false;
		plan_lists(p, tcp);
		return 0;
	}
	if (!has_dst)
		return plan_error(err, errlen, "%s: needs dst: a socket sends to an address",
				  p->family == AF_INET ? "ip" : "ip6");
	p->kind = tcp ? VIA_STREAM : VIA_DGRAM;
	p->dst.sa.sa_family = (sa_family_t)p->family;
	p->src.sa.sa_family = (sa_family_t)p->family;
	if (tb[SOCKCTL_A_PAYLOAD]) {
		p->payload = nla_data(tb[SOCKCTL_A_PAYLOAD]);
		p->payload_len = (size_t)nla_len(tb[SOCKCTL_A_PAYLOAD]);
	}
	plan_lists(p, tcp);
	return 0;
}

/*
 * A raw IPv4 socket's kernel also fills in the ID and the source address
 * when they are 0 (raw_send_hdrinc()): say so once the bytes are known.
 */
void via_plan_raw_bytes(struct via_plan *p, const uint8_t *pkt, size_t len)
{
	static const uint8_t zero[4];

	if (p->kind != VIA_RAW || p->family != AF_INET || len < 20 ||
	    (pkt[0] & 0xf) < 5)
		return;
	if (!pkt[4] && !pkt[5])
		via_names_add(&p->filled, "ipv4.id");
	if (!memcmp(pkt + 12, zero, 4))
		via_names_add(&p->filled, "ipv4.saddr");
}
