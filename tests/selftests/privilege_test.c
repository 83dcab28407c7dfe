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
 *     capture never sees another netns's packets.
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
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/sockctl.h>

#include "kselftest_harness.h"
#include "child_caps.h"
#include "genl_client.h"
#include "net_topo.h"
#include "pkt_desc.h"

#define NOBODY_ID	65534	/* uid and gid of "nobody" */
#define LO_IFINDEX	1	/* lo is ifindex 1 in every netns */
#define DISCARD_PORT	9	/* UDP discard: nobody listens in the VM */
#define JOB_COUNT	1000000	/* a job that outlives the test... */
#define JOB_PPS		10	/* ...sending slowly; it ends with its socket */
#define SNAPLEN		128
#define RECV_BUFSZ	(256 * 1024)	/* a capture batch is up to ~64 KiB */
#define MAX_IDS		64

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

enum request {
	R_GET_INFO,
	R_BUILD,
	R_SEND,
	R_JOB_GET,		/* do, with the id of a running job */
	R_JOB_DUMP,
	R_JOB_STOP,		/* that job */
	R_STATS_GET,
	R_CAPTURE_START,
	R_CAPTURE_GET,		/* do, with the id of a running session */
	R_CAPTURE_DUMP,
	R_CAPTURE_STOP,		/* that session */
	N_REQUESTS
};

static const char *const request_names[N_REQUESTS] = {
	[R_GET_INFO]		= "GET_INFO",
	[R_BUILD]		= "BUILD",
	[R_SEND]		= "SEND",
	[R_JOB_GET]		= "JOB_GET (do)",
	[R_JOB_DUMP]		= "JOB_GET (dump)",
	[R_JOB_STOP]		= "JOB_STOP",
	[R_STATS_GET]		= "STATS_GET",
	[R_CAPTURE_START]	= "CAPTURE_START",
	[R_CAPTURE_GET]		= "CAPTURE_GET (do)",
	[R_CAPTURE_DUMP]	= "CAPTURE_GET (dump)",
	[R_CAPTURE_STOP]	= "CAPTURE_STOP",
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

/* --- requests and replies ------------------------------------------------- */

/* The job and capture session the requests name. */
struct objects {
	uint32_t job;
	uint32_t capture;
};

/* What came back for one request, all its messages (dumps included). */
struct reply {
	int err;		/* of the ACK, or of NLMSG_DONE for a dump */
	char extack[256];
	int messages;		/* data messages */
	uint32_t reply_id;	/* top-level SOCKCTL_A_JOB_ID (SEND of a job) */
	int n_jobs, n_captures;	/* SOCKCTL_A_JOB / SOCKCTL_A_CAPTURE nests */
	uint32_t job_ids[MAX_IDS], capture_ids[MAX_IDS];
	int n_frames;		/* SOCKCTL_A_FRAME nests */
	struct sc_stats stats;	/* SOCKCTL_A_STATS */
};

static uint32_t nested_u32(const struct nlattr *nest, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) == type &&
		    mnl_attr_get_payload_len(a) >= sizeof(uint32_t))
			return mnl_attr_get_u32(a);
	return 0;
}

static void parse_data(const struct nlmsghdr *nlh, struct reply *r)
{
	const struct nlattr *a;

	r->messages++;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case SOCKCTL_A_JOB_ID:
			r->reply_id = mnl_attr_get_u32(a);
			break;
		case SOCKCTL_A_JOB:
			if (r->n_jobs < MAX_IDS)
				r->job_ids[r->n_jobs] = nested_u32(a, SOCKCTL_A_JOB_JOB_ID);
			r->n_jobs++;
			break;
		case SOCKCTL_A_CAPTURE:
			if (r->n_captures < MAX_IDS)
				r->capture_ids[r->n_captures] =
					nested_u32(a, SOCKCTL_A_CAPTURE_ID);
			r->n_captures++;
			break;
		case SOCKCTL_A_FRAME:
			r->n_frames++;
			break;
		case SOCKCTL_A_STATS:
			sc_parse_stats(a, &r->stats);
			break;
		}
	}
}

static void parse_extack(const struct nlmsghdr *nlh, size_t off, struct reply *r)
{
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(a, nlh, off)
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(r->extack, sizeof(r->extack), "%s", mnl_attr_get_str(a));
}

/*
 * Send nlh and collect every reply to it.  Unlike genl_client_xfer(), this
 * reads a dump's error (and extended ACK) from its NLMSG_DONE, where the
 * kernel puts what a dumpit callback returned.  Messages with another
 * sequence number (capture notifications, seq 0) are skipped.  Returns the
 * request's error, or -errno of the socket.
 */
