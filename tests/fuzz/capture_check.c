// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: what the kernel says about capture sessions, checked: the
 * replies to START, GET and STOP, and the CAPTURE_PACKETS and CAPTURE_END
 * notifications it sends at any time (port id 0, seq 0, recognised by
 * whoever reads the socket).  The session table is capture.c's.
 *
 * What is checked, beyond the attributes' types and sizes (check.c):
 *   - a START reply: our port id, no packet and no end yet, the settings
 *     asked for (defaults for those not given);
 *   - every packet: sequence numbers increasing, of the session's
 *     direction and device, no more bytes than its snap length or length;
 *   - every counters nest: no packet lost without being counted;
 *   - CAPTURE_END: once per session, after its last packets, before the
 *     STOP reply that caused it, with every delivered packet and message
 *     received here (DELIVERED and MESSAGES are exact: the kernel counts
 *     what our socket accepted, and we read all of it);
 *   - sessions whose socket closed end silently: never listed again,
 *     nothing more from them;
 *   - EBUSY only with MAX_CAPTURES sessions running.
 * Checks that an overrun (ENOBUFS: our receive buffer was full, netlink
 * dropped messages, among them maybe an END or a reply) can defeat are
 * made only for sessions that started after the last one ended.
 */
#include "nlfuzz.h"

static const char *reason_name(int r)
{
	switch (r) {
	case SOCKCTL_CAPTURE_END_STOPPED: return "STOPPED";
	case SOCKCTL_CAPTURE_END_COUNT: return "COUNT";
	case SOCKCTL_CAPTURE_END_DEVICE: return "DEVICE";
	case SOCKCTL_CAPTURE_END_UNLOAD: return "UNLOAD";
	}
	return "?";
}

/* The settings a valid CAPTURE_START request asks for (the last of each wins). */
struct capwant {
	bool ifindex_known;
	uint32_t ifindex;
	uint8_t dir;
	uint32_t snaplen, queue_len, flush_us, filter_len;
	uint64_t count;
};

static void start_settings(const uint8_t *req, uint32_t len, struct capwant *w)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)req;
	const struct nlattr *a, *b;
	char ifname[IFNAMSIZ] = "";
	bool have_index = false;

	memset(w, 0, sizeof(*w));
	w->dir = SOCKCTL_CAPTURE_BOTH;
	w->snaplen = SOCKCTL_MAX_FRAME_REPLY;
	w->queue_len = CAPTURE_QUEUE_DEFAULT;
	w->ifindex_known = true;
	if (len < NLMSG_HDRLEN + GENL_HDRLEN || nlh->nlmsg_len > len)
		return;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case SOCKCTL_A_IFINDEX:
			w->ifindex = mnl_attr_get_u32(a);
			have_index = true;
			break;
		case SOCKCTL_A_IFNAME:
			snprintf(ifname, sizeof(ifname), "%s", mnl_attr_get_str(a));
			break;
		case SOCKCTL_A_CAPTURE:
			/* the last nest counts, whole */
			w->dir = SOCKCTL_CAPTURE_BOTH;
			w->snaplen = SOCKCTL_MAX_FRAME_REPLY;
			w->queue_len = CAPTURE_QUEUE_DEFAULT;
			w->count = 0;
			w->filter_len = 0;
			w->flush_us = 0;
			mnl_attr_for_each_nested(b, a) {
				switch (mnl_attr_get_type(b)) {
				case SOCKCTL_A_CAPTURE_DIRECTION:
					w->dir = mnl_attr_get_u8(b);
					break;
				case SOCKCTL_A_CAPTURE_SNAPLEN:
					w->snaplen = mnl_attr_get_u32(b);
					break;
				case SOCKCTL_A_CAPTURE_COUNT:
					w->count = mnl_attr_get_u64(b);
					break;
				case SOCKCTL_A_CAPTURE_FILTER:
					w->filter_len = mnl_attr_get_payload_len(b) /
							sizeof(struct sock_filter);
					break;
				case SOCKCTL_A_CAPTURE_QUEUE_LEN:
					w->queue_len = mnl_attr_get_u32(b);
					break;
				case SOCKCTL_A_CAPTURE_FLUSH_US:
					w->flush_us = mnl_attr_get_u32(b);
					break;
				}
			}
			break;
		}
	}
	if (!have_index && ifname[0])
		w->ifindex = if_nametoindex(ifname);
	if (!have_index && ifname[0] && !w->ifindex)
		w->ifindex_known = false;	/* gone meanwhile? */
}

