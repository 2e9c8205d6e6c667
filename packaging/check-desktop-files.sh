#!/usr/bin/env bash
# Validates the Linux desktop integration files in packaging/linux/ (Debian packages:
# desktop-file-utils, appstream, libxml2-utils, file; see LIVEDASH_CI_PACKAGES in deps.sh).
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/linux"
id=io.github.livedash.livedash
desktop-file-validate "$dir/$id.desktop"
echo "desktop-file-validate: $id.desktop ok"
appstreamcli validate --no-net --pedantic "$dir/$id.metainfo.xml"
if command -v xmllint >/dev/null; then
    xmllint --noout "$dir/$id.mime.xml"
    echo "xmllint: $id.mime.xml ok"
fi
# Each hicolor PNG has the size its folder names.
for size in 16 22 24 32 48 64 128 256; do
    png="$dir/icons/hicolor/${size}x${size}/$id.png"
    if ! file "$png" | grep -q "PNG image data, $size x $size,"; then
        echo "check-desktop-files: $png is not a ${size}x${size} PNG: $(file -b "$png")" >&2
        exit 1
    fi
done
echo "icons: 8 hicolor PNGs of the right sizes"
