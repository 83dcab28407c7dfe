// SPDX-License-Identifier: GPL-2.0
/*
 * sockctl_kunit.ko: KUnit suites for sockctl.ko.  Each *_test.c file of this
 * module registers its own suite; they all run when the module is loaded
 * (after sockctl.ko, whose internals they call through the symbols it
 * exports only to KUnit).  Results: dmesg, or
 * /sys/kernel/debug/kunit/<suite>/results.
 */
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for sockctl");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
