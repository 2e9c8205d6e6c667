#!/usr/bin/env bash
# Checks that the set-up scripts install every Debian package the build uses.
#
#   bash packaging/check-install-list.sh [BUILD_DIR]      default: build/
#
# "Used" means: the package owning each CMake package config a configured build found
# (<Name>_DIR in CMakeCache.txt), and, once something is built, the package owning each shared
# library a built program or plugin loads (ldd). "Installed by the scripts" means: a package in
# LIVEDASH_PACKAGES (packaging/deps.sh), or one they pull in as a dependency. A package only
# installed by hand on the developer's machine is what made every README command fail on a new
# one while CI stayed green (libqt6opengl6-dev). Exit status: 0 all covered, 1 some missing,
# 2 cannot tell (no configured build, not a Debian system).
set -euo pipefail
trap 'echo "check-install-list: failed at line $LINENO" >&2' ERR
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/../build}"
cache="$build/CMakeCache.txt"
if [ ! -f "$cache" ]; then
    echo "check-install-list: no $cache: configure a build first" >&2
    exit 2
fi
if ! command -v dpkg-query >/dev/null || ! command -v apt-cache >/dev/null; then
    echo "check-install-list: not a Debian system, cannot tell" >&2
    exit 2
fi
# shellcheck source=deps.sh
source "$here/deps.sh"

owner() { { dpkg -S "$1" 2>/dev/null || true; } | head -n 1 | cut -d: -f1 | tr ',' '\n' | sed 's/^ *//'; }

used=$(
    grep -E '^[A-Za-z0-9_]+_DIR:PATH=/' "$cache" | cut -d= -f2- | sort -u | while read -r dir; do
        config=$(ls "$dir"/*Config.cmake "$dir"/*-config.cmake 2>/dev/null | head -n 1 || true)
        if [ -n "$config" ]; then owner "$(realpath "$config")"; fi
    done
    # ldd says "not a dynamic executable" (ignored) for scripts among them
    # (ldd exits non-zero when one of them is not a program: what it did print still counts)
    { find "$build" -maxdepth 3 -type f \( -perm -u+x -o -name '*.so' \) -print0 2>/dev/null |
        xargs -0 -r ldd 2>/dev/null || true; } | awk '$2 == "=>" && $3 ~ /^\// {print $3}' |
        sort -u | while read -r lib; do owner "$(realpath "$lib")"; done
)
used=$(echo "$used" | grep -v '^$' | sort -u)
if [ -z "$used" ]; then
    echo "check-install-list: found nothing the build uses in $build" >&2
    exit 2
fi
# Everything the scripts install: the list and its dependencies, recursively (no recommends:
# the scripts install with --no-install-recommends).
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${LIVEDASH_PACKAGES[@]}" 2>/dev/null |
    grep -vE '^[ <]' | cut -d: -f1 | sort -u)
missing=$(comm -23 <(echo "$used") <(echo "$closure"))
if [ -n "$missing" ]; then
    echo "check-install-list: the build uses packages that packaging/deps.sh never installs:"
    echo "$missing" | sed 's/^/  /'
    echo "  (add them to LIVEDASH_PACKAGES in packaging/deps.sh)"
    exit 1
fi
echo "check-install-list: all $(echo "$used" | wc -l) packages the build uses are installed by packaging/deps.sh"
