/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces shared by the files of sockctl.ko.
 */
#ifndef _SOCKCTL_H
#define _SOCKCTL_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include <linux/sockctl.h>

#include "sockctl_compat.h"
#include "sockctl_desc.h"

#define SOCKCTL_MODULE_VERSION	"0.1.0"

/* Limits: reported by SOCKCTL_CMD_GET_INFO, enforced by the policies. */
#define SOCKCTL_MAX_PACKET	65535
#define SOCKCTL_MAX_COUNT	100000000
#define SOCKCTL_MAX_JOBS	16
#define SOCKCTL_MAX_BURST	1024
#define SOCKCTL_MAX_INTERVAL_NS	(3600ULL * NSEC_PER_SEC)

/* Finished jobs kept per netns for SOCKCTL_CMD_JOB_GET. */
#define SOCKCTL_MAX_FINISHED	16
/* A SEND of at most this many packets, unpaced, runs in the request. */
#define SOCKCTL_INLINE_MAX	1024

/* Room in front of a built packet for the link-layer header L3 adds. */
#define SOCKCTL_HEADROOM	(LL_MAX_HEADER + 16)

/**
 * struct sockctl_skb_cb - layer offsets of a packet built for SOCKCTL_CMD_BUILD
 * @l4_off: transport header offset, -1 if none (e.g. a later fragment)
 * @payload_off: payload offset
 */
struct sockctl_skb_cb {
	int l4_off;
	int payload_off;
};

static inline struct sockctl_skb_cb *sockctl_skb_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct sockctl_skb_cb) > sizeof(skb->cb));
	return (struct sockctl_skb_cb *)skb->cb;
}

/**
 * struct sockctl_stats - send counters, of a netns or of one job
 * @packets: packets handed over without error
 * @bytes: their bytes as built
 * @errors: packets the injection point refused
 * @last_error: the positive errno of the latest refusal
 */
struct sockctl_stats {
	atomic64_t packets;
	atomic64_t bytes;
	atomic64_t errors;
	atomic_t last_error;
};

/**
 * struct sockctl_net - per network namespace state
 * @requests: requests handled in this netns, for SOCKCTL_A_INFO_NETNS_REQUESTS
 * @stats: everything sent from this netns
 * @jobs_started: jobs started in this netns
 * @lock: protects @jobs, @n_running, @n_finished, @next_job_id, job states
 * @jobs: running and recently finished jobs, oldest first
 * @n_running: jobs in @jobs still running
 * @n_finished: jobs in @jobs that have finished
 * @next_job_id: the id the next job gets
 * @captures_started: capture sessions started in this netns
 * @captured: packets delivered to its capture sessions' sockets
 * @capture_drops: packets its sessions matched but could not deliver
 * @capture_lock: protects @captures, @n_captures, @next_capture_id
 * @captures: its capture sessions
 * @n_captures: entries in @captures
 * @next_capture_id: the id the last session got
 */
struct sockctl_net {
	atomic64_t requests;
	struct sockctl_stats stats;
	atomic64_t jobs_started;
	atomic64_t captures_started;
	atomic64_t captured;
	atomic64_t capture_drops;

	spinlock_t lock;	/* see above */
	struct list_head jobs;
	unsigned int n_running;
	unsigned int n_finished;
	u32 next_job_id;

	struct mutex capture_lock;	/* see above */
	struct list_head captures;
	unsigned int n_captures;
	u32 next_capture_id;
};

/* The module's workqueue: send jobs and capture delivery. */
extern struct workqueue_struct *sockctl_wq;

extern struct genl_family sockctl_genl_family;
extern const struct nla_policy sockctl_packet_policy[SOCKCTL_A_MAX + 1];
extern const struct nla_policy sockctl_vlan_policy[SOCKCTL_A_VLAN_MAX + 1];
extern const struct nla_policy sockctl_eth_policy[SOCKCTL_A_ETH_MAX + 1];
extern const struct nla_policy sockctl_arp_policy[SOCKCTL_A_ARP_MAX + 1];
extern const struct nla_policy sockctl_ipv4_policy[SOCKCTL_A_IPV4_MAX + 1];
extern const struct nla_policy sockctl_ipv6_ext_policy[SOCKCTL_A_IPV6_EXT_MAX + 1];
extern const struct nla_policy sockctl_ipv6_policy[SOCKCTL_A_IPV6_MAX + 1];
extern const struct nla_policy sockctl_tcp_policy[SOCKCTL_A_TCP_MAX + 1];
extern const struct nla_policy sockctl_udp_policy[SOCKCTL_A_UDP_MAX + 1];
extern const struct nla_policy sockctl_icmp_policy[SOCKCTL_A_ICMP_MAX + 1];
extern const struct nla_policy sockctl_vary_policy[SOCKCTL_A_VARY_MAX + 1];
extern const struct nla_policy sockctl_job_policy[SOCKCTL_A_MAX + 1];
extern const struct nla_policy sockctl_capture_start_policy[SOCKCTL_A_MAX + 1];
extern const struct nla_policy sockctl_capture_id_policy[SOCKCTL_A_MAX + 1];

