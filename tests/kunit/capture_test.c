// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: capture sessions without the stack around them.  Packets are fed
 * to sockctl_capture_enqueue() directly (which never schedules work, so
 * nothing is delivered) and the batches it builds are read back: the
 * classic BPF filter, truncation, sequence numbers, batching, the queue
 * bound and the count limit.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <net/genetlink.h>

#include "sockctl.h"
#include "sockctl_capture.h"

struct capture_test_ctx {
	struct net_device *dev;
	struct sockctl_capture *c;
};

/* IPv4 "udp" as tcpdump would say it, for Ethernet framing. */
static struct sock_filter filter_udp[] = {
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 3),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, 0x40000),
	BPF_STMT(BPF_RET | BPF_K, 0),
};

/* Keep 20 bytes of everything. */
static struct sock_filter filter_keep20[] = {
	BPF_STMT(BPF_RET | BPF_K, 20),
};

/* Jumps past its end: the classic BPF checker must refuse it. */
static struct sock_filter filter_bad_jump[] = {
	BPF_JUMP(BPF_JMP | BPF_JA, 5, 0, 0),
	BPF_STMT(BPF_RET | BPF_K, 0),
};

static int capture_test_init(struct kunit *test)
{
	struct capture_test_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->dev = alloc_etherdev(0);
	KUNIT_ASSERT_NOT_NULL(test, ctx->dev);
	strscpy(ctx->dev->name, "kunit0", IFNAMSIZ);
	ctx->dev->ifindex = 42;
	test->priv = ctx;
	return 0;
}

static void capture_test_exit(struct kunit *test)
{
	struct capture_test_ctx *ctx = test->priv;

	if (ctx->c)
		sockctl_capture_free(ctx->c);
	free_netdev(ctx->dev);
}

/* A session as CAPTURE_START would make it, never started. */
static struct sockctl_capture *new_session(struct kunit *test,
					   struct sockctl_capture_config *cfg)
{
	struct capture_test_ctx *ctx = test->priv;
	struct sockctl_capture *c;

	if (!cfg->dir)
		cfg->dir = SOCKCTL_CAPTURE_BOTH;
	if (!cfg->snaplen)
		cfg->snaplen = SOCKCTL_MAX_FRAME_REPLY;
	if (!cfg->queue_len)
		cfg->queue_len = SOCKCTL_CAPTURE_QUEUE_DEFAULT;
	cfg->flush_us = SOCKCTL_CAPTURE_FLUSH_MAX;
	c = sockctl_capture_alloc(&init_net, cfg, NULL, 0, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	ctx->c = c;
	return c;
}

/* An Ethernet + IPv4 frame of @len bytes carrying @proto. */
static struct sk_buff *ipv4_frame(struct kunit *test, u8 proto,
				  unsigned int len, u8 pkt_type)
{
	struct sk_buff *skb = alloc_skb(len + 64, GFP_KERNEL);
	struct ethhdr *eth;
	struct iphdr *iph;
	unsigned int i;
	u8 *p;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 32);
	p = skb_put_zero(skb, len);
	for (i = ETH_HLEN + sizeof(*iph); i < len; i++)
		p[i] = i;
	eth = (struct ethhdr *)p;
	eth_broadcast_addr(eth->h_dest);
	eth->h_source[0] = 2;
	eth->h_proto = htons(ETH_P_IP);
	iph = (struct iphdr *)(p + ETH_HLEN);
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = proto;
	iph->tot_len = htons(len - ETH_HLEN);
	skb_reset_mac_header(skb);
	skb->protocol = htons(ETH_P_IP);
	skb->pkt_type = pkt_type;
	return skb;
}

static int feed(struct kunit *test, u8 proto, unsigned int len)
{
	struct capture_test_ctx *ctx = test->priv;
	struct sk_buff *skb = ipv4_frame(test, proto, len, PACKET_HOST);
	int action = sockctl_capture_enqueue(ctx->c, skb, ctx->dev);

	kfree_skb(skb);
	return action;
}

/* Close the batch being filled so every packet is in @ready. */
static void close_batch(struct sockctl_capture *c)
{
	spin_lock_bh(&c->lock);
	sockctl_capture_batch_close(c);
	spin_unlock_bh(&c->lock);
}

static void expect_invariant(struct kunit *test, struct sockctl_capture *c)
{
	const struct sockctl_capture_counters *n = &c->count;

	KUNIT_EXPECT_EQ(test, n->matched,
			n->delivered + n->drops_queue + n->drops_socket +
			n->drops_nomem + n->queued);
}

