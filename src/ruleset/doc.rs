//! The rule-set document exactly as written in JSON. These types describe shape only; meaning
//! (references, cell grammar, dates, zones) is checked when the document is compiled.
//! Lists and sections are wrapped in [`Checked`] so one malformed item never hides the others.
//! In tests the same types generate `rules/schema.json` (see `ruleset::schema`).

use super::checked::Checked;
use crate::priority::Label;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

#[cfg(test)]
use schemars::JsonSchema;

/// A whole rule set.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleSetDoc {
    /// Editors use `$schema` to find `rules/schema.json`; the engine ignores it.
    #[serde(rename = "$schema", default)]
    pub _schema: Option<String>,
    /// Identifies the rule set; results name it.
    pub id: String,
    /// Version label; results name it.
    pub version: String,
    /// First day (`YYYY-MM-DD`, in `time_zone`) on which tickets are judged by this rule set.
    pub effective_from: String,
    /// IANA time zone of dates and working calendars, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    /// ISO 4217 currency of fees; only `CNY` (fen-based money) is supported.
    #[serde(default)]
    pub currency: Option<String>,
    /// Display languages, preferred first (e.g. `["zh-CN", "en"]`); read by hosts (the page),
    /// not by the engine.
    #[serde(default, rename = "locale")]
    pub _locale: Option<Vec<String>>,
    /// Priority levels, most urgent with rank 1.
    pub priorities: Vec<Checked<PriorityDoc>>,
    /// The classification table: ticket → priority.
    pub classify: Checked<TableDoc>,
    /// Further named decision tables, evaluated with `decide`.
    #[serde(default)]
    pub tables: BTreeMap<String, Checked<TableDoc>>,
    /// Working calendars by name (`24x7` is always defined).
    #[serde(default)]
    pub calendars: BTreeMap<String, Checked<CalendarDoc>>,
    /// What a `priority_changed` event does to the new priority's targets (default
    /// `recompute_from_start`).
    #[serde(default)]
    pub on_priority_change: PriorityChangePolicy,
    /// SLA targets by priority id; targets under `"*"` apply to every priority.
    #[serde(default)]
    pub sla: BTreeMap<String, Vec<Checked<TargetDoc>>>,
    /// Paid repairs: the price schedule, warranties, surcharges and billing.
    #[serde(default)]
    pub fees: Option<Checked<super::fees_doc::FeesDoc>>,
    /// Satisfaction and timeliness thresholds, survey answers and call-back duties.
    #[serde(default)]
    pub kpi: Option<Checked<super::kpi_doc::KpiDoc>>,
}

/// How the targets of a ticket's new priority are timed after a `priority_changed` event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum PriorityChangePolicy {
    /// Counted from the original start, as if the ticket had always had the new priority.
    #[default]
    RecomputeFromStart,
    /// Counted afresh from the change.
    RestartAtChange,
    /// Counted from the change, with the time the old priority's same target had already used.
    CarryElapsed,
}

/// How a target's deadline is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum DurationKind {
    /// Wall-clock time (`within`), e.g. 30 minutes around the clock.
    Calendar,
    /// Working time (`within`) on `calendar`.
    Business,
    /// The close of the `days`-th working day after the start day, on `calendar`.
    WorkingDays,
    /// `offset` before the instant in ticket field `field` (an appointment): wall-clock.
    Before,
    /// `offset` after the instant in ticket field `field`: wall-clock.
    After,
    /// The next working day (on `calendar`) after the start day, at local time `at`.
    NextWorkingDayAt,
}

/// One SLA target: when its clock starts, stops and pauses, and how its deadline is measured.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct TargetDoc {
    pub id: String,
    /// Ticket field → unary-test cell (as in decision tables): the target applies only to
    /// tickets matching every cell, e.g. `{ "kind": "\"complaint\"" }`.
    #[serde(default)]
    pub when: BTreeMap<String, String>,
    pub kind: DurationKind,
    /// `calendar` / `business`: the duration (`30m`, `2h`, `48h`).
    #[serde(default)]
    pub within: Option<String>,
    /// `working_days`: how many working days.
    #[serde(default)]
    pub days: Option<u32>,
    /// `before` / `after`: the ticket field (dotted path) holding an RFC 3339 instant.
    #[serde(default)]
    pub field: Option<String>,
    /// `before` / `after`: the wall-clock offset.
    #[serde(default)]
    pub offset: Option<String>,
    /// `next_working_day_at`: the local time (`16:00`).
    #[serde(default)]
    pub at: Option<String>,
    /// The calendar (default `24x7`).
    #[serde(default)]
    pub calendar: Option<String>,
    /// Event type that starts the clock (`created` is the ticket's creation).
    pub start: String,
    /// Event type that stops it.
    pub stop: String,
    /// Event type that starts a new cycle of the target (e.g. `reopened`); earlier cycles stay
    /// in the result.
    #[serde(default)]
    pub restart: Option<String>,
    /// Event types that pause and resume it (both or neither).
    #[serde(default)]
    pub pause: Option<String>,
    #[serde(default)]
    pub resume: Option<String>,
    /// Warning points as percentages of the target's time, e.g. `["50%", "80%"]`.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Who is told at a warning (`"50%"`) or at `"breach"`.
    #[serde(default)]
    pub escalate: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub source: Option<String>,
}

