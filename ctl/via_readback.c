// SPDX-License-Identifier: GPL-2.0
/*
 * What a raw socket's kernel did to our header, seen rather than assumed:
 * a packet socket on the way out (PACKET_OUTGOING, as tcpdump sees it)
 * catches the datagram, and we compare it field by field with the bytes we
 * handed to sendto().  For IPv4 with IP_HDRINCL, raw_send_hdrinc() always
 * rewrites the total length and the checksum, and fills in the ID and the
 * source address when they are 0; a netfilter rule may change more.
 *
 * The packet is recognised by what the kernel leaves alone: its length,
 * destination, protocol and everything after the IP header.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "via_socket.h"

/*
 * A packet socket that sees the packets leaving ifindex (0: any).  It must
 * listen to ETH_P_ALL: dev_queue_xmit_nit() shows outgoing packets to those
 * taps only, not to sockets of one protocol.
 */
int via_capture_open(uint32_t ifindex)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = (int)ifindex,
	};
	/* SOCK_DGRAM: the data starts at the IP header, on any device type. */
	int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			sll.sll_protocol);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Is seen the packet we built, after the kernel's rewrites? */
bool via_readback_match(int family, const uint8_t *b, size_t len,
			const uint8_t *s, size_t slen)
{
	size_t hl;

	if (slen != len)
		return false;
	if (family == AF_INET) {
		if (len < 20)
			return false;
		hl = (b[0] & 0xfu) * 4;
		if (hl < 20 || hl > len)
			return false;
		return s[0] == b[0] && s[9] == b[9] && !memcmp(s + 16, b + 16, 4) &&
		       !memcmp(s + hl, b + hl, len - hl);
	}
	if (len < 40)
		return false;
	return (s[0] >> 4) == (b[0] >> 4) && !memcmp(s + 24, b + 24, 16) &&
	       !memcmp(s + 40, b + 40, len - 40);
}

enum field_fmt { FMT_DEC, FMT_HEX, FMT_IPV4, FMT_IPV6 };

/* A header field: bytes [off, off + len), masked and shifted. */
struct hdr_field {
	const char *name;
	uint8_t off, len;
	uint32_t mask;
	uint8_t shift;
	enum field_fmt fmt;
};

static const struct hdr_field ipv4_fields[] = {
	{ "ipv4.version", 0, 1, 0xf0, 4, FMT_DEC },
	{ "ipv4.ihl", 0, 1, 0x0f, 0, FMT_DEC },
	{ "ipv4.tos", 1, 1, 0xff, 0, FMT_HEX },
	{ "ipv4.tot_len", 2, 2, 0xffff, 0, FMT_DEC },
	{ "ipv4.id", 4, 2, 0xffff, 0, FMT_DEC },
	{ "ipv4.flags", 6, 2, 0xe000, 13, FMT_HEX },
	{ "ipv4.frag_off", 6, 2, 0x1fff, 0, FMT_DEC },
	{ "ipv4.ttl", 8, 1, 0xff, 0, FMT_DEC },
	{ "ipv4.protocol", 9, 1, 0xff, 0, FMT_DEC },
	{ "ipv4.checksum", 10, 2, 0xffff, 0, FMT_HEX },
	{ "ipv4.saddr", 12, 4, 0, 0, FMT_IPV4 },
	{ "ipv4.daddr", 16, 4, 0, 0, FMT_IPV4 },
	{ NULL, 0, 0, 0, 0, 0 },
};

static const struct hdr_field ipv6_fields[] = {
	{ "ipv6.version", 0, 1, 0xf0, 4, FMT_DEC },
	{ "ipv6.tclass", 0, 2, 0x0ff0, 4, FMT_HEX },
	{ "ipv6.flowlabel", 0, 4, 0x000fffff, 0, FMT_HEX },
	{ "ipv6.payload_len", 4, 2, 0xffff, 0, FMT_DEC },
	{ "ipv6.nexthdr", 6, 1, 0xff, 0, FMT_DEC },
	{ "ipv6.hoplimit", 7, 1, 0xff, 0, FMT_DEC },
	{ "ipv6.saddr", 8, 16, 0, 0, FMT_IPV6 },
	{ "ipv6.daddr", 24, 16, 0, 0, FMT_IPV6 },
	{ NULL, 0, 0, 0, 0, 0 },
};

