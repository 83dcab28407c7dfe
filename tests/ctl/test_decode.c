// SPDX-License-Identifier: GPL-2.0
/*
 * The decoder of `build`: fields, offsets and checksums of known packets.
 * The packets were made by an independent implementation (Python's struct
 * and a textbook RFC 1071 sum), so a correct checksum here is a real one.
 */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "unit.h"

static const char eth_vlan_udp[] =
	"ffffffffffff0200000000018100606408004500002100074000401126c30a0000010a00"
	"000204d2270f000d7c1e68656c6c6f";
static const char tcp_syn[] =
	"4500003c00014000400626b90a0000010a0000029c400050000003e800000000a002faf0"
	"98300000020405b40402080a000000640000000001030307";
static const char icmp_echo[] = "4500002000014000400126da0a0000010a000002080006fa1234000170696e67";
static const char icmp_frag_needed[] =
	"4500003800014000400126c20a0000010a0000020304f711000005784500001c000140004011"
	"26ce0a0000010a0000020035003500080000";
static const char udp6[] =
	"6b812345000c1103fd000000000000000000000000000001fd00000000000000000000000000"
	"000200350009000c67f6deadbeef";
static const char icmp6_hbh[] =
	"6000000000120040fd000000000000000000000000000001fd00000000000000000000000000"
	"00023a0001040000000080001d3d000700096869";
static const char arp_request[] =
	"ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002";
static const char first_fragment[] = "4500002400012000401146c60a0000010a00000200010002001811110000000000000000";
static const char later_fragment[] = "4500001c00010002401166cc0a0000010a0000020000000000000000";
static const char udp_no_csum[] = "4500001c00014000401126ce0a0000010a0000020001000200080000";
static const char ip_options[] = "4700002400014000401119be0a0000010a0000020707040000000001000700070008ebcd";

struct decoded {
	struct blob bytes;
	struct dframe f;
	struct decode_hints h;
};

static void decode_hex(struct decoded *d, const char *hex, bool ethernet,
		       uint32_t layers)
{
	char err[128];

	memset(d, 0, sizeof(*d));
	if (hex_decode(hex, &d->bytes, err, sizeof(err)))
		abort();
	d->h = (struct decode_hints){ .ethernet = ethernet, .l3_offset = -1,
				      .l4_offset = -1, .payload_offset = -1,
				      .layers = layers };
	decode_frame(&d->f, d->bytes.data, d->bytes.len, &d->h);
}

static void decoded_free(struct decoded *d)
{
	dframe_free(&d->f);
	blob_free(&d->bytes);
}

static const struct dfield *field(const struct dframe *f, const char *layer,
				  const char *name)
{
	int i, j;

	for (i = 0; i < f->n_layers; i++)
		if (!strcmp(f->layers[i].name, layer))
			for (j = 0; j < f->layers[i].n_fields; j++)
				if (!strcmp(f->layers[i].fields[j].name, name))
					return &f->layers[i].fields[j];
	return NULL;
}

static bool layers_are(const struct dframe *f, const char *names)
{
	char buf[256] = "";
	int i;

	for (i = 0; i < f->n_layers; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? "," : "", f->layers[i].name);
	if (strcmp(buf, names))
		printf("# layers: %s\n", buf);
	return !strcmp(buf, names);
}

static bool num_at(const struct dfield *fl, uint64_t v, unsigned int off,
		   unsigned int bit, unsigned int bits)
{
	return fl && fl->format != DF_STR && fl->num == v && fl->offset == off &&
	       fl->bit_offset == bit && fl->bits == bits;
}

static bool str_is(const struct dfield *fl, const char *s)
{
	return fl && fl->format == DF_STR && !strcmp(fl->str, s);
}

static bool csum_is(const struct dfield *fl, enum csum_state st, uint16_t expected)
{
	return fl && fl->csum == st && (st == CSUM_UNCHECKED || fl->csum_expected == expected);
}

