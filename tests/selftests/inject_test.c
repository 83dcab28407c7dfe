// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: packet injection end to end.  SOCKCTL_CMD_SEND and
 * SOCKCTL_CMD_BUILD against a real link, and what arrives at its far end,
 * byte for byte.
 *
 * Every test runs in a network namespace of its own with a veth pair whose
 * far end is in a second one (net_topo.h), and captures what the far end
 * receives with an AF_PACKET socket (pkt_sink.h).  The frames the wire must
 * carry are built in user space from the RFC layouts (pkt_expect.h),
 * independently of the module, and compared with what arrived.
 *
 * Needs sockctl.ko loaded and root; skips while the module lacks a command.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/socket.h>
#include <sys/wait.h>
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

#define ARRIVE_MS	2000	/* how long a frame that must arrive may take */
#define SILENCE_MS	200	/* how long we wait for one that must not */
#define REQ_SIZE	16384

static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t zero_mac[6];

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
static const uint8_t job_cmds[] = {
	SOCKCTL_CMD_JOB_GET, SOCKCTL_CMD_JOB_STOP, SOCKCTL_CMD_STATS_GET,
};

/* SKIPs (returning false) if the module lacks one of the commands. */
static bool require_cmds(struct __test_metadata *_metadata, struct genl_client *c,
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

static void env_setup(struct __test_metadata *_metadata, struct env *e)
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

static void env_teardown(struct env *e)
{
	sink_close(&e->sink);
	genl_client_close(&e->c);
	topo_teardown(&e->t);
	free(e->res);
	free(e->got);
}

static struct nlmsghdr *request(struct env *e, uint8_t cmd)
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
static size_t recv_frame(struct __test_metadata *_metadata, struct env *e,
			 uint8_t *buf, pkt_filter keep, const void *arg)
{
	ssize_t n = sink_recv(&e->sink, buf, SINK_FRAME_MAX, ARRIVE_MS, keep, arg);

	ASSERT_LE(0, n) TH_LOG("receive: %s", strerror((int)-n));
	ASSERT_LT(0, n) TH_LOG("nothing arrived at the far end within %d ms "
			       "(%lu other frames ignored)", ARRIVE_MS, e->sink.ignored);
	return (size_t)n;
}

/* Nothing (but noise) may arrive at the far end for ms milliseconds. */
static void expect_silence(struct __test_metadata *_metadata, struct env *e, int ms)
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
static size_t send_and_capture(struct __test_metadata *_metadata, struct env *e,
			       struct nlmsghdr *nlh)
{
	ASSERT_REQUEST_OK(e, nlh);
	return recv_frame(_metadata, e, e->got, NULL, NULL);
}

/*
 * The SOCKCTL_A_JOB_ID of the last reply (read now: the next request
 * overwrites e->res).
 */
static uint32_t reply_job_id(struct __test_metadata *_metadata, struct env *e)
{
	const struct nlattr *id = sc_reply_attr(e->res, SOCKCTL_A_JOB_ID);

	ASSERT_NE(NULL, id) TH_LOG("no SOCKCTL_A_JOB_ID in the reply: not run as a job");
	return mnl_attr_get_u32(id);
}

/* The frame desc_udp4() describes, with every default the uapi documents. */
static struct frame *expect_udp4(const struct topo *t, uint16_t id, uint16_t sport,
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

static void fill_pattern(uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + 1);
}

/* Run fn in a child process; it returns its exit code and may fill *out. */
static int in_child(int (*fn)(void *arg, void *out), void *arg, void *out, size_t len)
{
	int pipefd[2], status, code;
	pid_t pid;

	if (pipe(pipefd))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		close(pipefd[0]);
		code = fn(arg, out);
		if (write(pipefd[1], out, len) != (ssize_t)len)
			code = 99;
		_exit(code);
	}
	close(pipefd[1]);
	if (read(pipefd[0], out, len) != (ssize_t)len)
		memset(out, 0, len);
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

static int drop_net_raw(void)
{
	cap_value_t raw = CAP_NET_RAW;
	cap_t caps = cap_get_proc();
	int err;

	if (!caps)
		return -1;
	err = cap_set_flag(caps, CAP_EFFECTIVE, 1, &raw, CAP_CLEAR) ||
	      cap_set_flag(caps, CAP_PERMITTED, 1, &raw, CAP_CLEAR) ||
	      cap_set_proc(caps);
	cap_free(caps);
	return err ? -1 : 0;
}

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

/* --- L2: the frame leaves exactly as described ---------------------------- */

TEST_F(inject, l2_udp4_fully_specified_arrives_verbatim)
{
	static const char payload[] = "sockctl: hello, far end";
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = frame_new();
	size_t n;

	/* Every header field given; lengths and checksums left to the kernel. */
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6),
		     U16(SOCKCTL_A_ETH_PROTO, ETH_P_IP)),
		NEST(SOCKCTL_A_IPV4,
		     U8(SOCKCTL_A_IPV4_VERSION, 4),
		     U8(SOCKCTL_A_IPV4_IHL, 5),
		     U8(SOCKCTL_A_IPV4_DSCP, 46),
		     U8(SOCKCTL_A_IPV4_ECN, 1),
		     U16(SOCKCTL_A_IPV4_ID, 0x1234),
		     U8(SOCKCTL_A_IPV4_FLAGS, SOCKCTL_IPV4_FLAG_DF),
		     U16(SOCKCTL_A_IPV4_FRAG_OFF, 0),
		     U8(SOCKCTL_A_IPV4_TTL, 33),
		     U8(SOCKCTL_A_IPV4_PROTOCOL, IPPROTO_UDP),
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 4321),
		     U16(SOCKCTL_A_UDP_DPORT, 9999)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .tos = 46 << 2 | 1, .id = 0x1234,
		.flags = SOCKCTL_IPV4_FLAG_DF, .ttl = 33,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_udp(exp, 4321, 9999);
	fr_bytes(exp, payload, sizeof(payload) - 1);
	fr_finish(exp);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	/* One packet, sent at once: the reply carries its statistics. */
	EXPECT_NE(NULL, sc_reply_attr(e->res, SOCKCTL_A_STATS));
	EXPECT_EQ(NULL, sc_reply_attr(e->res, SOCKCTL_A_JOB_ID));
	free(exp);
}

