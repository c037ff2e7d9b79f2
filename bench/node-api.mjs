// Node benchmark of the package API, all in one run: module load, rule-set load, per-call
// evaluate and classify, evaluateNdjson over NDJSON text of 100k generated tickets (classify-only
// and full evaluation; text out) and batch().feedBytes over the same bytes (bytes out),
// evaluateBatch over an array, decoding and parsing one evaluate result alone (what any per-call
// API returning it pays in JS), and a hand-written JS function equivalent to the default
// classification table (rules/default.json `classify`) as the reference ceiling — checked to
// agree with the engine on every generated ticket — on objects already parsed and over the NDJSON
// text (JSON.parse per line, the least a classify-only NDJSON batch in JS pays). Prints ops/s and
// ratios.
//   node bench/node-api.mjs [TICKETS]        (default 100000; needs `bash scripts/build.sh`)
import { readFileSync } from "node:fs";

const N = Number(process.argv[2] ?? 100_000);
const NOW = "2026-03-02T18:00:00+08:00";

let t0 = performance.now();
const { Engine } = await import("../pkg/node.js");
const moduleLoadMs = performance.now() - t0;
const rulesText = readFileSync(new URL("../rules/default.json", import.meta.url), "utf8");

/** Runs `f` repeatedly for about `ms` milliseconds (after a warm-up); returns calls per second. */
function rate(f, ms = 1000) {
  for (let i = 0; i < 200; i++) f();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 100; i++) f();
    calls += 100;
    elapsed = performance.now() - start;
  }
  return (calls / elapsed) * 1000;
}

t0 = performance.now();
const LOADS = 20;
let engine;
for (let i = 0; i < LOADS; i++) engine = new Engine(rulesText);
const ruleSetLoadMs = (performance.now() - t0) / LOADS;

// Generated tickets: sample descriptions and random fields, from a fixed seed.
const samples = readFileSync(new URL("../examples/tickets.ndjson", import.meta.url), "utf8")
  .split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l).description);
samples.push("楼道有燃气味", "电梯困人了", "我家漏水了", "建议修剪树木", "停电了", "家里跳闸短路");
let seed = 42;
const random = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const pick = (list) => list[random(list.length)];
const KINDS = ["repair", "complaint", "help", "enquiry"];
const AREAS = ["indoor", "common"];
const SYSTEMS = ["water", "drain", "electric", "gas", "elevator", "lighting", "cleaning", "greenery", "security", "fire", "other"];
const tickets = [];
for (let i = 0; i < N; i++) {
  const t = { id: `T${i}`, kind: pick(KINDS), area: pick(AREAS), system: pick(SYSTEMS), description: pick(samples),
    created: `2026-03-02T${String(8 + random(10)).padStart(2, "0")}:${String(random(60)).padStart(2, "0")}:00+08:00` };
  if (random(20) === 0) t.hazard = random(2) === 0;
  if (random(10) === 0) t.households_affected = random(30);
  if (random(3) === 0) t.events = [{ type: "responded", at: "2026-03-02T17:00:00+08:00" }];
  tickets.push(t);
}
const ndjson = tickets.map((t) => JSON.stringify(t)).join("\n") + "\n";

