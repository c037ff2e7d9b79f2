// The package ships two builds of one module behind one glue (scripts/build.sh): slafee_bg.wasm,
// optimised for size, which browsers load, and slafee_node.wasm, optimised for speed, which the
// Node entry loads — every other Node suite runs the latter, the browser suites the former. Here
// both run side by side in one process and must answer byte for byte alike: the bundled sample
// tickets, orders and KPI records under the default rule set, bad input included.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as nodeEntry from "../../pkg/node.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (path) => readFileSync(root + path);
// A second instance of the glue (a distinct module URL), initialised with the browser's module.
const sizeBuild = await import(`${root}pkg/slafee.js?size-build`);
sizeBuild.initSync({ module: read("pkg/slafee_bg.wasm") });

const RULES = read("rules/default.json").toString();
const NOW = "2026-12-31T18:00:00+08:00";
const builds = [
  ["node (speed)", new nodeEntry.Engine(RULES)],
  ["browser (size)", new sizeBuild.Engine(RULES)],
];

test("the two modules are different builds", () => {
  assert.notDeepEqual(read("pkg/slafee_bg.wasm"), read("pkg/slafee_node.wasm"));
  assert.ok(read("pkg/slafee_node.wasm").length > read("pkg/slafee_bg.wasm").length, "the speed build is the larger");
});

/** Runs `call` on each build; the answers (or the errors' code, path and message) must match. */
function same(what, call) {
  const answers = builds.map(([name, engine]) => {
    try {
      return JSON.stringify(call(engine));
    } catch (e) {
      return JSON.stringify({ error: { name, code: e.code, path: e.path, message: e.message } }).replace(name, "");
    }
  });
  assert.equal(answers[1], answers[0], what);
  return JSON.parse(answers[0]);
}

test("evaluate, classify and deadlines agree on every sample ticket", () => {
  const tickets = read("examples/tickets.ndjson").toString().split("\n").filter((l) => l.trim());
  assert.ok(tickets.length >= 5);
  for (const line of tickets) {
    const ticket = JSON.parse(line);
    const evaluation = same(`evaluate ${ticket.id}`, (e) => e.evaluate(ticket, NOW));
    assert.ok(evaluation.priority ?? evaluation.error, line);
    same(`classify ${ticket.id}`, (e) => e.classify(ticket, { trace: true }));
    same(`deadlines ${ticket.id}`, (e) => e.deadlines(ticket, NOW));
  }
  const ndjson = read("examples/tickets.ndjson");
  same("evaluateNdjson", (e) => e.evaluateNdjson(ndjson, NOW));
});

test("quotes agree on every sample order", () => {
  const orders = read("examples/orders.ndjson").toString().split("\n").filter((l) => l.trim());
  assert.ok(orders.length >= 3);
  for (const line of orders) {
    const receipt = same(`quote ${line.slice(0, 40)}`, (e) => e.quote(JSON.parse(line), NOW));
    assert.ok(receipt.status, line);
  }
});

test("the KPI report agrees, by month and category", () => {
  const records = read("examples/records.ndjson").toString();
  const report = same("kpi", (e) => e.kpi(records, { now: NOW, by: ["month", "category"] }));
  assert.ok(report.evaluated > 0);
});

test("errors agree: code, path and message", () => {
  const bad = [{ description: 1 }, { created: "yesterday", kind: "repair" }, null, [], { events: "x", created: "2026-03-02T09:00:00+08:00" }];
  for (const ticket of bad) {
    const answer = same(`evaluate ${JSON.stringify(ticket)}`, (e) => e.evaluate(ticket, NOW));
    assert.ok(answer.error?.code, JSON.stringify(answer));
  }
  same("lint", (e) => e.lint());
});
