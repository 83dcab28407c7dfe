// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: IPv4 fragmentation (RFC 791 section 3.2) by sockctl_fragment(),
 * fragment by fragment, byte for byte.
 *
 * The vectors are Scapy's: build_test_util.h says how to read the
 * expression above each one; tests/ynl/kunit_vectors.py checks them.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>

#include "build_test_util.h"

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

static struct kunit_case build_frag_test_cases[] = {
	KUNIT_CASE(fragment_udp_offsets_mf),
	KUNIT_CASE(fragment_copies_options),
	{}
};

static struct kunit_suite build_frag_test_suite = {
	.name = "sockctl_build_frag",
	.init = build_test_init,
	.exit = build_test_exit,
	.test_cases = build_frag_test_cases,
};

kunit_test_suite(build_frag_test_suite);
