// SPDX-License-Identifier: GPL-2.0
/*
 * The packet builder: a struct sockctl_desc in, an sk_buff of exactly the
 * bytes it describes out.  Fields the user set are written as given; the
 * rest get their documented defaults, and lengths and checksums left to us
 * are computed over the packet as finally built, with the kernel's csum
 * helpers.  Nothing here depends on a device or a route: sockctl_resolve.c
 * fills those defaults into the description first, so the builder can be
 * tested byte for byte (tests/kunit/build_*_test.c).
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/random.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "sockctl.h"

/* The value of a field: the user's if set, else its default. */
static inline u32 field_or(u32 set, int attr, u32 val, u32 dflt)
{
	return set & BIT(attr) ? val : dflt;
}

#define SOCKCTL_ETHERTYPE_NONE	0x88b5	/* IEEE 802 local experimental */

static u32 vary_value(const struct sockctl_vary_desc *v, u32 index)
{
	u64 span = (u64)v->to - v->from + 1;

	if (v->mode == SOCKCTL_VARY_RANDOM)
		return span > U32_MAX ? get_random_u32() :
		       v->from + get_random_u32_below((u32)span);
	return v->from + (u32)(((u64)index * v->step) % span);
}

/* If @field varies, store its value for packet @index in *val. */
static bool vary_field(const struct sockctl_desc *d, u32 field, u32 index,
		       u32 *val)
{
	unsigned int i;

	for (i = 0; i < d->n_vary; i++) {
		if (d->vary[i].field == field) {
			*val = vary_value(&d->vary[i], index);
			return true;
		}
	}
	return false;
}

/**
 * sockctl_field_get() - a varied field's value in the description itself
 * @d: the description
 * @field: enum sockctl_vary_field
 *
 * Return: the value the packet would carry without SOCKCTL_A_VARY (0 for
 * an IPv4 ID left random).
 */
