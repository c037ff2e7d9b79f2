// Sums twiggy's `top -f csv` rows (stdin) by crate: which dependency costs what in the module.
// Used by scripts/size-budget.sh --report.
import { readFileSync } from "node:fs";

const [header, ...rows] = readFileSync(0, "utf8").trim().split("\n");
const columns = header.split(",");
const name = columns.indexOf("Name");
const size = columns.indexOf("ShallowSize");
const totals = new Map();
for (const row of rows) {
  // The name may contain commas (generic arguments): size is a plain number, so split at the end.
  const cells = row.split(",");
  const bytes = Number(cells[size - columns.length + cells.length] ?? cells[size]);
  let item = cells.slice(name, cells.length - (columns.length - name - 1)).join(",");
  if (item.startsWith('"') && item.endsWith('"')) item = item.slice(1, -1).replaceAll('""', '"');
  // The crate of an item is the first path segment; `<impl X for Y>` items count for X's crate.
  const crate = item.startsWith('"') || item.startsWith("data segment")
    ? item.replace(/"/g, "")
    : (/([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(item)?.[1] ?? "other");
  totals.set(crate, (totals.get(crate) ?? 0) + bytes);
}
const all = [...totals.values()].reduce((a, b) => a + b, 0);
console.log("bytes before wasm-opt, by crate (twiggy)");
for (const [crate, bytes] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(`${String(bytes).padStart(9)} ${((bytes / all) * 100).toFixed(1).padStart(5)} %  ${crate}`);
}
