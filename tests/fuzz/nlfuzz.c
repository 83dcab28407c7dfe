// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: a generic netlink fuzzer for the sockctl family (libmnl).
 *
 * It resolves the family, then sends, for every command (GET_INFO, BUILD,
 * SEND, JOB_GET do and dump, JOB_STOP, STATS_GET, and the unknown commands
 * 0, 7 and 255), malformed requests of every kind it can think of: every
 * attribute of every nest with bad lengths, wrong types, NLA_F_NESTED
 * toggled, duplicates, unknown types, truncated headers, lengths past the
 * message; bad nlmsghdr flags and genlmsghdr fields; then seeded random
 * mutations of a corpus of valid requests.  Each message's outcome is
 * predicted by a model of the kernel's strict attribute validation and of
 * sockctl's policies (uapi/linux/sockctl.h), and every reply is checked:
 *
 *   - a request that must fail must fail (a negative errno in the ACK);
 *   - a message the kernel must drop gets no reply;
 *   - every other message gets a clean reply within the timeout: an ACK
 *     with 0 or a negative errno, or data then an ACK, or a dump then DONE;
 *   - replies are well formed: lengths, sequence numbers, port ids, genl
 *     headers, every attribute (nested ones too) of the documented type and
 *     size, extended ACK TLVs pointing inside the request.
 *
 * Anything else is a failure, printed with the message that caused it.
 * The sequence of messages depends only on the seed (-s) and the count
 * (-n): -k INDEX replays one message of a run.
 *
 * By default the fuzzer runs in a network namespace of its own (unshare),
 * where it creates what SEND needs so that nothing leaves: dummy devices
 * fz0 (MTU 1500) and fz1 (MTU 65535), 10.98.0.1/24 and fd98::1/64 on fz0,
 * and blackhole routes 10.99.0.0/16 and fd99::/32.  Every job a SEND
 * starts is stopped at once; all jobs are stopped at the end.
 *
 * Needs root (CAP_NET_RAW for BUILD/SEND, CAP_SYS_ADMIN to unshare).
 * Exit status: 0 no failure, 1 failures, 2 setup error or hang.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <net/if.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <linux/sockctl.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ALIGN4(x)	(((x) + 3u) & ~3u)

/* Values of the module (sockctl.h) the model needs. */
#define MAX_PACKET	65535
#define MAX_COUNT	100000000u
#define MAX_JOBS	16
#define MAX_BURST	1024
#define MAX_OPTLEN	40
#define INLINE_MAX	1024

#define MSGBUF		(256 * 1024)
#define SNDMAX		(200 * 1024)

/* ------------------------------------------------------------------ */
/* Utilities                                                           */
/* ------------------------------------------------------------------ */

static bool opt_quiet, opt_verbose, opt_kmsg, opt_probe;
static int kmsg_fd = -1;

static uint64_t rng_state;

/* splitmix64: small, fast, and fully determined by the seed. */
static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

static bool chance(unsigned int percent)
{
	return rnd(100) < percent;
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)rnd64();
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "nlfuzz: out of memory\n");
		exit(2);
	}
	return p;
}

static void *xcalloc(size_t n, size_t s)
{
	void *p = calloc(n ? n : 1, s ? s : 1);

	if (!p) {
		fprintf(stderr, "nlfuzz: out of memory\n");
		exit(2);
	}
	return p;
}

static void *xrealloc(void *o, size_t n)
{
	void *p = realloc(o, n ? n : 1);

	if (!p) {
		fprintf(stderr, "nlfuzz: out of memory\n");
		exit(2);
	}
	return p;
}

/* A line in the kernel log, to tell which input preceded a splat. */
static void kmsg(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	if (kmsg_fd < 0)
		return;
	n = snprintf(line, sizeof(line), "<5>nlfuzz: ");
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	if (write(kmsg_fd, line, strlen(line)) < 0) {
		close(kmsg_fd);
		kmsg_fd = -1;
	}
}

static void hexdump(FILE *out, const char *prefix, const uint8_t *p, size_t len,
		    size_t max)
{
	size_t i;

	for (i = 0; i < len && i < max; i += 16) {
		size_t j;

		fprintf(out, "%s%04zx:", prefix, i);
		for (j = i; j < i + 16 && j < len && j < max; j++)
			fprintf(out, " %02x", p[j]);
		fputc('\n', out);
	}
	if (len > max)
		fprintf(out, "%s... (%zu bytes in all)\n", prefix, len);
}

static const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case ENOMEM: return "ENOMEM";
	case EBUSY: return "EBUSY";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case EAGAIN: return "EAGAIN";
	case ENOBUFS: return "ENOBUFS";
	case EMSGSIZE: return "EMSGSIZE";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case ENETDOWN: return "ENETDOWN";
	case ENETUNREACH: return "ENETUNREACH";
	case EHOSTUNREACH: return "EHOSTUNREACH";
	case 524: return "ENOTSUPP";
	default:
		snprintf(buf, sizeof(buf), "E%d", e);
		return buf;
	}
}

/* ------------------------------------------------------------------ */
/* Attribute trees: how requests are described before serialization    */
/* ------------------------------------------------------------------ */

struct an {
	uint16_t type;		/* with NLA_F_NESTED / NLA_F_NET_BYTEORDER */
	bool nest;		/* payload is the kids */
	int32_t force_len;	/* < 0: nla_len as computed; else written as is */
	uint8_t *data;		/* leaf payload */
	uint32_t len;
	struct an **kid;
	int nkid, cap;
	bool raw;		/* bytes without an attribute header */
};

static struct an *an_new(uint16_t type, bool nest)
{
	struct an *n = xcalloc(1, sizeof(*n));

	n->type = type;
	n->nest = nest;
	n->force_len = -1;
	return n;
}

static struct an *an_leaf(uint16_t type, const void *data, uint32_t len)
{
	struct an *n = an_new(type, false);

	n->data = xmalloc(len);
	if (len)
		memcpy(n->data, data, len);
	n->len = len;
	return n;
}

static struct an *an_fill(uint16_t type, uint32_t len, uint8_t byte)
{
	struct an *n = an_new(type, false);

	n->data = xmalloc(len);
	memset(n->data, byte, len);
	n->len = len;
	return n;
}

static struct an *an_u8(uint16_t t, uint8_t v) { return an_leaf(t, &v, 1); }
static struct an *an_u16(uint16_t t, uint16_t v) { return an_leaf(t, &v, 2); }
static struct an *an_u32(uint16_t t, uint32_t v) { return an_leaf(t, &v, 4); }
static struct an *an_u64(uint16_t t, uint64_t v) { return an_leaf(t, &v, 8); }
static struct an *an_flag(uint16_t t) { return an_leaf(t, NULL, 0); }
static struct an *an_str(uint16_t t, const char *s)
{
	return an_leaf(t, s, strlen(s) + 1);
}

static struct an *an_ip4(uint16_t t, const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return an_leaf(t, &a, 4);
}

static struct an *an_ip6(uint16_t t, const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return an_leaf(t, &a, 16);
}

static struct an *an_mac(uint16_t t, const char *s)
{
	unsigned int b[6];
	uint8_t m[6];
	int i;

	sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]);
	for (i = 0; i < 6; i++)
		m[i] = (uint8_t)b[i];
	return an_leaf(t, m, 6);
}

static void an_add(struct an *p, struct an *k)
{
	if (!k)
		return;
	if (p->nkid == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->kid = xrealloc(p->kid, p->cap * sizeof(*p->kid));
	}
	p->kid[p->nkid++] = k;
}

static void an_insert(struct an *p, int at, struct an *k)
{
	an_add(p, k);
	memmove(&p->kid[at + 1], &p->kid[at], (p->nkid - 1 - at) * sizeof(*p->kid));
	p->kid[at] = k;
}

/* A nest from a NULL-terminated list of kids. */
static struct an *an_nest(uint16_t type, ...)
{
	struct an *n = an_new(type | NLA_F_NESTED, true), *k;
	va_list ap;

	va_start(ap, type);
	while ((k = va_arg(ap, struct an *)))
		an_add(n, k);
	va_end(ap);
	return n;
}

static void an_free(struct an *n)
{
	int i;

	if (!n)
		return;
	for (i = 0; i < n->nkid; i++)
		an_free(n->kid[i]);
	free(n->kid);
	free(n->data);
	free(n);
}

static void an_del(struct an *p, int i)
{
	an_free(p->kid[i]);
	memmove(&p->kid[i], &p->kid[i + 1], (p->nkid - i - 1) * sizeof(*p->kid));
	p->nkid--;
}

static struct an *an_clone(const struct an *n)
{
	struct an *c = an_new(n->type, n->nest);
	int i;

	c->force_len = n->force_len;
	c->raw = n->raw;
	if (n->data) {
		c->data = xmalloc(n->len);
		memcpy(c->data, n->data, n->len);
		c->len = n->len;
	}
	for (i = 0; i < n->nkid; i++)
		an_add(c, an_clone(n->kid[i]));
	return c;
}

static uint16_t an_kind(const struct an *n)
{
	return n->type & NLA_TYPE_MASK;
}

/* Bytes of the payload (kids padded). */
static size_t an_payload(const struct an *n)
{
	size_t s = 0;
	int i;

	if (!n->nest)
		return n->len;
	for (i = 0; i < n->nkid; i++)
		s += n->kid[i]->raw ? n->kid[i]->len : ALIGN4(4 + an_payload(n->kid[i]));
	return s;
}

/* How far the largest computed nla_len exceeds 65535 (0: fits). */
static size_t an_excess(const struct an *n, bool self)
{
	size_t e = 0, p = an_payload(n);
	int i;

	if (self && n->force_len < 0 && 4 + p > 0xffff)
		e = 4 + p - 0xffff;
	for (i = 0; i < n->nkid; i++) {
		size_t k = n->kid[i]->raw ? 0 : an_excess(n->kid[i], true);

		if (k > e)
			e = k;
	}
	return e;
}

static size_t an_ser_kids(const struct an *n, uint8_t *buf, size_t off);

static size_t an_ser(const struct an *n, uint8_t *buf, size_t off)
{
	size_t start = off, p = an_payload(n);
	struct nlattr *h = (struct nlattr *)(buf + off);

	h->nla_len = n->force_len >= 0 ? (uint16_t)n->force_len : (uint16_t)(4 + p);
	h->nla_type = n->type;
	off += 4;
	if (n->nest)
		off = an_ser_kids(n, buf, off);
	else if (n->len)
		memcpy(buf + off, n->data, n->len), off += n->len;
	while ((off - start) % 4)
		buf[off++] = 0;
	return off;
}

static size_t an_ser_kids(const struct an *n, uint8_t *buf, size_t off)
{
	int i;

	for (i = 0; i < n->nkid; i++) {
		if (n->kid[i]->raw) {
			memcpy(buf + off, n->kid[i]->data, n->kid[i]->len);
			off += n->kid[i]->len;
		} else {
			off = an_ser(n->kid[i], buf, off);
		}
	}
	return off;
}

/* ------------------------------------------------------------------ */
/* The model: sockctl's policies and the kernel's strict validation    */
/* ------------------------------------------------------------------ */

enum kind { K_NONE, K_U8, K_U16, K_U32, K_U64, K_FLAG, K_BIN, K_NSTR, K_NEST,
	    K_REJECT };

static const char *const kind_names[] = {
	"none", "u8", "u16", "u32", "u64", "flag", "binary", "string", "nest",
	"reject",
};

enum set {
	S_PKT, S_JOBREQ, S_NOATTR, S_ETH, S_VLAN, S_ARP, S_IPV4, S_IPV6, S_EXT,
	S_TCP, S_UDP, S_ICMP, S_VARY,
	/* replies */
	R_INFO, R_BUILD, R_FRAME, R_SEND, R_JOBTOP, R_JOB, R_STATSTOP, R_STATS,
	N_SETS
};

struct fdef {
	uint8_t kind;
	uint8_t set;		/* K_NEST */
	bool ranged;
	uint64_t min, max;	/* values (ints) or lengths (binary, string) */
	const char *name;
};

#define F(t, ...)	[t] = { .name = #t, __VA_ARGS__ }
#define U8		.kind = K_U8
#define U16		.kind = K_U16
#define U32		.kind = K_U32
#define U64		.kind = K_U64
#define FLAG		.kind = K_FLAG
#define NSTR(n)		.kind = K_NSTR, .max = (n)
#define BIN(lo, hi)	.kind = K_BIN, .min = (lo), .max = (hi)
#define NEST(s)		.kind = K_NEST, .set = (s)
#define RANGE(lo, hi)	.ranged = true, .min = (lo), .max = (hi)

static const struct fdef f_pkt[SOCKCTL_A_MAX + 1] = {
	F(SOCKCTL_A_ETH, NEST(S_ETH)),
	F(SOCKCTL_A_ARP, NEST(S_ARP)),
	F(SOCKCTL_A_IPV4, NEST(S_IPV4)),
	F(SOCKCTL_A_IPV6, NEST(S_IPV6)),
	F(SOCKCTL_A_TCP, NEST(S_TCP)),
	F(SOCKCTL_A_UDP, NEST(S_UDP)),
	F(SOCKCTL_A_ICMP, NEST(S_ICMP)),
	F(SOCKCTL_A_ICMPV6, NEST(S_ICMP)),
	F(SOCKCTL_A_PAYLOAD, BIN(0, MAX_PACKET)),
	F(SOCKCTL_A_RAW, BIN(0, MAX_PACKET)),
	F(SOCKCTL_A_INJECT, U8, RANGE(1, 3)),
	F(SOCKCTL_A_IFINDEX, U32, RANGE(1, UINT32_MAX)),
	F(SOCKCTL_A_IFNAME, NSTR(15)),
	F(SOCKCTL_A_COUNT, U32, RANGE(1, MAX_COUNT)),
	F(SOCKCTL_A_INTERVAL_NS, U64),
	F(SOCKCTL_A_RATE_PPS, U32, RANGE(1, UINT32_MAX)),
	F(SOCKCTL_A_RATE_BPS, U64),
	F(SOCKCTL_A_BURST, U32, RANGE(1, MAX_BURST)),
	F(SOCKCTL_A_VARY, NEST(S_VARY)),
	F(SOCKCTL_A_FRAG_SIZE, U16, RANGE(8, 65528)),
	F(SOCKCTL_A_BACKGROUND, FLAG),
	F(SOCKCTL_A_PAD), F(SOCKCTL_A_FRAME), F(SOCKCTL_A_JOB_ID),
	F(SOCKCTL_A_JOB), F(SOCKCTL_A_STATS),
};

static const struct fdef f_jobreq[SOCKCTL_A_MAX + 1] = {
	F(SOCKCTL_A_JOB_ID, U32, RANGE(1, UINT32_MAX)),
	F(SOCKCTL_A_PAD), F(SOCKCTL_A_ETH), F(SOCKCTL_A_ARP), F(SOCKCTL_A_IPV4),
	F(SOCKCTL_A_IPV6), F(SOCKCTL_A_TCP), F(SOCKCTL_A_UDP), F(SOCKCTL_A_ICMP),
	F(SOCKCTL_A_ICMPV6), F(SOCKCTL_A_PAYLOAD), F(SOCKCTL_A_RAW),
	F(SOCKCTL_A_INJECT), F(SOCKCTL_A_IFINDEX), F(SOCKCTL_A_IFNAME),
	F(SOCKCTL_A_COUNT), F(SOCKCTL_A_INTERVAL_NS), F(SOCKCTL_A_RATE_PPS),
	F(SOCKCTL_A_RATE_BPS), F(SOCKCTL_A_BURST), F(SOCKCTL_A_VARY),
	F(SOCKCTL_A_FRAG_SIZE), F(SOCKCTL_A_BACKGROUND), F(SOCKCTL_A_FRAME),
	F(SOCKCTL_A_JOB), F(SOCKCTL_A_STATS),
};

/* Commands without a policy: the core rejects every attribute. */
static const struct fdef f_noattr[2] = {
	[1] = { .kind = K_REJECT, .name = "(any)" },
};

static const struct fdef f_eth[SOCKCTL_A_ETH_MAX + 1] = {
	F(SOCKCTL_A_ETH_DST, BIN(6, 6)),
	F(SOCKCTL_A_ETH_SRC, BIN(6, 6)),
	F(SOCKCTL_A_ETH_PROTO, U16),
	F(SOCKCTL_A_ETH_VLAN, NEST(S_VLAN)),
};

static const struct fdef f_vlan[SOCKCTL_A_VLAN_MAX + 1] = {
	F(SOCKCTL_A_VLAN_TPID, U16),
	F(SOCKCTL_A_VLAN_PCP, U8, RANGE(0, 7)),
	F(SOCKCTL_A_VLAN_DEI, U8, RANGE(0, 1)),
	F(SOCKCTL_A_VLAN_VID, U16, RANGE(0, 4095)),
};

static const struct fdef f_arp[SOCKCTL_A_ARP_MAX + 1] = {
	F(SOCKCTL_A_ARP_HTYPE, U16),
	F(SOCKCTL_A_ARP_PTYPE, U16),
	F(SOCKCTL_A_ARP_HLEN, U8),
	F(SOCKCTL_A_ARP_PLEN, U8),
	F(SOCKCTL_A_ARP_OP, U16),
	F(SOCKCTL_A_ARP_SHA, BIN(6, 6)),
	F(SOCKCTL_A_ARP_SPA, BIN(4, 4)),
	F(SOCKCTL_A_ARP_THA, BIN(6, 6)),
	F(SOCKCTL_A_ARP_TPA, BIN(4, 4)),
};

static const struct fdef f_ipv4[SOCKCTL_A_IPV4_MAX + 1] = {
	F(SOCKCTL_A_IPV4_VERSION, U8, RANGE(0, 15)),
	F(SOCKCTL_A_IPV4_IHL, U8, RANGE(0, 15)),
	F(SOCKCTL_A_IPV4_TOS, U8),
	F(SOCKCTL_A_IPV4_DSCP, U8, RANGE(0, 63)),
	F(SOCKCTL_A_IPV4_ECN, U8, RANGE(0, 3)),
	F(SOCKCTL_A_IPV4_TOT_LEN, U16),
	F(SOCKCTL_A_IPV4_ID, U16),
	F(SOCKCTL_A_IPV4_FLAGS, U8, RANGE(0, 7)),
	F(SOCKCTL_A_IPV4_FRAG_OFF, U16, RANGE(0, 8191)),
	F(SOCKCTL_A_IPV4_TTL, U8),
	F(SOCKCTL_A_IPV4_PROTOCOL, U8),
	F(SOCKCTL_A_IPV4_CHECKSUM, U16),
	F(SOCKCTL_A_IPV4_SADDR, BIN(4, 4)),
	F(SOCKCTL_A_IPV4_DADDR, BIN(4, 4)),
	F(SOCKCTL_A_IPV4_OPTIONS, BIN(1, MAX_OPTLEN)),
};

static const struct fdef f_ipv6[SOCKCTL_A_IPV6_MAX + 1] = {
	F(SOCKCTL_A_IPV6_VERSION, U8, RANGE(0, 15)),
	F(SOCKCTL_A_IPV6_TCLASS, U8),
	F(SOCKCTL_A_IPV6_FLOWLABEL, U32, RANGE(0, 0xfffff)),
	F(SOCKCTL_A_IPV6_PAYLOAD_LEN, U16),
	F(SOCKCTL_A_IPV6_NEXTHDR, U8),
	F(SOCKCTL_A_IPV6_HOPLIMIT, U8),
	F(SOCKCTL_A_IPV6_SADDR, BIN(16, 16)),
	F(SOCKCTL_A_IPV6_DADDR, BIN(16, 16)),
	F(SOCKCTL_A_IPV6_EXTHDR, NEST(S_EXT)),
};

static const struct fdef f_ext[SOCKCTL_A_IPV6_EXT_MAX + 1] = {
	F(SOCKCTL_A_IPV6_EXT_TYPE, U8),
	F(SOCKCTL_A_IPV6_EXT_DATA, BIN(6, 2046)),
};

static const struct fdef f_tcp[SOCKCTL_A_TCP_MAX + 1] = {
	F(SOCKCTL_A_TCP_SPORT, U16),
	F(SOCKCTL_A_TCP_DPORT, U16),
	F(SOCKCTL_A_TCP_SEQ, U32),
	F(SOCKCTL_A_TCP_ACK_SEQ, U32),
	F(SOCKCTL_A_TCP_DOFF, U8, RANGE(0, 15)),
	F(SOCKCTL_A_TCP_RESERVED, U8, RANGE(0, 15)),
	F(SOCKCTL_A_TCP_FLAGS, U8),
	F(SOCKCTL_A_TCP_WINDOW, U16),
	F(SOCKCTL_A_TCP_CHECKSUM, U16),
	F(SOCKCTL_A_TCP_URG_PTR, U16),
	F(SOCKCTL_A_TCP_OPTIONS, BIN(1, MAX_OPTLEN)),
	F(SOCKCTL_A_TCP_MSS, U16),
	F(SOCKCTL_A_TCP_WSCALE, U8, RANGE(0, 14)),
	F(SOCKCTL_A_TCP_SACK_PERM, FLAG),
	F(SOCKCTL_A_TCP_TS_VAL, U32),
	F(SOCKCTL_A_TCP_TS_ECR, U32),
};

static const struct fdef f_udp[SOCKCTL_A_UDP_MAX + 1] = {
	F(SOCKCTL_A_UDP_SPORT, U16),
	F(SOCKCTL_A_UDP_DPORT, U16),
	F(SOCKCTL_A_UDP_LEN, U16),
	F(SOCKCTL_A_UDP_CHECKSUM, U16),
};

static const struct fdef f_icmp[SOCKCTL_A_ICMP_MAX + 1] = {
	F(SOCKCTL_A_ICMP_TYPE, U8),
	F(SOCKCTL_A_ICMP_CODE, U8),
	F(SOCKCTL_A_ICMP_CHECKSUM, U16),
	F(SOCKCTL_A_ICMP_ID, U16),
	F(SOCKCTL_A_ICMP_SEQ, U16),
	F(SOCKCTL_A_ICMP_REST, U32),
	F(SOCKCTL_A_ICMP_QUOTE, BIN(0, MAX_PACKET)),
};

