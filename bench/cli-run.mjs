// Shared by the CLI benchmarks (kpi-1m.mjs, cli-rss.mjs): deterministic generated input, and one
// CLI run as a child process with its wall time, CPU time and peak RSS.
import { existsSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../", import.meta.url));

/** A small deterministic PRNG (mulberry32): the same file every run. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exits with status 2 unless the built CLI is there. */
export function requireCli(cli) {
  if (existsSync(cli)) return;
  console.error(`bench: ${cli} is missing; run bash scripts/build.sh first`);
  process.exit(2);
}

/**
 * A chooser over `[weight, kind, area, system, description]` rows: given the PRNG, returns a row
 * with probability proportional to its weight.
 */
export function weighted(kinds) {
  const total = kinds.reduce((sum, k) => sum + k[0], 0);
  return (random) => {
    let pick = random() * total;
    return kinds.find((k) => (pick -= k[0]) < 0) ?? kinds[0];
  };
}

/** 2026-01-01T00:00+08:00 in ms since the epoch: generated tickets are created in 2026. */
export const YEAR_START = Date.UTC(2026, 0, 1, 0, 0, 0) - 8 * 3_600_000;

const pad = (n) => String(n).padStart(2, "0");
/** An instant `minutes` after `base` (ms since the epoch), written in +08:00. */
export function at(base, minutes) {
  const d = new Date(base + minutes * 60_000 + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00+08:00`;
}

/** Whether runs are measured under /usr/bin/time -v (else a preloaded hook reports peak RSS). */
export const timed = existsSync("/usr/bin/time") && !process.env.SLAFEE_BENCH_NO_TIME;

/** Preloaded into the CLI when /usr/bin/time is missing: reports its own peak RSS at exit. */
const HOOK = `process.on("exit", () => process.stderr.write("bench-max-rss-kb " + process.resourceUsage().maxRSS + "\\n"));\n`;

/**
 * Runs `node ARGS` (the CLI and its arguments) from the repository root; `dir` holds the hook
 * file when needed, `keepStdout` collects stdout (else it goes to /dev/null). Returns the exit
 * status, stdout, stderr, wall and CPU seconds (user + system: what the run cost on a shared
 * machine) and the peak RSS in KiB.
 */
export async function runCli(args, dir, keepStdout = false) {
  let program = process.execPath;
  let argv = args;
  if (timed) {
    program = "/usr/bin/time";
    argv = ["-v", process.execPath, ...args];
  } else {
    const hook = join(dir, "rss-hook.mjs");
    writeFileSync(hook, HOOK);
    argv = ["--import", hook, ...args];
  }
  const started = performance.now();
  const child = spawn(program, argv, { cwd: root, stdio: ["ignore", keepStdout ? "pipe" : "ignore", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d) => { stdout += d; });
  child.stderr.setEncoding("utf8").on("data", (d) => { stderr += d; });
  const [code] = await once(child, "close");
  const wall = (performance.now() - started) / 1000;
  // /usr/bin/time reports the command's exit status on its own line when it is not 0.
  const status = timed ? Number(/Exit status: (\d+)/.exec(stderr)?.[1] ?? code) : code;
  const rssKb = Number((timed ? /Maximum resident set size \(kbytes\): (\d+)/ : /bench-max-rss-kb (\d+)/).exec(stderr)?.[1]);
  const cpu = timed ? ["User", "System"].reduce((sum, kind) =>
    sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? NaN), 0) : NaN;
  return { status, stdout, stderr, wall, cpu, rssKb };
}
