/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every injection kselftest (inject_*_test.c) has: SOCKCTL_CMD_SEND
 * and SOCKCTL_CMD_BUILD against a real link, and what arrives at its far
 * end, byte for byte.
 *
 * Every test runs in a network namespace of its own with a veth pair whose
 * far end is in a second one (net_topo.h), and captures what the far end
 * receives with an AF_PACKET socket (pkt_sink.h).  The frames the wire must
 * carry are built in user space from the RFC layouts (pkt_expect.h),
 * independently of the module, and compared with what arrived.
 *
 * The helpers assert with the kselftest harness's macros, and the harness
 * is one translation unit per test program, so they live in this header as
 * static functions (as landlock's common.h does); each test program uses
 * some of them.  Tests need sockctl.ko loaded and root; they skip while the
 * module lacks a command.
 */
#ifndef SOCKCTL_INJECT_ENV_H
#define SOCKCTL_INJECT_ENV_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_ether.h>
#include <linux/sockctl.h>

#include "kselftest_harness.h"
#include "genl_client.h"
#include "net_topo.h"
#include "pkt_desc.h"
#include "pkt_expect.h"
#include "pkt_sink.h"

#ifndef __maybe_unused
#define __maybe_unused __attribute__((__unused__))
#endif

#define ARRIVE_MS	2000	/* how long a frame that must arrive may take */
#define SILENCE_MS	200	/* how long we wait for one that must not */
#define REQ_SIZE	16384

static const __maybe_unused uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const __maybe_unused uint8_t zero_mac[6];

/* What every test has: its network, a sockctl socket, a receiver. */
struct env {
	struct topo t;
	struct genl_client c;
	struct pkt_sink sink;		/* on the far end */
	struct genl_result *res;	/* of the last request */
	uint8_t *got;			/* a frame received */
	char req[REQ_SIZE];
};

static const char *cmd_name(uint8_t cmd)
{
	switch (cmd) {
	case SOCKCTL_CMD_BUILD: return "SOCKCTL_CMD_BUILD";
	case SOCKCTL_CMD_SEND: return "SOCKCTL_CMD_SEND";
	case SOCKCTL_CMD_JOB_GET: return "SOCKCTL_CMD_JOB_GET";
	case SOCKCTL_CMD_JOB_STOP: return "SOCKCTL_CMD_JOB_STOP";
	case SOCKCTL_CMD_STATS_GET: return "SOCKCTL_CMD_STATS_GET";
	default: return "?";
	}
}

/* What the job tests need (STATS_GET alone: &job_cmds[2], 1). */
static const __maybe_unused uint8_t job_cmds[] = {
	SOCKCTL_CMD_JOB_GET, SOCKCTL_CMD_JOB_STOP, SOCKCTL_CMD_STATS_GET,
};

/* SKIPs (returning false) if the module lacks one of the commands. */
static __maybe_unused bool require_cmds(struct __test_metadata *_metadata, struct genl_client *c,
					const uint8_t *cmds, int n)
{
	int i, has;

	for (i = 0; i < n; i++) {
		has = sc_has_cmd(c, cmds[i]);
		if (has < 0)
			TH_LOG("cannot list the family's operations: %s", strerror(-has));
		if (!has)
			SKIP(return false, "the module has no %s yet", cmd_name(cmds[i]));
	}
	return true;
}

static __maybe_unused void env_setup(struct __test_metadata *_metadata, struct env *e)
{
	static const uint8_t cmds[] = { SOCKCTL_CMD_SEND, SOCKCTL_CMD_BUILD };
	const char *where = "";
	int err;

	e->res = calloc(1, sizeof(*e->res));
	e->got = malloc(SINK_FRAME_MAX);
	ASSERT_TRUE(e->res && e->got);

	err = genl_client_open(&e->c, SOCKCTL_FAMILY_NAME);
	if (err == -ENOENT)
		SKIP(return, "sockctl.ko is not loaded");
	ASSERT_EQ(0, err);
	if (!require_cmds(_metadata, &e->c, cmds, 2))
		return;
	genl_client_close(&e->c);

	/* Our own netns from here on; the sockctl socket must be made in it. */
	err = topo_setup(&e->t, &where);
	ASSERT_EQ(0, err) TH_LOG("network setup, %s: %s", where, strerror(-err));
	ASSERT_EQ(0, genl_client_open(&e->c, SOCKCTL_FAMILY_NAME));
	err = sink_open(&e->sink, e->t.far_netns, e->t.far_ifindex);
	ASSERT_EQ(0, err) TH_LOG("AF_PACKET socket: %s", strerror(-err));
}

static __maybe_unused void env_teardown(struct env *e)
{
	sink_close(&e->sink);
	genl_client_close(&e->c);
	topo_teardown(&e->t);
	free(e->res);
	free(e->got);
}

static __maybe_unused struct nlmsghdr *request(struct env *e, uint8_t cmd)
{
	return genl_client_msg(&e->c, e->req, cmd, 0);
}

/* Send the request; it must succeed. */
#define ASSERT_REQUEST_OK(e, nlh) do { \
	int __err = genl_client_xfer(&(e)->c, (nlh), (e)->res); \
	ASSERT_EQ(0, __err) TH_LOG("request failed: %s; extack: \"%s\"", \
				   strerror(-__err), (e)->res->extack); \
} while (0)

