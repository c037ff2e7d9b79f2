// The KPI panel (KPI 考核): ticket records pasted as NDJSON, uploaded as a file or loaded from the
// built-in sample go to `engine.kpi(text, { now, by })`; the report shows the counts, each
// skipped record, and for the overall group and every group a table of the rule set's thresholds
// with a bar per threshold against its target. Bars are sized through the CSSOM
// (element.style.width), which the page's `style-src 'self'` allows, unlike style attributes.

import { TEXT, bind, label, onLanguageChange, pick } from "./i18n.js";

/** Groups drawn at most; the rest are counted in a note. */
const MAX_GROUPS = 100;
const $ = (id) => document.getElementById(id);

/** A percentage target ("90%", "99.5%") as a fraction, or null. */
function parsePercent(text) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text ?? "");
  return match ? Number(match[1]) / 100 : null;
}

/** A rule-set duration ("30m", "1h30m", "3d") in seconds, or null. */
function parseDuration(text) {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec((text ?? "").trim());
  if (!match || match.slice(1).every((part) => part === undefined)) return null;
  const [d = 0, h = 0, m = 0, s = 0] = match.slice(1).map((part) => Number(part ?? 0));
  return ((d * 24 + h) * 60 + m) * 60 + s;
}

/** Seconds as whole minutes, or minutes to one decimal: "40 分钟" / "12.5 min". */
function minutes(seconds) {
  const value = seconds / 60;
  return pick(TEXT.kpi.minutes(Number.isInteger(value) ? value : value.toFixed(1)));
}

const isTime = (threshold) => threshold.metric === "time";

/** The threshold's name: its id's label, else its metric's, with the id beside it. */
function thresholdName(threshold) {
  return TEXT.kpi.thresholds[threshold.id] ?? TEXT.kpi.metrics[threshold.metric] ?? { zh: threshold.id, en: threshold.id };
}

/** The shown value: the engine's rounded percentage, or minutes for a time; "—" without data. */
function formatValue(threshold) {
  if (isTime(threshold)) return threshold.value_seconds === null ? "—" : minutes(threshold.value_seconds);
  return threshold.value ?? "—";
}

/** "≥ 90%" or "≤ 30 分钟". */
function formatTarget(threshold) {
  const sign = pick(threshold.comparison === "at_most" ? TEXT.kpi.atMost : TEXT.kpi.atLeast);
  if (!isTime(threshold)) return `${sign} ${threshold.target}`;
  const seconds = parseDuration(threshold.target);
  return `${sign} ${seconds === null ? threshold.target : minutes(seconds)}`;
}

/**
 * Where the bar ends and the target's mark stands, as fractions of the bar's length; `fill` is
 * null without data. Rates run from 0 % to 100 %; times from 0 to twice the target (or a little
 * past the value, when it is longer).
 */
function barScale(threshold) {
  if (isTime(threshold)) {
    const target = parseDuration(threshold.target);
    const value = threshold.value_seconds;
    const full = Math.max(target === null ? 0 : target * 2, value === null ? 0 : value * 1.1) || 1;
    return { fill: value === null ? null : value / full, mark: target === null ? null : target / full };
  }
  const rate = threshold.rate;
  const fill = rate && rate.denominator > 0 ? rate.numerator / rate.denominator : null;
  return { fill, mark: parsePercent(threshold.target) };
}

const percent = (fraction) => `${(Math.min(Math.max(fraction, 0), 1) * 100).toFixed(3)}%`;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The bar of one threshold: decorative, as its row says the same in words. */
function bar(threshold) {
  const track = element("div", "kpi-bar");
  track.setAttribute("aria-hidden", "true");
  track.dataset.verdict = threshold.verdict;
  const { fill, mark } = barScale(threshold);
  if (fill === null || threshold.verdict === "no_data") {
    track.classList.add("empty");
    track.append(element("span", "kpi-bar-empty", pick(TEXT.kpi.verdicts.no_data)));
  } else {
    const filled = element("div", "kpi-bar-fill");
    filled.style.width = percent(fill);
    track.append(filled);
  }
  if (mark !== null) {
    const marker = element("div", "kpi-bar-target");
    marker.style.left = percent(mark);
    marker.title = formatTarget(threshold);
    track.append(marker);
  }
  return track;
}

