// The clerk's ticket form: loads the engine and the default rule set, then re-classifies the
// ticket, re-evaluates its SLA deadlines and re-prices its paid-repair lines into a fee receipt
// on every edit (and every 30 s, so the remaining time does not go stale). Each result section
// has its own small render function. Every label comes from the dictionary in i18n.js; the
// language switch re-renders the page. The KPI panel (kpi.js) and the rule workbench
// (workbench.js) are loaded only after the first result has been drawn (in idle time, or at once
// when the clerk goes to them), so they never delay it.
//
// Load timing is recorded as performance marks (milliseconds from navigation start), read by the
// browser test: slafee:start (this module runs), slafee:rules-fetched, slafee:wasm-compiled,
// slafee:wasm-instantiated, slafee:engine-built (the rule set compiled), slafee:first-result
// (priority and deadlines in the DOM) and slafee:first-result-painted (the frame showing them).

import { TEXT, bind, initLanguage, isEnglish, label, onLanguageChange, pick, setContent } from "./i18n.js";

performance.mark("slafee:start");

const RULES_URL = "/rules/default.json";
/** The package's wasm-bindgen glue and its module, compiled while it streams in. */
const PKG_URL = "/pkg/slafee.js";
const WASM_URL = "/pkg/slafee_bg.wasm";
/** The default rule set's case file, for the rule workbench. */
const CASES_URL = "/rules/default.cases.json";
/** Form fields copied into the ticket under their own name. */
const FIELDS = [
  "kind", "area", "system", "description", "households_affected", "hazard", "paid", "created", "appointment",
];
/** datetime-local fields that become an event of the same type in the ticket's `events`. */
const EVENT_FIELDS = ["dispatched"];
const REFRESH_MS = 30_000;

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

function renderPriority({ priority, label: name }) {
  const element = $("priority");
  setText(element, pick(name));
  element.dataset.priority = priority;
  setText($("priority-en"), isEnglish() ? "" : name.en ?? "");
}

function renderRule({ rule }) {
  setText($("rule"), rule ?? pick(TEXT.result.defaultRule));
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
    const seen = failed.value === null ? pick(TEXT.result.emptyValue) : JSON.stringify(failed.value);
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

/** The length of `seconds` (its sign ignored) as a label: "1天2小时5分" / "1 d 2 h 5 min", zero parts left out. */
function durationLabel(seconds) {
  const { time } = TEXT;
  const minutes = Math.floor(Math.abs(seconds) / 60);
  if (minutes === 0) return time.underAMinute;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [];
  if (days) parts.push(time.days(days));
  if (hours) parts.push(time.hours(hours));
  if (minutes % 60 || parts.length === 0) parts.push(time.minutes(minutes % 60));
  return joinLabels(parts, time.join);
}

/** Seconds as a duration in the page's language; negative as overdue; null as "—". */
function formatRemaining(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  const text = pick(durationLabel(seconds));
  return seconds < 0 ? pick(TEXT.time.overdue(text)) : text;
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
    const targetName = TEXT.deadlines.targets[target.target];
    if (targetName) name.append(`${pick(targetName)} `);
    name.append(id);

    const deadline = document.createElement("td");
    deadline.className = "deadline";
    if (target.deadline) deadline.append(timeElement(target.deadline));
    else deadline.textContent = "—";

    const stateCell = document.createElement("td");
    const state = document.createElement("span");
    state.className = "state";
    state.dataset.state = target.state;
    state.textContent = stateLabel(target.state);
    stateCell.append(state);

    const remaining = document.createElement("td");
    remaining.className = "remaining";
    remaining.textContent = formatRemaining(target.remaining_seconds);
    if (target.remaining_seconds < 0) remaining.dataset.overdue = "";

    row.append(name, deadline, stateCell, remaining, warningsCell(target));
    return row;
  });
  $("deadline-rows").replaceChildren(...rows);
  $("deadlines-empty").hidden = rows.length > 0;
  setContent($("deadlines-empty"), label(TEXT.deadlines.none));
}

/**
 * A target's warning marks ("50%", "80%"), each with the wall time it falls at; a mark already
 * passed is flagged, with the people it escalates to in its tooltip.
 */
