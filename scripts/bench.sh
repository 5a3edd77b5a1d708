#!/usr/bin/env bash
# Reproduces the figures in BENCHMARKS.md on the generated corpus.
#
#   scripts/bench.sh [COUNT]        (default 10000 reports)
#
# Installs hyperfine, GNU time and Hugo if they are missing (Debian),
# builds in release mode, generates the corpus once into target/bench/,
# then measures, in one run:
#   - check of the whole site and of one file in it;
#   - a full internal build with highlighting, and the same content built by
#     Hugo with a minimal equivalent template and highlighting on;
#   - peak memory of each;
#   - search: the index built from the model against Pagefind's command line
#     over the built HTML, a whole build with and without search, and the
#     first query on a cold search page in headless Chromium (10,000
#     reports and the example site).
#   - serve's rebuild after one saved report (examples/serve_rebuild.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}

missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --release --quiet --bin retrospect --example gen_corpus --example serve_rebuild
bin=$PWD/target/release/retrospect
bench=$PWD/target/bench
# Builds write to memory (tmpfs) when the machine has one, for both tools:
# on a disk, deleting and re-creating 10,000 folders between runs makes the
# file system slower run after run, which measures the disk, not the tools.
out_root=$bench
[ -d /dev/shm ] && [ -w /dev/shm ] && out_root=/dev/shm/retrospect-bench && mkdir -p "$out_root"
corpus=$bench/corpus-$count
[ -d "$corpus" ] || target/release/examples/gen_corpus "$count" "$corpus"
one=$(find "$corpus/reports" -name '*.md' | sort | sed -n "$((count / 2 + 1))p")

# The same reports as a Hugo site: a minimal template with what a report
# page shows (title, date, severity, summary, services, body) and Hugo's
# class-based highlighting, plus the list and tag pages Hugo makes anyway.
hugo_site=$bench/hugo-$count
if [ ! -d "$hugo_site" ]; then
  mkdir -p "$hugo_site/content" "$hugo_site/layouts/_default"
  cp -r "$corpus/reports" "$hugo_site/content/reports"
  cat > "$hugo_site/hugo.toml" <<'TOML'
baseURL = "https://incidents.example/"
title = "Generated corpus"
disableKinds = ["RSS"]
[markup.highlight]
  codeFences = true
  noClasses = false
[markup.goldmark.renderer]
  unsafe = false
TOML
  cat > "$hugo_site/layouts/_default/baseof.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title><link rel="stylesheet" href="/style.css"></head>
<body><header><a href="/">{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
  cat > "$hugo_site/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2 January 2006" }} · {{ .Params.severity }} · {{ .Params.status }}</p>
<p>{{ .Params.summary }}</p><ul>{{ range .Params.services }}<li>{{ . }}</li>{{ end }}</ul>
{{ .TableOfContents }}{{ .Content }}</article>{{ end }}
HTML
  cat > "$hugo_site/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
HTML
fi

echo "corpus: $count reports, $(du -sh "$corpus/reports" | cut -f1), $(nproc) cores, $(hugo version | cut -d' ' -f1-2)"
hyperfine --warmup 2 --runs 10 --style basic \
  --command-name "check, $count reports" "$bin check $corpus --today 2026-01-15" \
  --command-name "check, one file of $count" "$bin check $one --today 2026-01-15"
hyperfine --warmup 1 --runs 5 --style basic \
  --prepare "rm -rf $out_root/out-retrospect $out_root/out-hugo" \
  --command-name "retrospect build --no-search, $count reports" "$bin build $corpus --out $out_root/out-retrospect --today 2026-01-15 --no-search" \
  --command-name "hugo, $count reports" "hugo --quiet --source $hugo_site --destination $out_root/out-hugo"
hyperfine --warmup 2 --runs 10 --style basic \
  --prepare "rm -rf $out_root/out-example" \
  --command-name "retrospect build, example site" "$bin build example-reports --out $out_root/out-example --today 2026-01-15"
