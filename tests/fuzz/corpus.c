// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: the corpus of valid requests (every one must succeed), and the
 * requests that are not packet descriptions.
 */
#include "nlfuzz.h"

struct seed corpus[MAX_SEEDS];
int n_corpus;

struct an *top(void)
{
	return an_new(0, true);
}

static void add_seed(const char *name, int use, struct an *root)
{
	corpus[n_corpus].name = name;
	corpus[n_corpus].use = use;
	corpus[n_corpus].root = root;
	n_corpus++;
}

/* Append kids to a top-level list, NULL-terminated. */
struct an *tl(struct an *first, ...)
{
	struct an *r = top(), *k;
	va_list ap;

	an_add(r, first);
	va_start(ap, first);
	while ((k = va_arg(ap, struct an *)))
		an_add(r, k);
	va_end(ap);
	return r;
}

struct an *payload(int len, uint8_t seed)
{
	struct an *n = an_fill(SOCKCTL_A_PAYLOAD, (uint32_t)len, 0);
	int i;

	for (i = 0; i < len; i++)
		n->data[i] = (uint8_t)(seed + i);
	return n;
}

struct an *dev0(void) { return an_str(SOCKCTL_A_IFNAME, "fz0"); }

void build_corpus(struct fz *f)
{
	static const uint8_t ip4opts[] = { 0x01, 0x01, 0x94, 0x04, 0x00, 0x00,
					   0x07, 0x07, 0x04, 0, 0, 0, 0 };
	static const uint8_t tcpopts[] = { 0x01, 0x01, 0x05, 0x0a, 0, 0, 0, 1, 0, 0, 0, 2 };
	static const uint8_t hbh[6] = { 0x01, 0x04, 0, 0, 0, 0 };
	static const uint8_t dst14[14] = { 0x1e, 0x0c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	static const uint8_t frag6[6] = { 0, 0, 0, 0, 0x12, 0x34 };
	static const uint8_t quote4[28] = { 0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0,
					    10, 98, 0, 1, 10, 99, 0, 1, 0, 53, 0, 53, 0, 8, 0, 0 };
	uint8_t rawl2[60], rawl3[28], rawl36[48];
	int i;

	/* A raw Ethernet frame: broadcast, IPv4, UDP. */
	memset(rawl2, 0, sizeof(rawl2));
	memset(rawl2, 0xff, 6);
	rawl2[6] = 0x02;
	rawl2[12] = 0x08;
	memcpy(rawl2 + 14, quote4, sizeof(quote4));
	memcpy(rawl3, quote4, sizeof(quote4));
	rawl3[16] = 10, rawl3[17] = 99, rawl3[18] = 2, rawl3[19] = 2;
	memset(rawl36, 0, sizeof(rawl36));
	rawl36[0] = 0x60;
	rawl36[5] = 8;
	rawl36[6] = 17;
	rawl36[7] = 64;
	rawl36[8] = 0xfd, rawl36[9] = 0x98, rawl36[23] = 1;
	rawl36[24] = 0xfd, rawl36[25] = 0x99, rawl36[39] = 2;
	rawl36[45] = 8;
	(void)f;

	add_seed("ipv4-udp-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_DPORT, 9), NULL),
		    payload(5, 'h'), NULL));
	add_seed("ipv4-tcp-all-fields-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4,
			    an_u8(SOCKCTL_A_IPV4_VERSION, 4), an_u8(SOCKCTL_A_IPV4_IHL, 9),
			    an_u8(SOCKCTL_A_IPV4_TOS, 0x10), an_u16(SOCKCTL_A_IPV4_TOT_LEN, 100),
			    an_u16(SOCKCTL_A_IPV4_ID, 7), an_u8(SOCKCTL_A_IPV4_FLAGS, 2),
			    an_u16(SOCKCTL_A_IPV4_FRAG_OFF, 0), an_u8(SOCKCTL_A_IPV4_TTL, 3),
			    an_u8(SOCKCTL_A_IPV4_PROTOCOL, 6), an_u16(SOCKCTL_A_IPV4_CHECKSUM, 0x1c46),
			    an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.1.1"),
			    an_leaf(SOCKCTL_A_IPV4_OPTIONS, ip4opts, sizeof(ip4opts)), NULL),
		    an_nest(SOCKCTL_A_TCP,
			    an_u16(SOCKCTL_A_TCP_SPORT, 1234), an_u16(SOCKCTL_A_TCP_DPORT, 80),
			    an_u32(SOCKCTL_A_TCP_SEQ, 1), an_u32(SOCKCTL_A_TCP_ACK_SEQ, 2),
			    an_u8(SOCKCTL_A_TCP_DOFF, 15), an_u8(SOCKCTL_A_TCP_RESERVED, 1),
			    an_u8(SOCKCTL_A_TCP_FLAGS, 0x12), an_u16(SOCKCTL_A_TCP_WINDOW, 100),
			    an_u16(SOCKCTL_A_TCP_CHECKSUM, 0xbeef), an_u16(SOCKCTL_A_TCP_URG_PTR, 5),
			    an_u16(SOCKCTL_A_TCP_MSS, 1460), an_u8(SOCKCTL_A_TCP_WSCALE, 7),
			    an_flag(SOCKCTL_A_TCP_SACK_PERM), an_u32(SOCKCTL_A_TCP_TS_VAL, 100),
			    an_u32(SOCKCTL_A_TCP_TS_ECR, 200),
			    an_leaf(SOCKCTL_A_TCP_OPTIONS, tcpopts, sizeof(tcpopts)), NULL),
		    payload(20, 0), NULL));
	add_seed("ipv4-dscp-ecn-icmp-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_u8(SOCKCTL_A_IPV4_DSCP, 46), an_u8(SOCKCTL_A_IPV4_ECN, 1),
			    an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.5"), NULL),
		    an_nest(SOCKCTL_A_ICMP, an_u8(SOCKCTL_A_ICMP_TYPE, 8), an_u8(SOCKCTL_A_ICMP_CODE, 0),
			    an_u16(SOCKCTL_A_ICMP_ID, 77), an_u16(SOCKCTL_A_ICMP_SEQ, 1), NULL),
		    payload(32, 'a'), NULL));
	add_seed("ipv4-icmp-error-quote-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.3"), NULL),
		    an_nest(SOCKCTL_A_ICMP, an_u8(SOCKCTL_A_ICMP_TYPE, 3), an_u8(SOCKCTL_A_ICMP_CODE, 3),
			    an_u16(SOCKCTL_A_ICMP_CHECKSUM, 0x1234), an_u32(SOCKCTL_A_ICMP_REST, 0),
			    an_leaf(SOCKCTL_A_ICMP_QUOTE, quote4, sizeof(quote4)), NULL), NULL));
	add_seed("ipv6-udp-l2-ifindex", C_BOTH,
		 tl(an_u32(SOCKCTL_A_IFINDEX, (uint32_t)f->ifindex0),
		    an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_DADDR, "fd98::2"), NULL),
		    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_SPORT, 5353),
			    an_u16(SOCKCTL_A_UDP_DPORT, 5353), an_u16(SOCKCTL_A_UDP_LEN, 99),
			    an_u16(SOCKCTL_A_UDP_CHECKSUM, 0), NULL),
		    payload(10, 1), NULL));
	add_seed("ipv6-all-fields-exthdrs-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV6, an_u8(SOCKCTL_A_IPV6_VERSION, 6),
			    an_u8(SOCKCTL_A_IPV6_TCLASS, 0xb8), an_u32(SOCKCTL_A_IPV6_FLOWLABEL, 0x12345),
			    an_u16(SOCKCTL_A_IPV6_PAYLOAD_LEN, 1000), an_u8(SOCKCTL_A_IPV6_NEXTHDR, 0),
			    an_u8(SOCKCTL_A_IPV6_HOPLIMIT, 1), an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			    an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"),
			    an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 0),
				    an_leaf(SOCKCTL_A_IPV6_EXT_DATA, hbh, 6), NULL),
			    an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 60),
				    an_leaf(SOCKCTL_A_IPV6_EXT_DATA, dst14, 14), NULL),
			    an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 44),
				    an_leaf(SOCKCTL_A_IPV6_EXT_DATA, frag6, 6), NULL), NULL),
		    an_nest(SOCKCTL_A_TCP, an_u8(SOCKCTL_A_TCP_FLAGS, 0x02), NULL), NULL));
	add_seed("ipv6-icmpv6-echo-l3-dummy", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_DADDR, "fd98::2"), NULL),
		    an_nest(SOCKCTL_A_ICMPV6, an_u8(SOCKCTL_A_ICMP_TYPE, 128),
			    an_u16(SOCKCTL_A_ICMP_ID, 1), an_u16(SOCKCTL_A_ICMP_SEQ, 2), NULL),
		    payload(56, 0), NULL));
	add_seed("ipv6-icmpv6-ptb-quote-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			    an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::7"), NULL),
		    an_nest(SOCKCTL_A_ICMPV6, an_u8(SOCKCTL_A_ICMP_TYPE, 2),
			    an_u32(SOCKCTL_A_ICMP_REST, 1280),
			    an_leaf(SOCKCTL_A_ICMP_QUOTE, rawl36, sizeof(rawl36)), NULL), NULL));
	add_seed("eth-qinq-ipv4-udp-l2", C_BOTH,
		 tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L2), dev0(),
		    an_nest(SOCKCTL_A_ETH, an_mac(SOCKCTL_A_ETH_DST, "02:00:00:00:00:02"),
			    an_mac(SOCKCTL_A_ETH_SRC, "02:00:00:00:00:01"),
			    an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_TPID, 0x88a8),
				    an_u8(SOCKCTL_A_VLAN_PCP, 5), an_u8(SOCKCTL_A_VLAN_DEI, 1),
				    an_u16(SOCKCTL_A_VLAN_VID, 100), NULL),
			    an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_VID, 200), NULL), NULL),
		    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.9"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL), NULL));
	add_seed("eth-only-payload-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_ETH, an_mac(SOCKCTL_A_ETH_DST, "ff:ff:ff:ff:ff:ff"),
				    an_u16(SOCKCTL_A_ETH_PROTO, 0x88b5), NULL),
		    payload(46, 0x55), NULL));
	add_seed("eth-proto-ipv6-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_ETH, an_u16(SOCKCTL_A_ETH_PROTO, 0x1234), NULL),
		    an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_DADDR, "ff02::1"), NULL), NULL));
	add_seed("arp-request-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_ARP, an_ip4(SOCKCTL_A_ARP_TPA, "10.98.0.2"), NULL), NULL));
	add_seed("arp-all-fields-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_ETH, an_mac(SOCKCTL_A_ETH_DST, "02:00:00:00:00:09"), NULL),
		    an_nest(SOCKCTL_A_ARP, an_u16(SOCKCTL_A_ARP_HTYPE, 1), an_u16(SOCKCTL_A_ARP_PTYPE, 0x800),
			    an_u8(SOCKCTL_A_ARP_HLEN, 6), an_u8(SOCKCTL_A_ARP_PLEN, 4),
			    an_u16(SOCKCTL_A_ARP_OP, 2), an_mac(SOCKCTL_A_ARP_SHA, "02:00:00:00:00:01"),
			    an_ip4(SOCKCTL_A_ARP_SPA, "10.98.0.1"), an_mac(SOCKCTL_A_ARP_THA, "02:00:00:00:00:09"),
			    an_ip4(SOCKCTL_A_ARP_TPA, "10.98.0.9"), NULL), NULL));
	add_seed("raw-l2", C_BOTH,
		 tl(dev0(), an_leaf(SOCKCTL_A_RAW, rawl2, sizeof(rawl2)), NULL));
	add_seed("raw-l3-ipv4", C_BOTH,
		 tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L3),
		    an_leaf(SOCKCTL_A_RAW, rawl3, sizeof(rawl3)), NULL));
	add_seed("raw-l3-ipv6", C_BOTH, tl(an_leaf(SOCKCTL_A_RAW, rawl36, sizeof(rawl36)), NULL));
	add_seed("ipv4-frag-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL), payload(200, 3),
		    an_u16(SOCKCTL_A_FRAG_SIZE, 64), NULL));
	add_seed("ipv4-frag-options-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.3.3"),
			    an_leaf(SOCKCTL_A_IPV4_OPTIONS, ip4opts, sizeof(ip4opts)), NULL),
		    an_nest(SOCKCTL_A_ICMP, NULL), payload(100, 9),
		    an_u16(SOCKCTL_A_FRAG_SIZE, 20), NULL));
	add_seed("vary-ipv4-udp-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_ID),
			    an_u8(SOCKCTL_A_VARY_MODE, SOCKCTL_VARY_INC), an_u32(SOCKCTL_A_VARY_FROM, 10),
			    an_u32(SOCKCTL_A_VARY_TO, 20), an_u32(SOCKCTL_A_VARY_STEP, 3), NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_SPORT),
			    an_u8(SOCKCTL_A_VARY_MODE, SOCKCTL_VARY_RANDOM), an_u32(SOCKCTL_A_VARY_FROM, 1000),
			    an_u32(SOCKCTL_A_VARY_TO, 2000), NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_DADDR),
			    an_u32(SOCKCTL_A_VARY_TO, 0x0a6200ff), NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_SADDR),
			    an_u8(SOCKCTL_A_VARY_MODE, SOCKCTL_VARY_RANDOM), NULL),
		    an_u32(SOCKCTL_A_COUNT, 4), NULL));
	add_seed("vary-tcp-seq-dport-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.9"), NULL),
		    an_nest(SOCKCTL_A_TCP, an_u32(SOCKCTL_A_TCP_SEQ, 5), NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_TCP_SEQ),
			    an_u32(SOCKCTL_A_VARY_STEP, 1000), NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_DPORT),
			    an_u32(SOCKCTL_A_VARY_FROM, 1), an_u32(SOCKCTL_A_VARY_TO, 65535), NULL),
		    an_u32(SOCKCTL_A_COUNT, 3), an_u32(SOCKCTL_A_BURST, 3), NULL));
	add_seed("vary-icmpv6-seq-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			    an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::3"), NULL),
		    an_nest(SOCKCTL_A_ICMPV6, NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_ICMP_SEQ), NULL),
		    an_u32(SOCKCTL_A_COUNT, 2), NULL));
	add_seed("paced-interval-job-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		    an_u32(SOCKCTL_A_COUNT, 4), an_u32(SOCKCTL_A_BURST, 2),
		    an_u64(SOCKCTL_A_INTERVAL_NS, 1000000), NULL));
	add_seed("rate-pps-job-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL),
		    an_u32(SOCKCTL_A_COUNT, 4), an_u32(SOCKCTL_A_RATE_PPS, 1000), NULL));
	add_seed("rate-bps-job-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_DADDR, "fd98::5"), NULL),
		    an_u32(SOCKCTL_A_COUNT, 3), an_u64(SOCKCTL_A_RATE_BPS, 1000000), NULL));
	add_seed("background-job-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL), an_u32(SOCKCTL_A_COUNT, 2),
		    an_flag(SOCKCTL_A_BACKGROUND), NULL));
	add_seed("rx-eth-ipv4-udp", C_BUILD,
		 tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_RX), dev0(),
		    an_nest(SOCKCTL_A_ETH, an_mac(SOCKCTL_A_ETH_SRC, "02:00:00:00:00:77"), NULL),
		    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.77"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.1"), NULL),
		    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_DPORT, 9), NULL), NULL));
	add_seed("l3-with-device", C_BOTH,
		 tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L3), an_u32(SOCKCTL_A_IFINDEX, (uint32_t)f->ifindex0),
		    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.7"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL), NULL));
	add_seed("ipv4-no-l4-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_u8(SOCKCTL_A_IPV4_PROTOCOL, 253),
			    an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.9.9"), NULL),
		    payload(64, 0), NULL));
	add_seed("ipv6-no-l4-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			    an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::9"), NULL), NULL));
	add_seed("jumbo-l2-fz1", C_BOTH,
		 tl(an_str(SOCKCTL_A_IFNAME, "fz1"),
		    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.96.0.2"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL), payload(9000, 7), NULL));
	add_seed("tcp-options-40-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.2"), NULL),
		    an_nest(SOCKCTL_A_TCP, an_u16(SOCKCTL_A_TCP_MSS, 536), an_u32(SOCKCTL_A_TCP_TS_VAL, 9),
			    an_u8(SOCKCTL_A_TCP_WSCALE, 14),
			    an_leaf(SOCKCTL_A_TCP_OPTIONS, tcpopts, 12), NULL), NULL));
	add_seed("ifname-and-ifindex-l2", C_BOTH,
		 tl(dev0(), an_u32(SOCKCTL_A_IFINDEX, (uint32_t)f->ifindex0),
		    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "224.0.0.251"), NULL),
		    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_DPORT, 5353), NULL), NULL));

	/* CAPTURE_START: every device or one, every setting, small filters. */
	add_seed("capture-all-devices-defaults", C_CAPTURE, top());
	add_seed("capture-fz0-both", C_CAPTURE,
		 tl(dev0(), an_nest(SOCKCTL_A_CAPTURE,
				    an_u8(SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_BOTH), NULL), NULL));
	add_seed("capture-ifindex-in-small", C_CAPTURE,
		 tl(an_u32(SOCKCTL_A_IFINDEX, (uint32_t)f->ifindex0),
		    an_nest(SOCKCTL_A_CAPTURE, an_u8(SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_IN),
			    an_u32(SOCKCTL_A_CAPTURE_SNAPLEN, 96), an_u32(SOCKCTL_A_CAPTURE_QUEUE_LEN, 64),
			    an_u32(SOCKCTL_A_CAPTURE_FLUSH_US, 1000), NULL), NULL));
	add_seed("capture-lo-out-count", C_CAPTURE,
		 tl(an_str(SOCKCTL_A_IFNAME, "lo"),
		    an_nest(SOCKCTL_A_CAPTURE, an_u8(SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_OUT),
			    an_u64(SOCKCTL_A_CAPTURE_COUNT, 5), an_u32(SOCKCTL_A_CAPTURE_SNAPLEN, 1), NULL),
		    NULL));
	add_seed("capture-veth-filter-ret", C_CAPTURE,
		 tl(an_str(SOCKCTL_A_IFNAME, f->have_veth ? "fzv1" : "fz1"),
		    an_nest(SOCKCTL_A_CAPTURE, bpf_attr(bpf_ret_all, ARRAY_SIZE(bpf_ret_all)), NULL), NULL));
	add_seed("capture-filter-ip-udp", C_CAPTURE,
		 tl(an_nest(SOCKCTL_A_CAPTURE, bpf_attr(bpf_ip_udp, ARRAY_SIZE(bpf_ip_udp)),
			    an_u32(SOCKCTL_A_CAPTURE_FLUSH_US, 1), NULL), NULL));
	add_seed("capture-all-settings", C_CAPTURE,
		 tl(dev0(), an_u32(SOCKCTL_A_IFINDEX, (uint32_t)f->ifindex0),
		    an_nest(SOCKCTL_A_CAPTURE, an_u8(SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_BOTH),
			    an_u32(SOCKCTL_A_CAPTURE_SNAPLEN, SOCKCTL_MAX_FRAME_REPLY),
			    an_u64(SOCKCTL_A_CAPTURE_COUNT, 1000000),
			    bpf_attr(bpf_udp_port9, ARRAY_SIZE(bpf_udp_port9)),
			    an_u32(SOCKCTL_A_CAPTURE_QUEUE_LEN, CAPTURE_QUEUE_MAX),
			    an_u32(SOCKCTL_A_CAPTURE_FLUSH_US, CAPTURE_FLUSH_MAX), NULL), NULL));
	add_seed("capture-minimal-settings", C_CAPTURE,
		 tl(an_nest(SOCKCTL_A_CAPTURE, an_u8(SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_IN),
			    an_u32(SOCKCTL_A_CAPTURE_SNAPLEN, 1), an_u64(SOCKCTL_A_CAPTURE_COUNT, 1),
			    an_u32(SOCKCTL_A_CAPTURE_QUEUE_LEN, 1), an_u32(SOCKCTL_A_CAPTURE_FLUSH_US, 1),
			    NULL), NULL));
	add_seed("capture-filter-icmp-out", C_CAPTURE,
		 tl(an_u32(SOCKCTL_A_IFINDEX, (uint32_t)(f->have_veth ? f->ifindex_v0 : f->ifindex1)),
		    an_nest(SOCKCTL_A_CAPTURE, bpf_attr(bpf_icmp, ARRAY_SIZE(bpf_icmp)),
			    an_u8(SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_OUT), NULL), NULL));
	for (i = 0; i < n_corpus; i++)
		if (!corpus[i].root)
			abort();
}

