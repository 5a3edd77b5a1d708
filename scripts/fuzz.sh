#!/usr/bin/env bash
# Fuzzes Retrospect: builds the cargo-fuzz targets in fuzz/ and runs each in
# turn, one job at a time, for SECONDS (default 60).
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Targets: front_matter, body, time, config, report (a whole report through
# `check` and the public render). Each target's corpus, fuzz/corpus/TARGET,
# is seeded first from example-reports/ and tests/fixtures/ (reports,
# retrospect.yaml files, the dates and times they hold); what libFuzzer
# adds is kept there between runs (it is not committed). A crash stops the
# script with libFuzzer's report, the input saved under fuzz/artifacts/;
# turn it into a regression test beside the code it broke (SECURITY.md).
# Needs the nightly toolchain and cargo-fuzz (scripts/test.sh installs
# cargo-fuzz when it is missing). FUZZ_BUILD sets cargo-fuzz's build
# options (default `--release`, with AddressSanitizer).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    targets=(front_matter body time config report)
fi

seed() { # target, files...
    local dir="fuzz/corpus/$1"
    shift
    mkdir -p "$dir"
    local file
    for file in "$@"; do
        # Named by content, so seeding again adds nothing twice.
        cp "$file" "$dir/seed-$(sha1sum "$file" | cut -c1-16)"
    done
}

mapfile -t reports < <(find example-reports tests/fixtures -name '*.md' -type f | sort)
mapfile -t configs < <(find example-reports tests/fixtures templates/init -name '*.yaml' -type f | sort)
seed front_matter "${reports[@]}"
seed body "${reports[@]}"
seed report "${reports[@]}"
seed config "${configs[@]}"
# The times and dates the reports hold, one per file.
times=$(mktemp -d)
grep -rhoE '(date|started|detected|mitigated|resolved|at|due|timezone): *"?[^"#]+"?' \
    example-reports tests/fixtures 2>/dev/null |
    sed -E 's/^[a-z]+: *//; s/^"//; s/"$//' | sort -u | head -500 |
    while IFS= read -r value; do
        printf '%s' "$value" >"$times/$(printf '%s' "$value" | sha1sum | cut -c1-16)"
    done
seed time "$times"/*
rm -rf "$times"

# FUZZ_BUILD: cargo-fuzz's build options (default: a release build with
# AddressSanitizer; scripts/test.sh uses "--dev --sanitizer none").
read -r -a build <<<"${FUZZ_BUILD:---release}"
cargo +nightly fuzz build "${build[@]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in "${targets[@]}"; do
    echo "== fuzz $target for ${seconds}s"
    if ! cargo +nightly fuzz run "${build[@]}" "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
        -print_final_stats=1 >"$log" 2>&1; then
        tail -n 80 "$log" >&2
        echo "fuzz.sh: $target failed; the input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
done
