// SPDX-License-Identifier: GPL-2.0
/*
 * A capture session's messages, made by hand as the kernel makes them
 * (PAD attributes included), fed to capture_stream_feed(): the START reply
 * and its refusal, packets, sequence gaps counted as drops, another
 * session's messages ignored, the END and its final counters.
 */
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "capture.h"
#include "unit.h"

#define FAMILY	0x1c
#define START_SEQ 77

/* A datagram: messages one after the other, as one recv() returns them. */
struct datagram {
	uint8_t buf[65536];
	size_t len;
};

static void dgram_add(struct datagram *d, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	memcpy(d->buf + d->len, nlh, nlh->nlmsg_len);
	d->len += NLMSG_ALIGN(nlh->nlmsg_len);
	nlmsg_free(msg);
}

static struct nl_msg *genl_msg(uint8_t cmd, uint32_t seq)
{
	struct nl_msg *msg = nlmsg_alloc_size(65536);

	genlmsg_put(msg, 0, seq, FAMILY, 0, 0, cmd, SOCKCTL_FAMILY_VERSION);
	return msg;
}

static struct nlattr *nest_start(struct nl_msg *msg, int type)
{
	struct nlattr *n = nla_nest_start(msg, type);

	n->nla_type |= NLA_F_NESTED;
	return n;
}

/* A u64 as nla_put_u64_64bit() may put it: after a PAD attribute. */
static void put_u64_padded(struct nl_msg *msg, int type, int pad, uint64_t v)
{
	nla_put(msg, pad, 0, NULL);
	nla_put_u64(msg, type, v);
}

struct counters {
	uint64_t matched, delivered, dq, ds, dn;
	uint32_t queued;
};

static void capture_nest(struct nl_msg *msg, uint32_t id, const struct counters *c,
			 uint8_t end_reason)
{
	struct nlattr *n = nest_start(msg, SOCKCTL_A_CAPTURE);

	nla_put_u32(msg, SOCKCTL_A_CAPTURE_ID, id);
	if (c) {
		put_u64_padded(msg, SOCKCTL_A_CAPTURE_MATCHED, SOCKCTL_A_CAPTURE_PAD, c->matched);
		nla_put_u64(msg, SOCKCTL_A_CAPTURE_DELIVERED, c->delivered);
		nla_put_u64(msg, SOCKCTL_A_CAPTURE_DROPS_QUEUE, c->dq);
		nla_put_u64(msg, SOCKCTL_A_CAPTURE_DROPS_SOCKET, c->ds);
		nla_put_u64(msg, SOCKCTL_A_CAPTURE_DROPS_NOMEM, c->dn);
		nla_put_u32(msg, SOCKCTL_A_CAPTURE_QUEUED, c->queued);
	}
	if (end_reason)
		nla_put_u8(msg, SOCKCTL_A_CAPTURE_END_REASON, end_reason);
	nla_nest_end(msg, n);
}

static const uint8_t frame[] = {
	0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00, 0x45, 0,
};

static void packet_nest(struct nl_msg *msg, uint64_t seq, bool vlan)
{
	struct nlattr *n = nest_start(msg, SOCKCTL_A_PACKET);

	put_u64_padded(msg, SOCKCTL_A_PACKET_SEQ, SOCKCTL_A_PACKET_PAD, seq);
	nla_put_u64(msg, SOCKCTL_A_PACKET_TSTAMP_NS, 1700000000123456789ULL + seq);
	nla_put_u32(msg, SOCKCTL_A_PACKET_IFINDEX, 4);
	nla_put_string(msg, SOCKCTL_A_PACKET_IFNAME, "veth0");
	nla_put_u8(msg, SOCKCTL_A_PACKET_DIRECTION, SOCKCTL_CAPTURE_OUT);
	nla_put_u8(msg, SOCKCTL_A_PACKET_PKTTYPE, 4);
	nla_put_u16(msg, SOCKCTL_A_PACKET_PROTOCOL, 0x0800);
	nla_put_u32(msg, SOCKCTL_A_PACKET_ORIG_LEN, 60);
	nla_put(msg, SOCKCTL_A_PACKET_DATA, sizeof(frame), frame);
	if (vlan) {
		nla_put_u16(msg, SOCKCTL_A_PACKET_VLAN_TCI, 0x2064);
		nla_put_u16(msg, SOCKCTL_A_PACKET_VLAN_TPID, 0x88a8);
	}
	nla_nest_end(msg, n);
}

/*
 * A PACKETS message of session id with these sequence numbers: the nest
 * last, as the module puts it, or first.
 */
