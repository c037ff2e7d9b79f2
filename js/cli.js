#!/usr/bin/env node
// slafee command line: NDJSON tickets (and work orders) in, one JSON result per line out. All decisions are made by
// the WebAssembly core; this file only reads arguments and streams lines.
import { createReadStream, readFileSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Engine } from "./node.js";

const USAGE = `usage: slafee <command> [options]

commands:
  evaluate --rules RULES [--now INSTANT] [--format ndjson|table] [--jobs N] [TICKETS.ndjson|-]
                      everything about each ticket at --now, one JSON line each: its priority
                      and fired row, every SLA target's deadline and state, the fee of a work
                      order (a ticket with "lines"; none without) and the follow-ups owed when
                      the rule set has a "kpi" section (default --now: the current instant,
                      printed on stderr). Tickets need "created". --format table prints one
                      row per ticket for people. --jobs N evaluates on N worker threads
                      (output stays in input order). Streams: memory stays flat on any input
  classify --rules RULES [--trace] [--format ndjson|table] [--jobs N] [TICKETS.ndjson|-]
                      print each ticket's priority (and fired row) as one JSON line
                      (--jobs: not with --trace)
  decide --rules RULES --table NAME [--trace] [TICKETS.ndjson|-]
                      evaluate one of the rule set's named tables for each ticket
  deadlines --rules RULES [--now INSTANT] [--format ndjson|table] [--jobs N] [TICKETS.ndjson|-]
                      every SLA target's deadline, state and remaining time at --now
                      (default: the current instant, printed on stderr)
  quote --rules RULES [--now INSTANT] [--format ndjson|table] [--jobs N] [ORDERS.ndjson|-]
                      price each work order (a ticket with "lines") into an itemised
                      receipt; --now prices orders with neither "completed" nor
                      "appointment" and reads the review clock (default as for deadlines);
                      --format table prints a receipt for people instead of JSON
  schedule --rules RULES [--at INSTANT]
                      the price schedule in effect at --at, one item per line
                      (default: the current instant, printed on stderr)
  kpi --rules RULES [--now INSTANT] [--by DIMENSIONS] [--format json|table] [--jobs N] [RECORDS.ndjson|-]
                      satisfaction, timeliness, call-back, fee-collection and time KPIs of
                      ticket records, judged against the rule set's thresholds at --now
                      (default as for deadlines); --by groups them by a comma-separated list
                      of day, week, month, category, priority, team (overall always comes
                      first); --format json (default) prints one JSON report, table a summary
                      for people: each threshold's value, numerator/denominator, target and
                      PASS, FAIL or NO DATA. Records are streamed: memory grows with the
                      number of groups, not of records. --jobs N counts parts of the input on
                      N worker threads and merges their counters: the same report. A skipped
                      record is reported on stderr as FILE:LINE: code at path: message.
                      Exit 0 when every threshold (overall and per group) passes or has no
                      data, 1 when one fails, 2 when a record was skipped or on a usage error
  follow-ups --rules RULES [--now INSTANT] [RECORDS.ndjson|-]
                      each ticket record's follow-ups at --now as one JSON line: the revisit an
                      unsatisfied answer calls for and the call-backs owed, each due, overdue,
                      done or done_late (default --now as for deadlines)
  check RULES         validate a rule set; list every problem with its JSON pointer
  test --rules RULES [--format table|json] [CASES.json]
                      run a case file (default: RULES with .cases.json for .json, or the
                      folder's *.cases.json): each case ✓ or ✗ with its mismatches, then the
                      rows, SLA targets and schedule items no case exercised. Exit 1 when a
                      case fails
  lint --rules RULES [--format table|json]
                      verify the newest rule set's tables (gaps, overlaps, unreachable and
                      subsumed rows, each with a witness ticket and a ready-made case) and
                      cross-section checks. Exit 1 when an error or warning is found
  diff --rules BEFORE --to AFTER [--now INSTANT] [TICKETS.ndjson|-]
                      the tickets (or orders) whose priority, deadlines, clock states or fee
                      total change from BEFORE to AFTER, one JSON line each ("-" reads
                      standard input); without tickets, one witness ticket per classification row of both versions
                      (--now default as for deadlines). Exit 1 when anything changes

RULES is a rule-set file, or a folder whose *.json files (except schema.json and
*.cases.json) together make one rule set. Repeat --rules to load several versions:
each ticket is judged by the one in effect at its "created" instant.
Tickets, orders and records are read from the file, or from standard input when it is "-" or
absent; blank lines are skipped. A progress bar is drawn on stderr when it is a terminal.
--jobs N (evaluate, classify, deadlines, quote, kpi) spreads the work over N worker threads,
output in input order; the other commands run on one. Exit codes: 0 ok, 1 failures found (check: the rule set is invalid; kpi: a
threshold failed), 2 usage or input error (a bad line, an unreadable file). \`slafee COMMAND --help\` shows one command.`;

const FOOTER = USAGE.slice(USAGE.indexOf("\nRULES is"));

