//! WebAssembly bindings: convert at the boundary, nothing else. Every rule lives in the core;
//! this module only turns JS values into Rust values and results/errors back into JS.

use crate::error::Error;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** Stable error codes; branch on these, never on messages. */
export type ErrorCode =
  | "invalid_rule_set" | "json_syntax" | "unknown_key" | "missing_field" | "wrong_type"
  | "invalid_value" | "duplicate_id" | "duplicate_key" | "unknown_priority" | "unknown_input" | "malformed_cell"
  | "invalid_ticket" | "type_mismatch" | "no_match" | "cell_type_mismatch" | "unique_violation"
  | "any_conflict" | "unknown_table" | "invalid_date" | "invalid_time_zone" | "duplicate_version"
  | "no_rule_set_in_effect" | "merge_conflict" | "too_large" | "too_many_rows"
  | "too_many_columns" | "string_too_long" | "invalid_duration" | "invalid_time"
  | "inverted_range" | "overlapping_intervals" | "no_working_time" | "unknown_calendar"
  | "calendar_not_covered" | "invalid_event_log" | "invalid_money" | "money_overflow"
  | "out_of_range" | "unknown_item" | "unknown_reference" | "no_fee_schedule" | "no_kpi";

/** Every error slafee throws: an `Error` named "SlafeeError" with a code and a JSON pointer. */
export interface SlafeeError extends Error {
  name: "SlafeeError";
  code: ErrorCode;
  /** RFC 6901 pointer into the rule set (load errors) or the ticket (evaluation errors). */
  path: string;
  /** For `invalid_rule_set`: every problem found. */
  problems?: { code: ErrorCode; path: string; message: string }[];
}

/** An entry of a ticket's event log. */
export interface TicketEvent {
  /** The event type a target starts, stops, pauses or resumes on (e.g. "responded"). */
  type: string;
  /** RFC 3339 instant with offset; the log is in time order. */
  at: string;
}

/** A ticket: a JSON object; decision tables read its fields by dotted path. */
export interface Ticket {
  /** RFC 3339 instant with offset; picks the rule-set version in effect and starts clocks. */
  created?: string;
  events?: TicketEvent[];
  kind?: string;
  area?: string;
  system?: string;
  description?: string;
  [field: string]: unknown;
}

export interface Label { zh: string; en?: string }

export interface RuleSetRef { id: string; version: string }

/** Per-call options. */
export interface Options {
  /** Record every row tried and, for rows that did not match, the first failing cell. */
  trace?: boolean;
}

/** One row as evaluation saw it. */
export interface RowTrace {
  row: string;
  matched: boolean;
  failed?: { input: string; cell: string; value: unknown };
}

/** What a named table decided. */
export interface Decision {
  rule_set: RuleSetRef;
  table: string;
  /** Rows whose outputs are returned; empty when the default applied. */
  rules: string[];
  outputs: Record<string, string | number | boolean | null>[];
  aggregate?: number;
  trace?: RowTrace[];
}

export type TargetState = "pending" | "running" | "paused" | "met" | "breached" | "breached_met";
export type DurationKind = "calendar" | "business" | "working_days" | "before" | "after" | "next_working_day_at";

/** One SLA target's clock at `now`. Instants are RFC 3339 in the calendar's zone. */
export interface TargetClock {
  target: string;
  kind: DurationKind;
  calendar: string;
  state: TargetState;
  started: string | null;
  stopped: string | null;
  deadline: string | null;
  /** Counted time in the target's own time (working seconds, or wall seconds), pauses excluded. */
  elapsed_seconds: number | null;
  /** Time left to the deadline in the same time; negative once past it. */
  remaining_seconds: number | null;
  warnings: { at: string; instant: string; reached: boolean }[];
  escalations: { reason: string; to: string[]; instant: string }[];
  source?: string;
}

/** Every SLA target of the ticket's priority at `now`. */
export interface Deadlines {
  rule_set: RuleSetRef;
  priority: string;
  now: string;
  targets: TargetClock[];
}

