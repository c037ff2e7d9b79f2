//! Paid repairs (有偿维修): the posted price schedule, statutory warranties, surcharges, free
//! decisions and billing periods — and pricing a work order into an itemised receipt
//! (服务收据) with exact money. DESIGN.md "Fees" fixes the semantics; tests pin them.

mod billing;
mod compile;
mod order;
mod quote;
mod receipt;
mod surcharge;
mod warranty;

pub(crate) use compile::{Names, compile};
pub(crate) use quote::quote;
pub use receipt::{
    FreeReason, LineKind, LineStatus, Note, QuoteStatus, Receipt, ReceiptLine, WorkTime,
};

use crate::money::Money;
use crate::priority::Label;
use crate::ruleset::fees_doc::MaterialRule;
use crate::ticket::FieldPath;
use serde::Serialize;
use std::collections::HashMap;
use surcharge::Surcharge;
use warranty::WarrantyClass;

/// The cut-off day when the rule set names none (seed 003: 每月25日前送財務部).
const DEFAULT_CUT_OFF_DAY: u32 = 25;
/// The order field warranties count from when the rule set names none.
const DEFAULT_HANDOVER_FIELD: &str = "handover";

/// The compiled `fees` section of a rule set.
#[derive(Debug)]
pub(crate) struct Fees {
    pub cut_off_day: u32,
    /// Id of the SLA target timing the supervisor's review of an off-schedule order.
    pub quote_review: Option<String>,
    /// Name of the table deciding whether a whole order is free.
    pub free_table: Option<String>,
    pub handover: FieldPath,
    pub warranty: Vec<WarrantyClass>,
    pub surcharges: Vec<Surcharge>,
    pub schedule: Schedule,
}

/// The price schedule as published: categories and items in document order, with an index by
/// code for pricing.
#[derive(Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Schedule {
    pub categories: Vec<Category>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ScheduleItem[]"))]
    pub items: Vec<Item>,
    #[serde(skip)]
    by_code: HashMap<String, usize>,
}

impl Schedule {
    pub(crate) fn item(&self, code: &str) -> Option<&Item> {
        self.by_code.get(code).and_then(|&i| self.items.get(i))
    }
}

/// A category of the posted schedule.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Category {
    pub id: String,
    pub label: Label,
}

/// One item of the posted schedule.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(rename = "ScheduleItem")
)]
pub struct Item {
    pub code: String,
    pub name: Label,
    pub category: String,
    pub unit: String,
    pub labor: Labor,
    /// Most labor charged per order for this item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<Money>,
    pub material: Material,
    /// The warranty class covering the part this item repairs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warranty: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// How an item's labor is priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Labor {
    /// A fixed amount per unit.
    Fixed { price: Money },
    /// The technician's figure per unit, within `min..=max`.
    Range { min: Money, max: Money },
    /// `price` per started `per_seconds`; a remainder up to `free_remainder_seconds` is not
    /// billed; at least `minimum_seconds` is.
    Time {
        price: Money,
        per_seconds: i64,
        free_remainder_seconds: i64,
        minimum_seconds: i64,
    },
}

/// How an item's material is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Material {
    pub rule: MaterialRule,
    /// Per unit, for `list_or_own` and a priced `extra`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Money>,
}
