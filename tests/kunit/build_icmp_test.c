// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: ICMP (RFC 792) over IPv4 as sockctl_build() writes it, byte for
 * byte: an echo request, an error quoting a datagram, the second word
 * and the checksum as given.
 *
 * The vectors are Scapy's: build_test_util.h says how to read the
 * expression above each one; tests/ynl/kunit_vectors.py checks them.
 */
#include <kunit/test.h>

#include "build_test_util.h"

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

static struct kunit_case build_icmp_test_cases[] = {
	KUNIT_CASE(icmp_echo_request),
	KUNIT_CASE(icmp_error_with_quote),
	KUNIT_CASE(icmp_rest_and_checksum),
	{}
};

static struct kunit_suite build_icmp_test_suite = {
	.name = "sockctl_build_icmp",
	.init = build_test_init,
	.exit = build_test_exit,
	.test_cases = build_icmp_test_cases,
};

kunit_test_suite(build_icmp_test_suite);
