//! Document → [`RuleSet`]: checks every reference, date, zone and table, collecting all problems.

use super::RuleSet;
use super::checked::Checked;
use super::doc::{RuleSetDoc, TableDoc};
use crate::calendar::{self, Calendar};
use crate::engine::RuleSetRef;
use crate::error::{Error, ErrorCode};
use crate::pointer;
use crate::priority::Priority;
use crate::sla;
use crate::table::Table;
use crate::table::compile::OutputSpec;
use crate::ticket::json_type;
use crate::time;
use chrono_tz::Tz;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// Compiles a document; on failure returns every problem found.
pub(crate) fn compile(doc: &RuleSetDoc) -> Result<RuleSet, Vec<Error>> {
    let mut problems = Vec::new();
    let effective_from = time::parse_date(&doc.effective_from);
    if effective_from.is_none() {
        problems.push(Error::new(
            ErrorCode::InvalidDate,
            "/effective_from",
            format!("\"{}\" is not a date like 2026-01-01", doc.effective_from),
        ));
    }
    let zone = time::parse_zone(&doc.time_zone);
    if zone.is_none() {
        problems.push(Error::new(
            ErrorCode::InvalidTimeZone,
            "/time_zone",
            format!(
                "\"{}\" is not an IANA time zone like Asia/Shanghai",
                doc.time_zone
            ),
        ));
    }
    if let Some(currency) = doc.currency.as_deref().filter(|c| *c != "CNY") {
        problems.push(Error::new(
            ErrorCode::InvalidValue,
            "/currency",
            format!("currency \"{currency}\" is not supported (only CNY)"),
        ));
    }
    let priorities = compile_priorities(doc, &mut problems);
    // Ids of priorities already reported as malformed: rows naming them are not dangling.
    let broken: HashSet<&str> = doc
        .priorities
        .iter()
        .filter_map(|checked| match checked {
            Checked::Ok(p) => Some(p.id.as_str()),
            Checked::Invalid(..) => checked.raw_id(),
        })
        .filter(|id| !priorities.iter().any(|p| p.id == *id))
        .collect();
    let classify = compile_classify(doc, &priorities, &broken, &mut problems);
    let tables = compile_tables(doc, &mut problems);
    let calendars = zone
        .map(|zone| compile_calendars(doc, zone, &mut problems))
        .unwrap_or_default();
    // Targets may name any calendar the document declares, even one that failed to compile
    // (its own problems are already reported).
    let calendar_names: HashSet<&str> = doc
        .calendars
        .keys()
        .map(String::as_str)
        .chain([ALWAYS_OPEN])
        .collect();
    let targets = sla::compile(doc, &priorities, &calendar_names, &mut problems);
    let fees = compile_fees(doc, &calendar_names, &mut problems);
    let kpi = doc
        .kpi
        .as_ref()
        .and_then(|k| k.get("/kpi", &mut problems))
        .and_then(|k| crate::kpi::compile(k, &calendar_names, &mut problems));

    let effective_instant = effective_from
        .zip(zone)
        .and_then(|(date, zone)| time::start_of_day(date, zone));
    match (effective_from, effective_instant, zone, classify) {
        (Some(effective_from), Some(effective_instant), Some(zone), Some(classify))
            if problems.is_empty() =>
        {
            Ok(RuleSet {
                reference: RuleSetRef {
                    id: doc.id.clone(),
                    version: doc.version.clone(),
                },
                effective_from,
                effective_instant,
                zone,
                priorities,
                classify,
                tables,
                calendars,
                sla: targets,
                on_priority_change: doc.on_priority_change,
                fees,
                kpi,
            })
        }
        _ => Err(problems),
    }
}

fn compile_priorities(doc: &RuleSetDoc, problems: &mut Vec<Error>) -> Vec<Priority> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(doc.priorities.len());
    for (i, checked) in doc.priorities.iter().enumerate() {
        let at = pointer::from_tokens(["priorities", &i.to_string()]);
        let Some(p) = checked.get(&at, problems) else {
            continue;
        };
        let Some(label) = p.label.get(&pointer::push(&at, "label"), problems) else {
            continue;
        };
        if !seen.insert(p.id.as_str()) {
            problems.push(Error::new(
                ErrorCode::DuplicateId,
                pointer::push(&at, "id"),
                format!("priority id \"{}\" is declared twice", p.id),
            ));
        }
        out.push(Priority {
            id: p.id.clone(),
            rank: p.rank,
            label: label.clone(),
        });
    }
    if doc.priorities.is_empty() {
        problems.push(Error::new(
            ErrorCode::InvalidValue,
            "/priorities",
            "a rule set must declare at least one priority",
        ));
    }
    out
}

