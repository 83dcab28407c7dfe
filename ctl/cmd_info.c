// SPDX-License-Identifier: GPL-2.0
/*
 * sockctl info: what the loaded module is and what it allows here.
 */
#include <string.h>

#include "sockctl.h"

struct info {
	uint32_t family_version;
	char module_version[32];
	char kernel_release[65];
	uint64_t netns_cookie;
	uint64_t netns_requests;
	bool cap_net_raw;
	uint32_t max_packet, max_count, max_jobs;
	uint32_t max_captures;
	bool has_max_captures;	/* a module that captures */
};

static struct nla_policy info_policy[SOCKCTL_A_INFO_MAX + 1] = {
	[SOCKCTL_A_INFO_FAMILY_VERSION]	= { .type = NLA_U32 },
	[SOCKCTL_A_INFO_MODULE_VERSION]	= { .type = NLA_STRING },
	[SOCKCTL_A_INFO_KERNEL_RELEASE]	= { .type = NLA_STRING },
	[SOCKCTL_A_INFO_NETNS_COOKIE]	= { .type = NLA_U64 },
	[SOCKCTL_A_INFO_NETNS_REQUESTS]	= { .type = NLA_U64 },
	[SOCKCTL_A_INFO_CAP_NET_RAW]	= { .type = NLA_FLAG },
	[SOCKCTL_A_INFO_MAX_PACKET]	= { .type = NLA_U32 },
	[SOCKCTL_A_INFO_MAX_COUNT]	= { .type = NLA_U32 },
	[SOCKCTL_A_INFO_MAX_JOBS]	= { .type = NLA_U32 },
	[SOCKCTL_A_INFO_MAX_CAPTURES]	= { .type = NLA_U32 },
};

static int parse_info(struct nl_msg *reply, void *arg)
{
	struct nlattr *tb[SOCKCTL_A_INFO_MAX + 1];
	struct info *in = arg;

	if (genlmsg_parse(nlmsg_hdr(reply), 0, tb, SOCKCTL_A_INFO_MAX, info_policy))
		return 0;
	if (tb[SOCKCTL_A_INFO_FAMILY_VERSION])
		in->family_version = nla_get_u32(tb[SOCKCTL_A_INFO_FAMILY_VERSION]);
	if (tb[SOCKCTL_A_INFO_MODULE_VERSION])
		nla_strlcpy(in->module_version, tb[SOCKCTL_A_INFO_MODULE_VERSION],
			    sizeof(in->module_version));
	if (tb[SOCKCTL_A_INFO_KERNEL_RELEASE])
		nla_strlcpy(in->kernel_release, tb[SOCKCTL_A_INFO_KERNEL_RELEASE],
			    sizeof(in->kernel_release));
	if (tb[SOCKCTL_A_INFO_NETNS_COOKIE])
		in->netns_cookie = nla_get_u64(tb[SOCKCTL_A_INFO_NETNS_COOKIE]);
	if (tb[SOCKCTL_A_INFO_NETNS_REQUESTS])
		in->netns_requests = nla_get_u64(tb[SOCKCTL_A_INFO_NETNS_REQUESTS]);
	in->cap_net_raw = tb[SOCKCTL_A_INFO_CAP_NET_RAW] != NULL;
	if (tb[SOCKCTL_A_INFO_MAX_PACKET])
		in->max_packet = nla_get_u32(tb[SOCKCTL_A_INFO_MAX_PACKET]);
	if (tb[SOCKCTL_A_INFO_MAX_COUNT])
		in->max_count = nla_get_u32(tb[SOCKCTL_A_INFO_MAX_COUNT]);
	if (tb[SOCKCTL_A_INFO_MAX_JOBS])
		in->max_jobs = nla_get_u32(tb[SOCKCTL_A_INFO_MAX_JOBS]);
	if (tb[SOCKCTL_A_INFO_MAX_CAPTURES]) {
		in->max_captures = nla_get_u32(tb[SOCKCTL_A_INFO_MAX_CAPTURES]);
		in->has_max_captures = true;
	}
	return 0;
}

