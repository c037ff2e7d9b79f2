//! Pricing a work order: each line from the schedule (or the supervisor's accepted quote),
//! rounded half-up to the fen per amount; caps, warranty and free decisions applied per line,
//! surcharges as lines of their own; the total is the sum of the lines.

use super::order::{self, Line};
use super::receipt::{
    FreeReason, LineKind, LineStatus, Note, QuoteStatus, Receipt, ReceiptLine, WorkTime,
};
use super::surcharge::{Charge, Surcharge};
use super::{Fees, Item, Labor, billing};
use crate::error::{Error, ErrorCode};
use crate::money::{self, Money, Overflow};
use crate::priority::Label;
use crate::ruleset::RuleSet;
use crate::ruleset::fees_doc::MaterialRule;
use crate::ticket::{self, json_type};
use crate::{sla, time, working_time};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use std::collections::HashMap;

/// Prices `order` (a ticket object with `lines`) by the rule set's fees at `now` (Unix seconds).
pub(crate) fn quote<'e>(
    rule_set: &'e RuleSet,
    order: &Value,
    now: i64,
) -> Result<Receipt<'e>, Error> {
    let fees = rule_set.fees.as_ref().ok_or_else(|| {
        Error::new(
            ErrorCode::NoFeeSchedule,
            "",
            format!(
                "rule set {} {} has no \"fees\" section to price orders with",
                rule_set.reference.id, rule_set.reference.version
            ),
        )
    })?;
    ticket::require_object(order)?;
    let lines = order::lines(order)?;
    let (work, basis) = work_time(order, now)?;
    if let Some(created) = order.get("created").and_then(Value::as_str) {
        if basis == "completed" && work < working_time::instant(created, "/created")? {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                "/completed",
                "the work is completed before the ticket was created",
            ));
        }
    }
    let work_path = if basis == "now" {
        "/now".to_owned()
    } else {
        format!("/{basis}")
    };
    let work_date = local_date(work, rule_set);
    let order_free = free_by_table(rule_set, fees, order)?;
    let handover = handover(fees, order)?;
    let mut active = Vec::new();
    for surcharge in &fees.surcharges {
        if surcharge.applies(rule_set, order, work, &work_path)? {
            active.push(surcharge);
        }
    }
    let mut cap_used: HashMap<&str, Money> = HashMap::new();
    let mut out = Vec::with_capacity(lines.len());
    for line in &lines {
        let mut priced = match line.code {
            Some(code) => {
                let item = fees.schedule.item(code).ok_or_else(|| {
                    Error::new(
                        ErrorCode::UnknownItem,
                        line.at("code"),
                        format!("\"{code}\" is not on the price schedule; for an item not on it, leave out \"code\" and describe it"),
                    )
                })?;
                item_line(item, line, &mut cap_used)?
            }
            None => off_schedule_line(line)?,
        };
        if order_free.is_none() {
            if let Some(reason) = warranty(fees, item_of(fees, line), handover, work_date) {
                waive(&mut priced, Some(reason));
            }
        } else {
            waive(&mut priced, None);
        }
        out.push(priced);
    }
    let anything_charged = out.iter().any(|l| l.free.is_none());
    if order_free.is_none() && anything_charged {
        // Percentages apply to the order's labor as one amount, rounded once: per-line rounding
        // of shares split by a cap could make a smaller order dearer by a fen.
        let labor = out.iter().try_fold(Money::ZERO, |sum, line| {
            sum.checked_add(line.labor.unwrap_or_default())
                .map_err(overflow("/lines"))
        })?;
        for surcharge in &active {
            out.push(surcharge_line(surcharge, labor)?);
        }
    }
    let status = if out.iter().any(|l| l.status == LineStatus::QuoteRequired) {
        QuoteStatus::QuoteRequired
    } else {
        QuoteStatus::Priced
    };
    let total = match status {
        QuoteStatus::Priced => Some(out.iter().try_fold(Money::ZERO, |sum, line| {
            sum.checked_add(line.total.unwrap_or_default())
                .map_err(overflow("/lines"))
        })?),
        QuoteStatus::QuoteRequired => None,
    };
    let billing_period = total
        .filter(|t| *t > Money::ZERO)
        .map(|_| billing::period(work_date, fees.cut_off_day));
    let review = match (&fees.quote_review, status) {
        (Some(target), QuoteStatus::QuoteRequired) => {
            sla::target_clock(rule_set, target, order, now)?
        }
        _ => None,
    };
    Ok(Receipt {
        rule_set: &rule_set.reference,
        status,
        currency: "CNY",
        work_time: WorkTime {
            instant: time::format_instant(work, rule_set.zone),
            basis,
        },
        lines: out,
        total,
        free: order_free,
        billing_period,
        review,
    })
}

