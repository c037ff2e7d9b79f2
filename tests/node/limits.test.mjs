// Every input limit through the built package, at the limit (accepted) and one past it (refused
// with the limit's own code and the pointer of what is over) — the same figures as natively
// (tests/limits.rs, src/limits.rs). Texts are counted in UTF-8 bytes, JS values by their JSON.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine } from "../../pkg/node.js";

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const RULES_TEXT = read("rules/default.json");
const RULES = JSON.parse(RULES_TEXT);
const engine = new Engine(RULES_TEXT);
const NOW = "2026-03-02T10:00:00+08:00";
const TICKET = { kind: "repair", area: "indoor", system: "water", description: "水龙头滴水", created: "2026-03-02T09:00:00+08:00" };
const EVENT = { type: "note", at: "2026-03-02T09:10:00+08:00" };

const MiB = 1024 * 1024;
const LIMITS = {
  ruleSetBytes: 4 * MiB, caseFileBytes: 16 * MiB, recordBytes: MiB, batchBytes: 64 * MiB,
  depth: 64, textBytes: 64 * 1024, items: 10_000, cases: 100_000, batchRecords: 100_000,
  rows: 10_000, columns: 64, cellChars: 4096,
};

const nested = (n) => { let v = 1; for (let i = 0; i < n; i++) v = [v]; return v; };
const padTo = (text, bytes) => text + " ".repeat(bytes - Buffer.byteLength(text));

function refused(call, code, path) {
  assert.throws(call, (e) => {
    assert.equal(e.name, "SlafeeError");
    const problem = e.code === "invalid_rule_set" ? e.problems[0] : e;
    assert.deepEqual({ code: problem.code, path: problem.path }, { code, path });
    return true;
  });
}

function skippedOnly(report) {
  assert.equal(report.skipped, 1, JSON.stringify(report.errors));
  return { code: report.errors[0].code, path: report.errors[0].path };
}

test("a rule set is at most 4 MiB of text, one or several parts together", () => {
  const atLimit = padTo(RULES_TEXT, LIMITS.ruleSetBytes);
  assert.deepEqual(new Engine(atLimit).ruleSets, [{ id: "default", version: "2026.1" }]);
  refused(() => new Engine(atLimit + " "), "too_large", "");
  // UTF-8 bytes, not UTF-16 units: 2 MiB of 水 is 6 MiB.
  refused(() => new Engine(RULES_TEXT.replace("紧急", "紧急" + "水".repeat(2 * MiB))), "too_large", "");
  refused(() => new Engine([padTo(RULES_TEXT, 3 * MiB), padTo("{}", MiB + 1)]), "too_large", "");
});

test("JSON nests at most 64 levels: tickets, records, rule sets and case files alike", () => {
  // The ticket is level 1, x level 2: x holds 62 more arrays at the limit.
  assert.equal(engine.classify({ ...TICKET, x: nested(LIMITS.depth - 1) }).priority, "routine");
  refused(() => engine.classify({ ...TICKET, x: nested(LIMITS.depth) }), "too_deep", "/x" + "/0".repeat(LIMITS.depth - 1));
  const line = (n) => JSON.stringify({ ...TICKET, x: nested(n) });
  const report = engine.kpi([line(LIMITS.depth - 1), line(LIMITS.depth)].join("\n"), { now: NOW });
  assert.deepEqual([report.records, report.evaluated], [2, 1]);
  assert.deepEqual(report.errors.map((e) => [e.index, e.code, e.path]), [[1, "too_deep", "/x" + "/0".repeat(LIMITS.depth - 1)]]);
  const text = (n) => "[".repeat(n) + "]".repeat(n);
  refused(() => new Engine(text(LIMITS.depth)), "wrong_type", "");
  refused(() => new Engine(text(LIMITS.depth + 1)), "too_deep", "/0".repeat(LIMITS.depth));
  refused(() => engine.runCases(text(LIMITS.depth + 1)), "too_deep", "/0".repeat(LIMITS.depth));
});

test("a text is at most 64 KiB of UTF-8, in tickets, records and rule sets", () => {
  assert.equal(engine.classify({ ...TICKET, description: "x".repeat(LIMITS.textBytes) }).priority, "routine");
  refused(() => engine.classify({ ...TICKET, description: "x".repeat(LIMITS.textBytes + 1) }), "string_too_long", "/description");
  // 21 846 × 3 bytes = 65 538 bytes in 21 846 characters.
  refused(() => engine.classify({ ...TICKET, description: "滴".repeat(21_846) }), "string_too_long", "/description");
  const line = JSON.stringify({ ...TICKET, team: "x".repeat(LIMITS.textBytes + 1) });
  assert.deepEqual(skippedOnly(engine.kpi(line, { now: NOW })), { code: "string_too_long", path: "/team" });
  const rules = structuredClone(RULES);
  rules.priorities[1].label.en = "x".repeat(LIMITS.textBytes + 1);
  refused(() => new Engine(JSON.stringify(rules)), "string_too_long", "/priorities/1/label/en");
  refused(() => engine.deadlines(TICKET, "x".repeat(LIMITS.textBytes + 1)), "string_too_long", "/now");
});

