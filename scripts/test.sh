#!/usr/bin/env bash
# The whole test suite, as the README says: installs what the tests need when
# it is missing, then runs every unit and end-to-end test.
#
# Beyond Cargo, tests/cli/build.rs runs the Nu Html Checker (vnu.jar, from
# the npm package vnu-jar) on the built site, which needs Java. On Debian,
# run as root (or with sudo), this installs Java (default-jre-headless) and
# Node/npm (nodejs, npm) with apt-get, and vnu-jar with npm, printing one line
# for each. When everything is present it installs nothing and asks no
# network. VNU_JAR=/path/to/vnu.jar uses that jar instead of npm's.
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

apt_updated=
apt_install() { # why, packages...
    local why=$1
    shift
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "test.sh: $why is missing; install $* (this script knows only apt-get)" >&2
        exit 1
    fi
    if [ -z "$apt_updated" ]; then
        quietly as_root apt-get update -qq
        apt_updated=1
    fi
    echo "test.sh: installing $* ($why)"
    quietly as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@"
}

if ! command -v java >/dev/null 2>&1; then
    apt_install "Java, for the Nu Html Checker" default-jre-headless
fi

if [ -z "${VNU_JAR:-}" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        apt_install "npm, to install the Nu Html Checker" nodejs npm ca-certificates
    fi
    if ! npm_root=$(npm root --global 2>/dev/null); then
        echo "test.sh: \`npm root --global\` failed" >&2
        exit 1
    fi
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

cargo test --locked --all-targets "$@"
