// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: family resolution and socket I/O: the generic netlink socket, sending a
 * datagram and collecting (and checking) everything that comes back.
 */
#include "nlfuzz.h"

uint16_t family_id;

void ensure_rbuf(struct fz *f, size_t n)
{
	if (n <= f->rbuf_size)
		return;
	f->rbuf = xrealloc(f->rbuf, n);
	f->rbuf_size = n;
}

static int send_raw(struct fz *f, const void *buf, size_t len)
{
	struct sockaddr_nl nladdr = { .nl_family = AF_NETLINK };
	ssize_t n;

	watchdog_deadline = now_s() + watchdog_limit;
	n = sendto(f->fd, buf, len, 0, (struct sockaddr *)&nladdr, sizeof(nladdr));
	watchdog_deadline = 0;
	return n < 0 ? -errno : 0;
}

static void build_ping(struct fz *f, uint8_t *buf)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	nlh->nlmsg_type = family_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g->cmd = SOCKCTL_CMD_GET_INFO;
	g->version = f->version;
}

/* A ping given up for lost: should its reply come after all, it is no stranger. */
static void forget_seq(struct fz *f, uint32_t seq)
{
	f->stale[f->n_stale++ % ARRAY_SIZE(f->stale)] = seq;
}

static bool stale_seq(const struct fz *f, uint32_t seq)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(f->stale); i++)
		if (f->stale[i] == seq && seq)
			return true;
	return false;
}

/* Kernel to socket notifications (capture) carry port id 0 and seq 0. */
static bool is_notification(const struct nlmsghdr *r)
{
	return r->nlmsg_pid == 0 && r->nlmsg_seq == 0;
}

/*
 * Read one datagram (the socket has one) and check every message in it
 * against @ex (n of them; none: only notifications are expected).
 * Returns the bytes read, 0 if there was nothing, -1 on an error.
 */
static ssize_t read_datagram(struct fz *f, struct expect *ex, int n, int flags)
{
	ssize_t got, avail;
	uint32_t off;

	avail = recv(f->fd, NULL, 0, MSG_PEEK | MSG_TRUNC | flags);
	if (avail < 0) {
		if (errno == ENOBUFS) {
			/* Our receive buffer overflowed: something was lost. */
			note_enobufs(f);
			return 0;
		}
		if (errno == EAGAIN) {
			note_queue_empty(f);
			return 0;
		}
		if (errno == EINTR)
			return 0;
		fail(f, "recv: %s", strerror(errno));
		return -1;
	}
	ensure_rbuf(f, (size_t)avail + 16);
	got = recv(f->fd, f->rbuf, f->rbuf_size, flags);
	if (got < 0) {
		if (errno == ENOBUFS) {
			note_enobufs(f);
			return 0;
		}
		if (errno == EINTR || errno == EAGAIN)
			return 0;
		fail(f, "recv: %s", strerror(errno));
		return -1;
	}
	off = 0;
	while (off < (uint32_t)got) {
		const struct nlmsghdr *r = (const struct nlmsghdr *)(f->rbuf + off);
		struct expect *e;

		if ((uint32_t)got - off < NLMSG_HDRLEN || r->nlmsg_len < NLMSG_HDRLEN ||
		    r->nlmsg_len > (uint32_t)got - off) {
			fail(f, "malformed reply datagram: nlmsg_len %u with %u bytes left",
			     (uint32_t)got - off >= 4 ? r->nlmsg_len : 0, (uint32_t)got - off);
			break;
		}
		e = is_notification(r) ? NULL : find_expect(ex, n, r->nlmsg_seq);
		if (is_notification(r)) {
			capture_notification(f, r);
		} else if (!e && stale_seq(f, r->nlmsg_seq)) {
			/* a ping given up for lost came after all */
		} else if (!e) {
			fail(f, "reply (type %u) with unknown seq %u", r->nlmsg_type, r->nlmsg_seq);
		} else if (r->nlmsg_pid != f->portid) {
			fail(f, "reply to port %u, we are %u", r->nlmsg_pid, f->portid);
		} else if (e->kind == E_SILENT) {
			fail(f, "reply (type %u) to a message the kernel must drop (%s)",
			     r->nlmsg_type, e->why);
		} else if (r->nlmsg_type == NLMSG_ERROR) {
			handle_ack(f, r, e);
		} else if (r->nlmsg_type == NLMSG_DONE) {
			handle_done(f, r, e);
		} else if (r->nlmsg_type == family_id) {
			handle_data(f, r, e);
		} else {
			fail(f, "reply of unexpected type %u", r->nlmsg_type);
		}
		off += NLMSG_ALIGN(r->nlmsg_len);
	}
	return got;
}

