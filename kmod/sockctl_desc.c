// SPDX-License-Identifier: GPL-2.0
/*
 * From netlink attributes to a struct sockctl_desc.  The policies have
 * already checked each attribute on its own (types, lengths, ranges); here
 * are the rules between attributes.  Every rejection names its attribute
 * in the extended ACK, and a rejected request changes nothing.
 */
#include <linux/if_vlan.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "sockctl.h"

/* Copy the u8/u16/u32 value of tb[attr] into dst and mark it set. */
#define DESC_GET(layer, tb, attr, dst, getter)			\
	do {							\
		int _attr = (attr);				\
		const struct nlattr *_a = (tb)[_attr];		\
								\
		if (_a) {					\
			(dst) = getter(_a);			\
			(layer)->set |= BIT(_attr);		\
		}						\
	} while (0)

/* kvmemdup() only exists from 6.2 on. */
static void *desc_kvdup(const struct nlattr *a)
{
	void *p = kvmalloc(nla_len(a), GFP_KERNEL);

	if (p)
		memcpy(p, nla_data(a), nla_len(a));
	return p;
}

static void desc_get_bytes(u32 *set, struct nlattr **tb, int attr, void *dst)
{
	if (tb[attr]) {
		memcpy(dst, nla_data(tb[attr]), nla_len(tb[attr]));
		*set |= BIT(attr);
	}
}

static int parse_vlan(struct sockctl_vlan_desc *v, const struct nlattr *nest,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SOCKCTL_A_VLAN_MAX + 1];
	int err;

	err = nla_parse_nested(tb, SOCKCTL_A_VLAN_MAX, nest,
			       sockctl_vlan_policy, extack);
	if (err)
		return err;
	if (!tb[SOCKCTL_A_VLAN_VID]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "VLAN tag needs a VID");
		return -EINVAL;
	}
	DESC_GET(v, tb, SOCKCTL_A_VLAN_TPID, v->tpid, nla_get_u16);
	DESC_GET(v, tb, SOCKCTL_A_VLAN_PCP, v->pcp, nla_get_u8);
	DESC_GET(v, tb, SOCKCTL_A_VLAN_DEI, v->dei, nla_get_u8);
	DESC_GET(v, tb, SOCKCTL_A_VLAN_VID, v->vid, nla_get_u16);
	return 0;
}

static int parse_eth(struct sockctl_eth_desc *e, const struct nlattr *nest,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SOCKCTL_A_ETH_MAX + 1];
	const struct nlattr *a;
	int rem, err;

	err = nla_parse_nested(tb, SOCKCTL_A_ETH_MAX, nest, sockctl_eth_policy,
			       extack);
	if (err)
		return err;
	desc_get_bytes(&e->set, tb, SOCKCTL_A_ETH_DST, e->dst);
	desc_get_bytes(&e->set, tb, SOCKCTL_A_ETH_SRC, e->src);
	DESC_GET(e, tb, SOCKCTL_A_ETH_PROTO, e->proto, nla_get_u16);

	/* VLAN tags repeat: nla_parse keeps only the last, so walk them. */
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != SOCKCTL_A_ETH_VLAN)
			continue;
		if (e->n_vlans == SOCKCTL_MAX_VLANS) {
			NL_SET_ERR_MSG_ATTR(extack, a, "at most 2 VLAN tags");
			return -EINVAL;
		}
		err = parse_vlan(&e->vlan[e->n_vlans++], a, extack);
		if (err)
			return err;
	}
	return 0;
}

static int parse_arp(struct sockctl_arp_desc *p, const struct nlattr *nest,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SOCKCTL_A_ARP_MAX + 1];
	int err;

	err = nla_parse_nested(tb, SOCKCTL_A_ARP_MAX, nest, sockctl_arp_policy,
			       extack);
	if (err)
		return err;
	if (!tb[SOCKCTL_A_ARP_TPA]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "ARP needs a target protocol address");
		return -EINVAL;
	}
	DESC_GET(p, tb, SOCKCTL_A_ARP_HTYPE, p->htype, nla_get_u16);
	DESC_GET(p, tb, SOCKCTL_A_ARP_PTYPE, p->ptype, nla_get_u16);
	DESC_GET(p, tb, SOCKCTL_A_ARP_HLEN, p->hlen, nla_get_u8);
	DESC_GET(p, tb, SOCKCTL_A_ARP_PLEN, p->plen, nla_get_u8);
	DESC_GET(p, tb, SOCKCTL_A_ARP_OP, p->op, nla_get_u16);
	desc_get_bytes(&p->set, tb, SOCKCTL_A_ARP_SHA, p->sha);
	desc_get_bytes(&p->set, tb, SOCKCTL_A_ARP_SPA, &p->spa);
	desc_get_bytes(&p->set, tb, SOCKCTL_A_ARP_THA, p->tha);
	desc_get_bytes(&p->set, tb, SOCKCTL_A_ARP_TPA, &p->tpa);
	return 0;
}

