// SPDX-License-Identifier: GPL-2.0
/*
 * SOCKCTL_CMD_SEND, and the send loop it shares with jobs: build packet i
 * of the description (fragmenting it if asked), hand it to the injection
 * point, count the outcome.  Short unpaced requests are sent right here in
 * the request; anything else becomes a job (sockctl_job.c).
 */
#include <linux/netdevice.h>
#include <linux/random.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "sockctl.h"

/* What one batch sent, added to the counters at its end. */
struct send_tally {
	u64 packets, bytes, errors;
	int last_error;
};

static void stats_add(struct sockctl_stats *st, const struct send_tally *t)
{
	atomic64_add(t->packets, &st->packets);
	atomic64_add(t->bytes, &st->bytes);
	atomic64_add(t->errors, &st->errors);
	if (t->last_error)
		atomic_set(&st->last_error, t->last_error);
}

/*
 * Without SOCKCTL_A_VARY or fragmentation, packet i is packet 0 but for an
 * IPv4 ID left random: build that once and send copies.  Building is what
 * costs (filling and checksumming the payload); copying is a memcpy.
 */
static bool desc_repeats(const struct sockctl_desc *d)
{
	return !d->n_vary && !d->frag_size;
}

/* A fresh random IPv4 ID in a copy, as building it would have given. */
static void copy_new_ipv4_id(const struct sockctl_desc *d, struct sk_buff *skb,
			     const struct sockctl_frame_info *fi)
{
	struct iphdr *iph = (struct iphdr *)(skb->data + fi->l3_off);
	__be16 id = htons(get_random_u16());

	if (!desc_has(d, SOCKCTL_A_IPV4) || desc_isset(&d->ip4, SOCKCTL_A_IPV4_ID))
		return;
	/* A checksum the caller set stays as given, right or wrong. */
	if (!desc_isset(&d->ip4, SOCKCTL_A_IPV4_CHECKSUM))
		csum_replace2(&iph->check, iph->id, id);
	iph->id = id;
}

/* Packet s->next of the description, built or copied. */
static struct sk_buff *next_packet(struct sockctl_sender *s,
				   struct sockctl_frame_info *fi)
{
	const struct sockctl_desc *d = s->d;
	struct sk_buff *skb;

	if (!desc_repeats(d))
		return sockctl_build(d, s->next, GFP_KERNEL, fi);
	if (!s->tmpl) {
		s->tmpl = sockctl_build(d, s->next, GFP_KERNEL, &s->tmpl_fi);
		if (!s->tmpl)
			return NULL;
	}
	skb = skb_copy(s->tmpl, GFP_KERNEL);
	if (!skb)
		return NULL;
	*fi = s->tmpl_fi;
	copy_new_ipv4_id(d, skb, fi);
	return skb;
}

/**
 * sockctl_sender_release() - free what a sender kept between packets
 * @s: the sender
 */
void sockctl_sender_release(struct sockctl_sender *s)
{
	kfree_skb(s->tmpl);
	s->tmpl = NULL;
}

/* Send one packet, or its fragments; count each piece. */
static int send_one(struct sockctl_sender *s, struct net_device *dev,
		    struct send_tally *t)
{
	const struct sockctl_desc *d = s->d;
	struct sockctl_frame_info fi;
	struct sk_buff_head frags;
	struct sk_buff *skb;
	int err = 0;

	skb = next_packet(s, &fi);
	if (!skb)
		return -ENOMEM;
	__skb_queue_head_init(&frags);
	if (d->frag_size) {
		err = sockctl_fragment(d, skb, &fi, &frags, GFP_KERNEL);
		if (err) {
			__skb_queue_purge(&frags);
			return err;
		}
	} else {
		__skb_queue_tail(&frags, skb);
	}

	while ((skb = __skb_dequeue(&frags))) {
		unsigned int len = skb->len;

		err = sockctl_inject(s->net, skb, d->inject, dev);
		if (err) {
			t->errors++;
			t->last_error = -err;
		} else {
			t->packets++;
			t->bytes += len;
		}
	}
	s->next++;
	return 0;
}

