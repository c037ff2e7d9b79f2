// KPIs through the built package and the CLI: the native hand-computed cases again (tests/kpi.rs),
// array, NDJSON text and streaming runs giving one report, skipped records located, follow-ups at
// their exact boundaries; the `kpi` and `follow-ups` commands over the sample records, their exit
// codes and host independence (the same bytes under any TZ).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine } from "../../pkg/node.js";
import { RULES_TEXT } from "./fixtures.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(root, "pkg/cli.js");
const read = (path) => readFileSync(join(root, path), "utf8");

/** The instant of the native cases (tests/kpi.rs). */
const NOW = "2026-04-10T12:00:00+08:00";
/** The instant the sample records are read at (scripts/run.sh). */
const SAMPLE_NOW = "2026-04-30T18:00:00+08:00";
const DEFAULT = JSON.parse(read("rules/default.json"));
const engine = new Engine(JSON.stringify(DEFAULT));
const RECORDS_TEXT = read("examples/records.ndjson");
const RECORDS = RECORDS_TEXT.trim().split("\n").map((l) => JSON.parse(l));

/** A routine repair created at `created` (tests/kpi.rs `repair`). */
const repair = (created, extra = {}) => ({
  kind: "repair", area: "indoor", system: "water", description: "水龙头滴水", created, ...extra,
});
const threshold = (group, id) => group.thresholds.find((t) => t.id === id) ?? assert.fail(`no threshold ${id}`);
const kpi = (records, by = [], e = engine, now = NOW) => e.kpi(records, { now, by });

// ---------------------------------------------------------------------------------------------
// The package.

test("20 answers: lenient 95.0 % passes 90 %, strict 85.0 % fails a strict threshold", () => {
  const rules = structuredClone(DEFAULT);
  rules.kpi.thresholds.push({ id: "strict", metric: "satisfaction_strict", at_least: "90%" });
  const strictEngine = new Engine(JSON.stringify(rules));
  const answers = [...Array(17).fill("satisfied"), ...Array(2).fill("basically_satisfied"), "unsatisfied"];
  const records = answers.map((answer) =>
    repair("2026-03-02T09:00:00+08:00", { survey: { answer, at: "2026-03-03T10:00:00+08:00" } }));
  const { overall } = kpi(records, [], strictEngine);
  assert.deepEqual(overall.metrics.satisfaction, { numerator: 19, denominator: 20, percent: "95.0" });
  assert.deepEqual(overall.metrics.satisfaction_strict, { numerator: 17, denominator: 20, percent: "85.0" });
  const lenient = threshold(overall, "satisfaction");
  assert.deepEqual([lenient.value, lenient.verdict, lenient.target, lenient.comparison], ["95.0%", "pass", "90%", "at_least"]);
  const strict = threshold(overall, "strict");
  assert.deepEqual([strict.value, strict.verdict, strict.metric], ["85.0%", "fail", "satisfaction_strict"]);
  assert.deepEqual(strict.rate, { numerator: 17, denominator: 20, percent: "85.0" });
  // The unsatisfied answer owes a supervisor's revisit, overdue at NOW.
  assert.deepEqual([overall.metrics.revisits_owed, overall.metrics.revisits_overdue], [1, 1]);
  // The default rule set has no strict threshold: the same records pass it.
  assert.equal(kpi(records).overall.thresholds.some((t) => t.id === "strict"), false);
});

test("scores 1-5 map onto the rule set's answers", () => {
  const records = [5, 4, 3, 2].map((score) =>
    repair("2026-03-02T09:00:00+08:00", { survey: { score, at: "2026-04-10T10:00:00+08:00" } }));
  const { metrics } = kpi(records).overall;
  assert.deepEqual([metrics.satisfaction.percent, metrics.satisfaction_strict.percent], ["75.0", "50.0"]);
  assert.deepEqual([metrics.revisits_owed, metrics.revisits_overdue], [1, 0]);
});

