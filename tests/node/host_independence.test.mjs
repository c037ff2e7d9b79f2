// Host independence: the CLI over every example in examples/ — classify, decide, deadlines,
// quote, follow-ups, kpi, schedule, test, lint, diff, each with a fixed --now / --at — run as a
// child process under TZ=America/New_York, Asia/Shanghai and UTC (LANG=C, LC_ALL=C), must print
// byte-identical stdout and stderr and exit alike: no host clock or zone enters a result.
// The runs of one command go concurrently to keep the whole file well under 20 s.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(root, "pkg/cli.js");
const ZONES = ["America/New_York", "Asia/Shanghai", "UTC"];
const RULES = ["--rules", "rules/default.json"];
// A fixed instant in the default calendar's year, and one across New York's DST change.
const NOW = "2026-04-30T18:00:00+08:00";
const DST = "2026-03-08T07:30:00Z";

const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".ndjson")).sort();

/** Every command over the examples it applies to (kept short: each run starts Node and wasm). */
const COMMANDS = [
  ["classify", ...RULES, "--trace", "examples/tickets.ndjson"],
  ["deadlines", ...RULES, "--now", DST, "examples/records.ndjson"],
  ["quote", ...RULES, "--now", NOW, "examples/orders.ndjson"],
  ["quote", ...RULES, "--now", NOW, "--format", "table", "examples/orders.ndjson"],
  ["follow-ups", ...RULES, "--now", NOW, "examples/records.ndjson"],
  ["kpi", ...RULES, "--now", NOW, "--by", "day,week,month,category,priority,team", "examples/records.ndjson"],
  ["kpi", ...RULES, "--now", DST, "--by", "month,category", "--format", "table", "examples/records.ndjson"],
  ["test", ...RULES],
  ["lint", ...RULES],
  ["diff", ...RULES, "--to", "AFTER", "--now", NOW, "examples/orders.ndjson"],
];

/** The default rule set as a next version: pipe bursts demoted, the tap's labor repriced. */
function writeAfter(dir) {
  const rules = JSON.parse(readFileSync(join(root, "rules/default.json"), "utf8"));
  rules.version = "2026.2";
  rules.classify.rules.find((r) => r.id === "pipe-burst").then.priority = "routine";
  rules.fees.schedule.find((i) => i.code === "PLMB-01").labor = "12.00";
  const file = join(dir, "after.json");
  writeFileSync(file, JSON.stringify(rules));
  return file;
}

function run(args, tz) {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { PATH: process.env.PATH, TZ: tz, LANG: "C", LC_ALL: "C" },
    }, (error, stdout, stderr) => resolve({ status: error ? error.code : 0, stdout, stderr }));
  });
}

test("every example file is run by some command", () => {
  assert.deepEqual(examples, ["orders.ndjson", "records.ndjson", "tickets.ndjson"]);
  for (const file of examples) {
    assert.ok(COMMANDS.some((c) => c.includes(`examples/${file}`)), file);
  }
});

test("the same bytes under three host time zones, for every command", async () => {
  const dir = mkdtempSync(join(tmpdir(), "slafee-tz-"));
  const after = writeAfter(dir);
  try {
    // Each command's three runs go together, two commands at a time.
    const results = [];
    for (let i = 0; i < COMMANDS.length; i += 2) {
      const batch = COMMANDS.slice(i, i + 2).map((c) => c.map((a) => (a === "AFTER" ? after : a)));
      results.push(...await Promise.all(batch.map((args) => Promise.all(ZONES.map((tz) => run(args, tz))))));
    }
    COMMANDS.forEach((args, c) => {
      const [first, ...others] = results[c];
      const name = args.filter((a) => a !== "rules/default.json" && a !== "--rules").join(" ");
      assert.ok(first.stdout.length > 0, `${name}: no output (${first.stderr})`);
      assert.ok([0, 1, 2].includes(first.status), `${name}: exit ${first.status} ${first.stderr}`);
      others.forEach((other, i) => {
        const zone = ZONES[i + 1];
        assert.equal(other.status, first.status, `${name}: exit under ${zone}`);
        assert.ok(other.stdout === first.stdout, `${name}: stdout differs under ${zone} from ${ZONES[0]}`);
        assert.ok(other.stderr === first.stderr, `${name}: stderr differs under ${zone}: ${other.stderr}`);
      });
    });
    // The diff really compared something.
    assert.match(results[COMMANDS.length - 1][0].stdout, /"what":"total"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
