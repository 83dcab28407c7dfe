// SPDX-License-Identifier: GPL-2.0
/*
 * What `sockctl capture` makes of a packet: the VLAN tag put back, the
 * tcpdump-like line, JSON, -x and --base64, a pcap file read back with
 * libpcap, a pcapng file walked block by block (and read by tshark when it
 * is installed).  The summary and the session list: test_capture_summary.c.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "capture.h"
#include "decode.h"
#include "unit.h"

#define ETH_HDR "020000000002020000000001"	/* dst, src; the EtherType follows */

/* The frames of test_decode.c, made by an independent implementation. */
static const char tcp_syn[] = ETH_HDR "0800"
	"4500003c00014000400626b90a0000010a0000029c400050000003e800000000a002faf0"
	"98300000020405b40402080a000000640000000001030307";
static const char tcp_data[] = ETH_HDR "0800"
	"4500002d00014000400626c80a0000010a00000204d20050000003e8000007d05018ffff"
	"0000000068656c6c6f";
static const char vlan_udp[] =
	"ffffffffffff0200000000018100606408004500002100074000401126c30a0000010a00"
	"000204d2270f000d7c1e68656c6c6f";
static const char icmp_echo[] = ETH_HDR "0800"
	"4500002000014000400126da0a0000010a000002080006fa1234000170696e67";
static const char icmp_unreach[] = ETH_HDR "0800"
	"4500003800014000400126c20a0000010a0000020303f711000005784500001c000140004011"
	"26ce0a0000010a0000020035003500080000";
static const char arp_request[] =
	"ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002";
static const char arp_reply[] = ETH_HDR "0806"
	"0001080006040002020000000002" "0a000002" "020000000001" "0a000001";
static const char udp6[] = ETH_HDR "86dd"
	"6b812345000c1103fd000000000000000000000000000001fd00000000000000000000000000"
	"000200350009000c67f6deadbeef";
static const char icmp6_hbh[] = ETH_HDR "86dd"
	"6000000000120040fd000000000000000000000000000001fd00000000000000000000000000"
	"00023a0001040000000080001d3d000700096869";
static const char later_fragment[] = ETH_HDR "0800"
	"4500001c00010002401166cc0a0000010a0000020000000000000000";
static const char lldp[] = ETH_HDR "88cc" "0000";

static const uint8_t *hex(struct blob *b, const char *text)
{
	char err[128];

	blob_free(b);
	if (hex_decode(text, b, err, sizeof(err)))
		abort();
	return b->data;
}

static void expect_line(const char *name, const char *frame_hex, size_t cut,
			const char *expected)
{
	struct blob b = { 0 };
	char line[512];
	size_t len;

	hex(&b, frame_hex);
	len = cut && cut < b.len ? cut : b.len;
	decode_line(line, sizeof(line), b.data, len, b.len);
	if (!check(!strcmp(line, expected), "capture line: %s: %s", name, expected))
		printf("# got: %s\n", line);
	blob_free(&b);
}

static void test_lines(void)
{
	expect_line("TCP SYN with options", tcp_syn, 0,
		    "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 64240, "
		    "options [mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7], length 0");
	expect_line("TCP data", tcp_data, 0,
		    "IP 10.0.0.1.1234 > 10.0.0.2.80: Flags [P.], seq 1000:1005, ack 2000, "
		    "win 65535, length 5");
	expect_line("UDP over 802.1Q", vlan_udp, 0,
		    "vlan 100, p 3, IP 10.0.0.1.1234 > 10.0.0.2.9999: UDP, length 5");
	expect_line("ICMP echo", icmp_echo, 0,
		    "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 4660, seq 1, length 12");
	expect_line("ICMP port unreachable", icmp_unreach, 0,
		    "IP 10.0.0.1 > 10.0.0.2: ICMP dest unreach (port unreach), length 36");
	expect_line("ARP request", arp_request, 0,
		    "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28");
	expect_line("ARP reply", arp_reply, 0,
		    "ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28");
	expect_line("IPv6 UDP", udp6, 0, "IP6 fd00::1.53 > fd00::2.9: UDP, length 4");
	expect_line("ICMPv6 echo after hop-by-hop", icmp6_hbh, 0,
		    "IP6 fd00::1 > fd00::2: ICMP6, echo request, id 7, seq 9, length 10");
	expect_line("IPv4 later fragment", later_fragment, 0,
		    "IP 10.0.0.1 > 10.0.0.2: udp fragment, id 1, offset 16, length 8");
	expect_line("unknown EtherType", lldp, 0, "ethertype lldp (0x88cc), length 2");
	/* Cut by the snap length: the lengths are still the headers'. */
	expect_line("TCP cut short", tcp_syn, 40, "IP 10.0.0.1 > 10.0.0.2: [|tcp]");
	expect_line("IPv4 cut short", tcp_syn, 20, "IP [|ip]");
	expect_line("Ethernet cut short", tcp_syn, 10, "[|ether], length 74");
	expect_line("UDP cut in its payload", udp6, 62,
		    "IP6 fd00::1.53 > fd00::2.9: UDP, length 4");
}

