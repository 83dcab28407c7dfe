// SPDX-License-Identifier: GPL-2.0
/*
 * Becoming a less privileged caller in a child process; see child_caps.h.
 */
#include <errno.h>
#include <string.h>
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
