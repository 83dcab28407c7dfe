// SPDX-License-Identifier: GPL-2.0
/*
 * The injection selftests' veth pair across two network namespaces; see
 * net_topo.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "net_topo.h"

/*
 * RFC 2863 operational status "up" (IF_OPER_UP of <linux/if.h>, which
 * clashes with <net/if.h>).
 */
#define OPER_UP 6

static const uint8_t near_mac[6] = { 0x02, 0x5c, 0x00, 0x00, 0x01, 0x01 };
static const uint8_t far_mac[6] = { 0x02, 0x5c, 0x00, 0x00, 0x01, 0x02 };

int rtnl_request(struct nlmsghdr *nlh, void *reply, size_t reply_size)
{
	char *buf = malloc(MNL_SOCKET_BUFFER_SIZE);
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	unsigned int portid, seq = (unsigned int)time(NULL);
	int err = -EPROTO;
	bool done = false;

	if (!buf || !nl) {
		err = buf ? -errno : -ENOMEM;
		goto out;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		err = -errno;
		goto out;
	}
	while (!done) {
		const struct nlmsghdr *r;
		int len = (int)mnl_socket_recvfrom(nl, buf, MNL_SOCKET_BUFFER_SIZE);

		if (len < 0) {
			err = -errno;
			break;
		}
		for (r = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(r, len);
		     r = mnl_nlmsg_next(r, &len)) {
			if (r->nlmsg_seq != seq || r->nlmsg_pid != portid)
				continue;
			if (r->nlmsg_type == NLMSG_ERROR) {
				err = ((const struct nlmsgerr *)mnl_nlmsg_get_payload(r))->error;
				done = true;
				break;
			}
			if (reply && r->nlmsg_len <= reply_size) {
				memcpy(reply, r, r->nlmsg_len);
				reply = NULL;
			}
		}
	}
out:
	if (nl)
		mnl_socket_close(nl);
	free(buf);
	return err;
}

static struct nlmsghdr *link_msg(void *buf, uint16_t type, uint16_t flags,
				 int ifindex, struct ifinfomsg **ifmp)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	if (ifmp)
		*ifmp = ifm;
	return nlh;
}

/*
 * Each end's ifindex, given rather than left to the kernel: both ends are
 * the first device after lo in a fresh netns, so both would get 2.  A veth
 * whose peer has its ifindex has an iflink equal to its own ifindex, and
 * linkwatch then takes its carrier-on as not urgent and handles it up to a
 * second after its last run (linkwatch_urgent_event()): the link would take
 * about that long to become usable, in every test.
 */
#define NEAR_IFINDEX	10
#define FAR_IFINDEX	20

/*
 * ip link add NEAR index 10 address M type veth
 *	peer name FAR index 20 address M netns FD
 */
static int rtnl_veth_add(const struct topo *t)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *linkinfo, *data, *peer;
	struct ifinfomsg *peer_ifm;

	nlh = link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, NEAR_IFINDEX, NULL);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, t->near_name);
	mnl_attr_put(nlh, IFLA_ADDRESS, 6, t->near_mac);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	peer = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	/* The peer's attributes follow an ifinfomsg of their own. */
	peer_ifm = mnl_nlmsg_get_payload_tail(nlh);
	memset(peer_ifm, 0, sizeof(*peer_ifm));
	peer_ifm->ifi_index = FAR_IFINDEX;
	nlh->nlmsg_len += MNL_ALIGN(sizeof(*peer_ifm));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, t->far_name);
	mnl_attr_put(nlh, IFLA_ADDRESS, 6, t->far_mac);
	mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)t->far_netns);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return rtnl_request(nlh, NULL, 0);
}

