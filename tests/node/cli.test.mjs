// The slafee command line, run as a user runs it: a child process over files and stdin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RULES_TEXT } from "./fixtures.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(root, "pkg/cli.js");
let dir;
let rules;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "slafee-cli-"));
  rules = join(dir, "rules.json");
  writeFileSync(rules, RULES_TEXT);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args, input) {
  return spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", cwd: root });
}

const lines = (text) => text.trim().split("\n").map((l) => JSON.parse(l));

test("classify reads NDJSON from a file and writes one result per line", () => {
  const file = join(dir, "t.ndjson");
  writeFileSync(file, ['{"description":"煤气泄漏"}', "", '{"kind":"enquiry"}'].join("\n"));
  const r = run(["classify", "--rules", rules, file]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(lines(r.stdout).map((o) => [o.line, o.priority, o.rule]), [
    [1, "emergency", "gas"],
    [3, "low", "enquiry"],
  ]);
});

test("classify reads standard input when no file (or -) is given", () => {
  for (const args of [["classify", "--rules", rules], ["classify", `--rules=${rules}`, "-"]]) {
    const r = run(args, '{"kind":"repair"}\n');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(lines(r.stdout)[0].priority, "routine");
  }
});

test("a bad line is reported in place with file:line on stderr, the rest still evaluated, exit 2", () => {
  const file = join(dir, "bad.ndjson");
  writeFileSync(file, ['{"description": 1}', "{oops", '{"kind":"enquiry"}'].join("\n"));
  const r = run(["classify", "--rules", rules, file]);
  assert.equal(r.status, 2);
  const out = lines(r.stdout);
  assert.equal(out.length, 3);
  assert.deepEqual([out[0].error.code, out[0].error.path], ["type_mismatch", "/description"]);
  assert.equal(out[1].error.code, "json_syntax");
  assert.equal(out[2].priority, "low");
  assert.match(r.stderr, /bad\.ndjson:1: type_mismatch at \/description/);
  assert.match(r.stderr, /bad\.ndjson:2: json_syntax/);
});

test("the shipped default rules classify the bundled sample tickets", () => {
  const r = run(["classify", "--rules", "rules/default.json", "examples/tickets.ndjson"]);
  assert.equal(r.status, 0, r.stderr);
  const samples = readFileSync(join(root, "examples/tickets.ndjson"), "utf8").trim().split("\n");
  const out = lines(r.stdout);
  assert.equal(out.length, samples.length);
  assert.ok(samples.length >= 20);
  const priorities = new Set(out.map((o) => o.priority));
  for (const p of ["emergency", "routine", "low"]) assert.ok(priorities.has(p), `no ${p} sample`);
});

test("check accepts a valid rule file and lists every problem of a bad one", () => {
  const ok = run(["check", rules]);
  assert.equal(ok.status, 0);
  assert.match(ok.stdout, /ok \(node-test 1\)/);
  const bad = join(dir, "bad.json");
  writeFileSync(bad, JSON.stringify({ ...JSON.parse(RULES_TEXT), priorities: [] }));
  const r = run(["check", bad]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /invalid_value at \/priorities/);
  assert.match(r.stdout, /unknown_priority at \/classify\/rules\/0\/then\/priority/);
});

test("usage errors exit 2 with the usage text; --help exits 0", () => {
  for (const args of [["frobnicate"], ["classify"], ["classify", "--rules", rules, "--bogus"]]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(" "));
    assert.match(r.stderr, /usage: slafee/);
  }
  const missing = run(["classify", "--rules", join(dir, "nope.json")]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read rule set .*nope\.json/);
  const help = run(["--help"]);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /classify --rules RULES/);
});

test("--rules accepts a folder whose files together make one rule set", () => {
  const folder = join(dir, "split");
  const { classify, ...rest } = JSON.parse(RULES_TEXT);
  execFileSync("mkdir", ["-p", folder]);
  writeFileSync(join(folder, "a-base.json"), JSON.stringify(rest));
  writeFileSync(join(folder, "b-classify.json"), JSON.stringify({ classify }));
  writeFileSync(join(folder, "schema.json"), "not a rule file, skipped");
  writeFileSync(join(folder, "x.cases.json"), "not a rule file, skipped");
  const r = run(["classify", "--rules", folder], '{"kind":"enquiry"}\n');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(lines(r.stdout)[0].rule, "enquiry");
  const c = run(["check", folder]);
  assert.equal(c.status, 0, c.stdout);
});

test("repeated --rules load versions; each ticket gets the one in effect when it was created", () => {
  const v2 = join(dir, "v2.json");
  const doc = JSON.parse(RULES_TEXT);
  writeFileSync(v2, JSON.stringify({ ...doc, version: "2", effective_from: "2026-07-01",
    classify: { ...doc.classify, default: { priority: "low" } } }));
  const input = [
    '{"kind":"repair","created":"2026-06-30T23:59:59+08:00"}',
    '{"kind":"repair","created":"2026-07-01T00:00:00+08:00"}',
  ].join("\n");
  const r = run(["classify", "--rules", rules, "--rules", v2], input);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(lines(r.stdout).map((o) => [o.rule_set.version, o.priority]), [["1", "routine"], ["2", "low"]]);
});

test("--trace shows why each earlier row did not fire", () => {
  const r = run(["classify", "--rules", rules, "--trace"], '{"kind":"enquiry","description":"电费"}\n');
  assert.equal(r.status, 0, r.stderr);
  const [out] = lines(r.stdout);
  assert.deepEqual(out.trace.map((t) => [t.row, t.matched]), [["gas", false], ["lift", false], ["enquiry", true]]);
  assert.deepEqual(out.trace[0].failed, { input: "description", cell: 'contains("燃气","煤气")', value: "电费" });
});

test("decide evaluates a named table", () => {
  const withTable = join(dir, "tables.json");
  writeFileSync(withTable, JSON.stringify({ ...JSON.parse(RULES_TEXT), tables: { free: {
    hit_policy: "first", inputs: ["area"], outputs: ["free"], default: { free: false },
    rules: [{ id: "common", when: { area: '"common"' }, then: { free: true } }] } } }));
  const r = run(["decide", "--rules", withTable, "--table", "free"], '{"area":"common"}\n{"area":"indoor"}\n');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(lines(r.stdout).map((o) => [o.rules, o.outputs]), [[["common"], [{ free: true }]], [[], [{ free: false }]]]);
  const missing = run(["decide", "--rules", withTable], "{}\n");
  assert.equal(missing.status, 2);
});

test("deadlines prints each target's clock at --now, and says which now it used when defaulted", () => {
  const input = '{"kind":"repair","system":"water","description":"厨房水管爆裂","created":"2026-03-02T09:00:00+08:00"}\n';
  const r = run(["deadlines", "--rules", "rules/default.json", "--now", "2026-03-02T09:20:00+08:00"], input);
  assert.equal(r.status, 0, r.stderr);
  const [out] = lines(r.stdout);
  assert.equal(out.priority, "emergency");
  assert.deepEqual(out.targets.map((t) => [t.target, t.state]).slice(0, 3), [["respond", "running"], ["arrive", "running"], ["resolve", "running"]]);
  assert.equal(out.targets[0].deadline, "2026-03-02T09:30:00+08:00");
  const defaulted = run(["deadlines", "--rules", "rules/default.json"], input);
  assert.match(defaulted.stderr, /slafee: --now \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
});
