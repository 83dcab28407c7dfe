// SPDX-License-Identifier: GPL-2.0
/*
 * send --via socket on the host: which socket each description needs and
 * why, what the report says the kernel fills in, the readback's matching
 * and comparing, the command-line hook, and one real datagram over
 * loopback (no privilege, no module).
 */
#include <arpa/inet.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "via_socket.h"

/* The tests' own addresses are local; any other is not. */
static bool fake_is_local(int family, const void *addr)
{
	static const uint8_t v4[4] = { 10, 0, 0, 1 };
	static const uint8_t v6[16] = { 0xfd, [15] = 1 };

	return family == AF_INET ? !memcmp(addr, v4, 4) : !memcmp(addr, v6, 16);
}

struct plan_case {
	const char *line;
	enum via_kind kind;
	int family;
	const char *reason;	/* a substring of it, or NULL for none */
	const char *filled;	/* must be in kernel_filled, or NULL */
	const char *not_filled;	/* must not be, or NULL */
};

#define IP "ip dst 10.0.0.2 "
#define IP6 "ip6 dst fd00::2 "
#define RAW4 "raw hex 4500001c000100004001000000000000" \
	     "0a0000020800f7ff00000000"
#define RAW6 "raw hex 6000000000083a40fd000000000000000000000000000001" \
	     "fd00000000000000000000000000000280007fff00000000"

