// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: faulty capture requests (START, GET, STOP) are refused with
 * their errno and an extack message, and change nothing: no session starts or
 * stops.  The same request without its fault goes through.  See
 * capture_env.h.
 */
#include "capture_env.h"

/* --- refused requests: explained, and nothing changes ----------------------- */

/*
 * Each case writes a request that is valid when bad is false and has
 * exactly one fault when bad is true.  START cases ignore id; GET and STOP
 * cases get the id of a live session.
 */
typedef void (*bad_fn)(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad);

static void on_near(struct nlmsghdr *nlh, const struct topo *t)
{
	mnl_attr_put_u32(nlh, SOCKCTL_A_IFINDEX, (uint32_t)t->near_ifindex);
}

static void unknown_ifindex(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	mnl_attr_put_u32(nlh, SOCKCTL_A_IFINDEX, bad ? 999999 : (uint32_t)t->near_ifindex);
}

static void unknown_ifname(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	mnl_attr_put_strz(nlh, SOCKCTL_A_IFNAME, bad ? "sc-nosuch" : t->near_name);
}

static void ifindex_and_ifname_differ(struct nlmsghdr *nlh, const struct topo *t,
				      uint32_t id, bool bad)
{
	on_near(nlh, t);
	mnl_attr_put_strz(nlh, SOCKCTL_A_IFNAME, bad ? "lo" : t->near_name);
}

static void put_filter(struct nlmsghdr *nlh, const struct topo *t, const struct bpf_insn *p,
		       size_t bytes)
{
	on_near(nlh, t);
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, BIN(SOCKCTL_A_CAPTURE_FILTER, p, bytes)));
}

static void filter_jump_out_of_range(struct nlmsghdr *nlh, const struct topo *t,
				     uint32_t id, bool bad)
{
	const struct bpf_insn p[] = {
		{ BPF_JMP | BPF_JA, 0, 0, bad ? 5 : 0 },
		{ BPF_RET | BPF_K, 0, 0, 0xffff },
	};

	put_filter(nlh, t, p, sizeof(p));
}

static void filter_conditional_jump_out_of_range(struct nlmsghdr *nlh, const struct topo *t,
						 uint32_t id, bool bad)
{
	const struct bpf_insn p[] = {
		{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 12 },
		{ BPF_JMP | BPF_JEQ | BPF_K, 0, bad ? 200 : 1, 0x0800 },
		{ BPF_RET | BPF_K, 0, 0, 0xffff },
		{ BPF_RET | BPF_K, 0, 0, 0 },
	};

	put_filter(nlh, t, p, sizeof(p));
}

static void filter_not_ending_in_ret(struct nlmsghdr *nlh, const struct topo *t,
				     uint32_t id, bool bad)
{
	const struct bpf_insn p[] = {
		{ BPF_LD | BPF_H | BPF_ABS, 0, 0, 12 },
		{ bad ? BPF_LD | BPF_H | BPF_ABS : BPF_RET | BPF_K, 0, 0, 0xffff },
	};

	put_filter(nlh, t, p, sizeof(p));
}

static void filter_unknown_opcode(struct nlmsghdr *nlh, const struct topo *t,
				  uint32_t id, bool bad)
{
	const struct bpf_insn p[] = {
		{ bad ? 0xffff : BPF_LD | BPF_H | BPF_ABS, 0, 0, 12 },
		{ BPF_RET | BPF_K, 0, 0, 0xffff },
	};

	put_filter(nlh, t, p, sizeof(p));
}

static void filter_length_not_multiple_of_8(struct nlmsghdr *nlh, const struct topo *t,
					    uint32_t id, bool bad)
{
	const struct bpf_insn p[] = {
		{ BPF_RET | BPF_K, 0, 0, 0xffff },
		{ BPF_RET | BPF_K, 0, 0, 0xffff },
	};

	put_filter(nlh, t, p, bad ? 12 : 16);
}

