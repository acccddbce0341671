#!/usr/bin/env bash
# Builds the Debian package: target/debian/backwalk_<version>-1_<arch>.deb.
#
# The man page and the completion scripts are written by the binary just
# built, from its own command-line definition, into the folder that
# [package.metadata.deb] in Cargo.toml takes its assets from; then
# cargo-deb (`cargo install cargo-deb`) packs them with the binary, the
# licence and the README. Extra arguments go to `cargo deb`.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-deb >/dev/null 2>&1 || {
    echo "error: cargo-deb is not installed; install it with: cargo install cargo-deb" >&2
    exit 1
}
target=$(cargo metadata --format-version 1 --no-deps --locked |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
cargo build --release --locked
assets="$target/release/packaging"
mkdir -p "$assets"
backwalk="$target/release/backwalk"
# Gzipped here: cargo-deb compresses only the man pages it did not see built.
"$backwalk" man | gzip -9n > "$assets/backwalk.1.gz"
"$backwalk" completions bash > "$assets/backwalk.bash"
"$backwalk" completions zsh > "$assets/_backwalk"
"$backwalk" completions fish > "$assets/backwalk.fish"
cargo deb --no-build --locked "$@"
