// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: injection at L2.  The frame leaves exactly as described, every
 * field as given (wrong checksums and lying lengths too), VLAN tags, IPv6
 * extension headers, ICMP errors quoting a datagram, raw frames and raw
 * datagrams.  See inject_env.h.
 */
#include "inject_env.h"

/* --- L2: the frame leaves exactly as described ---------------------------- */

TEST_F(inject, l2_udp4_fully_specified_arrives_verbatim)
{
	static const char payload[] = "sockctl: hello, far end";
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = frame_new();
	size_t n;

	/* Every header field given; lengths and checksums left to the kernel. */
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6),
		     U16(SOCKCTL_A_ETH_PROTO, ETH_P_IP)),
		NEST(SOCKCTL_A_IPV4,
		     U8(SOCKCTL_A_IPV4_VERSION, 4),
		     U8(SOCKCTL_A_IPV4_IHL, 5),
		     U8(SOCKCTL_A_IPV4_DSCP, 46),
		     U8(SOCKCTL_A_IPV4_ECN, 1),
		     U16(SOCKCTL_A_IPV4_ID, 0x1234),
		     U8(SOCKCTL_A_IPV4_FLAGS, SOCKCTL_IPV4_FLAG_DF),
		     U16(SOCKCTL_A_IPV4_FRAG_OFF, 0),
		     U8(SOCKCTL_A_IPV4_TTL, 33),
		     U8(SOCKCTL_A_IPV4_PROTOCOL, IPPROTO_UDP),
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 4321),
		     U16(SOCKCTL_A_UDP_DPORT, 9999)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .tos = 46 << 2 | 1, .id = 0x1234,
		.flags = SOCKCTL_IPV4_FLAG_DF, .ttl = 33,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_udp(exp, 4321, 9999);
	fr_bytes(exp, payload, sizeof(payload) - 1);
	fr_finish(exp);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	/* One packet, sent at once: the reply carries its statistics. */
	EXPECT_NE(NULL, sc_reply_attr(e->res, SOCKCTL_A_STATS));
	EXPECT_EQ(NULL, sc_reply_attr(e->res, SOCKCTL_A_JOB_ID));
	free(exp);
}

