// The bad-input catalogue through the built package: malformed tickets, orders, event logs, KPI
// records, case files, rule files and call arguments, each as a JS value or JSON text the way a
// Node backend would pass it. Every entry names the call and the exact error `code` and `path`
// (JSON pointer) it must give — a bad record of a batch is reported in the batch's `errors`
// instead of thrown. After every entry the same engine still classifies a good ticket exactly as
// before, holds the same rule sets, and Object.prototype is untouched. (Rule-file mistakes of the
// shape-and-meaning kind are in tests/fixtures/bad/, run by rule_file_catalogue.test.mjs; the
// rule-file entries here are the input-level ones that catalogue does not have.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine } from "../../pkg/node.js";

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const RULES_TEXT = read("rules/default.json");
const RULES = JSON.parse(RULES_TEXT);
const RECORD = JSON.parse(read("examples/records.ndjson").split("\n")[0]);
const engine = new Engine(RULES_TEXT);

const NOW = "2026-03-02T10:00:00+08:00";
const GOOD = {
  kind: "repair", area: "indoor", system: "water", description: "厨房水管爆裂，水漫到客厅",
  created: "2026-03-02T09:15:00+08:00",
};
const GOOD_RESULT = {
  rule_set: { id: "default", version: "2026.1" },
  priority: "emergency",
  rank: 1,
  label: { zh: "紧急", en: "Emergency" },
  rule: "pipe-burst",
  source: RULES.classify.rules.find((r) => r.id === "pipe-burst").source,
};
const ORDER = { ...GOOD, completed: "2026-03-02T11:00:00+08:00", lines: [{ code: "PLMB-01" }] };
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

const MAX_DEPTH = 64;
const MAX_TEXT = 64 * 1024;
const MAX_ITEMS = 10_000;
const MAX_BATCH = 100_000;

/** `n` arrays nested in one another around 1. */
const nested = (n) => { let v = 1; for (let i = 0; i < n; i++) v = [v]; return v; };
const nestedText = (n) => "[".repeat(n) + "]".repeat(n);
/** The pointer of the first array past the limit inside a value nested at `base` depth. */
const tooDeepAt = (prefix, depthOfFirst) => prefix + "/0".repeat(MAX_DEPTH + 1 - depthOfFirst);
/** The default rule set with `change` applied, as text. */
const rulesWith = (change) => { const r = structuredClone(RULES); change(r); return JSON.stringify(r); };
const caseFile = (cases) => JSON.stringify({ cases });
class Ticket { constructor() { Object.assign(this, GOOD); } }

/** A rule-set load that fails: the one problem's code and path. */
function loadProblem(call) {
  try {
    call();
  } catch (e) {
    assert.equal(e.code, "invalid_rule_set", e.stack);
    assert.equal(e.problems.length, 1, JSON.stringify(e.problems));
    return e.problems[0];
  }
  assert.fail("the rule set loaded");
}

/** A KPI batch whose only record is skipped: the report's error for it (index 0). */
function skipped(report, records = 1) {
  assert.equal(report.records, records);
  assert.equal(report.skipped, 1);
  assert.equal(report.evaluated, records - 1);
  assert.equal(report.errors.length, 1);
  assert.equal(report.errors[0].index, 0);
  return report.errors[0];
}
const kpi = (records) => skipped(engine.kpi(records, { now: NOW }));
const kpiText = (text) => skipped(engine.kpi(text, { now: NOW }));

