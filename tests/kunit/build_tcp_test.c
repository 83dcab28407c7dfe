// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: TCP (RFC 9293) over IPv4 as sockctl_build() writes it, byte for
 * byte: defaults, the layout of the named options, raw options, every
 * fixed field, a checksum as given.
 *
 * The vectors are Scapy's: build_test_util.h says how to read the
 * expression above each one; tests/ynl/kunit_vectors.py checks them.
 */
#include <kunit/test.h>

#include "build_test_util.h"

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

static struct kunit_case build_tcp_test_cases[] = {
	KUNIT_CASE(tcp_default_fields),
	KUNIT_CASE(tcp_named_options_layout),
	KUNIT_CASE(tcp_timestamps_only),
	KUNIT_CASE(tcp_sack_and_wscale),
	KUNIT_CASE(tcp_raw_options_padded),
	KUNIT_CASE(tcp_every_field_and_lying_doff),
	KUNIT_CASE(tcp_explicit_checksum),
	{}
};

static struct kunit_suite build_tcp_test_suite = {
	.name = "sockctl_build_tcp",
	.init = build_test_init,
	.exit = build_test_exit,
	.test_cases = build_tcp_test_cases,
};

kunit_test_suite(build_tcp_test_suite);
