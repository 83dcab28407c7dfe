/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * sockctl: craft, inject and capture packets in kernel space over generic
 * netlink.
 *
 * This header is the interface's documentation: the module and the CLI both
 * build from it.  Every request is a generic netlink message to the family
 * named SOCKCTL_FAMILY_NAME; resolve its id with the "nlctrl" family (libnl:
 * genl_ctrl_resolve()).  Attributes are validated strictly: an unknown
 * attribute, a wrong type or length, a nest without NLA_F_NESTED or a rule
 * between attributes broken makes the whole request fail with -EINVAL (the
 * netlink core says -ERANGE for a value or length out of its range) and an
 * extended ACK message (NLMSGERR_ATTR_MSG, with NLMSGERR_ATTR_OFFS pointing
 * at the attribute where there is one) naming the problem; nothing is sent
 * and nothing changes.  Request NETLINK_EXT_ACK on the socket to
 * receive those messages.
 *
 * Integers are in host byte order unless said otherwise.  In replies,
 * 64-bit integers may be preceded by the attribute set's *_PAD attribute
 * for alignment (nla_put_u64_64bit()); skip it when parsing.  Requests
 * send 64-bit integers unpadded: a PAD attribute in a request is refused.
 *
 * Network namespaces: the family is available in every netns and a request
 * only ever reads or changes state of the netns of the socket that sent it.
 */
#ifndef _UAPI_LINUX_SOCKCTL_H
#define _UAPI_LINUX_SOCKCTL_H

#define SOCKCTL_FAMILY_NAME	"sockctl"
#define SOCKCTL_FAMILY_VERSION	1

/*
 * The largest packet SOCKCTL_CMD_BUILD returns: what fits in one
 * SOCKCTL_A_FRAME nest, whose nla_len is 16 bits: 65535 less the nest's
 * header, the data attribute's header, the padding of the data to 4 bytes
 * and the three offset attributes (8 bytes each).
 */
#define SOCKCTL_MAX_FRAME_REPLY	65500

