/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * sockctl: craft, inject and capture packets in kernel space over generic
 * netlink.
 *
 * This header is the interface's documentation: the module and the CLI both
 * build from it.  Every request is a generic netlink message to the family
 * named SOCKCTL_FAMILY_NAME; resolve its id with the "nlctrl" family (libnl:
 * genl_ctrl_resolve()).  Attributes are validated strictly: an unknown
 * attribute, a wrong length or a value out of range makes the whole request
 * fail with -EINVAL and an extended ACK message (NLMSGERR_ATTR_MSG) naming the
 * problem, and nothing is changed.  Request NETLINK_EXT_ACK on the socket to
 * receive those messages.
 *
 * Integers are in host byte order unless said otherwise.  64-bit integers
 * are aligned with the attribute set's *_PAD attribute, as
 * nla_put_u64_64bit() does; skip PAD attributes when parsing.
 *
 * Network namespaces: the family is available in every netns and a request
 * only ever reads or changes state of the netns of the socket that sent it.
 */
#ifndef _UAPI_LINUX_SOCKCTL_H
#define _UAPI_LINUX_SOCKCTL_H

#define SOCKCTL_FAMILY_NAME	"sockctl"
#define SOCKCTL_FAMILY_VERSION	1

/**
 * enum sockctl_cmd - commands of the sockctl family
 * @SOCKCTL_CMD_UNSPEC: unused
 * @SOCKCTL_CMD_GET_INFO: do: describe the module and its limits as seen
 *	from the caller's network namespace.  Takes no attributes.  Replies
 *	with one SOCKCTL_CMD_GET_INFO message carrying &enum sockctl_info_attr
 *	attributes.  Needs no privilege.
 */
enum sockctl_cmd {
	SOCKCTL_CMD_UNSPEC,
	SOCKCTL_CMD_GET_INFO,

	/* private: */
	__SOCKCTL_CMD_MAX,
	SOCKCTL_CMD_MAX = (__SOCKCTL_CMD_MAX - 1)
};

/**
 * enum sockctl_info_attr - attributes of a SOCKCTL_CMD_GET_INFO reply
 * @SOCKCTL_A_INFO_UNSPEC: unused
 * @SOCKCTL_A_INFO_PAD: padding for 64-bit attributes, ignore
 * @SOCKCTL_A_INFO_FAMILY_VERSION: u32, the SOCKCTL_FAMILY_VERSION the module
 *	was built with; a client built against another version should warn
 * @SOCKCTL_A_INFO_MODULE_VERSION: NUL-terminated string, the module's
 *	release ("0.1.0"), as modinfo shows it
 * @SOCKCTL_A_INFO_KERNEL_RELEASE: NUL-terminated string, the running
 *	kernel's release (uname -r) the module was loaded into
 * @SOCKCTL_A_INFO_NETNS_COOKIE: u64, the cookie of the caller's network
 *	namespace (the same value SO_NETNS_COOKIE returns); two callers see
 *	the same cookie if and only if they share a netns
 * @SOCKCTL_A_INFO_NETNS_REQUESTS: u64, requests this family has handled in
 *	the caller's netns since the module was loaded, this one included.
 *	Each netns counts on its own.
 * @SOCKCTL_A_INFO_CAP_NET_RAW: flag, present if the caller has CAP_NET_RAW
 *	over the user namespace owning its netns, i.e. may inject and capture
 * @SOCKCTL_A_INFO_MAX_PACKET: u32, bytes: the largest packet the module
 *	builds or sends (an IPv4 datagram cannot exceed 65535 bytes)
 * @SOCKCTL_A_INFO_MAX_COUNT: u32, the largest packet count of one request
 * @SOCKCTL_A_INFO_MAX_JOBS: u32, the most send jobs that may run at once in
 *	one netns
 */
enum sockctl_info_attr {
	SOCKCTL_A_INFO_UNSPEC,
	SOCKCTL_A_INFO_PAD,
	SOCKCTL_A_INFO_FAMILY_VERSION,
	SOCKCTL_A_INFO_MODULE_VERSION,
	SOCKCTL_A_INFO_KERNEL_RELEASE,
	SOCKCTL_A_INFO_NETNS_COOKIE,
	SOCKCTL_A_INFO_NETNS_REQUESTS,
	SOCKCTL_A_INFO_CAP_NET_RAW,
	SOCKCTL_A_INFO_MAX_PACKET,
	SOCKCTL_A_INFO_MAX_COUNT,
	SOCKCTL_A_INFO_MAX_JOBS,

	/* private: */
	__SOCKCTL_A_INFO_MAX,
	SOCKCTL_A_INFO_MAX = (__SOCKCTL_A_INFO_MAX - 1)
};

#endif /* _UAPI_LINUX_SOCKCTL_H */
