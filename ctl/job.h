/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Send jobs and counters as the kernel reports them (SOCKCTL_A_JOB,
 * SOCKCTL_A_STATS), shared by send, jobs, stop and stats.
 */
#ifndef SOCKCTL_JOB_H
#define SOCKCTL_JOB_H

#include "sockctl.h"

struct stats_info {
	uint64_t packets, bytes, errors, jobs;
	bool has_jobs;
	/* Capture counters: the netns's only, from a module that has them. */
	uint64_t captures, captured, capture_drops;
	bool has_captures;
};

struct job_info {
	uint32_t id;
	uint8_t state;		/* enum sockctl_job_state, 0 if absent */
	uint32_t count;
	uint32_t error;		/* errno, for SOCKCTL_JOB_FAILED */
	struct stats_info stats;
	uint64_t elapsed_ns;
};

/* A growing list of jobs, as a dump returns them. */
struct job_list {
	struct job_info *jobs;
	int n;
};

int stats_parse(struct nlattr *nest, struct stats_info *st);
int job_parse(struct nlattr *nest, struct job_info *job);
int job_reply_parse(struct nl_msg *reply, void *arg);
int job_list_parse(struct nl_msg *reply, void *arg);
const char *job_state_name(uint8_t state);
void job_print_summary(FILE *out, const struct job_info *job);
void job_json_fields(struct json_writer *jw, const struct job_info *job);
void stats_json_fields(struct json_writer *jw, const struct stats_info *st);
int job_request(struct sockctl_nl *nl, uint8_t cmd, uint32_t id,
		struct job_info *job);

#endif /* SOCKCTL_JOB_H */
