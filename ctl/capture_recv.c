// SPDX-License-Identifier: GPL-2.0
/*
 * A capture session, from START to END.
 *
 * The packets go to the socket that sent SOCKCTL_CMD_CAPTURE_START, so that
 * socket only receives: a large receive buffer (the kernel counts what does
 * not fit as DROPS_SOCKET; we count the ENOBUFS it leaves us), and our own
 * loop over recvmsg() instead of libnl's, whose sequence checks the
 * notifications would fail.  Requests during the session (STOP) go through
 * a second socket, so that their replies never queue behind packets.
 *
 * The session ends when the kernel sends SOCKCTL_CMD_CAPTURE_END: after -c
 * N packets or Ctrl-C (SIGINT, SIGTERM) we send STOP and keep reading until
 * it comes, so that nothing captured is lost; a second Ctrl-C, or no END
 * within STOP_GRACE_MS, ends at once.  The signals are blocked but while we
 * wait in ppoll(), so that none is missed between a check and the wait and
 * none interrupts writing a packet out.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"

#define RCVBUF_SIZE	(32 << 20)	/* bytes: ~0.3 s of a busy gigabit link */
#define RECV_BUF_SIZE	(256 << 10)	/* one datagram: a batch and its headers */
#define STOP_GRACE_MS	3000
#define PROGRESS_MS	1000

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted++;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* As much receive buffer as we may have: FORCE needs CAP_NET_ADMIN. */
static void grow_rcvbuf(struct nl_sock *sk)
{
	int fd = nl_socket_get_fd(sk), size = RCVBUF_SIZE;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		nl_socket_set_buffer_size(sk, RCVBUF_SIZE, 0);	/* up to rmem_max */
	/* Notifications carry no sequence number of ours. */
	nl_socket_disable_seq_check(sk);
}

static struct nl_msg *start_request(struct sockctl_nl *nl, const struct capture_args *a)
{
	struct nl_msg *msg = sockctl_nl_msg(nl, SOCKCTL_CMD_CAPTURE_START, 0);
	struct nlattr *nest;

	if (!msg)
		sys_error("out of memory");
	if (a->dev && nla_put_string(msg, SOCKCTL_A_IFNAME, a->dev) < 0)
		sys_error("out of memory");
	nest = nla_nest_start(msg, SOCKCTL_A_CAPTURE | NLA_F_NESTED);
	if (!nest)
		sys_error("out of memory");
	nest->nla_type |= NLA_F_NESTED;
	if ((a->direction && nla_put_u8(msg, SOCKCTL_A_CAPTURE_DIRECTION, a->direction) < 0) ||
	    nla_put_u32(msg, SOCKCTL_A_CAPTURE_SNAPLEN, capture_kernel_snaplen(a)) < 0 ||
	    (a->count && nla_put_u64(msg, SOCKCTL_A_CAPTURE_COUNT, a->count) < 0) ||
	    (a->insns.len && nla_put(msg, SOCKCTL_A_CAPTURE_FILTER, (int)a->insns.len,
				     a->insns.data) < 0) ||
	    (a->queue_len && nla_put_u32(msg, SOCKCTL_A_CAPTURE_QUEUE_LEN, a->queue_len) < 0) ||
	    (a->flush_us && nla_put_u32(msg, SOCKCTL_A_CAPTURE_FLUSH_US, a->flush_us) < 0))
		sys_error("out of memory");
	nla_nest_end(msg, nest);
	return msg;
}

/*
 * A request naming a session: its id in a SOCKCTL_A_CAPTURE nest (none in a
 * dump of every session, id 0).
 */
struct nl_msg *capture_id_request(struct sockctl_nl *nl, uint8_t cmd, uint32_t id,
				  int flags)
{
	struct nl_msg *msg = sockctl_nl_msg(nl, cmd, flags);
	struct nlattr *nest;

	if (!msg)
		sys_error("out of memory");
	if (id || !(flags & NLM_F_DUMP)) {
		nest = nla_nest_start(msg, SOCKCTL_A_CAPTURE | NLA_F_NESTED);
		if (!nest || nla_put_u32(msg, SOCKCTL_A_CAPTURE_ID, id) < 0)
			sys_error("out of memory");
		nest->nla_type |= NLA_F_NESTED;
		nla_nest_end(msg, nest);
	}
	return msg;
}

