/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every capture kselftest (capture_*_test.c) has: a network of its own,
 * genl sockets at both ends, and helpers to start, stop and check capture
 * sessions (SOCKCTL_CMD_CAPTURE_START, _GET and _STOP, and the
 * SOCKCTL_CMD_CAPTURE_PACKETS / _END notifications).
 *
 * Every test runs in a network namespace of its own with a veth pair whose
 * far end is in a second one (net_topo.h).  Traffic comes from the far end
 * (capture_far.h); sessions capture on the near end.  Filters are tcpdump
 * expressions compiled by libpcap for DLT_EN10MB, and libpcap's own
 * interpreter (pcap_offline_filter()) says which frames they must pass.
 *
 * The link is never completely quiet: the kernel sends MLD reports for the
 * solicited-node groups of the IPv6 addresses (pkt_sink.h calls it noise).
 * Tests that must count every frame switch IPv6 off on the far end first;
 * the others pick our frames out and ignore the noise, while still checking
 * the sequence numbers over everything the session captured.
 *
 * The helpers assert with the kselftest harness's macros, and the harness
 * is one translation unit per test program, so they live in this header as
 * static functions (as landlock's common.h does); each test program uses
 * some of them.  Tests need sockctl.ko loaded and root; they skip while the
 * module has no capture.
 */
#ifndef SOCKCTL_CAPTURE_ENV_H
#define SOCKCTL_CAPTURE_ENV_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/sockctl.h>
#include <pcap/pcap.h>

#include "kselftest_harness.h"
#include "capture_client.h"
#include "genl_client.h"
#include "kernel_log.h"
#include "net_topo.h"
#include "pkt_desc.h"
#include "pkt_expect.h"
#include "pkt_sink.h"

#define ARRIVE_MS	3000	/* how long a packet that must come may take */
#define QUIET_MS	300	/* how long we wait for one that must not */
#define REQ_SIZE	16384
#define XFRAME_MAX	2048

_Static_assert(sizeof(struct bpf_insn) == 8, "struct bpf_insn is struct sock_filter");

#ifndef __maybe_unused
#define __maybe_unused __attribute__((__unused__))
#endif

/* What every test has: its network, sockets in both netns, what came. */
struct capenv {
	struct topo t;
	struct genl_client c;		/* home netns: the sessions */
	struct genl_client far;		/* far netns: sends to us */
	struct cap_rx rx;		/* what c received */
	struct genl_result *res;	/* of the last genl_client_xfer() */
	int kmsg;			/* /dev/kmsg, from the test's start */
	char extack[256];
	char req[REQ_SIZE];
};

/* A frame we know the bytes of. */
struct xframe {
	size_t len;
	uint8_t b[XFRAME_MAX];
};

static __maybe_unused int pin_to_this_cpu(void)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	if (cpu < 0)
		return -errno;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

/* What was captured, a line per packet (for a failing test's log). */
static __maybe_unused void log_packets(struct __test_metadata *_metadata, const struct cap_rx *rx)
{
	size_t i;

	for (i = 0; i < rx->n; i++) {
		const struct cap_packet *p = &rx->pkts[i];
		const uint8_t *f = p->data;
		char what[96] = "";
		uint16_t type = p->len >= 14 ? f[12] << 8 | f[13] : 0;

		if (type == ETH_P_IP && p->len >= 34) {
			char src[16], dst[16];

			inet_ntop(AF_INET, f + 26, src, sizeof(src));
			inet_ntop(AF_INET, f + 30, dst, sizeof(dst));
			snprintf(what, sizeof(what), "%s > %s proto %u", src, dst, f[23]);
			if (f[23] == IPPROTO_ICMP && p->len >= 42)
				snprintf(what + strlen(what), sizeof(what) - strlen(what),
					 " type %u seq %u", f[34], f[40] << 8 | f[41]);
		} else if (pkt_is_noise(f, p->len)) {
			snprintf(what, sizeof(what), "(IPv6 multicast: noise)");
		}
		TH_LOG("  seq %llu session %u %s %s if %u len %zu/%u type 0x%04x %s",
		       (unsigned long long)p->seq, p->session,
		       p->direction == SOCKCTL_CAPTURE_IN ? "in " :
		       p->direction == SOCKCTL_CAPTURE_OUT ? "out" : "?",
		       p->ifname, p->ifindex, p->len, p->orig_len, type, what);
	}
}

/* After a test's checks: if one failed, show what was captured. */
#define LOG_IF_FAILED(rx) do { \
	if (_metadata->exit_code != KSFT_PASS) { \
		TH_LOG("captured:"); \
		log_packets(_metadata, (rx)); \
	} \
} while (0)

