// SPDX-License-Identifier: GPL-2.0
/*
 * failnth_client: what each sweep sends, and what it sets up first.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>

#include <linux/filter.h>
#include <linux/sockctl.h>

#include "failnth.h"
#include "pkt_desc.h"


char payload[BIG_PAYLOAD];

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

void put_job_id(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids)
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

/* A long, slow job on c; it ends when c is closed. */
int start_job(struct genl_client *c, struct ctx *x, uint32_t *id)
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
int start_capture(struct genl_client *c, int ifindex, uint32_t flush_us,
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

#define CMD(c)	.cmd = SOCKCTL_CMD_##c

const struct sweep sweeps[] = {
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

const size_t n_sweeps = ARRAY_SIZE(sweeps);