/* BPF_MAXINSNS (4096) instructions are fine, one more is not. */
static void filter_too_long(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	size_t n = bad ? 4097 : 4096, i;
	struct bpf_insn *p = calloc(n, sizeof(*p));

	if (!p)
		return;
	for (i = 0; i < n - 1; i++)
		p[i] = (struct bpf_insn){ BPF_LD | BPF_IMM, 0, 0, (bpf_u_int32)i };
	p[n - 1] = (struct bpf_insn){ BPF_RET | BPF_K, 0, 0, 0xffff };
	put_filter(nlh, t, p, n * sizeof(*p));
	free(p);
}

static void filter_empty(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	const struct bpf_insn p[] = { { BPF_RET | BPF_K, 0, 0, 0xffff } };

	put_filter(nlh, t, p, bad ? 0 : sizeof(p));
}

#define CAPTURE_U32_CASE(name, attr, good, faulty) \
static void name(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad) \
{ \
	on_near(nlh, t); \
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(attr, bad ? (faulty) : (good)))); \
}
CAPTURE_U32_CASE(snaplen_0, SOCKCTL_A_CAPTURE_SNAPLEN, 1, 0)
CAPTURE_U32_CASE(snaplen_above_max, SOCKCTL_A_CAPTURE_SNAPLEN, SOCKCTL_MAX_FRAME_REPLY,
		 SOCKCTL_MAX_FRAME_REPLY + 1)
CAPTURE_U32_CASE(queue_len_0, SOCKCTL_A_CAPTURE_QUEUE_LEN, 1, 0)
CAPTURE_U32_CASE(queue_len_65537, SOCKCTL_A_CAPTURE_QUEUE_LEN, 65536, 65537)
CAPTURE_U32_CASE(flush_us_0, SOCKCTL_A_CAPTURE_FLUSH_US, 1, 0)
CAPTURE_U32_CASE(flush_us_above_1s, SOCKCTL_A_CAPTURE_FLUSH_US, 1000000, 1000001)

#define CAPTURE_U8_CASE(name, attr, good, faulty) \
static void name(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad) \
{ \
	on_near(nlh, t); \
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U8(attr, bad ? (faulty) : (good)))); \
}
CAPTURE_U8_CASE(direction_0, SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_IN, 0)
CAPTURE_U8_CASE(direction_4, SOCKCTL_A_CAPTURE_DIRECTION, SOCKCTL_CAPTURE_BOTH, 4)

static void snaplen_2_bytes(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	on_near(nlh, t);
	if (bad)
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U16(SOCKCTL_A_CAPTURE_SNAPLEN, 100)));
	else
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_SNAPLEN, 100)));
}

static void capture_nest_without_nla_f_nested(struct nlmsghdr *nlh, const struct topo *t,
					      uint32_t id, bool bad)
{
	on_near(nlh, t);
	if (bad)
		PUT_ATTRS(nlh, NEST_NOFLAG(SOCKCTL_A_CAPTURE,
					   U32(SOCKCTL_A_CAPTURE_SNAPLEN, 100)));
	else
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_SNAPLEN, 100)));
}

static void unknown_attr_in_capture_nest(struct nlmsghdr *nlh, const struct topo *t,
					 uint32_t id, bool bad)
{
	on_near(nlh, t);
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE,
			    U32(SOCKCTL_A_CAPTURE_SNAPLEN, 100),
			    IF(bad, U32(SOCKCTL_A_CAPTURE_MAX + 1, 1))));
}

static void pad_attribute_in_capture_nest(struct nlmsghdr *nlh, const struct topo *t,
					  uint32_t id, bool bad)
{
	on_near(nlh, t);
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE,
			    IF(bad, BIN(SOCKCTL_A_CAPTURE_PAD, NULL, 0)),
			    U64(SOCKCTL_A_CAPTURE_COUNT, 5)));
}

