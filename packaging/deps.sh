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
    # the mqtt and nats feed plugins and the gateway's publishers
    libmosquitto-dev libnats-dev
    # the mqtt plugin pins certificates by SHA-256 in its own OpenSSL context
    libssl-dev
    # translations: lupdate/lrelease for the catalogues, Qt's own (qtbase_de.qm) for standard
    # dialogs
    qt6-l10n-tools qt6-tools-dev qt6-translations-l10n
    xvfb xauth
    # tests: TLS certificates made at test time, a throw-away Secret Service for the keychain,
    # the desktop-file, AppStream, MIME and icon checks (packaging_desktop_files)
    openssl dbus-daemon gnome-keyring
    desktop-file-utils appstream libxml2-utils file
    # the real brokers the mqtt and nats tests start on ephemeral ports
    mosquitto mosquitto-clients nats-server
    # the serial plugin; the sql plugin's SQLite and PostgreSQL drivers (QtSql itself is in
    # qt6-base-dev)
    qt6-serialport-dev libqt6sql6-sqlite libqt6sql6-psql
    # the real servers and devices the prometheus, sql and serial tests start: Prometheus and
    # node-exporter, PostgreSQL (initdb/pg_ctl), socat's pseudo-terminal pairs, sqlite3
    prometheus prometheus-node-exporter postgresql socat sqlite3
    # the historian: its SQLite file and the zstd chunk encoding; SVG export of panels
    libsqlite3-dev libzstd-dev qt6-svg-dev
    # the message mapper's JSON parser (simdjson's DOM over a reused, padded buffer)
    libsimdjson-dev
    # alarm notifications: the test's own freedesktop notification server on a private session
    # bus (python3-dbus with GLib's main loop), and a notification daemon that draws them on an
    # Xvfb screen when the app is tried by hand
    python3-dbus python3-gi xfce4-notifyd
)

# What CI's further stages use besides (bash packaging/run-tests.sh installs them in its full
# run): the clean room (mmdebstrap, util-linux's unshare), the clang -Werror build and the
# fuzzers (clang, libclang-rt-14-dev). Builds and the README's commands do not need them;
# build-packages.sh and render-icons.sh install what they need themselves.
LIVEDASH_CI_PACKAGES=(
    mmdebstrap util-linux clang libclang-rt-14-dev
)

# What the relocatable tarball needs from Debian 12 to run (it does not bundle Qt): the packages
# of the libraries its executable and plugins link (readelf -d: NEEDED), and the platform
# plugins. The .deb gets the same through dpkg-shlibdeps. README and README-tarball.txt say so.
LIVEDASH_TARBALL_RUNTIME_PACKAGES=(
    libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6websockets6 libqt6charts6
    libqt6keychain1 qt6-qpa-plugins libmosquitto1 libnats3.4 libssl3
    libqt6serialport6 libqt6sql6 libqt6sql6-sqlite libqt6sql6-psql
    libsqlite3-0 libzstd1 libqt6svg6 libsimdjson14
)

# ccache (used when installed, see CMakeLists.txt): paths relative to the source tree, and the
# build folder not hashed, so that a fresh clone in another folder (as CI makes) and the clean
# room reuse what an earlier clone compiled. Every script that builds sources this file.
CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export CCACHE_BASEDIR CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"

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
