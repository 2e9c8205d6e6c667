#!/usr/bin/env bash
# CPU profile of Livedash under the benchmark's load, with Linux perf (Debian: linux-perf).
#
#   bash packaging/profile.sh [OUT_DIR] [livedash-bench ARGS...]
#        default: build/profile, --design livedash --duration 10 (100 feeds, 100k msg/s)
#
# Records the livedash-bench process (the real engine, ingest thread and main window; the load
# generator it starts is recorded too, as its own threads) with call graphs, then writes the
# self time per thread and library (report-threads.txt) and per thread, library and symbol
# (report-process.txt) into OUT_DIR. Needs perf_event_paranoid <= 2 (Debian's default) for a user's own
# processes. Uses the build in build/ (bash packaging/run-tests.sh makes it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/.." && pwd)"
# shellcheck source=deps.sh
source "$here/deps.sh"
livedash_install_deps linux-perf
out="${1:-$src/build/profile}"
shift || true
args=("$@")
if [ "${#args[@]}" -eq 0 ]; then
    args=(--design livedash --duration 10)
fi
bench="$src/build/bin/livedash-bench"
if [ ! -x "$bench" ]; then
    echo "profile: $bench is missing: build first (bash packaging/run-tests.sh)" >&2
    exit 2
fi
mkdir -p "$out"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
perf record -F 499 -g --call-graph dwarf,16384 -o "$out/perf.data" -- "$bench" "${args[@]}" \
    | tee "$out/bench.txt"
# perf names each thread by its name (comm): livedash-ingest, QNetworkAccessM (Qt's network
# thread), livedash-bench (the UI thread), livedash-loadge(n). Percentages are of all samples.
perf report -i "$out/perf.data" --no-children --sort comm,dso --stdio -g none \
    --percent-limit 0.3 > "$out/report-threads.txt" 2>/dev/null
perf report -i "$out/perf.data" --no-children --sort comm,dso,symbol --stdio -g none \
    --percent-limit 0.25 > "$out/report-process.txt" 2>/dev/null
echo "profile: $out/report-threads.txt (threads by library), report-process.txt (by symbol)"
grep -v '^#' "$out/report-threads.txt" | grep -v '^$' | head -30
