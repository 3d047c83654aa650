#!/usr/bin/env bash
# Builds the release app and serves it on http://127.0.0.1:8080 (the sample is bundled).
# Installs what is missing first (scripts/setup.sh), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
scripts/setup.sh
exec trunk serve --release "$@"
