/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tests that check what a less privileged caller may do become that caller
 * in a child process, so the test itself keeps its privileges:
 *
 *	static int child(void *arg, void *out)
 *	{
 *		cap_value_t raw = CAP_NET_RAW;
 *
 *		if (drop_caps(&raw, 1))
 *			return 1;
 *		... fill *(struct result *)out ...
 *		return 0;
 *	}
 *	ASSERT_EQ(0, in_child(child, &arg, &result, sizeof(result)));
 */
#ifndef SOCKCTL_CHILD_CAPS_H
#define SOCKCTL_CHILD_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/capability.h>

/*
 * Run fn(arg, out) in a child process and copy the len bytes of *out it
 * fills back to the parent's *out (zeros if the child died first).  Returns
 * the child's exit code (fn's return value; 99 if *out could not be passed
 * back, 100 if it did not exit), or a negative errno.
 */
int in_child(int (*fn)(void *arg, void *out), void *arg, void *out, size_t len);

/* Drop the n capabilities caps from every set; 0 or a negative errno. */
int drop_caps(const cap_value_t *caps, int n);

/* Has the process cap in its effective set (over its own user namespace)? */
bool has_cap(cap_value_t cap);

#define NOBODY_ID	65534	/* uid and gid of "nobody" */

/* Become uid and gid NOBODY_ID, without supplementary groups: 0 or -errno. */
int become_nobody(void);

/*
 * unshare() a new user namespace (and the namespaces more_flags adds) and
 * map root in it to NOBODY_ID: 0 or -errno.
 */
int enter_userns(int more_flags);

#endif
