#!/usr/bin/env bash
# Installs what building, running and testing Livedash needs on Debian 12 / Ubuntu, if missing.
# Sourced by run-demo.sh and run-tests.sh; safe to run again (installs only what is absent).
set -euo pipefail

LIVEDASH_PACKAGES=(
    build-essential cmake ninja-build pkg-config ccache
    qt6-base-dev qt6-websockets-dev qt6-charts-dev qcoro-qt6-dev
    # qt6-charts-dev's CMake config needs Qt6OpenGL but the package does not depend on it
    libqt6opengl6-dev
    qtkeychain-qt6-dev
    qt6-qpa-plugins libgl-dev fonts-dejavu-core
    # translations: lupdate/lrelease for the catalogues, Qt's own (qtbase_de.qm) for standard
    # dialogs
    qt6-l10n-tools qt6-tools-dev qt6-translations-l10n
    xvfb xauth
    # tests: TLS certificates made at test time, a throw-away Secret Service for the keychain
    openssl dbus-daemon gnome-keyring
)

livedash_missing_packages() {
    local missing=()
    for p in "${LIVEDASH_PACKAGES[@]}" "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    echo "${missing[@]:-}"
}

livedash_install_deps() {
    local missing
    missing=$(livedash_missing_packages "$@")
    if [ -z "$missing" ]; then
        return 0
    fi
    echo "livedash: installing missing packages: $missing"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then
            sudo="sudo"
        else
            echo "livedash: need root (or sudo) to install: $missing" >&2
            return 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing
}

livedash_build() {
    local build_dir="$1"
    shift
    local src
    src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    cmake -S "$src" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
    cmake --build "$build_dir" -j "${LIVEDASH_JOBS:-2}"
}
