#!/usr/bin/env node
// slafee command line: NDJSON tickets in, one JSON result per line out. All decisions are made by
// the WebAssembly core; this file only reads arguments and streams lines.
import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Engine } from "./node.js";

const USAGE = `usage: slafee <command> [options]

commands:
  classify --rules FILE [TICKETS.ndjson|-]   print each ticket's priority as one JSON line
  check FILE                                  validate a rule-set file

Tickets are read from the file, or from standard input when it is "-" or absent.
Exit codes: 0 ok, 1 the rule file is invalid (check), 2 usage or input error.`;

/** Exit codes: 0 ok, 1 failures found, 2 usage or input error. */
const EXIT = { ok: 0, failures: 1, usage: 2 };

function fail(message) {
  process.stderr.write(`slafee: ${message}\n${USAGE}\n`);
  process.exit(EXIT.usage);
}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = { positional: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--rules") options.rules = rest[++i] ?? fail("--rules needs a file");
    else if (arg.startsWith("--rules=")) options.rules = arg.slice("--rules=".length);
    else if (arg.startsWith("-") && arg !== "-") fail(`unknown option ${arg}`);
    else options.positional.push(arg);
  }
  return { command, options };
}

function describe(error) {
  return error && error.code ? `${error.code} at ${error.path || "/"}: ${error.message}` : String(error);
}

function loadEngine(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    fail(`cannot read rule file ${file}: ${e.message}`);
  }
  try {
    return new Engine(text);
  } catch (e) {
    process.stderr.write(`${file}: ${describe(e)}\n`);
    for (const p of e.problems ?? []) process.stderr.write(`${file}: ${describe(p)}\n`);
    process.exit(EXIT.usage);
  }
}

async function classify(options) {
  if (!options.rules) fail("classify needs --rules FILE");
  const engine = loadEngine(options.rules);
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
      out = { line, ...engine.classify(JSON.parse(text)) };
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

function check(options) {
  const file = options.positional[0] ?? fail("check needs a rule file");
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    fail(`cannot read rule file ${file}: ${e.message}`);
  }
  try {
    const engine = new Engine(text);
    const { id, version } = engine.ruleSets[0];
    process.stdout.write(`${file}: ok (${id} ${version})\n`);
    return EXIT.ok;
  } catch (e) {
    for (const p of e.problems ?? [e]) process.stdout.write(`${file}: ${describe(p)}\n`);
    return EXIT.failures;
  }
}

const COMMANDS = { classify, check };

const { command, options } = parseArgs(process.argv.slice(2));
if (!command || command === "--help" || command === "-h" || options.help) {
  process.stdout.write(USAGE + "\n");
  process.exit(command && !COMMANDS[command] && command !== "--help" && command !== "-h" ? EXIT.usage : EXIT.ok);
}
if (!COMMANDS[command]) fail(`unknown command ${command}`);
process.exitCode = await COMMANDS[command](options);