// kind: what is malformed; call: the API used; run: the call; code/path: the error expected.
// An entry with `ok` instead must be accepted, and `ok` checks the result.
const CATALOGUE = [
  // ---- tickets as JS values (classify, decide) -------------------------------------------------
  { kind: "ticket", call: "classify", name: "NaN where text is read", run: () => engine.classify({ ...GOOD, description: NaN }), code: "invalid_ticket", path: "/description" },
  { kind: "ticket", call: "classify", name: "NaN in a field no table reads", run: () => engine.classify({ ...GOOD, note: NaN }), code: "invalid_ticket", path: "/note" },
  { kind: "ticket", call: "decide", name: "Infinity in a number column", run: () => engine.decide("free-of-charge", { ...GOOD, households: Infinity }), code: "invalid_ticket", path: "/households" },
  { kind: "ticket", call: "classify", name: "-Infinity nested", run: () => engine.classify({ ...GOOD, location: { floor: -Infinity } }), code: "invalid_ticket", path: "/location/floor" },
  { kind: "ticket", call: "classify", name: "a BigInt", run: () => engine.classify({ ...GOOD, households: 12n }), code: "invalid_ticket", path: "/households" },
  { kind: "ticket", call: "classify", name: "a function", run: () => engine.classify({ ...GOOD, toJSON: () => ({}) }), code: "invalid_ticket", path: "/toJSON" },
  { kind: "ticket", call: "classify", name: "a symbol in a list", run: () => engine.classify({ ...GOOD, tags: ["a", Symbol("b")] }), code: "invalid_ticket", path: "/tags/1" },
  { kind: "ticket", call: "classify", name: "a Date for created", run: () => engine.classify({ ...GOOD, created: new Date("2026-03-02T01:15:00Z") }), code: "invalid_ticket", path: "/created" },
  { kind: "ticket", call: "classify", name: "a Map for a ticket", run: () => engine.classify(new Map(Object.entries(GOOD))), code: "invalid_ticket", path: "" },
  { kind: "ticket", call: "classify", name: "a class instance", run: () => engine.classify(new Ticket()), code: "invalid_ticket", path: "" },
  { kind: "ticket", call: "classify", name: "undefined for a ticket", run: () => engine.classify(undefined), code: "invalid_ticket", path: "" },
  { kind: "ticket", call: "classify", name: "true for a ticket", run: () => engine.classify(true), code: "invalid_ticket", path: "" },
  { kind: "ticket", call: "classify", name: "lone high surrogate in text", run: () => engine.classify({ ...GOOD, description: "水管爆裂\uD800" }), code: "invalid_ticket", path: "/description" },
  { kind: "ticket", call: "classify", name: "lone low surrogate in a key", run: () => engine.classify({ ...GOOD, ["\uDC00x"]: 1 }), code: "invalid_ticket", path: "" },
  { kind: "ticket", call: "classify", name: "10 MB description", run: () => engine.classify({ ...GOOD, description: "漏".repeat(10_000_000) }), code: "string_too_long", path: "/description" },
  { kind: "ticket", call: "classify", name: "text one byte over the limit", run: () => engine.classify({ ...GOOD, description: "x".repeat(MAX_TEXT + 1) }), code: "string_too_long", path: "/description" },
  { kind: "ticket", call: "classify", name: "CJK text over the limit in bytes, not characters", run: () => engine.classify({ ...GOOD, description: "水".repeat(MAX_TEXT / 3 + 1) }), code: "string_too_long", path: "/description" },
  { kind: "ticket", call: "classify", name: "text exactly at the limit", run: () => engine.classify({ ...GOOD, note: "x".repeat(MAX_TEXT) }), ok: (r) => assert.equal(r.rule, "pipe-burst") },
  { kind: "ticket", call: "classify", name: "key over the text limit", run: () => engine.classify({ ...GOOD, ["k".repeat(MAX_TEXT + 1)]: 1 }), code: "string_too_long", path: "" },
  { kind: "ticket", call: "classify", name: "100 000 nested arrays", run: () => engine.classify({ ...GOOD, x: nested(100_000) }), code: "too_deep", path: tooDeepAt("/x", 2) },
  { kind: "ticket", call: "classify", name: "nesting exactly at the limit", run: () => engine.classify({ ...GOOD, x: nested(MAX_DEPTH - 1) }), ok: (r) => assert.equal(r.rule, "pipe-burst") },
  { kind: "ticket", call: "classify", name: "a cycle", run: () => { const t = { ...GOOD }; t.self = t; return engine.classify(t); }, code: "too_deep", path: "/self".repeat(MAX_DEPTH) },
  { kind: "ticket", call: "classify", name: "10 001 keys", run: () => engine.classify(Object.fromEntries(Array.from({ length: MAX_ITEMS + 1 }, (_, i) => [`k${i}`, i]))), code: "too_many_items", path: "" },
  { kind: "ticket", call: "classify", name: "over 1 MiB in all", run: () => engine.classify({ ...GOOD, notes: Array.from({ length: 20 }, () => "x".repeat(60_000)) }), code: "too_large", path: "" },
  { kind: "ticket", call: "classify", name: "a getter that throws", run: () => engine.classify({ ...GOOD, get area() { throw new Error("lazy field failed"); } }), code: "invalid_ticket", path: "" },
  { kind: "ticket", call: "classify", name: "a proxy whose trap throws", run: () => engine.classify({ ...GOOD, location: new Proxy({}, { ownKeys() { throw new Error("trap"); } }) }), code: "invalid_ticket", path: "/location" },
  { kind: "ticket", call: "classify", name: "a revoked proxy", run: () => { const p = Proxy.revocable({}, {}); p.revoke(); return engine.classify(p.proxy); }, code: "invalid_ticket", path: "" },
  { kind: "ticket", call: "classify", name: "description is a list", run: () => engine.classify({ ...GOOD, description: ["水管爆裂"] }), code: "type_mismatch", path: "/description" },
  { kind: "ticket", call: "classify", name: "created 2026-02-30", run: () => engine.classify({ ...GOOD, created: "2026-02-30T09:00:00+08:00" }), code: "invalid_date", path: "/created" },
  { kind: "ticket", call: "classify", name: "created 24:01", run: () => engine.classify({ ...GOOD, created: "2026-03-02T24:01:00+08:00" }), code: "invalid_date", path: "/created" },
  { kind: "ticket", call: "classify", name: "created with offset +25:00", run: () => engine.classify({ ...GOOD, created: "2026-03-02T09:00:00+25:00" }), code: "invalid_date", path: "/created" },
  { kind: "ticket", call: "classify", name: "created without offset", run: () => engine.classify({ ...GOOD, created: "2026-03-02T09:00:00" }), code: "invalid_date", path: "/created" },
  { kind: "ticket", call: "classify", name: "created as epoch milliseconds", run: () => engine.classify({ ...GOOD, created: 1772413200000 }), code: "wrong_type", path: "/created" },
  { kind: "ticket", call: "classify", name: "created before any rule set", run: () => engine.classify({ ...GOOD, created: "2025-12-31T23:59:59+08:00" }), code: "no_rule_set_in_effect", path: "/created" },
  { kind: "ticket", call: "classify", name: "options with a misspelt key", run: () => engine.classify(GOOD, { trce: true }), code: "invalid_value", path: "" },
  { kind: "ticket", call: "classify", name: "options trace as text", run: () => engine.classify(GOOD, { trace: "yes" }), code: "invalid_value", path: "" },
  { kind: "ticket", call: "decide", name: "table name not text", run: () => engine.decide(42, GOOD), code: "wrong_type", path: "/table" },
  { kind: "ticket", call: "decide", name: "table named __proto__", run: () => engine.decide("__proto__", GOOD), code: "unknown_table", path: "" },
  { kind: "ticket", call: "decide", name: "table named constructor", run: () => engine.decide("constructor", GOOD), code: "unknown_table", path: "" },
  // Prototype-pollution keys: own properties of plain objects are only fields.
  { kind: "ticket", call: "classify", name: "own __proto__ key (JSON.parse)", run: () => engine.classify(JSON.parse('{"__proto__":{"description":"燃气泄漏","polluted":true},"kind":"enquiry"}')), ok: (r) => assert.equal(r.priority, "low") },
  { kind: "ticket", call: "classify", name: "own constructor and prototype keys", run: () => engine.classify({ ...GOOD, constructor: { prototype: { polluted: true } }, prototype: { polluted: true } }), ok: (r) => assert.deepEqual(r, GOOD_RESULT) },
  { kind: "ticket", call: "classify", name: "__proto__ in an object literal (sets the prototype)", run: () => engine.classify({ __proto__: { description: "燃气泄漏" }, kind: "repair" }), code: "invalid_ticket", path: "" },
  { kind: "ticket", call: "classify", name: "an object without prototype", run: () => engine.classify(Object.assign(Object.create(null), GOOD)), ok: (r) => assert.deepEqual(r, GOOD_RESULT) },

  // ---- event logs (deadlines, followUps) -------------------------------------------------------
  { kind: "event log", call: "deadlines", name: "events is an object", run: () => engine.deadlines({ ...GOOD, events: {} }, NOW), code: "wrong_type", path: "/events" },
  { kind: "event log", call: "deadlines", name: "an event is a number", run: () => engine.deadlines({ ...GOOD, events: [5] }, NOW), code: "wrong_type", path: "/events/0" },
  { kind: "event log", call: "deadlines", name: "an event without type", run: () => engine.deadlines({ ...GOOD, events: [{ at: NOW }] }, NOW), code: "invalid_event_log", path: "/events/0/type" },
  { kind: "event log", call: "deadlines", name: "an event type NaN", run: () => engine.deadlines({ ...GOOD, events: [{ type: NaN, at: NOW }] }, NOW), code: "invalid_ticket", path: "/events/0/type" },
  { kind: "event log", call: "deadlines", name: "an event at 24:01", run: () => engine.deadlines({ ...GOOD, events: [{ type: "responded", at: "2026-03-02T24:01:00+08:00" }] }, NOW), code: "invalid_date", path: "/events/0/at" },
  { kind: "event log", call: "deadlines", name: "an event on 2026-02-30", run: () => engine.deadlines({ ...GOOD, events: [{ type: "responded", at: "2026-03-02T09:20:00+08:00" }, { type: "arrived", at: "2026-02-30T09:40:00+08:00" }] }, NOW), code: "invalid_date", path: "/events/1/at" },
  { kind: "event log", call: "deadlines", name: "events out of order", run: () => engine.deadlines({ ...GOOD, events: [{ type: "responded", at: "2026-03-02T09:50:00+08:00" }, { type: "arrived", at: "2026-03-02T09:40:00+08:00" }] }, NOW), code: "invalid_event_log", path: "/events/1/at" },
  { kind: "event log", call: "deadlines", name: "an event before created", run: () => engine.deadlines({ ...GOOD, events: [{ type: "responded", at: "2026-03-01T09:50:00+08:00" }] }, NOW), code: "invalid_event_log", path: "/events/0/at" },
  { kind: "event log", call: "deadlines", name: "priority_changed without priority", run: () => engine.deadlines({ ...GOOD, events: [{ type: "priority_changed", at: "2026-03-02T09:20:00+08:00" }] }, NOW), code: "invalid_event_log", path: "/events/0/priority" },
  { kind: "event log", call: "deadlines", name: "10 001 events", run: () => engine.deadlines({ ...GOOD, events: Array.from({ length: MAX_ITEMS + 1 }, () => ({ type: "note", at: "2026-03-02T09:20:00+08:00" })) }, NOW), code: "too_many_items", path: "/events" },
  { kind: "event log", call: "deadlines", name: "now 2026-02-30", run: () => engine.deadlines(GOOD, "2026-02-30T10:00:00+08:00"), code: "invalid_date", path: "/now" },
  { kind: "event log", call: "deadlines", name: "now a number", run: () => engine.deadlines(GOOD, Date.UTC(2026, 2, 2)), code: "wrong_type", path: "/now" },
  { kind: "event log", call: "deadlines", name: "now missing", run: () => engine.deadlines(GOOD), code: "wrong_type", path: "/now" },
  { kind: "event log", call: "deadlines", name: "now 10 MB", run: () => engine.deadlines(GOOD, "2".repeat(10_000_000)), code: "string_too_long", path: "/now" },
  { kind: "event log", call: "followUps", name: "survey score NaN", run: () => engine.followUps({ ...RECORD, survey: { score: NaN } }, NOW), code: "invalid_ticket", path: "/survey/score" },
  { kind: "event log", call: "followUps", name: "now a Date", run: () => engine.followUps(RECORD, new Date()), code: "wrong_type", path: "/now" },

  // ---- work orders (quote) ---------------------------------------------------------------------
  { kind: "order", call: "quote", name: "quantity NaN", run: () => engine.quote({ ...ORDER, lines: [{ code: "PLMB-01", quantity: NaN }] }, NOW), code: "invalid_ticket", path: "/lines/0/quantity" },
  { kind: "order", call: "quote", name: "quantity Infinity", run: () => engine.quote({ ...ORDER, lines: [{ code: "PLMB-01", quantity: Infinity }] }, NOW), code: "invalid_ticket", path: "/lines/0/quantity" },
  { kind: "order", call: "quote", name: "quantity 1e308", run: () => engine.quote({ ...ORDER, lines: [{ code: "PLMB-01", quantity: 1e308 }] }, NOW), code: "invalid_value", path: "/lines/0/quantity" },
  { kind: "order", call: "quote", name: "quantity 2**53+1", run: () => engine.quote({ ...ORDER, lines: [{ code: "PLMB-01", quantity: 2 ** 53 + 1 }] }, NOW), code: "invalid_value", path: "/lines/0/quantity" },
  { kind: "order", call: "quote", name: "quantity as exponent text", run: () => engine.quote({ ...ORDER, lines: [{ code: "PLMB-01", quantity: "1e3" }] }, NOW), code: "invalid_value", path: "/lines/0/quantity" },
  { kind: "order", call: "quote", name: "minutes negative", run: () => engine.quote({ ...ORDER, lines: [{ code: "ELEC-03", minutes: -5, material_cost: "0" }] }, NOW), code: "invalid_value", path: "/lines/0/minutes" },
  { kind: "order", call: "quote", name: "labor 1e308 as text", run: () => engine.quote({ ...ORDER, lines: [{ code: "PLMB-13", labor: "1e308", material_cost: "0" }] }, NOW), code: "invalid_money", path: "/lines/0/labor" },
  { kind: "order", call: "quote", name: "labor as a number", run: () => engine.quote({ ...ORDER, lines: [{ code: "PLMB-13", labor: 60, material_cost: "0" }] }, NOW), code: "wrong_type", path: "/lines/0/labor" },
  { kind: "order", call: "quote", name: "material cost past 10^13 fen", run: () => engine.quote({ ...ORDER, lines: [{ code: "PLMB-13", labor: "60.00", material_cost: "99999999999999999999.00" }] }, NOW), code: "invalid_money", path: "/lines/0/material_cost" },
  { kind: "order", call: "quote", name: "handover 2026-02-30", run: () => engine.quote({ ...ORDER, handover: "2026-02-30" }, NOW), code: "invalid_date", path: "/handover" },
  { kind: "order", call: "quote", name: "completed 24:01", run: () => engine.quote({ ...ORDER, completed: "2026-03-02T24:01:00+08:00" }, NOW), code: "invalid_date", path: "/completed" },
  { kind: "order", call: "quote", name: "a line with an own __proto__ key", run: () => engine.quote({ ...ORDER, lines: [JSON.parse('{"code":"PLMB-01","__proto__":{"labor":"0.00"}}')] }, NOW), code: "unknown_key", path: "/lines/0/__proto__" },
  { kind: "order", call: "quote", name: "a line with a constructor key", run: () => engine.quote({ ...ORDER, lines: [{ code: "PLMB-01", constructor: "x" }] }, NOW), code: "unknown_key", path: "/lines/0/constructor" },
  { kind: "order", call: "quote", name: "code as a number", run: () => engine.quote({ ...ORDER, lines: [{ code: 1 }] }, NOW), code: "wrong_type", path: "/lines/0/code" },
  { kind: "order", call: "quote", name: "20 000 lines", run: () => engine.quote({ ...ORDER, lines: Array.from({ length: 2 * MAX_ITEMS }, () => ({ code: "PLMB-01" })) }, NOW), code: "too_many_items", path: "/lines" },
  { kind: "order", call: "priceSchedule", name: "at 2026-02-30", run: () => engine.priceSchedule("2026-02-30T00:00:00+08:00"), code: "invalid_date", path: "/at" },

  // ---- KPI records: skipped and reported by index, never thrown --------------------------------
  { kind: "kpi record", call: "kpi", name: "survey score NaN", run: () => kpi([{ ...RECORD, survey: { score: NaN } }]), code: "invalid_ticket", path: "/survey/score" },
  { kind: "kpi record", call: "kpi", name: "survey score 1e308", run: () => kpi([{ ...RECORD, survey: { score: 1e308 } }]), code: "invalid_value", path: "/survey/score" },
  { kind: "kpi record", call: "kpi", name: "fee amount as a number", run: () => kpi([{ ...RECORD, fee: { amount: 45 } }]), code: "wrong_type", path: "/fee/amount" },
  { kind: "kpi record", call: "kpi", name: "fee amount 1e308", run: () => kpi([{ ...RECORD, fee: { amount: "1e308" } }]), code: "invalid_money", path: "/fee/amount" },
  { kind: "kpi record", call: "kpi", name: "a call-back at 24:01", run: () => kpi([{ ...RECORD, callbacks: [{ at: "2026-03-20T24:01:00+08:00" }] }]), code: "invalid_date", path: "/callbacks/0/at" },
  { kind: "kpi record", call: "kpi", name: "revisit on 2026-02-30", run: () => kpi([{ ...RECORD, survey: { answer: "unsatisfied", at: "2026-03-03T09:10:00+08:00" }, revisit: { at: "2026-02-30T10:00:00+08:00" } }]), code: "invalid_date", path: "/revisit/at" },
  { kind: "kpi record", call: "kpi", name: "a call-back that is a number", run: () => kpi([{ ...RECORD, callbacks: [5] }]), code: "wrong_type", path: "/callbacks/0" },
  { kind: "kpi record", call: "kpi", name: "lone surrogate in team", run: () => kpi([{ ...RECORD, team: "\uDBFF工程" }]), code: "invalid_ticket", path: "/team" },
  { kind: "kpi record", call: "kpi", name: "100 000 nested arrays", run: () => kpi([nested(100_000)]), code: "too_deep", path: tooDeepAt("", 1) },
  { kind: "kpi record", call: "kpi", name: "a function for a record", run: () => kpi([() => RECORD]), code: "invalid_ticket", path: "" },
  { kind: "kpi record", call: "kpi", name: "a record that is text", run: () => kpi(["R001"]), code: "invalid_ticket", path: "" },
  { kind: "kpi record", call: "kpi NDJSON", name: "a key given twice", run: () => kpiText('{"kind":"repair","kind":"complaint"}'), code: "duplicate_key", path: "/kind" },
  { kind: "kpi record", call: "kpi NDJSON", name: "a lone surrogate escape", run: () => kpiText('{"kind":"repair","team":"\\ud800"}'), code: "json_syntax", path: "" },
  { kind: "kpi record", call: "kpi NDJSON", name: "100 000 levels of [", run: () => kpiText(nestedText(100_000)), code: "too_deep", path: tooDeepAt("", 1) },
  { kind: "kpi record", call: "kpi NDJSON", name: "a line over 1 MiB", run: () => kpiText(JSON.stringify({ ...RECORD, notes: Array(20).fill("x".repeat(60_000)) })), code: "too_large", path: "" },
  { kind: "kpi record", call: "kpi NDJSON", name: "NaN literal", run: () => kpiText('{"survey":{"score":NaN}}'), code: "json_syntax", path: "" },
  { kind: "kpi record", call: "kpi NDJSON", name: "a number past f64", run: () => kpiText('{"survey":{"score":1e400}}'), code: "json_syntax", path: "" },
  { kind: "kpi record", call: "kpi NDJSON", name: "10 001 events", run: () => kpiText(JSON.stringify({ ...RECORD, events: Array(MAX_ITEMS + 1).fill({ type: "note", at: RECORD.created }) })), code: "too_many_items", path: "/events" },
  { kind: "kpi record", call: "kpi NDJSON", name: "a text over 64 KiB", run: () => kpiText(JSON.stringify({ ...RECORD, description: "漏".repeat(30_000) })), code: "string_too_long", path: "/description" },
  { kind: "kpi record", call: "kpi NDJSON", name: "own __proto__ and constructor keys", run: () => engine.kpi(JSON.stringify(RECORD).replace("{", '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},'), { now: NOW }), ok: (r) => assert.deepEqual([r.records, r.evaluated], [1, 1]) },
  { kind: "kpi record", call: "kpi", name: "records neither array nor text", run: () => engine.kpi({ 0: RECORD }, { now: NOW }), code: "wrong_type", path: "" },
  { kind: "kpi record", call: "kpi", name: "100 001 records in one call", run: () => engine.kpi(Array(MAX_BATCH + 1).fill(RECORD), { now: NOW }), code: "too_many_records", path: "" },
  { kind: "kpi record", call: "kpi NDJSON", name: "100 001 lines in one call", run: () => engine.kpi("{}\n".repeat(MAX_BATCH + 1), { now: NOW }), code: "too_many_records", path: "" },
  { kind: "kpi record", call: "kpi", name: "options with an unknown key", run: () => engine.kpi([RECORD], { now: NOW, group: ["team"] }), code: "invalid_value", path: "" },
  { kind: "kpi record", call: "kpi", name: "options now NaN", run: () => engine.kpi([RECORD], { now: NaN }), code: "invalid_value", path: "" },
  { kind: "kpi record", call: "kpiRun", name: "now 2026-02-30", run: () => engine.kpiRun({ now: "2026-02-30T10:00:00+08:00" }), code: "invalid_date", path: "/now" },

  // ---- case files (runCases) -------------------------------------------------------------------
  { kind: "case file", call: "runCases", name: "100 000 levels of [", run: () => engine.runCases(nestedText(100_000)), code: "too_deep", path: tooDeepAt("", 1) },
  { kind: "case file", call: "runCases", name: "cases given twice", run: () => engine.runCases('{"cases":[],"cases":[]}'), code: "duplicate_key", path: "/cases" },
  { kind: "case file", call: "runCases", name: "an own __proto__ key", run: () => engine.runCases('{"cases":[],"__proto__":{"polluted":true}}'), code: "unknown_key", path: "/__proto__" },
  { kind: "case file", call: "runCases", name: "100 001 cases", run: () => engine.runCases(caseFile(Array(100_001).fill({ name: "", ticket: {} }))), code: "too_many_cases", path: "/cases" },
  { kind: "case file", call: "runCases", name: "over 16 MiB", run: () => engine.runCases(" ".repeat(16 * 1024 * 1024 + 1)), code: "too_large", path: "" },
  { kind: "case file", call: "runCases", name: "a kpi case with 100 001 records", run: () => engine.runCases(caseFile([{ name: "big", call: "kpi", now: NOW, records: Array(MAX_BATCH + 1).fill({}) }])).cases[0].error, code: "too_many_records", path: "/cases/0/records" },
  { kind: "case file", call: "runCases", name: "a case file that is not text", run: () => engine.runCases({ cases: [] }), code: "wrong_type", path: "" },

  // ---- rule files: input-level mistakes (new Engine, add) --------------------------------------
  { kind: "rule file", call: "new Engine", name: "100 000 levels of [", run: () => loadProblem(() => new Engine(nestedText(100_000))), code: "too_deep", path: tooDeepAt("", 1) },
  { kind: "rule file", call: "engine.add", name: "nesting past the limit inside a table", run: () => loadProblem(() => engine.add(rulesWith((r) => { r.version = "2"; r.tables["free-of-charge"].rules[0].when = nested(MAX_DEPTH); }))), code: "too_deep", path: "/tables/free-of-charge/rules/0/when" + "/0".repeat(MAX_DEPTH - 5) },
  { kind: "rule file", call: "new Engine", name: "an own __proto__ key", run: () => loadProblem(() => new Engine(RULES_TEXT.replace("{", '{"__proto__":{"polluted":true},'))), code: "unknown_key", path: "/__proto__" },
  { kind: "rule file", call: "new Engine", name: "a top-level constructor key", run: () => loadProblem(() => new Engine(rulesWith((r) => { r.constructor = { prototype: { polluted: true } }; }))), code: "unknown_key", path: "/constructor" },
  { kind: "rule file", call: "new Engine", name: "a prototype key in a calendar", run: () => loadProblem(() => new Engine(rulesWith((r) => { r.calendars.office.prototype = {}; }))), code: "unknown_key", path: "/calendars/office/prototype" },
  { kind: "rule file", call: "new Engine", name: "a key given twice in a calendar", run: () => loadProblem(() => new Engine(RULES_TEXT.replace('"covers":', '"covers": "2026-01-01..2026-06-30", "covers":'))), code: "duplicate_key", path: "/calendars/office/covers" },
  { kind: "rule file", call: "new Engine", name: "a raw lone surrogate", run: () => loadProblem(() => new Engine(RULES_TEXT.replace("紧急", "紧\uD800急"))), code: "json_syntax", path: "" },
  { kind: "rule file", call: "new Engine", name: "a label over 64 KiB", run: () => loadProblem(() => new Engine(rulesWith((r) => { r.priorities[0].label.zh = "急".repeat(30_000); }))), code: "string_too_long", path: "/priorities/0/label/zh" },
  { kind: "rule file", call: "new Engine", name: "text over 4 MiB", run: () => loadProblem(() => new Engine(RULES_TEXT + " ".repeat(4 * 1024 * 1024))), code: "too_large", path: "" },
  { kind: "rule file", call: "new Engine", name: "split parts over 4 MiB together", run: () => loadProblem(() => new Engine([RULES_TEXT + " ".repeat(2_200_000), `{${" ".repeat(2_200_000)}}`])), code: "too_large", path: "" },
  { kind: "rule file", call: "new Engine", name: "a number instead of text", run: () => new Engine(5), code: "wrong_type", path: "" },
  { kind: "rule file", call: "new Engine", name: "a part that is not text", run: () => new Engine([RULES_TEXT, 5]), code: "wrong_type", path: "" },
  { kind: "rule file", call: "new Engine", name: "a calendar zone that does not exist", run: () => loadProblem(() => new Engine(rulesWith((r) => { r.calendars.office.time_zone = "Asia/Beijing"; }))), code: "invalid_time_zone", path: "/calendars/office/time_zone" },
  { kind: "rule file", call: "new Engine", name: "a holiday on 2026-02-30", run: () => loadProblem(() => new Engine(rulesWith((r) => { r.calendars.office.holidays[0] = "2026-02-30"; }))), code: "invalid_date", path: "/calendars/office/holidays/0" },
  { kind: "rule file", call: "new Engine", name: "a working interval ending 24:01", run: () => loadProblem(() => new Engine(rulesWith((r) => { r.calendars.office.week["mon-fri"][1] = "13:30-24:01"; }))), code: "invalid_time", path: "/calendars/office/week/mon-fri/1" },
  { kind: "rule file", call: "new Engine", name: "a closure from 24:01", run: () => loadProblem(() => new Engine(rulesWith((r) => { r.calendars.office.closures = [{ from: "2026-07-20T24:01:00+08:00", to: "2026-07-21T10:00:00+08:00", reason: "台风" }]; }))), code: "invalid_date", path: "/calendars/office/closures/0/from" },

  // ---- calendar arithmetic and version diffs: arguments ----------------------------------------
  { kind: "argument", call: "addWorkingTime", name: "calendar name not text", run: () => engine.addWorkingTime(5, NOW, "2h"), code: "wrong_type", path: "/calendar" },
  { kind: "argument", call: "addWorkingTime", name: "from 2026-02-30", run: () => engine.addWorkingTime("office", "2026-02-30T09:00:00+08:00", "2h"), code: "invalid_date", path: "/from" },
  { kind: "argument", call: "addWorkingTime", name: "duration 1e308h", run: () => engine.addWorkingTime("office", NOW, "1e308h"), code: "invalid_duration", path: "/duration" },
  { kind: "argument", call: "addWorkingTime", name: "calendar named __proto__", run: () => engine.addWorkingTime("__proto__", NOW, "2h"), code: "unknown_calendar", path: "/calendar" },
  { kind: "argument", call: "workingTimeBetween", name: "to at 24:01", run: () => engine.workingTimeBetween("office", NOW, "2026-03-02T24:01:00+08:00"), code: "invalid_date", path: "/to" },
  { kind: "argument", call: "closeOfWorkingDay", name: "days -1", run: () => engine.closeOfWorkingDay("office", NOW, -1), code: "invalid_value", path: "/days" },
  { kind: "argument", call: "closeOfWorkingDay", name: "days 2**32+1", run: () => engine.closeOfWorkingDay("office", NOW, 2 ** 32 + 1), code: "invalid_value", path: "/days" },
  { kind: "argument", call: "closeOfWorkingDay", name: "days 1.5", run: () => engine.closeOfWorkingDay("office", NOW, 1.5), code: "invalid_value", path: "/days" },
  { kind: "argument", call: "closeOfWorkingDay", name: "days as text", run: () => engine.closeOfWorkingDay("office", NOW, "3"), code: "invalid_value", path: "/days" },
  { kind: "argument", call: "closeOfWorkingDay", name: "days 2**32-1 (past coverage, not wrapped)", run: () => engine.closeOfWorkingDay("office", NOW, 2 ** 32 - 1), code: "calendar_not_covered", path: "/from" },
  { kind: "argument", call: "diff", name: "a NaN in the 2nd ticket", run: () => engine.diff(engine, [GOOD, { ...GOOD, households: NaN }], NOW), code: "invalid_ticket", path: "/1/households" },
  { kind: "argument", call: "diff", name: "tickets as text", run: () => engine.diff(engine, JSON.stringify([GOOD]), NOW), code: "wrong_type", path: "" },
  { kind: "argument", call: "diff", name: "100 001 tickets", run: () => engine.diff(engine, Array(MAX_BATCH + 1).fill(GOOD), NOW), code: "too_many_records", path: "" },
];