static const struct plan_case plan_cases[] = {
	{ IP "udp dport 9 payload text hi", VIA_DGRAM, AF_INET, NULL, "udp.sport", NULL },
	{ IP "udp", VIA_DGRAM, AF_INET, NULL, "ipv4.saddr", NULL },
	{ IP "tcp dport 80", VIA_STREAM, AF_INET, NULL, "tcp.seq", NULL },
	{ IP "tcp", VIA_STREAM, AF_INET, NULL, "tcp.flags", "udp.len" },
	{ IP "ttl 5 tos 0x10 df udp", VIA_DGRAM, AF_INET, NULL, "ipv4.id", "ipv4.ttl" },
	{ IP "df udp", VIA_DGRAM, AF_INET, NULL, NULL, "ipv4.flags" },
	{ IP "udp csum 0", VIA_DGRAM, AF_INET, NULL, "udp.len", "udp.checksum" },
	{ IP "ecn ce udp", VIA_DGRAM, AF_INET, NULL, NULL, NULL },
	{ IP "proto udp udp", VIA_DGRAM, AF_INET, NULL, NULL, NULL },
	{ "ip src 10.0.0.1 dst 10.0.0.2 udp sport 4000", VIA_DGRAM, AF_INET,
	  NULL, "udp.len", "udp.sport" },
	{ "ip src 10.0.0.1 dst 10.0.0.2 tcp", VIA_STREAM, AF_INET, NULL, NULL, "ipv4.saddr" },
	{ "dev veth0 " IP "udp", VIA_DGRAM, AF_INET, NULL, NULL, NULL },
	{ "route " IP "tcp", VIA_STREAM, AF_INET, NULL, NULL, NULL },
	{ IP6 "hoplimit 3 tclass 0x20 udp dport 9", VIA_DGRAM, AF_INET6, NULL,
	  "ipv6.flowlabel", "ipv6.hoplimit" },
	{ IP6 "tcp dport 22", VIA_STREAM, AF_INET6, NULL, "ipv6.saddr", NULL },
	{ IP6 "udp csum 0", VIA_DGRAM, AF_INET6, NULL, NULL, "udp.checksum" },

	{ IP "udp csum 0x1234", VIA_RAW, AF_INET, "udp.checksum", "ipv4.checksum", NULL },
	{ IP "udp len 99", VIA_RAW, AF_INET, "udp.len", NULL, NULL },
	{ IP "id 7 udp", VIA_RAW, AF_INET, "ipv4.id", "ipv4.tot_len", "ipv4.id" },
	{ IP "csum 0xdead udp", VIA_RAW, AF_INET, "ipv4.checksum", NULL, NULL },
	{ IP "evil udp", VIA_RAW, AF_INET, "reserved (evil)", NULL, NULL },
	{ IP "mf udp", VIA_RAW, AF_INET, "MF", NULL, NULL },
	{ IP "fragoff 3 udp", VIA_RAW, AF_INET, "ipv4.frag_off", NULL, NULL },
	{ IP "ihl 6 udp", VIA_RAW, AF_INET, "ipv4.ihl", NULL, NULL },
	{ IP "version 5 udp", VIA_RAW, AF_INET, "ipv4.version", NULL, NULL },
	{ IP "len 500 udp", VIA_RAW, AF_INET, "ipv4.tot_len", NULL, NULL },
	{ IP "opt hex 01010101 tcp", VIA_RAW, AF_INET, "ipv4.options", NULL, NULL },
	{ IP "ttl 0 udp", VIA_RAW, AF_INET, "ttl is 0", NULL, NULL },
	{ IP "proto 99 udp", VIA_RAW, AF_INET, "ipv4.protocol", NULL, NULL },
	{ IP "ecn ce tcp", VIA_RAW, AF_INET, "ecn", NULL, NULL },
	{ "ip src 192.0.2.9 dst 10.0.0.2 udp", VIA_RAW, AF_INET,
	  "192.0.2.9 is not an address of this host", NULL, NULL },
	{ "ip src 0.0.0.0 dst 10.0.0.2 udp", VIA_RAW, AF_INET, "\"any\"", NULL, NULL },
	{ IP "icmp", VIA_RAW, AF_INET, "icmp is given", NULL, NULL },
	{ IP "payload text x", VIA_RAW, AF_INET, "no tcp or udp", NULL, NULL },
	{ IP "tcp flags SA", VIA_RAW, AF_INET, "tcp.flags", NULL, NULL },
	{ IP "tcp seq 5", VIA_RAW, AF_INET, "tcp.seq", NULL, NULL },
	{ IP "tcp mss 1400", VIA_RAW, AF_INET, "tcp.mss", NULL, NULL },
	{ IP "tcp win 1", VIA_RAW, AF_INET, "tcp.window", NULL, NULL },
	{ IP "tcp sport 0", VIA_RAW, AF_INET, "tcp.sport is 0", NULL, NULL },
	{ IP "udp dport 0", VIA_RAW, AF_INET, "udp.dport is 0", NULL, NULL },
	{ "frag 8 " IP "udp", VIA_RAW, AF_INET, "frag", NULL, NULL },
	{ IP6 "flowlabel 5 udp", VIA_RAW, AF_INET6, "ipv6.flowlabel", NULL, NULL },
	{ IP6 "plen 3 udp", VIA_RAW, AF_INET6, "ipv6.payload_len", NULL, NULL },
	{ IP6 "ext dstopt hex 010400000000 udp", VIA_RAW, AF_INET6, "ipv6.exthdr", NULL, NULL },
	{ IP6 "icmp6", VIA_RAW, AF_INET6, "icmp6 is given", NULL, "ipv6.saddr" },
	{ IP6 "tclass 0x03 tcp", VIA_RAW, AF_INET6, "ECN", NULL, NULL },
	{ RAW4, VIA_RAW, AF_INET, "raw bytes", "ipv4.checksum", NULL },
	{ RAW6, VIA_RAW, AF_INET6, "raw bytes", NULL, NULL },
	{ "route dev veth0 " RAW4, VIA_RAW, AF_INET, "raw bytes", NULL, NULL },

	{ "dev veth0 eth " IP "udp", VIA_PACKET, AF_PACKET, "eth is given", NULL, "ipv4.id" },
	{ "dev veth0 eth vlan 5 " IP "udp", VIA_PACKET, AF_PACKET, "eth", NULL, NULL },
	{ "dev veth0 arp tpa 10.0.0.2", VIA_PACKET, AF_PACKET, "arp is given", NULL, NULL },
	{ "via l2 dev veth0 " IP "udp", VIA_PACKET, AF_PACKET, "via l2", NULL, NULL },
	{ "dev veth0 raw hex ffffffffffff0000000000010800", VIA_PACKET, AF_PACKET,
	  "whole frame", NULL, NULL },
};

static bool has_name(const struct via_names *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], name))
			return true;
	return false;
}

static bool plan_line(const char *line, struct via_plan *plan, char *err,
		      size_t errlen, struct parsed *p)
{
	parse_line(p, line);
	return !via_plan_make(p->msg, &p->res, fake_is_local, plan, err, errlen);
}

