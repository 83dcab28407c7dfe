// SPDX-License-Identifier: GPL-2.0
/*
 * sockctl send: build a packet from a description and send it, once or as a
 * job.  A job the kernel runs is followed until it ends (a progress line on
 * a terminal; Ctrl-C stops it), or, with "background", left running: the
 * kernel ends a job when the socket that started it closes, except one
 * started with SOCKCTL_A_BACKGROUND, which runs until done or stopped
 * (`sockctl stop ID`).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "desc.h"
#include "job.h"
#include "via_socket.h"

#define POLL_NS		200000000L	/* progress: every 200 ms */

struct send_reply {
	bool has_stats, has_job;
	struct stats_info stats;
	uint32_t job_id;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static int parse_send_reply(struct nl_msg *reply, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(reply));
	struct send_reply *r = arg;
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		if (nla_type(a) == SOCKCTL_A_STATS && !stats_parse(a, &r->stats))
			r->has_stats = true;
		else if (nla_type(a) == SOCKCTL_A_JOB_ID && nla_len(a) == 4) {
			r->job_id = nla_get_u32(a);
			r->has_job = true;
		}
	}
	return 0;
}

/* The injection point the kernel uses: as given, else by the uapi default. */
static uint8_t inject_of(const struct desc_result *res)
{
	if (res->inject)
		return res->inject;
	return res->ifname || res->ifindex ? SOCKCTL_INJECT_L2 : SOCKCTL_INJECT_L3;
}

/* "l2 on veth0", "l3", "l3 out of veth0", "rx on ifindex 4" */
static const char *via_text(const struct desc_result *res, char *buf, size_t size)
{
	uint8_t inject = inject_of(res);
	char dev[32] = "";

	if (res->ifname)
		snprintf(dev, sizeof(dev), "%s", res->ifname);
	else if (res->ifindex)
		snprintf(dev, sizeof(dev), "ifindex %u", res->ifindex);
	snprintf(buf, size, "%s%s%s", name_of(inject_names, inject),
		 dev[0] ? (inject == SOCKCTL_INJECT_L3 ? " out of " : " on ") : "",
		 dev);
	return buf;
}

static void where_json(struct json_writer *jw, const struct desc_result *res)
{
	json_string(jw, "inject", name_of(inject_names, inject_of(res)));
	if (res->ifname)
		json_string(jw, "dev", res->ifname);
	if (res->ifindex)
		json_uint(jw, "ifindex", res->ifindex);
}

static int print_sent(const struct desc_result *res, const struct stats_info *st)
{
	char via[64];

	if (opts.json) {
		struct json_writer *jw = json_new(stdout);

		json_object_open(jw, NULL);
		where_json(jw, res);
		stats_json_fields(jw, st);
		json_object_close(jw);
		json_free(jw);
	} else if (!opts.quiet) {
		printf("sent %llu packet%s (%llu bytes) via %s",
		       (unsigned long long)st->packets, st->packets == 1 ? "" : "s",
		       (unsigned long long)st->bytes, via_text(res, via, sizeof(via)));
		if (st->errors)
			printf(", %llu refused by the injection point",
			       (unsigned long long)st->errors);
		putchar('\n');
	}
	/* Nothing went out: the request was accepted, the packets were not. */
	return st->errors && !st->packets ? EXIT_REJECTED : EXIT_OK;
}

static void print_job_end(const struct desc_result *res, const struct job_info *job)
{
	char via[64];

	if (opts.json) {
		struct json_writer *jw = json_new(stdout);

		json_object_open(jw, NULL);
		where_json(jw, res);
		job_json_fields(jw, job);
		json_object_close(jw);
		json_free(jw);
	} else if (!opts.quiet) {
		printf("via %s: ", via_text(res, via, sizeof(via)));
		job_print_summary(stdout, job);
	}
}

static void sleep_ns(long ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000L, .tv_nsec = ns % 1000000000L };

	nanosleep(&ts, NULL);	/* a signal cuts it short, as we want */
}

