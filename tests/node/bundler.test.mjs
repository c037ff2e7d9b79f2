// The package through a bundler, as an app that depends on it builds it: esbuild (its JS API)
// bundles a tiny app that imports "slafee" — resolved as an installed package would be, through
// a node_modules/slafee symlink to pkg/ — once for the browser (ESM, run in real Chromium) and
// once for Node (ESM, run with `node`). Both must produce real results with the default rule set.
//
// esbuild leaves `new URL("./slafee_bg.wasm", import.meta.url)` alone (it does not copy assets
// named that way), and in an ESM bundle `import.meta.url` is the bundle's own URL: the app copies
// slafee_bg.wasm next to its bundle, as js/README.md says.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Engine } from "../../pkg/node.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const RULES = readFileSync(join(root, "rules/default.json"), "utf8");
const CHROMIUM = "/usr/bin/chromium";
const NOW = "2026-03-02T10:00:00+08:00";
/** The ticket both apps judge: a burst pipe indoors, an emergency under the default rules. */
const BURST = { kind: "repair", area: "indoor", system: "water", description: "厨房水管爆裂，水漫到客厅",
  created: "2026-03-02T09:15:00+08:00" };
const expected = new Engine(RULES);

let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "slafee-bundle-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(root, "pkg"), join(dir, "node_modules/slafee"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  copyFileSync(join(root, "rules/default.json"), join(dir, "default.json"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles `source` (the app's entry) into `outfile` with esbuild's standard options, the wasm copied beside it. */
async function bundle(name, source, options) {
  const entry = join(dir, `${name}.js`);
  writeFileSync(entry, source);
  const outdir = join(dir, `dist-${name}`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    outdir,
    // The rule set is bundled as text, as an app ships its own rules.
    loader: { ".json": "text" },
    absWorkingDir: dir,
    logLevel: "silent",
    metafile: true,
    ...options,
  });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.warnings.map((w) => w.text), []);
  // The package itself is in the bundle, not fetched from node_modules at run time.
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((p) => p.endsWith("slafee/slafee.js") || p.endsWith("pkg/slafee.js")), inputs.join(", "));
  // Each entry reads its own build of the module (js/README.md, "Bundlers").
  const wasm = options.platform === "node" ? "slafee_node.wasm" : "slafee_bg.wasm";
  copyFileSync(join(root, "pkg", wasm), join(outdir, wasm));
  return { outdir, inputs };
}

test("a Node ESM bundle of an app importing slafee evaluates a ticket", async () => {
  const { outdir, inputs } = await bundle("server", `
    import { Engine, SlafeeError } from "slafee";
    import rules from "./default.json";
    const engine = new Engine(rules);
    const ticket = JSON.parse(process.argv[2]);
    let error;
    try {
      engine.classify({ description: 1 });
    } catch (e) {
      error = { instance: e instanceof SlafeeError, code: e.code, path: e.path };
    }
    console.log(JSON.stringify({ evaluation: engine.evaluate(ticket, ${JSON.stringify(NOW)}), error }));
  `, { platform: "node" });
  // The Node entry (synchronous instantiation from the file), not the browser one.
  assert.ok(inputs.some((p) => /(slafee|pkg)\/node\.js$/.test(p)), inputs.join(", "));
  assert.ok(!inputs.some((p) => /(slafee|pkg)\/browser\.js$/.test(p)));
  const r = spawnSync(process.execPath, [join(outdir, "server.js"), JSON.stringify(BURST)], { cwd: outdir, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const { evaluation, error } = JSON.parse(r.stdout);
  assert.equal(evaluation.priority, "emergency");
  assert.equal(evaluation.label.zh, "紧急");
  assert.equal(evaluation.targets.find((t) => t.target === "respond").deadline, "2026-03-02T09:45:00+08:00");
  assert.deepEqual(evaluation, expected.evaluate(BURST, NOW));
  assert.deepEqual(error, { instance: true, code: "type_mismatch", path: "/description" });
  // Without the wasm beside the bundle, the error says what is missing and where it was looked for.
  rmSync(join(outdir, "slafee_node.wasm"));
  const missing = spawnSync(process.execPath, [join(outdir, "server.js"), JSON.stringify(BURST)], { cwd: outdir, encoding: "utf8" });
  assert.equal(missing.status, 1);
  assert.ok(missing.stderr.includes(`slafee: cannot read ${join(outdir, "slafee_node.wasm")} (ENOENT); a bundle needs slafee_node.wasm next to it`), missing.stderr);
});

const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm" };

/** Serves `folder` (flat, no subfolders) on 127.0.0.1; resolves to its base URL and close(). */
async function serve(folder) {
  const server = createServer(async (req, res) => {
    const name = new URL(req.url, "http://x").pathname.slice(1) || "index.html";
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    try {
      const body = await readFile(join(folder, name));
      res.writeHead(200, { "Content-Type": MIME[extname(name)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

test("a browser ESM bundle of an app importing slafee classifies in Chromium", { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing` }, async () => {
  const { outdir, inputs } = await bundle("app", `
    import { Engine, SlafeeError } from "slafee";
    import rules from "./default.json";
    const engine = new Engine(rules);
    const ticket = ${JSON.stringify(BURST)};
    let error;
    try {
      engine.classify({ description: 1 });
    } catch (e) {
      error = { instance: e instanceof SlafeeError, code: e.code, path: e.path };
    }
    const result = engine.classify(ticket, { trace: true });
    document.querySelector("output").textContent = result.label.zh;
    window.slafeeResult = { result, error, ruleSets: engine.ruleSets };
  `, { platform: "browser" });
  assert.ok(inputs.some((p) => /(slafee|pkg)\/browser\.js$/.test(p)), inputs.join(", "));
  assert.ok(!inputs.some((p) => /(slafee|pkg)\/node\.js$/.test(p)));
  writeFileSync(join(outdir, "index.html"),
    '<!doctype html><meta charset="utf-8"><title>app</title><link rel="icon" href="data:,"><output></output><script type="module" src="app.js"></script>');
  const { chromium } = await import("playwright-core");
  const server = await serve(outdir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
    const wasm = page.waitForResponse((r) => r.url().endsWith("/slafee_bg.wasm"));
    await page.goto(server.url);
    // The bundled code found the wasm beside the bundle (a streamed compile: served as application/wasm).
    assert.equal((await wasm).status(), 200);
    await page.waitForFunction(() => window.slafeeResult, null, { timeout: 10_000 });
    const { result, error, ruleSets } = await page.evaluate(() => window.slafeeResult);
    assert.deepEqual(problems, []);
    assert.equal(result.priority, "emergency");
    assert.equal(result.rank, 1);
    assert.deepEqual(result.label, { zh: "紧急", en: "Emergency" });
    assert.deepEqual(result, expected.classify(BURST, { trace: true }));
    assert.ok(result.rule && result.trace.at(-1).matched);
    assert.deepEqual(ruleSets, expected.ruleSets);
    assert.deepEqual(error, { instance: true, code: "type_mismatch", path: "/description" });
    assert.equal(await page.textContent("output"), "紧急");
    // Without the wasm beside the bundle, the import fails saying what is missing.
    rmSync(join(outdir, "slafee_bg.wasm"));
    problems.length = 0;
    const failed = page.waitForEvent("pageerror");
    await page.reload();
    assert.match((await failed).message, /^slafee: cannot load http:\/\/127\.0\.0\.1:\d+\/slafee_bg\.wasm \(failed to fetch Wasm: 404/);
  } finally {
    await browser.close();
    await server.close();
  }
});
