// SPDX-License-Identifier: GPL-2.0
/*
 * Capture sessions for the selftests; see capture_client.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "capture_client.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* The largest notification: a batch, its attributes, headroom. */
#define CAP_BUF_SIZE	(1 << 20)

uint64_t now_real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

long long now_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* --- counters -------------------------------------------------------------- */

uint64_t cap_drops(const struct cap_info *ci)
{
	return ci->drops_queue + ci->drops_socket + ci->drops_nomem;
}

bool cap_balanced(const struct cap_info *ci)
{
	return ci->matched == ci->delivered + cap_drops(ci) + ci->queued;
}

const char *cap_counters_str(const struct cap_info *ci)
{
	static char s[256];

	snprintf(s, sizeof(s),
		 "matched %llu delivered %llu drops_queue %llu drops_socket %llu "
		 "drops_nomem %llu queued %u messages %llu",
		 (unsigned long long)ci->matched, (unsigned long long)ci->delivered,
		 (unsigned long long)ci->drops_queue,
		 (unsigned long long)ci->drops_socket,
		 (unsigned long long)ci->drops_nomem, ci->queued,
		 (unsigned long long)ci->messages);
	return s;
}

const char *cap_end_name(uint8_t reason)
{
	switch (reason) {
	case SOCKCTL_CAPTURE_END_STOPPED: return "STOPPED";
	case SOCKCTL_CAPTURE_END_COUNT: return "COUNT";
	case SOCKCTL_CAPTURE_END_DEVICE: return "DEVICE";
	case SOCKCTL_CAPTURE_END_UNLOAD: return "UNLOAD";
	default: return "?";
	}
}

/* --- parsing ----------------------------------------------------------------- */

/* The attribute's payload has exactly size bytes; else note it in *bad. */
static bool sized(const struct nlattr *a, size_t size, int *bad)
{
	if (mnl_attr_get_payload_len(a) == size)
		return true;
	if (!*bad)
		*bad = mnl_attr_get_type(a);
	return false;
}

static uint64_t get_u64(const struct nlattr *a)
{
	uint64_t v;

	memcpy(&v, mnl_attr_get_payload(a), sizeof(v));
	return v;
}

static void parse_info(const struct nlattr *nest, struct cap_info *ci)
{
	const struct nlattr *a;

	memset(ci, 0, sizeof(*ci));
	mnl_attr_for_each_nested(a, nest) {
		uint16_t type = mnl_attr_get_type(a);
		int *bad = &ci->bad_attr;

		if (type < 32)
			ci->present |= 1u << type;
		switch (type) {
		case SOCKCTL_A_CAPTURE_ID:
			if (sized(a, 4, bad))
				ci->id = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_CAPTURE_DIRECTION:
			if (sized(a, 1, bad))
				ci->direction = mnl_attr_get_u8(a);
			break;
		case SOCKCTL_A_CAPTURE_SNAPLEN:
			if (sized(a, 4, bad))
				ci->snaplen = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_CAPTURE_COUNT:
			if (sized(a, 8, bad))
				ci->count = get_u64(a);
			break;
		case SOCKCTL_A_CAPTURE_QUEUE_LEN:
			if (sized(a, 4, bad))
				ci->queue_len = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_CAPTURE_FLUSH_US:
			if (sized(a, 4, bad))
				ci->flush_us = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_CAPTURE_IFINDEX:
			if (sized(a, 4, bad))
				ci->ifindex = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_CAPTURE_PORTID:
			if (sized(a, 4, bad))
				ci->portid = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_CAPTURE_FILTER_LEN:
			if (sized(a, 4, bad))
				ci->filter_len = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_CAPTURE_MATCHED:
			if (sized(a, 8, bad))
				ci->matched = get_u64(a);
			break;
		case SOCKCTL_A_CAPTURE_DELIVERED:
			if (sized(a, 8, bad))
				ci->delivered = get_u64(a);
			break;
		case SOCKCTL_A_CAPTURE_DROPS_QUEUE:
			if (sized(a, 8, bad))
				ci->drops_queue = get_u64(a);
			break;
		case SOCKCTL_A_CAPTURE_DROPS_SOCKET:
			if (sized(a, 8, bad))
				ci->drops_socket = get_u64(a);
			break;
		case SOCKCTL_A_CAPTURE_DROPS_NOMEM:
			if (sized(a, 8, bad))
				ci->drops_nomem = get_u64(a);
			break;
		case SOCKCTL_A_CAPTURE_QUEUED:
			if (sized(a, 4, bad))
				ci->queued = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_CAPTURE_MESSAGES:
			if (sized(a, 8, bad))
				ci->messages = get_u64(a);
			break;
		case SOCKCTL_A_CAPTURE_ELAPSED_NS:
			if (sized(a, 8, bad))
				ci->elapsed_ns = get_u64(a);
			break;
		case SOCKCTL_A_CAPTURE_END_REASON:
			if (sized(a, 1, bad))
				ci->end_reason = mnl_attr_get_u8(a);
			break;
		}
	}
}