fn overflow(path: &str) -> impl Fn(Overflow) -> Error + '_ {
    move |Overflow| {
        Error::new(
            ErrorCode::MoneyOverflow,
            path,
            "the amount exceeds the largest amount accepted (100,000,000,000.00)",
        )
    }
}

/// The instant the work is priced at: `completed`, else `appointment`, else `now`.
fn work_time(order: &Value, now: i64) -> Result<(i64, &'static str), Error> {
    for (path, basis) in [("/completed", "completed"), ("/appointment", "appointment")] {
        if let Some(at) = ticket::instant_at(order, path)? {
            return Ok((at, basis));
        }
    }
    Ok((now, "now"))
}

fn local_date(t: i64, rule_set: &RuleSet) -> NaiveDate {
    DateTime::<Utc>::from_timestamp(t, 0)
        .map(|utc| utc.with_timezone(&rule_set.zone).date_naive())
        .unwrap_or_default()
}

/// The free table's verdict on the whole order, if it says `free: true`.
fn free_by_table<'e>(
    rule_set: &'e RuleSet,
    fees: &'e Fees,
    order: &Value,
) -> Result<Option<FreeReason<'e>>, Error> {
    let Some(table) = fees
        .free_table
        .as_ref()
        .and_then(|n| rule_set.tables.get(n))
    else {
        return Ok(None);
    };
    let hit = table.evaluate(order, false)?;
    let Some(outputs) = hit.outputs.first() else {
        return Ok(None);
    };
    if outputs.get("free") != Some(&Value::Bool(true)) {
        return Ok(None);
    }
    let row = hit.rows.first();
    let rule = row.map_or("default", |r| r.id.as_str());
    let text = |key: &str| outputs.get(key).and_then(Value::as_str).map(str::to_owned);
    Ok(Some(FreeReason::Table {
        rule,
        reason: Label {
            zh: text("reason").unwrap_or_else(|| rule.to_owned()),
            en: text("reason_en"),
        },
        source: row.and_then(|r| r.source.as_deref()),
    }))
}

/// The order's handover date, if it gives one.
fn handover(fees: &Fees, order: &Value) -> Result<Option<NaiveDate>, Error> {
    match fees.handover.lookup(order) {
        Value::Null => Ok(None),
        Value::String(text) => time::parse_date(text).map(Some).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidDate,
                fees.handover.pointer(),
                format!("\"{text}\" is not a date like 2024-06-30"),
            )
        }),
        other => Err(Error::new(
            ErrorCode::WrongType,
            fees.handover.pointer(),
            format!(
                "the handover date is text like \"2024-06-30\", got {}",
                json_type(other)
            ),
        )),
    }
}

fn item_of<'f>(fees: &'f Fees, line: &Line<'_>) -> Option<&'f Item> {
    line.code.and_then(|code| fees.schedule.item(code))
}

/// The warranty covering the line's item on `work_date`, if any.
fn warranty<'e>(
    fees: &'e Fees,
    item: Option<&'e Item>,
    handover: Option<NaiveDate>,
    work_date: NaiveDate,
) -> Option<FreeReason<'e>> {
    let (item, handover) = (item?, handover?);
    let class = fees
        .warranty
        .iter()
        .find(|w| Some(w.id.as_str()) == item.warranty.as_deref())?;
    let until = class.last_covered_day(handover)?;
    (work_date <= until).then(|| FreeReason::Warranty {
        class: &class.id,
        label: &class.label,
        handover: handover.to_string(),
        until: until.to_string(),
        source: class.source.as_deref(),
    })
}

/// A key that the line's item does not use.
fn not_used(line: &Line<'_>, key: &str, why: &str) -> Error {
    Error::new(
        ErrorCode::UnknownKey,
        line.at(key),
        format!("\"{key}\" does not apply: {why}"),
    )
}

fn required(line: &Line<'_>, key: &str, why: &str) -> Error {
    Error::new(
        ErrorCode::MissingField,
        line.at(key),
        format!("\"{key}\" is needed: {why}"),
    )
}

