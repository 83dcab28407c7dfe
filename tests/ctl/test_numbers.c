// SPDX-License-Identifier: GPL-2.0
/*
 * Numbers, durations, rates and MAC addresses as typed.
 */
#include <string.h>

#include "unit.h"

static void test_u64(void)
{
	static const struct { const char *s; bool ok; uint64_t v; } cases[] = {
		{ "0", true, 0 }, { "010", true, 10 }, { "0x1F", true, 31 },
		{ "18446744073709551615", true, UINT64_MAX },
		{ "18446744073709551616", false, 0 }, { "0xffffffffffffffff", true, UINT64_MAX },
		{ "0x10000000000000000", false, 0 }, { "", false, 0 }, { "0x", false, 0 },
		{ "-1", false, 0 }, { "+1", false, 0 }, { " 1", false, 0 }, { "1e3", false, 0 },
		{ "0b1", false, 0 }, { "12a", false, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t v = 0;
		bool ok = parse_u64(cases[i].s, &v);

		check(ok == cases[i].ok && (!ok || v == cases[i].v),
		      "number: \"%s\" %s", cases[i].s,
		      cases[i].ok ? "parses" : "is refused");
	}
}

static void test_durations(void)
{
	static const struct { const char *s; bool ok; uint64_t ns; } cases[] = {
		{ "10ms", true, 10000000 }, { "1.5s", true, 1500000000 },
		{ "0.1s", true, 100000000 }, { "250us", true, 250000 },
		{ "100ns", true, 100 }, { "2", true, 2000000000 },
		{ "1.5us", true, 1500 }, { "1.5ns", false, 0 }, { "ms", false, 0 },
		{ "1.2.3s", false, 0 }, { "10 ms", false, 0 }, { "10min", false, 0 },
		{ "18446744073.709551615s", true, UINT64_MAX },
		{ "18446744074s", false, 0 }, { "10MS", true, 10000000 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t ns = 0;
		bool ok = parse_duration_ns(cases[i].s, &ns);

		check(ok == cases[i].ok && (!ok || ns == cases[i].ns),
		      "duration: \"%s\" %s", cases[i].s,
		      cases[i].ok ? "parses" : "is refused");
	}
}

static void test_rates(void)
{
	static const struct { const char *s; bool ok, pps; uint64_t v; } cases[] = {
		{ "500pps", true, true, 500 }, { "500", true, true, 500 },
		{ "2kpps", true, true, 2000 }, { "1.5mpps", true, true, 1500000 },
		{ "1mbit", true, false, 1000000 }, { "1kibit", true, false, 1024 },
		{ "100bit", true, false, 100 }, { "1gbit", true, false, 1000000000 },
		{ "1bps", true, false, 8 }, { "10kbps", true, false, 80000 },
		{ "1.5Mbit", true, false, 1500000 }, { "0.5pps", false, false, 0 },
		{ "5 pps", false, false, 0 }, { "5knots", false, false, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t v = 0;
		bool pps = false, ok = parse_rate(cases[i].s, &v, &pps);

		check(ok == cases[i].ok && (!ok || (v == cases[i].v && pps == cases[i].pps)),
		      "rate: \"%s\" %s", cases[i].s,
		      cases[i].ok ? (cases[i].pps ? "is packets/s" : "is bits/s") :
				    "is refused");
	}
}

static void test_macs(void)
{
	static const struct { const char *s; bool ok; } cases[] = {
		{ "02:00:00:00:00:01", true }, { "2:0:0:0:0:1", true },
		{ "02-00-00-00-00-01", true }, { "FF:ff:Ff:fF:ff:FF", true },
		{ "02:00:00:00:00", false }, { "02:00:00:00:00:01:02", false },
		{ "020:00:00:00:00:01", false }, { "02:00:00:00:00:0g", false },
		{ "02::00:00:00:01", false }, { "", false },
	};
	uint8_t mac[6];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		check(parse_mac(cases[i].s, mac) == cases[i].ok, "mac: \"%s\" %s",
		      cases[i].s, cases[i].ok ? "parses" : "is refused");
	parse_mac("2:0:a:b:c:FF", mac);
	check(!memcmp(mac, "\x02\x00\x0a\x0b\x0c\xff", 6), "mac: the bytes in order");
}

void test_numbers(void)
{
	test_u64();
	test_durations();
	test_rates();
	test_macs();
}
