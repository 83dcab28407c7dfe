/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture nests of the sockctl family decoded for the selftests: a
 * SOCKCTL_A_CAPTURE nest (a session's settings, counters, end reason) into
 * a struct cap_info, a SOCKCTL_A_PACKET nest into a struct cap_packet; and
 * what a cap_info's counters say.
 *
 * Tests check the kernel's messages, so decoding notes what it met rather
 * than trusting it: which attributes were there (CAP_HAS(), PKT_HAS()) and
 * the first one of the wrong size (bad_attr), whose value is then left 0.
 */
#ifndef SOCKCTL_CAPTURE_PARSE_H
#define SOCKCTL_CAPTURE_PARSE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>
#include <linux/sockctl.h>

/* A SOCKCTL_A_CAPTURE nest: settings, counters, end reason. */
struct cap_info {
	uint32_t present;	/* bit SOCKCTL_A_CAPTURE_x: attribute x was there */
	uint32_t id;
	uint8_t direction;
	uint32_t snaplen;
	uint64_t count;
	uint32_t queue_len;
	uint32_t flush_us;
	uint32_t ifindex;
	uint32_t portid;
	uint32_t filter_len;
	uint64_t matched, delivered;
	uint64_t drops_queue, drops_socket, drops_nomem;
	uint32_t queued;
	uint64_t messages;
	uint64_t elapsed_ns;
	uint8_t end_reason;
	int bad_attr;		/* type of an attribute of the wrong size, or 0 */
};

#define CAP_HAS(ci, attr)	(((ci)->present >> (attr)) & 1)

/* DROPS_QUEUE + DROPS_SOCKET + DROPS_NOMEM */
uint64_t cap_drops(const struct cap_info *ci);
/* MATCHED == DELIVERED + drops + QUEUED (the uapi's invariant) */
bool cap_balanced(const struct cap_info *ci);
/*
 * "matched 5 delivered 4 drops_queue 1 drops_socket 0 drops_nomem 0 queued 0
 * messages 2", in a static buffer
 */
const char *cap_counters_str(const struct cap_info *ci);
const char *cap_end_name(uint8_t reason);

/* One captured packet (a SOCKCTL_A_PACKET nest). */
struct cap_packet {
	uint32_t session;	/* SOCKCTL_A_CAPTURE_ID of its message */
	uint32_t msg;		/* index of its message in cap_rx.msgs */
	uint32_t present;	/* bit SOCKCTL_A_PACKET_x: attribute x was there */
	uint64_t seq;
	uint64_t tstamp_ns;
	uint32_t ifindex;
	char ifname[IFNAMSIZ];
	uint8_t direction;
	uint8_t pkttype;
	uint16_t protocol;
	uint32_t orig_len;
	uint16_t vlan_tci, vlan_tpid;
	int bad_attr;		/* type of an attribute of the wrong size, or 0 */
	size_t len;
	uint8_t *data;		/* malloc'd, len bytes */
};

#define PKT_HAS(p, attr)	(((p)->present >> (attr)) & 1)

/* Decode a SOCKCTL_A_CAPTURE nest into *ci (all of it rewritten). */
void cap_parse_info(const struct nlattr *nest, struct cap_info *ci);
/*
 * Decode a SOCKCTL_A_PACKET nest into *p, which the caller has zeroed (and
 * given its session and msg): the nest only sets what it carries, and
 * replaces p->data.  0, or -ENOMEM (no copy of the packet's DATA).
 */
int cap_parse_packet(const struct nlattr *nest, struct cap_packet *p);

#endif /* SOCKCTL_CAPTURE_PARSE_H */
