// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: network setup (rtnetlink) and the fresh network namespace each group
 * of phases runs in.
 */
#include "nlfuzz.h"

static int rt_talk(struct mnl_socket *rt, struct nlmsghdr *nlh)
{
	char buf[8192];
	ssize_t n;
	uint32_t seq = nlh->nlmsg_seq = (uint32_t)time(NULL) ^ (uint32_t)rnd64();

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (mnl_socket_sendto(rt, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		const struct nlmsghdr *r;
		int len;

		n = mnl_socket_recvfrom(rt, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		len = (int)n;
		for (r = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(r, len);
		     r = mnl_nlmsg_next(r, &len)) {
			if (r->nlmsg_seq != seq)
				continue;
			if (r->nlmsg_type == NLMSG_ERROR)
				return ((const struct nlmsgerr *)mnl_nlmsg_get_payload(r))->error;
		}
	}
}

static int rt_newlink(struct mnl_socket *rt, const char *name, const char *kind,
		      unsigned int mtu, const struct in6_addr *local,
		      const struct in6_addr *remote)
{
	char buf[1024];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	struct nlattr *li, *data;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (local || remote) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		if (local)
			mnl_attr_put(nlh, IFLA_IPTUN_LOCAL, sizeof(*local), local);
		if (remote)
			mnl_attr_put(nlh, IFLA_IPTUN_REMOTE, sizeof(*remote), remote);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, li);
	return rt_talk(rt, nlh);
}

static int rt_up(struct mnl_socket *rt, int ifindex)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return rt_talk(rt, nlh);
}

static int rt_addr(struct mnl_socket *rt, int ifindex, int family, const char *addr,
		   int plen)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	uint8_t a[16];

	inet_pton(family, addr, a);
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = family;
	ifa->ifa_prefixlen = plen;
	ifa->ifa_index = ifindex;
	ifa->ifa_flags = IFA_F_NODAD;
	mnl_attr_put(nlh, IFA_LOCAL, family == AF_INET ? 4 : 16, a);
	mnl_attr_put(nlh, IFA_ADDRESS, family == AF_INET ? 4 : 16, a);
	return rt_talk(rt, nlh);
}

static int rt_blackhole(struct mnl_socket *rt, int family, const char *dst, int plen)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	uint8_t a[16];

	inet_pton(family, dst, a);
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = family;
	rtm->rtm_dst_len = plen;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_BLACKHOLE;
	mnl_attr_put(nlh, RTA_DST, family == AF_INET ? 4 : 16, a);
	return rt_talk(rt, nlh);
}

static int rt_neigh(struct mnl_socket *rt, int ifindex, int family, const char *dst,
		    const uint8_t *lladdr, int lllen)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *nd;
	uint8_t a[16];

	inet_pton(family, dst, a);
	nlh->nlmsg_type = RTM_NEWNEIGH;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = family;
	nd->ndm_ifindex = ifindex;
	nd->ndm_state = NUD_PERMANENT;
	mnl_attr_put(nlh, NDA_DST, family == AF_INET ? 4 : 16, a);
	mnl_attr_put(nlh, NDA_LLADDR, lllen, lladdr);
	return rt_talk(rt, nlh);
}

/* A veth pair, both ends here: what leaves one end arrives at the other. */
static int rt_veth(struct mnl_socket *rt, const char *name, const char *peer)
{
	char buf[1024];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *li, *data, *pn;
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	pn = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	memset(mnl_nlmsg_get_payload_tail(nlh), 0, sizeof(struct ifinfomsg));
	nlh->nlmsg_len += MNL_ALIGN(sizeof(struct ifinfomsg));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_nest_end(nlh, pn);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	return rt_talk(rt, nlh);
}

