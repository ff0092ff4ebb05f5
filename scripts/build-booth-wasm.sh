#!/usr/bin/env bash
# Builds the booth's WebAssembly module (crates/urne-wasm, release) and its wasm-bindgen loader
# into crates/urne-server/static/wasm/, which the server embeds and serves to voters.
#
# The output is committed, so that `cargo build` needs neither the wasm target nor
# wasm-bindgen-cli; CI rebuilds it and fails if the committed files differ (`--check`). The
# build is reproducible: the sources are copied to one fixed directory (Cargo's hashes of our
# crates depend on their absolute path) and paths are remapped, so the bytes depend only on the
# sources, Cargo.lock, the toolchain (rustc 1.95.0) and wasm-bindgen-cli's version (the
# wasm-bindgen crate's, 0.2.130).
#
# Usage: scripts/build-booth-wasm.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
out=crates/urne-server/static/wasm
build=/tmp/urne-booth-wasm
mkdir -p "$build/src"
# The workspace's manifests and sources, without targets or VCS data.
tar --exclude=target --exclude=.git -cf - Cargo.toml Cargo.lock crates \
    | (rm -rf "$build/src" && mkdir -p "$build/src" && tar -xf - -C "$build/src")
registry="${CARGO_HOME:-$HOME/.cargo}"
export RUSTFLAGS="--remap-path-prefix=$build/src=/urne --remap-path-prefix=$registry=/cargo"
export CARGO_TARGET_DIR="$build/target"
# Our two crates always from scratch: a build on top of an earlier one can differ in its bytes.
(cd "$build/src" \
    && cargo clean --quiet --release --target wasm32-unknown-unknown -p urne-wasm -p urne-crypto \
    && cargo build --quiet --release --locked -p urne-wasm --target wasm32-unknown-unknown)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$tmp" \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/urne_wasm.wasm"
if [[ "${1:-}" == "--check" ]]; then
    for file in urne_wasm.js urne_wasm_bg.wasm; do
        if ! cmp -s "$tmp/$file" "$out/$file"; then
            echo "build-booth-wasm: $out/$file differs from a fresh build of crates/urne-wasm;" >&2
            echo "  run scripts/build-booth-wasm.sh and commit the result" >&2
            exit 1
        fi
    done
    echo "build-booth-wasm: $out matches the sources"
else
    mkdir -p "$out"
    cp "$tmp/urne_wasm.js" "$tmp/urne_wasm_bg.wasm" "$out/"
    ls -l "$out"
fi
