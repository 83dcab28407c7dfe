// SPDX-License-Identifier: GPL-2.0
/*
 * What send --via socket says afterwards: which socket, which privilege,
 * what the kernel filled in or rewrote, what the socket could not have
 * said, what went out.  Text for people, one JSON object with -j (the
 * members are listed in sockctl(8), USER SPACE VERSUS KERNEL SPACE).
 */
#include <string.h>

#include "via_socket.h"

static void print_names(const char *label, const struct via_names *l)
{
	int i;

	printf("%s", label);
	for (i = 0; i < l->n; i++)
		printf("%s%s", i ? ", " : "", l->v[i]);
	if (!l->n)
		printf("nothing");
}

static void print_privilege(const struct via_result *r)
{
	if (!r->privilege)
		printf("no privilege needed");
	else if (r->privilege_why[0])
		printf("needs %s (%s)", r->privilege, r->privilege_why);
	else
		printf("needs %s", r->privilege);
}

static void print_readback(const struct via_plan *p, const struct via_result *r)
{
	int i;

	if (r->readback < 0) {
		if (p->kind == VIA_RAW)
			puts("  not read back (no packet socket to watch with): the fields above are by the kernel's rules");
		return;
	}
	if (!r->readback) {
		puts("  not seen leaving within 500 ms (a netfilter rule?): the fields above are by the kernel's rules");
		return;
	}
	printf("  read back on %s: ", r->readback_dev);
	for (i = 0; i < r->n_changes; i++)
		printf("%s%s %s -> %s", i ? ", " : "", r->changes[i].field,
		       r->changes[i].built, r->changes[i].sent);
	if (!r->n_changes)
		printf("no field changed");
	putchar('\n');
}

static void print_sent(const struct via_plan *p, const struct via_result *r)
{
	unsigned long long n = r->sent, b = r->bytes;

	switch (p->kind) {
	case VIA_STREAM:
		if (!n)
			printf("connected from %s to %s and closed: no payload to send\n",
			       r->local, r->remote);
		else
			printf("sent %llu byte%s in %llu send() call%s from %s to %s\n",
			       b, b == 1 ? "" : "s", n, n == 1 ? "" : "s", r->local,
			       r->remote);
		break;
	case VIA_DGRAM:
		printf("sent %llu datagram%s (%llu byte%s of payload) from %s to %s\n",
		       n, n == 1 ? "" : "s", b, b == 1 ? "" : "s", r->local, r->remote);
		break;
	case VIA_RAW:
		printf("sent %llu packet%s (%llu bytes) to %s\n", n, n == 1 ? "" : "s",
		       b, r->remote);
		break;
	case VIA_PACKET:
		printf("sent %llu frame%s (%llu bytes) on %s\n", n, n == 1 ? "" : "s",
		       b, r->remote);
		break;
	}
}

static void report_text(const struct via_plan *p, const struct via_result *r)
{
	int i;

	printf("via %s (%s), ", via_kind_name(p->kind), via_call(p));
	print_privilege(r);
	print_names("; the kernel filled: ", &p->filled);
	putchar('\n');
	if (p->reason[0])
		printf("  because %s\n", p->reason);
	if (r->n_opts) {
		printf("  options: ");
		for (i = 0; i < r->n_opts; i++)
			printf("%s%s", i ? ", " : "", r->opts[i]);
		putchar('\n');
	}
	if (p->kind == VIA_STREAM) {
		puts("  the handshake, flags, sequence numbers and segments are the kernel's: connect() sent the SYN, send() the data, close() the FIN");
		if (r->has_tcp_info)
			printf("  negotiated: mss %u%s%s\n", r->tcp_mss,
			       r->tcp_options[0] ? ", " : "", r->tcp_options);
	}
	if (p->kind == VIA_PACKET)
		puts("  the frame left as built: a packet socket's kernel rewrites nothing");
	if (r->fragmented)
		printf("  the kernel fragmented %s: %zu bytes exceed the path MTU %u\n",
		       r->sent == 1 ? "it" : "each", p->payload_len + 8 +
		       (p->family == AF_INET6 ? 40 : 20), r->path_mtu);
	print_readback(p, r);
	if (p->cannot.n) {
		print_names("  this socket cannot set: ", &p->cannot);
		putchar('\n');
	}
	print_sent(p, r);
}

static void names_json(struct json_writer *jw, const char *key,
		       const struct via_names *l)
{
	int i;

	json_array_open(jw, key);
	for (i = 0; i < l->n; i++)
		json_string(jw, NULL, l->v[i]);
	json_array_close(jw);
}

static void readback_json(struct json_writer *jw, const struct via_result *r)
{
	int i;

	if (r->readback < 0) {
		json_null(jw, "readback");
		return;
	}
	json_object_open(jw, "readback");
	json_bool(jw, "seen", r->readback > 0);
	if (r->readback > 0) {
		json_string(jw, "dev", r->readback_dev);
		json_array_open(jw, "changed");
		for (i = 0; i < r->n_changes; i++) {
			json_object_open(jw, NULL);
			json_string(jw, "field", r->changes[i].field);
			json_string(jw, "built", r->changes[i].built);
			json_string(jw, "sent", r->changes[i].sent);
			json_object_close(jw);
		}
		json_array_close(jw);
	}
	json_object_close(jw);
}

static void report_json(const struct via_plan *p, const struct via_result *r)
{
	struct json_writer *jw = json_new(stdout);
	int i;

	if (!jw)
		sys_error("out of memory");
	json_object_open(jw, NULL);
	json_string(jw, "via", "socket");
	json_string(jw, "socket", via_kind_name(p->kind));
	json_string(jw, "call", via_call(p));
	if (r->privilege)
		json_string(jw, "privilege", r->privilege);
	else
		json_null(jw, "privilege");
	if (p->reason[0])
		json_string(jw, "reason", p->reason);
	else
		json_null(jw, "reason");
	names_json(jw, "kernel_filled", &p->filled);
	names_json(jw, "not_expressible", &p->cannot);
	json_array_open(jw, "options");
	for (i = 0; i < r->n_opts; i++)
		json_string(jw, NULL, r->opts[i]);
	json_array_close(jw);
	if (r->local[0])
		json_string(jw, "local", r->local);
	json_string(jw, "remote", r->remote);
	if (p->kind == VIA_RAW)
		readback_json(jw, r);
	if (p->kind == VIA_DGRAM) {
		json_uint(jw, "path_mtu", r->path_mtu);
		json_bool(jw, "fragmented", r->fragmented);
	}
	if (p->kind == VIA_STREAM && r->has_tcp_info) {
		json_object_open(jw, "tcp");
		json_uint(jw, "mss", r->tcp_mss);
		json_string(jw, "options", r->tcp_options);
		json_object_close(jw);
	}
	json_uint(jw, "sent", r->sent);
	json_uint(jw, "bytes", r->bytes);
	json_object_close(jw);
	json_free(jw);
}

void via_report(const struct via_plan *p, const struct via_result *r)
{
	if (opts.json)
		report_json(p, r);
	else if (!opts.quiet)
		report_text(p, r);
}
