// SPDX-License-Identifier: GPL-2.0
/*
 * kselftest: who may do what.  Every command of the family, sent by every
 * kind of caller, against the privilege and network namespace rules of
 * uapi/linux/sockctl.h:
 *
 *   - GET_INFO, JOB_GET and STATS_GET need no privilege;
 *   - BUILD, SEND and JOB_STOP need CAP_NET_RAW over the user namespace
 *     owning the caller's netns;
 *   - CAPTURE_START, CAPTURE_GET and CAPTURE_STOP need CAP_NET_RAW or
 *     CAP_NET_ADMIN over it;
 *   - a request only ever sees and changes its own netns: a job or a
 *     capture session of another netns does not exist (-ENOENT), and a
 *     capture never sees another netns's packets (netns_isolation_test.c).
 *
 * The matrix is the table expected[][] below, one cell per command and
 * caller; each cell is one test, "privilege.<caller>.<command>", run in a
 * child process that first becomes the caller.  A refusal must be -EPERM
 * with an extended ACK naming the capability.
 *
 * While the module lacks the capture commands (the family's operation list,
 * CTRL_CMD_GETFAMILY, says so), their cells SKIP.
 *
 * Needs sockctl.ko loaded and root (uid 0 with every capability).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

#include <linux/sockctl.h>

#include "kselftest_harness.h"
#include "child_caps.h"
#include "cmd_request.h"
#include "genl_client.h"
#include "net_topo.h"
#include "pkt_desc.h"

/* --- the matrix ----------------------------------------------------------- */

enum caller {
	ROOT,			/* uid 0, every capability, initial netns */
	NO_NET_RAW,		/* root without CAP_NET_RAW (keeps CAP_NET_ADMIN) */
	NO_NET_ADMIN,		/* root without CAP_NET_ADMIN (keeps CAP_NET_RAW) */
	NOBODY,			/* uid/gid 65534, no capabilities */
	DROPPED_AFTER_OPEN,	/* root opens the socket, then drops both caps:
				 * the sender's capabilities count, not only the
				 * opener's (netlink_ns_capable()) */
	USERNS_OWN_NETNS,	/* nobody, then root of a new user namespace
				 * that owns a new netns, acting in that netns */
	USERNS_INIT_NETNS,	/* nobody, then root of a new user namespace,
				 * still in the initial netns (owned by the
				 * initial user namespace) */
	OTHER_NETNS,		/* root in a new netns; the job and the capture
				 * session it names are in the initial netns */
	N_CALLERS
};

static const char *const caller_names[N_CALLERS] = {
	[ROOT]			= "root in the initial netns",
	[NO_NET_RAW]		= "root without CAP_NET_RAW",
	[NO_NET_ADMIN]		= "root without CAP_NET_ADMIN",
	[NOBODY]		= "uid 65534 without capabilities",
	[DROPPED_AFTER_OPEN]	= "root socket, caps dropped before sending",
	[USERNS_OWN_NETNS]	= "root of a new userns, in the netns it owns",
	[USERNS_INIT_NETNS]	= "root of a new userns, in the initial netns",
	[OTHER_NETNS]		= "root in another netns",
};

#define OK	0
#define PERM	(-EPERM)
#define NOENT	(-ENOENT)

/*
 * What each caller gets for each command.  The job and the capture session
 * that JOB_GET/JOB_STOP and CAPTURE_GET/CAPTURE_STOP name are running in
 * the initial netns, except for USERNS_OWN_NETNS, which starts its own in
 * its netns first (it may).  Beyond the status:
 *
 *   - a dump lists that job or session, except in OTHER_NETNS, where it
 *     lists nothing;
 *   - STATS_GET counts that job, except in OTHER_NETNS, whose counters are
 *     all zero;
 *   - a job or session a refused STOP named is still running afterwards.
 */
