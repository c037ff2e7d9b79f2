#!/usr/bin/env bash
# Runs every test of slafee, in order, stopping at the first failure:
#   formatting, clippy (native and wasm32), Rust unit/integration/doc tests, the fuzz targets'
#   build, the wasm package build and its size budget, Node tests against the built package, and
#   browser tests in Debian's Chromium.
# Installs whatever is missing first (scripts/setup.sh), and nothing when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup"
bash scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy (native, all targets; unwrap/expect/panic/indexing denied in src/)"
cargo clippy --all-targets -- -D warnings
step "cargo clippy (wasm32 bindings)"
cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings

step "cargo test"
cargo test

step "build the fuzz targets (fuzz/, stable, uninstrumented: they must keep compiling)"
cargo build --manifest-path fuzz/Cargo.toml

step "build the npm package (pkg/)"
bash scripts/build.sh

step "wasm size budget"
bash scripts/size-budget.sh

step "node --test tests/node (the built package and CLI)"
node --test tests/node/

step "node --test tests/browser (the page in Chromium)"
node --test tests/browser/
