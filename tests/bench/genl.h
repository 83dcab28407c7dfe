/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The little generic netlink the benchmark programs need, on libmnl and
 * the uapi header only: open a socket, resolve the sockctl family, start a
 * request.
 */
#ifndef SOCKCTL_BENCH_GENL_H
#define SOCKCTL_BENCH_GENL_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/sockctl.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct bench_genl {
	struct mnl_socket *nl;
	unsigned int portid, seq;
	uint16_t family;
	uint8_t version;
};

static inline struct nlmsghdr *bench_genl_msg(struct bench_genl *g, void *buf,
					      uint16_t type, uint8_t cmd,
					      uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *gh;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++g->seq;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = cmd;
	gh->version = version;
	return nlh;
}

static inline int bench_genl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct bench_genl *g = data;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			g->family = mnl_attr_get_u16(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_VERSION)
			g->version = (uint8_t)mnl_attr_get_u32(a);
	}
	return MNL_CB_OK;
}

/* Run one request to completion (its replies to cb, then the ACK or DONE). */
static inline int bench_genl_run(struct bench_genl *g, struct nlmsghdr *nlh,
				 mnl_cb_t cb, void *data)
{
	static char buf[1 << 16];
	int ret;

	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		ret = (int)mnl_socket_recvfrom(g->nl, buf, sizeof(buf));
		if (ret < 0)
			return -errno;
		ret = mnl_cb_run(buf, (size_t)ret, nlh->nlmsg_seq, g->portid, cb, data);
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

/* 0, or a negative errno (-ENOENT: the module is not loaded). */
static inline int bench_genl_open(struct bench_genl *g)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int one = 1, err;

	memset(g, 0, sizeof(*g));
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->nl || mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	mnl_socket_setsockopt(g->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	g->portid = mnl_socket_get_portid(g->nl);
	g->seq = (unsigned int)time(NULL);
	nlh = bench_genl_msg(g, buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SOCKCTL_FAMILY_NAME);
	err = bench_genl_run(g, nlh, bench_genl_family_cb, g);
	if (!err && !g->family)
		err = -ENOENT;
	return err;
}

#endif