static int xfer(struct genl_client *c, struct nlmsghdr *nlh, struct reply *r)
{
	bool dump = nlh->nlmsg_flags & NLM_F_DUMP, done = false;
	char *buf = malloc(RECV_BUFSZ);
	ssize_t n;

	memset(r, 0, sizeof(*r));
	if (!buf)
		return r->err = -ENOMEM;
	if (!dump)
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++c->seq;
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0) {
		free(buf);
		return r->err = -errno;
	}
	while (!done) {
		const struct nlmsghdr *m;
		int len;

		n = recv(mnl_socket_get_fd(c->nl), buf, RECV_BUFSZ, 0);
		if (n < 0) {
			r->err = -errno;
			break;
		}
		len = (int)n;
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			if (m->nlmsg_seq != c->seq)
				continue;
			if (m->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(m);
				size_t off = sizeof(*e);

				if (!(m->nlmsg_flags & NLM_F_CAPPED))
					off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
				r->err = e->error;
				parse_extack(m, off, r);
				done = true;
				break;
			}
			if (m->nlmsg_type == NLMSG_DONE) {
				if (mnl_nlmsg_get_payload_len(m) >= sizeof(int)) {
					r->err = *(const int *)mnl_nlmsg_get_payload(m);
					parse_extack(m, sizeof(int), r);
				}
				done = true;
				break;
			}
			parse_data(m, r);
		}
	}
	free(buf);
	return r->err;
}

/* IPv4 to 127.0.0.1, UDP to the discard port: harmless in any netns. */
static void put_lo_udp(struct nlmsghdr *nlh, const char *payload)
{
	static const uint8_t lo4[4] = { 127, 0, 0, 1 };

	PUT_ATTRS(nlh,
		NEST(SOCKCTL_A_IPV4, BIN(SOCKCTL_A_IPV4_DADDR, lo4, 4)),
		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, DISCARD_PORT)),
		BIN(SOCKCTL_A_PAYLOAD, payload, strlen(payload)));
}

static struct nlmsghdr *request_msg(struct genl_client *c, char *buf,
				    enum request req, const struct objects *o)
{
	struct nlmsghdr *nlh;

	switch (req) {
	case R_GET_INFO:
		return genl_client_msg(c, buf, SOCKCTL_CMD_GET_INFO, 0);
	case R_BUILD:
		nlh = genl_client_msg(c, buf, SOCKCTL_CMD_BUILD, 0);
		put_lo_udp(nlh, "privilege_test");
		return nlh;
	case R_SEND:
		nlh = genl_client_msg(c, buf, SOCKCTL_CMD_SEND, 0);
		put_lo_udp(nlh, "privilege_test");
		return nlh;
	case R_JOB_GET:
	case R_JOB_STOP:
		nlh = genl_client_msg(c, buf, req == R_JOB_GET ? SOCKCTL_CMD_JOB_GET :
				      SOCKCTL_CMD_JOB_STOP, 0);
		mnl_attr_put_u32(nlh, SOCKCTL_A_JOB_ID, o->job);
		return nlh;
	case R_JOB_DUMP:
		return genl_client_msg(c, buf, SOCKCTL_CMD_JOB_GET, NLM_F_DUMP);
	case R_STATS_GET:
		return genl_client_msg(c, buf, SOCKCTL_CMD_STATS_GET, 0);
	case R_CAPTURE_START:
		nlh = genl_client_msg(c, buf, SOCKCTL_CMD_CAPTURE_START, 0);
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE,
				    U32(SOCKCTL_A_CAPTURE_SNAPLEN, SNAPLEN)));
		return nlh;
	case R_CAPTURE_GET:
	case R_CAPTURE_STOP:
		nlh = genl_client_msg(c, buf, req == R_CAPTURE_GET ?
				      SOCKCTL_CMD_CAPTURE_GET : SOCKCTL_CMD_CAPTURE_STOP, 0);
		PUT_ATTRS(nlh, NEST(SOCKCTL_A_CAPTURE,
				    U32(SOCKCTL_A_CAPTURE_ID, o->capture)));
		return nlh;
	case R_CAPTURE_DUMP:
		return genl_client_msg(c, buf, SOCKCTL_CMD_CAPTURE_GET, NLM_F_DUMP);
	case N_REQUESTS:
		break;
	}
	return NULL;
}