struct session {
	const struct capture_args *a;
	struct sockctl_nl data;		/* START, then the packets */
	struct sockctl_nl ctl;		/* STOP */
	struct capture_stream st;
	struct capture_out *out;
	struct capture_sink sink;
	struct capture_info stop_reply;
	bool stop_sent, has_stop_reply, out_failed, recv_failed;
	uint64_t enobufs, truncated;
	uint8_t *buf;
	sigset_t wait_mask;		/* while waiting: the signals we catch */
};

/* STOP, once: its reply holds the final counters should END never come. */
static void send_stop(struct session *s)
{
	struct nl_msg *msg;

	if (s->stop_sent)
		return;
	s->stop_sent = true;
	msg = capture_id_request(&s->ctl, SOCKCTL_CMD_CAPTURE_STOP, s->st.id, 0);
	memset(&s->stop_reply, 0, sizeof(s->stop_reply));
	if (!sockctl_nl_request(&s->ctl, msg, capture_info_reply_parse, &s->stop_reply)) {
		s->has_stop_reply = true;
		return;
	}
	/* Gone already: it ended by itself, and its END is on the way. */
	if (s->ctl.error != -ENOENT && !opts.quiet)
		sockctl_nl_report(&s->ctl, "capture stop");
}

/* One datagram off the data socket: 1 read, 0 nothing yet, -1 failure. */
static int receive(struct session *s, int timeout_ms)
{
	int fd = nl_socket_get_fd(s->data.sk);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct iovec iov = { .iov_base = s->buf, .iov_len = RECV_BUF_SIZE };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct timespec ts = {
		.tv_sec = timeout_ms / 1000, .tv_nsec = timeout_ms % 1000 * 1000000L,
	};
	ssize_t n;

	if (ppoll(&pfd, 1, timeout_ms < 0 ? NULL : &ts, &s->wait_mask) <= 0)
		return 0;		/* a timeout, or a signal */
	n = recvmsg(fd, &mh, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == ENOBUFS) {	/* we were too slow: the kernel counts it */
			s->enobufs++;
			return 0;
		}
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		fprintf(stderr, "sockctl: capture: receiving: %s\n", strerror(errno));
		return -1;
	}
	if (mh.msg_flags & MSG_TRUNC)
		s->truncated++;
	capture_stream_feed(&s->st, s->buf, (size_t)n, &s->sink);
	return 1;
}

/* Until the START reply or its refusal; the exit code of a refusal. */
static int wait_started(struct session *s, struct nl_msg *req)
{
	while (!s->st.started && !s->st.start_error) {
		if (interrupted)
			return EXIT_OK;
		if (receive(s, -1) < 0)
			return EXIT_SYSTEM;
	}
	if (!s->st.start_error)
		return EXIT_OK;
	sockctl_nl_name_extack(&s->data, nlmsg_hdr(req));
	return sockctl_nl_report(&s->data, "capture");
}

static void print_started(const struct session *s)
{
	if (opts.quiet || opts.json)
		return;
	fprintf(stderr, "capturing on %s, link-type EN10MB (Ethernet), snapshot length %u bytes",
		s->a->dev ? s->a->dev : "every device", s->a->snaplen);
	if (s->a->n_insns)
		fprintf(stderr, ", filter of %u instructions", s->a->n_insns);
	fprintf(stderr, " (capture %u%s)\n", s->st.id,
		isatty(STDIN_FILENO) ? "; Ctrl-C stops it" : "");
}

/* "Got N" on standard error, as tcpdump -v -w does. */
static void print_progress(const struct session *s, bool last)
{
	bool tty = isatty(STDERR_FILENO);

	if (!s->out || !s->a->write_file || !opts.verbose || opts.quiet || opts.json)
		return;
	if (last && !tty)
		return;
	fprintf(stderr, tty ? "\rGot %llu%s" : "Got %llu%s\n",
		(unsigned long long)capture_out_count(s->out), last ? "\n" : "");
}