/// The classification table's single output, `priority`, must name a declared priority; the
/// `priority` hit policy ranks rows by that priority's rank.
fn compile_classify(
    doc: &RuleSetDoc,
    priorities: &[Priority],
    broken: &HashSet<&str>,
    problems: &mut Vec<Error>,
) -> Option<Table> {
    let table = doc.classify.get("/classify", problems)?;
    let find = |value: &Value| {
        value
            .as_str()
            .and_then(|id| priorities.iter().find(|p| p.id == id))
    };
    let check = |_: &str, value: &Value| match value {
        Value::String(id) if find(value).is_none() && !broken.contains(id.as_str()) => Some((
            ErrorCode::UnknownPriority,
            format!("priority \"{id}\" is not declared in /priorities"),
        )),
        Value::String(_) => None,
        other => Some((
            ErrorCode::WrongType,
            format!("a priority is a text id, got {}", json_type(other)),
        )),
    };
    let rank =
        |outputs: &BTreeMap<String, Value>| outputs.get("priority").and_then(find).map(|p| p.rank);
    let spec = OutputSpec {
        columns: vec!["priority".to_owned()],
        check: &check,
        rank: &rank,
        single_hit: true,
    };
    Some(Table::compile(table, "/classify", problems, &spec))
}

/// The rule set's calendars, plus the built-in always-open `24x7` unless the rule set names one.
fn compile_calendars(
    doc: &RuleSetDoc,
    zone: Tz,
    problems: &mut Vec<Error>,
) -> BTreeMap<String, Calendar> {
    let mut calendars = BTreeMap::new();
    for (name, checked) in &doc.calendars {
        let at = pointer::from_tokens(["calendars", name]);
        if let Some(calendar) = checked
            .get(&at, problems)
            .and_then(|c| calendar::compile(c, zone, &at, problems))
        {
            calendars.insert(name.clone(), calendar);
        }
    }
    calendars
        .entry(ALWAYS_OPEN.to_owned())
        .or_insert_with(|| Calendar::always_open(zone));
    calendars
}

/// The `fees` section, if any. References to SLA targets may name any target the document
/// declares, even a malformed one (its own problem is already reported).
fn compile_fees(
    doc: &RuleSetDoc,
    calendars: &HashSet<&str>,
    problems: &mut Vec<Error>,
) -> Option<crate::fees::Fees> {
    let section = doc.fees.as_ref()?.get("/fees", problems)?;
    let targets = doc
        .sla
        .values()
        .flatten()
        .filter_map(|checked| match checked {
            Checked::Ok(t) => Some(t.id.as_str()),
            Checked::Invalid(..) => checked.raw_id(),
        })
        .collect();
    let names = crate::fees::Names { calendars, targets };
    crate::fees::compile(doc, section, &names, problems)
}

/// The name of the built-in always-open calendar.
pub(crate) const ALWAYS_OPEN: &str = "24x7";

fn compile_tables(doc: &RuleSetDoc, problems: &mut Vec<Error>) -> BTreeMap<String, Table> {
    let mut tables = BTreeMap::new();
    for (name, checked) in &doc.tables {
        let at = pointer::from_tokens(["tables", name]);
        if let Some(table) = checked.get(&at, problems) {
            tables.insert(name.clone(), compile_named_table(table, &at, problems));
        }
    }
    tables
}

/// Named tables declare their outputs; values are any JSON scalar, and `output_order` ranks the
/// first output's values for the `priority` hit policy.
fn compile_named_table(table: &TableDoc, at: &str, problems: &mut Vec<Error>) -> Table {
    let columns = table.outputs.clone().unwrap_or_default();
    if columns.is_empty() {
        problems.push(Error::new(
            ErrorCode::MissingField,
            at,
            "a named table must declare its \"outputs\"",
        ));
    }
    let check = |_: &str, value: &Value| match value {
        Value::Array(_) | Value::Object(_) => Some((
            ErrorCode::WrongType,
            format!(
                "an output is text, a number, a boolean or null, got {}",
                json_type(value)
            ),
        )),
        _ => None,
    };
    let order = table.output_order.clone().unwrap_or_default();
    let first = columns.first().cloned().unwrap_or_default();
    let rank = |outputs: &BTreeMap<String, Value>| {
        let value = outputs.get(&first)?;
        order
            .iter()
            .position(|o| o == value)
            .and_then(|i| u32::try_from(i).ok())
    };
    let spec = OutputSpec {
        columns: columns.clone(),
        check: &check,
        rank: &rank,
        single_hit: false,
    };
    Table::compile(table, at, problems, &spec)
}
