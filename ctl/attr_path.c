// SPDX-License-Identifier: GPL-2.0
/*
 * Name an attribute of a request we sent by the offset the kernel's extended
 * ACK gives (NLMSGERR_ATTR_OFFS): walk the request and print the path to it,
 * "ipv4.ttl" or "eth.vlan[1].vid", so an error points at a field rather than
 * at byte 52.  One name table per attribute set of uapi/linux/sockctl.h;
 * the names are the enum's, lower case, and are also the names `build -j`
 * and the man page use.
 */
#include <string.h>

#include "sockctl.h"

/* Sized by the enum, so a name too many fails to build and none reads past. */
#define NAMES(max, ...) ((const char *const [(max) + 1]){ NULL, __VA_ARGS__ })
#define NESTED(max, ...) ((const struct attr_set *const [(max) + 1]){ __VA_ARGS__ })

static const struct attr_set vlan_attrs = {
	.names = NAMES(SOCKCTL_A_VLAN_MAX,
		       "tpid", "pcp", "dei", "vid"),
	.max = SOCKCTL_A_VLAN_MAX,
};

static const struct attr_set eth_attrs = {
	.names = NAMES(SOCKCTL_A_ETH_MAX,
		       "dst", "src", "proto", "vlan"),
	.max = SOCKCTL_A_ETH_MAX,
	.nested = NESTED(SOCKCTL_A_ETH_MAX, [SOCKCTL_A_ETH_VLAN] = &vlan_attrs),
	.repeatable = BIT(SOCKCTL_A_ETH_VLAN),
};

static const struct attr_set arp_attrs = {
	.names = NAMES(SOCKCTL_A_ARP_MAX,
		       "htype", "ptype", "hlen", "plen", "op", "sha",
		       "spa", "tha", "tpa"),
	.max = SOCKCTL_A_ARP_MAX,
};

static const struct attr_set ipv4_attrs = {
	.names = NAMES(SOCKCTL_A_IPV4_MAX,
		       "version", "ihl", "tos", "dscp", "ecn", "tot_len",
		       "id", "flags", "frag_off", "ttl", "protocol", "checksum",
		       "saddr", "daddr", "options"),
	.max = SOCKCTL_A_IPV4_MAX,
};

static const struct attr_set ipv6_ext_attrs = {
	.names = NAMES(SOCKCTL_A_IPV6_EXT_MAX,
		       "type", "data"),
	.max = SOCKCTL_A_IPV6_EXT_MAX,
};

static const struct attr_set ipv6_attrs = {
	.names = NAMES(SOCKCTL_A_IPV6_MAX,
		       "version", "tclass", "flowlabel", "payload_len",
		       "nexthdr", "hoplimit", "saddr", "daddr", "exthdr"),
	.max = SOCKCTL_A_IPV6_MAX,
	.nested = NESTED(SOCKCTL_A_IPV6_MAX,
			 [SOCKCTL_A_IPV6_EXTHDR] = &ipv6_ext_attrs),
	.repeatable = BIT(SOCKCTL_A_IPV6_EXTHDR),
};

static const struct attr_set tcp_attrs = {
	.names = NAMES(SOCKCTL_A_TCP_MAX,
		       "sport", "dport", "seq", "ack_seq", "doff",
		       "reserved", "flags", "window", "checksum", "urg_ptr",
		       "options", "mss", "wscale", "sack_perm", "ts_val",
		       "ts_ecr"),
	.max = SOCKCTL_A_TCP_MAX,
};

static const struct attr_set udp_attrs = {
	.names = NAMES(SOCKCTL_A_UDP_MAX,
		       "sport", "dport", "len", "checksum"),
	.max = SOCKCTL_A_UDP_MAX,
};

static const struct attr_set icmp_attrs = {
	.names = NAMES(SOCKCTL_A_ICMP_MAX,
		       "type", "code", "checksum", "id", "seq", "rest",
		       "quote"),
	.max = SOCKCTL_A_ICMP_MAX,
};

static const struct attr_set vary_attrs = {
	.names = NAMES(SOCKCTL_A_VARY_MAX,
		       "field", "mode", "from", "to", "step"),
	.max = SOCKCTL_A_VARY_MAX,
};

static const struct attr_set frame_attrs = {
	.names = NAMES(SOCKCTL_A_FRAME_MAX,
		       "data", "l3_offset", "l4_offset", "payload_offset"),
	.max = SOCKCTL_A_FRAME_MAX,
};

static const struct attr_set stats_attrs = {
	.names = NAMES(SOCKCTL_A_STATS_MAX,
		       "pad", "packets", "bytes", "errors", "jobs",
		       "last_error", "captures", "captured", "capture_drops"),
	.max = SOCKCTL_A_STATS_MAX,
};

static const struct attr_set job_attrs = {
	.names = NAMES(SOCKCTL_A_JOB_MAX,
		       "pad", "job_id", "state", "count", "error",
		       "stats", "elapsed_ns"),
	.max = SOCKCTL_A_JOB_MAX,
	.nested = NESTED(SOCKCTL_A_JOB_MAX, [SOCKCTL_A_JOB_STATS] = &stats_attrs),
};

static const struct attr_set capture_attrs = {
	.names = NAMES(SOCKCTL_A_CAPTURE_MAX,
		       "pad", "id", "direction", "snaplen", "count", "filter",
		       "queue_len", "flush_us", "ifindex", "portid",
		       "filter_len", "matched", "delivered", "drops_queue",
		       "drops_socket", "drops_nomem", "queued", "messages",
		       "elapsed_ns", "end_reason"),
	.max = SOCKCTL_A_CAPTURE_MAX,
};