function warningsCell({ warnings = [], escalations = [] }) {
  const cell = document.createElement("td");
  cell.className = "warnings";
  if (warnings.length === 0) {
    cell.textContent = "—";
    return cell;
  }
  cell.append(...warnings.map(({ at, instant, reached }) => {
    const mark = document.createElement("span");
    mark.className = "warning";
    mark.dataset.at = at;
    const [date, clock] = wallTime(instant).split(" ");
    const time = document.createElement("time");
    time.dateTime = instant;
    time.textContent = `${date.slice(5)} ${clock}`;
    mark.append(`${at} `, time);
    if (reached) {
      mark.dataset.reached = "";
      const flag = document.createElement("span");
      flag.className = "reached";
      flag.textContent = ` ${pick(TEXT.deadlines.warningReached)}`;
      mark.append(flag);
    }
    const escalation = escalations.find((e) => e.reason === at);
    if (escalation) mark.title = pick(TEXT.deadlines.escalatesTo(escalation.to.join(pick(TEXT.fees.listSeparator))));
    return mark;
  }));
  return cell;
}

/** A clock state as the page names it ("running" → 进行中 / Running). */
function stateLabel(state) {
  const entry = TEXT.deadlines.states[state];
  return entry ? pick(entry) : state;
}

function renderNoDeadlines() {
  setText($("deadlines-now"), "—");
  $("deadline-rows").replaceChildren();
  $("deadlines-empty").hidden = false;
  setContent($("deadlines-empty"), ["—"]);
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
 * Points a ticket field's aria-describedby at what is said about it now: the error box while the
 * field is marked invalid, and its "too late" note while that is shown.
 */
function describeField(input) {
  const ids = [];
  if (input.getAttribute("aria-invalid") === "true") ids.push("error");
  const late = $(`${input.id}-late`);
  if (late && !late.hidden) ids.push(late.id);
  if (ids.length > 0) input.setAttribute("aria-describedby", ids.join(" "));
  else input.removeAttribute("aria-describedby");
}

/**
 * Shows an error (or clears it with null) and marks the field its JSON pointer names;
 * `prefix` says which step failed.
 */
function renderError(error, { eventFields, prefix = "" } = {}) {
  const box = $("error");
  const name = error ? fieldFor(error.path, eventFields) : undefined;
  for (const field of [...FIELDS, ...EVENT_FIELDS]) {
    const input = form.elements[field];
    if (field === name) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    describeField(input);
  }
  if (!error) {
    box.hidden = true;
    setText(box, "");
    return;
  }
  const code = error.code ? `[${error.code}] ` : "";
  setText(box, `${prefix}${code}${error.message}`);
  box.hidden = false;
}

// ---- Promised times: an appointment or a promised completion later than a deadline ----

/**
 * Times the desk gives the resident, and the SLA stop events each must come before: the
 * technician cannot arrive, or finish, before the appointment; the promised completion is when
 * the work is to be resolved. A target measured from the field itself (the appointment's own
 * arrival target) is not compared with it.
 */
const PROMISES = { appointment: ["arrived", "resolved"], promised: ["resolved"] };

/** The rule set's SLA target definitions for a priority, by id (priority-specific over "*"). */
function slaTargets(priority) {
  const sla = ruleSet().sla ?? {};
  return new Map([...(sla["*"] ?? []), ...(sla[priority] ?? [])].map((target) => [target.id, target]));
}

/**
 * Flags each promised time that falls after the deadline of a target it must meet (a running,
 * paused, pending-with-deadline or already breached clock), on its field and on the target's row;
 * clears every flag with null.
 */
function renderPromises(deadlines) {
  const definitions = deadlines ? slaTargets(deadlines.priority) : new Map();
  const rows = new Map([...$("deadline-rows").rows].map((row) => [row.dataset.target, row]));
  for (const [field, stops] of Object.entries(PROMISES)) {
    const input = form.elements[field];
    const note = $(`${field}-late`);
    const at = deadlines && input.value !== "" ? Date.parse(toRfc3339(input.value)) : Number.NaN;
    const missed = Number.isNaN(at) ? [] : deadlines.targets.filter((target) => {
      const definition = definitions.get(target.target);
      return target.deadline !== null && target.stopped === null && definition &&
        stops.includes(definition.stop) && definition.field !== field && at > Date.parse(target.deadline);
    });
    for (const target of missed) {
      const row = rows.get(target.target);
      if (row) row.dataset.missedBy = [row.dataset.missedBy, field].filter(Boolean).join(" ");
    }
    input.toggleAttribute("data-late", missed.length > 0);
    note.hidden = missed.length === 0;
    setContent(note, missed.length === 0 ? [] : label(joinLabels(missed.map((target) => TEXT.promise.late(
      TEXT.deadlines.targets[target.target] ?? { zh: target.target, en: target.target },
      wallTime(target.deadline),
      durationLabel((at - Date.parse(target.deadline)) / 1000),
    )), TEXT.fees.notesSeparator)));
    describeField(input);
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

// ---- Paid repair: order lines, price schedule and the fee receipt ----

const picker = $("item-picker");
const linesList = $("lines");
/** The schedule items by code, for the rule set in effect at `scheduleAt`. */
let scheduleItems = new Map();
let scheduleAt;
let scheduleJson;
let lineSerial = 0;
/** Re-runs everything; set once the engine has loaded. */
let refresh = () => {};

const yuan = (money) => (money ? `¥${money.text}` : "—");

/** Seconds as { zh: "1小时", en: "1 h" } or minutes. */
function duration(seconds) {
  const minutes = Math.round(seconds / 60);
  return minutes % 60 === 0 ? TEXT.fees.hoursDuration(minutes / 60) : TEXT.fees.minutesDuration(minutes);
}

/** Two labels joined by a separator label, e.g. labor and material "…；…" / "…; …". */
function joinLabels(parts, separator) {
  return { zh: parts.map((p) => p.zh).join(separator.zh), en: parts.map((p) => p.en ?? p.zh).join(separator.en) };
}

/** How a schedule item's labor is priced, e.g. "人工 ¥10.00/个". */
function laborSummary({ labor, unit, cap }) {
  const fees = TEXT.fees;
  const parts = [];
  if (labor.kind === "fixed") {
    parts.push(fees.laborFixed(fees.per(yuan(labor.price), unit)));
  } else if (labor.kind === "range") {
    parts.push(fees.laborOnSite(yuan(labor.min), yuan(labor.max), unit));
  } else if (labor.kind === "time") {
    const per = duration(labor.per_seconds);
    parts.push(fees.laborFixed({ zh: `${yuan(labor.price)}/${per.zh}`, en: `${yuan(labor.price)} per ${per.en}` }));
    if (labor.free_remainder_seconds > 0) parts.push(fees.freeRemainder(duration(labor.free_remainder_seconds)));
    if (labor.minimum_seconds > 0) parts.push(fees.minimum(duration(labor.minimum_seconds)));
  } else {
    parts.push({ zh: labor.kind, en: labor.kind });
  }
  if (cap) parts.push(fees.cap(yuan(cap)));
  return joinLabels(parts, { zh: "", en: "" });
}

/** How a schedule item's material is charged, e.g. "材料 ¥35.00/个，可业主自购". */
function materialSummary({ material: { rule, price }, unit }) {
  const material = TEXT.fees.material;
  const per = price ? TEXT.fees.per(yuan(price), unit) : null;
  switch (rule) {
    case "included": return material.included;
    case "list_or_own": return per ? material.listOrOwn(per) : material.atCostOrOwn;
    case "extra": return per ? material.extra(per) : material.extraOnSite;
    case "own": return material.own;
    case "at_cost": return material.atCost;
    default: return { zh: rule, en: rule };
  }
}

/** The order-line keys a row asks for: what the item's labor and material rules need. */
function lineFields(item) {
  if (!item) return ["description", "accepted", "labor", "material_cost"];
  const fields = [item.labor.kind === "time" ? "minutes" : "quantity"];
  if (item.labor.kind === "range") fields.push("labor");
  const { rule, price } = item.material;
  const chooses = rule === "list_or_own" || rule === "extra";
  if (rule === "at_cost" || (chooses && !price)) fields.push("material_cost");
  if (chooses) fields.push("supplied_by");
  return fields;
}

/** The label, input type and hint of one field of a row. */
function fieldSpec(field, item) {
  switch (field) {
    case "quantity": return { label: TEXT.fees.quantity(item.unit), inputMode: "decimal", value: "1" };
    case "minutes": return { label: TEXT.fees.minutes, inputMode: "numeric" };
    case "labor": return item
      ? { label: TEXT.fees.labor, inputMode: "decimal",
          hint: TEXT.fees.laborRange(yuan(item.labor.min), yuan(item.labor.max), item.unit) }
      : { label: TEXT.fees.quotedLabor, inputMode: "decimal" };
    case "material_cost": return item
      ? { label: TEXT.fees.materialCost, inputMode: "decimal", hint: TEXT.fees.materialCostHint }
      : { label: TEXT.fees.quotedMaterial, inputMode: "decimal" };
    case "supplied_by": return { label: TEXT.fees.suppliedBy, checkbox: true };
    case "accepted": return { label: TEXT.fees.accepted, checkbox: true };
    case "description": return { label: TEXT.fees.description, wide: true };
    default: return { label: { zh: field, en: field } };
  }
}

/** One labelled input of a row, with its hint and a slot for the engine's error. */
function lineField(key, field, { label: text, hint, inputMode, value = "", checkbox = false, wide = false }) {
  const id = `line-${key}-${field}`;
  const wrap = document.createElement("div");
  wrap.className = checkbox ? "field check" : wide ? "field wide" : "field";
  const input = document.createElement("input");
  input.id = id;
  input.type = checkbox ? "checkbox" : "text";
  input.dataset.field = field;
  if (inputMode) input.inputMode = inputMode;
  if (!checkbox) input.value = value;
  const labelElement = document.createElement("label");
  labelElement.htmlFor = id;
  bind(labelElement, text);
  const error = document.createElement("span");
  error.className = "field-error";
  error.id = `${id}-error`;
  error.hidden = true;
  const parts = checkbox ? [input, labelElement] : [labelElement, input];
  if (hint) {
    const hintElement = document.createElement("span");
    hintElement.className = "hint";
    hintElement.id = `${id}-hint`;
    bind(hintElement, hint);
    input.dataset.describedby = hintElement.id;
    input.setAttribute("aria-describedby", hintElement.id);
    parts.push(hintElement);
  }
  wrap.append(...parts, error);
  return wrap;
}

/** Adds a row for a schedule item (or, with null, for an item not on the schedule). */
function addLine(item) {
  const key = String(++lineSerial);
  const row = document.createElement("li");
  row.className = "line";
  row.dataset.key = key;
  if (item) row.dataset.code = item.code;

  const box = document.createElement("fieldset");
  const legend = document.createElement("legend");
  const number = document.createElement("span");
  number.className = "line-no";
  legend.append(number, " ");
  const summary = document.createElement("p");
  summary.className = "hint";
  if (item) {
    const code = document.createElement("code");
    code.textContent = item.code;
    const name = document.createElement("span");
    bind(name, item.name);
    legend.append(code, " ", name);
    bind(summary, joinLabels([laborSummary(item), materialSummary(item)], TEXT.fees.summarySeparator));
  } else {
    const name = document.createElement("span");
    bind(name, TEXT.fees.offSchedule);
    legend.append(name);
    bind(summary, TEXT.fees.offScheduleHint);
  }

  const fields = document.createElement("div");
  fields.className = "line-fields";
  fields.append(...lineFields(item).map((field) => lineField(key, field, fieldSpec(field, item))));

  const error = document.createElement("p");
  error.className = "field-error";
  error.id = `line-${key}-error`;
  error.hidden = true;

  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "remove";
  const action = document.createElement("span");
  bind(action, TEXT.fees.remove);
  const which = document.createElement("span");
  which.className = "visually-hidden";
  const name = item?.name ?? TEXT.fees.offSchedule;
  bind(which, { zh: ` ${item ? `${item.code} ` : ""}${name.zh}`, en: ` ${item ? `${item.code} ` : ""}${name.en ?? name.zh}` }, { plain: true });
  remove.append(action, which);

  box.append(legend, summary, fields, error, remove);
  row.append(box);
  linesList.append(row);
  syncLine(row);
  renumberLines();
  row.querySelector("input")?.focus();
  refresh();
}

function renumberLines() {
  [...linesList.children].forEach((row, i) => setText(row.querySelector(".line-no"), `${i + 1}.`));
}

/** Material the resident supplies has no cost to enter; an unaccepted quote has no amounts yet. */
function syncLine(row) {
  const input = (field) => row.querySelector(`[data-field="${field}"]`);
  const supplied = input("supplied_by")?.checked ?? false;
  const accepted = input("accepted");
  for (const field of ["labor", "material_cost"]) {
    const amount = input(field);
    if (!amount) continue;
    if (accepted) amount.disabled = !accepted.checked;
    else if (field === "material_cost") amount.disabled = supplied;
  }
}

/** The order lines the rows describe; empty and disabled fields are left out. */
function readLines() {
  return [...linesList.children].map((row) => {
    const line = row.dataset.code ? { code: row.dataset.code } : {};
    for (const input of row.querySelectorAll("input[data-field]")) {
      const field = input.dataset.field;
      if (input.disabled) continue;
      if (input.type === "checkbox") {
        if (input.checked) line[field] = field === "supplied_by" ? "resident" : true;
        continue;
      }
      const value = input.value.trim();
      if (value === "") continue;
      // Minutes are a JSON number; anything else goes as typed, for the engine to accept or point at.
      line[field] = field === "minutes" && /^\d+$/.test(value) ? Number(value) : value;
    }
    return line;
  });
}

/** The ticket as a work order: its lines and, if given, the handover date. */
function readOrder(ticket) {
  const order = { ...ticket, lines: readLines() };
  const handover = $("handover").value;
  if (handover !== "") order.handover = handover;
  return order;
}

/**
 * Loads the price schedule of the rule set in effect at `at` into the picker; `key` (the created
 * field) says when to look again.
 */
function loadSchedule(engine, key, at) {
  if (key === scheduleAt) return;
  scheduleAt = key;
  let schedule = null;
  try {
    schedule = engine.priceSchedule(at);
    const count = schedule?.items.length ?? 0;
    bind($("schedule-status"), schedule ? TEXT.fees.scheduleItems(count) : TEXT.fees.noSchedule);
  } catch (error) {
    bind($("schedule-status"), `[${error.code}] ${error.message}`);
  }
  const json = JSON.stringify(schedule);
  if (json === scheduleJson) return;
  scheduleJson = json;
  scheduleItems = new Map((schedule?.items ?? []).map((item) => [item.code, item]));
  const categories = new Map((schedule?.categories ?? []).map((c) => [c.id, c.label]));
  const options = [...scheduleItems.values()].map((item) => {
    const option = document.createElement("option");
    option.value = `${item.code} ${pick(item.name)}`;
    const category = categories.get(item.category);
    option.label = `${category ? pick(category) : item.category}${pick(TEXT.fees.itemSeparator)}${pick(laborSummary(item))}`;
    return option;
  });
  $("schedule-items").replaceChildren(...options);
  picker.disabled = $("add-item").disabled = scheduleItems.size === 0;
}

/** The schedule items the picker's text names: a code, a whole name, or one unique match. */
function findItems(query) {
  const items = [...scheduleItems.values()];
  const lower = query.toLowerCase();
  const token = lower.split(/\s+/)[0];
  const byCode = items.find((item) => item.code.toLowerCase() === token);
  if (byCode) return [byCode];
  const byName = items.filter((item) => item.name.zh === query || item.name.en === query);
  if (byName.length === 1) return byName;
  return items.filter((item) => `${item.code} ${item.name.zh} ${item.name.en ?? ""}`.toLowerCase().includes(lower));
}

function setPickerError(message) {
  const error = $("item-picker-error");
  if (!message) {
    picker.removeAttribute("aria-invalid");
    error.hidden = true;
    bind(error, null);
    return;
  }
  picker.setAttribute("aria-invalid", "true");
  bind(error, message);
  error.hidden = false;
}

/** Adds the item the picker names, or says why it cannot. */
function pickItem() {
  const query = picker.value.trim();
  const found = query === "" ? [] : findItems(query);
  if (found.length === 1) {
    setPickerError(null);
    picker.value = "";
    addLine(found[0]);
    return;
  }
  if (query === "") setPickerError(TEXT.fees.pickEmpty);
  else if (found.length === 0) setPickerError(TEXT.fees.pickNone(query));
  else {
    const shown = found.slice(0, 5);
    const more = found.length > 5 ? "…" : "";
    const codes = (lang) => shown.map((item) => `${item.code} ${item.name[lang] ?? item.name.zh}`)
      .join(TEXT.fees.listSeparator[lang]) + more;
    setPickerError(TEXT.fees.pickMany(found.length, { zh: codes("zh"), en: codes("en") }));
  }
}

/** Marks an input invalid and shows `error` in its slot, or clears both with null. */
function markField(input, slot, error) {
  if (!error) {
    input.removeAttribute("aria-invalid");
    const base = input.dataset.describedby;
    if (base) input.setAttribute("aria-describedby", base);
    else input.removeAttribute("aria-describedby");
    slot.hidden = true;
    slot.replaceChildren();
    return;
  }
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", [input.dataset.describedby, slot.id].filter(Boolean).join(" "));
  showError(slot, error);
}

/** An engine error as a label: the Chinese for its code, and the engine's own (English) message. */
function errorLabel(error) {
  return { zh: TEXT.errors[error.code]?.zh ?? `[${error.code}]`, en: error.message };
}

/** Puts an engine error in a slot. */
function showError(slot, error) {
  setContent(slot, label(errorLabel(error)));
  slot.hidden = false;
}

/**
 * Shows an error from pricing the order next to the field its path names (a line's field, the
 * line itself, or the handover date) and says so in the receipt; clears every mark with null.
 */
function renderFeeError(error) {
  for (const input of linesList.querySelectorAll("input[data-field]")) {
    markField(input, $(`${input.id}-error`), null);
  }
  for (const slot of linesList.querySelectorAll(".line > fieldset > .field-error")) {
    slot.hidden = true;
    slot.replaceChildren();
  }
  markField($("handover"), $("handover-error"), null);
  const box = $("receipt-error");
  if (!error) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const [, head, index, field] = error.path?.split("/") ?? [];
  const row = head === "lines" ? linesList.children[Number(index)] : undefined;
  if (row) {
    const input = field && row.querySelector(`input[data-field="${field}"]`);
    if (input) markField(input, $(`${input.id}-error`), error);
    else showError($(`line-${row.dataset.key}-error`), error);
    setContent(box, label(TEXT.fees.lineNeedsFix(Number(index) + 1)));
  } else {
    if (head === "handover") markField($("handover"), $("handover-error"), error);
    const code = error.code ? `[${error.code}] ` : "";
    setContent(box, [`${pick(TEXT.fees.errorPrefix)}${code}${error.message}`]);
  }
  box.hidden = false;
}

/** What a receipt line's 备注 says: the engine's notes, a surcharge's rate, and why it is free. */
function lineNotes(line) {
  const notes = line.notes.map(({ zh, en }) => ({ zh, en }));
  if (line.kind === "surcharge" && line.per_mille !== undefined) {
    notes.push(TEXT.fees.surchargeRate(line.per_mille / 10, yuan(line.base)));
  }
  if (line.free?.by === "warranty") notes.push(TEXT.fees.warranty(line.free));
  if (line.waived && line.waived.fen > 0) notes.push(TEXT.fees.waived(yuan(line.waived)));
  return notes;
}

function moneyCell(money) {
  const cell = document.createElement("td");
  cell.className = "money";
  cell.textContent = yuan(money);
  return cell;
}

/** An order-level free reason as a label. */
function freeReason(free) {
  return free.by === "warranty" ? TEXT.fees.warranty(free) : free.reason;
}

/** The receipt: one row per priced line, the total, why it is free, review and billing. */
function renderReceipt(receipt, ticket) {
  $("receipt-at").replaceChildren(timeElement(receipt.work_time.instant));
  const basis = TEXT.fees.basis[receipt.work_time.basis];
  setContent($("receipt-basis"), basis ? label(basis) : []);
  const rows = receipt.lines.map((line) => {
    const row = document.createElement("tr");
    row.dataset.status = line.status;
    if (line.code) row.dataset.code = line.code;
    const name = document.createElement("th");
    name.scope = "row";
    if (line.code && line.kind === "item") {
      const code = document.createElement("code");
      code.textContent = line.code;
      name.append(code, " ");
    }
    name.append(pick(line.name));
    const quantity = document.createElement("td");
    quantity.className = "quantity";
    quantity.textContent = [line.quantity, line.unit].filter(Boolean).join(" ") +
      (line.minutes !== undefined ? pick(TEXT.fees.workedMinutes(line.minutes)) : "");
    const notes = document.createElement("td");
    notes.className = "notes";
    const list = lineNotes(line);
    // The notes in the page's language; the other language in the tooltip.
    const [shown, other] = isEnglish() ? ["en", "zh"] : ["zh", "en"];
    const separator = TEXT.fees.notesSeparator;
    notes.textContent = list.map((n) => n[shown] ?? n.zh).join(separator[shown]);
    if (list.length) notes.title = list.map((n) => n[other] ?? n.zh).join(separator[other]);
    row.append(name, quantity, moneyCell(line.labor), moneyCell(line.material), moneyCell(line.total), notes);
    return row;
  });
  $("receipt-rows").replaceChildren(...rows);
  setText($("receipt-total"), yuan(receipt.total));
  const quoting = receipt.status === "quote_required";
  setContent($("receipt-total-note"), quoting ? label(TEXT.fees.pendingQuote) : []);
  $("receipt-empty").hidden = rows.length > 0;

  const free = $("receipt-free");
  free.hidden = !receipt.free;
  if (receipt.free) {
    setContent(free, [...label(TEXT.fees.free), pick(TEXT.fees.freeSeparator), ...label(freeReason(receipt.free))]);
  }

  const review = $("receipt-review");
  review.hidden = !quoting;
  if (quoting) {
    const clock = receipt.review;
    const parts = [...label(TEXT.fees.awaitingReview)];
    if (clock) {
      parts.push(" · ", ...label(TEXT.fees.reviewDue), " ");
      if (clock.deadline) parts.push(timeElement(clock.deadline), " ");
      else parts.push("— ");
      const state = document.createElement("span");
      state.className = "state";
      state.dataset.state = clock.state;
      state.textContent = stateLabel(clock.state);
      parts.push(state);
      if (clock.remaining_seconds !== null) parts.push(` ${formatRemaining(clock.remaining_seconds)}`);
    }
    review.replaceChildren(...parts);
  }

  const billing = $("receipt-billing");
  billing.hidden = !receipt.billing_period;
  if (receipt.billing_period) setContent(billing, label(TEXT.fees.billing(receipt.billing_period)));

  setText($("receipt-created"), ticket.created ? wallTime(ticket.created) : "—");
  setText($("receipt-description"), ticket.description ?? "—");
  setText($("receipt-rule-set"), `${receipt.rule_set.id} ${receipt.rule_set.version}`);
  $("print-receipt").disabled = rows.length === 0;
}

/** Clears the receipt: no lines yet, or the order cannot be priced. */
function renderNoReceipt() {
  setText($("receipt-at"), "—");
  $("receipt-basis").replaceChildren();
  $("receipt-rows").replaceChildren();
  setText($("receipt-total"), "—");
  $("receipt-total-note").replaceChildren();
  $("receipt-empty").hidden = linesList.children.length > 0;
  for (const id of ["receipt-free", "receipt-review", "receipt-billing"]) $(id).hidden = true;
  $("print-receipt").disabled = true;
}

/** Prices the order; `{ receipt }` or `{ error }`, null without lines. */
function quote(engine, order, now) {
  if (order.lines.length === 0) return null;
  try {
    return { receipt: engine.quote(order, now) };
  } catch (error) {
    return { error };
  }
}

function renderFees(fees, ticket) {
  renderFeeError(fees?.error ?? null);
  if (fees?.receipt) renderReceipt(fees.receipt, ticket);
  else renderNoReceipt();
}

$("add-item").addEventListener("click", pickItem);
$("add-off-schedule").addEventListener("click", () => addLine(null));
picker.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || event.isComposing) return;
  event.preventDefault();
  pickItem();
});
picker.addEventListener("input", (event) => {
  setPickerError(null);
  // Choosing a suggestion from the list adds it at once; typing waits for Enter or 添加.
  const chosen = !(event instanceof InputEvent) || event.inputType === "insertReplacementText";
  if (chosen && [...$("schedule-items").options].some((o) => o.value === picker.value)) pickItem();
});
linesList.addEventListener("change", (event) => syncLine(event.target.closest(".line")));
linesList.addEventListener("click", (event) => {
  const button = event.target.closest("button.remove");
  if (!button) return;
  button.closest(".line").remove();
  renumberLines();
  (picker.disabled ? $("add-off-schedule") : picker).focus();
  refresh();
});
$("print-receipt").addEventListener("click", () => window.print());