TEST_F(inject, l2_wrong_checksums_sent_unchanged)
{
	static const char payload[] = "bad sums";
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = expect_udp4(t, 7, 1111, 2222, payload, sizeof(payload) - 1);
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 7),
		     U16(SOCKCTL_A_IPV4_CHECKSUM, 0xdead)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 1111),
		     U16(SOCKCTL_A_UDP_DPORT, 2222),
		     U16(SOCKCTL_A_UDP_CHECKSUM, 0xbeef)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));
	fr_put16(exp, exp->l3 + 10, 0xdead);
	fr_put16(exp, exp->l4 + 6, 0xbeef);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_lying_lengths_and_no_udp_checksum_sent_unchanged)
{
	static const char payload[] = "lengths that lie";
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = expect_udp4(t, 8, 1111, 2222, payload, sizeof(payload) - 1);
	size_t n;

	/* Checksums left to the kernel cover the lengths as given. */
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 8),
		     U16(SOCKCTL_A_IPV4_TOT_LEN, 1000)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 1111),
		     U16(SOCKCTL_A_UDP_DPORT, 2222),
		     U16(SOCKCTL_A_UDP_LEN, 3),
		     U16(SOCKCTL_A_UDP_CHECKSUM, 0)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));
	fr_put16(exp, exp->l3 + 2, 1000);
	fr_put16(exp, exp->l3 + 10, 0);
	fr_put16(exp, exp->l3 + 10, csum_fold(csum_partial(exp->b + exp->l3, 20, 0)));
	fr_put16(exp, exp->l4 + 4, 3);
	fr_put16(exp, exp->l4 + 6, 0);	/* "no checksum" over IPv4 */

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_tcp_flags_and_options)
{
	static const uint8_t raw_opts[] = { 0xfe, 0x04, 0xab, 0xcd, 0x01 };
	/* The named options as Linux lays them out in a SYN, then the raw ones. */
	static const uint8_t wire_opts[] = {
		0x02, 0x04, 0x05, 0xb4,			/* MSS 1460 */
		0x04, 0x02, 0x08, 0x0a,			/* SACK-Permitted, Timestamps */
		0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00,	/* TSval, TSecr */
		0x01, 0x03, 0x03, 0x07,			/* NOP, Window Scale 7 */
		0xfe, 0x04, 0xab, 0xcd, 0x01,		/* raw; padded with EOL */
	};
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = frame_new();
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     U8(SOCKCTL_A_IPV4_TOS, 0x10),
		     U16(SOCKCTL_A_IPV4_ID, 0xabcd),
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4)),
		NEST(SOCKCTL_A_TCP,
		     U16(SOCKCTL_A_TCP_SPORT, 40000),
		     U16(SOCKCTL_A_TCP_DPORT, 80),
		     U32(SOCKCTL_A_TCP_SEQ, 0x11223344),
		     U32(SOCKCTL_A_TCP_ACK_SEQ, 0x55667788),
		     U8(SOCKCTL_A_TCP_FLAGS, SOCKCTL_TCP_SYN | SOCKCTL_TCP_ECE |
			SOCKCTL_TCP_CWR | SOCKCTL_TCP_URG),
		     U8(SOCKCTL_A_TCP_RESERVED, 0x5),
		     U16(SOCKCTL_A_TCP_WINDOW, 64240),
		     U16(SOCKCTL_A_TCP_URG_PTR, 3),
		     U16(SOCKCTL_A_TCP_MSS, 1460),
		     FLAG(SOCKCTL_A_TCP_SACK_PERM),
		     U32(SOCKCTL_A_TCP_TS_VAL, 0x01020304),
		     U32(SOCKCTL_A_TCP_TS_ECR, 0),
		     U8(SOCKCTL_A_TCP_WSCALE, 7),
		     BIN(SOCKCTL_A_TCP_OPTIONS, raw_opts, sizeof(raw_opts))),
		BIN(SOCKCTL_A_PAYLOAD, "urg", 3));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .tos = 0x10, .id = 0xabcd, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_tcp(exp, &(struct tcp_fields){ .sport = 40000, .dport = 80,
		.seq = 0x11223344, .ack_seq = 0x55667788,
		.flags = SOCKCTL_TCP_SYN | SOCKCTL_TCP_ECE | SOCKCTL_TCP_CWR |
			 SOCKCTL_TCP_URG,
		.reserved = 0x5, .window = 64240, .urg_ptr = 3,
		.opts = wire_opts, .optlen = sizeof(wire_opts) });
	fr_bytes(exp, "urg", 3);
	fr_finish(exp);
	ASSERT_EQ(12, exp->b[exp->l4 + 12] >> 4);	/* data offset: 5 + 28 / 4 */

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_icmp_echo_with_ipv4_options)
{
	/* Router Alert and a NOP: 5 bytes, padded to 8, IHL 7. */
	static const uint8_t ip_opts[] = { 0x94, 0x04, 0x00, 0x00, 0x01 };
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = frame_new();
	uint8_t payload[56];
	size_t n;

	fill_pattern(payload, sizeof(payload));
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     U16(SOCKCTL_A_IPV4_ID, 0x0102),
		     U8(SOCKCTL_A_IPV4_TTL, 1),
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_OPTIONS, ip_opts, sizeof(ip_opts))),
		NEST(SOCKCTL_A_ICMP,
		     U8(SOCKCTL_A_ICMP_TYPE, 8),
		     U8(SOCKCTL_A_ICMP_CODE, 0),
		     U16(SOCKCTL_A_ICMP_ID, 0x04d2),
		     U16(SOCKCTL_A_ICMP_SEQ, 1)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload)));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .id = 0x0102, .ttl = 1,
		.saddr = t->near_ip4, .daddr = t->far_ip4,
		.opts = ip_opts, .optlen = sizeof(ip_opts) });
	fr_icmp_echo(exp, 8, 0, 0x04d2, 1);
	fr_bytes(exp, payload, sizeof(payload));
	fr_finish(exp);
	ASSERT_EQ(0x47, exp->b[exp->l3]);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_arp_request_explicit_and_defaults)
{
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh;
	struct frame *exp = frame_new();
	size_t n;

	/* 42 bytes: nothing pads a frame to the 60-byte Ethernet minimum. */
	fr_eth(exp, bcast_mac, t->near_mac, ETH_P_ARP);
	fr_arp(exp, 1, t->near_mac, t->near_ip4, zero_mac, t->far_ip4);

	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, bcast_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_ARP,
		     U16(SOCKCTL_A_ARP_HTYPE, 1),
		     U16(SOCKCTL_A_ARP_PTYPE, ETH_P_IP),
		     U8(SOCKCTL_A_ARP_HLEN, 6),
		     U8(SOCKCTL_A_ARP_PLEN, 4),
		     U16(SOCKCTL_A_ARP_OP, 1),
		     BIN(SOCKCTL_A_ARP_SHA, t->near_mac, 6),
		     BIN(SOCKCTL_A_ARP_SPA, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_ARP_THA, zero_mac, 6),
		     BIN(SOCKCTL_A_ARP_TPA, &t->far_ip4, 4)));
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);

	/* Only the target: the defaults (the device's MAC and address) agree. */
	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH, BIN(SOCKCTL_A_ETH_DST, bcast_mac, 6)),
		NEST(SOCKCTL_A_ARP, BIN(SOCKCTL_A_ARP_TPA, &t->far_ip4, 4)));
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_vlan_tag)
{
	static const char payload[] = "tagged";
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	const uint32_t tag = ETH_P_8021Q << 16 | 5 << 13 | 1 << 12 | 100;
	struct frame *exp = frame_new();
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6),
		     NEST(SOCKCTL_A_ETH_VLAN,
			  U8(SOCKCTL_A_VLAN_PCP, 5),
			  U8(SOCKCTL_A_VLAN_DEI, 1),
			  U16(SOCKCTL_A_VLAN_VID, 100))),
		NEST(SOCKCTL_A_IPV4,
		     U16(SOCKCTL_A_IPV4_ID, 1),
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 1),
		     U16(SOCKCTL_A_UDP_DPORT, 2)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));

	fr_eth_vlan(exp, t->far_mac, t->near_mac, &tag, 1, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .id = 1, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_udp(exp, 1, 2);
	fr_bytes(exp, payload, sizeof(payload) - 1);
	fr_finish(exp);

	/* The receive path moves the tag to metadata; the sink puts it back. */
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_two_vlan_tags_qinq)
{
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	/* Default TPIDs: 802.1ad outside, 802.1Q inside. */
	const uint32_t tags[2] = { ETH_P_8021AD << 16 | 10, ETH_P_8021Q << 16 | 3 << 13 | 20 };
	struct frame *exp = frame_new();
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6),
		     NEST(SOCKCTL_A_ETH_VLAN, U16(SOCKCTL_A_VLAN_VID, 10)),
		     NEST(SOCKCTL_A_ETH_VLAN,
			  U8(SOCKCTL_A_VLAN_PCP, 3),
			  U16(SOCKCTL_A_VLAN_VID, 20))),
		NEST(SOCKCTL_A_IPV4,
		     U16(SOCKCTL_A_IPV4_ID, 2),
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 3),
		     U16(SOCKCTL_A_UDP_DPORT, 4)));

	fr_eth_vlan(exp, t->far_mac, t->near_mac, tags, 2, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .id = 2, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_udp(exp, 3, 4);
	fr_finish(exp);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_udp6)
{
	static const char payload[] = "over IPv6";
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = frame_new();
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_IPV6,
		     U8(SOCKCTL_A_IPV6_TCLASS, 0xb8),
		     U32(SOCKCTL_A_IPV6_FLOWLABEL, 0x12345),
		     U8(SOCKCTL_A_IPV6_HOPLIMIT, 7),
		     BIN(SOCKCTL_A_IPV6_SADDR, &t->near_ip6, 16),
		     BIN(SOCKCTL_A_IPV6_DADDR, &t->far_ip6, 16)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 5353),
		     U16(SOCKCTL_A_UDP_DPORT, 6363)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IPV6);
	fr_ipv6(exp, &(struct ip6_fields){ .tclass = 0xb8, .flowlabel = 0x12345,
		.hoplimit = 7, .saddr = t->near_ip6, .daddr = t->far_ip6 });
	fr_udp(exp, 5353, 6363);
	fr_bytes(exp, payload, sizeof(payload) - 1);
	fr_finish(exp);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_device_by_name)
{
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = expect_udp4(t, 3, 10, 20, "by name", 7);
	size_t n;

	/* No SOCKCTL_A_INJECT: a device means L2. */
	mnl_attr_put_strz(nlh, SOCKCTL_A_IFNAME, t->near_name);
	desc_udp4(nlh, t, 3, 10, 20, "by name", 7);
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_ipv6_extension_headers_are_chained)
{
	/* Hop-by-hop with a PadN, a fragment header, destination options. */
	static const uint8_t hbh[6] = { 0x01, 0x04, 0, 0, 0, 0 };
	static const uint8_t frag[6] = { 0x00, 0x00, 0xca, 0xfe, 0xf0, 0x0d };
	static const uint8_t dst[14] = { 0x01, 0x0c };
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = frame_new();
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH, BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6)),
		NEST(SOCKCTL_A_IPV6,
		     BIN(SOCKCTL_A_IPV6_SADDR, &t->near_ip6, 16),
		     BIN(SOCKCTL_A_IPV6_DADDR, &t->far_ip6, 16),
		     NEST(SOCKCTL_A_IPV6_EXTHDR,
			  U8(SOCKCTL_A_IPV6_EXT_TYPE, 0),
			  BIN(SOCKCTL_A_IPV6_EXT_DATA, hbh, sizeof(hbh))),
		     NEST(SOCKCTL_A_IPV6_EXTHDR,
			  U8(SOCKCTL_A_IPV6_EXT_TYPE, 44),
			  BIN(SOCKCTL_A_IPV6_EXT_DATA, frag, sizeof(frag))),
		     NEST(SOCKCTL_A_IPV6_EXTHDR,
			  U8(SOCKCTL_A_IPV6_EXT_TYPE, 60),
			  BIN(SOCKCTL_A_IPV6_EXT_DATA, dst, sizeof(dst)))),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 7),
		     U16(SOCKCTL_A_UDP_DPORT, 8)),
		BIN(SOCKCTL_A_PAYLOAD, "ext", 3));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IPV6);
	fr_ipv6(exp, &(struct ip6_fields){ .hoplimit = 64,
		.saddr = t->near_ip6, .daddr = t->far_ip6 });
	fr_ipv6_ext(exp, 0, hbh, sizeof(hbh));
	fr_ipv6_ext(exp, 44, frag, sizeof(frag));
	fr_ipv6_ext(exp, 60, dst, sizeof(dst));
	fr_udp(exp, 7, 8);
	fr_bytes(exp, "ext", 3);
	fr_finish(exp);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_ip_without_transport_layer)
{
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh;
	struct frame *exp4 = frame_new(), *exp6 = frame_new();
	size_t n;

	/* Payload right after the IP header: protocol 255, next header 59. */
	fr_eth(exp4, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(exp4, &(struct ip4_fields){ .id = 9, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_bytes(exp4, "bare", 4);
	fr_finish(exp4);
	fr_eth(exp6, t->far_mac, t->near_mac, ETH_P_IPV6);
	fr_ipv6(exp6, &(struct ip6_fields){ .hoplimit = 64,
		.saddr = t->near_ip6, .daddr = t->far_ip6 });
	fr_bytes(exp6, "bare", 4);
	fr_finish(exp6);
	ASSERT_EQ(255, exp4->b[exp4->l3 + 9]);
	ASSERT_EQ(59, exp6->b[exp6->l3 + 6]);

	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 9)),
		BIN(SOCKCTL_A_PAYLOAD, "bare", 4));
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp4, e->got, n);

	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV6, BIN(SOCKCTL_A_IPV6_DADDR, &t->far_ip6, 16)),
		BIN(SOCKCTL_A_PAYLOAD, "bare", 4));
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp6, e->got, n);
	free(exp4);
	free(exp6);
}

