#!/usr/bin/env bash
# Builds the npm package into pkg/: the release wasm, wasm-bindgen's JS glue and types, a
# size-optimised module (wasm-opt from the npm "binaryen" package), and the hand-kept files in js/.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown --lib
# Built beside pkg/ and swapped in at the end, so a test running meanwhile never sees half a package.
out=$(mktemp -d pkg.new.XXXXXX)
trap 'rm -rf "$out"' EXIT
wasm-bindgen --target web --out-dir "$out" --out-name slafee \
  target/wasm32-unknown-unknown/release/slafee.wasm
node_modules/.bin/wasm-opt -Os --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  --strip-debug --strip-producers "$out/slafee_bg.wasm" -o "$out/slafee_bg.wasm"
rm -f "$out/.gitignore" "$out/slafee_bg.wasm.d.ts"
cp js/package.json js/node.js js/browser.js js/cli.js js/cli-worker.js js/error.js js/error.d.ts js/index.d.ts js/README.md "$out/"
chmod +x "$out/cli.js"
chmod 755 "$out"
old=$(mktemp -d pkg.old.XXXXXX)
[ -d pkg ] && mv pkg "$old/pkg"
mv "$out" pkg
rm -rf "$old"

raw=$(wc -c < pkg/slafee_bg.wasm)
gz=$(gzip -9c pkg/slafee_bg.wasm | wc -c)
printf '[build] pkg/slafee_bg.wasm: %d bytes raw, %d bytes gzipped\n' "$raw" "$gz" >&2
