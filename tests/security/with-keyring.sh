#!/usr/bin/env bash
# Runs "$@" with a real Secret Service: a private D-Bus session bus (dbus-run-session) and a
# gnome-keyring-daemon whose login keyring lives in a temporary HOME, unlocked with a throw-away
# password. Nothing touches the user's own keychain. Exits 77 (ctest: skipped) when the tools
# are missing (Debian: dbus-daemon, gnome-keyring).
set -euo pipefail

for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null; then
        echo "skipped: $tool is not installed (Debian: dbus-daemon, gnome-keyring)"
        exit 77
    fi
done

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/data" "$home/config" "$home/cache" "$home/runtime"
chmod 700 "$home/runtime"
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
    XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/runtime"
unset DISPLAY WAYLAND_DISPLAY

# The keyring daemon ends with the private bus when the test does.
dbus-run-session -- bash -c '
    eval "$(printf "livedash-test" | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL
    exec "$@"
' with-keyring "$@"
