/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet descriptions and sockctl requests for the injection selftests.
 *
 * A description is written as a list of attributes, nests included, that
 * reads like the packet:
 *
 *	PUT_ATTRS(nlh,
 *		U8(SOCKCTL_A_INJECT, SOCKCTL_INJECT_L2),
 *		U32(SOCKCTL_A_IFINDEX, t->near_ifindex),
 *		NEST(SOCKCTL_A_IPV4,
 *		     BIN(SOCKCTL_A_IPV4_DADDR, &t->far_ip4, 4),
 *		     U8(SOCKCTL_A_IPV4_TTL, 1)),
 *		NEST(SOCKCTL_A_UDP, U16(SOCKCTL_A_UDP_DPORT, 9)));
 *
 * NEST() sets NLA_F_NESTED (as mnl_attr_nest_start() does); NEST_NOFLAG()
 * does not, and BIN() writes any length, so malformed requests are as easy
 * to write.  IF(cond, attr) puts attr only if cond holds.
 */
#ifndef SOCKCTL_PKT_DESC_H
#define SOCKCTL_PKT_DESC_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/sockctl.h>

#include "genl_client.h"
#include "net_topo.h"

enum attr_kind { A_END, A_NONE, A_U8, A_U16, A_U32, A_U64, A_FLAG, A_BIN,
		 A_STR, A_NEST, A_NEST_NOFLAG };

struct attr {
	enum attr_kind kind;
	uint16_t type;
	uint64_t v;
	const void *p;
	size_t len;
	const struct attr *nest;
};

#define ATTR_END	((struct attr){ .kind = A_END })
#define ATTR_NONE	((struct attr){ .kind = A_NONE })
#define U8(t, x)	((struct attr){ .kind = A_U8, .type = (t), .v = (x) })
#define U16(t, x)	((struct attr){ .kind = A_U16, .type = (t), .v = (x) })
#define U32(t, x)	((struct attr){ .kind = A_U32, .type = (t), .v = (x) })
#define U64(t, x)	((struct attr){ .kind = A_U64, .type = (t), .v = (x) })
#define FLAG(t)		((struct attr){ .kind = A_FLAG, .type = (t) })
#define BIN(t, ptr, n)	((struct attr){ .kind = A_BIN, .type = (t), .p = (ptr), .len = (n) })
#define STR(t, s)	((struct attr){ .kind = A_STR, .type = (t), .p = (s) })
#define NEST(t, ...)	((struct attr){ .kind = A_NEST, .type = (t), \
			  .nest = (const struct attr[]){ __VA_ARGS__, ATTR_END } })
#define NEST_NOFLAG(t, ...) ((struct attr){ .kind = A_NEST_NOFLAG, .type = (t), \
			  .nest = (const struct attr[]){ __VA_ARGS__, ATTR_END } })
#define IF(cond, a)	((cond) ? (a) : ATTR_NONE)

void put_attrs(struct nlmsghdr *nlh, const struct attr *list);
#define PUT_ATTRS(nlh, ...) put_attrs(nlh, (const struct attr[]){ __VA_ARGS__, ATTR_END })

/*
 * The test's usual packet, from the near end to the far one: Ethernet (near
 * MAC -> far MAC), IPv4 10.99.1.1 -> 10.99.1.2 with identification id,
 * UDP sport -> dport, payload.  Nothing else is set (no injection point).
 */
void desc_udp4(struct nlmsghdr *nlh, const struct topo *t, uint16_t id,
	       uint16_t sport, uint16_t dport, const void *payload, size_t len);
/* SOCKCTL_A_INJECT how, SOCKCTL_A_IFINDEX ifindex (if not 0). */
void desc_target(struct nlmsghdr *nlh, uint8_t how, int ifindex);

/* --- requests and replies ------------------------------------------------ */

/*
 * genl_client_xfer() for replies of any size (its buffer holds 64 KiB):
 * the first reply is malloc'd into *reply (NULL if none).  Returns the
 * error of the ACK, or -errno.
 */
int sc_xfer_big(struct genl_client *c, struct nlmsghdr *nlh,
		struct nlmsghdr **reply, char *extack, size_t extack_size);

/* 1 if the family has the command, 0 if not, -errno. */
int sc_has_cmd(struct genl_client *c, uint8_t cmd);
/* The same for every capture command (CAPTURE_START, _GET and _STOP). */
int sc_has_capture_cmds(struct genl_client *c);

struct sc_frame {
	const uint8_t *data;
	size_t len;
	int l3, l4, payload;	/* offsets; -1 if absent */
};

/* The SOCKCTL_A_FRAME nests of a BUILD reply (pointing into res). */
int sc_frames(const struct genl_result *res, struct sc_frame *frames, int max);
/* The same, from a reply message. */
int sc_frames_msg(const struct nlmsghdr *nlh, struct sc_frame *frames, int max);

struct sc_stats {
	bool present;
	uint64_t packets, bytes, errors, jobs;
};

struct sc_job {
	uint32_t id;
	uint8_t state;		/* enum sockctl_job_state */
	uint32_t count;
	uint32_t error;
	uint64_t elapsed_ns;
	struct sc_stats stats;
};

void sc_parse_stats(const struct nlattr *nest, struct sc_stats *st);
void sc_parse_job(const struct nlattr *nest, struct sc_job *job);
/* A top-level attribute of res's first reply, or NULL. */
const struct nlattr *sc_reply_attr(const struct genl_result *res, uint16_t type);

int sc_stats_get(struct genl_client *c, struct genl_result *res, struct sc_stats *st);
int sc_job_get(struct genl_client *c, struct genl_result *res, uint32_t id,
	       struct sc_job *job);
int sc_job_stop(struct genl_client *c, struct genl_result *res, uint32_t id,
		struct sc_job *job);
/* JOB_GET dump: the number of jobs (at most max stored), or -errno. */
int sc_job_dump(struct genl_client *c, struct sc_job *jobs, int max);
/* A u32 of GET_INFO (SOCKCTL_A_INFO_MAX_COUNT...), 0 if absent. */
uint32_t sc_info_u32(struct genl_client *c, uint16_t attr);

const char *sc_job_state_name(uint8_t state);

#endif /* SOCKCTL_PKT_DESC_H */
