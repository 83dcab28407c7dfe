// SPDX-License-Identifier: GPL-2.0
/*
 * send --via socket: the hook in `sockctl send`, and the two sockets any
 * user may open, SOCK_STREAM and SOCK_DGRAM.  The description is parsed
 * exactly as for the module (desc_parse()); via_plan.c reads the request
 * it wrote and picks the socket; raw and packet sockets are via_raw.c's.
 *
 * What a socket lets us say goes through bind() and socket options; the
 * rest is the kernel's, and the report says which fields those were.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "via_socket.h"

#define CONNECT_TIMEOUT_MS	5000
#define LINGER_S		5	/* close() waits this long for our FIN's ACK */

static bool via_requested;

/*
 * "--via socket" before the description: taken out of argv here, since
 * desc_parse() hands a word starting with '-' to send's option hook alone,
 * without the value after it.
 */
void via_socket_args(int *argc, char ***argv)
{
	char **v = *argv;
	int i;

	for (i = 0; i < *argc && v[i][0] == '-'; i++) {
		if (strcmp(v[i], "--via"))
			continue;
		if (i + 1 >= *argc)
			usage_error("--via: needs a value: socket");
		if (strcmp(v[i + 1], "socket"))
			usage_error("--via: \"%s\" is not a way to send: only \"--via socket\" (the module's injection points are \"via l2|l3|rx\", without dashes)",
				    v[i + 1]);
		via_requested = true;
		memmove(&v[i], &v[i + 2], (size_t)(*argc - i - 2) * sizeof(*v));
		*argc -= 2;
		i--;
	}
}

/* "--via=socket" anywhere a keyword may be; a late "--via socket" is refused. */
bool via_socket_option(const char *word)
{
	if (!strcmp(word, "--via=socket")) {
		via_requested = true;
		return true;
	}
	if (!strcmp(word, "--via") || !strncmp(word, "--via=", 6))
		usage_error("%s: write \"--via socket\" before the description, or \"--via=socket\"",
			    word);
	return false;
}

bool via_socket_requested(void)
{
	return via_requested;
}

void via_socket_usage(FILE *out)
{
	fputs("       sockctl [-j] send --via socket DESCRIPTION\n"
	      "sends the packet from user space instead, through the socket that can say\n"
	      "it: SOCK_STREAM or SOCK_DGRAM for TCP or UDP whose fields bind() and socket\n"
	      "options can set; SOCK_RAW with the IP header included (the module builds the\n"
	      "bytes) for anything else; AF_PACKET for eth, arp or via l2.  It says which\n"
	      "socket, which privilege it needed and which fields the kernel filled in\n"
	      "(USER SPACE VERSUS KERNEL SPACE in sockctl(8)).\n\n", out);
}

/*
 * Report a failed system call in one line and return EXIT_REJECTED; when
 * the kernel refused it for want of a capability, name the capability.
 */
int via_fail(const char *call, int err, const char *cap)
{
	fprintf(stderr, "sockctl: send --via socket: %s: %s", call, strerror(err));
	if (cap && (err == EPERM || err == EACCES))
		fprintf(stderr, ": needs %s", cap);
	fputc('\n', stderr);
	return EXIT_REJECTED;
}

void via_opt(struct via_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->n_opts >= VIA_MAX_OPTS)
		return;
	va_start(ap, fmt);
	vsnprintf(r->opts[r->n_opts++], sizeof(r->opts[0]), fmt, ap);
	va_end(ap);
}

/* "10.0.0.1:9", "[fd00::1]:9" */
const char *via_addr_text(const union via_addr *a, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN];

	if (a->sa.sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &a->v6.sin6_addr, ip, sizeof(ip));
		snprintf(buf, size, "[%s]:%u", ip, ntohs(a->v6.sin6_port));
	} else {
		inet_ntop(AF_INET, &a->v4.sin_addr, ip, sizeof(ip));
		snprintf(buf, size, "%s:%u", ip, ntohs(a->v4.sin_port));
	}
	return buf;
}

static socklen_t addr_len(const union via_addr *a)
{
	return a->sa.sa_family == AF_INET6 ? sizeof(a->v6) : sizeof(a->v4);
}

/*
 * Pace packet i (from 0), just sent, as the module would: burst packets
 * back to back, then wait the interval (or what the rate makes of it).
 */
