// Security: no code is ever made from text — src/, js/ and www/ hold no eval(, new Function,
// Function(, dynamic import() of a computed specifier, nor setTimeout/setInterval given a string;
// the page's Content-Security-Policy allows scripts from the page's own origin only (no
// 'unsafe-inline', no 'unsafe-eval'; 'wasm-unsafe-eval' is what compiling WebAssembly needs);
// and `npm audit --omit=dev` of the built package finds nothing (skipped, with the reason, when
// the registry cannot be reached).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

function files(dir, extensions) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, extensions);
    return extensions.some((e) => name.endsWith(e)) ? [path] : [];
  });
}

const SOURCES = [
  ...files(join(root, "src"), [".rs"]),
  ...files(join(root, "js"), [".js", ".mjs"]),
  ...files(join(root, "www"), [".js", ".mjs", ".html"]),
];

/** Every match of `pattern` in the scanned files, as `file:line: text`. */
function occurrences(pattern, only = () => true) {
  return SOURCES.filter(only).flatMap((file) =>
    readFileSync(file, "utf8").split("\n").flatMap((line, i) =>
      pattern.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : []));
}

test("the scan sees the sources it is meant to", () => {
  const scanned = SOURCES.map((f) => relative(root, f));
  for (const file of ["src/wasm/mod.rs", "src/wasm/engine.rs", "src/lib.rs", "js/cli.js", "js/node.js", "js/browser.js", "www/index.html", "www/app.js"]) {
    assert.ok(scanned.includes(file), file);
  }
});

const CODE_FROM_TEXT = [
  /\beval\s*\(/,
  /\bnew\s+Function\b/,
  /(?<![\w$.])Function\s*\(/,
  /\.constructor\s*\(\s*["'`]/,
  /\bset(?:Timeout|Interval)\s*\(\s*["'`]/,
];

/** The `import(...)` calls of a JS text whose specifier is computed, as `line: import(arg)`. */
function dynamicImports(text) {
  // A name bound once to a literal (`const PKG_URL = "/pkg/slafee.js";`) is as good as one.
  const constants = new Set([...text.matchAll(/^\s*(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*=\s*(["'])[^"'`$\\]*\2\s*;/gm)].map((m) => m[1]));
  return [...text.matchAll(/(?<![\w$.])import\s*\(\s*([^)]*?)\s*\)/g)]
    .filter(([, arg]) => !/^(["'])[^"'\\]*\1$/.test(arg) && !/^`[^`$]*`$/.test(arg) && !constants.has(arg))
    .map((m) => `${text.slice(0, m.index).split("\n").length}: import(${m[1]})`);
}

test("the detectors catch what they look for", () => {
  const caught = (line) => CODE_FROM_TEXT.some((p) => p.test(line));
  for (const bad of ['eval("1")', "window.eval (x)", 'new Function("a", "return a")', 'Function("return this")()',
    'setTimeout("tick()", 10)', "setInterval(`poll()`, 5)", '[].constructor.constructor("x")()']) {
    assert.ok(caught(bad), bad);
  }
  for (const good of ["setTimeout(() => tick(), 10)", "setInterval(refresh, 1000)", "const evaluate = (x) => x",
    "js_sys::Function", "retrieval(x)", "myFunction(x)"]) {
    assert.ok(!caught(good), good);
  }
  assert.deepEqual(dynamicImports('import(name);\nimport("./a.js");\nimport(`./${x}.js`);\nimport(\'./b.js\')'),
    ["1: import(name)", "3: import(`./${x}.js`)"]);
  assert.deepEqual(dynamicImports('const URL_A = "/pkg/x.js";\nimport(URL_A);\nlet B = "/y.js"; import(B)'), ["3: import(B)"]);
});

test("no eval, no Function constructor, no timer given code as text", () => {
  for (const pattern of CODE_FROM_TEXT) assert.deepEqual(occurrences(pattern), [], String(pattern));
  // Every timer call there is gets a function or a name as its first argument.
  for (const line of occurrences(/\bset(?:Timeout|Interval)\s*\(/)) {
    assert.match(line, /set(?:Timeout|Interval)\s*\(\s*(\(|[A-Za-z_$][\w$]*\s*[,)]|async\b|function\b)/, line);
  }
});

test("dynamic import() only of literal specifiers (or a const bound to one in the same file)", () => {
  const bad = SOURCES.filter((file) => !file.endsWith(".rs"))
    .flatMap((file) => dynamicImports(readFileSync(file, "utf8")).map((hit) => `${relative(root, file)}:${hit}`));
  assert.deepEqual(bad, []);
});

test("the page's CSP allows no inline script and no eval, and the page needs neither", () => {
  const html = readFileSync(join(root, "www/index.html"), "utf8");
  const meta = html.match(/<meta\s+http-equiv=(["'])Content-Security-Policy\1\s+content=(["'])(.*?)\2/i);
  assert.ok(meta, "www/index.html has a Content-Security-Policy meta");
  const directives = new Map(meta[3].split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
  const scripts = directives.get("script-src") ?? directives.get("default-src");
  assert.ok(scripts, "script-src (or default-src) is set");
  for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:", "http:", "https:"]) {
    assert.ok(!scripts.includes(forbidden), `script-src allows ${forbidden}: ${scripts.join(" ")}`);
  }
  assert.deepEqual(directives.get("object-src"), ["'none'"]);
  // What the policy forbids, the page does not use.
  assert.deepEqual([...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>/gi)].map((m) => m[0]), [], "inline <script>");
  assert.deepEqual([...html.matchAll(/\son[a-z]+\s*=/gi)].map((m) => m[0]), [], "inline event handlers");
  assert.equal(/javascript:/i.test(html), false, "javascript: URLs");
});

function npm(args, cwd) {
  return new Promise((resolve) => {
    execFile("npm", args, { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, npm_config_update_notifier: "false" } },
      (error, stdout, stderr) => resolve({ error, status: error?.code ?? 0, stdout, stderr }));
  });
}

const OFFLINE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|proxy|certificate|audit endpoint/i;

test("npm audit of the built package finds no vulnerability", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "slafee-audit-"));
  try {
    cpSync(join(root, "pkg"), dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const lock = await npm(["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"], dir);
    if (lock.error?.code === "ENOENT") return t.skip("npm is not installed");
    if (lock.status !== 0) {
      if (OFFLINE.test(lock.stderr)) return t.skip(`registry not reachable: ${lock.stderr.trim().split("\n").pop()}`);
      assert.fail(`npm install --package-lock-only failed: ${lock.stderr}`);
    }
    const audit = await npm(["audit", "--omit=dev", "--json"], dir);
    let report;
    try {
      report = JSON.parse(audit.stdout);
    } catch {
      if (OFFLINE.test(audit.stderr)) return t.skip(`registry not reachable: ${audit.stderr.trim().split("\n").pop()}`);
      assert.fail(`npm audit printed no report: ${audit.stderr}`);
    }
    if (report.error) {
      if (OFFLINE.test(JSON.stringify(report.error))) return t.skip(`registry not reachable: ${report.error.summary ?? report.error.code}`);
      assert.fail(`npm audit failed: ${JSON.stringify(report.error)}`);
    }
    assert.deepEqual(report.vulnerabilities, {}, JSON.stringify(report.vulnerabilities));
    assert.equal(report.metadata.vulnerabilities.total, 0);
    // The package ships no runtime dependencies at all: nothing for an advisory to hit.
    assert.equal(manifest.dependencies, undefined);
    assert.equal(report.metadata.dependencies.total, Object.keys(manifest.dependencies ?? {}).length);
    assert.equal(audit.status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
