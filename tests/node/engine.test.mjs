// The Engine class through the built package, exactly as a Node backend imports it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine } from "../../pkg/node.js";
import { RULES, RULES_TEXT } from "./fixtures.mjs";

const engine = new Engine(RULES_TEXT);

test("loads a rule set and reports its id and version", () => {
  assert.deepEqual(engine.ruleSets, [{ id: "node-test", version: "1" }]);
});

test("classify returns the priority, its label and the row that fired", () => {
  const result = engine.classify({ kind: "repair", system: "gas", description: "厨房闻到煤气味" });
  assert.deepEqual(result, {
    rule_set: { id: "node-test", version: "1" },
    priority: "emergency",
    rank: 1,
    label: { zh: "紧急", en: "Emergency" },
    rule: "gas",
    source: "seed",
  });
});

test("first hit: rows are tried in order and every cell of a row must match", () => {
  assert.equal(engine.classify({ system: "elevator", description: "3号楼电梯困人" }).rule, "lift");
  // The lift row needs both cells; this one falls through to the enquiry row.
  const r = engine.classify({ kind: "enquiry", system: "elevator", description: "电梯几点保养" });
  assert.equal(r.rule, "enquiry");
  assert.equal(r.priority, "low");
  assert.equal(r.label.en, undefined);
});

test("the table default applies when no row matches, with rule null", () => {
  const r = engine.classify({ kind: "repair", system: "water", description: "水龙头滴水" });
  assert.equal(r.priority, "routine");
  assert.equal(r.rule, null);
  assert.equal("source" in r, false);
});

test("a ticket value of the wrong type is a located type_mismatch, not a silent non-match", () => {
  assert.throws(
    () => engine.classify({ kind: "repair", description: 42 }),
    (e) => e instanceof Error && e.name === "SlafeeError" && e.code === "type_mismatch" && e.path === "/description",
  );
});

test("a ticket that is not an object is rejected", () => {
  for (const bad of [null, 5, "gas", [1, 2]]) {
    assert.throws(() => engine.classify(bad), (e) => e.code === "invalid_ticket" && e.path === "");
  }
});

test("a rule set with several mistakes reports every one, each located", () => {
  const broken = structuredClone(RULES);
  broken.priorities.push({ id: "low", rank: 4, label: { zh: "重复" } });
  broken.classify.rules[0].then.priority = "urgent";
  broken.classify.rules[1].when.colour = '"red"';
  broken.classify.rules[2].when.kind = "enquiry";
  try {
    new Engine(JSON.stringify(broken));
    assert.fail("expected the load to fail");
  } catch (e) {
    assert.equal(e.name, "SlafeeError");
    assert.equal(e.code, "invalid_rule_set");
    assert.equal(e.path, "");
    assert.deepEqual(
      e.problems.map((p) => [p.code, p.path]),
      [
        ["duplicate_id", "/priorities/3/id"],
        ["unknown_priority", "/classify/rules/0/then/priority"],
        ["unknown_input", "/classify/rules/1/when/colour"],
        ["malformed_cell", "/classify/rules/2/when/kind"],
      ],
    );
    for (const p of e.problems) assert.ok(p.message.length > 10, p.message);
  }
});

test("shape and syntax errors are located too", () => {
  const cases = [
    ["{ not json", "json_syntax", ""],
    [JSON.stringify({ ...RULES, extra: 1 }), "unknown_key", "/extra"],
    [JSON.stringify({ ...RULES, version: 2 }), "wrong_type", "/version"],
  ];
  for (const [text, code, path] of cases) {
    assert.throws(() => new Engine(text), (e) => e.code === "invalid_rule_set"
      && e.problems.length === 1 && e.problems[0].code === code && e.problems[0].path === path);
  }
});

test("a failed load leaves an existing engine working", () => {
  assert.throws(() => new Engine("{}"));
  assert.equal(engine.classify({ kind: "enquiry" }).priority, "low");
});

test("results carry every character exactly: Chinese, characters beyond the BMP, quotes, controls", () => {
  // Results cross from wasm as JSON text and one JSON.parse; it must give back the very strings
  // the ticket and rule set hold.
  const description = "楼道灯不亮😀🏠 \"quoted\" back\\slash tab\t newline\n nul\u0000 é ß 𠀀 ﬁ \u2028\u2029 end";
  const result = engine.classify({ kind: "repair", system: "water", description }, { trace: true });
  assert.equal(result.label.zh, "常规");
  assert.equal(result.priority, "routine");
  const failed = result.trace.find((row) => row.row === "gas").failed;
  assert.equal(failed.input, "description");
  assert.equal(failed.value, description);
  assert.equal(failed.cell, 'contains("燃气","煤气")');
  assert.equal(engine.classify({ description: "楼道有燃气味" }).label.zh, "紧急");
});
