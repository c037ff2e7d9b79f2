#!/usr/bin/env bash
# The main job: build everything, classify the bundled sample tickets with the default rule set,
# price the sample work orders, report the sample records' KPIs, then serve the ticket form and
# print its URL (Ctrl-C to stop).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh

printf '\n\033[1m== slafee classify --rules rules/default.json examples/tickets.ndjson\033[0m\n'
node pkg/cli.js classify --rules rules/default.json examples/tickets.ndjson

printf '\n\033[1m== slafee quote --format table examples/orders.ndjson\033[0m\n'
node pkg/cli.js quote --rules rules/default.json --now 2026-06-01T09:12:00+08:00 --format table \
  examples/orders.ndjson

printf '\n\033[1m== slafee kpi --by month --format table examples/records.ndjson\033[0m\n'
# kpi exits 1 when a threshold fails — a finding about the sample service desk, not a broken
# run — so only 2 (a usage error or a skipped record) stops the script.
kpi_status=0
node pkg/cli.js kpi --rules rules/default.json --now 2026-04-30T18:00:00+08:00 --by month \
  --format table examples/records.ndjson || kpi_status=$?
if [ "$kpi_status" -gt 1 ]; then exit "$kpi_status"; fi

printf '\n\033[1m== serving the ticket form\033[0m\n'
exec node scripts/serve.mjs "$@"