/** The help of one command: its block of USAGE, then what every command shares. */
function commandHelp(command) {
  const lines = USAGE.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`  ${command} `) || l === `  ${command}`);
  if (start < 0) return USAGE;
  let end = start + 1;
  while (end < lines.length && lines[end].startsWith("       ")) end++;
  return `usage: slafee ${lines.slice(start, end).map((l) => l.slice(2)).join("\n")}\n${FOOTER}`;
}

/** Exit codes: 0 ok, 1 failures found, 2 usage or input error. */
const EXIT = { ok: 0, failures: 1, usage: 2 };

function fail(message) {
  process.stderr.write(`slafee: ${message}\n${USAGE}\n`);
  process.exit(EXIT.usage);
}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = { positional: [], rules: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--trace") options.trace = true;
    else if (arg === "--rules") options.rules.push(rest[++i] ?? fail("--rules needs a file or folder"));
    else if (arg.startsWith("--rules=")) options.rules.push(arg.slice("--rules=".length));
    else if (arg === "--now") options.now = rest[++i] ?? fail("--now needs an instant");
    else if (arg.startsWith("--now=")) options.now = arg.slice("--now=".length);
    else if (arg === "--at") options.at = rest[++i] ?? fail("--at needs an instant");
    else if (arg.startsWith("--at=")) options.at = arg.slice("--at=".length);
    else if (arg === "--format") options.format = rest[++i] ?? fail("--format needs a format name");
    else if (arg.startsWith("--format=")) options.format = arg.slice("--format=".length);
    else if (arg === "--by") options.by = rest[++i] ?? fail("--by needs a list like month,category");
    else if (arg.startsWith("--by=")) options.by = arg.slice("--by=".length);
    else if (arg === "--to") options.to = rest[++i] ?? fail("--to needs a rule file or folder");
    else if (arg.startsWith("--to=")) options.to = arg.slice("--to=".length);
    else if (arg === "--jobs") options.jobs = rest[++i] ?? fail("--jobs needs a number of threads");
    else if (arg.startsWith("--jobs=")) options.jobs = arg.slice("--jobs=".length);
    else if (arg === "--table") options.table = rest[++i] ?? fail("--table needs a name");
    else if (arg.startsWith("--table=")) options.table = arg.slice("--table=".length);
    else if (arg.startsWith("-") && arg !== "-") fail(`unknown option ${arg}`);
    else options.positional.push(arg);
  }
  return { command, options };
}

function describe(error) {
  return error && error.code ? `${error.code} at ${error.path || "/"}: ${error.message}` : String(error);
}

/** The texts of one rule set: a file, or every rule file of a folder in name order. */
function readRuleSet(path) {
  try {
    if (!statSync(path).isDirectory()) return [readFileSync(path, "utf8")];
    return readdirSync(path)
      .filter((name) => name.endsWith(".json") && name !== "schema.json" && !name.endsWith(".cases.json"))
      .sort()
      .map((name) => readFileSync(join(path, name), "utf8"));
  } catch (e) {
    fail(`cannot read rule set ${path}: ${e.message}`);
  }
}

function reportLoadError(path, e) {
  for (const p of e.problems ?? [e]) process.stderr.write(`${path}: ${describe(p)}\n`);
}

/** Loads each --rules path as one version of the rule book. */
function loadEngine(paths) {
  if (paths.length === 0) fail("this command needs --rules FILE|FOLDER");
  let engine;
  for (const path of paths) {
    try {
      if (engine) engine.add(readRuleSet(path));
      else engine = new Engine(readRuleSet(path));
    } catch (e) {
      reportLoadError(path, e);
      process.exit(EXIT.usage);
    }
  }
  return engine;
}

/** One output line of JSON: the input line number, then the result (or `error`). */
const jsonLine = (out) => JSON.stringify(out) + "\n";

/** The input's name for messages: the file, or <stdin>. */
const inputName = (options) => (options.positional[0] ?? "-") === "-" ? "<stdin>" : options.positional[0];

/**
 * The input's lines, one at a time and never the whole file, as `[number, text]` (physical line
 * numbers from 1): the file named, or standard input when it is "-" or absent.
 */
async function* inputLines(options) {
  const source = options.positional[0] ?? "-";
  const input = source === "-" ? process.stdin : createReadStream(source);
  input.on("error", (e) => fail(`cannot read ${source}: ${e.message}`));
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) yield [++line, text];
}

/** The input as byte chunks (`size` bytes from a file): the file named, or standard input. */
function inputChunks(options, size = 1 << 18) {
  const source = options.positional[0] ?? "-";
  const input = source === "-" ? process.stdin : createReadStream(source, { highWaterMark: size });
  input.on("error", (e) => fail(`cannot read ${source}: ${e.message}`));
  return input;
}

/** Blank as the core judges a line (Rust's `trim().is_empty()`: Unicode White_Space only). */
const isBlank = (text) => /^\p{White_Space}*$/u.test(text);

/**
 * Streams NDJSON tickets parsed in JS (the commands the core's batch does not cover: `classify
 * --trace`, `decide`, `follow-ups`), writing one result (or an error in its place) per non-blank
 * line; `render(out)` turns `{ line, ...result }` into text.
 */
