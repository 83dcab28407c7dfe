// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: kernel-space capture end to end.  SOCKCTL_CMD_CAPTURE_START,
 * _GET and _STOP, and the SOCKCTL_CMD_CAPTURE_PACKETS / _END notifications,
 * against real traffic.
 *
 * Every test runs in a network namespace of its own with a veth pair whose
 * far end is in a second one (net_topo.h).  Traffic comes from the far end:
 * frames the module injects there (SOCKCTL_CMD_SEND at L2 on the far
 * device, their exact bytes known from SOCKCTL_CMD_BUILD), plain sockets
 * there (a raw ICMP socket, a UDP socket), and what the near end's own
 * kernel answers (echo replies).  Sessions capture on the near end.  Filters
 * are tcpdump expressions compiled by libpcap for DLT_EN10MB, and libpcap's
 * own interpreter (pcap_offline_filter()) says which frames they must pass.
 *
 * The link is never completely quiet: the kernel sends MLD reports for the
 * solicited-node groups of the IPv6 addresses (pkt_sink.h calls it noise).
 * Tests that must count every frame switch IPv6 off on the far end first;
 * the others pick our frames out and ignore the noise, while still checking
 * the sequence numbers over everything the session captured.
 *
 * Needs sockctl.ko loaded and root; skips while the module has no capture.
 */
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
#include "net_topo.h"
#include "pkt_desc.h"
#include "pkt_expect.h"
#include "pkt_sink.h"

#define ARRIVE_MS	3000	/* how long a packet that must come may take */
#define QUIET_MS	300	/* how long we wait for one that must not */
#define REQ_SIZE	16384
#define XFRAME_MAX	2048

_Static_assert(sizeof(struct bpf_insn) == 8, "struct bpf_insn is struct sock_filter");

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

static int pin_to_this_cpu(void)
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
static void log_packets(struct __test_metadata *_metadata, const struct cap_rx *rx)
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

static void env_setup(struct __test_metadata *_metadata, struct capenv *e)
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

static void env_teardown(struct __test_metadata *_metadata, struct capenv *e)
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
static int compile_filter(const char *expr, struct bpf_program *prog, char *err)
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
static bool pcap_passes(const struct bpf_program *prog, const uint8_t *f, size_t len)
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

static struct nlmsghdr *start_msg(struct genl_client *c, void *buf,
				  const struct start_opts *o, const struct bpf_program *fp)
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
static int try_start(struct genl_client *c, struct cap_rx *rx, const struct start_opts *o,
		     struct cap_info *reply, char *extack)
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
static uint32_t start(struct __test_metadata *_metadata, struct genl_client *c,
		      struct cap_rx *rx, const struct start_opts *o, struct cap_info *reply)
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
static void finish(struct __test_metadata *_metadata, struct genl_client *c,
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
static void expect_contiguous(struct __test_metadata *_metadata, const struct cap_rx *rx,
			      uint32_t id)
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
static void expect_well_formed(struct __test_metadata *_metadata, const struct cap_packet *p)
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

/* --- traffic from the far end ---------------------------------------------- */

enum pk { PK_UDP = 1, PK_TCP, PK_ICMP, PK_UDP6, PK_ICMP6, PK_ARP };

/* A frame the far end injects at L2 towards the near end. */
struct spec {
	enum pk kind;
	uint16_t id;			/* IPv4 identification */
	uint16_t sport, dport;		/* TCP/UDP ports; ICMP echo id, seq */
	uint8_t tcp_flags;		/* 0: SYN */
	const void *payload;
	size_t payload_len;		/* 0: strlen(payload) */
	const struct in_addr *saddr;	/* NULL: the far end's */
};

static void put_spec(struct nlmsghdr *nlh, const struct topo *t, const struct spec *s)
{
	const struct in_addr *src = s->saddr ? s->saddr : &t->far_ip4;
	size_t plen = s->payload ? (s->payload_len ? s->payload_len : strlen(s->payload)) : 0;

	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, t->near_mac, 6),
		     BIN(SOCKCTL_A_ETH_SRC, t->far_mac, 6)));
	switch (s->kind) {
	case PK_UDP:
	case PK_TCP:
	case PK_ICMP:
		PUT_ATTRS(nlh,
			NEST(SOCKCTL_A_IPV4,
			     BIN(SOCKCTL_A_IPV4_SADDR, src, 4),
			     BIN(SOCKCTL_A_IPV4_DADDR, &t->near_ip4, 4),
			     U16(SOCKCTL_A_IPV4_ID, s->id)));
		break;
	case PK_UDP6:
	case PK_ICMP6:
		PUT_ATTRS(nlh,
			NEST(SOCKCTL_A_IPV6,
			     BIN(SOCKCTL_A_IPV6_SADDR, &t->far_ip6, 16),
			     BIN(SOCKCTL_A_IPV6_DADDR, &t->near_ip6, 16)));
		break;
	case PK_ARP:
		PUT_ATTRS(nlh,
			NEST(SOCKCTL_A_ARP,
			     BIN(SOCKCTL_A_ARP_SPA, &t->far_ip4, 4),
			     BIN(SOCKCTL_A_ARP_TPA, &t->near_ip4, 4)));
		break;
	}
	switch (s->kind) {
	case PK_UDP:
	case PK_UDP6:
		PUT_ATTRS(nlh,
			NEST(SOCKCTL_A_UDP,
			     U16(SOCKCTL_A_UDP_SPORT, s->sport),
			     U16(SOCKCTL_A_UDP_DPORT, s->dport)));
		break;
	case PK_TCP:
		PUT_ATTRS(nlh,
			NEST(SOCKCTL_A_TCP,
			     U16(SOCKCTL_A_TCP_SPORT, s->sport),
			     U16(SOCKCTL_A_TCP_DPORT, s->dport),
			     U8(SOCKCTL_A_TCP_FLAGS, s->tcp_flags ? s->tcp_flags : SOCKCTL_TCP_SYN)));
		break;
	case PK_ICMP:
		PUT_ATTRS(nlh,
			NEST(SOCKCTL_A_ICMP,
			     U16(SOCKCTL_A_ICMP_ID, s->sport),
			     U16(SOCKCTL_A_ICMP_SEQ, s->dport)));
		break;
	case PK_ICMP6:
		PUT_ATTRS(nlh,
			NEST(SOCKCTL_A_ICMPV6,
			     U16(SOCKCTL_A_ICMP_ID, s->sport),
			     U16(SOCKCTL_A_ICMP_SEQ, s->dport)));
		break;
	case PK_ARP:
		break;
	}
	if (plen)
		PUT_ATTRS(nlh, BIN(SOCKCTL_A_PAYLOAD, s->payload, plen));
}

/* The bytes the far end sends for s (SOCKCTL_CMD_BUILD, as SEND builds them). */
static void far_build(struct __test_metadata *_metadata, struct capenv *e,
		      const struct spec *s, struct xframe *out)
{
	struct nlmsghdr *nlh = genl_client_msg(&e->far, e->req, SOCKCTL_CMD_BUILD, 0);
	struct sc_frame fr;
	int err;

	desc_target(nlh, SOCKCTL_INJECT_L2, e->t.far_ifindex);
	put_spec(nlh, &e->t, s);
	err = genl_client_xfer(&e->far, nlh, e->res);
	ASSERT_EQ(0, err) TH_LOG("BUILD: %s; extack \"%s\"", strerror(-err), e->res->extack);
	ASSERT_EQ(1, sc_frames(e->res, &fr, 1));
	ASSERT_GE(sizeof(out->b), fr.len);
	memcpy(out->b, fr.data, fr.len);
	out->len = fr.len;
}

/*
 * SEND s count times from the far end, at L2 on its device.  Returns the
 * job's id when the module made it a job, 0 when it sent at once.
 */
static uint32_t far_send(struct __test_metadata *_metadata, struct capenv *e,
			 const struct spec *s, uint32_t count, uint32_t rate_pps)
{
	struct nlmsghdr *nlh = genl_client_msg(&e->far, e->req, SOCKCTL_CMD_SEND, 0);
	const struct nlattr *job;
	struct sc_stats st;
	int err;

	desc_target(nlh, SOCKCTL_INJECT_L2, e->t.far_ifindex);
	put_spec(nlh, &e->t, s);
	PUT_ATTRS(nlh,
		IF(count != 1, U32(SOCKCTL_A_COUNT, count)),
		IF(rate_pps, U32(SOCKCTL_A_RATE_PPS, rate_pps)));
	err = genl_client_xfer(&e->far, nlh, e->res);
	ASSERT_EQ(0, err) TH_LOG("SEND: %s; extack \"%s\"", strerror(-err), e->res->extack);
	job = sc_reply_attr(e->res, SOCKCTL_A_JOB_ID);
	if (job)
		return mnl_attr_get_u32(job);
	sc_parse_stats(sc_reply_attr(e->res, SOCKCTL_A_STATS), &st);
	EXPECT_EQ(count, st.packets) TH_LOG("SEND: %llu errors",
					    (unsigned long long)st.errors);
	return 0;
}

