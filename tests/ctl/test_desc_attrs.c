// SPDX-License-Identifier: GPL-2.0
/*
 * Every keyword of the description grammar makes the attribute the uapi
 * says: the right type, in the right nest, with the right width and value.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

enum want { U8, U16, U32, U64, FLAG, BIN, STR, NEST, ABSENT };

struct attr_case {
	const char *line;
	const char *path;
	enum want want;
	uint64_t num;		/* U8..U64 */
	const char *bytes;	/* BIN: hex; STR: the string */
};

#define IP "ip dst 10.0.0.2 "
#define IP6 "ip6 dst fd00::2 "

static const struct attr_case cases[] = {
	/* Where and how often */
	{ "dev veth0 " IP, "ifname", STR, 0, "veth0" },
	{ "ifindex 3 " IP, "ifindex", U32, 3, NULL },
	{ "dev veth0 " IP, "inject", ABSENT, 0, NULL },
	{ "route " IP, "inject", U8, SOCKCTL_INJECT_L3, NULL },
	{ "rx dev veth1 " IP, "inject", U8, SOCKCTL_INJECT_RX, NULL },
	{ "via l2 dev veth0 " IP, "inject", U8, SOCKCTL_INJECT_L2, NULL },
	{ "via l3 " IP, "inject", U8, SOCKCTL_INJECT_L3, NULL },
	{ "via rx dev v " IP, "inject", U8, SOCKCTL_INJECT_RX, NULL },
	{ "count 1000 " IP, "count", U32, 1000, NULL },
	{ IP "count 0x10", "count", U32, 16, NULL },
	{ "interval 10ms " IP, "interval_ns", U64, 10000000, NULL },
	{ "interval 1.5s " IP, "interval_ns", U64, 1500000000, NULL },
	{ "interval 250us " IP, "interval_ns", U64, 250000, NULL },
	{ "interval 100ns " IP, "interval_ns", U64, 100, NULL },
	{ "interval 2 " IP, "interval_ns", U64, 2000000000, NULL },
	{ "rate 500pps " IP, "rate_pps", U32, 500, NULL },
	{ "rate 500 " IP, "rate_pps", U32, 500, NULL },
	{ "rate 2kpps " IP, "rate_pps", U32, 2000, NULL },
	{ "rate 1mbit " IP, "rate_bps", U64, 1000000, NULL },
	{ "rate 1.5gbit " IP, "rate_bps", U64, 1500000000, NULL },
	{ "rate 1mibit " IP, "rate_bps", U64, 1048576, NULL },
	{ "rate 10kbps " IP, "rate_bps", U64, 80000, NULL },
	{ "rate 1mbit " IP, "rate_pps", ABSENT, 0, NULL },
	{ "burst 4 " IP, "burst", U32, 4, NULL },
	{ "frag 24 " IP, "frag_size", U16, 24, NULL },
	{ "background " IP, "background", FLAG, 0, NULL },
	{ "dev veth0 count 1000 rate 500pps burst 4 " IP "udp", "burst", U32, 4, NULL },
	{ "dev veth0 interval 10ms " IP, "interval_ns", U64, 10000000, NULL },
	{ "dev veth0 rate 1mbit " IP, "rate_bps", U64, 1000000, NULL },

	/* Ethernet and VLAN tags */
	{ "eth dst 02:00:00:00:00:02", "eth.dst", BIN, 0, "020000000002" },
	{ "eth src 2:0:0:0:0:1", "eth.src", BIN, 0, "020000000001" },
	{ "eth src 02-00-00-00-00-0a", "eth.src", BIN, 0, "02000000000a" },
	{ "eth type 0x88cc", "eth.proto", U16, 0x88cc, NULL },
	{ "eth type ipv6", "eth.proto", U16, 0x86dd, NULL },
	{ "eth proto arp", "eth.proto", U16, 0x0806, NULL },
	{ "eth", "eth", NEST, 0, NULL },
	{ "eth vlan 100", "eth.vlan[0].vid", U16, 100, NULL },
	{ "eth vlan 100", "eth.vlan[0].pcp", ABSENT, 0, NULL },
	{ "eth vlan 100 pcp 3 dei 1 tpid 0x88a8", "eth.vlan[0].pcp", U8, 3, NULL },
	{ "eth vlan 100 pcp 3 dei 1 tpid 0x88a8", "eth.vlan[0].dei", U8, 1, NULL },
	{ "eth vlan 100 pcp 3 dei 1 tpid 0x88a8", "eth.vlan[0].tpid", U16, 0x88a8, NULL },
	{ "eth vlan 10 tpid qinq vlan 20 src 02:00:00:00:00:01", "eth.vlan[1].vid", U16, 20, NULL },
	{ "eth vlan 10 tpid qinq vlan 20 src 02:00:00:00:00:01", "eth.vlan[0].tpid", U16, 0x88a8, NULL },
	{ "eth vlan 10 vlan 20 src 02:00:00:00:00:01", "eth.src", BIN, 0, "020000000001" },

	/* ARP */
	{ "arp tpa 10.0.0.2", "arp.tpa", BIN, 0, "0a000002" },
	{ "arp op request", "arp.op", U16, 1, NULL },
	{ "arp op reply", "arp.op", U16, 2, NULL },
	{ "arp op 7", "arp.op", U16, 7, NULL },
	{ "arp sha 02:00:00:00:00:01", "arp.sha", BIN, 0, "020000000001" },
	{ "arp spa 10.0.0.1", "arp.spa", BIN, 0, "0a000001" },
	{ "arp tha ff:ff:ff:ff:ff:ff", "arp.tha", BIN, 0, "ffffffffffff" },
	{ "arp htype ether", "arp.htype", U16, 1, NULL },
	{ "arp htype 6", "arp.htype", U16, 6, NULL },
	{ "arp ptype ipv4", "arp.ptype", U16, 0x0800, NULL },
	{ "arp hlen 6", "arp.hlen", U8, 6, NULL },
	{ "arp plen 4", "arp.plen", U8, 4, NULL },
	{ "eth arp tpa 1.2.3.4", "arp", NEST, 0, NULL },

	/* IPv4, RFC 791 3.1 */
	{ IP, "ipv4.daddr", BIN, 0, "0a000002" },
	{ "ip src 10.0.0.9 dst 10.0.0.2", "ipv4.saddr", BIN, 0, "0a000009" },
	{ IP "version 5", "ipv4.version", U8, 5, NULL },
	{ IP "ihl 6", "ipv4.ihl", U8, 6, NULL },
	{ IP "tos 0x10", "ipv4.tos", U8, 0x10, NULL },
	{ IP "dscp ef", "ipv4.dscp", U8, 46, NULL },
	{ IP "dscp 10", "ipv4.dscp", U8, 10, NULL },
	{ IP "ecn ce", "ipv4.ecn", U8, 3, NULL },
	{ IP "ecn ect0", "ipv4.ecn", U8, 2, NULL },
	{ IP "len 100", "ipv4.tot_len", U16, 100, NULL },
	{ IP "id 7", "ipv4.id", U16, 7, NULL },
	{ IP "df", "ipv4.flags", U8, SOCKCTL_IPV4_FLAG_DF, NULL },
	{ IP "mf", "ipv4.flags", U8, SOCKCTL_IPV4_FLAG_MF, NULL },
	{ IP "rf", "ipv4.flags", U8, SOCKCTL_IPV4_FLAG_RF, NULL },
	{ IP "evil", "ipv4.flags", U8, SOCKCTL_IPV4_FLAG_RF, NULL },
	{ IP "df mf", "ipv4.flags", U8, 3, NULL },
	{ IP "flags 0x6", "ipv4.flags", U8, 6, NULL },
	{ IP "flags df,mf", "ipv4.flags", U8, 3, NULL },
	{ IP "flags none", "ipv4.flags", U8, 0, NULL },
	{ IP "flags 4 df", "ipv4.flags", U8, 6, NULL },
	{ IP, "ipv4.flags", ABSENT, 0, NULL },
	{ IP "fragoff 185", "ipv4.frag_off", U16, 185, NULL },
	{ IP "ttl 5", "ipv4.ttl", U8, 5, NULL },
	{ IP "proto tcp", "ipv4.protocol", U8, 6, NULL },
	{ IP "protocol 200", "ipv4.protocol", U8, 200, NULL },
	{ IP "csum 0x1c46", "ipv4.checksum", U16, 0x1c46, NULL },
	{ IP "checksum 7238", "ipv4.checksum", U16, 0x1c46, NULL },
	{ IP "opt hex 01010101", "ipv4.options", BIN, 0, "01010101" },
	{ IP "options hex '07 07 04'", "ipv4.options", BIN, 0, "070704" },
	{ "ip tt 5 dst 1.2.3.4", "ipv4.ttl", U8, 5, NULL },
	{ "ipv4 dst 1.2.3.4", "ipv4.daddr", BIN, 0, "01020304" },

	/* IPv6, RFC 8200 */
	{ IP6, "ipv6.daddr", BIN, 0, "fd000000000000000000000000000002" },
	{ "ip6 src fd00::1 dst fd00::2", "ipv6.saddr", BIN, 0, "fd000000000000000000000000000001" },
	{ IP6 "version 7", "ipv6.version", U8, 7, NULL },
	{ IP6 "tclass 0xb8", "ipv6.tclass", U8, 0xb8, NULL },
	{ IP6 "flowlabel 0x12345", "ipv6.flowlabel", U32, 0x12345, NULL },
	{ IP6 "plen 8", "ipv6.payload_len", U16, 8, NULL },
	{ IP6 "nexthdr udp", "ipv6.nexthdr", U8, 17, NULL },
	{ IP6 "hoplimit 3", "ipv6.hoplimit", U8, 3, NULL },
	{ IP6 "hlim 4", "ipv6.hoplimit", U8, 4, NULL },
	{ IP6 "h 5", "ipv6.hoplimit", U8, 5, NULL },
	{ IP6 "ext hbh hex 000000000000", "ipv6.exthdr[0].type", U8, 0, NULL },
	{ IP6 "ext hbh hex 000000000000", "ipv6.exthdr[0].data", BIN, 0, "000000000000" },
	{ IP6 "ext routing hex 000000000000", "ipv6.exthdr[0].type", U8, 43, NULL },
	{ IP6 "ext frag hex 000100000007", "ipv6.exthdr[0].type", U8, 44, NULL },
	{ IP6 "ext dstopt hex 0104000000000000000000000000", "ipv6.exthdr[0].type", U8, 60, NULL },
	{ IP6 "ext hbh hex 000000000000 ext 60 hex 000000000000", "ipv6.exthdr[1].type", U8, 60, NULL },
	{ "ipv6 dst ::1", "ipv6.daddr", BIN, 0, "00000000000000000000000000000001" },

	/* TCP, RFC 9293 */
	{ IP "tcp", "tcp", NEST, 0, NULL },
	{ IP "tcp sport 1234", "tcp.sport", U16, 1234, NULL },
	{ IP "tcp dport 80", "tcp.dport", U16, 80, NULL },
	{ IP "tcp seq 4294967295", "tcp.seq", U32, 4294967295u, NULL },
	{ IP "tcp ack 7", "tcp.ack_seq", U32, 7, NULL },
	{ IP "tcp doff 6", "tcp.doff", U8, 6, NULL },
	{ IP "tcp res 3", "tcp.reserved", U8, 3, NULL },
	{ IP "tcp reserved 15", "tcp.reserved", U8, 15, NULL },
	{ IP "tcp flags S", "tcp.flags", U8, SOCKCTL_TCP_SYN, NULL },
	{ IP "tcp flags SA", "tcp.flags", U8, SOCKCTL_TCP_SYN | SOCKCTL_TCP_ACK, NULL },
	{ IP "tcp flags FSRPAUEC", "tcp.flags", U8, 0xff, NULL },
	{ IP "tcp flags syn,ack", "tcp.flags", U8, 0x12, NULL },
	{ IP "tcp flags ece", "tcp.flags", U8, SOCKCTL_TCP_ECE, NULL },
	{ IP "tcp flags P.", "tcp.flags", U8, 0x18, NULL },
	{ IP "tcp flags 0x29", "tcp.flags", U8, 0x29, NULL },
	{ IP "tcp flags none", "tcp.flags", U8, 0, NULL },
	{ IP "tcp win 1024", "tcp.window", U16, 1024, NULL },
	{ IP "tcp window 65535", "tcp.window", U16, 65535, NULL },
	{ IP "tcp csum 0", "tcp.checksum", U16, 0, NULL },
	{ IP "tcp urg 5", "tcp.urg_ptr", U16, 5, NULL },
	{ IP "tcp mss 1460", "tcp.mss", U16, 1460, NULL },
	{ IP "tcp wscale 7", "tcp.wscale", U8, 7, NULL },
	{ IP "tcp sackok", "tcp.sack_perm", FLAG, 0, NULL },
	{ IP "tcp ts 100", "tcp.ts_val", U32, 100, NULL },
	{ IP "tcp ts 100", "tcp.ts_ecr", ABSENT, 0, NULL },
	{ IP "tcp ts 100:200", "tcp.ts_ecr", U32, 200, NULL },
	{ IP "tcp opt hex 0101", "tcp.options", BIN, 0, "0101" },
	{ IP "tc d 80", "tcp.dport", U16, 80, NULL },

	/* UDP, RFC 768 */
	{ IP "udp", "udp", NEST, 0, NULL },
	{ IP "udp sport 53", "udp.sport", U16, 53, NULL },
	{ IP "udp dport 9999", "udp.dport", U16, 9999, NULL },
	{ IP "udp len 7", "udp.len", U16, 7, NULL },
	{ IP "udp csum 0xffff", "udp.checksum", U16, 0xffff, NULL },

	/* ICMP, RFC 792 */
	{ IP "icmp", "icmp", NEST, 0, NULL },
	{ IP "icmp type echo-reply", "icmp.type", U8, 0, NULL },
	{ IP "icmp type 13", "icmp.type", U8, 13, NULL },
	{ IP "icmp type dest-unreach code port-unreach", "icmp.code", U8, 3, NULL },
	{ IP "icmp code 9", "icmp.code", U8, 9, NULL },
	{ IP "icmp csum 0xbeef", "icmp.checksum", U16, 0xbeef, NULL },
	{ IP "icmp id 77", "icmp.id", U16, 77, NULL },
	{ IP "icmp seq 3", "icmp.seq", U16, 3, NULL },
	{ IP "icmp type dest-unreach code frag-needed mtu 1400", "icmp.rest", U32, 1400, NULL },
	{ IP "icmp type redirect gateway 10.0.0.1", "icmp.rest", U32, 0x0a000001, NULL },
	{ IP "icmp rest 10.0.0.1", "icmp.rest", U32, 0x0a000001, NULL },
	{ IP "icmp rest 0x12345678", "icmp.rest", U32, 0x12345678, NULL },
	{ IP "icmp type parameter-problem pointer 20", "icmp.rest", U32, 20u << 24, NULL },
	{ IP "icmp type time-exceeded quote hex 4500001c", "icmp.quote", BIN, 0, "4500001c" },

	/* ICMPv6, RFC 4443 */
	{ IP6 "icmp6", "icmpv6", NEST, 0, NULL },
	{ IP6 "icmp6 type echo-request", "icmpv6.type", U8, 128, NULL },
	{ IP6 "icmpv6 type packet-too-big mtu 1280", "icmpv6.rest", U32, 1280, NULL },
	{ IP6 "icmp6 type parameter-problem pointer 40", "icmpv6.rest", U32, 40, NULL },
	{ IP6 "icmp6 type dest-unreach code port-unreach", "icmpv6.code", U8, 4, NULL },
	{ IP6 "icmp6 id 1 seq 2", "icmpv6.seq", U16, 2, NULL },

	/* Payload and raw, in pieces of any encoding */
	{ IP "payload text hello", "payload", BIN, 0, "68656c6c6f" },
	{ IP "payload text ''", "payload", BIN, 0, "" },
	{ IP "payload hex 'de ad be ef'", "payload", BIN, 0, "deadbeef" },
	{ IP "payload base64 aGVsbG8=", "payload", BIN, 0, "68656c6c6f" },
	{ IP "payload text 'GET /' hex 0d0a base64 AAE=", "payload", BIN, 0, "474554202f0d0a0001" },
	{ IP "pay t hi", "payload", BIN, 0, "6869" },
	{ "route raw hex 4500", "raw", BIN, 0, "4500" },
	{ "raw dev veth0 hex 4500001c", "raw", BIN, 0, "4500001c" },
	{ "raw dev veth0 hex 4500001c", "ifname", STR, 0, "veth0" },

	/* Fields that vary per packet */
	{ IP "udp sport 1000-2000", "udp.sport", U16, 1000, NULL },
	{ IP "udp sport 1000-2000", "vary[0].field", U32, SOCKCTL_FIELD_SPORT, NULL },
	{ IP "udp sport 1000-2000", "vary[0].mode", U8, SOCKCTL_VARY_INC, NULL },
	{ IP "udp sport 1000-2000", "vary[0].from", U32, 1000, NULL },
	{ IP "udp sport 1000-2000", "vary[0].to", U32, 2000, NULL },
	{ IP "udp sport 1000-2000", "vary[0].step", ABSENT, 0, NULL },
	{ IP "udp sport 1000-2000 random", "vary[0].mode", U8, SOCKCTL_VARY_RANDOM, NULL },
	{ IP "udp dport 80 inc", "vary[0].field", U32, SOCKCTL_FIELD_DPORT, NULL },
	{ IP "udp dport 80 inc", "vary[0].to", ABSENT, 0, NULL },
	{ IP "udp dport 80", "vary", ABSENT, 0, NULL },
	{ IP "id random", "vary[0].field", U32, SOCKCTL_FIELD_IPV4_ID, NULL },
	{ IP "id random", "vary[0].to", U32, 65535, NULL },
	{ IP "id random", "ipv4.id", ABSENT, 0, NULL },
	{ IP "tcp seq 1000 step 10", "tcp.seq", U32, 1000, NULL },
	{ IP "tcp seq 1000 step 10", "vary[0].field", U32, SOCKCTL_FIELD_TCP_SEQ, NULL },
	{ IP "tcp seq 1000 step 10", "vary[0].step", U32, 10, NULL },
	{ IP "tcp seq 1000 step 10", "vary[0].from", U32, 1000, NULL },
	{ "ip src 10.0.0.1-10.0.0.9 dst 10.0.0.2", "vary[0].field", U32, SOCKCTL_FIELD_IPV4_SADDR, NULL },
	{ "ip src 10.0.0.1-10.0.0.9 dst 10.0.0.2", "vary[0].to", U32, 0x0a000009, NULL },
	{ "ip src 10.0.0.1-10.0.0.9 dst 10.0.0.2", "ipv4.saddr", BIN, 0, "0a000001" },
	{ "ip dst 10.0.0.2 inc", "vary[0].field", U32, SOCKCTL_FIELD_IPV4_DADDR, NULL },
	{ IP "icmp seq 1-10", "vary[0].field", U32, SOCKCTL_FIELD_ICMP_SEQ, NULL },
	{ IP "id 1-9 tcp sport 5-6", "vary[1].field", U32, SOCKCTL_FIELD_SPORT, NULL },
};

