// SPDX-License-Identifier: GPL-2.0
/*
 * From netlink attributes to a struct sockctl_desc.  The policies have
 * already checked each attribute on its own (types, lengths, ranges); the
 * layers are parsed in sockctl_desc_layers.c; here are the field variations
 * and the rules between attributes.  Every rejection names its attribute
 * in the extended ACK, and a rejected request changes nothing.
 */
#include <linux/if_vlan.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "sockctl.h"

/* Which layer a varied field lives in, and its largest value. */
static const struct {
	int layer;
	u32 max;
} vary_fields[] = {
	[SOCKCTL_FIELD_IPV4_ID]	   = { SOCKCTL_A_IPV4, U16_MAX },
	[SOCKCTL_FIELD_IPV4_SADDR] = { SOCKCTL_A_IPV4, U32_MAX },
	[SOCKCTL_FIELD_IPV4_DADDR] = { SOCKCTL_A_IPV4, U32_MAX },
	[SOCKCTL_FIELD_SPORT]	   = { 0, U16_MAX },	/* TCP or UDP */
	[SOCKCTL_FIELD_DPORT]	   = { 0, U16_MAX },
	[SOCKCTL_FIELD_TCP_SEQ]	   = { SOCKCTL_A_TCP, U32_MAX },
	[SOCKCTL_FIELD_ICMP_SEQ]   = { 0, U16_MAX },	/* ICMP or ICMPv6 */
};

static int parse_vary(struct sockctl_desc *d, const struct nlattr *nest,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SOCKCTL_A_VARY_MAX + 1];
	struct sockctl_vary_desc *v;
	u32 field, layers;
	int err;

	if (d->n_vary == SOCKCTL_MAX_VARY) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "at most 8 varied fields");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, SOCKCTL_A_VARY_MAX, nest, sockctl_vary_policy,
			       extack);
	if (err)
		return err;
	if (!tb[SOCKCTL_A_VARY_FIELD]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "vary needs a field");
		return -EINVAL;
	}
	field = nla_get_u32(tb[SOCKCTL_A_VARY_FIELD]);
	switch (field) {
	case SOCKCTL_FIELD_SPORT:
	case SOCKCTL_FIELD_DPORT:
		layers = BIT(SOCKCTL_A_TCP) | BIT(SOCKCTL_A_UDP);
		break;
	case SOCKCTL_FIELD_ICMP_SEQ:
		layers = BIT(SOCKCTL_A_ICMP) | BIT(SOCKCTL_A_ICMPV6);
		break;
	default:
		layers = BIT(vary_fields[field].layer);
	}
	if (!(d->layers & layers)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_VARY_FIELD],
				    "the varied field's layer is not in the packet");
		return -EINVAL;
	}

	v = &d->vary[d->n_vary++];
	v->field = field;
	v->mode = tb[SOCKCTL_A_VARY_MODE] ?
		  nla_get_u8(tb[SOCKCTL_A_VARY_MODE]) : SOCKCTL_VARY_INC;
	/* Without FROM, the field's own value: known once resolved. */
	v->has_from = tb[SOCKCTL_A_VARY_FROM];
	if (v->has_from)
		v->from = nla_get_u32(tb[SOCKCTL_A_VARY_FROM]);
	v->to = tb[SOCKCTL_A_VARY_TO] ? nla_get_u32(tb[SOCKCTL_A_VARY_TO]) :
		vary_fields[field].max;
	v->step = tb[SOCKCTL_A_VARY_STEP] ? nla_get_u32(tb[SOCKCTL_A_VARY_STEP]) : 1;
	if (v->to > vary_fields[field].max || v->from > v->to) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "vary range must satisfy from <= to <= the field's maximum");
		return -EINVAL;
	}
	return 0;
}

/**
 * sockctl_desc_vary_defaults() - start varied fields at their own value
 * @d: the description, its addresses resolved
 * @extack: where to say what is wrong
 *
 * Return: 0, or -EINVAL if that value lies above the range's end.
 */
int sockctl_desc_vary_defaults(struct sockctl_desc *d,
			       struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 0; i < d->n_vary; i++) {
		struct sockctl_vary_desc *v = &d->vary[i];

		if (v->has_from)
			continue;
		v->from = sockctl_field_get(d, v->field);
		if (v->from > v->to) {
			NL_SET_ERR_MSG(extack,
				       "vary: the field's own value lies above the range's end: give a start");
			return -EINVAL;
		}
	}
	return 0;
}

