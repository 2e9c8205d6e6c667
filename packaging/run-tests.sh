#!/usr/bin/env bash
# Installs what is missing, builds Livedash with its tests (warnings are errors) and runs them:
#
#   bash packaging/run-tests.sh             the whole suite, then the ASan+UBSan suite, then a
#                                           short fuzz run of every parser (what CI runs)
#   bash packaging/run-tests.sh --quick     the normal suite only
#   bash packaging/run-tests.sh -R sse      the normal suite only, with these CTest arguments
#
# Every stage runs even if an earlier one failed, so one run shows everything that is wrong;
# the exit status is non-zero if any stage failed. Each stage prints how long it took.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deps.sh
source "$here/deps.sh"

full=1
if [ "${1:-}" = "--quick" ]; then
    full=0
    shift
fi
if [ "$#" -gt 0 ]; then
    full=0 # CTest arguments select tests of the normal suite
fi

livedash_install_deps
build="${LIVEDASH_BUILD_DIR:-$here/../build}"
failed=()
timings=()
stage() {
    local name="$1"
    shift
    local start
    start=$(date +%s)
    echo "== run-tests: $name"
    if "$@"; then
        timings+=("$name: passed in $(($(date +%s) - start)) s")
    else
        timings+=("$name: FAILED after $(($(date +%s) - start)) s")
        failed+=("$name")
    fi
}

suite() {
    livedash_build "$build" -DLIVEDASH_BUILD_TESTS=ON -DLIVEDASH_WERROR=ON || return 1
    # UI tests use the offscreen platform; nothing here needs a display.
    (cd "$build" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 300 "$@")
}

stage "tests" suite "$@"
if [ "$full" -eq 1 ]; then
    # The same tests built with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/).
    stage "sanitizers" bash "$here/sanitize.sh"
    # libFuzzer targets of every parser of outside input, 20 s each after replaying the seed
    # corpus and every past finding (build-fuzz/). A longer run: bash packaging/fuzz.sh 600
    stage "fuzz" bash "$here/fuzz.sh" 20
fi

echo "== run-tests: summary"
printf '  %s\n' "${timings[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "run-tests: failed: ${failed[*]}" >&2
    exit 1
fi