static bool value_is(const struct nlattr *a, const struct attr_case *c)
{
	const uint8_t *d = nla_data(a);
	int len = nla_len(a);
	char *hex;
	bool ok;

	switch (c->want) {
	case U8:
		return len == 1 && nla_get_u8(a) == c->num;
	case U16:
		return len == 2 && nla_get_u16(a) == c->num;
	case U32:
		return len == 4 && nla_get_u32(a) == c->num;
	case U64:
		return len == 8 && nla_get_u64(a) == c->num;
	case FLAG:
		return len == 0 && !(a->nla_type & NLA_F_NESTED);
	case NEST:
		return (a->nla_type & NLA_F_NESTED) != 0;
	case STR:
		return len == (int)strlen(c->bytes) + 1 && !strcmp((const char *)d, c->bytes);
	case BIN:
		hex = hex_encode(d, (size_t)len);
		ok = !strcmp(hex, c->bytes);
		free(hex);
		return ok;
	default:
		return false;
	}
}

static const char *const want_names[] = {
	"u8", "u16", "u32", "u64", "flag", "binary", "string", "nest", "absent",
};

/* The module refuses SOCKCTL_A_PAD in requests: there must be none. */
static bool no_pad(struct nl_msg *msg)
{
	return find_attr(msg, "pad") == NULL;
}

