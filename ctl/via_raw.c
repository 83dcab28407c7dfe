// SPDX-License-Identifier: GPL-2.0
/*
 * send --via socket through the privileged sockets: SOCK_RAW with the IP
 * header included (IPPROTO_RAW), and AF_PACKET for whole frames.  Both send
 * bytes someone built: the "raw" bytes as given, or what the module's BUILD
 * returns for the description.  The request desc_parse() wrote is turned
 * into that BUILD in place, so the module's refusals point at the user's
 * words exactly as `sockctl build` would.  What a raw IPv4 socket's kernel
 * then rewrote is read back as it leaves (via_readback.c).
 */
#include <errno.h>
#include <linux/if_packet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "via_socket.h"

#define READBACK_MS	500	/* how long the packet may take to show up */

struct via_frame {
	uint8_t *data;
	size_t len;
};

struct via_frames {
	struct via_frame *v;
	int n;
};

/* The SOCKCTL_A_FRAME_DATA of each frame of a BUILD reply, copied. */
static int parse_frames(struct nl_msg *reply, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(reply));
	struct via_frames *fr = arg;
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		struct nlattr *tb[SOCKCTL_A_FRAME_MAX + 1];
		struct via_frame *f;

		if (nla_type(a) != SOCKCTL_A_FRAME ||
		    nla_parse_nested(tb, SOCKCTL_A_FRAME_MAX, a, NULL) ||
		    !tb[SOCKCTL_A_FRAME_DATA])
			continue;
		f = realloc(fr->v, (size_t)(fr->n + 1) * sizeof(*f));
		if (!f)
			sys_error("out of memory");
		fr->v = f;
		f += fr->n++;
		f->len = (size_t)nla_len(tb[SOCKCTL_A_FRAME_DATA]);
		f->data = malloc(f->len ? f->len : 1);
		if (!f->data)
			sys_error("out of memory");
		memcpy(f->data, nla_data(tb[SOCKCTL_A_FRAME_DATA]), f->len);
	}
	return 0;
}

static void frames_free(struct via_frames *fr)
{
	int i;

	for (i = 0; i < fr->n; i++)
		free(fr->v[i].data);
	free(fr->v);
}

/*
 * Have the module build the description (msg, consumed) at the plan's
 * injection point: the same request, as SOCKCTL_CMD_BUILD.  An injection
 * point the user gave stays, so the module judges it as for send.
 */
static int build_bytes(const struct via_plan *p, struct nl_msg *msg,
		       const struct desc_result *res, struct via_frames *fr)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct sockctl_nl nl;
	int ret;

	gh->cmd = SOCKCTL_CMD_BUILD;
	/* Appended, not inserted: the offsets of the words stay right. */
	if (!nla_find(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
		      SOCKCTL_A_INJECT) &&
	    nla_put_u8(msg, SOCKCTL_A_INJECT, p->build_inject) < 0)
		sys_error("out of memory");
	ret = sockctl_nl_open(&nl);
	if (ret) {
		nlmsg_free(msg);
		if (ret == EXIT_NO_MODULE)
			fprintf(stderr,
				"sockctl: send --via socket: %s sends the bytes the module builds for a description; without the module, give them whole (raw hex ...)\n",
				via_kind_name(p->kind));
	} else if (sockctl_nl_request(&nl, msg, parse_frames, fr)) {
		ret = desc_report(&nl, res, "send --via socket: build");
	} else if (!fr->n) {
		fprintf(stderr, "sockctl: send --via socket: the module's reply had no frame\n");
		ret = EXIT_SYSTEM;
	}
	sockctl_nl_close(&nl);
	return ret;
}

static int bind_device(const struct via_plan *p, int fd, struct via_result *r)
{
	char call[64];
	int idx = (int)p->ifindex;

	if (p->ifname) {
		if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, p->ifname,
			       (socklen_t)strlen(p->ifname) + 1)) {
			snprintf(call, sizeof(call), "setsockopt(SO_BINDTODEVICE, %s)", p->ifname);
			return via_fail(call, errno, "CAP_NET_RAW");
		}
		via_opt(r, "SO_BINDTODEVICE %s", p->ifname);
	} else if (idx) {
		if (setsockopt(fd, SOL_SOCKET, SO_BINDTOIFINDEX, &idx, sizeof(idx)))
			return via_fail("setsockopt(SO_BINDTOIFINDEX)", errno, "CAP_NET_RAW");
		via_opt(r, "SO_BINDTOIFINDEX %d", idx);
	}
	return 0;
}

