// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: nothing leaks between network namespaces.  Job ids are per
 * netns: another netns's job does not exist there, and stopping one stops
 * that netns's job only.  A capture session sees the packets of its own
 * netns only, and its notifications go to its own socket.
 *
 * Needs sockctl.ko loaded and root.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/sockctl.h>

#include "kselftest_harness.h"
#include "clock_now.h"
#include "cmd_request.h"
#include "genl_client.h"
#include "net_topo.h"
#include "pkt_desc.h"

#define RECV_BUFSZ	(256 * 1024)	/* a capture batch is up to ~64 KiB */

/* A new netns with lo up; the process is in it afterwards. */
static int new_netns(void)
{
	int err;

	if (unshare(CLONE_NEWNET))
		return -errno;
	err = rtnl_link_up(LO_IFINDEX);
	return err;
}

static uint64_t stats_jobs(struct genl_client *c)
{
	struct reply *r = malloc(sizeof(*r));
	uint64_t jobs = UINT64_MAX;

	if (r && !do_request(c, R_STATS_GET, NULL, r) && r->stats.present)
		jobs = r->stats.jobs;
	free(r);
	return jobs;
}

/*
 * Job ids are per netns: netns A runs jobs a1 and a2, netns B runs b1
 * (likely the same number as a1).  From B, a2 does not exist and stopping
 * b1 stops B's job only.
 */
TEST(job_ids_are_per_netns)
{
	struct genl_client a, b;
	struct reply *r = malloc(sizeof(*r));
	struct objects o;
	uint32_t a1, a2, b1;
	int err;

	ASSERT_NE(NULL, r);
	ASSERT_EQ(0, new_netns());
	err = genl_client_open(&a, SOCKCTL_FAMILY_NAME);
	if (err == -ENOENT)
		SKIP(return, "sockctl.ko is not loaded");
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, new_netns());
	ASSERT_EQ(0, genl_client_open(&b, SOCKCTL_FAMILY_NAME));

	ASSERT_EQ(0, start_job(&a, "netns A job 1", &a1));
	ASSERT_EQ(0, start_job(&a, "netns A job 2", &a2));
	ASSERT_EQ(0, start_job(&b, "netns B job 1", &b1));
	TH_LOG("netns A: jobs %u and %u; netns B: job %u", a1, a2, b1);
	ASSERT_NE(a1, a2);

	/* B sees its own job only. */
	o.job = a2;
	if (a2 != b1) {
		EXPECT_EQ(-ENOENT, do_request(&b, R_JOB_GET, &o, r));
		EXPECT_NE(NULL, strstr(r->extack, "no job"))
			TH_LOG("extack: \"%s\"", r->extack);
		EXPECT_EQ(-ENOENT, do_request(&b, R_JOB_STOP, &o, r));
	}
	ASSERT_EQ(0, do_request(&b, R_JOB_DUMP, NULL, r));
	EXPECT_EQ(1, r->n_jobs);
	EXPECT_EQ(b1, r->job_ids[0]);
	EXPECT_EQ(1, stats_jobs(&b));

	/* A sees both of its own. */
	ASSERT_EQ(0, do_request(&a, R_JOB_DUMP, NULL, r));
	EXPECT_EQ(2, r->n_jobs);
	EXPECT_TRUE(has_id(r->job_ids, r->n_jobs, a1));
	EXPECT_TRUE(has_id(r->job_ids, r->n_jobs, a2));
	EXPECT_EQ(2, stats_jobs(&a));

	/* Stopping B's job leaves A's jobs, whatever their numbers, running. */
	o.job = b1;
	EXPECT_EQ(0, do_request(&b, R_JOB_STOP, &o, r));
	EXPECT_EQ(SOCKCTL_JOB_RUNNING, job_state(&a, a1));
	EXPECT_EQ(SOCKCTL_JOB_RUNNING, job_state(&a, a2));

	genl_client_close(&b);
	genl_client_close(&a);
	free(r);
}

/* Does a CAPTURE_PACKETS message hold a packet containing marker? */
static bool batch_has(const struct nlmsghdr *nlh, const char *marker)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *p;

	if (g->cmd != SOCKCTL_CMD_CAPTURE_PACKETS)
		return false;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != SOCKCTL_A_PACKET)
			continue;
		mnl_attr_for_each_nested(p, a)
			if (mnl_attr_get_type(p) == SOCKCTL_A_PACKET_DATA &&
			    memmem(mnl_attr_get_payload(p), mnl_attr_get_payload_len(p),
				   marker, strlen(marker)))
				return true;
	}
	return false;
}

/*
 * Read a capture session's socket for up to ms milliseconds (or until a
 * packet holding marker comes): 1 if one did, 0 if not, -errno.  *batches
 * counts the CAPTURE_PACKETS messages read.
 */
