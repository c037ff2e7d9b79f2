//! WebAssembly bindings: convert at the boundary, nothing else. Every rule lives in the core;
//! this module only turns JS values into Rust values and results/errors back into JS.

use crate::error::Error;
use crate::{input, limits};
use serde::Serialize;
use wasm_bindgen::JsCast;
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
  | "out_of_range" | "unknown_item" | "unknown_reference" | "no_fee_schedule" | "no_kpi"
  | "too_deep" | "too_many_items" | "too_many_cases" | "too_many_records";

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
  /** The first 1,000 skipped records: index in the batch (and line, when fed by `addNdjson`) and the error. */
  errors: { index: number; line?: number; code: ErrorCode; path: string; message: string }[];
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
        let parts = texts(&rules)?;
        crate::Engine::from_parts(&parts.iter().map(String::as_str).collect::<Vec<_>>())
            .map(|inner| JsEngine { inner })
            .map_err(to_js_error)
    }

    /// Adds another rule-set version (text or parts). On error the engine is unchanged.
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | string[]")] rules: JsValue,
    ) -> Result<(), JsValue> {
        let parts = texts(&rules)?;
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
        let ticket = from_js_ticket(&ticket)?;
        let result = self
            .inner
            .classify_with(&ticket, options_from(options)?)
            .map_err(to_js_error)?;
        if trace_has_keys(result.trace.as_ref()) {
            return to_js_json(&result);
        }
        to_js(&result)
    }

    /// Every SLA target of the ticket's priority at `now` (RFC 3339).
    #[wasm_bindgen(unchecked_return_type = "Deadlines")]
    pub fn deadlines(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket")] ticket: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ticket = from_js_ticket(&ticket)?;
        let now = text_arg(&now, "/now")?;
        let result = self.inner.deadlines(&ticket, &now).map_err(to_js_error)?;
        to_js(&result)
    }

    /// The instant `duration` (e.g. "2h") of working time on `calendar` after `from`.
    #[wasm_bindgen(js_name = addWorkingTime)]
    pub fn add_working_time(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] calendar: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] duration: JsValue,
    ) -> Result<String, JsValue> {
        let (calendar, from) = (text_arg(&calendar, "/calendar")?, text_arg(&from, "/from")?);
        let duration = text_arg(&duration, "/duration")?;
        self.inner
            .add_working_time(&calendar, &from, &duration)
            .map_err(to_js_error)
    }

    /// Working seconds on `calendar` between two instants.
    #[wasm_bindgen(js_name = workingTimeBetween)]
    pub fn working_time_between(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] calendar: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
    ) -> Result<f64, JsValue> {
        let (calendar, from) = (text_arg(&calendar, "/calendar")?, text_arg(&from, "/from")?);
        let to = text_arg(&to, "/to")?;
        // Seconds within ±2^53 are exact as JS numbers; coverage limits keep them far smaller.
        self.inner
            .working_time_between(&calendar, &from, &to)
            .map(|s| s as f64)
            .map_err(to_js_error)
    }

    /// The close of the `n`th working day after the local date of `from`.
    #[wasm_bindgen(js_name = closeOfWorkingDay)]
    pub fn close_of_working_day(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] calendar: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> Result<String, JsValue> {
        let (calendar, from) = (text_arg(&calendar, "/calendar")?, text_arg(&from, "/from")?);
        // A JS number, whole and in range: never wrapped modulo 2^32 (-1 is not 4294967295).
        let n = n
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .map(|n| n as u32)
            .ok_or_else(|| {
                to_js_error(Error::new(
                    crate::ErrorCode::InvalidValue,
                    "/days",
                    "the number of working days is a whole number from 1 to 4294967295",
                ))
            })?;
        self.inner
            .close_of_working_day(&calendar, &from, n)
            .map_err(to_js_error)
    }

    /// Prices a work order (a ticket with `lines`) into an itemised receipt. `now` (RFC 3339)
    /// is the work's time when the order has neither `completed` nor `appointment`, and the
    /// instant the supervisor's review clock is read at.
    #[wasm_bindgen(unchecked_return_type = "Receipt")]
    pub fn quote(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Order")] order: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let order = from_js_ticket(&order)?;
        let now = text_arg(&now, "/now")?;
        let result = self.inner.quote(&order, &now).map_err(to_js_error)?;
        to_js(&result)
    }

    /// The price schedule of the rule set in effect at `at` (RFC 3339); null when it prices
    /// nothing.
    #[wasm_bindgen(js_name = priceSchedule, unchecked_return_type = "Schedule | null")]
    pub fn price_schedule(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        let at = text_arg(&at, "/at")?;
        let schedule = self.inner.price_schedule(&at).map_err(to_js_error)?;
        to_js_json(&schedule)
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
        let Some(inner) = run.inner.as_mut() else {
            return Err(finished());
        };
        if records.is_string() {
            let too_large = |size: usize| {
                to_js_error(Error::new(
                    crate::ErrorCode::TooLarge,
                    "",
                    format!(
                        "the NDJSON text is {size} bytes or more; one kpi call takes at most {} (stream larger batches with kpiRun)",
                        limits::MAX_BATCH_BYTES
                    ),
                ))
            };
            let units = js_length(&records);
            if units > limits::MAX_BATCH_BYTES {
                return Err(too_large(units));
            }
            let text = records.as_string().unwrap_or_default();
            if text.len() > limits::MAX_BATCH_BYTES {
                return Err(too_large(text.len()));
            }
            let count = text.lines().filter(|l| !l.trim().is_empty()).count();
            if count > limits::MAX_BATCH_RECORDS {
                return Err(to_js_error(input::too_many_records(String::new(), count)));
            }
            for line in text.lines() {
                inner.add_line(line);
            }
        } else if js_is_array(&records).unwrap_or(false) {
            let array =
                js_array_from(&records).map_err(|e| to_js_error(thrown(String::new(), &e)))?;
            let count = usize::try_from(array.length()).unwrap_or(usize::MAX);
            if count > limits::MAX_BATCH_RECORDS {
                return Err(to_js_error(input::too_many_records(String::new(), count)));
            }
            for record in array.iter() {
                match json_from_js(&record) {
                    Ok(value) => inner.add(&value),
                    Err(error) => inner.reject(error),
                }
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
        let bad = |e: &dyn std::fmt::Display| {
            to_js_error(Error::new(
                crate::ErrorCode::InvalidValue,
                "",
                format!("bad KPI options: {e}"),
            ))
        };
        let options = json_from_js(&options).map_err(|e| bad(&e))?;
        let options: crate::KpiOptions = serde_json::from_value(options).map_err(|e| bad(&e))?;
        let inner = self.inner.kpi(&options).map_err(to_js_error)?;
        Ok(JsKpiRun { inner: Some(inner) })
    }

    /// A ticket record's follow-ups at `now`: revisit and call-backs owed, with states.
    #[wasm_bindgen(js_name = followUps, unchecked_return_type = "FollowUps")]
    pub fn follow_ups(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketRecord")] record: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let record = from_js_ticket(&record)?;
        let now = text_arg(&now, "/now")?;
        to_js(&self.inner.follow_ups(&record, &now).map_err(to_js_error)?)
    }

    /// Runs a case file (JSON text): pass/fail with a diff per case, and coverage of the newest
    /// rule set's rows, SLA targets and schedule items.
    #[wasm_bindgen(js_name = runCases, unchecked_return_type = "CaseReport")]
    pub fn run_cases(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] cases: JsValue,
    ) -> Result<JsValue, JsValue> {
        if !cases.is_string() {
            return Err(wrong_type("", "a case file is given as JSON text", &cases));
        }
        // Refused before the text is copied into the module (UTF-8 is never shorter).
        let units = js_length(&cases);
        if units > limits::MAX_CASE_FILE_BYTES {
            return Err(to_js_error(input::too_large(
                input::Source::CaseFile,
                units,
            )));
        }
        let cases = cases.as_string().unwrap_or_default();
        to_js_json(&self.inner.run_cases(&cases).map_err(to_js_error)?)
    }

    /// Verifies the newest rule set: table gaps, overlaps, unreachable and subsumed rows with
    /// witness tickets and ready-made cases, and cross-section checks.
    #[wasm_bindgen(unchecked_return_type = "LintReport")]
    pub fn lint(&self) -> Result<JsValue, JsValue> {
        to_js_json(&self.inner.lint().map_err(to_js_error)?)
    }

    /// Which tickets change priority, a deadline or state, or fee total if `after` replaced
    /// this engine's rule sets; without tickets, both versions' witness tickets are compared.
    #[wasm_bindgen(unchecked_return_type = "DiffReport")]
    pub fn diff(
        &self,
        after: &JsEngine,
        #[wasm_bindgen(unchecked_param_type = "Ticket[] | null | undefined")] tickets: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsValue> {
        let now = text_arg(&now, "/now")?;
        let tickets: Option<Vec<serde_json::Value>> = if tickets.is_null() || tickets.is_undefined()
        {
            None
        } else {
            let array = js_is_array(&tickets)
                .unwrap_or(false)
                .then(|| js_array_from(&tickets).ok())
                .flatten()
                .ok_or_else(|| {
                    wrong_type("", "tickets are an array of plain JSON objects", &tickets)
                })?;
            let count = usize::try_from(array.length()).unwrap_or(usize::MAX);
            if count > limits::MAX_BATCH_RECORDS {
                return Err(to_js_error(input::too_many_records(String::new(), count)));
            }
            let mut all = Vec::with_capacity(count);
            for (index, ticket) in array.iter().enumerate() {
                all.push(json_from_js(&ticket).map_err(|e| {
                    to_js_error(Error::new(e.code, format!("/{index}{}", e.path), e.message))
                })?);
            }
            Some(all)
        };
        let report = self
            .inner
            .diff(&after.inner, tickets.as_deref(), &now)
            .map_err(to_js_error)?;
        to_js_json(&report)
    }

    /// Evaluates one of the rule set's named `tables`.
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn decide(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] table: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Ticket")] ticket: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let table = text_arg(&table, "/table")?;
        let ticket = from_js_ticket(&ticket)?;
        let result = self
            .inner
            .decide(&table, &ticket, options_from(options)?)
            .map_err(to_js_error)?;
        if trace_has_keys(result.trace.as_ref())
            || result.outputs.iter().any(|o| o.contains_key("__proto__"))
        {
            return to_js_json(&result);
        }
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
        match json_from_js(&record) {
            Ok(value) => run.add(&value),
            // Not plain JSON data (a function, NaN, a lone surrogate…): skipped like any bad record.
            Err(error) => run.reject(error),
        }
        Ok(())
    }

    /// Adds one NDJSON line; blank lines are not records.
    #[wasm_bindgen(js_name = addLine)]
    pub fn add_line(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] line: JsValue,
    ) -> Result<(), JsValue> {
        let run = self.running()?;
        if !line.is_string() {
            run.reject(Error::new(
                crate::ErrorCode::WrongType,
                "",
                format!("a line is text, got {}", js_type(&line)),
            ));
        } else if js_length(&line) > limits::MAX_RECORD_BYTES {
            // Refused before the text is copied into the module (UTF-8 is never shorter).
            run.reject(input::too_large(input::Source::Record, js_length(&line)));
        } else {
            run.add_line(&line.as_string().unwrap_or_default());
        }
        Ok(())
    }

    /// Adds a chunk of NDJSON bytes as a file or stream delivers it: the core cuts the lines (a
    /// chunk may end mid-line), so a batch crosses into the module once per chunk, and a skipped
    /// record's error carries its 1-based `line`.
    #[wasm_bindgen(js_name = addNdjson)]
    pub fn add_ndjson(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.running()?.add_ndjson(chunk);
        Ok(())
    }

    /// Judges every group and returns the report; the run cannot be used afterwards.
    #[wasm_bindgen(unchecked_return_type = "KpiReport")]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let run = self.inner.take().ok_or_else(finished)?;
        to_js_json(&run.finish().map_err(to_js_error)?)
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

