// SPDX-License-Identifier: GPL-2.0
/*
 * capture_holder: hold one capture session open and say what it receives,
 * for capture_unload_test.sh (rmmod under live sessions).
 *
 *   capture_holder IFINDEX OUT
 *
 * Starts a session on IFINDEX (flushed every 20 ms), then appends to OUT,
 * one line each, as it happens:
 *
 *   session ID          started
 *   packets N           N packets received in all (when N changes)
 *   end REASON          SOCKCTL_CMD_CAPTURE_END (STOPPED, COUNT, DEVICE, UNLOAD)
 *   family-gone         nlctrl announced the family's removal
 *   error WHAT: ERRNO   a request or a receive failed
 *   skip REASON         the module cannot capture
 *
 * and keeps reading until killed.  It is C rather than Python because the
 * debug kernel's VM takes 6-12 s to start a python3.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/sockctl.h>

#include "capture_client.h"
#include "pkt_desc.h"

#define FLUSH_US	20000
#define POLL_MS		200

int main(int argc, char **argv)
{
	char buf[GENL_CLIENT_BUFSZ], extack[256] = "";
	struct genl_client c;
	struct cap_info ci = {};
	struct cap_rx rx;
	unsigned long long packets = 0, printed = ~0ULL;
	int err, ifindex, i;
	bool gone = false;
	struct nlmsghdr *nlh;
	FILE *out;

	if (argc != 3 || (ifindex = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: %s IFINDEX OUT\n", argv[0]);
		return 2;
	}
	out = fopen(argv[2], "a");
	if (!out) {
		perror(argv[2]);
		return 2;
	}
	setvbuf(out, NULL, _IOLBF, 0);

	err = genl_client_open(&c, SOCKCTL_FAMILY_NAME);
	if (err) {
		fprintf(out, "error family: %s\n", strerror(-err));
		return 1;
	}
	cap_rx_init(&rx);
	cap_set_rcvbuf(&c, 1 << 20);
	err = cap_watch_family(&c);
	if (err) {
		fprintf(out, "error nlctrl notify group: %s\n", strerror(-err));
		return 1;
	}
	nlh = genl_client_msg(&c, buf, SOCKCTL_CMD_CAPTURE_START, 0);
	PUT_ATTRS(nlh, U32(SOCKCTL_A_IFINDEX, (uint32_t)ifindex),
		  NEST(SOCKCTL_A_CAPTURE, U32(SOCKCTL_A_CAPTURE_FLUSH_US, FLUSH_US)));
	err = cap_xfer(&c, nlh, &rx, &ci, 1, extack);
	if (err == -EOPNOTSUPP) {
		fprintf(out, "skip the module has no SOCKCTL_CMD_CAPTURE_START\n");
		return 0;
	}
	if (err) {
		fprintf(out, "error START: %s (%s)\n", strerror(-err), extack);
		return 1;
	}
	fprintf(out, "session %u\n", ci.id);

	for (;;) {
		err = cap_recv(&c, &rx, POLL_MS, NULL, NULL);
		if (err < 0) {
			fprintf(out, "error recv: %s\n", strerror(-err));
			return 1;
		}
		if (rx.enobufs)
			fprintf(out, "error recv: %s\n", strerror(ENOBUFS));
		/* One session: every END received is its own. */
		for (i = 0; i < rx.n_end; i++)
			fprintf(out, "end %s\n", cap_end_name(rx.end.end_reason));
		if (rx.family_gone && !gone) {
			fprintf(out, "family-gone\n");
			gone = true;
		}
		/* Count, then forget: the packets themselves are not needed. */
		packets += rx.n;
		cap_rx_reset(&rx);
		if (packets != printed) {
			fprintf(out, "packets %llu\n", packets);
			printed = packets;
		}
	}
}
