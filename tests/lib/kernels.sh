# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the build, the VM runner and make check: which kernels
# we support and where the things we build for them live.  Sourced, not run.
#
# Exact versions are resolved at run time from the Debian meta-packages, so
# a point release of Debian never needs an edit here.

SOCKCTL_TOP=${SOCKCTL_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# Kept outside the checkout so a fresh clone reuses what an earlier run built.
SOCKCTL_CACHE=${SOCKCTL_CACHE:-/var/cache/sockctl}

# The linux-image-* package a Debian meta-package points at, without the
# "linux-image-" prefix: that is the kernel release (uname -r) it installs.
_sockctl_meta_kver() {
	dpkg-query -W -f='${Depends}\n' "$1" 2>/dev/null |
		tr ',' '\n' | sed -n 's/^ *linux-image-\([^ ]*\).*/\1/p' | head -n 1
}

# kernel_release NAME: NAME is 6.1, 6.12, debug, or a release string.
kernel_release() {
	case "$1" in
	6.1)	_sockctl_meta_kver linux-image-amd64 ;;
	6.12)	_sockctl_meta_kver linux-image-6.12-amd64 ;;
	debug)	cat "$(debug_kernel_dir)/kernelrelease" 2>/dev/null ;;
	*)	echo "$1" ;;
	esac
}

# Where out-of-tree modules for NAME are built against.
kernel_build_dir() {
	case "$1" in
	debug)	echo "$(debug_kernel_dir)/build" ;;
	*)	echo "/lib/modules/$(kernel_release "$1")/build" ;;
	esac
}

# The bzImage the VM boots for NAME.
kernel_image() {
	case "$1" in
	debug)	echo "$(debug_kernel_dir)/bzImage" ;;
	/*)	echo "$1" ;;
	*)	echo "/boot/vmlinuz-$(kernel_release "$1")" ;;
	esac
}

# Debian version of the linux-source-6.12 package (changes the cache key).
linux_source_version() {
	dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null
}

# The unpacked linux-source-6.12 tree (kselftest harness, checkpatch, ynl,
# the debug kernel).  Unpacked once per package version.
linux_source_dir() {
	local ver dir tarball=/usr/src/linux-source-6.12.tar.xz
	if [ -n "${SOCKCTL_LINUX_SRC:-}" ]; then
		echo "$SOCKCTL_LINUX_SRC"
		return
	fi
	ver=$(linux_source_version)
	# In the lab VM dpkg's database is hidden: take the newest unpacked.
	if [ -z "$ver" ]; then
		dir=$(ls -d "$SOCKCTL_CACHE"/src/linux-source-*/ 2>/dev/null | sort -V | tail -n 1)
		[ -n "$dir" ] || { echo "no unpacked linux-source in $SOCKCTL_CACHE/src" >&2; return 1; }
		echo "${dir%/}"
		return
	fi
	dir="$SOCKCTL_CACHE/src/linux-source-$ver"
	if [ ! -f "$dir/.unpacked" ]; then
		[ -f "$tarball" ] || { echo "missing $tarball (run make deps)" >&2; return 1; }
		mkdir -p "$SOCKCTL_CACHE/src"
		# Two builds may start at once; the second waits for the first.
		(
			flock 9
			[ -f "$dir/.unpacked" ] && exit 0
			rm -rf "$dir.tmp" "$dir" && mkdir -p "$dir.tmp" &&
			tar -C "$dir.tmp" --strip-components=1 -xJf "$tarball" &&
			mv "$dir.tmp" "$dir" && touch "$dir/.unpacked"
		) 9>"$SOCKCTL_CACHE/src/.lock" || return 1
	fi
	echo "$dir"
}

# The debug kernel's cache directory: keyed by the config fragment and the
# source package version, so editing the fragment builds a new kernel and an
# unchanged one reuses the old (a 30-minute build).  Bump the recipe number
# when tests/kernel/debug-kernel.sh changes what it builds.
SOCKCTL_DEBUG_RECIPE=1
debug_kernel_dir() {
	local key
	key=$( { cat "$SOCKCTL_TOP/tests/kernel/debug.config"; \
		 echo "recipe $SOCKCTL_DEBUG_RECIPE"; \
		 linux_source_version; } | sha256sum | cut -c1-16)
	echo "$SOCKCTL_CACHE/debug-kernel-$key"
}
