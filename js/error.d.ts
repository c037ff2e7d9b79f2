import type { ErrorCode } from "./slafee.js";

/** A problem of a rule set, located by a JSON pointer. */
export interface Problem { code: ErrorCode; path: string; message: string }

/**
 * Every error slafee throws: a stable `code` to branch on (never the message), a JSON-pointer
 * `path` into the rule set (load errors) or the ticket (evaluation errors) and, for
 * `invalid_rule_set`, every problem found.
 */
export declare class SlafeeError extends Error {
  constructor(message: string, code: ErrorCode, path: string, problems?: Problem[]);
  name: "SlafeeError";
  code: ErrorCode;
  /** RFC 6901 pointer; "" is the whole document. */
  path: string;
  /** For `invalid_rule_set`: every problem found. */
  problems?: Problem[];
}