/usr/bin/time -f "peak memory, check of $count reports: %M KB" "$bin" check "$corpus" --today 2026-01-15 >/dev/null
/usr/bin/time -f "peak memory, check of one file: %M KB" "$bin" check "$one" --today 2026-01-15 >/dev/null
rm -rf "$out_root/out-retrospect" "$out_root/out-hugo"
/usr/bin/time -f "peak memory, retrospect build --no-search of $count reports: %M KB" "$bin" build "$corpus" --out "$out_root/out-retrospect" --today 2026-01-15 --no-search >/dev/null
/usr/bin/time -f "peak memory, hugo build of $count reports: %M KB" hugo --quiet --source "$hugo_site" --destination "$out_root/out-hugo" >/dev/null
echo "pages: retrospect $(find "$out_root/out-retrospect" -name '*.html' | wc -l) ($(du -sh "$out_root/out-retrospect" | cut -f1)), hugo $(find "$out_root/out-hugo" -name '*.html' | wc -l) ($(du -sh "$out_root/out-hugo" | cut -f1))"
rm -rf "$out_root/out-retrospect" "$out_root/out-hugo" "$out_root/out-example"
echo "serve: rebuild after one saved report, $count reports"
target/release/examples/serve_rebuild "$corpus" 20

# ---------------------------------------------------------------- Search
# Pagefind's command line from npm, pinned to the version of the crate:
# the usual static-site setup (Hugo, then Pagefind over the HTML).
pagefind_version=1.6.0
pf_dir=$bench/pagefind-cli-$pagefind_version
pf=$pf_dir/node_modules/.bin/pagefind
if [ ! -x "$pf" ]; then
  mkdir -p "$pf_dir"
  (cd "$pf_dir" && npm install --silent --no-audit --no-fund "pagefind@$pagefind_version" >/dev/null)
fi
cargo build --release --quiet --example search_index
# The HTML the command line indexes: this build's own pages, without an index.
rm -rf "$out_root/site-html"
"$bin" build "$corpus" --out "$out_root/site-html" --today 2026-01-15 --no-search >/dev/null
hyperfine --warmup 1 --runs 3 --style basic \
  --prepare "rm -rf $out_root/pf-out" \
  --command-name "search index from the model (read, validate, index), $count reports" "target/release/examples/search_index $corpus" \
  --command-name "pagefind CLI over the built HTML, every page" "$pf --site $out_root/site-html --output-path $out_root/pf-out" \
  --command-name "pagefind CLI over the built HTML, report pages only" "$pf --site $out_root/site-html --glob 'reports/*/index.html' --output-path $out_root/pf-out"
/usr/bin/time -f "peak memory, search index from the model: %M KB" target/release/examples/search_index "$corpus"
rm -rf "$out_root/pf-out"
/usr/bin/time -f "peak memory, pagefind CLI over every page: %M KB" "$pf" --site "$out_root/site-html" --output-path "$out_root/pf-out" >/dev/null
hyperfine --warmup 1 --runs 3 --style basic \
  --prepare "rm -rf $out_root/out-retrospect" \
  --command-name "retrospect build with search, $count reports" "$bin build $corpus --out $out_root/out-retrospect --today 2026-01-15" \
  --command-name "retrospect build --no-search, $count reports" "$bin build $corpus --out $out_root/out-retrospect --today 2026-01-15 --no-search"
rm -rf "$out_root/out-retrospect"
/usr/bin/time -f "peak memory, retrospect build with search of $count reports: %M KB" "$bin" build "$corpus" --out "$out_root/out-retrospect" --today 2026-01-15 >/dev/null
# The first query on a cold page, in Debian's Chromium (scripts/test.sh
# installs it), on the large site and on the example site
# (examples/search_first_query.rs; it fails when a query finds nothing).
cargo build --release --quiet --example search_first_query
# Three rounds: each query opens a new browser, and a single round of a
# few hundred milliseconds is noisy.
echo "cold first query, $count reports, three rounds"
target/release/examples/search_first_query "$out_root/out-retrospect" "database,failover timeout,certificate" 3
rm -rf "$out_root/out-example"
"$bin" build example-reports --out "$out_root/out-example" --today 2026-01-15 >/dev/null
echo "cold first query, example site"
target/release/examples/search_first_query "$out_root/out-example" database,pgbouncer | grep -E '^query'
rm -rf "$out_root/out-retrospect" "$out_root/out-example" "$out_root/site-html" "$out_root/pf-out"

# ---------------------------------------------------------------- One large report
scripts/bench_large_report.sh 5
