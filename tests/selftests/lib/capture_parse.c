// SPDX-License-Identifier: GPL-2.0
/*
 * The capture nests decoded, and what their counters say; see
 * capture_parse.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "capture_parse.h"

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

void cap_parse_info(const struct nlattr *nest, struct cap_info *ci)
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

int cap_parse_packet(const struct nlattr *nest, struct cap_packet *p)
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
