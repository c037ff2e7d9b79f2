// A worker thread of `slafee … --jobs N`: its own engine; each message is a part of the input cut
// at a line boundary, answered with the part's NDJSON results (line numbers kept).
import { parentPort, workerData } from "node:worker_threads";
import { Engine } from "./node.js";

const { rules, call, now } = workerData;
let engine;
try {
  engine = new Engine(rules[0]);
  for (const more of rules.slice(1)) engine.add(more);
} catch (e) {
  parentPort.postMessage({ error: { code: e.code, path: e.path, message: e.message } });
}
parentPort.on("message", ({ seq, bytes, firstLine }) => {
  try {
    const batch = engine.batch(now, { call, firstLine });
    const out = batch.feed(bytes) + batch.finish();
    parentPort.postMessage({ seq, out, records: batch.records, bytes: bytes.length });
    batch.free();
  } catch (e) {
    parentPort.postMessage({ error: { code: e.code, path: e.path, message: e.message } });
  }
});