static const struct fdef f_vary[SOCKCTL_A_VARY_MAX + 1] = {
	F(SOCKCTL_A_VARY_FIELD, U32, RANGE(SOCKCTL_FIELD_IPV4_ID, SOCKCTL_FIELD_ICMP_SEQ)),
	F(SOCKCTL_A_VARY_MODE, U8, RANGE(SOCKCTL_VARY_INC, SOCKCTL_VARY_RANDOM)),
	F(SOCKCTL_A_VARY_FROM, U32),
	F(SOCKCTL_A_VARY_TO, U32),
	F(SOCKCTL_A_VARY_STEP, U32, RANGE(1, UINT32_MAX)),
};

/* Replies. */
static const struct fdef r_info[SOCKCTL_A_INFO_MAX + 1] = {
	F(SOCKCTL_A_INFO_PAD, BIN(0, 0xffff)),
	F(SOCKCTL_A_INFO_FAMILY_VERSION, U32),
	F(SOCKCTL_A_INFO_MODULE_VERSION, NSTR(0)),
	F(SOCKCTL_A_INFO_KERNEL_RELEASE, NSTR(0)),
	F(SOCKCTL_A_INFO_NETNS_COOKIE, U64),
	F(SOCKCTL_A_INFO_NETNS_REQUESTS, U64),
	F(SOCKCTL_A_INFO_CAP_NET_RAW, FLAG),
	F(SOCKCTL_A_INFO_MAX_PACKET, U32),
	F(SOCKCTL_A_INFO_MAX_COUNT, U32),
	F(SOCKCTL_A_INFO_MAX_JOBS, U32),
	F(SOCKCTL_A_INFO_MAX_CAPTURES, U32),
};

static const struct fdef r_build[SOCKCTL_A_MAX + 1] = {
	F(SOCKCTL_A_FRAME, NEST(R_FRAME)),
};

static const struct fdef r_frame[SOCKCTL_A_FRAME_MAX + 1] = {
	F(SOCKCTL_A_FRAME_DATA, BIN(1, 0xffff)),
	F(SOCKCTL_A_FRAME_L3_OFFSET, U16),
	F(SOCKCTL_A_FRAME_L4_OFFSET, U16),
	F(SOCKCTL_A_FRAME_PAYLOAD_OFFSET, U16),
};

static const struct fdef r_send[SOCKCTL_A_MAX + 1] = {
	F(SOCKCTL_A_STATS, NEST(R_STATS)),
	F(SOCKCTL_A_JOB_ID, U32),
};

static const struct fdef r_jobtop[SOCKCTL_A_MAX + 1] = {
	F(SOCKCTL_A_JOB, NEST(R_JOB)),
};

static const struct fdef r_job[SOCKCTL_A_JOB_MAX + 1] = {
	F(SOCKCTL_A_JOB_PAD, BIN(0, 0xffff)),
	F(SOCKCTL_A_JOB_JOB_ID, U32),
	F(SOCKCTL_A_JOB_STATE, U8),
	F(SOCKCTL_A_JOB_COUNT, U32),
	F(SOCKCTL_A_JOB_ERROR, U32),
	F(SOCKCTL_A_JOB_STATS, NEST(R_STATS)),
	F(SOCKCTL_A_JOB_ELAPSED_NS, U64),
};

static const struct fdef r_statstop[SOCKCTL_A_MAX + 1] = {
	F(SOCKCTL_A_STATS, NEST(R_STATS)),
};

static const struct fdef r_stats[SOCKCTL_A_STATS_MAX + 1] = {
	F(SOCKCTL_A_STATS_PAD, BIN(0, 0xffff)),
	F(SOCKCTL_A_STATS_PACKETS, U64),
	F(SOCKCTL_A_STATS_BYTES, U64),
	F(SOCKCTL_A_STATS_ERRORS, U64),
	F(SOCKCTL_A_STATS_JOBS, U64),
	F(SOCKCTL_A_STATS_LAST_ERROR, U32),
	F(SOCKCTL_A_STATS_CAPTURES, U64),
	F(SOCKCTL_A_STATS_CAPTURED, U64),
	F(SOCKCTL_A_STATS_CAPTURE_DROPS, U64),
};

struct setdef {
	const char *name;
	int maxtype;
	const struct fdef *f;
	uint32_t required;	/* replies: BIT(type) that must be present */
};

#define BIT(n)	(1u << (n))

static const struct setdef sets[N_SETS] = {
	[S_PKT]	   = { "sockctl_attr", SOCKCTL_A_MAX, f_pkt, 0 },
	[S_JOBREQ] = { "sockctl_attr(job)", SOCKCTL_A_MAX, f_jobreq, 0 },
	[S_NOATTR] = { "(none)", 1, f_noattr, 0 },
	[S_ETH]	   = { "eth", SOCKCTL_A_ETH_MAX, f_eth, 0 },
	[S_VLAN]   = { "vlan", SOCKCTL_A_VLAN_MAX, f_vlan, 0 },
	[S_ARP]	   = { "arp", SOCKCTL_A_ARP_MAX, f_arp, 0 },
	[S_IPV4]   = { "ipv4", SOCKCTL_A_IPV4_MAX, f_ipv4, 0 },
	[S_IPV6]   = { "ipv6", SOCKCTL_A_IPV6_MAX, f_ipv6, 0 },
	[S_EXT]	   = { "ipv6_ext", SOCKCTL_A_IPV6_EXT_MAX, f_ext, 0 },
	[S_TCP]	   = { "tcp", SOCKCTL_A_TCP_MAX, f_tcp, 0 },
	[S_UDP]	   = { "udp", SOCKCTL_A_UDP_MAX, f_udp, 0 },
	[S_ICMP]   = { "icmp", SOCKCTL_A_ICMP_MAX, f_icmp, 0 },
	[S_VARY]   = { "vary", SOCKCTL_A_VARY_MAX, f_vary, 0 },
	[R_INFO]   = { "info reply", SOCKCTL_A_INFO_MAX, r_info,
		       BIT(SOCKCTL_A_INFO_FAMILY_VERSION) | BIT(SOCKCTL_A_INFO_MODULE_VERSION) |
		       BIT(SOCKCTL_A_INFO_KERNEL_RELEASE) | BIT(SOCKCTL_A_INFO_NETNS_COOKIE) |
		       BIT(SOCKCTL_A_INFO_NETNS_REQUESTS) | BIT(SOCKCTL_A_INFO_MAX_PACKET) |
		       BIT(SOCKCTL_A_INFO_MAX_COUNT) | BIT(SOCKCTL_A_INFO_MAX_JOBS) },
	[R_BUILD]  = { "build reply", SOCKCTL_A_MAX, r_build, BIT(SOCKCTL_A_FRAME) },
	[R_FRAME]  = { "frame", SOCKCTL_A_FRAME_MAX, r_frame,
		       BIT(SOCKCTL_A_FRAME_DATA) | BIT(SOCKCTL_A_FRAME_L3_OFFSET) |
		       BIT(SOCKCTL_A_FRAME_PAYLOAD_OFFSET) },
	[R_SEND]   = { "send reply", SOCKCTL_A_MAX, r_send, 0 },
	[R_JOBTOP] = { "job reply", SOCKCTL_A_MAX, r_jobtop, BIT(SOCKCTL_A_JOB) },
	[R_JOB]	   = { "job", SOCKCTL_A_JOB_MAX, r_job,
		       BIT(SOCKCTL_A_JOB_JOB_ID) | BIT(SOCKCTL_A_JOB_STATE) |
		       BIT(SOCKCTL_A_JOB_COUNT) | BIT(SOCKCTL_A_JOB_STATS) |
		       BIT(SOCKCTL_A_JOB_ELAPSED_NS) },
	[R_STATSTOP] = { "stats reply", SOCKCTL_A_MAX, r_statstop, BIT(SOCKCTL_A_STATS) },
	[R_STATS]  = { "stats", SOCKCTL_A_STATS_MAX, r_stats,
		       BIT(SOCKCTL_A_STATS_PACKETS) | BIT(SOCKCTL_A_STATS_BYTES) |
		       BIT(SOCKCTL_A_STATS_ERRORS) },
};

static const struct fdef *fdef_of(int set, int type)
{
	static const struct fdef none = { .kind = K_NONE, .name = "?" };

	if (type < 0 || type > sets[set].maxtype)
		return &none;
	return &sets[set].f[type];
}

static int kind_len(int kind)
{
	switch (kind) {
	case K_U8: return 1;
	case K_U16: return 2;
	case K_U32: return 4;
	case K_U64: return 8;
	case K_FLAG: return 0;
	}
	return -1;
}

static uint64_t get_uint(const uint8_t *p, int len)
{
	uint8_t b1;
	uint16_t b2;
	uint32_t b4;
	uint64_t b8;

	switch (len) {
	case 1: memcpy(&b1, p, 1); return b1;
	case 2: memcpy(&b2, p, 2); return b2;
	case 4: memcpy(&b4, p, 4); return b4;
	case 8: memcpy(&b8, p, 8); return b8;
	}
	return 0;
}

/* The model's verdict on a request. */
struct verdict {
	int err;		/* 0 valid, else the predicted negative errno */
	char why[160];
};

static int model_attrs(const uint8_t *p, int len, int set, int depth,
		       struct verdict *v);

/* lib/nlattr.c validate_nla() with NL_VALIDATE_STRICT. */
static int model_attr(const struct nlattr *a, int set, int depth, struct verdict *v)
{
	int type = a->nla_type & NLA_TYPE_MASK, alen = a->nla_len - 4;
	const struct fdef *fd = fdef_of(set, type);
	const uint8_t *d = (const uint8_t *)a + 4;
	bool nested = a->nla_type & NLA_F_NESTED;
	int kl = kind_len(fd->kind);

#define BAD(e, ...) do { snprintf(v->why, sizeof(v->why), __VA_ARGS__); \
			 v->err = -(e); return v->err; } while (0)

	if (kl > 0 && alen != kl)
		BAD(EINVAL, "%s.%s: length %d, not %d", sets[set].name, fd->name, alen, kl);
	if (fd->kind == K_NEST && !nested)
		BAD(EINVAL, "%s.%s: NLA_F_NESTED missing", sets[set].name, fd->name);
	if (fd->kind != K_NEST && fd->kind != K_NONE && nested)
		BAD(EINVAL, "%s.%s: NLA_F_NESTED on a non-nest", sets[set].name, fd->name);

	switch (fd->kind) {
	case K_NONE:
		BAD(EINVAL, "%s: attribute %d not in the policy", sets[set].name, type);
	case K_REJECT:
		BAD(EINVAL, "%s: command takes no attributes", sets[set].name);
	case K_FLAG:
		if (alen > 0)
			BAD(ERANGE, "%s.%s: flag with %d bytes", sets[set].name, fd->name, alen);
		return 0;
	case K_NSTR: {
		int minlen = fd->max ? (alen < (int)fd->max + 1 ? alen : (int)fd->max + 1) : alen;

		if (!minlen || !memchr(d, 0, minlen))
			BAD(EINVAL, "%s.%s: string not NUL-terminated in %d bytes",
			    sets[set].name, fd->name, minlen);
		if (alen < 1)
			BAD(ERANGE, "%s.%s: empty string", sets[set].name, fd->name);
		if (fd->max) {
			int sl = alen;

			if (d[sl - 1] == 0)
				sl--;
			if (sl > (int)fd->max)
				BAD(ERANGE, "%s.%s: string of %d bytes", sets[set].name, fd->name, sl);
		}
		return 0;
	}
	case K_BIN:
		if ((uint64_t)alen < fd->min || (uint64_t)alen > fd->max)
			BAD(ERANGE, "%s.%s: %d bytes, not %" PRIu64 "-%" PRIu64,
			    sets[set].name, fd->name, alen, fd->min, fd->max);
		return 0;
	case K_NEST:
		if (alen == 0)
			return 0;
		if (alen < 4)
			BAD(ERANGE, "%s.%s: nest of %d bytes", sets[set].name, fd->name, alen);
		return model_attrs(d, alen, fd->set, depth + 1, v);
	default:
		break;
	}
	if (fd->ranged) {
		uint64_t val = get_uint(d, kl);

		if (val < fd->min || val > fd->max)
			BAD(ERANGE, "%s.%s: value %" PRIu64 " out of %" PRIu64 "-%" PRIu64,
			    sets[set].name, fd->name, val, fd->min, fd->max);
	}
	return 0;
#undef BAD
}

/* lib/nlattr.c __nla_validate_parse() with NL_VALIDATE_STRICT. */
static int model_attrs(const uint8_t *p, int len, int set, int depth,
		       struct verdict *v)
{
	int rem = len;

	while (rem >= 4) {
		const struct nlattr *a = (const struct nlattr *)p;
		int type = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < 4 || a->nla_len > rem)
			break;
		if (type == 0 || type > sets[set].maxtype) {
			snprintf(v->why, sizeof(v->why), "%s: unknown attribute type %d",
				 sets[set].name, type);
			return v->err = -EINVAL;
		}
		if (model_attr(a, set, depth, v))
			return v->err;
		rem -= ALIGN4(a->nla_len);
		p += ALIGN4(a->nla_len);
	}
	if (rem > 0) {
		snprintf(v->why, sizeof(v->why), "%s: %d bytes left over after the attributes",
			 sets[set].name, rem);
		return v->err = -EINVAL;
	}
	return 0;
}

/* What the kernel must do with one netlink message. */
enum exp_kind {
	E_SILENT,	/* dropped: no reply at all */
	E_ACK0,		/* not a request: ACK 0 (if asked), never processed */
	E_ERR,		/* must fail */
	E_ANY,		/* valid: the handler decides */
	E_PING,		/* our own GET_INFO: must succeed */
};

struct expect {
	uint32_t seq;
	uint8_t kind;
	uint8_t cmd;
	bool dump;
	bool ack;	/* NLM_F_ACK asked */
	int err;	/* E_ERR: predicted errno */
	char why[160];
	const uint8_t *req;	/* the request, for ACK offsets */
	uint32_t req_len;
	/* what came back */
	int n_data;
	bool got_ack, got_done;
	int ack_err;
	bool bad;	/* already reported */
	uint32_t job_id;	/* SEND started a job */
	uint8_t job_state;	/* JOB_STOP/JOB_GET: its state */
	uint32_t job_reply_id;
	int n_frames, frame0_len, frame0_l3;	/* BUILD */
};

static bool op_exists(int cmd, bool dump)
{
	if (dump)
		return cmd == SOCKCTL_CMD_JOB_GET;
	return cmd >= SOCKCTL_CMD_GET_INFO && cmd <= SOCKCTL_CMD_STATS_GET;
}

static int cmd_set(int cmd)
{
	switch (cmd) {
	case SOCKCTL_CMD_BUILD:
	case SOCKCTL_CMD_SEND:
		return S_PKT;
	case SOCKCTL_CMD_JOB_GET:
	case SOCKCTL_CMD_JOB_STOP:
		return S_JOBREQ;
	}
	return S_NOATTR;
}

static uint16_t family_id;

/* net/netlink/af_netlink.c netlink_rcv_skb() + genetlink.c genl_rcv_msg(). */
static void predict_one(const uint8_t *m, uint32_t len, struct expect *e)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)m;
	const struct genlmsghdr *g = (const struct genlmsghdr *)(m + NLMSG_HDRLEN);
	uint16_t fl = nlh->nlmsg_flags, extra;
	struct verdict v = { 0 };

	e->seq = nlh->nlmsg_seq;
	e->ack = fl & NLM_F_ACK;
	e->req = m;
	e->req_len = len;
	e->why[0] = 0;
	if (!(fl & NLM_F_REQUEST) || nlh->nlmsg_type < NLMSG_MIN_TYPE) {
		e->kind = e->ack ? E_ACK0 : E_SILENT;
		snprintf(e->why, sizeof(e->why), "%s", !(fl & NLM_F_REQUEST) ?
			 "no NLM_F_REQUEST" : "control message type");
		return;
	}
	e->kind = E_ERR;
	e->ack = true;		/* errors are always ACKed */
	if (nlh->nlmsg_type != family_id) {
		e->err = -ENOENT;
		snprintf(e->why, sizeof(e->why), "unknown family id %u", nlh->nlmsg_type);
		return;
	}
	if (len < NLMSG_HDRLEN + GENL_HDRLEN) {
		e->err = -EINVAL;
		snprintf(e->why, sizeof(e->why), "truncated genlmsghdr (%u bytes)", len);
		return;
	}
	e->cmd = g->cmd;
	if (g->reserved) {
		e->err = -EINVAL;
		snprintf(e->why, sizeof(e->why), "genlmsghdr.reserved 0x%x", g->reserved);
		return;
	}
	e->dump = (fl & NLM_F_DUMP) == NLM_F_DUMP;
	extra = fl & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO | (e->dump ? NLM_F_DUMP : 0));
	if (extra) {
		e->err = -EINVAL;
		snprintf(e->why, sizeof(e->why), "nlmsg_flags 0x%x not allowed", extra);
		return;
	}
	if (!op_exists(g->cmd, e->dump)) {
		e->err = -EOPNOTSUPP;
		snprintf(e->why, sizeof(e->why), "no %s op for command %u",
			 e->dump ? "dump" : "do", g->cmd);
		return;
	}
	if (model_attrs(m + NLMSG_HDRLEN + GENL_HDRLEN, (int)len - NLMSG_HDRLEN - GENL_HDRLEN,
			cmd_set(g->cmd), 0, &v)) {
		e->err = v.err;
		snprintf(e->why, sizeof(e->why), "%s", v.why);
		return;
	}
	e->kind = E_ANY;
	e->ack = fl & NLM_F_ACK;
	e->err = 0;
}

/* Every message of a datagram the kernel will look at; seqs assigned. */
static int predict(uint8_t *buf, uint32_t len, uint32_t *seq, struct expect *ex, int max)
{
	uint32_t off = 0;
	int n = 0;

	while (len - off >= NLMSG_HDRLEN && n < max) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(buf + off);
		uint32_t ml = nlh->nlmsg_len;

		if (ml < NLMSG_HDRLEN || ml > len - off)
			break;
		nlh->nlmsg_seq = ++*seq;
		memset(&ex[n], 0, sizeof(ex[n]));
		predict_one(buf + off, ml, &ex[n]);
		n++;
		ml = NLMSG_ALIGN(ml);
		if (ml > len - off)
			break;
		off += ml;
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Checking replies                                                    */
/* ------------------------------------------------------------------ */

struct fz;
static void fail(struct fz *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct reply_ctx {
	char err[200];
	/* values a few checks need */
	uint32_t job_id;
	uint8_t job_state;
	uint32_t job_job_id;
	int n_frames;
	int frame0_len, frame0_l3;
};

static int check_attrs(const uint8_t *p, int len, int set, struct reply_ctx *rc,
		       const char *path);

static int check_frame(const uint8_t *p, int len, struct reply_ctx *rc)
{
	int rem = len, dlen = -1;
	int off[SOCKCTL_A_FRAME_MAX + 1] = { -1, -1, -1, -1, -1 };

	while (rem >= 4) {
		const struct nlattr *a = (const struct nlattr *)p;
		int t = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < 4 || a->nla_len > rem)
			break;
		if (t == SOCKCTL_A_FRAME_DATA)
			dlen = a->nla_len - 4;
		else if (t <= SOCKCTL_A_FRAME_MAX && a->nla_len == 6)
			off[t] = *(const uint16_t *)(p + 4);
		rem -= ALIGN4(a->nla_len);
		p += ALIGN4(a->nla_len);
	}
	if (dlen > SOCKCTL_MAX_FRAME_REPLY) {
		snprintf(rc->err, sizeof(rc->err), "frame of %d bytes, more than SOCKCTL_MAX_FRAME_REPLY", dlen);
		return -1;
	}
	for (int t = SOCKCTL_A_FRAME_L3_OFFSET; t <= SOCKCTL_A_FRAME_MAX; t++) {
		if (off[t] > dlen) {
			snprintf(rc->err, sizeof(rc->err), "frame offset %d (attr %d) past its %d bytes",
				 off[t], t, dlen);
			return -1;
		}
	}
	if (!rc->n_frames) {
		rc->frame0_len = dlen;
		rc->frame0_l3 = off[SOCKCTL_A_FRAME_L3_OFFSET];
	}
	rc->n_frames++;
	return 0;
}

static int check_attr(const struct nlattr *a, int set, struct reply_ctx *rc,
		      const char *path)
{
	int type = a->nla_type & NLA_TYPE_MASK, alen = a->nla_len - 4;
	const struct fdef *fd = fdef_of(set, type);
	const uint8_t *d = (const uint8_t *)a + 4;
	int kl = kind_len(fd->kind);
	char sub[128];

	if (fd->kind == K_NONE) {
		snprintf(rc->err, sizeof(rc->err), "%s: undocumented attribute type %d (%d bytes)",
			 path, type, alen);
		return -1;
	}
	if (kl >= 0 && alen != kl) {
		snprintf(rc->err, sizeof(rc->err), "%s.%s: %d bytes for a %s", path, fd->name,
			 alen, kind_names[fd->kind]);
		return -1;
	}
	switch (fd->kind) {
	case K_NSTR:
		if (alen < 1 || d[alen - 1]) {
			snprintf(rc->err, sizeof(rc->err), "%s.%s: string not NUL-terminated", path, fd->name);
			return -1;
		}
		break;
	case K_BIN:
		if ((uint64_t)alen < fd->min || (uint64_t)alen > fd->max) {
			snprintf(rc->err, sizeof(rc->err), "%s.%s: %d bytes", path, fd->name, alen);
			return -1;
		}
		break;
	case K_NEST:
		snprintf(sub, sizeof(sub), "%s.%s", path, fd->name);
		if (check_attrs(d, alen, fd->set, rc, sub))
			return -1;
		if (fd->set == R_FRAME && check_frame(d, alen, rc))
			return -1;
		break;
	default:
		break;
	}
	if (set == R_SEND && type == SOCKCTL_A_JOB_ID)
		rc->job_id = (uint32_t)get_uint(d, 4);
	if (set == R_JOB && type == SOCKCTL_A_JOB_STATE) {
		rc->job_state = d[0];
		if (d[0] < SOCKCTL_JOB_RUNNING || d[0] > SOCKCTL_JOB_FAILED) {
			snprintf(rc->err, sizeof(rc->err), "%s: job state %u", path, d[0]);
			return -1;
		}
	}
	if (set == R_JOB && type == SOCKCTL_A_JOB_JOB_ID)
		rc->job_job_id = (uint32_t)get_uint(d, 4);
	return 0;
}

static int check_attrs(const uint8_t *p, int len, int set, struct reply_ctx *rc,
		       const char *path)
{
	int rem = len;
	uint32_t seen = 0;

	while (rem >= 4) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < 4 || a->nla_len > rem) {
			snprintf(rc->err, sizeof(rc->err),
				 "%s: malformed attribute (nla_len %u, type %u) with %d bytes left",
				 path, a->nla_len, a->nla_type, rem);
			return -1;
		}
		if (check_attr(a, set, rc, path))
			return -1;
		if ((a->nla_type & NLA_TYPE_MASK) < 32)
			seen |= BIT(a->nla_type & NLA_TYPE_MASK);
		rem -= ALIGN4(a->nla_len);
		p += ALIGN4(a->nla_len);
	}
	if (rem > 0) {
		snprintf(rc->err, sizeof(rc->err), "%s: %d bytes left over after the attributes",
			 path, rem);
		return -1;
	}
	if ((seen & sets[set].required) != sets[set].required) {
		snprintf(rc->err, sizeof(rc->err), "%s: required attributes missing (have 0x%x, need 0x%x)",
			 path, seen, sets[set].required);
		return -1;
	}
	if (set == R_SEND && !!(seen & BIT(SOCKCTL_A_STATS)) == !!(seen & BIT(SOCKCTL_A_JOB_ID))) {
		snprintf(rc->err, sizeof(rc->err), "%s: needs exactly one of STATS and JOB_ID", path);
		return -1;
	}
	return 0;
}

