// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: capture sessions under load.  A burst larger than the queue
 * is accounted for exactly (every packet delivered or counted as a drop),
 * batches hold many packets, and several sessions with different filters on
 * one or two sockets each get their own packets.  See capture_env.h.
 */
#include "capture_env.h"
#include "capture_far.h"
#include "kernel_files.h"
#include "link_rtnl.h"

/* --- load -------------------------------------------------------------------- */

struct capture_stats {
	uint64_t captures, captured, drops;
};

static int netns_capture_stats(struct genl_client *c, struct genl_result *res,
			       struct capture_stats *cs)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, SOCKCTL_CMD_STATS_GET, 0);
	const struct nlattr *nest, *a;
	int err = genl_client_xfer(c, nlh, res);

	memset(cs, 0, sizeof(*cs));
	if (err)
		return err;
	nest = sc_reply_attr(res, SOCKCTL_A_STATS);
	if (!nest)
		return -ENODATA;
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case SOCKCTL_A_STATS_CAPTURES:
			cs->captures = mnl_attr_get_u64(a);
			break;
		case SOCKCTL_A_STATS_CAPTURED:
			cs->captured = mnl_attr_get_u64(a);
			break;
		case SOCKCTL_A_STATS_CAPTURE_DROPS:
			cs->drops = mnl_attr_get_u64(a);
			break;
		}
	}
	return 0;
}

/*
 * 5000 frames in one SEND from the far end, unpaced, into a session with a
 * queue of 64 on a socket with a tiny receive buffer that is not read until
 * the sending is over.  Most are lost, and every loss is counted: MATCHED
 * is what arrived on the device, DELIVERED what the socket got, the gaps
 * in the sequence numbers are the drops.
 */
TEST_F_TIMEOUT(capture, burst_larger_than_queue_exact_drop_accounting, 300)
{
	const uint32_t sent = 5000;
	struct capenv *e = &self->e;
	struct spec s = { .kind = PK_UDP, .id = 14, .sport = 1, .dport = 7500,
			  .payload = "burst" };
	struct rtnl_link_stats64 near0, near1, far0, far1;
	struct capture_stats cs;
	struct genl_client b;
	struct cap_rx brx;
	struct cap_info fin;
	struct sc_job j = { 0 };
	uint64_t arrived, gaps = 0, want = 1;
	uint32_t id, jid;
	size_t i;
	int rcvbuf, err;

	/* Nothing but the burst may reach the near end: no IPv6 at the far end. */
	ASSERT_EQ(0, sysctl_write(e->t.far_netns, "net/ipv6/conf/" TOPO_FAR_NAME "/disable_ipv6",
				  "1"));
	cap_rx_init(&brx);
	ASSERT_EQ(0, genl_client_open(&b, SOCKCTL_FAMILY_NAME));
	rcvbuf = cap_set_rcvbuf(&b, 4096);
	ASSERT_LT(0, rcvbuf);
	id = start(_metadata, &b, &brx, &(struct start_opts){
			.ifindex = e->t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
			.queue_len = 64 }, NULL);
	usleep(300 * 1000);	/* the last of the far end's IPv6 goes first */
	ASSERT_EQ(0, link_stats(e->t.near_ifindex, &near0));
	ASSERT_EQ(0, far_link_stats(e, &far0));

	jid = far_send(_metadata, e, &s, sent, 0);
	if (jid)
		far_job_wait(_metadata, e, jid, 240 * 1000, &j);
	ASSERT_EQ(0, link_stats(e->t.near_ifindex, &near1));
	ASSERT_EQ(0, far_link_stats(e, &far1));
	arrived = near1.rx_packets - near0.rx_packets;

	/* Only now read: what the socket holds, then what the queue still had. */
	cap_drain(&b, &brx, 500, 60 * 1000);
	err = cap_stop(&b, &brx, id, &fin, e->extack);
	ASSERT_EQ(0, err) TH_LOG("STOP: %s; %s", strerror(-err), e->extack);
	ASSERT_EQ(1, cap_wait_end(&b, &brx, id, ARRIVE_MS));
	cap_drain(&b, &brx, QUIET_MS, ARRIVE_MS);
	TH_LOG("sent %u (job: %llu packets, %llu errors; far tx +%llu, tx_dropped +%llu), "
	       "arrived %llu (near rx_dropped +%llu), "
	       "received %zu in %zu messages (max %u per message), %d ENOBUFS; rcvbuf %d",
	       sent, (unsigned long long)j.stats.packets, (unsigned long long)j.stats.errors,
	       (unsigned long long)(far1.tx_packets - far0.tx_packets),
	       (unsigned long long)(far1.tx_dropped - far0.tx_dropped),
	       (unsigned long long)arrived,
	       (unsigned long long)(near1.rx_dropped - near0.rx_dropped),
	       brx.n, brx.n_msgs, brx.max_batch, brx.enobufs, rcvbuf);
	TH_LOG("STOP reply: %s", cap_counters_str(&fin));
	TH_LOG("END:        %s", cap_counters_str(&brx.end));

	/*
	 * On a starved host the sending veth may drop some of the burst
	 * (tx_dropped, a job error each): not the capture's to count, but
	 * every frame is either sent or counted as dropped there.
	 */
	if (jid) {
		EXPECT_EQ(sent, j.stats.packets + j.stats.errors);
		EXPECT_EQ(j.stats.errors, far1.tx_dropped - far0.tx_dropped);
	}
	EXPECT_EQ(arrived, fin.matched) TH_LOG("every frame that arrived matched (no filter)");
	EXPECT_EQ(sent, fin.matched + (far1.tx_dropped - far0.tx_dropped))
		TH_LOG("(frames lost on the link: %llu)", (unsigned long long)(sent - arrived));
	EXPECT_TRUE(cap_balanced(&fin));
	EXPECT_EQ(0, fin.queued);
	EXPECT_EQ(fin.delivered, cap_rx_count(&brx, id));
	EXPECT_LT(0, cap_drops(&fin)) TH_LOG("a 5000-frame burst fit a 64-packet queue and "
					     "a %d-byte socket buffer?", rcvbuf);
	EXPECT_EQ(brx.n_msgs, fin.messages);
	EXPECT_STREQ("STOPPED", cap_end_name(brx.end.end_reason));
	EXPECT_EQ(fin.matched, brx.end.matched);
	EXPECT_EQ(fin.delivered, brx.end.delivered);
	EXPECT_FALSE(brx.packets_after_end);
	EXPECT_EQ(0, brx.truncated);

	/* Gaps in the sequence numbers are the drops, exactly. */
	for (i = 0; i < brx.n; i++) {
		const struct cap_packet *p = &brx.pkts[i];

		ASSERT_LE(want, p->seq) TH_LOG("packet %zu: seq %llu after %llu", i,
					       (unsigned long long)p->seq,
					       (unsigned long long)(want - 1));
		gaps += p->seq - want;
		want = p->seq + 1;
		if (i < 3 || p->len != 14 + 20 + 8 + 5)
			EXPECT_EQ(14 + 20 + 8 + 5, p->len);
	}
	ASSERT_GE(fin.matched + 1, want) TH_LOG("a seq beyond MATCHED");
	gaps += fin.matched + 1 - want;
	EXPECT_EQ(cap_drops(&fin), gaps);

	/* The netns counters say the same. */
	ASSERT_EQ(0, netns_capture_stats(&e->c, e->res, &cs));
	EXPECT_EQ(1, cs.captures);
	EXPECT_EQ(fin.delivered, cs.captured);
	EXPECT_EQ(cap_drops(&fin), cs.drops);

	genl_client_close(&b);
	cap_rx_free(&brx);
}