static int parse_ipv4(struct sockctl_ipv4_desc *ip, const struct nlattr *nest,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SOCKCTL_A_IPV4_MAX + 1];
	int err;

	err = nla_parse_nested(tb, SOCKCTL_A_IPV4_MAX, nest, sockctl_ipv4_policy,
			       extack);
	if (err)
		return err;
	if (!tb[SOCKCTL_A_IPV4_DADDR]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "IPv4 needs a destination address");
		return -EINVAL;
	}
	if (tb[SOCKCTL_A_IPV4_TOS] &&
	    (tb[SOCKCTL_A_IPV4_DSCP] || tb[SOCKCTL_A_IPV4_ECN])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_IPV4_TOS],
				    "give either TOS or DSCP/ECN, not both");
		return -EINVAL;
	}
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_VERSION, ip->version, nla_get_u8);
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_IHL, ip->ihl, nla_get_u8);
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_TOS, ip->tos, nla_get_u8);
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_DSCP, ip->dscp, nla_get_u8);
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_ECN, ip->ecn, nla_get_u8);
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_TOT_LEN, ip->tot_len, nla_get_u16);
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_ID, ip->id, nla_get_u16);
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_FLAGS, ip->flags, nla_get_u8);
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_FRAG_OFF, ip->frag_off, nla_get_u16);
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_TTL, ip->ttl, nla_get_u8);
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_PROTOCOL, ip->protocol, nla_get_u8);
	DESC_GET(ip, tb, SOCKCTL_A_IPV4_CHECKSUM, ip->check, nla_get_u16);
	desc_get_bytes(&ip->set, tb, SOCKCTL_A_IPV4_SADDR, &ip->saddr);
	desc_get_bytes(&ip->set, tb, SOCKCTL_A_IPV4_DADDR, &ip->daddr);
	if (tb[SOCKCTL_A_IPV4_OPTIONS]) {
		ip->optlen = nla_len(tb[SOCKCTL_A_IPV4_OPTIONS]);
		desc_get_bytes(&ip->set, tb, SOCKCTL_A_IPV4_OPTIONS, ip->opts);
	}
	return 0;
}

static int parse_ipv6_ext(struct sockctl_ipv6_ext_desc *x,
			  const struct nlattr *nest,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SOCKCTL_A_IPV6_EXT_MAX + 1];
	int err;

	err = nla_parse_nested(tb, SOCKCTL_A_IPV6_EXT_MAX, nest,
			       sockctl_ipv6_ext_policy, extack);
	if (err)
		return err;
	if (!tb[SOCKCTL_A_IPV6_EXT_TYPE] || !tb[SOCKCTL_A_IPV6_EXT_DATA]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "extension header needs a type and data");
		return -EINVAL;
	}
	x->type = nla_get_u8(tb[SOCKCTL_A_IPV6_EXT_TYPE]);
	x->len = nla_len(tb[SOCKCTL_A_IPV6_EXT_DATA]);
	if ((x->len + 2) % 8) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_IPV6_EXT_DATA],
				    "extension header length (2 + data) must be a multiple of 8");
		return -EINVAL;
	}
	if (x->type == NEXTHDR_FRAGMENT && x->len != 6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_IPV6_EXT_DATA],
				    "a fragment header has exactly 6 bytes of data");
		return -EINVAL;
	}
	x->data = kmemdup(nla_data(tb[SOCKCTL_A_IPV6_EXT_DATA]), x->len,
			  GFP_KERNEL);
	return x->data ? 0 : -ENOMEM;
}