static int reply_set(int cmd)
{
	switch (cmd) {
	case SOCKCTL_CMD_GET_INFO: return R_INFO;
	case SOCKCTL_CMD_BUILD: return R_BUILD;
	case SOCKCTL_CMD_SEND: return R_SEND;
	case SOCKCTL_CMD_JOB_GET:
	case SOCKCTL_CMD_JOB_STOP: return R_JOBTOP;
	case SOCKCTL_CMD_STATS_GET: return R_STATSTOP;
	}
	return -1;
}

static char kernel_release[128];

/* Values GET_INFO must report. */
static int check_info(const uint8_t *p, int len, struct reply_ctx *rc)
{
	int rem = len;

	while (rem >= 4) {
		const struct nlattr *a = (const struct nlattr *)p;
		const uint8_t *d = p + 4;
		uint32_t v = a->nla_len == 8 ? *(const uint32_t *)d : 0;

		switch (a->nla_type & NLA_TYPE_MASK) {
		case SOCKCTL_A_INFO_FAMILY_VERSION:
			if (v != SOCKCTL_FAMILY_VERSION)
				goto bad;
			break;
		case SOCKCTL_A_INFO_MAX_PACKET:
			if (v != MAX_PACKET)
				goto bad;
			break;
		case SOCKCTL_A_INFO_MAX_COUNT:
			if (v != MAX_COUNT)
				goto bad;
			break;
		case SOCKCTL_A_INFO_MAX_JOBS:
			if (v != MAX_JOBS)
				goto bad;
			break;
		case SOCKCTL_A_INFO_KERNEL_RELEASE:
			if (strcmp((const char *)d, kernel_release)) {
				snprintf(rc->err, sizeof(rc->err), "GET_INFO: kernel release \"%s\", uname says \"%s\"",
					 (const char *)d, kernel_release);
				return -1;
			}
			break;
		}
		rem -= ALIGN4(a->nla_len);
		p += ALIGN4(a->nla_len);
		continue;
bad:
		snprintf(rc->err, sizeof(rc->err), "GET_INFO: attribute %u is %u",
			 a->nla_type & NLA_TYPE_MASK, v);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The fuzzer state, sending and receiving                             */
/* ------------------------------------------------------------------ */

#define N_ERRNO		256
#define MAX_PHASES	16
#define MAX_STOPPED	4096

struct fz {
	struct mnl_socket *nl;
	int fd;
	uint32_t portid;
	uint32_t seq;
	uint8_t version;
	double timeout;		/* seconds, for a reply */
	uint8_t *rbuf;
	size_t rbuf_size;

	/* counters */
	uint64_t idx;		/* messages generated (the -k numbering) */
	uint64_t only;		/* -k: send only this one (0: all) */
	uint64_t budget;	/* -n */
	uint64_t gen;		/* messages that pass the sampling (sent unless -k) */
	bool dry;		/* count messages, send nothing */
	bool sys;		/* a systematic phase: sampled if too many */
	bool fixed;		/* a fixed phase: runs in full whatever -n says */
	bool ebusy_reported;
	uint64_t sys_start, sys_num, sys_den;
	uint64_t sent, ok, silent, aux;
	uint64_t errs[N_ERRNO];
	uint64_t errno_mismatch;
	uint64_t failures;
	uint64_t local_errors;

	/* the current phase, for TAP */
	const char *phase;
	uint64_t phase_fail, phase_sent;
	int n_tap;
	int tap_fail;

	/* the current message, for reports */
	const char *cname;
	const uint8_t *cmsg;
	uint32_t clen;
	uint64_t cidx;

	/* setup */
	int ifindex0, ifindex1;
	bool have_dummy, have_tnl;
	int ifindex_tnl;
	const char *save_dir;

	/* jobs stopped and their final state, to see it never changes */
	struct { uint32_t id; uint8_t state; } stopped[MAX_STOPPED];
	unsigned int n_stopped;
	unsigned int max_fail_print;
};

static volatile double watchdog_deadline;
static volatile uint64_t watchdog_idx;
static double watchdog_limit = 120;

static void *watchdog(void *arg)
{
	struct fz *f = arg;

	for (;;) {
		double d = watchdog_deadline;

		sleep(1);
		if (d > 0 && d == watchdog_deadline && now_s() > d) {
			fprintf(stdout, "not ok %d hang: message #%" PRIu64 " (%s) not answered in %.0f s\n",
				f->n_tap + 1, (uint64_t)watchdog_idx, f->cname ? f->cname : "?",
				watchdog_limit);
			if (f->cmsg)
				hexdump(stdout, "# ", f->cmsg, f->clen, 512);
			fflush(stdout);
			kmsg("HANG at message #%" PRIu64 " (%s)", (uint64_t)watchdog_idx,
			     f->cname ? f->cname : "?");
			_exit(2);
		}
	}
	return NULL;
}

static void save_msg(struct fz *f, const char *tag)
{
	char path[512];
	FILE *o;

	if (!f->save_dir || !f->cmsg)
		return;
	mkdir(f->save_dir, 0755);
	snprintf(path, sizeof(path), "%s/%s-%" PRIu64 ".bin", f->save_dir, tag, f->cidx);
	o = fopen(path, "w");
	if (!o)
		return;
	fwrite(f->cmsg, 1, f->clen, o);
	fclose(o);
}

static void fail(struct fz *f, const char *fmt, ...)
{
	va_list ap;

	f->failures++;
	f->phase_fail++;
	if (f->failures > f->max_fail_print)
		return;
	printf("# FAIL #%" PRIu64 " [%s] %s: ", f->cidx, f->phase ? f->phase : "-",
	       f->cname ? f->cname : "-");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (f->cmsg) {
		printf("#   request (%u bytes):\n", f->clen);
		hexdump(stdout, "#   ", f->cmsg, f->clen, 256);
	}
	fflush(stdout);
	kmsg("FAIL at message #%" PRIu64 " (%s)", f->cidx, f->cname ? f->cname : "-");
	save_msg(f, "fail");
}

static void tap_phase_begin(struct fz *f, const char *name)
{
	if (f->dry)
		return;
	f->phase = name;
	f->phase_fail = 0;
	f->phase_sent = 0;
	kmsg("phase %s from message #%" PRIu64, name, f->idx + 1);
	if (opt_verbose)
		printf("# phase %s\n", name);
}

static void tap_phase_end(struct fz *f, const char *extra)
{
	if (f->dry)
		return;
	f->n_tap++;
	if (f->phase_fail) {
		f->tap_fail++;
		printf("not ok %d %s (%" PRIu64 " messages, %" PRIu64 " failures)%s\n",
		       f->n_tap, f->phase, f->phase_sent, f->phase_fail, extra ? extra : "");
	} else {
		printf("ok %d %s (%" PRIu64 " messages)%s\n", f->n_tap, f->phase,
		       f->phase_sent, extra ? extra : "");
	}
	fflush(stdout);
}

static void tap_result(struct fz *f, const char *name, bool ok, const char *skip)
{
	f->n_tap++;
	if (skip)
		printf("ok %d %s # SKIP %s\n", f->n_tap, name, skip);
	else if (ok)
		printf("ok %d %s\n", f->n_tap, name);
	else {
		f->tap_fail++;
		printf("not ok %d %s\n", f->n_tap, name);
	}
	fflush(stdout);
}

static void ensure_rbuf(struct fz *f, size_t n)
{
	if (n <= f->rbuf_size)
		return;
	f->rbuf = xrealloc(f->rbuf, n);
	f->rbuf_size = n;
}

static struct expect *find_expect(struct expect *ex, int n, uint32_t seq)
{
	int i;

	for (i = 0; i < n; i++)
		if (ex[i].seq == seq)
			return &ex[i];
	return NULL;
}

static bool expect_done(const struct expect *e)
{
	switch (e->kind) {
	case E_SILENT:
		return true;
	case E_ACK0:
		return !e->ack || e->got_ack;
	case E_ERR:
		return e->got_ack;
	case E_ANY:
	case E_PING:
		if (e->dump)
			return e->got_done || e->got_ack;
		return e->got_ack || !e->ack;
	}
	return true;
}

/* Is an extended ACK's content sane? */
static void check_ack_tlvs(struct fz *f, const struct nlmsghdr *r, const struct expect *e)
{
	const struct nlmsgerr *err = (const struct nlmsgerr *)NLMSG_DATA(r);
	uint32_t off = NLMSG_HDRLEN + sizeof(*err);
	const uint8_t *p;
	int rem;

	if (!(r->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(r->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	if (off > r->nlmsg_len) {
		fail(f, "ACK TLVs start past the message (%u > %u)", off, r->nlmsg_len);
		return;
	}
	p = (const uint8_t *)r + off;
	rem = (int)(r->nlmsg_len - off);
	while (rem >= 4) {
		const struct nlattr *a = (const struct nlattr *)p;
		int alen = a->nla_len - 4;

		if (a->nla_len < 4 || a->nla_len > rem) {
			fail(f, "malformed ACK TLV (nla_len %u, %d bytes left)", a->nla_len, rem);
			return;
		}
		switch (a->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			if (alen < 1 || p[4 + alen - 1])
				fail(f, "extack message not NUL-terminated");
			else if (opt_verbose)
				printf("#   extack: %s\n", (const char *)p + 4);
			break;
		case NLMSGERR_ATTR_OFFS: {
			uint32_t o = alen == 4 ? *(const uint32_t *)(p + 4) : 0xffffffff;

			if (alen != 4 || o < NLMSG_HDRLEN || o >= e->req_len)
				fail(f, "extack offset %u outside the request (%u bytes)", o, e->req_len);
			break;
		}
		case NLMSGERR_ATTR_MISS_TYPE:
		case NLMSGERR_ATTR_MISS_NEST:
			if (alen != 4)
				fail(f, "extack TLV %u of %d bytes", a->nla_type, alen);
			break;
		}
		rem -= ALIGN4(a->nla_len);
		p += ALIGN4(a->nla_len);
	}
	if (rem > 0)
		fail(f, "%d bytes left over after the ACK TLVs", rem);
}

static void count_result(struct fz *f, int err)
{
	if (err == 0)
		f->ok++;
	else if (-err > 0 && -err < N_ERRNO)
		f->errs[-err]++;
}

static void handle_data(struct fz *f, const struct nlmsghdr *r, struct expect *e)
{
	const struct genlmsghdr *g = (const struct genlmsghdr *)NLMSG_DATA(r);
	struct reply_ctx rc = { 0 };
	int set;

	if (e->kind == E_ERR || e->kind == E_ACK0 || e->kind == E_SILENT) {
		fail(f, "data reply to a request that must %s (%s)",
		     e->kind == E_ERR ? "fail" : "not be processed", e->why);
		e->bad = true;
		return;
	}
	if (e->got_ack || e->got_done) {
		fail(f, "data reply after the ACK/DONE");
		return;
	}
	e->n_data++;
	if (!e->dump && e->n_data > 1) {
		fail(f, "%d data replies to a do request", e->n_data);
		return;
	}
	if (e->dump && !(r->nlmsg_flags & NLM_F_MULTI))
		fail(f, "dump reply without NLM_F_MULTI");
	if (r->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		fail(f, "data reply of %u bytes, no genlmsghdr", r->nlmsg_len);
		return;
	}
	if (g->cmd != e->cmd || g->reserved) {
		fail(f, "reply genlmsghdr cmd %u reserved %u to command %u", g->cmd,
		     g->reserved, e->cmd);
		return;
	}
	set = reply_set(e->cmd);
	if (set < 0)
		return;
	if (check_attrs((const uint8_t *)g + GENL_HDRLEN,
			(int)(r->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN), set, &rc,
			sets[set].name) ||
	    (set == R_INFO && check_info((const uint8_t *)g + GENL_HDRLEN,
					 (int)(r->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN), &rc))) {
		fail(f, "malformed reply: %s", rc.err);
		printf("#   reply (%u bytes):\n", r->nlmsg_len);
		hexdump(stdout, "#   ", (const uint8_t *)r, r->nlmsg_len, 128);
		e->bad = true;
		return;
	}
	if (rc.job_id)
		e->job_id = rc.job_id;
	if (rc.n_frames) {
		e->n_frames = rc.n_frames;
		e->frame0_len = rc.frame0_len;
		e->frame0_l3 = rc.frame0_l3;
	}
	if (rc.job_state) {
		e->job_state = rc.job_state;
		e->job_reply_id = rc.job_job_id;
	}
}

static void handle_ack(struct fz *f, const struct nlmsghdr *r, struct expect *e)
{
	const struct nlmsgerr *err = (const struct nlmsgerr *)NLMSG_DATA(r);

	if (r->nlmsg_len < NLMSG_HDRLEN + sizeof(*err)) {
		fail(f, "NLMSG_ERROR of %u bytes", r->nlmsg_len);
		e->got_ack = true;
		return;
	}
	if (e->got_ack || e->got_done) {
		fail(f, "second ACK/DONE for one request (error %d)", err->error);
		return;
	}
	e->got_ack = true;
	e->ack_err = err->error;
	if (err->error > 0) {
		fail(f, "positive error code %d in the ACK", err->error);
		return;
	}
	if (err->msg.nlmsg_seq != e->seq)
		fail(f, "ACK quotes seq %u, request had %u", err->msg.nlmsg_seq, e->seq);
	check_ack_tlvs(f, r, e);
	switch (e->kind) {
	case E_ACK0:
		if (err->error)
			fail(f, "a message the kernel must not process (%s) got error %s",
			     e->why, errname(-err->error));
		break;
	case E_ERR:
		if (!err->error) {
			fail(f, "accepted a request that must fail: %s", e->why);
		} else if (err->error != e->err &&
			   !(e->err == -EINVAL && err->error == -ERANGE) &&
			   !(e->err == -ERANGE && err->error == -EINVAL)) {
			f->errno_mismatch++;
			if (opt_verbose)
				printf("# note #%" PRIu64 ": predicted %s (%s), got %s\n", f->cidx,
				       errname(-e->err), e->why, errname(-err->error));
		}
		break;
	case E_ANY:
	case E_PING:
		if (!err->error && !e->dump && e->n_data == 0 && e->cmd != 0)
			fail(f, "ACK 0 without the data reply command %u owes", e->cmd);
		if (err->error && e->n_data)
			fail(f, "error %s after a data reply", errname(-err->error));
		if (e->kind == E_PING && err->error)
			fail(f, "GET_INFO failed: %s", errname(-err->error));
		break;
	}
}

static void handle_done(struct fz *f, const struct nlmsghdr *r, struct expect *e)
{
	int derr;

	if (!e->dump || e->kind == E_ERR) {
		fail(f, "NLMSG_DONE for a %s request", e->dump ? "failing" : "do");
		return;
	}
	if (r->nlmsg_len < NLMSG_HDRLEN + sizeof(int)) {
		fail(f, "NLMSG_DONE of %u bytes", r->nlmsg_len);
		e->got_done = true;
		return;
	}
	memcpy(&derr, NLMSG_DATA(r), sizeof(derr));
	if (derr > 0)
		fail(f, "positive error %d in NLMSG_DONE", derr);
	e->got_done = true;
	e->ack_err = derr;
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

/* Receive until every expectation is met; check every message. */
static void collect(struct fz *f, struct expect *ex, int n)
{
	double deadline = now_s() + f->timeout;
	int i;

	for (;;) {
		struct pollfd pfd = { .fd = f->fd, .events = POLLIN };
		bool all = true;
		ssize_t got, want;
		uint32_t off;
		int pr;

		for (i = 0; i < n; i++)
			all &= expect_done(&ex[i]);
		if (all)
			break;
		pr = poll(&pfd, 1, (int)((deadline - now_s()) * 1000));
		if (pr <= 0) {
			for (i = 0; i < n; i++) {
				if (!expect_done(&ex[i])) {
					fail(f, "no %s within %.0f s (seq %u, expected %s%s)",
					     ex[i].dump ? "NLMSG_DONE" : "reply", f->timeout, ex[i].seq,
					     ex[i].kind == E_ERR ? "an error: " : "a reply",
					     ex[i].kind == E_ERR ? ex[i].why : "");
					ex[i].got_ack = ex[i].got_done = true;
					ex[i].bad = true;
				}
			}
			break;
		}
		want = recv(f->fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
		if (want < 0) {
			if (errno == ENOBUFS) {
				fail(f, "socket overrun (ENOBUFS): replies lost");
				continue;
			}
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fail(f, "recv: %s", strerror(errno));
			break;
		}
		ensure_rbuf(f, (size_t)want + 16);
		got = recv(f->fd, f->rbuf, f->rbuf_size, 0);
		if (got < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fail(f, "recv: %s", strerror(errno));
			break;
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
			e = find_expect(ex, n, r->nlmsg_seq);
			if (!e) {
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
	}
}

/* Read and drop whatever is queued (after a failure). */
static void drain(struct fz *f)
{
	struct pollfd pfd = { .fd = f->fd, .events = POLLIN };

	while (poll(&pfd, 1, 200) > 0) {
		ensure_rbuf(f, MSGBUF);
		if (recv(f->fd, f->rbuf, f->rbuf_size, MSG_DONTWAIT) < 0 && errno != ENOBUFS)
			break;
	}
}

#define MAX_EXPECT	8

/*
 * Send one datagram (usually one message), check what comes back.  Returns
 * the result of its first message: 0, a negative errno, or 1 if there was
 * no usable reply.  *out (if set) gets that message's expectation.
 */
static int exchange(struct fz *f, uint8_t *buf, uint32_t len, struct expect *out)
{
	struct expect ex[MAX_EXPECT + 1];
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
	collect(f, ex, n);
	for (i = 0; i < n; i++)
		if (ex[i].bad) {
			drain(f);
			break;
		}
	if (out && n)
		*out = ex[0];
	if (!n || ex[0].kind == E_PING)
		return 1;
	if (ex[0].kind == E_SILENT || (!ex[0].got_ack && !ex[0].got_done))
		return ex[0].kind == E_SILENT ? 1 : (ex[0].n_data ? 0 : 1);
	return ex[0].ack_err;
}

/* ------------------------------------------------------------------ */
/* Messages                                                            */
/* ------------------------------------------------------------------ */

struct req {
	uint8_t cmd;
	uint8_t version;
	uint16_t reserved;
	uint16_t flags;		/* nlmsg_flags */
	uint16_t type;		/* 0: the family id */
	struct an *root;	/* pseudo-nest: the top-level attributes */
};

static uint8_t *msgbuf;

static uint32_t req_ser(const struct fz *f, const struct req *r, uint8_t *buf)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	uint32_t len;

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = r->type ? r->type : family_id;
	nlh->nlmsg_flags = r->flags;
	g->cmd = r->cmd;
	g->version = r->version ? r->version : f->version;
	g->reserved = r->reserved;
	len = NLMSG_HDRLEN + GENL_HDRLEN;
	if (r->root)
		len = (uint32_t)an_ser_kids(r->root, buf, len);
	nlh->nlmsg_len = len;
	return len;
}

static bool budget_left(const struct fz *f)
{
	return f->dry || f->gen < f->budget;
}

/*
 * A fuzz message: numbered, sent unless -k selects another, counted.
 * Returns as exchange() does, 1 if not sent.
 */
static int fuzz_msg(struct fz *f, const char *name, uint8_t *buf, uint32_t len,
		    struct expect *out);

static void stop_job_aux(struct fz *f, uint32_t id);
static int running_jobs(struct fz *f);

static int fuzz_msg(struct fz *f, const char *name, uint8_t *buf, uint32_t len,
		    struct expect *out)
{
	struct expect e;
	int r;

	if (out)
		memset(out, 0, sizeof(*out));
	f->idx++;
	if (f->dry)
		return 1;
	if (f->sys && f->sys_num < f->sys_den) {
		uint64_t k = f->idx - f->sys_start - 1;

		if ((k + 1) * f->sys_num / f->sys_den == k * f->sys_num / f->sys_den)
			return 1;
	}
	if (f->gen >= f->budget && !f->fixed)
		return 1;
	f->gen++;
	if (f->only && f->idx != f->only)
		return 1;
	f->cname = name;
	f->cmsg = buf;
	f->clen = len;
	f->cidx = f->idx;
	watchdog_idx = f->idx;
	if (opt_kmsg && f->idx % 1000 == 0)
		kmsg("message #%" PRIu64 " [%s]", f->idx, f->phase);
	if (f->only) {
		printf("# message #%" PRIu64 " [%s] %s (%u bytes):\n", f->idx, f->phase, name, len);
		hexdump(stdout, "#   ", buf, len, 4096);
	}
	r = exchange(f, buf, len, &e);
	f->sent++;
	f->phase_sent++;
	if (r <= 0)
		count_result(f, r);
	else
		f->silent++;
	if (f->only)
		printf("# result: %s%s\n", r <= 0 ? errname(-r) : "no reply",
		       f->failures ? " (FAILED)" : "");
	if (e.job_id)
		stop_job_aux(f, e.job_id);
	if (r == -EBUSY && len >= NLMSG_HDRLEN + GENL_HDRLEN &&
	    buf[NLMSG_HDRLEN] == SOCKCTL_CMD_SEND && !f->ebusy_reported) {
		int running = running_jobs(f);

		if (running >= 0 && running < MAX_JOBS) {
			fail(f, "SEND refused with EBUSY while %d jobs run: the running-job count is wrong "
			     "(reported once)", running);
			f->ebusy_reported = true;
		}
	}
	if (out)
		*out = e;
	f->cmsg = NULL;
	return r;
}

static int fuzz_req_e(struct fz *f, const char *name, const struct req *r,
		      struct expect *out)
{
	uint32_t len;

	if (out)
		memset(out, 0, sizeof(*out));
	if (r->root && an_excess(r->root, false)) {
		/* would not fit nla_len: not sent, not numbered */
		return 1;
	}
	len = req_ser(f, r, msgbuf);
	return fuzz_msg(f, name, msgbuf, len, out);
}

static int fuzz_req(struct fz *f, const char *name, const struct req *r)
{
	return fuzz_req_e(f, name, r, NULL);
}

/* An auxiliary request (job control): not numbered, checked all the same. */
static int aux_req(struct fz *f, const struct req *r, struct expect *out)
{
	uint8_t *buf = xmalloc(MSGBUF);
	const char *saved_name = f->cname;
	const uint8_t *saved_msg = f->cmsg;
	uint32_t saved_len = f->clen;
	uint32_t len;
	int ret;

	len = req_ser(f, r, buf);
	f->cname = "aux";
	f->cmsg = buf;
	f->clen = len;
	ret = exchange(f, buf, len, out);
	f->aux++;
	f->cname = saved_name;
	f->cmsg = saved_msg;
	f->clen = saved_len;
	free(buf);
	return ret;
}

static void record_stopped(struct fz *f, uint32_t id, uint8_t state)
{
	unsigned int i;

	for (i = 0; i < f->n_stopped; i++) {
		if (f->stopped[i].id == id) {
			f->stopped[i].state = state;
			return;
		}
	}
	if (f->n_stopped < MAX_STOPPED) {
		f->stopped[f->n_stopped].id = id;
		f->stopped[f->n_stopped].state = state;
		f->n_stopped++;
	}
}

static const char *state_name(int s)
{
	switch (s) {
	case SOCKCTL_JOB_RUNNING: return "RUNNING";
	case SOCKCTL_JOB_DONE: return "DONE";
	case SOCKCTL_JOB_STOPPED: return "STOPPED";
	case SOCKCTL_JOB_FAILED: return "FAILED";
	}
	return "?";
}

/* JOB_STOP: must answer with the job no longer running. */
static int stop_job(struct fz *f, uint32_t id, uint8_t *state)
{
	struct req r = { .cmd = SOCKCTL_CMD_JOB_STOP, .flags = NLM_F_REQUEST | NLM_F_ACK };
	struct expect e;
	int ret;

	r.root = an_new(0, true);
	an_add(r.root, an_u32(SOCKCTL_A_JOB_ID, id));
	ret = aux_req(f, &r, &e);
	an_free(r.root);
	if (ret == 0) {
		if (e.job_reply_id != id)
			fail(f, "JOB_STOP %u replied with job %u", id, e.job_reply_id);
		if (e.job_state == SOCKCTL_JOB_RUNNING)
			fail(f, "JOB_STOP %u replied with the job still RUNNING", id);
		else
			record_stopped(f, id, e.job_state);
		if (state)
			*state = e.job_state;
	}
	return ret;
}

static struct an *tl(struct an *first, ...);
static struct an *dev0(void);
static int start_job(struct fz *f, struct an *root, uint32_t *id);

/*
 * -P: after each job SEND started and we stopped, no job should run: a
 * new one must start.  If not, the module lost count of its jobs.
 */
static void probe_jobs(struct fz *f, uint32_t id, uint8_t state)
{
	uint32_t pid = 0;
	int ret;

	ret = start_job(f, tl(dev0(), an_nest(SOCKCTL_A_IPV4,
					      an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
			      an_u32(SOCKCTL_A_COUNT, 1000000), an_u32(SOCKCTL_A_RATE_PPS, 10),
			      an_flag(SOCKCTL_A_BACKGROUND), NULL), &pid);
	if (ret == -EBUSY && !f->ebusy_reported) {
		fail(f, "after job %u ended (JOB_STOP said %s) no job can start (EBUSY) while %d run: "
		     "the module lost count of its running jobs", id, state_name(state), running_jobs(f));
		f->ebusy_reported = true;
	}
	if (!ret)
		stop_job(f, pid, NULL);
}

/* JOB_GET of one job: 0 and its state, or the error. */
static int get_job(struct fz *f, uint32_t id, uint8_t *state)
{
	struct req r = { .cmd = SOCKCTL_CMD_JOB_GET, .flags = NLM_F_REQUEST | NLM_F_ACK };
	struct expect e;
	int ret;

	r.root = an_new(0, true);
	an_add(r.root, an_u32(SOCKCTL_A_JOB_ID, id));
	ret = aux_req(f, &r, &e);
	an_free(r.root);
	*state = e.job_state;
	return ret;
}

/*
 * Stop a job SEND just started, as a client that changed its mind would;
 * then see that the state JOB_STOP reported is final.
 */
static void stop_job_aux(struct fz *f, uint32_t id)
{
	uint8_t s1 = 0, s2 = 0;
	int ret = stop_job(f, id, &s1);

	if (ret && ret != -ENOENT) {
		fail(f, "JOB_STOP of job %u that SEND just started: %s", id,
		     ret > 0 ? "no reply" : errname(-ret));
		return;
	}
	if (ret)
		return;
	usleep(2000);
	if (!get_job(f, id, &s2) && s2 != s1) {
		fail(f, "job %u: JOB_STOP replied %s, JOB_GET then says %s: the job finished twice",
		     id, state_name(s1), state_name(s2));
		record_stopped(f, id, s2);
	}
	if (opt_probe)
		probe_jobs(f, id, s1);
}

/* The jobs of our netns, by a JOB_GET dump. */
struct jobinfo {
	uint32_t id;
	uint8_t state;
};

static int dump_jobs(struct fz *f, struct jobinfo *jobs, int max)
{
	uint8_t buf[NLMSG_HDRLEN + GENL_HDRLEN];
	struct sockaddr_nl nladdr = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	uint32_t seq = ++f->seq;
	double deadline = now_s() + f->timeout;
	int n = 0;

	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_len = sizeof(buf);
	nlh->nlmsg_type = family_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	g->cmd = SOCKCTL_CMD_JOB_GET;
	g->version = f->version;
	if (sendto(f->fd, buf, sizeof(buf), 0, (struct sockaddr *)&nladdr, sizeof(nladdr)) < 0)
		return -errno;
	f->aux++;
	for (;;) {
		struct pollfd pfd = { .fd = f->fd, .events = POLLIN };
		ssize_t got;
		uint32_t off = 0;

		if (poll(&pfd, 1, (int)((deadline - now_s()) * 1000)) <= 0)
			return -ETIMEDOUT;
		ensure_rbuf(f, MSGBUF);
		got = recv(f->fd, f->rbuf, f->rbuf_size, 0);
		if (got < 0)
			return -errno;
		while (off + NLMSG_HDRLEN <= (uint32_t)got) {
			const struct nlmsghdr *r = (const struct nlmsghdr *)(f->rbuf + off);
			const struct nlattr *a, *b;

			if (r->nlmsg_len < NLMSG_HDRLEN || r->nlmsg_len > got - off)
				return -EBADMSG;
			if (r->nlmsg_seq == seq) {
				if (r->nlmsg_type == NLMSG_DONE)
					return n;
				if (r->nlmsg_type == NLMSG_ERROR)
					return ((const struct nlmsgerr *)NLMSG_DATA(r))->error;
				mnl_attr_for_each(a, r, GENL_HDRLEN) {
					if (mnl_attr_get_type(a) != SOCKCTL_A_JOB || n >= max)
						continue;
					memset(&jobs[n], 0, sizeof(jobs[n]));
					mnl_attr_for_each_nested(b, a) {
						if (mnl_attr_get_type(b) == SOCKCTL_A_JOB_JOB_ID)
							jobs[n].id = mnl_attr_get_u32(b);
						if (mnl_attr_get_type(b) == SOCKCTL_A_JOB_STATE)
							jobs[n].state = mnl_attr_get_u8(b);
					}
					n++;
				}
			}
			off += NLMSG_ALIGN(r->nlmsg_len);
		}
	}
}

/* Finished jobs keep their final state; report those that changed. */
static int check_stopped_states(struct fz *f)
{
	struct jobinfo jobs[64];
	int n, i, bad = 0;
	unsigned int j;

	n = dump_jobs(f, jobs, 64);
	if (n < 0) {
		fail(f, "JOB_GET dump failed: %s", errname(-n));
		return -1;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < f->n_stopped; j++) {
			if (f->stopped[j].id != jobs[i].id)
				continue;
			if (f->stopped[j].state != jobs[i].state) {
				fail(f, "job %u: JOB_STOP replied %s, JOB_GET now says %s "
				     "(the job finished twice)", jobs[i].id,
				     state_name(f->stopped[j].state), state_name(jobs[i].state));
				f->stopped[j].state = jobs[i].state;
				bad++;
			}
		}
	}
	return bad;
}

static int stop_all_jobs(struct fz *f, int *n_running)
{
	struct jobinfo jobs[64];
	int n, i, running = 0;

	n = dump_jobs(f, jobs, 64);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		if (jobs[i].state == SOCKCTL_JOB_RUNNING) {
			running++;
			stop_job(f, jobs[i].id, NULL);
		}
	}
	if (n_running)
		*n_running = running;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Network setup (rtnetlink)                                           */
/* ------------------------------------------------------------------ */

static int rt_talk(struct mnl_socket *rt, struct nlmsghdr *nlh)
{
	char buf[8192];
	ssize_t n;
	uint32_t seq = nlh->nlmsg_seq = (uint32_t)time(NULL) ^ (uint32_t)rnd64();

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (mnl_socket_sendto(rt, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		const struct nlmsghdr *r;
		int len;

		n = mnl_socket_recvfrom(rt, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		len = (int)n;
		for (r = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(r, len);
		     r = mnl_nlmsg_next(r, &len)) {
			if (r->nlmsg_seq != seq)
				continue;
			if (r->nlmsg_type == NLMSG_ERROR)
				return ((const struct nlmsgerr *)mnl_nlmsg_get_payload(r))->error;
		}
	}
}

static int rt_newlink(struct mnl_socket *rt, const char *name, const char *kind,
		      unsigned int mtu, const struct in6_addr *local,
		      const struct in6_addr *remote)
{
	char buf[1024];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	struct nlattr *li, *data;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (local || remote) {
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		if (local)
			mnl_attr_put(nlh, IFLA_IPTUN_LOCAL, sizeof(*local), local);
		if (remote)
			mnl_attr_put(nlh, IFLA_IPTUN_REMOTE, sizeof(*remote), remote);
		mnl_attr_nest_end(nlh, data);
	}
	mnl_attr_nest_end(nlh, li);
	return rt_talk(rt, nlh);
}

static int rt_up(struct mnl_socket *rt, int ifindex)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return rt_talk(rt, nlh);
}

static int rt_addr(struct mnl_socket *rt, int ifindex, int family, const char *addr,
		   int plen)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	uint8_t a[16];

	inet_pton(family, addr, a);
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = family;
	ifa->ifa_prefixlen = plen;
	ifa->ifa_index = ifindex;
	ifa->ifa_flags = IFA_F_NODAD;
	mnl_attr_put(nlh, IFA_LOCAL, family == AF_INET ? 4 : 16, a);
	mnl_attr_put(nlh, IFA_ADDRESS, family == AF_INET ? 4 : 16, a);
	return rt_talk(rt, nlh);
}

static int rt_blackhole(struct mnl_socket *rt, int family, const char *dst, int plen)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	uint8_t a[16];

	inet_pton(family, dst, a);
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = family;
	rtm->rtm_dst_len = plen;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_BLACKHOLE;
	mnl_attr_put(nlh, RTA_DST, family == AF_INET ? 4 : 16, a);
	return rt_talk(rt, nlh);
}

static int rt_neigh(struct mnl_socket *rt, int ifindex, int family, const char *dst,
		    const uint8_t *lladdr, int lllen)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *nd;
	uint8_t a[16];

	inet_pton(family, dst, a);
	nlh->nlmsg_type = RTM_NEWNEIGH;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = family;
	nd->ndm_ifindex = ifindex;
	nd->ndm_state = NUD_PERMANENT;
	mnl_attr_put(nlh, NDA_DST, family == AF_INET ? 4 : 16, a);
	mnl_attr_put(nlh, NDA_LLADDR, lllen, lladdr);
	return rt_talk(rt, nlh);
}

static int net_setup(struct fz *f)
{
	struct mnl_socket *rt = mnl_socket_open(NETLINK_ROUTE);
	struct in6_addr l6, r6;
	int err, lo;

	if (!rt || mnl_socket_bind(rt, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "nlfuzz: rtnetlink: %s\n", strerror(errno));
		return -1;
	}
	lo = (int)if_nametoindex("lo");
	if (lo)
		rt_up(rt, lo);
	err = rt_newlink(rt, "fz0", "dummy", 1500, NULL, NULL);
	if (err && err != -EEXIST)
		fprintf(stderr, "nlfuzz: creating dummy fz0: %s\n", strerror(-err));
	err = rt_newlink(rt, "fz1", "dummy", 65535, NULL, NULL);
	if (err && err != -EEXIST)
		fprintf(stderr, "nlfuzz: creating dummy fz1: %s\n", strerror(-err));
	f->ifindex0 = (int)if_nametoindex("fz0");
	f->ifindex1 = (int)if_nametoindex("fz1");
	f->have_dummy = f->ifindex0 && f->ifindex1;
	if (f->have_dummy) {
		rt_up(rt, f->ifindex0);
		rt_up(rt, f->ifindex1);
		rt_addr(rt, f->ifindex0, AF_INET, "10.98.0.1", 24);
		rt_addr(rt, f->ifindex0, AF_INET6, "fd98::1", 64);
		rt_addr(rt, f->ifindex1, AF_INET, "10.96.0.1", 24);
	}
	err = rt_blackhole(rt, AF_INET, "10.99.0.0", 16);
	if (err)
		fprintf(stderr, "nlfuzz: blackhole route 10.99.0.0/16: %s\n", strerror(-err));
	err = rt_blackhole(rt, AF_INET6, "fd99::", 32);
	if (err)
		fprintf(stderr, "nlfuzz: blackhole route fd99::/32: %s\n", strerror(-err));

	/* A device whose hardware addresses are 16 bytes long (IPv6 tunnel). */
	inet_pton(AF_INET6, "fd97::1", &l6);
	inet_pton(AF_INET6, "fd97::2", &r6);
	err = rt_newlink(rt, "fzt6", "ip6tnl", 0, &l6, &r6);
	f->ifindex_tnl = (int)if_nametoindex("fzt6");
	if (f->ifindex_tnl) {
		/* Byte 14 of the address would land in sockctl's n_vlans. */
		static const uint8_t ll[16] = { 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
						12, 13, 0x03, 0 };

		rt_up(rt, f->ifindex_tnl);
		rt_addr(rt, f->ifindex_tnl, AF_INET, "10.97.0.1", 24);
		f->have_tnl = !rt_neigh(rt, f->ifindex_tnl, AF_INET, "10.97.0.2", ll, 16);
	} else if (opt_verbose) {
		printf("# no ip6tnl device: %s\n", strerror(-err));
	}
	mnl_socket_close(rt);
	return f->have_dummy ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* The corpus of valid requests                                        */
/* ------------------------------------------------------------------ */

enum { C_BUILD = 1, C_SEND = 2, C_BOTH = 3 };

struct seed {
	const char *name;
	int use;		/* C_BUILD / C_SEND / C_BOTH */
	struct an *root;
};

#define MAX_SEEDS 64
static struct seed corpus[MAX_SEEDS];
static int n_corpus;

static struct an *top(void)
{
	return an_new(0, true);
}

static void add_seed(const char *name, int use, struct an *root)
{
	corpus[n_corpus].name = name;
	corpus[n_corpus].use = use;
	corpus[n_corpus].root = root;
	n_corpus++;
}

/* Append kids to a top-level list, NULL-terminated. */
static struct an *tl(struct an *first, ...)
{
	struct an *r = top(), *k;
	va_list ap;

	an_add(r, first);
	va_start(ap, first);
	while ((k = va_arg(ap, struct an *)))
		an_add(r, k);
	va_end(ap);
	return r;
}

static struct an *payload(int len, uint8_t seed)
{
	struct an *n = an_fill(SOCKCTL_A_PAYLOAD, (uint32_t)len, 0);
	int i;

	for (i = 0; i < len; i++)
		n->data[i] = (uint8_t)(seed + i);
	return n;
}

static struct an *dev0(void) { return an_str(SOCKCTL_A_IFNAME, "fz0"); }

static void build_corpus(struct fz *f)
{
	static const uint8_t ip4opts[] = { 0x01, 0x01, 0x94, 0x04, 0x00, 0x00,
					   0x07, 0x07, 0x04, 0, 0, 0, 0 };
	static const uint8_t tcpopts[] = { 0x01, 0x01, 0x05, 0x0a, 0, 0, 0, 1, 0, 0, 0, 2 };
	static const uint8_t hbh[6] = { 0x01, 0x04, 0, 0, 0, 0 };
	static const uint8_t dst14[14] = { 0x1e, 0x0c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	static const uint8_t frag6[6] = { 0, 0, 0, 0, 0x12, 0x34 };
	static const uint8_t quote4[28] = { 0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0,
					    10, 98, 0, 1, 10, 99, 0, 1, 0, 53, 0, 53, 0, 8, 0, 0 };
	uint8_t rawl2[60], rawl3[28], rawl36[48];
	int i;

	/* A raw Ethernet frame: broadcast, IPv4, UDP. */
	memset(rawl2, 0, sizeof(rawl2));
	memset(rawl2, 0xff, 6);
	rawl2[6] = 0x02;
	rawl2[12] = 0x08;
	memcpy(rawl2 + 14, quote4, sizeof(quote4));
	memcpy(rawl3, quote4, sizeof(quote4));
	rawl3[16] = 10, rawl3[17] = 99, rawl3[18] = 2, rawl3[19] = 2;
	memset(rawl36, 0, sizeof(rawl36));
	rawl36[0] = 0x60;
	rawl36[5] = 8;
	rawl36[6] = 17;
	rawl36[7] = 64;
	rawl36[8] = 0xfd, rawl36[9] = 0x98, rawl36[23] = 1;
	rawl36[24] = 0xfd, rawl36[25] = 0x99, rawl36[39] = 2;
	rawl36[45] = 8;
	(void)f;

	add_seed("ipv4-udp-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_DPORT, 9), NULL),
		    payload(5, 'h'), NULL));
	add_seed("ipv4-tcp-all-fields-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4,
			    an_u8(SOCKCTL_A_IPV4_VERSION, 4), an_u8(SOCKCTL_A_IPV4_IHL, 9),
			    an_u8(SOCKCTL_A_IPV4_TOS, 0x10), an_u16(SOCKCTL_A_IPV4_TOT_LEN, 100),
			    an_u16(SOCKCTL_A_IPV4_ID, 7), an_u8(SOCKCTL_A_IPV4_FLAGS, 2),
			    an_u16(SOCKCTL_A_IPV4_FRAG_OFF, 0), an_u8(SOCKCTL_A_IPV4_TTL, 3),
			    an_u8(SOCKCTL_A_IPV4_PROTOCOL, 6), an_u16(SOCKCTL_A_IPV4_CHECKSUM, 0x1c46),
			    an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.1.1"),
			    an_leaf(SOCKCTL_A_IPV4_OPTIONS, ip4opts, sizeof(ip4opts)), NULL),
		    an_nest(SOCKCTL_A_TCP,
			    an_u16(SOCKCTL_A_TCP_SPORT, 1234), an_u16(SOCKCTL_A_TCP_DPORT, 80),
			    an_u32(SOCKCTL_A_TCP_SEQ, 1), an_u32(SOCKCTL_A_TCP_ACK_SEQ, 2),
			    an_u8(SOCKCTL_A_TCP_DOFF, 15), an_u8(SOCKCTL_A_TCP_RESERVED, 1),
			    an_u8(SOCKCTL_A_TCP_FLAGS, 0x12), an_u16(SOCKCTL_A_TCP_WINDOW, 100),
			    an_u16(SOCKCTL_A_TCP_CHECKSUM, 0xbeef), an_u16(SOCKCTL_A_TCP_URG_PTR, 5),
			    an_u16(SOCKCTL_A_TCP_MSS, 1460), an_u8(SOCKCTL_A_TCP_WSCALE, 7),
			    an_flag(SOCKCTL_A_TCP_SACK_PERM), an_u32(SOCKCTL_A_TCP_TS_VAL, 100),
			    an_u32(SOCKCTL_A_TCP_TS_ECR, 200),
			    an_leaf(SOCKCTL_A_TCP_OPTIONS, tcpopts, sizeof(tcpopts)), NULL),
		    payload(20, 0), NULL));
	add_seed("ipv4-dscp-ecn-icmp-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_u8(SOCKCTL_A_IPV4_DSCP, 46), an_u8(SOCKCTL_A_IPV4_ECN, 1),
			    an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.5"), NULL),
		    an_nest(SOCKCTL_A_ICMP, an_u8(SOCKCTL_A_ICMP_TYPE, 8), an_u8(SOCKCTL_A_ICMP_CODE, 0),
			    an_u16(SOCKCTL_A_ICMP_ID, 77), an_u16(SOCKCTL_A_ICMP_SEQ, 1), NULL),
		    payload(32, 'a'), NULL));
	add_seed("ipv4-icmp-error-quote-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.3"), NULL),
		    an_nest(SOCKCTL_A_ICMP, an_u8(SOCKCTL_A_ICMP_TYPE, 3), an_u8(SOCKCTL_A_ICMP_CODE, 3),
			    an_u16(SOCKCTL_A_ICMP_CHECKSUM, 0x1234), an_u32(SOCKCTL_A_ICMP_REST, 0),
			    an_leaf(SOCKCTL_A_ICMP_QUOTE, quote4, sizeof(quote4)), NULL), NULL));
	add_seed("ipv6-udp-l2-ifindex", C_BOTH,
		 tl(an_u32(SOCKCTL_A_IFINDEX, (uint32_t)f->ifindex0),
		    an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_DADDR, "fd98::2"), NULL),
		    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_SPORT, 5353),
			    an_u16(SOCKCTL_A_UDP_DPORT, 5353), an_u16(SOCKCTL_A_UDP_LEN, 99),
			    an_u16(SOCKCTL_A_UDP_CHECKSUM, 0), NULL),
		    payload(10, 1), NULL));
	add_seed("ipv6-all-fields-exthdrs-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV6, an_u8(SOCKCTL_A_IPV6_VERSION, 6),
			    an_u8(SOCKCTL_A_IPV6_TCLASS, 0xb8), an_u32(SOCKCTL_A_IPV6_FLOWLABEL, 0x12345),
			    an_u16(SOCKCTL_A_IPV6_PAYLOAD_LEN, 1000), an_u8(SOCKCTL_A_IPV6_NEXTHDR, 0),
			    an_u8(SOCKCTL_A_IPV6_HOPLIMIT, 1), an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			    an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"),
			    an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 0),
				    an_leaf(SOCKCTL_A_IPV6_EXT_DATA, hbh, 6), NULL),
			    an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 60),
				    an_leaf(SOCKCTL_A_IPV6_EXT_DATA, dst14, 14), NULL),
			    an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 44),
				    an_leaf(SOCKCTL_A_IPV6_EXT_DATA, frag6, 6), NULL), NULL),
		    an_nest(SOCKCTL_A_TCP, an_u8(SOCKCTL_A_TCP_FLAGS, 0x02), NULL), NULL));
	add_seed("ipv6-icmpv6-echo-l3-dummy", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_DADDR, "fd98::2"), NULL),
		    an_nest(SOCKCTL_A_ICMPV6, an_u8(SOCKCTL_A_ICMP_TYPE, 128),
			    an_u16(SOCKCTL_A_ICMP_ID, 1), an_u16(SOCKCTL_A_ICMP_SEQ, 2), NULL),
		    payload(56, 0), NULL));
	add_seed("ipv6-icmpv6-ptb-quote-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			    an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::7"), NULL),
		    an_nest(SOCKCTL_A_ICMPV6, an_u8(SOCKCTL_A_ICMP_TYPE, 2),
			    an_u32(SOCKCTL_A_ICMP_REST, 1280),
			    an_leaf(SOCKCTL_A_ICMP_QUOTE, rawl36, sizeof(rawl36)), NULL), NULL));
	add_seed("eth-qinq-ipv4-udp-l2", C_BOTH,
		 tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L2), dev0(),
		    an_nest(SOCKCTL_A_ETH, an_mac(SOCKCTL_A_ETH_DST, "02:00:00:00:00:02"),
			    an_mac(SOCKCTL_A_ETH_SRC, "02:00:00:00:00:01"),
			    an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_TPID, 0x88a8),
				    an_u8(SOCKCTL_A_VLAN_PCP, 5), an_u8(SOCKCTL_A_VLAN_DEI, 1),
				    an_u16(SOCKCTL_A_VLAN_VID, 100), NULL),
			    an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_VID, 200), NULL), NULL),
		    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.9"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL), NULL));
	add_seed("eth-only-payload-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_ETH, an_mac(SOCKCTL_A_ETH_DST, "ff:ff:ff:ff:ff:ff"),
				    an_u16(SOCKCTL_A_ETH_PROTO, 0x88b5), NULL),
		    payload(46, 0x55), NULL));
	add_seed("eth-proto-ipv6-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_ETH, an_u16(SOCKCTL_A_ETH_PROTO, 0x1234), NULL),
		    an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_DADDR, "ff02::1"), NULL), NULL));
	add_seed("arp-request-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_ARP, an_ip4(SOCKCTL_A_ARP_TPA, "10.98.0.2"), NULL), NULL));
	add_seed("arp-all-fields-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_ETH, an_mac(SOCKCTL_A_ETH_DST, "02:00:00:00:00:09"), NULL),
		    an_nest(SOCKCTL_A_ARP, an_u16(SOCKCTL_A_ARP_HTYPE, 1), an_u16(SOCKCTL_A_ARP_PTYPE, 0x800),
			    an_u8(SOCKCTL_A_ARP_HLEN, 6), an_u8(SOCKCTL_A_ARP_PLEN, 4),
			    an_u16(SOCKCTL_A_ARP_OP, 2), an_mac(SOCKCTL_A_ARP_SHA, "02:00:00:00:00:01"),
			    an_ip4(SOCKCTL_A_ARP_SPA, "10.98.0.1"), an_mac(SOCKCTL_A_ARP_THA, "02:00:00:00:00:09"),
			    an_ip4(SOCKCTL_A_ARP_TPA, "10.98.0.9"), NULL), NULL));
	add_seed("raw-l2", C_BOTH,
		 tl(dev0(), an_leaf(SOCKCTL_A_RAW, rawl2, sizeof(rawl2)), NULL));
	add_seed("raw-l3-ipv4", C_BOTH,
		 tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L3),
		    an_leaf(SOCKCTL_A_RAW, rawl3, sizeof(rawl3)), NULL));
	add_seed("raw-l3-ipv6", C_BOTH, tl(an_leaf(SOCKCTL_A_RAW, rawl36, sizeof(rawl36)), NULL));
	add_seed("ipv4-frag-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL), payload(200, 3),
		    an_u16(SOCKCTL_A_FRAG_SIZE, 64), NULL));
	add_seed("ipv4-frag-options-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.3.3"),
			    an_leaf(SOCKCTL_A_IPV4_OPTIONS, ip4opts, sizeof(ip4opts)), NULL),
		    an_nest(SOCKCTL_A_ICMP, NULL), payload(100, 9),
		    an_u16(SOCKCTL_A_FRAG_SIZE, 20), NULL));
	add_seed("vary-ipv4-udp-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_ID),
			    an_u8(SOCKCTL_A_VARY_MODE, SOCKCTL_VARY_INC), an_u32(SOCKCTL_A_VARY_FROM, 10),
			    an_u32(SOCKCTL_A_VARY_TO, 20), an_u32(SOCKCTL_A_VARY_STEP, 3), NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_SPORT),
			    an_u8(SOCKCTL_A_VARY_MODE, SOCKCTL_VARY_RANDOM), an_u32(SOCKCTL_A_VARY_FROM, 1000),
			    an_u32(SOCKCTL_A_VARY_TO, 2000), NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_DADDR),
			    an_u32(SOCKCTL_A_VARY_TO, 0x0a6200ff), NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_SADDR),
			    an_u8(SOCKCTL_A_VARY_MODE, SOCKCTL_VARY_RANDOM), NULL),
		    an_u32(SOCKCTL_A_COUNT, 4), NULL));
	add_seed("vary-tcp-seq-dport-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.9"), NULL),
		    an_nest(SOCKCTL_A_TCP, an_u32(SOCKCTL_A_TCP_SEQ, 5), NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_TCP_SEQ),
			    an_u32(SOCKCTL_A_VARY_STEP, 1000), NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_DPORT),
			    an_u32(SOCKCTL_A_VARY_FROM, 1), an_u32(SOCKCTL_A_VARY_TO, 65535), NULL),
		    an_u32(SOCKCTL_A_COUNT, 3), an_u32(SOCKCTL_A_BURST, 3), NULL));
	add_seed("vary-icmpv6-seq-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			    an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::3"), NULL),
		    an_nest(SOCKCTL_A_ICMPV6, NULL),
		    an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_ICMP_SEQ), NULL),
		    an_u32(SOCKCTL_A_COUNT, 2), NULL));
	add_seed("paced-interval-job-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		    an_u32(SOCKCTL_A_COUNT, 4), an_u32(SOCKCTL_A_BURST, 2),
		    an_u64(SOCKCTL_A_INTERVAL_NS, 1000000), NULL));
	add_seed("rate-pps-job-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL),
		    an_u32(SOCKCTL_A_COUNT, 4), an_u32(SOCKCTL_A_RATE_PPS, 1000), NULL));
	add_seed("rate-bps-job-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_DADDR, "fd98::5"), NULL),
		    an_u32(SOCKCTL_A_COUNT, 3), an_u64(SOCKCTL_A_RATE_BPS, 1000000), NULL));
	add_seed("background-job-l2", C_BOTH,
		 tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL), an_u32(SOCKCTL_A_COUNT, 2),
		    an_flag(SOCKCTL_A_BACKGROUND), NULL));
	add_seed("rx-eth-ipv4-udp", C_BUILD,
		 tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_RX), dev0(),
		    an_nest(SOCKCTL_A_ETH, an_mac(SOCKCTL_A_ETH_SRC, "02:00:00:00:00:77"), NULL),
		    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.77"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.1"), NULL),
		    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_DPORT, 9), NULL), NULL));
	add_seed("l3-with-device", C_BOTH,
		 tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L3), an_u32(SOCKCTL_A_IFINDEX, (uint32_t)f->ifindex0),
		    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.7"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL), NULL));
	add_seed("ipv4-no-l4-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_u8(SOCKCTL_A_IPV4_PROTOCOL, 253),
			    an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.9.9"), NULL),
		    payload(64, 0), NULL));
	add_seed("ipv6-no-l4-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			    an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::9"), NULL), NULL));
	add_seed("jumbo-l2-fz1", C_BOTH,
		 tl(an_str(SOCKCTL_A_IFNAME, "fz1"),
		    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.96.0.2"), NULL),
		    an_nest(SOCKCTL_A_UDP, NULL), payload(9000, 7), NULL));
	add_seed("tcp-options-40-l3", C_BOTH,
		 tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			    an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.2"), NULL),
		    an_nest(SOCKCTL_A_TCP, an_u16(SOCKCTL_A_TCP_MSS, 536), an_u32(SOCKCTL_A_TCP_TS_VAL, 9),
			    an_u8(SOCKCTL_A_TCP_WSCALE, 14),
			    an_leaf(SOCKCTL_A_TCP_OPTIONS, tcpopts, 12), NULL), NULL));
	add_seed("ifname-and-ifindex-l2", C_BOTH,
		 tl(dev0(), an_u32(SOCKCTL_A_IFINDEX, (uint32_t)f->ifindex0),
		    an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "224.0.0.251"), NULL),
		    an_nest(SOCKCTL_A_UDP, an_u16(SOCKCTL_A_UDP_DPORT, 5353), NULL), NULL));
	for (i = 0; i < n_corpus; i++)
		if (!corpus[i].root)
			abort();
}