/* The attributes of a batch message, after its genl header. */
static struct nlattr *batch_attrs(struct sk_buff *msg, int *len)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	*len = genlmsg_len(nlmsg_data(nlh));
	return genlmsg_data(nlmsg_data(nlh));
}

static void parse_packet(struct kunit *test, const struct nlattr *nest,
			 struct nlattr **tb)
{
	KUNIT_ASSERT_EQ(test, nla_parse_nested_deprecated(tb, SOCKCTL_A_PACKET_MAX,
							  nest, NULL, NULL), 0);
	KUNIT_ASSERT_NOT_NULL(test, tb[SOCKCTL_A_PACKET_SEQ]);
	KUNIT_ASSERT_NOT_NULL(test, tb[SOCKCTL_A_PACKET_DATA]);
}

/* The first packet of the first ready batch. */
static void first_packet(struct kunit *test, struct nlattr **tb)
{
	struct capture_test_ctx *ctx = test->priv;
	struct sk_buff *msg;
	struct nlattr *a;
	int len, rem;

	close_batch(ctx->c);
	msg = skb_peek(&ctx->c->ready);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	nla_for_each_attr(a, batch_attrs(msg, &len), len, rem) {
		if (nla_type(a) == SOCKCTL_A_PACKET) {
			parse_packet(test, a, tb);
			return;
		}
	}
	KUNIT_FAIL(test, "no packet in the batch");
}

static void capture_filter_selects_udp(struct kunit *test)
{
	struct sockctl_capture_config cfg = {
		.filter = filter_udp,
		.filter_len = ARRAY_SIZE(filter_udp),
	};
	struct sockctl_capture *c = new_session(test, &cfg);

	KUNIT_EXPECT_EQ(test, c->filter_len, ARRAY_SIZE(filter_udp));
	KUNIT_EXPECT_EQ(test, feed(test, IPPROTO_UDP, 60), SOCKCTL_CAPTURE_ARM);
	KUNIT_EXPECT_EQ(test, feed(test, IPPROTO_TCP, 60), SOCKCTL_CAPTURE_IDLE);
	KUNIT_EXPECT_EQ(test, feed(test, IPPROTO_ICMP, 60), SOCKCTL_CAPTURE_IDLE);
	KUNIT_EXPECT_EQ(test, feed(test, IPPROTO_UDP, 100), SOCKCTL_CAPTURE_IDLE);
	KUNIT_EXPECT_EQ(test, c->count.matched, 2);
	KUNIT_EXPECT_EQ(test, c->count.queued, 2);
	expect_invariant(test, c);
}

static void capture_filter_return_truncates(struct kunit *test)
{
	struct sockctl_capture_config cfg = {
		.filter = filter_keep20,
		.filter_len = ARRAY_SIZE(filter_keep20),
	};
	struct nlattr *tb[SOCKCTL_A_PACKET_MAX + 1];

	new_session(test, &cfg);
	feed(test, IPPROTO_UDP, 300);
	first_packet(test, tb);
	KUNIT_EXPECT_EQ(test, nla_len(tb[SOCKCTL_A_PACKET_DATA]), 20);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[SOCKCTL_A_PACKET_ORIG_LEN]), 300);
}

static void capture_snaplen_truncates(struct kunit *test)
{
	struct sockctl_capture_config cfg = { .snaplen = 34 };
	struct nlattr *tb[SOCKCTL_A_PACKET_MAX + 1];
	const u8 *data;

	new_session(test, &cfg);
	feed(test, IPPROTO_UDP, 300);
	first_packet(test, tb);
	KUNIT_EXPECT_EQ(test, nla_len(tb[SOCKCTL_A_PACKET_DATA]), 34);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[SOCKCTL_A_PACKET_ORIG_LEN]), 300);
	data = nla_data(tb[SOCKCTL_A_PACKET_DATA]);
	/* From the Ethernet header: broadcast destination, then IPv4. */
	KUNIT_EXPECT_TRUE(test, is_broadcast_ether_addr(data));
	KUNIT_EXPECT_EQ(test, data[ETH_HLEN], 0x45);
}

