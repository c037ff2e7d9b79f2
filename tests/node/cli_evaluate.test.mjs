// The CLI's evaluate command and what every streaming command shares: files and stdin, exit
// codes, file:line errors, --format table, --help per command, --jobs (same output, in order) and
// the progress bar, drawn on a terminal (a real pty through util-linux `script`) and never into a pipe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
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
    ["follow-ups", "--rules", RULES, "--jobs", "2"],
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

test("deadlines and quote stream through the core: --jobs 2 is byte-identical to --jobs 1, bad lines in place", () => {
  const orders = readFileSync(join(root, "examples/orders.ndjson"), "utf8").trim().split("\n");
  // Long enough for many parts per worker; the bad lines sit in the middle of the input.
  const input = [];
  const burstOrder = JSON.stringify({ ...burst, lines: [{ code: "PLMB-01", quantity: 2 }] });
  for (let i = 0; i < 2400; i++) input.push(i % 3 === 0 ? burstOrder : orders[i % orders.length]);
  input.splice(1200, 0, "{oops", "", '{"kind":"repair","kind":"help","created":"2026-03-02T09:00:00+08:00","lines":[]}', '{"kind":"repair"}');
  const file = join(dir, "mixed.ndjson");
  writeFileSync(file, input.join("\n") + "\n");
  for (const command of ["deadlines", "quote"]) {
    for (const format of ["ndjson", "table"]) {
      const args = [command, "--rules", RULES, "--now", NOW, "--format", format, file];
      const one = run([...args, "--jobs", "1"]);
      const two = run([...args, "--jobs", "2"]);
      assert.equal(one.status, 2, `${command} ${format}: ${one.stderr}`);
      assert.equal(two.status, 2, `${command} ${format}`);
      assert.equal(two.stdout, one.stdout, `${command} ${format}: stdout`);
      assert.equal(two.stderr, one.stderr, `${command} ${format}: stderr`);
      // One result per non-blank line; the bad ones (lines 1201, 1203, 1204) reported as FILE:LINE.
      assert.equal(one.stderr.split("\n").length - 1, 3, one.stderr);
      assert.match(one.stderr, /\/mixed\.ndjson:1201: json_syntax at \/: /);
      assert.match(one.stderr, /\/mixed\.ndjson:1203: duplicate_key at \/kind: /);
      assert.match(one.stderr, /\/mixed\.ndjson:1204: missing_field at \/(created|lines): /);
      if (format === "table") continue;
      const out = lines(one.stdout);
      assert.equal(out.length, 2403);
      assert.deepEqual(out.slice(1199, 1204).map((o) => [o.line, o.error?.code ?? "ok"]),
        [[1200, "ok"], [1201, "json_syntax"], [1203, "duplicate_key"], [1204, "missing_field"], [1205, "ok"]]);
    }
  }
  // The receipts table still names each order by its id.
  const table = run(["quote", "--rules", RULES, "--now", NOW, "--format", "table", "--jobs", "2", file]);
  assert.match(table.stdout, /^line 2 W002 · priced · /m);
  assert.match(table.stdout, /^line 1203: error duplicate_key at \/kind/m);
});

test("deadlines and quote lines are the engine's results after their line number, byte for byte", async () => {
  const { Engine } = await import(join(root, "pkg/node.js"));
  const engine = new Engine(readFileSync(join(root, RULES), "utf8"));
  const order = readFileSync(join(root, "examples/orders.ndjson"), "utf8").split("\n")[0];
  const text = `${JSON.stringify(burst)}\n${order}\n`;
  const d = run(["deadlines", "--rules", RULES, "--now", NOW, "--jobs", "2"], text);
  assert.equal(d.status, 0, d.stderr);
  assert.equal(d.stdout, [burst, JSON.parse(order)].map((t, i) => JSON.stringify({ line: i + 1, ...engine.deadlines(t, NOW) }) + "\n").join(""));
  const q = run(["quote", "--rules", RULES, "--now", NOW, "--jobs", "2"], `${order}\n`);
  assert.equal(q.status, 0, q.stderr);
  assert.equal(q.stdout, JSON.stringify({ line: 1, ...engine.quote(JSON.parse(order), NOW) }) + "\n");
  for (const command of ["decide", "follow-ups", "schedule"]) {
    const r = run([command, "--rules", RULES, "--jobs", "2"], "");
    assert.equal(r.status, 2, command);
    assert.match(r.stderr, /--jobs applies to evaluate, classify, deadlines, quote and kpi only/);
  }
});