static void test_rfc1071(void)
{
	static const uint8_t data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	static const uint8_t odd[] = { 0x01, 0x02, 0x03 };

	/* RFC 1071 section 3: the sum is ddf2, the checksum its complement. */
	check(csum_fold(csum_add(0, data, sizeof(data))) == 0x220d,
	      "checksum: RFC 1071 section 3 example, 0x220d");
	check(csum_fold(csum_add(0, odd, 3)) == (uint16_t)~(0x0102 + 0x0300),
	      "checksum: an odd last byte is padded with zero");
}

static void test_ipv4_header(void)
{
	struct decoded d;

	decode_hex(&d, "450000730000400040110000c0a80001c0a800c7", false, 0);
	check(csum_is(field(&d.f, "ipv4", "checksum"), CSUM_INCORRECT, 0xb861),
	      "decode: IPv4 header checksum 0 is incorrect, expected 0xb861");
	decoded_free(&d);
	decode_hex(&d, "45000073000040004011b861c0a80001c0a800c7", false, 0);
	check(csum_is(field(&d.f, "ipv4", "checksum"), CSUM_CORRECT, 0xb861),
	      "decode: IPv4 header checksum 0xb861 is correct");
	check(str_is(field(&d.f, "ipv4", "saddr"), "192.168.0.1") &&
	      field(&d.f, "ipv4", "saddr")->offset == 12 &&
	      str_is(field(&d.f, "ipv4", "daddr"), "192.168.0.199"),
	      "decode: IPv4 addresses and their offsets");
	decoded_free(&d);
}

static void test_eth_vlan_udp(void)
{
	struct decoded d;
	const struct dfield *fl;

	decode_hex(&d, eth_vlan_udp, true, 0);
	check(layers_are(&d.f, "ethernet,vlan,ipv4,udp,payload"),
	      "decode: ethernet, a VLAN tag, ipv4, udp, payload");
	check(str_is(field(&d.f, "ethernet", "dst"), "ff:ff:ff:ff:ff:ff") &&
	      num_at(field(&d.f, "ethernet", "proto"), 0x0800, 16, 0, 16),
	      "decode: ethernet dst, and its EtherType after the tag");
	check(num_at(field(&d.f, "vlan", "pcp"), 3, 14, 0, 3) &&
	      num_at(field(&d.f, "vlan", "dei"), 0, 14, 3, 1) &&
	      num_at(field(&d.f, "vlan", "vid"), 100, 14, 4, 12),
	      "decode: VLAN pcp, dei, vid with their bit offsets");
	check(num_at(field(&d.f, "ipv4", "version"), 4, 18, 0, 4) &&
	      num_at(field(&d.f, "ipv4", "ihl"), 5, 18, 4, 4),
	      "decode: IPv4 version and ihl share a byte");
	fl = field(&d.f, "ipv4", "flags");
	check(num_at(fl, 2, 24, 0, 3) && !strcmp(fl->note, "DF") &&
	      num_at(field(&d.f, "ipv4", "frag_off"), 0, 24, 3, 13),
	      "decode: IPv4 flags (DF) and fragment offset bits");
	check(num_at(field(&d.f, "ipv4", "ttl"), 64, 26, 0, 8) &&
	      !strcmp(field(&d.f, "ipv4", "protocol")->note, "udp"),
	      "decode: ttl, protocol named");
	check(csum_is(field(&d.f, "ipv4", "checksum"), CSUM_CORRECT, 0x26c3) &&
	      csum_is(field(&d.f, "udp", "checksum"), CSUM_CORRECT, 0x7c1e),
	      "decode: IPv4 and UDP (pseudo-header) checksums correct");
	fl = field(&d.f, "payload", "data");
	check(str_is(fl, "68656c6c6f") && strstr(fl->note, "\"hello\""),
	      "decode: payload bytes, shown as text when printable");
	d.bytes.data[45] ^= 0xff;	/* break the UDP checksum */
	dframe_free(&d.f);
	decode_frame(&d.f, d.bytes.data, d.bytes.len, &d.h);
	check(csum_is(field(&d.f, "udp", "checksum"), CSUM_INCORRECT, 0x7c1e),
	      "decode: a broken UDP checksum is incorrect, expected the right one");
	decoded_free(&d);
}