function thresholdRow(threshold) {
  const row = element("tr");
  row.dataset.threshold = threshold.id;
  row.dataset.verdict = threshold.verdict;
  if (threshold.source) row.title = threshold.source;

  const name = element("th");
  name.scope = "row";
  name.append(`${pick(thresholdName(threshold))} `, element("code", "", threshold.id));
  const value = element("td", "kpi-value", formatValue(threshold));
  const rate = threshold.rate;
  const ratio = element("td", "kpi-ratio", rate ? `${rate.numerator}/${rate.denominator}` : "—");
  const target = element("td", "kpi-target", formatTarget(threshold));
  const verdictCell = element("td");
  const verdict = element("span", "verdict", pick(TEXT.kpi.verdicts[threshold.verdict] ?? threshold.verdict));
  verdict.dataset.verdict = threshold.verdict;
  verdictCell.append(verdict);
  const chart = element("td", "kpi-chart");
  chart.append(bar(threshold));
  row.append(name, value, ratio, target, verdictCell, chart);
  return row;
}

function headerRow(columns) {
  const row = element("tr");
  for (const [key, className] of columns) {
    const cell = element("th", className);
    cell.scope = "col";
    cell.append(...label(TEXT.kpi.columns[key]));
    row.append(cell);
  }
  return row;
}

let groupSerial = 0;

/** One group's heading and its table of thresholds. */
function groupSection(group, title) {
  const section = element("section", "kpi-group");
  const heading = element("h3");
  heading.id = `kpi-group-${++groupSerial}`;
  section.setAttribute("aria-labelledby", heading.id);
  heading.append(...title, " ", element("span", "kpi-count", pick(TEXT.kpi.tickets(group.tickets))));
  const table = element("table", "kpi-table");
  const head = element("thead");
  head.append(headerRow([["threshold"], ["value", "num"], ["ratio", "num"], ["target"], ["verdict"], ["chart", "kpi-chart"]]));
  const body = element("tbody");
  body.append(...group.thresholds.map(thresholdRow));
  table.append(head, body);
  const scroll = element("div", "table-scroll");
  scroll.append(table);
  section.append(heading, scroll);
  return section;
}

/** A group's key as "月份：2026-04 · 类别：报修" in the report's dimension order. */
function groupTitle(key, by, priorityLabel) {
  const separator = pick(TEXT.kpi.keySeparator);
  const parts = by.filter((dimension) => dimension in key).map((dimension) => {
    const value = key[dimension];
    let shown = value;
    if (value === "(none)") shown = pick(TEXT.kpi.noneValue);
    else if (dimension === "category" && TEXT.kinds[value]) shown = pick(TEXT.kinds[value]);
    else if (dimension === "priority") shown = priorityLabel(value) ?? value;
    return `${pick(TEXT.kpi.dimensions[dimension] ?? { zh: dimension })}${separator}${shown}`;
  });
  return [parts.join(" · ")];
}

/** Record numbers (1-based, as the engine counts: blank lines are not records) → line numbers. */
function recordLines(text) {
  const lines = [];
  text.split("\n").forEach((line, i) => {
    if (!/^\p{White_Space}*$/u.test(line)) lines.push(i + 1);
  });
  return lines;
}

function summary(report, wallTime) {
  const list = element("dl", "kpi-summary");
  // Each term and its figure in a <div>, so the pairs wrap together.
  const items = [
    ["records", String(report.records)],
    ["evaluated", String(report.evaluated)],
    ["skipped", String(report.skipped)],
    ["ruleSet", `${report.rule_set.id} ${report.rule_set.version}`],
    ["asOf", wallTime(report.now)],
  ];
  for (const [key, value] of items) {
    const term = element("dt");
    term.append(...label(TEXT.kpi.summary[key]));
    const detail = element("dd", "", value);
    detail.dataset.count = key;
    const pair = element("div");
    pair.append(term, detail);
    list.append(pair);
  }
  return list;
}

function skippedSection(report, text) {
  const section = element("section", "kpi-skipped");
  const heading = element("h3");
  heading.id = "kpi-skipped-title";
  section.setAttribute("aria-labelledby", heading.id);
  heading.append(...label(TEXT.kpi.skippedTitle));
  const lines = recordLines(text);
  const table = element("table");
  const head = element("thead");
  const headRow = element("tr");
  for (const key of ["record", "line", "code", "path", "message"]) {
    const cell = element("th");
    cell.scope = "col";
    cell.append(...label(TEXT.kpi.skippedColumns[key]));
    headRow.append(cell);
  }
  head.append(headRow);
  const body = element("tbody");
  for (const error of report.errors) {
    const row = element("tr");
    row.dataset.index = String(error.index);
    row.dataset.code = error.code;
    const number = element("th", "num", String(error.index + 1));
    number.scope = "row";
    const line = element("td", "num", String(lines[error.index] ?? "—"));
    const code = element("td");
    code.append(element("code", "", error.code));
    const path = element("td");
    if (error.path) path.append(element("code", "", error.path));
    else path.textContent = "—";
    const message = element("td", "kpi-message");
    // The Chinese for the code where there is one, and the engine's own message.
    const zh = TEXT.errors[error.code]?.zh;
    message.append(...(zh ? label({ zh, en: error.message }) : [error.message]));
    row.append(number, line, code, path, message);
    body.append(row);
  }
  table.append(head, body);
  const scroll = element("div", "table-scroll");
  scroll.append(table);
  section.append(heading, scroll);
  if (report.skipped > report.errors.length) {
    section.append(element("p", "hint", pick(TEXT.kpi.moreSkipped(report.errors.length, report.skipped))));
  }
  return section;
}

