// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: injection as if received.  The packet reaches a local UDP
 * socket, a TCP listener answers a SYN, the stack answers an ICMPv6 echo
 * request.  See inject_env.h.
 */
#include "inject_env.h"

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


TEST_HARNESS_MAIN
