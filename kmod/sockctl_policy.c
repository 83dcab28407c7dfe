// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink policies of the sockctl family, one table per attribute set of
 * uapi/linux/sockctl.h.  The generic netlink core validates every request
 * against these strictly before a handler runs, so the handlers only check
 * what a policy cannot express (cross-field rules): see sockctl_desc.c,
 * which parses the nests again with the same tables.
 */
#include <linux/filter.h>
#include <linux/if.h>

#include "sockctl.h"
#include "sockctl_capture.h"

/*
 * Policy min/max are s16: wider ranges need a range table (not const:
 * 6.1's struct nla_policy points to it without const).
 */
static struct netlink_range_validation sockctl_flowlabel_range = {
	.max = 0xfffff,
};

static struct netlink_range_validation sockctl_count_range = {
	.min = 1,
	.max = SOCKCTL_MAX_COUNT,
};

static struct netlink_range_validation sockctl_frag_size_range = {
	.min = 8,
	.max = 65528,
};

const struct nla_policy sockctl_vlan_policy[SOCKCTL_A_VLAN_MAX + 1] = {
	[SOCKCTL_A_VLAN_TPID]	= { .type = NLA_U16 },
	[SOCKCTL_A_VLAN_PCP]	= NLA_POLICY_MAX(NLA_U8, 7),
	[SOCKCTL_A_VLAN_DEI]	= NLA_POLICY_MAX(NLA_U8, 1),
	[SOCKCTL_A_VLAN_VID]	= NLA_POLICY_MAX(NLA_U16, 4095),
};

