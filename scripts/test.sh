#!/usr/bin/env bash
# Runs every test: first the quality gate (formatting; clippy with warnings denied, natively and
# for wasm32, which also checks the browser code compiles; rustdoc with warnings denied), then
# native unit + integration tests, doc tests, the release build of the site, and the end-to-end
# tests in headless Chromium (at / and under a sub-path, online and offline).
# Installs what is missing first (scripts/setup.sh), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh --browser

step "quality gate: formatting (cargo fmt --check)"
cargo fmt --check

step "quality gate: clippy, warnings denied (native, then wasm32)"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --bins -- -D warnings

step "quality gate: documentation, warnings denied (cargo doc)"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps

step "native tests (cargo test)"
cargo test --quiet

step "build the site (scripts/build-site.sh: relative URLs, works at any path)"
scripts/build-site.sh "${PUBLIC_URL:-./}"

step "end-to-end tests in headless Chromium"
# One file at a time: each file drives its own Chromium with several workers, and files run
# side by side on a small machine slow each other past the tests' waits.
node --test --test-concurrency=1 tests/e2e/

step "benchmark harness, smoke run on the sample (bench/run.py --smoke; figures not checked)"
python3 bench/run.py --smoke
