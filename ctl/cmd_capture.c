// SPDX-License-Identifier: GPL-2.0
/*
 * sockctl capture: capture packets in the kernel and print them as tcpdump
 * does, or write them to a pcap or pcapng file (the session itself is in
 * capture_recv.c); list the capture sessions of this network namespace;
 * stop one.
 */
#include <stdlib.h>

#include "capture.h"

void cmd_capture_usage(FILE *out)
{
	fputs("Usage: sockctl [-j] capture [dev NAME] [in|out|both] [count N|-c N]\n"
	      "                [snaplen N|-s N] [queue N] [flush DURATION]\n"
	      "                [-w FILE [--pcapng]] [-x] [--base64] [filter EXPR...]\n"
	      "       sockctl [-j] capture list\n"
	      "       sockctl [-j] capture stop ID...\n"
	      "Capture packets in the kernel and print them as tcpdump does, a line each,\n"
	      "or write them to a file.  Needs CAP_NET_RAW.\n\n"
	      "  dev NAME          only this device (default: every Ethernet device)\n"
	      "  in|out|both       packets it received, sent, or both (the default)\n"
	      "  count N, -c N     stop after N packets\n"
	      "  snaplen N, -s N   keep at most N bytes of each packet (default 262144,\n"
	      "                    of which the module sends at most 65500)\n"
	      "  queue N           packets the module may hold for us (1-65536; default 4096)\n"
	      "  flush DURATION    how long a part-filled batch waits (1us-1s; default 10ms)\n"
	      "  -w FILE           write a pcap file (\"-\": standard output), print nothing;\n"
	      "                    -v shows the running count\n"
	      "  --pcapng          ... pcapng instead: with device names and directions\n"
	      "  -x                a hex dump under each line\n"
	      "  --base64          the packet's bytes in base64 under each line\n"
	      "  -j                a JSON object per packet, and the summary in JSON\n"
	      "  filter EXPR...    a tcpdump expression (pcap-filter(7)), the rest of the\n"
	      "                    line: \"filter tcp port 80 and host 10.0.0.2\"\n\n"
	      "Ctrl-C (or SIGTERM) stops it; packets already captured still come out, then\n"
	      "on standard error: packets captured, received by filter (matched), dropped\n"
	      "by the kernel (its queue full, our socket full, no memory).\n\n"
	      "  list              the capture sessions of this network namespace\n"
	      "  stop ID...        end sessions, and print their final counters\n", out);
}

/* The SOCKCTL_A_CAPTURE nests of a dump: arg is a capture_info_list. */
struct capture_info_list {
	struct capture_info *v;
	int n;
};

static int list_parse(struct nl_msg *reply, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(reply));
	struct capture_info_list *list = arg;
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		struct capture_info *v;

		if (nla_type(a) != SOCKCTL_A_CAPTURE)
			continue;
		v = realloc(list->v, (size_t)(list->n + 1) * sizeof(*v));
		if (!v)
			sys_error("out of memory");
		list->v = v;
		capture_info_parse(a, &list->v[list->n++]);
	}
	return 0;
}

static void print_list_json(const struct capture_info_list *list)
{
	struct json_writer *jw = json_new(stdout);
	int i;

	json_object_open(jw, NULL);
	json_array_open(jw, "captures");
	for (i = 0; i < list->n; i++) {
		json_object_open(jw, NULL);
		capture_info_json(jw, &list->v[i]);
		json_object_close(jw);
	}
	json_array_close(jw);
	json_object_close(jw);
	json_free(jw);
}

static int capture_list(void)
{
	struct capture_info_list list = { 0 };
	struct sockctl_nl nl;
	struct nl_msg *msg;
	int ret;

	ret = sockctl_nl_open(&nl);
	if (ret)
		goto out;
	msg = capture_id_request(&nl, SOCKCTL_CMD_CAPTURE_GET, 0, NLM_F_DUMP);
	if (sockctl_nl_request(&nl, msg, list_parse, &list)) {
		ret = sockctl_nl_report(&nl, "capture list");
		goto out;
	}
	if (opts.json)
		print_list_json(&list);
	else
		capture_list_print(list.v, list.n);
out:
	sockctl_nl_close(&nl);
	free(list.v);
	return ret;
}

static int capture_stop(const uint32_t *ids, int n)
{
	struct json_writer *jw = NULL;
	struct sockctl_nl nl;
	int ret, i;

	ret = sockctl_nl_open(&nl);
	if (ret)
		goto out;
	if (opts.json) {
		jw = json_new(stdout);
		json_object_open(jw, NULL);
		json_array_open(jw, "captures");
	}
	for (i = 0; i < n; i++) {
		struct capture_info ci = { 0 };
		struct nl_msg *msg;
		char what[40];

		msg = capture_id_request(&nl, SOCKCTL_CMD_CAPTURE_STOP, ids[i], 0);
		if (sockctl_nl_request(&nl, msg, capture_info_reply_parse, &ci)) {
			snprintf(what, sizeof(what), "capture stop %u", ids[i]);
			ret = sockctl_nl_report(&nl, what);
			continue;
		}
		if (jw) {
			json_object_open(jw, NULL);
			capture_info_json(jw, &ci);
			json_object_close(jw);
		} else if (!opts.quiet) {
			capture_stopped_print(&ci);
		}
	}
	if (jw) {
		json_array_close(jw);
		json_object_close(jw);
		json_free(jw);
	}
out:
	sockctl_nl_close(&nl);
	return ret;
}

int cmd_capture(int argc, char **argv)
{
	struct capture_args a;
	int ret = EXIT_OK;

	usage_hint("capture");
	capture_args_parse(argc, argv, &a);
	switch (a.action) {
	case CAPTURE_HELP:
		cmd_capture_usage(stdout);
		break;
	case CAPTURE_LIST:
		ret = capture_list();
		break;
	case CAPTURE_STOP:
		ret = capture_stop(a.ids, a.n_ids);
		break;
	case CAPTURE_RUN:
		ret = capture_run(&a);
		break;
	}
	capture_args_free(&a);
	return ret;
}
