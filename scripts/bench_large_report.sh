#!/usr/bin/env bash
# One large report: 5 MB of repeated level-2 headings, with 50,000 tags
# (100 names, repeated), checked and built. Every stage must be linear in
# the size of one report (issue 12): 20,000 identical headings once took
# 75 s to build, and 20,000 tags over two minutes. Part of scripts/bench.sh;
# runs alone too:
#
#   scripts/bench_large_report.sh [MEGABYTES]    (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-5}
missing=()
for tool in hyperfine python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench_large_report.sh: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "bench_large_report.sh: missing ${missing[*]}: install them (Debian packages of the same names)" >&2
    exit 1
  fi
fi
cargo build --release --quiet --bin retrospect
bin=$PWD/target/release/retrospect
site=$PWD/target/bench/large-report-$megabytes
out_root=$PWD/target/bench
[ -d /dev/shm ] && [ -w /dev/shm ] && out_root=/dev/shm/retrospect-bench && mkdir -p "$out_root"
trap 'rm -rf "$out_root/out-large"' EXIT
# The report is made again when this script (which makes it) changed.
made_by=$(sha256sum "$0" | cut -d' ' -f1)
stamp=
if [ -f "$site/.generated" ]; then stamp=$(cat "$site/.generated"); fi
if [ ! -f "$site/reports/2025-03-14-large.md" ] || [ "$stamp" != "$made_by" ]; then
  rm -rf "$site"
  mkdir -p "$site/reports"
  awk -v bytes=$((megabytes * 1024 * 1024)) 'BEGIN {
    printf "---\ntitle: A very long report\ndate: 2025-03-14\nseverity: minor\nstatus: draft\nstarted: \"09:00\"\ntags: ["
    for (i = 0; i < 50000; i++) printf "%stag-%d", (i ? ", " : ""), i % 100
    printf "]\n---\n"
    line = "## What happened\n\nThe same section again, and again.\n\n"
    for (n = 0; n < bytes; n += length(line)) printf "%s", line
  }' > "$site/reports/2025-03-14-large.md"
  echo "$made_by" >"$site/.generated"
fi
echo "large report: $(du -h "$site/reports/2025-03-14-large.md" | cut -f1), $(grep -c '^## ' "$site/reports/2025-03-14-large.md") headings, 50,000 tags (100 names)"
hyperfine --warmup 1 --runs 5 --style basic --export-json "$out_root/large-report.json" \
  --prepare "rm -rf $out_root/out-large" \
  --command-name "check, one ${megabytes} MB report" "$bin check $site --today 2026-01-15" \
  --command-name "build --no-search, one ${megabytes} MB report" "$bin build $site --out $out_root/out-large --today 2026-01-15 --no-search" \
  --command-name "build with search, one ${megabytes} MB report" "$bin build $site --out $out_root/out-large --today 2026-01-15"
rm -rf "$out_root/out-large"
# Medians and spread, as BENCHMARKS.md reports them.
python3 - "$out_root/large-report.json" <<'PY'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    t = r["times"]
    print(f"{r['command']}: median {statistics.median(t):.3f} s (min {min(t):.3f}, max {max(t):.3f}, {len(t)} runs)")
PY
