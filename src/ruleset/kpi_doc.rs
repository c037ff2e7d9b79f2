//! The `kpi` section as written: how survey answers and call-backs are read, and the thresholds
//! the desk is held to (满意率, 及时率, 回访率, 催交率, response times). Shape only; `kpi::compile`
//! checks percentages, durations and references.

use super::checked::Checked;
use serde::Deserialize;
use std::collections::BTreeMap;

#[cfg(test)]
use schemars::JsonSchema;

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct KpiDoc {
    /// The record field grouped as `category` (default `kind`).
    #[serde(default)]
    pub category_field: Option<String>,
    /// The record field grouped as `team` (default `team`).
    #[serde(default)]
    pub team_field: Option<String>,
    pub survey: SurveyDoc,
    /// Call-back duties: which tickets, how soon after which event.
    #[serde(default)]
    pub callbacks: Vec<Checked<CallbackDoc>>,
    #[serde(default)]
    pub thresholds: Vec<Checked<ThresholdDoc>>,
}

/// Survey answers: the accepted answers, which count as satisfied (strictly and leniently),
/// how 1–5 scores map onto answers, and the revisit an unsatisfied answer calls for.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct SurveyDoc {
    /// Every accepted answer, e.g. `["satisfied", "basically_satisfied", "unsatisfied"]`.
    pub answers: Vec<String>,
    /// Answers counted by the strict rate (满意 only).
    pub strict: Vec<String>,
    /// Answers counted by the lenient rate (满意 + 基本满意).
    pub lenient: Vec<String>,
    /// Score (`"1"`..`"5"`) → answer.
    #[serde(default)]
    pub scores: BTreeMap<String, String>,
    #[serde(default)]
    pub revisit: Option<RevisitDoc>,
}

/// An answer in `answers` obliges a supervisor's revisit (重新提供服务) within `within`.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RevisitDoc {
    pub answers: Vec<String>,
    pub within: String,
    /// Calendar the time runs on (default `24x7`).
    #[serde(default)]
    pub calendar: Option<String>,
    /// Who revisits.
    pub by: String,
    #[serde(default)]
    pub source: Option<String>,
}

/// A call-back duty: tickets matching `when`, called back within `within` of their `after`
/// event (default `closed`).
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CallbackDoc {
    pub id: String,
    #[serde(default)]
    pub when: BTreeMap<String, String>,
    #[serde(default)]
    pub after: Option<String>,
    pub within: String,
    /// Who calls back: `field` of the record → owner (e.g. complaint level → 物业助理 / 部门主管 /
    /// 公司经理), and the owner when the field is absent or not listed.
    #[serde(default)]
    pub owner: Option<OwnerDoc>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct OwnerDoc {
    pub field: String,
    pub owners: BTreeMap<String, String>,
    pub default: String,
}

/// The metrics a threshold can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Metric {
    /// Lenient satisfaction rate.
    Satisfaction,
    /// Strict satisfaction rate.
    SatisfactionStrict,
    /// Tickets whose decided targets were all met (or one `target`'s rate).
    Timely,
    /// Tickets of `callback` called back within its window.
    CallbackCoverage,
    /// Issues raised in call-backs that were handled (回访处理率).
    CallbackHandling,
    /// Billed fees collected (催交率).
    FeeCollection,
    /// `statistic` of `target`'s elapsed time for `priority`.
    Time,
}

/// Which figure of a time distribution a threshold holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Statistic {
    Median,
    P90,
    Max,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ThresholdDoc {
    pub id: String,
    pub metric: Metric,
    /// `timely`: one SLA target id instead of all; `time`: the target measured.
    #[serde(default)]
    pub target: Option<String>,
    /// `time`: the priority measured.
    #[serde(default)]
    pub priority: Option<String>,
    /// `time`: median, p90 or max.
    #[serde(default)]
    pub statistic: Option<Statistic>,
    /// `callback_coverage`: the call-back duty.
    #[serde(default)]
    pub callback: Option<String>,
    /// A percentage (`"90%"`) or, for `time`, a duration (`"30m"`).
    #[serde(default)]
    pub at_least: Option<String>,
    #[serde(default)]
    pub at_most: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}
