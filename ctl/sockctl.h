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

/* util.c */
bool matches(const char *arg, const char *keyword);
void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* nl.c: one request/reply exchange with the sockctl family. */
struct sockctl_nl {
	struct nl_sock *sk;
	int family_id;
	int error;			/* errno of the last reply, negative */
	char extack_msg[256];		/* the kernel's explanation, if any */
	int extack_offset;		/* offset of the bad attribute, or -1 */
	int extack_missing;		/* type of a missing attribute, or -1 */
};

int sockctl_nl_open(struct sockctl_nl *nl);
void sockctl_nl_close(struct sockctl_nl *nl);
struct nl_msg *sockctl_nl_msg(struct sockctl_nl *nl, uint8_t cmd, int flags);
int sockctl_nl_request(struct sockctl_nl *nl, struct nl_msg *msg,
		       int (*parse)(struct nl_msg *reply, void *arg), void *arg);
int sockctl_nl_report(const struct sockctl_nl *nl, const char *what);
int sockctl_parse_extack(const struct nlmsghdr *nlh, struct sockctl_nl *nl);

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

/* Subcommands: cmd_*.c */
int cmd_info(int argc, char **argv);
void cmd_info_usage(FILE *out);

#endif /* SOCKCTL_CLI_H */
