/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Expected frames for the injection selftests, built in user space straight
 * from the RFC layouts, independently of the module: what the wire must
 * carry for a given description.
 *
 *	struct frame *f = frame_new();
 *	fr_eth(f, dst_mac, src_mac, ETH_P_IP);
 *	fr_ipv4(f, &(struct ip4_fields){ .ttl = 64, .saddr = s, .daddr = d });
 *	fr_udp(f, 1234, 5678);
 *	fr_bytes(f, "hi", 2);
 *	fr_finish(f);		(lengths and checksums, RFC 1071)
 *	fr_put16(f, f->l3 + 10, 0xdead);	(then spoil what the test wants)
 */
#ifndef SOCKCTL_PKT_EXPECT_H
#define SOCKCTL_PKT_EXPECT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FRAME_MAX 65600

struct frame {
	size_t len;
	int l3, l4, payload;	/* offsets, -1 until that layer is added */
	int l3_type;		/* ETH_P_IP, ETH_P_IPV6, ETH_P_ARP */
	int l4_proto;		/* IPPROTO_*, -1 for none */
	int nh_off;		/* the IPv6 Next Header byte fr_finish() fills, or -1 */
	uint8_t b[FRAME_MAX];
};

struct ip4_fields {
	uint8_t version;	/* 0: 4 */
	uint8_t ihl;		/* 0: 5 + options */
	uint8_t tos;
	uint16_t id;
	uint8_t flags;		/* SOCKCTL_IPV4_FLAG_* */
	uint16_t frag_off;	/* in 8-byte units */
	uint8_t ttl;
	int proto;		/* 0: from the next layer (255 if none) */
	struct in_addr saddr, daddr;
	const void *opts;
	size_t optlen;		/* padded with zeros to a multiple of 4 */
};

struct ip6_fields {
	uint8_t tclass;
	uint32_t flowlabel;
	int nexthdr;		/* 0: from the next layer (59 if none) */
	uint8_t hoplimit;
	struct in6_addr saddr, daddr;
};

struct tcp_fields {
	uint16_t sport, dport;
	uint32_t seq, ack_seq;
	uint8_t flags;		/* SOCKCTL_TCP_* */
	uint8_t reserved;
	uint16_t window, urg_ptr;
	const void *opts;	/* as on the wire, padded with zeros to 4 */
	size_t optlen;
};

struct frame *frame_new(void);	/* zeroed, calloc'd; free() it */

void fr_eth(struct frame *f, const uint8_t dst[6], const uint8_t src[6],
	    uint16_t type);
/* Ethernet with VLAN tags: tags[i] = TPID << 16 | TCI, outermost first. */
void fr_eth_vlan(struct frame *f, const uint8_t dst[6], const uint8_t src[6],
		 const uint32_t *tags, int n_tags, uint16_t type);
void fr_arp(struct frame *f, uint16_t op, const uint8_t sha[6],
	    struct in_addr spa, const uint8_t tha[6], struct in_addr tpa);
void fr_ipv4(struct frame *f, const struct ip4_fields *h);
void fr_ipv6(struct frame *f, const struct ip6_fields *h);
/*
 * An IPv6 extension header after the previous one (which now names it):
 * Next Header, Hdr Ext Len (in 8-byte units beyond the first; reserved, 0,
 * for a fragment header), then data.
 */
void fr_ipv6_ext(struct frame *f, uint8_t type, const void *data, size_t len);
void fr_udp(struct frame *f, uint16_t sport, uint16_t dport);
void fr_tcp(struct frame *f, const struct tcp_fields *h);
void fr_icmp_echo(struct frame *f, uint8_t type, uint8_t code, uint16_t id,
		  uint16_t seq);
void fr_bytes(struct frame *f, const void *data, size_t len);
/* Fill every length and checksum, as the kernel must when they are left out. */
void fr_finish(struct frame *f);

void fr_put16(struct frame *f, size_t off, uint16_t v);	/* network order */
uint16_t fr_get16(const uint8_t *p);

/* RFC 1071 */
uint32_t csum_partial(const void *data, size_t len, uint32_t sum);
uint16_t csum_fold(uint32_t sum);
/* The checksum over an IPv4/IPv6 header + L4 (its checksum field included). */
uint16_t l4_csum4(struct in_addr s, struct in_addr d, uint8_t proto,
		  const void *l4, size_t len);
uint16_t l4_csum6(const struct in6_addr *s, const struct in6_addr *d,
		  uint8_t proto, const void *l4, size_t len);

/*
 * Hex dump of two frames, line by line, differing bytes marked with ^^ on a
 * third line; malloc'd, for TH_LOG("%s").  Only the lines with a difference
 * and their neighbours are printed for long frames.  Lines start with "#"
 * (TAP diagnostics).
 */
char *hexdiff(const uint8_t *exp, size_t exp_len, const uint8_t *got, size_t got_len);
/* Plain hex dump, malloc'd. */
char *hexdump(const uint8_t *p, size_t len);

#endif /* SOCKCTL_PKT_EXPECT_H */
