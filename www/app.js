// The clerk's ticket form: loads the engine and the default rule set, then re-classifies the
// ticket on every edit. Each result section has its own small render function.

const RULES_URL = "/rules/default.json";
const FIELDS = ["kind", "area", "system", "description", "households_affected", "hazard"];

const form = document.getElementById("ticket");
const $ = (id) => document.getElementById(id);

/** Writes text only when it changed, so live regions do not re-announce on every keystroke. */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/** The ticket as the form describes it; fields left empty are omitted (the engine reads null). */
function readTicket() {
  const ticket = {};
  for (const name of FIELDS) {
    const input = form.elements[name];
    if (input.type === "checkbox") ticket[name] = input.checked;
    else if (input.type === "number") {
      if (input.value !== "") ticket[name] = input.valueAsNumber;
    } else if (input.value.trim() !== "") ticket[name] = input.value;
  }
  return ticket;
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

function renderRuleSet({ id, version }) {
  setText($("rule-set"), `${id} ${version}`);
}

/** Shows an error (or clears it with null) and marks the field its JSON pointer names. */
function renderError(error) {
  const box = $("error");
  for (const name of FIELDS) {
    form.elements[name].removeAttribute("aria-invalid");
    form.elements[name].removeAttribute("aria-describedby");
  }
  if (!error) {
    box.hidden = true;
    setText(box, "");
    return;
  }
  const code = error.code ? `[${error.code}] ` : "";
  setText(box, `${code}${error.message}`);
  box.hidden = false;
  const name = error.path?.split("/")[1];
  if (FIELDS.includes(name)) {
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
}

let firstResult = true;

function classify(engine) {
  let result;
  try {
    result = engine.classify(readTicket(), { trace: true });
  } catch (error) {
    renderEmpty();
    renderError(error);
    return;
  }
  renderError(null);
  renderPriority(result);
  renderRule(result);
  renderSource(result);
  renderWhyNot(result);
  renderRuleSet(result.rule_set);
  if (firstResult) {
    firstResult = false;
    performance.mark("slafee:first-result");
  }
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

try {
  const engine = await loadEngine();
  renderRuleSet(engine.ruleSets.at(-1));
  const update = () => classify(engine);
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
} catch (error) {
  renderEmpty();
  setText($("rule-set"), "—");
  renderError(describeLoadError(error));
}
