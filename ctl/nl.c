// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink side of sockctl(8): open a generic netlink socket, resolve the
 * sockctl family, send one request and collect its replies, and turn the
 * kernel's extended ACK (the reason a request was refused) into text.
 *
 * libnl 3.7 (Debian 12) has no extended-ACK API, so we set NETLINK_EXT_ACK
 * ourselves and parse the TLVs after the nlmsgerr, as iw does.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>

#include "sockctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int sockctl_nl_open(struct sockctl_nl *nl)
{
	int one = 1, fd, id;

	memset(nl, 0, sizeof(*nl));
	nl->extack_offset = -1;
	nl->extack_missing = -1;
	nl->extack_missing_nest = -1;

	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		fprintf(stderr, "sockctl: out of memory\n");
		return EXIT_SYSTEM;
	}
	if (genl_connect(nl->sk)) {
		fprintf(stderr, "sockctl: cannot open a generic netlink socket: %s\n",
			strerror(errno));
		return EXIT_SYSTEM;
	}
	/*
	 * A BUILD reply holds every fragment of up to a 64 KiB datagram: let
	 * libnl peek at each message's size instead of truncating it to its
	 * default buffer, and ask for socket buffers that hold one.
	 */
	nl_socket_enable_msg_peek(nl->sk);
	nl_socket_set_buffer_size(nl->sk, 1 << 20, 1 << 20);
	fd = nl_socket_get_fd(nl->sk);
	/* Ask for the kernel's reasons; don't echo our request back in errors. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	id = genl_ctrl_resolve(nl->sk, SOCKCTL_FAMILY_NAME);
	if (id < 0) {
		fprintf(stderr,
			"sockctl: the sockctl kernel module is not loaded (no generic netlink family \"%s\").\n"
			"Load it with 'sudo make load' in the source tree, or 'sudo modprobe sockctl' once installed.\n",
			SOCKCTL_FAMILY_NAME);
		return EXIT_NO_MODULE;
	}
	nl->family_id = id;
	return EXIT_OK;
}

void sockctl_nl_close(struct sockctl_nl *nl)
{
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

/*
 * Room for the largest request: a payload or raw packet is one attribute of
 * at most BLOB_MAX bytes, an ICMP quote another, plus the headers' fields.
 * libnl's default (a page) would not hold them.
 */
#define SOCKCTL_MSG_SIZE (4 * 65536)

/*
 * A request of the sockctl family.  nl may be NULL, to build a request
 * before the socket is open (a command line is checked before we look for
 * the module); sockctl_nl_request() fills in the family id.
 */
struct nl_msg *sockctl_nl_msg(struct sockctl_nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc_size(SOCKCTL_MSG_SIZE);

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl ? nl->family_id : 0, 0,
			 flags, cmd, SOCKCTL_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * Extract the extended ACK TLVs that follow an nlmsgerr.  Returns 0 if there
 * were none, 1 if something was found.  Kept apart from the socket so the
 * host unit tests can feed it hand-made error messages.
 */
int sockctl_parse_extack(const struct nlmsghdr *nlh, struct sockctl_nl *nl)
{
	const struct nlmsgerr *err = nlmsg_data(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t ack_len = NLMSG_HDRLEN + sizeof(*err);
	size_t len;
	int found = 0;

	nl->extack_msg[0] = '\0';
	nl->extack_offset = -1;
	nl->extack_missing = -1;
	nl->extack_missing_nest = -1;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	/* Without NLM_F_CAPPED, the whole request is echoed before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		ack_len += err->msg.nlmsg_len - NLMSG_HDRLEN;
	if (nlh->nlmsg_len <= ack_len)
		return 0;
	len = nlh->nlmsg_len - ack_len;

	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + ack_len), (int)len, NULL))
		return 0;

	if (tb[NLMSGERR_ATTR_MSG]) {
		size_t n = nla_len(tb[NLMSGERR_ATTR_MSG]);

		if (n >= sizeof(nl->extack_msg))
			n = sizeof(nl->extack_msg) - 1;
		memcpy(nl->extack_msg, nla_data(tb[NLMSGERR_ATTR_MSG]), n);
		nl->extack_msg[n] = '\0';
		/* Drop the trailing newline some kernel messages carry. */
		n = strlen(nl->extack_msg);
		if (n && nl->extack_msg[n - 1] == '\n')
			nl->extack_msg[n - 1] = '\0';
		found = 1;
	}
	if (tb[NLMSGERR_ATTR_OFFS] && nla_len(tb[NLMSGERR_ATTR_OFFS]) == 4) {
		nl->extack_offset = (int)nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
		found = 1;
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE] && nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) == 4) {
		nl->extack_missing = (int)nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
		found = 1;
	}
	if (tb[NLMSGERR_ATTR_MISS_NEST] && nla_len(tb[NLMSGERR_ATTR_MISS_NEST]) == 4)
		nl->extack_missing_nest = (int)nla_get_u32(tb[NLMSGERR_ATTR_MISS_NEST]);
	return found;
}

/*
 * Turn the offsets of the extended ACK into attribute paths of req, the
 * request they point into ("ipv4.ttl", "missing ipv4.daddr").
 */
