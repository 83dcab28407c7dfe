// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: capture sessions: the table of the sessions this socket started,
 * overrun accounting, and the auxiliary requests that start, stop, list and
 * feed sessions and close their socket.  What the kernel says about them
 * (replies and notifications) is checked in capture_check.c.
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
bool socket_clean(const struct fz *f)
{
	return f->sock_epoch == f->overruns && !f->congested;
}

struct capsess *sess_find(struct fz *f, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < f->n_sess; i++)
		if (f->sess[i].id == id)
			return &f->sess[i];
	return NULL;
}

/* A new entry; the oldest that is over makes room if the table is full. */
struct capsess *sess_add(struct fz *f, uint32_t id)
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
