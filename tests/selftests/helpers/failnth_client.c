// SPDX-License-Identifier: GPL-2.0
/*
 * failnth_client: the fault injection sweeps of failnth_test.sh.
 *
 *   failnth_client insmod FILE.ko   load the module under fail-nth N
 *   failnth_client list             the request sweeps, "NAME<tab>what"
 *   failnth_client sweep NAME...    requests under fail-nth N, in turn
 *
 * fail-nth (Documentation/fault-injection/fault-injection.rst): writing N
 * to /proc/thread-self/fail-nth makes the Nth fault point this thread meets
 * fail (a slab or page allocation, as failslab and fail_page_alloc allow);
 * reading it back gives 0 once that fault was injected.  A sweep arms N
 * right before one system call (finit_module(), or the sendmsg() of one
 * request), disarms it right after, for N = 1, 2, 3... until the call
 * succeeds with the counter left unspent: every fault point of that call
 * has then failed once.  failnth_test.sh sets which allocations count (the
 * failslab / fail_page_alloc debugfs attributes; by default only those with
 * sockctl.ko code on the stack).
 *
 * Each faulted call must end in success or in a clean error (-ENOMEM,
 * -ENOBUFS) with nothing left behind; after each, the family must still
 * answer GET_INFO, and after each sweep no job or capture session may be
 * left.  Once all sweeps ran, the netns must still run
 * SOCKCTL_A_INFO_MAX_JOBS jobs and SOCKCTL_A_INFO_MAX_CAPTURES sessions at
 * once (no slot leaked).  Kernel splats and leaks are caught by the VM
 * runner (console, kmemleak).
 *
 * The requests run in a netns of their own with a veth pair (net_topo.h).
 * Prints TAP comments ("# ..."; "# points: N" for each sweep) and, for
 * "sweep", one line "result NAME PASS|FAIL N" or "result NAME SKIP REASON"
 * per sweep and "result capacity PASS|FAIL 0" last.  Exit status 0 pass,
 * 1 fail, 2 setup error, 4 skip (no fail-nth).
 * FAILNTH_VERBOSE=1 prints every step.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/sockctl.h>

#include "../../lib/mnl_uint.h"
#include "genl_client.h"
#include "net_topo.h"
#include "pkt_desc.h"

#define EXIT_PASS	0
#define EXIT_FAIL	1
#define EXIT_SETUP	2
#define EXIT_SKIP	4

#define MAX_POINTS	5000	/* a sweep that never ends is a failure */
#define REPLY_MS	20000	/* KASAN under TCG is slow */
#define SETTLE_MS	5000	/* for jobs and sessions to end after close */
#define RECV_BUFSZ	(256 * 1024)
#define MAX_IDS		64
#define BIG_PAYLOAD	3000
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static bool verbose;
static int failnth_fd = -1;

static void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

#define vdiag(...) do { if (verbose) diag(__VA_ARGS__); } while (0)

/* --- fail-nth ------------------------------------------------------------ */

static int failnth_open(void)
{
	failnth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	return failnth_fd < 0 ? -errno : 0;
}

static int failnth_set(unsigned int n)
{
	char num[16];
	int len = snprintf(num, sizeof(num), "%u", n);

	return pwrite(failnth_fd, num, (size_t)len, 0) == len ? 0 : -errno;
}

/* What is left of the counter: 0 once the fault was injected. */
static long failnth_get(void)
{
	char buf[24] = "";
	ssize_t n = pread(failnth_fd, buf, sizeof(buf) - 1, 0);

	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

/* --- requests ------------------------------------------------------------ */

struct outcome {
	int err;		/* 0, the ACK's / DONE's error, sendmsg's -errno */
	bool fired;		/* the armed fault was injected */
	bool send_failed;	/* sendmsg() itself failed: no reply */
	bool lost;		/* ENOBUFS on the socket: the reply was dropped */
	bool timeout;
	int replies;		/* data messages */
	char extack[256];
	uint32_t job_id;	/* top-level SOCKCTL_A_JOB_ID */
	int n_jobs, n_running, n_captures;
	uint32_t running_ids[MAX_IDS];
	uint32_t capture_ids[MAX_IDS];
	int bad_counts;		/* capture nests whose counters do not add up */
	uint32_t info_max_jobs, info_max_captures;
};

static uint64_t nested_u(const struct nlattr *nest, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) == type)
			return mnl_attr_get_uint_any(a);
	}
	return 0;
}

/*
 * The uapi's promise on a SOCKCTL_A_CAPTURE nest: MATCHED == DELIVERED +
 * DROPS_QUEUE + DROPS_SOCKET + DROPS_NOMEM + QUEUED, no packet lost
 * uncounted, whatever failed.
 */
