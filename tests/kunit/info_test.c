// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the SOCKCTL_CMD_GET_INFO reply, attribute by attribute.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>
#include <linux/utsname.h>
#include <net/netlink.h>

#include "sockctl.h"

/* What a client may expect of each reply attribute. */
static const struct nla_policy info_reply_policy[SOCKCTL_A_INFO_MAX + 1] = {
	[SOCKCTL_A_INFO_PAD]		  = { .type = NLA_UNSPEC },
	[SOCKCTL_A_INFO_FAMILY_VERSION]	  = { .type = NLA_U32 },
	[SOCKCTL_A_INFO_MODULE_VERSION]	  = { .type = NLA_NUL_STRING },
	[SOCKCTL_A_INFO_KERNEL_RELEASE]	  = { .type = NLA_NUL_STRING },
	[SOCKCTL_A_INFO_NETNS_COOKIE]	  = { .type = NLA_U64 },
	[SOCKCTL_A_INFO_NETNS_REQUESTS]	  = { .type = NLA_U64 },
	[SOCKCTL_A_INFO_CAP_NET_RAW]	  = { .type = NLA_FLAG },
	[SOCKCTL_A_INFO_MAX_PACKET]	  = { .type = NLA_U32 },
	[SOCKCTL_A_INFO_MAX_COUNT]	  = { .type = NLA_U32 },
	[SOCKCTL_A_INFO_MAX_JOBS]	  = { .type = NLA_U32 },
	[SOCKCTL_A_INFO_MAX_CAPTURES]	  = { .type = NLA_U32 },
};

struct info_test_ctx {
	struct sk_buff *skb;
	struct nlattr *tb[SOCKCTL_A_INFO_MAX + 1];
};

/* Fill a reply for init_net and parse it back strictly. */
static void info_fill_and_parse(struct kunit *test, struct info_test_ctx *ctx,
				bool cap_net_raw)
{
	int err;

	ctx->skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->skb);

	KUNIT_ASSERT_EQ(test, sockctl_info_fill(ctx->skb, &init_net, cap_net_raw), 0);

	err = nla_parse(ctx->tb, SOCKCTL_A_INFO_MAX,
			(struct nlattr *)ctx->skb->data, ctx->skb->len,
			info_reply_policy, NULL);
	KUNIT_ASSERT_EQ(test, err, 0);
}

static void info_test_exit(struct kunit *test)
{
	struct info_test_ctx *ctx = test->priv;

	kfree_skb(ctx->skb);
}

static int info_test_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct info_test_ctx), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void info_reports_versions(struct kunit *test)
{
	struct info_test_ctx *ctx = test->priv;

	info_fill_and_parse(test, ctx, true);

	KUNIT_ASSERT_NOT_NULL(test, ctx->tb[SOCKCTL_A_INFO_FAMILY_VERSION]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(ctx->tb[SOCKCTL_A_INFO_FAMILY_VERSION]),
			SOCKCTL_FAMILY_VERSION);
	KUNIT_ASSERT_NOT_NULL(test, ctx->tb[SOCKCTL_A_INFO_MODULE_VERSION]);
	KUNIT_EXPECT_STREQ(test, nla_data(ctx->tb[SOCKCTL_A_INFO_MODULE_VERSION]),
			   SOCKCTL_MODULE_VERSION);
	KUNIT_ASSERT_NOT_NULL(test, ctx->tb[SOCKCTL_A_INFO_KERNEL_RELEASE]);
	KUNIT_EXPECT_STREQ(test, nla_data(ctx->tb[SOCKCTL_A_INFO_KERNEL_RELEASE]),
			   init_utsname()->release);
}

static void info_reports_netns(struct kunit *test)
{
	struct info_test_ctx *ctx = test->priv;
	u64 before = atomic64_read(&sockctl_pernet(&init_net)->requests);

	info_fill_and_parse(test, ctx, true);

	KUNIT_ASSERT_NOT_NULL(test, ctx->tb[SOCKCTL_A_INFO_NETNS_COOKIE]);
	KUNIT_EXPECT_EQ(test, nla_get_u64(ctx->tb[SOCKCTL_A_INFO_NETNS_COOKIE]),
			init_net.net_cookie);
	/* Filling a reply reports the counter; only a request counts. */
	KUNIT_ASSERT_NOT_NULL(test, ctx->tb[SOCKCTL_A_INFO_NETNS_REQUESTS]);
	KUNIT_EXPECT_EQ(test, nla_get_u64(ctx->tb[SOCKCTL_A_INFO_NETNS_REQUESTS]),
			before);
}

static void info_reports_limits(struct kunit *test)
{
	struct info_test_ctx *ctx = test->priv;

	info_fill_and_parse(test, ctx, true);

	KUNIT_ASSERT_NOT_NULL(test, ctx->tb[SOCKCTL_A_INFO_MAX_PACKET]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(ctx->tb[SOCKCTL_A_INFO_MAX_PACKET]), 65535);
	KUNIT_ASSERT_NOT_NULL(test, ctx->tb[SOCKCTL_A_INFO_MAX_COUNT]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(ctx->tb[SOCKCTL_A_INFO_MAX_COUNT]),
			SOCKCTL_MAX_COUNT);
	KUNIT_ASSERT_NOT_NULL(test, ctx->tb[SOCKCTL_A_INFO_MAX_JOBS]);
	KUNIT_EXPECT_GT(test, nla_get_u32(ctx->tb[SOCKCTL_A_INFO_MAX_JOBS]), 0);
}

static void info_cap_flag_follows_caller(struct kunit *test)
{
	struct info_test_ctx *ctx = test->priv;

	info_fill_and_parse(test, ctx, true);
	KUNIT_EXPECT_TRUE(test, nla_get_flag(ctx->tb[SOCKCTL_A_INFO_CAP_NET_RAW]));
	kfree_skb(ctx->skb);

	info_fill_and_parse(test, ctx, false);
	KUNIT_EXPECT_FALSE(test, nla_get_flag(ctx->tb[SOCKCTL_A_INFO_CAP_NET_RAW]));
}

static void info_small_buffer_is_emsgsize(struct kunit *test)
{
	struct info_test_ctx *ctx = test->priv;

	ctx->skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->skb);
	/* Room for the first attributes but not for all of them. */
	skb_reserve(ctx->skb, skb_tailroom(ctx->skb) - 32);
	KUNIT_EXPECT_EQ(test, sockctl_info_fill(ctx->skb, &init_net, true),
			-EMSGSIZE);
}

static struct kunit_case info_test_cases[] = {
	KUNIT_CASE(info_reports_versions),
	KUNIT_CASE(info_reports_netns),
	KUNIT_CASE(info_reports_limits),
	KUNIT_CASE(info_cap_flag_follows_caller),
	KUNIT_CASE(info_small_buffer_is_emsgsize),
	{}
};

static struct kunit_suite info_test_suite = {
	.name = "sockctl_info",
	.init = info_test_init,
	.exit = info_test_exit,
	.test_cases = info_test_cases,
};

kunit_test_suite(info_test_suite);
