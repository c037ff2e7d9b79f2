#!/usr/bin/env node
// Benchmark (not a test): the streaming CLI's memory on huge inputs, as a user runs it.
// Writes N generated tickets to a temporary file (streamed, never held in memory), then runs
//   node pkg/cli.js evaluate --rules rules/default.json --now NOW FILE > /dev/null
// (and the same with classify) as a child process under /usr/bin/time -v (else with a preloaded
// exit hook reading process.resourceUsage()), and prints wall time, CPU time, tickets/s and peak
// RSS. Each command is also run on a one-ticket file: the start-up RSS (Node, the compiled wasm
// module, the rule set) that the peak of a long run is compared with. The issue's bar: 5 M tickets
// with peak RSS under 150 MB, and a peak that does not grow with N.
//
//   node bench/cli-rss.mjs                          # 5,000,000 tickets (several minutes)
//   node bench/cli-rss.mjs 200000 1000000           # other sizes, to see whether RSS grows with N
//   node bench/cli-rss.mjs --commands evaluate,deadlines --jobs 2 1000000
//   node bench/cli-rss.mjs --cli /tmp/old/pkg/cli.js 200000   # another build of the CLI
//   SLAFEE_BENCH_NO_TIME=1 node bench/cli-rss.mjs 10000   # measure without /usr/bin/time
//
// Needs the built package (bash scripts/build.sh).
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { YEAR_START, at, prng, requireCli, root, runCli, timed, weighted } from "./cli-run.mjs";

const NOW = "2026-12-31T18:00:00+08:00";
const LIMIT_MB = 150;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    commands: { type: "string", default: "evaluate,classify" },
    jobs: { type: "string", default: "1" },
    cli: { type: "string", default: join(root, "pkg/cli.js") }, // another build's, to compare
  },
});
const { cli } = values;
const sizes = positionals.map(Number);
const commands = values.commands.split(",");
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || commands.some((c) => !["evaluate", "classify", "deadlines", "quote"].includes(c))) {
  console.error("usage: node bench/cli-rss.mjs [--commands evaluate,classify,deadlines,quote] [--jobs N] [--cli FILE] [TICKETS...]");
  process.exit(2);
}
if (sizes.length === 0) sizes.push(5_000_000);
requireCli(cli);

const KINDS = [
  // [weight, kind, area, system, description]
  [30, "repair", "indoor", "water", "厨房水龙头一直滴水，关不紧"],
  [6, "repair", "indoor", "water", "卫生间水管爆裂，水漫到客厅了"],
  [12, "repair", "indoor", "drain", "卫生间地漏堵塞，洗澡水下不去"],
  [8, "repair", "common", "lighting", "楼道灯不亮好几天了"],
  [3, "repair", "common", "elevator", "3号楼电梯困人，里面有老人"],
  [4, "repair", "indoor", "gas", "一进门就闻到燃气味，已经开窗了"],
  [15, "complaint", "common", "other", "楼上邻居装修噪音太大，中午还在打墙"],
  [10, "enquiry", "indoor", "other", "咨询物业费怎么交，可以用微信支付吗？"],
  [8, "help", "indoor", "other", "钥匙锁在家里了，能帮忙联系开锁师傅吗"],
];
const pickKind = weighted(KINDS);

/**
 * One ticket as the desk logs it: created between January and November 2026 (the default office
 * calendar covers 2026 only), some already responded to, arrived and resolved; one in ten indoor
 * repairs a work order with paid-repair lines (every ticket one, for `quote`).
 */
function ticket(i, random, orders) {
  const [, kind, area, system, description] = pickKind(random);
  const created = Math.floor(random() * 334 * 24 * 60);
  const t = { id: `T${i}`, kind, area, system, description, households: 1 + Math.floor(random() * 3), created: at(YEAR_START, created) };
  const steps = Math.floor(random() * 4);
  const events = [];
  let m = created;
  for (const type of ["responded", "arrived", "resolved"].slice(0, steps)) {
    m += 5 + Math.floor(random() * 240);
    events.push({ type, at: at(YEAR_START, m) });
  }
  if (events.length) t.events = events;
  if (orders || (kind === "repair" && area === "indoor" && random() < 0.1)) {
    t.lines = [{ code: "PLMB-01", quantity: 1 + Math.floor(random() * 2) }];
    if (steps === 3) t.completed = events[2].at;
  }
  return t;
}

/** Writes `n` tickets (work orders) to `path`, waiting for the stream to drain: memory stays small. */
async function generate(path, n, orders = false) {
  const out = createWriteStream(path);
  const random = prng(20260501);
  for (let i = 0; i < n; i++) {
    if (!out.write(JSON.stringify(ticket(i, random, orders)) + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Runs the CLI on `file` with stdout to /dev/null: wall and CPU seconds, peak RSS in KiB. */
async function measure(command, file, dir) {
  const args = [cli, command, "--rules", join(root, "rules/default.json"), "--now", NOW, "--jobs", values.jobs, file];
  const { status, stderr, wall, cpu, rssKb } = await runCli(args, dir);
  if (status !== 0) throw new Error(`${command} exited ${status} (every generated ticket should be good):\n${stderr.slice(0, 2000)}`);
  return { wall, cpu, rssKb };
}

const mb = (kb) => (kb / 1024).toFixed(1);
const dir = mkdtempSync(join(tmpdir(), "slafee-rss-bench-"));
let over = false;
try {
  console.log(`slafee CLI streaming memory: ${cli} --now ${NOW} --jobs ${values.jobs}, stdout to /dev/null (node ${process.version}, ${process.platform}-${process.arch})`);
  /** The input of `command` with `n` records: tickets, or work orders for quote. */
  const input = async (command, n) => {
    const file = join(dir, `${command === "quote" ? "orders" : "tickets"}-${n}.ndjson`);
    if (existsSync(file)) return { file, seconds: null };
    const t0 = performance.now();
    await generate(file, n, command === "quote");
    return { file, seconds: (performance.now() - t0) / 1000 };
  };
  const startup = new Map();
  for (const command of commands) startup.set(command, (await measure(command, (await input(command, 1)).file, dir)).rssKb);
  console.log("  command      tickets   file MB  generate s     wall s     CPU s   tickets/s  peak RSS MB  start-up RSS MB");
  for (const n of sizes) {
    const files = new Set();
    for (const command of commands) {
      const { file, seconds: generateS } = await input(command, n);
      files.add(file);
      const { wall, cpu, rssKb } = await measure(command, file, dir);
      over ||= rssKb / 1024 >= LIMIT_MB;
      console.log([
        `  ${command.padEnd(9)}`,
        n.toLocaleString("en-US").padStart(11),
        (statSync(file).size / 1e6).toFixed(1).padStart(9),
        (generateS === null ? "—" : generateS.toFixed(1)).padStart(11),
        wall.toFixed(1).padStart(10),
        cpu.toFixed(1).padStart(9),
        Math.round(n / wall).toLocaleString("en-US").padStart(11),
        mb(rssKb).padStart(12),
        mb(startup.get(command)).padStart(16),
      ].join(" "));
    }
    for (const file of files) rmSync(file);
  }
  console.log(`(peak RSS by ${timed ? "/usr/bin/time -v" : "process.resourceUsage().maxRSS"}; wall time includes Node's start-up; ` +
    `load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ${over ? `OVER the ${LIMIT_MB} MB bar` : `every run under ${LIMIT_MB} MB`})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = over ? 1 : 0;
