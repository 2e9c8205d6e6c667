#!/usr/bin/env bash
# Renders the hicolor PNGs from the hand-drawn SVGs (rsvg-convert, Debian: librsvg2-bin).
# The PNGs are committed, so building and packaging need no renderer; run this after editing
# an SVG and commit the result.
set -euo pipefail
# shellcheck source=../deps.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../deps.sh"
livedash_install_deps librsvg2-bin imagemagick
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/icons"
id=io.github.livedash.livedash
for size in 16 22 24 32 48 64 128 256; do
    src="$here/$id.svg"
    # Small sizes use the simplified drawing: the full one blurs into a smudge below 32 px.
    if [ "$size" -le 24 ]; then
        src="$here/$id-small.svg"
    fi
    mkdir -p "$here/hicolor/${size}x${size}"
    rsvg-convert -w "$size" -h "$size" "$src" -o "$here/hicolor/${size}x${size}/$id.png"
done
echo "rendered into $here/hicolor"
# The Windows icon (.exe resource, installer): the same renders in one .ico (ImageMagick).
h="$here/hicolor"
convert "$h/16x16/$id.png" "$h/24x24/$id.png" "$h/32x32/$id.png" "$h/48x48/$id.png" \
    "$h/64x64/$id.png" "$h/128x128/$id.png" "$h/256x256/$id.png" \
    "$here/../../windows/livedash.ico"
echo "rendered $(cd "$here/../../windows" && pwd)/livedash.ico"
