//! Classification: which priority a ticket gets, which table row decided it, and — on request —
//! why each other row did not.

use crate::engine::{Options, RuleSetRef};
use crate::error::{Error, ErrorCode};
use crate::priority::Label;
use crate::ruleset::RuleSet;
use crate::table::RowTrace;
use serde::Serialize;
use serde_json::Value;

/// The outcome of classifying one ticket. It borrows from the engine's compiled rule set, so
/// classifying allocates nothing for the answer itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Classification<'e> {
    /// The rule set that judged the ticket.
    pub rule_set: &'e RuleSetRef,
    /// Priority id, e.g. `"emergency"`.
    pub priority: &'e str,
    /// Rank of the priority (1 = most urgent).
    pub rank: u32,
    pub label: &'e Label,
    /// Id of the row that fired; `None` (JSON `null`) when the table's default applied.
    pub rule: Option<&'e str>,
    /// The fired row's `source` note (seed document and phrase), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'e str>,
    /// Every row tried, in order, with the first failing cell of those that did not match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<RowTrace>>,
}

impl<'e> Classification<'e> {
    pub(crate) fn decide(
        rule_set: &'e RuleSet,
        ticket: &Value,
        options: Options,
    ) -> Result<Self, Error> {
        let hit = rule_set.classify.evaluate(ticket, options.trace)?;
        let row = hit.rows.first().copied();
        // Load-time validation guarantees the output names a declared priority.
        let priority = hit
            .outputs
            .first()
            .and_then(|o| o.get("priority"))
            .and_then(Value::as_str)
            .and_then(|id| rule_set.priorities.iter().find(|p| p.id == id))
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownPriority,
                    "",
                    "the fired row names no known priority",
                )
            })?;
        Ok(Self {
            rule_set: &rule_set.reference,
            priority: &priority.id,
            rank: priority.rank,
            label: &priority.label,
            rule: row.map(|r| r.id.as_str()),
            source: row.and_then(|r| r.source.as_deref()),
            trace: hit.trace,
        })
    }
}