/* Compare a received frame with the expected one, hex dumps on mismatch. */
#define EXPECT_FRAME(exp, got, got_len) do { \
	const struct frame *__e = (exp); \
	size_t __n = (size_t)(got_len); \
	bool __same = __e->len == __n && !memcmp(__e->b, (got), __n); \
	if (!__same) { \
		char *__d = hexdiff(__e->b, __e->len, (got), __n); \
		TH_LOG("frame differs from the expected one:\n%s", __d); \
		free(__d); \
	} \
	EXPECT_TRUE(__same); \
} while (0)

/* The next frame keep(arg) accepts at the far end; it must arrive. */
static __maybe_unused size_t recv_frame(struct __test_metadata *_metadata, struct env *e,
					uint8_t *buf, pkt_filter keep, const void *arg)
{
	ssize_t n = sink_recv(&e->sink, buf, SINK_FRAME_MAX, ARRIVE_MS, keep, arg);

	ASSERT_LE(0, n) TH_LOG("receive: %s", strerror((int)-n));
	ASSERT_LT(0, n) TH_LOG("nothing arrived at the far end within %d ms "
			       "(%lu other frames ignored)", ARRIVE_MS, e->sink.ignored);
	return (size_t)n;
}

/* Nothing (but noise) may arrive at the far end for ms milliseconds. */
static __maybe_unused void expect_silence(struct __test_metadata *_metadata, struct env *e, int ms)
{
	uint8_t *buf = malloc(SINK_FRAME_MAX);
	ssize_t n;

	ASSERT_NE(NULL, buf);
	n = sink_recv(&e->sink, buf, SINK_FRAME_MAX, ms, NULL, NULL);
	if (n > 0) {
		char *d = hexdump(buf, (size_t)n);

		TH_LOG("a frame arrived at the far end, none should have:\n%s", d);
		free(d);
	}
	EXPECT_EQ(0, n);
	free(buf);
}

/* SEND nlh, then the frame the far end receives. */
static __maybe_unused size_t send_and_capture(struct __test_metadata *_metadata, struct env *e,
					      struct nlmsghdr *nlh)
{
	ASSERT_REQUEST_OK(e, nlh);
	return recv_frame(_metadata, e, e->got, NULL, NULL);
}

/*
 * The SOCKCTL_A_JOB_ID of the last reply (read now: the next request
 * overwrites e->res).
 */
static __maybe_unused uint32_t reply_job_id(struct __test_metadata *_metadata, struct env *e)
{
	const struct nlattr *id = sc_reply_attr(e->res, SOCKCTL_A_JOB_ID);

	ASSERT_NE(NULL, id) TH_LOG("no SOCKCTL_A_JOB_ID in the reply: not run as a job");
	return mnl_attr_get_u32(id);
}

/* The frame desc_udp4() describes, with every default the uapi documents. */
static __maybe_unused struct frame *expect_udp4(const struct topo *t, uint16_t id, uint16_t sport,
						uint16_t dport, const void *payload, size_t len)
{
	struct frame *f = frame_new();

	fr_eth(f, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(f, &(struct ip4_fields){ .id = id, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_udp(f, sport, dport);
	fr_bytes(f, payload, len);
	fr_finish(f);
	return f;
}

static __maybe_unused void fill_pattern(uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + 1);
}

/* Every test of an injection program: its environment is set up and torn down. */
FIXTURE(inject) {
	struct env e;
};

FIXTURE_SETUP(inject)
{
	env_setup(_metadata, &self->e);
}

FIXTURE_TEARDOWN(inject)
{
	env_teardown(&self->e);
}

#endif
