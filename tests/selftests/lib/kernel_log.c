// SPDX-License-Identifier: GPL-2.0
/*
 * Splats in the kernel log; see kernel_log.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kernel_log.h"

int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

static const char *const splat_words[] = {
	"WARNING:", "BUG:", "BUG ", "Oops", "general protection", "KASAN",
	"UBSAN", "refcount_t", "list_add corruption", "list_del corruption",
	"unreferenced object", "possible recursive locking",
	"possible circular locking", "inconsistent lock state",
	"suspicious RCU usage", "INFO: task", "stack-out-of-bounds",
	"use-after-free", "double-free", "kernel NULL pointer",
	"unregister_netdevice: waiting for",
};

int kmsg_splats(int fd, char *first, size_t size)
{
	char rec[8192];
	int n = 0;
	ssize_t len;

	if (size)
		first[0] = 0;
	if (fd < 0)
		return 0;
	for (;;) {
		const char *text;
		size_t i;

		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0) {
			if (errno == EPIPE)	/* overwritten records: go on */
				continue;
			break;
		}
		if (len == 0)
			break;
		rec[len] = 0;
		text = strchr(rec, ';');
		text = text ? text + 1 : rec;
		for (i = 0; i < sizeof(splat_words) / sizeof(splat_words[0]); i++) {
			if (!strstr(text, splat_words[i]))
				continue;
			if (!n && size)
				snprintf(first, size, "%.*s", (int)strcspn(text, "\n"), text);
			n++;
			break;
		}
	}
	return n;
}