u32 sockctl_field_get(const struct sockctl_desc *d, u32 field)
{
	bool tcp = desc_has(d, SOCKCTL_A_TCP);

	switch (field) {
	case SOCKCTL_FIELD_IPV4_ID:
		return field_or(d->ip4.set, SOCKCTL_A_IPV4_ID, d->ip4.id, 0);
	case SOCKCTL_FIELD_IPV4_SADDR:
		return ntohl(d->ip4.saddr);
	case SOCKCTL_FIELD_IPV4_DADDR:
		return ntohl(d->ip4.daddr);
	case SOCKCTL_FIELD_SPORT:
		return tcp ? field_or(d->tcp.set, SOCKCTL_A_TCP_SPORT, d->tcp.sport, 20) :
			     field_or(d->udp.set, SOCKCTL_A_UDP_SPORT, d->udp.sport, 53);
	case SOCKCTL_FIELD_DPORT:
		return tcp ? field_or(d->tcp.set, SOCKCTL_A_TCP_DPORT, d->tcp.dport, 80) :
			     field_or(d->udp.set, SOCKCTL_A_UDP_DPORT, d->udp.dport, 53);
	case SOCKCTL_FIELD_TCP_SEQ:
		return field_or(d->tcp.set, SOCKCTL_A_TCP_SEQ, d->tcp.seq, 0);
	case SOCKCTL_FIELD_ICMP_SEQ:
		return field_or(d->icmp.set, SOCKCTL_A_ICMP_SEQ, d->icmp.seq, 0);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_field_get);

/* The field's value for packet @index: varied, set, or @dflt. */
static u32 field_at(const struct sockctl_desc *d, u32 field, u32 index,
		    u32 dflt)
{
	u32 val;

	return vary_field(d, field, index, &val) ? val : dflt;
}

/* Length of the TCP options as laid out, before padding. */
unsigned int sockctl_tcp_optlen(const struct sockctl_tcp_desc *t)
{
	bool ts = t->set & (BIT(SOCKCTL_A_TCP_TS_VAL) | BIT(SOCKCTL_A_TCP_TS_ECR));
	unsigned int len = t->optlen;

	if (desc_isset(t, SOCKCTL_A_TCP_MSS))
		len += TCPOLEN_MSS;
	if (ts || desc_isset(t, SOCKCTL_A_TCP_SACK_PERM))
		len += ts ? TCPOLEN_TSTAMP_ALIGNED : TCPOLEN_SACKPERM_ALIGNED;
	if (desc_isset(t, SOCKCTL_A_TCP_WSCALE))
		len += TCPOLEN_WSCALE_ALIGNED;
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_tcp_optlen);

/* Bytes of the link-layer header sockctl_build() writes. */
unsigned int sockctl_l2_len(const struct sockctl_desc *d)
{
	if (d->inject == SOCKCTL_INJECT_L3)
		return 0;
	return ETH_HLEN + VLAN_HLEN * d->eth.n_vlans;
}

/* Bytes of the ARP or IP header, options and extension headers included. */
unsigned int sockctl_l3_len(const struct sockctl_desc *d)
{
	unsigned int i, len;

	if (desc_has(d, SOCKCTL_A_ARP))
		return sizeof(struct arphdr) + 2 * (ETH_ALEN + 4);
	if (desc_has(d, SOCKCTL_A_IPV4))
		return sizeof(struct iphdr) + ALIGN(d->ip4.optlen, 4);
	if (!desc_has(d, SOCKCTL_A_IPV6))
		return 0;
	len = sizeof(struct ipv6hdr);
	for (i = 0; i < d->ip6.n_exthdrs; i++)
		len += 2 + d->ip6.ext[i].len;
	return len;
}

static unsigned int l4_len(const struct sockctl_desc *d)
{
	if (desc_has(d, SOCKCTL_A_TCP))
		return sizeof(struct tcphdr) + ALIGN(sockctl_tcp_optlen(&d->tcp), 4);
	if (desc_has(d, SOCKCTL_A_UDP))
		return sizeof(struct udphdr);
	if (desc_has(d, SOCKCTL_A_ICMP) || desc_has(d, SOCKCTL_A_ICMPV6))
		return 8 + d->icmp.quote_len;
	return 0;
}

/* Bytes of the whole packet as sockctl_build() returns it. */
unsigned int sockctl_packet_len(const struct sockctl_desc *d)
{
	if (d->raw)
		return d->raw_len;
	return sockctl_l2_len(d) + sockctl_l3_len(d) + l4_len(d) + d->payload_len;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_packet_len);

/* Bytes of the IP datagram (what an IPv4 total length would say). */
unsigned int sockctl_ip_len(const struct sockctl_desc *d)
{
	if (d->raw)
		return d->inject == SOCKCTL_INJECT_L3 ? d->raw_len : 0;
	if (!(d->layers & (BIT(SOCKCTL_A_IPV4) | BIT(SOCKCTL_A_IPV6))))
		return 0;
	return sockctl_l3_len(d) + l4_len(d) + d->payload_len;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_ip_len);

/* An L3 packet's family: by its layer, or a raw one's version nibble. */
bool sockctl_l3_is_ipv6(const struct sockctl_desc *d)
{
	if (d->raw)
		return d->raw[0] >> 4 == 6;
	return desc_has(d, SOCKCTL_A_IPV6);
}

static u8 l4_proto(const struct sockctl_desc *d)
{
	if (desc_has(d, SOCKCTL_A_TCP))
		return IPPROTO_TCP;
	if (desc_has(d, SOCKCTL_A_UDP))
		return IPPROTO_UDP;
	if (desc_has(d, SOCKCTL_A_ICMP))
		return IPPROTO_ICMP;
	if (desc_has(d, SOCKCTL_A_ICMPV6))
		return IPPROTO_ICMPV6;
	return desc_has(d, SOCKCTL_A_IPV6) ? NEXTHDR_NONE : IPPROTO_RAW;
}

static u16 l3_ethertype(const struct sockctl_desc *d)
{
	if (desc_has(d, SOCKCTL_A_IPV4))
		return ETH_P_IP;
	if (desc_has(d, SOCKCTL_A_IPV6))
		return ETH_P_IPV6;
	if (desc_has(d, SOCKCTL_A_ARP))
		return ETH_P_ARP;
	return SOCKCTL_ETHERTYPE_NONE;
}

static void build_eth(const struct sockctl_desc *d, u8 *p)
{
	const struct sockctl_eth_desc *e = &d->eth;
	unsigned int i;

	ether_addr_copy(p, e->dst);
	ether_addr_copy(p + ETH_ALEN, e->src);
	p += 2 * ETH_ALEN;
	for (i = 0; i < e->n_vlans; i++) {
		const struct sockctl_vlan_desc *v = &e->vlan[i];
		/* Two tags are QinQ: the outer one is an S-tag (802.1ad). */
		u16 dflt = e->n_vlans == 2 && i == 0 ? ETH_P_8021AD : ETH_P_8021Q;

		put_unaligned_be16(field_or(v->set, SOCKCTL_A_VLAN_TPID, v->tpid, dflt), p);
		put_unaligned_be16(v->pcp << VLAN_PRIO_SHIFT |
				   v->dei << 12 | v->vid, p + 2);
		p += VLAN_HLEN;
	}
	put_unaligned_be16(field_or(e->set, SOCKCTL_A_ETH_PROTO, e->proto, l3_ethertype(d)), p);
}

static void build_arp(const struct sockctl_desc *d, u8 *p)
{
	const struct sockctl_arp_desc *a = &d->arp;
	struct arphdr *arp = (struct arphdr *)p;

	arp->ar_hrd = htons(field_or(a->set, SOCKCTL_A_ARP_HTYPE, a->htype, ARPHRD_ETHER));
	arp->ar_pro = htons(field_or(a->set, SOCKCTL_A_ARP_PTYPE, a->ptype, ETH_P_IP));
	arp->ar_hln = field_or(a->set, SOCKCTL_A_ARP_HLEN, a->hlen, ETH_ALEN);
	arp->ar_pln = field_or(a->set, SOCKCTL_A_ARP_PLEN, a->plen, 4);
	arp->ar_op = htons(field_or(a->set, SOCKCTL_A_ARP_OP, a->op, ARPOP_REQUEST));
	p += sizeof(*arp);
	ether_addr_copy(p, a->sha);
	memcpy(p + ETH_ALEN, &a->spa, 4);
	ether_addr_copy(p + ETH_ALEN + 4, a->tha);
	memcpy(p + 2 * ETH_ALEN + 4, &a->tpa, 4);
}

static void build_ipv4(const struct sockctl_desc *d, u8 *p, unsigned int hlen,
		       unsigned int tot_len, u32 index)
{
	const struct sockctl_ipv4_desc *ip = &d->ip4;
	struct iphdr *iph = (struct iphdr *)p;
	u8 tos = field_or(ip->set, SOCKCTL_A_IPV4_TOS, ip->tos, ip->dscp << 2 | ip->ecn);
	u16 id = field_or(ip->set, SOCKCTL_A_IPV4_ID, ip->id, get_random_u16());

	iph->version = field_or(ip->set, SOCKCTL_A_IPV4_VERSION, ip->version, 4);
	iph->ihl = field_or(ip->set, SOCKCTL_A_IPV4_IHL, ip->ihl, hlen / 4);
	iph->tos = tos;
	iph->tot_len = htons(field_or(ip->set, SOCKCTL_A_IPV4_TOT_LEN, ip->tot_len, tot_len));
	iph->id = htons(field_at(d, SOCKCTL_FIELD_IPV4_ID, index, id));
	iph->frag_off = htons(ip->flags << 13 | ip->frag_off);
	iph->ttl = field_or(ip->set, SOCKCTL_A_IPV4_TTL, ip->ttl, 64);
	iph->protocol = field_or(ip->set, SOCKCTL_A_IPV4_PROTOCOL, ip->protocol, l4_proto(d));
	iph->saddr = htonl(field_at(d, SOCKCTL_FIELD_IPV4_SADDR, index,
				    ntohl(ip->saddr)));
	iph->daddr = htonl(field_at(d, SOCKCTL_FIELD_IPV4_DADDR, index,
				    ntohl(ip->daddr)));
	/* RFC 791 3.1: "The internet header padding is used ... zero." */
	memcpy(iph + 1, ip->opts, ip->optlen);
	memset((u8 *)(iph + 1) + ip->optlen, 0, hlen - sizeof(*iph) - ip->optlen);
	iph->check = 0;
	if (desc_isset(ip, SOCKCTL_A_IPV4_CHECKSUM))
		put_unaligned_be16(ip->check, &iph->check);
	else
		iph->check = ip_fast_csum(iph, hlen / 4);
}

static void build_ipv6(const struct sockctl_desc *d, u8 *p,
		       unsigned int payload_len)
{
	const struct sockctl_ipv6_desc *ip = &d->ip6;
	struct ipv6hdr *ip6h = (struct ipv6hdr *)p;
	u8 upper = l4_proto(d);
	unsigned int i;
	u32 version = field_or(ip->set, SOCKCTL_A_IPV6_VERSION, ip->version, 6);

	/* Version (4 bits), traffic class (8), flow label (20). */
	*(__be32 *)ip6h = htonl(version << 28 | ip->tclass << 20 | ip->flowlabel);
	ip6h->payload_len = htons(field_or(ip->set, SOCKCTL_A_IPV6_PAYLOAD_LEN,
					   ip->payload_len, payload_len));
	ip6h->nexthdr = field_or(ip->set, SOCKCTL_A_IPV6_NEXTHDR, ip->nexthdr,
				 ip->n_exthdrs ? ip->ext[0].type : upper);
	ip6h->hop_limit = field_or(ip->set, SOCKCTL_A_IPV6_HOPLIMIT, ip->hoplimit, 64);
	ip6h->saddr = ip->saddr;
	ip6h->daddr = ip->daddr;

	/* Chain the extension headers: each names the next. */
	p += sizeof(*ip6h);
	for (i = 0; i < ip->n_exthdrs; i++) {
		const struct sockctl_ipv6_ext_desc *x = &ip->ext[i];

		p[0] = i + 1 < ip->n_exthdrs ? ip->ext[i + 1].type : upper;
		/* The fragment header's second octet is reserved, not a length. */
		p[1] = x->type == NEXTHDR_FRAGMENT ? 0 : (2 + x->len) / 8 - 1;
		memcpy(p + 2, x->data, x->len);
		p += 2 + x->len;
	}
}

/* TCP options in the order Linux puts them in a SYN, then the raw ones. */
static void build_tcp_options(const struct sockctl_tcp_desc *t, u8 *p,
			      unsigned int padded)
{
	bool ts = t->set & (BIT(SOCKCTL_A_TCP_TS_VAL) | BIT(SOCKCTL_A_TCP_TS_ECR));
	bool sack = desc_isset(t, SOCKCTL_A_TCP_SACK_PERM);
	u8 *start = p;

	if (desc_isset(t, SOCKCTL_A_TCP_MSS)) {
		*p++ = TCPOPT_MSS;
		*p++ = TCPOLEN_MSS;
		put_unaligned_be16(t->mss, p);
		p += 2;
	}
	if (sack && ts) {
		*p++ = TCPOPT_SACK_PERM;
		*p++ = TCPOLEN_SACK_PERM;
	} else if (ts || sack) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_NOP;
		if (sack) {
			*p++ = TCPOPT_SACK_PERM;
			*p++ = TCPOLEN_SACK_PERM;
		}
	}
	if (ts) {
		*p++ = TCPOPT_TIMESTAMP;
		*p++ = TCPOLEN_TIMESTAMP;
		put_unaligned_be32(t->ts_val, p);
		put_unaligned_be32(t->ts_ecr, p + 4);
		p += 8;
	}
	if (desc_isset(t, SOCKCTL_A_TCP_WSCALE)) {
		*p++ = TCPOPT_NOP;
		*p++ = TCPOPT_WINDOW;
		*p++ = TCPOLEN_WINDOW;
		*p++ = t->wscale;
	}
	memcpy(p, t->opts, t->optlen);
	p += t->optlen;
	/* Pad with End of Option List (0) to the data offset. */
	memset(p, 0, padded - (p - start));
}

