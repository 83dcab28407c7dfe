// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: phase: capture session life cycles (auxiliary requests, each
 * group in a fresh netns): the session limit, sessions delivering while
 * traffic flows and stopped under it, CAPTURE_STOP racing a session's own
 * end, and sockets closed under running sessions.  Every notification is
 * checked as it comes (capture.c).
 */
#include "nlfuzz.h"

/* Valid settings, at random: device, direction, snap length, count, filter... */
static struct an *random_session(struct fz *f)
{
	static const char *const devs[] = { "fz0", "lo", "fzv0", "fzv1", "fz1" };
	static const uint32_t snaps[] = { 1, 14, 42, 64, 96, 1500, SOCKCTL_MAX_FRAME_REPLY };
	static const uint32_t queues[] = { 1, 2, 16, CAPTURE_QUEUE_DEFAULT, CAPTURE_QUEUE_MAX };
	static const uint32_t flushes[] = { 1, 100, 1000, 10000, 100000 };
	struct an *root = top(), *cap = an_new(SOCKCTL_A_CAPTURE | NLA_F_NESTED, true);
	uint8_t prog[64 * sizeof(struct sock_filter)];
	const char *dev = devs[rnd(ARRAY_SIZE(devs))];

	if (!f->have_veth && dev[2] == 'v')
		dev = "fz0";
	switch (rnd(3)) {
	case 0:
		an_add(root, an_str(SOCKCTL_A_IFNAME, dev));
		break;
	case 1:
		an_add(root, an_u32(SOCKCTL_A_IFINDEX, if_nametoindex(dev)));
		break;
	}
	if (chance(70))
		an_add(cap, an_u8(SOCKCTL_A_CAPTURE_DIRECTION, (uint8_t)(1 + rnd(3))));
	if (chance(60))
		an_add(cap, an_u32(SOCKCTL_A_CAPTURE_SNAPLEN, snaps[rnd(ARRAY_SIZE(snaps))]));
	if (chance(30))
		an_add(cap, an_u64(SOCKCTL_A_CAPTURE_COUNT, 1 + rnd(20)));
	if (chance(40))
		an_add(cap, an_u32(SOCKCTL_A_CAPTURE_QUEUE_LEN, queues[rnd(ARRAY_SIZE(queues))]));
	if (chance(60))
		an_add(cap, an_u32(SOCKCTL_A_CAPTURE_FLUSH_US, flushes[rnd(ARRAY_SIZE(flushes))]));
	switch (rnd(6)) {
	case 0:
		an_add(cap, bpf_attr(bpf_ip_udp, ARRAY_SIZE(bpf_ip_udp)));
		break;
	case 1:
		an_add(cap, bpf_attr(bpf_udp_port9, ARRAY_SIZE(bpf_udp_port9)));
		break;
	case 2:
		an_add(cap, an_leaf(SOCKCTL_A_CAPTURE_FILTER, prog,
				    bpf_valid(prog, 64) * (uint32_t)sizeof(struct sock_filter)));
		break;
	}
	if (cap->nkid || chance(50))
		an_add(root, cap);
	else
		an_free(cap);
	return root;
}

/* No session is left in the netns: stop ours, wait for those ending. */
static void no_sessions_left(struct fz *f, const char *when)
{
	uint32_t ids[64], portids[64];
	int n, i;

	capture_cleanup(f, when);
	n = capture_dump(f, ids, portids, 64);
	if (n < 0)
		fail(f, "%s: CAPTURE_GET dump: %s", when, errname(-n));
	for (i = 0; i < n && i < 64; i++)
		fail(f, "%s: session %u (port %u) still listed after it was stopped", when, ids[i],
		     portids[i]);
}

/*
 * With no session running, MAX_CAPTURES start, one more gets EBUSY, and
 * once they are stopped there is room again: the session count is right.
 */
static void capacity_check(struct fz *f, const char *after)
{
	uint32_t ids[MAX_CAPTURES + 1];
	int i, ret;

	no_sessions_left(f, after);
	for (i = 0; i <= MAX_CAPTURES; i++) {
		ret = capture_start(f, tl(dev0(), NULL), &ids[i]);
		f->phase_sent++;
		if (i < MAX_CAPTURES && ret) {
			fail(f, "%s: session %d of %d refused (%s): the module lost count of its sessions",
			     after, i + 1, MAX_CAPTURES, errname(-ret));
		}
		if (i == MAX_CAPTURES && ret != -EBUSY)
			fail(f, "%s: session %d: %s, not EBUSY", after, MAX_CAPTURES + 1, errname(-ret));
	}
	capture_stop_live(f, 0);
	ret = capture_start(f, tl(dev0(), NULL), &ids[0]);
	if (ret)
		fail(f, "%s: no session starts after all were stopped: %s", after, errname(-ret));
	capture_stop_live(f, 0);
	capture_settle(f, 2);
}

