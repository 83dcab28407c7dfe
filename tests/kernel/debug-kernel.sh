#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The sockctl debug kernel: linux-source-6.12 + tinyconfig + debug.config
# (KASAN, lockdep, kmemleak, KUnit, fault injection...), built once into
# the cache and reused by every checkout with the same fragment and source
# package (see debug_kernel_dir in tests/lib/kernels.sh; bump its
# SOCKCTL_DEBUG_RECIPE when a change here changes what gets built).
#
#   debug-kernel.sh build   build it unless cached; print its directory
#   debug-kernel.sh path    print its directory (fails if not built)
#   debug-kernel.sh kver    print its kernel release (uname -r)
#   debug-kernel.sh check   check the built .config still has the fragment
#
# The directory holds bzImage, kernelrelease, build/ (the O= tree to build
# out-of-tree modules against: make -C DIR/build M=/path/to/module) and
# .done, written last: a directory without .done is never used.  The build
# runs in DIR.tmp, renamed to DIR when complete; an interrupted build is
# resumed from DIR.tmp.  The log is DIR.log.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/kernels.sh
. "$here/../lib/kernels.sh"

fragment=$SOCKCTL_TOP/tests/kernel/debug.config

die() { echo "debug-kernel: $*" >&2; exit 1; }

usage() {
	echo "usage: $0 {build|path|kver|check}" >&2
	exit 2
}

# check_config FRAGMENT DOTCONFIG: every "CONFIG_X=v" line of the fragment
# must be in .config as is, every "# CONFIG_X is not set" must not be set.
# Prints the lines Kconfig changed, and fails if there are any.
check_config() {
	local line name have bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			name=${line%%=*}
			grep -qxF -- "$line" "$2" && continue ;;
		"# CONFIG_"*" is not set")
			name=${line#\# }; name=${name%% *}
			grep -q "^$name=" "$2" || continue ;;
		*)	continue ;;
		esac
		have=$(grep -E "^$name=|^# $name is not set" "$2" || true)
		echo "  $line  ->  ${have:-(absent: dependency not met)}" >&2
		bad=1
	done < "$1"
	return $bad
}

# A trivial module built with W=1 against the O= tree: proves that
# out-of-tree modules (sockctl.ko) build against it, warning-free.
check_module_build() {
	local objtree=$1 m out
	m=$(mktemp -d /tmp/debug-kernel-hello.XXXXXX)
	cat > "$m/hello.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
#include <linux/init.h>
#include <linux/module.h>

static int __init hello_init(void)
{
	pr_info("hello from the debug kernel\n");
	return 0;
}

static void __exit hello_exit(void)
{
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("debug-kernel.sh out-of-tree build check");
EOF
	echo 'obj-m := hello.o' > "$m/Kbuild"
	if ! out=$(make -C "$objtree" M="$m" W=1 modules 2>&1) ||
	   [ ! -f "$m/hello.ko" ] || grep -qi 'warning' <<<"$out"; then
		echo "$out"
		rm -rf "$m"
		return 1
	fi
	echo "$out"
	rm -rf "$m"
}

# Older debug kernels stay (other checkouts may still use them); say how
# much room they take once there are more than a few.
report_old_kernels() {
	local dirs
	mapfile -t dirs < <(find "$SOCKCTL_CACHE" -maxdepth 1 -type d \
				 -name 'debug-kernel-*' ! -name '*.tmp' \
				 ! -path "$1" | sort)
	[ "${#dirs[@]}" -gt 3 ] || return 0
	echo "debug-kernel: ${#dirs[@]} older debug kernels in $SOCKCTL_CACHE" \
	     "(remove the ones no checkout uses):"
	du -sh "${dirs[@]}" | sed 's/^/  /'
}

# wait_timeout PID SECONDS: true once PID has exited, false on timeout.
wait_timeout() {
	local i
	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 1
	done
	! kill -0 "$1" 2>/dev/null
}

# The make running in the background, if any (its process group).
make_pid=

# on_signal STATUS: kill the running make's process group and exit.
on_signal() {
	if [ -n "$make_pid" ]; then
		kill -TERM -- "-$make_pid" 2>/dev/null || true
		wait "$make_pid" 2>/dev/null || true
	fi
	echo "debug-kernel: interrupted; the next build resumes it" >&2
	exit "$1"
}

# make_with_progress LOG MAKE...: runs it niced into LOG and prints, every
# minute, how far it got.
make_with_progress() {
	local log=$1 start=$SECONDS pid n; shift
	# In a process group of its own (make does not pass a SIGTERM on to
	# its sub-makes and compilers): killed or interrupted, this script
	# takes the whole build along instead of leaving it running.
	setsid nice -n 10 "$@" >>"$log" 2>&1 &
	pid=$!
	make_pid=$pid
	while ! wait_timeout "$pid" 60; do
		n=$(grep -c '^  \(CC\|AS\|LD\|AR\)' "$log" || true)
		printf '  ... %dm%02ds, %s files built\n' \
			$(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)) \
			"$n" >&2
	done
	make_pid=
	wait "$pid"
}