/* Wait for a far-end job to finish; its final state. */
static void far_job_wait(struct __test_metadata *_metadata, struct capenv *e, uint32_t id,
			 int timeout_ms, struct sc_job *j)
{
	long long deadline = now_mono_ms() + timeout_ms;

	for (;;) {
		ASSERT_EQ(0, sc_job_get(&e->far, e->res, id, j));
		if (j->state != SOCKCTL_JOB_RUNNING)
			break;
		ASSERT_GT(deadline, now_mono_ms()) TH_LOG("job %u still running after %d ms",
							  id, timeout_ms);
		usleep(20 * 1000);
	}
	EXPECT_STREQ("DONE", sc_job_state_name(j->state));
}

/* A socket of the given type in the far netns. */
static int far_socket(struct capenv *e, int domain, int type, int proto)
{
	int saved = netns_enter(e->t.far_netns), fd, err;

	if (saved < 0)
		return saved;
	fd = socket(domain, type | SOCK_CLOEXEC, proto);
	err = fd < 0 ? -errno : 0;
	netns_leave(saved);
	return err ? err : fd;
}

/* The far device's counters. */
static int far_link_stats(struct capenv *e, struct rtnl_link_stats64 *st)
{
	int saved = netns_enter(e->t.far_netns), err;

	if (saved < 0)
		return saved;
	err = link_stats(e->t.far_ifindex, st);
	netns_leave(saved);
	return err;
}

/* --- what the near end answers ---------------------------------------------- */

/* IPv4 header offsets in an untagged Ethernet frame. */
#define IP4	14
#define IP4_LEN	(IP4 + 20)

/* Is f the near end's echo reply to the echo request frame req? */
static bool is_echo_reply_to(const struct topo *t, const uint8_t *f, size_t len,
			     const struct xframe *req)
{
	const uint8_t *q = req->b;

	if (len != req->len || len < IP4_LEN + 8)
		return false;
	return !memcmp(f, t->far_mac, 6) && !memcmp(f + 6, t->near_mac, 6) &&
	       f[12] == 0x08 && f[13] == 0x00 && (f[IP4] & 0xf) == 5 &&
	       f[IP4 + 9] == IPPROTO_ICMP &&
	       !memcmp(f + IP4 + 12, &t->near_ip4, 4) &&
	       !memcmp(f + IP4 + 16, &t->far_ip4, 4) &&
	       f[IP4_LEN] == 0 && f[IP4_LEN + 1] == 0 &&		/* echo reply */
	       !memcmp(f + IP4_LEN + 4, q + IP4_LEN + 4, 4) &&	/* id, seq */
	       !memcmp(f + IP4_LEN + 8, q + IP4_LEN + 8, len - IP4_LEN - 8);
}

/* Packets of rx that are not noise (pkt_sink.h), by index. */
static size_t signal_packets(const struct cap_rx *rx, size_t *idx, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < rx->n; i++) {
		if (pkt_is_noise(rx->pkts[i].data, rx->pkts[i].len))
			continue;
		if (n < max)
			idx[n] = i;
		n++;
	}
	return n;
}

static bool have_signal(const struct cap_rx *rx, const void *arg)
{
	size_t i, n = 0;

	for (i = 0; i < rx->n; i++)
		n += !pkt_is_noise(rx->pkts[i].data, rx->pkts[i].len);
	return n >= *(const size_t *)arg || rx->n_end;
}

/* Receive until want non-noise packets came, then wait for stragglers. */
static void collect_signal(struct genl_client *c, struct cap_rx *rx, size_t want)
{
	cap_recv(c, rx, ARRIVE_MS, have_signal, &want);
	cap_drain(c, rx, QUIET_MS, ARRIVE_MS);
}

static void expect_same_frame(struct __test_metadata *_metadata, const struct xframe *x,
			      const struct cap_packet *p)
{
	bool same = p->len == x->len && !memcmp(p->data, x->b, x->len);

	if (!same) {
		char *d = hexdiff(x->b, x->len, p->data, p->len);

		TH_LOG("captured packet seq %llu differs from the frame sent:\n%s",
		       (unsigned long long)p->seq, d);
		free(d);
	}
	EXPECT_TRUE(same);
}

static void expect_meta(struct __test_metadata *_metadata, const struct cap_packet *p,
			int ifindex, const char *ifname, uint8_t dir, uint8_t pkttype,
			uint16_t proto)
{
	expect_well_formed(_metadata, p);
	EXPECT_EQ(ifindex, p->ifindex) TH_LOG("seq %llu", (unsigned long long)p->seq);
	EXPECT_STREQ(ifname, p->ifname);
	EXPECT_EQ(dir, p->direction) TH_LOG("seq %llu", (unsigned long long)p->seq);
	EXPECT_EQ(pkttype, p->pkttype) TH_LOG("seq %llu", (unsigned long long)p->seq);
	EXPECT_EQ(proto, p->protocol) TH_LOG("seq %llu", (unsigned long long)p->seq);
	EXPECT_EQ(p->len, p->orig_len) TH_LOG("seq %llu: a whole packet", (unsigned long long)p->seq);
}

/* n echo requests from the far end, one SEND each; their bytes in req[]. */
static void far_pings(struct __test_metadata *_metadata, struct capenv *e, int n,
		      uint16_t echo_id, struct xframe *req)
{
	int i;

	for (i = 0; i < n; i++) {
		char payload[48];
		struct spec s = {
			.kind = PK_ICMP, .id = (uint16_t)(100 + i),
			.sport = echo_id, .dport = (uint16_t)(i + 1), .payload = payload,
		};

		snprintf(payload, sizeof(payload), "capture me, echo %d of %d", i + 1, n);
		far_build(_metadata, e, &s, &req[i]);
		far_send(_metadata, e, &s, 1, 0);
	}
}

/* --- the session's settings ------------------------------------------------- */

TEST_F(capture, start_reply_reports_defaults)
{
	struct capenv *e = &self->e;
	struct cap_info r;
	uint32_t id;

	id = start(_metadata, &e->c, &e->rx,
		   &(struct start_opts){ .ifindex = e->t.near_ifindex }, &r);
	EXPECT_NE(0, id);
	EXPECT_EQ(0, r.bad_attr) TH_LOG("attribute %d has the wrong size", r.bad_attr);
	EXPECT_EQ(SOCKCTL_CAPTURE_BOTH, r.direction);
	EXPECT_EQ(SOCKCTL_MAX_FRAME_REPLY, r.snaplen);
	EXPECT_EQ(0, r.count);
	EXPECT_EQ(4096, r.queue_len);
	EXPECT_EQ(10000, r.flush_us);
	EXPECT_EQ(e->t.near_ifindex, r.ifindex);
	EXPECT_EQ(e->c.portid, r.portid);
	EXPECT_EQ(0, r.filter_len);
	EXPECT_EQ(0, r.matched);
	EXPECT_TRUE(CAP_HAS(&r, SOCKCTL_A_CAPTURE_DIRECTION));
	EXPECT_TRUE(CAP_HAS(&r, SOCKCTL_A_CAPTURE_SNAPLEN));
	EXPECT_TRUE(CAP_HAS(&r, SOCKCTL_A_CAPTURE_QUEUE_LEN));
	EXPECT_TRUE(CAP_HAS(&r, SOCKCTL_A_CAPTURE_FLUSH_US));
	EXPECT_TRUE(CAP_HAS(&r, SOCKCTL_A_CAPTURE_IFINDEX));
	EXPECT_TRUE(CAP_HAS(&r, SOCKCTL_A_CAPTURE_PORTID));
	EXPECT_FALSE(CAP_HAS(&r, SOCKCTL_A_CAPTURE_END_REASON));
	finish(_metadata, &e->c, &e->rx, id, NULL);
}

