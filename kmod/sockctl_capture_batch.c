// SPDX-License-Identifier: GPL-2.0
/*
 * Capture batches: the SOCKCTL_CMD_CAPTURE_PACKETS messages captured
 * packets are written into, straight from the hook.  Building the message
 * in place costs one copy per packet and one allocation per batch, and
 * a batch of small packets holds hundreds of them.
 *
 * A batch is filled under the session's lock until the next packet would
 * not fit (leaving room for the SOCKCTL_A_CAPTURE nest that closes it),
 * then closed onto the session's ready queue for the delivery worker.
 */
#include <net/genetlink.h>

#include "sockctl.h"
#include "sockctl_capture.h"

/**
 * struct capture_batch_cb - kept in a batch's skb->cb until it is sent
 * @packets: SOCKCTL_A_PACKET nests in the message
 * @opened: jiffies when its first packet was added
 */
struct capture_batch_cb {
	unsigned int packets;
	unsigned long opened;
};

static struct capture_batch_cb *batch_cb(const struct sk_buff *msg)
{
	BUILD_BUG_ON(sizeof(struct capture_batch_cb) > sizeof(msg->cb));
	return (struct capture_batch_cb *)msg->cb;
}

unsigned int sockctl_capture_batch_packets(const struct sk_buff *msg)
{
	return batch_cb(msg)->packets;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_capture_batch_packets);

/* jiffies when @msg got its first packet. */
unsigned long sockctl_capture_batch_opened(const struct sk_buff *msg)
{
	return batch_cb(msg)->opened;
}

/* Forget the bookkeeping: netlink reads skb->cb of what it delivers. */
void sockctl_capture_batch_seal(struct sk_buff *msg)
{
	memset(msg->cb, 0, sizeof(msg->cb));
}

/* A packet's attributes but for its data bytes. */
static unsigned int packet_overhead(void)
{
	return nla_total_size(0) +			/* SOCKCTL_A_PACKET */
	       2 * nla_total_size_64bit(sizeof(u64)) +	/* SEQ, TSTAMP_NS */
	       nla_total_size(sizeof(u32)) +		/* IFINDEX */
	       nla_total_size(IFNAMSIZ) +		/* IFNAME */
	       2 * nla_total_size(sizeof(u8)) +		/* DIRECTION, PKTTYPE */
	       3 * nla_total_size(sizeof(u16)) +	/* PROTOCOL, VLAN_* */
	       nla_total_size(sizeof(u32));		/* ORIG_LEN */
}

/* The SOCKCTL_A_CAPTURE nest that closes every batch. */
static unsigned int counters_size(void)
{
	return nla_total_size(0) +			/* SOCKCTL_A_CAPTURE */
	       2 * nla_total_size(sizeof(u32)) +	/* ID, QUEUED */
	       6 * nla_total_size_64bit(sizeof(u64));	/* the counters */
}

/**
 * sockctl_capture_put_counters() - put a session's id and counters
 * @msg: message, inside a SOCKCTL_A_CAPTURE nest
 * @c: the session
 * @cnt: its counters
 *
 * Return: 0 or -EMSGSIZE.
 */
int sockctl_capture_put_counters(struct sk_buff *msg,
				 const struct sockctl_capture *c,
				 const struct sockctl_capture_counters *cnt)
{
	if (nla_put_u32(msg, SOCKCTL_A_CAPTURE_ID, c->id) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_CAPTURE_MATCHED, cnt->matched,
			      SOCKCTL_A_CAPTURE_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_CAPTURE_DELIVERED, cnt->delivered,
			      SOCKCTL_A_CAPTURE_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_CAPTURE_DROPS_QUEUE,
			      cnt->drops_queue, SOCKCTL_A_CAPTURE_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_CAPTURE_DROPS_SOCKET,
			      cnt->drops_socket, SOCKCTL_A_CAPTURE_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_CAPTURE_DROPS_NOMEM,
			      cnt->drops_nomem, SOCKCTL_A_CAPTURE_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_CAPTURE_MESSAGES, cnt->messages,
			      SOCKCTL_A_CAPTURE_PAD) ||
	    nla_put_u32(msg, SOCKCTL_A_CAPTURE_QUEUED, cnt->queued))
		return -EMSGSIZE;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_capture_put_counters);

static struct sk_buff *batch_new(unsigned int need)
{
	unsigned int size = max_t(unsigned int, SOCKCTL_CAPTURE_BATCH_BYTES,
				  need) + counters_size();
	struct sk_buff *msg;

	/* Atomic: we are in the packet's path; a failure is a counted drop. */
	msg = genlmsg_new(size, GFP_ATOMIC | __GFP_NOWARN);
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, 0, 0, &sockctl_genl_family, 0,
			 SOCKCTL_CMD_CAPTURE_PACKETS)) {
		nlmsg_free(msg);
		return NULL;
	}
	batch_cb(msg)->packets = 0;
	batch_cb(msg)->opened = jiffies;
	return msg;
}

