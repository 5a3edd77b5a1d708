#!/usr/bin/env bash
# Lighthouse (mobile) on the public build of the example site: the
# accessibility, best-practices and SEO scores of the pages the browser tests
# check (docs/templates.md, "Phones, keyboards and the light/dark switch",
# records the last run). Not a test: run it by hand after changing the
# templates or the theme.
#
#   scripts/lighthouse.sh            # prints one line per page, exits 1 below 100
#
# Needs Debian's chromium (scripts/test.sh installs it), Node and npm, and
# python3 for a static file server. Lighthouse itself is installed from npm
# into target/lighthouse the first time; it runs Debian's Chromium
# (CHROME_PATH), never a browser of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in /usr/bin/chromium npm node python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "lighthouse.sh: $tool is missing" >&2; exit 2; }
done
lh_dir=target/lighthouse
lighthouse=$lh_dir/node_modules/.bin/lighthouse
if [ ! -x "$lighthouse" ]; then
  mkdir -p "$lh_dir"
  (cd "$lh_dir" && npm install --silent --no-audit --no-fund lighthouse@12)
fi

cargo build --release --quiet --bin retrospect
site=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$site"
}
trap cleanup EXIT
target/release/retrospect build example-reports --audience public --today 2026-11-21 --out "$site/public" >/dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site/public" >/dev/null 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
  sleep 0.1
done

pages=(
  ""
  "reports/postgres-failover-latency/"
  "actions/"
  "actions/overdue/"
  "actions/owners/"
  "actions/owners/data/"
  "actions/reports/"
  "search/?q=database"
)
status=0
echo "Lighthouse $("$lighthouse" --version), mobile, $(/usr/bin/chromium --version 2>/dev/null | head -1)"
echo "page: accessibility, best practices, SEO"
for page in "${pages[@]}"; do
  out="$site/report.json"
  CHROME_PATH=/usr/bin/chromium "$lighthouse" "http://127.0.0.1:$port/$page" \
    --quiet --form-factor=mobile --only-categories=accessibility,best-practices,seo \
    --chrome-flags="--headless --no-sandbox --disable-gpu" \
    --output=json --output-path="$out"
  line=$(python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
scores = [round(r["categories"][c]["score"] * 100) for c in ("accessibility", "best-practices", "seo")]
failed = [a["id"] for a in r["audits"].values()
          if a.get("scoreDisplayMode") == "binary" and a.get("score") == 0]
print(" ".join(map(str, scores)) + ("  failing: " + ", ".join(failed) if failed else ""))
PY
)
  echo "/$page: $line"
  case "$line" in "100 100 100"*) ;; *) status=1 ;; esac
done
exit $status
