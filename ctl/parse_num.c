// SPDX-License-Identifier: GPL-2.0
/*
 * Numbers as typed on the command line: integers (decimal or 0x hex, never
 * octal: "010" is ten, as a student expects), durations ("10ms"), rates
 * ("500pps", "1mbit") and MAC addresses.  Fractions are parsed as integers
 * scaled by their unit, without floating point, so "0.1s" is exactly
 * 100000000 ns.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "sockctl.h"

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parse all of s as an unsigned integer: decimal, or hex after 0x. */
bool parse_u64(const char *s, uint64_t *val)
{
	unsigned int base = 10;
	uint64_t v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		d = hex_digit((unsigned char)*s);
		if (d < 0 || (unsigned int)d >= base)
			return false;
		if (v > (UINT64_MAX - (unsigned int)d) / base)
			return false;
		v = v * base + (unsigned int)d;
	}
	*val = v;
	return true;
}

/* A number in [min, max] or a usage error naming what it was for. */
uint64_t parse_uint_arg(const char *what, const char *word, uint64_t min,
			uint64_t max)
{
	uint64_t v;

	if (!parse_u64(word, &v) || v < min || v > max)
		usage_error("%s: \"%s\" is not a number in %llu..%llu", what, word,
			    (unsigned long long)min, (unsigned long long)max);
	return v;
}

/* The end of the "12.5" that starts s, where its unit begins. */
static const char *number_end(const char *s)
{
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return s;
}

/*
 * The decimal number num[0..len) (digits and at most one '.') times mult, in
 * *out; false if it overflows or is not a whole number of the base unit.
 */
static bool scale(const char *num, size_t len, uint64_t mult, uint64_t *out)
{
	uint64_t whole = 0, frac = 0, div = 1;
	bool in_frac = false, any = false;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned int d;

		if (num[i] == '.') {
			if (in_frac)
				return false;
			in_frac = true;
			continue;
		}
		d = (unsigned int)(num[i] - '0');
		any = true;
		if (!in_frac) {
			if (whole > (UINT64_MAX - d) / 10)
				return false;
			whole = whole * 10 + d;
		} else {
			if (div >= 1000000000000ULL)
				return false;	/* more digits than any unit needs */
			frac = frac * 10 + d;
			div *= 10;
		}
	}
	if (!any || (mult && whole > UINT64_MAX / mult))
		return false;
	whole *= mult;
	/* frac and mult are below 10^13 each: their product needs 128 bits. */
	if (frac) {
		unsigned __int128 f = (unsigned __int128)frac * mult;

		if (f % div)
			return false;	/* not a whole number of the base unit */
		if (whole > UINT64_MAX - (uint64_t)(f / div))
			return false;
		whole += (uint64_t)(f / div);
	}
	*out = whole;
	return true;
}

struct unit {
	const char *name;
	uint64_t mult;
	bool pps;
};

static const struct unit *find_unit(const struct unit *units, const char *name)
{
	for (; units->name; units++)
		if (!strcasecmp(units->name, name))
			return units;
	return NULL;
}

/* "10ms", "1.5s", "250us", "100ns"; a bare number is seconds, as ping -i. */
bool parse_duration_ns(const char *s, uint64_t *ns)
{
	static const struct unit units[] = {
		{ "",   1000000000ULL, false },
		{ "s",  1000000000ULL, false },
		{ "ms", 1000000ULL, false },
		{ "us", 1000ULL, false },
		{ "ns", 1ULL, false },
		{ NULL, 0, false },
	};
	const char *end = number_end(s);
	const struct unit *u = find_unit(units, end);

	return u && scale(s, (size_t)(end - s), u->mult, ns);
}

/*
 * Packets per second ("500pps", "2kpps", a bare number) or bits per second
 * with tc(8)'s units: "bit" SI multiples, "ibit" binary ones, and "bps"
 * meaning *bytes* per second, as tc has it.
 */
bool parse_rate(const char *s, uint64_t *val, bool *is_pps)
{
	static const struct unit units[] = {
		{ "",      1, true },
		{ "pps",   1, true },
		{ "kpps",  1000, true },
		{ "mpps",  1000000, true },
		{ "bit",   1, false },
		{ "kbit",  1000ULL, false },
		{ "mbit",  1000000ULL, false },
		{ "gbit",  1000000000ULL, false },
		{ "tbit",  1000000000000ULL, false },
		{ "kibit", 1ULL << 10, false },
		{ "mibit", 1ULL << 20, false },
		{ "gibit", 1ULL << 30, false },
		{ "tibit", 1ULL << 40, false },
		{ "bps",   8, false },
		{ "kbps",  8000ULL, false },
		{ "mbps",  8000000ULL, false },
		{ "gbps",  8000000000ULL, false },
		{ "tbps",  8000000000000ULL, false },
		{ NULL, 0, false },
	};
	const char *end = number_end(s);
	const struct unit *u = find_unit(units, end);

	if (!u || !scale(s, (size_t)(end - s), u->mult, val))
		return false;
	*is_pps = u->pps;
	return true;
}

/* Six groups of one or two hex digits separated by ':' or '-'. */
bool parse_mac(const char *s, uint8_t mac[6])
{
	int i, d, n;

	for (i = 0; i < 6; i++) {
		unsigned int v = 0;

		for (n = 0; n < 2 && (d = hex_digit((unsigned char)*s)) >= 0; n++, s++)
			v = v * 16 + (unsigned int)d;
		if (!n)
			return false;
		mac[i] = (uint8_t)v;
		if (i < 5) {
			if (*s != ':' && *s != '-')
				return false;
			s++;
		}
	}
	return *s == '\0';
}
