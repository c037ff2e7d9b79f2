#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-bindgen's JS glue and types, two builds of the same wasm
# module — slafee_bg.wasm optimised for size (browsers download it; `wasm-opt -Os`) and
# slafee_node.wasm optimised for speed (the Node entry reads it from disk; opt-level 3,
# `wasm-opt -O3`) — and the hand-kept files in js/. wasm-opt comes from the npm "binaryen" package.
set -euo pipefail
cd "$(dirname "$0")/.."

# -ocimfs 20: wasm-opt inlines a function into its only caller only when it is small. By default it
# inlines every such function, however large, and builds a few huge functions that V8's optimising
# tier then spends seconds on: with the default, `slafee kpi` on a 3-line file took 0.85 s of CPU
# and 117 MB (the speed build; 0.33 s / 84 MB the size build), against 0.25 s / 68 MB with the
# limit — and the size build is 46 KB smaller gzipped with it (README, "Build profile").
WASM_OPT_FEATURES=(-ocimfs 20 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue
  --strip-debug --strip-producers)

# Built beside pkg/ and swapped in at the end, so a test running meanwhile never sees half a package.
out=$(mktemp -d pkg.new.XXXXXX)
trap 'rm -rf "$out"' EXIT

cargo build --release --target wasm32-unknown-unknown --lib
wasm-bindgen --target web --out-dir "$out" --out-name slafee \
  target/wasm32-unknown-unknown/release/slafee.wasm
node_modules/.bin/wasm-opt -Os "${WASM_OPT_FEATURES[@]}" "$out/slafee_bg.wasm" -o "$out/slafee_bg.wasm"

cargo build --profile release-node --target wasm32-unknown-unknown --lib
wasm-bindgen --target web --out-dir "$out/node" --out-name slafee \
  target/wasm32-unknown-unknown/release-node/slafee.wasm
# One glue serves both modules: it depends only on the exported interface, which the
# optimisation level does not change — checked here rather than assumed.
for file in slafee.js slafee.d.ts; do
  if ! cmp -s "$out/$file" "$out/node/$file"; then
    echo "build: wasm-bindgen wrote a different $file for the Node module; the package needs one glue" >&2
    exit 1
  fi
done
node_modules/.bin/wasm-opt -O3 "${WASM_OPT_FEATURES[@]}" "$out/node/slafee_bg.wasm" -o "$out/slafee_node.wasm"
rm -rf "$out/node" "$out/.gitignore" "$out/slafee_bg.wasm.d.ts"

cp js/package.json js/node.js js/browser.js js/cli.js js/cli-worker.js js/error.js js/error.d.ts js/index.d.ts js/README.md "$out/"
chmod +x "$out/cli.js"
chmod 755 "$out"
old=$(mktemp -d pkg.old.XXXXXX)
[ -d pkg ] && mv pkg "$old/pkg"
mv "$out" pkg
rm -rf "$old"

for wasm in slafee_bg.wasm slafee_node.wasm; do
  raw=$(wc -c < "pkg/$wasm")
  gz=$(gzip -9c "pkg/$wasm" | wc -c)
  printf '[build] pkg/%s: %d bytes raw, %d bytes gzipped\n' "$wasm" "$raw" "$gz" >&2
done