async function eachTicket(options, evaluate, render = jsonLine) {
  const name = inputName(options);
  let bad = 0;
  for await (const [line, text] of inputLines(options)) {
    if (text.trim() === "") continue;
    let out;
    try {
      out = { line, ...evaluate(JSON.parse(text)) };
    } catch (e) {
      bad++;
      const error = e.code ? { code: e.code, path: e.path, message: e.message }
        : { code: "json_syntax", path: "", message: e.message };
      process.stderr.write(`${name}:${line}: ${describe(error)}\n`);
      out = { line, error };
    }
    process.stdout.write(render(out));
  }
  return bad === 0 ? EXIT.ok : EXIT.usage;
}

function classify(options) {
  const format = formatOption(options, ["ndjson", "table"]);
  if (options.trace) {
    if (options.jobs !== undefined) fail("--jobs does not apply with --trace");
    const engine = loadEngine(options.rules);
    return eachTicket(options, (ticket) => engine.classify(ticket, { trace: true }), format === "table" ? resultRow : jsonLine);
  }
  // Classification reads no clock: the batch's now is only checked, so a fixed one will do.
  return streamBatch(options, loadEngine(options.rules), "classify", "2000-01-01T00:00:00Z", format === "table" ? resultRow : null);
}

function evaluate(options) {
  const format = formatOption(options, ["ndjson", "table"]);
  const engine = loadEngine(options.rules);
  const now = instantOption(options.now, "--now");
  return streamBatch(options, engine, "evaluate", now, format === "table" ? resultRow : null);
}

function decide(options) {
  if (!options.table) fail("decide needs --table NAME");
  const engine = loadEngine(options.rules);
  return eachTicket(options, (ticket) => engine.decide(options.table, ticket, { trace: !!options.trace }));
}

/** The instant given with `--flag`, else the current one, said on stderr. */
function instantOption(value, flag) {
  if (value) return value;
  // The core never reads a clock: the CLI supplies "now" and says which it used.
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  process.stderr.write(`slafee: ${flag} ${now}\n`);
  return now;
}

function deadlines(options) {
  const format = formatOption(options, ["ndjson", "table"]);
  const engine = loadEngine(options.rules);
  const now = instantOption(options.now, "--now");
  return streamBatch(options, engine, "deadlines", now, format === "table" ? resultRow : null);
}

function quote(options) {
  const format = formatOption(options, ["ndjson", "table"]);
  const engine = loadEngine(options.rules);
  const now = instantOption(options.now, "--now");
  if (format !== "table") return streamBatch(options, engine, "quote", now, null);
  // A receipt for people names its order: the ids are read beside the core, by line number.
  const ids = new Map();
  const render = (out) => {
    const id = ids.get(out.line);
    ids.delete(out.line);
    return receiptTable(out, id);
  };
  return streamBatch(options, engine, "quote", now, render, (chunks) => orderIds(chunks, ids));
}

/**
 * Passes the chunks through unchanged, noting in `ids` the text `id` of each line that is a JSON
 * object with one (by line number, as the core numbers lines); `--format table` only.
 */
async function* orderIds(chunks, ids) {
  let carry = Buffer.alloc(0);
  let oversize = false; // the current line is past the record limit: the core refuses it
  let line = 0;
  const note = (bytes) => {
    line++;
    if (oversize || !bytes.includes(0x22)) return; // no quote: no "id" key
    try {
      const id = JSON.parse(bytes.toString())?.id;
      if (typeof id === "string") ids.set(line, id);
    } catch {
      // Not JSON: the core reports the line.
    }
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(10); end >= 0; start = end + 1, end = chunk.indexOf(10, start)) {
      note(carry.length ? Buffer.concat([carry, chunk.subarray(start, end)]) : chunk.subarray(start, end));
      carry = Buffer.alloc(0);
      oversize = false;
    }
    if (start < chunk.length && !oversize) carry = Buffer.concat([carry, chunk.subarray(start)]);
    if (carry.length > MAX_RECORD_BYTES) [carry, oversize] = [Buffer.alloc(0), true];
    yield chunk;
  }
  if (carry.length) note(carry);
}

/** `--jobs N`: a whole number of worker threads from 1 to 64 (default 1: the main thread). */
function jobsOption(value) {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) fail(`--jobs ${value}: a whole number of threads from 1 to 64 (this machine has ${availableParallelism()} cores)`);
  return n;
}

/**
 * A progress line on stderr, drawn only when stderr is a terminal (never into a pipe or file):
 * bytes read of the file's size (or records alone for standard input), at most 5 times a second.
 */
class Progress {
  constructor(options) {
    this.on = process.stderr.isTTY === true;
    const source = options.positional[0] ?? "-";
    this.total = this.on && source !== "-" ? statSync(source).size : 0;
    this.bytes = 0;
    this.records = 0;
    this.start = Date.now();
    this.drawn = 0;
  }
  add(bytes, records) {
    this.bytes += bytes;
    this.records += records;
    if (!this.on) return;
    const now = Date.now();
    if (now - this.drawn < 200) return;
    this.drawn = now;
    const rate = Math.round(this.records / Math.max((now - this.start) / 1000, 0.001));
    let bar = "";
    if (this.total > 0) {
      const part = Math.min(this.bytes / this.total, 1);
      const filled = Math.round(part * 30);
      bar = `[${"#".repeat(filled)}${".".repeat(30 - filled)}] ${(part * 100).toFixed(0).padStart(3)}% `;
    }
    process.stderr.write(`\r${bar}${this.records} records, ${rate}/s\x1b[K`);
  }
  done() {
    if (this.on && this.drawn) process.stderr.write("\r\x1b[K");
  }
}

