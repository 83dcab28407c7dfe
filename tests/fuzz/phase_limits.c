// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: phase: documented limits, each with its documented result.
 */
#include "nlfuzz.h"

void want(struct fz *f, const char *name, uint8_t cmd, struct an *root, int want_err,
		 struct expect *out)
{
	struct req r = { .cmd = cmd, .flags = NLM_F_REQUEST | NLM_F_ACK, .root = root };
	struct expect e;
	int ret;

	ret = fuzz_req_e(f, name, &r, &e);
	if (ret <= 0 && ret != want_err && want_err != ANY_RESULT &&
	    !(want_err == ANY_ERROR && ret < 0))
		fail(f, "expected %s, got %s", want_err == ANY_ERROR ? "an error" : errname(-want_err),
		     errname(-ret));
	if (out)
		*out = e;
	an_free(root);
}

static struct an *l3_udp(int total)
{
	return tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			  an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"), NULL),
		  an_nest(SOCKCTL_A_UDP, NULL), payload(total - 28, 0), NULL);
}

/* CAPTURE_START on fz0 with one setting. */
static struct an *cap_with(struct an *setting)
{
	return tl(dev0(), an_nest(SOCKCTL_A_CAPTURE, setting, NULL), NULL);
}

static struct an *cap_filter(const struct sock_filter *p, uint32_t n)
{
	return cap_with(bpf_attr(p, n));
}

static struct an *cap_id(uint32_t id)
{
	return tl(an_nest(SOCKCTL_A_CAPTURE, an_u32(SOCKCTL_A_CAPTURE_ID, id), NULL), NULL);
}

#define I(c_, t_, f_, k_)	{ .code = (c_), .jt = (t_), .jf = (f_), .k = (k_) }