static void test_plan_cases(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(plan_cases); i++) {
		const struct plan_case *c = &plan_cases[i];
		struct via_plan plan;
		struct parsed p;
		char err[256] = "";
		bool ok = plan_line(c->line, &plan, err, sizeof(err), &p);

		ok = ok && plan.kind == c->kind && plan.family == c->family &&
		     (c->reason ? !!strstr(plan.reason, c->reason) : !plan.reason[0]) &&
		     (!c->filled || has_name(&plan.filled, c->filled)) &&
		     (!c->not_filled || !has_name(&plan.filled, c->not_filled));
		if (!check(ok, "via plan: %s -> %s%s%s", c->line, via_kind_name(c->kind),
			   c->reason ? " because " : "", c->reason ? c->reason : ""))
			printf("# got %s family %d reason \"%s\" err \"%s\"\n",
			       via_kind_name(plan.kind), plan.family, plan.reason, err);
		parsed_free(&p);
	}
}

/* The socket options and addresses a plan carries. */
static void test_plan_details(void)
{
	struct via_plan plan;
	struct parsed p;
	char err[256];

	plan_line("ip dst 10.0.0.2 ttl 5 tos 0x10 df udp dport 9 csum 0 payload text hi",
		  &plan, err, sizeof(err), &p);
	check(plan.ttl == 5 && plan.tos == 0x10 && plan.pmtudisc == IP_PMTUDISC_DO &&
	      plan.no_check && ntohs(plan.dst.v4.sin_port) == 9 &&
	      plan.dst.v4.sin_addr.s_addr == htonl(0x0a000002) &&
	      plan.payload_len == 2 && !memcmp(plan.payload, "hi", 2) &&
	      !plan.bind_addr && !plan.bind_port,
	      "via plan: IP_TTL, IP_TOS, DF, SO_NO_CHECK, destination, payload");
	parsed_free(&p);

	plan_line("ip dst 10.0.0.2 flags none dscp 10 ecn 1 udp", &plan, err, sizeof(err), &p);
	check(plan.pmtudisc == IP_PMTUDISC_DONT && plan.tos == (10 << 2 | 1) &&
	      ntohs(plan.dst.v4.sin_port) == 53,
	      "via plan: no DF is IP_PMTUDISC_DONT; dscp and ecn make IP_TOS; dport defaults to 53");
	parsed_free(&p);

	plan_line("ip src 10.0.0.1 dst 10.0.0.2 tcp sport 4000", &plan, err, sizeof(err), &p);
	check(plan.bind_addr && plan.bind_port && ntohs(plan.src.v4.sin_port) == 4000 &&
	      plan.src.v4.sin_addr.s_addr == htonl(0x0a000001) &&
	      ntohs(plan.dst.v4.sin_port) == 80,
	      "via plan: a local source and a port are bound; tcp dport defaults to 80");
	parsed_free(&p);

	plan_line("count 5 rate 100pps burst 2 dev veth0 ip dst 10.0.0.2 udp", &plan,
		  err, sizeof(err), &p);
	check(plan.count == 5 && plan.rate_pps == 100 && plan.burst == 2 &&
	      plan.ifname && !strcmp(plan.ifname, "veth0"),
	      "via plan: count, rate, burst and the device");
	parsed_free(&p);

	plan_line("ip dst 10.0.0.2 id 7 udp", &plan, err, sizeof(err), &p);
	check(plan.build_inject == SOCKCTL_INJECT_L3 && plan.ttl < 0 && !plan.raw &&
	      has_name(&plan.cannot, "ipv4.checksum"),
	      "via plan: a raw socket sends the module's build at l3");
	parsed_free(&p);

	plan_line("dev veth0 eth " IP "udp", &plan, err, sizeof(err), &p);
	check(plan.build_inject == SOCKCTL_INJECT_L2 && !plan.filled.n && !plan.cannot.n,
	      "via plan: a packet socket sends the module's build at l2, nothing rewritten");
	parsed_free(&p);

	plan_line("ip6 dst fd00::2 udp", &plan, err, sizeof(err), &p);
	check(plan.count == 1 && plan.ttl < 0 && plan.tos < 0 && plan.pmtudisc < 0,
	      "via plan: defaults leave the kernel's options alone, one packet");
	parsed_free(&p);
}

struct error_case {
	const char *line;
	const char *err;
};

static const struct error_case error_cases[] = {
	{ "rx dev veth1 " IP "udp", "receive path" },
	{ IP "udp sport 1000-2000 random", "\"sport 1000-2000 random\": a socket sends the same bytes" },
	{ "background " IP "udp", "background" },
	{ "ip ttl 5 udp", "ip: needs dst" },
	{ "ip6 hoplimit 5 tcp", "ip6: needs dst" },
	{ "eth " IP "udp", "give dev NAME" },
	{ "raw hex 00112233", "version nibble 0" },
	{ "tcp", "describe ip or ip6" },
};