static bool capture_counts_add_up(const struct nlattr *nest)
{
	uint64_t matched = nested_u(nest, SOCKCTL_A_CAPTURE_MATCHED);

	return matched == nested_u(nest, SOCKCTL_A_CAPTURE_DELIVERED) +
			  nested_u(nest, SOCKCTL_A_CAPTURE_DROPS_QUEUE) +
			  nested_u(nest, SOCKCTL_A_CAPTURE_DROPS_SOCKET) +
			  nested_u(nest, SOCKCTL_A_CAPTURE_DROPS_NOMEM) +
			  nested_u(nest, SOCKCTL_A_CAPTURE_QUEUED);
}

static void parse_data(const struct nlmsghdr *nlh, struct outcome *o)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	o->replies++;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		uint16_t type = mnl_attr_get_type(a);

		if (g->cmd == SOCKCTL_CMD_GET_INFO) {
			if (type == SOCKCTL_A_INFO_MAX_JOBS)
				o->info_max_jobs = mnl_attr_get_u32(a);
			if (type == SOCKCTL_A_INFO_MAX_CAPTURES)
				o->info_max_captures = mnl_attr_get_u32(a);
			continue;
		}
		switch (type) {
		case SOCKCTL_A_JOB_ID:
			o->job_id = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_JOB:
			o->n_jobs++;
			if (nested_u(a, SOCKCTL_A_JOB_STATE) != SOCKCTL_JOB_RUNNING)
				break;
			if (o->n_running < MAX_IDS)
				o->running_ids[o->n_running] = nested_u(a, SOCKCTL_A_JOB_JOB_ID);
			o->n_running++;
			break;
		case SOCKCTL_A_CAPTURE:
			if (o->n_captures < MAX_IDS)
				o->capture_ids[o->n_captures] = nested_u(a, SOCKCTL_A_CAPTURE_ID);
			o->n_captures++;
			if (!capture_counts_add_up(a))
				o->bad_counts++;
			break;
		}
	}
}

static void parse_extack(const struct nlmsghdr *nlh, size_t off, struct outcome *o)
{
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(a, nlh, off)
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(o->extack, sizeof(o->extack), "%s", mnl_attr_get_str(a));
}

/*
 * The replies to c's last request, until its ACK (or a dump's DONE).
 * Notifications (capture packets, seq 0) are skipped.
 */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void collect(struct genl_client *c, struct outcome *o)
{
	int fd = mnl_socket_get_fd(c->nl);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	long long deadline = now_ms() + REPLY_MS, left;
	char *buf = malloc(RECV_BUFSZ);
	bool done = false;

	if (!buf) {
		o->err = -ENOMEM;
		return;
	}
	/*
	 * A deadline, not a timeout per poll(): notifications may keep
	 * coming while the reply itself was dropped.
	 */
	while (!done) {
		const struct nlmsghdr *m;
		ssize_t n;
		int len;

		left = deadline - now_ms();
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
			/* After an ENOBUFS, silence means the reply was the loss. */
			if (!o->lost)
				o->timeout = true;
			break;
		}
		n = recv(fd, buf, RECV_BUFSZ, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/*
				 * Something for this socket was dropped: the
				 * reply (its allocation failed, or the receive
				 * buffer was full of capture notifications) or
				 * a notification.  Wait a little for the reply.
				 */
				o->lost = true;
				o->err = -ENOBUFS;
				if (deadline > now_ms() + 1000)
					deadline = now_ms() + 1000;
				continue;
			}
			o->err = -errno;
			break;
		}
		len = (int)n;
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			if (m->nlmsg_seq != c->seq)
				continue;
			if (m->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(m);
				size_t off = sizeof(*e);

				if (!(m->nlmsg_flags & NLM_F_CAPPED))
					off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
				o->err = e->error;
				o->lost = false;
				parse_extack(m, off, o);
				done = true;
				break;
			}
			if (m->nlmsg_type == NLMSG_DONE) {
				o->err = 0;
				if (mnl_nlmsg_get_payload_len(m) >= sizeof(int)) {
					o->err = *(const int *)mnl_nlmsg_get_payload(m);
					parse_extack(m, sizeof(int), o);
				}
				o->lost = false;
				done = true;
				break;
			}
			parse_data(m, o);
		}
	}
	free(buf);
}

/*
 * Send nlh on c with the nth fault point of the sendmsg() armed (0: none),
 * then collect the replies.  The outcome says whether the fault fired.
 */
static void run(struct genl_client *c, struct nlmsghdr *nlh, unsigned int nth,
		struct outcome *o)
{
	int fd = mnl_socket_get_fd(c->nl), serr;
	ssize_t ret;
	long left = -1;

	memset(o, 0, sizeof(*o));
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++c->seq;
	if (nth && failnth_set(nth)) {
		o->err = -errno;
		return;
	}
	ret = send(fd, nlh, nlh->nlmsg_len, 0);
	serr = errno;
	if (nth) {
		left = failnth_get();
		failnth_set(0);
		o->fired = left == 0;
	}
	if (ret < 0) {
		o->send_failed = true;
		o->err = -serr;
		return;
	}
	collect(c, o);
}