/* A START, GET (do or dump) or STOP reply, well formed (check.c). */
void capture_on_reply(struct fz *f, struct expect *e, const struct capinfo *ci,
		      const struct nlmsghdr *r)
{
	struct capsess *s = sess_find(f, ci->id);
	struct capwant w;

	(void)r;
	e->cap_id = ci->id;
	e->cap_reason = ci->reason;
	switch (e->cmd) {
	case SOCKCTL_CMD_CAPTURE_START:
		if (ci->portid != f->portid)
			fail(f, "CAPTURE_START: session %u delivers to port %u, not to its socket (%u)",
			     ci->id, ci->portid, f->portid);
		if (ci->reason || ci->matched)
			fail(f, "CAPTURE_START: session %u already has %" PRIu64 " packets or an end (%u) "
			     "in its start reply", ci->id, ci->matched, ci->reason);
		start_settings(e->req, e->req_len, &w);
		if (ci->dir != w.dir || ci->snaplen != w.snaplen || ci->count != w.count ||
		    ci->queue_len != w.queue_len || ci->filter_len != w.filter_len ||
		    (w.ifindex_known && ci->ifindex != w.ifindex) ||
		    (w.flush_us && (ci->flush_us < w.flush_us || ci->flush_us > w.flush_us + 10000)))
			fail(f, "CAPTURE_START: session %u in effect: direction %u snaplen %u count %" PRIu64
			     " queue %u filter %u ifindex %u flush %u us; asked: %u %u %" PRIu64
			     " %u %u %u %u", ci->id, ci->dir, ci->snaplen, ci->count, ci->queue_len,
			     ci->filter_len, ci->ifindex, ci->flush_us, w.dir, w.snaplen, w.count,
			     w.queue_len, w.filter_len, w.ifindex, w.flush_us);
		if (s)
			fail(f, "CAPTURE_START: session id %u handed out twice", ci->id);
		s = sess_add(f, ci->id);
		s->dir = ci->dir;
		s->snaplen = ci->snaplen;
		s->ifindex = ci->ifindex;
		s->limit = ci->count;
		s->epoch = f->overruns;
		s->live = true;
		f->cap_started++;
		break;
	case SOCKCTL_CMD_CAPTURE_STOP:
		if (!ci->reason || ci->queued)
			fail(f, "CAPTURE_STOP: final nest of session %u with end reason %u, %u packets queued",
			     ci->id, ci->reason, ci->queued);
		if (!s)
			break;
		if (!s->end_seen && capture_clean(f, s))
			fail(f, "CAPTURE_STOP: session %u replied before its CAPTURE_END", ci->id);
		if (s->end_seen && ci->delivered != s->pkts)
			fail(f, "CAPTURE_STOP: session %u: %" PRIu64 " packets delivered, %" PRIu64
			     " received before its END", ci->id, ci->delivered, s->pkts);
		s->stopped = true;
		s->live = false;
		f->cap_stops++;
		break;
	case SOCKCTL_CMD_CAPTURE_GET:
		if (!s)
			break;
		if (s->end_seen && s->end_mark <= e->sent_mark)
			fail(f, "CAPTURE_GET lists session %u after its CAPTURE_END", ci->id);
		if (ci->portid != f->portid || ci->dir != s->dir || ci->snaplen != s->snaplen ||
		    ci->ifindex != s->ifindex || ci->count != s->limit)
			fail(f, "CAPTURE_GET: session %u is not the one started (port %u, direction %u, "
			     "snaplen %u, ifindex %u, count %" PRIu64 ")", ci->id, ci->portid, ci->dir,
			     ci->snaplen, ci->ifindex, ci->count);
		if (ci->matched < s->last_seq)
			fail(f, "CAPTURE_GET: session %u matched %" PRIu64 ", but packet %" PRIu64 " came",
			     ci->id, ci->matched, s->last_seq);
		break;
	}
}