function classify(engine, ticket, eventFields, now) {
  let result;
  try {
    result = engine.classify(ticket, { trace: true });
  } catch (error) {
    renderEmpty();
    renderPromises(null);
    renderError(error, { eventFields });
    return;
  }
  renderPriority(result);
  renderRule(result);
  renderSource(result);
  renderWhyNot(result);
  renderRuleSet(result.rule_set);
  // The classification stands even when the clocks cannot be run (e.g. outside a calendar).
  let deadlines;
  try {
    deadlines = engine.deadlines(ticket, now);
  } catch (error) {
    renderNoDeadlines();
    renderPromises(null);
    renderError(error, { eventFields, prefix: pick(TEXT.deadlines.errorPrefix) });
    return;
  }
  renderDeadlines(deadlines);
  renderPromises(deadlines);
  renderError(null);
}

/** False until the first result has been drawn: the price schedule is not needed for it. */
let scheduleWanted = false;

/** Prices the order, then classifies the ticket and runs its clocks, and shows all three. */
function update(engine) {
  const { ticket, eventFields } = readTicket();
  const now = new Date().toISOString();
  const fees = quote(engine, readOrder(ticket), now);
  // The supervisor's quote-review target applies while an item off the schedule awaits its quote.
  if (fees?.receipt?.status === "quote_required") ticket.quote_required = true;
  classify(engine, ticket, eventFields, now);
  if (scheduleWanted) loadSchedule(engine, ticket.created ?? "", ticket.created ?? now);
  renderFees(fees, ticket);
}

