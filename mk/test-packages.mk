# Debian packages the server drives when it has them: tgtd serves drives over iSCSI (the
# server says at start what is off when a tool is missing). `make run` installs them.
SERVER_PACKAGES := tgt
# Debian packages the integration tests drive for real: tgtd and libiscsi's initiator tools
# (iSCSI export tests), QEMU's iSCSI initiator (qemu-io, qemu-img), XFS for reflink pools.
TEST_PACKAGES := $(SERVER_PACKAGES) libiscsi-bin qemu-utils qemu-block-extra xfsprogs e2fsprogs util-linux

.PHONY: server-packages test-packages

# Installs the packages of $(1) that dpkg does not list as installed (nothing to do: no apt).
define apt_install_missing
	@missing=$$(for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; fi
endef

server-packages:
	$(call apt_install_missing,$(SERVER_PACKAGES))

test-packages:
	$(call apt_install_missing,$(TEST_PACKAGES))

test-integration: test-packages
