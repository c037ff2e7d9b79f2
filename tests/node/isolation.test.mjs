// Isolation: one bad input never takes others down. A bad record of a batch (kpi over NDJSON or
// an array, a streaming run, a case file's cases, a diff's tickets, the CLI's per-line commands)
// is reported with its index or line and every other one is still evaluated, to the same figures
// as without it; a failed rule-set load or reload leaves the engine's rule sets and answers
// exactly as they were; and the core has no global mutable state to leak between calls.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine } from "../../pkg/node.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path) => readFileSync(join(root, path), "utf8");
const RULES_TEXT = read("rules/default.json");
const RULES = JSON.parse(RULES_TEXT);
const NOW = "2026-04-30T18:00:00+08:00";
const RECORDS_TEXT = read("examples/records.ndjson");
const RECORDS = RECORDS_TEXT.trim().split("\n").map((l) => JSON.parse(l));
const engine = new Engine(RULES_TEXT);

/** A report without the bookkeeping of skipped records: what the good records add up to. */
const figures = (report) => ({ overall: report.overall, groups: report.groups });
const nested = (n) => { let v = 1; for (let i = 0; i < n; i++) v = [v]; return v; };

let dir;
before(() => { dir = mkdtempSync(join(tmpdir(), "slafee-isolation-")); });
after(() => rmSync(dir, { recursive: true, force: true }));

test("kpi over NDJSON: every bad line is skipped with its index, the others count as if alone", () => {
  const good = RECORDS_TEXT.trim().split("\n");
  const bad = [
    "{oops",
    '{"kind":"repair","kind":"complaint"}',
    "[".repeat(100_000) + "]".repeat(100_000),
    JSON.stringify({ ...RECORDS[0], created: "2026-02-30T09:00:00+08:00" }),
    JSON.stringify({ ...RECORDS[0], survey: { score: 1e308 } }),
    "5",
  ];
  // Bad lines at the start, in the middle (after blank lines) and at the end.
  const lines = [bad[0], ...good.slice(0, 10), "", "  ", bad[1], bad[2], ...good.slice(10, 30), bad[3], bad[4], ...good.slice(30), bad[5]];
  const report = engine.kpi(lines.join("\n"), { now: NOW, by: ["month", "category"] });
  const alone = engine.kpi(good.join("\n"), { now: NOW, by: ["month", "category"] });
  assert.deepEqual([report.records, report.evaluated, report.skipped], [good.length + bad.length, good.length, bad.length]);
  assert.deepEqual(report.errors.map((e) => [e.index, e.code]), [
    [0, "json_syntax"], [11, "duplicate_key"], [12, "too_deep"], [33, "invalid_date"], [34, "invalid_value"], [45, "invalid_ticket"],
  ]);
  assert.deepEqual(figures(report), figures(alone));
});

test("kpi over an array: values that are not JSON data are skipped by index, the rest evaluated", () => {
  const cycle = {}; cycle.self = cycle;
  const records = [
    RECORDS[0], { ...RECORDS[1], survey: { score: NaN } }, RECORDS[2], () => RECORDS[3], cycle,
    { ...RECORDS[4], created: new Date() }, { get kind() { throw new Error("lazy"); } }, nested(100_000), ...RECORDS.slice(5),
  ];
  const report = engine.kpi(records, { now: NOW, by: ["team"] });
  const alone = engine.kpi([RECORDS[0], RECORDS[2], ...RECORDS.slice(5)], { now: NOW, by: ["team"] });
  assert.deepEqual(report.errors.map((e) => [e.index, e.code, e.path]), [
    [1, "invalid_ticket", "/survey/score"], [3, "invalid_ticket", ""], [4, "too_deep", "/self".repeat(64)],
    [5, "invalid_ticket", "/created"], [6, "invalid_ticket", ""], [7, "too_deep", "/0".repeat(64)],
  ]);
  assert.equal(report.evaluated, alone.evaluated);
  assert.deepEqual(figures(report), figures(alone));
});