/**
 * enum sockctl_cmd - commands of the sockctl family
 * @SOCKCTL_CMD_UNSPEC: unused
 * @SOCKCTL_CMD_GET_INFO: do: describe the module and its limits as seen
 *	from the caller's network namespace.  Takes no attributes.  Replies
 *	with one SOCKCTL_CMD_GET_INFO message carrying &enum sockctl_info_attr
 *	attributes.  Needs no privilege.
 * @SOCKCTL_CMD_BUILD: do: build the packet a description asks for and
 *	return its bytes without sending anything ("dry run").  Takes the
 *	same &enum sockctl_attr attributes as SOCKCTL_CMD_SEND (the sending
 *	ones are checked, then ignored, except SOCKCTL_A_IFINDEX/IFNAME and
 *	SOCKCTL_A_INJECT, which decide defaults such as addresses and whether
 *	an Ethernet header is built, and SOCKCTL_A_FRAG_SIZE).  Builds the
 *	first packet of the request (the one SOCKCTL_A_VARY starts with) and
 *	replies with one message holding one SOCKCTL_A_FRAME nest per frame:
 *	one, or one per fragment when fragmenting.
 *	A netlink attribute holds at most SOCKCTL_MAX_FRAME_REPLY bytes: a
 *	larger packet can be sent but not returned (-EMSGSIZE).
 *	Needs CAP_NET_RAW over the caller's netns (defaults reveal routes).
 * @SOCKCTL_CMD_SEND: do: build and send.  Attributes: a description
 *	(layers SOCKCTL_A_ETH .. SOCKCTL_A_PAYLOAD, or SOCKCTL_A_RAW), where
 *	to send it (SOCKCTL_A_INJECT, SOCKCTL_A_IFINDEX or SOCKCTL_A_IFNAME),
 *	and how often (SOCKCTL_A_COUNT, SOCKCTL_A_INTERVAL_NS, SOCKCTL_A_RATE_*,
 *	SOCKCTL_A_BURST, SOCKCTL_A_VARY, SOCKCTL_A_FRAG_SIZE).  A request
 *	that sends one burst without pacing runs at once and replies with
 *	SOCKCTL_A_STATS; anything longer (or with SOCKCTL_A_BACKGROUND) runs
 *	as a job on a worker and replies at once with SOCKCTL_A_JOB_ID.  A job
 *	ends when done, on SOCKCTL_CMD_JOB_STOP, when its device or netns
 *	goes away, and, unless SOCKCTL_A_BACKGROUND was given, when the socket
 *	that started it is closed.  Needs CAP_NET_RAW over the caller's netns.
 * @SOCKCTL_CMD_JOB_GET: do (with SOCKCTL_A_JOB_ID) or dump: the send jobs
 *	of the caller's netns, one SOCKCTL_A_JOB nest each.
 * @SOCKCTL_CMD_JOB_STOP: do: cancel the job SOCKCTL_A_JOB_ID of the
 *	caller's netns; replies with its final SOCKCTL_A_JOB nest.  Needs
 *	CAP_NET_RAW over the caller's netns.
 * @SOCKCTL_CMD_STATS_GET: do: the counters of the caller's netns, in a
 *	SOCKCTL_A_STATS nest.
 * @SOCKCTL_CMD_CAPTURE_START: do: start a capture session in the caller's
 *	netns.  Attributes: the device (SOCKCTL_A_IFINDEX or SOCKCTL_A_IFNAME;
 *	none: every Ethernet-framed device of the netns, loopback included)
 *	and a SOCKCTL_A_CAPTURE nest (direction, snap length, count, filter,
 *	queue length).  The packets go to the socket that sent the request,
 *	and to no other, as SOCKCTL_CMD_CAPTURE_PACKETS messages; the session
 *	ends with one SOCKCTL_CMD_CAPTURE_END message, or silently when that
 *	socket is closed.  Replies with the session's SOCKCTL_A_CAPTURE nest
 *	(its id and the settings in effect); the capture starts once the
 *	reply is sent, so it comes before the first packet.  At most
 *	SOCKCTL_A_INFO_MAX_CAPTURES sessions run in one netns.  Needs
 *	CAP_NET_RAW (or CAP_NET_ADMIN) over the caller's netns.
 * @SOCKCTL_CMD_CAPTURE_GET: do (with SOCKCTL_A_CAPTURE_ID in a
 *	SOCKCTL_A_CAPTURE nest) or dump: the capture sessions of the caller's
 *	netns, one SOCKCTL_A_CAPTURE nest each, with their counters.  Needs
 *	CAP_NET_RAW (or CAP_NET_ADMIN) over the caller's netns.
 * @SOCKCTL_CMD_CAPTURE_STOP: do: end the session SOCKCTL_A_CAPTURE_ID (in a
 *	SOCKCTL_A_CAPTURE nest) of the caller's netns.  Packets already
 *	captured are delivered first, then SOCKCTL_CMD_CAPTURE_END; the reply
 *	carries the final SOCKCTL_A_CAPTURE nest.  Needs CAP_NET_RAW (or
 *	CAP_NET_ADMIN) over the caller's netns.
 * @SOCKCTL_CMD_CAPTURE_PACKETS: notification, kernel to the session's
 *	socket only: a SOCKCTL_A_CAPTURE nest (the id and the counters at the
 *	time the message was built) and one SOCKCTL_A_PACKET nest per packet,
 *	in capture order.  Under load a message holds many packets (up to
 *	SOCKCTL_CAPTURE_BATCH_BYTES of them); a part-filled one goes out at
 *	the latest SOCKCTL_A_CAPTURE_FLUSH_US after its first packet.
 * @SOCKCTL_CMD_CAPTURE_END: notification, kernel to the session's socket
 *	only: the session is over; its final SOCKCTL_A_CAPTURE nest with
 *	SOCKCTL_A_CAPTURE_END_REASON.  Nothing of that session follows it.
 */
enum sockctl_cmd {
	SOCKCTL_CMD_UNSPEC,
	SOCKCTL_CMD_GET_INFO,
	SOCKCTL_CMD_BUILD,
	SOCKCTL_CMD_SEND,
	SOCKCTL_CMD_JOB_GET,
	SOCKCTL_CMD_JOB_STOP,
	SOCKCTL_CMD_STATS_GET,
	SOCKCTL_CMD_CAPTURE_START,
	SOCKCTL_CMD_CAPTURE_GET,
	SOCKCTL_CMD_CAPTURE_STOP,
	SOCKCTL_CMD_CAPTURE_PACKETS,
	SOCKCTL_CMD_CAPTURE_END,

