# The OpenZFS + LIO test VM (test/e2e/zfs/vm): a Debian kernel, ZFS modules compiled from
# zfs-dkms, zfsutils-linux, LIO and dropbear in an initramfs booted under QEMU TCG. The
# modules and the image are cached under $(CACHE_DIR)/zfs-vm, keyed by package versions
# and the recipes, so only the first run compiles (minutes); later runs take seconds.
ZFS_VM_DIR := test/e2e/zfs/vm
# Host tools: QEMU and the initiators for the tests, headers for the module build, and
# what build-vm.sh packs the image with.
ZFS_VM_PACKAGES := qemu-system-x86 qemu-utils qemu-block-extra libiscsi-bin linux-headers-amd64 \
  build-essential cpio kmod fdisk dropbear-bin openssh-client
ZFS_VM_CONTRIB := /etc/apt/sources.list.d/infinity-contrib.sources

.PHONY: zfs-vm zfs-vm-deps

zfs-vm-deps:
	@missing=$$(for p in $(ZFS_VM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; fi
	@# zfs-dkms and zfsutils-linux live in Debian's contrib, which default sources omit.
	@# (Output captured first: under pipefail, grep -q closing the pipe early fails apt-cache.)
	@# The mirror is the one the machine's own Debian source names: contrib from the same place.
	@policy=$$(apt-cache policy zfs-dkms); if ! grep -q 'Candidate: [0-9]' <<<"$$policy"; then \
	  uris=$$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1); \
	  [ -n "$$uris" ] || uris=$$(sed -n 's/^deb \(\[[^]]*\] \)\?\([^ ]*\) bookworm .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1); \
	  [ -n "$$uris" ] || { echo 'no Debian source found in /etc/apt to add contrib (zfs-dkms) from' >&2; exit 1; }; \
	  printf '%s\n' 'Types: deb' "URIs: $$uris" 'Suites: bookworm bookworm-updates' \
	    'Components: contrib' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' > $(ZFS_VM_CONTRIB); \
	  apt-get update; fi

# The script finds a cached build by its key and prints its directory, so this is cheap to repeat.
zfs-vm: zfs-vm-deps
	CACHE_DIR=$(CACHE_DIR) bash $(ZFS_VM_DIR)/build-vm.sh $(CACHE_DIR)

# test/e2e/zfs boots the VM: the artefacts must exist first (a cold build takes minutes).
test-integration: zfs-vm
