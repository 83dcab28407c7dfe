// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: sockctl_build() and sockctl_fragment(), byte for byte.
 *
 * Each case fills a struct sockctl_desc as sockctl_desc_parse() and
 * sockctl_desc_resolve() would (every field the user gives is set, with its
 * bit in the layer's .set bitmap) and compares the packet built with a
 * vector.  The vectors are Scapy's: the comment above each array is the
 * Scapy expression that produced it, and tests/ynl/kunit_vectors.py checks
 * them all again on the host.  In those expressions S4 and D4 stand for
 * 192.0.2.1 and 198.51.100.2, S6 and D6 for 2001:db8::1 and 2001:db8::2,
 * M1 and M2 for 02:00:00:00:00:01 and 02:00:00:00:00:02.
 *
 * Scapy's defaults are mostly ours (TCP ports 20 and 80, flags S, window
 * 8192; UDP ports 53; ICMP echo request); where they differ (IPv4 protocol
 * with nothing after the header: Scapy 0, sockctl 255) the expression says
 * so explicitly.
 */
#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/skbuff.h>

#include "sockctl.h"

#define IP4(a, b, c, d)	cpu_to_be32((a) << 24 | (b) << 16 | (c) << 8 | (d))

static const u8 mac1[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const u8 mac2[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
static const u8 mac_bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

struct build_ctx {
	struct sockctl_desc d;
	struct sockctl_frame_info fi;
	struct sk_buff *skb;
	struct sk_buff_head frags;
};

static int build_test_init(struct kunit *test)
{
	struct build_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	skb_queue_head_init(&ctx->frags);
	test->priv = ctx;
	return 0;
}

static void build_test_exit(struct kunit *test)
{
	struct build_ctx *ctx = test->priv;

	kfree_skb(ctx->skb);
	skb_queue_purge(&ctx->frags);
}

/* 2001:db8::@last */
static void ip6_test_addr(struct in6_addr *a, u8 last)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr[0] = 0x20;
	a->s6_addr[1] = 0x01;
	a->s6_addr[2] = 0x0d;
	a->s6_addr[3] = 0xb8;
	a->s6_addr[15] = last;
}

/* An IPv4 packet S4 -> D4 with identification @id, injected at L3. */
static struct sockctl_desc *desc_ipv4(struct kunit *test, u16 id)
{
	struct build_ctx *ctx = test->priv;
	struct sockctl_desc *d = &ctx->d;

	d->inject = SOCKCTL_INJECT_L3;
	d->layers |= BIT(SOCKCTL_A_IPV4);
	d->ip4.saddr = IP4(192, 0, 2, 1);
	d->ip4.daddr = IP4(198, 51, 100, 2);
	d->ip4.id = id;
	d->ip4.set |= BIT(SOCKCTL_A_IPV4_SADDR) | BIT(SOCKCTL_A_IPV4_DADDR) |
		      BIT(SOCKCTL_A_IPV4_ID);
	return d;
}

/* An IPv6 packet S6 -> D6, injected at L3. */
static struct sockctl_desc *desc_ipv6(struct kunit *test)
{
	struct build_ctx *ctx = test->priv;
	struct sockctl_desc *d = &ctx->d;

	d->inject = SOCKCTL_INJECT_L3;
	d->layers |= BIT(SOCKCTL_A_IPV6);
	ip6_test_addr(&d->ip6.saddr, 1);
	ip6_test_addr(&d->ip6.daddr, 2);
	d->ip6.set |= BIT(SOCKCTL_A_IPV6_SADDR) | BIT(SOCKCTL_A_IPV6_DADDR);
	return d;
}

/* Make @d an L2 frame M1 -> @dst (what resolve fills from the device). */
static void desc_eth(struct sockctl_desc *d, const u8 *dst)
{
	d->inject = SOCKCTL_INJECT_L2;
	d->layers |= BIT(SOCKCTL_A_ETH);
	memcpy(d->eth.dst, dst, ETH_ALEN);
	memcpy(d->eth.src, mac1, ETH_ALEN);
	d->eth.set |= BIT(SOCKCTL_A_ETH_DST) | BIT(SOCKCTL_A_ETH_SRC);
}

static void desc_payload(struct kunit *test, struct sockctl_desc *d,
			 const void *data, u32 len)
{
	d->payload = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d->payload);
	memcpy(d->payload, data, len);
	d->payload_len = len;
	d->layers |= BIT(SOCKCTL_A_PAYLOAD);
}

/* Build packet @index; it must be @len bytes, the first @cmp as @want. */
static struct sk_buff *build_cmp_index(struct kunit *test, u32 index,
				       const u8 *want, unsigned int cmp,
				       unsigned int len)
{
	struct build_ctx *ctx = test->priv;

	kfree_skb(ctx->skb);
	ctx->skb = sockctl_build(&ctx->d, index, GFP_KERNEL, &ctx->fi);
	KUNIT_ASSERT_NOT_NULL(test, ctx->skb);
	KUNIT_ASSERT_FALSE(test, skb_is_nonlinear(ctx->skb));
	KUNIT_ASSERT_EQ(test, ctx->skb->len, len);
	KUNIT_EXPECT_MEMEQ(test, ctx->skb->data, want, cmp);
	return ctx->skb;
}

#define build_expect(test, want) \
	build_cmp_index(test, 0, want, sizeof(want), sizeof(want))

/* The big-endian 16-bit word at @off of the packet just built. */
static u16 ctx_skb_u16(struct kunit *test, unsigned int off)
{
	struct build_ctx *ctx = test->priv;

	return ctx->skb->data[off] << 8 | ctx->skb->data[off + 1];
}

static void expect_offsets(struct kunit *test, int l3, int l4, int payload)
{
	struct build_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, ctx->fi.l3_off, l3);
	KUNIT_EXPECT_EQ(test, ctx->fi.l4_off, l4);
	KUNIT_EXPECT_EQ(test, ctx->fi.payload_off, payload);
}

/* ---- IPv4 (RFC 791) ---------------------------------------------------- */

/*
 * scapy: raw(IP(id=0, flags="DF", proto=17, src="192.168.0.1",
 *        dst="192.168.0.199") / Raw(b"\0" * 95))[:20]
 */
static const u8 ipv4_rfc1071_hdr[] = {
	0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x61,
	0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
};

/*
 * The classic example of an IPv4 header checksum: 4500 0073 0000 4000 4011
 * b861 c0a8 0001 c0a8 00c7.  Total length and checksum are ours.
 */