test("an array, NDJSON text (LF or CRLF) and a streaming run give the same report", () => {
  const by = ["month", "category"];
  const fromArray = kpi(RECORDS, by, engine, SAMPLE_NOW);
  assert.deepEqual(kpi(RECORDS_TEXT, by, engine, SAMPLE_NOW), fromArray);
  assert.deepEqual(kpi(RECORDS_TEXT.replaceAll("\n", "\r\n"), by, engine, SAMPLE_NOW), fromArray);
  const added = engine.kpiRun({ now: SAMPLE_NOW, by });
  for (const r of RECORDS) added.add(r);
  assert.deepEqual(added.finish(), fromArray);
  const lines = engine.kpiRun({ now: SAMPLE_NOW, by });
  for (const l of RECORDS_TEXT.split("\n")) lines.addLine(l);
  assert.deepEqual(lines.finish(), fromArray);
  assert.deepEqual([fromArray.records, fromArray.evaluated, fromArray.skipped], [40, 40, 0]);
  assert.deepEqual(fromArray.by, by);
  assert.equal(fromArray.now, SAMPLE_NOW);
  assert.deepEqual(fromArray.rule_set, { id: "default", version: "2026.1" });
});

test("NDJSON bytes fed in any chunking (mid-line, mid-character) give the same report, errors by line", () => {
  const by = ["month", "category"];
  const expected = kpi(RECORDS, by, engine, SAMPLE_NOW);
  const bytes = new TextEncoder().encode(RECORDS_TEXT.replaceAll("\n", "\r\n"));
  for (const size of [1, 7, 1000, bytes.length]) {
    const run = engine.kpiRun({ now: SAMPLE_NOW, by });
    for (let i = 0; i < bytes.length; i += size) run.addNdjson(bytes.subarray(i, i + size));
    assert.deepEqual(run.finish(), expected, `chunks of ${size} bytes`);
  }
  // A bad line keeps its physical line number; blank lines count as lines but not as records;
  // a last line without a newline is still a record.
  const good = JSON.stringify(repair("2026-03-02T09:00:00+08:00"));
  const text = `${good}\n\n   \n{ not json\n${good}\n\xff\n${good}`;
  const encoded = Buffer.concat([Buffer.from(text.split("\xff")[0]), Buffer.from([0xff]), Buffer.from(text.split("\xff")[1])]);
  const run = engine.kpiRun({ now: NOW, by: [] });
  run.addNdjson(encoded.subarray(0, 5));
  run.addNdjson(encoded.subarray(5));
  const report = run.finish();
  assert.deepEqual([report.records, report.evaluated, report.skipped], [5, 3, 2]);
  assert.deepEqual(report.errors.map((e) => [e.index, e.line, e.code]), [[1, 4, "json_syntax"], [3, 6, "json_syntax"]]);
});

test("the sample records all evaluate, span March and April, and cover every kind of record", () => {
  assert.ok(RECORDS.length >= 35 && RECORDS.length <= 45, `${RECORDS.length} records`);
  const report = kpi(RECORDS, ["month"], engine, SAMPLE_NOW);
  assert.equal(report.skipped, 0, JSON.stringify(report.errors));
  assert.deepEqual(report.groups.map((g) => [g.key.month, g.tickets]), [["2026-03", 20], ["2026-04", 20]]);
  const byCategory = kpi(RECORDS, ["category"], engine, SAMPLE_NOW).groups.map((g) => g.key.category);
  for (const kind of ["repair", "complaint", "activity", "enquiry", "help"]) assert.ok(byCategory.includes(kind), kind);
  const teams = kpi(RECORDS, ["team"], engine, SAMPLE_NOW).groups.map((g) => g.key.team);
  assert.deepEqual(teams.sort(), ["客服组", "工程一组", "工程二组"].sort());
  const levels = new Set(RECORDS.map((r) => r.complaint_level).filter(Boolean));
  assert.deepEqual([...levels].sort(), ["general", "important", "major"]);
  assert.ok(kpi(RECORDS, ["priority"], engine, SAMPLE_NOW).groups.some((g) => g.key.priority === "emergency"));
  const follow = RECORDS.flatMap((r) => engine.followUps(r, SAMPLE_NOW).callbacks.map((c) => c.state));
  for (const state of ["done", "done_late", "overdue", "due"]) assert.ok(follow.includes(state), state);
  // Headline figures of the overall group (by hand from the file: 28 surveys, 3 of them 不满意).
  const { metrics } = report.overall;
  assert.deepEqual(metrics.satisfaction, { numerator: 25, denominator: 28, percent: "89.3" });
  assert.deepEqual(metrics.callback_handling, { numerator: 1, denominator: 2, percent: "50.0" });
});

