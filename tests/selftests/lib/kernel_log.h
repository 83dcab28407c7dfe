/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel log (/dev/kmsg) during a test: a test passes only if the kernel
 * logged no splat meanwhile, however well the module answered.
 */
#ifndef SOCKCTL_KERNEL_LOG_H
#define SOCKCTL_KERNEL_LOG_H

#include <stddef.h>

/* Kernel log: open positioned at its end; then the splats logged since. */
int kmsg_open(void);
/*
 * Read what was logged since kmsg_open() (or the last call); the number of
 * lines that look like a kernel splat (WARNING, BUG, Oops, KASAN, lockdep,
 * refcount, list corruption...), the first one copied to first.
 */
int kmsg_splats(int fd, char *first, size_t size);

#endif /* SOCKCTL_KERNEL_LOG_H */
