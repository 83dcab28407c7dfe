/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * sockctl uAPI: capture sessions.  What SOCKCTL_CMD_CAPTURE_START, _GET and
 * _STOP take and return, and the SOCKCTL_CMD_CAPTURE_PACKETS and
 * SOCKCTL_CMD_CAPTURE_END notifications.  Include <linux/sockctl.h>, which
 * includes this header.
 */
#ifndef _UAPI_LINUX_SOCKCTL_CAPTURE_H
#define _UAPI_LINUX_SOCKCTL_CAPTURE_H

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

#endif /* _UAPI_LINUX_SOCKCTL_CAPTURE_H */