	/* private: */
	__SOCKCTL_CMD_MAX,
	SOCKCTL_CMD_MAX = (__SOCKCTL_CMD_MAX - 1)
};

/**
 * enum sockctl_info_attr - attributes of a SOCKCTL_CMD_GET_INFO reply
 * @SOCKCTL_A_INFO_UNSPEC: unused
 * @SOCKCTL_A_INFO_PAD: padding for 64-bit attributes, ignore
 * @SOCKCTL_A_INFO_FAMILY_VERSION: u32, the SOCKCTL_FAMILY_VERSION the module
 *	was built with; a client built against another version should warn
 * @SOCKCTL_A_INFO_MODULE_VERSION: NUL-terminated string, the module's
 *	release ("0.1.0"), as modinfo shows it
 * @SOCKCTL_A_INFO_KERNEL_RELEASE: NUL-terminated string, the running
 *	kernel's release (uname -r) the module was loaded into
 * @SOCKCTL_A_INFO_NETNS_COOKIE: u64, the cookie of the caller's network
 *	namespace (the same value SO_NETNS_COOKIE returns); two callers see
 *	the same cookie if and only if they share a netns
 * @SOCKCTL_A_INFO_NETNS_REQUESTS: u64, requests this family has handled in
 *	the caller's netns since the module was loaded, this one included.
 *	Each netns counts on its own.
 * @SOCKCTL_A_INFO_CAP_NET_RAW: flag, present if the caller has CAP_NET_RAW
 *	over the user namespace owning its netns, i.e. may inject and capture
 * @SOCKCTL_A_INFO_MAX_PACKET: u32, bytes: the largest packet the module
 *	builds or sends (an IPv4 datagram cannot exceed 65535 bytes)
 * @SOCKCTL_A_INFO_MAX_COUNT: u32, the largest packet count of one request
 * @SOCKCTL_A_INFO_MAX_JOBS: u32, the most send jobs that may run at once in
 *	one netns
 * @SOCKCTL_A_INFO_MAX_CAPTURES: u32, the most capture sessions that may run
 *	at once in one netns
 */
enum sockctl_info_attr {
	SOCKCTL_A_INFO_UNSPEC,
	SOCKCTL_A_INFO_PAD,
	SOCKCTL_A_INFO_FAMILY_VERSION,
	SOCKCTL_A_INFO_MODULE_VERSION,
	SOCKCTL_A_INFO_KERNEL_RELEASE,
	SOCKCTL_A_INFO_NETNS_COOKIE,
	SOCKCTL_A_INFO_NETNS_REQUESTS,
	SOCKCTL_A_INFO_CAP_NET_RAW,
	SOCKCTL_A_INFO_MAX_PACKET,
	SOCKCTL_A_INFO_MAX_COUNT,
	SOCKCTL_A_INFO_MAX_JOBS,
	SOCKCTL_A_INFO_MAX_CAPTURES,

	/* private: */
	__SOCKCTL_A_INFO_MAX,
	SOCKCTL_A_INFO_MAX = (__SOCKCTL_A_INFO_MAX - 1)
};

/**
 * enum sockctl_inject - where SOCKCTL_CMD_SEND puts the packet
 * @SOCKCTL_INJECT_L2: transmit the Ethernet frame on the device
 *	(dev_queue_xmit()); no routing, no netfilter, the frame leaves as
 *	built.  Needs a device.
 * @SOCKCTL_INJECT_L3: send the IP datagram through routing and the
 *	netfilter OUTPUT and POSTROUTING hooks (ip_local_out() /
 *	ip6_local_out()), as a local socket's packet would; the kernel picks
 *	the device and link-layer header.  No Ethernet header is built.  A
 *	device, if given, is used as the output interface for the route.
 * @SOCKCTL_INJECT_RX: hand the Ethernet frame to the receive path of the
 *	device as if it had just arrived on it (netif_rx()): it meets
 *	PREROUTING and INPUT and reaches local sockets.  Needs a device.
 */