/* Layer attributes, in the order their headers appear on the wire. */
static const int sockctl_layer_attrs[] = {
	SOCKCTL_A_ETH, SOCKCTL_A_ARP, SOCKCTL_A_IPV4, SOCKCTL_A_IPV6,
	SOCKCTL_A_TCP, SOCKCTL_A_UDP, SOCKCTL_A_ICMP, SOCKCTL_A_ICMPV6,
	SOCKCTL_A_PAYLOAD, SOCKCTL_A_RAW,
};

#define L4_LAYERS (BIT(SOCKCTL_A_TCP) | BIT(SOCKCTL_A_UDP) | \
		   BIT(SOCKCTL_A_ICMP) | BIT(SOCKCTL_A_ICMPV6))
#define IP_LAYERS (BIT(SOCKCTL_A_IPV4) | BIT(SOCKCTL_A_IPV6))

/* The rules between layers; tb[] has been validated by the policy. */
static int check_layers(const struct sockctl_desc *d, struct nlattr **tb,
			struct netlink_ext_ack *extack)
{
	u32 l = d->layers;

	if (tb[SOCKCTL_A_RAW] && (l & ~BIT(SOCKCTL_A_RAW))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_RAW],
				    "a raw packet excludes every layer attribute");
		return -EINVAL;
	}
	if (tb[SOCKCTL_A_ARP] && (l & (IP_LAYERS | L4_LAYERS))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_ARP],
				    "ARP excludes IP, TCP, UDP and ICMP layers");
		return -EINVAL;
	}
	if (tb[SOCKCTL_A_IPV4] && tb[SOCKCTL_A_IPV6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_IPV6],
				    "give IPv4 or IPv6, not both");
		return -EINVAL;
	}
	if (hweight32(l & L4_LAYERS) > 1) {
		NL_SET_ERR_MSG(extack,
			       "give at most one of TCP, UDP, ICMP and ICMPv6");
		return -EINVAL;
	}
	if ((l & L4_LAYERS) && !(l & IP_LAYERS)) {
		NL_SET_ERR_MSG(extack, "TCP, UDP and ICMP need an IP layer");
		return -EINVAL;
	}
	if (tb[SOCKCTL_A_ICMP] && !tb[SOCKCTL_A_IPV4]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_ICMP],
				    "ICMP needs IPv4 (use ICMPv6 over IPv6)");
		return -EINVAL;
	}
	if (tb[SOCKCTL_A_ICMPV6] && !tb[SOCKCTL_A_IPV6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_ICMPV6],
				    "ICMPv6 needs IPv6");
		return -EINVAL;
	}
	if (!(l & (BIT(SOCKCTL_A_ETH) | BIT(SOCKCTL_A_ARP) | IP_LAYERS |
		   BIT(SOCKCTL_A_RAW)))) {
		NL_SET_ERR_MSG(extack,
			       "no packet described: give an IPv4, IPv6, ARP, Ethernet or raw layer");
		return -EINVAL;
	}
	return 0;
}

/* Where and how the packet is sent: checks that need no device. */
static int parse_sending(struct sockctl_desc *d, struct nlattr **tb,
			 struct netlink_ext_ack *extack)
{
	bool has_dev = tb[SOCKCTL_A_IFINDEX] || tb[SOCKCTL_A_IFNAME];
	u32 pps = 0;

