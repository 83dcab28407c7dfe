/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * sockctl uAPI: the packet description of SOCKCTL_CMD_BUILD and
 * SOCKCTL_CMD_SEND (the nests SOCKCTL_A_ETH .. SOCKCTL_A_ICMPV6, one per
 * layer), how SOCKCTL_A_VARY changes it from packet to packet, and the
 * packets SOCKCTL_CMD_BUILD returns.  Include <linux/sockctl.h>, which
 * includes this header.
 */
#ifndef _UAPI_LINUX_SOCKCTL_PACKET_H
#define _UAPI_LINUX_SOCKCTL_PACKET_H

/*
 * Conventions of the packet description below.
 *
 * Every header field is its own attribute.  A field left out gets a default
 * (said for each); a field that is set is sent exactly as given, even when
 * it makes the packet wrong: a bad checksum, a length that lies, a version
 * of 5.  Lengths and checksums left out are computed by the kernel over the
 * packet as finally built (with the kernel's own checksum helpers).
 *
 * Integers are given in host byte order and written to the wire in network
 * byte order; checksums too (give 0x1c46 for the bytes 1c 46).  Addresses
 * are binary in network byte order: 4 bytes (IPv4), 16 (IPv6), 6 (MAC).
 * Flags are NLA_FLAG attributes: present means set.
 */

/**
 * enum sockctl_eth_attr - Ethernet header (IEEE 802.3), nest SOCKCTL_A_ETH
 * @SOCKCTL_A_ETH_UNSPEC: unused
 * @SOCKCTL_A_ETH_DST: binary, 6 bytes: destination MAC.  Default: the
 *	neighbour entry of the IP destination on the device if one is known,
 *	else ff:ff:ff:ff:ff:ff
 * @SOCKCTL_A_ETH_SRC: binary, 6 bytes: source MAC.  Default: the device's
 * @SOCKCTL_A_ETH_PROTO: u16: EtherType of the next header.  Default: from
 *	the next layer (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP)
 * @SOCKCTL_A_ETH_VLAN: nest, &enum sockctl_vlan_attr, may repeat (at most
 *	2, outermost first): an 802.1Q/802.1ad tag after the source MAC
 */
enum sockctl_eth_attr {
	SOCKCTL_A_ETH_UNSPEC,
	SOCKCTL_A_ETH_DST,
	SOCKCTL_A_ETH_SRC,
	SOCKCTL_A_ETH_PROTO,
	SOCKCTL_A_ETH_VLAN,

	/* private: */
	__SOCKCTL_A_ETH_MAX,
	SOCKCTL_A_ETH_MAX = (__SOCKCTL_A_ETH_MAX - 1)
};

/**
 * enum sockctl_vlan_attr - one VLAN tag (IEEE 802.1Q), nest SOCKCTL_A_ETH_VLAN
 * @SOCKCTL_A_VLAN_UNSPEC: unused
 * @SOCKCTL_A_VLAN_TPID: u16: tag protocol identifier.  Default 0x8100
 *	(802.1Q); 0x88a8 (802.1ad) for the outer of two tags
 * @SOCKCTL_A_VLAN_PCP: u8, 0-7: priority code point (default 0)
 * @SOCKCTL_A_VLAN_DEI: u8, 0-1: drop eligible indicator (default 0)
 * @SOCKCTL_A_VLAN_VID: u16, 0-4095: VLAN identifier (required)
 */
enum sockctl_vlan_attr {
	SOCKCTL_A_VLAN_UNSPEC,
	SOCKCTL_A_VLAN_TPID,
	SOCKCTL_A_VLAN_PCP,
	SOCKCTL_A_VLAN_DEI,
	SOCKCTL_A_VLAN_VID,

	/* private: */
	__SOCKCTL_A_VLAN_MAX,
	SOCKCTL_A_VLAN_MAX = (__SOCKCTL_A_VLAN_MAX - 1)
};

