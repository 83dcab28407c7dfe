// SPDX-License-Identifier: GPL-2.0
/*
 * The fixture and helpers of the sockctl_build_* KUnit suites: see
 * build_test_util.h.
 */
#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/skbuff.h>

#include "build_test_util.h"

const u8 mac1[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
const u8 mac2[ETH_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

int build_test_init(struct kunit *test)
{
	struct build_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	skb_queue_head_init(&ctx->frags);
	test->priv = ctx;
	return 0;
}

void build_test_exit(struct kunit *test)
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
struct sockctl_desc *desc_ipv4(struct kunit *test, u16 id)
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
struct sockctl_desc *desc_ipv6(struct kunit *test)
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
void desc_eth(struct sockctl_desc *d, const u8 *dst)
{
	d->inject = SOCKCTL_INJECT_L2;
	d->layers |= BIT(SOCKCTL_A_ETH);
	memcpy(d->eth.dst, dst, ETH_ALEN);
	memcpy(d->eth.src, mac1, ETH_ALEN);
	d->eth.set |= BIT(SOCKCTL_A_ETH_DST) | BIT(SOCKCTL_A_ETH_SRC);
}

void desc_payload(struct kunit *test, struct sockctl_desc *d,
		  const void *data, u32 len)
{
	d->payload = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d->payload);
	memcpy(d->payload, data, len);
	d->payload_len = len;
	d->layers |= BIT(SOCKCTL_A_PAYLOAD);
}

/* Build packet @index; it must be @len bytes, the first @cmp as @want. */
struct sk_buff *build_cmp_index(struct kunit *test, u32 index,
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

/* The big-endian 16-bit word at @off of the packet just built. */
u16 ctx_skb_u16(struct kunit *test, unsigned int off)
{
	struct build_ctx *ctx = test->priv;

	return ctx->skb->data[off] << 8 | ctx->skb->data[off + 1];
}

/* Where sockctl_build() says L3, L4 and the payload start (-1: none). */
void expect_offsets(struct kunit *test, int l3, int l4, int payload)
{
	struct build_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, ctx->fi.l3_off, l3);
	KUNIT_EXPECT_EQ(test, ctx->fi.l4_off, l4);
	KUNIT_EXPECT_EQ(test, ctx->fi.payload_off, payload);
}
