#!/bin/bash
# Builds the OpenZFS + LIO test VM from Debian packages: the Debian kernel, an initramfs
# with busybox, the ZFS modules (build-modules.sh), zfsutils-linux and its libraries, the
# kernel's LIO and virtio modules, and dropbear as the SSH command channel.
#   build-vm.sh CACHE_DIR  ->  prints the directory holding vmlinuz, initrd.img,
#                              client_key (root's SSH key) and host_key.pub
# The result lives under CACHE_DIR/zfs-vm/image/<key>; the key hashes every package
# version, this recipe, the rootfs overlay and the modules' key, so an unchanged input set
# is never rebuilt. Host tools needed: cpio, kmod (depmod), dropbear-bin (dropbearkey and
# dropbear's libraries), ssh-keygen, and linux-headers-amd64 for the modules.
set -euo pipefail
cache=${1:?usage: build-vm.sh CACHE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/versions.sh"

for tool in cpio depmod dropbearkey ssh-keygen; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (make zfs-vm installs cpio kmod dropbear-bin openssh-client)" >&2; exit 1; }
done

modules=$("$here/build-modules.sh" "$cache")
packages=(
  "linux-image-$KVER=$KERNEL_VERSION"
  "zfsutils-linux=$(candidate zfsutils-linux)"
  "libzfs4linux=$(candidate libzfs4linux)"
  "libnvpair3linux=$(candidate libnvpair3linux)"
  "libuutil3linux=$(candidate libuutil3linux)"
  "libzpool5linux=$(candidate libzpool5linux)"
  "busybox-static=$(candidate busybox-static)"
)
key=$( { printf '%s\n' "${packages[@]}" "dropbear $(dpkg-query -W -f='${Version}' dropbear-bin)" "modules $(basename "$modules")";
         cd "$here" && find build-vm.sh rootfs -type f | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -c1-16)
out=$cache/zfs-vm/image/$key
if [ -f "$out/.ok" ]; then echo "$out"; exit 0; fi

echo "ZFS test VM: making its image (kernel, ZFS modules and tools, LIO, dropbear)" >&2
fetch_debs "$cache" "${packages[@]}"
work=$(mktemp -d "$cache/zfs-vm/image-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage=$work/stage root=$work/root
for spec in "${packages[@]}"; do dpkg-deb -x "$(deb_path "$cache" "${spec%%=*}" "${spec#*=}")" "$stage"; done

mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,root/.ssh,var/log,etc/dropbear,etc/zfs,lib/udev,usr/bin,usr/sbin,lib64}
cp "$stage/bin/busybox" "$root/bin/busybox"
cp -a "$here/rootfs/." "$root/"
chmod 755 "$root/init" "$root/lib/mdev/"*

# Kernel modules: the ones /etc/modules names plus everything they depend on, resolved by
# kmod against the Debian kernel's own modules.dep, then the ZFS modules under extra/.
kmods=$root/lib/modules/$KVER
depmod -b "$stage" "$KVER"
mapfile -t wanted < <(grep -v '^#' "$here/rootfs/etc/modules" | grep -v -e '^spl$' -e '^zfs$')
for m in "${wanted[@]}"; do
  modprobe -d "$stage" -S "$KVER" --show-depends "$m" | awk '$1 == "insmod" { print $2 }' \
    || { echo "kernel module $m is not in linux-image-$KVER" >&2; exit 1; }
done | sort -u | while read -r ko; do
  rel=${ko#"$stage"/lib/modules/$KVER/}
  mkdir -p "$kmods/$(dirname "$rel")" && cp "$ko" "$kmods/$rel"
done
mkdir -p "$kmods/extra" && cp "$modules"/*.ko "$kmods/extra/"
cp "$stage/lib/modules/$KVER/modules.order" "$stage/lib/modules/$KVER/modules.builtin"* "$kmods/"
depmod -b "$root" "$KVER"

# User space: zfs, zpool and zvol_id from the zfsutils-linux package, dropbear from the
# host's dropbear-bin (same Debian release), and every library they load.
cp "$stage/sbin/zfs" "$stage/sbin/zpool" "$root/sbin/"
cp "$stage/lib/udev/zvol_id" "$root/lib/udev/"
cp "$(command -v dropbear || echo /usr/sbin/dropbear)" "$root/usr/sbin/dropbear"
deps=$(LD_LIBRARY_PATH="$stage/lib/x86_64-linux-gnu:$stage/usr/lib/x86_64-linux-gnu" \
  ldd "$root/sbin/zfs" "$root/sbin/zpool" "$root/lib/udev/zvol_id" "$root/usr/sbin/dropbear")
if grep -q 'not found' <<<"$deps"; then
  echo "libraries missing on this machine (install their Debian packages):" >&2; grep 'not found' <<<"$deps" >&2; exit 1
fi
libs=$(awk '/=> \// { print $3 } /^\t\/lib64/ { print $1 }' <<<"$deps" | sort -u)
for lib in $libs; do
  case $lib in
    "$stage"/*) dest=${lib#"$stage"} ;;
    *) dest=$(readlink -f "$lib" | sed 's|^/usr/lib/|/lib/|'); dest=$(dirname "$dest")/$(basename "$lib") ;;
  esac
  mkdir -p "$root$(dirname "$dest")" && cp -L "$lib" "$root$dest"
done
# glibc loads libgcc_s by itself when a thread exits or is cancelled; ldd cannot see that.
cp -L /lib/x86_64-linux-gnu/libgcc_s.so.1 "$root/lib/x86_64-linux-gnu/"
[ -e "$root/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
[ -e "$root/usr/lib" ] || ln -s ../lib "$root/usr/lib"
ln -sfn /proc/mounts "$root/etc/mtab"
ln -sfn /run "$root/var/run"
printf '%s\n' /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu >"$root/etc/ld.so.conf"
ldconfig -r "$root"

# Keys made once per image: the test's known_hosts pins this host key (StrictHostKeyChecking),
# and only this client key may log in as root.
dropbearkey -t ed25519 -f "$root/etc/dropbear/dropbear_ed25519_host_key" >/dev/null 2>&1
ssh-keygen -q -t ed25519 -N '' -C infinity-zfs-vm -f "$work/client_key"
cp "$work/client_key.pub" "$root/root/.ssh/authorized_keys"
chmod 700 "$root/root" "$root/root/.ssh" && chmod 600 "$root/root/.ssh/authorized_keys"

echo "ZFS test VM: packing the initramfs" >&2
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) | gzip -1 >"$out.tmp/initrd.img"
cp "$stage/boot/vmlinuz-$KVER" "$out.tmp/vmlinuz"
cp "$work/client_key" "$out.tmp/client_key" && chmod 600 "$out.tmp/client_key"
dropbearkey -y -f "$root/etc/dropbear/dropbear_ed25519_host_key" | grep '^ssh-ed25519' | cut -d' ' -f1,2 >"$out.tmp/host_key.pub"
printf '%s\n' "${packages[@]}" "modules $(basename "$modules")" >"$out.tmp/inputs.txt"
: >"$out.tmp/.ok"
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out"
