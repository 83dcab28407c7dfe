// SPDX-License-Identifier: GPL-2.0
/*
 * The unit tests' harness (see unit.h).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

static int n_tests, n_failed;

bool check(bool ok, const char *fmt, ...)
{
	va_list ap;

	n_tests++;
	if (!ok)
		n_failed++;
	printf("%sok %d ", ok ? "" : "not ", n_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return ok;
}

int tests_run(void)
{
	return n_tests;
}

int tests_failed(void)
{
	return n_failed;
}

static size_t drain(int fd, char *buf, size_t size, size_t len)
{
	ssize_t n = read(fd, buf + len, size - 1 - len);

	if (n > 0)
		len += (size_t)n;
	buf[len] = '\0';
	return n > 0 ? len : (size_t)-1;
}

/*
 * Run fn(arg) in a child with its stdout and stderr captured: usage errors
 * exit, and the exit code and message are what we test.
 */
void run_captured(void (*fn)(void *arg), void *arg, struct captured *c)
{
	int out[2], err[2], status;
	size_t olen = 0, elen = 0, r;
	bool oopen = true, eopen = true;
	pid_t pid;

	memset(c, 0, sizeof(*c));
	fflush(stdout);
	if (pipe(out) || pipe(err))
		abort();
	pid = fork();
	if (pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		close(out[0]);
		close(err[0]);
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	close(out[1]);
	close(err[1]);
	/* Both pipes, alternately, so that neither fills up and blocks the child. */
	while (oopen || eopen) {
		fd_set fds;

		FD_ZERO(&fds);
		if (oopen)
			FD_SET(out[0], &fds);
		if (eopen)
			FD_SET(err[0], &fds);
		if (select((out[0] > err[0] ? out[0] : err[0]) + 1, &fds, NULL, NULL, NULL) < 0)
			break;
		if (oopen && FD_ISSET(out[0], &fds)) {
			r = drain(out[0], c->out, sizeof(c->out), olen);
			if (r == (size_t)-1 || olen + 1 >= sizeof(c->out))
				oopen = false;
			else
				olen = r;
		}
		if (eopen && FD_ISSET(err[0], &fds)) {
			r = drain(err[0], c->err, sizeof(c->err), elen);
			if (r == (size_t)-1 || elen + 1 >= sizeof(c->err))
				eopen = false;
			else
				elen = r;
		}
	}
	close(out[0]);
	close(err[0]);
	waitpid(pid, &status, 0);
	c->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int split_words(const char *line, char **words, int max, char *buf, size_t size)
{
	size_t len = 0;
	int n = 0;

	while (*line && n < max && len + 1 < size) {
		char quote = 0;

		while (*line == ' ')
			line++;
		if (!*line)
			break;
		words[n++] = buf + len;
		for (; *line && (quote || *line != ' ') && len + 1 < size; line++) {
			if (!quote && (*line == '\'' || *line == '"'))
				quote = *line;
			else if (quote && *line == quote)
				quote = 0;
			else
				buf[len++] = *line;
		}
		buf[len++] = '\0';
	}
	return n;
}

static void test_usage(FILE *out)
{
	fputs("Usage: test\n", out);
}

static bool test_option(const char *word, void *arg)
{
	(void)arg;
	return !strcmp(word, "--test-option");
}

void parse_line(struct parsed *p, const char *line)
{
	static const struct desc_hooks hooks = {
		.command = "send", .usage = test_usage, .option = test_option,
	};
	int n;

	memset(p, 0, sizeof(*p));
	n = split_words(line, p->words, 95, p->buf, sizeof(p->buf));
	p->msg = sockctl_nl_msg(NULL, SOCKCTL_CMD_SEND, 0);
	usage_hint("send");
	desc_parse(n, p->words, p->msg, &hooks, &p->res);
}

void parsed_free(struct parsed *p)
{
	nlmsg_free(p->msg);
	desc_result_free(&p->res);
}

/* The attributes after the generic netlink header. */
struct nlattr *msg_attrs(struct nl_msg *msg, int *len)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *head = (struct nlattr *)((char *)nlmsg_data(nlh) + GENL_HDRLEN);

	*len = (int)nlh->nlmsg_len - (int)((char *)head - (char *)nlh);
	return head;
}

static int type_by_name(const struct attr_set *set, const char *name)
{
	int t;

	for (t = 1; t <= set->max; t++)
		if (set->names[t] && !strcmp(set->names[t], name))
			return t;
	return -1;
}

/* "eth.vlan[1].vid": by the names of attr_path.c, [i] for the i-th repeat. */
struct nlattr *find_attr(struct nl_msg *msg, const char *path)
{
	const struct attr_set *set = &sockctl_attrs;
	char copy[128], *part, *save;
	struct nlattr *head, *a, *found = NULL;
	int len, rem;

	head = msg_attrs(msg, &len);
	snprintf(copy, sizeof(copy), "%s", path);
	for (part = strtok_r(copy, ".", &save); part; part = strtok_r(NULL, ".", &save)) {
		char *bracket = strchr(part, '[');
		int index = 0, type, seen = 0;

		if (!set)
			return NULL;
		if (bracket) {
			index = atoi(bracket + 1);
			*bracket = '\0';
		}
		type = type_by_name(set, part);
		found = NULL;
		nla_for_each_attr(a, head, len, rem)
			if (nla_type(a) == type && seen++ == index) {
				found = a;
				break;
			}
		if (!found)
			return NULL;
		head = nla_data(found);
		len = nla_len(found);
		set = set->nested ? set->nested[type] : NULL;
	}
	return found;
}
