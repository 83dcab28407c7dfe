// SPDX-License-Identifier: GPL-2.0
/*
 * The sockctl generic netlink family: its operations and their policies.
 *
 * Classic genl_ops with per-operation policies build on every kernel we
 * support (split ops do not exist in 6.1).  resv_start_op is 0, so the core
 * validates every command strictly: unknown attributes and non-zero reserved
 * header fields are rejected, and a command without a policy accepts no
 * attributes at all.
 */
#include "sockctl.h"

static const struct genl_ops sockctl_genl_ops[] = {
	{
		.cmd	= SOCKCTL_CMD_GET_INFO,
		.doit	= sockctl_info_doit,
		/* No policy: the request carries no attributes. */
	},
};

struct genl_family sockctl_genl_family __ro_after_init = {
	.name		= SOCKCTL_FAMILY_NAME,
	.version	= SOCKCTL_FAMILY_VERSION,
	.module		= THIS_MODULE,
	.netnsok	= true,
	.parallel_ops	= true,
	.resv_start_op	= 0,
	.ops		= sockctl_genl_ops,
	.n_ops		= ARRAY_SIZE(sockctl_genl_ops),
};

int __init sockctl_netlink_init(void)
{
	return genl_register_family(&sockctl_genl_family);
}

void sockctl_netlink_exit(void)
{
	genl_unregister_family(&sockctl_genl_family);
}
