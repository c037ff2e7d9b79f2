//! slafee — the rules engine of a property-management after-sales service desk (物业售后服务).
//!
//! A rule set (JSON) is loaded and validated once into an immutable [`Engine`]; the engine then
//! classifies tickets. Everything here is pure: no I/O, no clock, no host time zone — callers pass
//! every input, so native, Node and browser builds give byte-identical results.
//!
//! ```
//! let rules = r#"{
//!   "id": "demo", "version": "1", "effective_from": "2026-01-01", "time_zone": "Asia/Shanghai",
//!   "priorities": [ { "id": "emergency", "rank": 1, "label": { "zh": "紧急", "en": "Emergency" } },
//!                   { "id": "routine", "rank": 2, "label": { "zh": "常规", "en": "Routine" } } ],
//!   "classify": { "hit_policy": "first", "inputs": ["system"],
//!     "rules": [ { "id": "gas", "when": { "system": "\"gas\"" }, "then": { "priority": "emergency" } },
//!                { "id": "other", "when": {}, "then": { "priority": "routine" } } ] }
//! }"#;
//! let engine = slafee::Engine::from_json(rules).unwrap();
//! let ticket = serde_json::json!({ "system": "gas" });
//! let result = engine.classify(&ticket).unwrap();
//! assert_eq!(result.priority, "emergency");
//! assert_eq!(result.rule, Some("gas"));
//! ```
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod calendar;
mod cases;
mod classify;
mod conditions;
mod decision;
mod diff;
mod duration;
mod engine;
mod error;
mod evaluate;
mod fees;
mod input;
mod kpi;
mod limits;
mod lint;
mod money;
mod ndjson;
mod percent;
mod pointer;
mod priority;
mod ruleset;
mod sla;
mod table;
mod ticket;
mod time;
mod working_time;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use cases::{
    Call, CaseReport, CaseResult, Coverage, ItemCoverage, Mismatch, TableCoverage, TargetCoverage,
};
pub use classify::Classification;
pub use decision::Decision;
pub use diff::{Change, DiffReport, TicketDiff};
pub use engine::{Engine, Options, RuleSetRef};
pub use error::{Error, ErrorCode};
pub use evaluate::{Batch, BatchCall, Evaluation};
pub use fees::{
    Category, FreeReason, Item, Labor, LineKind, LineStatus, Material, Note, QuoteStatus, Receipt,
    ReceiptLine, Schedule, WorkTime,
};
pub use kpi::{
    CallbackDue, Dimension, FollowUpState, FollowUps, GroupReport, KpiOptions, KpiReport, KpiRun,
    Metrics, Rate, RecordError, RevisitDue, ThresholdResult, TimeRow, TimeStats, Verdict,
};
pub use lint::{CheckKind, Finding, FindingKind, LintReport, Severity};
pub use money::Money;
pub use priority::Label;
pub use ruleset::doc::{DurationKind, PriorityChangePolicy};
pub use ruleset::fees_doc::MaterialRule;
pub use ruleset::kpi_doc::{Metric, Statistic};
pub use sla::{Deadlines, Escalation, PriorityChange, TargetClock, TargetState, Warning};
pub use table::{FailedCell, RowTrace};