void via_pace(const struct via_plan *p, uint64_t i, size_t bytes)
{
	static struct timespec next;
	uint32_t burst = p->burst ? p->burst : 1;
	double gap = 0;

	if (!i)
		clock_gettime(CLOCK_MONOTONIC, &next);
	if (i + 1 >= p->count || (i + 1) % burst)
		return;
	if (p->interval_ns)
		gap = (double)p->interval_ns;
	else if (p->rate_pps)
		gap = 1e9 * burst / p->rate_pps;
	else if (p->rate_bps)
		gap = 1e9 * 8.0 * (double)bytes * burst / (double)p->rate_bps;
	if (gap <= 0)
		return;
	next.tv_nsec += (long)gap % 1000000000L;
	next.tv_sec += (time_t)(gap / 1e9);
	if (next.tv_nsec >= 1000000000L) {
		next.tv_nsec -= 1000000000L;
		next.tv_sec++;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
		;
}

/* Is addr one of ours?  The kernel's bind() answers best. */
static bool addr_is_local(int family, const void *addr)
{
	union via_addr a = { 0 };
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0)
		return false;
	a.sa.sa_family = (sa_family_t)family;
	if (family == AF_INET)
		memcpy(&a.v4.sin_addr, addr, 4);
	else
		memcpy(&a.v6.sin6_addr, addr, 16);
	ok = !bind(fd, &a.sa, addr_len(&a));
	close(fd);
	return ok;
}

/* Ports below this need CAP_NET_BIND_SERVICE (the sysctl, since 4.11). */
static unsigned int unprivileged_port_start(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_unprivileged_port_start", "r");
	unsigned int v = 1024;

	if (f) {
		if (fscanf(f, "%u", &v) != 1)
			v = 1024;
		fclose(f);
	}
	return v;
}

/* setsockopt() an int, recorded for the report as label says ("IP_TTL 5"). */
static int set_int(int fd, int level, int name, int val, struct via_result *r,
		   const char *label, ...) __attribute__((format(printf, 6, 7)));

static int set_int(int fd, int level, int name, int val, struct via_result *r,
		   const char *label, ...)
{
	char text[48], call[80];
	va_list ap;

	va_start(ap, label);
	vsnprintf(text, sizeof(text), label, ap);
	va_end(ap);
	if (!setsockopt(fd, level, name, &val, sizeof(val))) {
		via_opt(r, "%s", text);
		return 0;
	}
	snprintf(call, sizeof(call), "setsockopt(%s)", text);
	return via_fail(call, errno, NULL);
}

/* The options the plan asks for, then bind(): what a socket lets us say. */
static int setup_inet(const struct via_plan *p, int fd, struct via_result *r)
{
	bool v6 = p->family == AF_INET6;
	char buf[80], call[96];
	int ret = 0;

	if (p->ifname) {
		if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, p->ifname,
			       (socklen_t)strlen(p->ifname) + 1)) {
			snprintf(call, sizeof(call), "setsockopt(SO_BINDTODEVICE, %s)", p->ifname);
			return via_fail(call, errno, "CAP_NET_RAW");
		}
		via_opt(r, "SO_BINDTODEVICE %s", p->ifname);
	} else if (p->ifindex) {
		ret = set_int(fd, SOL_SOCKET, SO_BINDTOIFINDEX, (int)p->ifindex, r,
			      "SO_BINDTOIFINDEX %u", p->ifindex);
	}
	if (!ret && p->ttl >= 0)
		ret = v6 ? set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, p->ttl, r,
				   "IPV6_UNICAST_HOPS %d", p->ttl) :
			   set_int(fd, IPPROTO_IP, IP_TTL, p->ttl, r, "IP_TTL %d", p->ttl);
	if (!ret && p->tos >= 0)
		ret = v6 ? set_int(fd, IPPROTO_IPV6, IPV6_TCLASS, p->tos, r,
				   "IPV6_TCLASS 0x%02x", p->tos) :
			   set_int(fd, IPPROTO_IP, IP_TOS, p->tos, r, "IP_TOS 0x%02x", p->tos);
	if (!ret && p->pmtudisc >= 0)
		ret = set_int(fd, IPPROTO_IP, IP_MTU_DISCOVER, p->pmtudisc, r,
			      "IP_MTU_DISCOVER %s", p->pmtudisc == IP_PMTUDISC_DO ?
			      "IP_PMTUDISC_DO" : "IP_PMTUDISC_DONT");
	if (!ret && p->no_check)
		ret = v6 ? set_int(fd, IPPROTO_UDP, UDP_NO_CHECK6_TX, 1, r,
				   "UDP_NO_CHECK6_TX 1") :
			   set_int(fd, SOL_SOCKET, SO_NO_CHECK, 1, r, "SO_NO_CHECK 1");
	if (ret || !(p->bind_addr || p->bind_port))
		return ret;
	/* A port of ours still in TIME_WAIT should not stop a lab exercise. */
	if (p->kind == VIA_STREAM) {
		ret = set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1, r, "SO_REUSEADDR 1");
		if (ret)
			return ret;
	}
	via_addr_text(&p->src, buf, sizeof(buf));
	snprintf(call, sizeof(call), "bind(%s)", buf);
	if (bind(fd, &p->src.sa, addr_len(&p->src)))
		return via_fail(call, errno, r->privilege ? r->privilege : "CAP_NET_BIND_SERVICE");
	via_opt(r, "bind %s", buf);
	return 0;
}

