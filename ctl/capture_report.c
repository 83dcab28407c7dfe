// SPDX-License-Identifier: GPL-2.0
/*
 * A capture session in words: its settings and counters for `capture list`
 * and `capture stop`, and the summary a capture prints when it ends, as
 * tcpdump does:
 *
 *   12 packets captured
 *   15 packets received by filter
 *   3 packets dropped by kernel (queue full 3, socket 0, no memory 0)
 *
 * "Captured" are the packets we printed or wrote; "received by filter" those
 * the session matched (SOCKCTL_A_CAPTURE_MATCHED); "dropped by kernel" those
 * it matched but could not deliver, for the three reasons it counts.
 */
#include <string.h>

#include "capture.h"

const char *capture_dir_name(uint8_t dir)
{
	switch (dir) {
	case SOCKCTL_CAPTURE_IN:
		return "in";
	case SOCKCTL_CAPTURE_OUT:
		return "out";
	case SOCKCTL_CAPTURE_BOTH:
		return "both";
	}
	return "unknown";
}

const char *capture_end_name(uint8_t reason)
{
	switch (reason) {
	case SOCKCTL_CAPTURE_END_STOPPED:
		return "stopped";
	case SOCKCTL_CAPTURE_END_COUNT:
		return "count";
	case SOCKCTL_CAPTURE_END_DEVICE:
		return "device";
	case SOCKCTL_CAPTURE_END_UNLOAD:
		return "unload";
	}
	return "unknown";
}

/* sockaddr_ll.sll_pkttype, by the names of <linux/if_packet.h>. */
const char *capture_pkttype_name(uint8_t pkttype)
{
	static const char *const names[] = {
		"host", "broadcast", "multicast", "otherhost", "outgoing",
	};

	return pkttype < ARRAY_SIZE(names) ? names[pkttype] : "unknown";
}

uint64_t capture_drops(const struct capture_counters *c)
{
	return c->drops_queue + c->drops_socket + c->drops_nomem;
}

static const char *dev_name(uint32_t ifindex, char *buf)
{
	if (!ifindex)
		return "all";
	if (if_indextoname(ifindex, buf))
		return buf;
	snprintf(buf, IFNAMSIZ, "if%u", ifindex);
	return buf;
}

static void counters_json(struct json_writer *jw, const struct capture_counters *c)
{
	json_uint(jw, "matched", c->matched);
	json_uint(jw, "delivered", c->delivered);
	json_uint(jw, "drops_queue", c->drops_queue);
	json_uint(jw, "drops_socket", c->drops_socket);
	json_uint(jw, "drops_nomem", c->drops_nomem);
	json_uint(jw, "queued", c->queued);
	json_uint(jw, "messages", c->messages);
	json_uint(jw, "elapsed_ns", c->elapsed_ns);
}

/* The fields of a SOCKCTL_A_CAPTURE nest, named as in the uapi. */
void capture_info_json(struct json_writer *jw, const struct capture_info *ci)
{
	char ifname[IFNAMSIZ];

	json_uint(jw, "capture_id", ci->id);
	json_uint(jw, "ifindex", ci->ifindex);
	json_string(jw, "dev", dev_name(ci->ifindex, ifname));
	json_string(jw, "direction", capture_dir_name(ci->direction));
	json_uint(jw, "snaplen", ci->snaplen);
	json_uint(jw, "count", ci->count);
	json_uint(jw, "filter_len", ci->filter_len);
	json_uint(jw, "queue_len", ci->queue_len);
	json_uint(jw, "flush_us", ci->flush_us);
	json_uint(jw, "portid", ci->portid);
	counters_json(jw, &ci->c);
	if (ci->end_reason)
		json_string(jw, "end_reason", capture_end_name(ci->end_reason));
}

void capture_list_print(const struct capture_info *v, int n)
{
	int i;

	if (!n) {
		if (!opts.quiet)
			puts("no captures");
		return;
	}
	printf("%-6s %-16s %-5s %-6s %14s %14s %12s %10s\n", "ID", "DEV", "DIR",
	       "FILTER", "MATCHED", "DELIVERED", "DROPPED", "ELAPSED");
	for (i = 0; i < n; i++) {
		const struct capture_info *ci = &v[i];
		char ifname[IFNAMSIZ], filter[16] = "-";

		if (ci->filter_len)	/* its length, in instructions */
			snprintf(filter, sizeof(filter), "%u", ci->filter_len);
		printf("%-6u %-16s %-5s %-6s %14llu %14llu %12llu %9.2fs\n", ci->id,
		       dev_name(ci->ifindex, ifname), capture_dir_name(ci->direction),
		       filter, (unsigned long long)ci->c.matched,
		       (unsigned long long)ci->c.delivered,
		       (unsigned long long)capture_drops(&ci->c), ci->c.elapsed_ns / 1e9);
	}
}

