// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: what a capture session captures.  START's reply reports the
 * settings in effect; a session sees both directions of its device (or one),
 * with each packet's metadata, traffic of plain sockets as well as injected
 * frames, and on all devices loopback and veth alike.  See capture_env.h.
 */
#include "capture_env.h"
#include "capture_far.h"
#include "clock_now.h"

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


TEST_HARNESS_MAIN
