// SPDX-License-Identifier: GPL-2.0
/*
 * The Internet checksum (RFC 1071), computed in user space to tell whether
 * the checksums of a built packet are right: the 16-bit one's complement of
 * the one's complement sum of the data taken as big-endian 16-bit words,
 * an odd last byte padded with zero.  TCP, UDP and ICMPv6 also cover a
 * pseudo-header of the IP addresses, protocol and length (RFC 9293 3.1,
 * RFC 768, RFC 8200 8.1); ICMP and the IPv4 header do not.
 */
#include "decode.h"

/* Add data to a running sum (kept wide; folded once at the end). */
uint32_t csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += (uint32_t)data[i] << 8 | data[i + 1];
		if (sum >= 0x80000000u)
			sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len & 1)
		sum += (uint32_t)data[len - 1] << 8;
	return sum;
}

/* Fold the carries in (end-around carry) and complement. */
uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* RFC 9293 3.1 / RFC 768: source, destination, zero, protocol, length. */
uint32_t csum_pseudo_v4(const uint8_t *src, const uint8_t *dst, uint8_t proto,
			uint32_t len)
{
	uint32_t sum = csum_add(0, src, 4);

	sum = csum_add(sum, dst, 4);
	return sum + proto + (len & 0xffff) + (len >> 16);
}

/* RFC 8200 8.1: source, destination, 32-bit length, zeros, next header. */
uint32_t csum_pseudo_v6(const uint8_t *src, const uint8_t *dst, uint8_t nexthdr,
			uint32_t len)
{
	uint32_t sum = csum_add(0, src, 16);

	sum = csum_add(sum, dst, 16);
	return sum + (len & 0xffff) + (len >> 16) + nexthdr;
}

/*
 * Check the checksum stored at data[field] of a block whose sum starts at
 * pseudo: what it should be is the checksum of the block with that field
 * taken as zero.  UDP sends a computed 0 as 0xffff (RFC 768), since 0 means
 * "none" over IPv4.
 */
void csum_check(struct dfield *f, uint32_t pseudo, const uint8_t *data,
		size_t len, size_t field, bool udp)
{
	uint16_t stored = (uint16_t)(data[field] << 8 | data[field + 1]);
	uint32_t sum = csum_add(pseudo, data, field);
	uint16_t expected;

	sum = csum_add(sum, data + field + 2, len - field - 2);
	expected = csum_fold(sum);
	if (udp && !expected)
		expected = 0xffff;
	f->csum = stored == expected ? CSUM_CORRECT : CSUM_INCORRECT;
	f->csum_expected = expected;
}
