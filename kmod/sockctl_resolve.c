// SPDX-License-Identifier: GPL-2.0
/*
 * Defaults that depend on the caller's network namespace: the device a
 * request names, source addresses from routes, MAC addresses from the
 * device and the neighbour table.  They are written into the description
 * once per request, so the builder never looks anything up.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/igmp.h>
#include <linux/inetdevice.h>
#include <net/addrconf.h>
#include <net/arp.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ndisc.h>
#include <net/route.h>

#include "sockctl.h"

/**
 * sockctl_get_dev() - the device a request names, if any
 * @net: the caller's netns
 * @tb: the request's attributes
 * @extack: where to say what is wrong
 *
 * Return: the device with a reference held (dev_put() it), NULL if the
 * request names none, or an ERR_PTR.
 */
struct net_device *sockctl_get_dev(struct net *net, struct nlattr **tb,
				   struct netlink_ext_ack *extack)
{
	struct net_device *dev = NULL;

	if (tb[SOCKCTL_A_IFINDEX]) {
		dev = dev_get_by_index(net, nla_get_u32(tb[SOCKCTL_A_IFINDEX]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_IFINDEX],
					    "no device with this index in your network namespace");
			return ERR_PTR(-ENODEV);
		}
	}
	if (tb[SOCKCTL_A_IFNAME]) {
		const char *name = nla_data(tb[SOCKCTL_A_IFNAME]);

		if (dev) {
			if (strcmp(dev->name, name)) {
				dev_put(dev);
				NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_IFNAME],
						    "device name and index name different devices");
				return ERR_PTR(-EINVAL);
			}
			return dev;
		}
		dev = dev_get_by_name(net, name);
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_IFNAME],
					    "no device with this name in your network namespace");
			return ERR_PTR(-ENODEV);
		}
	}
	return dev;
}

/* The destination MAC: a known neighbour, a multicast mapping, broadcast. */
static void resolve_eth_dst(struct sockctl_desc *d, struct net_device *dev)
{
	struct neighbour *n = NULL;
	u8 *dst = d->eth.dst;

	eth_broadcast_addr(dst);
	if (desc_has(d, SOCKCTL_A_IPV4)) {
		if (ipv4_is_multicast(d->ip4.daddr)) {
			ip_eth_mc_map(d->ip4.daddr, dst);
			return;
		}
		n = __ipv4_neigh_lookup(dev, (__force u32)d->ip4.daddr);
	} else if (desc_has(d, SOCKCTL_A_IPV6) && IS_ENABLED(CONFIG_IPV6)) {
		if (ipv6_addr_is_multicast(&d->ip6.daddr)) {
			ipv6_eth_mc_map(&d->ip6.daddr, dst);
			return;
		}
		n = __ipv6_neigh_lookup(dev, &d->ip6.daddr);
	}
	if (!n)
		return;
	if (READ_ONCE(n->nud_state) & NUD_VALID)
		neigh_ha_snapshot(dst, n, dev);
	neigh_release(n);
}

static int resolve_ipv4_saddr(struct sockctl_desc *d, struct net *net,
			      struct net_device *dev,
			      struct netlink_ext_ack *extack)
{
	struct flowi4 fl4 = {
		.daddr = d->ip4.daddr,
		.flowi4_oif = dev ? dev->ifindex : 0,
	};
	struct rtable *rt;

	/* On a device, its own address; otherwise the route's choice. */
	if (dev) {
		d->ip4.saddr = inet_select_addr(dev, d->ip4.daddr, RT_SCOPE_UNIVERSE);
		return 0;
	}
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt)) {
		NL_SET_ERR_MSG(extack,
			       "no route to the IPv4 destination to take a source address from: give one, or a device");
		return PTR_ERR(rt);
	}
	d->ip4.saddr = fl4.saddr;
	ip_rt_put(rt);
	return 0;
}

static int resolve_ipv6_saddr(struct sockctl_desc *d, struct net *net,
			      struct net_device *dev,
			      struct netlink_ext_ack *extack)
{
	if (!IS_ENABLED(CONFIG_IPV6) ||
	    ipv6_dev_get_saddr(net, dev, &d->ip6.daddr, 0, &d->ip6.saddr)) {
		NL_SET_ERR_MSG(extack,
			       "no IPv6 source address for this destination: give one");
		return -EADDRNOTAVAIL;
	}
	return 0;
}

/**
 * sockctl_desc_resolve() - fill the defaults that depend on @net and @dev
 * @d: the description
 * @net: the caller's network namespace
 * @dev: the device the request names, or NULL
 * @extack: where to say what is wrong
 *
 * Return: 0 or a negative errno.
 */
int sockctl_desc_resolve(struct sockctl_desc *d, struct net *net,
			 struct net_device *dev, struct netlink_ext_ack *extack)
{
	int err;

	/* L2 and RX write an Ethernet header; addresses below are 6 bytes. */
	if (d->inject != SOCKCTL_INJECT_L3 &&
	    (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN)) {
		NL_SET_ERR_MSG(extack,
			       "L2 and RX injection build Ethernet frames: this device is not Ethernet (use L3)");
		return -EOPNOTSUPP;
	}

