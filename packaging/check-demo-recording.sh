#!/usr/bin/env bash
# Runs a headless recording of the built-in demo with the given livedash binary and checks that
# the JSON-lines file holds records from each of the demo's three feeds (ids from
# resources/demo-dashboard.json; record format in core/ingest/recorder.h). Needs no display and only
# bash, grep and coreutils, so it runs in a bare Debian root.
# Usage: check-demo-recording.sh <livedash-binary> [seconds]
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 <livedash-binary> [seconds]" >&2
    exit 2
fi
binary="$1"
seconds="${2:-3}"
feeds=(match services ops)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
record="$work/demo recording.jsonl" # a space in the name, on purpose

echo "check-demo-recording: $binary --headless --record '$record' --duration $seconds"
# timeout: a hang is a failure with a message, not a stuck CI job.
status=0
env -u DISPLAY -u WAYLAND_DISPLAY HOME="$work" XDG_CONFIG_HOME="$work/config" \
    XDG_DATA_HOME="$work/data" \
    timeout 60 "$binary" --headless --record "$record" --duration "$seconds" \
    >"$work/out.txt" 2>"$work/err.txt" || status=$?
if [ "$status" -ne 0 ]; then
    echo "check-demo-recording: FAILED: livedash exited with status $status" >&2
    sed 's/^/  stderr: /' "$work/err.txt" >&2
    exit 1
fi
if [ ! -s "$record" ]; then
    echo "check-demo-recording: FAILED: no records written to $record" >&2
    sed 's/^/  stderr: /' "$work/err.txt" >&2
    exit 1
fi

total=$(wc -l <"$record")
echo "check-demo-recording: $total records"
failed=0
for feed in "${feeds[@]}"; do
    # Lines start {"feed":"<id>",... (Recorder writes compact JSON, feed first).
    count=$(grep -c "^{\"feed\":\"$feed\"," "$record" || true)
    printf '  %-10s %6d records\n' "$feed" "$count"
    if [ "$count" -eq 0 ]; then
        failed=1
    fi
done
if [ "$failed" -ne 0 ]; then
    echo "check-demo-recording: FAILED: some demo feeds recorded nothing in ${seconds} s" \
        "(expected records from: ${feeds[*]})" >&2
    echo "  first records:" >&2
    head -n 5 "$record" | sed 's/^/    /' >&2
    sed 's/^/  stderr: /' "$work/err.txt" >&2
    exit 1
fi
echo "check-demo-recording: OK, all ${#feeds[@]} demo feeds recorded"
