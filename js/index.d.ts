// Types of the package entries (node.js, browser.js): the generated API and the error class.
export * from "./slafee.js";
export { SlafeeError, type Problem } from "./error.js";
