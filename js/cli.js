#!/usr/bin/env node
// slafee command line: NDJSON tickets (and work orders) in, one JSON result per line out. All decisions are made by
// the WebAssembly core; this file only reads arguments and streams lines.
import { createReadStream, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Engine } from "./node.js";

const USAGE = `usage: slafee <command> [options]

commands:
  classify --rules RULES [--trace] [TICKETS.ndjson|-]
                      print each ticket's priority (and fired row) as one JSON line
  decide --rules RULES --table NAME [--trace] [TICKETS.ndjson|-]
                      evaluate one of the rule set's named tables for each ticket
  deadlines --rules RULES [--now INSTANT] [TICKETS.ndjson|-]
                      every SLA target's deadline, state and remaining time at --now
                      (default: the current instant, printed on stderr)
  quote --rules RULES [--now INSTANT] [--format ndjson|table] [ORDERS.ndjson|-]
                      price each work order (a ticket with "lines") into an itemised
                      receipt; --now prices orders with neither "completed" nor
                      "appointment" and reads the review clock (default as for deadlines);
                      --format table prints a receipt for people instead of JSON
  schedule --rules RULES [--at INSTANT]
                      the price schedule in effect at --at, one item per line
                      (default: the current instant, printed on stderr)
  check RULES         validate a rule set; list every problem with its JSON pointer

RULES is a rule-set file, or a folder whose *.json files (except schema.json and
*.cases.json) together make one rule set. Repeat --rules to load several versions:
each ticket is judged by the one in effect at its "created" instant.
Tickets and orders are read from the file, or from standard input when it is "-" or absent.
Exit codes: 0 ok, 1 the rule set is invalid (check), 2 usage or input error.`;

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
    else if (arg === "--format") options.format = rest[++i] ?? fail("--format needs ndjson or table");
    else if (arg.startsWith("--format=")) options.format = arg.slice("--format=".length);
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

/**
 * Streams NDJSON tickets, writing one result (or an error in its place) per non-blank line;
 * `render(out, input)` turns `{ line, ...result }` (and the parsed input, if it parsed) into text.
 */
async function eachTicket(options, evaluate, render = jsonLine) {
  const source = options.positional[0] ?? "-";
  const name = source === "-" ? "<stdin>" : source;
  const input = source === "-" ? process.stdin : createReadStream(source);
  input.on("error", (e) => fail(`cannot read ${source}: ${e.message}`));
  let line = 0;
  let bad = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    let out;
    let parsed;
    try {
      parsed = JSON.parse(text);
      out = { line, ...evaluate(parsed) };
    } catch (e) {
      bad++;
      const error = e.code ? { code: e.code, path: e.path, message: e.message }
        : { code: "json_syntax", path: "", message: e.message };
      process.stderr.write(`${name}:${line}: ${describe(error)}\n`);
      out = { line, error };
    }
    process.stdout.write(render(out, parsed));
  }
  return bad === 0 ? EXIT.ok : EXIT.usage;
}

function classify(options) {
  const engine = loadEngine(options.rules);
  return eachTicket(options, (ticket) => engine.classify(ticket, { trace: !!options.trace }));
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
  const engine = loadEngine(options.rules);
  const now = instantOption(options.now, "--now");
  return eachTicket(options, (ticket) => engine.deadlines(ticket, now));
}

function quote(options) {
  const format = options.format ?? "ndjson";
  if (format !== "ndjson" && format !== "table") fail(`unknown --format ${format} (ndjson or table)`);
  const engine = loadEngine(options.rules);
  const now = instantOption(options.now, "--now");
  return eachTicket(options, (order) => engine.quote(order, now), format === "table" ? receiptTable : jsonLine);
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

function receiptTable(out, order) {
  const id = order && typeof order.id === "string" ? ` ${order.id}` : "";
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

const COMMANDS = { classify, decide, deadlines, quote, schedule, check };
// A closed pipe (`slafee schedule | head`) ends the output quietly instead of crashing.
process.stdout.on("error", (e) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(process.exitCode ?? EXIT.ok);
});
const { command, options } = parseArgs(process.argv.slice(2));
if (!command || command === "--help" || command === "-h" || options.help) {
  process.stdout.write(USAGE + "\n");
  process.exit(command && !COMMANDS[command] && command !== "--help" && command !== "-h" ? EXIT.usage : EXIT.ok);
}
if (!COMMANDS[command]) fail(`unknown command ${command}`);
if (options.format !== undefined && command !== "quote") fail("--format applies to quote only");
if (options.at !== undefined && command !== "schedule") fail("--at applies to schedule only (the others take --now)");
process.exitCode = await COMMANDS[command](options);
