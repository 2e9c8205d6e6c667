#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build of the whole test suite, then ctest.
#
#   bash packaging/sanitize.sh [CTEST ARGS...]      e.g.  bash packaging/sanitize.sh -R core-
#
# Builds into build-asan/ (LIVEDASH_ASAN_BUILD_DIR overrides) with g++, Debug (assertions in
# Qt's inline code on) at -O1, -fsanitize=address,undefined, no recovery: the first finding
# fails its test. Leak checking is on. tests/sanitizers/{lsan,ubsan}.supp are for narrow,
# justified suppressions inside third-party libraries only; the suite needs none today.
# Exit status: non-zero if the build fails or any test fails or a sanitizer reports.
# Measured on the 2-core machine: the build is about 10 min of CPU (so about 5-6 min on two
# idle cores; 20-27 min were measured while other builds shared them); the tests take ~40 s.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/.." && pwd)"
# shellcheck source=deps.sh
source "$here/deps.sh"
# g++'s sanitizer runtimes (libasan8, libubsan1) come with build-essential's gcc.
livedash_install_deps
build="${LIVEDASH_ASAN_BUILD_DIR:-$src/build-asan}"
supp="$src/tests/sanitizers"

san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
start=$(date +%s)
cmake -S "$src" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS="-O1 $san" \
    -DCMAKE_EXE_LINKER_FLAGS="$san" \
    -DCMAKE_SHARED_LINKER_FLAGS="$san" \
    -DCMAKE_MODULE_LINKER_FLAGS="$san" \
    -DLIVEDASH_BUILD_TESTS=ON \
    -DLIVEDASH_WERROR=OFF
cmake --build "$build" -j "${LIVEDASH_JOBS:-2}"
built=$(date +%s)
echo "sanitize: build took $((built - start)) s (load average: $(cut -d' ' -f1-3 /proc/loadavg))"

export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:\
detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:\
detect_odr_violation=1:print_summary=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp"
export QT_QPA_PLATFORM=offscreen
cd "$build"
status=0
# Tests that bound RSS (reliability_restarts, reliability_oversized) check those bounds only in
# the normal suite: ASan's quarantine, redzones and stack depot make RSS measure ASan itself
# (tests/reliability/support.h, UnderAddressSanitizer). Everything else they check runs here.
# LIVEDASH_SANITIZE_EXCLUDE: a CTest regex of tests to leave out (none by default).
excluded="${LIVEDASH_SANITIZE_EXCLUDE:-}"
if [ -n "$excluded" ]; then
    ctest --output-on-failure -E "^(${excluded})\$" "$@" || status=$?
    echo "sanitize: left out: ${excluded}"
else
    ctest --output-on-failure "$@" || status=$?
fi
# A test that failed is run once more on its own, with full allocation stacks (slow unwinding:
# Qt's libraries have no frame pointers, so the first run's leak reports stop at Qt's frame).
# The stage still fails if it fails again. One that passes the second time is named as flaky,
# with both runs' output in the log, so that a rare finding (stop 21: a 152-byte leak from inside
# QtCore, once in 40+ runs) is diagnosable instead of blocking everything else.
if [ "$status" -ne 0 ]; then
    failed_first=$(tr '\n' ' ' < Testing/Temporary/LastTestsFailed.log 2>/dev/null || true)
    echo "sanitize: running the failed tests again, with full allocation stacks: $failed_first"
    if ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0:malloc_context_size=60" \
        ctest --output-on-failure --rerun-failed; then
        echo "sanitize: FLAKY (failed once, passed on its own; see the first run above):" \
             "$failed_first"
        status=0
    else
        status=1
    fi
fi
end=$(date +%s)
echo "sanitize: tests took $((end - built)) s, total $((end - start)) s" \
     "(load average: $(cut -d' ' -f1-3 /proc/loadavg))"
exit "$status"
