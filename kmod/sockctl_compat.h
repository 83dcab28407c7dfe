/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where differences between the kernels we support (Debian's
 * 6.1 and 6.12) are papered over.  Code elsewhere uses the newer API.
 */
#ifndef _SOCKCTL_COMPAT_H
#define _SOCKCTL_COMPAT_H

#include <linux/version.h>

#if IS_ENABLED(CONFIG_KUNIT)
#include <kunit/visibility.h>
#else
/* kunit/visibility.h appeared in 6.2; without KUnit both are no-ops. */
#define VISIBLE_IF_KUNIT static
#define EXPORT_SYMBOL_IF_KUNIT(symbol)
#endif

#endif /* _SOCKCTL_COMPAT_H */
