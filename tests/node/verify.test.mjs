// Lint, version diff and case runs through the package and the CLI (`lint`, `diff`, `test`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine } from "../../pkg/node.js";
import { RULES } from "./fixtures.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(root, "pkg/cli.js");
const NOW = "2026-06-01T09:12:00+08:00";
const defaultText = readFileSync(join(root, "rules/default.json"), "utf8");
let dir;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "slafee-verify-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (args, input) => spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", cwd: root });

/** The fixture rule set with a first-hit table whose second row never fires and which has a gap. */
function flawed() {
  return {
    ...RULES,
    tables: {
      dispatch: {
        hit_policy: "first", inputs: ["kind", "area"], outputs: ["team"],
        rules: [
          { id: "repair", when: { kind: '"repair"' }, then: { team: "工程" } },
          { id: "indoor-repair", when: { kind: '"repair"', area: '"indoor"' }, then: { team: "维修" } },
        ],
      },
    },
  };
}

/** The default rule set with elevator faults made emergencies and a tap's labor raised to 12. */
function changedDefault() {
  const rules = JSON.parse(defaultText);
  rules.version = "2026.2";
  rules.classify.rules.find((r) => r.id === "elevator-fault").then.priority = "emergency";
  rules.fees.schedule.find((i) => i.code === "PLMB-01").labor = "12.00";
  return rules;
}

const samples = () =>
  ["examples/tickets.ndjson", "examples/orders.ndjson"].flatMap((f) =>
    readFileSync(join(root, f), "utf8").trim().split("\n").map((l) => JSON.parse(l)));

test("lint finds the gap and the unreachable row, with witnesses the engine confirms", () => {
  const engine = new Engine(JSON.stringify(flawed()));
  const report = engine.lint();
  // The fixture declares no SLA targets: each priority is also reported for that.
  assert.equal(report.findings.filter((f) => f.kind === "priority_without_targets").length, 3);
  const tables = report.findings.filter((f) => f.table);
  assert.deepEqual(tables.map((f) => [f.kind, f.severity, f.rows]), [
    ["gap", "error", []],
    ["unreachable", "warning", ["indoor-repair"]],
  ]);
  const [gap, unreachable] = tables;
  assert.throws(() => engine.decide("dispatch", gap.witness), (e) => e.code === "no_match");
  assert.deepEqual(engine.decide("dispatch", unreachable.witness).rules, ["repair"]);
  // Each finding's case passes when run as a case file.
  const cases = engine.runCases(JSON.stringify({ cases: tables.map((f) => f.case) }));
  assert.equal(cases.failed, 0);
  assert.deepEqual(new Engine(defaultText).lint().findings, []);
});

test("diff lists exactly the samples a row and a price change affect", () => {
  const before = new Engine(defaultText);
  const afterEngine = new Engine(JSON.stringify(changedDefault()));
  const report = before.diff(afterEngine, samples(), NOW);
  assert.deepEqual(report.changed.map((t) => [t.id, t.changes.map((c) => [c.what, c.before, c.after])]), [
    ["T017", [["priority", "routine", "emergency"]]],
    ["W001", [["total", "45.00", "47.00"]]],
    ["W002", [["total", "20.00", "24.00"]]],
  ]);
  const witnesses = before.diff(afterEngine, null, NOW);
  assert.equal(witnesses.witnesses, true);
  assert.deepEqual(witnesses.changed.map((t) => t.ticket.system), ["elevator"]);
  assert.throws(() => before.diff(afterEngine, [{}], "soon"), (e) => e.code === "invalid_date" && e.path === "/now");
});

test("the CLI runs cases, lints and diffs with exit codes", () => {
  const tested = run(["test", "--rules", "rules/default.json"]);
  assert.equal(tested.status, 0, tested.stderr);
  assert.match(tested.stdout, /126 passed, 0 failed; coverage 100\.0%/);
  const json = JSON.parse(run(["test", "--rules", "rules/default.json", "--format", "json"]).stdout);
  assert.equal(json.coverage.percent, "100.0");
  const badCases = join(dir, "bad.cases.json");
  writeFileSync(badCases, JSON.stringify({ cases: [{ name: "wrong", ticket: { kind: "enquiry", description: "x" }, expect: { priority: "emergency" } }] }));
  const failed = run(["test", "--rules", "rules/default.json", badCases]);
  assert.equal(failed.status, 1);
  assert.match(failed.stdout, /✗ wrong\n    at \/priority: expected "emergency", got "low"/);

  const flawedFile = join(dir, "flawed.json");
  writeFileSync(flawedFile, JSON.stringify(flawed()));
  const linted = run(["lint", "--rules", flawedFile]);
  assert.equal(linted.status, 1);
  assert.match(linted.stdout, /error gap at \/tables\/dispatch/);
  assert.equal(run(["lint", "--rules", "rules/default.json"]).status, 0);

  const afterFile = join(dir, "after.json");
  writeFileSync(afterFile, JSON.stringify(changedDefault()));
  const input = samples().map((s) => JSON.stringify(s)).join("\n");
  const diffed = run(["diff", "--rules", "rules/default.json", "--to", afterFile, "--now", NOW, "-"], input);
  assert.equal(diffed.status, 1, diffed.stderr);
  assert.deepEqual(diffed.stdout.trim().split("\n").map((l) => JSON.parse(l).id), ["T017", "W001", "W002"]);
  const same = run(["diff", "--rules", "rules/default.json", "--to", "rules/default.json", "--now", NOW]);
  assert.equal(same.status, 0);
  assert.match(same.stderr, /0 of \d+ witness tickets change/);
  assert.equal(run(["diff", "--rules", "rules/default.json"]).status, 2);
  assert.equal(run(["lint", "--rules", "rules/default.json", "--to", "x"]).status, 2);
});
