// Browser / bundler entry: fetches and instantiates the WebAssembly module once (top-level await),
// so importers get a ready `Engine` exactly as in Node.
//
// The module is found beside this file by `new URL(…, import.meta.url)`: webpack 5, Vite, Parcel
// and Rollup (with its import-meta-assets plugin) see the pattern and emit the file; esbuild does
// not, and in its ESM bundle `import.meta.url` is the bundle's URL, so copy slafee_bg.wasm next to
// the bundle (js/README.md, "Bundlers").
import init from "./slafee.js";

const WASM = new URL("./slafee_bg.wasm", import.meta.url);
try {
  await init({ module_or_path: WASM });
} catch (e) {
  throw new Error(`slafee: cannot load ${WASM.href} (${e.message}); a bundle needs slafee_bg.wasm next to it`, { cause: e });
}

export * from "./slafee.js";
export { SlafeeError } from "./error.js";
