// Paid-repair quotes through the built package and the CLI: the natively pinned receipts again,
// byte for byte; every material rule, labor kind and order-line error of the default schedule;
// half-up rounding to the fen; and host independence (the same bytes under any TZ).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Engine } from "../../pkg/node.js";
import { RULES, RULES_TEXT } from "./fixtures.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(root, "pkg/cli.js");
const read = (path) => readFileSync(join(root, path), "utf8");
const ndjson = (text) => text.trim().split("\n");

/** The instant the pinned receipts are read at (tests/default_fees.rs). */
const NOW = "2026-06-01T09:12:00+08:00";
const ORDERS = ndjson(read("examples/orders.ndjson"));
const RECEIPTS = ndjson(read("tests/fixtures/fees/receipts.ndjson"));
const engine = new Engine(read("rules/default.json"));

/** An indoor order completed on NOW's day, with the given lines. */
const order = (lines, extra = {}) => ({
  kind: "repair", area: "indoor", created: "2026-06-01T09:00:00+08:00",
  completed: "2026-06-01T10:00:00+08:00", lines, ...extra,
});
const one = (line, extra) => engine.quote(order([line], extra), NOW);
/** Asserts the line is refused with `code` at `path`, then that the engine still prices. */
function refused(line, code, path) {
  assert.throws(() => one(line), (e) => e instanceof Error && e.name === "SlafeeError"
    && e.code === code && e.path === path && e.message.length > 10, `${JSON.stringify(line)} → ${code} ${path}`);
  assert.equal(one({ code: "PLMB-01" }).total.text, "45.00", `engine broken after ${code}`);
}
/** Labor, material and total texts and note codes of a one-line receipt. */
function priced(line, extra) {
  const r = one(line, extra);
  assert.equal(r.status, "priced");
  const [l] = r.lines;
  assert.equal(r.total.text, l.total.text);
  return { labor: l.labor.text, material: l.material.text, total: l.total.text, notes: l.notes.map((n) => n.code), line: l };
}

test("every sample order's receipt matches the native one byte for byte", () => {
  assert.equal(ORDERS.length, 14);
  assert.equal(RECEIPTS.length, ORDERS.length);
  ORDERS.forEach((text, i) => {
    const o = JSON.parse(text);
    assert.equal(JSON.stringify(engine.quote(o, NOW)), RECEIPTS[i], o.id);
  });
});

test("material rules: list price or the resident's own, included, own, extra, at cost", () => {
  // list_or_own: the posted material price, unless the resident brings the part.
  const list = priced({ code: "PLMB-01" });
  assert.deepEqual([list.labor, list.material, list.total, list.notes], ["10.00", "35.00", "45.00", []]);
  assert.equal(priced({ code: "PLMB-01", supplied_by: "company" }).total, "45.00");
  const own = priced({ code: "PLMB-01", supplied_by: "resident" });
  assert.deepEqual([own.labor, own.material, own.total, own.notes], ["10.00", "0.00", "10.00", ["resident_supplied"]]);
  // included: labor only, noted.
  const included = priced({ code: "PLMB-02" });
  assert.deepEqual([included.material, included.total, included.notes], ["0.00", "50.00", ["material_included"]]);
  // own: the schedule says the resident supplies it; "company" contradicts the schedule.
  const resident = priced({ code: "APPL-01" });
  assert.deepEqual([resident.material, resident.total, resident.notes], ["0.00", "150.00", ["resident_must_supply"]]);
  refused({ code: "APPL-01", supplied_by: "company" }, "invalid_value", "/lines/0/supplied_by");
  refused({ code: "APPL-01", material_cost: "5.00" }, "unknown_key", "/lines/0/material_cost");
  // extra with a price: per unit, nothing to enter.
  const extra = priced({ code: "MISC-06", quantity: 2 });
  assert.deepEqual([extra.labor, extra.material, extra.total], ["10.00", "16.00", "26.00"]);
  refused({ code: "MISC-06", material_cost: "1.00" }, "unknown_key", "/lines/0/material_cost");
  // extra without a price: the amount entered on site, required.
  const entered = priced({ code: "MISC-05", material_cost: "7.00" });
  assert.deepEqual([entered.labor, entered.material, entered.total, entered.notes], ["10.00", "7.00", "17.00", []]);
  refused({ code: "MISC-05" }, "missing_field", "/lines/0/material_cost");
  // at_cost: entered, required, noted.
  const cost = priced({ code: "PLMB-13", labor: "40.00", material_cost: "3.00" });
  assert.deepEqual([cost.labor, cost.material, cost.total, cost.notes], ["40.00", "3.00", "43.00", ["material_at_cost"]]);
  refused({ code: "PLMB-13", labor: "40.00" }, "missing_field", "/lines/0/material_cost");
});

