// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing and printing send jobs and counters (SOCKCTL_A_JOB and
 * SOCKCTL_A_STATS nests).  Attributes we do not know are skipped, and PAD
 * attributes with them, so a newer module's replies still parse.
 */
#include <stdlib.h>
#include <string.h>

#include "job.h"

static struct nla_policy stats_policy[SOCKCTL_A_STATS_MAX + 1] = {
	[SOCKCTL_A_STATS_PACKETS] = { .type = NLA_U64 },
	[SOCKCTL_A_STATS_BYTES]	  = { .type = NLA_U64 },
	[SOCKCTL_A_STATS_ERRORS]  = { .type = NLA_U64 },
	[SOCKCTL_A_STATS_JOBS]	  = { .type = NLA_U64 },
	[SOCKCTL_A_STATS_CAPTURES] = { .type = NLA_U64 },
	[SOCKCTL_A_STATS_CAPTURED] = { .type = NLA_U64 },
	[SOCKCTL_A_STATS_CAPTURE_DROPS] = { .type = NLA_U64 },
};

static struct nla_policy job_policy[SOCKCTL_A_JOB_MAX + 1] = {
	[SOCKCTL_A_JOB_JOB_ID]	   = { .type = NLA_U32 },
	[SOCKCTL_A_JOB_STATE]	   = { .type = NLA_U8 },
	[SOCKCTL_A_JOB_COUNT]	   = { .type = NLA_U32 },
	[SOCKCTL_A_JOB_ERROR]	   = { .type = NLA_U32 },
	[SOCKCTL_A_JOB_STATS]	   = { .type = NLA_NESTED },
	[SOCKCTL_A_JOB_ELAPSED_NS] = { .type = NLA_U64 },
};

int stats_parse(struct nlattr *nest, struct stats_info *st)
{
	struct nlattr *tb[SOCKCTL_A_STATS_MAX + 1];

	memset(st, 0, sizeof(*st));
	if (nla_parse_nested(tb, SOCKCTL_A_STATS_MAX, nest, stats_policy))
		return -1;
	if (tb[SOCKCTL_A_STATS_PACKETS])
		st->packets = nla_get_u64(tb[SOCKCTL_A_STATS_PACKETS]);
	if (tb[SOCKCTL_A_STATS_BYTES])
		st->bytes = nla_get_u64(tb[SOCKCTL_A_STATS_BYTES]);
	if (tb[SOCKCTL_A_STATS_ERRORS])
		st->errors = nla_get_u64(tb[SOCKCTL_A_STATS_ERRORS]);
	if (tb[SOCKCTL_A_STATS_JOBS]) {
		st->jobs = nla_get_u64(tb[SOCKCTL_A_STATS_JOBS]);
		st->has_jobs = true;
	}
	if (tb[SOCKCTL_A_STATS_CAPTURES]) {
		st->captures = nla_get_u64(tb[SOCKCTL_A_STATS_CAPTURES]);
		st->has_captures = true;
	}
	if (tb[SOCKCTL_A_STATS_CAPTURED])
		st->captured = nla_get_u64(tb[SOCKCTL_A_STATS_CAPTURED]);
	if (tb[SOCKCTL_A_STATS_CAPTURE_DROPS])
		st->capture_drops = nla_get_u64(tb[SOCKCTL_A_STATS_CAPTURE_DROPS]);
	return 0;
}

int job_parse(struct nlattr *nest, struct job_info *job)
{
	struct nlattr *tb[SOCKCTL_A_JOB_MAX + 1];

	memset(job, 0, sizeof(*job));
	if (nla_parse_nested(tb, SOCKCTL_A_JOB_MAX, nest, job_policy))
		return -1;
	if (tb[SOCKCTL_A_JOB_JOB_ID])
		job->id = nla_get_u32(tb[SOCKCTL_A_JOB_JOB_ID]);
	if (tb[SOCKCTL_A_JOB_STATE])
		job->state = nla_get_u8(tb[SOCKCTL_A_JOB_STATE]);
	if (tb[SOCKCTL_A_JOB_COUNT])
		job->count = nla_get_u32(tb[SOCKCTL_A_JOB_COUNT]);
	if (tb[SOCKCTL_A_JOB_ERROR])
		job->error = nla_get_u32(tb[SOCKCTL_A_JOB_ERROR]);
	if (tb[SOCKCTL_A_JOB_STATS])
		stats_parse(tb[SOCKCTL_A_JOB_STATS], &job->stats);
	if (tb[SOCKCTL_A_JOB_ELAPSED_NS])
		job->elapsed_ns = nla_get_u64(tb[SOCKCTL_A_JOB_ELAPSED_NS]);
	return 0;
}