/** Exact money: integer fen and the same amount as text with two decimals. */
export interface Money { fen: number; text: string }

/** One line of a work order. Amounts are decimal text ("20.00"), never numbers. */
export interface OrderLine {
  /** A schedule code; leave it out for an item not on the schedule (then `description`). */
  code?: string;
  description?: string;
  /** Units (a number or decimal text, at most 3 decimals); default 1. */
  quantity?: number | string;
  /** Minutes worked, for time-based items. */
  minutes?: number;
  /** Range items: the technician's figure per unit. Off-schedule items: the quoted labor. */
  labor?: string;
  /** Material entered on site for the whole line (`at_cost`, unpriced `extra`, quotes). */
  material_cost?: string;
  supplied_by?: "resident" | "company";
  /** Off-schedule items: the resident accepted the quote. */
  accepted?: boolean;
}

/** A work order: a ticket with lines; `completed`, `appointment` and `handover` (YYYY-MM-DD) matter. */
export interface Order extends Ticket {
  lines: OrderLine[];
  completed?: string;
  appointment?: string;
  handover?: string;
}

export type FreeReason =
  | { by: "table"; rule: string; reason: Label; source?: string }
  | { by: "warranty"; class: string; label: Label; handover: string; until: string; source?: string };

export interface Note { code: string; zh: string; en: string }

export interface ReceiptLine {
  /** Index of the order line; null for a surcharge line. */
  line: number | null;
  kind: "item" | "off_schedule" | "surcharge";
  status: "priced" | "quote_required" | "quote_accepted";
  code: string | null;
  name: Label;
  category: string | null;
  quantity: string;
  unit: string | null;
  minutes?: number;
  billed_minutes?: number;
  /** Percentage surcharge lines: the rate in per-mille of labor, and the order's labor it applies to. */
  per_mille?: number;
  base?: Money;
  labor: Money | null;
  material: Money | null;
  /** labor + material; a surcharge line's amount. */
  total: Money | null;
  waived?: Money;
  free?: FreeReason;
  notes: Note[];
}

/** The itemised receipt (服务收据). */
export interface Receipt {
  rule_set: RuleSetRef;
  status: "priced" | "quote_required";
  currency: "CNY";
  work_time: { instant: string; basis: "completed" | "appointment" | "now" };
  lines: ReceiptLine[];
  /** Sum of the line totals; null while a quote is required. */
  total: Money | null;
  free: FreeReason | null;
  /** Management-fee statement month, YYYY-MM; null when nothing is due. */
  billing_period: string | null;
  /** The supervisor's review clock, for an order with items not on the schedule. */
  review: TargetClock | null;
}

export type Labor =
  | { kind: "fixed"; price: Money }
  | { kind: "range"; min: Money; max: Money }
  | { kind: "time"; price: Money; per_seconds: number; free_remainder_seconds: number; minimum_seconds: number };

export interface ScheduleItem {
  code: string;
  name: Label;
  category: string;
  unit: string;
  labor: Labor;
  cap?: Money;
  material: { rule: "extra" | "included" | "list_or_own" | "own" | "at_cost"; price?: Money };
  warranty?: string;
  source?: string;
}

export interface Schedule { categories: { id: string; label: Label }[]; items: ScheduleItem[] }

/** A ticket record for KPIs: the ticket, its event log, and what happened after. */
export interface TicketRecord extends Ticket {
  team?: string;
  /** 满意 / 基本满意 / 不满意 as the rule set names them, or a 1-5 score it maps. */
  survey?: { answer?: string; score?: number; at?: string };
  /** The supervisor's revisit after an unsatisfied answer. */
  revisit?: { at: string };
  callbacks?: { at: string; by?: string; issue?: boolean; handled?: boolean }[];
  /** A billed fee (decimal text) and whether it was collected. */
  fee?: { amount: string; collected?: boolean };
}

export type Dimension = "day" | "week" | "month" | "category" | "priority" | "team";

export interface KpiOptions {
  /** RFC 3339: clocks and follow-ups are read at this instant. */
  now: string;
  /** Group dimensions in key order; `overall` is always reported. */
  by?: Dimension[];
}

