#!/usr/bin/env bash
# Builds the Linux packages with CPack: the .deb (prefix /usr, plugins in lib/<multiarch>) from
# build-deb/ and the relocatable tarball from build-tgz/. Two configurations, because the
# executable finds its plugins relative to itself from the layout it was configured for; ccache
# makes the second one cheap. Installs what is missing first (dpkg-shlibdeps, and file, which
# CPack's DEB generator needs to find the binaries).
#
#   bash packaging/build-packages.sh      then: ls build-deb/*.deb build-tgz/*.tar.gz
#
# LIVEDASH_DEB_BUILD_DIR and LIVEDASH_TGZ_BUILD_DIR override the folders.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/.." && pwd)"
# shellcheck source=deps.sh
source "$here/deps.sh"
livedash_install_deps dpkg-dev file
deb_dir="${LIVEDASH_DEB_BUILD_DIR:-$src/build-deb}"
tgz_dir="${LIVEDASH_TGZ_BUILD_DIR:-$src/build-tgz}"
livedash_build "$deb_dir" -DLIVEDASH_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr
(cd "$deb_dir" && rm -f livedash_*.deb && cpack -G DEB)
livedash_build "$tgz_dir" -DLIVEDASH_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr/local
(cd "$tgz_dir" && rm -f livedash-*.tar.gz && cpack -G TGZ)
ls -l "$deb_dir"/livedash_*.deb "$tgz_dir"/livedash-*.tar.gz