static int parse_ipv6(struct sockctl_ipv6_desc *ip, const struct nlattr *nest,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SOCKCTL_A_IPV6_MAX + 1];
	const struct nlattr *a;
	int rem, err;

	err = nla_parse_nested(tb, SOCKCTL_A_IPV6_MAX, nest, sockctl_ipv6_policy,
			       extack);
	if (err)
		return err;
	if (!tb[SOCKCTL_A_IPV6_DADDR]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "IPv6 needs a destination address");
		return -EINVAL;
	}
	DESC_GET(ip, tb, SOCKCTL_A_IPV6_VERSION, ip->version, nla_get_u8);
	DESC_GET(ip, tb, SOCKCTL_A_IPV6_TCLASS, ip->tclass, nla_get_u8);
	DESC_GET(ip, tb, SOCKCTL_A_IPV6_FLOWLABEL, ip->flowlabel, nla_get_u32);
	DESC_GET(ip, tb, SOCKCTL_A_IPV6_PAYLOAD_LEN, ip->payload_len, nla_get_u16);
	DESC_GET(ip, tb, SOCKCTL_A_IPV6_NEXTHDR, ip->nexthdr, nla_get_u8);
	DESC_GET(ip, tb, SOCKCTL_A_IPV6_HOPLIMIT, ip->hoplimit, nla_get_u8);
	desc_get_bytes(&ip->set, tb, SOCKCTL_A_IPV6_SADDR, &ip->saddr);
	desc_get_bytes(&ip->set, tb, SOCKCTL_A_IPV6_DADDR, &ip->daddr);

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != SOCKCTL_A_IPV6_EXTHDR)
			continue;
		if (ip->n_exthdrs == SOCKCTL_MAX_EXTHDRS) {
			NL_SET_ERR_MSG_ATTR(extack, a, "at most 8 extension headers");
			return -EINVAL;
		}
		err = parse_ipv6_ext(&ip->ext[ip->n_exthdrs++], a, extack);
		if (err)
			return err;
	}
	return 0;
}

static int parse_tcp(struct sockctl_tcp_desc *t, const struct nlattr *nest,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SOCKCTL_A_TCP_MAX + 1];
	int err;

	err = nla_parse_nested(tb, SOCKCTL_A_TCP_MAX, nest, sockctl_tcp_policy,
			       extack);
	if (err)
		return err;
	DESC_GET(t, tb, SOCKCTL_A_TCP_SPORT, t->sport, nla_get_u16);
	DESC_GET(t, tb, SOCKCTL_A_TCP_DPORT, t->dport, nla_get_u16);
	DESC_GET(t, tb, SOCKCTL_A_TCP_SEQ, t->seq, nla_get_u32);
	DESC_GET(t, tb, SOCKCTL_A_TCP_ACK_SEQ, t->ack_seq, nla_get_u32);
	DESC_GET(t, tb, SOCKCTL_A_TCP_DOFF, t->doff, nla_get_u8);
	DESC_GET(t, tb, SOCKCTL_A_TCP_RESERVED, t->reserved, nla_get_u8);
	DESC_GET(t, tb, SOCKCTL_A_TCP_FLAGS, t->flags, nla_get_u8);
	DESC_GET(t, tb, SOCKCTL_A_TCP_WINDOW, t->window, nla_get_u16);
	DESC_GET(t, tb, SOCKCTL_A_TCP_CHECKSUM, t->check, nla_get_u16);
	DESC_GET(t, tb, SOCKCTL_A_TCP_URG_PTR, t->urg_ptr, nla_get_u16);
	DESC_GET(t, tb, SOCKCTL_A_TCP_MSS, t->mss, nla_get_u16);
	DESC_GET(t, tb, SOCKCTL_A_TCP_WSCALE, t->wscale, nla_get_u8);
	DESC_GET(t, tb, SOCKCTL_A_TCP_TS_VAL, t->ts_val, nla_get_u32);
	DESC_GET(t, tb, SOCKCTL_A_TCP_TS_ECR, t->ts_ecr, nla_get_u32);
	if (tb[SOCKCTL_A_TCP_SACK_PERM])
		t->set |= BIT(SOCKCTL_A_TCP_SACK_PERM);
	if (tb[SOCKCTL_A_TCP_OPTIONS]) {
		t->optlen = nla_len(tb[SOCKCTL_A_TCP_OPTIONS]);
		desc_get_bytes(&t->set, tb, SOCKCTL_A_TCP_OPTIONS, t->opts);
	}
	if (sockctl_tcp_optlen(t) > SOCKCTL_MAX_OPTLEN) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "TCP options exceed 40 bytes once laid out");
		return -EINVAL;
	}
	return 0;
}

