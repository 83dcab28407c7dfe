// SPDX-License-Identifier: GPL-2.0
/*
 * The capture tap: an ETH_P_ALL packet_type per session, called for every
 * packet its device receives or transmits (for a session on every device,
 * every packet of any netns), as AF_PACKET's is, in softirq or with bottom
 * halves disabled.  It selects the session's packets (netns, device,
 * direction, then the classic BPF filter) and appends them to the
 * session's batch; the delivery worker does the rest.
 *
 * A matched packet always takes a sequence number; if it cannot be queued
 * it is counted as a drop, so user space sees every loss as a gap.
 */
#include <linux/if_arp.h>

#include "sockctl.h"
#include "sockctl_capture.h"

/**
 * sockctl_capture_dev_ok() - can a session capture on this device?
 * @dev: the device
 *
 * Filters are compiled for Ethernet framing and packets are handed out
 * from their Ethernet header: only devices that frame so qualify
 * (loopback does).
 *
 * Return: true if it does.
 */
bool sockctl_capture_dev_ok(const struct net_device *dev)
{
	return dev->type == ARPHRD_ETHER || dev->type == ARPHRD_LOOPBACK;
}

static bool capture_wants(const struct sockctl_capture *c,
			  const struct sk_buff *skb,
			  const struct net_device *dev)
{
	u8 dir = skb->pkt_type == PACKET_OUTGOING ? SOCKCTL_CAPTURE_OUT :
						     SOCKCTL_CAPTURE_IN;

	/* Multicast we sent, looped back: the outgoing copy was seen. */
	if (skb->pkt_type == PACKET_LOOPBACK)
		return false;
	return READ_ONCE(c->live) && net_eq(dev_net(dev), c->net) &&
	       (!c->ifindex || dev->ifindex == c->ifindex) &&
	       (c->dir & dir) && sockctl_capture_dev_ok(dev);
}

/**
 * sockctl_capture_enqueue() - filter a packet and queue it in a batch
 * @c: the session
 * @skb: the packet, skb->data at its Ethernet header
 * @dev: the device it was seen on
 *
 * Context: any but hard IRQ; takes the session's lock.
 * Return: what the caller must get the workqueue to do, &enum
 * sockctl_capture_action.
 */
int sockctl_capture_enqueue(struct sockctl_capture *c, struct sk_buff *skb,
			    const struct net_device *dev)
{
	int action = SOCKCTL_CAPTURE_IDLE;
	unsigned int keep = UINT_MAX, caplen;
	bool arm;
	u32 ready;
	u64 seq;

	if (c->filter) {
		keep = bpf_prog_run_clear_cb(c->filter, skb);
		if (!keep)
			return action;
	}
	caplen = min3(keep, c->snaplen, skb->len);

	spin_lock_bh(&c->lock);
	ready = skb_queue_len(&c->ready);
	if (c->closing)
		goto unlock;
	arm = !c->batch;
	/*
	 * A batch too full for this packet is closed before the packet is
	 * counted: the counters it carries must add up (matched ==
	 * delivered + drops + queued), and this packet is none of those yet.
	 */
	sockctl_capture_batch_make_room(c, caplen);
	seq = ++c->count.matched;
	if (c->limit && seq >= c->limit) {
		c->closing = true;
		c->end_reason = SOCKCTL_CAPTURE_END_COUNT;
		action = SOCKCTL_CAPTURE_END;
	}
	if (c->count.queued >= c->queue_len) {
		c->count.drops_queue++;
		atomic64_inc(&c->sn->capture_drops);
		goto unlock;
	}
	if (sockctl_capture_batch_add(c, skb, dev, seq, caplen, skb->len)) {
		c->count.drops_nomem++;
		atomic64_inc(&c->sn->capture_drops);
		goto unlock;
	}
	c->count.queued++;
	if (arm && action == SOCKCTL_CAPTURE_IDLE)
		action = SOCKCTL_CAPTURE_ARM;
unlock:
	/* A batch was closed to make room: it is ready to go now. */
	if (skb_queue_len(&c->ready) != ready && action != SOCKCTL_CAPTURE_END)
		action = SOCKCTL_CAPTURE_KICK;
	spin_unlock_bh(&c->lock);
	return action;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_capture_enqueue);

static void capture_packet(struct sockctl_capture *c, struct sk_buff *skb,
			   const struct net_device *dev)
{
	switch (sockctl_capture_enqueue(c, skb, dev)) {
	case SOCKCTL_CAPTURE_END:
		/* The end work holds a reference; we may not sleep here. */
		refcount_inc(&c->refs);
		if (!queue_work(sockctl_wq, &c->end))
			sockctl_capture_put(c);
		break;
	case SOCKCTL_CAPTURE_KICK:
		mod_delayed_work(sockctl_wq, &c->flush, 0);
		break;
	case SOCKCTL_CAPTURE_ARM:
		/* A new batch: send it at the latest flush_us from now. */
		queue_delayed_work(sockctl_wq, &c->flush, c->flush_jiffies);
		break;
	}
}

/**
 * sockctl_capture_rcv() - the session's packet_type handler
 * @skb: a packet, shared with the stack and other taps
 * @dev: the device it was seen on
 * @pt: the session's tap
 * @orig_dev: the device it arrived on, before any upper device
 *
 * Return: 0.
 */
int sockctl_capture_rcv(struct sk_buff *skb, struct net_device *dev,
			struct packet_type *pt, struct net_device *orig_dev)
{
	struct sockctl_capture *c = container_of(pt, struct sockctl_capture, pt);
	u8 *data = skb->data;
	unsigned int len = skb->len;

	if (!capture_wants(c, skb, dev) || !skb_mac_header_was_set(skb) ||
	    skb_mac_header(skb) > skb->data)
		goto out;
	/*
	 * Received packets come with the link-layer header pulled; the
	 * filter and the copy start at it.  Put data back as it was after,
	 * like packet_rcv(): the skb is not ours.
	 */
	skb_push(skb, skb->data - skb_mac_header(skb));
	capture_packet(c, skb, dev);
	skb->data = data;
	skb->len = len;
out:
	consume_skb(skb);
	return 0;
}
