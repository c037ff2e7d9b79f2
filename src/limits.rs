//! Input limits. Each is generous for real rule sets and tickets but bounds the work and memory
//! a hostile or mistaken input can cause; exceeding one is an error with its own code.

/// Largest rule-set text accepted (bytes).
pub(crate) const MAX_RULE_SET_BYTES: usize = 4 * 1024 * 1024;
/// Most rows in one decision table.
pub(crate) const MAX_ROWS: usize = 10_000;
/// Most input columns in one decision table.
pub(crate) const MAX_COLUMNS: usize = 64;
/// Longest cell text (characters).
pub(crate) const MAX_STRING_CHARS: usize = 4_096;
/// Most lines in one work order.
pub(crate) const MAX_ORDER_LINES: usize = 10_000;
/// Most minutes worked on one order line (a year).
pub(crate) const MAX_ORDER_MINUTES: u64 = 366 * 24 * 60;
