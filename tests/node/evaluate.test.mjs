// evaluate, evaluateBatch (array and NDJSON), evaluateNdjson, batch(), replace and the error
// class through the built package: each agrees with the specific calls, errors stay in place.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine, SlafeeError } from "../../pkg/node.js";
import { RULES, RULES_TEXT } from "./fixtures.mjs";

const DEFAULT = readFileSync(new URL("../../rules/default.json", import.meta.url), "utf8");
const engine = new Engine(DEFAULT);
const NOW = "2026-03-02T10:00:00+08:00";
const burst = {
  kind: "repair", area: "indoor", system: "water", description: "厨房水管爆裂",
  created: "2026-03-02T09:15:00+08:00", events: [{ type: "responded", at: "2026-03-02T09:30:00+08:00" }],
};
const enquiry = { kind: "enquiry", area: "indoor", system: "other", description: "物业费怎么交", created: "2026-03-02T08:00:00+08:00" };

test("evaluate gives priority, clocks and follow-ups in one call, agreeing with the specific calls", () => {
  const r = engine.evaluate(burst, NOW);
  const c = engine.classify(burst);
  for (const key of ["rule_set", "priority", "rank", "label", "rule", "source"]) assert.deepEqual(r[key], c[key], key);
  const d = engine.deadlines(burst, NOW);
  assert.deepEqual(r.targets, d.targets);
  assert.equal(r.sla_priority, d.priority);
  assert.equal(r.now, d.now);
  assert.deepEqual(r.follow_ups, engine.followUps(burst, NOW));
  assert.equal("fee" in r, false, "no lines, no fee");
});

test("a work order's evaluation carries its fee (the quote's receipt)", () => {
  const order = { ...burst, completed: "2026-03-02T11:00:00+08:00", lines: [{ code: "PLMB-01", quantity: 2 }] };
  const r = engine.evaluate(order, NOW);
  assert.deepEqual(r.fee, engine.quote(order, NOW));
  assert.equal(r.fee.status, "priced");
});

test("evaluate throws SlafeeError instances with code and path", () => {
  const cases = [
    [() => engine.evaluate({ description: 1, created: burst.created }, NOW), "type_mismatch", "/description"],
    [() => engine.evaluate({ kind: "repair" }, NOW), "missing_field", "/created"],
    [() => engine.evaluate(burst, "later"), "invalid_date", "/now"],
    [() => engine.evaluate(burst, 5), "wrong_type", "/now"],
    [() => engine.evaluate({ ...burst, lines: [{ code: "NOPE" }] }, NOW), "unknown_item", "/lines/0/code"],
    [() => engine.evaluate({ ...burst, at: new Date() }, NOW), "invalid_ticket", "/at"],
  ];
  for (const [call, code, path] of cases) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof SlafeeError, "instanceof SlafeeError");
      assert.ok(e instanceof Error);
      assert.equal(e.name, "SlafeeError");
      assert.deepEqual([e.code, e.path], [code, path]);
      assert.equal(typeof e.message, "string");
      assert.ok(e.stack.includes("SlafeeError"));
      return true;
    });
  }
});

test("every error of every call is a SlafeeError, problems included", () => {
  assert.throws(() => new Engine("{"), (e) => e instanceof SlafeeError && e.code === "invalid_rule_set" && e.problems.length === 1);
  assert.throws(() => engine.classify(null), SlafeeError);
  assert.throws(() => engine.decide("nope", {}), SlafeeError);
  assert.throws(() => engine.kpi(5, { now: NOW }), SlafeeError);
  assert.throws(() => engine.runCases(1), SlafeeError);
  assert.throws(() => engine.evaluateBatch({}, NOW), SlafeeError);
  assert.throws(() => engine.evaluateBatch([], NOW, { call: "nope" }), SlafeeError);
  assert.throws(() => engine.evaluateBatch([], NOW, { firstLine: 3 }), SlafeeError);
  assert.throws(() => engine.evaluateNdjson(5, NOW), SlafeeError);
  assert.throws(() => engine.batch("x"), (e) => e instanceof SlafeeError && e.path === "/now");
});

