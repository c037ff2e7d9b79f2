// The clerk's page in headless Chromium: served by scripts/serve.mjs (with its CSP), it must load
// the wasm engine and rules/default.json, classify as the clerk types, and stay free of console
// errors and CSP violations. Expected rows come from the same engine run in Node on the same file.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";
import { Engine } from "../../pkg/node.js";

const RULES = await readFile(new URL("../../rules/default.json", import.meta.url), "utf8");
const engine = new Engine(RULES);
const labels = new Map(JSON.parse(RULES).priorities.map((p) => [p.id, p.label.zh]));
const SCREENSHOTS = new URL("./screenshots/", import.meta.url);

let server;
let browser;
let page;
let navigationStart;
const problems = []; // console errors, page errors, failed requests, CSP violations

before(async () => {
  server = await startServer();
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox"],
  });
  page = await browser.newPage({ locale: "zh-CN", viewport: { width: 900, height: 720 } });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  // Injected by the browser, not the page, so the page's CSP does not apply to it.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });
  navigationStart = performance.now();
  await page.goto(server.url);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Fills the form the way a clerk would (select, then type) and returns what the page shows. */
async function fillTicket({ kind = "", area = "", system = "", description = "", households_affected, hazard = false }) {
  await page.selectOption("#kind", kind);
  await page.selectOption("#area", area);
  await page.selectOption("#system", system);
  await page.fill("#households_affected", households_affected === undefined ? "" : String(households_affected));
  await page.setChecked("#hazard", hazard);
  await page.fill("#description", "");
  await page.locator("#description").pressSequentially(description);
  return page.evaluate(() => ({
    label: document.getElementById("priority").textContent,
    priority: document.getElementById("priority").dataset.priority,
    rule: document.getElementById("rule").textContent,
    source: document.getElementById("source").textContent,
    ruleSet: document.getElementById("rule-set").textContent,
    error: document.getElementById("error").hidden ? null : document.getElementById("error").textContent,
  }));
}

/** What the page must show for a ticket, according to the engine run in Node. */
function expected(ticket) {
  const result = engine.classify(ticket);
  return {
    label: result.label.zh,
    priority: result.priority,
    rule: result.rule ?? "默认",
    source: result.source ?? "—",
    ruleSet: `${result.rule_set.id} ${result.rule_set.version}`,
    error: null,
  };
}

test("the first priority appears soon after navigation", async (t) => {
  await page.locator("#priority[data-priority]").waitFor();
  const seenByTest = performance.now() - navigationStart;
  const timing = await page.evaluate(() => {
    const mark = performance.getEntriesByName("slafee:first-result")[0];
    const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
    return {
      firstResult: mark?.startTime,
      wasmFetched: wasm?.responseEnd,
      domContentLoaded: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd,
    };
  });
  assert.ok(timing.firstResult > 0, "app.js marks slafee:first-result");
  t.diagnostic(
    `navigation start → first priority shown: ${timing.firstResult.toFixed(1)} ms in the page ` +
      `(DOMContentLoaded ${timing.domContentLoaded?.toFixed(1)} ms, wasm fetched ` +
      `${timing.wasmFetched?.toFixed(1)} ms); ${seenByTest.toFixed(1)} ms as seen by the test`,
  );
  assert.equal(await page.locator("#rule-set").textContent(), `${engine.ruleSets[0].id} ${engine.ruleSets[0].version}`);
});

test("a burst water pipe flooding the living room is an emergency", async () => {
  const ticket = { kind: "repair", area: "indoor", system: "water", description: "厨房水管爆裂，水漫到客厅" };
  const shown = await fillTicket(ticket);
  assert.equal(shown.priority, "emergency");
  assert.equal(shown.label, labels.get("emergency")); // 紧急
  assert.deepEqual(shown, expected(ticket));

  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: fileURLToPath(new URL("form.png", SCREENSHOTS)), fullPage: true });
});

test("an enquiry about paying the property fee is low priority", async () => {
  const ticket = { kind: "enquiry", description: "咨询物业费怎么交" };
  const shown = await fillTicket(ticket);
  assert.equal(await page.locator("#kind option:checked").textContent(), "咨询");
  assert.equal(shown.priority, "low");
  assert.equal(shown.label, labels.get("low")); // 低优先级
  assert.deepEqual(shown, expected(ticket));
});

test("a ticked hazard or many affected households make a routine ticket an emergency", async () => {
  const base = { kind: "repair", area: "common", system: "lighting", description: "楼道灯不亮" };
  assert.equal((await fillTicket(base)).priority, "routine");
  const hazard = { ...base, hazard: true };
  const shownHazard = await fillTicket(hazard);
  assert.deepEqual(shownHazard, expected(hazard));
  assert.equal(shownHazard.rule, "hazard-flagged");
  const many = { ...base, households_affected: 12 };
  const shownMany = await fillTicket(many);
  assert.deepEqual(shownMany, expected(many));
  assert.equal(shownMany.rule, "many-households");
});

test("the why-not list names each earlier row and the cell that rejected the ticket", async () => {
  const ticket = { kind: "enquiry", description: "咨询物业费怎么交" };
  await fillTicket(ticket);
  const traced = engine.classify(ticket, { trace: true });
  const missed = traced.trace.filter((r) => !r.matched);
  assert.ok(missed.length > 0, "the enquiry row is not the first row");
  const shown = await page.locator("#why-not li").evaluateAll((items) =>
    items.map((li) => [li.dataset.row, li.textContent]));
  assert.deepEqual(shown.map(([row]) => row), missed.map((r) => r.row));
  const [first] = missed;
  assert.ok(shown[0][1].includes(first.failed.input) && shown[0][1].includes(first.failed.cell), shown[0][1]);
});

test("no console errors, page errors, failed requests or CSP violations", async () => {
  const csp = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual([...problems, ...csp.map((v) => `CSP: ${v}`)], []);
});