/*
 * A new sockctl socket without resolving the family again (its id is known
 * once the sweep starts): a sweep opens one per fault point.
 */
static uint16_t family_id;
static uint8_t family_version;

static int quick_open(struct genl_client *c)
{
	int one = 1;

	memset(c, 0, sizeof(*c));
	c->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!c->nl)
		return -errno;
	if (mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		mnl_socket_close(c->nl);
		c->nl = NULL;
		return err;
	}
	mnl_socket_setsockopt(c->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(c->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	c->portid = mnl_socket_get_portid(c->nl);
	c->seq = (unsigned int)time(NULL);
	c->family_id = family_id;
	c->family_version = family_version;
	return 0;
}

/* --- what the sweeps send -------------------------------------------------- */

struct ctx {
	struct topo t;
	bool has_capture;
};

/* What a sweep's setup started, for its request to name. */
struct ids {
	uint32_t job;
	uint32_t capture;
};

static char payload[BIG_PAYLOAD];

/* tcpdump -dd udp (DLT_EN10MB): what pcap_compile() gives for "udp". */
static const struct sock_filter udp_filter[] = {
	{ 0x28, 0, 0, 0x0000000c },
	{ 0x15, 0, 5, 0x000086dd },
	{ 0x30, 0, 0, 0x00000014 },
	{ 0x15, 6, 0, 0x00000011 },
	{ 0x15, 0, 6, 0x0000002c },
	{ 0x30, 0, 0, 0x00000036 },
	{ 0x15, 3, 4, 0x00000011 },
	{ 0x15, 0, 3, 0x00000800 },
	{ 0x30, 0, 0, 0x00000017 },
	{ 0x15, 0, 1, 0x00000011 },
	{ 0x06, 0, 0, 0x00040000 },
	{ 0x06, 0, 0, 0x00000000 },
};

/* UDP over IPv4 from the near end to the far one. */
static void put_udp4(struct nlmsghdr *nlh, const struct topo *t, size_t len)
{
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
		     U8(SOCKCTL_A_IPV4_TTL, 7)),
		NEST(SOCKCTL_A_UDP,
		     U16(SOCKCTL_A_UDP_SPORT, 4000),
		     U16(SOCKCTL_A_UDP_DPORT, 9)),
		BIN(SOCKCTL_A_PAYLOAD, payload, len));
}

static void put_l2(struct nlmsghdr *nlh, const struct topo *t, uint8_t how)
{
	PUT_ATTRS(nlh,
		U8(SOCKCTL_A_INJECT, how),
		U32(SOCKCTL_A_IFINDEX, (uint32_t)t->near_ifindex));
}

static void put_build_l3(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
{
	put_udp4(nlh, &x->t, 64);
}

/* Ethernet with a VLAN tag, IPv4 with options, UDP, 3 fragments. */
static void put_big_l2(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
{
	static const uint8_t opts[4] = { 0x01, 0x01, 0x01, 0x00 };	/* NOP NOP NOP EOL */

	put_l2(nlh, &x->t, SOCKCTL_INJECT_L2);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_DST, x->t.far_mac, 6),
		     NEST(SOCKCTL_A_ETH_VLAN, U16(SOCKCTL_A_VLAN_VID, 5))),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_DADDR, &x->t.far_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_OPTIONS, opts, sizeof(opts))),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, 9)),
		BIN(SOCKCTL_A_PAYLOAD, payload, BIG_PAYLOAD),
		U16(SOCKCTL_A_FRAG_SIZE, 1000),
		NEST(SOCKCTL_A_VARY, U32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_ID)));
}

/* IPv6 with a destination options header, ICMPv6 echo request. */
static void put_ipv6(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
{
	static const uint8_t padn[6] = { 0x01, 0x04, 0, 0, 0, 0 };	/* PadN */

	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV6,
		     BIN(SOCKCTL_A_IPV6_DADDR, &x->t.far_ip6, 16),
		     NEST(SOCKCTL_A_IPV6_EXTHDR,
			  U8(SOCKCTL_A_IPV6_EXT_TYPE, 60),
			  BIN(SOCKCTL_A_IPV6_EXT_DATA, padn, sizeof(padn)))),
		NEST(SOCKCTL_A_ICMPV6,
		     U16(SOCKCTL_A_ICMP_ID, 7),
		     U16(SOCKCTL_A_ICMP_SEQ, 1)),
		BIN(SOCKCTL_A_PAYLOAD, payload, 56));
}