fn item_line<'e>(
    item: &'e Item,
    line: &Line<'_>,
    cap_used: &mut HashMap<&'e str, Money>,
) -> Result<ReceiptLine<'e>, Error> {
    let at = overflow(&line.path);
    if line.accepted {
        return Err(not_used(
            line,
            "accepted",
            "only a quote for an item not on the schedule is accepted",
        ));
    }
    if line.description.is_some() {
        return Err(not_used(
            line,
            "description",
            &format!("{} is named by the schedule", item.code),
        ));
    }
    let quantity = line.quantity_or_one();
    let mut notes = Vec::new();
    let (raw_labor, billed_quantity, billed_minutes) = match item.labor {
        Labor::Fixed { price } => {
            if line.labor.is_some() {
                return Err(not_used(
                    line,
                    "labor",
                    &format!("{} has a fixed labor price", item.code),
                ));
            }
            (price.times(quantity).map_err(&at)?, quantity, None)
        }
        Labor::Range { min, max } => {
            let entered = line.labor.ok_or_else(|| {
                required(
                    line,
                    "labor",
                    &format!(
                        "{} is priced by the technician between {min} and {max}",
                        item.code
                    ),
                )
            })?;
            if entered < min || entered > max {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    line.at("labor"),
                    format!(
                        "{entered} is outside the range {min}..{max} posted for {}",
                        item.code
                    ),
                ));
            }
            (entered.times(quantity).map_err(&at)?, quantity, None)
        }
        Labor::Time {
            price,
            per_seconds,
            free_remainder_seconds,
            minimum_seconds,
        } => {
            if line.quantity.is_some() {
                return Err(not_used(
                    line,
                    "quantity",
                    &format!("{} is billed by \"minutes\"", item.code),
                ));
            }
            if line.labor.is_some() {
                return Err(not_used(
                    line,
                    "labor",
                    &format!("{} has a fixed rate", item.code),
                ));
            }
            let minutes = line.minutes.ok_or_else(|| {
                required(line, "minutes", &format!("{} is billed by time", item.code))
            })?;
            let units = increments(
                minutes * 60,
                per_seconds,
                free_remainder_seconds,
                minimum_seconds,
            );
            let labor = price.scale(units, 1).map_err(&at)?;
            (labor, units * money::MILLI, Some(units * per_seconds / 60))
        }
    };
    if line.minutes.is_some() && billed_minutes.is_none() {
        return Err(not_used(
            line,
            "minutes",
            &format!("{} is not billed by time", item.code),
        ));
    }
    let labor = match item.cap {
        Some(cap) => {
            let used = cap_used.entry(item.code.as_str()).or_default();
            let room = Money::from_fen(cap.fen() - used.fen()).unwrap_or_default();
            let labor = raw_labor.min(room);
            *used = used.checked_add(labor).map_err(&at)?;
            if labor < raw_labor {
                notes.push(Note::CAPPED);
            }
            labor
        }
        None => raw_labor,
    };
    // A per-unit material price counts per billed unit, once per line for time-based items.
    let material_units = if billed_minutes.is_some() {
        money::MILLI
    } else {
        quantity
    };
    let material = material(item, line, material_units, &mut notes)?;
    let total = labor.checked_add(material).map_err(&at)?;
    Ok(ReceiptLine {
        line: Some(line.index),
        kind: LineKind::Item,
        status: LineStatus::Priced,
        code: Some(&item.code),
        name: item.name.clone(),
        category: Some(&item.category),
        quantity: money::format_quantity(billed_quantity),
        unit: Some(&item.unit),
        minutes: billed_minutes.and(line.minutes),
        billed_minutes,
        labor: Some(labor),
        material: Some(material),
        per_mille: None,
        base: None,
        total: Some(total),
        waived: None,
        free: None,
        notes,
    })
}

/// Billed increments for `worked` seconds: whole increments, plus one for a remainder longer
/// than the free remainder, and at least the minimum (rounded up to increments).
fn increments(worked: i64, per: i64, free_remainder: i64, minimum: i64) -> i64 {
    let per = per.max(1);
    let units = worked / per + i64::from(worked % per > free_remainder);
    units.max((minimum + per - 1) / per)
}

fn material(
    item: &Item,
    line: &Line<'_>,
    units: i64,
    notes: &mut Vec<Note>,
) -> Result<Money, Error> {
    let at = overflow(&line.path);
    let rule = item.material.rule;
    let entered = |why: &str| {
        line.material_cost
            .ok_or_else(|| required(line, "material_cost", why))
    };
    let no_entry = |why: &str| match line.material_cost {
        Some(_) => Err(not_used(line, "material_cost", why)),
        None => Ok(()),
    };
    match (rule, line.resident_supplies) {
        (MaterialRule::Own, Some(false)) => Err(Error::new(
            ErrorCode::InvalidValue,
            line.at("supplied_by"),
            format!(
                "the schedule says the resident supplies the material for {}",
                item.code
            ),
        )),
        (MaterialRule::Own, _) => {
            no_entry("the resident supplies the material")?;
            notes.push(Note::RESIDENT_MUST_SUPPLY);
            Ok(Money::ZERO)
        }
        (_, Some(true)) => {
            no_entry("the resident supplies the material")?;
            notes.push(Note::RESIDENT_SUPPLIED);
            Ok(Money::ZERO)
        }
        (MaterialRule::Included, _) => {
            no_entry("the price includes the material")?;
            notes.push(Note::MATERIAL_INCLUDED);
            Ok(Money::ZERO)
        }
        (MaterialRule::ListOrOwn | MaterialRule::Extra, _) if item.material.price.is_some() => {
            no_entry("the material has a posted price")?;
            item.material
                .price
                .unwrap_or_default()
                .times(units)
                .map_err(&at)
        }
        (MaterialRule::Extra, _) => {
            entered("the material is charged at the amount entered on site")
        }
        (MaterialRule::AtCost | MaterialRule::ListOrOwn, _) => {
            let cost = entered("the material is charged at cost")?;
            notes.push(Note::AT_COST);
            Ok(cost)
        }
    }
}