static void test_tcp(void)
{
	struct decoded d;
	const struct dfield *fl;

	decode_hex(&d, tcp_syn, false, BIT(SOCKCTL_A_IPV4) | BIT(SOCKCTL_A_TCP));
	check(layers_are(&d.f, "ipv4,tcp"), "decode: an L3 frame starts at IP");
	check(num_at(field(&d.f, "tcp", "doff"), 10, 32, 0, 4) &&
	      num_at(field(&d.f, "tcp", "seq"), 1000, 24, 0, 32),
	      "decode: TCP doff and seq");
	fl = field(&d.f, "tcp", "flags");
	check(fl && fl->num == 2 && !strcmp(fl->note, "SYN"), "decode: TCP flags SYN");
	check(csum_is(field(&d.f, "tcp", "checksum"), CSUM_CORRECT, 0x9830),
	      "decode: TCP checksum with the IPv4 pseudo-header");
	check(num_at(field(&d.f, "tcp", "mss"), 1460, 42, 0, 16) &&
	      field(&d.f, "tcp", "sack_perm") &&
	      num_at(field(&d.f, "tcp", "ts_val"), 100, 48, 0, 32) &&
	      num_at(field(&d.f, "tcp", "ts_ecr"), 0, 52, 0, 32) &&
	      field(&d.f, "tcp", "nop") &&
	      num_at(field(&d.f, "tcp", "wscale"), 7, 59, 0, 8),
	      "decode: TCP options MSS, SACK-Permitted, Timestamps, NOP, Window Scale");
	decoded_free(&d);
}

static void test_icmp(void)
{
	struct decoded d;

	decode_hex(&d, icmp_echo, false, 0);
	check(layers_are(&d.f, "ipv4,icmp,payload") &&
	      csum_is(field(&d.f, "icmp", "checksum"), CSUM_CORRECT, 0x06fa) &&
	      num_at(field(&d.f, "icmp", "id"), 0x1234, 24, 0, 16) &&
	      num_at(field(&d.f, "icmp", "seq"), 1, 26, 0, 16) &&
	      !strcmp(field(&d.f, "icmp", "type")->note, "echo-request"),
	      "decode: raw IPv4 recognised; ICMP echo with id, seq and checksum");
	decoded_free(&d);

	decode_hex(&d, icmp_frag_needed, false, BIT(SOCKCTL_A_IPV4) | BIT(SOCKCTL_A_ICMP));
	dframe_free(&d.f);
	d.h.payload_offset = 56;	/* the quote is all there is */
	decode_frame(&d.f, d.bytes.data, d.bytes.len, &d.h);
	check(layers_are(&d.f, "ipv4,icmp,quote") &&
	      !strcmp(field(&d.f, "icmp", "code")->note, "frag-needed") &&
	      !strcmp(field(&d.f, "icmp", "rest")->note, "next-hop MTU 1400") &&
	      csum_is(field(&d.f, "icmp", "checksum"), CSUM_CORRECT, 0xf711),
	      "decode: ICMP frag-needed: code name, MTU, quoted datagram, checksum");
	decoded_free(&d);
}