	d->inject = tb[SOCKCTL_A_INJECT] ? nla_get_u8(tb[SOCKCTL_A_INJECT]) :
		    has_dev ? SOCKCTL_INJECT_L2 : SOCKCTL_INJECT_L3;
	if (d->inject != SOCKCTL_INJECT_L3 && !has_dev) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_INJECT],
				    "L2 and RX injection need a device");
		return -EINVAL;
	}
	if (d->inject == SOCKCTL_INJECT_L3) {
		if (tb[SOCKCTL_A_ETH] || tb[SOCKCTL_A_ARP]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_ETH] ?: tb[SOCKCTL_A_ARP],
					    "L3 injection builds no link-layer header: use L2 or RX");
			return -EINVAL;
		}
		if (!(d->layers & (IP_LAYERS | BIT(SOCKCTL_A_RAW)))) {
			NL_SET_ERR_MSG(extack, "L3 injection needs an IP layer");
			return -EINVAL;
		}
	}

	d->count = tb[SOCKCTL_A_COUNT] ? nla_get_u32(tb[SOCKCTL_A_COUNT]) : 1;
	d->burst = tb[SOCKCTL_A_BURST] ? nla_get_u32(tb[SOCKCTL_A_BURST]) : 1;
	if (tb[SOCKCTL_A_RATE_PPS])
		pps = nla_get_u32(tb[SOCKCTL_A_RATE_PPS]);
	if (tb[SOCKCTL_A_RATE_BPS])
		d->rate_bps = nla_get_u64(tb[SOCKCTL_A_RATE_BPS]);
	if (tb[SOCKCTL_A_INTERVAL_NS])
		d->interval_ns = nla_get_u64(tb[SOCKCTL_A_INTERVAL_NS]);
	if (!!pps + !!d->rate_bps + !!tb[SOCKCTL_A_INTERVAL_NS] > 1) {
		NL_SET_ERR_MSG(extack,
			       "give one of interval, packet rate and bit rate");
		return -EINVAL;
	}
	if (tb[SOCKCTL_A_RATE_BPS] && !d->rate_bps) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_RATE_BPS],
				    "bit rate must be positive");
		return -EINVAL;
	}
	if (d->interval_ns > SOCKCTL_MAX_INTERVAL_NS) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_INTERVAL_NS],
				    "interval longer than one hour");
		return -EINVAL;
	}
	if (pps)
		d->interval_ns = div_u64((u64)NSEC_PER_SEC * d->burst, pps);
	d->background = nla_get_flag(tb[SOCKCTL_A_BACKGROUND]);

	if (tb[SOCKCTL_A_FRAG_SIZE]) {
		const struct sockctl_ipv4_desc *ip = &d->ip4;

		if (!tb[SOCKCTL_A_IPV4]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_FRAG_SIZE],
					    "fragmentation needs an IPv4 layer");
			return -EINVAL;
		}
		if ((ip->flags & SOCKCTL_IPV4_FLAG_MF) || ip->frag_off ||
		    desc_isset(ip, SOCKCTL_A_IPV4_TOT_LEN)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_FRAG_SIZE],
					    "cannot fragment a datagram that sets MF, a fragment offset or its total length");
			return -EINVAL;
		}
		d->frag_size = round_down(nla_get_u16(tb[SOCKCTL_A_FRAG_SIZE]), 8);
	}
	return 0;
}

/**
 * sockctl_desc_parse() - turn a BUILD/SEND request into a description
 * @tb: the request's attributes, validated by sockctl_packet_policy
 * @attrs: the same attributes as a stream, for those that may repeat
 * @len: the stream's length
 * @extack: where to say what is wrong
 *
 * Return: the description (free with sockctl_desc_free()), or an ERR_PTR.
 */
struct sockctl_desc *sockctl_desc_parse(struct nlattr **tb,
					const struct nlattr *attrs, int len,
					struct netlink_ext_ack *extack)
{
	struct sockctl_desc *d;
	const struct nlattr *a;
	unsigned int i;
	int rem, err;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return ERR_PTR(-ENOMEM);

	for (i = 0; i < ARRAY_SIZE(sockctl_layer_attrs); i++)
		if (tb[sockctl_layer_attrs[i]])
			d->layers |= BIT(sockctl_layer_attrs[i]);

	err = check_layers(d, tb, extack);
	if (!err)
		err = sockctl_desc_parse_layers(d, tb, extack);
	if (!err)
		err = parse_sending(d, tb, extack);
	if (err)
		goto err_free;

	/* VARY may repeat: walk the request's attributes for each of them. */
	nla_for_each_attr(a, attrs, len, rem) {
		if (nla_type(a) != SOCKCTL_A_VARY)
			continue;
		err = parse_vary(d, a, extack);
		if (err)
			goto err_free;
	}

	if (sockctl_packet_len(d) > SOCKCTL_MAX_PACKET + VLAN_ETH_HLEN ||
	    sockctl_ip_len(d) > SOCKCTL_MAX_PACKET) {
		NL_SET_ERR_MSG(extack, "the packet would be larger than 65535 bytes");
		err = -EMSGSIZE;
		goto err_free;
	}
	return d;

err_free:
	sockctl_desc_free(d);
	return ERR_PTR(err);
}

void sockctl_desc_free(struct sockctl_desc *d)
{
	unsigned int i;

	if (!d)
		return;
	for (i = 0; i < d->ip6.n_exthdrs; i++)
		kfree(d->ip6.ext[i].data);
	kfree(d->icmp.quote);
	kvfree(d->payload);
	kvfree(d->raw);
	kfree(d);
}