/* Requests that are not packet descriptions, for the mutation phase. */
static struct req other_seed(int i)
{
	struct req r = { .flags = NLM_F_REQUEST | NLM_F_ACK };

	switch (i % 5) {
	case 0:
		r.cmd = SOCKCTL_CMD_GET_INFO;
		break;
	case 1:
		r.cmd = SOCKCTL_CMD_JOB_GET;
		r.root = tl(an_u32(SOCKCTL_A_JOB_ID, 1), NULL);
		break;
	case 2:
		r.cmd = SOCKCTL_CMD_JOB_GET;
		r.flags |= NLM_F_DUMP;
		break;
	case 3:
		r.cmd = SOCKCTL_CMD_JOB_STOP;
		r.root = tl(an_u32(SOCKCTL_A_JOB_ID, 123456), NULL);
		break;
	default:
		r.cmd = SOCKCTL_CMD_STATS_GET;
		break;
	}
	return r;
}

/* ------------------------------------------------------------------ */
/* Phase: sanity (every valid seed must work)                          */
/* ------------------------------------------------------------------ */

static void phase_sanity(struct fz *f)
{
	int i, c;

	tap_phase_begin(f, "valid corpus: BUILD and SEND of every seed succeed");
	for (i = 0; i < n_corpus; i++) {
		for (c = SOCKCTL_CMD_BUILD; c <= SOCKCTL_CMD_SEND; c++) {
			struct req r = { .cmd = (uint8_t)c, .flags = NLM_F_REQUEST | NLM_F_ACK,
					 .root = corpus[i].root };
			char name[96];
			int ret;

			if (!(corpus[i].use & (c == SOCKCTL_CMD_BUILD ? C_BUILD : C_SEND)))
				continue;
			snprintf(name, sizeof(name), "%s %s", c == SOCKCTL_CMD_BUILD ? "BUILD" : "SEND",
				 corpus[i].name);
			ret = fuzz_req(f, name, &r);
			if (ret < 0)
				fail(f, "valid request refused: %s", errname(-ret));
		}
	}
	for (i = 0; i < 5; i++) {
		struct req r = other_seed(i);
		char name[64];
		int ret;

		snprintf(name, sizeof(name), "seed %d cmd %u%s", i, r.cmd,
			 r.flags & NLM_F_DUMP ? " dump" : "");
		ret = fuzz_req(f, name, &r);
		if (ret < 0 && !((i == 1 || i == 3) && ret == -ENOENT))
			fail(f, "valid request refused: %s", errname(-ret));
		an_free(r.root);
	}
	tap_phase_end(f, NULL);
}

