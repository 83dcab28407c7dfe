/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a capture socket received, kept for a test to check: the packets and
 * messages of SOCKCTL_CMD_CAPTURE_PACKETS notifications, the
 * SOCKCTL_CMD_CAPTURE_END ones, and the trouble met on the way.
 * capture_client.h's receive loop fills it; a test reads its fields.
 */
#ifndef SOCKCTL_CAPTURE_RX_H
#define SOCKCTL_CAPTURE_RX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "capture_parse.h"

/* One SOCKCTL_CMD_CAPTURE_PACKETS message. */
struct cap_msg {
	uint32_t session;
	uint32_t n_packets;
	size_t data_bytes;	/* sum of the packets' DATA lengths */
	size_t nlmsg_len;
	struct cap_info info;	/* its SOCKCTL_A_CAPTURE nest */
};

/* What a capture socket received. */
struct cap_rx {
	struct cap_packet *pkts;
	size_t n, alloc;
	struct cap_msg *msgs;
	size_t n_msgs, msgs_alloc;
	uint32_t max_batch;	/* most packets seen in one message */
	/* SOCKCTL_CMD_CAPTURE_END */
	int n_end;		/* END messages (one per session) */
	struct cap_info end;	/* the last one's nest */
	uint32_t ended_ids[64];	/* the sessions that ended, in order */
	bool packets_after_end;	/* a PACKETS message for an ended session */
	/* nlctrl's CTRL_CMD_DELFAMILY for our family (see cap_watch_family()) */
	bool family_gone;
	/* Trouble */
	int enobufs;		/* recv() failed with ENOBUFS (messages lost) */
	int truncated;		/* a message did not fit the buffer */
	int malformed;		/* a notification without its capture nest */
	int others;		/* messages of no known kind */
	uint8_t *buf;		/* receive buffer */
	size_t buf_size;
};

void cap_rx_init(struct cap_rx *rx);
void cap_rx_free(struct cap_rx *rx);
/* Forget the packets and messages received so far (counters included). */
void cap_rx_reset(struct cap_rx *rx);
/* Packets of one session (count). */
size_t cap_rx_count(const struct cap_rx *rx, uint32_t session);
/* Did session id end (SOCKCTL_CMD_CAPTURE_END received for it)? */
bool cap_rx_ended(const struct cap_rx *rx, uint32_t id);

/*
 * File a notification of the family into rx (nlh: its netlink header, the
 * genl header after it).  A PACKETS message: its packets and the message;
 * 0 or -ENOMEM.  An END message: the session's end.
 */
int cap_rx_add_packets_msg(struct cap_rx *rx, const struct nlmsghdr *nlh);
void cap_rx_add_end_msg(struct cap_rx *rx, const struct nlmsghdr *nlh);

#endif /* SOCKCTL_CAPTURE_RX_H */
