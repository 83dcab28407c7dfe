// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: packet @index of a request whose fields vary (SOCKCTL_A_VARY), as
 * sockctl_build() writes it, byte for byte.
 *
 * The vectors are Scapy's: build_test_util.h says how to read the
 * expression above each one; tests/ynl/kunit_vectors.py checks them.
 */
#include <kunit/test.h>

#include "build_test_util.h"

/* scapy: raw(IP(id=106, proto=255, src=S4, dst=D4)) */
static const u8 vary_id[] = {
	0x45, 0x00, 0x00, 0x14, 0x00, 0x6a, 0x00, 0x00, 0x40, 0xff, 0x8d, 0x4a,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
};

/* ID from 100 in steps of 3: packet 2 has 106, and its own checksum. */
static void vary_ipv4_id_per_index(struct kunit *test)
{
	struct sockctl_desc *d = desc_ipv4(test, 100);

	d->vary[0].field = SOCKCTL_FIELD_IPV4_ID;
	d->vary[0].mode = SOCKCTL_VARY_INC;
	d->vary[0].from = 100;
	d->vary[0].to = 0xffff;
	d->vary[0].step = 3;
	d->n_vary = 1;
	build_cmp_index(test, 2, vary_id, sizeof(vary_id), sizeof(vary_id));
}

static struct kunit_case build_vary_test_cases[] = {
	KUNIT_CASE(vary_ipv4_id_per_index),
	{}
};

static struct kunit_suite build_vary_test_suite = {
	.name = "sockctl_build_vary",
	.init = build_test_init,
	.exit = build_test_exit,
	.test_cases = build_vary_test_cases,
};

kunit_test_suite(build_vary_test_suite);