static void put_send_l2_tcp(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
{
	put_l2(nlh, &x->t, SOCKCTL_INJECT_L2);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH, BIN(SOCKCTL_A_ETH_DST, x->t.far_mac, 6)),
		NEST(SOCKCTL_A_IPV4, BIN(SOCKCTL_A_IPV4_DADDR, &x->t.far_ip4, 4)),
		NEST(SOCKCTL_A_TCP,
		     U16(SOCKCTL_A_TCP_DPORT, 80),
		     U16(SOCKCTL_A_TCP_MSS, 1460),
		     FLAG(SOCKCTL_A_TCP_SACK_PERM),
		     U32(SOCKCTL_A_TCP_TS_VAL, 1),
		     U8(SOCKCTL_A_TCP_WSCALE, 7)),
		BIN(SOCKCTL_A_PAYLOAD, payload, 100));
}

static void put_send_rx(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
{
	put_l2(nlh, &x->t, SOCKCTL_INJECT_RX);
	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_ETH,
		     BIN(SOCKCTL_A_ETH_SRC, x->t.far_mac, 6),
		     BIN(SOCKCTL_A_ETH_DST, x->t.near_mac, 6)),
		NEST(SOCKCTL_A_IPV4,
		     BIN(SOCKCTL_A_IPV4_SADDR, &x->t.far_ip4, 4),
		     BIN(SOCKCTL_A_IPV4_DADDR, &x->t.near_ip4, 4)),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, 9)),
		BIN(SOCKCTL_A_PAYLOAD, payload, 32));
}

static void put_send_arp(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
{
	put_l2(nlh, &x->t, SOCKCTL_INJECT_L2);
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_ARP, BIN(SOCKCTL_A_ARP_TPA, &x->t.far_ip4, 4)));
}

/* A paced job: count packets at pps, on the veth. */
static void put_job(struct nlmsghdr *nlh, const struct topo *t, uint32_t count,
		    uint32_t pps, bool background)
{
	put_l2(nlh, t, SOCKCTL_INJECT_L2);
	put_udp4(nlh, t, 16);
	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_COUNT, count),
		U32(SOCKCTL_A_RATE_PPS, pps),
		IF(background, FLAG(SOCKCTL_A_BACKGROUND)));
}

static void put_send_job(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
{
	put_job(nlh, &x->t, 3, 1000, false);
}

static void put_send_background(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
{
	put_job(nlh, &x->t, 2, 1000, true);
}

static void put_job_id(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
{
	mnl_attr_put_u32(nlh, SOCKCTL_A_JOB_ID, ids->job);
}

static void put_capture_full(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
{
	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_IFINDEX, (uint32_t)x->t.near_ifindex),
		NEST(SOCKCTL_A_CAPTURE,
		     U8(SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_BOTH),
		     U32(SOCKCTL_A_CAPTURE_SNAPLEN, 256),
		     U64(SOCKCTL_A_CAPTURE_COUNT, 1000),
		     BIN(SOCKCTL_A_CAPTURE_FILTER, udp_filter, sizeof(udp_filter)),
		     U32(SOCKCTL_A_CAPTURE_QUEUE_LEN, 64),
		     U32(SOCKCTL_A_CAPTURE_FLUSH_US, 1000)));
}

static void put_capture_id(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
{
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_ID, ids->capture)));
}

/* Unarmed requests for setups and checks: 0 or -errno. */
static int plain(struct genl_client *c, uint8_t cmd, uint16_t flags,
		 void (*put)(struct ctx *, struct nlmsghdr *, const struct ids *),
		 struct ctx *x, const struct ids *ids, struct outcome *o)
{
	char buf[16384];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, cmd, flags);

	if (put)
		put(x, nlh, ids);
	run(c, nlh, 0, o);
	return o->timeout ? -ETIMEDOUT : o->err;
}

/* A long, slow job on c; it ends when c is closed. */
static int start_job(struct genl_client *c, struct ctx *x, uint32_t *id)
{
	char buf[16384];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, SOCKCTL_CMD_SEND, 0);
	struct outcome o;

	put_job(nlh, &x->t, 1000000, 10, false);
	run(c, nlh, 0, &o);
	*id = o.job_id;
	return o.err ? o.err : o.timeout || !o.job_id ? -ENODATA : 0;
}

/*
 * A session on device ifindex delivering to c; flush_us long keeps what it
 * captures queued.  It ends when c is closed.
 */
static int start_capture(struct genl_client *c, int ifindex, uint32_t flush_us,
			 uint32_t *id)
{
	char buf[1024];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, SOCKCTL_CMD_CAPTURE_START, 0);
	struct outcome o;

	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_IFINDEX, (uint32_t)ifindex),
		NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_FLUSH_US, flush_us)));
	run(c, nlh, 0, &o);
	*id = o.n_captures ? o.capture_ids[0] : 0;
	return o.err ? o.err : o.timeout || !*id ? -ENODATA : 0;
}

static int setup_job(struct ctx *x, struct genl_client *c, struct ids *ids)
{
	return start_job(c, x, &ids->job);
}

