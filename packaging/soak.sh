#!/usr/bin/env bash
# Soak (TARGETS.md, Reliability 12): 20 feeds (8 WebSocket, 6 SSE, 6 HTTP polling) x 50 msg/s
# through the real plugins into the real main window (12 live charts, offscreen platform) for
# SOAK_SECONDS (default 600). Prints UI lateness p50/p99/max, RSS after the warm-up and at the
# end, sequence gaps, messages sent and delivered, a line per minute, and the figures as JSON.
# Exits non-zero unless UI lateness p99 < 50 ms, RSS growth < 10 % and there are no gaps (nor
# lost or rejected messages, nor reconnects).
#
#   bash packaging/soak.sh                          # installs what is missing, builds, 10 min
#   SOAK_SECONDS=60 bash packaging/soak.sh          # a short run
#   SOAK_JSON=soak.json bash packaging/soak.sh      # also write the figures to soak.json
# Also: SOAK_WARMUP (seconds before the RSS baseline; default min(60, duration / 2)),
# SOAK_RATE (messages/s per feed, default 50), LIVEDASH_BUILD_DIR (default ./build).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deps.sh
source "$here/deps.sh"
livedash_install_deps
build="${LIVEDASH_BUILD_DIR:-$here/../build}"
livedash_build "$build" -DLIVEDASH_BUILD_TESTS=ON
args=(--seconds "${SOAK_SECONDS:-600}" --rate "${SOAK_RATE:-50}")
if [ -n "${SOAK_WARMUP:-}" ]; then
    args+=(--warmup "$SOAK_WARMUP")
fi
if [ -n "${SOAK_JSON:-}" ]; then
    args+=(--json "$SOAK_JSON")
fi
export QT_QPA_PLATFORM=offscreen
exec "$build/bin/livedash-soak" "${args[@]}"