enum sockctl_inject {
	SOCKCTL_INJECT_L2 = 1,
	SOCKCTL_INJECT_L3,
	SOCKCTL_INJECT_RX,
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
 * enum sockctl_job_state - life of a send job
 * @SOCKCTL_JOB_RUNNING: sending
 * @SOCKCTL_JOB_DONE: sent all it was asked to
 * @SOCKCTL_JOB_STOPPED: cancelled (SOCKCTL_CMD_JOB_STOP, socket closed,
 *	device or netns going away, module unload)
 * @SOCKCTL_JOB_FAILED: stopped by an error (see SOCKCTL_A_JOB_ERROR)
 */
enum sockctl_job_state {
	SOCKCTL_JOB_RUNNING = 1,
	SOCKCTL_JOB_DONE,
	SOCKCTL_JOB_STOPPED,
	SOCKCTL_JOB_FAILED,
};

/**
 * enum sockctl_capture_dir - which packets a capture session sees
 * @SOCKCTL_CAPTURE_IN: received by the device (tcpdump -Q in)
 * @SOCKCTL_CAPTURE_OUT: transmitted by the device (tcpdump -Q out)
 * @SOCKCTL_CAPTURE_BOTH: both (the default)
 *
 * A packet's own direction (SOCKCTL_A_PACKET_DIRECTION) is IN or OUT.
 */
enum sockctl_capture_dir {
	SOCKCTL_CAPTURE_IN = 1,
	SOCKCTL_CAPTURE_OUT,
	SOCKCTL_CAPTURE_BOTH,
};

/**
 * enum sockctl_capture_end - why a capture session ended
 * @SOCKCTL_CAPTURE_END_STOPPED: SOCKCTL_CMD_CAPTURE_STOP
 * @SOCKCTL_CAPTURE_END_COUNT: it captured SOCKCTL_A_CAPTURE_COUNT packets
 * @SOCKCTL_CAPTURE_END_DEVICE: its device went away
 * @SOCKCTL_CAPTURE_END_UNLOAD: the module is being unloaded
 */
enum sockctl_capture_end {
	SOCKCTL_CAPTURE_END_STOPPED = 1,
	SOCKCTL_CAPTURE_END_COUNT,
	SOCKCTL_CAPTURE_END_DEVICE,
	SOCKCTL_CAPTURE_END_UNLOAD,
};

/*
 * The room for packets in one SOCKCTL_CMD_CAPTURE_PACKETS message (each
 * packet takes its bytes plus about 90 bytes of attributes): 64-byte
 * packets come about 400 to a message.  A packet larger than that gets a
 * message of its own.
 */
#define SOCKCTL_CAPTURE_BATCH_BYTES	(64 * 1024 - 4096)

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
 * enum sockctl_attr - attributes of SOCKCTL_CMD_BUILD and SOCKCTL_CMD_SEND
 * @SOCKCTL_A_UNSPEC: unused
 * @SOCKCTL_A_PAD: padding for 64-bit attributes, ignore
 * @SOCKCTL_A_ETH: nest, &enum sockctl_eth_attr: the Ethernet header.
 *	Built for SOCKCTL_INJECT_L2 and SOCKCTL_INJECT_RX (even if absent,
 *	with defaults); rejected with SOCKCTL_INJECT_L3.
 * @SOCKCTL_A_ARP: nest, &enum sockctl_arp_attr: an ARP packet (RFC 826).
 *	Excludes every layer below but SOCKCTL_A_ETH.
 * @SOCKCTL_A_IPV4: nest, &enum sockctl_ipv4_attr: an IPv4 header (RFC 791)
 * @SOCKCTL_A_IPV6: nest, &enum sockctl_ipv6_attr: an IPv6 header (RFC 8200).
 *	At most one of SOCKCTL_A_IPV4 and SOCKCTL_A_IPV6.
 * @SOCKCTL_A_TCP: nest, &enum sockctl_tcp_attr: a TCP header (RFC 9293)
 * @SOCKCTL_A_UDP: nest, &enum sockctl_udp_attr: a UDP header (RFC 768)
 * @SOCKCTL_A_ICMP: nest, &enum sockctl_icmp_attr: an ICMP header (RFC 792);
 *	needs SOCKCTL_A_IPV4
 * @SOCKCTL_A_ICMPV6: nest, &enum sockctl_icmp_attr: an ICMPv6 header
 *	(RFC 4443); needs SOCKCTL_A_IPV6.  At most one of TCP, UDP, ICMP and
 *	ICMPV6; with none, the payload follows the IP header directly.
 * @SOCKCTL_A_PAYLOAD: binary: the bytes after the last header
 * @SOCKCTL_A_RAW: binary: the whole packet, sent as given; excludes every
 *	layer attribute.  An Ethernet frame for SOCKCTL_INJECT_L2 and _RX, an
 *	IPv4 or IPv6 datagram (by its version nibble) for SOCKCTL_INJECT_L3.
 * @SOCKCTL_A_INJECT: u8, &enum sockctl_inject; default SOCKCTL_INJECT_L3
 *	without a device, SOCKCTL_INJECT_L2 with one
 * @SOCKCTL_A_IFINDEX: u32: the device, by index
 * @SOCKCTL_A_IFNAME: string: the device, by name (if both are given they
 *	must name the same device)
 * @SOCKCTL_A_COUNT: u32: how many packets (default 1; 0 is rejected; at
 *	most SOCKCTL_A_INFO_MAX_COUNT)
 * @SOCKCTL_A_INTERVAL_NS: u64: nanoseconds between bursts (default 0)
 * @SOCKCTL_A_RATE_PPS: u32: packets per second, exclusive with
 *	SOCKCTL_A_INTERVAL_NS and SOCKCTL_A_RATE_BPS
 * @SOCKCTL_A_RATE_BPS: u64: bits per second on the wire (counting the
 *	frame as built, without preamble and FCS)
 * @SOCKCTL_A_BURST: u32: packets sent back to back per interval (default 1)
 * @SOCKCTL_A_VARY: nest, &enum sockctl_vary_attr, may repeat (at most
 *	8): change a field from packet to packet
 * @SOCKCTL_A_FRAG_SIZE: u16, 8-65528: fragment the IPv4 datagram so that
 *	no fragment's data exceeds this many bytes (rounded down to a
 *	multiple of 8); needs SOCKCTL_A_IPV4 without MF, a fragment offset or
 *	a total length set
 * @SOCKCTL_A_BACKGROUND: flag: run as a job even if short, and let it
 *	outlive the socket that started it (stop it with SOCKCTL_CMD_JOB_STOP)
 * @SOCKCTL_A_FRAME: reply of SOCKCTL_CMD_BUILD: nest, &enum
 *	sockctl_frame_attr, one per packet built
 * @SOCKCTL_A_JOB_ID: u32: a job of the caller's netns (reply of
 *	SOCKCTL_CMD_SEND; request of SOCKCTL_CMD_JOB_GET/_STOP)
 * @SOCKCTL_A_JOB: reply: nest, &enum sockctl_job_attr
 * @SOCKCTL_A_STATS: reply: nest, &enum sockctl_stats_attr
 * @SOCKCTL_A_CAPTURE: nest, &enum sockctl_capture_attr: a capture
 *	session's settings (SOCKCTL_CMD_CAPTURE_START), its id
 *	(SOCKCTL_CMD_CAPTURE_GET/_STOP) or its state and counters (replies
 *	and notifications)
 * @SOCKCTL_A_PACKET: notification SOCKCTL_CMD_CAPTURE_PACKETS: nest, &enum
 *	sockctl_packet_attr, one per captured packet
 */
