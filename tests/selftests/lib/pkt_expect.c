// SPDX-License-Identifier: GPL-2.0
/*
 * Expected frames for the injection selftests; see pkt_expect.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_ether.h>
#include <linux/sockctl.h>

#include "pkt_expect.h"

struct frame *frame_new(void)
{
	struct frame *f = calloc(1, sizeof(*f));

	if (f) {
		f->l3 = f->l4 = f->payload = -1;
		f->l4_proto = -1;
		f->nh_off = -1;
	}
	return f;
}

static uint8_t *room(struct frame *f, size_t n)
{
	uint8_t *p = f->b + f->len;

	if (f->len + n > FRAME_MAX)
		abort();
	memset(p, 0, n);
	f->len += n;
	return p;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

uint16_t fr_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

void fr_put16(struct frame *f, size_t off, uint16_t v)
{
	put16(f->b + off, v);
}

void fr_eth_vlan(struct frame *f, const uint8_t dst[6], const uint8_t src[6],
		 const uint32_t *tags, int n_tags, uint16_t type)
{
	uint8_t *p = room(f, 12);
	int i;

	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	for (i = 0; i < n_tags; i++)
		put32(room(f, 4), tags[i]);
	put16(room(f, 2), type);
}

void fr_eth(struct frame *f, const uint8_t dst[6], const uint8_t src[6], uint16_t type)
{
	fr_eth_vlan(f, dst, src, NULL, 0, type);
}

void fr_arp(struct frame *f, uint16_t op, const uint8_t sha[6],
	    struct in_addr spa, const uint8_t tha[6], struct in_addr tpa)
{
	uint8_t *p;

	f->l3 = (int)f->len;
	f->l3_type = ETH_P_ARP;
	p = room(f, 28);
	put16(p, 1);		/* Ethernet */
	put16(p + 2, ETH_P_IP);
	p[4] = 6;
	p[5] = 4;
	put16(p + 6, op);
	memcpy(p + 8, sha, 6);
	memcpy(p + 14, &spa, 4);
	memcpy(p + 18, tha, 6);
	memcpy(p + 24, &tpa, 4);
	f->payload = (int)f->len;
}

void fr_ipv4(struct frame *f, const struct ip4_fields *h)
{
	size_t optlen = (h->optlen + 3) & ~(size_t)3;
	uint8_t *p;

	f->l3 = (int)f->len;
	f->l3_type = ETH_P_IP;
	p = room(f, 20 + optlen);
	p[0] = (uint8_t)((h->version ? h->version : 4) << 4 |
			 (h->ihl ? h->ihl : 5 + optlen / 4));
	p[1] = h->tos;
	put16(p + 4, h->id);
	put16(p + 6, (uint16_t)(h->flags << 13 | h->frag_off));
	p[8] = h->ttl;
	p[9] = (uint8_t)h->proto;	/* 0: fr_finish() fills it in */
	memcpy(p + 12, &h->saddr, 4);
	memcpy(p + 16, &h->daddr, 4);
	if (h->optlen)
		memcpy(p + 20, h->opts, h->optlen);
	f->payload = (int)f->len;
}

void fr_ipv6(struct frame *f, const struct ip6_fields *h)
{
	uint8_t *p;

	f->l3 = (int)f->len;
	f->l3_type = ETH_P_IPV6;
	p = room(f, 40);
	put32(p, 6u << 28 | (uint32_t)h->tclass << 20 | (h->flowlabel & 0xfffff));
	p[6] = (uint8_t)h->nexthdr;	/* 0: fr_finish() fills it in */
	f->nh_off = h->nexthdr ? -1 : f->l3 + 6;
	p[7] = h->hoplimit;
	memcpy(p + 8, &h->saddr, 16);
	memcpy(p + 24, &h->daddr, 16);
	f->payload = (int)f->len;
}

