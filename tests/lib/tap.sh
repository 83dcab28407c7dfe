# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the shell tests and the test runners.  Sourced.
#
# Every test program prints TAP; the runners turn each top-level result into
# one line "RESULT PASS|FAIL|SKIP <group>/<name>" that make check counts.

_tap_n=0
_tap_failed=0

# tap_check NAME CMD...: run CMD, report it as one TAP test.
tap_check() {
	local name=$1 out rc
	shift
	_tap_n=$((_tap_n + 1))
	out=$("$@" 2>&1) && rc=0 || rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "ok $_tap_n $name"
	else
		_tap_failed=$((_tap_failed + 1))
		echo "not ok $_tap_n $name"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/# /'
	fi
}

tap_skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n $1 # SKIP $2"
}

tap_done() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
}

# tap_results GROUP: copy TAP from stdin to stdout, adding a RESULT line per
# top-level test.  Indented (nested) lines are subtests of a parent line and
# are not counted again.
tap_results() {
	local group=$1 line name
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case "$line" in
		"not ok "*)
			name=${line#not ok }; name=${name#* }
			echo "RESULT FAIL $group/${name%% # *}" ;;
		"ok "*"# SKIP"*|"ok "*"# skip"*)
			name=${line#ok }; name=${name#* }
			echo "RESULT SKIP $group/${name%% # *}" ;;
		"ok "*)
			name=${line#ok }; name=${name#* }
			echo "RESULT PASS $group/$name" ;;
		esac
	done
}

# tap_run GROUP CMD...: run a TAP-printing program; if it dies without
# reporting a failure (crash, wrong exit), count that as a failure too.
tap_run() {
	local group=$1 rc tmp
	shift
	tmp=$(mktemp)
	"$@" 2>&1 | tap_results "$group" | tee "$tmp"
	rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ] && ! grep -q '^RESULT FAIL' "$tmp"; then
		echo "RESULT FAIL $group/exit-status-$rc"
	fi
	if ! grep -q '^RESULT ' "$tmp"; then
		echo "RESULT FAIL $group/ran-no-test"
	fi
	rm -f "$tmp"
}