# fail LOG: the build failed; show the end of its log.
fail() {
	echo "debug-kernel: FAILED, last lines of $1:" >&2
	tail -n 40 "$1" >&2
	exit 1
}

build() {
	local dir tmp log src start rel jobs
	dir=$(debug_kernel_dir)
	if [ -f "$dir/.done" ]; then
		echo "$dir"
		return 0
	fi
	mkdir -p "$SOCKCTL_CACHE"
	# One build per key at a time (two checkouts, or make -j).
	exec 9>"$dir.lock"
	if ! flock -n 9; then
		echo "debug-kernel: waiting for another build of $dir" >&2
		flock 9
	fi
	if [ -f "$dir/.done" ]; then
		echo "$dir"
		return 0
	fi

	trap 'on_signal 129' HUP
	trap 'on_signal 130' INT
	trap 'on_signal 143' TERM

	src=$(linux_source_dir)
	tmp=$dir.tmp
	log=$dir.log
	start=$SECONDS
	# A directory without .done failed its last check: build it again.
	if [ -d "$dir" ]; then
		rm -rf "$tmp"
		mv "$dir" "$tmp"
	fi
	# Kbuild rebuilds any object whose .cmd file is missing, so the tree
	# of an interrupted build is safe to resume.
	[ -d "$tmp" ] && echo "debug-kernel: resuming the build in $tmp" >&2
	mkdir -p "$tmp/build"
	echo "== $(date -R) debug kernel build in $tmp, source $src" >"$log"

	local mk=(make -C "$src" O="$tmp/build" ARCH=x86_64)
	echo "debug-kernel: configuring (tinyconfig + $(basename "$fragment"))" >&2
	"${mk[@]}" tinyconfig >>"$log" 2>&1 || fail "$log"
	(cd "$src" && scripts/kconfig/merge_config.sh -m -O "$tmp/build" \
		"$tmp/build/.config" "$fragment") >>"$log" 2>&1 || fail "$log"
	"${mk[@]}" olddefconfig >>"$log" 2>&1 || fail "$log"
	if ! check_config "$fragment" "$tmp/build/.config" 2>>"$log"; then
		echo "debug-kernel: Kconfig dropped these lines of $fragment" \
		     "(missing dependency or conflict):" >&2
		check_config "$fragment" "$tmp/build/.config" || true
		exit 1
	fi

	jobs=$(nproc)
	echo "debug-kernel: building bzImage (make -j$jobs, log $log):" \
	     "~27 CPU-minutes, 15-40 min on 2 cores depending on load" >&2
	# "modules" (none are in-tree) runs modpost on vmlinux, which writes
	# the Module.symvers that out-of-tree modules link against.
	make_with_progress "$log" "${mk[@]}" -j"$jobs" bzImage modules ||
		fail "$log"
	[ -f "$tmp/build/Module.symvers" ] ||
		{ echo "no Module.symvers" >>"$log"; fail "$log"; }
	rel=$("${mk[@]}" -s kernelrelease 2>>"$log") || fail "$log"
	cp "$tmp/build/arch/x86/boot/bzImage" "$tmp/bzImage" || fail "$log"
	echo "$rel" >"$tmp/kernelrelease"

	# Complete: rename, then prove a module builds against the final path.
	mv "$tmp" "$dir" || fail "$log"
	echo "debug-kernel: checking that an out-of-tree module builds (W=1)" >&2
	{ echo "== out-of-tree module check"; check_module_build "$dir/build"; } \
		>>"$log" 2>&1 || fail "$log"
	touch "$dir/.done"

	echo "debug-kernel: built $rel in $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s," \
	     "$(du -sh "$dir" | cut -f1) in $dir" >&2
	report_old_kernels "$dir" >&2
	echo "$dir"
}

built_dir() {
	local dir
	dir=$(debug_kernel_dir)
	[ -f "$dir/.done" ] ||
		die "not built for this tree ($dir): run $0 build"
	echo "$dir"
}

case "${1:-}" in
build)	build ;;
path)	built_dir ;;
kver)	cat "$(built_dir)/kernelrelease" ;;
check)	dir=$(built_dir)
	check_config "$fragment" "$dir/build/.config" ||
		die "$dir/build/.config lacks the lines above of $fragment"
	echo "debug-kernel: $dir/build/.config has all of $fragment" ;;
*)	usage ;;
esac