test("a list (or object) in a ticket, order or record holds at most 10 000 items", () => {
  const events = (n) => Array.from({ length: n }, () => EVENT);
  assert.equal(engine.deadlines({ ...TICKET, events: events(LIMITS.items) }, NOW).priority, "routine");
  refused(() => engine.deadlines({ ...TICKET, events: events(LIMITS.items + 1) }, NOW), "too_many_items", "/events");
  const keys = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));
  assert.equal(engine.classify({ ...keys(LIMITS.items - 5), ...TICKET }).priority, "routine");
  refused(() => engine.classify({ ...keys(LIMITS.items), ...TICKET }), "too_many_items", "");
  const lines = (n) => Array.from({ length: n }, () => ({ code: "PLMB-01" }));
  assert.equal(engine.quote({ ...TICKET, lines: lines(LIMITS.items) }, NOW).lines.length, LIMITS.items);
  refused(() => engine.quote({ ...TICKET, lines: lines(LIMITS.items + 1) }, NOW), "too_many_items", "/lines");
  const line = JSON.stringify({ ...TICKET, callbacks: Array(LIMITS.items + 1).fill({ at: NOW }) });
  assert.deepEqual(skippedOnly(engine.kpi(line, { now: NOW })), { code: "too_many_items", path: "/callbacks" });
});

test("a ticket, order or record is at most 1 MiB: as NDJSON text, or a JS value's JSON", () => {
  const big = { ...TICKET, notes: Array.from({ length: 17 }, () => "x".repeat(62_000)) };
  assert.ok(JSON.stringify(big).length > LIMITS.recordBytes);
  refused(() => engine.classify(big), "too_large", "");
  refused(() => engine.quote({ ...big, lines: [{ code: "PLMB-01" }] }, NOW), "too_large", "");
  assert.deepEqual(skippedOnly(engine.kpi(JSON.stringify(big), { now: NOW })), { code: "too_large", path: "" });
  assert.deepEqual(skippedOnly(engine.kpi([big], { now: NOW })), { code: "too_large", path: "" });
  const run = engine.kpiRun({ now: NOW });
  run.addLine(padTo(JSON.stringify(TICKET), LIMITS.recordBytes));
  run.addLine(padTo(JSON.stringify(TICKET), LIMITS.recordBytes + 1));
  run.addLine("x".repeat(20 * MiB)); // refused before it is copied into the module
  const report = run.finish();
  assert.deepEqual([report.records, report.evaluated], [3, 1]);
  assert.deepEqual(report.errors.map((e) => [e.index, e.code]), [[1, "too_large"], [2, "too_large"]]);
});

test("one kpi call takes at most 100 000 records and 64 MiB of NDJSON; a stream takes any number", () => {
  const full = engine.kpi("{}\n".repeat(LIMITS.batchRecords), { now: NOW });
  assert.equal(full.records, LIMITS.batchRecords);
  refused(() => engine.kpi("{}\n".repeat(LIMITS.batchRecords + 1), { now: NOW }), "too_many_records", "");
  refused(() => engine.kpi(Array(LIMITS.batchRecords + 1).fill({}), { now: NOW }), "too_many_records", "");
  refused(() => engine.kpi("\n".repeat(LIMITS.batchBytes + 1), { now: NOW }), "too_large", "");
  const run = engine.kpiRun({ now: NOW });
  for (let i = 0; i <= LIMITS.batchRecords; i++) run.addLine("{}");
  assert.equal(run.finish().records, LIMITS.batchRecords + 1);
  refused(() => engine.diff(engine, Array(LIMITS.batchRecords + 1).fill(TICKET), NOW), "too_many_records", "");
});

test("a case file is at most 16 MiB and 100 000 cases", () => {
  const file = (n) => JSON.stringify({ cases: Array(n).fill({ name: "c", ticket: { kind: "enquiry" }, expect: { priority: "low" } }) });
  assert.equal(engine.runCases(file(3)).passed, 3);
  refused(() => engine.runCases(file(LIMITS.cases + 1)), "too_many_cases", "/cases");
  refused(() => engine.runCases(padTo(file(1), LIMITS.caseFileBytes + 1)), "too_large", "");
});

test("a table has at most 10 000 rows, 64 input columns, cells of 4 096 characters", () => {
  const withTable = (table) => { const r = structuredClone(RULES); r.tables.big = table; return JSON.stringify(r); };
  const rows = (n) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, when: { households: `${i}` }, then: { free: "true" } }));
  const table = (n) => ({ hit_policy: "first", inputs: [{ field: "households", type: "number" }], outputs: ["free"], rules: rows(n) });
  assert.equal(new Engine(withTable(table(LIMITS.rows))).decide("big", { households: 9_999 }).rules[0], "r9999");
  refused(() => new Engine(withTable(table(LIMITS.rows + 1))), "too_many_rows", "/tables/big/rules");
  const columns = (n) => ({ hit_policy: "first", inputs: Array.from({ length: n }, (_, i) => `c${i}`), outputs: ["free"], rules: [{ id: "r", when: {}, then: { free: "true" } }] });
  assert.ok(new Engine(withTable(columns(LIMITS.columns))));
  refused(() => new Engine(withTable(columns(LIMITS.columns + 1))), "too_many_columns", "/tables/big/inputs");
  const cell = (n) => ({ ...table(1), inputs: ["note"], rules: [{ id: "r", when: { note: `"${"x".repeat(n - 2)}"` }, then: { free: "true" } }] });
  assert.ok(new Engine(withTable(cell(LIMITS.cellChars))));
  refused(() => new Engine(withTable(cell(LIMITS.cellChars + 1))), "string_too_long", "/tables/big/rules/0/when/note");
});
