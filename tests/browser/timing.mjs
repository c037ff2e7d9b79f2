// Load timing for the browser test: waiting for Chromium to go idle after launch, reading a load's
// marks and resource timing, and the main thread's CPU time by kind of work from a Chromium trace.
import { readFile, readdir } from "node:fs/promises";

/** The categories a trace needs for cpuBreakdown() (and the app's performance marks). */
export const TRACE_CATEGORIES = [
  "toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.wasm", "blink.user_timing",
];

/** Kinds of main-thread work, by trace event name; an event's time goes to the innermost kind. */
const KINDS = [
  ["wasm lazy compile", /^wasm\.CompileLazy$/],
  ["wasm streaming", /^v8\.wasm\.compileConsume/],
  ["GC", /^(V8\.GC|MinorGC|MajorGC)/],
  ["HTML parse", /^(ParseHTML|ParseAuthorStyleSheet)$/],
  ["style + layout", /^(UpdateLayoutTree|Layout)$/],
  ["paint", /^(PrePaint|Paint|PaintImage|Layerize|LocalFrameView::RunPaintLifecyclePhase)$/],
  ["JS", new RegExp(`^(${[
    "EvaluateScript", "v8\\.evaluateModule", "v8\\.compileModule", "v8\\.compile", "FunctionCall", "v8\\.callFunction",
    "RunMicrotasks", "BlinkScheduler_PerformMicrotaskCheckpoint", "TimerFire", "FireAnimationFrame", "EventDispatch", "v8\\.run",
  ].join("|")})$`)],
];
/** Renderer work off the main thread, by trace event name. */
const BACKGROUND = [
  ["wasm validation", /^wasm\.ValidateFunctionsStreaming$/],
  ["wasm tier-up", /^wasm\.ExecuteCompilationUnits$/],
  ["JS compile", /^(BackgroundCompileTask::Run|v8\.parseOnBackground)$/],
];

/**
 * CPU time (ms, from the trace's thread clock) of the renderer whose page recorded `mark` last,
 * between that page's navigation start and the mark: on its main thread by kind ("other" is
 * loading, IPC and scheduling), and on its worker threads.
 */
export function cpuBreakdown(events, mark) {
  const at = events.filter((e) => e.name === mark && e.cat?.includes("user_timing")).sort((a, b) => a.ts - b.ts).at(-1);
  if (!at) throw new Error(`no ${mark} in the trace`);
  const { pid } = at;
  // A mark's startTime is relative to the page's navigation start, on the same clock as ts (µs).
  const startTime = at.args?.data?.startTime;
  const from = startTime === undefined ? -Infinity : at.ts - startTime * 1000;
  const mainTid = events.find((e) => e.pid === pid && e.name === "thread_name" && e.args?.name === "CrRendererMain")?.tid;
  const spans = events.filter((e) => e.pid === pid && e.ph === "X" && e.tdur !== undefined && e.ts >= from && e.ts < at.ts);
  const main = {};
  const background = {};
  const stack = [];
  for (const e of spans.filter((s) => s.tid === mainTid).sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
    while (stack.length > 0 && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    const kind = KINDS.find(([, name]) => name.test(e.name))?.[0] ?? parent?.kind ?? "other";
    stack.push({ ts: e.ts, dur: e.dur, kind });
    // Its own time: what it took minus what its children took.
    main[kind] = (main[kind] ?? 0) + e.tdur / 1000;
    if (parent) main[parent.kind] -= e.tdur / 1000;
  }
  for (const e of spans.filter((s) => s.tid !== mainTid)) {
    const kind = BACKGROUND.find(([, name]) => name.test(e.name))?.[0];
    if (kind) background[kind] = (background[kind] ?? 0) + e.tdur / 1000;
  }
  return { main, background };
}

/** What app.js marked (ms from navigation start), when the HTML and each file arrived, and what the page shows. */
export function readLoad(on) {
  return on.evaluate(() => {
    const marks = Object.fromEntries(performance.getEntriesByType("mark")
      .filter((mark) => mark.name.startsWith("slafee:")).map((mark) => [mark.name.slice("slafee:".length), mark.startTime]));
    const resources = performance.getEntriesByType("resource").map((r) => ({
      path: new URL(r.name).pathname, requested: r.startTime, received: r.responseEnd, bytes: r.transferSize,
    }));
    const navigation = performance.getEntriesByType("navigation")[0];
    const priority = document.getElementById("priority");
    return {
      marks, resources, html: navigation.responseEnd,
      shown: { priority: priority.dataset.priority, label: priority.textContent },
    };
  });
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const fastest = (values) => Math.min(...values);

/** The 1-minute load average, or "?" where /proc is missing. */
export async function loadAverage() {
  try {
    return (await readFile("/proc/loadavg", "utf8")).split(" ")[0];
  } catch {
    return "?";
  }
}

/** CPU ticks (1/100 s) used so far by the descendants of this process (the browser), or null without /proc. */
async function childrenTicks() {
  let entries;
  try {
    entries = await readdir("/proc");
  } catch {
    return null;
  }
  const stats = new Map();
  for (const entry of entries.filter((name) => /^\d+$/.test(name))) {
    try {
      // Fields after the command: state ppid … utime stime (fields 4, 14 and 15 of stat).
      const fields = (await readFile(`/proc/${entry}/stat`, "utf8")).split(") ").at(-1).split(" ");
      stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process has gone.
    }
  }
  const mine = new Set([process.pid]);
  let grown = true;
  while (grown) {
    grown = false;
    for (const [pid, { parent }] of stats) {
      if (!mine.has(pid) && mine.has(parent)) {
        mine.add(pid);
        grown = true;
      }
    }
  }
  let ticks = 0;
  for (const [pid, stat] of stats) if (pid !== process.pid && mine.has(pid)) ticks += stat.ticks;
  return ticks;
}

/**
 * Waits until the browser this process launched has gone quiet: a freshly started Chromium spends
 * its first seconds on its own start-up (it prepares its browser UI even when headless), which a
 * user's long-running browser has long finished. Resolves to the milliseconds waited.
 */
export async function browserSettled({ quietTicks = 3, windowMs = 250, maxMs = 10_000 } = {}) {
  const started = Date.now();
  let last = await childrenTicks();
  if (last === null) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return Date.now() - started;
  }
  let quiet = 0;
  while (quiet < 2 && Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const now = await childrenTicks();
    quiet = now - last <= quietTicks ? quiet + 1 : 0;
    last = now;
  }
  return Date.now() - started;
}
