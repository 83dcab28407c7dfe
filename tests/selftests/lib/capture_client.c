// SPDX-License-Identifier: GPL-2.0
/*
 * Capture sessions for the selftests; see capture_client.h.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>

#include "capture_client.h"
#include "clock_now.h"

/* A request in flight: what its answer should look like and where it goes. */
struct pending {
	unsigned int seq;
	bool dump;
	bool done;
	int error;
	char *extack;
	struct cap_info *infos;
	int max_infos;
	int n_infos;
};

/* nlctrl's notice that c's family was unregistered. */
static bool is_family_removal(const struct genl_client *c, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	if (nlh->nlmsg_type != GENL_ID_CTRL ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN || g->cmd != CTRL_CMD_DELFAMILY)
		return false;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_get_payload_len(a) == sizeof(uint16_t))
			return mnl_attr_get_u16(a) == c->family_id;
	return false;
}

static int handle_msg(struct genl_client *c, struct cap_rx *rx,
		      const struct nlmsghdr *nlh, struct pending *req)
{
	const struct genlmsghdr *g;

	if (req && nlh->nlmsg_seq == req->seq && nlh->nlmsg_pid == c->portid) {
		char scratch[256];

		/* A dump that failed on its way says why in its DONE. */
		if (genl_msg_ends_request(nlh, &req->error,
					  req->extack ? req->extack : scratch, sizeof(scratch))) {
			req->done = true;
			return 0;
		}
	}
	if (is_family_removal(c, nlh)) {
		rx->family_gone = true;
		return 0;
	}
	if (nlh->nlmsg_type != c->family_id ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		rx->others++;
		return 0;
	}
	g = mnl_nlmsg_get_payload(nlh);
	switch (g->cmd) {
	case SOCKCTL_CMD_CAPTURE_PACKETS:
		return cap_rx_add_packets_msg(rx, nlh);
	case SOCKCTL_CMD_CAPTURE_END:
		cap_rx_add_end_msg(rx, nlh);
		return 0;
	}
	if (req && nlh->nlmsg_seq == req->seq) {
		const struct nlattr *a;

		mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
			if (mnl_attr_get_type(a) != SOCKCTL_A_CAPTURE)
				continue;
			if (req->infos && req->n_infos < req->max_infos)
				cap_parse_info(a, &req->infos[req->n_infos]);
			req->n_infos++;
		}
		return 0;
	}
	rx->others++;
	return 0;
}

/*
 * One datagram from the socket, waiting up to timeout_ms: 1 if one was
 * handled (or ENOBUFS reported), 0 on timeout, -errno.
 */
static int read_one(struct genl_client *c, struct cap_rx *rx, struct pending *req,
		    int timeout_ms)
{
	int fd = mnl_socket_get_fd(c->nl);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct iovec iov = { rx->buf, rx->buf_size };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	const struct nlmsghdr *nlh;
	ssize_t n;
	int len, err;

	if (!rx->buf)
		return -ENOMEM;
	n = poll(&pfd, 1, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (n == 0)
		return 0;
	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == ENOBUFS) {
			rx->enobufs++;
			return 1;
		}
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		return -errno;
	}
	if (msg.msg_flags & MSG_TRUNC)
		rx->truncated++;
	len = (int)n;
	for (nlh = (const struct nlmsghdr *)rx->buf; mnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		err = handle_msg(c, rx, nlh, req);
		if (err)
			return err;
	}
	return 1;
}

static int request(struct genl_client *c, struct nlmsghdr *nlh, struct cap_rx *rx,
		   struct pending *req)
{
	long long deadline = now_mono_ms() + 20000;
	int err;

	if (!req->dump)
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = req->seq = ++c->seq;
	if (req->extack)
		req->extack[0] = 0;
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while (!req->done) {
		long long left = deadline - now_mono_ms();

		if (left <= 0)
			return -ETIMEDOUT;
		err = read_one(c, rx, req, (int)left);
		if (err < 0)
			return err;
	}
	return req->error;
}

