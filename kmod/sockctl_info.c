// SPDX-License-Identifier: GPL-2.0
/*
 * SOCKCTL_CMD_GET_INFO: what the module is and what it allows, as seen from
 * the caller's network namespace.
 */
#include <linux/capability.h>
#include <linux/utsname.h>

#include "sockctl.h"
#include "sockctl_capture.h"

/**
 * sockctl_info_fill() - put the GET_INFO attributes into a message
 * @msg: message being built, after its genl header
 * @net: the caller's network namespace
 * @cap_net_raw: whether the caller may inject and capture in @net
 *
 * Return: 0, or -EMSGSIZE if @msg is too small.
 */
int sockctl_info_fill(struct sk_buff *msg, struct net *net, bool cap_net_raw)
{
	struct sockctl_net *sn = sockctl_pernet(net);

	if (nla_put_u32(msg, SOCKCTL_A_INFO_FAMILY_VERSION,
			SOCKCTL_FAMILY_VERSION) ||
	    nla_put_string(msg, SOCKCTL_A_INFO_MODULE_VERSION,
			   SOCKCTL_MODULE_VERSION) ||
	    nla_put_string(msg, SOCKCTL_A_INFO_KERNEL_RELEASE,
			   init_utsname()->release) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_INFO_NETNS_COOKIE,
			      net->net_cookie, SOCKCTL_A_INFO_PAD) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_INFO_NETNS_REQUESTS,
			      atomic64_read(&sn->requests), SOCKCTL_A_INFO_PAD) ||
	    (cap_net_raw && nla_put_flag(msg, SOCKCTL_A_INFO_CAP_NET_RAW)) ||
	    nla_put_u32(msg, SOCKCTL_A_INFO_MAX_PACKET, SOCKCTL_MAX_PACKET) ||
	    nla_put_u32(msg, SOCKCTL_A_INFO_MAX_COUNT, SOCKCTL_MAX_COUNT) ||
	    nla_put_u32(msg, SOCKCTL_A_INFO_MAX_JOBS, SOCKCTL_MAX_JOBS) ||
	    nla_put_u32(msg, SOCKCTL_A_INFO_MAX_CAPTURES, SOCKCTL_MAX_CAPTURES))
		return -EMSGSIZE;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_info_fill);

int sockctl_info_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct sk_buff *msg;
	bool cap_net_raw;
	void *hdr;
	int err;

	atomic64_inc(&sockctl_pernet(net)->requests);
	/* Over the netns's owner, not init_user_ns: root of a container counts. */
	cap_net_raw = netlink_ns_capable(skb, net->user_ns, CAP_NET_RAW);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &sockctl_genl_family, 0,
				SOCKCTL_CMD_GET_INFO);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}

	err = sockctl_info_fill(msg, net, cap_net_raw);
	if (err)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}