static void ipv4_checksum_classic(struct kunit *test)
{
	static const u8 zeros[95];
	struct sockctl_desc *d = desc_ipv4(test, 0);

	d->ip4.saddr = IP4(192, 168, 0, 1);
	d->ip4.daddr = IP4(192, 168, 0, 199);
	d->ip4.flags = SOCKCTL_IPV4_FLAG_DF;
	d->ip4.protocol = IPPROTO_UDP;
	d->ip4.set |= BIT(SOCKCTL_A_IPV4_FLAGS) | BIT(SOCKCTL_A_IPV4_PROTOCOL);
	desc_payload(test, d, zeros, sizeof(zeros));

	build_cmp_index(test, 0, ipv4_rfc1071_hdr, sizeof(ipv4_rfc1071_hdr), 115);
	KUNIT_EXPECT_EQ(test, ctx_skb_u16(test, 10), 0xb861);
	expect_offsets(test, 0, -1, 20);
}

/* Scapy's IP() says protocol 0 when nothing follows; sockctl says 255. */
/* scapy: raw(IP(id=0x1234, proto=255, src=S4, dst=D4)) */
static const u8 ipv4_defaults[] = {
	0x45, 0x00, 0x00, 0x14, 0x12, 0x34, 0x00, 0x00, 0x40, 0xff, 0x7b, 0x80,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
};

static void ipv4_default_fields(struct kunit *test)
{
	desc_ipv4(test, 0x1234);
	build_expect(test, ipv4_defaults);
	expect_offsets(test, 0, -1, 20);
}

/*
 * scapy: raw(IP(tos=0xb9, id=0xbeef, flags="DF+evil", frag=100, ttl=1,
 *        proto=17, chksum=0xdead, src=S4, dst=D4) / Raw(b"abc"))
 */
static const u8 ipv4_every_field[] = {
	0x45, 0xb9, 0x00, 0x17, 0xbe, 0xef, 0xc0, 0x64, 0x01, 0x11, 0xde, 0xad,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x61, 0x62, 0x63,
};

/* DSCP/ECN, the evil bit (RFC 3514), an offset, a wrong checksum. */
static void ipv4_every_field_as_given(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 0xbeef);

	d->ip4.version = 4;
	d->ip4.ihl = 5;
	d->ip4.dscp = 46;	/* EF */
	d->ip4.ecn = 1;		/* ECT(1) */
	d->ip4.flags = SOCKCTL_IPV4_FLAG_RF | SOCKCTL_IPV4_FLAG_DF;
	d->ip4.frag_off = 100;
	d->ip4.ttl = 1;
	d->ip4.protocol = IPPROTO_UDP;
	d->ip4.check = 0xdead;
	d->ip4.set |= BIT(SOCKCTL_A_IPV4_VERSION) | BIT(SOCKCTL_A_IPV4_IHL) |
		      BIT(SOCKCTL_A_IPV4_DSCP) | BIT(SOCKCTL_A_IPV4_ECN) |
		      BIT(SOCKCTL_A_IPV4_FLAGS) | BIT(SOCKCTL_A_IPV4_FRAG_OFF) |
		      BIT(SOCKCTL_A_IPV4_TTL) | BIT(SOCKCTL_A_IPV4_PROTOCOL) |
		      BIT(SOCKCTL_A_IPV4_CHECKSUM);
	desc_payload(test, d, "abc", 3);
	build_expect(test, ipv4_every_field);
}

/* scapy: raw(IP(version=5, ihl=15, tos=0xff, len=1000, id=1, proto=255, src=S4, dst=D4)) */
static const u8 ipv4_lies[] = {
	0x5f, 0xff, 0x03, 0xe8, 0x00, 0x01, 0x00, 0x00, 0x40, 0xff, 0x6e, 0xe0,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
};

/*
 * Version, IHL and total length that lie: sent as given; the checksum is
 * still computed, over the 20 bytes of header actually built.
 */
static void ipv4_lying_lengths_kept(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->ip4.version = 5;
	d->ip4.ihl = 15;
	d->ip4.tos = 0xff;
	d->ip4.tot_len = 1000;
	d->ip4.set |= BIT(SOCKCTL_A_IPV4_VERSION) | BIT(SOCKCTL_A_IPV4_IHL) |
		      BIT(SOCKCTL_A_IPV4_TOS) | BIT(SOCKCTL_A_IPV4_TOT_LEN);
	build_expect(test, ipv4_lies);
}

/* scapy: raw(IP(ihl=2, id=2, proto=255, src=S4, dst=D4)) */
static const u8 ipv4_short_ihl[] = {
	0x42, 0x00, 0x00, 0x14, 0x00, 0x02, 0x00, 0x00, 0x40, 0xff, 0x90, 0xb2,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
};

/* An IHL below 5 must not shorten the checksummed header. */
static void ipv4_short_ihl_checksum(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 2);

	d->ip4.ihl = 2;
	d->ip4.set |= BIT(SOCKCTL_A_IPV4_IHL);
	build_expect(test, ipv4_short_ihl);
}