/** Runs `callback` in a task after the next frame has been drawn. */
function afterNextFrame(callback) {
  requestAnimationFrame(() => setTimeout(callback, 0));
}

/** The rule set's text, for the labels of its priorities and its SLA targets' stop events. */
let rulesText = "";

let parsedRules;

/** The rule set's JSON, parsed once; {} before it has loaded. */
function ruleSet() {
  if (parsedRules === undefined && rulesText !== "") {
    try {
      parsedRules = JSON.parse(rulesText);
    } catch {
      parsedRules = {};
    }
  }
  return parsedRules ?? {};
}

/** A priority's label in the page's language, from the rule set; null if it has none. */
function priorityLabel(id) {
  const priority = (ruleSet().priorities ?? []).find((p) => p.id === id);
  return priority?.label ? pick(priority.label) : null;
}

/** Resolves to `value` after marking `name`. */
function marked(name) {
  return (value) => {
    performance.mark(name);
    return value;
  };
}

/**
 * Fetches the wasm, the package's glue and the rule set at once (index.html preloads all three):
 * the wasm is compiled as it streams in, instantiated through the package's own `init` as soon
 * as the glue is there, and the rule set compiled as soon as both are.
 */
async function loadEngine() {
  const compiled = WebAssembly.compileStreaming(fetch(WASM_URL)).then(marked("slafee:wasm-compiled"));
  const rules = fetch(RULES_URL).then((response) => {
    if (!response.ok) throw new Error(`${RULES_URL}: HTTP ${response.status}`);
    return response.text();
  }).then(marked("slafee:rules-fetched"));
  const instantiated = Promise.all([import(PKG_URL), compiled]).then(async ([pkg, module]) => {
    await pkg.default({ module_or_path: module });
    performance.mark("slafee:wasm-instantiated");
    return pkg.Engine;
  });
  const [Engine, text] = await Promise.all([instantiated, rules]);
  rulesText = text;
  const engine = new Engine(text);
  performance.mark("slafee:engine-built");
  return engine;
}