/* A packet as capture_msg.c makes it, around frame bytes. */
static void make_packet(struct capture_packet *p, const struct blob *b, uint64_t seq)
{
	memset(p, 0, sizeof(*p));
	p->seq = seq;
	p->tstamp_ns = 3723000001999ULL + seq;	/* 01:02:03.000001999 UTC, 1970 */
	p->ifindex = 4;
	snprintf(p->ifname, sizeof(p->ifname), "veth0");
	p->direction = SOCKCTL_CAPTURE_IN;
	p->protocol = 0x0800;
	p->data = b->data;
	p->caplen = (uint32_t)b->len;
	p->orig_len = (uint32_t)b->len;
}

static void test_vlan(void)
{
	struct blob plain = { 0 }, tagged = { 0 };
	struct capture_packet p;
	struct capture_frame f;
	char line[512];

	capture_frame_init(&f);
	/* vlan_udp without its tag: as a device that tags in hardware holds it. */
	hex(&plain, "ffffffffffff020000000001" "08004500002100074000401126c30a0000010a00"
		    "000204d2270f000d7c1e68656c6c6f");
	hex(&tagged, vlan_udp);
	make_packet(&p, &plain, 1);
	p.has_vlan = true;
	p.vlan_tci = 0x6064;
	p.vlan_tpid = 0x8100;
	capture_frame_make(&f, &p, 262144);
	check(f.caplen == tagged.len && f.len == tagged.len && f.data == f.buf &&
	      !memcmp(f.data, tagged.data, tagged.len),
	      "capture vlan: the tag goes back after the MAC addresses; lengths count it");
	capture_packet_line(line, sizeof(line), &p, &f);
	check(!strcmp(line, "01:02:03.000002 veth0 In vlan 100, p 3, IP 10.0.0.1.1234 > "
			    "10.0.0.2.9999: UDP, length 5"),
	      "capture vlan: the line shows the tag: %s", line);

	p.orig_len = 100;		/* the rest cut by the kernel's snap length */
	capture_frame_make(&f, &p, 30);
	check(f.caplen == 30 && f.len == 104 && !memcmp(f.data, tagged.data, 30),
	      "capture vlan: cut to the snap length; the length on the wire counts the tag");

	p.vlan_tpid = 0x88a8;
	capture_frame_make(&f, &p, 262144);
	check(f.data[12] == 0x88 && f.data[13] == 0xa8 && f.data[14] == 0x60 &&
	      f.data[15] == 0x64, "capture vlan: an 802.1ad TPID is kept");

	p.caplen = 10;
	capture_frame_make(&f, &p, 262144);
	check(f.data == plain.data && f.caplen == 10,
	      "capture vlan: no room for a tag before the MAC addresses end: left as is");

	p.has_vlan = false;
	p.caplen = (uint32_t)plain.len;
	p.orig_len = (uint32_t)plain.len;
	capture_frame_make(&f, &p, 262144);
	check(f.data == plain.data && f.caplen == plain.len && f.len == plain.len,
	      "capture vlan: without a tag the packet's bytes are used as they are");
	capture_frame_free(&f);
	blob_free(&plain);
	blob_free(&tagged);
}

static const char *const file_frames[] = { tcp_syn, icmp_echo, udp6 };

static char *tmp_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "/tmp/sockctl-unit-%d-%s", (int)getpid(), name);
	return buf;
}

