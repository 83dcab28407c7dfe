/* SPDX-License-Identifier: GPL-2.0 */
/*
 * failnth_client: the fault injection sweeps of failnth_test.sh (main.c
 * says what they do).  request.c sends a request with the Nth fault point
 * of its sendmsg() armed and collects what came back, sweeps.c says what
 * each sweep sends, checks.c what must hold after each.
 */
#ifndef SOCKCTL_FAILNTH_H
#define SOCKCTL_FAILNTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "genl_client.h"
#include "net_topo.h"

#define EXIT_PASS	0
#define EXIT_FAIL	1
#define EXIT_SETUP	2
#define EXIT_SKIP	4

#define MAX_POINTS	5000	/* a sweep that never ends is a failure */
#define REPLY_MS	20000	/* KASAN under TCG is slow */
#define SETTLE_MS	5000	/* for jobs and sessions to end after close */
#define RECV_BUFSZ	(256 * 1024)
#define MAX_IDS		64
#define BIG_PAYLOAD	3000
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Print a TAP comment ("# ..."); vdiag() only with FAILNTH_VERBOSE=1. */
extern bool verbose;
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define vdiag(...) do { if (verbose) diag(__VA_ARGS__); } while (0)

/* /proc/thread-self/fail-nth: open it, arm the Nth fault point (0: disarm). */
int failnth_open(void);
int failnth_set(unsigned int n);
/* What is left of the counter: 0 once the fault was injected. */
long failnth_get(void);

/* What came back for one request. */
struct outcome {
	int err;		/* 0, the ACK's / DONE's error, sendmsg's -errno */
	bool fired;		/* the armed fault was injected */
	bool send_failed;	/* sendmsg() itself failed: no reply */
	bool lost;		/* ENOBUFS on the socket: the reply was dropped */
	bool timeout;
	int replies;		/* data messages */
	char extack[256];
	uint32_t job_id;	/* top-level SOCKCTL_A_JOB_ID */
	int n_jobs, n_running, n_captures;
	uint32_t running_ids[MAX_IDS];
	uint32_t capture_ids[MAX_IDS];
	int bad_counts;		/* capture nests whose counters do not add up */
	uint32_t info_max_jobs, info_max_captures;
};

/*
 * Send nlh on c with the nth fault point of the sendmsg() armed (0: none),
 * then collect the replies.  The outcome says whether the fault fired.
 */
void run(struct genl_client *c, struct nlmsghdr *nlh, unsigned int nth, struct outcome *o);

/*
 * A new sockctl socket without resolving the family again, once
 * quick_open_init() was given a socket that did: a sweep opens one per
 * fault point.
 */
void quick_open_init(const struct genl_client *c);
int quick_open(struct genl_client *c);

struct ctx {
	struct topo t;
	bool has_capture;
};

/* What a sweep's setup started, for its request to name. */
struct ids {
	uint32_t job;
	uint32_t capture;
};

/* Unarmed requests for setups and checks: 0 or -errno. */
int plain(struct genl_client *c, uint8_t cmd, uint16_t flags,
	  void (*put)(struct ctx *, struct nlmsghdr *, const struct ids *),
	  struct ctx *x, const struct ids *ids, struct outcome *o);

struct sweep {
	const char *name;
	const char *what;
	uint8_t cmd;
	uint16_t flags;		/* NLM_F_DUMP */
	bool capture;		/* needs the capture commands */
	bool outlives;		/* what it starts outlives its socket */
	int (*setup)(struct ctx *x, struct genl_client *c, struct ids *ids);
	void (*put)(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids);
};

extern const struct sweep sweeps[];
extern const size_t n_sweeps;
extern char payload[BIG_PAYLOAD];	/* the requests' payload bytes */

/* Requests the sweeps and the checks share. */
void put_job_id(struct ctx *x, struct nlmsghdr *nlh, const struct ids *ids);
/* A long, slow job on c; it ends when c is closed. */
int start_job(struct genl_client *c, struct ctx *x, uint32_t *id);
/*
 * A session on device ifindex delivering to c; flush_us long keeps what it
 * captures queued.  It ends when c is closed.
 */
int start_capture(struct genl_client *c, int ifindex, uint32_t flush_us, uint32_t *id);

/* What must hold after each fault and each sweep (checks.c). */
int family_answers(struct outcome *info);
int nothing_left(struct ctx *x, struct outcome *o);
bool clean_error(int err);
void stop_all_jobs(struct ctx *x);
int capacity_check(struct ctx *x);

#endif
