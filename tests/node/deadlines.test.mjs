// Calendars and SLA clocks through the package: the native cases again, and host independence
// (the same bytes under different TZ settings of the Node process).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Engine } from "../../pkg/node.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = (name) => readFileSync(new URL(`../fixtures/calendars/${name}`, import.meta.url), "utf8");
const calendars = new Engine(fixture("office-2025.json"));
const sla = new Engine(fixture("sla-2025.json"));

test("calendar arithmetic matches the native boundary cases", () => {
  const cases = [
    ["office", "2025-01-26T17:00:00+08:00", "1h", "2025-01-27T09:00:00+08:00"],
    ["office", "2025-01-27T17:00:00+08:00", "1h", "2025-02-05T09:00:00+08:00"],
    ["office", "2025-03-03T16:30:00+08:00", "1h", "2025-03-03T17:30:00+08:00"],
    ["office", "2025-03-03T17:30:00+08:00", "0m", "2025-03-04T08:30:00+08:00"],
    ["office-lunch", "2025-03-03T12:10:00+08:00", "30m", "2025-03-03T14:00:00+08:00"],
    ["night-shift", "2025-03-08T01:00:00+08:00", "4h", "2025-03-08T05:00:00+08:00"],
    ["new-york", "2025-03-09T01:30:00-05:00", "1h", "2025-03-09T03:30:00-04:00"],
  ];
  for (const [calendar, from, duration, expected] of cases) {
    assert.equal(calendars.addWorkingTime(calendar, from, duration), expected, `${calendar} ${from} +${duration}`);
  }
  assert.equal(calendars.closeOfWorkingDay("office", "2025-09-30T16:00:00+08:00", 3), "2025-10-11T17:30:00+08:00");
  assert.equal(calendars.workingTimeBetween("office", "2025-03-07T16:00:00+08:00", "2025-03-10T10:00:00+08:00"), 3 * 3600);
  assert.throws(() => calendars.addWorkingTime("office", "2025-12-31T17:00:00+08:00", "1h"),
    (e) => e.code === "calendar_not_covered");
  assert.throws(() => calendars.addWorkingTime("office", "2025-03-03T10:00:00+08:00", "1 hour"),
    (e) => e.code === "invalid_duration" && e.path === "/duration");
});

test("a pause over the weekend removes only working time", () => {
  const ticket = { system: "water", created: "2025-03-07T09:00:00+08:00", events: [
    { type: "waiting_owner", at: "2025-03-07T14:00:00+08:00" },
    { type: "owner_confirmed", at: "2025-03-10T10:00:00+08:00" },
  ] };
  const result = sla.deadlines(ticket, "2025-03-10T11:00:00+08:00");
  const resolve = result.targets.find((t) => t.target === "resolve");
  assert.equal(resolve.deadline, "2025-03-10T13:00:00+08:00");
  assert.equal(resolve.state, "running");
  assert.equal(resolve.elapsed_seconds, 6 * 3600);
  assert.equal(result.priority, "routine");
});

test("states, warnings and escalations of an emergency response", () => {
  const ticket = { system: "gas", created: "2025-03-07T10:00:00+08:00" };
  const respond = sla.deadlines(ticket, "2025-03-07T11:00:00+08:00").targets.find((t) => t.target === "respond");
  assert.equal(respond.state, "breached");
  assert.deepEqual(respond.escalations.map((e) => [e.reason, e.to]), [["80%", ["主管"]], ["breach", ["公司经理"]]]);
  assert.throws(() => sla.deadlines({ ...ticket, events: [{ type: "resolved", at: "2025-03-07T09:00:00+08:00" }] }, "2025-03-07T11:00:00+08:00"),
    (e) => e.code === "invalid_event_log" && e.path === "/events/0/at");
});

test("results are identical whatever the host time zone", () => {
  const script = `
    import { readFileSync } from "node:fs";
    import { Engine } from "./pkg/node.js";
    const engine = new Engine(readFileSync("rules/default.json", "utf8"));
    const tickets = readFileSync("examples/tickets.ndjson", "utf8").trim().split("\\n").map((l) => JSON.parse(l));
    const out = tickets.map((t) => engine.deadlines({ ...t, created: "2026-09-30T16:45:00+08:00" }, "2026-10-09T09:00:00Z"));
    process.stdout.write(JSON.stringify(out));`;
  const run = (tz) => spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root, encoding: "utf8", env: { ...process.env, TZ: tz, LANG: "C" } });
  const outputs = ["America/New_York", "Asia/Shanghai", "UTC"].map((tz) => {
    const r = run(tz);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  });
  assert.ok(outputs[0].length > 1000);
  assert.equal(outputs[1], outputs[0]);
  assert.equal(outputs[2], outputs[0]);
});
