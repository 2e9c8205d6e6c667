#!/usr/bin/env bash
# Installs what is missing, builds Livedash and opens it on its built-in demo dashboard.
# Extra arguments go to livedash (e.g. --dashboard FILE).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deps.sh
source "$here/deps.sh"
livedash_install_deps
build="${LIVEDASH_BUILD_DIR:-$here/../build}"
livedash_build "$build" -DLIVEDASH_BUILD_TESTS=OFF
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--demo)
window=1
for a in "${args[@]}"; do
    case "$a" in
    --version | -v | --help | -h | --help-all | --headless) window=0 ;;
    esac
done
if [ "$window" -eq 1 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "livedash: no display found; running under Xvfb (set DISPLAY to see the window)"
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$build/bin/livedash" "${args[@]}"
fi
exec "$build/bin/livedash" "${args[@]}"
