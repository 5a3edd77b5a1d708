#!/usr/bin/env bash
# Reproduces the figures in BENCHMARKS.md on the generated corpus.
#
#   scripts/bench.sh [COUNT] [STEP...]      (default 10000 reports, the standard steps)
#   SHAPE=classic scripts/bench.sh ...      (the corpus of the first benchmarks;
#                                            the default is SHAPE=realistic)
#
# Standard steps, in this order when none is named:
#   check         check of the whole site and of one file in it; peak memory
#   build         a full build with highlighting against Hugo with a minimal
#                 equivalent template; the example site; peak memory
#   serve         serve's rebuild after one saved report (examples/serve_rebuild.rs),
#                 then the running server: start-up until it prints `serving`,
#                 and its `rebuilt in` lines for saves one second apart
#   search        the index built from the model against Pagefind's command line
#                 over the built HTML; a whole build with and without search
#   cold-query    the first query on a cold search page in headless Chromium
#                 (examples/search_first_query.rs)
#   large-report  one 5 MB report (scripts/bench_large_report.sh)
#   floor         the floor program (examples/floor.rs: read, YAML into a value,
#                 pulldown-cmark to HTML, one file per report) against
#                 `build --no-search` and `check`, in one paired run
#   rebuild       how many output files a rebuild writes again after one
#                 report's summary changed (the others are hard links to the
#                 previous build's files: same bytes, same mtime); the largest page
#
# One-offs, run only when named (each builds other versions of Retrospect
# in release mode, in folders under target/bench/oneoff, from `git archive`:
# the checkout itself is never changed; they need a git clone):
#   memo            the build of COUNT reports with and without the highlighter's
#                   line memo (the memo turned off by one constant, in a copy)
#   lto             the release build against the same with fat LTO and one codegen unit
#   callgrind       instructions of one `build --no-search` (valgrind), for each
#                   revision in REVS (default: this tree); BENCHMARKS.md's
#                   callgrind table was measured on 1,000 reports
#   pagefind-patch  the search index before the Pagefind patch, with it, and with
#                   ordinary pages (the commits BENCHMARKS.md names)
#
# Checks its tools first (hyperfine, GNU time, Hugo, npm, python3, git;
# valgrind for callgrind; Chromium and chromedriver for cold-query) and
# installs the missing ones on Debian when run as root, else stops and says
# which. Fails at the first error, with the error shown. Generates the
# corpus into target/bench/ and generates it again when
# examples/gen_corpus.rs changed or its files no longer match what was
# generated (a stamp beside the corpus: the generator's SHA-256, and the
# corpus's). Whatever it edits (the report the serve step saves) is
# restored on exit, however the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

count=10000
if [[ ${1:-} =~ ^[0-9]+$ ]]; then
  count=$1
  shift
fi
standard=(check build serve search cold-query large-report floor rebuild)
oneoffs=(memo lto callgrind pagefind-patch)
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=("${standard[@]}")
for step in "${steps[@]}"; do
  case " ${standard[*]} ${oneoffs[*]} " in
    *" $step "*) ;;
    *)
      echo "bench.sh: unknown step \`$step\`; steps: ${standard[*]}; one-offs: ${oneoffs[*]}" >&2
      exit 2
      ;;
  esac
