# Debian packages the integration tests drive for real: tgtd and libiscsi's initiator tools
# (iSCSI export tests), QEMU's iSCSI initiator (qemu-io, qemu-img), XFS for reflink pools.
TEST_PACKAGES := tgt libiscsi-bin qemu-utils qemu-block-extra xfsprogs e2fsprogs util-linux

.PHONY: test-packages

test-packages:
	@missing=$$(for p in $(TEST_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; fi

test-integration: test-packages
