/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A packet description as parsed from netlink (sockctl_desc_parse()), and
 * the builder that turns it into bytes (sockctl_build()).
 *
 * Each layer records which fields the user set in a bitmap indexed by the
 * field's attribute type (e.g. BIT(SOCKCTL_A_IPV4_TTL)); fields not set get
 * their documented default when the packet is built, so a set field is
 * always sent exactly as given.
 */
#ifndef _SOCKCTL_DESC_H
#define _SOCKCTL_DESC_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/types.h>

#include <linux/sockctl.h>

#define SOCKCTL_MAX_VLANS	2
#define SOCKCTL_MAX_EXTHDRS	8
#define SOCKCTL_MAX_VARY	8
#define SOCKCTL_MAX_OPTLEN	40	/* IPv4 and TCP options */

/* Is field ATTR of layer L (a struct with a .set bitmap) set? */
#define desc_isset(l, attr)	(!!((l)->set & BIT(attr)))

struct sockctl_vlan_desc {
	u32 set;
	u16 tpid;
	u8 pcp;
	u8 dei;
	u16 vid;
};

struct sockctl_eth_desc {
	u32 set;
	u8 dst[ETH_ALEN];
	u8 src[ETH_ALEN];
	u16 proto;
	u8 n_vlans;
	struct sockctl_vlan_desc vlan[SOCKCTL_MAX_VLANS];
};

struct sockctl_arp_desc {
	u32 set;
	u16 htype, ptype;
	u8 hlen, plen;
	u16 op;
	u8 sha[ETH_ALEN], tha[ETH_ALEN];
	__be32 spa, tpa;
};

struct sockctl_ipv4_desc {
	u32 set;
	u8 version, ihl, tos, dscp, ecn;
	u16 tot_len, id;
	u8 flags;
	u16 frag_off;
	u8 ttl, protocol;
	u16 check;
	__be32 saddr, daddr;
	u8 optlen;
	u8 opts[SOCKCTL_MAX_OPTLEN];
};

struct sockctl_ipv6_ext_desc {
	u8 type;
	u16 len;		/* of data */
	u8 *data;
};

struct sockctl_ipv6_desc {
	u32 set;
	u8 version, tclass;
	u32 flowlabel;
	u16 payload_len;
	u8 nexthdr, hoplimit;
	struct in6_addr saddr, daddr;
	u8 n_exthdrs;
	struct sockctl_ipv6_ext_desc ext[SOCKCTL_MAX_EXTHDRS];
};

struct sockctl_tcp_desc {
	u32 set;
	u16 sport, dport;
	u32 seq, ack_seq;
	u8 doff, reserved, flags;
	u16 window, check, urg_ptr;
	u16 mss;
	u8 wscale;
	u32 ts_val, ts_ecr;
	u8 optlen;
	u8 opts[SOCKCTL_MAX_OPTLEN];
};

struct sockctl_udp_desc {
	u32 set;
	u16 sport, dport, len, check;
};

/* ICMP and ICMPv6 share it: desc->layers says which one it is. */
struct sockctl_icmp_desc {
	u32 set;
	u8 type, code;
	u16 check, id, seq;
	u32 rest;
	u32 quote_len;
	u8 *quote;
};

struct sockctl_vary_desc {
	u32 field;		/* enum sockctl_vary_field */
	u8 mode;		/* enum sockctl_vary_mode */
	bool has_from;		/* else from the resolved description */
	u32 from, to, step;
};