void sockctl_nl_name_extack(struct sockctl_nl *nl, const struct nlmsghdr *req)
{
	nl->extack_path[0] = '\0';
	nl->missing_path[0] = '\0';
	if (nl->extack_offset >= 0)
		attr_path_at(req, (unsigned int)nl->extack_offset,
			     nl->extack_path, sizeof(nl->extack_path));
	if (nl->extack_missing >= 0)
		attr_path_missing(req, nl->extack_missing_nest,
				  nl->extack_missing, nl->missing_path,
				  sizeof(nl->missing_path));
}

struct request_state {
	struct sockctl_nl *nl;
	int (*parse)(struct nl_msg *reply, void *arg);
	void *arg;
	int done;
};

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct request_state *st = arg;
	/* libnl hands us the payload; the header sits right before it. */
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)err - 1;

	(void)nla;
	st->nl->error = err->error;
	sockctl_parse_extack(nlh, st->nl);
	st->done = 1;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct request_state *st = arg;

	/* A successful request may still carry a warning. */
	if (sockctl_parse_extack(nlmsg_hdr(msg), st->nl) &&
	    st->nl->extack_msg[0] && !opts.quiet)
		fprintf(stderr, "sockctl: warning: %s\n", st->nl->extack_msg);
	st->done = 1;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct request_state *st = arg;

	(void)msg;
	st->done = 1;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct request_state *st = arg;

	if (st->parse && st->parse(msg, st->arg))
		return NL_STOP;
	return NL_OK;
}

/*
 * Send msg (consumed) and feed every reply to parse until the kernel's ACK or
 * the end of a dump.  Returns 0 or the negative errno the kernel sent; the
 * extack text, if any, is in nl->extack_msg.
 */
int sockctl_nl_request(struct sockctl_nl *nl, struct nl_msg *msg,
		       int (*parse)(struct nl_msg *reply, void *arg), void *arg)
{
	struct request_state st = { .nl = nl, .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int err;

	nl->error = 0;
	nl->extack_msg[0] = '\0';
	nl->extack_path[0] = '\0';
	nl->missing_path[0] = '\0';
	nl->extack_word = NULL;
	cb = nl_cb_clone(nl_socket_get_cb(nl->sk));
	if (!cb) {
		nlmsg_free(msg);
		return nl->error = -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &st);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &st);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &st);

	/* Keep msg until the reply: the extended ACK points into it. */
	nlmsg_hdr(msg)->nlmsg_type = (uint16_t)nl->family_id;
	err = nl_send_auto(nl->sk, msg);
	if (err < 0) {
		nl->error = -EIO;
		snprintf(nl->extack_msg, sizeof(nl->extack_msg),
			 "sending the request failed: %s", nl_geterror(err));
		goto out;
	}
	while (!st.done) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0 && !st.done) {
			if (!nl->error) {
				nl->error = -EIO;
				snprintf(nl->extack_msg, sizeof(nl->extack_msg),
					 "receiving the reply failed: %s",
					 nl_geterror(err));
			}
			break;
		}
	}
	if (nl->error)
		sockctl_nl_name_extack(nl, nlmsg_hdr(msg));
out:
	nlmsg_free(msg);
	nl_cb_put(cb);
	return nl->error;
}

/*
 * Print why a request failed, in one line that quotes the kernel, and return
 * the exit code for it.
 */
/*
 * A request to a family that was unregistered since we resolved it (the
 * module unloaded under a running command) fails with ENOENT and no
 * explanation: say what happened instead.
 */
static bool family_gone(const struct sockctl_nl *nl)
{
	int id;

	if (nl->error != -ENOENT || nl->extack_msg[0])
		return false;
	id = genl_ctrl_resolve(nl->sk, SOCKCTL_FAMILY_NAME);
	return id < 0 || id != nl->family_id;
}

int sockctl_nl_report(const struct sockctl_nl *nl, const char *what)
{
	int e = -nl->error;

	if (family_gone(nl)) {
		fprintf(stderr, "sockctl: %s: the sockctl kernel module was unloaded\n",
			what);
		return EXIT_NO_MODULE;
	}

	fprintf(stderr, "sockctl: %s: %s", what, strerror(e));
	if (nl->extack_msg[0])
		fprintf(stderr, ": %s", nl->extack_msg);
	if (nl->extack_path[0])
		fprintf(stderr, " (at %s%s%s%s)", nl->extack_path,
			nl->extack_word ? ", from \"" : "",
			nl->extack_word ? nl->extack_word : "",
			nl->extack_word ? "\"" : "");
	else if (nl->extack_offset >= 0)
		fprintf(stderr, " (attribute at offset %d)", nl->extack_offset);
	if (nl->missing_path[0])
		fprintf(stderr, " (missing %s)", nl->missing_path);
	else if (nl->extack_missing >= 0)
		fprintf(stderr, " (missing attribute type %d)", nl->extack_missing);
	/* Unless the kernel already said so. */
	if (e == EPERM && !strstr(nl->extack_msg, "CAP_NET_RAW"))
		fputs(" (needs CAP_NET_RAW in this network namespace: run as root or with sudo)",
		      stderr);
	fputc('\n', stderr);
	return e == EIO ? EXIT_SYSTEM : EXIT_REJECTED;
}