#[wasm_bindgen]
extern "C" {
    // Reading a JS value may run JS — a getter, a proxy's trap — that throws. These are
    // imported with `catch`, so the exception becomes an error here instead of unwinding
    // through Rust frames (which would leave the engine borrowed and its memory leaked).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn js_is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn js_array_from(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn js_entries(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn js_prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
    /// A JS string primitive, for its methods.
    type JsText;
    /// `String.prototype.isWellFormed` (absent before ES2024: then an error, and the slow path).
    #[wasm_bindgen(catch, method, js_name = isWellFormed)]
    fn is_well_formed(this: &JsText) -> Result<bool, JsValue>;
}

/// The length of a JS string in UTF-16 units: a lower bound of its UTF-8 bytes, known before
/// the text is copied into the module.
fn js_length(text: &JsValue) -> usize {
    usize::try_from(text.unchecked_ref::<js_sys::JsString>().length()).unwrap_or(usize::MAX)
}

/// `typeof`, for messages.
fn js_type(value: &JsValue) -> String {
    if value.is_null() {
        return "null".to_owned();
    }
    value.js_typeof().as_string().unwrap_or_default()
}

fn wrong_type(path: &str, expected: &str, got: &JsValue) -> JsValue {
    to_js_error(Error::new(
        crate::ErrorCode::WrongType,
        path,
        format!("{expected}, got {}", js_type(got)),
    ))
}

