#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel coding style: checkpatch --strict on every kernel-side source (the
# module, its KUnit tests, the uapi header).  Prints TAP, one test per file.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib/kernels.sh"
. "$top/tests/lib/tap.sh"
cd "$top"

src=$(linux_source_dir) || exit 1
checkpatch() {
	# SPDX_LICENSE_TAG: the uapi header's dual licence is deliberate.
	perl "$src/scripts/checkpatch.pl" --no-tree --strict --terse \
		--show-types --ignore FILE_PATH_CHANGES -f "$1"
}

echo "TAP version 13"
for f in kmod/*.[ch] uapi/linux/*.h tests/kunit/*.[ch]; do
	tap_check "checkpatch --strict $f" checkpatch "$f"
done
tap_done
