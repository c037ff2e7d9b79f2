#!/usr/bin/env bash
# Builds the npm package into pkg/: the release wasm, wasm-bindgen's JS glue and types, a
# size-optimised module (wasm-opt from the npm "binaryen" package), and the hand-kept files in js/.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown --lib
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name slafee \
  target/wasm32-unknown-unknown/release/slafee.wasm
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  --strip-debug --strip-producers pkg/slafee_bg.wasm -o pkg/slafee_bg.wasm
rm -f pkg/.gitignore pkg/slafee_bg.wasm.d.ts
cp js/package.json js/node.js js/browser.js js/cli.js js/README.md pkg/
chmod +x pkg/cli.js

raw=$(wc -c < pkg/slafee_bg.wasm)
gz=$(gzip -9c pkg/slafee_bg.wasm | wc -c)
printf '[build] pkg/slafee_bg.wasm: %d bytes raw, %d bytes gzipped\n' "$raw" "$gz" >&2
