// The npm package as a consumer gets it: `npm pack`, install the tarball into an empty folder
// (no network needed: the package has no dependencies), import it there and use the bin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RULES_TEXT } from "./fixtures.mjs";

const pkgDir = fileURLToPath(new URL("../../pkg/", import.meta.url));
let dir;
let tarball;
let listing;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "slafee-pack-"));
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: pkgDir, encoding: "utf8" });
  listing = JSON.parse(out)[0];
  tarball = join(dir, listing.filename);
  const app = join(dir, "app");
  execFileSync("mkdir", ["-p", app]);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", tarball], { cwd: app, encoding: "utf8" });
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("the tarball holds exactly the package files", () => {
  const files = listing.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    "README.md", "browser.js", "cli-worker.js", "cli.js", "error.d.ts", "error.js", "index.d.ts", "node.js", "package.json",
    "slafee.d.ts", "slafee.js", "slafee_bg.wasm", "slafee_node.wasm",
  ]);
  console.log(`# tarball ${listing.filename}: ${statSync(tarball).size} bytes`);
});

test("the installed package imports by name and classifies", () => {
  const app = join(dir, "app");
  writeFileSync(join(app, "rules.json"), RULES_TEXT);
  writeFileSync(join(app, "main.js"), `
    import { readFileSync } from "node:fs";
    import { Engine } from "slafee";
    const engine = new Engine(readFileSync("rules.json", "utf8"));
    console.log(JSON.stringify(engine.classify({ description: "楼道有燃气味" })));
  `);
  const out = execFileSync(process.execPath, ["main.js"], { cwd: app, encoding: "utf8" });
  assert.equal(JSON.parse(out).priority, "emergency");
});

test("the installed bin runs", () => {
  const app = join(dir, "app");
  const r = spawnSync(join(app, "node_modules/.bin/slafee"), ["classify", "--rules", "rules.json"], {
    cwd: app, input: '{"kind":"enquiry"}\n', encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).priority, "low");
});

test("TypeScript declarations describe the API", () => {
  const dts = execFileSync("cat", [join(pkgDir, "slafee.d.ts")], { encoding: "utf8" });
  assert.match(dts, /export class Engine/);
  assert.match(dts, /classify\(ticket: Ticket, options\?: Options\): Classification;/);
  assert.match(dts, /decide\(table: string, ticket: Ticket, options\?: Options\): Decision;/);
  assert.match(dts, /evaluate\(ticket: Ticket \| Order \| TicketRecord, now: string\): Evaluation;/);
  assert.match(dts, /evaluateBatch\(tickets: \(Ticket \| Order \| TicketRecord\)\[\] \| string, now: string, options\?: BatchOptions\): BatchItem\[\];/);
  assert.match(dts, /evaluateNdjson\(ndjson: string \| Uint8Array, now: string, options\?: BatchOptions\): string;/);
  assert.match(dts, /replace\(rules: string \| string\[\]\): void;/);
  // Derived from the Rust type (the classification flattened in), minus the trace it never has.
  assert.match(dts, /export interface Evaluation extends Classification \{/);
  assert.match(dts, /export interface Evaluation \{\s*\/\*\*[^/]*\*\/\s*trace\?: never;\s*\}/);
  // No `any` in the public surface (wasm-bindgen's own init helpers come after InitInput).
  assert.doesNotMatch(dts.split("export type InitInput")[0], /:\s*any\b|\bany\[\]|<any>/);
  // Doc comments reach editor hovers.
  assert.match(dts, /\/\*\*[^/]*Everything about a ticket at `now`[^/]*\*\/\s*evaluate\(/);
  const index = execFileSync("cat", [join(pkgDir, "index.d.ts")], { encoding: "utf8" });
  assert.match(index, /export \* from "\.\/slafee\.js";/);
  const error = execFileSync("cat", [join(pkgDir, "error.d.ts")], { encoding: "utf8" });
  assert.match(error, /export declare class SlafeeError extends Error/);
});

test("package.json declares exports, types, files, sideEffects, license, repository and the bin", () => {
  const manifest = JSON.parse(execFileSync("cat", [join(pkgDir, "package.json")], { encoding: "utf8" }));
  assert.deepEqual(manifest.exports["."], { types: "./index.d.ts", node: "./node.js", default: "./browser.js" });
  assert.equal(manifest.types, "./index.d.ts");
  assert.equal(manifest.license, "MIT");
  assert.ok(manifest.repository.url);
  assert.deepEqual(manifest.bin, { slafee: "./cli.js" });
  assert.deepEqual(manifest.sideEffects, ["./node.js", "./browser.js"]);
});

test("the installed package: SlafeeError is exported and thrown; require() works where Node has require(esm)", () => {
  const app = join(dir, "app");
  writeFileSync(join(app, "err.js"), `
    import { Engine, SlafeeError } from "slafee";
    try { new Engine("{"); } catch (e) { console.log(e instanceof SlafeeError, e.code); }
  `);
  assert.equal(execFileSync(process.execPath, ["err.js"], { cwd: app, encoding: "utf8" }).trim(), "true invalid_rule_set");
  writeFileSync(join(app, "req.cjs"), `
    const { Engine } = require("slafee");
    console.log(typeof Engine);
  `);
  const r = spawnSync(process.execPath, ["req.cjs"], { cwd: app, encoding: "utf8" });
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19)) {
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "function");
  }
});
