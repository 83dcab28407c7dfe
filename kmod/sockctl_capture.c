// SPDX-License-Identifier: GPL-2.0
/*
 * Capture sessions: start, look up, list and end them.
 *
 * A netns's sessions are listed under its capture_lock (a mutex: ending
 * a session sleeps).  Whoever takes a session out of the list ends it:
 * a stop request, its count reached (the end work), its socket released,
 * its device unregistered, its netns dismantled or the module unloaded.
 * Ending removes the tap (which waits for hooks in flight), delivers
 * what was queued, says SOCKCTL_CMD_CAPTURE_END to the socket unless it
 * is gone, then drops the list's reference.
 *
 * Lock order: rtnl, then capture_lock.  Start takes both so a device
 * cannot go between its lookup and the session being listed where the
 * unregister notifier will find it.
 */
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "sockctl.h"
#include "sockctl_capture.h"

/* Internal end reason: the socket is gone, nobody to tell. */
#define CAPTURE_END_SILENT	0

void sockctl_capture_free(struct sockctl_capture *c)
{
	if (c->filter)
		bpf_prog_destroy(c->filter);
	kfree_skb(c->batch);
	__skb_queue_purge(&c->ready);
	if (c->owner)
		sock_put(c->owner);
	kfree(c);
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_capture_free);

void sockctl_capture_put(struct sockctl_capture *c)
{
	if (refcount_dec_and_test(&c->refs))
		sockctl_capture_free(c);
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_capture_put);

/**
 * sockctl_capture_snapshot() - read a session's counters consistently
 * @c: the session
 * @cnt: where to put them
 */
void sockctl_capture_snapshot(struct sockctl_capture *c,
			      struct sockctl_capture_counters *cnt)
{
	spin_lock_bh(&c->lock);
	*cnt = c->count;
	spin_unlock_bh(&c->lock);
}

static void capture_end_work(struct work_struct *work);

/**
 * sockctl_capture_alloc() - a session, not yet started
 * @net: the netns to capture in
 * @cfg: what to capture
 * @owner: the socket that asked, or NULL (tests); the session holds it
 * @portid: its port id, where the packets go
 * @extack: where to say why the filter is refused
 *
 * Return: the session (one reference) or an ERR_PTR.
 */
struct sockctl_capture *sockctl_capture_alloc(struct net *net,
					      const struct sockctl_capture_config *cfg,
					      struct sock *owner, u32 portid,
					      struct netlink_ext_ack *extack)
{
	struct sockctl_capture *c;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return ERR_PTR(-ENOMEM);
	if (cfg->filter_len) {
		struct sock_fprog_kern fprog = {
			.len	= cfg->filter_len,
			.filter	= cfg->filter,
		};

		/* The classic BPF checker of SO_ATTACH_FILTER; copies it. */
		err = bpf_prog_create(&c->filter, &fprog);
		if (err) {
			NL_SET_ERR_MSG(extack,
				       "the kernel's BPF checker refused the filter");
			kfree(c);
			return ERR_PTR(err);
		}
		c->filter_len = cfg->filter_len;
	}
	refcount_set(&c->refs, 1);
	c->pt.type = htons(ETH_P_ALL);
	c->pt.func = sockctl_capture_rcv;
	c->net = net;
	c->sn = sockctl_pernet(net);
	c->portid = portid;
	if (owner) {
		sock_hold(owner);
		c->owner = owner;
	}
	c->ifindex = cfg->ifindex;
	c->dir = cfg->dir;
	c->snaplen = cfg->snaplen;
	c->limit = cfg->limit;
	c->queue_len = cfg->queue_len;
	c->flush_us = cfg->flush_us;
	c->flush_jiffies = max(usecs_to_jiffies(cfg->flush_us), 1UL);
	spin_lock_init(&c->lock);
	__skb_queue_head_init(&c->ready);
	INIT_DELAYED_WORK(&c->flush, sockctl_capture_flush_work);
	INIT_WORK(&c->end, capture_end_work);
	return c;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_capture_alloc);

/*
 * End a session taken out of its list.  @from_end_work: called by the
 * session's own end work, which must not wait for itself.
 */