TEST_F(inject, l2_wrong_checksums_sent_unchanged)
{
	static const char payload[] = "bad sums";
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = expect_udp4(t, 7, 1111, 2222, payload, sizeof(payload) - 1);
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 7),
		     U16(SOCKCTL_A_IPV4_CHECKSUM, 0xdead)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 1111),
		     U16(SOCKCTL_A_UDP_DPORT, 2222),
		     U16(SOCKCTL_A_UDP_CHECKSUM, 0xbeef)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));
	fr_put16(exp, exp->l3 + 10, 0xdead);
	fr_put16(exp, exp->l4 + 6, 0xbeef);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_lying_lengths_and_no_udp_checksum_sent_unchanged)
{
	static const char payload[] = "lengths that lie";
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = expect_udp4(t, 8, 1111, 2222, payload, sizeof(payload) - 1);
	size_t n;

	/* Checksums left to the kernel cover the lengths as given. */
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 8),
		     U16(SOCKCTL_A_IPV4_TOT_LEN, 1000)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 1111),
		     U16(SOCKCTL_A_UDP_DPORT, 2222),
		     U16(SOCKCTL_A_UDP_LEN, 3),
		     U16(SOCKCTL_A_UDP_CHECKSUM, 0)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));
	fr_put16(exp, exp->l3 + 2, 1000);
	fr_put16(exp, exp->l3 + 10, 0);
	fr_put16(exp, exp->l3 + 10, csum_fold(csum_partial(exp->b + exp->l3, 20, 0)));
	fr_put16(exp, exp->l4 + 4, 3);
	fr_put16(exp, exp->l4 + 6, 0);	/* "no checksum" over IPv4 */

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_tcp_flags_and_options)
{
	static const uint8_t raw_opts[] = { 0xfe, 0x04, 0xab, 0xcd, 0x01 };
	/* The named options as Linux lays them out in a SYN, then the raw ones. */
	static const uint8_t wire_opts[] = {
		0x02, 0x04, 0x05, 0xb4,			/* MSS 1460 */
		0x04, 0x02, 0x08, 0x0a,			/* SACK-Permitted, Timestamps */
		0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00,	/* TSval, TSecr */
		0x01, 0x03, 0x03, 0x07,			/* NOP, Window Scale 7 */
		0xfe, 0x04, 0xab, 0xcd, 0x01,		/* raw; padded with EOL */
	};
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = frame_new();
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     U8(SOCKCTL_A_IPV4_TOS, 0x10),
		     U16(SOCKCTL_A_IPV4_ID, 0xabcd),
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4)),
		NEST(SOCKCTL_A_TCP,
		     U16(SOCKCTL_A_TCP_SPORT, 40000),
		     U16(SOCKCTL_A_TCP_DPORT, 80),
		     U32(SOCKCTL_A_TCP_SEQ, 0x11223344),
		     U32(SOCKCTL_A_TCP_ACK_SEQ, 0x55667788),
		     U8(SOCKCTL_A_TCP_FLAGS, SOCKCTL_TCP_SYN | SOCKCTL_TCP_ECE |
			SOCKCTL_TCP_CWR | SOCKCTL_TCP_URG),
		     U8(SOCKCTL_A_TCP_RESERVED, 0x5),
		     U16(SOCKCTL_A_TCP_WINDOW, 64240),
		     U16(SOCKCTL_A_TCP_URG_PTR, 3),
		     U16(SOCKCTL_A_TCP_MSS, 1460),
		     FLAG(SOCKCTL_A_TCP_SACK_PERM),
		     U32(SOCKCTL_A_TCP_TS_VAL, 0x01020304),
		     U32(SOCKCTL_A_TCP_TS_ECR, 0),
		     U8(SOCKCTL_A_TCP_WSCALE, 7),
		     BIN(SOCKCTL_A_TCP_OPTIONS, raw_opts, sizeof(raw_opts))),
		BIN(SOCKCTL_A_PAYLOAD, "urg", 3));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .tos = 0x10, .id = 0xabcd, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_tcp(exp, &(struct tcp_fields){ .sport = 40000, .dport = 80,
		.seq = 0x11223344, .ack_seq = 0x55667788,
		.flags = SOCKCTL_TCP_SYN | SOCKCTL_TCP_ECE | SOCKCTL_TCP_CWR |
			 SOCKCTL_TCP_URG,
		.reserved = 0x5, .window = 64240, .urg_ptr = 3,
		.opts = wire_opts, .optlen = sizeof(wire_opts) });
	fr_bytes(exp, "urg", 3);
	fr_finish(exp);
	ASSERT_EQ(12, exp->b[exp->l4 + 12] >> 4);	/* data offset: 5 + 28 / 4 */

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_icmp_echo_with_ipv4_options)
{
	/* Router Alert and a NOP: 5 bytes, padded to 8, IHL 7. */
	static const uint8_t ip_opts[] = { 0x94, 0x04, 0x00, 0x00, 0x01 };
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = frame_new();
	uint8_t payload[56];
	size_t n;

	fill_pattern(payload, sizeof(payload));
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     U16(SOCKCTL_A_IPV4_ID, 0x0102),
		     U8(SOCKCTL_A_IPV4_TTL, 1),
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_OPTIONS, ip_opts, sizeof(ip_opts))),
		NEST(SOCKCTL_A_ICMP,
		     U8(SOCKCTL_A_ICMP_TYPE, 8),
		     U8(SOCKCTL_A_ICMP_CODE, 0),
		     U16(SOCKCTL_A_ICMP_ID, 0x04d2),
		     U16(SOCKCTL_A_ICMP_SEQ, 1)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload)));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .id = 0x0102, .ttl = 1,
		.saddr = t->near_ip4, .daddr = t->far_ip4,
		.opts = ip_opts, .optlen = sizeof(ip_opts) });
	fr_icmp_echo(exp, 8, 0, 0x04d2, 1);
	fr_bytes(exp, payload, sizeof(payload));
	fr_finish(exp);
	ASSERT_EQ(0x47, exp->b[exp->l3]);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_arp_request_explicit_and_defaults)
{
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh;
	struct frame *exp = frame_new();
	size_t n;

	/* 42 bytes: nothing pads a frame to the 60-byte Ethernet minimum. */
	fr_eth(exp, bcast_mac, t->near_mac, ETH_P_ARP);
	fr_arp(exp, 1, t->near_mac, t->near_ip4, zero_mac, t->far_ip4);

	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, bcast_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_ARP,
		     U16(SOCKCTL_A_ARP_HTYPE, 1),
		     U16(SOCKCTL_A_ARP_PTYPE, ETH_P_IP),
		     U8(SOCKCTL_A_ARP_HLEN, 6),
		     U8(SOCKCTL_A_ARP_PLEN, 4),
		     U16(SOCKCTL_A_ARP_OP, 1),
		     BIN(SOCKCTL_A_ARP_SHA, t->near_mac, 6),
		     BIN(SOCKCTL_A_ARP_SPA, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_ARP_THA, zero_mac, 6),
		     BIN(SOCKCTL_A_ARP_TPA, &t->far_ip4, 4)));
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);

	/* Only the target: the defaults (the device's MAC and address) agree. */
	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH, BIN(SOCKCTL_A_ETH_DST, bcast_mac, 6)),
		NEST(SOCKCTL_A_ARP, BIN(SOCKCTL_A_ARP_TPA, &t->far_ip4, 4)));
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_vlan_tag)
{
	static const char payload[] = "tagged";
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	const uint32_t tag = ETH_P_8021Q << 16 | 5 << 13 | 1 << 12 | 100;
	struct frame *exp = frame_new();
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6),
		     NEST(SOCKCTL_A_ETH_VLAN,
			  U8(SOCKCTL_A_VLAN_PCP, 5),
			  U8(SOCKCTL_A_VLAN_DEI, 1),
			  U16(SOCKCTL_A_VLAN_VID, 100))),
		NEST(SOCKCTL_A_IPV4,
		     U16(SOCKCTL_A_IPV4_ID, 1),
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 1),
		     U16(SOCKCTL_A_UDP_DPORT, 2)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));

	fr_eth_vlan(exp, t->far_mac, t->near_mac, &tag, 1, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .id = 1, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_udp(exp, 1, 2);
	fr_bytes(exp, payload, sizeof(payload) - 1);
	fr_finish(exp);

	/* The receive path moves the tag to metadata; the sink puts it back. */
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_two_vlan_tags_qinq)
{
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	/* Default TPIDs: 802.1ad outside, 802.1Q inside. */
	const uint32_t tags[2] = { ETH_P_8021AD << 16 | 10, ETH_P_8021Q << 16 | 3 << 13 | 20 };
	struct frame *exp = frame_new();
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6),
		     NEST(SOCKCTL_A_ETH_VLAN, U16(SOCKCTL_A_VLAN_VID, 10)),
		     NEST(SOCKCTL_A_ETH_VLAN,
			  U8(SOCKCTL_A_VLAN_PCP, 3),
			  U16(SOCKCTL_A_VLAN_VID, 20))),
		NEST(SOCKCTL_A_IPV4,
		     U16(SOCKCTL_A_IPV4_ID, 2),
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 3),
		     U16(SOCKCTL_A_UDP_DPORT, 4)));

	fr_eth_vlan(exp, t->far_mac, t->near_mac, tags, 2, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .id = 2, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_udp(exp, 3, 4);
	fr_finish(exp);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_udp6)
{
	static const char payload[] = "over IPv6";
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = frame_new();
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, 6)),
		NEST(SOCKCTL_A_IPV6,
		     U8(SOCKCTL_A_IPV6_TCLASS, 0xb8),
		     U32(SOCKCTL_A_IPV6_FLOWLABEL, 0x12345),
		     U8(SOCKCTL_A_IPV6_HOPLIMIT, 7),
		     BIN(SOCKCTL_A_IPV6_SADDR, &t->near_ip6, 16),
		     BIN(SOCKCTL_A_IPV6_DADDR, &t->far_ip6, 16)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 5353),
		     U16(SOCKCTL_A_UDP_DPORT, 6363)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IPV6);
	fr_ipv6(exp, &(struct ip6_fields){ .tclass = 0xb8, .flowlabel = 0x12345,
		.hoplimit = 7, .saddr = t->near_ip6, .daddr = t->far_ip6 });
	fr_udp(exp, 5353, 6363);
	fr_bytes(exp, payload, sizeof(payload) - 1);
	fr_finish(exp);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_device_by_name)
{
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = expect_udp4(t, 3, 10, 20, "by name", 7);
	size_t n;

	/* No SOCKCTL_A_INJECT: a device means L2. */
	mnl_attr_put_strz(nlh, SOCKCTL_A_IFNAME, t->near_name);
	desc_udp4(nlh, t, 3, 10, 20, "by name", 7);
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_ipv6_extension_headers_are_chained)
{
	/* Hop-by-hop with a PadN, a fragment header, destination options. */
	static const uint8_t hbh[6] = { 0x01, 0x04, 0, 0, 0, 0 };
	static const uint8_t frag[6] = { 0x00, 0x00, 0xca, 0xfe, 0xf0, 0x0d };
	static const uint8_t dst[14] = { 0x01, 0x0c };
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = frame_new();
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH, BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6)),
		NEST(SOCKCTL_A_IPV6,
		     BIN(SOCKCTL_A_IPV6_SADDR, &t->near_ip6, 16),
		     BIN(SOCKCTL_A_IPV6_DADDR, &t->far_ip6, 16),
		     NEST(SOCKCTL_A_IPV6_EXTHDR,
			  U8(SOCKCTL_A_IPV6_EXT_TYPE, 0),
			  BIN(SOCKCTL_A_IPV6_EXT_DATA, hbh, sizeof(hbh))),
		     NEST(SOCKCTL_A_IPV6_EXTHDR,
			  U8(SOCKCTL_A_IPV6_EXT_TYPE, 44),
			  BIN(SOCKCTL_A_IPV6_EXT_DATA, frag, sizeof(frag))),
		     NEST(SOCKCTL_A_IPV6_EXTHDR,
			  U8(SOCKCTL_A_IPV6_EXT_TYPE, 60),
			  BIN(SOCKCTL_A_IPV6_EXT_DATA, dst, sizeof(dst)))),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 7),
		     U16(SOCKCTL_A_UDP_DPORT, 8)),
		BIN(SOCKCTL_A_PAYLOAD, "ext", 3));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IPV6);
	fr_ipv6(exp, &(struct ip6_fields){ .hoplimit = 64,
		.saddr = t->near_ip6, .daddr = t->far_ip6 });
	fr_ipv6_ext(exp, 0, hbh, sizeof(hbh));
	fr_ipv6_ext(exp, 44, frag, sizeof(frag));
	fr_ipv6_ext(exp, 60, dst, sizeof(dst));
	fr_udp(exp, 7, 8);
	fr_bytes(exp, "ext", 3);
	fr_finish(exp);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l2_ip_without_transport_layer)
{
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh;
	struct frame *exp4 = frame_new(), *exp6 = frame_new();
	size_t n;

	/* Payload right after the IP header: protocol 255, next header 59. */
	fr_eth(exp4, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(exp4, &(struct ip4_fields){ .id = 9, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_bytes(exp4, "bare", 4);
	fr_finish(exp4);
	fr_eth(exp6, t->far_mac, t->near_mac, ETH_P_IPV6);
	fr_ipv6(exp6, &(struct ip6_fields){ .hoplimit = 64,
		.saddr = t->near_ip6, .daddr = t->far_ip6 });
	fr_bytes(exp6, "bare", 4);
	fr_finish(exp6);
	ASSERT_EQ(255, exp4->b[exp4->l3 + 9]);
	ASSERT_EQ(59, exp6->b[exp6->l3 + 6]);

	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 9)),
		BIN(SOCKCTL_A_PAYLOAD, "bare", 4));
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp4, e->got, n);

	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV6, BIN(SOCKCTL_A_IPV6_DADDR, &t->far_ip6, 16)),
		BIN(SOCKCTL_A_PAYLOAD, "bare", 4));
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp6, e->got, n);
	free(exp4);
	free(exp6);
}