TEST_F(capture, start_reply_reports_settings_in_effect)
{
	struct capenv *e = &self->e;
	struct bpf_program fp;
	char perr[256];
	struct cap_info r, g;
	uint32_t id;

	ASSERT_EQ(0, compile_filter("udp and src host 10.99.1.2", &fp, perr)) TH_LOG("%s", perr);
	id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifname = TOPO_NEAR_NAME, .direction = SOCKCTL_CAPTURE_IN,
			.snaplen = 100, .count = 7, .queue_len = 32, .flush_us = 5000,
			.filter = "udp and src host 10.99.1.2" }, &r);
	EXPECT_EQ(SOCKCTL_CAPTURE_IN, r.direction);
	EXPECT_EQ(100, r.snaplen);
	EXPECT_EQ(7, r.count);
	EXPECT_EQ(32, r.queue_len);
	EXPECT_EQ(5000, r.flush_us);
	EXPECT_EQ(e->t.near_ifindex, r.ifindex);
	EXPECT_EQ(fp.bf_len, r.filter_len);

	/* GET of the id tells the same. */
	ASSERT_EQ(0, cap_get(&e->c, &e->rx, id, &g, e->extack)) TH_LOG("%s", e->extack);
	EXPECT_EQ(id, g.id);
	EXPECT_EQ(r.direction, g.direction);
	EXPECT_EQ(r.snaplen, g.snaplen);
	EXPECT_EQ(r.count, g.count);
	EXPECT_EQ(r.queue_len, g.queue_len);
	EXPECT_EQ(r.flush_us, g.flush_us);
	EXPECT_EQ(r.ifindex, g.ifindex);
	EXPECT_EQ(r.portid, g.portid);
	EXPECT_EQ(r.filter_len, g.filter_len);
	EXPECT_TRUE(cap_balanced(&g));
	pcap_freecode(&fp);
	finish(_metadata, &e->c, &e->rx, id, NULL);
}

/* --- what a session captures ------------------------------------------------- */

/*
 * No filter, both directions: the far end's echo requests (in) and the
 * near end's replies (out), in that order, with their metadata; every
 * packet numbered from 1 without a gap, stamped within the test's window.
 */
TEST_F(capture, both_directions_with_metadata)
{
	enum { N = 3 };
	struct capenv *e = &self->e;
	struct xframe req[N];
	size_t idx[64], n, i;
	uint64_t t0, t1, prev = 0;
	struct cap_info fin;
	uint32_t id;

	t0 = now_real_ns();
	id = start(_metadata, &e->c, &e->rx,
		   &(struct start_opts){ .ifindex = e->t.near_ifindex }, NULL);
	far_pings(_metadata, e, N, 0x5c01, req);
	collect_signal(&e->c, &e->rx, 2 * N);
	t1 = now_real_ns();

	n = signal_packets(&e->rx, idx, 64);
	if (n != 2 * N)
		log_packets(_metadata, &e->rx);
	ASSERT_EQ(2 * N, n) TH_LOG("%zu packets captured (%zu not noise)", e->rx.n, n);
	for (i = 0; i < N; i++) {
		const struct cap_packet *in = &e->rx.pkts[idx[2 * i]];
		const struct cap_packet *out = &e->rx.pkts[idx[2 * i + 1]];

		expect_meta(_metadata, in, e->t.near_ifindex, TOPO_NEAR_NAME,
			    SOCKCTL_CAPTURE_IN, PACKET_HOST, ETH_P_IP);
		expect_same_frame(_metadata, &req[i], in);
		expect_meta(_metadata, out, e->t.near_ifindex, TOPO_NEAR_NAME,
			    SOCKCTL_CAPTURE_OUT, PACKET_OUTGOING, ETH_P_IP);
		EXPECT_TRUE(is_echo_reply_to(&e->t, out->data, out->len, &req[i]))
			TH_LOG("packet seq %llu is not the reply to echo %zu",
			       (unsigned long long)out->seq, i + 1);
	}
	for (i = 0; i < e->rx.n; i++) {
		const struct cap_packet *p = &e->rx.pkts[i];

		EXPECT_EQ(id, p->session);
		EXPECT_LE(t0, p->tstamp_ns) TH_LOG("seq %llu stamped before the test started",
						    (unsigned long long)p->seq);
		EXPECT_GE(t1, p->tstamp_ns) TH_LOG("seq %llu stamped after it was received",
						    (unsigned long long)p->seq);
		EXPECT_LE(prev, p->tstamp_ns) TH_LOG("seq %llu stamped before the one before it",
						      (unsigned long long)p->seq);
		prev = p->tstamp_ns;
	}
	expect_contiguous(_metadata, &e->rx, id);
	LOG_IF_FAILED(&e->rx);
	finish(_metadata, &e->c, &e->rx, id, &fin);
	EXPECT_EQ(e->rx.n, fin.matched);
	EXPECT_EQ(0, cap_drops(&fin));
	EXPECT_EQ(e->rx.n_msgs, fin.messages);
}

/* The same exchange seen in one direction only. */
static void one_direction(struct __test_metadata *_metadata, struct capenv *e, uint8_t dir)
{
	enum { N = 3 };
	struct xframe req[N];
	size_t idx[64], n, i;
	uint32_t id;

	id = start(_metadata, &e->c, &e->rx,
		   &(struct start_opts){ .ifindex = e->t.near_ifindex, .direction = dir },
		   NULL);
	far_pings(_metadata, e, N, 0x5c02, req);
	collect_signal(&e->c, &e->rx, N);
	n = signal_packets(&e->rx, idx, 64);
	if (n != N)
		log_packets(_metadata, &e->rx);
	ASSERT_EQ(N, n) TH_LOG("%zu packets captured (%zu not noise)", e->rx.n, n);
	for (i = 0; i < N; i++) {
		const struct cap_packet *p = &e->rx.pkts[idx[i]];

		if (dir == SOCKCTL_CAPTURE_IN) {
			expect_meta(_metadata, p, e->t.near_ifindex, TOPO_NEAR_NAME,
				    SOCKCTL_CAPTURE_IN, PACKET_HOST, ETH_P_IP);
			expect_same_frame(_metadata, &req[i], p);
		} else {
			expect_meta(_metadata, p, e->t.near_ifindex, TOPO_NEAR_NAME,
				    SOCKCTL_CAPTURE_OUT, PACKET_OUTGOING, ETH_P_IP);
			EXPECT_TRUE(is_echo_reply_to(&e->t, p->data, p->len, &req[i]));
		}
	}
	/* The noise too goes one way only. */
	for (i = 0; i < e->rx.n; i++)
		EXPECT_EQ(dir, e->rx.pkts[i].direction);
	expect_contiguous(_metadata, &e->rx, id);
	LOG_IF_FAILED(&e->rx);
	finish(_metadata, &e->c, &e->rx, id, NULL);
}

TEST_F(capture, direction_in_only)
{
	one_direction(_metadata, &self->e, SOCKCTL_CAPTURE_IN);
}

TEST_F(capture, direction_out_only)
{
	one_direction(_metadata, &self->e, SOCKCTL_CAPTURE_OUT);
}

/*
 * Not only what the module injects: a ping from a raw ICMP socket and a
 * datagram from a UDP socket of the far end, and the near end's reply.
 */
