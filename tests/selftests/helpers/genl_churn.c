// SPDX-License-Identifier: GPL-2.0
/*
 * genl_churn: open, bind and close generic netlink sockets as fast as it
 * can, until killed: every close is a NETLINK_URELEASE for the module's
 * notifier, which unload_stress_test.sh races with module load and unload.
 *
 *   genl_churn
 *
 * C rather than Python because the debug kernel's VM takes 6-12 s to start
 * a python3.
 */
#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>

#include <linux/netlink.h>

int main(void)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };

	for (;;) {
		int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

		if (fd < 0) {
			perror("genl_churn: socket");
			return 1;
		}
		if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
			perror("genl_churn: bind");
			close(fd);
			return 1;
		}
		close(fd);
	}
}