TEST_F(inject, l2_icmp_error_quoting_a_built_datagram)
{
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh;
	struct frame *exp = frame_new();
	uint8_t quote[28];
	struct sc_frame fr;
	size_t n;

	/* The datagram the error is about: far -> near UDP, built by BUILD. */
	nlh = request(e, SOCKCTL_CMD_BUILD);
	desc_target(nlh, SOCKCTL_INJECT_L3, 0);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->far_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->near_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 1),
		     U8(SOCKCTL_A_IPV4_FLAGS, SOCKCTL_IPV4_FLAG_DF)),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, 33434)),
		BIN(SOCKCTL_A_PAYLOAD, "a long datagram", 15));
	ASSERT_REQUEST_OK(e, nlh);
	ASSERT_EQ(1, sc_frames(e->res, &fr, 1));
	ASSERT_LE(sizeof(quote), fr.len);
	memcpy(quote, fr.data, sizeof(quote));	/* IP header + 8 bytes */

	/* Fragmentation needed, next-hop MTU 1400 in the second word. */
	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH, BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 2),
		     U8(SOCKCTL_A_IPV4_TOS, 0xc0)),
		NEST(SOCKCTL_A_ICMP,
		     U8(SOCKCTL_A_ICMP_TYPE, 3),
		     U8(SOCKCTL_A_ICMP_CODE, 4),
		     U32(SOCKCTL_A_ICMP_REST, 1400),
		     BIN(SOCKCTL_A_ICMP_QUOTE, quote, sizeof(quote))));

	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(exp, &(struct ip4_fields){ .tos = 0xc0, .id = 2, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_icmp_echo(exp, 3, 4, 0, 1400);	/* the same layout: type, code, word */
	fr_bytes(exp, quote, sizeof(quote));
	fr_finish(exp);

	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, raw_frame_and_raw_datagram_sent_as_given)
{
	const uint16_t dport = 9995;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh;
	struct frame *raw = frame_new(), *dgram = frame_new(), *exp = frame_new();
	uint8_t stuff[50];
	size_t n;

	/* L2: an Ethernet frame of a local experimental EtherType. */
	fill_pattern(stuff, sizeof(stuff));
	fr_eth(raw, t->far_mac, t->near_mac, 0x88b5);
	fr_bytes(raw, stuff, sizeof(stuff));
	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	mnl_attr_put(nlh, SOCKCTL_A_RAW, raw->len, raw->b);
	n = send_and_capture(_metadata, e, nlh);
	EXPECT_FRAME(raw, e->got, n);

	/* L3: an IPv4 datagram (with a wrong checksum) routed out. */
	fr_ipv4(dgram, &(struct ip4_fields){ .id = 0x5151, .ttl = 3,
		.saddr = t->near_ip4, .daddr = t->far_ip4 });
	fr_udp(dgram, 1, dport);
	fr_bytes(dgram, "raw", 3);
	fr_finish(dgram);
	fr_put16(dgram, dgram->l3 + 10, 0x0bad);
	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L3, 0);
	mnl_attr_put(nlh, SOCKCTL_A_RAW, dgram->len, dgram->b);
	ASSERT_REQUEST_OK(e, nlh);
	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IP);
	fr_bytes(exp, dgram->b, dgram->len);
	n = recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
	EXPECT_FRAME(exp, e->got, n);
	free(raw);
	free(dgram);
	free(exp);
}

/* --- BUILD: the dry run shows exactly what SEND puts on the wire ---------- */

/* Descriptions that lean on defaults (no MACs, no source address...). */
static void dry_udp4(struct nlmsghdr *nlh, const struct topo *t)
{
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 99)),	/* the default is random */
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, 9999)),
		BIN(SOCKCTL_A_PAYLOAD, "dry", 3));
}

static void dry_tcp4(struct nlmsghdr *nlh, const struct topo *t)
{
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 100)),
		NEST(SOCKCTL_A_TCP, U16(SOCKCTL_A_TCP_MSS, 536)));
}

static void dry_icmp6(struct nlmsghdr *nlh, const struct topo *t)
{
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV6, BIN(SOCKCTL_A_IPV6_DADDR, &t->far_ip6, 16)),
		NEST(SOCKCTL_A_ICMPV6, U16(SOCKCTL_A_ICMP_SEQ, 9)),
		BIN(SOCKCTL_A_PAYLOAD, "ping6", 5));
}