/* Capture sessions: settings at their bounds, filters, devices, ids, the limit. */
static void limits_capture(struct fz *f)
{
	static const struct { const char *n; int t; uint64_t v; int len; int err; } s[] = {
		{ "DIRECTION 0", SOCKCTL_A_CAPTURE_DIRECTION, 0, 1, -ERANGE },
		{ "DIRECTION 1 (in)", SOCKCTL_A_CAPTURE_DIRECTION, 1, 1, 0 },
		{ "DIRECTION 2 (out)", SOCKCTL_A_CAPTURE_DIRECTION, 2, 1, 0 },
		{ "DIRECTION 3 (both)", SOCKCTL_A_CAPTURE_DIRECTION, 3, 1, 0 },
		{ "DIRECTION 4", SOCKCTL_A_CAPTURE_DIRECTION, 4, 1, -ERANGE },
		{ "SNAPLEN 0", SOCKCTL_A_CAPTURE_SNAPLEN, 0, 4, -ERANGE },
		{ "SNAPLEN 1", SOCKCTL_A_CAPTURE_SNAPLEN, 1, 4, 0 },
		{ "SNAPLEN 65500", SOCKCTL_A_CAPTURE_SNAPLEN, 65500, 4, 0 },
		{ "SNAPLEN 65501", SOCKCTL_A_CAPTURE_SNAPLEN, 65501, 4, -ERANGE },
		{ "QUEUE_LEN 0", SOCKCTL_A_CAPTURE_QUEUE_LEN, 0, 4, -ERANGE },
		{ "QUEUE_LEN 1", SOCKCTL_A_CAPTURE_QUEUE_LEN, 1, 4, 0 },
		{ "QUEUE_LEN 65536", SOCKCTL_A_CAPTURE_QUEUE_LEN, 65536, 4, 0 },
		{ "QUEUE_LEN 65537", SOCKCTL_A_CAPTURE_QUEUE_LEN, 65537, 4, -ERANGE },
		{ "FLUSH_US 0", SOCKCTL_A_CAPTURE_FLUSH_US, 0, 4, -ERANGE },
		{ "FLUSH_US 1", SOCKCTL_A_CAPTURE_FLUSH_US, 1, 4, 0 },
		{ "FLUSH_US 1000000", SOCKCTL_A_CAPTURE_FLUSH_US, 1000000, 4, 0 },
		{ "FLUSH_US 1000001", SOCKCTL_A_CAPTURE_FLUSH_US, 1000001, 4, -ERANGE },
		{ "COUNT 0 (no limit)", SOCKCTL_A_CAPTURE_COUNT, 0, 8, 0 },
		{ "COUNT 2^64-1", SOCKCTL_A_CAPTURE_COUNT, UINT64_MAX, 8, 0 },
		{ "ID (the kernel picks it)", SOCKCTL_A_CAPTURE_ID, 1, 4, -EINVAL },
		{ "IFINDEX (reply only)", SOCKCTL_A_CAPTURE_IFINDEX, 1, 4, -EINVAL },
		{ "FILTER_LEN (reply only)", SOCKCTL_A_CAPTURE_FILTER_LEN, 1, 4, -EINVAL },
	};
	static const struct { const char *n; uint32_t len; int err; } fl[] = {
		{ "an empty filter", 0, -EINVAL },
		{ "a 7-byte filter (not 8-byte instructions)", 7, -EINVAL },
		{ "a 12-byte filter (not 8-byte instructions)", 12, -EINVAL },
		{ "a 32772-byte filter", 32772, -ERANGE },
		{ "a 32776-byte filter (4097 instructions)", 32776, -ERANGE },
	};
	/* What bpf_check_classic() refuses. */
	static const struct sock_filter jump_past[] = {
		I(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 0), I(BPF_RET | BPF_K, 0, 0, 0) };
	static const struct sock_filter jf_past[] = {
		I(BPF_JMP | BPF_JGT | BPF_K, 0, 200, 0), I(BPF_RET | BPF_K, 0, 0, 0) };
	static const struct sock_filter ja_past[] = {
		I(BPF_JMP | BPF_JA, 0, 0, 1), I(BPF_RET | BPF_K, 0, 0, 0) };
	static const struct sock_filter bad_op[] = {
		I(0xffff, 0, 0, 0), I(BPF_RET | BPF_K, 0, 0, 0) };
	static const struct sock_filter bad_op2[] = {
		I(BPF_LD | BPF_W | 0xe0, 0, 0, 0), I(BPF_RET | BPF_K, 0, 0, 0) };
	static const struct sock_filter div0[] = {
		I(BPF_LD | BPF_W | BPF_IMM, 0, 0, 7), I(BPF_ALU | BPF_DIV | BPF_K, 0, 0, 0),
		I(BPF_RET | BPF_A, 0, 0, 0) };
	static const struct sock_filter mod0[] = {
		I(BPF_ALU | BPF_MOD | BPF_K, 0, 0, 0), I(BPF_RET | BPF_A, 0, 0, 0) };
	static const struct sock_filter no_ret[] = {
		I(BPF_LD | BPF_H | BPF_ABS, 0, 0, 12), I(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 0x800),
		I(BPF_LD | BPF_W | BPF_IMM, 0, 0, 1) };
	static const struct sock_filter only_ld[] = { I(BPF_LD | BPF_W | BPF_IMM, 0, 0, 1) };
	static const struct sock_filter mem_unset[] = {
		I(BPF_LD | BPF_W | BPF_MEM, 0, 0, 3), I(BPF_RET | BPF_A, 0, 0, 0) };
	static const struct sock_filter mem_skipped[] = {
		I(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 0), I(BPF_ST, 0, 0, 5),
		I(BPF_LD | BPF_W | BPF_MEM, 0, 0, 5), I(BPF_RET | BPF_A, 0, 0, 0) };
	static const struct sock_filter mem_16[] = {
		I(BPF_ST, 0, 0, 16), I(BPF_RET | BPF_K, 0, 0, 0) };
	static const struct sock_filter anc_unknown[] = {
		I(BPF_LD | BPF_W | BPF_ABS, 0, 0, (uint32_t)(SKF_AD_OFF + SKF_AD_MAX)),
		I(BPF_RET | BPF_A, 0, 0, 0) };
	/* ... and what it accepts. */
	static const struct sock_filter ret0[] = { I(BPF_RET | BPF_K, 0, 0, 0) };
	static const struct sock_filter ret_a[] = {
		I(BPF_LD | BPF_W | BPF_LEN, 0, 0, 0), I(BPF_ALU | BPF_DIV | BPF_X, 0, 0, 0),
		I(BPF_RET | BPF_A, 0, 0, 0) };
	static const struct sock_filter mem_ok[] = {
		I(BPF_ST, 0, 0, 15), I(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
		I(BPF_LD | BPF_W | BPF_MEM, 0, 0, 15), I(BPF_RET | BPF_A, 0, 0, 0) };
	static const struct {
		const char *n;
		const struct sock_filter *p;
		uint32_t len;
		int err;
	} progs[] = {
#define P(name, prog, err)	{ name, prog, ARRAY_SIZE(prog), err }
		P("a jump past the end", jump_past, -EINVAL),
		P("a false branch past the end", jf_past, -EINVAL),
		P("BPF_JA past the end", ja_past, -EINVAL),
		P("opcode 0xffff", bad_op, -EINVAL),
		P("a load of an unknown mode", bad_op2, -EINVAL),
		P("a division by the constant 0", div0, -EINVAL),
		P("a modulo by the constant 0", mod0, -EINVAL),
		P("no RET at the end", no_ret, -EINVAL),
		P("one instruction, not a RET", only_ld, -EINVAL),
		P("scratch memory read before it is written", mem_unset, -EINVAL),
		P("scratch memory read on a path that skips its write", mem_skipped, -EINVAL),
		P("scratch memory word 16", mem_16, -EINVAL),
		P("an unknown ancillary load", anc_unknown, -EINVAL),
		P("ret #0", ret0, 0),
		P("ret #65535", bpf_ret_all, 0),
		P("ld len; div x; ret a", ret_a, 0),
		P("scratch memory written then read", mem_ok, 0),
		P("ip and udp", bpf_ip_udp, 0),
		P("ip and udp dst port 9", bpf_udp_port9, 0),
		P("ICMP, 96 bytes (ancillary protocol)", bpf_icmp, 0),
#undef P
	};
	struct sock_filter *big;
	char name[160];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(s); i++) {
		snprintf(name, sizeof(name), "CAPTURE_START with %s", s[i].n);
		want(f, name, SOCKCTL_CMD_CAPTURE_START,
		     cap_with(an_leaf((uint16_t)s[i].t, &s[i].v, (uint32_t)s[i].len)), s[i].err, NULL);
	}
	for (i = 0; i < ARRAY_SIZE(fl); i++) {
		snprintf(name, sizeof(name), "CAPTURE_START with %s", fl[i].n);
		want(f, name, SOCKCTL_CMD_CAPTURE_START,
		     cap_with(an_fill(SOCKCTL_A_CAPTURE_FILTER, fl[i].len, 0x06)), fl[i].err, NULL);
	}
	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		snprintf(name, sizeof(name), "CAPTURE_START with a filter: %s", progs[i].n);
		want(f, name, SOCKCTL_CMD_CAPTURE_START, cap_filter(progs[i].p, progs[i].len),
		     progs[i].err, NULL);
	}
	/* The longest program: 4096 instructions. */
	big = xcalloc(BPF_MAXINSNS, sizeof(*big));
	for (i = 0; i < BPF_MAXINSNS - 1; i++)
		big[i] = (struct sock_filter)I(BPF_LD | BPF_W | BPF_IMM, 0, 0, i);
	big[BPF_MAXINSNS - 1] = (struct sock_filter)I(BPF_RET | BPF_A, 0, 0, 0);
	want(f, "CAPTURE_START with a filter of 4096 instructions", SOCKCTL_CMD_CAPTURE_START,
	     cap_filter(big, BPF_MAXINSNS), 0, NULL);
	free(big);

	/* Devices. */
	want(f, "CAPTURE_START on lo", SOCKCTL_CMD_CAPTURE_START,
	     tl(an_str(SOCKCTL_A_IFNAME, "lo"), NULL), 0, NULL);
	want(f, "CAPTURE_START on a device that does not exist", SOCKCTL_CMD_CAPTURE_START,
	     tl(an_str(SOCKCTL_A_IFNAME, "nonexistent0"), NULL), -ENODEV, NULL);
	want(f, "CAPTURE_START on ifindex 0x7fffffff", SOCKCTL_CMD_CAPTURE_START,
	     tl(an_u32(SOCKCTL_A_IFINDEX, 0x7fffffff), NULL), -ENODEV, NULL);
	want(f, "CAPTURE_START on ifindex 0", SOCKCTL_CMD_CAPTURE_START,
	     tl(an_u32(SOCKCTL_A_IFINDEX, 0), NULL), -ERANGE, NULL);
	want(f, "CAPTURE_START with IFNAME and IFINDEX naming different devices",
	     SOCKCTL_CMD_CAPTURE_START, tl(dev0(), an_u32(SOCKCTL_A_IFINDEX, 1), NULL), -EINVAL, NULL);
	want(f, "CAPTURE_START with a packet description", SOCKCTL_CMD_CAPTURE_START,
	     tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL), NULL),
	     -EINVAL, NULL);
	want(f, "CAPTURE_START with an empty SOCKCTL_A_CAPTURE", SOCKCTL_CMD_CAPTURE_START,
	     tl(an_nest(SOCKCTL_A_CAPTURE, NULL), NULL), 0, NULL);
	if (f->have_tnl)
		want(f, "CAPTURE_START on ip6tnl fzt6 (not Ethernet-framed)", SOCKCTL_CMD_CAPTURE_START,
		     tl(an_str(SOCKCTL_A_IFNAME, "fzt6"), NULL), -EOPNOTSUPP, NULL);

	/* Sessions by id. */
	want(f, "CAPTURE_GET without SOCKCTL_A_CAPTURE", SOCKCTL_CMD_CAPTURE_GET, NULL, -EINVAL, NULL);
	want(f, "CAPTURE_STOP without SOCKCTL_A_CAPTURE", SOCKCTL_CMD_CAPTURE_STOP, NULL, -EINVAL, NULL);
	want(f, "CAPTURE_GET with an empty SOCKCTL_A_CAPTURE", SOCKCTL_CMD_CAPTURE_GET,
	     tl(an_nest(SOCKCTL_A_CAPTURE, NULL), NULL), -EINVAL, NULL);
	want(f, "CAPTURE_STOP with an empty SOCKCTL_A_CAPTURE", SOCKCTL_CMD_CAPTURE_STOP,
	     tl(an_nest(SOCKCTL_A_CAPTURE, NULL), NULL), -EINVAL, NULL);
	want(f, "CAPTURE_GET of session 0", SOCKCTL_CMD_CAPTURE_GET, cap_id(0), -ERANGE, NULL);
	want(f, "CAPTURE_GET of a session that does not exist", SOCKCTL_CMD_CAPTURE_GET,
	     cap_id(0xfffffff0u), -ENOENT, NULL);
	want(f, "CAPTURE_STOP of a session that does not exist", SOCKCTL_CMD_CAPTURE_STOP,
	     cap_id(0xfffffff0u), -ENOENT, NULL);
	want(f, "CAPTURE_GET with a setting besides the id", SOCKCTL_CMD_CAPTURE_GET,
	     tl(an_nest(SOCKCTL_A_CAPTURE, an_u32(SOCKCTL_A_CAPTURE_ID, 1),
			an_u32(SOCKCTL_A_CAPTURE_SNAPLEN, 1), NULL), NULL), -EINVAL, NULL);

	/* MAX_CAPTURES sessions at once, then EBUSY, then room again. */
	f->cap_keep = MAX_CAPTURES;
	for (i = 0; i <= MAX_CAPTURES; i++) {
		snprintf(name, sizeof(name), "CAPTURE_START of session %u of at most %d", i + 1,
			 MAX_CAPTURES);
		want(f, name, SOCKCTL_CMD_CAPTURE_START, tl(dev0(), NULL),
		     i < MAX_CAPTURES ? 0 : -EBUSY, NULL);
	}
	f->cap_keep = 0;
	if (!f->dry && !opt_gen)
		capture_stop_live(f, 0);
	want(f, "CAPTURE_START once the sessions are stopped", SOCKCTL_CMD_CAPTURE_START,
	     tl(dev0(), NULL), 0, NULL);
}