// The reference ceiling: rules/default.json's classification table written by hand in JS.
const has = (text, words) => typeof text === "string" && words.some((w) => text.includes(w));
const among = (value, list) => list.includes(value);
function jsClassify(t) {
  const d = t.description;
  const rhc = among(t.kind, ["repair", "help", "complaint"]);
  if (t.hazard === true) return "emergency";
  if (rhc && typeof t.households_affected === "number" && t.households_affected >= 10) return "emergency";
  if (has(d, ["困人", "被困", "困在电梯", "关在电梯", "卡在电梯", "电梯里有人"])) return "emergency";
  if (has(d, ["漏气", "燃气泄漏", "煤气泄漏", "天然气泄漏", "液化气泄漏", "燃气味", "煤气味", "天然气味", "漏煤气"])) return "emergency";
  if (has(d, ["触电", "漏电", "电到人", "电到手"])) return "emergency";
  if (has(d, ["起火", "失火", "火灾", "火警", "冒烟", "明火", "火苗", "烧起来", "烧焦味"])) return "emergency";
  if (has(d, ["叫120", "打120", "拨120", "救护车", "急救", "晕倒", "昏倒", "昏迷", "摔倒", "摔伤", "骨折", "心脏病", "呼吸困难"])) return "emergency";
  if (has(d, ["盗窃", "被盗", "被偷", "小偷", "入室", "打架", "斗殴", "抢劫", "行凶", "凶杀", "中毒", "交通意外", "车祸", "撞人"])) return "emergency";
  if (has(d, ["台风", "暴雨", "水灾", "地震", "倒塌", "塌方"])) return "emergency";
  if (has(d, ["爆管", "水管爆", "管道爆", "水管破裂", "管道破裂", "水管裂"])) return "emergency";
  if (has(d, ["水浸", "浸水", "水漫", "水淹", "淹了", "大面积漏水", "倒灌"])) return "emergency";
  if (rhc && has(d, ["停水", "断水", "家里没水", "全屋没水", "整栋没水", "不来水"])) return "emergency";
  if (rhc && has(d, ["停电", "断电", "家里没电", "全屋没电", "整栋没电", "楼道没电"])) return "emergency";
  if (among(t.kind, ["repair", "help"]) && t.system === "electric" && has(d, ["跳闸", "短路", "电路故障", "冒火花", "打火"])) return "emergency";
  if (t.kind === "enquiry") return "low";
  if (t.system === "elevator") return "routine";
  if (has(d, ["漏水", "渗水", "滴水", "返水"])) return "routine";
  if (t.system === "drain") return "routine";
  if (t.kind === "complaint" && has(d, ["噪音", "噪声", "异味", "粉尘", "推销", "扰民"])) return "routine";
  if (t.kind === "complaint" && among(t.system, ["cleaning", "greenery"])) return "routine";
  if (t.kind === "complaint") return "routine";
  if (among(t.system, ["cleaning", "greenery"]) && has(d, ["建议", "希望", "能否", "可否", "能不能"])) return "low";
  if (t.kind === "help" && t.area === "indoor" && among(t.system, ["cleaning", "greenery"])) return "low";
  if (t.kind === "repair" && t.area === "common") return "routine";
  if (t.kind === "repair" && t.area === "indoor") return "routine";
  if (t.kind === "help") return "routine";
  return "routine";
}

// The batch runs, timed (the best of RUNS: the first run is partly V8's baseline code, before
// the module's hot functions are optimised); then the hand-written function must agree on every
// ticket.
const RUNS = 3;
const timed = (f) => {
  let out;
  let best = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    out = f();
    best = Math.min(best, performance.now() - start);
  }
  return [out, best];
};
const ndjsonBytes = new TextEncoder().encode(ndjson);
/** NDJSON bytes in, NDJSON bytes out (as a file or stream takes them): a streaming batch. */
const streamed = (call) => {
  const batch = engine.batch(NOW, { call });
  let bytes = 0;
  for (let at = 0; at < ndjsonBytes.length; at += 1 << 16) bytes += batch.feedBytes(ndjsonBytes.subarray(at, at + (1 << 16))).length;
  bytes += batch.finishBytes().length;
  batch.free();
  return bytes;
};
const [classified, classifyBatchMs] = timed(() => engine.evaluateNdjson(ndjson, NOW, { call: "classify" }));
const [, evaluateBatchMs] = timed(() => engine.evaluateNdjson(ndjson, NOW));
const [, classifyStreamMs] = timed(() => streamed("classify"));
const [, evaluateStreamMs] = timed(() => streamed("evaluate"));
const subset = tickets.slice(0, Math.min(N, 20_000));
const [, arrayClassifyMs] = timed(() => engine.evaluateBatch(subset, NOW, { call: "classify" }));
const [, arrayEvaluateMs] = timed(() => engine.evaluateBatch(subset, NOW));
const [, jsBatchMs] = timed(() => {
  let n = 0;
  for (const t of tickets) n += jsClassify(t).length;
  return n;
});
// The same function over the NDJSON text, as a batch must take it: each line parsed, classified,
// and answered with the smallest result line (no validation, no rule id, label or source).
const [, jsNdjsonMs] = timed(() => {
  let out = "";
  let line = 0;
  for (const text of ndjson.split("\n")) {
    if (text === "") continue;
    out += `{"line":${++line},"priority":"${jsClassify(JSON.parse(text))}"}\n`;
  }
  return out.length;
});
const results = classified.trimEnd().split("\n").map((l) => JSON.parse(l));
let disagreements = 0;
results.forEach((r, i) => {
  const expected = jsClassify(tickets[i]);
  if (r.error || r.priority !== expected) {
    if (disagreements++ < 5) console.error(`disagreement on ticket ${i}: engine ${r.priority ?? r.error.code}, js ${expected}`, tickets[i]);
  }
});
if (results.length !== N || disagreements > 0) {
  console.error(`the hand-written JS disagrees with the engine on ${disagreements} of ${N} tickets`);
  process.exit(1);
}