/* Every attribute whose set nests must carry NLA_F_NESTED. */
static bool nests_flagged(struct nlattr *head, int len, const struct attr_set *set)
{
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, head, len, rem) {
		int type = nla_type(a);
		const struct attr_set *inner = set->nested && type <= set->max ?
					       set->nested[type] : NULL;

		if (inner && (!(a->nla_type & NLA_F_NESTED) ||
			      !nests_flagged(nla_data(a), nla_len(a), inner)))
			return false;
	}
	return true;
}

/* payload file: any bytes, NUL and 0xff included. */
static void test_payload_file(void)
{
	static const uint8_t bytes[] = { 0x00, 0xff, 'a', '\n', 0x00 };
	char path[] = "/tmp/sockctl-unit-XXXXXX", line[96];
	struct nlattr *a;
	struct parsed p;
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, bytes, sizeof(bytes)) != sizeof(bytes))
		abort();
	close(fd);
	snprintf(line, sizeof(line), IP "payload file %s hex 01", path);
	parse_line(&p, line);
	a = find_attr(p.msg, "payload");
	check(a && nla_len(a) == 6 && !memcmp(nla_data(a), bytes, 5) &&
	      ((uint8_t *)nla_data(a))[5] == 1,
	      "attr: payload file PATH: the file's bytes as they are, then more pieces");
	parsed_free(&p);
	unlink(path);
}