static void test_plan_errors(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(error_cases); i++) {
		struct via_plan plan;
		struct parsed p;
		char err[256] = "";
		bool made = plan_line(error_cases[i].line, &plan, err, sizeof(err), &p);

		if (!check(!made && strstr(err, error_cases[i].err),
			   "via plan: %s is refused: %s", error_cases[i].line,
			   error_cases[i].err))
			printf("# got \"%s\"\n", err);
		parsed_free(&p);
	}
}

static void test_raw_bytes(void)
{
	uint8_t pkt[20] = { 0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0,
			    0, 0, 0, 0, 10, 0, 0, 2 };
	struct via_plan plan;
	struct parsed p;
	char err[256];

	plan_line(IP "id 7 udp", &plan, err, sizeof(err), &p);
	via_plan_raw_bytes(&plan, pkt, sizeof(pkt));
	check(has_name(&plan.filled, "ipv4.id") && has_name(&plan.filled, "ipv4.saddr"),
	      "via plan: a raw IPv4 header's ID and source of 0 are the kernel's to fill");
	parsed_free(&p);
	pkt[4] = 1;
	pkt[12] = 10;
	plan_line(IP "id 7 udp", &plan, err, sizeof(err), &p);
	via_plan_raw_bytes(&plan, pkt, sizeof(pkt));
	check(!has_name(&plan.filled, "ipv4.id") && !has_name(&plan.filled, "ipv4.saddr") &&
	      plan.filled.n == 2, "via plan: ... but not when they are set");
	parsed_free(&p);
}

static void hex_bytes(const char *hex, uint8_t *out, size_t *len)
{
	struct blob b = { 0 };
	char e[64];

	hex_decode(hex, &b, e, sizeof(e));
	memcpy(out, b.data, b.len);
	*len = b.len;
	blob_free(&b);
}

static void test_readback(void)
{
	uint8_t built[64], seen[64], other[64];
	struct via_change ch[VIA_MAX_CHANGES];
	size_t len, slen, olen;
	int n;

	/* The RFC 791 example of the man page, with a lying length and checksum. */
	hex_bytes("450000ff000000004011000000000000"
		  "0a0000029c400009000a00006869", built, &len);
	hex_bytes("4500001e1234000040110c9d0a000001"
		  "0a0000029c400009000a00006869", seen, &slen);
	n = via_readback_diff(AF_INET, built, seen, len, ch, VIA_MAX_CHANGES);
	check(via_readback_match(AF_INET, built, len, seen, slen) && n == 4 &&
	      !strcmp(ch[0].field, "ipv4.tot_len") && !strcmp(ch[0].built, "255") &&
	      !strcmp(ch[0].sent, "30") && !strcmp(ch[1].field, "ipv4.id") &&
	      !strcmp(ch[2].field, "ipv4.checksum") && !strcmp(ch[2].sent, "0x0c9d") &&
	      !strcmp(ch[3].field, "ipv4.saddr") && !strcmp(ch[3].built, "0.0.0.0") &&
	      !strcmp(ch[3].sent, "10.0.0.1"),
	      "via readback: IPv4 length, ID, checksum and source rewritten are found");
	memcpy(other, seen, slen);
	other[slen - 1] ^= 1;
	check(!via_readback_match(AF_INET, built, len, other, slen),
	      "via readback: another payload is another packet");
	memcpy(other, seen, slen);
	other[19] = 3;
	check(!via_readback_match(AF_INET, built, len, other, slen) &&
	      !via_readback_match(AF_INET, built, len, seen, slen - 1),
	      "via readback: another destination or length is another packet");

	hex_bytes("6000000000083a40fd000000000000000000000000000001"
		  "fd00000000000000000000000000000280007fff00000000", built, &len);
	memcpy(seen, built, len);
	check(via_readback_match(AF_INET6, built, len, seen, len) &&
	      !via_readback_diff(AF_INET6, built, seen, len, ch, VIA_MAX_CHANGES),
	      "via readback: an IPv6 packet left as built has no changes");
	seen[7] = 1;
	seen[1] = 0x0a;
	n = via_readback_diff(AF_INET6, built, seen, len, ch, VIA_MAX_CHANGES);
	check(via_readback_match(AF_INET6, built, len, seen, len) && n == 2 &&
	      !strcmp(ch[0].field, "ipv6.flowlabel") && !strcmp(ch[0].sent, "0xa0000") &&
	      !strcmp(ch[1].field, "ipv6.hoplimit") && !strcmp(ch[1].sent, "1"),
	      "via readback: IPv6 flow label and hop limit changes are found");
	seen[len - 1] ^= 1;
	olen = len;
	check(!via_readback_match(AF_INET6, built, len, seen, olen),
	      "via readback: another ICMPv6 body is another packet");
}