/**
 * enum sockctl_arp_attr - ARP packet (RFC 826), nest SOCKCTL_A_ARP
 * @SOCKCTL_A_ARP_UNSPEC: unused
 * @SOCKCTL_A_ARP_HTYPE: u16: hardware type (default 1, Ethernet)
 * @SOCKCTL_A_ARP_PTYPE: u16: protocol type (default 0x0800, IPv4)
 * @SOCKCTL_A_ARP_HLEN: u8: hardware address length (default 6)
 * @SOCKCTL_A_ARP_PLEN: u8: protocol address length (default 4)
 * @SOCKCTL_A_ARP_OP: u16: operation (default 1, request; 2 is reply)
 * @SOCKCTL_A_ARP_SHA: binary, 6 bytes: sender MAC (default the device's)
 * @SOCKCTL_A_ARP_SPA: binary, 4 bytes: sender IPv4 address (default the
 *	device's primary address, else 0.0.0.0)
 * @SOCKCTL_A_ARP_THA: binary, 6 bytes: target MAC (default 00:00:00:00:00:00)
 * @SOCKCTL_A_ARP_TPA: binary, 4 bytes: target IPv4 address (required)
 */
enum sockctl_arp_attr {
	SOCKCTL_A_ARP_UNSPEC,
	SOCKCTL_A_ARP_HTYPE,
	SOCKCTL_A_ARP_PTYPE,
	SOCKCTL_A_ARP_HLEN,
	SOCKCTL_A_ARP_PLEN,
	SOCKCTL_A_ARP_OP,
	SOCKCTL_A_ARP_SHA,
	SOCKCTL_A_ARP_SPA,
	SOCKCTL_A_ARP_THA,
	SOCKCTL_A_ARP_TPA,

	/* private: */
	__SOCKCTL_A_ARP_MAX,
	SOCKCTL_A_ARP_MAX = (__SOCKCTL_A_ARP_MAX - 1)
};

/*
 * IPv4 flags field (RFC 791 section 3.1: bit 0 reserved, bit 1 DF, bit 2
 * MF, most significant first), for SOCKCTL_A_IPV4_FLAGS.
 */
#define SOCKCTL_IPV4_FLAG_MF	0x1
#define SOCKCTL_IPV4_FLAG_DF	0x2
#define SOCKCTL_IPV4_FLAG_RF	0x4	/* reserved, the "evil bit" (RFC 3514) */

/**
 * enum sockctl_ipv4_attr - IPv4 header (RFC 791 section 3.1), nest SOCKCTL_A_IPV4
 * @SOCKCTL_A_IPV4_UNSPEC: unused
 * @SOCKCTL_A_IPV4_VERSION: u8, 0-15: version (default 4)
 * @SOCKCTL_A_IPV4_IHL: u8, 0-15: header length in 32-bit words.  Default:
 *	5 plus the options' length.  A set value need not match the options.
 * @SOCKCTL_A_IPV4_TOS: u8: the whole type-of-service octet (default 0);
 *	excludes SOCKCTL_A_IPV4_DSCP and SOCKCTL_A_IPV4_ECN
 * @SOCKCTL_A_IPV4_DSCP: u8, 0-63: differentiated services code point
 *	(RFC 2474), the upper 6 bits of the octet
 * @SOCKCTL_A_IPV4_ECN: u8, 0-3: explicit congestion notification
 *	(RFC 3168), the lower 2 bits
 * @SOCKCTL_A_IPV4_TOT_LEN: u16: total length in bytes (default: header,
 *	options and everything after them)
 * @SOCKCTL_A_IPV4_ID: u16: identification (default: random per packet)
 * @SOCKCTL_A_IPV4_FLAGS: u8, 0-7: SOCKCTL_IPV4_FLAG_* bits (default 0)
 * @SOCKCTL_A_IPV4_FRAG_OFF: u16, 0-8191: fragment offset in units of 8
 *	bytes (default 0)
 * @SOCKCTL_A_IPV4_TTL: u8: time to live (default 64)
 * @SOCKCTL_A_IPV4_PROTOCOL: u8: protocol of the next header (default: from
 *	the next layer: 6 TCP, 17 UDP, 1 ICMP; 255 if none)
 * @SOCKCTL_A_IPV4_CHECKSUM: u16: header checksum (default: computed)
 * @SOCKCTL_A_IPV4_SADDR: binary, 4 bytes: source address (default: the
 *	address the route to the destination would use)
 * @SOCKCTL_A_IPV4_DADDR: binary, 4 bytes: destination address (required)
 * @SOCKCTL_A_IPV4_OPTIONS: binary, at most 40 bytes: options, written as
 *	given and padded with zero (End of Option List) bytes to a multiple of
 *	4, as section 3.1 says of the padding field
 */