static void test_pcap(void)
{
	struct blob b = { 0 };
	char path[128], err[PCAP_ERRBUF_SIZE];
	struct capture_pcap *w;
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	bool same = true;
	int i, n = 0;

	tmp_path(path, sizeof(path), "test.pcap");
	w = capture_pcap_open(path, 262144, err, sizeof(err));
	if (!check(w != NULL, "capture pcap: open %s", path))
		return;
	for (i = 0; i < 3; i++) {
		hex(&b, file_frames[i]);
		capture_pcap_write(w, 1700000000123456789ULL + (uint64_t)i * 1000000001ULL,
				   b.data, (uint32_t)b.len - (i == 2 ? 4 : 0),
				   (uint32_t)b.len);
	}
	check(capture_pcap_close(w) == 0, "capture pcap: written and closed");

	p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
	if (!check(p != NULL, "capture pcap: libpcap opens it: %s", p ? "" : err))
		return;
	check(pcap_datalink(p) == DLT_EN10MB && pcap_snapshot(p) == 262144 &&
	      pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO,
	      "capture pcap: EN10MB, snaplen 262144, nanosecond timestamps");
	while (pcap_next_ex(p, &h, &data) == 1) {
		uint64_t ns = 1700000000123456789ULL + (uint64_t)n * 1000000001ULL;

		hex(&b, file_frames[n]);
		same = same && h->ts.tv_sec == (time_t)(ns / 1000000000ULL) &&
		       h->ts.tv_usec == (suseconds_t)(ns % 1000000000ULL) &&
		       h->len == b.len && h->caplen == b.len - (n == 2 ? 4 : 0) &&
		       !memcmp(data, b.data, h->caplen);
		n++;
	}
	pcap_close(p);
	check(n == 3 && same,
	      "capture pcap: read back: bytes, lengths and timestamps to the nanosecond");
	unlink(path);
	blob_free(&b);
}

/* A pcapng file, walked block by block. */
struct block {
	uint32_t type, len;
	const uint8_t *body;	/* after type and length */
};

static bool next_block(const uint8_t *buf, size_t size, size_t *off, struct block *b)
{
	uint32_t trailer;

	if (*off + 12 > size)
		return false;
	memcpy(&b->type, buf + *off, 4);
	memcpy(&b->len, buf + *off + 4, 4);
	if (b->len < 12 || b->len % 4 || *off + b->len > size)
		return false;
	memcpy(&trailer, buf + *off + b->len - 4, 4);
	if (trailer != b->len)
		return false;
	b->body = buf + *off + 8;
	*off += b->len;
	return true;
}

/* The value of option code in options [opt, end), or NULL. */
static const uint8_t *option(const uint8_t *opt, const uint8_t *end, uint16_t code,
			     uint16_t *len)
{
	while (opt + 4 <= end) {
		uint16_t c, l;

		memcpy(&c, opt, 2);
		memcpy(&l, opt + 2, 2);
		if (!c)
			return NULL;
		if (c == code) {
			*len = l;
			return opt + 4;
		}
		opt += 4 + ((l + 3u) & ~3u);
	}
	return NULL;
}

static uint32_t u32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void test_pcapng_blocks(const char *path)
{
	static const uint32_t want_types[] = { 0x0a0d0d0a, 1, 6, 1, 6, 6 };
	uint8_t buf[4096];
	struct block b[8];
	const uint8_t *v;
	uint16_t len = 0;
	size_t size, off = 0;
	FILE *f = fopen(path, "rb");
	bool types_ok = true;
	int n = 0, i;

	size = f ? fread(buf, 1, sizeof(buf), f) : 0;
	if (f)
		fclose(f);
	while (n < 8 && next_block(buf, size, &off, &b[n]))
		n++;
	for (i = 0; i < 6 && i < n; i++)
		types_ok = types_ok && b[i].type == want_types[i];
	check(n == 6 && off == size && types_ok,
	      "capture pcapng: SHB, IDB, EPB, IDB, EPB, EPB; every length given twice, a multiple of 4");
	if (n != 6)
		return;
	v = option(b[0].body + 16, b[0].body + b[0].len - 12, 4, &len);
	check(u32_at(b[0].body) == 0x1a2b3c4d && b[0].body[4] == 1 && b[0].body[6] == 0 &&
	      v && len == strlen("sockctl " SOCKCTL_CLI_VERSION) &&
	      !memcmp(v, "sockctl " SOCKCTL_CLI_VERSION, len),
	      "capture pcapng: SHB: byte-order magic, version 1.0, shb_userappl");
	v = option(b[1].body + 8, b[1].body + b[1].len - 12, 2, &len);
	check(b[1].body[0] == 1 && b[1].body[1] == 0 && u32_at(b[1].body + 4) == 262144 &&
	      v && len == 5 && !memcmp(v, "veth0", 5),
	      "capture pcapng: IDB: EN10MB, snaplen, if_name veth0");
	v = option(b[1].body + 8, b[1].body + b[1].len - 12, 9, &len);
	check(v && len == 1 && v[0] == 9, "capture pcapng: IDB: if_tsresol 9 (nanoseconds)");
	v = option(b[2].body + 20 + ((u32_at(b[2].body + 12) + 3) & ~3u),
		   b[2].body + b[2].len - 12, 2, &len);
	check(u32_at(b[2].body) == 0 &&
	      ((uint64_t)u32_at(b[2].body + 4) << 32 | u32_at(b[2].body + 8)) ==
	      1700000000123456789ULL && u32_at(b[2].body + 12) == 74 &&
	      u32_at(b[2].body + 16) == 74 && v && len == 4 && u32_at(v) == 1,
	      "capture pcapng: EPB: interface 0, timestamp in ns, lengths, epb_flags inbound");
	v = option(b[4].body + 20 + ((u32_at(b[4].body + 12) + 3) & ~3u),
		   b[4].body + b[4].len - 12, 2, &len);
	check(u32_at(b[4].body) == 1 && v && u32_at(v) == 2 && u32_at(b[5].body) == 0,
	      "capture pcapng: a second interface gets its own IDB; epb_flags outbound");
}

