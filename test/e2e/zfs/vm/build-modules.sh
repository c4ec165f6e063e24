#!/bin/bash
# Builds the OpenZFS kernel modules from Debian's zfs-dkms source against the Debian
# linux-headers that match the test VM's kernel, once per set of inputs.
#   build-modules.sh CACHE_DIR  ->  prints the directory holding the .ko files
# The result lives under CACHE_DIR/zfs-vm/modules/<key>, where the key hashes the package
# versions and this recipe (versions.sh only says how to fetch them), so a second run finds it and compiles nothing.
set -euo pipefail
cache=${1:?usage: build-modules.sh CACHE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/versions.sh"
source "$here/progress.sh"

key=$( { echo "zfs-dkms $ZFS_VERSION"; echo "linux-headers $KVER $KERNEL_VERSION"; sha256sum "$here/build-modules.sh" | cut -d' ' -f1; } | sha256sum | cut -c1-16)
out=$cache/zfs-vm/modules/$key
if [ -f "$out/.ok" ]; then echo "$out"; exit 0; fi

echo "ZFS modules: none cached for zfs-dkms $ZFS_VERSION and kernel $KVER; building them (minutes)" >&2
fetch_debs "$cache" "zfs-dkms=$ZFS_VERSION"
work=$(mktemp -d "$cache/zfs-vm/modules-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$(deb_path "$cache" zfs-dkms "$ZFS_VERSION")" "$work/src"
src=$work/src/usr/src/zfs-${ZFS_VERSION%%-*}
(
  cd "$src"
  # Only the kernel half: the user-space tools come from Debian's zfsutils-linux.
  echo "ZFS modules: configuring the source (about a minute)" >&2
  ./configure --with-config=kernel \
    --with-linux="/usr/src/linux-headers-$KVER_COMMON" \
    --with-linux-obj="/usr/src/linux-headers-$KVER" >"$work/configure.log" 2>&1 \
    || { tail -30 "$work/configure.log" >&2; exit 1; }
  total=$(find module -name '*.[cS]' -not -path '*/freebsd/*' | wc -l)
  echo "ZFS modules: compiling about $total files on $(nproc) cores" >&2
  make -C module -j"$(nproc)" 2>&1 | tee "$work/make.log" | compile_progress 25 "$total" 'ZFS modules' \
    || { tail -30 "$work/make.log" >&2; exit 1; }
)
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
find "$src/module" -name '*.ko' -exec cp {} "$out.tmp/" \;
strip --strip-debug "$out.tmp"/*.ko
test -f "$out.tmp/zfs.ko" && test -f "$out.tmp/spl.ko" || { echo "zfs.ko/spl.ko missing after the build" >&2; exit 1; }
: >"$out.tmp/.ok"
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out"