static void capture_shutdown(struct sockctl_capture *c, u8 reason,
			     bool from_end_work)
{
	/* After this no hook runs for the session (synchronize_net()). */
	dev_remove_pack(&c->pt);
	netdev_put(c->pt.dev, &c->dev_tracker);
	c->pt.dev = NULL;

	spin_lock_bh(&c->lock);
	if (!c->closing) {
		c->closing = true;
		c->end_reason = reason;
	}
	reason = c->end_reason;
	spin_unlock_bh(&c->lock);

	/* Cancel before delivering: the work must not race us for order. */
	cancel_delayed_work_sync(&c->flush);
	if (!from_end_work && cancel_work_sync(&c->end))
		sockctl_capture_put(c);	/* the end work's reference */

	if (reason == CAPTURE_END_SILENT) {
		/* Nobody to deliver to: what was queued is lost, and said so. */
		spin_lock_bh(&c->lock);
		c->count.drops_socket += c->count.queued;
		atomic64_add(c->count.queued, &c->sn->capture_drops);
		c->count.queued = 0;
		spin_unlock_bh(&c->lock);
	} else {
		sockctl_capture_deliver_all(c);
		sockctl_capture_send_end(c);
	}
	sockctl_capture_put(c);
}

/* Take a session out of its netns's list; false if someone else did. */
static bool capture_unlist(struct sockctl_capture *c)
{
	struct sockctl_net *sn = c->sn;
	bool was_listed;

	mutex_lock(&sn->capture_lock);
	was_listed = c->listed;
	if (was_listed) {
		list_del(&c->node);
		c->listed = false;
		sn->n_captures--;
	}
	mutex_unlock(&sn->capture_lock);
	return was_listed;
}

/* The hook saw the session's last packet; end it where we may sleep. */
static void capture_end_work(struct work_struct *work)
{
	struct sockctl_capture *c = container_of(work, struct sockctl_capture,
						 end);

	if (capture_unlist(c))
		capture_shutdown(c, SOCKCTL_CAPTURE_END_COUNT, true);
	sockctl_capture_put(c);
}

/**
 * sockctl_capture_start() - list a session and tap the stack for it
 * @net: the netns
 * @c: a session from sockctl_capture_alloc(); the list takes a reference
 * @extack: where to say what is wrong
 *
 * The session takes no packet until sockctl_capture_go(): its start reply
 * must reach the socket before its first packet.
 *
 * Return: 0, -ENODEV if its device is gone, -EBUSY at the session limit.
 */
int sockctl_capture_start(struct net *net, struct sockctl_capture *c,
			  struct netlink_ext_ack *extack)
{
	struct sockctl_net *sn = c->sn;
	struct net_device *dev = NULL;
	int err = 0;

	rtnl_lock();
	if (c->ifindex) {
		dev = __dev_get_by_index(net, c->ifindex);
		if (!dev) {
			NL_SET_ERR_MSG(extack, "the device went away");
			err = -ENODEV;
			goto unlock_rtnl;
		}
	}
	mutex_lock(&sn->capture_lock);
	if (sn->n_captures >= SOCKCTL_MAX_CAPTURES) {
		NL_SET_ERR_MSG(extack,
			       "too many capture sessions in this network namespace");
		err = -EBUSY;
		goto unlock;
	}
	c->id = ++sn->next_capture_id;
	c->start_ns = ktime_get_ns();
	refcount_inc(&c->refs);
	list_add_tail(&c->node, &sn->captures);
	c->listed = true;
	sn->n_captures++;
	/*
	 * Listed under RTNL: the device's NETDEV_UNREGISTER, which ends the
	 * session and so drops this reference, cannot come first.
	 */
	if (dev) {
		netdev_hold(dev, &c->dev_tracker, GFP_KERNEL);
		c->pt.dev = dev;
	}
	dev_add_pack(&c->pt);
unlock:
	mutex_unlock(&sn->capture_lock);
unlock_rtnl:
	rtnl_unlock();
	if (!err)
		atomic64_inc(&sn->captures_started);
	return err;
}

/**
 * sockctl_capture_go() - let a started session take packets
 * @c: the session
 */
void sockctl_capture_go(struct sockctl_capture *c)
{
	WRITE_ONCE(c->live, true);
}

/**
 * sockctl_capture_end() - end a listed session
 * @c: the session, with a reference held by the caller
 * @reason: enum sockctl_capture_end
 *
 * Return: 0, or -ENOENT if it was already ending.
 */
