#!/usr/bin/env bash
# Installs what is missing, builds Livedash with its tests (warnings are errors) and runs them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deps.sh
source "$here/deps.sh"
livedash_install_deps
build="${LIVEDASH_BUILD_DIR:-$here/../build}"
livedash_build "$build" -DLIVEDASH_BUILD_TESTS=ON -DLIVEDASH_WERROR=ON
cd "$build"
# UI tests use the offscreen platform; nothing here needs a display.
export QT_QPA_PLATFORM=offscreen
ctest --output-on-failure --timeout 300 "$@"
