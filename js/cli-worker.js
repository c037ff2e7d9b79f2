// A worker thread of `slafee … --jobs N`: its own engine; each message is a part of the input cut
// at a line boundary, answered with the part's NDJSON results (line numbers kept) — for `kpi`, the
// part's record counts and skipped records (`KpiRun.endPart()`), which the main thread merges in
// input order, while the counters accumulate in one run per worker and are handed over once, when
// the main thread asks with `{ last: true }` (`KpiRun.partial()`) — as UTF-8 bytes in a buffer
// handed over without a copy, and the part's buffer handed back for a later part. The main thread
// writes the results out and hands their buffer back (`spare`) too.
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
  if (back) return void spare.push(back);
  try {
    const { text, records, errors } = last ? kpiCounters() : call === "kpi" ? kpiPart(bytes, firstLine) : batchPart(bytes, firstLine);
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    let out = spare.pop();
    if (!out || out.length < 3 * text.length) out = new Uint8Array(Math.max(3 * text.length, 1 << 16));
    const { written } = encoder.encodeInto(text, out);
    const counts = { records, errors, bytes: bytes?.length ?? 0 };
    parentPort.postMessage({ seq, out, length: written, part: bytes, ...counts }, bytes ? [out.buffer, bytes.buffer] : [out.buffer]);
  } catch (e) {
    parentPort.postMessage({ error: { code: e.code, path: e.path, message: e.message } });
  }
});

/** One part through the core's batch: its NDJSON results. */
function batchPart(bytes, firstLine) {
  const batch = engine.batch(now, { call, firstLine });
  try {
    const text = batch.feed(bytes) + batch.finish();
    return { text, records: batch.records, errors: batch.errors };
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
