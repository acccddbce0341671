#!/usr/bin/env bash
# Builds the Debian package: target/debian/backwalk_<version>-1_<arch>.deb.
#
# The binary is built by packaging/build.sh (static-pie on glibc). The man
# page and the completion scripts are written by it, from its own
# command-line definition, into the folder that [package.metadata.deb] in
# Cargo.toml takes its assets from (cargo-deb reads `target/release/` as
# the folder of the --target build); then cargo-deb (`cargo install
# cargo-deb`) packs them with the binary, the licence and the README.
# Extra arguments go to `cargo deb`.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-deb >/dev/null 2>&1 || {
    echo "error: cargo-deb is not installed; install it with: cargo install cargo-deb" >&2
    exit 1
}
backwalk=$(bash packaging/build.sh)
release=$(dirname "$backwalk")
assets="$release/packaging"
mkdir -p "$assets"
host=$(rustc -vV | sed -n 's/^host: //p')
target=()
if [[ $release == */"$host"/release ]]; then
    target=(--target "$host")
fi
# Gzipped here: cargo-deb compresses only the man pages it did not see built.
"$backwalk" man | gzip -9n > "$assets/backwalk.1.gz"
"$backwalk" completions bash > "$assets/backwalk.bash"
"$backwalk" completions zsh > "$assets/_backwalk"
"$backwalk" completions fish > "$assets/backwalk.fish"
cargo deb --no-build --locked "${target[@]}" "$@"