test("bad records are skipped with their index, code and path; the rest still count", () => {
  const run = engine.kpiRun({ now: NOW, by: ["category"] });
  run.addLine(JSON.stringify(repair("2026-03-02T09:00:00+08:00")));
  run.addLine("");
  run.addLine("   ");
  run.addLine("{ not json");
  run.add(repair("2026-03-02T09:00:00+08:00", { survey: { answer: "so-so" } }));
  run.add([1]);
  run.add(repair("2026-03-02T09:00:00+08:00", { fee: { amount: 45.0 } }));
  run.add(() => 1); // not JSON data at all
  run.add(repair("2026-03-03T09:00:00+08:00"));
  const report = run.finish();
  assert.deepEqual([report.records, report.evaluated, report.skipped], [7, 2, 5]);
  assert.deepEqual(report.errors.map((e) => [e.index, e.code, e.path]), [
    [1, "json_syntax", ""],
    [2, "invalid_value", "/survey/answer"],
    [3, "invalid_ticket", ""],
    [4, "wrong_type", "/fee/amount"],
    [5, "invalid_ticket", ""],
  ]);
  for (const e of report.errors) assert.ok(e.message.length > 5, e.code);
  assert.equal(report.overall.tickets, 2);
  assert.deepEqual(report.groups.map((g) => [g.key, g.tickets]), [[{ category: "repair" }, 2]]);
  // The same lines as NDJSON text: indices count records, not blank lines.
  const text = kpi(['{"kind":"repair","created":"2026-03-02T09:00:00+08:00"}', "", "{oops", '{"created":5}'].join("\n"));
  assert.deepEqual(text.errors.map((e) => [e.index, e.code, e.path]), [[1, "json_syntax", ""], [2, "wrong_type", "/created"]]);
  assert.throws(() => kpi(42), (e) => e.name === "SlafeeError" && e.code === "wrong_type");
});

test("no records, or no cases of a metric: no_data, never 0 % or 100 %", () => {
  for (const empty of [[], "", "\n\n"]) {
    const report = kpi(empty, ["month"]);
    assert.deepEqual([report.records, report.groups], [0, []]);
    for (const t of report.overall.thresholds) {
      assert.equal(t.verdict, "no_data", t.id);
      assert.equal(t.value, null, t.id);
    }
    assert.equal(report.overall.metrics.satisfaction.percent, null);
  }
  // One repair without a survey: satisfaction has no data while timely is judged.
  const { overall } = kpi([repair("2026-03-02T09:00:00+08:00")]);
  assert.equal(threshold(overall, "satisfaction").verdict, "no_data");
  assert.deepEqual(threshold(overall, "timely").rate, { numerator: 0, denominator: 1, percent: "0.0" });
});

test("months are cut in the rule set's zone (Asia/Shanghai), not UTC or the host's", () => {
  const records = [repair("2026-03-31T23:59:59+08:00"), repair("2026-03-31T16:00:00Z"), repair("2026-03-31T15:59:59Z")];
  const report = kpi(records, ["month"]);
  assert.deepEqual(report.groups.map((g) => [g.key.month, g.tickets]), [["2026-03", 2], ["2026-04", 1]]);
  assert.deepEqual(kpi(records.slice(0, 1), ["week", "day"]).groups[0].key, { week: "2026-W14", day: "2026-03-31" });
  assert.deepEqual(kpi([repair("2026-04-01T00:00:00+08:00")], ["month"]).groups[0].key, { month: "2026-04" });
});

/** The sample records, a bad line and five records again, with one run's report over them all. */
function partsFixture() {
  const options = { now: SAMPLE_NOW, by: ["month", "category"] };
  const lines = [...RECORDS_TEXT.trim().split("\n"), "{oops", ...RECORDS_TEXT.trim().split("\n").slice(0, 5)];
  const whole = engine.kpiRun(options);
  whole.addNdjson(new TextEncoder().encode(lines.join("\n")));
  return { options, lines, expected: whole.finish() };
}

test("KpiRun partial and merge: parts counted apart, merged in order, report what one run reports", () => {
  const { options, lines, expected } = partsFixture();
  const merged = engine.kpiRun(options);
  for (let start = 0; start < lines.length; start += 4) {
    const part = engine.kpiRun(options);
    part.startAtLine(start + 1);
    part.addNdjson(new TextEncoder().encode(lines.slice(start, start + 4).join("\n")));
    const text = part.partial();
    assert.equal(typeof text, "string");
    assert.throws(() => part.partial(), { code: "invalid_value" }, "a partial run is finished");
    merged.merge(text);
  }
  const report = merged.finish();
  assert.deepEqual(report, expected);
  assert.equal(report.errors[0].line, RECORDS.length + 1);
  assert.equal(report.errors[0].index, RECORDS.length);
});