static int capture_wait_for(struct genl_client *c, const char *marker, int ms,
			    int *batches)
{
	struct pollfd pfd = { .fd = mnl_socket_get_fd(c->nl), .events = POLLIN };
	char *buf = malloc(RECV_BUFSZ);
	long long deadline = now_mono_ms() + ms;
	int left = ms, found = 0;

	if (!buf)
		return -ENOMEM;
	while (!found && left > 0) {
		const struct nlmsghdr *m;
		int len;

		if (poll(&pfd, 1, left) > 0) {
			len = (int)recv(pfd.fd, buf, RECV_BUFSZ, MSG_DONTWAIT);
			if (len < 0 && errno != EAGAIN) {
				found = -errno;
				break;
			}
			for (m = (const struct nlmsghdr *)buf; len > 0 && mnl_nlmsg_ok(m, len);
			     m = mnl_nlmsg_next(m, &len)) {
				if (m->nlmsg_type < NLMSG_MIN_TYPE)
					continue;
				(*batches)++;
				if (batch_has(m, marker))
					found = 1;
			}
		}
		left = (int)(deadline - now_mono_ms());
	}
	free(buf);
	return found;
}

/* Send marker in a UDP datagram to 127.0.0.1 from an ordinary socket. */
static int udp_to_lo(const char *marker)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(DISCARD_PORT),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), err = 0;

	if (fd < 0)
		return -errno;
	if (sendto(fd, marker, strlen(marker), 0, (struct sockaddr *)&sin,
		   sizeof(sin)) < 0)
		err = -errno;
	close(fd);
	return err;
}

/*
 * A capture session sees the packets of its own netns only.  Netns A and B
 * each run sessions on every device; A sends packets on its loopback (one
 * through sockctl, one through an ordinary UDP socket).  A's session sees
 * them (the control: the test could not fail otherwise); B's sees nothing.
 * A second session in A makes the ids differ: B can neither see nor stop
 * it.
 */
TEST(capture_sees_its_own_netns_only)
{
	struct genl_client a, a_cap, a_cap2, b, b_cap;
	struct reply *r = malloc(sizeof(*r));
	struct objects o = { 0 };
	uint32_t a_id, a_id2, b_id;
	char marker[64], buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int err, has, batches = 0, netns_a, saved;

	ASSERT_NE(NULL, r);
	ASSERT_EQ(0, new_netns());
	netns_a = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, netns_a);
	err = genl_client_open(&a, SOCKCTL_FAMILY_NAME);
	if (err == -ENOENT)
		SKIP(return, "sockctl.ko is not loaded");
	ASSERT_EQ(0, err);
	has = sc_has_capture_cmds(&a);
	ASSERT_LE(0, has);
	if (!has)
		SKIP(return, "the module has no SOCKCTL_CMD_CAPTURE_* commands yet");
	ASSERT_EQ(0, genl_client_open(&a_cap, SOCKCTL_FAMILY_NAME));
	ASSERT_EQ(0, genl_client_open(&a_cap2, SOCKCTL_FAMILY_NAME));
	ASSERT_EQ(0, new_netns());
	ASSERT_EQ(0, genl_client_open(&b, SOCKCTL_FAMILY_NAME));
	ASSERT_EQ(0, genl_client_open(&b_cap, SOCKCTL_FAMILY_NAME));

	ASSERT_EQ(0, start_capture(&a_cap, &a_id));
	ASSERT_EQ(0, start_capture(&a_cap2, &a_id2));
	ASSERT_EQ(0, start_capture(&b_cap, &b_id));
	TH_LOG("netns A: sessions %u and %u; netns B: session %u", a_id, a_id2, b_id);

	/* Traffic in A: through sockctl, then through an ordinary socket. */
	snprintf(marker, sizeof(marker), "sockctl netns A %d.%ld", getpid(),
		 (long)time(NULL));
	nlh = genl_client_msg(&a, buf, SOCKCTL_CMD_SEND, 0);
	put_lo_udp(nlh, marker);
	err = cmd_xfer(&a, nlh, r);
	ASSERT_EQ(0, err) TH_LOG("SEND in A: %s, \"%s\"", strerror(-err), r->extack);
	saved = netns_enter(netns_a);
	ASSERT_LE(0, saved);
	err = udp_to_lo(marker);
	ASSERT_EQ(0, netns_leave(saved));
	ASSERT_EQ(0, err) TH_LOG("UDP socket in A: %s", strerror(-err));

	EXPECT_EQ(1, capture_wait_for(&a_cap, marker, 3000, &batches))
		TH_LOG("netns A's own session never saw its packet (%d batches)", batches);
	batches = 0;
	EXPECT_EQ(0, capture_wait_for(&b_cap, marker, 500, &batches))
		TH_LOG("netns B's session saw a packet of netns A");
	TH_LOG("netns B's session got %d batches", batches);

	/* B's session matched nothing; A's second session is not B's. */
	o.capture = b_id;
	ASSERT_EQ(0, do_request(&b, R_CAPTURE_GET, &o, r));
	ASSERT_EQ(0, do_request(&b, R_CAPTURE_DUMP, NULL, r));
	EXPECT_EQ(1, r->n_captures);
	EXPECT_EQ(b_id, r->capture_ids[0]);
	if (a_id2 != b_id) {
		o.capture = a_id2;
		EXPECT_EQ(-ENOENT, do_request(&b, R_CAPTURE_GET, &o, r));
		EXPECT_EQ(-ENOENT, do_request(&b, R_CAPTURE_STOP, &o, r));
	}
	EXPECT_EQ(0, capture_get(&a, a_id));
	EXPECT_EQ(0, capture_get(&a, a_id2));

	genl_client_close(&b_cap);
	genl_client_close(&b);
	genl_client_close(&a_cap2);
	genl_client_close(&a_cap);
	genl_client_close(&a);
	close(netns_a);
	free(r);
}

TEST_HARNESS_MAIN
