#!/usr/bin/env bash
# The main job: build everything, classify the bundled sample tickets with the default rule set,
# then serve the ticket form and print its URL (Ctrl-C to stop).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh

printf '\n\033[1m== slafee classify --rules rules/default.json examples/tickets.ndjson\033[0m\n'
node pkg/cli.js classify --rules rules/default.json examples/tickets.ndjson

printf '\n\033[1m== serving the ticket form\033[0m\n'
exec node scripts/serve.mjs "$@"
