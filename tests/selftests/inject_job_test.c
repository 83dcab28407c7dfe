// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: statistics and jobs.  STATS_GET counts what was sent; a long
 * SEND runs as a job that reports its progress and stops when told, when its
 * socket closes or when its device goes away; jobs per netns are limited.
 * See inject_env.h.
 */
#include "inject_env.h"

/* --- statistics and jobs -------------------------------------------------- */

TEST_F(inject, stats_count_what_was_sent)
{
	const uint16_t dport = 6000;
	const int count = 7;
	struct env *e = &self->e;
	struct sc_stats before, reply, after;
	struct nlmsghdr *nlh;
	struct frame *exp = expect_udp4(&e->t, 1, 2, dport, "counted", 7);
	int i;

	if (!require_cmds(_metadata, &e->c, &job_cmds[2], 1))
		return;
	ASSERT_EQ(0, sc_stats_get(&e->c, e->res, &before));
	ASSERT_TRUE(before.present);

	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, e->t.near_ifindex);
	desc_udp4(nlh, &e->t, 1, 2, dport, "counted", 7);
	mnl_attr_put_u32(nlh, SOCKCTL_A_COUNT, count);
	ASSERT_REQUEST_OK(e, nlh);
	sc_parse_stats(sc_reply_attr(e->res, SOCKCTL_A_STATS), &reply);
	ASSERT_TRUE(reply.present);
	EXPECT_EQ(count, reply.packets);
	EXPECT_EQ(count * exp->len, reply.bytes);
	EXPECT_EQ(0, reply.errors);
	for (i = 0; i < count; i++)
		recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);

	ASSERT_EQ(0, sc_stats_get(&e->c, e->res, &after));
	EXPECT_EQ(before.packets + count, after.packets);
	EXPECT_EQ(before.bytes + count * exp->len, after.bytes);
	EXPECT_EQ(before.errors, after.errors);
	EXPECT_EQ(before.jobs, after.jobs);
	free(exp);
}

/* Start a long paced send; returns its job id. */
static uint32_t start_long_job(struct __test_metadata *_metadata, struct env *e,
			       struct genl_client *c, uint16_t dport)
{
	uint32_t count = 10000000, max = sc_info_u32(c, SOCKCTL_A_INFO_MAX_COUNT);
	struct nlmsghdr *nlh = genl_client_msg(c, e->req, SOCKCTL_CMD_SEND, 0);
	int err;

	if (max && max < count)
		count = max;
	desc_target(nlh, SOCKCTL_INJECT_L2, e->t.near_ifindex);
	desc_udp4(nlh, &e->t, 1, 2, dport, "job", 3);
	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_COUNT, count),
		U32(SOCKCTL_A_RATE_PPS, 1000));
	err = genl_client_xfer(c, nlh, e->res);
	ASSERT_EQ(0, err) TH_LOG("SEND: %s; extack: \"%s\"", strerror(-err), e->res->extack);
	EXPECT_EQ(NULL, sc_reply_attr(e->res, SOCKCTL_A_STATS));
	return reply_job_id(_metadata, e);
}

/* Nothing more arrives once what was already on its way is drained. */
static void expect_sending_stopped(struct __test_metadata *_metadata, struct env *e,
				   uint16_t dport)
{
	ssize_t n;

	usleep(100 * 1000);
	sink_drain(&e->sink, 100);
	n = sink_recv(&e->sink, e->got, SINK_FRAME_MAX, 300, pkt_udp_dport, &dport);
	EXPECT_EQ(0, n) TH_LOG("frames still arrive after the job ended");
}