/**
 * struct sockctl_desc - a parsed SOCKCTL_CMD_BUILD/SEND request
 * @layers: BIT(SOCKCTL_A_ETH) ... BIT(SOCKCTL_A_RAW): which layers it has
 * @eth: Ethernet header, built when @inject is L2 or RX
 * @arp: ARP packet
 * @ip4: IPv4 header
 * @ip6: IPv6 header and extension headers
 * @tcp: TCP header
 * @udp: UDP header
 * @icmp: ICMP or ICMPv6 header
 * @payload: bytes after the last header (owned)
 * @payload_len: their number
 * @raw: SOCKCTL_A_RAW, the whole packet (owned)
 * @raw_len: its length
 * @inject: enum sockctl_inject
 * @ifindex: the device (0: none given)
 * @count: packets to send
 * @burst: packets per interval
 * @interval_ns: time between bursts, derived from the rate if one is given
 * @rate_bps: bits per second (0: none); pacing needs the packet's size
 * @frag_size: IPv4 fragment data size (0: do not fragment)
 * @background: run as a job even if short
 * @n_vary: entries in @vary
 * @vary: fields changed per packet
 */
struct sockctl_desc {
	u32 layers;
	struct sockctl_eth_desc eth;
	struct sockctl_arp_desc arp;
	struct sockctl_ipv4_desc ip4;
	struct sockctl_ipv6_desc ip6;
	struct sockctl_tcp_desc tcp;
	struct sockctl_udp_desc udp;
	struct sockctl_icmp_desc icmp;
	u8 *payload;
	u32 payload_len;
	u8 *raw;
	u32 raw_len;

	u8 inject;
	int ifindex;
	u32 count, burst;
	u64 interval_ns, rate_bps;
	u16 frag_size;
	bool background;
	u8 n_vary;
	struct sockctl_vary_desc vary[SOCKCTL_MAX_VARY];
};

#define desc_has(d, attr)	(!!((d)->layers & BIT(attr)))

/**
 * struct sockctl_frame_info - where the layers of a built packet start
 * @l3_off: IP/ARP header offset from skb->data
 * @l4_off: transport header offset, or -1
 * @payload_off: payload offset
 */
struct sockctl_frame_info {
	int l3_off;
	int l4_off;
	int payload_off;
};

struct net;
struct net_device;
struct netlink_ext_ack;
struct nlattr;
struct sk_buff;

/* sockctl_desc.c: netlink attributes -> description, with every check. */
struct sockctl_desc *sockctl_desc_parse(struct nlattr **tb,
					const struct nlattr *attrs, int len,
					struct netlink_ext_ack *extack);
void sockctl_desc_free(struct sockctl_desc *d);
int sockctl_desc_parse_layers(struct sockctl_desc *d, struct nlattr **tb,
			      struct netlink_ext_ack *extack);
int sockctl_desc_vary_defaults(struct sockctl_desc *d,
			       struct netlink_ext_ack *extack);

/* sockctl_build.c: sizes and field values the parser checks. */
u32 sockctl_field_get(const struct sockctl_desc *d, u32 field);
unsigned int sockctl_tcp_optlen(const struct sockctl_tcp_desc *t);
unsigned int sockctl_l2_len(const struct sockctl_desc *d);
unsigned int sockctl_l3_len(const struct sockctl_desc *d);
unsigned int sockctl_packet_len(const struct sockctl_desc *d);
unsigned int sockctl_ip_len(const struct sockctl_desc *d);
bool sockctl_l3_is_ipv6(const struct sockctl_desc *d);

/* sockctl_resolve.c: fill defaults that depend on routes and devices. */
int sockctl_desc_resolve(struct sockctl_desc *d, struct net *net,
			 struct net_device *dev, struct netlink_ext_ack *extack);

/*
 * sockctl_build.c: build packet number @index (SOCKCTL_A_VARY counts from
 * it) of @d into a new skb whose data starts at the first header built
 * (Ethernet for L2/RX, IP for L3).  Needs no device: everything a device
 * would decide must be resolved in @d first.
 */
struct sk_buff *sockctl_build(const struct sockctl_desc *d, u32 index,
			      gfp_t gfp, struct sockctl_frame_info *fi);

/* sockctl_frag.c: split a built IPv4 packet into fragments (consumes skb). */
struct sk_buff_head;
int sockctl_fragment(const struct sockctl_desc *d, struct sk_buff *skb,
		     const struct sockctl_frame_info *fi,
		     struct sk_buff_head *frags, gfp_t gfp);

#endif /* _SOCKCTL_DESC_H */
