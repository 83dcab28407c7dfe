// SPDX-License-Identifier: GPL-2.0
/*
 * Every kind of mistake in a description exits with EXIT_USAGE and a
 * message that names the offending word; "help" anywhere prints the usage.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

struct error_case {
	const char *line;
	const char *message;	/* the first line of stderr, exactly */
};

static const struct error_case cases[] = {
	/* numbers and addresses */
	{ "ip ttl 300", "sockctl: ip ttl: \"300\" is not a number in 0..255" },
	{ "ip ttl -1", "sockctl: ip ttl: \"-1\" is not a number in 0..255" },
	{ "ip ttl 0x", "sockctl: ip ttl: \"0x\" is not a number in 0..255" },
	{ "ip ttl 5x", "sockctl: ip ttl: \"5x\" is not a number in 0..255" },
	{ "ip id 65536", "sockctl: ip id: \"65536\" is not a number in 0..65535" },
	{ "ip fragoff 8192", "sockctl: ip fragoff: \"8192\" is not a number in 0..8191" },
	{ "ip version 16", "sockctl: ip version: \"16\" is not a number in 0..15" },
	{ "ip dscp 64", "sockctl: ip dscp: \"64\" is not a number in 0..63" },
	{ "ip dscp xx", "sockctl: ip dscp: \"xx\" is not a number in 0..63 or a name (cs0, cs1, af11, af12, af13, cs2, af21, af22, af23, cs3, af31, af32, af33, cs4, af41, af42, af43, cs5, voice-admit, ef, cs6, cs7)" },
	{ "ip ecn 4", "sockctl: ip ecn: \"4\" is not a number in 0..3" },
	{ "ip ecn ect2", "sockctl: ip ecn: \"ect2\" is not a number in 0..3 or a name (not-ect, ect1, ect0, ce)" },
	{ "ip flags 8", "sockctl: ip flags: \"8\" is not a number in 0..7 or names (df,mf,rf)" },
	{ "ip flags df,xx", "sockctl: ip flags: \"df,xx\" is not a number in 0..7 or names (df,mf,rf)" },
	{ "ip dst 10.0.0.300", "sockctl: ip dst: \"10.0.0.300\" is not an IPv4 address" },
	{ "ip dst 10.1", "sockctl: ip dst: \"10.1\" is not an IPv4 address" },
	{ "ip6 dst fd00::g", "sockctl: ip6 dst: \"fd00::g\" is not an IPv6 address" },
	{ "ip6 flowlabel 0x100000", "sockctl: ip6 flowlabel: \"0x100000\" is not a number in 0..1048575" },
	{ "eth src 02:00:00:00:00", "sockctl: eth src: \"02:00:00:00:00\" is not a MAC address" },
	{ "eth dst 02:00:00:00:00:001", "sockctl: eth dst: \"02:00:00:00:00:001\" is not a MAC address" },
	{ "eth vlan 4096", "sockctl: eth vlan: \"4096\" is not a number in 0..4095" },
	{ "eth vlan 1 pcp 8", "sockctl: eth vlan pcp: \"8\" is not a number in 0..7" },
	{ "eth vlan 1 dei 2", "sockctl: eth vlan dei: \"2\" is not a number in 0..1" },
	{ "eth vlan 1 pcp 1 pcp 2", "sockctl: eth vlan pcp: given twice" },
	{ "eth type foo", "sockctl: eth type: \"foo\" is not a number in 0..65535 or a name (ipv4, arp, ipv6, vlan, qinq, rarp, mpls, lldp)" },
	{ "arp op foo", "sockctl: arp op: \"foo\" is not a number in 0..65535 or a name (request, reply, rarp-request, rarp-reply)" },
	{ "ip dst 1.2.3.4 tcp flags SX", "sockctl: tcp flags: \"SX\" is not TCP flags: letters of FSRPAUEC (\"SA\"), names (\"syn,ack\") or a number 0..255" },
	{ "ip dst 1.2.3.4 tcp flags syn,foo", "sockctl: tcp flags: \"syn,foo\" is not TCP flags: letters of FSRPAUEC (\"SA\"), names (\"syn,ack\") or a number 0..255" },
	{ "ip dst 1.2.3.4 tcp wscale 15", "sockctl: tcp wscale: \"15\" is not a number in 0..14" },
	{ "ip dst 1.2.3.4 tcp ts 1:x", "sockctl: tcp ts: \"x\" is not a number in 0..4294967295" },
	{ "ip dst 1.2.3.4 icmp type foo", "sockctl: icmp type: \"foo\" is not a number in 0..255 or a name (echo-request, echo-reply, dest-unreach, source-quench, redirect, router-advert, router-solicit, time-exceeded, parameter-problem, timestamp, timestamp-reply, info-request, info-reply, mask-request, mask-reply)" },
	{ "ip dst 1.2.3.4 icmp code port-unreach", "sockctl: icmp code: \"port-unreach\" is not a number in 0..255 (code names need a type with named codes before them)" },
	{ "ip dst 1.2.3.4 icmp type echo-request code foo", "sockctl: icmp code: \"foo\" is not a number in 0..255 (code names need a type with named codes before them)" },
	{ "ip dst 1.2.3.4 icmp mtu 65536", "sockctl: icmp mtu: \"65536\" is not a number in 0..65535" },
	{ "ip dst 1.2.3.4 icmp pointer 256", "sockctl: icmp pointer: \"256\" is not a number in 0..255" },
	{ "ip dst 1.2.3.4 icmp gateway x", "sockctl: icmp gateway: \"x\" is not an IPv4 address" },
	/* a value missing */
	{ "ip dst", "sockctl: ip dst: needs a value" },
	{ "dev", "sockctl: dev: needs a value" },
	{ "ip dst 1.2.3.4 payload hex", "sockctl: payload hex: needs a value" },
	{ "ip dst 1.2.3.4 udp sport 1 step", "sockctl: udp sport step: needs a value" },
	/* encodings */
	{ "ip dst 1.2.3.4 payload hex abc", "sockctl: payload hex: \"abc\": an odd number of hex digits in \"abc\"" },
	{ "ip dst 1.2.3.4 payload hex 'de a'", "sockctl: payload hex: \"de a\": an odd number of hex digits in \"a\"" },
	{ "ip dst 1.2.3.4 payload hex dezz", "sockctl: payload hex: \"dezz\": 'z' (at position 3) is not a hex digit" },
	{ "ip dst 1.2.3.4 payload hex 0x", "sockctl: payload hex: \"0x\": no hex digits in \"0x\"" },
	{ "ip dst 1.2.3.4 payload base64 aGVsbG8", "sockctl: payload base64: \"aGVsbG8\": 7 characters is not a multiple of 4 (padding '=' missing?)" },
	{ "ip dst 1.2.3.4 payload base64 aGVs*G8=", "sockctl: payload base64: \"aGVs*G8=\": '*' (at position 5) is not a base64 character" },
	{ "ip dst 1.2.3.4 payload base64 aGVsbG9=", "sockctl: payload base64: \"aGVsbG9=\": non-zero bits before the padding (not canonical base64)" },
	{ "ip dst 1.2.3.4 payload base64 aG=sbG8=", "sockctl: payload base64: \"aG=sbG8=\": '=' (at position 3) is not a base64 character" },
	{ "ip dst 1.2.3.4 payload base64 aGVsb=8=", "sockctl: payload base64: \"aGVsb=8=\": '=' (at position 6) is not a base64 character" },
	{ "ip dst 1.2.3.4 payload base64 aGVsbG=a", "sockctl: payload base64: \"aGVsbG=a\": '=' may only end the text" },
	{ "ip dst 1.2.3.4 payload file /nonexistent/x", "sockctl: payload file: cannot open \"/nonexistent/x\": No such file or directory" },
	{ "ip dst 1.2.3.4 payload utf16 x", "sockctl: payload: \"utf16\" is not an encoding (text, hex, base64, file), a layer or an option (quote data with blanks: hex 'de ad')" },
	{ "ip dst 1.2.3.4 payload hex de ad", "sockctl: payload: \"ad\" is not an encoding (text, hex, base64, file), a layer or an option (quote data with blanks: hex 'de ad')" },
	{ "ip dst 1.2.3.4 payload", "sockctl: payload: needs bytes: text STR, hex HEX, base64 B64 or file PATH" },
	{ "raw dev veth0", "sockctl: raw: needs bytes: text STR, hex HEX, base64 B64 or file PATH" },
	{ "ip dst 1.2.3.4 opt hex 0101010101010101010101010101010101010101010101010101010101010101010101010101010101", "sockctl: ip opt: 41 bytes, more than the 40 that fit" },
	{ "ip dst 1.2.3.4 opt foo 01", "sockctl: ip opt: \"foo\" is not an encoding (text, hex, base64, file)" },
	/* words in the wrong place */
	{ "foo", "sockctl: send: \"foo\" is not a layer or an option" },
	{ "ttl 4", "sockctl: send: \"ttl\" is a field of ip: put it right after \"ip\"" },
	{ "ip dst 1.2.3.4 tcp dport 80 ttl 4", "sockctl: tcp: \"ttl\" is a field of ip: put it right after \"ip\"" },
	{ "ip dst 1.2.3.4 zzz", "sockctl: ip: \"zzz\" is not one of its fields, a layer or an option" },
	{ "", "sockctl: send: nothing to send: describe a packet (eth, arp, ip, ip6, ...) or give it raw" },
	{ "dev veth0 count 3", "sockctl: send: nothing to send: describe a packet (eth, arp, ip, ip6, ...) or give it raw" },
	/* layers: order, once each, raw alone */
	{ "ip dst 1.2.3.4 eth", "sockctl: eth: layers go in order: eth, then arp|ip|ip6, then tcp|udp|icmp|icmp6, then payload" },
	{ "udp ip dst 1.2.3.4", "sockctl: ip: layers go in order: eth, then arp|ip|ip6, then tcp|udp|icmp|icmp6, then payload" },
	{ "ip dst 1.2.3.4 payload text x udp", "sockctl: udp: layers go in order: eth, then arp|ip|ip6, then tcp|udp|icmp|icmp6, then payload" },
	{ "ip dst 1.2.3.4 ip6", "sockctl: ip6: only one of arp, ip and ip6" },
	{ "arp ip dst 1.2.3.4", "sockctl: ip: only one of arp, ip and ip6" },
	{ "ip dst 1.2.3.4 tcp udp", "sockctl: udp: only one of tcp, udp, icmp and icmp6" },
	{ "ip dst 1.2.3.4 ip", "sockctl: ip: given twice" },
	{ "eth eth", "sockctl: eth: given twice" },
	{ "raw hex 00 ip dst 1.2.3.4", "sockctl: ip: no layers with raw, which is the whole packet" },
	{ "eth raw hex 00", "sockctl: raw: the whole packet, so no layers with it" },
	/* fields given twice or in conflict */
	{ "ip dst 1.2.3.4 ttl 5 ttl 6", "sockctl: ip ttl: given twice" },
	{ "ip dst 1.2.3.4 csum 1 checksum 2", "sockctl: ip checksum: conflicts with \"csum\" given before" },
	{ "ip dst 1.2.3.4 tos 3 dscp 4", "sockctl: ip dscp: conflicts with \"tos\" given before" },
	{ "ip dst 1.2.3.4 ecn 1 tos 4", "sockctl: ip tos: conflicts with \"ecn\" given before" },
	{ "ip dst 1.2.3.4 flags 1 flags 2", "sockctl: ip flags: given twice" },
	{ "ip dst 1.2.3.4 icmp rest 1 id 2", "sockctl: icmp id: conflicts with \"rest\" given before" },
	{ "ip dst 1.2.3.4 icmp seq 1 mtu 1500", "sockctl: icmp mtu: conflicts with \"seq\" given before" },
	{ "ip dst 1.2.3.4 icmp mtu 1 pointer 2", "sockctl: icmp pointer: conflicts with \"mtu\" given before" },
	{ "route rx ip dst 1.2.3.4", "sockctl: rx: conflicts with \"route\" given before" },
	{ "via l2 via l3 ip dst 1.2.3.4", "sockctl: via: given twice" },
	{ "interval 1ms rate 5pps ip dst 1.2.3.4", "sockctl: rate: conflicts with \"interval\" given before" },
	{ "rate 5pps interval 1ms ip dst 1.2.3.4", "sockctl: interval: conflicts with \"rate\" given before" },
	{ "count 1 count 2 ip dst 1.2.3.4", "sockctl: count: given twice" },
	{ "dev a ip dst 1.2.3.4 dev b", "sockctl: dev: given twice" },
	/* options */
	{ "count 0 ip dst 1.2.3.4", "sockctl: count: \"0\" is not a number in 1..4294967295" },
	{ "burst 0 ip dst 1.2.3.4", "sockctl: burst: \"0\" is not a number in 1..4294967295" },
	{ "frag 7 ip dst 1.2.3.4", "sockctl: frag: \"7\" is not a number in 8..65535" },
	{ "ifindex 0 ip dst 1.2.3.4", "sockctl: ifindex: \"0\" is not a number in 1..2147483647" },
	{ "dev abcdefghijklmnop ip dst 1.2.3.4", "sockctl: dev: \"abcdefghijklmnop\" is not a device name (1 to 15 characters, no '/')" },
	{ "dev '' ip dst 1.2.3.4", "sockctl: dev: \"\" is not a device name (1 to 15 characters, no '/')" },
	{ "via l4 ip dst 1.2.3.4", "sockctl: via: \"l4\" is not an injection point (l2, l3, rx)" },
	{ "interval 10xs ip dst 1.2.3.4", "sockctl: interval: \"10xs\" is not a duration (10ms, 1.5s, 250us, 100ns)" },
	{ "interval 1.5ns ip dst 1.2.3.4", "sockctl: interval: \"1.5ns\" is not a duration (10ms, 1.5s, 250us, 100ns)" },
	{ "rate 5furlongs ip dst 1.2.3.4", "sockctl: rate: \"5furlongs\" is not a rate (500pps, 2kpps, 1mbit, 10kbps = bytes/s)" },
	{ "rate 0 ip dst 1.2.3.4", "sockctl: rate: \"0\" is not a rate (500pps, 2kpps, 1mbit, 10kbps = bytes/s)" },
	{ "rate 5000000000pps ip dst 1.2.3.4", "sockctl: rate: \"5000000000pps\" is not a rate (500pps, 2kpps, 1mbit, 10kbps = bytes/s)" },
	/* varying fields */
	{ "ip dst 1.2.3.4 udp sport 2000-1000", "sockctl: udp sport: the range \"2000-1000\" goes down" },
	{ "ip dst 1.2.3.4 udp sport 1-70000", "sockctl: udp sport: \"70000\" is not a number in 0..65535" },
	{ "ip dst 1.2.3.4 udp sport 1-9 random step 2", "sockctl: udp sport: step goes with inc, not with random" },
	{ "ip dst 1.2.3.4 udp sport 1 step 0", "sockctl: udp sport step: \"0\" is not a number in 1..4294967295" },
	{ "ip src 10.0.0.9-10.0.0.1 dst 1.2.3.4", "sockctl: ip src: the range \"10.0.0.9-10.0.0.1\" goes down" },
	{ "ip id random src random dst random tcp sport random dport random seq random udp", "sockctl: udp: only one of tcp, udp, icmp and icmp6" },
	{ "ip id 1 inc src 1.1.1.1 inc dst 1.1.1.2 inc tcp sport 1 inc dport 2 inc seq 3 inc payload text x", NULL },
	/* repeated parts */
	{ "eth vlan 1 vlan 2 vlan 3", "sockctl: eth vlan: at most 2 tags" },
	{ "ip6 dst ::1 ext hbh hex 00", "sockctl: ip6 ext: the header would be 2 + 1 bytes, not a multiple of 8 (give 6, 14, 22... bytes of data)" },
	{ "ip6 dst ::1 ext foo hex 000000000000", "sockctl: ip6 ext: \"foo\" is not a number in 0..255 or a name (hbh, hop-by-hop, routing, frag, fragment, dstopt)" },
};

