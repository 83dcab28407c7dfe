/* SPDX-License-Identifier: GPL-2.0 */
/* Hex strings ("45000032..." as `sockctl build --hex` prints) to bytes. */
#ifndef SOCKCTL_BENCH_HEX_H
#define SOCKCTL_BENCH_HEX_H

#include <ctype.h>
#include <stddef.h>

static inline int hex_nibble(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Blanks and colons between bytes are skipped.  0 on success. */
static inline int hex_decode(const char *s, unsigned char *out, size_t cap,
			     size_t *len)
{
	size_t n = 0;

	while (*s) {
		int hi, lo;

		if (isspace((unsigned char)*s) || *s == ':') {
			s++;
			continue;
		}
		hi = hex_nibble((unsigned char)s[0]);
		lo = s[1] ? hex_nibble((unsigned char)s[1]) : -1;
		if (hi < 0 || lo < 0 || n == cap)
			return -1;
		out[n++] = (unsigned char)(hi << 4 | lo);
		s += 2;
	}
	*len = n;
	return n ? 0 : -1;
}

#endif