test("evaluateBatch over an array: results in order, a bad record's error in its place", () => {
  const out = engine.evaluateBatch([burst, { kind: "repair" }, NaN, enquiry], NOW);
  assert.equal(out.length, 4);
  assert.deepEqual(out[0], engine.evaluate(burst, NOW));
  assert.deepEqual(out[1].error, { code: "missing_field", path: "/created", message: out[1].error.message });
  assert.equal(out[2].error.code, "invalid_ticket");
  assert.equal(out[3].priority, "low");
  assert.deepEqual(engine.evaluateBatch([], NOW), []);
  const classified = engine.evaluateBatch([burst, { description: 1 }], NOW, { call: "classify" });
  assert.deepEqual(classified[0], engine.classify(burst));
  assert.equal(classified[1].error.path, "/description");
});

test("evaluateBatch over NDJSON text numbers lines; blank lines are skipped", () => {
  const text = [JSON.stringify(burst), "", "{oops", JSON.stringify(enquiry) + "\r"].join("\n");
  const out = engine.evaluateBatch(text, NOW);
  assert.deepEqual(out.map((o) => [o.line, o.priority ?? o.error.code]), [[1, "emergency"], [3, "json_syntax"], [4, "low"]]);
  assert.deepEqual({ ...out[0], line: undefined }, { ...engine.evaluate(burst, NOW), line: undefined });
});

test("evaluateNdjson returns NDJSON text, from a string or bytes", () => {
  const text = `${JSON.stringify(burst)}\n[]\n${JSON.stringify(enquiry)}`;
  const fromText = engine.evaluateNdjson(text, NOW, { call: "classify" });
  const fromBytes = engine.evaluateNdjson(new TextEncoder().encode(text), NOW, { call: "classify" });
  assert.equal(fromText, fromBytes);
  const lines = fromText.trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((o) => o.line), [1, 2, 3]);
  assert.equal(lines[1].error.code, "invalid_ticket");
  assert.deepEqual({ ...lines[0], line: undefined }, { ...engine.classify(burst), line: undefined });
  assert.equal(engine.evaluateNdjson(text, NOW).split("\n").length, 4);
});

test("batch() streams chunks cut anywhere, keeping line numbers and counts", () => {
  const text = new TextEncoder().encode(`${JSON.stringify(burst)}\n{"description":1,"created":"2026-03-02T09:00:00+08:00"}\n${JSON.stringify(enquiry)}`);
  const whole = engine.evaluateNdjson(text, NOW);
  for (const size of [1, 5, 100]) {
    const batch = engine.batch(NOW);
    let out = "";
    for (let i = 0; i < text.length; i += size) out += batch.feed(text.subarray(i, i + size));
    out += batch.finish();
    assert.equal(out, whole);
    assert.deepEqual([batch.records, batch.errors], [3, 1]);
  }
  const part = engine.batch(NOW, { call: "classify", firstLine: 10 });
  assert.equal(JSON.parse(part.feed(new TextEncoder().encode("\n{}\n"))).line, 11);
});

test("batch() answers as UTF-8 bytes with feedBytes and finishBytes, the same lines as feed and finish", () => {
  // Chinese text, cut inside its characters: a result is whole lines, however its input came.
  const text = new TextEncoder().encode(`${JSON.stringify(burst)}\n{"description":1}\n${JSON.stringify(enquiry)}`);
  const whole = engine.evaluateNdjson(text, NOW);
  assert.match(whole, /[\u4e00-\u9fff]/);
  for (const size of [1, 2, 7, text.length]) {
    const batch = engine.batch(NOW);
    const parts = [];
    for (let i = 0; i < text.length; i += size) parts.push(batch.feedBytes(text.subarray(i, i + size)));
    const tail = batch.finishBytes();
    assert.ok(parts.every((p) => p instanceof Uint8Array) && tail instanceof Uint8Array);
    assert.ok(tail.length > 0, "the last line, without a newline, is answered by finishBytes");
    assert.equal(Buffer.concat([...parts, tail]).toString("utf8"), whole, `chunks of ${size} bytes`);
    assert.deepEqual([batch.records, batch.errors], [3, 1]);
    batch.free();
  }
});

test("replace swaps the rule book; a failed replace keeps the old rule sets", () => {
  const e = new Engine(RULES_TEXT);
  assert.throws(() => e.replace("{}"), SlafeeError);
  assert.deepEqual(e.ruleSets, [{ id: "node-test", version: "1" }]);
  e.replace(JSON.stringify({ ...RULES, version: "2" }));
  assert.deepEqual(e.ruleSets, [{ id: "node-test", version: "2" }]);
  e.add(JSON.stringify({ ...RULES, version: "3", effective_from: "2026-06-01" }));
  e.replace([JSON.stringify({ ...RULES, version: "4" })]);
  assert.deepEqual(e.ruleSets.map((r) => r.version), ["4"]);
});