/// A text argument (`now`, a calendar or table name, …): anything but a JS string is
/// `wrong_type` at `path`, never a trap in the glue code.
fn text_arg(value: &JsValue, path: &str) -> Result<String, JsValue> {
    if !value.is_string() {
        return Err(wrong_type(path, "expected text", value));
    }
    let units = js_length(value);
    if units > limits::MAX_TEXT_BYTES {
        return Err(to_js_error(input::text_too_long(path.to_owned(), units)));
    }
    Ok(value.as_string().unwrap_or_default())
}

/// Accepts one text or an array of texts, refusing an oversized rule set before copying it.
fn texts(value: &JsValue) -> Result<Vec<String>, JsValue> {
    let wrong = || {
        wrong_type(
            "",
            "a rule set is given as JSON text or an array of JSON texts",
            value,
        )
    };
    let parts: Vec<JsValue> = if value.is_string() {
        vec![value.clone()]
    } else if js_is_array(value).unwrap_or(false) {
        js_array_from(value).map_err(|_| wrong())?.iter().collect()
    } else {
        return Err(wrong());
    };
    if !parts.iter().all(JsValue::is_string) {
        return Err(wrong());
    }
    let units = parts.iter().map(js_length).fold(0, usize::saturating_add);
    if units > limits::MAX_RULE_SET_BYTES {
        return Err(to_js_error(Error::invalid_rule_set(vec![
            input::too_large(input::Source::RuleSet, units),
        ])));
    }
    parts
        .iter()
        .map(|part| {
            let text = part.as_string().unwrap_or_default();
            if text.contains('\u{fffd}') && !well_formed(part) {
                return Err(to_js_error(Error::invalid_rule_set(vec![Error::new(
                    crate::ErrorCode::JsonSyntax,
                    "",
                    "the text holds a lone UTF-16 surrogate: it is not valid Unicode",
                )])));
            }
            Ok(text)
        })
        .collect()
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
            let bad = |e: &dyn std::fmt::Display| {
                to_js_error(Error::new(
                    crate::ErrorCode::InvalidValue,
                    "",
                    format!("bad options: {e}"),
                ))
            };
            let options = json_from_js(&v).map_err(|e| bad(&e))?;
            serde_json::from_value(options).map_err(|e| bad(&e))?
        }
        _ => JsOptions::default(),
    };
    Ok(crate::Options {
        trace: parsed.trace,
    })
}