test("KpiRun endPart: one run per worker counts several parts, counts per part, counters once", () => {
  const { options, lines, expected } = partsFixture();
  const merged = engine.kpiRun(options);
  const workers = [engine.kpiRun(options), engine.kpiRun(options)];
  for (let start = 0, n = 0; start < lines.length; start += 3, n++) {
    const worker = workers[n % 2];
    worker.startAtLine(start + 1);
    worker.addNdjson(new TextEncoder().encode(lines.slice(start, start + 3).join("\n")));
    const counts = worker.endPart();
    assert.deepEqual(JSON.parse(counts).groups, [], "the part's counters stay in the worker's run");
    merged.merge(counts);
  }
  for (const worker of workers) merged.merge(worker.partial());
  assert.deepEqual(merged.finish(), expected);
  assert.equal(expected.skipped, 1);
});

test("KpiRun merge refuses a part counted otherwise, and startAtLine only comes first", () => {
  const options = { now: SAMPLE_NOW, by: ["month"] };
  const part = (o) => {
    const run = engine.kpiRun(o);
    run.add(RECORDS[0]);
    return run.partial();
  };
  const run = engine.kpiRun(options);
  for (const [text, path] of [
    [part({ now: NOW, by: ["month"] }), "/now"],
    [part({ now: SAMPLE_NOW, by: ["team"] }), "/by"],
    ["{oops", ""],
  ]) {
    assert.throws(() => run.merge(text), (e) => e.code === "invalid_value" && e.path === path, path);
  }
  assert.throws(() => run.merge(42), { code: "wrong_type" });
  assert.equal(run.finish().records, 0, "refused parts change nothing");
  const late = engine.kpiRun(options);
  late.add(RECORDS[0]);
  assert.throws(() => late.startAtLine(5), { code: "invalid_value" });
  for (const bad of [0, 1.5, -1, "3", null]) {
    assert.throws(() => engine.kpiRun(options).startAtLine(bad), { code: "invalid_value" }, String(bad));
  }
});

test("a finished run cannot be used again", () => {
  const run = engine.kpiRun({ now: NOW });
  run.add(repair("2026-03-02T09:00:00+08:00"));
  assert.equal(run.finish().records, 1);
  for (const again of [() => run.finish(), () => run.add({}), () => run.addLine("{}")]) {
    assert.throws(again, (e) => e.name === "SlafeeError" && e.code === "invalid_value" && /finished/.test(e.message));
  }
});

test("run options: a bad now, an unknown dimension, a rule set without kpi", () => {
  assert.throws(() => engine.kpiRun({ now: "later" }), (e) => e.code === "invalid_date" && e.path === "/now");
  assert.throws(() => engine.kpiRun({ now: NOW, by: ["year"] }), (e) => e.code === "invalid_value");
  const plain = new Engine(RULES_TEXT);
  assert.throws(() => plain.kpiRun({ now: NOW }), (e) => e.code === "no_kpi");
  assert.throws(() => plain.kpi([], { now: NOW }), (e) => e.code === "no_kpi");
  assert.throws(() => plain.followUps({}, NOW), (e) => e.code === "no_kpi");
});

/** A complaint closed 2026-04-01 10:00 (+08:00) with a call-back at `at`, if any. */
const complaint = (at, level) => ({
  kind: "complaint", area: "common", system: "noise", description: "楼上装修噪音", complaint_level: level,
  created: "2026-04-01T09:00:00+08:00",
  events: [{ type: "responded", at: "2026-04-01T09:20:00+08:00" }, { type: "closed", at: "2026-04-01T10:00:00+08:00" }],
  ...(at ? { callbacks: [{ at, by: "物业助理" }] } : {}),
});
const firstCallback = (record, now) => {
  const [c] = engine.followUps(record, now).callbacks;
  return [c.state, c.owner];
};

