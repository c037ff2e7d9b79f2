//! The TypeScript declarations of the package's values, in the generated `slafee.d.ts`.
//!
//! Every value with a Rust type — each result (`Classification`, `Evaluation`, `Deadlines`,
//! `Receipt`, `KpiReport`, `CaseReport`, `LintReport`, `DiffReport`, …), its parts, the error
//! shape (`ProblemRef`, `ErrorCode`) and the options (`Options`, `BatchOptions`, `KpiOptions`) —
//! is declared by `#[derive(tsify::Tsify)]` beside the type itself (wasm32 builds only), so the
//! declarations follow the serde attributes and carry the Rust doc comments as JSDoc. Only the
//! declarations are generated: values still cross the boundary as JSON text (see `to_js`).
//!
//! What remains here has no Rust type to derive from:
//! - the inputs `Ticket`, `TicketEvent`, `Order`, `OrderLine` and `TicketRecord`: the core reads
//!   them field by field from a `serde_json::Value` (any other field is data a decision table
//!   may test), never as one Rust struct;
//! - `BatchError` and `BatchItem`: a batch writes its entries as JSON text directly;
//! - `Evaluation`'s `trace?: never`: the evaluation flattens a `Classification` whose trace it
//!   never records, which serde cannot say and tsify therefore cannot either.
//!
//! The Node suite type-checks a consumer against the built package (`tests/node/types.test.mjs`)
//! and checks the public surface has no `any` (`tests/node/pack.test.mjs`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
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

export interface Evaluation {
  /** Never present: an evaluation does not record a trace (use `classify` with `{ trace: true }`). */
  trace?: never;
}

/** A bad ticket's entry in a batch, in its place. */
export interface BatchError {
  /** 1-based input line (NDJSON input only). */
  line?: number;
  error: ProblemRef;
}

/**
 * One entry of `evaluateBatch`: the result of the batch's `call` (`Evaluation` by default,
 * `Classification`, `Deadlines` or `Receipt`), with `line` for NDJSON input, or its error.
 */
export type BatchItem =
  | ((Evaluation | Classification | Deadlines | Receipt) & { line?: number })
  | BatchError;
"#;