static int setup_two_jobs(struct ctx *x, struct genl_client *c, struct ids *ids)
{
	uint32_t other;

	return start_job(c, x, &ids->job) ?: start_job(c, x, &other);
}

static int setup_capture(struct ctx *x, struct genl_client *c, struct ids *ids)
{
	return start_capture(c, x->t.near_ifindex, 10000, &ids->capture);
}

static int setup_two_captures(struct ctx *x, struct genl_client *c, struct ids *ids)
{
	uint32_t other;

	return start_capture(c, x->t.near_ifindex, 10000, &ids->capture) ?:
	       start_capture(c, x->t.near_ifindex, 10000, &other);
}

/* A session with packets waiting: the stop delivers them first. */
static int setup_capture_queued(struct ctx *x, struct genl_client *c, struct ids *ids)
{
	struct outcome o;
	int err, i;

	err = start_capture(c, x->t.near_ifindex, 1000000, &ids->capture);
	for (i = 0; !err && i < 5; i++)
		err = plain(c, SOCKCTL_CMD_SEND, 0, put_send_l2_tcp, x, ids, &o);
	return err;
}

struct sweep {
	const char *name;
	const char *what;
	uint8_t cmd;
	uint16_t flags;		/* NLM_F_DUMP */
	bool capture;		/* needs the capture commands */
	bool outlives;		/* what it starts outlives its socket */
	int (*setup)(struct ctx *x, struct genl_client *c, struct ids *ids);
	void (*put)(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids);
};

#define CMD(c)	.cmd = SOCKCTL_CMD_##c

static const struct sweep sweeps[] = {
	{ "info", "GET_INFO", CMD(GET_INFO) },
	{ "stats", "STATS_GET", CMD(STATS_GET) },
	{ "build-l3", "BUILD IPv4/UDP (L3)", CMD(BUILD), .put = put_build_l3 },
	{ "build-l2-frag", "BUILD Ethernet+VLAN/IPv4 with options/UDP, 3 fragments",
	  CMD(BUILD), .put = put_big_l2 },
	{ "build-ipv6", "BUILD IPv6 with an extension header/ICMPv6", CMD(BUILD),
	  .put = put_ipv6 },
	{ "send-l3", "SEND IPv4/UDP through routing (L3)", CMD(SEND),
	  .put = put_build_l3 },
	{ "send-l2", "SEND Ethernet/IPv4/TCP with options on the veth (L2)", CMD(SEND),
	  .put = put_send_l2_tcp },
	{ "send-l2-frag", "SEND 3 fragments with a VLAN tag (L2)", CMD(SEND),
	  .put = put_big_l2 },
	{ "send-rx", "SEND into the veth's receive path (RX)", CMD(SEND),
	  .put = put_send_rx },
	{ "send-arp", "SEND an ARP request (L2)", CMD(SEND), .put = put_send_arp },
	{ "send-ipv6", "SEND IPv6/ICMPv6 through routing (L3)", CMD(SEND),
	  .put = put_ipv6 },
	{ "send-job", "SEND as a paced job", CMD(SEND), .put = put_send_job },
	{ "send-background", "SEND as a background job", CMD(SEND), .outlives = true,
	  .put = put_send_background },
	{ "job-get", "JOB_GET of a running job", CMD(JOB_GET), .setup = setup_job,
	  .put = put_job_id },
	{ "job-dump", "JOB_GET dump of two jobs", CMD(JOB_GET), .flags = NLM_F_DUMP,
	  .setup = setup_two_jobs },
	{ "job-stop", "JOB_STOP of a running job", CMD(JOB_STOP), .setup = setup_job,
	  .put = put_job_id },
	{ "capture-start", "CAPTURE_START on the veth, every option, a BPF filter",
	  CMD(CAPTURE_START), .capture = true, .put = put_capture_full },
	{ "capture-start-all", "CAPTURE_START on every device", CMD(CAPTURE_START),
	  .capture = true },
	{ "capture-get", "CAPTURE_GET of a session", CMD(CAPTURE_GET), .capture = true,
	  .setup = setup_capture, .put = put_capture_id },
	{ "capture-dump", "CAPTURE_GET dump of two sessions", CMD(CAPTURE_GET),
	  .flags = NLM_F_DUMP, .capture = true, .setup = setup_two_captures },
	{ "capture-stop", "CAPTURE_STOP of a session with packets queued",
	  CMD(CAPTURE_STOP), .capture = true, .setup = setup_capture_queued,
	  .put = put_capture_id },
};

/* --- checks -------------------------------------------------------------- */

/* The family answers GET_INFO (on a new socket, in the current netns). */
static int family_answers(struct outcome *info)
{
	struct genl_client c;
	int err = genl_client_open(&c, SOCKCTL_FAMILY_NAME);

	if (err)
		return err;
	err = plain(&c, SOCKCTL_CMD_GET_INFO, 0, NULL, NULL, NULL, info);
	genl_client_close(&c);
	return err;
}

