// A worker thread of `slafee … --jobs N`: its own engine; each message is a part of the input cut
// at a line boundary, answered with the part's NDJSON results (line numbers kept) as UTF-8 bytes
// in a buffer handed over without a copy, and the part's buffer handed back for a later part. The
// main thread writes the results out and hands their buffer back (`spare`) too.
import { parentPort, workerData } from "node:worker_threads";
import { Engine } from "./node.js";

const { rules, call, now } = workerData;
const encoder = new TextEncoder();
let engine;
try {
  engine = new Engine(rules[0]);
  for (const more of rules.slice(1)) engine.add(more);
} catch (e) {
  parentPort.postMessage({ error: { code: e.code, path: e.path, message: e.message } });
}
const spare = []; // result buffers written out and handed back
parentPort.on("message", ({ seq, bytes, firstLine, spare: back }) => {
  if (back) return void spare.push(back);
  try {
    const batch = engine.batch(now, { call, firstLine });
    const text = batch.feed(bytes) + batch.finish();
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    let out = spare.pop();
    if (!out || out.length < 3 * text.length) out = new Uint8Array(Math.max(3 * text.length, 1 << 16));
    const { written } = encoder.encodeInto(text, out);
    const counts = { records: batch.records, errors: batch.errors, bytes: bytes.length };
    parentPort.postMessage({ seq, out, length: written, part: bytes, ...counts }, [out.buffer, bytes.buffer]);
    batch.free();
  } catch (e) {
    parentPort.postMessage({ error: { code: e.code, path: e.path, message: e.message } });
  }
});
