// SPDX-License-Identifier: GPL-2.0
/*
 * SOCKCTL_CMD_CAPTURE_START, _GET (do and dump) and _STOP: capture
 * sessions as the caller's netns sees them.
 */
#include <net/sock.h>

#include "sockctl.h"
#include "sockctl_capture.h"

/**
 * sockctl_capture_fill() - put a session's SOCKCTL_A_CAPTURE nest
 * @msg: the message
 * @c: the session
 * @cnt: its counters
 *
 * Return: 0 or -EMSGSIZE.
 */
int sockctl_capture_fill(struct sk_buff *msg, struct sockctl_capture *c,
			 const struct sockctl_capture_counters *cnt)
{
	struct nlattr *nest = nla_nest_start(msg, SOCKCTL_A_CAPTURE);
	u8 reason;

	if (!nest)
		return -EMSGSIZE;
	spin_lock_bh(&c->lock);
	reason = c->closing ? c->end_reason : 0;
	spin_unlock_bh(&c->lock);
	if (sockctl_capture_put_counters(msg, c, cnt) ||
	    nla_put_u8(msg, SOCKCTL_A_CAPTURE_DIRECTION, c->dir) ||
	    nla_put_u32(msg, SOCKCTL_A_CAPTURE_SNAPLEN, c->snaplen) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_CAPTURE_COUNT, c->limit,
			      SOCKCTL_A_CAPTURE_PAD) ||
	    nla_put_u32(msg, SOCKCTL_A_CAPTURE_QUEUE_LEN, c->queue_len) ||
	    nla_put_u32(msg, SOCKCTL_A_CAPTURE_FLUSH_US, c->flush_us) ||
	    nla_put_u32(msg, SOCKCTL_A_CAPTURE_IFINDEX, c->ifindex) ||
	    nla_put_u32(msg, SOCKCTL_A_CAPTURE_PORTID, c->portid) ||
	    nla_put_u32(msg, SOCKCTL_A_CAPTURE_FILTER_LEN, c->filter_len) ||
	    nla_put_u64_64bit(msg, SOCKCTL_A_CAPTURE_ELAPSED_NS,
			      ktime_get_ns() - c->start_ns,
			      SOCKCTL_A_CAPTURE_PAD) ||
	    (reason && nla_put_u8(msg, SOCKCTL_A_CAPTURE_END_REASON, reason))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int capture_reply(struct genl_info *info, u8 cmd,
			 struct sockctl_capture *c)
{
	struct sockctl_capture_counters cnt;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &sockctl_genl_family, 0, cmd);
	sockctl_capture_snapshot(c, &cnt);
	if (!hdr || sockctl_capture_fill(msg, c, &cnt)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int require_capture(struct sk_buff *skb, struct genl_info *info)
{
	atomic64_inc(&sockctl_pernet(genl_info_net(info))->requests);
	if (sockctl_may_capture(skb, genl_info_net(info)))
		return 0;
	NL_SET_ERR_MSG(info->extack,
		       "needs CAP_NET_RAW or CAP_NET_ADMIN in this network namespace");
	return -EPERM;
}

/* The session's settings from the request, with their defaults. */
static int capture_config(struct sk_buff *skb, struct genl_info *info,
			  struct sockctl_capture_config *cfg)
{
	struct nlattr *tb[SOCKCTL_A_CAPTURE_MAX + 1] = {};
	struct net_device *dev;
	struct nlattr *filter;

	if (info->attrs[SOCKCTL_A_CAPTURE]) {
		/* Checked by the policy: cannot fail. */
		int err = nla_parse_nested(tb, SOCKCTL_A_CAPTURE_MAX,
					   info->attrs[SOCKCTL_A_CAPTURE],
					   NULL, info->extack);
		if (err)
			return err;
	}
	if (tb[SOCKCTL_A_CAPTURE_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SOCKCTL_A_CAPTURE_ID],
				    "the kernel picks the session id");
		return -EINVAL;
	}

	dev = sockctl_get_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	if (dev) {
		bool ok = sockctl_capture_dev_ok(dev);

		cfg->ifindex = dev->ifindex;
		dev_put(dev);
		if (!ok) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[SOCKCTL_A_IFINDEX] ?:
					    info->attrs[SOCKCTL_A_IFNAME],
					    "can only capture on Ethernet-framed devices");
			return -EOPNOTSUPP;
		}
	}

	cfg->dir = SOCKCTL_CAPTURE_BOTH;
	if (tb[SOCKCTL_A_CAPTURE_DIRECTION])
		cfg->dir = nla_get_u8(tb[SOCKCTL_A_CAPTURE_DIRECTION]);
	cfg->snaplen = SOCKCTL_MAX_FRAME_REPLY;
	if (tb[SOCKCTL_A_CAPTURE_SNAPLEN])
		cfg->snaplen = nla_get_u32(tb[SOCKCTL_A_CAPTURE_SNAPLEN]);
	if (tb[SOCKCTL_A_CAPTURE_COUNT])
		cfg->limit = nla_get_u64(tb[SOCKCTL_A_CAPTURE_COUNT]);
	cfg->queue_len = SOCKCTL_CAPTURE_QUEUE_DEFAULT;
	if (tb[SOCKCTL_A_CAPTURE_QUEUE_LEN])
		cfg->queue_len = nla_get_u32(tb[SOCKCTL_A_CAPTURE_QUEUE_LEN]);
	cfg->flush_us = SOCKCTL_CAPTURE_FLUSH_DEFAULT;
	if (tb[SOCKCTL_A_CAPTURE_FLUSH_US])
		cfg->flush_us = nla_get_u32(tb[SOCKCTL_A_CAPTURE_FLUSH_US]);

	filter = tb[SOCKCTL_A_CAPTURE_FILTER];
	if (filter) {
		if (!nla_len(filter) ||
		    nla_len(filter) % sizeof(struct sock_filter)) {
			NL_SET_ERR_MSG_ATTR(info->extack, filter,
					    "a filter is an array of 8-byte struct sock_filter");
			return -EINVAL;
		}
		cfg->filter = nla_data(filter);
		cfg->filter_len = nla_len(filter) / sizeof(struct sock_filter);
	}
	return 0;
}