test("call-back windows at their exact boundaries; the owner follows the complaint level", () => {
  // Closed 2026-04-01 10:00; three days later is 2026-04-04 10:00.
  const onTime = complaint("2026-04-04T10:00:00+08:00", "general");
  const late = complaint("2026-04-04T10:00:01+08:00", "important");
  const none = complaint(null, "major");
  assert.deepEqual(firstCallback(onTime, NOW), ["done", "物业助理"]);
  assert.deepEqual(firstCallback(late, NOW), ["done_late", "部门主管"]);
  assert.deepEqual(firstCallback(none, "2026-04-04T10:00:00+08:00"), ["due", "公司经理"]);
  assert.deepEqual(firstCallback(none, "2026-04-04T10:00:01+08:00"), ["overdue", "公司经理"]);
  assert.deepEqual(firstCallback(complaint(null, "unheard-of"), NOW), ["overdue", "物业助理"]);
  const [c] = engine.followUps(onTime, NOW).callbacks;
  assert.deepEqual([c.id, c.from, c.due, c.done], ["complaint", "2026-04-01T10:00:00+08:00",
    "2026-04-04T10:00:00+08:00", "2026-04-04T10:00:00+08:00"]);
  assert.match(c.source, /三天內/);
  // Coverage counts decided cases: on time 1 of 3 → 33.3 %, below 50 %.
  const report = kpi([onTime, late, none]);
  assert.deepEqual(report.overall.metrics.callback_coverage.complaint, { numerator: 1, denominator: 3, percent: "33.3" });
  assert.equal(threshold(report.overall, "complaint-callback").verdict, "fail");
  assert.equal(report.overall.metrics.callbacks_overdue, 1);
});

test("revisits follow unsatisfied answers within 24 h", () => {
  const r = repair("2026-03-02T09:00:00+08:00", { survey: { answer: "unsatisfied", at: "2026-04-09T12:00:00+08:00" } });
  const { revisit, callbacks } = engine.followUps(r, NOW);
  assert.deepEqual([revisit.answer, revisit.by, revisit.due, revisit.done, revisit.state],
    ["unsatisfied", "主管", "2026-04-10T12:00:00+08:00", null, "due"]);
  assert.deepEqual(callbacks, []);
  const late = engine.followUps({ ...r, revisit: { at: "2026-04-10T12:00:01+08:00" } }, "2026-04-11T00:00:00+08:00");
  assert.equal(late.revisit.state, "done_late");
  assert.equal(engine.followUps(repair("2026-03-02T09:00:00+08:00"), NOW).revisit, null);
  assert.throws(() => engine.followUps({ ...r, survey: { answer: "unsatisfied" } }, NOW),
    (e) => e.code === "missing_field" && e.path === "/survey/at");
});

test("fee collection counts billed fees; call-back handling counts issues raised", () => {
  const fee = (amount, collected) => repair("2026-03-02T09:00:00+08:00", { fee: { amount, collected } });
  const records = [...Array.from({ length: 9 }, () => fee("45.00", true)), fee("20.00", false), fee("0.00", false)];
  const issue = complaint("2026-04-02T10:00:00+08:00", "general");
  issue.callbacks[0] = { ...issue.callbacks[0], issue: true, handled: true };
  records.push(issue);
  const { overall } = kpi(records);
  assert.deepEqual(overall.metrics.fee_collection, { numerator: 9, denominator: 10, percent: "90.0" });
  assert.equal(threshold(overall, "fee-collection").verdict, "pass");
  assert.deepEqual(overall.metrics.callback_handling, { numerator: 1, denominator: 1, percent: "100.0" });
});

test("emergency response time: nearest-rank p90 judged per team", () => {
  const records = [5, 10, 15, 20, 25, 28, 29, 30, 31, 45].map((m, i) => ({
    kind: "repair", area: "indoor", system: "gas", description: "厨房有燃气味", team: i < 5 ? "A" : "B",
    created: "2026-04-02T09:00:00+08:00",
    events: [{ type: "responded", at: `2026-04-02T09:${String(m).padStart(2, "0")}:00+08:00` }],
  }));
  const report = kpi(records, ["team"]);
  const respond = report.overall.metrics.times.find((t) => t.target === "respond");
  assert.deepEqual([respond.priority, respond.count, respond.median_seconds, respond.p90_seconds, respond.max_seconds],
    ["emergency", 10, 1500, 1860, 2700]);
  const p90 = threshold(report.overall, "emergency-respond-p90");
  assert.deepEqual([p90.value_seconds, p90.value, p90.rate, p90.verdict, p90.comparison], [1860, null, null, "fail", "at_most"]);
  const teamA = report.groups.find((g) => g.key.team === "A");
  assert.equal(threshold(teamA, "emergency-respond-p90").verdict, "pass");
});

// ---------------------------------------------------------------------------------------------
// The CLI.

let dir;
before(() => { dir = mkdtempSync(join(tmpdir(), "slafee-kpi-")); });
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args, { input, env } = {}) {
  return spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", cwd: root,
    env: env ? { ...process.env, ...env } : process.env });
}
const KPI = ["kpi", "--rules", "rules/default.json", "--now", SAMPLE_NOW];
const file = (name, text) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