TEST_F_TIMEOUT(inject, job_runs_reports_progress_and_stops, 60)
{
	const uint16_t dport = 6001;
	struct env *e = &self->e;
	struct sc_job j1, j2, stopped, j3, j4;
	struct sc_stats st;
	uint32_t id;

	if (!require_cmds(_metadata, &e->c, job_cmds, 3))
		return;
	id = start_long_job(_metadata, e, &e->c, dport);

	ASSERT_EQ(0, sc_job_get(&e->c, e->res, id, &j1)) TH_LOG("%s", e->res->extack);
	EXPECT_EQ(id, j1.id);
	EXPECT_STREQ("RUNNING", sc_job_state_name(j1.state));
	EXPECT_LT(0, j1.count);
	recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
	usleep(500 * 1000);
	ASSERT_EQ(0, sc_job_get(&e->c, e->res, id, &j2));
	EXPECT_STREQ("RUNNING", sc_job_state_name(j2.state));
	EXPECT_LT(j1.stats.packets, j2.stats.packets);
	EXPECT_LT(j1.elapsed_ns, j2.elapsed_ns);
	TH_LOG("%llu packets after %llu ms", (unsigned long long)j2.stats.packets,
	       (unsigned long long)j2.elapsed_ns / 1000000);

	ASSERT_EQ(0, sc_job_stop(&e->c, e->res, id, &stopped)) TH_LOG("%s", e->res->extack);
	EXPECT_EQ(id, stopped.id);
	EXPECT_STREQ("STOPPED", sc_job_state_name(stopped.state));

	expect_sending_stopped(_metadata, e, dport);
	ASSERT_EQ(0, sc_job_get(&e->c, e->res, id, &j3));
	usleep(300 * 1000);
	ASSERT_EQ(0, sc_job_get(&e->c, e->res, id, &j4));
	EXPECT_STREQ("STOPPED", sc_job_state_name(j4.state));
	EXPECT_EQ(j3.stats.packets, j4.stats.packets);
	EXPECT_EQ(stopped.stats.packets, j4.stats.packets);
	EXPECT_EQ(j3.elapsed_ns, j4.elapsed_ns);

	/* This netns has seen this one job and what it sent. */
	ASSERT_EQ(0, sc_stats_get(&e->c, e->res, &st));
	EXPECT_EQ(1, st.jobs);
	EXPECT_EQ(j4.stats.packets, st.packets);
	EXPECT_EQ(j4.stats.bytes, st.bytes);
}

TEST_F_TIMEOUT(inject, job_is_cancelled_when_its_socket_closes, 60)
{
	const uint16_t dport = 6002;
	struct env *e = &self->e;
	struct genl_client other;
	struct sc_job jobs[8];
	bool ended = false;
	uint32_t id;
	int n, i, tries;

	if (!require_cmds(_metadata, &e->c, job_cmds, 3))
		return;
	id = start_long_job(_metadata, e, &e->c, dport);
	recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);

	ASSERT_EQ(0, genl_client_open(&other, SOCKCTL_FAMILY_NAME));
	n = sc_job_dump(&other, jobs, 8);
	ASSERT_EQ(1, n) TH_LOG("dump: %d (%s)", n, n < 0 ? strerror(-n) : "");
	EXPECT_EQ(id, jobs[0].id);
	EXPECT_STREQ("RUNNING", sc_job_state_name(jobs[0].state));

	genl_client_close(&e->c);
	/* Gone, or kept as STOPPED: either way not running any more. */
	for (tries = 0; tries < 30 && !ended; tries++) {
		usleep(100 * 1000);
		n = sc_job_dump(&other, jobs, 8);
		ASSERT_LE(0, n);
		ended = true;
		for (i = 0; i < n && i < 8; i++)
			if (jobs[i].id == id && jobs[i].state != SOCKCTL_JOB_STOPPED)
				ended = false;
	}
	EXPECT_TRUE(ended) TH_LOG("job %u still %s 3 s after its socket closed", id,
				  sc_job_state_name(jobs[0].state));
	expect_sending_stopped(_metadata, e, dport);
	genl_client_close(&other);
}

TEST_F_TIMEOUT(inject, background_job_runs_to_done, 60)
{
	const uint16_t dport = 6003;
	struct env *e = &self->e;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	uint32_t id;
	struct sc_job j = { 0 };
	int i;

	if (!require_cmds(_metadata, &e->c, job_cmds, 3))
		return;
	desc_target(nlh, SOCKCTL_INJECT_L2, e->t.near_ifindex);
	desc_udp4(nlh, &e->t, 1, 2, dport, "bg", 2);
	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_COUNT, 3),
		FLAG(SOCKCTL_A_BACKGROUND));
	ASSERT_REQUEST_OK(e, nlh);
	id = reply_job_id(_metadata, e);
	for (i = 0; i < 3; i++)
		recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
	for (i = 0; i < 30; i++) {
		ASSERT_EQ(0, sc_job_get(&e->c, e->res, id, &j));
		if (j.state != SOCKCTL_JOB_RUNNING)
			break;
		usleep(100 * 1000);
	}
	EXPECT_STREQ("DONE", sc_job_state_name(j.state));
	EXPECT_EQ(3, j.count);
	EXPECT_EQ(3, j.stats.packets);
}