/** An exact rate; `percent` is rounded half-up to one decimal, null without data. */
export interface Rate { numerator: number; denominator: number; percent: string | null }

export interface ThresholdResult {
  id: string;
  metric: "satisfaction" | "satisfaction_strict" | "timely" | "callback_coverage" | "callback_handling" | "fee_collection" | "time";
  comparison: "at_least" | "at_most";
  target: string;
  value: string | null;
  rate: Rate | null;
  value_seconds: number | null;
  verdict: "pass" | "fail" | "no_data";
  source?: string;
}

export interface GroupReport {
  key: Partial<Record<Dimension, string>>;
  tickets: number;
  metrics: {
    satisfaction: Rate; satisfaction_strict: Rate; timely: Rate;
    timely_by_target: Record<string, Rate>; callback_coverage: Record<string, Rate>;
    callback_handling: Rate; fee_collection: Rate;
    times: { priority: string; target: string; count: number; median_seconds: number | null; p90_seconds: number | null; max_seconds: number | null }[];
    breaches_by_priority: Record<string, number>; breaches_by_category: Record<string, number>;
    revisits_owed: number; revisits_overdue: number; callbacks_overdue: number;
  };
  thresholds: ThresholdResult[];
}

export interface KpiReport {
  rule_set: RuleSetRef;
  now: string;
  by: Dimension[];
  records: number;
  evaluated: number;
  skipped: number;
  /** The first 1,000 skipped records: index in the batch and the error. */
  errors: { index: number; code: ErrorCode; path: string; message: string }[];
  overall: GroupReport;
  groups: GroupReport[];
}

export type FollowUpState = "due" | "overdue" | "done" | "done_late";

export interface FollowUps {
  revisit: { answer: string; by: string; due: string; done: string | null; state: FollowUpState; source?: string } | null;
  callbacks: { id: string; owner: string | null; from: string; due: string; done: string | null; state: FollowUpState; source?: string }[];
}

/** One difference between a case's expectation and the result. */
export interface Mismatch { path: string; expected: unknown; actual: unknown }

export interface CaseReport {
  rule_set: RuleSetRef;
  passed: number;
  failed: number;
  cases: { name: string; call: "classify" | "decide" | "deadlines" | "quote" | "follow_ups" | "kpi"; pass: boolean; mismatches: Mismatch[]; error?: { code: ErrorCode; path: string; message: string } }[];
  coverage: {
    tables: { table: string; rows: number; covered: number; uncovered: string[] }[];
    targets: { targets: number; covered: number; uncovered: string[] };
    items: { items: number; covered: number; uncovered: string[] };
    percent: string | null;
  };
}

export interface Finding {
  kind: "gap" | "overlap" | "conflict" | "unreachable" | "subsumed" | "priority_without_targets" | "calendar_too_short";
  severity: "error" | "warning" | "info";
  /** JSON pointer into the rule set. */
  path: string;
  table?: string;
  rows: string[];
  message: string;
  /** A ticket demonstrating the finding (already evaluated). */
  witness?: Ticket;
  /** The witness as a case for the case file, pinning what the table does now. */
  case?: Record<string, unknown>;
}

export interface LintReport { rule_set: RuleSetRef; errors: number; warnings: number; findings: Finding[] }

export interface DiffReport {
  before: RuleSetRef[];
  after: RuleSetRef[];
  tickets: number;
  /** True when no tickets were given and both versions' witnesses were compared. */
  witnesses: boolean;
  changed: {
    index: number;
    id: unknown;
    changes: { what: "priority" | "deadline" | "state" | "total" | "error"; target?: string; before: unknown; after: unknown }[];
    ticket?: Ticket;
  }[];
}

/** The priority a ticket gets and the table row that decided it. */
export interface Classification {
  rule_set: RuleSetRef;
  priority: string;
  rank: number;
  label: Label;
  /** Id of the row that fired; null when the table's default applied. */
  rule: string | null;
  /** The fired row's source note (seed document and phrase). */
  source?: string;
  /** With `{ trace: true }`: every row tried, in order. */
  trace?: RowTrace[];
}
"#;

