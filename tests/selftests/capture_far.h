/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Traffic for the capture kselftests (capture_env.h): frames the module
 * injects from the far end (SOCKCTL_CMD_SEND at L2 on the far device, their
 * exact bytes known from SOCKCTL_CMD_BUILD), sockets in the far netns, and
 * what the near end's own kernel answers (echo replies).
 */
#ifndef SOCKCTL_CAPTURE_FAR_H
#define SOCKCTL_CAPTURE_FAR_H

#include "capture_env.h"
#include "clock_now.h"
#include "link_rtnl.h"

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

static __maybe_unused void put_spec(struct nlmsghdr *nlh, const struct topo *t,
				    const struct spec *s)
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
static __maybe_unused void far_build(struct __test_metadata *_metadata, struct capenv *e,
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
static __maybe_unused uint32_t far_send(struct __test_metadata *_metadata, struct capenv *e,
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
static __maybe_unused void far_job_wait(struct __test_metadata *_metadata, struct capenv *e,
					uint32_t id, int timeout_ms, struct sc_job *j)
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
static __maybe_unused int far_socket(struct capenv *e, int domain, int type, int proto)
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
static __maybe_unused int far_link_stats(struct capenv *e, struct rtnl_link_stats64 *st)
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
static __maybe_unused bool is_echo_reply_to(const struct topo *t, const uint8_t *f, size_t len,
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
static __maybe_unused size_t signal_packets(const struct cap_rx *rx, size_t *idx, size_t max)
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

static __maybe_unused bool have_signal(const struct cap_rx *rx, const void *arg)
{
	size_t i, n = 0;

	for (i = 0; i < rx->n; i++)
		n += !pkt_is_noise(rx->pkts[i].data, rx->pkts[i].len);
	return n >= *(const size_t *)arg || rx->n_end;
}

/* Receive until want non-noise packets came, then wait for stragglers. */
static __maybe_unused void collect_signal(struct genl_client *c, struct cap_rx *rx, size_t want)
{
	cap_recv(c, rx, ARRIVE_MS, have_signal, &want);
	cap_drain(c, rx, QUIET_MS, ARRIVE_MS);
}

static __maybe_unused void expect_same_frame(struct __test_metadata *_metadata,
					     const struct xframe *x, const struct cap_packet *p)
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

static __maybe_unused void expect_meta(struct __test_metadata *_metadata,
				       const struct cap_packet *p, int ifindex, const char *ifname,
				       uint8_t dir, uint8_t pkttype, uint16_t proto)
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
static __maybe_unused void far_pings(struct __test_metadata *_metadata, struct capenv *e, int n,
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

#endif