/* "capture 3 stopped: 100 matched, 98 delivered, 2 dropped, 4.20 s" */
void capture_stopped_print(const struct capture_info *ci)
{
	printf("capture %u stopped: %llu matched, %llu delivered, %llu dropped, %.2f s\n",
	       ci->id, (unsigned long long)ci->c.matched,
	       (unsigned long long)ci->c.delivered,
	       (unsigned long long)capture_drops(&ci->c), ci->c.elapsed_ns / 1e9);
}

static void summary_json(FILE *out, const struct capture_end *e)
{
	const struct capture_counters *c = e->final ? &e->final->c : NULL;
	struct json_writer *jw = json_new(out);

	if (!jw)
		return;
	json_object_open(jw, NULL);
	json_uint(jw, "capture_id", e->st->id);
	if (e->final && e->final->end_reason)
		json_string(jw, "end_reason", capture_end_name(e->final->end_reason));
	else
		json_null(jw, "end_reason");
	json_uint(jw, "captured", e->captured);
	if (c) {
		json_uint(jw, "matched", c->matched);
		json_uint(jw, "delivered", c->delivered);
		json_uint(jw, "dropped", capture_drops(c));
		json_uint(jw, "drops_queue", c->drops_queue);
		json_uint(jw, "drops_socket", c->drops_socket);
		json_uint(jw, "drops_nomem", c->drops_nomem);
		json_uint(jw, "messages", c->messages);
		json_uint(jw, "elapsed_ns", c->elapsed_ns);
	}
	json_uint(jw, "received", e->st->received);
	json_uint(jw, "missing", capture_stream_lost(e->st, e->final));
	json_uint(jw, "receive_overflows", e->enobufs);
	json_object_close(jw);
	json_free(jw);
}

/* At the end of a capture: what it saw and lost, as tcpdump says it. */
void capture_summary_print(FILE *out, const struct capture_end *e)
{
	const struct capture_info *fin = e->final;
	uint64_t lost = capture_stream_lost(e->st, e->final);

	if (fin && fin->end_reason == SOCKCTL_CAPTURE_END_DEVICE) {
		char ifname[IFNAMSIZ];

		fprintf(out, "capture ended: device %s went away\n",
			e->dev ? e->dev : dev_name(fin->ifindex, ifname));
	} else if (fin && fin->end_reason == SOCKCTL_CAPTURE_END_UNLOAD) {
		fputs("capture ended: the sockctl module is being unloaded\n", out);
	}
	if (opts.json) {
		summary_json(out, e);
		return;
	}
	if (opts.quiet)
		return;
	fprintf(out, "%llu packet%s captured\n", (unsigned long long)e->captured,
		e->captured == 1 ? "" : "s");
	if (fin && fin->has_counters) {
		const struct capture_counters *c = &fin->c;

		fprintf(out, "%llu packet%s received by filter\n",
			(unsigned long long)c->matched, c->matched == 1 ? "" : "s");
		fprintf(out, "%llu packet%s dropped by kernel (queue full %llu, socket %llu, no memory %llu)\n",
			(unsigned long long)capture_drops(c),
			capture_drops(c) == 1 ? "" : "s",
			(unsigned long long)c->drops_queue,
			(unsigned long long)c->drops_socket,
			(unsigned long long)c->drops_nomem);
		if (lost != capture_drops(c) || opts.verbose)
			fprintf(out, "%llu packet%s missing from the sequence numbers\n",
				(unsigned long long)lost, lost == 1 ? "" : "s");
	} else {
		/* No final counters (the module did not answer): what we saw. */
		fprintf(out, "%llu packet%s missing from the sequence numbers (the module's counters are unknown)\n",
			(unsigned long long)lost, lost == 1 ? "" : "s");
	}
	if (e->enobufs)
		fprintf(out, "our receive buffer overflowed %llu time%s (a filter, or a smaller snaplen, helps)\n",
			(unsigned long long)e->enobufs, e->enobufs == 1 ? "" : "s");
}