void phase_limits(struct fz *f)
{
	static const int sizes[] = { SOCKCTL_MAX_FRAME_REPLY - 4, SOCKCTL_MAX_FRAME_REPLY - 1,
				     SOCKCTL_MAX_FRAME_REPLY };
	struct expect e;
	char name[128];
	unsigned int i;
	struct an *r, *ip6;

	tap_phase_begin(f, "limits: sizes and counts at the documented limits");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		snprintf(name, sizeof(name), "BUILD IPv4/UDP datagram of %d bytes (<= SOCKCTL_MAX_FRAME_REPLY)",
			 sizes[i]);
		want(f, name, SOCKCTL_CMD_BUILD, l3_udp(sizes[i]), 0, &e);
		if (!e.bad && e.got_ack && !e.ack_err && e.frame0_len != sizes[i])
			fail(f, "frame of %d bytes returned, %d built", e.frame0_len, sizes[i]);
	}
	for (i = 1; i <= 4; i++) {
		snprintf(name, sizeof(name), "BUILD datagram of %d bytes (SOCKCTL_MAX_FRAME_REPLY + %u)",
			 SOCKCTL_MAX_FRAME_REPLY + i, i);
		want(f, name, SOCKCTL_CMD_BUILD, l3_udp(SOCKCTL_MAX_FRAME_REPLY + (int)i), -EMSGSIZE, NULL);
	}
	want(f, "BUILD datagram of 65535 bytes", SOCKCTL_CMD_BUILD, l3_udp(65535), -EMSGSIZE, NULL);
	want(f, "BUILD datagram of 65536 bytes", SOCKCTL_CMD_BUILD, l3_udp(65536), -EMSGSIZE, NULL);
	for (i = 0; i <= 1; i++) {
		uint32_t rl = SOCKCTL_MAX_FRAME_REPLY + i;
		uint8_t *raw = xcalloc(1, rl);

		raw[0] = 0x45;
		raw[16] = 10, raw[17] = 99;
		snprintf(name, sizeof(name), "BUILD raw L3 packet of %u bytes", rl);
		want(f, name, SOCKCTL_CMD_BUILD, tl(an_leaf(SOCKCTL_A_RAW, raw, rl), NULL),
		     i ? -EMSGSIZE : 0, NULL);
		free(raw);
	}
	/* A 65535-byte datagram in 8-byte fragments: 8190 frames in one reply. */
	r = l3_udp(65535);
	an_add(r, an_u16(SOCKCTL_A_FRAG_SIZE, 8));
	want(f, "BUILD 65535-byte datagram in 8-byte fragments", SOCKCTL_CMD_BUILD, r, 0, &e);
	if (!e.bad && e.got_ack && !e.ack_err && e.n_frames != 8190)
		fail(f, "%d fragments returned, 8190 expected", e.n_frames);

	/* Repeats: at most 2 VLAN tags, 8 varied fields, 8 extension headers. */
	r = tl(dev0(), an_nest(SOCKCTL_A_ETH,
			       an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_VID, 1), NULL),
			       an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_VID, 2), NULL),
			       an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_VID, 3), NULL), NULL), NULL);
	want(f, "3 VLAN tags", SOCKCTL_CMD_BUILD, r, -EINVAL, NULL);
	r = tl(dev0(), an_nest(SOCKCTL_A_ETH,
			       an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_VID, 4095), NULL), NULL), NULL);
	want(f, "1 VLAN tag, VID 4095", SOCKCTL_CMD_BUILD, r, 0, NULL);
	r = tl(dev0(), an_nest(SOCKCTL_A_ETH,
			       an_nest(SOCKCTL_A_ETH_VLAN, an_u8(SOCKCTL_A_VLAN_PCP, 1), NULL), NULL), NULL);
	want(f, "VLAN tag without VID", SOCKCTL_CMD_BUILD, r, -EINVAL, NULL);
	for (i = 8; i <= 9; i++) {
		unsigned int k;

		r = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL), NULL);
		for (k = 0; k < i; k++)
			an_add(r, an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_ID), NULL));
		snprintf(name, sizeof(name), "%u varied fields", i);
		want(f, name, SOCKCTL_CMD_BUILD, r, i == 8 ? 0 : -EINVAL, NULL);
	}
	for (i = 8; i <= 9; i++) {
		unsigned int k;

		ip6 = an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			      an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"), NULL);
		for (k = 0; k < i; k++)
			an_add(ip6, an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 60),
					    an_fill(SOCKCTL_A_IPV6_EXT_DATA, i == 8 ? 2046 : 6, 1), NULL));
		snprintf(name, sizeof(name), "%u extension headers", i);
		want(f, name, SOCKCTL_CMD_BUILD, tl(ip6, NULL), i == 8 ? 0 : -EINVAL, NULL);
	}
	ip6 = an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
		      an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"),
		      an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 60),
			      an_fill(SOCKCTL_A_IPV6_EXT_DATA, 7, 1), NULL), NULL);
	want(f, "extension header of 9 bytes", SOCKCTL_CMD_BUILD, tl(ip6, NULL), -EINVAL, NULL);
	ip6 = an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
		      an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"),
		      an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 44),
			      an_fill(SOCKCTL_A_IPV6_EXT_DATA, 14, 1), NULL), NULL);
	want(f, "fragment header with 14 bytes of data", SOCKCTL_CMD_BUILD, tl(ip6, NULL), -EINVAL, NULL);

	/* Options. */
	r = tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
		       an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"),
		       an_fill(SOCKCTL_A_IPV4_OPTIONS, 40, 1), NULL), NULL);
	want(f, "40 bytes of IPv4 options", SOCKCTL_CMD_BUILD, r, 0, NULL);
	r = tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
		       an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"), NULL),
	       an_nest(SOCKCTL_A_TCP, an_fill(SOCKCTL_A_TCP_OPTIONS, 40, 1), NULL), NULL);
	want(f, "40 bytes of TCP options", SOCKCTL_CMD_BUILD, r, 0, NULL);
	r = tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
		       an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"), NULL),
	       an_nest(SOCKCTL_A_TCP, an_fill(SOCKCTL_A_TCP_OPTIONS, 40, 1),
		       an_u16(SOCKCTL_A_TCP_MSS, 1), NULL), NULL);
	want(f, "40 bytes of TCP options and an MSS", SOCKCTL_CMD_BUILD, r, -EINVAL, NULL);

	/* Counts, pacing, fragment sizes (BUILD checks them too). */
	r = corpus[0].root;
	{
		static const struct { const char *n; int t; uint64_t v; int len; int err; } s[] = {
			{ "COUNT 0", SOCKCTL_A_COUNT, 0, 4, -ERANGE },
			{ "COUNT max", SOCKCTL_A_COUNT, MAX_COUNT, 4, 0 },
			{ "COUNT max+1", SOCKCTL_A_COUNT, MAX_COUNT + 1ull, 4, -ERANGE },
			{ "BURST 1024", SOCKCTL_A_BURST, 1024, 4, 0 },
			{ "BURST 1025", SOCKCTL_A_BURST, 1025, 4, -ERANGE },
			{ "INTERVAL 1h", SOCKCTL_A_INTERVAL_NS, 3600000000000ull, 8, 0 },
			{ "INTERVAL 1h+1ns", SOCKCTL_A_INTERVAL_NS, 3600000000001ull, 8, -EINVAL },
			{ "RATE_BPS 0", SOCKCTL_A_RATE_BPS, 0, 8, -EINVAL },
			{ "RATE_PPS 0", SOCKCTL_A_RATE_PPS, 0, 4, -ERANGE },
			{ "FRAG_SIZE 7", SOCKCTL_A_FRAG_SIZE, 7, 2, -ERANGE },
			{ "FRAG_SIZE 65529", SOCKCTL_A_FRAG_SIZE, 65529, 2, -ERANGE },
			{ "FRAG_SIZE 8", SOCKCTL_A_FRAG_SIZE, 8, 2, 0 },
			{ "INJECT 0", SOCKCTL_A_INJECT, 0, 1, -ERANGE },
			{ "INJECT 4", SOCKCTL_A_INJECT, 4, 1, -ERANGE },
			{ "IFINDEX 0", SOCKCTL_A_IFINDEX, 0, 4, -ERANGE },
		};

		for (i = 0; i < ARRAY_SIZE(s); i++) {
			struct an *c = an_clone(r);

			unlink_type(c, s[i].t);
			an_add(c, an_leaf((uint16_t)s[i].t, &s[i].v, (uint32_t)s[i].len));
			snprintf(name, sizeof(name), "BUILD with %s", s[i].n);
			want(f, name, SOCKCTL_CMD_BUILD, c, s[i].err, NULL);
		}
	}
	want(f, "RATE_PPS and INTERVAL together", SOCKCTL_CMD_BUILD,
	     tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		an_u32(SOCKCTL_A_RATE_PPS, 1), an_u64(SOCKCTL_A_INTERVAL_NS, 1), NULL), -EINVAL, NULL);
	want(f, "FRAG_SIZE without IPv4", SOCKCTL_CMD_BUILD,
	     tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"), NULL),
		an_u16(SOCKCTL_A_FRAG_SIZE, 64), NULL), -EINVAL, NULL);
	want(f, "empty RAW", SOCKCTL_CMD_BUILD, tl(an_leaf(SOCKCTL_A_RAW, NULL, 0), NULL), -EINVAL, NULL);
	want(f, "raw L2 frame of 13 bytes", SOCKCTL_CMD_BUILD,
	     tl(dev0(), an_fill(SOCKCTL_A_RAW, 13, 0), NULL), -EINVAL, NULL);
	want(f, "raw L3 IPv4 of 19 bytes", SOCKCTL_CMD_BUILD,
	     tl(an_leaf(SOCKCTL_A_RAW, "\x45\0\0\x13\0\0\0\0\x40\x11\0\0\x0a\x62\0\x01\x0a\x63\0", 19),
		NULL), -EINVAL, NULL);
	want(f, "L2 without a device", SOCKCTL_CMD_BUILD,
	     tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L2),
		an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL), NULL),
	     -EINVAL, NULL);
	want(f, "ARP and IPv4 together", SOCKCTL_CMD_BUILD,
	     tl(dev0(), an_nest(SOCKCTL_A_ARP, an_ip4(SOCKCTL_A_ARP_TPA, "10.98.0.2"), NULL),
		an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL), NULL),
	     -EINVAL, NULL);
	want(f, "ICMP over IPv6", SOCKCTL_CMD_BUILD,
	     tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"), NULL),
		an_nest(SOCKCTL_A_ICMP, NULL), NULL), -EINVAL, NULL);
	want(f, "IHL past the datagram at L3", SOCKCTL_CMD_BUILD,
	     tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"), an_u8(SOCKCTL_A_IPV4_IHL, 15), NULL),
		NULL), -EINVAL, NULL);
	want(f, "vary range above the field's maximum", SOCKCTL_CMD_BUILD,
	     tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_ID),
			an_u32(SOCKCTL_A_VARY_TO, 65536), NULL), NULL), -EINVAL, NULL);
	want(f, "vary of a layer not in the packet", SOCKCTL_CMD_BUILD,
	     tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_TCP_SEQ), NULL),
		NULL), -EINVAL, NULL);

	/* The device's MTU at L2 (fz0: 1500). */
	r = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
	       an_nest(SOCKCTL_A_UDP, NULL), payload(1500 - 28, 0), NULL);
	want(f, "SEND L2 datagram of exactly the MTU", SOCKCTL_CMD_SEND, r, 0, NULL);
	r = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
	       an_nest(SOCKCTL_A_UDP, NULL), payload(1501 - 28, 0), NULL);
	want(f, "SEND L2 datagram of MTU+1", SOCKCTL_CMD_SEND, r, -EMSGSIZE, NULL);
	r = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
	       an_nest(SOCKCTL_A_UDP, NULL), payload(3000, 0), an_u16(SOCKCTL_A_FRAG_SIZE, 1480), NULL);
	want(f, "SEND L2 datagram of 3028 bytes in 1480-byte fragments", SOCKCTL_CMD_SEND, r, 0, NULL);
	want(f, "SEND to a device that does not exist", SOCKCTL_CMD_SEND,
	     tl(an_str(SOCKCTL_A_IFNAME, "nonexistent0"),
		an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL), NULL),
	     -ENODEV, NULL);
	want(f, "IFNAME and IFINDEX naming different devices", SOCKCTL_CMD_SEND,
	     tl(dev0(), an_u32(SOCKCTL_A_IFINDEX, 1),
		an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL), NULL),
	     -EINVAL, NULL);

	/* Commands around jobs. */
	want(f, "GET_INFO with an attribute", SOCKCTL_CMD_GET_INFO,
	     tl(an_u32(SOCKCTL_A_JOB_ID, 1), NULL), -EINVAL, NULL);
	want(f, "STATS_GET with an attribute", SOCKCTL_CMD_STATS_GET,
	     tl(an_u32(SOCKCTL_A_INFO_FAMILY_VERSION, 1), NULL), -EINVAL, NULL);
	want(f, "JOB_GET without JOB_ID", SOCKCTL_CMD_JOB_GET, NULL, -EINVAL, NULL);
	want(f, "JOB_STOP without JOB_ID", SOCKCTL_CMD_JOB_STOP, NULL, -EINVAL, NULL);
	want(f, "JOB_GET of a job that does not exist", SOCKCTL_CMD_JOB_GET,
	     tl(an_u32(SOCKCTL_A_JOB_ID, 0xfffffff0u), NULL), -ENOENT, NULL);
	want(f, "JOB_STOP of a job that does not exist", SOCKCTL_CMD_JOB_STOP,
	     tl(an_u32(SOCKCTL_A_JOB_ID, 0xfffffff0u), NULL), -ENOENT, NULL);
	limits_capture(f);
	tap_phase_end(f, NULL);
}