enum sockctl_ipv4_attr {
	SOCKCTL_A_IPV4_UNSPEC,
	SOCKCTL_A_IPV4_VERSION,
	SOCKCTL_A_IPV4_IHL,
	SOCKCTL_A_IPV4_TOS,
	SOCKCTL_A_IPV4_DSCP,
	SOCKCTL_A_IPV4_ECN,
	SOCKCTL_A_IPV4_TOT_LEN,
	SOCKCTL_A_IPV4_ID,
	SOCKCTL_A_IPV4_FLAGS,
	SOCKCTL_A_IPV4_FRAG_OFF,
	SOCKCTL_A_IPV4_TTL,
	SOCKCTL_A_IPV4_PROTOCOL,
	SOCKCTL_A_IPV4_CHECKSUM,
	SOCKCTL_A_IPV4_SADDR,
	SOCKCTL_A_IPV4_DADDR,
	SOCKCTL_A_IPV4_OPTIONS,

	/* private: */
	__SOCKCTL_A_IPV4_MAX,
	SOCKCTL_A_IPV4_MAX = (__SOCKCTL_A_IPV4_MAX - 1)
};

/**
 * enum sockctl_ipv6_attr - IPv6 header (RFC 8200 section 3), nest SOCKCTL_A_IPV6
 * @SOCKCTL_A_IPV6_UNSPEC: unused
 * @SOCKCTL_A_IPV6_VERSION: u8, 0-15: version (default 6)
 * @SOCKCTL_A_IPV6_TCLASS: u8: traffic class (default 0)
 * @SOCKCTL_A_IPV6_FLOWLABEL: u32, 0-0xfffff: flow label (default 0)
 * @SOCKCTL_A_IPV6_PAYLOAD_LEN: u16: payload length (default: computed)
 * @SOCKCTL_A_IPV6_NEXTHDR: u8: next header (default: the first extension
 *	header's type, else from the next layer: 6, 17, 58; 59 if none)
 * @SOCKCTL_A_IPV6_HOPLIMIT: u8: hop limit (default 64)
 * @SOCKCTL_A_IPV6_SADDR: binary, 16 bytes: source (default: from the route)
 * @SOCKCTL_A_IPV6_DADDR: binary, 16 bytes: destination (required)
 * @SOCKCTL_A_IPV6_EXTHDR: nest, &enum sockctl_ipv6_ext_attr, may repeat
 *	(at most 8, in order): extension headers after the fixed header
 */
enum sockctl_ipv6_attr {
	SOCKCTL_A_IPV6_UNSPEC,
	SOCKCTL_A_IPV6_VERSION,
	SOCKCTL_A_IPV6_TCLASS,
	SOCKCTL_A_IPV6_FLOWLABEL,
	SOCKCTL_A_IPV6_PAYLOAD_LEN,
	SOCKCTL_A_IPV6_NEXTHDR,
	SOCKCTL_A_IPV6_HOPLIMIT,
	SOCKCTL_A_IPV6_SADDR,
	SOCKCTL_A_IPV6_DADDR,
	SOCKCTL_A_IPV6_EXTHDR,

	/* private: */
	__SOCKCTL_A_IPV6_MAX,
	SOCKCTL_A_IPV6_MAX = (__SOCKCTL_A_IPV6_MAX - 1)
};

/**
 * enum sockctl_ipv6_ext_attr - one IPv6 extension header, nest SOCKCTL_A_IPV6_EXTHDR
 * @SOCKCTL_A_IPV6_EXT_UNSPEC: unused
 * @SOCKCTL_A_IPV6_EXT_TYPE: u8: its protocol number, as the previous
 *	header's Next Header names it: 0 hop-by-hop options, 43 routing,
 *	44 fragment, 60 destination options (required)
 * @SOCKCTL_A_IPV6_EXT_DATA: binary: the header's bytes after its first
 *	two octets (Next Header, Hdr Ext Len), which the kernel fills in; for
 *	a fragment header the 6 bytes of offset, flags and identification.
 *	The header (2 + length of DATA) must be a multiple of 8 bytes.
 */