/**
 * sockctl_capture_batch_close() - move the batch being filled to @ready
 * @c: the session, its lock held
 *
 * The counters it carries are those of this moment.
 */
void sockctl_capture_batch_close(struct sockctl_capture *c)
{
	struct sk_buff *msg = c->batch;
	struct nlattr *nest;

	lockdep_assert_held(&c->lock);
	if (!msg)
		return;
	c->batch = NULL;
	/* batch_add() kept room for this nest: it cannot fail. */
	nest = nla_nest_start(msg, SOCKCTL_A_CAPTURE);
	if (WARN_ON_ONCE(!nest ||
			 sockctl_capture_put_counters(msg, c, &c->count)))
		return;
	nla_nest_end(msg, nest);
	nlmsg_end(msg, nlmsg_hdr(msg));
	__skb_queue_tail(&c->ready, msg);
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_capture_batch_close);

static int put_packet(struct sk_buff *msg, const struct sk_buff *skb,
		      const struct net_device *dev, u64 seq,
		      unsigned int caplen, unsigned int orig_len)
{
	u8 dir = skb->pkt_type == PACKET_OUTGOING ? SOCKCTL_CAPTURE_OUT :
						     SOCKCTL_CAPTURE_IN;
	struct nlattr *nest, *data;

	nest = nla_nest_start(msg, SOCKCTL_A_PACKET);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, SOCKCTL_A_PACKET_SEQ, seq,
			      SOCKCTL_A_PACKET_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_PACKET_TSTAMP_NS,
			      ktime_get_real_ns(), SOCKCTL_A_PACKET_PAD) ||
	    nla_put_u32(msg, SOCKCTL_A_PACKET_IFINDEX, dev->ifindex) ||
	    nla_put_string(msg, SOCKCTL_A_PACKET_IFNAME, dev->name) ||
	    nla_put_u8(msg, SOCKCTL_A_PACKET_DIRECTION, dir) ||
	    nla_put_u8(msg, SOCKCTL_A_PACKET_PKTTYPE, skb->pkt_type) ||
	    nla_put_u16(msg, SOCKCTL_A_PACKET_PROTOCOL, ntohs(skb->protocol)) ||
	    nla_put_u32(msg, SOCKCTL_A_PACKET_ORIG_LEN, orig_len))
		goto cancel;
	if (skb_vlan_tag_present(skb) &&
	    (nla_put_u16(msg, SOCKCTL_A_PACKET_VLAN_TCI, skb_vlan_tag_get(skb)) ||
	     nla_put_u16(msg, SOCKCTL_A_PACKET_VLAN_TPID, ntohs(skb->vlan_proto))))
		goto cancel;
	data = nla_reserve(msg, SOCKCTL_A_PACKET_DATA, caplen);
	if (!data || skb_copy_bits(skb, 0, nla_data(data), caplen))
		goto cancel;
	nla_nest_end(msg, nest);
	return 0;

cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static unsigned int packet_needs(unsigned int caplen)
{
	return packet_overhead() + nla_total_size(caplen);
}

/**
 * sockctl_capture_batch_make_room() - close the batch if a packet won't fit
 * @c: the session, its lock held
 * @caplen: bytes of the packet that will be copied
 *
 * The next sockctl_capture_batch_add() then opens a new batch.
 */
void sockctl_capture_batch_make_room(struct sockctl_capture *c,
				     unsigned int caplen)
{
	lockdep_assert_held(&c->lock);
	if (c->batch &&
	    skb_tailroom(c->batch) < packet_needs(caplen) + counters_size())
		sockctl_capture_batch_close(c);
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_capture_batch_make_room);

/**
 * sockctl_capture_batch_add() - append a packet to the session's batch
 * @c: the session, its lock held
 * @skb: the packet, skb->data at its Ethernet header
 * @dev: the device it was seen on
 * @seq: its sequence number
 * @caplen: bytes of it to copy
 * @orig_len: its length
 *
 * The caller has made room (sockctl_capture_batch_make_room(), before it
 * counted the packet); opens a new batch if none is open (sized for the
 * packet if it is larger than a batch).
 *
 * Return: 0, or -ENOMEM if no message could be had.
 */
int sockctl_capture_batch_add(struct sockctl_capture *c,
			      const struct sk_buff *skb,
			      const struct net_device *dev, u64 seq,
			      unsigned int caplen, unsigned int orig_len)
{
	unsigned int need = packet_needs(caplen);

	lockdep_assert_held(&c->lock);
	if (!c->batch) {
		c->batch = batch_new(need);
		if (!c->batch)
			return -ENOMEM;
	}
	if (WARN_ON_ONCE(put_packet(c->batch, skb, dev, seq, caplen, orig_len)))
		return -ENOMEM;
	batch_cb(c->batch)->packets++;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_capture_batch_add);