test("kpi prints one JSON report, the same as the package's, and exits 1 when a threshold fails", () => {
  const r = run([...KPI, "--by", "month,category", "examples/records.ndjson"]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, "");
  assert.deepEqual(JSON.parse(r.stdout), kpi(RECORDS_TEXT, ["month", "category"], engine, SAMPLE_NOW));
  // Per group as well: the overall satisfaction fails 90 %, April's passes.
  const report = JSON.parse(run([...KPI, "--by=month", "examples/records.ndjson"]).stdout);
  assert.equal(threshold(report.overall, "satisfaction").verdict, "fail");
  assert.equal(threshold(report.groups[1], "satisfaction").verdict, "pass");
});

test("kpi --format table: every group, overall first, each threshold with value, n/d, target and verdict", () => {
  const r = run([...KPI, "--by", "month", "--format", "table", "examples/records.ndjson"]);
  assert.equal(r.status, 1, r.stderr);
  const text = r.stdout;
  assert.match(text, /^KPI · rule set default 2026\.1 · now 2026-04-30T18:00:00\+08:00 · by month\n40 records: 40 evaluated, 0 skipped\n/);
  const headers = [...text.matchAll(/^(\S.*) · (\d+) tickets?$/gm)].map((m) => [m[1], Number(m[2])]);
  assert.deepEqual(headers, [["overall", 40], ["month 2026-03", 20], ["month 2026-04", 20]]);
  assert.match(text, /^ {2}satisfaction +satisfaction +89\.3% +25\/28 +>= 90% +FAIL$/m);
  assert.match(text, /^ {2}emergency-respond-p90 +time +38m +— +<= 30m +FAIL$/m);
  assert.match(text, /^ {2}activity-callback +callback_coverage +— +0\/0 +>= 10% +NO DATA$/m);
  assert.match(text, /^ {2}emergency-respond-p90 +time +20m +— +<= 30m +PASS$/m);
  assert.match(text, /\n\d+ FAIL, \d+ PASS, \d+ NO DATA over 3 groups\n$/);
  // Columns line up: every threshold row of a group has its verdict at the same offset.
  const block = text.split("\n\n")[1].split("\n").filter((l) => / (PASS|FAIL|NO DATA)$/.test(l));
  assert.equal(block.length, DEFAULT.kpi.thresholds.length);
  assert.equal(new Set(block.map((l) => l.search(/(PASS|FAIL|NO DATA)$/))).size, 1);
});

test("kpi --format table aligns Chinese group keys and values by display width", () => {
  const r = run([...KPI, "--by", "team", "--format", "table", "examples/records.ndjson"]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^team 工程一组 · 12 tickets$/m);
  assert.match(r.stdout, /^team 客服组 · 16 tickets$/m);
});

test("kpi exit codes: 0 all pass or no data, 1 a failure, 2 a skipped record or a usage error", () => {
  // No records: every threshold has no data.
  assert.equal(run(KPI, { input: "" }).status, 0);
  // One repair done on time, its resident satisfied: passes or no data everywhere.
  const good = repair("2026-04-28T09:00:00+08:00", { survey: { answer: "satisfied", at: "2026-04-29T09:00:00+08:00" },
    events: ["responded", "arrived", "resolved", "closed"].map((type, i) => ({ type, at: `2026-04-28T09:${i + 1}0:00+08:00` })) });
  const ok = run(KPI, { input: JSON.stringify(good) + "\n" });
  assert.equal(ok.status, 0, ok.stdout);
  assert.equal(threshold(JSON.parse(ok.stdout).overall, "satisfaction").verdict, "pass");
  // Responded after two hours and never resolved: the timely threshold fails.
  const late = { ...good, events: [{ type: "responded", at: "2026-04-28T11:00:00+08:00" }] };
  assert.equal(run(KPI, { input: JSON.stringify(late) }).status, 1);
  // A skipped record makes the input in error (2), even when thresholds also fail; the report is still printed.
  const skipped = run(KPI, { input: `${JSON.stringify(late)}\n{oops\n` });
  assert.equal(skipped.status, 2);
  assert.equal(JSON.parse(skipped.stdout).skipped, 1);
  // Usage and input errors.
  const usage = [
    [[...KPI, join(dir, "missing.ndjson")], /cannot read .*missing\.ndjson/],
    [[...KPI, "--by", "year"], /--by year: .*unknown variant `year`/],
    [["kpi", "--rules", "rules/default.json", "--now", "2026-04-30 18:00"], /--now 2026-04-30 18:00: invalid_date at \/now/],
    [["kpi", "--rules", file("plain.json", RULES_TEXT), "--now", SAMPLE_NOW], /no_kpi .*has no "kpi" section/],
    [[...KPI, "--format", "csv"], /unknown --format csv \(json or table\)/],
    [["kpi", "--now", SAMPLE_NOW], /needs --rules/],
  ];
  for (const [args, message] of usage) {
    const r = run(args, { input: "" });
    assert.equal(r.status, 2, args.join(" "));
    assert.match(r.stderr, message);
    assert.equal(r.stdout, "");
  }
});