done
wants() { case " ${steps[*]} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# ------------------------------------------------------------------ Cleanup
# Files the script changes are copied first and put back on exit; the
# folders it makes for one run are removed on exit.
backups=()
temporary=()
cleanup() {
  local status=$?
  for pair in "${backups[@]}"; do
    cp -p "${pair%%|*}" "${pair#*|}" && rm -f "${pair%%|*}"
  done
  for dir in "${temporary[@]}"; do
    rm -rf "$dir"
  done
  if [ "$status" -ne 0 ]; then
    echo "bench.sh: failed (exit $status); edited files restored" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Keeps a copy of FILE, put back when the script ends.
protect() {
  local copy
  copy=$(mktemp)
  cp -p "$1" "$copy"
  backups+=("$copy|$1")
}

# Runs a command, showing its output only if it fails.
quietly() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "bench.sh: failed: $*" >&2
    return 1
  fi
  rm -f "$log"
}

# -------------------------------------------------------------------- Tools
missing=()
reasons=()
need() { # command, Debian package, why
  if ! command -v "$1" >/dev/null 2>&1; then
    missing+=("$2")
    reasons+=("$1 ($3)")
  fi
}
need hyperfine hyperfine "timings"
need python3 python3 "medians"
need cargo cargo "building Retrospect (rustup.rs)"
if ! /usr/bin/time -f %M true >/dev/null 2>&1; then
  missing+=(time)
  reasons+=("/usr/bin/time (GNU time: peak memory)")
fi
if wants build; then need hugo hugo "the build comparison"; fi
if wants search; then need npm npm "Pagefind's command line"; fi
if wants callgrind; then need valgrind valgrind "instruction counts"; fi
if wants cold-query; then
  [ -x /usr/bin/chromium ] || { missing+=(chromium); reasons+=("/usr/bin/chromium (the cold query)"); }
  [ -x /usr/bin/chromedriver ] || { missing+=(chromium-driver); reasons+=("/usr/bin/chromedriver (the cold query)"); }
fi
for step in "${oneoffs[@]}"; do
  if wants "$step"; then need git git "one-offs build other versions"; fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench.sh: installing ${missing[*]}: $(printf '%s; ' "${reasons[@]}")"
    quietly apt-get update -qq
    quietly env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "bench.sh: missing: $(printf '%s; ' "${reasons[@]}")install ${missing[*]} (Debian), or run as root to let this script do it" >&2
    exit 1
  fi
fi

# ------------------------------------------------------------------- Corpus
cargo build --release --quiet --bin retrospect --example gen_corpus --example serve_rebuild --example floor
bin=$root/target/release/retrospect
bench=$root/target/bench
mkdir -p "$bench"
# Builds write to memory (tmpfs) when the machine has one, for both tools:
# on a disk, deleting and re-creating 10,000 folders between runs makes the
# file system slower run after run, which measures the disk, not the tools.
out_root=$bench
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  out_root=/dev/shm/retrospect-bench
  mkdir -p "$out_root"
fi
# The generator's shape (examples/gen_corpus.rs): realistic by default, or
# classic, the corpus of the first benchmarks; each in its own folder.
shape=${SHAPE:-realistic}
case $shape in
  realistic) corpus=$bench/corpus-$count ;;
  classic) corpus=$bench/corpus-classic-$count ;;
  *)
    echo "bench.sh: SHAPE is realistic or classic, not \`$shape\`" >&2
    exit 2
    ;;
esac