static void loop(struct session *s)
{
	int64_t deadline = 0, next_progress = now_ms() + PROGRESS_MS;

	while (!s->st.ended) {
		int timeout = PROGRESS_MS, r;

		if (interrupted > 1)
			break;		/* a second Ctrl-C: now */
		if (interrupted || s->st.full || s->out_failed)
			send_stop(s);
		if (s->stop_sent) {
			if (!deadline)
				deadline = now_ms() + STOP_GRACE_MS;
			timeout = (int)(deadline - now_ms());
			if (timeout <= 0)
				break;		/* no END: the STOP reply will do */
		}
		r = receive(s, timeout);
		if (r < 0) {
			s->recv_failed = true;
			break;
		}
		if (r > 0 && s->out && capture_out_flush(s->out))
			s->out_failed = true;
		if (now_ms() >= next_progress) {
			print_progress(s, false);
			next_progress = now_ms() + PROGRESS_MS;
		}
	}
	print_progress(s, true);
}

/* The sink: the output is opened at the first packet if not before. */
static bool session_packet(void *arg, const struct capture_packet *p)
{
	struct session *s = arg;

	if (!s->out)
		s->out = capture_out_open(s->a);
	return capture_out_packet(s->out, p);
}

/*
 * The counters to report: the END's; else (the END is best effort) the STOP
 * reply's; else the latest a message carried.
 */
static const struct capture_info *final_counters(const struct session *s)
{
	if (s->st.ended || (!s->has_stop_reply && s->st.has_last))
		return &s->st.last;
	if (s->has_stop_reply)
		return &s->stop_reply;
	return NULL;
}

static int finish(struct session *s)
{
	const struct capture_info *fin = final_counters(s);
	struct capture_end e = {
		.st = &s->st, .final = fin, .enobufs = s->enobufs, .dev = s->a->dev,
	};
	int ret = EXIT_OK;

	if (s->out) {
		e.captured = capture_out_count(s->out);
		ret = capture_out_close(s->out);
		s->out = NULL;
	}
	if (s->truncated)
		fprintf(stderr, "sockctl: capture: %llu messages did not fit our buffer\n",
			(unsigned long long)s->truncated);
	capture_summary_print(stderr, &e);
	if (s->recv_failed)
		ret = EXIT_SYSTEM;
	if (fin && (fin->end_reason == SOCKCTL_CAPTURE_END_DEVICE ||
		    fin->end_reason == SOCKCTL_CAPTURE_END_UNLOAD))
		ret = EXIT_SYSTEM;
	return ret;
}

int capture_run(const struct capture_args *a)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	struct sigaction old_int, old_term;
	struct session s = { .a = a };
	sigset_t catch, old_mask;
	struct nl_msg *req;
	int ret, err;

	ret = sockctl_nl_open(&s.data);
	if (!ret)
		ret = sockctl_nl_open(&s.ctl);
	if (ret)
		goto out;
	grow_rcvbuf(s.data.sk);
	s.buf = malloc(RECV_BUF_SIZE);
	if (!s.buf)
		sys_error("out of memory");
	s.st.family_id = s.data.family_id;
	s.st.nl = &s.data;
	s.sink = (struct capture_sink){ .packet = session_packet, .arg = &s };

	sigemptyset(&catch);
	sigaddset(&catch, SIGINT);
	sigaddset(&catch, SIGTERM);
	sigprocmask(SIG_BLOCK, &catch, &old_mask);
	s.wait_mask = old_mask;
	sigdelset(&s.wait_mask, SIGINT);
	sigdelset(&s.wait_mask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	req = start_request(&s.data, a);
	err = nl_send_auto(s.data.sk, req);
	if (err < 0) {
		fprintf(stderr, "sockctl: capture: sending the request failed: %s\n",
			nl_geterror(err));
		nlmsg_free(req);
		ret = EXIT_SYSTEM;
		goto restore;
	}
	s.st.start_seq = nlmsg_hdr(req)->nlmsg_seq;
	s.data.error = 0;
	ret = wait_started(&s, req);
	nlmsg_free(req);
	if (ret || !s.st.started)
		goto restore;
	if (!s.out)
		s.out = capture_out_open(a);
	print_started(&s);
	loop(&s);
	ret = finish(&s);
restore:
	/* A signal still pending comes to our handler, not the default one. */
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
out:
	if (s.out)
		capture_out_close(s.out);
	free(s.buf);
	if (s.ctl.sk)
		sockctl_nl_close(&s.ctl);
	if (s.data.sk)
		sockctl_nl_close(&s.data);
	return ret;
}