/**
 * sockctl_send_some() - send the next @n packets of a description
 * @s: the sender: description, netns, next packet index
 * @dev: the device (NULL for L3 without one)
 * @n: how many
 * @out: netns counters to add to
 *
 * Refusals by the injection point are counted, not returned.
 *
 * Return: 0, or -ENOMEM if a packet could not be built.
 */
int sockctl_send_some(struct sockctl_sender *s, struct net_device *dev, u32 n,
		      struct sockctl_stats *out)
{
	struct send_tally t = {};
	int err = 0;

	while (n--) {
		err = send_one(s, dev, &t);
		if (err)
			break;
	}
	stats_add(out, &t);
	if (s->job_stats)
		stats_add(s->job_stats, &t);
	return err;
}

/**
 * sockctl_request_desc() - the description of a BUILD or SEND request,
 *	with its device looked up and its defaults resolved
 * @skb: the request
 * @info: its attributes
 * @devp: set to the device (hold released by the caller), or NULL
 *
 * Return: the description, or an ERR_PTR with the reason in the extack.
 */
struct sockctl_desc *sockctl_request_desc(struct sk_buff *skb,
					  struct genl_info *info,
					  struct net_device **devp)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev;
	struct sockctl_desc *d;
	int err;

	err = sockctl_require_net_raw(skb, info);
	if (err)
		return ERR_PTR(err);

	d = sockctl_desc_parse(info->attrs,
			       nlmsg_attrdata(info->nlhdr, GENL_HDRLEN),
			       nlmsg_attrlen(info->nlhdr, GENL_HDRLEN),
			       info->extack);
	if (IS_ERR(d))
		return d;

	dev = sockctl_get_dev(net, info->attrs, info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto err_desc;
	}
	d->ifindex = dev ? dev->ifindex : 0;
	err = sockctl_desc_resolve(d, net, dev, info->extack);
	if (!err)
		err = sockctl_desc_vary_defaults(d, info->extack);
	if (!err)
		err = sockctl_check_fits(d, dev, info->extack);
	if (err)
		goto err_dev;
	*devp = dev;
	return d;

err_dev:
	dev_put(dev);
err_desc:
	sockctl_desc_free(d);
	return ERR_PTR(err);
}

static bool send_inline(const struct sockctl_desc *d)
{
	return !d->background && !d->interval_ns && !d->rate_bps &&
	       d->count <= SOCKCTL_INLINE_MAX;
}

/* The reply to a SEND: its counters, or the id of the job it started. */
static int send_reply(struct genl_info *info, const struct sockctl_stats *st,
		      u32 job_id)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	/* Exactly what it holds: a page per packet would cost more than it. */
	msg = genlmsg_new(nla_total_size(0) +
			  3 * nla_total_size_64bit(sizeof(u64)) +
			  nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &sockctl_genl_family, 0,
				SOCKCTL_CMD_SEND);
	if (!hdr)
		err = -EMSGSIZE;
	else if (st)
		err = sockctl_put_stats(msg, SOCKCTL_A_STATS, st, NULL);
	else
		err = nla_put_u32(msg, SOCKCTL_A_JOB_ID, job_id);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int sockctl_send_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct sockctl_net *sn = sockctl_pernet(net);
	struct sockctl_stats st = {};
	struct sockctl_sender s;
	struct net_device *dev = NULL;
	struct sockctl_desc *d;
	u32 id;
	int err;

	atomic64_inc(&sn->requests);
	d = sockctl_request_desc(skb, info, &dev);
	if (IS_ERR(d))
		return PTR_ERR(d);

	if (!send_inline(d)) {
		dev_put(dev);
		/*
		 * The job owns d from here on, even if it fails to start.  A
		 * background job belongs to no socket: closing one leaves it.
		 */
		err = sockctl_job_start(net, d,
					d->background ? 0 : info->snd_portid,
					&id, info->extack);
		return err ?: send_reply(info, NULL, id);
	}

	s = (struct sockctl_sender){ .d = d, .net = net, .job_stats = &st };
	err = sockctl_send_some(&s, dev, d->count, &sn->stats);
	sockctl_sender_release(&s);
	dev_put(dev);
	sockctl_desc_free(d);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "out of memory building the packet");
		return err;
	}
	return send_reply(info, &st, 0);
}