/* The packets of a CAPTURE_PACKETS message against their session. */
static void check_packets(struct fz *f, const struct nlmsghdr *r, struct capsess *s,
			  const struct capinfo *ci)
{
	const struct nlattr *a, *b;
	unsigned int n = 0;

	mnl_attr_for_each(a, r, GENL_HDRLEN) {
		uint64_t seq = 0;
		uint32_t ifindex = 0, orig = 0, dlen = 0;
		uint8_t dir = 0;

		if (mnl_attr_get_type(a) != SOCKCTL_A_PACKET)
			continue;
		n++;
		mnl_attr_for_each_nested(b, a) {
			switch (mnl_attr_get_type(b)) {
			case SOCKCTL_A_PACKET_SEQ:
				seq = mnl_attr_get_u64(b);
				break;
			case SOCKCTL_A_PACKET_IFINDEX:
				ifindex = mnl_attr_get_u32(b);
				break;
			case SOCKCTL_A_PACKET_DIRECTION:
				dir = mnl_attr_get_u8(b);
				break;
			case SOCKCTL_A_PACKET_ORIG_LEN:
				orig = mnl_attr_get_u32(b);
				break;
			case SOCKCTL_A_PACKET_DATA:
				dlen = mnl_attr_get_payload_len(b);
				break;
			}
		}
		if (seq <= s->last_seq)
			fail(f, "CAPTURE_PACKETS: session %u: packet %" PRIu64 " after packet %" PRIu64,
			     s->id, seq, s->last_seq);
		else
			s->last_seq = seq;
		if (!(dir & s->dir))
			fail(f, "CAPTURE_PACKETS: session %u (direction %u) got a packet of direction %u",
			     s->id, s->dir, dir);
		if (s->ifindex && ifindex != s->ifindex)
			fail(f, "CAPTURE_PACKETS: session %u (device %u) got a packet of device %u",
			     s->id, s->ifindex, ifindex);
		if (dlen > s->snaplen || dlen > orig)
			fail(f, "CAPTURE_PACKETS: session %u: %u bytes of a %u-byte packet, snap length %u",
			     s->id, dlen, orig, s->snaplen);
		if (s->limit && seq > s->limit)
			fail(f, "CAPTURE_PACKETS: session %u: packet %" PRIu64 " of a session limited to %"
			     PRIu64, s->id, seq, s->limit);
	}
	if (!n)
		fail(f, "CAPTURE_PACKETS: session %u: a message without packets", s->id);
	if (ci->matched < s->last_seq || ci->queued < n)
		fail(f, "CAPTURE_PACKETS: session %u: counters (matched %" PRIu64 ", queued %u) behind the "
		     "%u packets (up to %" PRIu64 ") they close", s->id, ci->matched, ci->queued, n,
		     s->last_seq);
	s->pkts += n;
	s->msgs++;
	f->notif_pkts += n;
}

