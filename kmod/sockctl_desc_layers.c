// SPDX-License-Identifier: GPL-2.0
/*
 * The layers of a packet description: one parser per nest of
 * uapi/linux/sockctl_packet.h (Ethernet and its VLAN tags, ARP, IPv4, IPv6
 * and its extension headers, TCP, UDP, ICMP/ICMPv6), plus the payload and
 * raw bytes.  The policies have checked each attribute on its own; a parser
 * records which fields were set (so that the rest get defaults) and
 * refuses what a policy cannot express, naming the attribute.
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

/**
 * sockctl_desc_parse_layers() - the layer nests, payload and raw bytes
 * @d: the description being filled
 * @tb: the request's attributes
 * @extack: where to say what is wrong
 *
 * Return: 0 or a negative errno.
 */
int sockctl_desc_parse_layers(struct sockctl_desc *d, struct nlattr **tb,
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
