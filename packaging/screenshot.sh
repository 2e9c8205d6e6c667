#!/usr/bin/env bash
# Takes a screenshot of Livedash running under Xvfb, to look at what an operator sees.
#
#   bash packaging/screenshot.sh OUT.png [LIVEDASH ARGS...]
#       e.g. bash packaging/screenshot.sh /tmp/demo.png --demo
#
# Environment: LIVEDASH_BINARY (default build/bin/livedash), LIVEDASH_SCREENSHOT_SIZE (default
# 1600x900), LIVEDASH_SCREENSHOT_WAIT (seconds before the picture, default 10),
# LIVEDASH_SCREENSHOT_CLICKS ("x,y x,y ...": clicked in turn, 1 s apart, after 3 s; e.g. the
# trust banner's "Trust and start" button of a dashboard this computer has not trusted yet).
# Installs what it uses (xvfb, imagemagick's import, xdotool) if missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/.." && pwd)"
if [ $# -lt 1 ]; then
    echo "usage: $0 OUT.png [LIVEDASH ARGS...]" >&2
    exit 2
fi
out="$1"
shift
# shellcheck source=deps.sh
source "$here/deps.sh"
livedash_install_deps imagemagick xdotool
binary="${LIVEDASH_BINARY:-$src/build/bin/livedash}"
size="${LIVEDASH_SCREENSHOT_SIZE:-1600x900}"
wait_s="${LIVEDASH_SCREENSHOT_WAIT:-10}"
export LIVEDASH_SHOT_OUT="$out" LIVEDASH_SHOT_WAIT="$wait_s"
export LIVEDASH_SHOT_CLICKS="${LIVEDASH_SCREENSHOT_CLICKS:-}"
xvfb-run -a -s "-screen 0 ${size}x24" bash -c '
    "$0" "$@" &
    app=$!
    sleep 3
    for c in $LIVEDASH_SHOT_CLICKS; do
        xdotool mousemove "${c%,*}" "${c#*,}" click 1
        sleep 1
    done
    sleep "$LIVEDASH_SHOT_WAIT"
    import -window root "$LIVEDASH_SHOT_OUT"
    kill "$app"
    wait "$app" || true
' "$binary" "$@"
echo "screenshot: $out"
