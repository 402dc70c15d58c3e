#!/bin/sh
# ormsh benchmark: ormsh vs a hand-written rusqlite program vs the SQLAlchemy ORM.
# Builds both Rust programs in release, then runs bench/run.py (see its header).
#   bench/run.sh            full run: n = 100 000, 5 interleaved rounds (minutes)
#   bench/run.sh --quick    CI smoke run: n = 10 000, 2 rounds
# Results: printed as a Markdown table; also bench-out/last.{md,json}.
set -eu
cd "$(dirname "$0")/.."
mkdir -p bench-out
exec python3 bench/run.py --json bench-out/last.json --markdown bench-out/last.md "$@"