/*
 * Batches that fill up: 1000 packets of 64 bytes in one SEND, to a session
 * that would wait a second to send a part-filled batch: each batch is
 * closed by the packet that does not fit in it (about 350 to a batch).
 */
static void full_batches(struct fz *f)
{
	struct req s = { .cmd = SOCKCTL_CMD_SEND, .flags = NLM_F_REQUEST | NLM_F_ACK };
	uint32_t id;
	int ret;

	ret = capture_start(f, tl(dev0(), an_nest(SOCKCTL_A_CAPTURE,
				an_u8(SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_OUT),
				an_u32(SOCKCTL_A_CAPTURE_SNAPLEN, 64),
				an_u32(SOCKCTL_A_CAPTURE_FLUSH_US, CAPTURE_FLUSH_MAX), NULL), NULL), &id);
	f->phase_sent++;
	if (ret) {
		fail(f, "CAPTURE_START on fz0: %s", errname(-ret));
		return;
	}
	s.root = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_DPORT, 9), NULL), payload(22, 'b'),
		    an_u32(SOCKCTL_A_COUNT, 1000), NULL);
	ret = aux_req(f, &s, NULL);
	an_free(s.root);
	f->phase_sent++;
	if (ret)
		fail(f, "SEND of 1000 packets out of fz0: %s", ret > 0 ? "no reply" : errname(-ret));
	capture_stop(f, id);
	f->phase_sent++;
}

/* Sessions with traffic, stopped while it flows. */
static void traffic_rounds(struct fz *f, int rounds)
{
	int i, k, n;

	full_batches(f);
	for (i = 0; i < rounds && !f->phase_fail; i++) {
		uint32_t id;
		int ret;

		n = 1 + (int)rnd(4);
		for (k = 0; k < n; k++) {
			ret = capture_start(f, random_session(f), &id);
			f->phase_sent++;
			if (ret)
				fail(f, "CAPTURE_START of valid settings: %s", errname(-ret));
		}
		n = 1 + (int)rnd(4);
		for (k = 0; k < n; k++) {
			capture_traffic(f, rnd(4));
			f->phase_sent++;
		}
		if (chance(50))
			usleep(rnd(20000));
		f->phase_sent += capture_live(f);
		capture_stop_live(f, 0);
	}
}

