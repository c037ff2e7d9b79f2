//! Classification: which priority a ticket gets, and which table row decided it.

use crate::engine::RuleSetRef;
use crate::priority::Label;
use serde::Serialize;

/// The outcome of classifying one ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// The rule set that judged the ticket.
    pub rule_set: RuleSetRef,
    /// Priority id, e.g. `"emergency"`.
    pub priority: String,
    /// Rank of the priority (1 = most urgent).
    pub rank: u32,
    pub label: Label,
    /// Id of the row that fired; `None` (JSON `null`) when the table's default applied.
    pub rule: Option<String>,
    /// The fired row's `source` note (seed document and phrase), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}