const typical = { kind: "repair", area: "indoor", system: "water", description: "厨房水管爆裂，水漫到客厅了",
  created: "2026-03-02T09:15:00+08:00", events: [{ type: "responded", at: "2026-03-02T09:30:00+08:00" }] };
const evaluateRate = rate(() => engine.evaluate(typical, NOW));
const classifyRate = rate(() => engine.classify(typical));
const jsRate = rate(() => jsClassify(typical));
// What any per-call API returning that result pays in JS alone: decoding its UTF-8, parsing it.
const resultText = JSON.stringify(engine.evaluate(typical, NOW));
const resultBytes = new TextEncoder().encode(resultText);
const decoder = new TextDecoder();
const decodeRate = rate(() => decoder.decode(resultBytes));
const parseRate = rate(() => JSON.parse(resultText));

const perSecond = (count, ms) => (count / ms) * 1000;
const fmt = (n) => Math.round(n).toLocaleString("en-US").padStart(12);
const jsBatchRate = perSecond(N, jsBatchMs);
const rows = [
  ["evaluate(ticket, now), per call", evaluateRate, jsRate],
  ["classify(ticket), per call", classifyRate, jsRate],
  [`evaluateNdjson classify-only, ${N} tickets`, perSecond(N, classifyBatchMs), jsBatchRate],
  [`evaluateNdjson full evaluation, ${N} tickets`, perSecond(N, evaluateBatchMs), jsBatchRate],
  [`batch().feedBytes classify-only, ${N} tickets`, perSecond(N, classifyStreamMs), jsBatchRate],
  [`batch().feedBytes full evaluation, ${N} tickets`, perSecond(N, evaluateStreamMs), jsBatchRate],
  [`evaluateBatch(array) classify-only, ${subset.length}`, perSecond(subset.length, arrayClassifyMs), jsBatchRate],
  [`evaluateBatch(array) full, ${subset.length}`, perSecond(subset.length, arrayEvaluateMs), jsBatchRate],
  [`decode one evaluate result (${resultBytes.length} B)`, decodeRate, jsRate],
  ["JSON.parse one evaluate result", parseRate, jsRate],
  ["hand-written JS classify, per call", jsRate, jsRate],
  [`hand-written JS classify, ${N} tickets`, jsBatchRate, jsBatchRate],
  [`hand-written JS over NDJSON, ${N} lines`, perSecond(N, jsNdjsonMs), jsBatchRate],
];
console.log(`slafee Node API benchmark — node ${process.version}, ${N} generated tickets (JS agrees on all); batches: best of ${RUNS} runs`);
console.log(`module load ${moduleLoadMs.toFixed(1)} ms · rule-set load (rules/default.json) ${ruleSetLoadMs.toFixed(2)} ms`);
console.log(`${"".padEnd(48)}${"ops/s".padStart(12)}  package/JS`);
for (const [name, ops, js] of rows) console.log(`${name.padEnd(48)}${fmt(ops)}  ${(ops / js).toFixed(3)}`);
