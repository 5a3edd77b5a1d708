#!/usr/bin/env bash
# Reproduces the figures in BENCHMARKS.md on the generated corpus.
#
#   scripts/bench.sh [COUNT]        (default 10000 reports)
#
# Installs hyperfine and GNU time if they are missing (Debian), builds in
# release mode, generates the corpus once into target/bench/, then times
# `check` of the whole site and of one file in it, and measures peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need hyperfine hyperfine
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build --release --quiet --bin retrospect --example gen_corpus
bin=target/release/retrospect
corpus=target/bench/corpus-$count
[ -d "$corpus" ] || target/release/examples/gen_corpus "$count" "$corpus"
one=$(find "$corpus/reports" -name '*.md' | sort | sed -n "$((count / 2 + 1))p")

echo "corpus: $count reports, $(du -sh "$corpus/reports" | cut -f1), $(nproc) cores"
hyperfine --warmup 2 --runs 10 --style basic \
  --command-name "check, $count reports" "$bin check $corpus --today 2026-01-15" \
  --command-name "check, one file of $count" "$bin check $one --today 2026-01-15"
/usr/bin/time -f "peak memory, check of $count reports: %M KB" "$bin" check "$corpus" --today 2026-01-15 >/dev/null
/usr/bin/time -f "peak memory, check of one file: %M KB" "$bin" check "$one" --today 2026-01-15 >/dev/null