function describeLoadError(error) {
  // A single problem is already quoted in the message; several are listed one per line.
  const list = error.problems?.length > 1 ? error.problems : [];
  const problems = list.map((p) => `${p.path || "/"}: ${p.message}`);
  return {
    code: error.code,
    message: [pick(TEXT.page.loadFailed) + error.message, ...problems].join("\n"),
  };
}

/** What the page shows while the engine loads. */
function renderLoading() {
  const loading = pick(TEXT.page.loading);
  for (const id of ["rule-set", "priority", "schedule-status"]) setText($(id), loading);
}

function renderLoadError(error) {
  renderEmpty();
  renderNoReceipt();
  setText($("rule-set"), "—");
  setText($("schedule-status"), "—");
  renderError(describeLoadError(error));
}

/**
 * Runs `init` once for the section `id`: after the first frame, when the browser is idle, or at
 * once when the clerk goes to the section (its link, or focus inside it).
 */
function whenWanted(id, init) {
  const section = $(id);
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    window.removeEventListener("hashchange", onHash);
    section.removeEventListener("focusin", run);
    init();
  };
  const onHash = () => {
    if (location.hash === `#${id}`) run();
  };
  window.addEventListener("hashchange", onHash);
  section.addEventListener("focusin", run);
  if (location.hash === `#${id}`) run();
  else afterNextFrame(() => (window.requestIdleCallback ?? setTimeout)(run, { timeout: 500 }));
}

