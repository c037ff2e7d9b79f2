// What the WebAssembly glue imports from JS (wasm-bindgen `raw_module = "./error.js"`): the one
// error class of the package — every error the engine throws is an instance of it, and the Node
// and browser entries re-export it, so `e instanceof SlafeeError` holds for every error — and
// `plainJson`, the quick way a ticket crosses into the engine.

/**
 * An error from slafee: a stable `code` to branch on, a JSON-pointer `path` into the rule set
 * (load errors) or the ticket (evaluation errors), a message for people and, for a rule set that
 * fails to load (`invalid_rule_set`), every problem found in `problems`.
 */
export class SlafeeError extends Error {
  /**
   * @param {string} message
   * @param {string} code
   * @param {string} path
   * @param {{ code: string, path: string, message: string }[] | undefined} [problems]
   */
  constructor(message, code, path, problems) {
    super(message);
    this.name = "SlafeeError";
    this.code = code;
    this.path = path;
    if (problems !== undefined) this.problems = problems;
  }
}

/** Thrown inside `plainJson` to give a value up to the engine's strict reader. */
const NOT_PLAIN = Symbol("not plain JSON data");
/** What is left of `plainJson`'s size limit: text units plus one per key and value. */
let budget = 0;

/**
 * `JSON.stringify`'s replacer for `plainJson`: lets through only plain objects and arrays, text,
 * safe integers, booleans, null and undefined (absent in an object, null in an array, as the
 * strict reader has them), each the holder's own value — not what a `toJSON` (a Date's…) made
 * of it. Everything else is given up: NaN, fractions (their text is left to the strict reader's
 * exact conversion), a function, a Map or class instance, a value over the size limit.
 * @this {object} the object or array holding `key`
 */
function plainValue(key, value) {
  budget -= key.length + 1;
  if (this[key] !== value) throw NOT_PLAIN;
  switch (typeof value) {
    case "string":
      budget -= value.length;
      if (budget < 0) throw NOT_PLAIN;
      return value;
    case "boolean":
    case "undefined":
      return value;
    case "number":
      if (Number.isSafeInteger(value)) return value;
      break;
    case "object": {
      if (budget < 0) throw NOT_PLAIN;
      if (value === null || Array.isArray(value)) return value;
      const prototype = Object.getPrototypeOf(value);
      // Object.prototype (of any realm) or none: a plain object.
      if (prototype === null || Object.getPrototypeOf(prototype) === null) return value;
      break;
    }
  }
  throw NOT_PLAIN;
}

/**
 * The JSON text of `value` when it is plain JSON data of at most about `limit` bytes, else
 * undefined (then the engine reads it property by property, strictly, and says what is wrong).
 * One `JSON.stringify` here and one parse in the engine cost a fraction of reading a ticket
 * property by property across the boundary. A getter may run twice: once for the text, once to
 * see that its value is the one in the text.
 * @param {unknown} value
 * @param {number} limit
 * @returns {string | undefined}
 */
export function plainJson(value, limit) {
  const outer = budget; // a getter may itself call the engine
  budget = limit;
  try {
    return JSON.stringify(value, plainValue);
  } catch {
    return undefined;
  } finally {
    budget = outer;
  }
}
