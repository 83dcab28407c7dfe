// SPDX-License-Identifier: GPL-2.0
/*
 * Where captured packets go, one at a time (the sink of capture_msg.c):
 *
 *   a line each, as tcpdump prints them, to standard output
 *     "12:00:00.000001 veth0 In IP 10.0.0.1.1234 > 10.0.0.2.80: Flags [S], ..."
 *     -x adds a hex dump under it, --base64 the bytes in base64;
 *   -j: one JSON object per line instead (fields in sockctl(8));
 *   -w FILE: a pcap file (libpcap), or pcapng (--pcapng, our writer).
 *
 * Every packet is first made into the frame that was on the wire
 * (capture_frame.c): a VLAN tag held outside the data put back in.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "decode.h"

#define LINE_MAX_LEN	512

struct capture_out {
	const struct capture_args *a;
	uint32_t snaplen;	/* of the file, and what a frame is cut to */
	uint64_t count;		/* packets output */
	struct capture_frame frame;
	struct capture_pcap *pcap;
	struct pcapng_writer *pcapng;
	FILE *file;		/* the pcapng file */
	bool failed;		/* a write failed: stop */
	int error;		/* its errno */
};

static const char *file_name(const struct capture_args *a)
{
	return strcmp(a->write_file, "-") ? a->write_file : "standard output";
}

/* Open where the packets go; exits on failure (after the session started). */
struct capture_out *capture_out_open(const struct capture_args *a)
{
	struct capture_out *o = calloc(1, sizeof(*o));
	char err[256];

	if (!o || capture_frame_init(&o->frame))
		sys_error("out of memory");
	o->a = a;
	o->snaplen = a->snaplen;
	if (!a->write_file)
		return o;
	if (!a->pcapng) {
		o->pcap = capture_pcap_open(a->write_file, o->snaplen, err, sizeof(err));
		if (!o->pcap)
			sys_error("capture: cannot write %s: %s", file_name(a), err);
		return o;
	}
	o->file = strcmp(a->write_file, "-") ? fopen(a->write_file, "wb") : stdout;
	if (!o->file)
		sys_error("capture: cannot write %s: %s", file_name(a), strerror(errno));
	o->pcapng = pcapng_open(o->file, "sockctl " SOCKCTL_CLI_VERSION, o->snaplen);
	if (!o->pcapng)
		sys_error("out of memory");
	return o;
}

static const char *ifname_of(const struct capture_packet *p, char *buf)
{
	if (p->ifname[0])
		return p->ifname;
	if (p->ifindex && if_indextoname(p->ifindex, buf))
		return buf;
	snprintf(buf, IFNAMSIZ, "if%u", p->ifindex);
	return buf;
}

/* "12:00:00.000001 veth0 In IP ...": the time of day here, to the microsecond. */
void capture_packet_line(char *buf, size_t size, const struct capture_packet *p,
			 const struct capture_frame *f)
{
	time_t sec = (time_t)(p->tstamp_ns / 1000000000ULL);
	char ifname[IFNAMSIZ];
	struct tm tm;
	int n;

	localtime_r(&sec, &tm);
	n = snprintf(buf, size, "%02d:%02d:%02d.%06u %s %s ", tm.tm_hour, tm.tm_min,
		     tm.tm_sec, (unsigned int)(p->tstamp_ns % 1000000000ULL / 1000),
		     ifname_of(p, ifname),
		     p->direction == SOCKCTL_CAPTURE_OUT ? "Out" : "In");
	if (n > 0 && (size_t)n < size)
		decode_line(buf + n, size - (size_t)n, f->data, f->caplen, f->len);
}

