//! The `fees` section as written: the posted price schedule (《有偿维修收费标准》), statutory
//! warranty classes, surcharges and billing settings. Shape only; `fees::compile` checks
//! money, durations, references and ranges.

use super::checked::Checked;
use crate::priority::Label;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

#[cfg(test)]
use schemars::JsonSchema;

/// Paid repairs (有偿维修).
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct FeesDoc {
    /// Work completed on or before this day of the month (in the rule set's zone) goes on this
    /// month's management-fee statement, later work on next month's (default 25).
    #[serde(default)]
    pub cut_off_day: Option<u32>,
    /// Id of the SLA target (under any priority, usually `"*"`) whose clock times the
    /// supervisor's review of an order with items not on the schedule.
    #[serde(default)]
    pub quote_review: Option<String>,
    /// Name of a table in `tables` with outputs `free` (boolean), `reason` and optionally
    /// `reason_en` (text), evaluated against the order: `free: true` waives the whole order.
    #[serde(default)]
    pub free_table: Option<String>,
    /// The order field holding the handover date (`YYYY-MM-DD`) warranties count from
    /// (default `handover`).
    #[serde(default)]
    pub handover_field: Option<String>,
    /// Item categories, for grouping the schedule.
    #[serde(default)]
    pub categories: Vec<Checked<CategoryDoc>>,
    /// Statutory warranty classes: an item naming one is free while the class's period runs.
    #[serde(default)]
    pub warranty: Vec<Checked<WarrantyDoc>>,
    /// Surcharges on labor (night, holiday, urgent call-out). None unless declared: a fee must
    /// be on the posted list to be charged.
    #[serde(default)]
    pub surcharges: Vec<Checked<SurchargeDoc>>,
    /// The price schedule.
    pub schedule: Vec<Checked<ItemDoc>>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CategoryDoc {
    pub id: String,
    pub label: Checked<Label>,
}

/// A warranty class: `years` from handover, or `seasons` heating/cooling seasons of `season`.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct WarrantyDoc {
    pub id: String,
    pub label: Checked<Label>,
    #[serde(default)]
    pub years: Option<u32>,
    /// Covered through the end of this many whole seasons starting on or after handover.
    #[serde(default)]
    pub seasons: Option<u32>,
    /// The season as month-day range, e.g. `"11-15..03-15"` (may wrap the year end).
    #[serde(default)]
    pub season: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

/// A surcharge: a percentage of each line's labor, or a fixed amount per order, applied when
/// every condition given holds for the work's time and the order.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct SurchargeDoc {
    pub id: String,
    pub label: Checked<Label>,
    /// Of labor, e.g. `"50%"` (at most two decimals).
    #[serde(default)]
    pub percent: Option<String>,
    /// Per order, e.g. `"30.00"`; shown as its own receipt line.
    #[serde(default)]
    pub amount: Option<String>,
    /// Local time interval of the work, e.g. `"20:00-08:00"` (may wrap midnight).
    #[serde(default)]
    pub local_time: Option<String>,
    /// Calendar name: applies when the work's local date has no working time on it (a
    /// weekend or holiday; a 调休 make-up workday is a working day).
    #[serde(default)]
    pub on_closed_day: Option<String>,
    /// Order field → unary-test cell, as in decision tables: e.g. `{ "urgent": "true" }`.
    #[serde(default)]
    pub when: BTreeMap<String, String>,
    /// Where the surcharge is posted; for people reading the rule set.
    #[serde(default, rename = "source")]
    pub _source: Option<String>,
}

/// One posted schedule item.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ItemDoc {
    pub code: String,
    pub name: Checked<Label>,
    /// A declared category id.
    pub category: String,
    /// 个, 只, 套, 把, 米, 小时, 次, 处 …
    pub unit: String,
    pub labor: LaborDoc,
    /// Most labor charged per order for this item (`"150.00"`: 最高150元/次).
    #[serde(default)]
    pub cap: Option<String>,
    /// Default `{ "rule": "included" }`.
    #[serde(default)]
    pub material: Option<MaterialDoc>,
    /// A declared warranty class covering the part this item repairs.
    #[serde(default)]
    pub warranty: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

/// Labor per unit: a fixed amount (`"10.00"`), a range the technician picks from
/// (`{ "min", "max" }`) or time-based (`{ "price", "per", "free_remainder", "minimum" }`).
#[derive(Debug)]
#[cfg_attr(test, derive(JsonSchema), serde(untagged))]
pub(crate) enum LaborDoc {
    Fixed(String),
    Detailed(LaborDetailDoc),
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct LaborDetailDoc {
    /// Range: the lowest figure a technician may charge per unit.
    #[serde(default)]
    pub min: Option<String>,
    /// Range: the highest.
    #[serde(default)]
    pub max: Option<String>,
    /// Time-based: the price of one `per`.
    #[serde(default)]
    pub price: Option<String>,
    /// Time-based: the billing increment (`1h`).
    #[serde(default)]
    pub per: Option<String>,
    /// Time-based: a remainder up to this is not billed; beyond it, a whole increment is
    /// (`30m` with `per: 1h`: 超半小时按1小时).
    #[serde(default)]
    pub free_remainder: Option<String>,
    /// Time-based: at least this much is billed.
    #[serde(default)]
    pub minimum: Option<String>,
}

/// Text or object without serde's `untagged`, so errors inside the object stay located.
impl<'de> Deserialize<'de> for LaborDoc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LaborVisitor;
        impl<'de> Visitor<'de> for LaborVisitor {
            type Value = LaborDoc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "an amount like \"10.00\", { \"min\", \"max\" } or { \"price\", \"per\" }",
                )
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<LaborDoc, E> {
                Ok(LaborDoc::Fixed(value.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LaborDoc, A::Error> {
                LaborDetailDoc::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(LaborDoc::Detailed)
            }
        }
        deserializer.deserialize_any(LaborVisitor)
    }
}

/// How an item's material is charged.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct MaterialDoc {
    pub rule: MaterialRule,
    /// `extra` / `list_or_own`: the price per unit. `extra` without a price takes the amount
    /// entered on the order line.
    #[serde(default)]
    pub price: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(test, derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum MaterialRule {
    /// Charged at the stated price per unit, or the amount entered on the line.
    Extra,
    /// The labor price includes the material (含材料).
    Included,
    /// The list price per unit, or nothing when the resident supplies it.
    ListOrOwn,
    /// The resident must supply it.
    Own,
    /// Charged at cost, entered on site.
    AtCost,
}

impl MaterialRule {
    /// The rule's name as written in rule sets.
    pub fn name(self) -> &'static str {
        match self {
            Self::Extra => "extra",
            Self::Included => "included",
            Self::ListOrOwn => "list_or_own",
            Self::Own => "own",
            Self::AtCost => "at_cost",
        }
    }
}
