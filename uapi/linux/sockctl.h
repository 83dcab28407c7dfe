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

/* Each part of the interface in its own header, all of them here. */
#include <linux/sockctl_packet.h>	/* the packet description */
#include <linux/sockctl_send.h>		/* send jobs and counters */
#include <linux/sockctl_capture.h>	/* capture sessions */

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

#endif /* _UAPI_LINUX_SOCKCTL_H */
