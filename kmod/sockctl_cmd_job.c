// SPDX-License-Identifier: GPL-2.0
/*
 * SOCKCTL_CMD_JOB_GET (do and dump), SOCKCTL_CMD_JOB_STOP and
 * SOCKCTL_CMD_STATS_GET: what the jobs of the caller's netns are doing and
 * what the netns has sent.
 */
#include <net/sock.h>

#include "sockctl.h"

static int job_reply(struct genl_info *info, u8 cmd,
		     int (*fill)(struct sk_buff *msg, struct net *net, u32 id))
{
	struct net *net = genl_info_net(info);
	struct sk_buff *msg;
	void *hdr;
	u32 id;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, SOCKCTL_A_JOB_ID))
		return -EINVAL;
	id = nla_get_u32(info->attrs[SOCKCTL_A_JOB_ID]);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &sockctl_genl_family, 0, cmd);
	err = hdr ? fill(msg, net, id) : -EMSGSIZE;
	if (err) {
		nlmsg_free(msg);
		if (err == -ENOENT)
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SOCKCTL_A_JOB_ID],
					    "no job with this id in your network namespace");
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int sockctl_job_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	atomic64_inc(&sockctl_pernet(genl_info_net(info))->requests);
	return job_reply(info, SOCKCTL_CMD_JOB_GET, sockctl_job_fill);
}

int sockctl_job_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	u32 last_id = cb->args[0];
	int err;

	err = sockctl_job_dump(skb, sock_net(skb->sk), &last_id,
			       NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq);
	cb->args[0] = last_id;
	/* A full message is no error: the dump goes on in the next one. */
	if (err == -EMSGSIZE && skb->len)
		err = 0;
	return err ?: skb->len;
}

int sockctl_job_stop_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	atomic64_inc(&sockctl_pernet(genl_info_net(info))->requests);
	err = sockctl_require_net_raw(skb, info);
	if (err)
		return err;
	return job_reply(info, SOCKCTL_CMD_JOB_STOP, sockctl_job_stop);
}

int sockctl_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sockctl_net *sn = sockctl_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	atomic64_inc(&sn->requests);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &sockctl_genl_family, 0,
				SOCKCTL_CMD_STATS_GET);
	if (!hdr || sockctl_put_stats(msg, SOCKCTL_A_STATS, &sn->stats, sn)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}
