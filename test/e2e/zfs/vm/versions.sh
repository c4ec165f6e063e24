# Sourced by the VM recipes: which Debian packages go in, and how to fetch them.
# The kernel is whatever linux-headers-amd64 currently points to (the headers must be
# installed for the module build); every other package is apt's candidate version.
KVER=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null | sed -n 's/^linux-headers-\([^ ,]*\).*/\1/p')
[ -n "$KVER" ] || { echo "linux-headers-amd64 is not installed (apt-get install --no-install-recommends linux-headers-amd64)" >&2; exit 1; }
KVER_COMMON=${KVER%-amd64}-common
KERNEL_VERSION=$(dpkg-query -W -f='${Version}' "linux-headers-$KVER")
# One apt-cache call for every package (each call costs about a second).
POLICY=$(apt-cache policy zfs-dkms zfsutils-linux libzfs4linux libnvpair3linux libuutil3linux libzpool5linux busybox-static)
candidate() {
  local v
  v=$(awk -v want="$1:" '$0 == want { on = 1; next } /^[^ ]/ { on = 0 } on && $1 == "Candidate:" { print $2; exit }' <<<"$POLICY")
  if [ -z "$v" ] || [ "$v" = "(none)" ]; then
    echo "Debian package $1 is not available: zfs packages are in contrib, add a contrib source (see DESIGN.md) and run apt-get update" >&2
    exit 1
  fi
  echo "$v"
}
ZFS_VERSION=$(candidate zfs-dkms)

deb_path() { # CACHE PACKAGE VERSION: the name apt-get download gives the file
  local arch=amd64
  [ "$2" = zfs-dkms ] && arch=all
  echo "$1/zfs-vm/debs/${2}_${3//:/%3a}_$arch.deb"
}

fetch_debs() { # CACHE PACKAGE=VERSION...
  local cache=$1 spec missing=()
  shift
  mkdir -p "$cache/zfs-vm/debs"
  for spec in "$@"; do
    [ -f "$(deb_path "$cache" "${spec%%=*}" "${spec#*=}")" ] || missing+=("$spec")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  # apt-get download writes into the current directory; as root it warns that _apt cannot
  # write there, which is harmless.
  (cd "$cache/zfs-vm/debs" && apt-get download -qq "${missing[@]}" 2>&1 | grep -v 'unsandboxed' >&2 || true)
  for spec in "${missing[@]}"; do
    [ -f "$(deb_path "$cache" "${spec%%=*}" "${spec#*=}")" ] || { echo "could not download $spec" >&2; exit 1; }
  done
}
