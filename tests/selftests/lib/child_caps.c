// SPDX-License-Identifier: GPL-2.0
/*
 * Becoming a less privileged caller in a child process; see child_caps.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child_caps.h"

int in_child(int (*fn)(void *arg, void *out), void *arg, void *out, size_t len)
{
	int pipefd[2], status, code;
	pid_t pid;

	if (pipe(pipefd))
		return -errno;
	pid = fork();
	if (pid < 0) {
		code = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return code;
	}
	if (!pid) {
		close(pipefd[0]);
		code = fn(arg, out);
		if (write(pipefd[1], out, len) != (ssize_t)len)
			code = 99;
		_exit(code);
	}
	close(pipefd[1]);
	if (read(pipefd[0], out, len) != (ssize_t)len)
		memset(out, 0, len);
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

int drop_caps(const cap_value_t *caps, int n)
{
	cap_t c = cap_get_proc();
	int err;

	if (!c)
		return -errno;
	err = cap_set_flag(c, CAP_EFFECTIVE, n, caps, CAP_CLEAR) ||
	      cap_set_flag(c, CAP_PERMITTED, n, caps, CAP_CLEAR) ||
	      cap_set_flag(c, CAP_INHERITABLE, n, caps, CAP_CLEAR) ||
	      cap_set_proc(c);
	cap_free(c);
	return err ? -EPERM : 0;
}

bool has_cap(cap_value_t cap)
{
	cap_flag_value_t v = CAP_CLEAR;
	cap_t c = cap_get_proc();

	if (c) {
		cap_get_flag(c, cap, CAP_EFFECTIVE, &v);
		cap_free(c);
	}
	return v == CAP_SET;
}

int become_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(NOBODY_ID, NOBODY_ID, NOBODY_ID) ||
	    setresuid(NOBODY_ID, NOBODY_ID, NOBODY_ID))
		return -errno;
	/*
	 * Changing uid made the process non-dumpable, which gives its /proc
	 * files to root: it could not write its own uid_map.
	 */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		return -errno;
	return 0;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		err = -errno;
	close(fd);
	return err;
}

int enter_userns(int more_flags)
{
	char map[32];
	int err;

	if (unshare(CLONE_NEWUSER | more_flags))
		return -errno;
	snprintf(map, sizeof(map), "0 %d 1", NOBODY_ID);
	err = write_file("/proc/self/setgroups", "deny");
	if (!err)
		err = write_file("/proc/self/uid_map", map);
	if (!err)
		err = write_file("/proc/self/gid_map", map);
	return err;
}