test("range labor: the technician's figure within the posted range, required", () => {
  assert.equal(priced({ code: "PLMB-13", labor: "30.00", material_cost: "0" }).labor, "30.00");
  assert.equal(priced({ code: "PLMB-13", labor: "80", material_cost: "0" }).labor, "80.00");
  refused({ code: "PLMB-13", labor: "29.99", material_cost: "0" }, "out_of_range", "/lines/0/labor");
  refused({ code: "PLMB-13", labor: "80.01", material_cost: "0" }, "out_of_range", "/lines/0/labor");
  refused({ code: "PLMB-13", material_cost: "0" }, "missing_field", "/lines/0/labor");
  refused({ code: "PLMB-01", labor: "5.00" }, "unknown_key", "/lines/0/labor");
});

test("time labor: ELEC-03 bills started hours past a free half hour, at least one", () => {
  const billed = [29, 30, 31, 75, 95].map((minutes) => {
    const { labor, line } = priced({ code: "ELEC-03", minutes, material_cost: "0" });
    assert.equal(line.minutes, minutes);
    return [line.quantity, line.unit, line.billed_minutes, labor];
  });
  assert.deepEqual(billed, [
    ["1", "小时", 60, "25.00"], ["1", "小时", 60, "25.00"], ["1", "小时", 60, "25.00"],
    ["1", "小时", 60, "25.00"], ["2", "小时", 120, "50.00"],
  ]);
  refused({ code: "ELEC-03", material_cost: "0" }, "missing_field", "/lines/0/minutes");
  refused({ code: "ELEC-03", minutes: 30, quantity: 1, material_cost: "0" }, "unknown_key", "/lines/0/quantity");
  refused({ code: "ELEC-03", minutes: 30.5, material_cost: "0" }, "invalid_value", "/lines/0/minutes");
  refused({ code: "PLMB-01", minutes: 5 }, "unknown_key", "/lines/0/minutes");
});

test("a per-order cap limits labor, noted as capped", () => {
  const capped = priced({ code: "PLMB-03", quantity: 4 });
  assert.deepEqual([capped.labor, capped.total], ["150.00", "150.00"]);
  assert.ok(capped.notes.includes("capped"), capped.notes.join());
  assert.equal(priced({ code: "PLMB-03", quantity: 3 }).notes.includes("capped"), false);
});

test("money is decimal text: numbers, a third decimal and other types are located errors", () => {
  refused({ code: "PLMB-13", labor: 40, material_cost: "0" }, "wrong_type", "/lines/0/labor");
  refused({ code: "PLMB-13", labor: "40.00", material_cost: 0.1 }, "wrong_type", "/lines/0/material_cost");
  refused({ code: "PLMB-13", labor: "20.001", material_cost: "0" }, "invalid_money", "/lines/0/labor");
  refused({ code: "PLMB-13", labor: "40.00", material_cost: "-1" }, "invalid_money", "/lines/0/material_cost");
  refused({ code: "PLMB-13", labor: "40.00", material_cost: "100000000000", quantity: 1 }, "money_overflow", "/lines/0");
});

