/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One request of each command of the family (and each dump), sent as any
 * caller may send it, with everything that came back: the error and the
 * extended ACK of the ACK or of a dump's NLMSG_DONE, the ids of the jobs
 * and capture sessions listed, the statistics.  The privilege matrix and
 * the network namespace tests send them as different callers and from
 * different network namespaces.
 */
#ifndef SOCKCTL_CMD_REQUEST_H
#define SOCKCTL_CMD_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "genl_client.h"
#include "pkt_desc.h"	/* struct sc_stats */

#define DISCARD_PORT	9	/* UDP discard: nobody listens in the VM */
#define JOB_COUNT	1000000	/* a job that outlives the test... */
#define JOB_PPS		10	/* ...sending slowly; it ends with its socket */
#define SNAPLEN		128
#define MAX_IDS		64

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

extern const char *const request_names[N_REQUESTS];

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

/*
 * Send nlh and collect every reply to it.  Unlike genl_client_xfer(), this
 * reads a dump's error (and extended ACK) from its NLMSG_DONE, where the
 * kernel puts what a dumpit callback returned.  Messages with another
 * sequence number (capture notifications, seq 0) are skipped.  Returns the
 * request's error, or -errno of the socket.
 */
int cmd_xfer(struct genl_client *c, struct nlmsghdr *nlh, struct reply *r);

/*
 * The request req in buf (MNL_SOCKET_BUFFER_SIZE bytes); o names the job
 * and the session it is about.
 */
struct nlmsghdr *request_msg(struct genl_client *c, char *buf, enum request req,
			     const struct objects *o);

/* Send one request; the reply in *r. */
int do_request(struct genl_client *c, enum request req, const struct objects *o,
	       struct reply *r);

/* IPv4 to 127.0.0.1, UDP to the discard port: harmless in any netns. */
void put_lo_udp(struct nlmsghdr *nlh, const char *payload);

/* A job of the socket's netns that runs until the socket is closed. */
int start_job(struct genl_client *c, const char *tag, uint32_t *id);

/*
 * A capture session of the socket's netns on every device, delivering to
 * that socket, until it is closed.
 */
int start_capture(struct genl_client *c, uint32_t *id);

/* The job's state (SOCKCTL_JOB_*) seen from c, or -errno. */
int job_state(struct genl_client *c, uint32_t id);

/* CAPTURE_GET of the session from c: 0 or -errno. */
int capture_get(struct genl_client *c, uint32_t id);

/* Is id among the first n of ids? */
bool has_id(const uint32_t *ids, int n, uint32_t id);


#endif
