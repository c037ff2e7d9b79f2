#!/usr/bin/env bash
# Installs what the build and tests need, idempotently: each step checks first and installs only
# what is missing, so a second run installs nothing. Only package registries are used
# (crates.io, npm, Debian) — never a GitHub download.
#   scripts/setup.sh           tools for building (wasm target, wasm-bindgen-cli, npm dev deps)
#   scripts/setup.sh --browser also Debian's Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

# The wasm-bindgen CLI must match the wasm-bindgen crate version exactly (Cargo.toml pins it).
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

want=$(wasm_bindgen_version)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (from crates.io)"
  # --locked reproduces the CLI's own lockfile; if the registry no longer serves one of its
  # pinned versions (yanked), fall back to a fresh resolution of the same CLI version.
  cargo install wasm-bindgen-cli --version "$want" --locked \
    || cargo install wasm-bindgen-cli --version "$want"
fi

# npm ci wipes and reinstalls node_modules, so run it only when the lockfile changed.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.slafee-lock-hash 2>/dev/null || true)" != "$lock_hash" ]; then
  say "installing npm dev dependencies (npm ci)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.slafee-lock-hash
fi

# Browser tests: Debian's Chromium, and a CJK font so screenshots show Chinese text.
if [ "${1:-}" = "--browser" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (Debian) for the browser tests"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
exit 0
