// SPDX-License-Identifier: GPL-2.0
/*
 * What `sockctl capture` says around the packets: the summary at the end
 * (drops, the end reason, -j) and `capture list` / `capture stop`.
 */
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "unit.h"

static char *summary(const struct capture_end *e, bool json, bool verbose)
{
	static char buf[2048];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	memset(&opts, 0, sizeof(opts));
	opts.json = json;
	opts.verbose = verbose;
	capture_summary_print(f, e);
	fclose(f);
	memset(&opts, 0, sizeof(opts));
	return buf;
}

static void test_summary(void)
{
	struct capture_stream st = { .id = 3, .received = 10, .last_seq = 12, .missing = 2 };
	struct capture_info fin = {
		.id = 3, .end_reason = SOCKCTL_CAPTURE_END_STOPPED, .has_counters = true,
		.c = { .matched = 15, .delivered = 10, .drops_queue = 3, .drops_socket = 2,
		       .messages = 4, .elapsed_ns = 5000 },
	};
	struct capture_end e = { .st = &st, .final = &fin, .captured = 10 };

	check(!strcmp(summary(&e, false, false),
		      "10 packets captured\n15 packets received by filter\n"
		      "5 packets dropped by kernel (queue full 3, socket 2, no memory 0)\n"),
	      "capture summary: as tcpdump says it");
	check(!strcmp(summary(&e, false, true),
		      "10 packets captured\n15 packets received by filter\n"
		      "5 packets dropped by kernel (queue full 3, socket 2, no memory 0)\n"
		      "5 packets missing from the sequence numbers\n"),
	      "capture summary: -v: what the sequence numbers say too");
	e.enobufs = 1;
	fin.c.drops_socket = 1;
	fin.end_reason = SOCKCTL_CAPTURE_END_DEVICE;
	e.dev = "veth9";
	e.captured = 1;
	if (!check(!strcmp(summary(&e, false, false),
			   "capture ended: device veth9 went away\n"
			   "1 packet captured\n15 packets received by filter\n"
			   "4 packets dropped by kernel (queue full 3, socket 1, no memory 0)\n"
			   "5 packets missing from the sequence numbers\n"
			   "our receive buffer overflowed 1 time (a filter, or a smaller snaplen, helps)\n"),
		   "capture summary: device gone; numbers that disagree; our overflows"))
		printf("# got:\n%s", summary(&e, false, false));
	check(!strcmp(summary(&e, true, false),
		      "capture ended: device veth9 went away\n"
		      "{\"capture_id\":3,\"end_reason\":\"device\",\"captured\":1,\"matched\":15,"
		      "\"delivered\":10,\"dropped\":4,\"drops_queue\":3,\"drops_socket\":1,"
		      "\"drops_nomem\":0,\"messages\":4,\"elapsed_ns\":5000,\"received\":10,"
		      "\"missing\":5,\"receive_overflows\":1}\n"),
	      "capture summary: -j: a JSON object");
	e.final = NULL;
	e.enobufs = 0;
	check(!strcmp(summary(&e, false, false),
		      "1 packet captured\n2 packets missing from the sequence numbers "
		      "(the module's counters are unknown)\n"),
	      "capture summary: without the module's final counters");
}

static const struct capture_info listed[] = {
	{ .id = 3, .ifindex = 1, .direction = SOCKCTL_CAPTURE_BOTH, .snaplen = 65500,
	  .filter_len = 12, .queue_len = 4096, .flush_us = 12000, .portid = 77,
	  .has_counters = true,
	  .c = { .matched = 15, .delivered = 10, .drops_queue = 3, .drops_socket = 2,
		 .messages = 4, .elapsed_ns = 1500000000 } },
	{ .id = 4, .direction = SOCKCTL_CAPTURE_IN, .end_reason = SOCKCTL_CAPTURE_END_STOPPED },
};

static void print_list(void *arg)
{
	(void)arg;
	capture_list_print(listed, 2);
	capture_stopped_print(&listed[0]);
}

static void test_list(void)
{
	struct captured c;
	char buf[1024];
	FILE *f;

	run_captured(print_list, NULL, &c);
	if (!check(!strcmp(c.out,
		"ID     DEV              DIR   FILTER        MATCHED      DELIVERED      DROPPED    ELAPSED\n"
		"3      lo               both  12                 15             10            5      1.50s\n"
		"4      all              in    -                   0              0            0      0.00s\n"
		"capture 3 stopped: 15 matched, 10 delivered, 5 dropped, 1.50 s\n"),
		   "capture list: a table (dev by name, all for every device); stop's line"))
		printf("# got:\n%s", c.out);

	f = fmemopen(buf, sizeof(buf), "w");
	{
		struct json_writer *jw = json_new(f);

		json_object_open(jw, NULL);
		capture_info_json(jw, &listed[1]);
		json_object_close(jw);
		json_free(jw);
	}
	fclose(f);
	if (!check(!strcmp(buf, "{\"capture_id\":4,\"ifindex\":0,\"dev\":\"all\",\"direction\":\"in\","
			   "\"snaplen\":0,\"count\":0,\"filter_len\":0,\"queue_len\":0,"
			   "\"flush_us\":0,\"portid\":0,\"matched\":0,\"delivered\":0,"
			   "\"drops_queue\":0,\"drops_socket\":0,\"drops_nomem\":0,\"queued\":0,"
			   "\"messages\":0,\"elapsed_ns\":0,\"end_reason\":\"stopped\"}\n"),
		   "capture list -j: the fields of a session, named as in the uapi"))
		printf("# got: %s", buf);
}


void test_capture_summary(void)
{
	test_summary();
	test_list();
}
