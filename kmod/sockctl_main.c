// SPDX-License-Identifier: GPL-2.0
/*
 * sockctl: craft, inject and capture packets in kernel space over generic
 * netlink.  Module entry points and per network namespace state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/netns/generic.h>

#include "sockctl.h"
#include "sockctl_capture.h"

static unsigned int sockctl_net_id __read_mostly;

struct sockctl_net *sockctl_pernet(const struct net *net)
{
	return net_generic(net, sockctl_net_id);
}
EXPORT_SYMBOL_IF_KUNIT(sockctl_pernet);

static int __net_init sockctl_net_init(struct net *net)
{
	struct sockctl_net *sn = sockctl_pernet(net);

	/* net_generic() storage starts zeroed: counters need no init. */
	sockctl_jobs_net_init(sn);
	sockctl_captures_net_init(sn);
	return 0;
}

static void __net_exit sockctl_net_exit(struct net *net)
{
	struct sockctl_net *sn = sockctl_pernet(net);

	/* Sessions first: ending one still sends on the workqueue. */
	sockctl_captures_net_exit(sn);
	sockctl_jobs_net_exit(sn);
}

static struct pernet_operations sockctl_net_ops = {
	.init = sockctl_net_init,
	.exit = sockctl_net_exit,
	.id   = &sockctl_net_id,
	.size = sizeof(struct sockctl_net),
};

static int __init sockctl_init(void)
{
	int err;

	err = sockctl_job_init();
	if (err)
		return err;

	/* Per-netns state must exist before the first request can arrive. */
	err = register_pernet_subsys(&sockctl_net_ops);
	if (err)
		goto err_job;

	err = sockctl_notifiers_register();
	if (err)
		goto err_pernet;

	err = sockctl_netlink_init();
	if (err)
		goto err_notifier;

	pr_info("version %s loaded, generic netlink family \"%s\" v%d\n",
		SOCKCTL_MODULE_VERSION, SOCKCTL_FAMILY_NAME,
		SOCKCTL_FAMILY_VERSION);
	return 0;

err_notifier:
	sockctl_notifiers_unregister();
err_pernet:
	unregister_pernet_subsys(&sockctl_net_ops);
err_job:
	sockctl_job_exit();
	return err;
}

static void __exit sockctl_exit(void)
{
	/* CAPTURE_END (UNLOAD) while the family is there to send it. */
	sockctl_captures_unload();
	/* No new requests after this; in-flight ones have completed. */
	sockctl_netlink_exit();
	/* Before the per-netns state it reads goes away. */
	sockctl_notifiers_unregister();
	/* Ends the jobs and capture sessions of every netns. */
	unregister_pernet_subsys(&sockctl_net_ops);
	sockctl_job_exit();
}

module_init(sockctl_init);
module_exit(sockctl_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("sockctl developers");
MODULE_DESCRIPTION("Craft, inject and capture packets in kernel space over generic netlink");
MODULE_VERSION(SOCKCTL_MODULE_VERSION);
MODULE_ALIAS_GENL_FAMILY(SOCKCTL_FAMILY_NAME);