TEST_F(capture, plain_socket_traffic)
{
	static const char udp_payload[] = "from a plain UDP socket";
	static const char icmp_payload[] = "from a raw ICMP socket";
	const uint16_t port = 7400;
	struct capenv *e = &self->e;
	struct sockaddr_in near = { .sin_family = AF_INET, .sin_addr = e->t.near_ip4 };
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_port = htons(port) };
	uint8_t icmp[8 + sizeof(icmp_payload)], got[64];
	const struct cap_packet *ping = NULL, *dgram = NULL, *reply = NULL;
	int lsock, usock, rsock;
	struct pollfd pfd;
	uint16_t sum;
	size_t i;
	uint32_t id;

	lsock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, lsock);
	ASSERT_EQ(0, bind(lsock, (struct sockaddr *)&any, sizeof(any)));
	usock = far_socket(e, AF_INET, SOCK_DGRAM, 0);
	ASSERT_LE(0, usock);
	rsock = far_socket(e, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	ASSERT_LE(0, rsock);

	id = start(_metadata, &e->c, &e->rx,
		   &(struct start_opts){ .ifindex = e->t.near_ifindex }, NULL);

	/* Echo request, id 0x7e57 seq 1; raw ICMP sockets leave the checksum to us. */
	memset(icmp, 0, sizeof(icmp));
	icmp[0] = 8;
	icmp[4] = 0x7e;
	icmp[5] = 0x57;
	icmp[7] = 1;
	memcpy(icmp + 8, icmp_payload, sizeof(icmp_payload));
	sum = csum_fold(csum_partial(icmp, sizeof(icmp), 0));
	icmp[2] = sum >> 8;
	icmp[3] = sum & 0xff;
	ASSERT_EQ((ssize_t)sizeof(icmp), sendto(rsock, icmp, sizeof(icmp), 0,
						(struct sockaddr *)&near, sizeof(near)));
	near.sin_port = htons(port);
	ASSERT_EQ((ssize_t)strlen(udp_payload),
		  sendto(usock, udp_payload, strlen(udp_payload), 0,
			 (struct sockaddr *)&near, sizeof(near)));
	/* It reached its socket. */
	pfd = (struct pollfd){ .fd = lsock, .events = POLLIN };
	ASSERT_EQ(1, poll(&pfd, 1, ARRIVE_MS));
	ASSERT_EQ((ssize_t)strlen(udp_payload), recv(lsock, got, sizeof(got), 0));

	collect_signal(&e->c, &e->rx, 3);
	for (i = 0; i < e->rx.n; i++) {
		const struct cap_packet *p = &e->rx.pkts[i];
		const uint8_t *f = p->data;

		if (p->len < IP4_LEN + 8 || f[12] != 0x08 || f[13] != 0x00)
			continue;
		if (f[IP4 + 9] == IPPROTO_ICMP && p->direction == SOCKCTL_CAPTURE_IN &&
		    p->len == IP4_LEN + sizeof(icmp) && !memcmp(f + IP4_LEN, icmp, sizeof(icmp)))
			ping = p;
		if (f[IP4 + 9] == IPPROTO_ICMP && p->direction == SOCKCTL_CAPTURE_OUT &&
		    f[IP4_LEN] == 0 && !memcmp(f + IP4_LEN + 4, icmp + 4, 4))
			reply = p;
		if (f[IP4 + 9] == IPPROTO_UDP && p->direction == SOCKCTL_CAPTURE_IN &&
		    (f[IP4_LEN + 2] << 8 | f[IP4_LEN + 3]) == port &&
		    p->len == IP4_LEN + 8 + strlen(udp_payload) &&
		    !memcmp(f + IP4_LEN + 8, udp_payload, strlen(udp_payload)))
			dgram = p;
	}
	ASSERT_NE(NULL, ping) TH_LOG("the raw socket's echo request was not captured");
	ASSERT_NE(NULL, dgram) TH_LOG("the UDP socket's datagram was not captured");
	ASSERT_NE(NULL, reply) TH_LOG("the near end's echo reply was not captured");
	expect_meta(_metadata, ping, e->t.near_ifindex, TOPO_NEAR_NAME, SOCKCTL_CAPTURE_IN,
		    PACKET_HOST, ETH_P_IP);
	expect_meta(_metadata, dgram, e->t.near_ifindex, TOPO_NEAR_NAME, SOCKCTL_CAPTURE_IN,
		    PACKET_HOST, ETH_P_IP);
	expect_meta(_metadata, reply, e->t.near_ifindex, TOPO_NEAR_NAME, SOCKCTL_CAPTURE_OUT,
		    PACKET_OUTGOING, ETH_P_IP);
	/* Ethernet and IP addresses as the kernel wrote them. */
	EXPECT_EQ(0, memcmp(ping->data, e->t.near_mac, 6));
	EXPECT_EQ(0, memcmp(ping->data + 6, e->t.far_mac, 6));
	EXPECT_EQ(0, memcmp(ping->data + IP4 + 12, &e->t.far_ip4, 4));
	EXPECT_EQ(0, memcmp(dgram->data + IP4 + 16, &e->t.near_ip4, 4));
	EXPECT_LT(ping->seq, reply->seq);
	expect_contiguous(_metadata, &e->rx, id);
	finish(_metadata, &e->c, &e->rx, id, NULL);
	close(lsock);
	close(usock);
	close(rsock);
}

/* --- filters ---------------------------------------------------------------- */

/* A mix of frames from the far end; mix_len of them. */
#define MIX_LEN 9
static void mix_specs(struct spec *m, const struct in_addr *other_src)
{
	static const char text[] = "mixed traffic";
	const struct spec mix[MIX_LEN] = {
		{ .kind = PK_TCP, .id = 1, .sport = 1234, .dport = 80 },
		{ .kind = PK_TCP, .id = 2, .sport = 1234, .dport = 81 },
		{ .kind = PK_TCP, .id = 3, .sport = 80, .dport = 5555,
		  .tcp_flags = SOCKCTL_TCP_SYN | SOCKCTL_TCP_ACK },
		{ .kind = PK_UDP, .id = 4, .sport = 5000, .dport = 80, .payload = text },
		{ .kind = PK_UDP, .id = 5, .sport = 5000, .dport = 9, .payload = text,
		  .saddr = other_src },
		{ .kind = PK_ICMP, .id = 6, .sport = 1, .dport = 1, .payload = text },
		{ .kind = PK_ICMP6, .sport = 1, .dport = 2, .payload = text },
		{ .kind = PK_ARP },
		{ .kind = PK_UDP6, .sport = 5000, .dport = 9, .payload = text },
	};

	memcpy(m, mix, sizeof(mix));
}

/*
 * Inbound only, so that the near end's answers do not count: each mix
 * frame the filter passes is captured, whole and in order, and no other.
 */
static void filter_passes_exactly(struct __test_metadata *_metadata, struct capenv *e,
				  const char *expr, const int *want, int n_want)
{
	struct in_addr other;
	struct spec mix[MIX_LEN];
	struct xframe *x = calloc(MIX_LEN, sizeof(*x));
	struct bpf_program fp;
	struct cap_info r, fin;
	char perr[256];
	int i, k;
	uint32_t id;

	ASSERT_NE(NULL, x);
	inet_pton(AF_INET, "10.99.1.9", &other);
	mix_specs(mix, &other);
	ASSERT_EQ(0, compile_filter(expr, &fp, perr)) TH_LOG("%s", perr);
	for (i = 0, k = 0; i < MIX_LEN; i++) {
		bool pass;

		far_build(_metadata, e, &mix[i], &x[i]);
		pass = pcap_passes(&fp, x[i].b, x[i].len);
		/* The test's own expectation agrees with libpcap's. */
		ASSERT_EQ(k < n_want && want[k] == i, pass)
			TH_LOG("\"%s\" on mix frame %d: libpcap says %s", expr, i,
			       pass ? "pass" : "drop");
		k += pass;
	}
	id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
			.filter = expr }, &r);
	EXPECT_EQ(fp.bf_len, r.filter_len);
	for (i = 0; i < MIX_LEN; i++)
		far_send(_metadata, e, &mix[i], 1, 0);
	cap_collect(&e->c, &e->rx, (size_t)n_want, ARRIVE_MS);
	cap_drain(&e->c, &e->rx, QUIET_MS, ARRIVE_MS);

	if (e->rx.n != (size_t)n_want)
		log_packets(_metadata, &e->rx);
	ASSERT_EQ((size_t)n_want, e->rx.n) TH_LOG("\"%s\": %zu packets captured, expected %d",
						  expr, e->rx.n, n_want);
	for (k = 0; k < n_want; k++) {
		expect_well_formed(_metadata, &e->rx.pkts[k]);
		expect_same_frame(_metadata, &x[want[k]], &e->rx.pkts[k]);
		EXPECT_EQ(x[want[k]].len, e->rx.pkts[k].orig_len);
		EXPECT_EQ(SOCKCTL_CAPTURE_IN, e->rx.pkts[k].direction);
	}
	expect_contiguous(_metadata, &e->rx, id);
	LOG_IF_FAILED(&e->rx);
	finish(_metadata, &e->c, &e->rx, id, &fin);
	EXPECT_EQ((uint64_t)n_want, fin.matched);
	pcap_freecode(&fp);
	free(x);
}

TEST_F(capture, filter_tcp_port_80)
{
	static const int want[] = { 0, 2 };

	filter_passes_exactly(_metadata, &self->e, "tcp port 80", want, 2);
}

TEST_F(capture, filter_icmp)
{
	static const int want[] = { 5 };

	filter_passes_exactly(_metadata, &self->e, "icmp", want, 1);
}

TEST_F(capture, filter_udp_and_src_host)
{
	static const int want[] = { 3 };

	filter_passes_exactly(_metadata, &self->e, "udp and src host 10.99.1.2", want, 1);
}

TEST_F(capture, filter_ip6_or_arp)
{
	static const int want[] = { 6, 7, 8 };

	filter_passes_exactly(_metadata, &self->e,
			      "arp or (ip6 and not ip6 multicast)", want, 3);
}

/* --- how much of a packet --------------------------------------------------- */

/* A 300-byte UDP frame from the far end to port dport; its bytes in x. */
static void send_big_udp(struct __test_metadata *_metadata, struct capenv *e,
			 uint16_t dport, struct xframe *x)
{
	uint8_t payload[258];
	struct spec s = { .kind = PK_UDP, .id = 77, .sport = 1, .dport = dport,
			  .payload = payload, .payload_len = sizeof(payload) };
	size_t i;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 7 + 1);
	far_build(_metadata, e, &s, x);
	far_send(_metadata, e, &s, 1, 0);
}

static void expect_truncated(struct __test_metadata *_metadata, struct capenv *e,
			     const struct start_opts *o, size_t keep)
{
	struct xframe x;
	const struct cap_packet *p;
	uint32_t id;

	id = start(_metadata, &e->c, &e->rx, o, NULL);
	send_big_udp(_metadata, e, 7050, &x);
	ASSERT_EQ(300, x.len);
	cap_collect(&e->c, &e->rx, 1, ARRIVE_MS);
	ASSERT_EQ(1, e->rx.n);
	p = &e->rx.pkts[0];
	expect_well_formed(_metadata, p);
	EXPECT_EQ(keep, p->len);
	EXPECT_EQ(x.len, p->orig_len);
	EXPECT_EQ(0, memcmp(p->data, x.b, p->len < keep ? p->len : keep));
	finish(_metadata, &e->c, &e->rx, id, NULL);
}

