// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal pcapng writer (draft-ietf-opsawg-pcapng): libpcap 1.10 reads
 * pcapng but cannot write it, and pcapng can say what pcap cannot: which
 * interface each packet was seen on (by name) and in which direction.
 *
 *   Section Header Block     once, with shb_userappl
 *   Interface Description    one per interface, the first time it is seen:
 *     Block                  link type EN10MB, if_name, if_tsresol = 9 (ns)
 *   Enhanced Packet Block    one per packet, with epb_flags (direction)
 *
 * Blocks are written in host byte order, which the SHB's byte-order magic
 * tells readers; every block and option is padded to 32 bits and ends with
 * its total length again.
 */
#include <stdlib.h>
#include <string.h>

#include "capture.h"

#define PCAPNG_SHB		0x0a0d0d0aU
#define PCAPNG_IDB		0x00000001U
#define PCAPNG_EPB		0x00000006U
#define PCAPNG_BYTE_ORDER	0x1a2b3c4dU
#define PCAPNG_LINKTYPE_ETHERNET 1

#define OPT_ENDOFOPT		0
#define OPT_SHB_USERAPPL	4
#define OPT_IF_NAME		2
#define OPT_IF_TSRESOL		9
#define OPT_EPB_FLAGS		2

#define PAD4(n)			(((n) + 3u) & ~3u)

struct pcapng_if {
	uint32_t ifindex;
};

struct pcapng_writer {
	FILE *f;
	uint32_t snaplen;
	struct pcapng_if *ifs;	/* by interface id, in the order of their IDBs */
	uint32_t n_ifs;
	bool failed;
};

static void put(struct pcapng_writer *w, const void *data, size_t len)
{
	if (len && fwrite(data, 1, len, w->f) != len)
		w->failed = true;
}

static void put_u32(struct pcapng_writer *w, uint32_t v)
{
	put(w, &v, sizeof(v));
}

static void put_pad(struct pcapng_writer *w, size_t len)
{
	static const uint8_t zeros[4];

	put(w, zeros, PAD4(len) - len);
}

/* An option: code, length, value padded to 32 bits. */
static size_t opt_size(size_t len)
{
	return 4 + PAD4(len);
}

static void put_opt(struct pcapng_writer *w, uint16_t code, const void *val,
		    uint16_t len)
{
	uint16_t h[2] = { code, len };

	put(w, h, sizeof(h));
	put(w, val, len);
	put_pad(w, len);
}

static void put_end_of_options(struct pcapng_writer *w)
{
	put_u32(w, OPT_ENDOFOPT);	/* code 0, length 0 */
}

static void write_shb(struct pcapng_writer *w, const char *appl)
{
	size_t alen = strlen(appl);
	uint32_t total = (uint32_t)(28 + opt_size(alen) + 4);
	uint16_t version[2] = { 1, 0 };
	int64_t section_len = -1;	/* not given */

	put_u32(w, PCAPNG_SHB);
	put_u32(w, total);
	put_u32(w, PCAPNG_BYTE_ORDER);
	put(w, version, sizeof(version));
	put(w, &section_len, sizeof(section_len));
	put_opt(w, OPT_SHB_USERAPPL, appl, (uint16_t)alen);
	put_end_of_options(w);
	put_u32(w, total);
}

/* The interface id of ifindex, writing its IDB the first time. */
static int interface_id(struct pcapng_writer *w, uint32_t ifindex, const char *ifname)
{
	struct pcapng_if *ifs;
	size_t nlen = strnlen(ifname, 64);
	uint8_t tsresol = 9;	/* 10^-9 s: nanoseconds */
	uint16_t linktype[2] = { PCAPNG_LINKTYPE_ETHERNET, 0 };
	uint32_t i, total;

	for (i = 0; i < w->n_ifs; i++)
		if (w->ifs[i].ifindex == ifindex)
			return (int)i;
	ifs = realloc(w->ifs, (w->n_ifs + 1) * sizeof(*ifs));
	if (!ifs)
		return -1;
	w->ifs = ifs;
	w->ifs[w->n_ifs].ifindex = ifindex;

	total = (uint32_t)(20 + (nlen ? opt_size(nlen) : 0) + opt_size(1) + 4);
	put_u32(w, PCAPNG_IDB);
	put_u32(w, total);
	put(w, linktype, sizeof(linktype));
	put_u32(w, w->snaplen);
	if (nlen)
		put_opt(w, OPT_IF_NAME, ifname, (uint16_t)nlen);
	put_opt(w, OPT_IF_TSRESOL, &tsresol, 1);
	put_end_of_options(w);
	put_u32(w, total);
	return (int)w->n_ifs++;
}

/* Start a file: its section header. */
struct pcapng_writer *pcapng_open(FILE *f, const char *appl, uint32_t snaplen)
{
	struct pcapng_writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->f = f;
	w->snaplen = snaplen;
	write_shb(w, appl);
	return w;
}

/* One packet; 0, or -1 if the file could not be written. */
int pcapng_write_packet(struct pcapng_writer *w, uint32_t ifindex,
			const char *ifname, uint64_t tstamp_ns,
			const uint8_t *data, uint32_t caplen, uint32_t len,
			enum pcapng_direction dir)
{
	uint32_t flags = (uint32_t)dir;	/* bits 0-1: 1 inbound, 2 outbound */
	uint32_t total;
	int id;

	id = interface_id(w, ifindex, ifname);
	if (id < 0)
		return -1;
	total = 28 + PAD4(caplen) + (dir ? (uint32_t)opt_size(4) + 4 : 0) + 4;
	put_u32(w, PCAPNG_EPB);
	put_u32(w, total);
	put_u32(w, (uint32_t)id);
	put_u32(w, (uint32_t)(tstamp_ns >> 32));
	put_u32(w, (uint32_t)tstamp_ns);
	put_u32(w, caplen);
	put_u32(w, len);
	put(w, data, caplen);
	put_pad(w, caplen);
	if (dir) {
		put_opt(w, OPT_EPB_FLAGS, &flags, 4);
		put_end_of_options(w);
	}
	put_u32(w, total);
	return w->failed ? -1 : 0;
}

/* Flush and forget the file (the caller closes it); -1 if writing failed. */
int pcapng_close(struct pcapng_writer *w)
{
	int ret;

	if (!w)
		return 0;
	ret = w->failed || fflush(w->f) || ferror(w->f) ? -1 : 0;
	free(w->ifs);
	free(w);
	return ret;
}