/** The core's limit on one NDJSON line (1 MiB): a longer one is refused as `too_large`. */
const MAX_RECORD_BYTES = 1 << 20;

/**
 * Bytes of input read and fed to the core at a time by the streaming commands. Each feed returns
 * its results as UTF-8 bytes (`feedBytes`), about 8 times the input for `evaluate`, written to
 * stdout as they are: as a JS string they cost a decode into UTF-16 and an encode back, a third
 * of `classify`'s time and nearly half of `evaluate`'s. With 256 KiB reads every feed left ~6 MB
 * of garbage (then as strings), read buffers and results lived long enough to reach V8's old
 * generation, which is collected only as the heap grows, and the peak RSS crept up to ~150 MB.
 * 16 KiB reads and feeds die young in the young generation: RSS stays flat (bench/cli-rss.mjs) at
 * the same CPU cost.
 */
const FEED_BYTES = 1 << 14;

/**
 * The most a --jobs part of those commands holds. Each part costs the main thread a copy, a
 * message each way and a write, so parts of several feeds keep it from being what the workers
 * wait for: 1M tickets through `evaluate --jobs 2` took 13.6 s in 16 KiB parts, 11.2 s in 64 KiB
 * parts at the same peak RSS (145 MB), 9.4 s in 256 KiB parts but 161 MB.
 */
const PART_BYTES = 1 << 16;

/** The chunks cut into pieces of at most `size` bytes (views, not copies): a pipe gives 64 KiB. */
async function* pieces(chunks, size) {
  for await (const chunk of chunks) {
    if (chunk.length <= size) yield chunk;
    else for (let at = 0; at < chunk.length; at += size) yield chunk.subarray(at, at + size);
  }
}

/** The error lines of a batch's NDJSON output (each `{"line":N,"error":{…}}`). */
const ERROR_LINE = /^\{"line":(\d+),"error":(\{.*\})\}$/gm;

/**
 * Writes text (or bytes) to stdout, waiting while the pipe is full (memory stays flat);
 * `written()` is called once the text is out.
 */
function write(text, written = undefined) {
  if (text.length === 0) {
    written?.();
    return null;
  }
  if (process.stdout.write(text, written && (() => written()))) return null;
  return new Promise((resolve) => process.stdout.once("drain", resolve));
}

/**
 * Streams NDJSON input through the core's batch (`call`: evaluate, classify, deadlines, quote):
 * raw byte chunks in, NDJSON result lines out, in input order, errors in place and on stderr as
 * FILE:LINE. With --jobs N the input is cut at line boundaries into parts evaluated by N worker
 * threads, each with its own engine; parts in flight are bounded, so memory stays flat.
 * `render(out)` turns each `{ line, ...result }` into text (default: the NDJSON line as is);
 * `wrap(chunks)` may watch the input chunks as they pass.
 */
async function streamBatch(options, engine, call, now, render, wrap = (chunks) => chunks) {
  const jobs = jobsOption(options.jobs);
  const name = inputName(options);
  const progress = new Progress(options);
  let bad = 0;
  const decoder = new TextDecoder();
  // `out`: the NDJSON results as text, or as UTF-8 bytes from a worker, decoded only when read;
  // `written()` is called once they are out.
  const emit = async (out, records, bytes, errors, written = undefined) => {
    let text = typeof out === "string" ? out : null;
    const read = () => (text ??= decoder.decode(out));
    // Only output with errors in it is searched for them.
    for (const m of errors > 0 ? read().matchAll(ERROR_LINE) : []) {
      bad++;
      process.stderr.write(`${name}:${m[1]}: ${describe(JSON.parse(m[2]))}\n`);
    }
    progress.add(bytes, records);
    if (render) out = read().split("\n").filter((l) => l).map((l) => render(JSON.parse(l))).join("");
    await write(out, written);
  };
  let batch;
  try {
    batch = engine.batch(now, { call });
  } catch (e) {
    process.stderr.write(`slafee: ${e.path === "/now" ? `--now ${now}: ` : ""}${describe(e)}\n`);
    return EXIT.usage;
  }
  const size = jobs === 1 ? FEED_BYTES : PART_BYTES;
  const input = wrap(pieces(inputChunks(options, size), size));
  if (jobs === 1) {
    let { records, errors } = batch;
    const step = (out, bytes) => {
      const counts = [batch.records - records, bytes, batch.errors - errors];
      ({ records, errors } = batch);
      return emit(out, ...counts);
    };
    for await (const chunk of input) await step(batch.feedBytes(chunk), chunk.length);
    await step(batch.finishBytes(), 0);
  } else {
    await parallel(input, options.rules, call, now, jobs, emit);
  }
  progress.done();
  return bad === 0 ? EXIT.ok : EXIT.usage;
}