static void test_ipv6(void)
{
	struct decoded d;

	decode_hex(&d, udp6, false, BIT(SOCKCTL_A_IPV6) | BIT(SOCKCTL_A_UDP) |
		   BIT(SOCKCTL_A_PAYLOAD));
	check(num_at(field(&d.f, "ipv6", "tclass"), 0xb8, 0, 4, 8) &&
	      num_at(field(&d.f, "ipv6", "flowlabel"), 0x12345, 1, 4, 20) &&
	      num_at(field(&d.f, "ipv6", "hoplimit"), 3, 7, 0, 8),
	      "decode: IPv6 traffic class and flow label across bytes");
	check(str_is(field(&d.f, "ipv6", "daddr"), "fd00::2") &&
	      csum_is(field(&d.f, "udp", "checksum"), CSUM_CORRECT, 0x67f6),
	      "decode: UDP checksum with the IPv6 pseudo-header");
	decoded_free(&d);

	decode_hex(&d, icmp6_hbh, false, 0);
	check(layers_are(&d.f, "ipv6,ipv6_hbh,icmpv6,payload") &&
	      num_at(field(&d.f, "ipv6_hbh", "nexthdr"), 58, 40, 0, 8) &&
	      csum_is(field(&d.f, "icmpv6", "checksum"), CSUM_CORRECT, 0x1d3d) &&
	      num_at(field(&d.f, "icmpv6", "seq"), 9, 54, 0, 16),
	      "decode: IPv6 hop-by-hop header, then ICMPv6 echo with its checksum");
	decoded_free(&d);
}

static void test_arp(void)
{
	struct decoded d;

	decode_hex(&d, arp_request, true, 0);
	check(layers_are(&d.f, "ethernet,arp") &&
	      !strcmp(field(&d.f, "arp", "op")->note, "request") &&
	      str_is(field(&d.f, "arp", "spa"), "10.0.0.1") &&
	      str_is(field(&d.f, "arp", "tpa"), "10.0.0.2") &&
	      str_is(field(&d.f, "arp", "sha"), "02:00:00:00:00:01") &&
	      field(&d.f, "arp", "tpa")->offset == 38,
	      "decode: ARP request found by EtherType, addresses and offsets");
	decoded_free(&d);
}

static void test_special(void)
{
	struct decoded d;

	decode_hex(&d, first_fragment, false, BIT(SOCKCTL_A_IPV4) | BIT(SOCKCTL_A_UDP));
	check(field(&d.f, "udp", "checksum")->csum == CSUM_UNCHECKED &&
	      !strcmp(field(&d.f, "ipv4", "flags")->note, "MF"),
	      "decode: a first fragment's UDP checksum cannot be checked");
	decoded_free(&d);
	decode_hex(&d, later_fragment, false, BIT(SOCKCTL_A_IPV4) | BIT(SOCKCTL_A_UDP));
	check(layers_are(&d.f, "ipv4,payload") &&
	      num_at(field(&d.f, "ipv4", "frag_off"), 2, 6, 3, 13),
	      "decode: a later fragment has no transport header");
	decoded_free(&d);
	decode_hex(&d, udp_no_csum, false, 0);
	check(field(&d.f, "udp", "checksum")->csum == CSUM_UNCHECKED &&
	      !strcmp(field(&d.f, "udp", "checksum")->note, "0 = no checksum"),
	      "decode: UDP checksum 0 over IPv4 means none");
	decoded_free(&d);
	decode_hex(&d, ip_options, false, 0);
	check(layers_are(&d.f, "ipv4,udp") &&
	      strstr(field(&d.f, "ipv4", "option")->note, "rr (type 7)") &&
	      csum_is(field(&d.f, "ipv4", "checksum"), CSUM_CORRECT, 0x19be) &&
	      csum_is(field(&d.f, "udp", "checksum"), CSUM_CORRECT, 0xebcd),
	      "decode: IPv4 options (record route), checksums over them");
	decoded_free(&d);
	decode_hex(&d, "4500001c0001", false, 0);
	check(d.f.n_layers == 1 && d.f.layers[0].truncated,
	      "decode: a truncated header is marked so, nothing read past the end");
	decoded_free(&d);
	/* A transport offset from the kernel, but no whole IP header before it. */
	decode_hex(&d, "6000000000080000fd00", false, BIT(SOCKCTL_A_IPV6) | BIT(SOCKCTL_A_UDP));
	dframe_free(&d.f);
	d.h.l4_offset = 4;
	decode_frame(&d.f, d.bytes.data, d.bytes.len, &d.h);
	check(d.f.n_layers >= 1 && d.f.layers[0].truncated && !field(&d.f, "udp", "sport"),
	      "decode: no transport header decoded after a truncated IP header");
	decoded_free(&d);
	/* As described, not as guessed: version 5 is still our IPv4 header. */
	decode_hex(&d, "5500001c00014000401126ce0a0000010a0000020001000200080000", false,
		   BIT(SOCKCTL_A_IPV4) | BIT(SOCKCTL_A_UDP));
	check(layers_are(&d.f, "ipv4,udp") &&
	      num_at(field(&d.f, "ipv4", "version"), 5, 0, 0, 4),
	      "decode: the description, not the bytes, says which header it is");
	decoded_free(&d);
	decode_hex(&d, "4500001c00014000401126ce0a0000010a00000200010002000800000000", false, 0);
	check(layers_are(&d.f, "ipv4,udp,trailer"),
	      "decode: bytes after the IP total length are a trailer");
	decoded_free(&d);
}