/* ------------------------------------------------------------------ */
/* Phase: headers                                                      */
/* ------------------------------------------------------------------ */

struct cmdvar {
	const char *name;
	uint8_t cmd;
	bool dump;
};

static const struct cmdvar cmdvars[] = {
	{ "GET_INFO", SOCKCTL_CMD_GET_INFO, false },
	{ "BUILD", SOCKCTL_CMD_BUILD, false },
	{ "SEND", SOCKCTL_CMD_SEND, false },
	{ "JOB_GET", SOCKCTL_CMD_JOB_GET, false },
	{ "JOB_GET-dump", SOCKCTL_CMD_JOB_GET, true },
	{ "JOB_STOP", SOCKCTL_CMD_JOB_STOP, false },
	{ "STATS_GET", SOCKCTL_CMD_STATS_GET, false },
	{ "cmd0", 0, false },
	{ "cmd-unused", SOCKCTL_CMD_MAX + 1, false },
	{ "cmd255", 255, false },
};

/* A valid body for a command variant (a corpus seed for BUILD/SEND). */
static struct an *body_for(const struct fz *f, const struct cmdvar *cv)
{
	(void)f;
	switch (cv->cmd) {
	case SOCKCTL_CMD_BUILD:
	case SOCKCTL_CMD_SEND:
		return an_clone(corpus[0].root);
	case SOCKCTL_CMD_JOB_GET:
	case SOCKCTL_CMD_JOB_STOP:
		if (!cv->dump)
			return tl(an_u32(SOCKCTL_A_JOB_ID, 999999), NULL);
		break;
	}
	return top();
}

static void phase_headers(struct fz *f)
{
	static const uint16_t flagvars[] = {
		0, NLM_F_ACK, NLM_F_REQUEST, NLM_F_REQUEST | NLM_F_ECHO,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO, NLM_F_REQUEST | NLM_F_ACK | NLM_F_ROOT,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_MATCH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_ATOMIC, NLM_F_REQUEST | NLM_F_ACK | NLM_F_MULTI,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP_INTR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP_FILTERED,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP | NLM_F_ATOMIC, NLM_F_REQUEST | NLM_F_ACK | 0x1000,
		NLM_F_REQUEST | NLM_F_ACK | 0x8000, 0xffff, NLM_F_REQUEST,
	};
	unsigned int c, i;

	tap_phase_begin(f, "headers: nlmsghdr flags and lengths, genlmsghdr fields");
	for (c = 0; c < ARRAY_SIZE(cmdvars) && budget_left(f); c++) {
		const struct cmdvar *cv = &cmdvars[c];
		struct req r = { .cmd = cv->cmd };
		uint16_t base = NLM_F_REQUEST | NLM_F_ACK | (cv->dump ? NLM_F_DUMP : 0);
		char name[128];
		uint32_t len;

		r.root = body_for(f, cv);
		for (i = 0; i < ARRAY_SIZE(flagvars); i++) {
			r.flags = flagvars[i] | (cv->dump && flagvars[i] ? NLM_F_DUMP : 0);
			snprintf(name, sizeof(name), "%s nlmsg_flags 0x%x", cv->name, r.flags);
			fuzz_req(f, name, &r);
		}
		r.flags = base;
		/* Reserved and version fields of the genl header. */
		{
			static const uint16_t resv[] = { 1, 0x100, 0x8000, 0xffff };
			static const uint8_t vers[] = { 0, 2, 255 };

			for (i = 0; i < ARRAY_SIZE(resv); i++) {
				r.reserved = resv[i];
				snprintf(name, sizeof(name), "%s genl reserved 0x%x", cv->name, resv[i]);
				fuzz_req(f, name, &r);
			}
			r.reserved = 0;
			for (i = 0; i < ARRAY_SIZE(vers); i++) {
				r.version = vers[i];
				snprintf(name, sizeof(name), "%s genl version %u", cv->name, vers[i]);
				fuzz_req(f, name, &r);
			}
			r.version = 0;
		}
		/* Wrong family ids. */
		{
			static const uint16_t types[] = { GENL_ID_CTRL + 0x3f00, 0xffff, NLMSG_DONE,
							  NLMSG_ERROR, NLMSG_NOOP, 0 };

			for (i = 0; i < ARRAY_SIZE(types); i++) {
				len = req_ser(f, &r, msgbuf);
				((struct nlmsghdr *)msgbuf)->nlmsg_type = types[i];
				snprintf(name, sizeof(name), "%s nlmsg_type 0x%x", cv->name, types[i]);
				fuzz_msg(f, name, msgbuf, len, NULL);
			}
		}
		/* Truncated genl header, bad nlmsg_len, trailing bytes. */
		for (i = 0; i <= GENL_HDRLEN; i++) {
			req_ser(f, &r, msgbuf);
			((struct nlmsghdr *)msgbuf)->nlmsg_len = NLMSG_HDRLEN + i;
			snprintf(name, sizeof(name), "%s genlmsghdr truncated to %u bytes", cv->name, i);
			fuzz_msg(f, name, msgbuf, NLMSG_HDRLEN + i, NULL);
		}
		{
			static const int32_t deltas[] = { 1, 4, 100, 65536 };

			for (i = 0; i < ARRAY_SIZE(deltas); i++) {
				len = req_ser(f, &r, msgbuf);
				((struct nlmsghdr *)msgbuf)->nlmsg_len = len + deltas[i];
				snprintf(name, sizeof(name), "%s nlmsg_len %d past the datagram", cv->name, deltas[i]);
				fuzz_msg(f, name, msgbuf, len, NULL);
			}
			for (i = 0; i < 16; i += 5) {
				len = req_ser(f, &r, msgbuf);
				((struct nlmsghdr *)msgbuf)->nlmsg_len = i;
				snprintf(name, sizeof(name), "%s nlmsg_len %u", cv->name, i);
				fuzz_msg(f, name, msgbuf, len, NULL);
			}
			for (i = 1; i <= 7; i++) {
				len = req_ser(f, &r, msgbuf);
				memset(msgbuf + len, 0xa5, i);
				((struct nlmsghdr *)msgbuf)->nlmsg_len = len + i;
				snprintf(name, sizeof(name), "%s %u trailing bytes", cv->name, i);
				fuzz_msg(f, name, msgbuf, len + i, NULL);
			}
			/* Datagram shorter than the header. */
			len = req_ser(f, &r, msgbuf);
			snprintf(name, sizeof(name), "%s 15-byte datagram", cv->name);
			fuzz_msg(f, name, msgbuf, 15, NULL);
		}
		/* Several messages in one datagram. */
		{
			uint32_t l1 = req_ser(f, &r, msgbuf), l2;
			struct req g = { .cmd = SOCKCTL_CMD_GET_INFO, .flags = NLM_F_REQUEST | NLM_F_ACK };

			l1 = NLMSG_ALIGN(l1);
			l2 = req_ser(f, &g, msgbuf + l1);
			snprintf(name, sizeof(name), "%s + GET_INFO in one datagram", cv->name);
			fuzz_msg(f, name, msgbuf, l1 + l2, NULL);
			l2 = req_ser(f, &r, msgbuf + l1);
			((struct nlmsghdr *)(msgbuf + l1))->nlmsg_len = l2 + 50;
			snprintf(name, sizeof(name), "%s + a second message claiming too much", cv->name);
			fuzz_msg(f, name, msgbuf, l1 + l2, NULL);
		}
		an_free(r.root);
	}
	tap_phase_end(f, NULL);
}

/* ------------------------------------------------------------------ */
/* Phase: every attribute of every nest                                */
/* ------------------------------------------------------------------ */

/* Where a set lives in a seed: the path of (type, occurrence) to its nest. */
struct target {
	int set;
	const char *seed;
	int depth;
	uint16_t path[3];
};

