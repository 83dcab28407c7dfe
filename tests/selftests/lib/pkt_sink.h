/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A packet receiver for the injection selftests: an AF_PACKET SOCK_RAW
 * socket bound (ETH_P_ALL) to one device, possibly in another netns, that
 * hands back each frame the device received exactly as it was on the wire.
 *
 * The receive path moves an outer VLAN tag out of the frame into skb
 * metadata (skb_vlan_untag() in __netif_receive_skb_core(), before the taps
 * run), so AF_PACKET shows it only in PACKET_AUXDATA; the sink puts it back
 * (with its TPID) where it was, as libpcap does.  Frames the device sent
 * itself (PACKET_OUTGOING) are not received.
 *
 * The link is never completely quiet: the kernel sends MLD reports for the
 * IPv6 solicited-node groups of its addresses.  Every filter below ignores
 * that noise (IPv6 to a 33:33:xx:xx:xx:xx multicast MAC).
 */
#ifndef SOCKCTL_PKT_SINK_H
#define SOCKCTL_PKT_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SINK_FRAME_MAX	65600

struct pkt_sink {
	int fd;
	int ifindex;
	unsigned long ignored;	/* noise and filtered-out frames seen */
};

/* A filter: true if the test wants this frame. */
typedef bool (*pkt_filter)(const uint8_t *frame, size_t len, const void *arg);

/*
 * Capture on device ifindex of netns netns_fd (-1: the current netns).
 * 0 or -errno.
 */
int sink_open(struct pkt_sink *s, int netns_fd, int ifindex);
void sink_close(struct pkt_sink *s);

/*
 * The next frame received that keep(arg) accepts (keep NULL: any frame but
 * noise), within timeout_ms.  Returns its length (which may exceed size; at
 * most size bytes are copied), 0 on timeout, -errno on error.
 */
ssize_t sink_recv(struct pkt_sink *s, void *buf, size_t size, int timeout_ms,
		  pkt_filter keep, const void *arg);

/* Throw away what arrives until quiet_ms pass without a frame. */
void sink_drain(struct pkt_sink *s, int quiet_ms);

/* Filters. */
bool pkt_is_noise(const uint8_t *frame, size_t len);
/* arg: const uint16_t *, host order: the EtherType after any VLAN tags. */
bool pkt_ethertype(const uint8_t *frame, size_t len, const void *arg);
/* arg: const uint16_t *, host order: UDP over IPv4 or IPv6 to this port. */
bool pkt_udp_dport(const uint8_t *frame, size_t len, const void *arg);
/* arg: const uint8_t[6]: from this source MAC. */
bool pkt_src_mac(const uint8_t *frame, size_t len, const void *arg);

#endif /* SOCKCTL_PKT_SINK_H */
