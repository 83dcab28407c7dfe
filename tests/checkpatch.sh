#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel coding style: checkpatch --strict on every kernel-side source (the
# module, its KUnit tests, the uapi header).  Prints TAP, one test per file.
#
# One checkpatch run for all the files (12 s here, where one run per file
# took 34: most of a run is perl compiling checkpatch); with --terse it
# prints "FILE:LINE: TYPE: message" for each finding and nothing for a
# clean file, so each file's test looks for its own lines.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib/kernels.sh"
. "$top/tests/lib/tap.sh"
cd "$top" || exit 1

src=$(linux_source_dir) || exit 1
files=(kmod/*.[ch] uapi/linux/*.h tests/kunit/*.[ch])
report=$(perl "$src/scripts/checkpatch.pl" --no-tree --strict --terse \
	--show-types --ignore FILE_PATH_CHANGES -f "${files[@]}" 2>&1)
cp_rc=$?

clean() { # FILE
	local line bad=0
	while IFS= read -r line; do
		[[ $line == "$1:"* ]] && { echo "$line"; bad=1; }
	done <<<"$report"
	return $bad
}

# Nothing found and yet a failure, or output that names no file: checkpatch
# itself went wrong.
ran() {
	local line f
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		[[ $line == total:* ]] && continue
		for f in "${files[@]}"; do
			[[ $line == "$f:"* ]] && continue 2
		done
		echo "$line"
		return 1
	done <<<"$report"
	[ "$cp_rc" -eq 0 ] || [ -n "$report" ] || { echo "exit status $cp_rc, no report"; return 1; }
}

echo "TAP version 13"
tap_check "checkpatch.pl ran (exit status $cp_rc)" ran
for f in "${files[@]}"; do
	tap_check "checkpatch --strict $f" clean "$f"
done
tap_done