fn from_js_ticket(value: &JsValue) -> Result<serde_json::Value, JsValue> {
    json_from_js(value).map_err(to_js_error)
}

/// Whether a JS string is well-formed UTF-16 (no lone surrogate).
fn well_formed(text: &JsValue) -> bool {
    text.unchecked_ref::<JsText>()
        .is_well_formed()
        .unwrap_or_else(|_| text.unchecked_ref::<js_sys::JsString>().is_valid_utf16())
}

/// The error for a JS exception thrown while a value was read (a getter, a proxy trap).
fn thrown(path: String, exception: &JsValue) -> Error {
    let message = exception
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| exception.as_string())
        .unwrap_or_else(|| "an exception".to_owned());
    Error::new(
        crate::ErrorCode::InvalidTicket,
        path,
        format!("reading the value threw: {message}"),
    )
}

/// Reads a JS value as JSON data within the input limits of a ticket, order or record: plain
/// objects and arrays, text, finite numbers, booleans and null; `undefined` is null in an array
/// and absent in an object, as `JSON.stringify` has it. Anything else — NaN, ±Infinity, a
/// BigInt, a function, a symbol, a Date, Map or class instance, text with a lone UTF-16
/// surrogate, a getter that throws — is `invalid_ticket` at its pointer, never silently
/// changed; a cycle is nesting beyond the limit.
fn json_from_js(value: &JsValue) -> Result<serde_json::Value, Error> {
    JsReader {
        path: input::Path::default(),
        budget: limits::MAX_RECORD_BYTES,
    }
    .value(value, 0)
}

