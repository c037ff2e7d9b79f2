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
  | "invalid_value" | "duplicate_id" | "unknown_priority" | "unknown_input" | "malformed_cell"
  | "invalid_ticket" | "type_mismatch" | "no_match";

/** Every error slafee throws: an `Error` named "SlafeeError" with a code and a JSON pointer. */
export interface SlafeeError extends Error {
  name: "SlafeeError";
  code: ErrorCode;
  /** RFC 6901 pointer into the rule set (load errors) or the ticket (evaluation errors). */
  path: string;
  /** For `invalid_rule_set`: every problem found. */
  problems?: { code: ErrorCode; path: string; message: string }[];
}

/** A ticket: a JSON object; decision tables read its fields by dotted path. */
export interface Ticket {
  kind?: string;
  area?: string;
  system?: string;
  description?: string;
  [field: string]: unknown;
}

export interface Label { zh: string; en?: string }

export interface RuleSetRef { id: string; version: string }

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
}
"#;

/// A compiled rule set. Construction validates everything; calls are synchronous.
#[wasm_bindgen(js_name = Engine)]
pub struct JsEngine {
    inner: crate::Engine,
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Loads a rule set from its JSON text. Throws a `SlafeeError` listing every problem.
    #[wasm_bindgen(constructor)]
    pub fn new(rules: &str) -> Result<JsEngine, JsValue> {
        crate::Engine::from_json(rules)
            .map(|inner| JsEngine { inner })
            .map_err(to_js_error)
    }

    /// The id and version of the loaded rule set.
    #[wasm_bindgen(getter = ruleSet, unchecked_return_type = "RuleSetRef")]
    pub fn rule_set(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.rule_set())
    }

    /// Decides a ticket's priority. Throws a `SlafeeError` for a bad ticket.
    #[wasm_bindgen(unchecked_return_type = "Classification")]
    pub fn classify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket")] ticket: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ticket = from_js_ticket(ticket)?;
        let result = self.inner.classify(&ticket).map_err(to_js_error)?;
        to_js(&result)
    }
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