/// A rule book of compiled rule sets (versions by effective date). Construction validates
/// everything; every call is synchronous.
#[wasm_bindgen(js_name = Engine)]
pub struct JsEngine {
    inner: crate::Engine,
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Loads a rule set from its JSON text, or from several texts that together make one rule
    /// set (merged in order). Throws a `SlafeeError` listing every problem.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string | string[]")] rules: JsValue,
    ) -> Result<JsEngine, JsValue> {
        let parts = texts(rules)?;
        crate::Engine::from_parts(&parts.iter().map(String::as_str).collect::<Vec<_>>())
            .map(|inner| JsEngine { inner })
            .map_err(to_js_error)
    }

    /// Adds another rule-set version (text or parts). On error the engine is unchanged.
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | string[]")] rules: JsValue,
    ) -> Result<(), JsValue> {
        let parts = texts(rules)?;
        self.inner
            .add_parts(&parts.iter().map(String::as_str).collect::<Vec<_>>())
            .map_err(to_js_error)
    }

    /// The rule sets held, oldest first.
    #[wasm_bindgen(getter = ruleSets, unchecked_return_type = "RuleSetRef[]")]
    pub fn rule_sets(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.rule_sets())
    }

    /// Decides a ticket's priority. Throws a `SlafeeError` for a bad ticket.
    #[wasm_bindgen(unchecked_return_type = "Classification")]
    pub fn classify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket")] ticket: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let ticket = from_js_ticket(ticket)?;
        let result = self
            .inner
            .classify_with(&ticket, options_from(options)?)
            .map_err(to_js_error)?;
        to_js(&result)
    }

    /// Every SLA target of the ticket's priority at `now` (RFC 3339).
    #[wasm_bindgen(unchecked_return_type = "Deadlines")]
    pub fn deadlines(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket")] ticket: JsValue,
        now: &str,
    ) -> Result<JsValue, JsValue> {
        let ticket = from_js_ticket(ticket)?;
        let result = self.inner.deadlines(&ticket, now).map_err(to_js_error)?;
        to_js(&result)
    }

    /// The instant `duration` (e.g. "2h") of working time on `calendar` after `from`.
    #[wasm_bindgen(js_name = addWorkingTime)]
    pub fn add_working_time(
        &self,
        calendar: &str,
        from: &str,
        duration: &str,
    ) -> Result<String, JsValue> {
        self.inner
            .add_working_time(calendar, from, duration)
            .map_err(to_js_error)
    }

    /// Working seconds on `calendar` between two instants.
    #[wasm_bindgen(js_name = workingTimeBetween)]
    pub fn working_time_between(
        &self,
        calendar: &str,
        from: &str,
        to: &str,
    ) -> Result<f64, JsValue> {
        // Seconds within ±2^53 are exact as JS numbers; coverage limits keep them far smaller.
        self.inner
            .working_time_between(calendar, from, to)
            .map(|s| s as f64)
            .map_err(to_js_error)
    }

    /// The close of the `n`th working day after the local date of `from`.
    #[wasm_bindgen(js_name = closeOfWorkingDay)]
    pub fn close_of_working_day(
        &self,
        calendar: &str,
        from: &str,
        n: u32,
    ) -> Result<String, JsValue> {
        self.inner
            .close_of_working_day(calendar, from, n)
            .map_err(to_js_error)
    }

    /// Prices a work order (a ticket with `lines`) into an itemised receipt. `now` (RFC 3339)
    /// is the work's time when the order has neither `completed` nor `appointment`, and the
    /// instant the supervisor's review clock is read at.
    #[wasm_bindgen(unchecked_return_type = "Receipt")]
    pub fn quote(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Order")] order: JsValue,
        now: &str,
    ) -> Result<JsValue, JsValue> {
        let order = from_js_ticket(order)?;
        let result = self.inner.quote(&order, now).map_err(to_js_error)?;
        to_js(&result)
    }

    /// The price schedule of the rule set in effect at `at` (RFC 3339); null when it prices
    /// nothing.
    #[wasm_bindgen(js_name = priceSchedule, unchecked_return_type = "Schedule | null")]
    pub fn price_schedule(&self, at: &str) -> Result<JsValue, JsValue> {
        let schedule = self.inner.price_schedule(at).map_err(to_js_error)?;
        to_js(&schedule)
    }

    /// KPI figures and threshold verdicts over a batch: an array of ticket records, or NDJSON
    /// text (one record per line). A bad record is skipped and reported with its index.
    #[wasm_bindgen(unchecked_return_type = "KpiReport")]
    pub fn kpi(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketRecord[] | string")] records: JsValue,
        #[wasm_bindgen(unchecked_param_type = "KpiOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let mut run = self.kpi_run(options)?;
        if let Some(text) = records.as_string() {
            for line in text.lines() {
                run.add_line(line)?;
            }
        } else if js_sys::Array::is_array(&records) {
            for record in js_sys::Array::from(&records).iter() {
                run.add(record)?;
            }
        } else {
            return Err(to_js_error(Error::new(
                crate::ErrorCode::WrongType,
                "",
                "records are an array of objects or NDJSON text",
            )));
        }
        run.finish()
    }

    /// Starts a streaming KPI run: `add(record)` / `addLine(text)` as records arrive, then
    /// `finish()`. Memory grows with the number of groups, not of records.
    #[wasm_bindgen(js_name = kpiRun)]
    pub fn kpi_run(
        &self,
        #[wasm_bindgen(unchecked_param_type = "KpiOptions")] options: JsValue,
    ) -> Result<JsKpiRun, JsValue> {
        let options: crate::KpiOptions = serde_wasm_bindgen::from_value(options).map_err(|e| {
            to_js_error(Error::new(
                crate::ErrorCode::InvalidValue,
                "",
                format!("bad KPI options: {e}"),
            ))
        })?;
        let inner = self.inner.kpi(&options).map_err(to_js_error)?;
        Ok(JsKpiRun { inner: Some(inner) })
    }

    /// A ticket record's follow-ups at `now`: revisit and call-backs owed, with states.
    #[wasm_bindgen(js_name = followUps, unchecked_return_type = "FollowUps")]
    pub fn follow_ups(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketRecord")] record: JsValue,
        now: &str,
    ) -> Result<JsValue, JsValue> {
        let record = from_js_ticket(record)?;
        to_js(&self.inner.follow_ups(&record, now).map_err(to_js_error)?)
    }

    /// Runs a case file (JSON text): pass/fail with a diff per case, and coverage of the newest
    /// rule set's rows, SLA targets and schedule items.
    #[wasm_bindgen(js_name = runCases, unchecked_return_type = "CaseReport")]
    pub fn run_cases(&self, cases: &str) -> Result<JsValue, JsValue> {
        to_js(&self.inner.run_cases(cases).map_err(to_js_error)?)
    }

    /// Verifies the newest rule set: table gaps, overlaps, unreachable and subsumed rows with
    /// witness tickets and ready-made cases, and cross-section checks.
    #[wasm_bindgen(unchecked_return_type = "LintReport")]
    pub fn lint(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.lint().map_err(to_js_error)?)
    }

    /// Which tickets change priority, a deadline or state, or fee total if `after` replaced
    /// this engine's rule sets; without tickets, both versions' witness tickets are compared.
    #[wasm_bindgen(unchecked_return_type = "DiffReport")]
    pub fn diff(
        &self,
        after: &JsEngine,
        #[wasm_bindgen(unchecked_param_type = "Ticket[] | null | undefined")] tickets: JsValue,
        now: &str,
    ) -> Result<JsValue, JsValue> {
        let tickets: Option<Vec<serde_json::Value>> = if tickets.is_null() || tickets.is_undefined()
        {
            None
        } else {
            Some(serde_wasm_bindgen::from_value(tickets).map_err(|e| {
                to_js_error(Error::new(
                    crate::ErrorCode::InvalidTicket,
                    "",
                    format!("tickets are an array of plain JSON objects: {e}"),
                ))
            })?)
        };
        let report = self
            .inner
            .diff(&after.inner, tickets.as_deref(), now)
            .map_err(to_js_error)?;
        to_js(&report)
    }

    /// Evaluates one of the rule set's named `tables`.
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn decide(
        &self,
        table: &str,
        #[wasm_bindgen(unchecked_param_type = "Ticket")] ticket: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let ticket = from_js_ticket(ticket)?;
        let result = self
            .inner
            .decide(table, &ticket, options_from(options)?)
            .map_err(to_js_error)?;
        to_js(&result)
    }
}

