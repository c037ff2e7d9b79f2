#!/usr/bin/env node
// Benchmark (not a test): how soon any page can show a first result in this browser on this
// machine, next to the clerk's page. Three pages, each a first visit in a new browser context
// (empty cache), measured from navigation start to the `slafee:first-result` mark:
//   bare   — one module script that writes a word into the page: the browser's own floor;
//   engine — a module script that only compiles pkg/slafee_bg.wasm as it streams in, loads
//            rules/default.json and writes one ticket's priority and deadlines: the module's floor;
//   page   — the clerk's page (www/, as scripts/serve.mjs serves it).
// Chromium as the browser test runs it (Debian's, headless), after it has gone quiet.
//
//   node bench/page-floor.mjs [RUNS]      (default 7; needs `bash scripts/build.sh`)
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../scripts/serve.mjs";
import { browserSettled, median } from "../tests/browser/timing.mjs";
import { root } from "./cli-run.mjs";

const RUNS = Number(process.argv[2] ?? 7);
const MARK = "slafee:first-result";

const html = (script, head = "") =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>floor</title>` +
  `<script type="module" src="${script}"></script>${head}</head><body><p id="out">…</p></body></html>`;
/** The in-memory pages; anything under /pkg/ and /rules/ comes from the repository. */
const PAGES = {
  "/bare.html": html("/bare.js"),
  "/bare.js": `document.getElementById("out").textContent = "紧急";\nperformance.mark("${MARK}");\n`,
  "/engine.html": html("/engine.js",
    `<link rel="modulepreload" href="/pkg/slafee.js"><link rel="modulepreload" href="/pkg/error.js">` +
    `<link rel="preload" href="/pkg/slafee_bg.wasm" as="fetch" type="application/wasm" crossorigin>` +
    `<link rel="preload" href="/rules/default.json" as="fetch" type="application/json" crossorigin>`),
  "/engine.js": `import init, { Engine } from "/pkg/slafee.js";
const compiled = WebAssembly.compileStreaming(fetch("/pkg/slafee_bg.wasm"));
const rules = fetch("/rules/default.json").then((response) => response.text());
await init({ module_or_path: await compiled });
const engine = new Engine(await rules);
const now = new Date().toISOString();
const result = engine.deadlines({ kind: "repair", area: "indoor", system: "water", description: "漏水", created: now }, now);
document.getElementById("out").textContent = [result.priority, ...result.targets.map((t) => t.deadline)].join(" ");
performance.mark("${MARK}");
`,
};
const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };

const floors = createServer(async (req, res) => {
  const path = new URL(req.url, "http://localhost").pathname;
  const body = PAGES[path] ?? (/^\/(pkg|rules)\/[\w.-]+$/.test(path) ? await readFile(join(root, path)).catch(() => null) : null);
  res.writeHead(body === null ? 404 : 200, { "content-type": MIME[extname(path)] ?? "application/octet-stream" });
  res.end(body ?? "not found\n");
});
await new Promise((resolve) => floors.listen(0, "127.0.0.1", resolve));
const floorsUrl = `http://127.0.0.1:${floors.address().port}`;
const site = await startServer();
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] });
await browserSettled();

const urls = { bare: `${floorsUrl}/bare.html`, engine: `${floorsUrl}/engine.html`, page: site.url };
const times = Object.fromEntries(Object.keys(urls).map((name) => [name, []]));
try {
  for (let run = 0; run < RUNS; run++) {
    for (const [name, url] of Object.entries(urls)) {
      const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 900, height: 720 } });
      const tab = await context.newPage();
      await browserSettled({ maxMs: 3000 });
      await tab.goto(url, { waitUntil: "commit" });
      await tab.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK, { timeout: 30_000 });
      times[name].push(await tab.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime, MARK));
      await context.close();
    }
  }
} finally {
  await browser.close();
  await site.close();
  floors.close();
}
console.log(`navigation start → first result, first visits, median of ${RUNS} (fastest) — Chromium ${browser.version()}`);
for (const [name, list] of Object.entries(times)) {
  console.log(`  ${name.padEnd(7)} ${median(list).toFixed(0).padStart(5)} ms (${Math.min(...list).toFixed(0)} ms)`);
}
