/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test network for the injection selftests, built over rtnetlink (no
 * exec of ip(8): every exec costs a lot in the TCG VM, and a child in a new
 * user namespace could not exec it with its capabilities anyway).
 *
 *   this process, in a new netns ("home")   |   a second new netns ("far")
 *   sc-near  02:5c:00:00:01:01              |   sc-far  02:5c:00:00:01:02
 *            10.99.1.1/24  fd99::1/64 <-- veth pair --> 10.99.1.2/24  fd99::2/64
 *
 * topo_setup() moves the calling process into the home netns first, so
 * nothing a test does (addresses, routes, nftables rules, the module's
 * per-netns state) is seen by the rest of the system, and everything goes
 * away with the process even if the test dies half way.  Open the sockctl
 * genl socket after topo_setup(): a netlink socket belongs to the netns it
 * was created in.
 *
 * The link is kept quiet, so that a test can tell that nothing arrived: each
 * end knows the other as a permanent neighbour (no ARP, no neighbour
 * discovery: replies the far end sends to what we inject need none either),
 * IPv6 addresses are added without DAD and the devices generate no
 * link-local address (no router solicitations).  The kernel still sends MLD
 * reports for the solicited-node groups, which pkt_sink.h treats as noise.
 */
#ifndef SOCKCTL_NET_TOPO_H
#define SOCKCTL_NET_TOPO_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct nlmsghdr;

#define TOPO_NEAR_NAME	"sc-near"
#define TOPO_FAR_NAME	"sc-far"

struct topo {
	int home_netns;		/* fd: the netns of the near end (ours) */
	int far_netns;		/* fd: the netns of the far end */
	int near_ifindex;	/* in home_netns */
	int far_ifindex;	/* in far_netns */
	char near_name[IFNAMSIZ], far_name[IFNAMSIZ];
	uint8_t near_mac[6], far_mac[6];
	struct in_addr near_ip4, far_ip4;	/* 10.99.1.1, 10.99.1.2 */
	struct in6_addr near_ip6, far_ip6;	/* fd99::1, fd99::2 */
	unsigned int mtu;
};

/*
 * Unshare into a new netns, create the far netns and the veth pair, bring
 * everything up and wait until both ends can carry traffic.  0 or -errno;
 * on failure *where says which step failed.
 */
int topo_setup(struct topo *t, const char **where);
void topo_teardown(struct topo *t);

/* Run in another netns: enter it (returns the fd to come back with). */
int netns_enter(int netns_fd);
int netns_leave(int saved_fd);

/* rtnetlink helpers, in the current netns. */
/*
 * Send nlh (NLM_F_REQUEST | NLM_F_ACK are added) and wait for its ACK: 0 or
 * -errno.  The first reply, if it fits in reply_size bytes, into reply.
 */
int rtnl_request(struct nlmsghdr *nlh, void *reply, size_t reply_size);
#define LO_IFINDEX	1	/* lo is ifindex 1 in every netns */
int rtnl_link_up(int ifindex);
int rtnl_link_del(int ifindex);
int rtnl_link_set_mtu(int ifindex, unsigned int mtu);
int rtnl_link_oper_up(int ifindex);	/* 1 up, 0 not yet, -errno */

#endif /* SOCKCTL_NET_TOPO_H */