TEST_F(inject, l2_icmp_error_quoting_a_built_datagram)
{
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh;
	struct frame *exp = frame_new();
	uint8_t quote[28];
	struct sc_frame fr;
	size_t n;

	/* The datagram the error is about: far -> near UDP, built by BUILD. */
	nlh = request(e, SOCKCTL_CMD_BUILD);
	desc_target(nlh, SOCKCTL_INJECT_L3, 0);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->far_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->near_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 1),
		     U8(SOCKCTL_A_IPV4_FLAGS, SOCKCTL_IPV4_FLAG_DF)),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, 33434)),
		BIN(SOCKCTL_A_PAYLOAD, "a long datagram", 15));
	ASSERT_REQUEST_OK(e, nlh);
	ASSERT_EQ(1, sc_frames(e->res, &fr, 1));
	ASSERT_LE(sizeof(quote), fr.len);
	memcpy(quote, fr.data, sizeof(quote));	/* IP header + 8 bytes */

	/* Fragmentation needed, next-hop MTU 1400 in the second word. */
	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH, BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 2),
		     U8(SOCKCTL_A_IPV4_TOS, 0xc0)),
		NEST(SOCKCTL_A_ICMP,
		     U8(SOCKCTL_A_ICMP_TYPE, 3),
		     U8(SOCKCTL_A_ICMP_CODE, 4),
		     U32(SOCKCTL_A_ICMP_REST, 1400),
		     BIN(SOCKCTL_A_ICMP_QUOTE, quote, sizeof(quote))));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .tos = 0xc0, .id = 2, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_icmp_echo(exp, 3, 4, 0, 1400);	/* the same layout: type, code, word */
	fr_bytes(exp, quote, sizeof(quote));
	fr_finish(exp);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, raw_frame_and_raw_datagram_sent_as_given)
{
	const uint16_t dport = 9995;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh;
	struct frame *raw = frame_new(), *dgram = frame_new(), *exp = frame_new();
	uint8_t stuff[50];
	size_t n;

	/* L2: an Ethernet frame of a local experimental EtherType. */
	fill_pattern(stuff, sizeof(stuff));
	fr_eth(raw, t->far_mac, t->near_mac, 0x88b5);
	fr_bytes(raw, stuff, sizeof(stuff));
	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	mnl_attr_put(nlh, SOCKCTL_A_RAW, raw->len, raw->b);
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(raw, e->got, n);

	/* L3: an IPv4 datagram (with a wrong checksum) routed out. */
	fr_ipv4(dgram, &(struct ip4_fields){ .id = 0x5151, .ttl = 3,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_udp(dgram, 1, dport);
	fr_bytes(dgram, "raw", 3);
	fr_finish(dgram);
	fr_put16(dgram, dgram->l3 + 10, 0x0bad);
	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L3, 0);
	mnl_attr_put(nlh, SOCKCTL_A_RAW, dgram->len, dgram->b);
	ASSERT_REQUEST_OK(e, nlh);
	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IP);
	fr_bytes(exp, dgram->b, dgram->len);
	n = recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
	EXPECT_FRAME(exp, e->got, n);
	free(raw);
	free(dgram);
	free(exp);
}


TEST_HARNESS_MAIN