/*
 * The socket first, before anything is built: without CAP_NET_RAW this is
 * where the kernel says no, and that is the lesson.
 */
static int open_raw(struct via_plan *p, struct via_result *r, int *fdp)
{
	bool v6 = p->family == AF_INET6;
	int fd, one = 1, ret;

	r->privilege = "CAP_NET_RAW";
	if (p->kind == VIA_PACKET)
		fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	else
		fd = socket(p->family, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd < 0)
		return via_fail(via_call(p), errno, "CAP_NET_RAW");
	if (p->kind == VIA_PACKET) {
		*fdp = fd;
		return 0;
	}
	/* IPPROTO_RAW implies it; said explicitly, as the lesson is about it. */
	if (setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
		       v6 ? IPV6_HDRINCL : IP_HDRINCL, &one, sizeof(one))) {
		ret = errno;
		close(fd);
		/* Before Linux 4.5 no IPV6_HDRINCL: a frame is the only way. */
		if (v6 && ret == ENOPROTOOPT && !p->raw) {
			p->kind = VIA_PACKET;
			p->build_inject = SOCKCTL_INJECT_L2;
			snprintf(p->reason + strlen(p->reason),
				 sizeof(p->reason) - strlen(p->reason),
				 "; this kernel has no IPV6_HDRINCL");
			return open_raw(p, r, fdp);
		}
		return via_fail(v6 ? "setsockopt(IPV6_HDRINCL, 1)" :
				     "setsockopt(IP_HDRINCL, 1)", ret, NULL);
	}
	via_opt(r, v6 ? "IPV6_HDRINCL 1" : "IP_HDRINCL 1");
	ret = bind_device(p, fd, r);
	if (ret) {
		close(fd);
		return ret;
	}
	*fdp = fd;
	return 0;
}

union via_to {
	struct sockaddr sa;
	struct sockaddr_in v4;
	struct sockaddr_in6 v6;
	struct sockaddr_ll ll;
};

/* Where sendto() sends pkt: a raw socket routes by this, not the header. */
static socklen_t dest_of(const struct via_plan *p, uint32_t ifindex,
			 const uint8_t *pkt, size_t len, union via_to *to)
{
	memset(to, 0, sizeof(*to));
	if (p->kind == VIA_PACKET) {
		to->ll.sll_family = AF_PACKET;
		to->ll.sll_ifindex = (int)ifindex;
		if (len >= 14)
			memcpy(&to->ll.sll_protocol, pkt + 12, 2);
		return sizeof(to->ll);
	}
	if (p->family == AF_INET) {
		to->v4.sin_family = AF_INET;
		if (len >= 20)
			memcpy(&to->v4.sin_addr, pkt + 16, 4);
		return sizeof(to->v4);
	}
	to->v6.sin6_family = AF_INET6;
	if (len >= 40)
		memcpy(&to->v6.sin6_addr, pkt + 24, 16);
	if (IN6_IS_ADDR_LINKLOCAL(&to->v6.sin6_addr))
		to->v6.sin6_scope_id = ifindex;
	return sizeof(to->v6);
}

/* Why the kernel refused a packet a raw socket would otherwise send. */
static const char *refusal_hint(const struct via_plan *p, int err,
				const uint8_t *pkt, size_t len)
{
	if (err == EMSGSIZE)
		return " (larger than the device's MTU: a raw socket does not fragment; add frag SIZE)";
	if (err == EINVAL && p->kind == VIA_RAW && p->family == AF_INET &&
	    (len < 20 || (pkt[0] & 0xf) < 5 || (pkt[0] & 0xf) * 4u > len))
		return " (Linux wants an IPv4 header of at least 20 bytes whose IHL fits the packet)";
	return "";
}

