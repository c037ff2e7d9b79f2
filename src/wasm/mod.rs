//! WebAssembly bindings: convert at the boundary, nothing else. Every rule lives in the core;
//! this module only turns JS values into Rust values and results/errors back into JS.

//!
//! `engine` (the `Engine` class), `kpi` (the `KpiRun` class), `js_value` (the strict JS-value
//! reader), `types` (the TypeScript declarations); shared conversions here.

mod engine;
mod js_value;
mod kpi;
mod types;

use crate::error::Error;
use crate::{input, limits};
use js_value::{js_array_from, js_is_array, js_length, json_from_js, well_formed, wrong_type};
use serde::Serialize;
use wasm_bindgen::prelude::*;

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

/// Per-call options.
#[derive(serde::Deserialize, Default, tsify::Tsify)]
#[serde(deny_unknown_fields)]
#[tsify(rename = "Options")]
struct JsOptions {
    /// Record every row tried and, for rows that did not match, the first failing cell.
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

/// Results cross as JSON text and one `JSON.parse`: much cheaper than building the object one
/// property at a time from wasm (every key and text a separate decoded string — 30 µs for a
/// classification), and every key becomes an own data property, `__proto__` included.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| internal(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}

#[wasm_bindgen(raw_module = "./error.js")]
extern "C" {
    /// The package's error class (js/error.js), so `e instanceof SlafeeError` holds for every
    /// error thrown.
    type SlafeeError;
    #[wasm_bindgen(constructor)]
    fn new(message: &str, code: &str, path: &str, problems: JsValue) -> SlafeeError;
}

/// Builds the thrown JS error: a `SlafeeError` (with a stack) carrying `code`, `path`, `problems`.
fn to_js_error(error: Error) -> JsValue {
    let problems = if error.problems.is_empty() {
        JsValue::UNDEFINED
    } else {
        to_js(&error.problems).unwrap_or(JsValue::UNDEFINED)
    };
    SlafeeError::new(&error.message, error.code.as_str(), &error.path, problems).into()
}

/// An error the core did not locate (a result that could not be converted): still a
/// `SlafeeError`, with code `invalid_value` at the whole input.
fn internal(message: &str) -> JsValue {
    to_js_error(Error::new(crate::ErrorCode::InvalidValue, "", message))
}
