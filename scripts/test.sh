#!/usr/bin/env bash
# The whole test suite, as the README says: installs what the tests need when
# it is missing, then runs every unit and end-to-end test.
#
# Beyond Cargo, tests/cli/build.rs runs the Nu Html Checker (vnu.jar, from
# the npm package vnu-jar) on the built site, which needs Java, and
# tests/cli/browser.rs drives Debian's Chromium through chromedriver and runs
# axe-core (from npm) in it. After the tests, each fuzz target in fuzz/ runs
# for FUZZ_SECONDS (default 60; 0 skips them) with the nightly toolchain and
# cargo-fuzz, installed from crates.io when missing, so that the targets
# keep building and a regression shows (scripts/fuzz.sh, SECURITY.md). On Debian, run as root (or with sudo), this
# installs what is missing of Java (default-jre-headless), Node/npm (nodejs,
# npm), Chromium and chromedriver (chromium, chromium-driver) with a single
# apt-get, then vnu-jar and axe-core with npm, printing one line for each.
# When everything is present it installs nothing and asks no network.
# VNU_JAR=/path/to/vnu.jar uses that jar instead of npm's.
set -euo pipefail
cd "$(dirname "$0")/.."

# The version the suite was written against; a newer checker may find new
# errors, so CI changes it on purpose, not by surprise.
vnu_version=26.9.27

# Runs a command, showing its output only if it fails.
quietly() {
    local log
    log=$(mktemp)
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "test.sh: failed: $*" >&2
        exit 1
    fi
    rm -f "$log"
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "test.sh: need root to run: $*" >&2
        exit 1
    fi
}

# Debian packages to install, and why, gathered first so that one apt-get
# update and one apt-get install do it all.
apt_packages=()
apt_reasons=()
need_apt() { # why, packages...
    apt_reasons+=("$1")
    shift
    apt_packages+=("$@")
}

if ! command -v java >/dev/null 2>&1; then
    need_apt "Java, for the Nu Html Checker" default-jre-headless
fi
if ! command -v npm >/dev/null 2>&1; then
    need_apt "npm, to install the Nu Html Checker and axe-core" nodejs npm ca-certificates
fi
# The browser tests use these exact paths (Debian's), never a browser that a
# tool downloads by itself.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    need_apt "Chromium and chromedriver, for the browser tests" chromium chromium-driver
fi

if [ "${#apt_packages[@]}" -gt 0 ]; then
    why=$(printf '%s; ' "${apt_reasons[@]}")
    why=${why%; }
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "test.sh: missing: $why; install ${apt_packages[*]} (this script knows only apt-get)" >&2
        exit 1
    fi
    quietly as_root apt-get update -qq
    echo "test.sh: installing ${apt_packages[*]} ($why)"
    quietly as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"
fi

if ! npm_root=$(npm root --global 2>/dev/null); then
    echo "test.sh: \`npm root --global\` failed" >&2
    exit 1
fi

if [ -z "${VNU_JAR:-}" ]; then
    VNU_JAR="$npm_root/vnu-jar/build/dist/vnu.jar"
    if [ ! -f "$VNU_JAR" ]; then
        echo "test.sh: installing vnu-jar@$vnu_version (the Nu Html Checker) with npm"
        # --ignore-scripts: its postinstall would download a Java from GitHub;
        # the jar itself is in the package.
        quietly as_root npm install --global --ignore-scripts --no-audit --no-fund \
            "vnu-jar@$vnu_version"
        if [ ! -f "$VNU_JAR" ]; then
            echo "test.sh: npm installed vnu-jar, but not at $VNU_JAR" >&2
            exit 1
        fi
    fi
fi
export VNU_JAR

# axe-core, the accessibility engine tests/cli/browser.rs injects into pages.
AXE_JS="$npm_root/axe-core/axe.min.js"
if [ ! -f "$AXE_JS" ]; then
    echo "test.sh: installing axe-core (the accessibility checker) with npm"
    quietly as_root npm install --global --ignore-scripts --no-audit --no-fund axe-core
    if [ ! -f "$AXE_JS" ]; then
        echo "test.sh: npm installed axe-core, but not at $AXE_JS" >&2
        exit 1
    fi
fi
export AXE_JS

fuzz_seconds=${FUZZ_SECONDS:-60}
if [ "$fuzz_seconds" != 0 ]; then
    if ! cargo +nightly --version >/dev/null 2>&1; then
        echo "test.sh: the fuzz targets need the nightly toolchain (rustup toolchain install nightly)" >&2
        exit 1
    fi
    if ! cargo fuzz --version >/dev/null 2>&1; then
        echo "test.sh: installing cargo-fuzz (to build and run the fuzz targets) with cargo"
        quietly cargo install --locked cargo-fuzz
    fi
fi

cargo test --locked --all-targets "$@"

if [ "$fuzz_seconds" != 0 ]; then
    # A debug build without a sanitizer: quicker to build in CI; a long
    # campaign uses scripts/fuzz.sh's defaults (release, AddressSanitizer).
    FUZZ_BUILD="--dev --sanitizer none" bash scripts/fuzz.sh "$fuzz_seconds"
fi