static void parse_in_child(void *arg)
{
	struct parsed p;

	parse_line(&p, arg);
	exit(EXIT_OK);
}

static void first_line(char *s)
{
	char *nl = strchr(s, '\n');

	if (nl)
		*nl = '\0';
}

void test_desc_errors(void)
{
	struct captured c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct error_case *ec = &cases[i];

		run_captured(parse_in_child, (void *)ec->line, &c);
		if (!ec->message) {
			check(c.status == EXIT_OK && !c.err[0],
			      "error: '%s' is fine (exit 0, nothing on stderr)", ec->line);
			continue;
		}
		first_line(c.err);
		if (!check(c.status == EXIT_USAGE && !strcmp(c.err, ec->message),
			   "error: '%s' exits %d: %s", ec->line, EXIT_USAGE, ec->message))
			printf("# got exit %d: %s\n", c.status, c.err);
	}

	run_captured(parse_in_child, "ip dst 1.2.3.4 ttl 300", &c);
	check(strstr(c.err, "\nTry 'sockctl send help'.\n") != NULL,
	      "error: the hint names the subcommand's help");

	run_captured(parse_in_child, "help", &c);
	check(c.status == EXIT_OK && !strcmp(c.out, "Usage: test\n") && !c.err[0],
	      "help: as the first word prints the usage and exits 0");
	run_captured(parse_in_child, "dev veth0 ip dst 10.0.0.2 help", &c);
	check(c.status == EXIT_OK && !strcmp(c.out, "Usage: test\n"),
	      "help: after fields, at a keyword position, too");
	run_captured(parse_in_child, "ip dst 10.0.0.2 payload text help", &c);
	check(c.status == EXIT_OK && !c.out[0],
	      "help: as a value it is only a value");
}