int sockctl_capture_end(struct sockctl_capture *c, u8 reason)
{
	if (!capture_unlist(c))
		return -ENOENT;
	capture_shutdown(c, reason, false);
	return 0;
}

/**
 * sockctl_capture_get() - find a session of a netns
 * @net: the netns
 * @id: the session's id
 *
 * Return: the session with a reference (sockctl_capture_put() it), or NULL.
 */
struct sockctl_capture *sockctl_capture_get(struct net *net, u32 id)
{
	struct sockctl_net *sn = sockctl_pernet(net);
	struct sockctl_capture *c, *found = NULL;

	mutex_lock(&sn->capture_lock);
	list_for_each_entry(c, &sn->captures, node) {
		if (c->id == id) {
			refcount_inc(&c->refs);
			found = c;
			break;
		}
	}
	mutex_unlock(&sn->capture_lock);
	return found;
}

/**
 * sockctl_capture_next() - the session after another, for dumps
 * @net: the netns
 * @last_id: the id of the session dumped last, 0 to start
 *
 * Return: the listed session with the smallest id above @last_id, with a
 * reference, or NULL.  Ids only grow, and the list is in id order.
 */
struct sockctl_capture *sockctl_capture_next(struct net *net, u32 last_id)
{
	struct sockctl_net *sn = sockctl_pernet(net);
	struct sockctl_capture *c, *found = NULL;

	mutex_lock(&sn->capture_lock);
	list_for_each_entry(c, &sn->captures, node) {
		if (c->id > last_id) {
			refcount_inc(&c->refs);
			found = c;
			break;
		}
	}
	mutex_unlock(&sn->capture_lock);
	return found;
}

/* End every session of @sn that @match picks. */
static void captures_end_matching(struct sockctl_net *sn, u8 reason,
				  bool (*match)(const struct sockctl_capture *c,
						u32 key),
				  u32 key)
{
	struct sockctl_capture *c, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&sn->capture_lock);
	list_for_each_entry_safe(c, tmp, &sn->captures, node) {
		if (!match(c, key))
			continue;
		list_move_tail(&c->node, &gone);
		c->listed = false;
		sn->n_captures--;
	}
	mutex_unlock(&sn->capture_lock);

	list_for_each_entry_safe(c, tmp, &gone, node) {
		list_del(&c->node);
		capture_shutdown(c, reason, false);
	}
}

static bool match_portid(const struct sockctl_capture *c, u32 portid)
{
	return c->portid == portid;
}

static bool match_ifindex(const struct sockctl_capture *c, u32 ifindex)
{
	return c->ifindex && c->ifindex == ifindex;
}

static bool match_all(const struct sockctl_capture *c, u32 unused)
{
	return true;
}

/* A netlink socket was released: its sessions end, silently. */
void sockctl_captures_socket_gone(struct sockctl_net *sn, u32 portid)
{
	captures_end_matching(sn, CAPTURE_END_SILENT, match_portid, portid);
}

/* A device is being unregistered (or leaves the netns). */
void sockctl_captures_dev_gone(struct sockctl_net *sn, int ifindex)
{
	captures_end_matching(sn, SOCKCTL_CAPTURE_END_DEVICE, match_ifindex,
			      ifindex);
}

void sockctl_captures_net_init(struct sockctl_net *sn)
{
	mutex_init(&sn->capture_lock);
	INIT_LIST_HEAD(&sn->captures);
}

/**
 * sockctl_captures_unload() - end every netns's sessions, the module going
 *
 * Called before the family is unregistered, so that each session's socket
 * gets its CAPTURE_END (UNLOAD) under a family id that still means sockctl,
 * before nlctrl announces the family's removal.  A session started after
 * this is ended by the pernet exit, as those of a dismantled netns are.
 */
void sockctl_captures_unload(void)
{
	struct net *net;

	/* Every netns in the list has its sockctl state (init ran first). */
	down_read(&net_rwsem);
	for_each_net(net)
		captures_end_matching(sockctl_pernet(net),
				      SOCKCTL_CAPTURE_END_UNLOAD, match_all, 0);
	up_read(&net_rwsem);
}

/* The netns is dismantled or the module unloaded. */
void sockctl_captures_net_exit(struct sockctl_net *sn)
{
	captures_end_matching(sn, SOCKCTL_CAPTURE_END_UNLOAD, match_all, 0);
	mutex_destroy(&sn->capture_lock);
}