TEST_F(capture, snaplen_truncates_data_keeps_orig_len)
{
	expect_truncated(_metadata, &self->e, &(struct start_opts){
		.ifindex = self->e.t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
		.snaplen = 40, .filter = "udp port 7050" }, 40);
}

/* A filter's return value is how much to keep (SO_ATTACH_FILTER's rule). */
static const struct bpf_insn keep_20_of_udp_7050[] = {
	/* ldh [12]; jeq #0x800; ldb [23]; jeq #17; ldh [36]; jeq #7050; ret #20; ret #0 */
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 12 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0x0800 },
	{ BPF_LD | BPF_B | BPF_ABS, 0, 0, 23 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 3, IPPROTO_UDP },
	{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 36 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 7050 },
	{ BPF_RET | BPF_K, 0, 0, 20 },
	{ BPF_RET | BPF_K, 0, 0, 0 },
};

TEST_F(capture, filter_return_value_truncates)
{
	expect_truncated(_metadata, &self->e, &(struct start_opts){
		.ifindex = self->e.t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
		.prog = keep_20_of_udp_7050, .prog_len = 8 }, 20);
}

TEST_F(capture, snaplen_below_filter_return_value_wins)
{
	expect_truncated(_metadata, &self->e, &(struct start_opts){
		.ifindex = self->e.t.near_ifindex, .direction = SOCKCTL_CAPTURE_IN,
		.snaplen = 10, .prog = keep_20_of_udp_7050, .prog_len = 8 }, 10);
}

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

/* --- all devices ------------------------------------------------------------- */

/* The loopback datagram, out then in, and the far end's frame on our veth. */
static void expect_all_devices(struct __test_metadata *_metadata, struct capenv *e,
			       bool with_veth)
{
	static const char payload[] = "over the loopback";
	const uint16_t port = 7300;
	struct sockaddr_in lo = { .sin_family = AF_INET, .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct spec s = { .kind = PK_UDP, .id = 30, .sport = 1, .dport = 7301,
			  .payload = "over the veth" };
	const struct cap_packet *lo_out = NULL, *lo_in = NULL, *veth = NULL;
	struct xframe x;
	size_t i;
	int fd, tries;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, bind(fd, (struct sockaddr *)&lo, sizeof(lo)));
	ASSERT_EQ((ssize_t)strlen(payload), sendto(fd, payload, strlen(payload), 0,
						   (struct sockaddr *)&lo, sizeof(lo)));
	if (with_veth) {
		far_build(_metadata, e, &s, &x);
		far_send(_metadata, e, &s, 1, 0);
	}
	for (tries = 0; tries < 10; tries++) {
		cap_recv(&e->c, &e->rx, QUIET_MS, NULL, NULL);
		lo_out = lo_in = veth = NULL;
		for (i = 0; i < e->rx.n; i++) {
			const struct cap_packet *p = &e->rx.pkts[i];
			const uint8_t *f = p->data;

			if (with_veth && p->ifindex == (uint32_t)e->t.near_ifindex &&
			    p->len == x.len && !memcmp(f, x.b, x.len))
				veth = p;
			if (p->ifindex != 1 || p->len != IP4_LEN + 8 + strlen(payload) ||
			    f[IP4 + 9] != IPPROTO_UDP ||
			    (f[IP4_LEN + 2] << 8 | f[IP4_LEN + 3]) != port ||
			    memcmp(f + IP4_LEN + 8, payload, strlen(payload)))
				continue;
			if (p->direction == SOCKCTL_CAPTURE_OUT)
				lo_out = p;
			else
				lo_in = p;
		}
		if (lo_out && lo_in && (veth || !with_veth))
			break;
	}
	close(fd);
	ASSERT_NE(NULL, lo_out) TH_LOG("the loopback datagram was not captured going out");
	ASSERT_NE(NULL, lo_in) TH_LOG("the loopback datagram was not captured coming in");
	expect_meta(_metadata, lo_out, 1, "lo", SOCKCTL_CAPTURE_OUT, PACKET_OUTGOING, ETH_P_IP);
	expect_meta(_metadata, lo_in, 1, "lo", SOCKCTL_CAPTURE_IN, PACKET_HOST, ETH_P_IP);
	/* The loopback's Ethernet header: zero addresses, IPv4. */
	EXPECT_EQ(0, memcmp(lo_in->data, "\0\0\0\0\0\0\0\0\0\0\0\0\x08\x00", 14));
	EXPECT_EQ(0, memcmp(lo_out->data, lo_in->data, lo_in->len));
	EXPECT_LT(lo_out->seq, lo_in->seq);
	if (with_veth) {
		ASSERT_NE(NULL, veth) TH_LOG("the far end's frame was not captured on %s",
					     TOPO_NEAR_NAME);
		expect_meta(_metadata, veth, e->t.near_ifindex, TOPO_NEAR_NAME,
			    SOCKCTL_CAPTURE_IN, PACKET_HOST, ETH_P_IP);
	}
}

TEST_F(capture, all_devices_sees_loopback_and_veth)
{
	struct capenv *e = &self->e;
	struct cap_info r;
	uint32_t id;

	id = start(_metadata, &e->c, &e->rx, &(struct start_opts){ 0 }, &r);
	EXPECT_EQ(0, r.ifindex);
	expect_all_devices(_metadata, e, true);
	expect_contiguous(_metadata, &e->rx, id);
	finish(_metadata, &e->c, &e->rx, id, NULL);
}

TEST_F(capture, loopback_by_ifindex)
{
	struct capenv *e = &self->e;
	uint32_t id;
	size_t i;

	id = start(_metadata, &e->c, &e->rx, &(struct start_opts){ .ifindex = 1 }, NULL);
	expect_all_devices(_metadata, e, false);
	for (i = 0; i < e->rx.n; i++)
		EXPECT_EQ(1, e->rx.pkts[i].ifindex);
	finish(_metadata, &e->c, &e->rx, id, NULL);
}

/* --- privilege, namespaces, limits --------------------------------------------- */

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

static int drop_caps(const cap_value_t *caps, int n)
{
	cap_t c = cap_get_proc();
	int err;

	if (!c)
		return -1;
	err = cap_set_flag(c, CAP_EFFECTIVE, n, caps, CAP_CLEAR) ||
	      cap_set_flag(c, CAP_PERMITTED, n, caps, CAP_CLEAR) ||
	      cap_set_proc(c);
	cap_free(c);
	return err ? -1 : 0;
}

struct priv_arg {
	int ifindex;
	uint32_t id;		/* a session of the parent's */
	int n_drop;
	cap_value_t drop[2];
};

struct priv_result {
	int start_err, get_err, dump_err, stop_err;
	char extack[256];
};

static int priv_child(void *arg, void *out)
{
	const struct priv_arg *a = arg;
	struct priv_result *r = out;
	struct genl_client c;
	struct cap_rx rx;
	struct cap_info ci;
	char extack[256];

	cap_rx_init(&rx);
	if (!rx.buf || drop_caps(a->drop, a->n_drop))
		return 11;
	if (genl_client_open(&c, SOCKCTL_FAMILY_NAME))
		return 12;
	r->start_err = try_start(&c, &rx, &(struct start_opts){ .ifindex = a->ifindex },
				 &ci, r->extack);
	if (!r->start_err)
		cap_stop(&c, &rx, ci.id, &ci, extack);
	r->get_err = cap_get(&c, &rx, a->id, &ci, extack);
	r->dump_err = cap_dump(&c, &rx, NULL, 0);
	if (r->dump_err > 0)
		r->dump_err = 0;
	r->stop_err = cap_stop(&c, &rx, a->id, &ci, extack);
	genl_client_close(&c);
	return 0;
}

TEST_F(capture, unprivileged_is_refused_eperm)
{
	struct capenv *e = &self->e;
	struct priv_arg a = { .ifindex = e->t.near_ifindex, .n_drop = 2,
			      .drop = { CAP_NET_RAW, CAP_NET_ADMIN } };
	struct priv_result r = { 0 };
	struct cap_info g;

	a.id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex }, NULL);
	ASSERT_EQ(0, in_child(priv_child, &a, &r, sizeof(r)));
	EXPECT_EQ(-EPERM, r.start_err) TH_LOG("START: extack \"%s\"", r.extack);
	EXPECT_EQ(-EPERM, r.get_err);
	EXPECT_EQ(-EPERM, r.dump_err);
	EXPECT_EQ(-EPERM, r.stop_err);
	/* Our session is untouched. */
	ASSERT_EQ(0, cap_get(&e->c, &e->rx, a.id, &g, e->extack));
	EXPECT_FALSE(CAP_HAS(&g, SOCKCTL_A_CAPTURE_END_REASON));
	EXPECT_EQ(0, e->rx.n_end);
	finish(_metadata, &e->c, &e->rx, a.id, NULL);
}

