// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets and devices going away: the netlink release notifier ends the
 * jobs and capture sessions a socket started, the netdevice notifier
 * those bound to a device being unregistered (or moved to another netns,
 * which unregisters it from this one).
 *
 * Both read per-netns state: they are registered once that exists and
 * unregistered before it goes (unregistering waits for calls in progress).
 */
#include <linux/netdevice.h>
#include <linux/netlink.h>

#include "sockctl.h"
#include "sockctl_capture.h"

static int sockctl_netlink_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct sockctl_net *sn;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	sn = sockctl_pernet(n->net);
	sockctl_jobs_socket_gone(sn, n->portid);
	sockctl_captures_socket_gone(sn, n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block sockctl_netlink_notifier = {
	.notifier_call = sockctl_netlink_event,
};

/*
 * Set while the module unloads: unregistering the netdevice notifier
 * replays NETDEV_UNREGISTER for every device, which must not end sessions
 * as "device gone"; the pernet exits end them as "unload".
 */
static bool sockctl_notify_unloading;

static int sockctl_netdev_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct sockctl_net *sn;

	if (event != NETDEV_UNREGISTER || READ_ONCE(sockctl_notify_unloading))
		return NOTIFY_DONE;
	sn = sockctl_pernet(dev_net(dev));
	sockctl_jobs_dev_gone(sn, dev->ifindex);
	sockctl_captures_dev_gone(sn, dev->ifindex);
	return NOTIFY_DONE;
}

static struct notifier_block sockctl_netdev_notifier = {
	.notifier_call = sockctl_netdev_event,
};

int sockctl_notifiers_register(void)
{
	int err;

	err = netlink_register_notifier(&sockctl_netlink_notifier);
	if (err)
		return err;
	err = register_netdevice_notifier(&sockctl_netdev_notifier);
	if (err)
		netlink_unregister_notifier(&sockctl_netlink_notifier);
	return err;
}

void sockctl_notifiers_unregister(void)
{
	WRITE_ONCE(sockctl_notify_unloading, true);
	unregister_netdevice_notifier(&sockctl_netdev_notifier);
	netlink_unregister_notifier(&sockctl_netlink_notifier);
}
