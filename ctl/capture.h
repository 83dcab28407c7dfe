/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sockctl capture: kernel-space capture sessions (SOCKCTL_CMD_CAPTURE_*).
 *
 *   cmd_capture.c     the command: run a session, list, stop, help
 *   capture_args.c    its command line
 *   capture_filter.c  a tcpdump expression -> classic BPF, with libpcap
 *   capture_recv.c    the session: socket, START, the receive loop, STOP
 *   capture_msg.c     parsing the notifications (a pure function of bytes)
 *   capture_frame.c   a captured packet's bytes as they were on the wire
 *   capture_out.c     each packet: a line, hex, base64, JSON, or a file
 *   capture_pcap.c    pcap files, written by libpcap
 *   pcapng_writer.c   pcapng files, written by us
 *   capture_report.c  a session's settings and counters; the summary
 */
#ifndef SOCKCTL_CAPTURE_H
#define SOCKCTL_CAPTURE_H

#include <net/if.h>

#include "sockctl.h"

#define CAPTURE_SNAPLEN_DEFAULT	262144	/* tcpdump's, and its maximum */
#define CAPTURE_FILTER_MAX	4096	/* instructions the kernel takes */

enum capture_action {
	CAPTURE_RUN,
	CAPTURE_LIST,
	CAPTURE_STOP,
	CAPTURE_HELP,
};

/**
 * struct capture_args - a capture command line
 * @action: what to do
 * @dev: dev NAME, or NULL for every device
 * @direction: &enum sockctl_capture_dir, 0 if not given (the kernel's default)
 * @filter: the tcpdump expression (owned), or NULL
 * @insns: @filter compiled: struct sock_filter instructions
 * @n_insns: their number
 * @count: -c N: stop after N packets, 0 for no limit
 * @snaplen: -s N as given (0 given means the default)
 * @queue_len: queue N, or 0 for the kernel's default
 * @flush_us: flush DURATION in microseconds, or 0 for the kernel's default
 * @write_file: -w FILE, "-" for standard output, or NULL
 * @pcapng: --pcapng: write pcapng rather than pcap
 * @hex: -x: a hex dump under each line
 * @base64: --base64: the packet's bytes in base64 under each line
 * @ids: stop ID...: the sessions
 * @n_ids: their number
 */
struct capture_args {
	enum capture_action action;
	const char *dev;
	uint8_t direction;
	char *filter;
	struct blob insns;
	uint32_t n_insns;
	uint64_t count;
	uint32_t snaplen;
	uint32_t queue_len;
	uint32_t flush_us;
	const char *write_file;
	bool pcapng, hex, base64;
	uint32_t *ids;
	int n_ids;
};

/* capture_args.c */
void capture_args_parse(int argc, char **argv, struct capture_args *a);
void capture_args_free(struct capture_args *a);
uint32_t capture_kernel_snaplen(const struct capture_args *a);

/* capture_filter.c */
int capture_filter_compile(const char *expr, uint32_t snaplen, struct blob *out,
			   char *err, size_t errlen);

/* capture_msg.c: what the kernel says about a session and its packets. */
struct capture_counters {
	uint64_t matched, delivered;
	uint64_t drops_queue, drops_socket, drops_nomem;
	uint32_t queued;
	uint64_t messages, elapsed_ns;
};

/* A SOCKCTL_A_CAPTURE nest; absent attributes are 0. */
struct capture_info {
	uint32_t id, ifindex, portid, filter_len;
	uint8_t direction, end_reason;
	uint32_t snaplen, queue_len, flush_us;
	uint64_t count;
	struct capture_counters c;
	bool has_counters;
};

/* A SOCKCTL_A_PACKET nest; data points into the message. */
struct capture_packet {
	uint64_t seq, tstamp_ns;
	uint32_t ifindex;
	char ifname[IFNAMSIZ];
	uint8_t direction, pkttype;
	uint16_t protocol;
	uint32_t orig_len;
	const uint8_t *data;
	uint32_t caplen;
	bool has_vlan;
	uint16_t vlan_tci, vlan_tpid;
};

/*
 * Where the packets go: return false to take no more (a count reached);
 * the stream then still reads, to keep its accounting, but hands nothing on.
 */
struct capture_sink {
	bool (*packet)(void *arg, const struct capture_packet *p);
	void *arg;
};