/*
 * Read (and check) whatever comes in @ms milliseconds: notifications, as
 * nothing else is expected.  Then, if the socket overflowed, until its
 * queue is empty: netlink drops every message to a socket whose queue
 * overflowed until it is read empty.
 */
void read_pending(struct fz *f, int ms)
{
	double end = now_s() + ms / 1000.0;

	for (;;) {
		struct pollfd pfd = { .fd = f->fd, .events = POLLIN };
		double left = end - now_s();
		int pr = poll(&pfd, 1, left > 0 ? (int)(left * 1000) : 0);

		if (pr <= 0) {
			if (!pr)
				note_queue_empty(f);
			if (left <= 0 || pr < 0)
				break;
			continue;
		}
		if (left < -5)
			break;	/* a flood that never ends: let the caller go on */
		if (read_datagram(f, NULL, 0, MSG_DONTWAIT) < 0)
			break;
	}
}

#define MAX_SYNC	8

/*
 * After an overrun: the earlier requests whose replies have not come, and
 * never will now that a later ping was answered, lost them.
 */
static void sync_answered(struct fz *f, struct expect *ex, int n)
{
	int i, j;

	for (i = 0; i < n; i++) {
		if (!ex[i].sync || !expect_done(&ex[i]))
			continue;
		for (j = 0; j < i; j++) {
			if (expect_done(&ex[j]) || ex[j].dump)
				continue;
			ex[j].lost = true;
			ex[j].got_ack = true;
			f->lost++;
		}
	}
}

/*
 * Receive until every expectation is met; check every message.  @ex has
 * room for @max: pings to resynchronize after an overrun go there.
 *
 * After an overrun (or a dump whose start met a full buffer), once the
 * queue is read empty a GET_INFO without NLM_F_ACK is sent: when its reply
 * comes, the replies still missing were lost; and reading it lets netlink
 * go on with a stalled dump (it does so only when a message is read).
 */
static void collect(struct fz *f, struct expect *ex, int n, int max)
{
	static uint8_t sync[MAX_SYNC][NLMSG_HDRLEN + GENL_HDRLEN];
	double deadline = now_s() + f->timeout;
	uint64_t overruns = f->overruns, sync_epoch = 0;
	int i, sync_slot = -1, n_sync = 0;

	for (;;) {
		struct pollfd pfd = { .fd = f->fd, .events = POLLIN };
		bool all = true, overrun = f->overruns != overruns || f->congested, stalled = false;
		double left;
		int pr;

		sync_answered(f, ex, n);
		for (i = 0; i < n; i++) {
			all &= expect_done(&ex[i]);
			stalled |= ex[i].dump_enobufs && !expect_done(&ex[i]);
		}
		if (all)
			break;
		left = deadline - now_s();
		if (left <= 0)
			pr = 0;	/* time is up, whatever keeps coming */
		else
			pr = poll(&pfd, 1, (overrun || stalled) && left > 0.05 ? 50 : (int)(left * 1000));
		if (pr == 0 && (overrun || stalled) && left > 0) {
			/* The queue is empty. */
			note_queue_empty(f);
			if (sync_slot >= 0 && !expect_done(&ex[sync_slot]) && sync_epoch == f->overruns)
				continue;	/* its reply is on the way */
			if (sync_slot >= 0 && !expect_done(&ex[sync_slot]))
				forget_seq(f, ex[sync_slot].seq);
			if (n < max) {
				sync_slot = n++;
			} else {
				/* reuse the oldest ping's room */
				for (i = 0; i < n && !ex[i].sync; i++)
					;
				if (i == n)
					continue;
				if (!expect_done(&ex[i]))
					forget_seq(f, ex[i].seq);
				memmove(&ex[i], &ex[i + 1], (size_t)(n - i - 1) * sizeof(*ex));
				sync_slot = n - 1;
			}
			build_ping(f, sync[n_sync % MAX_SYNC]);
			((struct nlmsghdr *)sync[n_sync % MAX_SYNC])->nlmsg_seq = ++f->seq;
			((struct nlmsghdr *)sync[n_sync % MAX_SYNC])->nlmsg_flags = NLM_F_REQUEST;
			memset(&ex[sync_slot], 0, sizeof(ex[sync_slot]));
			ex[sync_slot].seq = f->seq;
			ex[sync_slot].kind = E_PING;
			ex[sync_slot].sync = true;
			ex[sync_slot].cmd = SOCKCTL_CMD_GET_INFO;
			ex[sync_slot].req = sync[n_sync % MAX_SYNC];
			ex[sync_slot].req_len = NLMSG_HDRLEN + GENL_HDRLEN;
			sync_epoch = f->overruns;
			if (send_raw(f, sync[n_sync % MAX_SYNC], NLMSG_HDRLEN + GENL_HDRLEN)) {
				f->local_errors++;
				ex[sync_slot].got_ack = true;
			}
			n_sync++;
			continue;
		}
		if (pr <= 0) {
			for (i = 0; i < n; i++) {
				if (expect_done(&ex[i]))
					continue;
				if (ex[i].sync) {
					/* a ping lost in the overrun too */
					forget_seq(f, ex[i].seq);
					ex[i].got_ack = true;
					continue;
				}
				fail(f, "no %s within %.0f s (seq %u, expected %s%s)%s",
				     ex[i].dump ? "NLMSG_DONE" : "reply", f->timeout, ex[i].seq,
				     ex[i].kind == E_ERR ? "an error: " : "a reply",
				     ex[i].kind == E_ERR ? ex[i].why : "",
				     overrun ? " (the socket overflowed meanwhile)" : "");
				ex[i].got_ack = ex[i].got_done = true;
				ex[i].bad = true;
			}
			break;
		}
		if (read_datagram(f, ex, n, 0) < 0)
			break;
	}
	if (f->congested)
		read_pending(f, 0);
}

