#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs taken from the repository: rules/*.json,
# tests/fixtures/ and examples/*.ndjson. Files are named by the SHA-1 of their content (as
# libFuzzer names its own), so running it again adds nothing twice and keeps what fuzzing found.
#   bash fuzz/seed.sh            # then: cargo +nightly fuzz run <target> fuzz/corpus/<target>
# Needs node (any version ≥ 18). The corpus is not committed (fuzz/.gitignore).
set -euo pipefail
cd "$(dirname "$0")/.."

node - <<'EOF'
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

const read = (file) => fs.readFileSync(file, "utf8");
const json = (file) => { try { return JSON.parse(read(file)); } catch { return undefined; } };
const files = (dir, ext) =>
  fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => path.join(dir, f));
const lines = (file) => read(file).split("\n").filter((l) => l.trim() !== "");
const unique = (list) => [...new Set(list)];

/** Every value under `key` anywhere in `value` (depth-first). */
function collect(value, test, out = []) {
  if (Array.isArray(value)) value.forEach((v) => collect(v, test, out));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      test(k, v, out);
      collect(v, test, out);
    }
  return out;
}
const strings = (value, keys) =>
  unique(collect(value, (k, v, out) => keys.includes(k) && typeof v === "string" && out.push(v)));

const counts = {};
function seed(target, content) {
  const dir = path.join("fuzz", "corpus", target);
  fs.mkdirSync(dir, { recursive: true });
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
  const name = crypto.createHash("sha1").update(bytes).digest("hex");
  fs.writeFileSync(path.join(dir, name), bytes);
  counts[target] = (counts[target] || 0) + 1;
}

// Every rule set in the repository, as text and parsed.
const tableFixtures = files("tests/fixtures/tables", ".json").map(json).filter(Boolean);
const ruleTexts = [
  ...files("rules", ".json").filter((f) => !f.includes("schema") && !f.includes(".cases.")),
  ...files("tests/fixtures/bad", ".json"),
  ...files("tests/fixtures/calendars", ".json"),
  ...files("tests/fixtures/fees", ".json"),
].map(read);
for (const fixture of tableFixtures)
  for (const rules of [fixture.rules].flat()) ruleTexts.push(JSON.stringify(rules, null, 1));
const ruleDocs = ruleTexts.map((t) => { try { return JSON.parse(t); } catch { return undefined; } })
  .filter(Boolean);
const everything = [...ruleDocs, ...tableFixtures, json("rules/default.cases.json")];
const ndjson = [...files("examples", ".ndjson"), "tests/fixtures/fees/receipts.ndjson"];

// ruleset_load: every rule file, and the default rule set split in two parts (NUL between).
for (const text of ruleTexts) seed("ruleset_load", text);
const base = json("rules/default.json");
const { fees, kpi, tables, ...rest } = base;
seed("ruleset_load", JSON.stringify(rest) + "\0" +
  JSON.stringify({ id: base.id, version: base.version, fees, kpi, tables }));

// evaluate_ticket: sample tickets, orders and records, and every case's ticket.
for (const file of ndjson) for (const line of lines(file)) seed("evaluate_ticket", line);
for (const ticket of collect(everything, (k, v, out) => k === "ticket" && out.push(v)))
  seed("evaluate_ticket", JSON.stringify(ticket));

// cell_expression: every cell written in a `when` (tables, SLA targets, call-backs, surcharges);
// numeric-looking ones also in a typed number column (first byte 2).
const cells = unique(collect(everything, (k, v, out) => {
  if (k === "when" && v && typeof v === "object" && !Array.isArray(v))
    for (const cell of Object.values(v)) if (typeof cell === "string") out.push(cell);
}));
for (const cell of cells) {
  seed("cell_expression", cell);
  if (/\d/.test(cell) && !cell.includes('"')) seed("cell_expression", "\x02" + cell);
  if (/^(true|false|not\((true|false)\))$/.test(cell)) seed("cell_expression", "\x03" + cell);
}

// duration_time: duration \n from \n to \n interval \n date, the lists zipped (cycling).
const durations = strings(everything, ["within", "offset", "per", "free_remainder", "minimum"])
  .filter((d) => /^\d/.test(d));
const instants = strings(everything, ["created", "at", "from", "to", "completed", "appointment", "now"])
  .filter((t) => /^\d{4}-\d\d-\d\dT/.test(t));
const spans = unique(collect(everything, (k, v, out) => {
  if (k === "week" && v && typeof v === "object")
    for (const list of Object.values(v)) if (Array.isArray(list)) out.push(...list);
}).concat(strings(everything, ["local_time"])));
const dates = unique([
  ...collect(everything, (k, v, out) =>
    ["holidays", "workdays"].includes(k) && Array.isArray(v) && out.push(...v)),
  ...strings(everything, ["effective_from", "handover"]),
]).filter((d) => typeof d === "string");
const n = Math.max(durations.length, instants.length, spans.length, dates.length);
const at = (list, i) => list[i % list.length];
for (let i = 0; i < n; i++) {
  const fields = [at(durations, i), at(instants, i), at(instants, i * 7 + 3), at(spans, i), at(dates, i)];
  seed("duration_time", fields.join("\n"));
  seed("duration_time", fields.slice(0, 1 + (i % 5)).join("\n"));
}

// money: every amount and quantity written.
const amounts = unique([
  ...strings(everything, ["labor", "material_cost", "amount", "price", "cap", "min", "max"]),
  ...collect(everything, (k, v, out) => k === "quantity" && out.push(String(v))),
]).filter((a) => /^[\d.]+$/.test(a));
for (const amount of amounts) seed("money", amount);

// ndjson_batch: whole sample files and runs of five lines.
for (const file of ndjson) {
  const all = lines(file);
  seed("ndjson_batch", all.join("\n") + "\n");
  for (let i = 0; i < all.length; i += 5) seed("ndjson_batch", all.slice(i, i + 5).join("\n"));
}

// kpi_records: structure-aware (arbitrary); any bytes make records, so sample lines do.
for (const line of lines("examples/records.ndjson")) seed("kpi_records", line);

for (const [target, count] of Object.entries(counts))
  console.log(`fuzz/corpus/${target}: ${count} seeds written`);
EOF
