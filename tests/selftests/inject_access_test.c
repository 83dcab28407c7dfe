// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: who may inject.  Without CAP_NET_RAW, SEND and BUILD are
 * refused with EPERM; root of a user namespace sends in a netns of its own.
 * See inject_env.h.
 */
#include "inject_env.h"
#include "child_caps.h"

/* --- privilege ------------------------------------------------------------ */

static const cap_value_t net_raw = CAP_NET_RAW;

struct child_result {
	int send_err, build_err;
	int step;		/* where a userns child failed */
	int err;
	char extack[256];
	size_t frame_len;
	uint8_t frame[128];
};

/* Without CAP_NET_RAW: SEND and BUILD of a valid description. */
static int unprivileged_child(void *arg, void *out)
{
	const struct topo *t = arg;
	struct child_result *r = out;
	struct genl_client c;
	struct genl_result *res = malloc(sizeof(*res));
	char buf[REQ_SIZE];
	struct nlmsghdr *nlh;

	if (!res || drop_caps(&net_raw, 1))
		return 11;
	if (genl_client_open(&c, SOCKCTL_FAMILY_NAME))
		return 12;
	nlh = genl_client_msg(&c, buf, SOCKCTL_CMD_SEND, 0);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	desc_udp4(nlh, t, 1, 1, 2, "no", 2);
	r->send_err = genl_client_xfer(&c, nlh, res);
	nlh = genl_client_msg(&c, buf, SOCKCTL_CMD_BUILD, 0);
	desc_target(nlh, SOCKCTL_INJECT_L2, t->near_ifindex);
	desc_udp4(nlh, t, 1, 1, 2, "no", 2);
	r->build_err = genl_client_xfer(&c, nlh, res);
	return 0;
}

TEST_F(inject, unprivileged_send_and_build_get_eperm)
{
	struct env *e = &self->e;
	struct child_result r = { 0 };

	ASSERT_EQ(0, in_child(unprivileged_child, &e->t, &r, sizeof(r)));
	EXPECT_EQ(-EPERM, r.send_err);
	EXPECT_EQ(-EPERM, r.build_err);
	expect_silence(_metadata, e, SILENCE_MS);
}

/*
 * Root of a new user namespace, without CAP_NET_RAW in the initial one, in
 * a netns of its own (with its own veth pair): may send there.
 */
static int userns_child(void *arg, void *out)
{
	struct child_result *r = out;
	struct genl_client c;
	struct genl_result *res = malloc(sizeof(*res));
	struct pkt_sink sink;
	struct topo t;
	char buf[REQ_SIZE];
	struct nlmsghdr *nlh;
	const char *where;
	ssize_t n;

	(void)arg;
	r->step = 1;
	if (!res || drop_caps(&net_raw, 1))
		return 11;
	r->step = 2;
	if (unshare(CLONE_NEWUSER))
		return 10;	/* no user namespaces: skip */
	r->step = 3;
	r->err = topo_setup(&t, &where);
	if (r->err) {
		snprintf(r->extack, sizeof(r->extack), "network setup: %s", where);
		return 13;
	}
	r->step = 4;
	r->err = sink_open(&sink, t.far_netns, t.far_ifindex);
	if (r->err || genl_client_open(&c, SOCKCTL_FAMILY_NAME))
		return 14;
	r->step = 5;
	nlh = genl_client_msg(&c, buf, SOCKCTL_CMD_SEND, 0);
	desc_target(nlh, SOCKCTL_INJECT_L2, t.near_ifindex);
	desc_udp4(nlh, &t, 1, 1, 2, "userns", 6);
	r->send_err = genl_client_xfer(&c, nlh, res);
	snprintf(r->extack, sizeof(r->extack), "%s", res->extack);
	if (r->send_err)
		return 15;
	r->step = 6;
	n = sink_recv(&sink, r->frame, sizeof(r->frame), ARRIVE_MS, NULL, NULL);
	if (n <= 0)
		return 16;
	r->frame_len = (size_t)n;
	return 0;
}

TEST_F(inject, userns_root_sends_in_its_own_netns)
{
	struct child_result r = { 0 };
	struct frame *exp;
	int ret;

	ret = in_child(userns_child, NULL, &r, sizeof(r));
	if (ret == 10)
		SKIP(return, "user namespaces are not available");
	ASSERT_EQ(0, ret) TH_LOG("child failed at step %d: %s (send %s; %s)", r.step,
				 strerror(-r.err), strerror(-r.send_err), r.extack);
	/* The same addresses as ours: the child built the same topology. */
	exp = expect_udp4(&self->e.t, 1, 1, 2, "userns", 6);
	EXPECT_FRAME(exp, r.frame, r.frame_len);
	free(exp);
}


TEST_HARNESS_MAIN
