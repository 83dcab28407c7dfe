/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An unsigned netlink attribute of any width, for the test and benchmark
 * programs on libmnl that read sockctl's counters, ids and settings (u64,
 * u32, u16 and u8 on the wire) without a table of each one's width.
 */
#ifndef SOCKCTL_TESTS_MNL_UINT_H
#define SOCKCTL_TESTS_MNL_UINT_H

#include <stdint.h>

#include <libmnl/libmnl.h>

/* The attribute's value, or 0 if its payload is not 1, 2, 4 or 8 bytes. */
static inline uint64_t mnl_attr_get_uint_any(const struct nlattr *a)
{
	switch (mnl_attr_get_payload_len(a)) {
	case 1: return mnl_attr_get_u8(a);
	case 2: return mnl_attr_get_u16(a);
	case 4: return mnl_attr_get_u32(a);
	case 8: return mnl_attr_get_u64(a);
	}
	return 0;
}

#endif /* SOCKCTL_TESTS_MNL_UINT_H */