static int parse_udp(struct sockctl_udp_desc *u, const struct nlattr *nest,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SOCKCTL_A_UDP_MAX + 1];
	int err;

	err = nla_parse_nested(tb, SOCKCTL_A_UDP_MAX, nest, sockctl_udp_policy,
			       extack);
	if (err)
		return err;
	DESC_GET(u, tb, SOCKCTL_A_UDP_SPORT, u->sport, nla_get_u16);
	DESC_GET(u, tb, SOCKCTL_A_UDP_DPORT, u->dport, nla_get_u16);
	DESC_GET(u, tb, SOCKCTL_A_UDP_LEN, u->len, nla_get_u16);
	DESC_GET(u, tb, SOCKCTL_A_UDP_CHECKSUM, u->check, nla_get_u16);
	return 0;
}

static int parse_icmp(struct sockctl_icmp_desc *c, const struct nlattr *nest,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SOCKCTL_A_ICMP_MAX + 1];
	int err;

	err = nla_parse_nested(tb, SOCKCTL_A_ICMP_MAX, nest, sockctl_icmp_policy,
			       extack);
	if (err)
		return err;
	if (tb[SOCKCTL_A_ICMP_REST] &&
	    (tb[SOCKCTL_A_ICMP_ID] || tb[SOCKCTL_A_ICMP_SEQ])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_ICMP_REST],
				    "give either the rest of header or id/seq, not both");
		return -EINVAL;
	}
	DESC_GET(c, tb, SOCKCTL_A_ICMP_TYPE, c->type, nla_get_u8);
	DESC_GET(c, tb, SOCKCTL_A_ICMP_CODE, c->code, nla_get_u8);
	DESC_GET(c, tb, SOCKCTL_A_ICMP_CHECKSUM, c->check, nla_get_u16);
	DESC_GET(c, tb, SOCKCTL_A_ICMP_ID, c->id, nla_get_u16);
	DESC_GET(c, tb, SOCKCTL_A_ICMP_SEQ, c->seq, nla_get_u16);
	DESC_GET(c, tb, SOCKCTL_A_ICMP_REST, c->rest, nla_get_u32);
	if (tb[SOCKCTL_A_ICMP_QUOTE]) {
		c->quote_len = nla_len(tb[SOCKCTL_A_ICMP_QUOTE]);
		c->quote = kmemdup(nla_data(tb[SOCKCTL_A_ICMP_QUOTE]),
				   c->quote_len, GFP_KERNEL);
		if (!c->quote)
			return -ENOMEM;
		c->set |= BIT(SOCKCTL_A_ICMP_QUOTE);
	}
	return 0;
}

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

static int parse_layers(struct sockctl_desc *d, struct nlattr **tb,
			struct netlink_ext_ack *extack)
{
	int err = 0;

	if (tb[SOCKCTL_A_ETH])
		err = parse_eth(&d->eth, tb[SOCKCTL_A_ETH], extack);
	if (!err && tb[SOCKCTL_A_ARP])
		err = parse_arp(&d->arp, tb[SOCKCTL_A_ARP], extack);
	if (!err && tb[SOCKCTL_A_IPV4])
		err = parse_ipv4(&d->ip4, tb[SOCKCTL_A_IPV4], extack);
	if (!err && tb[SOCKCTL_A_IPV6])
		err = parse_ipv6(&d->ip6, tb[SOCKCTL_A_IPV6], extack);
	if (!err && tb[SOCKCTL_A_TCP])
		err = parse_tcp(&d->tcp, tb[SOCKCTL_A_TCP], extack);
	if (!err && tb[SOCKCTL_A_UDP])
		err = parse_udp(&d->udp, tb[SOCKCTL_A_UDP], extack);
	if (!err && (tb[SOCKCTL_A_ICMP] || tb[SOCKCTL_A_ICMPV6]))
		err = parse_icmp(&d->icmp, tb[SOCKCTL_A_ICMP] ?: tb[SOCKCTL_A_ICMPV6],
				 extack);
	if (err)
		return err;

	if (tb[SOCKCTL_A_PAYLOAD] && nla_len(tb[SOCKCTL_A_PAYLOAD])) {
		d->payload_len = nla_len(tb[SOCKCTL_A_PAYLOAD]);
		d->payload = desc_kvdup(tb[SOCKCTL_A_PAYLOAD]);
		if (!d->payload)
			return -ENOMEM;
	}
	if (tb[SOCKCTL_A_RAW]) {
		d->raw_len = nla_len(tb[SOCKCTL_A_RAW]);
		if (!d->raw_len) {
			NL_SET_ERR_MSG_ATTR(extack, tb[SOCKCTL_A_RAW],
					    "raw packet is empty");
			return -EINVAL;
		}
		d->raw = desc_kvdup(tb[SOCKCTL_A_RAW]);
		if (!d->raw)
			return -ENOMEM;
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
		err = parse_layers(d, tb, extack);
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