void fr_ipv6_ext(struct frame *f, uint8_t type, const void *data, size_t len)
{
	uint8_t *p;

	if (f->nh_off >= 0)
		f->b[f->nh_off] = type;
	f->nh_off = (int)f->len;
	p = room(f, 2 + len);
	p[1] = type == 44 ? 0 : (uint8_t)((2 + len) / 8 - 1);
	memcpy(p + 2, data, len);
	f->payload = (int)f->len;
}

void fr_udp(struct frame *f, uint16_t sport, uint16_t dport)
{
	uint8_t *p;

	f->l4 = (int)f->len;
	f->l4_proto = IPPROTO_UDP;
	p = room(f, 8);
	put16(p, sport);
	put16(p + 2, dport);
	f->payload = (int)f->len;
}

void fr_tcp(struct frame *f, const struct tcp_fields *h)
{
	size_t optlen = (h->optlen + 3) & ~(size_t)3;
	uint8_t *p;

	f->l4 = (int)f->len;
	f->l4_proto = IPPROTO_TCP;
	p = room(f, 20 + optlen);
	put16(p, h->sport);
	put16(p + 2, h->dport);
	put32(p + 4, h->seq);
	put32(p + 8, h->ack_seq);
	p[12] = (uint8_t)((5 + optlen / 4) << 4 | (h->reserved & 0xf));
	p[13] = h->flags;
	put16(p + 14, h->window);
	put16(p + 18, h->urg_ptr);
	if (h->optlen)
		memcpy(p + 20, h->opts, h->optlen);
	f->payload = (int)f->len;
}

void fr_icmp_echo(struct frame *f, uint8_t type, uint8_t code, uint16_t id,
		  uint16_t seq)
{
	uint8_t *p;

	f->l4 = (int)f->len;
	f->l4_proto = f->l3_type == ETH_P_IPV6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	p = room(f, 8);
	p[0] = type;
	p[1] = code;
	put16(p + 4, id);
	put16(p + 6, seq);
	f->payload = (int)f->len;
}

void fr_bytes(struct frame *f, const void *data, size_t len)
{
	if (f->payload < 0)
		f->payload = (int)f->len;
	memcpy(room(f, len), data, len);
}

uint32_t csum_partial(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	while (len > 1) {
		sum += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t l4_csum4(struct in_addr s, struct in_addr d, uint8_t proto,
		  const void *l4, size_t len)
{
	uint32_t sum = 0;

	sum = csum_partial(&s, 4, sum);
	sum = csum_partial(&d, 4, sum);
	sum += proto;
	sum += (uint32_t)len;
	return csum_fold(csum_partial(l4, len, sum));
}

uint16_t l4_csum6(const struct in6_addr *s, const struct in6_addr *d,
		  uint8_t proto, const void *l4, size_t len)
{
	uint32_t sum = 0;

	sum = csum_partial(s, 16, sum);
	sum = csum_partial(d, 16, sum);
	sum += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff);
	sum += proto;
	return csum_fold(csum_partial(l4, len, sum));
}

void fr_finish(struct frame *f)
{
	uint8_t *l3 = f->b + f->l3, *l4 = f->l4 >= 0 ? f->b + f->l4 : NULL;
	size_t l4_len = f->l4 >= 0 ? f->len - (size_t)f->l4 : 0;
	int proto = f->l4_proto >= 0 ? f->l4_proto : 255;
	uint16_t csum;

	if (f->l3 < 0)
		return;
	if (f->l3_type == ETH_P_IP) {
		size_t hlen = (l3[0] & 0xf) * 4;

		if (!l3[9])
			l3[9] = (uint8_t)proto;
		put16(l3 + 2, (uint16_t)(f->len - (size_t)f->l3));
		put16(l3 + 10, 0);
		put16(l3 + 10, csum_fold(csum_partial(l3, hlen, 0)));
	} else if (f->l3_type == ETH_P_IPV6) {
		if (f->nh_off >= 0)
			f->b[f->nh_off] = f->l4_proto >= 0 ? (uint8_t)f->l4_proto : 59;
		put16(l3 + 4, (uint16_t)(f->len - (size_t)f->l3 - 40));
	}
	if (!l4)
		return;

	switch (f->l4_proto) {
	case IPPROTO_UDP:
		put16(l4 + 4, (uint16_t)l4_len);
		put16(l4 + 6, 0);
		break;
	case IPPROTO_TCP:
		put16(l4 + 16, 0);
		break;
	default:	/* ICMP, ICMPv6 */
		put16(l4 + 2, 0);
		break;
	}
	if (f->l4_proto == IPPROTO_ICMP) {
		put16(l4 + 2, csum_fold(csum_partial(l4, l4_len, 0)));
		return;
	}
	if (f->l3_type == ETH_P_IP) {
		struct in_addr s, d;

		memcpy(&s, l3 + 12, 4);
		memcpy(&d, l3 + 16, 4);
		csum = l4_csum4(s, d, (uint8_t)f->l4_proto, l4, l4_len);
	} else {
		struct in6_addr s, d;

		memcpy(&s, l3 + 8, 16);
		memcpy(&d, l3 + 24, 16);
		csum = l4_csum6(&s, &d, (uint8_t)f->l4_proto, l4, l4_len);
	}
	switch (f->l4_proto) {
	case IPPROTO_UDP:
		/* RFC 768: a computed 0 is sent as all ones. */
		put16(l4 + 6, csum ? csum : 0xffff);
		break;
	case IPPROTO_TCP:
		put16(l4 + 16, csum);
		break;
	default:
		put16(l4 + 2, csum);
		break;
	}
}

/* Append to a growing string. */
struct sbuf {
	char *s;
	size_t len, size;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL,
			      b->s ? b->size - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (b->s && b->len + (size_t)n < b->size) {
			b->len += (size_t)n;
			return;
		}
		b->size = (b->size + (size_t)n + 1) * 2;
		b->s = realloc(b->s, b->size);
		if (!b->s)
			abort();
	}
}

