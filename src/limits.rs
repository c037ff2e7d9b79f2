//! Input limits. Each is generous for real rule sets and tickets but bounds the work and memory
//! a hostile or mistaken input can cause; exceeding one is an error with its own code. The
//! limits on JSON input (bytes, nesting, text, items) are enforced where input is read — JSON
//! text (`input::parse`) and JS values (the wasm bindings) — while the value is built.

/// Largest rule-set text accepted (bytes; a split rule set: all its parts together).
pub(crate) const MAX_RULE_SET_BYTES: usize = 4 * 1024 * 1024;
/// Largest case-file text accepted (bytes).
pub(crate) const MAX_CASE_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Largest ticket, order or record (one NDJSON line; a JS value: its JSON size) (bytes).
pub(crate) const MAX_RECORD_BYTES: usize = 1024 * 1024;
/// Largest NDJSON text given to one `kpi` call (bytes); a stream (`kpiRun`) has no limit.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) const MAX_BATCH_BYTES: usize = 64 * 1024 * 1024;
/// Deepest nesting of arrays and objects in any JSON input (the top-level value is level 1).
pub(crate) const MAX_DEPTH: usize = 64;
/// Longest text value or object key in any JSON input (bytes of UTF-8).
pub(crate) const MAX_TEXT_BYTES: usize = 64 * 1024;
/// Most items in one list (or keys in one object) of a ticket, order or record.
pub(crate) const MAX_ITEMS: usize = 10_000;
/// Most cases in one case file.
pub(crate) const MAX_CASES: usize = 100_000;
/// Most records (or tickets) in one batch call: `kpi` over an array or NDJSON text, `diff`
/// over tickets, a `kpi` case.
pub(crate) const MAX_BATCH_RECORDS: usize = 100_000;
/// Most rows in one decision table.
pub(crate) const MAX_ROWS: usize = 10_000;
/// Most input columns in one decision table.
pub(crate) const MAX_COLUMNS: usize = 64;
/// Longest cell text (characters).
pub(crate) const MAX_STRING_CHARS: usize = 4_096;
/// Most lines in one work order (the list limit, checked again for orders built natively).
pub(crate) const MAX_ORDER_LINES: usize = MAX_ITEMS;
/// Most minutes worked on one order line (a year).
pub(crate) const MAX_ORDER_MINUTES: u64 = 366 * 24 * 60;