/* scapy: raw(IP(id=1, proto=255, src=S4, dst=D4, options=IPOption(b"\x07\x07\x04" + b"\0" * 5))) */
static const u8 ipv4_opt_rr[] = {
	0x47, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0xff, 0x80, 0xa4,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x07, 0x07, 0x04, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

/* A 7-byte Record Route option: one zero (EOL) byte of padding, IHL 7. */
static void ipv4_options_padded(struct kunit *test)
{
	static const u8 rr[] = { 0x07, 0x07, 0x04, 0x00, 0x00, 0x00, 0x00 };
	struct sockctl_desc *d = desc_ipv4(test, 1);

	memcpy(d->ip4.opts, rr, sizeof(rr));
	d->ip4.optlen = sizeof(rr);
	d->ip4.set |= BIT(SOCKCTL_A_IPV4_OPTIONS);
	build_expect(test, ipv4_opt_rr);
	expect_offsets(test, 0, -1, 28);
}

/* scapy: raw(IP(id=2, proto=255, src=S4, dst=D4, options=IPOption(b"\x01\0\0\0"))) */
static const u8 ipv4_opt_nop[] = {
	0x46, 0x00, 0x00, 0x18, 0x00, 0x02, 0x00, 0x00, 0x40, 0xff, 0x8b, 0xae,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x01, 0x00, 0x00, 0x00,
};

/*
 * scapy: raw(IP(id=3, proto=255, src=S4, dst=D4,
 *        options=IPOption(b"\x07\x27\x04" + b"\0" * 37)))
 */
static const u8 ipv4_opt_max[] = {
	0x4f, 0x00, 0x00, 0x3c, 0x00, 0x03, 0x00, 0x00, 0x40, 0xff, 0x78, 0x62,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x07, 0x27, 0x04, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* One option byte becomes a 4-byte word; 40 bytes make IHL 15. */
static void ipv4_options_sizes(struct kunit *test)
{
	struct build_ctx *ctx = test->priv;
	struct sockctl_desc *d = desc_ipv4(test, 2);

	d->ip4.opts[0] = 0x01;		/* NOP */
	d->ip4.optlen = 1;
	d->ip4.set |= BIT(SOCKCTL_A_IPV4_OPTIONS);
	build_expect(test, ipv4_opt_nop);

	memset(&ctx->d, 0, sizeof(ctx->d));
	d = desc_ipv4(test, 3);
	d->ip4.opts[0] = 0x07;		/* Record Route, 9 slots */
	d->ip4.opts[1] = 39;
	d->ip4.opts[2] = 4;
	d->ip4.optlen = 40;
	d->ip4.set |= BIT(SOCKCTL_A_IPV4_OPTIONS);
	build_expect(test, ipv4_opt_max);
}

/* scapy: raw(IP(ihl=5, id=4, proto=255, src=S4, dst=D4, options=IPOption(b"\x94\x04\0\0"))) */
static const u8 ipv4_opt_ihl5[] = {
	0x45, 0x00, 0x00, 0x18, 0x00, 0x04, 0x00, 0x00, 0x40, 0xff, 0xf9, 0xa7,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x94, 0x04, 0x00, 0x00,
};

/* A set IHL need not match the options: both are written as given. */
static void ipv4_ihl_ignores_options(struct kunit *test)
{
	static const u8 ra[] = { 0x94, 0x04, 0x00, 0x00 };	/* Router Alert */
	struct sockctl_desc *d = desc_ipv4(test, 4);

	d->ip4.ihl = 5;
	memcpy(d->ip4.opts, ra, sizeof(ra));
	d->ip4.optlen = sizeof(ra);
	d->ip4.set |= BIT(SOCKCTL_A_IPV4_IHL) | BIT(SOCKCTL_A_IPV4_OPTIONS);
	build_expect(test, ipv4_opt_ihl5);
}

/* ---- UDP (RFC 768) and the RFC 1071 checksum --------------------------- */

/* scapy: raw(IP(id=1, src=S4, dst=D4) / UDP(sport=1234, dport=5678) / Raw(b"hello")) */
static const u8 udp_odd[] = {
	0x45, 0x00, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x8e, 0x94,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x04, 0xd2, 0x16, 0x2e,
	0x00, 0x0d, 0xb4, 0xca, 0x68, 0x65, 0x6c, 0x6c, 0x6f,
};

/* An odd payload: RFC 1071 pads the last byte with a zero for the sum. */
static void udp_checksum_odd_length(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_UDP);
	d->udp.sport = 1234;
	d->udp.dport = 5678;
	d->udp.set |= BIT(SOCKCTL_A_UDP_SPORT) | BIT(SOCKCTL_A_UDP_DPORT);
	desc_payload(test, d, "hello", 5);
	build_expect(test, udp_odd);
	expect_offsets(test, 0, 20, 28);
}

/* scapy: raw(IP(id=1, src=S4, dst=D4) / UDP() / Raw(b"x")) */
static const u8 udp_dflt[] = {
	0x45, 0x00, 0x00, 0x1d, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x8e, 0x98,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x00, 0x35, 0x00, 0x35,
	0x00, 0x09, 0x9b, 0x3a, 0x78,
};

static void udp_default_ports(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_UDP);
	desc_payload(test, d, "x", 1);
	build_expect(test, udp_dflt);
}

/*
 * This payload makes the checksum compute to 0, sent as 0xffff:
 * in4_chksum(17, IP(src=S4, dst=D4), raw(UDP(sport=1234, dport=5678,
 * chksum=0) / Raw(b"\xf8\xa2"))) == 0.
 * scapy: raw(IP(id=1, src=S4, dst=D4) / UDP(sport=1234, dport=5678) / Raw(b"\xf8\xa2"))
 */
static const u8 udp_zero_sum[] = {
	0x45, 0x00, 0x00, 0x1e, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x8e, 0x97,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x04, 0xd2, 0x16, 0x2e,
	0x00, 0x0a, 0xff, 0xff, 0xf8, 0xa2,
};

static void udp_checksum_zero_is_ffff(struct kunit *test)
{
	static const u8 pl[] = { 0xf8, 0xa2 };
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_UDP);
	d->udp.sport = 1234;
	d->udp.dport = 5678;
	d->udp.set |= BIT(SOCKCTL_A_UDP_SPORT) | BIT(SOCKCTL_A_UDP_DPORT);
	desc_payload(test, d, pl, sizeof(pl));
	build_expect(test, udp_zero_sum);
	KUNIT_EXPECT_EQ(test, ctx_skb_u16(test, 26), 0xffff);
}

/* scapy: raw(IP(id=1, src=S4, dst=D4) / UDP(sport=1234, dport=5678, chksum=0) / Raw(b"hello")) */
static const u8 udp_no_csum[] = {
	0x45, 0x00, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x8e, 0x94,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x04, 0xd2, 0x16, 0x2e,
	0x00, 0x0d, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f,
};

/* An explicit 0 means "no checksum" over IPv4 and is sent as 0. */
static void udp_explicit_zero_checksum(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_UDP);
	d->udp.sport = 1234;
	d->udp.dport = 5678;
	d->udp.check = 0;
	d->udp.set |= BIT(SOCKCTL_A_UDP_SPORT) | BIT(SOCKCTL_A_UDP_DPORT) |
		      BIT(SOCKCTL_A_UDP_CHECKSUM);
	desc_payload(test, d, "hello", 5);
	build_expect(test, udp_no_csum);
	KUNIT_EXPECT_EQ(test, ctx_skb_u16(test, 26), 0);
}

/* scapy: raw(IP(id=1, src=S4, dst=D4) / UDP(sport=7, dport=9, len=100) / Raw(b"hello")) */
static const u8 udp_len_lie[] = {
	0x45, 0x00, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x8e, 0x94,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x00, 0x07, 0x00, 0x09,
	0x00, 0x64, 0xcf, 0x63, 0x68, 0x65, 0x6c, 0x6c, 0x6f,
};

/* A lying UDP length is sent; the checksum covers the bytes built. */
static void udp_lying_length(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_UDP);
	d->udp.sport = 7;
	d->udp.dport = 9;
	d->udp.len = 100;
	d->udp.set |= BIT(SOCKCTL_A_UDP_SPORT) | BIT(SOCKCTL_A_UDP_DPORT) |
		      BIT(SOCKCTL_A_UDP_LEN);
	desc_payload(test, d, "hello", 5);
	build_expect(test, udp_len_lie);
}

/* ---- TCP (RFC 9293) ---------------------------------------------------- */

/* scapy: raw(IP(id=1, src=S4, dst=D4) / TCP()) */
static const u8 tcp_dflt[] = {
	0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x8e, 0x98,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x00, 0x14, 0x00, 0x50,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x20, 0x00,
	0xa3, 0x47, 0x00, 0x00,
};

/* Ports 20 -> 80, SYN, window 8192, data offset 5: Scapy's TCP(). */
static void tcp_default_fields(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_TCP);
	build_expect(test, tcp_dflt);
	expect_offsets(test, 0, 20, 40);
}