static __maybe_unused void env_setup(struct __test_metadata *_metadata, struct capenv *e)
{
	const char *where = "";
	int err, saved, has;

	e->kmsg = -1;
	e->res = calloc(1, sizeof(*e->res));
	ASSERT_NE(NULL, e->res);
	cap_rx_init(&e->rx);
	ASSERT_NE(NULL, e->rx.buf);

	err = genl_client_open(&e->c, SOCKCTL_FAMILY_NAME);
	if (err == -ENOENT)
		SKIP(return, "sockctl.ko is not loaded");
	ASSERT_EQ(0, err);
	has = sc_has_cmd(&e->c, SOCKCTL_CMD_CAPTURE_START);
	genl_client_close(&e->c);
	ASSERT_LE(0, has) TH_LOG("cannot list the family's operations: %s", strerror(-has));
	if (!has)
		SKIP(return, "the module has no SOCKCTL_CMD_CAPTURE_START yet");

	e->kmsg = kmsg_open();
	/*
	 * One CPU: frames the far end sends one after the other then queue
	 * on one backlog and are received (and answered) in that order.  On
	 * two CPUs a busy host can stall the one still handling a frame
	 * while the next is sent and handled on the other: its answer is
	 * then rightly captured later, and the order the tests check is
	 * the scheduler's, not the module's.
	 */
	ASSERT_EQ(0, pin_to_this_cpu());
	/* Our own netns from here on; sockets must be made after this. */
	err = topo_setup(&e->t, &where);
	ASSERT_EQ(0, err) TH_LOG("network setup, %s: %s", where, strerror(-err));
	ASSERT_EQ(0, genl_client_open(&e->c, SOCKCTL_FAMILY_NAME));
	saved = netns_enter(e->t.far_netns);
	ASSERT_LE(0, saved);
	err = genl_client_open(&e->far, SOCKCTL_FAMILY_NAME);
	ASSERT_EQ(0, netns_leave(saved));
	ASSERT_EQ(0, err);
}

static __maybe_unused void env_teardown(struct __test_metadata *_metadata, struct capenv *e)
{
	char first[512];
	int n;

	genl_client_close(&e->c);
	genl_client_close(&e->far);
	topo_teardown(&e->t);
	cap_rx_free(&e->rx);
	free(e->res);
	if (e->kmsg >= 0) {
		n = kmsg_splats(e->kmsg, first, sizeof(first));
		EXPECT_EQ(0, n) TH_LOG("kernel log during the test: %d splat lines, first: %s",
				       n, first);
		close(e->kmsg);
	}
}

/* Every test of a capture program: its environment is set up and torn down. */
FIXTURE(capture) {
	struct capenv e;
};

FIXTURE_SETUP(capture)
{
	env_setup(_metadata, &self->e);
}

FIXTURE_TEARDOWN(capture)
{
	env_teardown(_metadata, &self->e);
}

/* --- filters ---------------------------------------------------------------- */

/* tcpdump's expression as libpcap compiles it for an Ethernet capture. */
static __maybe_unused int compile_filter(const char *expr, struct bpf_program *prog, char *err)
{
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
	int ret;

	if (!p) {
		snprintf(err, 256, "pcap_open_dead failed");
		return -1;
	}
	ret = pcap_compile(p, prog, expr, 1, PCAP_NETMASK_UNKNOWN);
	if (ret)
		snprintf(err, 256, "%s", pcap_geterr(p));
	pcap_close(p);
	return ret;
}

