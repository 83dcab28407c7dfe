// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: who may capture what.  Capturing needs CAP_NET_RAW or
 * CAP_NET_ADMIN over the caller's netns; sessions are per netns (limited in
 * number, invisible from another netns, ended when their netns goes); only
 * Ethernet devices can be captured on.  See capture_env.h.
 */
#include "capture_env.h"
#include "capture_far.h"
#include "child_caps.h"
#include "clock_now.h"
#include "kernel_files.h"
#include "link_rtnl.h"

/* --- privilege, namespaces, limits --------------------------------------------- */

struct priv_arg {
	int ifindex;
	uint32_t id;		/* a session of the parent's */
	int n_drop;
	cap_value_t drop[2];
};

struct priv_result {
	int start_err, get_err, dump_err, stop_err;
	char extack[256];
};

static int priv_child(void *arg, void *out)
{
	const struct priv_arg *a = arg;
	struct priv_result *r = out;
	struct genl_client c;
	struct cap_rx rx;
	struct cap_info ci;
	char extack[256];

	cap_rx_init(&rx);
	if (!rx.buf || drop_caps(a->drop, a->n_drop))
		return 11;
	if (genl_client_open(&c, SOCKCTL_FAMILY_NAME))
		return 12;
	r->start_err = try_start(&c, &rx, &(struct start_opts){ .ifindex = a->ifindex },
				 &ci, r->extack);
	if (!r->start_err)
		cap_stop(&c, &rx, ci.id, &ci, extack);
	r->get_err = cap_get(&c, &rx, a->id, &ci, extack);
	r->dump_err = cap_dump(&c, &rx, NULL, 0);
	if (r->dump_err > 0)
		r->dump_err = 0;
	r->stop_err = cap_stop(&c, &rx, a->id, &ci, extack);
	genl_client_close(&c);
	return 0;
}

TEST_F(capture, unprivileged_is_refused_eperm)
{
	struct capenv *e = &self->e;
	struct priv_arg a = { .ifindex = e->t.near_ifindex, .n_drop = 2,
			      .drop = { CAP_NET_RAW, CAP_NET_ADMIN } };
	struct priv_result r = { 0 };
	struct cap_info g;

	a.id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex }, NULL);
	ASSERT_EQ(0, in_child(priv_child, &a, &r, sizeof(r)));
	EXPECT_EQ(-EPERM, r.start_err) TH_LOG("START: extack \"%s\"", r.extack);
	EXPECT_EQ(-EPERM, r.get_err);
	EXPECT_EQ(-EPERM, r.dump_err);
	EXPECT_EQ(-EPERM, r.stop_err);
	/* Our session is untouched. */
	ASSERT_EQ(0, cap_get(&e->c, &e->rx, a.id, &g, e->extack));
	EXPECT_FALSE(CAP_HAS(&g, SOCKCTL_A_CAPTURE_END_REASON));
	EXPECT_EQ(0, e->rx.n_end);
	finish(_metadata, &e->c, &e->rx, a.id, NULL);
}

/* uapi: CAP_NET_RAW "(or CAP_NET_ADMIN)": either one is enough. */
TEST_F(capture, net_admin_or_net_raw_alone_may_capture)
{
	struct capenv *e = &self->e;
	struct priv_arg a = { .ifindex = e->t.near_ifindex, .n_drop = 1,
			      .drop = { CAP_NET_RAW } };
	struct priv_result r = { 0 };

	a.id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex }, NULL);
	ASSERT_EQ(0, in_child(priv_child, &a, &r, sizeof(r)));
	EXPECT_EQ(0, r.start_err) TH_LOG("without CAP_NET_RAW: extack \"%s\"", r.extack);
	EXPECT_EQ(0, r.get_err);
	EXPECT_EQ(0, r.dump_err);
	/* The child stopped our session: STOP is by id, in the netns. */
	EXPECT_EQ(0, r.stop_err);

	a.id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex }, NULL);
	a.drop[0] = CAP_NET_ADMIN;
	memset(&r, 0, sizeof(r));
	ASSERT_EQ(0, in_child(priv_child, &a, &r, sizeof(r)));
	EXPECT_EQ(0, r.start_err) TH_LOG("without CAP_NET_ADMIN: extack \"%s\"", r.extack);
	EXPECT_EQ(0, r.stop_err);
}

