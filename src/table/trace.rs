//! Why-not traces: for each row tried, whether it matched and, if not, the first cell that
//! failed with the value it saw. Built only when the caller asks, so evaluation without a trace
//! allocates nothing for it.

use super::{Column, Row, SharedCell};
use serde::Serialize;
use serde_json::Value;

/// The first cell of a row that rejected the ticket.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FailedCell {
    /// The input column (dotted field path) the cell tests.
    pub input: String,
    /// The cell exactly as written in the rule set.
    pub cell: String,
    /// The ticket value the cell saw (`null` when the field is absent).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub value: Value,
}

/// One row as evaluation saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RowTrace {
    pub row: String,
    pub matched: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<FailedCell>,
}

pub(super) fn row(
    row: &Row,
    failed: Option<&SharedCell>,
    columns: &[Column],
    values: &[&Value],
) -> RowTrace {
    RowTrace {
        row: row.id.clone(),
        matched: failed.is_none(),
        failed: failed.map(|shared| FailedCell {
            input: columns
                .get(shared.column)
                .map(|c| c.field.dotted().to_owned())
                .unwrap_or_default(),
            cell: shared.text.clone(),
            value: values
                .get(shared.column)
                .map_or(Value::Null, |v| (*v).clone()),
        }),
    }
}
