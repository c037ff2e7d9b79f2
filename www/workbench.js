// The rule workbench (规则工作台): a rule set and its case file edited side by side. The rule set is
// compiled as it is edited (debounced): its problems are listed with where they are in the text,
// and a compiled rule set is linted, each finding with a button that adds its witness to the case
// file. The case file runs against the edited rule set (pass/fail, coverage), and the edited rule
// set is compared with the one last loaded (`before.diff(after)` on both versions' witness
// tickets). Both files can be loaded (default, file picker, drag and drop) and downloaded.
//
// Nothing here touches the ticket form's engine: the workbench compiles its own.

import { TEXT, label, onLanguageChange, pick, setContent } from "./i18n.js";

/** The rule set is compiled this long after the last keystroke. */
const DEBOUNCE_MS = 300;
const $ = (id) => document.getElementById(id);

// ---- Locating a problem in the text --------------------------------------------------------------

/** An RFC 6901 pointer's segments ("" is the whole document). */
function pointerSegments(pointer) {
  if (!pointer) return [];
  return pointer.split("/").slice(1).map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** 1-based line and column (in characters) of an offset. */
export function lineColumn(text, offset) {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const line = text.slice(0, lineStart).split("\n").length;
  return { line, column: [...text.slice(lineStart, offset)].length + 1 };
}

/** Values of at most this many lines are selected whole; longer ones by their first line. */
const MAX_SELECTED_LINES = 15;

/** The end of a located range: `end`, or for a long value the end of its first line. */
function selectionEnd(text, start, end) {
  let lines = 1;
  for (let i = text.indexOf("\n", start); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) {
    lines += 1;
    if (lines > MAX_SELECTED_LINES) break;
  }
  if (lines <= MAX_SELECTED_LINES) return end;
  let stop = text.indexOf("\n", start);
  while (stop > start + 1 && /\s/.test(text[stop - 1])) stop -= 1;
  return stop;
}

function located(text, start, end, exact) {
  return { start, end: selectionEnd(text, start, end), exact, ...lineColumn(text, start) };
}

/**
 * Where the value a JSON pointer names is in JSON text: for an object member its key through its
 * value, for an array element the element. A pointer past what the text holds (a missing field)
 * gives its deepest existing parent, with `exact: false`. Null for text that is not JSON.
 */
export function locatePointer(text, pointer) {
  const segments = pointerSegments(pointer);
  const n = text.length;
  let i = 0;
  let best = null;

  const fail = () => {
    throw new SyntaxError(`not JSON at ${i}`);
  };
  const skipSpace = () => {
    while (i < n && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i += 1;
  };
  const skipString = () => {
    i += 1;
    while (i < n && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= n) fail();
    i += 1;
  };
  const record = (start, end, depth) => {
    // Siblings at the same depth are duplicate keys: the later one is the one reported.
    if (!best || depth >= best.depth) best = { start, end, depth };
  };

  /** Scans the value at `i`; `onPath` says its pointer is a prefix of the one sought. */
  function value(depth, onPath) {
    skipSpace();
    const start = i;
    const c = text[i];
    const want = onPath && depth < segments.length ? segments[depth] : undefined;
    if (c === "{") {
      i += 1;
      skipSpace();
      if (text[i] === "}") i += 1;
      else {
        for (;;) {
          skipSpace();
          if (text[i] !== '"') fail();
          const keyStart = i;
          skipString();
          const key = JSON.parse(text.slice(keyStart, i));
          skipSpace();
          if (text[i] !== ":") fail();
          i += 1;
          const hit = want !== undefined && key === want;
          const end = value(depth + 1, hit);
          if (hit) record(keyStart, end, depth + 1);
          skipSpace();
          if (text[i] === ",") i += 1;
          else if (text[i] === "}") {
            i += 1;
            break;
          } else fail();
        }
      }
    } else if (c === "[") {
      i += 1;
      skipSpace();
      if (text[i] === "]") i += 1;
      else {
        for (let index = 0; ; index += 1) {
          skipSpace();
          const elementStart = i;
          const hit = want !== undefined && String(index) === want;
          const end = value(depth + 1, hit);
          if (hit) record(elementStart, end, depth + 1);
          skipSpace();
          if (text[i] === ",") i += 1;
          else if (text[i] === "]") {
            i += 1;
            break;
          } else fail();
        }
      }
    } else if (c === '"') {
      skipString();
    } else {
      while (i < n && !",]} \t\r\n".includes(text[i])) i += 1;
      if (i === start) fail();
    }
    return i;
  }

  try {
    skipSpace();
    const start = i;
    const end = value(0, true);
    if (!best) best = { start, end, depth: 0 };
  } catch {
    return null;
  }
  return located(text, best.start, best.end, best.depth === segments.length);
}

/**
 * Where a JSON syntax error is, from the "line L column C" of the engine's message. The engine
 * counts the column in UTF-8 bytes (1-based, 0 for an empty line): it is converted to characters.
 */
export function locateSyntaxError(text, message) {
  const match = /line (\d+) column (\d+)/.exec(message ?? "");
  if (!match) return null;
  const line = Number(match[1]);
  const byteColumn = Number(match[2]);
  const lines = text.split("\n");
  if (line < 1 || line > lines.length) return null;
  let offset = 0;
  for (let l = 0; l < line - 1; l += 1) offset += lines[l].length + 1;
  const encoder = new TextEncoder();
  let bytes = 0;
  let index = 0;
  for (const char of lines[line - 1]) {
    if (bytes >= byteColumn - 1) break;
    bytes += encoder.encode(char).length;
    index += char.length;
  }
  const start = offset + index;
  const end = Math.min(start + 1, offset + lines[line - 1].length);
  return { start, end: Math.max(end, start), exact: true, ...lineColumn(text, start) };
}

/** The problems of an engine error, each located in `text`. */
function problemsOf(error, text) {
  const list = error?.problems?.length
    ? error.problems
    : [{ code: error?.code ?? "error", path: error?.path ?? "", message: error?.message ?? String(error) }];
  return list.map((problem) => ({
    ...problem,
    location: problem.code === "json_syntax"
      ? locateSyntaxError(text, problem.message)
      : locatePointer(text, problem.path ?? ""),
  }));
}

// ---- Small DOM helpers ---------------------------------------------------------------------------

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function code(text, className = "") {
  return element("code", className, text);
}

function button(entry, className) {
  const node = element("button", className);
  node.type = "button";
  node.append(...label(entry));
  return node;
}

/** A JSON value as short text: strings as they are, null as —, the rest as JSON. */
function shown(value) {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A file's text without a leading byte-order mark (the engine does not accept one). */
async function readText(file) {
  const text = await file.text();
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offers `text` as a download named `name`. */
function download(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = element("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Selects `[start, end)` of a textarea and scrolls it into view. */
function selectRange(area, { start, end }) {
  area.focus();
  area.setSelectionRange(start, end);
  const style = getComputedStyle(area);
  const lineHeight = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.4;
  const before = area.value.slice(0, start);
  const line = before.split("\n").length - 1;
  area.scrollTop = Math.max(0, line * lineHeight - area.clientHeight / 3);
  const lineText = before.slice(before.lastIndexOf("\n") + 1);
  const context = document.createElement("canvas").getContext("2d");
  let x = lineText.length * 8;
  if (context) {
    context.font = style.font;
    x = context.measureText(lineText).width;
  }
  area.scrollLeft = Math.max(0, x - area.clientWidth / 2);
}

// ---- The workbench --------------------------------------------------------------------------------

/**
 * Wires the workbench. `rulesUrl` and `casesUrl` are the default rule set and its case file.
 * Loads the engine's module itself, so it works even when the page's rule set does not load.
 */
export async function initWorkbench({ rulesUrl, casesUrl }) {
  const { Engine } = await import("/pkg/browser.js");
  const T = TEXT.workbench;

  const areas = { rules: $("wb-rules"), cases: $("wb-cases") };
  const status = $("wb-status");

  /** Per file: its name, the text as last loaded, and where it came from. */
  const files = {
    rules: { name: "rules.json", original: null, from: null },
    cases: { name: "cases.json", original: null, from: null },
  };
  let engine = null; // the edited rule set, compiled; null while it does not compile
  let compiledText = null;
  let problems = null; // the edited rule set's problems, null before any text
  let lint = null;
  let cases = null; // { report, rulesText, casesText } or { problems | message }
  let diff = null; // { witnesses, cases, rulesText, casesText, … } or { problems | message }
  let originalEngine = null;
  let originalText = null;
  let statusEntry = null;
  const added = new Set(); // findings added as cases, by their case's JSON
  let timer;

  function setStatus(entry) {
    statusEntry = entry;
    setContent(status, entry ? label(entry) : []);
  }

  // -- Files --

  function renderFile(which) {
    const file = files[which];
    const slot = $(`wb-${which}-source`);
    const parts = [];
    if (file.from === "default") parts.push(...label(T.fromDefault(file.name)));
    else if (file.from === "file") parts.push(...label(T.fromFile(file.name)));
    else parts.push(...label(T.notLoaded));
    if (file.original !== null && areas[which].value !== file.original) {
      parts.push(" ", element("span", "wb-edited", pick(T.edited)));
    }
    slot.replaceChildren(...parts);
  }

  function setFile(which, text, name, from) {
    files[which] = { name, original: text, from };
    areas[which].value = text;
    if (which === "cases") added.clear();
    renderFile(which);
  }

  async function loadDefault() {
    setStatus(T.loading);
    try {
      const [rules, caseFile] = await Promise.all([rulesUrl, casesUrl].map(async (url) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.text();
      }));
      setFile("rules", rules, rulesUrl.split("/").pop(), "default");
      setFile("cases", caseFile, casesUrl.split("/").pop(), "default");
    } catch (error) {
      setStatus(T.loadFailed(error.message ?? String(error)));
      return;
    }
    cases = null;
    diff = null;
    validate();
    renderCases();
    renderDiff();
    setStatus(T.defaultLoaded);
  }

  async function loadFile(which, file) {
    let text;
    try {
      text = await readText(file);
    } catch (error) {
      setStatus(T.fileFailed(file.name, error.message ?? String(error)));
      return;
    }
    setFile(which, text, file.name, "file");
    if (which === "rules") {
      diff = null;
      renderDiff();
      validate();
    }
    markStale();
    setStatus(T.fileLoaded(file.name));
  }

  // -- The rule set: compile, problems, lint --

  function validate() {
    clearTimeout(timer);
    const text = areas.rules.value;
    if (text === compiledText) return;
    compiledText = text;
    engine?.free();
    engine = null;
    lint = null;
    if (text.trim() === "") problems = null;
    else {
      try {
        engine = new Engine(text);
        problems = [];
        lint = engine.lint();
      } catch (error) {
        if (engine) {
          engine.free();
          engine = null;
        }
        problems = problemsOf(error, text);
      }
    }
    if (problems?.length) areas.rules.setAttribute("aria-invalid", "true");
    else areas.rules.removeAttribute("aria-invalid");
    renderProblems();
    renderLint();
    markStale();
  }

  /** A problem's row: its code, the Chinese for it, its path, the message and where it is. */
  function problemItem(problem, which) {
    const item = element("li", "wb-problem");
    item.dataset.code = problem.code;
    item.dataset.path = problem.path ?? "";
    const head = element("p", "wb-problem-head");
    head.append(code(problem.code, "wb-code"));
    const name = TEXT.errors[problem.code];
    if (name) head.append(" ", element("span", "wb-code-name", pick(name)));
    head.append(" ", code(problem.path || "/", "wb-path"));
    item.append(head, element("p", "wb-message", problem.message));
    item.append(locator(problem.location, which));
    return item;
  }

  /** "第 3 行，第 5 列" and a button that selects the place in the textarea. */
  function locator(location, which) {
    const line = element("p", "wb-where");
    if (!location) {
      line.append(element("span", "hint", pick(T.notFound)));
      return line;
    }
    const go = button(T.locate, "wb-locate");
    go.dataset.start = String(location.start);
    go.dataset.end = String(location.end);
    go.dataset.target = which;
    line.append(go, " ", element("span", "wb-position", pick(T.position(location.line, location.column))));
    if (!location.exact) line.append(" ", element("span", "hint", pick(T.nearest)));
    return line;
  }

  function renderProblems() {
    const summary = $("wb-rules-state");
    const list = $("wb-problems");
    if (problems === null) {
      setContent(summary, label(T.noRules));
      summary.dataset.state = "empty";
      list.replaceChildren();
      return;
    }
    if (problems.length === 0) {
      const ref = engine.ruleSets.at(-1);
      setContent(summary, label(T.compiled(`${ref.id} ${ref.version}`)));
      summary.dataset.state = "ok";
      list.replaceChildren();
      return;
    }
    setContent(summary, label(T.problems(problems.length)));
    summary.dataset.state = "error";
    list.replaceChildren(...problems.map((problem) => problemItem(problem, "rules")));
  }

  function findingItem(finding) {
    const item = element("li", "wb-finding");
    item.dataset.kind = finding.kind;
    item.dataset.severity = finding.severity;
    const head = element("p", "wb-problem-head");
    const severity = element("span", "wb-severity", pick(T.severity[finding.severity] ?? { zh: finding.severity }));
    severity.dataset.severity = finding.severity;
    head.append(severity, " ", element("strong", "", pick(T.kinds[finding.kind] ?? { zh: finding.kind })), " ");
    if (finding.table) head.append(code(finding.table, "wb-table"), " ");
    for (const row of finding.rows ?? []) head.append(code(row, "wb-row"), " ");
    item.append(head, element("p", "wb-message", finding.message));
    if (finding.witness) {
      const witness = element("p", "wb-witness");
      witness.append(...label(T.witness), " ", code(JSON.stringify(finding.witness)));
      item.append(witness);
    }
    const actions = locator(locatePointer(compiledText, finding.path ?? ""), "rules");
    if (finding.case) {
      const key = JSON.stringify(finding.case);
      const add = button(added.has(key) ? T.added : T.addCase, "wb-add-case");
      // aria-disabled rather than disabled, so focus stays on the button once it is used.
      if (added.has(key)) add.setAttribute("aria-disabled", "true");
      add.addEventListener("click", () => {
        if (add.getAttribute("aria-disabled") !== "true") addCase(finding, add);
      });
      actions.append(" ", add);
    }
    item.append(actions);
    return item;
  }

  function renderLint() {
    const summary = $("wb-lint-summary");
    const list = $("wb-findings");
    if (!lint) {
      summary.replaceChildren(...label(T.lintNeedsRules));
      summary.dataset.findings = "";
      list.replaceChildren();
      return;
    }
    summary.dataset.findings = String(lint.findings.length);
    summary.replaceChildren(...label(lint.findings.length === 0
      ? T.noFindings
      : T.findings(lint.findings.length, lint.errors, lint.warnings)));
    list.replaceChildren(...lint.findings.map(findingItem));
  }

  // -- The case file: add, run --

  function addCase(finding, add) {
    const text = areas.cases.value;
    let doc;
    try {
      doc = text.trim() === "" ? { cases: [] } : JSON.parse(text);
    } catch (error) {
      setStatus(T.casesNotJson(error.message));
      return;
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
      setStatus(T.casesNoArray);
      return;
    }
    doc.cases ??= [];
    if (!Array.isArray(doc.cases)) {
      setStatus(T.casesNoArray);
      return;
    }
    const entry = structuredClone(finding.case);
    // The engine names a lint case after its kind and table; keep names unique in the file.
    const names = new Set(doc.cases.map((c) => c?.name));
    const base = entry.name ?? `${finding.kind}`;
    let name = base;
    for (let n = 2; names.has(name); n += 1) name = `${base} (${n})`;
    entry.name = name;
    doc.cases.push(entry);
    areas.cases.value = `${JSON.stringify(doc, null, 2)}\n`;
    renderFile("cases");
    added.add(JSON.stringify(finding.case));
    add.replaceChildren(...label(T.added));
    add.setAttribute("aria-disabled", "true");
    setStatus(T.caseAdded(name));
    runCases();
  }

  function runCases() {
    const casesText = areas.cases.value;
    validate();
    if (!engine) cases = { message: T.needsRules };
    else if (casesText.trim() === "") cases = { message: T.noCaseFile };
    else {
      try {
        cases = { report: engine.runCases(casesText), rulesText: compiledText, casesText };
      } catch (error) {
        cases = { problems: problemsOf(error, casesText), rulesText: compiledText, casesText };
      }
    }
    renderCases();
  }

  function mismatchText(mismatch) {
    return pick(T.mismatch(mismatch.path || "/", shown(mismatch.expected), shown(mismatch.actual)));
  }

  function caseRow(entry, index) {
    const row = element("tr");
    row.dataset.pass = String(entry.pass);
    row.dataset.index = String(index);
    const number = element("td", "num", String(index + 1));
    const name = element("th", "wb-case-name", entry.name);
    name.scope = "row";
    const call = element("td", "", entry.call);
    const verdictCell = element("td");
    const verdict = element("span", "verdict", pick(entry.pass ? T.pass : T.fail));
    verdict.dataset.verdict = entry.pass ? "pass" : "fail";
    verdictCell.append(verdict);
    const detail = element("td", "wb-case-detail");
    if (entry.error) {
      detail.append(element("p", "wb-message", `[${entry.error.code}] ${entry.error.path || "/"}: ${entry.error.message}`));
    }
    if (entry.mismatches.length) {
      const list = element("ul", "wb-mismatches");
      list.append(...entry.mismatches.map((m) => element("li", "", mismatchText(m))));
      detail.append(list);
    }
    if (!entry.pass) detail.append(locator(locatePointer(cases.casesText, `/cases/${index}`), "cases"));
    row.append(number, name, call, verdictCell, detail);
    return row;
  }

  function coverageSection(coverage) {
    const section = element("div", "wb-coverage");
    const list = element("ul");
    const line = (entry, covered, total, uncovered) => {
      const item = element("li");
      item.append(...label(entry), ` ${covered}/${total}`);
      if (uncovered.length) {
        item.dataset.uncovered = uncovered.join(" ");
        item.append(" · ", pick(T.uncovered), " ", ...uncovered.flatMap((id, i) => [i ? " " : "", code(id)]));
      }
      return item;
    };
    for (const table of coverage.tables) {
      const item = line(T.tableRows(table.table), table.covered, table.rows, table.uncovered);
      item.dataset.table = table.table;
      list.append(item);
    }
    const { targets, items } = coverage;
    list.append(line(T.targets, targets.covered, targets.targets, targets.uncovered));
    list.append(line(T.items, items.covered, items.items, items.uncovered));
    section.append(list);
    return section;
  }

  function renderCases() {
    const output = $("wb-case-report");
    const stale = $("wb-cases-stale");
    stale.hidden = true;
    if (!cases) {
      output.replaceChildren();
      return;
    }
    if (cases.message) {
      output.replaceChildren(element("p", "hint", pick(cases.message)));
      return;
    }
    stale.hidden = !isStale(cases);
    if (cases.problems) {
      const list = element("ol", "wb-problems");
      list.append(...cases.problems.map((problem) => problemItem(problem, "cases")));
      output.replaceChildren(element("p", "wb-state", pick(T.casesInvalid)), list);
      output.firstChild.dataset.state = "error";
      return;
    }
    const { report } = cases;
    const summary = element("dl", "kpi-summary wb-summary");
    const figures = [
      ["passed", String(report.passed)],
      ["failed", String(report.failed)],
      ["coverage", report.coverage.percent === null ? "—" : `${report.coverage.percent}%`],
    ];
    for (const [key, value] of figures) {
      const pair = element("div");
      const term = element("dt");
      term.append(...label(T.summary[key]));
      const detail = element("dd", "", value);
      detail.dataset.count = key;
      pair.append(term, detail);
      summary.append(pair);
    }
    const table = element("table", "wb-cases-table");
    const head = element("thead");
    const headRow = element("tr");
    for (const [key, className] of [["number", "num"], ["name"], ["call"], ["result"], ["detail"]]) {
      const cell = element("th", className);
      cell.scope = "col";
      cell.append(...label(T.columns[key]));
      headRow.append(cell);
    }
    head.append(headRow);
    const body = element("tbody");
    body.append(...report.cases.map(caseRow));
    table.append(head, body);
    table.classList.toggle("failures-only", $("wb-failures-only").checked);
    const scroll = element("div", "table-scroll wb-cases-scroll");
    scroll.append(table);
    output.replaceChildren(summary, coverageSection(report.coverage), scroll);
  }

  // -- The diff against the original --

  /**
   * The tickets of the case file's cases (deduplicated), each with the name of the first case
   * that has it; null when the case file is not JSON.
   */
  function caseTickets() {
    let doc;
    try {
      doc = JSON.parse(areas.cases.value);
    } catch {
      return null;
    }
    const byJson = new Map();
    for (const entry of Array.isArray(doc?.cases) ? doc.cases : []) {
      const ticket = entry?.ticket;
      if (!ticket || typeof ticket !== "object" || Array.isArray(ticket)) continue;
      const key = JSON.stringify(ticket);
      if (!byJson.has(key)) byJson.set(key, { ticket, name: entry.name });
    }
    return [...byJson.values()];
  }

  /** The original rule set, compiled (and kept while it is the same text); null if it does not compile. */
  function original() {
    const text = files.rules.original;
    if (originalText !== text) {
      originalEngine?.free();
      originalEngine = null;
      originalText = text;
      try {
        originalEngine = new Engine(text);
      } catch {
        originalEngine = null;
      }
    }
    return originalEngine;
  }

  function runDiff() {
    validate();
    const withCases = $("wb-diff-cases").checked;
    if (files.rules.original === null) diff = { message: T.noOriginal };
    else if (!engine) diff = { message: T.needsRules };
    else if (!original()) diff = { message: T.originalInvalid };
    else {
      const now = new Date().toISOString();
      const rulesText = compiledText;
      try {
        const witnesses = originalEngine.diff(engine, null, now);
        let cases = null;
        if (withCases) {
          const sources = caseTickets();
          cases = sources === null
            ? { message: T.diffCasesNotJson }
            : { report: originalEngine.diff(engine, sources.map((s) => s.ticket), now), sources };
        }
        diff = { witnesses, cases, rulesText, casesText: areas.cases.value, withCases, same: files.rules.original === rulesText };
      } catch (error) {
        diff = { problems: problemsOf(error, rulesText), rulesText };
      }
    }
    renderDiff();
  }

  function changeItem(change) {
    const item = element("li", "wb-change");
    item.dataset.what = change.what;
    if (change.target) item.dataset.target = change.target;
    item.append(element("span", "wb-what", pick(T.what[change.what] ?? { zh: change.what })));
    if (change.target) item.append(" ", code(change.target, "wb-target"));
    item.append(" ", code(shown(change.before), "wb-before"), " → ", code(shown(change.after), "wb-after"));
    return item;
  }

  /** One diff report: its summary and the changed tickets; `sources` names the case file's. */
  function diffGroup(report, summaryEntry, sources) {
    const group = element("section", "wb-diff-group");
    group.dataset.tickets = report.witnesses ? "witnesses" : "cases";
    const summary = element("p", "wb-state");
    summary.dataset.changed = String(report.changed.length);
    summary.append(...label(summaryEntry));
    const list = element("ol", "wb-diff");
    for (const changed of report.changed) {
      const item = element("li", "wb-diff-item");
      item.dataset.index = String(changed.index);
      const head = element("p", "wb-problem-head");
      const source = sources?.[changed.index];
      if (report.witnesses) head.append(...label(T.witnessNumber(changed.index + 1)));
      else head.append(element("span", "wb-case-name", source?.name ?? pick(T.ticketNumber(changed.index + 1))));
      if (changed.id !== null && changed.id !== undefined) head.append(" ", code(shown(changed.id)));
      item.append(head);
      const ticket = changed.ticket ?? source?.ticket;
      if (ticket) {
        const line = element("p", "wb-witness");
        line.append(code(JSON.stringify(ticket), "wb-ticket"));
        item.append(line);
      }
      const changes = element("ul", "wb-changes");
      changes.append(...changed.changes.map(changeItem));
      item.append(changes);
      list.append(item);
    }
    group.append(summary);
    if (report.changed.length) group.append(list);
    return group;
  }

  function renderDiff() {
    const output = $("wb-diff-report");
    $("wb-diff-stale").hidden = true;
    if (!diff) {
      output.replaceChildren();
      return;
    }
    if (diff.message) {
      output.replaceChildren(element("p", "hint", pick(diff.message)));
      return;
    }
    markStale();
    if (diff.problems) {
      const list = element("ol", "wb-problems");
      list.append(...diff.problems.map((problem) => problemItem(problem, "rules")));
      output.replaceChildren(list);
      return;
    }
    const { witnesses, cases: fromCases } = diff;
    const parts = [diffGroup(witnesses, witnesses.changed.length === 0
      ? T.noChanges(witnesses.tickets, diff.same)
      : T.changed(witnesses.tickets, witnesses.changed.length))];
    if (fromCases?.message) parts.push(element("p", "hint", pick(fromCases.message)));
    else if (fromCases) {
      const { report } = fromCases;
      parts.push(diffGroup(report, T.casesChanged(report.tickets, report.changed.length), fromCases.sources));
    }
    output.replaceChildren(...parts);
  }

  // -- Staleness: results kept from an earlier text say so --

  function isStale(result) {
    return result.rulesText !== areas.rules.value || result.casesText !== areas.cases.value;
  }

  function markStale() {
    if (cases && !cases.message) $("wb-cases-stale").hidden = !isStale(cases);
    if (diff && !diff.message) {
      $("wb-diff-stale").hidden = diff.rulesText === areas.rules.value &&
        (!diff.withCases || diff.casesText === areas.cases.value);
    }
  }

  // -- Wiring --

  $("wb-load-default").addEventListener("click", loadDefault);
  $("wb-run-cases").addEventListener("click", runCases);
  $("wb-diff-run").addEventListener("click", runDiff);
  $("wb-failures-only").addEventListener("change", (event) => {
    $("wb-case-report").querySelector("table")?.classList.toggle("failures-only", event.target.checked);
  });

  areas.rules.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(validate, DEBOUNCE_MS);
    renderFile("rules");
    markStale();
  });
  areas.cases.addEventListener("input", () => {
    renderFile("cases");
    markStale();
  });

  for (const which of ["rules", "cases"]) {
    const area = areas[which];
    const input = $(`wb-${which}-file`);
    input.addEventListener("change", () => {
      const file = input.files?.[0];
      if (file) loadFile(which, file);
      input.value = "";
    });
    $(`wb-${which}-download`).addEventListener("click", () => {
      download(area.value, files[which].name);
      setStatus(T.downloaded(files[which].name));
    });
    // A dropped file replaces the text; dropped text is left to the textarea.
    const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");
    area.addEventListener("dragover", (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      area.classList.add("wb-dragging");
    });
    area.addEventListener("dragleave", () => area.classList.remove("wb-dragging"));
    area.addEventListener("drop", (event) => {
      area.classList.remove("wb-dragging");
      const file = event.dataTransfer?.files?.[0];
      if (!file) return;
      event.preventDefault();
      loadFile(which, file);
    });
  }

  // The textareas' own locate buttons (problems, findings, failing cases).
  $("workbench").addEventListener("click", (event) => {
    const go = event.target.closest("button.wb-locate");
    if (!go) return;
    selectRange(areas[go.dataset.target], { start: Number(go.dataset.start), end: Number(go.dataset.end) });
  });

  onLanguageChange(() => {
    renderFile("rules");
    renderFile("cases");
    renderProblems();
    renderLint();
    renderCases();
    renderDiff();
    setStatus(statusEntry);
  });

  renderFile("rules");
  renderFile("cases");
  renderProblems();
  renderLint();
  for (const id of ["wb-load-default", "wb-run-cases", "wb-diff-run"]) $(id).disabled = false;
}
