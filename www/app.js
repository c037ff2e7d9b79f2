// The clerk's ticket form: loads the engine and the default rule set, then re-classifies the
// ticket and re-evaluates its SLA deadlines on every edit (and every 30 s, so the remaining time
// does not go stale). Each result section has its own small render function.

const RULES_URL = "/rules/default.json";
/** Form fields copied into the ticket under their own name. */
const FIELDS = [
  "kind", "area", "system", "description", "households_affected", "hazard", "paid", "created", "appointment",
];
/** datetime-local fields that become an event of the same type in the ticket's `events`. */
const EVENT_FIELDS = ["dispatched"];
const REFRESH_MS = 30_000;

const TARGET_NAMES = {
  respond: "响应",
  arrive: "到场",
  resolve: "完成",
  reply: "答复",
  "paid-arrive": "有偿到场",
  "paid-arrive-appointment": "预约到场",
  "quote-review": "报价审核",
  "notify-engineering": "通知工程部",
  "common-arrive": "公共报修到场",
  "help-reply": "求助答复",
  "complaint-callback": "投诉回访",
  "repair-callback": "维修回访",
};

const STATE_LABELS = {
  pending: "未开始",
  running: "进行中",
  paused: "暂停",
  met: "已达成",
  breached: "已超时",
  breached_met: "超时完成",
};

const form = document.getElementById("ticket");
const $ = (id) => document.getElementById(id);

/** Writes text only when it changed, so live regions do not re-announce on every keystroke. */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

const pad = (n, width = 2) => String(n).padStart(width, "0");

