/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding a built packet for `sockctl build`: every field of every layer
 * with its value, where it sits (byte and bit offset) and the RFC that
 * defines it; checksums recomputed in user space.  The decoder fills plain
 * structures; decode_print.c prints them as text or JSON.
 *
 * Layer and field names are part of the JSON output and documented in
 * sockctl(8); field names are those of the uapi attributes where one exists.
 */
#ifndef SOCKCTL_DECODE_H
#define SOCKCTL_DECODE_H

#include "sockctl.h"

enum dfield_format {
	DF_DEC,		/* a number, printed in decimal */
	DF_HEX,		/* a number, printed as 0x with hex_digits digits */
	DF_STR,		/* a string: an address, or bytes in hex */
};

enum csum_state {
	CSUM_NONE,		/* not a checksum */
	CSUM_CORRECT,
	CSUM_INCORRECT,
	CSUM_UNCHECKED,		/* cannot be checked from this frame (a fragment) */
};

/**
 * struct dfield - one decoded field
 * @name: stable name ("ttl")
 * @format: how @num or @str is shown
 * @num: its value as a number
 * @str: its value as text (owned), for DF_STR
 * @hex_digits: DF_HEX width
 * @note: what the value means, for humans ("tcp", "20 bytes"), or ""
 * @offset: byte offset of its first bit in the frame
 * @bit_offset: that bit within the byte, 0 being the most significant, as
 *	in the RFCs' diagrams
 * @bits: its width in bits
 * @rfc: where it is defined ("RFC 791 3.1")
 * @csum: for a checksum, whether it is right
 * @csum_expected: and what it should be
 */
struct dfield {
	const char *name;
	enum dfield_format format;
	uint64_t num;
	char *str;
	int hex_digits;
	char note[96];
	unsigned int offset, bit_offset, bits;
	const char *rfc;
	enum csum_state csum;
	uint16_t csum_expected;
};

/**
 * struct dlayer - one decoded header
 * @name: stable name ("ipv4", "tcp")
 * @title: for humans ("IPv4 header")
 * @rfc: where it is defined
 * @offset: its first byte in the frame
 * @length: its bytes (header and options; the payload for "payload")
 * @truncated: the frame ends inside it
 * @fields: its fields, in wire order
 * @n_fields: their number
 */
struct dlayer {
	const char *name;
	const char *title;
	const char *rfc;
	unsigned int offset, length;
	bool truncated;
	struct dfield *fields;
	int n_fields;
};

struct dframe {
	const uint8_t *data;
	size_t len;
	struct dlayer *layers;
	int n_layers;
};

/*
 * What we know of a frame before decoding it: the offsets the kernel gave
 * (-1 if absent) and the layers of the description (0 for raw packets,
 * whose headers then decide).
 */
struct decode_hints {
	bool ethernet;
	int l3_offset, l4_offset, payload_offset;
	uint32_t layers;	/* BIT(SOCKCTL_A_ETH) ... as in desc_result */
};

/* What the network layer tells the transport layer. */
struct ip_info {
	int version;		/* 4, 6, or 0 for none */
	const uint8_t *saddr, *daddr;
	uint8_t protocol;	/* of the transport header */
	size_t l4_offset;
	size_t end;		/* end of the datagram in the frame */
	bool fragment;		/* part of a fragmented datagram */
	bool later_fragment;	/* not the first part: no transport header */
};

/* decode.c */
void decode_frame(struct dframe *f, const uint8_t *data, size_t len,
		  const struct decode_hints *hints);
void dframe_free(struct dframe *f);
struct dlayer *dl_add(struct dframe *f, const char *name, const char *title,
		      const char *rfc, size_t offset, size_t length);
struct dfield *df_num(struct dlayer *l, const char *name, size_t offset,
		      unsigned int bit_offset, unsigned int bits, uint64_t value,
		      const char *rfc);
struct dfield *df_hex(struct dlayer *l, const char *name, size_t offset,
		      unsigned int bits, uint64_t value, const char *rfc);
struct dfield *df_str(struct dlayer *l, const char *name, size_t offset,
		      unsigned int bits, const char *value, const char *rfc);
struct dfield *df_bytes(struct dlayer *l, const char *name,
			const uint8_t *data, size_t offset, size_t len,
			const char *rfc);
void df_note(struct dfield *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
uint32_t get_be(const uint8_t *p, size_t bytes);
size_t decode_payload(struct dframe *f, size_t offset, size_t end);

/* decode_ip.c */
size_t decode_arp(struct dframe *f, size_t off);
bool decode_ipv4(struct dframe *f, size_t off, struct ip_info *ip);
bool decode_ipv6(struct dframe *f, size_t off, struct ip_info *ip);

/* decode_l4.c */
size_t decode_l4(struct dframe *f, uint32_t layer, const struct ip_info *ip);
uint32_t l4_layer_of(const struct ip_info *ip);

/* checksum.c */
uint32_t csum_add(uint32_t sum, const uint8_t *data, size_t len);
uint16_t csum_fold(uint32_t sum);
uint32_t csum_pseudo_v4(const uint8_t *src, const uint8_t *dst, uint8_t proto,
			uint32_t len);
uint32_t csum_pseudo_v6(const uint8_t *src, const uint8_t *dst, uint8_t nexthdr,
			uint32_t len);
void csum_check(struct dfield *f, uint32_t pseudo, const uint8_t *data,
		size_t len, size_t field, bool udp);

/* decode_print.c */
void decode_print_text(FILE *out, const struct dframe *f, int index, int total);
void decode_print_json(struct json_writer *jw, const struct dframe *f,
		       int index, const struct decode_hints *hints);

/* decode_line.c: one line per frame, as tcpdump prints it */
void decode_line(char *buf, size_t size, const uint8_t *data, size_t caplen,
		 size_t len);

#endif /* SOCKCTL_DECODE_H */