/**
 * Wires the panel to the engine. `helpers` are the page's time helpers (datetime-local values ↔
 * RFC 3339) and `priorityLabel(id)`, a priority's label in the page's language.
 */
export function initKpi(engine, { toLocalInput, toRfc3339, wallTime, priorityLabel = () => null }) {
  const form = $("kpi-form");
  const records = $("kpi-records");
  const fileInput = $("kpi-file");
  const nowInput = $("kpi-now");
  const compute = $("kpi-compute");
  const status = $("kpi-status");
  const errorBox = $("kpi-error");
  const output = $("kpi-report");
  const boxes = [...form.querySelectorAll('input[name="by"]')];
  const none = boxes.find((box) => box.value === "");
  /** The last report and the text it came from, drawn again when the language changes. */
  let last = null;

  // Figures are read at the page's current instant unless the clerk picks another.
  nowInput.value = toLocalInput(new Date());

  function showError(entry) {
    if (!entry) {
      errorBox.hidden = true;
      bind(errorBox, null);
      return;
    }
    bind(errorBox, entry);
    errorBox.hidden = false;
  }

  function render() {
    if (!last) return;
    const { report, text } = last;
    groupSerial = 0;
    const parts = [summary(report, wallTime)];
    if (report.errors.length > 0) parts.push(skippedSection(report, text));
    parts.push(groupSection(report.overall, label(TEXT.kpi.overall)));
    for (const group of report.groups.slice(0, MAX_GROUPS)) {
      parts.push(groupSection(group, groupTitle(group.key, report.by, priorityLabel)));
    }
    if (report.groups.length > MAX_GROUPS) {
      parts.push(element("p", "hint", pick(TEXT.kpi.groupsCapped(MAX_GROUPS, report.groups.length))));
    } else if (report.by.length > 0 && report.groups.length === 0) {
      parts.push(element("p", "hint", pick(TEXT.kpi.noGroups)));
    }
    const legend = element("p", "hint kpi-legend");
    legend.append(...label(TEXT.kpi.chartHint));
    parts.push(legend);
    output.replaceChildren(...parts);
    output.hidden = false;
  }

  function run() {
    const text = records.value;
    if (text.trim() === "") {
      showError(TEXT.kpi.noRecords);
      records.focus();
      return;
    }
    const now = nowInput.value === "" ? new Date().toISOString() : toRfc3339(nowInput.value);
    const by = boxes.filter((box) => box.checked && box.value !== "").map((box) => box.value);
    let report;
    try {
      report = engine.kpi(text, { now, by });
    } catch (error) {
      last = null;
      output.hidden = true;
      output.replaceChildren();
      bind(status, null);
      showError(error.code ? `[${error.code}] ${error.message}` : String(error.message ?? error));
      return;
    }
    showError(null);
    last = { report, text };
    render();
    bind(status, TEXT.kpi.done(report.evaluated, report.skipped));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });

  // 不分组 / None stands for no dimension: ticking it clears the others, and it comes back when
  // every other box is cleared.
  form.addEventListener("change", (event) => {
    const box = event.target;
    if (!boxes.includes(box)) return;
    if (box === none && none.checked) for (const other of boxes) other.checked = other === none;
    else if (box !== none && box.checked) none.checked = false;
    if (!boxes.some((other) => other.checked)) none.checked = true;
  });

  $("kpi-sample").addEventListener("click", async () => {
    const { SAMPLE_NDJSON, SAMPLE_RECORDS } = await import("./sample-records.js");
    records.value = SAMPLE_NDJSON;
    showError(null);
    bind(status, TEXT.kpi.sampleLoaded(SAMPLE_RECORDS.length));
  });

  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    try {
      const text = await file.text();
      records.value = text;
      showError(null);
      bind(status, TEXT.kpi.fileLoaded(file.name, recordLines(text).length));
    } catch (error) {
      showError(TEXT.kpi.fileFailed(file.name, error.message ?? String(error)));
    }
  });

  onLanguageChange(render);
  compute.disabled = false;
}
