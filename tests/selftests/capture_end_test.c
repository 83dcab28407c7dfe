// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: how a capture session ends.  Its count reached, STOP, its
 * socket closed, its device or the far netns deleted: each ends it with
 * SOCKCTL_CMD_CAPTURE_END and its reason, after the packets it captured.
 * See capture_env.h.
 */
#include "capture_env.h"
#include "capture_far.h"
#include "clock_now.h"

/* --- how a session ends ----------------------------------------------------- */

TEST_F(capture, count_limit_ends_with_reason_count)
{
	struct capenv *e = &self->e;
	struct spec s = { .kind = PK_UDP, .id = 9, .sport = 1, .dport = 7100,
			  .payload = "counted" };
	struct cap_info g;
	uint32_t id;
	size_t i;

	id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
			.count = 5, .filter = "udp port 7100" }, NULL);
	far_send(_metadata, e, &s, 8, 0);
	ASSERT_EQ(1, cap_wait_end(&e->c, &e->rx, id, ARRIVE_MS))
		TH_LOG("no CAPTURE_END after 8 packets with a count of 5 (%zu received)",
		       e->rx.n);
	cap_drain(&e->c, &e->rx, QUIET_MS, ARRIVE_MS);
	EXPECT_STREQ("COUNT", cap_end_name(e->rx.end.end_reason));
	EXPECT_EQ(id, e->rx.end.id);
	EXPECT_EQ(5, e->rx.end.matched) TH_LOG("END: %s", cap_counters_str(&e->rx.end));
	EXPECT_EQ(5, e->rx.end.delivered);
	EXPECT_EQ(0, e->rx.end.queued);
	EXPECT_TRUE(cap_balanced(&e->rx.end));
	ASSERT_EQ(5, e->rx.n);
	for (i = 0; i < e->rx.n; i++)
		EXPECT_EQ(i + 1, e->rx.pkts[i].seq);
	EXPECT_FALSE(e->rx.packets_after_end);
	EXPECT_EQ(1, e->rx.n_end);
	/* Over: neither listed nor known by its id. */
	EXPECT_EQ(0, cap_dump(&e->c, &e->rx, NULL, 0));
	EXPECT_EQ(-ENOENT, cap_get(&e->c, &e->rx, id, &g, e->extack));
	EXPECT_EQ(-ENOENT, cap_stop(&e->c, &e->rx, id, &g, e->extack));
}

/*
 * STOP with packets still waiting for their batch (a 1 s flush): they are
 * delivered, then the END, and the reply has the final counters.
 */
TEST_F(capture, stop_flushes_then_ends_stopped)
{
	struct capenv *e = &self->e;
	struct spec s = { .kind = PK_UDP, .id = 10, .sport = 1, .dport = 7101,
			  .payload = "flushed" };
	struct cap_info g, fin;
	long long deadline;
	uint32_t id;
	size_t i;

	id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
			.flush_us = 1000000, .filter = "udp port 7101" }, NULL);
	far_send(_metadata, e, &s, 3, 0);
	deadline = now_mono_ms() + ARRIVE_MS;
	do {
		ASSERT_EQ(0, cap_get(&e->c, &e->rx, id, &g, e->extack));
	} while (g.matched < 3 && now_mono_ms() < deadline);
	EXPECT_EQ(3, g.matched);
	EXPECT_TRUE(cap_balanced(&g)) TH_LOG("GET: %s", cap_counters_str(&g));
	if (g.queued != 3)
		TH_LOG("(only %u of 3 still queued at STOP: the test ran slow)", g.queued);

	finish(_metadata, &e->c, &e->rx, id, &fin);
	EXPECT_EQ(3, fin.matched);
	EXPECT_EQ(3, fin.delivered) TH_LOG("STOP: %s", cap_counters_str(&fin));
	ASSERT_EQ(3, e->rx.n);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(i + 1, e->rx.pkts[i].seq);
	EXPECT_EQ(-ENOENT, cap_get(&e->c, &e->rx, id, &g, e->extack));
	EXPECT_EQ(-ENOENT, cap_stop(&e->c, &e->rx, id, &g, e->extack));
	EXPECT_NE(0, e->extack[0]);
}

