// The default rule set's case file (rules/default.cases.json) through the built package's
// engine.runCases: held to the same figures as the native runner (tests/default_cases.rs) —
// every case passes, and coverage of the rule set is complete: 26 classification rows, the
// free-of-charge row, 16 SLA targets and 58 schedule items.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine } from "../../pkg/node.js";

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const rules = read("rules/default.json");
const casesText = read("rules/default.cases.json");
const engine = new Engine(rules);

/** The coverage the native test asserts for the full case file. */
const FULL_COVERAGE = {
  tables: [
    { table: "classify", rows: 26, covered: 26, uncovered: [] },
    { table: "free-of-charge", rows: 1, covered: 1, uncovered: [] },
  ],
  targets: { targets: 16, covered: 16, uncovered: [] },
  items: { items: 58, covered: 58, uncovered: [] },
  percent: "100.0",
};

function failures(report) {
  return report.cases
    .filter((c) => !c.pass)
    .map((c) => {
      const lines = c.mismatches.map(
        (m) => `    at ${JSON.stringify(m.path)}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`,
      );
      if (c.error) lines.push(`    error ${c.error.code} at ${JSON.stringify(c.error.path)}: ${c.error.message}`);
      return [`✗ ${c.name} (${c.call})`, ...lines].join("\n");
    })
    .join("\n");
}

test("every case of rules/default.cases.json passes through the package", () => {
  const report = engine.runCases(casesText);
  const file = JSON.parse(casesText);
  assert.ok(file.cases.length >= 100, `${file.cases.length} cases`);
  assert.equal(report.failed, 0, `${report.failed} cases fail:\n${failures(report)}`);
  assert.equal(report.passed, file.cases.length);
  assert.deepEqual(report.rule_set, { id: "default", version: "2026.1" });
  // One result per case, in file order, with the case's call; a passing case has no diff and
  // no error key at all (the native report omits it).
  assert.equal(report.cases.length, file.cases.length);
  report.cases.forEach((result, i) => {
    const doc = file.cases[i];
    assert.equal(result.name, doc.name);
    assert.equal(result.call, doc.call ?? "classify", doc.name);
    assert.equal(result.pass, true, doc.name);
    assert.deepEqual(result.mismatches, [], doc.name);
    assert.ok(!Object.hasOwn(result, "error"), doc.name);
  });
});

test("the case file covers the whole default rule set, with the native figures", () => {
  const report = engine.runCases(casesText);
  assert.deepEqual(report.coverage, FULL_COVERAGE);
  assert.equal(report.coverage.percent, "100.0");
  // The report is plain JSON (no Maps or class instances): it round-trips unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
});

test("without the quote cases every schedule item is uncovered, in schedule order", () => {
  const file = JSON.parse(casesText);
  file.cases = file.cases.filter((c) => c.call !== "quote");
  const report = engine.runCases(JSON.stringify(file));
  assert.equal(report.failed, 0, failures(report));
  const codes = JSON.parse(rules).fees.schedule.map((item) => item.code);
  assert.equal(codes.length, 58);
  assert.deepEqual(report.coverage.items, { items: 58, covered: 0, uncovered: codes });
  assert.deepEqual(report.coverage.tables, FULL_COVERAGE.tables);
  assert.deepEqual(report.coverage.targets, FULL_COVERAGE.targets);
  // 43 of 101 (27 rows and 16 targets): 42.57… → "42.6", as natively.
  assert.equal(report.coverage.percent, "42.6");
});

test("a wrong case reports its mismatch at the same pointer as natively", () => {
  const report = engine.runCases(
    JSON.stringify({
      cases: [
        {
          name: "wrong row: 滴水 fires leak",
          ticket: { kind: "repair", area: "indoor", system: "water", description: "厨房水龙头一直滴水" },
          row: "pipe-burst",
          expect: { priority: "emergency", rank: 2 },
        },
      ],
    }),
  );
  assert.equal(report.failed, 1);
  assert.deepEqual(report.cases[0].mismatches, [
    { path: "/priority", expected: "emergency", actual: "routine" },
    { path: "/rule", expected: "pipe-burst", actual: "leak" },
  ]);
});