TEST_F(inject, build_bytes_equal_wire_bytes)
{
	static const struct {
		const char *name;
		void (*put)(struct nlmsghdr *nlh, const struct topo *t);
		int l4, payload;	/* expected offsets */
	} descs[] = {
		{ "udp4 defaults", dry_udp4, 34, 42 },
		{ "tcp4 defaults", dry_tcp4, 34, 58 },
		{ "icmp6 defaults", dry_icmp6, 54, 62 },
	};
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct frame *built = frame_new();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(descs); i++) {
		struct nlmsghdr *nlh;
		struct sc_frame fr[2];
		size_t n;

		TH_LOG("%s", descs[i].name);
		nlh = request(e, SOCKCTL_CMD_BUILD);
		desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
		descs[i].put(nlh, t);
		ASSERT_REQUEST_OK(e, nlh);
		ASSERT_EQ(1, sc_frames(e->res, fr, 2));
		ASSERT_NE(NULL, fr[0].data);
		EXPECT_EQ(14, fr[0].l3);
		EXPECT_EQ(descs[i].l4, fr[0].l4);
		EXPECT_EQ(descs[i].payload, fr[0].payload);
		/* Defaults: the device's MAC, the neighbour's, the route's source. */
		ASSERT_LE(42, fr[0].len);
		EXPECT_EQ(0, memcmp(fr[0].data, t->far_mac, 6));
		EXPECT_EQ(0, memcmp(fr[0].data + 6, t->near_mac, 6));
		if (fr[0].data[14] >> 4 == 4) {
			EXPECT_EQ(0, memcmp(fr[0].data + 26, &t->near_ip4, 4));
		} else {
			EXPECT_EQ(0, memcmp(fr[0].data + 22, &t->near_ip6, 16));
		}
		memcpy(built->b, fr[0].data, fr[0].len);
		built->len = fr[0].len;
		/* A dry run sends nothing. */
		expect_silence(_metadata, e, SILENCE_MS);

		nlh = request(e, SOCKCTL_CMD_SEND);
		desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
		descs[i].put(nlh, t);
		n = send_and_capture(_metadata, e, nlh);
		EXPECT_FRAME(built, e->got, n);
	}
	free(built);
}

/* BUILD an L3 IPv4+UDP datagram of dgram_len bytes; the reply in *reply. */
static int build_big(struct env *e, size_t dgram_len, struct nlmsghdr **reply,
		     char *extack, size_t extack_size)
{
	size_t payload_len = dgram_len - 20 - 8;
	uint8_t *payload = calloc(1, payload_len);
	struct nlmsghdr *buf = malloc(payload_len + 4096), *nlh;
	int err = -ENOMEM;

	if (payload && buf) {
		nlh = genl_client_msg(&e->c, buf, SOCKCTL_CMD_BUILD, 0);
		desc_target(nlh, SOCKCTL_INJECT_L3, 0);
		PUT_ATTRS(nlh,
			NEST(SOCKCTL_A_IPV4,
			     BIN(SOCKCTL_A_IPV4_DADDR, &e->t.far_ip4, 4),
			     U16(SOCKCTL_A_IPV4_ID, 1)),
			NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, 9)),
			BIN(SOCKCTL_A_PAYLOAD, payload, payload_len));
		err = sc_xfer_big(&e->c, nlh, reply, extack, extack_size);
	}
	free(payload);
	free(buf);
	return err;
}

/*
 * A frame comes back from BUILD whole up to SOCKCTL_MAX_FRAME_REPLY bytes
 * (an attribute's length has 16 bits); beyond, it is refused with a reason,
 * never returned with lengths that wrapped around.  65535 is the largest
 * datagram (SOCKCTL_A_INFO_MAX_PACKET).
 */
TEST_F(inject, build_returns_frames_up_to_max_frame_reply)
{
	static const size_t sizes[] = {
		SOCKCTL_MAX_FRAME_REPLY - 3, SOCKCTL_MAX_FRAME_REPLY,
		SOCKCTL_MAX_FRAME_REPLY + 1, 65535,
	};
	struct env *e = &self->e;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct nlmsghdr *reply = NULL;
		struct sc_frame fr[2];
		char extack[256];
		int err;

		err = build_big(e, sizes[i], &reply, extack, sizeof(extack));
		TH_LOG("BUILD of a %zu-byte datagram: %d (%s), extack \"%s\", reply of %u bytes",
		       sizes[i], err, strerror(-err), extack, reply ? reply->nlmsg_len : 0);
		if (sizes[i] <= SOCKCTL_MAX_FRAME_REPLY) {
			const struct nlattr *a;

			ASSERT_EQ(0, err);
			ASSERT_NE(NULL, reply);
			a = (const struct nlattr *)((const char *)reply + NLMSG_HDRLEN +
						    GENL_HDRLEN);
			TH_LOG("SOCKCTL_A_FRAME: nla_len %u for %u bytes of nest",
			       a->nla_len,
			       (unsigned int)(reply->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN));
			ASSERT_EQ(1, sc_frames_msg(reply, fr, 2));
			EXPECT_EQ(sizes[i], fr[0].len);
			EXPECT_EQ(0, fr[0].l3);
			EXPECT_EQ(20, fr[0].l4);
			EXPECT_EQ(28, fr[0].payload);
			EXPECT_EQ(sizes[i], fr_get16(fr[0].data + 2));	/* total length */
		} else {
			EXPECT_EQ(-EMSGSIZE, err);
			EXPECT_NE(0, extack[0]) TH_LOG("refused without a reason");
		}
		free(reply);
	}
}

/* What cannot come back from BUILD can still be sent: 65535 bytes of IPv4. */
TEST_F(inject, largest_datagram_is_sent_whole)
{
	const size_t payload_len = 65535 - 20 - 8;
	const uint16_t dport = 9990;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	uint8_t *payload = malloc(payload_len);
	struct nlmsghdr *nlh = malloc(payload_len + 4096);
	struct frame *exp;
	int saved;
	size_t n;

	ASSERT_TRUE(payload && nlh);
	ASSERT_EQ(0, rtnl_link_set_mtu(t->near_ifindex, 65535));
	saved = netns_enter(t->far_netns);
	ASSERT_LE(0, saved);
	ASSERT_EQ(0, rtnl_link_set_mtu(t->far_ifindex, 65535));
	ASSERT_EQ(0, netns_leave(saved));

	fill_pattern(payload, payload_len);
	exp = expect_udp4(t, 0xffff, 1, dport, payload, payload_len);
	nlh = genl_client_msg(&e->c, nlh, SOCKCTL_CMD_SEND, 0);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	desc_udp4(nlh, t, 0xffff, 1, dport, payload, payload_len);
	ASSERT_REQUEST_OK(e, nlh);
	n = recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
	EXPECT_EQ(14 + 65535, n);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
	free(payload);
	free(nlh);
}

/* --- L3: routing and netfilter see the packet ----------------------------- */

#define NFT_TABLE "inet sockctl_test"

static int nft_apply(const char *ruleset)
{
	FILE *p = popen("nft -f - 2>&1", "w");

	if (!p)
		return -1;
	fputs(ruleset, p);
	return pclose(p);
}

/* The packets of the first counter in chain output, -1 if none. */
static long nft_output_counter(void)
{
	FILE *p = popen("nft list chain " NFT_TABLE " output 2>/dev/null", "r");
	char line[512];
	long packets = -1;

	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p)) {
		char *c = strstr(line, "counter packets ");

		if (c && packets < 0)
			packets = strtol(c + strlen("counter packets "), NULL, 10);
	}
	pclose(p);
	return packets;
}

/* SKIPs (false) without nft or nf_tables. */
static bool nft_count_udp_to(struct __test_metadata *_metadata, const struct topo *t,
			     uint16_t dport)
{
	char rules[512], addr[INET_ADDRSTRLEN];

	if (access("/usr/sbin/nft", X_OK) && access("/sbin/nft", X_OK))
		SKIP(return false, "nft is not installed");
	inet_ntop(AF_INET, &t->far_ip4, addr, sizeof(addr));
	snprintf(rules, sizeof(rules),
		 "table " NFT_TABLE " {\n"
		 "	chain output {\n"
		 "		type filter hook output priority 0; policy accept;\n"
		 "		ip daddr %s udp dport %u counter\n"
		 "	}\n"
		 "}\n", addr, dport);
	if (nft_apply(rules))
		SKIP(return false, "nft cannot load a ruleset (nf_tables missing?)");
	if (nft_output_counter() != 0)
		SKIP(return false, "cannot read the nft counter");
	return true;
}