# What the corpus's files hash to, in a stable order.
corpus_hash() {
  (cd "$1" && find reports retrospect.yaml -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}
generator=$(cat examples/gen_corpus.rs examples/gen_corpus/*.rs | sha256sum | cut -d' ' -f1)
stamp=$corpus/.generated
if [ ! -f "$stamp" ] ||
  [ "$(sed -n 1p "$stamp")" != "gen_corpus $generator $count $shape" ] ||
  [ "$(sed -n 2p "$stamp")" != "corpus $(corpus_hash "$corpus")" ]; then
  echo "corpus: generating $count reports, $shape shape (none yet, the generator changed, or its files did)"
  rm -rf "$corpus"
  target/release/examples/gen_corpus "$count" "$corpus" --shape "$shape"
  printf 'gen_corpus %s %s %s\ncorpus %s\n' "$generator" "$count" "$shape" "$(corpus_hash "$corpus")" >"$stamp"
fi
one=$(find "$corpus/reports" -name '*.md' | sort | sed -n "$((count / 2 + 1))p")

# Medians and spread of a hyperfine JSON export, as BENCHMARKS.md reports them.
summary() {
  python3 - "$1" <<'PY'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    t = r["times"]
    print(f"  {r['command']}: median {statistics.median(t):.3f} s "
          f"(min {min(t):.3f}, max {max(t):.3f}, mean {statistics.mean(t):.3f} ± "
          f"{statistics.stdev(t) if len(t) > 1 else 0:.3f}, {len(t)} runs)")
PY
}
# hyperfine, its JSON export summarised after its own output.
hf() {
  local json
  json=$(mktemp --suffix=.json)
  hyperfine --style basic --export-json "$json" "$@"
  summary "$json"
  rm -f "$json"
}
peak() { # label, command...
  local label=$1
  shift
  /usr/bin/time -f "peak memory, $label: %M KB" "$@" >/dev/null
}

echo "corpus: $count reports ($shape shape), $(du -sh "$corpus/reports" | cut -f1), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout')"

# -------------------------------------------------------------------- check
if wants check; then
  hf --warmup 2 --runs 10 \
    --command-name "check, $count reports" "$bin check $corpus --today 2026-01-15" \
    --command-name "check, one file of $count" "$bin check $one --today 2026-01-15"
  peak "check of $count reports" "$bin" check "$corpus" --today 2026-01-15
  peak "check of one file" "$bin" check "$one" --today 2026-01-15
fi

# -------------------------------------------------------------------- floor
if wants floor; then
  floor=$root/target/release/examples/floor
  temporary+=("$out_root/out-floor" "$out_root/out-retrospect")
  hf --warmup 1 --runs 7 \
    --prepare "rm -rf $out_root/out-floor $out_root/out-retrospect" \
    --command-name "floor, $count reports" "$floor $corpus $out_root/out-floor" \
    --command-name "retrospect build --no-search, $count reports" "$bin build $corpus --out $out_root/out-retrospect --today 2026-01-15 --no-search" \
    --command-name "retrospect check, $count reports" "$bin check $corpus --today 2026-01-15"
  rm -rf "$out_root/out-floor"
  peak "floor of $count reports" "$floor" "$corpus" "$out_root/out-floor"
  rm -rf "$out_root/out-floor" "$out_root/out-retrospect"
fi

# ------------------------------------------------------------------ rebuild
if wants rebuild; then
  out=$out_root/out-rebuild
  temporary+=("$out")
  rm -rf "$out"
  "$bin" build "$corpus" --out "$out" --today 2026-01-15 --no-search >/dev/null 2>&1
  (cd "$out" && find . -type f -printf '%i %p\n' | sort) >"$out_root/inodes-before"
  protect "$one"
  cp -p "$one" "$out_root/unedited.md"
  sed -i 's/^summary: "/summary: "Edited. /' "$one"
  "$bin" build "$corpus" --out "$out" --today 2026-01-15 --no-search >/dev/null 2>&1
  cp -p "$out_root/unedited.md" "$one" && rm "$out_root/unedited.md"
  (cd "$out" && find . -type f -printf '%i %p\n' | sort) >"$out_root/inodes-after"
  echo "rebuild: $(wc -l <"$out_root/inodes-after") files; written again after one summary changed: $(comm -13 "$out_root/inodes-before" "$out_root/inodes-after" | wc -l)"
  # awk reads to the end: `head` would stop the pipe early (pipefail).
  comm -13 "$out_root/inodes-before" "$out_root/inodes-after" | cut -d' ' -f2 | sed 's|/[^/]*$||' | sort | uniq -c | sort -rn | awk 'NR <= 12'
  echo "largest page: $(find "$out" -name '*.html' -printf '%s %p\n' | sort -rn | awk 'NR == 1')"
  rm -rf "$out" "$out_root/inodes-before" "$out_root/inodes-after"
fi

# -------------------------------------------------------------------- build
if wants build; then
  # The same reports as a Hugo site, made again each run from the corpus: a
  # minimal template with what a report page shows (title, date, severity,
  # summary, services, body) and Hugo's class-based highlighting, plus the
  # list and tag pages Hugo makes anyway.
  hugo_site=$bench/hugo-$count
  rm -rf "$hugo_site"
  mkdir -p "$hugo_site/content" "$hugo_site/layouts/_default"
  cp -r "$corpus/reports" "$hugo_site/content/reports"
  cat >"$hugo_site/hugo.toml" <<'TOML'
baseURL = "https://incidents.example/"
title = "Generated corpus"
disableKinds = ["RSS"]
[markup.highlight]
  codeFences = true
  noClasses = false
[markup.goldmark.renderer]
  unsafe = false
TOML
  cat >"$hugo_site/layouts/_default/baseof.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title><link rel="stylesheet" href="/style.css"></head>
<body><header><a href="/">{{ site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
  cat >"$hugo_site/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2 January 2006" }} · {{ .Params.severity }} · {{ .Params.status }}</p>
<p>{{ .Params.summary }}</p><ul>{{ range .Params.services }}<li>{{ . }}</li>{{ end }}</ul>
{{ .TableOfContents }}{{ .Content }}</article>{{ end }}
HTML
  cat >"$hugo_site/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
HTML
  temporary+=("$hugo_site" "$out_root/out-retrospect" "$out_root/out-hugo" "$out_root/out-example")
  echo "build: $(hugo version | cut -d' ' -f1-2)"
  hf --warmup 1 --runs 5 \
    --prepare "rm -rf $out_root/out-retrospect $out_root/out-hugo" \
    --command-name "retrospect build --no-search, $count reports" "$bin build $corpus --out $out_root/out-retrospect --today 2026-01-15 --no-search" \
    --command-name "hugo, $count reports" "hugo --quiet --source $hugo_site --destination $out_root/out-hugo"
  hf --warmup 2 --runs 10 \
    --prepare "rm -rf $out_root/out-example" \
    --command-name "retrospect build, example site" "$bin build example-reports --out $out_root/out-example --today 2026-01-15"
  rm -rf "$out_root/out-retrospect" "$out_root/out-hugo"
  peak "retrospect build --no-search of $count reports" "$bin" build "$corpus" --out "$out_root/out-retrospect" --today 2026-01-15 --no-search
  peak "hugo build of $count reports" hugo --quiet --source "$hugo_site" --destination "$out_root/out-hugo"
  echo "pages: retrospect $(find "$out_root/out-retrospect" -name '*.html' | wc -l) ($(du -sh "$out_root/out-retrospect" | cut -f1)), hugo $(find "$out_root/out-hugo" -name '*.html' | wc -l) ($(du -sh "$out_root/out-hugo" | cut -f1))"
  rm -rf "$out_root/out-retrospect" "$out_root/out-hugo" "$out_root/out-example" "$hugo_site"
fi

# -------------------------------------------------------------------- serve
if wants serve; then
  # The report in the middle of the site, which both measurements save.
  middle=$(find "$corpus/reports" -name '*.md' | sort | sed -n "$((count / 2 + 1))p")
  protect "$middle"
  echo "serve: rebuild after one saved report, $count reports (examples/serve_rebuild.rs)"
  target/release/examples/serve_rebuild "$corpus" 20
  echo "serve: the running server, $count reports"
  python3 - "$bin" "$corpus" "$middle" <<'PY'
import os, signal, statistics, subprocess, sys, threading, time, queue
binary, site, report = sys.argv[1:4]
original = open(report, encoding="utf-8").read()

def start():
    server = subprocess.Popen(
        [binary, "serve", site, "--port", "0", "--today", "2026-01-15"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = queue.Queue()
    def read(stream, name):
        for line in stream:
            lines.put((name, line.rstrip("\n")))
    for stream, name in ((server.stdout, "stdout"), (server.stderr, "stderr")):
        threading.Thread(target=read, args=(stream, name), daemon=True).start()
    return server, lines

def wait_for(server, lines, prefix, seconds):
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            sys.exit(f"bench.sh: no line starting {prefix!r} from serve within {seconds} s")
        try:
            name, line = lines.get(timeout=left)
        except queue.Empty:
            continue
        if name == "stderr":
            print(f"  serve: {line}", file=sys.stderr)
        elif line.startswith(prefix):
            return line
        if server.poll() is not None:
            sys.exit(f"bench.sh: serve exited with {server.returncode}")

def stop(server):
    server.send_signal(signal.SIGINT)
    if server.wait(timeout=60) != 0:
        sys.exit(f"bench.sh: serve exited with {server.returncode} on SIGINT")

def show(label, values, unit):
    print(f"  {label}: median {statistics.median(values):.0f} {unit} "
          f"(min {min(values):.0f}, max {max(values):.0f}, {len(values)} runs)")

starts = []
for _ in range(5):
    started = time.monotonic()
    server, lines = start()
    wait_for(server, lines, "serving ", 300)
    starts.append((time.monotonic() - started) * 1000)
    stop(server)
show("start-up until `serving`", starts, "ms")

server, lines = start()
try:
    wait_for(server, lines, "serving ", 300)
    rebuilds = []
    for i in range(20):
        with open(report, "a", encoding="utf-8") as f:
            f.write(f"\nEdit {i}.\n")
        line = wait_for(server, lines, "rebuilt in ", 60)
        rebuilds.append(float(line.split()[2]))
        time.sleep(1)
    show("rebuild in the server, saves one second apart (its `rebuilt in` lines)", rebuilds, "ms")
finally:
    with open(report, "w", encoding="utf-8") as f:
        f.write(original)
    stop(server)
PY
fi

# ------------------------------------------------------------------- search
if wants search; then
  # Pagefind's command line from npm, pinned to the version of the crate:
  # the usual static-site setup (Hugo, then Pagefind over the HTML).
  pagefind_version=1.6.0
  pf_dir=$bench/pagefind-cli-$pagefind_version
  pf=$pf_dir/node_modules/.bin/pagefind
  if [ ! -x "$pf" ]; then
    mkdir -p "$pf_dir"
    (cd "$pf_dir" && quietly npm install --no-audit --no-fund "pagefind@$pagefind_version")
  fi
  cargo build --release --quiet --example search_index
  temporary+=("$out_root/site-html" "$out_root/pf-out" "$out_root/out-retrospect")
  # The HTML the command line indexes: this build's own pages, without an index.
  rm -rf "$out_root/site-html"
  "$bin" build "$corpus" --out "$out_root/site-html" --today 2026-01-15 --no-search >/dev/null
  hf --warmup 1 --runs 3 \
    --prepare "rm -rf $out_root/pf-out" \
    --command-name "search index from the model (read, validate, index), $count reports" "target/release/examples/search_index $corpus" \
    --command-name "pagefind CLI over the built HTML, every page" "$pf --site $out_root/site-html --output-path $out_root/pf-out" \
    --command-name "pagefind CLI over the built HTML, report pages only" "$pf --site $out_root/site-html --glob 'reports/*/index.html' --output-path $out_root/pf-out"
  peak "search index from the model" target/release/examples/search_index "$corpus"
  rm -rf "$out_root/pf-out"
  peak "pagefind CLI over every page" "$pf" --site "$out_root/site-html" --output-path "$out_root/pf-out"
  hf --warmup 1 --runs 3 \
    --prepare "rm -rf $out_root/out-retrospect" \
    --command-name "retrospect build with search, $count reports" "$bin build $corpus --out $out_root/out-retrospect --today 2026-01-15" \
    --command-name "retrospect build --no-search, $count reports" "$bin build $corpus --out $out_root/out-retrospect --today 2026-01-15 --no-search"
  rm -rf "$out_root/out-retrospect"
  peak "retrospect build with search of $count reports" "$bin" build "$corpus" --out "$out_root/out-retrospect" --today 2026-01-15
  rm -rf "$out_root/out-retrospect" "$out_root/site-html" "$out_root/pf-out"
fi

# --------------------------------------------------------------- cold-query
# The first query on a cold search page, in Debian's Chromium, on the large
# site and on the example site (examples/search_first_query.rs; it fails
# when a query finds nothing).
if wants cold-query; then
  temporary+=("$out_root/out-retrospect" "$out_root/out-example")
  rm -rf "$out_root/out-retrospect" "$out_root/out-example"
  "$bin" build "$corpus" --out "$out_root/out-retrospect" --today 2026-01-15 >/dev/null
  "$bin" build example-reports --out "$out_root/out-example" --today 2026-01-15 >/dev/null
  cargo build --release --quiet --example search_first_query
  # Three rounds: each query opens a new browser, and a single round of a
  # few hundred milliseconds is noisy.
  echo "cold first query, $count reports, three rounds"
  target/release/examples/search_first_query "$out_root/out-retrospect" "database,failover timeout,certificate" 3
  echo "cold first query, example site"
  target/release/examples/search_first_query "$out_root/out-example" database,pgbouncer
  rm -rf "$out_root/out-retrospect" "$out_root/out-example"
fi

# ------------------------------------------------------------- large-report
if wants large-report; then
  scripts/bench_large_report.sh 5
fi

# ----------------------------------------------------------------- One-offs
oneoff=$bench/oneoff
# Builds a copy of revision REV (`.`: this tree, uncommitted changes
# included) in release mode, in $oneoff/src-NAME (removed on exit), with
# one target folder for every copy, kept for the next run so that
# dependencies build once; the binaries named by `--bin X` and `--example X`
# are copied to $oneoff/bin-NAME, which `built` is set to. EDIT is
# FILE:SED-SCRIPT, or empty; cargo runs with the environment in `cargo_env`.
cargo_env=()
build_copy() { # name, rev, edit, cargo arguments...
  local name=$1 rev=$2 edit=$3
  shift 3
  local src=$oneoff/src-$name
  rm -rf "$src"
  mkdir -p "$src"
  temporary+=("$src")
  if [ "$rev" = . ]; then
    git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$src"
  else
    git archive --format=tar "$rev" | tar -xf - -C "$src"
  fi
  if [ -n "$edit" ]; then
    local file=${edit%%:*} script=${edit#*:}
    cp "$src/$file" "$src/$file.orig"
    sed -i "$script" "$src/$file"
    if cmp -s "$src/$file" "$src/$file.orig"; then
      echo "bench.sh: \`$script\` changed nothing in $file: the code moved; update scripts/bench.sh" >&2
      return 1
    fi
  fi
  echo "one-off: building $name (revision $rev) in release mode"
  (cd "$src" && env ${cargo_env[@]+"${cargo_env[@]}"} CARGO_TARGET_DIR="$oneoff/target" \
    cargo build --release --quiet --locked "$@")
  built=$oneoff/bin-$name
  rm -rf "$built"
  mkdir -p "$built/examples"
  while [ $# -gt 0 ]; do
    case $1 in
      --bin) cp "$oneoff/target/release/$2" "$built/$2"; shift ;;
      --example) cp "$oneoff/target/release/examples/$2" "$built/examples/$2"; shift ;;
    esac
    shift
  done
}

if wants memo; then
  # The line memo keeps lines up to LINE_MEMO_MAX_LEN bytes: at 0 none is kept.
  build_copy memo-on . "" --bin retrospect
  with=$built
  build_copy memo-off . 'src/render/highlight/mod.rs:s/^const LINE_MEMO_MAX_LEN: usize = 256;/const LINE_MEMO_MAX_LEN: usize = 0;/' --bin retrospect
  without=$built
  temporary+=("$out_root/out-memo")
  hf --warmup 1 --runs 5 --prepare "rm -rf $out_root/out-memo" \
    --command-name "build --no-search, $count reports, with the line memo" "$with/retrospect build $corpus --out $out_root/out-memo --today 2026-01-15 --no-search" \
    --command-name "build --no-search, $count reports, without it" "$without/retrospect build $corpus --out $out_root/out-memo --today 2026-01-15 --no-search"
fi

if wants lto; then
  build_copy lto-off . "" --bin retrospect
  plain=$built
  cargo_env=(CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1)
  build_copy lto-on . "" --bin retrospect
  cargo_env=()
  lto=$built
  temporary+=("$out_root/out-lto")
  hf --warmup 1 --runs 5 --prepare "rm -rf $out_root/out-lto" \
    --command-name "build --no-search, $count reports, release profile" "$plain/retrospect build $corpus --out $out_root/out-lto --today 2026-01-15 --no-search" \
    --command-name "build --no-search, $count reports, fat LTO, one codegen unit" "$lto/retrospect build $corpus --out $out_root/out-lto --today 2026-01-15 --no-search"
fi

if wants callgrind; then
  # Instructions are steadier than wall time on a busy machine. Each
  # revision's own release build; `--no-search` where it has the option.
  temporary+=("$out_root/out-callgrind")
  for rev in ${REVS:-.}; do
    name=callgrind-$(printf '%s' "$rev" | tr -c 'A-Za-z0-9' '-')
    build_copy "$name" "$rev" "" --bin retrospect
    args=(build "$corpus" --out "$out_root/out-callgrind" --today 2026-01-15)
    help=$("$built/retrospect" build --help)
    case $help in *--no-search*) args+=(--no-search) ;; esac
    rm -rf "$out_root/out-callgrind"
    quietly valgrind --tool=callgrind --callgrind-out-file="$oneoff/callgrind.$name" "$built/retrospect" "${args[@]}"
    instructions=$(sed -n 's/^summary: //p' "$oneoff/callgrind.$name")
    python3 -c 'import sys; print(f"  {sys.argv[1]}: {int(sys.argv[2]) / 1e9:.2f} G instructions, {sys.argv[3]}")' \
      "$rev" "$instructions" "${args[*]}"
  done
fi

if wants pagefind-patch; then
  # Pagefind 1.6.0 as published (28e10e0), patched (a585746, with its
  # Cargo.lock), and with ordinary pages instead of huge ones (23ed8be).
  indexers=()
  for rev in 28e10e0 a585746 23ed8be; do
    build_copy "pagefind-$rev" "$rev" "" --example search_index
    indexers+=(--command-name "search index from the model, $count reports, at $rev" "$built/examples/search_index $corpus")
  done
  hf --warmup 1 --runs 4 "${indexers[@]}"
fi
