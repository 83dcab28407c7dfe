// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: SOCKCTL_CMD_BUILD, the dry run.  It returns exactly the bytes
 * SEND puts on the wire, frames up to the reply's limit, and the largest
 * datagram whole.  See inject_env.h.
 */
#include "inject_env.h"

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


TEST_HARNESS_MAIN