/* Does libpcap's interpreter pass the frame? */
static __maybe_unused bool pcap_passes(const struct bpf_program *prog, const uint8_t *f, size_t len)
{
	struct pcap_pkthdr h = { .caplen = (bpf_u_int32)len, .len = (bpf_u_int32)len };

	return pcap_offline_filter(prog, &h, f) != 0;
}

/* --- sessions ---------------------------------------------------------------- */

struct start_opts {
	int ifindex;			/* 0: none */
	const char *ifname;		/* NULL: none */
	uint8_t direction;		/* 0: the default */
	uint32_t snaplen;		/* 0: the default */
	uint64_t count;			/* 0: no limit */
	uint32_t queue_len;		/* 0: the default */
	uint32_t flush_us;		/* 0: the default */
	const char *filter;		/* a tcpdump expression, or */
	const struct bpf_insn *prog;	/* a program of our own */
	size_t prog_len;		/* its instructions */
};

static __maybe_unused struct nlmsghdr *start_msg(struct genl_client *c, void *buf,
						 const struct start_opts *o,
						 const struct bpf_program *fp)
{
	struct nlmsghdr *nlh = genl_client_msg(c, buf, SOCKCTL_CMD_CAPTURE_START, 0);
	const void *prog = fp ? (const void *)fp->bf_insns : (const void *)o->prog;
	size_t prog_bytes = fp ? fp->bf_len * 8 : o->prog_len * 8;

	PUT_ATTRS(nlh,
		IF(o->ifindex, U32(SOCKCTL_A_IFINDEX, (uint32_t)o->ifindex)),
		IF(o->ifname, STR(SOCKCTL_A_IFNAME, o->ifname)),
		NEST(SOCKCTL_A_CAPTURE,
		     IF(o->direction, U8(SOCKCTL_A_CAPTURE_DIRECTION, o->direction)),
		     IF(o->snaplen, U32(SOCKCTL_A_CAPTURE_SNAPLEN, o->snaplen)),
		     IF(o->count, U64(SOCKCTL_A_CAPTURE_COUNT, o->count)),
		     IF(o->queue_len, U32(SOCKCTL_A_CAPTURE_QUEUE_LEN, o->queue_len)),
		     IF(o->flush_us, U32(SOCKCTL_A_CAPTURE_FLUSH_US, o->flush_us)),
		     IF(prog_bytes, BIN(SOCKCTL_A_CAPTURE_FILTER, prog, prog_bytes))));
	return nlh;
}

/* START; 0 or the error (extack in extack). */
static __maybe_unused int try_start(struct genl_client *c, struct cap_rx *rx,
				    const struct start_opts *o, struct cap_info *reply,
				    char *extack)
{
	char buf[REQ_SIZE];
	struct bpf_program fp = { 0 };
	char perr[256];
	struct nlmsghdr *nlh;
	int err;

	if (o->filter && compile_filter(o->filter, &fp, perr)) {
		snprintf(extack, 256, "pcap_compile(\"%.60s\"): %.150s", o->filter, perr);
		return -EDOM;
	}
	nlh = start_msg(c, buf, o, o->filter ? &fp : NULL);
	err = cap_xfer(c, nlh, rx, reply, 1, extack);
	if (o->filter)
		pcap_freecode(&fp);
	return err;
}

/* START, which must succeed; the session's id. */
static __maybe_unused uint32_t start(struct __test_metadata *_metadata, struct genl_client *c,
				     struct cap_rx *rx, const struct start_opts *o,
				     struct cap_info *reply)
{
	struct cap_info r;
	char extack[256] = "";
	int err;

	if (!reply)
		reply = &r;
	err = try_start(c, rx, o, reply, extack);
	ASSERT_EQ(0, err) TH_LOG("CAPTURE_START: %s; extack \"%s\"", strerror(-err), extack);
	ASSERT_TRUE(CAP_HAS(reply, SOCKCTL_A_CAPTURE_ID))
		TH_LOG("the START reply has no SOCKCTL_A_CAPTURE nest with an id");
	return reply->id;
}

