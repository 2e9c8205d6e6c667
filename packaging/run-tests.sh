#!/usr/bin/env bash
# Installs what is missing, builds Livedash with its tests (warnings are errors) and runs them:
#
#   bash packaging/run-tests.sh             what CI runs: every stage below
#   bash packaging/run-tests.sh --quick     the normal suite only
#   bash packaging/run-tests.sh -R sse      the normal suite only, with these CTest arguments
#   bash packaging/run-tests.sh --deps-only install what is missing, nothing else
#
# Stages of the full run, in order: install-list (seconds: every package the build uses is
# installed by packaging/deps.sh), tests, sdk (the tests build installed into a staging prefix,
# feeds/exec built alone against it with -Werror, and that out-of-tree plugin loaded by the
# installed livedash from the user plugin folder: packaging/check-sdk-plugin.sh), clang (app,
# plugins and core with clang -Werror),
# cleanroom (a bare Debian 12 root sets Livedash up from the README's commands and installs its
# packages; root only), sanitizers (the suite under ASan + UBSan), fuzz (every parser, 20 s).
# Every stage runs even if an earlier one failed, so one run shows everything that is wrong;
# the exit status is non-zero if any stage failed. Each stage prints how long it took. ccache
# (installed with the rest) keeps the rebuilds of each configuration cheap.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deps.sh
source "$here/deps.sh"

full=1
if [ "${1:-}" = "--deps-only" ]; then
    livedash_install_deps
    exit 0
fi
if [ "${1:-}" = "--quick" ]; then
    full=0
    shift
fi
if [ "$#" -gt 0 ]; then
    full=0 # CTest arguments select tests of the normal suite
fi

if [ "$full" -eq 1 ]; then
    livedash_install_deps "${LIVEDASH_CI_PACKAGES[@]}"
else
    livedash_install_deps
fi
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

src="$(cd "$here/.." && pwd)"
configure() {
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DLIVEDASH_BUILD_TESTS=ON -DLIVEDASH_WERROR=ON "$@"
}
install_list() {
    # Configure only (seconds): the CMake packages the build finds. The tests stage checks
    # again after building, with the libraries the programs load.
    local log
    log=$(configure 2>&1) || {
        echo "$log"
        return 1
    }
    bash "$here/check-install-list.sh" "$build"
}
suite() {
    livedash_build "$build" -DLIVEDASH_BUILD_TESTS=ON -DLIVEDASH_WERROR=ON || return 1
    # Again, now that there are programs whose loaded libraries can be checked too.
    bash "$here/check-install-list.sh" "$build" || return 1
    # UI tests use the offscreen platform; nothing here needs a display.
    (cd "$build" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 300 "$@")
}
clang_build() {
    # What g++ lets through and clang (as Apple clang on macOS) does not: app, plugins, core.
    local dir="${LIVEDASH_CLANG_BUILD_DIR:-$src/build-clang}"
    cmake -S "$src" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
        -DLIVEDASH_BUILD_TESTS=OFF -DLIVEDASH_WERROR=ON >/dev/null &&
        cmake --build "$dir" -j "${LIVEDASH_JOBS:-2}" --target livedash
}

if [ "$full" -eq 1 ]; then
    stage "install-list" install_list
fi
stage "tests" suite "$@"
if [ "$full" -eq 1 ]; then
    stage "sdk" bash "$here/check-sdk-plugin.sh" "$build"
    stage "clang" clang_build
    if [ "$(id -u)" -eq 0 ] && [ "$(uname -s)" = Linux ]; then
        stage "cleanroom" bash "$here/cleanroom.sh"
    else
        echo "== run-tests: cleanroom skipped: it needs root (mmdebstrap, namespaces, chroot)"
        timings+=("cleanroom: skipped (not root)")
    fi
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