/* tshark's reading of the file, if tshark is here. */
static void test_pcapng_tshark(const char *path)
{
	char cmd[256], out[512] = "";
	size_t n;
	FILE *p;

	if (system("command -v tshark >/dev/null 2>&1")) {
		check(true, "capture pcapng: tshark reads it # SKIP tshark is not installed");
		return;
	}
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -T fields -e frame.len -e ip.src -e frame.interface_name "
		 "-e frame.p2p_dir 2>/dev/null", path);
	p = popen(cmd, "r");
	n = p ? fread(out, 1, sizeof(out) - 1, p) : 0;
	out[n] = '\0';
	if (p)
		pclose(p);
	if (!check(!strcmp(out, "74\t10.0.0.1\tveth0\t1\n"
			       "56\t10.0.0.1\tveth1\t0\n"
			       "66\t\tveth0\t1\n"),
		   "capture pcapng: tshark reads lengths, addresses, interfaces, directions"))
		printf("# tshark said:\n%s", out);
}

static void test_pcapng(void)
{
	static const struct { uint32_t ifindex; const char *name; int dir; } pk[] = {
		{ 4, "veth0", PCAPNG_DIR_INBOUND }, { 5, "veth1", PCAPNG_DIR_OUTBOUND },
		{ 4, "veth0", PCAPNG_DIR_INBOUND },
	};
	struct pcapng_writer *w;
	struct blob b = { 0 };
	char path[128], err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	FILE *f;
	int i, n = 0;
	bool same = true;

	tmp_path(path, sizeof(path), "test.pcapng");
	f = fopen(path, "wb");
	w = pcapng_open(f, "sockctl " SOCKCTL_CLI_VERSION, 262144);
	for (i = 0; i < 3; i++) {
		hex(&b, file_frames[i]);
		pcapng_write_packet(w, pk[i].ifindex, pk[i].name,
				    1700000000123456789ULL + (uint64_t)i, b.data,
				    (uint32_t)b.len, (uint32_t)b.len + (i == 1 ? 10 : 0),
				    (enum pcapng_direction)pk[i].dir);
	}
	check(pcapng_close(w) == 0 && fclose(f) == 0, "capture pcapng: written");
	test_pcapng_blocks(path);

	/* libpcap reads pcapng too (it cannot write it). */
	p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
	while (p && pcap_next_ex(p, &h, &data) == 1) {
		hex(&b, file_frames[n]);
		same = same && h->caplen == b.len && h->len == b.len + (n == 1 ? 10 : 0) &&
		       h->ts.tv_usec == (suseconds_t)(123456789 + n) &&
		       !memcmp(data, b.data, b.len);
		n++;
	}
	if (p)
		pcap_close(p);
	check(n == 3 && same, "capture pcapng: libpcap reads it back: bytes, lengths, ns timestamps");
	test_pcapng_tshark(path);
	unlink(path);
	blob_free(&b);
}

