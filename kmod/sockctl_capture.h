/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capture sessions: what the hook, the delivery worker, the session
 * lifecycle and the netlink commands share.
 */
#ifndef _SOCKCTL_CAPTURE_H
#define _SOCKCTL_CAPTURE_H

#include <linux/filter.h>
#include <linux/netdevice.h>
#include <linux/refcount.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

/* Sessions per netns, reported as SOCKCTL_A_INFO_MAX_CAPTURES. */
#define SOCKCTL_MAX_CAPTURES		8
#define SOCKCTL_CAPTURE_QUEUE_DEFAULT	4096
#define SOCKCTL_CAPTURE_QUEUE_MAX	65536
#define SOCKCTL_CAPTURE_FLUSH_DEFAULT	10000	/* microseconds */
#define SOCKCTL_CAPTURE_FLUSH_MAX	1000000

struct sockctl_net;

/**
 * struct sockctl_capture_counters - what a session has done with its packets
 * @matched: packets that passed direction, device and filter: the last seq
 * @delivered: packets in messages the socket accepted
 * @drops_queue: matched while the queue was full
 * @drops_socket: in messages the socket refused (receive buffer full)
 * @drops_nomem: matched but no message memory could be had
 * @messages: SOCKCTL_CMD_CAPTURE_PACKETS messages delivered
 * @queued: packets in @batch and @ready of the session, not yet sent
 *
 * @matched == @delivered + @drops_queue + @drops_socket + @drops_nomem +
 * @queued, always (all change under the session's lock).
 */
struct sockctl_capture_counters {
	u64 matched;
	u64 delivered;
	u64 drops_queue;
	u64 drops_socket;
	u64 drops_nomem;
	u64 messages;
	u32 queued;
};

/**
 * struct sockctl_capture - one capture session
 * @node: in sockctl_net.captures, under its capture_lock
 * @listed: still in that list; whoever takes it out ends the session
 * @refs: the list's reference and the end work's
 * @pt: our ETH_P_ALL tap; pt.af_packet_priv is unused.  A session on one
 *	device taps that device only (pt.dev, as a bound AF_PACKET socket
 *	does): the stack calls it for that device's packets, not every one
 * @dev_tracker: the reference pt.dev holds while the tap is in place
 * @net: the netns captured in (the session never outlives it: pernet exit
 *	ends every session first)
 * @sn: that netns's sockctl state
 * @id: unique in @net, from 1
 * @portid: the netlink socket the packets go to
 * @owner: that socket (a reference), to tell it from a later socket that
 *	takes the same port id; NULL in KUnit tests
 * @ifindex: the device captured on, 0 for every device
 * @dir: SOCKCTL_CAPTURE_IN, _OUT or _BOTH (a bit mask of the first two)
 * @snaplen: bytes kept of each packet at most
 * @limit: end after this many matched packets (0: never)
 * @queue_len: the most packets queued at once
 * @flush_us: how long a part-filled batch may wait, as asked
 * @flush_jiffies: the same, in jiffies (at least one)
 * @filter: the classic BPF program, or NULL
 * @filter_len: its instructions
 * @start_ns: CLOCK_MONOTONIC at start
 * @lock: protects everything below; taken in softirq by the hook
 * @batch: the message being filled, or NULL
 * @ready: full messages waiting for the worker, oldest first
 * @count: the counters
 * @live: the start reply is out: packets may be taken
 * @closing: no packet is accepted any more
 * @end_reason: enum sockctl_capture_end, once @closing
 * @flush: sends @ready (and a part-filled @batch) to @portid
 * @end: ends a session that reached its count (the hook cannot sleep)
 */
struct sockctl_capture {
	struct list_head node;
	bool listed;
	refcount_t refs;
	struct packet_type pt;
	netdevice_tracker dev_tracker;
	struct net *net;
	struct sockctl_net *sn;
	u32 id;
	u32 portid;
	struct sock *owner;
	int ifindex;
	u8 dir;
	u32 snaplen;
	u64 limit;
	u32 queue_len;
	u32 flush_us;
	unsigned long flush_jiffies;
	struct bpf_prog *filter;
	u32 filter_len;
	u64 start_ns;

	spinlock_t lock;	/* see above */
	struct sk_buff *batch;
	struct sk_buff_head ready;
	struct sockctl_capture_counters count;
	bool live;
	bool closing;
	u8 end_reason;

