/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The time now: CLOCK_MONOTONIC for deadlines and waits, CLOCK_REALTIME to
 * compare with the packets' timestamps (SOCKCTL_A_PACKET_TSTAMP_NS).
 */
#ifndef SOCKCTL_CLOCK_NOW_H
#define SOCKCTL_CLOCK_NOW_H

#include <stdint.h>

/* CLOCK_REALTIME and CLOCK_MONOTONIC in ns / ms. */
uint64_t now_real_ns(void);
long long now_mono_ms(void);

#endif /* SOCKCTL_CLOCK_NOW_H */