TEST_F_TIMEOUT(capture, sessions_per_netns_are_limited_ebusy, 120)
{
	struct capenv *e = &self->e;
	uint32_t max = sc_info_u32(&e->c, SOCKCTL_A_INFO_MAX_CAPTURES), i;
	struct genl_client *cs;
	struct cap_rx frx;
	struct cap_info r;
	uint32_t *ids;
	int err;

	ASSERT_LT(0, max) TH_LOG("GET_INFO has no SOCKCTL_A_INFO_MAX_CAPTURES");
	if (max > 256)
		SKIP(return, "SOCKCTL_A_INFO_MAX_CAPTURES is %u: too many to start here", max);
	cs = calloc(max + 1, sizeof(*cs));
	ids = calloc(max + 1, sizeof(*ids));
	ASSERT_TRUE(cs && ids);
	cap_rx_init(&frx);
	for (i = 0; i <= max; i++) {
		ASSERT_EQ(0, genl_client_open(&cs[i], SOCKCTL_FAMILY_NAME));
		err = try_start(&cs[i], &e->rx, &(struct start_opts){
				.ifindex = e->t.near_ifindex }, &r, e->extack);
		if (i < max) {
			ASSERT_EQ(0, err) TH_LOG("session %u of %u: %s", i + 1, max, e->extack);
			ids[i] = r.id;
		} else {
			EXPECT_EQ(-EBUSY, err) TH_LOG("session %u of %u: %d", i + 1, max, err);
			EXPECT_NE(0, e->extack[0]);
			TH_LOG("extack: \"%s\"", e->extack);
		}
	}
	EXPECT_EQ(max, (uint32_t)cap_dump(&e->c, &e->rx, NULL, 0));
	/* Another netns has its own allowance. */
	err = try_start(&e->far, &frx, &(struct start_opts){ .ifindex = e->t.far_ifindex },
			&r, e->extack);
	EXPECT_EQ(0, err) TH_LOG("in the far netns: %s", e->extack);
	/* One stopped: room for one more. */
	ASSERT_EQ(0, cap_stop(&cs[0], &e->rx, ids[0], &r, e->extack));
	err = try_start(&cs[max], &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex }, &r, e->extack);
	EXPECT_EQ(0, err) TH_LOG("after a STOP: %s", e->extack);
	for (i = 0; i <= max; i++)
		genl_client_close(&cs[i]);
	free(cs);
	free(ids);
	cap_rx_free(&frx);
}

TEST_F(capture, sessions_invisible_from_another_netns)
{
	struct capenv *e = &self->e;
	struct cap_rx frx;
	struct cap_info list[4], g;
	uint32_t id, fid;
	int err;

	cap_rx_init(&frx);
	id = start(_metadata, &e->c, &e->rx, &(struct start_opts){
			.ifindex = e->t.near_ifindex }, NULL);
	EXPECT_EQ(0, cap_dump(&e->far, &frx, list, 4));
	EXPECT_EQ(-ENOENT, cap_get(&e->far, &frx, id, &g, e->extack));
	EXPECT_EQ(-ENOENT, cap_stop(&e->far, &frx, id, &g, e->extack));
	/* Still ours, still running. */
	ASSERT_EQ(0, cap_get(&e->c, &e->rx, id, &g, e->extack));
	EXPECT_EQ(0, e->rx.n_end);
	/* And the other way round. */
	fid = start(_metadata, &e->far, &frx, &(struct start_opts){
			.ifindex = e->t.far_ifindex }, NULL);
	ASSERT_EQ(1, cap_dump(&e->c, &e->rx, list, 4));
	EXPECT_EQ(id, list[0].id);
	ASSERT_EQ(1, cap_dump(&e->far, &frx, list, 4));
	EXPECT_EQ(fid, list[0].id);
	EXPECT_EQ(e->t.far_ifindex, list[0].ifindex);
	/* A device of another netns is not ours to capture. */
	err = try_start(&e->c, &e->rx, &(struct start_opts){ .ifname = TOPO_FAR_NAME },
			&g, e->extack);
	EXPECT_EQ(-ENODEV, err) TH_LOG("%s by name from the home netns: %s",
				       TOPO_FAR_NAME, e->extack);
	finish(_metadata, &e->far, &frx, fid, NULL);
	finish(_metadata, &e->c, &e->rx, id, NULL);
	cap_rx_free(&frx);
}

/*
 * A netns whose sockets hold live sessions, with traffic flowing in it, goes
 * away: the session's socket is made in it, then the socket is closed and
 * the netns's last reference dropped, in both orders.  No splat, no module
 * reference left behind.
 */