test("order-line shape: unknown codes and keys, quantities, bad orders", () => {
  refused({ code: "NOPE-01" }, "unknown_item", "/lines/0/code");
  refused({ code: "PLMB-01", colour: "red" }, "unknown_key", "/lines/0/colour");
  refused({ code: 5 }, "wrong_type", "/lines/0/code");
  refused({ code: "PLMB-01", supplied_by: "neighbour" }, "invalid_value", "/lines/0/supplied_by");
  refused({ code: "PLMB-01", quantity: 0 }, "invalid_value", "/lines/0/quantity");
  refused({ code: "PLMB-01", quantity: "0.0001" }, "invalid_value", "/lines/0/quantity");
  refused({ code: "PLMB-01", quantity: 0.1 + 0.2 }, "invalid_value", "/lines/0/quantity");
  refused({}, "missing_field", "/lines/0/description");
  for (const q of [2.5, "2.5"]) {
    const r = priced({ code: "PLMB-01", quantity: q });
    assert.deepEqual([r.line.quantity, r.labor, r.material, r.total], ["2.5", "25.00", "87.50", "112.50"]);
  }
  const bad = [
    [{ kind: "repair" }, "missing_field", "/lines"],
    [{ lines: {} }, "wrong_type", "/lines"],
    [{ lines: [5] }, "wrong_type", "/lines/0"],
    [order([{ code: "PLMB-01" }], { completed: "yesterday" }), "invalid_date", "/completed"],
    [order([{ code: "PLMB-13", labor: "40.00", material_cost: "0" }], { handover: "2024-13-01" }), "invalid_date", "/handover"],
    [{ lines: Array.from({ length: 10_001 }, () => ({ code: "PLMB-01" })) }, "too_many_items", "/lines"],
  ];
  for (const [o, code, path] of bad) {
    assert.throws(() => engine.quote(o, NOW), (e) => e.code === code && e.path === path, `${code} ${path}`);
  }
  assert.throws(() => engine.quote(order([{ code: "PLMB-01" }]), "now"), (e) => e.code === "invalid_date" && e.path === "/now");
  assert.throws(() => new Engine(RULES_TEXT).quote({ lines: [] }, NOW), (e) => e.code === "no_fee_schedule");
  assert.equal(one({ code: "PLMB-01" }).total.fen, 4500);
});

test("an off-schedule line needs the supervisor's quote: no total, review due 15 minutes after dispatch", () => {
  const dispatched = "2026-06-03T22:50:00+08:00";
  const r = engine.quote({ kind: "repair", area: "indoor", created: "2026-06-03T22:40:00+08:00",
    events: [{ type: "dispatched", at: dispatched }],
    lines: [{ description: "更换智能马桶电源模块" }, { code: "MISC-01" }] }, "2026-06-03T22:55:00+08:00");
  assert.equal(r.status, "quote_required");
  assert.equal(r.total, null);
  assert.equal(r.billing_period, null);
  assert.deepEqual(r.work_time, { instant: "2026-06-03T22:55:00+08:00", basis: "now" });
  assert.deepEqual([r.lines[0].kind, r.lines[0].status, r.lines[0].labor, r.lines[0].total], ["off_schedule", "quote_required", null, null]);
  assert.equal(r.lines[1].total.text, "5.00");
  assert.equal(r.review.target, "quote-review");
  assert.equal(r.review.state, "running");
  assert.equal(r.review.deadline, "2026-06-03T23:05:00+08:00");
  assert.equal(Date.parse(r.review.deadline) - Date.parse(dispatched), 15 * 60 * 1000);
  // Accepted: priced at the quote.
  const accepted = one({ description: "更换智能马桶电源模块", labor: "80.00", material_cost: "145.50", accepted: true });
  assert.deepEqual([accepted.status, accepted.total.text, accepted.review], ["priced", "225.50", null]);
  refused({ description: "x", accepted: true }, "missing_field", "/lines/0/labor");
});

test("priceSchedule publishes the schedule in effect, every item with its labor and material", () => {
  const schedule = engine.priceSchedule(NOW);
  assert.ok(schedule.items.length >= 40, `${schedule.items.length} items`);
  assert.ok(schedule.categories.length >= 5);
  const categories = new Set(schedule.categories.map((c) => c.id));
  for (const item of schedule.items) {
    assert.ok(categories.has(item.category), item.code);
    assert.ok(["fixed", "range", "time"].includes(item.labor.kind), item.code);
  }
  const elec03 = schedule.items.find((i) => i.code === "ELEC-03");
  assert.deepEqual(elec03.labor, { kind: "time", price: { fen: 2500, text: "25.00" }, per_seconds: 3600,
    free_remainder_seconds: 1800, minimum_seconds: 3600 });
  assert.deepEqual(schedule.items.find((i) => i.code === "PLMB-03").cap, { fen: 15000, text: "150.00" });
  assert.equal(new Engine(RULES_TEXT).priceSchedule(NOW), null);
  assert.throws(() => engine.priceSchedule("2025-06-01T00:00:00+08:00"), (e) => e.code === "no_rule_set_in_effect");
  assert.throws(() => engine.priceSchedule("soon"), (e) => e.code === "invalid_date");
});

