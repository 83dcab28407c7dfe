// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: which packets and how much of each a capture session keeps.
 * tcpdump expressions compiled by libpcap pass exactly what libpcap's own
 * interpreter passes; the snap length and the filter's return value truncate
 * the data and keep the original length.  See capture_env.h.
 */
#include "capture_env.h"
#include "capture_far.h"

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


TEST_HARNESS_MAIN