/**
 * --jobs N: parts of whole lines to N workers, results written back in input order. A worker
 * answers with its results as UTF-8 bytes in a buffer it hands over, and hands back the part's
 * buffer, reused for a later part. A KPI answer's buffer, once written, goes back to its worker
 * for a later answer; a batch part's results are a new buffer from the core each time, left to
 * this thread's garbage collector. (Buffers left to the workers' collectors piled up: the threads
 * allocate too little on their own heaps to trigger collections often.)
 */
async function parallel(input, rulePaths, call, now, jobs, emit, by = []) {
  const rules = rulePaths.map(readRuleSet);
  const workers = Array.from({ length: jobs }, () =>
    new Worker(new URL("./cli-worker.js", import.meta.url), { workerData: { rules, call, now, by } }));
  const idle = [...workers];
  const done = new Map(); // finished parts not yet written, by sequence number
  const spareParts = []; // part buffers handed back by the workers
  let wake = null; // resolves the wait for the next worker message
  let failure = null;
  const woken = () => new Promise((resolve) => { wake = resolve; });
  for (const w of workers) {
    w.on("message", (m) => {
      if (m.part) spareParts.push(new Uint8Array(m.part.buffer));
      if (m.error) failure ??= m.error;
      else done.set(m.seq, { ...m, worker: w });
      idle.push(w);
      wake?.();
    });
    w.on("error", (e) => { failure ??= { message: e.message }; wake?.(); });
  }
  let next = 0; // the next part to write
  let sent = 0;
  const flush = async () => {
    while (done.has(next)) {
      const m = done.get(next);
      done.delete(next++);
      const back = call === "kpi" ? () => m.worker.postMessage({ spare: m.out }, [m.out.buffer]) : undefined;
      await emit(m.out, m.records, m.bytes, m.errors, back);
    }
  };
  const send = async (bytes, firstLine) => {
    while (idle.length === 0 && !failure) {
      await woken();
      await flush();
    }
    if (!failure) idle.pop().postMessage({ seq: sent++, bytes, firstLine }, [bytes.buffer]);
  };
  /** The carried bytes then `bytes`, copied into a part buffer (the worker takes ownership of it). */
  const partOf = (carried, bytes) => {
    const size = carried.length + bytes.length;
    let buffer = spareParts.pop();
    if (!buffer || buffer.length < size) buffer = new Uint8Array(Math.max(size, 2 * PART_BYTES));
    buffer.set(carried);
    buffer.set(bytes, carried.length);
    return buffer.subarray(0, size);
  };
  let carry = Buffer.alloc(0);
  let line = 1;
  for await (const chunk of input) {
    const cut = chunk.lastIndexOf(10);
    if (cut < 0) {
      carry = Buffer.concat([carry, chunk]);
      continue;
    }
    const part = partOf(carry, chunk.subarray(0, cut + 1));
    carry = Buffer.from(chunk.subarray(cut + 1));
    let lines = 0;
    for (let i = part.indexOf(10); i >= 0; i = part.indexOf(10, i + 1)) lines++;
    await send(part, line);
    line += lines;
    await flush();
  }
  if (carry.length) await send(partOf(carry, []), line);
  const drain = async () => {
    while (next < sent && !failure) {
      if (!done.has(next)) await woken();
      await flush();
    }
  };
  await drain();
  if (call === "kpi" && !failure) {
    // Each worker hands over the counters of every part it counted, merged last.
    for (const w of workers) w.postMessage({ seq: sent++, last: true });
    await drain();
  }
  await Promise.all(workers.map((w) => w.terminate()));
  if (failure) {
    process.stderr.write(`slafee: ${describe(failure)}\n`);
    process.exit(EXIT.usage);
  }
}

/** --format table for evaluate, classify and deadlines: one row per ticket, for people. */
function resultRow(out) {
  if (out.error) return `line ${out.line}: error ${describe(out.error)}\n`;
  const cells = [`line ${out.line}`];
  if (out.label) cells.push(`${out.priority} ${out.label.zh}`, `rule ${out.rule ?? "(default)"}`);
  else cells.push(out.priority);
  if (out.targets) {
    const open = out.targets.filter((t) => t.deadline && ["pending", "running", "paused"].includes(t.state));
    const next = open.sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline))[0];
    const breached = out.targets.filter((t) => t.state.startsWith("breached")).map((t) => t.target);
    cells.push(next ? `next ${next.target} ${next.state} by ${next.deadline}` : "no open deadline");
    if (breached.length) cells.push(`breached ${breached.join(",")}`);
  }
  if (out.fee) cells.push(`fee ${out.fee.total ? out.fee.total.text : "quote required"}`);
  if (out.follow_ups) {
    const owed = [out.follow_ups.revisit, ...out.follow_ups.callbacks].filter((f) => f && (f.state === "due" || f.state === "overdue"));
    if (owed.length) cells.push(`follow-ups owed ${owed.length}`);
  }
  return cells.join(" · ") + "\n";
}