/** The node-test rule set with a one-item schedule: 0.33 per 米, material included. */
const TINY = JSON.stringify({ ...RULES, fees: {
  categories: [{ id: "misc", label: { zh: "杂项" } }],
  schedule: [{ code: "T-01", name: { zh: "测试项目" }, category: "misc", unit: "米", labor: "0.33" }],
} });

test("each amount is rounded half-up to the fen; the total is the exact sum of the lines", () => {
  const tiny = new Engine(TINY);
  const labor = (quantity) => tiny.quote({ lines: [{ code: "T-01", quantity }] }, NOW).lines[0].labor;
  assert.deepEqual(labor("1.5"), { fen: 50, text: "0.50" }); // 0.495
  assert.deepEqual(labor("0.5"), { fen: 17, text: "0.17" }); // 0.165
  assert.deepEqual(labor(0.001), { fen: 0, text: "0.00" }); // 0.00033
  const many = tiny.quote({ lines: Array.from({ length: 1000 }, () => ({ code: "T-01", quantity: 1 })) }, NOW);
  assert.equal(many.lines.length, 1000);
  assert.deepEqual(many.total, { fen: 33000, text: "330.00" });
  assert.equal(many.billing_period, "2026-06");
});

// ---------------------------------------------------------------------------------------------
// The CLI.

let dir;
before(() => { dir = mkdtempSync(join(tmpdir(), "slafee-quote-")); });
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args, { input, env } = {}) {
  return spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", cwd: root,
    env: env ? { ...process.env, ...env } : process.env });
}
const QUOTE = ["quote", "--rules", "rules/default.json", "--now", NOW];

