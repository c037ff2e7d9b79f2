// A minimal backend: a ticket arrives from the form, the engine evaluates it (priority, SLA
// deadlines, fee, follow-ups in one synchronous call) and the result is stored with the ticket.
//   node examples/node/backend.mjs [NOW]
// In an application: `import { Engine, SlafeeError } from "slafee";`
import { readFileSync } from "node:fs";
import { Engine, SlafeeError } from "../../pkg/node.js";

// Load the rule book once at start-up; it is immutable and reused for every request.
const engine = new Engine(readFileSync(new URL("../../rules/default.json", import.meta.url), "utf8"));

/** A stand-in for the ticket table of a database. */
const store = new Map();

/** POST /tickets: validate, evaluate, store. Returns the HTTP status and body. */
function createTicket(form, now) {
  const ticket = { ...form, created: now };
  try {
    const evaluation = engine.evaluate(ticket, now);
    const row = {
      id: `T${store.size + 1}`,
      ticket,
      priority: evaluation.priority,
      rule: evaluation.rule,
      rule_set: `${evaluation.rule_set.id}@${evaluation.rule_set.version}`,
      deadlines: Object.fromEntries(evaluation.targets.map((t) => [t.target, t.deadline])),
      fee: evaluation.fee?.total?.text ?? null,
    };
    store.set(row.id, row);
    return { status: 201, body: row };
  } catch (e) {
    // Every engine error is a SlafeeError: a stable code and a JSON pointer into the ticket.
    if (e instanceof SlafeeError) return { status: 422, body: { code: e.code, path: e.path, message: e.message } };
    throw e;
  }
}

const now = process.argv[2] ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
const ok = createTicket({ kind: "repair", area: "indoor", system: "water", description: "厨房水管爆裂，水漫到客厅了" }, now);
const bad = createTicket({ kind: "repair", area: "indoor", system: 3, description: "水龙头滴水" }, now);
console.log(JSON.stringify(ok));
console.log(JSON.stringify(bad));
console.log(JSON.stringify({ stored: [...store.keys()] }));