/* A reply with one SOCKCTL_A_JOB: arg is a struct job_info. */
int job_reply_parse(struct nl_msg *reply, void *arg)
{
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlmsg_hdr(reply)), 0),
			  genlmsg_attrlen(nlmsg_data(nlmsg_hdr(reply)), 0), rem)
		if (nla_type(a) == SOCKCTL_A_JOB)
			job_parse(a, arg);
	return 0;
}

/* Replies of a dump, any number of SOCKCTL_A_JOB each: arg is a job_list. */
int job_list_parse(struct nl_msg *reply, void *arg)
{
	struct job_list *list = arg;
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlmsg_hdr(reply)), 0),
			  genlmsg_attrlen(nlmsg_data(nlmsg_hdr(reply)), 0), rem) {
		struct job_info *j;

		if (nla_type(a) != SOCKCTL_A_JOB)
			continue;
		j = realloc(list->jobs, (size_t)(list->n + 1) * sizeof(*j));
		if (!j)
			sys_error("out of memory");
		list->jobs = j;
		job_parse(a, &list->jobs[list->n++]);
	}
	return 0;
}

const char *job_state_name(uint8_t state)
{
	switch (state) {
	case SOCKCTL_JOB_RUNNING:
		return "running";
	case SOCKCTL_JOB_DONE:
		return "done";
	case SOCKCTL_JOB_STOPPED:
		return "stopped";
	case SOCKCTL_JOB_FAILED:
		return "failed";
	}
	return "unknown";
}

/* "job 3 done: 1000 of 1000 packets (42000 bytes), 0 errors, 2.00 s" */
void job_print_summary(FILE *out, const struct job_info *job)
{
	fprintf(out, "job %u %s: %llu of %u packets (%llu bytes), %llu errors, %.2f s",
		job->id, job_state_name(job->state),
		(unsigned long long)job->stats.packets, job->count,
		(unsigned long long)job->stats.bytes,
		(unsigned long long)job->stats.errors, job->elapsed_ns / 1e9);
	if (job->state == SOCKCTL_JOB_FAILED)
		fprintf(out, ": %s", strerror((int)job->error));
	fputc('\n', out);
}

void stats_json_fields(struct json_writer *jw, const struct stats_info *st)
{
	json_uint(jw, "packets", st->packets);
	json_uint(jw, "bytes", st->bytes);
	json_uint(jw, "errors", st->errors);
	if (st->has_jobs)
		json_uint(jw, "jobs", st->jobs);
	if (st->has_captures) {
		json_uint(jw, "captures", st->captures);
		json_uint(jw, "captured", st->captured);
		json_uint(jw, "capture_drops", st->capture_drops);
	}
}

void job_json_fields(struct json_writer *jw, const struct job_info *job)
{
	json_uint(jw, "job_id", job->id);
	json_string(jw, "state", job_state_name(job->state));
	json_uint(jw, "count", job->count);
	stats_json_fields(jw, &job->stats);
	json_uint(jw, "elapsed_ns", job->elapsed_ns);
	if (job->state == SOCKCTL_JOB_FAILED) {
		json_uint(jw, "error", job->error);
		json_string(jw, "error_text", strerror((int)job->error));
	}
}

/* JOB_GET or JOB_STOP of one job; 0, or the kernel's negative errno. */
int job_request(struct sockctl_nl *nl, uint8_t cmd, uint32_t id,
		struct job_info *job)
{
	struct nl_msg *msg = sockctl_nl_msg(nl, cmd, 0);

	if (!msg)
		sys_error("out of memory");
	if (nla_put_u32(msg, SOCKCTL_A_JOB_ID, id) < 0)
		sys_error("out of memory");
	memset(job, 0, sizeof(*job));
	return sockctl_nl_request(nl, msg, job_reply_parse, job);
}