static const struct target targets[] = {
	{ S_PKT, "ipv4-udp-l2", 0, { 0 } },
	{ S_ETH, "eth-qinq-ipv4-udp-l2", 1, { SOCKCTL_A_ETH } },
	{ S_VLAN, "eth-qinq-ipv4-udp-l2", 2, { SOCKCTL_A_ETH, SOCKCTL_A_ETH_VLAN } },
	{ S_ARP, "arp-all-fields-l2", 1, { SOCKCTL_A_ARP } },
	{ S_IPV4, "ipv4-tcp-all-fields-l3", 1, { SOCKCTL_A_IPV4 } },
	{ S_IPV6, "ipv6-all-fields-exthdrs-l3", 1, { SOCKCTL_A_IPV6 } },
	{ S_EXT, "ipv6-all-fields-exthdrs-l3", 2, { SOCKCTL_A_IPV6, SOCKCTL_A_IPV6_EXTHDR } },
	{ S_TCP, "ipv4-tcp-all-fields-l3", 1, { SOCKCTL_A_TCP } },
	{ S_UDP, "ipv6-udp-l2-ifindex", 1, { SOCKCTL_A_UDP } },
	{ S_ICMP, "ipv4-icmp-error-quote-l2", 1, { SOCKCTL_A_ICMP } },
	{ S_ICMP, "ipv6-icmpv6-echo-l3-dummy", 1, { SOCKCTL_A_ICMPV6 } },
	{ S_VARY, "vary-ipv4-udp-l2", 1, { SOCKCTL_A_VARY } },
};

static const struct seed *seed_by_name(const char *name)
{
	int i;

	for (i = 0; i < n_corpus; i++)
		if (!strcmp(corpus[i].name, name))
			return &corpus[i];
	return &corpus[0];
}

/* The nest a target names inside a (cloned) tree; the tree itself at depth 0. */
static struct an *walk(struct an *root, const struct target *t)
{
	struct an *n = root;
	int d, i;

	for (d = 0; d < t->depth; d++) {
		struct an *next = NULL;

		for (i = 0; i < n->nkid; i++) {
			if (an_kind(n->kid[i]) == t->path[d]) {
				next = n->kid[i];
				break;
			}
		}
		if (!next)
			return NULL;
		n = next;
	}
	return n;
}

/* A value of an attribute as a valid request would give it. */
static struct an *valid_attr(int set, int type)
{
	const struct fdef *fd = fdef_of(set, type);
	uint8_t buf[64];

	memset(buf, 0, sizeof(buf));
	switch (fd->kind) {
	case K_U8: case K_U16: case K_U32: case K_U64: {
		uint64_t v = fd->ranged ? fd->min : 1;

		memcpy(buf, &v, 8);
		return an_leaf((uint16_t)type, buf, (uint32_t)kind_len(fd->kind));
	}
	case K_FLAG:
		return an_flag((uint16_t)type);
	case K_BIN:
		return an_fill((uint16_t)type, (uint32_t)(fd->min ? fd->min : 4), 0x01);
	case K_NSTR:
		return an_str((uint16_t)type, "fz0");
	case K_NEST:
		return an_new((uint16_t)(type | NLA_F_NESTED), true);
	}
	return an_fill((uint16_t)type, 4, 0);
}

/* Natural length and largest legal length of an attribute. */
static void lens_of(int set, int type, int *n, int *max)
{
	const struct fdef *fd = fdef_of(set, type);

	switch (fd->kind) {
	case K_U8: case K_U16: case K_U32: case K_U64: case K_FLAG:
		*n = *max = kind_len(fd->kind);
		break;
	case K_BIN:
		*n = (int)fd->min;
		*max = (int)fd->max;
		break;
	case K_NSTR:
		*n = *max = (int)fd->max + 1;
		break;
	default:
		*n = *max = 4;
	}
}


/* Send @root with @cmd as one attribute-phase message; shrink if huge. */
static void send_tree(struct fz *f, const struct cmdvar *cv, struct an *root,
		      const char *name)
{
	struct req r = { .cmd = cv->cmd, .flags = NLM_F_REQUEST | NLM_F_ACK |
						  (cv->dump ? NLM_F_DUMP : 0), .root = root };
	uint32_t len;

	if (an_excess(root, false))
		return;
	len = req_ser(f, &r, msgbuf);
	fuzz_msg(f, name, msgbuf, len, NULL);
}

static struct an **kids_save(const struct an *n)
{
	struct an **s = xmalloc((size_t)(n->nkid + 1) * sizeof(*s));

	memcpy(s, n->kid, (size_t)n->nkid * sizeof(*s));
	return s;
}

/* Put back the saved kids; free those added since. */
static void kids_restore(struct an *n, struct an **saved, int cnt)
{
	int i, j;

	for (i = 0; i < n->nkid; i++) {
		bool old = false;

		for (j = 0; j < cnt && !old; j++)
			old = saved[j] == n->kid[i];
		if (!old)
			an_free(n->kid[i]);
	}
	if (n->cap < cnt) {
		n->kid = xrealloc(n->kid, (size_t)cnt * sizeof(*n->kid));
		n->cap = cnt;
	}
	memcpy(n->kid, saved, (size_t)cnt * sizeof(*saved));
	n->nkid = cnt;
	free(saved);
}

/* Take the kids of @type out of @n (not freed); where the first was. */
static int unlink_type(struct an *n, int type)
{
	int i, at = -1;

	for (i = n->nkid - 1; i >= 0; i--) {
		if (an_kind(n->kid[i]) == type) {
			memmove(&n->kid[i], &n->kid[i + 1], (size_t)(n->nkid - i - 1) * sizeof(*n->kid));
			n->nkid--;
			at = i;
		}
	}
	return at < 0 ? n->nkid : at;
}

static void unlink_and_free_type(struct an *n, int type)
{
	int i;

	for (i = n->nkid - 1; i >= 0; i--)
		if (an_kind(n->kid[i]) == type)
			an_del(n, i);
}

static int find_type(const struct an *n, int type)
{
	int i;

	for (i = 0; i < n->nkid; i++)
		if (an_kind(n->kid[i]) == type)
			return i;
	return -1;
}

enum { V_REPLACE, V_APPEND };

/* Send @root with @node put into @n (replacing its @type kids, or added). */
static void try_variant(struct fz *f, const struct cmdvar *cv, struct an *root,
			struct an *n, int type, struct an *node, int mode, bool huge,
			const char *name)
{
	int cnt = n->nkid, at;
	struct an **saved = kids_save(n);

	if (mode == V_REPLACE) {
		at = unlink_type(n, type);
		an_insert(n, at, node);
	} else {
		an_add(n, node);
	}
	if (huge) {
		size_t ex;

		while ((ex = an_excess(root, false)) && node->len > 4)
			node->len -= (uint32_t)(ex < node->len ? ALIGN4(ex) : node->len);
	}
	send_tree(f, cv, root, name);
	kids_restore(n, saved, cnt);
}

/* Send @root with kid @i of @n replaced by @node. */
static void try_replace_kid(struct fz *f, const struct cmdvar *cv, struct an *root,
			    struct an *n, int i, struct an *node, const char *name)
{
	int cnt = n->nkid;
	struct an **saved = kids_save(n);

	n->kid[i] = node;
	send_tree(f, cv, root, name);
	kids_restore(n, saved, cnt);
}

static const char *type_name(int set, int type)
{
	static char buf[32];
	const struct fdef *fd = fdef_of(set, type);

	if (fd->kind != K_NONE && fd->name)
		return fd->name;
	snprintf(buf, sizeof(buf), "type%d", type);
	return buf;
}

#define HUGE_LEN 65531

/* All variants of attribute @type in nest @n (of set @set). */
static void attr_variants(struct fz *f, const struct cmdvar *cv, struct an *root,
			  struct an *n, int set, int type, const char *where)
{
	const struct fdef *fd = fdef_of(set, type);
	bool known = fd->kind != K_NONE && fd->kind != K_REJECT && type <= sets[set].maxtype;
	uint16_t ftype = (uint16_t)(type | (fd->kind == K_NEST ? NLA_F_NESTED : 0));
	int nat, max, lens[8], nl = 0, i;
	char name[192];
	const char *tn = type_name(set, type);

	if (known) {
		lens_of(set, type, &nat, &max);
		lens[nl++] = 0;
		lens[nl++] = 1;
		if (nat > 2)
			lens[nl++] = nat - 1;
		if (nat != 1)
			lens[nl++] = nat + 1;
		if (max + 1 != nat + 1 && max + 1 > 1)
			lens[nl++] = max + 1;
		lens[nl++] = HUGE_LEN;
	} else {
		lens[nl++] = 0;
		lens[nl++] = 4;
	}
	for (i = 0; i < nl && budget_left(f); i++) {
		struct an *node = an_fill(ftype, (uint32_t)lens[i], 0x41);

		if (fd->kind == K_NSTR && lens[i] > 0 && lens[i] != HUGE_LEN)
			node->data[lens[i] - 1] = 0;
		snprintf(name, sizeof(name), "%s.%s length %d", where, tn, lens[i]);
		try_variant(f, cv, root, n, type, node, V_REPLACE, lens[i] == HUGE_LEN, name);
	}
	if (fd->kind == K_NSTR && budget_left(f)) {
		snprintf(name, sizeof(name), "%s.%s without NUL", where, tn);
		try_variant(f, cv, root, n, type, an_fill(ftype, 4, 'z'), V_REPLACE, false, name);
		snprintf(name, sizeof(name), "%s.%s 15 chars", where, tn);
		try_variant(f, cv, root, n, type, an_str(ftype, "abcdefghijklmno"), V_REPLACE, false, name);
	}
	if (known && kind_len(fd->kind) > 0) {
		int kl = kind_len(fd->kind);
		uint64_t tmax = kl == 8 ? UINT64_MAX : (1ull << (8 * kl)) - 1;
		uint64_t vals[9];
		int nv = 0, j;

		vals[nv++] = 0;
		vals[nv++] = 1;
		vals[nv++] = tmax;
		vals[nv++] = rnd64() & tmax;
		if (fd->ranged) {
			vals[nv++] = fd->min;
			vals[nv++] = fd->max;
			if (fd->min > 0)
				vals[nv++] = fd->min - 1;
			if (fd->max < tmax)
				vals[nv++] = fd->max + 1;
		}
		for (j = 0; j < nv && budget_left(f); j++) {
			uint64_t v = vals[j];
			int k;
			bool seen = false;

			for (k = 0; k < j; k++)
				seen |= vals[k] == v;
			if (seen)
				continue;
			snprintf(name, sizeof(name), "%s.%s = %" PRIu64, where, tn, v);
			try_variant(f, cv, root, n, type, an_leaf(ftype, &v, (uint32_t)kl),
				    V_REPLACE, false, name);
		}
	}
	if (!budget_left(f))
		return;
	/* Wrong type: a nest given as a u32, a leaf given as a nest. */
	if (fd->kind == K_NEST) {
		snprintf(name, sizeof(name), "%s.%s as a u32", where, tn);
		try_variant(f, cv, root, n, type, an_u32((uint16_t)type, 1), V_REPLACE, false, name);
		snprintf(name, sizeof(name), "%s.%s nest of garbage", where, tn);
		try_variant(f, cv, root, n, type, an_fill(ftype, 7, 0xee), V_REPLACE, false, name);
	} else {
		snprintf(name, sizeof(name), "%s.%s as a nest", where, tn);
		try_variant(f, cv, root, n, type,
			    an_nest((uint16_t)type, an_u8(1, 1), NULL), V_REPLACE, false, name);
	}
	/* NLA_F_NESTED toggled, byte-order flag, on a value otherwise valid. */
	{
		struct an *v = known ? valid_attr(set, type) : an_fill((uint16_t)type, 4, 0);

		v->type ^= NLA_F_NESTED;
		snprintf(name, sizeof(name), "%s.%s NLA_F_NESTED toggled", where, tn);
		try_variant(f, cv, root, n, type, v, V_REPLACE, false, name);
		v = known ? valid_attr(set, type) : an_fill((uint16_t)type, 4, 0);
		v->type |= NLA_F_NET_BYTEORDER;
		snprintf(name, sizeof(name), "%s.%s NLA_F_NET_BYTEORDER", where, tn);
		try_variant(f, cv, root, n, type, v, V_REPLACE, false, name);
	}
	/* Duplicated: the existing attribute twice, or a valid one twice. */
	{
		int at = find_type(n, type);
		int cnt = n->nkid;
		struct an **saved = kids_save(n);

		if (at >= 0) {
			an_insert(n, at + 1, an_clone(n->kid[at]));
		} else {
			an_add(n, known ? valid_attr(set, type) : an_fill((uint16_t)type, 4, 0));
			an_add(n, known ? valid_attr(set, type) : an_fill((uint16_t)type, 4, 0));
		}
		snprintf(name, sizeof(name), "%s.%s duplicated", where, tn);
		send_tree(f, cv, root, name);
		kids_restore(n, saved, cnt);
	}
}

/* Broken attribute headers inside nest @n. */
static void structure_variants(struct fz *f, const struct cmdvar *cv, struct an *root,
			       struct an *n, const char *where)
{
	char name[192];
	int k, w;

	for (k = 1; k <= 3 && budget_left(f); k++) {
		struct an *raw = an_fill(0, (uint32_t)k, 0x08);

		raw->raw = true;
		snprintf(name, sizeof(name), "%s: truncated nlattr header (%d bytes) at the end", where, k);
		try_variant(f, cv, root, n, -1, raw, V_APPEND, false, name);
	}
	for (w = 0; w < 2 && n->nkid; w++) {
		int i = w ? n->nkid - 1 : 0;
		int real = (int)(4 + an_payload(n->kid[i]));
		int lens[] = { 0, 1, 3, real - 1, real + 1, real + 4, 0xffff, real + 4096 };

		for (k = 0; k < (int)ARRAY_SIZE(lens) && budget_left(f); k++) {
			struct an *c = an_clone(n->kid[i]);

			if (lens[k] < 0 || lens[k] > 0xffff)
				lens[k] = 0xfffe;
			c->force_len = lens[k];
			snprintf(name, sizeof(name), "%s: kid %d (type %u) nla_len %d (real %d)", where,
				 i, an_kind(c), lens[k], real);
			try_replace_kid(f, cv, root, n, i, c, name);
		}
	}
}

static void attrs_for_target(struct fz *f, const struct cmdvar *cv, const struct target *t)
{
	const struct seed *sd = seed_by_name(t->seed);
	struct an *root = an_clone(sd->root), *n = walk(root, t);
	char where[96];
	int type;

	if (!n) {
		an_free(root);
		return;
	}
	snprintf(where, sizeof(where), "%s %s", cv->name, t->depth ? sets[t->set].name : "top");
	for (type = 0; type <= sets[t->set].maxtype + 1 && budget_left(f); type++)
		attr_variants(f, cv, root, n, t->set, type, where);
	if (budget_left(f))
		attr_variants(f, cv, root, n, t->set, NLA_TYPE_MASK, where);
	if (budget_left(f))
		structure_variants(f, cv, root, n, where);
	an_free(root);
}

static void phase_attrs(struct fz *f, const struct cmdvar *cv)
{
	char title[96];
	unsigned int i;

	snprintf(title, sizeof(title), "attributes: %s, every attribute of every nest", cv->name);
	if (!f->dry)
		tap_phase_begin(f, title);
	if (cv->cmd == SOCKCTL_CMD_BUILD || cv->cmd == SOCKCTL_CMD_SEND) {
		for (i = 0; i < ARRAY_SIZE(targets) && budget_left(f); i++)
			attrs_for_target(f, cv, &targets[i]);
	} else {
		/* Top level only: the packet attributes, JOB_ID, unknown types. */
		struct an *root = body_for(f, cv);
		int gset = cv->cmd == SOCKCTL_CMD_JOB_GET || cv->cmd == SOCKCTL_CMD_JOB_STOP ?
			   S_JOBREQ : cv->cmd >= 1 && cv->cmd <= 6 ? S_PKT : S_NOATTR;
		int type;
		char where[64];

		snprintf(where, sizeof(where), "%s top", cv->name);
		for (type = 0; type <= sets[gset].maxtype + 1 && budget_left(f); type++)
			attr_variants(f, cv, root, root, gset, type, where);
		if (budget_left(f))
			attr_variants(f, cv, root, root, gset, NLA_TYPE_MASK, where);
		if (budget_left(f))
			structure_variants(f, cv, root, root, where);
		an_free(root);
	}
	if (!f->dry)
		tap_phase_end(f, NULL);
}

/* ------------------------------------------------------------------ */
/* Phase: documented limits                                            */
/* ------------------------------------------------------------------ */

#define ANY_ERROR	(-100000)
#define ANY_RESULT	(-100001)

static void want(struct fz *f, const char *name, uint8_t cmd, struct an *root, int want_err,
		 struct expect *out)
{
	struct req r = { .cmd = cmd, .flags = NLM_F_REQUEST | NLM_F_ACK, .root = root };
	struct expect e;
	int ret;

	ret = fuzz_req_e(f, name, &r, &e);
	if (ret <= 0 && ret != want_err && want_err != ANY_RESULT &&
	    !(want_err == ANY_ERROR && ret < 0))
		fail(f, "expected %s, got %s", want_err == ANY_ERROR ? "an error" : errname(-want_err),
		     errname(-ret));
	if (out)
		*out = e;
	an_free(root);
}

static struct an *l3_udp(int total)
{
	return tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			  an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"), NULL),
		  an_nest(SOCKCTL_A_UDP, NULL), payload(total - 28, 0), NULL);
}

