/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlfuzz: what the files of the sockctl netlink fuzzer share.  main.c says
 * what the fuzzer does; each file says which part of it it holds.
 */
#ifndef NLFUZZ_H
#define NLFUZZ_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <net/if.h>

#include <libmnl/libmnl.h>
#include <linux/filter.h>
#include <linux/genetlink.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include <linux/sockctl.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ALIGN4(x)	(((x) + 3u) & ~3u)
#define BIT(n)		(1u << (n))

/* Values of the module (sockctl.h) the model needs. */
#define MAX_PACKET	65535
#define MAX_COUNT	100000000u
#define MAX_JOBS	16
#define MAX_BURST	1024
#define MAX_OPTLEN	40
#define INLINE_MAX	1024
#define MAX_CAPTURES	8
#define CAPTURE_QUEUE_MAX	65536
#define CAPTURE_FLUSH_MAX	1000000
#define CAPTURE_QUEUE_DEFAULT	4096

#define MSGBUF		(256 * 1024)
#define SNDMAX		(200 * 1024)

/* ------------------------------------------------------------------ */
/* Attribute trees (tree.c)                                            */
/* ------------------------------------------------------------------ */

struct an {
	uint16_t type;		/* with NLA_F_NESTED / NLA_F_NET_BYTEORDER */
	bool nest;		/* payload is the kids */
	int32_t force_len;	/* < 0: nla_len as computed; else written as is */
	uint8_t *data;		/* leaf payload */
	uint32_t len;
	struct an **kid;
	int nkid, cap;
	bool raw;		/* bytes without an attribute header */
};

/* ------------------------------------------------------------------ */
/* The model's tables (policy.c)                                       */
/* ------------------------------------------------------------------ */

enum kind { K_NONE, K_U8, K_U16, K_U32, K_U64, K_FLAG, K_BIN, K_NSTR, K_NEST,
	    K_REJECT };

enum set {
	S_PKT, S_JOBREQ, S_NOATTR, S_ETH, S_VLAN, S_ARP, S_IPV4, S_IPV6, S_EXT,
	S_TCP, S_UDP, S_ICMP, S_VARY,
	S_CAPSTART, S_CAPSET, S_CAPIDREQ, S_CAPID,
	/* replies and notifications */
	R_INFO, R_BUILD, R_FRAME, R_SEND, R_JOBTOP, R_JOB, R_STATSTOP, R_STATS,
	R_CAPTOP, R_CAP, R_PKTS, R_CAPCNT, R_PACKET,
	N_SETS
};

/* How mutate_valid() makes a value the policy accepts, beyond its range. */
enum gen_hint {
	G_PLAIN,
	G_BPF,		/* a classic BPF program (K_BIN, length a multiple of 8) */
	G_ID,		/* an id the kernel hands out from 1: small values often */
};

struct fdef {
	uint8_t kind;
	uint8_t set;		/* K_NEST */
	bool ranged;
	uint8_t gen;		/* enum gen_hint */
	uint64_t min, max;	/* values (ints) or lengths (binary, string) */
	const char *name;
};

struct setdef {
	const char *name;
	int maxtype;
	const struct fdef *f;
	uint32_t required;	/* replies: BIT(type) that must be present */
};

/* ------------------------------------------------------------------ */
/* Expectations (model.c) and the fuzzer's state                       */
/* ------------------------------------------------------------------ */

/* The model's verdict on a request. */
struct verdict {
	int err;		/* 0 valid, else the predicted negative errno */
	char why[160];
};

/* What the kernel must do with one netlink message. */
enum exp_kind {
	E_SILENT,	/* dropped: no reply at all */
	E_ACK0,		/* not a request: ACK 0 (if asked), never processed */
	E_ERR,		/* must fail */
	E_ANY,		/* valid: the handler decides */
	E_PING,		/* our own GET_INFO: must succeed */
};

struct expect {
	uint32_t seq;
	uint8_t kind;
	uint8_t cmd;
	bool dump;
	bool ack;	/* NLM_F_ACK asked */
	int err;	/* E_ERR: predicted errno */
	char why[160];
	const uint8_t *req;	/* the request, for ACK offsets */
	uint32_t req_len;
	/* what came back */
	int n_data;
	bool got_ack, got_done;
	int ack_err;
	bool bad;	/* already reported */
	uint32_t job_id;	/* SEND started a job */
	uint8_t job_state;	/* JOB_STOP/JOB_GET: its state */
	uint32_t job_reply_id;
	int n_frames, frame0_len, frame0_l3;	/* BUILD */
	bool sync;	/* E_PING sent to learn which replies an overrun took */
	bool lost;	/* its reply was lost to a socket overrun (ENOBUFS) */
	bool dump_enobufs;	/* a dump whose start met a full socket */
	uint64_t sent_mark;	/* capture notifications seen before it was sent */
	uint32_t cap_id;	/* CAPTURE_START/_GET/_STOP: the session replied */
	uint8_t cap_reason;	/* and its END_REASON, if any */
};