struct JsReader {
    path: input::Path,
    /// What is left of the byte limit, counted as text bytes plus one per value (a lower bound
    /// of the JSON text's size).
    budget: usize,
}

impl JsReader {
    fn not_json(&self, what: &str) -> Error {
        Error::new(
            crate::ErrorCode::InvalidTicket,
            self.path.pointer(),
            format!("{what} is not JSON data"),
        )
    }

    fn spend(&mut self, bytes: usize) -> Result<(), Error> {
        self.budget = self
            .budget
            .checked_sub(bytes)
            .ok_or_else(|| input::too_large(input::Source::Record, limits::MAX_RECORD_BYTES + 1))?;
        Ok(())
    }

    fn value(&mut self, value: &JsValue, depth: usize) -> Result<serde_json::Value, Error> {
        use serde_json::Value;
        self.spend(1)?;
        // The commonest first: each test is a call into JS.
        if value.is_string() {
            return self.text(value).map(Value::String);
        }
        if let Some(n) = value.as_f64() {
            return self.number(n);
        }
        if !value.is_object() {
            if let Some(b) = value.as_bool() {
                return Ok(Value::Bool(b));
            }
            if value.is_null() || value.is_undefined() {
                return Ok(Value::Null);
            }
            let what = if value.is_bigint() {
                "a BigInt"
            } else if value.is_function() {
                "a function"
            } else {
                "a symbol"
            };
            return Err(self.not_json(what));
        }
        let depth = depth + 1;
        if depth > limits::MAX_DEPTH {
            return Err(input::too_deep(self.path.pointer()));
        }
        if js_is_array(value).map_err(|e| thrown(self.path.pointer(), &e))? {
            let array = js_array_from(value).map_err(|e| thrown(self.path.pointer(), &e))?;
            let length = usize::try_from(array.length()).unwrap_or(usize::MAX);
            if length > limits::MAX_ITEMS {
                return Err(input::too_many_items(self.path.pointer(), length));
            }
            let mut items = Vec::with_capacity(length);
            for (index, item) in array.iter().enumerate() {
                self.path.push_index(index);
                items.push(self.value(&item, depth)?);
                self.path.pop();
            }
            return Ok(Value::Array(items));
        }
        let prototype = js_prototype_of(value).map_err(|e| thrown(self.path.pointer(), &e))?;
        // Object.prototype (of any realm) or none: a plain object. A Date or Map would
        // otherwise read as `{}`, and inherited fields would be invisible.
        let plain = prototype.is_null()
            || js_prototype_of(&prototype)
                .map_err(|e| thrown(self.path.pointer(), &e))?
                .is_null();
        if !plain {
            return Err(self.not_json(
                "an object that is not a plain object (a Date, a Map, a class instance…)",
            ));
        }
        // Own enumerable string keys, getters run once (as JSON.stringify reads them).
        let entries = js_entries(value).map_err(|e| thrown(self.path.pointer(), &e))?;
        let length = usize::try_from(entries.length()).unwrap_or(usize::MAX);
        if length > limits::MAX_ITEMS {
            return Err(input::too_many_items(self.path.pointer(), length));
        }
        let mut object = serde_json::Map::new();
        for entry in entries.iter() {
            let entry: js_sys::Array = entry.unchecked_into();
            let item = entry.get(1);
            if item.is_undefined() {
                continue;
            }
            let key = self.text(&entry.get(0))?;
            self.path.push_key(key);
            let item = self.value(&item, depth)?;
            let key = self.path.pop();
            object.insert(key, item);
        }
        Ok(Value::Object(object))
    }

