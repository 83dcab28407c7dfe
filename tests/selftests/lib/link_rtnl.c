// SPDX-License-Identifier: GPL-2.0
/*
 * Links over rtnetlink; see link_rtnl.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "link_rtnl.h"
#include "net_topo.h"

struct stats_out {
	struct rtnl_link_stats64 *st;
	bool found;
};

static int stats_cb(const struct nlattr *a, void *data)
{
	struct stats_out *o = data;

	if (mnl_attr_get_type(a) == IFLA_STATS64 &&
	    mnl_attr_get_payload_len(a) >= sizeof(*o->st)) {
		memcpy(o->st, mnl_attr_get_payload(a), sizeof(*o->st));
		o->found = true;
	}
	return MNL_CB_OK;
}

int link_stats(int ifindex, struct rtnl_link_stats64 *st)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	char *reply = calloc(1, 65536);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct stats_out o = { st, false };
	struct ifinfomsg *ifm;
	int err;

	if (!reply)
		return -ENOMEM;
	nlh->nlmsg_type = RTM_GETLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	/* The ACK comes after the reply: no NLM_F_ACK trouble. */
	err = rtnl_request(nlh, reply, 65536);
	if (!err && ((struct nlmsghdr *)reply)->nlmsg_type == RTM_NEWLINK)
		mnl_attr_parse((struct nlmsghdr *)reply, sizeof(struct ifinfomsg),
			       stats_cb, &o);
	free(reply);
	if (err)
		return err;
	return o.found ? 0 : -ENODATA;
}

int link_add_kind(const char *name, const char *kind)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	struct nlattr *linkinfo;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	mnl_attr_nest_end(nlh, linkinfo);
	return rtnl_request(nlh, NULL, 0);
}
