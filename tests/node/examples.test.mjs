// The Node examples run as a user runs them, and print what they promise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const NOW = "2026-03-02T10:00:00+08:00";
const node = (args) => spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });

test("backend.mjs evaluates a new ticket, stores it, and answers a bad one with 422", () => {
  const r = node(["examples/node/backend.mjs", NOW]);
  assert.equal(r.status, 0, r.stderr);
  const [ok, bad, stored] = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(ok.status, 201);
  assert.equal(ok.body.priority, "emergency");
  assert.equal(ok.body.rule_set, "default@2026.1");
  assert.ok(Object.values(ok.body.deadlines).some((d) => typeof d === "string"));
  assert.deepEqual([bad.status, bad.body.code, bad.body.path], [422, "type_mismatch", "/system"]);
  assert.deepEqual(stored, { stored: ["T1"] });
});

test("nightly.mjs re-evaluates a file, writes one result per line and summarises", () => {
  const dir = mkdtempSync(join(tmpdir(), "slafee-nightly-"));
  try {
    const out = join(dir, "out.ndjson");
    const r = node(["examples/node/nightly.mjs", "examples/node/open-tickets.ndjson", out, NOW]);
    assert.equal(r.status, 0, r.stderr);
    const input = readFileSync(join(root, "examples/node/open-tickets.ndjson"), "utf8").trim().split("\n");
    const results = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(results.map((x) => x.line), input.map((_, i) => i + 1));
    assert.match(r.stderr, /open-tickets\.ndjson:6: missing_field at \/created/);
    const summary = JSON.parse(r.stderr.trim().split("\n").at(-1));
    assert.equal(summary.tickets, input.length);
    assert.equal(summary.errors, 1);
    assert.ok(summary.breached >= 1, JSON.stringify(summary));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
