//! One call for everything the desk needs to know about a ticket at an instant — its priority,
//! every SLA clock, the fee of its work order and the follow-ups it owes — and the same over a
//! batch of NDJSON lines, with a bad record's error in its place (a bad record never stops a
//! batch).

use crate::classify::Classification;
use crate::engine::{Engine, Options};
use crate::error::{Error, ErrorCode};
use crate::fees::{self, Receipt};
use crate::input::{self, Source};
use crate::kpi::FollowUps;
use crate::ndjson::Lines;
use crate::sla::{PriorityChange, TargetClock};
use crate::working_time;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::Write as _;

/// Everything about one ticket at `now`, from the rule set in effect at its `created` instant.
///
/// - priority: `priority`, `rank`, `label`, `rule`, `source` — as [`Engine::classify`];
/// - SLA: `sla_priority` (the classified priority, or the latest `priority_changed` event at or
///   before `now`), `priority_changed`, `targets` — as [`Engine::deadlines`];
/// - `fee`: the receipt of [`Engine::quote`] when the ticket is a work order (it has `lines`);
///   omitted for a ticket without `lines` (nothing to price). A ticket with `lines` under a rule
///   set without `fees` is the error `no_fee_schedule`, as for a quote;
/// - `follow_ups`: as [`Engine::follow_ups`] when the rule set in effect at `now` has a `kpi`
///   section; omitted otherwise.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Evaluation<'e> {
    /// The classification, its fields at the top level (as `classify` writes them; no trace).
    #[serde(flatten)]
    pub classification: Classification<'e>,
    /// The instant the clocks were read at, in the rule set's zone.
    pub now: String,
    /// The priority whose SLA targets apply.
    pub sla_priority: &'e str,
    /// The latest `priority_changed` event at or before `now`, and how the clocks were re-timed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_changed: Option<PriorityChange<'e>>,
    pub targets: Vec<TargetClock<'e>>,
    /// The receipt (as `quote`) when the ticket is a work order with `lines`; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee: Option<Receipt<'e>>,
    /// The follow-ups (as `followUps`) when the rule set in effect at `now` has a `kpi` section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_ups: Option<FollowUps>,
}

/// What a batch computes for each record: `evaluate` (default), or one specific call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum BatchCall {
    /// [`Engine::evaluate`] (the default).
    #[default]
    Evaluate,
    /// [`Engine::classify`] only (no clock is read; `now` is still checked).
    Classify,
    /// [`Engine::deadlines`]: every SLA target's clock at `now`.
    Deadlines,
    /// [`Engine::quote`]: each record is a work order, priced into a receipt at `now`.
    Quote,
}

/// A streaming batch over NDJSON bytes: feed chunks as a file or stream delivers them (a chunk
/// may end mid-line), get back one NDJSON result line per non-blank input line, in input order:
/// `{"line":N,...result}`, or `{"line":N,"error":{"code","path","message"}}` in its place.
/// Memory holds one partial line at most.
#[derive(Debug)]
pub struct Batch {
    engine: Engine,
    now: String,
    call: BatchCall,
    lines: Lines,
    records: u64,
    errors: u64,
}

impl Batch {
    /// Feeds a chunk; returns the result lines of the lines it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> String {
        utf8(self.feed_bytes(chunk))
    }

    /// Ends the input (a last line without a newline is still a line); returns its result.
    pub fn finish(&mut self) -> String {
        utf8(self.finish_bytes())
    }

    /// [`Batch::feed`], the result lines as UTF-8 bytes (for a file or stream).
    pub fn feed_bytes(&mut self, chunk: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut lines = std::mem::take(&mut self.lines);
        lines.feed(chunk, |line, text| self.record(line, text, &mut out));
        self.lines = lines;
        out
    }

    /// [`Batch::finish`], the result as UTF-8 bytes.
    pub fn finish_bytes(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut lines = std::mem::take(&mut self.lines);
        lines.finish(|line, text| self.record(line, text, &mut out));
        self.lines = lines;
        out
    }

    /// Numbers the lines from `first` (1-based) instead of 1: for a part of a larger input cut
    /// at a line boundary (worker threads each take a part). Call before the first `feed`.
    pub fn starting_at_line(mut self, first: u64) -> Self {
        self.lines = Lines::starting_at(first);
        self
    }

    /// Records (non-blank lines) seen so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Records whose result is an error, so far.
    pub fn errors(&self) -> u64 {
        self.errors
    }

    /// Appends the line's result, `{"line":N,...result}`, serialized in place: the result's
    /// own `{` becomes the `,` after the line number.
    fn record(&mut self, line: u64, text: Result<&str, Error>, out: &mut Vec<u8>) {
        self.records += 1;
        let start = out.len();
        let _ = write!(out, "{{\"line\":{line}");
        let at = out.len();
        let result = text.and_then(|text| {
            let ticket = input::parse(text, Source::Record).map_err(first_error)?;
            self.engine.write_json(self.call, &ticket, &self.now, out)
        });
        match result {
            Ok(()) if out.get(at..) == Some(b"{}") => {
                out.truncate(at);
                out.push(b'}');
            }
            Ok(()) => {
                if let Some(brace) = out.get_mut(at) {
                    *brace = b',';
                }
            }
            Err(error) => {
                self.errors += 1;
                out.truncate(start);
                let _ = write!(out, "{{\"line\":{line},\"error\":{}}}", error_json(&error));
            }
        }
        out.push(b'\n');
    }
}