	if (d->raw) {
		if (d->inject == SOCKCTL_INJECT_L3) {
			u8 v = d->raw[0] >> 4;

			if ((v != 4 || d->raw_len < sizeof(struct iphdr)) &&
			    (v != 6 || d->raw_len < sizeof(struct ipv6hdr))) {
				NL_SET_ERR_MSG(extack,
					       "a raw L3 packet must start with a whole IPv4 or IPv6 header");
				return -EINVAL;
			}
		} else if (d->raw_len < ETH_HLEN) {
			NL_SET_ERR_MSG(extack,
				       "a raw L2 frame must hold at least an Ethernet header");
			return -EINVAL;
		}
		return 0;
	}

	if (desc_has(d, SOCKCTL_A_IPV4) &&
	    !desc_isset(&d->ip4, SOCKCTL_A_IPV4_SADDR)) {
		err = resolve_ipv4_saddr(d, net, dev, extack);
		if (err)
			return err;
		d->ip4.set |= BIT(SOCKCTL_A_IPV4_SADDR);
	}
	if (desc_has(d, SOCKCTL_A_IPV6) &&
	    !desc_isset(&d->ip6, SOCKCTL_A_IPV6_SADDR)) {
		err = resolve_ipv6_saddr(d, net, dev, extack);
		if (err)
			return err;
		d->ip6.set |= BIT(SOCKCTL_A_IPV6_SADDR);
	}
	if (desc_has(d, SOCKCTL_A_ARP)) {
		if (!desc_isset(&d->arp, SOCKCTL_A_ARP_SHA))
			ether_addr_copy(d->arp.sha, dev->dev_addr);
		if (!desc_isset(&d->arp, SOCKCTL_A_ARP_SPA))
			d->arp.spa = inet_select_addr(dev, d->arp.tpa, RT_SCOPE_LINK);
		d->arp.set |= BIT(SOCKCTL_A_ARP_SHA) | BIT(SOCKCTL_A_ARP_SPA);
	}
	if (d->inject != SOCKCTL_INJECT_L3) {
		if (!desc_isset(&d->eth, SOCKCTL_A_ETH_SRC))
			ether_addr_copy(d->eth.src, dev->dev_addr);
		if (!desc_isset(&d->eth, SOCKCTL_A_ETH_DST))
			resolve_eth_dst(d, dev);
		d->eth.set |= BIT(SOCKCTL_A_ETH_SRC) | BIT(SOCKCTL_A_ETH_DST);
	}
	return 0;
}

/* A raw frame's Ethernet header with the VLAN tags it starts with. */
static unsigned int raw_l2_len(const struct sockctl_desc *d)
{
	unsigned int l2 = ETH_HLEN;

	while (l2 + VLAN_HLEN <= d->raw_len &&
	       eth_type_vlan(get_unaligned((__be16 *)(d->raw + l2 - 2))))
		l2 += VLAN_HLEN;
	return l2;
}

/**
 * sockctl_check_fits() - refuse packets the injection point cannot take
 * @d: the resolved description
 * @dev: its device, or NULL
 * @extack: where to say what is wrong
 *
 * Return: 0, -EMSGSIZE or -EINVAL.
 */
int sockctl_check_fits(const struct sockctl_desc *d, struct net_device *dev,
		       struct netlink_ext_ack *extack)
{
	unsigned int len = sockctl_packet_len(d), l2;
	u8 ihl = 0;

	if (d->frag_size)
		len = sockctl_l2_len(d) + sockctl_l3_len(d) +
		      min_t(unsigned int, d->frag_size,
			    sockctl_ip_len(d) - sockctl_l3_len(d));
	/*
	 * The MTU counts what follows the Ethernet header and a VLAN tag.
	 * Devices (veth among them) allow one tag of slack, not two: a QinQ
	 * frame must fit with its inner tag counted, or it is dropped unseen.
	 */
	if (d->inject == SOCKCTL_INJECT_L2) {
		l2 = min_t(unsigned int, ETH_HLEN + VLAN_HLEN,
			   d->raw ? raw_l2_len(d) : sockctl_l2_len(d));
		if (len > l2 && len - l2 > dev->mtu) {
			NL_SET_ERR_MSG(extack,
				       "the frame is larger than the device's MTU: shorten it or fragment it (SOCKCTL_A_FRAG_SIZE)");
			return -EMSGSIZE;
		}
	}

	/*
	 * The output path trusts the header length as raw sockets leave it
	 * (raw_send_hdrinc() refuses the same): lie about it at L2 instead.
	 */
	if (d->inject != SOCKCTL_INJECT_L3)
		return 0;
	if (d->raw && d->raw[0] >> 4 == 4)
		ihl = d->raw[0] & 0xf;
	else if (!d->raw && desc_isset(&d->ip4, SOCKCTL_A_IPV4_IHL))
		ihl = d->ip4.ihl;
	if (ihl * 4 > sockctl_ip_len(d)) {
		NL_SET_ERR_MSG(extack,
			       "IHL points past the end of the datagram: L3 injection refuses that, use L2");
		return -EINVAL;
	}
	return 0;
}