/*
 * scapy: raw(IP(id=1, src=S4, dst=D4) / TCP(options=[("MSS", 1460),
 *        ("SAckOK", b""), ("Timestamp", (0x01020304, 0x0a0b0c0d)),
 *        ("NOP", None), ("WScale", 7)]))
 */
static const u8 tcp_syn_opts[] = {
	0x45, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x8e, 0x84,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x00, 0x14, 0x00, 0x50,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0x20, 0x00,
	0x21, 0x47, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
	0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x0c, 0x0d, 0x01, 0x03, 0x03, 0x07,
};

/* All named options, laid out as Linux does in a SYN; data offset 10. */
static void tcp_named_options_layout(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_TCP);
	d->tcp.mss = 1460;
	d->tcp.ts_val = 0x01020304;
	d->tcp.ts_ecr = 0x0a0b0c0d;
	d->tcp.wscale = 7;
	d->tcp.set |= BIT(SOCKCTL_A_TCP_MSS) | BIT(SOCKCTL_A_TCP_SACK_PERM) |
		      BIT(SOCKCTL_A_TCP_TS_VAL) | BIT(SOCKCTL_A_TCP_TS_ECR) |
		      BIT(SOCKCTL_A_TCP_WSCALE);
	build_expect(test, tcp_syn_opts);
	expect_offsets(test, 0, 20, 60);
}

/*
 * scapy: raw(IP(id=1, src=S4, dst=D4) / TCP(options=[("NOP", None),
 *        ("NOP", None), ("Timestamp", (5, 0))]))
 */
static const u8 tcp_ts_only[] = {
	0x45, 0x00, 0x00, 0x34, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x8e, 0x8c,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x00, 0x14, 0x00, 0x50,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x02, 0x20, 0x00,
	0x6a, 0x2b, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x05,
	0x00, 0x00, 0x00, 0x00,
};

/* Timestamps alone: NOP, NOP, TS; TSecr defaults to 0. */
static void tcp_timestamps_only(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_TCP);
	d->tcp.ts_val = 5;
	d->tcp.set |= BIT(SOCKCTL_A_TCP_TS_VAL);
	build_expect(test, tcp_ts_only);
}

/*
 * scapy: raw(IP(id=1, src=S4, dst=D4) / TCP(options=[("NOP", None),
 *        ("NOP", None), ("SAckOK", b""), ("NOP", None), ("WScale", 14)]))
 */
static const u8 tcp_sack_ws[] = {
	0x45, 0x00, 0x00, 0x30, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x8e, 0x90,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x00, 0x14, 0x00, 0x50,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x70, 0x02, 0x20, 0x00,
	0x7a, 0x2b, 0x00, 0x00, 0x01, 0x01, 0x04, 0x02, 0x01, 0x03, 0x03, 0x0e,
};

/* SACK-Permitted without timestamps: NOP, NOP, SACK-Perm; NOP, WS. */
static void tcp_sack_and_wscale(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_TCP);
	d->tcp.wscale = 14;
	d->tcp.set |= BIT(SOCKCTL_A_TCP_SACK_PERM) | BIT(SOCKCTL_A_TCP_WSCALE);
	build_expect(test, tcp_sack_ws);
}

/* scapy: raw(IP(id=1, src=S4, dst=D4) / TCP(options=[("MSS", 536), (34, b"")])) */
static const u8 tcp_raw_opts[] = {
	0x45, 0x00, 0x00, 0x30, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x8e, 0x90,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x00, 0x14, 0x00, 0x50,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x70, 0x02, 0x20, 0x00,
	0x5d, 0x21, 0x00, 0x00, 0x02, 0x04, 0x02, 0x18, 0x22, 0x02, 0x00, 0x00,
};

/* Raw options follow the named ones; zeros pad to a multiple of 4. */
static void tcp_raw_options_padded(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_TCP);
	d->tcp.mss = 536;
	d->tcp.opts[0] = 34;	/* TCP Fast Open, empty cookie (RFC 7413) */
	d->tcp.opts[1] = 2;
	d->tcp.optlen = 2;
	d->tcp.set |= BIT(SOCKCTL_A_TCP_MSS) | BIT(SOCKCTL_A_TCP_OPTIONS);
	build_expect(test, tcp_raw_opts);
	expect_offsets(test, 0, 20, 48);
}

/*
 * Scapy's reserved field is 3 bits and the 4th (ex-NS) is its flag 0x100,
 * so our reserved 15 is Scapy's reserved=7 plus flag 0x100.
 * scapy: raw(IP(id=1, src=S4, dst=D4) / TCP(sport=1, dport=2, seq=0xdeadbeef,
 *        ack=0x01020304, dataofs=15, reserved=7, flags=0x1ff, window=0,
 *        urgptr=0xffff) / Raw(b"GET /"))
 */
static const u8 tcp_every_field[] = {
	0x45, 0x00, 0x00, 0x2d, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x8e, 0x93,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x00, 0x01, 0x00, 0x02,
	0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0xff, 0xff, 0x00, 0x00,
	0xa7, 0x9c, 0xff, 0xff, 0x47, 0x45, 0x54, 0x20, 0x2f,
};

/* Every fixed field, a data offset of 15 with no options, odd payload. */
static void tcp_every_field_and_lying_doff(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_TCP);
	d->tcp.sport = 1;
	d->tcp.dport = 2;
	d->tcp.seq = 0xdeadbeef;
	d->tcp.ack_seq = 0x01020304;
	d->tcp.doff = 15;
	d->tcp.reserved = 15;
	d->tcp.flags = 0xff;
	d->tcp.window = 0;
	d->tcp.urg_ptr = 0xffff;
	d->tcp.set |= BIT(SOCKCTL_A_TCP_SPORT) | BIT(SOCKCTL_A_TCP_DPORT) |
		      BIT(SOCKCTL_A_TCP_SEQ) | BIT(SOCKCTL_A_TCP_ACK_SEQ) |
		      BIT(SOCKCTL_A_TCP_DOFF) | BIT(SOCKCTL_A_TCP_RESERVED) |
		      BIT(SOCKCTL_A_TCP_FLAGS) | BIT(SOCKCTL_A_TCP_WINDOW) |
		      BIT(SOCKCTL_A_TCP_URG_PTR);
	desc_payload(test, d, "GET /", 5);
	build_expect(test, tcp_every_field);
	expect_offsets(test, 0, 20, 40);
}

/* scapy: raw(IP(id=1, src=S4, dst=D4) / TCP(flags="PA", chksum=0xdead) / Raw(b"data")) */
static const u8 tcp_bad_csum[] = {
	0x45, 0x00, 0x00, 0x2c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x8e, 0x94,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x00, 0x14, 0x00, 0x50,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x18, 0x20, 0x00,
	0xde, 0xad, 0x00, 0x00, 0x64, 0x61, 0x74, 0x61,
};

