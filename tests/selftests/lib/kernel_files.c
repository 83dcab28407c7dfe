// SPDX-License-Identifier: GPL-2.0
/*
 * Files of the kernel's, written and read; see kernel_files.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel_files.h"

int sysctl_write(int netns_fd, const char *path, const char *value)
{
	char full[256];
	int saved = -1, fd, err = 0;
	size_t len = strlen(value);

	snprintf(full, sizeof(full), "/proc/sys/%s", path);
	if (netns_fd >= 0) {
		saved = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (saved < 0)
			return -errno;
		if (setns(netns_fd, CLONE_NEWNET)) {
			err = -errno;
			close(saved);
			return err;
		}
	}
	/* /proc/sys/net is the netns of the process that opens it. */
	fd = open(full, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		err = -errno;
	else if (write(fd, value, len) != (ssize_t)len)
		err = -errno;
	if (fd >= 0)
		close(fd);
	if (saved >= 0) {
		if (setns(saved, CLONE_NEWNET) && !err)
			err = -errno;
		close(saved);
	}
	return err;
}

int module_refcnt(void)
{
	char buf[32];
	int fd = open("/sys/module/sockctl/refcnt", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return atoi(buf);
}
