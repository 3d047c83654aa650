#!/usr/bin/env bash
# Runs every test: native unit + integration tests, doc tests, a wasm32 check of the whole
# crate, the release build of the site, and the end-to-end tests in headless Chromium (at / and
# under a sub-path, online and offline).
# Installs what is missing first (scripts/setup.sh), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh --browser

step "native tests (cargo test)"
cargo test --quiet

step "wasm32 check"
cargo check --quiet --target wasm32-unknown-unknown --lib --bins

step "build the site (scripts/build-site.sh: relative URLs, works at any path)"
scripts/build-site.sh "${PUBLIC_URL:-./}"

step "end-to-end tests in headless Chromium"
node --test tests/e2e/

step "benchmark harness, smoke run on the sample (bench/run.py --smoke; figures not checked)"
python3 bench/run.py --smoke