static const int expected[N_REQUESTS][N_CALLERS] = {
	/*			root	-RAW	-ADMIN	nobody	dropped	userns	userns	other
	 *								+netns	init	netns	*/
	[R_GET_INFO]	  = {	OK,	OK,	OK,	OK,	OK,	OK,	OK,	OK	},
	[R_BUILD]	  = {	OK,	PERM,	OK,	PERM,	PERM,	OK,	PERM,	OK	},
	[R_SEND]	  = {	OK,	PERM,	OK,	PERM,	PERM,	OK,	PERM,	OK	},
	[R_JOB_GET]	  = {	OK,	OK,	OK,	OK,	OK,	OK,	OK,	NOENT	},
	[R_JOB_DUMP]	  = {	OK,	OK,	OK,	OK,	OK,	OK,	OK,	OK	},
	[R_JOB_STOP]	  = {	OK,	PERM,	OK,	PERM,	PERM,	OK,	PERM,	NOENT	},
	[R_STATS_GET]	  = {	OK,	OK,	OK,	OK,	OK,	OK,	OK,	OK	},
	[R_CAPTURE_START] = {	OK,	OK,	OK,	PERM,	PERM,	OK,	PERM,	OK	},
	[R_CAPTURE_GET]	  = {	OK,	OK,	OK,	PERM,	PERM,	OK,	PERM,	NOENT	},
	[R_CAPTURE_DUMP]  = {	OK,	OK,	OK,	PERM,	PERM,	OK,	PERM,	OK	},
	[R_CAPTURE_STOP]  = {	OK,	OK,	OK,	PERM,	PERM,	OK,	PERM,	NOENT	},
};

static bool is_capture(enum request req)
{
	return req >= R_CAPTURE_START;
}

static bool needs_job(enum request req)
{
	return req == R_JOB_GET || req == R_JOB_DUMP || req == R_JOB_STOP ||
	       req == R_STATS_GET;
}

static bool needs_capture(enum request req)
{
	return req == R_CAPTURE_GET || req == R_CAPTURE_DUMP || req == R_CAPTURE_STOP;
}

/* --- one cell ------------------------------------------------------------ */

enum step {
	STEP_NONE,
	STEP_CAPS,		/* dropping capabilities */
	STEP_NOBODY,		/* setresuid(65534) */
	STEP_USERNS,		/* unshare(CLONE_NEWUSER...) and the id maps */
	STEP_NETNS,		/* unshare(CLONE_NEWNET) */
	STEP_LO_UP,		/* bringing lo up in a new netns */
	STEP_OPEN,		/* the sockctl socket */
	STEP_JOB,		/* starting the caller's own job */
	STEP_CAPTURE,		/* starting the caller's own capture */
	STEP_VERIFY,		/* the caller has the capabilities it should */
	STEP_DONE,
};

static const char *const step_names[] = {
	"none", "dropping capabilities", "setresuid(65534)",
	"unshare(CLONE_NEWUSER) and id maps", "unshare(CLONE_NEWNET)",
	"lo up", "opening the sockctl socket", "starting its own job",
	"starting its own capture session", "checking its capabilities", "done",
};

struct cell_result {
	int step;		/* STEP_DONE once the request was sent */
	int step_err;		/* -errno of the step that failed */
	struct objects own;	/* USERNS_OWN_NETNS: what it started itself */
	struct reply r;
};

/* Runs in the child: become who, send the request, report. */
static int cell_child(enum caller who, enum request req, const struct objects *init,
		      struct cell_result *out)
{
	static const cap_value_t raw[] = { CAP_NET_RAW };
	static const cap_value_t admin[] = { CAP_NET_ADMIN };
	static const cap_value_t both[] = { CAP_NET_RAW, CAP_NET_ADMIN };
	struct genl_client c, jobs = { 0 }, caps = { 0 };
	const struct objects *o = init;
	int err = 0;

	out->step = STEP_CAPS;
	if (who == NO_NET_RAW)
		err = drop_caps(raw, 1);
	else if (who == NO_NET_ADMIN)
		err = drop_caps(admin, 1);
	if (err)
		goto fail;

	out->step = STEP_NOBODY;
	if (who == NOBODY || who == USERNS_OWN_NETNS || who == USERNS_INIT_NETNS)
		err = become_nobody();
	if (err)
		goto fail;

	out->step = STEP_USERNS;
	if (who == USERNS_OWN_NETNS)
		err = enter_userns(CLONE_NEWNET);
	else if (who == USERNS_INIT_NETNS)
		err = enter_userns(0);
	if (err)
		goto fail;