struct sockctl_net *sockctl_pernet(const struct net *net);

/* sockctl_netlink.c */
int sockctl_netlink_init(void);
void sockctl_netlink_exit(void);
int sockctl_require_net_raw(struct sk_buff *skb, struct genl_info *info);
bool sockctl_may_capture(const struct sk_buff *skb, const struct net *net);
int sockctl_put_stats(struct sk_buff *msg, int attr,
		      const struct sockctl_stats *st,
		      const struct sockctl_net *sn);

/* Commands: one file each. */
int sockctl_info_fill(struct sk_buff *msg, struct net *net, bool cap_net_raw);
int sockctl_info_doit(struct sk_buff *skb, struct genl_info *info);
int sockctl_build_doit(struct sk_buff *skb, struct genl_info *info);
int sockctl_send_doit(struct sk_buff *skb, struct genl_info *info);
int sockctl_job_get_doit(struct sk_buff *skb, struct genl_info *info);
int sockctl_job_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int sockctl_job_stop_doit(struct sk_buff *skb, struct genl_info *info);
int sockctl_stats_doit(struct sk_buff *skb, struct genl_info *info);
int sockctl_capture_start_doit(struct sk_buff *skb, struct genl_info *info);
int sockctl_capture_get_doit(struct sk_buff *skb, struct genl_info *info);
int sockctl_capture_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int sockctl_capture_stop_doit(struct sk_buff *skb, struct genl_info *info);

/* sockctl_notify.c: sockets and devices going away. */
int sockctl_notifiers_register(void);
void sockctl_notifiers_unregister(void);

/* sockctl_resolve.c */
struct net_device *sockctl_get_dev(struct net *net, struct nlattr **tb,
				   struct netlink_ext_ack *extack);
int sockctl_check_fits(const struct sockctl_desc *d, struct net_device *dev,
		       struct netlink_ext_ack *extack);

/* sockctl_inject.c */
int sockctl_inject(struct net *net, struct sk_buff *skb, u8 inject,
		   struct net_device *dev);

/* sockctl_send.c: the send loop shared by requests and jobs. */
struct sockctl_sender {
	const struct sockctl_desc *d;
	struct net *net;
	u32 next;		/* index of the next packet */
	struct sockctl_stats *job_stats;	/* also counted here, if set */
	struct sk_buff *tmpl;	/* packet 0, when the others are copies */
	struct sockctl_frame_info tmpl_fi;	/* where its layers are */
};

void sockctl_sender_release(struct sockctl_sender *s);

int sockctl_send_some(struct sockctl_sender *s, struct net_device *dev, u32 n,
		      struct sockctl_stats *out);
struct sockctl_desc *sockctl_request_desc(struct sk_buff *skb,
					  struct genl_info *info,
					  struct net_device **devp);

/* sockctl_job.c */
int sockctl_job_init(void);
void sockctl_job_exit(void);
void sockctl_jobs_socket_gone(struct sockctl_net *sn, u32 portid);
void sockctl_jobs_dev_gone(struct sockctl_net *sn, int ifindex);
void sockctl_jobs_net_init(struct sockctl_net *sn);
void sockctl_jobs_net_exit(struct sockctl_net *sn);
int sockctl_job_start(struct net *net, struct sockctl_desc *d, u32 portid,
		      u32 *id, struct netlink_ext_ack *extack);
int sockctl_job_fill(struct sk_buff *msg, struct net *net, u32 id);
int sockctl_job_stop(struct sk_buff *msg, struct net *net, u32 id);
int sockctl_job_dump(struct sk_buff *msg, struct net *net, u32 *last_id,
		     u32 portid, u32 seq);

#endif /* _SOCKCTL_H */