/* uapi: CAP_NET_RAW "(or CAP_NET_ADMIN)": either one is enough. */
TEST_F(capture, net_admin_or_net_raw_alone_may_capture)
{
	struct capenv *e = &self->e;
	struct priv_arg a = { .ifindex = e->t.near_ifindex, .n_drop = 1,
			      .drop = { CAP_NET_RAW } };
	struct priv_result r = { 0 };

	a.id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex }, NULL);
	ASSERT_EQ(0, in_child(priv_child, &a, &r, sizeof(r)));
	EXPECT_EQ(0, r.start_err) TH_LOG("without CAP_NET_RAW: extack \"%s\"", r.extack);
	EXPECT_EQ(0, r.get_err);
	EXPECT_EQ(0, r.dump_err);
	/* The child stopped our session: STOP is by id, in the netns. */
	EXPECT_EQ(0, r.stop_err);

	a.id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex }, NULL);
	a.drop[0] = CAP_NET_ADMIN;
	memset(&r, 0, sizeof(r));
	ASSERT_EQ(0, in_child(priv_child, &a, &r, sizeof(r)));
	EXPECT_EQ(0, r.start_err) TH_LOG("without CAP_NET_ADMIN: extack \"%s\"", r.extack);
	EXPECT_EQ(0, r.stop_err);
}

TEST_F_TIMEOUT(capture, sessions_per_netns_are_limited_ebusy, 120)
{
	struct capenv *e = &self->e;
	uint32_t max = sc_info_u32(&e->c, SOCKCTL_A_INFO_MAX_CAPTURES), i;
	struct genl_client *cs;
	struct cap_rx frx;
	struct cap_info r;
	uint32_t *ids;
	int err;

	ASSERT_LT(0, max) TH_LOG("GET_INFO has no SOCKCTL_A_INFO_MAX_CAPTURES");
	if (max > 256)
		SKIP(return, "SOCKCTL_A_INFO_MAX_CAPTURES is %u: too many to start here", max);
	cs = calloc(max + 1, sizeof(*cs));
	ids = calloc(max + 1, sizeof(*ids));
	ASSERT_TRUE(cs && ids);
	cap_rx_init(&frx);
	for (i = 0; i <= max; i++) {
		ASSERT_EQ(0, genl_client_open(&cs[i], SOCKCTL_FAMILY_NAME));
		err = try_start(&cs[i], &e->rx, &(struct start_opts){
				.ifindex = e->t.near_ifindex }, &r, e->extack);
		if (i < max) {
			ASSERT_EQ(0, err) TH_LOG("session %u of %u: %s", i + 1, max, e->extack);
			ids[i] = r.id;
		} else {
			EXPECT_EQ(-EBUSY, err) TH_LOG("session %u of %u: %d", i + 1, max, err);
			EXPECT_NE(0, e->extack[0]);
			TH_LOG("extack: \"%s\"", e->extack);
		}
	}
	EXPECT_EQ(max, (uint32_t)cap_dump(&e->c, &e->rx, NULL, 0));
	/* Another netns has its own allowance. */
	err = try_start(&e->far, &frx, &(struct start_opts){ .ifindex = e->t.far_ifindex },
			&r, e->extack);
	EXPECT_EQ(0, err) TH_LOG("in the far netns: %s", e->extack);
	/* One stopped: room for one more. */
	ASSERT_EQ(0, cap_stop(&cs[0], &e->rx, ids[0], &r, e->extack));
	err = try_start(&cs[max], &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex }, &r, e->extack);
	EXPECT_EQ(0, err) TH_LOG("after a STOP: %s", e->extack);
	for (i = 0; i <= max; i++)
		genl_client_close(&cs[i]);
	free(cs);
	free(ids);
	cap_rx_free(&frx);
}

TEST_F(capture, sessions_invisible_from_another_netns)
{
	struct capenv *e = &self->e;
	struct cap_rx frx;
	struct cap_info list[4], g;
	uint32_t id, fid;
	int err;

	cap_rx_init(&frx);
	id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex }, NULL);
	EXPECT_EQ(0, cap_dump(&e->far, &frx, list, 4));
	EXPECT_EQ(-ENOENT, cap_get(&e->far, &frx, id, &g, e->extack));
	EXPECT_EQ(-ENOENT, cap_stop(&e->far, &frx, id, &g, e->extack));
	/* Still ours, still running. */
	ASSERT_EQ(0, cap_get(&e->c, &e->rx, id, &g, e->extack));
	EXPECT_EQ(0, e->rx.n_end);
	/* And the other way round. */
	fid = start(_metadata, &e->far, &frx, &(struct start_opts){
			.ifindex = e->t.far_ifindex }, NULL);
	ASSERT_EQ(1, cap_dump(&e->c, &e->rx, list, 4));
	EXPECT_EQ(id, list[0].id);
	ASSERT_EQ(1, cap_dump(&e->far, &frx, list, 4));
	EXPECT_EQ(fid, list[0].id);
	EXPECT_EQ(e->t.far_ifindex, list[0].ifindex);
	/* A device of another netns is not ours to capture. */
	err = try_start(&e->c, &e->rx, &(struct start_opts){ .ifname = TOPO_FAR_NAME },
			&g, e->extack);
	EXPECT_EQ(-ENODEV, err) TH_LOG("%s by name from the home netns: %s",
				       TOPO_FAR_NAME, e->extack);
	finish(_metadata, &e->far, &frx, fid, NULL);
	finish(_metadata, &e->c, &e->rx, id, NULL);
	cap_rx_free(&frx);
}

/*
 * A netns whose sockets hold live sessions, with traffic flowing in it, goes
 * away: the session's socket is made in it, then the socket is closed and
 * the netns's last reference dropped, in both orders.  No splat, no module
 * reference left behind.
 */
static void netns_round(struct __test_metadata *_metadata, int round)
{
	struct genl_client x, y;
	struct cap_rx rx;
	char buf[REQ_SIZE], extack[256];
	struct nlmsghdr *nlh;
	struct in_addr lo4 = { htonl(INADDR_LOOPBACK) };
	int home, xfd, err;
	uint32_t id;

	cap_rx_init(&rx);
	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, home);
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	xfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, xfd);
	ASSERT_EQ(0, rtnl_link_up(1));
	ASSERT_EQ(0, genl_client_open(&x, SOCKCTL_FAMILY_NAME));
	ASSERT_EQ(0, genl_client_open(&y, SOCKCTL_FAMILY_NAME));
	/* Every device: the loopback carries the traffic. */
	id = start(_metadata, &x, &rx, &(struct start_opts){ .queue_len = 16 }, NULL);
	/* A background job: it outlives its socket, not its netns. */
	nlh = genl_client_msg(&y, buf, SOCKCTL_CMD_SEND, 0);
	PUT_ATTRS(nlh,
		U8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L3),
		NEST(SOCKCTL_A_IPV4, BIN(SOCKCTL_A_IPV4_DADDR, &lo4, 4)),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, 9)),
		U32(SOCKCTL_A_COUNT, 20000),
		U32(SOCKCTL_A_RATE_PPS, 2000),
		FLAG(SOCKCTL_A_BACKGROUND));
	err = cap_xfer(&y, nlh, &rx, NULL, 0, extack);
	ASSERT_EQ(0, err) TH_LOG("background SEND in the doomed netns: %s; %s",
				  strerror(-err), extack);
	ASSERT_EQ(1, cap_collect(&x, &rx, 4, ARRIVE_MS))
		TH_LOG("round %d: no loopback traffic captured", round);
	EXPECT_EQ(id, rx.pkts[0].session);
	ASSERT_EQ(0, setns(home, CLONE_NEWNET));
	close(home);

	switch (round) {
	case 0:	/* the session's socket first, then the netns */
		genl_client_close(&x);
		genl_client_close(&y);
		close(xfd);
		break;
	case 1:	/* the netns first: the sockets hold it until they close */
		close(xfd);
		genl_client_close(&y);
		usleep(100 * 1000);
		genl_client_close(&x);
		break;
	default: /* the session's socket unread and full */
		close(xfd);
		usleep(300 * 1000);
		genl_client_close(&y);
		genl_client_close(&x);
		break;
	}
	cap_rx_free(&rx);
}