static void packets_nest_at(struct datagram *d, uint32_t id, const uint64_t *seqs,
			    int n, const struct counters *c, bool nest_first)
{
	struct nl_msg *msg = genl_msg(SOCKCTL_CMD_CAPTURE_PACKETS, 0);
	int i;

	if (nest_first)
		capture_nest(msg, id, c, 0);
	for (i = 0; i < n; i++)
		packet_nest(msg, seqs[i], false);
	if (!nest_first)
		capture_nest(msg, id, c, 0);
	dgram_add(d, msg);
}

static void packets(struct datagram *d, uint32_t id, const uint64_t *seqs, int n,
		    const struct counters *c)
{
	packets_nest_at(d, id, seqs, n, c, false);
}

static void ack(struct datagram *d, uint32_t seq, int error, const char *text)
{
	struct nl_msg *msg = nlmsg_alloc_size(4096);
	struct nlmsgerr e = { .error = error };
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(msg, 0, seq, NLMSG_ERROR, sizeof(e), NLM_F_CAPPED);
	e.msg.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	e.msg.nlmsg_seq = seq;
	memcpy(nlmsg_data(nlh), &e, sizeof(e));
	if (text) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		nla_put_string(msg, NLMSGERR_ATTR_MSG, text);
	}
	dgram_add(d, msg);
}

/* The sink of the tests: sequence numbers seen, and a limit. */
struct recorder {
	uint64_t seqs[64];
	int n, limit;
	struct capture_packet first;
};

static bool record(void *arg, const struct capture_packet *p)
{
	struct recorder *r = arg;

	if (!r->n)
		r->first = *p;
	if (r->n < 64)
		r->seqs[r->n] = p->seq;
	r->n++;
	return !r->limit || r->n < r->limit;
}

static void stream_init(struct capture_stream *st, struct sockctl_nl *nl)
{
	memset(st, 0, sizeof(*st));
	st->family_id = FAMILY;
	st->start_seq = START_SEQ;
	st->nl = nl;
}

static void test_start(void)
{
	struct capture_stream st;
	struct sockctl_nl nl = { 0 };
	struct datagram d = { .len = 0 };
	struct nl_msg *msg;
	struct nlattr *n;

	stream_init(&st, &nl);
	msg = genl_msg(SOCKCTL_CMD_CAPTURE_START, START_SEQ);
	n = nest_start(msg, SOCKCTL_A_CAPTURE);
	nla_put_u32(msg, SOCKCTL_A_CAPTURE_ID, 7);
	nla_put_u8(msg, SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_BOTH);
	nla_put_u32(msg, SOCKCTL_A_CAPTURE_SNAPLEN, 65500);
	nla_put_u32(msg, SOCKCTL_A_CAPTURE_QUEUE_LEN, 4096);
	nla_put_u32(msg, SOCKCTL_A_CAPTURE_FILTER_LEN, 6);
	nla_put_u32(msg, SOCKCTL_A_CAPTURE_IFINDEX, 4);
	nla_nest_end(msg, n);
	dgram_add(&d, msg);
	ack(&d, START_SEQ, 0, NULL);
	capture_stream_feed(&st, d.buf, d.len, NULL);
	check(st.started && !st.start_error && st.id == 7 &&
	      st.settings.snaplen == 65500 && st.settings.queue_len == 4096 &&
	      st.settings.filter_len == 6 && st.settings.ifindex == 4 &&
	      st.settings.direction == SOCKCTL_CAPTURE_BOTH && !st.malformed,
	      "capture stream: START reply and its ACK: id and settings");

	stream_init(&st, &nl);
	d.len = 0;
	ack(&d, START_SEQ, -EPERM, "capturing needs CAP_NET_RAW");
	capture_stream_feed(&st, d.buf, d.len, NULL);
	check(!st.started && st.start_error == -EPERM && nl.error == -EPERM &&
	      !strcmp(nl.extack_msg, "capturing needs CAP_NET_RAW"),
	      "capture stream: START refused: the errno and the extended ACK");

	stream_init(&st, NULL);
	d.len = 0;
	ack(&d, START_SEQ + 1, -EINVAL, NULL);
	capture_stream_feed(&st, d.buf, d.len, NULL);
	check(!st.start_error && st.malformed == 1,
	      "capture stream: an error for another request is not the START's");
}