static void build_tcp(const struct sockctl_desc *d, u8 *p, unsigned int hlen,
		      u32 index)
{
	const struct sockctl_tcp_desc *t = &d->tcp;
	struct tcphdr *th = (struct tcphdr *)p;

	th->source = htons(field_at(d, SOCKCTL_FIELD_SPORT, index,
				    field_or(t->set, SOCKCTL_A_TCP_SPORT, t->sport, 20)));
	th->dest = htons(field_at(d, SOCKCTL_FIELD_DPORT, index,
				  field_or(t->set, SOCKCTL_A_TCP_DPORT, t->dport, 80)));
	th->seq = htonl(field_at(d, SOCKCTL_FIELD_TCP_SEQ, index, t->seq));
	th->ack_seq = htonl(t->ack_seq);
	/* Byte 12: data offset and reserved bits; byte 13: CWR..FIN. */
	p[12] = field_or(t->set, SOCKCTL_A_TCP_DOFF, t->doff, hlen / 4) << 4 | t->reserved;
	p[13] = field_or(t->set, SOCKCTL_A_TCP_FLAGS, t->flags, SOCKCTL_TCP_SYN);
	th->window = htons(field_or(t->set, SOCKCTL_A_TCP_WINDOW, t->window, 8192));
	th->check = 0;
	th->urg_ptr = htons(t->urg_ptr);
	build_tcp_options(t, p + sizeof(*th), hlen - sizeof(*th));
}