/* A capture session's nest (reply or notification), as check.c reads it. */
struct capinfo {
	uint32_t have;		/* BIT(SOCKCTL_A_CAPTURE_*) seen */
	uint32_t id, snaplen, queue_len, flush_us, ifindex, portid, filter_len, queued;
	uint8_t dir, reason;
	uint64_t count, matched, delivered, drops_queue, drops_socket, drops_nomem, messages;
};

/* A capture session this socket started (capture.c). */
struct capsess {
	uint32_t id;
	uint8_t dir;
	uint32_t snaplen;
	uint32_t ifindex;
	uint64_t limit;
	uint64_t epoch;		/* fz.overruns when it started */
	uint64_t last_seq;	/* of the last packet received */
	uint64_t pkts, msgs;	/* received in CAPTURE_PACKETS messages */
	uint64_t end_mark;	/* fz.notif_mark when its END came */
	bool live;		/* no END, no successful STOP yet */
	bool end_seen;
	bool stopped;		/* a STOP replied with its final nest */
	bool stop_enoent;	/* a STOP found it already ending */
	uint8_t reason;
};

#define MAX_SESS	64

#define N_ERRNO		256
#define MAX_PHASES	16
#define MAX_STOPPED	4096

struct fz {
	struct mnl_socket *nl;
	int fd;
	uint32_t portid;
	uint32_t seq;
	uint8_t version;
	double timeout;		/* seconds, for a reply */
	int rcvbuf;		/* -b: the socket's receive buffer (0: 8 MiB) */
	uint8_t *rbuf;
	size_t rbuf_size;

	/* counters */
	uint64_t idx;		/* messages generated (the -k numbering) */
	uint64_t only;		/* -k: send only this one (0: all) */
	uint64_t budget;	/* -n */
	uint64_t gen;		/* messages that pass the sampling (sent unless -k) */
	bool dry;		/* count messages, send nothing */
	bool sys;		/* a systematic phase: sampled if too many */
	bool fixed;		/* a fixed phase: runs in full whatever -n says */
	bool ebusy_reported;
	uint64_t sys_start, sys_num, sys_den;
	uint64_t sent, ok, silent, aux;
	uint64_t errs[N_ERRNO];
	uint64_t errno_mismatch;
	uint64_t failures;
	uint64_t local_errors;

	/* the current phase, for TAP */
	const char *phase;
	uint64_t phase_fail, phase_sent;
	double phase_t0;
	int n_tap;
	int tap_fail;

	/* the current message, for reports */
	const char *cname;
	const uint8_t *cmsg;
	uint32_t clen;
	uint64_t cidx;

	/* setup */
	int ifindex0, ifindex1;
	bool have_dummy, have_tnl;
	int ifindex_tnl;
	const char *save_dir;

	/* jobs stopped and their final state, to see it never changes */
	struct { uint32_t id; uint8_t state; } stopped[MAX_STOPPED];
	unsigned int n_stopped;
	unsigned int max_fail_print;

	/* capture sessions (capture.c) */
	bool have_veth;
	int ifindex_v0, ifindex_v1;
	struct capsess sess[MAX_SESS];
	unsigned int n_sess;
	unsigned int cap_keep;	/* live sessions a fuzz message may leave (0: stop at once) */
	bool cap_tick;		/* the mutation phase: traffic, socket reopened */
	bool cap_ebusy_reported;
	bool congested;		/* ENOBUFS seen, the socket's queue not yet seen empty */
	uint64_t overruns;	/* counts ENOBUFS and the ends of congestion */
	uint64_t notif_mark;	/* notifications handled on this socket */
	uint64_t sock_epoch;	/* overruns when this socket was opened */
	uint32_t stale[16];	/* seqs of pings given up for lost */
	unsigned int n_stale;
	uint64_t digest;	/* FNV-1a of every fuzz message sent */
	/* capture counters, for the summary */
	uint64_t enobufs, lost, cap_started, cap_stops, notif_msgs, notif_pkts, notif_end,
		 cap_unknown, reopens, traffic;
};

/* A request before serialization (message.c). */
struct req {
	uint8_t cmd;
	uint8_t version;
	uint16_t reserved;
	uint16_t flags;		/* nlmsg_flags */
	uint16_t type;		/* 0: the family id */
	struct an *root;	/* pseudo-nest: the top-level attributes */
};