static int parse_packet(const struct nlattr *nest, struct cap_packet *p)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		uint16_t type = mnl_attr_get_type(a);
		int *bad = &p->bad_attr;
		size_t len;

		if (type < 32)
			p->present |= 1u << type;
		switch (type) {
		case SOCKCTL_A_PACKET_SEQ:
			if (sized(a, 8, bad))
				p->seq = get_u64(a);
			break;
		case SOCKCTL_A_PACKET_TSTAMP_NS:
			if (sized(a, 8, bad))
				p->tstamp_ns = get_u64(a);
			break;
		case SOCKCTL_A_PACKET_IFINDEX:
			if (sized(a, 4, bad))
				p->ifindex = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_PACKET_IFNAME:
			len = mnl_attr_get_payload_len(a);
			if (len > IFNAMSIZ || !len ||
			    ((const char *)mnl_attr_get_payload(a))[len - 1]) {
				if (!*bad)
					*bad = type;
				break;
			}
			memcpy(p->ifname, mnl_attr_get_payload(a), len);
			break;
		case SOCKCTL_A_PACKET_DIRECTION:
			if (sized(a, 1, bad))
				p->direction = mnl_attr_get_u8(a);
			break;
		case SOCKCTL_A_PACKET_PKTTYPE:
			if (sized(a, 1, bad))
				p->pkttype = mnl_attr_get_u8(a);
			break;
		case SOCKCTL_A_PACKET_PROTOCOL:
			if (sized(a, 2, bad))
				p->protocol = mnl_attr_get_u16(a);
			break;
		case SOCKCTL_A_PACKET_ORIG_LEN:
			if (sized(a, 4, bad))
				p->orig_len = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_PACKET_DATA:
			len = mnl_attr_get_payload_len(a);
			free(p->data);
			p->data = malloc(len ? len : 1);
			if (!p->data)
				return -ENOMEM;
			memcpy(p->data, mnl_attr_get_payload(a), len);
			p->len = len;
			break;
		case SOCKCTL_A_PACKET_VLAN_TCI:
			if (sized(a, 2, bad))
				p->vlan_tci = mnl_attr_get_u16(a);
			break;
		case SOCKCTL_A_PACKET_VLAN_TPID:
			if (sized(a, 2, bad))
				p->vlan_tpid = mnl_attr_get_u16(a);
			break;
		}
	}
	return 0;
}

void cap_rx_init(struct cap_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->buf_size = CAP_BUF_SIZE;
	rx->buf = malloc(rx->buf_size);
}

void cap_rx_reset(struct cap_rx *rx)
{
	uint8_t *buf = rx->buf;
	size_t i;

	for (i = 0; i < rx->n; i++)
		free(rx->pkts[i].data);
	free(rx->pkts);
	free(rx->msgs);
	memset(rx, 0, sizeof(*rx));
	rx->buf = buf;
	rx->buf_size = CAP_BUF_SIZE;
}

