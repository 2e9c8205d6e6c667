#!/usr/bin/env bash
# Checks that every --long-option `livedash --help` prints is described in the man page.
# Usage: check-manpage.sh <livedash binary> <livedash.1>
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: $0 <livedash binary> <livedash.1>" >&2
    exit 2
fi
binary="$1"
manpage="$2"
help=$(QT_QPA_PLATFORM=offscreen "$binary" --help)
# roff writes a minus as \- : compare plain text.
man_text=$(sed 's/\\-/-/g' "$manpage")
options=$(grep -oE -- '--[a-z][a-z0-9-]*' <<<"$help" | sort -u)
if [ -z "$options" ]; then
    echo "check-manpage: no --options found in '$binary --help'" >&2
    exit 1
fi
missing=0
for option in $options; do
    if ! grep -qE -- "(^|[^a-z0-9-])${option}([^a-z0-9-]|$)" <<<"$man_text"; then
        echo "check-manpage: $option is in --help but not in $manpage" >&2
        missing=1
    fi
done
if [ "$missing" -ne 0 ]; then
    exit 1
fi
echo "check-manpage: all $(wc -w <<<"$options") long options of --help are in $(basename "$manpage")"