/* A session ends on its count while a STOP for it is on its way. */
static void stop_races(struct fz *f, int rounds)
{
	int i;

	for (i = 0; i < rounds && !f->phase_fail; i++) {
		uint32_t count = 1 + rnd(3), npk = count - 1 + rnd(3), id;
		struct req s = { .cmd = SOCKCTL_CMD_SEND, .flags = NLM_F_REQUEST | NLM_F_ACK };
		int ret;

		ret = capture_start(f, tl(dev0(), an_nest(SOCKCTL_A_CAPTURE,
					an_u64(SOCKCTL_A_CAPTURE_COUNT, count),
					an_u8(SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_OUT),
					an_u32(SOCKCTL_A_CAPTURE_FLUSH_US, 1 + rnd(2000)), NULL), NULL), &id);
		f->phase_sent++;
		if (ret) {
			fail(f, "CAPTURE_START with a count: %s", errname(-ret));
			continue;
		}
		if (npk) {
			/* count - 1 to count + 1 packets out of fz0 */
			s.root = tl(dev0(), an_nest(SOCKCTL_A_IPV4,
						    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
				    an_nest(SOCKCTL_A_UDP, NULL), payload((int)rnd(200), 0),
				    an_u32(SOCKCTL_A_COUNT, npk), NULL);
			aux_req(f, &s, NULL);
			an_free(s.root);
			f->phase_sent++;
		}
		if (chance(50))
			usleep(rnd(3000));
		ret = capture_stop(f, id);
		f->phase_sent++;
		if (ret && ret != -ENOENT && ret != 1)
			fail(f, "CAPTURE_STOP %u: %s", id, errname(-ret));
	}
	capture_settle(f, 2);
}

/* Sessions of a second socket, closed while they run: they end silently. */
static void close_rounds(struct fz *f, int rounds)
{
	int i, k;

	for (i = 0; i < rounds && !f->phase_fail; i++) {
		struct mnl_socket *saved_nl = f->nl;
		int saved_fd = f->fd, n = 1 + (int)rnd(3), one = 1, listed, j;
		uint32_t saved_port = f->portid, ids[4], dids[64], dports[64];
		struct mnl_socket *nl2 = mnl_socket_open(NETLINK_GENERIC);

		if (!nl2 || mnl_socket_bind(nl2, 0, MNL_SOCKET_AUTOPID) < 0) {
			fail(f, "second socket: %s", strerror(errno));
			break;
		}
		setsockopt(mnl_socket_get_fd(nl2), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
		setsockopt(mnl_socket_get_fd(nl2), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
		f->nl = nl2;
		f->fd = mnl_socket_get_fd(nl2);
		f->portid = mnl_socket_get_portid(nl2);
		for (k = 0; k < n; k++) {
			ids[k] = 0;
			if (capture_start(f, random_session(f), &ids[k]))
				fail(f, "CAPTURE_START on a second socket failed");
			f->phase_sent++;
		}
		for (k = 0; k < 1 + (int)rnd(3); k++)
			capture_traffic(f, rnd(4));
		if (chance(70))
			usleep(rnd(5000));
		f->nl = saved_nl;
		f->fd = saved_fd;
		f->portid = saved_port;
		mnl_socket_close(nl2);
		for (k = 0; k < n; k++)
			capture_forget(f, ids[k]);
		listed = capture_dump(f, dids, dports, 64);
		for (j = 0; j < listed && j < 64; j++)
			for (k = 0; k < n; k++)
				if (dids[j] == ids[k])
					fail(f, "session %u still listed after its socket was closed", ids[k]);
	}
	/*
	 * Our own socket, closed and opened again (with the same port id)
	 * under running sessions; every other time just as a session reached
	 * its count and is ending on its own.  Nothing of them may reach the
	 * new socket.
	 */
	for (i = 0; i < rounds && !f->phase_fail; i++) {
		uint32_t id;

		if (i % 2) {
			struct req s = { .cmd = SOCKCTL_CMD_SEND, .flags = NLM_F_REQUEST | NLM_F_ACK };

			capture_start(f, tl(dev0(), an_nest(SOCKCTL_A_CAPTURE,
					an_u64(SOCKCTL_A_CAPTURE_COUNT, 1 + rnd(2)),
					an_u8(SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_OUT), NULL), NULL), &id);
			s.root = tl(dev0(), an_nest(SOCKCTL_A_IPV4,
						    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
				    an_nest(SOCKCTL_A_UDP, NULL), an_u32(SOCKCTL_A_COUNT, 2), NULL);
			aux_req(f, &s, NULL);
			an_free(s.root);
		} else {
			for (k = 0; k < 1 + (int)rnd(3); k++)
				capture_start(f, random_session(f), &id);
			capture_traffic(f, rnd(4));
		}
		f->phase_sent += 2;
		capture_reopen(f);
		read_pending(f, 50);
	}
	read_pending(f, 200);
}

void phase_capture(struct fz *f, uint64_t seed, int rounds)
{
	rng_state = seed ^ 0x6361707475726500ull;

	fresh_netns(f);
	tap_phase_begin(f, "capture: 8 sessions run at once, a 9th is refused (EBUSY)");
	f->cname = "capture: sessions up to the limit";
	capacity_check(f, "in a new namespace");
	tap_phase_end(f, NULL);

	fresh_netns(f);
	tap_phase_begin(f, "capture: sessions deliver while traffic flows; STOP sends the rest, END, then replies");
	f->cname = "capture: random sessions, traffic, STOP";
	traffic_rounds(f, rounds);
	capacity_check(f, "after the traffic rounds");
	tap_phase_end(f, NULL);

	fresh_netns(f);
	tap_phase_begin(f, "capture: CAPTURE_STOP racing the session's own end (count reached)");
	f->cname = "capture: a session with a count, packets, STOP";
	stop_races(f, rounds);
	capacity_check(f, "after the stop races");
	tap_phase_end(f, NULL);

	fresh_netns(f);
	tap_phase_begin(f, "capture: sockets closed under running sessions: the sessions end silently");
	f->cname = "capture: sessions, traffic, close the socket";
	close_rounds(f, rounds / 4 > 1 ? rounds / 4 : 1);
	capacity_check(f, "after the socket-close rounds");
	tap_phase_end(f, NULL);
}