static void tcp_explicit_checksum(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_TCP);
	d->tcp.flags = SOCKCTL_TCP_PSH | SOCKCTL_TCP_ACK;
	d->tcp.check = 0xdead;
	d->tcp.set |= BIT(SOCKCTL_A_TCP_FLAGS) | BIT(SOCKCTL_A_TCP_CHECKSUM);
	desc_payload(test, d, "data", 4);
	build_expect(test, tcp_bad_csum);
}

/* ---- ICMP (RFC 792) ---------------------------------------------------- */

/* scapy: raw(IP(id=1, src=S4, dst=D4) / ICMP(id=0x1234, seq=7) / Raw(b"ping!")) */
static const u8 icmp_echo[] = {
	0x45, 0x00, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x8e, 0xa4,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x08, 0x00, 0xe5, 0xf3,
	0x12, 0x34, 0x00, 0x07, 0x70, 0x69, 0x6e, 0x67, 0x21,
};

static void icmp_echo_request(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_ICMP);
	d->icmp.id = 0x1234;
	d->icmp.seq = 7;
	d->icmp.set |= BIT(SOCKCTL_A_ICMP_ID) | BIT(SOCKCTL_A_ICMP_SEQ);
	desc_payload(test, d, "ping!", 5);
	build_expect(test, icmp_echo);
	expect_offsets(test, 0, 20, 28);
}

/* The datagram an error quotes: its IP header and first 8 bytes. */
/* scapy: raw(IP(id=0x4242, src=D4, dst=S4) / UDP(sport=5678, dport=1234) / Raw(b"hello"))[:28] */
static const u8 icmp_quote_in[] = {
	0x45, 0x00, 0x00, 0x21, 0x42, 0x42, 0x00, 0x00, 0x40, 0x11, 0x4c, 0x53,
	0xc6, 0x33, 0x64, 0x02, 0xc0, 0x00, 0x02, 0x01, 0x16, 0x2e, 0x04, 0xd2,
	0x00, 0x0d, 0xb4, 0xca,
};

/*
 * scapy: raw(IP(id=1, src=S4, dst=D4) / ICMP(type=3, code=3) /
 *        Raw(raw(IP(id=0x4242, src=D4, dst=S4) / UDP(sport=5678, dport=1234) /
 *        Raw(b"hello"))))
 */
static const u8 icmp_unreach[] = {
	0x45, 0x00, 0x00, 0x3d, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x8e, 0x88,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x03, 0x03, 0xe9, 0x52,
	0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x21, 0x42, 0x42, 0x00, 0x00,
	0x40, 0x11, 0x4c, 0x53, 0xc6, 0x33, 0x64, 0x02, 0xc0, 0x00, 0x02, 0x01,
	0x16, 0x2e, 0x04, 0xd2, 0x00, 0x0d, 0xb4, 0xca, 0x68, 0x65, 0x6c, 0x6c,
	0x6f,
};

/* Port unreachable: the quote, then the payload (the rest of it). */
static void icmp_error_with_quote(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_ICMP);
	d->icmp.type = 3;
	d->icmp.code = 3;
	d->icmp.quote = kunit_kmalloc(test, sizeof(icmp_quote_in), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d->icmp.quote);
	memcpy(d->icmp.quote, icmp_quote_in, sizeof(icmp_quote_in));
	d->icmp.quote_len = sizeof(icmp_quote_in);
	d->icmp.set |= BIT(SOCKCTL_A_ICMP_TYPE) | BIT(SOCKCTL_A_ICMP_CODE) |
		       BIT(SOCKCTL_A_ICMP_QUOTE);
	desc_payload(test, d, "hello", 5);
	build_expect(test, icmp_unreach);
	expect_offsets(test, 0, 20, 56);
}

/* scapy: raw(IP(id=1, src=S4, dst=D4) / ICMP(type=3, code=4, nexthopmtu=1400, chksum=0xbeef)) */
static const u8 icmp_rest[] = {
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x8e, 0xa9,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x03, 0x04, 0xbe, 0xef,
	0x00, 0x00, 0x05, 0x78,
};

/* The whole second word (here a next-hop MTU), a checksum as given. */
static void icmp_rest_and_checksum(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	d->layers |= BIT(SOCKCTL_A_ICMP);
	d->icmp.type = 3;
	d->icmp.code = 4;
	d->icmp.rest = 1400;
	d->icmp.check = 0xbeef;
	d->icmp.set |= BIT(SOCKCTL_A_ICMP_TYPE) | BIT(SOCKCTL_A_ICMP_CODE) |
		       BIT(SOCKCTL_A_ICMP_REST) | BIT(SOCKCTL_A_ICMP_CHECKSUM);
	build_expect(test, icmp_rest);
}

/* ---- IPv6 (RFC 8200) and ICMPv6 (RFC 4443) ----------------------------- */

/*
 * scapy: raw(IPv6(tc=0xb8, fl=0x12345, hlim=255, src=S6, dst=D6) /
 *        UDP(sport=1000, dport=2000) / Raw(b"hello"))
 */
static const u8 ipv6_udp[] = {
	0x6b, 0x81, 0x23, 0x45, 0x00, 0x0d, 0x11, 0xff, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x03, 0xe8, 0x07, 0xd0, 0x00, 0x0d, 0x54, 0xd5,
	0x68, 0x65, 0x6c, 0x6c, 0x6f,
};

static void ipv6_tclass_flowlabel_udp(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv6(test);

	d->ip6.tclass = 0xb8;
	d->ip6.flowlabel = 0x12345;
	d->ip6.hoplimit = 255;
	d->ip6.set |= BIT(SOCKCTL_A_IPV6_TCLASS) | BIT(SOCKCTL_A_IPV6_FLOWLABEL) |
		      BIT(SOCKCTL_A_IPV6_HOPLIMIT);
	d->layers |= BIT(SOCKCTL_A_UDP);
	d->udp.sport = 1000;
	d->udp.dport = 2000;
	d->udp.set |= BIT(SOCKCTL_A_UDP_SPORT) | BIT(SOCKCTL_A_UDP_DPORT);
	desc_payload(test, d, "hello", 5);
	build_expect(test, ipv6_udp);
	expect_offsets(test, 0, 40, 48);
}

/* scapy: raw(IPv6(src=S6, dst=D6) / Raw(b"abc")) */
static const u8 ipv6_none[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x03, 0x3b, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x61, 0x62, 0x63,
};

/* Nothing after the header: Next Header 59 (No Next Header). */
static void ipv6_no_next_header(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv6(test);

	desc_payload(test, d, "abc", 3);
	build_expect(test, ipv6_none);
	expect_offsets(test, 0, -1, 40);
}

