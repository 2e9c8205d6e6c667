#!/usr/bin/env bash
# Runs a fuzz target once over every file in the given folders (seed corpus, regressions):
# no fuzzing, no files written. Fails on the first input that crashes or breaks an invariant.
#   replay.sh FUZZ_BINARY DIR...
set -euo pipefail
bin="$1"
shift
files=()
for dir in "$@"; do
    [ -d "$dir" ] || continue
    while IFS= read -r -d '' f; do
        files+=("$f")
    done < <(find "$dir" -type f ! -name 'README*' ! -name '.*' -print0 | sort -z)
done
name="$(basename "$bin")"
if [ "${#files[@]}" -eq 0 ]; then
    echo "replay: $name: no inputs"
    exit 0
fi
status=0
out="$("$bin" "${files[@]}" 2>&1)" || status=$?
if [ "$status" -ne 0 ]; then
    printf '%s\n' "$out" >&2
    echo "replay: $name: an input failed (exit $status)" >&2
    exit "$status"
fi
echo "replay: $name: ${#files[@]} inputs passed"