enum sockctl_attr {
	SOCKCTL_A_UNSPEC,
	SOCKCTL_A_PAD,
	SOCKCTL_A_ETH,
	SOCKCTL_A_ARP,
	SOCKCTL_A_IPV4,
	SOCKCTL_A_IPV6,
	SOCKCTL_A_TCP,
	SOCKCTL_A_UDP,
	SOCKCTL_A_ICMP,
	SOCKCTL_A_ICMPV6,
	SOCKCTL_A_PAYLOAD,
	SOCKCTL_A_RAW,
	SOCKCTL_A_INJECT,
	SOCKCTL_A_IFINDEX,
	SOCKCTL_A_IFNAME,
	SOCKCTL_A_COUNT,
	SOCKCTL_A_INTERVAL_NS,
	SOCKCTL_A_RATE_PPS,
	SOCKCTL_A_RATE_BPS,
	SOCKCTL_A_BURST,
	SOCKCTL_A_VARY,
	SOCKCTL_A_FRAG_SIZE,
	SOCKCTL_A_BACKGROUND,
	SOCKCTL_A_FRAME,
	SOCKCTL_A_JOB_ID,
	SOCKCTL_A_JOB,
	SOCKCTL_A_STATS,
	SOCKCTL_A_CAPTURE,
	SOCKCTL_A_PACKET,

