#!/usr/bin/env node
// slafee command line: NDJSON tickets in, one JSON result per line out. All decisions are made by
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
  check RULES         validate a rule set; list every problem with its JSON pointer

RULES is a rule-set file, or a folder whose *.json files (except schema.json and
*.cases.json) together make one rule set. Repeat --rules to load several versions:
each ticket is judged by the one in effect at its "created" instant.
Tickets are read from the file, or from standard input when it is "-" or absent.
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

/** Streams NDJSON tickets, writing one result (or an error in its place) per non-blank line. */
async function eachTicket(options, evaluate) {
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
    try {
      out = { line, ...evaluate(JSON.parse(text)) };
    } catch (e) {
      bad++;
      const error = e.code ? { code: e.code, path: e.path, message: e.message }
        : { code: "json_syntax", path: "", message: e.message };
      process.stderr.write(`${name}:${line}: ${describe(error)}\n`);
      out = { line, error };
    }
    process.stdout.write(JSON.stringify(out) + "\n");
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

function deadlines(options) {
  const engine = loadEngine(options.rules);
  let now = options.now;
  if (!now) {
    // The core never reads a clock: the CLI supplies "now" and says which it used.
    now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    process.stderr.write(`slafee: --now ${now}\n`);
  }
  return eachTicket(options, (ticket) => engine.deadlines(ticket, now));
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

const COMMANDS = { classify, decide, deadlines, check };
const { command, options } = parseArgs(process.argv.slice(2));
if (!command || command === "--help" || command === "-h" || options.help) {
  process.stdout.write(USAGE + "\n");
  process.exit(command && !COMMANDS[command] && command !== "--help" && command !== "-h" ? EXIT.usage : EXIT.ok);
}
if (!COMMANDS[command]) fail(`unknown command ${command}`);
process.exitCode = await COMMANDS[command](options);
