// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: IPv4 fragmentation.  Fragments have the right offsets and
 * reassemble; later fragments keep only the options with the copied flag.
 * See inject_env.h.
 */
#include "inject_env.h"

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


TEST_HARNESS_MAIN