/*
 * scapy: raw(IPv6(src=S6, dst=D6) /
 *        IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\0" * 4)]) /
 *        IPv6ExtHdrRouting(addresses=["2001:db8::99"], segleft=0) /
 *        IPv6ExtHdrFragment(id=0xdeadbeef) /
 *        IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 4)]) /
 *        UDP(sport=1, dport=2) / Raw(b"x"))
 */
static const u8 ipv6_chain[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x39, 0x00, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x2b, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x2c, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x99,
	0x3c, 0x00, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x11, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x09, 0x2c, 0x64,
	0x78,
};

/*
 * Hop-by-hop, routing (24 bytes: Hdr Ext Len 2), fragment (whose second
 * octet is reserved) and destination options: each names the next, the
 * last names UDP, whose checksum skips them all.
 */
static void ipv6_exthdr_chain(struct kunit *test)
{
	static u8 padn[] = { 0x01, 0x04, 0x00, 0x00, 0x00, 0x00 };
	static u8 rthdr[] = {
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* type 0, segleft 0 */
		0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x99,
	};
	static u8 frag[] = { 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef };
	struct sockctl_desc *d = desc_ipv6(test);

	d->ip6.ext[0] = (struct sockctl_ipv6_ext_desc){ 0, sizeof(padn), padn };
	d->ip6.ext[1] = (struct sockctl_ipv6_ext_desc){ 43, sizeof(rthdr), rthdr };
	d->ip6.ext[2] = (struct sockctl_ipv6_ext_desc){ 44, sizeof(frag), frag };
	d->ip6.ext[3] = (struct sockctl_ipv6_ext_desc){ 60, sizeof(padn), padn };
	d->ip6.n_exthdrs = 4;
	d->ip6.set |= BIT(SOCKCTL_A_IPV6_EXTHDR);
	d->layers |= BIT(SOCKCTL_A_UDP);
	d->udp.sport = 1;
	d->udp.dport = 2;
	d->udp.set |= BIT(SOCKCTL_A_UDP_SPORT) | BIT(SOCKCTL_A_UDP_DPORT);
	desc_payload(test, d, "x", 1);
	build_expect(test, ipv6_chain);
	expect_offsets(test, 0, 88, 96);
}

/* scapy: raw(IPv6(src=S6, dst=D6) / ICMPv6EchoRequest(id=0x1234, seq=1, data=b"ping")) */
static const u8 icmpv6_echo[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0x33, 0x3e, 0x12, 0x34, 0x00, 0x01,
	0x70, 0x69, 0x6e, 0x67,
};

/* ICMPv6's checksum covers the IPv6 pseudo-header (RFC 4443 2.3). */
static void icmpv6_echo_pseudo_header(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv6(test);

	d->layers |= BIT(SOCKCTL_A_ICMPV6);
	d->icmp.id = 0x1234;
	d->icmp.seq = 1;
	d->icmp.set |= BIT(SOCKCTL_A_ICMP_ID) | BIT(SOCKCTL_A_ICMP_SEQ);
	desc_payload(test, d, "ping", 4);
	build_expect(test, icmpv6_echo);
	expect_offsets(test, 0, 40, 48);
}

/* ---- Ethernet, VLAN, ARP ------------------------------------------------ */

/*
 * scapy: raw(Ether(dst=M2, src=M1) / Dot1Q(prio=5, id=1, vlan=100) /
 *        IP(id=1, src=S4, dst=D4) / UDP() / Raw(b"v"))
 */
static const u8 eth_vlan[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x81, 0x00, 0xb0, 0x64, 0x08, 0x00, 0x45, 0x00, 0x00, 0x1d, 0x00, 0x01,
	0x00, 0x00, 0x40, 0x11, 0x8e, 0x98, 0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33,
	0x64, 0x02, 0x00, 0x35, 0x00, 0x35, 0x00, 0x09, 0x9d, 0x3a, 0x76,
};

/* One 802.1Q tag: PCP 5, DEI 1, VID 100; EtherTypes from the layers. */
static void eth_vlan_tag(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	desc_eth(d, mac2);
	d->eth.vlan[0].pcp = 5;
	d->eth.vlan[0].dei = 1;
	d->eth.vlan[0].vid = 100;
	d->eth.vlan[0].set = BIT(SOCKCTL_A_VLAN_PCP) | BIT(SOCKCTL_A_VLAN_DEI) |
			     BIT(SOCKCTL_A_VLAN_VID);
	d->eth.n_vlans = 1;
	d->eth.set |= BIT(SOCKCTL_A_ETH_VLAN);
	d->layers |= BIT(SOCKCTL_A_UDP);
	desc_payload(test, d, "v", 1);
	build_expect(test, eth_vlan);
	expect_offsets(test, 18, 38, 46);
}

/*
 * scapy: raw(Ether(dst=M2, src=M1) / Dot1AD(prio=3, vlan=10) / Dot1Q(vlan=20) /
 *        IP(id=1, src=S4, dst=D4) / ICMP())
 */
static const u8 eth_qinq[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x88, 0xa8, 0x60, 0x0a, 0x81, 0x00, 0x00, 0x14, 0x08, 0x00, 0x45, 0x00,
	0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x8e, 0xa9, 0xc0, 0x00,
	0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x08, 0x00, 0xf7, 0xff, 0x00, 0x00,
	0x00, 0x00,
};

/* Two tags: the outer defaults to 802.1ad (0x88a8), the inner to 0x8100. */
static void eth_qinq_tags(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	desc_eth(d, mac2);
	d->eth.vlan[0].pcp = 3;
	d->eth.vlan[0].vid = 10;
	d->eth.vlan[0].set = BIT(SOCKCTL_A_VLAN_PCP) | BIT(SOCKCTL_A_VLAN_VID);
	d->eth.vlan[1].vid = 20;
	d->eth.vlan[1].set = BIT(SOCKCTL_A_VLAN_VID);
	d->eth.n_vlans = 2;
	d->eth.set |= BIT(SOCKCTL_A_ETH_VLAN);
	d->layers |= BIT(SOCKCTL_A_ICMP);
	build_expect(test, eth_qinq);
	expect_offsets(test, 22, 42, 50);
}

/*
 * scapy: raw(Ether(dst=M2, src=M1, type=0x9100) / Dot1Q(vlan=7, type=0x88b5) /
 *        IP(id=1, proto=255, src=S4, dst=D4))
 */
static const u8 eth_types_set[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x91, 0x00, 0x00, 0x07, 0x88, 0xb5, 0x45, 0x00, 0x00, 0x14, 0x00, 0x01,
	0x00, 0x00, 0x40, 0xff, 0x8d, 0xb3, 0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33,
	0x64, 0x02,
};

/* A TPID and an EtherType set by hand win over the layers' own. */
static void eth_explicit_types(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 1);

	desc_eth(d, mac2);
	d->eth.proto = 0x88b5;
	d->eth.vlan[0].tpid = 0x9100;
	d->eth.vlan[0].vid = 7;
	d->eth.vlan[0].set = BIT(SOCKCTL_A_VLAN_TPID) | BIT(SOCKCTL_A_VLAN_VID);
	d->eth.n_vlans = 1;
	d->eth.set |= BIT(SOCKCTL_A_ETH_PROTO) | BIT(SOCKCTL_A_ETH_VLAN);
	build_expect(test, eth_types_set);
}