enum sockctl_ipv6_ext_attr {
	SOCKCTL_A_IPV6_EXT_UNSPEC,
	SOCKCTL_A_IPV6_EXT_TYPE,
	SOCKCTL_A_IPV6_EXT_DATA,

	/* private: */
	__SOCKCTL_A_IPV6_EXT_MAX,
	SOCKCTL_A_IPV6_EXT_MAX = (__SOCKCTL_A_IPV6_EXT_MAX - 1)
};

/* TCP flags, for SOCKCTL_A_TCP_FLAGS (RFC 9293 section 3.1, RFC 3168). */
#define SOCKCTL_TCP_FIN	0x01
#define SOCKCTL_TCP_SYN	0x02
#define SOCKCTL_TCP_RST	0x04
#define SOCKCTL_TCP_PSH	0x08
#define SOCKCTL_TCP_ACK	0x10
#define SOCKCTL_TCP_URG	0x20
#define SOCKCTL_TCP_ECE	0x40
#define SOCKCTL_TCP_CWR	0x80

/**
 * enum sockctl_tcp_attr - TCP header (RFC 9293 section 3.1), nest SOCKCTL_A_TCP
 * @SOCKCTL_A_TCP_UNSPEC: unused
 * @SOCKCTL_A_TCP_SPORT: u16: source port (default 20)
 * @SOCKCTL_A_TCP_DPORT: u16: destination port (default 80)
 * @SOCKCTL_A_TCP_SEQ: u32: sequence number (default 0)
 * @SOCKCTL_A_TCP_ACK_SEQ: u32: acknowledgment number (default 0)
 * @SOCKCTL_A_TCP_DOFF: u8, 0-15: data offset in 32-bit words (default:
 *	5 plus the options' length)
 * @SOCKCTL_A_TCP_RESERVED: u8, 0-15: the 4 reserved bits (default 0)
 * @SOCKCTL_A_TCP_FLAGS: u8: SOCKCTL_TCP_* bits, CWR..FIN (default SYN)
 * @SOCKCTL_A_TCP_WINDOW: u16: window (default 8192)
 * @SOCKCTL_A_TCP_CHECKSUM: u16: checksum (default: computed with the
 *	pseudo-header)
 * @SOCKCTL_A_TCP_URG_PTR: u16: urgent pointer (default 0)
 * @SOCKCTL_A_TCP_OPTIONS: binary, at most 40 bytes: raw options, written
 *	after the named ones below
 * @SOCKCTL_A_TCP_MSS: u16: add a Maximum Segment Size option (RFC 9293)
 * @SOCKCTL_A_TCP_WSCALE: u8, 0-14: add a Window Scale option (RFC 7323)
 * @SOCKCTL_A_TCP_SACK_PERM: flag: add a SACK-Permitted option (RFC 2018)
 * @SOCKCTL_A_TCP_TS_VAL: u32: add a Timestamps option (RFC 7323) with this
 *	TSval
 * @SOCKCTL_A_TCP_TS_ECR: u32: its TSecr (default 0; implies the option)
 *
 * Named options are laid out as Linux does in a SYN: MSS, SACK-Permitted
 * and Timestamps (NOP-padded), NOP and Window Scale; then the raw options;
 * then zero (End of Option List) bytes to a multiple of 4.
 */
enum sockctl_tcp_attr {
	SOCKCTL_A_TCP_UNSPEC,
	SOCKCTL_A_TCP_SPORT,
	SOCKCTL_A_TCP_DPORT,
	SOCKCTL_A_TCP_SEQ,
	SOCKCTL_A_TCP_ACK_SEQ,
	SOCKCTL_A_TCP_DOFF,
	SOCKCTL_A_TCP_RESERVED,
	SOCKCTL_A_TCP_FLAGS,
	SOCKCTL_A_TCP_WINDOW,
	SOCKCTL_A_TCP_CHECKSUM,
	SOCKCTL_A_TCP_URG_PTR,
	SOCKCTL_A_TCP_OPTIONS,
	SOCKCTL_A_TCP_MSS,
	SOCKCTL_A_TCP_WSCALE,
	SOCKCTL_A_TCP_SACK_PERM,
	SOCKCTL_A_TCP_TS_VAL,
	SOCKCTL_A_TCP_TS_ECR,