/* The jobs of our netns, by a JOB_GET dump (jobctl.c). */
struct jobinfo {
	uint32_t id;
	uint8_t state;
};

/* The corpus (corpus.c). */
enum { C_BUILD = 1, C_SEND = 2, C_BOTH = 3, C_CAPTURE = 4 };

struct seed {
	const char *name;
	int use;		/* C_BUILD / C_SEND / C_BOTH, or C_CAPTURE (CAPTURE_START) */
	struct an *root;
};

#define MAX_SEEDS 64

/* A command as the header and attribute phases send it (phase_headers.c). */
struct cmdvar {
	const char *name;
	uint8_t cmd;
	bool dump;
};

/* want(): any error, or any result at all (phase_limits.c). */
#define ANY_ERROR	(-100000)
#define ANY_RESULT	(-100001)

/* An attribute of a tree and the set it belongs to (mutate_tree.c). */
struct slot {
	struct an *parent;
	int index;
	int set;	/* of the parent's kids */
};

/* util.c */
extern bool opt_quiet, opt_verbose, opt_kmsg, opt_probe, opt_gen;
extern int kmsg_fd;
extern uint64_t rng_state;
uint64_t rnd64(void);
uint32_t rnd(uint32_t n);
bool chance(unsigned int percent);
void rnd_bytes(uint8_t *p, size_t n);
double now_s(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t s);
void *xrealloc(void *o, size_t n);
void kmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hexdump(FILE *out, const char *prefix, const uint8_t *p, size_t len,
	     size_t max);
const char *errname(int e);

/* tree.c */
struct an *an_new(uint16_t type, bool nest);
struct an *an_leaf(uint16_t type, const void *data, uint32_t len);
struct an *an_fill(uint16_t type, uint32_t len, uint8_t byte);
struct an *an_u8(uint16_t t, uint8_t v);
struct an *an_u16(uint16_t t, uint16_t v);
struct an *an_u32(uint16_t t, uint32_t v);
struct an *an_u64(uint16_t t, uint64_t v);
struct an *an_flag(uint16_t t);
struct an *an_str(uint16_t t, const char *s);
struct an *an_ip4(uint16_t t, const char *s);
struct an *an_ip6(uint16_t t, const char *s);
struct an *an_mac(uint16_t t, const char *s);
void an_add(struct an *p, struct an *k);
void an_insert(struct an *p, int at, struct an *k);
struct an *an_nest(uint16_t type, ...);
void an_free(struct an *n);
void an_del(struct an *p, int i);
struct an *an_clone(const struct an *n);
uint16_t an_kind(const struct an *n);
size_t an_payload(const struct an *n);
size_t an_excess(const struct an *n, bool self);
size_t an_ser_kids(const struct an *n, uint8_t *buf, size_t off);
struct an **kids_save(const struct an *n);
void kids_restore(struct an *n, struct an **saved, int cnt);
int unlink_type(struct an *n, int type);
void unlink_and_free_type(struct an *n, int type);
int find_type(const struct an *n, int type);

/* policy.c */
extern const char *const kind_names[];
extern const struct setdef sets[N_SETS];
const struct fdef *fdef_of(int set, int type);
int kind_len(int kind);
uint64_t get_uint(const uint8_t *p, int len);

/* model.c */
int cmd_set(int cmd);
int predict(uint8_t *buf, uint32_t len, uint32_t *seq, struct expect *ex, int max);

/* check.c */
extern char kernel_release[128];
struct expect *find_expect(struct expect *ex, int n, uint32_t seq);
bool expect_done(const struct expect *e);
void count_result(struct fz *f, int err);
void handle_data(struct fz *f, const struct nlmsghdr *r, struct expect *e);
void handle_ack(struct fz *f, const struct nlmsghdr *r, struct expect *e);
void handle_done(struct fz *f, const struct nlmsghdr *r, struct expect *e);
int check_notification(const struct nlmsghdr *r, int set, struct capinfo *ci, char *err,
		       size_t errlen);

/* capture.c */
void capture_notification(struct fz *f, const struct nlmsghdr *r);
void capture_on_reply(struct fz *f, struct expect *e, const struct capinfo *ci,
		      const struct nlmsghdr *r);
