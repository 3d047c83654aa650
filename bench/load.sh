#!/usr/bin/env bash
# Load benchmark (issue: foundation): native crimelab parse vs pandas.read_csv on the same file in
# the same run, then the browser (headless Chromium) from file chosen to dataset card.
#
# usage: bench/load.sh [FILE]      (default: generates target/bench/full.csv, ~254 MB, if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
file=${1:-target/bench/full.csv}
if [ ! -f "$file" ]; then
  mkdir -p "$(dirname "$file")"
  python3 bench/make_full_export.py "$file"
fi
cargo build --release --quiet
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pandas
fi
"$venv/bin/python" bench/load_vs_pandas.py "$file"
if [ -d dist ] && command -v chromium >/dev/null; then
  node bench/browser_load.mjs "$file" --runs 3
  node bench/browser_load.mjs "$file" --runs 1 --memory
else
  echo "(browser run skipped: build the app with scripts/run.sh or trunk build --release, and install chromium)"
fi
