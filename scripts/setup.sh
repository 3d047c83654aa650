#!/usr/bin/env bash
# Installs everything Crime Lab needs to build, serve and test, each tool only when missing.
# Nothing here downloads prebuilt binaries: Rust tools come from crates.io, wasm-opt and the
# browser driver from npm, Chromium from Debian.
#
# usage: scripts/setup.sh [--browser]    (--browser also installs Chromium and playwright-core)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

# 1. The wasm32 target.
if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 1b. rustfmt and clippy, for the quality gate of scripts/test.sh.
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^${component}-"; then
    log "adding the ${component} component"
    rustup component add "$component"
  fi
done

# 2. Trunk (0.21: 0.22 needs a newer rustc than this machine's).
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  log "installing trunk 0.21 from crates.io (takes several minutes)"
  cargo install --locked trunk --version '~0.21'
fi

# 3. wasm-bindgen-cli at exactly the version Cargo.lock pins (the two must match).
[ -f Cargo.lock ] || cargo generate-lockfile
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${bindgen_version}\$"; then
  log "installing wasm-bindgen-cli ${bindgen_version} from crates.io"
  # --locked fails here: one dependency locked upstream is missing from the registry.
  cargo install wasm-bindgen-cli --version "=${bindgen_version}" --force
fi

# 4. npm tools: wasm-opt (binaryen; Debian's 108 miscompiles our module), playwright-core,
#    axe-core and Lighthouse (the accessibility checks) and DuckDB-WASM (the benchmark's browser
#    reference), at the versions package-lock.json pins; again whenever it changed.
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
  { [ "$want_browser" = 1 ] && { [ ! -d node_modules/playwright-core ] || [ ! -f node_modules/axe-core/axe.min.js ] ||
    [ ! -d node_modules/lighthouse ]; }; }; then
  log "installing npm packages (binaryen, playwright-core, axe-core, lighthouse, @duckdb/duckdb-wasm)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 5. Chromium from Debian, for the end-to-end tests and benchmarks.
if [ "$want_browser" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  log "installing Debian chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

# Trunk is offline and finds wasm-bindgen and wasm-opt through these variables.
log "tools ready: $(trunk --version), wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), wasm-opt $(wasm-opt --version | awk '{print $3}')"
