// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: capture sessions: the sessions this socket started, the
 * CAPTURE_PACKETS and CAPTURE_END notifications the kernel sends them at
 * any time (port id 0, seq 0, recognised and checked by whoever reads the
 * socket), and the auxiliary requests that start, stop, list and feed
 * sessions, close their socket, and count overruns.
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

/* Our receive buffer overflowed: netlink drops what comes until it is read empty. */
void note_enobufs(struct fz *f)
{
	f->enobufs++;
	f->congested = true;
	f->overruns++;
}

/* The socket's queue was seen empty: an overflow, if any, is over. */
void note_queue_empty(struct fz *f)
{
	if (f->congested) {
		f->congested = false;
		f->overruns++;
	}
}

/* Nothing of @s can have been lost to an overrun. */
bool capture_clean(const struct fz *f, const struct capsess *s)
{
	return s->epoch == f->overruns && !f->congested;
}

/* Nothing at all on this socket can have been lost. */
static bool socket_clean(const struct fz *f)
{
	return f->sock_epoch == f->overruns && !f->congested;
}

static struct capsess *sess_find(struct fz *f, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < f->n_sess; i++)
		if (f->sess[i].id == id)
			return &f->sess[i];
	return NULL;
}

/* A new entry; the oldest that is over makes room if the table is full. */
static struct capsess *sess_add(struct fz *f, uint32_t id)
{
	struct capsess *s;
	unsigned int i;

	if (f->n_sess == MAX_SESS) {
		for (i = 0; i < f->n_sess && f->sess[i].live; i++)
			;
		if (i == f->n_sess)
			i = 0;
		memmove(&f->sess[i], &f->sess[i + 1], (f->n_sess - i - 1) * sizeof(f->sess[0]));
		f->n_sess--;
	}
	s = &f->sess[f->n_sess++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	return s;
}

unsigned int capture_live(const struct fz *f)
{
	unsigned int i, n = 0;

	for (i = 0; i < f->n_sess; i++)
		n += f->sess[i].live;
	return n;
}

/* Session @id's socket is gone: it ended silently. */
void capture_forget(struct fz *f, uint32_t id)
{
	struct capsess *s = sess_find(f, id);

	if (s) {
		memmove(s, s + 1, (size_t)(&f->sess[f->n_sess] - (s + 1)) * sizeof(*s));
		f->n_sess--;
	}
}

/* The socket is gone (closed, or its netns left): its sessions ended silently. */
void capture_forget_all(struct fz *f)
{
	f->n_sess = 0;
}

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

/* Start a session (auxiliary): 0 and its id, or the error. */
int capture_start(struct fz *f, struct an *root, uint32_t *id)
{
	struct req r = { .cmd = SOCKCTL_CMD_CAPTURE_START, .flags = NLM_F_REQUEST | NLM_F_ACK,
			 .root = root };
	struct expect e;
	int ret;

	ret = aux_req(f, &r, &e);
	an_free(root);
	*id = e.cap_id;
	if (ret == 0 && !e.cap_id)
		return -ENODATA;
	return ret;
}

static struct an *id_nest(uint32_t id)
{
	return tl(an_nest(SOCKCTL_A_CAPTURE, an_u32(SOCKCTL_A_CAPTURE_ID, id), NULL), NULL);
}

/* Stop a session (auxiliary): 0, -ENOENT if it was already ending, ... */
int capture_stop(struct fz *f, uint32_t id)
{
	struct req r = { .cmd = SOCKCTL_CMD_CAPTURE_STOP, .flags = NLM_F_REQUEST | NLM_F_ACK,
			 .root = id_nest(id) };
	struct capsess *s;
	struct expect e;
	int ret;

	ret = aux_req(f, &r, &e);
	an_free(r.root);
	s = sess_find(f, id);
	if (ret == 0 && e.cap_id != id)
		fail(f, "CAPTURE_STOP %u replied with session %u", id, e.cap_id);
	if (s && ret) {
		/* Ending on its own (count), or gone: its END says which. */
		s->live = false;
		s->stop_enoent = ret == -ENOENT;
		if (ret != -ENOENT && ret != 1)
			fail(f, "CAPTURE_STOP of session %u: %s", id, errname(-ret));
	}
	return ret;
}

/* Stop the oldest live sessions until at most @keep are left. */
void capture_stop_live(struct fz *f, unsigned int keep)
{
	unsigned int i;

	while (capture_live(f) > keep) {
		for (i = 0; i < f->n_sess && !f->sess[i].live; i++)
			;
		capture_stop(f, f->sess[i].id);
		f->sess[i].live = false;	/* whatever the answer */
	}
}

struct capdump {
	uint32_t *ids, *portids;
	int n, max;
};

static void capture_entry(struct fz *f, const struct nlmsghdr *r, void *arg)
{
	struct capdump *c = arg;
	struct capinfo ci;
	char err[512];

	switch (check_notification(r, R_CAPTOP, &ci, err, sizeof(err))) {
	case 0:
		break;
	case 1:
		fail(f, "CAPTURE_GET dump: %s", err);
		break;
	default:
		fail(f, "malformed CAPTURE_GET dump message: %s", err);
		return;
	}
	if (c->n < c->max) {
		c->ids[c->n] = ci.id;
		c->portids[c->n] = ci.portid;
	}
	c->n++;
}

/* The sessions of our netns (CAPTURE_GET dump): how many, or the error. */
int capture_dump(struct fz *f, uint32_t *ids, uint32_t *portids, int max)
{
	struct capdump c = { .ids = ids, .portids = portids, .max = max };
	int err = dump_request(f, SOCKCTL_CMD_CAPTURE_GET, capture_entry, &c);

	return err ? err : c.n;
}

/*
 * Give sessions that are ending on their own (a STOP found them ending)
 * up to @seconds for their CAPTURE_END; report those that never send one.
 */
void capture_settle(struct fz *f, double seconds)
{
	double end = now_s() + seconds;
	unsigned int i;
	bool waiting;

	do {
		read_pending(f, 20);
		waiting = false;
		for (i = 0; i < f->n_sess; i++)
			waiting |= f->sess[i].stop_enoent && !f->sess[i].end_seen;
	} while (waiting && now_s() < end);
	for (i = 0; i < f->n_sess; i++) {
		struct capsess *s = &f->sess[i];

		if (s->stop_enoent && !s->end_seen && capture_clean(f, s)) {
			fail(f, "session %u ended on its own (STOP: ENOENT) but no CAPTURE_END came in %.0f s",
			     s->id, seconds);
			s->stop_enoent = false;
		}
	}
}

/*
 * A few packets where sessions look (auxiliary SENDs), in turn: out of fz0,
 * through lo, across the veth pair (out of fzv0, into fzv1), into fz0.
 */
void capture_traffic(struct fz *f, unsigned int k)
{
	struct req r = { .cmd = SOCKCTL_CMD_SEND, .flags = NLM_F_REQUEST | NLM_F_ACK };

	switch (k % 4) {
	case 0:
		r.root = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
			    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_DPORT, 9), NULL),
			    payload(32, 'c'), an_u32(SOCKCTL_A_COUNT, 2), NULL);
		break;
	case 1:
		r.root = tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L3),
			    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "127.0.0.1"),
				    an_ip4(SOCKCTL_A_IPV4_DADDR, "127.0.0.1"), NULL),
			    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_DPORT, 9), NULL),
			    payload(16, 'l'), NULL);
		break;
	case 2:
		r.root = tl(an_str(SOCKCTL_A_IFNAME, f->have_veth ? "fzv0" : "fz1"),
			    an_nest(SOCKCTL_A_ETH, an_mac(SOCKCTL_A_ETH_DST, "ff:ff:ff:ff:ff:ff"), NULL),
			    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR,
							   f->have_veth ? "10.95.0.2" : "10.96.0.2"), NULL),
			    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_DPORT, 9), NULL),
			    payload(64, 'v'), an_u32(SOCKCTL_A_COUNT, 3), NULL);
		break;
	default:
		r.root = tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_RX), dev0(),
			    an_nest(SOCKCTL_A_ETH, an_mac(SOCKCTL_A_ETH_SRC, "02:00:00:00:00:77"), NULL),
			    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.77"),
				    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.1"), NULL),
			    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_DPORT, 9), NULL), NULL);
		break;
	}
	aux_req(f, &r, NULL);
	an_free(r.root);
	f->traffic++;
}

