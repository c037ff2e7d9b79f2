// Browser / bundler entry: fetches and instantiates the WebAssembly module once (top-level await),
// so importers get a ready `Engine` exactly as in Node.
import init from "./slafee.js";

await init({ module_or_path: new URL("./slafee_bg.wasm", import.meta.url) });

export * from "./slafee.js";
export { SlafeeError } from "./error.js";
