// The clerk's ticket form: loads the engine and the default rule set, then re-classifies the
// ticket, re-evaluates its SLA deadlines and re-prices its paid-repair lines into a fee receipt
// on every edit (and every 30 s, so the remaining time does not go stale). Each result section
// has its own small render function.

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

/**
 * Text the fee section writes itself, as { zh, en }: the Chinese is shown with the English
 * beside it in a lang="en" span, as in index.html. Entries that depend on values are functions.
 */
const FEE_TEXT = {
  quantity: (unit) => ({ zh: `数量（${unit}）`, en: "Quantity" }),
  minutes: { zh: "工时（分钟）", en: "Minutes worked" },
  labor: { zh: "人工单价", en: "Labor per unit" },
  laborRange: (min, max, unit) => ({ zh: `允许 ${min}–${max}/${unit}`, en: `allowed ${min}–${max} per ${unit}` }),
  materialCost: { zh: "材料费（按实）", en: "Material at cost" },
  materialCostHint: { zh: "整行合计；无材料填 0", en: "for the whole line; 0 if none" },
  suppliedBy: { zh: "业主自购材料", en: "Resident supplies the material" },
  description: { zh: "维修内容", en: "Work to be done" },
  accepted: { zh: "业主已确认报价", en: "Resident accepted the quote" },
  quotedLabor: { zh: "报价人工费", en: "Quoted labor" },
  quotedMaterial: { zh: "报价材料费", en: "Quoted material" },
  offSchedule: { zh: "非收费标准项目", en: "Off-schedule item" },
  offScheduleHint: {
    zh: "由工程部主管评审报价；业主确认后勾选并填写报价",
    en: "the supervisor reviews the quote; tick and fill it in once the resident accepts",
  },
  remove: { zh: "删除", en: "Remove" },
  scheduleItems: (n) => ({ zh: `${n} 项`, en: `${n} items` }),
  noSchedule: { zh: "此规则集没有收费标准", en: "This rule set has no price schedule" },
  pickEmpty: { zh: "请输入编码或名称", en: "Type a code or a name" },
  pickNone: (query) => ({ zh: `没有与“${query}”匹配的项目`, en: `No item matches "${query}"` }),
  pickMany: (n, codes) => ({ zh: `${n} 个项目匹配，请从列表中选择：${codes}`, en: `${n} items match; pick one from the list` }),
  basis: {
    now: { zh: "（当前）", en: "now" },
    appointment: { zh: "（预约时间）", en: "the appointment" },
    completed: { zh: "（完工时间）", en: "completion" },
  },
  pendingQuote: { zh: "待报价", en: "Quote pending" },
  awaitingReview: { zh: "待主管评审报价", en: "Awaiting the supervisor's quote" },
  reviewDue: { zh: "评审截止", en: "Review due" },
  free: { zh: "免费", en: "Free of charge" },
  warranty: ({ label, handover, until }) => ({
    zh: `保修期内免费（${label.zh}，交房 ${handover}，保修至 ${until}）`,
    en: `under warranty (${label.en ?? label.zh}, handed over ${handover}, covered until ${until})`,
  }),
  waived: (amount) => ({ zh: `免收 ${amount}`, en: `${amount} waived` }),
  surchargeRate: (percent, base) => ({ zh: `人工费 ${base} 的 ${percent}%`, en: `${percent}% of ${base} labor` }),
  billing: (period) => ({ zh: `计入 ${period} 管理费账单`, en: `Billed with the ${period} management-fee statement` }),
  lineNeedsFix: (n) => ({ zh: `第 ${n} 行需更正，收据暂不能计算`, en: `Line ${n} needs a correction before it can be priced` }),
  feesPrefix: "收费 / Fees: ",
  /** Chinese for the engine's error codes on an order; its English message is shown beside it. */
  errors: {
    missing_field: "必填",
    out_of_range: "超出允许范围",
    invalid_money: "金额应写作如 20.00",
    invalid_value: "取值无效",
    wrong_type: "类型不对",
    unknown_key: "此项不适用",
    unknown_item: "收费标准中没有此项目",
    invalid_date: "日期无效",
    money_overflow: "金额过大",
  },
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

/** A { zh, en } label as nodes: the Chinese, then the English in a lang="en" span. */
function bilingual({ zh, en }) {
  if (!en) return [zh];
  const span = document.createElement("span");
  span.className = "en";
  span.lang = "en";
  span.textContent = en;
  return [zh, " ", span];
}

/** Replaces an element's content only when its text changes (live regions, alerts). */
function setContent(element, nodes) {
  const text = nodes.map((node) => (typeof node === "string" ? node : node.textContent)).join("");
  if (element.textContent !== text) element.replaceChildren(...nodes);
}

const yuan = (money) => (money ? `¥${money.text}` : "—");

/** Seconds as { zh: "1小时", en: "1 h" } or minutes. */
function duration(seconds) {
  const minutes = Math.round(seconds / 60);
  return minutes % 60 === 0
    ? { zh: `${minutes / 60}小时`, en: `${minutes / 60} h` }
    : { zh: `${minutes}分钟`, en: `${minutes} min` };
}

/** How a schedule item's labor is priced, e.g. "人工 ¥10.00/个". */
function laborSummary({ labor, unit, cap }) {
  let text;
  if (labor.kind === "fixed") {
    text = { zh: `人工 ${yuan(labor.price)}/${unit}`, en: `labor ${yuan(labor.price)} per ${unit}` };
  } else if (labor.kind === "range") {
    text = {
      zh: `人工 ${yuan(labor.min)}–${yuan(labor.max)}/${unit}（现场定价）`,
      en: `labor ${yuan(labor.min)}–${yuan(labor.max)} per ${unit}, set on site`,
    };
  } else if (labor.kind === "time") {
    const per = duration(labor.per_seconds);
    text = { zh: `人工 ${yuan(labor.price)}/${per.zh}`, en: `labor ${yuan(labor.price)} per ${per.en}` };
    if (labor.free_remainder_seconds > 0) {
      const free = duration(labor.free_remainder_seconds);
      text.zh += `，零头不超过${free.zh}不计`;
      text.en += `; a remainder up to ${free.en} is free`;
    }
    if (labor.minimum_seconds > 0) {
      const minimum = duration(labor.minimum_seconds);
      text.zh += `，最少计${minimum.zh}`;
      text.en += `; at least ${minimum.en}`;
    }
  } else {
    text = { zh: labor.kind, en: labor.kind };
  }
  if (cap) {
    text.zh += `，封顶 ${yuan(cap)}`;
    text.en += `, capped at ${yuan(cap)}`;
  }
  return text;
}

/** How a schedule item's material is charged, e.g. "材料 ¥35.00/个，可业主自购". */
function materialSummary({ material: { rule, price }, unit }) {
  const per = price ? `${yuan(price)}/${unit}` : "";
  const perEn = price ? `${yuan(price)} per ${unit}` : "";
  switch (rule) {
    case "included": return { zh: "含材料", en: "material included" };
    case "list_or_own": return price
      ? { zh: `材料 ${per}，可业主自购`, en: `material ${perEn}, or the resident's own` }
      : { zh: "材料按实，可业主自购", en: "material at cost, or the resident's own" };
    case "extra": return price
      ? { zh: `材料另计 ${per}`, en: `material extra, ${perEn}` }
      : { zh: "材料另计（现场录入）", en: "material extra, as entered on site" };
    case "own": return { zh: "材料由业主自备", en: "the resident supplies the material" };
    case "at_cost": return { zh: "材料按实收取", en: "material at cost" };
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
    case "quantity": return { label: FEE_TEXT.quantity(item.unit), inputMode: "decimal", value: "1" };
    case "minutes": return { label: FEE_TEXT.minutes, inputMode: "numeric" };
    case "labor": return item
      ? { label: FEE_TEXT.labor, inputMode: "decimal",
          hint: FEE_TEXT.laborRange(yuan(item.labor.min), yuan(item.labor.max), item.unit) }
      : { label: FEE_TEXT.quotedLabor, inputMode: "decimal" };
    case "material_cost": return item
      ? { label: FEE_TEXT.materialCost, inputMode: "decimal", hint: FEE_TEXT.materialCostHint }
      : { label: FEE_TEXT.quotedMaterial, inputMode: "decimal" };
    case "supplied_by": return { label: FEE_TEXT.suppliedBy, checkbox: true };
    case "accepted": return { label: FEE_TEXT.accepted, checkbox: true };
    case "description": return { label: FEE_TEXT.description, wide: true };
    default: return { label: { zh: field } };
  }
}

/** One labelled input of a row, with its hint and a slot for the engine's error. */
function lineField(key, field, { label, hint, inputMode, value = "", checkbox = false, wide = false }) {
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
  labelElement.append(...bilingual(label));
  const error = document.createElement("span");
  error.className = "field-error";
  error.id = `${id}-error`;
  error.hidden = true;
  const parts = checkbox ? [input, labelElement] : [labelElement, input];
  if (hint) {
    const hintElement = document.createElement("span");
    hintElement.className = "hint";
    hintElement.id = `${id}-hint`;
    hintElement.append(...bilingual(hint));
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
    legend.append(code, " ", ...bilingual(item.name));
    const labor = laborSummary(item);
    const material = materialSummary(item);
    summary.append(...bilingual({ zh: `${labor.zh}；${material.zh}`, en: `${labor.en}; ${material.en}` }));
  } else {
    legend.append(...bilingual(FEE_TEXT.offSchedule));
    summary.append(...bilingual(FEE_TEXT.offScheduleHint));
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
  const which = document.createElement("span");
  which.className = "visually-hidden";
  which.textContent = item ? ` ${item.code} ${item.name.zh}` : ` ${FEE_TEXT.offSchedule.zh}`;
  remove.append(...bilingual(FEE_TEXT.remove), which);

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
    setContent($("schedule-status"), bilingual(schedule ? FEE_TEXT.scheduleItems(count) : FEE_TEXT.noSchedule));
  } catch (error) {
    setContent($("schedule-status"), [`[${error.code}] ${error.message}`]);
  }
  const json = JSON.stringify(schedule);
  if (json === scheduleJson) return;
  scheduleJson = json;
  scheduleItems = new Map((schedule?.items ?? []).map((item) => [item.code, item]));
  const categories = new Map((schedule?.categories ?? []).map((c) => [c.id, c.label]));
  const options = [...scheduleItems.values()].map((item) => {
    const option = document.createElement("option");
    option.value = `${item.code} ${item.name.zh}`;
    option.label = `${categories.get(item.category)?.zh ?? item.category} · ${laborSummary(item).zh}`;
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
  const byName = items.filter((item) => item.name.zh === query);
  if (byName.length === 1) return byName;
  return items.filter((item) => `${item.code} ${item.name.zh} ${item.name.en ?? ""}`.toLowerCase().includes(lower));
}

function setPickerError(label) {
  const error = $("item-picker-error");
  if (!label) {
    picker.removeAttribute("aria-invalid");
    error.hidden = true;
    error.replaceChildren();
    return;
  }
  picker.setAttribute("aria-invalid", "true");
  error.replaceChildren(...bilingual(label));
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
  if (query === "") setPickerError(FEE_TEXT.pickEmpty);
  else if (found.length === 0) setPickerError(FEE_TEXT.pickNone(query));
  else {
    const codes = found.slice(0, 5).map((item) => `${item.code} ${item.name.zh}`).join("、");
    setPickerError(FEE_TEXT.pickMany(found.length, found.length > 5 ? `${codes}…` : codes));
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

/** Puts an engine error in a slot: the Chinese for its code, and the engine's own message. */
function showError(slot, error) {
  const zh = FEE_TEXT.errors[error.code] ?? `[${error.code}]`;
  setContent(slot, bilingual({ zh, en: error.message }));
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
    setContent(box, bilingual(FEE_TEXT.lineNeedsFix(Number(index) + 1)));
  } else {
    if (head === "handover") markField($("handover"), $("handover-error"), error);
    const code = error.code ? `[${error.code}] ` : "";
    setContent(box, [`${FEE_TEXT.feesPrefix}${code}${error.message}`]);
  }
  box.hidden = false;
}

/** What a receipt line's 备注 says: the engine's notes, a surcharge's rate, and why it is free. */
function lineNotes(line) {
  const notes = line.notes.map(({ zh, en }) => ({ zh, en }));
  if (line.kind === "surcharge" && line.per_mille !== undefined) {
    notes.push(FEE_TEXT.surchargeRate(line.per_mille / 10, yuan(line.base)));
  }
  if (line.free?.by === "warranty") notes.push(FEE_TEXT.warranty(line.free));
  if (line.waived && line.waived.fen > 0) notes.push(FEE_TEXT.waived(yuan(line.waived)));
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
  return free.by === "warranty" ? FEE_TEXT.warranty(free) : free.reason;
}

/** The receipt: one row per priced line, the total, why it is free, review and billing. */
function renderReceipt(receipt, ticket) {
  $("receipt-at").replaceChildren(timeElement(receipt.work_time.instant));
  const basis = FEE_TEXT.basis[receipt.work_time.basis];
  setContent($("receipt-basis"), basis ? bilingual(basis) : []);
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
    name.append(line.name.zh);
    const quantity = document.createElement("td");
    quantity.className = "quantity";
    quantity.textContent = [line.quantity, line.unit].filter(Boolean).join(" ") +
      (line.minutes !== undefined ? `（${line.minutes}分钟）` : "");
    const notes = document.createElement("td");
    notes.className = "notes";
    const list = lineNotes(line);
    notes.textContent = list.map((n) => n.zh).join("；");
    if (list.length) notes.title = list.map((n) => n.en).join("; ");
    row.append(name, quantity, moneyCell(line.labor), moneyCell(line.material), moneyCell(line.total), notes);
    return row;
  });
  $("receipt-rows").replaceChildren(...rows);
  setText($("receipt-total"), yuan(receipt.total));
  const quoting = receipt.status === "quote_required";
  setContent($("receipt-total-note"), quoting ? bilingual(FEE_TEXT.pendingQuote) : []);
  $("receipt-empty").hidden = rows.length > 0;

  const free = $("receipt-free");
  free.hidden = !receipt.free;
  if (receipt.free) setContent(free, [...bilingual(FEE_TEXT.free), "：", ...bilingual(freeReason(receipt.free))]);

  const review = $("receipt-review");
  review.hidden = !quoting;
  if (quoting) {
    const clock = receipt.review;
    const parts = [...bilingual(FEE_TEXT.awaitingReview)];
    if (clock) {
      parts.push(" · ", ...bilingual(FEE_TEXT.reviewDue), " ");
      if (clock.deadline) parts.push(timeElement(clock.deadline), " ");
      else parts.push("— ");
      const state = document.createElement("span");
      state.className = "state";
      state.dataset.state = clock.state;
      state.textContent = STATE_LABELS[clock.state] ?? clock.state;
      parts.push(state);
      if (clock.remaining_seconds !== null) parts.push(` ${formatRemaining(clock.remaining_seconds)}`);
    }
    review.replaceChildren(...parts);
  }

  const billing = $("receipt-billing");
  billing.hidden = !receipt.billing_period;
  if (receipt.billing_period) setContent(billing, bilingual(FEE_TEXT.billing(receipt.billing_period)));

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

let firstResult = true;

function classify(engine, ticket, eventFields, now) {
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
    renderDeadlines(engine.deadlines(ticket, now));
  } catch (error) {
    renderNoDeadlines();
    renderError(error, { eventFields, prefix: "时限 / Deadlines: " });
    return;
  }
  renderError(null);
}

/** Prices the order, then classifies the ticket and runs its clocks, and shows all three. */
function update(engine) {
  const { ticket, eventFields } = readTicket();
  const now = new Date().toISOString();
  const fees = quote(engine, readOrder(ticket), now);
  // The supervisor's quote-review target applies while an item off the schedule awaits its quote.
  if (fees?.receipt?.status === "quote_required") ticket.quote_required = true;
  classify(engine, ticket, eventFields, now);
  loadSchedule(engine, ticket.created ?? "", ticket.created ?? now);
  renderFees(fees, ticket);
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
  refresh = () => update(engine);
  // The picker only filters its list; the order changes when an item is added.
  const onEdit = (event) => {
    if (event.target !== picker) refresh();
  };
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  setInterval(refresh, REFRESH_MS);
  refresh();
} catch (error) {
  renderEmpty();
  renderNoReceipt();
  setText($("rule-set"), "—");
  setText($("schedule-status"), "—");
  renderError(describeLoadError(error));
}