static void netns_round(struct __test_metadata *_metadata, int round)
{
	struct genl_client x, y;
	struct cap_rx rx;
	char buf[REQ_SIZE], extack[256];
	struct nlmsghdr *nlh;
	struct in_addr lo4 = { htonl(INADDR_LOOPBACK) };
	int home, xfd, err;
	uint32_t id;

	cap_rx_init(&rx);
	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, home);
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	xfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, xfd);
	ASSERT_EQ(0, rtnl_link_up(1));
	ASSERT_EQ(0, genl_client_open(&x, SOCKCTL_FAMILY_NAME));
	ASSERT_EQ(0, genl_client_open(&y, SOCKCTL_FAMILY_NAME));
	/* Every device: the loopback carries the traffic. */
	id = start(_metadata, &x, &rx, &(struct start_opts){ .queue_len = 16 }, NULL);
	/* A background job: it outlives its socket, not its netns. */
	nlh = genl_client_msg(&y, buf, SOCKCTL_CMD_SEND, 0);
	PUT_ATTRS(nlh,
		U8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L3),
		NEST(SOCKCTL_A_IPV4, BIN(SOCKCTL_A_IPV4_DADDR, &lo4, 4)),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, 9)),
		U32(SOCKCTL_A_COUNT, 20000),
		U32(SOCKCTL_A_RATE_PPS, 2000),
		FLAG(SOCKCTL_A_BACKGROUND));
	err = cap_xfer(&y, nlh, &rx, NULL, 0, extack);
	ASSERT_EQ(0, err) TH_LOG("background SEND in the doomed netns: %s; %s",
				  strerror(-err), extack);
	ASSERT_EQ(1, cap_collect(&x, &rx, 4, ARRIVE_MS))
		TH_LOG("round %d: no loopback traffic captured", round);
	EXPECT_EQ(id, rx.pkts[0].session);
	ASSERT_EQ(0, setns(home, CLONE_NEWNET));
	close(home);

	switch (round) {
	case 0:	/* the session's socket first, then the netns */
		genl_client_close(&x);
		genl_client_close(&y);
		close(xfd);
		break;
	case 1:	/* the netns first: the sockets hold it until they close */
		close(xfd);
		genl_client_close(&y);
		usleep(100 * 1000);
		genl_client_close(&x);
		break;
	default: /* the session's socket unread and full */
		close(xfd);
		usleep(300 * 1000);
		genl_client_close(&y);
		genl_client_close(&x);
		break;
	}
	cap_rx_free(&rx);
}

TEST_F_TIMEOUT(capture, netns_deleted_with_live_session, 120)
{
	struct capenv *e = &self->e;
	int base = module_refcnt(), now = base, round;
	long long deadline;

	for (round = 0; round < 3; round++)
		netns_round(_metadata, round);
	/*
	 * A netns is cleaned up later, on a workqueue: what the module held
	 * for the sessions and jobs must come back.
	 */
	deadline = now_mono_ms() + 20000;
	while (base >= 0 && (now = module_refcnt()) != base && now_mono_ms() < deadline)
		usleep(100 * 1000);
	EXPECT_EQ(base, now) TH_LOG("module references: %d before, %d 20 s after", base, now);
	/* The module still answers, here and in a new netns. */
	EXPECT_LT(0, sc_info_u32(&e->c, SOCKCTL_A_INFO_MAX_CAPTURES));
	EXPECT_EQ(0, cap_dump(&e->c, &e->rx, NULL, 0));
	/* Let the cleanup's messages reach the log before the teardown reads it. */
	usleep(500 * 1000);
}

/* uapi: only Ethernet-framed devices (loopback included) are captured. */
TEST_F(capture, non_ethernet_device_refused)
{
	static const struct { const char *name, *kind; } tunnels[] = {
		{ "sc-ipip", "ipip" }, { "sc-sit", "sit" }, { "sc-gre", "gre" },
	};
	static const char *const fallback[] = { "sit0", "tunl0", "gre0", "ip6tnl0" };
	struct capenv *e = &self->e;
	const char *name = NULL;
	struct cap_info r;
	char extack[256] = "";
	int ifindex = 0, err;
	size_t i;

	for (i = 0; i < sizeof(tunnels) / sizeof(tunnels[0]) && !ifindex; i++) {
		if (link_add_kind(tunnels[i].name, tunnels[i].kind))
			continue;
		name = tunnels[i].name;
		ifindex = (int)if_nametoindex(name);
	}
	for (i = 0; i < sizeof(fallback) / sizeof(fallback[0]) && !ifindex; i++) {
		name = fallback[i];
		ifindex = (int)if_nametoindex(name);
	}
	if (!ifindex)
		SKIP(return, "no tunnel device could be made (ipip, sit, gre)");
	ASSERT_EQ(0, rtnl_link_up(ifindex));
	err = try_start(&e->c, &e->rx, &(struct start_opts){ .ifindex = ifindex }, &r, extack);
	TH_LOG("%s: %d (%s), extack \"%s\"", name, err, strerror(-err), extack);
	EXPECT_NE(0, err);
	EXPECT_TRUE(err == -EOPNOTSUPP || err == -EINVAL) TH_LOG("unexpected errno");
	EXPECT_NE(0, extack[0]);
	EXPECT_EQ(0, cap_dump(&e->c, &e->rx, NULL, 0));
	if (!err)
		finish(_metadata, &e->c, &e->rx, r.id, NULL);
}


TEST_HARNESS_MAIN