bool capture_clean(const struct fz *f, const struct capsess *s);
bool socket_clean(const struct fz *f);
struct capsess *sess_find(struct fz *f, uint32_t id);
struct capsess *sess_add(struct fz *f, uint32_t id);
unsigned int capture_live(const struct fz *f);
void capture_forget(struct fz *f, uint32_t id);
void capture_forget_all(struct fz *f);
void capture_after_msg(struct fz *f, const struct expect *e, int ret, unsigned int live_before);
int capture_start(struct fz *f, struct an *root, uint32_t *id);
int capture_stop(struct fz *f, uint32_t id);
void capture_stop_live(struct fz *f, unsigned int keep);
int capture_dump(struct fz *f, uint32_t *ids, uint32_t *portids, int max);
void capture_settle(struct fz *f, double seconds);
void capture_traffic(struct fz *f, unsigned int k);
void capture_reopen(struct fz *f);
void capture_cleanup(struct fz *f, const char *when);
void note_enobufs(struct fz *f);
void note_queue_empty(struct fz *f);
void read_pending(struct fz *f, int ms);

/* cbpf.c */
uint32_t bpf_valid(uint8_t *buf, uint32_t max_insns);
uint32_t bpf_mangled(uint8_t *buf, uint32_t max_insns);
struct an *bpf_attr(const struct sock_filter *prog, uint32_t n);
extern const struct sock_filter bpf_ret_all[1], bpf_ip_udp[6], bpf_udp_port9[11], bpf_icmp[6];

/* report.c */
extern volatile double watchdog_deadline, watchdog_exchange;
extern volatile uint64_t watchdog_idx;
extern double watchdog_limit;
void *watchdog(void *arg);
void fail(struct fz *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_phase_begin(struct fz *f, const char *name);
void tap_phase_end(struct fz *f, const char *extra);
void tap_result(struct fz *f, const char *name, bool ok, const char *skip);

/* genl.c */
extern uint16_t family_id;
void ensure_rbuf(struct fz *f, size_t n);
int exchange(struct fz *f, uint8_t *buf, uint32_t len, struct expect *out);
int open_genl(struct fz *f);
int resolve_family(struct fz *f);
typedef void (*dump_entry_fn)(struct fz *f, const struct nlmsghdr *r, void *arg);
int dump_request(struct fz *f, uint8_t cmd, dump_entry_fn entry, void *arg);

/* message.c */
extern uint8_t *msgbuf;
uint32_t req_ser(const struct fz *f, const struct req *r, uint8_t *buf);
bool budget_left(const struct fz *f);
int fuzz_msg(struct fz *f, const char *name, uint8_t *buf, uint32_t len,
	     struct expect *out);
int fuzz_req_e(struct fz *f, const char *name, const struct req *r,
	       struct expect *out);
int fuzz_req(struct fz *f, const char *name, const struct req *r);
int aux_req(struct fz *f, const struct req *r, struct expect *out);

/* jobctl.c */
int stop_job(struct fz *f, uint32_t id, uint8_t *state);
void stop_job_aux(struct fz *f, uint32_t id);
int check_stopped_states(struct fz *f);
int stop_all_jobs(struct fz *f, int *n_running);
struct an *job_desc(uint32_t count, uint32_t size, int kind);
int start_job(struct fz *f, struct an *root, uint32_t *id);
int running_jobs(struct fz *f);
void wait_no_running(struct fz *f);

/* netns.c */
extern bool own_netns;
int net_setup(struct fz *f);
void fresh_netns(struct fz *f);

/* corpus.c */
extern struct seed corpus[MAX_SEEDS];
extern int n_corpus;
struct an *top(void);
struct an *tl(struct an *first, ...);
struct an *payload(int len, uint8_t seed);
struct an *dev0(void);
void build_corpus(struct fz *f);
void free_corpus(void);
#define N_OTHER_SEEDS	8
struct req other_seed(int i);
int seed_set(const struct seed *sd);
const struct seed *seed_by_name(const char *name);

/* phase_headers.c */
extern const struct cmdvar cmdvars[];
extern const unsigned int n_cmdvars;
struct an *body_for(const struct fz *f, const struct cmdvar *cv);

/* phase_limits.c */
void want(struct fz *f, const char *name, uint8_t cmd, struct an *root, int want_err,
	  struct expect *out);

/* mutate_tree.c */
extern const uint64_t interesting[];
extern const unsigned int n_interesting;
int collect_slots(struct an *n, int set, struct slot *s, int max, int cnt);
const char *mutate_tree(struct an *root, int set);
uint32_t mutate_bytes(uint8_t *buf, uint32_t len);

/* mutate_valid.c */
const char *mutate_valid(struct an *root, int set);

/* The phases, in the order main() runs them. */
void phase_sanity(struct fz *f);
void phase_headers(struct fz *f);
void phase_attrs(struct fz *f, const struct cmdvar *cv);
void phase_limits(struct fz *f);
void phase_mutate(struct fz *f, uint64_t count, uint64_t seed);
void phase_jobs(struct fz *f, uint64_t seed, int rounds);
void phase_capture(struct fz *f, uint64_t seed, int rounds);
void phase_devices(struct fz *f);

#endif /* NLFUZZ_H */
