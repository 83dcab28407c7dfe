/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * sockctl uAPI: sending over time.  The send jobs of SOCKCTL_CMD_SEND,
 * SOCKCTL_CMD_JOB_GET and SOCKCTL_CMD_JOB_STOP, and the counters of
 * SOCKCTL_CMD_STATS_GET.  Include <linux/sockctl.h>, which includes this
 * header.
 */
#ifndef _UAPI_LINUX_SOCKCTL_SEND_H
#define _UAPI_LINUX_SOCKCTL_SEND_H

/**
 * enum sockctl_job_state - life of a send job
 * @SOCKCTL_JOB_RUNNING: sending
 * @SOCKCTL_JOB_DONE: sent all it was asked to
 * @SOCKCTL_JOB_STOPPED: cancelled (SOCKCTL_CMD_JOB_STOP, socket closed,
 *	device or netns going away, module unload)
 * @SOCKCTL_JOB_FAILED: stopped by an error (see SOCKCTL_A_JOB_ERROR)
 */
enum sockctl_job_state {
	SOCKCTL_JOB_RUNNING = 1,
	SOCKCTL_JOB_DONE,
	SOCKCTL_JOB_STOPPED,
	SOCKCTL_JOB_FAILED,
};

/**
 * enum sockctl_job_attr - a send job, nest SOCKCTL_A_JOB
 * @SOCKCTL_A_JOB_UNSPEC: unused
 * @SOCKCTL_A_JOB_PAD: padding, ignore
 * @SOCKCTL_A_JOB_JOB_ID: u32: its id, unique in its netns
 * @SOCKCTL_A_JOB_STATE: u8, &enum sockctl_job_state
 * @SOCKCTL_A_JOB_COUNT: u32: packets asked for
 * @SOCKCTL_A_JOB_ERROR: u32: the errno that failed it (SOCKCTL_JOB_FAILED),
 *	or ENODEV when it stopped because its device went away
 * @SOCKCTL_A_JOB_STATS: nest, &enum sockctl_stats_attr: what it sent
 * @SOCKCTL_A_JOB_ELAPSED_NS: u64: time from start to now or to its end
 */
enum sockctl_job_attr {
	SOCKCTL_A_JOB_UNSPEC,
	SOCKCTL_A_JOB_PAD,
	SOCKCTL_A_JOB_JOB_ID,
	SOCKCTL_A_JOB_STATE,
	SOCKCTL_A_JOB_COUNT,
	SOCKCTL_A_JOB_ERROR,
	SOCKCTL_A_JOB_STATS,
	SOCKCTL_A_JOB_ELAPSED_NS,

	/* private: */
	__SOCKCTL_A_JOB_MAX,
	SOCKCTL_A_JOB_MAX = (__SOCKCTL_A_JOB_MAX - 1)
};

/**
 * enum sockctl_stats_attr - send counters, nest SOCKCTL_A_STATS or inside
 *	SOCKCTL_A_JOB
 * @SOCKCTL_A_STATS_UNSPEC: unused
 * @SOCKCTL_A_STATS_PAD: padding, ignore
 * @SOCKCTL_A_STATS_PACKETS: u64: packets handed to the injection point
 *	without error
 * @SOCKCTL_A_STATS_BYTES: u64: their bytes, as built
 * @SOCKCTL_A_STATS_ERRORS: u64: packets the injection point refused (the
 *	device queue full, no route, dropped by a netfilter hook...)
 * @SOCKCTL_A_STATS_JOBS: u64: jobs started (netns counters only)
 * @SOCKCTL_A_STATS_LAST_ERROR: u32: the errno of the latest refusal
 *	counted in SOCKCTL_A_STATS_ERRORS (e.g. 113 EHOSTUNREACH), if any
 * @SOCKCTL_A_STATS_CAPTURES: u64: capture sessions started (netns only)
 * @SOCKCTL_A_STATS_CAPTURED: u64: packets delivered to capture sessions'
 *	sockets (netns only)
 * @SOCKCTL_A_STATS_CAPTURE_DROPS: u64: packets capture sessions matched
 *	but could not deliver, for any reason (netns only)
 */
enum sockctl_stats_attr {
	SOCKCTL_A_STATS_UNSPEC,
	SOCKCTL_A_STATS_PAD,
	SOCKCTL_A_STATS_PACKETS,
	SOCKCTL_A_STATS_BYTES,
	SOCKCTL_A_STATS_ERRORS,
	SOCKCTL_A_STATS_JOBS,
	SOCKCTL_A_STATS_LAST_ERROR,
	SOCKCTL_A_STATS_CAPTURES,
	SOCKCTL_A_STATS_CAPTURED,
	SOCKCTL_A_STATS_CAPTURE_DROPS,

	/* private: */
	__SOCKCTL_A_STATS_MAX,
	SOCKCTL_A_STATS_MAX = (__SOCKCTL_A_STATS_MAX - 1)
};

#endif /* _UAPI_LINUX_SOCKCTL_SEND_H */
