// SPDX-License-Identifier: GPL-2.0
/*
 * The messages of a capture session, parsed: the START reply (or its
 * error), SOCKCTL_CMD_CAPTURE_PACKETS notifications (a SOCKCTL_A_CAPTURE
 * nest of counters and one SOCKCTL_A_PACKET nest per packet) and the final
 * SOCKCTL_CMD_CAPTURE_END.
 *
 * The SOCKCTL_A_CAPTURE nest may be anywhere in the message; the module
 * puts it last.
 *
 * capture_stream_feed() takes the bytes of one recv() and nothing else: no
 * socket, no clock, no output but the sink; the unit tests feed it
 * hand-made messages.  It checks the packets' sequence numbers: every
 * packet the kernel matched took the next number, delivered or not, so a
 * gap is a drop, counted in @missing.
 */
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "capture.h"

static struct nla_policy capture_policy[SOCKCTL_A_CAPTURE_MAX + 1] = {
	[SOCKCTL_A_CAPTURE_ID]		 = { .type = NLA_U32 },
	[SOCKCTL_A_CAPTURE_DIRECTION]	 = { .type = NLA_U8 },
	[SOCKCTL_A_CAPTURE_SNAPLEN]	 = { .type = NLA_U32 },
	[SOCKCTL_A_CAPTURE_COUNT]	 = { .type = NLA_U64 },
	[SOCKCTL_A_CAPTURE_QUEUE_LEN]	 = { .type = NLA_U32 },
	[SOCKCTL_A_CAPTURE_FLUSH_US]	 = { .type = NLA_U32 },
	[SOCKCTL_A_CAPTURE_IFINDEX]	 = { .type = NLA_U32 },
	[SOCKCTL_A_CAPTURE_PORTID]	 = { .type = NLA_U32 },
	[SOCKCTL_A_CAPTURE_FILTER_LEN]	 = { .type = NLA_U32 },
	[SOCKCTL_A_CAPTURE_MATCHED]	 = { .type = NLA_U64 },
	[SOCKCTL_A_CAPTURE_DELIVERED]	 = { .type = NLA_U64 },
	[SOCKCTL_A_CAPTURE_DROPS_QUEUE]	 = { .type = NLA_U64 },
	[SOCKCTL_A_CAPTURE_DROPS_SOCKET] = { .type = NLA_U64 },
	[SOCKCTL_A_CAPTURE_DROPS_NOMEM]	 = { .type = NLA_U64 },
	[SOCKCTL_A_CAPTURE_QUEUED]	 = { .type = NLA_U32 },
	[SOCKCTL_A_CAPTURE_MESSAGES]	 = { .type = NLA_U64 },
	[SOCKCTL_A_CAPTURE_ELAPSED_NS]	 = { .type = NLA_U64 },
	[SOCKCTL_A_CAPTURE_END_REASON]	 = { .type = NLA_U8 },
};

static struct nla_policy packet_policy[SOCKCTL_A_PACKET_MAX + 1] = {
	[SOCKCTL_A_PACKET_SEQ]		= { .type = NLA_U64 },
	[SOCKCTL_A_PACKET_TSTAMP_NS]	= { .type = NLA_U64 },
	[SOCKCTL_A_PACKET_IFINDEX]	= { .type = NLA_U32 },
	[SOCKCTL_A_PACKET_IFNAME]	= { .type = NLA_STRING },
	[SOCKCTL_A_PACKET_DIRECTION]	= { .type = NLA_U8 },
	[SOCKCTL_A_PACKET_PKTTYPE]	= { .type = NLA_U8 },
	[SOCKCTL_A_PACKET_PROTOCOL]	= { .type = NLA_U16 },
	[SOCKCTL_A_PACKET_ORIG_LEN]	= { .type = NLA_U32 },
	[SOCKCTL_A_PACKET_DATA]		= { .type = NLA_UNSPEC },
	[SOCKCTL_A_PACKET_VLAN_TCI]	= { .type = NLA_U16 },
	[SOCKCTL_A_PACKET_VLAN_TPID]	= { .type = NLA_U16 },
};

