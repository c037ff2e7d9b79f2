#!/usr/bin/env node
// Benchmark (not a test): the same work natively (divan, `cargo bench`) and through the package
// (wasm in Node), in one run, with the ratio — issue 10's "wasm within 2x of native".
//   classify      the default rule set, the ticket of benches/classify.rs `default_rule_set`
//   evaluate      the paused repair of benches/deadlines.rs `evaluate_default_rule_set`
//   kpi           the 100,000 records of benches/kpi.rs `kpi_100k_ndjson_lines` as NDJSON
// The package is measured per call (the JS object crosses the boundary) and over NDJSON text in
// one call (the core's cost in wasm plus one string — and JSON parsing, which the native classify
// and evaluate figures leave out; the native KPI figure includes it). Run it on a quiet machine:
// the native and wasm halves run one after the other.
//
//   node bench/native-vs-wasm.mjs        # needs cargo and the built package (bash scripts/build.sh)
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const { Engine } = await import(new URL("../pkg/node.js", import.meta.url).href);
const engine = new Engine(readFileSync(`${root}rules/default.json`, "utf8"));

/** Median seconds of divan benchmarks, by name, from `cargo bench --bench NAME -- FILTER…`. */
function native(bench, names) {
  const run = spawnSync("cargo", ["bench", "-q", "--bench", bench, "--", ...names], {
    cwd: root, encoding: "utf8", maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`cargo bench --bench ${bench} failed:\n${run.stderr}`);
  const unit = { ns: 1e-9, "µs": 1e-6, ms: 1e-3, s: 1 };
  const out = {};
  for (const name of names) {
    const line = run.stdout.split("\n").find((l) => l.includes(` ${name} `));
    const cells = line?.split("│").map((c) => c.trim());
    const median = /^([\d.]+) (ns|µs|ms|s)$/.exec(cells?.[2] ?? "");
    if (!median) throw new Error(`no median for ${name} in:\n${run.stdout}`);
    out[name] = Number(median[1]) * unit[median[2]];
  }
  return out;
}

/** Seconds per call of `f`, the best of 5 rounds of `n` calls after a warm-up. */
function perCall(f, n) {
  for (let i = 0; i < Math.min(n, 1000); i++) f();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    best = Math.min(best, (performance.now() - t0) / 1000 / n);
  }
  return best;
}

const CLASSIFY_TICKET = { kind: "repair", area: "indoor", system: "water",
  description: "厨房水管爆管，水漫到客厅", created: "2026-03-02T09:15:00+08:00" };
const PAUSED = { kind: "repair", area: "indoor", system: "water", description: "卫生间水龙头漏水",
  created: "2026-03-02T09:15:00+08:00", events: [
    { type: "responded", at: "2026-03-02T09:40:00+08:00" },
    { type: "waiting_owner", at: "2026-03-02T11:00:00+08:00" },
    { type: "owner_confirmed", at: "2026-03-03T10:00:00+08:00" }] };
const EVALUATE_NOW = "2026-03-03T12:00:00+08:00";

/** benches/kpi.rs `records(n)`, as NDJSON text. */
function kpiRecords(n) {
  const pad = (x) => String(x).padStart(2, "0");
  const lines = [];
  for (let i = 0; i < n; i++) {
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 3);
    const date = `2026-${pad(month)}-${pad(day)}`;
    const closed = `${date}T15:00:00+08:00`;
    lines.push(JSON.stringify({
      kind: i % 4 === 0 ? "complaint" : "repair", area: "indoor", system: "water",
      description: "水龙头滴水", complaint_level: "general", team: i % 2 === 0 ? "A" : "B",
      created: `${date}T09:00:00+08:00`,
      events: [{ type: "responded", at: `${date}T09:${pad(5 + (i % 50))}:00+08:00` }, { type: "closed", at: closed }],
      survey: { answer: ["satisfied", "basically_satisfied", "unsatisfied"][i % 3], at: closed },
      callbacks: i % 3 === 0 ? [{ at: closed }] : [],
      fee: { amount: "45.00", collected: i % 10 !== 0 },
    }));
  }
  return lines.join("\n") + "\n";
}

const ndjsonOf = (ticket, n) => (JSON.stringify(ticket) + "\n").repeat(n);
const BATCH = 20_000;
const classifyText = ndjsonOf(CLASSIFY_TICKET, BATCH);
const evaluateText = ndjsonOf(PAUSED, BATCH);
const kpiBytes = new TextEncoder().encode(kpiRecords(100_000));

const wasm = {
  classifyCall: perCall(() => engine.classify(CLASSIFY_TICKET), 20_000),
  classifyBatch: perCall(() => engine.evaluateNdjson(classifyText, EVALUATE_NOW, { call: "classify" }), 1) / BATCH,
  evaluateCall: perCall(() => engine.evaluate(PAUSED, EVALUATE_NOW), 5_000),
  evaluateBatch: perCall(() => engine.evaluateNdjson(evaluateText, EVALUATE_NOW), 1) / BATCH,
  kpi: perCall(() => {
    const run = engine.kpiRun({ now: "2026-04-30T18:00:00+08:00", by: ["month", "category"] });
    for (let i = 0; i < kpiBytes.length; i += 1 << 20) run.addNdjson(kpiBytes.subarray(i, i + (1 << 20)));
    if (run.finish().skipped !== 0) throw new Error("KPI records were skipped");
  }, 1),
};
const nat = {
  ...native("classify", ["default_rule_set"]),
  ...native("deadlines", ["evaluate_default_rule_set"]),
  ...native("kpi", ["kpi_100k_ndjson_lines"]),
};

const us = (s) => `${(s * 1e6).toFixed(2)} µs`;
const rows = [
  ["classify (default rule set), per ticket", nat.default_rule_set, wasm.classifyCall, wasm.classifyBatch],
  ["evaluate (paused repair), per ticket", nat.evaluate_default_rule_set, wasm.evaluateCall, wasm.evaluateBatch],
  ["KPI over NDJSON, per record (100k run)", nat.kpi_100k_ndjson_lines / 100_000, null, wasm.kpi / 100_000],
];
console.log(`native (divan median) vs the package in Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log("what".padEnd(42) + "native".padStart(12) + "wasm/call".padStart(13) + "ratio".padStart(7) + "wasm/batch".padStart(13) + "ratio".padStart(7));
for (const [name, n, call, batch] of rows) {
  console.log(name.padEnd(42) + us(n).padStart(12)
    + (call == null ? "—".padStart(13) + "".padStart(7) : us(call).padStart(13) + `${(call / n).toFixed(1)}x`.padStart(7))
    + us(batch).padStart(13) + `${(batch / n).toFixed(1)}x`.padStart(7));
}
