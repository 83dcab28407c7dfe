/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A raw generic netlink client for the selftests, on libmnl: unlike libnl it
 * lets a test build any message, malformed ones included, and see the exact
 * error and extended ACK the kernel sends back.
 */
#ifndef SOCKCTL_GENL_CLIENT_H
#define SOCKCTL_GENL_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#define GENL_CLIENT_BUFSZ 65536

struct genl_client {
	struct mnl_socket *nl;
	unsigned int portid;
	unsigned int seq;
	uint16_t family_id;
	uint8_t family_version;
};

/* What came back for one request. */
struct genl_result {
	int error;		/* 0 or negative errno from the kernel's ACK */
	char extack[256];	/* NLMSGERR_ATTR_MSG, "" if none */
	int extack_offset;	/* NLMSGERR_ATTR_OFFS, -1 if none */
	int n_replies;		/* data messages received */
	/* The first data message, for the test to parse. */
	char reply[GENL_CLIENT_BUFSZ];
	size_t reply_len;
};

int genl_client_open(struct genl_client *c, const char *family);
void genl_client_close(struct genl_client *c);

/* Start a request for c's family: nlmsghdr + genlmsghdr in buf. */
struct nlmsghdr *genl_client_msg(struct genl_client *c, void *buf, uint8_t cmd,
				 uint16_t flags);

/* Send nlh (NLM_F_ACK is added) and collect the replies into res. */
int genl_client_xfer(struct genl_client *c, struct nlmsghdr *nlh,
		     struct genl_result *res);

/*
 * Does m end a request: its ACK (NLMSG_ERROR) or, for a dump, NLMSG_DONE,
 * which carries what the dumpit callback returned?  If so, its error in
 * *err and the extended ACK's message in extack (left as it is if none).
 */
bool genl_msg_ends_request(const struct nlmsghdr *m, int *err, char *extack,
			   size_t extack_size);

/* Parse the attributes of res's first reply into tb[0..max]. */
int genl_result_attrs(const struct genl_result *res, const struct nlattr **tb,
		      unsigned int max);

#endif /* SOCKCTL_GENL_CLIENT_H */
