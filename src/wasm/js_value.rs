//! Reading JS values strictly as JSON data, within the input limits: the only way a ticket,
//! order or record crosses from JS into the core as a value.

use super::to_js_error;
use crate::error::Error;
use crate::{input, limits};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(raw_module = "./error.js")]
extern "C" {
    /// js/error.js: the JSON text of a value that is plain JSON data within about `limit` bytes,
    /// else undefined.
    #[wasm_bindgen(js_name = plainJson)]
    fn plain_json(value: &JsValue, limit: usize) -> Option<String>;
}

#[wasm_bindgen]
extern "C" {
    // Reading a JS value may run JS — a getter, a proxy's trap — that throws. These are
    // imported with `catch`, so the exception becomes an error here instead of unwinding
    // through Rust frames (which would leave the engine borrowed and its memory leaked).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub(super) fn js_is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    pub(super) fn js_array_from(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    pub(super) fn js_entries(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    pub(super) fn js_prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
    /// A JS string primitive, for its methods.
    pub(super) type JsText;
    /// `String.prototype.isWellFormed` (absent before ES2024: then an error, and the slow path).
    #[wasm_bindgen(catch, method, js_name = isWellFormed)]
    pub(super) fn is_well_formed(this: &JsText) -> Result<bool, JsValue>;
}

/// The length of a JS string in UTF-16 units: a lower bound of its UTF-8 bytes, known before
/// the text is copied into the module.
pub(super) fn js_length(text: &JsValue) -> usize {
    usize::try_from(text.unchecked_ref::<js_sys::JsString>().length()).unwrap_or(usize::MAX)
}

/// `typeof`, for messages.
pub(super) fn js_type(value: &JsValue) -> String {
    if value.is_null() {
        return "null".to_owned();
    }
    value.js_typeof().as_string().unwrap_or_default()
}

pub(super) fn wrong_type(path: &str, expected: &str, got: &JsValue) -> JsValue {
    to_js_error(Error::new(
        crate::ErrorCode::WrongType,
        path,
        format!("{expected}, got {}", js_type(got)),
    ))
}

/// Whether a JS string is well-formed UTF-16 (no lone surrogate).
pub(super) fn well_formed(text: &JsValue) -> bool {
    text.unchecked_ref::<JsText>()
        .is_well_formed()
        .unwrap_or_else(|_| text.unchecked_ref::<js_sys::JsString>().is_valid_utf16())
}

/// The error for a JS exception thrown while a value was read (a getter, a proxy trap).
pub(super) fn thrown(path: String, exception: &JsValue) -> Error {
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
pub(super) fn json_from_js(value: &JsValue) -> Result<serde_json::Value, Error> {
    // Plain data (nearly every ticket) crosses as JSON text: one call into JS instead of several
    // per property. Anything the quick way gives up or the parse refuses is read strictly, which
    // says exactly what is wrong and where.
    if let Some(parsed) = plain_json(value, limits::MAX_RECORD_BYTES)
        .and_then(|text| input::parse(&text, input::Source::Record).ok())
    {
        return Ok(parsed);
    }
    JsReader {
        path: input::Path::default(),
        budget: limits::MAX_RECORD_BYTES,
    }
    .value(value, 0)
}

pub(super) struct JsReader {
    path: input::Path,
    /// What is left of the byte limit, counted as text bytes plus one per value (a lower bound
    /// of the JSON text's size).
    budget: usize,
}

impl JsReader {
    pub(super) fn not_json(&self, what: &str) -> Error {
        Error::new(
            crate::ErrorCode::InvalidTicket,
            self.path.pointer(),
            format!("{what} is not JSON data"),
        )
    }

    pub(super) fn spend(&mut self, bytes: usize) -> Result<(), Error> {
        self.budget = self
            .budget
            .checked_sub(bytes)
            .ok_or_else(|| input::too_large(input::Source::Record, limits::MAX_RECORD_BYTES + 1))?;
        Ok(())
    }

    pub(super) fn value(
        &mut self,
        value: &JsValue,
        depth: usize,
    ) -> Result<serde_json::Value, Error> {
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

    pub(super) fn number(&self, n: f64) -> Result<serde_json::Value, Error> {
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
    pub(super) fn text(&mut self, value: &JsValue) -> Result<String, Error> {
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