	out->step = STEP_NETNS;
	if (who == OTHER_NETNS && unshare(CLONE_NEWNET))
		err = -errno;
	if (err)
		goto fail;

	out->step = STEP_LO_UP;
	if (who == OTHER_NETNS || who == USERNS_OWN_NETNS)
		err = rtnl_link_up(LO_IFINDEX);
	if (err)
		goto fail;

	/* Root of the netns's owner: it starts what it names itself. */
	if (who == USERNS_OWN_NETNS) {
		o = &out->own;
		out->step = STEP_JOB;
		if (needs_job(req)) {
			err = genl_client_open(&jobs, SOCKCTL_FAMILY_NAME);
			if (!err)
				err = start_job(&jobs, "own job", &out->own.job);
			if (err)
				goto fail;
		}
		out->step = STEP_CAPTURE;
		if (needs_capture(req)) {
			err = genl_client_open(&caps, SOCKCTL_FAMILY_NAME);
			if (!err)
				err = start_capture(&caps, &out->own.capture);
			if (err)
				goto fail;
		}
	}

	out->step = STEP_OPEN;
	err = genl_client_open(&c, SOCKCTL_FAMILY_NAME);
	if (err)
		goto fail;

	out->step = STEP_CAPS;
	if (who == DROPPED_AFTER_OPEN)
		err = drop_caps(both, 2);
	if (err)
		goto fail;

	/* The process is the caller it should be, as far as it can tell. */
	out->step = STEP_VERIFY;
	switch (who) {
	case ROOT:
	case OTHER_NETNS:
	case USERNS_OWN_NETNS:
	case USERNS_INIT_NETNS:		/* (in its own user namespace) */
		err = has_cap(CAP_NET_RAW) && has_cap(CAP_NET_ADMIN) ? 0 : -EPERM;
		break;
	case NO_NET_RAW:
		err = !has_cap(CAP_NET_RAW) && has_cap(CAP_NET_ADMIN) ? 0 : -EPERM;
		break;
	case NO_NET_ADMIN:
		err = has_cap(CAP_NET_RAW) && !has_cap(CAP_NET_ADMIN) ? 0 : -EPERM;
		break;
	case NOBODY:
	case DROPPED_AFTER_OPEN:
		err = !has_cap(CAP_NET_RAW) && !has_cap(CAP_NET_ADMIN) ? 0 : -EPERM;
		break;
	case N_CALLERS:
		break;
	}
	if (err)
		goto fail;

	do_request(&c, req, o, &out->r);
	out->step = STEP_DONE;
	genl_client_close(&c);
	genl_client_close(&caps);
	genl_client_close(&jobs);
	return 0;
fail:
	out->step_err = err;
	return 1;
}

struct cell_arg {
	enum caller who;
	enum request req;
	const struct objects *init;
};

static int cell_in_child(void *arg, void *out)
{
	const struct cell_arg *a = arg;

	return cell_child(a->who, a->req, a->init, out);
}

/* Fork, run the cell in the child, collect its result. */
static int run_cell(enum caller who, enum request req, const struct objects *init,
		    struct cell_result *out)
{
	struct cell_arg a = { .who = who, .req = req, .init = init };

	memset(out, 0, sizeof(*out));
	return in_child(cell_in_child, &a, out, sizeof(*out));
}

static const char *err_name(int err)
{
	static char buf[64];

	switch (err) {
	case 0: return "0";
	case -EPERM: return "-EPERM";
	case -ENOENT: return "-ENOENT";
	case -EINVAL: return "-EINVAL";
	case -EOPNOTSUPP: return "-EOPNOTSUPP";
	}
	snprintf(buf, sizeof(buf), "%d (%s)", err, strerror(-err));
	return buf;
}

/* --- the fixture: one variant per caller, one test per command ---------- */

FIXTURE(privilege) {
	struct genl_client prov;	/* requests of the test itself */
	struct genl_client capsock;	/* the session's packets go there */
	bool has_capture;
	struct objects init;		/* in the initial netns */
};

FIXTURE_VARIANT(privilege) {
	enum caller who;
};