	struct delayed_work flush;
	struct work_struct end;
};

/**
 * struct sockctl_capture_config - what CAPTURE_START asks for
 * @ifindex: the device, 0 for all
 * @dir: enum sockctl_capture_dir
 * @snaplen: bytes kept per packet
 * @limit: packets to capture, 0 for no limit
 * @queue_len: queue bound, in packets
 * @flush_us: part-filled batch delay
 * @filter: classic BPF program (kernel memory) or NULL
 * @filter_len: its instructions
 */
struct sockctl_capture_config {
	int ifindex;
	u8 dir;
	u32 snaplen;
	u64 limit;
	u32 queue_len;
	u32 flush_us;
	struct sock_filter *filter;
	u32 filter_len;
};

/**
 * enum sockctl_capture_action - what queueing a packet asks of the worker
 * @SOCKCTL_CAPTURE_IDLE: nothing
 * @SOCKCTL_CAPTURE_ARM: a batch was opened: flush it in flush_jiffies
 * @SOCKCTL_CAPTURE_KICK: a batch was closed: deliver now
 * @SOCKCTL_CAPTURE_END: the count is reached: end the session
 */
enum sockctl_capture_action {
	SOCKCTL_CAPTURE_IDLE,
	SOCKCTL_CAPTURE_ARM,
	SOCKCTL_CAPTURE_KICK,
	SOCKCTL_CAPTURE_END,
};

/* sockctl_capture_hook.c: from the stack to a batch. */
bool sockctl_capture_dev_ok(const struct net_device *dev);
int sockctl_capture_enqueue(struct sockctl_capture *c, struct sk_buff *skb,
			    const struct net_device *dev);
int sockctl_capture_rcv(struct sk_buff *skb, struct net_device *dev,
			struct packet_type *pt, struct net_device *orig_dev);

/* sockctl_capture_batch.c: the messages packets are batched in. */
int sockctl_capture_put_counters(struct sk_buff *msg,
				 const struct sockctl_capture *c,
				 const struct sockctl_capture_counters *cnt);
int sockctl_capture_batch_add(struct sockctl_capture *c,
			      const struct sk_buff *skb,
			      const struct net_device *dev, u64 seq,
			      unsigned int caplen, unsigned int orig_len);
void sockctl_capture_batch_make_room(struct sockctl_capture *c,
				     unsigned int caplen);
void sockctl_capture_batch_close(struct sockctl_capture *c);
unsigned int sockctl_capture_batch_packets(const struct sk_buff *msg);
unsigned long sockctl_capture_batch_opened(const struct sk_buff *msg);
void sockctl_capture_batch_seal(struct sk_buff *msg);

/* sockctl_capture_deliver.c: from batches to the socket. */
void sockctl_capture_flush_work(struct work_struct *work);
void sockctl_capture_deliver_all(struct sockctl_capture *c);
void sockctl_capture_send_end(struct sockctl_capture *c);

/* sockctl_capture.c: sessions. */
struct sockctl_capture *sockctl_capture_alloc(struct net *net,
					      const struct sockctl_capture_config *cfg,
					      struct sock *owner, u32 portid,
					      struct netlink_ext_ack *extack);
void sockctl_capture_free(struct sockctl_capture *c);
void sockctl_capture_put(struct sockctl_capture *c);
int sockctl_capture_start(struct net *net, struct sockctl_capture *c,
			  struct netlink_ext_ack *extack);
void sockctl_capture_go(struct sockctl_capture *c);
int sockctl_capture_end(struct sockctl_capture *c, u8 reason);
struct sockctl_capture *sockctl_capture_get(struct net *net, u32 id);
struct sockctl_capture *sockctl_capture_next(struct net *net, u32 last_id);
void sockctl_capture_snapshot(struct sockctl_capture *c,
			      struct sockctl_capture_counters *cnt);
void sockctl_captures_socket_gone(struct sockctl_net *sn, u32 portid);
void sockctl_captures_dev_gone(struct sockctl_net *sn, int ifindex);
void sockctl_captures_net_init(struct sockctl_net *sn);
void sockctl_captures_net_exit(struct sockctl_net *sn);
void sockctl_captures_unload(void);

/* sockctl_cmd_capture.c */
int sockctl_capture_fill(struct sk_buff *msg, struct sockctl_capture *c,
			 const struct sockctl_capture_counters *cnt);

#endif /* _SOCKCTL_CAPTURE_H */
