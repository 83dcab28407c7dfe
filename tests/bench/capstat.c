// SPDX-License-Identifier: GPL-2.0
/*
 * bench_capstat: the counters of the capture sessions of this netns, from
 * the kernel (SOCKCTL_CMD_CAPTURE_GET dump), one line per session:
 *
 *   id=1 matched=M delivered=D drops_queue=Q drops_socket=S drops_nomem=N
 *   queued=U messages=G
 *
 * The benchmark reads them while `sockctl capture` runs, to count what it
 * lost and how many packets each netlink message carried.  Exit 0; 3 if the
 * module is not loaded; 4 if it has no capture (an older module).
 */
#include <stdlib.h>

#include "genl.h"
#include "../lib/mnl_uint.h"

static int session_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *c;
	int *n = data;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		uint64_t v[SOCKCTL_A_CAPTURE_MAX + 1] = {};

		if (mnl_attr_get_type(a) != SOCKCTL_A_CAPTURE)
			continue;
		mnl_attr_for_each_nested(c, a) {
			unsigned int t = mnl_attr_get_type(c);

			if (t <= SOCKCTL_A_CAPTURE_MAX && t != SOCKCTL_A_CAPTURE_PAD)
				v[t] = mnl_attr_get_uint_any(c);
		}
		printf("id=%llu matched=%llu delivered=%llu drops_queue=%llu drops_socket=%llu drops_nomem=%llu queued=%llu messages=%llu\n",
		       (unsigned long long)v[SOCKCTL_A_CAPTURE_ID],
		       (unsigned long long)v[SOCKCTL_A_CAPTURE_MATCHED],
		       (unsigned long long)v[SOCKCTL_A_CAPTURE_DELIVERED],
		       (unsigned long long)v[SOCKCTL_A_CAPTURE_DROPS_QUEUE],
		       (unsigned long long)v[SOCKCTL_A_CAPTURE_DROPS_SOCKET],
		       (unsigned long long)v[SOCKCTL_A_CAPTURE_DROPS_NOMEM],
		       (unsigned long long)v[SOCKCTL_A_CAPTURE_QUEUED],
		       (unsigned long long)v[SOCKCTL_A_CAPTURE_MESSAGES]);
		(*n)++;
	}
	return MNL_CB_OK;
}

int main(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct bench_genl g;
	struct nlmsghdr *nlh;
	int err, n = 0;

	err = bench_genl_open(&g);
	if (err) {
		fprintf(stderr, "bench_capstat: sockctl family: %s\n", strerror(-err));
		return 3;
	}
	nlh = bench_genl_msg(&g, buf, g.family, SOCKCTL_CMD_CAPTURE_GET, g.version,
			     NLM_F_DUMP);
	err = bench_genl_run(&g, nlh, session_cb, &n);
	if (err) {
		fprintf(stderr, "bench_capstat: CAPTURE_GET: %s\n", strerror(-err));
		return err == -EOPNOTSUPP || err == -EINVAL ? 4 : 1;
	}
	return 0;
}