static const struct attr_set packet_attrs = {
	.names = NAMES(SOCKCTL_A_PACKET_MAX,
		       "pad", "seq", "tstamp_ns", "ifindex", "ifname",
		       "direction", "pkttype", "protocol", "orig_len", "data",
		       "vlan_tci", "vlan_tpid"),
	.max = SOCKCTL_A_PACKET_MAX,
};

const struct attr_set sockctl_attrs = {
	.names = NAMES(SOCKCTL_A_MAX,
		       "pad", "eth", "arp", "ipv4", "ipv6", "tcp", "udp",
		       "icmp", "icmpv6", "payload", "raw", "inject", "ifindex",
		       "ifname", "count", "interval_ns", "rate_pps",
		       "rate_bps", "burst", "vary", "frag_size", "background",
		       "frame", "job_id", "job", "stats", "capture", "packet"),
	.max = SOCKCTL_A_MAX,
	.nested = NESTED(SOCKCTL_A_MAX,
		[SOCKCTL_A_ETH] = &eth_attrs,
		[SOCKCTL_A_ARP] = &arp_attrs,
		[SOCKCTL_A_IPV4] = &ipv4_attrs,
		[SOCKCTL_A_IPV6] = &ipv6_attrs,
		[SOCKCTL_A_TCP] = &tcp_attrs,
		[SOCKCTL_A_UDP] = &udp_attrs,
		[SOCKCTL_A_ICMP] = &icmp_attrs,
		[SOCKCTL_A_ICMPV6] = &icmp_attrs,
		[SOCKCTL_A_VARY] = &vary_attrs,
		[SOCKCTL_A_FRAME] = &frame_attrs,
		[SOCKCTL_A_JOB] = &job_attrs,
		[SOCKCTL_A_STATS] = &stats_attrs,
		[SOCKCTL_A_CAPTURE] = &capture_attrs,
		[SOCKCTL_A_PACKET] = &packet_attrs),
	.repeatable = BIT(SOCKCTL_A_VARY) | BIT(SOCKCTL_A_FRAME) |
		      BIT(SOCKCTL_A_PACKET),
};

static const struct attr_set *nested_set(const struct attr_set *set, int type)
{
	return set->nested && type <= set->max ? set->nested[type] : NULL;
}

/* Append ".name" (or "name" first), with "[i]" for a repeated attribute. */
static void append_name(char *buf, size_t size, const struct attr_set *set,
			int type, int index)
{
	size_t len = strlen(buf);
	const char *sep = len ? "." : "";

	if (type > 0 && type <= set->max && set->names[type])
		snprintf(buf + len, size - len, "%s%s", sep, set->names[type]);
	else
		snprintf(buf + len, size - len, "%sattr%d", sep, type);
	if (type < 64 && (set->repeatable & BIT(type))) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "[%d]", index);
	}
}

/*
 * Find the attribute at offset target (from the start of the message) in
 * the attributes [head, head + len) of set; append its path to buf and
 * return the attribute set it opens (or set itself for a leaf), NULL if
 * nothing starts at target.
 */
static const struct attr_set *walk(const struct nlmsghdr *nlh,
				   const struct attr_set *set,
				   struct nlattr *head, int len,
				   unsigned int target, char *buf, size_t size)
{
	int counts[64] = { 0 };
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, head, len, rem) {
		unsigned int off = (unsigned int)((char *)a - (char *)nlh);
		int type = nla_type(a);
		int index = type < 64 ? counts[type]++ : 0;
		const struct attr_set *inner = nested_set(set, type);

		if (target < off || target >= off + NLA_ALIGN(a->nla_len))
			continue;
		append_name(buf, size, set, type, index);
		if (target == off)
			return inner ? inner : set;
		if (inner && target >= off + NLA_HDRLEN)
			return walk(nlh, inner, nla_data(a), nla_len(a), target,
				    buf, size);
		return NULL;	/* inside a leaf: not an attribute boundary */
	}
	return NULL;
}

static const struct attr_set *find(const struct nlmsghdr *nlh,
				   unsigned int offset, char *buf, size_t size)
{
	struct nlattr *head = (struct nlattr *)((char *)nlmsg_data(nlh) + GENL_HDRLEN);
	int len = (int)nlh->nlmsg_len - (int)((char *)head - (char *)nlh);

	buf[0] = '\0';
	if (len <= 0)
		return NULL;
	return walk(nlh, &sockctl_attrs, head, len, offset, buf, size);
}

/* The path of the attribute at offset; 0, or -1 (buf "") if none starts there. */
int attr_path_at(const struct nlmsghdr *nlh, unsigned int offset,
		 char *buf, size_t size)
{
	if (!find(nlh, offset, buf, size)) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}

/*
 * The path of a required attribute the kernel found missing: type in the
 * nest at nest_offset (NLMSGERR_ATTR_MISS_NEST), or at the top if it is -1.
 */
int attr_path_missing(const struct nlmsghdr *nlh, int nest_offset, int type,
		      char *buf, size_t size)
{
	const struct attr_set *set = &sockctl_attrs;

	buf[0] = '\0';
	if (nest_offset >= 0) {
		set = find(nlh, (unsigned int)nest_offset, buf, size);
		if (!set || set == &sockctl_attrs) {
			buf[0] = '\0';
			return -1;
		}
	}
	/* A repeatable type's index is unknown here: name it without one. */
	append_name(buf, size, &(struct attr_set){ .names = set->names,
			.max = set->max }, type, 0);
	return 0;
}
