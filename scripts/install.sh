#!/bin/sh
# Installs Retrospect $RETROSPECT_VERSION into $RETROSPECT_ROOT/bin: the
# release binary for this machine, its SHA-256 checksum verified, or, when
# there is none or it does not match, a build from source with cargo.
# $RETROSPECT_REPOSITORY is where releases come from and are built from;
# $RETROSPECT_DOWNLOAD_URL (https:// or file://) overrides the folder of the
# release's files. Needs curl or wget, tar, and sha256sum or shasum.
set -eu
version=${RETROSPECT_VERSION:?set RETROSPECT_VERSION to the version to install, e.g. 0.1.0}
repository=${RETROSPECT_REPOSITORY:-https://github.com/retrospect-dev/retrospect}
base=${RETROSPECT_DOWNLOAD_URL:-$repository/releases/download/v$version}
root=${RETROSPECT_ROOT:-$HOME/.retrospect}
exe=
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64 | Linux/amd64) target=x86_64-unknown-linux-musl ;;
  Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
  Darwin/x86_64) target=x86_64-apple-darwin ;;
  Darwin/arm64) target=aarch64-apple-darwin ;;
  MINGW*/x86_64 | MSYS*/x86_64 | CYGWIN*/x86_64) target=x86_64-pc-windows-msvc exe=.exe ;;
  *) target= ;;
esac
bin=$root/bin/retrospect$exe
fetch() { # URL FILE
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 -o "$2" "$1"
  else
    wget -q -O "$2" "$1"
  fi
}
sha256() { # FILE
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d ' ' -f 1
}
from_release() {
  archive=retrospect-$target.tar.gz
  if [ -z "$target" ]; then
    echo "retrospect: no release binary for $(uname -s) $(uname -m)" >&2
    return 1
  fi
  tmp=$(mktemp -d)
  if ! fetch "$base/$archive" "$tmp/$archive" || ! fetch "$base/retrospect-$target.sha256" "$tmp/sums"; then
    echo "retrospect: cannot download $base/$archive and its checksum" >&2
    rm -rf "$tmp"
    return 1
  fi
  expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/sums")
  if [ -z "$expected" ] || [ "$expected" != "$(sha256 "$tmp/$archive")" ]; then
    echo "retrospect: $archive does not match its checksum: not installed" >&2
    rm -rf "$tmp"
    return 1
  fi
  mkdir -p "$tmp/x" "$root/bin"
  tar -xzf "$tmp/$archive" -C "$tmp/x" && mv -f "$tmp/x/retrospect$exe" "$bin" && chmod +x "$bin"
  status=$?
  rm -rf "$tmp"
  return $status
}
if [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null || true)" = "retrospect $version" ]; then
  echo "retrospect: $version is already in $root/bin" >&2
elif from_release; then
  echo "retrospect: installed the $version release binary for $target" >&2
elif command -v cargo >/dev/null 2>&1; then
  echo "retrospect: building $version from source with cargo (several minutes)" >&2
  cargo install --locked --root "$root" --git "$repository" --tag "v$version" retrospect
else
  echo "retrospect: cannot build from source either: cargo is not installed (https://rustup.rs)" >&2
  exit 1
fi
"$bin" --version
if [ -n "${GITHUB_PATH:-}" ]; then echo "$root/bin" >>"$GITHUB_PATH"; fi