/* GET and STOP: the id, alone, in a SOCKCTL_A_CAPTURE nest. */
static void unknown_id(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_ID, bad ? id + 1000 : id)));
}

static void id_and_another_attribute(struct nlmsghdr *nlh, const struct topo *t,
				     uint32_t id, bool bad)
{
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE,
			    U32(SOCKCTL_A_CAPTURE_ID, id),
			    IF(bad, U32(SOCKCTL_A_CAPTURE_SNAPLEN, 100))));
}

static void no_id(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	if (bad)
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, ATTR_NONE));
	else
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_ID, id)));
}

static void no_capture_nest(struct nlmsghdr *nlh, const struct topo *t, uint32_t id, bool bad)
{
	if (!bad)
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_ID, id)));
}

static void id_outside_the_nest(struct nlmsghdr *nlh, const struct topo *t, uint32_t id,
				bool bad)
{
	PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_ID, id)),
		  IF(bad, U32(SOCKCTL_A_IFINDEX, (uint32_t)t->near_ifindex)));
}

struct bad_case {
	const char *name;
	bad_fn put;
	uint8_t cmd;
	int err;		/* what the faulty request gets */
	int alt_err;		/* or this, where the uapi does not say (0: none) */
};

#define START_CASE(fn, e, alt) { .name = "start_" #fn, .put = fn, \
	.cmd = SOCKCTL_CMD_CAPTURE_START, .err = (e), .alt_err = (alt) }
#define GET_CASE(fn, e) { .name = "get_" #fn, .put = fn, \
	.cmd = SOCKCTL_CMD_CAPTURE_GET, .err = (e) }
#define STOP_CASE(fn, e) { .name = "stop_" #fn, .put = fn, \
	.cmd = SOCKCTL_CMD_CAPTURE_STOP, .err = (e) }

static const struct bad_case bad_cases[] = {
	START_CASE(unknown_ifindex, -ENODEV, 0),
	START_CASE(unknown_ifname, -ENODEV, 0),
	START_CASE(ifindex_and_ifname_differ, -EINVAL, 0),
	/*
	 * uapi: "The kernel's BPF checker must accept it, or the request
	 * fails with -EINVAL."
	 */
	START_CASE(filter_jump_out_of_range, -EINVAL, 0),
	START_CASE(filter_conditional_jump_out_of_range, -EINVAL, 0),
	START_CASE(filter_not_ending_in_ret, -EINVAL, 0),
	START_CASE(filter_unknown_opcode, -EINVAL, 0),
	/* An array of 8-byte instructions, at most 4096: which errno is not said. */
	START_CASE(filter_length_not_multiple_of_8, -EINVAL, -ERANGE),
	START_CASE(filter_too_long, -EINVAL, -ERANGE),
	START_CASE(filter_empty, -EINVAL, -ERANGE),
	/* uapi: "the netlink core says -ERANGE for a value or length out of its range" */
	START_CASE(snaplen_0, -ERANGE, 0),
	START_CASE(snaplen_above_max, -ERANGE, 0),
	START_CASE(queue_len_0, -ERANGE, 0),
	START_CASE(queue_len_65537, -ERANGE, 0),
	START_CASE(flush_us_0, -ERANGE, 0),
	START_CASE(flush_us_above_1s, -ERANGE, 0),
	START_CASE(direction_0, -ERANGE, -EINVAL),
	START_CASE(direction_4, -ERANGE, -EINVAL),
	START_CASE(snaplen_2_bytes, -EINVAL, 0),
	START_CASE(capture_nest_without_nla_f_nested, -EINVAL, 0),
	START_CASE(unknown_attr_in_capture_nest, -EINVAL, 0),
	START_CASE(pad_attribute_in_capture_nest, -EINVAL, 0),
	GET_CASE(unknown_id, -ENOENT),
	GET_CASE(id_and_another_attribute, -EINVAL),
	GET_CASE(no_id, -EINVAL),
	GET_CASE(no_capture_nest, -EINVAL),
	STOP_CASE(unknown_id, -ENOENT),
	STOP_CASE(id_and_another_attribute, -EINVAL),
	STOP_CASE(no_id, -EINVAL),
	STOP_CASE(no_capture_nest, -EINVAL),
	STOP_CASE(id_outside_the_nest, -EINVAL),
};

