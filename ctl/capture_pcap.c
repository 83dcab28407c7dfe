// SPDX-License-Identifier: GPL-2.0
/*
 * pcap files, written by libpcap as tcpdump -w writes them: link type
 * EN10MB, and nanosecond timestamps (the kernel gives us nanoseconds; the
 * file's magic number says so, and tcpdump, tshark and Wireshark read it).
 * "-" is standard output.
 */
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "capture.h"

struct capture_pcap {
	pcap_t *p;
	pcap_dumper_t *d;
};

struct capture_pcap *capture_pcap_open(const char *path, uint32_t snaplen,
				       char *err, size_t errlen)
{
	struct capture_pcap *w = calloc(1, sizeof(*w));

	if (!w) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->p = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, (int)snaplen,
						    PCAP_TSTAMP_PRECISION_NANO);
	if (!w->p) {
		snprintf(err, errlen, "libpcap: out of memory");
		free(w);
		return NULL;
	}
	/* pcap_dump_open() takes "-" for standard output, as tcpdump -w - does. */
	w->d = pcap_dump_open(w->p, path);
	if (!w->d) {
		snprintf(err, errlen, "%s", pcap_geterr(w->p));
		pcap_close(w->p);
		free(w);
		return NULL;
	}
	return w;
}

/* With nanosecond precision, libpcap takes ts.tv_usec as nanoseconds. */
int capture_pcap_write(struct capture_pcap *w, uint64_t tstamp_ns,
		       const uint8_t *data, uint32_t caplen, uint32_t len)
{
	struct pcap_pkthdr h = {
		.ts = {
			.tv_sec = (time_t)(tstamp_ns / 1000000000ULL),
			.tv_usec = (suseconds_t)(tstamp_ns % 1000000000ULL),
		},
		.caplen = caplen,
		.len = len,
	};

	pcap_dump((u_char *)w->d, &h, data);
	return ferror(pcap_dump_file(w->d)) ? -1 : 0;
}

int capture_pcap_flush(struct capture_pcap *w)
{
	return pcap_dump_flush(w->d) || ferror(pcap_dump_file(w->d)) ? -1 : 0;
}

/* Close the file; -1 if anything written to it was lost. */
int capture_pcap_close(struct capture_pcap *w)
{
	int ret;

	if (!w)
		return 0;
	ret = capture_pcap_flush(w);
	pcap_dump_close(w->d);
	pcap_close(w->p);
	free(w);
	return ret;
}