/*
 * Within SETTLE_MS, no job runs and no session is left in the netns (their
 * sockets are all closed).  0, or -EBUSY with the counts in *o.
 */
static int nothing_left(struct ctx *x, struct outcome *o)
{
	struct outcome caps = { 0 };
	struct genl_client c;
	int waited, err;

	err = genl_client_open(&c, SOCKCTL_FAMILY_NAME);
	if (err)
		return err;
	for (waited = 0; ; waited += 50) {
		err = plain(&c, SOCKCTL_CMD_JOB_GET, NLM_F_DUMP, NULL, x, NULL, o);
		if (!err && x->has_capture)
			err = plain(&c, SOCKCTL_CMD_CAPTURE_GET, NLM_F_DUMP, NULL, x,
				    NULL, &caps);
		o->n_captures = caps.n_captures;
		if (err || (!o->n_running && !o->n_captures))
			break;
		if (waited >= SETTLE_MS) {
			err = -EBUSY;
			break;
		}
		usleep(50 * 1000);
	}
	genl_client_close(&c);
	return err;
}

/*
 * The netns can still run as many jobs and sessions as GET_INFO says.  The
 * sessions watch the quiet loopback from a socket of their own: the jobs'
 * packets on the veth would fill the jobs' socket with notifications.
 */
static int full_capacity(struct ctx *x, const struct outcome *info, char *why,
			 size_t why_size)
{
	struct genl_client c, cap;
	struct ids ids;
	uint32_t i;
	int err;

	err = quick_open(&c);
	if (err)
		return err;
	err = quick_open(&cap);
	if (err) {
		genl_client_close(&c);
		return err;
	}
	for (i = 0; !err && i < info->info_max_jobs; i++)
		err = start_job(&c, x, &ids.job);
	if (err)
		snprintf(why, why_size, "job %u of %u: %s", i + 1, info->info_max_jobs,
			 strerror(-err));
	for (i = 0; !err && x->has_capture && i < info->info_max_captures; i++)
		err = start_capture(&cap, 1, 10000, &ids.capture);
	if (err && !why[0])
		snprintf(why, why_size, "capture session %u of %u: %s", i + 1,
			 info->info_max_captures, strerror(-err));
	genl_client_close(&cap);
	genl_client_close(&c);
	return err;
}

static bool clean_error(int err)
{
	return err == -ENOMEM || err == -ENOBUFS;
}

/* Stop whatever a background job left running in the netns. */
static void stop_all_jobs(struct ctx *x)
{
	struct genl_client c;
	struct outcome o, stop;
	int i;

	if (quick_open(&c))
		return;
	if (!plain(&c, SOCKCTL_CMD_JOB_GET, NLM_F_DUMP, NULL, x, NULL, &o)) {
		for (i = 0; i < o.n_running && i < MAX_IDS; i++) {
			struct ids one = { .job = o.running_ids[i] };

			plain(&c, SOCKCTL_CMD_JOB_STOP, 0, put_job_id, x, &one, &stop);
		}
	}
	genl_client_close(&c);
}

/* --- the sweeps ------------------------------------------------------------ */

struct tally {
	unsigned int points;
	unsigned int ok_despite_fault;	/* the fault was absorbed */
	unsigned int enomem, enobufs;
	unsigned int send_failed;	/* the netlink core refused the message */
	unsigned int lost;		/* the reply was dropped (ENOBUFS) */
};