function checkEngineUnharmed() {
  assert.deepEqual(engine.classify(GOOD), GOOD_RESULT);
  assert.deepEqual(engine.ruleSets, [{ id: "default", version: "2026.1" }]);
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), PROTOTYPE_KEYS);
  assert.equal({}.polluted, undefined);
  assert.equal(Object.getPrototypeOf({}), Object.prototype);
}

test("the catalogue: at least 60 malformed inputs, each kind represented", () => {
  const errors = CATALOGUE.filter((e) => !e.ok);
  assert.ok(errors.length >= 60, `${errors.length} entries`);
  const kinds = new Set(errors.map((e) => e.kind));
  for (const kind of ["ticket", "event log", "order", "kpi record", "case file", "rule file", "argument"]) {
    assert.ok(kinds.has(kind), kind);
  }
  const names = CATALOGUE.map((e) => `${e.call}: ${e.name}`);
  assert.equal(new Set(names).size, names.length, "entry names are unique");
});

for (const entry of CATALOGUE) {
  test(`${entry.kind} → ${entry.call}: ${entry.name}`, () => {
    if (entry.ok) {
      entry.ok(entry.run());
    } else {
      // A thrown SlafeeError, or the error a batch reported / a load listed (entry helpers).
      let error;
      try {
        error = entry.run();
      } catch (e) {
        assert.equal(e.name, "SlafeeError", e.stack);
        assert.ok(e instanceof Error);
        error = e;
      }
      assert.deepEqual({ code: error?.code, path: error?.path }, { code: entry.code, path: entry.path },
        `got ${JSON.stringify(error)?.slice(0, 300)}`);
      assert.ok(error.message.length > 5, error.message);
    }
    checkEngineUnharmed();
  });
}
