#!/usr/bin/env bash
# The clean room: proves on every CI run that a machine that has never seen Livedash can set it
# up with the README's commands alone, and install the packages it builds.
#
#   bash packaging/cleanroom.sh            (as root; Linux)
#
# A bare Debian 12 root (mmdebstrap --variant=apt: apt, git and ca-certificates, nothing else)
# is unpacked, this repository's committed HEAD is cloned into it, and there, in PID, mount, IPC
# and UTS namespaces of its own (everything started inside ends when its first process does):
#   1. the README test command's install step   bash packaging/run-tests.sh --deps-only
#   2. a build of the app and its plugins         bash packaging/run-demo.sh --version
#   3. a 3 s headless recording of the demo that holds all three demo feeds
#   4. the .deb and the tarball built (cpack), installed, run and removed
#      (packaging/check-packages.sh)
# Only the bare base tarball is cached between runs (~/.cache/livedash, rebuilt after 7 days),
# never a root that holds the project's packages. Two things from the host make it cheaper and
# change nothing it proves: the host's downloaded .deb files are offered to apt (apt checks each
# against the clean root's own package lists), and ccache's object cache is shared.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/.." && pwd)"

if [ "$(uname -s)" != Linux ] || [ "$(id -u)" -ne 0 ]; then
    echo "cleanroom: needs root on Linux (mmdebstrap, unshare, chroot)" >&2
    exit 2
fi
for tool in mmdebstrap unshare chroot git; do
    command -v "$tool" >/dev/null || {
        echo "cleanroom: $tool is missing (bash packaging/run-tests.sh installs it)" >&2
        exit 2
    }
done
if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
    echo "cleanroom: note: uncommitted changes in $src are not part of the clean-room run"
fi

cache="${LIVEDASH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/livedash}"
base="$cache/bookworm-base.tar"
mkdir -p "$cache"
elapsed() { echo "$(($(date +%s) - $1)) s"; }

start=$(date +%s)
if [ ! -f "$base" ] || [ -n "$(find "$base" -mtime +7 2>/dev/null)" ]; then
    echo "cleanroom: making the bare Debian 12 base (mmdebstrap, about 2 min)"
    tmp=$(mktemp -d "$cache/base.XXXXXX")
    mmdebstrap --quiet --variant=apt --include=git,ca-certificates bookworm "$tmp/base.tar"
    mv -f "$tmp/base.tar" "$base"
    rmdir "$tmp"
fi
echo "cleanroom: base ready ($(du -h "$base" | cut -f1)) after $(elapsed "$start")"

root=$(mktemp -d /var/tmp/livedash-cleanroom.XXXXXX)
cleanup() {
    # The namespaces are gone with their processes, and their mounts with them; check before
    # removing anything, so that a leftover bind mount can never take the host's files along.
    if grep -q " $root/" /proc/self/mounts; then
        echo "cleanroom: mounts left under $root; not removing it" >&2
        return
    fi
    rm -rf "$root"
}
trap cleanup EXIT
tar -C "$root" -xf "$base"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
git clone --quiet --no-hardlinks "$src" "$root/src/livedash"
echo "cleanroom: cloned $(git -C "$root/src/livedash" log -1 --format='%h %s' | cut -c1-80)"
# Host .deb files apt may use after checking them (hard links: no copy, same file system).
if ls /var/cache/apt/archives/*.deb >/dev/null 2>&1; then
    cp -al /var/cache/apt/archives/*.deb "$root/var/cache/apt/archives/" 2>/dev/null ||
        cp /var/cache/apt/archives/*.deb "$root/var/cache/apt/archives/"
fi
ccache_dir=""
if command -v ccache >/dev/null; then
    ccache_dir=$(ccache -k cache_dir 2>/dev/null || true)
    [ -d "$ccache_dir" ] || ccache_dir=""
fi
mkdir -p "$root/ccache"

cat >"$root/cleanroom-inner.sh" <<'INNER'
#!/bin/bash
set -uo pipefail
export DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin
export CCACHE_DIR=/ccache
cd /src/livedash
failed=0
step() {
    local name="$1" t
    shift
    t=$(date +%s)
    echo "== cleanroom: $name"
    if "$@"; then
        echo "== cleanroom: $name: passed in $(($(date +%s) - t)) s"
    else
        echo "== cleanroom: $name: FAILED after $(($(date +%s) - t)) s" >&2
        failed=1
    fi
}
version_matches() {
    local out
    out=$(bash packaging/run-demo.sh --version) || return 1
    echo "$out"
    grep -qE '^livedash [0-9]+\.[0-9]+\.[0-9]+' <<<"$out"
}
packages() {
    # The tarball from the build above (same configuration), the .deb from its own.
    LIVEDASH_TGZ_BUILD_DIR=build bash packaging/build-packages.sh || return 1
    (source packaging/deps.sh && livedash_install_deps lintian) || return 1
    lintian --fail-on error,warning --info build-deb/livedash_*.deb || return 1
    bash packaging/check-packages.sh build-deb/livedash_*.deb build/livedash-*.tar.gz
}
step "install step (bash packaging/run-tests.sh --deps-only)" bash packaging/run-tests.sh --deps-only
step "build the app and plugins, livedash --version (bash packaging/run-demo.sh --version)" \
    version_matches
step "3 s headless demo recording" bash packaging/check-demo-recording.sh build/bin/livedash
step "packages: .deb and tarball installed, run and removed" packages
exit $failed
INNER

# A new PID namespace (its first process is the chroot's shell: when it ends, the kernel ends
# everything else started inside), and mount, IPC and UTS namespaces of its own.
rc=0
unshare --pid --fork --kill-child --mount --propagation private --uts --ipc \
    env root="$root" ccache_dir="$ccache_dir" bash -euc '
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount -t sysfs sysfs "$root/sys"
        mount -t tmpfs tmpfs "$root/tmp"
        [ -n "$ccache_dir" ] && mount --bind "$ccache_dir" "$root/ccache"
        hostname livedash-cleanroom
        exec chroot "$root" /bin/bash /cleanroom-inner.sh
    ' || rc=$?
echo "cleanroom: finished in $(elapsed "$start") (exit $rc)"
exit $rc
