// SPDX-License-Identifier: GPL-2.0
/*
 * SOCKCTL_CMD_BUILD: the dry run.  Builds the first packet of a request
 * exactly as SOCKCTL_CMD_SEND would (fragments included) and returns its
 * bytes and layer offsets instead of sending it.
 */
#include <linux/netdevice.h>

#include "sockctl.h"

static int put_frame(struct sk_buff *msg, struct sk_buff *skb)
{
	const struct sockctl_skb_cb *cb = sockctl_skb_cb(skb);
	struct nlattr *nest;

	nest = nla_nest_start(msg, SOCKCTL_A_FRAME);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(msg, SOCKCTL_A_FRAME_DATA, skb->len, skb->data) ||
	    nla_put_u16(msg, SOCKCTL_A_FRAME_L3_OFFSET, skb_network_offset(skb)) ||
	    (cb->l4_off >= 0 &&
	     nla_put_u16(msg, SOCKCTL_A_FRAME_L4_OFFSET, cb->l4_off)) ||
	    nla_put_u16(msg, SOCKCTL_A_FRAME_PAYLOAD_OFFSET, cb->payload_off)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* The first packet of @d, as the list of frames that would be sent. */
static int build_frames(const struct sockctl_desc *d, struct sk_buff_head *frames)
{
	struct sockctl_frame_info fi;
	struct sockctl_skb_cb *cb;
	struct sk_buff *skb;

	skb = sockctl_build(d, 0, GFP_KERNEL, &fi);
	if (!skb)
		return -ENOMEM;
	if (d->frag_size)
		return sockctl_fragment(d, skb, &fi, frames, GFP_KERNEL);
	cb = sockctl_skb_cb(skb);
	cb->l4_off = fi.l4_off;
	cb->payload_off = fi.payload_off;
	__skb_queue_tail(frames, skb);
	return 0;
}

int sockctl_build_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev = NULL;
	struct sk_buff_head frames;
	struct sk_buff *msg, *f;
	struct sockctl_desc *d;
	size_t size = NLMSG_GOODSIZE;
	void *hdr;
	int err;

	atomic64_inc(&sockctl_pernet(net)->requests);
	d = sockctl_request_desc(skb, info, &dev);
	if (IS_ERR(d))
		return PTR_ERR(d);
	dev_put(dev);

	__skb_queue_head_init(&frames);
	err = build_frames(d, &frames);
	sockctl_desc_free(d);
	if (err)
		goto out;

	skb_queue_walk(&frames, f) {
		if (f->len > SOCKCTL_MAX_FRAME_REPLY) {
			NL_SET_ERR_MSG(info->extack,
				       "the packet is too large to return in a netlink attribute (65500 bytes at most): it can still be sent");
			err = -EMSGSIZE;
			goto out;
		}
		size += nla_total_size(f->len) + 4 * nla_total_size(sizeof(u16));
	}
	err = -ENOMEM;
	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		goto out;
	err = -EMSGSIZE;
	hdr = genlmsg_put_reply(msg, info, &sockctl_genl_family, 0,
				SOCKCTL_CMD_BUILD);
	if (!hdr)
		goto err_msg;
	skb_queue_walk(&frames, f)
		if (put_frame(msg, f))
			goto err_msg;
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	goto out;

err_msg:
	nlmsg_free(msg);
out:
	__skb_queue_purge(&frames);
	return err;
}