static void phase_limits(struct fz *f)
{
	static const int sizes[] = { SOCKCTL_MAX_FRAME_REPLY - 4, SOCKCTL_MAX_FRAME_REPLY - 1,
				     SOCKCTL_MAX_FRAME_REPLY };
	struct expect e;
	char name[128];
	unsigned int i;
	struct an *r, *ip6;

	tap_phase_begin(f, "limits: sizes and counts at the documented limits");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		snprintf(name, sizeof(name), "BUILD IPv4/UDP datagram of %d bytes (<= SOCKCTL_MAX_FRAME_REPLY)",
			 sizes[i]);
		want(f, name, SOCKCTL_CMD_BUILD, l3_udp(sizes[i]), 0, &e);
		if (!e.bad && e.got_ack && !e.ack_err && e.frame0_len != sizes[i])
			fail(f, "frame of %d bytes returned, %d built", e.frame0_len, sizes[i]);
	}
	for (i = 1; i <= 4; i++) {
		snprintf(name, sizeof(name), "BUILD datagram of %d bytes (SOCKCTL_MAX_FRAME_REPLY + %u)",
			 SOCKCTL_MAX_FRAME_REPLY + i, i);
		want(f, name, SOCKCTL_CMD_BUILD, l3_udp(SOCKCTL_MAX_FRAME_REPLY + (int)i), -EMSGSIZE, NULL);
	}
	want(f, "BUILD datagram of 65535 bytes", SOCKCTL_CMD_BUILD, l3_udp(65535), -EMSGSIZE, NULL);
	want(f, "BUILD datagram of 65536 bytes", SOCKCTL_CMD_BUILD, l3_udp(65536), -EMSGSIZE, NULL);
	for (i = 0; i <= 1; i++) {
		uint32_t rl = SOCKCTL_MAX_FRAME_REPLY + i;
		uint8_t *raw = xcalloc(1, rl);

		raw[0] = 0x45;
		raw[16] = 10, raw[17] = 99;
		snprintf(name, sizeof(name), "BUILD raw L3 packet of %u bytes", rl);
		want(f, name, SOCKCTL_CMD_BUILD, tl(an_leaf(SOCKCTL_A_RAW, raw, rl), NULL),
		     i ? -EMSGSIZE : 0, NULL);
		free(raw);
	}
	/* A 65535-byte datagram in 8-byte fragments: 8190 frames in one reply. */
	r = l3_udp(65535);
	an_add(r, an_u16(SOCKCTL_A_FRAG_SIZE, 8));
	want(f, "BUILD 65535-byte datagram in 8-byte fragments", SOCKCTL_CMD_BUILD, r, 0, &e);
	if (!e.bad && e.got_ack && !e.ack_err && e.n_frames != 8190)
		fail(f, "%d fragments returned, 8190 expected", e.n_frames);

	/* Repeats: at most 2 VLAN tags, 8 varied fields, 8 extension headers. */
	r = tl(dev0(), an_nest(SOCKCTL_A_ETH,
			       an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_VID, 1), NULL),
			       an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_VID, 2), NULL),
			       an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_VID, 3), NULL), NULL), NULL);
	want(f, "3 VLAN tags", SOCKCTL_CMD_BUILD, r, -EINVAL, NULL);
	r = tl(dev0(), an_nest(SOCKCTL_A_ETH,
			       an_nest(SOCKCTL_A_ETH_VLAN, an_u16(SOCKCTL_A_VLAN_VID, 4095), NULL), NULL), NULL);
	want(f, "1 VLAN tag, VID 4095", SOCKCTL_CMD_BUILD, r, 0, NULL);
	r = tl(dev0(), an_nest(SOCKCTL_A_ETH,
			       an_nest(SOCKCTL_A_ETH_VLAN, an_u8(SOCKCTL_A_VLAN_PCP, 1), NULL), NULL), NULL);
	want(f, "VLAN tag without VID", SOCKCTL_CMD_BUILD, r, -EINVAL, NULL);
	for (i = 8; i <= 9; i++) {
		unsigned int k;

		r = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL), NULL);
		for (k = 0; k < i; k++)
			an_add(r, an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_ID), NULL));
		snprintf(name, sizeof(name), "%u varied fields", i);
		want(f, name, SOCKCTL_CMD_BUILD, r, i == 8 ? 0 : -EINVAL, NULL);
	}
	for (i = 8; i <= 9; i++) {
		unsigned int k;

		ip6 = an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			      an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"), NULL);
		for (k = 0; k < i; k++)
			an_add(ip6, an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 60),
					    an_fill(SOCKCTL_A_IPV6_EXT_DATA, i == 8 ? 2046 : 6, 1), NULL));
		snprintf(name, sizeof(name), "%u extension headers", i);
		want(f, name, SOCKCTL_CMD_BUILD, tl(ip6, NULL), i == 8 ? 0 : -EINVAL, NULL);
	}
	ip6 = an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
		      an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"),
		      an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 60),
			      an_fill(SOCKCTL_A_IPV6_EXT_DATA, 7, 1), NULL), NULL);
	want(f, "extension header of 9 bytes", SOCKCTL_CMD_BUILD, tl(ip6, NULL), -EINVAL, NULL);
	ip6 = an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
		      an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"),
		      an_nest(SOCKCTL_A_IPV6_EXTHDR, an_u8(SOCKCTL_A_IPV6_EXT_TYPE, 44),
			      an_fill(SOCKCTL_A_IPV6_EXT_DATA, 14, 1), NULL), NULL);
	want(f, "fragment header with 14 bytes of data", SOCKCTL_CMD_BUILD, tl(ip6, NULL), -EINVAL, NULL);

	/* Options. */
	r = tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
		       an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"),
		       an_fill(SOCKCTL_A_IPV4_OPTIONS, 40, 1), NULL), NULL);
	want(f, "40 bytes of IPv4 options", SOCKCTL_CMD_BUILD, r, 0, NULL);
	r = tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
		       an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"), NULL),
	       an_nest(SOCKCTL_A_TCP, an_fill(SOCKCTL_A_TCP_OPTIONS, 40, 1), NULL), NULL);
	want(f, "40 bytes of TCP options", SOCKCTL_CMD_BUILD, r, 0, NULL);
	r = tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
		       an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"), NULL),
	       an_nest(SOCKCTL_A_TCP, an_fill(SOCKCTL_A_TCP_OPTIONS, 40, 1),
		       an_u16(SOCKCTL_A_TCP_MSS, 1), NULL), NULL);
	want(f, "40 bytes of TCP options and an MSS", SOCKCTL_CMD_BUILD, r, -EINVAL, NULL);

	/* Counts, pacing, fragment sizes (BUILD checks them too). */
	r = corpus[0].root;
	{
		static const struct { const char *n; int t; uint64_t v; int len; int err; } s[] = {
			{ "COUNT 0", SOCKCTL_A_COUNT, 0, 4, -ERANGE },
			{ "COUNT max", SOCKCTL_A_COUNT, MAX_COUNT, 4, 0 },
			{ "COUNT max+1", SOCKCTL_A_COUNT, MAX_COUNT + 1ull, 4, -ERANGE },
			{ "BURST 1024", SOCKCTL_A_BURST, 1024, 4, 0 },
			{ "BURST 1025", SOCKCTL_A_BURST, 1025, 4, -ERANGE },
			{ "INTERVAL 1h", SOCKCTL_A_INTERVAL_NS, 3600000000000ull, 8, 0 },
			{ "INTERVAL 1h+1ns", SOCKCTL_A_INTERVAL_NS, 3600000000001ull, 8, -EINVAL },
			{ "RATE_BPS 0", SOCKCTL_A_RATE_BPS, 0, 8, -EINVAL },
			{ "RATE_PPS 0", SOCKCTL_A_RATE_PPS, 0, 4, -ERANGE },
			{ "FRAG_SIZE 7", SOCKCTL_A_FRAG_SIZE, 7, 2, -ERANGE },
			{ "FRAG_SIZE 65529", SOCKCTL_A_FRAG_SIZE, 65529, 2, -ERANGE },
			{ "FRAG_SIZE 8", SOCKCTL_A_FRAG_SIZE, 8, 2, 0 },
			{ "INJECT 0", SOCKCTL_A_INJECT, 0, 1, -ERANGE },
			{ "INJECT 4", SOCKCTL_A_INJECT, 4, 1, -ERANGE },
			{ "IFINDEX 0", SOCKCTL_A_IFINDEX, 0, 4, -ERANGE },
		};

		for (i = 0; i < ARRAY_SIZE(s); i++) {
			struct an *c = an_clone(r);

			unlink_type(c, s[i].t);
			an_add(c, an_leaf((uint16_t)s[i].t, &s[i].v, (uint32_t)s[i].len));
			snprintf(name, sizeof(name), "BUILD with %s", s[i].n);
			want(f, name, SOCKCTL_CMD_BUILD, c, s[i].err, NULL);
		}
	}
	want(f, "RATE_PPS and INTERVAL together", SOCKCTL_CMD_BUILD,
	     tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		an_u32(SOCKCTL_A_RATE_PPS, 1), an_u64(SOCKCTL_A_INTERVAL_NS, 1), NULL), -EINVAL, NULL);
	want(f, "FRAG_SIZE without IPv4", SOCKCTL_CMD_BUILD,
	     tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"), NULL),
		an_u16(SOCKCTL_A_FRAG_SIZE, 64), NULL), -EINVAL, NULL);
	want(f, "empty RAW", SOCKCTL_CMD_BUILD, tl(an_leaf(SOCKCTL_A_RAW, NULL, 0), NULL), -EINVAL, NULL);
	want(f, "raw L2 frame of 13 bytes", SOCKCTL_CMD_BUILD,
	     tl(dev0(), an_fill(SOCKCTL_A_RAW, 13, 0), NULL), -EINVAL, NULL);
	want(f, "raw L3 IPv4 of 19 bytes", SOCKCTL_CMD_BUILD,
	     tl(an_leaf(SOCKCTL_A_RAW, "\x45\0\0\x13\0\0\0\0\x40\x11\0\0\x0a\x62\0\x01\x0a\x63\0", 19),
		NULL), -EINVAL, NULL);
	want(f, "L2 without a device", SOCKCTL_CMD_BUILD,
	     tl(an_u8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L2),
		an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL), NULL),
	     -EINVAL, NULL);
	want(f, "ARP and IPv4 together", SOCKCTL_CMD_BUILD,
	     tl(dev0(), an_nest(SOCKCTL_A_ARP, an_ip4(SOCKCTL_A_ARP_TPA, "10.98.0.2"), NULL),
		an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL), NULL),
	     -EINVAL, NULL);
	want(f, "ICMP over IPv6", SOCKCTL_CMD_BUILD,
	     tl(an_nest(SOCKCTL_A_IPV6, an_ip6(SOCKCTL_A_IPV6_SADDR, "fd98::1"),
			an_ip6(SOCKCTL_A_IPV6_DADDR, "fd99::1"), NULL),
		an_nest(SOCKCTL_A_ICMP, NULL), NULL), -EINVAL, NULL);
	want(f, "IHL past the datagram at L3", SOCKCTL_CMD_BUILD,
	     tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			an_ip4(SOCKCTL_A_IPV4_DADDR, "10.99.0.1"), an_u8(SOCKCTL_A_IPV4_IHL, 15), NULL),
		NULL), -EINVAL, NULL);
	want(f, "vary range above the field's maximum", SOCKCTL_CMD_BUILD,
	     tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_IPV4_ID),
			an_u32(SOCKCTL_A_VARY_TO, 65536), NULL), NULL), -EINVAL, NULL);
	want(f, "vary of a layer not in the packet", SOCKCTL_CMD_BUILD,
	     tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		an_nest(SOCKCTL_A_VARY, an_u32(SOCKCTL_A_VARY_FIELD, SOCKCTL_FIELD_TCP_SEQ), NULL),
		NULL), -EINVAL, NULL);

	/* The device's MTU at L2 (fz0: 1500). */
	r = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
	       an_nest(SOCKCTL_A_UDP, NULL), payload(1500 - 28, 0), NULL);
	want(f, "SEND L2 datagram of exactly the MTU", SOCKCTL_CMD_SEND, r, 0, NULL);
	r = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
	       an_nest(SOCKCTL_A_UDP, NULL), payload(1501 - 28, 0), NULL);
	want(f, "SEND L2 datagram of MTU+1", SOCKCTL_CMD_SEND, r, -EMSGSIZE, NULL);
	r = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
	       an_nest(SOCKCTL_A_UDP, NULL), payload(3000, 0), an_u16(SOCKCTL_A_FRAG_SIZE, 1480), NULL);
	want(f, "SEND L2 datagram of 3028 bytes in 1480-byte fragments", SOCKCTL_CMD_SEND, r, 0, NULL);
	want(f, "SEND to a device that does not exist", SOCKCTL_CMD_SEND,
	     tl(an_str(SOCKCTL_A_IFNAME, "nonexistent0"),
		an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL), NULL),
	     -ENODEV, NULL);
	want(f, "IFNAME and IFINDEX naming different devices", SOCKCTL_CMD_SEND,
	     tl(dev0(), an_u32(SOCKCTL_A_IFINDEX, 1),
		an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL), NULL),
	     -EINVAL, NULL);

	/* Commands around jobs. */
	want(f, "GET_INFO with an attribute", SOCKCTL_CMD_GET_INFO,
	     tl(an_u32(SOCKCTL_A_JOB_ID, 1), NULL), -EINVAL, NULL);
	want(f, "STATS_GET with an attribute", SOCKCTL_CMD_STATS_GET,
	     tl(an_u32(SOCKCTL_A_INFO_FAMILY_VERSION, 1), NULL), -EINVAL, NULL);
	want(f, "JOB_GET without JOB_ID", SOCKCTL_CMD_JOB_GET, NULL, -EINVAL, NULL);
	want(f, "JOB_STOP without JOB_ID", SOCKCTL_CMD_JOB_STOP, NULL, -EINVAL, NULL);
	want(f, "JOB_GET of a job that does not exist", SOCKCTL_CMD_JOB_GET,
	     tl(an_u32(SOCKCTL_A_JOB_ID, 0xfffffff0u), NULL), -ENOENT, NULL);
	want(f, "JOB_STOP of a job that does not exist", SOCKCTL_CMD_JOB_STOP,
	     tl(an_u32(SOCKCTL_A_JOB_ID, 0xfffffff0u), NULL), -ENOENT, NULL);
	tap_phase_end(f, NULL);
}

/* ------------------------------------------------------------------ */
/* Phase: random mutations of the corpus                               */
/* ------------------------------------------------------------------ */

struct slot {
	struct an *parent;
	int index;
	int set;	/* of the parent's kids */
};

static int collect_slots(struct an *n, int set, struct slot *s, int max, int cnt)
{
	int i;

	for (i = 0; i < n->nkid && cnt < max; i++) {
		const struct fdef *fd;

		s[cnt].parent = n;
		s[cnt].index = i;
		s[cnt].set = set;
		cnt++;
		if (n->kid[i]->nest && !n->kid[i]->raw) {
			fd = fdef_of(set, an_kind(n->kid[i]));
			cnt = collect_slots(n->kid[i], fd->kind == K_NEST ? fd->set : set, s, max, cnt);
		}
	}
	return cnt;
}

static struct an *random_subtree(void)
{
	struct slot s[256];
	const struct seed *sd = &corpus[rnd((uint32_t)n_corpus)];
	int n = collect_slots(sd->root, S_PKT, s, 256, 0);

	if (!n)
		return an_u32(SOCKCTL_A_COUNT, 1);
	n = (int)rnd((uint32_t)n);
	return an_clone(s[n].parent->kid[s[n].index]);
}

static const uint64_t interesting[] = {
	0, 1, 2, 3, 4, 6, 7, 8, 14, 15, 16, 20, 40, 41, 63, 64, 127, 128, 255, 256,
	1023, 1024, 1025, 1500, 4095, 4096, 8191, 8192, 32767, 32768, 65503, 65504,
	65527, 65528, 65529, 65534, 65535, 65536, 0xfffff, 0x100000, 100000000,
	100000001, 0x7fffffff, 0x80000000u, 0xfffffffeu, 0xffffffffu,
	3600000000000ull, 3600000000001ull, 0x7fffffffffffffffull, 0xffffffffffffffffull,
};

static void mutate_leaf(struct an *k, const struct fdef *fd)
{
	uint32_t len;
	uint64_t v;

	switch (rnd(7)) {
	case 0:		/* truncate */
		k->len = k->len ? rnd(k->len) : 0;
		break;
	case 1:		/* extend with random bytes */
		len = k->len + 1 + rnd(12);
		k->data = xrealloc(k->data, len);
		rnd_bytes(k->data + k->len, len - k->len);
		k->len = len;
		break;
	case 2:		/* a boundary value of the right size */
	case 3:
		v = interesting[rnd(ARRAY_SIZE(interesting))];
		if (fd->kind == K_NONE || !k->len || k->len > 8 || rnd(4) == 0) {
			if (fd->ranged)
				v = rnd(2) ? fd->min + rnd(2) - 1 : fd->max + rnd(2);
		}
		if (fd->ranged && rnd(2))
			v = rnd(2) ? fd->min - rnd(2) : fd->max + rnd(2);
		len = kind_len(fd->kind) > 0 ? (uint32_t)kind_len(fd->kind) : (k->len && k->len <= 8 ? k->len : 4);
		k->data = xrealloc(k->data, len ? len : 1);
		memcpy(k->data, &v, len);
		k->len = len;
		break;
	case 4:		/* random bytes */
		rnd_bytes(k->data, k->len);
		break;
	case 5:		/* a binary of some interesting length */
		len = (uint32_t)interesting[rnd(20)];
		k->data = xrealloc(k->data, len ? len : 1);
		memset(k->data, (int)rnd(256), len);
		k->len = len;
		break;
	default:	/* flip a bit */
		if (k->len)
			k->data[rnd(k->len)] ^= (uint8_t)(1u << rnd(8));
		break;
	}
}

/* A value for @fd that its policy accepts: random, or one of its bounds. */
static struct an *typed_attr(int set, int type)
{
	static const char *const names[] = { "fz0", "fz1", "lo", "fzt6", "nope0" };
	const struct fdef *fd = fdef_of(set, type);
	uint8_t buf[1500];
	uint64_t v, lo, hi;
	uint32_t len;

	switch (fd->kind) {
	case K_U8: case K_U16: case K_U32: case K_U64: {
		int kl = kind_len(fd->kind);
		uint64_t tmax = kl == 8 ? UINT64_MAX : (1ull << (8 * kl)) - 1;

		lo = fd->ranged ? fd->min : 0;
		hi = fd->ranged ? fd->max : tmax;
		switch (rnd(4)) {
		case 0: v = lo; break;
		case 1: v = hi; break;
		case 2: v = interesting[rnd(ARRAY_SIZE(interesting))]; break;
		default: v = rnd64(); break;
		}
		if (v < lo || v > hi)
			v = lo + (hi - lo == UINT64_MAX ? rnd64() : rnd64() % (hi - lo + 1));
		return an_leaf((uint16_t)type, &v, (uint32_t)kl);
	}
	case K_FLAG:
		return an_flag((uint16_t)type);
	case K_BIN:
		lo = fd->min;
		hi = fd->max < sizeof(buf) ? fd->max : (chance(10) ? sizeof(buf) : 64);
		len = (uint32_t)(lo + rnd((uint32_t)(hi - lo + 1)));
		rnd_bytes(buf, len);
		if (chance(30))
			memset(buf, chance(50) ? 0 : 0xff, len);
		return an_leaf((uint16_t)type, buf, len);
	case K_NSTR:
		return an_str((uint16_t)type, names[rnd(ARRAY_SIZE(names))]);
	case K_NEST: {
		/* The same nest from a seed that has one, else empty. */
		int i, tries;

		for (tries = 0; tries < 8; tries++) {
			const struct seed *sd = &corpus[rnd((uint32_t)n_corpus)];

			for (i = 0; i < sd->root->nkid; i++)
				if (an_kind(sd->root->kid[i]) == type && set == S_PKT)
					return an_clone(sd->root->kid[i]);
		}
		return an_new((uint16_t)(type | NLA_F_NESTED), true);
	}
	}
	return NULL;
}

/*
 * One mutation the policies accept (the request still reaches the
 * handler, where the rules between attributes are): a value changed
 * within its range, an attribute added with a valid value, one removed.
 */
static const char *mutate_valid(struct an *root, int set)
{
	struct slot s[512];
	int n = collect_slots(root, set, s, 512, 0), op = (int)rnd(4), t;
	struct slot *sl;
	struct an *p, *k;

	if (!n || op == 0) {
		/* add an attribute with a valid value, top level or in a nest */
		struct slot *at = n ? &s[rnd((uint32_t)n)] : NULL;
		int pset = set;

		p = root;
		if (at && at->parent->kid[at->index]->nest && chance(60)) {
			const struct fdef *fd = fdef_of(at->set, an_kind(at->parent->kid[at->index]));

			if (fd->kind == K_NEST) {
				p = at->parent->kid[at->index];
				pset = fd->set;
			}
		}
		t = 1 + (int)rnd((uint32_t)sets[pset].maxtype);
		k = typed_attr(pset, t);
		if (!k)
			return "noop";
		if (chance(70))
			unlink_and_free_type(p, t);
		an_add(p, k);
		return "add";
	}
	sl = &s[rnd((uint32_t)n)];
	p = sl->parent;
	k = p->kid[sl->index];
	if (op == 1) {
		an_del(p, sl->index);
		return "remove";
	}
	t = an_kind(k);
	if (fdef_of(sl->set, t)->kind == K_NEST && op == 2)
		return "noop";
	{
		struct an *v = typed_attr(sl->set, t);

		if (!v)
			return "noop";
		v->type = k->type;
		an_free(k);
		p->kid[sl->index] = v;
	}
	return "value";
}

/* One structural mutation of a tree; returns its name. */
static const char *mutate_tree(struct an *root, int set)
{
	struct slot s[512];
	int n = collect_slots(root, set, s, 512, 0), op = (int)rnd(12);
	struct slot *sl;
	struct an *k, *p;
	const struct fdef *fd;

	if (!n || op == 0) {
		struct slot *t = n ? &s[rnd((uint32_t)n)] : NULL;

		p = t && t->parent->kid[t->index]->nest && chance(50) ? t->parent->kid[t->index] : root;
		an_insert(p, (int)rnd((uint32_t)p->nkid + 1), random_subtree());
		return "splice";
	}
	sl = &s[rnd((uint32_t)n)];
	p = sl->parent;
	k = p->kid[sl->index];
	fd = fdef_of(sl->set, an_kind(k));
	switch (op) {
	case 1:
		an_del(p, sl->index);
		return "delete";
	case 2:
		an_insert(p, sl->index + 1, an_clone(k));
		return "duplicate";
	case 3:
		k->type = (uint16_t)((k->type & ~NLA_TYPE_MASK) |
				     (chance(80) ? rnd((uint32_t)sets[sl->set].maxtype + 3) : rnd(0x4000)));
		return "retype";
	case 4:
		k->type ^= chance(80) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
		return "flags";
	case 5:
	case 6:
	case 7:
		if (k->nest) {
			an_insert(k, (int)rnd((uint32_t)k->nkid + 1), random_subtree());
			return "splice-in";
		}
		mutate_leaf(k, fd);
		return "leaf";
	case 8: {
		struct slot *o = &s[rnd((uint32_t)n)];
		struct an *tmp = o->parent->kid[o->index];

		if (o->parent == p) {
			p->kid[o->index] = k;
			p->kid[sl->index] = tmp;
			return "swap";
		}
		return "noop";
	}
	case 9: {
		int lens[] = { 0, 1, 2, 3, 5, 0xffff };
		int real = (int)(4 + an_payload(k));

		k->force_len = rnd(3) ? real + (int)rnd(9) - 4 : lens[rnd(ARRAY_SIZE(lens))];
		if (k->force_len < 0)
			k->force_len = 0;
		if (k->force_len > 0xffff)
			k->force_len = 0xffff;
		return "nla_len";
	}
	case 10: {
		struct an *raw = an_fill(0, 1 + rnd(7), 0);

		raw->raw = true;
		rnd_bytes(raw->data, raw->len);
		an_insert(p, (int)rnd((uint32_t)p->nkid + 1), raw);
		return "junk";
	}
	default:
		if (k->nest && k->nkid) {
			/* unwrap: the nest's kids move to its parent */
			struct an *c = an_clone(k);
			int i;

			an_del(p, sl->index);
			for (i = 0; i < c->nkid; i++)
				an_insert(p, sl->index + i, an_clone(c->kid[i]));
			an_free(c);
			return "unwrap";
		}
		{
			struct an *w = an_new((uint16_t)(rnd((uint32_t)sets[sl->set].maxtype + 2) |
						     NLA_F_NESTED), true);

			an_add(w, an_clone(k));
			an_del(p, sl->index);
			an_insert(p, sl->index, w);
			return "wrap";
		}
	}
}

static uint32_t mutate_bytes(uint8_t *buf, uint32_t len)
{
	uint32_t lo = NLMSG_HDRLEN + GENL_HDRLEN, pos, n;

	if (len <= lo)
		return len;
	switch (rnd(6)) {
	case 0:
		pos = lo + rnd(len - lo);
		buf[pos] ^= (uint8_t)(1u << rnd(8));
		break;
	case 1:
		pos = lo + rnd(len - lo);
		buf[pos] = (uint8_t)interesting[rnd(20)];
		break;
	case 2:
		pos = lo + rnd(len - lo - 1 ? len - lo - 1 : 1);
		if (pos + 2 <= len) {
			uint16_t v = (uint16_t)interesting[rnd(ARRAY_SIZE(interesting))];

			memcpy(buf + pos, &v, 2);
		}
		break;
	case 3:		/* delete a chunk */
		pos = lo + rnd(len - lo);
		n = 1 + rnd(len - pos < 16 ? len - pos : 16);
		memmove(buf + pos, buf + pos + n, len - pos - n);
		len -= n;
		break;
	case 4:		/* insert a chunk of the message itself */
		if (len + 16 < SNDMAX) {
			pos = lo + rnd(len - lo);
			n = 1 + rnd(16);
			memmove(buf + pos + n, buf + pos, len - pos);
			memmove(buf + pos, buf + lo + rnd(len - lo > n ? len - lo - n : 1), n);
			len += n;
		}
		break;
	default:	/* truncate */
		len = lo + rnd(len - lo);
		break;
	}
	return len;
}