TEST_F(capture, closing_the_socket_ends_the_session)
{
	struct capenv *e = &self->e;
	struct genl_client other;
	struct cap_rx orx;
	struct cap_info list[8];
	struct spec s = { .kind = PK_UDP, .id = 11, .sport = 1, .dport = 7102 };
	bool gone = false;
	uint32_t id;
	int n, i, tries;

	cap_rx_init(&orx);
	ASSERT_EQ(0, genl_client_open(&other, SOCKCTL_FAMILY_NAME));
	id = start(_metadata, &other, &orx, &(struct start_opts){
			.ifindex = e->t.near_ifindex }, NULL);
	n = cap_dump(&e->c, &e->rx, list, 8);
	ASSERT_EQ(1, n) TH_LOG("dump: %d", n);
	EXPECT_EQ(id, list[0].id);
	EXPECT_EQ(other.portid, list[0].portid);
	/* Traffic queued for it when it goes. */
	far_send(_metadata, e, &s, 20, 0);
	genl_client_close(&other);
	for (tries = 0; tries < 30 && !gone; tries++) {
		n = cap_dump(&e->c, &e->rx, list, 8);
		ASSERT_LE(0, n);
		gone = true;
		for (i = 0; i < n && i < 8; i++)
			if (list[i].id == id)
				gone = false;
		if (!gone)
			usleep(100 * 1000);
	}
	EXPECT_TRUE(gone) TH_LOG("session %u still listed 3 s after its socket closed", id);
	EXPECT_EQ(-ENOENT, cap_get(&e->c, &e->rx, id, list, e->extack));
	/* Nothing of it came to another socket. */
	EXPECT_EQ(0, e->rx.n);
	cap_rx_free(&orx);
}

/* Traffic from a far-end job while the near device is deleted. */
TEST_F_TIMEOUT(capture, device_deleted_ends_with_reason_device, 60)
{
	struct capenv *e = &self->e;
	struct spec s = { .kind = PK_UDP, .id = 12, .sport = 1, .dport = 7103 };
	struct cap_info list[4];
	uint32_t id, ifindex = (uint32_t)e->t.near_ifindex;

	id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex, .filter = "udp port 7103" }, NULL);
	ASSERT_NE(0, far_send(_metadata, e, &s, 1000000, 500));
	ASSERT_EQ(1, cap_collect(&e->c, &e->rx, 3, ARRIVE_MS))
		TH_LOG("no traffic captured before the device went");
	ASSERT_EQ(0, rtnl_link_del(e->t.near_ifindex));
	e->t.near_ifindex = 0;
	ASSERT_EQ(1, cap_wait_end(&e->c, &e->rx, id, 2 * ARRIVE_MS))
		TH_LOG("no CAPTURE_END after the device was deleted");
	EXPECT_STREQ("DEVICE", cap_end_name(e->rx.end.end_reason));
	EXPECT_EQ(id, e->rx.end.id);
	EXPECT_EQ(ifindex, e->rx.end.ifindex);
	EXPECT_TRUE(cap_balanced(&e->rx.end)) TH_LOG("END: %s", cap_counters_str(&e->rx.end));
	cap_drain(&e->c, &e->rx, QUIET_MS, ARRIVE_MS);
	EXPECT_FALSE(e->rx.packets_after_end);
	EXPECT_EQ(e->rx.end.delivered, cap_rx_count(&e->rx, id));
	expect_contiguous(_metadata, &e->rx, id);
	EXPECT_EQ(0, cap_dump(&e->c, &e->rx, list, 4));
}

/*
 * The far netns goes away (its last reference: our fd and socket); its
 * device takes our end of the pair with it, which ends our session.
 */
TEST_F_TIMEOUT(capture, far_netns_deleted_ends_near_session, 60)
{
	struct capenv *e = &self->e;
	struct spec s = { .kind = PK_UDP, .id = 13, .sport = 1, .dport = 7104 };
	uint32_t id;

	id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex, .filter = "udp port 7104" }, NULL);
	ASSERT_NE(0, far_send(_metadata, e, &s, 1000000, 500));
	ASSERT_EQ(1, cap_collect(&e->c, &e->rx, 3, ARRIVE_MS));
	genl_client_close(&e->far);
	close(e->t.far_netns);
	e->t.far_netns = -1;
	e->t.near_ifindex = 0;
	ASSERT_EQ(1, cap_wait_end(&e->c, &e->rx, id, 5 * ARRIVE_MS))
		TH_LOG("no CAPTURE_END after the far netns was deleted");
	EXPECT_STREQ("DEVICE", cap_end_name(e->rx.end.end_reason));
	EXPECT_TRUE(cap_balanced(&e->rx.end)) TH_LOG("END: %s", cap_counters_str(&e->rx.end));
	cap_drain(&e->c, &e->rx, QUIET_MS, ARRIVE_MS);
	EXPECT_FALSE(e->rx.packets_after_end);
}


TEST_HARNESS_MAIN
