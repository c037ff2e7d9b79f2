//! A ticket's event log (`events: [{ "type": "responded", "at": "…" }, …]`), validated and in
//! time order. Clocks replay it; events after `now` have not happened yet.

use crate::error::{Error, ErrorCode};
use crate::ticket::json_type;
use crate::working_time::{instant, instant_or};
use serde_json::Value;

/// The event type that changes a ticket's priority (with `"priority": "<id>"`).
pub(crate) const PRIORITY_CHANGED: &str = "priority_changed";

#[derive(Debug, Clone)]
pub(crate) struct Event<'t> {
    pub kind: &'t str,
    pub at: i64,
    /// `priority_changed` events: the new priority.
    pub priority: Option<&'t str>,
    /// Index in the ticket's `events`, for error paths.
    pub index: usize,
}

/// Reads `created` (as a `created` event) and `events`, rejecting malformed or out-of-order
/// entries with their path, and keeps those at or before `now`.
pub(crate) fn read(ticket: &Value, now: i64) -> Result<Vec<Event<'_>>, Error> {
    let created = match ticket.get("created") {
        Some(Value::String(text)) => instant(text, "/created")?,
        Some(other) => {
            return Err(Error::new(
                ErrorCode::WrongType,
                "/created",
                format!(
                    "created is an RFC 3339 instant text, got {}",
                    json_type(other)
                ),
            ));
        }
        None => {
            return Err(Error::new(
                ErrorCode::MissingField,
                "/created",
                "deadlines need the ticket's created instant",
            ));
        }
    };
    let list = match ticket.get("events") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(list)) => list.as_slice(),
        Some(other) => {
            return Err(Error::new(
                ErrorCode::WrongType,
                "/events",
                format!("events is a list, got {}", json_type(other)),
            ));
        }
    };
    let mut out = Vec::with_capacity(list.len() + 1);
    out.push(Event {
        kind: "created",
        at: created,
        priority: None,
        index: usize::MAX,
    });
    for (index, event) in list.iter().enumerate() {
        let path = |key: &str| format!("/events/{index}/{key}");
        if !event.is_object() {
            return Err(Error::new(
                ErrorCode::WrongType,
                format!("/events/{index}"),
                format!("an event is an object, got {}", json_type(event)),
            ));
        }
        let kind = event.get("type").and_then(Value::as_str).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidEventLog,
                path("type"),
                "each event needs a text \"type\"",
            )
        })?;
        let text = event.get("at").and_then(Value::as_str).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidEventLog,
                path("at"),
                "each event needs an instant \"at\"",
            )
        })?;
        let at = instant_or(text, || path("at"))?;
        if let Some(previous) = out.last().filter(|p| p.at > at) {
            let what = if previous.index == usize::MAX {
                "the ticket's creation".to_owned()
            } else {
                format!("event {}", previous.index)
            };
            return Err(Error::new(
                ErrorCode::InvalidEventLog,
                path("at"),
                format!(
                    "event {index} ({kind}) is earlier than {what}: the log must be in time order"
                ),
            ));
        }
        let priority = event.get("priority").and_then(Value::as_str);
        if kind == PRIORITY_CHANGED && priority.is_none() {
            return Err(Error::new(
                ErrorCode::InvalidEventLog,
                path("priority"),
                "a priority_changed event names the new \"priority\"",
            ));
        }
        out.push(Event {
            kind,
            at,
            priority,
            index,
        });
    }
    out.retain(|e| e.at <= now);
    Ok(out)
}