function followUps(options) {
  const engine = loadEngine(options.rules);
  const now = instantOption(options.now, "--now");
  return eachTicket(options, (record) => engine.followUps(record, now));
}

/** `--by month,category` → ["month", "category"]; the core checks the names. */
function dimensions(text) {
  if (text === undefined) return [];
  const by = text.split(",").map((d) => d.trim());
  if (by.some((d) => d === "")) fail(`--by ${JSON.stringify(text)}: an empty dimension (day, week, month, category, priority, team)`);
  const twice = by.find((d, i) => by.indexOf(d) !== i);
  if (twice) fail(`--by ${text}: "${twice}" is given twice`);
  return by;
}

const allGroups = (report) => [report.overall, ...report.groups];

/**
 * Bytes of input per `kpi --jobs` part. Each worker counts its parts in one run and hands its
 * counters over once, at the end; per part only record counts and skipped records cross.
 */
const KPI_PART_BYTES = 4 << 20;

async function kpi(options) {
  const format = formatOption(options, ["json", "table"]);
  const by = dimensions(options.by);
  const engine = loadEngine(options.rules);
  const now = instantOption(options.now, "--now");
  let run;
  try {
    run = engine.kpiRun({ now, by });
  } catch (e) {
    // The core judges the options: a malformed --now, an unknown --by name, no "kpi" section.
    if (e.code === "invalid_value" && e.path === "" && by.length) fail(`--by ${options.by}: ${e.message}`);
    process.stderr.write(`slafee: ${e.path === "/now" ? `--now ${now}: ` : ""}${describe(e)}\n`);
    return EXIT.usage;
  }
  const jobs = jobsOption(options.jobs);
  if (jobs === 1) {
    // Raw byte chunks go straight to the core, which cuts the lines and numbers them.
    for await (const chunk of inputChunks(options)) run.addNdjson(chunk);
  } else {
    // Parts of 4 MiB (several thousand records) are counted by the workers; their record counts
    // and skipped records are merged in input order, so skipped records keep their index and
    // line, then each worker's counters.
    const decoder = new TextDecoder();
    const merge = (out, records, bytes, errors, written) => {
      run.merge(decoder.decode(out));
      written?.();
    };
    await parallel(inputChunks(options, KPI_PART_BYTES), options.rules, "kpi", now, jobs, merge, by);
  }
  const report = run.finish();
  const name = inputName(options);
  for (const e of report.errors) process.stderr.write(`${name}:${e.line}: ${describe(e)}\n`);
  const unlisted = report.skipped - report.errors.length;
  if (unlisted > 0) process.stderr.write(`${name}: ${unlisted} more skipped records not listed\n`);
  process.stdout.write(format === "table" ? kpiTable(report) : JSON.stringify(report, null, 2) + "\n");
  if (report.skipped > 0) return EXIT.usage;
  const failed = allGroups(report).some((g) => g.thresholds.some((t) => t.verdict === "fail"));
  return failed ? EXIT.failures : EXIT.ok;
}

function schedule(options) {
  const engine = loadEngine(options.rules);
  const at = instantOption(options.at, "--at");
  let prices;
  try {
    prices = engine.priceSchedule(at);
  } catch (e) {
    process.stderr.write(`slafee: ${describe(e)}\n`);
    return EXIT.usage;
  }
  if (!prices) {
    process.stderr.write(`slafee: no_fee_schedule: the rule set in effect at ${at} has no "fees" section\n`);
    return EXIT.usage;
  }
  for (const item of prices.items) process.stdout.write(JSON.stringify(item) + "\n");
  return EXIT.ok;
}

// --format table: a receipt for people. Presentation only; every amount comes from the core.

/** Terminal columns of a text: CJK and full-width characters take two. */
function width(text) {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return n;
}

/** Rows of cells as aligned columns; columns listed in `right` are right-aligned. */
function columns(rows, right) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => width(r[c]))));
  return rows.map((r) => "  " + r.map((cell, c) => {
    const pad = " ".repeat(widths[c] - width(cell));
    return right.has(c) ? pad + cell : cell + pad;
  }).join("  ").trimEnd() + "\n").join("");
}

const money = (m) => (m ? m.text : "—");

function freeText(free) {
  if (free.by === "warranty") return `保修 ${free.label.zh} 至 ${free.until}`;
  return `${free.reason.zh} (${free.rule})`;
}

