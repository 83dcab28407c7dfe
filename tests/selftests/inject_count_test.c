// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: many packets from one description.  A count with per-packet
 * variation of fields (incrementing, wrapping, random within a range,
 * starting from the packet's own value), random IPv4 ids, pacing by bit rate
 * and by bursts.  See inject_env.h.
 */
#include "inject_env.h"

/* --- count and per-packet variation --------------------------------------- */

TEST_F(inject, count_with_incrementing_source_port)
{
	const uint16_t dport = 9999, from = 40000;
	const int count = 5;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct sc_stats st;
	int i;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	desc_udp4(nlh, t, 11, 1, dport, "vary", 4);
	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_COUNT, count),
		NEST(SOCKCTL_A_VARY,
		     U32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_SPORT),
		     U8(SOCKCTL_A_VARY_MODE, SOCKCTL_VARY_INC),
		     U32(SOCKCTL_A_VARY_FROM, from)));
	ASSERT_REQUEST_OK(e, nlh);
	sc_parse_stats(sc_reply_attr(e->res, SOCKCTL_A_STATS), &st);
	EXPECT_TRUE(st.present);
	EXPECT_EQ(count, st.packets);

	/* In order, each with its own checksum. */
	for (i = 0; i < count; i++) {
		struct frame *exp = expect_udp4(t, 11, (uint16_t)(from + i), dport, "vary", 4);
		size_t n = recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);

		EXPECT_EQ(from + i, fr_get16(e->got + 34)) TH_LOG("packet %d", i);
		EXPECT_FRAME(exp, e->got, n);
		free(exp);
	}
	expect_silence(_metadata, e, SILENCE_MS);
}

TEST_F(inject, vary_inc_wraps_after_to)
{
	const uint16_t dport = 9998;
	static const uint16_t want[] = { 100, 102, 100, 102, 100 };
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	unsigned int i;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	desc_udp4(nlh, t, 12, 1, dport, NULL, 0);
	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_COUNT, 5),
		NEST(SOCKCTL_A_VARY,
		     U32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_SPORT),
		     U32(SOCKCTL_A_VARY_FROM, 100),
		     U32(SOCKCTL_A_VARY_TO, 103),
		     U32(SOCKCTL_A_VARY_STEP, 2)));
	ASSERT_REQUEST_OK(e, nlh);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
		EXPECT_EQ(want[i], fr_get16(e->got + 34)) TH_LOG("packet %u", i);
	}
}

TEST_F(inject, vary_random_stays_in_range)
{
	const uint16_t dport = 9997;
	const int count = 20;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	int i, distinct = 0;
	bool seen[11] = { 0 };

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	desc_udp4(nlh, t, 13, 1, dport, NULL, 0);
	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_COUNT, count),
		NEST(SOCKCTL_A_VARY,
		     U32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_SPORT),
		     U8(SOCKCTL_A_VARY_MODE, SOCKCTL_VARY_RANDOM),
		     U32(SOCKCTL_A_VARY_FROM, 1000),
		     U32(SOCKCTL_A_VARY_TO, 1010)));
	ASSERT_REQUEST_OK(e, nlh);
	for (i = 0; i < count; i++) {
		uint16_t sport;

		recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
		sport = fr_get16(e->got + 34);
		ASSERT_TRUE(sport >= 1000 && sport <= 1010) TH_LOG("source port %u", sport);
		/* The UDP checksum follows the port. */
		EXPECT_EQ(0, l4_csum4(t->near_ip4, t->far_ip4, IPPROTO_UDP, e->got + 34, 8));
		if (!seen[sport - 1000])
			distinct++;
		seen[sport - 1000] = true;
	}
	/* 20 draws from 11 values all alike: (1/11)^19. */
	EXPECT_LT(1, distinct);
}

TEST_F(inject, vary_starts_from_the_packets_own_value)
{
	const uint16_t dport = 9994;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	uint32_t first = ntohl(t->near_ip4.s_addr);
	int i;

	/*
	 * No FROM: "the field's value in the description", here the source
	 * address the kernel picks (the device's), then one up per packet.
	 */
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 1)),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, dport)),
		U32(SOCKCTL_A_COUNT, 2),
		NEST(SOCKCTL_A_VARY, U32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_SADDR)),
		NEST(SOCKCTL_A_VARY, U32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_SPORT)));
	ASSERT_REQUEST_OK(e, nlh);
	for (i = 0; i < 2; i++) {
		uint32_t saddr;

		recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
		memcpy(&saddr, e->got + 26, 4);
		EXPECT_EQ(first + i, ntohl(saddr))
			TH_LOG("packet %d from %s", i, inet_ntoa((struct in_addr){ saddr }));
		EXPECT_EQ(53 + i, fr_get16(e->got + 34))	/* the default port, up */
			TH_LOG("packet %d", i);
	}
}

