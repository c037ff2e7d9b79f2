//! Version diff: which tickets would change priority, any deadline or clock state, or fee
//! total if one rule set replaced another — over given tickets, or over the witness tickets of
//! both versions' classification tables when none are given.

use crate::engine::{Engine, Options, RuleSetRef};
use crate::error::Error;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One changed answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Change {
    /// `priority`, `deadline`, `state`, `total` or `error`.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "\"priority\" | \"deadline\" | \"state\" | \"total\" | \"error\"")
    )]
    pub what: &'static str,
    /// For `deadline` and `state`: the target (and cycle, when more than the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub before: Value,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub after: Value,
}

/// A ticket whose answers differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TicketDiff {
    /// Position in the batch.
    pub index: usize,
    /// The ticket's `id`, when it has one.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub id: Option<Value>,
    pub changes: Vec<Change>,
    /// The ticket itself when it is a generated witness (the caller has no copy of it).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Ticket"))]
    pub ticket: Option<Value>,
}

/// Which tickets' answers change if `after` replaced the engine's rule sets.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DiffReport {
    pub before: Vec<RuleSetRef>,
    pub after: Vec<RuleSetRef>,
    /// Tickets compared, and whether they were generated witnesses.
    pub tickets: usize,
    pub witnesses: bool,
    pub changed: Vec<TicketDiff>,
}

/// What one engine answers for one ticket, flattened for comparison.
fn answers(engine: &Engine, ticket: &Value, now: &str) -> BTreeMap<(&'static str, String), Value> {
    let mut out = BTreeMap::new();
    let error = |e: Error| Value::String(e.code.as_str().to_owned());
    match engine.classify_with(ticket, Options::default()) {
        Ok(c) => out.insert(
            ("priority", String::new()),
            Value::String(c.priority.to_owned()),
        ),
        Err(e) => out.insert(("error", "classify".to_owned()), error(e)),
    };
    if ticket.get("created").is_some() {
        match engine.deadlines(ticket, now) {
            Ok(d) => {
                for clock in &d.targets {
                    let key = if clock.cycle > 1 {
                        format!("{}#{}", clock.target, clock.cycle)
                    } else {
                        clock.target.to_owned()
                    };
                    let deadline = clock.deadline.clone().map_or(Value::Null, Value::String);
                    out.insert(("deadline", key.clone()), deadline);
                    out.insert(
                        ("state", key),
                        serde_json::to_value(clock.state).unwrap_or_default(),
                    );
                }
            }
            Err(e) => {
                out.insert(("error", "deadlines".to_owned()), error(e));
            }
        }
    }
    if ticket.get("lines").is_some() {
        let total = engine.quote(ticket, now).map(|r| {
            r.total
                .map_or(Value::Null, |t| Value::String(t.to_string()))
        });
        match total {
            Ok(total) => out.insert(("total", String::new()), total),
            Err(e) => out.insert(("error", "quote".to_owned()), error(e)),
        };
    }
    out
}

/// Compares `before` and `after` over `tickets` (or their witnesses) at `now`.
pub(crate) fn diff(
    before: &Engine,
    after: &Engine,
    tickets: Option<&[Value]>,
    now: &str,
) -> Result<DiffReport, Error> {
    crate::working_time::instant(now, "/now")?;
    if let Some(tickets) = tickets.filter(|t| t.len() > crate::limits::MAX_BATCH_RECORDS) {
        return Err(crate::input::too_many_records(String::new(), tickets.len()));
    }
    let generated;
    let (tickets, witnesses) = match tickets {
        Some(t) => (t, false),
        None => {
            let mut all = Vec::new();
            for engine in [before, after] {
                let newest = engine.newest()?;
                for ticket in newest.classify.sample_tickets() {
                    if !all.contains(&ticket) {
                        all.push(ticket);
                    }
                }
            }
            generated = all;
            (generated.as_slice(), true)
        }
    };
    let mut changed = Vec::new();
    for (index, ticket) in tickets.iter().enumerate() {
        let (a, b) = (answers(before, ticket, now), answers(after, ticket, now));
        let keys: std::collections::BTreeSet<&(&'static str, String)> =
            a.keys().chain(b.keys()).collect();
        let changes: Vec<Change> = keys
            .into_iter()
            .filter_map(|key| {
                let (x, y) = (
                    a.get(key).cloned().unwrap_or(Value::Null),
                    b.get(key).cloned().unwrap_or(Value::Null),
                );
                (x != y).then(|| Change {
                    what: key.0,
                    target: (!key.1.is_empty()).then(|| key.1.clone()),
                    before: x,
                    after: y,
                })
            })
            .collect();
        if !changes.is_empty() {
            changed.push(TicketDiff {
                index,
                id: ticket.get("id").cloned(),
                changes,
                ticket: witnesses.then(|| ticket.clone()),
            });
        }
    }
    Ok(DiffReport {
        before: before.rule_sets(),
        after: after.rule_sets(),
        tickets: tickets.len(),
        witnesses,
        changed,
    })
}
