// SPDX-License-Identifier: GPL-2.0
/*
 * sockctl stop: cancel send jobs of this network namespace.
 */
#include <stdlib.h>
#include <string.h>

#include "job.h"

void cmd_stop_usage(FILE *out)
{
	fputs("Usage: sockctl [-j] stop ID...|all\n"
	      "Stop send jobs (see 'sockctl jobs') and print their final counters.\n",
	      out);
}

/* The ids of the running jobs, for "stop all". */
static int running_jobs(struct sockctl_nl *nl, struct job_list *list)
{
	struct nl_msg *msg = sockctl_nl_msg(nl, SOCKCTL_CMD_JOB_GET, NLM_F_DUMP);

	if (!msg)
		sys_error("out of memory");
	return sockctl_nl_request(nl, msg, job_list_parse, list);
}

int cmd_stop(int argc, char **argv)
{
	struct json_writer *jw = NULL;
	struct job_list all = { 0 };
	uint32_t *ids;
	struct sockctl_nl nl;
	int ret, i, n = argc;

	usage_hint("stop");
	if (argc == 0)
		usage_error("stop: which job? Give its ID (see 'sockctl jobs') or \"all\"");
	if (matches(argv[0], "help")) {
		cmd_stop_usage(stdout);
		return EXIT_OK;
	}
	ids = calloc((size_t)argc, sizeof(*ids));
	if (!ids)
		sys_error("out of memory");
	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "all") || argc > 1)
			ids[i] = (uint32_t)parse_uint_arg("stop", argv[i], 1, UINT32_MAX);

	ret = sockctl_nl_open(&nl);
	if (ret)
		goto out;
	if (!ids[0]) {
		if (running_jobs(&nl, &all)) {
			ret = sockctl_nl_report(&nl, "stop");
			goto out;
		}
		n = 0;
		free(ids);
		ids = calloc((size_t)all.n + 1, sizeof(*ids));
		if (!ids)
			sys_error("out of memory");
		for (i = 0; i < all.n; i++)
			if (all.jobs[i].state == SOCKCTL_JOB_RUNNING)
				ids[n++] = all.jobs[i].id;
	}
	if (opts.json) {
		jw = json_new(stdout);
		json_object_open(jw, NULL);
		json_array_open(jw, "jobs");
	}
	for (i = 0; i < n; i++) {
		struct job_info job;

		if (job_request(&nl, SOCKCTL_CMD_JOB_STOP, ids[i], &job)) {
			char what[32];

			snprintf(what, sizeof(what), "stop %u", ids[i]);
			ret = sockctl_nl_report(&nl, what);
			continue;
		}
		if (jw) {
			json_object_open(jw, NULL);
			job_json_fields(jw, &job);
			json_object_close(jw);
		} else if (!opts.quiet) {
			job_print_summary(stdout, &job);
		}
	}
	if (jw) {
		json_array_close(jw);
		json_object_close(jw);
		json_free(jw);
	} else if (!n && !opts.quiet) {
		puts("no running jobs");
	}
out:
	sockctl_nl_close(&nl);
	free(all.jobs);
	free(ids);
	return ret;
}