static void capture_bad_filter_refused(struct kunit *test)
{
	struct sockctl_capture_config cfg = {
		.dir = SOCKCTL_CAPTURE_BOTH,
		.snaplen = 100,
		.queue_len = 1,
		.flush_us = 1,
		.filter = filter_bad_jump,
		.filter_len = ARRAY_SIZE(filter_bad_jump),
	};
	struct netlink_ext_ack extack = {};
	struct sockctl_capture *c;

	c = sockctl_capture_alloc(&init_net, &cfg, NULL, 0, &extack);
	KUNIT_ASSERT_TRUE(test, IS_ERR(c));
	KUNIT_EXPECT_EQ(test, PTR_ERR(c), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
}

static void capture_metadata(struct kunit *test)
{
	struct capture_test_ctx *ctx = test->priv;
	struct sockctl_capture_config cfg = {};
	struct nlattr *tb[SOCKCTL_A_PACKET_MAX + 1];
	struct sk_buff *skb;
	u64 now = ktime_get_real_ns();

	new_session(test, &cfg);
	skb = ipv4_frame(test, IPPROTO_UDP, 80, PACKET_OUTGOING);
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 0x2007);
	sockctl_capture_enqueue(ctx->c, skb, ctx->dev);
	kfree_skb(skb);

	first_packet(test, tb);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[SOCKCTL_A_PACKET_SEQ]), 1);
	KUNIT_EXPECT_GE(test, nla_get_u64(tb[SOCKCTL_A_PACKET_TSTAMP_NS]), now);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[SOCKCTL_A_PACKET_IFINDEX]), 42);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(tb[SOCKCTL_A_PACKET_IFNAME]),
			   "kunit0");
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[SOCKCTL_A_PACKET_DIRECTION]),
			SOCKCTL_CAPTURE_OUT);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[SOCKCTL_A_PACKET_PKTTYPE]),
			PACKET_OUTGOING);
	KUNIT_EXPECT_EQ(test, nla_get_u16(tb[SOCKCTL_A_PACKET_PROTOCOL]), ETH_P_IP);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[SOCKCTL_A_PACKET_ORIG_LEN]), 80);
	KUNIT_ASSERT_NOT_NULL(test, tb[SOCKCTL_A_PACKET_VLAN_TCI]);
	KUNIT_EXPECT_EQ(test, nla_get_u16(tb[SOCKCTL_A_PACKET_VLAN_TCI]), 0x2007);
	KUNIT_EXPECT_EQ(test, nla_get_u16(tb[SOCKCTL_A_PACKET_VLAN_TPID]),
			ETH_P_8021Q);
}

