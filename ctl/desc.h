/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet description grammar shared by `send` and `build`: argv in,
 * SOCKCTL_CMD_BUILD/SEND attributes out.
 *
 *   [OPTION...] [eth FIELD...] [arp|ip|ip6 FIELD...]
 *       [tcp|udp|icmp|icmp6 FIELD...] [payload ENC DATA...]
 *   [OPTION...] raw ENC DATA...
 *
 * Each layer is a table of fields (struct field_def); the engine (desc.c)
 * matches words against the open layer's fields, the layer keywords and the
 * options, exact names first and then unique prefixes, and writes one
 * attribute per field into the layer's nest as it goes.  Mistakes exit
 * through usage_error() naming the word.
 */
#ifndef SOCKCTL_DESC_H
#define SOCKCTL_DESC_H

#include "sockctl.h"

#define DESC_MAX_VARY		8	/* SOCKCTL_A_VARY, per the uapi */
#define DESC_MAX_VLANS		2
#define DESC_MAX_EXTHDRS	8
#define DESC_MAX_OPTLEN		40	/* IPv4 and TCP options */

struct desc_parser;

enum field_kind {
	FIELD_U8,
	FIELD_U16,
	FIELD_U32,
	FIELD_FLAG,		/* NLA_FLAG: the keyword alone */
	FIELD_IPV4,		/* 4 bytes, network order */
	FIELD_IPV6,		/* 16 bytes */
	FIELD_MAC,		/* 6 bytes */
	FIELD_BLOB,		/* ENC DATA, at most max bytes (0: no limit) */
	FIELD_CUSTOM,		/* parse() reads its words and writes its attributes */
};

/**
 * struct field_def - one keyword of a layer
 * @keyword: what the user types (unique prefixes work)
 * @attr: the attribute it sets in the layer's nest; two keywords with the
 *	same attr conflict (ip "tos" and "len" are different, "csum" and
 *	"checksum" the same)
 * @kind: how its value is read and written
 * @max: numbers: the largest value (the smallest is 0); blobs: most bytes
 * @names: numbers: symbolic values accepted instead ("echo-request")
 * @vary: enum sockctl_vary_field if the value may change per packet
 *	(ranges, "random", "inc", "step"), else 0
 * @excludes: BIT(attr) of fields of the same layer it may not be used with
 * @repeatable: may be given more than once (vlan, ext, df...)
 * @parse: FIELD_CUSTOM: reads the value words at p's cursor
 * @value_help: what follows the keyword, for usage and errors
 */
struct field_def {
	const char *keyword;
	int attr;
	enum field_kind kind;
	uint32_t max;
	const struct name_value *names;
	int vary;
	uint32_t excludes;
	bool repeatable;
	void (*parse)(struct desc_parser *p, const struct field_def *f,
		      const char *ctx);
	const char *value_help;
};

/* Layers come in this order; a rank may be used once. */
enum layer_rank {
	RANK_RAW = 0,
	RANK_LINK,
	RANK_NETWORK,
	RANK_TRANSPORT,
	RANK_PAYLOAD,
};

/**
 * struct layer_def - a layer keyword and its fields
 * @keyword: "ip"
 * @alias: another name ("ipv4"), or NULL
 * @attr: its attribute (SOCKCTL_A_IPV4)
 * @rank: where it goes
 * @nest: it is a nest of fields (payload and raw are one binary attribute)
 * @fields: its keywords, NULL-terminated; order decides prefixes
 * @finish: writes what its fields accumulated (IPv4 flags, payload pieces)
 */
struct layer_def {
	const char *keyword;
	const char *alias;
	int attr;
	enum layer_rank rank;
	bool nest;
	const struct field_def *fields;
	void (*finish)(struct desc_parser *p);
};

extern const struct layer_def eth_layer, arp_layer, ipv4_layer, ipv6_layer,
	tcp_layer, udp_layer, icmp_layer, icmp6_layer, payload_layer, raw_layer;
extern const struct layer_def *const desc_layers[];

/* A field that changes per packet: one SOCKCTL_A_VARY nest. */
struct vary_spec {
	uint32_t field;
	uint8_t mode;
	uint32_t from, to, step;
	bool has_from, has_to, has_step;
	int argi, nargs;
};

/* Where an attribute of the request came from, to explain kernel errors. */
struct desc_origin {
	unsigned int offset;	/* of the attribute, from the nlmsghdr */
	int argi, nargs;	/* the words that made it */
};