/* A message with port id 0 and seq 0: from the kernel, unasked. */
void capture_notification(struct fz *f, const struct nlmsghdr *r)
{
	const struct genlmsghdr *g = (const struct genlmsghdr *)NLMSG_DATA(r);
	const char *what;
	struct capsess *s;
	struct capinfo ci;
	char err[512];
	int set;

	f->notif_mark++;
	if (r->nlmsg_type != family_id || r->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN ||
	    (g->cmd != SOCKCTL_CMD_CAPTURE_PACKETS && g->cmd != SOCKCTL_CMD_CAPTURE_END) ||
	    g->reserved) {
		fail(f, "unexpected message from the kernel (port 0, seq 0): type %u, %u bytes, command %u",
		     r->nlmsg_type, r->nlmsg_len,
		     r->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN ? g->cmd : 0);
		return;
	}
	what = g->cmd == SOCKCTL_CMD_CAPTURE_PACKETS ? "CAPTURE_PACKETS" : "CAPTURE_END";
	set = g->cmd == SOCKCTL_CMD_CAPTURE_PACKETS ? R_PKTS : R_CAPTOP;
	switch (check_notification(r, set, &ci, err, sizeof(err))) {
	case 0:
		break;
	case 1:
		/* counters that do not add up: said, and the message still counts */
		fail(f, "%s: %s", what, err);
		printf("#   notification (%u bytes):\n", r->nlmsg_len);
		hexdump(stdout, "#   ", (const uint8_t *)r, r->nlmsg_len, 128);
		break;
	default:
		fail(f, "malformed %s: %s", what, err);
		printf("#   notification (%u bytes):\n", r->nlmsg_len);
		hexdump(stdout, "#   ", (const uint8_t *)r, r->nlmsg_len, 128);
		return;
	}
	if (g->cmd == SOCKCTL_CMD_CAPTURE_PACKETS)
		f->notif_msgs++;
	else
		f->notif_end++;
	s = sess_find(f, ci.id);
	if (!s) {
		/*
		 * A START whose reply an overrun took is ended by the kernel,
		 * which says so if it can: only then is a session unknown.
		 */
		f->cap_unknown++;
		if (socket_clean(f)) {
			fail(f, "%s for session %u, which this socket (port %u) did not start (a closed "
			     "socket's?): end reason %u, matched %" PRIu64 ", delivered %" PRIu64
			     " in %" PRIu64 " messages", what, ci.id, f->portid, ci.reason, ci.matched,
			     ci.delivered, ci.messages);
			printf("#   notification (%u bytes):\n", r->nlmsg_len);
			hexdump(stdout, "#   ", (const uint8_t *)r, r->nlmsg_len, 64);
		}
		return;
	}
	if (s->end_seen) {
		fail(f, "%s for session %u after its CAPTURE_END", what, ci.id);
		return;
	}
	if (g->cmd == SOCKCTL_CMD_CAPTURE_PACKETS) {
		check_packets(f, r, s, &ci);
		return;
	}
	s->end_seen = true;
	s->end_mark = f->notif_mark;
	s->live = false;
	s->reason = ci.reason;
	if (!ci.reason || ci.queued)
		fail(f, "CAPTURE_END of session %u: end reason %u, %u packets still queued", ci.id,
		     ci.reason, ci.queued);
	if (ci.delivered != s->pkts || ci.messages != s->msgs)
		fail(f, "CAPTURE_END of session %u: %" PRIu64 " packets in %" PRIu64 " messages "
		     "delivered, %" PRIu64 " in %" PRIu64 " received", ci.id, ci.delivered, ci.messages,
		     s->pkts, s->msgs);
	if (ci.reason == SOCKCTL_CAPTURE_END_COUNT && (!s->limit || ci.matched != s->limit))
		fail(f, "CAPTURE_END of session %u: reason COUNT with %" PRIu64 " matched, count %" PRIu64,
		     ci.id, ci.matched, s->limit);
	if (ci.reason != SOCKCTL_CAPTURE_END_COUNT && ci.reason != SOCKCTL_CAPTURE_END_STOPPED)
		fail(f, "CAPTURE_END of session %u: reason %s: no device went away, nothing unloaded",
		     ci.id, reason_name(ci.reason));
	if (s->stopped && capture_clean(f, s))
		fail(f, "CAPTURE_END of session %u after the reply of the STOP that ended it", ci.id);
}

