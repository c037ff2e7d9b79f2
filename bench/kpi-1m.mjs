#!/usr/bin/env node
// Benchmark (not a test): the `slafee kpi` command over a large NDJSON file, as a user runs it.
// Writes N generated ticket records to a temporary file (streamed, never held in memory), runs
//   node pkg/cli.js kpi --rules rules/default.json --now NOW --by month,category --jobs J FILE
// for each J (default 1 and 2: one thread, and worker threads whose counters are merged)
// as a child process under /usr/bin/time -v (else with a preloaded exit hook reading
// process.resourceUsage()), and prints wall time, throughput and peak RSS for each size. The peak
// RSS of 100k and 1M records should be about the same: the run keeps per-group counters only.
//
//   node bench/kpi-1m.mjs                  # 100,000 and 1,000,000 records
//   node bench/kpi-1m.mjs 10000 200000     # other sizes
//   node bench/kpi-1m.mjs --jobs 2 1000000 # only --jobs 2
//   SLAFEE_BENCH_NO_TIME=1 node bench/kpi-1m.mjs 10000   # measure without /usr/bin/time
//
// Needs the built package (bash scripts/build.sh).
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { YEAR_START, at, prng, requireCli, root, runCli, timed, weighted } from "./cli-run.mjs";

const cli = join(root, "pkg/cli.js");
const NOW = "2026-12-31T18:00:00+08:00";
const argv = process.argv.slice(2);
const jobsAt = argv.indexOf("--jobs");
const jobsList = (jobsAt >= 0 ? argv.splice(jobsAt, 2)[1] ?? "" : "1,2").split(",").map(Number);
const sizes = argv.map(Number);
if ([...sizes, ...jobsList].some((n) => !Number.isInteger(n) || n < 1)) {
  console.error("usage: node bench/kpi-1m.mjs [--jobs J[,J...]] [RECORDS...]");
  process.exit(2);
}
if (sizes.length === 0) sizes.push(100_000, 1_000_000);
requireCli(cli);

const KINDS = [
  // [weight, kind, area, system, description]
  [40, "repair", "indoor", "water", "厨房水龙头一直滴水，关不紧"],
  [12, "repair", "indoor", "drain", "卫生间地漏堵塞，洗澡水下不去"],
  [8, "repair", "common", "lighting", "楼道灯不亮好几天了"],
  [4, "repair", "indoor", "gas", "一进门就闻到燃气味，已经开窗了"],
  [15, "complaint", "common", "other", "楼上邻居装修噪音太大，中午还在打墙"],
  [10, "enquiry", "indoor", "other", "咨询物业费怎么交，可以用微信支付吗？"],
  [8, "help", "indoor", "other", "钥匙锁在家里了，能帮忙联系开锁师傅吗"],
  [3, "activity", "common", "other", "社区亲子植树活动现场组织"],
];
const pickKind = weighted(KINDS);
const TEAMS = ["工程一组", "工程二组", "客服组"];
const LEVELS = ["general", "general", "general", "important", "major"];

/**
 * One record, created between January and November 2026 and mostly handled on time. (Not in
 * December: the default office calendar covers 2026 only, and a low-priority ticket's 3-working-day
 * deadline near the year's end falls outside it — calendar_not_covered, the record skipped.)
 */
