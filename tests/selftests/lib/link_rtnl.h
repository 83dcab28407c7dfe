/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Links over rtnetlink, in the current netns, for what the tests need on
 * top of net_topo.h's network: a device's counters and a link of any kind.
 */
#ifndef SOCKCTL_LINK_RTNL_H
#define SOCKCTL_LINK_RTNL_H

#include <linux/if_link.h>

/* IFLA_STATS64 of a device in the current netns. */
int link_stats(int ifindex, struct rtnl_link_stats64 *st);
/* ip link add NAME type KIND (no other attributes), in the current netns. */
int link_add_kind(const char *name, const char *kind);

#endif /* SOCKCTL_LINK_RTNL_H */
