// Node entry: instantiates the WebAssembly module synchronously from the file next to this one,
// so `import { Engine } from "slafee"` is ready to use with no await. It is slafee_node.wasm, the
// build optimised for speed (browsers load the smaller slafee_bg.wasm; both share slafee.js).
// Bundled into one file, the module is read next to the bundle: copy slafee_node.wasm there —
// js/README.md, "Bundlers".
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { initSync } from "./slafee.js";

const WASM = new URL("./slafee_node.wasm", import.meta.url);
let bytes;
try {
  bytes = readFileSync(WASM);
} catch (e) {
  throw new Error(`slafee: cannot read ${fileURLToPath(WASM)} (${e.code ?? e.message}); a bundle needs slafee_node.wasm next to it`, { cause: e });
}
initSync({ module: bytes });

export * from "./slafee.js";
export { SlafeeError } from "./error.js";
