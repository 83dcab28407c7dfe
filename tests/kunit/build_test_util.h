/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the sockctl_build_* KUnit suites (tests/kunit/build_*_test.c) share:
 * the per-case fixture, and helpers that describe a packet, build it with
 * sockctl_build() and compare it with a vector.
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
#ifndef SOCKCTL_BUILD_TEST_UTIL_H
#define SOCKCTL_BUILD_TEST_UTIL_H

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/skbuff.h>

#include "sockctl.h"

#define IP4(a, b, c, d)	cpu_to_be32((a) << 24 | (b) << 16 | (c) << 8 | (d))

/* M1 and M2 of the Scapy expressions. */
extern const u8 mac1[ETH_ALEN];
extern const u8 mac2[ETH_ALEN];

/* One case's state: test->priv of every sockctl_build_* suite. */
struct build_ctx {
	struct sockctl_desc d;
	struct sockctl_frame_info fi;
	struct sk_buff *skb;
	struct sk_buff_head frags;
};

/* The .init and .exit of every sockctl_build_* suite. */
int build_test_init(struct kunit *test);
void build_test_exit(struct kunit *test);

/* Describe the packet in test->priv's struct build_ctx. */
struct sockctl_desc *desc_ipv4(struct kunit *test, u16 id);
struct sockctl_desc *desc_ipv6(struct kunit *test);
void desc_eth(struct sockctl_desc *d, const u8 *dst);
void desc_payload(struct kunit *test, struct sockctl_desc *d,
		  const void *data, u32 len);

/* Build it and check what was built. */
struct sk_buff *build_cmp_index(struct kunit *test, u32 index,
				const u8 *want, unsigned int cmp,
				unsigned int len);

#define build_expect(test, want) \
	build_cmp_index(test, 0, want, sizeof(want), sizeof(want))

u16 ctx_skb_u16(struct kunit *test, unsigned int off);
void expect_offsets(struct kunit *test, int l3, int l4, int payload);

#endif /* SOCKCTL_BUILD_TEST_UTIL_H */
