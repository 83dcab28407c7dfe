// SPDX-License-Identifier: GPL-2.0
/*
 * Symbolic names of the numbers in packet headers: the command line accepts
 * them (any unique prefix, first match in table order) and `build` prints
 * them next to the numbers.  The tables are ours, not /etc/protocols, so
 * the tool says the same thing on every machine.
 */
#include <string.h>

#include "sockctl.h"

const struct name_value ether_type_names[] = {
	{ "ipv4", 0x0800 }, { "arp", 0x0806 }, { "ipv6", 0x86dd },
	{ "vlan", 0x8100 }, { "qinq", 0x88a8 }, { "rarp", 0x8035 },
	{ "mpls", 0x8847 }, { "lldp", 0x88cc },
	{ NULL, 0 },
};

const struct name_value arp_op_names[] = {
	{ "request", 1 }, { "reply", 2 },
	{ "rarp-request", 3 }, { "rarp-reply", 4 },
	{ NULL, 0 },
};

const struct name_value arp_hrd_names[] = {
	{ "ether", 1 }, { "ieee802", 6 },
	{ NULL, 0 },
};

const struct name_value ip_proto_names[] = {
	{ "icmp", 1 }, { "igmp", 2 }, { "ipip", 4 }, { "tcp", 6 },
	{ "udp", 17 }, { "ipv6", 41 }, { "rsvp", 46 }, { "gre", 47 },
	{ "esp", 50 }, { "ah", 51 }, { "icmp6", 58 }, { "none", 59 },
	{ "sctp", 132 }, { "udplite", 136 }, { "raw", 255 },
	/* Only in IPv6 next-header fields, but harmless in IPv4's protocol. */
	{ "hbh", 0 }, { "routing", 43 }, { "frag", 44 }, { "dstopt", 60 },
	{ NULL, 0 },
};

/* RFC 8200 section 4: the extension headers sockctl can add. */
const struct name_value ipv6_ext_names[] = {
	{ "hbh", 0 }, { "hop-by-hop", 0 }, { "routing", 43 },
	{ "frag", 44 }, { "fragment", 44 }, { "dstopt", 60 },
	{ NULL, 0 },
};

/* RFC 3168 section 5: the two ECN bits. */
const struct name_value ecn_names[] = {
	{ "not-ect", 0 }, { "ect1", 1 }, { "ect0", 2 }, { "ce", 3 },
	{ NULL, 0 },
};

/* RFC 2474, RFC 2597, RFC 3246, RFC 5865: common code points. */
const struct name_value dscp_names[] = {
	{ "cs0", 0 }, { "cs1", 8 }, { "af11", 10 }, { "af12", 12 },
	{ "af13", 14 }, { "cs2", 16 }, { "af21", 18 }, { "af22", 20 },
	{ "af23", 22 }, { "cs3", 24 }, { "af31", 26 }, { "af32", 28 },
	{ "af33", 30 }, { "cs4", 32 }, { "af41", 34 }, { "af42", 36 },
	{ "af43", 38 }, { "cs5", 40 }, { "voice-admit", 44 }, { "ef", 46 },
	{ "cs6", 48 }, { "cs7", 56 },
	{ NULL, 0 },
};

/* RFC 792 and the IANA registry. */
const struct name_value icmp_type_names[] = {
	{ "echo-request", 8 }, { "echo-reply", 0 }, { "dest-unreach", 3 },
	{ "source-quench", 4 }, { "redirect", 5 }, { "router-advert", 9 },
	{ "router-solicit", 10 }, { "time-exceeded", 11 },
	{ "parameter-problem", 12 }, { "timestamp", 13 },
	{ "timestamp-reply", 14 }, { "info-request", 15 },
	{ "info-reply", 16 }, { "mask-request", 17 }, { "mask-reply", 18 },
	{ NULL, 0 },
};

/* RFC 4443, RFC 4861 and RFC 2710. */
const struct name_value icmp6_type_names[] = {
	{ "echo-request", 128 }, { "echo-reply", 129 },
	{ "dest-unreach", 1 }, { "packet-too-big", 2 },
	{ "time-exceeded", 3 }, { "parameter-problem", 4 },
	{ "mld-query", 130 }, { "mld-report", 131 }, { "mld-done", 132 },
	{ "router-solicit", 133 }, { "router-advert", 134 },
	{ "neighbor-solicit", 135 }, { "neighbor-advert", 136 },
	{ "redirect", 137 },
	{ NULL, 0 },
};