static uint64_t get_u64(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

static uint32_t get_u32(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u32(tb[type]) : 0;
}

int capture_info_parse(struct nlattr *nest, struct capture_info *ci)
{
	struct nlattr *tb[SOCKCTL_A_CAPTURE_MAX + 1];
	struct capture_counters *c = &ci->c;

	memset(ci, 0, sizeof(*ci));
	if (nla_parse_nested(tb, SOCKCTL_A_CAPTURE_MAX, nest, capture_policy))
		return -1;
	ci->id = get_u32(tb, SOCKCTL_A_CAPTURE_ID);
	ci->ifindex = get_u32(tb, SOCKCTL_A_CAPTURE_IFINDEX);
	ci->portid = get_u32(tb, SOCKCTL_A_CAPTURE_PORTID);
	ci->filter_len = get_u32(tb, SOCKCTL_A_CAPTURE_FILTER_LEN);
	if (tb[SOCKCTL_A_CAPTURE_DIRECTION])
		ci->direction = nla_get_u8(tb[SOCKCTL_A_CAPTURE_DIRECTION]);
	if (tb[SOCKCTL_A_CAPTURE_END_REASON])
		ci->end_reason = nla_get_u8(tb[SOCKCTL_A_CAPTURE_END_REASON]);
	ci->snaplen = get_u32(tb, SOCKCTL_A_CAPTURE_SNAPLEN);
	ci->queue_len = get_u32(tb, SOCKCTL_A_CAPTURE_QUEUE_LEN);
	ci->flush_us = get_u32(tb, SOCKCTL_A_CAPTURE_FLUSH_US);
	ci->count = get_u64(tb, SOCKCTL_A_CAPTURE_COUNT);
	ci->has_counters = tb[SOCKCTL_A_CAPTURE_MATCHED] != NULL;
	c->matched = get_u64(tb, SOCKCTL_A_CAPTURE_MATCHED);
	c->delivered = get_u64(tb, SOCKCTL_A_CAPTURE_DELIVERED);
	c->drops_queue = get_u64(tb, SOCKCTL_A_CAPTURE_DROPS_QUEUE);
	c->drops_socket = get_u64(tb, SOCKCTL_A_CAPTURE_DROPS_SOCKET);
	c->drops_nomem = get_u64(tb, SOCKCTL_A_CAPTURE_DROPS_NOMEM);
	c->queued = get_u32(tb, SOCKCTL_A_CAPTURE_QUEUED);
	c->messages = get_u64(tb, SOCKCTL_A_CAPTURE_MESSAGES);
	c->elapsed_ns = get_u64(tb, SOCKCTL_A_CAPTURE_ELAPSED_NS);
	return 0;
}

int capture_packet_parse(struct nlattr *nest, struct capture_packet *p)
{
	struct nlattr *tb[SOCKCTL_A_PACKET_MAX + 1];

	memset(p, 0, sizeof(*p));
	if (nla_parse_nested(tb, SOCKCTL_A_PACKET_MAX, nest, packet_policy) ||
	    !tb[SOCKCTL_A_PACKET_SEQ] || !tb[SOCKCTL_A_PACKET_DATA])
		return -1;
	p->seq = nla_get_u64(tb[SOCKCTL_A_PACKET_SEQ]);
	p->tstamp_ns = get_u64(tb, SOCKCTL_A_PACKET_TSTAMP_NS);
	p->ifindex = get_u32(tb, SOCKCTL_A_PACKET_IFINDEX);
	if (tb[SOCKCTL_A_PACKET_IFNAME])
		nla_strlcpy(p->ifname, tb[SOCKCTL_A_PACKET_IFNAME], sizeof(p->ifname));
	if (tb[SOCKCTL_A_PACKET_DIRECTION])
		p->direction = nla_get_u8(tb[SOCKCTL_A_PACKET_DIRECTION]);
	if (tb[SOCKCTL_A_PACKET_PKTTYPE])
		p->pkttype = nla_get_u8(tb[SOCKCTL_A_PACKET_PKTTYPE]);
	if (tb[SOCKCTL_A_PACKET_PROTOCOL])
		p->protocol = nla_get_u16(tb[SOCKCTL_A_PACKET_PROTOCOL]);
	p->data = nla_data(tb[SOCKCTL_A_PACKET_DATA]);
	p->caplen = (uint32_t)nla_len(tb[SOCKCTL_A_PACKET_DATA]);
	p->orig_len = tb[SOCKCTL_A_PACKET_ORIG_LEN] ?
		      nla_get_u32(tb[SOCKCTL_A_PACKET_ORIG_LEN]) : p->caplen;
	if (tb[SOCKCTL_A_PACKET_VLAN_TCI]) {
		p->has_vlan = true;
		p->vlan_tci = nla_get_u16(tb[SOCKCTL_A_PACKET_VLAN_TCI]);
		p->vlan_tpid = tb[SOCKCTL_A_PACKET_VLAN_TPID] ?
			       nla_get_u16(tb[SOCKCTL_A_PACKET_VLAN_TPID]) : 0x8100;
	}
	return 0;
}

/* A packet in sequence: count what it says about drops, then hand it on. */
static void stream_packet(struct capture_stream *st, const struct capture_packet *p,
			  const struct capture_sink *sink)
{
	st->received++;
	if (p->seq <= st->last_seq) {
		st->reordered++;
	} else {
		st->missing += p->seq - st->last_seq - 1;
		st->last_seq = p->seq;
	}
	if (st->full)
		return;
	st->taken++;
	if (sink && sink->packet && !sink->packet(sink->arg, p))
		st->full = true;
}

/*
 * The SOCKCTL_A_CAPTURE nest of a message; false if the message belongs to
 * another session (or has no nest we can read).
 */
static bool stream_nest(struct capture_stream *st, struct nlattr *a)
{
	struct capture_info ci;

	if (capture_info_parse(a, &ci)) {
		st->malformed++;
		return false;
	}
	if (st->id && ci.id != st->id) {
		st->foreign++;
		return false;
	}
	st->id = ci.id;
	st->started = true;
	st->last = ci;
	st->has_last = true;
	return true;
}

static void stream_genl(struct capture_stream *st, const struct nlmsghdr *nlh,
			const struct capture_sink *sink)
{
	const struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *a, *attrs;
	bool found = false, ours = false;
	int rem, len;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		st->malformed++;
		return;
	}
	attrs = (struct nlattr *)((char *)nlmsg_data(nlh) + GENL_HDRLEN);
	len = (int)(nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);

	switch (gh->cmd) {
	case SOCKCTL_CMD_CAPTURE_START:
		nla_for_each_attr(a, attrs, len, rem)
			if (nla_type(a) == SOCKCTL_A_CAPTURE &&
			    !capture_info_parse(a, &st->settings)) {
				st->id = st->settings.id;
				st->started = true;
			}
		return;
	case SOCKCTL_CMD_CAPTURE_PACKETS:
	case SOCKCTL_CMD_CAPTURE_END:
		break;
	default:
		return;		/* not of a session: nothing to do with us */
	}

	/* The session's nest may come before or after the packets (the module
	 * puts it last, with the counters as the batch closed): find it first.
	 */
	nla_for_each_attr(a, attrs, len, rem)
		if (nla_type(a) == SOCKCTL_A_CAPTURE) {
			found = true;
			ours = stream_nest(st, a);
			break;
		}
	if (!found)
		st->malformed++;
	if (!ours)
		return;
	nla_for_each_attr(a, attrs, len, rem) {
		struct capture_packet p;

		if (nla_type(a) != SOCKCTL_A_PACKET)
			continue;
		if (capture_packet_parse(a, &p)) {
			st->malformed++;
			continue;
		}
		stream_packet(st, &p, sink);
	}
	if (gh->cmd == SOCKCTL_CMD_CAPTURE_END)
		st->ended = true;
	else
		st->messages++;
}