/// A working calendar: a weekly template, dated holidays and make-up workdays (调休), ad-hoc
/// closures, a time zone and the range of dates it covers.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CalendarDoc {
    /// Open around the clock (no template, holidays or coverage).
    #[serde(default)]
    pub always_open: bool,
    /// Day key (`mon`, `mon-fri`, `sat,sun`) → intervals (`"09:00-12:00"`, `"22:00-06:00"`).
    #[serde(default)]
    pub week: BTreeMap<String, Vec<String>>,
    /// Closed dates: `"2026-10-01"` or ranges `"2026-10-01..2026-10-07"`.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// Make-up working dates (调休), open with the hours of `workday_template`.
    #[serde(default)]
    pub workdays: Vec<String>,
    /// The weekday whose hours a make-up workday gets (default `mon`).
    #[serde(default)]
    pub workday_template: Option<String>,
    /// Absolute closed ranges (a typhoon red alert, …).
    #[serde(default)]
    pub closures: Vec<ClosureDoc>,
    /// The dates the calendar is known for: `"2026-01-01..2026-12-31"`.
    #[serde(default)]
    pub covers: Option<String>,
    /// IANA zone of the template and dates; defaults to the rule set's.
    #[serde(default)]
    pub time_zone: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ClosureDoc {
    /// RFC 3339 instant with offset.
    pub from: String,
    /// RFC 3339 instant with offset, after `from`.
    pub to: String,
    /// Why the desk is closed; for people reading the rule set.
    #[serde(default, rename = "reason")]
    pub _reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PriorityDoc {
    pub id: String,
    /// 1 = most urgent.
    pub rank: u32,
    pub label: Checked<Label>,
}

/// How a decision table picks its answer when several rows match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub(crate) enum HitPolicy {
    /// The first matching row, in document order, decides.
    First,
    /// Exactly one row may match; more is an error naming the rows.
    Unique,
    /// Several rows may match if their outputs agree.
    Any,
    /// The matching row with the highest-ranked output wins.
    Priority,
    /// All matching rows, optionally aggregated.
    Collect,
    /// All matching rows in document order.
    RuleOrder,
}

/// Aggregation of a `collect` table's matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub(crate) enum Aggregation {
    Count,
    Sum,
    Min,
    Max,
}

/// An input column: a dotted field path, optionally with its declared type.
#[derive(Debug)]
#[cfg_attr(test, derive(JsonSchema), serde(untagged))]
pub(crate) enum InputDoc {
    /// The column's type is inferred from its cells.
    Field(String),
    Typed(TypedInputDoc),
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct TypedInputDoc {
    pub field: String,
    /// `text`, `number` or `boolean`.
    #[serde(rename = "type")]
    pub cell_type: String,
}

/// Text or object, read without serde's `untagged` (which would lose the inner error's code and
/// path): an object is handed on as a map, so errors inside it stay located.
impl<'de> Deserialize<'de> for InputDoc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InputVisitor;
        impl<'de> Visitor<'de> for InputVisitor {
            type Value = InputDoc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field path or an object { \"field\", \"type\" }")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<InputDoc, E> {
                Ok(InputDoc::Field(value.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<InputDoc, A::Error> {
                TypedInputDoc::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(InputDoc::Typed)
            }
        }
        deserializer.deserialize_any(InputVisitor)
    }
}

impl InputDoc {
    pub fn field(&self) -> &str {
        match self {
            Self::Field(f) => f,
            Self::Typed(t) => &t.field,
        }
    }
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct TableDoc {
    pub hit_policy: HitPolicy,
    /// Only with `collect`.
    #[serde(default)]
    pub aggregation: Option<Aggregation>,
    /// Input columns: dotted paths into the ticket, in the order cells are tested.
    pub inputs: Vec<InputDoc>,
    /// Output columns (named tables only; the classification table's output is `priority`).
    #[serde(default)]
    pub outputs: Option<Vec<String>>,
    /// For the `priority` hit policy in named tables: values of the first output, best first.
    #[serde(default)]
    pub output_order: Option<Vec<Value>>,
    /// Outputs used when no row matches; without it, no match is an error.
    #[serde(default)]
    pub default: Option<BTreeMap<String, Value>>,
    pub rules: Vec<Checked<RowDoc>>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RowDoc {
    pub id: String,
    /// Input column → unary-test cell text. A column left out accepts any value.
    #[serde(default)]
    pub when: BTreeMap<String, String>,
    /// Output column → value.
    pub then: BTreeMap<String, Value>,
    /// Where the rule comes from (seed document and phrase); shown in results and traces.
    #[serde(default)]
    pub source: Option<String>,
}
