#!/bin/sh
# Run the cargo-fuzz targets of fuzz/ (issue 13) for a bounded time each.
#   scripts/fuzz_run.sh [SECONDS_PER_TARGET] [TARGET...]
# Defaults: 10 seconds, all four targets (parser schema_file url quoting).
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on the stable toolchain
# RUSTC_BOOTSTRAP=1 lets it use the nightly flags it needs. `-s none`: the
# code under test is safe Rust (a panic is the failure looked for) and
# SQLite's C is not ours to sanitize.
# Cost: the first build compiles every dependency in release with coverage
# instrumentation (45 minutes on the shared 2-core machine); after any change
# under src/ the ormsh crate alone is rebuilt (about 10 minutes there). With
# an up-to-date fuzz/target the runs cost SECONDS_PER_TARGET each.
# A crash leaves its input in fuzz/artifacts/<target>/ and the status non-zero:
# fix it at its root and keep the input in fuzz/regressions/<target>/ (every
# `cargo test` replays it, tests/fuzz_targets.rs). The targets' bodies are
# ormsh::fuzzing (src/fuzzing/).
set -eu
cd "$(dirname "$0")/../fuzz"
secs=${1:-10}
[ $# -gt 0 ] && shift
targets=${*:-parser schema_file url quoting}
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none >/dev/null
status=0
# seed_corpus TARGET: the committed seeds (the same tests/fuzz_targets.rs
# replays) and the kept crash inputs, copied into corpus/TARGET (never
# overwriting what earlier runs found)
seed_corpus() {
    mkdir -p "corpus/$1" "artifacts/$1"
    for f in "seeds/$1"/* "regressions/$1"/*; do [ -f "$f" ] && cp -n "$f" "corpus/$1/$(basename "$f")"; done
    case $1 in
        parser) for f in ../tests/cases/*.py ../tests/golden/*.py; do cp -n "$f" "corpus/$1/$(basename "$f")"; done ;;
        schema_file) for f in ../schemas/*.json ../tests/cases/schemas/*.json ../scripts/tools/sa_cases/*.json; do
                cp -n "$f" "corpus/$1/$(basename "$(dirname "$f")")-$(basename "$f")"; done ;;
    esac
    return 0
}
for t in $targets; do
    seed_corpus "$t"
    if ! nice -n 10 "target/x86_64-unknown-linux-gnu/release/$t" "corpus/$t" \
        -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="artifacts/$t/" 2>"artifacts/$t.log"; then
        echo "fuzz $t: CRASH (see fuzz/artifacts/$t.log)"
        status=1
    else
        echo "fuzz $t: $(grep -o 'number_of_executed_units: *[0-9]*' "artifacts/$t.log" | tr -s ' ') in ${secs}s, no crash"
    fi
done
exit $status