/* What the parser tells its caller beyond the attributes. */
static void test_result(void)
{
	struct parsed p;

	parse_line(&p, "rx dev veth1 count 5 background eth " IP "udp payload text x");
	check(p.res.inject == SOCKCTL_INJECT_RX && p.res.ifname &&
	      !strcmp(p.res.ifname, "veth1") && p.res.count == 5 && p.res.background,
	      "result: inject, device, count and background as given");
	check(p.res.layers == (BIT(SOCKCTL_A_ETH) | BIT(SOCKCTL_A_IPV4) |
			       BIT(SOCKCTL_A_UDP) | BIT(SOCKCTL_A_PAYLOAD)),
	      "result: the layers given");
	parsed_free(&p);

	parse_line(&p, "ifindex 4 raw hex 00");
	check(!p.res.inject && !p.res.ifname && p.res.ifindex == 4 &&
	      p.res.layers == BIT(SOCKCTL_A_RAW) && !p.res.count && !p.res.background,
	      "result: defaults left to the kernel are 0");
	parsed_free(&p);

	parse_line(&p, "--test-option " IP "--test-option udp");
	check(find_attr(p.msg, "udp") != NULL,
	      "result: words starting with '-' go to the subcommand's option hook");
	parsed_free(&p);
}

static void parse_aside(void *line)
{
	struct parsed p;

	parse_line(&p, line);
	exit(EXIT_OK);
}