void cap_rx_free(struct cap_rx *rx)
{
	cap_rx_reset(rx);
	free(rx->buf);
	rx->buf = NULL;
}

size_t cap_rx_count(const struct cap_rx *rx, uint32_t session)
{
	size_t i, n = 0;

	for (i = 0; i < rx->n; i++)
		n += rx->pkts[i].session == session;
	return n;
}

bool cap_rx_ended(const struct cap_rx *rx, uint32_t id)
{
	int i, n = rx->n_end;

	if (n > (int)(sizeof(rx->ended_ids) / sizeof(rx->ended_ids[0])))
		n = sizeof(rx->ended_ids) / sizeof(rx->ended_ids[0]);
	for (i = 0; i < n; i++)
		if (rx->ended_ids[i] == id)
			return true;
	return false;
}

static const struct nlattr *top_attr(const struct nlmsghdr *nlh, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static int rx_packets_msg(struct cap_rx *rx, const struct nlmsghdr *nlh)
{
	const struct nlattr *nest = top_attr(nlh, SOCKCTL_A_CAPTURE), *a;
	struct cap_msg *m;
	uint32_t n = 0;

	if (!nest) {
		rx->malformed++;
		return 0;
	}
	if (rx->n_msgs == rx->msgs_alloc) {
		size_t alloc = rx->msgs_alloc ? 2 * rx->msgs_alloc : 64;
		struct cap_msg *msgs = realloc(rx->msgs, alloc * sizeof(*msgs));

		if (!msgs)
			return -ENOMEM;
		rx->msgs = msgs;
		rx->msgs_alloc = alloc;
	}
	m = &rx->msgs[rx->n_msgs];
	memset(m, 0, sizeof(*m));
	parse_info(nest, &m->info);
	m->session = m->info.id;
	m->nlmsg_len = nlh->nlmsg_len;
	if (cap_rx_ended(rx, m->session))
		rx->packets_after_end = true;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		struct cap_packet *p;
		int err;

		if (mnl_attr_get_type(a) != SOCKCTL_A_PACKET)
			continue;
		if (rx->n == rx->alloc) {
			size_t alloc = rx->alloc ? 2 * rx->alloc : 256;
			struct cap_packet *pkts = realloc(rx->pkts, alloc * sizeof(*pkts));

			if (!pkts)
				return -ENOMEM;
			rx->pkts = pkts;
			rx->alloc = alloc;
		}
		p = &rx->pkts[rx->n];
		memset(p, 0, sizeof(*p));
		p->session = m->session;
		p->msg = (uint32_t)rx->n_msgs;
		err = parse_packet(a, p);
		rx->n++;
		if (err)
			return err;
		m->data_bytes += p->len;
		n++;
	}
	m->n_packets = n;
	if (n > rx->max_batch)
		rx->max_batch = n;
	rx->n_msgs++;
	return 0;
}

static void rx_end_msg(struct cap_rx *rx, const struct nlmsghdr *nlh)
{
	const struct nlattr *nest = top_attr(nlh, SOCKCTL_A_CAPTURE);

	if (!nest) {
		rx->malformed++;
		return;
	}
	parse_info(nest, &rx->end);
	if (rx->n_end < (int)(sizeof(rx->ended_ids) / sizeof(rx->ended_ids[0])))
		rx->ended_ids[rx->n_end] = rx->end.id;
	rx->n_end++;
}

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

