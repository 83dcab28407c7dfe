/* SPDX-License-Identifier: GPL-2.0 */
/*
 * send --via socket: the packet a description says, sent from user space
 * through the socket type that can express it instead of through the module,
 * with a report of which socket that was, which privilege it needed and what
 * the kernel chose or rewrote.  This is the course's contrast between
 * user-space sockets and kernel-space crafting, made visible.
 *
 *   via_plan.c      the description's attributes -> which socket and options
 *   via_socket.c    the hook in `send`, and the stream and datagram sockets
 *   via_raw.c       raw (IP_HDRINCL) and packet sockets, bytes from BUILD
 *   via_readback.c  capture what a raw socket really sent, and compare
 *   via_report.c    text and JSON
 */
#ifndef SOCKCTL_VIA_SOCKET_H
#define SOCKCTL_VIA_SOCKET_H

#include <net/if.h>
#include <netinet/in.h>

#include "desc.h"

enum via_kind {
	VIA_STREAM,	/* socket(AF_INET[6], SOCK_STREAM, 0) */
	VIA_DGRAM,	/* socket(AF_INET[6], SOCK_DGRAM, 0) */
	VIA_RAW,	/* socket(AF_INET[6], SOCK_RAW, IPPROTO_RAW): header included */
	VIA_PACKET,	/* socket(AF_PACKET, SOCK_RAW, 0): the whole frame */
};

/* A list of field names ("ipv4.id") for the report. */
#define VIA_MAX_NAMES 24

struct via_names {
	const char *v[VIA_MAX_NAMES];
	int n;
};

union via_addr {
	struct sockaddr sa;
	struct sockaddr_in v4;
	struct sockaddr_in6 v6;
};

/**
 * struct via_plan - how a description is sent through a socket
 * @kind: the socket type
 * @family: AF_INET or AF_INET6 (the IP layer); AF_PACKET for VIA_PACKET
 * @reason: why a raw or packet socket: "ipv4.checksum is set"
 * @dst: stream, dgram: where to connect() or sendto()
 * @src: stream, dgram: what to bind(), if @bind_addr or @bind_port
 * @ifname: dev NAME, or NULL
 * @ifindex: ifindex N, or 0
 * @ttl: IP_TTL or IPV6_UNICAST_HOPS value, -1 to leave the kernel's
 * @tos: IP_TOS or IPV6_TCLASS value, or -1
 * @pmtudisc: IP_MTU_DISCOVER value (DF), or -1
 * @no_check: udp csum 0: SO_NO_CHECK (IPv4), UDP_NO_CHECK6_TX (IPv6)
 * @payload: stream, dgram: the bytes to send (points into the request)
 * @raw: raw, packet: the packet as given with "raw" (no BUILD needed)
 * @build_inject: raw, packet without @raw: BUILD it at this injection
 *	point (SOCKCTL_INJECT_L3 for raw, _L2 for packet)
 * @count, @burst, @interval_ns, @rate_pps, @rate_bps: how many and how fast,
 *	as the module's options say (0: not given)
 * @filled: fields the kernel fills in, not the description
 * @cannot: fields this socket type gives no way to choose
 */
struct via_plan {
	enum via_kind kind;
	int family;
	char reason[128];
	union via_addr dst, src;
	bool bind_addr, bind_port;
	const char *ifname;
	uint32_t ifindex;
	int ttl, tos, pmtudisc;
	bool no_check;
	const uint8_t *payload;
	size_t payload_len;
	const uint8_t *raw;
	size_t raw_len;
	uint8_t build_inject;
	uint32_t count, burst, rate_pps;
	uint64_t interval_ns, rate_bps;
	struct via_names filled, cannot;
};

/* One field a raw socket's kernel changed, as read back. */
struct via_change {
	const char *field;
	char built[48], sent[48];
};

#define VIA_MAX_CHANGES 12
#define VIA_MAX_OPTS 8

/**
 * struct via_result - what happened
 * @sent: packets (stream: send() calls) that the kernel accepted
 * @bytes: their bytes (stream, dgram: payload; raw, packet: whole packets)
 * @opts: socket options set and bind()s made, as "IP_TTL 5"
 * @local: the local address and port after the fact ("10.0.0.1:41234")
 * @remote: where it went
 * @privilege: the capability the socket needed, or NULL
 * @readback: raw: 1 if the packet was seen leaving, 0 if not, -1 not tried
 * @readback_dev: where it was seen
 * @changes: raw: the fields that differ between built and sent
 * @tcp_mss, @tcp_options: stream: what the handshake negotiated
 * @path_mtu: dgram: the route's MTU (0 if unknown)
 * @fragmented: dgram: each datagram exceeded it, so the kernel fragmented it
 */
struct via_result {
	uint64_t sent, bytes;
	char opts[VIA_MAX_OPTS][48];
	int n_opts;
	char local[64], remote[64];
	const char *privilege;
	char privilege_why[64];
	int readback;
	char readback_dev[IF_NAMESIZE];
	struct via_change changes[VIA_MAX_CHANGES];
	int n_changes;
	bool has_tcp_info;
	uint32_t tcp_mss;
	char tcp_options[64];
	uint32_t path_mtu;
	bool fragmented;
};

/* via_socket.c: the hook in cmd_send.c */
void via_socket_args(int *argc, char ***argv);
bool via_socket_option(const char *word);
bool via_socket_requested(void);
int via_socket_send(struct nl_msg *msg, const struct desc_result *res);
void via_socket_usage(FILE *out);

/* via_socket.c, for the other via_*.c */
int via_fail(const char *call, int err, const char *cap);
void via_opt(struct via_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void via_pace(const struct via_plan *plan, uint64_t i, size_t bytes);
const char *via_addr_text(const union via_addr *a, char *buf, size_t size);

/* via_plan.c */
int via_plan_make(struct nl_msg *msg, const struct desc_result *res,
		  bool (*is_local)(int family, const void *addr),
		  struct via_plan *plan, char *err, size_t errlen);
void via_plan_raw_bytes(struct via_plan *plan, const uint8_t *pkt, size_t len);
void via_names_add(struct via_names *l, const char *name);
const char *via_kind_name(enum via_kind kind);
const char *via_call(const struct via_plan *plan);

/* via_raw.c */
int via_raw_send(struct via_plan *plan, struct nl_msg *msg,
		 const struct desc_result *res, struct via_result *r);

/* via_readback.c */
int via_capture_open(uint32_t ifindex);
int via_capture_wait(int fd, int family, const uint8_t *built, size_t len,
		     int timeout_ms, struct via_result *r);
bool via_readback_match(int family, const uint8_t *built, size_t len,
			const uint8_t *seen, size_t seen_len);
int via_readback_diff(int family, const uint8_t *built, const uint8_t *seen,
		      size_t len, struct via_change *out, int max);

/* via_report.c */
void via_report(const struct via_plan *plan, const struct via_result *r);

#endif /* SOCKCTL_VIA_SOCKET_H */
