// How a JS value crosses into the engine: plain data as one JSON text (js/error.js `plainJson`),
// anything else property by property by the strict reader — and both read a ticket alike. The
// strict reader's refusals are pinned in bad_input.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine } from "../../pkg/node.js";

const engine = new Engine(readFileSync(new URL("../../rules/default.json", import.meta.url), "utf8"));
const NOW = "2026-03-02T18:00:00+08:00";

/** Tickets of every JSON shape a ticket has: text, safe integers, booleans, null, nesting, lists. */
const TICKETS = [
  { kind: "repair", area: "indoor", system: "water", description: "厨房水管爆裂，水漫到客厅了", created: "2026-03-02T09:15:00+08:00",
    events: [{ type: "responded", at: "2026-03-02T09:30:00+08:00" }, { type: "arrived", at: "2026-03-02T10:05:00+08:00" }] },
  { kind: "complaint", area: "common", system: "elevator", description: "电梯经常停运", households_affected: 12, hazard: false,
    created: "2026-03-02T14:00:00+08:00", location: { building: "3", floor: -2, rooms: [null, "301"] }, note: null, events: [] },
  { kind: "repair", area: "indoor", system: "drain", description: "地漏堵了", created: "2026-03-02T11:00:00+08:00",
    completed: "2026-03-02T13:00:00+08:00", lines: [{ code: "PLMB-01" }, { code: "PLMB-02", quantity: 2 }], tags: ["付费", true, 0] },
  Object.assign(Object.create(null), { kind: "enquiry", description: "物业费怎么交", created: "2026-03-02T10:00:00+08:00", events: [] }),
];

/** `ticket` with `key` behind a getter that answers a new copy each time: never plain, so read strictly. */
function strictly(ticket, key) {
  const copy = { ...ticket };
  const value = copy[key];
  delete copy[key];
  return Object.defineProperty(copy, key, { enumerable: true, get: () => structuredClone(value) });
}

/** The first key of `ticket` holding an object or a list. */
const nestedKey = (ticket) => Object.keys(ticket).find((k) => typeof ticket[k] === "object" && ticket[k] !== null);

test("a ticket read as JSON text and the same ticket read strictly get the same answers from every call", () => {
  for (const ticket of TICKETS) {
    const slow = strictly(ticket, nestedKey(ticket));
    assert.deepEqual(engine.evaluate(slow, NOW), engine.evaluate(ticket, NOW), ticket.description);
    assert.deepEqual(engine.classify(slow, { trace: true }), engine.classify(ticket, { trace: true }));
    assert.deepEqual(engine.deadlines(slow, NOW), engine.deadlines(ticket, NOW));
    assert.deepEqual(engine.evaluateBatch([slow, ticket], NOW).map(JSON.stringify), Array(2).fill(JSON.stringify(engine.evaluate(ticket, NOW))));
  }
  // And as NDJSON, read by the core's own parser.
  const lines = engine.evaluateNdjson(TICKETS.map((t) => JSON.stringify(t)).join("\n"), NOW).trimEnd().split("\n");
  lines.forEach((line, i) => assert.deepEqual(JSON.parse(line), { line: i + 1, ...engine.evaluate(TICKETS[i], NOW) }));
});

test("plain data crosses as JSON text: a plain getter runs twice (the text, then the check), a new copy each time sends the ticket to the strict reader", () => {
  let reads = 0;
  const plain = Object.defineProperty({ ...TICKETS[0] }, "description", { enumerable: true, get: () => (reads++, "水管爆裂") });
  assert.equal(engine.classify(plain).priority, "emergency");
  assert.equal(reads, 2);
  reads = 0;
  const fresh = Object.defineProperty({ ...TICKETS[0] }, "location", { enumerable: true, get: () => (reads++, { floor: 3 }) });
  assert.equal(engine.classify(fresh).priority, "emergency");
  assert.equal(reads, 3, "two for the text given up, one for the strict reader");
});

test("what JSON.stringify would quietly change is read strictly: toJSON, boxed values, numbers beyond safe integers", () => {
  const base = TICKETS[1];
  // toJSON on a plain object: the function is not JSON data, where the text would hold its answer.
  assert.throws(() => engine.classify({ ...base, location: { floor: 1, toJSON: () => "x" } }),
    (e) => e.code === "invalid_ticket" && e.path === "/location/toJSON");
  // A toJSON answering a different value for a list is given up, and the list read as it is.
  const list = ["a", "b"];
  list.toJSON = () => "ab";
  assert.equal(engine.classify({ ...base, tags: list }).priority, engine.classify({ ...base, tags: ["a", "b"] }).priority);
  for (const [what, value] of [["a boxed string", new String("3")], ["a boxed number", new Number(3)]]) {
    assert.throws(() => engine.classify({ ...base, location: { floor: value } }),
      (e) => e.code === "invalid_ticket" && e.path === "/location/floor", what);
  }
  // Beyond 2^53 and fractions: the strict reader's conversion, the same as the NDJSON parser's.
  for (const households of [2 ** 53 + 2, 9.999999999999998, 10.5, -0]) {
    const ticket = { ...base, households_affected: households };
    const line = JSON.parse(engine.evaluateNdjson(JSON.stringify(ticket), NOW, { call: "classify" }));
    assert.deepEqual({ ...line, line: undefined }, { ...engine.classify(ticket), line: undefined }, String(households));
  }
});
