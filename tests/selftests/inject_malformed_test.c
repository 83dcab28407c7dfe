// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: malformed descriptions.  BUILD and SEND refuse each fault
 * with its errno and an extack message, and nothing is sent; the same
 * description without its fault goes through.  See inject_env.h.
 */
#include "inject_env.h"

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
TEST_F(inject, build_and_send_refuse_each_fault_and_nothing_is_sent)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(malformed_cases); i++)
		malformed_case_run(_metadata, &self->e, &malformed_cases[i]);
}


TEST_HARNESS_MAIN