TEST_F_TIMEOUT(capture, netns_deleted_with_live_session, 120)
{
	struct capenv *e = &self->e;
	int base = module_refcnt(), now = base, round;
	long long deadline;

	for (round = 0; round < 3; round++)
		netns_round(_metadata, round);
	/*
	 * A netns is cleaned up later, on a workqueue: what the module held
	 * for the sessions and jobs must come back.
	 */
	deadline = now_mono_ms() + 20000;
	while (base >= 0 && (now = module_refcnt()) != base && now_mono_ms() < deadline)
		usleep(100 * 1000);
	EXPECT_EQ(base, now) TH_LOG("module references: %d before, %d 20 s after", base, now);
	/* The module still answers, here and in a new netns. */
	EXPECT_LT(0, sc_info_u32(&e->c, SOCKCTL_A_INFO_MAX_CAPTURES));
	EXPECT_EQ(0, cap_dump(&e->c, &e->rx, NULL, 0));
	/* Let the cleanup's messages reach the log before the teardown reads it. */
	usleep(500 * 1000);
}

/* uapi: only Ethernet-framed devices (loopback included) are captured. */
TEST_F(capture, non_ethernet_device_refused)
{
	static const struct { const char *name, *kind; } tunnels[] = {
		{ "sc-ipip", "ipip" }, { "sc-sit", "sit" }, { "sc-gre", "gre" },
	};
	static const char *const fallback[] = { "sit0", "tunl0", "gre0", "ip6tnl0" };
	struct capenv *e = &self->e;
	const char *name = NULL;
	struct cap_info r;
	char extack[256] = "";
	int ifindex = 0, err;
	size_t i;

	for (i = 0; i < sizeof(tunnels) / sizeof(tunnels[0]) && !ifindex; i++) {
		if (link_add_kind(tunnels[i].name, tunnels[i].kind))
			continue;
		name = tunnels[i].name;
		ifindex = (int)if_nametoindex(name);
	}
	for (i = 0; i < sizeof(fallback) / sizeof(fallback[0]) && !ifindex; i++) {
		name = fallback[i];
		ifindex = (int)if_nametoindex(name);
	}
	if (!ifindex)
		SKIP(return, "no tunnel device could be made (ipip, sit, gre)");
	ASSERT_EQ(0, rtnl_link_up(ifindex));
	err = try_start(&e->c, &e->rx, &(struct start_opts){ .ifindex = ifindex }, &r, extack);
	TH_LOG("%s: %d (%s), extack \"%s\"", name, err, strerror(-err), extack);
	EXPECT_NE(0, err);
	EXPECT_TRUE(err == -EOPNOTSUPP || err == -EINVAL) TH_LOG("unexpected errno");
	EXPECT_NE(0, extack[0]);
	EXPECT_EQ(0, cap_dump(&e->c, &e->rx, NULL, 0));
	if (!err)
		finish(_metadata, &e->c, &e->rx, r.id, NULL);
}

/* --- refused requests: explained, and nothing changes ----------------------- */

/*
 * Each case writes a request that is valid when bad is false and has
 * exactly one fault when bad is true.  START cases ignore id; GET and STOP
 * cases get the id of a live session.
 */
typedef void (*bad_fn)(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad);

static void on_near(struct nlmsghdr *nlh, const struct topo *t)
{
	mnl_attr_put_u32(nlh, SOCKCTL_A_IFINDEX, (uint32_t)t->near_ifindex);
}

static void unknown_ifindex(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	mnl_attr_put_u32(nlh, SOCKCTL_A_IFINDEX, bad ? 999999 : (uint32_t)t->near_ifindex);
}

static void unknown_ifname(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	mnl_attr_put_strz(nlh, SOCKCTL_A_IFNAME, bad ? "sc-nosuch" : t->near_name);
}

static void ifindex_and_ifname_differ(struct nlmsghdr *nlh, const struct topo *t,
				      uint32_t id, bool bad)
{
	on_near(nlh, t);
	mnl_attr_put_strz(nlh, SOCKCTL_A_IFNAME, bad ? "lo" : t->near_name);
}

static void put_filter(struct nlmsghdr *nlh, const struct topo *t, const struct bpf_insn *p,
		       size_t bytes)
{
	on_near(nlh, t);
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, BIN(SOCKCTL_A_CAPTURE_FILTER, p, bytes)));
}

static void filter_jump_out_of_range(struct nlmsghdr *nlh, const struct topo *t,
				     uint32_t id, bool bad)
{
	const struct bpf_insn p[] = {
		{ BPF_JMP | BPF_JA, 0, 0, bad ? 5 : 0 },
		{ BPF_RET | BPF_K, 0, 0, 0xffff },
	};

	put_filter(nlh, t, p, sizeof(p));
}

static void filter_conditional_jump_out_of_range(struct nlmsghdr *nlh, const struct topo *t,
						 uint32_t id, bool bad)
{
	const struct bpf_insn p[] = {
		{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 12 },
		{ BPF_JMP | BPF_JEQ | BPF_K, 0, bad ? 200 : 1, 0x0800 },
		{ BPF_RET | BPF_K, 0, 0, 0xffff },
		{ BPF_RET | BPF_K, 0, 0, 0 },
	};

	put_filter(nlh, t, p, sizeof(p));
}

static void filter_not_ending_in_ret(struct nlmsghdr *nlh, const struct topo *t,
				     uint32_t id, bool bad)
{
	const struct bpf_insn p[] = {
		{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 12 },
		{ bad ? BPF_LD | BPF_H | BPF_ABS : BPF_RET | BPF_K, 0, 0, 0xffff },
	};

	put_filter(nlh, t, p, sizeof(p));
}

static void filter_unknown_opcode(struct nlmsghdr *nlh, const struct topo *t,
				  uint32_t id, bool bad)
{
	const struct bpf_insn p[] = {
		{ bad ? 0xffff : BPF_LD | BPF_H | BPF_ABS, 0, 0, 12 },
		{ BPF_RET | BPF_K, 0, 0, 0xffff },
	};

	put_filter(nlh, t, p, sizeof(p));
}

static void filter_length_not_multiple_of_8(struct nlmsghdr *nlh, const struct topo *t,
					    uint32_t id, bool bad)
{
	const struct bpf_insn p[] = {
		{ BPF_RET | BPF_K, 0, 0, 0xffff },
		{ BPF_RET | BPF_K, 0, 0, 0xffff },
	};

	put_filter(nlh, t, p, bad ? 12 : 16);
}

/* BPF_MAXINSNS (4096) instructions are fine, one more is not. */
static void filter_too_long(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	size_t n = bad ? 4097 : 4096, i;
	struct bpf_insn *p = calloc(n, sizeof(*p));

	if (!p)
		return;
	for (i = 0; i < n - 1; i++)
		p[i] = (struct bpf_insn){ BPF_LD | BPF_IMM, 0, 0, (bpf_u_int32)i };
	p[n - 1] = (struct bpf_insn){ BPF_RET | BPF_K, 0, 0, 0xffff };
	put_filter(nlh, t, p, n * sizeof(*p));
	free(p);
}

static void filter_empty(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	const struct bpf_insn p[] = { { BPF_RET | BPF_K, 0, 0, 0xffff } };

	put_filter(nlh, t, p, bad ? 0 : sizeof(p));
}

#define CAPTURE_U32_CASE(name, attr, good, faulty) \
static void name(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad) \
{ \
	on_near(nlh, t); \
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(attr, bad ? (faulty) : (good)))); \
}
CAPTURE_U32_CASE(snaplen_0, SOCKCTL_A_CAPTURE_SNAPLEN, 1, 0)
CAPTURE_U32_CASE(snaplen_above_max, SOCKCTL_A_CAPTURE_SNAPLEN, SOCKCTL_MAX_FRAME_REPLY,
		 SOCKCTL_MAX_FRAME_REPLY + 1)
CAPTURE_U32_CASE(queue_len_0, SOCKCTL_A_CAPTURE_QUEUE_LEN, 1, 0)
CAPTURE_U32_CASE(queue_len_65537, SOCKCTL_A_CAPTURE_QUEUE_LEN, 65536, 65537)
CAPTURE_U32_CASE(flush_us_0, SOCKCTL_A_CAPTURE_FLUSH_US, 1, 0)
CAPTURE_U32_CASE(flush_us_above_1s, SOCKCTL_A_CAPTURE_FLUSH_US, 1000000, 1000001)

#define CAPTURE_U8_CASE(name, attr, good, faulty) \
static void name(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad) \
{ \
	on_near(nlh, t); \
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U8(attr, bad ? (faulty) : (good)))); \
}
CAPTURE_U8_CASE(direction_0, SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_IN, 0)
CAPTURE_U8_CASE(direction_4, SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_BOTH, 4)

static void snaplen_2_bytes(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	on_near(nlh, t);
	if (bad)
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U16(SOCKCTL_A_CAPTURE_SNAPLEN, 100)));
	else
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_SNAPLEN, 100)));
}

