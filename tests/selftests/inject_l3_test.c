// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: injection at L3.  Routing and netfilter see the packet: it is
 * routed out of the device and counted by an nftables output hook, IPv4
 * and IPv6 alike, with a wrong checksum left as given.  See inject_env.h.
 */
#include "inject_env.h"

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


TEST_HARNESS_MAIN