	/* private: */
	__SOCKCTL_A_MAX,
	SOCKCTL_A_MAX = (__SOCKCTL_A_MAX - 1)
};

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

/**
 * enum sockctl_stats_attr - send counters, nest SOCKCTL_A_STATS or inside
 *	SOCKCTL_A_JOB
 * @SOCKCTL_A_STATS_UNSPEC: unused
 * @SOCKCTL_A_STATS_PAD: padding, ignore
 * @SOCKCTL_A_STATS_PACKETS: u64: packets handed to the injection point
 *	without error
 * @SOCKCTL_A_STATS_BYTES: u64: their bytes, as built
 * @SOCKCTL_A_STATS_ERRORS: u64: packets the injection point refused (the
 *	device queue full, no route, dropped by a netfilter hook...)
 * @SOCKCTL_A_STATS_JOBS: u64: jobs started (netns counters only)
 * @SOCKCTL_A_STATS_LAST_ERROR: u32: the errno of the latest refusal
 *	counted in SOCKCTL_A_STATS_ERRORS (e.g. 113 EHOSTUNREACH), if any
 * @SOCKCTL_A_STATS_CAPTURES: u64: capture sessions started (netns only)
 * @SOCKCTL_A_STATS_CAPTURED: u64: packets delivered to capture sessions'
 *	sockets (netns only)
 * @SOCKCTL_A_STATS_CAPTURE_DROPS: u64: packets capture sessions matched
 *	but could not deliver, for any reason (netns only)
 */
enum sockctl_stats_attr {
	SOCKCTL_A_STATS_UNSPEC,
	SOCKCTL_A_STATS_PAD,
	SOCKCTL_A_STATS_PACKETS,
	SOCKCTL_A_STATS_BYTES,
	SOCKCTL_A_STATS_ERRORS,
	SOCKCTL_A_STATS_JOBS,
	SOCKCTL_A_STATS_LAST_ERROR,
	SOCKCTL_A_STATS_CAPTURES,
	SOCKCTL_A_STATS_CAPTURED,
	SOCKCTL_A_STATS_CAPTURE_DROPS,

	/* private: */
	__SOCKCTL_A_STATS_MAX,
	SOCKCTL_A_STATS_MAX = (__SOCKCTL_A_STATS_MAX - 1)
};

/**
 * enum sockctl_job_attr - a send job, nest SOCKCTL_A_JOB
 * @SOCKCTL_A_JOB_UNSPEC: unused
 * @SOCKCTL_A_JOB_PAD: padding, ignore
 * @SOCKCTL_A_JOB_JOB_ID: u32: its id, unique in its netns
 * @SOCKCTL_A_JOB_STATE: u8, &enum sockctl_job_state
 * @SOCKCTL_A_JOB_COUNT: u32: packets asked for
 * @SOCKCTL_A_JOB_ERROR: u32: the errno that failed it (SOCKCTL_JOB_FAILED),
 *	or ENODEV when it stopped because its device went away
 * @SOCKCTL_A_JOB_STATS: nest, &enum sockctl_stats_attr: what it sent
 * @SOCKCTL_A_JOB_ELAPSED_NS: u64: time from start to now or to its end
 */
enum sockctl_job_attr {
	SOCKCTL_A_JOB_UNSPEC,
	SOCKCTL_A_JOB_PAD,
	SOCKCTL_A_JOB_JOB_ID,
	SOCKCTL_A_JOB_STATE,
	SOCKCTL_A_JOB_COUNT,
	SOCKCTL_A_JOB_ERROR,
	SOCKCTL_A_JOB_STATS,
	SOCKCTL_A_JOB_ELAPSED_NS,

	/* private: */
	__SOCKCTL_A_JOB_MAX,
	SOCKCTL_A_JOB_MAX = (__SOCKCTL_A_JOB_MAX - 1)
};