static void build_udp(const struct sockctl_desc *d, u8 *p, unsigned int len,
		      u32 index)
{
	const struct sockctl_udp_desc *u = &d->udp;
	struct udphdr *uh = (struct udphdr *)p;

	uh->source = htons(field_at(d, SOCKCTL_FIELD_SPORT, index,
				    field_or(u->set, SOCKCTL_A_UDP_SPORT, u->sport, 53)));
	uh->dest = htons(field_at(d, SOCKCTL_FIELD_DPORT, index,
				  field_or(u->set, SOCKCTL_A_UDP_DPORT, u->dport, 53)));
	uh->len = htons(field_or(u->set, SOCKCTL_A_UDP_LEN, u->len, len));
	uh->check = 0;
}

static void build_icmp(const struct sockctl_desc *d, u8 *p, bool v6, u32 index)
{
	const struct sockctl_icmp_desc *c = &d->icmp;
	u16 seq = field_at(d, SOCKCTL_FIELD_ICMP_SEQ, index, c->seq);
	u8 dflt_type = v6 ? ICMPV6_ECHO_REQUEST : ICMP_ECHO;

	p[0] = field_or(c->set, SOCKCTL_A_ICMP_TYPE, c->type, dflt_type);
	p[1] = c->code;
	put_unaligned_be16(0, p + 2);
	put_unaligned_be32(field_or(c->set, SOCKCTL_A_ICMP_REST, c->rest,
				    (u32)c->id << 16 | seq), p + 4);
	memcpy(p + 8, c->quote, c->quote_len);
}

