// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: phase: devices with other link layers.
 */
#include "nlfuzz.h"

void phase_devices(struct fz *f)
{
	struct expect e;

	if (!f->have_tnl) {
		if (f->dry)
			return;
		tap_result(f, "devices: L2 frame on a device with 16-byte hardware addresses", true,
			   "no ip6tnl device with a neighbour (ip6_tunnel module?)");
		return;
	}
	tap_phase_begin(f, "devices: L2 frame on a device with 16-byte hardware addresses");
	/* Refusing the device is fine; a frame must be the one described. */
	want(f, "BUILD L2 on ip6tnl fzt6 to a neighbour with a 16-byte address",
	     SOCKCTL_CMD_BUILD,
	     tl(an_str(SOCKCTL_A_IFNAME, "fzt6"),
		an_nest(SOCKCTL_A_IPV4, an_ip4(SOCKCTL_A_IPV4_SADDR, "10.97.0.1"),
			an_ip4(SOCKCTL_A_IPV4_DADDR, "10.97.0.2"), NULL),
		an_nest(SOCKCTL_A_UDP, NULL), NULL), ANY_RESULT, &e);
	if (e.got_ack && !e.ack_err && (e.frame0_len != 14 + 28 || e.frame0_l3 != 14))
		fail(f, "frame of %d bytes with L3 at %d, expected 42 and 14: the neighbour's "
		     "16-byte address overflowed the 6-byte Ethernet destination",
		     e.frame0_len, e.frame0_l3);
	tap_phase_end(f, NULL);
}