TEST_F(inject, l3_routed_out_of_the_device_and_counted_by_output_hook)
{
	static const char payload[] = "routed";
	const uint16_t dport = 9999;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh;
	struct sc_frame fr;
	uint8_t *dgram;
	size_t dgram_len, n;
	int i;

	if (!nft_count_udp_to(_metadata, t, dport))
		return;

	/* What L3 injection hands to ip_local_out(): the IP datagram. */
	nlh = request(e, SOCKCTL_CMD_BUILD);
	desc_target(nlh, SOCKCTL_INJECT_L3, 0);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 0x3333)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 5000),
		     U16(SOCKCTL_A_UDP_DPORT, dport)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));
	ASSERT_REQUEST_OK(e, nlh);
	ASSERT_EQ(1, sc_frames(e->res, &fr, 1));
	EXPECT_EQ(0, fr.l3);
	EXPECT_EQ(20, fr.l4);
	ASSERT_EQ(20 + 8 + sizeof(payload) - 1, fr.len);
	EXPECT_EQ(0x45, fr.data[0]);
	/* The source address the route picks. */
	EXPECT_EQ(0, memcmp(fr.data + 12, &t->near_ip4, 4));
	dgram_len = fr.len;
	dgram = malloc(dgram_len);
	ASSERT_NE(NULL, dgram);
	memcpy(dgram, fr.data, dgram_len);

	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L3, 0);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 0x3333)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 5000),
		     U16(SOCKCTL_A_UDP_DPORT, dport)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1),
		U32(SOCKCTL_A_COUNT, 3));
	ASSERT_REQUEST_OK(e, nlh);
	{
		struct sc_stats st;

		/* Bytes "as built": the datagrams, without the kernel's header. */
		sc_parse_stats(sc_reply_attr(e->res, SOCKCTL_A_STATS), &st);
		EXPECT_EQ(3, st.packets);
		EXPECT_EQ(3 * dgram_len, st.bytes);
	}

	/* The kernel added the link layer header: to the neighbour, from us. */
	for (i = 0; i < 3; i++) {
		struct frame *exp = frame_new();

		fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IP);
		fr_bytes(exp, dgram, dgram_len);
		n = recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
		EXPECT_FRAME(exp, e->got, n);
		free(exp);
	}
	expect_silence(_metadata, e, SILENCE_MS);
	EXPECT_EQ(3, nft_output_counter());
	free(dgram);
}

TEST_F(inject, l3_wrong_ipv4_checksum_sent_unchanged)
{
	const uint16_t dport = 7070;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *exp = expect_udp4(t, 0x77, 5001, dport, "l3", 2);
	size_t n;

	/*
	 * "A field that is set is sent exactly as given": through
	 * ip_local_out() too, which on its own would rewrite the checksum.
	 */
	desc_target(nlh, SOCKCTL_INJECT_L3, 0);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 0x77),
		     U16(SOCKCTL_A_IPV4_CHECKSUM, 0xdead)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 5001),
		     U16(SOCKCTL_A_UDP_DPORT, dport)),
		BIN(SOCKCTL_A_PAYLOAD, "l3", 2));
	fr_put16(exp, exp->l3 + 10, 0xdead);

	ASSERT_REQUEST_OK(e, nlh);
	n = recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

TEST_F(inject, l3_udp6_routed_out_of_the_device)
{
	const uint16_t dport = 9996;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh;
	struct sc_frame fr;
	struct frame *exp = frame_new();
	size_t n;

	nlh = request(e, SOCKCTL_CMD_BUILD);
	desc_target(nlh, SOCKCTL_INJECT_L3, 0);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV6, BIN(SOCKCTL_A_IPV6_DADDR, &t->far_ip6, 16)),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, dport)),
		BIN(SOCKCTL_A_PAYLOAD, "six", 3));
	ASSERT_REQUEST_OK(e, nlh);
	ASSERT_EQ(1, sc_frames(e->res, &fr, 1));
	ASSERT_EQ(40 + 8 + 3, fr.len);
	EXPECT_EQ(6, fr.data[0] >> 4);
	EXPECT_EQ(0, memcmp(fr.data + 8, &t->near_ip6, 16));	/* from the route */
	fr_eth(exp, t->far_mac, t->near_mac, ETH_P_IPV6);
	fr_bytes(exp, fr.data, fr.len);

	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L3, 0);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV6, BIN(SOCKCTL_A_IPV6_DADDR, &t->far_ip6, 16)),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, dport)),
		BIN(SOCKCTL_A_PAYLOAD, "six", 3));
	ASSERT_REQUEST_OK(e, nlh);
	n = recv_frame(_metadata, e, e->got, pkt_udp_dport, &dport);
	EXPECT_FRAME(exp, e->got, n);
	free(exp);
}

/* --- RX: the packet arrives as if received -------------------------------- */

TEST_F(inject, rx_delivers_to_a_local_udp_socket)
{
	static const char payload[] = "delivered by netif_rx";
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(7777),
				    .sin_addr = t->near_ip4 };
	struct sockaddr_in from;
	socklen_t fromlen = sizeof(from);
	struct timeval tv = { .tv_sec = ARRIVE_MS / 1000 };
	struct nlmsghdr *nlh;
	char buf[256];
	ssize_t n;
	int s;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, bind(s, (struct sockaddr *)&addr, sizeof(addr)));
	ASSERT_EQ(0, setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));

	/* From the far end to us, received on our end of the cable. */
	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_RX, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->near_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->far_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->far_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->near_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 5)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 5555),
		     U16(SOCKCTL_A_UDP_DPORT, 7777)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload) - 1));
	ASSERT_REQUEST_OK(e, nlh);

	n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
	ASSERT_EQ((ssize_t)sizeof(payload) - 1, n) TH_LOG("recvfrom: %zd (%s)", n,
							   n < 0 ? strerror(errno) : "");
	EXPECT_EQ(0, memcmp(buf, payload, sizeof(payload) - 1));
	EXPECT_EQ(t->far_ip4.s_addr, from.sin_addr.s_addr);
	EXPECT_EQ(5555, ntohs(from.sin_port));
	/* Received here, not sent: nothing went down the cable. */
	expect_silence(_metadata, e, SILENCE_MS);
	close(s);
}

/*
 * The local stack checks what RX injection hands it: a SYN with every
 * option to a listening socket gets its SYN-ACK (so the TCP checksum and
 * options are right), an ICMPv6 echo request its reply (so is the ICMPv6
 * checksum, pseudo-header included).  The answers go out to the far end.
 */
TEST_F(inject, rx_tcp_syn_to_a_listener_is_answered)
{
	const uint16_t ip = ETH_P_IP;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(8080),
				    .sin_addr = t->near_ip4 };
	struct nlmsghdr *nlh;
	const uint8_t *tcp;
	int s, one = 1;
	size_t n;

	s = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_LE(0, s);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ASSERT_EQ(0, bind(s, (struct sockaddr *)&addr, sizeof(addr)));
	ASSERT_EQ(0, listen(s, 4));

	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_RX, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->near_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->far_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->far_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->near_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 1)),
		NEST(SOCKCTL_A_TCP,
		     U16(SOCKCTL_A_TCP_SPORT, 40000),
		     U16(SOCKCTL_A_TCP_DPORT, 8080),
		     U32(SOCKCTL_A_TCP_SEQ, 1000),
		     U16(SOCKCTL_A_TCP_WINDOW, 65535),
		     U16(SOCKCTL_A_TCP_MSS, 1460),
		     FLAG(SOCKCTL_A_TCP_SACK_PERM),
		     U32(SOCKCTL_A_TCP_TS_VAL, 1),
		     U8(SOCKCTL_A_TCP_WSCALE, 7)));
	ASSERT_REQUEST_OK(e, nlh);

	n = recv_frame(_metadata, e, e->got, pkt_ethertype, &ip);
	ASSERT_LE(14 + 20 + 20, n);
	EXPECT_EQ(IPPROTO_TCP, e->got[14 + 9]);
	tcp = e->got + 14 + (e->got[14] & 0xf) * 4;
	EXPECT_EQ(8080, fr_get16(tcp));
	EXPECT_EQ(40000, fr_get16(tcp + 2));
	EXPECT_EQ(SOCKCTL_TCP_SYN | SOCKCTL_TCP_ACK, tcp[13]);
	EXPECT_EQ(1001, (uint32_t)fr_get16(tcp + 8) << 16 | fr_get16(tcp + 10));
	close(s);
}