/// A KPI run in progress (from `engine.kpiRun(options)`).
#[wasm_bindgen(js_name = KpiRun)]
pub struct JsKpiRun {
    /// `None` once finished.
    inner: Option<crate::KpiRun>,
}

#[wasm_bindgen(js_class = KpiRun)]
impl JsKpiRun {
    /// Adds one record (a bad one is counted as skipped, with its index).
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "TicketRecord")] record: JsValue,
    ) -> Result<(), JsValue> {
        let run = self.running()?;
        match serde_wasm_bindgen::from_value::<serde_json::Value>(record) {
            Ok(value) => run.add(&value),
            // Not plain JSON data (a function, a symbol…): skipped like any bad record.
            Err(_) => run.add(&serde_json::Value::Null),
        }
        Ok(())
    }

    /// Adds one NDJSON line; blank lines are not records.
    #[wasm_bindgen(js_name = addLine)]
    pub fn add_line(&mut self, line: &str) -> Result<(), JsValue> {
        self.running()?.add_line(line);
        Ok(())
    }

    /// Judges every group and returns the report; the run cannot be used afterwards.
    #[wasm_bindgen(unchecked_return_type = "KpiReport")]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let run = self.inner.take().ok_or_else(finished)?;
        to_js(&run.finish().map_err(to_js_error)?)
    }

    fn running(&mut self) -> Result<&mut crate::KpiRun, JsValue> {
        self.inner.as_mut().ok_or_else(finished)
    }
}