TEST_F(inject, ipv4_id_left_out_is_random_per_packet)
{
	const uint16_t dport = 9992;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	uint16_t ids[4];
	int i, same = 0;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4, BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4)),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, dport)),
		U32(SOCKCTL_A_COUNT, 4));
	ASSERT_REQUEST_OK(e, nlh);
	for (i = 0; i < 4; i++) {
		recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
		ids[i] = fr_get16(e->got + 18);
		EXPECT_EQ(0, csum_fold(csum_partial(e->got + 14, 20, 0)));
		if (i && ids[i] == ids[i - 1])
			same++;
	}
	/* Three equal neighbours out of 2^16: (1/65536)^3. */
	EXPECT_GT(3, same) TH_LOG("IDs %04x %04x %04x %04x", ids[0], ids[1], ids[2], ids[3]);
}

TEST_F_TIMEOUT(inject, rate_bps_paces_by_frame_size, 60)
{
	const uint16_t dport = 9991;
	struct env *e = &self->e;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	uint32_t id;
	uint8_t payload[58] = { 0 };
	struct sc_job j = { 0 };
	int i;

	if (!require_cmds(_metadata, &e->c, job_cmds, 1))
		return;
	/* 100-byte frames at 3200 bit/s: one every 250 ms, 3 take >= 500 ms. */
	desc_target(nlh, SOCKCTL_INJECT_L2, e->t.near_ifindex);
	desc_udp4(nlh, &e->t, 1, 2, dport, payload, sizeof(payload));
	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_COUNT, 3),
		U64(SOCKCTL_A_RATE_BPS, 3200));
	ASSERT_REQUEST_OK(e, nlh);
	id = reply_job_id(_metadata, e);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(100, recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport));
	for (i = 0; i < 50; i++) {
		ASSERT_EQ(0, sc_job_get(&e->c, e->res, id, &j));
		if (j.state != SOCKCTL_JOB_RUNNING)
			break;
		usleep(100 * 1000);
	}
	EXPECT_STREQ("DONE", sc_job_state_name(j.state));
	EXPECT_LE(500000000ULL, j.elapsed_ns) TH_LOG("done after %llu ns",
						     (unsigned long long)j.elapsed_ns);
	EXPECT_EQ(300, j.stats.bytes);
}

TEST_F_TIMEOUT(inject, paced_bursts_take_their_interval, 60)
{
	const uint16_t dport = 9993;
	struct env *e = &self->e;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	uint32_t id;
	struct sc_job j = { 0 };
	int i;

	if (!require_cmds(_metadata, &e->c, job_cmds, 1))
		return;
	/* Two bursts of 3, 300 ms apart. */
	desc_target(nlh, SOCKCTL_INJECT_L2, e->t.near_ifindex);
	desc_udp4(nlh, &e->t, 1, 2, dport, "burst", 5);
	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_COUNT, 6),
		U32(SOCKCTL_A_BURST, 3),
		U64(SOCKCTL_A_INTERVAL_NS, 300000000ULL));
	ASSERT_REQUEST_OK(e, nlh);
	id = reply_job_id(_metadata, e);
	for (i = 0; i < 6; i++)
		recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
	for (i = 0; i < 50; i++) {
		ASSERT_EQ(0, sc_job_get(&e->c, e->res, id, &j));
		if (j.state != SOCKCTL_JOB_RUNNING)
			break;
		usleep(100 * 1000);
	}
	EXPECT_STREQ("DONE", sc_job_state_name(j.state));
	EXPECT_EQ(6, j.stats.packets);
	EXPECT_LE(300000000ULL, j.elapsed_ns) TH_LOG("done after %llu ns",
						     (unsigned long long)j.elapsed_ns);
	expect_silence(_metadata, e, SILENCE_MS);
}


TEST_HARNESS_MAIN
