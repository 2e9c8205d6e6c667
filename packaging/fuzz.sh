#!/usr/bin/env bash
# Builds the libFuzzer targets in tests/fuzz (clang, ASan + UBSan) and fuzzes each in turn.
#
#   bash packaging/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 60 s, every target
#   bash packaging/fuzz.sh 20                                    the short CI run
#
# Builds into build-fuzz/ (LIVEDASH_FUZZ_BUILD_DIR overrides). Each target first replays its
# seed corpus (tests/fuzz/corpus/<target>) and saved regressions (tests/fuzz/regressions/
# <target>), then fuzzes for the given time; inputs it discovers go to build-fuzz/corpus/
# <target>, never into the repository. A finding (crash, sanitizer report, broken invariant,
# leak, timeout, out-of-memory) is kept as build-fuzz/findings/<target>/crash-* (or leak-,
# timeout-, oom-) and makes the script exit non-zero after all targets ran.
# LIVEDASH_FUZZ_KNOWN=id,... skips the invariants of findings already reported (see
# tests/fuzz/regressions/README.md), to look for others before their fix lands.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/.." && pwd)"
seconds="${1:-60}"
shift || true
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
    echo "usage: $0 [SECONDS_PER_TARGET] [TARGET...]" >&2
    exit 2
fi
build="${LIVEDASH_FUZZ_BUILD_DIR:-$src/build-fuzz}"

# clang with its libFuzzer and sanitizer runtimes (Debian 12: libclang-rt-14-dev), Qt Core
# headers, cmake and ninja.
# shellcheck source=deps.sh
source "$here/deps.sh"
livedash_install_deps clang
# Debian 12's clang-14 does not pull in its runtimes (libclang-rt-14-dev, via libclang-rt-dev).
rt="$(clang++ -print-file-name=libclang_rt.fuzzer-x86_64.a)"
if [ ! -f "$rt" ]; then
    livedash_install_deps clang libclang-rt-dev
fi

# LIVEDASH_SOURCE_DIR: fuzz the parsers of another tree (e.g. one with a proposed fix).
cmake -S "$src/tests/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLIVEDASH_SOURCE_DIR="${LIVEDASH_SOURCE_DIR:-$src}" \
    >/dev/null
cmake --build "$build" -j "${LIVEDASH_JOBS:-2}"

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    targets=(fieldpath mapper mapperdiff sseparser dashboard retryafter headers timestamp lines promtext
        chunk)
fi
declare -A max_len=([dashboard]=16384 [mapper]=8192 [mapperdiff]=8192)

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:\
allocator_may_return_null=1:print_summary=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
failed=()
summary=()
for t in "${targets[@]}"; do
    bin="$build/bin/fuzz_$t"
    if [ ! -x "$bin" ]; then
        echo "fuzz: no target $t" >&2
        failed+=("$t")
        continue
    fi
    work="$build/corpus/$t"
    findings="$build/findings/$t"
    mkdir -p "$work" "$findings"
    log="$build/logs/$t.log"
    mkdir -p "$(dirname "$log")"
    echo "fuzz: $t for ${seconds}s"
    seeds=("$src/tests/fuzz/corpus/$t")
    [ -d "$src/tests/fuzz/regressions/$t" ] && seeds+=("$src/tests/fuzz/regressions/$t")
    dict=()
    [ -f "$src/tests/fuzz/dict/$t.dict" ] && dict=(-dict="$src/tests/fuzz/dict/$t.dict")
    status=0
    "$bin" "$work" "${seeds[@]}" "${dict[@]}" \
        -max_total_time="$seconds" -max_len="${max_len[$t]:-4096}" \
        -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -use_value_profile=1 \
        -artifact_prefix="$findings/" -print_final_stats=1 -reload=0 \
        >"$log" 2>&1 || status=$?
    # The last status line: "#runs cov: N ft: N corp: N/size exec/s: N rss: N".
    stats="$(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    summary+=("$(printf '%-10s %s (%s runs)' "$t" "$stats" "${execs:-?}")")
    if [ "$status" -ne 0 ]; then
        failed+=("$t")
        echo "fuzz: $t FOUND something (exit $status); log: $log" >&2
        grep -E -e 'invariant violated|ERROR: (Address|Leak|Undefined)|runtime error' \
            -e 'SUMMARY|Test unit written|ERROR: libFuzzer' "$log" | head -20 >&2 || true
    fi
done

echo
echo "fuzz: ${seconds}s per target, results (last status line of each run):"
printf '  %s\n' "${summary[@]}"
passed=$(( ${#targets[@]} - ${#failed[@]} ))
if [ "${#failed[@]}" -ne 0 ]; then
    echo "fuzz: findings in: ${failed[*]} (inputs under $build/findings/)" >&2
    echo "fuzz: $passed passed, ${#failed[@]} failed"
    exit 1
fi
echo "fuzz: no findings"
echo "fuzz: $passed passed, 0 failed"