/* Under load a PACKETS message carries many packets. */
TEST_F_TIMEOUT(capture, batches_hold_many_packets_under_load, 180)
{
	const uint32_t sent = 2000;
	struct capenv *e = &self->e;
	struct spec s = { .kind = PK_UDP, .id = 15, .sport = 1, .dport = 7501,
			  .payload = "batched" };
	struct cap_info fin;
	struct sc_job j = { 0 };
	uint32_t id, jid;
	size_t i;

	ASSERT_LT(0, cap_set_rcvbuf(&e->c, 16 << 20));
	id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
			.flush_us = 100000, .filter = "udp port 7501" }, NULL);
	jid = far_send(_metadata, e, &s, sent, 0);
	if (jid)
		far_job_wait(_metadata, e, jid, 120 * 1000, &j);
	cap_collect(&e->c, &e->rx, sent, 60 * 1000);
	finish(_metadata, &e->c, &e->rx, id, &fin);
	TH_LOG("%zu packets in %zu messages, at most %u in one", e->rx.n, e->rx.n_msgs,
	       e->rx.max_batch);
	EXPECT_EQ(sent, e->rx.n);
	EXPECT_EQ(sent, fin.matched);
	EXPECT_EQ(0, cap_drops(&fin)) TH_LOG("%s", cap_counters_str(&fin));
	EXPECT_LE(32, e->rx.max_batch);
	for (i = 0; i < e->rx.n_msgs; i++) {
		EXPECT_GE(SOCKCTL_CAPTURE_BATCH_BYTES, e->rx.msgs[i].data_bytes);
		EXPECT_EQ(id, e->rx.msgs[i].session);
		EXPECT_TRUE(CAP_HAS(&e->rx.msgs[i].info, SOCKCTL_A_CAPTURE_ID));
	}
	expect_contiguous(_metadata, &e->rx, id);
}

/* --- several sessions -------------------------------------------------------- */

