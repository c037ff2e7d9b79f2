//! The rule-set document exactly as written in JSON. These types only describe shape; meaning
//! (references, cell grammar) is checked when the document is compiled into an engine.

use crate::priority::Label;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleSetDoc {
    /// Editors use `$schema` to find `rules/schema.json`; the engine ignores it.
    #[serde(rename = "$schema", default)]
    pub _schema: Option<String>,
    pub id: String,
    pub version: String,
    pub priorities: Vec<PriorityDoc>,
    pub classify: TableDoc,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PriorityDoc {
    pub id: String,
    pub rank: u32,
    pub label: Label,
}

/// How a decision table picks its answer when several rows match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum HitPolicy {
    /// The first matching row, in document order, decides.
    First,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TableDoc {
    pub hit_policy: HitPolicy,
    /// Input columns: dotted paths into the ticket, in the order cells are tested.
    pub inputs: Vec<String>,
    /// Outputs used when no row matches; without it, no match is an error.
    #[serde(default)]
    pub default: Option<BTreeMap<String, Value>>,
    pub rules: Vec<RowDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RowDoc {
    pub id: String,
    /// Input column → unary-test cell text. A column left out accepts any value.
    #[serde(default)]
    pub when: BTreeMap<String, String>,
    pub then: BTreeMap<String, Value>,
    /// Where the rule comes from (seed document and phrase); carried for reviewers, not evaluated.
    #[serde(default)]
    pub source: Option<String>,
}