/* The sink with -w: the frame written is the one on the wire, tag and all. */
static void test_out_file(void)
{
	struct capture_args a = { .snaplen = 262144, .count = 2 };
	struct blob plain = { 0 }, tagged = { 0 };
	char path[128], err[PCAP_ERRBUF_SIZE];
	struct capture_packet pk;
	struct capture_out *o;
	struct pcap_pkthdr *h;
	const u_char *data;
	bool more[3];
	pcap_t *p;
	int n = 0;

	a.write_file = tmp_path(path, sizeof(path), "out.pcap");
	hex(&plain, "ffffffffffff020000000001" "08004500002100074000401126c30a0000010a00"
		    "000204d2270f000d7c1e68656c6c6f");
	hex(&tagged, vlan_udp);
	make_packet(&pk, &plain, 1);
	pk.has_vlan = true;
	pk.vlan_tci = 0x6064;
	pk.vlan_tpid = 0x8100;
	o = capture_out_open(&a);
	more[0] = capture_out_packet(o, &pk);
	more[1] = capture_out_packet(o, &pk);
	check(more[0] && !more[1] && capture_out_count(o) == 2 &&
	      capture_out_flush(o) == 0 && capture_out_close(o) == EXIT_OK,
	      "capture out: -c 2: the second packet is the last wanted");
	p = pcap_open_offline(path, err);
	while (p && pcap_next_ex(p, &h, &data) == 1)
		if (h->caplen == tagged.len && h->len == tagged.len &&
		    !memcmp(data, tagged.data, tagged.len))
			n++;
	if (p)
		pcap_close(p);
	check(n == 2, "capture out: -w writes the frame with its VLAN tag back in");
	unlink(path);

	a.pcapng = true;
	a.count = 0;
	o = capture_out_open(&a);
	more[2] = capture_out_packet(o, &pk);
	check(more[2] && capture_out_close(o) == EXIT_OK,
	      "capture out: -w --pcapng, no count: it takes more");
	p = pcap_open_offline(path, err);
	n = p && pcap_next_ex(p, &h, &data) == 1 && h->caplen == tagged.len &&
	    !memcmp(data, tagged.data, tagged.len);
	if (p)
		pcap_close(p);
	check(n == 1, "capture out: the pcapng has the tagged frame too");
	unlink(path);
	blob_free(&plain);
	blob_free(&tagged);
}

struct print_run {
	struct capture_args a;
	bool json;
	const char *frame;
};

static void print_packet(void *arg)
{
	struct print_run *r = arg;
	struct capture_packet pk;
	struct capture_out *o;
	struct blob b = { 0 };

	opts.json = r->json;
	hex(&b, r->frame);
	make_packet(&pk, &b, 42);
	pk.direction = SOCKCTL_CAPTURE_OUT;
	pk.pkttype = 4;
	o = capture_out_open(&r->a);
	capture_out_packet(o, &pk);
	capture_out_close(o);
	blob_free(&b);
}

static void test_out_print(void)
{
	struct print_run r = { .a = { .snaplen = 262144 }, .frame = icmp_echo };
	struct captured c;

	run_captured(print_packet, &r, &c);
	check(c.status == 0 && !strcmp(c.out,
		"01:02:03.000002 veth0 Out IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 4660, seq 1, length 12\n"),
	      "capture out: the line: time of day, device, direction, what tcpdump says");

	r.a.hex = true;
	r.a.base64 = true;
	run_captured(print_packet, &r, &c);
	if (!check(c.status == 0 && strstr(c.out, "length 12\n\t0x0000:  0200 0000 0002 0200 0000 0001 0800 4500  ..............E.\n") &&
		   strstr(c.out, "\t0x0020:  0002 0800 06fa 1234 0001 7069 6e67       .......4..ping\n") &&
		   strstr(c.out, "\n\tAgAAAAACAgAAAAABCABFAAAgAAFAAEABJtoKAAABCgAAAggABvoSNAABcGluZw==\n"),
		   "capture out: -x adds a hex dump, --base64 a base64 line"))
		printf("# got:\n%s", c.out);

	r.json = true;
	r.a.hex = false;
	r.a.base64 = false;
	run_captured(print_packet, &r, &c);
	if (!check(c.status == 0 && !strcmp(c.out,
		"{\"seq\":42,\"time_ns\":3723000002041,\"ifindex\":4,\"ifname\":\"veth0\","
		"\"direction\":\"out\",\"pkttype\":\"outgoing\",\"protocol\":2048,"
		"\"orig_len\":46,\"caplen\":46,\"data_hex\":\"020000000002020000000001080045"
		"00002000014000400126da0a0000010a000002080006fa1234000170696e67\","
		"\"summary\":\"IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 4660, seq 1, length 12\"}\n"),
		   "capture out: -j: one object per line, the documented fields"))
		printf("# got: %s", c.out);
}

void test_capture_out(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_lines();
	test_vlan();
	test_pcap();
	test_pcapng();
	test_out_file();
	test_out_print();
}
