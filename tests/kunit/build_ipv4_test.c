// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the IPv4 header (RFC 791) sockctl_build() writes, byte for byte:
 * defaults, every field as given, lying lengths, options.
 *
 * The vectors are Scapy's: build_test_util.h says how to read the
 * expression above each one; tests/ynl/kunit_vectors.py checks them.
 */
#include <kunit/test.h>

#include "build_test_util.h"

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

static struct kunit_case build_ipv4_test_cases[] = {
	KUNIT_CASE(ipv4_checksum_classic),
	KUNIT_CASE(ipv4_default_fields),
	KUNIT_CASE(ipv4_every_field_as_given),
	KUNIT_CASE(ipv4_lying_lengths_kept),
	KUNIT_CASE(ipv4_short_ihl_checksum),
	KUNIT_CASE(ipv4_options_padded),
	KUNIT_CASE(ipv4_options_sizes),
	KUNIT_CASE(ipv4_ihl_ignores_options),
	{}
};

static struct kunit_suite build_ipv4_test_suite = {
	.name = "sockctl_build_ipv4",
	.init = build_test_init,
	.exit = build_test_exit,
	.test_cases = build_ipv4_test_cases,
};

kunit_test_suite(build_ipv4_test_suite);