/* Which privilege the plan needs: a low port for bind(), else none. */
static void inet_privilege(const struct via_plan *p, struct via_result *r)
{
	unsigned int port = ntohs(p->family == AF_INET6 ? p->src.v6.sin6_port :
							  p->src.v4.sin_port);
	unsigned int start = unprivileged_port_start();

	if (p->bind_port && port < start) {
		r->privilege = "CAP_NET_BIND_SERVICE";
		snprintf(r->privilege_why, sizeof(r->privilege_why),
			 "port %u is below ip_unprivileged_port_start %u", port, start);
	}
}

static int open_inet(const struct via_plan *p, int type, struct via_result *r,
		     int *fdp)
{
	int fd = socket(p->family, type | SOCK_CLOEXEC, 0), ret;

	if (fd < 0)
		return via_fail(via_call(p), errno, NULL);
	inet_privilege(p, r);
	ret = setup_inet(p, fd, r);
	if (ret) {
		close(fd);
		return ret;
	}
	*fdp = fd;
	return 0;
}

static void local_text(int fd, struct via_result *r)
{
	union via_addr a;
	socklen_t len = sizeof(a);

	if (!getsockname(fd, &a.sa, &len))
		via_addr_text(&a, r->local, sizeof(r->local));
}

/* connect() that gives up after CONNECT_TIMEOUT_MS instead of minutes. */
static int connect_timeout(int fd, const union via_addr *dst)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	int fl = fcntl(fd, F_GETFL), err = 0;
	socklen_t len = sizeof(err);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	if (connect(fd, &dst->sa, addr_len(dst)) && errno != EINPROGRESS)
		return errno;
	if (poll(&pfd, 1, CONNECT_TIMEOUT_MS) <= 0)
		return ETIMEDOUT;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		return errno;
	fcntl(fd, F_SETFL, fl);
	return err;
}

static void stream_info(int fd, struct via_result *r)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		return;
	r->has_tcp_info = true;
	r->tcp_mss = ti.tcpi_snd_mss;
	snprintf(r->tcp_options, sizeof(r->tcp_options), "%s%s%s",
		 ti.tcpi_options & TCPI_OPT_SACK ? ", sack" : "",
		 ti.tcpi_options & TCPI_OPT_TIMESTAMPS ? ", timestamps" : "",
		 ti.tcpi_options & TCPI_OPT_WSCALE ? ", wscale" : "");
	/* Without the leading ", ". */
	len = strlen(r->tcp_options);
	if (len)
		memmove(r->tcp_options, r->tcp_options + 2, len - 1);
}

/* connect(), send() the payload count times, close(): the kernel does TCP. */
static int send_stream(const struct via_plan *p, struct via_result *r)
{
	struct linger lg = { .l_onoff = 1, .l_linger = LINGER_S };
	char call[96];
	uint64_t i;
	int fd, ret, err;

	ret = open_inet(p, SOCK_STREAM, r, &fd);
	if (ret)
		return ret;
	/* One send(), one segment, as far as the kernel lets us. */
	ret = set_int(fd, IPPROTO_TCP, TCP_NODELAY, 1, r, "TCP_NODELAY 1");
	via_addr_text(&p->dst, r->remote, sizeof(r->remote));
	snprintf(call, sizeof(call), "connect(%s)", r->remote);
	if (ret)
		goto out;
	err = connect_timeout(fd, &p->dst);
	if (err) {
		ret = via_fail(call, err, NULL);
		goto out;
	}
	local_text(fd, r);
	stream_info(fd, r);
	for (i = 0; i < p->count && p->payload_len; i++) {
		ssize_t n = send(fd, p->payload, p->payload_len, MSG_NOSIGNAL);

		if (n < 0) {
			ret = via_fail("send()", errno, NULL);
			goto out;
		}
		r->sent++;
		r->bytes += (uint64_t)n;
		via_pace(p, i, p->payload_len);
	}
	/* close() then waits for the FIN to be acknowledged: all was delivered. */
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
out:
	close(fd);
	return ret;
}