TEST_F(inject, rx_icmp6_echo_request_is_answered)
{
	const uint16_t ip6 = ETH_P_IPV6;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	const uint8_t *icmp;
	size_t n;

	desc_target(nlh, SOCKCTL_INJECT_RX, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->near_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->far_mac, 6)),
		NEST(SOCKCTL_A_IPV6,
		     BIN(SOCKCTL_A_IPV6_SADDR, &t->far_ip6, 16),
		     BIN(SOCKCTL_A_IPV6_DADDR, &t->near_ip6, 16)),
		NEST(SOCKCTL_A_ICMPV6,
		     U16(SOCKCTL_A_ICMP_ID, 77),
		     U16(SOCKCTL_A_ICMP_SEQ, 3)),
		BIN(SOCKCTL_A_PAYLOAD, "ping6", 5));
	ASSERT_REQUEST_OK(e, nlh);

	n = recv_frame(_metadata, e, e->got, pkt_ethertype, &ip6);
	ASSERT_EQ(14 + 40 + 8 + 5, n);
	EXPECT_EQ(IPPROTO_ICMPV6, e->got[14 + 6]);
	EXPECT_EQ(0, memcmp(e->got + 14 + 24, &t->far_ip6, 16));
	icmp = e->got + 54;
	EXPECT_EQ(129, icmp[0]);	/* echo reply */
	EXPECT_EQ(77, fr_get16(icmp + 4));
	EXPECT_EQ(3, fr_get16(icmp + 6));
	EXPECT_EQ(0, memcmp(icmp + 8, "ping6", 5));
}

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

/* --- IPv4 fragmentation --------------------------------------------------- */

TEST_F(inject, ipv4_fragments_have_right_offsets_and_reassemble)
{
	/* 8 + 1000 bytes of UDP in 296-byte pieces (300 rounded down to 8). */
	static const size_t data_len[] = { 296, 296, 296, 120 };
	const int n_frags = 4;
	const uint16_t id = 0x4242;
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct frame *whole, *reassembled = frame_new(), *shown = frame_new();
	struct sc_frame built[8];
	uint8_t payload[1000], *copies[8];
	struct nlmsghdr *nlh;
	size_t built_len[8];
	int i;

	fill_pattern(payload, sizeof(payload));
	whole = expect_udp4(t, id, 1234, 4321, payload, sizeof(payload));

	/* The dry run: one frame per fragment. */
	nlh = request(e, SOCKCTL_CMD_BUILD);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	desc_udp4(nlh, t, id, 1234, 4321, payload, sizeof(payload));
	mnl_attr_put_u16(nlh, SOCKCTL_A_FRAG_SIZE, 300);
	ASSERT_REQUEST_OK(e, nlh);
	ASSERT_EQ(n_frags, sc_frames(e->res, built, 8));
	for (i = 0; i < n_frags; i++) {
		EXPECT_EQ(14, built[i].l3);
		/* Only the first fragment has a UDP header. */
		EXPECT_EQ(i ? -1 : 34, built[i].l4) TH_LOG("fragment %d", i);
		copies[i] = malloc(built[i].len);
		ASSERT_NE(NULL, copies[i]);
		memcpy(copies[i], built[i].data, built[i].len);
		built_len[i] = built[i].len;
	}

	nlh = request(e, SOCKCTL_CMD_SEND);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	desc_udp4(nlh, t, id, 1234, 4321, payload, sizeof(payload));
	mnl_attr_put_u16(nlh, SOCKCTL_A_FRAG_SIZE, 300);
	ASSERT_REQUEST_OK(e, nlh);

	fr_eth(reassembled, t->far_mac, t->near_mac, ETH_P_IP);
	memcpy(reassembled->b + 14, whole->b + 14, 20);	/* the header before splitting */
	reassembled->len = 34;
	for (i = 0; i < n_frags; i++) {
		const uint16_t ethertype = ETH_P_IP;
		size_t n = recv_frame(_metadata, e, e->got, pkt_ethertype, &ethertype);
		const uint8_t *ip = e->got + 14;
		uint16_t frag = fr_get16(ip + 6);

		TH_LOG("fragment %d: %zu bytes, offset %u, MF %d", i, n,
		       frag & 0x1fff, !!(frag & 0x2000));
		ASSERT_EQ(14 + 20 + data_len[i], n);
		EXPECT_EQ(0, memcmp(e->got, whole->b, 14));	/* Ethernet header */
		EXPECT_EQ(0x45, ip[0]);
		EXPECT_EQ(20 + data_len[i], fr_get16(ip + 2));	/* total length */
		EXPECT_EQ(id, fr_get16(ip + 4));
		EXPECT_EQ(i < n_frags - 1, !!(frag & 0x2000));	/* MF */
		EXPECT_EQ(0, frag & 0x4000);			/* no DF */
		EXPECT_EQ(i * 296 / 8, frag & 0x1fff);		/* offset */
		EXPECT_EQ(64, ip[8]);
		EXPECT_EQ(IPPROTO_UDP, ip[9]);
		EXPECT_EQ(0, csum_fold(csum_partial(ip, 20, 0)))	/* header checksum */
			TH_LOG("bad header checksum %#x", fr_get16(ip + 10));
		EXPECT_EQ(0, memcmp(ip + 12, whole->b + 26, 8));	/* addresses */
		/* Reassemble by offset. */
		memcpy(reassembled->b + 34 + (frag & 0x1fff) * 8, ip + 20, data_len[i]);
		/* The dry run showed this very fragment. */
		memcpy(shown->b, copies[i], built_len[i]);
		shown->len = built_len[i];
		EXPECT_FRAME(shown, e->got, n);
		free(copies[i]);
	}
	reassembled->len = whole->len;
	/* The reassembled datagram is the unfragmented one (whose checksums hold). */
	EXPECT_EQ(0, memcmp(reassembled->b + 34, whole->b + 34, whole->len - 34)) {
		char *d = hexdiff(whole->b + 34, whole->len - 34,
				  reassembled->b + 34, whole->len - 34);

		TH_LOG("reassembled UDP datagram differs:\n%s", d);
		free(d);
	}
	free(whole);
	free(reassembled);
	free(shown);
}

TEST_F(inject, ipv4_later_fragments_keep_only_copied_options)
{
	/* Router Alert (copied) and Record Route (not copied): 11 bytes. */
	static const uint8_t opts[] = { 0x94, 0x04, 0x00, 0x00,
					0x07, 0x07, 0x04, 0x00, 0x00, 0x00, 0x00 };
	static const uint8_t later_opts[] = { 0x94, 0x04, 0x00, 0x00 };
	static const size_t data_len[] = { 200, 200, 8 };
	struct env *e = &self->e;
	struct topo *t = &e->t;
	struct nlmsghdr *nlh = request(e, SOCKCTL_CMD_SEND);
	struct frame *whole;
	uint8_t payload[400];
	size_t off = 0;
	int i;

	fill_pattern(payload, sizeof(payload));
	whole = frame_new();
	fr_eth(whole, t->far_mac, t->near_mac, ETH_P_IP);
	fr_ipv4(whole, &(struct ip4_fields){ .id = 0x77, .ttl = 64,
		.saddr = t->near_ip4, .daddr = t->far_ip4,
		.opts = opts, .optlen = sizeof(opts) });
	fr_udp(whole, 1, 2);
	fr_bytes(whole, payload, sizeof(payload));
	fr_finish(whole);

	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH, BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U16(SOCKCTL_A_IPV4_ID, 0x77),
		     BIN(SOCKCTL_A_IPV4_OPTIONS, opts, sizeof(opts))),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 1),
		     U16(SOCKCTL_A_UDP_DPORT, 2)),
		BIN(SOCKCTL_A_PAYLOAD, payload, sizeof(payload)),
		U16(SOCKCTL_A_FRAG_SIZE, 200));
	ASSERT_REQUEST_OK(e, nlh);

	for (i = 0; i < 3; i++) {
		const uint16_t ethertype = ETH_P_IP;
		size_t n = recv_frame(_metadata, e, e->got, pkt_ethertype, &ethertype);
		const uint8_t *ip = e->got + 14;
		size_t hlen = i ? 24 : 32;
		uint16_t frag = fr_get16(ip + 6);

		ASSERT_EQ(14 + hlen + data_len[i], n) TH_LOG("fragment %d", i);
		EXPECT_EQ(hlen / 4, ip[0] & 0xf) TH_LOG("fragment %d", i);
		EXPECT_EQ(hlen + data_len[i], fr_get16(ip + 2));
		EXPECT_EQ(i < 2, !!(frag & 0x2000));
		EXPECT_EQ(off / 8, frag & 0x1fff);
		EXPECT_EQ(0, csum_fold(csum_partial(ip, hlen, 0)));
		if (i) {
			EXPECT_EQ(0, memcmp(ip + 20, later_opts, sizeof(later_opts)))
				TH_LOG("fragment %d options %02x %02x %02x %02x", i,
				       ip[20], ip[21], ip[22], ip[23]);
		} else {
			/* The first fragment: the header as unfragmented but for MF. */
			EXPECT_EQ(0, memcmp(ip + 20, whole->b + 34, 12));
		}
		EXPECT_EQ(0, memcmp(ip + hlen, whole->b + 14 + 32 + off, data_len[i]))
			TH_LOG("fragment %d data", i);
		off += data_len[i];
	}
	free(whole);
}

