//! Surcharges (night, holiday, urgent call-out): declared by the rule set or not charged at all.
//! Each applies when every condition it gives holds for the order and the time of the work.

use crate::conditions::Conditions;
use crate::error::{Error, ErrorCode};
use crate::money::Money;
use crate::percent::per_mille;
use crate::pointer;
use crate::priority::Label;
use crate::ruleset::RuleSet;
use crate::ruleset::checked::{Checked, unique_items};
use crate::ruleset::fees_doc::SurchargeDoc;
use chrono::{DateTime, Timelike, Utc};
use serde_json::Value;
use std::collections::HashSet;

#[derive(Debug)]
pub(crate) struct Surcharge {
    pub id: String,
    pub label: Label,
    pub charge: Charge,
    /// Local seconds-of-day `[from, to)` of the work; wraps midnight when `to <= from`.
    local_time: Option<(u32, u32)>,
    /// A calendar on whose closed days (weekends, holidays) the surcharge applies.
    on_closed_day: Option<String>,
    when: Conditions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Charge {
    /// Per-mille of each line's labor.
    PerMille(u32),
    /// A fixed amount per order.
    Amount(Money),
}

impl Surcharge {
    /// Whether the surcharge applies to `order` for work at `work` (Unix seconds, read from the
    /// order field at `work_path`).
    pub fn applies(
        &self,
        rule_set: &RuleSet,
        order: &Value,
        work: i64,
        work_path: &str,
    ) -> Result<bool, Error> {
        if let Some((from, to)) = self.local_time {
            let second = DateTime::<Utc>::from_timestamp(work, 0)
                .map(|t| t.with_timezone(&rule_set.zone).num_seconds_from_midnight())
                .unwrap_or_default();
            let inside = if from < to {
                (from..to).contains(&second)
            } else {
                second >= from || second < to
            };
            if !inside {
                return Ok(false);
            }
        }
        if let Some(name) = &self.on_closed_day {
            let calendar = rule_set.calendars.get(name).ok_or_else(|| {
                Error::new(
                    ErrorCode::UnknownCalendar,
                    "",
                    format!("calendar \"{name}\" is not defined"),
                )
            })?;
            let open = calendar
                .is_working_day(work)
                .map_err(crate::working_time::not_covered(name, work_path))?;
            if open {
                return Ok(false);
            }
        }
        self.when.matches(order, "surcharge", &self.id)
    }
}

/// Compiles `fees.surcharges`; `calendars` are the names the rule set defines.
pub(crate) fn compile(
    docs: &[Checked<SurchargeDoc>],
    calendars: &HashSet<&str>,
    problems: &mut Vec<Error>,
) -> Vec<Surcharge> {
    let items = unique_items(
        docs,
        "/fees/surcharges",
        ("surcharge", "id"),
        |d| &d.id,
        problems,
    );
    items
        .into_iter()
        .filter_map(|(at, doc)| surcharge(doc, &at, calendars, problems))
        .collect()
}

fn surcharge(
    doc: &SurchargeDoc,
    at: &str,
    calendars: &HashSet<&str>,
    problems: &mut Vec<Error>,
) -> Option<Surcharge> {
    let before = problems.len();
    let label = doc
        .label
        .get(&pointer::push(at, "label"), problems)
        .cloned();
    let mut report = |code: ErrorCode, key: &str, message: String| {
        problems.push(Error::new(code, pointer::join(at, key), message));
    };
    let charge = match (&doc.percent, &doc.amount) {
        (Some(text), None) => match per_mille(text) {
            Some(p) if p > 0 => Some(Charge::PerMille(p)),
            _ => {
                report(
                    ErrorCode::InvalidValue,
                    "percent",
                    format!("\"{text}\" is not a percentage above 0% like \"50%\""),
                );
                None
            }
        },
        (None, Some(text)) => Money::parse(text)
            .map(Charge::Amount)
            .map_err(|reason| report(ErrorCode::InvalidMoney, "amount", reason))
            .ok(),
        _ => {
            report(
                ErrorCode::InvalidValue,
                "",
                "a surcharge is either a \"percent\" of labor or an \"amount\" per order"
                    .to_owned(),
            );
            None
        }
    };
    let local_time = doc.local_time.as_deref().and_then(|text| {
        let parsed = text.split_once('-').and_then(|(from, to)| {
            let seconds = |t: &str| {
                crate::calendar::time_of_day(t)
                    .ok()
                    .map(|t| t.num_seconds_from_midnight())
            };
            Some((seconds(from)?, seconds(to)?))
        });
        match parsed {
            Some((from, to)) if from != to => Some((from, to)),
            _ => {
                report(
                    ErrorCode::InvalidTime,
                    "local_time",
                    format!("\"{text}\" is not an interval of the day like \"20:00-08:00\""),
                );
                None
            }
        }
    });
    if let Some(name) = doc
        .on_closed_day
        .as_deref()
        .filter(|n| !calendars.contains(n))
    {
        report(
            ErrorCode::UnknownCalendar,
            "on_closed_day",
            format!("calendar \"{name}\" is not defined in /calendars"),
        );
    }
    let when = Conditions::compile(&doc.when, &mut report);
    if doc.local_time.is_none() && doc.on_closed_day.is_none() && doc.when.is_empty() {
        report(
            ErrorCode::MissingField,
            "",
            "a surcharge needs a condition (\"local_time\", \"on_closed_day\" or \"when\"): an unconditional charge belongs in the schedule".to_owned(),
        );
    }
    let (label, charge) = (label?, charge?);
    (problems.len() == before).then(|| Surcharge {
        id: doc.id.clone(),
        label,
        charge,
        local_time,
        on_closed_day: doc.on_closed_day.clone(),
        when,
    })
}
