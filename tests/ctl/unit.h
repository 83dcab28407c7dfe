/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the CLI's host unit tests: TAP output, running code in
 * a child to see its exit code and messages, and parsing a command line
 * into a request to look at its attributes by path ("ipv4.ttl").
 */
#ifndef SOCKCTL_UNIT_H
#define SOCKCTL_UNIT_H

#include "desc.h"

/* Print "ok N name" or "not ok N name"; returns ok. */
bool check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int tests_run(void);
int tests_failed(void);

/* What a child printed and how it ended. */
struct captured {
	int status;		/* exit code, or 128 + signal */
	char out[16384];
	char err[4096];
};

void run_captured(void (*fn)(void *arg), void *arg, struct captured *c);

/* Split a line into words: blanks separate, '...' and "..." quote. */
int split_words(const char *line, char **words, int max, char *buf, size_t size);

/* A parsed description: the request (SOCKCTL_CMD_SEND) and the result. */
struct parsed {
	struct nl_msg *msg;
	struct desc_result res;
	char *words[96];
	char buf[2048];
};

void parse_line(struct parsed *p, const char *line);
void parsed_free(struct parsed *p);
struct nlattr *find_attr(struct nl_msg *msg, const char *path);
struct nlattr *msg_attrs(struct nl_msg *msg, int *len);

/* The test groups, one per file. */
void test_encoding(void);
void test_numbers(void);
void test_desc_attrs(void);
void test_desc_errors(void);
void test_attr_path(void);
void test_decode(void);
void test_commands(void);
void test_via_socket(void);
void test_capture_args(void);
void test_capture_stream(void);
void test_capture_out(void);
void test_capture_summary(void);

#endif /* SOCKCTL_UNIT_H */