/// Bytes this module wrote (JSON, numbers, ASCII) as text.
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The first of a parse's errors (a parse reports at least one).
pub(crate) fn first_error(errors: Vec<Error>) -> Error {
    errors
        .into_iter()
        .next()
        .unwrap_or_else(|| Error::new(ErrorCode::JsonSyntax, "", "the line is not JSON"))
}

/// `{"code","path","message"}` of an error, as JSON text.
pub(crate) fn error_json(error: &Error) -> String {
    let plain = Error::new(error.code, error.path.clone(), error.message.clone());
    serde_json::to_string(&plain).unwrap_or_else(|_| "{}".to_owned())
}

/// Appends `value` as JSON to `out`; on failure `out` may hold part of it.
fn serialize_into<T: Serialize>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    serde_json::to_writer(out, value).map_err(|e| {
        Error::new(
            ErrorCode::InvalidValue,
            "",
            format!("the result could not be written as JSON: {e}"),
        )
    })
}

impl Engine {
    /// Everything about a ticket at `now` (RFC 3339) in one call: see [`Evaluation`].
    pub fn evaluate(&self, ticket: &Value, now: &str) -> Result<Evaluation<'_>, Error> {
        let rule_set = self.select(ticket)?;
        let now_at = working_time::instant(now, "/now")?;
        let class = Classification::decide(rule_set, ticket, Options::default())?;
        let clocks = crate::engine::clocks(rule_set, ticket, class.priority, now_at)?;
        let fee = match ticket.get("lines") {
            None | Some(Value::Null) => None,
            Some(_) => Some(fees::quote(rule_set, ticket, now_at)?),
        };
        let kpi_at_now = self
            .in_effect(chrono::DateTime::from_timestamp(now_at, 0))
            .map(|r| r.kpi.is_some())
            .unwrap_or(false);
        let follow_ups = if kpi_at_now {
            Some(self.follow_ups(ticket, now)?)
        } else {
            None
        };
        Ok(Evaluation {
            classification: class,
            now: clocks.now,
            sla_priority: clocks.priority,
            priority_changed: clocks.priority_changed,
            targets: clocks.targets,
            fee,
            follow_ups,
        })
    }

    /// Starts a streaming batch (see [`Batch`]) of `call` at `now`, checked here once.
    pub fn batch(&self, now: &str, call: BatchCall) -> Result<Batch, Error> {
        working_time::instant(now, "/now")?;
        Ok(Batch {
            engine: self.clone(),
            now: now.to_owned(),
            call,
            lines: Lines::default(),
            records: 0,
            errors: 0,
        })
    }

    /// `call` over NDJSON text: one result line per non-blank line, in order, each
    /// `{"line":N,...result}` or `{"line":N,"error":{…}}`. Only a bad `now` fails the batch.
    pub fn evaluate_batch(
        &self,
        ndjson: &str,
        now: &str,
        call: BatchCall,
    ) -> Result<String, Error> {
        let mut batch = self.batch(now, call)?;
        let mut out = batch.feed(ndjson.as_bytes());
        out.push_str(&batch.finish());
        Ok(out)
    }

    /// `call` over NDJSON text as one JSON array: `[{"line":N,...result} | {"line":N,"error":{…}}, …]`.
    pub fn evaluate_batch_array(
        &self,
        ndjson: &str,
        now: &str,
        call: BatchCall,
    ) -> Result<String, Error> {
        let lines = self.evaluate_batch(ndjson, now, call)?;
        // Serialized JSON holds no raw newline: each one ends a result.
        Ok(format!("[{}]", lines.trim_end().replace('\n', ",")))
    }

    /// `call` over tickets already read (a read error stands in its place), as one JSON array of
    /// results or `{"error":{…}}` objects, in order.
    pub fn evaluate_each(
        &self,
        tickets: impl IntoIterator<Item = Result<Value, Error>>,
        now: &str,
        call: BatchCall,
    ) -> Result<String, Error> {
        working_time::instant(now, "/now")?;
        let mut out = vec![b'['];
        for (index, ticket) in tickets.into_iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            let start = out.len();
            if let Err(error) = ticket.and_then(|t| self.write_json(call, &t, now, &mut out)) {
                out.truncate(start);
                let _ = write!(out, "{{\"error\":{}}}", error_json(&error));
            }
        }
        out.push(b']');
        Ok(utf8(out))
    }

    /// Appends the result of `call` for one ticket to `out` as a JSON object.
    fn write_json(
        &self,
        call: BatchCall,
        ticket: &Value,
        now: &str,
        out: &mut Vec<u8>,
    ) -> Result<(), Error> {
        match call {
            BatchCall::Evaluate => serialize_into(out, &self.evaluate(ticket, now)?),
            BatchCall::Classify => serialize_into(out, &self.classify(ticket)?),
            BatchCall::Deadlines => serialize_into(out, &self.deadlines(ticket, now)?),
            BatchCall::Quote => serialize_into(out, &self.quote(ticket, now)?),
        }
    }
}
