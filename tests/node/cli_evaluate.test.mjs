// The CLI's evaluate command and what every streaming command shares: files and stdin, exit
// codes, file:line errors, --format table, --help per command, --jobs (same output, in order) and
// the progress bar, drawn on a terminal (a real pty through util-linux `script`) and never into a pipe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(root, "pkg/cli.js");
const RULES = "rules/default.json";
const NOW = "2026-03-02T10:00:00+08:00";
let dir;
let tickets;
let many;

const burst = { kind: "repair", area: "indoor", system: "water", description: "厨房水管爆裂", created: "2026-03-02T09:15:00+08:00" };
const enquiry = { kind: "enquiry", area: "indoor", system: "other", description: "物业费怎么交", created: "2026-03-02T08:00:00+08:00" };

before(() => {
  dir = mkdtempSync(join(tmpdir(), "slafee-cli-eval-"));
  tickets = join(dir, "tickets.ndjson");
  writeFileSync(tickets, [JSON.stringify(burst), "", '{"kind":"repair"}', "{oops", JSON.stringify({ ...enquiry, lines: [{ code: "PLMB-01" }] })].join("\n") + "\n");
  many = join(dir, "many.ndjson");
  const lines = [];
  for (let i = 0; i < 3000; i++) lines.push(JSON.stringify(i % 1000 === 7 ? { bad: true } : i % 2 ? burst : enquiry));
  writeFileSync(many, lines.join("\n") + "\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (args, input) => spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", cwd: root, maxBuffer: 1 << 28 });
const lines = (text) => text.trim().split("\n").map((l) => JSON.parse(l));

test("evaluate writes one result per non-blank line, errors in place and on stderr as file:line, exit 2", () => {
  const r = run(["evaluate", "--rules", RULES, "--now", NOW, tickets]);
  assert.equal(r.status, 2);
  const out = lines(r.stdout);
  assert.deepEqual(out.map((o) => [o.line, o.priority ?? o.error.code]), [[1, "emergency"], [3, "missing_field"], [4, "json_syntax"], [5, "low"]]);
  assert.ok(Array.isArray(out[0].targets) && out[0].follow_ups);
  assert.equal(out[3].fee.status, "priced");
  assert.match(r.stderr, /tickets\.ndjson:3: missing_field at \/created/);
  assert.match(r.stderr, /tickets\.ndjson:4: json_syntax at \//);
});

test("evaluate reads stdin, exits 0 when every line is good, and prints the default --now", () => {
  const r = run(["evaluate", "--rules", RULES], JSON.stringify(burst) + "\n");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(lines(r.stdout)[0].priority, "emergency");
  assert.match(r.stderr, /^slafee: --now \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m);
  const dash = run(["evaluate", "--rules", RULES, "--now", NOW, "-"], JSON.stringify(enquiry));
  assert.equal(dash.status, 0, dash.stderr);
  assert.equal(dash.stderr, "");
});

test("usage and input errors exit 2", () => {
  for (const args of [
    ["evaluate", "--now", NOW],                                   // no --rules
    ["evaluate", "--rules", RULES, "--now", "tomorrow"],          // bad --now
    ["evaluate", "--rules", RULES, "--now", NOW, "--jobs", "0"],  // bad --jobs
    ["evaluate", "--rules", RULES, "--now", NOW, "--format", "xml"],
    ["evaluate", "--rules", RULES, "--now", NOW, join(dir, "missing.ndjson")],
    ["kpi", "--rules", RULES, "--jobs", "2"],
    ["evaluate", "--rules", "no-such-rules.json"],
  ]) {
    const r = run(args, "");
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.notEqual(r.stderr, "");
  }
});

test("--format table prints one row per ticket for people", () => {
  const r = run(["evaluate", "--rules", RULES, "--now", NOW, "--format", "table", tickets]);
  const rows = r.stdout.trim().split("\n");
  assert.equal(rows.length, 4);
  assert.match(rows[0], /^line 1 · emergency 紧急 · rule \S+ · /);
  assert.match(rows[1], /^line 3: error missing_field at \/created/);
  assert.match(rows[3], /fee \d+\.\d\d/);
  const c = run(["classify", "--rules", RULES, "--format", "table"], JSON.stringify(enquiry));
  assert.match(c.stdout, /^line 1 · low 低优先级 · rule /);
});

test("every command has its own --help; exit 0", () => {
  for (const command of ["evaluate", "classify", "deadlines", "quote", "kpi", "test", "lint", "diff", "check"]) {
    const r = run([command, "--help"]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, new RegExp(`^usage: slafee ${command}\\b`));
    assert.match(r.stdout, /Exit codes: 0 ok/);
    assert.ok(r.stdout.length < 3000, `${command} --help is that command's only`);
  }
  const all = run(["--help"]);
  assert.match(all.stdout, /commands:\n {2}evaluate /);
});

test("--jobs N gives the same output, in input order, as one thread", () => {
  const one = run(["evaluate", "--rules", RULES, "--now", NOW, many]);
  const four = run(["evaluate", "--rules", RULES, "--now", NOW, "--jobs", "3", many]);
  assert.equal(one.status, 2);
  assert.equal(four.status, 2);
  assert.equal(four.stdout, one.stdout);
  assert.equal(four.stderr, one.stderr);
  assert.equal(one.stdout.split("\n").length - 1, 3000);
  const classify = run(["classify", "--rules", RULES, "--jobs", "2", many]);
  assert.equal(classify.stdout, run(["classify", "--rules", RULES, many]).stdout);
});

test("the progress bar is drawn on a terminal only", () => {
  const piped = run(["evaluate", "--rules", RULES, "--now", NOW, many]);
  assert.doesNotMatch(piped.stderr, /records, |\r|\x1b\[K/);
  const command = [process.execPath, cli, "evaluate", "--rules", RULES, "--now", NOW, many, ">/dev/null"].join(" ");
  const tty = spawnSync("script", ["-qfec", command, "/dev/null"], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  if (tty.error) return; // util-linux `script` missing: nothing to compare
  assert.match(tty.stdout, /\r(\[[#.]{30}\]\s+\d+% )?\d+ records, \d+\/s\x1b\[K/);
  assert.match(tty.stdout, /many\.ndjson:8: missing_field/);
});
