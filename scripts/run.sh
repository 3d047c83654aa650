#!/usr/bin/env bash
# Builds the site (scripts/build-site.sh) and serves dist/ on http://127.0.0.1:8080 with gzip, as
# a static host does (the sample is bundled). Installs what is missing first (scripts/setup.sh),
# so it works on a fresh machine.
#
# usage: scripts/run.sh [--port N] [--base /SUB/PATH/]    (--base serves it under a sub-path)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
scripts/setup.sh
scripts/build-site.sh
exec node tests/e2e/serve.mjs dist --port 8080 --gzip "$@"