/**
 * struct capture_stream - a session's messages, as they arrive
 * @family_id: the sockctl family (set by the caller)
 * @start_seq: the sequence number of our CAPTURE_START request
 * @nl: where the START error's extended ACK goes, or NULL
 * @started: the START reply (or the first packets) arrived
 * @start_error: the kernel refused the START request (negative errno)
 * @ended: CAPTURE_END arrived; @last holds the final counters
 * @full: the sink took no more
 * @id: the session's id, once known
 * @settings: the START reply: the settings in effect
 * @last: the latest SOCKCTL_A_CAPTURE nest (the END's, once @ended)
 * @has_last: @last was set
 * @last_seq: the highest sequence number seen
 * @received: packets in the messages (of our session)
 * @taken: packets handed to the sink
 * @missing: sequence numbers skipped: packets the kernel dropped
 * @reordered: sequence numbers not above one seen before (never expected)
 * @messages: CAPTURE_PACKETS messages
 * @malformed: messages or packets we could not parse
 * @foreign: messages of another session, ignored
 */
struct capture_stream {
	int family_id;
	uint32_t start_seq;
	struct sockctl_nl *nl;

	bool started, ended, full;
	int start_error;
	uint32_t id;
	struct capture_info settings, last;
	bool has_last;
	uint64_t last_seq, received, taken, missing, reordered;
	uint64_t messages, malformed, foreign;
};

int capture_info_parse(struct nlattr *nest, struct capture_info *ci);
int capture_packet_parse(struct nlattr *nest, struct capture_packet *p);
void capture_stream_feed(struct capture_stream *st, const void *buf, size_t len,
			 const struct capture_sink *sink);
uint64_t capture_stream_lost(const struct capture_stream *st,
			     const struct capture_info *fin);
int capture_info_reply_parse(struct nl_msg *reply, void *arg);

/* capture_frame.c */
#define CAPTURE_VLAN_HLEN	4

struct capture_frame {
	const uint8_t *data;	/* the bytes: the packet's, or buf */
	uint32_t caplen;	/* bytes in data */
	uint32_t len;		/* bytes on the wire */
	uint8_t *buf;		/* room for a packet and a tag (owned) */
	size_t size;
};

int capture_frame_init(struct capture_frame *f);
void capture_frame_free(struct capture_frame *f);
void capture_frame_make(struct capture_frame *f, const struct capture_packet *p,
			uint32_t snaplen);

/* capture_out.c */
struct capture_out;

struct capture_out *capture_out_open(const struct capture_args *a);
bool capture_out_packet(void *arg, const struct capture_packet *p);
int capture_out_flush(struct capture_out *o);
int capture_out_close(struct capture_out *o);
uint64_t capture_out_count(const struct capture_out *o);
void capture_packet_line(char *buf, size_t size, const struct capture_packet *p,
			 const struct capture_frame *f);

/* capture_pcap.c: pcap files through libpcap. */
struct capture_pcap;

struct capture_pcap *capture_pcap_open(const char *path, uint32_t snaplen,
				       char *err, size_t errlen);
int capture_pcap_write(struct capture_pcap *w, uint64_t tstamp_ns,
		       const uint8_t *data, uint32_t caplen, uint32_t len);
int capture_pcap_flush(struct capture_pcap *w);
int capture_pcap_close(struct capture_pcap *w);

/* pcapng_writer.c: pcapng files (libpcap 1.10 cannot write them). */
struct pcapng_writer;

enum pcapng_direction {
	PCAPNG_DIR_UNKNOWN,
	PCAPNG_DIR_INBOUND,
	PCAPNG_DIR_OUTBOUND,
};

struct pcapng_writer *pcapng_open(FILE *f, const char *appl, uint32_t snaplen);
int pcapng_write_packet(struct pcapng_writer *w, uint32_t ifindex,
			const char *ifname, uint64_t tstamp_ns,
			const uint8_t *data, uint32_t caplen, uint32_t len,
			enum pcapng_direction dir);
int pcapng_close(struct pcapng_writer *w);

/* capture_report.c */
struct capture_end {
	const struct capture_stream *st;
	const struct capture_info *final;	/* final counters, or NULL */
	uint64_t captured;		/* packets we printed or wrote */
	uint64_t enobufs;		/* our socket overflowed */
	const char *dev;		/* as the user named it, or NULL */
};

const char *capture_dir_name(uint8_t dir);
const char *capture_end_name(uint8_t reason);
const char *capture_pkttype_name(uint8_t pkttype);
uint64_t capture_drops(const struct capture_counters *c);
void capture_info_json(struct json_writer *jw, const struct capture_info *ci);
void capture_list_print(const struct capture_info *v, int n);
void capture_stopped_print(const struct capture_info *ci);
void capture_summary_print(FILE *out, const struct capture_end *e);

/* capture_recv.c */
int capture_run(const struct capture_args *a);
struct nl_msg *capture_id_request(struct sockctl_nl *nl, uint8_t cmd, uint32_t id,
				  int flags);

#endif /* SOCKCTL_CAPTURE_H */