int sockctl_capture_start_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct sockctl_capture_config cfg = {};
	struct sockctl_capture *c;
	int err;

	err = require_capture(skb, info);
	if (err)
		return err;
	err = capture_config(skb, info, &cfg);
	if (err)
		return err;
	c = sockctl_capture_alloc(net, &cfg, NETLINK_CB(skb).sk,
				  info->snd_portid, info->extack);
	if (IS_ERR(c))
		return PTR_ERR(c);
	err = sockctl_capture_start(net, c, info->extack);
	if (err)
		goto out;
	err = capture_reply(info, SOCKCTL_CMD_CAPTURE_START, c);
	if (err)
		/* The caller cannot know the session: do not leave it running. */
		sockctl_capture_end(c, SOCKCTL_CAPTURE_END_STOPPED);
	else
		sockctl_capture_go(c);
out:
	sockctl_capture_put(c);
	return err;
}

/* The session a GET or STOP names, with a reference. */
static struct sockctl_capture *capture_lookup(struct genl_info *info)
{
	struct nlattr *tb[SOCKCTL_A_CAPTURE_MAX + 1] = {};
	struct sockctl_capture *c;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, SOCKCTL_A_CAPTURE)) {
		NL_SET_ERR_MSG(info->extack,
			       "which session? (a capture nest with its id)");
		return ERR_PTR(-EINVAL);
	}
	err = nla_parse_nested(tb, SOCKCTL_A_CAPTURE_MAX,
			       info->attrs[SOCKCTL_A_CAPTURE], NULL,
			       info->extack);
	if (err)
		return ERR_PTR(err);
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[SOCKCTL_A_CAPTURE], tb,
			      SOCKCTL_A_CAPTURE_ID)) {
		NL_SET_ERR_MSG(info->extack, "which session? (capture id)");
		return ERR_PTR(-EINVAL);
	}
	c = sockctl_capture_get(genl_info_net(info),
				nla_get_u32(tb[SOCKCTL_A_CAPTURE_ID]));
	if (!c) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SOCKCTL_A_CAPTURE_ID],
				    "no capture session with this id in your network namespace");
		return ERR_PTR(-ENOENT);
	}
	return c;
}

/* The session a GET or STOP names, once the caller may see it. */
static struct sockctl_capture *capture_request(struct sk_buff *skb,
					       struct genl_info *info)
{
	int err = require_capture(skb, info);

	return err ? ERR_PTR(err) : capture_lookup(info);
}

int sockctl_capture_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sockctl_capture *c = capture_request(skb, info);
	int err;

	if (IS_ERR(c))
		return PTR_ERR(c);
	err = capture_reply(info, SOCKCTL_CMD_CAPTURE_GET, c);
	sockctl_capture_put(c);
	return err;
}

int sockctl_capture_stop_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sockctl_capture *c = capture_request(skb, info);
	int err;

	if (IS_ERR(c))
		return PTR_ERR(c);
	/* Delivers what was queued and says END before we reply. */
	err = sockctl_capture_end(c, SOCKCTL_CAPTURE_END_STOPPED);
	if (err)
		NL_SET_ERR_MSG(info->extack, "the session is already ending");
	else
		err = capture_reply(info, SOCKCTL_CMD_CAPTURE_STOP, c);
	sockctl_capture_put(c);
	return err;
}

int sockctl_capture_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct sockctl_capture_counters cnt;
	struct sockctl_capture *c;
	u32 last_id = cb->args[0];
	void *hdr;
	int err;

	if (!last_id && !sockctl_may_capture(cb->skb, net)) {
		NL_SET_ERR_MSG(cb->extack,
			       "needs CAP_NET_RAW or CAP_NET_ADMIN in this network namespace");
		return -EPERM;
	}
	/* One session per call: a session's nest is far below a message. */
	for (;;) {
		c = sockctl_capture_next(net, last_id);
		if (!c)
			return skb->len;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &sockctl_genl_family,
				  NLM_F_MULTI, SOCKCTL_CMD_CAPTURE_GET);
		sockctl_capture_snapshot(c, &cnt);
		err = hdr ? sockctl_capture_fill(skb, c, &cnt) : -EMSGSIZE;
		if (err) {
			if (hdr)
				genlmsg_cancel(skb, hdr);
			sockctl_capture_put(c);
			/* A full message is no error: the dump goes on. */
			return skb->len ?: err;
		}
		genlmsg_end(skb, hdr);
		last_id = c->id;
		cb->args[0] = last_id;
		sockctl_capture_put(c);
	}
}
