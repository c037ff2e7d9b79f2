// The package's TypeScript declarations as a consumer gets them: tests/node/types/consumer.ts is
// type-checked with the installed TypeScript (node_modules/.bin/tsc, `--strict`, Node's ESM
// resolution) against the built package in pkg/, linked into a scratch folder as
// `node_modules/slafee`, so "slafee" resolves through package.json `exports` exactly as for a user.
// The declaration files themselves are checked too (no `skipLibCheck`): a type named but never
// declared, or a doc comment that ends early, fails here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkgDir = join(root, "pkg");
const tsc = join(root, "node_modules/.bin/tsc");
const consumer = fileURLToPath(new URL("./types/consumer.ts", import.meta.url));
const FLAGS = [
  "--noEmit", "--strict", "--exactOptionalPropertyTypes", "--noUncheckedIndexedAccess",
  "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "esnext", "--lib", "esnext,dom",
  "--types", "", "--pretty", "false",
];
let dir;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "slafee-types-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(pkgDir, join(dir, "node_modules", "slafee"), "dir");
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Type-checks `files` (names in the scratch folder); returns tsc's status and output. */
function check(files) {
  const r = spawnSync(tsc, [...FLAGS, ...files], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

test("TypeScript is installed and is version 7", () => {
  assert.ok(existsSync(tsc), "node_modules/.bin/tsc is missing: run scripts/setup.sh");
  const r = spawnSync(tsc, ["--version"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Version 7\./);
});

test("the consumer type-checks against the built package under --strict", () => {
  copyFileSync(consumer, join(dir, "consumer.ts"));
  const { status, output } = check(["consumer.ts"]);
  // Unused `@ts-expect-error` directives are errors too: each proves a type is not `any`.
  assert.equal(status, 0, `tsc reported errors:\n${output.replaceAll(dir, "<scratch>")}`);
  assert.equal(output.trim(), "");
});

test("a wrong use is reported (the check is not vacuous)", () => {
  writeFileSync(join(dir, "wrong.ts"), [
    'import { Engine } from "slafee";',
    "declare const engine: Engine;",
    'const rank: string = engine.classify({}).rank;',
    'const code: "no_such_code" = engine.evaluate({}, "").rule_set.id;',
    "",
  ].join("\n"));
  const { status, output } = check(["wrong.ts"]);
  assert.notEqual(status, 0);
  assert.match(output, /wrong\.ts\(3,7\): error TS2322: Type 'number' is not assignable to type 'string'/);
  assert.match(output, /wrong\.ts\(4,7\): error TS2322/);
  assert.equal(output.trim().split("\n").length, 2, output);
});

test("the Rust doc comments are the declarations' JSDoc (editor hovers)", () => {
  const dts = readFileSync(join(pkgDir, "slafee.d.ts"), "utf8");
  const documented = (text, declaration) =>
    assert.match(dts, new RegExp(`/\\*\\*(?:(?!\\*/)[\\s\\S])*${text}(?:(?!\\*/)[\\s\\S])*\\*/\\s*${declaration}`), declaration);
  documented("Stable error codes", "export type ErrorCode =");
  documented("The outcome of classifying one ticket", "export interface Classification \\{");
  documented("Priority id", "priority: string;");
  documented("Everything about one ticket at `now`", "export interface Evaluation extends Classification \\{");
  documented("Time left to the deadline", "remaining_seconds: number \\| null;");
  documented("The itemised receipt", "export interface Receipt \\{");
  documented("Record every row tried", "trace\\?: boolean;");
});

test("every call of the consumer exists on the declared API", () => {
  // The consumer must keep calling every public method: a method added to Engine, KpiRun or
  // Batch without a use here fails, so the type check keeps covering the whole surface.
  const dts = readFileSync(join(pkgDir, "slafee.d.ts"), "utf8");
  const source = readFileSync(consumer, "utf8");
  for (const cls of ["Engine", "KpiRun", "Batch"]) {
    const body = dts.match(new RegExp(`export class ${cls} \\{([\\s\\S]*?)\\n\\}`))?.[1];
    assert.ok(body, `class ${cls} not found in slafee.d.ts`);
    const members = [...body.matchAll(/^\s{4}(?:readonly\s+)?([a-zA-Z]\w*)[(:]/gm)].map((m) => m[1]);
    assert.ok(members.length > 0, cls);
    for (const member of members) {
      if (member === "constructor") continue;
      assert.match(source, new RegExp(`\\.${member}\\b`), `${cls}.${member} is not used by consumer.ts`);
    }
  }
});
