// SPDX-License-Identifier: GPL-2.0
/*
 * failnth_client: one request with a fault point armed, and what came back.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/sockctl.h>

#include "failnth.h"
#include "../../../lib/mnl_uint.h"
#include "clock_now.h"

bool verbose;
static int failnth_fd = -1;

void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/* --- fail-nth ------------------------------------------------------------ */

int failnth_open(void)
{
	failnth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	return failnth_fd < 0 ? -errno : 0;
}

int failnth_set(unsigned int n)
{
	char num[16];
	int len = snprintf(num, sizeof(num), "%u", n);

	return pwrite(failnth_fd, num, (size_t)len, 0) == len ? 0 : -errno;
}

/* What is left of the counter: 0 once the fault was injected. */
long failnth_get(void)
{
	char buf[24] = "";
	ssize_t n = pread(failnth_fd, buf, sizeof(buf) - 1, 0);

	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

/* --- requests ------------------------------------------------------------ */


static uint64_t nested_u(const struct nlattr *nest, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) == type)
			return mnl_attr_get_uint_any(a);
	}
	return 0;
}

/*
 * The uapi's promise on a SOCKCTL_A_CAPTURE nest: MATCHED == DELIVERED +
 * DROPS_QUEUE + DROPS_SOCKET + DROPS_NOMEM + QUEUED, no packet lost
 * uncounted, whatever failed.
 */
static bool capture_counts_add_up(const struct nlattr *nest)
{
	uint64_t matched = nested_u(nest, SOCKCTL_A_CAPTURE_MATCHED);

	return matched == nested_u(nest, SOCKCTL_A_CAPTURE_DELIVERED) +
			  nested_u(nest, SOCKCTL_A_CAPTURE_DROPS_QUEUE) +
			  nested_u(nest, SOCKCTL_A_CAPTURE_DROPS_SOCKET) +
			  nested_u(nest, SOCKCTL_A_CAPTURE_DROPS_NOMEM) +
			  nested_u(nest, SOCKCTL_A_CAPTURE_QUEUED);
}

static void parse_data(const struct nlmsghdr *nlh, struct outcome *o)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	o->replies++;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		uint16_t type = mnl_attr_get_type(a);

		if (g->cmd == SOCKCTL_CMD_GET_INFO) {
			if (type == SOCKCTL_A_INFO_MAX_JOBS)
				o->info_max_jobs = mnl_attr_get_u32(a);
			if (type == SOCKCTL_A_INFO_MAX_CAPTURES)
				o->info_max_captures = mnl_attr_get_u32(a);
			continue;
		}
		switch (type) {
		case SOCKCTL_A_JOB_ID:
			o->job_id = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_JOB:
			o->n_jobs++;
			if (nested_u(a, SOCKCTL_A_JOB_STATE) != SOCKCTL_JOB_RUNNING)
				break;
			if (o->n_running < MAX_IDS)
				o->running_ids[o->n_running] = nested_u(a, SOCKCTL_A_JOB_JOB_ID);
			o->n_running++;
			break;
		case SOCKCTL_A_CAPTURE:
			if (o->n_captures < MAX_IDS)
				o->capture_ids[o->n_captures] = nested_u(a, SOCKCTL_A_CAPTURE_ID);
			o->n_captures++;
			if (!capture_counts_add_up(a))
				o->bad_counts++;
			break;
		}
	}
}

/*
 * The replies to c's last request, until its ACK (or a dump's DONE).
 * Notifications (capture packets, seq 0) are skipped.
 */
static void collect(struct genl_client *c, struct outcome *o)
{
	int fd = mnl_socket_get_fd(c->nl);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	long long deadline = now_mono_ms() + REPLY_MS, left;
	char *buf = malloc(RECV_BUFSZ);
	bool done = false;

	if (!buf) {
		o->err = -ENOMEM;
		return;
	}
	/*
	 * A deadline, not a timeout per poll(): notifications may keep
	 * coming while the reply itself was dropped.
	 */
	while (!done) {
		const struct nlmsghdr *m;
		ssize_t n;
		int len;

		left = deadline - now_mono_ms();
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
			/* After an ENOBUFS, silence means the reply was the loss. */
			if (!o->lost)
				o->timeout = true;
			break;
		}
		n = recv(fd, buf, RECV_BUFSZ, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/*
				 * Something for this socket was dropped: the
				 * reply (its allocation failed, or the receive
				 * buffer was full of capture notifications) or
				 * a notification.  Wait a little for the reply.
				 */
				o->lost = true;
				o->err = -ENOBUFS;
				if (deadline > now_mono_ms() + 1000)
					deadline = now_mono_ms() + 1000;
				continue;
			}
			o->err = -errno;
			break;
		}
		len = (int)n;
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			if (m->nlmsg_seq != c->seq)
				continue;
			if (genl_msg_ends_request(m, &o->err, o->extack, sizeof(o->extack))) {
				o->lost = false;
				done = true;
				break;
			}
			parse_data(m, o);
		}
	}
	free(buf);
}

/*
 * Send nlh on c with the nth fault point of the sendmsg() armed (0: none),
 * then collect the replies.  The outcome says whether the fault fired.
 */
void run(struct genl_client *c, struct nlmsghdr *nlh, unsigned int nth,
		struct outcome *o)
{
	int fd = mnl_socket_get_fd(c->nl), serr;
	ssize_t ret;
	long left = -1;

	memset(o, 0, sizeof(*o));
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++c->seq;
	if (nth && failnth_set(nth)) {
		o->err = -errno;
		return;
	}
	ret = send(fd, nlh, nlh->nlmsg_len, 0);
	serr = errno;
	if (nth) {
		left = failnth_get();
		failnth_set(0);
		o->fired = left == 0;
	}
	if (ret < 0) {
		o->send_failed = true;
		o->err = -serr;
		return;
	}
	collect(c, o);
}

/*
 * A new sockctl socket without resolving the family again (its id is known
 * once the sweep starts): a sweep opens one per fault point.
 */
static uint16_t family_id;
static uint8_t family_version;

void quick_open_init(const struct genl_client *c)
{
	family_id = c->family_id;
	family_version = c->family_version;
}

int quick_open(struct genl_client *c)
{
	int one = 1;

	memset(c, 0, sizeof(*c));
	c->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!c->nl)
		return -errno;
	if (mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		mnl_socket_close(c->nl);
		c->nl = NULL;
		return err;
	}
	mnl_socket_setsockopt(c->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(c->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	c->portid = mnl_socket_get_portid(c->nl);
	c->seq = (unsigned int)time(NULL);
	c->family_id = family_id;
	c->family_version = family_version;
	return 0;
}

/* Unarmed requests for setups and checks: 0 or -errno. */
int plain(struct genl_client *c, uint8_t cmd, uint16_t flags,
		 void (*put)(struct ctx *, struct nlmsghdr *, const struct ids *),
		 struct ctx *x, const struct ids *ids, struct outcome *o)
{
	char buf[16384];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, cmd, flags);

	if (put)
		put(x, nlh, ids);
	run(c, nlh, 0, o);
	return o->timeout ? -ETIMEDOUT : o->err;
}