static u64 counter(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

static void expect_counters_add_up(struct kunit *test,
				   const struct nlattr *nest, u64 matched)
{
	struct nlattr *tb[SOCKCTL_A_CAPTURE_MAX + 1];

	KUNIT_ASSERT_EQ(test, nla_parse_nested_deprecated(tb, SOCKCTL_A_CAPTURE_MAX,
							  nest, NULL, NULL), 0);
	KUNIT_ASSERT_NOT_NULL(test, tb[SOCKCTL_A_CAPTURE_MATCHED]);
	KUNIT_EXPECT_EQ(test, counter(tb, SOCKCTL_A_CAPTURE_MATCHED), matched);
	KUNIT_EXPECT_EQ(test, counter(tb, SOCKCTL_A_CAPTURE_MATCHED),
			counter(tb, SOCKCTL_A_CAPTURE_DELIVERED) +
			counter(tb, SOCKCTL_A_CAPTURE_DROPS_QUEUE) +
			counter(tb, SOCKCTL_A_CAPTURE_DROPS_SOCKET) +
			counter(tb, SOCKCTL_A_CAPTURE_DROPS_NOMEM) +
			(u64)nla_get_u32(tb[SOCKCTL_A_CAPTURE_QUEUED]));
}

static void capture_batches_in_order(struct kunit *test)
{
	struct sockctl_capture_config cfg = {};
	struct sockctl_capture *c = new_session(test, &cfg);
	unsigned int i, kicks = 0, messages = 0, fewest = UINT_MAX;
	u64 next_seq = 1;
	struct sk_buff *msg;

	for (i = 0; i < 1000; i++)
		kicks += feed(test, IPPROTO_UDP, 64) == SOCKCTL_CAPTURE_KICK;
	close_batch(c);
	KUNIT_EXPECT_EQ(test, c->count.matched, 1000);
	KUNIT_EXPECT_EQ(test, c->count.queued, 1000);

	skb_queue_walk(&c->ready, msg) {
		unsigned int packets = 0;
		struct nlattr *a, *counters = NULL;
		int len, rem;

		nla_for_each_attr(a, batch_attrs(msg, &len), len, rem) {
			struct nlattr *tb[SOCKCTL_A_PACKET_MAX + 1];

			if (nla_type(a) == SOCKCTL_A_CAPTURE) {
				counters = a;
				continue;
			}
			KUNIT_ASSERT_EQ(test, nla_type(a), SOCKCTL_A_PACKET);
			parse_packet(test, a, tb);
			KUNIT_EXPECT_EQ(test, nla_get_u64(tb[SOCKCTL_A_PACKET_SEQ]),
					next_seq);
			next_seq++;
			packets++;
		}
		KUNIT_ASSERT_NOT_NULL(test, counters);
		/*
		 * The counters a batch carries add up, and count exactly the
		 * packets up to its last one (nothing is delivered yet).
		 */
		expect_counters_add_up(test, counters, next_seq - 1);
		KUNIT_EXPECT_EQ(test, packets, sockctl_capture_batch_packets(msg));
		if (!skb_queue_is_last(&c->ready, msg))
			fewest = min(fewest, packets);
		messages++;
	}
	KUNIT_EXPECT_EQ(test, next_seq, 1001);
	/* 64-byte packets: several hundred to a full batch. */
	KUNIT_EXPECT_GE(test, messages, 2);
	KUNIT_EXPECT_LE(test, messages, 5);
	KUNIT_EXPECT_GE(test, fewest, 32);
	/* Every closed batch but the last one closed by hand was a kick. */
	KUNIT_EXPECT_EQ(test, kicks, messages - 1);
}

static void capture_queue_bound_counts_drops(struct kunit *test)
{
	struct sockctl_capture_config cfg = { .queue_len = 10 };
	struct sockctl_capture *c = new_session(test, &cfg);
	int i;

	for (i = 0; i < 25; i++)
		feed(test, IPPROTO_UDP, 64);
	KUNIT_EXPECT_EQ(test, c->count.matched, 25);
	KUNIT_EXPECT_EQ(test, c->count.queued, 10);
	KUNIT_EXPECT_EQ(test, c->count.drops_queue, 15);
	expect_invariant(test, c);
}

static void capture_count_limit_ends(struct kunit *test)
{
	struct sockctl_capture_config cfg = { .limit = 5 };
	struct sockctl_capture *c = new_session(test, &cfg);
	int i;

	for (i = 1; i <= 4; i++)
		KUNIT_EXPECT_NE(test, feed(test, IPPROTO_UDP, 64),
				SOCKCTL_CAPTURE_END);
	KUNIT_EXPECT_EQ(test, feed(test, IPPROTO_UDP, 64), SOCKCTL_CAPTURE_END);
	KUNIT_EXPECT_TRUE(test, c->closing);
	KUNIT_EXPECT_EQ(test, c->end_reason, SOCKCTL_CAPTURE_END_COUNT);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, feed(test, IPPROTO_UDP, 64),
				SOCKCTL_CAPTURE_IDLE);
	KUNIT_EXPECT_EQ(test, c->count.matched, 5);
	KUNIT_EXPECT_EQ(test, c->count.queued, 5);
}

static void capture_big_packet_own_message(struct kunit *test)
{
	struct sockctl_capture_config cfg = {};
	struct sockctl_capture *c = new_session(test, &cfg);
	struct nlattr *tb[SOCKCTL_A_PACKET_MAX + 1];

	feed(test, IPPROTO_UDP, 64);
	feed(test, IPPROTO_UDP, 65000);
	close_batch(c);
	/* The small one's batch, then the big one's own. */
	KUNIT_ASSERT_EQ(test, skb_queue_len(&c->ready), 2);
	kfree_skb(__skb_dequeue(&c->ready));
	first_packet(test, tb);
	KUNIT_EXPECT_EQ(test, nla_len(tb[SOCKCTL_A_PACKET_DATA]), 65000);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[SOCKCTL_A_PACKET_SEQ]), 2);
}

static struct kunit_case capture_test_cases[] = {
	KUNIT_CASE(capture_filter_selects_udp),
	KUNIT_CASE(capture_filter_return_truncates),
	KUNIT_CASE(capture_snaplen_truncates),
	KUNIT_CASE(capture_bad_filter_refused),
	KUNIT_CASE(capture_metadata),
	KUNIT_CASE(capture_batches_in_order),
	KUNIT_CASE(capture_queue_bound_counts_drops),
	KUNIT_CASE(capture_count_limit_ends),
	KUNIT_CASE(capture_big_packet_own_message),
	{}
};

static struct kunit_suite capture_test_suite = {
	.name = "sockctl_capture",
	.init = capture_test_init,
	.exit = capture_test_exit,
	.test_cases = capture_test_cases,
};

kunit_test_suite(capture_test_suite);
