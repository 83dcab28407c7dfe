/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces shared by the files of sockctl.ko.
 */
#ifndef _SOCKCTL_H
#define _SOCKCTL_H

#include <linux/atomic.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include <linux/sockctl.h>

#include "sockctl_compat.h"

#define SOCKCTL_MODULE_VERSION	"0.1.0"

/* Limits reported by SOCKCTL_CMD_GET_INFO; later commands enforce them. */
#define SOCKCTL_MAX_PACKET	65535
#define SOCKCTL_MAX_COUNT	100000000
#define SOCKCTL_MAX_JOBS	16

/**
 * struct sockctl_net - per network namespace state
 * @requests: requests handled in this netns, for SOCKCTL_A_INFO_NETNS_REQUESTS
 */
struct sockctl_net {
	atomic64_t requests;
};

extern struct genl_family sockctl_genl_family;

struct sockctl_net *sockctl_pernet(const struct net *net);

/* sockctl_info.c */
int sockctl_info_fill(struct sk_buff *msg, struct net *net, bool cap_net_raw);
int sockctl_info_doit(struct sk_buff *skb, struct genl_info *info);

/* sockctl_netlink.c */
int sockctl_netlink_init(void);
void sockctl_netlink_exit(void);

#endif /* _SOCKCTL_H */