/* No IPv6 link-local address, hence no router solicitations. */
static int rtnl_no_ipv6_ll(int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, 0, ifindex, NULL);
	struct nlattr *af, *in6;

	af = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
	in6 = mnl_attr_nest_start(nlh, AF_INET6);
	mnl_attr_put_u8(nlh, IFLA_INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE);
	mnl_attr_nest_end(nlh, in6);
	mnl_attr_nest_end(nlh, af);
	return rtnl_request(nlh, NULL, 0);
}

int rtnl_link_up(int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, 0, ifindex, &ifm);

	ifm->ifi_flags = IFF_UP;
	ifm->ifi_change = IFF_UP;
	return rtnl_request(nlh, NULL, 0);
}

int rtnl_link_del(int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	return rtnl_request(link_msg(buf, RTM_DELLINK, 0, ifindex, NULL), NULL, 0);
}

int rtnl_link_set_mtu(int ifindex, unsigned int mtu)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, 0, ifindex, NULL);

	mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	return rtnl_request(nlh, NULL, 0);
}

static int oper_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == IFLA_OPERSTATE)
		*(int *)data = mnl_attr_get_u8(attr);
	return MNL_CB_OK;
}

int rtnl_link_oper_up(int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	static char reply[8192];
	struct nlmsghdr *nlh = link_msg(buf, RTM_GETLINK, 0, ifindex, NULL);
	int err, state = -1;

	memset(reply, 0, sizeof(struct nlmsghdr));
	err = rtnl_request(nlh, (struct nlmsghdr *)reply, sizeof(reply));
	if (err)
		return err;
	if (((struct nlmsghdr *)reply)->nlmsg_type != RTM_NEWLINK)
		return -ENODATA;
	mnl_attr_parse((struct nlmsghdr *)reply, sizeof(struct ifinfomsg), oper_cb, &state);
	return state == OPER_UP;
}

static int rtnl_addr_add(int ifindex, int family, const void *addr, int prefixlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	size_t alen = family == AF_INET ? 4 : 16;

	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)prefixlen;
	ifa->ifa_index = (uint32_t)ifindex;
	if (family == AF_INET6)
		ifa->ifa_flags = IFA_F_NODAD;
	mnl_attr_put(nlh, IFA_LOCAL, alen, addr);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, addr);
	return rtnl_request(nlh, NULL, 0);
}

/* ip neigh replace ADDR lladdr MAC nud permanent dev IFINDEX */
static int rtnl_neigh_add(int ifindex, int family, const void *addr, const uint8_t *mac)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = RTM_NEWNEIGH;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = (uint8_t)family;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_state = NUD_PERMANENT;
	mnl_attr_put(nlh, NDA_DST, family == AF_INET ? 4 : 16, addr);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	return rtnl_request(nlh, NULL, 0);
}

int netns_enter(int netns_fd)
{
	int saved = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (saved < 0)
		return -errno;
	if (setns(netns_fd, CLONE_NEWNET)) {
		int err = -errno;

		close(saved);
		return err;
	}
	return saved;
}

int netns_leave(int saved_fd)
{
	int err = setns(saved_fd, CLONE_NEWNET) ? -errno : 0;

	close(saved_fd);
	return err;
}

/*
 * One end: no link-local, addresses, the other end as a permanent
 * neighbour, up; in the current netns.
 */
static int configure_end(int ifindex, const struct in_addr *ip4,
			 const struct in6_addr *ip6, const struct in_addr *peer4,
			 const struct in6_addr *peer6, const uint8_t *peer_mac,
			 const char **where)
{
	int err;

	*where = "lo up";
	err = rtnl_link_up(1);
	if (!err) {
		*where = "addr_gen_mode none";
		err = rtnl_no_ipv6_ll(ifindex);
	}
	if (!err) {
		*where = "IPv4 address";
		err = rtnl_addr_add(ifindex, AF_INET, ip4, 24);
	}
	if (!err) {
		*where = "IPv6 address";
		err = rtnl_addr_add(ifindex, AF_INET6, ip6, 64);
	}
	if (!err) {
		*where = "IPv4 neighbour";
		err = rtnl_neigh_add(ifindex, AF_INET, peer4, peer_mac);
	}
	if (!err) {
		*where = "IPv6 neighbour";
		err = rtnl_neigh_add(ifindex, AF_INET6, peer6, peer_mac);
	}
	if (!err) {
		*where = "link up";
		err = rtnl_link_up(ifindex);
	}
	return err;
}

