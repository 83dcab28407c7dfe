// SPDX-License-Identifier: GPL-2.0
/*
 * failnth_client: what must hold after each fault and each sweep.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/sockctl.h>

#include "failnth.h"


/* The family answers GET_INFO (on a new socket, in the current netns). */
int family_answers(struct outcome *info)
{
	struct genl_client c;
	int err = genl_client_open(&c, SOCKCTL_FAMILY_NAME);

	if (err)
		return err;
	err = plain(&c, SOCKCTL_CMD_GET_INFO, 0, NULL, NULL, NULL, info);
	genl_client_close(&c);
	return err;
}

/*
 * Within SETTLE_MS, no job runs and no session is left in the netns (their
 * sockets are all closed).  0, or -EBUSY with the counts in *o.
 */
int nothing_left(struct ctx *x, struct outcome *o)
{
	struct outcome caps = { 0 };
	struct genl_client c;
	int waited, err;

	err = genl_client_open(&c, SOCKCTL_FAMILY_NAME);
	if (err)
		return err;
	for (waited = 0; ; waited += 50) {
		err = plain(&c, SOCKCTL_CMD_JOB_GET, NLM_F_DUMP, NULL, x, NULL, o);
		if (!err && x->has_capture)
			err = plain(&c, SOCKCTL_CMD_CAPTURE_GET, NLM_F_DUMP, NULL, x,
				    NULL, &caps);
		o->n_captures = caps.n_captures;
		if (err || (!o->n_running && !o->n_captures))
			break;
		if (waited >= SETTLE_MS) {
			err = -EBUSY;
			break;
		}
		usleep(50 * 1000);
	}
	genl_client_close(&c);
	return err;
}

/*
 * The netns can still run as many jobs and sessions as GET_INFO says.  The
 * sessions watch the quiet loopback from a socket of their own: the jobs'
 * packets on the veth would fill the jobs' socket with notifications.
 */
static int full_capacity(struct ctx *x, const struct outcome *info, char *why,
			 size_t why_size)
{
	struct genl_client c, cap;
	struct ids ids;
	uint32_t i;
	int err;

	err = quick_open(&c);
	if (err)
		return err;
	err = quick_open(&cap);
	if (err) {
		genl_client_close(&c);
		return err;
	}
	for (i = 0; !err && i < info->info_max_jobs; i++)
		err = start_job(&c, x, &ids.job);
	if (err)
		snprintf(why, why_size, "job %u of %u: %s", i + 1, info->info_max_jobs,
			 strerror(-err));
	for (i = 0; !err && x->has_capture && i < info->info_max_captures; i++)
		err = start_capture(&cap, 1, 10000, &ids.capture);
	if (err && !why[0])
		snprintf(why, why_size, "capture session %u of %u: %s", i + 1,
			 info->info_max_captures, strerror(-err));
	genl_client_close(&cap);
	genl_client_close(&c);
	return err;
}

bool clean_error(int err)
{
	return err == -ENOMEM || err == -ENOBUFS;
}

/* Stop whatever a background job left running in the netns. */
void stop_all_jobs(struct ctx *x)
{
	struct genl_client c;
	struct outcome o, stop;
	int i;

	if (quick_open(&c))
		return;
	if (!plain(&c, SOCKCTL_CMD_JOB_GET, NLM_F_DUMP, NULL, x, NULL, &o)) {
		for (i = 0; i < o.n_running && i < MAX_IDS; i++) {
			struct ids one = { .job = o.running_ids[i] };

			plain(&c, SOCKCTL_CMD_JOB_STOP, 0, put_job_id, x, &one, &stop);
		}
	}
	genl_client_close(&c);
}

/*
 * After all sweeps, in their netns: no slot leaked, it can still run as
 * many jobs and sessions at once as GET_INFO says.
 */
int capacity_check(struct ctx *x)
{
	struct outcome o, info;
	char why[256] = "";
	int err;

	err = family_answers(&info);
	if (!err)
		err = full_capacity(x, &info, why, sizeof(why));
	if (err) {
		diag("after the sweeps the netns cannot run its %u jobs / %u sessions "
		     "any more: %s", info.info_max_jobs, info.info_max_captures, why);
		return EXIT_FAIL;
	}
	err = nothing_left(x, &o);
	if (err) {
		diag("the capacity check left %d jobs, %d sessions", o.n_running,
		     o.n_captures);
		return EXIT_FAIL;
	}
	diag("the netns still runs %u jobs and %u capture sessions at once",
	     info.info_max_jobs, x->has_capture ? info.info_max_captures : 0);
	return EXIT_PASS;
}