test("a streaming run counts indexes across add and addLine, skipping what cannot be read", () => {
  const run = engine.kpiRun({ now: NOW });
  run.add(RECORDS[0]);
  run.addLine("{oops");
  run.add(Symbol("x"));
  run.addLine(JSON.stringify(RECORDS[1]));
  run.addLine(5);
  run.addLine("");
  run.add({ ...RECORDS[2], events: "soon" });
  run.addLine(JSON.stringify(RECORDS[3]));
  const report = run.finish();
  assert.deepEqual([report.records, report.evaluated], [7, 3]);
  assert.deepEqual(report.errors.map((e) => [e.index, e.code, e.path]), [
    [1, "json_syntax", ""], [2, "invalid_ticket", ""], [4, "wrong_type", ""], [5, "wrong_type", "/events"],
  ]);
  assert.deepEqual(figures(report), figures(engine.kpi([RECORDS[0], RECORDS[1], RECORDS[3]], { now: NOW })));
});

test("a case that errors is reported as its own failure; every other case still runs", () => {
  const cases = JSON.parse(read("rules/default.cases.json")).cases.slice(0, 20);
  const broken = [
    { name: "bad instant", ticket: { created: "2026-02-30T09:00:00+08:00" }, expect: { priority: "low" } },
    { name: "bad event log", call: "deadlines", now: NOW, ticket: { created: NOW, events: [5] }, expect: {} },
    { name: "bad order", call: "quote", now: NOW, ticket: { lines: [{ code: "NOPE" }] }, expect: {} },
  ];
  const file = { cases: [broken[0], ...cases.slice(0, 10), broken[1], ...cases.slice(10), broken[2]] };
  const report = engine.runCases(JSON.stringify(file));
  assert.deepEqual([report.passed, report.failed], [cases.length, 3]);
  assert.deepEqual(report.cases.filter((c) => !c.pass).map((c) => [c.name, c.error.code, c.error.path]), [
    ["bad instant", "invalid_date", "/created"], ["bad event log", "wrong_type", "/events/0"], ["bad order", "unknown_item", "/lines/0/code"],
  ]);
});

test("diff: a ticket that fails in both versions stops nothing; its neighbours are still compared", () => {
  const next = structuredClone(RULES);
  next.version = "2026.2";
  next.classify.rules.find((r) => r.id === "pipe-burst").then.priority = "routine";
  const after = new Engine(JSON.stringify(next));
  const burst = { kind: "repair", area: "indoor", system: "water", description: "厨房水管爆裂" };
  const tickets = [burst, { created: "2026-02-30T09:00:00+08:00" }, { description: 42 }, { ...burst, id: "T9" }];
  const report = engine.diff(after, tickets, NOW);
  assert.equal(report.tickets, 4);
  assert.deepEqual(report.changed.map((c) => [c.index, c.id, c.changes[0].what, c.changes[0].before, c.changes[0].after]), [
    [0, null, "priority", "emergency", "routine"], [3, "T9", "priority", "emergency", "routine"],
  ]);
});

test("the CLI reports a bad line in place (file:line on stderr) and evaluates the rest", () => {
  const orders = read("examples/orders.ndjson").trim().split("\n");
  const mixed = (name, [a, b]) => {
    const file = join(dir, `${name}.ndjson`);
    writeFileSync(file, [a, '{"created":"2026-02-30T09:00:00+08:00","lines":[]}', "", "{oops", b].join("\n"));
    return file;
  };
  const records = mixed("mixed", RECORDS.slice(0, 2).map((r) => JSON.stringify(r)));
  const cli = (args, file = records) => spawnSync(process.execPath, [join(root, "pkg/cli.js"), ...args, file], { cwd: root, encoding: "utf8" });
  for (const command of ["deadlines", "quote", "follow-ups"]) {
    const file = command === "quote" ? mixed("orders", orders.slice(0, 2)) : records;
    const r = cli([command, "--rules", "rules/default.json", "--now", NOW], file);
    assert.equal(r.status, 2, `${command}: ${r.stderr}`);
    const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(out.length, 4, command);
    assert.equal(out[1].error.code, "invalid_date", command);
    assert.equal(out[2].error.code, "json_syntax", command);
    for (const i of [0, 3]) assert.equal(out[i].error, undefined, `${command} line ${out[i].line}`);
    assert.match(r.stderr, /(mixed|orders)\.ndjson:2: invalid_date at \/created/, command);
    assert.match(r.stderr, /(mixed|orders)\.ndjson:4: json_syntax/, command);
  }
  const k = cli(["kpi", "--rules", "rules/default.json", "--now", NOW]);
  assert.equal(k.status, 2, k.stderr);
  const report = JSON.parse(k.stdout);
  assert.deepEqual([report.records, report.evaluated, report.skipped], [4, 2, 2]);
  assert.match(k.stderr, /mixed\.ndjson:2: invalid_date at \/created/);
  assert.match(k.stderr, /mixed\.ndjson:4: json_syntax/);
});