function receiptTable(out, orderId) {
  const id = orderId === undefined ? "" : ` ${orderId}`;
  if (out.error) return `line ${out.line}${id}: error ${describe(out.error)}\n\n`;
  const r = out;
  let text = `line ${r.line}${id} · ${r.status} · ${r.work_time.instant} (${r.work_time.basis}) · ${r.rule_set.id} ${r.rule_set.version}\n`;
  const rows = [["#", "code", "item", "qty", "labor", "material", "total", "notes"]];
  for (const l of r.lines) {
    const quantity = [l.quantity, l.unit ?? ""].join(" ").trim() + (l.minutes != null ? ` (${l.minutes} min)` : "");
    const notes = l.notes.map((n) => n.zh);
    if (l.per_mille != null) notes.push(`${l.per_mille / 10}% × 人工费 ${l.base.text}`);
    if (l.free) notes.push(freeText(l.free));
    if (l.waived) notes.push(`免收 ${l.waived.text}`);
    rows.push([l.line == null ? "+" : String(l.line), l.code ?? "—", l.name.zh, quantity,
      money(l.labor), money(l.material), money(l.total), notes.join("；")]);
  }
  text += columns(rows, new Set([4, 5, 6]));
  text += `  total ${r.total ? `${r.total.text} ${r.currency}` : "— (quote required)"}`;
  text += ` · billing period ${r.billing_period ?? "—"}\n`;
  if (r.free) text += `  free: ${freeText(r.free)}\n`;
  if (r.review) text += `  review ${r.review.target}: ${r.review.state}${r.review.deadline ? `, deadline ${r.review.deadline}` : ""}\n`;
  return text + "\n";
}

// kpi --format table: the report for people. Presentation only; every figure comes from the core.

/** Seconds as a duration for people: 45s, 31m, 1h 05m, 2d 03h. */
function duration(seconds) {
  const parts = [[86400, "d"], [3600, "h"], [60, "m"], [1, "s"]];
  const out = [];
  let rest = seconds;
  for (const [size, unit] of parts) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || (out.length === 0 && size === 1)) out.push(out.length ? `${String(n).padStart(2, "0")}${unit}` : `${n}${unit}`);
  }
  return out.join(" ");
}

const VERDICT = { pass: "PASS", fail: "FAIL", no_data: "NO DATA" };
const rateText = (r) => (r.percent == null ? "—" : `${r.percent}%`) + ` (${r.numerator}/${r.denominator})`;
const counts = (map) => Object.entries(map).map(([k, n]) => `${k} ${n}`).join(", ") || "none";

function groupTable(group, by) {
  // The key in --by order (the report's key object lists dimensions alphabetically).
  const key = by.filter((d) => d in group.key).map((d) => `${d} ${group.key[d]}`).join(" · ") || "overall";
  let text = `${key} · ${group.tickets} ticket${group.tickets === 1 ? "" : "s"}\n`;
  const rows = [["threshold", "metric", "value", "n/d", "target", "verdict"]];
  for (const t of group.thresholds) {
    const value = t.metric === "time" ? (t.value_seconds == null ? "—" : duration(t.value_seconds)) : (t.value ?? "—");
    const nd = t.rate ? `${t.rate.numerator}/${t.rate.denominator}` : "—";
    rows.push([t.id, t.metric, value, nd, `${t.comparison === "at_least" ? ">=" : "<="} ${t.target}`, VERDICT[t.verdict] ?? t.verdict]);
  }
  text += columns(rows, new Set([2, 3]));
  const m = group.metrics;
  text += `  strict satisfaction ${rateText(m.satisfaction_strict)} · timely ${rateText(m.timely)}\n`;
  text += `  revisits owed ${m.revisits_owed} (${m.revisits_overdue} overdue) · call-backs overdue ${m.callbacks_overdue}`;
  text += ` · breaches by priority: ${counts(m.breaches_by_priority)}\n`;
  return text + "\n";
}

function kpiTable(report) {
  let text = `KPI · rule set ${report.rule_set.id} ${report.rule_set.version} · now ${report.now}`;
  text += ` · by ${report.by.length ? report.by.join(", ") : "—"}\n`;
  text += `${report.records} records: ${report.evaluated} evaluated, ${report.skipped} skipped\n\n`;
  const groups = allGroups(report);
  for (const g of groups) text += groupTable(g, report.by);
  const judged = groups.flatMap((g) => g.thresholds);
  const failed = judged.filter((t) => t.verdict === "fail").length;
  const passed = judged.filter((t) => t.verdict === "pass").length;
  return text + `${failed} FAIL, ${passed} PASS, ${judged.length - failed - passed} NO DATA over ${groups.length} group${groups.length === 1 ? "" : "s"}\n`;
}

/** The --format option of a command whose formats are `allowed` (the first is the default). */
function formatOption(options, allowed) {
  const format = options.format ?? allowed[0];
  if (!allowed.includes(format)) fail(`unknown --format ${format} (${allowed.join(" or ")})`);
  return format;
}

/** The case file of a rule set: NAME.cases.json beside NAME.json, or a folder's *.cases.json. */
function defaultCases(path) {
  try {
    if (!statSync(path).isDirectory()) return path.replace(/\.json$/, "") + ".cases.json";
    const found = readdirSync(path).filter((name) => name.endsWith(".cases.json")).sort();
    return found.length ? join(path, found[0]) : fail(`no *.cases.json in ${path}`);
  } catch (e) {
    fail(`cannot read rule set ${path}: ${e.message}`);
  }
}