static void test_output(void)
{
	struct decoded d;
	struct json_writer *jw;
	char *buf;
	size_t size;
	FILE *f;

	decode_hex(&d, "450000730000400040110000c0a80001c0a800c7", false, 0);
	f = open_memstream(&buf, &size);
	decode_print_text(f, &d.f, 0, 1);
	fclose(f);
	check(strstr(buf, "frame 1 of 1: 20 bytes\n") &&
	      strstr(buf, "  ipv4: IPv4 header, RFC 791 3.1, bytes 0-19\n") &&
	      strstr(buf, "    ttl          64                                   8            RFC 791 3.1\n") &&
	      strstr(buf, "    checksum     0x0000 incorrect (expected 0xb861)   10-11        RFC 791 3.1, RFC 1071\n") &&
	      strstr(buf, "    flags        2 (DF)                               6:b0-2") &&
	      strstr(buf, "    frag_off     0 (0 bytes)                          6:b3-7:b7") &&
	      strstr(buf, "\t0x0000:  4500 0073 0000 4000 4011 0000 c0a8 0001  E..s..@.@......."),
	      "text: fields, offsets, checksum verdict and the hex dump");
	free(buf);

	f = open_memstream(&buf, &size);
	jw = json_new(f);
	decode_print_json(jw, &d.f, 0, &d.h);
	json_free(jw);
	fclose(f);
	check(!strncmp(buf, "{\"index\":0,\"length\":20,\"l3_offset\":null,", 40) &&
	      strstr(buf, "\"bytes_hex\":\"450000730000400040110000c0a80001c0a800c7\"") &&
	      strstr(buf, "\"layers\":[{\"name\":\"ipv4\",\"title\":\"IPv4 header\",\"rfc\":\"RFC 791 3.1\",\"offset\":0,\"length\":20,\"truncated\":false,\"fields\":[") &&
	      strstr(buf, "{\"name\":\"ttl\",\"value\":64,\"offset\":8,\"bit_offset\":0,\"bits\":8,\"rfc\":\"RFC 791 3.1\"}") &&
	      strstr(buf, "\"name\":\"checksum\",\"value\":0,\"offset\":10,\"bit_offset\":0,\"bits\":16,\"rfc\":\"RFC 791 3.1, RFC 1071\",\"checksum\":\"incorrect\",\"expected\":47201}") &&
	      strstr(buf, "{\"name\":\"saddr\",\"value\":\"192.168.0.1\","),
	      "json: frame, layer and field members as documented");
	free(buf);
	decoded_free(&d);
}

void test_decode(void)
{
	test_rfc1071();
	test_ipv4_header();
	test_eth_vlan_udp();
	test_tcp();
	test_icmp();
	test_ipv6();
	test_arp();
	test_special();
	test_output();
}
