/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where differences between the kernels we support (Debian's
 * 6.1 and 6.12) are papered over; code elsewhere uses the newer API.
 */
#ifndef _SOCKCTL_COMPAT_H
#define _SOCKCTL_COMPAT_H

#include <linux/version.h>

/*
 * Internals the KUnit module tests are exported to it only on kernels built
 * with KUnit (Debian backports this header to 6.1).
 */
#include <kunit/visibility.h>

#endif /* _SOCKCTL_COMPAT_H */