/**
 * enum sockctl_capture_attr - a capture session, nest SOCKCTL_A_CAPTURE
 * @SOCKCTL_A_CAPTURE_UNSPEC: unused
 * @SOCKCTL_A_CAPTURE_PAD: padding, ignore
 * @SOCKCTL_A_CAPTURE_ID: u32: the session, unique in its netns (reply;
 *	request of SOCKCTL_CMD_CAPTURE_GET/_STOP, where it is the only
 *	attribute allowed)
 * @SOCKCTL_A_CAPTURE_DIRECTION: u8, &enum sockctl_capture_dir (default
 *	SOCKCTL_CAPTURE_BOTH)
 * @SOCKCTL_A_CAPTURE_SNAPLEN: u32, 1-SOCKCTL_MAX_FRAME_REPLY: bytes kept of
 *	each packet, from its link-layer header (default
 *	SOCKCTL_MAX_FRAME_REPLY).  A filter may keep fewer (its return value).
 * @SOCKCTL_A_CAPTURE_COUNT: u64: end the session after this many packets
 *	have matched (default 0: no limit)
 * @SOCKCTL_A_CAPTURE_FILTER: binary: a classic BPF program, an array of
 *	struct sock_filter (8 bytes each, at most 4096), run on each packet
 *	from its Ethernet header as SO_ATTACH_FILTER runs it: it returns how
 *	many bytes to keep, 0 to ignore the packet.  What pcap_compile()
 *	makes of a tcpdump expression for DLT_EN10MB.  The kernel's BPF
 *	checker must accept it, or the request fails with -EINVAL.
 * @SOCKCTL_A_CAPTURE_QUEUE_LEN: u32, 1-65536: the most packets captured but
 *	not yet delivered to the socket (default 4096); a packet matched while
 *	the queue is full is dropped and counted in
 *	SOCKCTL_A_CAPTURE_DROPS_QUEUE
 * @SOCKCTL_A_CAPTURE_FLUSH_US: u32, 1-1000000: microseconds a part-filled
 *	batch waits for more packets before it is sent (default 10000); the
 *	kernel rounds it up to its clock tick (1 to 10 ms, by its HZ)
 * @SOCKCTL_A_CAPTURE_IFINDEX: u32 (reply): the device captured on, 0 for
 *	all
 * @SOCKCTL_A_CAPTURE_PORTID: u32 (reply): the netlink port the packets go to
 * @SOCKCTL_A_CAPTURE_FILTER_LEN: u32 (reply): instructions in the filter,
 *	0 for none
 * @SOCKCTL_A_CAPTURE_MATCHED: u64 (reply): packets that passed the
 *	direction, device and filter tests; the last sequence number given
 * @SOCKCTL_A_CAPTURE_DELIVERED: u64 (reply): packets handed to the socket
 * @SOCKCTL_A_CAPTURE_DROPS_QUEUE: u64 (reply): matched packets dropped
 *	because the queue was full
 * @SOCKCTL_A_CAPTURE_DROPS_SOCKET: u64 (reply): packets lost because the
 *	socket's receive buffer was full (ENOBUFS) when their batch was sent
 * @SOCKCTL_A_CAPTURE_DROPS_NOMEM: u64 (reply): matched packets dropped
 *	because no memory could be had for them
 * @SOCKCTL_A_CAPTURE_QUEUED: u32 (reply): packets waiting to be delivered
 * @SOCKCTL_A_CAPTURE_MESSAGES: u64 (reply): SOCKCTL_CMD_CAPTURE_PACKETS
 *	messages delivered
 * @SOCKCTL_A_CAPTURE_ELAPSED_NS: u64 (reply): time since the start
 * @SOCKCTL_A_CAPTURE_END_REASON: u8 (SOCKCTL_CMD_CAPTURE_END), &enum
 *	sockctl_capture_end
 *
 * MATCHED == DELIVERED + DROPS_QUEUE + DROPS_SOCKET + DROPS_NOMEM + QUEUED
 * at any time: no packet is lost without being counted.
 */
