// SPDX-License-Identifier: GPL-2.0
/*
 * AF_PACKET receiver for the injection selftests; see pkt_sink.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "net_topo.h"
#include "pkt_sink.h"

int sink_open(struct pkt_sink *s, int netns_fd, int ifindex)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = ifindex,
	};
	int one = 1, rcvbuf = 4 << 20, saved = -1, err = 0;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->ifindex = ifindex;
	if (netns_fd >= 0) {
		saved = netns_enter(netns_fd);
		if (saved < 0)
			return saved;
	}
	/* A socket stays in the netns it was created in. */
	s->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (s->fd < 0)
		err = -errno;
	if (saved >= 0 && netns_leave(saved) && !err)
		err = -errno;
	if (err)
		return err;
	setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (setsockopt(s->fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) ||
	    bind(s->fd, (struct sockaddr *)&sll, sizeof(sll))) {
		err = -errno;
		sink_close(s);
		return err;
	}
	return 0;
}

void sink_close(struct pkt_sink *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * One frame as it was on the wire, into buf (SINK_FRAME_MAX bytes); 0 for
 * a frame to skip (our own transmissions), -EAGAIN if none is queued.
 */
static ssize_t read_frame(struct pkt_sink *s, uint8_t *buf)
{
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} control;
	struct sockaddr_ll from;
	struct iovec iov = { buf + 4, SINK_FRAME_MAX - 4 };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = &control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cmsg;
	ssize_t n;

	n = recvmsg(s->fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	if (from.sll_pkttype == PACKET_OUTGOING || from.sll_ifindex != s->ifindex)
		return 0;
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
		struct tpacket_auxdata aux;
		uint16_t tpid, tci;

		if (cmsg->cmsg_level != SOL_PACKET || cmsg->cmsg_type != PACKET_AUXDATA)
			continue;
		memcpy(&aux, CMSG_DATA(cmsg), sizeof(aux));
		if (!(aux.tp_status & TP_STATUS_VLAN_VALID) || n < 12)
			continue;
		/* Put the tag the receive path took out back after the MACs. */
		tpid = aux.tp_status & TP_STATUS_VLAN_TPID_VALID ?
			aux.tp_vlan_tpid : ETH_P_8021Q;
		tci = aux.tp_vlan_tci;
		memmove(buf, buf + 4, 12);
		buf[12] = tpid >> 8;
		buf[13] = tpid & 0xff;
		buf[14] = tci >> 8;
		buf[15] = tci & 0xff;
		return n + 4;
	}
	memmove(buf, buf + 4, (size_t)n);
	return n;
}

ssize_t sink_recv(struct pkt_sink *s, void *out, size_t size, int timeout_ms,
		  pkt_filter keep, const void *arg)
{
	long long deadline = now_ms() + timeout_ms;
	uint8_t *buf = malloc(SINK_FRAME_MAX);
	ssize_t ret = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
		long long left = deadline - now_ms();
		ssize_t n;

		n = read_frame(s, buf);
		if (n == -EAGAIN) {
			if (left <= 0)
				break;
			if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR) {
				ret = -errno;
				break;
			}
			continue;
		}
		if (n < 0) {
			ret = n;
			break;
		}
		if (n == 0)
			continue;
		if (pkt_is_noise(buf, (size_t)n) ||
		    (keep && !keep(buf, (size_t)n, arg))) {
			s->ignored++;
			continue;
		}
		memcpy(out, buf, (size_t)n < size ? (size_t)n : size);
		ret = n;
		break;
	}
	free(buf);
	return ret;
}

void sink_drain(struct pkt_sink *s, int quiet_ms)
{
	uint8_t *buf = malloc(SINK_FRAME_MAX);

	if (!buf)
		return;
	for (;;) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLIN };

		while (read_frame(s, buf) >= 0)
			;
		if (poll(&pfd, 1, quiet_ms) <= 0)
			break;
	}
	free(buf);
}

/* The EtherType after the VLAN tags, and where its payload starts. */
static int inner_type(const uint8_t *f, size_t len, size_t *l3)
{
	size_t off = 12;
	int type;

	for (;;) {
		if (len < off + 2)
			return -1;
		type = f[off] << 8 | f[off + 1];
		if (type != ETH_P_8021Q && type != ETH_P_8021AD)
			break;
		off += 4;
	}
	*l3 = off + 2;
	return type;
}

bool pkt_is_noise(const uint8_t *f, size_t len)
{
	size_t l3;

	return len >= 14 && f[0] == 0x33 && f[1] == 0x33 &&
		inner_type(f, len, &l3) == ETH_P_IPV6;
}

bool pkt_ethertype(const uint8_t *f, size_t len, const void *arg)
{
	size_t l3;

	return inner_type(f, len, &l3) == *(const uint16_t *)arg;
}

bool pkt_udp_dport(const uint8_t *f, size_t len, const void *arg)
{
	uint16_t port = *(const uint16_t *)arg;
	size_t l3, l4;

	switch (inner_type(f, len, &l3)) {
	case ETH_P_IP:
		/* First fragments only: later ones have no UDP header. */
		if (len < l3 + 20 || f[l3 + 9] != IPPROTO_UDP ||
		    ((f[l3 + 6] & 0x1f) | f[l3 + 7]))
			return false;
		l4 = l3 + (f[l3] & 0xf) * 4;
		break;
	case ETH_P_IPV6:
		if (len < l3 + 40 || f[l3 + 6] != IPPROTO_UDP)
			return false;
		l4 = l3 + 40;
		break;
	default:
		return false;
	}
	return len >= l4 + 4 && (f[l4 + 2] << 8 | f[l4 + 3]) == port;
}

bool pkt_src_mac(const uint8_t *f, size_t len, const void *arg)
{
	return len >= 12 && !memcmp(f + 6, arg, 6);
}