static void print_json(const struct capture_out *o, const struct capture_packet *p,
		       const struct capture_frame *f, const char *line)
{
	struct json_writer *jw = json_new(stdout);
	char ifname[IFNAMSIZ], *text;

	if (!jw)
		sys_error("out of memory");
	json_object_open(jw, NULL);
	json_uint(jw, "seq", p->seq);
	json_uint(jw, "time_ns", p->tstamp_ns);
	json_uint(jw, "ifindex", p->ifindex);
	json_string(jw, "ifname", ifname_of(p, ifname));
	json_string(jw, "direction", p->direction == SOCKCTL_CAPTURE_OUT ? "out" : "in");
	json_string(jw, "pkttype", capture_pkttype_name(p->pkttype));
	json_uint(jw, "protocol", p->protocol);
	if (p->has_vlan) {
		json_uint(jw, "vlan_tci", p->vlan_tci);
		json_uint(jw, "vlan_tpid", p->vlan_tpid);
	}
	json_uint(jw, "orig_len", f->len);
	json_uint(jw, "caplen", f->caplen);
	text = hex_encode(f->data, f->caplen);
	json_string(jw, "data_hex", text);
	free(text);
	if (o->a->base64) {
		text = base64_encode(f->data, f->caplen);
		json_string(jw, "data_base64", text);
		free(text);
	}
	/* The line without its time and device, which have fields of their own. */
	json_string(jw, "summary", line);
	json_object_close(jw);
	json_free(jw);
}

static void print_text(const struct capture_out *o, const struct capture_packet *p,
		       const struct capture_frame *f)
{
	char line[LINE_MAX_LEN];

	capture_packet_line(line, sizeof(line), p, f);
	puts(line);
	if (o->a->hex)
		hexdump(stdout, f->data, f->caplen);
	if (o->a->base64) {
		char *text = base64_encode(f->data, f->caplen);

		printf("\t%s\n", text);
		free(text);
	}
}

static int write_file(struct capture_out *o, const struct capture_packet *p,
		      const struct capture_frame *f)
{
	char ifname[IFNAMSIZ];

	if (o->pcap)
		return capture_pcap_write(o->pcap, p->tstamp_ns, f->data, f->caplen, f->len);
	return pcapng_write_packet(o->pcapng, p->ifindex, ifname_of(p, ifname),
				   p->tstamp_ns, f->data, f->caplen, f->len,
				   p->direction == SOCKCTL_CAPTURE_OUT ? PCAPNG_DIR_OUTBOUND :
				   p->direction == SOCKCTL_CAPTURE_IN ? PCAPNG_DIR_INBOUND :
				   PCAPNG_DIR_UNKNOWN);
}

/* The sink: one packet out; false when no more are wanted (or can be written). */
bool capture_out_packet(void *arg, const struct capture_packet *p)
{
	struct capture_out *o = arg;
	struct capture_frame *f = &o->frame;

	if (o->failed)
		return false;
	capture_frame_make(f, p, o->snaplen);
	if (o->a->write_file) {
		if (write_file(o, p, f)) {
			o->failed = true;
			o->error = errno;
			return false;
		}
	} else if (opts.json) {
		char line[LINE_MAX_LEN];

		decode_line(line, sizeof(line), f->data, f->caplen, f->len);
		print_json(o, p, f, line);
	} else {
		print_text(o, p, f);
	}
	o->count++;
	return !o->a->count || o->count < o->a->count;
}

/* After each message: make what was output visible; -1 if writing failed. */
int capture_out_flush(struct capture_out *o)
{
	int ret = 0;

	if (o->pcap)
		ret = capture_pcap_flush(o->pcap);
	else if (o->file && (fflush(o->file) || ferror(o->file)))
		ret = -1;
	else if (!o->a->write_file && (fflush(stdout) || ferror(stdout)))
		ret = -1;
	if (ret && !o->failed) {
		o->failed = true;
		o->error = errno;
	}
	return o->failed ? -1 : 0;
}

uint64_t capture_out_count(const struct capture_out *o)
{
	return o->count;
}

/* Close the file; 0, or EXIT_SYSTEM after saying what could not be written. */
int capture_out_close(struct capture_out *o)
{
	int ret = o->failed ? -1 : 0;

	if (o->pcap && capture_pcap_close(o->pcap))
		ret = -1;
	if (o->pcapng && pcapng_close(o->pcapng))
		ret = -1;
	if (o->file && o->file != stdout && fclose(o->file))
		ret = -1;
	if (ret)
		fprintf(stderr, "sockctl: capture: writing %s failed: %s\n",
			o->a->write_file ? file_name(o->a) : "standard output",
			strerror(o->error ? o->error : EIO));
	capture_frame_free(&o->frame);
	free(o);
	return ret ? EXIT_SYSTEM : EXIT_OK;
}
