// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: UDP (RFC 768) over IPv4 as sockctl_build() writes it, byte for
 * byte, and its RFC 1071 checksum.
 *
 * The vectors are Scapy's: build_test_util.h says how to read the
 * expression above each one; tests/ynl/kunit_vectors.py checks them.
 */
#include <kunit/test.h>

#include "build_test_util.h"

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

static struct kunit_case build_udp_test_cases[] = {
	KUNIT_CASE(udp_checksum_odd_length),
	KUNIT_CASE(udp_default_ports),
	KUNIT_CASE(udp_checksum_zero_is_ffff),
	KUNIT_CASE(udp_explicit_zero_checksum),
	KUNIT_CASE(udp_lying_length),
	{}
};

static struct kunit_suite build_udp_test_suite = {
	.name = "sockctl_build_udp",
	.init = build_test_init,
	.exit = build_test_exit,
	.test_cases = build_udp_test_cases,
};

kunit_test_suite(build_udp_test_suite);
