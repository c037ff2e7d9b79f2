// Node entry: instantiates the WebAssembly module synchronously from the file next to this one,
// so `import { Engine } from "slafee"` is ready to use with no await.
import { readFileSync } from "node:fs";
import { initSync } from "./slafee.js";

initSync({ module: readFileSync(new URL("./slafee_bg.wasm", import.meta.url)) });

export * from "./slafee.js";
export { SlafeeError } from "./error.js";
