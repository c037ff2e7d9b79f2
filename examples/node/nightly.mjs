// A nightly job: re-evaluate every open ticket of an NDJSON file at one instant, streaming (the
// file is never held in memory), write one result per line and summarise what needs attention.
//   node examples/node/nightly.mjs TICKETS.ndjson OUT.ndjson [NOW]
// In an application: `import { Engine } from "slafee";`
import { createReadStream, createWriteStream, readFileSync } from "node:fs";
import { once } from "node:events";
import { Engine } from "../../pkg/node.js";

const [input = new URL("./open-tickets.ndjson", import.meta.url).pathname, output = "/dev/stdout", now = new Date().toISOString()] = process.argv.slice(2);
const engine = new Engine(readFileSync(new URL("../../rules/default.json", import.meta.url), "utf8"));

const batch = engine.batch(now.replace(/\.\d{3}Z$/, "Z")); // evaluate every ticket at this instant
const out = createWriteStream(output);
const summary = { tickets: 0, errors: 0, breached: 0, due_soon: 0 };
const tally = (text) => {
  for (const line of text.split("\n")) {
    if (!line) continue;
    const r = JSON.parse(line);
    summary.tickets++;
    if (r.error) {
      summary.errors++;
      console.error(`${input}:${r.line}: ${r.error.code} at ${r.error.path || "/"}: ${r.error.message}`);
      continue;
    }
    if (r.targets.some((t) => t.state === "breached")) summary.breached++;
    if (r.targets.some((t) => t.state === "running" && t.remaining_seconds !== null && t.remaining_seconds < 3600)) summary.due_soon++;
  }
};
for await (const chunk of createReadStream(input)) {
  const text = batch.feed(chunk); // results of the lines this chunk completed, in order
  tally(text);
  if (!out.write(text)) await once(out, "drain");
}
const last = batch.finish();
tally(last);
out.end(last);
await once(out, "finish");
console.error(JSON.stringify(summary));