    fn number(&self, n: f64) -> Result<serde_json::Value, Error> {
        /// 2^53 - 1: integers up to here are exact in a JS number.
        const SAFE: f64 = 9_007_199_254_740_991.0;
        if n.is_nan() {
            return Err(self.not_json("NaN"));
        }
        if n.is_infinite() {
            return Err(self.not_json(if n > 0.0 { "Infinity" } else { "-Infinity" }));
        }
        if n.fract() == 0.0 && n.abs() <= SAFE {
            return Ok(serde_json::Value::from(n as i64));
        }
        Ok(serde_json::Number::from_f64(n)
            .map_or(serde_json::Value::Null, serde_json::Value::Number))
    }

    /// A text value or key: within the text limit (checked before the copy), and valid Unicode
    /// (the copy turns a lone surrogate into U+FFFD, so only then is the original examined).
    fn text(&mut self, value: &JsValue) -> Result<String, Error> {
        let units = js_length(value);
        if units > limits::MAX_TEXT_BYTES {
            return Err(input::text_too_long(self.path.pointer(), units));
        }
        let text = value.as_string().unwrap_or_default();
        if text.len() > limits::MAX_TEXT_BYTES {
            return Err(input::text_too_long(self.path.pointer(), text.len()));
        }
        if text.contains('\u{fffd}') && !well_formed(value) {
            return Err(Error::new(
                crate::ErrorCode::InvalidTicket,
                self.path.pointer(),
                "the text holds a lone UTF-16 surrogate: it is not valid Unicode",
            ));
        }
        self.spend(text.len())?;
        Ok(text)
    }
}

/// A result with only the crate's own keys, built property by property (fastest for the small
/// per-ticket results). Keys are set by assignment, so never use it for keys that come from a
/// rule set or data: one named `__proto__` would replace the object's prototype, and be lost.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

/// A result whose keys come from a rule set or data (table outputs, KPI categories, targets,
/// witnesses, case expectations): JSON text and one `JSON.parse`, which makes every key an own
/// data property — `__proto__` included — and costs no more for these larger results.
fn to_js_json<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    js_sys::JSON::parse(&text)
}

/// Whether a why-not trace shows a ticket value with keys of its own (an object or array).
fn trace_has_keys(trace: Option<&Vec<crate::RowTrace>>) -> bool {
    trace.is_some_and(|rows| {
        rows.iter()
            .filter_map(|row| row.failed.as_ref())
            .any(|f| f.value.is_object() || f.value.is_array())
    })
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