int net_setup(struct fz *f)
{
	struct mnl_socket *rt = mnl_socket_open(NETLINK_ROUTE);
	struct in6_addr l6, r6;
	int err, lo;

	if (!rt || mnl_socket_bind(rt, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "nlfuzz: rtnetlink: %s\n", strerror(errno));
		return -1;
	}
	lo = (int)if_nametoindex("lo");
	if (lo)
		rt_up(rt, lo);
	err = rt_newlink(rt, "fz0", "dummy", 1500, NULL, NULL);
	if (err && err != -EEXIST)
		fprintf(stderr, "nlfuzz: creating dummy fz0: %s\n", strerror(-err));
	err = rt_newlink(rt, "fz1", "dummy", 65535, NULL, NULL);
	if (err && err != -EEXIST)
		fprintf(stderr, "nlfuzz: creating dummy fz1: %s\n", strerror(-err));
	f->ifindex0 = (int)if_nametoindex("fz0");
	f->ifindex1 = (int)if_nametoindex("fz1");
	f->have_dummy = f->ifindex0 && f->ifindex1;
	if (f->have_dummy) {
		rt_up(rt, f->ifindex0);
		rt_up(rt, f->ifindex1);
		rt_addr(rt, f->ifindex0, AF_INET, "10.98.0.1", 24);
		rt_addr(rt, f->ifindex0, AF_INET6, "fd98::1", 64);
		rt_addr(rt, f->ifindex1, AF_INET, "10.96.0.1", 24);
	}
	err = rt_blackhole(rt, AF_INET, "10.99.0.0", 16);
	if (err)
		fprintf(stderr, "nlfuzz: blackhole route 10.99.0.0/16: %s\n", strerror(-err));
	err = rt_blackhole(rt, AF_INET6, "fd99::", 32);
	if (err)
		fprintf(stderr, "nlfuzz: blackhole route fd99::/32: %s\n", strerror(-err));

	/* A device whose hardware addresses are 16 bytes long (IPv6 tunnel). */
	inet_pton(AF_INET6, "fd97::1", &l6);
	inet_pton(AF_INET6, "fd97::2", &r6);
	err = rt_newlink(rt, "fzt6", "ip6tnl", 0, &l6, &r6);
	f->ifindex_tnl = (int)if_nametoindex("fzt6");
	if (f->ifindex_tnl) {
		/* Byte 14 of the address would land in sockctl's n_vlans. */
		static const uint8_t ll[16] = { 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
						12, 13, 0x03, 0 };

		rt_up(rt, f->ifindex_tnl);
		rt_addr(rt, f->ifindex_tnl, AF_INET, "10.97.0.1", 24);
		f->have_tnl = !rt_neigh(rt, f->ifindex_tnl, AF_INET, "10.97.0.2", ll, 16);
	} else if (opt_verbose) {
		printf("# no ip6tnl device: %s\n", strerror(-err));
	}

	/* Traffic for capture sessions in both directions. */
	err = rt_veth(rt, "fzv0", "fzv1");
	f->ifindex_v0 = (int)if_nametoindex("fzv0");
	f->ifindex_v1 = (int)if_nametoindex("fzv1");
	f->have_veth = f->ifindex_v0 && f->ifindex_v1;
	if (f->have_veth) {
		rt_up(rt, f->ifindex_v0);
		rt_up(rt, f->ifindex_v1);
		rt_addr(rt, f->ifindex_v0, AF_INET, "10.95.0.1", 24);
	} else if (opt_verbose) {
		printf("# no veth pair: %s\n", strerror(-err));
	}
	mnl_socket_close(rt);
	return f->have_dummy ? 0 : -1;
}

bool own_netns;

/*
 * Leave the current namespace (its jobs stopped and checked first; it is
 * dismantled once our socket is closed) for a new one set up as the first:
 * a phase that breaks the module's state of a namespace does not spoil
 * the next ones.  Does nothing with -x.
 */
void fresh_netns(struct fz *f)
{
	double t0 = now_s();

	if (!own_netns || f->dry)
		return;
	stop_all_jobs(f, NULL);
	wait_no_running(f);
	if (check_stopped_states(f) > 0)
		fail(f, "jobs changed state after JOB_STOP reported their end");
	f->n_stopped = 0;
	/* Sessions still running end silently with the socket. */
	read_pending(f, 0);
	capture_settle(f, 2);
	mnl_socket_close(f->nl);
	f->nl = NULL;
	capture_forget_all(f);
	f->cap_ebusy_reported = false;
	if (unshare(CLONE_NEWNET) || open_genl(f) || net_setup(f)) {
		printf("Bail out! a new network namespace could not be set up: %s\n", strerror(errno));
		exit(2);
	}
	free_corpus();
	build_corpus(f);
	f->ebusy_reported = false;
	if (!opt_quiet)
		printf("# a new network namespace in %.1f s\n", now_s() - t0);
}
