# SPDX-License-Identifier: GPL-2.0
#
# sockctl: kernel module (sockctl.ko), command-line tool (ctl/sockctl), tests.
#
#   make                 build the module for the running kernel and the CLI
#   make KVER=6.12...    build the module for another installed kernel
#   make KDIR=/path      ... or against any kernel build tree
#   sudo make load       insmod the module built for the running kernel
#   sudo make unload     rmmod it
#   sudo make install    install module (+depmod), CLI, man page, completion
#   make lab             boot a lab VM with everything ready (see README)
#   make check           the whole test suite, in VMs, on every kernel
#   make fuzz N=1000000  a long netlink fuzzing run in the VM
#   make deps            install the Debian packages all of this needs

KVER ?= $(shell uname -r)
ifeq ($(origin KDIR),command line)
# A build tree names its own release; use it for the output directory.
KVER := $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null || echo custom)
endif
KDIR ?= /lib/modules/$(KVER)/build

# Each kernel gets its own copy of the sources to build in: kbuild puts
# objects next to the sources, and we build for several kernels at once.
BUILD_DIR := $(CURDIR)/build/$(KVER)
MODULE := $(BUILD_DIR)/sockctl.ko
KMOD_SRCS := Kbuild $(wildcard kmod/*.[ch] uapi/linux/*.h tests/kunit/*.[ch])

PREFIX ?= /usr/local
DESTDIR ?=

CC ?= cc
CLI_CFLAGS := -O2 -g -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -std=gnu11 -D_GNU_SOURCE \
	-Iuapi -Ictl $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null) $(CFLAGS)
CLI_LIBS := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-3) \
	$(shell pkg-config --libs libpcap 2>/dev/null || echo -lpcap)
CLI_SRCS := $(wildcard ctl/*.c)
CLI_LIB_SRCS := $(filter-out ctl/main.c,$(CLI_SRCS))
# The uAPI: linux/sockctl.h and the headers it includes.
UAPI_HDRS := $(wildcard uapi/linux/*.h)
CLI_HDRS := $(wildcard ctl/*.h) $(UAPI_HDRS)


.PHONY: all module cli selftests fuzzer fuzz clean install load unload deps check lab bench \
	debug-kernel checkpatch help

all: module cli

help:
	@sed -n '3,15p' Makefile | sed 's/^# \{0,1\}//'

module: $(MODULE)

$(MODULE): $(KMOD_SRCS)
	@test -d $(KDIR) || { echo "No kernel build tree at $(KDIR)." \
		"Install linux-headers-$(KVER) (or run 'make deps')." >&2; exit 1; }
	@mkdir -p $(BUILD_DIR)
	@rsync -a --relative $(KMOD_SRCS) $(BUILD_DIR)/
	$(MAKE) -C $(KDIR) M=$(BUILD_DIR) modules

cli: ctl/sockctl

ctl/sockctl: $(CLI_SRCS) $(CLI_HDRS)
	$(CC) $(CLI_CFLAGS) -o $@ $(CLI_SRCS) $(CLI_LIBS)

# Host unit tests of the CLI: link the CLI's code without its main().
CLI_TEST_SRCS := $(wildcard tests/ctl/*.c)
tests/ctl/unit_tests: $(CLI_TEST_SRCS) $(wildcard tests/ctl/*.h) $(CLI_LIB_SRCS) $(CLI_HDRS)
	$(CC) $(CLI_CFLAGS) -Itests/ctl -o $@ $(CLI_TEST_SRCS) $(CLI_LIB_SRCS) $(CLI_LIBS)

# kselftests: built with the harness of the kernel's own selftests.
SELFTESTS := $(patsubst tests/selftests/%_test.c,tests/selftests/out/%_test,\
	$(wildcard tests/selftests/*_test.c))
# Programs the shell tests run (not tests): tests/selftests/helpers/NAME.c,
# or the sources in tests/selftests/helpers/NAME/ for a larger one.
SELFTEST_HELPERS := $(patsubst tests/selftests/helpers/%.c,tests/selftests/out/%,\
	$(wildcard tests/selftests/helpers/*.c))
SELFTEST_HELPER_DIRS := $(patsubst tests/selftests/helpers/%/,tests/selftests/out/%,\
	$(sort $(dir $(wildcard tests/selftests/helpers/*/*.c))))
SELFTEST_HARNESS = $(shell bash -c '. tests/lib/kernels.sh && linux_source_dir')/tools/testing/selftests

selftests: $(SELFTESTS) $(SELFTEST_HELPERS) $(SELFTEST_HELPER_DIRS) tests/ctl/unit_tests fuzzer

fuzzer:
	$(MAKE) -C tests/fuzz

