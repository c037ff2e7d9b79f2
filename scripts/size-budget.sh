#!/usr/bin/env bash
# Fails when the built wasm module, gzipped, is larger than its budget. The budget only goes
# down: lower it whenever the module shrinks. The goal is 200 KB (issue 10); README
# "Performance" lists what the module is made of and why it is still larger.
#   scripts/size-budget.sh            check pkg/slafee_bg.wasm
#   scripts/size-budget.sh --report   also list the biggest contributors (needs twiggy)
set -euo pipefail
cd "$(dirname "$0")/.."

BUDGET=360000 # bytes, gzip -9

gz=$(gzip -9c pkg/slafee_bg.wasm | wc -c)
raw=$(wc -c < pkg/slafee_bg.wasm)
if [ "$gz" -gt "$BUDGET" ]; then
  printf 'wasm size: %d bytes gzipped (%d raw) is over the budget of %d\n' "$gz" "$raw" "$BUDGET" >&2
  exit 1
fi
printf 'wasm size: %d bytes gzipped (%d raw), budget %d\n' "$gz" "$raw" "$BUDGET"

if [ "${1:-}" = "--report" ]; then
  command -v twiggy >/dev/null || cargo install twiggy --locked
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  # The module as rustc wrote it (before wasm-opt), with names, so twiggy can attribute bytes.
  wasm-bindgen --keep-debug --target web --out-dir "$dir" --out-name slafee \
    target/wasm32-unknown-unknown/release/slafee.wasm
  twiggy top -n 100000 -f csv "$dir/slafee_bg.wasm" | node scripts/size-by-crate.mjs
fi
