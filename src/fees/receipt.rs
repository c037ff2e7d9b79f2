//! The itemised receipt (服务收据) a quote produces: per line the item, quantity, unit, labor,
//! material, surcharges and line total, with notes; the order total (the sum of the lines); any
//! free reason; the billing period; and, for off-schedule items, the supervisor's review clock.

use crate::engine::RuleSetRef;
use crate::money::Money;
use crate::priority::Label;
use crate::sla::TargetClock;
use serde::Serialize;

/// Whether the receipt's amount is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum QuoteStatus {
    /// Every line is priced; `total` is the amount due.
    Priced,
    /// Some item is not on the schedule and its quote is not accepted yet: no total.
    QuoteRequired,
}

/// The itemised receipt (服务收据) of a work order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Receipt<'e> {
    pub rule_set: &'e RuleSetRef,
    pub status: QuoteStatus,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "\"CNY\""))]
    pub currency: &'static str,
    /// The instant the work is priced at (surcharges, warranty, billing period).
    pub work_time: WorkTime,
    pub lines: Vec<ReceiptLine<'e>>,
    /// The sum of the line totals; `None` while a quote is required.
    pub total: Option<Money>,
    /// Why the whole order is free, when it is.
    pub free: Option<FreeReason<'e>>,
    /// The management-fee statement (`YYYY-MM`) the amount goes on; `None` when nothing is due
    /// yet.
    pub billing_period: Option<String>,
    /// The supervisor's review of an off-schedule order (when the rule set names its target).
    pub review: Option<TargetClock<'e>>,
}

/// The instant the work is priced at, and which order field gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct WorkTime {
    pub instant: String,
    /// `completed`, `appointment` or `now` (an estimate before the work is booked).
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "\"completed\" | \"appointment\" | \"now\"")
    )]
    pub basis: &'static str,
}

/// What a receipt line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum LineKind {
    /// A schedule item.
    Item,
    /// An item not on the schedule, priced by the supervisor's quote.
    OffSchedule,
    /// A surcharge: a fixed amount per order, or a percentage of the order's labor.
    Surcharge,
}

/// Whether a receipt line is priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum LineStatus {
    Priced,
    /// Off-schedule, awaiting the quote's acceptance: no amounts yet.
    QuoteRequired,
    /// Off-schedule, priced at the accepted quote.
    QuoteAccepted,
}

/// One line of a receipt: an order line, or a surcharge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ReceiptLine<'e> {
    /// Index of the order line; `None` for a surcharge line.
    pub line: Option<usize>,
    pub kind: LineKind,
    pub status: LineStatus,
    pub code: Option<&'e str>,
    /// The item's name, the off-schedule description, or the surcharge's label.
    pub name: Label,
    pub category: Option<&'e str>,
    /// Billed quantity as decimal text (`"2"`, `"2.5"`); for time-based items, increments.
    pub quantity: String,
    pub unit: Option<&'e str>,
    /// Time-based items: minutes worked, and minutes billed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billed_minutes: Option<i64>,
    /// A percentage surcharge: its rate in per-mille of labor (500 = 50 %) and the order's
    /// labor it applies to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_mille: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Money>,
    pub labor: Option<Money>,
    pub material: Option<Money>,
    /// `labor + material`; a surcharge line's amount.
    pub total: Option<Money>,
    /// What a free line would have cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free: Option<FreeReason<'e>>,
    pub notes: Vec<Note>,
}

/// Why something is not charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum FreeReason<'e> {
    /// A row of the rule set's free table (e.g. common areas).
    Table {
        rule: &'e str,
        reason: Label,
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<&'e str>,
    },
    /// The part is under statutory warranty through `until` (the last covered day).
    Warranty {
        class: &'e str,
        label: &'e Label,
        handover: String,
        until: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<&'e str>,
    },
}

/// A remark printed on the receipt line (业主自购材料, 含材料, …): a stable code and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Note {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Note {
    pub(crate) const RESIDENT_SUPPLIED: Self = Self {
        code: "resident_supplied",
        zh: "业主自购材料",
        en: "Material supplied by the resident",
    };
    pub(crate) const RESIDENT_MUST_SUPPLY: Self = Self {
        code: "resident_must_supply",
        zh: "材料由业主自备",
        en: "The resident supplies the material",
    };
    pub(crate) const MATERIAL_INCLUDED: Self = Self {
        code: "material_included",
        zh: "含材料",
        en: "Material included",
    };
    pub(crate) const AT_COST: Self = Self {
        code: "material_at_cost",
        zh: "材料按实收取",
        en: "Material at cost",
    };
    pub(crate) const CAPPED: Self = Self {
        code: "capped",
        zh: "人工费已按每次上限封顶",
        en: "Labor capped at the per-order maximum",
    };
    pub(crate) const AWAITING_QUOTE: Self = Self {
        code: "awaiting_quote",
        zh: "非收费标准项目，待主管评审报价",
        en: "Not on the schedule: awaiting the supervisor's quote",
    };
    pub(crate) const QUOTE_ACCEPTED: Self = Self {
        code: "quote_accepted",
        zh: "报价已经业主确认",
        en: "Quote accepted by the resident",
    };
}
