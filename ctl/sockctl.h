/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sockctl(8): declarations shared by the command-line tool's files.
 */
#ifndef SOCKCTL_CLI_H
#define SOCKCTL_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/sockctl.h>

#define SOCKCTL_CLI_VERSION "0.1.0"

/* Exit codes: documented in sockctl(8) and `sockctl help`. */
enum sockctl_exit {
	EXIT_OK		= 0,
	EXIT_USAGE	= 1,	/* bad command line */
	EXIT_REJECTED	= 2,	/* the kernel refused the request */
	EXIT_NO_MODULE	= 3,	/* sockctl.ko is not loaded */
	EXIT_SYSTEM	= 4,	/* netlink or other system failure */
};

/* Global options, set before the subcommand runs. */
struct sockctl_opts {
	bool json;
	bool quiet;
	int verbose;
};

extern struct sockctl_opts opts;

/* A subcommand: its name (matched by unique prefix) and entry point. */
struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	void (*usage)(FILE *out);
	const char *summary;
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n) (1ULL << (n))

/* util.c */
bool matches(const char *arg, const char *keyword);
void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void usage_hint(const char *command);
void sys_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* parse_num.c: numbers, durations and rates as typed on the command line. */
bool parse_u64(const char *s, uint64_t *val);
uint64_t parse_uint_arg(const char *what, const char *word, uint64_t min,
			uint64_t max);
bool parse_duration_ns(const char *s, uint64_t *ns);
bool parse_rate(const char *s, uint64_t *val, bool *is_pps);
bool parse_mac(const char *s, uint8_t mac[6]);

/* nl.c: one request/reply exchange with the sockctl family. */
struct sockctl_nl {
	struct nl_sock *sk;
	int family_id;
	int error;			/* errno of the last reply, negative */
	char extack_msg[256];		/* the kernel's explanation, if any */
	int extack_offset;		/* offset of the bad attribute, or -1 */
	int extack_missing;		/* type of a missing attribute, or -1 */
	int extack_missing_nest;	/* offset of the nest it is missing from */
	char extack_path[128];		/* extack_offset as "ipv4.ttl", or "" */
	char missing_path[128];		/* the missing attribute as a path */
	const char *extack_word;	/* set by the caller: the words behind it */
};

int sockctl_nl_open(struct sockctl_nl *nl);
void sockctl_nl_close(struct sockctl_nl *nl);
struct nl_msg *sockctl_nl_msg(struct sockctl_nl *nl, uint8_t cmd, int flags);
int sockctl_nl_request(struct sockctl_nl *nl, struct nl_msg *msg,
		       int (*parse)(struct nl_msg *reply, void *arg), void *arg);
int sockctl_nl_report(const struct sockctl_nl *nl, const char *what);
int sockctl_parse_extack(const struct nlmsghdr *nlh, struct sockctl_nl *nl);
void sockctl_nl_name_extack(struct sockctl_nl *nl, const struct nlmsghdr *req);

/* attr_path.c: name the attribute at an offset of a request we sent. */
struct attr_set {
	const char *const *names;	/* by attribute type */
	int max;			/* highest type named */
	const struct attr_set *const *nested;	/* by type, or NULL */
	uint64_t repeatable;		/* BIT(type) of types that may repeat */
};

extern const struct attr_set sockctl_attrs;
int attr_path_at(const struct nlmsghdr *nlh, unsigned int offset,
		 char *buf, size_t size);
int attr_path_missing(const struct nlmsghdr *nlh, int nest_offset, int type,
		      char *buf, size_t size);

/* json.c: a minimal streaming JSON writer for -j output. */
struct json_writer;
struct json_writer *json_new(FILE *out);
void json_free(struct json_writer *jw);
void json_object_open(struct json_writer *jw, const char *key);
void json_object_close(struct json_writer *jw);
void json_array_open(struct json_writer *jw, const char *key);
void json_array_close(struct json_writer *jw);
void json_string(struct json_writer *jw, const char *key, const char *val);
void json_uint(struct json_writer *jw, const char *key, uint64_t val);
void json_int(struct json_writer *jw, const char *key, int64_t val);
void json_bool(struct json_writer *jw, const char *key, bool val);
void json_null(struct json_writer *jw, const char *key);

/* encoding.c: the encodings a payload may be given in, and printed in. */
struct blob {
	uint8_t *data;
	size_t len, cap;
};

#define BLOB_MAX 65531		/* an attribute's u16 length, less its header */

void blob_free(struct blob *b);
int blob_append(struct blob *b, const void *data, size_t len);
int hex_decode(const char *s, struct blob *out, char *err, size_t errlen);
int base64_decode(const char *s, struct blob *out, char *err, size_t errlen);
int file_read(const char *path, struct blob *out, char *err, size_t errlen);
char *hex_encode(const uint8_t *data, size_t len);
char *base64_encode(const uint8_t *data, size_t len);
void hexdump(FILE *out, const uint8_t *data, size_t len);

/* names.c: symbolic names of protocol numbers, shared by parser and decoder. */
struct name_value {
	const char *name;
	uint32_t value;
};

extern const struct name_value ether_type_names[];
extern const struct name_value arp_op_names[];
extern const struct name_value arp_hrd_names[];
extern const struct name_value ip_proto_names[];
extern const struct name_value ipv6_ext_names[];
extern const struct name_value ecn_names[];
extern const struct name_value dscp_names[];
extern const struct name_value icmp_type_names[];
extern const struct name_value icmp6_type_names[];
extern const struct name_value tcp_flag_names[];
extern const struct name_value ipv4_flag_names[];
extern const struct name_value inject_names[];

const char *name_of(const struct name_value *table, uint32_t value);
const struct name_value *name_lookup(const struct name_value *table,
				     const char *word);
const struct name_value *icmp_code_names(bool v6, uint8_t type);
const char *names_join(const struct name_value *table, char *buf, size_t size);

/* Subcommands: cmd_*.c */
int cmd_info(int argc, char **argv);
void cmd_info_usage(FILE *out);
int cmd_build(int argc, char **argv);
void cmd_build_usage(FILE *out);
int cmd_send(int argc, char **argv);
void cmd_send_usage(FILE *out);
int cmd_jobs(int argc, char **argv);
void cmd_jobs_usage(FILE *out);
int cmd_stop(int argc, char **argv);
void cmd_stop_usage(FILE *out);
int cmd_stats(int argc, char **argv);
void cmd_stats_usage(FILE *out);
int cmd_capture(int argc, char **argv);
void cmd_capture_usage(FILE *out);

#endif /* SOCKCTL_CLI_H */