test("kpi reads standard input when no file (or -) is given, and says which now it used by default", () => {
  for (const args of [KPI, [...KPI, "-"]]) {
    const r = run(args, { input: RECORDS_TEXT });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), kpi(RECORDS_TEXT, [], engine, SAMPLE_NOW));
  }
  const defaulted = run(["kpi", "--rules", "rules/default.json"], { input: "" });
  assert.equal(defaulted.status, 0);
  assert.match(defaulted.stderr, /^slafee: --now \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
  assert.match(JSON.parse(defaulted.stdout).now, /\+08:00$/);
});

test("kpi reports each skipped record on stderr at its physical line, blank lines included", () => {
  const lines = [
    "",
    JSON.stringify(repair("2026-03-02T09:00:00+08:00")),
    "",
    "   ",
    "{oops",
    "\u3000", // an ideographic space: blank to the core too
    JSON.stringify(repair("2026-03-02T09:00:00+08:00", { survey: { answer: "so-so" } })),
    JSON.stringify(repair("2026-03-02T09:00:00+08:00", { fee: { amount: 45 } })),
    JSON.stringify(repair("2026-03-03T09:00:00+08:00")),
  ];
  const path = file("bad.ndjson", lines.join("\n") + "\n");
  const r = run([...KPI, "--format", "table", path]);
  assert.equal(r.status, 2);
  assert.deepEqual(r.stderr.trim().split("\n").map((l) => l.replace(path, "FILE")), [
    "FILE:5: json_syntax at /: not valid JSON: key must be a string at line 1 column 2",
    'FILE:7: invalid_value at /survey/answer: "so-so" is not a survey answer (satisfied, basically_satisfied, unsatisfied)',
    'FILE:8: wrong_type at /fee/amount: an amount is text like "45.00", got number',
  ]);
  assert.match(r.stdout, /^5 records: 2 evaluated, 3 skipped$/m);
  const stdin = run(KPI, { input: "\n\n{oops\n" });
  assert.match(stdin.stderr, /^<stdin>:3: json_syntax/);
});

test("kpi lists the first 1,000 skipped records and counts the rest", () => {
  const path = file("many.ndjson", "{oops\n".repeat(1003));
  const r = run([...KPI, path]);
  assert.equal(r.status, 2);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1001);
  assert.ok(lines[999].startsWith(`${path}:1000: json_syntax`), lines[999]);
  assert.equal(lines[1000], `${path}: 3 more skipped records not listed`);
  const report = JSON.parse(r.stdout);
  assert.deepEqual([report.records, report.skipped, report.errors.length], [1003, 1003, 1000]);
});

test("kpi --jobs N counts parts on worker threads and reports exactly what one thread reports", () => {
  // Over 8 MiB, so a file is cut into several 4 MiB parts; bad lines in more than one part.
  const good = RECORDS_TEXT.trim().split("\n");
  const lines = [];
  for (let i = 0; lines.length < 30000; i++) {
    lines.push(good[i % good.length]);
    if (i % 7000 === 7) lines.push("{oops", "", "[1]");
  }
  const text = lines.join("\n") + "\n";
  assert.ok(text.length > 9 * 1024 * 1024, `${text.length} bytes`);
  const path = file("jobs.ndjson", text);
  const by = ["--by", "month,category,team"];
  const one = run([...KPI, ...by, "--jobs", "1", path]);
  assert.equal(one.status, 2, one.stderr);
  assert.match(one.stderr, new RegExp(`^${path}:\\d+: json_syntax`, "m"));
  const report = JSON.parse(one.stdout);
  assert.ok(report.skipped >= 8 && report.groups.length > 4, JSON.stringify([report.skipped, report.groups.length]));
  for (const jobs of ["2", "3"]) {
    const many = run([...KPI, ...by, "--jobs", jobs, path]);
    assert.equal(many.status, one.status, jobs);
    assert.equal(many.stdout, one.stdout, `--jobs ${jobs}: the same report`);
    assert.equal(many.stderr, one.stderr, `--jobs ${jobs}: the same skipped lines`);
  }
  // Standard input arrives in small chunks: many small parts, the same report.
  const piped = run([...KPI, ...by, "--jobs", "2"], { input: text });
  assert.equal(piped.stdout, one.stdout);
  assert.equal(piped.stderr, one.stderr.replaceAll(path, "<stdin>"));
  const table = run([...KPI, "--format", "table", "--jobs", "2", path]);
  assert.equal(table.stdout, run([...KPI, "--format", "table", path]).stdout);
});

