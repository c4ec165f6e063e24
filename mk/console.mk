# The Admin Console: its own npm project in server/console, built by Vite into
# server/console/dist, which the server serves at /console and pkg carries into the
# executable. It is rebuilt only when its sources or locked dependencies change.
CONSOLE_DIR := server/console
CONSOLE_INSTALLED := $(CONSOLE_DIR)/node_modules/.package-lock.json
# The console also imports from lib/ (sizes, vocabularies, wire types): a change there rebuilds it.
CONSOLE_SOURCES := $(shell find $(CONSOLE_DIR)/src $(CONSOLE_DIR)/public -type f 2>/dev/null) \
  $(shell find lib -name '*.ts' -not -name '*.test.ts') \
  $(addprefix $(CONSOLE_DIR)/,index.html vite.config.ts tsconfig.json package.json)
CONSOLE_BUILT := $(CONSOLE_DIR)/dist/index.html

.PHONY: console

# The root install comes first: it brings the pinned Node that npm and Vite run on.
$(CONSOLE_INSTALLED): $(CONSOLE_DIR)/package-lock.json | deps
	cd $(CONSOLE_DIR) && npm ci --no-audit --no-fund
	touch $@

$(CONSOLE_BUILT): $(CONSOLE_SOURCES) $(CONSOLE_INSTALLED)
	cd $(CONSOLE_DIR) && node_modules/.bin/tsc -p tsconfig.json && node_modules/.bin/vite build --logLevel warn
	touch $@

console: $(CONSOLE_BUILT)

build: console

# The browser tests drive Debian's chromium through playwright-core (never a downloaded browser).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core

test-integration: $(CHROMIUM)

# The executable carries the console's files (pkg.assets), so a new console build repacks it.
dist/infinity: $(CONSOLE_BUILT)

# The bench opens the console in the same headless chromium.
bench: $(CHROMIUM)