function runTests(options) {
  const format = formatOption(options, ["table", "json"]);
  const engine = loadEngine(options.rules);
  const file = options.positional[0] ?? defaultCases(options.rules.at(-1));
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
  let report;
  try {
    report = engine.runCases(text);
  } catch (e) {
    process.stderr.write(`${file}: ${describe(e)}\n`);
    return EXIT.usage;
  }
  if (format === "json") {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } else {
    const out = [];
    for (const c of report.cases) {
      out.push(`${c.pass ? "✓" : "✗"} ${c.name}`);
      for (const m of c.mismatches) {
        out.push(`    at ${m.path || "/"}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`);
      }
      if (c.error) out.push(`    error ${describe(c.error)}`);
    }
    const { coverage } = report;
    out.push("", `${report.passed} passed, ${report.failed} failed; coverage ${coverage.percent ?? "-"}%`);
    for (const t of coverage.tables) {
      out.push(`  table ${t.table}: ${t.covered}/${t.rows} rows${t.uncovered.length ? ` — never fired: ${t.uncovered.join(", ")}` : ""}`);
    }
    const line = (what, c, total) =>
      `  ${what}: ${c.covered}/${total}${c.uncovered.length ? ` — never exercised: ${c.uncovered.join(", ")}` : ""}`;
    out.push(line("SLA targets", coverage.targets, coverage.targets.targets));
    out.push(line("schedule items", coverage.items, coverage.items.items));
    process.stdout.write(out.join("\n") + "\n");
  }
  return report.failed === 0 ? EXIT.ok : EXIT.failures;
}

function lint(options) {
  const format = formatOption(options, ["table", "json"]);
  const report = loadEngine(options.rules).lint();
  if (format === "json") {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } else {
    const out = report.findings.map((f) =>
      `${f.severity} ${f.kind} at ${f.path}: ${f.message}` + (f.witness ? `\n    witness ${JSON.stringify(f.witness)}` : ""));
    out.push(`${report.rule_set.id} ${report.rule_set.version}: ${report.errors} errors, ${report.warnings} warnings, ${report.findings.length} findings`);
    process.stdout.write(out.join("\n") + "\n");
  }
  return report.errors + report.warnings === 0 ? EXIT.ok : EXIT.failures;
}

async function diff(options) {
  const before = loadEngine(options.rules);
  const after = loadEngine([options.to ?? fail("diff needs --to AFTER (a rule file or folder)")]);
  const now = instantOption(options.now, "--now");
  // A diff compares whole batches: the tickets are collected (it is not a streaming command).
  let tickets = null;
  if (options.positional[0] !== undefined) {
    tickets = [];
    const name = inputName(options);
    for await (const [line, text] of inputLines(options)) {
      if (isBlank(text)) continue;
      try {
        tickets.push(JSON.parse(text));
      } catch (e) {
        process.stderr.write(`${name}:${line}: json_syntax at /: ${e.message}\n`);
        return EXIT.usage;
      }
    }
  }
  let report;
  try {
    report = before.diff(after, tickets, now);
  } catch (e) {
    process.stderr.write(`slafee: ${describe(e)}\n`);
    return EXIT.usage;
  }
  for (const changed of report.changed) process.stdout.write(jsonLine(changed));
  process.stderr.write(`slafee: ${report.changed.length} of ${report.tickets} ${report.witnesses ? "witness tickets" : "tickets"} change\n`);
  return report.changed.length === 0 ? EXIT.ok : EXIT.failures;
}

function check(options) {
  const path = options.positional[0] ?? fail("check needs a rule file or folder");
  try {
    const engine = new Engine(readRuleSet(path));
    const { id, version } = engine.ruleSets[0];
    process.stdout.write(`${path}: ok (${id} ${version})\n`);
    return EXIT.ok;
  } catch (e) {
    for (const p of e.problems ?? [e]) process.stdout.write(`${path}: ${describe(p)}\n`);
    return EXIT.failures;
  }
}

const COMMANDS = {
  evaluate, classify, decide, deadlines, quote, schedule, kpi, "follow-ups": followUps, check, test: runTests, lint, diff,
};
// A closed pipe (`slafee schedule | head`) ends the output quietly instead of crashing.
process.stdout.on("error", (e) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(process.exitCode ?? EXIT.ok);
});
const { command, options } = parseArgs(process.argv.slice(2));
if (!command || command === "--help" || command === "-h" || options.help) {
  process.stdout.write((command && Object.hasOwn(COMMANDS, command) ? commandHelp(command) : USAGE) + "\n");
  process.exit(command && !Object.hasOwn(COMMANDS, command) && command !== "--help" && command !== "-h" ? EXIT.usage : EXIT.ok);
}
if (!Object.hasOwn(COMMANDS, command)) fail(`unknown command ${command}`);
if (options.format !== undefined && !["evaluate", "classify", "deadlines", "quote", "kpi", "test", "lint"].includes(command)) fail("--format applies to evaluate, classify, deadlines, quote, kpi, test and lint only");
if (options.jobs !== undefined && !["evaluate", "classify", "deadlines", "quote", "kpi"].includes(command)) fail("--jobs applies to evaluate, classify, deadlines, quote and kpi only");
if (options.to !== undefined && command !== "diff") fail("--to applies to diff only");
if (options.by !== undefined && command !== "kpi") fail("--by applies to kpi only");
if (options.at !== undefined && command !== "schedule") fail("--at applies to schedule only (the others take --now)");
process.exitCode = await COMMANDS[command](options);
