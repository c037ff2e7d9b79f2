// The shared decision-table cases (tests/fixtures/tables/*.json) through the built wasm package,
// held to the same expectations as the Rust runner (tests/table_cases.rs): one test per case.
//
// A case classifies its ticket (no "table") or decides the named "table"; "expect" is a subset of
// the result (every expected key present and matching recursively, arrays of equal length matched
// element by element), "error" is the exact { code, path } of the thrown error, and "absent" lists
// top-level keys the result must not have.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { Engine } from "../../pkg/node.js";

const DIR = new URL("../fixtures/tables/", import.meta.url);
const FILE_KEYS = ["about", "rules", "cases"];
const CASE_KEYS = ["name", "table", "ticket", "trace", "expect", "error", "absent"];

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Where `expected` is not a subset of `actual`, or null when it is. */
function subsetMismatch(expected, actual, at = "") {
  if (isObject(expected)) {
    if (!isObject(actual)) return `${at}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const here = `${at}/${key}`;
      if (!Object.hasOwn(actual, key)) return `${here}: missing (expected ${JSON.stringify(value)})`;
      const diff = subsetMismatch(value, actual[key], here);
      if (diff) return diff;
    }
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${JSON.stringify(actual)}`;
    if (expected.length !== actual.length) {
      return `${at}: expected ${expected.length} elements, got ${actual.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const diff = subsetMismatch(expected[i], actual[i], `${at}/${i}`);
      if (diff) return diff;
    }
    return null;
  }
  return Object.is(expected, actual) || expected === actual
    ? null
    : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function loadEngine(rules) {
  const docs = Array.isArray(rules) ? rules : [rules];
  assert.ok(docs.length > 0, '"rules" is an empty list');
  const engine = new Engine(JSON.stringify(docs[0]));
  for (const doc of docs.slice(1)) engine.add(JSON.stringify(doc));
  return engine;
}

function runCase(engine, c) {
  const unknown = Object.keys(c).filter((k) => !CASE_KEYS.includes(k));
  assert.deepEqual(unknown, [], `unknown case keys (allowed: ${CASE_KEYS.join(", ")})`);
  assert.ok("ticket" in c, 'the case has no "ticket"');
  assert.ok(("expect" in c) !== ("error" in c), 'a case has exactly one of "expect" and "error"');
  const options = { trace: c.trace ?? false };
  const call = () =>
    c.table === undefined
      ? engine.classify(c.ticket, options)
      : engine.decide(c.table, c.ticket, options);

  if ("error" in c) {
    assert.deepEqual(Object.keys(c.error).sort(), ["code", "path"], '"error" gives code and path');
    let thrown;
    try {
      const result = call();
      assert.fail(`expected error ${JSON.stringify(c.error)}, got a result: ${JSON.stringify(result)}`);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      thrown = e;
    }
    assert.ok(thrown instanceof Error, "a thrown error is an Error");
    assert.equal(thrown.name, "SlafeeError");
    assert.deepEqual(
      { code: thrown.code, path: thrown.path },
      c.error,
      `expected error ${JSON.stringify(c.error)}, got ${thrown.code} at "${thrown.path}": ${thrown.message}`,
    );
    return;
  }

  const actual = call();
  const diff = subsetMismatch(c.expect, actual);
  assert.equal(
    diff,
    null,
    `${diff}\n  expected (subset): ${JSON.stringify(c.expect)}\n  actual: ${JSON.stringify(actual)}`,
  );
  for (const key of c.absent ?? []) {
    assert.equal(Object.hasOwn(actual, key), false, `"${key}" must be absent: ${JSON.stringify(actual)}`);
  }
}

const files = readdirSync(DIR)
  .filter((name) => name.endsWith(".json"))
  .sort();

test("the table fixtures are there", () => {
  assert.ok(files.length >= 10, `expected the table fixtures in ${DIR.pathname}`);
});

test("subset matching", () => {
  const actual = { a: [1, { b: 2, c: 3 }], n: 2, s: null };
  assert.equal(subsetMismatch({}, actual), null);
  assert.equal(subsetMismatch({ a: [1, { c: 3 }], n: 2, s: null }, actual), null);
  assert.notEqual(subsetMismatch({ a: [1] }, actual), null);
  assert.notEqual(subsetMismatch({ a: [1, { b: 3 }] }, actual), null);
  assert.notEqual(subsetMismatch({ x: null }, actual), null);
  assert.notEqual(subsetMismatch({ n: "2" }, actual), null);
  assert.notEqual(subsetMismatch({ s: {} }, actual), null);
});

for (const file of files) {
  const fixture = JSON.parse(readFileSync(new URL(file, DIR), "utf8"));
  describe(file, () => {
    const unknown = Object.keys(fixture).filter((k) => !FILE_KEYS.includes(k));
    let engine;
    let loadError;
    try {
      assert.deepEqual(unknown, [], `unknown fixture keys (allowed: ${FILE_KEYS.join(", ")})`);
      engine = loadEngine(fixture.rules);
    } catch (e) {
      loadError = e;
    }
    const names = new Set();
    for (const c of fixture.cases) {
      test(c.name, () => {
        assert.equal(names.has(c.name), false, `two cases are named "${c.name}"`);
        names.add(c.name);
        if (loadError) throw loadError;
        runCase(engine, c);
      });
    }
  });
}