	/* private: */
	__SOCKCTL_A_TCP_MAX,
	SOCKCTL_A_TCP_MAX = (__SOCKCTL_A_TCP_MAX - 1)
};

/**
 * enum sockctl_udp_attr - UDP header (RFC 768), nest SOCKCTL_A_UDP
 * @SOCKCTL_A_UDP_UNSPEC: unused
 * @SOCKCTL_A_UDP_SPORT: u16: source port (default 53)
 * @SOCKCTL_A_UDP_DPORT: u16: destination port (default 53)
 * @SOCKCTL_A_UDP_LEN: u16: length of header and data (default: computed)
 * @SOCKCTL_A_UDP_CHECKSUM: u16: checksum (default: computed with the
 *	pseudo-header, 0xffff if it computes to 0).  0 means "no checksum"
 *	over IPv4 and is sent as 0.
 */
enum sockctl_udp_attr {
	SOCKCTL_A_UDP_UNSPEC,
	SOCKCTL_A_UDP_SPORT,
	SOCKCTL_A_UDP_DPORT,
	SOCKCTL_A_UDP_LEN,
	SOCKCTL_A_UDP_CHECKSUM,

	/* private: */
	__SOCKCTL_A_UDP_MAX,
	SOCKCTL_A_UDP_MAX = (__SOCKCTL_A_UDP_MAX - 1)
};

/**
 * enum sockctl_icmp_attr - ICMP (RFC 792) or ICMPv6 (RFC 4443) header,
 *	nest SOCKCTL_A_ICMP or SOCKCTL_A_ICMPV6
 * @SOCKCTL_A_ICMP_UNSPEC: unused
 * @SOCKCTL_A_ICMP_TYPE: u8: type (default 8 echo request; 128 for ICMPv6)
 * @SOCKCTL_A_ICMP_CODE: u8: code (default 0)
 * @SOCKCTL_A_ICMP_CHECKSUM: u16: checksum (default: computed; over ICMPv6
 *	with the pseudo-header)
 * @SOCKCTL_A_ICMP_ID: u16: echo identifier (default 0)
 * @SOCKCTL_A_ICMP_SEQ: u16: echo sequence number (default 0)
 * @SOCKCTL_A_ICMP_REST: u32: the whole second word ("rest of header":
 *	gateway address, next-hop MTU, pointer, unused...); excludes
 *	SOCKCTL_A_ICMP_ID and SOCKCTL_A_ICMP_SEQ
 * @SOCKCTL_A_ICMP_QUOTE: binary: the datagram an error message quotes
 *	(its IP header and first bytes), written before SOCKCTL_A_PAYLOAD.
 *	Build it with SOCKCTL_CMD_BUILD from another description.
 */
enum sockctl_icmp_attr {
	SOCKCTL_A_ICMP_UNSPEC,
	SOCKCTL_A_ICMP_TYPE,
	SOCKCTL_A_ICMP_CODE,
	SOCKCTL_A_ICMP_CHECKSUM,
	SOCKCTL_A_ICMP_ID,
	SOCKCTL_A_ICMP_SEQ,
	SOCKCTL_A_ICMP_REST,
	SOCKCTL_A_ICMP_QUOTE,

	/* private: */
	__SOCKCTL_A_ICMP_MAX,
	SOCKCTL_A_ICMP_MAX = (__SOCKCTL_A_ICMP_MAX - 1)
};

