// SPDX-License-Identifier: GPL-2.0
/*
 * The three injection points.  Each consumes the skb and returns 0 if the
 * packet was handed over, or the negative errno of why not.
 *
 * L3 goes through NF_HOOK(LOCAL_OUT) and dst_output() as a raw socket's
 * IP_HDRINCL packet does (raw_send_hdrinc()), not through ip_local_out():
 * __ip_local_out() would rewrite the total length and the checksum, and a
 * value the user set must reach the wire as given.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/dst.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include "sockctl.h"

static int inject_l2(struct sk_buff *skb, struct net_device *dev)
{
	int ret;

	skb->dev = dev;
	ret = dev_queue_xmit(skb);
	/* NET_XMIT_CN still sent the packet; NET_XMIT_DROP did not. */
	if (ret < 0)
		return ret;
	return net_xmit_eval(ret) ? -ENOBUFS : 0;
}

static int inject_rx(struct sk_buff *skb, struct net_device *dev)
{
	skb->protocol = eth_type_trans(skb, dev);
	return netif_rx(skb) == NET_RX_SUCCESS ? 0 : -ENOBUFS;
}

/* The output path returns an errno, or a NET_XMIT_* code (as raw.c sees). */
static int l3_result(int ret)
{
	return ret > 0 ? net_xmit_errno(ret) : ret;
}

static int inject_l3_ipv4(struct net *net, struct sk_buff *skb, int oif)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct flowi4 fl4 = {
		.daddr = iph->daddr,
		.flowi4_oif = oif,
		.flowi4_proto = iph->protocol,
	};
	struct rtable *rt;

	/* Route by destination only: the source may be anything we like. */
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt)) {
		kfree_skb(skb);
		return PTR_ERR(rt);
	}
	if (skb->len > dst_mtu(&rt->dst)) {
		ip_rt_put(rt);
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	skb_dst_set(skb, &rt->dst);
	return l3_result(NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_OUT, net, NULL,
				 skb, NULL, rt->dst.dev, dst_output));
}

static int inject_l3_ipv6(struct net *net, struct sk_buff *skb, int oif)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct flowi6 fl6 = {
		.daddr = ip6h->daddr,
		.flowi6_oif = oif,
		.flowi6_proto = ip6h->nexthdr,
	};
	struct dst_entry *dst;
	int err;

	if (!IS_ENABLED(CONFIG_IPV6)) {
		kfree_skb(skb);
		return -EAFNOSUPPORT;
	}
	dst = ip6_route_output(net, NULL, &fl6);
	err = dst->error;
	if (!err && skb->len > dst_mtu(dst))
		err = -EMSGSIZE;
	if (err) {
		dst_release(dst);
		kfree_skb(skb);
		return err;
	}
	skb_dst_set(skb, dst);
	return l3_result(NF_HOOK(NFPROTO_IPV6, NF_INET_LOCAL_OUT, net, NULL,
				 skb, NULL, dst->dev, dst_output));
}

/**
 * sockctl_inject() - hand one built packet to an injection point
 * @net: the caller's network namespace
 * @skb: the packet (consumed)
 * @inject: enum sockctl_inject
 * @dev: the device (needed for L2 and RX; for L3 it fixes the route's
 *	output device if not NULL)
 *
 * Return: 0 or a negative errno.
 */
int sockctl_inject(struct net *net, struct sk_buff *skb, u8 inject,
		   struct net_device *dev)
{
	switch (inject) {
	case SOCKCTL_INJECT_L2:
		return inject_l2(skb, dev);
	case SOCKCTL_INJECT_RX:
		return inject_rx(skb, dev);
	case SOCKCTL_INJECT_L3:
		if (skb->protocol == htons(ETH_P_IPV6))
			return inject_l3_ipv6(net, skb, dev ? dev->ifindex : 0);
		return inject_l3_ipv4(net, skb, dev ? dev->ifindex : 0);
	}
	kfree_skb(skb);
	return -EINVAL;
}
