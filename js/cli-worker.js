// A worker thread of `slafee … --jobs N`: its own engine; each message is a part of the input cut
// at a line boundary, answered with the part's NDJSON results (line numbers kept) — for `kpi`, the
// part's record counts and skipped records (`KpiRun.endPart()`), which the main thread merges in
// input order, while the counters accumulate in one run per worker and are handed over once, when
// the main thread asks with `{ last: true }` (`KpiRun.partial()`) — as UTF-8 bytes in a buffer
// handed over without a copy, and the part's buffer handed back for a later part. The main thread
// writes the results out and hands a KPI answer's buffer back (`spare`) too; a batch part's
// results are the core's own new bytes (`Batch.feedBytes`), never decoded into a JS string.
import { parentPort, workerData } from "node:worker_threads";
import { Engine } from "./node.js";

const { rules, call, now, by } = workerData;
const encoder = new TextEncoder();
let engine;
try {
  engine = new Engine(rules[0]);
  for (const more of rules.slice(1)) engine.add(more);
} catch (e) {
  parentPort.postMessage({ error: { code: e.code, path: e.path, message: e.message } });
}
const spare = []; // result buffers written out and handed back
let kpiRun = null; // kpi: the run counting every part this worker is given
parentPort.on("message", ({ seq, bytes, firstLine, spare: back, last }) => {
  if (back) return void spare.push(new Uint8Array(back.buffer));
  try {
    const { out, records, errors } = call === "kpi" ? encoded(last ? kpiCounters() : kpiPart(bytes, firstLine)) : batchPart(bytes, firstLine);
    const counts = { records, errors, bytes: bytes?.length ?? 0 };
    parentPort.postMessage({ seq, out, part: bytes, ...counts }, bytes ? [out.buffer, bytes.buffer] : [out.buffer]);
  } catch (e) {
    parentPort.postMessage({ error: { code: e.code, path: e.path, message: e.message } });
  }
});

/** A KPI answer's text as UTF-8 in a spare buffer (KPI answers come back to be reused). */
function encoded({ text, ...counts }) {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  let buffer = spare.pop();
  if (!buffer || buffer.length < 3 * text.length) buffer = new Uint8Array(Math.max(3 * text.length, 1 << 16));
  const { written } = encoder.encodeInto(text, buffer);
  return { out: buffer.subarray(0, written), ...counts };
}

/** One part through the core's batch: its NDJSON results. */
function batchPart(bytes, firstLine) {
  const batch = engine.batch(now, { call, firstLine });
  try {
    const results = batch.feedBytes(bytes);
    // Only the input's last part may end without a newline. Joined by hand: Buffer.concat may
    // return a view of Node's shared pool, which cannot be transferred.
    const tail = batch.finishBytes();
    let out = results;
    if (tail.length > 0) {
      out = new Uint8Array(results.length + tail.length);
      out.set(results);
      out.set(tail, results.length);
    }
    return { out, records: batch.records, errors: batch.errors };
  } finally {
    batch.free();
  }
}

/** One part counted by the worker's KPI run: the part's record counts and skipped records. */
function kpiPart(bytes, firstLine) {
  kpiRun ??= engine.kpiRun({ now, by });
  kpiRun.startAtLine(firstLine);
  kpiRun.addNdjson(bytes);
  return { text: kpiRun.endPart(), records: 0, errors: 0 };
}

/** The counters of every part this worker counted (none: an empty run's). */
function kpiCounters() {
  const run = kpiRun ?? engine.kpiRun({ now, by });
  kpiRun = null;
  try {
    return { text: run.partial(), records: 0, errors: 0 };
  } finally {
    run.free();
  }
}