test("quote prints one receipt per order, each the pinned receipt after its input line number", () => {
  const r = run([...QUOTE, "examples/orders.ndjson"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  const out = ndjson(r.stdout);
  assert.equal(out.length, 14);
  // Byte for byte: `{"line":N,` then the native receipt's own fields.
  out.forEach((text, i) => assert.equal(text, `{"line":${i + 1},${RECEIPTS[i].slice(1)}`, `line ${i + 1}`));
  out.forEach((text, i) => {
    const { line, ...receipt } = JSON.parse(text);
    assert.equal(line, i + 1);
    assert.deepEqual(receipt, JSON.parse(RECEIPTS[i]));
  });
});

test("quote reports a bad order as file:line on stderr, in place on stdout, and exits 2", () => {
  const file = join(dir, "bad.ndjson");
  writeFileSync(file, [ORDERS[0], JSON.stringify(order([{ code: "PLMB-13", labor: 40, material_cost: "0" }])),
    "", "{oops", JSON.stringify(order([{ code: "NOPE-01" }])), ORDERS[3]].join("\n"));
  const r = run([...QUOTE, file]);
  assert.equal(r.status, 2);
  const out = ndjson(r.stdout).map((l) => JSON.parse(l));
  assert.deepEqual(out.map((o) => [o.line, o.error?.code ?? o.total.text]), [
    [1, "45.00"], [2, "wrong_type"], [4, "json_syntax"], [5, "unknown_item"], [6, "150.00"],
  ]);
  assert.equal(out[1].error.path, "/lines/0/labor");
  assert.match(r.stderr, /bad\.ndjson:2: wrong_type at \/lines\/0\/labor: /);
  assert.match(r.stderr, /bad\.ndjson:4: json_syntax/);
  assert.match(r.stderr, /bad\.ndjson:5: unknown_item at \/lines\/0\/code: /);
  assert.equal(ndjson(r.stderr).length, 3);
});

test("quote reads standard input, and says which now it used when defaulted", () => {
  for (const args of [QUOTE, [...QUOTE, "-"]]) {
    const r = run(args, { input: ORDERS.slice(0, 3).join("\n") + "\n" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(ndjson(r.stdout).map((l) => JSON.parse(l).total.text), ["45.00", "20.00", "150.00"]);
  }
  const defaulted = run(["quote", "--rules", "rules/default.json"], { input: JSON.stringify(order([{ description: "x" }], { completed: undefined })) });
  assert.equal(defaulted.status, 0, defaulted.stderr);
  const [, now] = defaulted.stderr.match(/^slafee: --now (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\n$/) ?? [];
  assert.ok(now, defaulted.stderr);
  assert.equal(Date.parse(JSON.parse(defaulted.stdout).work_time.instant), Date.parse(now));
});

test("quote --format table prints a readable receipt", () => {
  const r = run([...QUOTE, "--format", "table", "examples/orders.ndjson"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /line 4 W004 · priced/);
  assert.match(r.stdout, /PLMB-03 +疏通地漏 +4 处 +150\.00 +0\.00 +150\.00 +人工费已按每次上限封顶/);
  assert.match(r.stdout, /ELEC-03 +检查线路故障 +2 小时 \(95 min\)/);
  assert.match(r.stdout, /total 90\.00 CNY · billing period 2027-01/);
  assert.match(r.stdout, /free: 公共部位/);
  assert.match(r.stdout, /total — \(quote required\)/);
  assert.match(r.stdout, /review quote-review: running, deadline 2026-06-01T09:20:00\+08:00/);
  const bad = run([...QUOTE, "--format=table"], { input: "{oops\n" });
  assert.equal(bad.status, 2);
  assert.match(bad.stdout, /line 1: error json_syntax/);
  for (const args of [[...QUOTE, "--format", "csv"], ["decide", "--rules", "rules/default.json", "--table", "free_repair", "--format", "table"]]) {
    const u = run(args, { input: "" });
    assert.equal(u.status, 2, args.join(" "));
    assert.match(u.stderr, /usage: slafee/);
  }
});

test("--help lists quote and schedule; quote without --rules is a usage error", () => {
  const all = run(["--help"]);
  assert.equal(all.status, 0);
  assert.match(all.stdout, /quote --rules RULES \[--now INSTANT\]/);
  assert.match(all.stdout, /schedule --rules RULES \[--at INSTANT\]/);
  // Each command's --help shows that command.
  assert.match(run(["quote", "--help"]).stdout, /^usage: slafee quote --rules RULES \[--now INSTANT\]/);
  assert.match(run(["schedule", "-h"]).stdout, /^usage: slafee schedule --rules RULES \[--at INSTANT\]/);
  const r = run(["quote"], { input: "" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /needs --rules/);
});

test("schedule prints the items in effect, one JSON line each", () => {
  const r = run(["schedule", "--rules", "rules/default.json", "--at", NOW]);
  assert.equal(r.status, 0, r.stderr);
  const items = ndjson(r.stdout).map((l) => JSON.parse(l));
  assert.ok(items.length >= 40, `${items.length} items`);
  assert.deepEqual(items, engine.priceSchedule(NOW).items);
  const defaulted = run(["schedule", "--rules", "rules/default.json"]);
  assert.equal(defaulted.status, 0, defaulted.stderr);
  assert.match(defaulted.stderr, /^slafee: --at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
  const early = run(["schedule", "--rules", "rules/default.json", "--at", "2025-06-01T00:00:00+08:00"]);
  assert.equal(early.status, 2);
  assert.match(early.stderr, /no_rule_set_in_effect/);
  const rules = join(dir, "no-fees.json");
  writeFileSync(rules, RULES_TEXT);
  const none = run(["schedule", "--rules", rules, "--at", NOW]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no_fee_schedule/);
});

test("receipts are identical whatever the host time zone; the billing cut-off is the rule set's midnight", () => {
  const outputs = ["America/New_York", "UTC", "Asia/Shanghai"].map((TZ) => {
    const r = run([...QUOTE, "examples/orders.ndjson"], { env: { TZ, LANG: "C" } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  });
  assert.equal(outputs[1], outputs[0]);
  assert.equal(outputs[2], outputs[0]);
  const byId = new Map(ndjson(outputs[0]).map((l, i) => [JSON.parse(ORDERS[i]).id, JSON.parse(l)]));
  // W005 completed 2026-03-25T23:59:59+08:00 (25 March in Shanghai, still 25 March in New York);
  // W006 at 2026-03-26T00:00:00+08:00 (26 March in Shanghai, 25 March in New York and UTC).
  assert.deepEqual([byId.get("W005").work_time.instant, byId.get("W005").billing_period], ["2026-03-25T23:59:59+08:00", "2026-03"]);
  assert.deepEqual([byId.get("W006").work_time.instant, byId.get("W006").billing_period], ["2026-03-26T00:00:00+08:00", "2026-04"]);
});