fn finished() -> JsValue {
    to_js_error(Error::new(
        crate::ErrorCode::InvalidValue,
        "",
        "this KPI run is already finished",
    ))
}

/// Accepts one text or an array of texts.
fn texts(value: JsValue) -> Result<Vec<String>, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(vec![text]);
    }
    serde_wasm_bindgen::from_value(value).map_err(|_| {
        to_js_error(Error::new(
            crate::ErrorCode::WrongType,
            "",
            "a rule set is given as JSON text or an array of JSON texts",
        ))
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct JsOptions {
    #[serde(default)]
    trace: bool,
}

fn options_from(value: Option<JsValue>) -> Result<crate::Options, JsValue> {
    let parsed: JsOptions = match value {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            serde_wasm_bindgen::from_value(v).map_err(|e| {
                to_js_error(Error::new(
                    crate::ErrorCode::InvalidValue,
                    "",
                    format!("bad options: {e}"),
                ))
            })?
        }
        _ => JsOptions::default(),
    };
    Ok(crate::Options {
        trace: parsed.trace,
    })
}

fn from_js_ticket(value: JsValue) -> Result<serde_json::Value, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        to_js_error(Error::new(
            crate::ErrorCode::InvalidTicket,
            "",
            format!("the ticket is not plain JSON data: {e}"),
        ))
    })
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

/// Builds the thrown JS error: a real `Error` (with a stack) carrying `code`, `path`, `problems`.
fn to_js_error(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name("SlafeeError");
    let object: &JsValue = js.as_ref();
    let set = |key: &str, value: JsValue| {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(error.code.as_str()));
    set("path", JsValue::from_str(&error.path));
    if !error.problems.is_empty() {
        if let Ok(problems) = to_js(&error.problems) {
            set("problems", problems);
        }
    }
    js.into()
}
