#!/usr/bin/env bash
# The plugin SDK as a third party uses it: installs the build in <build dir> into a staging
# prefix, builds feeds/exec ALONE against it (find_package(Livedash), warnings are errors),
# and runs the INSTALLED livedash headless with that out-of-tree plugin in the user plugin
# folder, recording what it delivers. The staged install's own exec plugin is removed first,
# so the samples can only come from the out-of-tree build.
#
#   bash packaging/check-sdk-plugin.sh [<build dir, default build/>]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/.." && pwd)"
build="$(cd "${1:-$src/build}" && pwd)"
# Kept after the run for a look at what failed; a fixed path inside the build so that ccache
# (CCACHE_BASEDIR) can reuse the out-of-tree compile.
work="$build/sdk-check"
rm -rf "$work"
mkdir -p "$work"
fail() {
    echo "check-sdk-plugin: FAILED: $*" >&2
    exit 1
}

staging="$work/staging"
cmake --install "$build" --prefix "$staging" >"$work/install.log" 2>&1 ||
    { cat "$work/install.log" >&2; fail "cmake --install $build did not work"; }
[ -f "$staging/include/livedash/feedplugin.h" ] || fail "the SDK headers were not installed"
config=$(find "$staging" -name LivedashConfig.cmake | head -n 1)
[ -n "$config" ] || fail "LivedashConfig.cmake was not installed"
app="$staging/bin/livedash"
[ -x "$app" ] || fail "$app was not installed"
plugin_dir=$(find "$staging" -type d -path '*/livedash/plugins' | head -n 1)
[ -n "$plugin_dir" ] || fail "the installed plugin folder was not found"
rm -f "$plugin_dir"/livedash_feed_exec.*

# Out of tree: only the installed package, with -Werror on top of the plugin's own warnings.
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
command -v ccache >/dev/null && generator+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$src/feeds/exec" -B "$work/build-exec" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_PREFIX_PATH="$staging" \
    -DCMAKE_COMPILE_WARNING_AS_ERROR=ON -DCMAKE_CXX_FLAGS=-Werror >"$work/configure.log" 2>&1 ||
    { cat "$work/configure.log" >&2; fail "feeds/exec does not configure against the installed SDK"; }
grep -q "Livedash_DIR:PATH=$staging" "$work/build-exec/CMakeCache.txt" ||
    fail "find_package(Livedash) did not find the staged SDK ($(grep Livedash_DIR "$work/build-exec/CMakeCache.txt"))"
cmake --build "$work/build-exec" -j "${LIVEDASH_JOBS:-2}" >"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; fail "feeds/exec does not build against the installed SDK"; }
built=$(find "$work/build-exec" -maxdepth 2 -name 'livedash_feed_exec.*' \( -name '*.so' -o -name '*.dylib' -o -name '*.dll' \) | head -n 1)
[ -n "$built" ] || fail "the out-of-tree build made no livedash_feed_exec module"

# The user plugin folder: <AppDataLocation>/plugins, i.e. $XDG_DATA_HOME/Livedash/livedash.
home="$work/home"
user_plugins="$home/data/Livedash/livedash/plugins"
mkdir -p "$user_plugins" "$home/config"
cp "$built" "$user_plugins/"
cat >"$work/sdk.json" <<JSON
{"version": 1, "name": "sdk check", "panels": [],
 "feeds": [{"id": "sdk", "plugin": "exec",
            "options": {"program": "printf", "arguments": "{\"v\": 42}\\\\n", "format": "jsonl"},
            "reconnect": {"initialDelayMs": 100, "maxDelayMs": 200}}]}
JSON
out="$work/out.jsonl"
env HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
    DBUS_SESSION_BUS_ADDRESS= QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8 \
    "$app" --headless --trust --dashboard "$work/sdk.json" --record "$out" --duration 2 \
    >"$work/run.log" 2>&1 || { cat "$work/run.log" >&2; fail "the installed livedash failed"; }
if grep -q "plugin skipped" "$work/run.log"; then
    cat "$work/run.log" >&2
    fail "a plugin was skipped"
fi
samples=$(grep -cE '"channel":"sdk/v","t":[0-9]+,"value":42\}' "$out" || true)
[ "$samples" -gt 0 ] ||
    { cat "$work/run.log" >&2; fail "no sample from the out-of-tree exec plugin in $out"; }
echo "check-sdk-plugin: $(basename "$built") built out of tree against $staging, loaded from" \
    "the user plugin folder by the installed livedash: $samples samples recorded"