FIXTURE_VARIANT_ADD(privilege, root) { .who = ROOT };
FIXTURE_VARIANT_ADD(privilege, no_net_raw) { .who = NO_NET_RAW };
FIXTURE_VARIANT_ADD(privilege, no_net_admin) { .who = NO_NET_ADMIN };
FIXTURE_VARIANT_ADD(privilege, nobody) { .who = NOBODY };
FIXTURE_VARIANT_ADD(privilege, dropped_after_open) { .who = DROPPED_AFTER_OPEN };
FIXTURE_VARIANT_ADD(privilege, userns_own_netns) { .who = USERNS_OWN_NETNS };
FIXTURE_VARIANT_ADD(privilege, userns_init_netns) { .who = USERNS_INIT_NETNS };
FIXTURE_VARIANT_ADD(privilege, other_netns) { .who = OTHER_NETNS };

FIXTURE_SETUP(privilege)
{
	int err, has;

	err = genl_client_open(&self->prov, SOCKCTL_FAMILY_NAME);
	if (err == -ENOENT)
		SKIP(return, "sockctl.ko is not loaded");
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, getuid()) TH_LOG("run as root");
	has = sc_has_capture_cmds(&self->prov);
	ASSERT_LE(0, has) TH_LOG("listing the family's operations: %s", strerror(-has));
	self->has_capture = has;
}

FIXTURE_TEARDOWN(privilege)
{
	struct genl_result *res = malloc(sizeof(*res));
	struct sc_job job;

	/* The job and the session end with their sockets anyway. */
	if (res && self->init.job)
		sc_job_stop(&self->prov, res, self->init.job, &job);
	free(res);
	genl_client_close(&self->capsock);
	genl_client_close(&self->prov);
}