/* The attribute set of a seed's top level. */
int seed_set(const struct seed *sd)
{
	return sd->use & C_CAPTURE ? S_CAPSTART : S_PKT;
}

/* Requests that are not packet descriptions, for the mutation phase. */
struct req other_seed(int i)
{
	struct req r = { .flags = NLM_F_REQUEST | NLM_F_ACK };

	switch (i % N_OTHER_SEEDS) {
	case 0:
		r.cmd = SOCKCTL_CMD_GET_INFO;
		break;
	case 1:
		r.cmd = SOCKCTL_CMD_JOB_GET;
		r.root = tl(an_u32(SOCKCTL_A_JOB_ID, 1), NULL);
		break;
	case 2:
		r.cmd = SOCKCTL_CMD_JOB_GET;
		r.flags |= NLM_F_DUMP;
		break;
	case 3:
		r.cmd = SOCKCTL_CMD_JOB_STOP;
		r.root = tl(an_u32(SOCKCTL_A_JOB_ID, 123456), NULL);
		break;
	case 5:
		r.cmd = SOCKCTL_CMD_CAPTURE_GET;
		r.root = tl(an_nest(SOCKCTL_A_CAPTURE, an_u32(SOCKCTL_A_CAPTURE_ID, 1), NULL), NULL);
		break;
	case 6:
		r.cmd = SOCKCTL_CMD_CAPTURE_GET;
		r.flags |= NLM_F_DUMP;
		break;
	case 7:
		r.cmd = SOCKCTL_CMD_CAPTURE_STOP;
		r.root = tl(an_nest(SOCKCTL_A_CAPTURE, an_u32(SOCKCTL_A_CAPTURE_ID, 123456), NULL), NULL);
		break;
	default:
		r.cmd = SOCKCTL_CMD_STATS_GET;
		break;
	}
	return r;
}

const struct seed *seed_by_name(const char *name)
{
	int i;

	for (i = 0; i < n_corpus; i++)
		if (!strcmp(corpus[i].name, name))
			return &corpus[i];
	return &corpus[0];
}

void free_corpus(void)
{
	int i;

	for (i = 0; i < n_corpus; i++)
		an_free(corpus[i].root);
	n_corpus = 0;
}
