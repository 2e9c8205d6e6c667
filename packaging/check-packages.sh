#!/usr/bin/env bash
# Installs, runs and removes the built packages as a user would, in a bare Debian 12 root (run
# as root; CI calls it after building and running cpack). Needs network access to the apt
# archive. Usage: check-packages.sh <livedash_VERSION_ARCH.deb> <livedash-VERSION-Linux.tar.gz>
#  1. apt-get install ./livedash_*.deb (pulls the dependencies dpkg-shlibdeps computed)
#  2. /usr/bin/livedash --version and a headless demo recording from the installed files
#  3. apt-get purge livedash: nothing the package listed (dpkg -L) may be left
#  4. the tarball, unpacked into a folder with a space, on the Qt runtime packages the README
#     names: bin/livedash --version and the same headless recording
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: $0 <livedash.deb> <livedash.tar.gz>" >&2
    exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
deb="$(realpath "$1")"
tarball="$(realpath "$2")"
# shellcheck source=deps.sh
source "$here/deps.sh"
export DEBIAN_FRONTEND=noninteractive
step() { echo; echo "=== check-packages: $*"; }
fail() { echo "check-packages: FAILED: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run as root (it installs and purges the package)"
[ -f "$deb" ] || fail "no such .deb: $deb"
[ -f "$tarball" ] || fail "no such tarball: $tarball"

check_version() { # <binary>
    local out
    out="$("$1" --version)" || fail "$1 --version exited with status $?"
    echo "$out"
    [[ "$out" == livedash\ * ]] || fail "$1 --version printed \"$out\", expected \"livedash <version>\""
}

step "install $deb"
apt-get update -qq
apt-get install -y --no-install-recommends "$deb"
dpkg-query -W -f='${Package} ${Version} ${Status}\n' livedash
list="$(mktemp)"
dpkg -L livedash >"$list"
echo "the package installed $(wc -l <"$list") paths"

step "installed /usr/bin/livedash"
check_version /usr/bin/livedash
"$here/check-demo-recording.sh" /usr/bin/livedash 3

step "apt-get purge livedash"
apt-get purge -y livedash
left=0
while IFS= read -r path; do
    [ -n "$path" ] || continue
    if [ -d "$path" ] && [ ! -L "$path" ]; then
        # Shared folders (/usr/share/applications) stay; Livedash's own must go.
        if [[ "$path" == *livedash* ]]; then
            echo "left behind (folder): $path" >&2
            left=1
        fi
    elif [ -e "$path" ] || [ -L "$path" ]; then
        echo "left behind: $path" >&2
        left=1
    fi
done <"$list"
[ "$left" -eq 0 ] || fail "files of the purged package are still there"
echo "purged: none of the package's files is left"
# The tarball runs on the documented runtime packages, not on what the .deb happened to pull.
apt-get autoremove --purge -y

step "tarball $tarball"
apt-get install -y --no-install-recommends "${LIVEDASH_TARBALL_RUNTIME_PACKAGES[@]}"
dest="/tmp/live dash"
rm -rf "$dest"
mkdir -p "$dest"
tar -xzf "$tarball" -C "$dest"
binary="$(find "$dest" -path '*/bin/livedash' -type f | head -n 1)"
[ -n "$binary" ] || fail "no bin/livedash in $tarball"
echo "unpacked: $binary"
plugins="$(dirname "$binary")/../lib/livedash/plugins"
[ -d "$plugins" ] || fail "no lib/livedash/plugins next to bin/ in the tarball"
if ldd "$binary" | grep -q "not found"; then
    ldd "$binary" | grep "not found" >&2
    fail "the tarball's livedash needs libraries the runtime packages do not provide"
fi
check_version "$binary"
"$here/check-demo-recording.sh" "$binary" 3
rm -rf "$dest"

echo
echo "check-packages: OK: .deb installs, runs, records the demo and purges cleanly;" \
    "the tarball runs from \"$dest\""