/**
 * enum sockctl_vary_field - a header field SOCKCTL_A_VARY changes per packet
 * @SOCKCTL_FIELD_IPV4_ID: IPv4 identification (16 bits)
 * @SOCKCTL_FIELD_IPV4_SADDR: IPv4 source address, as a host-order u32
 * @SOCKCTL_FIELD_IPV4_DADDR: IPv4 destination address, as a host-order u32
 * @SOCKCTL_FIELD_SPORT: TCP or UDP source port
 * @SOCKCTL_FIELD_DPORT: TCP or UDP destination port
 * @SOCKCTL_FIELD_TCP_SEQ: TCP sequence number
 * @SOCKCTL_FIELD_ICMP_SEQ: ICMP/ICMPv6 echo sequence number
 */
enum sockctl_vary_field {
	SOCKCTL_FIELD_IPV4_ID = 1,
	SOCKCTL_FIELD_IPV4_SADDR,
	SOCKCTL_FIELD_IPV4_DADDR,
	SOCKCTL_FIELD_SPORT,
	SOCKCTL_FIELD_DPORT,
	SOCKCTL_FIELD_TCP_SEQ,
	SOCKCTL_FIELD_ICMP_SEQ,
};

/**
 * enum sockctl_vary_mode - how SOCKCTL_A_VARY changes a field
 * @SOCKCTL_VARY_INC: start at FROM, add STEP per packet, wrap after TO
 * @SOCKCTL_VARY_RANDOM: a uniformly random value in [FROM, TO] per packet
 */
enum sockctl_vary_mode {
	SOCKCTL_VARY_INC = 1,
	SOCKCTL_VARY_RANDOM,
};

/**
 * enum sockctl_vary_attr - change a field per packet, nest SOCKCTL_A_VARY
 * @SOCKCTL_A_VARY_UNSPEC: unused
 * @SOCKCTL_A_VARY_FIELD: u32, &enum sockctl_vary_field (required); the
 *	field's layer must be in the description
 * @SOCKCTL_A_VARY_MODE: u8, &enum sockctl_vary_mode (default INC)
 * @SOCKCTL_A_VARY_FROM: u32: lowest value (default: the field's value in
 *	the description)
 * @SOCKCTL_A_VARY_TO: u32: highest value (default: the field's maximum)
 * @SOCKCTL_A_VARY_STEP: u32: increment for SOCKCTL_VARY_INC (default 1)
 *
 * Checksums and lengths left to the kernel are recomputed per packet.
 */
enum sockctl_vary_attr {
	SOCKCTL_A_VARY_UNSPEC,
	SOCKCTL_A_VARY_FIELD,
	SOCKCTL_A_VARY_MODE,
	SOCKCTL_A_VARY_FROM,
	SOCKCTL_A_VARY_TO,
	SOCKCTL_A_VARY_STEP,

	/* private: */
	__SOCKCTL_A_VARY_MAX,
	SOCKCTL_A_VARY_MAX = (__SOCKCTL_A_VARY_MAX - 1)
};

/**
 * enum sockctl_frame_attr - one packet built, nest SOCKCTL_A_FRAME
 * @SOCKCTL_A_FRAME_UNSPEC: unused
 * @SOCKCTL_A_FRAME_DATA: binary: the packet's bytes, from its first header
 *	(Ethernet for SOCKCTL_INJECT_L2/_RX, IP for SOCKCTL_INJECT_L3)
 * @SOCKCTL_A_FRAME_L3_OFFSET: u16: offset of the IP or ARP header in DATA
 * @SOCKCTL_A_FRAME_L4_OFFSET: u16: offset of the TCP/UDP/ICMP header, if
 *	any (absent in non-first fragments)
 * @SOCKCTL_A_FRAME_PAYLOAD_OFFSET: u16: offset of the payload (in a later
 *	fragment, of the fragment's data; the frame's length if the payload
 *	starts in a later fragment)
 */
enum sockctl_frame_attr {
	SOCKCTL_A_FRAME_UNSPEC,
	SOCKCTL_A_FRAME_DATA,
	SOCKCTL_A_FRAME_L3_OFFSET,
	SOCKCTL_A_FRAME_L4_OFFSET,
	SOCKCTL_A_FRAME_PAYLOAD_OFFSET,

	/* private: */
	__SOCKCTL_A_FRAME_MAX,
	SOCKCTL_A_FRAME_MAX = (__SOCKCTL_A_FRAME_MAX - 1)
};

#endif /* _UAPI_LINUX_SOCKCTL_PACKET_H */
