//! The TypeScript declarations of the package's values (results, options, tickets), appended to
//! the generated `slafee.d.ts`. Hand-kept beside the Rust types they describe; the Node suite
//! checks the public surface has no `any`.

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

/** A problem of a rule set, located by a JSON pointer. */
export interface ProblemRef { code: ErrorCode; path: string; message: string }

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

/** The latest `priority_changed` event at or before `now`, and how the clocks were re-timed. */
export type PriorityChangePolicy = "recompute_from_start" | "restart_at_change" | "carry_elapsed";
export interface PriorityChange { from: string; to: string; at: string; policy: PriorityChangePolicy }

/** Every SLA target of the ticket's priority at `now`. */
export interface Deadlines {
  rule_set: RuleSetRef;
  priority: string;
  now: string;
  priority_changed?: PriorityChange;
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

/**
 * Everything about a ticket at `now` (from `engine.evaluate`): its priority (as `classify`),
 * every SLA clock (as `deadlines`), its fee and its follow-ups.
 */
export interface Evaluation extends Omit<Classification, "trace"> {
  /** The instant the clocks were read at, in the rule set's zone. */
  now: string;
  /** The priority whose SLA targets apply: the classified one, or the latest `priority_changed` event. */
  sla_priority: string;
  priority_changed?: PriorityChange;
  targets: TargetClock[];
  /** The receipt (as `quote`) when the ticket is a work order with `lines`; absent otherwise. */
  fee?: Receipt;
  /** The follow-ups (as `followUps`) when the rule set in effect at `now` has a `kpi` section. */
  follow_ups?: FollowUps;
}

/** What a batch computes for each ticket: `evaluate` (default), or one specific call. */
export type BatchCall = "evaluate" | "classify";

/** Options of `evaluateBatch`, `evaluateNdjson` and `batch`. */
export interface BatchOptions {
  /** `"classify"` for priority only (fastest); default `"evaluate"`. */
  call?: BatchCall;
  /** `batch()` only: the 1-based line number of the first line fed (for a part of a larger input). */
  firstLine?: number;
}

/** A bad ticket's entry in a batch, in its place. */
export interface BatchError {
  /** 1-based input line (NDJSON input only). */
  line?: number;
  error: ProblemRef;
}

/** One entry of `evaluateBatch`: the call's result (with `line` for NDJSON input) or its error. */
export type BatchItem =
  | ((Evaluation | Classification) & { line?: number })
  | BatchError;

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
