// SPDX-License-Identifier: GPL-2.0
/*
 * sockctl stats: what the module has sent in this network namespace.
 */
#include "job.h"

void cmd_stats_usage(FILE *out)
{
	fputs("Usage: sockctl [-j] stats\n"
	      "The counters of this network namespace: packets handed to an injection\n"
	      "point, their bytes, packets it refused, jobs started; capture sessions\n"
	      "started, packets delivered to them, packets they matched but dropped.\n", out);
}

static int parse_stats_reply(struct nl_msg *reply, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(reply));
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem)
		if (nla_type(a) == SOCKCTL_A_STATS)
			stats_parse(a, arg);
	return 0;
}

int cmd_stats(int argc, char **argv)
{
	struct stats_info st = { 0 };
	struct sockctl_nl nl;
	struct nl_msg *msg;
	int ret;

	usage_hint("stats");
	if (argc > 0) {
		if (matches(argv[0], "help")) {
			cmd_stats_usage(stdout);
			return EXIT_OK;
		}
		usage_error("stats: unexpected argument \"%s\"", argv[0]);
	}
	ret = sockctl_nl_open(&nl);
	if (ret)
		goto out;
	msg = sockctl_nl_msg(&nl, SOCKCTL_CMD_STATS_GET, 0);
	if (!msg)
		sys_error("out of memory");
	if (sockctl_nl_request(&nl, msg, parse_stats_reply, &st)) {
		ret = sockctl_nl_report(&nl, "stats");
		goto out;
	}
	if (opts.json) {
		struct json_writer *jw = json_new(stdout);

		json_object_open(jw, NULL);
		stats_json_fields(jw, &st);
		json_object_close(jw);
		json_free(jw);
	} else {
		printf("packets %llu\nbytes   %llu\nerrors  %llu\njobs    %llu\n",
		       (unsigned long long)st.packets, (unsigned long long)st.bytes,
		       (unsigned long long)st.errors, (unsigned long long)st.jobs);
		if (st.has_captures)
			printf("captures      %llu\ncaptured      %llu\ncapture_drops %llu\n",
			       (unsigned long long)st.captures,
			       (unsigned long long)st.captured,
			       (unsigned long long)st.capture_drops);
	}
out:
	sockctl_nl_close(&nl);
	return ret;
}
