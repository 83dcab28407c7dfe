// SPDX-License-Identifier: GPL-2.0
/*
 * Naming the attribute the kernel's extended ACK points at: its path in our
 * request ("ipv4.ttl") and the words that made it ("ttl 0").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netlink.h>

#include "unit.h"

static unsigned int offset_of(struct parsed *p, const char *path)
{
	struct nlattr *a = find_attr(p->msg, path);

	return a ? (unsigned int)((char *)a - (char *)nlmsg_hdr(p->msg)) : 0;
}

static const struct { const char *line, *path, *words; } cases[] = {
	{ "ip dst 10.0.0.2 ttl 5 tcp dport 80", "ipv4.ttl", "ttl 5" },
	{ "ip dst 10.0.0.2 ttl 5 tcp dport 80", "tcp.dport", "dport 80" },
	{ "ip dst 10.0.0.2 ttl 5 tcp dport 80", "tcp", "tcp dport 80" },
	{ "eth vlan 1 vlan 2 pcp 3 ip dst 10.0.0.2", "eth.vlan[1].pcp", "vlan 2 pcp 3" },
	{ "eth vlan 1 vlan 2 pcp 3 ip dst 10.0.0.2", "eth.vlan[0].vid", "vlan 1" },
	{ "ip dst 10.0.0.2 udp sport 1000-2000 random", "vary[0].from", "sport 1000-2000 random" },
	{ "ip dst 10.0.0.2 udp sport 1000-2000 random", "udp.sport", "sport 1000-2000 random" },
	{ "count 5 ip dst 10.0.0.2", "count", "count 5" },
	{ "ip dst 10.0.0.2 interval 10ms", "interval_ns", "interval 10ms" },
	{ "ip dst 10.0.0.2 df mf", "ipv4.flags", "ip dst 10.0.0.2 df mf" },
	{ "ip6 dst ::1 ext hbh hex 000000000000", "ipv6.exthdr[0].data",
	  "ext hbh hex 000000000000" },
	{ "ip dst 10.0.0.2 payload text a hex 00", "payload", "payload text a hex 00" },
	{ "rx dev veth1 ip dst 10.0.0.2", "inject", "rx" },
	{ "ip dst 10.0.0.2 tcp opt hex ''", "tcp.options", "opt hex ''" },
	{ "ip dst 10.0.0.2 payload hex 'de ad'", "payload", "payload hex 'de ad'" },
};

static void test_paths(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct parsed p;
		unsigned int off;
		char path[128], words[256];
		const char *w;

		parse_line(&p, cases[i].line);
		off = offset_of(&p, cases[i].path);
		check(off && !attr_path_at(nlmsg_hdr(p.msg), off, path, sizeof(path)) &&
		      !strcmp(path, cases[i].path),
		      "extack path: the attribute at offset %u of '%s' is %s", off,
		      cases[i].line, cases[i].path);
		w = desc_origin_words(&p.res, off, words, sizeof(words));
		if (!check(w && !strcmp(w, cases[i].words), "extack words: %s came from \"%s\"",
			   cases[i].path, cases[i].words))
			printf("# got \"%s\"\n", w ? w : "(none)");
		parsed_free(&p);
	}
}

static void test_edges(void)
{
	struct parsed p;
	char path[128];
	unsigned int off;

	parse_line(&p, "ip dst 10.0.0.2 ttl 5");
	off = offset_of(&p, "ipv4.ttl");
	check(attr_path_at(nlmsg_hdr(p.msg), off + 2, path, sizeof(path)) == -1 &&
	      !path[0], "extack path: an offset inside a value names nothing");
	check(attr_path_at(nlmsg_hdr(p.msg), 100000, path, sizeof(path)) == -1,
	      "extack path: an offset past the message names nothing");
	check(!attr_path_missing(nlmsg_hdr(p.msg), (int)offset_of(&p, "ipv4"),
				 SOCKCTL_A_IPV4_DADDR, path, sizeof(path)) &&
	      !strcmp(path, "ipv4.daddr"),
	      "extack missing: a type in the nest at MISS_NEST -> ipv4.daddr");
	check(!attr_path_missing(nlmsg_hdr(p.msg), -1, SOCKCTL_A_IPV4, path,
				 sizeof(path)) && !strcmp(path, "ipv4"),
	      "extack missing: without MISS_NEST, a top-level type");
	check(!attr_path_missing(nlmsg_hdr(p.msg), -1, 200, path, sizeof(path)) &&
	      !strcmp(path, "attr200"),
	      "extack missing: an unknown type is named by number");
	parsed_free(&p);
}

struct report_args {
	struct parsed *p;
	unsigned int offset;
};

static void report_in_child(void *arg)
{
	struct report_args *ra = arg;
	struct sockctl_nl nl = { .error = -EINVAL, .extack_offset = (int)ra->offset,
				 .extack_missing = -1, .extack_missing_nest = -1 };

	strcpy(nl.extack_msg, "TTL 0 is not allowed here");
	sockctl_nl_name_extack(&nl, nlmsg_hdr(ra->p->msg));
	exit(desc_report(&nl, &ra->p->res, "send"));
}

static void missing_in_child(void *arg)
{
	struct report_args *ra = arg;
	struct sockctl_nl nl = { .error = -EINVAL, .extack_offset = -1,
				 .extack_missing = SOCKCTL_A_IPV4_DADDR,
				 .extack_missing_nest = (int)ra->offset };

	strcpy(nl.extack_msg, "Missing attribute");
	sockctl_nl_name_extack(&nl, nlmsg_hdr(ra->p->msg));
	exit(sockctl_nl_report(&nl, "build"));
}

static void test_report(void)
{
	struct report_args ra;
	struct captured c;
	struct parsed p;

	parse_line(&p, "ip dst 10.0.0.2 ttl 0 udp");
	ra.p = &p;
	ra.offset = offset_of(&p, "ipv4.ttl");
	run_captured(report_in_child, &ra, &c);
	check(c.status == EXIT_REJECTED &&
	      !strcmp(c.err, "sockctl: send: Invalid argument: TTL 0 is not allowed here"
		      " (at ipv4.ttl, from \"ttl 0\")\n"),
	      "report: the kernel's reason, the attribute path and our words; exit 2");
	parsed_free(&p);

	parse_line(&p, "ip ttl 1");
	ra.p = &p;
	ra.offset = offset_of(&p, "ipv4");
	run_captured(missing_in_child, &ra, &c);
	check(c.status == EXIT_REJECTED &&
	      !strcmp(c.err, "sockctl: build: Invalid argument: Missing attribute"
		      " (missing ipv4.daddr)\n"),
	      "report: a missing attribute is named by its path");
	parsed_free(&p);
}

/* An NLMSG_ERROR with MISS_TYPE and MISS_NEST, as Linux 6.0+ sends. */
static void test_parse_miss_nest(void)
{
	char buf[256] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *err = NLMSG_DATA(nlh);
	struct nlattr *a;
	struct sockctl_nl nl;
	size_t len = NLMSG_HDRLEN + sizeof(*err);

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
	err->error = -EINVAL;
	err->msg.nlmsg_len = NLMSG_HDRLEN + 4;
	a = (struct nlattr *)(buf + len);
	a->nla_type = NLMSGERR_ATTR_MISS_TYPE;
	a->nla_len = NLA_HDRLEN + 4;
	*(uint32_t *)(a + 1) = SOCKCTL_A_IPV4_DADDR;
	len += NLA_ALIGN(a->nla_len);
	a = (struct nlattr *)(buf + len);
	a->nla_type = NLMSGERR_ATTR_MISS_NEST;
	a->nla_len = NLA_HDRLEN + 4;
	*(uint32_t *)(a + 1) = 20;
	len += NLA_ALIGN(a->nla_len);
	nlh->nlmsg_len = (uint32_t)len;
	check(sockctl_parse_extack(nlh, &nl) == 1 &&
	      nl.extack_missing == SOCKCTL_A_IPV4_DADDR && nl.extack_missing_nest == 20,
	      "extack: MISS_TYPE with MISS_NEST");
}

void test_attr_path(void)
{
	test_paths();
	test_edges();
	test_report();
	test_parse_miss_nest();
}