static void test_sequence(void)
{
	static const uint64_t first[] = { 1, 2, 3 }, second[] = { 5, 6 },
		third[] = { 10 }, other[] = { 1, 2 };
	struct counters c = { .matched = 6, .delivered = 3 };
	struct counters fin = { .matched = 12, .delivered = 6, .dq = 4, .ds = 2 };
	struct recorder r = { .n = 0 };
	struct capture_sink sink = { record, &r };
	struct capture_stream st;
	struct datagram d = { .len = 0 };
	struct nl_msg *msg;

	stream_init(&st, NULL);
	st.id = 7;
	st.started = true;
	/* Two messages in one datagram (the nest last, then first), a third next. */
	packets(&d, 7, first, 3, &c);
	packets_nest_at(&d, 7, second, 2, &c, true);
	capture_stream_feed(&st, d.buf, d.len, &sink);
	check(r.n == 5 && st.received == 5 && st.taken == 5 && st.missing == 1 &&
	      st.last_seq == 6 && st.messages == 2 && st.has_last &&
	      st.last.c.matched == 6 && !st.ended && !st.malformed,
	      "capture stream: 1 2 3, then 5 6: one packet missing");
	check(r.first.seq == 1 && r.first.tstamp_ns == 1700000000123456790ULL &&
	      r.first.ifindex == 4 && !strcmp(r.first.ifname, "veth0") &&
	      r.first.direction == SOCKCTL_CAPTURE_OUT && r.first.pkttype == 4 &&
	      r.first.protocol == 0x0800 && r.first.orig_len == 60 &&
	      r.first.caplen == sizeof(frame) && !memcmp(r.first.data, frame, sizeof(frame)) &&
	      !r.first.has_vlan,
	      "capture stream: a packet's attributes, PAD skipped");

	d.len = 0;
	packets(&d, 8, other, 2, &c);	/* someone else's: never ours */
	packets(&d, 7, third, 1, &c);
	capture_stream_feed(&st, d.buf, d.len, &sink);
	check(r.n == 6 && st.missing == 4 && st.last_seq == 10 && st.foreign == 1,
	      "capture stream: then 10: four missing; another session's message ignored");

	d.len = 0;
	msg = genl_msg(SOCKCTL_CMD_CAPTURE_END, 0);
	capture_nest(msg, 7, &fin, SOCKCTL_CAPTURE_END_STOPPED);
	dgram_add(&d, msg);
	capture_stream_feed(&st, d.buf, d.len, &sink);
	check(st.ended && st.last.end_reason == SOCKCTL_CAPTURE_END_STOPPED &&
	      st.last.c.matched == 12 && capture_stream_lost(&st, &st.last) == 6 &&
	      capture_drops(&st.last.c) == 6,
	      "capture stream: END: two more lost after the last seen, as the kernel counts");
	check(capture_stream_lost(&st, NULL) == 4,
	      "capture stream: without final counters, only the gaps are known");
	fin.queued = 2;
	fin.matched = 12;
	st.last.c.queued = 2;
	check(capture_stream_lost(&st, &st.last) == 4,
	      "capture stream: packets still queued are not lost");
}

static void test_sink_full(void)
{
	static const uint64_t seqs[] = { 1, 2, 3, 4 };
	struct recorder r = { .limit = 2 };
	struct capture_sink sink = { record, &r };
	struct capture_stream st;
	struct datagram d = { .len = 0 };

	stream_init(&st, NULL);
	packets(&d, 3, seqs, 4, NULL);
	capture_stream_feed(&st, d.buf, d.len, &sink);
	check(r.n == 2 && st.full && st.taken == 2 && st.received == 4 &&
	      st.last_seq == 4 && !st.missing && st.id == 3 && st.started,
	      "capture stream: a sink that is full takes no more; the count goes on");
}

static void test_malformed(void)
{
	struct recorder r = { .n = 0 };
	struct capture_sink sink = { record, &r };
	struct capture_stream st;
	struct datagram d = { .len = 0 };
	struct nl_msg *msg;
	struct nlattr *n;

	stream_init(&st, NULL);
	msg = genl_msg(SOCKCTL_CMD_CAPTURE_PACKETS, 0);
	capture_nest(msg, 1, NULL, 0);
	n = nest_start(msg, SOCKCTL_A_PACKET);	/* no sequence number */
	nla_put(msg, SOCKCTL_A_PACKET_DATA, sizeof(frame), frame);
	nla_nest_end(msg, n);
	packet_nest(msg, 1, true);
	dgram_add(&d, msg);
	capture_stream_feed(&st, d.buf, d.len, &sink);
	check(st.malformed == 1 && r.n == 1 && r.first.has_vlan &&
	      r.first.vlan_tci == 0x2064 && r.first.vlan_tpid == 0x88a8,
	      "capture stream: a packet without its number is skipped, the next taken (VLAN attributes)");

	stream_init(&st, NULL);
	d.len = 0;
	msg = genl_msg(SOCKCTL_CMD_CAPTURE_PACKETS, 0);
	packet_nest(msg, 1, false);		/* no session's nest */
	dgram_add(&d, msg);
	capture_stream_feed(&st, d.buf, d.len - 1, &sink);
	check(st.malformed == 1 && !st.received,
	      "capture stream: a datagram cut short is counted, not read past");
	capture_stream_feed(&st, d.buf, d.len, &sink);
	check(st.malformed == 2 && !st.received,
	      "capture stream: packets without the session's nest are refused");
}

void test_capture_stream(void)
{
	test_start();
	test_sequence();
	test_sink_full();
	test_malformed();
}