function record(i, random) {
  const [, kind, area, system, description] = pickKind(random);
  const created = Math.floor(random() * 334 * 24 * 60); // minutes into the year, before 1 December
  const respond = 2 + Math.floor(random() * (random() < 0.9 ? 40 : 120));
  const arrive = respond + 10 + Math.floor(random() * 200);
  const resolve = arrive + 20 + Math.floor(random() * 600);
  const close = resolve + 10;
  const events = [["responded", respond], ["arrived", arrive], ["resolved", resolve], ["closed", close]];
  if (area === "common" && kind === "repair") events.unshift(["engineering_notified", Math.min(respond, 5 + Math.floor(random() * 8))]);
  const r = { id: `B${i}`, kind, area, system, description, created: at(YEAR_START, created),
    team: kind === "repair" ? TEAMS[i % 2] : TEAMS[2] };
  if (kind === "complaint") r.complaint_level = LEVELS[i % LEVELS.length];
  const called = random() < 0.6 ? close + 60 + Math.floor(random() * 6 * 24 * 60) : null;
  if (called != null) events.push(["called_back", called]);
  r.events = events.map(([type, m]) => ({ type, at: at(YEAR_START, created + m) }));
  if (random() < 0.7) {
    const score = random() < 0.08 ? 2 : random() < 0.2 ? 3 : 5;
    r.survey = { score, at: at(YEAR_START, created + close + 600) };
    if (score === 2 && random() < 0.8) r.revisit = { at: at(YEAR_START, created + close + 600 + Math.floor(random() * 1800)) };
  }
  if (called != null) r.callbacks = [{ at: at(YEAR_START, created + called), by: "物业助理", ...(random() < 0.05 ? { issue: true, handled: random() < 0.9 } : {}) }];
  if (kind === "repair" && area === "indoor" && random() < 0.5) r.fee = { amount: `${10 + Math.floor(random() * 20) * 5}.00`, collected: random() < 0.93 };
  return r;
}

/** Writes `n` records to `path`, waiting for the stream to drain: memory stays small. */
async function generate(path, n) {
  const out = createWriteStream(path);
  const random = prng(20260430);
  for (let i = 0; i < n; i++) {
    if (!out.write(JSON.stringify(record(i, random)) + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function measure(file, dir, jobs) {
  const args = [cli, "kpi", "--rules", join(root, "rules/default.json"), "--now", NOW, "--by", "month,category", "--jobs", String(jobs), file];
  const { status, stdout, stderr, wall, cpu, rssKb } = await runCli(args, dir, true);
  // kpi exits 1 when a threshold fails: that is a finding about the data, not a failed run.
  if (status !== 0 && status !== 1) throw new Error(`kpi exited ${status}:\n${stderr}`);
  return { wall, cpu, rssKb, report: JSON.parse(stdout), how: timed ? "/usr/bin/time -v" : "process.resourceUsage()" };
}

const dir = mkdtempSync(join(tmpdir(), "slafee-kpi-bench-"));
try {
  console.log(`slafee kpi --by month,category --now ${NOW} (node ${process.version}, ${process.platform}-${process.arch})`);
  console.log("  records    file MB  generate s  jobs  kpi wall s  kpi CPU s  records/s  peak RSS MB  groups  thresholds");
  for (const n of sizes) {
    const file = join(dir, `records-${n}.ndjson`);
    const t0 = performance.now();
    await generate(file, n);
    const generateS = (performance.now() - t0) / 1000;
    for (const jobs of jobsList) {
      const { wall, cpu, rssKb, report, how } = await measure(file, dir, jobs);
      if (report.records !== n || report.skipped !== 0) {
        throw new Error(`expected ${n} records and none skipped, got ${report.records} and ${report.skipped}: ${JSON.stringify(report.errors.slice(0, 3))}`);
      }
      const fails = [report.overall, ...report.groups].flatMap((g) => g.thresholds).filter((t) => t.verdict === "fail").length;
      console.log([
        n.toLocaleString("en-US").padStart(9),
        (statSync(file).size / 1e6).toFixed(1).padStart(10),
        generateS.toFixed(1).padStart(11),
        String(jobs).padStart(5),
        wall.toFixed(2).padStart(11),
        cpu.toFixed(2).padStart(10),
        Math.round(n / wall).toLocaleString("en-US").padStart(10),
        (rssKb / 1024).toFixed(1).padStart(12),
        String(report.groups.length).padStart(7),
        `  ${fails} FAIL`.padEnd(12),
      ].join(" ").trimEnd() + (how === "/usr/bin/time -v" ? "" : ` (RSS via ${how})`));
    }
    rmSync(file);
  }
  console.log(`(peak RSS by ${timed ? "/usr/bin/time -v" : "process.resourceUsage().maxRSS"}; wall time includes Node's start-up; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