static int send_one(int fd, const struct via_plan *p, uint32_t ifindex,
		    const uint8_t *pkt, size_t len, bool *broadcast,
		    struct via_result *r)
{
	union via_to to;
	socklen_t tolen = dest_of(p, ifindex, pkt, len, &to);
	int one = 1;

	while (sendto(fd, pkt, len, 0, &to.sa, tolen) < 0) {
		int err = errno;

		if (err == EACCES && p->kind == VIA_RAW && !*broadcast &&
		    !setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one))) {
			*broadcast = true;
			via_opt(r, "SO_BROADCAST 1");
			continue;
		}
		fprintf(stderr, "sockctl: send --via socket: sendto(%s): %s%s\n",
			r->remote, strerror(err), refusal_hint(p, err, pkt, len));
		return EXIT_REJECTED;
	}
	r->sent++;
	r->bytes += len;
	return 0;
}

/* "10.0.0.2", or the device for a frame. */
static void remote_text(const struct via_plan *p, const struct via_frame *f,
			uint32_t ifindex, struct via_result *r)
{
	union via_to to;
	union via_addr a;

	if (p->kind == VIA_PACKET) {
		char name[IF_NAMESIZE] = "?";

		if_indextoname(ifindex, name);
		snprintf(r->remote, sizeof(r->remote), "%s", name);
		return;
	}
	dest_of(p, ifindex, f->data, f->len, &to);
	memcpy(&a, &to, sizeof(a));
	via_addr_text(&a, r->remote, sizeof(r->remote));
	/* A raw socket has no port: drop the ":0". */
	*strrchr(r->remote, ':') = '\0';
	if (r->remote[0] == '[') {
		memmove(r->remote, r->remote + 1, strlen(r->remote));
		r->remote[strlen(r->remote) - 1] = '\0';
	}
}

static int send_frames(struct via_plan *p, int fd, const struct via_frames *fr,
		       struct via_result *r)
{
	uint32_t ifindex = p->ifindex;
	bool broadcast = false;
	int cap = -1, ret = 0, k;
	uint64_t i;

	if (!ifindex && p->ifname) {
		ifindex = if_nametoindex(p->ifname);
		if (!ifindex)
			return via_fail("if_nametoindex()", errno, NULL);
	}
	remote_text(p, &fr->v[0], ifindex, r);
	if (p->kind == VIA_RAW) {
		via_plan_raw_bytes(p, fr->v[0].data, fr->v[0].len);
		/* Listening before sending, so the packet cannot slip past. */
		cap = via_capture_open(ifindex);
	}
	for (i = 0; i < p->count && !ret; i++) {
		for (k = 0; k < fr->n && !ret; k++)
			ret = send_one(fd, p, ifindex, fr->v[k].data, fr->v[k].len,
				       &broadcast, r);
		if (!ret)
			via_pace(p, i, fr->v[0].len);
	}
	if (cap >= 0) {
		if (!ret)
			via_capture_wait(cap, p->family, fr->v[0].data, fr->v[0].len,
					 READBACK_MS, r);
		close(cap);
	}
	return ret;
}

/*
 * Send through SOCK_RAW or AF_PACKET what the plan says: the "raw" bytes,
 * or the module's build of the description.  msg is consumed.
 */
int via_raw_send(struct via_plan *p, struct nl_msg *msg,
		 const struct desc_result *res, struct via_result *r)
{
	struct via_frames fr = { 0 };
	int fd = -1, ret;

	ret = open_raw(p, r, &fd);
	if (!ret && p->raw) {
		fr.v = calloc(1, sizeof(*fr.v));
		if (!fr.v)
			sys_error("out of memory");
		fr.v[0].data = malloc(p->raw_len ? p->raw_len : 1);
		if (!fr.v[0].data)
			sys_error("out of memory");
		memcpy(fr.v[0].data, p->raw, p->raw_len);
		fr.v[0].len = p->raw_len;
		fr.n = 1;
	}
	if (!ret && !p->raw) {
		ret = build_bytes(p, msg, res, &fr);
		msg = NULL;
	}
	nlmsg_free(msg);
	p->raw = NULL;		/* it pointed into msg */
	if (!ret)
		ret = send_frames(p, fd, &fr, r);
	if (fd >= 0)
		close(fd);
	frames_free(&fr);
	return ret;
}
