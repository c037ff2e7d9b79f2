// The bad-rule-file catalogue through the wasm package: the same exact codes and paths as natively.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { Engine } from "../../pkg/node.js";

const dir = new URL("../fixtures/bad/", import.meta.url);
const expected = JSON.parse(readFileSync(new URL("expected.json", dir), "utf8"));
const files = readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "expected.json").sort();

test("every catalogue file has an expectation", () => {
  assert.deepEqual(files, Object.keys(expected).sort());
  assert.ok(files.length >= 40);
});

for (const file of files) {
  test(file, () => {
    const text = readFileSync(new URL(file, dir), "utf8");
    assert.throws(() => new Engine(text), (e) => {
      assert.equal(e.name, "SlafeeError");
      assert.equal(e.code, "invalid_rule_set");
      assert.deepEqual(e.problems.map((p) => [p.code, p.path]), expected[file]);
      return true;
    });
  });
}