// Start loading the engine (the wasm compiles meanwhile) before labelling the page.
const engineLoaded = loadEngine();
engineLoaded.catch(() => {}); // handled where it is awaited
initLanguage();
renderLoading();
let loadError = null;
let ready = false;
onLanguageChange(() => {
  // Everything the engine's answers fill in is drawn again; the picker's list too.
  scheduleAt = undefined;
  scheduleJson = undefined;
  if (loadError) renderLoadError(loadError);
  else if (!ready) renderLoading();
  else refresh();
});

form.addEventListener("submit", (event) => event.preventDefault());
// A new ticket is reported now; the clerk can change it.
form.elements.created.value = toLocalInput(new Date());

try {
  const engine = await engineLoaded;
  renderRuleSet(engine.ruleSets.at(-1));
  refresh = () => update(engine);
  ready = true;
  // The picker only filters its list; the order changes when an item is added.
  const onEdit = (event) => {
    if (event.target !== picker) refresh();
  };
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  setInterval(refresh, REFRESH_MS);
  refresh();
  performance.mark("slafee:first-result");
  afterNextFrame(() => {
    performance.mark("slafee:first-result-painted");
    // Then the schedule for the paid-repair picker.
    scheduleWanted = true;
    const { ticket } = readTicket();
    loadSchedule(engine, ticket.created ?? "", ticket.created ?? new Date().toISOString());
  });
  whenWanted("kpi", () => import("./kpi.js")
    .then(({ initKpi }) => initKpi(engine, { toLocalInput, toRfc3339, wallTime, priorityLabel }))
    .catch((error) => console.error(`KPI panel: ${error.stack ?? error}`)));
} catch (error) {
  loadError = error;
  renderLoadError(error);
}

// The rule workbench compiles its own rule sets, so it is useful even when the default one does
// not load (to find out why).
whenWanted("workbench", () => import("./workbench.js")
  .then(({ initWorkbench }) => initWorkbench({ rulesUrl: RULES_URL, casesUrl: CASES_URL }))
  .catch((error) => console.error(`Rule workbench: ${error.stack ?? error}`)));