test("a failed load or reload leaves the engine's rule sets and every answer as they were", () => {
  const book = new Engine(RULES_TEXT);
  const ticket = { ...RECORDS[0] };
  const order = JSON.parse(read("examples/orders.ndjson").split("\n")[0]);
  const answers = () => ({
    ruleSets: book.ruleSets,
    classify: book.classify(ticket, { trace: true }),
    deadlines: book.deadlines(ticket, NOW),
    quote: book.quote(order, NOW),
    kpi: book.kpi(RECORDS, { now: NOW, by: ["month"] }),
    lint: book.lint().findings.length,
  });
  const before = answers();
  const next = (change) => { const r = structuredClone(RULES); r.version = "2026.2"; r.effective_from = "2026-04-01"; change(r); return JSON.stringify(r); };
  const failures = [
    ["syntax", "{", "invalid_rule_set"],
    ["shape", next((r) => { r.priorities[0].rank = "first"; }), "invalid_rule_set"],
    ["too deep", "[".repeat(100_000), "invalid_rule_set"],
    ["too large", RULES_TEXT + " ".repeat(4 * 1024 * 1024), "invalid_rule_set"],
    ["same version again", RULES_TEXT, "duplicate_version"],
    ["same effective instant", next((r) => { r.effective_from = RULES.effective_from; }), "duplicate_version"],
    ["not text", 42, "wrong_type"],
    ["a part not text", [next(() => {}), null], "wrong_type"],
    ["parts that disagree", [next(() => {}), JSON.stringify({ id: "other" })], "invalid_rule_set"],
  ];
  for (const [name, text, code] of failures) {
    assert.throws(() => book.add(text), (e) => e.name === "SlafeeError" && e.code === code, name);
    assert.deepEqual(answers(), before, `after a failed add (${name})`);
  }
  // A throwing proxy for the parts: refused as well, and the engine still usable by &mut.
  assert.throws(() => book.add(new Proxy([], { get() { throw new Error("trap"); } })), (e) => e.code === "wrong_type");
  // A failed `new Engine` does not disturb another engine either.
  assert.throws(() => new Engine("{"));
  assert.deepEqual(answers(), before);
  // The fixed version is then added, and applies from its date only.
  book.add(next((r) => { r.classify.rules.find((x) => x.id === "pipe-burst").then.priority = "routine"; }));
  assert.deepEqual(book.ruleSets, [{ id: "default", version: "2026.1" }, { id: "default", version: "2026.2" }]);
  const burst = { kind: "repair", area: "indoor", system: "water", description: "厨房水管爆裂" };
  assert.equal(book.classify({ ...burst, created: "2026-03-31T23:59:59+08:00" }).priority, "emergency");
  assert.equal(book.classify({ ...burst, created: "2026-04-01T00:00:00+08:00" }).priority, "routine");
});

test("src/ has no global mutable state: no static mut, thread_local!, OnceCell, lazy_static or any static", () => {
  const files = (d) => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? files(join(d, n)) : n.endsWith(".rs") ? [join(d, n)] : []));
  const sources = files(join(root, "src"));
  assert.ok(sources.length > 40);
  const forbidden = [
    /\bstatic\s+mut\b/, /\bthread_local!/, /\bthread_local(_v2)?\b/, /\bOnceCell\b/, /\bOnceLock\b/, /\blazy_static\b/,
    /\bLazyLock\b/, /\bLazyCell\b/, /\bonce_cell\b/, /\bAtomic[A-Z]\w*/, /\bstatic\s+[A-Z_][A-Z0-9_]*\s*:/,
  ];
  const hits = sources.flatMap((file) => readFileSync(file, "utf8").split("\n").flatMap((line, i) =>
    forbidden.some((p) => p.test(line.replace(/\/\/.*$/, ""))) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : []));
  // Nothing at all: every constant is a `const`; the engine's state lives in its own value.
  assert.deepEqual(hits, []);
});