static void print_info_json(const struct info *in, int family_id)
{
	struct json_writer *jw = json_new(stdout);

	json_object_open(jw, NULL);
	json_string(jw, "module_version", in->module_version);
	json_string(jw, "family", SOCKCTL_FAMILY_NAME);
	json_uint(jw, "family_id", (unsigned int)family_id);
	json_uint(jw, "family_version", in->family_version);
	json_string(jw, "cli_version", SOCKCTL_CLI_VERSION);
	json_string(jw, "kernel_release", in->kernel_release);
	json_object_open(jw, "netns");
	json_uint(jw, "cookie", in->netns_cookie);
	json_uint(jw, "requests", in->netns_requests);
	json_object_close(jw);
	json_bool(jw, "cap_net_raw", in->cap_net_raw);
	json_object_open(jw, "limits");
	json_uint(jw, "max_packet", in->max_packet);
	json_uint(jw, "max_count", in->max_count);
	json_uint(jw, "max_jobs", in->max_jobs);
	if (in->has_max_captures)
		json_uint(jw, "max_captures", in->max_captures);
	json_object_close(jw);
	json_object_close(jw);
	json_free(jw);
}

static void print_info_text(const struct info *in, int family_id)
{
	printf("sockctl module %s on kernel %s\n", in->module_version,
	       in->kernel_release);
	printf("  family   \"%s\" version %u, id %d\n", SOCKCTL_FAMILY_NAME,
	       in->family_version, family_id);
	printf("  netns    cookie %llu, %llu requests handled here\n",
	       (unsigned long long)in->netns_cookie,
	       (unsigned long long)in->netns_requests);
	printf("  you      %s\n", in->cap_net_raw ?
	       "have CAP_NET_RAW here: may inject and capture" :
	       "lack CAP_NET_RAW here: may only query (run with sudo to inject or capture)");
	printf("  limits   packet %u bytes, count %u per request, %u jobs per netns",
	       in->max_packet, in->max_count, in->max_jobs);
	if (in->has_max_captures)
		printf(", %u captures per netns", in->max_captures);
	putchar('\n');
}

void cmd_info_usage(FILE *out)
{
	fputs("Usage: sockctl [-j] info\n"
	      "Show the loaded module's version, the kernel it runs in, your network\n"
	      "namespace (cookie, requests so far), whether you may inject and capture\n"
	      "(CAP_NET_RAW), and the module's limits.\n", out);
}

int cmd_info(int argc, char **argv)
{
	struct sockctl_nl nl;
	struct info in = { 0 };
	struct nl_msg *msg;
	int ret;

	if (argc > 0) {
		if (matches(argv[0], "help")) {
			cmd_info_usage(stdout);
			return EXIT_OK;
		}
		usage_error("info: unexpected argument \"%s\"", argv[0]);
	}

	ret = sockctl_nl_open(&nl);
	if (ret)
		goto out;
	msg = sockctl_nl_msg(&nl, SOCKCTL_CMD_GET_INFO, 0);
	if (!msg) {
		ret = EXIT_SYSTEM;
		goto out;
	}
	if (sockctl_nl_request(&nl, msg, parse_info, &in)) {
		ret = sockctl_nl_report(&nl, "info");
		goto out;
	}
	if (in.family_version != SOCKCTL_FAMILY_VERSION && !opts.quiet)
		fprintf(stderr,
			"sockctl: warning: module speaks family version %u, this tool version %d\n",
			in.family_version, SOCKCTL_FAMILY_VERSION);
	if (opts.json)
		print_info_json(&in, nl.family_id);
	else
		print_info_text(&in, nl.family_id);
out:
	sockctl_nl_close(&nl);
	return ret;
}
