/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files of the kernel's that the tests write or read: a sysctl under
 * /proc/sys (in any netns), the module's reference count under /sys.
 */
#ifndef SOCKCTL_KERNEL_FILES_H
#define SOCKCTL_KERNEL_FILES_H

/* Write value to /proc/sys/PATH as seen from netns_fd (-1: the current one). */
int sysctl_write(int netns_fd, const char *path, const char *value);

/* /sys/module/sockctl/refcnt, or -1. */
int module_refcnt(void);

#endif /* SOCKCTL_KERNEL_FILES_H */