static void phase_mutate(struct fz *f, uint64_t count, uint64_t seed)
{
	uint64_t k;
	char title[96];

	snprintf(title, sizeof(title), "mutations: random mutations of the valid corpus (seed %" PRIu64 ")",
		 seed);
	tap_phase_begin(f, title);
	rng_state = seed ^ 0x6d75746174650000ull;
	for (k = 0; k < count && budget_left(f); k++) {
		struct req r = { .flags = NLM_F_REQUEST | NLM_F_ACK };
		char name[160];
		const char *ops[6];
		int nops = 1 + (int)rnd(4), i, set, base = (int)rnd(100);
		bool valid_only;
		uint32_t len;

		if (base < 88) {
			const struct seed *sd = &corpus[rnd((uint32_t)n_corpus)];

			r.cmd = (sd->use & C_SEND) && rnd(2) ? SOCKCTL_CMD_SEND : SOCKCTL_CMD_BUILD;
			r.root = an_clone(sd->root);
			snprintf(name, sizeof(name), "%s %s:", r.cmd == SOCKCTL_CMD_SEND ? "SEND" : "BUILD",
				 sd->name);
		} else {
			struct req o = other_seed((int)rnd(5));

			r = o;
			if (!r.root)
				r.root = top();
			snprintf(name, sizeof(name), "cmd %u%s:", r.cmd, r.flags & NLM_F_DUMP ? " dump" : "");
		}
		if (chance(3))
			r.cmd = (uint8_t)(chance(70) ? 1 + rnd(6) : rnd(256));
		set = cmd_set(r.cmd);
		valid_only = false;
		if (set == S_NOATTR)
			set = S_PKT;
		valid_only = chance(50);
		if (valid_only)
			strncat(name, " [valid]", sizeof(name) - strlen(name) - 1);
		for (i = 0; i < nops; i++) {
			ops[i] = valid_only ? mutate_valid(r.root, set) : mutate_tree(r.root, set);
			strncat(name, " ", sizeof(name) - strlen(name) - 1);
			strncat(name, ops[i], sizeof(name) - strlen(name) - 1);
		}
		if (!valid_only && chance(3)) {
			r.flags = (uint16_t)(chance(50) ? r.flags ^ (1u << rnd(16)) : rnd(0x10000));
			strncat(name, " nlflags", sizeof(name) - strlen(name) - 1);
		}
		if (!valid_only && chance(2)) {
			r.reserved = (uint16_t)rnd(0x10000);
			strncat(name, " reserved", sizeof(name) - strlen(name) - 1);
		}
		if (an_excess(r.root, false) || an_payload(r.root) + 64 > SNDMAX) {
			an_free(r.root);
			k--;
			continue;
		}
		len = req_ser(f, &r, msgbuf);
		if (!valid_only && chance(30)) {
			int nb = 1 + (int)rnd(3);

			for (i = 0; i < nb; i++)
				len = mutate_bytes(msgbuf, len);
			((struct nlmsghdr *)msgbuf)->nlmsg_len = len;
			strncat(name, " bytes", sizeof(name) - strlen(name) - 1);
		}
		if (!valid_only && chance(2)) {
			((struct nlmsghdr *)msgbuf)->nlmsg_len = (uint32_t)(len + rnd(9) - 4);
			strncat(name, " nlmsg_len", sizeof(name) - strlen(name) - 1);
		}
		fuzz_msg(f, name, msgbuf, len, NULL);
		an_free(r.root);
		if (f->only && f->idx >= f->only)
			break;
	}
	tap_phase_end(f, NULL);
}

/* ------------------------------------------------------------------ */
/* Phase: job life cycle races                                         */
/* ------------------------------------------------------------------ */

static struct an *job_desc(uint32_t count, uint32_t size, int kind)
{
	struct an *r;

	if (kind == 0)
		r = tl(dev0(), an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_DADDR, "10.98.0.2"), NULL),
		       an_nest(SOCKCTL_A_UDP, NULL), payload((int)size, 0), NULL);
	else
		r = tl(an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.98.0.1"),
			       an_ip4(SOCKCTL_A_IPV4_DADDR, kind == 1 ? "10.99.0.1" : "10.98.0.2"), NULL),
		       an_nest(SOCKCTL_A_UDP, NULL), payload((int)size, 0), NULL);
	an_add(r, an_u32(SOCKCTL_A_COUNT, count));
	return r;
}

/* Start a job; 0 and its id, or the error. */
static int start_job(struct fz *f, struct an *root, uint32_t *id)
{
	struct req r = { .cmd = SOCKCTL_CMD_SEND, .flags = NLM_F_REQUEST | NLM_F_ACK, .root = root };
	struct expect e;
	int ret;

	ret = aux_req(f, &r, &e);
	an_free(root);
	*id = e.job_id;
	if (ret == 0 && !e.job_id)
		return -ENODATA;
	return ret;
}

static int running_jobs(struct fz *f)
{
	struct jobinfo jobs[64];
	int n, i, running = 0;

	n = dump_jobs(f, jobs, 64);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		running += jobs[i].state == SOCKCTL_JOB_RUNNING;
	return running;
}

static void wait_no_running(struct fz *f)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (running_jobs(f) <= 0)
			return;
		usleep(50000);
	}
	stop_all_jobs(f, NULL);
}

static void fresh_netns(struct fz *f);

/*
 * With no job running, 16 paced jobs start, a 17th gets EBUSY, and once
 * they are stopped there is room again: the running-job count is right.
 */
static void capacity_check(struct fz *f, const char *after)
{
	uint32_t ids[MAX_JOBS + 1];
	int i, ret;

	stop_all_jobs(f, NULL);
	wait_no_running(f);
	for (i = 0; i < MAX_JOBS + 1; i++) {
		struct an *d = job_desc(1000000, 64, 0);

		an_add(d, an_u32(SOCKCTL_A_RATE_PPS, 10));
		an_add(d, an_flag(SOCKCTL_A_BACKGROUND));
		ret = start_job(f, d, &ids[i]);
		f->phase_sent++;
		if (i < MAX_JOBS && ret) {
			fail(f, "%s: job %d of %d refused (%s) with %d running: the module lost count "
			     "of its running jobs", after, i + 1, MAX_JOBS, errname(-ret), running_jobs(f));
			ids[i] = 0;
		}
		if (i == MAX_JOBS) {
			if (ret != -EBUSY)
				fail(f, "%s: a 17th job: %s, not EBUSY", after, errname(-ret));
			if (!ret)
				stop_job(f, ids[i], NULL);
		}
	}
	for (i = 0; i < MAX_JOBS; i++)
		if (ids[i])
			stop_job(f, ids[i], NULL);
	{
		struct an *d = job_desc(1000000, 64, 0);

		an_add(d, an_u32(SOCKCTL_A_RATE_PPS, 10));
		an_add(d, an_flag(SOCKCTL_A_BACKGROUND));
		ret = start_job(f, d, &ids[0]);
		if (ret)
			fail(f, "%s: no job starts after all were stopped: %s", after, errname(-ret));
		else
			stop_job(f, ids[0], NULL);
	}
}

static void phase_jobs(struct fz *f, uint64_t seed, int rounds)
{
	int i, ret;

	rng_state = seed ^ 0x6a6f627300000000ull;

	/* JOB_STOP while the job is finishing on its own. */
	fresh_netns(f);
	tap_phase_begin(f, "jobs: JOB_STOP racing with the end of the job");
	f->cname = "jobs: start a background job, JOB_STOP it at once";
	for (i = 0; i < rounds; i++) {
		struct an *d = job_desc(1 + rnd(600), rnd(1400), (int)rnd(3));
		uint32_t id;
		uint8_t state = 0;

		if (chance(30))
			an_add(d, an_u32(SOCKCTL_A_RATE_PPS, 20000 + rnd(200000)));
		an_add(d, an_flag(SOCKCTL_A_BACKGROUND));
		ret = start_job(f, d, &id);
		f->phase_sent++;
		if (ret == -EBUSY) {
			fail(f, "after %d jobs started and stopped, SEND fails with EBUSY while %d jobs run: "
			     "the module lost count of its running jobs", i, running_jobs(f));
			break;
		}
		if (ret) {
			fail(f, "SEND of a background job failed: %s", errname(-ret));
			continue;
		}
		if (chance(70))
			usleep(rnd(4000));
		ret = stop_job(f, id, &state);
		f->phase_sent++;
		if (ret)
			fail(f, "JOB_STOP %u: %s", id, errname(-ret));
	}
	if (check_stopped_states(f) > 0)
		fail(f, "jobs changed state after JOB_STOP reported their end");
	if (!f->phase_fail)
		capacity_check(f, "after the stop races");
	tap_phase_end(f, NULL);

	/* Jobs whose socket closes while they finish. */
	fresh_netns(f);
	tap_phase_begin(f, "jobs: the starting socket closed as the job ends");
	f->cname = "jobs: start a job on a socket, close it";
	for (i = 0; i < rounds / 4; i++) {
		struct mnl_socket *nl2 = mnl_socket_open(NETLINK_GENERIC);
		int saved_fd = f->fd;
		uint32_t saved_port = f->portid, id;
		int one = 1;

		if (!nl2 || mnl_socket_bind(nl2, 0, MNL_SOCKET_AUTOPID) < 0) {
			fail(f, "second socket: %s", strerror(errno));
			break;
		}
		setsockopt(mnl_socket_get_fd(nl2), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
		setsockopt(mnl_socket_get_fd(nl2), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
		f->fd = mnl_socket_get_fd(nl2);
		f->portid = mnl_socket_get_portid(nl2);
		ret = start_job(f, job_desc(INLINE_MAX + 1 + rnd(1200), rnd(600), (int)rnd(2)), &id);
		if (ret == -EBUSY) {
			/*
			 * 16 jobs of closed sockets still finishing their batch:
			 * wait for one to end (the count is checked below).
			 */
			int w;

			for (w = 0; running_jobs(f) >= MAX_JOBS && w < f->timeout * 10; w++)
				usleep(100000);
			ret = start_job(f, job_desc(INLINE_MAX + 1 + rnd(1200), rnd(600),
						    (int)rnd(2)), &id);
		}
		f->fd = saved_fd;
		f->portid = saved_port;
		f->phase_sent++;
		if (chance(70))
			usleep(rnd(4000));
		mnl_socket_close(nl2);
		if (ret)
			fail(f, "SEND of a job on a second socket: %s", errname(-ret));
		if (f->phase_fail)
			break;
	}
	/* Every one of those jobs must stop now that its socket is gone. */
	for (i = 0; i < f->timeout * 10 && running_jobs(f) > 0; i++)
		usleep(100000);
	if (running_jobs(f) > 0)
		fail(f, "%d jobs still run %.0f s after the sockets that started them were closed",
		     running_jobs(f), f->timeout);
	else
		capacity_check(f, "after the socket-close races");
	tap_phase_end(f, NULL);

	/* The limit in a namespace where nothing happened yet. */
	fresh_netns(f);
	tap_phase_begin(f, "jobs: 16 jobs run at once, a 17th is refused");
	f->cname = "jobs: 17 paced background jobs";
	capacity_check(f, "in a new namespace");
	tap_phase_end(f, NULL);
}

/* ------------------------------------------------------------------ */
/* Phase: devices with other link layers                               */
/* ------------------------------------------------------------------ */

static void phase_devices(struct fz *f)
{
	struct expect e;

	if (!f->have_tnl) {
		if (f->dry)
			return;
		tap_result(f, "devices: L2 frame on a device with 16-byte hardware addresses", true,
			   "no ip6tnl device with a neighbour (ip6_tunnel module?)");
		return;
	}
	tap_phase_begin(f, "devices: L2 frame on a device with 16-byte hardware addresses");
	/* Refusing the device is fine; a frame must be the one described. */
	want(f, "BUILD L2 on ip6tnl fzt6 to a neighbour with a 16-byte address",
	     SOCKCTL_CMD_BUILD,
	     tl(an_str(SOCKCTL_A_IFNAME, "fzt6"),
		an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.97.0.1"),
			an_ip4(SOCKCTL_A_IPV4_DADDR, "10.97.0.2"), NULL),
		an_nest(SOCKCTL_A_UDP, NULL), NULL), ANY_RESULT, &e);
	if (e.got_ack && !e.ack_err && (e.frame0_len != 14 + 28 || e.frame0_l3 != 14))
		fail(f, "frame of %d bytes with L3 at %d, expected 42 and 14: the neighbour's "
		     "16-byte address overflowed the 6-byte Ethernet destination",
		     e.frame0_len, e.frame0_l3);
	tap_phase_end(f, NULL);
}

/* ------------------------------------------------------------------ */
/* Network namespaces: each group of phases gets a fresh one           */
/* ------------------------------------------------------------------ */

static bool own_netns;

static int open_genl(struct fz *f)
{
	int one = 1, rcvbuf = 8 << 20, sndbuf = 1 << 20;

	f->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!f->nl || mnl_socket_bind(f->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	f->fd = mnl_socket_get_fd(f->nl);
	f->portid = mnl_socket_get_portid(f->nl);
	setsockopt(f->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(f->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (setsockopt(f->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(f->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (setsockopt(f->fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf)))
		setsockopt(f->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	return 0;
}

static void free_corpus(void)
{
	int i;

	for (i = 0; i < n_corpus; i++)
		an_free(corpus[i].root);
	n_corpus = 0;
}

/*
 * Leave the current namespace (its jobs stopped and checked first; it is
 * dismantled once our socket is closed) for a new one set up as the first:
 * a phase that breaks the module's state of a namespace does not spoil
 * the next ones.  Does nothing with -x.
 */
static void fresh_netns(struct fz *f)
{
	if (!own_netns || f->dry)
		return;
	stop_all_jobs(f, NULL);
	wait_no_running(f);
	if (check_stopped_states(f) > 0)
		fail(f, "jobs changed state after JOB_STOP reported their end");
	f->n_stopped = 0;
	mnl_socket_close(f->nl);
	f->nl = NULL;
	if (unshare(CLONE_NEWNET) || open_genl(f) || net_setup(f)) {
		printf("Bail out! a new network namespace could not be set up: %s\n", strerror(errno));
		exit(2);
	}
	free_corpus();
	build_corpus(f);
	f->ebusy_reported = false;
}

/* ------------------------------------------------------------------ */
/* Main                                                                */
/* ------------------------------------------------------------------ */

static int resolve_family(struct fz *f)
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

static int replay_file(struct fz *f, const char *path)
{
	FILE *in = fopen(path, "r");
	uint8_t *buf = xmalloc(SNDMAX);
	size_t len;

	if (!in) {
		fprintf(stderr, "nlfuzz: %s: %s\n", path, strerror(errno));
		free(buf);
		return -1;
	}
	len = fread(buf, 1, SNDMAX, in);
	fclose(in);
	if (len >= NLMSG_HDRLEN)
		((struct nlmsghdr *)buf)->nlmsg_type = family_id;
	f->phase = "replay";
	fuzz_msg(f, path, buf, (uint32_t)len, NULL);
	free(buf);
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: nlfuzz [-n N] [-s SEED] [-q] [-v] [-t SEC] [-k INDEX] [-x] [-K] [-P] [-d DIR]\n"
		"              [-j ROUNDS] [-r FILE]...\n"
		"Fuzz the sockctl generic netlink family; print TAP.\n"
		"  -n N       messages to send (default 20000)\n"
		"  -s SEED    seed of the random phase (default 1); same seed, same messages\n"
		"  -q         quiet: only TAP lines, the first failures and the summary\n"
		"  -v         print every message and its expected outcome\n"
		"  -t SEC     time to wait for a reply (default 20)\n"
		"  -k INDEX   send only message INDEX of the run (to reproduce a failure)\n"
		"  -x         stay in the current network namespace (default: new ones)\n"
		"  -K         log phases and progress to /dev/kmsg (to match kernel splats)\n"
		"  -P         after each job SEND started, check a new job can still start\n"
		"  -d DIR     save every failing message in DIR (for -r)\n"
		"  -j ROUNDS  rounds of the job race phases (default 200; 0 skips them)\n"
		"  -r FILE    send the raw message in FILE (saved by -d) and check the reply\n");
}

int main(int argc, char **argv)
{
	struct fz fz = { .timeout = 20, .budget = 20000, .max_fail_print = 50 };
	struct fz *f = &fz;
	uint64_t seed = 1, quota;
	bool new_netns = true;
	const char *replay[16];
	int n_replay = 0, jobs_rounds = 200, opt, i;
	struct utsname un;
	pthread_t wd;
	double t0;

	while ((opt = getopt(argc, argv, "n:s:qvt:k:xKd:j:r:Ph")) != -1) {
		switch (opt) {
		case 'n': f->budget = strtoull(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'q': opt_quiet = true; break;
		case 'v': opt_verbose = true; break;
		case 't': f->timeout = atof(optarg); break;
		case 'k': f->only = strtoull(optarg, NULL, 0); break;
		case 'x': new_netns = false; break;
		case 'K': opt_kmsg = true; break;
		case 'P': opt_probe = true; break;
		case 'd': f->save_dir = optarg; break;
		case 'j': jobs_rounds = atoi(optarg); break;
		case 'r':
			if (n_replay < (int)ARRAY_SIZE(replay))
				replay[n_replay++] = optarg;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (opt_quiet)
		f->max_fail_print = 20;
	watchdog_limit = f->timeout * 6 > 120 ? f->timeout * 6 : 120;
	uname(&un);
	snprintf(kernel_release, sizeof(kernel_release), "%s", un.release);
	if (opt_kmsg)
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);

	printf("TAP version 13\n");
	own_netns = new_netns;
	if (new_netns && unshare(CLONE_NEWNET)) {
		printf("not ok 1 setup: unshare(CLONE_NEWNET): %s (run as root, or -x)\n", strerror(errno));
		printf("1..1\n");
		return 2;
	}
	if (open_genl(f)) {
		printf("not ok 1 setup: generic netlink socket: %s\n1..1\n", strerror(errno));
		return 2;
	}
	f->seq = 1000;
	if (resolve_family(f) || !family_id) {
		printf("not ok 1 setup: generic netlink family \"%s\" not found (is sockctl.ko loaded?)\n1..1\n",
		       SOCKCTL_FAMILY_NAME);
		return 2;
	}
	msgbuf = xmalloc(SNDMAX + 4096);
	ensure_rbuf(f, MSGBUF);
	rng_state = seed;
	if (net_setup(f)) {
		printf("not ok 1 setup: dummy devices fz0/fz1 could not be created\n1..1\n");
		return 2;
	}
	pthread_create(&wd, NULL, watchdog, f);
	pthread_detach(wd);
	build_corpus(f);
	tap_result(f, "setup: family resolved, test devices and routes ready", true, NULL);
	printf("# family id %u version %u, %d seeds, kernel %s, netns %s\n", family_id, f->version,
	       n_corpus, kernel_release, new_netns ? "private" : "current");
	kmsg("start: seed %" PRIu64 ", %" PRIu64 " messages", seed, f->budget);

	if (n_replay) {
		for (i = 0; i < n_replay; i++)
			replay_file(f, replay[i]);
		tap_result(f, "replay", f->failures == 0, NULL);
		goto summary;
	}

	t0 = now_s();
	f->fixed = true;
	phase_sanity(f);
	f->fixed = false;

	/*
	 * Count the messages of the systematic phases (sampled if they would
	 * take more than half of what is left) and of the fixed ones (always
	 * sent); the random mutations get the rest of -n.
	 */
	{
		uint64_t start = f->idx, fixed_rest, n_dev;
		unsigned int c;

		f->dry = true;
		rng_state = seed ^ 0x686472;
		phase_headers(f);
		for (c = 0; c < ARRAY_SIZE(cmdvars); c++)
			phase_attrs(f, &cmdvars[c]);
		f->sys_den = f->idx - start;
		phase_limits(f);
		n_dev = f->idx;
		phase_devices(f);
		n_dev = f->idx - n_dev;
		fixed_rest = f->idx - start - f->sys_den;
		f->dry = false;
		f->idx = start;
		quota = f->budget > f->gen + fixed_rest ? (f->budget - f->gen - fixed_rest) / 2 : 0;
		f->sys_num = quota < f->sys_den ? quota : f->sys_den;
		f->sys_start = start;
		f->sys = true;
		rng_state = seed ^ 0x686472;
		phase_headers(f);
		for (c = 0; c < ARRAY_SIZE(cmdvars); c++)
			phase_attrs(f, &cmdvars[c]);
		f->sys = false;
		fresh_netns(f);
		f->fixed = true;
		phase_limits(f);
		f->fixed = false;
		fresh_netns(f);
		phase_mutate(f, f->budget > f->gen + n_dev ? f->budget - f->gen - n_dev : 0, seed);
		if (!f->only && jobs_rounds > 0)
			phase_jobs(f, seed, jobs_rounds);
		fresh_netns(f);
		f->fixed = true;
		phase_devices(f);
		f->fixed = false;
	}

	/* Final: every job stopped, the family still answers. */
	if (!f->only) {
		int running = 0;

		tap_phase_begin(f, "final: all jobs stopped, GET_INFO still answers");
		f->cname = "final";
		if (stop_all_jobs(f, &running))
			fail(f, "JOB_GET dump failed");
		wait_no_running(f);
		if (check_stopped_states(f) > 0)
			fail(f, "jobs changed state after JOB_STOP reported their end");
		{
			struct req r = { .cmd = SOCKCTL_CMD_GET_INFO, .flags = NLM_F_REQUEST | NLM_F_ACK };

			if (aux_req(f, &r, NULL))
				fail(f, "GET_INFO does not answer");
		}
		tap_phase_end(f, NULL);
	}
	{
		double dt = now_s() - t0;

		printf("# %" PRIu64 " messages in %.1f s: %.0f messages/s\n", f->sent, dt,
		       dt > 0 ? f->sent / dt : 0);
	}
summary:
	printf("# sent %" PRIu64 ", ok %" PRIu64 ", errors by errno:", f->sent, f->ok);
	for (i = 1; i < N_ERRNO; i++)
		if (f->errs[i])
			printf(" %s %" PRIu64, errname(i), f->errs[i]);
	printf("; no reply (as predicted) %" PRIu64 ", auxiliary %" PRIu64 ", errno differing from the model %"
	       PRIu64 ", failures %" PRIu64 "\n", f->silent, f->aux, f->errno_mismatch, f->failures);
	if (f->local_errors)
		printf("# %" PRIu64 " messages could not be sent (sendto failed)\n", f->local_errors);
	printf("1..%d\n", f->n_tap);
	kmsg("end: %" PRIu64 " sent, %" PRIu64 " failures", f->sent, f->failures);
	fflush(stdout);
	return f->tap_fail || f->failures ? 1 : 0;
}
