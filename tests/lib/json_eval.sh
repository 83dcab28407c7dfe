# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by the CLI shell tests: python expressions over the JSON the CLI
# prints (-j), all evaluated by one python3 started here.  A python3 start
# costs 0.5-1.5 s in the TCG guest, and these tests check dozens of
# documents.
#
#   json_field JSON EXPR   print the expression's value over the document d
#   json_ok JSON EXPR      true if the expression is; else print both
#   json_eval_stop         end the python3 (the sourcing test's cleanup)
#
# The evaluator reads "MODE\0JSON\0EXPR\0" requests and answers
# "ok\nVALUE\0" or "error\nWHY\0".  Its pipes are duplicated to plain file
# descriptors: bash closes a coprocess's own in subshells and pipelines.

_json_py='
import json, sys
inp, pending = sys.stdin.buffer, b""
def field():
    global pending
    while b"\0" not in pending:
        chunk = inp.read1(65536)
        if not chunk:
            sys.exit(0)
        pending += chunk
    f, _, pending = pending.partition(b"\0")
    return f.decode()
while True:
    mode, doc, expr = field(), field(), field()
    try:
        d = json.loads(doc)
        v = eval("(" + expr + ")")
        out = "ok\n" + (("1" if v else "0") if mode == "t" else str(v))
    except Exception as e:
        out = "error\n%s: %s" % (type(e).__name__, e)
    sys.stdout.write(out + "\0")
    sys.stdout.flush()
'
coproc _JSON_PY { exec python3 -c "$_json_py"; }
_json_pid=$_JSON_PY_PID
exec {_json_in}>&"${_JSON_PY[1]}" {_json_out}<&"${_JSON_PY[0]}"

# _json_eval MODE JSON EXPR: REPLY=the answer; fails on an error.
_json_eval() {
	printf '%s\0%s\0%s\0' "$1" "$2" "$3" >&"$_json_in" || return 1
	IFS= read -r -d '' REPLY <&"$_json_out" || { REPLY='no answer from python3'; return 1; }
	case $REPLY in
	ok$'\n'*) REPLY=${REPLY#ok$'\n'} ;;
	*) REPLY=${REPLY#*$'\n'}; return 1 ;;
	esac
}

json_field() {
	_json_eval v "$1" "$2" || { echo "$2: $REPLY" >&2; return 1; }
	printf '%s\n' "$REPLY"
}

json_ok() {
	if ! _json_eval t "$1" "$2" || [ "$REPLY" != 1 ]; then
		[ "$REPLY" = 0 ] || echo "error: $REPLY"
		echo "JSON: $1"
		echo "not: $2"
		return 1
	fi
}

json_eval_stop() {
	exec {_json_in}>&- {_json_out}<&-
	kill "$_json_pid" 2>/dev/null
	wait "$_json_pid" 2>/dev/null
}