static void cell(struct __test_metadata *_metadata,
		 FIXTURE_DATA(privilege) *self, enum caller who, enum request req)
{
	const int want = expected[req][who];
	const bool same_netns = who != OTHER_NETNS;
	struct cell_result *res = malloc(sizeof(*res));
	const struct objects *o;
	struct reply *r;
	int ret, err;

	ASSERT_NE(NULL, res);
	if (is_capture(req) && !self->has_capture)
		SKIP(goto out, "the module has no SOCKCTL_CMD_CAPTURE_* commands yet "
		     "(not in the family's operation list)");

	/* What the request names, in the initial netns. */
	if (who != USERNS_OWN_NETNS && needs_job(req)) {
		err = start_job(&self->prov, "test job", &self->init.job);
		ASSERT_EQ(0, err) TH_LOG("starting a job: %s", strerror(-err));
	}
	if (who != USERNS_OWN_NETNS && needs_capture(req)) {
		ASSERT_EQ(0, genl_client_open(&self->capsock, SOCKCTL_FAMILY_NAME));
		err = start_capture(&self->capsock, &self->init.capture);
		ASSERT_EQ(0, err) TH_LOG("starting a capture: %s", strerror(-err));
	}

	ret = run_cell(who, req, &self->init, res);
	if (ret && res->step == STEP_USERNS &&
	    (res->step_err == -EPERM || res->step_err == -EINVAL ||
	     res->step_err == -ENOSPC || res->step_err == -EACCES))
		SKIP(goto out, "user namespaces are not available to uid %d: %s",
		     NOBODY_ID, strerror(-res->step_err));
	ASSERT_EQ(0, ret) TH_LOG("becoming \"%s\" failed at %s: %s", caller_names[who],
				 step_names[res->step], strerror(-res->step_err));
	ASSERT_EQ(STEP_DONE, res->step);

	r = &res->r;
	o = who == USERNS_OWN_NETNS ? &res->own : &self->init;
	EXPECT_EQ(want, r->err) TH_LOG("%s by %s: got %s, the table says %s; extack \"%s\"",
				       request_names[req], caller_names[who],
				       err_name(r->err), err_name(want), r->extack);
	if (r->err && r->err == want)
		TH_LOG("%s by %s: %s, \"%s\"", request_names[req], caller_names[who],
		       err_name(r->err), r->extack);
	if (want == -EPERM && r->err == -EPERM) {
		EXPECT_NE(NULL, strstr(r->extack, "CAP_NET_RAW"))
			TH_LOG("the extended ACK of a refusal must name the capability, "
			       "got \"%s\"", r->extack);
		/* ...both of them, when either would do. */
		if (is_capture(req))
			EXPECT_NE(NULL, strstr(r->extack, "CAP_NET_ADMIN"))
				TH_LOG("a capture refusal must say CAP_NET_ADMIN would "
				       "do too, got \"%s\"", r->extack);
	}

	/* What a successful reply holds, and what it must not show. */
	if (!r->err && r->err == want) {
		switch (req) {
		case R_GET_INFO:
		case R_BUILD:
			EXPECT_EQ(1, r->messages);
			if (req == R_BUILD)
				EXPECT_EQ(1, r->n_frames);
			break;
		case R_SEND:
			EXPECT_TRUE(r->stats.present);
			EXPECT_EQ(1, r->stats.packets);
			break;
		case R_JOB_GET:
		case R_JOB_STOP:
			EXPECT_EQ(1, r->n_jobs);
			EXPECT_EQ(o->job, r->job_ids[0]);
			break;
		case R_JOB_DUMP:
			if (same_netns) {
				EXPECT_TRUE(has_id(r->job_ids, r->n_jobs, o->job))
					TH_LOG("the dump (%d jobs) lacks job %u of the netns",
					       r->n_jobs, o->job);
			} else {
				EXPECT_EQ(0, r->n_jobs)
					TH_LOG("a new netns lists %d jobs of another", r->n_jobs);
			}
			break;
		case R_STATS_GET:
			EXPECT_TRUE(r->stats.present);
			if (same_netns) {
				EXPECT_LE(1, r->stats.jobs);
			} else {
				EXPECT_EQ(0, r->stats.jobs);
				EXPECT_EQ(0, r->stats.packets);
			}
			break;
		case R_CAPTURE_START:
			EXPECT_EQ(1, r->n_captures);
			EXPECT_LT(0, r->capture_ids[0]);
			break;
		case R_CAPTURE_GET:
		case R_CAPTURE_STOP:
			EXPECT_EQ(1, r->n_captures);
			EXPECT_EQ(o->capture, r->capture_ids[0]);
			break;
		case R_CAPTURE_DUMP:
			if (same_netns) {
				EXPECT_TRUE(has_id(r->capture_ids, r->n_captures, o->capture))
					TH_LOG("the dump (%d sessions) lacks session %u",
					       r->n_captures, o->capture);
			} else {
				EXPECT_EQ(0, r->n_captures)
					TH_LOG("a new netns lists %d sessions of another",
					       r->n_captures);
			}
			break;
		case N_REQUESTS:
			break;
		}
	}

	/* A refused stop stopped nothing. */
	if (want && req == R_JOB_STOP)
		EXPECT_EQ(SOCKCTL_JOB_RUNNING, job_state(&self->prov, self->init.job));
	if (want && req == R_CAPTURE_STOP)
		EXPECT_EQ(0, capture_get(&self->prov, self->init.capture));
out:
	free(res);
}

TEST_F(privilege, get_info)	  { cell(_metadata, self, variant->who, R_GET_INFO); }
TEST_F(privilege, build)	  { cell(_metadata, self, variant->who, R_BUILD); }
TEST_F(privilege, send)		  { cell(_metadata, self, variant->who, R_SEND); }
TEST_F(privilege, job_get)	  { cell(_metadata, self, variant->who, R_JOB_GET); }
TEST_F(privilege, job_dump)	  { cell(_metadata, self, variant->who, R_JOB_DUMP); }
TEST_F(privilege, job_stop)	  { cell(_metadata, self, variant->who, R_JOB_STOP); }
TEST_F(privilege, stats_get)	  { cell(_metadata, self, variant->who, R_STATS_GET); }
TEST_F(privilege, capture_start) { cell(_metadata, self, variant->who, R_CAPTURE_START); }
TEST_F(privilege, capture_get)	  { cell(_metadata, self, variant->who, R_CAPTURE_GET); }
TEST_F(privilege, capture_dump)  { cell(_metadata, self, variant->who, R_CAPTURE_DUMP); }
TEST_F(privilege, capture_stop)  { cell(_metadata, self, variant->who, R_CAPTURE_STOP); }

TEST_HARNESS_MAIN
