/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capture sessions for the selftests, on genl_client.h: start, get, dump
 * and stop sessions, and receive the SOCKCTL_CMD_CAPTURE_PACKETS and
 * SOCKCTL_CMD_CAPTURE_END notifications into arrays a test can check.
 *
 * genl_client_xfer() drops every message that is not the answer to its
 * request; a capture socket also receives notifications, at any time,
 * between replies included.  Every request here goes through cap_xfer(),
 * which files the notifications it meets into a struct cap_rx instead, so
 * none is lost.
 *
 *	struct cap_rx rx;
 *	struct cap_info ci;
 *
 *	cap_rx_init(&rx);
 *	nlh = genl_client_msg(c, buf, SOCKCTL_CMD_CAPTURE_START, 0);
 *	PUT_ATTRS(nlh, U32(SOCKCTL_A_IFINDEX, ifindex),
 *		  NEST(SOCKCTL_A_CAPTURE, U8(SOCKCTL_A_CAPTURE_DIRECTION, 1)));
 *	err = cap_xfer(c, nlh, &rx, &ci, 1, NULL);
 *	... traffic ...
 *	cap_collect(c, &rx, 10, 2000);		10 packets, or 2 s
 *	cap_stop(c, &rx, ci.id, &ci, NULL);
 *	cap_wait_end(c, &rx, 2000);
 *	cap_rx_free(&rx);
 *
 * Also here: the small system helpers the capture tests share (interface
 * counters over rtnetlink, links of any kind, sysctls in another netns, new
 * kernel log lines, the module's reference count).
 */
#ifndef SOCKCTL_CAPTURE_CLIENT_H
#define SOCKCTL_CAPTURE_CLIENT_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/if_link.h>
#include <linux/sockctl.h>

#include "genl_client.h"

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
/* "matched 5 delivered 4 dq 1 ds 0 dn 0 queued 0 messages 2", static buffer */
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
 * Send nlh (a do request: NLM_F_ACK is added) on c and wait for its ACK.
 * Notifications met on the way go into rx.  The SOCKCTL_A_CAPTURE nest of
 * each reply is parsed into infos[0..max_infos) (infos may be NULL).
 * extack (256 bytes, may be NULL) gets the kernel's message.  Returns the
 * ACK's error (0 or -errno), or -errno of the socket.
 */
int cap_xfer(struct genl_client *c, struct nlmsghdr *nlh, struct cap_rx *rx,
	     struct cap_info *infos, int max_infos, char *extack);

/* SOCKCTL_CMD_CAPTURE_GET / _STOP of session id. */
int cap_get(struct genl_client *c, struct cap_rx *rx, uint32_t id,
	    struct cap_info *info, char *extack);
int cap_stop(struct genl_client *c, struct cap_rx *rx, uint32_t id,
	     struct cap_info *info, char *extack);
/* SOCKCTL_CMD_CAPTURE_GET dump: the number of sessions (at most max stored). */
int cap_dump(struct genl_client *c, struct cap_rx *rx, struct cap_info *infos,
	     int max);

/*
 * Receive notifications for up to timeout_ms: returns once wait_for(rx, arg)
 * is true (checked after every message; NULL: after the first), or the
 * time is up.  1 if the condition was met, 0 on timeout, -errno.
 */
int cap_recv(struct genl_client *c, struct cap_rx *rx, int timeout_ms,
	     bool (*wait_for)(const struct cap_rx *rx, const void *arg),
	     const void *arg);
/* Until rx holds want packets (of any session) or an END came. */
int cap_collect(struct genl_client *c, struct cap_rx *rx, size_t want, int timeout_ms);
/* Until an END came for session id. */
int cap_wait_end(struct genl_client *c, struct cap_rx *rx, uint32_t id, int timeout_ms);
/* Until nothing arrives for quiet_ms (at most max_ms in all). */
void cap_drain(struct genl_client *c, struct cap_rx *rx, int quiet_ms, int max_ms);

/*
 * Join nlctrl's "notify" group: from then on rx->family_gone is set when the
 * family is unregistered (rmmod).  0 or -errno.
 */
int cap_watch_family(struct genl_client *c);

/* Set the receive buffer (SO_RCVBUFFORCE, else SO_RCVBUF); the size the kernel took. */
int cap_set_rcvbuf(struct genl_client *c, int bytes);

/* --- system helpers ------------------------------------------------------- */

/* IFLA_STATS64 of a device in the current netns. */
int link_stats(int ifindex, struct rtnl_link_stats64 *st);
/* ip link add NAME type KIND (no other attributes), in the current netns. */
int link_add_kind(const char *name, const char *kind);
/* Write value to /proc/sys/PATH as seen from netns_fd (-1: the current one). */
int sysctl_write(int netns_fd, const char *path, const char *value);

/* Kernel log: open positioned at its end; then the splats logged since. */
int kmsg_open(void);
/*
 * Read what was logged since kmsg_open() (or the last call); the number of
 * lines that look like a kernel splat (WARNING, BUG, Oops, KASAN, lockdep,
 * refcount, list corruption...), the first one copied to first.
 */
int kmsg_splats(int fd, char *first, size_t size);

/* /sys/module/sockctl/refcnt, or -1. */
int module_refcnt(void);

/* CLOCK_REALTIME and CLOCK_MONOTONIC in ns / ms. */
uint64_t now_real_ns(void);
long long now_mono_ms(void);

#endif /* SOCKCTL_CAPTURE_CLIENT_H */