/*
 * STOP the session; what was captured comes first, then its END (reason
 * STOPPED).  The final counters (STOP's reply, END's nest) must agree and
 * account for every packet received.
 */
static __maybe_unused void finish(struct __test_metadata *_metadata, struct genl_client *c,
				  struct cap_rx *rx, uint32_t id, struct cap_info *fin)
{
	char extack[256] = "";
	struct cap_info r;
	int err;

	if (!fin)
		fin = &r;
	err = cap_stop(c, rx, id, fin, extack);
	ASSERT_EQ(0, err) TH_LOG("CAPTURE_STOP: %s; extack \"%s\"", strerror(-err), extack);
	ASSERT_EQ(1, cap_wait_end(c, rx, id, ARRIVE_MS))
		TH_LOG("no SOCKCTL_CMD_CAPTURE_END for session %u after STOP", id);
	EXPECT_EQ(id, rx->end.id);
	EXPECT_STREQ("STOPPED", cap_end_name(rx->end.end_reason));
	EXPECT_EQ(id, fin->id);
	EXPECT_TRUE(cap_balanced(fin)) TH_LOG("STOP reply: %s", cap_counters_str(fin));
	EXPECT_EQ(0, fin->queued);
	EXPECT_EQ(fin->matched, rx->end.matched);
	EXPECT_EQ(fin->delivered, rx->end.delivered);
	EXPECT_EQ(cap_drops(fin), cap_drops(&rx->end));
	EXPECT_TRUE(cap_balanced(&rx->end)) TH_LOG("END: %s", cap_counters_str(&rx->end));
	/* Nothing of the session after its END. */
	cap_drain(c, rx, QUIET_MS / 3, ARRIVE_MS);
	EXPECT_FALSE(rx->packets_after_end);
	EXPECT_EQ(1, rx->n_end);
	EXPECT_EQ(fin->delivered, cap_rx_count(rx, id));
	EXPECT_EQ(0, rx->enobufs);
	EXPECT_EQ(0, rx->truncated);
	EXPECT_EQ(0, rx->malformed);
}

/* The session's packets have seq 1, 2, ... in the order received. */
static __maybe_unused void expect_contiguous(struct __test_metadata *_metadata,
					     const struct cap_rx *rx, uint32_t id)
{
	uint64_t want = 1;
	size_t i;

	for (i = 0; i < rx->n; i++) {
		if (rx->pkts[i].session != id)
			continue;
		if (rx->pkts[i].seq != want) {
			TH_LOG("packet %zu of session %u: seq %llu, expected %llu", i, id,
			       (unsigned long long)rx->pkts[i].seq, (unsigned long long)want);
			EXPECT_EQ(want, rx->pkts[i].seq);
			return;
		}
		want++;
	}
}

/* Every attribute a packet must carry is there, with the right size. */
static __maybe_unused void expect_well_formed(struct __test_metadata *_metadata,
					      const struct cap_packet *p)
{
	static const uint16_t required[] = {
		SOCKCTL_A_PACKET_SEQ, SOCKCTL_A_PACKET_TSTAMP_NS, SOCKCTL_A_PACKET_IFINDEX,
		SOCKCTL_A_PACKET_IFNAME, SOCKCTL_A_PACKET_DIRECTION, SOCKCTL_A_PACKET_PKTTYPE,
		SOCKCTL_A_PACKET_PROTOCOL, SOCKCTL_A_PACKET_ORIG_LEN, SOCKCTL_A_PACKET_DATA,
	};
	size_t i;

	EXPECT_EQ(0, p->bad_attr) TH_LOG("packet seq %llu: attribute %d has the wrong size",
					 (unsigned long long)p->seq, p->bad_attr);
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		EXPECT_TRUE(PKT_HAS(p, required[i]))
			TH_LOG("packet seq %llu lacks attribute %u",
			       (unsigned long long)p->seq, required[i]);
}

#endif