static void stream_error(struct capture_stream *st, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = nlmsg_data(nlh);

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*err) ||
	    nlh->nlmsg_seq != st->start_seq) {
		st->malformed++;
		return;
	}
	if (!err->error) {		/* the ACK after the START reply */
		st->started = true;
		return;
	}
	st->start_error = err->error;
	if (st->nl) {
		st->nl->error = err->error;
		sockctl_parse_extack(nlh, st->nl);
	}
}

/* The messages of one datagram, in order. */
void capture_stream_feed(struct capture_stream *st, const void *buf, size_t len,
			 const struct capture_sink *sink)
{
	const struct nlmsghdr *nlh = buf;
	int rem = (int)len;

	for (; NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
		if (nlh->nlmsg_type == NLMSG_ERROR)
			stream_error(st, nlh);
		else if (nlh->nlmsg_type == st->family_id)
			stream_genl(st, nlh, sink);
		/* NLMSG_NOOP, NLMSG_DONE: nothing to do. */
	}
	if (rem > 0)
		st->malformed++;
}

/*
 * Packets matched but never received: the gaps, and, given the session's
 * final counters (fin, or NULL), those after the last number we saw.
 */
uint64_t capture_stream_lost(const struct capture_stream *st,
			     const struct capture_info *fin)
{
	uint64_t lost = st->missing, seen;

	if (!fin || !fin->has_counters || fin->c.queued > fin->c.matched)
		return lost;
	/* Those still queued (a session that did not end) are not lost. */
	seen = fin->c.matched - fin->c.queued;
	if (seen > st->last_seq)
		lost += seen - st->last_seq;
	return lost;
}

/* A reply with one SOCKCTL_A_CAPTURE nest (STOP, GET): arg is a capture_info. */
int capture_info_reply_parse(struct nl_msg *reply, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(reply));
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem)
		if (nla_type(a) == SOCKCTL_A_CAPTURE)
			capture_info_parse(a, arg);
	return 0;
}