/**
 * struct desc_result - what a parsed description says beyond its attributes
 * @layers: BIT(SOCKCTL_A_ETH) ... BIT(SOCKCTL_A_RAW) of the layers given
 * @inject: enum sockctl_inject as given, 0 if not
 * @ifname: dev NAME, or NULL
 * @ifindex: ifindex N, or 0
 * @count: count N, or 0 if not given (the kernel's default is 1)
 * @background: the background keyword was given
 * @argv: the words parsed, for @origins
 * @origins: one per attribute written
 */
struct desc_result {
	uint32_t layers;
	uint8_t inject;
	const char *ifname;
	uint32_t ifindex;
	uint32_t count;
	bool background;
	char **argv;
	struct desc_origin *origins;
	int n_origins;
};

/**
 * struct desc_hooks - what the calling subcommand adds to the grammar
 * @command: "send" or "build", for messages
 * @usage: prints the subcommand's usage (for "help")
 * @option: called for words starting with '-' at a keyword position;
 *	returns true if it took the word (e.g. build's --hex)
 * @arg: for @option
 */
struct desc_hooks {
	const char *command;
	void (*usage)(FILE *out);
	bool (*option)(const char *word, void *arg);
	void *arg;
};

/* Global options: a top-level attribute each, written at the end. */
struct desc_options {
	int argi[SOCKCTL_A_MAX + 1];	/* keyword of each option given, or -1 */
	int nargs[SOCKCTL_A_MAX + 1];	/* its number of words */
	uint8_t inject;
	const char *ifname;
	uint32_t ifindex, count, burst, rate_pps;
	uint64_t interval_ns, rate_bps;
	uint16_t frag_size;
};

/* Per-layer scratch, reset when a layer starts. */
struct layer_state {
	uint64_t seen;			/* BIT(attr) of the fields given */
	const char *seen_word[32];	/* the keyword that set each */
	uint8_t ipv4_flags;
	bool ipv4_flags_given;
	int n_vlans, n_exthdrs;
	int icmp_type;			/* -1 until "type" is given */
	struct blob blob;		/* payload and raw pieces */
};

struct desc_parser {
	int argc;
	char **argv;
	int pos;			/* the next word */
	int field_argi;			/* the keyword being parsed */
	int field_nargs;		/* its words, where known in advance */
	struct nl_msg *msg;
	const struct desc_hooks *hooks;
	struct desc_result *res;
	const struct layer_def *layer;	/* the open layer, or NULL */
	int layer_argi;			/* its keyword */
	struct nlattr *nest;
	int nest_origin;		/* its entry in res->origins */
	struct layer_state l;
	enum layer_rank last_rank;
	struct desc_options o;
	struct vary_spec vary[DESC_MAX_VARY];
	int n_vary;
};

/* desc.c */
void desc_parse(int argc, char **argv, struct nl_msg *msg,
		const struct desc_hooks *hooks, struct desc_result *res);
void desc_result_free(struct desc_result *res);
const char *desc_origin_words(const struct desc_result *res,
			      unsigned int offset, char *buf, size_t size);
void desc_usage(FILE *out, const char *command);

/* desc_write.c: attributes, recorded with the words that made them. */
const char *desc_next(struct desc_parser *p, const char *ctx);
void desc_put(struct desc_parser *p, int type, size_t len, const void *data);
void desc_put_u8(struct desc_parser *p, int type, uint8_t v);
void desc_put_u16(struct desc_parser *p, int type, uint16_t v);
void desc_put_u32(struct desc_parser *p, int type, uint32_t v);
void desc_put_u64(struct desc_parser *p, int type, int pad_type, uint64_t v);
void desc_put_flag(struct desc_parser *p, int type);
struct nlattr *desc_nest_start(struct desc_parser *p, int type);
void desc_nest_end(struct desc_parser *p, struct nlattr *nest);
int desc_report(struct sockctl_nl *nl, const struct desc_result *res,
		const char *what);

/* desc_value.c: reading values of the field kinds. */
void desc_field(struct desc_parser *p, const struct field_def *f,
		const char *ctx);
uint32_t desc_number(const char *ctx, const char *word, uint32_t max,
		     const struct name_value *names);
void desc_ipv4(const char *ctx, const char *word, uint8_t addr[4]);
void desc_blob(struct desc_parser *p, const char *ctx, struct blob *out);
void desc_blob_piece(struct desc_parser *p, const char *ctx,
		     const char *encoding, struct blob *out);
void desc_add_vary(struct desc_parser *p, const char *ctx,
		   const struct vary_spec *v);

#endif /* SOCKCTL_DESC_H */