/* A job of the socket's netns that runs until the socket is closed. */
static int start_job(struct genl_client *c, const char *tag, uint32_t *id)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = genl_client_msg(c, buf, SOCKCTL_CMD_SEND, 0);
	struct reply *r = malloc(sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	put_lo_udp(nlh, tag);
	PUT_ATTRS(nlh,
		U32(SOCKCTL_A_COUNT, JOB_COUNT),
		U32(SOCKCTL_A_RATE_PPS, JOB_PPS));
	err = xfer(c, nlh, r);
	*id = r->reply_id;
	if (!err && !*id)
		err = -ENODATA;
	free(r);
	return err;
}

/*
 * A capture session of the socket's netns on every device, delivering to
 * that socket, until it is closed.
 */
static int start_capture(struct genl_client *c, uint32_t *id)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = request_msg(c, buf, R_CAPTURE_START, NULL);
	struct reply *r = malloc(sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	err = xfer(c, nlh, r);
	*id = r->n_captures ? r->capture_ids[0] : 0;
	if (!err && !*id)
		err = -ENODATA;
	free(r);
	return err;
}

/* Send one request of the matrix; the reply in *r. */
static int do_request(struct genl_client *c, enum request req,
		      const struct objects *o, struct reply *r)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	return xfer(c, request_msg(c, buf, req, o), r);
}

/* Is the job still running / the session still there (seen from c)? */
static int job_state(struct genl_client *c, uint32_t id)
{
	struct genl_result *res = malloc(sizeof(*res));
	struct sc_job job = { 0 };
	int err;

	if (!res)
		return -ENOMEM;
	err = sc_job_get(c, res, id, &job);
	free(res);
	return err ? err : job.state;
}

static int capture_get(struct genl_client *c, uint32_t id)
{
	struct objects o = { .capture = id };
	struct reply *r = malloc(sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	err = do_request(c, R_CAPTURE_GET, &o, r);
	free(r);
	return err;
}

static bool has_id(const uint32_t *ids, int n, uint32_t id)
{
	int i;

	for (i = 0; i < n && i < MAX_IDS; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* --- becoming the caller ------------------------------------------------- */

/* Has the process cap in its effective set (over its own user namespace)? */
static bool has_cap(cap_value_t cap)
{
	cap_flag_value_t v = CAP_CLEAR;
	cap_t c = cap_get_proc();

	if (c) {
		cap_get_flag(c, cap, CAP_EFFECTIVE, &v);
		cap_free(c);
	}
	return v == CAP_SET;
}

static int become_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(NOBODY_ID, NOBODY_ID, NOBODY_ID) ||
	    setresuid(NOBODY_ID, NOBODY_ID, NOBODY_ID))
		return -errno;
	/*
	 * Changing uid made the process non-dumpable, which gives its /proc
	 * files to root: it could not write its own uid_map.
	 */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		return -errno;
	return 0;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		err = -errno;
	close(fd);
	return err;
}

/* A new user namespace (and more namespaces), where we are root. */
static int enter_userns(int more_flags)
{
	char map[32];
	int err;

	if (unshare(CLONE_NEWUSER | more_flags))
		return -errno;
	snprintf(map, sizeof(map), "0 %d 1", NOBODY_ID);
	err = write_file("/proc/self/setgroups", "deny");
	if (!err)
		err = write_file("/proc/self/uid_map", map);
	if (!err)
		err = write_file("/proc/self/gid_map", map);
	return err;
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

static const uint8_t capture_cmds[] = {
	SOCKCTL_CMD_CAPTURE_START, SOCKCTL_CMD_CAPTURE_GET, SOCKCTL_CMD_CAPTURE_STOP,
};

/* 1 if the family has every capture command, 0 if not, -errno. */
static int family_has_capture(struct genl_client *c)
{
	int i, has;

	for (i = 0; i < (int)sizeof(capture_cmds); i++) {
		has = sc_has_cmd(c, capture_cmds[i]);
		if (has <= 0)
			return has;
	}
	return 1;
}

FIXTURE_SETUP(privilege)
{
	int err, has;

	err = genl_client_open(&self->prov, SOCKCTL_FAMILY_NAME);
	if (err == -ENOENT)
		SKIP(return, "sockctl.ko is not loaded");
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, getuid()) TH_LOG("run as root");
	has = family_has_capture(&self->prov);
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

/* --- across network namespaces ------------------------------------------- */

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
	struct timespec t0, t;
	int left = ms, found = 0;

	if (!buf)
		return -ENOMEM;
	clock_gettime(CLOCK_MONOTONIC, &t0);
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
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - (int)((t.tv_sec - t0.tv_sec) * 1000 +
				  (t.tv_nsec - t0.tv_nsec) / 1000000);
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
	has = family_has_capture(&a);
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
	err = xfer(&a, nlh, r);
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
