#!/usr/bin/env bash
# Builds the static site into dist/: the release app and its workers, the bundled data, the
# manifest and icons, and the service worker with the list of files it keeps for offline use
# (Trunk's post-build hook, scripts/post-build.mjs). The one build that scripts/run.sh,
# scripts/test.sh and the GitHub Pages workflow use.
#
# usage: scripts/build-site.sh [PUBLIC_URL]
#   PUBLIC_URL  where the site's files are served from; the default, ./, makes every URL relative,
#               so the same build works at / and under any sub-path (https://USER.github.io/REPO/).
#               Give an absolute path (/REPO/) only for a site that must be served from there.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
exec trunk build --release --public-url "${1:-./}"