FIXTURE(capture_bad) {
	struct capenv e;
};

FIXTURE_SETUP(capture_bad)
{
	env_setup(_metadata, &self->e);
}

FIXTURE_TEARDOWN(capture_bad)
{
	env_teardown(_metadata, &self->e);
}

static int send_case(struct capenv *e, const struct bad_case *c,
		     uint32_t id, bool bad, char *buf, struct cap_info *reply)
{
	struct nlmsghdr *nlh = genl_client_msg(&e->c, buf, c->cmd, 0);

	c->put(nlh, &e->t, id, bad);
	return cap_xfer(&e->c, nlh, &e->rx, reply, 1, e->extack);
}

/*
 * The faulty request is refused with its errno and an extack message and
 * changes nothing; the same without the fault goes through.  Each case
 * ends the sessions it started, so the next finds none.
 */
static void bad_case_run(struct __test_metadata *_metadata, struct capenv *e,
			 const struct bad_case *c, char *buf)
{
	struct cap_info reply, list[4];
	uint32_t id = 0;
	int err, n;

	TH_LOG("case %s:", c->name);
	/* What the previous case received (its session's END) is not ours. */
	cap_rx_reset(&e->rx);
	if (c->cmd != SOCKCTL_CMD_CAPTURE_START)
		id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
				.ifindex = e->t.near_ifindex }, NULL);

	err = send_case(e, c, id, true, buf, &reply);
	EXPECT_TRUE(err == c->err || (c->alt_err && err == c->alt_err))
		TH_LOG("got %d (%s), expected %d (%s); extack \"%s\"", err, strerror(-err),
		       c->err, strerror(-c->err), e->extack);
	EXPECT_NE(0, e->extack[0]) TH_LOG("no extack message");
	TH_LOG("extack: \"%s\"", e->extack);
	EXPECT_FALSE(CAP_HAS(&reply, SOCKCTL_A_CAPTURE_ID)) TH_LOG("a reply came with the error");
	/* Nothing started, nothing stopped. */
	n = cap_dump(&e->c, &e->rx, list, 4);
	EXPECT_EQ(id ? 1 : 0, n);
	if (id && n == 1)
		EXPECT_EQ(id, list[0].id);
	EXPECT_EQ(0, e->rx.n_end);

	/* The same without the fault goes through. */
	err = send_case(e, c, id, false, buf, &reply);
	ASSERT_EQ(0, err) TH_LOG("the valid request: %s; extack \"%s\"", strerror(-err),
				 e->extack);
	if (c->cmd == SOCKCTL_CMD_CAPTURE_START)
		finish(_metadata, &e->c, &e->rx, reply.id, NULL);
	else if (c->cmd == SOCKCTL_CMD_CAPTURE_GET)
		finish(_metadata, &e->c, &e->rx, id, NULL);
	else
		EXPECT_EQ(1, cap_wait_end(&e->c, &e->rx, id, ARRIVE_MS));
}

/*
 * Every case in one test on one topology: setting one up costs far more
 * than the case's requests (about a second under the debug kernel).  The
 * log names the case that fails.
 */
TEST_F(capture_bad, each_fault_refused_explained_nothing_changes)
{
	char *buf = malloc(65536);
	size_t i;

	ASSERT_NE(NULL, buf);
	for (i = 0; i < ARRAY_SIZE(bad_cases); i++)
		bad_case_run(_metadata, &self->e, &bad_cases[i], buf);
	free(buf);
}


TEST_HARNESS_MAIN
