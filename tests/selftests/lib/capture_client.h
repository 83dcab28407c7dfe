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
 *	cap_wait_end(c, &rx, ci.id, 2000);
 *	cap_rx_free(&rx);
 *
 * What it received is kept in capture_rx.h's struct cap_rx, its capture
 * nests decoded as capture_parse.h says; this header includes both, as its
 * functions take their types.
 */
#ifndef SOCKCTL_CAPTURE_CLIENT_H
#define SOCKCTL_CAPTURE_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>
#include <linux/sockctl.h>

#include "capture_parse.h"
#include "capture_rx.h"
#include "genl_client.h"

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

#endif /* SOCKCTL_CAPTURE_CLIENT_H */