test("--by takes a comma-separated list of day, week, month, category, priority, team", () => {
  const r = run([...KPI, "--by", "week,priority,team,day", "examples/records.ndjson"]);
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.by, ["week", "priority", "team", "day"]);
  assert.deepEqual(Object.keys(report.groups[0].key).sort(), ["day", "priority", "team", "week"]);
  const bad = [
    [["--by", "month,"], /--by "month,": an empty dimension/],
    [["--by", "month,month"], /"month" is given twice/],
    [["--by", "Month"], /unknown variant `Month`/],
    [["--by"], /--by needs a list/],
  ];
  for (const [args, message] of bad) {
    const r2 = run([...KPI, ...args], { input: "" });
    assert.equal(r2.status, 2, args.join(" "));
    assert.match(r2.stderr, message);
    assert.match(r2.stderr, /usage: slafee/);
  }
  const elsewhere = run(["classify", "--rules", "rules/default.json", "--by", "month"], { input: "" });
  assert.equal(elsewhere.status, 2);
  assert.match(elsewhere.stderr, /--by applies to kpi only/);
});

test("kpi output is identical whatever the host time zone", () => {
  for (const format of ["json", "table"]) {
    const outputs = ["America/New_York", "UTC", "Asia/Shanghai"].map((tz) => {
      const r = run([...KPI, "--by", "day,month", "--format", format, "examples/records.ndjson"], { env: { TZ: tz, LANG: "C" } });
      assert.equal(r.status, 1, r.stderr);
      return r.stdout;
    });
    assert.ok(outputs[0].length > 2000);
    assert.equal(outputs[1], outputs[0], format);
    assert.equal(outputs[2], outputs[0], format);
  }
});

test("follow-ups prints one JSON line per record: revisit and call-backs with their states", () => {
  const r = run(["follow-ups", "--rules", "rules/default.json", "--now", SAMPLE_NOW, "examples/records.ndjson"]);
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(out.length, RECORDS.length);
  out.forEach((o, i) => {
    assert.equal(o.line, i + 1);
    const { line, ...rest } = o;
    assert.deepEqual(rest, engine.followUps(RECORDS[i], SAMPLE_NOW), RECORDS[i].id);
  });
  const input = [JSON.stringify(complaint("2026-04-04T10:00:01+08:00", "important")), "", "{oops",
    JSON.stringify(complaint(null, "major"))].join("\n");
  const mixed = run(["follow-ups", "--rules", "rules/default.json", "--now", NOW], { input });
  assert.equal(mixed.status, 2);
  const lines = mixed.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((o) => [o.line, o.error?.code ?? o.callbacks[0].state, o.callbacks?.[0].owner]),
    [[1, "done_late", "部门主管"], [3, "json_syntax", undefined], [4, "overdue", "公司经理"]]);
  assert.match(mixed.stderr, /^<stdin>:3: json_syntax/m);
  const noKpi = run(["follow-ups", "--rules", file("plain2.json", RULES_TEXT), "--now", NOW], { input: "{}\n" });
  assert.equal(noKpi.status, 2);
  assert.match(noKpi.stderr, /<stdin>:1: no_kpi/);
});

test("--help lists kpi and follow-ups", () => {
  const help = run(["--help"]);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /kpi --rules RULES \[--now INSTANT\] \[--by DIMENSIONS\] \[--format json\|table\]/);
  assert.match(help.stdout, /follow-ups --rules RULES \[--now INSTANT\]/);
  assert.match(help.stdout, /1 failures found/);
  const kpiHelp = run(["kpi", "--help"]);
  assert.equal(kpiHelp.status, 0);
});
