// SPDX-License-Identifier: GPL-2.0
/*
 * sockctl jobs: the send jobs of this network namespace (a JOB_GET dump).
 */
#include <stdlib.h>
#include <string.h>

#include "job.h"

void cmd_jobs_usage(FILE *out)
{
	fputs("Usage: sockctl [-j] jobs [ID]\n"
	      "List the send jobs of this network namespace, or show job ID: its state\n"
	      "(running, done, stopped, failed), packets sent of those asked for, bytes,\n"
	      "errors and time so far.\n", out);
}

static void print_table(const struct job_list *list)
{
	int i;

	if (!list->n) {
		if (!opts.quiet)
			puts("no jobs");
		return;
	}
	printf("%-6s %-8s %21s %14s %8s %10s\n", "ID", "STATE", "PACKETS/COUNT",
	       "BYTES", "ERRORS", "ELAPSED");
	for (i = 0; i < list->n; i++) {
		const struct job_info *j = &list->jobs[i];
		char sent[32];

		snprintf(sent, sizeof(sent), "%llu/%u",
			 (unsigned long long)j->stats.packets, j->count);
		printf("%-6u %-8s %21s %14llu %8llu %9.2fs", j->id,
		       job_state_name(j->state), sent,
		       (unsigned long long)j->stats.bytes,
		       (unsigned long long)j->stats.errors, j->elapsed_ns / 1e9);
		if (j->state == SOCKCTL_JOB_FAILED)
			printf("  %s", strerror((int)j->error));
		putchar('\n');
	}
}

static void print_json(const struct job_list *list)
{
	struct json_writer *jw = json_new(stdout);
	int i;

	json_object_open(jw, NULL);
	json_array_open(jw, "jobs");
	for (i = 0; i < list->n; i++) {
		json_object_open(jw, NULL);
		job_json_fields(jw, &list->jobs[i]);
		json_object_close(jw);
	}
	json_array_close(jw);
	json_object_close(jw);
	json_free(jw);
}

int cmd_jobs(int argc, char **argv)
{
	struct job_list list = { 0 };
	struct sockctl_nl nl;
	struct nl_msg *msg;
	uint32_t id = 0;
	int ret;

	usage_hint("jobs");
	if (argc > 0 && matches(argv[0], "help")) {
		cmd_jobs_usage(stdout);
		return EXIT_OK;
	}
	if (argc > 1)
		usage_error("jobs: unexpected argument \"%s\"", argv[1]);
	if (argc == 1)
		id = (uint32_t)parse_uint_arg("jobs", argv[0], 1, UINT32_MAX);

	ret = sockctl_nl_open(&nl);
	if (ret)
		goto out;
	msg = sockctl_nl_msg(&nl, SOCKCTL_CMD_JOB_GET, id ? 0 : NLM_F_DUMP);
	if (!msg || (id && nla_put_u32(msg, SOCKCTL_A_JOB_ID, id) < 0))
		sys_error("out of memory");
	if (sockctl_nl_request(&nl, msg, job_list_parse, &list)) {
		ret = sockctl_nl_report(&nl, "jobs");
		goto out;
	}
	if (opts.json)
		print_json(&list);
	else
		print_table(&list);
out:
	sockctl_nl_close(&nl);
	free(list.jobs);
	return ret;
}