/* The command-line hook, in children: it exits on mistakes and keeps state. */
static void run_args(void *arg)
{
	char *words[8], buf[256];
	int n = split_words(arg, words, 7, buf, sizeof(buf)), i;
	char **v = words;

	words[n] = NULL;
	via_socket_args(&n, &v);
	for (i = 0; i < n; i++)
		if (v[i][0] == '-')
			via_socket_option(v[i]);
	printf("%s %d", via_socket_requested() ? "socket" : "module", n);
	for (i = 0; i < n; i++)
		printf(" %s", v[i]);
}

static void expect_args(const char *line, int status, const char *out, const char *err)
{
	struct captured c;

	run_captured(run_args, (void *)line, &c);
	if (!check(c.status == status && (!out || !strcmp(c.out, out)) &&
		   (!err || strstr(c.err, err)),
		   "via args: %s -> %d %s", line, status, out ? out : err))
		printf("# got %d \"%s\" \"%s\"\n", c.status, c.out, c.err);
}

static void test_args(void)
{
	expect_args("--via socket ip dst 10.0.0.2 udp", 0, "socket 4 ip dst 10.0.0.2 udp", NULL);
	expect_args("-j --via socket ip dst 1.2.3.4", 0, "socket 4 -j ip dst 1.2.3.4", NULL);
	expect_args("ip dst 1.2.3.4 --via=socket", 0, "socket 4 ip dst 1.2.3.4 --via=socket", NULL);
	expect_args("ip dst 1.2.3.4", 0, "module 3 ip dst 1.2.3.4", NULL);
	expect_args("--via l2 ip", 1, NULL, "\"l2\" is not a way to send");
	expect_args("--via", 1, NULL, "--via: needs a value");
	expect_args("ip --via socket", 1, NULL, "before the description");
}

/* A real datagram over loopback, to a socket of ours: no privilege needed. */
struct loop_send {
	char line[128];
};

static void run_via(void *arg)
{
	struct loop_send *ls = arg;
	struct parsed p;

	opts.json = true;
	parse_line(&p, ls->line);
	exit(via_socket_send(p.msg, &p.res));
}

static void test_loopback(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	struct pollfd pfd;
	struct loop_send ls;
	struct captured c;
	char buf[64] = "";
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &alen)) {
		check(true, "via send: a datagram over loopback # SKIP no loopback");
		if (fd >= 0)
			close(fd);
		return;
	}
	snprintf(ls.line, sizeof(ls.line),
		 "ip dst 127.0.0.1 ttl 7 udp dport %u payload text via-socket",
		 ntohs(a.sin_port));
	run_captured(run_via, &ls, &c);
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 2000) == 1 && recv(fd, buf, sizeof(buf) - 1, 0) < 0)
		buf[0] = '\0';
	close(fd);
	if (!check(c.status == 0 && !strcmp(buf, "via-socket") &&
		   strstr(c.out, "\"socket\":\"SOCK_DGRAM\"") &&
		   strstr(c.out, "\"call\":\"socket(AF_INET, SOCK_DGRAM, 0)\"") &&
		   strstr(c.out, "\"privilege\":null") &&
		   strstr(c.out, "\"options\":[\"IP_TTL 7\"]") &&
		   strstr(c.out, "\"kernel_filled\":[\"ipv4.tot_len\",\"ipv4.id\"") &&
		   strstr(c.out, "\"sent\":1,\"bytes\":10}"),
		   "via send: a datagram over loopback arrives; the JSON report says how"))
		printf("# got %d \"%s\" \"%s\" received \"%s\"\n", c.status, c.out, c.err, buf);
}

void test_via_socket(void)
{
	test_plan_cases();
	test_plan_details();
	test_plan_errors();
	test_raw_bytes();
	test_readback();
	test_args();
	test_loopback();
}