static uint32_t field_value(const struct hdr_field *f, const uint8_t *p)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < f->len; i++)
		v = v << 8 | p[f->off + i];
	return (v & f->mask) >> f->shift;
}

static void field_text(const struct hdr_field *f, const uint8_t *p, char *buf,
		       size_t size)
{
	switch (f->fmt) {
	case FMT_IPV4:
		inet_ntop(AF_INET, p + f->off, buf, (socklen_t)size);
		break;
	case FMT_IPV6:
		inet_ntop(AF_INET6, p + f->off, buf, (socklen_t)size);
		break;
	case FMT_HEX:
		snprintf(buf, size, "0x%0*x", f->len == 1 ? 2 : 4, field_value(f, p));
		break;
	default:
		snprintf(buf, size, "%u", field_value(f, p));
	}
}

/* The header fields that differ between built and seen (len bytes each). */
int via_readback_diff(int family, const uint8_t *built, const uint8_t *seen,
		      size_t len, struct via_change *out, int max)
{
	const struct hdr_field *f = family == AF_INET ? ipv4_fields : ipv6_fields;
	size_t hl = family == AF_INET ? 20 : 40;
	int n = 0;

	if (len < hl)
		return 0;
	for (; f->name && n < max; f++) {
		bool same = f->fmt == FMT_IPV4 || f->fmt == FMT_IPV6 ?
			    !memcmp(built + f->off, seen + f->off, f->len) :
			    field_value(f, built) == field_value(f, seen);

		if (same)
			continue;
		out[n].field = f->name;
		field_text(f, built, out[n].built, sizeof(out[n].built));
		field_text(f, seen, out[n].sent, sizeof(out[n].sent));
		n++;
	}
	/* IPv4 options, which the match did not compare. */
	if (family == AF_INET && n < max && (built[0] & 0xf) * 4u > hl &&
	    memcmp(built + hl, seen + hl, (built[0] & 0xfu) * 4 - hl)) {
		out[n].field = "ipv4.options";
		snprintf(out[n].built, sizeof(out[n].built), "(%u bytes)",
			 (built[0] & 0xfu) * 4 - 20);
		snprintf(out[n].sent, sizeof(out[n].sent), "(changed)");
		n++;
	}
	return n;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * Wait up to timeout_ms for the packet built (len bytes) to leave, and fill
 * r->readback (1 seen, 0 not), r->readback_dev and r->changes.
 */
int via_capture_wait(int fd, int family, const uint8_t *built, size_t len,
		     int timeout_ms, struct via_result *r)
{
	uint16_t proto = htons(family == AF_INET ? ETH_P_IP : ETH_P_IPV6);
	static uint8_t buf[65536];
	struct timespec t0;
	long left;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r->readback = 0;
	while ((left = timeout_ms - ms_since(&t0)) > 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct sockaddr_ll sll;
		socklen_t sl = sizeof(sll);
		ssize_t n;

		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		n = recvfrom(fd, buf, sizeof(buf), MSG_TRUNC,
			     (struct sockaddr *)&sll, &sl);
		if (n < 0 || sll.sll_pkttype != PACKET_OUTGOING ||
		    sll.sll_protocol != proto ||
		    (size_t)n > sizeof(buf) ||
		    !via_readback_match(family, built, len, buf, (size_t)n))
			continue;
		r->readback = 1;
		if (!if_indextoname((unsigned int)sll.sll_ifindex, r->readback_dev))
			snprintf(r->readback_dev, sizeof(r->readback_dev), "ifindex %d",
				 sll.sll_ifindex);
		r->n_changes = via_readback_diff(family, built, buf, len, r->changes,
						 VIA_MAX_CHANGES);
		return 1;
	}
	return 0;
}