/*
 * A device is up for good once the link watcher has run for it: until then
 * it has no qdisc (noop_qdisc drops everything) and operstate is not UP.
 */
static int wait_oper_up(int ifindex)
{
	int i, ret = 0;

	for (i = 0; i < 500; i++) {
		ret = rtnl_link_oper_up(ifindex);
		if (ret)
			return ret < 0 ? ret : 0;
		usleep(10000);
	}
	return -ETIMEDOUT;
}

int topo_setup(struct topo *t, const char **where)
{
	const char *dummy;
	int err, saved;

	if (!where)
		where = &dummy;
	memset(t, 0, sizeof(*t));
	t->home_netns = t->far_netns = -1;
	snprintf(t->near_name, sizeof(t->near_name), "%s", TOPO_NEAR_NAME);
	snprintf(t->far_name, sizeof(t->far_name), "%s", TOPO_FAR_NAME);
	memcpy(t->near_mac, near_mac, 6);
	memcpy(t->far_mac, far_mac, 6);
	inet_pton(AF_INET, "10.99.1.1", &t->near_ip4);
	inet_pton(AF_INET, "10.99.1.2", &t->far_ip4);
	inet_pton(AF_INET6, "fd99::1", &t->near_ip6);
	inet_pton(AF_INET6, "fd99::2", &t->far_ip6);
	t->mtu = 1500;

	*where = "unshare home netns";
	if (unshare(CLONE_NEWNET))
		return -errno;
	t->home_netns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (t->home_netns < 0)
		return -errno;
	*where = "unshare far netns";
	if (unshare(CLONE_NEWNET))
		return -errno;
	t->far_netns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (t->far_netns < 0)
		return -errno;
	if (setns(t->home_netns, CLONE_NEWNET))
		return -errno;

	*where = "create veth pair";
	err = rtnl_veth_add(t);
	if (err)
		return err;
	t->near_ifindex = (int)if_nametoindex(t->near_name);
	if (!t->near_ifindex)
		return -errno;

	saved = netns_enter(t->far_netns);
	if (saved < 0)
		return saved;
	t->far_ifindex = (int)if_nametoindex(t->far_name);
	err = t->far_ifindex ? 0 : -errno;
	if (!err)
		err = configure_end(t->far_ifindex, &t->far_ip4, &t->far_ip6,
				    &t->near_ip4, &t->near_ip6, t->near_mac, where);
	netns_leave(saved);
	if (err)
		return err;

	err = configure_end(t->near_ifindex, &t->near_ip4, &t->near_ip6,
			    &t->far_ip4, &t->far_ip6, t->far_mac, where);
	if (err)
		return err;

	/* The carrier comes up once both ends are up. */
	*where = "near end operstate UP";
	err = wait_oper_up(t->near_ifindex);
	if (err)
		return err;
	saved = netns_enter(t->far_netns);
	if (saved < 0)
		return saved;
	*where = "far end operstate UP";
	err = wait_oper_up(t->far_ifindex);
	netns_leave(saved);
	return err;
}

void topo_teardown(struct topo *t)
{
	/*
	 * Deleting the near end takes the far one with it; the namespaces go
	 * away with the last fd (and the process).
	 */
	if (t->near_ifindex) {
		rtnl_link_del(t->near_ifindex);
		t->near_ifindex = 0;
	}
	if (t->far_netns >= 0)
		close(t->far_netns);
	if (t->home_netns >= 0)
		close(t->home_netns);
	t->far_netns = t->home_netns = -1;
}