static const struct name_value icmp_unreach_codes[] = {
	{ "net-unreach", 0 }, { "host-unreach", 1 }, { "proto-unreach", 2 },
	{ "port-unreach", 3 }, { "frag-needed", 4 }, { "source-route-failed", 5 },
	{ "net-unknown", 6 }, { "host-unknown", 7 }, { "net-prohibited", 9 },
	{ "host-prohibited", 10 }, { "admin-prohibited", 13 },
	{ NULL, 0 },
};

static const struct name_value icmp_redirect_codes[] = {
	{ "net", 0 }, { "host", 1 }, { "tos-net", 2 }, { "tos-host", 3 },
	{ NULL, 0 },
};

static const struct name_value time_exceeded_codes[] = {
	{ "ttl", 0 }, { "reassembly", 1 },
	{ NULL, 0 },
};

static const struct name_value icmp6_unreach_codes[] = {
	{ "no-route", 0 }, { "admin-prohibited", 1 }, { "beyond-scope", 2 },
	{ "addr-unreach", 3 }, { "port-unreach", 4 },
	{ "policy-failed", 5 }, { "reject-route", 6 },
	{ NULL, 0 },
};

static const struct name_value icmp6_param_codes[] = {
	{ "header", 0 }, { "nexthdr", 1 }, { "option", 2 },
	{ NULL, 0 },
};

/* The codes of a type that has named ones, or NULL. */
const struct name_value *icmp_code_names(bool v6, uint8_t type)
{
	if (!v6) {
		switch (type) {
		case 3:
			return icmp_unreach_codes;
		case 5:
			return icmp_redirect_codes;
		case 11:
			return time_exceeded_codes;
		}
		return NULL;
	}
	switch (type) {
	case 1:
		return icmp6_unreach_codes;
	case 3:
		return time_exceeded_codes;
	case 4:
		return icmp6_param_codes;
	}
	return NULL;
}

/* RFC 9293 section 3.1 and RFC 3168 section 6.1: bits of the flags octet. */
const struct name_value tcp_flag_names[] = {
	{ "fin", SOCKCTL_TCP_FIN }, { "syn", SOCKCTL_TCP_SYN },
	{ "rst", SOCKCTL_TCP_RST }, { "psh", SOCKCTL_TCP_PSH },
	{ "ack", SOCKCTL_TCP_ACK }, { "urg", SOCKCTL_TCP_URG },
	{ "ece", SOCKCTL_TCP_ECE }, { "cwr", SOCKCTL_TCP_CWR },
	{ NULL, 0 },
};

const struct name_value ipv4_flag_names[] = {
	{ "mf", SOCKCTL_IPV4_FLAG_MF }, { "df", SOCKCTL_IPV4_FLAG_DF },
	{ "rf", SOCKCTL_IPV4_FLAG_RF }, { "evil", SOCKCTL_IPV4_FLAG_RF },
	{ NULL, 0 },
};

const struct name_value inject_names[] = {
	{ "l2", SOCKCTL_INJECT_L2 }, { "l3", SOCKCTL_INJECT_L3 },
	{ "rx", SOCKCTL_INJECT_RX },
	{ NULL, 0 },
};

const char *name_of(const struct name_value *table, uint32_t value)
{
	for (; table->name; table++)
		if (table->value == value)
			return table->name;
	return NULL;
}

/* An exact name first, else the first name word is a prefix of. */
const struct name_value *name_lookup(const struct name_value *table,
				     const char *word)
{
	const struct name_value *t;

	for (t = table; t->name; t++)
		if (!strcmp(word, t->name))
			return t;
	for (t = table; t->name; t++)
		if (matches(word, t->name))
			return t;
	return NULL;
}

/* "echo-request, echo-reply, ..." for error messages and help. */
const char *names_join(const struct name_value *table, char *buf, size_t size)
{
	const struct name_value *t;
	size_t len = 0;

	buf[0] = '\0';
	for (t = table; t->name && len < size; t++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					t == table ? "" : ", ", t->name);
	return buf;
}