/* Read whatever is queued (after a failure): notifications are still checked. */
static void drain(struct fz *f)
{
	struct pollfd pfd = { .fd = f->fd, .events = POLLIN };
	double end = now_s() + 2;

	while (poll(&pfd, 1, 200) > 0 && now_s() < end) {
		ssize_t got, avail;
		uint32_t off = 0;

		avail = recv(f->fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
		if (avail < 0) {
			if (errno == ENOBUFS) {
				note_enobufs(f);
				continue;
			}
			break;
		}
		ensure_rbuf(f, (size_t)avail + 16);
		got = recv(f->fd, f->rbuf, f->rbuf_size, MSG_DONTWAIT);
		if (got < 0) {
			if (errno == ENOBUFS) {
				note_enobufs(f);
				continue;
			}
			break;
		}
		while (off + NLMSG_HDRLEN <= (uint32_t)got) {
			const struct nlmsghdr *r = (const struct nlmsghdr *)(f->rbuf + off);

			if (r->nlmsg_len < NLMSG_HDRLEN || r->nlmsg_len > (uint32_t)got - off)
				break;
			if (is_notification(r))
				capture_notification(f, r);
			off += NLMSG_ALIGN(r->nlmsg_len);
		}
	}
	note_queue_empty(f);
}

/*
 * An auxiliary dump of @cmd: @entry sees each message of it.  Notifications
 * that come meanwhile are checked.  0, or the dump's negative errno.
 */
int dump_request(struct fz *f, uint8_t cmd, dump_entry_fn entry, void *arg)
{
	uint8_t buf[NLMSG_HDRLEN + GENL_HDRLEN];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	uint32_t seq = ++f->seq;
	double deadline = now_s() + f->timeout;

	if (f->congested)
		read_pending(f, 0);
	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_len = sizeof(buf);
	nlh->nlmsg_type = family_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	g->cmd = cmd;
	g->version = f->version;
	{
		int err = send_raw(f, buf, sizeof(buf));

		if (err)
			return err;
	}
	f->aux++;
	for (;;) {
		struct pollfd pfd = { .fd = f->fd, .events = POLLIN };
		double left = deadline - now_s();
		ssize_t got, avail;
		uint32_t off = 0;

		if (left <= 0 || poll(&pfd, 1, (int)(left * 1000)) <= 0)
			return -ETIMEDOUT;
		avail = recv(f->fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
		if (avail < 0 && errno == ENOBUFS) {
			note_enobufs(f);
			continue;
		}
		ensure_rbuf(f, (size_t)(avail > 0 ? avail : 0) + MSGBUF);
		got = recv(f->fd, f->rbuf, f->rbuf_size, 0);
		if (got < 0 && errno == ENOBUFS) {
			note_enobufs(f);
			continue;
		}
		if (got < 0)
			return -errno;
		while (off + NLMSG_HDRLEN <= (uint32_t)got) {
			const struct nlmsghdr *r = (const struct nlmsghdr *)(f->rbuf + off);

			if (r->nlmsg_len < NLMSG_HDRLEN || r->nlmsg_len > got - off)
				return -EBADMSG;
			if (is_notification(r)) {
				capture_notification(f, r);
			} else if (r->nlmsg_seq == seq) {
				if (r->nlmsg_type == NLMSG_DONE)
					return 0;
				if (r->nlmsg_type == NLMSG_ERROR) {
					int err = ((const struct nlmsgerr *)NLMSG_DATA(r))->error;

					/* a full buffer at its start: the dump goes on */
					if (err != -ENOBUFS)
						return err;
				} else {
					entry(f, r, arg);
				}
			}
			off += NLMSG_ALIGN(r->nlmsg_len);
		}
	}
}

#define MAX_EXPECT	8

/*
 * Send one datagram (usually one message), check what comes back.  Returns
 * the result of its first message: 0, a negative errno, or 1 if there was
 * no usable reply.  *out (if set) gets that message's expectation.
 */
static int do_exchange(struct fz *f, uint8_t *buf, uint32_t len, struct expect *out)
{
	struct expect ex[MAX_EXPECT + 1 + MAX_SYNC];
	uint8_t ping[NLMSG_HDRLEN + GENL_HDRLEN];
	bool need_ping = false;
	int n, i, err;

	n = predict(buf, len, &f->seq, ex, MAX_EXPECT);
	for (i = 0; i < n; i++)
		if (!ex[i].ack && (ex[i].kind == E_SILENT || ex[i].kind == E_ACK0 ||
				   (ex[i].kind == E_ANY && !ex[i].dump)))
			need_ping = true;
	if (n == 0)
		need_ping = true;
	if (opt_verbose) {
		printf("# #%" PRIu64 " [%s] %s: %u bytes", f->cidx, f->phase, f->cname, len);
		if (n)
			printf(", expect %s%s%s", (const char *[]){ "silence", "ack 0", "error",
				"any", "ping" }[ex[0].kind], ex[0].why[0] ? ": " : "", ex[0].why);
		putchar('\n');
	}
	for (i = 0; i < n; i++)
		ex[i].sent_mark = f->notif_mark;
	watchdog_exchange = now_s() + watchdog_limit;
	err = send_raw(f, buf, len);
	if (err) {
		f->local_errors++;
		if (opt_verbose)
			printf("#   sendto: %s\n", strerror(-err));
		if (out)
			memset(out, 0, sizeof(*out));
		return 1;
	}
	if (need_ping) {
		build_ping(f, ping);
		((struct nlmsghdr *)ping)->nlmsg_seq = ++f->seq;
		memset(&ex[n], 0, sizeof(ex[n]));
		ex[n].seq = f->seq;
		ex[n].kind = E_PING;
		ex[n].cmd = SOCKCTL_CMD_GET_INFO;
		ex[n].ack = true;
		ex[n].req = ping;
		ex[n].req_len = sizeof(ping);
		if (send_raw(f, ping, sizeof(ping))) {
			f->local_errors++;
			return 1;
		}
		n++;
	}
	collect(f, ex, n, (int)ARRAY_SIZE(ex));
	for (i = 0; i < n; i++)
		if (ex[i].bad) {
			drain(f);
			break;
		}
	if (out && n)
		*out = ex[0];
	if (!n || ex[0].kind == E_PING || ex[0].lost)
		return 1;
	if (ex[0].kind == E_SILENT || (!ex[0].got_ack && !ex[0].got_done))
		return ex[0].kind == E_SILENT ? 1 : (ex[0].n_data ? 0 : 1);
	return ex[0].ack_err;
}

int open_genl(struct fz *f)
{
	int one = 1, rcvbuf = f->rcvbuf ? f->rcvbuf : 8 << 20, sndbuf = 1 << 20;

	f->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!f->nl || mnl_socket_bind(f->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	f->fd = mnl_socket_get_fd(f->nl);
	f->portid = mnl_socket_get_portid(f->nl);
	f->congested = false;
	f->sock_epoch = ++f->overruns;
	setsockopt(f->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(f->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (setsockopt(f->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(f->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (setsockopt(f->fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf)))
		setsockopt(f->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	return 0;
}

int resolve_family(struct fz *f)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;
	uint32_t seq = ++f->seq;
	ssize_t n;

	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SOCKCTL_FAMILY_NAME);
	if (mnl_socket_sendto(f->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		const struct nlmsghdr *r;
		int len;

		n = mnl_socket_recvfrom(f->nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		len = (int)n;
		for (r = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(r, len); r = mnl_nlmsg_next(r, &len)) {
			const struct nlattr *a;

			if (r->nlmsg_seq != seq)
				continue;
			if (r->nlmsg_type == NLMSG_ERROR) {
				int e = ((const struct nlmsgerr *)mnl_nlmsg_get_payload(r))->error;

				if (e)
					return e;
				return family_id ? 0 : -ENOENT;
			}
			mnl_attr_for_each(a, r, GENL_HDRLEN) {
				if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
					family_id = mnl_attr_get_u16(a);
				if (mnl_attr_get_type(a) == CTRL_ATTR_VERSION)
					f->version = (uint8_t)mnl_attr_get_u32(a);
			}
		}
	}
}

int exchange(struct fz *f, uint8_t *buf, uint32_t len, struct expect *out)
{
	int ret = do_exchange(f, buf, len, out);

	watchdog_exchange = 0;
	return ret;
}