/* The transport checksum, over the L4 header and everything after it. */
static void build_l4_csum(const struct sockctl_desc *d, u8 *l3, u8 *l4,
			  unsigned int len)
{
	u8 proto = l4_proto(d);
	__wsum sum;
	__sum16 check;
	u16 user;
	bool set;
	int off;

	switch (proto) {
	case IPPROTO_TCP:
		set = desc_isset(&d->tcp, SOCKCTL_A_TCP_CHECKSUM);
		user = d->tcp.check;
		off = offsetof(struct tcphdr, check);
		break;
	case IPPROTO_UDP:
		set = desc_isset(&d->udp, SOCKCTL_A_UDP_CHECKSUM);
		user = d->udp.check;
		off = offsetof(struct udphdr, check);
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		set = desc_isset(&d->icmp, SOCKCTL_A_ICMP_CHECKSUM);
		user = d->icmp.check;
		off = 2;
		break;
	default:
		return;
	}
	if (set) {
		put_unaligned_be16(user, l4 + off);
		return;
	}

	sum = csum_partial(l4, len, 0);
	if (proto == IPPROTO_ICMP) {
		check = csum_fold(sum);		/* no pseudo-header (RFC 792) */
	} else if (desc_has(d, SOCKCTL_A_IPV4)) {
		const struct iphdr *iph = (const struct iphdr *)l3;

		check = csum_tcpudp_magic(iph->saddr, iph->daddr, len, proto, sum);
	} else {
		const struct ipv6hdr *ip6h = (const struct ipv6hdr *)l3;

		check = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len, proto, sum);
	}
	/* RFC 768: a computed zero is sent as all ones; 0 means "none". */
	if (proto == IPPROTO_UDP && !check)
		check = CSUM_MANGLED_0;
	memcpy(l4 + off, &check, sizeof(check));
}