TEST_F_TIMEOUT(inject, job_stops_when_its_device_goes_away, 60)
{
	const uint16_t dport = 6004;
	struct env *e = &self->e;
	struct sc_job j = { 0 };
	uint32_t id;
	int i;

	if (!require_cmds(_metadata, &e->c, job_cmds, 3))
		return;
	id = start_long_job(_metadata, e, &e->c, dport);
	recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);

	ASSERT_EQ(0, rtnl_link_del(e->t.near_ifindex));
	e->t.near_ifindex = 0;
	for (i = 0; i < 30; i++) {
		ASSERT_EQ(0, sc_job_get(&e->c, e->res, id, &j));
		if (j.state != SOCKCTL_JOB_RUNNING)
			break;
		usleep(100 * 1000);
	}
	/* uapi: STOPPED is "cancelled (..., device or netns going away, ...)". */
	EXPECT_STREQ("STOPPED", sc_job_state_name(j.state))
		TH_LOG("error %u (%s)", j.error, strerror((int)j.error));
	EXPECT_EQ(ENODEV, j.error);
}

TEST_F_TIMEOUT(inject, jobs_per_netns_are_limited, 90)
{
	const uint16_t dport = 6005;
	struct env *e = &self->e;
	uint32_t max = sc_info_u32(&e->c, SOCKCTL_A_INFO_MAX_JOBS), i, first = 0;
	struct sc_job stopped;
	struct nlmsghdr *nlh;
	int err;

	if (!require_cmds(_metadata, &e->c, job_cmds, 3))
		return;
	ASSERT_LT(0, max);
	if (max > 64)
		SKIP(return, "SOCKCTL_A_INFO_MAX_JOBS is %u: too many to start here", max);
	for (i = 0; i <= max; i++) {
		uint32_t id;

		nlh = request(e, SOCKCTL_CMD_SEND);
		desc_target(nlh, SOCKCTL_INJECT_L2, e->t.near_ifindex);
		desc_udp4(nlh, &e->t, 1, 2, dport, NULL, 0);
		PUT_ATTRS(nlh,
			U32(SOCKCTL_A_COUNT, 1000000),
			U32(SOCKCTL_A_RATE_PPS, 5));
		err = genl_client_xfer(&e->c, nlh, e->res);
		if (i < max) {
			ASSERT_EQ(0, err) TH_LOG("job %u of %u: %s", i + 1, max, e->res->extack);
			id = reply_job_id(_metadata, e);
			if (!first)
				first = id;
		} else {
			EXPECT_EQ(-EBUSY, err) TH_LOG("job %u of %u: %d", i + 1, max, err);
			EXPECT_NE(0, e->res->extack[0]);
			TH_LOG("extack: \"%s\"", e->res->extack);
		}
	}
	/* One stopped: room for one more. */
	ASSERT_EQ(0, sc_job_stop(&e->c, e->res, first, &stopped));
	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, e->t.near_ifindex);
	desc_udp4(nlh, &e->t, 1, 2, dport, NULL, 0);
	PUT_ATTRS(nlh, U32(SOCKCTL_A_COUNT, 1000000), U32(SOCKCTL_A_RATE_PPS, 5));
	ASSERT_REQUEST_OK(e, nlh);
}

TEST_F(inject, job_get_and_stop_of_an_unknown_job_fail)
{
	struct env *e = &self->e;
	struct sc_job j;

	if (!require_cmds(_metadata, &e->c, job_cmds, 3))
		return;
	EXPECT_EQ(-ENOENT, sc_job_get(&e->c, e->res, 424242, &j));
	EXPECT_NE(0, e->res->extack[0]);
	EXPECT_EQ(-ENOENT, sc_job_stop(&e->c, e->res, 424242, &j));
	EXPECT_NE(0, e->res->extack[0]);
}


TEST_HARNESS_MAIN