/* 3 UDP, 2 ICMP, 1 TCP from the far end. */
static void send_udp_icmp_tcp(struct __test_metadata *_metadata, struct capenv *e)
{
	const struct spec mix[] = {
		{ .kind = PK_UDP, .id = 21, .sport = 1, .dport = 7200, .payload = "u1" },
		{ .kind = PK_ICMP, .id = 22, .sport = 9, .dport = 1, .payload = "i1" },
		{ .kind = PK_UDP, .id = 23, .sport = 1, .dport = 7201, .payload = "u2" },
		{ .kind = PK_TCP, .id = 24, .sport = 1, .dport = 7202 },
		{ .kind = PK_ICMP, .id = 25, .sport = 9, .dport = 2, .payload = "i2" },
		{ .kind = PK_UDP, .id = 26, .sport = 1, .dport = 7203, .payload = "u3" },
	};
	size_t i;

	for (i = 0; i < sizeof(mix) / sizeof(mix[0]); i++)
		far_send(_metadata, e, &mix[i], 1, 0);
}

/* The session's packets: n of them, all of IP protocol proto, seq 1..n. */
static void expect_session_proto(struct __test_metadata *_metadata, const struct cap_rx *rx,
				 uint32_t id, size_t n, uint8_t proto)
{
	size_t i, k = 0;

	for (i = 0; i < rx->n; i++) {
		const struct cap_packet *p = &rx->pkts[i];

		if (p->session != id)
			continue;
		k++;
		EXPECT_EQ(k, p->seq);
		ASSERT_LE(IP4_LEN, p->len);
		EXPECT_EQ(proto, p->data[IP4 + 9]) TH_LOG("session %u got protocol %u", id,
							  p->data[IP4 + 9]);
	}
	EXPECT_EQ(n, k) TH_LOG("session %u: %zu packets, expected %zu", id, k, n);
}

TEST_F(capture, two_sessions_different_filters_two_sockets)
{
	struct capenv *e = &self->e;
	struct genl_client c2;
	struct cap_rx rx2;
	uint32_t id1, id2;
	size_t i;

	cap_rx_init(&rx2);
	ASSERT_EQ(0, genl_client_open(&c2, SOCKCTL_FAMILY_NAME));
	id1 = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
			.filter = "udp" }, NULL);
	id2 = start(_metadata, &c2, &rx2, &(struct start_opts){
			.ifindex = e->t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
			.filter = "icmp" }, NULL);
	EXPECT_NE(id1, id2);
	send_udp_icmp_tcp(_metadata, e);
	cap_collect(&e->c, &e->rx, 3, ARRIVE_MS);
	cap_collect(&c2, &rx2, 2, ARRIVE_MS);
	cap_drain(&e->c, &e->rx, QUIET_MS, ARRIVE_MS);
	cap_drain(&c2, &rx2, QUIET_MS, ARRIVE_MS);
	expect_session_proto(_metadata, &e->rx, id1, 3, IPPROTO_UDP);
	expect_session_proto(_metadata, &rx2, id2, 2, IPPROTO_ICMP);
	/* Each socket got its own session's packets and no other. */
	EXPECT_EQ(3, e->rx.n);
	EXPECT_EQ(2, rx2.n);
	for (i = 0; i < e->rx.n_msgs; i++)
		EXPECT_EQ(id1, e->rx.msgs[i].session);
	for (i = 0; i < rx2.n_msgs; i++)
		EXPECT_EQ(id2, rx2.msgs[i].session);
	finish(_metadata, &c2, &rx2, id2, NULL);
	/* The other one goes on. */
	send_udp_icmp_tcp(_metadata, e);
	cap_collect(&e->c, &e->rx, 6, ARRIVE_MS);
	expect_session_proto(_metadata, &e->rx, id1, 6, IPPROTO_UDP);
	finish(_metadata, &e->c, &e->rx, id1, NULL);
	genl_client_close(&c2);
	cap_rx_free(&rx2);
}

TEST_F(capture, two_sessions_different_filters_one_socket)
{
	struct capenv *e = &self->e;
	uint32_t id1, id2;
	struct cap_info f1, f2;

	id1 = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
			.filter = "udp" }, NULL);
	id2 = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
			.filter = "icmp" }, NULL);
	EXPECT_NE(id1, id2);
	send_udp_icmp_tcp(_metadata, e);
	cap_collect(&e->c, &e->rx, 5, ARRIVE_MS);
	cap_drain(&e->c, &e->rx, QUIET_MS, ARRIVE_MS);
	expect_session_proto(_metadata, &e->rx, id1, 3, IPPROTO_UDP);
	expect_session_proto(_metadata, &e->rx, id2, 2, IPPROTO_ICMP);
	ASSERT_EQ(0, cap_stop(&e->c, &e->rx, id1, &f1, e->extack));
	ASSERT_EQ(0, cap_stop(&e->c, &e->rx, id2, &f2, e->extack));
	ASSERT_EQ(1, cap_wait_end(&e->c, &e->rx, id1, ARRIVE_MS));
	ASSERT_EQ(1, cap_wait_end(&e->c, &e->rx, id2, ARRIVE_MS));
	EXPECT_EQ(3, f1.delivered);
	EXPECT_EQ(2, f2.delivered);
	EXPECT_EQ(2, e->rx.n_end);
}


TEST_HARNESS_MAIN
