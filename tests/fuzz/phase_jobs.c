// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: phase: job life cycle races (JOB_STOP racing the job's end, sockets
 * closed under running jobs, the running-job limit).
 */
#include "nlfuzz.h"

/*
 * With no job running, 16 paced jobs start, a 17th gets EBUSY, and once
 * they are stopped there is room again: the running-job count is right.
 */
static void capacity_check(struct fz *f, const char *after)
{
	uint32_t ids[MAX_JOBS + 1];
	int i, ret;

	stop_all_jobs(f, NULL);
	wait_no_running(f);
	for (i = 0; i < MAX_JOBS + 1; i++) {
		struct an *d = job_desc(1000000, 64, 0);

		an_add(d, an_u32(SOCKCTL_A_RATE_PPS, 10));
		an_add(d, an_flag(SOCKCTL_A_BACKGROUND));
		ret = start_job(f, d, &ids[i]);
		f->phase_sent++;
		if (i < MAX_JOBS && ret) {
			fail(f, "%s: job %d of %d refused (%s) with %d running: the module lost count "
			     "of its running jobs", after, i + 1, MAX_JOBS, errname(-ret), running_jobs(f));
			ids[i] = 0;
		}
		if (i == MAX_JOBS) {
			if (ret != -EBUSY)
				fail(f, "%s: a 17th job: %s, not EBUSY", after, errname(-ret));
			if (!ret)
				stop_job(f, ids[i], NULL);
		}
	}
	for (i = 0; i < MAX_JOBS; i++)
		if (ids[i])
			stop_job(f, ids[i], NULL);
	{
		struct an *d = job_desc(1000000, 64, 0);

		an_add(d, an_u32(SOCKCTL_A_RATE_PPS, 10));
		an_add(d, an_flag(SOCKCTL_A_BACKGROUND));
		ret = start_job(f, d, &ids[0]);
		if (ret)
			fail(f, "%s: no job starts after all were stopped: %s", after, errname(-ret));
		else
			stop_job(f, ids[0], NULL);
	}
}

void phase_jobs(struct fz *f, uint64_t seed, int rounds)
{
	int i, ret;

	rng_state = seed ^ 0x6a6f627300000000ull;

	/* JOB_STOP while the job is finishing on its own. */
	fresh_netns(f);
	tap_phase_begin(f, "jobs: JOB_STOP racing with the end of the job");
	f->cname = "jobs: start a background job, JOB_STOP it at once";
	for (i = 0; i < rounds; i++) {
		struct an *d = job_desc(1 + rnd(600), rnd(1400), (int)rnd(3));
		uint32_t id;
		uint8_t state = 0;

		if (chance(30))
			an_add(d, an_u32(SOCKCTL_A_RATE_PPS, 20000 + rnd(200000)));
		an_add(d, an_flag(SOCKCTL_A_BACKGROUND));
		ret = start_job(f, d, &id);
		f->phase_sent++;
		if (ret == -EBUSY) {
			fail(f, "after %d jobs started and stopped, SEND fails with EBUSY while %d jobs run: "
			     "the module lost count of its running jobs", i, running_jobs(f));
			break;
		}
		if (ret) {
			fail(f, "SEND of a background job failed: %s", errname(-ret));
			continue;
		}
		if (chance(70))
			usleep(rnd(4000));
		ret = stop_job(f, id, &state);
		f->phase_sent++;
		if (ret)
			fail(f, "JOB_STOP %u: %s", id, errname(-ret));
	}
	if (check_stopped_states(f) > 0)
		fail(f, "jobs changed state after JOB_STOP reported their end");
	if (!f->phase_fail)
		capacity_check(f, "after the stop races");
	tap_phase_end(f, NULL);

	/* Jobs whose socket closes while they finish. */
	fresh_netns(f);
	tap_phase_begin(f, "jobs: the starting socket closed as the job ends");
	f->cname = "jobs: start a job on a socket, close it";
	for (i = 0; i < rounds / 4; i++) {
		struct mnl_socket *nl2 = mnl_socket_open(NETLINK_GENERIC);
		int saved_fd = f->fd;
		uint32_t saved_port = f->portid, id;
		int one = 1;

		if (!nl2 || mnl_socket_bind(nl2, 0, MNL_SOCKET_AUTOPID) < 0) {
			fail(f, "second socket: %s", strerror(errno));
			break;
		}
		setsockopt(mnl_socket_get_fd(nl2), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
		setsockopt(mnl_socket_get_fd(nl2), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
		f->fd = mnl_socket_get_fd(nl2);
		f->portid = mnl_socket_get_portid(nl2);
		ret = start_job(f, job_desc(INLINE_MAX + 1 + rnd(1200), rnd(600), (int)rnd(2)), &id);
		if (ret == -EBUSY) {
			/*
			 * 16 jobs of closed sockets still finishing their batch:
			 * wait for one to end (the count is checked below).
			 */
			int w;

			for (w = 0; running_jobs(f) >= MAX_JOBS && w < f->timeout * 10; w++)
				usleep(100000);
			ret = start_job(f, job_desc(INLINE_MAX + 1 + rnd(1200), rnd(600),
						    (int)rnd(2)), &id);
		}
		f->fd = saved_fd;
		f->portid = saved_port;
		f->phase_sent++;
		if (chance(70))
			usleep(rnd(4000));
		mnl_socket_close(nl2);
		if (ret)
			fail(f, "SEND of a job on a second socket: %s", errname(-ret));
		if (f->phase_fail)
			break;
	}
	/* Every one of those jobs must stop now that its socket is gone. */
	for (i = 0; i < f->timeout * 10 && running_jobs(f) > 0; i++)
		usleep(100000);
	if (running_jobs(f) > 0)
		fail(f, "%d jobs still run %.0f s after the sockets that started them were closed",
		     running_jobs(f), f->timeout);
	else
		capacity_check(f, "after the socket-close races");
	tap_phase_end(f, NULL);

	/* The limit in a namespace where nothing happened yet. */
	fresh_netns(f);
	tap_phase_begin(f, "jobs: 16 jobs run at once, a 17th is refused");
	f->cname = "jobs: 17 paced background jobs";
	capacity_check(f, "in a new namespace");
	tap_phase_end(f, NULL);
}