static void hex_line(struct sbuf *b, const char *tag, const uint8_t *p, size_t len,
		     size_t off)
{
	size_t i;

	sb_printf(b, "#   %s %04zx:", tag, off);
	for (i = off; i < off + 16 && i < len; i++)
		sb_printf(b, " %02x", p[i]);
	sb_printf(b, "\n");
}

char *hexdump(const uint8_t *p, size_t len)
{
	struct sbuf b = { 0 };
	size_t off;

	sb_printf(&b, "#   %zu bytes\n", len);
	for (off = 0; off < len; off += 16)
		hex_line(&b, "", p, len, off);
	return b.s;
}

char *hexdiff(const uint8_t *exp, size_t exp_len, const uint8_t *got, size_t got_len)
{
	size_t max = exp_len > got_len ? exp_len : got_len, off, i;
	struct sbuf b = { 0 };
	bool skipped = false;

	sb_printf(&b, "#   expected %zu bytes, got %zu\n", exp_len, got_len);
	for (off = 0; off < max; off += 16) {
		bool differs = false, near = false;
		size_t o;

		/* Print lines that differ, their neighbours, and short frames whole. */
		for (o = off >= 16 ? off - 16 : 0; o < off + 32 && o < max; o++) {
			bool d = o >= exp_len || o >= got_len || exp[o] != got[o];

			if (d && o >= off && o < off + 16)
				differs = true;
			else if (d)
				near = true;
		}
		if (!differs && !near && max > 128) {
			if (!skipped)
				sb_printf(&b, "#   ...\n");
			skipped = true;
			continue;
		}
		skipped = false;
		hex_line(&b, "exp", exp, exp_len, off);
		hex_line(&b, "got", got, got_len, off);
		if (!differs)
			continue;
		sb_printf(&b, "#            ");
		for (i = off; i < off + 16 && i < max; i++)
			sb_printf(&b, "%s", i >= exp_len || i >= got_len ||
				  exp[i] != got[i] ? " ^^" : "   ");
		sb_printf(&b, "\n");
	}
	return b.s ? b.s : strdup("");
}
