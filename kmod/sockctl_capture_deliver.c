// SPDX-License-Identifier: GPL-2.0
/*
 * Capture delivery: the worker that sends a session's closed batches to
 * its socket, and the SOCKCTL_CMD_CAPTURE_END message.
 *
 * Batches go by unicast to the one socket that started the session,
 * never by multicast: no other socket can listen in.  Sending does not
 * wait: when the socket's receive buffer is full the batch is lost, its
 * packets are counted in drops_socket and the socket gets ENOBUFS, as
 * with any netlink overrun.  The queue bound applies before that, in the
 * hook, so a slow reader costs memory only up to queue_len packets.
 */
#include <net/genetlink.h>
#include <net/sock.h>

#include "sockctl.h"
#include "sockctl_capture.h"

/*
 * Unicast @msg to the session's socket, if that socket is still there.
 * Netlink frees a port id (netlink_remove()) before it marks the socket
 * dead (sock_orphan(), which takes sk_callback_lock for writing) and only
 * then runs the release notifier that ends the socket's sessions.  A
 * session already out of the list by then (its own end work, a STOP)
 * could send its last batches and its END to a new socket that took the
 * port id, as a process closing and reopening its socket does.  Holding
 * the callback lock for reading across the check and the unicast (which
 * does not sleep: MSG_DONTWAIT) makes sock_orphan() wait for it; what is
 * left is a socket of another thread binding the very port id between
 * netlink_remove() and sock_orphan(), a few instructions apart.
 */
static int unicast_to_owner(struct sockctl_capture *c, struct sk_buff *msg)
{
	struct sock *sk = c->owner;
	int err;

	if (!sk)
		return genlmsg_unicast(c->net, msg, c->portid);
	read_lock_bh(&sk->sk_callback_lock);
	if (sock_flag(sk, SOCK_DEAD)) {
		nlmsg_free(msg);
		err = -ECONNREFUSED;
	} else {
		err = genlmsg_unicast(c->net, msg, c->portid);
	}
	read_unlock_bh(&sk->sk_callback_lock);
	return err;
}

static void deliver(struct sockctl_capture *c, struct sk_buff_head *q)
{
	struct sk_buff *msg;

	while ((msg = __skb_dequeue(q))) {
		unsigned int n = sockctl_capture_batch_packets(msg);
		int err;

		sockctl_capture_batch_seal(msg);
		err = unicast_to_owner(c, msg);

		spin_lock_bh(&c->lock);
		c->count.queued -= n;
		if (err) {
			c->count.drops_socket += n;
		} else {
			c->count.delivered += n;
			c->count.messages++;
		}
		spin_unlock_bh(&c->lock);
		atomic64_add(n, err ? &c->sn->capture_drops : &c->sn->captured);
	}
}

/*
 * Take the batches that are due: every closed one, and the one being
 * filled if @all or if it has waited flush_jiffies.  Returns how long the
 * one left open may still wait, or 0 if none is.
 */
static unsigned long take_due(struct sockctl_capture *c,
			      struct sk_buff_head *q, bool all)
{
	unsigned long wait = 0;

	spin_lock_bh(&c->lock);
	if (c->batch) {
		unsigned long due = sockctl_capture_batch_opened(c->batch) +
				    c->flush_jiffies;

		if (all || time_after_eq(jiffies, due))
			sockctl_capture_batch_close(c);
		else
			wait = due - jiffies;
	}
	skb_queue_splice_tail_init(&c->ready, q);
	spin_unlock_bh(&c->lock);
	return wait;
}

/**
 * sockctl_capture_flush_work() - send what is due, re-arm for the rest
 * @work: the session's flush work
 */
void sockctl_capture_flush_work(struct work_struct *work)
{
	struct sockctl_capture *c = container_of(to_delayed_work(work),
						 struct sockctl_capture, flush);
	struct sk_buff_head q;
	unsigned long wait;

	__skb_queue_head_init(&q);
	wait = take_due(c, &q, false);
	deliver(c, &q);
	/*
	 * The hook arms the timer when it opens a batch, but not while this
	 * work is pending: the batch left open needs it from us.
	 */
	if (wait)
		queue_delayed_work(sockctl_wq, &c->flush, wait);
}

/**
 * sockctl_capture_deliver_all() - send everything queued, now
 * @c: a session whose tap is gone and whose flush work is cancelled
 */
void sockctl_capture_deliver_all(struct sockctl_capture *c)
{
	struct sk_buff_head q;

	__skb_queue_head_init(&q);
	take_due(c, &q, true);
	deliver(c, &q);
}

/**
 * sockctl_capture_send_end() - tell the session's socket it is over
 * @c: the session, closing, everything delivered
 *
 * Best effort: if the socket cannot take it, it is gone or overrun, and
 * learns the end from SOCKCTL_CMD_CAPTURE_GET.
 */
void sockctl_capture_send_end(struct sockctl_capture *c)
{
	struct sockctl_capture_counters cnt;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &sockctl_genl_family, 0,
			  SOCKCTL_CMD_CAPTURE_END);
	sockctl_capture_snapshot(c, &cnt);
	if (!hdr || sockctl_capture_fill(msg, c, &cnt)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	unicast_to_owner(c, msg);
}