/** A Date as a datetime-local value (`YYYY-MM-DDTHH:MM`) in the browser's time zone. */
function toLocalInput(date) {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * A datetime-local value as RFC 3339 with the browser's UTC offset at that local time, e.g.
 * "2026-03-02T09:00" → "2026-03-02T09:00:00+08:00". A time skipped by a DST change comes out as
 * the instant the browser maps it to. Anything unparsable is passed on for the engine to reject.
 */
function toRfc3339(value) {
  const date = new Date(value); // a date-time without offset is local time
  if (Number.isNaN(date.getTime())) return value;
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${toLocalInput(date)}:${pad(date.getSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The ticket as the form describes it; fields left empty are omitted (the engine reads null).
 * `eventFields[i]` names the form field that `ticket.events[i]` came from, for error paths.
 */
function readTicket() {
  const ticket = {};
  for (const name of FIELDS) {
    const input = form.elements[name];
    if (input.type === "checkbox") ticket[name] = input.checked;
    else if (input.type === "number") {
      if (input.value !== "") ticket[name] = input.valueAsNumber;
    } else if (input.type === "datetime-local") {
      if (input.value !== "") ticket[name] = toRfc3339(input.value);
    } else if (input.value.trim() !== "") ticket[name] = input.value;
  }
  const events = EVENT_FIELDS.filter((name) => form.elements[name].value !== "")
    .map((name) => ({ type: name, at: toRfc3339(form.elements[name].value) }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (events.length > 0) ticket.events = events;
  return { ticket, eventFields: events.map((event) => event.type) };
}

function renderPriority({ priority, label }) {
  const element = $("priority");
  setText(element, label.zh);
  element.dataset.priority = priority;
  setText($("priority-en"), label.en ?? "");
}

function renderRule({ rule }) {
  setText($("rule"), rule ?? "默认");
}

function renderSource({ source }) {
  setText($("source"), source ?? "—");
}

/** Lists each row tried before the fired one, with the first cell that rejected the ticket. */
function renderWhyNot({ trace }) {
  const items = (trace ?? []).filter((row) => !row.matched).map(({ row, failed }) => {
    const item = document.createElement("li");
    const id = document.createElement("code");
    id.textContent = row;
    const seen = failed.value === null ? "（空 / empty）" : JSON.stringify(failed.value);
    item.append(id, ` ${failed.input} ${failed.cell} ✗ ${seen}`);
    item.dataset.row = row;
    return item;
  });
  $("why-not").replaceChildren(...items);
}

/** The wall time of an RFC 3339 instant in its own offset: "2026-03-02T09:30:00+08:00" → "2026-03-02 09:30". */
function wallTime(instant) {
  return instant.slice(0, 16).replace("T", " ");
}

/** Seconds as "1天2小时5分" (zero parts left out); negative as "超时 …"; null as "—". */
function formatRemaining(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const minutes = Math.floor(Math.abs(seconds) / 60);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [];
  if (days) parts.push(`${days}天`);
  if (hours) parts.push(`${hours}小时`);
  if (minutes % 60 || parts.length === 0) parts.push(`${minutes % 60}分`);
  const text = minutes === 0 ? "不足1分" : parts.join("");
  return seconds < 0 ? `超时 ${text}` : text;
}

/** A <time> showing the wall time; date and clock are kept whole when a narrow column wraps. */
function timeElement(instant) {
  const time = document.createElement("time");
  time.dateTime = instant;
  const [date, clock] = wallTime(instant).split(" ").map((text) => {
    const part = document.createElement("span");
    part.textContent = text;
    return part;
  });
  time.append(date, " ", clock);
  return time;
}

/** One row per SLA target of the ticket, in the rule set's order. */
function renderDeadlines({ now, targets }) {
  $("deadlines-now").replaceChildren(timeElement(now));
  const rows = targets.map((target) => {
    const row = document.createElement("tr");
    row.dataset.target = target.target;
    if (target.source) row.title = target.source;

    const name = document.createElement("th");
    name.scope = "row";
    const id = document.createElement("code");
    id.textContent = target.target;
    if (TARGET_NAMES[target.target]) name.append(`${TARGET_NAMES[target.target]} `);
    name.append(id);

    const deadline = document.createElement("td");
    deadline.className = "deadline";
    if (target.deadline) deadline.append(timeElement(target.deadline));
    else deadline.textContent = "—";

    const stateCell = document.createElement("td");
    const state = document.createElement("span");
    state.className = "state";
    state.dataset.state = target.state;
    state.textContent = STATE_LABELS[target.state] ?? target.state;
    stateCell.append(state);

    const remaining = document.createElement("td");
    remaining.className = "remaining";
    remaining.textContent = formatRemaining(target.remaining_seconds);
    if (target.remaining_seconds < 0) remaining.dataset.overdue = "";

    row.append(name, deadline, stateCell, remaining);
    return row;
  });
  $("deadline-rows").replaceChildren(...rows);
  $("deadlines-empty").hidden = rows.length > 0;
  setText($("deadlines-empty"), "无适用时限 / No targets apply");
}

function renderNoDeadlines() {
  setText($("deadlines-now"), "—");
  $("deadline-rows").replaceChildren();
  $("deadlines-empty").hidden = false;
  setText($("deadlines-empty"), "—");
}

function renderRuleSet({ id, version }) {
  setText($("rule-set"), `${id} ${version}`);
}

/** The form field a JSON pointer into the ticket names (`/events/N/…` → the event's field). */
function fieldFor(path, eventFields = []) {
  const [, head, index] = path?.split("/") ?? [];
  if (head === "events") return eventFields[Number(index)];
  return FIELDS.includes(head) ? head : undefined;
}

/**
 * Shows an error (or clears it with null) and marks the field its JSON pointer names;
 * `prefix` says which step failed.
 */
function renderError(error, { eventFields, prefix = "" } = {}) {
  const box = $("error");
  for (const name of [...FIELDS, ...EVENT_FIELDS]) {
    form.elements[name].removeAttribute("aria-invalid");
    form.elements[name].removeAttribute("aria-describedby");
  }
  if (!error) {
    box.hidden = true;
    setText(box, "");
    return;
  }
  const code = error.code ? `[${error.code}] ` : "";
  setText(box, `${prefix}${code}${error.message}`);
  box.hidden = false;
  const name = fieldFor(error.path, eventFields);
  if (name) {
    form.elements[name].setAttribute("aria-invalid", "true");
    form.elements[name].setAttribute("aria-describedby", "error");
  }
}

/** Clears the result sections when there is no current result. */
function renderEmpty() {
  const element = $("priority");
  setText(element, "—");
  delete element.dataset.priority;
  setText($("priority-en"), "");
  setText($("rule"), "—");
  setText($("source"), "—");
  $("why-not").replaceChildren();
  renderNoDeadlines();
}

let firstResult = true;

function classify(engine) {
  const { ticket, eventFields } = readTicket();
  let result;
  try {
    result = engine.classify(ticket, { trace: true });
  } catch (error) {
    renderEmpty();
    renderError(error, { eventFields });
    return;
  }
  renderPriority(result);
  renderRule(result);
  renderSource(result);
  renderWhyNot(result);
  renderRuleSet(result.rule_set);
  if (firstResult) {
    firstResult = false;
    performance.mark("slafee:first-result");
  }
  // The classification stands even when the clocks cannot be run (e.g. outside a calendar).
  try {
    renderDeadlines(engine.deadlines(ticket, new Date().toISOString()));
  } catch (error) {
    renderNoDeadlines();
    renderError(error, { eventFields, prefix: "时限 / Deadlines: " });
    return;
  }
  renderError(null);
}

async function loadEngine() {
  // Fetch the rules while the module (and its wasm) load.
  const [{ Engine }, rules] = await Promise.all([
    import("/pkg/browser.js"),
    fetch(RULES_URL).then((response) => {
      if (!response.ok) throw new Error(`${RULES_URL}: HTTP ${response.status}`);
      return response.text();
    }),
  ]);
  return new Engine(rules);
}

function describeLoadError(error) {
  // A single problem is already quoted in the message; several are listed one per line.
  const list = error.problems?.length > 1 ? error.problems : [];
  const problems = list.map((p) => `${p.path || "/"}: ${p.message}`);
  return {
    code: error.code,
    message: ["规则集加载失败 / Could not load the rule set: " + error.message, ...problems].join("\n"),
  };
}

form.addEventListener("submit", (event) => event.preventDefault());
// A new ticket is reported now; the clerk can change it.
form.elements.created.value = toLocalInput(new Date());

try {
  const engine = await loadEngine();
  renderRuleSet(engine.ruleSets.at(-1));
  const update = () => classify(engine);
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  setInterval(update, REFRESH_MS);
  update();
} catch (error) {
  renderEmpty();
  setText($("rule-set"), "—");
  renderError(describeLoadError(error));
}