fn off_schedule_line<'e>(line: &Line<'_>) -> Result<ReceiptLine<'e>, Error> {
    let description = line.description.ok_or_else(|| {
        required(
            line,
            "description",
            "a line without a schedule code describes the work",
        )
    })?;
    if line.resident_supplies == Some(true) && line.material_cost.is_some() {
        return Err(not_used(
            line,
            "material_cost",
            "the resident supplies the material",
        ));
    }
    if let Some(key) = [
        ("minutes", line.minutes.is_some()),
        ("quantity", line.quantity.is_some()),
    ]
    .into_iter()
    .find_map(|(key, given)| given.then_some(key))
    {
        return Err(not_used(
            line,
            key,
            "an item not on the schedule is priced by its quote, for the whole line",
        ));
    }
    let mut notes = Vec::new();
    let (status, labor, material) = if line.accepted {
        let labor = line
            .labor
            .ok_or_else(|| required(line, "labor", "an accepted quote states its labor"))?;
        let material = if line.resident_supplies == Some(true) {
            if line.material_cost.is_some() {
                return Err(not_used(
                    line,
                    "material_cost",
                    "the resident supplies the material",
                ));
            }
            notes.push(Note::RESIDENT_SUPPLIED);
            Money::ZERO
        } else {
            line.material_cost.unwrap_or_default()
        };
        notes.push(Note::QUOTE_ACCEPTED);
        (LineStatus::QuoteAccepted, Some(labor), Some(material))
    } else {
        notes.push(Note::AWAITING_QUOTE);
        (LineStatus::QuoteRequired, None, None)
    };
    let total = match (labor, material) {
        (Some(l), Some(m)) => Some(l.checked_add(m).map_err(overflow(&line.path))?),
        _ => None,
    };
    Ok(ReceiptLine {
        line: Some(line.index),
        kind: LineKind::OffSchedule,
        status,
        code: None,
        name: Label {
            zh: description.to_owned(),
            en: None,
        },
        category: None,
        quantity: money::format_quantity(line.quantity_or_one()),
        unit: None,
        minutes: None,
        billed_minutes: None,
        labor,
        material,
        per_mille: None,
        base: None,
        total,
        waived: None,
        free: None,
        notes,
    })
}

/// Makes a line free: what it would have cost becomes `waived`; `reason` is the line's own
/// (a warranty), or `None` when the whole order is free.
fn waive<'e>(priced: &mut ReceiptLine<'e>, reason: Option<FreeReason<'e>>) {
    priced.waived = Some(priced.total.unwrap_or_default());
    priced.labor = Some(Money::ZERO);
    priced.material = Some(Money::ZERO);
    priced.total = Some(Money::ZERO);
    if priced.status == LineStatus::QuoteRequired {
        // Nothing is charged, so nothing needs quoting.
        priced.status = LineStatus::Priced;
        priced.notes.retain(|n| *n != Note::AWAITING_QUOTE);
    }
    priced.free = reason;
}

/// A surcharge as its own receipt line: a fixed amount, or a percentage of the order's labor.
fn surcharge_line(surcharge: &Surcharge, labor: Money) -> Result<ReceiptLine<'_>, Error> {
    let (amount, per_mille, base) = match surcharge.charge {
        Charge::Amount(amount) => (amount, None, None),
        Charge::PerMille(per_mille) => (
            labor
                .scale(i64::from(per_mille), 1000)
                .map_err(overflow("/lines"))?,
            Some(per_mille),
            Some(labor),
        ),
    };
    Ok(ReceiptLine {
        line: None,
        kind: LineKind::Surcharge,
        status: LineStatus::Priced,
        code: Some(&surcharge.id),
        name: surcharge.label.clone(),
        category: None,
        quantity: "1".to_owned(),
        unit: None,
        minutes: None,
        billed_minutes: None,
        per_mille,
        base,
        labor: None,
        material: None,
        total: Some(amount),
        waived: None,
        free: None,
        notes: Vec::new(),
    })
}