/*
 * The source address the kernel picks for dst: an unconnected socket's
 * getsockname() says 0.0.0.0, so ask the route with a connect()ed twin,
 * which also knows the path MTU, beyond which the kernel fragments.
 */
static void dgram_local(const struct via_plan *p, int fd, struct via_result *r)
{
	bool v6 = p->family == AF_INET6;
	union via_addr a, b;
	socklen_t len = sizeof(a);
	int probe, mtu;

	if (getsockname(fd, &a.sa, &len))
		return;
	probe = socket(p->family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (probe < 0)
		return;
	if (p->ifname)
		setsockopt(probe, SOL_SOCKET, SO_BINDTODEVICE, p->ifname,
			   (socklen_t)strlen(p->ifname) + 1);
	len = sizeof(b);
	if (!connect(probe, &p->dst.sa, addr_len(&p->dst)) &&
	    !getsockname(probe, &b.sa, &len) && !p->bind_addr) {
		if (v6)
			a.v6.sin6_addr = b.v6.sin6_addr;
		else
			a.v4.sin_addr = b.v4.sin_addr;
	}
	len = sizeof(mtu);
	if (!getsockopt(probe, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_MTU : IP_MTU,
			&mtu, &len) && mtu > 0) {
		r->path_mtu = (uint32_t)mtu;
		r->fragmented = p->payload_len + 8 + (v6 ? 40 : 20) > (size_t)mtu;
	}
	close(probe);
	via_addr_text(&a, r->local, sizeof(r->local));
}

/* sendto() the payload count times. */
static int send_dgram(const struct via_plan *p, struct via_result *r)
{
	bool broadcast = false;
	char call[96];
	uint64_t i;
	int fd, ret;

	ret = open_inet(p, SOCK_DGRAM, r, &fd);
	if (ret)
		return ret;
	via_addr_text(&p->dst, r->remote, sizeof(r->remote));
	snprintf(call, sizeof(call), "sendto(%s)", r->remote);
	for (i = 0; i < p->count; i++) {
		ssize_t n = sendto(fd, p->payload, p->payload_len, 0, &p->dst.sa,
				   addr_len(&p->dst));

		/* A broadcast destination takes SO_BROADCAST first. */
		if (n < 0 && errno == EACCES && !broadcast) {
			broadcast = true;
			ret = set_int(fd, SOL_SOCKET, SO_BROADCAST, 1, r, "SO_BROADCAST 1");
			if (ret)
				break;
			i--;
			continue;
		}
		if (n < 0) {
			ret = via_fail(call, errno, NULL);
			break;
		}
		if (!i)
			dgram_local(p, fd, r);
		r->sent++;
		r->bytes += (uint64_t)n;
		via_pace(p, i, p->payload_len);
	}
	close(fd);
	return ret;
}

/*
 * Send the request msg (SOCKCTL_CMD_SEND, as desc_parse() wrote it; freed
 * here) through a socket instead of the module, and report.
 */
int via_socket_send(struct nl_msg *msg, const struct desc_result *res)
{
	struct via_result r;
	struct via_plan plan;
	char err[256];
	int ret;

	if (via_plan_make(msg, res, addr_is_local, &plan, err, sizeof(err))) {
		nlmsg_free(msg);
		usage_error("send --via socket: %s", err);
	}
	/* A link-local destination means nothing without its device. */
	if ((plan.kind == VIA_STREAM || plan.kind == VIA_DGRAM) &&
	    plan.family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&plan.dst.v6.sin6_addr))
		plan.dst.v6.sin6_scope_id = plan.ifindex ? plan.ifindex :
					    plan.ifname ? if_nametoindex(plan.ifname) : 0;
	memset(&r, 0, sizeof(r));
	r.readback = -1;
	switch (plan.kind) {
	case VIA_STREAM:
		ret = send_stream(&plan, &r);
		nlmsg_free(msg);	/* the payload was in it */
		break;
	case VIA_DGRAM:
		ret = send_dgram(&plan, &r);
		nlmsg_free(msg);
		break;
	default:
		ret = via_raw_send(&plan, msg, res, &r);
		break;
	}
	if (!ret)
		via_report(&plan, &r);
	return ret;
}