enum sockctl_capture_attr {
	SOCKCTL_A_CAPTURE_UNSPEC,
	SOCKCTL_A_CAPTURE_PAD,
	SOCKCTL_A_CAPTURE_ID,
	SOCKCTL_A_CAPTURE_DIRECTION,
	SOCKCTL_A_CAPTURE_SNAPLEN,
	SOCKCTL_A_CAPTURE_COUNT,
	SOCKCTL_A_CAPTURE_FILTER,
	SOCKCTL_A_CAPTURE_QUEUE_LEN,
	SOCKCTL_A_CAPTURE_FLUSH_US,
	SOCKCTL_A_CAPTURE_IFINDEX,
	SOCKCTL_A_CAPTURE_PORTID,
	SOCKCTL_A_CAPTURE_FILTER_LEN,
	SOCKCTL_A_CAPTURE_MATCHED,
	SOCKCTL_A_CAPTURE_DELIVERED,
	SOCKCTL_A_CAPTURE_DROPS_QUEUE,
	SOCKCTL_A_CAPTURE_DROPS_SOCKET,
	SOCKCTL_A_CAPTURE_DROPS_NOMEM,
	SOCKCTL_A_CAPTURE_QUEUED,
	SOCKCTL_A_CAPTURE_MESSAGES,
	SOCKCTL_A_CAPTURE_ELAPSED_NS,
	SOCKCTL_A_CAPTURE_END_REASON,

	/* private: */
	__SOCKCTL_A_CAPTURE_MAX,
	SOCKCTL_A_CAPTURE_MAX = (__SOCKCTL_A_CAPTURE_MAX - 1)
};

/**
 * enum sockctl_packet_attr - one captured packet, nest SOCKCTL_A_PACKET
 * @SOCKCTL_A_PACKET_UNSPEC: unused
 * @SOCKCTL_A_PACKET_PAD: padding, ignore
 * @SOCKCTL_A_PACKET_SEQ: u64: its number in the session, from 1, in
 *	capture order.  Every matched packet takes a number, delivered or
 *	not: a gap is a drop.
 * @SOCKCTL_A_PACKET_TSTAMP_NS: u64: when it was captured, nanoseconds since
 *	the epoch (CLOCK_REALTIME)
 * @SOCKCTL_A_PACKET_IFINDEX: u32: the device it was seen on
 * @SOCKCTL_A_PACKET_IFNAME: string: that device's name at capture time
 * @SOCKCTL_A_PACKET_DIRECTION: u8: SOCKCTL_CAPTURE_IN or SOCKCTL_CAPTURE_OUT
 * @SOCKCTL_A_PACKET_PKTTYPE: u8: the kernel's PACKET_* class (0 host,
 *	1 broadcast, 2 multicast, 3 other host, 4 outgoing), as in
 *	sockaddr_ll.sll_pkttype
 * @SOCKCTL_A_PACKET_PROTOCOL: u16: the packet's link-layer protocol
 *	(ETH_P_*, e.g. 0x0800), host byte order
 * @SOCKCTL_A_PACKET_ORIG_LEN: u32: its length on the wire, from the
 *	link-layer header, without a VLAN tag held outside the data
 * @SOCKCTL_A_PACKET_DATA: binary: its first bytes (snap length, filter's
 *	return value and batch size permitting), from the Ethernet header
 * @SOCKCTL_A_PACKET_VLAN_TCI: u16: a VLAN tag the device held outside the
 *	data (hardware tagging: the frame carried it after the source MAC);
 *	absent if none
 * @SOCKCTL_A_PACKET_VLAN_TPID: u16: that tag's protocol (0x8100 or 0x88a8)
 */
enum sockctl_packet_attr {
	SOCKCTL_A_PACKET_UNSPEC,
	SOCKCTL_A_PACKET_PAD,
	SOCKCTL_A_PACKET_SEQ,
	SOCKCTL_A_PACKET_TSTAMP_NS,
	SOCKCTL_A_PACKET_IFINDEX,
	SOCKCTL_A_PACKET_IFNAME,
	SOCKCTL_A_PACKET_DIRECTION,
	SOCKCTL_A_PACKET_PKTTYPE,
	SOCKCTL_A_PACKET_PROTOCOL,
	SOCKCTL_A_PACKET_ORIG_LEN,
	SOCKCTL_A_PACKET_DATA,
	SOCKCTL_A_PACKET_VLAN_TCI,
	SOCKCTL_A_PACKET_VLAN_TPID,

	/* private: */
	__SOCKCTL_A_PACKET_MAX,
	SOCKCTL_A_PACKET_MAX = (__SOCKCTL_A_PACKET_MAX - 1)
};

#endif /* _UAPI_LINUX_SOCKCTL_H */