/**
 * sockctl_build() - build one packet of a description
 * @d: the description, with device-dependent defaults resolved
 * @index: the packet's number in its request, for SOCKCTL_A_VARY
 * @gfp: allocation flags
 * @fi: filled with the offsets of the layers in the packet
 *
 * Return: an skb whose data is the packet, its headers set, or NULL.
 */
struct sk_buff *sockctl_build(const struct sockctl_desc *d, u32 index,
			      gfp_t gfp, struct sockctl_frame_info *fi)
{
	unsigned int l2 = d->raw ? 0 : sockctl_l2_len(d), l3 = sockctl_l3_len(d), l4 = l4_len(d);
	unsigned int len = sockctl_packet_len(d);
	struct sk_buff *skb;
	u8 *data, *l3p, *l4p;

	skb = alloc_skb(SOCKCTL_HEADROOM + len, gfp);
	if (!skb)
		return NULL;
	skb_reserve(skb, SOCKCTL_HEADROOM);
	data = skb_put(skb, len);
	skb->ip_summed = CHECKSUM_NONE;

	if (d->raw) {
		memcpy(data, d->raw, len);
		fi->l3_off = d->inject == SOCKCTL_INJECT_L3 ? 0 : ETH_HLEN;
		fi->l4_off = -1;
		fi->payload_off = len;
		goto headers;
	}

	fi->l3_off = l2;
	fi->l4_off = l4 ? l2 + l3 : -1;
	fi->payload_off = l2 + l3 + l4;
	l3p = data + l2;
	l4p = l3p + l3;

	if (l2)
		build_eth(d, data);
	memcpy(data + fi->payload_off, d->payload, d->payload_len);

	if (desc_has(d, SOCKCTL_A_TCP))
		build_tcp(d, l4p, l4, index);
	else if (desc_has(d, SOCKCTL_A_UDP))
		build_udp(d, l4p, l4 + d->payload_len, index);
	else if (l4)
		build_icmp(d, l4p, desc_has(d, SOCKCTL_A_ICMPV6), index);

	if (desc_has(d, SOCKCTL_A_ARP))
		build_arp(d, l3p);
	else if (desc_has(d, SOCKCTL_A_IPV4))
		build_ipv4(d, l3p, l3, l3 + l4 + d->payload_len, index);
	else if (desc_has(d, SOCKCTL_A_IPV6))
		build_ipv6(d, l3p, l3 - sizeof(struct ipv6hdr) + l4 + d->payload_len);

	/* Last: the pseudo-header needs the addresses the IP header holds. */
	if (l4)
		build_l4_csum(d, l3p, l4p, l4 + d->payload_len);

headers:
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, fi->l3_off);
	if (fi->l4_off >= 0)
		skb_set_transport_header(skb, fi->l4_off);
	if (d->inject == SOCKCTL_INJECT_L3)
		skb->protocol = sockctl_l3_is_ipv6(d) ? htons(ETH_P_IPV6) :
						       htons(ETH_P_IP);
	else
		skb->protocol = len >= ETH_HLEN ?
				get_unaligned((__be16 *)(data + 2 * ETH_ALEN)) : 0;
	return skb;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_build);
