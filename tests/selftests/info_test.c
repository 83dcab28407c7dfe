// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: SOCKCTL_CMD_GET_INFO end to end, and the family's ground rules
 * every later command relies on: strict validation with extended ACKs, per
 * network namespace state, privilege as seen from the caller's netns.
 *
 * Needs sockctl.ko loaded and root.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/sockctl.h>

#include "kselftest_harness.h"
#include "genl_client.h"

FIXTURE(info) {
	struct genl_client c;
	struct genl_result res;
	const struct nlattr *tb[SOCKCTL_A_INFO_MAX + 1];
};

FIXTURE_SETUP(info)
{
	int err = genl_client_open(&self->c, SOCKCTL_FAMILY_NAME);

	if (err == -ENOENT)
		SKIP(return, "sockctl.ko is not loaded");
	ASSERT_EQ(0, err);
}

FIXTURE_TEARDOWN(info)
{
	genl_client_close(&self->c);
}

static int get_info(struct genl_client *c, struct genl_result *res,
		    const struct nlattr **tb)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, SOCKCTL_CMD_GET_INFO, 0);
	int err = genl_client_xfer(c, nlh, res);

	return err ? err : genl_result_attrs(res, tb, SOCKCTL_A_INFO_MAX);
}

TEST_F(info, reports_versions_and_limits)
{
	struct utsname uts;

	ASSERT_EQ(0, get_info(&self->c, &self->res, self->tb));
	ASSERT_EQ(1, self->res.n_replies);
	EXPECT_EQ(SOCKCTL_FAMILY_VERSION, self->c.family_version);

	ASSERT_NE(NULL, self->tb[SOCKCTL_A_INFO_FAMILY_VERSION]);
	EXPECT_EQ(SOCKCTL_FAMILY_VERSION,
		  mnl_attr_get_u32(self->tb[SOCKCTL_A_INFO_FAMILY_VERSION]));
	ASSERT_NE(NULL, self->tb[SOCKCTL_A_INFO_MODULE_VERSION]);
	EXPECT_STREQ("0.1.0", mnl_attr_get_str(self->tb[SOCKCTL_A_INFO_MODULE_VERSION]));
	ASSERT_NE(NULL, self->tb[SOCKCTL_A_INFO_KERNEL_RELEASE]);
	ASSERT_EQ(0, uname(&uts));
	EXPECT_STREQ(uts.release, mnl_attr_get_str(self->tb[SOCKCTL_A_INFO_KERNEL_RELEASE]));

	ASSERT_NE(NULL, self->tb[SOCKCTL_A_INFO_MAX_PACKET]);
	EXPECT_EQ(65535, mnl_attr_get_u32(self->tb[SOCKCTL_A_INFO_MAX_PACKET]));
	ASSERT_NE(NULL, self->tb[SOCKCTL_A_INFO_MAX_COUNT]);
	EXPECT_LT(0, mnl_attr_get_u32(self->tb[SOCKCTL_A_INFO_MAX_COUNT]));
	ASSERT_NE(NULL, self->tb[SOCKCTL_A_INFO_MAX_JOBS]);
	EXPECT_LT(0, mnl_attr_get_u32(self->tb[SOCKCTL_A_INFO_MAX_JOBS]));
	/* We run as root in the initial netns. */
	EXPECT_NE(NULL, self->tb[SOCKCTL_A_INFO_CAP_NET_RAW]);
}

TEST_F(info, counts_requests_per_call)
{
	uint64_t first, second;

	ASSERT_EQ(0, get_info(&self->c, &self->res, self->tb));
	first = mnl_attr_get_u64(self->tb[SOCKCTL_A_INFO_NETNS_REQUESTS]);
	ASSERT_EQ(0, get_info(&self->c, &self->res, self->tb));
	second = mnl_attr_get_u64(self->tb[SOCKCTL_A_INFO_NETNS_REQUESTS]);
	EXPECT_EQ(first + 1, second);
}

TEST_F(info, rejects_unknown_attribute)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	nlh = genl_client_msg(&self->c, buf, SOCKCTL_CMD_GET_INFO, 0);
	mnl_attr_put_u32(nlh, SOCKCTL_A_INFO_FAMILY_VERSION, 1);
	EXPECT_EQ(-EINVAL, genl_client_xfer(&self->c, nlh, &self->res));
	EXPECT_EQ(0, self->res.n_replies);
	/* The kernel says why and points at the attribute. */
	EXPECT_NE(0, self->res.extack[0]);
	EXPECT_EQ(NLMSG_HDRLEN + GENL_HDRLEN, self->res.extack_offset);
	TH_LOG("extack: %s", self->res.extack);
}