/*
 * Close our socket with its sessions running and open another in the same
 * netns (likely with the same port id): the sessions must end silently,
 * and be listed no more.
 */
void capture_reopen(struct fz *f)
{
	uint32_t ids[64], portids[64];
	unsigned int live = capture_live(f);
	int n, i;

	mnl_socket_close(f->nl);
	f->nl = NULL;
	capture_forget_all(f);
	if (open_genl(f)) {
		printf("Bail out! a new generic netlink socket: %s\n", strerror(errno));
		exit(2);
	}
	f->reopens++;
	n = capture_dump(f, ids, portids, 64);
	if (n < 0) {
		fail(f, "CAPTURE_GET dump after the socket was reopened: %s", errname(-n));
		return;
	}
	/* Nobody else captures in this netns. */
	for (i = 0; i < n && i < 64; i++)
		fail(f, "session %u (port %u) still listed after the socket that started it "
		     "(with %u sessions) was closed", ids[i], portids[i], live);
}

/*
 * Stop every session we started, wait for those ending on their own, and
 * see that none is left in the netns.
 */
void capture_cleanup(struct fz *f, const char *when)
{
	uint32_t ids[64], portids[64];
	int n, i;

	if (opt_gen)
		return;
	capture_stop_live(f, 0);
	n = capture_dump(f, ids, portids, 64);
	for (i = 0; i < n && i < 64; i++) {
		if (portids[i] != f->portid)
			continue;
		if (sess_find(f, ids[i]) && capture_clean(f, sess_find(f, ids[i])) &&
		    sess_find(f, ids[i])->end_seen)
			fail(f, "%s: session %u still listed after its CAPTURE_END", when, ids[i]);
		capture_stop(f, ids[i]);
	}
	capture_settle(f, 2);
}

/*
 * After a fuzz message: EBUSY only at the limit; sessions beyond what the
 * phase keeps stopped; in the mutation phase, traffic now and then, and
 * now and then a socket closed under its sessions.
 */
void capture_after_msg(struct fz *f, const struct expect *e, int ret, unsigned int live_before)
{
	if (opt_gen)
		return;
	if (ret == -EBUSY && e->cmd == SOCKCTL_CMD_CAPTURE_START && live_before < MAX_CAPTURES &&
	    !f->cap_ebusy_reported) {
		uint32_t ids[64], portids[64];
		int n = capture_dump(f, ids, portids, 64);

		fail(f, "CAPTURE_START refused with EBUSY while this socket had %u sessions (the netns "
		     "lists %d): the session count is wrong (reported once)", live_before, n);
		f->cap_ebusy_reported = true;
	}
	capture_stop_live(f, f->cap_keep);
	if (!f->cap_tick)
		return;
	if (capture_live(f) && f->idx % 10 == 0)
		capture_traffic(f, (unsigned int)(f->idx / 10));
	if (capture_live(f) && f->idx % 2500 == 0)
		capture_reopen(f);
}