/* scapy: raw(Ether(dst=M2, src=M1) / IPv6(src=S6, dst=D6) / ICMPv6EchoRequest()) */
static const u8 eth_ipv6[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x3a, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0x24, 0x48, 0x00, 0x00,
	0x00, 0x00,
};

static void eth_ipv6_ethertype(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv6(test);

	desc_eth(d, mac2);
	d->layers |= BIT(SOCKCTL_A_ICMPV6);
	build_expect(test, eth_ipv6);
	expect_offsets(test, 14, 54, 62);
}

/* scapy: raw(Ether(dst="ff:ff:ff:ff:ff:ff", src=M1) / ARP(hwsrc=M1, psrc=S4, pdst=D4)) */
static const u8 arp_req[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xc6, 0x33, 0x64, 0x02,
};

/* Who has D4?  Every header field but the addresses left to defaults. */
static void arp_request_defaults(struct kunit *test)
{
	struct build_ctx *ctx = test->priv;
	struct sockctl_desc *d = &ctx->d;

	desc_eth(d, mac_bcast);
	d->layers |= BIT(SOCKCTL_A_ARP);
	memcpy(d->arp.sha, mac1, ETH_ALEN);
	d->arp.spa = IP4(192, 0, 2, 1);
	d->arp.tpa = IP4(198, 51, 100, 2);
	d->arp.set |= BIT(SOCKCTL_A_ARP_SHA) | BIT(SOCKCTL_A_ARP_SPA) |
		      BIT(SOCKCTL_A_ARP_TPA);
	build_expect(test, arp_req);
	KUNIT_EXPECT_EQ(test, ctx->fi.l3_off, 14);
}

/*
 * Scapy takes hwsrc/hwdst for MACs only when hwtype is 1: give it bytes.
 * scapy: raw(Ether(dst=M2, src=M1) / ARP(hwtype=6, ptype=0x0800, hwlen=6,
 *        plen=4, op=2, hwsrc=mac2str(M1), psrc=S4, hwdst=mac2str(M2), pdst=D4))
 */
static const u8 arp_reply[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x06, 0x00, 0x06, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x02, 0x00, 0x00, 0x00,
	0x00, 0x02, 0xc6, 0x33, 0x64, 0x02,
};

static void arp_reply_every_field(struct kunit *test)
{
	struct build_ctx *ctx = test->priv;
	struct sockctl_desc *d = &ctx->d;

	desc_eth(d, mac2);
	d->layers |= BIT(SOCKCTL_A_ARP);
	d->arp.htype = 6;	/* IEEE 802 */
	d->arp.ptype = 0x0800;
	d->arp.hlen = 6;
	d->arp.plen = 4;
	d->arp.op = 2;
	memcpy(d->arp.sha, mac1, ETH_ALEN);
	d->arp.spa = IP4(192, 0, 2, 1);
	memcpy(d->arp.tha, mac2, ETH_ALEN);
	d->arp.tpa = IP4(198, 51, 100, 2);
	d->arp.set |= BIT(SOCKCTL_A_ARP_HTYPE) | BIT(SOCKCTL_A_ARP_PTYPE) |
		      BIT(SOCKCTL_A_ARP_HLEN) | BIT(SOCKCTL_A_ARP_PLEN) |
		      BIT(SOCKCTL_A_ARP_OP) | BIT(SOCKCTL_A_ARP_SHA) |
		      BIT(SOCKCTL_A_ARP_SPA) | BIT(SOCKCTL_A_ARP_THA) |
		      BIT(SOCKCTL_A_ARP_TPA);
	build_expect(test, arp_reply);
}

/* ---- SOCKCTL_A_VARY: packet @index of a request ------------------------ */

/* scapy: raw(IP(id=106, proto=255, src=S4, dst=D4)) */
static const u8 vary_id[] = {
	0x45, 0x00, 0x00, 0x14, 0x00, 0x6a, 0x00, 0x00, 0x40, 0xff, 0x8d, 0x4a,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
};

/* ID from 100 in steps of 3: packet 2 has 106, and its own checksum. */
static void vary_ipv4_id_per_index(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 100);

	d->vary[0].field = SOCKCTL_FIELD_IPV4_ID;
	d->vary[0].mode = SOCKCTL_VARY_INC;
	d->vary[0].from = 100;
	d->vary[0].to = 0xffff;
	d->vary[0].step = 3;
	d->n_vary = 1;
	build_cmp_index(test, 2, vary_id, sizeof(vary_id), sizeof(vary_id));
}

/* ---- IPv4 fragmentation (RFC 791 section 3.2) -------------------------- */

/* Split the packet @ctx->d describes; expect @n fragments as @want. */
static void fragment_expect(struct kunit *test, const u8 *const want[],
			    const unsigned int len[], unsigned int n)
{
	struct build_ctx *ctx = test->priv;
	struct sk_buff *skb, *f;
	unsigned int i = 0;
	int err;

	skb = sockctl_build(&ctx->d, 0, GFP_KERNEL, &ctx->fi);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	err = sockctl_fragment(&ctx->d, skb, &ctx->fi, &ctx->frags, GFP_KERNEL);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_EQ(test, skb_queue_len(&ctx->frags), n);
	skb_queue_walk(&ctx->frags, f) {
		KUNIT_ASSERT_FALSE(test, skb_is_nonlinear(f));
		KUNIT_EXPECT_EQ_MSG(test, f->len, len[i], "fragment %u", i);
		if (f->len == len[i])
			KUNIT_EXPECT_MEMEQ_MSG(test, f->data, want[i], len[i],
					       "fragment %u", i);
		KUNIT_EXPECT_EQ_MSG(test, sockctl_skb_cb(f)->l4_off,
				    i ? -1 : ctx->fi.l4_off, "fragment %u", i);
		i++;
	}
}

/*
 * scapy: raw(fragment(IP(id=0x101, src=S4, dst=D4) / UDP(sport=1, dport=2) /
 *        Raw(bytes(range(40))), 16)[0])
 */
static const u8 frag_udp0[] = {
	0x45, 0x00, 0x00, 0x24, 0x01, 0x01, 0x20, 0x00, 0x40, 0x11, 0x6d, 0x91,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x00, 0x01, 0x00, 0x02,
	0x00, 0x30, 0x95, 0xc2, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
};

/*
 * scapy: raw(fragment(IP(id=0x101, src=S4, dst=D4) / UDP(sport=1, dport=2) /
 *        Raw(bytes(range(40))), 16)[1])
 */