/* Poll the job until it ends; on Ctrl-C (or SIGTERM) stop it. */
static int follow_job(struct sockctl_nl *nl, const struct desc_result *res,
		      uint32_t id)
{
	bool progress = isatty(STDOUT_FILENO) && !opts.json && !opts.quiet;
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct job_info job = { .id = id, .state = SOCKCTL_JOB_RUNNING };
	int err = 0;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	while (job.state == SOCKCTL_JOB_RUNNING) {
		struct job_info now;

		sleep_ns(POLL_NS);
		if (interrupted) {
			err = job_request(nl, SOCKCTL_CMD_JOB_STOP, id, &now);
			if (err)	/* it ended meanwhile: ask how */
				err = job_request(nl, SOCKCTL_CMD_JOB_GET, id, &now);
		} else {
			err = job_request(nl, SOCKCTL_CMD_JOB_GET, id, &now);
		}
		if (err)
			break;
		job = now;
		if (interrupted && job.state == SOCKCTL_JOB_RUNNING)
			job.state = SOCKCTL_JOB_STOPPED;
		if (progress) {
			printf("\r\033[Kjob %u: %llu/%u packets, %llu bytes, %llu errors, %.1f s (Ctrl-C stops it)",
			       id, (unsigned long long)job.stats.packets, job.count,
			       (unsigned long long)job.stats.bytes,
			       (unsigned long long)job.stats.errors, job.elapsed_ns / 1e9);
			fflush(stdout);
		}
	}
	if (progress)
		fputs("\r\033[K", stdout);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (err)
		return sockctl_nl_report(nl, "job");
	print_job_end(res, &job);
	return job.state == SOCKCTL_JOB_FAILED ? EXIT_REJECTED : EXIT_OK;
}

static bool send_option(const char *word, void *arg)
{
	(void)arg;
	if (via_socket_option(word))
		return true;
	if (strcmp(word, "-j") && strcmp(word, "--json"))
		return false;
	opts.json = true;
	return true;
}

void cmd_send_usage(FILE *out)
{
	fputs("Usage: sockctl [-j] send DESCRIPTION\n"
	      "Build the packet DESCRIPTION says and send it.  One packet is sent at once:\n"
	      "\"sent 1 packet (42 bytes) via l2 on veth0\".  More (count, pacing) run as a\n"
	      "job, followed until it ends (Ctrl-C stops it), or left running with\n"
	      "\"background\" (see 'sockctl jobs', 'sockctl stop ID').\n\n", out);
	via_socket_usage(out);
	desc_usage(out, "send");
}

int cmd_send(int argc, char **argv)
{
	struct desc_hooks hooks = {
		.command = "send", .usage = cmd_send_usage, .option = send_option,
	};
	struct send_reply reply = { 0 };
	struct desc_result res;
	struct sockctl_nl nl;
	struct nl_msg *msg;
	int ret;

	usage_hint("send");
	via_socket_args(&argc, &argv);
	msg = sockctl_nl_msg(NULL, SOCKCTL_CMD_SEND, 0);
	if (!msg)
		sys_error("out of memory");
	desc_parse(argc, argv, msg, &hooks, &res);
	if (via_socket_requested()) {
		/* From user space, through a socket: the module only builds. */
		ret = via_socket_send(msg, &res);
		desc_result_free(&res);
		return ret;
	}

	ret = sockctl_nl_open(&nl);
	if (ret) {
		nlmsg_free(msg);
		goto out;
	}
	if (sockctl_nl_request(&nl, msg, parse_send_reply, &reply)) {
		ret = desc_report(&nl, &res, "send");
		goto out;
	}
	if (reply.has_job && res.background) {
		if (opts.json) {
			struct json_writer *jw = json_new(stdout);

			json_object_open(jw, NULL);
			where_json(jw, &res);
			json_uint(jw, "job_id", reply.job_id);
			json_string(jw, "state", "running");
			json_object_close(jw);
			json_free(jw);
		} else if (!opts.quiet) {
			printf("job %u started\n", reply.job_id);
		}
		ret = EXIT_OK;
	} else if (reply.has_job) {
		ret = follow_job(&nl, &res, reply.job_id);
	} else if (reply.has_stats) {
		ret = print_sent(&res, &reply.stats);
	} else {
		fprintf(stderr, "sockctl: send: the module's reply had neither counters nor a job\n");
		ret = EXIT_SYSTEM;
	}
out:
	if (nl.sk)
		sockctl_nl_close(&nl);
	desc_result_free(&res);
	return ret;
}
