// The one error class of the package: every error the engine throws is an instance of it.
// The WebAssembly glue imports it from here (wasm-bindgen `raw_module = "./error.js"`), and the
// Node and browser entries re-export it, so `e instanceof SlafeeError` holds for every error.

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