int cap_xfer(struct genl_client *c, struct nlmsghdr *nlh, struct cap_rx *rx,
	     struct cap_info *infos, int max_infos, char *extack)
{
	struct pending req = {
		.extack = extack, .infos = infos, .max_infos = max_infos,
	};

	if (infos && max_infos > 0)
		memset(infos, 0, sizeof(*infos) * (size_t)max_infos);
	return request(c, nlh, rx, &req);
}

static int id_cmd(struct genl_client *c, struct cap_rx *rx, uint8_t cmd, uint32_t id,
		  struct cap_info *info, char *extack)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, cmd, 0);
	struct nlattr *nest;

	nest = mnl_attr_nest_start(nlh, SOCKCTL_A_CAPTURE);
	mnl_attr_put_u32(nlh, SOCKCTL_A_CAPTURE_ID, id);
	mnl_attr_nest_end(nlh, nest);
	return cap_xfer(c, nlh, rx, info, info ? 1 : 0, extack);
}

int cap_get(struct genl_client *c, struct cap_rx *rx, uint32_t id,
	    struct cap_info *info, char *extack)
{
	return id_cmd(c, rx, SOCKCTL_CMD_CAPTURE_GET, id, info, extack);
}

int cap_stop(struct genl_client *c, struct cap_rx *rx, uint32_t id,
	     struct cap_info *info, char *extack)
{
	return id_cmd(c, rx, SOCKCTL_CMD_CAPTURE_STOP, id, info, extack);
}

int cap_dump(struct genl_client *c, struct cap_rx *rx, struct cap_info *infos, int max)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, SOCKCTL_CMD_CAPTURE_GET,
					       NLM_F_DUMP);
	struct pending req = { .dump = true, .infos = infos, .max_infos = max };
	int err;

	if (infos && max > 0)
		memset(infos, 0, sizeof(*infos) * (size_t)max);
	err = request(c, nlh, rx, &req);
	return err ? err : req.n_infos;
}

int cap_recv(struct genl_client *c, struct cap_rx *rx, int timeout_ms,
	     bool (*wait_for)(const struct cap_rx *rx, const void *arg),
	     const void *arg)
{
	long long deadline = now_mono_ms() + timeout_ms;
	int err;

	for (;;) {
		long long left = deadline - now_mono_ms();

		if (wait_for && wait_for(rx, arg))
			return 1;
		if (left <= 0)
			return 0;
		err = read_one(c, rx, NULL, (int)left);
		if (err < 0)
			return err;
		if (err > 0 && !wait_for)
			return 1;
	}
}

struct want_n {
	size_t n;
};

static bool have_n(const struct cap_rx *rx, const void *arg)
{
	return rx->n >= ((const struct want_n *)arg)->n || rx->n_end;
}

int cap_collect(struct genl_client *c, struct cap_rx *rx, size_t want, int timeout_ms)
{
	struct want_n w = { want };

	return cap_recv(c, rx, timeout_ms, have_n, &w);
}

static bool has_ended(const struct cap_rx *rx, const void *arg)
{
	return cap_rx_ended(rx, *(const uint32_t *)arg);
}

int cap_wait_end(struct genl_client *c, struct cap_rx *rx, uint32_t id, int timeout_ms)
{
	return cap_recv(c, rx, timeout_ms, has_ended, &id);
}

void cap_drain(struct genl_client *c, struct cap_rx *rx, int quiet_ms, int max_ms)
{
	long long deadline = now_mono_ms() + max_ms;

	while (now_mono_ms() < deadline)
		if (read_one(c, rx, NULL, quiet_ms) <= 0)
			break;
}

int cap_watch_family(struct genl_client *c)
{
	int group = GENL_ID_CTRL;	/* nlctrl's "notify" group has its family's id */

	if (mnl_socket_setsockopt(c->nl, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)))
		return -errno;
	return 0;
}

int cap_set_rcvbuf(struct genl_client *c, int bytes)
{
	int fd = mnl_socket_get_fd(c->nl), got = 0;
	socklen_t len = sizeof(got);

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)))
		return -errno;
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len))
		return -errno;
	return got;
}