void test_desc_attrs(void)
{
	size_t i;

	test_payload_file();
	test_result();

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct attr_case *c = &cases[i];
		struct parsed p;
		struct nlattr *a, *head;
		struct captured cap;
		bool ok;
		int len;

		/* A line the parser refuses would end this process: try it aside. */
		run_captured(parse_aside, (void *)c->line, &cap);
		if (cap.status) {
			check(false, "attr: '%s' is accepted", c->line);
			printf("# %s", cap.err);
			continue;
		}
		parse_line(&p, c->line);
		a = find_attr(p.msg, c->path);
		ok = c->want == ABSENT ? !a : a && value_is(a, c);
		if (ok && c->want == U64)
			ok = no_pad(p.msg);
		head = msg_attrs(p.msg, &len);
		ok = ok && nests_flagged(head, len, &sockctl_attrs);
		if (c->want == ABSENT)
			check(ok, "attr: '%s' has no %s", c->line, c->path);
		else if (c->want == BIN || c->want == STR)
			check(ok, "attr: '%s' -> %s %s \"%s\"", c->line, c->path,
			      want_names[c->want], c->bytes);
		else
			check(ok, "attr: '%s' -> %s %s %llu", c->line, c->path,
			      want_names[c->want], (unsigned long long)c->num);
		parsed_free(&p);
	}
}