/* --- privilege ------------------------------------------------------------ */

struct child_result {
	int send_err, build_err;
	int step;		/* where a userns child failed */
	int err;
	char extack[256];
	size_t frame_len;
	uint8_t frame[128];
};

/* Without CAP_NET_RAW: SEND and BUILD of a valid description. */
static int unprivileged_child(void *arg, void *out)
{
	const struct topo *t = arg;
	struct child_result *r = out;
	struct genl_client c;
	struct genl_result *res = malloc(sizeof(*res));
	char buf[REQ_SIZE];
	struct nlmsghdr *nlh;

	if (!res || drop_net_raw())
		return 11;
	if (genl_client_open(&c, SOCKCTL_FAMILY_NAME))
		return 12;
	nlh = genl_client_msg(&c, buf, SOCKCTL_CMD_SEND, 0);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	desc_udp4(nlh, t, 1, 1, 2, "no", 2);
	r->send_err = genl_client_xfer(&c, nlh, res);
	nlh = genl_client_msg(&c, buf, SOCKCTL_CMD_BUILD, 0);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	desc_udp4(nlh, t, 1, 1, 2, "no", 2);
	r->build_err = genl_client_xfer(&c, nlh, res);
	return 0;
}

TEST_F(inject, unprivileged_send_and_build_get_eperm)
{
	struct env *e = &self->e;
	struct child_result r = { 0 };

	ASSERT_EQ(0, in_child(unprivileged_child, &e->t, &r, sizeof(r)));
	EXPECT_EQ(-EPERM, r.send_err);
	EXPECT_EQ(-EPERM, r.build_err);
	expect_silence(_metadata, e, SILENCE_MS);
}

/*
 * Root of a new user namespace, without CAP_NET_RAW in the initial one, in
 * a netns of its own (with its own veth pair): may send there.
 */
static int userns_child(void *arg, void *out)
{
	struct child_result *r = out;
	struct genl_client c;
	struct genl_result *res = malloc(sizeof(*res));
	struct pkt_sink sink;
	struct topo t;
	char buf[REQ_SIZE];
	struct nlmsghdr *nlh;
	const char *where;
	ssize_t n;

	(void)arg;
	r->step = 1;
	if (!res || drop_net_raw())
		return 11;
	r->step = 2;
	if (unshare(CLONE_NEWUSER))
		return 10;	/* no user namespaces: skip */
	r->step = 3;
	r->err = topo_setup(&t, &where);
	if (r->err) {
		snprintf(r->extack, sizeof(r->extack), "network setup: %s", where);
		return 13;
	}
	r->step = 4;
	r->err = sink_open(&sink, t.far_netns, t.far_ifindex);
	if (r->err || genl_client_open(&c, SOCKCTL_FAMILY_NAME))
		return 14;
	r->step = 5;
	nlh = genl_client_msg(&c, buf, SOCKCTL_CMD_SEND, 0);
	desc_target(nlh, SOCKCTL_INJECT_L2, t.near_ifindex);
	desc_udp4(nlh, &t, 1, 1, 2, "userns", 6);
	r->send_err = genl_client_xfer(&c, nlh, res);
	snprintf(r->extack, sizeof(r->extack), "%s", res->extack);
	if (r->send_err)
		return 15;
	r->step = 6;
	n = sink_recv(&sink, r->frame, sizeof(r->frame), ARRIVE_MS, NULL, NULL);
	if (n <= 0)
		return 16;
	r->frame_len = (size_t)n;
	return 0;
}

TEST_F(inject, userns_root_sends_in_its_own_netns)
{
	struct child_result r = { 0 };
	struct frame *exp;
	int ret;

	ret = in_child(userns_child, NULL, &r, sizeof(r));
	if (ret == 10)
		SKIP(return, "user namespaces are not available");
	ASSERT_EQ(0, ret) TH_LOG("child failed at step %d: %s (send %s; %s)", r.step,
				 strerror(-r.err), strerror(-r.send_err), r.extack);
	/* The same addresses as ours: the child built the same topology. */
	exp = expect_udp4(&self->e.t, 1, 1, 2, "userns", 6);
	EXPECT_FRAME(exp, r.frame, r.frame_len);
	free(exp);
}

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

/* --- malformed requests: refused, explained, nothing sent ----------------- */

/*
 * Each case writes a description that is valid when bad is false (it must
 * go through: the fault, not the rest, is what gets refused) and has exactly
 * one fault when bad is true.
 */
typedef void (*case_fn)(struct nlmsghdr *nlh, const struct topo *t, bool bad);

#define MARK_PORT 4242
#define ETH_NEAR_TO_FAR(t) NEST(SOCKCTL_A_ETH, \
	BIN(SOCKCTL_A_ETH_DST, (t)->far_mac, 6), \
	BIN(SOCKCTL_A_ETH_SRC, (t)->near_mac, 6))
#define UDP_TO_MARK NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, MARK_PORT))
#define IPV4_DST(t) BIN(SOCKCTL_A_IPV4_DADDR, &(t)->far_ip4, 4)
#define IPV4_ID U16(SOCKCTL_A_IPV4_ID, 1)

static void to_near(struct nlmsghdr *nlh, const struct topo *t)
{
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
}

static void unknown_attr_in_nest(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID,
		     IF(bad, U8(SOCKCTL_A_IPV4_MAX + 1, 0))),
		UDP_TO_MARK);
}

static void ipv4_id_3_bytes(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	static const uint8_t id[3] = { 0, 1, 0 };

	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t),
		     BIN(SOCKCTL_A_IPV4_ID, id, bad ? 3 : 2)),
		UDP_TO_MARK);
}

static void ipv4_daddr_3_bytes(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_ID,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, bad ? 3 : 4)),
		UDP_TO_MARK);
}

static void eth_src_5_bytes(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->near_mac, bad ? 5 : 6)),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK);
}

static void vlan_vid_4096(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     NEST(SOCKCTL_A_ETH_VLAN, U16(SOCKCTL_A_VLAN_VID, bad ? 4096 : 4095))),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK);
}

static void ipv4_ihl_16(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID,
		     U8(SOCKCTL_A_IPV4_IHL, bad ? 16 : 15)),
		UDP_TO_MARK);
}

static void ipv4_dscp_64(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID,
		     U8(SOCKCTL_A_IPV4_DSCP, bad ? 64 : 63)),
		UDP_TO_MARK);
}

static void ipv4_daddr_missing(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_ID, IF(!bad, IPV4_DST(t))),
		UDP_TO_MARK);
}

static void tcp_and_udp(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK,
		IF(bad, NEST(SOCKCTL_A_TCP, U16(SOCKCTL_A_TCP_DPORT, MARK_PORT))));
}

static void ipv4_and_ipv6(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		IF(bad, NEST(SOCKCTL_A_IPV6, BIN(SOCKCTL_A_IPV6_DADDR, &t->far_ip6, 16))),
		UDP_TO_MARK);
}