static void parse_ack(const struct nlmsghdr *nlh, struct pending *req)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*err);
	const struct nlattr *attr;

	req->error = err->error;
	req->done = true;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || !req->extack)
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	mnl_attr_for_each(attr, nlh, off)
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG)
			snprintf(req->extack, 256, "%s", mnl_attr_get_str(attr));
}

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
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			parse_ack(nlh, req);
			return 0;
		}
		if (nlh->nlmsg_type == NLMSG_DONE) {
			/* A dump that failed on its way says why here. */
			if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
				const struct nlattr *attr;
				int e;

				memcpy(&e, mnl_nlmsg_get_payload(nlh), sizeof(e));
				req->error = e;
				if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && req->extack)
					mnl_attr_for_each(attr, nlh, sizeof(int))
						if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG)
							snprintf(req->extack, 256, "%s",
								 mnl_attr_get_str(attr));
			}
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
		return rx_packets_msg(rx, nlh);
	case SOCKCTL_CMD_CAPTURE_END:
		rx_end_msg(rx, nlh);
		return 0;
	}
	if (req && nlh->nlmsg_seq == req->seq) {
		const struct nlattr *a;

		mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
			if (mnl_attr_get_type(a) != SOCKCTL_A_CAPTURE)
				continue;
			if (req->infos && req->n_infos < req->max_infos)
				parse_info(a, &req->infos[req->n_infos]);
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

/* --- system helpers ------------------------------------------------------- */

/* One rtnetlink request in the current netns; the first reply into reply. */
static int rtnl_request(struct nlmsghdr *nlh, void *reply, size_t reply_size)
{
	char *buf = malloc(MNL_SOCKET_BUFFER_SIZE);
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	unsigned int portid, seq = (unsigned int)time(NULL);
	int err = -EPROTO;
	bool done = false;

	if (!buf || !nl) {
		err = buf ? -errno : -ENOMEM;
		goto out;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		err = -errno;
		goto out;
	}
	while (!done) {
		const struct nlmsghdr *r;
		int len = (int)mnl_socket_recvfrom(nl, buf, MNL_SOCKET_BUFFER_SIZE);

		if (len < 0) {
			err = -errno;
			break;
		}
		for (r = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(r, len);
		     r = mnl_nlmsg_next(r, &len)) {
			if (r->nlmsg_seq != seq || r->nlmsg_pid != portid)
				continue;
			if (r->nlmsg_type == NLMSG_ERROR) {
				err = ((const struct nlmsgerr *)mnl_nlmsg_get_payload(r))->error;
				done = true;
				break;
			}
			if (reply && r->nlmsg_len <= reply_size) {
				memcpy(reply, r, r->nlmsg_len);
				reply = NULL;
			}
		}
	}
out:
	if (nl)
		mnl_socket_close(nl);
	free(buf);
	return err;
}

struct stats_out {
	struct rtnl_link_stats64 *st;
	bool found;
};

static int stats_cb(const struct nlattr *a, void *data)
{
	struct stats_out *o = data;

	if (mnl_attr_get_type(a) == IFLA_STATS64 &&
	    mnl_attr_get_payload_len(a) >= sizeof(*o->st)) {
		memcpy(o->st, mnl_attr_get_payload(a), sizeof(*o->st));
		o->found = true;
	}
	return MNL_CB_OK;
}

int link_stats(int ifindex, struct rtnl_link_stats64 *st)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	char *reply = calloc(1, 65536);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct stats_out o = { st, false };
	struct ifinfomsg *ifm;
	int err;

	if (!reply)
		return -ENOMEM;
	nlh->nlmsg_type = RTM_GETLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	/* The ACK comes after the reply: no NLM_F_ACK trouble. */
	err = rtnl_request(nlh, reply, 65536);
	if (!err && ((struct nlmsghdr *)reply)->nlmsg_type == RTM_NEWLINK)
		mnl_attr_parse((struct nlmsghdr *)reply, sizeof(struct ifinfomsg),
			       stats_cb, &o);
	free(reply);
	if (err)
		return err;
	return o.found ? 0 : -ENODATA;
}

int link_add_kind(const char *name, const char *kind)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	struct nlattr *linkinfo;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	mnl_attr_nest_end(nlh, linkinfo);
	return rtnl_request(nlh, NULL, 0);
}

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