static void print_tally(const char *name, const char *what, const struct tally *t)
{
	diag("%s (%s): %u fault points: %u succeeded despite the fault, "
	     "%u -ENOMEM, %u -ENOBUFS (%u of them sendmsg, %u a lost reply)",
	     name, what, t->points, t->ok_despite_fault, t->enomem, t->enobufs,
	     t->send_failed, t->lost);
	diag("points: %u", t->points);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int sweep_request(const struct sweep *s, struct ctx *x, unsigned int *points)
{
	struct tally t = { 0 };
	struct outcome o, info;
	struct genl_client check;
	double t0 = now_s();
	unsigned int n;
	int err;

	/* GET_INFO after each fault, from a socket of its own. */
	err = quick_open(&check);
	if (err) {
		diag("cannot open the sockctl socket: %s", strerror(-err));
		return EXIT_FAIL;
	}
	for (n = 1; n <= MAX_POINTS; n++) {
		char buf[16384];
		struct genl_client c;
		struct nlmsghdr *nlh;
		struct ids ids = { 0 };

		err = quick_open(&c);
		if (err) {
			diag("fault %u: cannot open the sockctl socket: %s", n, strerror(-err));
			return EXIT_FAIL;
		}
		if (s->setup) {
			vdiag("fault %u: setup", n);
			err = s->setup(x, &c, &ids);
			if (err) {
				diag("fault %u: the setup before the request failed: %s",
				     n, strerror(-err));
				genl_client_close(&c);
				return EXIT_FAIL;
			}
		}
		nlh = genl_client_msg(&c, buf, s->cmd, s->flags);
		if (s->put)
			s->put(x, nlh, &ids);
		vdiag("fault %u: request", n);
		run(&c, nlh, n, &o);
		vdiag("fault %u: %s, %s%s%s \"%s\"", n, o.fired ? "injected" : "not reached",
		      o.err ? strerror(-o.err) : "success",
		      o.send_failed ? " (sendmsg)" : "", o.lost ? " (reply lost)" : "",
		      o.extack);
		genl_client_close(&c);
		if (s->outlives)
			stop_all_jobs(x);

		if (o.timeout) {
			diag("fault %u: no reply within %d ms", n, REPLY_MS);
			return EXIT_FAIL;
		}
		if (!o.fired) {
			if (o.err) {
				diag("the request fails without any fault injected "
				     "(after %u points): %s, \"%s\"", n - 1,
				     strerror(-o.err), o.extack);
				return EXIT_FAIL;
			}
			t.points = n - 1;
			break;
		}
		if (o.bad_counts) {
			diag("fault %u: a capture session's counters do not add up "
			     "(MATCHED != DELIVERED + drops + QUEUED)", n);
			return EXIT_FAIL;
		}
		if (!o.err) {
			t.ok_despite_fault++;
		} else if (clean_error(o.err)) {
			if (o.err == -ENOMEM)
				t.enomem++;
			else
				t.enobufs++;
			t.send_failed += o.send_failed;
			t.lost += o.lost;
		} else {
			diag("fault %u: the request failed with %s (%d), not a clean "
			     "out-of-memory error; extack \"%s\"", n, strerror(-o.err),
			     o.err, o.extack);
			return EXIT_FAIL;
		}
		/* The family still works after each. */
		err = plain(&check, SOCKCTL_CMD_GET_INFO, 0, NULL, x, NULL, &info);
		if (err) {
			diag("after fault %u: GET_INFO fails: %s", n, strerror(-err));
			return EXIT_FAIL;
		}
	}
	genl_client_close(&check);
	if (n > MAX_POINTS) {
		diag("more than %d fault points: the sweep does not end", MAX_POINTS);
		return EXIT_FAIL;
	}
	print_tally(s->name, s->what, &t);
	*points = t.points;

	/* Whatever it started ended with its socket. */
	err = nothing_left(x, &o);
	if (err) {
		diag("after the sweep: %d jobs still running, %d sessions left (%s)",
		     o.n_running, o.n_captures, strerror(-err));
		return EXIT_FAIL;
	}
	diag("%s: %.1f s", s->name, now_s() - t0);
	return EXIT_PASS;
}

/*
 * After all sweeps, in their netns: no slot leaked, it can still run as
 * many jobs and sessions at once as GET_INFO says.
 */
static int capacity_check(struct ctx *x)
{
	struct outcome o, info;
	char why[256] = "";
	int err;

	err = family_answers(&info);
	if (!err)
		err = full_capacity(x, &info, why, sizeof(why));
	if (err) {
		diag("after the sweeps the netns cannot run its %u jobs / %u sessions "
		     "any more: %s", info.info_max_jobs, info.info_max_captures, why);
		return EXIT_FAIL;
	}
	err = nothing_left(x, &o);
	if (err) {
		diag("the capacity check left %d jobs, %d sessions", o.n_running,
		     o.n_captures);
		return EXIT_FAIL;
	}
	diag("the netns still runs %u jobs and %u capture sessions at once",
	     info.info_max_jobs, x->has_capture ? info.info_max_captures : 0);
	return EXIT_PASS;
}

static bool module_listed(void)
{
	char line[256];
	FILE *f = fopen("/proc/modules", "re");
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "sockctl ", 8);
	fclose(f);
	return found;
}