# A long fuzzing run in the VM: make fuzz N=1000000 [FUZZ_KERNEL=6.12] [SEED=7]
N ?= 100000
SEED ?= 1
FUZZ_KERNEL ?= 6.1
fuzz: cli fuzzer
	$(MAKE) module KVER=$$(bash -c '. tests/lib/kernels.sh && kernel_release $(FUZZ_KERNEL)')
	tests/vm/run.sh --kernel $(FUZZ_KERNEL) --timeout 0 \
		--env FUZZ_MESSAGES=$(N) --env FUZZ_SEED=$(SEED) \
		--module build/$$(bash -c '. tests/lib/kernels.sh && kernel_release $(FUZZ_KERNEL)')/sockctl.ko \
		-- tests/selftests/fuzz_test.sh

# Libraries some tests need on top (the capture tests compile tcpdump filters).
selftest_ldlibs = $(if $(filter capture_%,$(1)),-lpcap)

# tests/selftests/lib/ is the tests' library: compiled once into an
# archive, from which each program links what it uses.
SELFTEST_LIB_SRCS := $(wildcard tests/selftests/lib/*.c)
SELFTEST_LIB := tests/selftests/out/libselftest.a
SELFTEST_CC = $(CC) -O2 -g -Wall -Werror -D_GNU_SOURCE -Iuapi -Itests/selftests/lib

tests/selftests/out/lib/%.o: tests/selftests/lib/%.c $(wildcard tests/selftests/lib/*.h) \
		$(UAPI_HDRS)
	@mkdir -p $(@D)
	$(SELFTEST_CC) -c -o $@ $<

$(SELFTEST_LIB): $(patsubst tests/selftests/lib/%.c,tests/selftests/out/lib/%.o,$(SELFTEST_LIB_SRCS))
	rm -f $@
	$(AR) rcs $@ $^

tests/selftests/out/%_test: tests/selftests/%_test.c $(SELFTEST_LIB) \
		$(wildcard tests/selftests/*.h tests/selftests/lib/*.h) $(UAPI_HDRS)
	$(SELFTEST_CC) -I$(SELFTEST_HARNESS) -o $@ $< $(SELFTEST_LIB) \
		-lmnl -lcap -lpthread $(call selftest_ldlibs,$*)

$(SELFTEST_HELPERS): tests/selftests/out/%: tests/selftests/helpers/%.c $(SELFTEST_LIB) \
		$(wildcard tests/selftests/lib/*.h) $(UAPI_HDRS)
	$(SELFTEST_CC) -o $@ $< $(SELFTEST_LIB) -lmnl -lcap -lpthread

.SECONDEXPANSION:
$(SELFTEST_HELPER_DIRS): tests/selftests/out/%: $$(wildcard tests/selftests/helpers/%/*.[ch]) \
		$(SELFTEST_LIB) $(wildcard tests/selftests/lib/*.h) tests/lib/mnl_uint.h \
		$(UAPI_HDRS)
	$(SELFTEST_CC) -o $@ $(filter %.c,$^) $(SELFTEST_LIB) -lmnl -lcap -lpthread

install: all
	$(MAKE) -C $(KDIR) M=$(BUILD_DIR) INSTALL_MOD_DIR=updates modules_install
	depmod -a $(KVER)
	install -D -m 0755 ctl/sockctl $(DESTDIR)$(PREFIX)/sbin/sockctl
	@if [ -f ctl/sockctl.8 ]; then \
		install -D -m 0644 ctl/sockctl.8 $(DESTDIR)$(PREFIX)/share/man/man8/sockctl.8; fi
	@if [ -f ctl/sockctl.bash-completion ]; then \
		install -D -m 0644 ctl/sockctl.bash-completion \
			$(DESTDIR)/usr/share/bash-completion/completions/sockctl; fi

load: module
	@if grep -q '^sockctl ' /proc/modules; then \
		echo "sockctl is already loaded (make unload first to reload)"; \
	else insmod $(MODULE) && echo "loaded $(MODULE)"; fi

unload:
	@if grep -q '^sockctl ' /proc/modules; then rmmod sockctl && echo "unloaded sockctl"; \
	else echo "sockctl is not loaded"; fi

deps:
	@tests/deps.sh

check:
	@tests/check.sh

lab:
	@tests/lab.sh

# Benchmarks against pktgen, raw sockets, trafgen, hping3, Scapy, tcpdump in
# one VM run: tests/bench/RESULTS.md.  BENCH_KERNEL=6.12 for the other kernel.
bench:
	@tests/bench/bench.sh

debug-kernel:
	@tests/kernel/debug-kernel.sh build

# Kernel coding style of the module, its tests and the uapi header.
checkpatch:
	@tests/checkpatch.sh

clean:
	rm -rf build ctl/sockctl tests/ctl/unit_tests tests/selftests/out
	$(MAKE) -C tests/fuzz clean