static void raw_and_layers(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	uint8_t raw[60] = { 0 };

	memcpy(raw, t->far_mac, 6);
	memcpy(raw + 6, t->near_mac, 6);
	raw[12] = 0x88;		/* local experimental EtherType 0x88b5 */
	raw[13] = 0xb5;
	to_near(nlh, t);
	PUT_ATTRS(nlh, BIN(SOCKCTL_A_RAW, raw, sizeof(raw)),
		IF(bad, NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID)),
		IF(bad, UDP_TO_MARK));
}

static void tos_with_dscp(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID,
		     U8(SOCKCTL_A_IPV4_DSCP, 10),
		     IF(bad, U8(SOCKCTL_A_IPV4_TOS, 0x28))),
		UDP_TO_MARK);
}

static void icmp_with_ipv6(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV6, BIN(SOCKCTL_A_IPV6_DADDR, &t->far_ip6, 16)),
		NEST(bad ? SOCKCTL_A_ICMP : SOCKCTL_A_ICMPV6,
		     U8(SOCKCTL_A_ICMP_TYPE, 128)));
}

static void count_0(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK,
		U32(SOCKCTL_A_COUNT, bad ? 0 : 1));
}

static void nest_without_nla_f_nested(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		bad ? NEST_NOFLAG(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID)
		    : NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK);
}

static void pad_attribute_in_request(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, IF(bad, BIN(SOCKCTL_A_PAD, NULL, 0)),
		ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK);
}

static void unknown_ifindex(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	desc_target(nlh, SOCKCTL_INJECT_L2, bad ? 0x7ffffff0 : t->near_ifindex);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK);
}

static void ifindex_and_ifname_differ(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, STR(SOCKCTL_A_IFNAME, bad ? "lo" : t->near_name),
		ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK);
}

static void l2_without_device(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	desc_target(nlh, SOCKCTL_INJECT_L2, bad ? 0 : t->near_ifindex);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &t->near_ip4, 4),
		     IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK);
}

static void frame_larger_than_mtu(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	/* 14 + 20 + 8 + 1472 = 1514 bytes: exactly what a 1500 MTU allows. */
	static uint8_t payload[1473];

	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK,
		BIN(SOCKCTL_A_PAYLOAD, payload, bad ? 1473 : 1472));
}

/* One VLAN tag: 4 bytes more than the MTU allows an untagged frame, no more. */
static void tagged_frame_larger_than_mtu(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	static uint8_t payload[1473];

	to_near(nlh, t);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->far_mac, 6),
		     NEST(SOCKCTL_A_ETH_VLAN, U16(SOCKCTL_A_VLAN_VID, 7))),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK,
		BIN(SOCKCTL_A_PAYLOAD, payload, bad ? 1473 : 1472));
}

static void vary_field_not_in_packet(struct nlmsghdr *nlh, const struct topo *t, bool bad)
{
	to_near(nlh, t);
	PUT_ATTRS(nlh, ETH_NEAR_TO_FAR(t),
		NEST(SOCKCTL_A_IPV4, IPV4_DST(t), IPV4_ID),
		UDP_TO_MARK,
		NEST(SOCKCTL_A_VARY,
		     U32(SOCKCTL_A_VARY_FIELD, bad ? SOCKCTL_FIELD_TCP_SEQ
						  : SOCKCTL_FIELD_IPV4_ID)));
}

struct malformed_case {
	const char *name;
	case_fn put;
	int err;		/* what the faulty request gets, SEND and BUILD */
};

#define MALFORMED(fn, e) { .name = #fn, .put = fn, .err = (e) }

static const struct malformed_case malformed_cases[] = {
	MALFORMED(unknown_attr_in_nest, -EINVAL),
	/*
	 * uapi: -EINVAL, except "the netlink core says -ERANGE for a value or
	 * length out of its range" (addresses have an exact length, fields a
	 * maximum).
	 */
	MALFORMED(ipv4_id_3_bytes, -EINVAL),
	MALFORMED(ipv4_daddr_3_bytes, -ERANGE),
	MALFORMED(eth_src_5_bytes, -ERANGE),
	MALFORMED(vlan_vid_4096, -ERANGE),
	MALFORMED(ipv4_ihl_16, -ERANGE),
	MALFORMED(ipv4_dscp_64, -ERANGE),
	MALFORMED(ipv4_daddr_missing, -EINVAL),
	MALFORMED(tcp_and_udp, -EINVAL),
	MALFORMED(ipv4_and_ipv6, -EINVAL),
	MALFORMED(raw_and_layers, -EINVAL),
	MALFORMED(tos_with_dscp, -EINVAL),
	MALFORMED(icmp_with_ipv6, -EINVAL),
	MALFORMED(count_0, -ERANGE),
	MALFORMED(nest_without_nla_f_nested, -EINVAL),
	MALFORMED(pad_attribute_in_request, -EINVAL),
	MALFORMED(vary_field_not_in_packet, -EINVAL),
	MALFORMED(unknown_ifindex, -ENODEV),
	MALFORMED(ifindex_and_ifname_differ, -EINVAL),
	MALFORMED(l2_without_device, -EINVAL),
	/*
	 * Not a malformed description: the errno of sendmsg() and of L3
	 * injection.  The dry run tells too, as it builds "exactly as SEND
	 * would".
	 */
	MALFORMED(frame_larger_than_mtu, -EMSGSIZE),
	MALFORMED(tagged_frame_larger_than_mtu, -EMSGSIZE),
};

FIXTURE(malformed) {
	struct env e;
};

FIXTURE_SETUP(malformed)
{
	env_setup(_metadata, &self->e);
}

FIXTURE_TEARDOWN(malformed)
{
	env_teardown(&self->e);
}

static void expect_refused(struct __test_metadata *_metadata, struct env *e,
			   int want, int err)
{
	if (!err) {
		struct sc_stats st;

		sc_parse_stats(sc_reply_attr(e->res, SOCKCTL_A_STATS), &st);
		TH_LOG("accepted; reply stats: packets %llu, bytes %llu, errors %llu",
		       (unsigned long long)st.packets, (unsigned long long)st.bytes,
		       (unsigned long long)st.errors);
	}
	EXPECT_EQ(want, err) TH_LOG("got %d (%s), extack \"%s\"", err, strerror(-err),
				    e->res->extack);
	EXPECT_EQ(0, e->res->n_replies);
	EXPECT_NE(0, e->res->extack[0]) TH_LOG("no extack message");
	TH_LOG("extack: \"%s\" (offset %d)", e->res->extack, e->res->extack_offset);
}

/*
 * The same description, right and then faulty, as a BUILD and as a SEND:
 * each right one succeeds (so the fault is what is refused), each faulty
 * one is refused with its errno and an extack message, and nothing leaves.
 */
static void malformed_case_run(struct __test_metadata *_metadata, struct env *e,
			       const struct malformed_case *c)
{
	struct nlmsghdr *nlh;

	TH_LOG("case %s:", c->name);
	nlh = request(e, SOCKCTL_CMD_BUILD);
	c->put(nlh, &e->t, false);
	ASSERT_REQUEST_OK(e, nlh);

	nlh = request(e, SOCKCTL_CMD_BUILD);
	c->put(nlh, &e->t, true);
	TH_LOG("BUILD:");
	expect_refused(_metadata, e, c->err, genl_client_xfer(&e->c, nlh, e->res));

	nlh = request(e, SOCKCTL_CMD_SEND);
	c->put(nlh, &e->t, false);
	ASSERT_REQUEST_OK(e, nlh);
	recv_frame(_metadata, e, e->got, NULL, NULL);

	nlh = request(e, SOCKCTL_CMD_SEND);
	c->put(nlh, &e->t, true);
	TH_LOG("SEND:");
	expect_refused(_metadata, e, c->err, genl_client_xfer(&e->c, nlh, e->res));
	expect_silence(_metadata, e, SILENCE_MS);
}

/*
 * Every case in one test on one topology: setting one up costs far more
 * than the case's requests (about a second under the debug kernel), and
 * each case leaves the topology as it found it.  The log names the case
 * that fails.
 */
TEST_F(malformed, build_and_send_refuse_each_fault_and_nothing_is_sent)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(malformed_cases); i++)
		malformed_case_run(_metadata, &self->e, &malformed_cases[i]);
}

TEST_HARNESS_MAIN