static int sweep_insmod(const char *path)
{
	struct tally t = { 0 };
	struct outcome info;
	unsigned int n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag("%s: %s", path, strerror(errno));
		return EXIT_SETUP;
	}
	if (module_listed()) {
		diag("sockctl is loaded: unload it first");
		return EXIT_SETUP;
	}
	for (n = 1; n <= MAX_POINTS; n++) {
		long left;
		int ret, e;

		if (failnth_set(n))
			return EXIT_SETUP;
		ret = (int)syscall(SYS_finit_module, fd, "", 0);
		e = errno;
		left = failnth_get();
		failnth_set(0);

		vdiag("fault %u: %s, %s", n, left == 0 ? "injected" : "not reached",
		      ret ? strerror(e) : "loaded");
		if (ret) {
			if (left != 0) {
				diag("insmod fails without any fault injected: %s", strerror(e));
				return EXIT_FAIL;
			}
			if (!clean_error(-e)) {
				diag("fault %u: insmod failed with %s, not a clean "
				     "out-of-memory error", n, strerror(e));
				return EXIT_FAIL;
			}
			if (e == ENOMEM)
				t.enomem++;
			else
				t.enobufs++;
			/* Nothing of the module may be left. */
			if (module_listed()) {
				diag("fault %u: init failed but sockctl is in /proc/modules", n);
				return EXIT_FAIL;
			}
			err = family_answers(&info);
			if (err != -ENOENT) {
				diag("fault %u: init failed but the family %s", n,
				     err ? strerror(-err) : "answers GET_INFO");
				return EXIT_FAIL;
			}
			continue;
		}
		err = family_answers(&info);
		if (err) {
			diag("fault %u: loaded, but GET_INFO fails: %s", n, strerror(-err));
			return EXIT_FAIL;
		}
		if (left != 0) {
			t.points = n - 1;
			break;
		}
		/* Loaded although a fault was injected: it must unload. */
		t.ok_despite_fault++;
		if (syscall(SYS_delete_module, "sockctl", O_NONBLOCK)) {
			diag("fault %u: loaded despite the fault, but rmmod fails: %s",
			     n, strerror(errno));
			return EXIT_FAIL;
		}
	}
	close(fd);
	if (n > MAX_POINTS) {
		diag("more than %d fault points: the sweep does not end", MAX_POINTS);
		return EXIT_FAIL;
	}
	print_tally("module-init", "sockctl_init() and everything it calls", &t);
	return EXIT_PASS;
}

static int usage(void)
{
	fprintf(stderr, "usage: failnth_client insmod FILE.ko | list | sweep NAME...\n");
	return EXIT_SETUP;
}

int main(int argc, char **argv)
{
	const char *where = "";
	struct genl_client c;
	struct ctx x = { 0 };
	bool failed = false;
	size_t i;
	int err;

	verbose = getenv("FAILNTH_VERBOSE") && atoi(getenv("FAILNTH_VERBOSE"));
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "list")) {
		for (i = 0; i < ARRAY_SIZE(sweeps); i++)
			printf("%s\t%s\n", sweeps[i].name, sweeps[i].what);
		return EXIT_PASS;
	}
	if (argc < 3)
		return usage();
	err = failnth_open();
	if (err) {
		diag("/proc/thread-self/fail-nth: %s (no CONFIG_FAULT_INJECTION?)",
		     strerror(-err));
		return EXIT_SKIP;
	}
	if (!strcmp(argv[1], "insmod") && argc == 3)
		return sweep_insmod(argv[2]);
	if (strcmp(argv[1], "sweep"))
		return usage();
	for (i = 2; i < (size_t)argc; i++) {
		size_t j;

		for (j = 0; j < ARRAY_SIZE(sweeps); j++)
			if (!strcmp(argv[i], sweeps[j].name))
				break;
		if (j == ARRAY_SIZE(sweeps)) {
			diag("no sweep named %s", argv[i]);
			return usage();
		}
	}

	memset(payload, 'x', sizeof(payload));
	err = topo_setup(&x.t, &where);
	if (err) {
		diag("network setup, %s: %s", where, strerror(-err));
		return EXIT_SETUP;
	}
	err = genl_client_open(&c, SOCKCTL_FAMILY_NAME);
	if (err) {
		diag("the sockctl family: %s", strerror(-err));
		return EXIT_SETUP;
	}
	family_id = c.family_id;
	family_version = c.family_version;
	x.has_capture = sc_has_cmd(&c, SOCKCTL_CMD_CAPTURE_START) > 0 &&
			sc_has_cmd(&c, SOCKCTL_CMD_CAPTURE_GET) > 0 &&
			sc_has_cmd(&c, SOCKCTL_CMD_CAPTURE_STOP) > 0;

	/* One "result NAME PASS|FAIL|SKIP POINTS|REASON" line per sweep. */
	for (i = 2; i < (size_t)argc; i++) {
		const struct sweep *s = NULL;
		unsigned int points = 0;
		size_t j;
		int has;

		for (j = 0; j < ARRAY_SIZE(sweeps); j++)
			if (!strcmp(argv[i], sweeps[j].name))
				s = &sweeps[j];
		has = sc_has_cmd(&c, s->cmd);
		if (has <= 0 || (s->capture && !x.has_capture)) {
			printf("result %s SKIP the module has no %s yet\n", s->name,
			       s->capture ? "capture commands" : "such command");
			continue;
		}
		err = sweep_request(s, &x, &points);
		printf("result %s %s %u\n", s->name, err ? "FAIL" : "PASS", points);
		if (err)
			failed = true;
	}
	genl_client_close(&c);
	err = capacity_check(&x);
	printf("result capacity %s 0\n", err ? "FAIL" : "PASS");
	topo_teardown(&x.t);
	return err || failed ? EXIT_FAIL : EXIT_PASS;
}