const struct nla_policy sockctl_eth_policy[SOCKCTL_A_ETH_MAX + 1] = {
	[SOCKCTL_A_ETH_DST]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[SOCKCTL_A_ETH_SRC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[SOCKCTL_A_ETH_PROTO]	= { .type = NLA_U16 },
	[SOCKCTL_A_ETH_VLAN]	= NLA_POLICY_NESTED(sockctl_vlan_policy),
};

const struct nla_policy sockctl_arp_policy[SOCKCTL_A_ARP_MAX + 1] = {
	[SOCKCTL_A_ARP_HTYPE]	= { .type = NLA_U16 },
	[SOCKCTL_A_ARP_PTYPE]	= { .type = NLA_U16 },
	[SOCKCTL_A_ARP_HLEN]	= { .type = NLA_U8 },
	[SOCKCTL_A_ARP_PLEN]	= { .type = NLA_U8 },
	[SOCKCTL_A_ARP_OP]	= { .type = NLA_U16 },
	[SOCKCTL_A_ARP_SHA]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[SOCKCTL_A_ARP_SPA]	= NLA_POLICY_EXACT_LEN(4),
	[SOCKCTL_A_ARP_THA]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[SOCKCTL_A_ARP_TPA]	= NLA_POLICY_EXACT_LEN(4),
};

const struct nla_policy sockctl_ipv4_policy[SOCKCTL_A_IPV4_MAX + 1] = {
	[SOCKCTL_A_IPV4_VERSION]  = NLA_POLICY_MAX(NLA_U8, 15),
	[SOCKCTL_A_IPV4_IHL]	  = NLA_POLICY_MAX(NLA_U8, 15),
	[SOCKCTL_A_IPV4_TOS]	  = { .type = NLA_U8 },
	[SOCKCTL_A_IPV4_DSCP]	  = NLA_POLICY_MAX(NLA_U8, 63),
	[SOCKCTL_A_IPV4_ECN]	  = NLA_POLICY_MAX(NLA_U8, 3),
	[SOCKCTL_A_IPV4_TOT_LEN]  = { .type = NLA_U16 },
	[SOCKCTL_A_IPV4_ID]	  = { .type = NLA_U16 },
	[SOCKCTL_A_IPV4_FLAGS]	  = NLA_POLICY_MAX(NLA_U8, 7),
	[SOCKCTL_A_IPV4_FRAG_OFF] = NLA_POLICY_MAX(NLA_U16, 8191),
	[SOCKCTL_A_IPV4_TTL]	  = { .type = NLA_U8 },
	[SOCKCTL_A_IPV4_PROTOCOL] = { .type = NLA_U8 },
	[SOCKCTL_A_IPV4_CHECKSUM] = { .type = NLA_U16 },
	[SOCKCTL_A_IPV4_SADDR]	  = NLA_POLICY_EXACT_LEN(4),
	[SOCKCTL_A_IPV4_DADDR]	  = NLA_POLICY_EXACT_LEN(4),
	[SOCKCTL_A_IPV4_OPTIONS]  = NLA_POLICY_RANGE(NLA_BINARY, 1, SOCKCTL_MAX_OPTLEN),
};

const struct nla_policy sockctl_ipv6_ext_policy[SOCKCTL_A_IPV6_EXT_MAX + 1] = {
	[SOCKCTL_A_IPV6_EXT_TYPE] = { .type = NLA_U8 },
	/* Hdr Ext Len counts 8-byte units after the first: at most 2048 bytes. */
	[SOCKCTL_A_IPV6_EXT_DATA] = NLA_POLICY_RANGE(NLA_BINARY, 6, 2046),
};

const struct nla_policy sockctl_ipv6_policy[SOCKCTL_A_IPV6_MAX + 1] = {
	[SOCKCTL_A_IPV6_VERSION]     = NLA_POLICY_MAX(NLA_U8, 15),
	[SOCKCTL_A_IPV6_TCLASS]	     = { .type = NLA_U8 },
	[SOCKCTL_A_IPV6_FLOWLABEL]   = NLA_POLICY_FULL_RANGE(NLA_U32, &sockctl_flowlabel_range),
	[SOCKCTL_A_IPV6_PAYLOAD_LEN] = { .type = NLA_U16 },
	[SOCKCTL_A_IPV6_NEXTHDR]     = { .type = NLA_U8 },
	[SOCKCTL_A_IPV6_HOPLIMIT]    = { .type = NLA_U8 },
	[SOCKCTL_A_IPV6_SADDR]	     = NLA_POLICY_EXACT_LEN(16),
	[SOCKCTL_A_IPV6_DADDR]	     = NLA_POLICY_EXACT_LEN(16),
	[SOCKCTL_A_IPV6_EXTHDR]	     = NLA_POLICY_NESTED(sockctl_ipv6_ext_policy),
};

const struct nla_policy sockctl_tcp_policy[SOCKCTL_A_TCP_MAX + 1] = {
	[SOCKCTL_A_TCP_SPORT]	  = { .type = NLA_U16 },
	[SOCKCTL_A_TCP_DPORT]	  = { .type = NLA_U16 },
	[SOCKCTL_A_TCP_SEQ]	  = { .type = NLA_U32 },
	[SOCKCTL_A_TCP_ACK_SEQ]	  = { .type = NLA_U32 },
	[SOCKCTL_A_TCP_DOFF]	  = NLA_POLICY_MAX(NLA_U8, 15),
	[SOCKCTL_A_TCP_RESERVED]  = NLA_POLICY_MAX(NLA_U8, 15),
	[SOCKCTL_A_TCP_FLAGS]	  = { .type = NLA_U8 },
	[SOCKCTL_A_TCP_WINDOW]	  = { .type = NLA_U16 },
	[SOCKCTL_A_TCP_CHECKSUM]  = { .type = NLA_U16 },
	[SOCKCTL_A_TCP_URG_PTR]	  = { .type = NLA_U16 },
	[SOCKCTL_A_TCP_OPTIONS]	  = NLA_POLICY_RANGE(NLA_BINARY, 1, SOCKCTL_MAX_OPTLEN),
	[SOCKCTL_A_TCP_MSS]	  = { .type = NLA_U16 },
	[SOCKCTL_A_TCP_WSCALE]	  = NLA_POLICY_MAX(NLA_U8, 14),
	[SOCKCTL_A_TCP_SACK_PERM] = { .type = NLA_FLAG },
	[SOCKCTL_A_TCP_TS_VAL]	  = { .type = NLA_U32 },
	[SOCKCTL_A_TCP_TS_ECR]	  = { .type = NLA_U32 },
};

const struct nla_policy sockctl_udp_policy[SOCKCTL_A_UDP_MAX + 1] = {
	[SOCKCTL_A_UDP_SPORT]	 = { .type = NLA_U16 },
	[SOCKCTL_A_UDP_DPORT]	 = { .type = NLA_U16 },
	[SOCKCTL_A_UDP_LEN]	 = { .type = NLA_U16 },
	[SOCKCTL_A_UDP_CHECKSUM] = { .type = NLA_U16 },
};

const struct nla_policy sockctl_icmp_policy[SOCKCTL_A_ICMP_MAX + 1] = {
	[SOCKCTL_A_ICMP_TYPE]	  = { .type = NLA_U8 },
	[SOCKCTL_A_ICMP_CODE]	  = { .type = NLA_U8 },
	[SOCKCTL_A_ICMP_CHECKSUM] = { .type = NLA_U16 },
	[SOCKCTL_A_ICMP_ID]	  = { .type = NLA_U16 },
	[SOCKCTL_A_ICMP_SEQ]	  = { .type = NLA_U16 },
	[SOCKCTL_A_ICMP_REST]	  = { .type = NLA_U32 },
	[SOCKCTL_A_ICMP_QUOTE]	  = { .type = NLA_BINARY, .len = SOCKCTL_MAX_PACKET },
};

const struct nla_policy sockctl_vary_policy[SOCKCTL_A_VARY_MAX + 1] = {
	[SOCKCTL_A_VARY_FIELD]	= NLA_POLICY_RANGE(NLA_U32, SOCKCTL_FIELD_IPV4_ID,
						   SOCKCTL_FIELD_ICMP_SEQ),
	[SOCKCTL_A_VARY_MODE]	= NLA_POLICY_RANGE(NLA_U8, SOCKCTL_VARY_INC,
						   SOCKCTL_VARY_RANDOM),
	[SOCKCTL_A_VARY_FROM]	= { .type = NLA_U32 },
	[SOCKCTL_A_VARY_TO]	= { .type = NLA_U32 },
	[SOCKCTL_A_VARY_STEP]	= NLA_POLICY_MIN(NLA_U32, 1),
};

/* SOCKCTL_CMD_BUILD and SOCKCTL_CMD_SEND. */
const struct nla_policy sockctl_packet_policy[SOCKCTL_A_MAX + 1] = {
	[SOCKCTL_A_ETH]		= NLA_POLICY_NESTED(sockctl_eth_policy),
	[SOCKCTL_A_ARP]		= NLA_POLICY_NESTED(sockctl_arp_policy),
	[SOCKCTL_A_IPV4]	= NLA_POLICY_NESTED(sockctl_ipv4_policy),
	[SOCKCTL_A_IPV6]	= NLA_POLICY_NESTED(sockctl_ipv6_policy),
	[SOCKCTL_A_TCP]		= NLA_POLICY_NESTED(sockctl_tcp_policy),
	[SOCKCTL_A_UDP]		= NLA_POLICY_NESTED(sockctl_udp_policy),
	[SOCKCTL_A_ICMP]	= NLA_POLICY_NESTED(sockctl_icmp_policy),
	[SOCKCTL_A_ICMPV6]	= NLA_POLICY_NESTED(sockctl_icmp_policy),
	[SOCKCTL_A_PAYLOAD]	= { .type = NLA_BINARY, .len = SOCKCTL_MAX_PACKET },
	[SOCKCTL_A_RAW]		= { .type = NLA_BINARY, .len = SOCKCTL_MAX_PACKET },
	[SOCKCTL_A_INJECT]	= NLA_POLICY_RANGE(NLA_U8, SOCKCTL_INJECT_L2,
						   SOCKCTL_INJECT_RX),
	[SOCKCTL_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[SOCKCTL_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[SOCKCTL_A_COUNT]	= NLA_POLICY_FULL_RANGE(NLA_U32, &sockctl_count_range),
	[SOCKCTL_A_INTERVAL_NS]	= { .type = NLA_U64 },
	[SOCKCTL_A_RATE_PPS]	= NLA_POLICY_MIN(NLA_U32, 1),
	[SOCKCTL_A_RATE_BPS]	= { .type = NLA_U64 },
	[SOCKCTL_A_BURST]	= NLA_POLICY_RANGE(NLA_U32, 1, SOCKCTL_MAX_BURST),
	[SOCKCTL_A_VARY]	= NLA_POLICY_NESTED(sockctl_vary_policy),
	[SOCKCTL_A_FRAG_SIZE]	= NLA_POLICY_FULL_RANGE(NLA_U16, &sockctl_frag_size_range),
	[SOCKCTL_A_BACKGROUND]	= { .type = NLA_FLAG },
};

/* SOCKCTL_CMD_JOB_GET and SOCKCTL_CMD_JOB_STOP. */
const struct nla_policy sockctl_job_policy[SOCKCTL_A_MAX + 1] = {
	[SOCKCTL_A_JOB_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
};

static struct netlink_range_validation sockctl_snaplen_range = {
	.min = 1,
	.max = SOCKCTL_MAX_FRAME_REPLY,
};

static struct netlink_range_validation sockctl_queue_len_range = {
	.min = 1,
	.max = SOCKCTL_CAPTURE_QUEUE_MAX,
};

static struct netlink_range_validation sockctl_flush_us_range = {
	.min = 1,
	.max = SOCKCTL_CAPTURE_FLUSH_MAX,
};

/* SOCKCTL_A_CAPTURE of SOCKCTL_CMD_CAPTURE_START: the session's settings. */
static const struct nla_policy
sockctl_capture_settings_policy[SOCKCTL_A_CAPTURE_MAX + 1] = {
	[SOCKCTL_A_CAPTURE_DIRECTION]	= NLA_POLICY_RANGE(NLA_U8, SOCKCTL_CAPTURE_IN,
							   SOCKCTL_CAPTURE_BOTH),
	[SOCKCTL_A_CAPTURE_SNAPLEN]	= NLA_POLICY_FULL_RANGE(NLA_U32,
								&sockctl_snaplen_range),
	[SOCKCTL_A_CAPTURE_COUNT]	= { .type = NLA_U64 },
	/* Empty or not whole instructions: refused by the handler. */
	[SOCKCTL_A_CAPTURE_FILTER]	= { .type = NLA_BINARY,
					    .len = BPF_MAXINSNS * sizeof(struct sock_filter) },
	[SOCKCTL_A_CAPTURE_QUEUE_LEN]	= NLA_POLICY_FULL_RANGE(NLA_U32,
								&sockctl_queue_len_range),
	[SOCKCTL_A_CAPTURE_FLUSH_US]	= NLA_POLICY_FULL_RANGE(NLA_U32,
								&sockctl_flush_us_range),
};

/* SOCKCTL_A_CAPTURE of SOCKCTL_CMD_CAPTURE_GET/_STOP: just the id. */
static const struct nla_policy
sockctl_capture_id_nest_policy[SOCKCTL_A_CAPTURE_MAX + 1] = {
	[SOCKCTL_A_CAPTURE_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
};

/* SOCKCTL_CMD_CAPTURE_START. */
const struct nla_policy sockctl_capture_start_policy[SOCKCTL_A_MAX + 1] = {
	[SOCKCTL_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[SOCKCTL_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[SOCKCTL_A_CAPTURE]	= NLA_POLICY_NESTED(sockctl_capture_settings_policy),
};

/* SOCKCTL_CMD_CAPTURE_GET and SOCKCTL_CMD_CAPTURE_STOP. */
const struct nla_policy sockctl_capture_id_policy[SOCKCTL_A_MAX + 1] = {
	[SOCKCTL_A_CAPTURE]	= NLA_POLICY_NESTED(sockctl_capture_id_nest_policy),
};
