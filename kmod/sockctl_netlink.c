// SPDX-License-Identifier: GPL-2.0
/*
 * The sockctl generic netlink family: its operations, their policies and
 * privileges, and helpers the command files share.
 *
 * Classic genl_ops with per-operation policies build on every kernel we
 * support (split ops do not exist in 6.1).  resv_start_op is 0, so the core
 * validates every command strictly: unknown attributes, nests without
 * NLA_F_NESTED and non-zero reserved header fields are rejected, and a
 * command without a policy accepts no attributes at all.
 *
 * Privilege is CAP_NET_RAW over the user namespace owning the caller's
 * netns, checked by the handlers that inject, and CAP_NET_RAW or
 * CAP_NET_ADMIN by those that capture (the GENL_*_PERM flags only know
 * CAP_NET_ADMIN).  SOCKCTL_CMD_CAPTURE_PACKETS and _END are notifications
 * the kernel sends, by unicast, to the one socket that started a session:
 * requests of those types are refused (no doit).
 */
#include "sockctl.h"

static const struct genl_ops sockctl_genl_ops[] = {
	{
		.cmd	= SOCKCTL_CMD_GET_INFO,
		.doit	= sockctl_info_doit,
	},
	{
		.cmd	= SOCKCTL_CMD_BUILD,
		.doit	= sockctl_build_doit,
		.policy	= sockctl_packet_policy,
		.maxattr = SOCKCTL_A_MAX,
	},
	{
		.cmd	= SOCKCTL_CMD_SEND,
		.doit	= sockctl_send_doit,
		.policy	= sockctl_packet_policy,
		.maxattr = SOCKCTL_A_MAX,
	},
	{
		.cmd	= SOCKCTL_CMD_JOB_GET,
		.doit	= sockctl_job_get_doit,
		.dumpit	= sockctl_job_get_dumpit,
		.policy	= sockctl_job_policy,
		.maxattr = SOCKCTL_A_MAX,
	},
	{
		.cmd	= SOCKCTL_CMD_JOB_STOP,
		.doit	= sockctl_job_stop_doit,
		.policy	= sockctl_job_policy,
		.maxattr = SOCKCTL_A_MAX,
	},
	{
		.cmd	= SOCKCTL_CMD_STATS_GET,
		.doit	= sockctl_stats_doit,
	},
	{
		.cmd	= SOCKCTL_CMD_CAPTURE_START,
		.doit	= sockctl_capture_start_doit,
		.policy	= sockctl_capture_start_policy,
		.maxattr = SOCKCTL_A_MAX,
	},
	{
		.cmd	= SOCKCTL_CMD_CAPTURE_GET,
		.doit	= sockctl_capture_get_doit,
		.dumpit	= sockctl_capture_get_dumpit,
		.policy	= sockctl_capture_id_policy,
		.maxattr = SOCKCTL_A_MAX,
	},
	{
		.cmd	= SOCKCTL_CMD_CAPTURE_STOP,
		.doit	= sockctl_capture_stop_doit,
		.policy	= sockctl_capture_id_policy,
		.maxattr = SOCKCTL_A_MAX,
	},
};

struct genl_family sockctl_genl_family __ro_after_init = {
	.name		= SOCKCTL_FAMILY_NAME,
	.version	= SOCKCTL_FAMILY_VERSION,
	.module		= THIS_MODULE,
	.netnsok	= true,
	.parallel_ops	= true,
	.resv_start_op	= 0,
	.ops		= sockctl_genl_ops,
	.n_ops		= ARRAY_SIZE(sockctl_genl_ops),
};

/**
 * sockctl_require_net_raw() - may the sender inject in its netns?
 * @skb: the request
 * @info: its genl info
 *
 * Return: 0, or -EPERM with an extended ACK saying what is missing.
 */
int sockctl_require_net_raw(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);

	if (netlink_ns_capable(skb, net->user_ns, CAP_NET_RAW))
		return 0;
	NL_SET_ERR_MSG(info->extack,
		       "needs CAP_NET_RAW in this network namespace");
	return -EPERM;
}

static int put_netns_stats(struct sk_buff *msg, const struct sockctl_net *sn)
{
	if (nla_put_u64_64bit(msg, SOCKCTL_A_STATS_JOBS,
			      atomic64_read(&sn->jobs_started),
			      SOCKCTL_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_STATS_CAPTURES,
			      atomic64_read(&sn->captures_started),
			      SOCKCTL_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_STATS_CAPTURED,
			      atomic64_read(&sn->captured), SOCKCTL_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_STATS_CAPTURE_DROPS,
			      atomic64_read(&sn->capture_drops),
			      SOCKCTL_A_STATS_PAD))
		return -EMSGSIZE;
	return 0;
}

/**
 * sockctl_may_capture() - may the sender of @skb capture in @net?
 * @skb: the request
 * @net: the caller's netns
 *
 * As for AF_PACKET sockets: CAP_NET_RAW, or CAP_NET_ADMIN, over the user
 * namespace owning the netns.
 *
 * Return: true if it may.
 */
bool sockctl_may_capture(const struct sk_buff *skb, const struct net *net)
{
	return netlink_ns_capable(skb, net->user_ns, CAP_NET_RAW) ||
	       netlink_ns_capable(skb, net->user_ns, CAP_NET_ADMIN);
}

/**
 * sockctl_put_stats() - put a SOCKCTL_A_STATS-style nest
 * @msg: the message
 * @attr: the nest's type
 * @st: the counters
 * @sn: for a netns's counters, the netns's state (jobs and captures);
 *	NULL for a job's or a request's
 *
 * Return: 0 or -EMSGSIZE.
 */
int sockctl_put_stats(struct sk_buff *msg, int attr,
		      const struct sockctl_stats *st,
		      const struct sockctl_net *sn)
{
	struct nlattr *nest = nla_nest_start(msg, attr);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, SOCKCTL_A_STATS_PACKETS,
			      atomic64_read(&st->packets), SOCKCTL_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_STATS_BYTES,
			      atomic64_read(&st->bytes), SOCKCTL_A_STATS_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_STATS_ERRORS,
			      atomic64_read(&st->errors), SOCKCTL_A_STATS_PAD) ||
	    (sn && put_netns_stats(msg, sn)) ||
	    (atomic_read(&st->last_error) &&
	     nla_put_u32(msg, SOCKCTL_A_STATS_LAST_ERROR,
			 atomic_read(&st->last_error)))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int __init sockctl_netlink_init(void)
{
	return genl_register_family(&sockctl_genl_family);
}

void sockctl_netlink_exit(void)
{
	genl_unregister_family(&sockctl_genl_family);
}