static const u8 frag_udp1[] = {
	0x45, 0x00, 0x00, 0x24, 0x01, 0x01, 0x20, 0x02, 0x40, 0x11, 0x6d, 0x8f,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
};

/*
 * scapy: raw(fragment(IP(id=0x101, src=S4, dst=D4) / UDP(sport=1, dport=2) /
 *        Raw(bytes(range(40))), 16)[2])
 */
static const u8 frag_udp2[] = {
	0x45, 0x00, 0x00, 0x24, 0x01, 0x01, 0x00, 0x04, 0x40, 0x11, 0x8d, 0x8d,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
};

/* 48 bytes of UDP in 16-byte pieces: offsets 0, 2, 4; MF on all but last. */
static void fragment_udp_offsets_mf(struct kunit *test)
{
	static const u8 *const want[] = { frag_udp0, frag_udp1, frag_udp2 };
	static const unsigned int len[] = {
		sizeof(frag_udp0), sizeof(frag_udp1), sizeof(frag_udp2),
	};
	struct sockctl_desc *d = desc_ipv4(test, 0x101);
	u8 pl[40];
	unsigned int i;

	for (i = 0; i < sizeof(pl); i++)
		pl[i] = i;
	d->layers |= BIT(SOCKCTL_A_UDP);
	d->udp.sport = 1;
	d->udp.dport = 2;
	d->udp.set |= BIT(SOCKCTL_A_UDP_SPORT) | BIT(SOCKCTL_A_UDP_DPORT);
	desc_payload(test, d, pl, sizeof(pl));
	d->frag_size = 16;
	fragment_expect(test, want, len, ARRAY_SIZE(want));
}

/*
 * The first fragment keeps every option; later ones only those with the
 * "copied" bit (Router Alert 0x94 does, Record Route 0x07 does not).
 * scapy: raw(IP(id=0x202, flags="MF", proto=17, src=S4, dst=D4,
 *        options=IPOption(b"\x94\x04\0\0\x07\x07\x04\0\0\0\0\0")) /
 *        Raw(raw(IP(src=S4, dst=D4) / UDP(sport=1, dport=2) /
 *        Raw(bytes(range(24))))[20:36]))
 */
static const u8 frag_opt0[] = {
	0x48, 0x00, 0x00, 0x30, 0x02, 0x02, 0x20, 0x00, 0x40, 0x11, 0xca, 0x78,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x94, 0x04, 0x00, 0x00,
	0x07, 0x07, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02,
	0x00, 0x20, 0x8e, 0xe3, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
};

/*
 * scapy: raw(IP(id=0x202, frag=2, proto=17, src=S4, dst=D4,
 *        options=IPOption(b"\x94\x04\0\0")) /
 *        Raw(raw(IP(src=S4, dst=D4) / UDP(sport=1, dport=2) /
 *        Raw(bytes(range(24))))[36:]))
 */
static const u8 frag_opt1[] = {
	0x46, 0x00, 0x00, 0x28, 0x02, 0x02, 0x00, 0x02, 0x40, 0x11, 0xf7, 0x85,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02, 0x94, 0x04, 0x00, 0x00,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13,
	0x14, 0x15, 0x16, 0x17,
};

static void fragment_copies_options(struct kunit *test)
{
	static const u8 *const want[] = { frag_opt0, frag_opt1 };
	static const unsigned int len[] = { sizeof(frag_opt0), sizeof(frag_opt1) };
	static const u8 opts[] = {
		0x94, 0x04, 0x00, 0x00,				/* Router Alert */
		0x07, 0x07, 0x04, 0x00, 0x00, 0x00, 0x00,	/* Record Route */
	};
	struct sockctl_desc *d = desc_ipv4(test, 0x202);
	u8 pl[24];
	unsigned int i;

	for (i = 0; i < sizeof(pl); i++)
		pl[i] = i;
	memcpy(d->ip4.opts, opts, sizeof(opts));
	d->ip4.optlen = sizeof(opts);
	d->ip4.set |= BIT(SOCKCTL_A_IPV4_OPTIONS);
	d->layers |= BIT(SOCKCTL_A_UDP);
	d->udp.sport = 1;
	d->udp.dport = 2;
	d->udp.set |= BIT(SOCKCTL_A_UDP_SPORT) | BIT(SOCKCTL_A_UDP_DPORT);
	desc_payload(test, d, pl, sizeof(pl));
	d->frag_size = 16;
	fragment_expect(test, want, len, ARRAY_SIZE(want));
}

static struct kunit_case build_test_cases[] = {
	KUNIT_CASE(ipv4_checksum_classic),
	KUNIT_CASE(ipv4_default_fields),
	KUNIT_CASE(ipv4_every_field_as_given),
	KUNIT_CASE(ipv4_lying_lengths_kept),
	KUNIT_CASE(ipv4_short_ihl_checksum),
	KUNIT_CASE(ipv4_options_padded),
	KUNIT_CASE(ipv4_options_sizes),
	KUNIT_CASE(ipv4_ihl_ignores_options),
	KUNIT_CASE(udp_checksum_odd_length),
	KUNIT_CASE(udp_default_ports),
	KUNIT_CASE(udp_checksum_zero_is_ffff),
	KUNIT_CASE(udp_explicit_zero_checksum),
	KUNIT_CASE(udp_lying_length),
	KUNIT_CASE(tcp_default_fields),
	KUNIT_CASE(tcp_named_options_layout),
	KUNIT_CASE(tcp_timestamps_only),
	KUNIT_CASE(tcp_sack_and_wscale),
	KUNIT_CASE(tcp_raw_options_padded),
	KUNIT_CASE(tcp_every_field_and_lying_doff),
	KUNIT_CASE(tcp_explicit_checksum),
	KUNIT_CASE(icmp_echo_request),
	KUNIT_CASE(icmp_error_with_quote),
	KUNIT_CASE(icmp_rest_and_checksum),
	KUNIT_CASE(ipv6_tclass_flowlabel_udp),
	KUNIT_CASE(ipv6_no_next_header),
	KUNIT_CASE(ipv6_exthdr_chain),
	KUNIT_CASE(icmpv6_echo_pseudo_header),
	KUNIT_CASE(eth_vlan_tag),
	KUNIT_CASE(eth_qinq_tags),
	KUNIT_CASE(eth_explicit_types),
	KUNIT_CASE(eth_ipv6_ethertype),
	KUNIT_CASE(arp_request_defaults),
	KUNIT_CASE(arp_reply_every_field),
	KUNIT_CASE(vary_ipv4_id_per_index),
	KUNIT_CASE(fragment_udp_offsets_mf),
	KUNIT_CASE(fragment_copies_options),
	{}
};

static struct kunit_suite build_test_suite = {
	.name = "sockctl_build",
	.init = build_test_init,
	.exit = build_test_exit,
	.test_cases = build_test_cases,
};

kunit_test_suite(build_test_suite);