static void capture_nest_without_nla_f_nested(struct nlmsghdr *nlh, const struct topo *t,
					      uint32_t id, bool bad)
{
	on_near(nlh, t);
	if (bad)
		PUT_ATTRS(nlh, NEST_NOFLAG(SOCKCTL_A_CAPTURE,
					   U32(SOCKCTL_A_CAPTURE_SNAPLEN, 100)));
	else
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_SNAPLEN, 100)));
}

static void unknown_attr_in_capture_nest(struct nlmsghdr *nlh, const struct topo *t,
					 uint32_t id, bool bad)
{
	on_near(nlh, t);
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE,
			    U32(SOCKCTL_A_CAPTURE_SNAPLEN, 100),
			    IF(bad, U32(SOCKCTL_A_CAPTURE_MAX + 1, 1))));
}

static void pad_attribute_in_capture_nest(struct nlmsghdr *nlh, const struct topo *t,
					  uint32_t id, bool bad)
{
	on_near(nlh, t);
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE,
			    IF(bad, BIN(SOCKCTL_A_CAPTURE_PAD, NULL, 0)),
			    U64(SOCKCTL_A_CAPTURE_COUNT, 5)));
}

/* GET and STOP: the id, alone, in a SOCKCTL_A_CAPTURE nest. */
static void unknown_id(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_ID, bad ? id + 1000 : id)));
}

static void id_and_another_attribute(struct nlmsghdr *nlh, const struct topo *t,
				     uint32_t id, bool bad)
{
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE,
			    U32(SOCKCTL_A_CAPTURE_ID, id),
			    IF(bad, U32(SOCKCTL_A_CAPTURE_SNAPLEN, 100))));
}

static void no_id(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	if (bad)
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, ATTR_NONE));
	else
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_ID, id)));
}

static void no_capture_nest(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	if (!bad)
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_ID, id)));
}

static void id_outside_the_nest(struct nlmsghdr *nlh, const struct topo *t, uint32_t id,
				bool bad)
{
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_ID, id)),
		  IF(bad, U32(SOCKCTL_A_IFINDEX, (uint32_t)t->near_ifindex)));
}

struct bad_case {
	const char *name;
	bad_fn put;
	uint8_t cmd;
	int err;		/* what the faulty request gets */
	int alt_err;		/* or this, where the uapi does not say (0: none) */
};

#define START_CASE(fn, e, alt) { .name = "start_" #fn, .put = fn, \
	.cmd = SOCKCTL_CMD_CAPTURE_START, .err = (e), .alt_err = (alt) }
#define GET_CASE(fn, e) { .name = "get_" #fn, .put = fn, \
	.cmd = SOCKCTL_CMD_CAPTURE_GET, .err = (e) }
#define STOP_CASE(fn, e) { .name = "stop_" #fn, .put = fn, \
	.cmd = SOCKCTL_CMD_CAPTURE_STOP, .err = (e) }

static const struct bad_case bad_cases[] = {
	START_CASE(unknown_ifindex, -ENODEV, 0),
	START_CASE(unknown_ifname, -ENODEV, 0),
	START_CASE(ifindex_and_ifname_differ, -EINVAL, 0),
	/*
	 * uapi: "The kernel's BPF checker must accept it, or the request
	 * fails with -EINVAL."
	 */
	START_CASE(filter_jump_out_of_range, -EINVAL, 0),
	START_CASE(filter_conditional_jump_out_of_range, -EINVAL, 0),
	START_CASE(filter_not_ending_in_ret, -EINVAL, 0),
	START_CASE(filter_unknown_opcode, -EINVAL, 0),
	/* An array of 8-byte instructions, at most 4096: which errno is not said. */
	START_CASE(filter_length_not_multiple_of_8, -EINVAL, -ERANGE),
	START_CASE(filter_too_long, -EINVAL, -ERANGE),
	START_CASE(filter_empty, -EINVAL, -ERANGE),
	/* uapi: "the netlink core says -ERANGE for a value or length out of its range" */
	START_CASE(snaplen_0, -ERANGE, 0),
	START_CASE(snaplen_above_max, -ERANGE, 0),
	START_CASE(queue_len_0, -ERANGE, 0),
	START_CASE(queue_len_65537, -ERANGE, 0),
	START_CASE(flush_us_0, -ERANGE, 0),
	START_CASE(flush_us_above_1s, -ERANGE, 0),
	START_CASE(direction_0, -ERANGE, -EINVAL),
	START_CASE(direction_4, -ERANGE, -EINVAL),
	START_CASE(snaplen_2_bytes, -EINVAL, 0),
	START_CASE(capture_nest_without_nla_f_nested, -EINVAL, 0),
	START_CASE(unknown_attr_in_capture_nest, -EINVAL, 0),
	START_CASE(pad_attribute_in_capture_nest, -EINVAL, 0),
	GET_CASE(unknown_id, -ENOENT),
	GET_CASE(id_and_another_attribute, -EINVAL),
	GET_CASE(no_id, -EINVAL),
	GET_CASE(no_capture_nest, -EINVAL),
	STOP_CASE(unknown_id, -ENOENT),
	STOP_CASE(id_and_another_attribute, -EINVAL),
	STOP_CASE(no_id, -EINVAL),
	STOP_CASE(no_capture_nest, -EINVAL),
	STOP_CASE(id_outside_the_nest, -EINVAL),
};

FIXTURE(capture_bad) {
	struct capenv e;
};

FIXTURE_SETUP(capture_bad)
{
	env_setup(_metadata, &self->e);
}

FIXTURE_TEARDOWN(capture_bad)
{
	env_teardown(_metadata, &self->e);
}

static int send_case(struct capenv *e, const struct bad_case *c,
		     uint32_t id, bool bad, char *buf, struct cap_info *reply)
{
	struct nlmsghdr *nlh = genl_client_msg(&e->c, buf, c->cmd, 0);

	c->put(nlh, &e->t, id, bad);
	return cap_xfer(&e->c, nlh, &e->rx, reply, 1, e->extack);
}

/*
 * The faulty request is refused with its errno and an extack message and
 * changes nothing; the same without the fault goes through.  Each case
 * ends the sessions it started, so the next finds none.
 */
static void bad_case_run(struct __test_metadata *_metadata, struct capenv *e,
			 const struct bad_case *c, char *buf)
{
	struct cap_info reply, list[4];
	uint32_t id = 0;
	int err, n;

	TH_LOG("case %s:", c->name);
	/* What the previous case received (its session's END) is not ours. */
	cap_rx_reset(&e->rx);
	if (c->cmd != SOCKCTL_CMD_CAPTURE_START)
		id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
				.ifindex = e->t.near_ifindex }, NULL);

	err = send_case(e, c, id, true, buf, &reply);
	EXPECT_TRUE(err == c->err || (c->alt_err && err == c->alt_err))
		TH_LOG("got %d (%s), expected %d (%s); extack \"%s\"", err, strerror(-err),
		       c->err, strerror(-c->err), e->extack);
	EXPECT_NE(0, e->extack[0]) TH_LOG("no extack message");
	TH_LOG("extack: \"%s\"", e->extack);
	EXPECT_FALSE(CAP_HAS(&reply, SOCKCTL_A_CAPTURE_ID)) TH_LOG("a reply came with the error");
	/* Nothing started, nothing stopped. */
	n = cap_dump(&e->c, &e->rx, list, 4);
	EXPECT_EQ(id ? 1 : 0, n);
	if (id && n == 1)
		EXPECT_EQ(id, list[0].id);
	EXPECT_EQ(0, e->rx.n_end);

	/* The same without the fault goes through. */
	err = send_case(e, c, id, false, buf, &reply);
	ASSERT_EQ(0, err) TH_LOG("the valid request: %s; extack \"%s\"", strerror(-err),
				 e->extack);
	if (c->cmd == SOCKCTL_CMD_CAPTURE_START)
		finish(_metadata, &e->c, &e->rx, reply.id, NULL);
	else if (c->cmd == SOCKCTL_CMD_CAPTURE_GET)
		finish(_metadata, &e->c, &e->rx, id, NULL);
	else
		EXPECT_EQ(1, cap_wait_end(&e->c, &e->rx, id, ARRIVE_MS));
}

/*
 * Every case in one test on one topology: setting one up costs far more
 * than the case's requests (about a second under the debug kernel).  The
 * log names the case that fails.
 */
TEST_F(capture_bad, each_fault_refused_explained_nothing_changes)
{
	char *buf = malloc(65536);
	size_t i;

	ASSERT_NE(NULL, buf);
	for (i = 0; i < ARRAY_SIZE(bad_cases); i++)
		bad_case_run(_metadata, &self->e, &bad_cases[i], buf);
	free(buf);
}

TEST_HARNESS_MAIN
