//! Decisions of the rule set's named tables (`decide`): the general form of a table's answer,
//! covering multi-hit policies and aggregations.

use crate::engine::{Options, RuleSetRef};
use crate::error::{Error, ErrorCode};
use crate::ruleset::RuleSet;
use crate::table::{Outputs, RowTrace};
use serde::Serialize;
use serde_json::Value;

/// What a named table decided for a ticket.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Decision {
    pub rule_set: RuleSetRef,
    pub table: String,
    /// Ids of the rows whose outputs are returned, in order; empty when the default applied.
    pub rules: Vec<String>,
    /// One output set for single-hit policies (or the default); one per row for `collect` and
    /// `rule_order`.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "Record<string, string | number | boolean | null>[]")
    )]
    pub outputs: Vec<Outputs>,
    /// `collect` with `count` / `sum` / `min` / `max`: the aggregate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<RowTrace>>,
}

impl Decision {
    pub(crate) fn decide(
        rule_set: &RuleSet,
        table: &str,
        ticket: &Value,
        options: Options,
    ) -> Result<Self, Error> {
        let compiled = rule_set.tables.get(table).ok_or_else(|| {
            let known: Vec<&str> = rule_set.tables.keys().map(String::as_str).collect();
            Error::new(
                ErrorCode::UnknownTable,
                "",
                format!(
                    "no table \"{table}\" in rule set {} (tables: {})",
                    rule_set.reference.id,
                    known.join(", ")
                ),
            )
        })?;
        let hit = compiled.evaluate(ticket, options.trace)?;
        Ok(Self {
            rule_set: rule_set.reference.clone(),
            table: table.to_owned(),
            rules: hit.rows.iter().map(|r| r.id.clone()).collect(),
            outputs: hit.outputs.into_iter().cloned().collect(),
            aggregate: hit.aggregate,
            trace: hit.trace,
        })
    }
}