TEST_F(info, rejects_reserved_header_field)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	nlh = genl_client_msg(&self->c, buf, SOCKCTL_CMD_GET_INFO, 0);
	genl = mnl_nlmsg_get_payload(nlh);
	genl->reserved = 1;
	EXPECT_EQ(-EINVAL, genl_client_xfer(&self->c, nlh, &self->res));
	EXPECT_NE(NULL, strstr(self->res.extack, "reserved"));
}

TEST_F(info, rejects_unknown_command)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	nlh = genl_client_msg(&self->c, buf, SOCKCTL_CMD_MAX + 1, 0);
	EXPECT_EQ(-EOPNOTSUPP, genl_client_xfer(&self->c, nlh, &self->res));
	nlh = genl_client_msg(&self->c, buf, SOCKCTL_CMD_UNSPEC, 0);
	EXPECT_EQ(-EOPNOTSUPP, genl_client_xfer(&self->c, nlh, &self->res));
}

/* What GET_INFO told a child process about its netns. */
struct child_view {
	uint64_t cookie;
	uint64_t requests;
	int cap_net_raw;
};

/*
 * Ask GET_INFO from a child that may first drop CAP_NET_RAW and then unshare
 * namespaces.  Returns 0, or the step at which the child failed.
 */
static int child_get_info(int unshare_flags, bool drop_net_raw,
			  struct child_view *out)
{
	int pipefd[2], status;
	pid_t pid;

	if (pipe(pipefd))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		struct genl_client c;
		struct genl_result *res = malloc(sizeof(*res));
		const struct nlattr *tb[SOCKCTL_A_INFO_MAX + 1];
		struct child_view v = { 0 };

		close(pipefd[0]);
		if (drop_net_raw) {
			cap_t caps = cap_get_proc();
			cap_value_t raw = CAP_NET_RAW;

			if (!caps ||
			    cap_set_flag(caps, CAP_EFFECTIVE, 1, &raw, CAP_CLEAR) ||
			    cap_set_flag(caps, CAP_PERMITTED, 1, &raw, CAP_CLEAR) ||
			    cap_set_proc(caps))
				_exit(11);
			cap_free(caps);
		}
		/* After dropping: a new userns grants caps only inside itself. */
		if (unshare_flags && unshare(unshare_flags))
			_exit(10);
		if (!res || genl_client_open(&c, SOCKCTL_FAMILY_NAME))
			_exit(12);
		if (get_info(&c, res, tb) || !tb[SOCKCTL_A_INFO_NETNS_COOKIE] ||
		    !tb[SOCKCTL_A_INFO_NETNS_REQUESTS])
			_exit(13);
		v.cookie = mnl_attr_get_u64(tb[SOCKCTL_A_INFO_NETNS_COOKIE]);
		v.requests = mnl_attr_get_u64(tb[SOCKCTL_A_INFO_NETNS_REQUESTS]);
		v.cap_net_raw = tb[SOCKCTL_A_INFO_CAP_NET_RAW] != NULL;
		if (write(pipefd[1], &v, sizeof(v)) != sizeof(v))
			_exit(14);
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], out, sizeof(*out)) != sizeof(*out))
		memset(out, 0, sizeof(*out));
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST_F(info, netns_state_is_separate)
{
	struct child_view host, ns;

	ASSERT_EQ(0, child_get_info(0, false, &host));
	ASSERT_EQ(0, child_get_info(CLONE_NEWNET, false, &ns));

	EXPECT_NE(host.cookie, ns.cookie);
	/* A fresh netns has seen exactly one request: this one. */
	EXPECT_EQ(1, ns.requests);
	EXPECT_LT(1, host.requests);
	EXPECT_TRUE(ns.cap_net_raw);
}

TEST_F(info, unprivileged_may_query)
{
	struct child_view v;

	ASSERT_EQ(0, child_get_info(0, true, &v));
	EXPECT_FALSE(v.cap_net_raw);
}

TEST_F(info, userns_root_is_privileged_in_own_netns_only)
{
	struct child_view v;
	int ret;

	/* No CAP_NET_RAW in init_user_ns, but root of a new userns + netns. */
	ret = child_get_info(CLONE_NEWUSER | CLONE_NEWNET, true, &v);
	if (ret == 10)
		SKIP(return, "user namespaces are not available");
	ASSERT_EQ(0, ret);
	EXPECT_TRUE(v.cap_net_raw);
	EXPECT_EQ(1, v.requests);

	/* Root of a new userns, still in the initial netns: not privileged. */
	ASSERT_EQ(0, child_get_info(CLONE_NEWUSER, true, &v));
	EXPECT_FALSE(v.cap_net_raw);
}

TEST_HARNESS_MAIN
