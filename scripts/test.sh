#!/usr/bin/env bash
# The whole test suite, as the README says: installs what the tests need
# (nothing outside Cargo yet) and runs every unit and end-to-end test.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked --all-targets "$@"
